"""Changes to the division tree. Each service owns its transaction and writes an audit event.

History is never overwritten: a split, merge or rename ends the old unit (valid_to) and
starts new ones linked by lineage rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Role, User
from jianfu.core.scope import code_in_scope, has_role

from .models import PREFIX_LENGTH, Area, Level, Lineage, LineageKind, SizeBounds, Unit

# Which level may sit directly under which.
ALLOWED_PARENT_LEVEL = {
    Level.PROVINCE: None,
    Level.CITY: Level.PROVINCE,
    Level.DISTRICT: Level.CITY,
    Level.STREET: Level.DISTRICT,
    Level.COMMUNITY: Level.STREET,
    Level.GRID: Level.COMMUNITY,
}


def code_validate(*, code: str, level: int, parent: Unit | None) -> None:
    """Raise ValidationError with a Chinese message when a code cannot belong at this place."""
    expected_len = 15 if level == Level.GRID else 12
    if not re.fullmatch(r"\d+", code or ""):
        raise ValidationError(f"区划代码“{code}”只能由数字组成。")
    if len(code) != expected_len:
        raise ValidationError(f"区划代码“{code}”应为 {expected_len} 位，实际 {len(code)} 位。")
    own = PREFIX_LENGTH[Level(level)]
    if level != Level.GRID and set(code[own:]) - {"0"}:
        raise ValidationError(f"区划代码“{code}”在{Level(level).label}之后的位数应为 0。")
    if parent is not None and not code.startswith(parent.prefix):
        raise ValidationError(f"区划代码“{code}”不以上级“{parent.name}”的代码前缀 {parent.prefix} 开头。")
    if parent is not None and code[:own] == parent.prefix:
        raise ValidationError(f"区划代码“{code}”与上级“{parent.name}”重复。")


def parent_validate(*, level: int, parent: Unit | None) -> None:
    wanted = ALLOWED_PARENT_LEVEL[Level(level)]
    if wanted is None:
        if parent is not None:
            raise ValidationError(f"{Level(level).label}不能有上级单元。")
        return
    if parent is None:
        if level in (Level.CITY,):
            return
        raise ValidationError(f"{Level(level).label}必须有上级单元。")
    if parent.level != wanted:
        raise ValidationError(
            f"{Level(level).label}不能直接隶属于{Level(parent.level).label}“{parent.name}”，应隶属于{wanted.label}。"
        )
    if parent.valid_to is not None:
        raise ValidationError(f"上级单元“{parent.name}”已于 {parent.valid_to} 撤销。")


def figures_validate(*, households: int | None, population: int | None) -> None:
    for label, value in (("户数", households), ("人口", population)):
        if value is not None and value < 0:
            raise ValidationError(f"{label}不能为负数（{value}）。")


def _require_office(actor: User, units: list[Unit]) -> None:
    """Only city and district offices change the tree, and only inside their own scope."""
    if not has_role(actor, Role.CITY_OFFICE, Role.DISTRICT_OFFICE):
        raise PermissionDenied("只有市、区县减负办可以调整区划。")
    outside = [u.name for u in units if u is not None and not code_in_scope(actor, u.code)]
    if outside:
        raise PermissionDenied(f"“{'、'.join(outside)}”不在您的管辖范围内，不能调整。")


@transaction.atomic
def unit_create(
    *,
    actor: User | None,
    name: str,
    level: int,
    code: str,
    parent: Unit | None,
    area: str = Area.URBAN,
    kind: str = "",
    households: int | None = None,
    population: int | None = None,
    valid_from: dt.date,
    code_provisional: bool = False,
    source: str = "",
    figures_synthetic: bool = False,
) -> Unit:
    name = (name or "").strip()
    if not name:
        raise ValidationError("名称不能为空。")
    parent_validate(level=level, parent=parent)
    code_validate(code=code, level=level, parent=parent)
    figures_validate(households=households, population=population)
    if Unit.objects.current().filter(code=code).exists():
        raise ValidationError(f"区划代码“{code}”已被现行单元使用。")
    unit = Unit.objects.create(
        name=name,
        official_name=name,
        level=level,
        code=code,
        parent=parent,
        area=area,
        kind=kind,
        households=households,
        population=population,
        valid_from=valid_from,
        code_provisional=code_provisional,
        source=source,
        figures_synthetic=figures_synthetic,
    )
    audit_record(actor=actor, action="unit.create", target=unit, after=snapshot(unit))
    return unit


@transaction.atomic
def unit_update_figures(*, actor: User, unit: Unit, households: int | None, population: int | None) -> Unit:
    _require_office(actor, [unit])
    figures_validate(households=households, population=population)
    before = snapshot(unit, fields=["households", "population", "figures_synthetic"])
    unit.households, unit.population, unit.figures_synthetic = households, population, False
    unit.save(update_fields=["households", "population", "figures_synthetic", "updated_at"])
    audit_record(
        actor=actor,
        action="unit.update_figures",
        target=unit,
        before=before,
        after=snapshot(unit, fields=["households", "population", "figures_synthetic"]),
    )
    return unit


def _end(unit: Unit, on: dt.date) -> None:
    if unit.valid_to is not None:
        raise ValidationError(f"单元“{unit.name}”已于 {unit.valid_to} 撤销，不能再次变更。")
    if on <= unit.valid_from:
        raise ValidationError(f"变更日期 {on} 必须晚于“{unit.name}”的生效日期 {unit.valid_from}。")
    if Unit.objects.current().filter(parent=unit).exists():
        raise ValidationError(f"“{unit.name}”仍有现行下级单元，请先调整下级单元。")
    unit.valid_to = on
    unit.save(update_fields=["valid_to", "updated_at"])


@dataclass(frozen=True)
class NewUnit:
    name: str
    code: str
    households: int | None = None
    population: int | None = None
    code_provisional: bool = False


def _start(*, spec: NewUnit, like: Unit, parent: Unit | None, on: dt.date) -> Unit:
    parent_validate(level=like.level, parent=parent)
    code_validate(code=spec.code, level=like.level, parent=parent)
    figures_validate(households=spec.households, population=spec.population)
    if Unit.objects.current().filter(code=spec.code).exists():
        raise ValidationError(f"区划代码“{spec.code}”已被现行单元使用。")
    return Unit.objects.create(
        name=spec.name.strip(),
        official_name=spec.name.strip(),
        level=like.level,
        kind=like.kind,
        code=spec.code,
        parent=parent,
        area=like.area,
        households=spec.households,
        population=spec.population,
        valid_from=on,
        code_provisional=spec.code_provisional,
        source="区划调整",
    )


@transaction.atomic
def units_restructure(
    *,
    actor: User,
    olds: list[Unit],
    news: list[NewUnit],
    kind: str,
    on: dt.date,
    parent: Unit | None = None,
    note: str = "",
) -> list[Unit]:
    """End `olds`, start `news` under `parent` (default: the first old unit's parent), link every pair.

    Split: one old, several new. Merge: several old, one new. Rename: one old, one new.
    """
    _require_office(actor, [*olds, parent])
    if kind not in LineageKind.values:
        raise ValidationError(f"未知的变更类型“{kind}”。")
    if not olds or not news:
        raise ValidationError("变更须至少涉及一个原单元和一个新单元。")
    if kind == LineageKind.SPLIT and (len(olds) != 1 or len(news) < 2):
        raise ValidationError("拆分须为一个原单元拆为两个及以上新单元。")
    if kind == LineageKind.MERGE and (len(olds) < 2 or len(news) != 1):
        raise ValidationError("撤并须为两个及以上原单元合为一个新单元。")
    if kind == LineageKind.RENAME and (len(olds) != 1 or len(news) != 1):
        raise ValidationError("更名须为一个原单元对应一个新单元。")
    levels = {u.level for u in olds}
    if len(levels) != 1:
        raise ValidationError("参与变更的原单元须属于同一层级。")
    # Work on fresh, locked rows: callers' instances may be stale.
    olds = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in olds]).order_by("code"))
    target_parent = parent if parent is not None else olds[0].parent
    before = [snapshot(u) for u in olds]
    # The rename keeps its code: end the old row first so the partial unique index allows it.
    for old in olds:
        _end(old, on)
    created = [_start(spec=spec, like=olds[0], parent=target_parent, on=on) for spec in news]
    for old in olds:
        for new in created:
            Lineage.objects.create(
                predecessor=old, successor=new, kind=kind, effective_on=on, note=note[:255]
            )
    audit_record(
        actor=actor,
        action=f"unit.{kind}",
        target=created[0],
        before=before,
        after=[snapshot(u) for u in created],
        note=note,
    )
    return created


@transaction.atomic
def size_bounds_set(
    *,
    actor: User,
    floor: int,
    ceiling: int,
    split_above: int,
    merge_below: int,
    grid_floor: int,
    grid_ceiling: int,
    effective_from: dt.date,
    note: str = "",
) -> SizeBounds:
    if not has_role(actor, Role.CITY_OFFICE):
        raise PermissionDenied("只有市级减负办可以修改社区规模标准。")
    values = {
        "户数下限": floor,
        "户数上限": ceiling,
        "拆分线": split_above,
        "撤并线": merge_below,
        "网格下限": grid_floor,
        "网格上限": grid_ceiling,
    }
    for label, value in values.items():
        if value is None or value <= 0:
            raise ValidationError(f"{label}必须为正整数。")
    if floor >= ceiling:
        raise ValidationError(f"户数下限（{floor}）必须小于上限（{ceiling}）。")
    if split_above < ceiling:
        raise ValidationError(f"拆分线（{split_above}）不能低于户数上限（{ceiling}）。")
    if merge_below > floor:
        raise ValidationError(f"撤并线（{merge_below}）不能高于户数下限（{floor}）。")
    if grid_floor >= grid_ceiling:
        raise ValidationError(f"网格户数下限（{grid_floor}）必须小于上限（{grid_ceiling}）。")
    bounds = SizeBounds.objects.create(
        floor=floor,
        ceiling=ceiling,
        split_above=split_above,
        merge_below=merge_below,
        grid_floor=grid_floor,
        grid_ceiling=grid_ceiling,
        effective_from=effective_from,
        note=note,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="size_bounds.set",
        target=bounds,
        target_repr="社区规模标准",
        after=snapshot(bounds),
    )
    return bounds
