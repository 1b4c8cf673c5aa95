"""Who did what: the wrong person for an event, or a person acting after their death.

people.wrong-person (error)
  Anti-pattern: "Odo's Domesday survey counted every pig."
  Best practice: "William's Domesday survey counted every pig."
people.after-death (error)
  Anti-pattern: "In 1070 Stigand was deposed by Harold."
  Best practice: "In 1070 Stigand was deposed by William."
"""
from __future__ import annotations

import re
from typing import Iterator

from ..claims import Agent, Essay, _agents_rules
from ..config import Config
from ..facts.align import local_bag, overlap
from ..facts.factbase import FactBase
from ..models import Finding, Severity
from .base import STRONG, SUPPORT_RATIO, anchored, evidence

WRONG_PERSON = "people.wrong-person"
AFTER_DEATH = "people.after-death"
# Verbs that say someone made or gave a speech, a plan or an organisation: the deeds notes write as "X's Y".
_SPEAK = frozenset("""told spoke said gave delivered made announced launched created founded set formed
    introduced denounced declared wrote signed started began""".split())
_DEATH_VERBS = re.compile(r"^(died|dies|die|killed|executed|shot|murdered|assassinated|buried|succeeded|replaced)$")


def fact_agents(fb: FactBase) -> list[tuple[int, Agent, dict]]:
    """(fact id, agent, context bag) for every person the notes say did something."""
    cached = getattr(fb, "_fact_agents", None)
    if cached is not None:
        return cached
    out = []
    for f in fb.facts:
        for ag in _agents_rules(f.text, f.entities, fb):
            bag = local_bag(f.text, (ag.start, ag.end), [], [x for x in f.entities if x[:2] != (ag.start, ag.end)])
            out.append((f.id, ag, bag))
        for m in re.finditer(r"['\u2019]s\s+", f.text):
            who = next((x for x in f.entities if x[1] == m.start()), None)
            what = next((x for x in f.entities if x[0] == m.end()), None)
            if who and what and fb.registry.entities[who[2]].kind == "person":
                ag = Agent(who[0], who[1], who[2], "'s", m.start(), False, False, False)
                out.append((f.id, ag, {"@" + what[2]: 1.0}))
    fb._fact_agents = out
    return out


def _possessives(essay: Essay, fb: FactBase) -> list[tuple[Agent, dict]]:
    out = []
    for m in re.finditer(r"['\u2019]s\s+", essay.text):
        who = next((x for x in essay.entities if x[1] == m.start()), None)
        what = next((x for x in essay.entities if x[0] == m.end()), None)
        if who and what and fb.registry.entities[who[2]].kind == "person" and \
                fb.registry.entities[what[2]].kind in ("event", "term"):
            out.append((Agent(who[0], who[1], who[2], "'s", m.start(), False, False, False), {"@" + what[2]: 1.0}))
    return out


def _same_deed(a: str, b: str) -> bool:
    """Two verbs that name the same deed (same stem, or ordinary synonyms)."""
    from ..rubric import synonyms
    from ..textutil import stem

    sa, sb = stem(a), stem(b)
    return sa == sb or sb in synonyms().get(sa, frozenset())


def check_wrong_person(essay: Essay, fb: FactBase, cfg: Config) -> Iterator[Finding]:
    known = fact_agents(fb)
    claims = [(ag, essay.bag((ag.start, ag.end))) for ag in essay.agents if not ag.reported]
    claims += _possessives(essay, fb)
    for ag, bag in claims:
        bag = {k: w for k, w in bag.items() if k != "@" + ag.eid}
        scored = []
        for fid, q, qbag in known:
            s = overlap(bag, qbag, fb.idf, fb.default_idf)
            if s > 0:
                scored.append((s, fid, q, qbag))
        scored.sort(key=lambda x: (-x[0], x[1]))
        strong = [x for x in scored if (x[0] >= STRONG and anchored(fb, bag, x[3]) and _same_deed(ag.verb, x[2].verb))
                  or (x[2].verb == "'s" and x[0] >= 1.5 and (ag.verb == "'s" or ag.verb in _SPEAK))]
        if not strong:
            continue
        s, fid, q, _ = strong[0]
        if q.eid == ag.eid:
            continue
        same = max((x[0] for x in scored if x[2].eid == ag.eid), default=0.0)
        if same >= SUPPORT_RATIO * s:
            continue
        if any(eid == ag.eid for _, _, eid in fb.facts[fid].entities):
            continue  # the note itself involves this person: not a plain swap
        right = fb.registry.entities[q.eid].name
        wrong = essay.text[ag.start:ag.end]
        yield Finding(WRONG_PERSON, Severity.ERROR,
                      f"Your notes say {right} did this, not {wrong}.",
                      ag.start, ag.end, suggestion=right, evidence=evidence(fb, fid))


def check_after_death(essay: Essay, fb: FactBase, cfg: Config) -> Iterator[Finding]:
    for ag in essay.agents:
        if ag.eid not in fb.deaths or ag.pluperfect or ag.reported or _DEATH_VERBS.match(ag.verb.lower()):
            continue
        death, fid = fb.deaths[ag.eid]
        s, e = essay.sentence_of(ag.start)
        dates = [d for d in essay.dates if s <= d.start < e and d.first and d.last and not d.qualifier]
        if not dates:
            continue
        d = min(dates, key=lambda d: abs(d.start - ag.verb_start))
        if d.first <= death.last:
            continue
        name = fb.registry.entities[ag.eid].name
        start, end = ag.start, ag.end
        if ag.passive_by:
            by = essay.text.rfind("by", max(0, start - 12), start)
            if by >= 0:
                start = by
        yield Finding(AFTER_DEATH, Severity.ERROR,
                      f"Your notes say {name} died in {death.describe()}, so {name} cannot have done this in "
                      f"{d.text.strip()}.",
                      start, end, suggestion=None, evidence=evidence(fb, fid))
