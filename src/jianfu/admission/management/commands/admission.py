"""`jianfu admission check "<text>" [--level community|village] [--json]`: the pre-check from the shell."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jianfu.admission.models import PrecheckSource
from jianfu.admission.services import precheck_run


class Command(BaseCommand):
    help = '准入预审：jianfu admission check "任务内容" [--level community|village] [--json]'

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="比对清单，输出结论、最相近的事项和匹配词")
        check.add_argument("text", help="任务内容；用 - 从标准输入读取")
        check.add_argument("--level", default="community", choices=["community", "village"])
        check.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["text"]
        if text == "-":
            import sys

            text = sys.stdin.read()
        try:
            outcome = precheck_run(actor=None, text=text, level=options["level"], source=PrecheckSource.CLI)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"结论：{outcome.decision_label}（规则模式：{outcome.mode_label}）")
        for note in outcome.notes:
            self.stdout.write(f"  {note}")
        if outcome.alternative_channel:
            self.stdout.write(f"替代渠道：{outcome.alternative_channel}")
        version = outcome.version
        self.stdout.write(f"清单版本：{version or '无'}；用时 {outcome.elapsed_ms:.1f} 毫秒")
        self.stdout.write("最相近的清单事项：")
        for c in outcome.candidates:
            words = "、".join(c["matched_words"]) or "—"
            self.stdout.write(
                f"  {c['code']:<10} {c['list_type']:<13} 得分 {c['score']:>6.1f}  {c['name']}  匹配词：{words}"
            )
