"""The automatic, explained pre-check: which list (if any) a piece of work belongs to, and what follows."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from jianfu.catalog.matcher import MatchResult
from jianfu.catalog.models import CatalogVersion, ListLevel
from jianfu.catalog.selectors import version_in_force, version_index
from jianfu.core.models import User

from ..config import match_settings, rule_modes, settings_current
from ..models import DECISION_BY_LIST_TYPE, AdmissionRequest, PrecheckDecision, PrecheckLog, RuleMode

REFUSALS = (PrecheckDecision.REFUSE_NEGATIVE, PrecheckDecision.REFUSE_CERTIFICATE)


@dataclass
class PrecheckOutcome:
    decision: str
    mode: str
    version: CatalogVersion | None
    result: dict
    elapsed_ms: float
    log: PrecheckLog | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def enforced(self) -> bool:
        return self.mode == RuleMode.ENFORCE

    @property
    def effective_decision(self) -> str:
        """What actually happens: a rule in warn or dry-run mode falls back to full review."""
        return self.decision if self.enforced else PrecheckDecision.FULL_REVIEW

    @property
    def refused(self) -> bool:
        return self.enforced and self.decision in REFUSALS

    @property
    def decision_label(self) -> str:
        return str(PrecheckDecision(self.decision).label)

    @property
    def mode_label(self) -> str:
        return str(RuleMode(self.mode).label)

    @property
    def decisive(self) -> dict | None:
        return self.result.get("decisive")

    @property
    def candidates(self) -> list[dict]:
        return self.result.get("candidates", [])

    @property
    def alternative_channel(self) -> str:
        decisive = self.decisive or {}
        return (
            decisive.get("alternative_channel", "")
            if self.decision == PrecheckDecision.REFUSE_CERTIFICATE
            else ""
        )

    def as_dict(self) -> dict:
        return {
            "decision": self.decision,
            "decision_label": self.decision_label,
            "mode": self.mode,
            "enforced": self.enforced,
            "effective_decision": self.effective_decision,
            "list_version": (
                {"id": self.version.pk, "name": self.version.name, "level": self.version.level}
                if self.version
                else None
            ),
            "decisive": self.decisive,
            "alternative_channel": self.alternative_channel,
            "candidates": self.candidates,
            "elapsed_ms": round(self.elapsed_ms, 2),
            "notes": self.notes,
            "log_id": self.log.pk if self.log else None,
        }


def text_validate(text: str, *, max_chars: int | None = None) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError("请输入要核验的工作内容。")
    limit = max_chars or settings_current().max_text_chars
    if len(text) > limit:
        raise ValidationError(f"文本过长（{len(text)} 字），不能超过 {limit} 字；请只粘贴任务要求部分。")
    return text


def precheck_run(
    *,
    actor: User | None,
    text: str,
    level: str = ListLevel.COMMUNITY,
    source: str,
    request: AdmissionRequest | None = None,
    log: bool = True,
) -> PrecheckOutcome:
    """Match text against the lists in force for the level, decide, and log input, result and version."""
    config = settings_current()
    text = text_validate(text, max_chars=config.max_text_chars)
    if level not in ListLevel.values:
        raise ValidationError(f"层级“{level}”无效，应为 community（社区）或 village（村）。")
    started = time.perf_counter()
    version = version_in_force(level=level)
    notes: list[str] = []
    if version is None:
        match = MatchResult("none", None, [])
        notes.append(f"暂无生效的{ListLevel(level).label}清单，按完整审核处理。")
    else:
        match = version_index(version=version).classify(text, match_settings(config))
    decision = DECISION_BY_LIST_TYPE[match.list_type]
    mode = rule_modes()[decision]
    if mode == RuleMode.WARN:
        notes.append("该规则为“仅提示”模式：结论仅供参考，申请仍进入完整审核。")
    elif mode == RuleMode.DRY_RUN:
        notes.append("该规则为“试运行”模式：结论只记录，不影响办理。")
    outcome = PrecheckOutcome(
        decision=decision,
        mode=mode,
        version=version,
        result=match.as_dict(),
        elapsed_ms=(time.perf_counter() - started) * 1000,
        notes=notes,
    )
    if log:
        outcome.log = PrecheckLog.objects.create(
            actor=actor if actor is not None and actor.pk else None,
            source=source,
            level=level,
            text=text,
            catalog_version=version,
            decision=decision,
            mode=mode,
            enforced=outcome.enforced,
            result=outcome.result,
            elapsed_ms=outcome.elapsed_ms,
            request=request,
        )
    return outcome
