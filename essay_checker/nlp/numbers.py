"""Find quantities in text: the number, how sure it is, and what it counts.

>>> [(n.text, n.value, n.unit) for n in find_numbers("none of the 1,400 delegates")]
[('1,400 delegates', 1400.0, 'deleg')]
>>> [(n.text, n.low, n.high) for n in find_numbers("it freed tens of thousands of prisoners")]
[('tens of thousands', 10000.0, 99999.0)]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..textutil import NUMBER_WORDS, STOPWORDS, TIME_WORDS, ordinal_value, stem

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
_WORDNUM = re.compile(rf"\b({_WORD_NUM})(?:[-\s]({_WORD_NUM}))?(?:\s+({_SCALE_RX}))?\b", re.I)
_ORDINAL = re.compile(r"\b(\d+(?:st|nd|rd|th)|(?:twenty|thirty|forty|fifty)[-\s](?:first|second|third|fourth|"
                      r"fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
                      r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
                      r"eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth)\b", re.I)
_UNIT = re.compile(r"\s+(?:of\s+(?:the\s+)?)?([A-Za-z][A-Za-z'\-]+)")
_TITLE = re.compile(r"\s+((?:[A-Z][\w'\-]*)(?:\s+(?:of\s+)?[A-Z][\w'\-]*){0,3})")


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
        """Same quantity, allowing for hedges ("about") and vague amounts."""
        tol = 0.2 if (self.hedged or other.hedged) else 0.05
        lo = min(self.low, other.low)
        if self.low <= other.high * (1 + tol) and other.low <= self.high * (1 + tol):
            return True
        return lo > 0 and abs(self.value - other.value) / max(self.value, other.value) <= tol


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    m = _UNIT.match(text, end)
    if not m:
        return None, end
    word = m.group(1)
    lw = word.lower()
    if lw in STOPWORDS or lw in TIME_WORDS and lw not in ("hours", "hour", "days", "years", "weeks", "months",
                                                           "minutes", "day", "week", "month", "year"):
        return None, end
    if word[0].isupper():
        return None, end
    return stem(word), m.end()


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
        words = m.group().lower().split()
        base = {"dozens": 12, "tens": 10, "hundreds": 100, "thousands": 1000, "millions": 1e6}[words[0]]
        mult = {"thousands": 1000, "millions": 1e6}.get(words[-1], 1) if len(words) == 3 else 1
        low = float(base * mult)
        high = low * 10 - 1
        text_ = m.group().rstrip()
        if text_.lower().endswith(" of"):
            text_ = text_[:-3]
        unit, _ = _unit_after(text, m.end() - (0 if m.group().lower().endswith("of") else 0))
        add(NumberMention(m.start(), m.start() + len(text_), text_, low, low, high, unit, "vague"))
    for m in _ORDINAL.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value = ordinal_value(m.group())
        t = _TITLE.match(text, m.end())
        if value is None or not t:
            continue  # only ordinals that number a named thing ("20th Party Congress")
        title = " ".join(stem(w) for w in t.group(1).split() if w.lower() != "of")
        add(NumberMention(m.start(), m.end(), m.group(), float(value), float(value), float(value), title,
                          "ordinal"))
    for m in _NUMERIC.finditer(text):
        if not free(m.start(), m.end(1)):
            continue
        if _MONTH_NEXT.match(text, m.end(1)):
            continue  # "27 October": a day of the month
        raw = m.group(1).replace(",", "")
        value = float(raw)
        pct, scale = m.group(2), m.group(3)
        end = m.end()
        if scale:
            value *= _SCALE[scale.lower().rstrip(".")]
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
    for m in _WORDNUM.finditer(text):
        if not free(m.start(), m.end()):
            continue
        first = NUMBER_WORDS[m.group(1).lower()]
        second = NUMBER_WORDS.get((m.group(2) or "").lower(), 0)
        if m.group(1).lower() in ("one",) and not m.group(3):
            continue  # "one" is mostly a pronoun
        value = float(first + second if second < 10 and first >= 20 else first * (second or 1))
        end = m.end()
        if m.group(3):
            value *= _SCALE[m.group(3).lower().rstrip(".")]
        unit, uend = _unit_after(text, end)
        if unit is None and not m.group(3):
            continue  # a bare number word ("two of them") is not a checkable quantity
        if unit:
            end = uend
        hedged = bool(_HEDGES.search(text[max(0, m.start() - 20):m.start()]))
        add(NumberMention(m.start(), end, text[m.start():end], value, value, value, unit, "count", hedged))
    out.sort(key=lambda n: n.start)
    return out
