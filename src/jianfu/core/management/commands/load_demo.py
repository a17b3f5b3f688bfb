from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jianfu.core.demo import demo_logins
from jianfu.demo import loader_functions


class Command(BaseCommand):
    help = "载入呼和浩特示例数据（区划名称真实；户数、人员、申请等为模拟数据）。可重复执行。"

    def handle(self, *args: Any, **options: Any) -> None:
        for label, load in loader_functions():
            result = load()
            summary = "，".join(f"{k}={v}" for k, v in result.items())
            self.stdout.write(f"  {label}：{summary or '已存在'}")
        self.stdout.write(self.style.SUCCESS("示例数据已就绪。演示账号（密码相同）："))
        for username, password, label in demo_logins():
            self.stdout.write(f"  {username:<10} {password}  {label}")
