"""Local context of a date or number, and how well two such contexts agree.

A date in an essay is about the words near it: "Odo replaced him in
May 1088" dates a replacement by Odo.  The bag of a mention holds the
stems and entity ids around it, weighted by closeness; words nearer another
date or number count less, as they are more likely about that one.
"""
from __future__ import annotations

from functools import lru_cache

from ..textutil import STOPWORDS, TIME_WORDS, stem, words

DECAY = 5.0
SHADOW = 0.35


@lru_cache(maxsize=65536)
def generic_factor(word: str) -> float:
    """Very common English words say little about which event a sentence is about."""
    from .entities import word_frequency

    f = word_frequency(word.lower())
    return 0.35 if f >= 1e-4 else 0.7 if f >= 4e-5 else 1.0


class BagContext:
    """The words of one stretch of text (a sentence), read once, to build the bag of any mention in it.

    ``others`` are the spans of the other dates and numbers there; words past
    one of them, seen from the mention, count less.
    """

    __slots__ = ("toks", "keys", "other_starts")

    def __init__(self, text: str, others: list[tuple[int, int]], entities: list[tuple[int, int, str]],
                 limit: tuple[int, int] | None = None) -> None:
        lo, hi = limit or (0, len(text))
        toks = [(w, s + lo, e + lo) for w, s, e in words(text[lo:hi])]
        ent_at = {}
        for s, e, eid in entities:
            ent_at[(s, e)] = eid
        # per word: the keys it gives, in the order they are put, each with how its weight is made:
        # (key, None) the word's weight; (key, f) weight * f; (key, -f) 0.6 * weight * f
        keys: list[tuple[tuple[str, float | None], ...]] = []
        for w, s, _ in toks:
            eid = next((v for (a, b), v in ent_at.items() if a <= s < b), None)
            lw = w.lower()
            if eid:
                if lw not in STOPWORDS and len(lw) > 2:
                    # a name's own words still count a little: "the charter" matches "Great Charter"
                    keys.append((("@" + eid, None), (stem(w), -generic_factor(w))))
                else:
                    keys.append((("@" + eid, None),))
            elif lw in STOPWORDS or lw in TIME_WORDS or len(lw) < 2:
                keys.append(())
            else:
                keys.append(((stem(w), generic_factor(w)),))
        self.toks = toks
        self.keys = keys
        self.other_starts = others

    def _first_at_or_after(self, pos: int) -> int | None:
        toks = self.toks
        lo, hi = 0, len(toks)
        while lo < hi:
            mid = (lo + hi) // 2
            if toks[mid][1] < pos:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(toks) else None

    def bag(self, span: tuple[int, int]) -> dict[str, float]:
        """Weighted context keys around ``span`` (same as :func:`local_bag`)."""
        toks = self.toks
        anchor_idx = self._first_at_or_after(span[0])
        if anchor_idx is None:
            anchor_idx = len(toks)
        other_idx = []
        for a, b in self.other_starts:
            if (a, b) == tuple(span):
                continue
            i = self._first_at_or_after(a)
            if i is not None:
                other_idx.append(i)
        other_set = set(other_idx)
        other_sorted = sorted(other_set)
        bag: dict[str, float] = {}
        for i, (_, s, _) in enumerate(toks):
            if span[0] <= s < span[1]:
                continue
            d = abs(i - anchor_idx)
            weight = 1.0 / (1.0 + d / DECAY)
            if other_sorted and (i in other_set or _between(other_sorted, min(i, anchor_idx), max(i, anchor_idx))):
                weight *= SHADOW
            for key, f in self.keys[i]:
                w = weight if f is None else weight * f if f > 0 else 0.6 * weight * -f
                if w > bag.get(key, 0.0):
                    bag[key] = w
        return bag


def _between(sorted_idx: list[int], lo: int, hi: int) -> bool:
    """Some index strictly between ``lo`` and ``hi``."""
    a, b = 0, len(sorted_idx)
    while a < b:
        mid = (a + b) // 2
        if sorted_idx[mid] <= lo:
            a = mid + 1
        else:
            b = mid
    return a < len(sorted_idx) and sorted_idx[a] < hi


def local_bag(text: str, span: tuple[int, int], others: list[tuple[int, int]],
              entities: list[tuple[int, int, str]], limit: tuple[int, int] | None = None) -> dict[str, float]:
    """Weighted context keys around ``span`` within ``limit`` (default: all of ``text``)."""
    return BagContext(text, others, entities, limit).bag(span)


def overlap(a: dict[str, float], b: dict[str, float], idf: dict[str, float], default_idf: float) -> float:
    """Shared, idf-weighted context mass of two bags."""
    if len(a) > len(b):
        a, b = b, a
    return sum(min(w, b[k]) * idf.get(k, default_idf) for k, w in a.items() if k in b)


def shared_keys(a: dict[str, float], b: dict[str, float], min_weight: float = 0.3) -> set[str]:
    return {k for k, w in a.items() if w >= min_weight and b.get(k, 0.0) >= min_weight}
