"""Officers' edits before approval, and the approval itself."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.core.audit import audit_record
from jianfu.core.models import User

from .. import planning
from ..access import require_owner
from ..context import plan_context, recompute, violations
from ..models import LayoutPlan, PlanRegion, PlanStatus


def _locked(plan: LayoutPlan) -> LayoutPlan:
    return LayoutPlan.objects.select_for_update().select_related("scope").get(pk=plan.pk)


def _require_editable(plan: LayoutPlan) -> None:
    if plan.status != PlanStatus.READY:
        raise ValidationError(f"方案当前状态为“{plan.get_status_display()}”，不能再修改。")


@transaction.atomic
def plan_unit_move(*, actor: User, plan: LayoutPlan, unit_id: int, region_index: int) -> LayoutPlan:
    """Move one residential unit to another proposed community and re-validate at once."""
    plan = _locked(plan)
    require_owner(actor, plan.scope, "修改")
    _require_editable(plan)
    try:
        pos = plan.unit_ids.index(unit_id)
    except ValueError as exc:
        raise ValidationError("该小区（楼栋）不在本方案范围内。") from exc
    ctx = plan_context(plan)
    if region_index not in ctx.regions:
        raise ValidationError("目标社区不属于本方案。")
    before = int(ctx.assignment[pos])
    if before == region_index:
        raise ValidationError("该小区（楼栋）已在目标社区中。")
    ctx.assignment[pos] = region_index
    plan.assignment = ctx.assignment.tolist()
    rows = recompute(ctx)
    by_index = {r.index: r for r in rows}
    emptied = [i for i in ctx.regions if i not in by_index]
    for i, region in ctx.regions.items():
        row = by_index.get(i)
        if row is None:
            continue
        region.households, region.population, region.unit_count = row.households, row.population, row.units
        region.status = row.status
        region.sources = [[ctx.communities[o].id, h] for o, h in row.sources]
        region.street = ctx.streets[row.street]
        if row.continues is None and region.continues_id is not None:
            region.continues = None
    PlanRegion.objects.bulk_update(
        list(ctx.regions.values()),
        ["households", "population", "unit_count", "status", "sources", "street", "continues"],
    )
    PlanRegion.objects.filter(plan=plan, index__in=emptied).delete()
    for i in emptied:
        ctx.regions.pop(i)
    plan.summary = planning.summary_of(
        rows, old_count=len(ctx.communities), assignment=ctx.assignment, old=ctx.old, weights=ctx.households
    )
    plan.violations = violations(ctx, rows)
    plan.save(update_fields=["assignment", "summary", "violations", "updated_at"])
    audit_record(
        actor=actor,
        action="layout_plan.move_unit",
        target=plan,
        scope_code=plan.scope.code,
        before={"unit": unit_id, "region": before},
        after={"unit": unit_id, "region": region_index, "violations": len(plan.violations)},
    )
    return plan


@transaction.atomic
def plan_region_rename(*, actor: User, plan: LayoutPlan, region_index: int, name: str) -> PlanRegion:
    plan = _locked(plan)
    require_owner(actor, plan.scope, "修改")
    _require_editable(plan)
    name = (name or "").strip()
    if not name:
        raise ValidationError("社区名称不能为空。")
    if len(name) > 100:
        raise ValidationError("社区名称不能超过 100 个字。")
    region = plan.regions.filter(index=region_index).first()
    if region is None:
        raise ValidationError("该社区不属于本方案。")
    if plan.regions.filter(street=region.street, name=name).exclude(pk=region.pk).exists():
        raise ValidationError(f"同一街道的方案中已有名为“{name}”的社区。")
    old_name, region.name = region.name, name
    region.save(update_fields=["name"])
    audit_record(
        actor=actor,
        action="layout_plan.rename_region",
        target=plan,
        scope_code=plan.scope.code,
        before={"region": region_index, "name": old_name},
        after={"region": region_index, "name": name},
    )
    return region


@transaction.atomic
def plan_approve(*, actor: User, plan: LayoutPlan, waiver_reason: str = "") -> LayoutPlan:
    """Approval by the office that owns the scope; blocked by violations unless waived in writing."""
    plan = _locked(plan)
    require_owner(actor, plan.scope, "审批")
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError("该方案已批准。")
    _require_editable(plan)
    waiver_reason = (waiver_reason or "").strip()
    if plan.violations and len(waiver_reason) < 10:
        raise ValidationError(
            f"方案仍有 {len(plan.violations)} 处违反规模规则，不能批准；如确需批准，请写明理由（至少 10 个字）。"
        )
    plan.status = PlanStatus.APPROVED
    plan.approved_by, plan.approved_at = actor, timezone.now()
    plan.waiver_reason = waiver_reason if plan.violations else ""
    plan.save(update_fields=["status", "approved_by", "approved_at", "waiver_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="layout_plan.approve",
        target=plan,
        scope_code=plan.scope.code,
        after={"violations": len(plan.violations), "waived": bool(plan.waiver_reason)},
        note=plan.waiver_reason,
    )
    return plan
