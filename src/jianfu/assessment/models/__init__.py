"""Direct reports and violations, the department assessment, notices, and certificate records."""

from .certificates import AllowedCertificate, CertificateLog, CertificateOutcome
from .notices import Notice, NoticeSettings, NoticeStatus
from .notifications import Notification
from .reports import (
    COUNTED_STATUSES,
    Channel,
    DirectReport,
    ReportEvent,
    ReportEvidence,
    ReportStatus,
    Suggestion,
    ViolationType,
)
from .scoring import (
    AssessmentResult,
    AssessmentScheme,
    DeductionRule,
    Indicator,
    IndicatorScore,
    SchemeStatus,
)

__all__ = [
    "COUNTED_STATUSES",
    "AllowedCertificate",
    "AssessmentResult",
    "AssessmentScheme",
    "CertificateLog",
    "CertificateOutcome",
    "Channel",
    "DeductionRule",
    "DirectReport",
    "Indicator",
    "IndicatorScore",
    "Notice",
    "Notification",
    "NoticeSettings",
    "NoticeStatus",
    "ReportEvent",
    "ReportEvidence",
    "ReportStatus",
    "SchemeStatus",
    "Suggestion",
    "ViolationType",
]
