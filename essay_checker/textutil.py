"""Small, topic-free text helpers shared by the notes reader and the checks.

Nothing here knows about any history topic: the words below are ordinary
English function words, number words and month names.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

STOPWORDS = frozenset(
    """
    a about above after again against all also although am among an and any are as at be because been
    before being below between both but by can could did do does doing down during each either even ever
    every few for from further had has have having he her here hers herself him himself his how however i
    if in into is it its itself just least less let like made make many may me might more most much must
    my myself neither no nor not now of off on once one only or other our ours ourselves out over own per
    quite rather same shall she should since so some such than that the their theirs them themselves then
    there these they this those though through thus to too under until up upon us very via was we were
    what when where whether which while who whom whose why will with within without would yet you your
    yours yourself yourselves also soon later still already again around onto towards toward whilst
    its it's s t get got go went gone come came become became became seem seemed
    """.split()
)

# Words that name a relation to time, not an event: they must not make two
# clauses look alike.
TIME_WORDS = frozenset(
    """
    year years month months week weeks day days decade decades century time times period era date dates
    early late mid first last next previous following same later earlier afterwards before after
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn winter
    """.split()
)

WORD_RE = re.compile(r"[^\W\d_](?:[^\W_]|['\u2019\-](?=[^\W\d_]))*", re.UNICODE)

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH), None)


def fold(word: str) -> str:
    """Lower case as a case-insensitive regular expression sees it: "ſ" is "s" and a dotless "ı" is "i",
    so a word such a pattern matched can be looked up in a table of lower-case words.

    >>> fold("Auguſt"), fold("MıLLION")
    ('august', 'million')
    """
    return word.casefold().replace("i\u0307", "i").replace("\u0131", "i")


def clean_invisible(text: str) -> str:
    """Remove zero-width characters (they break matching but carry no meaning).

    >>> clean_invisible("Har\u200bold")
    'Harold'
    """
    return text.translate(_ZERO_WIDTH)


_STEMS: dict[str, str] = {}  # folded word -> stem; see preload_stems


def _fold(word: str) -> str:
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "").replace("-", "")
    return w.replace("isation", "ization").replace("ised", "ized").replace("ising", "izing")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Stem one word, case-folded; apostrophes and hyphens are dropped.

    >>> stem("Executed") == stem("executing")
    True
    """
    w = _fold(word)
    s = _STEMS.get(w)
    if s is None:
        s = _STEMS[w] = _STEMMER.stemWord(w)
    return s


def stems_of(words_: set[str]) -> dict[str, str]:
    """Stems of many words, keyed as :func:`preload_stems` wants them (kept with a fact base)."""
    return {_fold(w): stem(w) for w in sorted(words_)}


def preload_stems(stems: dict[str, str]) -> None:
    """Seed the stem cache with stems worked out earlier: the Snowball stemmer is slow to start cold."""
    if stems:
        _STEMS.update(stems)


def norm_key(phrase: str) -> str:
    """A spelling-insensitive key for names: case, hyphens, apostrophes and -ise/-ize folded.

    >>> norm_key("De-Normanisation") == norm_key("denormanization")
    True
    """
    text = unicodedata.normalize("NFKD", phrase)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s]", "", text)
    text = text.replace("isation", "ization")
    return " ".join(text.split())


def words(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` with their character offsets."""
    return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no function words, no time words)."""
    out = []
    for w, _, _ in words(text):
        lw = w.lower()
        if lw in STOPWORDS or lw in TIME_WORDS or len(lw) < 2:
            continue
        out.append(stem(w))
    return out


NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a dozen": 12, "dozen": 12,
}

ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}


def ordinal_value(word: str) -> int | None:
    """Value of an ordinal written as digits or words.

    >>> ordinal_value("20th"), ordinal_value("Twentieth"), ordinal_value("twenty-second")
    (20, 20, 22)
    """
    w = fold(word).replace("\u2011", "-")
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", w)
    if m:
        return int(m.group(1))
    if w in ORDINAL_WORDS:
        return ORDINAL_WORDS[w]
    parts = re.split(r"[-\s]", w)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in ORDINAL_WORDS:
        return _TENS[parts[0]] + ORDINAL_WORDS[parts[1]]
    return None
