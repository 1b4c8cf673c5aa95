"""read_document: real .docx / .odt / .pdf files built here, text encodings, and every way a file can fail."""
from __future__ import annotations

import codecs
import io
import random
import re
import zipfile

import pytest

from essay_checker.io import (ENV_MAX_BYTES, MAX_BYTES_DEFAULT, MAX_DOCUMENT_BYTES_DEFAULT, InputError, Limits,
                              LoadedText, max_bytes_from_env, read_document)

from .classroom import pdf_pages

HEADING = "The Norman Conquest of England"
INTRO = "In 1066 Duke William of Normandy crossed the Channel to claim the English crown."
CITED = "Harold Godwinson had marched south from Stamford Bridge only days before the battle."
CELLS = [["Year", "Event"], ["1066", "Battle of Hastings"], ["1086", "Domesday survey"]]
FOOTNOTE = "Most chroniclers say the fighting lasted the whole of a single October day."
CLOSING = "Within twenty years the old English nobility had almost vanished from the records."


def _error(path, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        read_document(path, **kwargs)
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith(f"{path}: "), msg
    return msg


# --- .docx -------------------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}">
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {FOOTNOTE}</w:t></w:r></w:p>
  </w:footnote>
</w:footnotes>"""


def make_docx(footnote: bool = True, table: bool = True) -> bytes:
    """A Word file made by python-docx, with a real footnotes part added through its package API."""
    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    doc = docx.Document()
    doc.add_heading(HEADING, level=1)
    doc.add_paragraph(INTRO)
    cited = doc.add_paragraph(CITED)
    if table:
        t = doc.add_table(rows=len(CELLS), cols=2)
        for r, row in enumerate(CELLS):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    doc.add_paragraph(CLOSING)
    if footnote:
        cited._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  '<w:footnoteReference w:id="1"/></w:r>'))
        part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, FOOTNOTES_XML.encode(),
                    doc.part.package)
        doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_docx_keeps_body_order_and_appends_footnotes(tmp_path):
    path = tmp_path / "essay.docx"
    path.write_bytes(make_docx())
    with zipfile.ZipFile(path) as zf:  # the footnote really is in the package, as Word would write it
        assert "word/footnotes.xml" in zf.namelist()
        assert "footnotes+xml" in zf.read("[Content_Types].xml").decode()
        assert "footnoteReference" in zf.read("word/document.xml").decode()
    loaded = read_document(path)
    assert (loaded.encoding, loaded.format) == ("docx", "docx")
    text = loaded.text
    assert text == "\n\n".join([HEADING, INTRO, CITED, "Year\tEvent", "1066\tBattle of Hastings",
                                "1086\tDomesday survey", CLOSING, "Footnotes", FOOTNOTE])
    assert text.index(HEADING) < text.index(INTRO) < text.index("Battle of Hastings") < text.index(CLOSING) \
        < text.index(FOOTNOTE)


def test_docx_extension_is_case_insensitive(tmp_path):
    path = tmp_path / "ESSAY.DOCX"
    path.write_bytes(make_docx(footnote=False))
    assert read_document(path).format == "docx"


def test_docx_skips_deleted_text_and_reads_tracked_insertions(tmp_path):
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    p = doc.add_paragraph("The abbey was built ")
    p._p.append(parse_xml(f'<w:del xmlns:w="{W_NS}" w:id="1" w:author="a"><w:r><w:delText>in haste </w:delText>'
                          '</w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins xmlns:w="{W_NS}" w:id="2" w:author="a"><w:r><w:t>on the battlefield.</w:t>'
                          '</w:r></w:ins>'))
    path = tmp_path / "tracked.docx"
    doc.save(path)
    assert read_document(path).text == "The abbey was built on the battlefield."


def test_empty_docx(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    assert _error(path) == f"{path}: the document has no text"


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(bytes(range(256)) * 8)
    assert _error(path) == f"{path}: is not a valid .docx (not a zip archive)"


def test_truncated_docx(tmp_path):
    path = tmp_path / "cut.docx"
    path.write_bytes(make_docx()[:3000])
    assert _error(path).startswith(f"{path}: is not a valid .docx (")


def test_photo_renamed_docx(tmp_path):
    path = tmp_path / "photo.docx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200))
    assert _error(path) == f"{path}: is not a valid .docx (it looks like a PNG image)"


def test_zip_that_is_not_a_word_file(tmp_path):
    path = tmp_path / "notes.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "a zip, but not a Word document")
    assert _error(path) == f"{path}: is not a valid .docx (no Word document inside)"


def _bomb(path, member_bytes: int, base: bytes | None = None) -> None:
    """A zip with one member of ``member_bytes`` zeros, deflated in chunks so it stays small in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:  # level 1: fast, still ~230:1
        if base:
            with zipfile.ZipFile(io.BytesIO(base)) as src:
                for info in src.infolist():
                    zf.writestr(info, src.read(info))
        chunk = bytes(1024 * 1024)
        with zf.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(member_bytes // len(chunk)):
                member.write(chunk)


def test_zip_bomb_docx_refused_on_total_size(tmp_path):
    path = tmp_path / "bomb.docx"
    _bomb(path, 200 * 1024 * 1024, base=make_docx(footnote=False))
    assert path.stat().st_size < 2 * 1024 * 1024
    # 200 MiB of zeros plus the small real document around them
    assert re.fullmatch(rf"{re.escape(str(path))}: unpacks to 20\d MiB, more than the limit of 50 MiB \(a zip bomb\?\)",
                        _error(path))


def test_zip_bomb_docx_refused_on_ratio(tmp_path):
    path = tmp_path / "dense.docx"
    _bomb(path, 8 * 1024 * 1024, base=make_docx(footnote=False))
    msg = _error(path)
    assert msg.startswith(f"{path}: word/media/zeros.bin is compressed ") and "limit of 100:1 (a zip bomb?)" in msg


def test_zip_limits_are_parameters(tmp_path):
    path = tmp_path / "dense.docx"
    _bomb(path, 8 * 1024 * 1024, base=make_docx(footnote=False))
    loose = Limits(compression_ratio=10_000)
    assert read_document(path, limits=loose).text.startswith(HEADING)
    assert "unpacks to" in _error(path, limits=Limits(unzipped_bytes=1024 * 1024, compression_ratio=10_000))


# --- .odt --------------------------------------------------------------------------------------------------------

def make_odt(path, with_text: bool = True) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, Note, NoteBody, NoteCitation, P, Span

    doc = OpenDocumentText()
    if with_text:
        doc.text.addElement(H(outlinelevel=1, text=HEADING))
        doc.text.addElement(P(text=INTRO))
        cited = P(text=CITED)
        note = Note(id="ftn1", noteclass="footnote")
        note.addElement(NoteCitation(text="1"))
        body = NoteBody()
        body.addElement(P(text=FOOTNOTE))
        note.addElement(body)
        cited.addElement(note)
        doc.text.addElement(cited)
        table = Table(name="Timeline")
        table.addElement(TableColumn(numbercolumnsrepeated=2))
        for row in CELLS:
            tr = TableRow()
            for value in row:
                cell = TableCell()
                cell.addElement(P(text=value))
                tr.addElement(cell)
            table.addElement(tr)
        doc.text.addElement(table)
        closing = P()
        closing.addElement(Span(text=CLOSING))
        doc.text.addElement(closing)
    doc.save(str(path))


def test_odt_keeps_body_order_and_appends_footnotes(tmp_path):
    path = tmp_path / "essay.odt"
    make_odt(path)
    loaded = read_document(path)
    assert (loaded.encoding, loaded.format) == ("odt", "odt")
    assert loaded.text == "\n\n".join([HEADING, INTRO, CITED, "Year\tEvent", "1066\tBattle of Hastings",
                                       "1086\tDomesday survey", CLOSING, "Footnotes", FOOTNOTE])


def test_empty_odt(tmp_path):
    path = tmp_path / "blank.odt"
    make_odt(path, with_text=False)
    assert _error(path) == f"{path}: the document has no text"


def test_docx_renamed_odt(tmp_path):
    path = tmp_path / "essay.odt"
    path.write_bytes(make_docx(footnote=False))
    assert _error(path) == f"{path}: is not a valid .odt (it looks like a Word .docx file; rename it to .docx)"


def test_corrupt_odt(tmp_path):
    path = tmp_path / "broken.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content this is not xml")
    assert _error(path).startswith(f"{path}: is not a valid .odt (")


# --- .pdf --------------------------------------------------------------------------------------------------------

make_pdf = pdf_pages  # a minimal hand-written PDF: one text stream per page (None: no content)


PDF_PAGES = [[HEADING, INTRO], [CLOSING]]


def test_pdf_text_layer_pages_joined_by_blank_line(tmp_path):
    path = tmp_path / "essay.pdf"
    path.write_bytes(make_pdf(PDF_PAGES))
    loaded = read_document(path)
    assert (loaded.encoding, loaded.format) == ("pdf", "pdf")
    assert loaded.text == f"{HEADING}\n{INTRO}\n\n{CLOSING}"


def test_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([None, None]))
    assert _error(path) == f"{path}: the PDF has no text layer (a scan?); save it as text or .docx"


def _encrypt(data: bytes, user: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password="teacher", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypt(make_pdf(PDF_PAGES), user="secret"))
    assert _error(path) == f"{path}: the PDF is password-protected; save a copy without a password or as .docx"


def test_pdf_encrypted_with_an_empty_password_is_read(tmp_path):
    path = tmp_path / "restricted.pdf"
    path.write_bytes(_encrypt(make_pdf(PDF_PAGES), user=""))
    assert read_document(path).text.startswith(HEADING)


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    assert _error(path).startswith(f"{path}: is not a valid PDF (")
    photo = tmp_path / "photo.pdf"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    assert _error(photo) == f"{photo}: is not a valid PDF (it looks like a JPEG photo)"


def test_pdf_page_limit(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([[INTRO]] * 3))
    assert _error(path, limits=Limits(pdf_pages=2)) == f"{path}: the PDF has 3 pages, more than the limit of 2"


# --- text --------------------------------------------------------------------------------------------------------

ESSAY = "Cnut ruled England and Denmark.\nHis sons did not hold the throne for long.\n"


@pytest.mark.parametrize("name, data, encoding", [
    ("plain.txt", ESSAY.encode("utf-8"), "utf-8"),
    ("bom.md", codecs.BOM_UTF8 + ESSAY.encode("utf-8"), "utf-8-sig"),
    ("wide.text", ESSAY.encode("utf-16"), "utf-16"),
    ("windows.markdown", ESSAY.replace("\n", "\r\n").encode("cp1252"), "utf-8"),
    ("essay", ESSAY.encode("utf-8"), "utf-8"),
])
def test_text_encodings(tmp_path, name, data, encoding):
    path = tmp_path / name
    path.write_bytes(data)
    assert read_document(path) == LoadedText(ESSAY, encoding, "text")


def test_cp1252_and_universal_newlines_and_nul(tmp_path):
    path = tmp_path / "word-export.TXT"
    path.write_bytes("\u201cThe Danegeld\u201d was paid in silver.\r\nIt grew \u2013 year by year.\r".encode("cp1252")
                     + b" " * 5000 + b"\x00end")
    loaded = read_document(path)
    assert loaded.encoding == "cp1252"
    assert loaded.text == "\u201cThe Danegeld\u201d was paid in silver.\nIt grew \u2013 year by year.\n" + \
        " " * 5000 + "end"


def test_binary_file(tmp_path):
    path = tmp_path / "essay.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert _error(path) == f"{path}: looks like a binary file, not text (it looks like a PNG image)"


def test_empty_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert _error(empty) == f"{empty}: the file is empty"
    blank = tmp_path / "blank.md"
    blank.write_text(" \n\n\t\n", encoding="utf-8")
    assert _error(blank) == f"{blank}: the file has no text, only blank space"


def test_missing_file_and_folder(tmp_path):
    assert _error(tmp_path / "gone.docx") == f"{tmp_path / 'gone.docx'}: no such file"
    assert _error(tmp_path) == f"{tmp_path}: is a folder, not a file"


# --- size limits -------------------------------------------------------------------------------------------------

def test_text_larger_than_max_bytes(tmp_path):
    path = tmp_path / "long.txt"
    path.write_bytes(b"The Witan met. " * 1000)
    assert _error(path, max_bytes=4096) == f"{path}: file is 14 KiB, larger than the limit of 4 KiB"


def test_env_var_overrides_default_limits(tmp_path, monkeypatch):
    path = tmp_path / "long.txt"
    path.write_bytes(b"The Witan met. " * 1000)
    doc = tmp_path / "essay.docx"
    doc.write_bytes(make_docx())
    monkeypatch.setenv(ENV_MAX_BYTES, "8K")
    assert max_bytes_from_env() == 8192
    assert _error(path) == f"{path}: file is 14 KiB, larger than the limit of 8 KiB"
    assert "larger than the limit of 8 KiB" in _error(doc)
    assert read_document(path, max_bytes=1 << 20).text.startswith("The Witan")  # an explicit limit wins
    monkeypatch.setenv(ENV_MAX_BYTES, "1M")
    assert read_document(doc).format == "docx"


def test_env_var_unset_or_bad(monkeypatch):
    monkeypatch.delenv(ENV_MAX_BYTES, raising=False)
    assert max_bytes_from_env() == MAX_BYTES_DEFAULT
    assert max_bytes_from_env(MAX_DOCUMENT_BYTES_DEFAULT) == MAX_DOCUMENT_BYTES_DEFAULT
    monkeypatch.setenv(ENV_MAX_BYTES, "lots")
    with pytest.raises(InputError) as info:
        max_bytes_from_env()
    assert str(info.value) == f"{ENV_MAX_BYTES}='lots': expected a size in bytes such as 5000000, 512K or 5M"


def test_documents_have_a_larger_default_limit(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_MAX_BYTES, raising=False)
    path = tmp_path / "pictures.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:  # 6 MiB of incompressible "photos"
        with zipfile.ZipFile(io.BytesIO(make_docx(footnote=False))) as src:
            for info in src.infolist():
                zf.writestr(info, src.read(info))
        zf.writestr("word/media/photo.bin", random.Random(1066).randbytes(6 * 1024 * 1024))
    assert MAX_BYTES_DEFAULT < path.stat().st_size < MAX_DOCUMENT_BYTES_DEFAULT
    assert read_document(path).text.startswith(HEADING)
