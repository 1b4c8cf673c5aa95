"""Config files: finding the nearest one and reading it into checked settings.

Looked for in each folder from the essay's up to the repository root (a folder holding ``.git``) or the
filesystem root, first match wins:

- ``essay-checker.toml`` or ``.essay-checker.toml`` (settings at the top level),
- ``pyproject.toml`` with a ``[tool.essay-checker]`` table,
- ``setup.cfg`` with an ``[essay_checker]`` section (lists separated by commas or new lines, severities
  written ``check-id = level`` one a line).

Every problem is a :class:`ConfigError` whose message is one line naming the file, the line and the key.
"""
from __future__ import annotations

import configparser
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .config import FAIL_ON, SEVERITIES, Config

TOML_NAMES = ("essay-checker.toml", ".essay-checker.toml")
PYPROJECT = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "essay-checker")
SETUP_CFG = "setup.cfg"
SETUP_CFG_SECTION = "essay_checker"

KEYS = ("notes", "rubric", "fail-on", "model", "disable", "accepted-terms", "severity")

_PYPROJECT_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*[\"']?essay-checker\b", re.M)
_SETUP_CFG_HEADER = re.compile(rf"^\s*\[{SETUP_CFG_SECTION}\]", re.M)


class ConfigError(Exception):
    """A config file the tool cannot use; the message is one line."""


@dataclass(frozen=True)
class FileConfig:
    """The settings one config file gives; None or empty where it says nothing."""

    path: Path
    notes: Path | None = None
    rubric: Path | None = None
    fail_on: str | None = None
    model: str | None = None
    disable: tuple[str, ...] = ()
    accepted_terms: tuple[str, ...] = ()
    severity: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)  # key -> line it was set on

    def where(self, key: str) -> str:
        """``file:line`` of a setting, for messages about it."""
        return f"{self.path}:{self.lines.get(key, 1)}"


def find_config(start: Path) -> Path | None:
    """The nearest config file for something in the folder ``start``, or None."""
    folder = start.resolve()
    for d in (folder, *folder.parents):
        for name in TOML_NAMES:
            if (d / name).is_file():
                return d / name
        for name, header in ((PYPROJECT, _PYPROJECT_HEADER), (SETUP_CFG, _SETUP_CFG_HEADER)):
            if _has(d / name, header):
                return d / name
        if (d / ".git").exists():
            return None
    return None


def _has(path: Path, header: re.Pattern) -> bool:
    try:
        return path.is_file() and bool(header.search(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False


def load_config(path: Path) -> FileConfig:
    """Read and check one config file (its kind is told by its name)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file ({getattr(exc, 'strerror', None) or exc})") from None
    if path.suffix in (".cfg", ".ini"):
        raw, lines = _read_ini(path, text)
    else:
        table = PYPROJECT_TABLE if path.name == PYPROJECT else ()
        raw, lines = _read_toml(path, text, table)
    return _validate(path, raw, lines)


# --- TOML ---------------------------------------------------------------------------------------------

_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_HEADER = re.compile(r"^\s*\[(?!\[)\s*(.+?)\s*\]\s*(?:#.*)?$")
_TOML_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")


def _read_toml(path: Path, text: str, table: tuple[str, ...]) -> tuple[dict, dict]:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        pos = _TOML_POS.search(msg)
        line = int(pos.group(1)) if pos else 1
        key = _TOML_KEY.match(text.splitlines()[line - 1] if line <= len(text.splitlines()) else "")
        name = next((g for g in key.groups() if g is not None), None) if key else None
        raise ConfigError(f"{path}:{line}: {name + ': ' if name else ''}not valid TOML: "
                          f"{_TOML_POS.sub('', msg)}") from None
    for part in table:
        doc = doc.get(part)
        if not isinstance(doc, dict):
            raise ConfigError(f"{path}:1: no [{'.'.join(table)}] table in this file")
    return doc, _toml_lines(text, table)


def _toml_lines(text: str, table: tuple[str, ...]) -> dict:
    """Where each setting (and each ``severity.<check>``) is written, found by scanning the lines."""
    lines: dict[str, int] = {}
    current: tuple[str, ...] = ()
    for n, line in enumerate(text.splitlines(), start=1):
        head = _TOML_HEADER.match(line)
        if head:
            current = tuple(a or b or c for a, b, c in
                            re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s"\']+)', head.group(1)))
            if current[:len(table)] == table and len(current) > len(table):
                lines.setdefault(current[len(table)], n)
                lines.setdefault(_norm(current[len(table)]), n)
            continue
        key = _TOML_KEY.match(line)
        if not key:
            continue
        name = next(g for g in key.groups() if g is not None)
        if current == table:
            lines.setdefault(name, n)
            lines.setdefault(_norm(name), n)
        elif current == (*table, "severity"):
            lines.setdefault(f"severity.{name}", n)
    return lines


# --- setup.cfg ----------------------------------------------------------------------------------------

def _read_ini(path: Path, text: str) -> tuple[dict, dict]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keep the keys as written
    try:
        parser.read_string(text, str(path))
    except configparser.DuplicateOptionError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: {exc.option}: given twice") from None
    except configparser.DuplicateSectionError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: [{exc.section}]: section given twice") from None
    except configparser.ParsingError as exc:
        line = exc.errors[0][0] if exc.errors else 1
        bad = text.splitlines()[line - 1].strip() if line <= len(text.splitlines()) else ""
        raise ConfigError(f"{path}:{line}: not a 'key = value' line: {bad!r}") from None
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None) or 1
        raise ConfigError(f"{path}:{line}: not a valid setup.cfg ({str(exc).splitlines()[0]})") from None
    if not parser.has_section(SETUP_CFG_SECTION):
        raise ConfigError(f"{path}:1: no [{SETUP_CFG_SECTION}] section in this file")
    raw: dict = {}
    for key, value in parser.items(SETUP_CFG_SECTION):
        if _norm(key) in ("disable", "accepted-terms"):
            raw[key] = [v for v in re.split(r"[,\n]", value) if v.strip()]
        elif _norm(key) == "severity":
            raw[key] = dict(_ini_pair(path, text, key, v) for v in re.split(r"[,\n]", value) if v.strip())
        else:
            raw[key] = value.strip()
    return raw, _ini_lines(text)


def _ini_pair(path: Path, text: str, key: str, item: str) -> tuple[str, str]:
    pair = re.match(r"^\s*([^=:\s]+)\s*[=:]\s*(\S+)\s*$", item)
    if not pair:
        raise ConfigError(f"{path}:{_ini_lines(text).get(_norm(key), 1)}: severity: write 'check-id = level', "
                          f"not {item.strip()!r}")
    return pair.group(1), pair.group(2)


def _ini_lines(text: str) -> dict:
    lines: dict[str, int] = {}
    inside = False
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("["):
            inside = line.strip() == f"[{SETUP_CFG_SECTION}]"
            continue
        key = re.match(r"^([A-Za-z0-9_.-]+)\s*[=:]", line)
        if inside and key:
            lines.setdefault(key.group(1), n)
            lines.setdefault(_norm(key.group(1)), n)
        elif inside and line[:1].isspace() and "severity" in lines:
            item = re.match(r"^\s+([A-Za-z0-9_.-]+)\s*[=:]", line)
            if item:
                lines.setdefault(f"severity.{item.group(1)}", n)
    return lines


# --- checking -----------------------------------------------------------------------------------------

def _norm(key: str) -> str:
    return key.replace("_", "-")


def _validate(path: Path, raw: dict, lines: dict) -> FileConfig:
    from .checks import CHECK_IDS

    def err(key: str, msg: str) -> ConfigError:
        return ConfigError(f"{path}:{lines.get(key, 1)}: {key}: {msg}")

    seen: dict[str, object] = {}
    spelled: dict[str, str] = {}
    for key, value in raw.items():
        norm = _norm(key)
        if norm not in KEYS:
            raise ConfigError(f"{path}:{lines.get(key, 1)}: {key}: unknown setting (known: {', '.join(KEYS)})")
        if norm in seen:
            raise ConfigError(f"{path}:{lines.get(key, 1)}: {key}: given twice (also as {spelled[norm]})")
        seen[norm], spelled[norm] = value, key
    out: dict = {}
    for key in ("notes", "rubric", "fail-on", "model"):
        if key not in seen:
            continue
        value = seen[key]
        if not isinstance(value, str) or not value.strip():
            raise err(key, f"must be a non-empty string, not {_show(value)}")
        out[key] = value.strip()
    if "fail-on" in out and out["fail-on"] not in FAIL_ON:
        raise err("fail-on", f"must be one of {', '.join(FAIL_ON)}, not {out['fail-on']!r}")
    for key in ("disable", "accepted-terms"):
        value = seen.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise err(key, f"must be a list of strings, not {_show(value)}")
        out[key] = tuple(v.strip() for v in value)
    for prefix in out["disable"]:
        if all(Config(disabled=(prefix,)).enabled(c) for c in CHECK_IDS):
            raise err("disable", f"no check is called {prefix!r} or starts with it (checks: {', '.join(CHECK_IDS)})")
    severity = seen.get("severity", {})
    if not isinstance(severity, dict):
        raise err("severity", f"must be a table of check id = level, not {_show(severity)}")
    for check, level in severity.items():
        where = f"severity.{check}" if f"severity.{check}" in lines else "severity"
        if check not in CHECK_IDS:
            raise ConfigError(f"{path}:{lines.get(where, 1)}: severity: unknown check {check!r} "
                              f"(checks: {', '.join(CHECK_IDS)})")
        if level not in SEVERITIES:
            raise ConfigError(f"{path}:{lines.get(where, 1)}: severity: {check} must be one of "
                              f"{', '.join(SEVERITIES)}, not {level!r}")
    base = path.parent
    return FileConfig(
        path=path,
        notes=base / out["notes"] if "notes" in out else None,
        rubric=base / out["rubric"] if "rubric" in out else None,
        fail_on=out.get("fail-on"),
        model=out.get("model"),
        disable=out["disable"],
        accepted_terms=out["accepted-terms"],
        severity=dict(severity),
        lines=lines,
    )


def _show(value: object) -> str:
    kind = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)
    return f"{kind} ({value!r})" if isinstance(value, (str, int, float, bool)) else kind
