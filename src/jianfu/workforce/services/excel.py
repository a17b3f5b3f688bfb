"""Roster Excel: template, all-or-nothing import with a row-by-row report, export with masked IDs."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from jianfu.core.audit import audit_record
from jianfu.core.files import is_xlsx_container
from jianfu.core.models import User
from jianfu.regions.models import Unit

from ..idnumber import id_digest, id_mask, id_validate
from ..models import AdjustmentOrder, Certificate, Education, Post, RecruitmentBatch, Worker, WorkerKind
from ..selectors import scale_tables_in_force
from .roster import WorkerInput, duplicate_message, initial_order, require_roster_editor, worker_build

COLUMNS = [
    "姓名",
    "身份证号",
    "人员类别",
    "学历",
    "社工职业资格",
    "取得资格日期",
    "岗位",
    "等级",
    "入职日期",
    "所属社区/网格代码",
    "联系电话",
    "招聘批次",
]
EXPORT_EXTRA = ["所属社区/网格", "性别", "出生日期", "月薪（元）", "状态"]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


def _labels(choices: Any) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


@dataclass
class ImportReport:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header_fill(ws: Any, headers: list[str]) -> None:
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="C0392B")
    for i, title in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(12, len(title) * 2 + 4)


def roster_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    _header_fill(ws, COLUMNS)
    lists = {
        3: WorkerKind,
        4: Education,
        5: Certificate,
        7: Post,
    }
    for col, choices in lists.items():
        values = ",".join(str(label) for value, label in choices.choices if value)
        dv = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
        ws.add_data_validation(dv)
        letter = ws.cell(row=1, column=col).column_letter
        dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    for col in (2, 10, 11):  # IDs, codes and phones are text: Excel would round an 18-digit number.
        letter = ws.cell(row=1, column=col).column_letter
        for row in range(2, 202):
            ws[f"{letter}{row}"].number_format = "@"
    notes = wb.create_sheet("填写说明")
    for line in (
        ["身份证号", "18 位，按文本格式填写；系统校验出生日期和校验位，同一人不能重复登记。"],
        ["人员类别", "社区工作者 / 专职网格员"],
        ["学历", "、".join(str(label) for _, label in Education.choices)],
        ["社工职业资格", "无 / 助理社会工作师 / 社会工作师 / 高级社会工作师；有资格须填取得日期。"],
        ["岗位与等级", "正职 7–18 级，副职 4–15 级，其他 1–12 级（以现行薪酬标准为准）。"],
        ["日期", "格式 2024-07-01。"],
        ["所属社区/网格代码", "12 位社区代码或 15 位网格代码，须在您的管辖范围内。"],
        ["导入规则", "任何一行有错误，整份文件都不导入，并逐行列出错误。"],
    ):
        notes.append(line)
    return _save(wb)


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(f"{label}“{text}”不是有效日期（应为 2024-07-01 格式）。") from exc


def _choice(value: Any, choices: Any, label: str, *, default: str | None = None) -> str:
    text = _text(value)
    if not text and default is not None:
        return default
    mapping = _labels(choices)
    if text == "无" and "" in choices.values:
        return ""
    if text not in mapping:
        raise ValidationError(f"{label}“{text}”无效，应为：{'、'.join(k for k in mapping if k)}。")
    return mapping[text]


def _row_input(
    row: tuple, units: dict[str, Unit], batches: dict[str, RecruitmentBatch]
) -> tuple[WorkerInput, list[str]]:
    """Parse one row; return what could be read and the errors of the parsing itself."""
    cells = list(row) + [None] * (len(COLUMNS) - len(row))
    errors: list[str] = []

    def grab(fn: Any, *args: Any, **kw: Any) -> Any:
        try:
            return fn(*args, **kw)
        except ValidationError as exc:
            errors.extend(exc.messages)
            return None

    if isinstance(cells[1], int | float):
        errors.append("身份证号被 Excel 存成了数字（会丢失末位），请把该列设为文本后重新填写。")
    code = _text(cells[9])
    unit = units.get(code)
    if unit is None:
        errors.append(f"所属社区/网格代码“{code}”不存在或已撤销。")
    grade_text = _text(cells[7])
    if not grade_text.isdigit():
        errors.append(f"等级“{grade_text}”应为整数。")
    hire = grab(_date, cells[8], "入职日期")
    if hire is None and not any("入职日期" in e for e in errors):
        errors.append("入职日期不能为空。")
    batch_name = _text(cells[11])
    if batch_name and batch_name not in batches:
        errors.append(f"招聘批次“{batch_name}”不存在。")
    data = WorkerInput(
        name=_text(cells[0]),
        id_number=_text(cells[1]),
        kind=grab(_choice, cells[2], WorkerKind, "人员类别", default=WorkerKind.COMMUNITY) or "",
        education=grab(_choice, cells[3], Education, "学历") or "",
        certificate=grab(_choice, cells[4], Certificate, "社工职业资格", default="") or "",
        certificate_date=grab(_date, cells[5], "取得资格日期"),
        post=grab(_choice, cells[6], Post, "岗位") or "",
        grade=int(grade_text) if grade_text.isdigit() else 0,
        hire_date=hire or dt.date.min,
        unit=unit,  # type: ignore[arg-type]
        phone=_text(cells[10]),
        recruitment_batch=batches.get(batch_name),
    )
    return data, errors


def _digest_or_none(raw: str) -> str | None:
    try:
        return id_digest(id_validate(raw).normalized)
    except ValidationError:
        return None


def _parse_duplicate(message: str, errors: list[str]) -> bool:
    """worker_build repeats a problem the parser already named (an unreadable grade or date)."""
    return ("入职日期" in message and any("入职日期" in e for e in errors)) or (
        "等级" in message and any(e.startswith("等级") for e in errors)
    )


def roster_import(*, actor: User, content: bytes) -> ImportReport:
    """Validate every row; write all of them, or none and report each bad row."""
    require_roster_editor(actor)
    report = ImportReport()
    if len(content) > MAX_UPLOAD_BYTES:
        report.errors.append((0, "文件超过 5 MB。"))
        return report
    if not is_xlsx_container(content):
        report.errors.append((0, "文件不是 Excel（.xlsx）格式，请使用下载的模板。"))
        return report
    try:
        ws = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same to the user.
        report.errors.append((0, "无法读取该 Excel 文件，请确认文件未损坏。"))
        return report
    if not rows or [_text(c) for c in rows[0][: len(COLUMNS)]] != COLUMNS:
        report.errors.append((1, f"表头应为：{'、'.join(COLUMNS)}。请使用下载的模板。"))
        return report
    body = [(i, r) for i, r in enumerate(rows[1:], start=2) if any(_text(c) for c in r)]
    if not body:
        report.errors.append((0, "文件中没有数据行。"))
        return report
    if len(body) > MAX_ROWS:
        report.errors.append((0, f"一次最多导入 {MAX_ROWS} 行。"))
        return report
    codes = {_text(r[9]) for _, r in body if len(r) > 9}
    units = {u.code: u for u in Unit.objects.current().filter(code__in=codes)}
    batches = {b.name: b for b in RecruitmentBatch.objects.all()}
    try:
        tables = scale_tables_in_force()
    except ValidationError as exc:
        report.errors.append((0, exc.messages[0]))
        return report
    parsed = [(row_number, *_row_input(row, units, batches)) for row_number, row in body]
    digests = {row_number: _digest_or_none(data.id_number) for row_number, data, _ in parsed}
    existing = set(
        Worker.objects.filter(id_hash__in=[d for d in digests.values() if d]).values_list(
            "id_hash", flat=True
        )
    )
    seen: dict[str, int] = {}
    built: list[Worker] = []
    for row_number, data, errors in parsed:
        worker = None
        if data.unit is not None:  # without a place the remaining checks cannot run
            try:
                worker = worker_build(data, actor=actor, tables=tables)
            except ValidationError as exc:
                errors.extend(m for m in exc.messages if m not in errors and not _parse_duplicate(m, errors))
        digest = digests[row_number]
        if digest in seen:
            errors.append(f"身份证号与第 {seen[digest]} 行重复。")
        elif digest in existing:
            errors.append(duplicate_message(data.id_number.strip()[-4:].upper()))
        if digest:
            seen.setdefault(digest, row_number)
        report.errors.extend((row_number, message) for message in errors)
        if worker is not None and not errors:
            built.append(worker)
    report.errors.sort()
    if report.errors:
        return report
    _write(actor, built)
    report.created = len(built)
    return report


@transaction.atomic
def _write(actor: User, workers: list[Worker]) -> None:
    Worker.objects.bulk_create(workers, batch_size=500)
    AdjustmentOrder.objects.bulk_create([initial_order(w) for w in workers], batch_size=500)
    audit_record(
        actor=actor,
        action="worker.import",
        target_type="workforce.Worker",
        target_repr=f"导入花名册 {len(workers)} 人",
        after={"created": len(workers), "worker_ids": [w.id for w in workers][:1000]},
    )


def roster_export(workers: Iterable[Worker]) -> bytes:
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = "花名册"
    _header_fill(ws, COLUMNS + EXPORT_EXTRA)
    for w in workers:
        ws.append(
            [
                w.name,
                id_mask(w.id_encrypted, w.id_last4),
                w.get_kind_display(),
                w.get_education_display(),
                w.get_certificate_display() if w.certificate else "无",
                w.certificate_date,
                w.get_post_display(),
                w.grade,
                w.hire_date,
                w.unit.code,
                w.phone,
                w.recruitment_batch.name if w.recruitment_batch else "",
                w.unit.name,
                w.get_gender_display(),
                w.birth_date,
                float(w.monthly_pay),
                w.get_status_display(),
            ]
        )
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    return _save(wb)
