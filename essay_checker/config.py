"""Settings for one run, in one frozen dataclass."""
from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
FAIL_ON = (*SEVERITIES, "never")


@dataclass(frozen=True)
class Config:
    model: str = "auto"
    fail_on: str = "error"
    disabled: tuple[str, ...] = ()          # check ids or id prefixes switched off
    accepted_terms: tuple[str, ...] = ()    # words the spelling check leaves alone
    severity: dict = field(default_factory=dict)  # check id -> severity name

    def enabled(self, check_id: str) -> bool:
        return not any(check_id == d or check_id.startswith(d.rstrip(".") + ".") for d in self.disabled)
