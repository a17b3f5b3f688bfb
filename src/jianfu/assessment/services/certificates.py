"""“May the community issue X?” — the certificate checker, and the community's log of what it did."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.admission.config import match_settings, settings_current
from jianfu.catalog.matcher import ItemDoc
from jianfu.catalog.models import AlternativeKind, CatalogItem, ListLevel, ListType
from jianfu.catalog.selectors import index_cached, version_in_force, version_index
from jianfu.catalog.text import split_keywords
from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Role, User
from jianfu.core.scope import code_in_scope, has_role
from jianfu.regions.models import Level, Unit

from ..models import AllowedCertificate, CertificateLog, CertificateOutcome

MAX_QUERY_CHARS = 100
ALLOWED = "allowed_cert"
# Offset so allowed-certificate ids never collide with catalog item ids inside one index.
ALLOWED_ID_OFFSET = 10**9
COMMITMENT_TEXT = "也可由申请人书面告知承诺（告知承诺制），无需社区出具证明"


@dataclass
class CertificateAnswer:
    query: str
    verdict: str  # "no": must not issue; "yes": may issue; "unknown": not on either list
    name: str = ""
    code: str = ""
    legal_basis: str = ""
    alternative: str = ""
    department: str = ""
    conditions: str = ""
    matched_words: list[str] = field(default_factory=list)
    others: list[dict] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.verdict == "no":
            return f"社区不应出具“{self.name}”。"
        if self.verdict == "yes":
            return f"社区可以出具“{self.name}”。"
        return "两张清单都没有找到这项证明：请向所在社区或街道咨询，社区不得随意出具。"

    def as_dict(self) -> dict:
        return {
            "query": self.query,
            "verdict": self.verdict,
            "message": self.message,
            "name": self.name,
            "code": self.code,
            "legal_basis": self.legal_basis,
            "alternative": self.alternative,
            "department": self.department,
            "conditions": self.conditions,
            "matched_words": self.matched_words,
            "others": self.others,
        }


def _alternative(item: CatalogItem) -> str:
    parts = [item.alternative_channel] if item.alternative_channel else []
    if (
        item.alternative_kind in (AlternativeKind.COMMITMENT, AlternativeKind.BOTH)
        and "承诺" not in item.alternative_channel
    ):
        parts.append(COMMITMENT_TEXT)
    if not parts and item.responsible_department:
        parts.append(f"请向{item.responsible_department}申请核实或出具")
    return "；".join(parts) or COMMITMENT_TEXT


def certificate_check(*, text: str, level: str = ListLevel.COMMUNITY) -> CertificateAnswer:
    """Match the question against the negative certificate list in force and the allowed list."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("请输入要查询的证明名称，例如“无犯罪记录证明”。")
    if len(text) > MAX_QUERY_CHARS:
        raise ValidationError(f"查询内容过长，请只写证明名称（不超过 {MAX_QUERY_CHARS} 字）。")
    if level not in ListLevel.values:
        level = ListLevel.COMMUNITY
    version = version_in_force(level=level)
    # The list's items come from the version's cached index; only name, category and aliases are
    # matched here (a certificate's description would drown its name).
    negatives = (
        [
            ItemDoc(
                id=d.id,
                code=d.code,
                name=d.name,
                list_type=d.list_type,
                category=d.category,
                keywords=d.keywords,
            )
            for d in version_index(version=version).items
            if d.list_type == ListType.NEGATIVE_CERT
        ]
        if version
        else []
    )
    allowed = {c.pk + ALLOWED_ID_OFFSET: c for c in AllowedCertificate.objects.filter(is_active=True)}
    docs = negatives + [
        ItemDoc(id=k, code=c.code, name=c.name, list_type=ALLOWED, keywords=tuple(split_keywords(c.keywords)))
        for k, c in allowed.items()
    ]
    answer = CertificateAnswer(query=text, verdict="unknown")
    if not docs:
        return answer
    # The matcher only considers certificate items when a certificate is asked for; a resident types
    # just the name ("无犯罪记录"), so the question is read as a request for that certificate.
    query = text if "证明" in text else f"{text}证明"
    settings = match_settings(settings_current())
    # The documents themselves are the cache key: an edited allowed certificate gives a new index.
    index = index_cached(key=("certificates", *docs), docs=lambda: docs)
    candidates = index.search(query, limit=settings.top_n)
    close = [c for c in candidates if settings.is_close(c)]
    answer.others = [
        {"name": c.item.name, "verdict": "yes" if c.item.list_type == ALLOWED else "no"} for c in close[1:4]
    ]
    if not close:
        return answer
    best = close[0]
    answer.matched_words, answer.code = best.matched_words, best.item.code
    if best.item.list_type == ALLOWED:
        cert = allowed[best.item.id]
        answer.verdict, answer.name = "yes", cert.name
        answer.legal_basis, answer.conditions = cert.legal_basis, cert.conditions
    else:
        item = CatalogItem.objects.get(pk=best.item.id)
        answer.verdict, answer.name = "no", item.name
        answer.legal_basis, answer.department = item.legal_basis, item.responsible_department
        answer.alternative = _alternative(item)
    return answer


@transaction.atomic
def certificate_log(
    *,
    actor: User,
    community: Unit | None,
    outcome: str,
    certificate: str,
    item_code: str = "",
    requested_by: str = "",
    note: str = "",
    recorded_on: dt.date | None = None,
    is_demo: bool = False,
) -> CertificateLog:
    if not has_role(actor, Role.COMMUNITY, Role.STREET_OFFICE):
        raise PermissionDenied("只有社区（村）工作人员可以登记证明出具情况。")
    today = timezone.localdate()
    recorded_on = recorded_on or today
    certificate = (certificate or "").strip()
    errors = []
    if community is None or community.level != Level.COMMUNITY:
        errors.append("请选择社区（村）。")
    elif not code_in_scope(actor, community.code):
        errors.append(f"“{community.name}”不在您的管辖范围内。")
    if outcome not in CertificateOutcome.values:
        errors.append("请选择“拒绝出具”或“已出具”。")
    if not certificate:
        errors.append("请填写证明事项名称。")
    elif len(certificate) > 100:
        errors.append("证明事项名称不能超过 100 字。")
    if recorded_on > today:
        errors.append("日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    assert community is not None
    row = CertificateLog.objects.create(
        community=community,
        recorded_by=actor,
        recorded_on=recorded_on,
        outcome=outcome,
        certificate=certificate,
        item_code=(item_code or "")[:32],
        requested_by=(requested_by or "").strip()[:100],
        note=(note or "").strip()[:300],
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="assessment.certificate_log",
        target=row,
        scope_code=community.code,
        after=snapshot(row),
    )
    return row
