"""Command line: parsing and exit codes only; the work is in the core and the reports."""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .io import InputError, decode_bytes, read_text

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_notes() -> Path:
    env = os.environ.get("ESSAY_CHECKER_NOTES")
    if env:
        return Path(env)
    for base in (REPO_ROOT, Path(__file__).resolve().parent / "bundled"):
        if (base / "reference_notes" / "destalinisation").is_dir():
            return base / "reference_notes" / "destalinisation"
    return REPO_ROOT / "reference_notes" / "destalinisation"


def _default_rubric() -> Path:
    for base in (REPO_ROOT, Path(__file__).resolve().parent / "bundled"):
        if (base / "rubrics" / "destalinisation.toml").is_file():
            return base / "rubrics" / "destalinisation.toml"
    return REPO_ROOT / "rubrics" / "destalinisation.toml"


def fail(msg: str) -> NoReturn:
    click.echo(f"essay-checker: error: {msg}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="essay-checker")
def main() -> None:
    """Check history essays against the teacher's notes and a rubric."""


_model_opt = click.option("--model", default=None,
                          help="spaCy pipeline: 'blank' (no download), 'auto' (trained if installed; default) "
                               "or a pipeline name such as en_core_web_sm.")


def _load_fb(notes: Path, model: str):
    from .facts.store import load_factbase
    from .nlp.pipeline import ModelError, get_nlp, pipeline_name

    try:
        get_nlp(model)
        fb, _ = load_factbase(notes, pipeline_name(model))
    except (InputError, ModelError) as exc:
        fail(str(exc))
    return fb


@main.command()
@click.option("--notes", type=click.Path(path_type=Path), default=None, help="Folder of reference notes.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_model_opt
@click.version_option(__version__, prog_name="essay-checker")
def facts(notes: Path | None, fmt: str, model: str | None) -> None:
    """Show what the tool believes the notes say: timeline, entities, facts, conflicts."""
    import json

    fb = _load_fb(notes or _default_notes(), model or os.environ.get("ESSAY_CHECKER_MODEL", "auto"))
    data = fb.to_dict()
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    out = [f"Notes: {data['notes']} ({len(data['files'])} files, {len(data['facts'])} facts)"]
    if data["period"]:
        out.append(f"Period: {data['period']['start'][:4]}-{data['period']['end'][:4]}")
    out.append("\nTimeline:")
    for row in data["timeline"]:
        out.append(f"  {row['date']:<22} {row['text'][:90]}  [{row['source']['file']}:{row['source']['line']}]")
    out.append("\nEntities:")
    for e in data["entities"]:
        alias = f" (also: {', '.join(e['aliases'])})" if e["aliases"] else ""
        out.append(f"  {e['name']} [{e['kind']}]{alias}")
    out.append("\nFacts:")
    for f in data["facts"]:
        out.append(f"  {f['source']['file']}:{f['source']['line']}: {f['text']}")
    out.append("\nConflicts between notes:")
    for c in data["conflicts"] or []:
        out.append(f"  {c['a']['file']}:{c['a']['line']} says {c['a']['date']}; "
                   f"{c['b']['file']}:{c['b']['line']} says {c['b']['date']} ({', '.join(c['about'])})")
    if not data["conflicts"]:
        out.append("  none found")
    click.echo("\n".join(out))


@main.command()
@click.argument("essays", nargs=-1, required=True)
@click.option("--notes", type=click.Path(path_type=Path), default=None, help="Folder of reference notes.")
@click.option("--rubric", type=click.Path(path_type=Path), default=None, help="Rubric TOML file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("--output", "-o", default=None, help="Write the report here instead of standard output.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Exit 1 when a finding is at least this severe.")
@_model_opt
@click.version_option(__version__, prog_name="essay-checker")
def check(essays, notes, rubric, fmt, output, fail_on, model) -> None:
    """Check ESSAY files ('-' for standard input) for factual errors and missing key points."""
    from .config import Config
    from .core import check_essay
    from .models import exit_code
    from .reports import Report, formatters, write_report
    from .rubric import RubricError, parse_rubric

    model = model or os.environ.get("ESSAY_CHECKER_MODEL", "auto")
    notes = notes or _default_notes()
    rubric_path = rubric or _default_rubric()
    try:
        rub = parse_rubric(read_text(rubric_path).text, str(rubric_path))
    except (InputError, RubricError) as exc:
        fail(str(exc))
    texts = []
    for e in essays:
        try:
            if e == "-":
                loaded = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
            else:
                loaded = read_text(Path(e))
        except InputError as exc:
            fail(str(exc))
        if not loaded.text.strip():
            fail(f"{e}: the essay is empty")
        texts.append((e, loaded))
    fb = _load_fb(notes, model)
    from .nlp.pipeline import pipeline_name

    cfg = Config(model=model, fail_on=fail_on)
    reference = {"notes": str(notes), "notes_sha256": fb.sha256, "rubric": str(rubric_path),
                 "pipeline": pipeline_name(model), "version": __version__}
    reports = []
    for name, loaded in texts:
        res = check_essay(loaded.text, fb, rub, cfg)
        reports.append(Report(name, res, reference, hashlib.sha256(loaded.text.encode()).hexdigest(),
                              loaded.encoding))
    color = fmt == "text" and output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    content = formatters()[fmt](reports, color=color)
    try:
        write_report(output, content)
    except OSError as exc:
        fail(f"{output}: cannot write the report ({exc.strerror or exc})")
    sys.exit(exit_code([r.result for r in reports], fail_on))


@main.command("cache-clear")
def cache_clear() -> None:
    """Delete the cached fact bases."""
    from .facts.store import clear_cache

    click.echo(f"removed {clear_cache()} cached fact base(s)")


if __name__ == "__main__":  # pragma: no cover
    main()
