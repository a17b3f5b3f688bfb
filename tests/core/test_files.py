from __future__ import annotations

import pytest

from jianfu.core.files import file_kind, is_xlsx_container


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"PK\x03\x04\x14\x00", "zip"),
        (b"GIF89a", None),
        (b"", None),
        (b"MZ\x90\x00", None),
    ],
)
def test_file_kind_by_content(head, kind):
    assert file_kind(head) == kind


def test_xlsx_container_is_a_zip_not_a_name():
    assert is_xlsx_container(b"PK\x03\x04rest")
    assert not is_xlsx_container(b"id,name\n1,a\n")
