from __future__ import annotations

import re

from django import forms
from django.db.models import Q

from jianfu.catalog.models import ListLevel
from jianfu.regions.models import Level, Unit

from .models import AdmissionSettings, PrecheckDecision, RequestStatus, RuleMode


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{'　' if obj.level == Level.STREET else ''}{obj.name}"


class RequestForm(forms.Form):
    title = forms.CharField(label="事项名称", max_length=200)
    tasks = forms.CharField(
        label="需要社区做什么", widget=forms.Textarea(attrs={"rows": 6}), max_length=50000
    )
    level = forms.ChoiceField(label="对象层级", choices=ListLevel.choices, initial=ListLevel.COMMUNITY)
    target_units = UnitChoiceField(
        label="实施范围（区县或街道，可多选）",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    community_names = forms.CharField(
        label="或指定社区（村）：名称或代码，用顿号、逗号分隔", required=False, max_length=2000
    )
    start_date = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    hours_per_month = forms.DecimalField(label="每社区每月预计工时（小时）", max_digits=6, decimal_places=1)
    funding_attached = forms.BooleanField(label="经费随事转", required=False)
    funding_note = forms.CharField(label="经费说明", required=False, max_length=200)
    legal_basis = forms.CharField(
        label="法律政策依据", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["target_units"].queryset = (
            Unit.objects.current().filter(level__in=[Level.DISTRICT, Level.STREET]).order_by("code")
        )

    def clean(self) -> dict:
        data = super().clean()
        units = list(data.get("target_units") or [])
        names = [n for n in re.split(r"[、,，;；\s]+", data.get("community_names") or "") if n]
        if names:
            found = list(
                Unit.objects.current()
                .filter(level=Level.COMMUNITY)
                .filter(Q(name__in=names) | Q(code__in=names))
            )
            known = {u.name for u in found} | {u.code for u in found}
            missing = [n for n in names if n not in known]
            if missing:
                self.add_error("community_names", f"找不到这些社区（村）：{'、'.join(missing)}。")
            units += found
        data["units"] = units
        return data


class PrecheckForm(forms.Form):
    text = forms.CharField(label="工作内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=50000)
    level = forms.ChoiceField(label="层级", choices=ListLevel.choices, initial=ListLevel.COMMUNITY)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "同意"), ("refuse", "不同意"), ("return", "退回修改")])
    comment = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    comment = forms.CharField(label="留言", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RevokeForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *RequestStatus.choices], required=False
    )
    q = forms.CharField(label="搜索", required=False, max_length=50)
    mine = forms.BooleanField(label="待我审核", required=False)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = AdmissionSettings
        fields = [
            "effective_from",
            "district_review_days",
            "city_review_days",
            "fast_track_days",
            "city_review_multi_district",
            "city_review_hours_above",
            "city_review_unfunded",
            "burden_warning_hours",
            "max_text_chars",
            "match_min_score",
            "match_min_coverage",
            "match_strong_score",
            "match_restricted_margin",
            "note",
        ]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}


class RulesForm(forms.Form):
    def __init__(self, *args, modes: dict[str, str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for decision in PrecheckDecision:
            if decision == PrecheckDecision.FULL_REVIEW:
                continue
            self.fields[decision.value] = forms.ChoiceField(
                label=decision.label, choices=RuleMode.choices, initial=modes.get(decision.value)
            )
