from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from .services import login_failure_record, login_locked_until


def client_ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses a username that failed too often, before checking the password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账号已停用。",
        "locked": "登录失败次数过多，账号已暂时锁定，请于 %(until)s 后再试。",
    }

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        if username:
            until = login_locked_until(username=username)
            if until is not None:
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"until": timezone.localtime(until).strftime("%H:%M")},
                )
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                login_failure_record(username=username, ip_address=client_ip(self.request))
            raise


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False)
    action = forms.CharField(label="操作", required=False)
    actor = forms.CharField(label="操作人", required=False)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
