from __future__ import annotations

from django import forms
from django.utils import timezone

from jianfu.core.models import Department
from jianfu.regions.models import Unit

from .models import CertificateOutcome, Channel, ReportStatus, ViolationType


class ReportForm(forms.Form):
    # Required-ness is checked by the service, so every problem comes back at once in one message list.
    reporter_unit = forms.ModelChoiceField(label="报告单位", queryset=Unit.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label="派单部门", queryset=Department.objects.filter(is_active=True).order_by("code"), required=False
    )
    channel = forms.ChoiceField(
        label="派单渠道", choices=[("", "—— 请选择 ——"), *Channel.choices], required=False
    )
    occurred_on = forms.DateField(
        label="派单日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    content = forms.CharField(
        label="部门要求社区做什么（可粘贴通知原文）",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    withhold_identity = forms.BooleanField(
        label="对被报告部门隐去本单位名称（部门看不到是哪个社区报告的）", required=False
    )

    def __init__(self, *args, units=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["reporter_unit"].queryset = units if units is not None else Unit.objects.none()
        if units is not None and units.count() == 1:
            self.fields["reporter_unit"].initial = units.first()
        self.fields["occurred_on"].initial = timezone.localdate()


class ReportFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *ReportStatus.choices], required=False
    )
    department = forms.ModelChoiceField(
        label="部门", queryset=Department.objects.order_by("code"), required=False, empty_label="全部部门"
    )
    q = forms.CharField(label="搜索", required=False, max_length=100)


class ConfirmForm(forms.Form):
    violation_type = forms.ChoiceField(label="违规类型", choices=ViolationType.choices)
    note = forms.CharField(label="研判意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(label="合并到（直报）")
    note = forms.CharField(label="说明", required=False, max_length=2000)


class AppealForm(forms.Form):
    text = forms.CharField(
        label="申诉理由", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class AppealDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="处理结果", choices=[("reject", "申诉不成立，维持认定"), ("accept", "申诉成立，撤销认定")]
    )
    note = forms.CharField(
        label="处理意见", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class NoticeForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200, required=False)
    recipients = forms.CharField(label="主送机关", max_length=200, required=False)
    sequence = forms.IntegerField(label="发文顺序号", required=False)
    signed_on = forms.DateField(
        label="成文日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    body = forms.CharField(
        label="正文（每段一行）", required=False, widget=forms.Textarea(attrs={"rows": 18})
    )


class CertificateQueryForm(forms.Form):
    q = forms.CharField(label="要开的证明", max_length=200, required=False)


class CertificateLogForm(forms.Form):
    community = forms.ModelChoiceField(label="社区", queryset=Unit.objects.none(), required=False)
    outcome = forms.ChoiceField(label="结果", choices=CertificateOutcome.choices)
    certificate = forms.CharField(label="证明事项", max_length=200, required=False)
    item_code = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    requested_by = forms.CharField(label="要求方（如某银行、某单位）", max_length=100, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, units=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = units if units is not None else Unit.objects.none()
        if units is not None and units.count() == 1:
            self.fields["community"].initial = units.first()
