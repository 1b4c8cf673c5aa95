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


def local_bag(text: str, span: tuple[int, int], others: list[tuple[int, int]],
              entities: list[tuple[int, int, str]], limit: tuple[int, int] | None = None) -> dict[str, float]:
    """Weighted context keys around ``span`` within ``limit`` (default: all of ``text``)."""
    lo, hi = limit or (0, len(text))
    toks = []
    for w, s, e in words(text[lo:hi]):
        toks.append((w, s + lo, e + lo))
    ent_at = {}
    for s, e, eid in entities:
        ent_at[(s, e)] = eid
    anchor_idx = None
    for i, (_, s, e) in enumerate(toks):
        if s >= span[0]:
            anchor_idx = i
            break
    if anchor_idx is None:
        anchor_idx = len(toks)
    other_idx = []
    for a, b in others:
        if (a, b) == tuple(span):
            continue
        for i, (_, s, e) in enumerate(toks):
            if s >= a:
                other_idx.append(i)
                break
    bag: dict[str, float] = {}

    def put(key: str, w: float) -> None:
        if w > bag.get(key, 0.0):
            bag[key] = w

    for i, (w, s, e) in enumerate(toks):
        if span[0] <= s < span[1]:
            continue
        d = abs(i - anchor_idx)
        weight = 1.0 / (1.0 + d / DECAY)
        if any(min(i, anchor_idx) < j < max(i, anchor_idx) or (j == i) for j in other_idx):
            weight *= SHADOW
        eid = next((v for (a, b), v in ent_at.items() if a <= s < b), None)
        lw = w.lower()
        if eid:
            put("@" + eid, weight)
            if lw not in STOPWORDS and len(lw) > 2:
                put(stem(w), 0.6 * weight * generic_factor(w))  # "the charter" still matches "Great Charter"
            continue
        if lw in STOPWORDS or lw in TIME_WORDS or len(lw) < 2:
            continue
        put(stem(w), weight * generic_factor(w))
    return bag


def overlap(a: dict[str, float], b: dict[str, float], idf: dict[str, float], default_idf: float) -> float:
    """Shared, idf-weighted context mass of two bags."""
    if len(a) > len(b):
        a, b = b, a
    return sum(min(w, b[k]) * idf.get(k, default_idf) for k, w in a.items() if k in b)


def shared_keys(a: dict[str, float], b: dict[str, float], min_weight: float = 0.3) -> set[str]:
    return {k for k, w in a.items() if w >= min_weight and b.get(k, 0.0) >= min_weight}
