"""Notices (通报): drafted from a closed year's confirmed violations, edited, issued, archived."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.core.models import TimeStampedModel


class NoticeSettings(models.Model):
    """Who issues notices and how their numbers read. The latest row is in force (edited in the admin)."""

    issuer_name = models.CharField(
        _("发文机关"), max_length=60, default="呼和浩特市基层减负工作领导小组办公室"
    )
    issuer_mark = models.CharField(
        _("发文机关标志"),
        max_length=60,
        default="呼和浩特市基层减负工作领导小组办公室文件",
        help_text=_("版头红色大字"),
    )
    number_prefix = models.CharField(_("发文机关代字"), max_length=20, default="呼减负办")
    recipients = models.CharField(
        _("主送机关"), max_length=200, default="各旗县区基层减负工作领导小组办公室，市直各部门"
    )
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通报设置")
        verbose_name_plural = _("通报设置")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.issuer_name


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")


class Notice(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("通报年度"), db_index=True)
    issuer_name = models.CharField(_("发文机关"), max_length=60)
    issuer_mark = models.CharField(_("发文机关标志"), max_length=60)
    number_prefix = models.CharField(_("发文机关代字"), max_length=20)
    number_year = models.PositiveSmallIntegerField(_("发文年份"))
    sequence = models.PositiveIntegerField(_("发文顺序号"))
    recipients = models.CharField(_("主送机关"), max_length=200)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), help_text=_("每段一行"))
    signed_on = models.DateField(_("成文日期"), default=dt.date.today)
    departments = models.ManyToManyField("core.Department", verbose_name=_("通报部门"), related_name="+")
    status = models.CharField(
        _("状态"), max_length=8, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT, db_index=True
    )
    document = models.FileField(_("印发文件"), upload_to="assessment/notices/", blank=True)
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("印发人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("演示内容"), default=False)

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-number_year", "-sequence", "-id"]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}"

    @property
    def document_number(self) -> str:
        return f"{self.number_prefix}〔{self.number_year}〕{self.sequence}号"

    @property
    def is_draft(self) -> bool:
        return self.status == NoticeStatus.DRAFT

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.splitlines() if p.strip()]
