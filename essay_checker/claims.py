"""Turn an essay into claims: sentences with who did what, when and how many.

With blank English the agent of a sentence comes from rules (a person's name
right before a past-tense verb, or after "by" following a participle); with a
trained pipeline the dependency parse decides (``nsubj`` and ``agent``).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .facts.align import BagContext
from .facts.factbase import FactBase, fact_keys
from .nlp.agents import Agent, agents_by_rules
from .nlp.agents import reported as _reported
from .nlp.dates import DateMention
from .nlp.numbers import NumberMention
from .nlp.segment import sentence_spans
from .nlp.spelling import suggest

_WORD = re.compile(r"[^\W\d_](?:[\w]|['\u2019\-](?=\w))*")
_POSSESSIVE_END = re.compile(r"['\u2019]s$")

__all__ = ["Agent", "Essay", "analyse"]


@dataclass
class Essay:
    text: str
    sentences: list[tuple[int, int]]
    dates: list[DateMention]
    numbers: list[NumberMention]
    entities: list[tuple[int, int, str]]
    agents: list[Agent]
    misspellings: list[tuple[int, int, str]]
    pipeline: str
    words: int
    _bags: dict = field(default_factory=dict)
    _contexts: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        # everything is looked up by position: sorted start offsets, searched by bisection
        self._sent_starts = [s for s, _ in self.sentences]
        self._date_starts = [d.start for d in self.dates]
        self._number_starts = [n.start for n in self.numbers]
        self._entity_starts = [x[0] for x in self.entities]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        k = bisect_right(self._sent_starts, offset) - 1
        if k >= 0 and offset < self.sentences[k][1]:
            return self.sentences[k]
        return 0, len(self.text)

    @staticmethod
    def _within(items: list, starts: list[int], s: int, e: int) -> list:
        return items[bisect_left(starts, s):bisect_left(starts, e)]

    def dates_in(self, s: int, e: int) -> list[DateMention]:
        """The dates that start in ``[s, e)``, in order."""
        return self._within(self.dates, self._date_starts, s, e)

    def numbers_in(self, s: int, e: int) -> list[NumberMention]:
        return self._within(self.numbers, self._number_starts, s, e)

    def entities_in(self, s: int, e: int) -> list[tuple[int, int, str]]:
        return self._within(self.entities, self._entity_starts, s, e)

    def _context(self, s: int, e: int) -> BagContext:
        ctx = self._contexts.get((s, e))
        if ctx is None:
            others = [(d.start, d.end) for d in self.dates_in(s, e)]
            others += [(n.start, n.end) for n in self.numbers_in(s, e) if n.kind != "ordinal"]  # see date_anchor_bag
            ctx = self._contexts[(s, e)] = BagContext(self.text, others, self.entities_in(s, e), (s, e))
        return ctx

    def bag(self, span: tuple[int, int], with_years: bool = False) -> dict[str, float]:
        """Context of a mention within its sentence (see :func:`local_bag`)."""
        key = (span, with_years)
        if key not in self._bags:
            s, e = self.sentence_of(span[0])
            bag = self._context(s, e).bag(span)
            if with_years:
                for d in self.dates_in(s, e):
                    if d.first and d.last and len(d.years()) <= 3:
                        dist = abs(d.start - span[0]) / 6.0
                        for y in d.years():
                            bag[f"Y{y}"] = max(bag.get(f"Y{y}", 0), 1 / (1 + dist / 5))
            self._bags[key] = bag
        return self._bags[key]

    def previous_sentence_keys(self, offset: int) -> list[str]:
        """The keys of the sentence before the one at ``offset``, if it is in the same paragraph."""
        k = bisect_right(self._sent_starts, offset) - 1
        if k <= 0 or offset >= self.sentences[k][1]:
            return []
        ps, pe = self.sentences[k - 1]
        if "\n\n" in self.text[pe:self.sentences[k][0]].replace(" ", "").replace("\t", ""):
            return []
        return self.keys(ps, pe)

    def keys(self, s: int, e: int) -> list[str]:
        ents = [(a - s, b - s, eid) for a, b, eid in self.entities_in(s, e)]
        return fact_keys(self.text[s:e], ents)


def analyse(text: str, fb: FactBase, nlp, accepted: frozenset[str] = frozenset(), pipeline: str = "blank") -> Essay:
    doc = nlp(text)
    sentences = sentence_spans(text)
    entities = fb.registry.find(text)
    taken = {(s, e) for s, e, _ in entities}
    covered = bytearray(len(text) + 1)
    for s, e, _ in entities:
        covered[s:e] = b"\x01" * (e - s)
    index = fb.spelling
    misspellings = []
    for m in _WORD.finditer(text):
        w = _POSSESSIVE_END.sub("", m.group())
        if any(covered[m.start():m.end()]):
            continue
        sug = suggest(w, index, accepted)
        if sug:
            misspellings.append((m.start(), m.start() + len(w), sug))
            eid = fb.registry.keys.get(tuple(_name_key(sug)))
            if eid and (m.start(), m.start() + len(w)) not in taken:
                entities.append((m.start(), m.start() + len(w), eid))
    entities.sort()
    if doc.has_annotation("DEP"):
        agents = _agents_parse(doc, entities, fb, text)
    else:
        agents = agents_by_rules(text, entities, fb.registry, sentences)
    return Essay(text, sentences, list(doc._.dates), list(doc._.numbers), entities, agents, misspellings,
                 pipeline, len(text.split()))


def _name_key(name: str):
    from .facts.entities import name_key

    return name_key(name.split())


def _is_person(fb: FactBase, eid: str) -> bool:
    return fb.registry.entities[eid].kind == "person"


def _agents_parse(doc, entities, fb: FactBase, text: str) -> list[Agent]:
    # ``text`` is ``doc.text``, which spaCy rebuilds from every token each time it is read
    out = []
    sent_starts: list[int] | None = None  # where the parse's sentences start, worked out once
    for s, e, eid in entities:
        if not _is_person(fb, eid):
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if head.dep_ == "nsubj" and head.head.pos_ in ("VERB", "AUX"):
            verb = head.head
            passive = False
        elif head.dep_ == "pobj" and head.head.dep_ == "agent":
            verb = head.head.head
            passive = True
        else:
            continue
        plup = any(c.lower_ == "had" for c in verb.children if c.dep_ in ("aux", "auxpass"))
        if sent_starts is None:
            sent_starts = [x.start_char for x in doc.sents]
        # the sentence of the name's head word (what span.sent gives, without a walk over the document)
        sent_start = sent_starts[max(0, bisect_right(sent_starts, head.idx) - 1)]
        # a clause that reports what someone said or thought ("revealed that Odo had ordered ...");
        # a "when" or "who" clause still tells what its subject did
        reported = verb.dep_ == "ccomp" and verb.head.i != verb.i
        out.append(Agent(s, e, eid, verb.text, verb.idx, passive, plup, reported or _reported(text, sent_start, s)))
    return out
