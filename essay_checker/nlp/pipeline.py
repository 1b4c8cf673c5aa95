"""The spaCy pipeline: blank English plus our rule components, or a trained pipeline.

The default needs no model download.  ``get_nlp("auto")`` uses a trained
English pipeline when one is installed (``en_core_web_sm``, or a re-upload of
it that registers under another package name) and falls back to blank English.
"""
from __future__ import annotations

import importlib.util
import json
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .dates import find_dates
from .numbers import find_numbers
from .segment import sentence_spans

DEFAULT_TRAINED = "en_core_web_sm"

if not Doc.has_extension("dates"):
    Doc.set_extension("dates", default=None)
if not Doc.has_extension("numbers"):
    Doc.set_extension("numbers", default=None)


class ModelError(Exception):
    """The requested pipeline cannot be loaded."""


@Language.component("essay_sentences", assigns=["token.is_sent_start"])
def essay_sentences(doc: Doc) -> Doc:
    """Sentence starts from our bullet- and heading-aware segmenter."""
    starts = {a for a, _ in sentence_spans(doc.text)}
    for tok in doc:
        if tok.i == 0:
            tok.is_sent_start = True
        elif doc.has_annotation("DEP"):
            continue
        else:
            tok.is_sent_start = tok.idx in starts
    return doc


@Language.component("essay_quantities", assigns=["doc._.dates", "doc._.numbers"])
def essay_quantities(doc: Doc) -> Doc:
    """Dates (as intervals) and quantities (with what they count) found in the text."""
    dates = find_dates(doc.text)
    doc._.dates = dates
    doc._.numbers = find_numbers(doc.text, [(d.start, d.end) for d in dates])
    return doc


def resolve_model(name: str) -> str | None:
    """The importable package for a pipeline name, or None if it is not installed.

    ``en_core_web_sm`` is also found when installed as a re-upload whose
    package name differs but whose meta says it is ``en`` / ``core_web_sm``.
    """
    if importlib.util.find_spec(name) is not None:
        return name
    try:
        from importlib.metadata import distributions
    except ImportError:  # pragma: no cover
        return None
    lang, _, rest = name.partition("_")
    for dist in distributions():
        pkg = (dist.metadata["Name"] or "").replace("-", "_").lower()
        if not pkg.startswith(name.lower()):
            continue
        spec = importlib.util.find_spec(pkg)
        if spec is None or not spec.submodule_search_locations:
            continue
        for loc in spec.submodule_search_locations:
            try:
                with open(f"{loc}/meta.json", encoding="utf-8") as fh:
                    meta = json.load(fh)
            except OSError:
                continue
            if meta.get("lang") == lang and meta.get("name", "").startswith(rest):
                return pkg
    return None


@lru_cache(maxsize=4)
def get_nlp(model: str = "blank") -> Language:
    """Load a pipeline once per process: 'blank', 'auto' or a trained pipeline's name."""
    import spacy

    if model == "auto":
        model = DEFAULT_TRAINED if resolve_model(DEFAULT_TRAINED) else "blank"
    if model == "blank":
        nlp = spacy.blank("en")
        nlp.add_pipe("essay_sentences")
    else:
        pkg = resolve_model(model)
        if pkg is None:
            raise ModelError(f"spaCy pipeline {model!r} is not installed (use --model blank, or pip install it)")
        try:
            nlp = spacy.load(pkg, exclude=["lemmatizer"])
        except Exception as exc:  # noqa: BLE001 - any load failure is the user's model problem
            raise ModelError(f"spaCy pipeline {model!r} could not be loaded: {exc}") from None
    nlp.add_pipe("essay_quantities", last=True)
    return nlp


def pipeline_name(model: str) -> str:
    """The name recorded in reports for the pipeline ``model`` resolves to."""
    if model == "auto":
        return DEFAULT_TRAINED if resolve_model(DEFAULT_TRAINED) else "blank"
    return model
