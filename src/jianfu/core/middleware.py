from __future__ import annotations

from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login, except those marked login_not_required.

    The API answers for itself (401 JSON instead of a redirect to the login page).
    """

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
