"""Demo admission requests, registry entries and department logins. Synthetic, marked is_demo. Safe to run twice.

Requests go through the real services (pre-check, review steps), so the demo shows what the gate does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jianfu.core.demo import DEMO_PASSWORD
from jianfu.core.models import Department, Role, User
from jianfu.regions.models import Level, Unit

from .models import AdmissionRequest
from .services import city_decide, district_decide, request_submit

# Extra department logins for the demo (the foundation ships `dept` for 市市场监督管理局).
DEPARTMENT_USERS = [
    ("dept_mz", "D01", "市民政局 孙科员"),
    ("dept_rs", "D02", "市人力资源和社会保障局 周科员"),
    ("dept_wj", "D03", "市卫生健康委员会 吴科员"),
    ("dept_ga", "D05", "市公安局 郑科员"),
    ("dept_zj", "D06", "市住房和城乡建设局 冯科员"),
    ("dept_yj", "D07", "市应急管理局 何科员"),
    ("dept_tj", "D08", "市统计局 许科员"),
    ("dept_tw", "D09", "市退役军人事务局 韩科员"),
]

# (username, districts, title, tasks, days ago started, hours, funded, outcome)
# outcome: "admit" (through every step), "district" (left in district review), "city" (left in city review),
# "overdue" (district review past its time limit), "precheck" (the pre-check decides).
REQUESTS = [
    (
        "dept_mz",
        ["新城区", "赛罕区"],
        "2026年度城乡低保对象动态复核",
        "请社区受理低保申请并配合街道对在册低保家庭开展入户调查，核实家庭收入和财产变化情况，张榜公示。",
        300,
        "6",
        True,
        "admit",
    ),
    (
        "dept_wj",
        ["回民区"],
        "65岁以上老年人免费健康体检通知",
        "请社区通知辖区65岁以上老年人到社区卫生服务中心参加免费健康体检，行动不便的协助预约上门服务。",
        240,
        "3",
        True,
        "admit",
    ),
    (
        "dept_yj",
        ["新城区"],
        "冬春火灾防控隐患巡查",
        "请社区组织清理楼道堆物，劝阻电动车进楼入户充电，发现火灾隐患及时上报消防救援站。",
        200,
        "4",
        True,
        "admit",
    ),
    (
        "dept_rs",
        ["玉泉区"],
        "养老金领取资格认证协助",
        "请社区协助辖区退休人员完成社会保险待遇领取资格认证，为不会操作的老人提供帮助。",
        150,
        "2",
        True,
        "admit",
    ),
    (
        "dept_tj",
        ["新城区"],
        "2026年人口变动情况抽样调查入户协助",
        "请社区配合统计调查员入户，协助做好抽样调查的宣传和住户登记工作。",
        120,
        "10",
        True,
        "admit",
    ),
    (
        "dept_zj",
        ["新城区"],
        "城镇燃气安全宣传入户",
        "请社区配合燃气企业开展燃气安全宣传，提醒居民安装燃气报警器，发现燃气泄漏隐患及时报告。",
        90,
        "12",
        True,
        "admit",
    ),
    (
        "dept_ga",
        ["新城区"],
        "流动人口和出租房屋信息采集",
        "请社区对辖区出租房屋和流动人口开展信息登记，采集租户信息录入系统。",
        60,
        "15",
        True,
        "admit",
    ),
    (
        "dept",
        ["新城区"],
        "食品安全宣传周进社区",
        "请社区配合开展食品安全宣传周活动，在小区张贴宣传海报，普及食品安全知识和消费维权渠道。",
        -5,
        "2",
        True,
        "district",
    ),
    (
        "dept_tw",
        ["赛罕区"],
        "为新增退役军人家庭悬挂光荣牌",
        "请社区为今年新增退役军人家庭悬挂光荣牌，并登记走访情况。",
        -3,
        "3",
        True,
        "overdue",
    ),
    (
        "dept_zj",
        ["新城区"],
        "老旧小区改造居民意愿征集",
        "请社区组织召开居民议事会，征求居民对老旧小区改造内容和加装电梯的意见，汇总后报送。",
        -10,
        "6",
        False,
        "city",
    ),
    (
        "dept",
        ["新城区"],
        "沿街商铺经营秩序专项检查",
        "请各社区对辖区内个体工商户逐户上门检查，核对营业执照和经营范围，发现问题当场责令整改。",
        -1,
        "8",
        True,
        "precheck",
    ),
    (
        "dept_ga",
        ["赛罕区"],
        "为拟录用人员出具无犯罪记录证明",
        "请社区为辖区内拟录用人员出具无违法犯罪记录的证明并加盖公章。",
        -1,
        "1",
        False,
        "precheck",
    ),
]


def _department_users() -> dict[str, User]:
    users = {u.username: u for u in User.objects.filter(role=Role.DEPARTMENT)}
    for username, code, display in DEPARTMENT_USERS:
        department = Department.objects.filter(code=code).first()
        if department is None or username in users:
            continue
        user = User(username=username, display_name=display, role=Role.DEPARTMENT, department=department)
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = user
    return users


@transaction.atomic
def admission_load() -> dict[str, int]:
    if AdmissionRequest.objects.filter(is_demo=True).exists():
        return {}
    users = _department_users()
    reviewer = User.objects.filter(username="admin").first()
    city = User.objects.filter(username="city").first()
    if reviewer is None or city is None:
        return {}
    today = timezone.localdate()
    created = 0
    for username, districts, title, tasks, days_ago, hours, funded, outcome in REQUESTS:
        actor = users.get(username)
        units = list(Unit.objects.current().filter(level=Level.DISTRICT, name__in=districts))
        if actor is None or not units:
            continue
        request, _ = request_submit(
            actor=actor,
            title=title,
            tasks=tasks,
            target_units=units,
            start_date=today - dt.timedelta(days=max(days_ago, 0))
            if days_ago > 0
            else today + dt.timedelta(days=-days_ago),
            end_date=today + dt.timedelta(days=200),
            hours_per_month=Decimal(hours),
            funding_attached=funded,
            legal_basis="",
            is_demo=True,
        )
        created += 1
        if outcome == "overdue":
            AdmissionRequest.objects.filter(pk=request.pk).update(
                step_started_at=timezone.now() - dt.timedelta(days=30),
                step_deadline=timezone.now() - dt.timedelta(days=5),
            )
        if outcome not in ("admit", "city") or request.status != "district_review":
            continue
        district_decide(
            actor=reviewer, request=request, decision="approve", comment="同意，请按要求落实经费。"
        )
        request.refresh_from_db()
        if outcome == "admit" and request.status == "city_review":
            city_decide(actor=city, request=request, decision="approve", comment="同意准入。")
    return {"requests_created": created}
