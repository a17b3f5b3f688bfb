"""The demo lists (demo content, written from DOMAIN.md's typical content) as plain rows.

Used by the demo loader and by the admission benchmark; no Django here.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LEVEL_PREFIX = {"community": "SQ", "village": "CJ"}
TYPE_PREFIX = {"duty": "LZ", "assist": "XZ", "negative_work": "FM", "negative_cert": "ZM"}
FILES = {
    ("community", "duty"): "community_duty.txt",
    ("community", "assist"): "community_assist.txt",
    ("community", "negative_work"): "community_negative_work.txt",
    ("community", "negative_cert"): "negative_cert.txt",
    ("village", "duty"): "village_duty.txt",
    ("village", "assist"): "village_assist.txt",
    ("village", "negative_work"): "village_negative_work.txt",
    ("village", "negative_cert"): "negative_cert.txt",
}
ALTERNATIVE_KINDS = {"department", "commitment", "both"}


def _lines(filename: str) -> list[list[str]]:
    text = (DATA / filename).read_text(encoding="utf-8")
    return [
        [part.strip() for part in line.split("|")]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _row(level: str, list_type: str, number: int, parts: list[str], *, funds: bool) -> dict:
    name, category, legal_basis, department, keywords, *rest = parts + [""] * (6 - len(parts))
    kind, _, channel = (rest[0] if rest else "").partition(":")
    if kind not in ALTERNATIVE_KINDS:
        kind, channel = "", ""
    return {
        "code": f"{LEVEL_PREFIX[level]}-{TYPE_PREFIX[list_type]}-{number:03d}",
        "list_type": list_type,
        "name": name,
        "category": category,
        "description": "",
        "legal_basis": legal_basis,
        "responsible_department": "" if department == "—" else department,
        "keywords": keywords,
        "funds_follow_task": funds,
        "alternative_kind": kind,
        "alternative_channel": channel,
        "sort_order": number,
    }


def demo_rows(level: str) -> list[dict]:
    """All four lists of the current demo edition for a level."""
    rows: list[dict] = []
    for list_type in TYPE_PREFIX:
        for number, parts in enumerate(_lines(FILES[(level, list_type)]), start=1):
            rows.append(_row(level, list_type, number, parts, funds=list_type == "assist"))
    return rows


def before_rows() -> list[dict]:
    """The demo 'before' edition for communities: today's duty and assist items plus the 61 cut since."""
    rows = [r for r in demo_rows("community") if r["list_type"] in ("duty", "assist")]
    for number, parts in enumerate(_lines("community_before_removed.txt"), start=101):
        rows.append(_row("community", "assist", number, parts, funds=False))
    return rows
