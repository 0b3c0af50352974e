"""The spreadsheet-reading boundary: python-calamine for speed, openpyxl only for bounded fallbacks.

:func:`open_workbook` returns a :class:`WorkbookView` whose sheets come back as plain grids (lists of rows
of Python values, cached values for formula cells) with absolute coordinates: row 0 is sheet row 1.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import python_calamine

from pmprb_cli.errors import WorkbookError
from pmprb_cli.xlsx_guard import MAX_COL, MAX_ROW, Package, SheetPart, inspect

Grid = list[list[object]]


@dataclass
class SheetGrid:
    """The values of one sheet, within the read bound."""

    name: str
    rows: Grid
    formula_cells: frozenset[str]
    truncated: bool

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
        try:
            self._book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(package.data))
        except python_calamine.PasswordError as exc:
            raise WorkbookError("terenkripsi", code="PMPRB-E104") from exc
        except Exception as exc:  # calamine raises several unrelated types for broken files
            raise WorkbookError(_short(exc), code="PMPRB-E103") from exc
        self.sheet_names: tuple[str, ...] = tuple(self._book.sheet_names)

    def sheet(self, name: str) -> SheetGrid:
        """Parse one sheet into a bounded grid."""
        part = self._parts.get(name)
        if part is not None and part.out_of_bounds:
            return _bounded_with_openpyxl(self.package.data, part)
        try:
            sheet = self._book.get_sheet_by_name(name)
            if sheet.height > MAX_ROW or sheet.width > MAX_COL:
                # Only .xls reaches here (xlsx was pre-scanned): keep the bound by truncating.
                head = sheet.to_python(skip_empty_area=False, nrows=MAX_ROW)
                return SheetGrid(name, [list(r[:MAX_COL]) for r in head], frozenset(), True)
            rows = cast(Grid, sheet.to_python(skip_empty_area=False))
        except Exception as exc:
            raise WorkbookError(f"lembar '{name}': {_short(exc)}", code="PMPRB-E103") from exc
        formulas = part.formula_cells if part else frozenset()
        return SheetGrid(name, rows, formulas, False)


def open_workbook(path: str, data: bytes | None = None) -> WorkbookView:
    """Inspect a file for safety and open it for reading."""
    return WorkbookView(inspect(path, data))


def _bounded_with_openpyxl(data: bytes, part: SheetPart) -> SheetGrid:
    """Read a sheet that has cells far outside the LKE table, stopping at the read bound."""
    import openpyxl  # imported here: only hostile or odd files take this path

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = book[part.name]
        rows: Grid = []
        for values in ws.iter_rows(max_row=MAX_ROW, max_col=MAX_COL, values_only=True):
            rows.append(["" if v is None else v for v in values])
        book.close()
    except Exception as exc:
        raise WorkbookError(f"lembar '{part.name}': {_short(exc)}", code="PMPRB-E103") from exc
    return SheetGrid(part.name, rows, part.formula_cells, True)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


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
