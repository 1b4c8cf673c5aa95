"""Every check has should-flag and should-pass examples (tests/examples/<check-id>.toml)."""
import tomllib
from pathlib import Path

import pytest

from essay_checker.checks import CHECK_IDS
from essay_checker.core import check_essay

EXAMPLES = Path(__file__).parent / "examples"


def _cases():
    for cid in CHECK_IDS:
        path = EXAMPLES / f"{cid}.toml"
        if not path.exists():
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data.get("flag", [])):
            yield pytest.param(cid, "flag", case, id=f"{cid}-flag-{i}")
        for i, case in enumerate(data.get("pass", [])):
            yield pytest.param(cid, "pass", case, id=f"{cid}-pass-{i}")


def test_every_check_has_examples():
    for cid in CHECK_IDS:
        path = EXAMPLES / f"{cid}.toml"
        assert path.exists(), f"{cid} has no examples file"
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data.get("flag"), f"{cid} has no should-flag example"
        assert data.get("pass"), f"{cid} has no should-pass example"


def test_every_check_module_documents_a_bad_and_a_good_sentence():
    import essay_checker.checks as checks

    for mod in (checks.dates_conflict, checks.dates_period, checks.numbers_conflict, checks.people,
                checks.spelling, checks.unsupported):
        assert "Anti-pattern:" in mod.__doc__ and "Best practice:" in mod.__doc__


@pytest.mark.parametrize("cid,kind,case", list(_cases()))
def test_example(cid, kind, case, fb, blank_cfg):
    res = check_essay(case["text"], fb, None, blank_cfg)
    mine = [f for f in res.findings if f.check == cid]
    if kind == "flag":
        assert mine, f"{cid} did not flag: {case['text']}"
        hits = [f for f in mine if case["span"] in case["text"][f.start:f.end]]
        assert hits, [(f.check, case["text"][f.start:f.end]) for f in mine]
        f = hits[0]
        if "suggestion" in case:
            assert f.suggestion == case["suggestion"]
        if f.severity.label in ("error", "warning"):
            assert f.evidence, "an error or warning must quote the notes"
    else:
        flagged = [f for f in res.findings if f.severity.label in ("error", "warning")]
        assert not [f for f in mine if f.severity.label != "info"] and not flagged, \
            [(f.check, f.message) for f in flagged]


def test_a_name_or_date_missing_from_the_notes_is_pointed_out_once(fb, blank_cfg):
    text = ("Khrushchev met Eisenhower at Camp David. Later eisenhower wrote about it.\n\n"
            "Related Essays\n\nIn 1960 the visit ended. Eisenhower went home in 1960.\n")
    res = check_essay(text, fb, None, blank_cfg)
    infos = [text[f.start:f.end] for f in res.findings if f.check == "support.not-in-notes"]
    assert infos.count("Eisenhower") == 1 and "eisenhower" not in infos
    assert text.index("Eisenhower") == next(f.start for f in res.findings if text[f.start:f.end] == "Eisenhower")
    assert "Related Essays" not in infos and "Essays" not in infos  # a plural of an ordinary word is no name


SMALL = Path(__file__).parent / "cases" / "small-notes"


@pytest.mark.parametrize("case", ["wrong-details", "clean-answer"])
def test_short_notes_flag_what_they_contradict_and_nothing_else(case, blank_cfg):
    """A one-page sheet of notes gives every word a low idf; the thresholds must still find its
    contradictions (and its title's year range must not bear out a wrong year), and flag nothing else."""
    import json

    from essay_checker.facts.store import load_factbase

    fb = load_factbase(SMALL / "notes", "blank", use_cache=False)[0]
    assert len(fb.facts) < 15
    text = (SMALL / case / "essay.txt").read_text(encoding="utf-8")
    labels = json.loads((SMALL / case / "labels.json").read_text(encoding="utf-8"))
    res = check_essay(text, fb, None, blank_cfg)
    flagged = [(f.start, f.end) for f in res.findings if f.severity.label in ("error", "warning")]
    planted = [(text.index(e["text"]), text.index(e["text"]) + len(e["text"])) for e in labels["errors"]]
    overlap = lambda a, b: a[0] < b[1] and b[0] < a[1]  # noqa: E731
    assert all(any(overlap(f, p) for f in flagged) for p in planted), (flagged, planted)
    assert all(any(overlap(f, p) for p in planted) for f in flagged), [text[s:e] for s, e in flagged]


def test_a_day_the_notes_give_is_not_a_date_conflict(other_fb, blank_cfg):
    """The essay dates a day the notes also give; the words around it resemble another dated note more."""
    text = ("In October 1962 Kennedy set up ExComm. A deal was agreed in secret about the missiles, "
            "and on 28 October the Soviet leaders backed down.\n")
    res = check_essay(text, other_fb, None, blank_cfg)
    assert not [f for f in res.findings if f.check == "dates.conflict"]


def test_a_lone_english_word_opening_a_line_is_not_taken_for_a_name(fb, blank_cfg):
    text = "Preview\n\nGrammar\n\nKhrushchev met Eisenhower at Camp David in 1959.\n"
    res = check_essay(text, fb, None, blank_cfg)
    infos = [text[f.start:f.end] for f in res.findings if f.check == "support.not-in-notes"]
    assert "Preview" not in infos and "Grammar" not in infos and "Eisenhower" in infos
