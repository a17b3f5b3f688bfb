"""The national import (`jianfu import-divisions`) on small files: codes, idempotency, coexistence."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import connection

from jianfu.core.models import AuditEvent
from jianfu.core.scope import scope_roots
from jianfu.regions.demo import hohhot_load
from jianfu.regions.importers import divisions_import, writer
from jianfu.regions.importers.codes import RANGES
from jianfu.regions.models import PREFIX_LENGTH, Level, LineageKind, Unit
from jianfu.regions.services import NewUnit, units_restructure

from .conftest import SAMPLE, sample_count

pytestmark = pytest.mark.django_db


def run(path, *args: str) -> dict:
    """The command as a person runs it, with --json so the summary can be checked."""
    from io import StringIO

    out = StringIO()
    call_command("import_divisions", "--file", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def by_path(*names: str) -> Unit:
    unit = None
    for name in names:
        unit = Unit.objects.current().get(parent=unit, name=name)
    assert unit is not None
    return unit


def assert_codes_well_formed() -> None:
    rows = Unit.objects.values_list("code", "level", "parent__code", "parent__level")
    for code, level, parent_code, parent_level in rows:
        own = PREFIX_LENGTH[Level(level)]
        assert len(code) == 12 and code.isdigit(), code
        width = 3 if level >= Level.STREET else 2
        assert set(code[own:]) <= {"0"} and set(code[own - width : own]) != {"0"}, code
        if parent_code is not None:
            assert code.startswith(parent_code[: PREFIX_LENGTH[Level(parent_level)]]), (code, parent_code)
            assert level == parent_level + 1, code
    assert Unit.objects.values("code").distinct().count() == Unit.objects.count()


def test_import_creates_every_level_with_real_and_provisional_codes(nested_file):
    summary = run(nested_file(SAMPLE))
    assert summary["created_total"] == sample_count(SAMPLE) == Unit.objects.count()
    assert summary["created"] == {"province": 3, "city": 3, "district": 3, "street": 6, "community": 11}
    assert_codes_well_formed()
    # Real codes where the names match the published list.
    assert by_path("内蒙古自治区").code == "150000000000"
    assert by_path("内蒙古自治区", "呼和浩特市", "新城区").code == "150102000000"
    street = by_path("内蒙古自治区", "呼和浩特市", "新城区", "海拉尔东路街道")
    assert (street.code, street.code_provisional, street.kind) == ("150102001000", False, "街道")
    assert street.official_name == "海拉尔东路街道办事处"
    assert by_path("北京市", "市辖区", "东城区").code == "110101000000"
    # The 市辖区 group takes the prefix its counties' real codes share, marked provisional.
    group = by_path("北京市", "市辖区")
    assert (group.code, group.code_provisional, group.kind) == ("110100000000", True, "统计分组")
    # Unknown names: provisional codes in the right range of the parent.
    for names, kind in (
        (("内蒙古自治区", "呼和浩特市", "新城区", "锡林路街道"), "街道"),
        (("内蒙古自治区", "呼和浩特市", "新城区", "测试镇"), "镇"),
        (("测试省", "甲市", "乙县", "丙乡"), "乡"),
    ):
        unit = by_path(*names)
        low, high = RANGES[Level.STREET][kind]
        assert unit.code_provisional and unit.kind == kind
        assert low <= int(unit.code[6:9]) <= high, unit.code
    province = by_path("测试省")
    assert province.code_provisional and province.code[:2] not in {"11", "15"}
    for village in Unit.objects.filter(level=Level.COMMUNITY):
        low, high = RANGES[Level.COMMUNITY][village.kind]
        assert village.code_provisional and low <= int(village.code[9:]) <= high, village.code
    gongzhufu = Unit.objects.get(official_name="公主府社区居委会")
    assert (gongzhufu.name, gongzhufu.kind, gongzhufu.area) == ("公主府社区", "社区", "urban")
    kuisu = Unit.objects.get(official_name="奎素村委会")
    assert (kuisu.name, kuisu.kind, kuisu.area) == ("奎素村", "村", "rural")
    assert by_path("内蒙古自治区", "呼和浩特市", "新城区", "保合少镇").code == "150102101000"
    assert all(u.source.startswith("文件 divisions.json; code ") for u in Unit.objects.all())
    assert AuditEvent.objects.filter(action="regions.import_divisions").count() == 1


def test_second_run_creates_nothing(nested_file):
    path = nested_file(SAMPLE)
    run(path)
    codes = dict(Unit.objects.values_list("id", "code"))
    again = run(path)
    assert again["created_total"] == 0
    assert again["existing"] == sample_count(SAMPLE)
    assert dict(Unit.objects.values_list("id", "code")) == codes
    assert AuditEvent.objects.filter(action="regions.import_divisions").count() == 1


def test_new_units_in_a_later_file_are_added_beside_the_old(nested_file):
    run(nested_file(SAMPLE))
    bigger = copy.deepcopy(SAMPLE)
    bigger["测试省"]["甲市"]["乙县"]["丙乡"].append("己村委会")
    summary = run(nested_file(bigger, name="bigger.json"))
    assert summary["created_total"] == 1
    new = Unit.objects.get(name="己村")
    assert new.parent == by_path("测试省", "甲市", "乙县", "丙乡")
    assert_codes_well_formed()


def test_province_option_imports_only_that_province(nested_file):
    summary = run(nested_file(SAMPLE), "--province", "北京市")
    assert summary["created_total"] == sample_count({"北京市": SAMPLE["北京市"]}) == 6
    assert set(Unit.objects.filter(level=Level.PROVINCE).values_list("name", flat=True)) == {"北京市"}
    assert not Unit.objects.filter(code__startswith="15").exists()


def test_bz2_tar_like_the_package_file(nested_file):
    summary = run(nested_file(SAMPLE, name="address.bz2", as_bz2_tar=True))
    assert summary["created_total"] == sample_count(SAMPLE)


def test_import_beside_the_hohhot_demo_adds_no_duplicates(nested_file):
    hohhot_load()
    demo_ids = set(Unit.objects.values_list("id", flat=True))
    city = Unit.objects.get(name="呼和浩特市")
    assert city.parent is None
    summary = run(nested_file(SAMPLE), "--province", "内蒙古自治区")
    # Everything but the province and the made-up town (and its village) was already there.
    assert summary["created_total"] == 3
    assert summary["adopted"] == 1
    # The demo's top-level city is hung under the new province (adopted), the rest found as they are.
    assert summary["existing"] == sample_count({"内蒙古自治区": SAMPLE["内蒙古自治区"]}) - 3 - 1
    city.refresh_from_db()
    assert city.parent == by_path("内蒙古自治区")
    assert set(Unit.objects.values_list("id", flat=True)) - demo_ids == {
        by_path("内蒙古自治区").id,
        by_path("内蒙古自治区", "呼和浩特市", "新城区", "测试镇").id,
        Unit.objects.get(name="测试一村").id,
    }
    # The demo's own codes are kept; the new town does not take one of them.
    assert by_path("内蒙古自治区", "呼和浩特市", "新城区", "锡林路街道").code == "150102003000"
    assert_codes_well_formed()
    assert run(nested_file(SAMPLE), "--province", "内蒙古自治区")["created_total"] == 0


def test_an_ended_unit_is_not_brought_back(nested_file, users, tree):
    units_restructure(
        actor=users["district"],
        olds=[tree["chezhan"]],
        news=[NewUnit(name="车站社区", code="150102002009")],
        kind=LineageKind.RENAME,
        on=dt.date(2024, 1, 1),
    )
    summary = run(nested_file(SAMPLE), "--province", "内蒙古自治区")
    assert not Unit.objects.current().filter(name="车站西街社区").exists()
    assert summary["kept_ended"] == 1


def test_scope_roots_are_the_provinces_once_imported(nested_file, users):
    assert [u.name for u in scope_roots(users["admin"])] == ["呼和浩特市"]
    run(nested_file(SAMPLE))
    assert [u.level for u in scope_roots(users["admin"])] == [Level.PROVINCE] * 3
    assert [u.name for u in scope_roots(users["city"])] == ["呼和浩特市"]


def test_stats_counts_provinces(nested_file, capsys):
    run(nested_file(SAMPLE))
    capsys.readouterr()
    call_command("stats", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["levels"]["province"] == 3
    assert data["total"] == sample_count(SAMPLE)
    call_command("stats")
    assert "省级" in capsys.readouterr().out


def test_large_load_rebuilds_the_indexes_it_dropped(nested_file, monkeypatch):
    def index_names() -> set[str]:
        with connection.cursor() as cursor:
            return {
                name
                for name, info in connection.introspection.get_constraints(
                    cursor, Unit._meta.db_table
                ).items()
                if info["index"] or info["foreign_key"]
            }

    before = index_names()
    monkeypatch.setattr(writer, "BULK_ROWS", 1)
    run(nested_file(SAMPLE))
    assert index_names() == before
    assert_codes_well_formed()


def test_service_without_a_file_needs_a_known_source():
    from jianfu.regions.importers import ImportFailed

    with pytest.raises(ImportFailed, match="未知的数据来源"):
        divisions_import(source="somewhere")


def test_province_page_and_api_after_import(nested_file, users, client_for):
    run(nested_file(SAMPLE))
    beijing = by_path("北京市")
    admin = client_for(users["admin"])
    page = admin.get(f"/regions/{beijing.id}/")
    assert page.status_code == 200
    assert "地市" in page.content.decode() and "市辖区" in page.content.decode()
    children = admin.get(f"/api/v1/regions/units/{beijing.id}/children").json()
    assert [c["name"] for c in children] == ["市辖区"]
    roots = {u["name"] for u in admin.get("/api/v1/regions/units").json()}
    assert roots == {"内蒙古自治区", "北京市", "测试省"}
    # The Hohhot city office keeps its own subtree only.
    city = client_for(users["city"])
    assert city.get(f"/regions/{beijing.id}/").status_code == 404
    assert city.get(f"/api/v1/regions/units/{beijing.id}/children").status_code == 404
    assert {u["name"] for u in city.get("/api/v1/regions/units").json()} == {"呼和浩特市"}


@pytest.mark.slow
def test_real_inner_mongolia_beside_the_demo():
    hohhot_load()
    demo = dict(Unit.objects.values_list("id", "code"))
    summary = divisions_import(province="内蒙古自治区")
    assert summary["in_file"] == Unit.objects.count() > 14000
    assert summary["created_total"] == summary["in_file"] - len(demo)
    assert {k: v for k, v in Unit.objects.filter(id__in=demo).values_list("id", "code")} == demo
    assert_codes_well_formed()
    assert Unit.objects.filter(level=Level.CITY).count() == 12
    assert Unit.objects.get(name="包头市").code == "150200000000"
    assert not Unit.objects.get(name="包头市").code_provisional
    assert divisions_import(province="内蒙古自治区")["created_total"] == 0


def test_names_agree_with_the_hohhot_demo_fixture():
    """The import matches units by name: the demo's short names must come out of the same rules."""
    from jianfu.regions.demo import FIXTURE
    from jianfu.regions.importers.naming import township_name, village_name

    units = json.loads(FIXTURE.read_text(encoding="utf-8"))["units"]
    rules = {Level.STREET: township_name, Level.COMMUNITY: village_name}
    checked = [u for u in units if u["level"] in rules]
    assert len(checked) > 1000
    for unit in checked:
        assert rules[unit["level"]](unit["official_name"]) == (unit["name"], unit["kind"]), unit
