"""Resident ID numbers (GB 11643-1999): validation, derived facts, and how they are kept.

A number is never stored or logged in clear. Uniqueness uses a keyed HMAC-SHA256 digest; the
masked form is shown by decrypting a Fernet token. Both keys come from JIANFU_ID_KEY when set,
otherwise from SECRET_KEY (changing that key makes stored digests unmatchable, so production
should set JIANFU_ID_KEY once and keep it).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# Province-level codes that exist (11 Beijing … 82 Macao); 83 is Taiwan residents' permits.
PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
}  # fmt: skip


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdFacts:
    normalized: str
    birth_date: dt.date
    gender: str  # "M" or "F"


def id_validate(raw: str, *, today: dt.date | None = None) -> IdFacts:
    """Check shape, area code, birth date and check digit; return the normalized number and its facts.

    Error messages never repeat the number itself, so they are safe to show and to log.
    """
    number = (raw or "").strip().upper().replace(" ", "")
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError("身份证号应为 18 位，前 17 位为数字，最后一位为数字或 X。")
    area = number[:6]
    if area[:2] not in PROVINCES or area[2:] == "0000":
        raise ValidationError("身份证号前 6 位不是有效的县级行政区划代码。")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError("身份证号中的出生日期（第 7–14 位）不是有效日期。") from exc
    today = today or dt.date.today()
    if birth.year < 1900 or birth > today:
        raise ValidationError("身份证号中的出生日期（第 7–14 位）不在合理范围内。")
    if check_char(number[:17]) != number[17]:
        raise ValidationError("身份证号校验位错误，请核对是否录入有误。")
    return IdFacts(normalized=number, birth_date=birth, gender="M" if int(number[16]) % 2 else "F")


def _key_material() -> bytes:
    return (os.environ.get("JIANFU_ID_KEY") or settings.SECRET_KEY).encode()


@lru_cache(maxsize=4)
def _derived(material: bytes, purpose: str) -> bytes:
    return hashlib.sha256(b"jianfu-id:" + purpose.encode() + b":" + material).digest()


def id_digest(number: str) -> str:
    return hmac.new(_derived(_key_material(), "hmac"), number.encode(), hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derived(_key_material(), "fernet")))


def id_encrypt(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def id_decrypt(token: str) -> str | None:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def id_mask(token: str, last4: str) -> str:
    """150102********1234; when the token cannot be read (key changed), only the last four."""
    number = id_decrypt(token) if token else None
    if number is None:
        return "*" * 14 + last4
    return number[:6] + "*" * 8 + number[-4:]


def synthetic_id(*, area: str, birth: dt.date, sequence: int) -> str:
    """A well-formed number for demo data: real area code, valid check digit, sequence 0–999."""
    first17 = f"{area}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_char(first17)
