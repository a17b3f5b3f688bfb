"""Item lists (事项清单): for communities and for villages, four lists each, versioned together.

A version (CatalogVersion) holds all four lists of one level. Drafts are edited freely; a published
version is frozen and in force from its effective date until the next published version starts.
Items keep their code across versions, which is what the diff matches on.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianfu.core.models import TimeStampedModel


class ListLevel(models.TextChoices):
    COMMUNITY = "community", _("社区")
    VILLAGE = "village", _("村")


class ListType(models.TextChoices):
    DUTY = "duty", _("依法履行职责事项")
    ASSIST = "assist", _("依法协助政府工作事项")
    NEGATIVE_WORK = "negative_work", _("不应承担的工作事项")
    NEGATIVE_CERT = "negative_cert", _("不应出具的证明事项")


# The lists of work a community or village actually carries; the reduction figure counts these.
CARRIED_LIST_TYPES = (ListType.DUTY, ListType.ASSIST)
# Full names as the published documents word them, per level.
LIST_TITLES = {
    (ListLevel.COMMUNITY, ListType.DUTY): "社区依法履行职责事项清单",
    (ListLevel.COMMUNITY, ListType.ASSIST): "社区依法协助政府工作事项清单",
    (ListLevel.COMMUNITY, ListType.NEGATIVE_WORK): "不应由社区承担的工作事项清单",
    (ListLevel.COMMUNITY, ListType.NEGATIVE_CERT): "不应由社区出具的证明事项清单",
    (ListLevel.VILLAGE, ListType.DUTY): "村级组织依法履行职责事项清单",
    (ListLevel.VILLAGE, ListType.ASSIST): "村级组织依法协助政府工作事项清单",
    (ListLevel.VILLAGE, ListType.NEGATIVE_WORK): "不应由村级组织承担的工作事项清单",
    (ListLevel.VILLAGE, ListType.NEGATIVE_CERT): "不应由村级组织出具的证明事项清单",
}


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class AlternativeKind(models.TextChoices):
    NONE = "", _("—")
    DEPARTMENT = "department", _("由掌握信息的部门核实或出具")
    COMMITMENT = "commitment", _("申请人书面告知承诺")
    BOTH = "both", _("部门核实或告知承诺")


class CatalogVersion(TimeStampedModel):
    level = models.CharField(_("清单层级"), max_length=12, choices=ListLevel.choices, db_index=True)
    name = models.CharField(_("版本名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    effective_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("下一版本生效之日"))
    document_number = models.CharField(_("发文字号"), max_length=80, blank=True)
    note = models.TextField(_("说明"), blank=True)
    is_demo = models.BooleanField(_("演示内容"), default=False)
    based_on = models.ForeignKey(
        "self", verbose_name=_("基于版本"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("清单版本")
        verbose_name_plural = _("清单版本")
        ordering = ["level", "-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=False, effective_to__gt=models.F("effective_from")),
                name="catalog_version_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(effective_from__isnull=False),
                name="catalog_published_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}清单 {self.name}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def in_force_on(self, day: dt.date) -> bool:
        return (
            self.is_published
            and self.effective_from is not None
            and self.effective_from <= day
            and (self.effective_to is None or day < self.effective_to)
        )


class CatalogItem(models.Model):
    version = models.ForeignKey(
        CatalogVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="items"
    )
    list_type = models.CharField(_("清单类型"), max_length=16, choices=ListType.choices, db_index=True)
    code = models.CharField(_("编码"), max_length=32)
    name = models.CharField(_("事项名称"), max_length=200)
    category = models.CharField(_("类别"), max_length=60, blank=True)
    description = models.TextField(_("事项说明"), blank=True)
    legal_basis = models.TextField(_("法律依据"), blank=True)
    responsible_department = models.CharField(_("责任部门"), max_length=200, blank=True)
    keywords = models.CharField(
        _("关键词/别称"), max_length=500, blank=True, help_text=_("用顿号、逗号或空格分隔；预审匹配时使用")
    )
    funds_follow_task = models.BooleanField(_("费随事转"), default=False)
    alternative_kind = models.CharField(
        _("替代方式"), max_length=12, choices=AlternativeKind.choices, blank=True, default=""
    )
    alternative_channel = models.CharField(
        _("替代渠道"), max_length=300, blank=True, help_text=_("证明事项：由哪个部门核实，或适用告知承诺")
    )
    sort_order = models.PositiveIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("清单事项")
        verbose_name_plural = _("清单事项")
        ordering = ["version", "list_type", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="catalog_item_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def keyword_list(self) -> list[str]:
        from .text import split_keywords

        return split_keywords(self.keywords)

    @property
    def list_title(self) -> str:
        return LIST_TITLES.get((self.version.level, self.list_type), self.get_list_type_display())
