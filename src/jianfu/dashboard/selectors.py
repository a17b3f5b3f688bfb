"""The programme at a glance: one figure per module, each read through that module's own selectors."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from jianfu.core.models import User


def programme_overview(*, user: User) -> list[dict]:
    """Cards for the main dashboard, scoped to the user like every module page."""
    from jianfu.admission import selectors as admission
    from jianfu.admission.models import RequestStatus
    from jianfu.assessment import selectors as assessment
    from jianfu.dispatch import selectors as dispatch
    from jianfu.signage import selectors as signage
    from jianfu.workforce import selectors as workforce
    from jianfu.workforce.models import Status as WorkerStatus

    year = timezone.localdate().year
    registry = admission.registry_in_force(admission.registry_visible(user=user))
    statuses = admission.status_counts(user=user)
    violations = assessment.violations_by_department(user=user, year=year)
    whistles = dispatch.dashboard_figures(user=user, year=year)
    settled = sum(s.settled for s in whistles["scores"])
    on_time = sum(s.on_time for s in whistles["scores"])
    cleanup = signage.cleanup_figures(user=user)["total"]
    serving = workforce.workers_visible(user=user).filter(status=WorkerStatus.SERVING)
    workers = serving.aggregate(n=Count("id"), pay=Sum("monthly_pay"))
    return [
        {"label": "准入事项（在册）", "value": registry.count(), "url": reverse("admission:registry"),
         "note": f"待审核 {admission.requests_awaiting(user=user).count()} 件，逾期 {admission.overdue(user=user).count()} 件",
         "key": "registry"},
        {"label": "准入申请（全部）", "value": sum(statuses.values()), "url": reverse("admission:request_list"),
         "note": "，".join(f"{RequestStatus(k).label} {v}" for k, v in statuses.items() if v)[:60],
         "key": "requests"},
        {"label": f"{year}年确认违规摊派", "value": sum(v["value"] for v in violations),
         "url": reverse("assessment:report_list"), "note": f"涉及 {len(violations)} 个部门", "key": "violations"},
        {"label": f"{year}年吹哨", "value": whistles["total"], "url": reverse("dispatch:home"),
         "note": f"按时报到率 {on_time / settled:.0%}" if settled else "暂无已结报到", "key": "whistles"},
        {"label": "已清理标牌/制度牌", "value": f"{cleanup.removed_signs}/{cleanup.removed_boards}",
         "url": reverse("signage:home"), "note": f"涉及 {cleanup.facilities} 处场所", "key": "signs"},
        {"label": "在岗社区工作者", "value": workers["n"] or 0, "url": reverse("workforce:home"),
         "note": f"月薪合计 {workers['pay'] or 0:,.0f} 元", "key": "workers"},
    ]
