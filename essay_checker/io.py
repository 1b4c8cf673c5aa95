"""Reading essays and notes from disk: the only place that decodes files.

Text files are decoded as UTF-8 (with or without BOM), UTF-16 with a BOM, or
Windows-1252 (how Word on Windows saves "plain text"); which one was assumed is
reported.  Newlines are universal (CRLF and CR become LF) so that every span
the tool reports is an offset into the same text score.py and a reader see.

Essays may also be Word (.docx), OpenDocument (.odt) or PDF files:
:func:`read_document` picks the reader by extension and hands back the same
:class:`LoadedText`, with the format in ``encoding`` so a report can say what
was assumed.  The format readers themselves live in :mod:`essay_checker.readers`
and are imported only when such a file is read.

Limits, all in one place (every one of them ends in a one-line
:class:`InputError`, never a traceback):

``MAX_BYTES_DEFAULT`` (5 MiB)
    largest text file.
``MAX_DOCUMENT_BYTES_DEFAULT`` (20 MiB)
    largest .docx / .odt / .pdf file on disk (pictures make them big).
``ESSAY_CHECKER_MAX_BYTES``
    environment variable that replaces both defaults above (bytes, or with a
    K or M suffix for KiB / MiB); read only by :func:`max_bytes_from_env`.
``MAX_UNZIPPED_BYTES`` (50 MiB), ``MAX_COMPRESSION_RATIO`` (100:1 for a
member over ``RATIO_CHECK_MIN_BYTES``, 1 MiB), ``MAX_ZIP_MEMBERS`` (5000)
    zip-bomb guards for .docx / .odt, checked on the archive's directory
    before any library unpacks it.
``MAX_PDF_PAGES`` (500), ``MAX_TEXT_CHARS`` (5 Mi characters)
    caps on what a document may expand to.

The last two groups are fields of :class:`Limits`, which callers may pass to
:func:`read_document` to tighten or loosen them.
"""
from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path

KIB = 1024
MIB = 1024 * 1024

MAX_BYTES_DEFAULT = 5 * MIB
MAX_DOCUMENT_BYTES_DEFAULT = 20 * MIB
ENV_MAX_BYTES = "ESSAY_CHECKER_MAX_BYTES"

MAX_UNZIPPED_BYTES = 50 * MIB
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1 * MIB
MAX_ZIP_MEMBERS = 5000
MAX_PDF_PAGES = 500
MAX_TEXT_CHARS = 5 * MIB

# extension -> format; anything not listed is read as text
DOCUMENT_FORMATS = {".docx": "docx", ".odt": "odt", ".pdf": "pdf"}


class InputError(Exception):
    """An input the tool cannot use; the message is one line for the user."""


@dataclass(frozen=True)
class LoadedText:
    """The text of one input and how it was read.

    ``encoding`` is the text encoding assumed ("utf-8", "cp1252", ...) or, for a
    document, its format ("docx", "odt", "pdf"); ``format`` is "text" or the
    document format.
    """

    text: str
    encoding: str
    format: str = "text"


@dataclass(frozen=True)
class Limits:
    """What a document may unpack or expand to (see the module docstring)."""

    unzipped_bytes: int = MAX_UNZIPPED_BYTES
    compression_ratio: int = MAX_COMPRESSION_RATIO
    ratio_min_bytes: int = RATIO_CHECK_MIN_BYTES
    zip_members: int = MAX_ZIP_MEMBERS
    pdf_pages: int = MAX_PDF_PAGES
    text_chars: int = MAX_TEXT_CHARS


def decode_bytes(data: bytes, name: str = "<input>") -> LoadedText:
    """Decode bytes from a text file, guessing among the encodings teachers meet."""
    if data.startswith(codecs.BOM_UTF8):
        return LoadedText(_newlines(data[3:].decode("utf-8", errors="replace")), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return LoadedText(_newlines(data.decode("utf-16", errors="replace")), "utf-16")
    if b"\x00" in data[:4096]:
        kind = describe_bytes(data)
        hint = f" (it looks like {kind})" if kind else ""
        raise InputError(f"{name}: looks like a binary file, not text{hint}")
    if data.startswith(b"{\\rtf"):
        raise InputError(f"{name}: is an RTF file; save it as .docx or plain text")
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


_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG photo"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc (or other Office 97-2003) file"),
    (b"{\\rtf", "an RTF file"),
    (b"PK\x03\x04", "a zip archive"),
)


def describe_bytes(data: bytes) -> str | None:
    """What well-known kind of file ``data`` starts like, for error messages.

    >>> describe_bytes(b"\\x89PNG\\r\\n\\x1a\\n...")
    'a PNG image'
    >>> describe_bytes(b"Plain words.") is None
    True
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1"):
        return "a HEIC photo"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    return None


def size_text(n: int) -> str:
    """A byte count for people.

    >>> size_text(900), size_text(5 * 1024), size_text(20 * 1024 * 1024), size_text(1536 * 1024)
    ('900 bytes', '5 KiB', '20 MiB', '1.5 MiB')
    """
    if n < KIB:
        return f"{n} bytes"
    if n < MIB:
        return f"{n / KIB:.3g} KiB"
    return f"{n / MIB:.3g} MiB"


def parse_size(raw: str) -> int | None:
    """Bytes from "5000000", "512K" or "5M" (K = KiB, M = MiB); None if it is not one.

    >>> parse_size("5M"), parse_size("512 KiB"), parse_size("1000"), parse_size("lots")
    (5242880, 524288, 1000, None)
    """
    m = re.fullmatch(r"\s*(\d+)\s*(?:([kKmM])(?:i?[bB])?)?\s*", raw)
    if not m:
        return None
    unit = {"k": KIB, "m": MIB}.get((m.group(2) or "").lower(), 1)
    return int(m.group(1)) * unit


def max_bytes_from_env(default: int = MAX_BYTES_DEFAULT) -> int:
    """The file-size limit: ``$ESSAY_CHECKER_MAX_BYTES`` when set, else ``default``.

    The variable holds bytes, optionally with a K (KiB) or M (MiB) suffix; it
    replaces the default for text and document files alike.  A value that is
    not a positive size is a one-line :class:`InputError`.
    """
    raw = os.environ.get(ENV_MAX_BYTES, "")
    if not raw.strip():
        return default
    value = parse_size(raw)
    if not value:
        raise InputError(f"{ENV_MAX_BYTES}={raw.strip()!r}: expected a size in bytes such as 5000000, 512K or 5M")
    return value


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a folder, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: file is {size // 1024} KiB, larger than the limit of {max_bytes // 1024} KiB")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_text(path: Path, max_bytes: int = MAX_BYTES_DEFAULT) -> LoadedText:
    """Read a text file with a clear one-line error for every way it can fail."""
    return decode_bytes(_read_bytes(path, max_bytes), str(path))


def read_document(path: Path, max_bytes: int | None = None, limits: Limits = Limits()) -> LoadedText:
    """Read an essay in any supported format as one normalised text.

    The extension decides, ignoring case: .docx (python-docx), .odt (odfpy) and
    .pdf (pypdf, the text layer only); .txt, .md and any other extension are
    decoded as text (:func:`decode_bytes`).  ``max_bytes`` limits the file on
    disk; when None it is :func:`max_bytes_from_env` with ``MAX_BYTES_DEFAULT``
    for text and ``MAX_DOCUMENT_BYTES_DEFAULT`` for documents.  ``limits``
    caps what a document may unpack to.

    The text has LF newlines and no NUL characters.  A document's paragraphs,
    headings, table rows and footnotes are separated by blank lines, in reading
    order (see :mod:`essay_checker.readers` for the details).  A file with no
    text, or any file the readers cannot use, is a one-line :class:`InputError`
    that names the file and the reason; no library exception escapes.
    """
    path = Path(path)
    fmt = DOCUMENT_FORMATS.get(path.suffix.lower())
    if max_bytes is None:
        max_bytes = max_bytes_from_env(MAX_DOCUMENT_BYTES_DEFAULT if fmt else MAX_BYTES_DEFAULT)
    data = _read_bytes(path, max_bytes)
    name = str(path)
    if not data:
        raise InputError(f"{name}: the file is empty")
    if fmt is None:
        loaded = decode_bytes(data, name)
        text = loaded.text.replace("\x00", "")
        if not text.strip():
            raise InputError(f"{name}: the file has no text, only blank space")
        return LoadedText(text, loaded.encoding)

    from . import readers

    text = readers.READERS[fmt](data, name, limits)
    if len(text) > limits.text_chars:
        raise InputError(f"{name}: the document holds {len(text)} characters of text, "
                         f"more than the limit of {limits.text_chars}")
    if not text.strip():
        if fmt == "pdf":
            raise InputError(f"{name}: the PDF has no text layer (a scan?); save it as text or .docx")
        raise InputError(f"{name}: the document has no text")
    return LoadedText(text, fmt, fmt)
