"""Bad import files: a clear Chinese error, and nothing written."""

from __future__ import annotations

import copy

import pytest
from django.core.management import CommandError, call_command

from jianfu.core.models import AuditEvent
from jianfu.regions.importers import writer
from jianfu.regions.models import Level, Unit

from ..conftest import make_unit
from .conftest import SAMPLE

pytestmark = pytest.mark.django_db


def refused(path, *args: str) -> str:
    """Run the command, expect a refusal, check that nothing changed; return the message."""
    before = (Unit.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError) as caught:
        call_command("import_divisions", "--file", str(path), "--no-progress", *args)
    assert (Unit.objects.count(), AuditEvent.objects.count()) == before
    message = str(caught.value)
    assert message.startswith("导入失败，未写入任何数据")
    return message


def sample_with(change) -> dict:
    data = copy.deepcopy(SAMPLE)
    change(data)
    return data


def test_truncated_bz2(nested_file):
    path = nested_file(SAMPLE, name="address.bz2", as_bz2_tar=True)
    path.write_bytes(path.read_bytes()[:-40])
    assert "压缩文件不完整或已损坏" in refused(path)


def test_invalid_json(nested_file, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"北京市": {"市辖区": {"东城区": ', encoding="utf-8")
    assert "JSON 格式错误" in refused(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes('{"北京市": {}}'.encode("gbk"))
    assert "不是 UTF-8 编码" in refused(path)


def test_missing_file(tmp_path):
    assert "无法读取文件" in refused(tmp_path / "nowhere.json")


def test_top_level_not_an_object(nested_file):
    assert "顶层应为以省级单位名称为键的对象" in refused(nested_file(["北京市"]))


def test_villages_directly_under_a_county(nested_file):
    data = sample_with(lambda d: d["测试省"]["甲市"].update({"乙县": ["丁村委会"]}))
    message = refused(nested_file(data))
    assert "测试省 / 甲市 / 乙县" in message
    assert "村级单位不能直接隶属于县级单位" in message


def test_nesting_too_deep(nested_file):
    data = sample_with(lambda d: d["测试省"]["甲市"]["乙县"].update({"丙乡": {"丁村": ["一组"]}}))
    assert "乡级单位的下级应为村级名称列表，实际为对象" in refused(nested_file(data))
    data = sample_with(lambda d: d["测试省"]["甲市"]["乙县"]["丙乡"].append(["一组"]))
    assert "村级单位之下不能再有下级" in refused(nested_file(data))


def test_empty_or_non_text_names(nested_file):
    data = sample_with(lambda d: d["测试省"]["甲市"]["乙县"]["丙乡"].extend(["  ", 42]))
    message = refused(nested_file(data))
    assert "村级单位的名称应为非空文字" in message and "42" in message


def test_duplicate_names_under_one_parent(nested_file, tmp_path):
    data = sample_with(lambda d: d["测试省"]["甲市"]["乙县"]["丙乡"].append("丁村委会"))
    assert "同一上级下名称重复：“丁村委会”" in refused(nested_file(data))
    path = tmp_path / "dup.json"
    path.write_text('{"测试省": {"甲市": {}, "甲市": {}}}', encoding="utf-8")
    assert "同一上级下名称重复：“甲市”" in refused(path)


def test_negative_or_non_integer_households(nested_file):
    data = sample_with(
        lambda d: d["测试省"]["甲市"]["乙县"]["丙乡"].append({"name": "己村委会", "households": -5})
    )
    assert "户数不能为负数（-5）" in refused(nested_file(data))
    data = sample_with(
        lambda d: d["测试省"]["甲市"]["乙县"].update(
            {"丙乡": {"children": ["丁村委会"], "population": "many"}}
        )
    )
    assert "人口应为整数" in refused(nested_file(data))


def test_malformed_and_unknown_codes(nested_file):
    bad = sample_with(lambda d: d["测试省"]["甲市"].update({"乙县": {"children": {}, "code": "9901"}}))
    assert "区划代码“9901”应为 12 位数字" in refused(nested_file(bad))
    wrong_level = sample_with(
        lambda d: d["测试省"]["甲市"].update({"乙县": {"children": {}, "code": "990100000000"}})
    )
    assert "不是县级单位代码" in refused(nested_file(wrong_level))
    data = sample_with(
        lambda d: d.update(
            {
                "测试省": {
                    "甲市": {
                        "children": {"乙县": {"children": {}, "code": "880101000000"}},
                        "code": "990100000000",
                    }
                }
            }
        )
    )
    assert "与上级代码“990100000000”不符" in refused(nested_file(data))


def test_duplicate_codes_in_the_file(nested_file):
    twice = {"children": {}, "code": "990101000000"}
    data = sample_with(lambda d: d["测试省"].update({"乙市": {"甲县": twice}, "丙市": {"丁县": twice}}))
    assert "区划代码“990101000000”重复" in refused(nested_file(data))


def test_code_outside_its_parent(nested_file):
    # 东城区 has the real code 110101000000: a street coded under Hohhot cannot sit in it.
    beijing = sample_with(
        lambda d: d["北京市"]["市辖区"]["东城区"].update({"新街道": {"children": [], "code": "150102001000"}})
    )
    assert "区划代码 150102001000 不以上级代码前缀 110101 开头" in refused(nested_file(beijing))


def test_code_already_used_by_another_unit_in_the_database(nested_file, db):
    make_unit("990000000000", "别的省", Level.PROVINCE, kind="省")
    data = {"测试省": {"children": {}, "code": "990000000000"}}
    assert "区划代码 990000000000 已被库中其他单元使用" in refused(nested_file(data))


def test_level_that_cannot_sit_under_its_parent_in_the_database(nested_file, db):
    # The database has a top-level prefecture 甲市; the file puts a province of that name there.
    make_unit("980100000000", "甲市", Level.CITY, kind="市")
    message = refused(nested_file({"甲市": {"乙市": {"丙县": {"丁乡": ["一村委会"]}}}}))
    assert "甲市：库中同一位置已有市级单位“甲市”（980100000000），不能作为省级单位导入（层级不符）" in message


def test_too_many_communities_for_the_code_range(nested_file):
    villages = [f"第{n}社区居委会" for n in range(1, 201)]
    data = {"测试省": {"甲市": {"乙县": {"丙街道办事处": villages}}}}
    message = refused(nested_file(data))
    assert "测试省 / 甲市 / 乙县 / 丙街道" in message
    assert "社区（居委会，001–199）编号已用尽" in message and "1 个单元" in message


def test_unknown_province_option(nested_file):
    assert "文件中没有名为“江南省”的省级单位" in refused(nested_file(SAMPLE), "--province", "江南省")


def test_failure_while_writing_rolls_everything_back(nested_file, monkeypatch):
    original = writer._new_ids

    def fail_on_streets(level, prefixes):
        if level == Level.STREET:
            raise RuntimeError("disk full")
        return original(level, prefixes)

    monkeypatch.setattr(writer, "_new_ids", fail_on_streets)
    with pytest.raises(RuntimeError):
        call_command("import_divisions", "--file", str(nested_file(SAMPLE)), "--no-progress")
    assert Unit.objects.count() == 0
    assert AuditEvent.objects.count() == 0
