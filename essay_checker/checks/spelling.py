"""spelling.name: a name or key term spelled differently from the notes (warning).

Anti-pattern: "Wiliam crossed the Channel."
Best practice: "William crossed the Channel."
"""
from __future__ import annotations

from typing import Iterator

from ..claims import Essay
from ..config import Config
from ..facts.factbase import FactBase
from ..models import Finding, Severity
from .base import evidence

ID = "spelling.name"


def check(essay: Essay, fb: FactBase, cfg: Config) -> Iterator[Finding]:
    for s, e, right in essay.misspellings:
        wrong = essay.text[s:e]
        fid = next((f.id for f in fb.facts if right.lower() in f.text.lower()), None)
        yield Finding(ID, Severity.WARNING, f'"{wrong}" looks misspelled: your notes write "{right}".',
                      s, e, suggestion=right, evidence=evidence(fb, fid))
