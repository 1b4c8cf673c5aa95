"""Table-driven tests of date normalisation, including every phrasing in the seed notes and essays."""
import pytest

from essay_checker.nlp.dates import find_dates

CASES = [
    ("5 March 1953", "5 March 1953", "1953-03-05", "1953-03-05"),
    ("Stalin died on March 5th 1953.", "March 5th 1953", "1953-03-05", "1953-03-05"),
    ("on March 5, 1953", "March 5, 1953", "1953-03-05", "1953-03-05"),
    ("the 5th of March 1953", "5th of March 1953", "1953-03-05", "1953-03-05"),
    ("February 25th 1956", "February 25th 1956", "1956-02-25", "1956-02-25"),
    ("signed on May 15th 1955", "May 15th 1955", "1955-05-15", "1955-05-15"),
    ("Feb 1956", "Feb 1956", "1956-02-01", "1956-02-29"),
    ("in February of 1956", "February of 1956", "1956-02-01", "1956-02-29"),
    ("Feb 55' Malenkov replaced by Bulganin", "Feb 55'", "1955-02-01", "1955-02-28"),
    ("June 57' anti-party group", "June 57'", "1957-06-01", "1957-06-30"),
    ("October 57: Zhukov is dismissed", "October 57", "1957-10-01", "1957-10-31"),
    ("Sept. 1959", "Sept. 1959", "1959-09-01", "1959-09-30"),
    ("1953-1955 the collective leadership", "1953-1955", "1953-01-01", "1955-12-31"),
    ("Berlin Blockade 1948-49", "1948-49", "1948-01-01", "1949-12-31"),
    ("Khrushchev and reaction to Stalinism 1953-64", "1953-64", "1953-01-01", "1964-12-31"),
    ("from 1953\u20131964", "1953\u20131964", "1953-01-01", "1964-12-31"),
    ("between 1924 and 1953", "between 1924 and 1953", "1924-01-01", "1953-12-31"),
    ("between 1953 and 62'", "between 1953 and 62'", "1953-01-01", "1962-12-31"),
    ("It ran from 1956 to 1964.", "from 1956 to 1964", "1956-01-01", "1964-12-31"),
    ("the purges of the 1930s", "the 1930s", "1930-01-01", "1939-12-31"),
    ("the purges of the 1930's", "the 1930's", "1930-01-01", "1939-12-31"),
    ("in the early 1950s", "the early 1950s", "1950-01-01", "1953-12-31"),
    ("in the mid-1950s", "the mid-1950s", "1953-01-01", "1956-12-31"),
    ("the late 1940s", "the late 1940s", "1946-01-01", "1949-12-31"),
    ("By 1953, Stalin had imposed his system", "By 1953", None, "1953-12-31"),
    ("troops had been there since 1945", "since 1945", "1945-01-01", None),
    ("the battle lasted until November 1916", "until November 1916", None, "1916-11-30"),
    ("troops stayed there from 5 May 1955", "5 May 1955", "1955-05-05", "1955-05-05"),
    ("by the end of March 1953 he had won", "by the end of March 1953", None, "1953-03-31"),
    ("not before 12 June 1957", "before 12 June 1957", None, "1957-06-12"),
    ("before 1917", "before 1917", None, "1917-01-01"),
    ("In 1995 the central committee", "1995", "1995-01-01", "1995-12-31"),
    ("Arresting and executing Beria (1953)", "1953", "1953-01-01", "1953-12-31"),
    ("1954: K launches Virgin Land Scheme", "1954", "1954-01-01", "1954-12-31"),
]


@pytest.mark.parametrize("text,span,start,end", CASES)
def test_absolute_dates(text, span, start, end):
    found = find_dates(text)
    assert found, text
    d = found[0]
    assert d.text == span
    assert text[d.start:d.end] == span
    assert (d.start_iso, d.end_iso) == (start, end)


RELATIVE = [
    ("Stalin died in March 1953. Later that year Beria was shot.", "Later that year", "1953"),
    ("The speech was in 1956. It was printed that June.", "that June", "June 1956"),
    ("The speech was in 1956. Three years later he visited the US.", "Three years later", "1959"),
    ("He came to power in 1953. The following year he launched a scheme.", "The following year", "1954"),
    ("Poland rioted in 1956 and Hungary rose in the same year.", "the same year", "1956"),
    ("In 1956 he spoke. A year later he was challenged.", "A year later", "1957"),
    ("March 1953: Stalin dies\nJune-December: Beria is arrested", "June-December", "June-December 1953"),
    ("The crisis began in October 1962. On 27 October a plane was shot down.", "27 October", "27 October 1962"),
]


@pytest.mark.parametrize("text,span,expected", RELATIVE)
def test_relative_dates_resolve_from_context(text, span, expected):
    found = [d for d in find_dates(text) if span in d.text]
    assert found, find_dates(text)
    assert found[0].describe() == expected


@pytest.mark.parametrize("text", ["none of the 1400 delegates", "about 1,400 delegates", "1,400", "70%",
                                  "from 7 mil in", "the 20th Party Congress", "May I ask", "two hours"])
def test_counts_are_not_dates(text):
    assert [d for d in find_dates(text) if not d.relative] == []


def test_two_digit_year_takes_the_century_of_the_text():
    found = find_dates("In 1955 something. Feb 56' another thing.")
    assert [d.describe() for d in found] == ["1955", "February 1956"]
