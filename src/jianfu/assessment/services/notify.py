"""In-app notifications, written only once the surrounding transaction commits."""

from __future__ import annotations

from django.db import transaction

from jianfu.core.models import Department, User

from ..models import Notification


def notify(
    *,
    title: str,
    body: str = "",
    url: str = "",
    department: Department | None = None,
    user: User | None = None,
) -> None:
    if department is None and user is None:
        return

    def send() -> None:
        Notification.objects.create(
            department=department, user=user, title=title[:200], body=body, url=url[:200]
        )

    transaction.on_commit(send)
