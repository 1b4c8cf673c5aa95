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
from functools import lru_cache
from typing import Iterator

from ..claims import Agent, Essay
from ..config import Config
from ..facts.align import overlap
from ..facts.factbase import FactBase
from ..models import Finding, Severity
from .base import STRONG, SUPPORT_RATIO, anchored, evidence, idf, weights

WRONG_PERSON = "people.wrong-person"
AFTER_DEATH = "people.after-death"
# Verbs that say someone made or gave a speech, a plan or an organisation: the deeds notes write as "X's Y".
_SPEAK = frozenset("""told spoke said gave delivered made announced launched created founded set formed
    introduced denounced declared wrote signed started began addressed presented proposed issued ordered
    established organised organized given written spoken begun""".split())
_DEATH_VERBS = re.compile(r"^(died|dies|die|killed|executed|shot|murdered|assassinated|buried|succeeded|replaced)$")


def fact_agents(fb: FactBase) -> list[tuple[int, Agent, dict]]:
    """(fact id, agent, context bag) for every person the notes say did something (built with the fact base)."""
    return fb.agents


def _possessives(essay: Essay, fb: FactBase) -> list[tuple[Agent, dict]]:
    out = []
    by_end: dict[int, tuple[int, int, str]] = {}
    by_start: dict[int, tuple[int, int, str]] = {}
    for x in essay.entities:
        by_end.setdefault(x[1], x)
        by_start.setdefault(x[0], x)
    for m in re.finditer(r"['\u2019]s\s+", essay.text):
        who = by_end.get(m.start())
        what = by_start.get(m.end())
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
        table, default = weights(fb)
        for fid, q, qbag in known:
            s = overlap(bag, qbag, table, default)
            if s > 0:
                scored.append((s, fid, q, qbag))
        scored.sort(key=lambda x: (-x[0], x[1]))
        sent = essay.sentence_of(ag.start)
        linked = {"@" + eid for eid in _events_of(ag, essay, *sent, fb)}
        # a note "X's <event>" counts when the essay's deed is about that very event
        strong = [x for x in scored if (x[0] >= STRONG and anchored(fb, bag, x[3]) and _same_deed(ag.verb, x[2].verb))
                  or (x[2].verb == "'s" and x[0] >= 1.5 and (ag.verb == "'s" or ag.verb in _SPEAK)
                      and set(x[3]) & linked)]
        if strong:
            s, fid, q, _ = strong[0]
            same = max((x[0] for x in scored if x[2].eid == ag.eid), default=0.0)
            if same >= SUPPORT_RATIO * s:
                continue
        else:
            hit = _same_event(ag, essay, fb, known)
            if hit is None:
                continue
            fid, q = hit
        if q.eid == ag.eid:
            continue
        if any(eid == ag.eid for _, _, eid in fb.facts[fid].entities):
            continue  # the note itself involves this person: not a plain swap
        if any(eid == q.eid for _, _, eid in essay.entities_in(*sent)):
            continue  # the essay names the notes' person here too: it tells of something else they did
        right = fb.registry.entities[q.eid].name
        wrong = essay.text[ag.start:ag.end]
        yield Finding(WRONG_PERSON, Severity.ERROR,
                      f"Your notes say {right} did this, not {wrong}.",
                      ag.start, ag.end, suggestion=right, evidence=evidence(fb, fid))


@lru_cache(maxsize=1)
def _authorship() -> frozenset[str]:
    from ..textutil import stem

    return frozenset(stem(v) for v in _SPEAK)


def _same_role(a: str, b: str) -> bool:
    """Two verbs that give the same part in an event: the same deed, or both making or saying something."""
    from ..textutil import stem

    if a == "'s" or b == "'s":
        return (a == "'s" or stem(a) in _authorship()) and (b == "'s" or stem(b) in _authorship())
    return _same_deed(a, b) or (stem(a) in _authorship() and stem(b) in _authorship())


_AT_OCCASION = re.compile(r"\s*(?:at|during|in|on)\b", re.I)
_NOT_OCCASION = re.compile(r"\b(?:after|before|following|since|until|by|against)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
_LINKED_BEFORE = re.compile(r"^[^.;,]{0,30},?\s*(?:when|where|at which|in which|during which)\s+$")


def _events_of(ag: Agent, essay: Essay, s: int, e: int, fb: FactBase) -> list[str]:
    """The named events a person's deed is about: what follows the verb ("Odo told the Great Council"),
    what precedes "by" ("the survey was ordered by"), or the event a "when" clause hangs on ("the Great
    Council of 1085, when Odo told ...")."""
    out = []
    for a, b, eid in essay.entities_in(s, e):
        ent = fb.registry.entities[eid]
        if ent.kind != "event" and not (ent.kind == "term" and ent.name.islower()):
            continue  # a named event, or a term the notes coin for one ("harrying")
        if ag.passive_by:
            linked = b <= ag.start and ag.start - b <= 80
        elif ag.verb == "'s":
            linked = a >= ag.end and a - ag.end <= 3
        else:
            linked = a >= ag.verb_start and a - ag.verb_start <= 80 and ";" not in essay.text[ag.verb_start:a]
            linked = linked or (b <= ag.start and bool(_LINKED_BEFORE.match(essay.text[b:ag.start])))
            # "At the Great Council of 1085 Odo told ...": the occasion the sentence opens with
            opening = essay.text[s:ag.start]
            linked = linked or (b <= ag.start and len(opening) <= 100 and bool(_AT_OCCASION.match(opening))
                                and ";" not in opening and not _NOT_OCCASION.search(essay.text[max(s, a - 25):a]))
        if linked:
            out.append(eid)
    return out


def _same_event(ag: Agent, essay: Essay, fb: FactBase, known) -> tuple[int, Agent] | None:
    """The note that names who did the event this essay sentence is about, when its verb differs.

    The event is a named event both share ("the Great Council"), in the same year when both give
    one; the person is the one the notes make its subject.  Nothing is returned when the notes name more
    than one person for it, or name the essay's person anywhere near it.
    """
    s, e = essay.sentence_of(ag.start)
    events = {"@" + eid for eid in _events_of(ag, essay, s, e, fb)
              if idf(fb, "@" + eid) >= 2.0}
    if not events:
        return None
    years = {y for d in essay.dates_in(s, e) if d.first and d.last and len(d.years()) <= 3 for y in d.years()}
    found: list[tuple[float, int, Agent]] = []
    for fid, q, _ in known:
        f = fb.facts[fid]
        shared = events & {"@" + eid for _, _, eid in f.entities}
        if not shared or not _same_role(ag.verb, q.verb):
            continue
        note_years = {y for d in f.dates if d.first and d.last and len(d.years()) <= 3 for y in d.years()}
        if years and note_years and not years & note_years:
            continue
        found.append((sum(idf(fb, k) for k in shared), fid, q))
    if not found or len({q.eid for _, _, q in found}) != 1:
        return None
    # the notes must not tie the essay's person to the event anywhere
    for f in fb.facts:
        ids = {"@" + eid for _, _, eid in f.entities}
        if ids & events and "@" + ag.eid in ids:
            return None
    _, fid, q = max(found, key=lambda x: (x[0], -x[1]))
    return fid, q


def check_after_death(essay: Essay, fb: FactBase, cfg: Config) -> Iterator[Finding]:
    for ag in essay.agents:
        if ag.eid not in fb.deaths or ag.pluperfect or ag.reported or _DEATH_VERBS.match(ag.verb.lower()):
            continue
        death, fid = fb.deaths[ag.eid]
        s, e = essay.sentence_of(ag.start)
        dates = [d for d in essay.dates_in(s, e) if d.first and d.last and not d.qualifier]
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
