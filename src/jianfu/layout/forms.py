from __future__ import annotations

from django import forms

from .models import PlanMode


class PlanForm(forms.Form):
    scope = forms.TypedChoiceField(
        label="方案范围",
        coerce=int,
        error_messages={
            "invalid_choice": "您无权对该范围制定布局优化方案（只能选择本级管辖的市、区县或街道）。"
        },
    )
    title = forms.CharField(label="方案名称", max_length=120, required=False)
    mode = forms.ChoiceField(label="调整方式", choices=PlanMode.choices, initial=PlanMode.SEED)
    floor = forms.IntegerField(label="户数下限", min_value=1)
    ceiling = forms.IntegerField(label="户数上限", min_value=1)
    split_above = forms.IntegerField(label="超过此户数拆分", min_value=1)
    merge_below = forms.IntegerField(label="低于此户数撤并", min_value=1)
    allow_cross_streets = forms.BooleanField(label="允许跨街道调整", required=False)
    seed = forms.IntegerField(label="随机种子", min_value=0, initial=0)
    max_edge_m = forms.IntegerField(
        label="邻接距离上限（米）", min_value=1, required=False, help_text="留空则按小区点位间距自动确定"
    )

    def __init__(self, *args, scopes=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(u.id, f"{u.name}（{u.get_level_display()}）") for u in scopes]


class MoveForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    region = forms.IntegerField(label="移入方案社区")


class ApproveForm(forms.Form):
    waiver_reason = forms.CharField(
        label="带违规批准的理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ApplyForm(forms.Form):
    effective_on = forms.DateField(
        label="生效日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 或 CSV 文件")


class GridRedrawForm(forms.Form):
    floor = forms.IntegerField(label="网格户数下限", min_value=1)
    ceiling = forms.IntegerField(label="网格户数上限", min_value=1)
    target = forms.IntegerField(label="目标户数", min_value=1)
    effective_on = forms.DateField(
        label="生效日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class AssignForm(forms.Form):
    grid = forms.IntegerField(widget=forms.HiddenInput)
    worker_name = forms.CharField(label="网格员", max_length=60, required=False)
    worker_phone = forms.CharField(label="电话", max_length=20, required=False)
    worker_ref = forms.CharField(label="人员编号", max_length=40, required=False)
