"""Report formats behind one interface: ``render(reports) -> str``, looked up by name."""
from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..models import EssayResult


@dataclass
class Report:
    """One checked essay with what it was checked against."""

    path: str
    result: EssayResult
    reference: dict
    sha256: str
    encoding: str = "utf-8"


def formatters():
    from . import html, json_report, text

    return {"text": text.render, "json": json_report.render, "html": html.render}


def write_report(dest: str | None, content: str) -> None:
    """Write to a file atomically (temporary file, then rename), or to stdout for None/'-'."""
    if dest in (None, "-"):
        sys.stdout.write(content)
        if not content.endswith("\n"):
            sys.stdout.write("\n")
        return
    path = Path(dest)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
