"""Certificates a community may issue, and the community's log of refusals and issued certificates.

The catalog holds the list communities must NOT issue (negative_cert); the list they may issue is kept
here, because it is guidance for the checker rather than a versioned list of work.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianfu.core.models import TimeStampedModel


class AllowedCertificate(TimeStampedModel):
    code = models.CharField(_("编码"), max_length=20, unique=True)
    name = models.CharField(_("证明名称"), max_length=100)
    keywords = models.CharField(_("关键词/别称"), max_length=300, blank=True)
    legal_basis = models.TextField(_("依据"), blank=True)
    conditions = models.TextField(_("出具条件与材料"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("可出具的证明事项")
        verbose_name_plural = _("可出具的证明事项")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class CertificateOutcome(models.TextChoices):
    REFUSED = "refused", _("拒绝出具并告知替代渠道")
    ISSUED = "issued", _("已出具")


class CertificateLog(models.Model):
    community = models.ForeignKey(
        "regions.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="certificate_logs"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateField(_("日期"), default=timezone.localdate, db_index=True)
    outcome = models.CharField(_("结果"), max_length=8, choices=CertificateOutcome.choices)
    certificate = models.CharField(_("证明事项"), max_length=100)
    item_code = models.CharField(_("清单编码"), max_length=32, blank=True)
    requested_by = models.CharField(
        _("要求方"), max_length=100, blank=True, help_text=_("如：某银行、某单位")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    is_demo = models.BooleanField(_("模拟数据"), default=False)

    class Meta:
        verbose_name = _("证明出具登记")
        verbose_name_plural = _("证明出具登记")
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.recorded_on} {self.community} {self.get_outcome_display()} {self.certificate}"
