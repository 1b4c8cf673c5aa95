"""What every check shares: thresholds, evidence, and how a claim is matched to the notes."""
from __future__ import annotations

from ..facts.align import overlap, shared_keys
from ..facts.factbase import Anchor, FactBase
from ..models import Evidence

# How much idf-weighted context two mentions must share to be about the same thing.
STRONG = 3.0
# A supporting note may match less well than the conflicting one and still settle the matter.
SUPPORT_RATIO = 0.45
DISTINCTIVE_IDF = 3.0


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
    if any(k.startswith("@") and fb.idf.get(k, fb.default_idf) >= 2.0 for k in keys):
        return len(keys) >= 2 or any(
            k.startswith("@") and fb.registry.entities[k[1:]].kind in ("event", "term", "org") for k in keys)
    distinctive = [k for k in keys if fb.idf.get(k, fb.default_idf) >= DISTINCTIVE_IDF]
    return len(distinctive) >= 2


def entity_anchored(fb: FactBase, a: dict[str, float], b: dict[str, float]) -> bool:
    """The contexts share a distinctive name (or two names): needed before calling a date or number wrong."""
    ents = [k for k in shared_keys(a, b, 0.2) if k.startswith("@")]
    return len(ents) >= 2 or any(fb.idf.get(k, fb.default_idf) >= 2.5 for k in ents)


def ranked(fb: FactBase, bag: dict[str, float], anchors: list[Anchor]) -> list[tuple[float, Anchor]]:
    scored = []
    for a in anchors:
        s = overlap(bag, a.bag, fb.idf, fb.default_idf)
        if s > 0:
            scored.append((s, a))
    scored.sort(key=lambda x: (-x[0], x[1].fact))
    return scored
