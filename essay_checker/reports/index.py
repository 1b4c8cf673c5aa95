"""The class overview (``index.html`` of a batch run): one row per submission and the class-wide picture."""
from __future__ import annotations

from .html import _env

HIST_W, HIST_H, BAR_GAP = 420, 160, 4


def _histogram(bins: list[int]) -> dict:
    top = max(bins) or 1
    bw = (HIST_W - 40) / len(bins)
    bars = []
    for i, c in enumerate(bins):
        h = round((HIST_H - 40) * c / top, 1)
        bars.append({"x": round(30 + i * bw, 1), "w": round(bw - BAR_GAP, 1), "y": round(HIST_H - 20 - h, 1),
                     "h": h, "count": c, "label": f"{i * 10}\u2013{i * 10 + 9 if i < 9 else 100}"})
    return {"width": HIST_W, "height": HIST_H, "bars": bars, "base": HIST_H - 20}


def render(overview: dict, rows: list[dict], reference: dict) -> str:
    hist = _histogram(overview["scores"]["bins"]) if overview["checked"] else None
    return _env().get_template("index.html.j2").render(ov=overview, rows=rows, reference=reference, hist=hist)
