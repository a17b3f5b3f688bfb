from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import PlaceKind, Room, SignKind, SignStatus, SignTemplate

CAMERA = {"accept": "image/*", "capture": "environment"}


class SignForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SignKind.choices)
    text = forms.CharField(label="牌面文字", max_length=200)
    room = forms.ModelChoiceField(
        label="位置", queryset=Room.objects.none(), required=False, empty_label="室外"
    )
    standard_key = forms.ChoiceField(label="对应标准项", required=False)
    belongs_to = forms.CharField(label="所属主体或事项", max_length=120, required=False)
    admitted_item_ref = forms.CharField(label="准入事项编号（可选）", max_length=40, required=False)
    status = forms.ChoiceField(
        label="状态",
        choices=[(SignStatus.KEPT, "保留"), (SignStatus.TO_REMOVE, "待清理")],
        initial=SignStatus.KEPT,
    )
    photo = forms.FileField(
        label="照片（可直接拍照）", required=False, widget=forms.ClearableFileInput(attrs=CAMERA)
    )

    def __init__(self, *args, facility, template: SignTemplate | None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = facility.rooms.all()
        items = list(template.items.all()) if template else []
        self.fields["standard_key"].choices = [("", "非标准项")] + [
            (i.key, f"{i.get_kind_display()}：{i.name}") for i in items
        ]


class RemovalForm(forms.Form):
    removed_on = forms.DateField(
        label="清理日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    photo = forms.FileField(
        label="清理后照片（可直接拍照）", required=False, widget=forms.ClearableFileInput(attrs=CAMERA)
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("initial", {"removed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class RoomForm(forms.Form):
    name = forms.CharField(label="房间名称", max_length=60)


class FacilityForm(forms.Form):
    name = forms.CharField(label="阵地名称", max_length=120)
    address = forms.CharField(label="地址", max_length=200, required=False)


class FacilityFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    street = forms.IntegerField(required=False, widget=forms.HiddenInput)
    problems = forms.BooleanField(label="只看不达标", required=False)


class TemplateItemForm(forms.Form):
    key = forms.SlugField(label="代码", max_length=40)
    kind = forms.ChoiceField(label="类型", choices=[(SignKind.SIGN, "标牌"), (SignKind.MARK, "标识")])
    name = forms.CharField(label="标准名称", max_length=80)
    text_pattern = forms.CharField(label="标准文字（{name} 为社区或村名）", max_length=120, required=False)


TemplateItemFormSet = forms.formset_factory(TemplateItemForm, extra=1, can_delete=True)


class TemplateForm(forms.Form):
    applies_to = forms.ChoiceField(label="适用对象", choices=PlaceKind.choices, widget=forms.HiddenInput)
    name = forms.CharField(label="名称", max_length=60)
    effective_from = forms.DateField(
        label="生效日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    service_guide_required = forms.BooleanField(label="须在醒目位置设置服务指南", required=False)
    max_signs_per_room = forms.IntegerField(label="每个房间最多标牌数", min_value=1, max_value=10)
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PolicyForm(forms.Form):
    max_photo_kb = forms.IntegerField(label="照片大小上限（KB）", min_value=100, max_value=20 * 1024)
