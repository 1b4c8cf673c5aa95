"""Benchmark: size and render time of the HTML report.

    python3 benchmarks/report_render.py [ESSAY ...]

For each essay (default: every fixture essay under tests/cases, and a generated 1,200-word one) prints the
words, the findings, the size of the self-contained HTML file and the time to build the view model and render
it (median of 20), not counting the check itself. A script that prints figures, not a test.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from essay_checker.config import Config  # noqa: E402
from essay_checker.core import check_essay  # noqa: E402
from essay_checker.facts.store import load_factbase  # noqa: E402
from essay_checker.io import read_document  # noqa: E402
from essay_checker.reports import Report, notes_context  # noqa: E402
from essay_checker.reports.html import render  # noqa: E402
from essay_checker.rubric import parse_rubric  # noqa: E402
from tests.classroom import essay_text, paragraphs  # noqa: E402


def main() -> None:
    notes = ROOT / "reference_notes" / "destalinisation"
    rubric_path = ROOT / "rubrics" / "destalinisation.toml"
    fb, _ = load_factbase(notes, "blank")
    rub = parse_rubric(rubric_path.read_text(encoding="utf-8"), str(rubric_path))
    texts = [(Path(a).name, read_document(Path(a)).text) for a in sys.argv[1:]]
    if not texts:
        texts = [(p.parent.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "tests/cases").glob("*/*/essay.txt"))]
        texts.append(("generated-1200", essay_text(random.Random(1), paragraphs(), 1200, 1250)))
    ref = {"notes": str(notes), "notes_sha256": fb.sha256, "rubric": str(rubric_path), "pipeline": "blank",
           "version": "bench"}
    cfg = Config(model="blank")
    print(f"{'essay':<26}{'words':>6}{'findings':>9}{'bytes':>9}{'render ms':>11}")
    sizes, times = [], []
    for name, text in texts:
        res = check_essay(text, fb, rub, cfg)
        rep = Report(name, res, ref, "0" * 64, "utf-8", **notes_context(fb))
        runs = []
        for _ in range(20):
            t0 = time.perf_counter()
            html = render([rep])
            runs.append(time.perf_counter() - t0)
        ms = statistics.median(runs) * 1000
        size = len(html.encode("utf-8"))
        sizes.append(size)
        times.append(ms)
        print(f"{name[:25]:<26}{res.words:>6}{len(res.findings):>9}{size:>9}{ms:>11.1f}")
    print(f"median: {statistics.median(sizes) / 1024:.1f} KiB, {statistics.median(times):.1f} ms to render")


if __name__ == "__main__":
    main()
