"""Assessment services: direct reports and triage, schemes and publishing, notices, certificates."""

from .certificates import CertificateAnswer, certificate_check, certificate_log
from .notices import notice_draft, notice_issue, notice_update
from .reports import appeal_decide, report_appeal, report_confirm, report_dismiss, report_merge, report_submit
from .schemes import indicator_scores_set, scheme_create, scheme_publish, scheme_update

__all__ = [
    "CertificateAnswer",
    "appeal_decide",
    "certificate_check",
    "certificate_log",
    "indicator_scores_set",
    "notice_draft",
    "notice_issue",
    "notice_update",
    "report_appeal",
    "report_confirm",
    "report_dismiss",
    "report_merge",
    "report_submit",
    "scheme_create",
    "scheme_publish",
    "scheme_update",
]
