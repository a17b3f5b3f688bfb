"""Account services: login throttling."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .audit import audit_record
from .models import LoginFailure, User


def login_locked_until(*, username: str) -> dt.datetime | None:
    """When the username's lock ends, or None if it may try to log in now."""
    window_start = timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCK_SECONDS)
    recent = LoginFailure.objects.filter(username=username.lower(), occurred_at__gte=window_start)
    if recent.count() < settings.LOGIN_FAILURE_LIMIT:
        return None
    last = recent.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
    return last + dt.timedelta(seconds=settings.LOGIN_LOCK_SECONDS) if last else None


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], ip_address=ip_address or None)
    user = User.objects.filter(username__iexact=username).first()
    if user is not None and login_locked_until(username=username):
        audit_record(actor=None, action="account.locked", target=user, note="连续登录失败，账号暂时锁定")


def login_success_record(*, user: User, ip_address: str | None) -> None:
    LoginFailure.objects.filter(username=user.username.lower()).delete()
    audit_record(actor=user, action="account.login", target=user, note=ip_address or "")
