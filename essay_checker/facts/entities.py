"""The entity registry: every name and key term the notes use, with its aliases.

Nothing here is a list of names: names are found in the notes by their shape
(capitalised words, acronyms, quoted terms, ordinals before a title), and
aliases are worked out from how the notes write them ("Harold Godwinson" and
"Godwinson"; a single capital "W" standing for the most frequent such name;
"Comm party" for "Communist Party"; "X (Y)").
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..nlp.english import is_known, word_frequency
from ..textutil import STOPWORDS, norm_key, ordinal_value, stem

_TOKEN = re.compile(r"[^\W_](?:[^\W_]|['\u2019\-](?=[^\W_]))*(?:['\u2019]s\b)?", re.UNICODE)
_CALENDAR = frozenset("""january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday
    sunday""".split())
_TITLE_CONNECT = frozenset({"of", "the", "for", "and", "on", "de", "von", "van", "du", "la", "le"})
# Head nouns that make a name an event or a policy rather than a person or place (plain English).
EVENT_HEADS = frozenset(stem(w) for w in """speech uprising revolution rising revolt rebellion riot riots war
    crisis pact treaty scheme plan congress conference blockade purge purges reform reforms agreement summit
    invasion election campaign policy programme program course thaw terror famine affair incident massacre
    trial trials coup strike march movement act law declaration doctrine accords accord settlement
    offensive battle siege occupation withdrawal""".split())
# Verbs that mostly take a human subject (plain English).
HUMAN_VERBS = frozenset(stem(w) for w in """said says told tells denounced denounces believed believes wanted
    wants decided decides spoke speaks wished wishes argued argues announced announces died dies criticised
    criticized attacked blamed blames claimed claims promised promises ordered orders launched launches
    feared fears hoped hopes visited visits met meets married resigned resigns replaced replaces dismissed
    dismisses sacked appointed appoints was is became becomes invited invites wrote writes gave gives
    brought introduced introduces refused refuses agreed agrees""".split())
# Offices and relations of people (plain English), as cues that a name is a person's.
_ROLES = r"""(?:president|premier|leader|ambassador|general|major|marshal|officer|pilot|minister|secretary|
    chairman|dictator|king|queen|emperor|tsar|czar|commander|admiral|colonel|captain|lieutenant|sergeant|brother|
    sister|son|daughter|wife|husband|father|mother|uncle|nephew|revolutionary|senator|governor|predecessor|
    successor|adviser|advisor|deputy|chancellor|pope|bishop|archbishop|prince|princess|duke|earl|lord|lady|
    mr|mrs|ms|dr|professor|spy|rebel|general-secretary|secretary-general|attorney)""".replace("\n", "").replace(" ", "")
_ROLE_WORD = re.compile(_ROLES + r"\.?", re.I)
_ROLE_BEFORE = re.compile(r"\b" + _ROLES + r"\.?,?\s+$", re.I)
_ROLE_AFTER = re.compile(r",\s+(?:the\s+|a\s+|his\s+|her\s+)?(?:[\w\-]+\s+){0,2}" + _ROLES + r"\b", re.I)
_DEATH = re.compile(r"\b(died|dies|death|killed|executed|shot|assassinated|murdered|murder)\b", re.I)


@dataclass
class Entity:
    id: str
    name: str
    kind: str = "term"  # person | org | place | event | term
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "aliases": sorted(self.aliases - {self.name}),
                "mentions": self.mentions}


def is_common_word(word: str) -> bool:
    """A word ordinary English uses often (not a rare name or technical term)."""
    return word_frequency(word) >= 2e-6


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _strip_possessive(tok: str) -> str:
    return re.sub(r"['\u2019]s$", "", tok)


@lru_cache(maxsize=65536)
def _word_key(word: str) -> tuple[str, ...]:
    """The lookup key of one word (empty for a word that leaves no key)."""
    return name_key([word])


def name_key(words_: list[str]) -> tuple[str, ...]:
    """The lookup key of a name: ordinals as numbers, then word stems."""
    out = []
    for w in words_:
        w = _strip_possessive(w)
        ov = ordinal_value(w)
        out.append(str(ov) if ov is not None else stem(norm_key(w).replace(" ", "")))
    return tuple(k for k in out if k)


def _joins(tok: str, gap: str) -> bool:
    """Two words with this between them can be one name: a space or hyphen, or the full stop of an
    initial ("William J. Marshal")."""
    g = gap.strip()
    initial = g == "." and len(tok) == 1 and tok.isupper() and gap.startswith(".")
    return "\n" not in gap and (g in ("", "-") or initial)


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or bool(re.match(r"\d+(st|nd|rd|th)$", tok))


def candidate_names(text: str, capitalised_elsewhere: set[str]) -> list[tuple[int, int, str]]:
    """Spans of name-shaped phrases in one sentence or bullet."""
    toks = tokens(text)
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        tok, s, e = toks[i]
        if not _is_cap(tok) or tok in ("I",) or tok.lower().rstrip(".") in _CALENDAR:
            i += 1
            continue
        j = i
        last = i
        while j + 1 < len(toks):
            nxt = toks[j + 1][0]
            gap = text[toks[j][2]:toks[j + 1][1]]
            if not _joins(toks[j][0], gap):
                break
            if nxt.lower().rstrip(".") in _CALENDAR:
                break
            if _is_cap(nxt) and _strip_possessive(toks[j][0]) == toks[j][0]:
                j += 1
                last = j
            elif (nxt.lower() in _TITLE_CONNECT and j + 2 < len(toks) and _is_cap(toks[j + 2][0])
                  and nxt.lower() != "and" and is_common_word(toks[j][0])
                  and "\n" not in text[toks[j][2]:toks[j + 2][1]]):
                j += 1
            else:
                break
        words_ = [t for t, _, _ in toks[i:last + 1]]
        start = toks[i][1]
        # a sentence-initial ordinary word is not part of a name ("Following Harold's death")
        at_start = i == 0 or text[:toks[i][1]].rstrip(" \t").endswith((".", "!", "?", ":", "\u2022", "-", "(", '"', "'", "\n"))
        while words_ and (
            (at_start and words_[0].lower() in STOPWORDS)
            or (re.search(r"(ing|ed|ly)$", words_[0]) and is_known(words_[0]))
            or (at_start and is_common_word(_strip_possessive(words_[0])) and _strip_possessive(words_[0]) not in capitalised_elsewhere)
            or words_[0].lower() in _TITLE_CONNECT
        ):
            start = toks[i + 1][1] if len(words_) > 1 else e
            i += 1
            words_ = words_[1:]
            at_start = False
        if words_:
            end = toks[last][2]
            surface = text[start:end]
            surface = _strip_possessive(surface)
            out.append((start, start + len(surface), surface))
        i = last + 1
    return out


_QUOTED = re.compile(r"(?<!\w)['\u2018\"\u201c]([A-Za-z][\w\- ]{2,40}?)['\u2019\"\u201d](?!\w)")
_PAREN_ALIAS = re.compile(r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,4})\s*\((?:renamed\s+(?:as\s+)?(?:the\s+)?|"
                          r"known\s+as\s+(?:the\s+)?|also\s+called\s+(?:the\s+)?|or\s+|aka\s+)?"
                          r"([A-Z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,4})\)")


class Registry:
    """Entities by id, and a lookup from name keys (word stems) to ids."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.keys: dict[tuple[str, ...], str] = {}
        self.exact_aliases: dict[str, str] = {}  # single letters, matched case-sensitively
        self.max_len = 1
        self.word_keys: dict[str, tuple[str, ...]] = {}  # the notes' words -> their keys, worked out once

    def add_alias(self, eid: str, surface: str) -> None:
        key = name_key(surface.split())
        if not key:
            return
        if len(surface) == 1:
            self.exact_aliases[surface] = eid
        else:
            self.keys.setdefault(key, eid)
            self.max_len = max(self.max_len, len(key))
        self.entities[eid].aliases.add(surface)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Entity mentions in ``text`` as (start, end, entity id), longest match first."""
        toks = tokens(text)
        n_toks = len(toks)
        # a name runs over words joined by nothing but spaces or a hyphen
        joined = [_joins(toks[k][0], text[toks[k][2]:toks[k + 1][1]]) for k in range(n_toks - 1)]
        run = [1] * n_toks  # how many words from here are so joined
        for k in range(n_toks - 2, -1, -1):
            if joined[k]:
                run[k] = run[k + 1] + 1
        known = self.word_keys
        word_keys = [known.get(t) or _word_key(t) for t, _, _ in toks]
        out = []
        i = 0
        while i < n_toks:
            hit = None
            for n in range(min(self.max_len, n_toks - i, run[i]), 0, -1):
                key = tuple(k for ks in word_keys[i:i + n] for k in ks)
                eid = self.keys.get(key)
                if eid:
                    seg = toks[i:i + n]
                    if n == 1 and seg[0][0].islower() and self.entities[eid].kind in ("person", "place"):
                        continue  # a lower-case word ("china") is not taken for a name of a person or place
                    hit = (seg[0][1], seg[-1][1] + len(_strip_possessive(seg[-1][0])), eid, n)
                    break
            if hit is None and toks[i][0] in self.exact_aliases:
                hit = (toks[i][1], toks[i][2], self.exact_aliases[toks[i][0]], 1)
            if hit:
                out.append(hit[:3])
                i += hit[3]
            else:
                i += 1
        return out

    def to_list(self) -> list[dict]:
        return [e.to_dict() for e in sorted(self.entities.values(), key=lambda e: e.id)]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", norm_key(name)).strip("-") or "x"


def build_registry(texts: list[str], ner: list[list[tuple[str, str]]] | None = None) -> Registry:
    """Find the names in the notes and group their spellings into entities.

    ``texts`` are the note sentences; ``ner`` optionally holds, per sentence,
    (surface, label) pairs from a trained pipeline, used to type entities.
    """
    capitalised_elsewhere: set[str] = set()
    lower_seen: set[str] = set()
    for t in texts:
        toks = tokens(t)
        for k, (tok, s, e) in enumerate(toks):
            if k > 0 and tok[:1].isupper() and not t[:s].rstrip().endswith((".", ":", "!", "?")):
                capitalised_elsewhere.add(_strip_possessive(tok))
            if tok[:1].islower():
                lower_seen.add(_strip_possessive(tok).lower())

    surfaces: Counter[str] = Counter()
    contexts: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for t in texts:
        for s, e, surface in candidate_names(t, capitalised_elsewhere):
            words_ = surface.split()
            if len(words_) == 1:
                w = words_[0]
                if w.lower() in lower_seen and is_common_word(w) and not w.isupper():
                    continue  # "Party" when the notes also write "party": an ordinary word
                if len(w) == 1:
                    continue
            surfaces[surface] += 1
            contexts[surface].append((t, s, e))
        for m in _QUOTED.finditer(t):
            term = m.group(1).strip()
            if 1 <= len(term.split()) <= 5 and not term.lower() in STOPWORDS:
                surfaces[term] += 1
                contexts[term].append((t, m.start(1), m.end(1)))

    reg = Registry()
    # group surfaces by key; canonical = most frequent, Title Case preferred
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for surface in surfaces:
        key = name_key(surface.split())
        if key:
            groups[key].append(surface)
    for key, forms in sorted(groups.items()):
        forms.sort(key=lambda f: (-surfaces[f], f.isupper(), f.islower(), f))
        name = forms[0]
        eid = _slug(name)
        while eid in reg.entities:
            eid += "-2"
        reg.entities[eid] = Entity(eid, name, mentions=sum(surfaces[f] for f in forms))
        for f in forms:
            reg.add_alias(eid, f)

    _link_aliases(reg, texts, surfaces)
    reg.word_keys = {t: _word_key(t) for text in texts for t, _, _ in tokens(text)}
    _type_entities(reg, texts, contexts, ner)
    return reg


def _merge(reg: Registry, keep: str, drop: str) -> None:
    if keep == drop or drop not in reg.entities or keep not in reg.entities:
        return
    gone = reg.entities.pop(drop)
    reg.entities[keep].mentions += gone.mentions
    for a in gone.aliases:
        reg.entities[keep].aliases.add(a)
    for k, v in list(reg.keys.items()):
        if v == drop:
            reg.keys[k] = keep
    for k, v in list(reg.exact_aliases.items()):
        if v == drop:
            reg.exact_aliases[k] = keep


def _namelike(word: str) -> bool:
    return not is_common_word(_strip_possessive(word)) and word[:1].isupper() and not word.isupper()


def _is_title(word: str) -> bool:
    """A rank or office written before a name ("President", "General")."""
    return word[:1].isupper() and bool(_ROLE_WORD.fullmatch(word))


def _other_bearers(reg: Registry, surfaces: Counter, singles: dict[str, str]) -> set[str]:
    """Full names that must not merge with their bare surname: when the notes name two people who share
    a surname ("Harold Godwinson" and his brother Tostig), the surname alone means the one introduced first."""
    order = {f: i for i, f in enumerate(surfaces)}
    by_surname: dict[str, list] = defaultdict(list)
    for e in reg.entities.values():
        parts = e.name.split()
        if len(parts) >= 2 and parts[-1] in singles and not _is_title(parts[0]):
            first = min((order.get(a, len(order)) for a in e.aliases | {e.name}), default=len(order))
            by_surname[parts[-1]].append((first, e))
    out: set[str] = set()
    for bearers in by_surname.values():
        given = {b.name.split()[0] for _, b in bearers}
        if len(given) >= 2:
            bearers.sort(key=lambda x: (x[0], x[1].id))
            main = bearers[0][1].name.split()[0]
            out |= {b.id for _, b in bearers if b.name.split()[0] != main}
    return out


def _link_aliases(reg: Registry, texts: list[str], surfaces: Counter) -> None:
    # 1. "Harold Godwinson" ~ "Godwinson": a multi-word name whose last word is a rare name on its own
    singles = {e.name: e.id for e in reg.entities.values() if len(e.name.split()) == 1}
    apart = _other_bearers(reg, surfaces, singles)
    for e in list(reg.entities.values()):
        parts = e.name.split()
        if len(parts) >= 2 and parts[-1] in singles and _namelike(parts[-1]) and not any(
            stem(p) in EVENT_HEADS for p in parts
        ) and e.id not in apart:
            _merge(reg, singles[parts[-1]], e.id)
        elif len(parts) == 2 and parts[0] in singles and _namelike(parts[0]) and _namelike(parts[1]) \
                and e.id in reg.entities:
            _merge(reg, singles[parts[0]], e.id)  # "Harold Godwinson" ~ "Harold"
    # 1b. "Godwinson" for "Harold R. Godwinson": a full name's rare last word alone, when nothing else has it
    for e in list(reg.entities.values()):
        parts = e.name.split()
        if len(parts) >= 2 and _namelike(parts[-1]) and (_namelike(parts[0].rstrip(".")) or _is_title(parts[0])) \
                and not any(stem(p) in EVENT_HEADS for p in parts) and name_key([parts[-1]]) not in reg.keys:
            reg.add_alias(e.id, parts[-1])
    # 2. "X (renamed the Y)" / "Y (X)": parenthetical aliases
    for t in texts:
        for m in _PAREN_ALIAS.finditer(t):
            a, b = m.group(1), m.group(2)
            ia = reg.keys.get(name_key(a.split()))
            ib = reg.keys.get(name_key(b.split()))
            if ia and ib:
                _merge(reg, ia, ib)
            elif ia and not re.match(r"\d", b):
                reg.add_alias(ia, b)
            elif ib and not re.match(r"\d", a):
                reg.add_alias(ib, a)
    # 3. "Comm party": a clipped first word of a known multi-word name
    multi = [e for e in reg.entities.values() if len(e.name.split()) >= 2]
    for t in texts:
        for m in re.finditer(r"\b([A-Z][a-z]{2,})\.?\s+([A-Za-z]+)\b", t):
            w1, w2 = m.group(1), m.group(2)
            for e in multi:
                p = e.name.split()
                if len(p) == 2 and p[0].lower().startswith(w1.lower()) and p[0].lower() != w1.lower() \
                        and p[1].lower() == w2.lower():
                    reg.add_alias(e.id, f"{w1} {w2}")
    # 4. a lone capital letter used as a word ("K denounced") stands for the most frequent
    #    rare name with that initial
    letters = Counter()
    for t in texts:
        for m in re.finditer(r"(?<![\w.'\u2019])([B-HJ-Z])(?![\w.'\u2019&-])", t):
            letters[m.group(1)] += 1
    for letter, n in letters.items():
        if n < 2:
            continue
        cands = [e for e in reg.entities.values() if e.name[:1] == letter and all(_namelike(w) for w in e.name.split()[-1:])
                 and not e.name.isupper()]
        if cands:
            best = max(cands, key=lambda e: (e.mentions, e.id))
            reg.add_alias(best.id, letter)
            best.mentions += n


def _type_entities(reg: Registry, texts: list[str], contexts: dict, ner) -> None:
    votes: dict[str, Counter] = defaultdict(Counter)
    if ner:
        label_map = {"PERSON": "person", "ORG": "org", "NORP": "org", "GPE": "place", "LOC": "place",
                     "EVENT": "event", "FAC": "place", "LAW": "event"}
        for ents in ner:
            for surface, label in ents:
                eid = reg.keys.get(name_key(surface.split()))
                if eid and label in label_map:
                    votes[eid][label_map[label]] += 1
    person_cue: Counter = Counter()
    the_before: Counter = Counter()
    for t in texts:
        found = reg.find(t)
        for idx, (s, e, eid) in enumerate(found):
            if re.search(r"\bthe\s+$", t[max(0, s - 5):s], re.I):
                the_before[eid] += 1
            after = t[e:e + 40]
            before = t[max(0, s - 40):s]
            nxt = re.match(r"['\u2019]s\s+(\w+)|\s+(?:(?:had|has|was|is|were|also|then|had been)\s+)?(\w+)", after)
            if nxt:
                verb = nxt.group(1) or nxt.group(2)
                if verb and stem(verb) in HUMAN_VERBS:
                    person_cue[eid] += 1
            if re.search(r"\bby\s+$", before) and re.search(r"\w+ed\s+by\s+$", before):
                person_cue[eid] += 1
            if _DEATH.search(after[:25]) or re.search(r"death\s+of\s+$", before):
                person_cue[eid] += 2
            # a person's office or relation next to the name: "the Norman bishop Odo of Bayeux",
            # "Lanfranc, Archbishop of Canterbury", "Earl Harold Godwinson"
            parts = t[s:e].split()
            if _ROLE_BEFORE.search(before) or _ROLE_AFTER.match(after) or (
                    len(parts) >= 2 and _ROLE_WORD.fullmatch(parts[0]) and not _ROLE_WORD.fullmatch(parts[-1])):
                person_cue[eid] += 1
        # names listed together share a kind: "Odo, Lanfranc, Harold and William"
        for a, b in zip(found, found[1:]):
            gap = t[a[1]:b[0]]
            if _ROLE_WORD.fullmatch(t[a[0]:a[1]].split()[-1]) or _ROLE_WORD.fullmatch(t[b[0]:b[1]].split()[-1]):
                continue  # "Lanfranc, Archbishop of Canterbury": a name and an office, not a list
            if re.fullmatch(r"\s*(,|and|,\s*and)\s*", gap):
                person_cue[(a[2], b[2])] += 1
    for e in reg.entities.values():
        words_ = e.name.split()
        if votes.get(e.id):
            e.kind = votes[e.id].most_common(1)[0][0]
            # the notes' own wording outweighs a statistical label: "Domesday Survey" names a survey,
            # and a name the notes say died or who "replaced" someone, twice over, is a person
            if any(stem(w) in EVENT_HEADS for w in words_[-2:]) and not e.name.isupper():
                e.kind = "event"
            elif e.kind != "person" and len(words_) <= 3 and _namelike(words_[-1]) and person_cue[e.id] >= 2 \
                    and not the_before[e.id]:
                e.kind = "person"
            continue
        if e.name.isupper() and len(e.name) <= 10:
            e.kind = "org"
        elif any(stem(w) in EVENT_HEADS for w in words_[-2:]) or e.name.islower():
            e.kind = "event" if any(stem(w) in EVENT_HEADS for w in words_[-2:]) else "term"
        elif len(words_) <= 3 and _namelike(words_[-1]) and person_cue[e.id] >= 1 and not the_before[e.id]:
            e.kind = "person"
    # spread "person" along lists
    changed = True
    while changed:
        changed = False
        for key, n in person_cue.items():
            if isinstance(key, tuple):
                a, b = key
                ea, eb = reg.entities.get(a), reg.entities.get(b)
                if ea and eb and {ea.kind, eb.kind} == {"person", "term"} and not the_before[a] and not the_before[b]:
                    other = ea if ea.kind == "term" else eb
                    if _namelike(other.name.split()[-1]) and len(other.name.split()) <= 3:
                        other.kind = "person"
                        changed = True
