"""The demo data loaders, run in order by `jianfu load-demo`. Each is idempotent.

Every app that ships demo content adds its loader here.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

DEMO_LOADERS: list[tuple[str, str]] = [
    ("呼和浩特区划", "jianfu.regions.demo.hohhot_load"),
    ("部门与演示账号", "jianfu.core.demo.accounts_load"),
    ("社区工作者（模拟数据）", "jianfu.workforce.demo.workforce_load"),
    ("事项清单", "jianfu.catalog.demo.catalog_load"),
    ("准入申请与目录", "jianfu.admission.demo.admission_load"),
    ("模拟小区（楼栋）、网格与网格员", "jianfu.layout.demo.residential_load"),
    ("布局优化演示方案（新城区）", "jianfu.layout.demo.plan_demo_load"),
    ("标牌台账（模拟）", "jianfu.signage.demo.signage_load"),
    ("吹哨报到（模拟）", "jianfu.dispatch.demo.dispatch_load"),
    ("直报、考核与通报", "jianfu.assessment.demo.assessment_load"),
]


def loader_functions() -> list[tuple[str, Callable[[], dict]]]:
    result = []
    for label, path in DEMO_LOADERS:
        module, _, name = path.rpartition(".")
        result.append((label, getattr(import_module(module), name)))
    return result
