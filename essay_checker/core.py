"""The pure core: ``check_essay(text, factbase, rubric, config) -> EssayResult``."""
from __future__ import annotations

from .checks import CHECKS
from .claims import analyse
from .config import Config
from .facts.factbase import FactBase
from .models import EssayResult, Finding, Severity, coverage_percent
from .nlp.pipeline import get_nlp, pipeline_name
from .rubric import Rubric, coverage
from .suppress import suppressed_ranges
from .textutil import ZERO_WIDTH, preload_stems

ERROR_PENALTY = 5
MAX_PENALTY = 30
_INVISIBLE_TO_SPACE = dict.fromkeys(map(ord, ZERO_WIDTH), " ")


def check_essay(text: str, factbase: FactBase, rubric: Rubric | None, config: Config = Config()) -> EssayResult:
    """Check one essay's text against the fact base and the rubric."""
    nlp = get_nlp(config.model)
    preload_stems(factbase.stems)
    # zero-width characters are replaced by spaces of the same length so spans stay true
    work = text.translate(_INVISIBLE_TO_SPACE)
    essay = analyse(work, factbase, nlp, frozenset(t.lower() for t in config.accepted_terms),
                    pipeline_name(config.model))
    findings: list[Finding] = []
    for check_id, fn in CHECKS:
        if not config.enabled(check_id):
            continue
        for f in fn(essay, factbase, config):
            if f.check in config.severity:
                f = Finding(f.check, Severity.parse(config.severity[f.check]), f.message, f.start, f.end,
                            f.suggestion, f.evidence)
            findings.append(f)
    findings = _dedupe(findings)
    ignored = suppressed_ranges(text)
    kept = [f for f in findings if not any(a <= f.start < b and (c == "*" or f.check == c or f.check.startswith(c + "."))
                                           for a, b, c in ignored)]
    kps = coverage(essay, rubric, factbase) if rubric else []
    return EssayResult(text, sorted(kept, key=lambda f: (f.start, -f.severity)), kps, score(kps, kept),
                       essay.words, suppressed=len(findings) - len(kept), meta={"pipeline": essay.pipeline},
                       dates=list(essay.dates))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per stretch of text: a later finding replaces the overlapping ones it is more severe than.

    Kept findings are indexed by the blocks of text they touch, so this stays linear in the number of
    findings however many an essay has.
    """
    kept: dict[int, Finding] = {}
    blocks: dict[int, set[int]] = {}

    def touched(f: Finding) -> range:
        return range(f.start // _BLOCK, max(f.start, f.end - 1) // _BLOCK + 1)

    for i, f in enumerate(findings):
        near = {j for b in touched(f) for j in blocks.get(b, ())}
        clash = [j for j in near if kept[j].start < f.end and f.start < kept[j].end]
        if any(kept[j].severity >= f.severity for j in clash):
            continue
        for j in clash:
            for b in touched(kept[j]):
                blocks[b].discard(j)
            del kept[j]
        kept[i] = f
        for b in touched(f):
            blocks.setdefault(b, set()).add(i)
    return list(kept.values())


_BLOCK = 64


def score(key_points, findings) -> int:
    """Rubric coverage out of 100 (covered = full weight, partial = half), less 5 per error (at most 30)."""
    base = coverage_percent(key_points)
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    return max(0, round(base - min(MAX_PENALTY, ERROR_PENALTY * errors)))
