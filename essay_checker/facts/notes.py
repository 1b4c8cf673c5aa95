"""Read a folder of teacher's notes into blocks: one bullet, heading or sentence each.

Real notes come in every shape: Markdown headings and bullets, hard-wrapped
lines where a bullet runs over several lines, question-and-answer notes,
flashcards with "•" bullets, and pages scraped from a website with menus and
adverts around them.  This module turns a file into :class:`Block` records,
each with the line it starts on, and drops site boilerplate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..textutil import STOPWORDS, clean_invisible, content_stems

NOTE_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".rst")

_BULLET = re.compile(r"^(\s*)([-*+\u2022\u25aa\u25e6\u2023\u2013\u2014\u00b7\u25cf\u25a0>]|\d{1,2}[.)]|[a-z][.)])\s+")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_QA = re.compile(r"^\s*(Q|A|Question|Answer)\s*[:.)-]\s*", re.I)
_TERMINAL = re.compile(r"[.!?;:)\"'\u201d\u2019]\s*$")
_JOINERS = frozenset("""and or but of the a an to with by for in on at that which who whom whose as from
    his her their its into than between among about after before during under over was were is are had
    has have be been being not also both either nor so because while when where""".split())

# Phrases that mark website furniture, not teaching content.  Generic web words,
# nothing about any topic.
_BOILERPLATE = re.compile(
    r"\b(?:logo|sign\s*up|sign\s*in|log\s*in|subscribe|cookies?|privacy\s+policy|terms\s+of\s+(?:use|service)|"
    r"all\s+rights\s+reserved|download\s+(?:the|our)\s+app|our\s+(?:new\s+)?app|free\s+trial|it'?s\s+free|"
    r"click\s+here|scroll\s+to|welcome\s+to|join\s+now|this\s+is\s+a\s+preview|you\s+may\s+also|"
    r"related\s+(?:essays|posts|articles)|share\s+(?:this|on)|advert(?:isement)?|sponsored|"
    r"newsletter|follow\s+us|android|ios\s+app|messenger|help\s+you\s+ace|revision\s+app|"
    r"avatar|\bmenu\b|read\s+more|load\s+more|next\s+page|previous\s+page|apps?|your\s+exams?|"
    r"your\s+revision)\b"
    r"|\u00a9|^\s*\w+\s*\(\d+\)\s*$",
    re.I,
)


@dataclass
class Block:
    """A unit of the notes: a heading, a bullet, a question, or a run of prose lines."""

    file: str
    line: int
    kind: str  # heading | bullet | question | prose
    text: str
    indent: int = 0
    heading: str = ""
    boilerplate: bool = False
    lines: list[int] = field(default_factory=list)


def read_note_file(path: Path) -> str:
    """Text of one notes file, whatever its common encoding."""
    from ..io import read_text  # local import: io is the edge, notes parsing is pure

    return read_text(path).text


def _wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped file was wrapped at, or None if it is not hard-wrapped."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 8:
        return None
    p90 = lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]
    open_ended = sum(1 for line in lines if line.strip() and not _TERMINAL.search(line.rstrip()))
    if p90 <= 90 and open_ended / len(lengths) > 0.6:
        return p90
    return None


def _continues(prev: str, cur: str, wrap: int | None) -> bool:
    prev = prev.rstrip()
    cur_s = cur.strip()
    if not prev or not cur_s:
        return False
    if _TERMINAL.search(prev) and not prev.endswith((":", ",")):
        return False
    if cur_s[0].islower():
        return True
    last = prev.split()[-1].lower().strip("'\"")
    if last in _JOINERS or prev.endswith((",", "-", "\u2013", "&")):
        return True
    if wrap and len(prev) >= 0.8 * wrap:
        return True
    return False


def split_blocks(text: str, file: str) -> list[Block]:
    """Split one notes file into blocks, joining hard-wrapped lines.

    >>> [b.text for b in split_blocks("# Title\\n- one bullet that\\n  runs on\\n- two", "n.md")]
    ['Title', 'one bullet that\\nruns on', 'two']
    """
    text = clean_invisible(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    wrap = _wrap_width(lines)
    blocks: list[Block] = []
    cur: Block | None = None
    prev_line = ""
    heading = ""
    for no, raw in enumerate(lines, start=1):
        if not raw.strip():
            cur = None
            prev_line = ""
            continue
        indent = len(raw) - len(raw.lstrip())
        h = _MD_HEADING.match(raw)
        b = _BULLET.match(raw)
        q = _QA.match(raw)
        if h:
            heading = h.group(2).strip()
            cur = Block(file, no, "heading", heading, indent, heading, lines=[no])
            blocks.append(cur)
            cur = None
        elif b and not re.match(r"^\s*\d{1,2}[.)]\s+\d", raw):
            body = raw[b.end():].strip()
            cur = Block(file, no, "bullet", body, len(b.group(1)) + len(b.group(2)) + 1, heading, lines=[no])
            blocks.append(cur)
        elif q:
            body = raw[q.end():].strip()
            kind = "question" if q.group(1).lower().startswith("q") else "prose"
            cur = Block(file, no, kind, body, indent, heading, lines=[no])
            blocks.append(cur)
        elif cur is not None and cur.kind != "heading" and (
            (cur.kind == "bullet" and indent >= cur.indent and indent > 0 and not _TERMINAL.search(prev_line))
            or _continues(prev_line, raw, wrap)
        ):
            cur.text = f"{cur.text}\n{raw.strip()}"
            cur.lines.append(no)
        else:
            stripped = raw.strip()
            kind = "question" if stripped.endswith("?") else "prose"
            cur = Block(file, no, kind, stripped, indent, heading, lines=[no])
            blocks.append(cur)
        prev_line = raw
    for n, blk in enumerate(blocks):
        if blk.kind == "prose" and (_looks_like_heading(blk.text) or (
                n == 0 and len(blk.text.split()) <= 12 and not _TERMINAL.search(blk.text))):
            blk.kind = "heading"
    # a heading applies to what follows it
    current = ""
    for blk in blocks:
        if blk.kind == "heading":
            current = blk.text.rstrip(":")
        else:
            blk.heading = current
    return blocks


def _looks_like_heading(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 8 or _TERMINAL.search(text) and not text.endswith(":"):
        return False
    if text.endswith(":"):
        return True
    return words[0][:1].isupper() and sum(w.lower() in STOPWORDS for w in words) <= 2 and len(words) <= 5


def mark_boilerplate(blocks: list[Block]) -> None:
    """Mark website furniture (adverts, menus, app promotions) in place.

    A block is boilerplate when it uses web-page phrases ("Sign up", "logo",
    "our new app"), or when it is a short line whose words appear nowhere
    else in the notes and that stands in a run of such lines or next to a
    marked one.
    """
    for b in blocks:
        if _BOILERPLATE.search(b.text) and (len(b.text.split()) <= 12 or re.search(r"\byou(r)?\b", b.text, re.I)):
            b.boilerplate = True
    stems_of = [set(content_stems(b.text)) for b in blocks]
    support: list[float] = []
    for i, (b, own) in enumerate(zip(blocks, stems_of)):
        others: set[str] = set()
        for j, (b2, s2) in enumerate(zip(blocks, stems_of)):
            if j == i or b2.boilerplate or (b2.file == b.file and abs(j - i) <= 3):
                continue
            others |= s2
        support.append(len(own & others) / len(own) if own else 0.0)
    weak = [
        len(b.text.split()) <= 8 and not re.search(r"\d", b.text) and support[i] < 0.34
        for i, b in enumerate(blocks)
    ]
    changed = True
    while changed:
        changed = False
        for i, b in enumerate(blocks):
            near = [blocks[j] for j in (i - 1, i + 1) if 0 <= j < len(blocks) and blocks[j].file == b.file]
            if not b.boilerplate and len(near) == 2 and all(n.boilerplate for n in near) \
                    and len(b.text.split()) <= 8 and not re.search(r"\d", b.text):
                b.boilerplate = True  # a short line between two adverts is part of them
                changed = True
                continue
            if b.boilerplate or not weak[i]:
                continue
            run = [weak[j] for j in range(max(0, i - 2), min(len(blocks), i + 3)) if blocks[j].file == b.file]
            if any(n.boilerplate for n in near) or sum(run) >= 4:
                b.boilerplate = True
                changed = True


def note_files(folder: Path) -> list[Path]:
    """The notes files in a folder (recursively), in a stable order; hidden files skipped."""
    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if p.is_file() and p.suffix.lower() in NOTE_SUFFIXES:
            out.append(p)
    return out
