from __future__ import annotations

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jianfu.signage.models import Facility, Room, Sign, SignKind, SignStatus


def png_bytes(extra: int = 0) -> bytes:
    """A real 1×1 PNG, optionally padded with a trailing chunk to reach a size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    body = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    body += chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    if extra:
        body += chunk(b"tEXt", b"c\x00" + b"x" * extra)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


@pytest.fixture
def png():
    return lambda name="photo.png", extra=0: SimpleUploadedFile(
        name, png_bytes(extra), content_type="image/png"
    )


@pytest.fixture
def facility(tree) -> Facility:
    """公主府社区's service centre with every standard sign, one extra sign and a crowded room."""
    f = Facility.objects.create(unit=tree["gongzhufu"], name="公主府社区党群服务中心")
    hall = Room.objects.create(facility=f, name="便民服务大厅", sort=1)
    office = Room.objects.create(facility=f, name="党员活动室", sort=2)
    for key, kind, text in [
        ("party", SignKind.SIGN, "中国共产党公主府社区委员会"),
        ("committee", SignKind.SIGN, "公主府社区居民委员会"),
        ("supervision", SignKind.SIGN, "公主府社区居务监督委员会"),
        ("service_center", SignKind.MARK, "公主府社区党群服务中心"),
        ("civilization", SignKind.MARK, "公主府社区新时代文明实践站"),
    ]:
        Sign.objects.create(facility=f, kind=kind, text=text, standard_key=key)
    Sign.objects.create(
        facility=f, kind=SignKind.SIGN, text="公主府社区老年人协会", status=SignStatus.TO_REMOVE
    )
    Sign.objects.create(facility=f, room=hall, kind=SignKind.GUIDE, text="便民服务指南")
    Sign.objects.create(facility=f, room=hall, kind=SignKind.SIGN, text="便民服务大厅")
    Sign.objects.create(facility=f, room=office, kind=SignKind.SIGN, text="党员活动室")
    Sign.objects.create(facility=f, room=office, kind=SignKind.SIGN, text="党风廉政建设室")
    Sign.objects.create(facility=f, room=office, kind=SignKind.BOARD, text="工作制度")
    return f
