"""Bound a legacy .xls file (BIFF records in an OLE compound file) before calamine reads it.

calamine builds the same dense grid for .xls as for .xlsx; the format allows 65,536 x 256 cells, which
costs it about a gigabyte and three seconds. The cell records beyond the read bound are found here and
given a record type no reader knows, so calamine skips them: the rest of the sheet reads as usual.
Standard library only; :func:`pmprb_cli.xlsx_guard.inspect` calls :func:`bound_xls` for OLE files.
"""

from __future__ import annotations

import re
import struct

from pmprb_cli.errors import WorkbookError
from pmprb_cli.xlsx_guard import MAX_COL, MAX_ROW

_FREE_SECTOR = 0xFFFFFFFA  # this and above: free, end of chain, FAT or DIFAT sector markers
_CELL_RECORDS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x0206, 0x027E, 0x0406})
_MULTI_CELL_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: first column at 2, last at the end
_NEUTRAL_RECORD = b"\x7f\x7f"
#: The records whose fields the walk below reads (BOF, BOUNDSHEET, FILEPASS and the cells).
_READ_RECORDS = frozenset({0x0809, 0x0085, 0x002F}) | _CELL_RECORDS | _MULTI_CELL_RECORDS


def bound_xls(data: bytes) -> tuple[bytes, dict[str, str]]:
    """The file with its cell records beyond the read bound neutralised; the sheets that had any, and where."""
    try:
        stream = _ole_workbook_stream(data)
        if stream is None:
            raise WorkbookError("struktur berkas .xls tidak dapat diurai", code="PMPRB-E103")
        content, unit, offsets = stream
        far, truncated = _far_cell_records(content)
    except (struct.error, IndexError) as exc:
        # (a walk past what the file holds: every read here is checked, this is the net under them)
        raise WorkbookError("struktur berkas .xls tidak dapat diurai", code="PMPRB-E103") from exc
    if not far:
        return data, {}
    patched = bytearray(data)
    for pos in far:
        for i in (pos, pos + 1):  # the type may straddle two sectors
            patched[offsets[i // unit] + i % unit] = _NEUTRAL_RECORD[0]
    return bytes(patched), truncated


def _ole_workbook_stream(data: bytes) -> tuple[bytes, int, list[int]] | None:
    """The Workbook stream of an OLE file, its block size and each block's offset in the file."""
    return _ole_stream(data, ("workbook", "book"))


#: The limit on a document-properties stream read for the kabupaten marker (LibreOffice writes about 1 KB).
MAX_PROPERTIES_BYTES = 65536


def xls_document_properties(data: bytes) -> bytes:
    """The DocumentSummaryInformation stream of an .xls (user-defined properties), or b"" when none or large.

    A rekap saved again as .xls by LibreOffice keeps pmprb's kabupaten marker there: read as a unit's LKE, it
    was "hanya 0 dari 201 butir … ditemukan" (E206) and counted a workbook that could not be scored.
    """
    try:
        found = _ole_stream(data, ("\x05documentsummaryinformation",))
    except (struct.error, IndexError):
        return b""
    if found is None or len(found[0]) > MAX_PROPERTIES_BYTES:
        return b""
    return found[0]


def _ole_stream(data: bytes, names: tuple[str, ...]) -> tuple[bytes, int, list[int]] | None:
    """The first stream of an OLE file named one of ``names`` (casefolded), its block size and block offsets."""
    if len(data) < 512:
        return None
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if sector_shift not in (9, 12) or mini_shift != 6:
        return None
    size: int = 1 << int(sector_shift)
    count = len(data) // size - 1

    def at(sector: int) -> int:
        return (sector + 1) * size

    n_fat, dir_start = struct.unpack_from("<II", data, 0x2C)
    mini_cutoff, minifat_start, _n_minifat, difat_start, n_difat = struct.unpack_from("<IIIII", data, 0x38)
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < count]
    sector, per = difat_start, size // 4 - 1
    for _ in range(min(n_difat, count)):
        if sector >= count:
            break
        values = struct.unpack_from(f"<{per + 1}I", data, at(sector))
        fat_sectors.extend(v for v in values[:per] if v < count)
        sector = values[per]
    fat: list[int] = []
    for s in fat_sectors[:n_fat]:
        fat.extend(struct.unpack_from(f"<{size // 4}I", data, at(s)))

    def chain(start: int, table: list[int], limit: int) -> list[int] | None:
        out: list[int] = []
        while start < _FREE_SECTOR:
            if start >= min(len(table), limit) or len(out) >= limit:
                return None  # a pointer outside the file, or a loop
            out.append(start)
            start = table[start]
        return out

    directory = chain(dir_start, fat, count)
    if not directory:
        return None
    entries = b"".join(data[at(s) : at(s) + size] for s in directory)
    found: dict[str, tuple[int, int, int]] = {}
    for e in range(0, len(entries) - 127, 128):
        name_len = min(struct.unpack_from("<H", entries, e + 64)[0], 64)
        name = entries[e : e + max(name_len - 2, 0)].decode("utf-16-le", "replace").casefold()
        kind, start, length = entries[e + 66], *struct.unpack_from("<II", entries, e + 116)
        found.setdefault("root" if e == 0 else name, (kind, start, length))
    kind, start, length = next((found[n] for n in names if n in found), (0, 0, 0))
    if kind != 2:
        return None
    if length >= mini_cutoff:
        sectors = chain(start, fat, count)
        if sectors is None or len(sectors) * size < length:
            return None
        offsets = [at(s) for s in sectors]
        unit = size
    else:
        root = chain(found["root"][1], fat, count) if "root" in found else None
        minifat_chain = chain(minifat_start, fat, count)
        if root is None or minifat_chain is None:
            return None
        minifat: list[int] = []
        for s in minifat_chain:
            minifat.extend(struct.unpack_from(f"<{size // 4}I", data, at(s)))
        minis = chain(start, minifat, len(root) * size // 64)
        if minis is None or len(minis) * 64 < length:
            return None
        offsets = [at(root[m * 64 // size]) + m * 64 % size for m in minis]
        unit = 64
    content = b"".join(data[o : o + unit] for o in offsets)[:length]
    return content, unit, offsets


def _far_cell_records(stream: bytes) -> tuple[list[int], dict[str, str]]:
    """Positions of the cell records beyond the read bound, and the sheets holding them with the first one."""
    from pmprb_cli.workbook import cell_ref  # (only legacy files come here; workbook imports this module lazily)

    names: dict[int, str] = {}
    biff8 = True
    sheet = ""
    far: list[int] = []
    truncated: dict[str, str] = {}
    pos, end = 0, len(stream) - 4
    while pos <= end:
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        if body + length > len(stream):
            if kind in _READ_RECORDS:
                # An upload cut short inside a record whose fields are read here: they ran past the stream.
                raise WorkbookError("berkas .xls terpotong (catatan terakhirnya tidak utuh)", code="PMPRB-E103")
            break  # other bytes past the end (slack after the last EOF, which calamine reads past too)
        if kind == 0x002F:  # FILEPASS: what follows is encrypted (a password to open, RC4 or XOR)
            raise WorkbookError("dilindungi kata sandi (terenkripsi)", code="PMPRB-E104")
        if kind == 0x0809 and length >= 2:  # BOF: a new substream (globals or a sheet)
            if pos == 0:
                biff8 = struct.unpack_from("<H", stream, body)[0] == 0x0600
            sheet = names.get(pos, "")
        elif kind == 0x0085 and length >= 8:  # BOUNDSHEET: where a sheet's BOF is, and its name
            cch = stream[body + 6]
            if biff8:
                wide = stream[body + 7] & 1
                raw = stream[body + 8 : body + 8 + cch * (2 if wide else 1)]
                name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
                names[struct.unpack_from("<I", stream, body)[0]] = name
            else:
                names[struct.unpack_from("<I", stream, body)[0]] = stream[body + 7 : body + 7 + cch].decode("latin-1")
        elif (kind in _CELL_RECORDS or kind in _MULTI_CELL_RECORDS) and length >= 4:
            row, col = struct.unpack_from("<HH", stream, body)
            if kind in _MULTI_CELL_RECORDS and length >= 6:
                col = struct.unpack_from("<H", stream, body + length - 2)[0]
            if row >= MAX_ROW or col >= MAX_COL:
                far.append(pos)
                truncated.setdefault(sheet, cell_ref(row, col))  # (named by PMPRB-W108: "IV65536", not "kolom XFD")
        pos = body + length
    return far, truncated


# Excel's built-in number formats that show a percentage (0% and 0.00%), as in the xlsx reader.
_BUILTIN_PERCENT = frozenset({9, 10})
_FORMAT, _XF, _BOF, _EOF, _BOUNDSHEET = 0x041E, 0x00E0, 0x0809, 0x000A, 0x0085
_NUMBER, _RK, _MULRK, _FORMULA, _BOOLERR = 0x0203, 0x027E, 0x00BD, 0x0006, 0x0205
_ROW = 0x0208
_ROW_HIDDEN = 0x20  # (fDyZero of the ROW record's grbit: a row hidden by hand or by a filter)
#: The error values of BIFF8 (a FORMULA's cached result, a BOOLERR typed), as a spreadsheet shows them.
_ERROR_TEXTS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}

#: Of one sheet: the percent-formatted number cells, the formula cells, the cells showing an error value, and
#: the rows hidden.
XlsCellFacts = tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]], dict[tuple[int, int], str], frozenset[int]]


def xls_cell_facts(data: bytes, sheet: str) -> XlsCellFacts:
    """Of one sheet of an .xls file: percent-formatted number cells, formula cells, error values shown, hidden rows.

    All as 0-based (row, col), the error cells (#DIV/0!…) with their text, the rows as 0-based numbers (a blank
    answer in a hidden row was PMPRB-W432 in an .xlsx and not in the same workbook saved as .xls). calamine
    reads none of them from .xls (an error as an empty cell: an answer showing #DIV/0! was "rumus yang hasilnya
    kosong … simpan ulang", as no .xlsx says it); an .xls that cannot be walked gives nothing (it was read and
    bounded already: these refine what is said, they guard nothing).
    """
    stream = _ole_workbook_stream(data)
    if stream is None:
        return frozenset(), frozenset(), {}, frozenset()
    content = stream[0]
    custom: dict[int, bool] = {}
    xf_formats: list[int] = []
    offsets: dict[int, str] = {}
    percent: set[tuple[int, int]] = set()
    formulas: set[tuple[int, int]] = set()
    errors: dict[tuple[int, int], str] = {}
    hidden: set[int] = set()
    current = ""
    # BIFF5 (Excel 5.0/95) writes names as bytes without BIFF8's flags byte: read as BIFF8, sheet 'LKE' was 'KE'
    # and nothing of it was found (its globals' BOF says which).
    biff8 = len(content) >= 6 and struct.unpack_from("<H", content, 4)[0] >= 0x0600
    pos, end = 0, len(content) - 4
    while pos <= end:
        kind, length = struct.unpack_from("<HH", content, pos)
        if pos + 4 + length > len(content):
            break  # a record cut short (bound_xls refused such a file; this guards a direct call)
        body = content[pos + 4 : pos + 4 + length]
        if kind == _BOF:
            current = offsets.get(pos, "")
        elif kind == _FORMAT and length >= 5 and biff8:
            ifmt, cch, flags = struct.unpack_from("<HHB", body)
            raw = body[5 : 5 + cch * (2 if flags & 1 else 1)]
            custom[ifmt] = _shows_percent(raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace"))
        elif kind == _FORMAT and length >= 3 and not biff8:
            ifmt, cch = struct.unpack_from("<HB", body)
            custom[ifmt] = _shows_percent(body[3 : 3 + cch].decode("latin-1", "replace"))
        elif kind == _XF and length >= 4:
            xf_formats.append(struct.unpack_from("<H", body, 2)[0])
        elif kind == _BOUNDSHEET and length >= 8 and biff8:
            cch, flags = body[6], body[7]
            raw = body[8 : 8 + cch * (2 if flags & 1 else 1)]
            offsets[struct.unpack_from("<I", body)[0]] = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        elif kind == _BOUNDSHEET and length >= 7 and not biff8:
            offsets[struct.unpack_from("<I", body)[0]] = body[7 : 7 + body[6]].decode("latin-1", "replace")
        elif current == sheet and kind in (_NUMBER, _RK, _FORMULA) and length >= 6:
            row, col, xf = struct.unpack_from("<HHH", body)
            if kind == _FORMULA:
                formulas.add((row, col))
                # (a cached result that is no number: its type in byte 6, 2 an error, its code in byte 8)
                if length >= 14 and body[12:14] == b"\xff\xff" and body[6] == 2 and body[8] in _ERROR_TEXTS:
                    errors[(row, col)] = _ERROR_TEXTS[body[8]]
            if _is_percent(xf, xf_formats, custom):
                percent.add((row, col))
        elif current == sheet and kind == _BOOLERR and length >= 8:
            row, col = struct.unpack_from("<HH", body)
            if body[7] == 1 and body[6] in _ERROR_TEXTS:  # (an error typed, not a boolean)
                errors[(row, col)] = _ERROR_TEXTS[body[6]]
        elif current == sheet and kind == _ROW and length >= 14:
            if struct.unpack_from("<H", body, 12)[0] & _ROW_HIDDEN:
                hidden.add(struct.unpack_from("<H", body)[0])
        elif current == sheet and kind == _MULRK and length >= 6:
            row, first = struct.unpack_from("<HH", body)
            for n in range((length - 6) // 6):
                if _is_percent(struct.unpack_from("<H", body, 4 + 6 * n)[0], xf_formats, custom):
                    percent.add((row, first + n))
        pos += 4 + length
    return frozenset(percent), frozenset(formulas), errors, frozenset(hidden)


def _shows_percent(code: str) -> bool:
    """Whether a number format shows a percentage: a % outside quoted text, escapes and [brackets]."""
    return "%" in re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)


def _is_percent(xf: int, xf_formats: list[int], custom: dict[int, bool]) -> bool:
    if xf >= len(xf_formats):
        return False
    fmt = xf_formats[xf]
    return fmt in _BUILTIN_PERCENT or custom.get(fmt, False)
