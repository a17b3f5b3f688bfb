from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from jianfu.core.audit import audit_record
from jianfu.core.models import AuditEvent, LoginFailure

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_succeeds_and_is_audited(client, users):
    response = client.post(reverse("core:login"), {"username": "alice_city", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="account.login", actor=users["city"]).exists()


def test_login_throttled_after_repeated_failures(client, users, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post(reverse("core:login"), {"username": "alice_city", "password": "wrong"})
        assert "用户名或密码错误" in response.content.decode()
    response = client.post(reverse("core:login"), {"username": "alice_city", "password": PASSWORD})
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    LoginFailure.objects.all().delete()
    assert (
        client.post(reverse("core:login"), {"username": "alice_city", "password": PASSWORD}).status_code
        == 302
    )


@pytest.mark.parametrize("weak", ["short1A!", "alllowercaseletters", "1234567890123", "Abcdefghijkl"])
def test_weak_passwords_refused_in_chinese(weak):
    with pytest.raises(ValidationError) as info:
        validate_password(weak)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in " ".join(info.value.messages))


def test_strong_password_accepted():
    validate_password("Qz7!recruit-Hohhot")


def test_session_times_out(settings):
    assert settings.SESSION_COOKIE_AGE <= 1800 and settings.SESSION_SAVE_EVERY_REQUEST


def test_audit_events_are_append_only(users):
    event = audit_record(
        actor=users["city"], action="test.act", target=users["city"], before={"a": 1}, after={"a": 2}
    )
    event.note = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_audit_page_filters(users, tree, client_for):
    audit_record(actor=users["city"], action="unit.split", target=tree["zhelimu"], note="拆分测试")
    audit_record(actor=users["city"], action="size_bounds.set", target_repr="规模标准")
    audit_record(actor=users["city"], action="unit.create", target=tree["jiankang"], note="赛罕区事件")
    page = client_for(users["auditor"]).get(reverse("core:audit"), {"action": "unit.split"})
    assert [e.action for e in page.context["page"]] == ["unit.split"]
    # A district office auditor-like view is scoped; the city auditor sees all three.
    page = client_for(users["auditor"]).get(reverse("core:audit"))
    assert len(page.context["page"]) == 3


def test_unbuilt_modules_say_so(users, client_for):
    response = client_for(users["city"]).get(reverse("core:coming_soon", args=["dispatch"]))
    assert response.status_code == 200
    assert "尚在建设中" in response.content.decode()
