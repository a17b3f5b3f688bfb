"""The list matcher behind the admission pre-check: explained, offline, fast.

Every item of a list version becomes a small weighted document (name, keywords/aliases, category,
description). A request is cut into character bi- and tri-grams and scored with BM25F; aliases that
occur verbatim add weight. Each candidate also gets a *coverage* — the best share of one of its
phrases (the name or an alias), weighted by IDF, that the request contains — which says whether the
match is close enough to decide on. Nothing here knows any particular item: a city that loads its
own lists gets the same behaviour. Pure Python, no Django, so benchmarks can use it directly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import bigrams, grams, is_cjk, normalize, segments, split_keywords

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "vocabulary.txt"

# Field weights of BM25F: what an item is called counts more than how it is described.
FIELD_WEIGHTS = {"name": 3.0, "keywords": 2.5, "description": 1.0, "category": 0.5}
K1 = 1.2
B = 0.4
ALIAS_BOOST = 1.0
# Restricted list types: a close match to one of these outranks a slightly better match elsewhere.
RESTRICTED = frozenset({"negative_work", "negative_cert"})


@dataclass(frozen=True)
class ItemDoc:
    """The parts of a list item the matcher needs (built from a CatalogItem or any source)."""

    id: int
    code: str
    name: str
    list_type: str
    category: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    responsible_department: str = ""
    alternative_channel: str = ""
    legal_basis: str = ""


@dataclass
class Candidate:
    item: ItemDoc
    score: float
    coverage: float
    matched_words: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "item_id": self.item.id,
            "code": self.item.code,
            "name": self.item.name,
            "list_type": self.item.list_type,
            "score": round(self.score, 3),
            "coverage": round(self.coverage, 3),
            "matched_words": self.matched_words,
            "responsible_department": self.item.responsible_department,
            "alternative_channel": self.item.alternative_channel,
            "legal_basis": self.item.legal_basis,
        }


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds of the decision; configuration rows supply them (see admission.models)."""

    min_score: float = 6.0  # below this nothing is close, whatever the coverage
    min_coverage: float = 0.5  # ...or a phrase of the item at least this much contained in the request
    strong_score: float = 14.0  # ...or a score this high
    restricted_margin: float = 0.7  # a restricted item within this share of the best score decides
    top_n: int = 5

    def is_close(self, candidate: Candidate) -> bool:
        """Close enough to decide on: the one test shared by the pre-check, task check and certificate checker."""
        return candidate.score >= self.min_score and (
            candidate.coverage >= self.min_coverage or candidate.score >= self.strong_score
        )


@dataclass
class MatchResult:
    list_type: str  # one of the list types, or "none" when nothing is close enough
    decisive: Candidate | None
    candidates: list[Candidate]

    def as_dict(self) -> dict:
        return {
            "list_type": self.list_type,
            "decisive": self.decisive.as_dict() if self.decisive else None,
            "candidates": [c.as_dict() for c in self.candidates],
        }


@dataclass(frozen=True)
class Vocabulary:
    """Generic matching vocabulary (data/vocabulary.txt): abbreviations, subject words, certificate cues."""

    thesaurus: dict[str, tuple[str, ...]] = field(default_factory=dict)
    subject_words: tuple[str, ...] = ()
    certificate_cues: tuple[str, ...] = ()

    def strip_subject(self, text: str) -> str:
        for word in self.subject_words:
            text = text.replace(word, "。")
        return text


@lru_cache(maxsize=4)
def load_vocabulary(path: str = str(VOCABULARY_FILE)) -> Vocabulary:
    thesaurus: dict[str, tuple[str, ...]] = {}
    lists: dict[str, list[str]] = {"subject": [], "certificate_cues": []}
    section = "thesaurus"
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        if section == "thesaurus" and "=" in line:
            term, _, expansions = line.partition("=")
            thesaurus[normalize(term.strip())] = tuple(normalize(e) for e in split_keywords(expansions))
        elif section in lists:
            lists[section].append(normalize(line))
    return Vocabulary(
        thesaurus=thesaurus,
        # Longest first, so "社区居民委员会" is removed before "社区".
        subject_words=tuple(sorted(lists["subject"], key=len, reverse=True)),
        certificate_cues=tuple(lists["certificate_cues"]),
    )


class CatalogIndex:
    """An inverted index over one list version's items. Build once per published version, reuse."""

    def __init__(self, items: Iterable[ItemDoc], vocabulary: Vocabulary | None = None) -> None:
        self.items: list[ItemDoc] = list(items)
        self.vocabulary = load_vocabulary() if vocabulary is None else vocabulary
        strip = self.vocabulary.strip_subject
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.phrases: list[list[tuple[str, list[str]]]] = []
        self.texts: list[str] = []
        lengths: list[float] = []
        for idx, item in enumerate(self.items):
            tf: dict[str, float] = defaultdict(float)
            fields = {
                "name": [strip(normalize(item.name))],
                "keywords": [strip(normalize(k)) for k in item.keywords],
                "description": [strip(normalize(item.description))],
                "category": [normalize(item.category)],
            }
            for field_name, values in fields.items():
                weight = FIELD_WEIGHTS[field_name]
                for value in values:
                    for g in grams(value):
                        tf[g] += weight
            for g, f in tf.items():
                self.postings[g].append((idx, f))
            lengths.append(sum(tf.values()) or 1.0)
            self.phrases.append(
                [
                    (p, bigrams(p))
                    for p in (strip(normalize(x)) for x in [item.name, *item.keywords])
                    if len(bigrams(p)) > 0
                ]
            )
            self.texts.append(normalize("|".join([item.name, *item.keywords, item.description])))
        n = max(len(self.items), 1)
        self.avg_length = sum(lengths) / n if lengths else 1.0
        self.lengths = lengths
        self.idf = {g: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for g, p in self.postings.items()}

    def __len__(self) -> int:
        return len(self.items)

    def _expand(self, text: str) -> str:
        norm = normalize(text)
        extra = [e for term, exps in self.vocabulary.thesaurus.items() if term in norm for e in exps]
        return self.vocabulary.strip_subject(norm + ("。" + "。".join(extra) if extra else ""))

    def _asks_for_certificate(self, text: str) -> bool:
        return any(cue in text for cue in self.vocabulary.certificate_cues)

    def _coverage(self, idx: int, query_bigrams: set[str], query_text: str) -> tuple[float, float]:
        """Best IDF-weighted share of one phrase found in the query, and the alias bonus."""
        best, bonus = 0.0, 0.0
        for phrase, phrase_bigrams in self.phrases[idx]:
            total = sum(self.idf.get(g, 0.0) for g in phrase_bigrams)
            if total <= 0:
                continue
            if phrase in query_text:
                best, bonus = 1.0, max(bonus, total)
                continue
            hit = sum(self.idf.get(g, 0.0) for g in set(phrase_bigrams) if g in query_bigrams)
            best = max(best, hit / total)
        return best, bonus

    def matched_words(self, idx: int, query_text: str, limit: int = 6) -> list[str]:
        """Longest stretches of the request (two characters or more) that also occur in the item."""
        target = self.texts[idx]
        found: dict[str, None] = {}
        for seg in segments(query_text):
            if not is_cjk(seg):
                if seg in target and len(seg) >= 2:
                    found.setdefault(seg, None)
                continue
            i = 0
            while i < len(seg) - 1:
                j = i + 2
                if seg[i:j] not in target:
                    i += 1
                    continue
                while j < len(seg) and seg[i : j + 1] in target:
                    j += 1
                word = seg[i:j]
                if max((self.idf.get(g, 0.0) for g in bigrams(word)), default=0.0) > 0.5:
                    found.setdefault(word, None)
                i = j
        return sorted(found, key=len, reverse=True)[:limit]

    def search(self, text: str, limit: int = 5) -> list[Candidate]:
        query_text = self._expand(text)
        query_grams = set(grams(query_text))
        scores: dict[int, float] = defaultdict(float)
        for g in query_grams:
            postings = self.postings.get(g)
            if not postings:
                continue
            idf = self.idf[g]
            for idx, f in postings:
                norm = K1 * (1 - B + B * self.lengths[idx] / self.avg_length)
                scores[idx] += idf * f * (K1 + 1) / (f + norm)
        query_bigrams = {g for g in query_grams if len(g) == 2}
        wants_certificate = self._asks_for_certificate(query_text)
        candidates = []
        for idx, score in scores.items():
            if self.items[idx].list_type == "negative_cert" and not wants_certificate:
                continue
            coverage, bonus = self._coverage(idx, query_bigrams, query_text)
            candidates.append(Candidate(self.items[idx], score + ALIAS_BOOST * bonus, coverage))
        candidates.sort(key=lambda c: (-c.score, c.item.code))
        top = candidates[:limit]
        plain_text = self.vocabulary.strip_subject(normalize(text))
        positions = {id(item): i for i, item in enumerate(self.items)}
        for c in top:
            c.matched_words = self.matched_words(positions[id(c.item)], plain_text)
        return top

    def classify(self, text: str, settings: MatchSettings | None = None) -> MatchResult:
        settings = settings or MatchSettings()
        candidates = self.search(text, limit=max(settings.top_n, 1))
        if not candidates:
            return MatchResult("none", None, candidates)
        best = candidates[0]
        if not settings.is_close(best):
            return MatchResult("none", None, candidates)
        # Safety first: a close enough match to a negative or certificate item refuses.
        restricted = [
            c
            for c in candidates
            if c.item.list_type in RESTRICTED
            and c.score >= settings.min_score
            and c.score >= settings.restricted_margin * best.score
        ]
        decisive = restricted[0] if restricted else best
        return MatchResult(decisive.item.list_type, decisive, candidates)


def docs_from_rows(rows: Sequence[dict]) -> list[ItemDoc]:
    """ItemDocs from plain dicts (the Excel/demo row shape)."""
    return [
        ItemDoc(
            id=row.get("id", i),
            code=row["code"],
            name=row["name"],
            list_type=row["list_type"],
            category=row.get("category", ""),
            description=row.get("description", ""),
            keywords=tuple(split_keywords(row.get("keywords", ""))),
            responsible_department=row.get("responsible_department", ""),
            alternative_channel=row.get("alternative_channel", ""),
            legal_basis=row.get("legal_basis", ""),
        )
        for i, row in enumerate(rows)
    ]
