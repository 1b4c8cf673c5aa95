"""numbers.conflict: a number, or the number in a name, differs from the notes (error).

Anti-pattern: "The speech lasted two hours." / "He spoke to the 22nd Party Congress in February 1956."
Best practice: "The speech lasted six hours." / "He spoke to the 20th Party Congress in February 1956."
"""
from __future__ import annotations

from typing import Iterator

from ..claims import Essay
from ..config import Config
from ..facts.factbase import FactBase
from ..models import Finding, Severity
from ..nlp.numbers import NumberMention
from .base import STRONG, SUPPORT_RATIO, anchored, entity_anchored, evidence

ID = "numbers.conflict"


def _comparable(a: NumberMention, b: NumberMention) -> bool:
    if a.kind == "vague" or b.kind == "vague":
        return False
    if (a.kind == "ordinal") != (b.kind == "ordinal"):
        return False
    if a.kind == "ordinal":
        return bool(set((a.unit or "").split()) & set((b.unit or "").split()))
    if (a.kind == "percent") != (b.kind == "percent"):
        return False
    if a.unit and b.unit:
        return a.unit == b.unit
    if a.unit or b.unit:
        return False
    # no unit on either side: only large amounts of the same order ("15 million" vs "11 mil")
    big = lambda v: 0 if v < 1000 else (1 if v < 1e6 else 2)  # noqa: E731
    return big(a.value) == big(b.value) > 0


def _year_bag(fb: FactBase, anchor) -> dict[str, float]:
    cached = getattr(anchor, "_ybag", None)
    if cached is not None:
        return cached
    f = fb.facts[anchor.fact]
    bag = dict(anchor.bag)
    n = anchor.value
    for d in f.dates:
        if d.first and d.last and len(d.years()) <= 3:
            dist = abs(d.start - n.start) / 6.0
            for y in d.years():
                bag[f"Y{y}"] = max(bag.get(f"Y{y}", 0), 1 / (1 + dist / 5))
    anchor._ybag = bag
    return bag


def check(essay: Essay, fb: FactBase, cfg: Config) -> Iterator[Finding]:
    notes = [a for a in fb.anchors if a.kind == "number"]
    for n in essay.numbers:
        if n.kind == "vague":
            continue
        cands = [a for a in notes if _comparable(n, a.value)]
        if not cands:
            continue
        bag = essay.bag((n.start, n.end), with_years=True)
        scored = []
        for a in cands:
            ab = _year_bag(fb, a)
            s = sum(min(w, ab[k]) * (fb.idf.get(k, fb.default_idf) if not k.startswith("Y") else 2.5)
                    for k, w in bag.items() if k in ab)
            if s > 0:
                scored.append((s, a))
        scored.sort(key=lambda x: (-x[0], x[1].fact))
        strong = [(s, a) for s, a in scored if s >= STRONG and anchored(fb, bag, _year_bag(fb, a))
                  and (entity_anchored(fb, bag, a.bag) or a.value.kind == "ordinal"
                       or any(k.startswith("Y") for k in bag if k in _year_bag(fb, a)))]
        if not strong:
            continue
        best_s, best = strong[0]
        if best.value.agrees_with(n):
            continue
        if max((s for s, a in scored if a.value.agrees_with(n)), default=0.0) >= SUPPORT_RATIO * best_s:
            continue
        fact = fb.facts[best.fact]
        right = best.value.text
        what = "number" if n.kind != "ordinal" else "number in this name"
        yield Finding(ID, Severity.ERROR,
                      f"Your notes give a different {what}: {right}, not {n.text.strip()}.",
                      n.start, n.end, suggestion=right, evidence=evidence(fb, fact.id))
