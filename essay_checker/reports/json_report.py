"""The JSON report (schema_version 1): one object per essay, a list for several."""
from __future__ import annotations

import json


def to_dict(r) -> dict:
    res = r.result
    return {
        "schema_version": 1,
        "essay": {"path": r.path, "words": res.words, "sha256": r.sha256, "encoding": r.encoding},
        "reference": r.reference,
        "findings": [f.to_dict(res.text) for f in res.findings],
        "key_points": [k.to_dict() for k in res.key_points],
        "summary": res.summary(),
    }


def render(reports, color: bool = False) -> str:
    data = [to_dict(r) for r in reports]
    return json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False) + "\n"
