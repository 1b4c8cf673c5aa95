"""In-essay suppression comments: ``<!-- essay-checker: ignore CHECK-ID -->``.

The comment applies to the next paragraph (up to the next blank line).
``ignore`` with no id, or ``ignore *``, silences every check there.
"""
from __future__ import annotations

import re

_COMMENT = re.compile(r"<!--\s*essay-checker:\s*ignore\b([^>]*?)-->", re.I)


def suppressed_ranges(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _COMMENT.finditer(text):
        ids = m.group(1).replace(",", " ").split() or ["*"]
        start = m.end()
        para = re.search(r"\S", text[start:])
        if not para:
            continue
        pstart = start + para.start()
        blank = re.search(r"\n[ \t]*\n", text[pstart:])
        pend = pstart + blank.start() if blank else len(text)
        out.extend((m.start(), pend, cid) for cid in ids)
    return out
