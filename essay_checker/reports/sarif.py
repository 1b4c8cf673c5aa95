"""SARIF 2.1.0: one run, a rule per check, a result per finding with the note lines as related locations.

Columns count Unicode code points from 1 and ``endColumn`` is the column after the span, as SARIF says;
``charOffset``/``charLength`` are offsets into the essay read with universal newlines (as in the JSON
report). Paths are written as URIs relative to the current folder where they lie under it.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..models import Severity, line_col

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# check id -> (short description, default severity); README's "Findings" table says the same
RULES = {
    "dates.conflict": ("The essay dates an event differently from the notes.", Severity.ERROR),
    "people.after-death": ("A person acts after the date the notes give for their death.", Severity.ERROR),
    "people.wrong-person": ("The notes say someone else did this.", Severity.ERROR),
    "numbers.conflict": ("A number, or the number in a name, differs from the notes.", Severity.ERROR),
    "dates.out-of-period": ("A year outside the notes' period, one typing slip from a year in it.",
                            Severity.WARNING),
    "spelling.name": ("A near-miss of a name or rare term the notes use.", Severity.WARNING),
    "support.not-in-notes": ("A date or name the notes never mention.", Severity.INFO),
}


def _rule(check_id: str, fn) -> dict:
    """A rule from the table, or for a check not yet in it, from the first line of its module's docstring."""
    if check_id in RULES:
        text, default = RULES[check_id]
    else:
        text, default = (sys.modules[fn.__module__].__doc__ or check_id).strip().splitlines()[0], Severity.WARNING
    return {"id": check_id, "name": check_id, "shortDescription": {"text": text},
            "defaultConfiguration": {"level": LEVELS[default]}}


def uri(path: str | Path) -> str:
    """A URI reference for a file: relative to the current folder when under it, else ``file://``.

    >>> uri("essays/my draft.txt")
    'essays/my%20draft.txt'
    """
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return quote(p.as_posix())


def _region(text: str, start: int, end: int) -> dict:
    line, col = line_col(text, start)
    end_line, end_col = line_col(text, end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
            "charOffset": start, "charLength": end - start}


def _result(r, finding, rule_index: dict) -> dict:
    text = r.result.text
    location = {"physicalLocation": {"artifactLocation": {"uri": uri(r.path) if r.path != "-" else "stdin"},
                                     "region": _region(text, finding.start, finding.end)}}
    out = {"ruleId": finding.check, "level": LEVELS[finding.severity], "message": {"text": finding.message},
           "locations": [location]}
    if finding.check in rule_index:
        out["ruleIndex"] = rule_index[finding.check]
    notes = Path(r.reference.get("notes", "."))
    base = notes.parent if notes.is_file() else notes
    related = [{"id": i, "message": {"text": ev.text},
                "physicalLocation": {"artifactLocation": {"uri": uri(base / ev.file)},
                                     "region": {"startLine": ev.line}}}
               for i, ev in enumerate(finding.evidence, start=1)]
    if related:
        out["relatedLocations"] = related
    if finding.suggestion:
        out["properties"] = {"suggestion": finding.suggestion}
    return out


def to_dict(reports) -> dict:
    from ..checks import CHECKS

    rules = [_rule(cid, fn) for cid, fn in CHECKS]
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    driver = {"name": "essay-checker", "version": __version__, "semanticVersion": __version__, "rules": rules}
    results = [_result(r, f, rule_index) for r in reports for f in r.result.findings]
    return {"$schema": SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}


def render(reports, color: bool = False) -> str:
    return json.dumps(to_dict(reports), indent=2, ensure_ascii=False) + "\n"
