import pytest

from essay_checker.nlp.dates import find_dates
from essay_checker.nlp.numbers import find_numbers

CASES = [
    ("none of the 1400 delegates", "1400 delegates", 1400, "deleg", "count"),
    ("about 1,400 delegates", "1,400 delegates", 1400, "deleg", "count"),
    ("from 7 mil in 1956", "7 mil", 7e6, None, "count"),
    ("to 11 million in 1964", "11 million", 11e6, None, "count"),
    ("it went on for six hours", "six hours", 6, "hour", "count"),
    ("lasted for\n6 hours.", "6 hours", 6, "hour", "count"),
    ("70% of industrial capacity", "70%", 70, "percent", "percent"),
    ("40 per cent of the vote", "40 per cent", 40, "percent", "percent"),
    ("grew to 15 million", "15 million", 15e6, None, "count"),
    ("2.5 million people", "2.5 million people", 2.5e6, "peopl", "count"),
    ("the 20th Party Congress", "20th", 20, "parti congress", "ordinal"),
    ("the Twentieth Party Congress", "Twentieth", 20, "parti congress", "ordinal"),
    ("the 22nd Party Congress", "22nd", 22, "parti congress", "ordinal"),
    ("3,000 delegates", "3,000 delegates", 3000, "deleg", "count"),
    ("twenty-two missiles", "twenty-two missiles", 22, "missil", "count"),
]


@pytest.mark.parametrize("text,span,value,unit,kind", CASES)
def test_numbers(text, span, value, unit, kind):
    dates = find_dates(text)
    found = find_numbers(text, [(d.start, d.end) for d in dates])
    assert found, text
    n = found[0]
    assert (n.text, n.value, n.unit, n.kind) == (span, value, unit, kind)
    assert text[n.start:n.end] == span


@pytest.mark.parametrize("text,low,high", [("tens of thousands of prisoners", 1e4, 99999),
                                           ("thousands of political prisoners", 1000, 9999),
                                           ("hundreds of arrests", 100, 999)])
def test_vague_amounts_are_ranges(text, low, high):
    n = find_numbers(text)[0]
    assert (n.kind, n.low, n.high) == ("vague", low, high)


def test_hedged_numbers_agree_within_tolerance():
    a = find_numbers("about 1,400 delegates")[0]
    b = find_numbers("1400 delegates")[0]
    c = find_numbers("3,000 delegates")[0]
    assert a.agrees_with(b) and not c.agrees_with(b)


def test_days_of_the_month_are_not_counts():
    assert find_numbers("On 27 October a plane fell") == []
