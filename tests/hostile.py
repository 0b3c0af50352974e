"""Builders of hostile input files, made in code in a given folder (no binary fixtures are committed).

Each builder writes one file (or FIFO, symlink, folder) named after its case and returns its path. A case
that needs a tool this machine lacks (LibreOffice for .xls, msoffcrypto-tool for encryption) raises
:class:`Unavailable`, which the tests turn into a skip.

Zip parts are written by hand where the headers must lie; deflate streams of gigabytes are made from one
compressed block repeated (after a full flush a block holds no back-reference, so copies concatenate).
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from pmprb_cli.models import Rubric

from .factories import random_answers, write_official

MiB = 1 << 20
_SPACES = b" " * MiB
_ITEM = "A.I.1.a"  # the first item of lke-rb-2014: its answer cell is where a hostile value goes


class Unavailable(Exception):
    """A case cannot be built on this machine (a tool is missing); the test skips it."""


@dataclass(frozen=True)
class Part:
    """One zip member as it will be written: its stored bytes and what its headers declare."""

    name: str
    stream: bytes
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED


def deflate(name: str, content: bytes) -> Part:
    """An honest deflated member."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Part(name, c.compress(content) + c.flush(), zlib.crc32(content), len(content))


def write_zip(path: Path, parts: list[Part]) -> Path:
    """Write a zip archive member by member, trusting each :class:`Part`'s declared size and CRC."""
    out = io.BytesIO()
    central = io.BytesIO()
    for p in parts:
        name = p.name.encode()
        offset = out.tell()
        fields = (20, 0, p.method, 0, 0x21, p.crc, len(p.stream), p.size, len(name))
        out.write(struct.pack("<4sHHHHHLLLHH", b"PK\x03\x04", *fields, 0) + name + p.stream)
        central.write(struct.pack("<4sHHHHHHLLLHHHHHLL", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + name)
    cd = central.getvalue()
    eocd = struct.pack("<4sHHHHLLH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(cd), out.tell(), 0)
    path.write_bytes(out.getvalue() + cd + eocd)
    return path


def padded_stream(prefix: bytes, pad_mib: int, suffix: bytes) -> tuple[bytes, int, int]:
    """A deflate stream of ``prefix``, ``pad_mib`` MiB of spaces and ``suffix``: (stream, crc32, size).

    Spaces between XML elements are legal, so the part stays a well-formed sheet however much it inflates.
    """
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(_SPACES) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.compress(suffix) + c.flush()
    crc = zlib.crc32(prefix)
    for _ in range(pad_mib):
        crc = zlib.crc32(_SPACES, crc)
    return head + block * pad_mib + tail, zlib.crc32(suffix, crc), len(prefix) + pad_mib * MiB + len(suffix)


def parts_of(path: Path) -> dict[str, bytes]:
    """The members of a zip file, in order."""
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i.filename) for i in zf.infolist()}


def rezip(path: Path, parts: dict[str, bytes]) -> Path:
    """Write members honestly."""
    return write_zip(path, [deflate(n, c) for n, c in parts.items()])


SHEET = "xl/worksheets/sheet1.xml"
SST = "xl/sharedStrings.xml"
_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>', re.S)


def with_shared_strings(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Move openpyxl's inline strings to a shared-strings part, as Excel and LibreOffice write them."""
    strings: list[bytes] = []

    def shared(m: re.Match[bytes]) -> bytes:
        strings.append(m.group(2))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (m.group(1), len(strings) - 1)

    out = dict(parts)
    out[SHEET] = _INLINE.sub(shared, parts[SHEET])
    items = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % s for s in strings)
    out[SST] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
        % (len(strings), len(strings), items)
    )
    out["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    out["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSst" Target="sharedStrings.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        b"</Relationships>",
    )
    return out


def good(folder: Path, rubric: Rubric, name: str = "good.xlsx", seed: int = 1) -> Path:
    """A normal workbook that must still be scored next to the hostile ones."""
    return write_official(folder / name, rubric, random_answers(rubric, random.Random(seed)))


def _base(folder: Path, rubric: Rubric) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        return parts_of(good(Path(tmp), rubric, seed=7))


def _split_sheet(sheet: bytes) -> tuple[bytes, bytes]:
    cut = sheet.index(b"</sheetData>")
    return sheet[:cut], sheet[cut:]


# --- zip bombs ---------------------------------------------------------------------------------------


def zip_bomb_honest(folder: Path, rubric: Rubric) -> Path:
    """The sheet part declares (truthfully) that it inflates to 3 GiB."""
    parts = _base(folder, rubric)
    head, tail = _split_sheet(parts.pop(SHEET))
    stream, crc, size = padded_stream(head, 3 * 1024, tail)
    members = [deflate(n, c) for n, c in parts.items()] + [Part(SHEET, stream, crc, size)]
    return write_zip(folder / "bomb-honest.xlsx", members)


def _lying(parts: dict[str, bytes], name: str, pad_mib: int) -> Part:
    """A member whose headers declare only its first 4 KiB (with that prefix's CRC) but inflate to more."""
    head, tail = _split_sheet(parts[name]) if name == SHEET else (parts[name], b"")
    stream, _crc, size = padded_stream(head, pad_mib, tail)
    declared = min(4096, size)
    prefix = (head + _SPACES)[:declared]
    return Part(name, stream, zlib.crc32(prefix), declared)


def zip_bomb_lying(folder: Path, rubric: Rubric) -> Path:
    """The sheet part declares 4 KiB but inflates to 200 MiB (a reader that trusts headers is fooled)."""
    parts = _base(folder, rubric)
    members = [deflate(n, c) for n, c in parts.items() if n != SHEET] + [_lying(parts, SHEET, 200)]
    return write_zip(folder / "bomb-lying.xlsx", members)


def zip_bomb_hidden(folder: Path, rubric: Rubric) -> Path:
    """The sheet lives in a part not named .xml (legal: relationships name parts) and lies about its size."""
    parts = _base(folder, rubric)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"worksheets/sheet1.xml", b"worksheets/sheet1.bin"
    )
    parts["xl/worksheets/sheet1.bin"] = parts.pop(SHEET)
    lying = _lying({SHEET: parts["xl/worksheets/sheet1.bin"]}, SHEET, 200)
    members = [deflate(n, c) for n, c in parts.items() if n != "xl/worksheets/sheet1.bin"]
    members.append(Part("xl/worksheets/sheet1.bin", lying.stream, lying.crc, lying.size))
    return write_zip(folder / "bomb-hidden-part.xlsx", members)


def zip_bomb_total(folder: Path, rubric: Rubric) -> Path:
    """Six extra parts, each just under the per-part bound and honest, add up past the total bound."""
    parts = _base(folder, rubric)
    members = [deflate(n, c) for n, c in parts.items()]
    for i in range(6):
        stream, crc, size = padded_stream(b"<x>", 50, b"</x>")
        members.append(Part(f"customXml/item{i}.xml", stream, crc, size))
    return write_zip(folder / "bomb-total.xlsx", members)


# --- XML ---------------------------------------------------------------------------------------------

#: Billion laughs: ten levels of entities, each ten of the one before.
_LAUGHS = b'<!ENTITY lol0 "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
)


def entity_bomb(folder: Path, rubric: Rubric) -> Path:
    """Billion laughs in xl/sharedStrings.xml of an otherwise valid workbook."""
    parts = with_shared_strings(_base(folder, rubric))
    parts[SST] = parts[SST].replace(b"<sst ", b"<!DOCTYPE sst [" + _LAUGHS + b"]>\n<sst ", 1)
    parts[SST] = parts[SST].replace(b"<si>", b"<si><t>&lol9;</t></si><si>", 1)
    return rezip(folder / "entity-bomb.xlsx", parts)


def entity_bomb_after_long_comment(folder: Path, rubric: Rubric) -> Path:
    """Billion laughs whose DOCTYPE follows a 10 KB comment, beyond any fixed-size look at the start."""
    parts = parts_of(entity_bomb(folder, rubric))
    parts[SST] = parts[SST].replace(b"<!DOCTYPE", b"<!--" + b" padding" * 1250 + b" --><!DOCTYPE", 1)
    return rezip(folder / "entity-bomb-late.xlsx", parts)


def entity_bomb_inside_root(folder: Path, rubric: Rubric) -> Path:
    """Billion laughs declared inside the string table's root: malformed XML that no parser expands."""
    parts = with_shared_strings(_base(folder, rubric))
    root_end = parts[SST].index(b">", parts[SST].index(b"<sst ")) + 1
    parts[SST] = parts[SST][:root_end] + b"<!DOCTYPE sst [" + _LAUGHS + b"]>" + parts[SST][root_end:]
    parts[SST] = parts[SST].replace(b"<si>", b"<si><t>&lol9;</t></si><si>", 1)
    return rezip(folder / "entity-bomb-inside.xlsx", parts)


def entity_bomb_after_many_instructions(folder: Path, rubric: Rubric) -> Path:
    """Billion laughs whose DOCTYPE follows a million processing instructions: refused after the thousandth."""
    parts = parts_of(entity_bomb(folder, rubric))
    parts[SST] = parts[SST].replace(b"<!DOCTYPE", b"<?a?>" * 1_000_000 + b"<!DOCTYPE", 1)
    return rezip(folder / "entity-bomb-instructions.xlsx", parts)


_RELS = "xl/_rels/workbook.xml.rels"


def _rels_with_bomb(parts: dict[str, bytes]) -> str:
    """The workbook's relationships with a billion laughs in their prolog and a use in the root, as text."""
    rels = parts[_RELS].decode("utf-8")
    rels = rels.replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "").lstrip()
    root_end = rels.index(">") + 1
    return "\n<!DOCTYPE Relationships [" + _LAUGHS.decode() + "]>" + rels[:root_end] + "&lol9;" + rels[root_end:]


def entity_bomb_utf16_unmarked(folder: Path, rubric: Rubric) -> Path:
    """Billion laughs in the workbook's relationships, UTF-16 without byte-order mark, starting with a newline.

    expat reads such text as UTF-16 (it looks for NUL bytes, not only for "<"); the guard must too.
    """
    parts = _base(folder, rubric)
    parts[_RELS] = _rels_with_bomb(parts).encode("utf-16-le")
    return rezip(folder / "entity-bomb-utf16.xlsx", parts)


def entity_bomb_utf16_undecodable(folder: Path, rubric: Rubric) -> Path:
    """The same bomb marked UTF-16 with a stray last byte: it does not decode, yet a parser reads its start."""
    parts = _base(folder, rubric)
    parts[_RELS] = _rels_with_bomb(parts).encode("utf-16") + b"\0"
    return rezip(folder / "entity-bomb-utf16-odd.xlsx", parts)


def styles_bomb(folder: Path, rubric: Rubric) -> Path:
    """110 000 cell formats (Excel makes at most 64 000) in a 2 MB styles part, under every size and ratio bound.

    A million of them, in a 1,4 MB file, took the bounded reader 111 s and 989 MB.
    """
    parts = _base(folder, rubric)
    styles = parts["xl/styles.xml"]
    formats = b"".join(b'<xf numFmtId="%d" fontId="0"/>' % (n % 50) for n in range(110_000))
    parts["xl/styles.xml"] = styles.replace(b"</cellXfs>", formats + b"</cellXfs>", 1)
    return rezip(folder / "styles-bomb.xlsx", parts)


def relationships_bomb(folder: Path, rubric: Rubric) -> Path:
    """250 000 relationships of the workbook to parts nobody reads (calamine built every one: 474 MB at 500 000)."""
    parts = _base(folder, rubric)
    extra = b"".join(b'<Relationship Id="rX%d" Type="urn:x" Target="x%d.bin"/>' % (n, n) for n in range(250_000))
    parts[_RELS] = parts[_RELS].replace(b"</Relationships>", extra + b"</Relationships>", 1)
    return rezip(folder / "relationships-bomb.xlsx", parts)


def _with_cell(folder: Path, rubric: Rubric, name: str, extra_rows: bytes, root_ns: bytes = b"") -> Path:
    parts = _base(folder, rubric)
    head, tail = _split_sheet(parts[SHEET])
    if root_ns:
        head = head.replace(b"<worksheet ", b"<worksheet " + root_ns + b" ", 1)
    parts[SHEET] = head + extra_rows + tail
    return rezip(folder / name, parts)


def far_cell(folder: Path, rubric: Rubric) -> Path:
    """A value in XFD1048576 of an otherwise normal LKE sheet, written by openpyxl."""
    path = good(folder, rubric, "far-cell-XFD1048576.xlsx", seed=3)
    wb = openpyxl.load_workbook(path)
    ws = wb["LKE"]
    ws["XFD1048576"] = "x"
    wb.save(path)
    return path


def far_cell_past_the_sheet_cap(folder: Path, rubric: Rubric) -> Path:
    """XFD1048576 on a sheet past the cap: those sheets went unchecked (15 s and 1 GB for a 98 KB file)."""
    from pmprb_cli.xlsx_guard import MAX_SHEETS

    path = good(folder, rubric, "far-cell-past-the-sheet-cap.xlsx", seed=3)
    wb = openpyxl.load_workbook(path)
    for n in range(MAX_SHEETS - len(wb.sheetnames)):
        wb.create_sheet(f"Kosong {n}")
    wb.create_sheet("Jauh")["XFD1048576"] = "x"
    wb.save(path)
    return path


def far_cell_single_quotes(folder: Path, rubric: Rubric) -> Path:
    """XFD1048576 with single-quoted attributes (legal XML that a double-quote-only scan misses)."""
    row = b"<row r='1048576'><c r='XFD1048576' t='n'><v>1</v></c></row>"
    return _with_cell(folder, rubric, "far-cell-single-quotes.xlsx", row)


def far_cell_prefixed(folder: Path, rubric: Rubric) -> Path:
    """XFD1048576 in elements with a namespace prefix (legal XML; some generators write ``x:``)."""
    ns = b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    row = b'<x:row r="1048576"><x:c r="XFD1048576" t="n"><x:v>1</x:v></x:c></x:row>'
    return _with_cell(folder, rubric, "far-cell-prefixed.xlsx", row, ns)


def parts_apart_only_in_case(folder: Path, rubric: Rubric) -> Path:
    """xl/worksheets/Sheet1.xml beside sheet1.xml: one part twice for OPC, which readers choose between."""
    parts = _base(folder, rubric)
    parts["xl/worksheets/Sheet1.xml"] = parts[SHEET]
    return rezip(folder / "parts-apart-only-in-case.xlsx", parts)


def repacked_with_bzip2(folder: Path, rubric: Rubric) -> Path:
    """A workbook an archiver packed again with bzip2 (method 12), which neither Excel nor LibreOffice opens."""
    parts = _base(folder, rubric)
    path = folder / "repacked-bzip2.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def many_defined_names(folder: Path, rubric: Rubric) -> Path:
    """60 000 hidden defined names, as workbooks copied from workbook to workbook collect them: read as usual."""
    parts = _base(folder, rubric)
    names = b"".join(b'<definedName name="_N%d" hidden="1">LKE!$A$1</definedName>' % n for n in range(60_000))
    workbook = parts["xl/workbook.xml"]
    if b"<definedNames>" in workbook:
        workbook = workbook.replace(b"<definedNames>", b"<definedNames>" + names, 1)
    else:
        workbook = workbook.replace(b"</sheets>", b"</sheets><definedNames>" + names + b"</definedNames>", 1)
    parts["xl/workbook.xml"] = workbook
    return rezip(folder / "many-defined-names.xlsx", parts)


def two_sheets_of_one_name(folder: Path, rubric: Rubric) -> Path:
    """The workbook lists two sheets named LKE (calamine read the first, the formula search the second)."""
    parts = _base(folder, rubric)
    workbook = parts["xl/workbook.xml"]
    start = workbook.index(b"<sheet ")
    first = workbook[start : workbook.index(b"/>", start) + 2]
    parts["xl/workbook.xml"] = workbook.replace(first, first + first.replace(b'sheetId="', b'sheetId="9', 1), 1)
    return rezip(folder / "two-sheets-of-one-name.xlsx", parts)


def unconvertible_numbers_on_the_bounded_reader(folder: Path, rubric: Rubric) -> Path:
    """Numbers openpyxl cannot convert (61,4 and NaN), on a sheet the bounded reader takes (its far cell).

    The whole workbook was E103 "pesan teknis pembaca: invalid literal for int() with base 10: '61,4'".
    """
    ns = b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    row = (
        b'<x:row r="9000"><x:c r="A9000"><x:v>61,4</x:v></x:c><x:c r="B9000"><x:v>NaN</x:v></x:c>'
        b'<x:c r="C9000" t="b"><x:v>yes</x:v></x:c><x:c r="D9000" t="d"><x:v>kemarin</x:v></x:c>'
        b'<x:c r="E9000" s="x1"><x:v>5</x:v></x:c></x:row>'
        b'<x:row r="1048576"><x:c r="XFD1048576" t="n"><x:v>1</x:v></x:c></x:row>'
    )
    return _with_cell(folder, rubric, "unconvertible-numbers.xlsx", row, ns)


def far_cell_char_refs(folder: Path, rubric: Rubric) -> Path:
    """XFD1048576 spelt with character references in the attributes (``&#88;FD…``)."""
    row = b'<row r="&#49;048576"><c r="&#88;FD1048576" t="n"><v>1</v></c></row>'
    return _with_cell(folder, rubric, "far-cell-char-refs.xlsx", row)


def far_cell_r_not_first(folder: Path, rubric: Rubric) -> Path:
    """XFD1048576 with the r attribute after another one (legal XML; the plain-tag scan expects r first)."""
    row = b'<row spans="1:1" r="1048576"><c t="n" r="XFD1048576"><v>1</v></c></row>'
    return _with_cell(folder, rubric, "far-cell-r-not-first.xlsx", row)


def far_cell_two_refs(folder: Path, rubric: Rubric) -> Path:
    """An in-bound row whose cell has a plain r and a second r at XFD1048576 (calamine takes the last)."""
    row = b'<row r="9000"><c r="A9000" r="XFD1048576" t="n"><v>1</v></c></row>'
    return _with_cell(folder, rubric, "far-cell-two-refs.xlsx", row)


def far_cell_second_ref_spelt_oddly(folder: Path, rubric: Rubric) -> Path:
    """A second r in single quotes, with spaces round '=', glued to the value before: all read by calamine."""
    row = (
        b'<row r="9000"><c r="A9000" r=\'XFD1048576\'><v>1</v></c>'
        b'<c r="B9000" r = "XFD1048575"><v>1</v></c><c r="C9000"r="XFD1048574"><v>1</v></c></row>'
    )
    return _with_cell(folder, rubric, "far-cell-second-ref-odd.xlsx", row)


def utf16_marked_sheet(folder: Path, rubric: Rubric) -> Path:
    """A UTF-16 byte-order mark before a UTF-8 sheet with XFD1048576: calamine ignores the mark."""
    parts = _base(folder, rubric)
    head, tail = _split_sheet(parts[SHEET])
    parts[SHEET] = b"\xff\xfe" + head + b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>' + tail
    return rezip(folder / "utf16-marked-sheet.xlsx", parts)


def utf16_marked_shared_strings(folder: Path, rubric: Rubric) -> Path:
    """A UTF-16 byte-order mark before UTF-8 shared strings that declare four billion entries."""
    parts = with_shared_strings(_base(folder, rubric))
    parts[SST] = b"\xff\xfe" + _four_billion_strings(parts[SST])
    return rezip(folder / "utf16-marked-sst.xlsx", parts)


def rows_without_refs(folder: Path, rubric: Rubric) -> Path:
    """Cells without ``r`` (positions implied) from column DA to XFD, then 200,000 rows without ``r``."""
    wide = b'<row><c r="DA204"><v>1</v></c>' + b"<c><v>1</v></c>" * (16384 - 105) + b"</row>"
    return _with_cell(folder, rubric, "rows-without-refs.xlsx", wide + b"<row/>" * 200_000)


def million_rows(folder: Path, rubric: Rubric) -> Path:
    """An LKE sheet followed by rows up to 1,048,576, the sheet XML streamed into the zip."""
    parts = _base(folder, rubric)
    head, tail = _split_sheet(parts[SHEET])
    first = int(re.findall(rb'<row r="([0-9]+)"', head)[-1]) + 1
    path = folder / "million-rows.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, content in parts.items():
            if name != SHEET:
                zf.writestr(name, content)
        with zf.open(SHEET, "w") as sheet:
            sheet.write(head)
            for start in range(first, 1_048_577, 10_000):
                stop = min(start + 10_000, 1_048_577)
                sheet.write(
                    b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(start, stop))
                )
            sheet.write(tail)
    return path


def long_cell(folder: Path, rubric: Rubric) -> Path:
    """A 32,767-character answer (Excel's cell limit) in an otherwise normal workbook."""
    answers = random_answers(rubric, random.Random(5))
    answers[_ITEM] = "ya " * 10922 + "y"
    assert len(str(answers[_ITEM])) == 32767
    return write_official(folder / "long-cell.xlsx", rubric, answers)


def sst_truncated(folder: Path, rubric: Rubric) -> Path:
    """Shared strings cut off mid-element."""
    parts = with_shared_strings(_base(folder, rubric))
    parts[SST] = parts[SST][: len(parts[SST]) // 2]
    return rezip(folder / "sst-truncated.xlsx", parts)


def sst_bad_index(folder: Path, rubric: Rubric) -> Path:
    """Cells point past the end of the shared strings."""
    parts = with_shared_strings(_base(folder, rubric))
    parts[SHEET] = re.sub(rb'(t="s"><v>)[0-9]+', rb"\g<1>999999999", parts[SHEET])
    return rezip(folder / "sst-bad-index.xlsx", parts)


def _four_billion_strings(sst: bytes) -> bytes:
    return re.sub(rb'count="[0-9]+" uniqueCount="[0-9]+"', b'count="4294967295" uniqueCount="4294967295"', sst)


def sst_huge_count(folder: Path, rubric: Rubric) -> Path:
    """Shared strings that declare four billion entries (a reader reserving that much would die)."""
    parts = with_shared_strings(_base(folder, rubric))
    parts[SST] = _four_billion_strings(parts[SST])
    return rezip(folder / "sst-huge-count.xlsx", parts)


def sst_huge_count_after_comment(folder: Path, rubric: Rubric) -> Path:
    """Four billion entries declared by a root that a 5 KB comment pushes past any look at the start."""
    parts = with_shared_strings(_base(folder, rubric))
    declaration, rest = _four_billion_strings(parts[SST]).split(b"\n", 1)
    parts[SST] = declaration + b"\n<!--" + b" padding" * 640 + b" -->" + rest
    return rezip(folder / "sst-huge-count-late.xlsx", parts)


def sst_huge_count_nested(folder: Path, rubric: Rubric) -> Path:
    """Four billion entries declared by an sst element nested deep in another root (calamine reads it)."""
    parts = with_shared_strings(_base(folder, rubric))
    declaration, rest = _four_billion_strings(parts[SST]).split(b"\n", 1)
    parts[SST] = declaration + b"\n<w>" + b"<p/>" * 2000 + rest + b"</w>"
    return rezip(folder / "sst-huge-count-nested.xlsx", parts)


def sst_missing(folder: Path, rubric: Rubric) -> Path:
    """Cells use shared strings but the part is absent."""
    parts = with_shared_strings(_base(folder, rubric))
    del parts[SST]
    return rezip(folder / "sst-missing.xlsx", parts)


# --- broken or foreign files -------------------------------------------------------------------------


def truncated(folder: Path, rubric: Rubric) -> Path:
    """The first half of a workbook (an interrupted download)."""
    data = good(folder, rubric, "truncated.xlsx", seed=8).read_bytes()
    (folder / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    return folder / "truncated.xlsx"


def corrupt(folder: Path, rubric: Rubric) -> Path:
    """A workbook with 2 KiB of its middle overwritten by noise."""
    data = bytearray(good(folder, rubric, "corrupt.xlsx", seed=9).read_bytes())
    mid = len(data) // 3
    data[mid : mid + 2048] = random.Random(9).randbytes(2048)
    (folder / "corrupt.xlsx").write_bytes(bytes(data))
    return folder / "corrupt.xlsx"


def encrypted(folder: Path, rubric: Rubric) -> Path:
    """A workbook encrypted with a password by msoffcrypto-tool (Agile encryption, as Excel does)."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError as exc:
        raise Unavailable("msoffcrypto-tool is not installed (pip install -e '.[test]')") from exc
    plain = good(folder, rubric, "encrypted.xlsx", seed=10)
    out = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("rahasia", out)
    plain.write_bytes(out.getvalue())
    return plain


def _to_xls(folder: Path, rubric: Rubric, name: str, far_cell: str = "") -> Path:
    """A factory workbook (seed 11), optionally with a value in ``far_cell``, converted to .xls by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise Unavailable("LibreOffice (soffice) is not on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        src = good(Path(tmp), rubric, f"{name}.xlsx", seed=11)
        if far_cell:
            wb = openpyxl.load_workbook(src)
            wb["LKE"][far_cell] = "x"
            wb.save(src)
        profile = Path(tmp, "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xls", "--outdir", tmp]
        done = subprocess.run([*cmd, str(src)], capture_output=True, timeout=180, check=False)
        made = Path(tmp, f"{name}.xls")
        if done.returncode != 0 or not made.exists():
            raise Unavailable(f"soffice could not convert: {done.stderr.decode(errors='replace')[:200]}")
        return Path(shutil.copy(made, folder / made.name))


def legacy_xls(folder: Path, rubric: Rubric) -> Path:
    """A factory workbook converted to Excel 97-2003 (.xls) by LibreOffice."""
    return _to_xls(folder, rubric, "legacy")


def legacy_xls_far_cell(folder: Path, rubric: Rubric) -> Path:
    """An .xls with a value in IV65536, its last cell (a dense reader builds 16.7 million cells)."""
    return _to_xls(folder, rubric, "legacy-far-cell", far_cell="IV65536")


def ole_file(stream: bytes) -> bytes:
    """A minimal OLE compound file whose Workbook stream is ``stream`` (regular sectors, one FAT sector)."""
    size = 512
    header = bytearray(size)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<II", header, 0x2C, 1, 1)  # one FAT sector; the directory at sector 1
    struct.pack_into("<IIIII", header, 0x38, 0, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)  # mini cutoff 0: no mini stream
    struct.pack_into("<109I", header, 0x4C, 0, *([0xFFFFFFFF] * 108))
    sectors = max(1, -(-len(stream) // size))
    fat = [0xFFFFFFFD, 0xFFFFFFFE, *(3 + i for i in range(sectors - 1)), 0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (size // 4 - len(fat))

    def entry(name: str, kind: int, start: int, length: int) -> bytes:
        out = bytearray(128)
        raw = (name + "\0").encode("utf-16-le")
        out[0 : len(raw)] = raw
        struct.pack_into("<H", out, 64, len(raw))
        out[66] = kind
        struct.pack_into("<III", out, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        struct.pack_into("<II", out, 116, start, length)
        return bytes(out)

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0) + entry("Workbook", 2, 2, len(stream)) + bytes(256)
    body = stream + bytes(sectors * size - len(stream))
    return bytes(header) + struct.pack(f"<{size // 4}I", *fat) + directory + body


def xls_cut_short(folder: Path, rubric: Rubric) -> Path:
    """An .xls upload cut short: its Workbook stream ends inside a record (the guard read past it: exit 3)."""
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)
    boundsheet_header = struct.pack("<HH", 0x0085, 8)  # says 8 bytes follow; the stream ends here
    (folder / "cut-short.xls").write_bytes(ole_file(bof + boundsheet_header))
    return folder / "cut-short.xls"


def xls_bof_header_only(folder: Path, rubric: Rubric) -> Path:
    """An .xls whose Workbook stream is a BOF record's header alone."""
    (folder / "bof-only.xls").write_bytes(ole_file(struct.pack("<HH", 0x0809, 16)))
    return folder / "bof-only.xls"


def xls_panicking(folder: Path, rubric: Rubric) -> Path:
    """A 2 KB BIFF5 .xls on which calamine's Rust code panics (cfb.rs): reported, the panic's print kept off stderr."""

    def record(kind: int, data: bytes) -> bytes:
        return struct.pack("<HH", kind, len(data)) + data

    name = b"LKE"
    globals_ = record(0x0809, struct.pack("<HHHH", 0x0500, 0x0005, 0, 0))
    offset = len(globals_) + len(record(0x0085, struct.pack("<IBBB", 0, 0, 0, len(name)) + name)) + 4
    globals_ += record(0x0085, struct.pack("<IBBB", offset, 0, 0, len(name)) + name) + record(0x000A, b"")
    sheet = record(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0, 0))
    sheet += record(0x0204, struct.pack("<HHHH", 0, 0, 15, 5) + b"Jawab")
    sheet += record(0x0204, struct.pack("<HHHH", 1, 0, 15, 0xFFFF) + b"x") + record(0x000A, b"")
    (folder / "panic.xls").write_bytes(ole_file(globals_ + sheet))
    return folder / "panic.xls"


def empty(folder: Path, rubric: Rubric) -> Path:
    """Zero bytes."""
    (folder / "empty.xlsx").write_bytes(b"")
    return folder / "empty.xlsx"


def csv_renamed(folder: Path, rubric: Rubric) -> Path:
    """A CSV export given the .xlsx suffix."""
    (folder / "csv-renamed.xlsx").write_text("Kode;Jawaban\nA.I.1.a;Ya\nA.I.1.b;B\n", encoding="utf-8")
    return folder / "csv-renamed.xlsx"


def html_renamed(folder: Path, rubric: Rubric) -> Path:
    """An HTML table (what 'export to Excel' of many web apps gives) with a BOM and the .xlsx suffix."""
    html = "\ufeff<html><body><table><tr><td>Jawaban</td><td>Nilai</td></tr><tr><td>Ya</td><td>1</td></tr></table>"
    (folder / "html-renamed.xlsx").write_text(html + "</body></html>", encoding="utf-8")
    return folder / "html-renamed.xlsx"


def ods_renamed(folder: Path, rubric: Rubric) -> Path:
    """An OpenDocument spreadsheet given the .xlsx suffix."""
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        b'<table:table table:name="LKE"><table:table-row><table:table-cell><text:p>Jawaban</text:p>'
        b"</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
        b"</office:document-content>"
    )
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="/" '
        b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        b"</manifest:manifest>"
    )
    mimetype = b"application/vnd.oasis.opendocument.spreadsheet"
    members = [
        Part("mimetype", mimetype, zlib.crc32(mimetype), len(mimetype), zipfile.ZIP_STORED),
        deflate("content.xml", content),
        deflate("META-INF/manifest.xml", manifest),
    ]
    return write_zip(folder / "ods-renamed.xlsx", members)


# --- not regular files -------------------------------------------------------------------------------


def fifo(folder: Path, rubric: Rubric) -> Path:
    """A named pipe with no writer: opening it for reading would block forever."""
    if not hasattr(os, "mkfifo"):
        raise Unavailable("no FIFOs on this system")
    os.mkfifo(folder / "fifo.xlsx")
    return folder / "fifo.xlsx"


def device_link(folder: Path, rubric: Rubric) -> Path:
    """A symlink to /dev/zero: reading it would never end."""
    if not Path("/dev/zero").exists():
        raise Unavailable("no /dev/zero")
    (folder / "dev-zero.xlsx").symlink_to("/dev/zero")
    return folder / "dev-zero.xlsx"


def directory(folder: Path, rubric: Rubric) -> Path:
    """A folder named like a workbook."""
    (folder / "folder.xlsx").mkdir()
    return folder / "folder.xlsx"


def vanishing(folder: Path, rubric: Rubric) -> Path:
    """A normal workbook that the test deletes after the batch is listed and before it is read."""
    return good(folder, rubric, "vanishing.xlsx", seed=12)


@dataclass(frozen=True)
class Case:
    """A hostile input and what pmprb must say about it.

    ``codes`` are acceptable outcomes: a ``failed[]`` code, or a finding code when the rest is readable
    (then ``scored`` is true: the unit is still scored).
    """

    build: Callable[[Path, Rubric], Path]
    codes: frozenset[str]
    scored: bool = False

    @property
    def name(self) -> str:
        """The builder's name, used as the test id."""
        return self.build.__name__


def _c(build: Callable[[Path, Rubric], Path], *codes: str, scored: bool = False) -> Case:
    return Case(build, frozenset(codes), scored)


CASES: tuple[Case, ...] = (
    _c(zip_bomb_honest, "PMPRB-E105"),
    _c(zip_bomb_lying, "PMPRB-E105"),
    _c(zip_bomb_hidden, "PMPRB-E105"),
    _c(zip_bomb_total, "PMPRB-E105"),
    _c(entity_bomb, "PMPRB-E105"),
    _c(entity_bomb_after_long_comment, "PMPRB-E105"),
    _c(entity_bomb_inside_root, "PMPRB-E103"),
    _c(entity_bomb_after_many_instructions, "PMPRB-E105"),
    _c(entity_bomb_utf16_unmarked, "PMPRB-E105"),
    _c(entity_bomb_utf16_undecodable, "PMPRB-E103"),
    _c(styles_bomb, "PMPRB-E105"),
    _c(relationships_bomb, "PMPRB-E105"),
    _c(far_cell, "PMPRB-W108", scored=True),
    _c(far_cell_single_quotes, "PMPRB-W108", scored=True),
    _c(far_cell_past_the_sheet_cap, "PMPRB-E105"),
    _c(far_cell_prefixed, "PMPRB-W108", scored=True),
    _c(far_cell_char_refs, "PMPRB-W108", scored=True),
    _c(unconvertible_numbers_on_the_bounded_reader, "PMPRB-W108", scored=True),
    _c(two_sheets_of_one_name, "PMPRB-E103"),
    _c(many_defined_names, scored=True),
    _c(parts_apart_only_in_case, "PMPRB-E103"),
    _c(repacked_with_bzip2, "PMPRB-E102"),
    _c(far_cell_r_not_first, "PMPRB-W108", scored=True),
    _c(far_cell_two_refs, "PMPRB-E103"),
    _c(far_cell_second_ref_spelt_oddly, "PMPRB-E103"),
    _c(utf16_marked_sheet, "PMPRB-E103"),
    _c(utf16_marked_shared_strings, "PMPRB-E105"),
    _c(rows_without_refs, "PMPRB-W108", scored=True),
    _c(million_rows, "PMPRB-W108", scored=True),
    _c(long_cell, "PMPRB-E402", scored=True),
    _c(sst_truncated, "PMPRB-E103"),
    _c(sst_bad_index, "PMPRB-E103"),
    _c(sst_huge_count, "PMPRB-E103", "PMPRB-E105"),
    _c(sst_huge_count_after_comment, "PMPRB-E105"),
    _c(sst_huge_count_nested, "PMPRB-E105"),
    _c(sst_missing, "PMPRB-E103"),
    _c(truncated, "PMPRB-E103"),
    _c(corrupt, "PMPRB-E103"),
    _c(encrypted, "PMPRB-E104"),
    _c(legacy_xls, scored=True),
    _c(legacy_xls_far_cell, "PMPRB-W108", scored=True),
    _c(xls_cut_short, "PMPRB-E103"),
    _c(xls_bof_header_only, "PMPRB-E103"),
    _c(xls_panicking, "PMPRB-E103"),
    _c(empty, "PMPRB-E107"),
    _c(csv_renamed, "PMPRB-E102"),
    _c(html_renamed, "PMPRB-E102"),
    _c(ods_renamed, "PMPRB-E102"),
    _c(fifo, "PMPRB-E106"),
    _c(device_link, "PMPRB-E106"),
    _c(directory, "PMPRB-E106"),
    _c(vanishing, "PMPRB-E101"),
)


def build_all(folder: Path, rubric: Rubric) -> Iterator[tuple[Case, Path | None, str]]:
    """Build every case in ``folder``: (case, path or None, reason it is unavailable)."""
    for case in CASES:
        try:
            yield case, case.build(folder, rubric), ""
        except Unavailable as exc:
            yield case, None, str(exc)
