"""Near-misses of the notes' own names and key terms ("Wiliam" for "William").

The targets come from the fact base: the words of every name the notes use
and the notes' rare words.  An essay word is a likely misspelling when it is
not in the notes, not a common English word, not a grammatical variant of a
notes word, and close to exactly one target.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..facts.entities import is_common_word, word_frequency
from ..nlp.english import is_known
from ..textutil import norm_key

_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "ism", "ist", "ists", "ian", "ians", "ians", "ite",
             "ites", "ic", "al", "ly", "ization", "isation", "ize", "ise", "ized", "ised", "ation", "n", "ns",
             "ern", "y", "ies", "ity", "ment", "ness", "ia", "an", "ans", "ish", "ese", "i", "a", "e")


def _key(w: str) -> str:
    return norm_key(w).replace(" ", "")


@dataclass
class SpellingTargets:
    """The notes' spellings an essay word is compared with, built once with the fact base.

    ``targets`` maps a normalised spelling to how the notes write it (names and
    rare words); ``vocabulary`` is every notes word in lower case.  Both are also
    grouped by their first letters, the only ones a grammatical variant can share.
    """

    targets: dict[str, str]
    vocabulary: dict[str, str]
    names: list[str] = field(default_factory=list)
    by_prefix3: dict[str, list[str]] = field(default_factory=dict)
    vocab_by_prefix4: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.names = list(self.targets)
        for t in self.targets:
            self.by_prefix3.setdefault(t[:3], []).append(t)
        for v in self.vocabulary:
            self.vocab_by_prefix4.setdefault(v[:4], []).append(v)


def build_targets(registry, vocabulary: dict[str, str]) -> SpellingTargets:
    """Normalised spelling -> how the notes write it, for names and rare words."""
    out: dict[str, str] = {}
    for e in registry.entities.values():
        for alias in [e.name] + sorted(e.aliases - {e.name}):  # the usual spelling first
            compact = _key(alias)
            if len(alias.split()) > 1 and 6 <= len(compact) <= 24 and not alias.isupper():
                out.setdefault(compact, alias)
            for w in re.findall(r"[^\W\d_][\w'\-]*", alias):
                if len(w) >= 4 and not is_common_word(w):
                    out.setdefault(_key(w), w)
    for lw, form in vocabulary.items():
        if len(lw) >= 6 and word_frequency(lw) < 5e-7:
            out.setdefault(_key(form), form)
    return SpellingTargets(out, vocabulary)


def _variant(a: str, b: str) -> bool:
    """True when two words differ only by a grammatical ending (Normanism / Normanist)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    if n < 4:
        return False
    ra, rb = a[n:], b[n:]
    return (ra == "" or ra in _SUFFIXES) and (rb == "" or rb in _SUFFIXES)


def suggest(word: str, index: SpellingTargets, accepted: frozenset[str]) -> str | None:
    """The notes' spelling this word most likely meant, or None if it looks fine."""
    targets, notes_vocab = index.targets, index.vocabulary
    lw = word.lower()
    key = _key(word)
    if len(key) < 5 or lw in accepted or key in accepted or lw in notes_vocab or key in targets:
        return None
    if any(_variant(key, t) for t in index.by_prefix3.get(key[:3], ())):
        return None
    if any(_variant(lw, v) for v in index.vocab_by_prefix4.get(lw[:4], ())):
        return None
    if is_common_word(lw):
        return None
    if is_known(lw) and word[:1].islower() and word_frequency(lw) > 1e-7:
        return None
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Levenshtein

    best = process.extract(key, index.names, scorer=fuzz.ratio, limit=2)
    if not best:
        return None
    cand, score, _ = best[0]
    if len(key) <= 6:
        if Levenshtein.distance(key, cand) > 1 or cand[0] != key[0]:
            return None
    elif score < 80 or cand[0] != key[0] and not (len(key) > 7 and score >= 88):
        return None
    if len(best) > 1 and best[1][1] >= score - 2 and targets[best[1][0]].lower() != targets[cand].lower():
        return None  # two notes words are equally close: do not guess
    return targets[cand]
