"""Turn an essay into claims: sentences with who did what, when and how many.

With blank English the agent of a sentence comes from rules (a person's name
right before a past-tense verb, or after "by" following a participle); with a
trained pipeline the dependency parse decides (``nsubj`` and ``agent``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .facts.align import local_bag
from .facts.factbase import FactBase, fact_keys
from .nlp.dates import DateMention
from .nlp.numbers import NumberMention
from .nlp.segment import sentence_spans
from .nlp.spelling import suggest, targets_of

_WORD = re.compile(r"[^\W\d_](?:[\w]|['\u2019\-](?=\w))*")
_IRREGULAR = frozenset("""told gave spoke made took set sent led held began wrote said brought built fought won met
    left rose shot forbade became went saw came put cut kept ran stood threw drew grew knew thought sought taught
    caught struck sold paid hid bore overthrew undertook withdrew swore""".split())
_AUX = r"(?:(?:had|has|have|was|were|is|also|then|later|soon|quickly|finally|himself|herself|personally|did)\s+)*"


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

    def sentence_of(self, offset: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= offset < e:
                return s, e
        return 0, len(self.text)

    def bag(self, span: tuple[int, int], with_years: bool = False) -> dict[str, float]:
        """Context of a mention within its sentence (see :func:`local_bag`)."""
        key = (span, with_years)
        if key not in self._bags:
            s, e = self.sentence_of(span[0])
            others = [(d.start, d.end) for d in self.dates if s <= d.start < e]
            others += [(n.start, n.end) for n in self.numbers if s <= n.start < e]
            ents = [x for x in self.entities if s <= x[0] < e]
            bag = local_bag(self.text, span, others, ents, (s, e))
            if with_years:
                for d in self.dates:
                    if s <= d.start < e and d.first and d.last and len(d.years()) <= 3:
                        dist = abs(d.start - span[0]) / 6.0
                        for y in d.years():
                            bag[f"Y{y}"] = max(bag.get(f"Y{y}", 0), 1 / (1 + dist / 5))
            self._bags[key] = bag
        return self._bags[key]

    def keys(self, s: int, e: int) -> list[str]:
        ents = [(a - s, b - s, eid) for a, b, eid in self.entities if s <= a < e]
        return fact_keys(self.text[s:e], ents)


def analyse(text: str, fb: FactBase, nlp, accepted: frozenset[str] = frozenset(), pipeline: str = "blank") -> Essay:
    doc = nlp(text)
    sentences = sentence_spans(text)
    entities = fb.registry.find(text)
    taken = {(s, e) for s, e, _ in entities}
    covered = bytearray(len(text) + 1)
    for s, e, _ in entities:
        covered[s:e] = b"\x01" * (e - s)
    targets = targets_of(fb)
    misspellings = []
    for m in _WORD.finditer(text):
        w = re.sub(r"['\u2019]s$", "", m.group())
        if any(covered[m.start():m.end()]):
            continue
        sug = suggest(w, targets, fb.vocabulary, accepted)
        if sug:
            misspellings.append((m.start(), m.start() + len(w), sug))
            eid = fb.registry.keys.get(tuple(_name_key(sug)))
            if eid and (m.start(), m.start() + len(w)) not in taken:
                entities.append((m.start(), m.start() + len(w), eid))
    entities.sort()
    agents = _agents_parse(doc, entities, fb) if doc.has_annotation("DEP") else _agents_rules(text, entities, fb)
    return Essay(text, sentences, list(doc._.dates), list(doc._.numbers), entities, agents, misspellings,
                 pipeline, len(text.split()))


def _name_key(name: str):
    from .facts.entities import name_key

    return name_key(name.split())


def _is_person(fb: FactBase, eid: str) -> bool:
    return fb.registry.entities[eid].kind == "person"


def _reported(text: str, sent_start: int, pos: int) -> bool:
    """Inside a reported clause ("he said that Harold had ...")."""
    return bool(re.search(r"\b(that|how|whether|because|as)\b", text[sent_start:pos]))


def _agents_rules(text: str, entities, fb: FactBase) -> list[Agent]:
    out = []
    sents = sentence_spans(text)
    for s, e, eid in entities:
        if not _is_person(fb, eid):
            continue
        ss = next((a for a, b in sents if a <= s < b), 0)
        after = text[e:e + 60]
        m = re.match(rf"(?:['\u2019]s\s+)?(?:,[^,]{{1,40}},\s*)?\s*({_AUX})([a-z]+)\b", after)
        if m and not after.startswith(("'s", "\u2019s")):
            verb = m.group(2)
            if verb.endswith("ed") or verb in _IRREGULAR:
                if not re.search(r"\b(was|were|is|been)\s+$", m.group(1)):
                    out.append(Agent(s, e, eid, verb, e + m.start(2), False, "had" in m.group(1).split(),
                                     _reported(text, ss, s)))
                    continue
        before = text[max(0, s - 40):s]
        m2 = re.search(r"\b([a-z]+(?:ed|en)|" + "|".join(sorted(_IRREGULAR)) + r")\s+by\s+(?:Marshal\s+|the\s+)?$", before)
        if m2:
            out.append(Agent(s, e, eid, m2.group(1), s - len(before) + m2.start(1), True,
                             bool(re.search(r"\bhad\s+been\s+\w+\s+by\s+$", before)), _reported(text, ss, s)))
    return out


def _agents_parse(doc, entities, fb: FactBase) -> list[Agent]:
    out = []
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
        sent = span.sent
        reported = any(t.dep_ in ("ccomp", "advcl", "relcl") for t in [verb]) and verb.head.i != verb.i
        out.append(Agent(s, e, eid, verb.text, verb.idx, passive, plup, reported or _reported(doc.text, sent.start_char, s)))
    return out
