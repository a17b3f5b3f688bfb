"""Admission pre-check benchmark: list-type accuracy, item accuracy, let-through, latency.

    .venv/bin/python benchmarks/admission/run.py [--variant original|no-keywords|reworded|all] [--verbose]

Runs the same matcher the platform uses (jianfu.catalog.matcher) against the demo lists, over the
labelled requests in requests.tsv (written as departments write them; never copied from item names).
`no-keywords` drops every alias, `reworded` rewrites the item names and aliases with generic synonyms
and word-order changes: a city will load its own lists, so the matcher must not depend on our wording.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from jianfu.catalog.demo_lists import demo_rows  # noqa: E402
from jianfu.catalog.matcher import CatalogIndex, MatchSettings, docs_from_rows  # noqa: E402

HERE = Path(__file__).resolve().parent
RESTRICTED = {"negative_work", "negative_cert"}

# Generic rewording a different city might use for the same items (no item names here).
SYNONYMS = [
    ("开展", "组织"),
    ("协助", "配合"),
    ("宣传", "宣讲"),
    ("申请受理", "申请办理"),
    ("信息采集", "信息登记"),
    ("排查", "摸排"),
    ("上报", "报告"),
    ("巡查", "巡访"),
    ("动员", "发动"),
    ("工作", "事务"),
    ("居民", "群众"),
    ("证明", "证明材料"),
    ("检查", "查验"),
    ("登记", "登录"),
    ("和", "及"),
]


def load_requests() -> list[dict]:
    rows = []
    for line in (HERE / "requests.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        level, expect, items, text = line.split("\t", 3)
        rows.append(
            {"level": level, "expect": expect, "items": [c for c in items.split(",") if c], "text": text}
        )
    return rows


def reword(text: str, rng: random.Random) -> str:
    for a, b in SYNONYMS:
        if a in text and rng.random() < 0.7:
            text = text.replace(a, b)
    parts = re.split("(和|及|、)", text)
    if len(parts) >= 3 and rng.random() < 0.5:  # swap the two halves of "A和B"
        text = "".join(parts[2:]) + parts[1] + parts[0]
    return text


def item_rows(level: str, variant: str) -> list[dict]:
    rows = [dict(r) for r in demo_rows(level)]
    rng = random.Random(20260)
    for row in rows:
        if variant == "no-keywords":
            row["keywords"] = ""
        elif variant == "reworded":
            row["name"] = reword(row["name"], rng)
            kws = [k for k in re.split("[、]", row["keywords"]) if k]
            rng.shuffle(kws)
            row["keywords"] = "、".join(reword(k, rng) for k in kws[: max(1, len(kws) // 2)])
    return rows


def evaluate(variant: str, verbose: bool) -> dict:
    requests = load_requests()
    indexes = {
        level: CatalogIndex(docs_from_rows(item_rows(level, variant))) for level in ("community", "village")
    }
    settings = MatchSettings()
    ok_type = top1 = top3 = item_total = let_through = restricted_total = 0
    times: list[float] = []
    for req in requests:
        index = indexes[req["level"]]
        start = time.perf_counter()
        result = index.classify(req["text"], settings)
        times.append((time.perf_counter() - start) * 1000)
        if result.list_type == req["expect"]:
            ok_type += 1
        elif verbose:
            top = result.candidates[:3]
            print(f"  ✗ {req['expect']:>13} → {result.list_type:<13} {req['text'][:50]}")
            for c in top:
                print(
                    f"        {c.item.code} {c.item.list_type:<13} s={c.score:.1f} cov={c.coverage:.2f} {c.item.name[:20]}"
                )
        if req["expect"] in RESTRICTED:
            restricted_total += 1
            if result.list_type not in RESTRICTED:
                let_through += 1
        if req["items"]:
            item_total += 1
            codes = [c.item.code for c in result.candidates]
            top1 += bool(codes[:1]) and codes[0] in req["items"]
            top3 += any(c in req["items"] for c in codes[:3])
    times.sort()
    n = len(requests)
    return {
        "variant": variant,
        "requests": n,
        "list_type_accuracy": ok_type / n,
        "top1": top1 / item_total,
        "top3": top3 / item_total,
        "let_through": let_through,
        "restricted": restricted_total,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (n - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variant", default="all", choices=["original", "no-keywords", "reworded", "all"])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    variants = ["original", "no-keywords", "reworded"] if args.variant == "all" else [args.variant]
    print(
        f"{'lists':<12}{'n':>5}{'list type':>11}{'top-1':>8}{'top-3':>8}{'let through':>13}{'p50 ms':>9}{'p95 ms':>9}"
    )
    for variant in variants:
        r = evaluate(variant, args.verbose)
        print(
            f"{r['variant']:<12}{r['requests']:>5}{r['list_type_accuracy']:>10.1%}{r['top1']:>8.1%}{r['top3']:>8.1%}"
            f"{r['let_through']:>6} / {r['restricted']:<5}{r['p50_ms']:>9.2f}{r['p95_ms']:>9.2f}"
        )


if __name__ == "__main__":
    main()
