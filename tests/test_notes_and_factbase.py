"""Reading notes: blocks, hard wraps, boilerplate, aliases, provenance, timeline, conflicts, cache."""
from pathlib import Path

import pytest

from essay_checker.facts.factbase import build_factbase
from essay_checker.facts.notes import mark_boilerplate, split_blocks
from essay_checker.facts.store import load_factbase

from .conftest import NOTES, SHARED

WRAPPED = """By 1950 the kingdom had spread its rule across
the northern provinces of the region
Also raised the chance of a lasting
peace with its neighbours.
Reforms
- the council was reorganised and
  renamed the High Court
Queen Matilda's Great Charter 1215
"""

SCRAPED = """Castle building

What was the motte and bailey?
A motte and bailey was a wooden castle built on a mound after 1066.
Scroll to the answer
Study Buddy logo

Welcome to Study Buddy!

Boost your revision with our brilliant new app! Study Buddy helps you pass your exams.

GCSE

Flashcards

Quiz Hub

Sign Up It's free
"""


def test_hard_wrapped_lines_are_joined_and_keep_their_first_line():
    blocks = split_blocks(WRAPPED, "w.txt")
    texts = [b.text.replace("\n", " ") for b in blocks]
    assert texts[0] == "By 1950 the kingdom had spread its rule across the northern provinces of the region"
    assert blocks[0].line == 1
    assert "the council was reorganised and renamed the High Court" in texts
    bullet = next(b for b in blocks if b.text.startswith("the council"))
    assert bullet.line == 6 and bullet.lines == [6, 7]


def test_site_boilerplate_is_not_a_fact():
    fb = build_factbase("x", [("scraped.txt", SCRAPED)], "d")
    texts = " ".join(f.text for f in fb.facts)
    assert "motte and bailey was a wooden castle" in texts
    for advert in ("Study Buddy", "Sign Up", "revision", "Quiz Hub", "Flashcards", "Scroll"):
        assert advert not in texts, advert


def test_boilerplate_marks_every_advert_line():
    blocks = split_blocks(SCRAPED, "s.txt")
    mark_boilerplate(blocks)
    kept = [b.text for b in blocks if not b.boilerplate]
    assert all("Study Buddy" not in t for t in kept)
    assert any("motte" in t for t in kept)


def test_aliases_from_how_notes_write_names():
    notes = """# The Norman Conquest, 1066-87
- William the Conqueror's army landed in 1066.
- W ordered the Domesday Book survey in 1085.
- W died in 1087 at Rouen.
- Duke William of Normandy crossed the Channel.
- The Anglo-Saxon Chronicle recorded the invasion.
- Harold Godwinson was crowned in January 1066.
- Harold died at the Battle of Hastings in October 1066.
- The Ang Saxon nobles lost their lands.
- The Witan (the King's Council) chose Harold.
"""
    fb = build_factbase("n", [("n.md", notes)], "d")
    reg = fb.registry
    harold = reg.keys[("harold",)]
    assert reg.keys[("harold", "godwinson")] == harold
    w = reg.exact_aliases.get("W")
    assert w is not None and reg.entities[w].name.startswith("William")
    assert fb.deaths[harold][0].describe() == "October 1066"


def test_ordinal_words_and_digits_are_one_name():
    from essay_checker.facts.entities import name_key

    assert name_key("Twentieth Party Congress".split()) == name_key("20th Party Congress".split())
    assert name_key("Virgin Lands scheme".split()) == name_key("Virgin Land Scheme".split())


def test_bundled_notes_provenance_and_period(fb):
    assert fb.period and (fb.period[0].year, fb.period[1].year) == (1953, 1964)
    for f in fb.facts:
        src = (NOTES / f.file).read_text(encoding="utf-8").splitlines()
        first_words = f.text.split()[0].strip("'\"")
        assert first_words in src[f.line - 1], (f.file, f.line, f.text)


def test_bundled_notes_list_the_conflict_between_notes(fb):
    assert fb.conflicts, "the bundled notes date the start of de-Stalinisation twice"
    c = fb.conflicts[0]
    assert c["a"]["file"] != c["b"]["file"]
    assert c["a"]["date"] != c["b"]["date"]


@pytest.mark.skipif(not (SHARED / "eval" / "raw-notes").is_dir(), reason="shared/eval/raw-notes not present")
def test_raw_seed_notes_give_the_required_facts():
    fb, _ = load_factbase(SHARED / "eval" / "raw-notes", "blank", use_cache=False)
    dated = [f for f in fb.facts if f.dates]
    assert len(dated) >= 25
    want = [("Secret Speech", "February 1956"), ("Beria", "1953"), ("Virgin Land", "1954"),
            ("Bulganin", "February 1955"), ("Warsaw Pact", "1955"), ("Hungarian Uprising", "1956"),
            ("anti-party group", "June 1957"), ("Zhukov", "October 1957"), ("7 mil", "1956"), ("11 mil", "1964")]
    for needle, date in want:
        assert any((needle in f.text or needle in f.heading) and date in [d.describe() for d in f.dates] for f in dated), (needle, date)
    assert not any("Lili" in f.text or "Sign Up" in f.text or "app" in f.text.split() for f in fb.facts)
    assert any(c["a"]["date"] == "1953" and c["b"]["date"] == "1956-1964" for c in fb.conflicts)


def _copy_notes(tmp_path: Path) -> Path:
    d = tmp_path / "notes"
    d.mkdir()
    for p in NOTES.glob("*.md"):
        (d / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    return d


def test_cache_is_used_invalidated_and_survives_corruption(tmp_path, monkeypatch):
    monkeypatch.setenv("ESSAY_CHECKER_CACHE", str(tmp_path / "cache"))
    notes = _copy_notes(tmp_path)
    logs = []
    fb1, hit1 = load_factbase(notes, "blank", log=logs.append)
    fb2, hit2 = load_factbase(notes, "blank", log=logs.append)
    assert (hit1, hit2) == (False, True)
    assert fb2.sha256 == fb1.sha256
    # the reported hash is the notes' own: the same for every pipeline and tool version
    assert load_factbase(notes, "spacy-blank", log=logs.append)[0].sha256 == fb1.sha256
    target = sorted(notes.glob("*.md"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n- The Moon landing happened in 1969.\n",
                      encoding="utf-8")
    fb3, hit3 = load_factbase(notes, "blank", log=logs.append)
    assert hit3 is False and fb3.sha256 != fb1.sha256
    assert any("Moon landing" in f.text for f in fb3.facts)
    cache_file = max((tmp_path / "cache").glob("factbase-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    cache_file.write_bytes(cache_file.read_bytes()[:100])
    fb4, hit4 = load_factbase(notes, "blank", log=logs.append)
    assert hit4 is False and any("rebuilding" in m for m in logs)
    assert len(fb4.facts) == len(fb3.facts)


def test_a_check_with_cached_notes_loads_no_model_and_no_learner(tmp_path):
    """Cold-start speed: with blank English and the fact base cached, neither spaCy, scikit-learn
    nor pyspellchecker's dictionary is loaded to check an essay."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, ESSAY_CHECKER_CACHE=str(tmp_path / "cache"))
    code = ("import sys\n"
            "from pathlib import Path\n"
            "from essay_checker.config import Config\n"
            "from essay_checker.core import check_essay\n"
            "from essay_checker.facts.store import load_factbase\n"
            f"fb, cached = load_factbase(Path({str(NOTES)!r}), 'blank')\n"
            "res = check_essay('Khrushcev gave the Secret Speech in 1965 to the 22nd Party Congress.', fb, None,"
            " Config(model='blank'))\n"
            "print(cached, sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'sklearn', 'spellchecker'}),"
            " len(res.findings))\n")
    root = str(Path(__file__).resolve().parent.parent)
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.split()[0] == "False"
    cached, rest = second.stdout.split(" ", 1)
    assert cached == "True"
    assert rest.startswith("[]"), rest
    assert rest.split()[-1] == first.stdout.split()[-1] != "0"  # same findings from the cache


def test_english_word_table_agrees_with_pyspellchecker(tmp_path, monkeypatch):
    from spellchecker import SpellChecker

    from essay_checker.nlp import english

    monkeypatch.setenv("ESSAY_CHECKER_CACHE", str(tmp_path / "cache"))
    english._table.cache_clear()
    english.word_frequency.cache_clear()
    english.is_known.cache_clear()
    try:
        sc = SpellChecker(distance=1)
        words = ["the", "The", "executed", "speech", "denounced", "zzzzqx", "nan", "infinity", "a", "i", "x",
                 "party", "congress", "thaw", "reforms", "Aardvark", "zebra", "ordained", "clumsily", "repressing"]
        for w in words:
            assert english.word_frequency(w) == sc.word_usage_frequency(w.lower()), w
            assert english.is_known(w) == bool(sc.known([w])), w
        assert list((tmp_path / "cache").glob("english-*.pickle"))  # kept for the next run
        english._table.cache_clear()
        english.word_frequency.cache_clear()
        assert english.word_frequency("speech") == sc.word_usage_frequency("speech")  # read back from the cache
    finally:
        english._table.cache_clear()
        english.word_frequency.cache_clear()
        english.is_known.cache_clear()
