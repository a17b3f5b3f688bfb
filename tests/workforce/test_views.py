from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.workforce.models import AdjustmentBatch, BatchStatus, SalaryScale, Worker

pytestmark = pytest.mark.django_db

PAGES = [
    "home",
    "roster",
    "batches",
    "staffing",
    "recruitment",
    "housing",
    "scale",
    "rules",
    "worker_add",
    "import",
]


@pytest.mark.parametrize("name", PAGES)
def test_pages_render_for_the_street(client_for, users, make_worker, name):
    make_worker(name="周敏")
    response = client_for(users["street"]).get(reverse(f"workforce:{name}"))
    assert response.status_code == 200
    assert "社区工作者" in response.content.decode() or "花名册" in response.content.decode()


def test_department_is_refused(client_for, users, make_worker):
    make_worker()
    assert client_for(users["department"]).get(reverse("workforce:roster")).status_code == 403


def test_roster_is_scoped_and_masked(client_for, users, make_worker, tree):
    mine = make_worker(name="本社区人员")
    other = make_worker(name="别处人员", unit=tree["chezhan"])
    html = client_for(users["community"]).get(reverse("workforce:roster")).content.decode()
    assert "本社区人员" in html and "别处人员" not in html
    assert "********" + mine.id_last4 in html
    client = client_for(users["community"])
    assert client.get(reverse("workforce:worker", args=[other.id])).status_code == 404
    assert client.get(reverse("workforce:worker", args=[mine.id])).status_code == 200
    district = client_for(users["district"]).get(reverse("workforce:roster")).content.decode()
    assert "别处人员" in district


def test_search_by_name_last_four_and_whole_number(client_for, users, make_worker):
    from jianfu.workforce.idnumber import synthetic_id

    number = synthetic_id(area="150102", birth=dt.date(1991, 2, 3), sequence=77)
    make_worker(name="查找对象", id_number=number)
    make_worker(name="其他人")
    client = client_for(users["street"])
    for query in ("查找", number[-4:]):
        html = client.get(reverse("workforce:roster"), {"q": query}).content.decode()
        assert "查找对象" in html and "其他人" not in html, query
    # A whole number is looked up by POST (never in a URL), matched through its digest.
    html = client.post(reverse("workforce:roster"), {"id_number": number}).content.decode()
    assert "查找对象" in html and "其他人" not in html
    assert number not in html


def test_whole_id_number_is_refused_in_the_url_filter(client_for, users, make_worker):
    from jianfu.workforce.idnumber import synthetic_id

    number = synthetic_id(area="150102", birth=dt.date(1991, 2, 3), sequence=78)
    make_worker(name="查找对象", id_number=number)
    html = client_for(users["street"]).get(reverse("workforce:roster"), {"q": number}).content.decode()
    assert "完整身份证号请用下方“按身份证号查找”" in html


def test_id_lookup_bad_number_explains_in_chinese_and_finds_nothing(client_for, users, make_worker):
    make_worker(name="查找对象")
    html = (
        client_for(users["street"])
        .post(reverse("workforce:roster"), {"id_number": "15010219910203007"})
        .content.decode()
    )
    assert "身份证号应为 18 位" in html and "查找对象" not in html


def test_id_lookup_is_scoped(client_for, users, make_worker, tree):
    from jianfu.workforce.idnumber import synthetic_id

    number = synthetic_id(area="150102", birth=dt.date(1990, 5, 6), sequence=79)
    make_worker(name="别处查找对象", id_number=number, unit=tree["chezhan"])
    url = reverse("workforce:roster")
    html = client_for(users["community"]).post(url, {"id_number": number}).content.decode()
    assert "别处查找对象" not in html
    html = client_for(users["district"]).post(url, {"id_number": number}).content.decode()
    assert "别处查找对象" in html


def test_export_downloads_masked_workbook(client_for, users, make_worker):
    worker = make_worker(name="导出人员")
    response = client_for(users["street"]).get(reverse("workforce:roster"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "导出人员" and rows[1][1].endswith("********" + worker.id_last4)


def test_register_with_bad_id_shows_error_and_writes_nothing(client_for, users, tree, scale):
    response = client_for(users["street"]).post(
        reverse("workforce:worker_add"),
        {"name": "错号", "id_number": "150102199001011235", "kind": "community", "education": "bachelor",
         "post": "other", "grade": 1, "hire_date": "2020-07-01", "unit": tree["gongzhufu"].id},
    )  # fmt: skip
    assert response.status_code == 200
    assert "校验位" in response.content.decode()
    assert not Worker.objects.exists()


def test_propose_and_approve_through_the_pages(client_for, users, make_worker, tree):
    worker = make_worker(hire_date=dt.date(2012, 7, 1))
    street = client_for(users["street"])
    response = street.post(
        reverse("workforce:batches"),
        {"unit": tree["gongzhufu"].id, "review_date": "2024-07-01", "effective_on": "2024-07-01"},
    )
    batch = AdjustmentBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("workforce:batch", args=[batch.id])
    assert (
        street.post(reverse("workforce:batch_decide", args=[batch.id]), {"decision": "approve"}).status_code
        == 403
    )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PROPOSED  # the street cannot approve
    district = client_for(users["district"])
    proposal = batch.proposals.get()
    district.post(
        reverse("workforce:batch_decide", args=[batch.id]), {"decision": "approve", "include": [proposal.id]}
    )
    batch.refresh_from_db()
    worker.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED and worker.grade == proposal.to_grade > 1


def test_batch_out_of_scope_is_404(client_for, users, make_worker, tree):
    make_worker(unit=tree["jiankang"], hire_date=dt.date(2012, 7, 1))
    from jianfu.workforce.services.adjustments import batch_propose

    batch = batch_propose(actor=users["city"], unit=tree["jiankang"], review_date=dt.date(2024, 7, 1),
                          effective_on=dt.date(2024, 7, 1))  # fmt: skip
    assert client_for(users["district"]).get(reverse("workforce:batch", args=[batch.id])).status_code == 404


def test_scale_gap_is_refused_on_the_page(client_for, users, scale):
    client = client_for(users["city"])
    form = {
        "effective_from": "2025-01-01", "certificate_allowance_assistant": "200",
        "certificate_allowance_social_worker": "350", "certificate_allowance_senior": "500",
        "housing_fund_rate": "0.12", "housing_fund_base_min": "1980", "housing_fund_base_max": "25000",
        "min-head": "7", "max-head": "18", "min-deputy": "4", "max-deputy": "15", "min-other": "1", "max-other": "12",
    }  # fmt: skip
    for post, low, high in (("head", 7, 18), ("deputy", 4, 15), ("other", 1, 12)):
        for grade in range(low, high + 1):
            form[f"pay-{post}-{grade}"] = str(3000 + grade * 100)
    del form["pay-other-5"]
    response = client.post(reverse("workforce:scale"), form)
    assert "第 5 级没有工资标准" in response.content.decode()
    assert SalaryScale.objects.count() == 1
    form["pay-other-5"] = "3500"
    assert client.post(reverse("workforce:scale"), form).status_code == 302
    assert SalaryScale.objects.count() == 2
    assert client_for(users["district"]).post(reverse("workforce:scale"), form).status_code == 403


def test_import_page_reports_rows(client_for, users, scale):
    from openpyxl import Workbook

    from jianfu.workforce.services.excel import COLUMNS

    wb = Workbook()
    wb.active.append(COLUMNS)
    wb.active.append(
        ["坏行", "123", "社区工作者", "本科", "", None, "其他", 1, "2020-01-01", "150102001001", "", ""]
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "roster.xlsx"
    response = client_for(users["street"]).post(reverse("workforce:import"), {"file": buffer})
    html = response.content.decode()
    assert response.status_code == 200 and "未导入任何数据" in html and "18 位" in html
    assert not Worker.objects.exists()


def test_api_is_scoped(client_for, users, make_worker, tree):
    make_worker(name="甲")
    make_worker(name="乙", unit=tree["jiankang"])
    city = client_for(users["city"]).get("/api/v1/workforce/ratio").json()
    assert {r["unit_name"]: r["workers"] for r in city}["呼和浩特市"] == 2
    street = client_for(users["street"]).get("/api/v1/workforce/staffing").json()
    assert {r["unit_name"] for r in street} == {"公主府社区", "哲里木路社区"}
    assert client_for(users["street"]).get("/api/v1/workforce/headcount").json()["headcount"] == 1
    assert client_for(users["department"]).get("/api/v1/workforce/ratio").status_code == 403
