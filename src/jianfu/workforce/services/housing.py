"""Housing fund (住房公积金): one contribution row per serving worker per month.

Base = the worker's monthly pay in force in that month (from the order history), clamped to the
scale's base bounds; employer and worker each pay base × rate. A month already run is skipped.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from jianfu.core.audit import audit_record
from jianfu.core.models import Role, User
from jianfu.core.scope import can_edit, has_role, scope_q

from ..models import AdjustmentOrder, HousingFundContribution, Status, Worker
from ..selectors import ScaleTables, scale_tables_in_force, today

CENT = Decimal("0.01")


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def contribution_amount(base: Decimal, rate: Decimal) -> Decimal:
    return (base * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def pays_on(workers: list[Worker], on: dt.date) -> dict[int, Decimal]:
    """Each worker's monthly pay in force on a date, from their order history."""
    pays: dict[int, tuple[dt.date, int, Decimal]] = {}
    rows = AdjustmentOrder.objects.filter(worker__in=workers, effective_on__lte=on).values_list(
        "worker_id", "effective_on", "id", "to_pay"
    )
    for worker_id, effective_on, order_id, pay in rows:
        key = (effective_on, order_id, pay)
        if worker_id not in pays or key[:2] > pays[worker_id][:2]:
            pays[worker_id] = key
    return {worker_id: value[2] for worker_id, value in pays.items()}


def month_contributions(
    workers: list[Worker], month: dt.date, tables: ScaleTables
) -> list[HousingFundContribution]:
    last = month_end(month)
    pays = pays_on(workers, last)
    rate = tables.scale.housing_fund_rate
    rows = []
    for worker in workers:
        pay = pays.get(worker.id)
        if pay is None:
            continue
        base = tables.housing_fund_base(pay)
        amount = contribution_amount(base, rate)
        rows.append(
            HousingFundContribution(
                worker=worker,
                month=month,
                base=base,
                rate=rate,
                employer_amount=amount,
                personal_amount=amount,
            )
        )
    return rows


def workers_paid_in(month: dt.date) -> Q:
    """Hired by the month's end, and not gone before it began."""
    return Q(hire_date__lte=month_end(month)) & (Q(status=Status.SERVING) | Q(status_date__gte=month))


@transaction.atomic
def housing_fund_month_run(*, actor: User | None, month: dt.date) -> int:
    """Record a month's contributions for the workers in the actor's scope; returns rows written."""
    if actor is not None and not (
        can_edit(actor) and has_role(actor, Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
    ):
        raise PermissionDenied("只有市、区县减负办可以核算公积金。")
    month = month.replace(day=1)
    if month > today():
        raise ValidationError("不能核算尚未到来的月份。")
    try:
        tables = scale_tables_in_force(on=month)
    except ValidationError as exc:
        raise ValidationError(f"{month:%Y年%m月}没有生效的薪酬标准（公积金自标准生效月起缴存）。") from exc
    workers = Worker.objects.filter(workers_paid_in(month)).exclude(housing_fund__month=month)
    if actor is not None:
        workers = workers.filter(scope_q(actor, "unit__code"))
    rows = month_contributions(list(workers.only("id", "hire_date")), month, tables)
    HousingFundContribution.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    audit_record(
        actor=actor,
        action="housing_fund.month_run",
        target_type="workforce.HousingFundContribution",
        target_repr=f"{month:%Y年%m月}公积金",
        after={"month": month, "rows": len(rows)},
    )
    return len(rows)
