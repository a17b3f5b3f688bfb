"""Accounts, departments, the append-only audit log and login throttling."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class StatusEvent(models.Model):
    """One step on a record's timeline: who moved it from which status to which, with a comment.

    Subclasses add the foreign key to the record they belong to.
    """

    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        "core.User",
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=40)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, blank=True)
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        abstract = True
        ordering = ["occurred_at", "id"]


class Role(models.TextChoices):
    CITY_OFFICE = "city_office", _("市级减负办")
    DISTRICT_OFFICE = "district_office", _("区县减负办")
    STREET_OFFICE = "street_office", _("街道办事处")
    COMMUNITY = "community", _("社区（村）")
    DEPARTMENT = "department", _("职能部门")
    AUDITOR = "auditor", _("审计员（只读）")
    ADMIN = "admin", _("系统管理员")


class Department(TimeStampedModel):
    """A functional department (职能部门). Departments are not part of the division tree."""

    name = models.CharField(_("部门名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    code = models.CharField(_("部门编码"), max_length=20, unique=True)
    level_unit = models.ForeignKey(
        "regions.Unit",
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("市级部门挂在市，区级部门挂在区县"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("职能部门")
        verbose_name_plural = _("职能部门")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.COMMUNITY)
    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), on_delete=models.PROTECT, null=True, blank=True
    )
    scope_units = models.ManyToManyField(
        "regions.Unit",
        verbose_name=_("管辖范围"),
        blank=True,
        related_name="scoped_users",
        help_text=_("用户可见的区划子树，每个单元连同其全部下级"),
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.AUDITOR


class AuditEvent(models.Model):
    """Append-only record of every change a service makes: who, when, what, before, after."""

    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=80, db_index=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("对象"), max_length=255, blank=True)
    scope_code = models.CharField(_("区划代码"), max_length=15, blank=True, db_index=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("审计事件只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计事件只能追加，不能删除")


class LoginFailure(models.Model):
    """One failed login; recent rows for a username lock it for a while."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")

    def __str__(self) -> str:
        return f"{self.username} @ {self.occurred_at}"


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日（休）")
    WORKDAY = "workday", _("调休上班日")


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a public holiday, or a weekend made a working day."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=CalendarDayKind.choices)
    name = models.CharField(_("名称"), max_length=40, blank=True)
    # Part of workdays' cache key: an edit in the admin changes neither the row count nor the ids.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, null=True)

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
