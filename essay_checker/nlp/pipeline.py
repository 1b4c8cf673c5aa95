"""The pipeline an essay goes through: our rule components, alone, inside spaCy's blank English, or after a
trained spaCy pipeline.

Our two rule components are ``essay_sentences`` (sentence starts from the bullet- and heading-aware
segmenter) and ``essay_quantities`` (dates as intervals, quantities with what they count). They are
registered as spaCy components, and there are three ways to run them:

- ``get_nlp("blank")`` (the default when no trained pipeline is installed; no model download) runs them as a
  small pipeline of their own. spaCy's blank English would add only a tokenizer whose tokens nothing reads,
  and importing spaCy and building it costs about 1.5 s here, more than a whole check; so it is left out.
- ``get_nlp("spacy-blank")`` runs the same components inside ``spacy.blank("en")``. The findings are
  identical to ``blank`` (a test checks this on every labelled case); it is there for embedding the components
  in other spaCy code and to show that nothing is lost by skipping spaCy's tokenizer.
- ``get_nlp("auto")`` uses a trained English pipeline when one is installed (``en_core_web_sm``, or a
  re-upload of it that registers under another package name) and falls back to ``blank``; a trained pipeline
  is spaCy with ``essay_quantities`` added last, and its parse gives subjects and agents.

spaCy is imported only when it is used.
"""
from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from types import SimpleNamespace

from .dates import find_dates
from .numbers import find_numbers

DEFAULT_TRAINED = "en_core_web_sm"


class ModelError(Exception):
    """The requested pipeline cannot be loaded."""


def quantities(text: str) -> tuple[list, list]:
    """Dates (as intervals) and quantities (with what they count) found in ``text``."""
    dates = find_dates(text)
    return dates, find_numbers(text, [(d.start, d.end) for d in dates])


class RuleDoc:
    """What the rule pipeline knows of a text: its sentences, dates and numbers (no parse)."""

    def __init__(self, text: str) -> None:
        self.text = text
        dates, numbers = quantities(text)
        self._ = SimpleNamespace(dates=dates, numbers=numbers)

    def has_annotation(self, attr: str) -> bool:  # noqa: ARG002
        """Like spaCy's ``Doc.has_annotation``: rules give no parse, tags or entities."""
        return False


class RulePipeline:
    """Blank English: our ``essay_sentences`` and ``essay_quantities`` rules, without a statistical model."""

    pipe_names = ["essay_sentences", "essay_quantities"]
    meta = {"lang": "en", "name": "blank"}

    def __call__(self, text: str) -> RuleDoc:
        return RuleDoc(text)

    def pipe(self, texts):
        for t in texts:
            yield RuleDoc(t)


SPACY_BLANK = "spacy-blank"


@lru_cache(maxsize=1)
def _spacy_components() -> None:
    """Register ``essay_sentences`` and ``essay_quantities`` with spaCy (imported here, only when used)."""
    from spacy.language import Language
    from spacy.tokens import Doc

    from .segment import sentence_spans

    for ext in ("dates", "numbers"):
        if not Doc.has_extension(ext):
            Doc.set_extension(ext, default=None)

    def essay_quantities(doc: Doc) -> Doc:
        doc._.dates, doc._.numbers = quantities(doc.text)
        return doc

    def essay_sentences(doc: Doc) -> Doc:
        text = doc.text
        starts = []
        for a, _ in sentence_spans(text):
            line = text.rfind("\n", 0, a) + 1
            # a bullet or list number before the sentence belongs to it
            starts.append(line if not text[line:a].strip(" \t-*\u2022\u00b7.)0123456789") else a)
        k = 0
        for tok in doc:
            first = k < len(starts) and tok.idx >= starts[k]
            while k < len(starts) and tok.idx >= starts[k]:
                k += 1
            tok.is_sent_start = tok.i == 0 or first
        return doc

    if not Language.has_factory("essay_quantities"):
        Language.component("essay_quantities", assigns=["doc._.dates", "doc._.numbers"], func=essay_quantities)
    if not Language.has_factory("essay_sentences"):
        Language.component("essay_sentences", assigns=["token.is_sent_start"], func=essay_sentences)


@lru_cache(maxsize=16)
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
def get_nlp(model: str = "blank", entities: bool = False):
    """Load a pipeline once per process: 'blank', 'auto' or a trained pipeline's name.

    Whatever it returns is called on a text and gives a doc with ``doc._.dates``,
    ``doc._.numbers`` and ``doc.has_annotation``.  Essays need only the parse, so a
    trained pipeline's entity recognizer (which has its own token vectors, so the
    parse does not depend on it) is left out unless ``entities`` is asked for, as it
    is when the notes' names are typed.
    """
    model = pipeline_name(model)
    if model == "blank":
        return RulePipeline()
    if model == SPACY_BLANK:
        import spacy

        _spacy_components()
        nlp = spacy.blank("en")
        nlp.add_pipe("essay_sentences")
        nlp.add_pipe("essay_quantities")
        return nlp
    pkg = resolve_model(model)
    if pkg is None:
        raise ModelError(f"spaCy pipeline {model!r} is not installed (use --model blank, or pip install it)")
    import spacy

    _spacy_components()
    try:
        nlp = spacy.load(pkg, exclude=["lemmatizer"] if entities else ["lemmatizer", "ner"])
    except Exception as exc:  # noqa: BLE001 - any load failure is the user's model problem
        raise ModelError(f"spaCy pipeline {model!r} could not be loaded: {exc}") from None
    nlp.add_pipe("essay_quantities", last=True)
    return nlp


def pipeline_name(model: str) -> str:
    """The name recorded in reports for the pipeline ``model`` resolves to."""
    if model == "auto":
        return DEFAULT_TRAINED if resolve_model(DEFAULT_TRAINED) else "blank"
    return model
