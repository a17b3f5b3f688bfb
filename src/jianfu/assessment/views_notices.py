"""Notice pages: the archive, drafting for a closed year, editing the text, issuing, downloading the .docx."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.core.models import Role
from jianfu.core.scope import has_role

from . import selectors, services
from .docx_notice import notice_docx
from .forms import NoticeForm
from .scoring import year_closed
from .views_reports import errors_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def notice_list(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    years = [(y, year_closed(y)) for y in range(year, year - 4, -1)]
    return render(
        request,
        "assessment/notice_list.html",
        {
            "notices": selectors.notices_visible(user=request.user),
            "is_city": has_role(request.user, Role.CITY_OFFICE),
            "years": years,
        },
    )


@require_POST
def notice_new(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("year", "")
    try:
        if not raw.isdigit():
            raise ValidationError("请选择通报年度。")
        notice = services.notice_draft(actor=request.user, year=int(raw))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
        return redirect("assessment:notice_list")
    messages.success(
        request, f"已起草通报 {notice.document_number}，点名 {notice.departments.count()} 个部门。"
    )
    return redirect("assessment:notice_detail", notice.pk)


def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.notice_get(user=request.user, notice_id=notice_id)
    is_city = has_role(request.user, Role.CITY_OFFICE)
    form = NoticeForm(
        request.POST or None,
        initial={
            "title": notice.title,
            "recipients": notice.recipients,
            "sequence": notice.sequence,
            "signed_on": notice.signed_on,
            "body": notice.body,
        },
    )
    if request.method == "POST":
        if not is_city:
            raise PermissionDenied("只有市级减负办可以修改通报。")
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.notice_update(
                    actor=request.user,
                    notice=notice,
                    title=d["title"],
                    body=d["body"],
                    recipients=d["recipients"],
                    sequence=d["sequence"],
                    signed_on=d["signed_on"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "通报已保存；下载的 Word 文件已按新内容重新生成。")
                return redirect("assessment:notice_detail", notice.pk)
    return render(
        request,
        "assessment/notice_detail.html",
        {"notice": notice, "form": form, "may_edit": is_city and notice.is_draft, "is_city": is_city},
    )


@require_POST
def notice_issue(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.notice_get(user=request.user, notice_id=notice_id)
    try:
        services.notice_issue(actor=request.user, notice=notice)
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, f"通报 {notice.document_number} 已印发并归档。")
    return redirect("assessment:notice_detail", notice.pk)


def notice_download(request: HttpRequest, notice_id: int) -> HttpResponse:
    """An issued notice: the archived file; a draft: generated afresh from the current text."""
    notice = selectors.notice_get(user=request.user, notice_id=notice_id)
    filename = f"{notice.document_number}{'（草稿）' if notice.is_draft else ''}.docx"
    if not notice.is_draft and notice.document:
        return FileResponse(
            notice.document.open("rb"), as_attachment=True, filename=filename, content_type=DOCX
        )
    response = HttpResponse(notice_docx(notice), content_type=DOCX)
    response["Content-Disposition"] = _disposition(filename)
    return response


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(filename)}"
