"""Sentence and bullet segmentation that works without a trained model.

>>> text = "Harold died in 1066. Mr. K spoke.\\n- a bullet\\n- another one"
>>> [text[a:b] for a, b in sentence_spans(text)]
['Harold died in 1066.', 'Mr. K spoke.', 'a bullet', 'another one']
"""
from __future__ import annotations

import re

_ABBREV = frozenset("mr mrs ms dr st gen col capt lt sgt prof rev jr sr vs etc eg ie cf no vol pp c ca approx "
                    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k".split())
_BOUNDARY = re.compile(r"([.!?]+[\"'\u201d\u2019)]*)(\s+)(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_BULLET = re.compile(r"^[ \t]*(?:[-*+\u2022\u25aa\u25e6\u2023\u2013\u2014\u00b7\u25cf>]|\d{1,2}[.)])[ \t]+", re.M)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; bullets, headings and blank lines end a sentence."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*", text):
        p0 = para.start()
        chunk = para.group()
        # split paragraph at line starts that begin a bullet, or after a short line (heading)
        cuts = [0]
        for m in _BULLET.finditer(chunk):
            if m.start() > 0:
                cuts.append(m.start())
        line_starts = [m.start() + 1 for m in re.finditer(r"\n", chunk)]
        for ls in line_starts:
            prev = chunk[:ls - 1].rsplit("\n", 1)[-1]
            if len(prev.split()) <= 10 and not re.search(r"[,;]\s*$|\b(and|or|of|the|to|a)\s*$", prev) and \
                    not chunk[ls:ls + 1].islower():
                cuts.append(ls)
        cuts = sorted(set(cuts)) + [len(chunk)]
        for a, b in zip(cuts, cuts[1:]):
            piece = chunk[a:b]
            bm = _BULLET.match(piece)
            off = bm.end() if bm else 0
            for s, e in _split_piece(piece, off):
                spans.append((p0 + a + s, p0 + a + e))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _split_piece(piece: str, start: int) -> list[tuple[int, int]]:
    out = []
    s = start
    for m in _BOUNDARY.finditer(piece, start):
        before = piece[s:m.start(1)]
        last = re.search(r"([\w.]+)$", before)
        lw = last.group(1).lower().rstrip(".") if last else ""
        if m.group(1).startswith(".") and (lw in _ABBREV or re.fullmatch(r"[A-Za-z]", lw)):
            continue
        out.append((s, m.end(1)))
        s = m.end()
    out.append((s, len(piece)))
    cleaned = []
    for a, b in out:
        while a < b and piece[a].isspace():
            a += 1
        while b > a and piece[b - 1].isspace():
            b -= 1
        if b > a:
            cleaned.append((a, b))
    return cleaned
