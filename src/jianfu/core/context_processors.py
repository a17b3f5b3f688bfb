from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .nav import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    path = request.path
    items = nav_for(user)
    active = max(
        (i for i in items if path.startswith(i["url"]) and i["url"] != "/"),
        key=lambda i: len(i["url"]),
        default=None,
    )
    for item in items:
        item["active"] = item is active or (active is None and item["url"] == path)
    return {"nav_items": items}
