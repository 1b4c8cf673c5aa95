"""Who did something, by rules: a person's name right before a past-tense verb, or after "by".

Used for the notes (when the fact base is built) and, with blank English, for
essays; a trained pipeline's parse replaces these rules for essays.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .segment import sentence_spans

IRREGULAR = frozenset("""told gave spoke made took set sent led held began wrote said brought built fought won met
    left rose shot forbade became went saw came put cut kept ran stood threw drew grew knew thought sought taught
    caught struck sold paid hid bore overthrew undertook withdrew swore""".split())
AUX = r"(?:(?:had|has|have|was|were|is|also|then|later|soon|quickly|finally|himself|herself|personally|did)\s+)*"
_AFTER = re.compile(rf"(?:['\u2019]s\s+)?(?:,[^,]{{1,40}},\s*)?\s*({AUX})([a-z]+)\b")
_BY = re.compile(r"\b([a-z]+(?:ed|en)|" + "|".join(sorted(IRREGULAR)) + r")\s+by\s+(?:Marshal\s+|the\s+)?$")
_PASSIVE_AUX = re.compile(r"\b(was|were|is|been)\s+$")
_PLUPERFECT_BY = re.compile(r"\bhad\s+been\s+\w+\s+by\s+$")
_REPORTED = re.compile(r"\b(that|how|whether|because|as)\b")


@dataclass(frozen=True)
class Agent:
    start: int
    end: int
    eid: str
    verb: str
    verb_start: int
    passive_by: bool
    pluperfect: bool
    reported: bool


def reported(text: str, sent_start: int, pos: int) -> bool:
    """Inside a reported clause ("he said that Harold had ...")."""
    return bool(_REPORTED.search(text[sent_start:pos]))


def agents_by_rules(text: str, entities, registry, sentences: list[tuple[int, int]] | None = None) -> list[Agent]:
    """The people in ``entities`` that the text says did something, with the verb."""
    out = []
    sents = sentence_spans(text) if sentences is None else sentences
    starts = [a for a, _ in sents]
    for s, e, eid in entities:
        if registry.entities[eid].kind != "person":
            continue
        k = bisect_right(starts, s) - 1
        ss = sents[k][0] if k >= 0 and s < sents[k][1] else 0
        after = text[e:e + 60]
        m = _AFTER.match(after)
        if m and not after.startswith(("'s", "\u2019s")):
            verb = m.group(2)
            if verb.endswith("ed") or verb in IRREGULAR:
                if not _PASSIVE_AUX.search(m.group(1)):
                    out.append(Agent(s, e, eid, verb, e + m.start(2), False, "had" in m.group(1).split(),
                                     reported(text, ss, s)))
                    continue
        before = text[max(0, s - 40):s]
        m2 = _BY.search(before)
        if m2:
            out.append(Agent(s, e, eid, m2.group(1), s - len(before) + m2.start(1), True,
                             bool(_PLUPERFECT_BY.search(before)), reported(text, ss, s)))
    return out
