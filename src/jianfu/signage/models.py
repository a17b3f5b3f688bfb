"""The sign register (标牌标识台账): facilities, rooms, signs, and the "4+2" template they are checked against.

The template is configuration, versioned per kind of place (community or village). A register sign
that fulfils a standard item carries that item's stable `key`, so a new template version does not
break the links.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianfu.core.models import TimeStampedModel


class PlaceKind(models.TextChoices):
    COMMUNITY = "community", _("社区")
    VILLAGE = "village", _("村")


class SignKind(models.TextChoices):
    SIGN = "sign", _("标牌")
    MARK = "mark", _("标识")
    BOARD = "board", _("上墙制度牌")
    GUIDE = "guide", _("服务指南")


class SignPlace(models.TextChoices):
    OUTSIDE = "outside", _("室外")
    INSIDE = "inside", _("室内")


class SignStatus(models.TextChoices):
    KEPT = "kept", _("保留")
    TO_REMOVE = "to_remove", _("待清理")
    REMOVED = "removed", _("已清理")


# Kinds counted as "signs" in the clean-up figures; boards are counted separately (DOMAIN.md: 6,860 / 2,178).
SIGN_KINDS = (SignKind.SIGN, SignKind.MARK, SignKind.GUIDE)
HANGING = (SignStatus.KEPT, SignStatus.TO_REMOVE)


def place_kind_of(unit_kind: str) -> str:
    return PlaceKind.VILLAGE if unit_kind == "村" else PlaceKind.COMMUNITY


class SignTemplate(TimeStampedModel):
    """One version of the standard for one kind of place. The latest version in force applies."""

    applies_to = models.CharField(_("适用对象"), max_length=12, choices=PlaceKind.choices)
    name = models.CharField(_("名称"), max_length=60, default="4+2")
    effective_from = models.DateField(_("生效日期"))
    service_guide_required = models.BooleanField(_("须在醒目位置设置服务指南"), default=True)
    max_signs_per_room = models.PositiveSmallIntegerField(_("每个房间最多标牌数"), default=1)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("设置人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("标牌标准模板")
        verbose_name_plural = _("标牌标准模板")
        ordering = ["applies_to", "-effective_from", "-id"]

    def __str__(self) -> str:
        return f"{self.get_applies_to_display()}“{self.name}”（{self.effective_from} 起）"


class SignTemplateItem(models.Model):
    """A standard outside sign or mark the template requires."""

    template = models.ForeignKey(
        SignTemplate, verbose_name=_("模板"), on_delete=models.CASCADE, related_name="items"
    )
    key = models.SlugField(_("标准项代码"), max_length=40)
    kind = models.CharField(
        _("类型"), max_length=8, choices=[(SignKind.SIGN, _("标牌")), (SignKind.MARK, _("标识"))]
    )
    name = models.CharField(_("标准名称"), max_length=80)
    text_pattern = models.CharField(
        _("标准文字"), max_length=120, blank=True, help_text=_("{name} 替换为社区或村的名称")
    )
    sort = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("标准项")
        verbose_name_plural = _("标准项")
        ordering = ["template", "sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="sign_template_item_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"

    def text_for(self, place_name: str) -> str:
        return (self.text_pattern or self.name).replace("{name}", place_name)


class SignagePolicy(TimeStampedModel):
    """Upload limits for register photos; the latest row applies."""

    max_photo_kb = models.PositiveIntegerField(_("照片大小上限（KB）"), default=5 * 1024)
    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("设置人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("台账照片设置")
        verbose_name_plural = _("台账照片设置")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"照片上限 {self.max_photo_kb} KB"


class Facility(TimeStampedModel):
    """A service facility of a community or village, e.g. its party-and-people service centre."""

    unit = models.ForeignKey(
        "regions.Unit", verbose_name=_("所属社区（村）"), on_delete=models.PROTECT, related_name="facilities"
    )
    name = models.CharField(_("阵地名称"), max_length=120)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_synthetic = models.BooleanField(_("模拟数据"), default=False)

    class Meta:
        verbose_name = _("服务阵地")
        verbose_name_plural = _("服务阵地")
        ordering = ["unit__code", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        # Lets audit events carry the division code, so scoped audit views include them.
        return self.unit.code

    @property
    def place_kind(self) -> str:
        return place_kind_of(self.unit.kind)


class Room(models.Model):
    facility = models.ForeignKey(
        Facility, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("房间名称"), max_length=60)
    sort = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("功能室")
        verbose_name_plural = _("功能室")
        ordering = ["facility", "sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="room_name_unique_in_facility")
        ]

    def __str__(self) -> str:
        return self.name


def photo_path(instance: models.Model, filename: str) -> str:
    # A random name: the original file name may carry personal data and is not needed.
    suffix = PurePath(filename).suffix.lower()[:5] or ".jpg"
    return f"signage/{uuid.uuid4().hex}{suffix}"


class Sign(TimeStampedModel):
    """One sign, mark, wall board or service guide at a facility."""

    facility = models.ForeignKey(
        Facility, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="signs"
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("所在房间"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signs",
        help_text=_("留空表示室外"),
    )
    kind = models.CharField(_("类型"), max_length=8, choices=SignKind.choices)
    text = models.CharField(_("牌面文字"), max_length=200)
    standard_key = models.SlugField(_("对应标准项"), max_length=40, blank=True)
    belongs_to = models.CharField(_("所属主体或事项"), max_length=120, blank=True)
    admitted_item_ref = models.CharField(_("准入事项编号"), max_length=40, blank=True)
    photo = models.FileField(_("照片"), upload_to=photo_path, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=SignStatus.choices, default=SignStatus.KEPT)
    removed_on = models.DateField(_("清理日期"), null=True, blank=True)
    removal_photo = models.FileField(_("清理后照片"), upload_to=photo_path, blank=True)
    is_synthetic = models.BooleanField(_("模拟数据"), default=False)
    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("标牌标识")
        verbose_name_plural = _("标牌标识")
        ordering = ["facility", "room__sort", "id"]
        indexes = [models.Index(fields=["facility", "status"], name="sign_facility_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=SignStatus.REMOVED) | Q(removed_on__isnull=False),
                name="sign_removed_has_date",
                violation_error_message="已清理的标牌必须有清理日期。",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def code(self) -> str:
        return self.facility.unit.code

    @property
    def place_label(self) -> str:
        return self.room.name if self.room_id else "室外"

    @property
    def is_hanging(self) -> bool:
        return self.status in HANGING
