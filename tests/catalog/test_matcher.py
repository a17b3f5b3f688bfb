"""The matcher on its own: decisions, explanations, and independence from our item wording."""

from __future__ import annotations

from jianfu.catalog.demo_lists import demo_rows
from jianfu.catalog.matcher import CatalogIndex, ItemDoc, MatchSettings, docs_from_rows
from jianfu.catalog.text import grams, normalize, split_keywords

INDEX = CatalogIndex(docs_from_rows(demo_rows("community")))


def test_grams_stay_inside_runs_and_keep_ascii_words():
    assert grams("低保，ETC") == ["低保", "etc"]
    assert "保e" not in grams("低保ETC")
    assert normalize("ＡＰＰ") == "app"
    assert split_keywords("低保、 入户调查,低保") == ["低保", "入户调查"]


def test_negative_work_is_found_with_matched_words():
    result = INDEX.classify("请各社区完成招商引资任务，每个社区引进一个项目")
    assert result.list_type == "negative_work"
    assert result.decisive.item.name == "招商引资"
    assert "招商引资" in result.decisive.matched_words


def test_certificate_needs_a_request_for_a_certificate():
    asked = INDEX.classify("请社区为张某出具亲属关系证明")
    assert asked.list_type == "negative_cert"
    assert asked.decisive.item.alternative_channel
    # Collecting identity information is assist work, not a certificate.
    collected = INDEX.classify("请社区对出租屋内的外来务工人员进行登记，采集租户身份信息")
    assert collected.list_type == "assist"


def test_duty_assist_and_nothing_close():
    assert INDEX.classify("请社区人民调解委员会调解邻里之间的漏水纠纷").list_type == "duty"
    assert INDEX.classify("请社区配合做好低保申请家庭的入户调查").list_type == "assist"
    assert INDEX.classify("请协助开展辖区内古树名木资源调查登记").list_type == "none"


def test_restricted_item_wins_a_near_tie():
    # Demolition (negative) and reporting illegal building (assist) both match; refusing is the safe side.
    result = INDEX.classify("请社区牵头对已认定的违法建设组织实施强制拆除")
    assert result.list_type == "negative_work"


def test_thresholds_come_from_settings():
    text = "请社区配合做好低保申请家庭的入户调查"
    assert INDEX.classify(text, MatchSettings(min_score=10_000)).list_type == "none"


def test_matcher_knows_no_item_names():
    """A city's own list with invented wording is matched by the same code."""
    items = [
        ItemDoc(id=1, code="A1", name="组织居民参加冬季冰雪运动会", list_type="duty", keywords=("冰雪运动",)),
        ItemDoc(id=2, code="B1", name="代售体育彩票", list_type="negative_work", keywords=("彩票",)),
    ]
    index = CatalogIndex(items)
    assert index.classify("请社区组织居民报名参加冰雪运动会").decisive.item.code == "A1"
    assert index.classify("请社区帮助销售体育彩票，每社区100张").list_type == "negative_work"
