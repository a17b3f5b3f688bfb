"""Excel import and export of a list version (openpyxl). The format is documented in the template.

Sheet “清单事项”, header in row 1, one item per row from row 2. Columns: see COLUMNS. Reading
validates every row first and reports every problem with its row number; nothing is saved unless
the whole file is clean.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from jianfu.core.files import is_xlsx_container

from .models import LIST_TITLES, AlternativeKind, CatalogVersion, ListType
from .services import item_validate

SHEET = "清单事项"
HELP_SHEET = "填写说明"
MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024
# (header, field, required, help)
COLUMNS = [
    (
        "清单类型",
        "list_type",
        True,
        "依法履行职责事项 / 依法协助政府工作事项 / 不应承担的工作事项 / 不应出具的证明事项（也可写：履职、协助、负面、证明）",
    ),
    ("编码", "code", True, "本版本内唯一，跨版本保持不变（比对版本差异时按编码对应），如 SQ-XZ-001"),
    ("事项名称", "name", True, "不超过 200 字"),
    ("类别", "category", False, "如 社会救助、就业服务"),
    ("事项说明", "description", False, "社区需要做什么"),
    ("法律依据", "legal_basis", False, "法律法规名称及条款"),
    ("责任部门", "responsible_department", False, "主管的职能部门"),
    ("关键词/别称", "keywords", False, "用顿号分隔，预审时用于匹配部门的不同说法"),
    ("费随事转", "funds_follow_task", False, "是 / 否"),
    ("替代方式", "alternative_kind", False, "证明事项填写：部门核实 / 告知承诺 / 部门核实或告知承诺"),
    ("替代渠道", "alternative_channel", False, "证明事项必填：由哪个部门核实出具，或实行告知承诺"),
]
TYPE_ALIASES: dict[str, str] = {t.label: t.value for t in ListType} | {t.value: t.value for t in ListType}
TYPE_ALIASES |= {title: key[1] for key, title in LIST_TITLES.items()}
TYPE_ALIASES |= {"履职": "duty", "协助": "assist", "负面": "negative_work", "证明": "negative_cert"}
ALT_ALIASES = {"": "", "部门核实": "department", "告知承诺": "commitment", "部门核实或告知承诺": "both"}
ALT_ALIASES |= {k.label: k.value for k in AlternativeKind if k.value} | {
    k.value: k.value for k in AlternativeKind
}
ALT_LABELS = {"": "", "department": "部门核实", "commitment": "告知承诺", "both": "部门核实或告知承诺"}
YES = {"是", "y", "yes", "true", "1", "√"}
NO = {"否", "n", "no", "false", "0", "", "×"}


@dataclass
class ReadResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _header_row(ws: Any) -> None:
    ws.append([c[0] for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B3261E")
    widths = [22, 14, 36, 14, 30, 36, 22, 36, 9, 16, 40]
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"


def _help_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet(HELP_SHEET)
    ws.append(["列", "是否必填", "说明"])
    for header, _, required, help_text in COLUMNS:
        ws.append([header, "必填" if required else "选填", help_text])
    ws.append([])
    ws.append(["规则", "", "第一个工作表名为“清单事项”，第 1 行为表头，从第 2 行起每行一个事项。"])
    ws.append(["", "", "导入时整份文件先逐行校验，有任何错误则全部不导入，并列出出错的行号和原因。"])
    ws.append(["", "", "导入结果为一个草稿版本，核对后由市级减负办发布并设定生效日期。"])
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["C"].width = 90
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _header_row(ws)
    ws.append(
        [
            "依法协助政府工作事项",
            "SQ-XZ-001",
            "最低生活保障申请受理和入户调查",
            "社会救助",
            "",
            "《社会救助暂行办法》第十一条",
            "市民政局",
            "低保、入户调查",
            "是",
            "",
            "",
        ]
    )
    ws.append(
        [
            "不应出具的证明事项",
            "SQ-ZM-001",
            "亲属关系证明",
            "人身关系",
            "",
            "",
            "市公安局",
            "亲属关系",
            "否",
            "部门核实或告知承诺",
            "由公安机关依据户籍信息核实；无法核实的实行告知承诺",
        ]
    )
    _help_sheet(wb)
    return _save(wb)


def export_workbook(version: CatalogVersion) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _header_row(ws)
    for item in version.items.order_by("list_type", "sort_order", "code"):
        ws.append(
            [
                item.get_list_type_display(),
                item.code,
                item.name,
                item.category,
                item.description,
                item.legal_basis,
                item.responsible_department,
                item.keywords,
                "是" if item.funds_follow_task else "否",
                ALT_LABELS.get(item.alternative_kind, ""),
                item.alternative_channel,
            ]
        )
    _help_sheet(wb)
    info = wb.create_sheet("版本信息")
    for label, value in (
        ("层级", version.get_level_display()),
        ("版本", version.name),
        ("年度", version.year),
        ("状态", version.get_status_display()),
        ("生效日期", str(version.effective_from or "")),
        ("失效日期", str(version.effective_to or "")),
        ("发文字号", version.document_number),
        ("演示内容", "是" if version.is_demo else "否"),
    ):
        info.append([label, value])
    return _save(wb)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def workbook_read(file: IO[bytes]) -> ReadResult:
    """Parse and validate a list file. Never raises for bad content: problems go to `errors`."""
    result = ReadResult()
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        result.errors.append("文件超过 10 MB。")
        return result
    if not is_xlsx_container(data):
        result.errors.append("文件不是 Excel（.xlsx）格式。请使用下载的模板填写。")
        return result
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        result.errors.append(f"无法读取 Excel 文件：{exc.__class__.__name__}。请使用下载的模板填写。")
        return result
    if SHEET not in wb.sheetnames:
        result.errors.append(f"找不到名为“{SHEET}”的工作表。")
        return result
    rows = list(wb[SHEET].iter_rows(values_only=True))
    if not rows:
        result.errors.append("工作表为空。")
        return result
    header = [_text(h) for h in rows[0]]
    positions = {}
    for title, field_name, required, _ in COLUMNS:
        if title in header:
            positions[field_name] = header.index(title)
        elif required:
            result.errors.append(f"缺少必填列“{title}”。")
    if result.errors:
        return result
    body = [r for r in rows[1:] if any(_text(v) for v in r)]
    if not body:
        result.errors.append("文件中没有事项。")
    if len(body) > MAX_ROWS:
        result.errors.append(f"事项超过 {MAX_ROWS} 行。")
        return result
    seen: dict[str, int] = {}
    for number, raw in enumerate(rows[1:], start=2):
        if not any(_text(v) for v in raw):
            continue
        cells = {f: _text(raw[i]) if i < len(raw) else "" for f, i in positions.items()}
        problems = []
        list_type = TYPE_ALIASES.get(cells.get("list_type", ""))
        if list_type is None:
            problems.append(f"清单类型“{cells.get('list_type', '')}”无法识别")
        funds = cells.get("funds_follow_task", "").lower()
        if funds not in YES | NO:
            problems.append(f"费随事转应为“是”或“否”，而不是“{funds}”")
        alt = ALT_ALIASES.get(cells.get("alternative_kind", ""))
        if alt is None:
            problems.append(f"替代方式“{cells.get('alternative_kind')}”无法识别")
        row = dict(
            cells,
            list_type=list_type or "",
            funds_follow_task=funds in YES,
            alternative_kind=alt or "",
            sort_order=number - 1,
        )
        if not problems:
            try:
                row = item_validate(row)
            except ValidationError as exc:
                problems.extend(m.rstrip("。") for m in exc.messages)
        code = cells.get("code", "")
        if code and code in seen:
            problems.append(f"编码“{code}”与第 {seen[code]} 行重复")
        seen.setdefault(code, number)
        if problems:
            result.errors.append(f"第 {number} 行：" + "；".join(problems) + "。")
        else:
            result.rows.append(row)
    return result
