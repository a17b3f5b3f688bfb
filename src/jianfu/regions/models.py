"""The division tree: one model for every unit, from province down to grid."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianfu.core.models import TimeStampedModel


class Level(models.IntegerChoices):
    PROVINCE = 0, _("省级")
    CITY = 1, _("市级")
    DISTRICT = 2, _("县级（区/县/旗）")
    STREET = 3, _("乡级（街道/镇/乡）")
    COMMUNITY = 4, _("村级（社区/村）")
    GRID = 5, _("网格")


# How many leading digits of the code identify a unit at each level (DESIGN.md numbering rules).
PREFIX_LENGTH = {
    Level.PROVINCE: 2,
    Level.CITY: 4,
    Level.DISTRICT: 6,
    Level.STREET: 9,
    Level.COMMUNITY: 12,
    Level.GRID: 15,
}


class Area(models.TextChoices):
    URBAN = "urban", _("城市")
    RURAL = "rural", _("农村")


class GridType(models.TextChoices):
    BASIC = "basic", _("基础网格")
    SCHOOL = "school", _("专属网格（学校）")
    HOSPITAL = "hospital", _("专属网格（医院）")
    PARK = "park", _("专属网格（园区）")
    MARKET = "market", _("专属网格（市场）")


class UnitQuerySet(models.QuerySet["Unit"]):
    def as_of(self, date: dt.date) -> UnitQuerySet:
        """Units in force on `date`: started on or before it, not yet ended (valid_to is exclusive)."""
        return self.filter(valid_from__lte=date).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=date))

    def current(self) -> UnitQuerySet:
        return self.filter(valid_to__isnull=True)

    def within(self, prefix: str) -> UnitQuerySet:
        return self.filter(code__startswith=prefix)


class Unit(TimeStampedModel):
    name = models.CharField(_("名称"), max_length=100, db_index=True)
    official_name = models.CharField(_("原始名称"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices, db_index=True)
    kind = models.CharField(
        _("类别"), max_length=20, blank=True, help_text=_("区、县、旗、街道、镇、乡、社区、村、网格")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("区划代码"), max_length=15, db_index=True)
    code_provisional = models.BooleanField(_("临时代码"), default=False)
    area = models.CharField(_("城乡属性"), max_length=8, choices=Area.choices, default=Area.URBAN)
    households = models.PositiveIntegerField(_("常住户数"), null=True, blank=True)
    population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)
    figures_synthetic = models.BooleanField(_("数据为模拟"), default=False)
    geometry = models.JSONField(_("边界（GeoJSON）"), null=True, blank=True)
    centroid_lng = models.FloatField(_("中心点经度"), null=True, blank=True)
    centroid_lat = models.FloatField(_("中心点纬度"), null=True, blank=True)
    grid_type = models.CharField(_("网格类型"), max_length=16, choices=GridType.choices, blank=True)
    valid_from = models.DateField(_("生效日期"), default=dt.date(2019, 1, 1), db_index=True)
    valid_to = models.DateField(_("失效日期"), null=True, blank=True, db_index=True)
    source = models.CharField(_("数据来源"), max_length=120, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("管理单元")
        verbose_name_plural = _("管理单元")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="unit_code_unique_while_current"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
            ),
        ]
        indexes = [
            models.Index(fields=["parent", "valid_to"], name="unit_parent_current_idx"),
            # Counts per level and kind, and community sizes, over the current tree: with the whole
            # country loaded (711k units) the dashboard reads this narrow index instead of the table.
            models.Index(
                fields=["level", "kind", "households", "population"],
                condition=Q(valid_to__isnull=True),
                name="unit_current_level_kind_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[Level(self.level)]]

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class LineageKind(models.TextChoices):
    SPLIT = "split", _("拆分")
    MERGE = "merge", _("撤并")
    RENAME = "rename", _("更名")
    REGROUP = "regroup", _("调整重组")
    CONTINUE = "continue", _("延续")


class Lineage(models.Model):
    """`successor` came from `predecessor` (split from, merged from, renamed from...)."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("原单元"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("新单元"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    kind = models.CharField(_("变更类型"), max_length=16, choices=LineageKind.choices)
    effective_on = models.DateField(_("生效日期"))
    households_moved = models.PositiveIntegerField(_("转移户数"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("沿革关系")
        verbose_name_plural = _("沿革关系")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor", "kind"], name="lineage_unique"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="lineage_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}（{self.get_kind_display()}）"


class SizeBounds(TimeStampedModel):
    """The community size rule, as versioned configuration (seed: 1,000–3,000; split >4,000; merge <1,000)."""

    floor = models.PositiveIntegerField(_("户数下限"), default=1000)
    ceiling = models.PositiveIntegerField(_("户数上限"), default=3000)
    split_above = models.PositiveIntegerField(_("超过此户数应拆分"), default=4000)
    merge_below = models.PositiveIntegerField(_("低于此户数应撤并"), default=1000)
    grid_floor = models.PositiveIntegerField(_("网格户数下限"), default=300)
    grid_ceiling = models.PositiveIntegerField(_("网格户数上限"), default=500)
    effective_from = models.DateField(_("生效日期"))
    note = models.CharField(_("说明"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("设置人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("社区规模标准")
        verbose_name_plural = _("社区规模标准")
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(floor__lt=models.F("ceiling")), name="bounds_floor_below_ceiling"
            ),
            models.CheckConstraint(
                condition=Q(grid_floor__lt=models.F("grid_ceiling")), name="bounds_grid_floor_below_ceiling"
            ),
        ]


class ReferenceDivision(models.Model):
    """A published division kept for comparison, e.g. Hohhot's current street list (现行街道)."""

    dataset = models.CharField(_("数据集"), max_length=60, db_index=True)
    code = models.CharField(_("区划代码"), max_length=15)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    parent_code = models.CharField(_("上级代码"), max_length=15, blank=True)
    parent_name = models.CharField(_("上级名称"), max_length=100, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("参考区划")
        verbose_name_plural = _("参考区划")
        ordering = ["dataset", "code"]
        constraints = [models.UniqueConstraint(fields=["dataset", "code"], name="reference_division_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"
