from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from .forms import AuditFilterForm, ThrottledAuthenticationForm, client_ip
from .models import Role
from .nav import module_by_key
from .scope import has_role
from .selectors import audit_events
from .services import login_success_record


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        login_success_record(user=form.get_user(), ip_address=client_ip(self.request))
        return response


def audit_list(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.AUDITOR, Role.CITY_OFFICE):
        raise PermissionDenied("只有审计员、市级减负办和系统管理员可以查看审计日志。")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events(user=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"form": form, "page": page})


def coming_soon(request: HttpRequest, key: str) -> HttpResponse:
    module = module_by_key(key)
    if module is None:
        raise Http404("没有这个模块")
    return render(request, "core/coming_soon.html", {"module": module})
