"""dates.conflict: the essay dates an event differently from the notes (error).

Anti-pattern: "William ordered the Domesday survey in 1068."
Best practice: "William ordered the Domesday survey in 1085."
"""
from __future__ import annotations

from typing import Iterator

from ..claims import Essay
from ..config import Config
from ..facts.align import shared_keys
from ..facts.factbase import FactBase
from ..models import Finding, Severity
from .base import STRONG, SUPPORT_RATIO, anchored, entity_anchored, evidence, ranked

ID = "dates.conflict"


def check(essay: Essay, fb: FactBase, cfg: Config) -> Iterator[Finding]:
    anchors = [a for a in fb.anchors if a.kind == "date" and a.value.first and a.value.last]
    # a day the notes give (a day and a month) is no coincidence: the essay is dating that day's event
    note_days = {a.value.first for a in anchors if a.value.granularity == "day"}
    for d in essay.dates:
        if d.qualifier or not (d.first and d.last):
            continue
        if d.granularity == "day" and d.first in note_days:
            continue
        bag = essay.bag((d.start, d.end))
        scored = ranked(fb, bag, anchors)
        strong = [(s, a) for s, a in scored if s >= STRONG and anchored(fb, bag, a.bag) and entity_anchored(fb, bag, a.bag)]
        if not strong:
            continue
        best_s, best = strong[0]
        if best.value.overlaps(d):
            continue
        agree = max((s for s, a in scored if a.value.overlaps(d)), default=0.0)
        if agree >= SUPPORT_RATIO * best_s:
            continue
        if not _event_shared(fb, bag, best.bag) and any(
                a.value.overlaps(d) and _event_shared(fb, bag, a.bag) for _, a in scored):
            continue  # a note on the very event the essay names agrees; the other only shares a person or words
        fact = fb.facts[best.fact]
        right = best.value.describe()
        yield Finding(
            ID, Severity.ERROR,
            f"Your notes give a different date for this: {right}, not {d.text.strip()}.",
            d.start, d.end, suggestion=right, evidence=evidence(fb, fact.id),
        )


def _event_shared(fb: FactBase, a: dict[str, float], b: dict[str, float]) -> bool:
    """Both contexts name the same event ("the Great Council"), close to the date."""
    return any(k.startswith("@") and fb.registry.entities[k[1:]].kind == "event"
               for k in shared_keys(a, b, 0.3))
