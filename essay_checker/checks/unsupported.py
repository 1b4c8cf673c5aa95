"""support.not-in-notes: a name or date your notes never mention (info, never an error).

Anti-pattern: "William visited Rome in 1071." (the notes say nothing of 1071)
Best practice: "William visited Normandy." (or add the fact to the notes)
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Iterator

from ..claims import Essay
from ..config import Config
from ..facts.entities import candidate_names, is_common_word
from ..facts.factbase import FactBase
from ..models import Finding, Severity
from ..nlp.english import is_known

ID = "support.not-in-notes"


def check(essay: Essay, fb: FactBase, cfg: Config) -> Iterator[Finding]:
    note_years = {y for a in fb.anchors if a.kind == "date" and a.value.first and a.value.last
                  for y in a.value.years()}
    told: set[str] = set()  # each missing date or name is pointed out once, where it first appears
    for d in essay.dates:
        if d.relative or not (d.first and d.last) or d.granularity not in ("day", "month", "year"):
            continue
        if not set(d.years()) & note_years and _first(told, d.text):
            yield Finding(ID, Severity.INFO,
                          f"Your notes do not mention {d.text.strip()}. Check this date in your textbook.",
                          d.start, d.end)
    known = _Spans(sorted({(s, e) for s, e, _ in essay.entities}))
    misspelt = _Spans(sorted((x, y) for x, y, _ in essay.misspellings))
    caps = set(fb.vocabulary.values())
    for s, e in essay.sentences:
        for a, b, surface in candidate_names(essay.text[s:e], caps):
            a, b = a + s, b + s
            if known.covers(a) or known.starts_within(a, b):
                continue
            if misspelt.covers(a):
                continue
            words = surface.split()
            if all(w.lower() in fb.vocabulary or _common(w) for w in words) or len(surface) < 3:
                continue
            if re.fullmatch(r"[A-Z]\.?", surface):
                continue
            # a lone English word opening a sentence or a line ("Grammar", "Preview") is capitalised, not a name
            if len(words) == 1 and _opens(essay.text, s, a) and is_known(surface):
                continue
            if not _first(told, surface):
                continue
            yield Finding(ID, Severity.INFO,
                          f'Your notes do not mention "{surface}". Make sure it is relevant and correct.', a, b)


def _opens(text: str, sentence_start: int, a: int) -> bool:
    """Nothing but bullets, quotes or brackets stands between the sentence's (or line's) start and ``a``."""
    line = text.rfind("\n", sentence_start, a) + 1 or sentence_start
    return not text[line:a].strip(" \t-*\u2022\u00b7\"'\u201c\u2018([0123456789.)")


def _first(told: set[str], surface: str) -> bool:
    key = " ".join(surface.lower().split())
    if key in told:
        return False
    told.add(key)
    return True


def _common(word: str) -> bool:
    """An ordinary English word, also as a plural ("Essays" in a heading is not a name)."""
    if is_common_word(word):
        return True
    w = word.lower()
    return (w.endswith("ies") and is_common_word(w[:-3] + "y")) or \
        (w.endswith("es") and is_common_word(w[:-2])) or (w.endswith("s") and is_common_word(w[:-1]))


class _Spans:
    """Sorted (start, end) spans, asked whether one covers an offset or starts in a range."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [x for x, _ in spans]
        self.reach = list(accumulate((y for _, y in spans), max))  # furthest end among the first i spans

    def covers(self, a: int) -> bool:
        k = bisect_right(self.starts, a)
        return k > 0 and self.reach[k - 1] > a

    def starts_within(self, a: int, b: int) -> bool:
        k = bisect_left(self.starts, a)
        return k < len(self.starts) and self.starts[k] < b
