"""``python -m regionalize plan|grids|validate`` — see README.md for the file formats."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np

from .constraints import validate_assignment
from .engine import MODES, plan, plan_grids
from .graph import InputError
from .io import check_writable, read_edges, read_labels, read_units, write_outputs
from .result import Result

EXIT_BAD_INPUT = 2
EXIT_INVALID = 1


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m regionalize", description="连片分区：户数上下限、最小扰动")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--units", required=True, help="units.csv: id,households[,x,y][,current][,group]")
        p.add_argument("--edges", required=True, help="edges.csv: a,b")

    p = sub.add_parser("plan", help="社区布局优化 / plan communities")
    common(p)
    p.add_argument("--floor", type=int, default=1000)
    p.add_argument("--ceiling", type=int, default=3000)
    p.add_argument("--split-above", type=int, default=None, help="default 4/3 of the ceiling (4000)")
    p.add_argument("--merge-below", type=int, default=None, help="default: the floor (1000)")
    p.add_argument("--mode", choices=MODES, default="seed")
    p.add_argument("--target", type=int, default=None, help="scratch: households per region")
    p.add_argument("--allow-cross-groups", action="store_true")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, help="assignment.csv: id,region")
    p.add_argument("--report", required=True, help="report.json")

    g = sub.add_parser("grids", help="网格划分 / grids inside each region")
    common(g)
    g.add_argument("--regions", help="id,region file (e.g. plan's output); default: the current column")
    g.add_argument("--floor", type=int, default=150)
    g.add_argument("--ceiling", type=int, default=400)
    g.add_argument("--target", type=int, default=190)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--out", required=True, help="grids.csv: id,region,parent")
    g.add_argument("--report", required=True, help="report.json")

    v = sub.add_parser("validate", help="检查分配 / check an assignment")
    common(v)
    v.add_argument("--assignment", required=True, help="id,region file")
    v.add_argument("--floor", type=int, default=1000)
    v.add_argument("--ceiling", type=int, default=3000)
    v.add_argument("--allow-cross-groups", action="store_true")
    return ap


def _summary(res: Result) -> str:
    rep = res.report
    moved = "" if rep.moved_share is None else f"，迁移户数占比 {rep.moved_share:.1%}"
    return (
        f"{rep.regions} 个区域{moved}，切边 {rep.cut_edges}，违规 {len(rep.violations)} 项，"
        f"不可行 {len(rep.infeasible)} 项，用时 {rep.elapsed_seconds:.2f} 秒"
    )


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        units = read_units(args.units)
        edges = read_edges(args.edges, units.index)
        if args.command == "validate":
            labels, _ = read_labels(args.assignment, units.index)
            failures = validate_assignment(
                labels,
                weights=units.households,
                adjacency=edges,
                floor=args.floor,
                ceiling=args.ceiling,
                groups=units.groups,
                allow_cross_groups=args.allow_cross_groups,
            )
            for f in failures:
                print(f"{f.kind}: {f.message}")
            print("分配有效 — assignment is valid" if not failures else f"{len(failures)} 项不符合要求")
            return EXIT_INVALID if failures else 0
        check_writable(args.out, args.report)
        if args.command == "plan":
            if args.mode != "scratch" and units.current is None:
                raise InputError(
                    f"{args.mode} 模式需要单元表中的 current 列 — mode {args.mode} needs a current column"
                )
            res = plan(
                weights=units.households,
                adjacency=edges,
                current=units.current if args.mode != "scratch" else None,
                groups=units.groups,
                coordinates=units.coords,
                floor=args.floor,
                ceiling=args.ceiling,
                split_above=args.split_above,
                merge_below=args.merge_below,
                mode=args.mode,
                target=args.target,
                allow_cross_groups=args.allow_cross_groups,
                rng=args.seed,
            )
            report = res.to_dict(units.ids, units.current_names)
            rows = [[uid, int(r)] for uid, r in zip(units.ids, res.assignment, strict=True)]
            header = ["id", "region"]
        else:
            if args.regions:
                regions, names = read_labels(args.regions, units.index)
            elif units.current is not None and (units.current >= 0).all():
                regions, names = units.current, units.current_names
            else:
                raise InputError(
                    "网格划分需要 --regions 文件或单元表中完整的 current 列 — grids need --regions or a "
                    "current value for every unit"
                )
            res = plan_grids(
                weights=units.households,
                adjacency=edges,
                regions=regions,
                coordinates=units.coords,
                floor=args.floor,
                ceiling=args.ceiling,
                target=args.target,
                rng=args.seed,
            )
            report = res.to_dict(units.ids, names)
            parent = np.asarray([names[p] for p in regions])
            rows = [[u, int(g), p] for u, g, p in zip(units.ids, res.assignment, parent, strict=True)]
            header = ["id", "region", "parent"]
        report["seed"] = args.seed
        write_outputs(args.out, header, rows, args.report, report)
    except InputError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(_summary(res))
    return 0


def main() -> None:
    sys.exit(run())
