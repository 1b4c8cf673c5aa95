"""Reading essays and notes from disk: the only place that decodes files.

Text files are decoded as UTF-8 (with or without BOM), UTF-16 with a BOM, or
Windows-1252 (how Word on Windows saves "plain text"); which one was assumed is
reported.  Newlines are universal (CRLF and CR become LF) so that every span
the tool reports is an offset into the same text score.py and a reader see.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES_DEFAULT = 5 * 1024 * 1024


class InputError(Exception):
    """An input the tool cannot use; the message is one line for the user."""


@dataclass(frozen=True)
class LoadedText:
    text: str
    encoding: str


def decode_bytes(data: bytes, name: str = "<input>") -> LoadedText:
    """Decode bytes from a text file, guessing among the encodings teachers meet."""
    if data.startswith(codecs.BOM_UTF8):
        return LoadedText(_newlines(data[3:].decode("utf-8", errors="replace")), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return LoadedText(_newlines(data.decode("utf-16")), "utf-16")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return LoadedText(_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 and no other encoding fits ({exc.reason})") from None
    return LoadedText(_newlines(text), "cp1252")


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, max_bytes: int = MAX_BYTES_DEFAULT) -> LoadedText:
    """Read a text file with a clear one-line error for every way it can fail."""
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a folder, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: file is {size // 1024} KiB, larger than the limit of {max_bytes // 1024} KiB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode_bytes(data, str(path))
