"""Find quantities in text: the number, how sure it is, and what it counts.

>>> [(n.text, n.value, n.unit) for n in find_numbers("none of the 1,400 delegates")]
[('1,400 delegates', 1400.0, 'deleg')]
>>> [(n.text, n.low, n.high) for n in find_numbers("it freed tens of thousands of prisoners")]
[('tens of thousands', 10000.0, 99999.0)]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..textutil import NUMBER_WORDS, STOPWORDS, TIME_WORDS, fold, ordinal_value, stem

_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mil": 1e6, "mill": 1e6, "m": 1e6, "mn": 1e6,
          "billion": 1e9, "bn": 1e9, "hundred": 1e2}
_WORD_NUM = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_SCALE_RX = r"(?:hundred|thousand|million|billion|mill|mil|mn|bn|m|k)\b\.?"
_HEDGES = re.compile(r"(?:about|around|roughly|approximately|almost|nearly|some|over|more than|less than|"
                     r"fewer than|up to|at least|at most|under|c\.|circa|just over|just under)\s+$", re.I)

_VAGUE = re.compile(r"\b(tens|hundreds|thousands|millions)\s+of\s+(thousands|millions)?\b|"
                    r"\b(dozens|hundreds|thousands|millions)\s+of\b", re.I)
_NUMERIC = re.compile(
    rf"(?<![\w.,])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*(%|per\s?cent\b|percent\b)?"
    rf"(?:\s*({_SCALE_RX}))?",
    re.I,
)
# a run of number words: "six", "twenty-two", "one hundred and forty", "two and a half million", "a thousand"
_WORDRUN = re.compile(rf"\b(?:(?:half\s+)?an?\s+(?:hundred|thousand|million|billion|dozen)\b|{_WORD_NUM})"
                      rf"(?:(?:\s+and\s+|[-\s]+)(?:{_WORD_NUM}|thousand|million|billion|a\s+half)\b)*"
                      rf"(?:\s+({_SCALE_RX}))?\b", re.I)
_BIG_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_ORDINAL = re.compile(r"\b(\d+(?:st|nd|rd|th)|(?:twenty|thirty|forty|fifty)[-\s](?:first|second|third|fourth|"
                      r"fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
                      r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
                      r"eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth)\b", re.I)
_UNIT = re.compile(r"(?:\s+(?:of\s+(?:the\s+)?)?([A-Za-z][A-Za-z'\-]+)|-([A-Za-z]+)\b)")
_AFTER_NAME = re.compile(r"\s+([a-z][a-z'\-]+)")
_TITLE = re.compile(r"\s+((?:[A-Z][\w'\-]*)(?:\s+(?:of\s+)?[A-Z][\w'\-]*){0,3})")
_LOWER_TITLE = re.compile(r"\s+([a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+){0,2})")
# short forms of units, as students write them
_UNIT_SHORT = {"hr": "hours", "hrs": "hours", "min": "minutes", "mins": "minutes", "yr": "years", "yrs": "years",
               "wk": "weeks", "wks": "weeks"}


_MONTH_NEXT = re.compile(r"(?:st|nd|rd|th)?\s*(?:-|\u2013|and|to)?\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:of\s+)?"
                         r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b")


@dataclass(frozen=True)
class NumberMention:
    """A quantity: ``low``..``high`` (equal unless vague), the stem of what it counts."""

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    unit: str | None
    kind: str  # count | percent | ordinal | vague
    hedged: bool = False

    def agrees_with(self, other: "NumberMention") -> bool:
        """Same quantity, allowing for hedges ("about") and vague amounts; an ordinal only agrees with itself."""
        if self.kind == "ordinal" or other.kind == "ordinal":
            return self.value == other.value
        tol = 0.2 if (self.hedged or other.hedged) else 0.05
        lo = min(self.low, other.low)
        if self.low <= other.high * (1 + tol) and other.low <= self.high * (1 + tol):
            return True
        return lo > 0 and abs(self.value - other.value) / max(self.value, other.value) <= tol


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The stem of what a number counts: the word after it ("6 hours", "six-hour", "7,000 Norman knights")."""
    m = _UNIT.match(text, end)
    if not m:
        return None, end
    word = m.group(1) or m.group(2)
    lw = fold(word)
    if lw in _UNIT_SHORT:
        return stem(_UNIT_SHORT[lw]), m.end()
    if lw in STOPWORDS or lw in TIME_WORDS and lw not in ("hours", "hour", "days", "years", "weeks", "months",
                                                           "minutes", "day", "week", "month", "year"):
        return None, end
    if word[0].isupper():
        if m.group(1) and len(word) > 3 and word.endswith("s") and not word.isupper():
            return stem(word), m.end()  # a people counted by name: "2,000 Saxons"
        # one capitalised word before what is counted describes it: "7,000 Norman knights"
        nxt = _AFTER_NAME.match(text, m.end()) if m.group(1) and "-" not in word else None
        if nxt and nxt.group(1) not in STOPWORDS and nxt.group(1) not in TIME_WORDS:
            return stem(nxt.group(1)), nxt.end()
        return None, end
    return stem(word), m.end()


_NAME_BEFORE = re.compile(r"(?:(?<=[^\W\d_])-|(?<![\w'\u2019])([A-Z][\w]*) )$")
_CALENDAR = frozenset("""january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split())


def _in_name(text: str, start: int) -> bool:
    """A number written straight after letters and a hyphen ("B-17"), or after a capitalised word that does
    not start the sentence ("Regiment 12", "Apollo 11"), is part of a name."""
    m = _NAME_BEFORE.search(text, max(0, start - 40), start)
    if not m:
        return False
    word = m.group(1)
    if word is None:
        return True
    if fold(word).rstrip(".") in _CALENDAR:
        return False
    before = text[:m.start(1)].rstrip(" \t")
    return bool(before) and not before.endswith((".", "!", "?", ":", ";", "\n", "\u2022", "-"))


def _title_after(text: str, end: int) -> str | None:
    """The name an ordinal numbers: "3rd Crusade", or in lower case "2nd great council"."""
    t = _TITLE.match(text, end)
    if t:
        return " ".join(stem(w) for w in t.group(1).split() if fold(w) != "of")
    t = _LOWER_TITLE.match(text, end)
    if not t:
        return None
    kept = []
    for w in t.group(1).split():
        if w in STOPWORDS or w in TIME_WORDS:
            break
        kept.append(stem(w))
    return " ".join(kept) or None


def _words_value(phrase: str) -> float | None:
    """The value of number words: "twenty-two" 22, "one hundred and forty" 140, "two and a half million" 2.5e6."""
    toks = re.findall(r"[a-z]+", fold(phrase))
    total, current, seen = 0.0, 0.0, False
    i = 0
    while i < len(toks):
        w = toks[i]
        if w in ("a", "an") and i + 1 < len(toks) and toks[i + 1] == "half":
            current += 0.5
            i += 2
            continue
        if w == "half" and i + 2 < len(toks) and toks[i + 1] in ("a", "an"):
            current += 0.5
            i += 2
            continue
        if w in ("a", "an"):
            current = current or 1.0
        elif w == "and":
            pass
        elif w == "dozen":
            current = (current or 1.0) * 12
            seen = True
        elif w == "hundred":
            current = (current or 1.0) * 100
            seen = True
        elif w in _BIG_SCALES:
            total += (current or 1.0) * _BIG_SCALES[w]
            current = 0.0
            seen = True
        elif w in NUMBER_WORDS:
            current += NUMBER_WORDS[w]
            seen = True
        else:
            return None
        i += 1
    return total + current if seen else None


def find_numbers(text: str, exclude: list[tuple[int, int]] = ()) -> list[NumberMention]:
    """Quantities in ``text``; spans in ``exclude`` (dates) are skipped."""
    taken = bytearray(len(text) + 1)
    for a, b in exclude:
        taken[a:b] = b"\x01" * (b - a)
    out: list[NumberMention] = []

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def add(n: NumberMention) -> None:
        out.append(n)
        taken[n.start:n.end] = b"\x01" * (n.end - n.start)

    for m in _VAGUE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        words = fold(m.group()).split()
        base = {"dozens": 12, "tens": 10, "hundreds": 100, "thousands": 1000, "millions": 1e6}[words[0]]
        mult = {"thousands": 1000, "millions": 1e6}.get(words[-1], 1) if len(words) == 3 else 1
        low = float(base * mult)
        high = low * 10 - 1
        text_ = m.group().rstrip()
        if fold(text_).endswith(" of"):
            text_ = text_[:-3]
        unit, _ = _unit_after(text, m.end() - (0 if fold(m.group()).endswith("of") else 0))
        add(NumberMention(m.start(), m.start() + len(text_), text_, low, low, high, unit, "vague"))
    for m in _ORDINAL.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value = ordinal_value(m.group())
        title = _title_after(text, m.end())
        if value is None or not title:
            continue  # only ordinals that number a named thing ("20th Party Congress")
        add(NumberMention(m.start(), m.end(), m.group(), float(value), float(value), float(value), title,
                          "ordinal"))
    for m in _NUMERIC.finditer(text):
        if not free(m.start(), m.end(1)):
            continue
        if _MONTH_NEXT.match(text, m.end(1)):
            continue  # "27 October": a day of the month
        if _in_name(text, m.start()):
            continue  # "Regiment 12", "B-17": part of a name, not a quantity
        raw = m.group(1).replace(",", "")
        value = float(raw)
        pct, scale = m.group(2), m.group(3)
        end = m.end()
        if scale:
            value *= _SCALE[fold(scale).rstrip(".")]
        else:
            end = m.end(2) if pct else m.end(1)
        if pct:
            unit, kind = "percent", "percent"
        else:
            unit, uend = _unit_after(text, end)
            kind = "count"
            if unit:
                end = uend
        hedged = bool(_HEDGES.search(text[max(0, m.start() - 20):m.start()]))
        add(NumberMention(m.start(), end, text[m.start():end], value, value, value, unit, kind, hedged))
    for m in _WORDRUN.finditer(text):
        if not free(m.start(), m.end()):
            continue
        phrase = m.group()
        scale = m.group(1)
        if scale:
            phrase = phrase[:m.start(1) - m.start()]
        value = _words_value(phrase)
        if value is None:
            continue
        if fold(phrase.strip()) == "one" and not scale:
            continue  # "one" is mostly a pronoun
        end = m.end()
        if scale:
            value *= _SCALE[fold(scale).rstrip(".")]
        unit, uend = _unit_after(text, end)
        big = scale or re.search(r"(?i)\b(thousand|million|billion)\b", phrase)
        if unit is None and not big:
            continue  # a bare number word ("two of them") is not a checkable quantity
        if unit:
            end = uend
        hedged = bool(_HEDGES.search(text[max(0, m.start() - 20):m.start()]))
        add(NumberMention(m.start(), end, text[m.start():end], value, value, value, unit, "count", hedged))
    out.sort(key=lambda n: n.start)
    return out
