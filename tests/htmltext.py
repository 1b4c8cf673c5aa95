"""The text a reader sees in part of a report, read with the standard library's HTML parser.

BeautifulSoup folds a run of blank lines between two tags into one newline, which would hide exactly
the off-by-one errors these tests look for, so text is taken from the parser's raw data events.
"""
from __future__ import annotations

from html.parser import HTMLParser

VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "col", "base", "embed", "track"}


class _Collector(HTMLParser):
    def __init__(self, match, skip) -> None:
        super().__init__(convert_charrefs=True)
        self.match, self.skip = match, skip
        self.stack: list[tuple[bool, bool]] = []   # (inside a match, inside a skipped element)
        self.found: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        inside = self.stack[-1][0] if self.stack else False
        skipping = self.stack[-1][1] if self.stack else False
        if not inside and self.match(tag, a):
            inside = True
            self.found.append([])
        elif inside and self.skip(tag, a):
            skipping = True
        if tag not in VOID:
            self.stack.append((inside, skipping))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] and not self.stack[-1][1]:
            self.found[-1].append(data)


def _classes(a: dict) -> list[str]:
    return (a.get("class") or "").split()


def texts(html: str, match, skip=lambda tag, a: tag == "sup" or "vh" in _classes(a)) -> list[str]:
    """The visible text of every element ``match(tag, attrs)`` accepts (screen-reader labels and markers out)."""
    p = _Collector(match, skip)
    p.feed(html)
    p.close()
    return ["".join(parts) for parts in p.found]


def essay_text(html: str) -> str:
    return texts(html, lambda tag, a: tag == "div" and "essay" in _classes(a))[0]


def text_by_id(html: str, element_id: str) -> str:
    return texts(html, lambda tag, a: a.get("id") == element_id)[0]


def mark_texts(html: str) -> list[str]:
    return texts(html, lambda tag, a: tag == "a" and "hl" in _classes(a))
