"""HTML report: one self-contained page rendered from a plain view model with jinja2 (autoescape on).

The page works with scripts off: the essay with every finding highlighted in place, the findings
with their evidence, the key points and the timeline are all plain HTML and inline SVG. The small
inline script only adds a pop-up explanation next to a highlight. Nothing is fetched: no fonts, no
CDN, no pictures from elsewhere.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath

import jinja2

from ..models import EssayResult, Finding, Severity, coverage_percent

# marks that are not colour alone: a symbol and a word for each severity
SEVERITY_SYMBOL = {"error": "\u2716", "warning": "\u25b2", "info": "i"}
SEVERITY_NAME = {"error": "Error", "warning": "Warning", "info": "Not in your notes"}
STATUS_SYMBOL = {"covered": "\u2714", "partial": "\u25d1", "missing": "\u2718"}


@dataclass
class Mark:
    """A highlighted finding inside the essay text."""

    text: str
    n: int
    severity: str


@dataclass
class Piece:
    """A run of essay text: plain text, a highlight, or a key point's evidence holding both."""

    text: str = ""
    mark: Mark | None = None
    kp_id: str | None = None          # the anchor id when this piece is a key point's evidence
    children: list["Piece"] = field(default_factory=list)


@dataclass
class EssayView:
    uid: str                           # prefix that keeps ids unique when a page holds several essays
    path: str
    name: str
    pieces: list[Piece]
    findings: list[dict]
    key_points: list[dict]
    summary: dict
    score_parts: dict
    timeline: dict | None
    essay_dates: list[dict]
    encoding: str


def _segments(text: str, findings: list[Finding], kp_spans: list[tuple[int, int, str]]) -> list[Piece]:
    """Split the essay into pieces: evidence sentences (holding highlights) and highlights.

    Findings do not overlap (the core removes overlaps); an evidence span that would cut a highlight
    in two, or that overlaps another evidence span, becomes an empty anchor at its start instead.
    """
    marks = []
    pos = 0
    for i, f in enumerate(findings):
        if f.start < pos or f.end <= f.start:
            continue
        marks.append((f.start, f.end, i + 1, f.severity.label))
        pos = f.end
    wraps: list[tuple[int, int, str]] = []
    points: list[tuple[int, str]] = []
    for a, b, kid in sorted(kp_spans):
        cuts = any(s < a < e or s < b < e for s, e, _, _ in marks)
        if cuts or any(a < wb and wa < b for wa, wb, _ in wraps):
            points.append((a, kid))
        else:
            wraps.append((a, b, kid))

    def flat(lo: int, hi: int) -> list[Piece]:
        out, p = [], lo
        for s, e, n, sev in marks:
            if s < lo or e > hi:
                continue
            if s > p:
                out.extend(_with_points(text, p, s, points))
            out.append(Piece(mark=Mark(text[s:e], n, sev)))
            p = e
        if p < hi:
            out.extend(_with_points(text, p, hi, points))
        return out

    pieces, p = [], 0
    for a, b, kid in wraps:
        if a > p:
            pieces.extend(flat(p, a))
        pieces.append(Piece(kp_id=kid, children=flat(a, b)))
        p = b
    pieces.extend(flat(p, len(text)))
    return pieces


def _with_points(text: str, lo: int, hi: int, points: list[tuple[int, str]]) -> list[Piece]:
    """Plain text from lo to hi, with empty anchors where a point's evidence starts."""
    out, p = [], lo
    for at, kid in points:
        if lo <= at < hi:
            if at > p:
                out.append(Piece(text[p:at]))
            out.append(Piece(kp_id=kid))
            p = at
    out.append(Piece(text[p:hi]))
    return out


def _finding_view(f: Finding, n: int, text: str) -> dict:
    d = f.to_dict(text)
    # the list shows errors first, then warnings, then what the notes do not mention
    d.update(n=n, symbol=SEVERITY_SYMBOL[d["severity"]], label=SEVERITY_NAME[d["severity"]],
             rank=(-int(f.severity), n))
    return d


def _score_parts(res: EssayResult) -> dict:
    """What the score is made of: rubric coverage, less the penalty for errors."""
    coverage = round(coverage_percent(res.key_points))
    return {"coverage": coverage, "penalty": max(0, coverage - res.score), "score": res.score,
            "errors": res.count(Severity.ERROR)}


# -- timeline -----------------------------------------------------------------------------------------

WIDTH, LEFT, RIGHT = 760, 30, 730
AXIS_Y = 150


def _year_of(iso: str | None) -> float | None:
    if not iso:
        return None
    d = dt.date.fromisoformat(iso)
    return d.year + (d.timetuple().tm_yday - 1) / 366.0


def _essay_dates(res: EssayResult) -> list[dict]:
    flagged = {}
    for i, f in enumerate(res.findings):
        flagged.setdefault((f.start, f.end), []).append((i + 1, f))
    out = []
    for d in res.dates:
        first, last = d.first or d.last, d.last or d.first
        if first is None or d.relative and not d.text.strip()[:1].isdigit():
            continue
        hits = [(n, f) for (s, e), fs in flagged.items() for n, f in fs if s < d.end and d.start < e]
        worst = max(hits, key=lambda h: h[1].severity, default=None)
        out.append({"text": d.text, "start": d.start, "first": first.isoformat(), "last": last.isoformat(),
                    "status": worst[1].severity.label if worst else "ok",
                    "finding": worst[0] if worst else None,
                    "message": worst[1].message if worst else "",
                    "suggestion": worst[1].suggestion if worst else None})
    return out


def _short_label(e: dict) -> str:
    """The date as the essay writes it when short, else its years ("1924–1953")."""
    text = " ".join(e["text"].split())
    if len(text) <= 14:
        return text
    a, b = e["first"][:4], e["last"][:4]
    return a if a == b else f"{a}–{b}"


def _ticks(lo: int, hi: int) -> list[int]:
    span = max(1, hi - lo)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 10**9) if span / s <= 10)
    return list(range(math.ceil(lo / step) * step, hi + 1, step))


def _timeline(essay_dates: list[dict], notes_timeline: list[dict], period: dict | None) -> dict | None:
    """Geometry of the timeline picture: the notes' dates below the axis, the essay's above it."""
    if not essay_dates and not notes_timeline:
        return None
    years = [_year_of(x) for e in essay_dates for x in (e["first"], e["last"])]
    notes_years = [_year_of(r.get("start") or r.get("end")) for r in notes_timeline]
    years += [y for y in notes_years if y is not None]
    if period:
        years += [_year_of(period["start"]), _year_of(period["end"]) + 0.999]
    lo, hi = math.floor(min(years)), math.ceil(max(years) + 0.001)
    if hi - lo < 4:
        lo, hi = lo - 2, hi + 2
    scale = (RIGHT - LEFT) / (hi - lo)

    def x(y: float) -> float:
        return round(LEFT + (y - lo) * scale, 1)

    band = None
    if period:
        a, b = x(_year_of(period["start"])), x(_year_of(period["end"]) + 0.999)
        band = {"x": a, "width": round(max(2.0, b - a), 1), "label": f"{period['start'][:4]}\u2013{period['end'][:4]}"}
    notes = []
    for r in notes_timeline:
        y0 = _year_of(r.get("start") or r.get("end"))
        if y0 is None:
            continue
        notes.append({"x": x(y0), "title": f"{r.get('date', '')}: {r.get('text', '')} "
                                           f"({r['source']['file']}:{r['source']['line']})"})
    marks, lanes = [], []
    for e in sorted(essay_dates, key=lambda e: e["first"]):
        a, b = x(_year_of(e["first"])), x(_year_of(e["last"]) + 0.999)
        label = _short_label(e)
        label_w = 12 + 7 * len(label)
        lane = next((i for i, end in enumerate(lanes) if end < a - 4), None)
        if lane is None:
            lane = len(lanes)
            lanes.append(0)
        lanes[lane] = a + label_w
        marks.append(e | {"x": a, "x2": b, "wide": b - a > 6, "y": AXIS_Y - 22 - 24 * (lane % 5),
                          "label": label, "flip": a + label_w > WIDTH - 4})
    return {"width": WIDTH, "height": AXIS_Y + 50, "axis_y": AXIS_Y, "left": LEFT, "right": RIGHT,
            "ticks": [{"x": x(t), "label": str(t)} for t in _ticks(lo, hi)], "band": band,
            "notes": notes, "marks": marks}


def view_model(r, uid: str = "") -> EssayView:
    res: EssayResult = r.result
    text = res.text
    findings = [_finding_view(f, i + 1, text) for i, f in enumerate(res.findings)]
    kps = []
    anchors: dict[tuple[int, int], str] = {}  # two points resting on the same sentence share one anchor
    for k in res.key_points:
        d = k.to_dict() | {"symbol": STATUS_SYMBOL.get(k.status, "?"), "anchor": None}
        if k.evidence_span and k.status != "missing":
            d["anchor"] = anchors.setdefault(tuple(k.evidence_span), f"{uid}kp-{k.id}")
        kps.append(d)
    spans = [(a, b, anchor) for (a, b), anchor in anchors.items()]
    dates = _essay_dates(res)
    return EssayView(
        uid=uid, path=r.path, name=PurePath(r.path).name or r.path,
        pieces=_segments(text, res.findings, spans), findings=findings, key_points=kps,
        summary=res.summary(), score_parts=_score_parts(res),
        timeline=_timeline(dates, r.notes_timeline, r.notes_period), essay_dates=dates, encoding=r.encoding)


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("essay_checker", "reports/templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.globals.update(SEVERITY_SYMBOL=SEVERITY_SYMBOL, SEVERITY_NAME=SEVERITY_NAME)
    return env


def render(reports, color: bool = False) -> str:
    reports = list(reports)
    many = len(reports) > 1
    views = [view_model(r, f"e{i + 1}-" if many else "") for i, r in enumerate(reports)]
    reference = reports[0].reference if reports else {}
    return _env().get_template("report.html.j2").render(views=views, many=many, reference=reference)
