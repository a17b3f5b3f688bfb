"""The roster: registering workers, changing their status, assessments, promotions, recruitment batches.

ID numbers enter here and leave only as a digest, a Fernet token and the last four digits;
audit snapshots go through `worker_snapshot`, which leaves them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Role, User
from jianfu.core.scope import can_edit, code_in_scope, has_role
from jianfu.regions.models import Level, Unit

from ..idnumber import id_digest, id_encrypt, id_validate
from ..models import (
    AdjustmentOrder,
    AnnualAssessment,
    AssessmentResult,
    Certificate,
    Education,
    Post,
    PromotionKind,
    PromotionRecord,
    RecruitmentBatch,
    Status,
    Worker,
    WorkerKind,
)
from ..selectors import ScaleTables, scale_tables_in_force, today

# Never copied into audit events, exports of snapshots or logs.
SECRET_FIELDS = {"id_hash", "id_encrypted", "id_last4"}
ROSTER_ROLES = (Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.STREET_OFFICE, Role.COMMUNITY)


def worker_snapshot(worker: Worker) -> dict[str, Any]:
    fields = [f.name for f in Worker._meta.concrete_fields if f.name not in SECRET_FIELDS]
    return snapshot(worker, fields=fields)


def require_roster_editor(actor: User | None) -> None:
    if actor is not None and not (can_edit(actor) and has_role(actor, *ROSTER_ROLES)):
        raise PermissionDenied("您的角色不能维护社区工作者花名册。")


@dataclass
class WorkerInput:
    name: str
    id_number: str
    education: str
    post: str
    grade: int
    hire_date: dt.date
    unit: Unit
    kind: str = WorkerKind.COMMUNITY
    certificate: str = ""
    certificate_date: dt.date | None = None
    phone: str = ""
    recruitment_batch: RecruitmentBatch | None = None
    synthetic: bool = False


def unit_validate(*, actor: User | None, unit: Unit, kind: str) -> None:
    if unit.valid_to is not None:
        raise ValidationError(f"“{unit.name}”已于 {unit.valid_to} 撤销，不能再登记人员。")
    if unit.level not in (Level.COMMUNITY, Level.GRID):
        raise ValidationError(f"“{unit.name}”不是社区（村）或网格，工作者只能登记到社区或网格。")
    if kind == WorkerKind.COMMUNITY and unit.level == Level.GRID:
        raise ValidationError("社区工作者应登记到社区；网格员才登记到网格。")
    if actor is not None and not code_in_scope(actor, unit.code):
        raise ValidationError(f"“{unit.name}”不在您的管辖范围内。")


def worker_build(
    data: WorkerInput, *, actor: User | None, tables: ScaleTables, on: dt.date | None = None
) -> Worker:
    """Validate one worker fully and return it unsaved (the ID digest is not yet checked against the table)."""
    on = on or today()
    errors: list[str] = []
    name = (data.name or "").strip()
    if not name or len(name) > 40:
        errors.append("姓名不能为空，且不超过 40 个字。")
    facts = None
    try:
        facts = id_validate(data.id_number, today=on)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if data.education not in Education.values:
        errors.append("学历无效。")
    if data.kind not in WorkerKind.values:
        errors.append("人员类别无效。")
    if data.certificate not in Certificate.values:
        errors.append("社工职业资格无效。")
    elif data.certificate and data.certificate_date is None:
        errors.append("填写了社工职业资格，必须同时填写取得日期。")
    elif data.certificate_date and data.certificate_date > on:
        errors.append("取得资格日期不能晚于今天。")
    if data.post not in Post.values:
        errors.append("岗位无效（应为正职、副职或其他）。")
    else:
        try:
            tables.grade_validate(data.post, data.grade)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if facts is not None and data.hire_date < facts.birth_date.replace(year=facts.birth_date.year + 16):
        errors.append("入职日期早于年满 16 周岁的日期，请核对入职日期或身份证号。")
    if data.hire_date > on + dt.timedelta(days=366):
        errors.append("入职日期不能晚于一年以后。")
    try:
        unit_validate(actor=actor, unit=data.unit, kind=data.kind)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if errors or facts is None:
        raise ValidationError(errors)
    return Worker(
        name=name,
        kind=data.kind,
        id_hash=id_digest(facts.normalized),
        id_encrypted=id_encrypt(facts.normalized),
        id_last4=facts.normalized[-4:],
        gender=facts.gender,
        birth_date=facts.birth_date,
        education=data.education,
        certificate=data.certificate,
        certificate_date=data.certificate_date if data.certificate else None,
        post=data.post,
        grade=data.grade,
        monthly_pay=tables.pay(data.post, data.grade, data.certificate),
        hire_date=data.hire_date,
        unit=data.unit,
        phone=(data.phone or "").strip()[:20],
        recruitment_batch=data.recruitment_batch,
        synthetic=data.synthetic,
        status=Status.SERVING,
    )


def duplicate_message(last4: str) -> str:
    return f"身份证号（尾号 {last4}）已登记在册，同一人不能重复登记。"


def initial_order(worker: Worker) -> AdjustmentOrder:
    return AdjustmentOrder(
        worker=worker,
        effective_on=worker.hire_date,
        to_grade=worker.grade,
        to_pay=worker.monthly_pay,
        reason="入职定级",
    )


@transaction.atomic
def worker_create(*, actor: User | None, data: WorkerInput) -> Worker:
    require_roster_editor(actor)
    worker = worker_build(data, actor=actor, tables=scale_tables_in_force())
    if Worker.objects.filter(id_hash=worker.id_hash).exists():
        raise ValidationError(duplicate_message(worker.id_last4))
    worker.save()
    initial_order(worker).save()
    audit_record(
        actor=actor,
        action="worker.create",
        target=worker,
        scope_code=worker.unit.code,
        after=worker_snapshot(worker),
    )
    return worker


EDITABLE_FIELDS = ("name", "education", "certificate", "certificate_date", "phone", "unit", "kind")


@transaction.atomic
def worker_update(*, actor: User, worker: Worker, **changes: Any) -> Worker:
    """Personal and placement details. Grade, pay and post change only by adjustment orders."""
    require_roster_editor(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能在此修改：{'、'.join(sorted(unknown))}。")
    before = worker_snapshot(worker)
    for key, value in changes.items():
        setattr(worker, key, value)
    worker.name = (worker.name or "").strip()
    if not worker.name:
        raise ValidationError("姓名不能为空。")
    if worker.certificate and worker.certificate_date is None:
        raise ValidationError("填写了社工职业资格，必须同时填写取得日期。")
    if not worker.certificate:
        worker.certificate_date = None
    unit_validate(actor=actor, unit=worker.unit, kind=worker.kind)
    worker.save()
    audit_record(
        actor=actor,
        action="worker.update",
        target=worker,
        scope_code=worker.unit.code,
        before=before,
        after=worker_snapshot(worker),
    )
    return worker


@transaction.atomic
def worker_status_set(*, actor: User, worker: Worker, status: str, on: dt.date, note: str = "") -> Worker:
    require_roster_editor(actor)
    if status not in Status.values:
        raise ValidationError("状态无效。")
    if on < worker.hire_date:
        raise ValidationError(f"状态变更日期 {on} 不能早于入职日期 {worker.hire_date}。")
    before = worker_snapshot(worker)
    worker.status, worker.status_date = status, on
    worker.save(update_fields=["status", "status_date", "updated_at"])
    audit_record(
        actor=actor,
        action="worker.status_set",
        target=worker,
        scope_code=worker.unit.code,
        before=before,
        after=worker_snapshot(worker),
        note=note,
    )
    return worker


@transaction.atomic
def assessment_record(*, actor: User, worker: Worker, year: int, result: str) -> AnnualAssessment:
    require_roster_editor(actor)
    if result not in AssessmentResult.values:
        raise ValidationError("考核结果无效。")
    if year < worker.hire_date.year or year > today().year:
        raise ValidationError(f"{year} 年不在该工作者的任职期间内。")
    assessment, _ = AnnualAssessment.objects.update_or_create(
        worker=worker, year=year, defaults={"result": result}
    )
    audit_record(
        actor=actor,
        action="worker.assessment_record",
        target=worker,
        scope_code=worker.unit.code,
        after={"year": year, "result": result},
    )
    return assessment


@transaction.atomic
def promotion_record(
    *, actor: User, worker: Worker, kind: str, on: dt.date, note: str = ""
) -> PromotionRecord:
    """A worker recruited into the civil service or an institution leaves the roster; a secretary stays."""
    require_roster_editor(actor)
    if kind not in PromotionKind.values:
        raise ValidationError("晋升类型无效。")
    if on < worker.hire_date:
        raise ValidationError(f"日期 {on} 不能早于入职日期 {worker.hire_date}。")
    record = PromotionRecord.objects.create(worker=worker, kind=kind, date=on, note=note.strip()[:255])
    if kind in (PromotionKind.CIVIL_SERVANT, PromotionKind.PUBLIC_INSTITUTION):
        worker_status_set(
            actor=actor, worker=worker, status=Status.TRANSFERRED, on=on, note=record.get_kind_display()
        )
    audit_record(
        actor=actor, action="worker.promotion_record", target=worker, scope_code=worker.unit.code,
        after={"kind": kind, "date": on, "note": note},
    )  # fmt: skip
    return record


@transaction.atomic
def recruitment_batch_create(
    *, actor: User, name: str, year: int, kind: str, planned: int, note: str = ""
) -> RecruitmentBatch:
    if not has_role(actor, Role.CITY_OFFICE, Role.DISTRICT_OFFICE):
        raise PermissionDenied("只有市、区县减负办可以登记招聘批次。")
    name = name.strip()
    if not name:
        raise ValidationError("批次名称不能为空。")
    if RecruitmentBatch.objects.filter(name=name).exists():
        raise ValidationError(f"招聘批次“{name}”已存在。")
    batch = RecruitmentBatch.objects.create(name=name, year=year, kind=kind, planned=planned, note=note)
    audit_record(actor=actor, action="recruitment_batch.create", target=batch, after=snapshot(batch))
    return batch
