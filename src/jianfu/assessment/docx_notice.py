"""A notice as a Word document in the official layout of GB/T 9704-2012 (党政机关公文格式).

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm. The issuing body's mark in red
方正小标宋简体, the document number in 3号 仿宋_GB2312 centred under it, a red separator line, the
title in 2号 方正小标宋简体, the main recipient flush left, the body in 3号 仿宋_GB2312 with a
two-character first-line indent on a 28.95 pt grid (22 lines a page), then the issuing body and
the date (Arabic numerals) at the end. Fonts are named even where they are not installed: Word
falls back, and a machine with the official fonts shows them.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .models import Notice

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
RED = RGBColor(0xFF, 0x00, 0x00)
SIZE_MARK = Pt(36)  # 小初 or so: the standard leaves the mark's size to the issuer, "醒目、美观、庄重"
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
LINE = Pt(28.95)


def _font(run, name: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None) -> None:  # type: ignore[no-untyped-def]
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    # East Asian text takes its font from w:eastAsia, which python-docx does not set by itself.
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _paragraph(
    doc,  # type: ignore[no-untyped-def]
    text: str,
    *,
    font: str = BODY_FONT,
    size: Pt = SIZE_BODY,
    align: int | None = None,
    indent: bool = False,
    bold: bool = False,
    color: RGBColor | None = None,
) -> Paragraph:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE if size <= SIZE_BODY else Pt(size.pt * 1.5)
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if text:
        _font(p.add_run(text), font, size, bold=bold, color=color)
    return p


def _red_line(paragraph: Paragraph) -> None:
    """The separator (版头中的分隔线): a red rule under the document number."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4"), ("w:color", "FF0000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _date_text(notice: Notice) -> str:
    d = notice.signed_on
    return f"{d.year}年{d.month}月{d.day}日"


def notice_docx(notice: Notice) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, SIZE_BODY
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    # 版头: the issuing body's mark in red, two blank lines, the number, the red line.
    mark = _paragraph(
        doc, notice.issuer_mark, font=TITLE_FONT, size=SIZE_MARK, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED
    )
    mark.paragraph_format.space_before = Pt(12)
    _paragraph(doc, "")
    _paragraph(doc, "")
    number = _paragraph(doc, notice.document_number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _red_line(number)
    _paragraph(doc, "")

    # 主体: title, recipients, body, issuing body and date.
    _paragraph(doc, notice.title, font=TITLE_FONT, size=SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "")
    _paragraph(doc, f"{notice.recipients}：")
    for text in notice.paragraphs:
        is_heading = text[:2] in {"一、", "二、", "三、", "四、", "五、", "六、"}
        _paragraph(doc, text, font=HEADING_FONT if is_heading else BODY_FONT, indent=True)
    _paragraph(doc, "")
    _paragraph(doc, "")
    signer = _paragraph(doc, notice.issuer_name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signer.paragraph_format.right_indent = Pt(SIZE_BODY.pt * 2)
    dated = _paragraph(doc, _date_text(notice), align=WD_ALIGN_PARAGRAPH.RIGHT)
    dated.paragraph_format.right_indent = Pt(SIZE_BODY.pt * 4)
    _paragraph(doc, "")
    _paragraph(doc, "（此件公开发布）", indent=True)

    doc.core_properties.title = notice.title
    doc.core_properties.author = notice.issuer_name
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
