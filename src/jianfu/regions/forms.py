from __future__ import annotations

from django import forms

from .models import SizeBounds


class SizeBoundsForm(forms.ModelForm):
    class Meta:
        model = SizeBounds
        fields = [
            "floor",
            "ceiling",
            "split_above",
            "merge_below",
            "grid_floor",
            "grid_ceiling",
            "effective_from",
            "note",
        ]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}


class AsOfForm(forms.Form):
    on = forms.DateField(label="查看日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
