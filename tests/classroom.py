"""Make a class of submissions from the project's own labelled essays, deterministically.

Used by the batch tests and by ``benchmarks/batch_speed.py``. Each essay recombines paragraphs of the
fixture essays (chosen with a seeded random generator) to a length between ``min_words`` and
``max_words``, and is saved in one of the formats students hand in.
"""
from __future__ import annotations

import random
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases" / "destalinisation"
FORMATS = ("txt", "txt-bom", "txt-utf16", "txt-cp1252", "md", "docx", "odt", "pdf")


def paragraphs() -> list[str]:
    out = []
    for essay in sorted(CASES.glob("*/essay.txt")):
        text = essay.read_text(encoding="utf-8")
        out += [" ".join(p.split()) for p in text.split("\n\n") if len(p.split()) >= 12]
    return out


def essay_text(rng: random.Random, pool: list[str], min_words: int, max_words: int) -> str:
    target = rng.randint(min_words, max_words)
    chosen, words = [], 0
    while words < target:
        p = rng.choice(pool)
        chosen.append(p)
        words += len(p.split())
    return "\n\n".join(chosen) + "\n"


def write_docx(path: Path, paras: list[str]) -> None:
    import docx

    doc = docx.Document()
    doc.add_heading(paras[0][:60], level=1)
    for p in paras:
        doc.add_paragraph(p)
    doc.save(str(path))


def write_odt(path: Path, paras: list[str]) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text=paras[0][:60]))
    for p in paras:
        doc.text.addElement(P(text=p))
    doc.save(str(path))


def pdf_bytes(lines: list[str], per_page: int = 50) -> bytes:
    """A real PDF with a text layer: one Helvetica line per entry, ``per_page`` lines a page."""
    return pdf_pages([lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]])


def pdf_pages(pages: list[list[str] | None]) -> bytes:
    """A minimal PDF written by hand: one Helvetica text stream per page (None: a page with no content)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for page in pages:
        n = len(objects) + 1
        kids.append(f"{n} 0 R")
        head = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
        if page is None:
            objects.append(head + b" >>")
            continue
        objects.append(head + b" /Contents %d 0 R >>" % (n + 1))
        ops = ["BT", "/F1 10 Tf", "14 TL", "40 760 Td"]
        for line in page:
            safe = line.encode("cp1252", "replace").decode("cp1252")
            ops += ["(" + safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj", "T*"]
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252", "replace")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def save(path_stem: Path, text: str, fmt: str) -> Path:
    paras = [p for p in text.split("\n\n") if p.strip()]
    if fmt.startswith("txt"):
        path = path_stem.with_suffix(".txt")
        enc = {"txt": "utf-8", "txt-bom": "utf-8-sig", "txt-utf16": "utf-16", "txt-cp1252": "cp1252"}[fmt]
        body = text.replace("\n", "\r\n") if fmt == "txt-cp1252" else text
        path.write_bytes(body.encode(enc, "replace"))
    elif fmt == "md":
        path = path_stem.with_suffix(".md")
        path.write_text("# My essay\n\n" + text, encoding="utf-8")
    elif fmt == "docx":
        path = path_stem.with_suffix(".docx")
        write_docx(path, paras)
    elif fmt == "odt":
        path = path_stem.with_suffix(".odt")
        write_odt(path, paras)
    else:
        path = path_stem.with_suffix(".pdf")
        # a PDF keeps lines, not paragraphs: wrap at about 90 characters
        lines: list[str] = []
        for p in paras:
            line = ""
            for w in p.split():
                if len(line) + len(w) > 90:
                    lines.append(line)
                    line = ""
                line = f"{line} {w}".strip()
            lines += [line, ""]
        path.write_bytes(pdf_bytes(lines))
    return path


def make_class(folder: Path, n: int, seed: int = 1, min_words: int = 400, max_words: int = 1200,
               formats: tuple[str, ...] = FORMATS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = paragraphs()
    out = []
    for i in range(n):
        text = essay_text(rng, pool, min_words, max_words)
        out.append(save(folder / f"student-{i + 1:03d}", text, formats[i % len(formats)]))
    return out

