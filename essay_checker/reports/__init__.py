"""Report formats behind one interface: ``render(reports) -> str``, looked up by name."""
from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
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
    # what the notes say, for pictures in the HTML report: the fact base's timeline rows and period
    notes_timeline: list = field(default_factory=list)
    notes_period: dict | None = None


def notes_context(fb) -> dict:
    """What a report shows of the notes beyond the evidence: the timeline rows and the period."""
    period = {"start": fb.period[0].isoformat(), "end": fb.period[1].isoformat()} if fb.period else None
    return {"notes_timeline": list(fb.timeline), "notes_period": period}


# format name -> the module (in this package) whose ``render`` writes it
_MODULES = {"text": "text", "json": "json_report", "html": "html", "github": "github", "sarif": "sarif"}
FORMATS = tuple(_MODULES)


def formatters():
    """Format name -> ``render(reports, color=False) -> str``; the names are ``FORMATS``.

    Each format's module is imported when it is used (jinja2 only for HTML), so a text check starts faster.
    """
    import importlib

    def lazy(module: str):
        def render(reports, color: bool = False) -> str:
            return importlib.import_module(f"{__name__}.{module}").render(reports, color=color)
        return render

    return {name: lazy(module) for name, module in _MODULES.items()}


def write_report(dest: str | None, content: str) -> None:
    """Write to a file atomically (temporary file, then rename), or to stdout for None/'-'."""
    if dest in (None, "-"):
        sys.stdout.write(content)
        if not content.endswith("\n"):
            sys.stdout.write("\n")
        return
    atomic_write(Path(dest), content)


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write a file so that a reader (or a crash) never sees half of it: a temporary file, then rename.

    Each writer has its own temporary file, so two runs writing the same report do not mix their bytes;
    the last rename wins. The file gets the usual permissions (0666 less the umask), not mkstemp's 0600.
    """
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
