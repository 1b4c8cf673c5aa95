"""What every check shares: thresholds, evidence, and how a claim is matched to the notes."""
from __future__ import annotations

import math

from ..facts.align import overlap, shared_keys
from ..facts.factbase import Anchor, FactBase
from ..models import Evidence

# How much idf-weighted context two mentions must share to be about the same thing.
STRONG = 3.0
# A supporting note may match less well than the conflicting one and still settle the matter.
SUPPORT_RATIO = 0.45
DISTINCTIVE_IDF = 3.0

# Every threshold here (and the idf floors in the checks) is an idf, and the idf a word can reach depends on
# how many facts the notes have: smooth idf is ln((1+n)/(1+df)) + 1, at most ln((1+n)/2) + 1 for a word found
# in one fact, so on a one-page sheet of seven facts no word reaches 3.0.  The thresholds were set on notes of
# REFERENCE_FACTS facts or more, where idf is used exactly as fitted.  On smaller notes each idf is stretched
# over its range, from 1 (a word in every fact) to the ceiling (a word in one fact), onto the range notes of
# REFERENCE_FACTS facts give: a word in one fact of a short sheet weighs what such a word weighs there.
REFERENCE_FACTS = 64


def idf_ceiling(n_facts: int) -> float:
    """The largest idf notes of ``n_facts`` facts give (a word found in one fact)."""
    return math.log((n_facts + 1) / 2) + 1


def _stretch(fb: FactBase) -> float:
    n = len(fb.facts)
    if n >= REFERENCE_FACTS or n < 2:
        return 1.0
    return (idf_ceiling(REFERENCE_FACTS) - 1) / (idf_ceiling(n) - 1)


_weights: list = [None, None, None]  # the fact base last asked about, its stretched idf and default


def weights(fb: FactBase) -> tuple[dict[str, float], float]:
    """The notes' idf and default idf on the scale the thresholds are set on (see REFERENCE_FACTS)."""
    k = _stretch(fb)
    if k == 1.0:
        return fb.idf, fb.default_idf
    if _weights[0] is not fb:
        # a key the notes never use weighs what it would in notes of REFERENCE_FACTS facts, no more
        default = min(1 + (fb.default_idf - 1) * k, math.log(REFERENCE_FACTS + 1) + 1)
        _weights[:] = [fb, {t: 1 + (v - 1) * k for t, v in fb.idf.items()}, default]
    return _weights[1], _weights[2]


def idf(fb: FactBase, key: str) -> float:
    """One key's idf on the thresholds' scale."""
    table, default = weights(fb)
    return table.get(key, default)


def evidence(fb: FactBase, *fact_ids: int) -> tuple[Evidence, ...]:
    seen, out = set(), []
    for fid in fact_ids:
        if fid is None or fid in seen:
            continue
        seen.add(fid)
        f = fb.facts[fid]
        out.append(Evidence(f.file, f.line, f.text))
    return tuple(out)


def anchored(fb: FactBase, a: dict[str, float], b: dict[str, float]) -> bool:
    """Two contexts share a name, or at least two distinctive words."""
    keys = shared_keys(a, b, 0.3)
    if any(k.startswith("@") and idf(fb, k) >= 2.0 for k in keys):
        return len(keys) >= 2 or any(
            k.startswith("@") and fb.registry.entities[k[1:]].kind in ("event", "term", "org") for k in keys)
    distinctive = [k for k in keys if idf(fb, k) >= DISTINCTIVE_IDF]
    return len(distinctive) >= 2


def entity_anchored(fb: FactBase, a: dict[str, float], b: dict[str, float]) -> bool:
    """The contexts share a distinctive name (or two names): needed before calling a date or number wrong."""
    ents = [k for k in shared_keys(a, b, 0.2) if k.startswith("@")]
    return len(ents) >= 2 or any(idf(fb, k) >= 2.5 for k in ents)


def ranked(fb: FactBase, bag: dict[str, float], anchors: list[Anchor]) -> list[tuple[float, Anchor]]:
    scored = []
    table, default = weights(fb)
    for a in anchors:
        s = overlap(bag, a.bag, table, default)
        if s > 0:
            scored.append((s, a))
    scored.sort(key=lambda x: (-x[0], x[1].fact))
    return scored
