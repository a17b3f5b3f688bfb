"""CSV input and output for the command line. Every problem with a file is an ``InputError`` whose
message names the file, the row and the column, in Chinese first."""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .graph import InputError

__all__ = ["Units", "read_edges", "read_labels", "read_units", "write_outputs"]


@dataclass(frozen=True)
class Units:
    ids: list[str]
    households: np.ndarray
    coords: np.ndarray | None
    current: np.ndarray | None
    current_names: list[str]
    groups: np.ndarray | None
    group_names: list[str]

    @property
    def index(self) -> dict[str, int]:
        return {u: i for i, u in enumerate(self.ids)}


def _rows(path: Path, required: tuple[str, ...]) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        raise InputError(f"找不到文件 {path} — file not found: {path}")
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise InputError(
            f"{path.name} 不是 UTF-8 或 GBK 编码 — {path.name}: cannot decode as UTF-8 or GB18030"
        )
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise InputError(f"{path.name} 是空文件或缺少表头 — {path.name} is empty or has no header row")
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"{path.name} 缺少列 {', '.join(missing)}（现有列：{', '.join(header)}） — {path.name} lacks "
            f"column(s) {', '.join(missing)}"
        )
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:
            raise InputError(
                f"{path.name} 第 {reader.line_num} 行的字段比表头多 — {path.name} line {reader.line_num} has "
                "more fields than the header"
            )
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return header, rows


def _codes(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Integer codes in order of first appearance; empty strings become -1."""
    names: dict[str, int] = {}
    out = np.full(len(values), -1, dtype=np.int64)
    for i, v in enumerate(values):
        if v:
            out[i] = names.setdefault(v, len(names))
    return out, list(names)


def read_units(path: str | Path) -> Units:
    """``id,households[,x,y][,current][,group]``; households a whole number ≥ 0."""
    path = Path(path)
    header, rows = _rows(path, ("id", "households"))
    if not rows:
        raise InputError(f"{path.name} 没有数据行 — {path.name} has no data rows")
    has_xy = "x" in header or "y" in header
    if has_xy and not ("x" in header and "y" in header):
        raise InputError(f"{path.name} 的 x 与 y 列须同时提供 — {path.name}: give both x and y or neither")
    ids, hh, xy = [], [], []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        uid = row["id"]
        if not uid:
            raise InputError(f"{path.name} 第 {line} 行：id 为空 — {path.name} line {line}: empty id")
        if uid in seen:
            raise InputError(
                f"{path.name} 第 {line} 行：id {uid!r} 与第 {seen[uid]} 行重复 — {path.name} line {line}: "
                f"duplicate id {uid!r}"
            )
        seen[uid] = line
        try:
            h = int(row["households"])
            if h < 0:
                raise ValueError
        except ValueError:
            raise InputError(
                f"{path.name} 第 {line} 行：户数 {row['households']!r} 不是非负整数 — {path.name} line {line}: "
                f"households must be a whole number >= 0"
            ) from None
        if has_xy:
            try:
                x, y = float(row["x"]), float(row["y"])
                if not (math.isfinite(x) and math.isfinite(y)):
                    raise ValueError
            except ValueError:
                raise InputError(
                    f"{path.name} 第 {line} 行：坐标 ({row['x']!r}, {row['y']!r}) 不是数字 — {path.name} line "
                    f"{line}: x and y must be numbers"
                ) from None
            xy.append((x, y))
        ids.append(uid)
        hh.append(h)
    current = names = groups = group_names = None
    if "current" in header:
        current, names = _codes([r["current"] for r in rows])
    if "group" in header:
        values = [r["group"] for r in rows]
        blank = [i + 2 for i, v in enumerate(values) if not v]
        if blank:
            raise InputError(
                f"{path.name} 第 {blank[0]} 行：group 为空（有 group 列时每行都要填写） — {path.name} line "
                f"{blank[0]}: empty group"
            )
        groups, group_names = _codes(values)
    return Units(
        ids,
        np.asarray(hh, dtype=np.int64),
        np.asarray(xy, dtype=float) if has_xy else None,
        current,
        names or [],
        groups,
        group_names or [],
    )


def read_edges(path: str | Path, index: dict[str, int]) -> np.ndarray:
    """``a,b`` pairs of unit ids; returns an (m, 2) array of unit positions."""
    path = Path(path)
    _, rows = _rows(path, ("a", "b"))
    out = np.empty((len(rows), 2), dtype=np.int64)
    for line, row in enumerate(rows, start=2):
        for j, col in enumerate(("a", "b")):
            uid = row[col]
            if uid not in index:
                raise InputError(
                    f"{path.name} 第 {line} 行：单元 {uid!r} 不在单元表中 — {path.name} line {line}: unknown "
                    f"unit id {uid!r} in column {col}"
                )
            out[line - 2, j] = index[uid]
    return out


def read_labels(
    path: str | Path, index: dict[str, int], column: str = "region"
) -> tuple[np.ndarray, list[str]]:
    """``id,<column>`` for every unit (e.g. the output of ``plan``); returns codes and their names."""
    path = Path(path)
    _, rows = _rows(path, ("id", column))
    values = [""] * len(index)
    for line, row in enumerate(rows, start=2):
        if row["id"] not in index:
            raise InputError(
                f"{path.name} 第 {line} 行：单元 {row['id']!r} 不在单元表中 — {path.name} line {line}: unknown "
                f"unit id {row['id']!r}"
            )
        values[index[row["id"]]] = row[column]
    missing = [uid for uid, i in index.items() if not values[i]]
    if missing:
        raise InputError(
            f"{path.name} 缺少 {len(missing)} 个单元的 {column}（如 {missing[0]!r}） — {path.name}: no {column} "
            f"for {len(missing)} units"
        )
    return _codes(values)


def check_writable(*paths: str | Path) -> None:
    for p in paths:
        parent = Path(p).resolve().parent
        if not parent.is_dir():
            raise InputError(f"输出目录 {parent} 不存在 — output folder {parent} does not exist")


def write_outputs(
    csv_path: str | Path,
    header: list[str],
    rows: list[list[object]],
    json_path: str | Path,
    report: dict[str, object],
) -> None:
    """Write both files or neither: each goes to a temporary file first and is renamed at the end."""
    temps = []
    try:
        for path, kind in ((Path(csv_path), "csv"), (Path(json_path), "json")):
            fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, suffix=".part")
            temps.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                if kind == "csv":
                    wr = csv.writer(fh)
                    wr.writerow(header)
                    wr.writerows(rows)
                else:
                    json.dump(report, fh, ensure_ascii=False, indent=2)
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
