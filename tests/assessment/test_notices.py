"""Notices: refused for an open year, drafted naming the departments, a GB/T 9704 .docx, edit, issue, archive."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from jianfu.assessment.docx_notice import notice_docx
from jianfu.assessment.models import Notice, NoticeStatus
from jianfu.assessment.services import notice_draft, notice_issue, notice_update, scheme_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_year(confirmed, scheme, users):
    confirmed()
    scheme_publish(actor=users["city"], scheme=scheme)
    return scheme.year


def test_a_notice_for_a_year_not_yet_closed_is_refused(confirmed, users, year):
    confirmed()
    with pytest.raises(ValidationError, match="尚未结束"):
        notice_draft(actor=users["city"], year=year)
    assert not Notice.objects.exists()


def test_a_closed_year_without_violations_needs_no_notice(users, year):
    with pytest.raises(ValidationError, match="无需通报"):
        notice_draft(actor=users["city"], year=year - 1)  # an ended year is closed
    assert not Notice.objects.exists()


def test_only_the_city_office_drafts(closed_year, users):
    with pytest.raises(PermissionDenied):
        notice_draft(actor=users["district"], year=closed_year)


def test_draft_names_the_departments_and_the_docx_follows_the_official_layout(closed_year, users, department):
    notice = notice_draft(actor=users["city"], year=closed_year)
    assert list(notice.departments.all()) == [department]
    assert notice.document_number == f"呼减负办〔{notice.number_year}〕1号"
    assert "市市场监督管理局：1 起" in notice.body and "反向扣 3.00 分" in notice.body
    doc = Document(io.BytesIO(notice_docx(notice)))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [37, 35, 28, 26]
    texts = [p.text for p in doc.paragraphs]
    mark = doc.paragraphs[0]
    assert mark.text == notice.issuer_mark
    assert mark.runs[0].font.color.rgb == (0xFF, 0x00, 0x00)
    assert mark.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    number = next(p for p in doc.paragraphs if p.text == notice.document_number)
    assert number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"
    assert notice.title in texts
    body = next(p for p in doc.paragraphs if "市市场监督管理局" in p.text)
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16
    assert texts.index(notice.issuer_name) > texts.index(body.text)
    d = notice.signed_on
    assert f"{d.year}年{d.month}月{d.day}日" in texts


def test_edit_then_issue_archives_the_document_and_freezes_the_text(closed_year, users):
    notice = notice_draft(actor=users["city"], year=closed_year)
    with pytest.raises(ValidationError) as exc:
        notice_update(
            actor=users["city"], notice=notice, title="", body="", recipients="x", sequence=0, signed_on=None
        )
    assert {"请填写通报标题。", "请填写通报正文。", "发文顺序号应为正整数。", "请填写成文日期。"} <= set(
        exc.value.messages
    )
    notice = notice_update(
        actor=users["city"],
        notice=notice,
        title="关于部门违规摊派情况的通报",
        body=notice.body + "\n特此通报。",
        recipients=notice.recipients,
        sequence=3,
        signed_on=notice.signed_on,
    )
    assert notice.document_number.endswith(f"〔{notice.number_year}〕3号")
    issued = notice_issue(actor=users["city"], notice=notice)
    assert issued.status == NoticeStatus.ISSUED and issued.document.name.endswith(".docx")
    with issued.document.open("rb") as f:
        doc = Document(f)
    texts = [p.text for p in doc.paragraphs]
    assert "关于部门违规摊派情况的通报" in texts and "特此通报。" in texts
    with pytest.raises(ValidationError, match="已印发"):
        notice_update(
            actor=users["city"],
            notice=issued,
            title="改",
            body="改",
            recipients="改",
            sequence=3,
            signed_on=notice.signed_on,
        )


def test_notice_pages_draft_edit_download(closed_year, users, client_for, department):
    client = client_for(users["city"])
    response = client.post(reverse("assessment:notice_new"), {"year": closed_year})
    notice = Notice.objects.get()
    assert response.url == reverse("assessment:notice_detail", args=[notice.pk])
    page = client.get(response.url)
    assert "市市场监督管理局" in page.content.decode()
    client.post(
        response.url,
        {
            "title": "改过的标题",
            "recipients": "市直各部门",
            "sequence": 2,
            "signed_on": notice.signed_on.isoformat(),
            "body": "第一段。\n第二段。",
        },
    )
    download = client.get(reverse("assessment:notice_download", args=[notice.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    texts = [p.text for p in Document(io.BytesIO(download.content)).paragraphs]
    assert "改过的标题" in texts and "第二段。" in texts


def test_open_year_draft_is_refused_on_the_page(confirmed, users, client_for, year):
    confirmed()
    client = client_for(users["city"])
    page = client.post(reverse("assessment:notice_new"), {"year": year}, follow=True)
    assert "尚未结束" in page.content.decode()
    assert not Notice.objects.exists()


def test_drafts_are_for_offices_issued_notices_for_everyone(closed_year, users, client_for):
    notice = notice_draft(actor=users["city"], year=closed_year)
    url = reverse("assessment:notice_detail", args=[notice.pk])
    assert client_for(users["department"]).get(url).status_code == 404
    notice_issue(actor=users["city"], notice=notice)
    assert client_for(users["department"]).get(url).status_code == 200
    assert client_for(users["department"]).post(url, {"title": "x"}).status_code == 403
