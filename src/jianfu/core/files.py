"""What an uploaded file really is, judged by its first bytes (never by its name or the browser's word)."""

from __future__ import annotations

# Office files (.xlsx, .docx) are zip containers.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"PK\x03\x04", "zip"),
)


def file_kind(head: bytes) -> str | None:
    """'pdf', 'jpeg', 'png' or 'zip' for the first bytes of a file we know, else None."""
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


def is_xlsx_container(data: bytes) -> bool:
    """Whether the bytes could be an .xlsx workbook (a zip); openpyxl then checks the inside."""
    return file_kind(data[:8]) == "zip"
