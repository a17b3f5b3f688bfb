"""Chinese text handling for matching: normalisation and character n-grams. No dictionaries, no models."""

from __future__ import annotations

import re
import unicodedata

_SEGMENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[a-z0-9]+")
_KEYWORD_SPLIT = re.compile(r"[、,，;；/\s]+")
GRAM_SIZES = (2, 3)


def normalize(text: str) -> str:
    """Full-width to half-width, lower case; keeps Chinese characters as they are."""
    return unicodedata.normalize("NFKC", text or "").lower()


def segments(text: str) -> list[str]:
    """Runs of Chinese characters, and ASCII words, of the normalised text. Punctuation splits runs."""
    return _SEGMENT.findall(normalize(text))


def is_cjk(segment: str) -> bool:
    return bool(segment) and segment[0] > "\u3000"


def grams(text: str, sizes: tuple[int, ...] = GRAM_SIZES) -> list[str]:
    """Character n-grams inside each Chinese run (never across punctuation); ASCII words whole."""
    out: list[str] = []
    for seg in segments(text):
        if not is_cjk(seg):
            if len(seg) >= 2:
                out.append(seg)
            continue
        if len(seg) == 1:
            continue
        for n in sizes:
            out.extend(seg[i : i + n] for i in range(len(seg) - n + 1))
    return out


def bigrams(text: str) -> list[str]:
    return grams(text, (2,))


def split_keywords(value: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in _KEYWORD_SPLIT.split(value or ""):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)
