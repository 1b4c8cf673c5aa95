"""Property-based tests: the extractors, the span mapping and the core never crash on any text,
every span they report lies inside the text and is exactly ``text[start:end]``, the same input always
gives the same output, and line/column agree with the offset.

Every property runs 2,000 examples (the robustness issue's minimum) with a fixed seed
(``derandomize=True``), so CI sees the same examples on every run.
"""
from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essay_checker.claims import analyse
from essay_checker.core import check_essay
from essay_checker.io import InputError, LoadedText, decode_bytes
from essay_checker.models import line_col
from essay_checker.nlp.dates import find_dates
from essay_checker.nlp.numbers import find_numbers
from essay_checker.nlp.pipeline import get_nlp
from essay_checker.nlp.segment import sentence_spans
from essay_checker.suppress import suppressed_ranges

settings.register_profile(
    "essay-properties",
    max_examples=2000,
    deadline=None,
    derandomize=True,
    database=None,  # derandomized: the same examples every run, nothing to replay
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Applied per test (not loaded globally) so other test files keep their own settings.
PROPS = settings.get_profile("essay-properties")

# ---------------------------------------------------------------------------------------------------
# Strategies: essay-like text that reaches the interesting paths, not only st.text().

_WORDS = (
    "the a in of and to was were had by after before since until from between later earlier that same "
    "year years following next previous about around some over nearly almost people delegates prisoners "
    "tanks hours he she they it Stalin Khrushchev Kruschev Khrushchov Beria Malenkov Bulganin Molotov Zhukov "
    "Nikita K Mr. Dr. St. Secret Speech Party Congress Central Committee Warsaw Pact Hungary Hungarian "
    "Budapest Poland USSR Soviet Gulag camps Cominform coniform Virgin Lands Sputnik Thaw died spoke gave "
    "denounced arrested shot executed released freed invaded crushed set up became led by".split()
)
_MONTHS = ("January February March April May June July August September October November December "
           "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Jan. Feb. Sept. may june").split()
_NUM_WORDS = "one two three ten twelve twenty thirty-two hundred thousand million dozens tens".split()
_ORD_WORDS = "first second third tenth twentieth twenty-second Twentieth fiftieth".split()
_PHRASES = [
    "later that year", "that same year", "the following year", "three years later", "a few years earlier",
    "that June", "tens of thousands of", "hundreds of", "in the early 1950s", "the mid-1950s", "1950's",
    "between 1953 and 1964", "from 1953 to 64", "1953-64", "1953\u20131964", "1956 to 1958", "by 1956",
    "until 1964", "after 1953", "since 1955", "June-July", "June to August 1956", "per cent", "percent",
    "20th Party Congress", "22nd Party Congress", "2 hours", "about 4,000 people", "c. 1,400 delegates",
    "5 March 1953", "March 5, 1953", "5th of March 1953", "June '57", "Feb 1955", "May 12:",
    "Mr. K spoke.", "<!-- essay-checker: ignore -->", "<!-- essay-checker: ignore dates.conflict -->",
    "<!-- essay-checker: ignore spelling, numbers -->", "<!--", "-->",
]
_PUNCT = list(".,;:!?'\u2019\u2018\"\u201c\u201d()-\u2013\u2014%$\u00a3\u20ac/&*#")
_SPACE = [" ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\n- ", "\n* ", "\n1. ", "\n\u2022 ",
          "\n\n# ", "\u00a0", "\u2028", "\x85", "\x0c"]
_UNICODE = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width
    "\u202e", "\u202d", "\u202a", "\u202c", "\u2066", "\u2069", "\u200f",  # bidi controls
    "\u0301", "\u0308", "e\u0301", "Khrushche\u0301v", "\u0338",  # combining marks
    "\U0001f600", "\U0001f469\u200d\U0001f3eb", "\U0001f1f7\U0001f1fa", "\u2764\ufe0f",  # emoji
    "\u017f", "\u212a", "\u0130", "\u0131", "\u00df", "\ufb01",  # case-folding oddities (long s, Kelvin, dotted I)
    "\u0661\u0669\u0665\u0666", "\uff11\uff19\uff15\uff16", "\u00b2", "\u00bd",  # non-ASCII digits
    "\u0425\u0440\u0443\u0449\u0451\u0432", "\u0421\u0442\u0430\u043b\u0438\u043d",  # Cyrillic names
    "\x1b[31m", "\x1b]0;title\x07", "\x00", "\x07", "\x1f",  # control characters
    "<script>alert(1)</script>", "{{ essay }}", "{% if x %}", "&amp;", "\ud7ff", "\ue000",
]


# Letters that case-insensitive regexes match but ``str.lower()`` does not map to ASCII:
# long s (common in quotations from old printed sources), Kelvin sign, dotless i, dotted capital I.
_LOOKALIKE = {"s": "\u017f", "k": "\u212a", "K": "\u212a", "i": "\u0131", "I": "\u0130"}


def _lookalikes(word: str) -> list[str]:
    return [word[:i] + _LOOKALIKE[c] + word[i + 1:] for i, c in enumerate(word) if c in _LOOKALIKE]


_LOOKALIKE_WORDS = sorted({v for w in _MONTHS + _NUM_WORDS + _ORD_WORDS + ["thousands", "mil", "k", "Khrushchev"]
                           for v in _lookalikes(w)})
# dates and quantities, some with a look-alike letter where it makes the extractors look a word up
_DATE_BITS = (
    [f"that {m}" for m in _MONTHS[:12]] + ["that Augu\u017ft", "Augu\u017ft-September", "1956 that Augu\u017ft",
                                           "thou\u017fands of", "\u017fix thousand", "5 m\u0131l"]
    + [f"{d} {m}" for d, m in zip((1, 5, 14, 29, 31, 30, 3), ("March", "Oct", "June", "Feb", "April", "Sept.", "May"))]
    + [f"{m} {d}" for d, m in zip((1, 5, 14, 29, 31), ("March", "Oct", "June", "Feb", "April"))]
)
_SEPS = [" "] * 12 + _SPACE + ["", ", ", ". ", ".\n", "; "]
_YEARS = [str(y) for y in range(1900, 2101)] + ["1066", "999", "1949", "1995", "2200", "0956", "19561"]
_NUMBERS = (
    [f"{n:,}" for n in (0, 7, 42, 999, 1000, 1400, 4000, 20000, 123456, 1000000, 25000000, 1956000)]
    + [str(n) for n in (0, 1, 2, 3, 5, 12, 20, 22, 40, 99, 100, 365, 1400, 20000, 10 ** 12)]
    + ["1,00", "1,0000", "12,345,678", "3.5", "0.25", "50%", "12 per cent", "20k", "3m", "1.5 million", "2bn",
       "007", "1st", "2nd", "3rd", "4th", "21st", "22nd", "31st", "99th", "1950s", "'56", "56'"]
    + [f"{n}{sfx} {w}" for n, sfx in ((20, "th"), (22, "nd"), (1, "st"), (3, "rd")) for w in ("Party", "Congress")]
)


def _weighted(*groups: tuple[list[str], int]) -> list[str]:
    """One flat pool; each group repeated so that it makes up roughly ``share`` per cent of it."""
    pool: list[str] = [""]  # index 0, what shrinking converges to: nothing, so failing examples stay short
    for items, share in groups:
        pool += (items * (share * 40 // len(items) + 1))[: max(len(items), share * 40)]
    return pool


_POOL = _weighted(
    (_SEPS, 25), (_WORDS, 22), (_YEARS, 10), (_NUMBERS, 8), (_MONTHS + _DATE_BITS, 10), (_PHRASES, 7),
    (_NUM_WORDS + _ORD_WORDS, 4), (_PUNCT, 6), (_UNICODE, 5), (_LOOKALIKE_WORDS, 3),
)


def _tokens(data: bytes) -> str:
    """Two bytes pick one token of the pool: fast to generate, and shrinking shortens the text."""
    return "".join(_POOL[(data[i] << 8 | data[i + 1]) % len(_POOL)] for i in range(0, len(data) - 1, 2))


def essay_text(min_tokens: int, max_tokens: int) -> st.SearchStrategy[str]:
    """Essay-like text: words, years, numbers, dates, punctuation, newlines and hostile unicode."""
    return st.binary(min_size=2 * min_tokens, max_size=2 * max_tokens).map(_tokens)


# Mostly essay-like text (about 100 characters on average); some arbitrary unicode as well.
TEXT = st.one_of(essay_text(0, 200), essay_text(20, 200), essay_text(20, 200), st.text(max_size=200))
# For the whole pipeline (20-100 ms a call): about 45 characters on average.
SHORT_TEXT = st.one_of(essay_text(0, 60), essay_text(8, 60), essay_text(8, 60), st.text(max_size=80))


# ---------------------------------------------------------------------------------------------------
# Helpers


def assert_span(text: str, start: int, end: int, span_text: str | None = None) -> None:
    assert isinstance(start, int) and isinstance(end, int)
    assert 0 <= start <= end <= len(text), (start, end, len(text))
    if span_text is not None:
        assert span_text == text[start:end], (span_text, text[start:end])


def assert_line_col(text: str, offset: int, line: int, col: int) -> None:
    lines = text.split("\n")
    assert 1 <= line <= len(lines)
    assert 1 <= col <= len(lines[line - 1]) + 1
    assert sum(len(x) + 1 for x in lines[:line - 1]) + col - 1 == offset


# ---------------------------------------------------------------------------------------------------
# Extractors


@PROPS
@given(TEXT)
def test_find_dates_spans_are_slices_and_deterministic(text):
    found = find_dates(text)
    for d in found:
        assert_span(text, d.start, d.end, d.text)
        assert d.start < d.end
        if d.first and d.last:
            assert d.first <= d.last, d
        assert d.first or d.last
    assert [d.start for d in found] == sorted(d.start for d in found)
    assert find_dates(text) == found


@PROPS
@given(TEXT)
def test_find_numbers_spans_are_slices_and_deterministic(text):
    dates = [(d.start, d.end) for d in find_dates(text)]
    for exclude in ((), dates):
        found = find_numbers(text, exclude)
        for n in found:
            assert_span(text, n.start, n.end, n.text)
            assert n.start < n.end
            assert n.low <= n.value <= n.high
            assert n.kind in ("count", "percent", "ordinal", "vague")
        assert find_numbers(text, exclude) == found


@PROPS
@given(TEXT)
def test_sentence_spans_are_ordered_stripped_and_deterministic(text):
    spans = sentence_spans(text)
    prev_end = 0
    for a, b in spans:
        assert_span(text, a, b)
        assert a < b and a >= prev_end, spans
        assert text[a:b].strip(), (a, b)
        assert not text[a].isspace() and not text[b - 1].isspace(), repr(text[a:b])
        prev_end = b
    assert sentence_spans(text) == spans


@PROPS
@given(TEXT)
def test_suppressed_ranges_lie_inside_the_text(text):
    ranges = suppressed_ranges(text)
    for a, b, cid in ranges:
        assert_span(text, a, b)
        assert text.startswith("<!--", a)
        assert cid and not any(c.isspace() for c in cid) and "," not in cid
    assert suppressed_ranges(text) == ranges


# ---------------------------------------------------------------------------------------------------
# Span mapping: line and column


@PROPS
@given(TEXT, st.data())
def test_line_col_agrees_with_offset(text, data):
    offset = data.draw(st.integers(0, len(text)))
    line, col = line_col(text, offset)
    assert_line_col(text, offset, line, col)
    assert line_col(text, offset) == (line, col)


# ---------------------------------------------------------------------------------------------------
# Input decoding


def _encoded(text: str):
    return st.sampled_from([
        text.encode("utf-8"),
        codecs.BOM_UTF8 + text.encode("utf-8"),
        codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass"),
        codecs.BOM_UTF16_BE + text.encode("utf-16-be", "surrogatepass"),
        text.encode("cp1252", "replace"),
        text.encode("latin-1", "replace"),
    ])


BYTES = st.one_of(
    st.binary(max_size=300),
    TEXT.flatmap(_encoded),
    # a valid prefix with junk after it: truncated or corrupted files
    st.tuples(TEXT.flatmap(_encoded), st.binary(max_size=8)).map(lambda t: t[0] + t[1]),
    st.tuples(TEXT.flatmap(_encoded), st.integers(0, 400)).map(lambda t: t[0][:t[1]]),
)


@PROPS
@given(BYTES)
def test_decode_bytes_returns_text_without_cr_or_raises_input_error(data):
    try:
        loaded = decode_bytes(data, "essay.txt")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("essay.txt:")
        return
    assert isinstance(loaded, LoadedText)
    assert isinstance(loaded.text, str) and "\r" not in loaded.text
    assert loaded.encoding in ("utf-8", "utf-8-sig", "utf-16", "cp1252")
    assert decode_bytes(data, "essay.txt") == loaded


@PROPS
@given(TEXT)
def test_decode_bytes_keeps_utf8_text_apart_from_newlines(text):
    data = text.encode("utf-8", "surrogatepass")
    try:
        loaded = decode_bytes(data)
    except InputError:
        assert "\x00" in text  # only text with NUL bytes looks binary
        return
    if not text.startswith("\ufeff"):
        assert loaded.text == text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------------------------------
# The claims layer and the core


class _Reference:
    """The session's fact base, rubric and config, with a short repr for Hypothesis' failure reports."""

    def __init__(self, fb, rubric, cfg) -> None:
        self.fb, self.rubric, self.cfg = fb, rubric, cfg

    def __repr__(self) -> str:
        return "<destalinisation notes + rubric, blank English>"


@pytest.fixture(scope="module")
def ref(fb, rubric, blank_cfg) -> _Reference:
    return _Reference(fb, rubric, blank_cfg)


@PROPS
@given(TEXT)
def test_analyse_spans_lie_inside_the_text(ref, text):
    fb = ref.fb
    nlp = get_nlp("blank")
    essay = analyse(text, fb, nlp)
    assert essay.text == text
    for a, b in essay.sentences:
        assert_span(text, a, b)
    for d in essay.dates:
        assert_span(text, d.start, d.end, d.text)
    for n in essay.numbers:
        assert_span(text, n.start, n.end, n.text)
    for a, b, eid in essay.entities:
        assert_span(text, a, b)
        assert eid in fb.registry.entities
    for a, b, _ in essay.misspellings:
        assert_span(text, a, b)
        assert a < b
    for ag in essay.agents:
        assert_span(text, ag.start, ag.end)
        assert 0 <= ag.verb_start < len(text)
    again = analyse(text, fb, nlp)
    assert (again.sentences, again.dates, again.numbers, again.entities, again.agents, again.misspellings) == \
        (essay.sentences, essay.dates, essay.numbers, essay.entities, essay.agents, essay.misspellings)


def _snapshot(res):
    return ([f.to_dict(res.text) for f in res.findings], [k.to_dict() for k in res.key_points], res.score,
            res.words, res.suppressed, res.summary())


@PROPS
@given(SHORT_TEXT)
def test_check_essay_spans_are_slices_and_deterministic(ref, text):
    fb, rubric, blank_cfg = ref.fb, ref.rubric, ref.cfg
    res = check_essay(text, fb, rubric, blank_cfg)
    assert res.text == text
    for f in res.findings:
        sp = f.to_dict(text)["span"]
        assert_span(text, sp["start"], sp["end"], sp["text"])
        assert f.start < f.end, f
        assert_line_col(text, sp["start"], sp["line"], sp["column"])
        assert f.message
    assert [f.start for f in res.findings] == sorted(f.start for f in res.findings)
    for k in res.key_points:
        assert k.status in ("covered", "partial", "missing")
        if k.evidence_span:
            assert_span(text, *k.evidence_span)
    assert 0 <= res.score <= 100
    assert _snapshot(check_essay(text, fb, rubric, blank_cfg)) == _snapshot(res)


@pytest.mark.parametrize("text", ["", " ", "\n", "\u200b", "\u202e", "1956", "\r\n\r\n", "<!-- essay-checker: ignore"])
def test_check_essay_degenerate_inputs(fb, rubric, blank_cfg, text):
    res = check_essay(text, fb, rubric, blank_cfg)
    for f in res.findings:
        assert_span(text, f.start, f.end)


def _dedupe_by_the_rule(findings):
    """The rule _dedupe implements, written the slow obvious way."""
    out = []
    for f in findings:
        clash = [g for g in out if g.start < f.end and f.start < g.end]
        if any(g.severity >= f.severity for g in clash):
            continue
        out = [g for g in out if g not in clash] + [f]
    return out


_FINDINGS = st.lists(st.tuples(st.integers(0, 400), st.integers(0, 150), st.sampled_from([1, 2, 3])), max_size=40)


@PROPS
@given(_FINDINGS)
def test_dedupe_keeps_exactly_what_the_rule_says(spans):
    from essay_checker.core import _dedupe
    from essay_checker.models import Finding, Severity

    findings = [Finding(f"c{i}", Severity(sev), "m", s, s + n) for i, (s, n, sev) in enumerate(spans)]
    assert [f.check for f in _dedupe(findings)] == [f.check for f in _dedupe_by_the_rule(findings)]
