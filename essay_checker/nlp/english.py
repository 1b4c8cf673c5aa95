"""How common a word is in general English, from pyspellchecker's English word-frequency list.

pyspellchecker builds its dictionary from a gzipped JSON file each time a
``SpellChecker`` is made, which costs more than checking an essay.  The counts
are read from it once and kept in the cache folder as one list of words and one
array of counts, which load in a few milliseconds; a word is looked up by
bisection, so no dictionary of all English words is ever built.  The cached
table is keyed by the size and time of pyspellchecker's data file, and rebuilt
when that changes or the cached copy is damaged.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import string
import tempfile
from array import array
from functools import lru_cache
from pathlib import Path

FORMAT = "1"


class _Table:
    """Sorted words (one string, newline-separated) with their counts."""

    def __init__(self, blob: str, offsets: array, counts: array, total: int, longest: int) -> None:
        self.blob = blob
        self.offsets = offsets  # start of word i in blob; one more entry for the end
        self.counts = counts
        self.total = total
        self.longest = longest
        self.n = len(counts)

    def word(self, i: int) -> str:
        return self.blob[self.offsets[i]:self.offsets[i + 1] - 1]

    def count(self, word: str) -> int:
        lo, hi = 0, self.n
        while lo < hi:
            mid = (lo + hi) // 2
            if self.word(mid) < word:
                lo = mid + 1
            else:
                hi = mid
        return self.counts[lo] if lo < self.n and self.word(lo) == word else 0


def _source() -> Path | None:
    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent / "resources" / "en.json.gz"


def _cache_file(src: Path) -> Path:
    from ..facts.store import cache_dir

    st = src.stat()
    key = hashlib.sha256(f"{FORMAT}|{src}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:24]
    return cache_dir() / f"english-{key}.pickle"


def _build() -> tuple[str, array, array, int, int]:
    from spellchecker import SpellChecker

    wf = SpellChecker(distance=1).word_frequency
    words = sorted(wf.dictionary)
    blob = "".join(w + "\n" for w in words)
    offsets = array("q", [0] * (len(words) + 1))
    pos = 0
    for i, w in enumerate(words):
        offsets[i] = pos
        pos += len(w) + 1
    offsets[len(words)] = pos
    counts = array("q", (wf.dictionary[w] for w in words))
    return blob, offsets, counts, wf.total_words, wf.longest_word_length


@lru_cache(maxsize=1)
def _table() -> _Table:
    src = _source()
    path = _cache_file(src) if src is not None and src.exists() else None
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                blob, offsets, counts, total, longest = pickle.load(fh)
            offs, cnts = array("q"), array("q")
            offs.frombytes(offsets)
            cnts.frombytes(counts)
            if len(offs) == len(cnts) + 1 and offs[-1] == len(blob):
                return _Table(blob, offs, cnts, total, longest)
        except Exception:  # noqa: BLE001 - a damaged cache is rebuilt
            pass
    blob, offsets, counts, total, longest = _build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((blob, offsets.tobytes(), counts.tobytes(), total, longest), fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache we cannot write is only slower, never wrong
    return _Table(blob, offsets, counts, total, longest)


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """How common a word is in general English (0 for an unknown word); case-insensitive."""
    t = _table()
    return t.count(word.lower()) / t.total


@lru_cache(maxsize=65536)
def is_known(word: str) -> bool:
    """The word (case-insensitive) is in the English word list and is a word, not a number."""
    w = word.lower()
    t = _table()
    if not t.count(w):
        return False
    if len(w) == 1 and w in string.punctuation or len(w) > t.longest + 3:
        return False
    if w in ("nan", "inf", "infinity"):
        return True
    try:
        float(w)
    except ValueError:
        return True
    return False
