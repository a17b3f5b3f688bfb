"""Residential units: Excel/CSV import (all or nothing, row-level errors) and its template."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook

from jianfu.core.audit import audit_record
from jianfu.core.files import is_xlsx_container
from jianfu.core.models import Role, User
from jianfu.core.scope import code_in_scope, has_role
from jianfu.regions.models import Level, Unit

from ..models import ResidentialKind, ResidentialUnit

COLUMNS = ["名称", "类型", "地址", "户数", "人口", "经度", "纬度", "社区代码"]
REQUIRED = {"名称", "户数", "社区代码"}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
KIND_BY_LABEL = {str(label): value for value, label in ResidentialKind.choices}


@dataclass
class ImportReport:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def template_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "小区楼栋"
    ws.append(COLUMNS)
    ws.append(["锦绣家园", "小区", "新城区海拉尔东路1号", 320, 860, 111.6712, 40.8231, "150102001001"])
    ws.append(
        ["锦绣家园3号楼", "楼栋", "新城区海拉尔东路1号3号楼", 96, 250, 111.6715, 40.8236, "150102001001"]
    )
    notes = wb.create_sheet("填写说明")
    for line in (
        "必填：名称、户数、社区代码（12 位现行社区代码）。",
        "类型：小区、楼栋、学校、医院、园区、市场；留空为小区。学校、医院、园区、市场划为专属网格。",
        "经度、纬度：WGS84 小数度，两者同填或同空；缺坐标的小区不能参加布局优化计算。",
        "整个文件全部通过校验才会导入；有任何错误则一行也不导入，并逐行列出错误。",
    ):
        notes.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rows(data: bytes, filename: str) -> list[list[object]]:
    if is_xlsx_container(data):
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise ValidationError("无法读取 Excel 文件，请使用下载的模板（.xlsx）。") from exc
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    if not filename.lower().endswith(".csv"):
        raise ValidationError("只支持 Excel（.xlsx）或 CSV 文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("CSV 文件编码无法识别，请使用 UTF-8 或 GBK。")
    return [list(r) for r in csv.reader(io.StringIO(text))]


def _number(value: object, label: str, *, whole: bool, required: bool) -> float | int | None:
    if value is None or str(value).strip() == "":
        if required:
            raise ValueError(f"{label}不能为空")
        return None
    try:
        number = float(str(value).strip())
    except ValueError as exc:
        raise ValueError(f"{label}“{value}”不是数字") from exc
    if whole:
        if number != int(number) or number < 0:
            raise ValueError(f"{label}“{value}”应为非负整数")
        return int(number)
    return number


@transaction.atomic
def residential_units_import(*, actor: User, data: bytes, filename: str) -> ImportReport:
    if not has_role(actor, Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.STREET_OFFICE):
        raise ValidationError("只有市、区县减负办和街道办事处可以导入小区（楼栋）。")
    if len(data) > MAX_BYTES:
        raise ValidationError("文件超过 5 MB。")
    rows = _rows(data, filename)
    if not rows:
        raise ValidationError("文件是空的。")
    header = [str(h or "").strip() for h in rows[0]]
    missing = REQUIRED - set(header)
    if missing:
        raise ValidationError(f"缺少必填列：{'、'.join(sorted(missing))}。请使用下载的模板。")
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(f"一次最多导入 {MAX_ROWS} 行。")
    col = {name: header.index(name) for name in COLUMNS if name in header}
    communities = {
        u.code: u for u in Unit.objects.current().filter(level=Level.COMMUNITY).only("id", "code", "name")
    }
    report = ImportReport()
    objects = []
    for line, raw in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in raw):
            continue

        def get(name: str, raw: list[object] = raw) -> object:
            i = col.get(name)
            return raw[i] if i is not None and i < len(raw) else None

        try:
            name = str(get("名称") or "").strip()
            if not name or len(name) > 100:
                raise ValueError("名称不能为空且不超过 100 个字")
            kind_label = str(get("类型") or "小区").strip()
            if kind_label not in KIND_BY_LABEL:
                raise ValueError(f"类型“{kind_label}”应为 {'、'.join(KIND_BY_LABEL)} 之一")
            households = _number(get("户数"), "户数", whole=True, required=True)
            population = _number(get("人口"), "人口", whole=True, required=False)
            lng = _number(get("经度"), "经度", whole=False, required=False)
            lat = _number(get("纬度"), "纬度", whole=False, required=False)
            if (lng is None) != (lat is None):
                raise ValueError("经度和纬度须同时填写或同时留空")
            if lng is not None and not (73 <= lng <= 136 and 3 <= lat <= 54):
                raise ValueError(f"坐标（{lng}, {lat}）不在中国境内")
            code = str(get("社区代码") or "").strip()
            community = communities.get(code)
            if community is None:
                raise ValueError(f"社区代码“{code}”不是现行社区（村）")
            if not code_in_scope(actor, code):
                raise ValueError(f"社区“{community.name}”不在您的管辖范围内")
        except ValueError as exc:
            report.errors.append((line, str(exc)))
            continue
        objects.append(
            ResidentialUnit(
                name=name,
                kind=KIND_BY_LABEL[kind_label],
                address=str(get("地址") or "").strip()[:200],
                households=households,
                population=population,
                lng=lng,
                lat=lat,
                community=community,
                source=f"导入：{filename[:80]}",
            )
        )
    if report.errors:
        return report
    if not objects:
        raise ValidationError("文件中没有数据行。")
    ResidentialUnit.objects.bulk_create(objects, batch_size=1000)
    report.created = len(objects)
    audit_record(
        actor=actor,
        action="residential_unit.import",
        target_type="layout.ResidentialUnit",
        target_repr=filename[:200],
        after={"created": report.created},
    )
    return report
