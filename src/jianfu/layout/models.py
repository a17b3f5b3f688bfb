"""Residential units, layout plans (布局优化方案) and grid-worker assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.core.models import TimeStampedModel


class ResidentialKind(models.TextChoices):
    COMPOUND = "compound", _("小区")
    BUILDING = "building", _("楼栋")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    PARK = "park", _("园区")
    MARKET = "market", _("市场")


# Kinds that get a dedicated grid of their own (GridType values of the same name).
DEDICATED_KINDS = {
    ResidentialKind.SCHOOL,
    ResidentialKind.HOSPITAL,
    ResidentialKind.PARK,
    ResidentialKind.MARKET,
}


class ResidentialUnit(TimeStampedModel):
    """A compound or building: the smallest piece the layout optimiser moves between communities."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(
        _("类型"), max_length=16, choices=ResidentialKind.choices, default=ResidentialKind.COMPOUND
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    households = models.PositiveIntegerField(_("户数"))
    population = models.PositiveIntegerField(_("人口"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    polygon = models.JSONField(_("轮廓（GeoJSON）"), null=True, blank=True)
    community = models.ForeignKey(
        "regions.Unit",
        verbose_name=_("所属社区"),
        on_delete=models.PROTECT,
        related_name="residential_units",
    )
    grid = models.ForeignKey(
        "regions.Unit",
        verbose_name=_("所属网格"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grid_residential_units",
    )
    synthetic = models.BooleanField(_("模拟数据"), default=False)
    source = models.CharField(_("数据来源"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("小区（楼栋）")
        verbose_name_plural = _("小区（楼栋）")
        ordering = ["community_id", "name"]
        indexes = [models.Index(fields=["community", "name"], name="resunit_community_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def has_location(self) -> bool:
        return self.lng is not None and self.lat is not None


class PlanMode(models.TextChoices):
    SEED = "seed", _("按拆并线调整（超线拆分、低线撤并，其余不动）")
    STRICT = "strict", _("严格达标（全部社区落入上下限）")


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("计算中")
    FAILED = "failed", _("计算失败")
    READY = "ready", _("待审批")
    APPROVED = "approved", _("已批准")
    APPLIED = "applied", _("已实施")


class LayoutPlan(TimeStampedModel):
    """One optimiser run over a scope, its proposed communities, edits, review and application.

    The assignment is a snapshot: `unit_ids[i]` goes to proposed region `assignment[i]`; it started in
    `old_community_ids[i]`. Applying checks that the residential units have not changed since.
    """

    title = models.CharField(_("方案名称"), max_length=120)
    scope = models.ForeignKey(
        "regions.Unit", verbose_name=_("范围"), on_delete=models.PROTECT, related_name="layout_plans"
    )
    mode = models.CharField(_("调整方式"), max_length=10, choices=PlanMode.choices, default=PlanMode.SEED)
    floor = models.PositiveIntegerField(_("户数下限"))
    ceiling = models.PositiveIntegerField(_("户数上限"))
    split_above = models.PositiveIntegerField(_("拆分线"))
    merge_below = models.PositiveIntegerField(_("撤并线"))
    allow_cross_streets = models.BooleanField(_("允许跨街道调整"), default=False)
    seed = models.PositiveIntegerField(_("随机种子"), default=0)
    max_edge_m = models.PositiveIntegerField(
        _("邻接距离上限（米）"), null=True, blank=True, help_text=_("留空则按小区点位间距自动确定")
    )
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    progress_note = models.CharField(_("进度说明"), max_length=120, blank=True)
    error = models.TextField(_("错误"), blank=True)
    job_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    unit_ids = models.JSONField(_("小区编号"), default=list)
    old_community_ids = models.JSONField(_("原社区编号"), default=list)
    assignment = models.JSONField(_("方案分配"), default=list)
    households_snapshot = models.JSONField(_("户数快照"), default=list)
    summary = models.JSONField(_("汇总"), default=dict)
    infeasible = models.JSONField(_("无法满足的约束"), default=list)
    violations = models.JSONField(_("违反规则"), default=list)
    edge_m = models.FloatField(_("实际邻接距离上限（米）"), null=True, blank=True)
    elapsed_seconds = models.FloatField(_("计算耗时（秒）"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    waiver_reason = models.TextField(_("带违规批准的理由"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("实施人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("实施时间"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    reassignment = models.JSONField(_("待重新分配"), default=dict)

    class Meta:
        verbose_name = _("布局优化方案")
        verbose_name_plural = _("布局优化方案")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.READY

    @property
    def is_running(self) -> bool:
        return self.status in (PlanStatus.QUEUED, PlanStatus.RUNNING)


class RegionStatus(models.TextChoices):
    UNCHANGED = "unchanged", _("不变")
    SPLIT = "split", _("拆分")
    MERGED = "merged", _("合并")
    REGROUPED = "regrouped", _("调整重组")
    NEW = "new", _("新增")


class PlanRegion(models.Model):
    """A proposed community of a plan."""

    plan = models.ForeignKey(
        LayoutPlan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="regions"
    )
    index = models.PositiveIntegerField(_("序号"))
    name = models.CharField(_("拟用名称"), max_length=100)
    street = models.ForeignKey(
        "regions.Unit", verbose_name=_("所属街道"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("变化"), max_length=10, choices=RegionStatus.choices)
    continues = models.ForeignKey(
        "regions.Unit",
        verbose_name=_("延续的原社区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    households = models.PositiveIntegerField(_("户数"), default=0)
    population = models.PositiveIntegerField(_("人口"), default=0)
    unit_count = models.PositiveIntegerField(_("小区数"), default=0)
    sources = models.JSONField(_("来源"), default=list, help_text=_("[[原社区编号, 户数], ...]"))
    created_unit = models.ForeignKey(
        "regions.Unit",
        verbose_name=_("实施后的社区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("方案社区")
        verbose_name_plural = _("方案社区")
        ordering = ["plan", "index"]
        constraints = [models.UniqueConstraint(fields=["plan", "index"], name="plan_region_index_unique")]

    def __str__(self) -> str:
        return self.name


class GridAssignment(TimeStampedModel):
    """One grid worker on one grid (一格一员).

    The workforce roster lives in another app; `worker_ref` carries its identifier so the two can be
    joined when both are in place. Until then the name and phone are kept here.
    """

    grid = models.ForeignKey(
        "regions.Unit", verbose_name=_("网格"), on_delete=models.PROTECT, related_name="grid_assignments"
    )
    worker_name = models.CharField(_("网格员姓名"), max_length=60)
    worker_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    worker_ref = models.CharField(_("人员编号"), max_length=40, blank=True, db_index=True)
    synthetic = models.BooleanField(_("模拟数据"), default=False)

    class Meta:
        verbose_name = _("网格员配置")
        verbose_name_plural = _("网格员配置")
        ordering = ["grid__code", "worker_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "worker_name", "worker_phone"], name="grid_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker_name} → {self.grid_id}"

    @property
    def worker_key(self) -> str:
        return self.worker_ref or f"{self.worker_name}/{self.worker_phone}"
