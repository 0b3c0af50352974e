"""The kabupaten workbook: one .xlsx per period that the Bagian Organisasi filters, sorts, prints and attaches.

Sheets, in order: Rekap (one row per unit, ranked), Per Area (heat map), Verifikasi Area (each verified unit's
areas, its own score beside the evaluator's), Grafik (native charts), Jawaban (unit × item), Kelengkapan, Temuan,
Belum Mengirim, LKE Kabupaten (usulan) and Info.

What every sheet keeps to:
- numbers are numbers, written with every digit needed to read back the same double (so a reader gets
  exactly what ``pmprb score --format json`` says) and shown with a number format (two decimals);
- totals an evaluator expects to stay live (averages, sums, shares) are formulas whose value is cached,
  so a reader that does not recalculate still sees them; averages use SUBTOTAL so a filter narrows them;
- text from a workbook is never run: always a string cell, and quote-prefixed when it starts like a
  formula (= + - @, tab, carriage return), so editing the cell in a spreadsheet does not turn it into one;
- the same batch gives the same bytes: the document date comes from the period, never from the clock.

Besides :mod:`pmprb_cli.template`, the only module that imports xlsxwriter.
"""

from __future__ import annotations

import io
import math
import os
import re
import secrets
import shutil
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Literal

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_range_abs, xl_rowcol_to_cell

from pmprb_cli import __version__
from pmprb_cli.batch import Batch, build_batch
from pmprb_cli.catalogue import CATALOGUE
from pmprb_cli.checks import asks_no_evidence, masked_contacts, pemda_word, sent_evidence
from pmprb_cli.errors import SystemRefusal, UsageError, os_reason
from pmprb_cli.files import (
    atomic_write,
    from_common_folder,
    safe_cell,
    within_cell_limit,
    without_hidden_characters,
)
from pmprb_cli.models import Rubric, ScoreCard, Severity, denoised, first_named, rounded_half_up, shown_difference
from pmprb_cli.output import STATUS_ID, display_name
from pmprb_cli.pipeline import OTHER_KABUPATEN, OTHER_PERIOD, FileResult, Progress, expand_paths, perhaps_sent_words
from pmprb_cli.proposal import ProposalRow, propose, rule_lines, usulan_index_line
from pmprb_cli.ranking import Ranked, target_floor, target_verdict
from pmprb_cli.registry import Registry, jenis_label
from pmprb_cli.rubric import area_names, area_parts
from pmprb_cli.scoring import agrees_with_an_answer, answer_scales, evaluator_answered, evaluator_readable
from pmprb_cli.template_sheet import wrapped_lines
from pmprb_cli.workbook import KABUPATEN_MARKER, usulan_sheet

_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
#: How a query that names a file ends: its extension ("…&file=SK Tim RB.pdf").
_PATH_END = re.compile(r"\.[A-Za-z0-9]{2,8}$")
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# The custom document property that marks a kabupaten workbook written by pmprb (see merge_inputs).
MARKER = KABUPATEN_MARKER
_MARKER_LIMIT = 64_000
RANKED_PROPERTY = "pmprb-unit-diperingkat"
# Used only when neither --period nor any workbook names a period: a fixed date, never the clock.
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
SEVERITY_ID = {Severity.ERROR: "kesalahan", Severity.WARNING: "peringatan", Severity.INFO: "info"}
ITEM_STATUS_ID = {"ok": "sah", "missing": "kosong", "invalid": "tidak sah"}
# Best predikat first; a rubric with more bands than colours reuses the last.
PREDIKAT_COLOURS = ("#00B050", "#92D050", "#C6EFCE", "#FFEB9C", "#FFC7CE", "#F4B183", "#FF7C80")


def _parts_needed(rows: int) -> int:
    """How many sheets a list of this many rows takes (each holds SHEET_ROW_LIMIT under its header)."""
    return max(1, -(-rows // SHEET_ROW_LIMIT))


def safe_sheet_name(name: str) -> str:
    r"""A sheet name every spreadsheet accepts: none of ``[]:*?/\``, no edge apostrophe, at most 31 characters."""
    cleaned = _FORBIDDEN_IN_SHEET_NAME.sub("-", name).strip().strip("'").strip()
    return (cleaned or "Lembar")[:31]


REKAP = safe_sheet_name("Rekap")
PER_AREA = safe_sheet_name("Per Area")
VERIFIKASI_AREA = safe_sheet_name("Verifikasi Area")
GRAFIK = safe_sheet_name("Grafik")
JAWABAN = safe_sheet_name("Jawaban")
KELENGKAPAN = safe_sheet_name("Kelengkapan")
TEMUAN = safe_sheet_name("Temuan")
BELUM = safe_sheet_name("Belum Mengirim")
#: A kabupaten's (and an unnamed pemda's); a kota's rekap holds ``usulan_sheet("kota")``, "LKE Kota (usulan)".
USULAN = safe_sheet_name(usulan_sheet("kabupaten"))
INFO = safe_sheet_name("Info")
#: The last row a sheet holds (Excel's 1.048.576 rows, the header included). A list longer than that goes on in
#: "Jawaban (2)", "Jawaban (3)" …: xlsxwriter drops rows past it without a word (5.000 workbooks lost 316.000).
SHEET_ROW_LIMIT = 1_048_575
#: Above this many answer rows (≈ 230 units of pmprb-2020) the workbook is streamed row by row to temporary
#: files: held in memory, xlsxwriter took 759 MB for 1.000 units and 7,6 GB for 12.000; streamed, 257 MB and
#: 2,6 GB. Below it the workbook is built in memory, 23 % faster (80 units: 2,60 s against 3,37 s), with a
#: shared-string table and the charts' cached values; both give the same cells (tests/test_merge.py).
STREAM_ABOVE_ROWS = 50_000

SHEETS = (REKAP, PER_AREA, VERIFIKASI_AREA, GRAFIK, JAWABAN, KELENGKAPAN, TEMUAN, BELUM, USULAN, INFO)


class _Exact(float):
    """A float that xlsxwriter writes with all its digits.

    xlsxwriter formats numbers with ``{:.16G}``, which drops the 17th significant digit some doubles need
    (0.1 + 0.2 would read back as 0.3). ``repr`` is the shortest text that reads back as the same double.
    """

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return repr(float(self)) if spec.endswith("G") else float.__format__(self, spec)


def document_date(batch: Batch) -> datetime:
    """The workbook's creation date: the first day of the period (``--period``, else the workbooks' own)."""
    periods = [batch.processed_period]
    named = Counter(r.submission.period for r in batch.assessment.results if r.submission is not None)
    periods += [p for p, _ in sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))]
    for period in periods:
        match = _PERIOD.match(period or "")
        if match and 1980 <= int(match[1]) <= 2107:  # (a workbook's "0000-08"; a zip's dates end there too)
            return datetime(int(match[1]), int(match[2]), 1, tzinfo=UTC)
    return FIXED_DATE


@dataclass(frozen=True)
class Movement:
    """How each ranked unit moved since the previous period of the history, for Rekap (the monthly run's).

    ``changes`` by file: the change of the index as shown (``None``: none to give) and, where it needs one, what
    the figure is or why there is none — as the rapor's ranking says it ("baru", "—", "†").
    """

    #: The previous period in words ("Juli 2022"; "": none scored with this rubric).
    since: str
    changes: Mapping[str, tuple[float | None, str]]


@dataclass(frozen=True)
class _Unit:
    """One readable unit as the merged workbook shows it: its result, its place and the card that ranks it."""

    result: FileResult
    ranked: Ranked | None
    kode: str
    nama: str
    jenis: str
    card: ScoreCard


def _units(batch: Batch) -> list[_Unit]:
    """Ranked units in rank order, then readable units the ranking left out (``--invalid skip``)."""
    by_file = {r.file: r for r in batch.assessment.results}
    out: list[_Unit] = []
    for ranked in batch.ranked:
        result = by_file[ranked.file]
        assert result.card is not None
        out.append(_Unit(result, ranked, ranked.kode, ranked.nama, ranked.jenis, result.verified or result.card))
    seen = {r.file for r in batch.ranked}
    for result in batch.assessment.results:
        if result.card is not None and result.submission is not None and result.file not in seen:
            kode, nama, jenis = batch.unit_named(result)
            out.append(_Unit(result, None, kode, nama, jenis, result.verified or result.card))
    return out


def _as_text(value: object) -> str:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return within_cell_limit(str(value))


def _formats(book: Any) -> dict[str, Any]:
    top: dict[str, object] = {"top": 1, "bold": True}
    spec: dict[str, dict[str, object]] = {
        "text": {},
        "wrap": {"text_wrap": True, "valign": "top"},
        "bold": {"bold": True},
        "bold_wrap": {"bold": True, "text_wrap": True, "valign": "top"},
        "header": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"},
        "title": {"bold": True, "font_size": 14},
        "note": {"italic": True, "font_color": "#595959"},
        "note_wrap": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
        "warning": {"bold": True, "font_color": "#C00000"},
        "warning_wrap": {"bold": True, "font_color": "#C00000", "text_wrap": True, "valign": "top"},
        "below_pace": {"bold": True, "font_color": "#9C0006"},
        "num": {"num_format": "0.00"},
        "change": {"num_format": "+0.00;-0.00;0.00"},
        "pct": {"num_format": "0.00%"},
        "int": {"num_format": "0"},
        "int_left": {"num_format": "0", "align": "left"},
        "total": top,
        "total_num": {**top, "num_format": "0.00"},
        "total_pct": {**top, "num_format": "0.00%"},
        "total_int": {**top, "num_format": "0"},
        "group0": {"bold": True, "bg_color": "#D9D9D9", "text_wrap": True, "valign": "top"},
        "group": {"bold": True, "text_wrap": True, "valign": "top"},
        "proposed": {"bold": True, "bg_color": "#E2EFDA", "align": "center", "valign": "top"},
        "consensus": {"bg_color": "#FFF2CC", "border": 1, "valign": "top"},
    }
    out: dict[str, Any] = {name: book.add_format(props) for name, props in spec.items()}
    for name in ("text", "wrap", "bold", "group", "group0"):
        # Excel's own marker for "this is text though it looks like a formula": editing keeps it text.
        out[name + "!"] = book.add_format({**spec[name], "quote_prefix": True})
    for n, colour in enumerate(PREDIKAT_COLOURS):
        out[f"predikat{n}"] = book.add_format({"bg_color": colour, "bold": n == 0})
    return out


def _passes(card: ScoreCard, code: str) -> bool:
    return any(v.code == code and v.passed for v in card.verdicts)


class _Merger:
    """Writes one batch into one xlsxwriter workbook, sheet by sheet."""

    def __init__(self, batch: Batch, book: Any, movement: Movement | None = None, sending: bool = False) -> None:
        self.batch = batch
        self.movement = movement
        #: Written for the package sent to Kemenpan-RB (see :func:`merged_bytes`).
        self.sending = sending
        self.rubric: Rubric = batch.rubric
        # What the rekap calls the pemda: a kota's said "Buku kerja kabupaten", "LKE Kabupaten (usulan)" (kotaword).
        self.word = pemda_word(batch.kabupaten_named)
        self.book = book
        self.fmt = _formats(book)
        self.units = _units(batch)
        # Ranked units come first: rows 1..ranked of every per-unit sheet. Averages and predikat counts
        # cover these rows only, as the summary, the rapor and the history count them (a second file of
        # one unit, or a unit skipped by --invalid skip, is listed below them but counts for nothing).
        # The filter, and so a sort from its drop-down, covers them only too: a sort over every row moved
        # an unranked copy into the averaged rows (the kabupaten average went from 69,86 to 70,08, BB).
        self.ranked = sum(1 for u in self.units if u.ranked is not None)
        self.areas = self.rubric.areas()
        self.roots = self.rubric.roots
        # Where Rekap keeps what the charts and the predikat counts read (set by rekap()).
        self.rekap_cols: dict[str, int] = {}
        # Per sheet, from its header: the total column width and how many columns name a row (frozen).
        self.widths: dict[str, tuple[float, int]] = {}

    # ------------------------------------------------------------------ cells

    def row_of(self, n: int) -> int:
        """The sheet row (0-based) of the ``n``-th unit: ranked units from row 1, then a blank row, the others.

        The blank row keeps a toolbar sort (which takes every adjacent row) to the ranked units: an unranked
        second sending sorted in among them, and the averages over rows 1–N then left a ranked unit out.
        """
        return n + 1 if n < self.ranked else n + 2

    def name_of(self, file: str) -> str:
        """A file's name as every sheet shows it, as the console names it (:meth:`Batch.shown_name`).

        Five OPD's "LKE PMPRB.xlsx" in their own folders were one name in Rekap, Jawaban and Temuan. Sent out of the
        pemda, a phone number in it is masked ("LKE Dinkes - Budi 0812….xlsx"; diffrev20).
        """
        name = self.batch.shown_name(file)
        return masked_contacts(name) if self.sending else name

    def text(self, ws: Any, r: int, c: int, value: object, style: str = "text") -> None:
        """A string cell; quote-prefixed when the text starts like a formula."""
        if value is None or value == "":
            return
        # (a right-to-left override typed in a note or an answer showed the rest of its cell reversed)
        s = without_hidden_characters(_as_text(value))
        ws.write_string(r, c, s, self.text_format(s, style))

    def evidence(self, ws: Any, r: int, c: int, value: str, links: int) -> int:
        """A bukti dukung cell: clickable when it is one web address (http or https), text otherwise.

        The asesor opens the evidence: 5 660 addresses of a kabupaten's rekap had to be copied into a browser one by
        one. Only a single http(s) address becomes a link (no file://, whose click sends Windows credentials to
        the host it names; no javascript:, no text around it), up to Excel's 65 530 links a sheet. Returns the
        links on the sheet so far.
        """
        # A space inside a path to a file, as a folder named "Bukti RB" gives, is the address's own: encoded, it
        # stays one link (it was plain text, copied into a browser by hand). Words after an address are no path.
        # The path's spaces only (up to its query or fragment), where it ends as a file's or a folder's name: words
        # after a query are no part of the address ("…?usp=sharing (pemilik: budi@….com)" was one link to
        # "…sharing%20(pemilik:%20…)"; privrev), while "…/Bukti RB/SK Tim RB.pdf?dl=1" stays one (diffrev20).
        target = value.strip()
        if " " in target:
            cut = min((at for at in (target.find("?"), target.find("#")) if at >= 0), default=len(target))
            path, rest = target[:cut], target[cut:]
            last = path.rsplit("/", 1)[-1]
            if (" " not in rest or (_PATH_END.search(rest) and "(" not in rest)) and (
                "." in last or path.endswith("/") or " " not in path
            ):
                target = target.replace(" ", "%20")
        if links < _LINKS_A_SHEET and len(target) <= 2000 and _WEB_ADDRESS.fullmatch(target):
            ws.write_url(r, c, target, None, value)
            return links + 1
        self.text(ws, r, c, value)
        return links

    def text_format(self, s: str, style: str = "text") -> Any:
        """The format of a text cell: its style, quote-prefixed when the text starts like a formula."""
        if safe_cell(s) != s:
            return self.fmt.get(style + "!", self.fmt["text!"])
        return self.fmt[style]

    def num(self, ws: Any, r: int, c: int, value: float | None, style: str = "num") -> None:
        """A number cell with every digit (nothing for ``None``)."""
        if value is None:
            return
        ws.write_number(r, c, _Exact(value), self.fmt[style])

    def raw(self, ws: Any, r: int, c: int, value: object) -> None:
        """A value as typed in a workbook: numbers stay numbers, everything else is inert text."""
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            ws.write_number(r, c, _Exact(value))
        elif isinstance(value, str) and not value.isascii():
            # An invisible character in an answer is why it is "tidak sah": shown escaped ("A\u2069"), as Temuan
            # shows it, not dropped (a bare "A" beside "tidak sah, 0" explained nothing).
            self.text(ws, r, c, "".join(_escaped_if_invisible(ch) for ch in value))
        else:
            self.text(ws, r, c, value)

    def formula(self, ws: Any, r: int, c: int, formula: str, value: float, style: str) -> None:
        """A live formula with its value cached for readers that do not recalculate."""
        ws.write_formula(r, c, formula, self.fmt[style], value)

    def shown_difference(
        self, ws: Any, r: int, c: int, columns: tuple[int, int], values: tuple[float, float], style: str = "num"
    ) -> None:
        """The difference of two cells of the row as the sheet shows them (each rounded), a live formula.

        So the row adds up, and says what the rapor and JSON's over_claim say.
        """
        places = self.rubric.predikat_decimals
        formula = f"=ROUND({_cell(r, columns[0])},{places})-ROUND({_cell(r, columns[1])},{places})"
        self.formula(ws, r, c, formula, shown_difference(*values, places), style)

    def header(self, ws: Any, row: int, titles: Sequence[str], widths: Sequence[float], keep: int = 0) -> None:
        """A header row, its column widths, and the panes frozen below it (and right of ``keep`` columns).

        A column is at least as wide as the longest word of its title (bold capitals: "PENGUNGKI/T" and
        "terverifikas/i" were broken inside the word).
        """
        widths = [
            max(w, min(30.0, 1.2 * max((len(x) for x in t.split()), default=0) + 1))
            for t, w in zip(titles, widths, strict=True)
        ]
        for c, (title, width) in enumerate(zip(titles, widths, strict=True)):
            ws.write_string(row, c, title, self.text_format(title, "header"))  # (area names come from the rubric)
            ws.set_column(c, c, width)
        ws.freeze_panes(row + 1, keep)
        ws.repeat_rows(row)  # (printed, Temuan's 50 000 rows showed their titles on page 1 only)
        self.widths[ws.name] = (sum(widths), keep)
        # Tall enough for its titles (bold: wider than the estimate's letters): "Nilai terverifikasi" was cut.
        lines = max(wrapped_lines(title, width * 0.85) for title, width in zip(titles, widths, strict=True))
        if lines > 1:
            ws.set_row(row, 15 * lines)

    def name_width(self) -> float:
        """The units' name column: as wide as the longest name (a 55-character name was cut at 40), up to 60."""
        return float(min(60, max([40, *(len(u.nama) + 2 for u in self.units)])))

    def name_style(self, nama: str) -> str:
        """A unit name's cell style: wrapped where the name is longer than :meth:`name_width` holds.

        "Dinas Pengendalian Penduduk dan Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak"
        was cut at 58 characters on screen and in print ("…Pemberdayaan Pere" then the next column).
        """
        return "wrap" if len(nama) + 2 > self.name_width() else "text"

    def name_cell(self, ws: Any, r: int, c: int, nama: str, *wrapped: tuple[str, float]) -> None:
        """A unit's name in its row, the row made tall enough for it wrapped (and for ``wrapped``: text, width).

        Wrapped without a height, a long name printed over the next unit's (LibreOffice keeps the height a file
        gives: "Dinas Pemberdayaan Masyarakat, Desa, Pengendalian Penduduk dan" over "Keluarga Berencana" and
        SETWAN on one line, page 1 of the printed Rekap; printrev).
        """
        style = self.name_style(nama)
        self.text(ws, r, c, nama, style)
        cells = ((nama, self.name_width()),) if style == "wrap" else ()
        if cells or wrapped:
            _fit_row(ws, r, (*cells, *wrapped))

    def kode_width(self, least: float) -> float:
        """The units' kode column: as wide as the longest kode ("KEC-SINDANGLA…" was cut), up to 24."""
        return float(min(24, max([least, *(len(u.kode) + 2 for u in self.units)])))

    def setup(self, ws: Any, title: str, landscape: bool = True, rows: int = 0) -> None:
        """Print set-up: the title and period in the page header, page numbers, fit to the page width.

        A sheet far wider than a page (Rekap's 45 columns printed at 2 pt) is printed at 70 % over several
        pages instead, the columns that name each row repeated on every page; a table of a kabupaten's
        ``rows`` (up to a page at a readable size) is fitted to one page tall, so that its Rata-rata and
        Jumlah rows are not printed alone on a page of their own (14 pages for 40 units, 7 of them two rows).
        """
        period = self.batch.processed_period
        ws.set_header(f"&L{_header_text(title)}&R{_header_text(period)}")
        ws.set_footer("&CHalaman &P dari &N")
        total, keep = self.widths.get(ws.name, (0.0, 0))
        if total > _PAGE_WIDTH_CHARS and keep:
            if 0 < rows <= _ROWS_ON_ONE_PAGE:
                ws.fit_to_pages(0, 1)
            else:
                ws.set_print_scale(70)
            ws.repeat_columns(0, keep - 1)
        else:
            ws.fit_to_pages(1, 0)
        ws.set_paper(9)  # A4
        if landscape:
            ws.set_landscape()

    # ------------------------------------------------------------------ sheets

    def build(self) -> None:
        self.rekap()
        self.per_area()
        self.verifikasi_area()
        self.grafik()
        self.jawaban()
        self.kelengkapan()
        self.temuan()
        self.belum()
        if self.rubric.kabupaten_lke:  # none for a unit-level LKE (Zona Integritas)
            self.usulan()
        self.info()

    def rekap(self) -> None:
        ws = self.book.add_worksheet(REKAP)
        rubric = self.rubric
        target = self.batch.target
        titles = ["Peringkat", "Peringkat dalam jenis", "Kode", "Nama unit", "Jenis", "Indeks", "Predikat"]
        moved = self.movement
        if moved is not None:
            # The same titles every month (Info names the month compared with): "Perubahan sejak Juli 2022" was a
            # column of its own in each month's rekap appended to the next (datarev2).
            titles += ["Perubahan sejak periode sebelumnya", "Keterangan perubahan"]
        # (the leadership's first question after who is high: who is best — the rapor's ★, here a column)
        titles += ["Penghargaan"]
        titles += [f"{n.code} {n.name}" for n in self.roots]
        titles += [f"{a.code} {area_names(self.rubric)[a.code]}" for a in self.areas]
        # For WBK the gap is index points only: 0,00 beside a unit failing an area minimum read as "there".
        titles += [
            f"Kurang indeks untuk {target} (syarat lain: kolom Syarat)"
            if target_verdict(rubric, target) is not None
            else f"Jarak ke target {target}"
        ]
        # Zona Integritas is passed or not: each verdict (WBK, WBBM) gets its column, with what it still misses.
        # (WBBM's prerequisite, already named WBK by Kemenpan-RB, is in no workbook: "memenuhi" is its minimums)
        titles += [
            f"Syarat {v.code}" + (f" (nilai; prasyarat berpredikat {v.requires} tidak diperiksa)" if v.requires else "")
            for v in rubric.verdicts
        ]
        titles += [
            "Indeks mandiri",
            "Indeks terverifikasi",
            "Selisih mandiri − terverifikasi",
            # The verified index is the evaluator's answers where given, the unit's elsewhere: how much is whose.
            f"Jawaban diisi evaluator (dari {len(rubric.answer_codes())})",
            "Status validasi",
            "Kesalahan",
            "Peringatan",
            "Berkas",
        ]
        widths = [9, 10, self.kode_width(16), self.name_width()] + [12, 9, 9]
        widths += [11, 30] if moved is not None else []
        widths += [16]
        widths += [11] * (len(self.roots) + len(self.areas)) + [10]
        widths += [30] * len(rubric.verdicts) + [10, 10, 11, 11, 14, 10, 10, 24]
        self.header(ws, 0, titles, widths, keep=4)  # rank and name stay in view across the 40-odd columns
        ws.set_row(0, 80)
        c_change = 7
        c_award = c_change + (2 if moved is not None else 0)
        first_score = c_award + 1
        c_gap = first_score + len(self.roots) + len(self.areas)
        c_verdict = c_gap + 1
        after = c_verdict + len(rubric.verdicts)
        c_self, c_eval, c_diff, c_checked, c_status, c_err, c_warn, c_file = range(after, after + 8)
        self.rekap_cols = {"nama": 3, "indeks": 5, "predikat": 6}
        # Every number written, per column, so the totals below can cache their value.
        columns: dict[int, list[float]] = {}

        def number(r: int, c: int, value: float | None, style: str = "num") -> None:
            if value is not None:
                if style == "num":
                    # An index, score, gap or difference with its float noise off (models.denoised): LibreOffice
                    # showed 60.004999999999995 as 60,00 beside predikat B, where every other output shows 60,01.
                    value = denoised(value)
                self.num(ws, r, c, value, style)
                if r <= self.ranked or c in (c_err, c_warn):  # findings are summed over every file
                    columns.setdefault(c, []).append(value)

        for n, unit in enumerate(self.units):
            r = self.row_of(n)
            ranked, result, card = unit.ranked, unit.result, unit.card
            assert result.card is not None
            if ranked is not None:
                self.num(ws, r, 0, ranked.rank, "int")
                self.num(ws, r, 1, ranked.rank_in_jenis, "int")
            self.text(ws, r, 2, unit.kode)
            note = ""
            if moved is not None and ranked is not None:
                change, note = moved.changes.get(ranked.file, (None, ""))
                number(r, c_change, change, "change")
                if note:
                    self.text(ws, r, c_change + 1, note, "wrap")
            self.name_cell(ws, r, 3, unit.nama, *(((note, widths[c_change + 1]),) if note else ()))
            self.text(ws, r, 4, jenis_label(unit.jenis))
            number(r, 5, card.index)
            self.text(ws, r, 6, card.predikat)
            if ranked is not None and ranked.file in self.batch.awards:
                self.text(ws, r, c_award, self.batch.awards[ranked.file])
            scores = {node.code: node.score for node in card.nodes}
            for k, node in enumerate((*self.roots, *self.areas)):
                number(r, first_score + k, scores[node.code])
            number(r, c_gap, ranked.gap if ranked else None)
            for k, verdict in enumerate(card.verdicts):
                self.rekap_cols[f"syarat {verdict.code}"] = c_verdict + k
                said = "memenuhi" if verdict.passed else "belum: " + "; ".join(verdict.unmet)
                self.text(ws, r, c_verdict + k, said)
            number(r, c_self, result.card.index)
            if result.verified is not None:
                number(r, c_eval, result.verified.index)
                # As shown: the two indexes rounded as the sheet shows them, so the row adds up (and the rapor
                # says the same difference, and JSON's over_claim).
                self.shown_difference(ws, r, c_diff, (c_self, c_eval), (result.card.index, result.verified.index))
                self.num(ws, r, c_checked, result.verified.checked[0], "int")
            status = STATUS_ID[result.status]
            if ranked is None:  # listed below the ranked units: say why it is not among them
                status = f"{status}; tidak diperingkat: {self.batch.why_not_ranked(result)}"
            self.text(ws, r, c_status, status)
            number(r, c_err, result.count(Severity.ERROR), "int")
            number(r, c_warn, result.count(Severity.WARNING), "int")
            self.text(ws, r, c_file, self.name_of(result.file))
        last = self.row_of(len(self.units) - 1)  # 0-based row of the last unit
        ws.autofilter(0, 0, max(self.ranked, 1), c_file)
        if self.units:
            # Not the verified index nor the difference: averaged over the 7 verified units beside the self
            # index of all 40, the row read as "the evaluators scored higher".
            averaged = [5, *range(first_score, c_gap + 1), c_self]
            self._totals(ws, last, 3, {c: columns[c] for c in averaged if c in columns}, "total_num")
            self._totals(ws, last, 3, {c: columns[c] for c in (c_err, c_warn)}, "total_int", kind="sum")
            colours = len(PREDIKAT_COLOURS)
            for n, band in enumerate(rubric.predikat):
                ws.conditional_format(
                    1,
                    6,
                    last,
                    6,
                    {
                        "type": "cell",
                        "criteria": "==",
                        "value": f'"{band.code}"',
                        "format": self.fmt[f"predikat{min(n, colours - 1)}"],
                    },
                )
            ws.conditional_format(
                1,
                5,
                last,
                5,
                {
                    "type": "data_bar",
                    "bar_color": "#5B9BD5",
                    "bar_solid": True,
                    "min_type": "num",
                    "min_value": 0,
                    "max_type": "num",
                    "max_value": rubric.index_max,
                },
            )
        absent = self._absent_line()
        if absent:
            # On the sheet a Bupati holds: 38 rows printed with no sign that 40 units are registered, the two
            # absent named only on the Belum Mengirim sheet, page 125 of 129 (printrev).
            ws.write_string(last + 5, 3, absent, self.fmt["warning"])
        self.setup(
            ws,
            f"Rekap {self.rubric.short_title} {self.batch.kabupaten_named}".strip(),
            rows=last + (5 if absent else 3),
        )
        ws.repeat_rows(0)

    def _absent_line(self) -> str:
        """Who is not in the ranking though it should be: registered units that sent nothing, unreadable files."""
        assessment = self.batch.assessment
        parts = []
        if assessment.missing_units:
            kodes = [u.kode for u in assessment.missing_units]
            parts.append(f"{len(kodes)} unit terdaftar belum mengirim ({first_named(kodes, 10)})")
        # (not the unreadable second file of a unit ranked from its other one: "LKE DINKES (2).xlsx" was named under
        # a table holding DINKES; diffrev16)
        failed = [f for f in assessment.failed if f.file not in self.batch.read_instead]
        if failed:
            files = [self.name_of(f.file) for f in failed]
            parts.append(f"{len(files)} berkas tidak dapat dinilai ({first_named(files, 5)})")
        if not parts:
            return ""
        return f"Tidak ada di tabel ini: {'; '.join(parts)}. Rinciannya di lembar {BELUM} dan {INFO}."

    def _totals(
        self,
        ws: Any,
        last: int,
        label_col: int,
        columns: dict[int, list[float]],
        style: str,
        kind: Literal["average", "sum"] = "average",
    ) -> None:
        """A live total under the units' rows (average on the first row below them, sum on the second).

        SUBTOTAL rather than AVERAGE/SUM: when an evaluator filters the table, the total follows the filter.
        The cached value is the total of the rows it covers, as the workbook opens unfiltered. Averages
        cover the ranked rows (see ``self.ranked``); sums (findings) every row.
        """
        # A blank row above: LibreOffice's toolbar sort takes the whole block of adjacent rows, and sorted the
        # totals into the units (the average read 70,35 for 69,86).
        r = last + (2 if kind == "average" else 3)
        rows = self.ranked if kind == "average" else last
        label = "Rata-rata (baris yang lolos filter)" if kind == "average" else "Jumlah (baris yang lolos filter)"
        if rows < last:
            label = "Rata-rata unit berperingkat (baris yang lolos filter)"
        ws.write_string(r, label_col, label, self.fmt["total"])
        # 1 and 9 leave out the rows a filter hides, as 101 and 109 do (these also leave out rows hidden by
        # hand); Gnumeric knows only 1–11 and showed #NUM! in every total. So the label says "lolos filter":
        # "baris yang tampil" was wrong of rows hidden by hand, still counted.
        code = 1 if kind == "average" else 9
        for c, values in columns.items():
            if values and rows:
                cached = math.fsum(values) / len(values) if kind == "average" else math.fsum(values)
                formula = f"SUBTOTAL({code},{_range(1, c, rows, c)})"
                if kind == "average":
                    # An average of 50,00 and 50,01 is 50.004999999999995: LibreOffice showed 50,00 where the
                    # rapor shows 50,01. Rounded at 10 decimals, as every number written (models.denoised).
                    formula, cached = f"ROUND({formula},10)", denoised(cached)
                self.formula(ws, r, c, "=" + formula, cached, style)

    def per_area(self) -> None:
        ws = self.book.add_worksheet(PER_AREA)
        parts = area_parts(self.rubric)  # (ZI's two "MANAJEMEN PERUBAHAN" columns: pemenuhan and reform)
        titles = ["Peringkat", "Kode", "Nama unit"] + [
            f"{a.code} {a.name} ({parts[a.code] + '; ' if parts[a.code] else ''}bobot {_id(a.weight)})"
            for a in self.areas
        ]
        # (a unit's older second file beside its ranked one: two "DINSOS" rows, other shares, no word which is which)
        titles.append("Keterangan")
        widths = [9, self.kode_width(12), self.name_width()] + [12] * len(self.areas) + [44]
        self.header(ws, 0, titles, widths, keep=3)
        ws.set_row(0, 95)
        columns: dict[int, list[float]] = {}
        for n, unit in enumerate(self.units):
            r = self.row_of(n)
            if unit.ranked is not None:
                self.num(ws, r, 0, unit.ranked.rank, "int")
            else:
                # (the row's own file named as such: after "yang diperingkat dishub (revisi).xlsx", a bare
                # "(DISHUB.xlsx)" read as the other file's second name)
                why, own = self.batch.why_not_ranked(unit.result), self.name_of(unit.result.file)
                note = f"Tidak diperingkat: {why} (berkas baris ini: {own})."
                self.text(ws, r, 3 + len(self.areas), note)
            self.text(ws, r, 1, unit.kode)
            self.name_cell(ws, r, 2, unit.nama)
            # Of the score as shown, as a verdict judges an area (4,4965 of 7,5 is 4,50: 60 %, WBK's minimum met,
            # where 59,95 % was painted red as "below what the target asks").
            places = self.rubric.predikat_decimals
            scores = {a.code: float(rounded_half_up(a.score, places)) for a in unit.card.areas()}
            for k, area in enumerate(self.areas):
                if area.weight > 0:
                    share = denoised(scores[area.code] / area.weight)  # (1,98 / 3,3 is 0,6, not a hair under)
                    # (two decimals, as the rule that colours it compares: shown whole, 69,5 % read "70%" in red
                    # beside an unmarked "70%" of 70,33 %)
                    self.num(ws, r, 3 + k, share, "pct")
                    if r <= self.ranked:
                        columns.setdefault(3 + k, []).append(share)
        last = self.row_of(len(self.units) - 1)
        ws.autofilter(0, 0, max(self.ranked, 1), 2 + len(self.areas))
        if self.units and self.areas:
            self._totals(ws, last, 2, columns, "total_pct")
            # Yellow at the share the target asks of an area, as the rapor's bars: 60 % for WBK (59,77 % failing
            # WBK was coloured as passing at a fixed 50 %), the target's least index share for a predikat.
            verdict = target_verdict(self.rubric, self.batch.target)
            pace = (
                verdict.area_share
                if verdict is not None and verdict.area_share
                else round(
                    target_floor(self.rubric, self.batch.target) / self.rubric.index_max, 9
                )  # (0,7001, no noise)
            )
            ws.conditional_format(
                1,
                3,
                last,
                2 + len(self.areas),
                {"type": "cell", "criteria": "<", "value": pace, "format": self.fmt["below_pace"]},
            )
            ws.conditional_format(
                1,
                3,
                last,
                2 + len(self.areas),
                {
                    "type": "3_color_scale",
                    "min_type": "num",
                    "min_value": 0,
                    "mid_type": "num",
                    "mid_value": pace,
                    "max_type": "num",
                    "max_value": 1,
                    "min_color": "#F8696B",
                    "mid_color": "#FFEB84",
                    "max_color": "#63BE7B",
                },
            )
        # (of the score as shown, two decimals, as the target judges it: 0,44 of 0,50 is 88,00 % where 0,4375
        # is 87,5 %; said, as the Info sheet says every other cell holds the full value)
        self.setup(
            ws,
            # (within the 100 characters a page header keeps: its colour key was cut, "…; me…"; printrev)
            "Capaian per area (nilai tampil ÷ bobot area; merah tebal: di bawah yang diminta target)",
            rows=last + 3,
        )
        ws.repeat_rows(0)

    def verifikasi_area(self) -> None:
        """Each verified ranked unit's areas: its own score, the evaluator's, the difference (mandiri − verified).

        As the unit's rapor page and JSON give them. The rekap gave the two indexes only, and each area as ranked
        (verified): where the units over-claimed, the question the Inspektorat brings to the rapim, was in no
        sheet (verifrev).
        """
        ws = self.book.add_worksheet(VERIFIKASI_AREA)
        names = area_names(self.rubric)
        # One row per unit and area (the index first): a sort on Selisih lists the largest over-claims of the
        # kabupaten first, and a filter on Area compares the units in one area (27 areas side by side were 87
        # columns).
        titles = ["Peringkat", "Kode", "Nama unit", "Area", "Bobot", "Mandiri", "Terverifikasi", "Selisih"]
        self.header(ws, 0, titles, [9, self.kode_width(12), self.name_width(), 44, 8, 11, 13, 10], keep=3)
        ws.set_row(0, 30)
        r = 0
        for unit in self.units:
            own, checked = unit.result.card, unit.result.verified
            if unit.ranked is None or own is None or checked is None:
                continue
            mine = {a.code: a.score for a in own.areas()}
            rows = [("Indeks", self.rubric.index_max, own.index, checked.index)] + [
                (f"{a.code} {names[a.code]}", a.weight, mine[a.code], a.score) for a in checked.areas()
            ]
            for part, weight, self_score, verified_score in rows:
                r += 1
                self.num(ws, r, 0, unit.ranked.rank, "int")
                self.text(ws, r, 1, unit.kode)
                self.name_cell(ws, r, 2, unit.nama)
                self.text(ws, r, 3, part, "bold" if part == "Indeks" else "text")
                self.num(ws, r, 4, weight)
                self.num(ws, r, 5, denoised(self_score))  # (as Rekap: 60,005 shown 60,00 by LibreOffice otherwise)
                self.num(ws, r, 6, denoised(verified_score))
                self.shown_difference(ws, r, 7, (5, 6), (self_score, verified_score), "change")
        if r:
            ws.autofilter(0, 0, r, len(titles) - 1)
        note = (
            "Selisih positif: penilaian mandiri unit lebih tinggi dari penilaian evaluator (klaim berlebih); negatif: "
            "evaluator menilai lebih tinggi. Hanya unit berperingkat yang Jawaban Evaluator-nya terbaca."
            if r
            else "Belum ada unit berperingkat yang Jawaban Evaluator-nya terbaca: tidak ada yang dibandingkan."
        )
        ws.write_string(r + 2, 0, note, self.fmt["note"])
        self.setup(ws, "Verifikasi per area: nilai mandiri, terverifikasi dan selisihnya", landscape=False)
        ws.repeat_rows(0)

    def _verdict_counts(self, ws: Any, top: int, count: int) -> None:
        """Zona Integritas is passed or not: how many units meet each verdict (the sheet showed predikat only)."""
        verdicts = self.rubric.verdicts
        if not verdicts:
            return
        ws.write_string(top, 0, "Syarat Zona Integritas", self.fmt["title"])
        for c, title in enumerate(("Syarat", "Keterangan", "Jumlah unit", "Bagian")):
            ws.write_string(top + 1, c, title, self.fmt["header"])
        for n, verdict in enumerate(verdicts):
            r = top + 2 + n
            passed = sum(1 for u in self.units if u.ranked is not None and _passes(u.card, verdict.code))
            ws.write_string(r, 0, verdict.code, self.fmt["bold"])
            # (the rapor counts each unit once, at the highest it meets: said, so that 2 here and 1 there agree)
            also = [v.code for v in verdicts[n + 1 :]]
            self.text(ws, r, 1, f"memenuhi syarat {verdict.code}" + (f" (termasuk {'/'.join(also)})" if also else ""))
            if count:
                column = self.rekap_cols[f"syarat {verdict.code}"]
                where = _range(1, column, count, column, REKAP)
                self.formula(ws, r, 2, f'=COUNTIF({where},"memenuhi")', passed, "int")
                self.formula(ws, r, 3, f"={_cell(r, 2)}/{count}", passed / count, "pct")
            else:
                self.num(ws, r, 2, 0, "int")

    def grafik(self) -> None:
        ws = self.book.add_worksheet(GRAFIK)
        self.setup(ws, "Grafik", landscape=False)
        ws.write_string(0, 0, "Sebaran predikat", self.fmt["title"])
        for c, (title, width) in enumerate(
            zip(("Predikat", "Keterangan", "Jumlah unit", "Bagian"), (10, 18, 12, 10), strict=True)
        ):
            ws.write_string(1, c, title, self.fmt["header"])
            ws.set_column(c, c, width)
        count = self.ranked  # the ranked units, as the rapor's distribution counts them
        predikat_range = _range(1, self.rekap_cols["predikat"], count, self.rekap_cols["predikat"], REKAP)
        shown = Counter(u.card.predikat for u in self.units if u.ranked is not None)
        bands = self.rubric.predikat
        for n, band in enumerate(bands):
            r = 2 + n
            ws.write_string(r, 0, band.code, self.fmt["bold"])
            self.text(ws, r, 1, band.label)
            if count:
                quoted = band.code.replace('"', '""')  # (the rubric allows none; a formula is no place to trust it)
                self.formula(ws, r, 2, f'=COUNTIF({predikat_range},"{quoted}")', shown[band.code], "int")
                self.formula(ws, r, 3, f"={_cell(r, 2)}/{_cell(2 + len(bands), 2)}", shown[band.code] / count, "pct")
            else:
                self.num(ws, r, 2, 0, "int")
        total_row = 2 + len(bands)
        ws.write_string(total_row, 0, "Jumlah", self.fmt["total"])
        ws.write_blank(total_row, 1, None, self.fmt["total"])
        self.formula(ws, total_row, 2, f"=SUM({_range(2, 2, total_row - 1, 2)})", count, "total_int")
        self._verdict_counts(ws, total_row + 2, count)
        column = self.book.add_chart({"type": "column"})
        column.add_series(
            {
                "name": "Jumlah unit",
                "categories": [GRAFIK, 2, 0, total_row - 1, 0],
                "values": [GRAFIK, 2, 2, total_row - 1, 2],
                "data_labels": {"value": True},
                "points": [
                    {"fill": {"color": PREDIKAT_COLOURS[min(n, len(PREDIKAT_COLOURS) - 1)]}} for n in range(len(bands))
                ],
            }
        )
        column.set_title({"name": "Sebaran predikat"})
        column.set_legend({"none": True})
        # Whole units only: about ten gridlines whatever the batch size.
        step = max(1, math.ceil(max(shown.values(), default=0) / 10))
        column.set_y_axis({"name": "Jumlah unit", "min": 0, "major_unit": step, "num_format": "0"})
        ws.insert_chart(1, 5, column)
        if not self.units:
            ws.write_string(max(total_row, 14) + 3, 0, "Belum ada unit yang dapat dinilai.", self.fmt["note"])
            return
        # The bars come from a table of their own, in rank order, one column for the units at the target and one
        # for those below: read live from Rekap with a colour fixed per bar, sorting or filtering Rekap (the
        # rapim's "best kecamatan" view) moved the values under the colours, 7 of 10 kecamatan below target blue.
        top = max(total_row, 14) + 3
        first_col = 14  # (column O: beside the chart, which is about 13 columns wide)
        titles = ("Unit (urut peringkat)", f"Indeks, mencapai target {self.batch.target_text}", "Indeks, belum")
        ws.write_string(
            top - 1, first_col, "Data grafik indeks per unit (salinan Rekap saat ditulis)", self.fmt["bold"]
        )
        for c, title in enumerate(titles):
            ws.write_string(top, first_col + c, title, self.fmt["header"])
        ws.set_column(first_col, first_col, 34)
        ws.set_column(first_col + 1, first_col + 2, 14)
        ranked_units = [u for u in self.units if u.ranked is not None]
        labels = bar_labels([(u.ranked.kode, u.ranked.nama) for u in ranked_units if u.ranked is not None])
        for n, u in enumerate(ranked_units, start=1):
            assert u.ranked is not None
            # The bar's label: one 96-character name (DP3AP2KB's) made LibreOffice label only every other bar,
            # 19 of 40 names gone; cut to what a label shows, the full name is in Rekap.
            self.text(ws, top + n, first_col, labels[n - 1])
            met = u.ranked.meets_target
            self.num(ws, top + n, first_col + 1 if met else first_col + 2, denoised(u.ranked.index))
        last = top + len(ranked_units)
        bar = self.book.add_chart({"type": "bar"})
        for c, colour in ((first_col + 1, "#5B9BD5"), (first_col + 2, "#C00000")):
            bar.add_series(
                {
                    "name": [GRAFIK, top, c],
                    "categories": [GRAFIK, top + 1, first_col, last, first_col],
                    "values": [GRAFIK, top + 1, c, last, c],
                    "data_labels": {"value": True, "num_format": "0.00"},
                    "fill": {"color": colour},
                    "overlap": 100,  # (one bar per unit: the other series is blank on its row)
                    "gap": 60,
                }
            )
        bar.set_title(
            {"name": f"Indeks per unit (urut peringkat; merah: belum mencapai target {self.batch.target_text})"}
        )
        bar.set_legend({"position": "bottom"})
        # Rank 1 at the top, as in Rekap; the value axis then crosses at the last category, below the bars.
        bar.set_y_axis({"reverse": True, "crossing": "max"})
        bar.set_x_axis({"min": 0, "max": self.rubric.index_max, "num_format": "0"})
        bar.set_size({"width": 820, "height": max(320, 60 + 22 * count)})
        ws.insert_chart(top, 0, bar)

    def jawaban(self) -> None:
        ws = self.book.add_worksheet(JAWABAN)
        titles = [
            "Kode unit",
            "Nama unit",
            "Butir",
            "Jawaban",
            "Nilai",
            "Status",
            "Jawaban evaluator",
            "Bukti dukung",
            "Berkas",
            "Diperingkat",
            "Tautan bukti dukung",
            "Catatan evaluator (tidak dikirim dalam paket)" if self.sending else "Catatan evaluator",
            # "Nilai" and "Status" are the unit's own: the verified value and whether the evaluator's entry
            # was read stood nowhere ("sah" beside a rejected "Yaa"; the unit's value beside the evaluator's C).
            "Nilai terverifikasi",
            "Isian evaluator",
        ]
        widths = [self.kode_width(16), self.name_width(), 14, 14, 9, 10, 14, 48, 24, 12, 40, 40, 12, 30]
        self.header(ws, 0, titles, widths)
        codes = _answer_rows(self.rubric)
        parts = _parts_needed(len(self.units) * len(codes))
        part = 1
        r = 0
        # 80 units × 400 items: the loop calls xlsxwriter directly, choosing unit-level formats once.
        write_string, write_number, raw, text = ws.write_string, ws.write_number, self.raw, self.text
        value_format = self.fmt["num"]
        scales = answer_scales(self.rubric)
        links = 0  # (clickable links on the sheet so far)
        for unit in self.units:
            result = unit.result
            assert result.submission is not None and result.card is not None
            answers = result.submission.answers
            values = {i.code: i for i in result.card.items}
            verified = {i.code: i for i in result.verified.items} if result.verified is not None else {}
            kode_format = self.text_format(unit.kode)
            nama_format = self.text_format(unit.nama, self.name_style(unit.nama))
            # A unit that sent two files has two blocks of answers: these say which file each is from and
            # which one ranks, so a filter or pivot by unit can keep the right one.
            file_name = self.name_of(result.file)
            file_format = self.text_format(file_name)
            ranks = "ya" if unit.ranked is not None else "tidak"
            for code in codes:
                if r >= SHEET_ROW_LIMIT:
                    ws = self._continue(ws, JAWABAN, part, parts, titles, widths, "Jawaban per unit dan butir")
                    part += 1
                    write_string, write_number, r, links = ws.write_string, ws.write_number, 0, 0
                r += 1
                answer = answers.get(code)
                if unit.kode:
                    write_string(r, 0, unit.kode, kode_format)
                if unit.nama:
                    write_string(r, 1, unit.nama, nama_format)
                write_string(r, 2, code)
                if answer is not None:
                    if self.sending:
                        # Sent out of the pemda: no contact, no path on the unit's computer, no signed-in account, no
                        # number or address in a typed text ("A - konfirmasi Budi 0812…"; diffrev20).
                        raw(ws, r, 3, _masked(answer.raw))
                        raw(ws, r, 6, _masked(answer.evaluator_raw))
                        shown, link = sent_evidence(answer.evidence, answer.evidence_link)
                    else:
                        raw(ws, r, 3, answer.raw)
                        raw(ws, r, 6, answer.evaluator_raw)
                        shown, link = answer.evidence, answer.evidence_link
                    # (controls and bidirectional marks from a cell, U+202E in a link, go nowhere pmprb writes)
                    links = self.evidence(ws, r, 7, without_hidden_characters(shown), links)
                    if link:
                        links = self.evidence(ws, r, 10, without_hidden_characters(link), links)
                    if answer.evaluator_note and not self.sending:
                        text(ws, r, 11, answer.evaluator_note)
                    if evaluator_answered(answer):
                        read = evaluator_readable(answer, scales.get(code))
                        write_string(r, 13, "dipakai" if read else "tidak terbaca; nilai memakai jawaban unit")
                    elif answer.evaluator_agreed:
                        # (a ✓ or "sesuai" left no trace: the rekap counted 201 rows checked, the sheet showed 0)
                        # (beside a blank or invalid answer it agrees with nothing: PMPRB-W436)
                        agrees = agrees_with_an_answer(answer, scales.get(code))
                        write_string(r, 13, "setuju (jawaban unit)" if agrees else "tanda setuju tanpa jawaban unit")
                checked = verified.get(code)
                if checked is not None:
                    write_number(r, 12, _Exact(denoised(checked.value)), value_format)
                scored = values.get(code)
                if scored is not None:
                    # (3,13 of 4 × 10 is 7.824999999999999: LibreOffice showed 7,82 beside the Rekap's 7,83)
                    write_number(r, 4, _Exact(denoised(scored.value)), value_format)
                    write_string(r, 5, ITEM_STATUS_ID[scored.status])
                elif answer is not None:
                    write_string(r, 5, "isian")
                write_string(r, 8, file_name, file_format)
                write_string(r, 9, ranks)
        ws.autofilter(0, 0, max(r, 1), len(titles) - 1)
        self.setup(ws, "Jawaban per unit dan butir" + (f" (bagian {part} dari {parts})" if parts > 1 else ""))

    def _continue(
        self, ws: Any, name: str, part: int, parts: int, titles: Sequence[str], widths: Sequence[float], title: str
    ) -> Any:
        """Close a full sheet of a long list and open the next one ("Jawaban (2)"), its header repeated."""
        ws.autofilter(0, 0, SHEET_ROW_LIMIT, len(titles) - 1)
        self.setup(ws, f"{title} (bagian {part} dari {parts})")
        following = self.book.add_worksheet(safe_sheet_name(f"{name} ({part + 1})"))
        self.header(following, 0, titles, widths)
        return following

    def kelengkapan(self) -> None:
        ws = self.book.add_worksheet(KELENGKAPAN)
        titles = [
            "Kode",
            "Nama unit",
            "Jenis",
            "Butir dinilai",
            "Butir dijawab",
            "Butir tidak sah",
            # As the rapor's "Terisi sah": an invalid answer ("Tdak") counts 0, so it is not counted as filled
            # (the rapor read 99 %, the rekap 100,00 % for the same unit).
            "% terisi sah",
            "Butir wajib bukti dukung",
            "Butir berbukti dukung",
            "% berbukti dukung",
            "Keterangan",
        ]
        widths = [self.kode_width(16), self.name_width(), 12, 10, 10, 10, 10, 12, 12, 12, 44]
        self.header(ws, 0, titles, widths, keep=2)
        evidence_groups = _evidence_groups(self.rubric)
        scales = self.rubric.item_scales()
        columns: dict[int, list[float]] = {}
        for n, unit in enumerate(self.units):
            r = self.row_of(n)
            result = unit.result
            assert result.submission is not None and result.card is not None
            self.text(ws, r, 0, unit.kode)
            self.name_cell(ws, r, 1, unit.nama)
            self.text(ws, r, 2, jenis_label(unit.jenis))
            total = result.card.asked
            answered = total - result.card.missing
            valid = answered - result.card.invalid
            self.num(ws, r, 3, total, "int")
            self.num(ws, r, 4, answered, "int")
            self.num(ws, r, 5, result.card.invalid, "int")
            if total:
                self.formula(ws, r, 6, f"=({_cell(r, 4)}-{_cell(r, 5)})/{_cell(r, 3)}", valid / total, "pct")
                if r <= self.ranked:
                    columns.setdefault(6, []).append(valid / total)
            answers = result.submission.answers
            notes = [] if unit.ranked else [f"Tidak diperingkat: {self.batch.why_not_ranked(result)}."]
            if result.submission.layout != "template":
                notes.append("Tata letak resmi tanpa kolom Bukti Dukung: tidak dihitung.")
            if notes:
                self.text(ws, r, 10, " ".join(notes))
            if result.submission.layout != "template":
                continue
            # An answer at its lowest choice, worth 0 ("Tidak"), or no choice at all, asks for none, as PMPRB-W410
            # says: counted here, a unit answering Tidak everywhere read "0 dari 172 berbukti dukung" beside no W410.
            expected = [
                codes
                for codes in evidence_groups
                if not (
                    len(codes) == 1
                    and (one := answers.get(codes[0])) is not None
                    and not one.has_evidence
                    and asks_no_evidence(scales.get(codes[0]), one.raw)
                )
            ]
            backed = sum(1 for codes in expected if any(c in answers and answers[c].has_evidence for c in codes))
            self.num(ws, r, 7, len(expected), "int")
            self.num(ws, r, 8, backed, "int")
            if expected:
                share = backed / len(expected)
                self.formula(ws, r, 9, f"={_cell(r, 8)}/{_cell(r, 7)}", share, "pct")
                if r <= self.ranked:
                    columns.setdefault(9, []).append(share)
        last = self.row_of(len(self.units) - 1)
        ws.autofilter(0, 0, max(self.ranked, 1), len(titles) - 1)
        if self.units:
            self._totals(ws, last, 1, columns, "total_pct")
        self.setup(ws, "Kelengkapan pengisian dan bukti dukung")

    def temuan(self) -> None:
        ws = self.book.add_worksheet(TEMUAN)
        titles = ["Berkas", "Lembar", "Sel", "Kode", "Tingkat", "Butir", "Nilai ditemukan", "Pesan", "Saran"]
        widths = [24, 12, 8, 13, 11, 12, 20, 70, 50]
        self.header(ws, 0, titles, widths)
        findings = self.batch.assessment.findings
        parts = _parts_needed(len(self.batch.assessment.failed) + len(findings))
        part = 1
        r = 0
        for failed in self.batch.assessment.failed:
            r += 1
            self.text(ws, r, 0, self.name_of(failed.file))
            ws.write_string(r, 3, failed.code)
            ws.write_string(r, 4, SEVERITY_ID[Severity.ERROR])
            self.text(ws, r, 7, failed.message, "wrap")
            self.text(ws, r, 8, failed.hint, "wrap")
            _fit_row(ws, r, ((failed.message, widths[7]), (failed.hint, widths[8])))
        for f in findings:
            if r >= SHEET_ROW_LIMIT:
                ws = self._continue(ws, TEMUAN, part, parts, titles, widths, "Temuan")
                part, r = part + 1, 0
            r += 1
            self.text(ws, r, 0, self.name_of(f.file))
            self.text(ws, r, 1, f.sheet)
            self.text(ws, r, 2, f.cell)
            ws.write_string(r, 3, f.code)
            ws.write_string(r, 4, SEVERITY_ID[f.severity])
            self.text(ws, r, 5, f.item)
            if self.sending:
                # What the cell holds is quoted nowhere sent out of the pemda: what a unit typed ("Ya - konfirmasi
                # Budi 0812…", "C:\\Users\\budi\\…") went to Kemenpan-RB (privrev). The finding's title says what.
                ws.write_string(r, 7, CATALOGUE[f.code].title_id if f.code in CATALOGUE else f.code)
                continue
            self.text(ws, r, 6, f.value)
            self.text(ws, r, 7, f.message, "wrap")
            self.text(ws, r, 8, f.hint, "wrap")
            _fit_row(ws, r, ((f.message, widths[7]), (f.hint, widths[8])))
        ws.autofilter(0, 0, max(r, 1), len(titles) - 1)
        if r == 0:
            ws.write_string(1, 0, "Tidak ada temuan.", self.fmt["note"])
        self.setup(ws, "Temuan" + (f" (bagian {part} dari {parts})" if parts > 1 else ""))

    def belum(self) -> None:
        ws = self.book.add_worksheet(BELUM)
        registry: Registry | None = self.batch.registry
        if registry is None:
            ws.write_string(0, 0, "Tanpa daftar unit (--registry) pmprb tidak tahu unit mana yang belum mengirim.")
            ws.set_column(0, 0, 90)
            return
        if not self.batch.assessment.missing_checked:
            ws.write_string(
                0, 0, "Yang dibaca berkas-berkas tertentu, bukan folder: kelengkapan kiriman tidak diperiksa."
            )
            ws.set_column(0, 0, 90)
            return
        self.header(ws, 0, ["Kode", "Nama unit", "Jenis", "Alias", "Keterangan"], [12, 44, 12, 40, 50])
        missing = self.batch.assessment.missing_units
        # A unit whose only file could not be read sent nothing scored: listed too, with its file (it was named
        # nowhere in the rekap, only its file in Temuan and Info).
        unreadable = self.batch.assessment.unreadable_units(registry)
        perhaps = {
            kode: perhaps_sent_words(self.name_of(file), typed, other)
            for kode, (file, typed, other) in self.batch.assessment.perhaps_sent().items()
        }
        lacking = {OTHER_PERIOD: "buku kerja periode ini", OTHER_KABUPATEN: f"buku kerja {self.word} ini"}
        sent_elsewhen = {
            k: lacking[other] for k, (_, _, other) in self.batch.assessment.perhaps_sent().items() if other in lacking
        }
        rows = [
            (
                u,
                f"belum mengirim {sent_elsewhen[u.kode]}: {perhaps[u.kode]}"
                if u.kode in sent_elsewhen
                else f"belum mengirim? {perhaps[u.kode]}"
                if u.kode in perhaps
                else "belum mengirim",
            )
            for u in missing
        ]
        rows += [(u, f"berkas {self.name_of(f.file)} tidak dapat dinilai ({f.code})") for u, f in unreadable]
        for n, (unit, why) in enumerate(rows):
            self.text(ws, n + 1, 0, unit.kode)
            self.text(ws, n + 1, 1, unit.nama)
            self.text(ws, n + 1, 2, jenis_label(unit.jenis))
            self.text(ws, n + 1, 3, " | ".join(unit.aliases))
            self.text(ws, n + 1, 4, why)
        ws.autofilter(0, 0, max(len(rows), 1), 4)
        note_row = len(rows) + 2
        sent_unread = f"; {len(unreadable)} mengirim berkas yang tidak dapat dinilai" if unreadable else ""
        ws.write_string(
            note_row,
            0,
            f"{len(missing)} dari {len(registry.units)} unit di daftar {display_name(registry.path)} belum mengirim "
            f"buku kerja{sent_unread} (berkas yang tidak dapat dinilai juga tercantum di lembar Info).",
            self.fmt["note"],
        )
        self.setup(ws, "Belum mengirim", landscape=False)

    def usulan(self) -> None:
        word = self.word
        ws = self.book.add_worksheet(safe_sheet_name(usulan_sheet(word)))
        cards = [u.card for u in self.units if u.ranked is not None]
        absent = self.batch.unranked_registered
        rows = propose(self.rubric, cards, absent, word)
        ws.write_string(0, 0, f"LKE {word.upper()} — USULAN UNTUK KONSENSUS ASESOR", self.fmt["title"])
        widths = [14, 60, 10, 10, 11, 9, 9, 9, 20, 30, 12, 30]

        def paragraph(r: int, text: str, style: str) -> None:
            # Across the table's width, wrapped: a 480-character line spilled past column L, and LibreOffice,
            # fitting the sheet to the page's width with it, printed the table at 2,8 pt (printrev).
            ws.merge_range(r, 0, r, len(widths) - 1, safe_cell(text), self.fmt[f"{style}_wrap"])
            _fit_row(ws, r, ((text, sum(widths) * 0.9),))

        paragraph(
            1,
            f"Bukan nilai resmi. Setiap usulan diturunkan dari jawaban {len(cards)} unit (jawaban evaluator bila "
            "ada); asesor menetapkan jawaban akhir di kolom Jawaban konsensus. Kolom itu catatan, tidak dinilai "
            f"pmprb: untuk menilai konsensus, ubah jawaban LKE-{word}-usulan dari pmprb export lalu nilai berkas "
            "itu (pmprb score). Isi di salinan rekap ini (Simpan Sebagai, nama lain): pmprb run menulis ulang rekap "
            "dari buku kerja unit, dan isian yang tersimpan di sini hanya disalin ke folder diubah/.",
            "warning",
        )
        paragraph(2, usulan_index_line(self.rubric, rows, cards, absent, word), "note")
        paragraph(
            3,
            "Setiap butir pilihan A–D dibaca sebagai rata-rata pemenuhan unit (jawaban setiap unit dengan nilainya) — "
            "paling tepat untuk "
            "pilihan yang berbunyi bagian organisasi (seluruh / sebagian besar / sebagian kecil / belum); untuk "
            "pilihan lain, periksa sebarannya. Aturan (dapat diubah di rubrik, tabel [proposal]):",
            "note",
        )
        rules = rule_lines(self.rubric, word)
        for n, line in enumerate(rules):
            paragraph(4 + n, "• " + line, "note")
        head = 5 + len(rules)
        titles = [
            "Kode",
            "Uraian",
            "Pilihan",
            "Jawaban terbaik",
            "Unit menjawab terbaik",
            "Jumlah unit",
            "Pemenuhan rata-rata",
            "Usulan",
            "Dasar usulan",
            "Sebaran jawaban unit",
            "Jawaban konsensus",
            "Catatan asesor",
        ]
        self.header(ws, head, titles, widths)
        for n, row in enumerate(rows):
            self._usulan_row(ws, head + 1 + n, row)
            _fit_row(ws, head + 1 + n, ((row.text, widths[1]), (row.spread, widths[9])))
        ws.autofilter(head, 0, head + max(len(rows), 1), len(titles) - 1)
        self.setup(ws, f"LKE {word.capitalize()} (usulan untuk konsensus asesor)")
        ws.repeat_rows(head)

    def _usulan_row(self, ws: Any, r: int, row: ProposalRow) -> None:
        if row.kind == "group":
            style = "group0" if row.depth == 0 else "group"
            self.text(ws, r, 0, row.code, style)
            self.text(ws, r, 1, row.text, style)
            return
        ws.write_string(r, 0, row.code)
        self.text(ws, r, 1, row.text, "wrap")
        self.text(ws, r, 2, row.scale)
        if row.kind == "item":
            self.text(ws, r, 3, row.best)
            self.num(ws, r, 4, row.at_best, "int")
            self.num(ws, r, 5, row.units, "int")
            if row.share is not None:
                self.num(ws, r, 6, denoised(row.share), "pct")
        if row.proposed and row.kind == "number":
            self.num(ws, r, 7, float(row.proposed), "proposed")
        elif row.proposed:
            self.text(ws, r, 7, row.proposed, "proposed")
        self.text(ws, r, 8, row.basis)
        self.text(ws, r, 9, row.spread, "wrap")
        ws.write_blank(r, 10, None, self.fmt["consensus"])

    def info(self) -> None:
        ws = self.book.add_worksheet(INFO)
        rubric, batch = self.rubric, self.batch
        for c, width in enumerate((26, 70, 66, 14, 16, 40, 10)):
            ws.set_column(c, c, width)
        ws.write_string(0, 0, f"Buku kerja {self.word} {self.rubric.short_title}", self.fmt["title"])
        pairs: list[tuple[str, object]] = [
            ("Kabupaten/kota", batch.kabupaten_named or "—"),
            # (without --period, the month processed, as score and the rapor name it: the rekap said "tidak
            # ditentukan" and was dated July where the rapor said August)
            ("Periode", batch.processed_period or "— (tidak ditentukan; lihat periode tiap unit)"),
            ("Target", batch.target_text),
            ("Rubrik", rubric.id),
            ("Judul rubrik", rubric.title),
            ("Peraturan", rubric.regulation),
            ("Versi rubrik", rubric.version),
            ("Sidik rubrik (SHA-256)", rubric.checksum),
            ("Daftar unit", display_name(batch.registry.path) if batch.registry else "— (tanpa --registry)"),
            ("Unit dinilai", self.ranked),
            # (its reasons are many: a unit's second file, another period, another kabupaten, another rubric's
            # template; "kiriman kedua unit, periode lain" counted three of another kabupaten's workbooks)
            (
                "Berkas tidak diperingkat (alasannya di lembar Rekap, kolom Status validasi)",
                len(self.units) - self.ranked,
            ),
            ("Berkas masukan", len(batch.assessment.results)),
            ("Berkas tidak dapat dinilai", len(batch.assessment.failed)),
            (f"Berkas {self.word} dilewati (rekap, LKE usulan)", len(batch.assessment.skipped)),
            ("Belum mengirim", len(batch.assessment.missing_units)),
            *(
                [
                    (
                        "Perubahan (lembar Rekap)",
                        f"Indeks dibandingkan dengan {self.movement.since} dari riwayat pmprb run, sebagai selisih "
                        "indeks yang tampil (dua desimal), seperti di rapor."
                        if self.movement.since
                        else "Tidak ada periode sebelumnya di riwayat pmprb run yang dinilai dengan rubrik ini: "
                        "kolom perubahan kosong.",
                    )
                ]
                if self.movement is not None
                else []
            ),
            ("Dibuat oleh", f"pmprb {__version__}"),
            ("Tanggal dokumen", document_date(batch).date().isoformat() + " (dari periode, bukan jam komputer)"),
            (
                "Kebijakan",
                "Nilai selalu dihitung ulang dari jawaban; jawaban kosong atau tidak sah dihitung 0 dan dilaporkan. "
                + (
                    "Buku kerja berkesalahan tidak diperingkat (--invalid skip). "
                    if batch.invalid_policy == "skip"
                    else "Buku kerja berkesalahan tetap dinilai dan diperingkat, dengan temuannya. "
                )
                + "Peringkat memakai indeks terverifikasi (jawaban evaluator bila ada). Sel menyimpan nilai penuh dan "
                "menampilkan dua desimal: angka yang tampil dibulatkan sendiri-sendiri, sehingga jumlahnya dapat "
                f"berbeda 0,01 dari indeks yang tampil. Persen di lembar {PER_AREA} dihitung dari nilai area yang "
                "tampil (dua desimal), seperti target menilai setiap area.",
            ),
        ]
        if self.sending:
            pairs.append(
                (
                    "Salinan untuk paket Kemenpan-RB",
                    "Tanpa catatan evaluator (lembar Jawaban) dan tanpa isi sel yang dikutip temuan (lembar Temuan: "
                    "kode dan judul temuannya saja): keduanya catatan kerja pemda, ada di rekap pmprb run.",
                )
            )
        for n, (label, value) in enumerate(pairs):
            # (wrapped: "Berkas tidak diperingkat (kiriman kedua unit, periode lain)" was cut at 26 characters)
            ws.write_string(2 + n, 0, label, self.fmt["bold_wrap"])
            if isinstance(value, int):
                self.num(ws, 2 + n, 1, value, "int_left")
                _fit_row(ws, 2 + n, ((label, 26 * 0.85),))
            else:
                self.text(ws, 2 + n, 1, value, "wrap")
                _fit_row(ws, 2 + n, ((str(value), 70), (label, 26 * 0.85)))
        head = 4 + len(pairs)
        for c, title in enumerate(("Berkas", "Jalur", "SHA-256", "Status", "Kode unit", "Nama unit", "Periode")):
            ws.write_string(head, c, title, self.fmt["header"])
        # (the package's copy names each file by where it lies in the inbox: "../../home/budi.santoso/…" named the
        # operator's folders to Kemenpan-RB; privrev)
        paths = (
            {f: masked_contacts(p) for f, p in from_common_folder([r.file for r in batch.assessment.results]).items()}
            if self.sending
            else {}
        )
        for n, result in enumerate(batch.assessment.results):
            r = head + 1 + n
            sub = result.submission
            self.text(ws, r, 0, self.name_of(result.file))
            self.text(ws, r, 1, paths.get(result.file, result.file))
            ws.write_string(r, 2, sub.sha256 if sub else "— (tidak dapat dinilai)")
            ws.write_string(r, 3, STATUS_ID[result.status])
            if sub is not None:
                self.text(ws, r, 4, sub.unit_code)
                self.text(ws, r, 5, sub.unit_name)
                self.text(ws, r, 6, sub.period)
        self.setup(ws, "Info")


# --------------------------------------------------------------------------- helpers


def _masked(value: object) -> object:
    """A typed value as sent out of the pemda: a text's phone numbers and e-mail addresses masked."""
    return masked_contacts(value) if isinstance(value, str) else value


def _cell(row: int, col: int) -> str:
    return str(xl_rowcol_to_cell(row, col))


def _range(first_row: int, first_col: int, last_row: int, last_col: int, sheet: str = "") -> str:
    cells = str(xl_range_abs(first_row, first_col, last_row, last_col))
    return f"{quote_sheetname(sheet)}!{cells}" if sheet else cells


#: About the column width (characters) an A4 landscape page prints readably when fitted to its width.
_PAGE_WIDTH_CHARS = 200


def _escaped_if_invisible(ch: str) -> str:
    import unicodedata

    return ch.encode("unicode_escape").decode() if unicodedata.category(ch) == "Cf" else ch


# One web address and nothing else: printable ASCII without spaces or quotes, within Excel's 2 079 characters
# (a scheme in capitals, "HTTPS://…" as some phones and caps lock type it, is one too).
_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][!#-&(-;=?-~]*)?", re.ASCII | re.IGNORECASE)
_LINKS_A_SHEET = 65_000
_ROWS_ON_ONE_PAGE = 70  # (landscape A4 holds some 48 rows at 70 %; 70 rows need about 50 %, still readable)


def _fit_row(ws: Any, row: int, cells: Sequence[tuple[str, float]]) -> None:
    """Make a row tall enough for its wrapped texts (xlsxwriter cannot measure; spreadsheets do not always)."""
    lines = max((wrapped_lines(text, width) for text, width in cells), default=1)
    if lines > 1:
        ws.set_row(row, 15 * lines)


def _id(value: float) -> str:
    """A weight as people write it: 5; 2,5; 0,67."""
    return f"{value:.4g}".replace(".", ",")


def _header_text(text: str, limit: int = 100) -> str:
    """Text for a page header: "&" doubled, at most ``limit`` characters ("…" ends one cut short).

    "&" starts a control code in page headers; a literal one is written "&&". Excel takes 255 characters in
    a whole header: a 230-letter kabupaten name made xlsxwriter warn on stderr and leave the header out.
    """
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("&", "&&")


def _answer_rows(rubric: Rubric) -> list[str]:
    """Every code a unit answers or pmprb scores, in rubric order: indicators, grades, items, input fields."""
    out: list[str] = []
    for node in rubric.nodes():
        if node.kind in ("indicator", "graded"):
            out.append(node.code)
        for item in node.items:
            out.extend(f.code for f in item.inputs)
            out.append(item.code)
    return out


def _evidence_groups(rubric: Rubric) -> list[tuple[str, ...]]:
    """For each item that asks for bukti dukung (every item when the rubric marks none): the codes that carry it."""
    items = [i for i in rubric.items() if i.evidence] or list(rubric.items())
    return [tuple(f.code for f in i.inputs) if i.computed else (i.code,) for i in items]


# --------------------------------------------------------------------------- public functions


def merged_bytes(
    batch: Batch, scratch: str | Path | None = None, movement: Movement | None = None, *, sending: bool = False
) -> bytes:
    """The bytes of the kabupaten workbook of a batch; the same batch always gives the same bytes.

    ``sending``: the copy for the package sent to Kemenpan-RB, without what is the pemda's own working notes —
    the evaluators' notes (Catatan Evaluator) and what the findings quote of the cells. The run's rekap carried
    into the package "CATATANPRIVAT: operator Budi … sedang diproses disiplin (NIP …)" and the values units typed,
    phone numbers in them (privrev; UU 27/2022 asks no more data than the purpose needs).

    A large workbook is streamed through temporary files, in a folder of pmprb's own inside ``scratch`` (the
    output folder; the system's temporary folder by default) removed when done: xlsxwriter's own files in
    /tmp outlived a run stopped by cron's timeout (4 files, 15 MB, each time), and a full /tmp was told as
    "disk penuh" with no folder named.
    """
    streamed = len(_answer_rows(batch.rubric)) * len(batch.assessment.results) > STREAM_ABOVE_ROWS
    if not streamed:
        return _merged_bytes(batch, streamed, None, movement, sending)
    where = Path(scratch) if scratch is not None else Path(tempfile.gettempdir())
    holder = where / f".rekap.{secrets.token_hex(6)}.tmp"  # (a name a later run's clean-up knows as pmprb's)
    try:
        holder.mkdir(parents=True)
        return _merged_bytes(batch, streamed, holder, movement, sending)
    except OSError as exc:
        raise SystemRefusal(
            f"Tidak dapat menulis berkas sementara rekap di {where}: {os_reason(exc)}",
            hint=SystemRefusal.hint + ("" if scratch is not None else " Atau arahkan TMPDIR ke disk lain."),
        ) from exc
    finally:
        shutil.rmtree(holder, ignore_errors=True)


def _merged_bytes(
    batch: Batch, streamed: bool, holder: Path | None, movement: Movement | None, sending: bool = False
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            # Streamed, each row goes to a temporary file as soon as the next one starts (every sheet is written
            # top to bottom); strings are then written in place and charts carry no cached copy of their cells,
            # which Excel and LibreOffice read from the sheet anyway.
            "constant_memory": streamed,
            "in_memory": not streamed,
            "tmpdir": None if holder is None else str(holder),
            # Rows grow for wrapped text; every cell of a row then starts at its top line.
            "default_format_properties": {"valign": "top"},
            # Text is text: nothing a unit typed becomes a formula, a number or a link by accident.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    title = " ".join(
        p for p in (f"Rekap {batch.rubric.short_title}", batch.kabupaten_named, batch.processed_period) if p
    )
    book.set_properties(
        {
            "title": title,
            "subject": f"Rubrik {batch.rubric.id} v{batch.rubric.version}",
            "author": "pmprb",
            "comments": f"Dibuat oleh pmprb {__version__} dari {len(batch.assessment.results)} buku kerja.",
            "created": document_date(batch),
        }
    )
    # How the next run knows this file is a kabupaten workbook, not a unit's LKE, when it sits among the inputs.
    book.set_custom_property(MARKER, "1")
    # How a later merge knows the file ranks no unit: an empty rekap may be replaced, one of 41 units may not.
    book.set_custom_property(RANKED_PROPERTY, len(batch.ranked))
    _Merger(batch, book, movement, sending).build()
    book.close()
    return buffer.getvalue()


def write_merged(batch: Batch, out: str | Path) -> Path:
    """Write the kabupaten workbook atomically: a temporary file in the target folder, then a rename."""
    target = Path(out)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(
            f"Berkas --out harus berakhiran .xlsx: {target}",
            hint="Misalnya --out rekap-TTTT-BB.xlsx (TTTT-BB: periodenya).",
        )
    if target.is_dir():
        raise UsageError(
            f"--out {target} adalah folder; berikan nama berkas .xlsx.",
            hint=f"Mis. --out {Path(target) / 'rekap.xlsx'}.",
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SystemRefusal(f"Tidak dapat menulis {target}: {os_reason(exc)}") from exc
    data = merged_bytes(batch, target.parent)
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise SystemRefusal(f"Tidak dapat menulis {target}: {os_reason(exc)}") from exc
    return target


@dataclass(frozen=True)
class Merged:
    """What ``pmprb merge`` wrote, and the batch it wrote it from."""

    path: Path
    batch: Batch


def merge_inputs(paths: Sequence[str], out: str | Path) -> list[str]:
    """The workbooks to merge: the files and folders given, expanded, without the output file.

    A kabupaten workbook pmprb wrote earlier (into the folder being merged, say) is left out and replaced;
    any other existing file is never overwritten (:class:`UsageError`).
    """
    _refuse_overwrite(paths, out)
    destination = os.path.realpath(out)
    return [f for f in expand_paths(paths) if os.path.realpath(f) != destination]


#: The longest unit name a chart labels its bar with (longer ones are cut in the middle, "…").
_CHART_LABEL = 40


def bar_labels(units: Sequence[tuple[str, str]]) -> list[str]:
    """A chart label for each (kode, nama): the name, cut in the middle past :data:`_CHART_LABEL` characters.

    One 96-character name (DP3AP2KB's) made LibreOffice label only every other bar, 19 of 40 names gone; the
    full name is in Rekap. The end of a name tells units apart ("UPTD Puskesmas Cibarusah", "… Cikarang
    Utara": cut at the end both read "Unit Pelaksana Teknis Daerah Puskesmas …"); a cut never splits a
    character from its marks or a flag's two letters; a label still shared gets the unit's kode.
    """
    labels = []
    for _, nama in units:
        if len(nama) <= _CHART_LABEL:
            labels.append(nama)
            continue
        end, start = _CHART_LABEL // 2 - 1, len(nama) - _CHART_LABEL // 2
        # (nor after a zero-width joiner: an emoji sequence cut there left a dangling joiner)
        while end and (_joins(nama[end]) or _odd_flags(nama[:end]) or nama[end - 1] == "\u200d"):
            end -= 1
        while start < len(nama) and (_joins(nama[start]) or _odd_flags(nama[:start]) or nama[start - 1] == "\u200d"):
            start += 1
        head, tail = nama[:end], nama[start:]
        # (at a word's edge where the piece has one: "Dinas Pengendalian … Perlindungan Anak")
        if head and not (head[-1].isspace() or nama[end].isspace()) and " " in head.strip():
            head = head[: head.rstrip().rfind(" ")]
        if tail and not (tail[0].isspace() or nama[start - 1].isspace()) and " " in tail.strip():
            tail = tail[tail.find(" ") :]
        labels.append(head.rstrip() + " … " + tail.strip())
    shared = {label for label in labels if labels.count(label) > 1}
    return [f"{label} ({kode})" if label in shared else label for label, (kode, _) in zip(labels, units, strict=True)]


def _joins(char: str) -> bool:
    """A mark, joiner or selector that belongs with the character before it (a cut there splits a letter)."""
    return bool(unicodedata.combining(char)) or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cs")


def _odd_flags(text: str) -> bool:
    """Whether ``text`` ends in an odd run of flag letters (a flag is two: the last one's pair is cut off)."""
    run = len(text) - len(text.rstrip("".join(chr(c) for c in range(0x1F1E6, 0x1F200))))
    return run % 2 == 1


def _refuse_overwrite(files: Sequence[str], out: str | Path) -> None:
    if Path(out).suffix.lower() != ".xlsx":
        # (said before any workbook is read: it came after every file of the batch was scored)
        raise UsageError(
            f"Berkas --out harus berakhiran .xlsx: {out}",
            hint="Misalnya --out rekap-TTTT-BB.xlsx (TTTT-BB: periodenya).",
        )
    destination = os.path.realpath(out)
    if any(os.path.realpath(f) == destination for f in files):
        raise UsageError(
            f"--out {out} adalah salah satu masukan; pmprb tidak menimpa buku kerja unit.",
            hint="Tulis buku kerja kabupaten ke berkas lain, misalnya --out rekap-TTTT-BB.xlsx (TTTT-BB: periodenya).",
        )
    if os.path.isdir(out):
        raise UsageError(
            f"--out {out} adalah folder; berikan nama berkas .xlsx.",
            hint=f"Mis. --out {Path(out) / 'rekap.xlsx'}.",
        )
    if os.path.exists(out) and not os.path.isfile(out):
        # A FIFO there hung merge: looking whether it was a rekap to replace opened it, waiting for a writer.
        raise UsageError(f"--out {out} bukan berkas biasa (pipa atau perangkat); berikan nama berkas .xlsx.")
    if os.path.lexists(out) and not _empty_file(out) and not is_merged_workbook(out):
        # Only a kabupaten workbook pmprb wrote is replaced: anything else there (a unit's LKE kept
        # under that name, a file of another program) may be the only copy someone has.
        raise UsageError(
            f"--out {out} sudah ada dan bukan buku kerja kabupaten yang ditulis pmprb; pmprb tidak menimpanya.",
            hint="Pilih nama lain untuk --out, atau pindahkan berkas itu lebih dulu bila memang tidak diperlukan.",
        )


def _empty_file(path: str | Path) -> bool:
    """A file of no bytes (as ``mktemp`` makes): nothing in it to lose."""
    try:
        return os.path.isfile(path) and os.path.getsize(path) == 0
    except OSError:
        return False


def _custom_properties(path: str | Path) -> bytes:
    """A workbook's custom document properties (docProps/custom.xml) when small, read without trusting it; else b""."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/custom.xml")
            return b"" if info.file_size > _MARKER_LIMIT else archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return b""


def _ranks_no_unit(path: str | Path) -> bool:
    """Whether a file is a kabupaten workbook pmprb wrote that ranks no unit (its properties say 0)."""
    said = re.search(rb'name="' + RANKED_PROPERTY.encode() + rb'"><vt:i4>(\d+)<', _custom_properties(path))
    return said is not None and int(said.group(1)) == 0


def is_merged_workbook(path: str | Path) -> bool:
    """Whether a file is a kabupaten workbook pmprb wrote (its marker property), read without trusting it."""
    return f'name="{MARKER}"'.encode() in _custom_properties(path)


def merge(
    files: Sequence[str],
    rubric: Rubric,
    out: str | Path,
    *,
    registry: Registry | None = None,
    period: str | None = None,
    target: str,
    kabupaten: str = "",
    jobs: int = 1,
    progress: Progress | None = None,
    missing_units: bool = True,
    not_read: Sequence[str] = (),
) -> Merged:
    """The ``pmprb merge`` command: read, check, score and rank every workbook, then write the kabupaten workbook.

    ``files`` are workbooks (see :func:`merge_inputs`); none of them is ever overwritten. ``not_read``: the
    files of the folders read that are no workbook (see :func:`pmprb_cli.pipeline.finish`).
    """
    _refuse_overwrite(files, out)
    batch = build_batch(
        files,
        rubric,
        registry=registry,
        period=period,
        target=target,
        kabupaten=kabupaten,
        jobs=jobs,
        keep_answers=True,
        progress=progress,
        missing_units=missing_units,
        not_read=not_read,
    )
    if not batch.ranked and os.path.isfile(out) and not _empty_file(out) and not _ranks_no_unit(out):
        # Next month's inbox, still empty, merged onto this month's rekap: a rekap of 41 units became one of none
        # (run refuses the same: "tidak ada yang ditulis").
        given, failed = len(batch.assessment.results), len(batch.assessment.failed)
        # (every input unreadable was "3 berkas unit dibaca": the count says which were read)
        read = f"{given} berkas unit di masukan" + (f", {failed} tidak dapat dibaca" if failed else "")
        raise UsageError(
            f"Tidak ada unit yang dinilai ({read}); rekap {out} yang sudah ada tidak ditimpa.",
            hint="Periksa folder masukan dan --period; untuk rekap kosong, tulis ke berkas --out lain.",
        )
    return Merged(write_merged(batch, out), batch)
