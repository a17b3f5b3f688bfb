"""Browser runs: a sign clean-up on a phone, and a whistle from creation to rating."""

from __future__ import annotations

from importlib import import_module

import pytest

from jianfu.dispatch.models import Whistle, WhistleAuthority
from jianfu.signage.models import Sign, SignStatus

from ..conftest import PASSWORD
from ..signage.conftest import facility, png_bytes  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def sign_template(transactional_db) -> None:
    """The "4+2" template comes from a data migration, which an earlier transactional test's flush removes."""
    from django.apps import apps

    import_module("jianfu.signage.migrations.0002_seed_template").seed(apps, None)


def logout(page) -> None:
    page.click("form[action$='/accounts/logout/'] button")
    page.wait_for_selector("input[name=username]")


def test_sign_clean_up_on_a_phone(page, login, users, facility):  # noqa: F811
    login("dave_community", PASSWORD)
    # The shared login helper waits for the user name, which the phone layout hides: shrink after login.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/signage/")
    assert page.locator("[data-testid=removed-signs]").first.inner_text() == "0"
    page.click(f"text={facility.name}")
    assert page.locator("[data-testid=extra-count]").inner_text() == "1"
    assert page.locator("[data-testid=compliance-badge]").inner_text() == "不达标"
    # The page fits the phone: nothing wider than the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    extra = Sign.objects.get(text="公主府社区老年人协会")
    page.click(f"[data-testid=remove-{extra.pk}]")
    camera = page.locator("input[type=file][name=photo]")
    assert camera.get_attribute("capture") == "environment" and camera.get_attribute("accept") == "image/*"
    # A file that is not an image is refused in Chinese and nothing changes.
    camera.set_input_files({"name": "fake.jpg", "mimeType": "image/jpeg", "buffer": b"not an image"})
    with page.expect_navigation():
        page.click("[data-testid=removal-form] button[type=submit]")
    assert "只接受 JPG 或 PNG" in page.locator("[role=alert]").inner_text()
    page.locator("input[type=file][name=photo]").set_input_files(
        {"name": "after.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    with page.expect_navigation():
        page.click("[data-testid=removal-form] button[type=submit]")
    page.wait_for_selector("[data-testid=compliance]")
    assert page.locator("[data-testid=extra-count]").inner_text() == "0"
    assert page.locator("[data-testid=removed-signs]").inner_text() == "1"
    assert (
        page.locator(f"[data-testid=sign-{extra.pk}] [data-testid=sign-status]")
        .inner_text()
        .startswith("已清理")
    )
    extra.refresh_from_db()
    assert extra.status == SignStatus.REMOVED and extra.removal_photo
    page.goto(page.base_url + "/signage/")
    assert page.locator("[data-testid=removed-signs]").first.inner_text() == "1"


def test_whistle_from_creation_to_rating(page, login, users, tree, department):
    WhistleAuthority.objects.create(user=users["street"], street=tree["hailaer"])
    login("carol_street", PASSWORD)
    page.click("nav.sidebar a[data-module=dispatch]")
    page.click("[data-testid=blow]")
    page.fill("input[name=title]", "菜市场门口占道经营")
    page.fill("textarea[name=description]", "早市摊贩占用消防通道，社区劝导无效")
    page.select_option("select[name=category]", "market")
    page.select_option("select[name=urgency]", "urgent")
    page.select_option("select[name=place]", str(tree["gongzhufu"].pk))
    page.check(f"input[name=departments][value='{department.pk}']")
    page.click("[data-testid=whistle-form] button[type=submit]")
    page.wait_for_selector("[data-testid=whistle-status]")
    assert page.locator("[data-testid=whistle-status]").inner_text() == "办理中"
    whistle = Whistle.objects.get()
    logout(page)

    login("erin_department", PASSWORD)
    page.goto(page.base_url + "/dispatch/")
    page.click(f"text={whistle.number}")
    box = page.locator("[data-testid=assignment-D04]")
    box.locator("[data-testid=sign]").click()
    box = page.locator("[data-testid=assignment-D04]")
    assert box.locator("[data-testid=assignment-status]").inner_text() == "已签收"
    box.locator("textarea[name=note]").fill("已电话联系街道张书记，约定明早到场")
    box.locator("[data-testid=contact]").click()
    page.locator("[data-testid=assignment-D04] textarea[name=result]").fill(
        "已联合执法清理摊点，设置临时疏导区"
    )
    page.locator("[data-testid=assignment-D04] [data-testid=report]").click()
    assert (
        page.locator("[data-testid=assignment-D04] [data-testid=assignment-status]").inner_text() == "已反馈"
    )
    assert page.locator("[data-testid=whistle-status]").inner_text() == "待评价"
    logout(page)

    login("carol_street", PASSWORD)
    page.goto(page.base_url + f"/dispatch/{whistle.pk}/")
    page.select_option("[data-testid=rate-form] select[name=score]", "5")
    page.fill("[data-testid=rate-form] input[name=comment]", "响应迅速")
    page.click("[data-testid=rate]")
    assert page.locator("[data-testid=rating-street]").inner_text() == "5 分"
    assert page.locator("[data-testid=whistle-status]").inner_text() == "已办结"
    page.goto(page.base_url + "/dispatch/dashboard/")
    page.wait_for_selector("[data-testid=department-chart][data-rendered='1']")
    assert "100.0%" in page.locator("[data-testid=department-scores]").inner_text()
