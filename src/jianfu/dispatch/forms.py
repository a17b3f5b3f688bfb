from __future__ import annotations

from django import forms

from jianfu.core.models import Department
from jianfu.regions.models import Level, Unit

from .models import Category, TimeLimit, Urgency


class WhistleForm(forms.Form):
    title = forms.CharField(label="问题概述", max_length=120)
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 4}))
    category = forms.ChoiceField(label="问题类型", choices=Category.choices)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    place = forms.ModelChoiceField(
        label="问题所在地",
        queryset=Unit.objects.none(),
        error_messages={"invalid_choice": "所选地点不存在或已撤销。"},
    )
    address = forms.CharField(label="具体位置", max_length=200, required=False)
    departments = forms.ModelMultipleChoiceField(
        label="需要报到的部门",
        queryset=Department.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个需要报到的部门。"},
    )

    def __init__(self, *args, street: Unit, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Any current street or community is accepted here; the service says plainly when it is outside the street.
        self.fields["place"].queryset = Unit.objects.current().filter(
            level__in=[Level.STREET, Level.COMMUNITY]
        )
        own = Unit.objects.current().filter(
            code__startswith=street.prefix, level__in=[Level.STREET, Level.COMMUNITY]
        )
        self.fields["place"].widget.choices = [("", "—— 请选择 ——")] + [
            (u.pk, f"{u.name}（街道本级）" if u.level == Level.STREET else u.name)
            for u in own.order_by("code")
        ]


class ContactForm(forms.Form):
    note = forms.CharField(label="联系情况", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReportForm(forms.Form):
    result = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DeclineForm(forms.Form):
    responsible = forms.ModelChoiceField(
        label="责任单位", queryset=Department.objects.filter(is_active=True), required=False
    )
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label="评分", choices=[(i, f"{i} 分") for i in range(5, 0, -1)], coerce=int, required=False
    )
    comment = forms.CharField(label="评价意见", max_length=300, required=False)


class TimeLimitForm(forms.ModelForm):
    class Meta:
        model = TimeLimit
        fields = ["urgency", "sign_hours", "contact_hours", "report_working_days", "effective_from", "note"]
        widgets = {"effective_from": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}


class AuthorityForm(forms.Form):
    username = forms.CharField(label="街道用户的登录名", max_length=150)
    street = forms.ModelChoiceField(label="街道", queryset=Unit.objects.none())
    title = forms.CharField(label="职务", max_length=40, required=False)

    def __init__(self, *args, streets, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets


class FilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    status = forms.ChoiceField(label="状态", required=False)
    category = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *Category.choices])
    overdue = forms.BooleanField(label="只看超时", required=False)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        from .models import WhistleStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "全部状态"), *WhistleStatus.choices]
