"""Side-by-side benchmark: regionalize against spopt MaxPHeuristic, pymetis and GerryChain.

    python benchmarks/regionalize/run.py            # everything (peers time out after 5 minutes)
    python benchmarks/regionalize/run.py --quick    # this library only, small lattices (CI smoke test)
    python benchmarks/regionalize/run.py --json var/bench.json

Each (tool, instance) runs in its own subprocess with a timeout, so a slow peer cannot hang the run
and its memory is its own: "peak MiB" is the worker's peak RSS (interpreter, imports and instance
included), "+MiB" how much the peak grew during the timed call. "wall s" is the median wall time
of the call (--repeats runs for this library, one for peers), "cpu s" its process CPU time, which
is the steadier figure on a shared machine.
Peers solve from scratch (they have no warm start), so their "moved" is measured against the same
synthetic current layout as ours. Bounds everywhere: floor 1,000, ceiling 3,000 households.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

import generate  # noqa: E402

FLOOR, CEILING = 1000, 3000
GRID_FLOOR, GRID_CEILING, GRID_TARGET = 150, 400, 190
PEER_LIMITS = {
    # spopt builds an n×n distance matrix (8 bytes a cell) and grows regions with global checks.
    "spopt": 6400,
    "pymetis": None,
    "gerrychain": None,
}


# --------------------------------------------------------------------------- worker side
def _load(path: str) -> generate.Instance:
    z = np.load(path)
    return generate.Instance(str(z["name"]), z["weights"], z["edges"], z["coords"], z["current"])


def _csr(inst: generate.Instance):
    return inst.csr().tocsr()


def _quality(inst: generate.Instance, labels: np.ndarray, floor: int, ceiling: int) -> dict[str, object]:
    from regionalize.constraints import Problem, check_contiguity
    from regionalize.result import canonical, match_new_to_old

    labels = canonical(np.asarray(labels, dtype=np.int64))
    totals = np.bincount(labels, weights=inst.weights)
    problem = Problem.build(weights=inst.weights, adjacency=inst.edges)
    matched, ov = match_new_to_old(labels, inst.current, inst.weights)
    kept = sum(h for nr, o, h, _ in ov.tolist() if matched[nr] == o)
    a, b = inst.edges[:, 0], inst.edges[:, 1]
    return {
        "regions": int(len(totals)),
        "below_floor": int((totals < floor).sum()),
        "above_ceiling": int((totals > ceiling).sum()),
        "non_contiguous": len(check_contiguity(problem, labels)),
        "moved_share": 1 - kept / float(inst.weights.sum()),
        "cut_edges": int((labels[a] != labels[b]).sum()),
    }


# Each _prepare_* does the imports and set-up that are not timed and returns the call that is.
def _prepare_ours(inst, mode: str, seed: int):
    import regionalize

    base = {"weights": inst.weights, "adjacency": inst.edges, "rng": seed}
    if mode == "grids":
        kw = {"regions": inst.current, "floor": GRID_FLOOR, "ceiling": GRID_CEILING, "target": GRID_TARGET}
        return lambda: regionalize.plan_grids(**base, **kw).assignment
    kw = {"current": inst.current, "mode": mode, "floor": FLOOR, "ceiling": CEILING}
    return lambda: regionalize.plan(**base, **kw).assignment


def _prepare_spopt(inst, mode: str, seed: int):
    import geopandas as gpd
    import libpysal
    from spopt.region import MaxPHeuristic

    np.random.seed(seed)
    gdf = gpd.GeoDataFrame(
        {"households": inst.weights, "x": inst.coords[:, 0], "y": inst.coords[:, 1]},
        geometry=gpd.points_from_xy(inst.coords[:, 0], inst.coords[:, 1]),
    )
    nb: dict[int, list[int]] = {i: [] for i in range(inst.n)}
    for a, b in inst.edges.tolist():
        nb[a].append(b)
        nb[b].append(a)
    w = libpysal.weights.W(nb, silence_warnings=True)

    def solve():
        model = MaxPHeuristic(gdf, w, ["x", "y"], "households", FLOOR, top_n=2)
        model.solve()
        return np.asarray(model.labels_)

    return solve


def _regions_wanted(inst) -> int:
    return max(1, round(inst.weights.sum() / ((FLOOR + CEILING) / 2)))


def _prepare_pymetis(inst, mode: str, seed: int):
    import pymetis

    csr = _csr(inst)
    opts = pymetis.Options(seed=seed, contig=1)
    vw = inst.weights.tolist()
    return lambda: np.asarray(
        pymetis.part_graph(
            _regions_wanted(inst), xadj=csr.indptr, adjncy=csr.indices, vweights=vw, options=opts
        )[1]
    )


def _prepare_gerrychain(inst, mode: str, seed: int):
    import random

    import networkx as nx
    from gerrychain import Graph
    from gerrychain.partition import recursive_tree_part

    random.seed(seed)
    g = nx.Graph()
    g.add_nodes_from((i, {"households": int(h)}) for i, h in enumerate(inst.weights))
    g.add_edges_from(inst.edges.tolist())
    g = Graph.from_networkx(g)
    k = _regions_wanted(inst)
    target = float(inst.weights.sum()) / k
    eps = (CEILING - target) / target

    def solve():
        parts = recursive_tree_part(g, range(k), target, "households", epsilon=eps)
        return np.array([parts[i] for i in range(inst.n)])

    return solve


PREPARE = {
    "regionalize": _prepare_ours,
    "spopt": _prepare_spopt,
    "pymetis": _prepare_pymetis,
    "gerrychain": _prepare_gerrychain,
}


def worker(tool: str, mode: str, path: str, repeats: int, seed: int) -> None:
    inst = _load(path)
    solve = PREPARE[tool](inst, mode, seed)
    rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # noqa: E731
    before = rss()
    wall, cpu, labels = [], [], None
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        labels = solve()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    floor, ceiling = (GRID_FLOOR, GRID_CEILING) if mode == "grids" else (FLOOR, CEILING)
    out = {
        "seconds": statistics.median(wall),
        "cpu_seconds": statistics.median(cpu),
        "all_seconds": wall,
        "peak_mib": rss(),
        "extra_peak_mib": rss() - before,
    }
    out.update(_quality(inst, labels, floor, ceiling))
    if mode == "grids":
        out["moved_share"] = None  # grids have no old grids to compare with
    print("RESULT " + json.dumps(out))


# --------------------------------------------------------------------------- driver side
def _installed(tool: str) -> bool:
    mod = {"spopt": "spopt", "pymetis": "pymetis", "gerrychain": "gerrychain"}[tool]
    probe = subprocess.run([sys.executable, "-c", f"import {mod}"], capture_output=True)
    return probe.returncode == 0


def _spawn(tool, mode, path, timeout, repeats, seed) -> dict[str, object]:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        tool,
        mode,
        path,
        "--repeats",
        str(repeats),
        "--seed",
        str(seed),
    ]
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"note": f"timed out after {timeout:.0f} s", "timed_out": timeout}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return {"note": f"failed ({time.perf_counter() - t:.0f} s): {tail[:80]}"}


COLUMNS = [
    ("instance", "instance", "{}"),
    ("units", "units", "{}"),
    ("tool", "tool", "{}"),
    ("mode", "mode", "{}"),
    ("seconds", "wall s", "{:.3f}"),
    ("cpu_seconds", "cpu s", "{:.3f}"),
    ("peak_mib", "peak MiB", "{:.0f}"),
    ("extra_peak_mib", "+MiB", "{:.0f}"),
    ("regions", "regions", "{}"),
    ("below_floor", "<floor", "{}"),
    ("above_ceiling", ">ceiling", "{}"),
    ("non_contiguous", "non-contig", "{}"),
    ("moved_share", "moved", "{:.1%}"),
    ("cut_edges", "cut edges", "{}"),
    ("note", "note", "{}"),
]


def table(rows: list[dict[str, object]]) -> str:
    cells = [[h for _, h, _ in COLUMNS]]
    for r in rows:
        cells.append([fmt.format(r[k]) if r.get(k) is not None else "" for k, _, fmt in COLUMNS])
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="only this library, small lattices")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per peer run")
    ap.add_argument("--repeats", type=int, default=5, help="runs of this library per row (median)")
    ap.add_argument("--peers", default="spopt,pymetis,gerrychain")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(*args.worker, repeats=args.repeats, seed=args.seed)
        return
    peers = [] if args.quick else [p for p in args.peers.split(",") if p]
    installed = {p: _installed(p) for p in peers}
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for inst in generate.instances(args.quick):
            path = str(Path(tmp) / f"{inst.name}.npz")
            np.savez(
                path,
                name=inst.name,
                weights=inst.weights,
                edges=inst.edges,
                coords=inst.coords,
                current=inst.current,
            )
            totals = np.bincount(inst.current, weights=inst.weights)
            # Any valid strict plan moves at least what each old community holds above the ceiling.
            floor_moved = float(np.maximum(totals - CEILING, 0).sum() / totals.sum())
            modes = ["strict", "seed", "scratch"] + (["grids"] if inst.name.startswith("city") else [])
            jobs = [("regionalize", m) for m in modes] + [(p, "scratch") for p in peers]
            for tool, mode in jobs:
                row: dict[str, object] = {"instance": inst.name, "units": inst.n, "tool": tool, "mode": mode}
                limit = PEER_LIMITS.get(tool)
                if tool != "regionalize" and not installed[tool]:
                    row["note"] = "not installed"
                elif limit is not None and inst.n > limit:
                    gib = inst.n**2 * 8 / 2**30
                    row["note"] = f"skipped: n² matrix {gib:.0f} GiB, far past 5 min"
                else:
                    reps = args.repeats if tool == "regionalize" else 1
                    row.update(_spawn(tool, mode, path, args.timeout, reps, args.seed))
                    if tool == "regionalize" and mode == "strict":
                        row["moved_lower_bound"] = floor_moved
                        row["note"] = f"any valid plan moves ≥ {floor_moved:.1%}"
                rows.append(row)
                print(f"  {inst.name} {tool} {mode}: {row.get('seconds', row.get('note'))}", file=sys.stderr)
    _speedups(rows)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False))


def _ratio(theirs: float, ours: float) -> str:
    r = theirs / ours
    return f"{r:.0f}× faster" if r >= 10 else f"{r:.1f}× faster" if r >= 1 else f"{1 / r:.1f}× slower"


def _speedups(rows: list[dict[str, object]]) -> None:
    """Note, per peer row, how our scratch run (the same task) and our strict run compare."""
    for r in rows:
        if r["tool"] == "regionalize" and r["mode"] == "seed" and r.get("above_ceiling"):
            r["note"] = "seed rule keeps unchanged regions up to 4,000"
    ours = {(r["instance"], r["mode"]): r for r in rows if r["tool"] == "regionalize" and "seconds" in r}
    for r in rows:
        scratch, strict = ours.get((r["instance"], "scratch")), ours.get((r["instance"], "strict"))
        if r["tool"] == "regionalize" or not (scratch and strict):
            continue
        theirs = float(r["seconds"]) if "seconds" in r else float(r.get("timed_out", 0))
        if not theirs:
            continue
        more = "> " if "timed_out" in r else ""
        prefix = f"{r['note']}; " if "timed_out" in r else ""
        r["note"] = (
            f"{prefix}ours scratch {more}{_ratio(theirs, float(scratch['seconds']))}, "
            f"strict {more}{_ratio(theirs, float(strict['seconds']))}"
        )


if __name__ == "__main__":
    main()
