"""The annual department assessment: the scheme (base score, deduction rules, indicators) and its results.

One scheme per year. While open, scores are computed live; publishing freezes them as result rows and
refuses any later change that would move them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.core.models import TimeStampedModel

from .reports import ViolationType

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def _score_field(label: str, default: str, **kw: object) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=7,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(ZERO)],
        **kw,  # type: ignore[arg-type]
    )


class SchemeStatus(models.TextChoices):
    OPEN = "open", _("考核中")
    PUBLISHED = "published", _("已发布")


class AssessmentScheme(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("考核年度"), unique=True)
    name = models.CharField(_("方案名称"), max_length=100)
    base_score = _score_field(_("基础分"), "100")
    deduction_cap = _score_field(_("扣分上限（每部门每年）"), "20", help_text=_("0 表示不设上限"))
    repeat_from = models.PositiveSmallIntegerField(
        _("第几次起加重"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_("同一部门本年度第 N 起及以后的违规按倍数加重扣分"),
    )
    repeat_multiplier = models.DecimalField(
        _("加重倍数"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.50"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("10"))],
    )
    appeal_working_days = models.PositiveSmallIntegerField(
        _("申诉期限（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.OPEN, db_index=True
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("演示内容"), default=False)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度 {self.name}"

    @property
    def is_published(self) -> bool:
        return self.status == SchemeStatus.PUBLISHED


class DeductionRule(models.Model):
    """Points per confirmed violation of one type; an optional cap for that type."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="rules")
    violation_type = models.CharField(_("违规类型"), max_length=16, choices=ViolationType.choices)
    points = models.DecimalField(
        _("每起扣分"), max_digits=5, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    type_cap = _score_field(_("该类型扣分上限"), "0", help_text=_("0 表示不设上限"))

    class Meta:
        verbose_name = _("扣分规则")
        verbose_name_plural = _("扣分规则")
        ordering = ["scheme", "violation_type"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "violation_type"], name="deduction_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_violation_type_display()}：{self.points} 分/起"


class Indicator(models.Model):
    """A weighted indicator; `source` names a provider (see assessment.indicators) or "manual"."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("编码"), max_length=20)
    name = models.CharField(_("指标名称"), max_length=100)
    weight = models.DecimalField(
        _("权重（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
    )
    source = models.CharField(_("数据来源"), max_length=40, default="manual")
    default_score = models.DecimalField(
        _("无数据时得分"),
        max_digits=5,
        decimal_places=2,
        default=HUNDRED,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
        help_text=_("数据来源对某部门没有数据时的得分（百分制）"),
    )
    description = models.CharField(_("说明"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scheme", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}%）"


class IndicatorScore(models.Model):
    """A score (0–100) entered by the office for a manual indicator."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores")
    department = models.ForeignKey("core.Department", on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(
        _("得分（百分制）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "department"], name="indicator_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.department}：{self.score}"


class AssessmentResult(models.Model):
    """A department's frozen result for a published year."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="results")
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, related_name="+")
    indicator_scores = models.JSONField(_("各指标得分"), default=dict)
    weighted_score = models.DecimalField(_("指标得分"), max_digits=7, decimal_places=2)
    violations = models.PositiveIntegerField(_("认定违规起数"), default=0)
    deductions = models.DecimalField(_("反向扣分"), max_digits=7, decimal_places=2)
    final_score = models.DecimalField(_("最终得分"), max_digits=7, decimal_places=2)
    rank = models.PositiveIntegerField(_("排名"))

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["scheme", "rank", "department__code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "department"], name="assessment_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.year} {self.department}：{self.final_score}"
