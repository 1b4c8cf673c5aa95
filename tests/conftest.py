from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser_support import axe_source, browser  # noqa: F401 - shared session fixtures (one browser per run)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
NOTES = ROOT / "reference_notes" / "destalinisation"
RUBRIC = ROOT / "rubrics" / "destalinisation.toml"
OTHER = Path(__file__).resolve().parent / "cases" / "other-topic"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    os.environ["ESSAY_CHECKER_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield


@pytest.fixture(scope="session")
def fb():
    from essay_checker.facts.store import load_factbase

    return load_factbase(NOTES, "blank", use_cache=False)[0]


@pytest.fixture(scope="session")
def other_fb():
    from essay_checker.facts.store import load_factbase

    return load_factbase(OTHER / "notes", "blank", use_cache=False)[0]


@pytest.fixture(scope="session")
def rubric():
    from essay_checker.rubric import parse_rubric

    return parse_rubric(RUBRIC.read_text(encoding="utf-8"), str(RUBRIC))


@pytest.fixture(scope="session")
def blank_cfg():
    from essay_checker.config import Config

    return Config(model="blank")
