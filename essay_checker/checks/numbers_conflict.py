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
from .base import DISTINCTIVE_IDF, STRONG, SUPPORT_RATIO, anchored, entity_anchored, evidence, idf

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
            ab = a.ybag
            s = sum(min(w, ab[k]) * (idf(fb, k) if not k.startswith("Y") else 2.5)
                    for k, w in bag.items() if k in ab)
            if s > 0:
                scored.append((s, a))
        scored.sort(key=lambda x: (-x[0], x[1].fact))
        strong = [(s, a) for s, a in scored if s >= STRONG and anchored(fb, bag, a.ybag)
                  and (entity_anchored(fb, bag, a.bag) or a.value.kind == "ordinal"
                       or any(k.startswith("Y") for k in bag if k in a.ybag))]
        if not strong:
            sole = _sole_amount(n, bag, cands, fb, essay)
            if sole is not None:
                fact = fb.facts[sole.fact]
                yield Finding(ID, Severity.ERROR,
                              f"Your notes give a different {_what(n)}: {sole.value.text}, not {n.text.strip()}.",
                              n.start, n.end, suggestion=sole.value.text, evidence=evidence(fb, fact.id))
            continue
        best_s, best = strong[0]
        if best.value.agrees_with(n):
            continue
        if max((s for s, a in scored if a.value.agrees_with(n)), default=0.0) >= SUPPORT_RATIO * best_s:
            continue
        fact = fb.facts[best.fact]
        right = best.value.text
        yield Finding(ID, Severity.ERROR,
                      f"Your notes give a different {_what(n)}: {right}, not {n.text.strip()}.",
                      n.start, n.end, suggestion=right, evidence=evidence(fb, fact.id))


def _what(n: NumberMention) -> str:
    return "number" if n.kind != "ordinal" else "number in this name"


def _sole_amount(n: NumberMention, bag: dict[str, float], cands: list, fb: FactBase, essay: Essay):
    """The notes' one amount of what ``n`` counts, when the essay's sentence is plainly about it.

    Notes often give a figure in a sentence that names little ("It went on for about 6 hours." under
    a heading about the siege), and essays do too ("The siege lasted two weeks.").  When every figure
    the notes give for this unit (or for this numbered name) is the same, the unit is rare in the notes,
    and the essay's sentence shares what the note is about (a distinctive word of the note, its heading
    or its file's title; for a numbered name, a year) while naming nothing the note's context does not,
    a different figure is a mistake.
    """
    if not all(a.value.agrees_with(cands[0].value) for a in cands):
        return None  # the notes give several figures: only a close match can say which is meant
    if any(a.value.agrees_with(n) for a in cands):
        return None
    years = {int(k[1:]) for k, w in bag.items() if k.startswith("Y")}
    before = essay.previous_sentence_keys(n.start)
    named_right_after = {"@" + eid for _, _, eid in essay.entities_in(n.end, n.end + 3)}
    best, best_shared = None, 0.0
    for a in cands:
        f = fb.facts[a.fact]
        topic = set(f.keys) | set(f.context)
        note_years = {y for d in f.dates if d.first and d.last and len(d.years()) <= 3 for y in d.years()}
        note_years |= set(f.context_years)
        if years and note_years and not years & note_years:
            continue  # another year: another occasion
        if n.kind == "ordinal":
            if not years & note_years:
                continue  # a numbered name is only compared within the same year
            shared = 2.5 * len(years & note_years)
        else:
            if not n.unit or idf(fb, n.unit) < DISTINCTIVE_IDF:
                continue  # a common unit ("people") says too little about what is counted
            names = {k for k, w in bag.items() if k.startswith("@") and w >= 0.3
                     and fb.registry.entities[k[1:]].kind != "term"} - named_right_after
            if names - topic:
                continue  # the essay names something this note is not about
            words = {k: w for k, w in bag.items() if w >= 0.3}
            for k in before:  # the sentence before says what "It" or "the siege" is
                words.setdefault(k, 0.3)
            words = {k: w for k, w in words.items() if not k.startswith(("@", "Y")) and k in topic
                     and idf(fb, k) >= DISTINCTIVE_IDF}
            if not words:
                continue
            shared = sum(w * idf(fb, k) for k, w in words.items())
        if shared > best_shared:
            best, best_shared = a, shared
    return best
