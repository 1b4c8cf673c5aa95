"""Command line: parsing and exit codes only; the work is in the core and the reports."""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from . import __version__
from .config import FAIL_ON, Config
from .configfile import ConfigError, FileConfig, find_config, load_config
from .io import (DOCUMENT_FORMATS, InputError, LoadedText, decode_bytes, max_bytes_from_env, read_document,
                 read_text)
from .models import exit_code
from .reports import FORMATS, Report, formatters, notes_context, write_report

if TYPE_CHECKING:
    from .rubric import Rubric

REPO_ROOT = Path(__file__).resolve().parent.parent


DEFAULT_NOTES = "reference_notes/destalinisation"
DEFAULT_RUBRIC = "rubrics/destalinisation.toml"


def _bundled(rel: str) -> Path:
    """A default notes folder or rubric: the checkout's top-level copy, else the one installed with the package."""
    for base in (REPO_ROOT, Path(__file__).resolve().parent / "bundled"):
        if (base / rel).exists():
            return base / rel
    return REPO_ROOT / rel


def fail(msg: str) -> NoReturn:
    click.echo(f"essay-checker: error: {msg}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="essay-checker")
def main() -> None:
    """Check history essays against the teacher's notes and a rubric."""


_model_opt = click.option("--model", default=None,
                          help="Pipeline: 'blank' (our rules, no download), 'spacy-blank' (the same rules inside "
                               "spaCy's blank English), 'auto' (trained if installed, else blank; default) "
                               "or a trained pipeline's name such as en_core_web_sm.")


def _load_fb(notes: Path, model: str, origins: dict | None = None):
    """The fact base, or :func:`fail`; ``origins`` (setting -> "file:line") says where a bad setting came from."""
    from .facts.store import load_factbase
    from .nlp.pipeline import ModelError, get_nlp, pipeline_name

    try:
        get_nlp(model)
    except ModelError as exc:
        fail(_with_origin(exc, origins, "model"))
    try:
        return load_factbase(notes, pipeline_name(model))[0]
    except InputError as exc:
        fail(_with_origin(exc, origins, "notes"))


def _with_origin(exc: Exception, origins: dict | None, key: str) -> str:
    return f"{exc} ({key} set in {origins[key]})" if origins and key in origins else str(exc)


@main.command()
@click.option("--notes", type=click.Path(path_type=Path), default=None, help="Folder of reference notes.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=None,
              help="Config file to use instead of the nearest one to the current folder.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_model_opt
@click.version_option(__version__, prog_name="essay-checker")
def facts(notes: Path | None, config_file: Path | None, fmt: str, model: str | None) -> None:
    """Show what the tool believes the notes say: timeline, entities, facts, conflicts."""
    import json

    runner = Runner(config_file, notes=notes, model=model)
    fb = runner.factbase(runner.settings_in(Path.cwd()))
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


@dataclass(frozen=True)
class Settings:
    """What an essay is checked against: flags win over ``ESSAY_CHECKER_*`` variables, which win over the
    config file, which wins over the bundled defaults."""

    notes: Path
    rubric: Path
    config: Config
    source: Path | None = None                    # the config file, if one was used
    origins: dict = field(default_factory=dict)   # setting -> "file:line" of the config file that gave it


def resolve_settings(file_config: FileConfig | None = None, notes: Path | None = None, rubric: Path | None = None,
                     fail_on: str | None = None, model: str | None = None) -> Settings:
    """Merge the command-line flags (None where not given) over the environment, a config file and the defaults."""
    fc = file_config or FileConfig(Path("."))
    env_notes, env_model = os.environ.get("ESSAY_CHECKER_NOTES"), os.environ.get("ESSAY_CHECKER_MODEL")
    given = {"notes": notes or env_notes, "rubric": rubric, "fail-on": fail_on, "model": model or env_model}
    origins = {key: fc.where(key) for key, value in given.items() if not value and key in fc.lines}
    cfg = Config(model=model or env_model or fc.model or "auto", fail_on=fail_on or fc.fail_on or "error",
                 disabled=fc.disable, accepted_terms=fc.accepted_terms, severity=dict(fc.severity))
    return Settings(notes=notes or (Path(env_notes) if env_notes else None) or fc.notes or _bundled(DEFAULT_NOTES),
                    rubric=rubric or fc.rubric or _bundled(DEFAULT_RUBRIC), config=cfg,
                    source=file_config.path if file_config else None, origins=origins)


class Runner:
    """Checks essays for one command: settings per config file, each rubric and fact base loaded once.

    ``config_file`` names one config file for every essay; without it each essay uses the nearest one
    (:func:`essay_checker.configfile.find_config`).  Any problem ends the run with :func:`fail`.
    """

    def __init__(self, config_file: Path | None = None, **flags) -> None:
        self.config_file = config_file
        self.flags = flags
        self._settings: dict = {}
        self._rubrics: dict = {}
        self._factbases: dict = {}

    def settings_for(self, essay: str) -> Settings:
        """The settings for one essay ('-': standard input, found from the current folder)."""
        return self.settings_in(Path.cwd() if essay == "-" else Path(essay).parent)

    def settings_in(self, folder: Path) -> Settings:
        """The settings of the config file nearest to ``folder`` (or the one named for the run)."""
        path = self.config_file or find_config(folder)
        if path not in self._settings:
            try:
                self._settings[path] = resolve_settings(load_config(path) if path else None, **self.flags)
            except ConfigError as exc:
                fail(str(exc))
        return self._settings[path]

    def rubric(self, s: Settings) -> Rubric:
        if s.rubric not in self._rubrics:
            from .rubric import RubricError, parse_rubric

            try:
                self._rubrics[s.rubric] = parse_rubric(read_text(s.rubric).text, str(s.rubric))
            except (InputError, RubricError) as exc:
                fail(_with_origin(exc, s.origins, "rubric"))
        return self._rubrics[s.rubric]

    def factbase(self, s: Settings):
        key = (s.notes, s.config.model)
        if key not in self._factbases:
            self._factbases[key] = _load_fb(s.notes, s.config.model, s.origins)
        return self._factbases[key]

    def reference(self, s: Settings) -> dict:
        """What a report says it checked against (the JSON report's ``reference``)."""
        from .nlp.pipeline import pipeline_name

        return {"notes": str(s.notes), "notes_sha256": self.factbase(s).sha256, "rubric": str(s.rubric),
                "pipeline": pipeline_name(s.config.model), "version": __version__}

    def check(self, name: str, loaded: LoadedText) -> tuple[Report, Settings]:
        """Check one essay's text; ``name`` is its path as given ('-' for standard input)."""
        from .core import check_essay

        s = self.settings_for(name)
        rub, fb = self.rubric(s), self.factbase(s)
        res = check_essay(loaded.text, fb, rub, s.config)
        return Report(name, res, self.reference(s), hashlib.sha256(loaded.text.encode()).hexdigest(),
                      loaded.encoding, **notes_context(fb)), s


def read_essay(name: str) -> LoadedText:
    """An essay's text from a file ('-' for standard input); a bad one ends the run with :func:`fail`.

    Documents (.docx, .odt, .pdf) go through :func:`read_document`; text is read here so that a blank file
    is called empty whatever its bytes.
    """
    try:
        if name == "-":
            loaded = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
        elif Path(name).suffix.lower() in DOCUMENT_FORMATS:
            loaded = read_document(Path(name))
        else:
            loaded = read_text(Path(name), max_bytes_from_env())
    except InputError as exc:
        fail(str(exc))
    if not loaded.text.strip():
        fail(f"{name}: the essay is empty (no text, only blank space)")
    return loaded


@main.command()
@click.argument("essays", nargs=-1, required=True)
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=None,
              help="Config file to use instead of the nearest essay-checker.toml, .essay-checker.toml, "
                   "pyproject.toml [tool.essay-checker] or setup.cfg [essay_checker].")
@click.option("--notes", type=click.Path(path_type=Path), default=None, help="Folder of reference notes.")
@click.option("--rubric", type=click.Path(path_type=Path), default=None, help="Rubric TOML file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", default=None, help="Write the report here instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when a finding is at least this severe (default: error).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings reach --fail-on (bad input is still 2).")
@_model_opt
@click.version_option(__version__, prog_name="essay-checker")
def check(essays, config_file, notes, rubric, fmt, output, fail_on, exit_zero, model) -> None:
    """Check ESSAY files ('-' for standard input) for factual errors and missing key points."""
    texts = [(e, read_essay(e)) for e in essays]
    runner = Runner(config_file, notes=notes, rubric=rubric, fail_on=fail_on, model=model)
    checked = [runner.check(name, loaded) for name, loaded in texts]
    reports = [r for r, _ in checked]
    color = fmt == "text" and output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    content = formatters()[fmt](reports, color=color)
    try:
        write_report(output, content)
    except OSError as exc:
        fail(f"{output}: cannot write the report ({exc.strerror or exc})")
    code = max(exit_code([r.result], s.config.fail_on) for r, s in checked)
    sys.exit(0 if exit_zero else code)


@main.command()
@click.argument("submissions", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Folder for the reports, index.html, results.csv and results.json.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=None,
              help="Config file to use instead of the nearest one to SUBMISSIONS.")
@click.option("--notes", type=click.Path(path_type=Path), default=None, help="Folder of reference notes.")
@click.option("--rubric", type=click.Path(path_type=Path), default=None, help="Rubric TOML file.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Essays checked at once (default: the number of cores).")
@click.option("--force", is_flag=True, help="Check every essay again, even those unchanged since the last run.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when an essay has a finding at least this severe (default: error).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings reach --fail-on (failed files are still 2).")
@_model_opt
@click.version_option(__version__, prog_name="essay-checker")
def batch(submissions, out, config_file, notes, rubric, jobs, force, fail_on, exit_zero, model) -> None:
    """Check every essay under SUBMISSIONS (.txt .md .docx .odt .pdf) and write the class's reports to --out."""
    from .batch import batch_exit_code, run_batch
    from .nlp.pipeline import get_nlp

    if not submissions.is_dir():
        fail(f"{submissions}: {'is a file, not a folder' if submissions.exists() else 'no such folder'}")
    runner = Runner(config_file, notes=notes, rubric=rubric, fail_on=fail_on, model=model)
    s = runner.settings_in(submissions)
    rub, fb = runner.rubric(s), runner.factbase(s)
    get_nlp(s.config.model)  # loaded once here, shared with the workers
    reference = runner.reference(s)
    try:
        result = run_batch(submissions, out, fb, rub, s.config, reference, jobs=jobs, force=force)
    except OSError as exc:
        fail(f"{out}: cannot write the reports ({exc.strerror or exc})")
    n = len(result.rows)
    ok = n - result.failed
    parts = [f"{n} submission{'s' if n != 1 else ''}: {ok} checked"]
    if result.skipped:
        parts.append(f"{result.skipped} unchanged since the last run")
    if result.failed:
        parts.append(f"{result.failed} failed")
    click.echo(f"essay-checker: {', '.join(parts)} in {result.seconds:.1f} s; open {out / 'index.html'}", err=True)
    for r in result.rows:
        if r["status"] == "failed":
            click.echo(f"{r['file']}: failed: {r['reason']}", err=True)
    code = batch_exit_code(result, s.config.fail_on)
    sys.exit(0 if exit_zero and code == 1 else code)


@main.command("cache-clear")
def cache_clear() -> None:
    """Delete the cached fact bases."""
    from .facts.store import clear_cache

    click.echo(f"removed {clear_cache()} cached fact base(s)")


if __name__ == "__main__":  # pragma: no cover
    main()
