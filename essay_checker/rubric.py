"""Rubrics (TOML) and key-point coverage.

A rubric is ``title`` plus ``[[points]]`` with ``id``, ``text`` and optional
``weight``.  Whether an essay makes a point is decided from the point's text
alone: its names, dates and meaningful words, weighted by how distinctive they
are in the notes, with ordinary synonyms counted ("freed" for "released").
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .claims import Essay
from .facts.factbase import FactBase, fact_keys
from .models import KeyPointResult
from .nlp.dates import find_dates
from .textutil import stem

COVERED = 0.5
PARTIAL = 0.3


class RubricError(Exception):
    """A rubric that cannot be used; the message is one line."""


@dataclass(frozen=True)
class Point:
    id: str
    text: str
    weight: float = 1.0


@dataclass(frozen=True)
class Rubric:
    title: str
    points: tuple[Point, ...]
    source: str = ""


def parse_rubric(data: str, source: str = "<rubric>") -> Rubric:
    """Parse rubric TOML; every problem is a one-line RubricError naming the place."""
    try:
        doc = tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"{source}: not valid TOML: {exc}") from None
    points = doc.get("points")
    if not isinstance(points, list) or not points:
        raise RubricError(f"{source}: no [[points]] found; a rubric needs at least one key point")
    seen: set[str] = set()
    out = []
    for i, p in enumerate(points, start=1):
        if not isinstance(p, dict):
            raise RubricError(f"{source}: point {i} is not a table")
        pid, text = p.get("id"), p.get("text")
        if not isinstance(pid, str) or not pid.strip():
            raise RubricError(f"{source}: point {i} has no 'id'")
        if not isinstance(text, str) or not text.strip():
            raise RubricError(f"{source}: point {pid!r} has no 'text'")
        if pid in seen:
            raise RubricError(f"{source}: duplicate point id {pid!r}")
        seen.add(pid)
        weight = p.get("weight", 1)
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight <= 0:
            raise RubricError(f"{source}: point {pid!r} has a weight that is not a positive number")
        out.append(Point(pid, text.strip(), float(weight)))
    title = doc.get("title", "")
    return Rubric(str(title), tuple(out), source)


@lru_cache(maxsize=1)
def synonym_lines() -> tuple[tuple[str, ...], ...]:
    """The groups of ordinary synonyms in data/synonyms.txt, one tuple of words per line."""
    text = resources.files("essay_checker").joinpath("data/synonyms.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out.append(tuple(line.split()))
    return tuple(out)


@lru_cache(maxsize=1)
def synonyms() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for words in synonym_lines():
        stems = {stem(w.split("-")[-1]) if "-" in w and w != "co-exist" else stem(w) for w in words}
        for s in stems:
            groups.setdefault(s, set()).update(stems)
    return {k: frozenset(v) for k, v in groups.items()}


def _expand(keys: set[str]) -> set[str]:
    syn = synonyms()
    out = set(keys)
    for k in keys:
        out |= syn.get(k, frozenset())
    return out


def coverage(essay: Essay, rubric: Rubric, fb: FactBase) -> list[KeyPointResult]:
    windows = []
    sents = essay.sentences
    for i, (s, e) in enumerate(sents):
        windows.append((s, e))
        if i + 1 < len(sents):
            windows.append((s, sents[i + 1][1]))
    win_keys = []
    for s, e in windows:
        keys = set(essay.keys(s, e))
        years = {y for d in essay.dates_in(s, e) if d.first and d.last for y in d.years()}
        win_keys.append((_expand(keys), years))
    out = []
    for p in rubric.points:
        ents = fb.registry.find(p.text)
        keys = set(fact_keys(p.text, ents))
        years = {y for d in find_dates(p.text) if d.first and d.last and len(d.years()) <= 3 for y in d.years()}
        weights = {k: _weight(fb, k) for k in keys}
        expanded = {k: _expand({k}) for k in weights}
        total = sum(weights.values()) + 2.0 * len(years)
        core = _core(fb, weights)
        best, best_win, best_core = 0.0, None, 0
        for (s, e), (wkeys, wyears) in zip(windows, win_keys):
            hit = {k for k in weights if k in wkeys or (expanded[k] & wkeys)}
            got = sum(weights[k] for k in hit) + 2.0 * len(years & wyears)
            score = got / total if total else 0.0
            ncore = len(hit & core)
            if (ncore > 0, score) > (best_core > 0, best + 1e-9):
                best, best_win, best_core = score, (s, e), ncore
        need = min(2, len(core))
        if best >= COVERED and best_core >= need:
            status = "covered"
        elif best >= PARTIAL and best_core >= 1:
            status = "partial"
        else:
            status = "missing"
        ev = essay.text[best_win[0]:best_win[1]].strip() if best_win and status != "missing" else None
        out.append(KeyPointResult(p.id, p.text, p.weight, status, best, ev,
                                  best_win if status != "missing" else None))
    return out


def _core(fb: FactBase, weights: dict[str, float]) -> set[str]:
    """The point's distinctive keys: names that are not people, and its rarer words."""
    cands = {k: w for k, w in weights.items()
             if not (k.startswith("@") and fb.registry.entities[k[1:]].kind == "person")}
    if not cands:
        return set(weights)
    ranked = sorted(cands, key=lambda k: (-cands[k], k))
    return set(ranked[:max(2, len(ranked) // 2)])


def _weight(fb: FactBase, key: str) -> float:
    if key in fb.idf:
        return fb.idf[key]
    return 0.6 * fb.default_idf if not key.startswith("@") else fb.default_idf
