from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError

from jianfu.workforce.idnumber import (
    check_char,
    id_decrypt,
    id_digest,
    id_encrypt,
    id_mask,
    id_validate,
    synthetic_id,
)

# The standard's worked example: 11010519491231002X.
EXAMPLE = "11010519491231002X"


def test_check_digit_of_the_standard_example():
    assert check_char(EXAMPLE[:17]) == "X"
    facts = id_validate(EXAMPLE)
    assert facts.birth_date == dt.date(1949, 12, 31)
    assert facts.gender == "F"  # 17th digit 2 is even


def test_gender_from_the_seventeenth_digit():
    male = synthetic_id(area="150102", birth=dt.date(1990, 5, 17), sequence=123)
    assert id_validate(male).gender == "M"
    assert id_validate(male.lower()).normalized == male


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("15010219900517123", "18 位"),
        ("1501021990051712AB", "18 位"),
        ("990102199005171234", "县级行政区划"),
        ("150000199005171234", "县级行政区划"),
        ("150102199002301234", "出生日期"),
        ("150102209901011234", "出生日期"),
        ("150102185001011234", "出生日期"),
    ],
)
def test_bad_shapes_are_refused_in_chinese(raw, message):
    with pytest.raises(ValidationError) as exc:
        id_validate(raw)
    assert message in exc.value.messages[0]


def test_wrong_check_digit_is_refused_without_echoing_the_number():
    good = synthetic_id(area="150105", birth=dt.date(1988, 3, 9), sequence=45)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        id_validate(wrong)
    assert "校验位" in exc.value.messages[0]
    assert wrong not in exc.value.messages[0] and wrong[:14] not in exc.value.messages[0]


def test_digest_is_keyed_and_stable_and_encryption_round_trips(settings):
    number = synthetic_id(area="150104", birth=dt.date(1995, 1, 2), sequence=7)
    digest = id_digest(number)
    assert digest == id_digest(number) and number not in digest and len(digest) == 64
    token = id_encrypt(number)
    assert number not in token and id_decrypt(token) == number
    assert id_mask(token, number[-4:]) == number[:6] + "********" + number[-4:]
    settings.SECRET_KEY = "another-key-entirely"
    assert id_digest(number) != digest
    assert id_decrypt(token) is None
    assert id_mask(token, number[-4:]) == "*" * 14 + number[-4:]


def test_validation_logs_nothing(caplog):
    number = synthetic_id(area="150121", birth=dt.date(1979, 8, 8), sequence=901)
    with caplog.at_level(logging.DEBUG):
        id_validate(number)
        id_digest(number)
    assert number not in caplog.text
