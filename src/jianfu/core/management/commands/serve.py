from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from jianfu.core.demo import demo_logins


class Command(BaseCommand):
    help = "启动 Web 服务（默认 127.0.0.1:8000；--gunicorn 用于生产）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--gunicorn", action="store_true", help="用 gunicorn 运行（生产）")
        parser.add_argument("--workers", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_logins()
        if logins:
            self.stdout.write("演示账号（密码相同）：")
            for username, password, label in logins:
                self.stdout.write(f"  {username:<10} {password}  {label}")
        self.stdout.write(f"减负通已启动：http://{options['addrport']}/")
        self.stdout.flush()
        if options["gunicorn"]:
            call_command("collectstatic", interactive=False, verbosity=0)
            gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
            os.execv(
                gunicorn,
                [
                    gunicorn,
                    "jianfu.wsgi:application",
                    "--bind",
                    options["addrport"],
                    "--workers",
                    str(options["workers"]),
                    "--access-logfile",
                    "-",
                ],
            )
        call_command("runserver", options["addrport"], use_reloader=False)
