"""Admission (准入): requests, the explained pre-check, review steps with time limits, the registry.

Configuration (time limits, when the city must review, pre-check thresholds, rule modes, the burden
warning) lives in rows edited by the city office, never in constants.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianfu.catalog.models import ListLevel
from jianfu.core.models import StatusEvent, TimeStampedModel


class PrecheckDecision(models.TextChoices):
    REFUSE_NEGATIVE = "refuse_negative", _("不予准入：属于不应承担的工作事项")
    REFUSE_CERTIFICATE = "refuse_certificate", _("不予准入：属于不应出具的证明事项")
    NOT_REQUIRED = "not_required", _("属于依法履职事项，无需准入")
    FAST_TRACK = "fast_track", _("属于协助政府工作事项，走快速通道")
    FULL_REVIEW = "full_review", _("未匹配到清单事项，进入完整审核")


DECISION_BY_LIST_TYPE = {
    "negative_work": PrecheckDecision.REFUSE_NEGATIVE,
    "negative_cert": PrecheckDecision.REFUSE_CERTIFICATE,
    "duty": PrecheckDecision.NOT_REQUIRED,
    "assist": PrecheckDecision.FAST_TRACK,
    "none": PrecheckDecision.FULL_REVIEW,
}


class RuleMode(models.TextChoices):
    ENFORCE = "enforce", _("执行")
    WARN = "warn", _("仅提示")
    DRY_RUN = "dry_run", _("试运行（仅记录）")


class PrecheckRule(models.Model):
    """How one pre-check outcome acts: enforce it, only warn, or just log it (dry run)."""

    decision = models.CharField(_("预审结论"), max_length=24, choices=PrecheckDecision.choices, unique=True)
    mode = models.CharField(_("模式"), max_length=10, choices=RuleMode.choices, default=RuleMode.ENFORCE)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("预审规则")
        verbose_name_plural = _("预审规则")
        ordering = ["decision"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}：{self.get_mode_display()}"


def _hours(default: str) -> models.DecimalField:
    return models.DecimalField(
        max_digits=6, decimal_places=1, default=Decimal(default), validators=[MinValueValidator(Decimal("0"))]
    )


class AdmissionSettings(models.Model):
    """Versioned configuration of the gate. The row in force is the latest effective one."""

    effective_from = models.DateField(_("生效日期"), default=dt.date(2024, 1, 1))
    district_review_days = models.PositiveSmallIntegerField(
        _("区县审核时限（工作日）"), default=15, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    city_review_days = models.PositiveSmallIntegerField(
        _("市级审核时限（工作日）"), default=15, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    fast_track_days = models.PositiveSmallIntegerField(
        _("快速通道每步时限（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    city_review_multi_district = models.BooleanField(_("跨区县须市级审核"), default=True)
    city_review_hours_above = models.DecimalField(
        _("每社区每月工时超过此数须市级审核"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("8.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    city_review_unfunded = models.BooleanField(_("未落实经费须市级审核"), default=True)
    burden_warning_hours = models.DecimalField(
        _("社区负担预警线（每月工时）"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("40.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_text_chars = models.PositiveIntegerField(
        _("申请文本长度上限（字）"),
        default=5000,
        validators=[MinValueValidator(100), MaxValueValidator(50000)],
    )
    match_min_score = models.FloatField(_("匹配最低得分"), default=6.0, validators=[MinValueValidator(0)])
    match_min_coverage = models.FloatField(
        _("匹配最低覆盖率"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    match_strong_score = models.FloatField(_("强匹配得分"), default=14.0, validators=[MinValueValidator(0)])
    match_restricted_margin = models.FloatField(
        _("负面/证明事项优先比例"),
        default=0.7,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("负面或证明事项得分达到最高分的这一比例即按拒绝处理"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("准入配置")
        verbose_name_plural = _("准入配置")
        ordering = ["-effective_from", "-id"]

    def __str__(self) -> str:
        return f"准入配置（{self.effective_from} 起）"


class RequestStatus(models.TextChoices):
    DISTRICT_REVIEW = "district_review", _("区县审核中")
    CITY_REVIEW = "city_review", _("市级审核中")
    RETURNED = "returned", _("退回修改")
    ADMITTED = "admitted", _("已准入")
    REFUSED = "refused", _("不予准入")
    PRECHECK_REFUSED = "precheck_refused", _("预审不予准入")
    NOT_REQUIRED = "not_required", _("无需准入")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES = (RequestStatus.DISTRICT_REVIEW, RequestStatus.CITY_REVIEW, RequestStatus.RETURNED)
REVIEW_STATUSES = (RequestStatus.DISTRICT_REVIEW, RequestStatus.CITY_REVIEW)


class AdmissionRequest(TimeStampedModel):
    number = models.CharField(_("申请编号"), max_length=20, unique=True)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("申请部门"),
        on_delete=models.PROTECT,
        related_name="admission_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(
        _("对象层级"), max_length=12, choices=ListLevel.choices, default=ListLevel.COMMUNITY
    )
    title = models.CharField(_("事项名称"), max_length=200)
    tasks = models.TextField(_("需要社区做什么"))
    target_units = models.ManyToManyField(
        "regions.Unit", verbose_name=_("实施范围"), related_name="+", help_text=_("所选单元及其全部下级")
    )
    target_communities = models.ManyToManyField(
        "regions.Unit", verbose_name=_("涉及社区（村）"), related_name="admission_requests", blank=True
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    hours_per_month = models.DecimalField(
        _("每社区每月预计工时"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    funding_attached = models.BooleanField(_("经费随事转"), default=False)
    funding_note = models.CharField(_("经费说明"), max_length=200, blank=True)
    legal_basis = models.TextField(_("法律政策依据"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=RequestStatus.choices, db_index=True)
    fast_track = models.BooleanField(_("快速通道"), default=False)
    city_review_required = models.BooleanField(_("须市级审核"), default=False)
    city_review_reasons = models.CharField(_("市级审核原因"), max_length=300, blank=True)
    step_started_at = models.DateTimeField(_("本环节开始"), null=True, blank=True)
    step_deadline = models.DateTimeField(_("本环节时限"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    content_hash = models.CharField(_("内容指纹"), max_length=64, db_index=True)
    precheck = models.ForeignKey(
        "PrecheckLog",
        verbose_name=_("最近预审"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("准入申请")
        verbose_name_plural = _("准入申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="request_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in REVIEW_STATUSES
            and self.step_deadline is not None
            and timezone.now() > self.step_deadline
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DistrictDecision(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("同意")
    REFUSED = "refused", _("不同意")
    RETURNED = "returned", _("退回修改")


class DistrictReview(models.Model):
    """The district step: each district whose communities are in scope decides for its own area."""

    request = models.ForeignKey(AdmissionRequest, on_delete=models.CASCADE, related_name="district_reviews")
    district = models.ForeignKey(
        "regions.Unit", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        _("意见"), max_length=10, choices=DistrictDecision.choices, default=DistrictDecision.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("区县审核")
        verbose_name_plural = _("区县审核")
        ordering = ["district__code"]
        constraints = [models.UniqueConstraint(fields=["request", "district"], name="district_review_unique")]

    def __str__(self) -> str:
        return f"{self.request.number} {self.district}：{self.get_decision_display()}"


class RequestEvent(StatusEvent):
    """The request's timeline: every transition and every comment, in order."""

    request = models.ForeignKey(AdmissionRequest, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("申请记录")
        verbose_name_plural = _("申请记录")

    def __str__(self) -> str:
        return f"{self.request.number} {self.action}"


class RequestAttachment(models.Model):
    request = models.ForeignKey(AdmissionRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="admission/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请附件")
        verbose_name_plural = _("申请附件")

    def __str__(self) -> str:
        return self.original_name


class PrecheckSource(models.TextChoices):
    REQUEST = "request", _("准入申请")
    PREVIEW = "preview", _("申请前试算")
    COMMUNITY = "community", _("社区核验")
    API = "api", _("接口")
    CLI = "cli", _("命令行")


class PrecheckLog(models.Model):
    """Every pre-check: input, result, the list version it ran against, and how the rule acted."""

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("来源"), max_length=12, choices=PrecheckSource.choices)
    level = models.CharField(_("层级"), max_length=12, choices=ListLevel.choices)
    text = models.TextField(_("输入文本"))
    catalog_version = models.ForeignKey(
        "catalog.CatalogVersion",
        verbose_name=_("清单版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(_("预审结论"), max_length=24, choices=PrecheckDecision.choices, db_index=True)
    mode = models.CharField(_("规则模式"), max_length=10, choices=RuleMode.choices)
    enforced = models.BooleanField(_("已执行"), default=False)
    result = models.JSONField(_("匹配结果"), default=dict)
    elapsed_ms = models.FloatField(_("耗时（毫秒）"), default=0)
    request = models.ForeignKey(
        AdmissionRequest,
        verbose_name=_("申请"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prechecks",
    )

    class Meta:
        verbose_name = _("预审记录")
        verbose_name_plural = _("预审记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_decision_display()}"


class RegistryStatus(models.TextChoices):
    IN_FORCE = "in_force", _("有效")
    REVOKED = "revoked", _("已撤销")


class RegistryEntry(TimeStampedModel):
    """An admitted item (准入事项目录): in force from start to end date unless revoked."""

    number = models.CharField(_("目录编号"), max_length=20, unique=True)
    request = models.OneToOneField(
        AdmissionRequest, verbose_name=_("准入申请"), on_delete=models.PROTECT, related_name="registry_entry"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("对象层级"), max_length=12, choices=ListLevel.choices)
    title = models.CharField(_("事项名称"), max_length=200)
    tasks = models.TextField(_("工作内容"))
    communities = models.ManyToManyField(
        "regions.Unit", verbose_name=_("涉及社区（村）"), related_name="registry_entries"
    )
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("到期日期"))
    hours_per_month = models.DecimalField(_("每社区每月工时"), max_digits=6, decimal_places=1)
    funding_attached = models.BooleanField(_("经费随事转"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=RegistryStatus.choices, default=RegistryStatus.IN_FORCE
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.TextField(_("撤销原因"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("准入事项")
        verbose_name_plural = _("准入事项目录")
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def in_force_on(self, day: dt.date) -> bool:
        return self.status == RegistryStatus.IN_FORCE and self.valid_from <= day <= self.valid_to

    @property
    def state_label(self) -> str:
        if self.status == RegistryStatus.REVOKED:
            return "已撤销"
        today = timezone.localdate()
        if self.valid_to < today:
            return "已到期"
        if self.valid_from > today:
            return "未生效"
        return "有效"
