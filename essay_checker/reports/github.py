"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

    ::warning file=draft.txt,line=4,col=6,endLine=4,endColumn=9,title=dates.out-of-period::1995 is ...

The runner turns each line into an annotation on the essay. ``endColumn`` is the column of the span's last
character; ``col`` and ``endColumn`` are left out when a span crosses lines, as GitHub only honours them on
one line. The message carries the suggestion and the first note line it rests on, on lines of their own.
"""
from __future__ import annotations

from ..models import Severity, line_col

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(s: str) -> str:
    """Escape a message the way the Actions runner unescapes it.

    >>> escape_data("50% done\\r\\nnext")
    '50%25 done%0D%0Anext'
    """
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """Escape a property value: as for data, and ``:`` and ``,`` too.

    >>> escape_property("a:b,c")
    'a%3Ab%2Cc'
    """
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, text: str, finding) -> str:
    """The workflow command for one finding in the essay at ``path`` whose text is ``text``."""
    line, col = line_col(text, finding.start)
    end_line, end_col = line_col(text, max(finding.start, finding.end - 1))
    props = []
    if path != "-":
        props += [("file", path), ("line", line)]
        if line == end_line:
            props += [("col", col), ("endLine", end_line), ("endColumn", end_col)]
        else:
            props += [("endLine", end_line)]
    props.append(("title", finding.check))
    message = finding.message
    if finding.suggestion:
        message += f"\nSuggestion: {finding.suggestion}"
    for ev in finding.evidence[:1]:
        message += f"\nNotes {ev.file}:{ev.line}: {ev.text}"
    head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props)
    return f"::{COMMANDS[finding.severity]} {head}::{escape_data(message)}"


def render(reports, color: bool = False) -> str:
    lines = [annotation(r.path, r.result.text, f) for r in reports for f in r.result.findings]
    return "".join(line + "\n" for line in lines)
