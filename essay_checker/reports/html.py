"""HTML report: a self-contained page rendered from a plain view model with jinja2 (autoescape on)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import jinja2


@dataclass
class Piece:
    text: str
    finding: int | None = None
    severity: str | None = None


@dataclass
class EssayView:
    path: str
    pieces: list[Piece]
    findings: list[dict]
    key_points: list[dict]
    summary: dict
    reference: dict
    anchors: dict = field(default_factory=dict)


def view_model(r) -> EssayView:
    res = r.result
    text = res.text
    findings = [f.to_dict(text) | {"n": i + 1} for i, f in enumerate(res.findings)]
    pieces, pos = [], 0
    for i, f in enumerate(res.findings):
        if f.start < pos:
            continue
        if f.start > pos:
            pieces.append(Piece(text[pos:f.start]))
        pieces.append(Piece(text[f.start:f.end], i + 1, f.severity.label))
        pos = f.end
    pieces.append(Piece(text[pos:]))
    return EssayView(r.path, pieces, findings, [k.to_dict() for k in res.key_points], res.summary(), r.reference)


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("essay_checker", "reports/templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True)


def render(reports, color: bool = False) -> str:
    views = [view_model(r) for r in reports]
    return _env().get_template("report.html.j2").render(views=views)
