"""Look at a spreadsheet file before any parser does, and refuse what could hurt.

Hostile files are expected: zip bombs, XML entity bombs, a value in cell XFD1048576, encrypted or legacy
files, FIFOs. Everything here is bounded: the file is read once (at most :data:`MAX_FILE_BYTES`), every
part a parser will inflate is inflated here first in bounded chunks, and a DTD is refused outright (OOXML
never needs one). Standard library only.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from pmprb_cli.errors import WorkbookError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_SHEETS = 64
#: The read bound. An LKE has a few hundred rows and a few dozen columns; anything far outside is ignored.
MAX_ROW = 9999
MAX_COL = 104  # column CZ

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# A cell or row reference beyond MAX_ROW (5+ digits) or MAX_COL (three letters, or two from DA on).
_OUT_OF_BOUNDS = re.compile(rb'<(?:c|row)\b[^>]*?\br="(?:[A-Z]{3}[0-9]+|[D-Z][A-Z][0-9]+|[A-Z]{0,2}[0-9]{5,})"')
_FORMULA_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<f\b')
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


@dataclass(frozen=True)
class SheetPart:
    """One worksheet of a package: its name, its part, and what the pre-scan saw in it."""

    name: str
    part: str
    out_of_bounds: bool
    formula_cells: frozenset[str]


@dataclass(frozen=True)
class Package:
    """A file read into memory and judged safe to hand to a parser."""

    path: str
    data: bytes
    kind: str  # "xlsx" or "xls"
    sheets: tuple[SheetPart, ...] = field(default=())


def read_file_bytes(path: str) -> bytes:
    """Read a regular file once, refusing FIFOs, devices, folders and oversize files without blocking."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise WorkbookError("berkas tidak ditemukan", code="PMPRB-E101") from exc
    except OSError as exc:
        raise WorkbookError(exc.strerror or "tidak dapat dibuka", code="PMPRB-E101") from exc
    if not stat.S_ISREG(st.st_mode):
        kind = "folder" if stat.S_ISDIR(st.st_mode) else "pipa" if stat.S_ISFIFO(st.st_mode) else "perangkat"
        raise WorkbookError(kind, code="PMPRB-E106")
    if st.st_size > MAX_FILE_BYTES:
        raise WorkbookError(f"ukuran {st.st_size:,} bita melebihi batas {MAX_FILE_BYTES:,}", code="PMPRB-E105")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise WorkbookError(exc.strerror or "tidak dapat dibuka", code="PMPRB-E101") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a FIFO after the first look
            raise WorkbookError("bukan berkas biasa", code="PMPRB-E106")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise WorkbookError(exc.strerror or "gagal dibaca", code="PMPRB-E101") from exc
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(f"ukuran melebihi batas {MAX_FILE_BYTES:,} bita", code="PMPRB-E105")
    return data


def inspect(path: str, data: bytes | None = None) -> Package:
    """Classify a file and pre-scan it; raise :class:`WorkbookError` with a catalogue code if refused."""
    data = read_file_bytes(path) if data is None else data
    if not data:
        raise WorkbookError("berkas kosong", code="PMPRB-E107")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise WorkbookError("terenkripsi", code="PMPRB-E104")
        return Package(path=path, data=data, kind="xls")
    if not data.startswith(b"PK"):
        head = data[:64].lstrip().lower()
        what = "teks/HTML" if head.startswith((b"<", b"<!doctype", b"<html")) else "format tidak dikenal"
        if path.lower().endswith((".csv", ".txt")):
            what = "teks CSV"
        raise WorkbookError(what, code="PMPRB-E102")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise WorkbookError(f"arsip zip rusak ({exc})", code="PMPRB-E103") from exc
    with zf:
        return Package(path=path, data=data, kind="xlsx", sheets=_scan_zip(zf))


def _read_bounded(zf: zipfile.ZipFile, name: str, limit: int = MAX_PART_BYTES) -> bytes:
    try:
        with zf.open(name) as part:
            out = part.read(limit + 1)
    except KeyError as exc:
        raise WorkbookError(f"bagian {name} tidak ada", code="PMPRB-E103") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise WorkbookError(f"bagian {name} tidak dapat diurai ({exc})", code="PMPRB-E103") from exc
    if len(out) > limit:
        raise WorkbookError(f"bagian {name} mengembang melebihi {limit:,} bita (bom zip)", code="PMPRB-E105")
    return out


def _scan_zip(zf: zipfile.ZipFile) -> tuple[SheetPart, ...]:
    infos = zf.infolist()
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise WorkbookError("dokumen Office lain (Word/PowerPoint)", code="PMPRB-E102")
        if "content.xml" in names:
            raise WorkbookError("berkas OpenDocument (.ods); simpan sebagai .xlsx", code="PMPRB-E102")
        raise WorkbookError("arsip zip tanpa xl/workbook.xml", code="PMPRB-E102")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_TOTAL_BYTES or len(infos) > 10_000:
        raise WorkbookError(f"isi arsip menyatakan {declared:,} bita (bom zip)", code="PMPRB-E105")
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookError("bagian arsip terenkripsi", code="PMPRB-E104")
    # Parts a parser will inflate: check each one's real size and that none declares a DTD.
    total = 0
    texts: dict[str, bytes] = {}
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        content = _read_bounded(zf, info.filename)
        total += len(content)
        if total > MAX_TOTAL_BYTES:
            raise WorkbookError(f"isi arsip mengembang melebihi {MAX_TOTAL_BYTES:,} bita (bom zip)", code="PMPRB-E105")
        if _DTD.search(content, 0, 4096) or (b"<!ENTITY" in content):
            raise WorkbookError(f"{info.filename} memuat DTD/entitas XML (bom XML)", code="PMPRB-E105")
        if info.filename.startswith(("xl/workbook.xml", "xl/_rels/", "xl/worksheets/sheet")) or (
            info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        ):
            texts[info.filename] = content
    return _sheet_parts(texts)


def _sheet_parts(texts: dict[str, bytes]) -> tuple[SheetPart, ...]:
    try:
        book = ElementTree.fromstring(texts["xl/workbook.xml"])
        rels_xml = texts.get("xl/_rels/workbook.xml.rels", b"<Relationships/>")
        rels = ElementTree.fromstring(rels_xml)
    except ElementTree.ParseError as exc:
        raise WorkbookError(f"xl/workbook.xml tidak sah ({exc})", code="PMPRB-E103") from exc
    targets = {r.get("Id", ""): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    sheets: list[SheetPart] = []
    for el in book.findall("m:sheets/m:sheet", _NS)[:MAX_SHEETS]:
        target = targets.get(el.get(f"{{{_NS['r']}}}id", ""), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        part = os.path.normpath(part).replace(os.sep, "/")
        content = texts.get(part)
        if content is None:
            continue  # a chartsheet or a missing part: nothing to read
        sheets.append(
            SheetPart(
                name=el.get("name", ""),
                part=part,
                out_of_bounds=_OUT_OF_BOUNDS.search(content) is not None,
                formula_cells=frozenset(m.decode() for m in _FORMULA_CELL.findall(content)),
            )
        )
    if not sheets:
        raise WorkbookError("tidak ada lembar kerja", code="PMPRB-E107")
    return tuple(sheets)
