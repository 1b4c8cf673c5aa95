"""Find dates in text and normalise them to intervals.

Shared by the notes reader and the essay checks.  Every mention keeps its
exact character span, so a finding can point at the words the student wrote.

>>> [(d.text, d.start_iso, d.end_iso) for d in find_dates("Harold died on 14 October 1066.")]
[('14 October 1066', '1066-10-14', '1066-10-14')]
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from ..textutil import fold

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_APOS = "'\u2019\u2018`"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUM_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3, "several": 3}
_N = r"(?:\d{1,2}|a couple of|a few|a|one|two|three|four|five|six|seven|eight|nine|ten)"


@dataclass(frozen=True)
class DateMention:
    """A date in the text: its span and the interval it stands for.

    ``first`` and ``last`` are the first and last day of the interval; either
    is None for an open end ("by 1953" has no first day).
    """

    start: int
    end: int
    text: str
    first: dt.date | None
    last: dt.date | None
    granularity: str  # day | month | year | decade | range
    qualifier: str | None = None  # by | before | after | since | until
    relative: bool = False

    @property
    def start_iso(self) -> str | None:
        return self.first.isoformat() if self.first else None

    @property
    def end_iso(self) -> str | None:
        return self.last.isoformat() if self.last else None

    def years(self) -> range:
        lo = (self.first or self.last).year
        hi = (self.last or self.first).year
        return range(lo, hi + 1)

    def overlaps(self, other: "DateMention", slack_days: int = 0) -> bool:
        a0 = self.first or dt.date.min
        a1 = self.last or dt.date.max
        b0 = other.first or dt.date.min
        b1 = other.last or dt.date.max
        slack = dt.timedelta(days=slack_days)
        return a0 <= b1 + slack if a1 >= b0 - slack else False

    def describe(self) -> str:
        """Words for the interval, e.g. 'February 1955', '1953-1964'."""
        if self.first and self.last:
            if self.granularity == "day":
                return f"{self.first.day} {calendar.month_name[self.first.month]} {self.first.year}"
            if self.granularity == "month" and self.first.month == self.last.month:
                return f"{calendar.month_name[self.first.month]} {self.first.year}"
            if self.first.year == self.last.year:
                if self.first.month == 1 and self.last.month == 12:
                    return str(self.first.year)
                return (f"{calendar.month_name[self.first.month]}-{calendar.month_name[self.last.month]} "
                        f"{self.first.year}")
            return f"{self.first.year}-{self.last.year}"
        if self.last:
            return f"by {self.last.year}"
        if self.first:
            return f"from {self.first.year}"
        return self.text


def _year_iv(y: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _month_iv(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _two_digit(yy: int, century: int) -> int:
    return century + yy


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group())


def _mk(m: re.Match, first, last, gran, qualifier=None, relative=False, group=0) -> DateMention:
    return DateMention(m.start(group), m.end(group), m.group(group), first, last, gran, qualifier, relative)


# Order matters: longer, more specific forms first; a later pattern never
# takes characters an earlier one took.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("between", re.compile(rf"\b(?:between|from)\s+({_YEAR})\s+(?:and|to|until|till)\s+({_YEAR}|\d{{2}}\b[{_APOS}]?)",
                           re.I)),
    ("yrange", re.compile(rf"\b({_YEAR})\s*(?:-|\u2013|\u2014|to)\s*({_YEAR}|\d{{2}})(?![\d%])[{_APOS}]?(?!\w)")),
    ("dmy", re.compile(rf"\b({_DAY})\s+(?:of\s+)?({_MONTH}),?\s+({_YEAR})\b", re.I)),
    ("mdy", re.compile(rf"\b({_MONTH})\s+({_DAY}),?\s+({_YEAR})\b", re.I)),
    ("mrange", re.compile(rf"\b({_MONTH})\s*(?:-|\u2013|to)\s*({_MONTH})(?:\s+(?:of\s+)?({_YEAR}))?(?!\w)",
                          re.I)),
    ("my", re.compile(rf"\b({_MONTH})\s+(?:of\s+)?({_YEAR})\b", re.I)),
    ("my2", re.compile(rf"\b({_MONTH})\s+[{_APOS}]?(\d{{2}})(?:[{_APOS}](?!\w)|(?=\s*[:,;)]))", re.I)),
    ("decade", re.compile(rf"\b(?:the\s+)?(?:(early|mid|late)[\s-]+)?(1[0-9]{{2}}0|20[0-9]0)[{_APOS}]?s\b", re.I)),
    ("qualified", re.compile(rf"\b(by|before|after|since|until|till|from)\s+(?:the\s+(?:end|start|beginning)\s+of\s+)?({_YEAR})\b(?![-\u2013]\d)",
                             re.I)),
    ("year", re.compile(rf"(?<![\d,.$£€])\b({_YEAR})\b(?![,.]\d|\s*%)")),
]

_RELATIVE = re.compile(
    rf"\b(?:(later|earlier)\s+(?:that|the\s+same)\s+year|(?:in\s+)?(?:that|the\s+same)\s+year|"
    rf"the\s+(following|next|previous)\s+year|"
    rf"({_N})\s+years?\s+(later|afterwards|earlier)|"
    rf"(?:that|the\s+same|the\s+following)\s+({_MONTH}))\b",
    re.I,
)

# A four-digit number followed by one of these words counts things, it is not a year.
_COUNT_FOLLOW = re.compile(r"\s+(?:[a-z]+-)?(?:people|men|women|delegates|members|soldiers|troops|prisoners|"
                           r"workers|tanks|deaths|dead|killed|km|miles|metres|meters|tons|tonnes|units|"
                           r"copies|votes|pages|words)\b", re.I)


def _century_of(text: str) -> int:
    """The century most four-digit years in the text fall in (1900 if none)."""
    counts: dict[int, int] = {}
    for m in re.finditer(rf"\b{_YEAR}\b", text):
        c = int(m.group()) // 100 * 100
        counts[c] = counts.get(c, 0) + 1
    return max(counts, key=lambda c: (counts[c], c)) if counts else 1900


def _absolute(text: str, century: int) -> list[DateMention]:
    taken = bytearray(len(text))
    found: list[DateMention] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            d = _interpret(kind, m, century, text)
            if d is None:
                continue
            found.append(d)
            taken[d.start:d.end] = b"\x01" * (d.end - d.start)
    found.sort(key=lambda d: d.start)
    return [_qualify(text, d) for d in found]


_QUALIFIER_BEFORE = re.compile(r"\b(by|before|after|since|until|till)\s+(?:the\s+(?:end|start|beginning)\s+of\s+)?$",
                               re.I)


def _qualify(text: str, d: DateMention) -> DateMention:
    """A day or month after "until", "by", "since"...: an open interval, as "until 1916" is for a year.

    >>> [(d.text, d.qualifier, d.start_iso) for d in find_dates("It lasted until November 1916.")]
    [('until November 1916', 'until', None)]
    """
    if d.qualifier or d.granularity not in ("day", "month") or not (d.first and d.last):
        return d
    m = _QUALIFIER_BEFORE.search(text, max(0, d.start - 40), d.start)
    if not m:
        return d
    q = fold(m.group(1))
    first, last = {"by": (None, d.last), "until": (None, d.last), "till": (None, d.last),
                   "before": (None, d.first), "since": (d.first, None), "after": (d.last, None)}[q]
    return DateMention(m.start(), d.end, text[m.start():d.end], first, last, d.granularity, q, d.relative)


def _interpret(kind: str, m: re.Match, century: int, text: str) -> DateMention | None:
    g = m.groups()
    try:
        if kind == "between":
            y1 = int(g[0])
            y2s = g[1].rstrip(_APOS)
            y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
            if y2 < y1:
                return None
            return _mk(m, dt.date(y1, 1, 1), dt.date(y2, 12, 31), "range")
        if kind == "yrange":
            y1 = int(g[0])
            y2 = int(g[1]) if len(g[1]) == 4 else y1 // 100 * 100 + int(g[1])
            if not (y1 < y2 <= y1 + 100):
                return None
            return _mk(m, dt.date(y1, 1, 1), dt.date(y2, 12, 31), "range")
        if kind == "dmy":
            d = dt.date(int(g[2]), MONTHS[fold(g[1]).rstrip(".")], _day(g[0]))
            return _mk(m, d, d, "day")
        if kind == "mdy":
            d = dt.date(int(g[2]), MONTHS[fold(g[0]).rstrip(".")], _day(g[1]))
            return _mk(m, d, d, "day")
        if kind == "mrange":
            if not g[2]:
                return None  # resolved later from context
            y = int(g[2])
            m1, m2 = MONTHS[fold(g[0]).rstrip(".")], MONTHS[fold(g[1]).rstrip(".")]
            if m2 < m1:
                return None
            return _mk(m, _month_iv(y, m1)[0], _month_iv(y, m2)[1], "month")
        if kind == "my":
            a, b = _month_iv(int(g[1]), MONTHS[fold(g[0]).rstrip(".")])
            return _mk(m, a, b, "month")
        if kind == "my2":
            if fold(g[0]).rstrip(".") == "may" and not m.group().rstrip().endswith(tuple(_APOS)):
                return None  # "may 12:" is far more often the verb
            yy = int(g[1])
            a, b = _month_iv(_two_digit(yy, century), MONTHS[fold(g[0]).rstrip(".")])
            return _mk(m, a, b, "month")
        if kind == "decade":
            base = int(g[1])
            part = fold(g[0] or "")
            lo, hi = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get(part, (0, 9))
            return _mk(m, dt.date(base + lo, 1, 1), dt.date(base + hi, 12, 31), "decade")
        if kind == "qualified":
            q = fold(g[0])
            a, b = _year_iv(int(g[1]))
            if q == "from":
                return DateMention(m.start(2), m.end(2), m.group(2), a, b, "year")
            bounds = {"by": (None, b), "until": (None, b), "till": (None, b), "before": (None, a),
                      "since": (a, None), "after": (b, None)}[q]
            return _mk(m, bounds[0], bounds[1], "year", q)
        if kind == "year":
            if _COUNT_FOLLOW.match(text, m.end()):
                return None
            a, b = _year_iv(int(g[0]))
            return _mk(m, a, b, "year")
    except (ValueError, KeyError):
        return None
    return None


def find_dates(text: str, context: DateMention | None = None, century: int | None = None) -> list[DateMention]:
    """All dates in ``text``, in order, each with its interval.

    Relative dates ("later that year", "that June", "three years later") are
    resolved against the latest absolute date before them, or ``context``
    (the last date of the text before this one) when there is none.

    >>> [d.describe() for d in find_dates("In 1956 he spoke. Three years later he went to the US.")]
    ['1956', '1959']
    >>> [d.describe() for d in find_dates("Feb 1955. Later, June 57' a vote")]
    ['February 1955', 'June 1957']
    """
    if century is None:
        century = _century_of(text) if context is None else (context.first or context.last).year // 100 * 100
    absolute = _absolute(text, century)
    taken = bytearray(len(text))
    for d in absolute:
        taken[d.start:d.end] = b"\x01" * (d.end - d.start)
    pending: list[tuple[int, re.Match, str]] = []
    for m in _RELATIVE.finditer(text):
        if not any(taken[m.start():m.end()]):
            pending.append((m.start(), m, "rel"))
    for m in _PATTERNS[4][1].finditer(text):  # month ranges with no year
        if not m.group(3) and not any(taken[m.start():m.end()]):
            pending.append((m.start(), m, "mrange"))
    for rx, kind in ((_DM, "dm"), (_MD, "md")):
        for m in rx.finditer(text):
            if not any(taken[m.start():m.end()]) and not any(p[0] <= m.start() < p[1].end() for p in pending):
                pending.append((m.start(), m, kind))
    pending.sort(key=lambda p: p[0])
    out = list(absolute)
    for pos, m, kind in pending:
        anchor = _latest_before(out, pos) or context
        if anchor is None:
            continue
        base = (anchor.last or anchor.first).year if anchor.granularity != "range" else (anchor.first or anchor.last).year
        d = _resolve(kind, m, base)
        if d is not None:
            out.append(d)
            out.sort(key=lambda x: x.start)
    return out


def _latest_before(found: list[DateMention], pos: int) -> DateMention | None:
    best = None
    for d in found:
        if d.end <= pos and (d.first or d.last) is not None and d.granularity in ("day", "month", "year"):
            best = d
    return best


_DM = re.compile(rf"\b((?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?)\s+(?:of\s+)?({_MONTH})(?!\s*,?\s*\d)", re.I)
_MD = re.compile(rf"\b({_MONTH})\s+((?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?)\b(?![,.]?\s*\d{{4}})(?!\s*['\u2019])", re.I)


def _resolve(kind: str, m: re.Match, base: int) -> DateMention | None:
    if kind in ("dm", "md"):
        day_s, mon_s = (m.group(1), m.group(2)) if kind == "dm" else (m.group(2), m.group(1))
        if kind == "md" and fold(mon_s) == "may":
            return None
        try:
            d = dt.date(base, MONTHS[fold(mon_s).rstrip(".")], _day(day_s))
        except (ValueError, KeyError):
            return None
        return DateMention(m.start(), m.end(), m.group(), d, d, "day", relative=True)
    if kind == "mrange":
        m1, m2 = MONTHS[fold(m.group(1)).rstrip(".")], MONTHS[fold(m.group(2)).rstrip(".")]
        if m2 < m1:
            return None
        return DateMention(m.start(), m.end(), m.group(), _month_iv(base, m1)[0], _month_iv(base, m2)[1],
                           "month", relative=True)
    later_earlier, fnp, n, direction, month = m.groups()
    year = base
    if fnp:
        year = base + (-1 if fold(fnp) == "previous" else 1)
    elif n:
        k = int(n) if n.isdigit() else _NUM_WORDS.get(" ".join(fold(n).split()), 1)
        year = base + (-k if fold(direction) in ("earlier", "before") else k)
    if month:
        a, b = _month_iv(year, MONTHS[fold(month).rstrip(".")])
        return DateMention(m.start(), m.end(), m.group(), a, b, "month", relative=True)
    a, b = _year_iv(year)
    return DateMention(m.start(), m.end(), m.group(), a, b, "year", relative=True)


def shift(d: DateMention, offset: int) -> DateMention:
    """The same mention with its span moved by ``offset`` characters."""
    return replace(d, start=d.start + offset, end=d.end + offset)
