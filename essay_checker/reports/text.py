"""Plain-text report: ``file:line:col: severity: message [check]`` and a short summary."""
from __future__ import annotations

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def render(reports, color: bool = False) -> str:
    lines = []
    for r in reports:
        res = r.result
        for f in res.findings:
            sp = f.span_dict(res.text)
            sev = f.severity.label
            tag = f"{_COLORS[sev]}{sev}{_RESET}" if color else sev
            msg = f"{r.path}:{sp['line']}:{sp['column']}: {tag}: {f.message} [{f.check}]"
            if f.suggestion:
                msg += f" (suggestion: {f.suggestion})"
            lines.append(msg)
            for ev in f.evidence[:1]:
                lines.append(f"    notes {ev.file}:{ev.line}: {ev.text}")
        s = res.summary()
        missing = [k.id for k in res.key_points if k.status == "missing"]
        lines.append(f"{r.path}: {s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} note(s); "
                     f"key points {s['key_points_covered']} covered, {s['key_points_partial']} partial of "
                     f"{s['key_points_total']}; score {s['score']}/100")
        if missing:
            lines.append(f"    missing key points: {', '.join(missing)}")
    return "\n".join(lines) + "\n"
