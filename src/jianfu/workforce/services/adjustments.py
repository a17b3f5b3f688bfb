"""Grade and pay adjustments: the engine proposes, an office approves, orders change grade and pay.

Who does what (decided for Hohhot, where the district finances community pay):
- a street office (or the district or city office) runs the engine for a community or a whole street;
- the district office (or the city office) approves or returns the batch; the street cannot approve
  its own proposals, so proposing and approving are always two people at two levels.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.core.audit import audit_record
from jianfu.core.models import Role, User
from jianfu.core.scope import can_edit, code_in_scope, has_role
from jianfu.regions.models import Level, Unit

from .. import engine
from ..models import (
    AdjustmentBatch,
    AdjustmentOrder,
    AdjustmentProposal,
    AdjustmentRules,
    AnnualAssessment,
    BatchStatus,
    Post,
    Status,
    Worker,
)
from ..selectors import ScaleTables, rules_in_force, scale_tables_in_force

PROPOSER_ROLES = (Role.STREET_OFFICE, Role.DISTRICT_OFFICE, Role.CITY_OFFICE)
APPROVER_ROLES = (Role.DISTRICT_OFFICE, Role.CITY_OFFICE)


def may_propose(user: User) -> bool:
    return can_edit(user) and has_role(user, *PROPOSER_ROLES)


def may_approve(user: User) -> bool:
    return can_edit(user) and has_role(user, *APPROVER_ROLES)


def worker_facts(worker: Worker, assessments: dict[int, str]) -> engine.WorkerFacts:
    certificates = ((worker.certificate, worker.certificate_date),) if worker.certificate else ()
    return engine.WorkerFacts(
        post=worker.post,
        grade=worker.grade,
        hire_date=worker.hire_date,
        education=worker.education,
        certificates=certificates,
        assessments=assessments,
    )


def worker_due(
    worker: Worker, *, rules: AdjustmentRules, tables: ScaleTables, on: dt.date, assessments: dict[int, str]
) -> engine.DueGrade:
    return engine.due_grade(
        worker_facts(worker, assessments), rules, post_range=tables.range_of(worker.post), on=on
    )


def _assessments_by_worker(workers: Iterable[Worker]) -> dict[int, dict[int, str]]:
    found: dict[int, dict[int, str]] = defaultdict(dict)
    rows = AnnualAssessment.objects.filter(worker__in=list(workers)).values_list(
        "worker_id", "year", "result"
    )
    for worker_id, year, result in rows:
        found[worker_id][year] = result
    return found


def _date_checks(worker: Worker, effective_on: dt.date, latest: dict[int, dt.date]) -> list[str]:
    errors = []
    if effective_on < worker.hire_date:
        errors.append(
            f"{worker.name}：调整生效日期 {effective_on} 早于其入职日期 {worker.hire_date}，不能调整。"
        )
    if worker.id in latest and effective_on < latest[worker.id]:
        errors.append(
            f"{worker.name}：调整生效日期 {effective_on} 早于其最近一次调级的生效日期 {latest[worker.id]}。"
        )
    return errors


def _latest_orders(workers: Iterable[Worker]) -> dict[int, dt.date]:
    latest: dict[int, dt.date] = {}
    for worker_id, on in AdjustmentOrder.objects.filter(worker__in=list(workers)).values_list(
        "worker_id", "effective_on"
    ):
        latest[worker_id] = max(on, latest.get(worker_id, on))
    return latest


@transaction.atomic
def batch_propose(*, actor: User, unit: Unit, review_date: dt.date, effective_on: dt.date) -> AdjustmentBatch:
    """Run the engine over the serving workers of a community (or street) and record the proposals."""
    if not may_propose(actor):
        raise PermissionDenied("只有街道办事处、区县或市级减负办可以生成调级建议。")
    if not code_in_scope(actor, unit.code):
        raise ValidationError(f"“{unit.name}”不在您的管辖范围内。")
    if unit.level not in (Level.STREET, Level.COMMUNITY):
        raise ValidationError("调级建议按社区或街道生成，请选择社区或街道。")
    workers = list(
        Worker.objects.filter(
            unit__code__startswith=unit.prefix, status=Status.SERVING, hire_date__lte=review_date
        ).select_related("unit")
    )
    if not workers:
        raise ValidationError(f"“{unit.name}”在 {review_date} 没有在岗人员。")
    pending = AdjustmentProposal.objects.filter(
        worker__in=workers, batch__status=BatchStatus.PROPOSED, included=True
    ).select_related("batch__unit")
    if first := pending.first():
        raise ValidationError(
            f"已有待审批的调级批次（{first.batch.unit.name}，{first.batch.review_date}），请先审批或退回。"
        )
    rules = rules_in_force(on=review_date)
    if rules.pk is None:
        rules = AdjustmentRules.objects.create(effective_from=dt.date(2000, 1, 1), note="系统默认规则")
    tables = scale_tables_in_force(on=effective_on)
    assessments = _assessments_by_worker(workers)
    latest = _latest_orders(workers)
    proposals, errors = [], []
    for worker in workers:
        due = worker_due(
            worker, rules=rules, tables=tables, on=review_date, assessments=assessments[worker.id]
        )
        if not due.advance:
            continue
        errors.extend(_date_checks(worker, effective_on, latest))
        proposals.append(
            AdjustmentProposal(
                worker=worker,
                from_grade=worker.grade,
                to_grade=due.grade,
                from_pay=worker.monthly_pay,
                to_pay=tables.pay(worker.post, due.grade, worker.certificate),
                reason=due.reason,
            )
        )
    if errors:
        raise ValidationError(errors)
    if not proposals:
        raise ValidationError(f"按现行规则，“{unit.name}”的 {len(workers)} 名在岗人员均无需调整等级。")
    batch = AdjustmentBatch.objects.create(
        unit=unit, review_date=review_date, effective_on=effective_on, rules=rules, scale=tables.scale,
        created_by=actor,
    )  # fmt: skip
    for proposal in proposals:
        proposal.batch = batch
    AdjustmentProposal.objects.bulk_create(proposals)
    audit_record(
        actor=actor,
        action="adjustment_batch.propose",
        target=batch,
        after={
            "unit": unit.code,
            "review_date": review_date,
            "effective_on": effective_on,
            "proposals": len(proposals),
        },
    )
    return batch


def _require_pending(actor: User, batch: AdjustmentBatch) -> None:
    if not may_approve(actor):
        raise PermissionDenied("调级批次由区县或市级减负办审批。")
    if not code_in_scope(actor, batch.unit.code):
        raise PermissionDenied("该批次不在您的管辖范围内。")
    if batch.status != BatchStatus.PROPOSED:
        raise ValidationError(f"该批次已{batch.get_status_display()}，不能再次审批。")


@transaction.atomic
def batch_approve(
    *, actor: User, batch: AdjustmentBatch, excluded: Iterable[int] = (), note: str = ""
) -> list[AdjustmentOrder]:
    """Turn every included proposal into an order; re-check everything first, write nothing on any error."""
    batch = AdjustmentBatch.objects.select_for_update().select_related("unit").get(pk=batch.pk)
    _require_pending(actor, batch)
    excluded_ids = set(excluded)
    proposals = list(batch.proposals.select_related("worker", "worker__unit"))
    chosen = [p for p in proposals if p.id not in excluded_ids]
    if not chosen:
        raise ValidationError("没有纳入审批的调级建议；如全部不同意，请退回该批次。")
    tables = scale_tables_in_force(on=batch.effective_on)
    latest = _latest_orders(p.worker for p in chosen)
    errors: list[str] = []
    for p in chosen:
        w = p.worker
        if w.status != Status.SERVING:
            errors.append(f"{w.name}：已不在岗（{w.get_status_display()}）。")
        if w.grade != p.from_grade:
            errors.append(f"{w.name}：等级已由第 {p.from_grade} 级变为第 {w.grade} 级，请重新生成调级建议。")
        try:
            tables.grade_validate(w.post, p.to_grade)
        except ValidationError as exc:
            errors.append(f"{w.name}：{exc.messages[0]}")
        errors.extend(_date_checks(w, batch.effective_on, latest))
    if errors:
        raise ValidationError(errors)
    AdjustmentProposal.objects.filter(batch=batch, id__in=excluded_ids).update(included=False)
    orders = []
    for p in chosen:
        w = p.worker
        pay = tables.pay(w.post, p.to_grade, w.certificate)
        orders.append(
            AdjustmentOrder(
                worker=w, effective_on=batch.effective_on, from_grade=w.grade, to_grade=p.to_grade,
                from_pay=w.monthly_pay, to_pay=pay, reason=p.reason, batch=batch, approved_by=actor,
            )
        )  # fmt: skip
        w.grade, w.monthly_pay = p.to_grade, pay
    AdjustmentOrder.objects.bulk_create(orders)
    Worker.objects.bulk_update([p.worker for p in chosen], ["grade", "monthly_pay"])
    batch.status, batch.decided_by, batch.decided_at = BatchStatus.APPROVED, actor, timezone.now()
    batch.decision_note = note.strip()[:255]
    batch.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    audit_record(
        actor=actor,
        action="adjustment_batch.approve",
        target=batch,
        after={
            "orders": [
                {"worker": o.worker_id, "from": o.from_grade, "to": o.to_grade, "pay": o.to_pay}
                for o in orders
            ],
            "excluded": sorted(excluded_ids),
        },
        note=note,
    )
    return orders


@transaction.atomic
def batch_reject(*, actor: User, batch: AdjustmentBatch, note: str) -> AdjustmentBatch:
    batch = AdjustmentBatch.objects.select_for_update().select_related("unit").get(pk=batch.pk)
    _require_pending(actor, batch)
    if not note.strip():
        raise ValidationError("退回时请填写理由。")
    batch.status, batch.decided_by, batch.decided_at = BatchStatus.REJECTED, actor, timezone.now()
    batch.decision_note = note.strip()[:255]
    batch.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    audit_record(actor=actor, action="adjustment_batch.reject", target=batch, note=note)
    return batch


@transaction.atomic
def order_create(
    *, actor: User, worker: Worker, effective_on: dt.date, grade: int, post: str | None = None, reason: str
) -> AdjustmentOrder:
    """A single order outside the engine: a change of post, a correction. Approver roles only."""
    if not may_approve(actor):
        raise PermissionDenied("单独调级由区县或市级减负办办理。")
    if not code_in_scope(actor, worker.unit.code):
        raise PermissionDenied("该工作者不在您的管辖范围内。")
    post = post or worker.post
    if post not in Post.values:
        raise ValidationError("岗位无效。")
    if not reason.strip():
        raise ValidationError("请填写调整理由。")
    errors = _date_checks(worker, effective_on, _latest_orders([worker]))
    tables = scale_tables_in_force(on=effective_on)
    try:
        tables.grade_validate(post, grade)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    pay = tables.pay(post, grade, worker.certificate)
    order = AdjustmentOrder.objects.create(
        worker=worker, effective_on=effective_on, from_grade=worker.grade, to_grade=grade,
        from_pay=worker.monthly_pay, to_pay=pay, reason=reason.strip(), approved_by=actor,
    )  # fmt: skip
    before = {"post": worker.post, "grade": worker.grade, "monthly_pay": worker.monthly_pay}
    worker.post, worker.grade, worker.monthly_pay = post, grade, pay
    worker.save(update_fields=["post", "grade", "monthly_pay", "updated_at"])
    audit_record(
        actor=actor, action="adjustment_order.create", target=worker, scope_code=worker.unit.code, before=before,
        after={"post": post, "grade": grade, "monthly_pay": pay, "effective_on": effective_on}, note=reason,
    )  # fmt: skip
    return order
