"""Look at a spreadsheet file before any parser does, and refuse what could hurt.

Hostile files are expected: zip bombs, XML entity bombs, a value in cell XFD1048576, encrypted or legacy
files, FIFOs. Everything here is bounded: the file is read once (at most :data:`MAX_FILE_BYTES`); every
member of the archive is inflated here first, by our own bounded inflater that believes no header (a part
that inflates past what its header declares is a zip bomb); parsers get a copy holding only the parts they
read as XML, each checked: a DTD is refused outright (OOXML never needs one), and a worksheet whose cells
could make a parser build a huge grid is flagged for the bounded reader.
Standard library only, but for zlib-ng (a faster zlib).

Why so strict about worksheets: python-calamine turns a sheet into one dense grid from the top-left to the
farthest cell it sees, so one value in XFD1048576 asks for 17 billion cells and aborts the whole process
(a Rust allocation failure is not an exception). Likewise it reserves room for as many shared strings as
``uniqueCount`` claims. Only sheets proven small by a cheap scan go to calamine.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import stat
import string
import struct
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from io import BytesIO
from typing import Any, NamedTuple, Protocol
from xml.parsers import expat

# zlib-ng reads the same deflate streams and computes the same CRC-32 as zlib, faster where the guard spends
# its time: on an LKE sheet inflating 169 → 76 µs and the CRC 33 → 8 µs (the zlib Python links here has no
# SIMD CRC). Every member of every workbook goes through both.
from zlib_ng import zlib_ng as zlib

from pmprb_cli.errors import WorkbookError, os_reason
from pmprb_cli.files import without_hidden_characters

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_SHEETS = 256  # (a unit may add a sheet of notes per item; none writes hundreds)
#: An LKE has a few thousand texts; calamine reserves memory for as many as the file claims.
MAX_SHARED_STRINGS = 1_000_000
#: The read bound. An LKE has a few hundred rows and a few dozen columns; anything far outside is ignored.
MAX_ROW = 9999
MAX_COL = 104  # column CZ
#: Custom document properties larger than this are not kept (pmprb's own marker takes a few hundred bytes).
MAX_CUSTOM_PROPERTIES_BYTES = 64 * 1024

#: The class zlib-ng's inflater raises (its stubs declare ``error`` as an instance of Exception).
_InflateError: type[Exception] = zlib.error  # type: ignore[assignment]
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book\0".encode("utf-16-le"))
_RIGHTS_MANAGED = ("EncryptedPackage".encode("utf-16-le"), "DRMEncryptedDataSpace".encode("utf-16-le"))
_LOCAL_HEADER = struct.Struct("<4s22xHH")

# Where calamine puts a cell: the r attribute of its <c> tag (the last one, if a tag has several), else the
# next place after the one before (likewise for <row>). A sheet is safe for calamine when every <c> and
# <row> tag starts with an r attribute inside the read bound, written plainly (r first, double quotes), and
# no other attribute named r appears anywhere (a second r, r='…', r = "…", r="…" glued to a value). Anything
# else goes to the bounded reader: rare spellings are read slowly, never unsafely. A few searches, each
# anchored on a literal, cost a fraction of one pattern that validates every attribute of every tag.
# They run once per cell, so their spelling is measured: possessive quantifiers never backtrack (what
# they take is never given back, and nothing after them could use it), and the assertion that rejects
# most candidates (the leading r of a cell) is tried first — a third off the scans of an LKE sheet.
_IN_BOUND_REF = rb"[A-C]?+[A-Z]?+[1-9][0-9]{0,3}+"  # column ≤ CZ, row ≤ 9999
_ODD_CELL_TAG = re.compile(rb'<c(?! r="' + _IN_BOUND_REF + rb'"|[\w.:-])')
# A row beyond the bound that holds no cell is harmless (LibreOffice writes an empty <row r="1048576"> after a
# row is deleted): calamine places cells, not rows. Empty means self-closed or closed right away.
_ODD_ROW_TAG = re.compile(rb'<row(?! r="[1-9][0-9]{0,3}+"|[\w.:-]| r="[0-9]++"[^<>]*+(?:(?<=/)>|></row>))')
_PREFIXED_TAG = re.compile(rb":(?:c|row)[\s/>]")
# An attribute named r (not the end of a longer name like header=) that is not the leading r of a tag.
_OTHER_R_ATTRIBUTE = re.compile(rb"r(?<!<c r)(?<=[^\w:.-]r)(?<!<row r)\s*=")


# The first three searches again for RE2 (google-re2), which has no look-around: each written as the texts its
# pattern finds, in Latin-1 (one character a byte, as Python's bytes patterns read them). RE2 finds "<c", "<row"
# and ":" at memchr speed and runs one automaton, where sre runs its matcher once per cell: 3,0 + 1,0 + 0,7 million
# instructions on an LKE sheet become 1,1 + 0,4 + 0,06 (5 % of a workbook's time). _OTHER_R_ATTRIBUTE, whose
# first character is any, stays with sre (RE2 cost more for it). tests/test_hostile.py compares both on random
# texts of the bytes that matter; the sre patterns above stay the definition, and are used where RE2 is missing.
_NAME_BYTES = rb"A-Za-z0-9_.:\-"  # sre's bytes [\w.:-]
_SPACE_BYTES = rb" \t\n\r\x0c\x0b"  # sre's bytes \s
# What follows ' r="' in a cell tag that is no in-bound reference closed by its quote (column ≤ CZ, row ≤ 9999).
_REF_FAIL = (
    rb"(?:[^A-Z1-9]|\z|[A-C](?:[^A-Z1-9]|\z)|(?:[D-Z]|[A-C][A-Z])(?:[^1-9]|\z)"
    rb'|(?:[A-C][A-Z]|[A-Z])?[1-9](?:[0-9]{0,2}(?:[^0-9"]|\z)|[0-9]{3}(?:[^"]|\z)))'
)
_NOT_ROW_CLOSE = rb"(?:[^<]|\z|<(?:[^/]|\z|/(?:[^r]|\z|r(?:[^o]|\z|o(?:[^w]|\z|w(?:[^>]|\z))))))"
_NOT_EMPTY_TAG = rb"(?:[^<>]*(?:\z|<)|(?:[^<>]*[^<>/])?>" + _NOT_ROW_CLOSE + rb")"
_RE2_ODD_CELL_TAG = (
    rb"<c(?:\z|[^" + _NAME_BYTES + rb' ]| (?:[^r]|\z)| r(?:[^=]|\z)| r=(?:[^"]|\z)| r="' + _REF_FAIL + rb")"
)
_RE2_ODD_ROW_TAG = (
    rb"<row(?:\z|[^" + _NAME_BYTES + rb' ]| (?:[^r]|\z)| r(?:[^=]|\z)| r=(?:[^"]|\z)| r="(?:[^0-9]|\z'
    rb'|[0-9]+(?:[^0-9"]|\z)|(?:0[0-9]*|[1-9][0-9]{4,})"' + _NOT_EMPTY_TAG + rb"))"
)
_RE2_PREFIXED_TAG = rb":(?:c|row)[" + _SPACE_BYTES + rb"/>]"


class _Search(Protocol):
    def search(self, text: bytes) -> object: ...


@functools.cache
def _bound_searches() -> tuple[_Search, ...]:
    """The searches of :func:`_cells_beyond_bound`: three with RE2 where it is installed, the sre ones otherwise."""
    return (
        _latin1_search(_RE2_ODD_CELL_TAG, _ODD_CELL_TAG),
        _latin1_search(_RE2_ODD_ROW_TAG, _ODD_ROW_TAG),
        _latin1_search(_RE2_PREFIXED_TAG, _PREFIXED_TAG),
        _OTHER_R_ATTRIBUTE,
    )


def _latin1_search(pattern: bytes, fallback: re.Pattern[bytes]) -> _Search:
    """``pattern`` compiled by RE2 over Latin-1 (a byte a character, as sre reads bytes), else ``fallback``.

    (a platform without RE2's wheel: slower, as strict)
    """
    try:
        import re2
    except ImportError:
        return fallback
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    compiled: _Search = re2.compile(pattern, options)
    return compiled


def _cells_beyond_bound(content: bytes, marks: frozenset[str] | None = None) -> bool:
    """True when some cell or row of a worksheet could land outside the read bound (see above).

    ``marks``: what the part may hold (:func:`sheet_marks`); a part none of whose marks is a bound's is safe.
    """
    if marks is not None and marks.isdisjoint(_BOUND_MARKS):
        return False
    return any(p.search(content) is not None for p in _bound_searches())


# _OTHER_R_ATTRIBUTE without look-around, for RE2's set matcher below: "r" then "=" (spaces between allowed) after
# any byte that ends no name, save the space of "<c r" and "<row r", spelt out as what may stand before that space.
_RE2_OTHER_R_ATTRIBUTE = (
    rb"(?:[^"
    + _NAME_BYTES
    + rb" ]|(?:\A|[^cw]) |(?:\A|[^<])c |(?:\A|[^o])w |(?:\A|[^r])ow |(?:\A|[^<])row )r["
    + _SPACE_BYTES
    + rb"]*="
)


# What follows the name uniqueCount when it is an attribute: its value's digits (any number of them).
_COUNT_VALUE = re.compile(rb"\s*+=\s*+[\"']\s*+\+?0*+([0-9]*+)")
#: A string table has one uniqueCount; a part naming it more often than this is refused unread.
MAX_COUNT_ATTRIBUTES = 100
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_FORMULA_TAG = re.compile(rb"<f[\s/>]")
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


@dataclass(frozen=True)
class SheetPart:
    """One worksheet of a package: its name and the archive member that holds it."""

    name: str
    part: str


@dataclass(frozen=True)
class Package:
    """A file read into memory and judged safe to hand to a parser.

    ``bounded`` is true when some worksheet could make calamine build a grid beyond the read bound: every
    sheet is then read by the bounded reader instead. For .xlsx, ``data`` is a stored (uncompressed) zip of
    the verified parts a value reader opens; for .xls, the file with the records of cells beyond the bound
    neutralised, and ``truncated_sheets`` names the sheets that had such cells.
    """

    path: str
    data: bytes
    kind: str  # "xlsx" or "xls"
    sheets: tuple[SheetPart, ...] = field(default=())
    bounded: bool = False
    #: (.xls) The sheets that had cells beyond the bound, each with the first one ("IV65536").
    truncated_sheets: Mapping[str, str] = field(default_factory=dict)
    #: The worksheet parts as the guard inflated them, so nothing is inflated twice by pmprb itself.
    contents: Mapping[str, bytes] = field(default_factory=dict)
    #: What each worksheet part may hold (see :func:`sheet_marks` and :meth:`may_hold`).
    marks: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: The custom document properties (docProps/custom.xml) as inflated, when small; else empty. For .xls, its
    #: DocumentSummaryInformation stream (see xls_guard.xls_document_properties).
    custom_properties: bytes = b""
    #: Whether the workbook counts dates from 1904 (old Mac Excel): a date serial without a date format means
    #: another day there (43312 is 2022-08-01, not 2018-07-31).
    date1904: bool = False
    #: When the workbook was last saved, by its core properties (see :func:`saved_time`; "" where not said).
    saved: str = ""

    def may_hold(self, part: str, mark: str) -> bool:
        """Whether a worksheet part may hold the text of a mark of :data:`_SHEET_MARKS` (True where not known)."""
        marks = self.marks.get(part)
        return marks is None or mark in marks or mark not in _SHEET_MARKS

    def formula_cells(
        self, part: str, columns: tuple[str, ...] | None = None, *, without_text_result: bool = False
    ) -> frozenset[str]:
        """The references of the cells of one worksheet (in some columns, given their letters) holding a formula.

        ``without_text_result`` leaves out the formulas saved with a text result (``t="str"``, as Excel and
        LibreOffice save an empty text too), keeping those a program wrote without any. Members are already
        verified, so the part is read without the guard's checks.
        """
        content = self.contents.get(part)
        if content is None:
            with zipfile.ZipFile(BytesIO(self.data)) as zf:
                content = as_utf8(zf.read(part))
        if not self.bounded and columns is not None:
            if not any(self.may_hold(part, _formula_mark(c)) for c in columns):
                return frozenset()  # (the set matcher's pass found no formula there)
            # Safe sheets start every cell tag with its r attribute: one search anchored on those columns'
            # tags finds the formulas there (a tenth of the cost of finding every formula of the sheet).
            return frozenset(
                m.group(1).decode()
                for m in _column_formulas(columns).finditer(content)
                if not (without_text_result and _TEXT_RESULT.search(m.group(2)))
            )
        found: set[str] = set()
        for m in _FORMULA_TAG.finditer(content):
            # The cell's opening tag is the last "<c " before its <f> (within sheetData only <c…> starts so).
            start = content.rfind(b"<c ", 0, m.start())
            if start < 0:
                continue
            ref = _CELL_REF.search(content, start, m.start())
            if ref is None or (columns is not None and ref.group(1).decode().rstrip("0123456789") not in columns):
                continue
            if without_text_result and _TEXT_RESULT.search(content, start, content.find(b">", start)):
                continue
            found.add(ref.group(1).decode())
        return frozenset(found)

    def merged_ranges(self, part: str) -> tuple[tuple[tuple[int, int], tuple[int, int]], ...]:
        """The merged ranges of a worksheet as ((first row, first col), (last row, last col)), 0-based.

        Read from <mergeCells>, which follows </sheetData>: the stored copy calamine reads hides them (see
        _without_merge_pass). At most MAX_MERGES are read (a real LKE has a handful; they only serve a warning).
        """
        content = self.contents.get(part, b"")
        tail = max(0, content.rfind(b"sheetData>"))
        at = content.find(b"mergeCell ", tail)  # (also <x:mergeCell …>: the search below starts at the tag)
        if at < 0:
            return ()
        at = max(tail, content.rfind(b"<", tail, at))
        out = []
        for m in _MERGE_REF.finditer(content, at):
            first, last = _ref_place(m.group(1), m.group(2)), _ref_place(m.group(3), m.group(4))
            out.append((first, last))
            if len(out) >= MAX_MERGES:
                break
        return tuple(out)

    def hidden_rows(self, part: str) -> frozenset[int]:
        """The 0-based rows of a worksheet hidden (by hand, or by a filter), from their <row hidden> attribute.

        Two searches for fixed text settle the usual sheet (LibreOffice writes hidden="false" on every row).
        """
        content = self.contents.get(part, b"")
        # (one search for what both spellings begin with settles a sheet without the attribute: most of them)
        if b' hidden="' not in content or (b' hidden="1"' not in content and b' hidden="true"' not in content):
            return frozenset()
        found = set()
        for m in _ROW_TAG.finditer(content):
            tag = m.group(0)
            if _HIDDEN.search(tag) and (number := _ROW_NUMBER.search(tag)):
                found.add(int(number.group(1)) - 1)
        return frozenset(found)

    def links(self, part: str, column: str) -> dict[str, str]:
        """The link each cell of one column (by letters) points to, by cell reference.

        A ``HYPERLINK("…")`` formula's target, or the cell's own hyperlink (an external target of the sheet's
        relationships): bukti dukung is often given so. Two searches for fixed text settle the usual sheet
        without links; members are already verified.
        """
        content = self.contents.get(part)
        if content is None:
            with zipfile.ZipFile(BytesIO(self.data)) as zf:
                content = as_utf8(zf.read(part))
        found: dict[str, str] = {}
        if self.may_hold(part, "hyperlink_formula") and HYPERLINK_CALL in content:
            # The tolerant pattern (x: prefixes, single quotes, r= after other attributes) only where the sheet is
            # so spelled: it has no fixed text to search for, 20 times slower on a sheet of 50 MB.
            tolerant = b"r='" in content or _PREFIXED_ROOT.search(content, 0, 4096) is not None
            for m in _column_hyperlink_formulas(column, tolerant).finditer(content):
                found[f"{column}{m.group(1).decode()}"] = _xml_text(m.group(2))
        # <hyperlinks> follows </sheetData> (ECMA-376 element order): only the sheet's tail is searched.
        # (x:-prefixed and single-quoted sheets too: the very spellings the bounded reader reads, whose links
        # were lost and their formula-only links said "Bukti dukung belum diisi")
        tail = max(0, content.rfind(b"sheetData>"))
        if _HYPERLINK_TAG.search(content, tail) is not None:
            targets = self._external_targets(_rels_of(part))
            for m in _HYPERLINK_TAG.finditer(content, tail):
                tag = m.group(0)
                ref, rid = _HYPERLINK_REF.search(tag), _RELATIONSHIP_ID.search(tag)
                if ref is None or rid is None or rid.group(1) not in targets:
                    continue
                first, _, last = ref.group(1).decode().partition(":")
                if first.rstrip("0123456789") != column or (last and last.rstrip("0123456789") != column):
                    continue
                start = int(first[len(column) :])
                stop = int(last[len(column) :]) if last else start
                for row in range(start, min(stop, start + _MAX_LINK_ROWS) + 1):
                    found.setdefault(f"{column}{row}", targets[rid.group(1)])  # a formula's target wins
        return found

    def _external_targets(self, rels: str) -> dict[bytes, str]:
        """Relationship id → target, for the external targets of one relationships part ({} without it)."""
        try:
            with zipfile.ZipFile(BytesIO(self.data)) as zf:
                content = as_utf8(zf.read(rels))
        except KeyError:
            return {}
        out: dict[bytes, str] = {}
        for m in _RELATIONSHIP_TAG.finditer(content):
            tag = m.group(0)
            rid, target = _ID_ATTRIBUTE.search(tag), _TARGET_ATTRIBUTE.search(tag)
            if rid is not None and target is not None and b"External" in tag:
                out[rid.group(1)] = _xml_text(target.group(1) if target.group(1) is not None else target.group(2))
        return out


_HYPERLINK_TAG = re.compile(rb"<(?:[\w.-]+:)?hyperlink\s[^<>]*+>")
_PREFIXED_ROOT = re.compile(rb"<[\w.-]+:worksheet[\s>]")
_HYPERLINK_REF = re.compile(rb"""\sref=["']([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)["']""")
_RELATIONSHIP_ID = re.compile(rb"""\s[A-Za-z_][\w.-]*:id=["']([^"']{1,255})["']""")
_RELATIONSHIP_TAG = re.compile(rb"<Relationship\s[^<>]*+>")
_ID_ATTRIBUTE = re.compile(rb"""\sId=["']([^"']{1,255})["']""")
_TARGET_ATTRIBUTE = re.compile(rb"""\sTarget=(?:"([^"]{0,8192})"|'([^']{0,8192})')""")
#: A hyperlink over a range names at most this many rows of it (a whole column would be a million).
_MAX_LINK_ROWS = 10_000


def _xml_text(raw: bytes) -> str:
    """Text as XML escapes it (&amp;, &quot;, &#47;…), decoded."""
    import html

    return without_hidden_characters(html.unescape(raw.decode("utf-8", "replace")))


#: What every HYPERLINK formula holds (the mark "hyperlink_formula" of :func:`sheet_marks` is this text).
HYPERLINK_CALL = b"HYPERLINK("


@functools.lru_cache(maxsize=16)
def _column_hyperlink_formulas(column: str, tolerant: bool = False) -> re.Pattern[bytes]:
    """A pattern for the cells of one column holding ``HYPERLINK("target", …)``: the row and the target.

    ``tolerant``: tags in a namespace prefix (x:c, x:f), attributes in single quotes or r= not first.
    """
    quote = rb'(?:"|&quot;)'
    opening = rb"""<(?:[\w.-]+:)?c\s(?:[^<>]*?\s)?r=["']""" if tolerant else rb'<c r="'
    closing = rb"""([0-9]++)["'][^<>]*+>\s*+<(?:[\w.-]+:)?f""" if tolerant else rb'([0-9]++)"[^<>]*+>\s*+<f'
    return re.compile(
        opening
        + column.encode()
        + closing
        + rb"""(?:\s[^<>]*+)?>\s*+(?:_xlfn\.)?HYPERLINK\(\s*+"""
        + quote
        + rb"((?:(?!&quot;)[^\"<]){1,8192})"
        + quote
    )


#: The merged ranges of a sheet read at most (beyond, the rest are not: they only serve PMPRB-W431).
MAX_MERGES = 5_000
_MERGE_REF = re.compile(
    rb'<(?:[\w.-]+:)?mergeCell\s+ref="\$?([A-Z]{1,3})\$?([0-9]{1,7}):\$?([A-Z]{1,3})\$?([0-9]{1,7})"'
)


#: A row's opening tag ([^<>]: a tag never holds "<", so no start scans far), its hidden mark, its number.
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row\s[^<>]*+>")  # (x:row too: the bounded reader's sheets)
_HIDDEN = re.compile(rb'\shidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\sr="([0-9]{1,7})"')


def _ref_place(letters: bytes, digits: bytes) -> tuple[int, int]:
    """A reference's 0-based (row, column): B8 is (7, 1)."""
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return int(digits) - 1, col - 1


#: A cell's type attribute saying its saved value is a formula's text result.
_TEXT_RESULT = re.compile(rb'\st="str"')


def _formula_mark(column: str) -> str:
    """The mark of :data:`_SHEET_MARKS` for a formula in a column, by its letters."""
    return f"formula_in_{column}" if len(column) == 1 else "formula_in_wide_column"


@functools.lru_cache(maxsize=64)
def _column_formulas(columns: tuple[str, ...]) -> re.Pattern[bytes]:
    """A pattern for the cells of some columns whose content starts with a formula (<f> comes first in <c>).

    Group 1 is the cell's reference, group 2 the rest of its opening tag.
    """
    # [^<>]: a tag never holds "<". With [^>], many "<c r=..." starts and no ">" (inside a comment) had every
    # start scan to the same far ">": 18 s for a 42 KB workbook.
    letters = b"|".join(re.escape(c.encode()) for c in columns)
    return re.compile(rb'<c r="((?:' + letters + rb')[0-9]++)"([^<>]*+)>\s*+<f[\s/>]')


def _n(value: int) -> str:
    """An integer with Indonesian thousands separators."""
    return f"{value:,}".replace(",", ".")


def _unreadable(exc: OSError, what: str = "") -> WorkbookError:
    """E101 for a file or folder the system would not let pmprb read, with a hint for the one who can mend it.

    "kirim ulang berkas aslinya" was said of an upload left 0600 by another account: no resending mends a
    permission on the server.
    """
    hint = ""
    if exc.errno in (errno.EACCES, errno.EPERM):
        hint = (
            "Izinnya di komputer ini, bukan berkasnya: beri akun yang menjalankan pmprb izin membaca (ls -l untuk "
            "melihat pemiliknya; chmod o+r untuk berkas, o+rx untuk folder), lalu jalankan ulang."
        )
    return WorkbookError(f"{what}{os_reason(exc)}", code="PMPRB-E101", hint=hint)


def read_file_bytes(path: str) -> bytes:
    """Read a regular file once, refusing FIFOs, devices, folders and oversize files without blocking."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise WorkbookError("berkas tidak ditemukan", code="PMPRB-E101") from exc
    except OSError as exc:
        raise _unreadable(exc) from exc
    if stat.S_ISDIR(st.st_mode):
        try:  # a folder scan lists a folder it could not open: said as unreadable, not as a folder
            os.scandir(path).close()
        except OSError as exc:
            raise _unreadable(exc, "folder tidak dapat dibuka: ") from exc
    if not stat.S_ISREG(st.st_mode):
        kind = "folder" if stat.S_ISDIR(st.st_mode) else "pipa" if stat.S_ISFIFO(st.st_mode) else "perangkat"
        if stat.S_ISDIR(st.st_mode) and os.path.islink(path) and not path.lower().endswith((".xlsx", ".xlsm", ".xls")):
            # (a folder walk lists a linked folder only when it holds the folder walked: see pipeline.encloses)
            kind = f"tautan ke folder yang memuatnya: {os.readlink(path)}"
        raise WorkbookError(kind, code="PMPRB-E106")
    if st.st_size > MAX_FILE_BYTES:
        raise WorkbookError(f"ukuran {_n(st.st_size)} bita melebihi batas {_n(MAX_FILE_BYTES)}", code="PMPRB-E105")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as exc:  # removed between the look and the open
        raise WorkbookError("berkas tidak ditemukan", code="PMPRB-E101") from exc
    except OSError as exc:
        raise _unreadable(exc) from exc
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # swapped for a FIFO after the first look
            raise WorkbookError("bukan berkas biasa", code="PMPRB-E106")
        data = _read_bounded(fd, opened.st_size)
    except OSError as exc:
        raise WorkbookError(os_reason(exc), code="PMPRB-E101") from exc
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(f"ukuran melebihi batas {_n(MAX_FILE_BYTES)} bita", code="PMPRB-E105")
    return data


def _read_bounded(fd: int, size: int) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of an open file, read in requests sized to the file.

    A buffered read of the bound would reserve 50 MB for every file; asking for the size the file
    states (plus one byte, to notice a file that grew) reads an LKE in one request, and a second finds
    its end. A file that states less than it holds is read on in 64 KB requests, up to the bound.
    """
    limit = MAX_FILE_BYTES + 1
    chunks: list[bytes] = []
    got = 0
    want = min(size + 1, limit)
    while got < limit:
        chunk = os.read(fd, min(max(want - got, 1 << 16), limit - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def inspect(path: str, data: bytes | None = None) -> Package:
    """Classify a file and pre-scan it; raise :class:`WorkbookError` with a catalogue code if refused."""
    data = read_file_bytes(path) if data is None else data
    if not data:
        raise WorkbookError("berkas kosong", code="PMPRB-E107")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise WorkbookError("dilindungi kata sandi (terenkripsi)", code="PMPRB-E104")
        if any(mark in data for mark in _RIGHTS_MANAGED):
            # A Microsoft 365 sensitivity label that encrypts (IRM/Azure RMS): no EncryptionInfo stream, and it
            # was "dokumen Office lama yang bukan buku kerja (mis. Word .doc)"; saving again keeps the label.
            raise WorkbookError(
                "terenkripsi oleh label sensitivitas atau pembatasan akses Microsoft 365 (bukan kata sandi)",
                code="PMPRB-E104",
                hint="Di Excel, Beranda › Sensitivitas: pilih label tanpa enkripsi (mis. Umum/Publik), atau minta "
                "pemberi label mencabut pembatasan aksesnya; simpan, lalu kirim ulang. Menyimpan ulang saja tidak "
                "menghapus label itu.",
            )
        if not any(name in data for name in _EXCEL_STREAMS):
            raise WorkbookError("dokumen Office lama yang bukan buku kerja (mis. Word .doc)", code="PMPRB-E102")
        from pmprb_cli.xls_guard import bound_xls, xls_document_properties  # (only legacy files come here)

        bounded_data, truncated = bound_xls(data)
        properties = xls_document_properties(data)
        return Package(
            path=path, data=bounded_data, kind="xls", truncated_sheets=truncated, custom_properties=properties
        )
    if not data.startswith(b"PK"):
        locked = _lock_file_of(path)
        if locked is not None:
            shown = locked or "buku kerja itu"
            raise WorkbookError(
                f"berkas kunci yang dibuat Excel atau LibreOffice selama {locked or 'sebuah buku kerja'} terbuka, "
                "bukan buku kerjanya",
                code="PMPRB-E102",
                hint=f"Tutup {shown} di Excel atau LibreOffice, lalu berikan {shown} sendiri.",
            )
        kind, hint = _foreign_kind(path, data)
        raise WorkbookError(kind, code="PMPRB-E102", hint=hint)
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        # zipfile's reasons are English ("File is not a zip file"): said as what they mean for the user.
        raise WorkbookError("arsip zip rusak atau terpotong (daftar isinya tidak terbaca)", code="PMPRB-E103") from exc
    with zf:
        sheets, bounded, worksheets, marks, members, custom, core = _scan_zip(zf, data)
    # Parsers get a stored (uncompressed) copy of the verified members a value reader opens: nothing is
    # inflated twice, and no parser can read a member differently from the guard (hidden entries, local
    # headers that disagree with the directory).
    stored: list[_Member] = list(members)
    if not bounded:
        parts = {s.part for s in sheets}
        stored = [_without_merge_pass(m) if m[0] in parts else m for m in members]
    workbook = next((content for name, content, _ in members if name == _WORKBOOK), b"")
    return Package(
        path=path,
        data=_stored_zip(stored),
        kind="xlsx",
        sheets=sheets,
        bounded=bounded,
        contents=worksheets,
        marks=marks,
        custom_properties=custom,
        date1904=_DATE_1904.search(workbook) is not None,
        saved=saved_time(core),
    )


_DATE_1904 = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](?:1|true)[\"']")


def _lock_file_of(path: str) -> str | None:
    """The workbook a lock file stands for ("" when not known), or ``None`` when ``path`` is no lock file.

    Picked by mistake beside the real one (it sorts first), "~$DINKES.xlsx" was "format tidak dikenal: simpan
    ulang dari Excel", of a file nobody made. LibreOffice names the workbook whole (.~lock.DINKES.xlsx#); Excel
    puts ~$ before the name, or over its first two letters when it is long (~$NKES.xlsx).
    """
    name = os.path.basename(path)
    locked = re.fullmatch(r"\.~lock\.(.+)#", name)
    if locked:
        return locked.group(1)
    if not name.startswith("~$") or len(name) < 3:
        return None
    with contextlib.suppress(OSError):
        tail = name[2:].casefold()
        found = [n for n in os.listdir(os.path.dirname(path) or ".") if n != name and n.casefold().endswith(tail)]
        if len(found) == 1:
            return found[0]
    return ""


def _foreign_kind(path: str, data: bytes) -> tuple[str, str]:
    """What a file that is no workbook is, and what to do about it ("" for E102's own hint: save as .xlsx).

    A Google Drive error page saved as "LKE DLH.xlsx" was told to be saved again from Excel, as was a photo
    (messyrev): neither was ever a workbook to save.
    """
    head = data[:256].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").replace(b"\0", b"").lower()
    if path.lower().endswith(".gsheet"):
        # (a Google Drive shortcut: a few bytes of JSON naming the sheet online)
        return (
            "pintasan Google Drive ke sebuah Google Sheets, bukan lembarnya (di Google Sheets: File › Download "
            "› Microsoft Excel .xlsx)",
            "Buka lembarnya di Google Sheets, unduh dengan File › Download › Microsoft Excel (.xlsx), lalu taruh "
            "berkas .xlsx itu di folder masuk menggantikan pintasan ini.",
        )
    if path.lower().endswith((".csv", ".txt")):
        return "teks CSV", ""
    if head.startswith(b"<table") or b"urn:schemas-microsoft-com:office:excel" in data[:4096]:
        # (Excel's "Save as Web Page", or a web application's "export to Excel": saved again from Excel, it is one)
        return "halaman HTML (buku kerja yang disimpan sebagai halaman web)", ""
    if head.startswith((b"<!doctype html", b"<html")):
        return (
            "halaman HTML (biasanya halaman galat atau halaman masuk Google Drive/WhatsApp Web yang tersimpan "
            "dengan nama buku kerja)",
            "Unduh ulang buku kerjanya (Google Drive: klik kanan › Download, setelah masuk dengan akun yang diberi "
            "akses), atau minta unit mengirimnya lagi sebagai lampiran .xlsx.",
        )
    if head.startswith(b"<"):
        return "teks XML/HTML", ""
    if head.startswith(b"%pdf"):
        return "dokumen PDF", _NOT_A_WORKBOOK
    if data.startswith((b"\xff\xd8\xff", b"\x89PNG")):
        return "gambar (foto atau pindaian)", _NOT_A_WORKBOOK
    return "format tidak dikenal", ""


#: What a PDF or a photo named as a workbook needs: the workbook itself (bukti dukung go beside it, in a subfolder).
_NOT_A_WORKBOOK = (
    "Minta unit mengirim buku kerja LKE-nya (.xlsx); bila berkas ini bukti dukung, pindahkan ke subfolder (mis. "
    "bukti/), yang tidak dibaca sebagai LKE."
)


#: A part parsers read that inflates more than this many times its stored size, past _RATIO_FLOOR, is refused:
#: real sheets and string tables inflate 3–20 times; 60 MiB of spaces stored in 60 KB (1 000 times) cost 300 MB
#: and 4 s to read, and four such parts in a 289 KB file 1 GB and 28 s, within every size bound.
_MAX_RATIO = 200
_RATIO_FLOOR = 4 * 1024 * 1024


_COMPRESSION_NAMES = {9: "9 (Deflate64)", 12: "12 (bzip2)", 14: "14 (LZMA)", 93: "93 (Zstandard)", 95: "95 (XZ)"}


def _on_tab(reason: str, tab: str | None) -> str:
    """A worksheet member's reason under its tab's name: "xl/worksheets/sheet1.xml" alone told no operator which."""
    return reason if tab is None else f"lembar '{tab}': {reason}"


def _padded_bomb(info: zipfile.ZipInfo, tab: str | None = None) -> None:
    """Refuse a part parsers read whose declared size is a bomb's ratio of what it stores (PMPRB-E105)."""
    if info.file_size > _RATIO_FLOOR and info.file_size > _MAX_RATIO * max(info.compress_size, 1):
        raise WorkbookError(
            _on_tab(
                f"bagian {info.filename} mengembang {_n(info.file_size // max(info.compress_size, 1))}× "
                f"menjadi {_n(info.file_size)} bita (bom zip)",
                tab,
            ),
            code="PMPRB-E105",
        )


def _stored(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """A member's bytes as the archive stores them, found from its local header (E103 when not there whole)."""
    name = info.filename
    offset = info.header_offset
    header = data[offset : offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or not header.startswith(b"PK\x03\x04"):
        raise WorkbookError(f"bagian {name} tidak ditemukan di arsip (terpotong?)", code="PMPRB-E103")
    name_len, extra_len = _LOCAL_HEADER.unpack(header)[1:]
    start = offset + _LOCAL_HEADER.size + name_len + extra_len
    raw = memoryview(data)[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        raise WorkbookError(f"bagian {name} terpotong", code="PMPRB-E103")
    return raw


def _inflate(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, tab: str | None = None) -> bytes:
    """One member's bytes, inflated by our own inflater and never past the size its header declares.

    ``tab`` is the sheet's name when the member is a worksheet: the size messages name it.
    """
    name = info.filename
    if info.flag_bits & 0x1:
        raise WorkbookError("dilindungi kata sandi (bagian arsip terenkripsi)", code="PMPRB-E104")
    if info.file_size > MAX_PART_BYTES:
        if info.file_size <= _MAX_RATIO * max(info.compress_size, 1) and name.startswith("xl/worksheets/"):
            # The official BPS form re-saved by LibreOffice: its columns formatted out to XFD, every row written
            # with 16 384 styled empty cells (71 MB from 9 MB). No bomb: read without its empty cells.
            return _inflate_without_empty_cells(data, info, tab)
        raise WorkbookError(
            _on_tab(
                f"bagian {name} menyatakan {_n(info.file_size)} bita, melebihi batas {_n(MAX_PART_BYTES)} (bom zip)",
                tab,
            ),
            code="PMPRB-E105",
        )
    raw = _stored(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        out = bytes(raw)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            # One byte more than declared is enough to catch a lying header without inflating the bomb.
            out = inflater.decompress(raw, info.file_size + 1)
        except _InflateError as exc:
            # (zlib's English, "invalid distance too far back", stood in the Indonesian message as the reason)
            raise WorkbookError(
                f"bagian {name} rusak: data terkompresinya tidak dapat dibuka (pesan teknis zlib: {exc})",
                code="PMPRB-E103",
            ) from exc
        if len(out) <= info.file_size and not inflater.eof:
            raise WorkbookError(f"bagian {name} terpotong", code="PMPRB-E103")
    else:
        method = _COMPRESSION_NAMES.get(info.compress_type, str(info.compress_type))
        # ("metode kompresi 12" of a file only re-packed by an archiver: named, and not called damaged; neither
        # Excel nor LibreOffice opens it, so it is no workbook to save again)
        raise WorkbookError(
            f"bagian {name} dikemas dengan kompresi {method}, yang tidak dapat dibuka Excel atau LibreOffice",
            code="PMPRB-E102",
            hint="Kirim berkas .xlsx asli yang disimpan dari Excel atau LibreOffice; berkas ini dikemas ulang dengan "
            "program arsip.",
        )
    if len(out) > info.file_size:
        raise WorkbookError(
            _on_tab(f"bagian {name} mengembang melebihi {_n(info.file_size)} bita yang dinyatakan (bom zip)", tab),
            code="PMPRB-E105",
        )
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise WorkbookError(f"bagian {name} rusak (ukuran atau CRC tidak cocok)", code="PMPRB-E103")
    return out


# A cell that holds nothing but a style, as LibreOffice writes 16 384 of them on each row of a sheet whose
# columns are formatted to the end: no value, no formula, nothing a reader of answers needs.
_EMPTY_STYLED_CELL = re.compile(rb'<c r="[A-Z]{1,3}+[0-9]{1,7}+"(?: s="[0-9]{1,9}+")?/>')
# A cell tag not opening with its own r attribute: placed after the cell before it, which dropping an empty cell
# would move (a hostile sheet's "<c r="I10" s="1"/><c>A</c>" read A at J10 small and at I10 once past 64 MB).
_CELL_PLACED_BY_ORDER = re.compile(rb'<(?:[\w.-]+:)?c(?![\w:.-])(?! r=")')
#: How much a worksheet past MAX_PART_BYTES is inflated at a time while its empty cells are dropped.
_COMPACT_CHUNK = 4 * 1024 * 1024


def _inflate_without_empty_cells(data: bytes, info: zipfile.ZipInfo, tab: str | None) -> bytes:
    """A worksheet larger than MAX_PART_BYTES inflated a chunk at a time, its style-only empty cells dropped.

    The official form saved as .xlsx by LibreOffice (71 MB of ``<c r="AAA1" s="3"/>``, 289 KB without them) was
    refused (PMPRB-E105) though its answers were all there. The whole part is never held: each chunk is cut
    after its last ``>`` (a dropped cell ends at its only ``>``, so none straddles a cut) and only what is kept
    is gathered, bounded by MAX_PART_BYTES as any part is. The size and CRC are checked over the part as stored.
    """
    name = info.filename
    refused = WorkbookError(
        _on_tab(
            f"bagian {name} berukuran {_n(info.file_size)} bita setelah dibuka, melebihi batas "
            f"{_n(MAX_PART_BYTES)}: biasanya ribuan kolom atau baris kosong yang diberi format — LibreOffice "
            "menulisnya begitu saat formulir resmi disimpan sebagai .xlsx — (hapus kolom sesudah kolom "
            "terakhir tabel sampai ujung lembar: pilih, klik kanan › Hapus Kolom; begitu pula baris di bawah "
            "tabel; lalu simpan)",
            tab,
        ),
        code="PMPRB-E105",
    )
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise refused  # (stored or another method: nothing to stream that the general path would not refuse)
    raw = _stored(data, info)
    inflater = zlib.decompressobj(-15)
    kept: list[bytes] = []
    kept_size = size = crc = 0
    carry = b""
    pending: bytes | memoryview = raw
    while True:
        try:
            chunk = inflater.decompress(pending, _COMPACT_CHUNK)
        except _InflateError as exc:
            raise WorkbookError(
                f"bagian {name} rusak: data terkompresinya tidak dapat dibuka (pesan teknis zlib: {exc})",
                code="PMPRB-E103",
            ) from exc
        pending = inflater.unconsumed_tail
        size += len(chunk)
        if size > info.file_size:
            raise WorkbookError(
                _on_tab(f"bagian {name} mengembang melebihi {_n(info.file_size)} bita yang dinyatakan (bom zip)", tab),
                code="PMPRB-E105",
            )
        crc = zlib.crc32(chunk, crc)
        text = carry + chunk
        cut = text.rfind(b">") + 1 if chunk else len(text)
        carry = text[cut:]
        if len(carry) > _COMPACT_CHUNK:
            raise refused  # (no tag ends in a whole chunk: no sheet of cells, and carried on, it cost 550 MB)
        if _CELL_PLACED_BY_ORDER.search(text, 0, cut):
            raise refused  # (dropping a cell would move the cells placed after it: read as it is, or not at all)
        piece = _EMPTY_STYLED_CELL.sub(b"", text[:cut])
        kept_size += len(piece)
        if kept_size > MAX_PART_BYTES:
            raise refused
        kept.append(piece)
        if not chunk:
            break
    if size != info.file_size or crc != info.CRC or not inflater.eof:
        raise WorkbookError(f"bagian {name} rusak (ukuran atau CRC tidak cocok)", code="PMPRB-E103")
    return b"".join(kept)


def _utf16_codec(content: bytes) -> str | None:
    """The UTF-16 codec a part is written in, or None when it is not UTF-16.

    XML never holds a NUL character, so a NUL among the first four bytes means UTF-16 (or binary data),
    whatever stands first: a byte-order mark, "<", or whitespace (which expat also reads as UTF-16).
    """
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = content[:4]
    if b"\0" not in head:
        return None
    return "utf-16-be" if head.find(b"\0") % 2 == 0 else "utf-16-le"


def as_utf8(content: bytes, name: str | None = None) -> bytes:
    """XML bytes as UTF-8, so that the byte scans below also see parts written in UTF-16.

    Given the part's ``name`` (the guard checking a part some parser reads), text that looks like UTF-16 but
    does not decode is refused: a parser could still read its start (a DTD, say) before it stumbles, and the
    scans could not. Without a name (a part the guard already accepted) such bytes are returned as they are.
    """
    codec = _utf16_codec(content)
    if codec is None:
        return content
    try:
        return content.decode(codec).encode("utf-8")
    except UnicodeDecodeError as exc:
        if name is None:
            return content
        raise WorkbookError(
            f"{name} bukan teks UTF-16 yang sah (pesan teknis: {exc.reason})", code="PMPRB-E103"
        ) from exc


_XML_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]{0,500}?\?>")
_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*(["'])[^"']*\1""")


def utf8_declared(content: bytes) -> bytes:
    """A part as UTF-8 that says so: a UTF-16 part decoded, its declaration's encoding made UTF-8.

    Decoded but still declaring UTF-16, expat refused it at byte 0: the bounded reader read a sheet uncut and
    uncounted (7 M elements after the cells: 9 s and 779 MB), and the guard refused a UTF-16 workbook.xml
    (which LibreOffice opens) as damaged, in expat's English.
    """
    text = as_utf8(content)
    head = _XML_DECLARATION.match(text)
    if head is None:
        return text
    declaration = _DECLARED_ENCODING.sub(b'encoding="UTF-8"', head.group(0))
    return text[: head.start()] + declaration + text[head.end() :]


class _Enough(Exception):
    """Raised by a handler to end a read once enough elements are found."""


class _ElementReader:
    """Reads one XML part with expat and keeps the attributes of the first ``limit`` elements ``wanted``.

    expat itself rather than ElementTree: when a handler raises, expat stops at once (ElementTree's parser
    reads on to the end of its buffer first), so a DOCTYPE ends the read before anything after it is parsed
    or anything it declares is used — the second net behind the prolog check. Names are "namespace}local",
    as ElementTree spells them without the leading brace.
    """

    def __init__(self, part: str, wanted: str, limit: int) -> None:
        self.part = part
        self.wanted = wanted
        self.limit = limit
        self.found: list[dict[str, str]] = []
        self.elements = 0
        #: Where expat stopped, when a handler stopped it.
        self.stopped_at: int | None = None

    def read(self, content: bytes) -> list[dict[str, str]]:
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler = self._start
        parser.StartDoctypeDeclHandler = self._doctype
        try:
            parser.Parse(content, True)
        except expat.ExpatError as exc:
            raise WorkbookError(f"{self.part} tidak sah ({exc})", code="PMPRB-E103") from exc
        except _Enough:
            pass  # the rest is for the parsers that read the part (from the checked copy) to judge
        except WorkbookError:
            self.stopped_at = parser.CurrentByteIndex
            raise
        return self.found

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if name == self.wanted:
            self.found.append(attributes)
            if len(self.found) >= self.limit:
                raise _Enough

    def _doctype(self, *_: object) -> None:
        raise WorkbookError(f"{self.part} memuat DTD/entitas XML (bom XML)", code="PMPRB-E105")


_WORKBOOK = "xl/workbook.xml"
_STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_CUSTOM_PROPERTIES = "docProps/custom.xml"
_CORE_PROPERTIES = "docProps/core.xml"
#: A core properties part larger than this is no writer's (a few hundred bytes): its date is not looked for.
_MAX_CORE_BYTES = 65_536
_XML_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_MODIFIED = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?modified\b[^>]*>\s*([0-9][0-9T:.+\-Z ]{9,40}?)\s*</")


def saved_time(core: bytes) -> str:
    """When a core properties part says the workbook was last saved ("" where it says nothing that reads as one).

    In UTC, "2022-08-30T12:00:00Z", or as written where it names no zone ("2022-08-30T19:00:00").
    """
    found = _MODIFIED.search(_XML_COMMENT.sub(b"", core))  # (a commented-out element is none)
    if found is None:
        return ""
    text = found.group(1).decode("ascii").strip().replace(" ", "T", 1)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            return moment.replace(microsecond=0).isoformat()
        # (.NET's least date with WIB's offset, 0001-01-01T00:00:00+07:00, is before year 1 in UTC: OverflowError
        # made the whole workbook unreadable, E109; diffrev16)
        return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    except (ValueError, OverflowError):
        return ""


_EMPTY_RELATIONSHIPS = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'


class _Scanned(NamedTuple):
    """What :func:`_scan_zip` found in an xlsx archive."""

    sheets: tuple[SheetPart, ...]
    #: whether some worksheet is unsafe for calamine
    bounded: bool
    #: the worksheet texts, by part
    worksheets: dict[str, bytes]
    #: what each worksheet part may hold (see :func:`sheet_marks`)
    marks: dict[str, frozenset[str]]
    #: the members a value reader needs (name, content, CRC) for the stored copy that parsers get
    members: list[tuple[str, bytes, int]]
    #: the custom and the core properties parts when they are small (no parser reads them; pmprb looks in them
    #: for its own marker and for when the workbook was saved, as bytes)
    custom: bytes
    core: bytes


def _scan_zip(zf: zipfile.ZipFile, data: bytes) -> _Scanned:
    """Check every member of an xlsx archive."""
    infos = [i for i in zf.infolist() if not i.is_dir()]
    names = [i.filename for i in infos]
    if _WORKBOOK not in names:
        if "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise WorkbookError("dokumen Office lain (Word/PowerPoint)", code="PMPRB-E102")
        if "content.xml" in names:
            raise WorkbookError("berkas OpenDocument (.ods); simpan sebagai .xlsx", code="PMPRB-E102")
        if "xl/workbook.bin" in names:
            # (was "arsip zip tanpa xl/workbook.xml": true, and no help to whoever saved it from Excel)
            raise WorkbookError("buku kerja biner Excel (.xlsb); simpan sebagai .xlsx", code="PMPRB-E102")
        inside = [n for n in names if n.lower().endswith((".xlsx", ".xlsm", ".xls"))]
        if inside:
            # Every workbook named (up to three), and what to do with a zip: "berisi SETDA.xlsx" of a zip of two,
            # then "Simpan ulang … sebagai .xlsx".
            shown = ", ".join(n[:80] for n in inside[:3]) + (
                f" dan {len(inside) - 3} lainnya" if len(inside) > 3 else ""
            )
            raise WorkbookError(
                f"arsip zip berisi {shown}; ekstrak dulu buku kerjanya",
                code="PMPRB-E102",
                hint="Ekstrak arsip itu (klik kanan › Extract All / Ekstrak di sini), taruh buku kerjanya di folder "
                "masuk, lalu pindahkan arsip zip-nya keluar dari folder itu.",
            )
        if any("\\" in n and n.replace("\\", "/").casefold() == _WORKBOOK for n in names):
            # (some Windows zip libraries write xl\workbook.xml: "arsip zip tanpa xl/workbook.xml" told an operator
            # the workbook Excel had just shown was none; writerrev)
            raise WorkbookError(
                "bagian-bagian arsipnya dinamai dengan garis miring terbalik (xl\\workbook.xml), seperti ditulis "
                "sebagian program selain Excel dan LibreOffice",
                code="PMPRB-E102",
            )
        raise WorkbookError("arsip zip tanpa xl/workbook.xml", code="PMPRB-E102")
    if len(set(names)) != len(names):
        # Readers disagree on which of two same-named members counts; a file should never have both.
        raise WorkbookError("arsip memuat dua bagian dengan nama yang sama", code="PMPRB-E103")
    if len({n.casefold() for n in names}) != len(names):
        # Package part names ignore case (OPC): xl/worksheets/Sheet1.xml beside sheet1.xml is the same part twice,
        # and which one a reader takes is its own choice.
        raise WorkbookError("arsip memuat dua bagian yang namanya hanya berbeda huruf besar-kecil", code="PMPRB-E103")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_TOTAL_BYTES or len(infos) > MAX_MEMBERS:
        raise WorkbookError(f"isi arsip menyatakan {_n(declared)} bita (bom zip)", code="PMPRB-E105")
    members = set(names)
    worksheets: dict[str, bytes] = {}
    marked: dict[str, frozenset[str]] = {}
    unsafe_parts: set[str] = set()
    # The workbook and its relationships first: they say which parts a value reader opens.
    by_name = {i.filename: i for i in infos}
    texts: dict[str, bytes] = {}
    raws: dict[str, bytes] = {}
    for name in (_WORKBOOK, _WORKBOOK_RELS):
        if name in by_name:
            _padded_bomb(by_name[name])
            raws[name] = _inflate(zf, data, by_name[name])
            texts[name] = _check_member(name, raws[name], worksheets, unsafe_parts, marked, string_table=True)
    targets, xml_targets, chartsheets, string_tables = _workbook_targets(texts, members)
    sheets = _sheet_parts(texts[_WORKBOOK], targets)
    tab_of = {s.part: s.name for s in sheets}
    # What parsers read, all as XML: the package's own parts, the sheets, and the workbook's other XML
    # parts. A binary target (a VBA project, a Power Pivot data model) is read by neither parser, so it is
    # left out of the copy like any other member: everything in the copy passed the checks below, and
    # what no parser reads is only inflated (bounded, CRC checked) — an SVG image with a DOCTYPE is fine.
    read_by_parsers = {"[Content_Types].xml", "_rels/.rels", _WORKBOOK, _WORKBOOK_RELS}
    for part in xml_targets | chartsheets | {s.part for s in sheets}:
        read_by_parsers |= {part, _rels_of(part)}
    # openpyxl follows a chartsheet's relationships to its drawing and chart, which the copy leaves out
    # (the bounded reader wants cells, and a chartsheet has none): the copy says it has none.
    no_relationships = {_rels_of(p) for p in chartsheets}
    kept: list[tuple[str, bytes, int]] = []
    custom = core = b""
    for info in infos:
        raw = raws.get(info.filename)
        if raw is None:
            if info.filename in read_by_parsers:
                _padded_bomb(info, tab_of.get(info.filename))  # (an image, inflated only, may be all one colour)
            raw = _inflate(zf, data, info, tab_of.get(info.filename))
            if info.filename == _CUSTOM_PROPERTIES and len(raw) <= MAX_CUSTOM_PROPERTIES_BYTES:
                custom = raw
            elif info.filename == _CORE_PROPERTIES and len(raw) <= _MAX_CORE_BYTES:
                core = raw
            if info.filename in read_by_parsers:
                # calamine finds its string table by this name, in any case; a future one might follow the
                # relationship: both are checked as string tables.
                string_table = info.filename.lower() == "xl/sharedstrings.xml" or info.filename in string_tables
                _check_member(info.filename, raw, worksheets, unsafe_parts, marked, string_table=string_table)
        if info.filename in no_relationships:
            kept.append((info.filename, _EMPTY_RELATIONSHIPS, zlib.crc32(_EMPTY_RELATIONSHIPS)))
        elif info.filename in read_by_parsers:
            # (a worksheet read without its empty cells is no longer the part the header's CRC is of)
            crc = info.CRC if len(raw) == info.file_size else zlib.crc32(raw)
            kept.append((info.filename, raw, crc))
    return _Scanned(sheets, bool(unsafe_parts), worksheets, marked, kept, custom, core)


def _check_member(
    name: str,
    raw: bytes,
    worksheets: dict[str, bytes],
    unsafe_parts: set[str],
    marked: dict[str, frozenset[str]],
    *,
    string_table: bool,
) -> bytes:
    """Refuse a DTD or an oversized string table; note worksheets and those unsafe for calamine.

    For the members a parser reads; ``string_table`` when a parser may read the part as shared strings.
    A part that looks like UTF-16 must decode, and is checked both as it is and decoded: openpyxl honours
    the byte-order mark, calamine reads the raw bytes as UTF-8, and each must be safe for its reader.
    Returns the text as UTF-8.
    """
    decoded = as_utf8(raw, name)
    if decoded is not raw:
        # calamine reads the UTF-16 bytes as UTF-8 and finds nothing: a UTF-16 sheet (LibreOffice reads it)
        # was "no LKE header" (E201), UTF-16 shared strings "Cannot detect file format". openpyxl reads it.
        unsafe_parts.add(name)
    for content in (raw,) if decoded is raw else (raw, decoded):
        _check_prolog(name, content)
        if string_table:
            _check_shared_strings(name, content)
        if b"sheetData" in content:
            worksheets.setdefault(name, content)
            # (a part in UTF-16 is searched twice, as it is and decoded: each search decides for itself)
            marks = sheet_marks(content) if decoded is raw else None
            if marks is not None:
                marked.setdefault(name, marks)
            if (
                _cells_beyond_bound(content, marks)
                or _spaced_values(content, marks)
                or _single_quoted_types(content)
                or _odd_string_index(content, marks)
            ):
                unsafe_parts.add(name)
        elif not (string_table and b"sst" in content[:4096]):  # (a string table is bounded by its strings)
            _check_elements(name, content)
    return decoded if decoded is raw else utf8_declared(decoded)


#: Elements (start tags) of a part parsers read that is neither a sheet nor a string table: the styles, the
#: workbook, the relationships, the content types. Real ones hold a few thousand (the official ZI form's styles
#: 1 224), a workbook bloated with hidden names some tens of thousands; a million cell formats in a 1,4 MB file
#: took the bounded reader 111 s and 989 MB, 500 000 relationships calamine 474 MB, each within every size bound.
MAX_PART_ELEMENTS = 200_000
#: The styles part may hold all the cell formats Excel can make (64 000, each with its fill, font and border).
MAX_STYLE_ELEMENTS = 400_000
MAX_CELL_FORMATS = 65_536
_CELL_FORMAT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?xf[\s/>]")


def _check_elements(name: str, content: bytes) -> None:
    """Refuse a part of more elements than any spreadsheet writes (PMPRB-E105), before a parser builds them."""
    count = content.count(b"<") - content.count(b"</")  # (closing tags are no elements: <x>…</x> is one)
    if count <= MAX_CELL_FORMATS:
        return
    head = content[:4096]
    styles = b"styleSheet" in head
    if count <= MAX_PART_ELEMENTS and not styles:
        return
    if b"calcChain" in head:
        return  # (one entry per formula cell, and read by neither reader)
    if styles:
        formats = len(_CELL_FORMAT.findall(content))
        if formats > MAX_CELL_FORMATS:
            raise WorkbookError(
                f"bagian {name} memuat {_n(formats)} format sel, melebihi {_n(MAX_CELL_FORMATS)} (Excel sendiri "
                "membuat paling banyak 64.000); salin isian ke templat baru dari pmprb template",
                code="PMPRB-E105",
            )
        if count <= MAX_STYLE_ELEMENTS:
            return  # (as many formats as Excel makes, with their fills, fonts and borders)
    limit = MAX_STYLE_ELEMENTS if styles else MAX_PART_ELEMENTS
    raise WorkbookError(
        f"bagian {name} memuat lebih dari {_n(limit)} unsur XML, jauh melebihi buku kerja mana pun; salin isian ke "
        "templat baru dari pmprb template",
        code="PMPRB-E105",
    )


# A value padded with a line break (<v>\n  34\n</v>, as indenting XML writers do; valid XML) is read by
# calamine as string number 0 when the cell holds a string: every answer of a sheet came back as its title
# text, counted invalid (an index of 68,57 read as 42,56), or no header was found. openpyxl reads it as
# written, so such a sheet goes to the bounded reader. Spreadsheets write no line break or tab inside
# sheetData: three byte searches at memchr speed settle every usual sheet. Padding with spaces alone, which
# no writer is known to produce, would cost two slow scans of every sheet (0,9 M instructions a workbook);
# it is looked for only after calamine's reading failed (see :func:`with_padded_values_bounded`).
_SPACED_VALUE = re.compile(rb"<v>\s|\s</v>")


def with_padded_values_bounded(package: Package) -> Package | None:
    """The package again, every sheet for the bounded reader, when some value is padded with spaces.

    Called where reading a workbook failed (no LKE header, an unreadable sheet), and on the few files a
    rubric is detected from, never on every workbook of a batch: calamine reads a
    string's index padded with spaces (<v> 3 </v>) as string 0, and fails on such a number, while
    openpyxl and LibreOffice read both as written. None when the package is not such a workbook.
    """
    if package.kind != "xlsx" or package.bounded:
        return None
    for content in package.contents.values():
        start = content.find(b"<sheetData")
        end = content.find(b"</sheetData>", max(start, 0))
        if start >= 0 and _SPACED_VALUE.search(content, start, len(content) if end < 0 else end):
            return replace(package, bounded=True)
    return None


def _single_quoted_types(content: bytes) -> bool:
    """Whether a cell's style or type is quoted with apostrophes (legal XML no spreadsheet writes).

    pmprb's byte searches of the sheet (percent formats, error values) read s="…" and t="…": a 61,4% cell
    spelt s='18' scored 0,614 of 100, and a #DIV/0! spelt t='e' was "belum dijawab". openpyxl reads both.
    """
    # Each apostrophe found by memchr and looked behind: two searches for " s='" and " t='" scanned the whole
    # part at about a byte a nanosecond (an apostrophe is rare in a sheet, a space before an s everywhere).
    # A part of many apostrophes (formulas naming other sheets, a hostile part of nothing else) is searched as
    # before once the first few are looked at: the cost stays that of two searches, whatever the part holds.
    at = content.find(b"'")
    for _ in range(_APOSTROPHES_LOOKED_AT):
        if at < 0:
            return False
        if content[at - 3 : at] in _QUOTED_TYPE_HEADS:
            return True
        at = content.find(b"'", at + 1)
    return b" s='" in content or b" t='" in content


_QUOTED_TYPE_HEADS = (b" s=", b" t=")
_APOSTROPHES_LOOKED_AT = 64


#: A shared-string cell whose <v> is not a plain index: python-calamine reads " 54", "54 ", "-1", "abc", "5.4E1" as
#: string 0, another cell's text (the official ZI form's "A.": a "C" scored as A without a word; fuzzrev). Spaces
#: are spelt out: RE2's \s leaves out the vertical tab that sre's takes in.
_ODD_STRING_INDEX = rb't="s"[^>]*>[' + _SPACE_BYTES + rb"]*<v>(?:[^0-9<]|[0-9]+[^0-9<])"


@functools.cache
def _odd_string_index_search() -> _Search:
    return _latin1_search(_ODD_STRING_INDEX, re.compile(_ODD_STRING_INDEX))


def _odd_string_index(content: bytes, marks: frozenset[str] | None = None) -> bool:
    """Whether a worksheet has a shared-string cell whose index is no plain number (32 µs an LKE sheet, RE2)."""
    if marks is not None and "odd_string_index" not in marks:
        return False
    return _odd_string_index_search().search(content) is not None


#: What a worksheet may hold that pmprb searches it for, each as a pattern in RE2's syntax over Latin-1. RE2's set
#: matcher finds which of them occur in one pass over the part (1,3 ns a byte on an LKE sheet, whatever their
#: number: 0,17 ms), where each search made a pass of its own (0,47 ms a workbook together). A mark only says
#: that the part may hold that text; the search it stands for still decides. Where RE2 is not installed, every
#: part may hold everything. tests/test_hostile.py checks each mark against its search on random texts.
_SHEET_MARKS: dict[str, bytes] = {
    # the searches of _cells_beyond_bound
    "odd_cell": _RE2_ODD_CELL_TAG,
    "odd_row": _RE2_ODD_ROW_TAG,
    "prefixed": _RE2_PREFIXED_TAG,
    "other_r": _RE2_OTHER_R_ATTRIBUTE,
    "odd_string_index": _ODD_STRING_INDEX,
    # _spaced_values, over the whole part (it looks within sheetData only)
    "spaced_value": rb"<v>[" + _SPACE_BYTES + rb"]|[" + _SPACE_BYTES + rb"]</v>",
    # the reader's searches: an error value's type (workbook._ERROR_TYPE), a HYPERLINK formula (Package.links)
    "error_value": rb' t="e"',
    "hyperlink_formula": re.escape(HYPERLINK_CALL),
}
# A cell of a column (by its letter, or of two letters or more) that holds a formula: _column_formulas's text.
_FORMULA_AFTER_REF = rb'[0-9]+"[^<>]*>[' + _SPACE_BYTES + rb"]*<f[" + _SPACE_BYTES + rb"/>]"
_SHEET_MARKS |= {f"formula_in_{c}": b'<c r="' + c.encode() + _FORMULA_AFTER_REF for c in string.ascii_uppercase}
_SHEET_MARKS["formula_in_wide_column"] = b'<c r="[A-Z][A-Z]+' + _FORMULA_AFTER_REF
_BOUND_MARKS = frozenset(("odd_cell", "odd_row", "prefixed", "other_r"))


@functools.cache
def _sheet_mark_set() -> tuple[Any, tuple[str, ...]] | None:
    """RE2's set matcher of :data:`_SHEET_MARKS` and the marks in its order; None without RE2.

    Its last pattern matches every text (the end of it): RE2's set matcher says "no match" also when it fails
    (its automaton out of memory, which no part here has been seen to cause), and a failure must not read as a
    part that holds nothing rare.
    """
    try:
        import re2
    except ImportError:
        return None
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    matcher = re2.Set.SearchSet(options)
    for pattern in _SHEET_MARKS.values():
        matcher.Add(pattern)
    matcher.Add(rb"\z")
    matcher.Compile()
    return matcher, tuple(_SHEET_MARKS)


def sheet_marks(content: bytes) -> frozenset[str] | None:
    """The marks of :data:`_SHEET_MARKS` whose text a worksheet part may hold; None where that is not known."""
    found = _sheet_mark_set()
    if found is None:
        return None
    matcher, names = found
    matched = matcher.Match(content) or ()
    if len(names) not in matched:
        return None  # (the matcher failed: every search runs)
    return frozenset(names[i] for i in matched if i < len(names))


def _spaced_values(content: bytes, marks: frozenset[str] | None = None) -> bool:
    """Whether a worksheet has a value padded with a line break or tab inside its <v> element."""
    if marks is not None and "spaced_value" not in marks:
        return False
    start = content.find(b"<sheetData")
    if start < 0:
        return False
    end = content.find(b"</sheetData>", start)
    end = len(content) if end < 0 else end  # (a line break in extLst, after the cells, is no reason to scan)
    if all(content.find(c, start, end) < 0 for c in (b"\n", b"\r", b"\t")):
        return False
    return _SPACED_VALUE.search(content, start, end) is not None


# python-calamine reads a sheet's merged ranges whenever it hands the sheet out: a second parse of the
# whole sheet that stops only at <mergeCells>, which comes after the cells. pmprb never asks for merged
# ranges (the layout reads values), so the copy calamine reads declares an empty <mergeCells> first thing
# inside the root element: the second parse stops there, and the cells read as before (tested). On an LKE
# sheet that pass was 40 % of calamine's time. The inserted text holds no cell, row or r attribute, so the
# guard's verdict on the sheet stands.
#
# It goes right after the root element's start tag, never where a search merely finds "<sheetData" (that
# text may stand in a CDATA section or after a malformed tag, and text inserted there changes what is
# read): after the prolog (below) and a start tag matched whole, with quoted attribute values free of "<".
# When either is not found, the sheet is left as it is and calamine takes the longer way.
_EMPTY_MERGE_CELLS = b"<mergeCells></mergeCells>"
# No possessive groups here: CPython before 3.11.5 matched them wrongly (gh-106052). Each attribute can
# match in one way only (names hold no space, "=" or quote), so the greedy pattern never backtracks far,
# and it is tried on a bounded window.
_ROOT_START_TAG = re.compile(rb"""<[^\s/>!?<"'=]+(?:\s+[^\s/>!?<"'=]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*>""")
_MAX_ROOT_TAG = 64 * 1024


#: A member of the stored copy: its name, its content (bytes, or pieces the copy joins in order) and CRC-32.
_Member = tuple[str, bytes | tuple[bytes | memoryview, ...], int]


def _without_merge_pass(member: tuple[str, bytes, int]) -> _Member:
    """A worksheet member for the stored copy, with an empty <mergeCells> ahead of its cells.

    Given as three pieces (views of the sheet around the inserted text), joined only once, into the copy
    itself: building the changed sheet first cost two more copies of it (a quarter of a million
    instructions a workbook). The CRC-32 of the pieces in turn is that of the changed sheet.
    """
    name, content, _crc = member
    if _utf16_codec(content) is not None:
        return member
    end = _prolog_end(content)
    root = _ROOT_START_TAG.match(content, end, end + _MAX_ROOT_TAG) if end is not None else None
    if root is None:
        return member
    at = root.end()
    view = memoryview(content)
    pieces = (view[:at], _EMPTY_MERGE_CELLS, view[at:])
    crc = 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
    return name, pieces, crc


# The prolog: what stands before the root element. XML allows there only whitespace, after an optional
# byte-order mark, the XML declaration, processing instructions, comments and one DOCTYPE; expat refuses
# any other text before it reaches a DOCTYPE behind it. Items are read one match each, within the first
# MAX_PROLOG_BYTES; a part with more items, or whose prolog runs past that window, is refused, so reading
# a prolog costs a bounded loop over a bounded window (spreadsheets write a declaration and little else).
_PROLOG_ITEM = re.compile(rb"[ \t\r\n]*+(?:<\?.*?\?>|<!--.*?-->)", re.S)
_PROLOG_SPACE = re.compile(rb"[ \t\r\n]*+")
MAX_PROLOG_ITEMS = 1000
MAX_PROLOG_BYTES = 64 * 1024


def _prolog_end(content: bytes) -> int | None:
    """Where the prolog of an XML part ends, or None when it is longer than the bounds above allow."""
    window = min(len(content), MAX_PROLOG_BYTES)
    at = 3 if content.startswith(b"\xef\xbb\xbf") else 0
    for _ in range(MAX_PROLOG_ITEMS + 1):
        item = _PROLOG_ITEM.match(content, at, window)
        if item is None:
            space = _PROLOG_SPACE.match(content, at, window)
            end = space.end() if space is not None else at
            if window < len(content) and (
                content.startswith((b"<?", b"<!--"), end) or (end == window and content[end] in b" \t\r\n")
            ):
                return None  # the prolog goes on past the window: an item not yet ended, or whitespace
            return end
        at = item.end()
    return None  # a thousand and first item


def _check_prolog(name: str, content: bytes) -> None:
    """Refuse a part whose prolog declares anything (a DTD, in any spelling) or is longer than any need be.

    Entities are declared only inside a DOCTYPE, and a DOCTYPE stands only in the prolog: after the root
    element starts, ``<!DOCTYPE`` or ``<!ENTITY`` is malformed XML that parsers refuse, never expand. So the
    prolog alone is read, and a long part is judged by its first few dozen bytes rather than by a scan of
    all of it.
    """
    end = _prolog_end(content)
    if end is None:
        raise WorkbookError(
            f"{name} memuat lebih dari {_n(MAX_PROLOG_ITEMS)} instruksi atau komentar, atau lebih dari "
            f"{_n(MAX_PROLOG_BYTES)} bita, sebelum elemen akar",
            code="PMPRB-E105",
        )
    # "<!--" here is a comment never closed, which no parser reads past.
    if content.startswith(b"<!", end) and not content.startswith(b"<!--", end):
        raise WorkbookError(
            f"{name} memuat DTD/entitas XML (bom XML)",
            code="PMPRB-E105",
            # (the catalogue's "Berkas LKE wajar berukuran di bawah beberapa MB" said nothing of this)
            hint="Excel dan LibreOffice tidak pernah menulis DTD: simpan ulang buku kerjanya dari Excel atau "
            "LibreOffice, atau salin isiannya ke templat baru dari pmprb template.",
        )


def _rels_of(part: str) -> str:
    """The relationships part of a part (xl/worksheets/sheet1.xml → xl/worksheets/_rels/sheet1.xml.rels)."""
    folder, _, leaf = part.rpartition("/")
    return f"{folder}/_rels/{leaf}.rels" if folder else f"_rels/{leaf}.rels"


_STORED_LOCAL = struct.Struct("<IHHHHHIIIHH")
_STORED_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_STORED_END = struct.Struct("<IHHHHIIH")


def _stored_zip(members: list[_Member]) -> bytes:
    """A zip archive holding these (name, content, CRC-32) members uncompressed, written in one pass.

    The CRCs are those the guard verified against the contents; sizes are bounded by MAX_TOTAL_BYTES and
    the count by MAX_MEMBERS, so the plain (not zip64) format always suffices.
    """
    chunks: list[bytes | memoryview] = []
    central: list[bytes] = []
    offset = 0
    for name, content, crc in members:
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else 0x800  # bit 11: the name is UTF-8
        pieces = content if isinstance(content, tuple) else (content,)
        size = sum(map(len, pieces))
        header = _STORED_LOCAL.pack(0x04034B50, 20, flags, 0, 0, 0x21, crc, size, size, len(encoded), 0)
        central.append(
            _STORED_CENTRAL.pack(
                0x02014B50, 20, 20, flags, 0, 0, 0x21, crc, size, size, len(encoded), 0, 0, 0, 0, 0, offset
            )
            + encoded
        )
        chunks += (header, encoded, *pieces)
        offset += len(header) + len(encoded) + size
    directory = b"".join(central)
    end = _STORED_END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join((*chunks, directory, end))


def _check_shared_strings(name: str, content: bytes) -> None:
    """Refuse a part that declares, or holds, more shared strings than :data:`MAX_SHARED_STRINGS`.

    python-calamine reserves room for as many strings as the uniqueCount of an ``sst`` element says,
    wherever it meets one: not only at the start of the part (a long comment or long attributes push the
    root's past any fixed window) and not only on the root (another may stand deeper). So every uniqueCount
    of a string table (see ``_scan_zip``) is looked at — each found by a C-speed search, and a legitimate
    table has one; the word elsewhere in the table (in a text, say) only makes the check stricter.
    """
    at = content.find(b"uniqueCount")
    for _ in range(MAX_COUNT_ATTRIBUTES):
        if at < 0:
            break
        value = _COUNT_VALUE.match(content, at + len(b"uniqueCount"))
        digits = value.group(1) if value is not None else b""
        if len(digits) > len(str(MAX_SHARED_STRINGS)) or (digits and int(digits) > MAX_SHARED_STRINGS):
            shown = _n(int(digits)) if len(digits) <= 20 else f"{len(digits)} digit"
            raise WorkbookError(
                f"{name} menyatakan {shown} teks, melebihi batas {_n(MAX_SHARED_STRINGS)}", code="PMPRB-E105"
            )
        at = content.find(b"uniqueCount", at + 1)
    else:
        if at >= 0:
            raise WorkbookError(
                f"{name} menyebut uniqueCount lebih dari {MAX_COUNT_ATTRIBUTES} kali", code="PMPRB-E105"
            )
    # Each "<si" takes three bytes: a part shorter than three times the bound cannot hold too many.
    if len(content) > 3 * MAX_SHARED_STRINGS and content.count(b"<si") > MAX_SHARED_STRINGS:
        raise WorkbookError(f"{name} memuat lebih dari {_n(MAX_SHARED_STRINGS)} teks", code="PMPRB-E105")


def damaged_part(package: Package) -> str:
    """What neither reader could open in an xlsx package is, when one of its parts says it ("" otherwise).

    A part the readers read to open a workbook left empty or cut short (xl/styles.xml: fuzzrev), or a sheet the
    workbook lists whose part is not in the archive: python-calamine's "Cannot detect file format" named none of
    them. Only those parts are looked at: an empty theme, which both readers pass over, was named in place of
    the cut styles part behind it, and 60 MB sheets parsed again took seconds (diffrev25). Looked for only after
    both readers failed; every part was bounded and freed of DTDs by the guard, so expat reads each safely.
    """
    try:
        with zipfile.ZipFile(BytesIO(package.data)) as archive:
            members = {info.filename: info for info in archive.infolist()}
            rels = archive.read(members[_WORKBOOK_RELS]) if _WORKBOOK_RELS in members else b""
            try:
                styles = styles_member(rels, members)
            except WorkbookError:
                styles = ""  # (the relationships themselves, named below)
            opened = ["[Content_Types].xml", "_rels/.rels", _WORKBOOK, _WORKBOOK_RELS, styles]
            opened += sorted(n for n in members if n.lower() == "xl/sharedstrings.xml")
            parts = [(name, archive.read(members[name])) for name in dict.fromkeys(opened) if name in members]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return ""
    for name, content in parts:
        if not content.strip():
            return f"bagian {name} kosong"
        parser = expat.ParserCreate()
        try:
            parser.Parse(content, True)
        except expat.ExpatError as exc:
            return f"bagian {name} terpotong atau rusak (XML-nya tidak utuh pada baris {exc.lineno})"
    workbook = dict(parts).get(_WORKBOOK, b"")
    read = {s.name for s in package.sheets}
    for sheet in _ElementReader(_WORKBOOK, f"{_NS['m']}}}sheet", MAX_SHEETS).read(workbook):
        name = sheet.get("name", "")
        if name not in read:
            return f"lembar '{name[:40]}' terdaftar di buku kerja, tetapi isinya tidak ada di arsip"
    return ""


#: Relationship types whose targets parsers look up by type and read as XML, whatever the part is called.
_XML_RELATIONSHIPS = frozenset(
    {"worksheet", "chartsheet", "dialogsheet", "macrosheet", "sharedStrings", "styles", "theme"}
)


def _workbook_targets(
    texts: dict[str, bytes], members: set[str]
) -> tuple[dict[str, str], set[str], set[str], set[str]]:
    """The member each workbook relationship points at by id; and which are XML, chartsheets, string tables.

    Relationships to missing members are left out. A target is read as XML when its relationship type says
    so (a sheet, the string table, the styles) or when it is named .xml or .rels; it is a chartsheet when
    any relationship type to it names one, and a string table when one is of type sharedStrings.
    """
    rels = texts.get(_WORKBOOK_RELS, b"<Relationships/>")
    out: dict[str, str] = {}
    xml_parts: set[str] = set()
    chartsheets: set[str] = set()
    string_tables: set[str] = set()
    for rel in _ElementReader(_WORKBOOK_RELS, f"{_NS['rel']}}}Relationship", MAX_MEMBERS).read(rels):
        part = _member_of(rel.get("Target", ""), members)
        if part in members:
            out[rel.get("Id", "")] = part
            kind = rel.get("Type", "")
            if part.endswith((".xml", ".rels")) or kind.rpartition("/")[2] in _XML_RELATIONSHIPS:
                xml_parts.add(part)
            if "chartsheet" in kind:
                chartsheets.add(part)
            if kind.rpartition("/")[2] == "sharedStrings":
                string_tables.add(part)
    return out, xml_parts, chartsheets, string_tables


def _member_of(target: str, members: Collection[str]) -> str:
    """The archive member a workbook relationship's target names (from xl/, or from the root)."""
    part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    part = os.path.normpath(part).replace(os.sep, "/")
    if part not in members and target in members:  # calamine also accepts a target given from the root
        part = target
    return part


def styles_member(rels: bytes, members: Collection[str]) -> str:
    """The member the workbook's styles relationship points at ('' for none), in checked relationships."""
    for rel in _ElementReader(_WORKBOOK_RELS, f"{_NS['rel']}}}Relationship", MAX_MEMBERS).read(rels):
        if rel.get("Type", "").rpartition("/")[2] == "styles":
            part = _member_of(rel.get("Target", ""), members)
            if part in members:
                return part
    return ""


def _sheet_parts(workbook: bytes, targets: dict[str, str]) -> tuple[SheetPart, ...]:
    """The worksheets the workbook lists, each with the member that holds it."""
    sheets: list[SheetPart] = []
    listed = _ElementReader(_WORKBOOK, f"{_NS['m']}}}sheet", MAX_SHEETS + 1).read(workbook)
    if len(listed) > MAX_SHEETS:
        # The sheets past the cap were dropped here, so none of their bounds was checked: a 98 KB file whose
        # 65th sheet (the cap was 64) held 3 million empty cells and XFD1048576 took 15 s and 1 GB; an LKE sheet
        # there was read without its styles, errors and formulas.
        raise WorkbookError(
            f"lebih dari {MAX_SHEETS} lembar kerja (hapus lembar yang tidak diperlukan, lalu kirim ulang)",
            code="PMPRB-E105",
        )
    seen: set[str] = set()
    for el in listed:
        name = el.get("name", "")
        if name in seen:
            # calamine reads the first of the two, pmprb's own searches (formulas, errors, percent formats) the
            # last: a #DIV/0! in one was "belum dijawab" beside the other's answers. No spreadsheet writes this.
            raise WorkbookError(f"buku kerja mendaftar dua lembar bernama '{name[:40]}'", code="PMPRB-E103")
        seen.add(name)
        part = targets.get(el.get(f"{_NS['r']}}}id", ""))
        if part is None:
            continue  # a missing part: nothing to read
        sheets.append(SheetPart(name=name, part=part))
    if not sheets:
        if _STRICT_NAMESPACE in workbook:
            # Excel's "Strict Open XML" names every element in other namespaces: no reader here knows them.
            raise WorkbookError("format 'Strict Open XML Spreadsheet'", code="PMPRB-E102")
        if listed:
            # Its sheets listed, none found: "Berkas kosong (0 bita)" was said of a 41 KB workbook whose
            # relationships part was renamed.
            names = ", ".join(f"'{el.get('name', '')}'" for el in listed[:5])
            raise WorkbookError(
                f"buku kerja mendaftar lembar {names}, tetapi tidak satu pun ada di arsip (bagian lembarnya, atau "
                f"{_WORKBOOK_RELS} yang menunjuknya, hilang atau rusak)",
                code="PMPRB-E103",
            )
        raise WorkbookError("tidak ada lembar kerja", code="PMPRB-E107")
    return tuple(sheets)
