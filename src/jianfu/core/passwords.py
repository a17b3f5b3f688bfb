from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """A password needs at least three of: lower-case, upper-case, digits, symbols."""

    classes = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def validate(self, password: str, user: Any = None) -> None:
        present = sum(1 for pattern in self.classes if re.search(pattern, password))
        if present < 3:
            raise ValidationError(
                "密码须至少包含小写字母、大写字母、数字、符号中的三类。", code="password_too_simple"
            )

    def get_help_text(self) -> str:
        return "密码须至少包含小写字母、大写字母、数字、符号中的三类。"


class MinimumLengthValidator:
    """Django's own message is plural-translated and falls back to English here; ours is Chinese."""

    def __init__(self, min_length: int = 10) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短，至少需要 {self.min_length} 个字符。", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"
