"""吹哨报到: a street leader blows a whistle, departments report (sign, contact, report) within time limits.

Deadlines are computed once when a department is assigned, from the time limits in force then, and
stored on the assignment: a later change of the limits does not move a running clock.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianfu.core.models import TimeStampedModel


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class Category(models.TextChoices):
    MARKET = "market", _("市场监管")
    ENVIRONMENT = "environment", _("环境卫生")
    BUILDING = "building", _("违法建设")
    SAFETY = "safety", _("安全隐患")
    MUNICIPAL = "municipal", _("市政设施")
    PROPERTY = "property", _("物业管理")
    DISPUTE = "dispute", _("矛盾纠纷")
    OTHER = "other", _("其他")


class WhistleAuthority(TimeStampedModel):
    """A street-office user allowed to blow the whistle for one street (only street leaders may)."""

    user = models.OneToOneField(
        "core.User", verbose_name=_("街道领导"), on_delete=models.CASCADE, related_name="whistle_authority"
    )
    street = models.ForeignKey(
        "regions.Unit", verbose_name=_("街道"), on_delete=models.PROTECT, related_name="whistle_authorities"
    )
    title = models.CharField(_("职务"), max_length=40, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    granted_by = models.ForeignKey(
        "core.User",
        verbose_name=_("授权人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("吹哨权限")
        verbose_name_plural = _("吹哨权限")
        ordering = ["street__code", "id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.street}"

    @property
    def code(self) -> str:
        return self.street.code


class TimeLimit(TimeStampedModel):
    """Limits for one urgency class; the latest version in force applies to new assignments."""

    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices)
    sign_hours = models.PositiveSmallIntegerField(_("签收时限（小时）"), default=1)
    contact_hours = models.PositiveSmallIntegerField(_("联系时限（小时）"), default=24)
    report_working_days = models.PositiveSmallIntegerField(_("反馈时限（工作日）"), default=5)
    effective_from = models.DateField(_("生效日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("设置人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("报到时限")
        verbose_name_plural = _("报到时限")
        ordering = ["urgency", "-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sign_hours__gte=1),
                name="time_limit_sign_positive",
                violation_error_message="签收时限至少 1 小时。",
            ),
            models.CheckConstraint(
                condition=Q(contact_hours__gte=models.F("sign_hours")),
                name="time_limit_contact_after_sign",
                violation_error_message="联系时限不能短于签收时限。",
            ),
            models.CheckConstraint(
                condition=Q(report_working_days__gte=1),
                name="time_limit_report_positive",
                violation_error_message="反馈时限至少 1 个工作日。",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_urgency_display()}：{self.sign_hours} 小时签收、{self.contact_hours} 小时联系、"
            f"{self.report_working_days} 个工作日反馈"
        )


class WhistleStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    REPORTED = "reported", _("待评价")
    CLOSED = "closed", _("已办结")


class Whistle(TimeStampedModel):
    number = models.CharField(_("编号"), max_length=20, unique=True)
    title = models.CharField(_("问题"), max_length=120)
    description = models.TextField(_("问题描述"))
    category = models.CharField(_("问题类型"), max_length=16, choices=Category.choices)
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    street = models.ForeignKey(
        "regions.Unit", verbose_name=_("吹哨街道"), on_delete=models.PROTECT, related_name="whistles"
    )
    place = models.ForeignKey(
        "regions.Unit",
        verbose_name=_("问题所在地"),
        on_delete=models.PROTECT,
        related_name="whistles_here",
        help_text=_("街道本身或其下属社区（村）"),
    )
    address = models.CharField(_("具体位置"), max_length=200, blank=True)
    whistled_by = models.ForeignKey(
        "core.User", verbose_name=_("吹哨人"), on_delete=models.PROTECT, related_name="whistles"
    )
    whistled_at = models.DateTimeField(_("吹哨时间"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=WhistleStatus.choices, default=WhistleStatus.OPEN
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("模拟数据"), default=False)

    class Meta:
        verbose_name = _("吹哨")
        verbose_name_plural = _("吹哨")
        ordering = ["-whistled_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def code(self) -> str:
        return self.place.code


class AssignmentStatus(models.TextChoices):
    WAITING = "waiting", _("待签收")
    SIGNED = "signed", _("已签收")
    CONTACTED = "contacted", _("已联系")
    REPORTED = "reported", _("已反馈")
    DECLINED = "declined", _("已退回（转办）")


# Stages in order; each has a deadline field and a done-at field.
STAGES = (
    ("sign", "signed_at", "sign_due"),
    ("contact", "contacted_at", "contact_due"),
    ("report", "reported_at", "report_due"),
)
STAGE_LABELS = {"sign": "签收", "contact": "联系", "report": "反馈"}


class Assignment(TimeStampedModel):
    """One department's report (报到) on one whistle."""

    whistle = models.ForeignKey(
        Whistle, verbose_name=_("吹哨"), on_delete=models.CASCADE, related_name="assignments"
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="dispatch_assignments",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.WAITING
    )
    assigned_at = models.DateTimeField(_("派单时间"), db_index=True)
    sign_due = models.DateTimeField(_("签收期限"))
    contact_due = models.DateTimeField(_("联系期限"))
    report_due = models.DateTimeField(_("反馈期限"))
    limit = models.ForeignKey(
        TimeLimit,
        verbose_name=_("适用时限"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        "core.User",
        verbose_name=_("签收人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contacted_at = models.DateTimeField(_("联系时间"), null=True, blank=True)
    contact_note = models.TextField(_("联系情况"), blank=True)
    reported_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    declined_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    decline_reason = models.TextField(_("退回理由"), blank=True)
    rerouted_to = models.ForeignKey(
        "self",
        verbose_name=_("转办至"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rerouted_from",
    )

    class Meta:
        verbose_name = _("部门报到")
        verbose_name_plural = _("部门报到")
        ordering = ["whistle", "assigned_at", "id"]
        indexes = [models.Index(fields=["department", "status"], name="assignment_dept_status_idx")]

    def __str__(self) -> str:
        return f"{self.whistle.number} → {self.department}"

    @property
    def code(self) -> str:
        return self.whistle.place.code

    @property
    def is_active(self) -> bool:
        return self.status != AssignmentStatus.DECLINED

    def overdue_stages(self, now: dt.datetime | None = None) -> list[str]:
        """Stages done late, or not done and past their deadline. A declined assignment stops its clock."""
        now = now or timezone.now()
        stop = self.declined_at
        late = []
        for stage, done_field, due_field in STAGES:
            done, due = getattr(self, done_field), getattr(self, due_field)
            if done is not None:
                if done > due:
                    late.append(stage)
            elif (stop or now) > due and not (stop and stage != "sign"):
                late.append(stage)
        return late

    @property
    def overdue_labels(self) -> list[str]:
        return [STAGE_LABELS[s] for s in self.overdue_stages()]


class RaterRole(models.TextChoices):
    STREET = "street", _("街道")
    COMMUNITY = "community", _("社区（村）")


class Rating(TimeStampedModel):
    """The street's or the community's score (1–5) for one department's response."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("部门报到"), on_delete=models.CASCADE, related_name="ratings"
    )
    rater_role = models.CharField(_("评价方"), max_length=10, choices=RaterRole.choices)
    rater = models.ForeignKey(
        "core.User", verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("评分"))
    comment = models.CharField(_("评价意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("报到评价")
        verbose_name_plural = _("报到评价")
        ordering = ["assignment", "rater_role"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "rater_role"], name="rating_one_per_side"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5),
                name="rating_score_1_to_5",
                violation_error_message="评分应为 1 到 5 分。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.get_rater_role_display()} {self.score} 分"
