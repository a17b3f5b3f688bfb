"""Reading the gate's configuration rows (the versioned settings and the rule modes)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jianfu.catalog.matcher import MatchSettings

from .models import AdmissionSettings, PrecheckDecision, PrecheckRule, RuleMode


def settings_current(*, on: dt.date | None = None) -> AdmissionSettings:
    on = on or timezone.localdate()
    row = AdmissionSettings.objects.filter(effective_from__lte=on).order_by("-effective_from", "-id").first()
    return row or AdmissionSettings()


def match_settings(config: AdmissionSettings) -> MatchSettings:
    return MatchSettings(
        min_score=config.match_min_score,
        min_coverage=config.match_min_coverage,
        strong_score=config.match_strong_score,
        restricted_margin=config.match_restricted_margin,
    )


def rule_modes() -> dict[str, str]:
    """Mode per pre-check outcome; an outcome without a row is enforced. Full review always applies."""
    modes = {d.value: RuleMode.ENFORCE.value for d in PrecheckDecision}
    modes.update(dict(PrecheckRule.objects.values_list("decision", "mode")))
    modes[PrecheckDecision.FULL_REVIEW] = RuleMode.ENFORCE
    return modes
