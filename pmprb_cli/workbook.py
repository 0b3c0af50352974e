"""The spreadsheet-reading boundary: python-calamine for speed, openpyxl only for bounded fallbacks.

:func:`open_workbook` returns a :class:`WorkbookView` whose sheets come back as plain grids (lists of rows
of Python values, cached values for formula cells) with absolute coordinates: row 0 is sheet row 1.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast
from xml.parsers import expat

import python_calamine

from pmprb_cli.errors import WorkbookError
from pmprb_cli.xlsx_guard import (
    MAX_COL,
    MAX_MERGES,
    MAX_ROW,
    Package,
    damaged_part,
    inspect,
    styles_member,
    utf8_declared,
)

if TYPE_CHECKING:
    from pmprb_cli.xls_guard import XlsCellFacts

Grid = list[list[object]]

#: The custom document property that marks a kabupaten workbook written by pmprb (``pmprb merge``).
KABUPATEN_MARKER = "pmprb-buku-kerja-kabupaten"


#: The custom document property that marks the kabupaten LKE (usulan) that ``pmprb export`` writes.
USULAN_MARKER = "pmprb-lke-kabupaten-usulan"


def is_usulan_package(package: Package) -> bool:
    """Whether a file is the kabupaten LKE (usulan) pmprb exported: an LKE, but of the kabupaten, not a unit.

    (Saved again as .xls it ranked as a unit "KABUPATEN" among the units, and set their average.)
    """
    return _marked(package, USULAN_MARKER)


def is_kabupaten_package(package: Package) -> bool:
    """Whether a file is a kabupaten workbook pmprb wrote (its marker property), not a unit's LKE.

    A marked file is one pmprb wrote, or one that says so: either way it holds no unit's answers that pmprb
    would score (its sheets are a rekap), so skipping it loses nothing.
    """
    if _marked(package, KABUPATEN_MARKER):
        return True
    # A rekap that went through Google Sheets lost its custom properties, the marker with them: "hanya 0 dari
    # 201 butir ditemukan di lembar 'Jawaban'" (PMPRB-E206), a unit's broken LKE. Its sheets still tell it.
    names = {s.name for s in package.sheets}
    return REKAP_SHEETS <= names and not names & LKE_SHEETS


def usulan_sheet(word: str) -> str:
    """The rekap's sheet of the proposed pemda LKE, named with the pemda's word (:func:`checks.pemda_word`).

    "LKE Kabupaten (usulan)", or a kota's "LKE Kota (usulan)": the rekap, the exported LKE's note and its Petunjuk
    each name it, and must name the one the rekap holds.
    """
    return f"LKE {word.capitalize()} (usulan)"


#: The sheets every rekap pmprb merges holds (merging names them); none is a unit's LKE sheet.
REKAP_SHEETS = frozenset({"Rekap", "Per Area", "Jawaban", "Kelengkapan", "Info"})
#: Names a unit's LKE sheet takes (the template's, the official form's).
LKE_SHEETS = frozenset({"LKE", "Identitas"})


def _marked(package: Package, marker: str) -> bool:
    """Whether the package's custom properties name ``marker``."""
    if package.kind == "xls":  # (its property names are strings of the file's code page, or UTF-16)
        properties = package.custom_properties
        return marker.encode() in properties or marker.encode("utf-16-le") in properties
    return f'name="{marker}"'.encode() in package.custom_properties


@dataclass
class SheetGrid:
    """The values of one sheet, within the read bound.

    ``formulas`` is either the set of cell references holding a formula or a function that finds them
    (in some columns when given their letters): the scan costs a pass over the sheet XML, and only the
    answer and evaluator columns of the LKE sheet ever ask, together in one pass.
    """

    name: str
    rows: Grid
    formulas: frozenset[str] | Callable[..., frozenset[str]]
    truncated: bool
    #: Finds the link targets of one column's cells (by letters); None where the format has none to read.
    links: Callable[[str], Mapping[str, str]] | None = None
    #: The merged ranges as ((first row, first col), (last row, last col)), 0-based; empty where not read.
    merged: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()
    #: Finds the 0-based rows hidden (by hand or by a filter); None where not read. A function: the search
    #: costs two passes over the sheet, asked only of a sheet with a blank answer (PMPRB-W432).
    hidden: Callable[[], frozenset[int]] | None = None
    #: The first cell past the read bound that holds a value ("XFD1048576"), where the reader saw it.
    beyond: str = ""
    #: Whether the workbook counts date serials from 1904 (see :attr:`Package.date1904`).
    date1904: bool = False

    def hidden_rows(self) -> frozenset[int]:
        """The 0-based rows hidden (by hand or by a filter)."""
        return self.hidden() if self.hidden is not None else frozenset()

    def link_targets(self, column: int) -> Mapping[str, str]:
        """Cell reference → the link it points to (HYPERLINK formula or cell hyperlink), in one 0-based column."""
        return self.links(column_letter(column)) if self.links is not None else {}

    def formula_cells(self, *columns: int, without_text_result: bool = False) -> frozenset[str]:
        """The references of the cells (of these 0-based columns, or all when none is given) holding a formula.

        ``without_text_result``: only those saved with no text result (see Package.formula_cells); a grid that
        cannot tell (.xls, the bounded reader's) keeps them all.
        """
        letters = tuple(column_letter(c) for c in columns) or None
        if callable(self.formulas):
            return self.formulas(letters, without_text_result=without_text_result)
        if letters is None:
            return self.formulas
        return frozenset(ref for ref in self.formulas if ref.rstrip("0123456789") in letters)

    def value(self, row: int, col: int) -> object:
        """The value at 0-based (row, col), ``None`` when outside the grid or empty."""
        if row < len(self.rows):
            cells = self.rows[row]
            if col < len(cells):
                v = cells[col]
                return None if v == "" else v
        return None


class WorkbookView:
    """A workbook opened read-only from bytes already in memory; sheets are parsed on demand."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self._parts = {s.name: s for s in package.sheets}
        self._bounded_book: Any = None
        self._percent_styles: frozenset[int] | None = None
        self._xls_cells: dict[str, XlsCellFacts] = {}
        self._cell_facts: dict[str, CellFacts] = {}
        self._grids: dict[str, SheetGrid] = {}
        self._elements_left = MAX_WORKBOOK_ELEMENTS
        self._too_large: dict[str, SheetTooLarge] = {}
        try:
            with rust_panics_quiet():
                self._book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(package.data))
        except python_calamine.PasswordError as exc:
            raise WorkbookError("dilindungi kata sandi (terenkripsi)", code="PMPRB-E104") from exc
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # calamine raises several unrelated types, a Rust panic among them
            if package.kind != "xlsx":
                raise WorkbookError(_short(exc), code="PMPRB-E103") from exc
            # Shared strings in UTF-16, a styles part left empty: "Cannot detect file format" for a workbook
            # LibreOffice opens. The bounded reader reads it from the same checked copy, or says why not.
            self.package = package = replace(package, bounded=True)
            self._opened_bounded(exc)
            return
        self.sheet_names: tuple[str, ...] = tuple(self._book.sheet_names)
        #: Sheets the workbook hides (hidden or very hidden): nobody sees, let alone fills, them in Excel.
        self.hidden_sheets: frozenset[str] = frozenset()
        try:
            visible = python_calamine.SheetVisibleEnum.Visible
            self.hidden_sheets = frozenset(m.name for m in self._book.sheets_metadata if m.visible != visible)
        except (AttributeError, ValueError):
            pass  # (an older python-calamine: every sheet taken as visible, as before)

    def _opened_bounded(self, calamine_error: BaseException) -> None:
        """Open the workbook with openpyxl alone (python-calamine could not): its sheets and hidden sheets."""
        try:
            self._openpyxl_book()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            said = damaged_part(self.package)
            raise WorkbookError(said or _short(calamine_error), code="PMPRB-E103") from calamine_error
        self.sheet_names = tuple(self._bounded_book.sheetnames)
        self.hidden_sheets = frozenset(
            ws.title for ws in self._bounded_book.worksheets if getattr(ws, "sheet_state", "visible") != "visible"
        )

    def _openpyxl_book(self) -> None:
        """The bounded reader's workbook (openpyxl, read-only, from the checked copy), opened once."""
        import openpyxl  # imported here: only hostile or odd files take this path

        if self._bounded_book is None:
            with _no_size_pass():
                self._bounded_book = openpyxl.load_workbook(
                    io.BytesIO(self.package.data), read_only=True, data_only=True, keep_links=False
                )

    def sheet(self, name: str) -> SheetGrid:
        """Parse one sheet into a bounded grid (once: another rubric tried on the workbook reads it again)."""
        grid = self._grids.get(name)
        if grid is None:
            grid = self._grids[name] = self._sheet(name)
        return grid

    def _sheet(self, name: str) -> SheetGrid:
        part = self._parts.get(name)
        if part is None and self.package.kind == "xlsx" and self.package.sheets:
            # The workbook lists the sheet, the archive holds no part for it: "pesan teknis pembaca: LKE."
            # (python-calamine's KeyError) said nothing an operator could act on.
            raise WorkbookError(
                f"lembar '{name}' terdaftar di buku kerja, tetapi isinya tidak ada di arsip", code="PMPRB-E103"
            )
        if self.package.bounded:
            return self._bounded(name)
        try:
            with rust_panics_quiet():
                sheet = self._book.get_sheet_by_name(name)
                if sheet.height > MAX_ROW or sheet.width > MAX_COL:
                    # Only .xls reaches here (an xlsx sheet this large is read by the bounded reader).
                    head = sheet.to_python(skip_empty_area=False, nrows=MAX_ROW)
                    return SheetGrid(name, [list(r[:MAX_COL]) for r in head], frozenset(), True)
                rows = cast(Grid, sheet.to_python(skip_empty_area=False))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            if part is not None and self.package.kind == "xlsx":
                # A part python-calamine does not find where the guard did ("./worksheets/sheet1.xml", a
                # relationship LibreOffice follows): the bounded reader reads it from its checked copy.
                try:
                    return self._bounded(name)
                except _MissingStrings:
                    raise  # (it names the cells; python-calamine's message does not)
                except WorkbookError:
                    pass
            raise WorkbookError(f"lembar '{name}': {_short(exc)}", code="PMPRB-E103") from exc
        formulas: frozenset[str] | Callable[..., frozenset[str]] = (
            functools.partial(self.package.formula_cells, part.part) if part else frozenset()
        )
        links = functools.partial(self.package.links, part.part) if part else None
        if self.package.kind == "xls":
            formulas = frozenset(cell_ref(r, c) for r, c in self._xls_facts(name)[1])
        xlsx = part is not None and self.package.kind == "xlsx"
        merged = self.package.merged_ranges(part.part) if part and xlsx else ()
        if self.package.kind == "xls":
            # (calamine reads an .xls sheet's MERGEDCELLS records; answers merged there were scored without W431)
            merged = tuple(sheet.merged_cell_ranges or ())[:MAX_MERGES]
        hidden = functools.partial(self.package.hidden_rows, part.part) if part and xlsx else None
        if self.package.kind == "xls":
            hidden = functools.partial(lambda sheet: self._xls_facts(sheet)[3], name)
        far = self.package.truncated_sheets.get(name)
        return SheetGrid(name, rows, formulas, far is not None, links, merged, hidden, far or "", self.package.date1904)

    def holds_error_values(self, sheet: str) -> bool:
        """Whether some cell of a sheet holds an error value (a byte search of its part; an .xls's records)."""
        if self.package.kind == "xls":
            return bool(self._xls_facts(sheet)[2])
        part = self._parts.get(sheet)
        return (
            part is not None
            and self.package.may_hold(part.part, "error_value")
            and _ERROR_TYPE in self.package.contents.get(part.part, b"")
        )

    def error_values(self, sheet: str, refs: Sequence[str]) -> dict[str, str]:
        """Of these cells of a sheet, those holding an error value (#N/A, #DIV/0!…), each with its text.

        calamine reads them as empty cells, so an answer showing #DIV/0! was said to be unanswered. One
        pass over the sheet's error cells, each looked at from its type attribute to the ends of its tag, so
        the cost is the sheet's length whatever number of cells is asked about.
        """
        if self.package.kind == "xls":
            shown = {cell_ref(r, c): text for (r, c), text in self._xls_facts(sheet)[2].items()}
            return {ref: shown[ref] for ref in refs if ref in shown}
        part = self._parts.get(sheet)
        content = self.package.contents.get(part.part, b"") if part is not None else b""
        wanted = set(refs)
        found: dict[str, str] = {}
        at = content.find(_ERROR_TYPE)
        while at >= 0 and len(found) < len(wanted):
            start, end = content.rfind(b"<", 0, at), content.find(b">", at)
            if start < 0 or end < 0:
                break
            tag = content[start : end + 1]
            ref = _REF_ATTRIBUTE.search(tag) if tag[:2] == b"<c" and tag[2:3] in _SPACES else None
            # (a self-closed error cell holds no text; the next "</c>" would be another cell's)
            if ref is not None and ref.group(1).decode() in wanted and not tag.endswith(b"/>"):
                close = content.find(b"</c>", end)
                value = _CELL_VALUE.search(content, end, close) if close >= 0 else None
                if value is not None:
                    found[ref.group(1).decode()] = value.group(1).decode("utf-8", "replace")
            at = content.find(_ERROR_TYPE, end)
        return found

    def percent_cells(self, sheet: str, refs: Sequence[str]) -> frozenset[str]:
        """Of these cells of a sheet, those formatted to show a percentage (their value is a fraction).

        75% typed in Excel is stored as 0.75 in a cell formatted 0%: what the unit sees and means is 75.
        Asked only for the few cells where a fraction sits on a 0–100 scale (an .xls: from its BIFF records).
        """
        if self.package.kind == "xls" and refs:
            shown = {cell_ref(r, c) for r, c in self._xls_facts(sheet)[0]}
            return frozenset(ref for ref in refs if ref in shown)
        part = self._parts.get(sheet)
        if part is None or self.package.kind != "xlsx" or not refs:
            return frozenset()
        if self._percent_styles is None:
            try:
                with zipfile.ZipFile(io.BytesIO(self.package.data)) as archive:
                    styles_name = _styles_part(archive)
                    styles = archive.read(styles_name) if styles_name else b""
            except (zipfile.BadZipFile, KeyError, OSError):
                styles = b""
            self._percent_styles = _percent_styles(styles) if styles else frozenset()
        if not self._percent_styles:
            return frozenset()
        if self.package.bounded:
            # (an unusual spelling: a percent-formatted 61,40 % in an x:-prefixed sheet scored 0,614 of 100)
            style_of = self._facts(part.part).styles
            return frozenset(ref for ref in refs if style_of.get(ref) in self._percent_styles)
        content = self.package.contents.get(part.part, b"")
        found = set()
        for ref in refs:
            tag = _cell_tag(content, ref)
            style = _CELL_STYLE.search(tag.group(0)) if tag is not None else None
            if style is not None and int(style.group(1)) in self._percent_styles:
                found.add(ref)
        return frozenset(found)

    def _xls_facts(self, sheet: str) -> XlsCellFacts:
        """An .xls sheet's percent-formatted, formula and error cells (read once per sheet)."""
        if sheet not in self._xls_cells:
            from pmprb_cli.xls_guard import xls_cell_facts  # only legacy files take this path

            self._xls_cells[sheet] = xls_cell_facts(self.package.data, sheet)
        return self._xls_cells[sheet]

    def _bounded(self, name: str) -> SheetGrid:
        """Read a sheet with openpyxl, stopping at the read bound whatever the sheet claims or holds."""
        from openpyxl.worksheet._reader import WorkSheetParser  # (only hostile or odd files take this path)

        part = self._parts.get(name)
        # Read first: it refuses a sheet of too many elements (PMPRB-E105) and cuts the part after its cells.
        try:
            facts = self._facts(part.part) if part else CellFacts(frozenset(), {})
        except WorkbookError as exc:
            raise type(exc)(f"lembar '{name}': {exc.message}", code=exc.code) from exc
        try:
            self._openpyxl_book()
            ws = self._bounded_book[name] if name in self._bounded_book.sheetnames else None
            if ws is None or not hasattr(ws, "iter_rows"):
                return SheetGrid(name, [], frozenset(), False)  # a chartsheet: no cells to read
            # Only the bytes counted and cut above: openpyxl parses a part to its end looking for rows, keeping
            # what it does not know (15 M empty elements after the cells: 69 s and 1,5 GB).
            part_bytes = facts.cells_part
            source = io.BytesIO(part_bytes) if part_bytes is not None else ws._get_source()
            # Each cell where its own reference puts it, not as iter_rows lays rows out: that skips a row
            # numbered below the one before it and ends a row at its last cell written (cells of row 51
            # written K before B lost K: "belum dijawab" beside the Ya that LibreOffice shows).
            strings = _CheckedStrings(ws._shared_strings)
            parser = _lenient_parser(WorkSheetParser)(
                source,
                strings,
                data_only=True,
                epoch=self._bounded_book.epoch,
                date_formats=self._bounded_book._date_formats,
                timedelta_formats=self._bounded_book._timedelta_formats,
            )
            placed: dict[int, dict[int, object]] = {}
            truncated, beyond = facts.cut_rows, ""
            with source, _openpyxl_quiet():
                for _, cells in parser.parse():
                    for cell in cells:
                        if cell["value"] is None:
                            continue
                        # (the cell's own row: a <row> without its optional r= is numbered by openpyxl's count of
                        # rows written, one above the cell's reference after any row left out; every answer
                        # after the first gap was read a row off, valid, on a wrong index)
                        number = cell["row"]
                        if number > MAX_ROW or cell["column"] > MAX_COL:
                            truncated = True  # a value past the bound: the first one named (PMPRB-W108)
                            beyond = beyond or cell_ref(number - 1, cell["column"] - 1)
                            continue
                        if cell["value"] is _MISSING_STRING:
                            strings.broken.append(cell_ref(number - 1, cell["column"] - 1))
                            continue
                        placed.setdefault(number, {})[cell["column"]] = cell["value"]
            rows: Grid = [
                [row.get(c, "") for c in range(1, max(row, default=0) + 1)]
                for row in (placed.get(n, {}) for n in range(1, max(placed, default=0) + 1))
            ]
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise WorkbookError(f"lembar '{name}': {_short(exc)}", code="PMPRB-E103") from exc
        if strings.broken:
            # What the cell showed is lost (Excel offers to repair the file, LibreOffice shows it empty): said
            # with the cell, not as a reader's "string index not found", and never read as an empty answer.
            cells = ", ".join(strings.broken[:5]) + (" …" if len(strings.broken) > 5 else "")
            raise _MissingStrings(
                f"lembar '{name}': {_thousands(len(strings.broken))} sel merujuk teks yang tidak ada di berkas "
                f"(berkas memuat {_thousands(len(strings))} teks), isinya hilang: {cells}",
                code="PMPRB-E103",
            )
        # Formulas where openpyxl placed the cells: the fast searches read only the usual spelling, and a
        # sheet comes here for being unusual (x: prefixes, cells without r): E410 became "belum dijawab".
        formulas = facts.formulas
        links = functools.partial(self.package.links, part.part) if part else None
        # (merged answers and hidden rows said here too: an x:-prefixed sheet lost W431 and W432)
        merged = self.package.merged_ranges(part.part) if part else ()
        hidden = functools.partial(self.package.hidden_rows, part.part) if part else None
        return SheetGrid(name, rows, formulas, truncated, links, merged, hidden, beyond, self.package.date1904)

    def _facts(self, part: str) -> CellFacts:
        """The formula cells and cell styles of a worksheet part, read once (the bounded reader's sheets)."""
        if part in self._too_large:
            raise self._too_large[part]  # (counted once: each rubric tried reads the sheets again)
        if part not in self._cell_facts:
            content = self.package.contents.get(part)
            if content is None:
                with zipfile.ZipFile(io.BytesIO(self.package.data)) as archive:
                    content = archive.read(part)
            try:
                facts = cell_facts(utf8_declared(content), self._elements_left)
            except SheetTooLarge as exc:
                self._elements_left -= MAX_SHEET_ELEMENTS  # (what it read before it was refused counts too)
                self._too_large[part] = exc
                raise
            self._elements_left -= facts.elements
            self._cell_facts[part] = facts
        return self._cell_facts[part]


class _MissingStrings(WorkbookError):
    """Cells of a sheet refer to shared strings the workbook does not have."""


class _MissingString:
    """What a cell holds that refers to a shared string the workbook does not have."""


class _CheckedStrings:
    """A workbook's shared strings as openpyxl's sheet parser looks them up, out-of-range indexes marked.

    A plain list answered index 999999 with IndexError, failing the whole sheet without naming the cell,
    and index -1 with the last string: a text the cell never held, read as the unit's answer.
    """

    def __init__(self, strings: Sequence[object]) -> None:
        self._strings = strings
        self.broken: list[str] = []

    def __len__(self) -> int:
        return len(self._strings)

    def __getitem__(self, index: int) -> object:
        if 0 <= index < len(self._strings):
            return self._strings[index]
        return _MISSING_STRING


_MISSING_STRING = _MissingString()


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# Number formats that show a value as a percentage: Excel's built-in 0% and 0.00%, and any custom format
# with a % outside quotes and escapes (a quoted "%" is a literal sign, the value is not multiplied).
_BUILTIN_PERCENT_FORMATS = frozenset({9, 10})
_LITERAL_IN_FORMAT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_STYLES_PART = "xl/styles.xml"


def _styles_part(archive: zipfile.ZipFile) -> str:
    """The styles part of a package: xl/styles.xml, else where the workbook's relationship of that type points.

    A styles part under another name is legal (Excel follows the relationship): its 61,4% cells were read
    0,614 of 100 (PMPRB-W412) where the same file named as usual was read 61,4.
    """
    names = set(archive.namelist())
    if _STYLES_PART in names:
        return _STYLES_PART
    rels = "xl/_rels/workbook.xml.rels"
    # (the guard has checked the relationships: bounded, no DTD)
    return styles_member(archive.read(rels), names) if rels in names else ""


#: Excel's escape of a character in a string ("_x000D_" for a carriage return, "_x005F_" for "_" itself).
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_unescaped(text: str) -> str:
    """A string as Excel shows it: its ``_xHHHH_`` escapes decoded, as python-calamine decodes them.

    openpyxl's sheet parser keeps them: "A" then Alt+Enter, stored ``A_x000D_``, was E402 on the bounded reader
    ("Jawaban 'A_x000D_' … bukan pilihan yang sah; dihitung 0") and "A" on calamine.
    """
    return _OOXML_ESCAPE.sub(lambda m: _escaped_character(int(m.group(1), 16)), text)


def _escaped_character(code: int) -> str:
    # (half of a surrogate pair alone is no character: written into a JSON or a sheet it stopped the output)
    return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)


@functools.cache
def _lenient_parser(base: type[Any]) -> type[Any]:
    """The sheet parser of openpyxl, reading a number it cannot convert as the text it is, as calamine does.

    A <v>61,4</v> or <v>NaN</v> stopped the whole workbook ("pesan teknis pembaca: invalid literal for int()
    with base 10: '61,4'", E103, no cell named) on the bounded reader only; calamine's reading gives the cell
    its text, and the answer its own finding (PMPRB-W407 read as 61,4; PMPRB-E404).
    """
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import VALUE_TAG

    class LenientParser(base):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            style = element.get("s")
            if style is not None and not style.strip().isdigit():
                del element.attrib["s"]  # (a style reference that is no number: the cell is read without it)
            try:
                cell = cast(dict[str, Any], super().parse_cell(element))
            except ValueError:
                # A value its type cannot hold (t="b" "yes", t="d" "kemarin", a number "61,4"): read as its text.
                # A string table's index is not: what it pointed at is lost (said as E103).
                text = element.findtext(VALUE_TAG, None)
                if element.get("t", "n") == "s" or not text:
                    raise
                # (the column counter has moved on already: the failure is after it, at the value's conversion)
                coordinate = element.get("r")
                row, column = coordinate_to_tuple(coordinate) if coordinate else (self.row_counter, self.col_counter)
                return {"row": row, "column": column, "value": text, "data_type": "s", "style_id": 0}
            value = cell["value"]
            if isinstance(value, str) and "_x" in value and element.get("t") != "s":
                # Text held in the cell (inline, a formula's text result): Excel's escapes decoded here; a shared
                # string's were decoded with the table (:func:`_exact_string_table`), once.
                cell["value"] = ooxml_unescaped(value)
            return cell

    return LenientParser


_ERROR_TYPE = b' t="e"'  # (a mark of the guard's, "error_value": keep the two alike)
_SPACES = (b" ", b"\t", b"\r", b"\n")
_REF_ATTRIBUTE = re.compile(rb'\sr="([A-Z]{1,3}[0-9]{1,7})"')
_CELL_STYLE = re.compile(rb'\bs="(\d+)"')
_CELL_VALUE = re.compile(rb"<v>([^<]{1,32})</v>")


def _cell_tag(content: bytes, ref: str) -> re.Match[bytes] | None:
    """The opening tag of one cell of a worksheet part, its attributes in any order (one search of the part)."""
    return re.search(rb'<c\b[^>]*?\br="' + re.escape(ref.encode()) + rb'"[^>]*>', content)


#: Styles parts read, with their percent formats: workbooks made from one template share theirs, byte for byte.
_PERCENT_STYLES_SEEN: dict[bytes, frozenset[int]] = {}
_PERCENT_STYLES_KEPT = 16
_PERCENT_STYLES_LARGEST = 256 * 1024


def _percent_styles(styles: bytes) -> frozenset[int]:
    """The indices of the cell formats (``cellXfs``) of a styles part that show numbers as percentages.

    Remembered for the few styles parts of a batch's templates (small ones only: the key is the part itself).
    """
    found = _PERCENT_STYLES_SEEN.get(styles)
    if found is None:
        found = _read_percent_styles(styles)
        if len(styles) <= _PERCENT_STYLES_LARGEST and len(_PERCENT_STYLES_SEEN) < _PERCENT_STYLES_KEPT:
            _PERCENT_STYLES_SEEN[styles] = found
    return found


def _read_percent_styles(styles: bytes) -> frozenset[int]:
    custom: dict[int, str] = {}
    formats: list[int] = []
    depth = {"cellXfs": 0}

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition("}")[2]
        if local == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(attributes.get("numFmtId", ""))] = attributes.get("formatCode", "")
        elif local == "cellXfs":
            depth["cellXfs"] += 1
        elif local == "xf" and depth["cellXfs"]:
            try:
                formats.append(int(attributes.get("numFmtId", "0")))
            except ValueError:
                formats.append(0)

    def end(name: str) -> None:
        if name.rpartition("}")[2] == "cellXfs":
            depth["cellXfs"] -= 1

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(styles, True)
    except expat.ExpatError:
        return frozenset()  # an unreadable styles part: no cell is known to show a percentage

    def percent(fmt: int) -> bool:
        if fmt in _BUILTIN_PERCENT_FORMATS:
            return True
        code = custom.get(fmt)
        return code is not None and "%" in _LITERAL_IN_FORMAT.sub("", code)

    return frozenset(n for n, fmt in enumerate(formats) if percent(fmt))


@dataclass(frozen=True)
class CellFacts:
    """What a worksheet's XML says of its cells beyond their values: which hold a formula, each one's style."""

    formulas: frozenset[str]
    styles: Mapping[str, int]
    #: The part as the bounded reader is to read it: cut after its cells (the end of sheetData, or the row
    #: past the read bound) and closed there; None when the parse failed (openpyxl fails at the same place).
    cells_part: bytes | None = None
    #: Whether rows past the read bound were cut off.
    cut_rows: bool = False
    #: How many elements the pre-pass read (counted against the workbook's bound too).
    elements: int = 0


class SheetTooLarge(WorkbookError):
    """One sheet holds more elements than the bounded reader takes (PMPRB-E105): another may hold the LKE."""


class _Stop(Exception):
    """Raised inside the parser where the bounded reader's part ends (after the cells, or at the read bound)."""


#: Elements a sheet sent to the bounded reader may hold before its cut: an LKE sheet holds tens of thousands.
#: openpyxl keeps a row's elements until the row ends: 1,99 M empty elements in one row of a 26 KB upload took
#: 6–8 s and 680 MB; at this bound under 3 s and about 200 MB. A 100 KB upload of fifteen million elements
#: took 69 s and 1,5 GB before there was a bound.
MAX_SHEET_ELEMENTS = 500_000
#: And all the sheets of one workbook read so: ten sheets of 490 000 elements each took 6 s.
MAX_WORKBOOK_ELEMENTS = 2_000_000


_A1 = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def cell_facts(content: bytes, limit: int | None = None) -> CellFacts:
    """Formula cells and cell styles of a worksheet (placed as openpyxl does), and its part cut after the cells.

    Whatever the spelling: prefixed tags (x:c, as the Open XML SDK writes), attributes in single quotes,
    cells and rows without an r attribute (the next place after the one before). Up to the read bound.
    Refuses (PMPRB-E105) a part with more than :data:`MAX_SHEET_ELEMENTS` elements before that cut: openpyxl
    reads exactly these bytes, so its work is bounded whatever the two parsers make of odd rows.
    """
    bound = MAX_SHEET_ELEMENTS if limit is None else min(limit, MAX_SHEET_ELEMENTS)
    formulas: set[str] = set()
    styles: dict[str, int] = {}
    place = [0, 0, 0, 0]  # row, column (1-based), rows seen, elements seen
    current = [""]
    opened: list[int] = []  # where each element still open starts (its name is read there if the part is cut)
    cut: list[object] = []  # the byte where the part ends, and whether rows past the bound go

    def start(name: str, attributes: dict[str, str]) -> None:
        # Only the main namespace's elements, as openpyxl reads them: 9 849 rows of another namespace counted
        # toward the bound cut the real rows off (57,20 scored 29,42).
        uri, _, local = name.rpartition("}")
        local = local if uri == _MAIN_NS else ""
        place[3] += 1
        if place[3] > bound:
            if bound < MAX_SHEET_ELEMENTS:  # the workbook's bound, not this sheet's: the file is refused
                raise WorkbookError(
                    f"buku kerja berisi lebih dari {MAX_WORKBOOK_ELEMENTS:,} elemen XML di lembar-lembarnya".replace(
                        ",", "."
                    ),
                    code="PMPRB-E105",
                )
            raise SheetTooLarge(
                f"berisi lebih dari {MAX_SHEET_ELEMENTS:,} elemen XML".replace(",", "."), code="PMPRB-E105"
            )
        if local == "row":
            place[2] += 1
            if place[2] > MAX_ROW:
                cut.extend((parser.CurrentByteIndex, True))  # this row and all after it are not read
                raise _Stop
            place[0] = _row_number(attributes.get("r"), place[0])
            place[1] = 0
        elif local == "c":
            found = _A1.fullmatch(attributes.get("r", "").strip())
            if found is not None:
                row, col = int(found.group(2)), _column_number(found.group(1))
            else:
                row, col = place[0], place[1] + 1
            place[1] = col
            current[0] = f"{column_letter(col - 1)}{row}" if 0 < row <= MAX_ROW and 0 < col <= MAX_COL else ""
            style = attributes.get("s", "").strip()
            if current[0] and style.isascii() and style.isdigit() and len(style) < 7:
                styles[current[0]] = int(style)
        elif local == "f":
            if current[0]:
                formulas.add(current[0])
        opened.append(parser.CurrentByteIndex)

    def end(name: str) -> None:
        started = opened.pop()
        uri, _, local = name.rpartition("}")
        local = local if uri == _MAIN_NS else ""
        if local == "c":
            current[0] = ""
        elif local == "sheetData":
            # Nothing after the cells is read (nor counted): its end tag is kept whole. For <sheetData/> expat
            # reports the end after the "/>" (when a start handler is set): the cut is there.
            at = parser.CurrentByteIndex
            qname = _TAG_NAME.match(content, started + 1)
            if qname is not None and content.startswith(b"</" + qname.group(0), at):
                at = content.find(b">", at) + 1
            cut.extend((at, False))
            raise _Stop

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(content, True)
    except _Stop:
        at, cut_rows = cut
        assert isinstance(at, int)
        # Closed as opened: <x:sheetData> by </x:sheetData>, the root by its own name.
        names = [_TAG_NAME.match(content, p + 1) for p in reversed(opened)]
        if at <= 0 or any(n is None for n in names):
            raise WorkbookError("struktur XML lembar tidak dapat dipotong sesudah selnya", code="PMPRB-E103") from None
        closing = b"".join(b"</" + n.group(0) + b">" for n in names if n is not None)
        return CellFacts(frozenset(formulas), styles, content[:at] + closing, bool(cut_rows), place[3])
    except expat.ExpatError:
        pass  # what was read up to there stands (openpyxl, reading the same bytes, fails there too)
    return CellFacts(frozenset(formulas), styles, None, False, place[3])


_TAG_NAME = re.compile(rb"[^\s/>]+")
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _row_number(text: str | None, before: int) -> int:
    """A row's number as openpyxl reads its r attribute ("7", "7.0", "+7"), else the next after ``before``."""
    if text is None or len(text) > 20:
        return before + 1
    try:
        return int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            return before + 1  # ("20²": openpyxl fails on it, PMPRB-E103)
        return int(value) if value.is_integer() and abs(value) < 1e9 else before + 1


@contextlib.contextmanager
def _no_size_pass() -> Iterator[None]:
    """Open a workbook read-only with openpyxl, without its size pass.

    It builds every sheet on opening, and a sheet without <dimension> is parsed whole to find its size,
    uncut and uncounted (10 M elements on a sheet pmprb never reads: 11,5 s and 1 GB). Rows are taken as they
    come anyway (``reset_dimensions``). Processes, not threads, run pmprb's work: the patch is undone on exit.
    """
    import openpyxl.reader.excel as excel_reader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    sized, strings = ReadOnlyWorksheet._get_size, excel_reader.read_string_table
    ReadOnlyWorksheet._get_size = lambda self: None
    excel_reader.read_string_table = _exact_string_table
    try:
        with _openpyxl_quiet():
            yield
    finally:
        ReadOnlyWorksheet._get_size = sized
        excel_reader.read_string_table = strings


def _exact_string_table(source: Any) -> list[str]:
    """A workbook's shared strings as Excel shows them: openpyxl's reading, its ``_xHHHH_`` escapes decoded.

    openpyxl only drops "x005F_" (leaving "_x0041_" typed as text indistinguishable from an escaped "A") and
    decodes nothing else: "Ya" then Alt+Enter, stored ``Ya_x000D_``, was E402 on the bounded reader and "Ya" on
    python-calamine. Decoded from the part's own text, once.
    """
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    tag = f"{{{SHEET_MAIN_NS}}}si"
    strings = []
    for _, node in iterparse(source):
        if node.tag == tag:
            strings.append(ooxml_unescaped(Text.from_tree(node).content))
            node.clear()
    return strings


@contextlib.contextmanager
def _openpyxl_quiet() -> Iterator[None]:
    """Warnings of openpyxl unsaid: English, with the path of pmprb's own install, on the operator's terminal.

    ("…/site-packages/openpyxl/reader/workbook.py:84: UserWarning: File contains an invalid specification for
    0", of a sheet link left empty.) What pmprb must say of such a file it says as a finding.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _column_number(letters: str) -> int:
    """Excel letters → 1-based column number (A → 1, AB → 28)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@contextlib.contextmanager
def rust_panics_quiet() -> Iterator[None]:
    """Standard error closed to python-calamine's Rust code while it reads (it is pointed at the null device).

    A crafted .xls made calamine panic: the panic is raised as an exception pmprb reports (PMPRB-E103), but
    Rust first printed "thread '<unnamed>' panicked at … cfb.rs … index out of bounds" on standard error, twice
    a file, and a backtrace of a hundred frames where RUST_BACKTRACE=1 is set.
    """
    try:
        null = _NULL.get(0)
        if null is None:
            null = _NULL[0] = os.open(os.devnull, os.O_WRONLY)  # (once a process: four system calls a read)
        saved = os.dup(2)
    except OSError:  # (no null device, no standard error to quiet)
        yield
        return
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


_NULL: dict[int, int] = {}


def open_workbook(path: str, data: bytes | None = None) -> WorkbookView:
    """Inspect a file for safety and open it for reading."""
    return WorkbookView(inspect(path, data))


def _short(exc: BaseException) -> str:
    """A reader's own words (in English), marked as such inside an Indonesian message.

    Where those words are a bare key or type (openpyxl's KeyError 'c' of a cell cut short, "expected <class
    'int'>"), what they mean is said first: "pesan teknis pembaca: c." told the operator nothing.
    """
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, (KeyError, TypeError)) or (" " not in text and len(text) < 24) or text.startswith(_XML_ERRORS):
        return f"isi XML lembar rusak atau terpotong (pesan teknis pembaca: {text[:160]})"
    # What the readers' words mean, said first ("Cannot detect file format" of a zip workbook whose shared texts
    # are cut short read as "not a workbook at all").
    for words, said in _READER_WORDS:
        if text.startswith(words):
            return f"{said} (pesan teknis pembaca: {text[:160]})"
    return f"pesan teknis pembaca: {text[:160]}"


#: expat's words for XML that is not well-formed (the bounded reader's parser).
_XML_ERRORS = (
    "not well-formed",
    "duplicate attribute",
    "mismatched tag",
    "unclosed token",
    "junk after document element",
    "syntax error",
    "no element found",
    "undefined entity",
    "unbound prefix",
)
#: python-calamine's words for a package whose parts are damaged, and what they mean.
_READER_WORDS = (
    ("Cannot detect file format", "salah satu bagiannya terpotong atau isinya tidak dikenali"),
    ("Cell string index not found", "sel merujuk teks yang tidak ada di berkas"),
    ("index out of bounds", "isi berkas rusak (pembaca menemukan rujukan di luar datanya)"),
)


@functools.lru_cache(maxsize=512)
def column_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 27 → AB)."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based (row, col) → A1 reference."""
    return f"{column_letter(col)}{row + 1}"


def sheet_order(names: Sequence[str], preferred: Sequence[str]) -> list[str]:
    """Sheet names with the preferred ones (compared without case and spaces) first."""
    keys = [p.casefold() for p in preferred]
    return sorted(names, key=lambda n: keys.index(n.strip().casefold()) if n.strip().casefold() in keys else len(keys))
