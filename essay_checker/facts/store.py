"""Load a notes folder into a fact base, with an on-disk cache keyed by content.

The cache key is a hash of the tool version, the pipeline and every notes
file's name and bytes, so an edited note can never be served from a stale
cache.  A corrupt or half-written cache file is rebuilt (and said so).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from .. import __version__
from ..io import InputError, read_text
from .factbase import FactBase, _notes_digest, build_factbase
from .notes import note_files

CACHE_FORMAT = "9"


def cache_dir() -> Path:
    env = os.environ.get("ESSAY_CHECKER_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "essay-checker"


def clear_cache() -> int:
    """Delete every cached fact base (and the cached English word table); returns how many files went."""
    n = 0
    d = cache_dir()
    if d.is_dir():
        for p in [*d.glob("factbase-*.pickle"), *d.glob("english-*.pickle")]:
            p.unlink(missing_ok=True)
            n += 1
    return n


def load_factbase(folder: Path, pipeline: str = "blank", use_cache: bool = True,
                  log=lambda msg: print(msg, file=sys.stderr)) -> tuple[FactBase, bool]:
    """The fact base for a notes folder; the flag says whether it came from the cache."""
    if not folder.exists():
        raise InputError(f"{folder}: notes folder not found")
    if folder.is_file():
        paths = [folder]
        root = folder.parent
    else:
        paths = note_files(folder)
        root = folder
    if not paths:
        raise InputError(f"{folder}: no notes files (.md, .txt) in this folder")
    raw: list[tuple[str, bytes]] = []
    for p in paths:
        try:
            raw.append((p.relative_to(root).as_posix(), p.read_bytes()))
        except OSError as exc:
            raise InputError(f"{p}: cannot read notes file ({exc.strerror or exc})") from None
    # the cache key changes with the tool and the pipeline; the notes' own hash (reported) only with the notes
    key = _notes_digest(raw, f"{__version__}|{CACHE_FORMAT}|{pipeline}")
    notes_sha256 = _notes_digest(raw, "")
    cache_file = cache_dir() / f"factbase-{key[:32]}.pickle"
    if use_cache and cache_file.exists():
        try:
            with cache_file.open("rb") as fh:
                stored_key, fb = pickle.load(fh)
            if isinstance(fb, FactBase) and stored_key == key and fb.sha256 == notes_sha256:
                fb.notes = str(folder)
                return fb, True
            raise ValueError("cache entry does not match")
        except Exception as exc:  # noqa: BLE001 - any damage to the cache means: rebuild
            log(f"essay-checker: cached fact base {cache_file.name} is unreadable ({type(exc).__name__}); rebuilding")
    texts = []
    for p, (name, _) in zip(paths, raw):
        texts.append((name, read_text(p).text))
    ner = _ner(texts, pipeline)
    fb = build_factbase(str(folder), texts, notes_sha256, ner)
    if not any(f.dates for f in fb.facts):
        log(f"essay-checker: warning: the notes in {folder} contain no dates; date checks will find nothing")
    if use_cache:
        _write_atomic(cache_file, key, fb)
    return fb, False


def _ner(texts, pipeline: str):
    """Entity labels from a trained pipeline, used to type the notes' names (None for blank)."""
    if pipeline in ("blank", "spacy-blank"):
        return None
    from ..nlp.pipeline import get_nlp
    from ..nlp.segment import sentence_spans

    nlp = get_nlp(pipeline, entities=True)
    sents = []
    for _, text in texts:
        sents.extend(text[a:b] for a, b in sentence_spans(text))
    return [[(e.text, e.label_) for e in doc.ents] for doc in nlp.pipe(sents)]


def _write_atomic(path: Path, key: str, fb: FactBase) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, fb), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache we cannot write is only slower, never wrong


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
