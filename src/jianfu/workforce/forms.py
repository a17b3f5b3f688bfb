from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms

from jianfu.core.models import User
from jianfu.core.scope import filter_in_scope
from jianfu.regions.models import Level, Unit

from .idnumber import id_validate
from .models import (
    AdjustmentRules,
    AssessmentResult,
    Certificate,
    Education,
    Post,
    PromotionKind,
    RecruitmentBatch,
    RecruitmentKind,
    Status,
    WorkerKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def scoped_units(user: User, levels: list[int]) -> forms.ModelChoiceField:
    qs = filter_in_scope(Unit.objects.current().filter(level__in=levels), user).select_related("parent")
    return forms.ModelChoiceField(
        queryset=qs.order_by("code"), label="所属社区/网格" if Level.GRID in levels else "范围"
    )


class UnitLabelMixin:
    def label_unit(self, field: str) -> None:
        self.fields[field].label_from_instance = lambda u: (
            f"{u.parent.name if u.parent else ''} {u.name}（{u.code}）"
        )  # type: ignore[attr-defined]


class WorkerForm(UnitLabelMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(
        label="身份证号", max_length=18, min_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    kind = forms.ChoiceField(label="人员类别", choices=WorkerKind.choices)
    education = forms.ChoiceField(label="学历", choices=Education.choices)
    certificate = forms.ChoiceField(label="社工职业资格", choices=Certificate.choices, required=False)
    certificate_date = forms.DateField(label="取得资格日期", required=False, widget=DATE)
    post = forms.ChoiceField(label="岗位", choices=Post.choices)
    grade = forms.IntegerField(label="等级", min_value=1, max_value=18)
    hire_date = forms.DateField(label="入职日期", widget=DATE)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    recruitment_batch = forms.ModelChoiceField(
        label="招聘批次", queryset=RecruitmentBatch.objects.all(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = scoped_units(user, [Level.COMMUNITY, Level.GRID])
        self.label_unit("unit")


class WorkerEditForm(UnitLabelMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    kind = forms.ChoiceField(label="人员类别", choices=WorkerKind.choices)
    education = forms.ChoiceField(label="学历", choices=Education.choices)
    certificate = forms.ChoiceField(label="社工职业资格", choices=Certificate.choices, required=False)
    certificate_date = forms.DateField(label="取得资格日期", required=False, widget=DATE)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = scoped_units(user, [Level.COMMUNITY, Level.GRID])
        self.label_unit("unit")


class RosterFilterForm(forms.Form):
    q = forms.CharField(label="姓名或身份证后四位", required=False)

    def clean_q(self) -> str:
        # The filter travels in the URL (access logs, history, Referer): a whole ID number must not.
        q = self.cleaned_data["q"].strip()
        if re.fullmatch(r"\d{17}[\dXx]", q.replace(" ", "")):
            raise forms.ValidationError("完整身份证号请用下方“按身份证号查找”，以免号码留在网址和日志中。")
        return q

    unit_code = forms.CharField(label="区划代码前缀", required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态"), *Status.choices], required=False)
    post = forms.ChoiceField(label="岗位", choices=[("", "全部岗位"), *Post.choices], required=False)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部类别"), *WorkerKind.choices], required=False)


class IdLookupForm(forms.Form):
    """A whole ID number, sent by POST so that it never appears in a URL."""

    id_number = forms.CharField(
        label="完整身份证号", max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def clean_id_number(self) -> str:
        return id_validate(self.cleaned_data["id_number"]).normalized


class ProposeForm(UnitLabelMixin, forms.Form):
    review_date = forms.DateField(label="核定基准日", widget=DATE)
    effective_on = forms.DateField(label="调整生效日期", widget=DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = scoped_units(user, [Level.STREET, Level.COMMUNITY])
        self.fields["unit"].label = "社区或街道"
        self.label_unit("unit")
        self.order_fields(["unit", "review_date", "effective_on"])


class DecisionForm(forms.Form):
    note = forms.CharField(label="审批意见", max_length=255, required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=Status.choices)
    on = forms.DateField(label="变更日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=255, required=False)


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1980, max_value=2100)
    result = forms.ChoiceField(label="考核结果", choices=AssessmentResult.choices)


class PromotionForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=PromotionKind.choices)
    on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=255, required=False)


class OrderForm(forms.Form):
    post = forms.ChoiceField(label="岗位", choices=Post.choices)
    grade = forms.IntegerField(label="新等级", min_value=1, max_value=18)
    effective_on = forms.DateField(label="生效日期", widget=DATE)
    reason = forms.CharField(label="理由", max_length=500)


class RulesForm(forms.ModelForm):
    class Meta:
        model = AdjustmentRules
        fields = [
            "effective_from",
            "years_per_grade",
            "college_years",
            "bachelor_years",
            "master_years",
            "doctorate_years",
            "assistant_bonus",
            "social_worker_bonus",
            "senior_bonus",
            "excellent_bonus",
            "fail_holds",
            "basic_holds",
            "note",
        ]
        widgets = {"effective_from": DATE}


class NormForm(forms.Form):
    effective_from = forms.DateField(label="生效日期", widget=DATE)
    tiers = forms.CharField(
        label="户数分档（每行“户数上限:人数”）",
        widget=forms.Textarea(attrs={"rows": 5}),
        initial="2000:3\n3000:4",
    )
    step_households = forms.IntegerField(label="超出最高档后每增加户数", min_value=1)
    step_workers = forms.IntegerField(label="每档增加人数", min_value=1)
    max_workers = forms.IntegerField(label="每社区最多人数", min_value=1)
    certified_only = forms.BooleanField(label="只计持证社工", required=False)
    ratio_target = forms.DecimalField(label="每万城镇常住人口目标数", min_value=Decimal("0.1"), max_digits=5)
    note = forms.CharField(label="说明", max_length=255, required=False)

    def clean_tiers(self) -> list[list[int]]:
        tiers = []
        for line in self.cleaned_data["tiers"].replace("：", ":").splitlines():
            if not line.strip():
                continue
            parts = line.split(":")
            if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
                raise forms.ValidationError(f"“{line.strip()}”格式应为“户数上限:人数”。")
            tiers.append([int(parts[0]), int(parts[1])])
        return tiers


class ScaleHeaderForm(forms.Form):
    effective_from = forms.DateField(label="生效日期", widget=DATE)
    certificate_allowance_assistant = forms.DecimalField(
        label="助理社会工作师津贴", min_value=0, max_digits=8
    )
    certificate_allowance_social_worker = forms.DecimalField(
        label="社会工作师津贴", min_value=0, max_digits=8
    )
    certificate_allowance_senior = forms.DecimalField(label="高级社会工作师津贴", min_value=0, max_digits=8)
    housing_fund_rate = forms.DecimalField(
        label="公积金缴存比例（0.05–0.12）", max_digits=4, decimal_places=3
    )
    housing_fund_base_min = forms.DecimalField(label="缴存基数下限", max_digits=9)
    housing_fund_base_max = forms.DecimalField(label="缴存基数上限", max_digits=9)
    note = forms.CharField(label="说明", max_length=255, required=False)


class HousingRunForm(forms.Form):
    month = forms.DateField(label="核算月份（任一日）", widget=DATE, initial=dt.date.today)


class RecruitmentBatchForm(forms.Form):
    name = forms.CharField(label="批次名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label="招聘类型", choices=RecruitmentKind.choices)
    planned = forms.IntegerField(label="计划人数", min_value=0)
    note = forms.CharField(label="说明", max_length=255, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="花名册 Excel（.xlsx）")
