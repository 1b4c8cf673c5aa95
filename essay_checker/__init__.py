"""essay-checker: check a history essay against the teacher's notes and a rubric.

The pure core is :func:`check_essay`; reading files lives in :mod:`essay_checker.io`
and :mod:`essay_checker.facts.store`, and only the CLI and the reports write output.
"""
__version__ = "0.1.0"

__all__ = ["__version__", "check_essay"]


def __getattr__(name):  # lazy, so that `essay-checker --version` stays fast
    if name == "check_essay":
        from .core import check_essay

        return check_essay
    raise AttributeError(name)
