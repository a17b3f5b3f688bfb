"""“Paste a task you received”: a community checks it against the registry and the lists."""

from __future__ import annotations

from dataclasses import dataclass

from jianfu.catalog.matcher import Candidate, ItemDoc
from jianfu.catalog.selectors import index_cached, version_in_force, version_index, version_key
from jianfu.core.models import User

from ..config import match_settings, settings_current
from ..models import PrecheckDecision, PrecheckSource, RegistryEntry
from ..selectors import registry_in_force, registry_visible
from .precheck import PrecheckOutcome, precheck_run

VERDICTS = {
    "admitted": "已准入：该工作在准入事项目录内，请按目录要求落实。",
    PrecheckDecision.REFUSE_NEGATIVE: "不应由社区承担：属于负面清单事项，社区可以拒绝，并可直报。",
    PrecheckDecision.REFUSE_CERTIFICATE: "不应由社区出具：属于证明事项清单，请告知替代渠道。",
    PrecheckDecision.NOT_REQUIRED: "社区自身职责：属于依法履职事项，无需准入。",
    PrecheckDecision.FAST_TRACK: "协助事项，但未在本社区的准入事项目录中：请向派单部门确认是否已准入。",
    PrecheckDecision.FULL_REVIEW: "未经准入：既不在准入事项目录中，也不在清单内，社区可以拒绝，并可直报。",
}


@dataclass
class TaskCheck:
    verdict: str
    message: str
    registry_match: RegistryEntry | None
    registry_candidates: list[tuple[RegistryEntry, float, list[str]]]
    precheck: PrecheckOutcome

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "message": self.message,
            "registry_match": (
                {
                    "id": self.registry_match.pk,
                    "number": self.registry_match.number,
                    "title": self.registry_match.title,
                    "valid_to": self.registry_match.valid_to.isoformat(),
                }
                if self.registry_match
                else None
            ),
            "precheck": self.precheck.as_dict(),
        }


def _registry_candidates(user: User, text: str, level: str) -> list[tuple[RegistryEntry, Candidate]]:
    entries = {e.pk: e for e in registry_in_force(registry_visible(user=user)).filter(level=level)}
    if not entries:
        return []
    # Index the entries together with the list items so that word weights (IDF) mean what they mean
    # in the pre-check; a registry of two entries alone would make every word look rare.
    version = version_in_force(level=level)
    items = version_index(version=version).items if version else []
    registry = [
        ItemDoc(id=e.pk, code=e.number, name=e.title, list_type="registry", description=e.tasks)
        for e in sorted(entries.values(), key=lambda e: e.pk)
    ]
    # Each user sees a different set of entries; the entries themselves (not their ids) are in the key,
    # so an edited or revoked entry gives a new index.
    key = ("registry", *(version_key(version) if version else ()), *registry)
    index = index_cached(key=key, docs=lambda: [*items, *registry])
    found = [c for c in index.search(text, limit=len(index)) if c.item.list_type == "registry"][:3]
    return [(entries[c.item.id], c) for c in found]


def task_check(*, actor: User, text: str, level: str = "community") -> TaskCheck:
    outcome = precheck_run(actor=actor, text=text, level=level, source=PrecheckSource.COMMUNITY)
    settings = match_settings(settings_current())
    found = _registry_candidates(actor, text, level)
    best = found[0] if found else None
    admitted = best is not None and settings.is_close(best[1])
    # A negative-list match wins over a similar-looking registry entry: the lists are the law.
    if outcome.decision in (PrecheckDecision.REFUSE_NEGATIVE, PrecheckDecision.REFUSE_CERTIFICATE):
        admitted = False
    verdict = "admitted" if admitted else outcome.decision
    return TaskCheck(
        verdict=verdict,
        message=VERDICTS[verdict],
        registry_match=best[0] if admitted and best else None,
        registry_candidates=[(e, c.score, c.matched_words) for e, c in found],
        precheck=outcome,
    )
