"""Admission services: pre-check, requests and review, registry, configuration."""

from .config import admission_settings_set, precheck_rule_set
from .precheck import PrecheckOutcome, precheck_run
from .registry import registry_revoke
from .requests import (
    city_decide,
    district_decide,
    request_comment,
    request_resubmit,
    request_submit,
    request_withdraw,
)

__all__ = [
    "PrecheckOutcome",
    "admission_settings_set",
    "city_decide",
    "district_decide",
    "precheck_rule_set",
    "precheck_run",
    "registry_revoke",
    "request_comment",
    "request_resubmit",
    "request_submit",
    "request_withdraw",
]
