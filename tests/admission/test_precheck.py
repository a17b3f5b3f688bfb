from __future__ import annotations

import pytest

from jianfu.admission.models import PrecheckLog, RequestStatus, RuleMode
from jianfu.admission.services import admission_settings_set, precheck_rule_set, precheck_run
from jianfu.core.models import AuditEvent

from .conftest import ASSIST, NEGATIVE


def test_certificate_refusal_carries_the_alternative_channel(lists):
    outcome = precheck_run(actor=None, text="请社区为辖区居民出具无犯罪记录证明", source="cli")
    assert outcome.decision == "refuse_certificate" and outcome.refused
    assert "公安机关" in outcome.alternative_channel
    log = PrecheckLog.objects.get()
    assert log.catalog_version == lists and log.result["decisive"]["code"] == outcome.decisive["code"]


def test_no_published_list_means_full_review(db):
    outcome = precheck_run(actor=None, text=NEGATIVE, source="cli")
    assert outcome.decision == "full_review" and "暂无生效" in outcome.notes[0]


@pytest.mark.parametrize("mode", [RuleMode.WARN, RuleMode.DRY_RUN])
def test_warn_and_dry_run_let_the_request_into_full_review(submit, users, mode):
    precheck_rule_set(actor=users["city"], decision="refuse_negative", mode=mode)
    request, outcome = submit(NEGATIVE)
    assert outcome.decision == "refuse_negative" and not outcome.enforced
    assert request.status == RequestStatus.DISTRICT_REVIEW and not request.fast_track
    log = PrecheckLog.objects.get(request=request)
    assert log.mode == mode and not log.enforced
    assert AuditEvent.objects.filter(action="admission.rule_set").exists()


def test_configured_time_limits_apply(submit, users):
    from jianfu.core.workdays import working_deadline

    admission_settings_set(actor=users["city"], fast_track_days=3, effective_from="2020-01-01")
    request, _ = submit(ASSIST)
    assert request.step_deadline == working_deadline(request.step_started_at, 3)


def test_only_the_city_changes_rules(users, lists):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        precheck_rule_set(actor=users["district"], decision="refuse_negative", mode="warn")


def test_cli_check_prints_decision_items_and_words(lists, capsys):
    from django.core.management import call_command

    call_command("admission", "check", "请各社区完成招商引资任务")
    out = capsys.readouterr().out
    assert "不予准入" in out and "SQ-FM-001" in out and "招商引资" in out
    call_command("admission", "check", "请社区配合做好低保入户调查", "--json")
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["decision"] == "fast_track" and data["candidates"][0]["matched_words"]
