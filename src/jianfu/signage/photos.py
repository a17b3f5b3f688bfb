"""Checking uploaded register photos by their content: JPEG or PNG, within the configured size."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from jianfu.core.files import file_kind


def image_kind(head: bytes) -> str | None:
    """'jpeg' or 'png' when the first bytes are those of an image we accept, else None."""
    kind = file_kind(head)
    if kind == "jpeg":
        return kind
    # A PNG's first chunk is always IHDR: checking it rejects files that only borrow the signature.
    if kind == "png" and head[12:16] == b"IHDR":
        return kind
    return None


def photo_validate(upload: UploadedFile, *, max_kb: int, label: str = "照片") -> str:
    """Raise a Chinese ValidationError unless `upload` is a JPEG/PNG of at most `max_kb` KB; return its kind."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(f"{label}是空文件，请重新拍摄或选择。")
    if size > max_kb * 1024:
        raise ValidationError(
            f"{label}过大（{size / 1024 / 1024:.1f} MB），上限为 {max_kb / 1024:.1f} MB，请压缩后重新上传。"
        )
    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    kind = image_kind(head)
    if kind is None:
        raise ValidationError(f"{label}不是有效的图片文件，只接受 JPG 或 PNG 格式的照片。")
    return kind
