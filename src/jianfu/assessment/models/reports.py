"""Direct reports (直报): work a department pushed on a community outside the admission gate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianfu.core.models import StatusEvent, TimeStampedModel


class Channel(models.TextChoices):
    DOCUMENT = "document", _("发文/通知")
    PHONE = "phone", _("电话")
    CHAT_GROUP = "chat_group", _("工作群")
    APP = "app", _("政务 APP/小程序")
    MEETING = "meeting", _("会议部署")
    OTHER = "other", _("其他")


class Suggestion(models.TextChoices):
    """What the automatic check suggests, before any person has looked at the report."""

    ADMITTED = "admitted", _("已准入，不属违规")
    DUTY = "duty", _("属社区依法履职事项")
    ASSIST = "assist", _("属协助事项（未见准入）")
    VIOLATION = "violation", _("疑似违规摊派")


class ViolationType(models.TextChoices):
    NEGATIVE_WORK = "negative_work", _("摊派负面清单事项")
    CERTIFICATE = "certificate", _("要求出具不应出具的证明")
    UNADMITTED = "unadmitted", _("未经准入摊派工作")
    FORMALISM = "formalism", _("形式主义增加基层负担")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待研判")
    CONFIRMED = "confirmed", _("已认定违规")
    APPEALED = "appealed", _("申诉中")
    DISMISSED = "dismissed", _("不予认定")
    MERGED = "merged", _("已合并")
    OVERTURNED = "overturned", _("申诉成立，撤销认定")


# A confirmed violation counts in the assessment while confirmed, and while its appeal is pending:
# the appeal suspends nothing, and an overturn removes it.
COUNTED_STATUSES = (ReportStatus.CONFIRMED, ReportStatus.APPEALED)


class DirectReport(TimeStampedModel):
    number = models.CharField(_("直报编号"), max_length=20, unique=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报告人"), on_delete=models.PROTECT, related_name="+"
    )
    reporter_unit = models.ForeignKey(
        "regions.Unit", verbose_name=_("报告单位"), on_delete=models.PROTECT, related_name="direct_reports"
    )
    withhold_identity = models.BooleanField(
        _("对被报告部门隐去报告单位"), default=False, help_text=_("部门的页面和接口不显示报告社区和报告人")
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("派单部门"), on_delete=models.PROTECT, related_name="direct_reports"
    )
    channel = models.CharField(_("派单渠道"), max_length=12, choices=Channel.choices)
    occurred_on = models.DateField(_("派单日期"))
    content = models.TextField(_("要求社区做什么"))
    year = models.PositiveSmallIntegerField(_("考核年度"), db_index=True, help_text=_("派单日期所在年度"))
    suggestion = models.CharField(_("系统建议"), max_length=12, choices=Suggestion.choices)
    suggested_type = models.CharField(
        _("建议违规类型"), max_length=16, choices=ViolationType.choices, blank=True
    )
    check_result = models.JSONField(_("比对结果"), default=dict)
    registry_entry = models.ForeignKey(
        "admission.RegistryEntry",
        verbose_name=_("匹配的准入事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED, db_index=True
    )
    violation_type = models.CharField(_("违规类型"), max_length=16, choices=ViolationType.choices, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("研判人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    triaged_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    triage_note = models.TextField(_("研判意见"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并至"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    appeal_deadline = models.DateTimeField(_("申诉截止"), null=True, blank=True)
    appeal_text = models.TextField(_("申诉理由"), blank=True)
    appealed_at = models.DateTimeField(_("申诉时间"), null=True, blank=True)
    appeal_decided_at = models.DateTimeField(_("申诉处理时间"), null=True, blank=True)
    appeal_decision_note = models.TextField(_("申诉处理意见"), blank=True)
    is_demo = models.BooleanField(_("模拟数据"), default=False)

    class Meta:
        verbose_name = _("直报")
        verbose_name_plural = _("直报")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["department", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.department}"

    @property
    def counts_as_violation(self) -> bool:
        return self.status in COUNTED_STATUSES

    @property
    def may_appeal_now(self) -> bool:
        return (
            self.status == ReportStatus.CONFIRMED
            and self.appealed_at is None
            and self.appeal_deadline is not None
            and timezone.now() <= self.appeal_deadline
        )


class ReportEvidence(models.Model):
    report = models.ForeignKey(DirectReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to="assessment/evidence/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("直报证据")
        verbose_name_plural = _("直报证据")

    def __str__(self) -> str:
        return self.original_name


class ReportEvent(StatusEvent):
    """The report's timeline. Who acted is kept; pages hide the reporter where identity is withheld."""

    report = models.ForeignKey(DirectReport, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("直报记录")
        verbose_name_plural = _("直报记录")

    def __str__(self) -> str:
        return f"{self.report.number} {self.action}"
