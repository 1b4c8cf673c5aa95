"""Plain-text report: ``file:line:col: severity: message [check]`` and a short summary."""
from __future__ import annotations

import re

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"
# control characters (a file name with ESC could clear or restyle the terminal) and the bidi controls that
# make text read in a different order from its bytes; shown as visible escapes instead
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(s: str) -> str:
    r"""Text for a terminal: control and bidi-control characters become visible escapes.

    >>> safe("essay\x1b[2J.txt")
    'essay\\x1b[2J.txt'
    """
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", s)


def render(reports, color: bool = False) -> str:
    lines = []
    for r in reports:
        res = r.result
        for f in res.findings:
            sp = f.span_dict(res.text)
            sev = f.severity.label
            tag = f"{_COLORS[sev]}{sev}{_RESET}" if color else sev
            msg = f"{safe(r.path)}:{sp['line']}:{sp['column']}: {tag}: {safe(f.message)} [{f.check}]"
            if f.suggestion:
                msg += f" (suggestion: {safe(f.suggestion)})"
            lines.append(msg)
            for ev in f.evidence[:1]:
                lines.append(f"    notes {safe(ev.file)}:{ev.line}: {safe(ev.text)}")
        s = res.summary()
        missing = [k.id for k in res.key_points if k.status == "missing"]
        lines.append(f"{safe(r.path)}: {s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} note(s); "
                     f"key points {s['key_points_covered']} covered, {s['key_points_partial']} partial of "
                     f"{s['key_points_total']}; score {s['score']}/100")
        if missing:
            lines.append(f"    missing key points: {', '.join(missing)}")
    return "\n".join(lines) + "\n"
