from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jianfu.core.models import AuditEvent
from jianfu.signage.models import Facility, Sign, SignStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_pages_render_with_camera_upload(client_for, users, facility):
    client = client_for(users["community"])
    home = client.get("/signage/")
    assert home.status_code == 200 and "公主府社区党群服务中心" in home.content.decode()
    page = client.get(f"/signage/facilities/{facility.pk}/").content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    assert 'data-testid="extra-count">1<' in page
    sign = Sign.objects.get(text="公主府社区老年人协会")
    assert 'capture="environment"' in client.get(f"/signage/signs/{sign.pk}/").content.decode()


def test_out_of_scope_facility_and_sign_are_404(client_for, users, tree):
    far = Facility.objects.create(unit=tree["jiankang"], name="健康社区党群服务中心")
    sign = Sign.objects.create(facility=far, kind="sign", text="健康社区老年人协会")
    for role in ("street", "community", "district"):
        client = client_for(users[role])
        assert client.get(f"/signage/facilities/{far.pk}/").status_code == 404
        assert client.get(f"/signage/signs/{sign.pk}/").status_code == 404
        assert client.post(f"/signage/signs/{sign.pk}/status/", {"status": "to_remove"}).status_code == 404
        assert client.get(f"/api/v1/signage/facilities/{far.pk}").status_code == 404
    assert client_for(users["city"]).get(f"/signage/facilities/{far.pk}/").status_code == 200
    assert client_for(users["department"]).get("/signage/").status_code == 403


def test_not_an_image_shows_chinese_error_and_changes_nothing(client_for, users, facility):
    sign = Sign.objects.get(text="公主府社区老年人协会")
    client = client_for(users["community"])
    fake = SimpleUploadedFile("photo.jpg", b"GIF89a fake", content_type="image/jpeg")
    response = client.post(
        f"/signage/signs/{sign.pk}/", {"removed_on": timezone.localdate().isoformat(), "photo": fake}
    )
    assert response.status_code == 200
    assert "不是有效的图片文件，只接受 JPG 或 PNG 格式的照片" in response.content.decode()
    sign.refresh_from_db()
    assert sign.status == SignStatus.TO_REMOVE
    assert not AuditEvent.objects.filter(action="sign.remove").exists()


def test_remove_through_the_page(client_for, users, facility, png, tmp_path):
    sign = Sign.objects.get(text="公主府社区老年人协会")
    client = client_for(users["street"])
    response = client.post(
        f"/signage/signs/{sign.pk}/", {"removed_on": timezone.localdate().isoformat(), "photo": png()}
    )
    assert response.status_code == 302
    sign.refresh_from_db()
    assert sign.status == SignStatus.REMOVED and sign.removal_photo
    assert (tmp_path / sign.removal_photo.name).read_bytes().startswith(b"\x89PNG")


def test_auditor_reads_but_cannot_write(client_for, users, facility):
    client = client_for(users["auditor"])
    assert client.get(f"/signage/facilities/{facility.pk}/").status_code == 200
    response = client.post(f"/signage/facilities/{facility.pk}/", {"form": "room", "name": "新房间"})
    assert response.status_code == 403
    assert not facility.rooms.filter(name="新房间").exists()


def test_register_a_sign_and_a_room(client_for, users, facility, png):
    client = client_for(users["community"])
    r = client.post(f"/signage/facilities/{facility.pk}/", {"form": "room", "name": "调解室"})
    assert r.status_code == 302 and facility.rooms.filter(name="调解室").exists()
    r = client.post(
        f"/signage/facilities/{facility.pk}/",
        {"form": "sign", "kind": "board", "text": "值班制度", "status": "kept", "photo": png()},
    )
    assert r.status_code == 302
    assert Sign.objects.get(text="值班制度").photo.name.endswith(".png")


def test_template_page_publishes_a_version(client_for, users):
    client = client_for(users["city"])
    page = client.get("/signage/template/").content.decode()
    assert "新时代文明实践站" in page and "村集体经济组织" in page
    data = {
        "applies_to": "village",
        "t-village-applies_to": "village",
        "t-village-name": "4+2",
        "t-village-effective_from": "2025-01-01",
        "t-village-service_guide_required": "on",
        "t-village-max_signs_per_room": "1",
        "t-village-items-TOTAL_FORMS": "1",
        "t-village-items-INITIAL_FORMS": "0",
        "t-village-items-0-key": "party",
        "t-village-items-0-kind": "sign",
        "t-village-items-0-name": "村党组织",
    }
    assert client.post("/signage/template/", data).status_code == 302
    assert client_for(users["district"]).post("/signage/template/", data).status_code == 403
