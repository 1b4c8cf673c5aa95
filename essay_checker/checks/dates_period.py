"""dates.out-of-period: a date far outside the period the notes cover, most likely a slip (warning).

Anti-pattern: "In 1995 the central committee set up a commission."
Best practice: "In 1955 the central committee set up a commission."
"""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from ..claims import Essay
from ..config import Config
from ..facts.factbase import FactBase
from ..models import Finding, Severity
from .base import evidence, ranked

ID = "dates.out-of-period"


def _slips(year: int, candidates: set[int]) -> list[int]:
    """Years one typing slip away: one digit changed, or two neighbours swapped."""
    s = str(year)
    out = []
    for c in candidates:
        t = str(c)
        if len(t) != len(s) or c == year:
            continue
        diff = [i for i in range(len(s)) if s[i] != t[i]]
        if len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and s[diff[0]] == t[diff[1]]
                              and s[diff[1]] == t[diff[0]]):
            out.append(c)
    return out


def note_range(fb: FactBase) -> tuple[int, int] | None:
    years = [y for a in fb.anchors if a.kind == "date" and a.value.first and a.value.last for y in a.value.years()]
    if fb.period:
        years += [fb.period[0].year, fb.period[1].year]
    return (min(years), max(years)) if years else None


def check(essay: Essay, fb: FactBase, cfg: Config) -> Iterator[Finding]:
    rng = note_range(fb)
    if rng is None:
        return
    dated = [a for a in fb.anchors if a.kind == "date" and a.value.first and a.value.last
             and a.value.granularity in ("day", "month", "year")]
    counts = Counter(y for a in dated for y in a.value.years())
    for d in essay.dates:
        if d.relative or not (d.first and d.last) or d.granularity not in ("day", "month", "year"):
            continue
        ys = list(d.years())
        if not all(y < rng[0] or y > rng[1] for y in ys):
            continue
        y = ys[0]
        cands = _slips(y, set(counts))
        if not cands:
            continue
        bag = essay.bag((d.start, d.end))
        if not ranked(fb, bag, dated) or ranked(fb, bag, dated)[0][0] < 1.0:
            continue  # the sentence is about nothing the notes cover: leave it to the info check
        scored = ranked(fb, bag, [a for a in dated if any(c in a.value.years() for c in cands)])
        if scored:
            best_a = scored[0][1]
            pick = next(c for c in cands if c in best_a.value.years())
        else:
            pick = max(cands, key=lambda c: (counts[c], -abs(c - y)))
            best_a = next(a for a in dated if pick in a.value.years())
        period = f"{fb.period[0].year}-{fb.period[1].year}" if fb.period else f"{rng[0]}-{rng[1]}"
        yield Finding(
            ID, Severity.WARNING,
            f"{d.text.strip()} is outside the years your notes cover ({period}). Did you mean {pick}?",
            d.start, d.end, suggestion=str(pick), evidence=evidence(fb, fb.period_source, best_a.fact),
        )
