"""Near-misses of the notes' own names and key terms ("Wiliam" for "William").

The targets come from the fact base: the words of every name the notes use
and the notes' rare words.  An essay word is a likely misspelling when it is
not in the notes, not a common English word, not a grammatical variant of a
notes word, and close to exactly one target.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..facts.entities import _english, is_common_word, word_frequency
from ..textutil import norm_key

_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "ism", "ist", "ists", "ian", "ians", "ians", "ite",
             "ites", "ic", "al", "ly", "ization", "isation", "ize", "ise", "ized", "ised", "ation", "n", "ns",
             "ern", "y", "ies", "ity", "ment", "ness", "ia", "an", "ans", "ish", "ese", "i", "a", "e")


def _key(w: str) -> str:
    return norm_key(w).replace(" ", "")


def targets_of(fb) -> dict[str, str]:
    """Normalised spelling -> how the notes write it, for names and rare words."""
    cached = getattr(fb, "_spelling_targets", None)
    if cached is not None:
        return cached
    out: dict[str, str] = {}
    for e in fb.registry.entities.values():
        for alias in e.aliases | {e.name}:
            compact = _key(alias)
            if len(alias.split()) > 1 and 6 <= len(compact) <= 24 and not alias.isupper():
                out.setdefault(compact, alias)
            for w in re.findall(r"[^\W\d_][\w'\-]*", alias):
                if len(w) >= 4 and not is_common_word(w):
                    out.setdefault(_key(w), w)
    for lw, form in fb.vocabulary.items():
        if len(lw) >= 6 and word_frequency(lw) < 5e-7:
            out.setdefault(_key(form), form)
    fb._spelling_targets = out
    return out


def _variant(a: str, b: str) -> bool:
    """True when two words differ only by a grammatical ending (Normanism / Normanist)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    if n < 4:
        return False
    ra, rb = a[n:], b[n:]
    return (ra == "" or ra in _SUFFIXES) and (rb == "" or rb in _SUFFIXES)


@lru_cache(maxsize=8192)
def _known(word: str) -> bool:
    return bool(_english().known([word]))


def suggest(word: str, targets: dict[str, str], notes_vocab: dict[str, str], accepted: frozenset[str]) -> str | None:
    """The notes' spelling this word most likely meant, or None if it looks fine."""
    lw = word.lower()
    key = _key(word)
    if len(key) < 5 or lw in accepted or key in accepted or lw in notes_vocab or key in targets:
        return None
    if any(_variant(key, t) for t in targets if t[:3] == key[:3]):
        return None
    if any(_variant(lw, v) for v in notes_vocab if v[:4] == lw[:4]):
        return None
    if is_common_word(lw):
        return None
    if _known(lw) and word[:1].islower() and word_frequency(lw) > 1e-7:
        return None
    best = process.extract(key, list(targets), scorer=fuzz.ratio, limit=2)
    if not best:
        return None
    cand, score, _ = best[0]
    from rapidfuzz.distance import Levenshtein

    if len(key) <= 6:
        if Levenshtein.distance(key, cand) > 1 or cand[0] != key[0]:
            return None
    elif score < 80 or cand[0] != key[0] and not (len(key) > 7 and score >= 88):
        return None
    if len(best) > 1 and best[1][1] >= score - 2 and targets[best[1][0]].lower() != targets[cand].lower():
        return None  # two notes words are equally close: do not guess
    return targets[cand]
