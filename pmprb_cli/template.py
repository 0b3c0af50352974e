"""Write LKE templates: one workbook per unit that looks like the official LKE and reads back without fail.

The sheet ``LKE`` keeps the official hierarchy rows (komponen → area → sub-komponen → butir) and the official
column titles in the official order, and adds what official files lack: a ``Kode`` column that lets the reader
find every row wherever an OPD moves it, dropdowns and range checks on answer cells, a locked structure (no
password: it prevents slips, not determined edits), and live ``Nilai`` formulas written with the values pmprb
computed, so a reader that does not recalculate still sees numbers. pmprb never scores from those values.

The only module that imports xlsxwriter. Output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xlsxwriter

from pmprb_cli.checks import pemda_word
from pmprb_cli.errors import SystemRefusal, UsageError, os_reason
from pmprb_cli.files import (
    atomic_write,
    is_windows_reserved,
    safe_cell,
    within_cell_limit,
    without_hidden_characters,
)
from pmprb_cli.layout import IDENTITY_SHEET, LKE_SHEET
from pmprb_cli.models import Answer, Item, Rubric, Scale, Submission, as_typed, denoised, first_named, visible
from pmprb_cli.registry import Registry, Unit, load_registry, select_units
from pmprb_cli.rubric import normalise_spelling, parse_choice, parse_number
from pmprb_cli.scoring import score, shown_answer
from pmprb_cli.template_sheet import (
    HEADER_ROW,
    TRAILING_TITLES,
    Columns,
    Formulas,
    Row,
    cell_ranges,
    guide_lines,
    plan_rows,
    wrapped_lines,
)
from pmprb_cli.workbook import USULAN_MARKER, cell_ref, column_letter

if TYPE_CHECKING:
    from pmprb_cli.pipeline import FileResult

GUIDE_SHEET = "Petunjuk"
LIST_SHEET = "Pilihan"
# A fixed creation date: xlsxwriter would stamp "now" and two runs would differ in docProps/core.xml.
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def _period_date(period: str) -> datetime:
    """The first day of a ``YYYY-MM`` period, as the rekap is dated; :data:`FIXED_DATE` for anything else.

    The kabupaten LKE of September's package was dated 2000-01-01 beside a rekap of 2022-09-01.
    """
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", period)
    if match and 1980 <= int(match[1]) <= 2107:
        return datetime(int(match[1]), int(match[2]), 1, tzinfo=UTC)
    return FIXED_DATE


#: Column widths of the LKE sheet (characters): the question, then Bobot … Catatan Evaluator.
_TEXT_WIDTH = 60
_WIDTHS = (8, 45, 14, 18, 9, 32, 32, 18, 32)


def _title_parts(title: str) -> list[str]:
    """A scale title's answers, compared without case and spacing ("Ya/Tidak" and "Ya / tidak" alike)."""
    return [" ".join(p.split()).casefold() for p in title.split("/")]


class _Writer:
    """Writes one template into memory."""

    def __init__(
        self,
        rubric: Rubric,
        unit: Unit,
        period: str,
        kabupaten: str,
        note: str = "",
        usulan: bool = False,
        guide_notes: Sequence[str] = (),
    ) -> None:
        self.rubric, self.unit, self.period, self.kabupaten = rubric, unit, period, kabupaten
        # "Kota" for a kota's labels (its LKE head and Identitas said "KABUPATEN :", "Kabupaten"; kotaword): read
        # back by layout as the pemda either way.
        self.word = pemda_word(kabupaten)
        self.note, self.usulan, self.guide_notes = note, usulan, tuple(guide_notes)
        self.rows = plan_rows(rubric)
        self.cols = Columns.at_depth(max(r.depth for r in self.rows if r.kind != "input"))
        self.row_of = {r.code: HEADER_ROW + 1 + n for n, r in enumerate(self.rows)}
        self.formulas = Formulas(rubric, self.cols, self.row_of, usulan=usulan)
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.buffer,
            {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        self.book.set_properties(
            {
                "title": f"LKE {unit.nama} {period}",
                "subject": rubric.title,
                "author": "pmprb",
                "company": kabupaten,
                "comments": f"rubrik {rubric.id} v{rubric.version} sha256 {rubric.checksum}",
                "created": _period_date(period),
            }
        )
        self.fmt = _formats(self.book)
        self.validations: dict[tuple[int, str], list[int]] = {}

    def text(self, ws: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
        """Text from a rubric, registry or answer is always a string cell: '=HYPERLINK(…)' never runs.

        Text that starts like a formula is also quote-prefixed, so editing the cell in Excel (F2, Enter)
        keeps it text too.
        """
        if value is None or value == "":
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
            return
        text = within_cell_limit(str(value))  # (bukti dukung carried by --prefill: 40.000 characters cut unsaid)
        if safe_cell(text) != text:
            fmt = self.fmt["quoted_open"] if fmt is self.fmt["open"] else self.fmt["quoted"]
        ws.write_string(row, col, text, fmt)

    def value(self, ws: Any, row: int, col: int, value: object, fmt: Any) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            ws.write_number(row, col, value, fmt)
        else:
            self.text(ws, row, col, value, fmt)

    def build(
        self,
        answers: Mapping[str, object],
        evidence: Mapping[str, object],
        evaluator: Mapping[str, object],
        unit_notes: Mapping[str, object],
    ) -> bytes:
        card = score(self._submission(answers), self.rubric)
        values = {n.code: n.score for n in card.nodes}
        values.update({i.code: i.value for i in card.items if i.code not in values})
        lists = self._list_sources()
        ws = self.book.add_worksheet(LKE_SHEET)
        self._identity_rows(ws)
        self._header(ws)
        for n, row in enumerate(self.rows):
            self._row(ws, HEADER_ROW + 1 + n, row, values, answers, evidence, evaluator, unit_notes)
        last = HEADER_ROW + len(self.rows)
        index_row, index_ref = last + 2, cell_ref(last + 2, self.cols.nilai)
        self.text(ws, index_row, 1, "INDEKS", self.fmt["komponen"])
        roots = self.formulas.total([r.code for r in self.rubric.roots])
        # Rounded at 10 decimals, the float noise of the sum (models.denoised): LibreOffice showed
        # 60.004999999999995 as "INDEKS 60,00" above "PREDIKAT B", where pmprb shows 60,01.
        ws.write_formula(index_row, self.cols.nilai, f"=ROUND({roots},10)", self.fmt["total"], denoised(card.index))
        self.text(ws, index_row + 1, 1, "PREDIKAT", self.fmt["komponen"])
        ws.write_formula(
            index_row + 1, self.cols.nilai, self.formulas.predikat(index_ref), self.fmt["total"], card.predikat
        )
        self._validations(ws, lists)
        self._sheet_setup(ws)
        self._identity_sheet()
        self._guide_sheet()
        if lists:
            self._list_sheet(lists)
        self.book.close()
        return self.buffer.getvalue()

    def _submission(self, answers: Mapping[str, object]) -> Submission:
        return Submission(
            file=self.unit.kode,
            sheet=LKE_SHEET,
            layout="template",
            unit_name=self.unit.nama,
            unit_code=self.unit.kode,
            period=self.period,
            answers={
                code: Answer(
                    code=code,
                    raw=raw,
                    sheet=LKE_SHEET,
                    cell=cell_ref(self.row_of[code], self.cols.jawaban),
                    row=self.row_of[code] + 1,
                    # The unit's column beside the evaluator's, as a reader finds it: the unit's grade is read
                    # as far as its criteria carry it, in the cached values as by pmprb (PMPRB-W427).
                    evaluator_cell=cell_ref(self.row_of[code], self.cols.evaluator),
                )
                for code, raw in answers.items()
            },
            sha256="",
            rubric_id=self.rubric.id,
            rubric_version=self.rubric.version,
            rubric_checksum=self.rubric.checksum,
            usulan=self.usulan,
        )

    def _list_sources(self) -> dict[str, str]:
        """Scales whose choices cannot be an inline list (too long, or holding , or "): their range on LIST_SHEET."""
        out: dict[str, str] = {}
        for sid, scale in self.rubric.scales.items():
            joined = ",".join(scale.choices)
            if scale.kind == "choice" and (len(joined) > 255 or any("," in c or '"' in c for c in scale.choices)):
                col = column_letter(len(out))
                out[sid] = f"={LIST_SHEET}!${col}$1:${col}${len(scale.choices)}"
        return out

    def _identity_rows(self, ws: Any) -> None:
        self.text(ws, 0, 1, self.rubric.title.upper(), self.fmt["title"])
        self.text(ws, 1, 1, self.rubric.regulation)
        for n, (label, value) in enumerate(
            (
                (f"{self.word.upper()} :", self.kabupaten),
                ("UNIT :", self.unit.nama),
                ("KODE UNIT :", self.unit.kode),
                ("PERIODE :", self.period),
            )
        ):
            self.text(ws, 2 + n, 1, label, self.fmt["bold"])
            self.text(ws, 2 + n, self.cols.text, value, self.fmt["bold"])
        if self.note:  # the row above the header: seen before any answer
            self.text(ws, HEADER_ROW - 1, 1, self.note, self.fmt["note"])

    def _header(self, ws: Any) -> None:
        fmt = self.fmt["header"]
        self.text(ws, HEADER_ROW, 0, "Kode", fmt)
        ws.merge_range(HEADER_ROW, 1, HEADER_ROW, self.cols.text, "", fmt)
        self.text(ws, HEADER_ROW, 1, "PENILAIAN", fmt)
        for n, title in enumerate(TRAILING_TITLES):
            self.text(ws, HEADER_ROW, self.cols.bobot + n, title, fmt)

    def _row(
        self,
        ws: Any,
        r: int,
        row: Row,
        values: Mapping[str, float],
        answers: Mapping[str, object],
        evidence: Mapping[str, object],
        evaluator: Mapping[str, object],
        unit_notes: Mapping[str, object],
    ) -> None:
        c, f = self.cols, self.fmt
        style = {"group": "komponen" if row.depth == 0 else "group", "sub": "sub", "graded": "sub"}.get(row.kind, "")
        if row.kind == "group":
            for col in range(1, c.catatan + 1):  # the band of colour runs across the table, as in the official file
                ws.write_blank(r, col, None, f[style])
        # Node names sit in narrow label columns and must spill over to the right, so they never wrap.
        text_fmt = f[style or "label"] if row.node is not None else f["wrap"]
        answerable = row.kind in ("item", "input", "indicator", "graded")
        if answerable or row.kind == "computed":
            self.text(ws, r, 0, row.code, f["code"])
        if row.label:
            self.text(ws, r, 1 + row.depth, row.label, f[style] if style else f["label"])
        text_col = c.text if row.kind in ("item", "computed", "input") else 2 + row.depth
        self.text(ws, r, text_col, row.text, f["indent"] if row.kind == "input" else text_fmt)
        if row.node is not None:
            ws.write_number(r, c.bobot, row.node.weight, f["bobot"])
        explanation = self._explanation(row)
        self.text(ws, r, c.penjelasan, explanation, f["wrap"])
        # Rows tall enough for their wrapped question and options: LibreOffice keeps a row without a height at
        # one line, showing option "a." alone and printing the rest over the rows below.
        wrapped = [(explanation, _WIDTHS[c.penjelasan - c.bobot])]
        if text_col == c.text:
            wrapped.append((row.text, _TEXT_WIDTH))
        lines = max(wrapped_lines(text, width) for text, width in wrapped)
        if lines > 1:
            ws.set_row(r, 15 * lines)
        self.text(ws, r, c.pilihan, self._scale_title(row), f["center"])
        if row.kind != "input":
            formula = self.formulas.node(row.node) if row.node is not None else self.formulas.item(self._item(row))
            ws.write_formula(r, c.nilai, formula, f["nilai"], values.get(row.code, 0.0))
        if row.kind == "computed":
            ws.write_blank(r, c.jawaban, None, f["computed"])
        if not answerable:
            return
        self.value(ws, r, c.jawaban, answers.get(row.code), f["open"])
        self.text(ws, r, c.bukti, evidence.get(row.code), f["open"])
        self.text(ws, r, c.unit, unit_notes.get(row.code), f["open"])
        # (the usulan's consensus is typed in Jawaban, which its Nilai and INDEKS read: an entry here was scored as a
        # verification the sheet never showed, 82,10 A beside its 80,00 BB; consensusrev)
        self.value(ws, r, c.evaluator, evaluator.get(row.code), f["closed"] if self.usulan else f["evaluator"])
        self.text(ws, r, c.catatan, None, f["evaluator"])
        key = "input" if row.kind == "input" else self._scale(row).id
        # A graded sub-komponen's own column offers the grades meeting every criterion can give (BB down): A and
        # AA are the evaluator's, and typed there they are read as BB (PMPRB-W423) — the dropdown offered them.
        top = self._unit_top_grade(row)
        self.validations.setdefault((c.jawaban, f"{key}@{top}" if top else key), []).append(r)
        self.validations.setdefault((c.evaluator, key), []).append(r)

    def _unit_top_grade(self, row: Row) -> str:
        """The highest grade a unit may give a graded sub-komponen itself ('' for every other row, and the usulan's)."""
        if row.kind != "graded" or row.node is None or not row.node.derive or self.usulan:
            return ""
        scale = self._scale(row)
        top = next((g for minimum, g in row.node.derive if minimum <= 1.0 + 1e-12), scale.choices[-1])
        return top if any(scale.values[c] > scale.values[top] for c in scale.choices) else ""

    def _item(self, row: Row) -> Item:
        assert row.item is not None  # every row without a node is an item or input row
        return row.item

    def _scale(self, row: Row) -> Scale:
        if row.item is not None:
            return self.rubric.scales[row.item.scale]
        assert row.node is not None
        return self.rubric.scales[row.node.scale]

    def _explanation(self, row: Row) -> str:
        if row.kind in ("item", "computed") and row.item is not None:
            return "\n".join(row.item.options)
        if row.kind in ("indicator", "graded") and row.node is not None:
            return row.node.guidance
        return ""

    def _scale_title(self, row: Row) -> str:
        if row.kind == "computed":
            return "% (otomatis)"
        if row.kind == "input":
            return "Jumlah"
        if row.kind in ("item", "indicator", "graded"):
            scale = self._scale(row)
            if scale.kind == "choice" and _title_parts(scale.title) != _title_parts("/".join(scale.choices)):
                # The official title may name short forms ("WTP/WDP/…") the dropdown does not hold: the
                # column shows what the dropdown offers, so what the unit reads is what it can pick.
                return " / ".join(scale.choices)
            return scale.title
        return ""

    def _validations(self, ws: Any, lists: Mapping[str, str]) -> None:
        for (col, key), rows in sorted(self.validations.items()):
            cells = cell_ranges(rows, col)
            first = min(rows)
            options: dict[str, Any]
            if key == "input":
                # A Jumlah row is a count: 12,5 passed the check and was then PMPRB-W421.
                options = {"validate": "integer", "criteria": ">=", "value": 0}
                message = "Isi banyaknya: bilangan bulat 0 atau lebih, tanpa satuan dan tanpa koma."
            else:
                sid, _, top = key.partition("@")
                scale = self.rubric.scales[sid]
                if scale.kind == "choice" and top:
                    allowed = [g for g in scale.choices if scale.values[g] <= scale.values[top]]
                    options = {"validate": "list", "source": allowed}
                    message = (
                        "Pilih salah satu: " + ", ".join(allowed) + ". Nilai di atas " + top + " diberikan evaluator."
                    )
                elif scale.kind == "choice":
                    options = {"validate": "list", "source": lists.get(key, list(scale.choices))}
                    message = "Pilih salah satu jawaban dari daftar: " + ", ".join(scale.choices)
                else:
                    options = {
                        "validate": "decimal",
                        "criteria": "between",
                        "minimum": scale.minimum,
                        "maximum": scale.maximum,
                    }
                    # (decimal comma, as validate says the range: "0 sampai 3.5" read as three thousand five)
                    low, high = (f"{v:g}".replace(".", ",") for v in (scale.minimum, scale.maximum))
                    message = f"Isi angka {low} sampai {high}."
            options.update(
                {"error_title": "Isian tidak sah", "error_message": message[:250], "multi_range": " ".join(cells)}
            )
            ws.data_validation(first, col, first, col, options)

    def _sheet_setup(self, ws: Any) -> None:
        c = self.cols
        ws.set_column(0, 0, 14)
        ws.set_column(1, c.text - 1, 4)
        ws.set_column(c.text, c.text, _TEXT_WIDTH)
        for n, width in enumerate(_WIDTHS):
            ws.set_column(c.bobot + n, c.bobot + n, width)
        ws.freeze_panes(HEADER_ROW + 1, 0)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(HEADER_ROW)
        # Excel forbids Ctrl+K on a protected sheet unless allowed, even in unlocked cells: a link to the
        # bukti dukung is what that column asks for (and what the export's tautan reads).
        ws.protect("", {"format_columns": True, "format_rows": True, "insert_hyperlinks": True})
        ws.activate()

    def _identity_sheet(self) -> None:
        ws = self.book.add_worksheet(IDENTITY_SHEET)
        ws.set_column(0, 0, 18)
        ws.set_column(1, 1, 72)
        rows = (
            (self.word.capitalize(), self.kabupaten),
            ("Kode unit", self.unit.kode),
            ("Nama unit", self.unit.nama),
            ("Jenis", self.unit.jenis),
            ("Periode", self.period),
            ("Rubrik", self.rubric.id),
            ("Versi rubrik", self.rubric.version),
            ("Sidik rubrik", self.rubric.checksum),
        )
        for n, (label, value) in enumerate(rows):
            self.text(ws, n, 0, label, self.fmt["bold"])
            self.text(ws, n, 1, value)
        # (it said "jangan diubah" while E303's hint asks to correct its Periode: what may change is said)
        self.text(
            ws,
            len(rows) + 1,
            0,
            f"Lembar ini dibuat pmprb untuk mengenali berkas. {self.word.capitalize()}, kode, nama, jenis dan periode "
            "boleh dibetulkan bila salah (mis. atas saran pmprb validate); rubrik, versi dan sidiknya jangan diubah.",
        )
        ws.set_paper(9)  # A4, one page wide: the sidik rubrik printed on a second page alone
        ws.fit_to_pages(1, 0)
        ws.protect()

    def _guide_sheet(self) -> None:
        ws = self.book.add_worksheet(GUIDE_SHEET)
        ws.set_column(0, 0, 110)
        lines = guide_lines(self.rubric, self.unit, self.period, usulan=self.usulan, word=self.word)
        if self.note:
            lines = [lines[0], self.note, *self.guide_notes, *lines[1:]]
        for n, line in enumerate(lines):
            self.text(ws, n, 0, line, self.fmt["title"] if n == 0 else self.fmt["wrap"])
        ws.protect()

    def _list_sheet(self, lists: Mapping[str, str]) -> None:
        ws = self.book.add_worksheet(LIST_SHEET)
        for col, sid in enumerate(lists):
            for r, choice in enumerate(self.rubric.scales[sid].choices):
                self.text(ws, r, col, choice)
        ws.protect()
        ws.hide()


def _formats(book: Any) -> dict[str, Any]:
    top = {"valign": "top"}
    return {
        "title": book.add_format({"bold": True, "font_size": 12}),
        "note": book.add_format({"bold": True, "font_color": "#C00000"}),
        "bold": book.add_format({"bold": True}),
        "header": book.add_format(
            {
                "bold": True,
                "bg_color": "#D9E1F2",
                "border": 1,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
            }
        ),
        "komponen": book.add_format({"bold": True, "bg_color": "#BDD7EE", **top}),
        "group": book.add_format({"bold": True, "bg_color": "#DDEBF7", **top}),
        "sub": book.add_format({"bold": True, **top}),
        "label": book.add_format({**top}),
        "code": book.add_format({"font_color": "#595959", **top}),
        "wrap": book.add_format({"text_wrap": True, **top}),
        "indent": book.add_format({"text_wrap": True, "indent": 2, "italic": True, **top}),
        "center": book.add_format({"align": "center", **top}),
        "bobot": book.add_format({"num_format": "0.00##", **top}),
        "nilai": book.add_format({"num_format": "0.00", "border": 1, **top}),
        "total": book.add_format({"num_format": "0.00", "bold": True, "border": 1, "bg_color": "#BDD7EE"}),
        "open": book.add_format({"locked": False, "bg_color": "#FFF2CC", "border": 1, "text_wrap": True, **top}),
        "evaluator": book.add_format({"locked": False, "bg_color": "#E2EFDA", "border": 1, "text_wrap": True, **top}),
        "closed": book.add_format({"locked": True, "bg_color": "#EDEDED", "border": 1, "text_wrap": True, **top}),
        "computed": book.add_format({"bg_color": "#EDEDED", "border": 1}),
        "quoted": book.add_format({"quote_prefix": True, "text_wrap": True, **top}),
        "quoted_open": book.add_format(
            {"quote_prefix": True, "locked": False, "bg_color": "#FFF2CC", "border": 1, "text_wrap": True, **top}
        ),
    }


# --------------------------------------------------------------------------- public functions


def template_bytes(
    rubric: Rubric,
    unit: Unit,
    period: str,
    kabupaten: str = "",
    answers: Mapping[str, object] | None = None,
    evidence: Mapping[str, object] | None = None,
    evaluator: Mapping[str, object] | None = None,
    *,
    unit_notes: Mapping[str, object] | None = None,
    usulan: bool = False,
    note: str = "",
    guide_notes: Sequence[str] = (),
) -> bytes:
    """The bytes of one LKE template; ``answers``/``evidence``/``evaluator`` map answer codes to cell contents.

    ``usulan`` marks the kabupaten LKE that ``pmprb export`` writes, so that a copy of it among the units'
    workbooks is recognised (and not ranked as a unit); ``note`` is said above the LKE table and first on
    the Petunjuk sheet (what the file is, where a reader looks first), ``guide_notes`` after it there only;
    ``unit_notes``: Penjelasan Unit by answer code.
    Raises :class:`UsageError` when a mapping names a
    code the rubric does not ask for.
    """
    valid = set(rubric.answer_codes())
    named = (("jawaban", answers), ("bukti dukung", evidence), ("jawaban evaluator", evaluator))
    for what, given in (*named, ("penjelasan unit", unit_notes)):
        unknown = sorted(set(given or {}) - valid)
        if unknown:
            raise UsageError(
                f"{what.capitalize()} untuk kode yang tidak ada di rubrik {rubric.id}: {', '.join(unknown[:5])}"
            )
    writer = _Writer(rubric, unit, period, kabupaten, note, usulan, guide_notes)
    if usulan:
        writer.book.set_custom_property(USULAN_MARKER, "1")
    return writer.build(answers or {}, evidence or {}, evaluator or {}, unit_notes or {})


def write_template(
    path: str | Path,
    rubric: Rubric,
    unit: Unit,
    period: str,
    kabupaten: str = "",
    answers: Mapping[str, object] | None = None,
    evidence: Mapping[str, object] | None = None,
    evaluator: Mapping[str, object] | None = None,
) -> Path:
    """Write one LKE template atomically (a temporary file in the same folder, then a rename)."""
    target = Path(path)
    atomic_write(target, template_bytes(rubric, unit, period, kabupaten, answers, evidence, evaluator))
    return target


def template_filename(kode: str) -> str:
    """A safe file name from a unit's kode: only [A-Za-z0-9._-], no '..', no leading dot or dash."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", kode)
    stem = re.sub(r"\.{2,}", ".", stem).strip(".-_")[:64].rstrip(".-_")
    if not stem:
        raise UsageError(f"Kode unit '{kode}' tidak menghasilkan nama berkas yang aman")
    if is_windows_reserved(stem):
        stem = "unit-" + stem  # CON.xlsx, NUL.xlsx … cannot be created on Windows
    return stem + ".xlsx"


@dataclass(frozen=True)
class Carried:
    """A unit's answers and bukti dukung from its workbook of an earlier period, to start the next one from."""

    answers: dict[str, object]
    evidence: dict[str, object]
    source: str
    period: str
    #: The items whose answer in that workbook was not valid, left blank here: item code and the answer as typed,
    #: quoted ("'mungkin'"), or what the cell held instead ("(rumus tanpa hasil)").
    #: (Emptied unsaid, "'a. Quick win ada' → kosong" read as answers lost by pmprb.)
    left_blank: tuple[tuple[str, str], ...] = ()
    #: What the new year changed in what was carried (this year's counts emptied, last year's from December's).
    year_reset: tuple[str, ...] = ()
    #: What the unit wrote in Penjelasan Unit, by answer code (the reasons it gave the assessor last month).
    unit_notes: Mapping[str, str] = field(default_factory=dict)

    def note(self) -> str:
        """What the template says of itself above its LKE table and first on its Petunjuk sheet."""
        what = "Jawaban, bukti dukung dan penjelasan unit" if self.unit_notes else "Jawaban dan bukti dukung"
        said = (
            f"{what} diisi awal dari kiriman periode {self.period} ({Path(self.source).name}): "
            "periksa setiap jawaban, perbarui yang berubah, lalu kirim sebagai kiriman periode ini."
        )
        if self.left_blank:
            codes = first_named([code for code, _ in self.left_blank], 10)
            said += (
                f" {len(self.left_blank)} jawaban kiriman itu {self.left_why} dan dikosongkan di sini; isi ulang: "
                + codes
                + (" (daftar lengkap di lembar Petunjuk)." if len(self.left_blank) > 10 else ".")
            )
        if self.year_reset:
            said += f" Tahun baru: {'; '.join(self.year_reset)}."
        return said

    def left_blank_note(self) -> str:
        """Every answer left blank with what was typed, for the Petunjuk sheet ("dan 113 lagi" named nothing)."""
        if not self.left_blank:
            return ""
        listed = ", ".join(f"{code} {typed}" for code, typed in self.left_blank)
        return f"Dikosongkan karena {self.left_why} di kiriman periode {self.period} (isi ulang): {listed}."

    @property
    def left_why(self) -> str:
        """Why the answers were left blank: not valid, or (also) a grade only the evaluator gives.

        An AA the unit typed counted as BB (PMPRB-W423, the answer valid) was said "tidak sah" here (akiprev).
        """
        grades = sum(1 for _, typed in self.left_blank if typed.endswith(_EVALUATORS_GRADE))
        if not grades:
            return "tidak sah"
        return (
            "nilai huruf yang hanya diberikan evaluator"
            if grades == len(self.left_blank)
            else ("tidak sah atau nilai huruf yang hanya diberikan evaluator")
        )


def earlier_sendings(
    inbox_of: Callable[[str], Path], kodes: Sequence[str], before: str, months: int = 12
) -> dict[str, tuple[Path, str]]:
    """For each kode, the latest inbox of the ``months`` before ``before`` holding a workbook named for it.

    "BPKAD.xlsx" or "BPKAD revisi.xlsx" in ``inbox_of("2024-02")``: where a unit that skipped last month sent
    before (kode → (folder, period)). A unit silent one month got a blank template the month after, its February
    file unmentioned (longrev). Only by name: a hint to give that folder as another ``--prefill``, which reads the
    workbooks themselves.
    """
    if not re.fullmatch(r"\d{4}-\d{2}", before):
        return {}
    year, month = int(before[:4]), int(before[5:])
    found: dict[str, tuple[Path, str]] = {}
    wanted = {k.casefold(): k for k in kodes}
    for _ in range(months):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        period = f"{year:04d}-{month:02d}"
        folder = inbox_of(period)
        with contextlib.suppress(OSError):
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                stem, suffix = os.path.splitext(entry.name.casefold())
                if suffix not in (".xlsx", ".xlsm", ".xls") or not entry.is_file():
                    continue
                head = re.split(r"[\s_.()-]", stem, maxsplit=1)[0]
                for key in (stem, head):
                    if key in wanted and wanted[key] not in found:
                        found[wanted[key]] = (folder, period)
        if len(found) == len(wanted):
            break
    return found


#: How an answer left blank as a grade only the evaluator gives is said.
_EVALUATORS_GRADE = " (nilai huruf evaluator)"


def carried_answers(
    paths: Sequence[str], rubric: Rubric, registry: Registry | None, kabupaten: str = ""
) -> tuple[dict[str, Carried], list[tuple[str, str]], dict[str, tuple[str, ...]]]:
    """Each unit's answers from an earlier period's workbooks, the files that give none with why, and whose.

    ``whose``: the unit key of each file that gives none where the file says it (a template made for one unit
    names only that unit's files: "Tidak dibawa: DISHUB.xlsx (PMPRB-E304 …)" was said to DINKES's operator).

    Keyed by :func:`unit_key`. Every month each unit typed its 200 answers again into a blank template,
    though most had not changed.
    Only what reads as a valid answer is carried, in its canonical spelling (an invalid one is left blank,
    for E401 to ask again); the evaluator's column is the month's, not carried. A unit's second sending and
    a workbook that is not the unit's (another unit's template, a file named for another unit, another
    kabupaten's, another rubric's) give nothing; nor does an unreadable one, nor the parts of a unit merged
    since (why: a code, or words).
    """
    from pmprb_cli.checks import SECOND_SENDINGS, duplicate_units, unit_key
    from pmprb_cli.files import without_file
    from pmprb_cli.pipeline import assess_paths, expand_paths, never_ranked
    from pmprb_cli.scoring import answer_scales, snapped_number

    # (the registry kept in the folder is no workbook: "Tidak dibawa: daftar-unit.csv (PMPRB-E102)")
    files = without_file(expand_paths(list(paths)), registry.path if registry is not None else None, named=paths)
    # (another kabupaten's workbook, E308: its answers started the unit's template, unsaid)
    assessment = assess_paths(files, rubric, registry, None, missing_units=False, kabupaten=kabupaten)
    # A unit's workbook of a later period than its others is the one carried: June's file saved into July's
    # folder after July's (or `--prefill juni --prefill juli`) started August from June, as the file changed
    # last among files of different months. The second sendings are then those of that period alone.
    older = _of_older_periods(assessment.results, rubric, registry)
    latest = [
        r.submission
        for r in assessment.results
        if r.submission is not None and r.file not in older and not never_ranked(r, rubric)
    ]
    second = {f.file: f.code for f in duplicate_units(latest, registry) if f.code == "PMPRB-E304"}
    second.update(
        {f.file: f.code for f in assessment.batch_findings if f.code in SECOND_SENDINGS[1:] and f.file not in older}
    )
    second.update(older)
    scales = answer_scales(rubric)
    # The grades a unit may give itself (LKE AKIP: BB down): an AA typed last month, counted as its criteria
    # (PMPRB-W423), came back in the new template, outside its column's list, and W423 again every month.
    own_top = {n.code: n.own_top_grade for n in rubric.graded()}
    out: dict[str, Carried] = {}
    skipped: list[tuple[str, str]] = [(r.file, r.failed.code) for r in assessment.skipped if r.failed is not None]
    merged = _merged_units(assessment.results, registry) if registry is not None else {}
    whose: dict[str, tuple[str, ...]] = {}
    for result in assessment.results:
        sub = result.submission
        codes = {f.code for f in result.findings}
        ranked_not = never_ranked(result, rubric)
        why = (
            result.failed.code
            if result.failed is not None
            else merged.get(result.file)
            or second.get(result.file)
            or ("PMPRB-W306" if "PMPRB-W306" in codes else "")  # DISDIK's answers sent as DINSOS.xlsx
            # (a kode the registry does not hold, DINKESS for DINKES: no template is its, left out unsaid)
            or ("PMPRB-E301" if registry is not None and "PMPRB-E301" in codes else "")
            or (ranked_not if ranked_not != "PMPRB-E303" else "")  # (last month's period is expected)
        )
        if sub is None or why:
            skipped.append((result.file, why))
            if sub is not None:  # (by kode, and by name: `--unit "Dinas Perhubungan"` without a registry)
                whose[result.file] = (unit_key(sub, registry).casefold(), normalise_spelling(sub.unit_name or ""))
            continue
        answers: dict[str, object] = {}
        evidence: dict[str, object] = {}
        unit_notes: dict[str, str] = {}
        left_blank: list[tuple[str, str]] = []
        for code, answer in sub.answers.items():
            scale = scales.get(code)
            if scale is None:
                continue
            evaluators = False
            if scale.kind == "choice":
                chosen = parse_choice(scale, answer.raw)
                top = own_top.get(code)
                if chosen is not None and top is not None and scale.values[chosen] > scale.values.get(top, 1.0):
                    left_blank.append((code, f"'{chosen}'{_EVALUATORS_GRADE}"))
                    evaluators = True
                elif chosen is not None:
                    answers[code] = chosen
            elif (number := parse_number(answer.raw, whole=math.isinf(scale.maximum))) is not None:
                # (a count of 0,75 is PMPRB-E412, counted 0: carried, the new template was wrong from its first day;
                # one a hair off whole, 3,0000000000000004 from a formula, is read as 3, as scoring reads it; and
                # 5,000000000000001 on 0–5 as 5: it was "tidak sah, tidak dibawa", 1,5 index points lost)
                count = math.isinf(scale.maximum)
                whole = not count or abs(number - round(number)) <= 1e-9
                number = snapped_number(number, scale)
                if number is not None and whole:
                    answers[code] = float(round(number)) if count else number
            # (0 typed where Ya/Tidak was asked is an answer too: "str(raw or '')" dropped it unnamed)
            unread = code not in answers and not evaluators  # (an evaluator's grade is said above)
            if unread and answer.raw is not None and without_hidden_characters(str(answer.raw)).strip():
                raw = answer.raw  # (a logical value as a spreadsheet shows it: FALSE)
                typed = str(raw).upper() if isinstance(raw, bool) else shown_answer(raw)
                left_blank.append((code, f"'{visible(typed)[:60]}'"))
            elif unread and answer.is_formula:
                # (a formula saved without its result, PMPRB-E410 in that month's findings, was emptied unnamed)
                left_blank.append((code, "(rumus tanpa hasil)"))
            # (controls and bidirectional marks, U+202E in a link, are not carried into next month's workbook)
            text = without_hidden_characters(answer.evidence).strip()
            link = without_hidden_characters(answer.evidence_link).strip()
            if text or link:
                evidence[code] = text if not link or link == text else f"{text} — {link}" if text else link
            # (the reasons the unit gave the assessor were typed again each month: only answers and evidence came)
            if said := without_hidden_characters(answer.unit_note).strip():
                unit_notes[code] = said
        if not answers and not evidence and not unit_notes and not left_blank:
            # Last month's blank template, or one sent back unfilled: "Diisi awal: 40 dari 40 templat" and a note in
            # each saying its answers came from that file, of templates that carried nothing.
            skipped.append((result.file, "kosong: tanpa jawaban dan bukti dukung"))
            whose[result.file] = (unit_key(sub, registry).casefold(), normalise_spelling(sub.unit_name or ""))
            continue
        carried = Carried(answers, evidence, result.file, sub.period, tuple(left_blank), unit_notes=unit_notes)
        out[unit_key(sub, registry).casefold()] = carried
        if registry is None and sub.unit_name:  # (--unit "Sekretariat Daerah" as well as --unit SETDA)
            out.setdefault(normalise_spelling(sub.unit_name), carried)
    return out, sorted(skipped), whose


def _of_older_periods(results: Sequence[FileResult], rubric: Rubric, registry: Registry | None) -> dict[str, str]:
    """File → PMPRB-E303, for a unit's workbooks of an earlier period than another of its workbooks.

    Only workbooks that could be the unit's count: a neighbour kabupaten's September file (E308) made DINKES's
    own August one "another period", and the template started empty.
    """
    from pmprb_cli.checks import unit_key
    from pmprb_cli.pipeline import never_ranked

    periods: dict[str, list[tuple[str, str]]] = {}
    for result in results:
        sub = result.submission
        if sub is None or result.failed is not None or never_ranked(result, rubric):
            continue
        if any(f.code in ("PMPRB-E301", "PMPRB-W306") for f in result.findings):
            continue  # (not the unit's by the registry, or named for another unit: left out in their own right)
        if key := unit_key(sub, registry):
            periods.setdefault(key.casefold(), []).append((sub.period, result.file))
    out: dict[str, str] = {}
    for files in periods.values():
        # Months compared as months: "Juni …" sorted after "Juli …" as text, and a year alone before every month
        # (August started from June's answers). A period no month reads from is older than none.
        months = [period for period, _ in files if _MONTH.fullmatch(period)]
        if months:
            latest = max(months)
            out.update({file: "PMPRB-E303" for period, file in files if _MONTH.fullmatch(period) and period != latest})
    return out


_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def _merged_units(results: Sequence[FileResult], registry: Registry) -> dict[str, str]:
    """File → why it gives nothing, for the workbooks of units merged since (two old kodes, one unit now).

    DISKOP's and DISPERINDAG's July files both belong to DISKOPERINDAG today: the first one read prefilled
    the merged unit's template with half of it, and the other was left out as a second sending (E304).
    """
    from pmprb_cli.checks import unit_key

    stated: dict[str, dict[str, str]] = {}  # unit now → the kodes its workbooks state (folded → as typed)
    files: dict[str, list[str]] = {}
    for result in results:
        sub = result.submission
        if sub is not None and result.failed is None and sub.unit_code:
            kode = unit_key(sub, registry)
            stated.setdefault(kode, {}).setdefault(sub.unit_code.casefold(), sub.unit_code)
            files.setdefault(kode, []).append(result.file)
    out: dict[str, str] = {}
    for kode, kodes in stated.items():
        if len(kodes) > 1 and kode.casefold() not in kodes:
            parts = " dan ".join(sorted(kodes.values()))
            out.update(dict.fromkeys(files[kode], f"{parts} kini satu unit, {kode}: jawabannya tidak digabung"))
    return out


def write_templates(
    out_dir: str | Path,
    rubric: Rubric,
    units: Sequence[Unit],
    period: str,
    kabupaten: str = "",
    carried: Mapping[str, Carried] | None = None,
) -> tuple[Path, ...]:
    """Write one template per unit into ``out_dir``; never overwrite a different file already there.

    Every file is rendered and every target checked before the first is written, so a refused batch writes
    nothing. A file with identical bytes (the same run repeated) is left as it is.
    """
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            f"Jalur --out {folder} bukan folder", hint="Berikan folder untuk templat, mis. --out templat/."
        )
    names: dict[str, Unit] = {}
    for unit in units:
        name = template_filename(unit.kode)
        other = names.get(name.casefold())
        if other is not None:
            raise UsageError(f"Unit {other.kode} dan {unit.kode} menghasilkan nama berkas yang sama ({name})")
        names[name.casefold()] = unit
    rendered = []
    for u in units:
        start = _carried_for(carried or {}, u)
        data = (
            template_bytes(rubric, u, period, kabupaten)
            if start is None
            else template_bytes(
                rubric,
                u,
                period,
                kabupaten,
                start.answers,
                start.evidence,
                unit_notes=start.unit_notes,
                note=start.note(),
                guide_notes=[n for n in (start.left_blank_note(),) if n],
            )
        )
        rendered.append((folder / template_filename(u.kode), data))
    clash = [p for p, data in rendered if p.exists() and (not p.is_file() or p.read_bytes() != data)]
    if clash:
        shown = ", ".join(str(p) for p in clash[:5]) + (f" … (+{len(clash) - 5})" if len(clash) > 5 else "")
        raise UsageError(
            f"Berkas sudah ada dan berbeda: {shown}",
            hint="pmprb tidak menimpa berkas yang mungkin sudah diisi unit; pakai folder --out lain atau hapus dulu, "
            "atau buat templat unit baru saja dengan --unit KODE.",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, data in rendered:
            if not path.exists():
                atomic_write(path, data)
    except OSError as exc:
        raise SystemRefusal(f"Tidak dapat menulis ke {folder}: {os_reason(exc)}") from exc
    return tuple(p for p, _ in rendered)


def _into_new_year(carried: Carried, rubric: Rubric, period: str) -> Carried:
    """What was carried from last year's workbook, its counts of the year made this year's.

    January started from December carried "Jumlah pelanggaran tahun ini 8" (2022's) as 2023's, and last year's
    count of 2021 as the year before: sent back unchanged, about 2 index points either way, without a word. This
    year's counts are emptied (the unit fills them); last year's is December's "tahun ini", its count for the whole
    year, and empty when the file carried is of an earlier month.
    """
    was = carried.period
    if not (len(was) == 7 and was[4] == "-" and was[:4].isdigit() and period[:4] > was[:4]):
        return carried
    answers = dict(carried.answers)
    said: list[str] = []
    for item in rubric.items():
        if item.formula != "decrease":
            continue
        if not any(f.code in answers for f in item.inputs):
            continue
        this_year = [answers[c] for c in item.denominator if c in answers]
        for count in item.inputs:
            answers.pop(count.code, None)
        last_december = was[5:] == "12" and int(was[:4]) == int(period[:4]) - 1  # (2022-12 into 2024: not 2023's)
        if last_december and len(this_year) == len(item.denominator) == len(item.numerator):
            answers.update(zip(item.numerator, this_year, strict=True))
            counts = ", ".join(as_typed(v) if isinstance(v, float | int) else str(v) for v in this_year)
            said.append(
                f"{item.code}: jumlah tahun sebelumnya diisi dari jumlah tahun ini periode {was} ({counts}); "
                f"jumlah tahun ini dikosongkan, isi untuk {period[:4]}"
            )
        else:
            said.append(f"{item.code}: jumlah tahun sebelumnya dan tahun ini dikosongkan, isi untuk {period[:4]}")
    return replace(carried, answers=answers, year_reset=tuple(said)) if said else carried


def _carried_for(carried: Mapping[str, Carried], unit: Unit) -> Carried | None:
    """The answers carried for a unit: by its registry kode, or (without a registry) by its kode or name."""
    for key in (unit.kode.casefold(), normalise_spelling(unit.kode), normalise_spelling(unit.nama)):
        if key in carried:
            return carried[key]
    return None


def make_templates(
    out_dir: str | Path,
    rubric: Rubric,
    *,
    period: str,
    registry: str | None = None,
    unit: str | None = None,
    kabupaten: str = "",
    prefill: Sequence[str] = (),
) -> tuple[tuple[Path, ...], dict[str, Carried], list[tuple[str, str]]]:
    """The ``pmprb template`` command: choose the units, check the period, write one template per unit.

    ``prefill``: workbooks (or folders) of an earlier period whose answers start each unit's template. Returns
    the templates, by file the workbook each was started from, and the files of ``prefill`` that gave
    nothing with the code that says why.
    """
    from pmprb_cli.config import check_period

    check_period(period)
    units = select_units(registry, unit)
    carried, skipped, whose = (
        carried_answers(prefill, rubric, load_registry(registry) if registry else None, kabupaten)
        if prefill
        else ({}, [], {})
    )
    if unit is not None and len(units) == 1:  # (one unit's template: the other units' files are not its news)
        (one,) = units
        keys = {one.kode.casefold(), normalise_spelling(one.kode), normalise_spelling(one.nama)}
        # (kept: a file named for the unit that is another's, "kec-a.xlsx" holding DINKES's answers)
        named = {f for f, _ in skipped if normalise_spelling(Path(f).stem) in keys or Path(f).stem.casefold() in keys}
        skipped = [(f, code) for f, code in skipped if f in named or f not in whose or not keys.isdisjoint(whose[f])]
    carried = {key: _into_new_year(c, rubric, period) for key, c in carried.items()}
    paths = write_templates(out_dir, rubric, units, period, kabupaten, carried)
    started = {str(p): c for p, u in zip(paths, units, strict=True) if (c := _carried_for(carried, u)) is not None}
    return paths, started, skipped
