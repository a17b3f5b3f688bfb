from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import AlternativeKind, CatalogItem, ListLevel


class VersionImportForm(forms.Form):
    file = forms.FileField(label="清单文件（.xlsx）")
    level = forms.ChoiceField(label="清单层级", choices=ListLevel.choices)
    name = forms.CharField(label="版本名称", max_length=100)
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )
    note = forms.CharField(label="说明", max_length=500, required=False)


class VersionCreateForm(forms.Form):
    name = forms.CharField(label="新版本名称", max_length=100)
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )


class PublishForm(forms.Form):
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))


class ItemForm(forms.ModelForm):
    alternative_kind = forms.ChoiceField(label="替代方式", choices=AlternativeKind.choices, required=False)

    class Meta:
        model = CatalogItem
        fields = [
            "list_type",
            "code",
            "name",
            "category",
            "description",
            "legal_basis",
            "responsible_department",
            "keywords",
            "funds_follow_task",
            "alternative_kind",
            "alternative_channel",
            "sort_order",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
        }
