"""Text out of .docx, .odt and .pdf files, for :func:`essay_checker.io.read_document`.

Each reader takes the file's bytes, its name (for messages) and the
:class:`~essay_checker.io.Limits`, and returns plain text or raises a one-line
:class:`~essay_checker.io.InputError`.  Library errors of every kind are turned
into that error; nothing else escapes.

What ends up in the text, for .docx and .odt alike:

- the body in reading order: headings, paragraphs, list items and tables as
  they come (tables are not moved after the paragraphs);
- each paragraph or heading is one block; each table row is one block with
  its cells separated by a tab (a cell's own paragraphs joined by spaces);
- blocks are separated by a blank line, so paragraph logic works;
- footnotes are not put inline (a marker would be read as a number): they
  follow the body under a line "Footnotes", one block each, in the order
  they are referenced; endnotes likewise under "Endnotes";
- left out: deleted text of tracked changes, field codes, comments, text
  boxes and drawings, headers and footers, tables of contents.

For .pdf it is the text layer of every page, pages separated by a blank line,
with typographic ligatures ("fi", "fl") spelled out.  Nothing is read by OCR.
"""
from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from .io import InputError, Limits, describe_bytes, size_text

BLOCK_SEP = "\n\n"
CELL_SEP = "\t"


# --- shared ------------------------------------------------------------------------------------------------------

def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "the file is cut short"
    msg = _one_line(str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc))
    return msg or type(exc).__name__


def _not_valid(name: str, kind: str, reason: str) -> InputError:
    return InputError(f"{name}: is not a valid {kind} ({reason})")


def _tidy(text: str) -> str:
    """LF newlines, no NULs, no trailing blanks on lines, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[\x0b\x0c\x85\u2028\u2029]", "\n", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _assemble(body: Iterable[str], sections: Iterable[tuple[str, list[str]]]) -> str:
    blocks = [b.strip() for b in body]
    for title, notes in sections:
        notes = [n.strip() for n in notes if n.strip()]
        if notes:
            blocks.append(title)
            blocks.extend(notes)
    return _tidy(BLOCK_SEP.join(b for b in blocks if b))


def open_zip(data: bytes, name: str, kind: str, limits: Limits) -> zipfile.ZipFile:
    """Open a .docx / .odt as a zip and refuse it if it would unpack to too much.

    The sizes checked are those the archive declares; Python's zipfile never
    unpacks a member past its declared size, so the check holds for every
    library that reads the archive afterwards.
    """
    if not data.startswith(b"PK"):
        what = describe_bytes(data)
        raise _not_valid(name, kind, f"it looks like {what}" if what else "not a zip archive")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception as exc:  # noqa: BLE001 - any failure means the archive is unusable
        raise _not_valid(name, kind, f"damaged zip archive: {_reason(exc)}") from None
    if len(infos) > limits.zip_members:
        raise InputError(f"{name}: holds {len(infos)} files, more than the limit of {limits.zip_members} "
                         "(a zip bomb?)")
    total = sum(i.file_size for i in infos)
    if total > limits.unzipped_bytes:
        raise InputError(f"{name}: unpacks to {size_text(total)}, more than the limit of "
                         f"{size_text(limits.unzipped_bytes)} (a zip bomb?)")
    for i in infos:
        if i.file_size > limits.ratio_min_bytes and i.file_size > limits.compression_ratio * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            raise InputError(f"{name}: {_one_line(i.filename, 60)} is compressed {ratio}:1, more than the limit of "
                             f"{limits.compression_ratio}:1 (a zip bomb?)")
    return zf


def _zip_hint(names: set[str]) -> str | None:
    """Why a zip is the wrong kind of document, when another kind is recognisable."""
    if "word/document.xml" in names:
        return "it looks like a Word .docx file; rename it to .docx"
    if "content.xml" in names and "mimetype" in names:
        return "it looks like an OpenDocument file; rename it to .odt"
    return None


# --- .docx -------------------------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_DOCX_SKIP = {W + "del", W + "moveFrom", W + "txbxContent", W + "pPr", W + "rPr", W + "sdtPr", W + "instrText",
              W + "delText", W + "tblPr", W + "trPr", W + "tcPr", W + "sectPr", MC + "Fallback", W + "comments"}
_DOCX_CHARS = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_NOTE_TYPES_SKIPPED = {"separator", "continuationSeparator", "continuationNotice"}


class _Walker:
    """What the .docx and .odt walkers share; each knows its own blocks, table rows' cells and inline text."""

    def blocks(self, container) -> Iterator[str]:
        raise NotImplementedError

    def _inline(self, el, out: list[str]) -> None:
        raise NotImplementedError

    def row_text(self, cells: Iterable) -> str:
        """One table row on one line: each cell's blocks joined by spaces, the cells by ``CELL_SEP``."""
        texts = (" ".join(b.strip() for b in self.blocks(cell) if b.strip()) for cell in cells)
        return CELL_SEP.join(t for t in texts if t)

    def inline(self, el) -> str:
        out: list[str] = []
        self._inline(el, out)
        return "".join(out)


class _DocxWalker(_Walker):
    """Walks WordprocessingML, collecting blocks and the note ids referenced on the way."""

    def __init__(self) -> None:
        self.refs: dict[str, list[str]] = {"footnote": [], "endnote": []}

    def blocks(self, container) -> Iterator[str]:
        """Paragraph and table-row texts of a body, cell, note or content control, in order."""
        for child in container:
            tag = child.tag
            if tag == W + "p":
                yield self.inline(child)
            elif tag == W + "tbl":
                yield from self.rows(child)
            elif tag == W + "sdt":
                if not _is_toc(child):
                    yield from self.blocks(child.iterfind(W + "sdtContent/*"))
            elif tag in (W + "customXml", W + "ins", W + "moveTo"):
                yield from self.blocks(child)

    def rows(self, tbl) -> Iterator[str]:
        for tr in _unwrap(tbl, W + "tr"):
            yield self.row_text(_unwrap(tr, W + "tc"))

    def _inline(self, el, out: list[str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _DOCX_SKIP:
                continue
            if tag == W + "t":
                out.append(child.text or "")
            elif tag in _DOCX_CHARS:
                out.append(_DOCX_CHARS[tag])
            elif tag == W + "footnoteReference":
                self.refs["footnote"].append(child.get(W + "id", ""))
            elif tag == W + "endnoteReference":
                self.refs["endnote"].append(child.get(W + "id", ""))
            else:
                self._inline(child, out)


def _unwrap(el, tag: str) -> Iterator:
    """Children with ``tag``, looking through content controls and custom XML wrapped around them."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent"):
            yield from _unwrap(child, tag)


def _is_toc(sdt) -> bool:
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and (gallery.get(W + "val") or "").lower().startswith("table of contents")


def _docx_notes(doc, reltype: str, kind: str, walker: _DocxWalker) -> list[str]:
    """Footnote or endnote texts, in the order the body refers to them, then any left unreferenced."""
    from lxml import etree

    part = next((r.target_part for r in doc.part.rels.values() if r.reltype == reltype and not r.is_external), None)
    if part is None:
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    root = etree.fromstring(part.blob, parser)
    texts: dict[str, str] = {}
    for note in root.iterfind(W + kind):
        if note.get(W + "type") in _NOTE_TYPES_SKIPPED:
            continue
        texts[note.get(W + "id", "")] = " ".join(b.strip() for b in walker.blocks(note) if b.strip())
    order = list(dict.fromkeys(i for i in walker.refs[kind] if i in texts))
    order += [i for i in texts if i not in order]
    return [texts[i] for i in order]


def docx_text(data: bytes, name: str, limits: Limits) -> str:
    """The text of a Word .docx file (see the module docstring for what is kept)."""
    with open_zip(data, name, ".docx", limits) as zf:
        names = set(zf.namelist())
    if "[Content_Types].xml" not in names:
        raise _not_valid(name, ".docx", _zip_hint(names) or "no Word document inside")
    try:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        doc = docx.Document(io.BytesIO(data))
        walker = _DocxWalker()
        body = list(walker.blocks(doc.element.body))
        notes = [("Footnotes", _docx_notes(doc, RT.FOOTNOTES, "footnote", walker)),
                 ("Endnotes", _docx_notes(doc, RT.ENDNOTES, "endnote", walker))]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken file can fail anywhere inside the library
        raise _not_valid(name, ".docx", _reason(exc)) from None
    return _assemble(body, notes)


# --- .odt --------------------------------------------------------------------------------------------------------

TEXTNS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLENS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICENS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DRAWNS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_ODT_SKIPPED_BLOCKS = {(TEXTNS, n) for n in ("tracked-changes", "table-of-content", "illustration-index", "table-index",
                                            "object-index", "user-index", "alphabetical-index", "sequence-decls",
                                            "variable-decls", "user-field-decls", "dde-connection-decls")}
_ODT_SKIPPED_INLINE = {(TEXTNS, "number"), (TEXTNS, "note-citation"), (OFFICENS, "annotation"),
                       (TEXTNS, "tracked-changes"), (TEXTNS, "bookmark-ref")}


class _OdtWalker(_Walker):
    """Walks an odfpy tree, collecting blocks and the notes met on the way."""

    def __init__(self) -> None:
        self.notes: dict[str, list[str]] = {"footnote": [], "endnote": []}

    def blocks(self, container) -> Iterator[str]:
        for child in container.childNodes:
            qname = getattr(child, "qname", None)
            if qname is None or qname in _ODT_SKIPPED_BLOCKS or qname[0] in (DRAWNS, OFFICENS):
                continue
            if qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                yield self.inline(child)
            elif qname == (TABLENS, "table"):
                yield from self.rows(child)
            elif qname[0] in (TEXTNS, TABLENS):
                # lists, list items, sections, bibliography: containers of blocks
                yield from self.blocks(child)

    def rows(self, table) -> Iterator[str]:
        for row in _odt_find(table, (TABLENS, "table-row"), stop={(TABLENS, "table")}):
            yield self.row_text(cell for cell in row.childNodes
                                if getattr(cell, "qname", None) == (TABLENS, "table-cell"))

    def _inline(self, el, out: list[str]) -> None:
        for child in el.childNodes:
            if child.nodeType == child.TEXT_NODE:
                out.append(re.sub(r"[ \t\r\n]+", " ", child.data))
                continue
            qname = child.qname
            if qname in _ODT_SKIPPED_INLINE or qname[0] == DRAWNS:
                continue
            if qname == (TEXTNS, "s"):
                out.append(" " * _int_attr(child, TEXTNS, "c", 1))
            elif qname == (TEXTNS, "tab"):
                out.append("\t")
            elif qname == (TEXTNS, "line-break"):
                out.append("\n")
            elif qname == (TEXTNS, "note"):
                kind = child.getAttrNS(TEXTNS, "note-class") or "footnote"
                for part in child.childNodes:
                    if getattr(part, "qname", None) == (TEXTNS, "note-body"):
                        text = " ".join(b.strip() for b in self.blocks(part) if b.strip())
                        self.notes.setdefault(kind, []).append(text)
            else:
                self._inline(child, out)


def _odt_find(el, qname, stop) -> Iterator:
    """Descendants with ``qname`` (header rows, row groups), not looking inside nested ``stop`` elements."""
    for child in el.childNodes:
        q = getattr(child, "qname", None)
        if q == qname:
            yield child
        elif q is not None and q not in stop:
            yield from _odt_find(child, qname, stop)


def _int_attr(el, ns: str, attr: str, default: int) -> int:
    try:
        return max(0, min(int(el.getAttrNS(ns, attr) or default), 1000))
    except ValueError:
        return default


def odt_text(data: bytes, name: str, limits: Limits) -> str:
    """The text of an OpenDocument .odt file (see the module docstring for what is kept)."""
    with open_zip(data, name, ".odt", limits) as zf:
        names = set(zf.namelist())
        try:
            mimetype = zf.read("mimetype")[:200].decode("ascii", "replace").strip() if "mimetype" in names else ""
        except Exception as exc:  # noqa: BLE001 - a damaged member
            raise _not_valid(name, ".odt", _reason(exc)) from None
    if "content.xml" not in names:
        raise _not_valid(name, ".odt", _zip_hint(names) or "no content.xml inside")
    if mimetype and mimetype != ODT_MIMETYPE:
        raise _not_valid(name, ".odt", f"it is {_one_line(mimetype, 80)}, not a text document")
    try:
        from odf.opendocument import load

        doc = load(io.BytesIO(data))
        office_text = next((c for c in doc.body.childNodes if getattr(c, "qname", None) == (OFFICENS, "text")),
                           None)
        if office_text is None:
            raise _not_valid(name, ".odt", "no text body inside")
        walker = _OdtWalker()
        body = list(walker.blocks(office_text))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken file can fail anywhere inside the library
        raise _not_valid(name, ".odt", _reason(exc)) from None
    return _assemble(body, [("Footnotes", walker.notes.get("footnote", [])),
                            ("Endnotes", walker.notes.get("endnote", []))])


# --- .pdf --------------------------------------------------------------------------------------------------------

_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st", "\u00ad": ""})


@contextmanager
def _quiet_pypdf():
    """pypdf reports harmless oddities through logging and warnings; keep them off the user's terminal."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def pdf_text(data: bytes, name: str, limits: Limits) -> str:
    """The text layer of a PDF, pages separated by a blank line; "" when it has none (a scan)."""
    if b"%PDF-" not in data[:1024]:
        what = describe_bytes(data)
        raise _not_valid(name, "PDF", f"it looks like {what}" if what else "no PDF header")
    with _quiet_pypdf():
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            encrypted = reader.is_encrypted
        except Exception as exc:  # noqa: BLE001
            raise _not_valid(name, "PDF", _reason(exc)) from None
        if encrypted:
            # many PDFs are "encrypted" only to forbid printing or copying, with an empty password to open them
            try:
                opened = bool(reader.decrypt(""))
            except Exception:  # noqa: BLE001
                opened = False
            if not opened:
                raise InputError(f"{name}: the PDF is password-protected; save a copy without a password "
                                 "or as .docx")
        try:
            count = len(reader.pages)
            if count > limits.pdf_pages:
                raise InputError(f"{name}: the PDF has {count} pages, more than the limit of {limits.pdf_pages}")
            pages = []
            chars = 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                chars += len(pages[-1])
                if chars > limits.text_chars:
                    raise InputError(f"{name}: the document holds more than {limits.text_chars} characters of text")
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken file can fail anywhere inside the library
            raise _not_valid(name, "PDF", _reason(exc)) from None
    return _tidy(BLOCK_SEP.join(p.strip() for p in pages if p.strip()).translate(_LIGATURES))


READERS: dict[str, Callable[[bytes, str, Limits], str]] = {"docx": docx_text, "odt": odt_text, "pdf": pdf_text}
