"""The fact base: what the tool believes the teacher's notes say.

Every note sentence or bullet becomes a :class:`Fact` with its file and line
and what was extracted from it.  On top of the facts: the entity registry, a
timeline, the period the notes cover, the conflicts between notes, and the
term weights (TF-IDF, fitted with scikit-learn) used to match essays to facts.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..nlp.agents import Agent, agents_by_rules
from ..nlp.dates import DateMention, find_dates
from ..nlp.numbers import NumberMention, find_numbers
from ..nlp.segment import sentence_spans
from ..nlp.spelling import SpellingTargets, build_targets
from ..textutil import content_stems, stems_of, words
from .align import local_bag, overlap, shared_keys
from .entities import Registry, build_registry
from .notes import Block, mark_boilerplate, split_blocks

_DEATH_NEAR = re.compile(r"\b(died|dies|death|dead)\b", re.I)


@dataclass
class Anchor:
    """A date or number inside a fact, with the context words around it."""

    fact: int
    kind: str  # date | number
    value: DateMention | NumberMention
    bag: dict[str, float]
    # a number's bag with the years of its note added ("Y1086"): a count is often told apart by its year
    ybag: dict[str, float] | None = None


@dataclass
class Fact:
    id: int
    text: str
    file: str
    line: int
    kind: str
    heading: str
    dates: list[DateMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    # what the note is about beyond its own words: the keys and years of its heading, of the title of
    # its file and of the question it answers ("It went on for about 6 weeks." under "The siege itself")
    context: list[str] = field(default_factory=list)
    context_years: list[int] = field(default_factory=list)

    def to_dict(self, registry: Registry) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "source": {"file": self.file, "line": self.line},
            "kind": self.kind,
            "dates": [{"text": d.text, "start": d.start_iso, "end": d.end_iso, "granularity": d.granularity,
                       **({"qualifier": d.qualifier} if d.qualifier else {})} for d in self.dates],
            "numbers": [{"text": n.text, "value": n.value, "low": n.low, "high": n.high, "unit": n.unit,
                         "kind": n.kind} for n in self.numbers],
            "entities": sorted({eid for _, _, eid in self.entities}),
        }


@dataclass
class FactBase:
    notes: str
    sha256: str
    facts: list[Fact]
    registry: Registry
    anchors: list[Anchor]
    idf: dict[str, float]
    default_idf: float
    period: tuple[dt.date, dt.date] | None
    period_source: int | None
    timeline: list[dict]
    deaths: dict[str, tuple[DateMention, int]]
    conflicts: list[dict]
    vocabulary: dict[str, str]  # lower-case word -> how the notes write it
    files: list[str]
    fact_vectors: dict[int, dict[str, float]] = field(default_factory=dict)
    # (fact id, agent, context bag) for every person the notes say did something
    agents: list[tuple[int, Agent, dict[str, float]]] = field(default_factory=list)
    # the notes' names and rare words, which essay words are checked against for spelling
    spelling: SpellingTargets | None = None
    # stems of the notes' words and of the synonym list, worked out once (see textutil.preload_stems)
    stems: dict[str, str] = field(default_factory=dict)

    def fact(self, fid: int) -> Fact:
        return self.facts[fid]

    def to_dict(self) -> dict:
        return {
            "notes": self.notes,
            "notes_sha256": self.sha256,
            "files": self.files,
            "period": {"start": self.period[0].isoformat(), "end": self.period[1].isoformat(),
                       "source": self._src(self.period_source)} if self.period else None,
            "timeline": self.timeline,
            "entities": self.registry.to_list(),
            "facts": [f.to_dict(self.registry) for f in self.facts],
            "conflicts": self.conflicts,
        }

    def _src(self, fid: int | None) -> dict | None:
        if fid is None:
            return None
        f = self.facts[fid]
        return {"file": f.file, "line": f.line, "text": f.text}

    def vector(self, keys: list[str]) -> dict[str, float]:
        """TF-IDF vector (L2-normalised) of a list of keys, with the notes' weights."""
        tf = Counter(keys)
        vec = {k: (1 + math.log(c)) * self.idf.get(k, self.default_idf) for k, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {k: v / norm for k, v in vec.items()}

    def nearest(self, keys: list[str], k: int = 8) -> list[tuple[float, int]]:
        """The ``k`` facts most like ``keys`` by cosine similarity."""
        q = self.vector(keys)
        scores = []
        for fid, vec in self.fact_vectors.items():
            s = sum(w * vec.get(t, 0.0) for t, w in q.items())
            if s > 0:
                scores.append((s, fid))
        scores.sort(key=lambda x: (-x[0], x[1]))
        return scores[:k]


def fact_keys(text: str, entities: list[tuple[int, int, str]]) -> list[str]:
    """Retrieval keys of a text: content stems outside names, plus one key per name."""
    keys = ["@" + eid for _, _, eid in entities]
    masked = list(text)
    for s, e, _ in entities:
        masked[s:e] = " " * (e - s)
    keys.extend(content_stems("".join(masked)))
    return keys


def date_anchor_bag(text: str, d, dates, numbers, entities, limit=None) -> dict[str, float]:
    # an ordinal is part of a name ("the 3rd Crusade"), not another figure the words could be about
    others = [(x.start, x.end) for x in dates] + [(x.start, x.end) for x in numbers if x.kind != "ordinal"]
    return local_bag(text, (d.start, d.end), others, entities, limit)


def _notes_digest(files: list[tuple[str, bytes]], salt: str) -> str:
    h = hashlib.sha256(salt.encode())
    for name, data in files:
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def build_factbase(name: str, files: list[tuple[str, str]], digest: str, ner=None) -> FactBase:
    """Build the fact base from (relative file name, text) pairs.  Pure: no file access."""
    blocks: list[Block] = []
    for fname, text in files:
        blocks.extend(split_blocks(text, fname))
    mark_boilerplate(blocks)

    raw_facts: list[tuple[Block, str, int]] = []
    asked: dict[int, str] = {}  # id(answer block) -> the question it answers
    for prev, b in zip([None] + blocks, blocks):
        if prev is not None and prev.kind == "question" and not prev.boilerplate and b.kind != "question":
            asked[id(b)] = prev.text.replace("\n", " ")
        if b.boilerplate or b.kind == "question":
            continue
        flat = b.text.replace("\n", " ")
        for s, e in (sentence_spans(flat) if b.kind != "heading" else [(0, len(flat))]):
            sent = b.text[s:e].strip()
            if len(re.findall(r"[^\W\d_]{2,}", sent)) < 1:
                continue
            line = b.lines[min(len(b.lines) - 1, b.text.count("\n", 0, s))] if b.lines else b.line
            raw_facts.append((b, sent, line))

    registry = build_registry([t for _, t, _ in raw_facts], ner)
    raw_facts = [(b, t.replace("\n", " "), line) for b, t, line in raw_facts]
    facts: list[Fact] = []
    anchors: list[Anchor] = []
    context: dict[str, DateMention | None] = {}
    titles: dict[str, str] = {}
    for b in blocks:
        if b.kind == "heading" and not b.boilerplate:
            titles.setdefault(b.file, b.text.replace("\n", " "))
    for b, sent, line in raw_facts:
        dates = find_dates(sent, context=context.get(b.file))
        if dates:
            absolute = [d for d in dates if not d.relative and d.first and d.last and d.granularity != "range"]
            if absolute:
                context[b.file] = absolute[-1]
        numbers = find_numbers(sent, [(d.start, d.end) for d in dates])
        ents = registry.find(sent)
        fid = len(facts)
        f = Fact(fid, sent, b.file, line, b.kind, b.heading, dates, numbers, ents, fact_keys(sent, ents))
        facts.append(f)
        mine: list[Anchor] = []
        for d in dates:
            mine.append(Anchor(fid, "date", d, date_anchor_bag(sent, d, dates, numbers, ents)))
        for n in numbers:
            mine.append(Anchor(fid, "number", n, date_anchor_bag(sent, n, dates, numbers, ents)))
        anchors.extend(mine)
        around = [t for t in (asked.get(id(b)), b.heading if b.kind != "heading" else None, titles.get(b.file))
                  if t]
        for t in around:
            f.context.extend(k for k in fact_keys(t, registry.find(t)) if k not in f.context)
            f.context_years.extend(y for d in find_dates(t) if d.first and d.last and len(d.years()) <= 3
                                   for y in d.years() if y not in f.context_years)
        # the question a note answers says what "It ran from 1956 to 1964" is about
        if id(b) in asked:
            q = asked[id(b)]
            for a in mine:
                for k in fact_keys(q, registry.find(q)):
                    a.bag[k] = max(a.bag.get(k, 0.0), 0.6)
        # the heading gives context too ("Harold's Last Stand 1066" above a bullet)
        if b.heading and b.kind != "heading":
            hents = registry.find(b.heading)
            for a in mine:
                for k in fact_keys(b.heading, hents):
                    a.bag.setdefault(k, 0.15)

    idf, default_idf = _fit_idf([f.keys for f in facts])
    fb = FactBase(
        notes=name, sha256=digest, facts=facts, registry=registry, anchors=anchors, idf=idf,
        default_idf=default_idf, period=None, period_source=None, timeline=[], deaths={}, conflicts=[],
        vocabulary=_vocabulary([f.text for f in facts]), files=[n for n, _ in files],
    )
    fb.fact_vectors = {f.id: fb.vector(f.keys) for f in facts}
    for a in anchors:
        if a.kind == "number":
            a.ybag = _year_bag(facts[a.fact], a)
    fb.agents = _fact_agents(fb)
    fb.spelling = build_targets(registry, fb.vocabulary)
    fb.stems = _stems(fb, [q for q in asked.values()])
    fb.period, fb.period_source = _period(facts)
    fb.deaths = _deaths(fb)
    fb.timeline = _timeline(fb)
    fb.conflicts = _conflicts(fb)
    return fb


def _year_bag(f: Fact, anchor: Anchor) -> dict[str, float]:
    bag = dict(anchor.bag)
    n = anchor.value
    for d in f.dates:
        if d.first and d.last and len(d.years()) <= 3:
            dist = abs(d.start - n.start) / 6.0
            for y in d.years():
                bag[f"Y{y}"] = max(bag.get(f"Y{y}", 0), 1 / (1 + dist / 5))
    return bag


def _fact_agents(fb: FactBase) -> list[tuple[int, Agent, dict[str, float]]]:
    """Who the notes say did what: a person before a verb or after "by", or "X's <event>"."""
    out = []
    for f in fb.facts:
        for ag in agents_by_rules(f.text, f.entities, fb.registry):
            bag = local_bag(f.text, (ag.start, ag.end), [], [x for x in f.entities if x[:2] != (ag.start, ag.end)])
            out.append((f.id, ag, bag))
        for m in re.finditer(r"['\u2019]s\s+", f.text):
            who = next((x for x in f.entities if x[1] == m.start()), None)
            what = next((x for x in f.entities if x[0] == m.end()), None)
            if who and what and fb.registry.entities[who[2]].kind == "person":
                ag = Agent(who[0], who[1], who[2], "'s", m.start(), False, False, False)
                out.append((f.id, ag, {"@" + what[2]: 1.0}))
    return out


def _stems(fb: FactBase, extra: list[str]) -> dict[str, str]:
    from ..rubric import synonym_lines  # here: the rubric module imports this one

    seen: set[str] = set()
    for text in [f.text for f in fb.facts] + [f.heading for f in fb.facts] + extra:
        seen.update(w for w, _, _ in words(text))
    for line in synonym_lines():
        for w in line:
            seen.update((w, w.split("-")[-1]))
    return stems_of(seen)


def _fit_idf(docs: list[list[str]]) -> tuple[dict[str, float], float]:
    """Inverse document frequencies of the keys, fitted with scikit-learn's TfidfVectorizer."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(docs):
        return {}, 1.0
    vec = TfidfVectorizer(analyzer=lambda keys: keys, smooth_idf=True, sublinear_tf=True)
    vec.fit(docs)
    idf = {term: float(vec.idf_[i]) for term, i in vec.vocabulary_.items()}
    default = float(math.log((len(docs) + 1) / 1) + 1)
    return idf, default


def _vocabulary(texts: list[str]) -> dict[str, str]:
    vocab: dict[str, Counter] = defaultdict(Counter)
    for t in texts:
        for w in re.findall(r"[^\W\d_](?:[^\W\d_]|['\u2019\-](?=[^\W\d_]))*", t):
            w = re.sub(r"['\u2019]s$", "", w)
            vocab[w.lower()][w] += 1
    return {k: c.most_common(1)[0][0] for k, c in vocab.items()}


def _period(facts: list[Fact]) -> tuple[tuple[dt.date, dt.date] | None, int | None]:
    """The period the notes cover: the year range in their title headings, else most of their dates."""
    ranges = [(d, f.id) for f in facts if f.kind == "heading" for d in f.dates
              if d.granularity == "range" and d.first and d.last]
    if ranges:
        lo = min(d.first for d, _ in ranges)
        hi = max(d.last for d, _ in ranges)
        src = min(ranges, key=lambda x: (x[1]))[1]
        return (lo, hi), src
    years = sorted(y for f in facts for d in f.dates if d.first and d.last and d.granularity in ("day", "month", "year")
                   for y in d.years())
    if not years:
        return None, None
    lo = years[int(len(years) * 0.1)]
    hi = years[min(len(years) - 1, int(len(years) * 0.9))]
    return (dt.date(lo, 1, 1), dt.date(hi, 12, 31)), None


# How notes say someone died (plain English): "X died", "X was (arrested and then) executed",
# "X was assassinated", "X's death", "the death of X", "executing X".
_KILLED = r"(?:killed|executed|assassinated|murdered|shot(?:\s+dead)?|hanged|put\s+to\s+death)"
_DIES_AFTER = re.compile(
    r"(?:\s*\([^()]{0,30}\))?(?:\s*,[^,;]{1,80},)?\s*(?:who\s+)?(?:"
    r"(?:had\s+)?(?:died|dies)\b"
    r"|(?:was|were|is|are|has\s+been|had\s+been|got)\s+"
    rf"(?:[a-z]+\s+(?:and|,)\s+(?:then\s+|later\s+|soon\s+)?)?{_KILLED}\b"
    r"|['\u2019]s\s+(?:death|execution|assassination|murder|killing)\b)", re.I)
_DIES_BEFORE = re.compile(r"(?:\b(?:death|execution|assassination|murder|killing)\s+of\s+(?:[A-Z][\w.]*\s+){0,2}"
                          r"|\b(?:executing|executed|assassinating|assassinated|murdering|murdered|killing)\s+)$")
_DEATH_NEAR = re.compile(r"\b(?:died|dies|death|dead|killed|executed|execution|assassinated|assassination|"
                         r"murdered|murder|shot|hanged)\b", re.I)
# words that may stand between a death and its date: "executed between June and December 1076"
_TO_DATE = re.compile(r"^[\s,]*(?:(?:in|on|at|between|during|later|early|late|the|end|start|of|that|then|"
                      r"summer|winter|spring|autumn|year|soon|after|within|months?|weeks?|days?)\s+)*$", re.I)


def _death_date(f: Fact, s: int, e: int, m_end: int) -> DateMention | None:
    """The date a note gives for the death it tells at ``s``-``e`` (the name), the phrase ending at ``m_end``."""
    dated = [d for d in f.dates if d.first and d.last and d.granularity in ("day", "month", "year")]
    if not dated:
        return None
    for d in dated:  # "... died on 14 October 1066", "... executed between June and December 1076"
        if d.start >= m_end and _TO_DATE.match(f.text[m_end:d.start]):
            return d
    for d in dated:  # "Waltheof (1076)", "14 October 1066: Harold was killed", "In 1066 Harold died"
        gap = f.text[d.end:s]
        if d.start >= e and re.match(r"^\s*\(\s*$", f.text[e:d.start]):
            return d
        if d.end <= s and (re.fullmatch(r"\s*[:\-\u2013]\s*", gap) or re.fullmatch(r"\s*,?\s*", gap)):
            return d
    if re.search(r"\b(after|following|since|upon|until)\b[^.]{0,30}$", f.text[:s]):
        return None  # "Following Harold's death, ..." dates what came after
    d = min(f.dates, key=lambda d: abs(d.start - s))
    return d if d in dated else None


def _deaths(fb: FactBase) -> dict[str, tuple[DateMention, int]]:
    """Person -> the date the notes give for their death."""
    out: dict[str, tuple[DateMention, int]] = {}
    for f in fb.facts:
        if not f.dates or not _DEATH_NEAR.search(f.text):
            continue
        for s, e, eid in f.entities:
            if fb.registry.entities[eid].kind != "person":
                continue
            m = _DIES_AFTER.match(f.text, e)
            if m:
                end = m.end()
            elif _DIES_BEFORE.search(f.text[max(0, s - 40):s]):
                end = e
            else:
                continue
            d = _death_date(f, s, e, end)
            if d is not None and (eid not in out or d.last < out[eid][0].last):
                out[eid] = (d, f.id)
    return out


def _timeline(fb: FactBase) -> list[dict]:
    rows = []
    for a in fb.anchors:
        if a.kind != "date":
            continue
        d: DateMention = a.value
        if not (d.first or d.last):
            continue
        f = fb.facts[a.fact]
        about = sorted({k[1:] for k, w in a.bag.items() if k.startswith("@") and w >= 0.3})
        rows.append({"start": d.start_iso, "end": d.end_iso, "date": d.describe(), "text": f.text,
                     "entities": about, "source": {"file": f.file, "line": f.line}})
    rows.sort(key=lambda r: (r["start"] or r["end"] or "", r["source"]["file"], r["source"]["line"]))
    return rows


STRONG = 3.0
# Plain English verbs that say when a process ran; two notes using them about the same thing
# and giving different dates disagree.
_TIMING = re.compile(r"\b(begun|began|begin|begins|started|start|starts|introduced|took\s+place|happened|"
                     r"take\s+place|ran|run|lasted|"
                     r"lasted|ran\s+from|ended|launched)\b", re.I)


def _conflicts(fb: FactBase) -> list[dict]:
    """Pairs of notes from different files that date the same thing differently."""
    out = []
    dates = [a for a in fb.anchors if a.kind == "date" and a.value.first and a.value.last]
    for i, a in enumerate(dates):
        fa = fb.facts[a.fact]
        for b in dates[i + 1:]:
            fb_ = fb.facts[b.fact]
            if fa.file == fb_.file or a.value.overlaps(b.value):
                continue
            score = overlap(a.bag, b.bag, fb.idf, fb.default_idf)
            keys = shared_keys(a.bag, b.bag, 0.5)
            ents = [k for k in shared_keys(a.bag, b.bag, 0.3) if k.startswith("@") and fb.registry.entities[k[1:]].kind not in ("person", "place")]
            timing = _TIMING.search(fa.text) and _TIMING.search(fb_.text)
            if ents and (score >= STRONG and len(keys) >= 2 or timing):
                out.append({
                    "about": sorted(k.lstrip("@") for k in keys),
                    "a": {"file": fa.file, "line": fa.line, "text": fa.text, "date": a.value.describe()},
                    "b": {"file": fb_.file, "line": fb_.line, "text": fb_.text, "date": b.value.describe()},
                })
    return out

