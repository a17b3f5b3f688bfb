"""Demo departments and one demo login per role. Safe to run twice."""

from __future__ import annotations

from django.db import transaction

from jianfu.regions.models import Level, Unit

from .models import Department, Role, User

DEMO_PASSWORD = "Jianfu@2026"

# Functional departments of Hohhot's city government (names only; the demo needs a realistic roster).
CITY_DEPARTMENTS = [
    ("D01", "市民政局"),
    ("D02", "市人力资源和社会保障局"),
    ("D03", "市卫生健康委员会"),
    ("D04", "市市场监督管理局"),
    ("D05", "市公安局"),
    ("D06", "市住房和城乡建设局"),
    ("D07", "市应急管理局"),
    ("D08", "市统计局"),
    ("D09", "市退役军人事务局"),
    ("D10", "市医疗保障局"),
    ("D11", "市残疾人联合会"),
    ("D12", "市城市管理综合执法局"),
    ("D13", "市生态环境局"),
    ("D14", "市教育局"),
    ("D15", "市司法局"),
    ("D16", "市税务局"),
    ("D17", "市自然资源局"),
    ("D18", "市农牧局"),
    ("D19", "市文化旅游广电局"),
    ("D20", "市体育局"),
    ("D21", "市信访局"),
    ("D22", "市总工会"),
    ("D23", "团市委"),
    ("D24", "市妇女联合会"),
    ("D25", "市发展和改革委员会"),
    ("D26", "市财政局"),
    ("D27", "市交通运输局"),
    ("D28", "市水务局"),
]


def _demo_accounts() -> list[dict]:
    def unit(name: str, level: int) -> Unit | None:
        return Unit.objects.current().filter(name=name, level=level).order_by("code").first()

    street = unit("海拉尔东路街道", Level.STREET)
    community = (
        Unit.objects.current().filter(parent=street, kind="社区").order_by("code").first() if street else None
    )
    return [
        {
            "username": "city",
            "display_name": "市减负办 王主任",
            "role": Role.CITY_OFFICE,
            "scope": [unit("呼和浩特市", Level.CITY)],
        },
        {
            "username": "district",
            "display_name": "新城区减负办 李科长",
            "role": Role.DISTRICT_OFFICE,
            "scope": [unit("新城区", Level.DISTRICT)],
        },
        {
            "username": "street",
            "display_name": "海拉尔东路街道 张书记",
            "role": Role.STREET_OFFICE,
            "scope": [street],
        },
        {
            "username": "community",
            "display_name": f"{community.name if community else ''} 赵主任",
            "role": Role.COMMUNITY,
            "scope": [community],
        },
        {
            "username": "dept",
            "display_name": "市市场监督管理局 刘科员",
            "role": Role.DEPARTMENT,
            "department": "D04",
            "scope": [],
        },
        {
            "username": "auditor",
            "display_name": "审计员 陈审计",
            "role": Role.AUDITOR,
            "scope": [unit("呼和浩特市", Level.CITY)],
        },
        {
            "username": "admin",
            "display_name": "系统管理员",
            "role": Role.ADMIN,
            "scope": [],
            "superuser": True,
        },
    ]


@transaction.atomic
def accounts_load() -> dict[str, int]:
    city = Unit.objects.current().filter(level=Level.CITY, name="呼和浩特市").first()
    for code, name in CITY_DEPARTMENTS:
        Department.objects.get_or_create(code=code, defaults={"name": name, "level_unit": city})
    created = 0
    for spec in _demo_accounts():
        if User.objects.filter(username=spec["username"]).exists():
            continue
        user = User(
            username=spec["username"],
            display_name=spec["display_name"],
            role=spec["role"],
            is_staff=spec.get("superuser", False),
            is_superuser=spec.get("superuser", False),
        )
        if "department" in spec:
            user.department = Department.objects.get(code=spec["department"])
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.scope_units.set([u for u in spec["scope"] if u is not None])
        created += 1
    return {"users_created": created}


def demo_logins() -> list[tuple[str, str, str]]:
    return [
        (u.username, DEMO_PASSWORD, f"{u.get_role_display()} · {u.display_name}")
        for u in User.objects.filter(username__in=[s["username"] for s in _demo_accounts()]).order_by("id")
    ]
