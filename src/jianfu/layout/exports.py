"""Excel and GeoJSON exports of a plan."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from . import geo, planning
from .models import RegionStatus

HEADERS = [
    "序号",
    "方案社区",
    "所属街道",
    "变化",
    "延续的原社区",
    "来源（原社区：户数）",
    "户数",
    "人口",
    "小区（楼栋）数",
    "实施后代码",
]


def plan_xlsx(ctx) -> bytes:
    plan = ctx.plan
    names = {c.id: c.name for c in ctx.communities}
    wb = Workbook()
    ws = wb.active
    ws.title = "变化明细"
    ws.append([plan.title])
    ws.append(
        [planning.summary_sentence(plan.summary) + f"；转移 {plan.summary.get('households_moved', 0)} 户"]
    )
    ws.append(HEADERS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for index, r in sorted(ctx.regions.items()):
        ws.append(
            [
                index + 1,
                r.name,
                r.street.name,
                str(RegionStatus(r.status).label),
                r.continues.name if r.continues else "",
                "；".join(f"{names.get(o, o)}：{h}" for o, h in r.sources),
                r.households,
                r.population,
                r.unit_count,
                r.created_unit.code if r.created_unit_id and r.created_unit else "",
            ]
        )
    continued = {r.continues_id for r in ctx.regions.values() if r.continues_id}
    gone = [c for c in ctx.communities if c.id not in continued]
    if gone:
        ws2 = wb.create_sheet("撤并的原社区")
        ws2.append(["原社区", "代码", "户数"])
        for c in gone:
            ws2.append([c.name, c.code, c.households])
    ws3 = wb.create_sheet("违反规则")
    ws3.append(["类型", "说明"])
    for v in plan.violations + plan.infeasible:
        ws3.append([v["kind"], v["message"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def plan_geojson(ctx) -> dict:
    """Proposed community boundaries as convex hulls of their units (not surveyed boundaries)."""
    features = []
    for index, r in sorted(ctx.regions.items()):
        mask = ctx.assignment == index
        hull = geo.hull_polygon(ctx.lnglat[mask])
        if hull is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": hull,
                "properties": {
                    "index": index,
                    "name": r.name,
                    "street": r.street.name,
                    "street_code": r.street.code,
                    "status": r.status,
                    "continues": r.continues.code if r.continues else None,
                    "households": r.households,
                    "population": r.population,
                    "units": r.unit_count,
                    "code": r.created_unit.code if r.created_unit_id and r.created_unit else None,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "name": ctx.plan.title,
        "properties": {"method": "小区（楼栋）点位的凸包，仅示意范围", "plan": ctx.plan.pk},
        "features": features,
    }
