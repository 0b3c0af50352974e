"""Find the LKE table in a sheet grid and match its rows to a rubric.

Columns are found by their titles, not by fixed letters; items by their ``Kode`` where the workbook has
one (pmprb templates) and otherwise by walking the official hierarchy (komponen ``A.`` → area ``I.`` →
sub-komponen ``1`` → item ``a.``), checked against the question text. Rows moved, inserted or deleted
are found or reported, never mis-scored.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import datetime
import difflib
import functools
import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeGuard

from pmprb_cli.catalogue import Shown, finding, language
from pmprb_cli.checks import names_local_file, pemda_kind, same_kabupaten
from pmprb_cli.errors import WorkbookError
from pmprb_cli.files import capped_name, without_hidden_characters
from pmprb_cli.models import Answer, Finding, Item, Rubric, Scale, Submission, as_typed, visible
from pmprb_cli.rubric import numeric_scales, parse_choice, parse_number, per_rubric, percent_scales
from pmprb_cli.workbook import SheetGrid, SheetTooLarge, WorkbookView, cell_ref, column_letter, sheet_order

HEADER_SCAN_ROWS = 40
LKE_SHEET = "LKE"
IDENTITY_SHEET = "Identitas"
# Labels of the Identitas sheet pmprb templates carry (column A), and the Submission field each fills.
#: The pemda's label as a kota's staff retype it: "Kota" left the pemda unread, a neighbour's workbook passed unsaid
#: (kotarev).
_PEMDA_LABELS = ("kota", "kabupaten/kota", "kabupaten / kota", "pemda", "pemerintah daerah")
IDENTITY_FIELDS = {
    "kode unit": "unit_code",
    "nama unit": "unit_name",
    "periode": "period",
    "rubrik": "rubric_id",
    "versi rubrik": "rubric_version",
    "sidik rubrik": "rubric_checksum",
    "jenis": "unit_jenis",
    "kabupaten": "kabupaten",
    **dict.fromkeys(_PEMDA_LABELS, "kabupaten"),
}
_TITLES = {
    "kode": ("kode", "kode butir"),
    "penilaian": ("penilaian", "pertanyaan", "uraian", "komponen/sub-komponen/kriteria"),
    "bobot": ("bobot",),
    "penjelasan": ("penjelasan", "kriteria", "kriteria penilaian"),
    "pilihan": ("pilihan jawaban", "pilihan"),
    "jawaban": (
        *("jawaban", "jawaban unit", "jawaban opd", "jawaban unit kerja", "jawaban pd", "jawaban perangkat daerah"),
        *("jawaban skpd", "jawaban instansi", "jawaban satuan kerja"),
    ),
    "nilai": ("nilai",),
    "bukti": ("bukti dukung", "link bukti dukung", "bukti"),
    "penjelasan_unit": ("penjelasan unit", "keterangan unit"),
    # (A heading not listed left the evaluator's answers unread without a word: the unit stayed "mandiri".)
    "jawaban_evaluator": (
        *("jawaban evaluator", "jawaban asesor", "jawaban tpi", "jawaban tim evaluator", "jawaban verifikator"),
        *("jawaban tim verifikasi", "jawaban tim penilai", "evaluator"),
    ),
    "catatan_evaluator": ("catatan evaluator", "catatan asesor", "catatan tim evaluator", "catatan verifikator"),
}
_LOOKUP = {alias: key for key, aliases in _TITLES.items() for alias in aliases}
_ROMAN = re.compile(r"^[IVXL]+\.?$")
_KOMPONEN = re.compile(r"^[A-Z]\.?$")
_NUMBER = re.compile(r"^\d{1,2}\.?$")
_LETTER = re.compile(r"^[a-z]\.?$")
#: A lower-case roman numeral of two or more letters: the LKE ZI's sub-levels "ii.", "iii." ("i." reads as a letter).
_SMALL_ROMAN = re.compile(r"^[ivx]{2,5}\.?$")
_WEIGHT_SUFFIX = re.compile(r"\s*\(\s*[\d.,]+\s*\)\s*$")
_IDENTITY_LABELS = {
    "instansi": "name",
    "nama instansi": "name",
    "unit": "name",
    "unit kerja": "name",
    "nama unit": "name",
    "perangkat daerah": "name",
    "opd": "name",
    "kode unit": "code",
    "tahun": "period",
    "periode": "period",
    "kabupaten": "kabupaten",
    **dict.fromkeys(_PEMDA_LABELS, "kabupaten"),
}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _title_key(value: object) -> str:
    text = _text(value).casefold().strip(" :%*")
    key = _LOOKUP.get(text, "")
    if key or _DIGIT.search(text):
        return key  # (a year in it: another year's column, "Jawaban (2021)")
    found = _BRACKETED.fullmatch(text)
    if found is None:
        # "Jawaban Asesor/Evaluator", "Jawaban Penilai Internal": the evaluator's column under a name of its own.
        words = _NON_ALNUM.sub(" ", text).split()
        rest = set(words[1:])
        if words and words[0] in _EVALUATOR_COLUMNS and rest & _EVALUATOR_WORDS and rest <= _EVALUATOR_WORDS | _FILLERS:
            return _EVALUATOR_COLUMNS[words[0]]
        return ""
    # "Jawaban (diisi OPD)", "Nilai (otomatis)": a heading given a note in brackets lost every answer (E201, no
    # LKE sheet). "Jawaban Evaluator (diisi Inspektorat)" and "Jawaban (Evaluator)" are the evaluator's: read as
    # nothing, the evaluator's answers were left unread without a word and the unit ranked "mandiri".
    heading, note = found.group(1), set(_NON_ALNUM.sub(" ", found.group(2)).split())
    key = _LOOKUP.get(heading, "")
    if note & _EARLIER_WORDS:
        return ""  # last year's or an older copy: "Jawaban (tahun lalu)"
    if key in ("jawaban_evaluator", "catatan_evaluator"):
        return key
    words = _NON_ALNUM.sub(" ", heading).split()
    if note & (_EVALUATOR_WORDS | {"evaluasi"}) and not note & _OWN_WORDS and len(words) == 1:
        # ("Jawaban (Tim Evaluasi)", "(Hasil Evaluasi)": the evaluation's; "(Evaluasi Mandiri)" is the unit's)
        return _EVALUATOR_COLUMNS.get(words[0], "")
    # Another's column, not named the evaluator's: "Jawaban (Tim Kerja)" (the OPD team's draft), "Jawaban
    # (Evaluasi Mandiri)" stay unknown; read as the evaluator's, the draft ranked as a "verified" index.
    return "" if note & _OTHERS_WORDS else key


#: A heading and a note in brackets after it: "jawaban (diisi opd)".
_BRACKETED = re.compile(r"([^()]+?)\s*\(([^()]*)\)")
_DIGIT = re.compile(r"\d")
#: Words that make a column the evaluator's rather than the unit's ("Jawaban (Inspektorat)").
_EVALUATOR_WORDS = frozenset(
    {"evaluator", "asesor", "tpi", "verifikator", "verifikasi", "penilai", "inspektorat", "apip", "irban"}
)
#: Words beside those in an evaluator's heading ("Jawaban Tim Penilai Internal", "Jawaban diisi oleh Asesor").
_FILLERS = frozenset({"internal", "dan", "diisi", "oleh", "tim"})
#: Words of a note that make a column someone else's than the unit's (without naming the evaluator: unknown).
_OTHERS_WORDS = _EVALUATOR_WORDS | {"tim", "evaluasi"}
#: Words of a note that make the column the unit's own work, whatever else it says ("Jawaban (Evaluasi Mandiri)").
_OWN_WORDS = frozenset({"mandiri", "sebelum", "opd", "unit", "draf", "draft"})
#: Words of a bracketed note that make the column another year's.
_EARLIER_WORDS = frozenset({"lalu", "sebelumnya", "lama"})
#: The evaluator's column each heading word starts ("Jawaban (Evaluator)", "Catatan (Asesor)").
_EVALUATOR_COLUMNS = {"jawaban": "jawaban_evaluator", "catatan": "catatan_evaluator"}


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_question(text: str) -> str:
    """Question text for comparison: case, spacing and punctuation ignored."""
    return _NON_ALNUM.sub(" ", _WEIGHT_SUFFIX.sub("", text).casefold()).strip()


@dataclass
class Header:
    """Where the LKE table starts and which column holds what."""

    row: int
    columns: dict[str, int] = field(default_factory=dict)
    #: Further columns titled as an answer column already found (a copy of last month's Jawaban beside it).
    repeated: dict[str, list[int]] = field(default_factory=dict)
    #: Other columns titled "Jawaban …" that name no column pmprb reads ("Jawaban Agustus"), with their title.
    renamed: tuple[tuple[int, str], ...] = ()

    @functools.cached_property
    def hierarchy(self) -> range:
        """The columns that hold komponen, area, sub-komponen and item labels and texts."""
        start = self.columns.get("penilaian", 0)
        ends = [c for k, c in self.columns.items() if k not in ("penilaian", "kode") and c > start]
        return range(start, min(ends) if ends else start + 5)


def find_header(grid: SheetGrid) -> Header | None:
    """The first row, within the first rows of a sheet, whose titles include Jawaban and Nilai (or Kode)."""
    for r in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        found: dict[str, int] = {}
        repeated: dict[str, list[int]] = {}
        titles: dict[str, str] = {}
        renamed: list[tuple[int, str]] = []
        for c, value in enumerate(grid.rows[r]):
            key = _title_key(value) if value != "" and value is not None else ""
            if not key:
                if isinstance(value, str) and "awaban" in value.casefold() and _is_renamed_answer_column(value):
                    renamed.append((c, _text(value)))
                continue
            titles.setdefault(key, _text(value).casefold())
            if key in found:
                if key == "penilaian":
                    break  # the official layout repeats the block for the previous year: keep the first
                # The same title again (last month's Jawaban copied beside it), not another name of the
                # same column's kind: "Jawaban TPI" beside "Jawaban Evaluator" is the TPI's own column.
                if key in ("jawaban", "jawaban_evaluator") and _text(value).casefold() == titles[key]:
                    repeated.setdefault(key, []).append(c)
                continue
            found[key] = c
        # Nilai, or the Kode of a pmprb template: a template whose Nilai column was deleted or retitled ("Skor")
        # was "tidak ada lembar LKE" with 200 answers readable, though pmprb never reads Nilai to score.
        if "jawaban" not in found and len(renamed) == 1 and _names_this_month(renamed[0][1]):
            # The one answer column titled as this month's ("Jawaban Bulan Ini", "Jawaban Terbaru"): the answers,
            # not a copy beside them (the whole workbook was "tidak dapat dinilai", E201; operrev). Not one naming a
            # month, nor last month's: "Jawaban Bulan Lalu" beside a column "Jawaban Saat Ini" was scored, July's
            # answers for August's without a word (diffrev23); E201 names their cells instead.
            found["jawaban"], renamed = renamed[0][0], []
        if "jawaban" in found and ("nilai" in found or "kode" in found):
            if "bobot" not in found and "penjelasan" in found:
                found["bobot"] = found["penjelasan"] - 1  # the official layout leaves Bobot untitled
            return Header(r, found, repeated, tuple(renamed))
    return None


#: Words that make a "Jawaban …" heading a month's copy of the answers: a month, "bulan ini", "baru", "revisi".
#: (A year alone, "Jawaban 2021" or "(tahun lalu)", is another year's, kept for comparison: the official form's.)
_COPY_WORDS = frozenset(
    {
        *("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober"),
        *("november", "desember", "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt", "agus", "ags", "sep"),
        *("sept", "okt", "nov", "des", "bulan", "bln", "baru", "revisi", "perbaikan", "tw", "triwulan", "agst"),
        *("terbaru", "update", "updated", "koreksi", "perubahan", "semester", "smt", "mutakhir", "terkini"),
    }
)
#: Words that make a "Jawaban …" heading another reader's column, a month named or not ("Jawaban Reviu Agustus"):
#: the hint to copy it into Jawaban would have the unit take over a reviewer's answers.
_READER_WORDS = frozenset(
    {"reviu", "review", "reviewer", "pendamping", "pembina", "bagian", "organisasi", "ortala", "kemenpanrb"}
    | {"validasi", "validator", "pemeriksa", "penguji", "tim", "biro", "setda", "menpan"}
)


_DIGITS_APART = re.compile(r"\d+")

#: Words that make a "Jawaban …" heading this month's own, naming no month: "Jawaban Bulan Ini", "Jawaban Terbaru".
_THIS_MONTH_WORDS = frozenset(
    {"bulan", "ini", "baru", "terbaru", "terkini", "mutakhir", "update", "updated", "saat", "kini", "sekarang"}
)


def _names_this_month(title: str) -> bool:
    """Whether a "Jawaban …" heading says it holds this month's answers, in words that name no month."""
    words = _NON_ALNUM.sub(" ", title.casefold()).split()[1:]
    return bool(words) and set(words) <= _THIS_MONTH_WORDS


def _is_renamed_answer_column(title: str) -> bool:
    """A heading "Jawaban …" naming a month or a copy: "Jawaban Agustus", "Jawaban Agt-22", "Jawaban Bulan Lalu".

    The copy of last month's Jawaban given the month's name, the new answers typed in it: the old ones were scored
    "sah" with no finding (PMPRB-E214 looks only at a second column of the same title). Another's column, which
    names its reader ("Jawaban Reviu", "Jawaban Final", "Jawaban Pendamping", an evaluator's), is not one.
    """
    words = _NON_ALNUM.sub(" ", title.casefold()).split()
    return (
        len(words) > 1
        and words[0] == "jawaban"
        and not set(words) & (_EVALUATOR_WORDS | _OTHERS_WORDS | _READER_WORDS)
        and any(w in _COPY_WORDS for w in _DIGITS_APART.sub(" ", " ".join(words[1:])).split())
    )


def _repeated_answer_columns(
    grid: SheetGrid, header: Header, answers: Mapping[str, Answer], file: str
) -> list[Finding]:
    """PMPRB-E214 where a second column titled Jawaban (or Jawaban Evaluator) holds other answers than the first.

    Only the first is read: with last month's column copied beside it and the new answers typed in the copy,
    the old answers were scored "sah" without a word. Two columns alike change nothing and are not said.
    """
    out: list[Finding] = []

    def said(code: str, first: Answer, other: int, detail: str) -> Finding:
        value = grid.value(first.row - 1, other)
        cell = cell_ref(first.row - 1, other)
        return finding(code, file, sheet=grid.name, cell=cell, item=first.code, value=_text(value), detail=detail)

    read = header.columns["jawaban"]
    for other, title in header.renamed:
        # (a column left empty where it differs is no answers typed there)
        differ = [a for a in _differing(grid, answers, read, other) if grid.value(a.row - 1, other) not in (None, "")]
        if differ:
            read_at, other_at = column_letter(read), column_letter(other)
            detail = (
                f"column {other_at} '{title}' differs from column {read_at} in {len(differ)} items; {read_at} is scored"
                if language() == "en"
                else f"kolom {other_at} '{title}' berbeda dari kolom {read_at} di {len(differ)} butir; yang dinilai "
                f"kolom {read_at}"
            )
            out.append(said("PMPRB-W438", differ[0], other, detail))
    for key, others in header.repeated.items():
        read = header.columns[key]
        for other in others:
            differ = _differing(grid, answers, read, other)
            if not differ:
                continue
            shown = _text(grid.value(differ[0].row - 1, read))
            read_at, other_at = column_letter(read), column_letter(other)
            if language() == "en":
                detail = f"{read_at} is scored, {other_at} differs in {len(differ)} items; {read_at}: '{shown}'"
            else:
                detail = f"{read_at} dinilai, {other_at} berbeda di {len(differ)} butir; {read_at}: '{shown}'"
            out.append(said("PMPRB-E214", differ[0], other, detail))
    return out


def _differing(grid: SheetGrid, answers: Mapping[str, Answer], read: int, other: int) -> list[Answer]:
    """The answers whose cell in column ``other`` holds another answer than in the column read."""
    return [a for a in answers.values() if not _same_answer(grid.value(a.row - 1, read), grid.value(a.row - 1, other))]


def _missing_rows(
    grid: SheetGrid, cols: Mapping[str, int], expected: Mapping[str, str], answers: Mapping[str, Answer], file: str
) -> list[Finding]:
    """PMPRB-E202 for each item without its row, pointed at where a row inserted would put it back.

    Under the item before it in its group; for a group's first item, above the next one of its group (under
    the item before, the group's heading, it went into the previous group); else under whatever item comes
    before it. (It had no cell at all, and the operator searched 200 rows.)
    """
    codes = list(expected)
    found = [c for c in codes if c in answers]
    out = []
    for n, code in enumerate(codes):
        if code in answers:
            continue
        group = code.rsplit(".", 1)[0]
        before = next((c for c in reversed(codes[:n]) if c in answers), None)
        after = next((c for c in codes[n + 1 :] if c in answers), None)
        if before is not None and before.rsplit(".", 1)[0] == group:
            row = answers[before].row  # (1-based: the 0-based row under it)
        elif after is not None and after.rsplit(".", 1)[0] == group:
            row = answers[after].row - 1
        elif before is not None:
            row = answers[before].row
        else:
            row = answers[found[0]].row - 1 if found else 0
        cell = cell_ref(row, cols.get("kode", cols["jawaban"]))
        out.append(finding("PMPRB-E202", file, sheet=grid.name, cell=cell, item=code, detail=_clip(expected[code])))
    return out


def _rows_out_of_order(grid: SheetGrid, index: RubricIndex, answers: Mapping[str, Answer], file: str) -> list[Finding]:
    """PMPRB-W215 at the first item row that comes before one it follows in the template.

    The LKE sorted by its Kode column: every answer read right by its Kode, while the sheet's Nilai formulas
    read other rows and four W411 blamed spellings, invisible characters or a recalculation.
    """
    last, last_code = -1, ""
    by_row: Iterable[tuple[str, Answer]] = answers.items()
    row = -1
    for answer in answers.values():  # (read in row order as a rule: sorted only where not, 40 → 10 µs)
        if answer.row < row:
            by_row = sorted(answers.items(), key=lambda ca: ca[1].row)
            break
        row = answer.row
    for code, answer in by_row:
        at = index.position.get(code, last)
        if at < last:
            return [finding("PMPRB-W215", file, sheet=grid.name, cell=answer.cell, item=code, value=last_code)]
        last, last_code = at, code
    return []


def _evidence_under_merges(
    grid: SheetGrid, cols: Mapping[str, int], answers: dict[str, Answer], reader: _AnswerReader, header_row: int
) -> None:
    """The evidence of a merged Bukti Dukung range for every answer row it covers (``answers`` updated).

    One SK for three items, its cell merged over their rows: the operator sees it beside each, and PMPRB-W410
    said the second and third "bukti dukungnya kosong", to be filled in cells a merge does not let one type in.
    """
    col = cols.get("bukti")
    if col is None:
        return
    # Only ranges that start inside the table: the column merged from its header down (Excel keeps the
    # header's text alone) gave every item the evidence "Bukti Dukung", and PMPRB-W410 said none was missing.
    spans = [(r1, r2) for (r1, c1), (r2, c2) in dict.fromkeys(grid.merged) if c1 <= col <= c2 and r2 > r1 > header_row]
    if not spans:
        return
    by_row = {a.row - 1: code for code, a in answers.items()}
    rows = sorted(by_row)
    for r1, r2 in spans:
        first = reader.evidence_at(r1)
        if not first[0] and not first[1]:
            continue
        start = f"{reader.bukti_letter}{r1 + 1}"
        at = bisect.bisect_right(rows, r1)  # (a hostile sheet's thousands of merges: each found by bisection)
        while at < len(rows) and rows[at] <= r2:
            code = by_row[rows[at]]
            answer = answers[code]
            if not answer.evidence and not answer.evidence_link:
                answers[code] = dataclasses.replace(
                    answer, evidence=first[0] or first[1], evidence_link=first[1], evidence_from=start
                )
            at += 1


def _answers_under_merges(
    grid: SheetGrid, cols: Mapping[str, int], answers: Mapping[str, Answer], file: str
) -> list[Finding]:
    """PMPRB-W431 at each answer cell a merged range covers but does not start at.

    The operator sees the range's first cell's answer across it, while each row's own cell is scored: with
    LibreOffice's "keep contents" a hidden 'C' scored 0,33 under a visible 'A', and with Excel's merge the
    cell read "belum dijawab" while the operator saw 'A' in it.
    """
    wanted = [cols[k] for k in ("jawaban", "jawaban_evaluator") if k in cols]
    if not any(c1 <= c <= c2 for (_, c1), (_, c2) in grid.merged for c in wanted):
        return []  # (the usual sheet: its few merges, titles, cover no answer column)
    by_place: dict[tuple[int, int], Answer] = {}
    for answer in answers.values():
        for col in wanted:
            by_place[(answer.row - 1, col)] = answer
    answer_rows = sorted({r for r, _ in by_place})
    # Each answer cell once, under the first range covering it; a range's rows are found by bisection, so a
    # hostile sheet of thousands of merges down to row 1048576 costs merges × answers at most.
    covered: dict[tuple[int, int], str] = {}
    for (r1, c1), (r2, c2) in dict.fromkeys(grid.merged):  # (a range repeated is looked at once)
        if len(covered) == len(by_place):
            break  # every answer cell said already
        for col in (c for c in wanted if c1 <= c <= c2):
            at = bisect.bisect_left(answer_rows, r1)
            while at < len(answer_rows) and answer_rows[at] <= r2:
                place = (answer_rows[at], col)
                if place != (r1, c1) and place not in covered:
                    covered[place] = f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}"
                at += 1
    out = []
    for (r, col), merged in sorted(covered.items()):
        value = grid.value(r, col)
        out.append(
            finding(
                "PMPRB-W431",
                file,
                sheet=grid.name,
                cell=cell_ref(r, col),
                item=by_place[(r, col)].code,
                value="" if value is None else _text(value),
                detail=merged,
            )
        )
    return out


def _same_answer(a: object, b: object) -> bool:
    """Whether two answer cells say the same (letter case and spacing aside; a number as its text)."""
    return _text(a).casefold() == _text(b).casefold()


def _identity(grid: SheetGrid, until: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in range(min(until, len(grid.rows))):
        row = grid.rows[r]
        for c, value in enumerate(row):
            if value == "" or value is None or isinstance(value, float):
                continue  # an empty cell or a number is never a label
            label = _text(value).casefold().rstrip(" :").strip()
            key = _IDENTITY_LABELS.get(label)
            if not key or key in out:
                continue
            for n, nxt in enumerate(row[c + 1 :], start=c + 1):
                if nxt == "" or nxt is None:
                    continue  # (an empty cell gives no text: the cells between label and value usually are)
                text = " ".join(without_hidden_characters(_text(nxt)).split()).lstrip(": ").strip()
                if text:
                    out[key] = normalise_period(_from_1900(nxt, grid.date1904)) if key == "period" else text
                    if label == "kota":
                        out[key] = _as_kota(text)
                    out[f"{key}@"] = cell_ref(r, n)
                    break
    return out


def _pemda_stated(identity: str, head: str) -> str:
    """The pemda a workbook states: its Identitas sheet's, or the LKE head's where that one adds the kind.

    Identitas "Bekasi" (the pmprb template's label, "Kabupaten", never says which) over an LKE head "KOTA : Bekasi":
    the kota's workbook was taken as either pemda, Kabupaten Bekasi's own too (diffrev18).
    """
    if not identity:
        return head
    if head and not pemda_kind(identity) and pemda_kind(head) and same_kabupaten(identity, head):
        return head
    return identity


def _as_kota(name: str) -> str:
    """A pemda's name under the label "Kota": "Bogor" is Kota Bogor (read as either, a neighbour passed; diffrev17).

    Said after the name, "Bogor (Kota)", which reads as the same pemda: "Kota Lima Puluh Kota" in E308's message
    was no name anyone typed (diffrev18); the name stays as typed, the label beside it.
    """
    return name if pemda_kind(name) else f"{name} (Kota)"


@dataclass
class _Row:
    code: str
    question: str
    row: int
    #: "input" for an official-layout Jumlah row: its code comes from the percentage item above it.
    kind: str = "answer"
    #: The row holds its Kode's question exactly as the rubric words it: nothing left to compare.
    exact: bool = False
    #: The row has a choice list or an answer: an item's row, whatever its label makes of its code.
    answerable: bool = False


class _Walker:
    """Walks the official hierarchy and proposes a code for every answer row."""

    def __init__(self, grid: SheetGrid, header: Header, rubric: Rubric) -> None:
        self.grid = grid
        self.header = header
        self.hasil_komponen = {r.code for r in rubric.roots if r.role == "hasil"}
        self.komponen = self.area = self.sub = ""
        self.letter_seq = 0

    def rows(self) -> list[_Row]:
        out: list[_Row] = []
        cols = self.header.hierarchy
        pilihan = self.header.columns.get("pilihan")
        jawaban = self.header.columns["jawaban"]
        rows = self.grid.rows
        for r in range(self.header.row + 1, len(rows)):
            row = rows[r]
            # The row's own list, not a lookup per cell: most rows of the official file are short or empty.
            held = zip(cols, row[cols.start : cols.stop], strict=False)  # a short row ends early
            texts = [(c, _text(v)) for c, v in held if v != "" and v is not None]
            cells = [(c, t) for c, t in texts if t]
            if not cells:
                continue
            first = cells[0][1]
            rest = " ".join(t for _, t in cells[1:])
            choices = _text(row[pilihan]) if pilihan is not None and pilihan < len(row) else ""
            answerable = bool(choices or (jawaban < len(row) and _text(row[jawaban])))
            is_komponen, is_roman, is_number, is_letter = _label_kinds(first)
            if choices.casefold() == "jumlah":
                out.append(_Row("", rest or first, r, "input"))
            elif cells[0][0] == cols.start and is_komponen:
                self.komponen, self.area, self.sub = first[0], "", ""
                out.append(_Row(self.komponen, rest, r, "group"))
            elif is_roman:
                self.area, self.sub = first.rstrip("."), ""
                out.append(_Row(f"{self.komponen}.{self.area}", rest, r, "group"))
            elif is_number:
                self.sub, self.letter_seq = first.rstrip("."), 0
                code = f"{self.komponen}.{self.area}.{self.sub}"
                if self.komponen in self.hasil_komponen and answerable:
                    out.append(_Row(code, rest, r))
                else:
                    out.append(_Row(code, rest, r, "group"))
            elif (is_letter or _SMALL_ROMAN.match(first)) and self.sub:
                # (a sub-level "ii." is a group row: its code is structural and the reader passes over it,
                # as it does "i."; read as an unlettered item it was W203 "tidak ada dalam rubrik")
                self.letter_seq += 1
                code = f"{self.komponen}.{self.area}.{self.sub}.{first.rstrip('.')}"
                out.append(_Row(code, rest, r, answerable=answerable))
            elif is_letter and self.komponen in self.hasil_komponen and answerable:
                # LKE ZI: hasil indicators lettered directly under their bagian (B.I.a, B.I.b, B.II.a).
                out.append(_Row(f"{self.komponen}.{self.area}.{first[0]}", rest, r))
            elif answerable and self.sub:
                # An item row without its letter (the official file has one): the next letter in sequence.
                self.letter_seq += 1
                letter = "abcdefghijklmnopqrstuvwxyz"[min(self.letter_seq, 26) - 1]
                out.append(_Row(f"{self.komponen}.{self.area}.{self.sub}.{letter}", " ".join(t for _, t in cells), r))
        return out


@functools.lru_cache(maxsize=1024)
def _label_kinds(text: str) -> tuple[bool, bool, bool, bool]:
    """Whether a row's first text reads as a komponen, area (roman), sub-komponen (number) or item label.

    The official file's few hundred rows repeat the same labels ("a.", "IV.", "3"); each is matched once.
    """
    return (
        _KOMPONEN.match(text) is not None,
        _ROMAN.match(text) is not None,
        _NUMBER.match(text) is not None,
        _LETTER.match(text) is not None,
    )


_LABEL_ONLY = re.compile(r"^(?:[A-Za-z]{1,2}|[IVXLivxl]{1,6}|\d{1,3})\.?$")


def _row_text(cells: list[object], text_cols: range, skip: int | None) -> str:
    """The text of a row's hierarchy cells without its labels ("a.", "IV.", "3") and without the Kode."""
    texts = []
    for c in text_cols:
        value = cells[c] if c < len(cells) else None
        if value is None or value == "" or c == skip:
            continue
        text = _text(value)
        if text and not _is_label_text(text):
            texts.append(text)
    return " ".join(texts)


def _is_label_text(text: str) -> bool:
    # Labels are at most seven characters ("VIII." is five): most texts skip the pattern.
    return len(text) <= 7 and _matches_label(text.strip())


@functools.lru_cache(maxsize=1024)
def _matches_label(text: str) -> bool:
    return _LABEL_ONLY.match(text) is not None  # the same few labels recur in every row


def _is_label(value: object) -> bool:
    """A cell that holds only a hierarchy label ("a.", "IV.", "3."); the same few labels recur in every row."""
    return isinstance(value, str) and _is_label_text(value)


def _kode_rows(
    grid: SheetGrid,
    header: Header,
    index: RubricIndex,
    percentages: list[tuple[str, int]],
    strays: list[tuple[int, str]],
) -> list[_Row]:
    """The answer rows of a pmprb template, found by their Kode wherever they are.

    A row whose Kode was cleared still counts when its question names an item.
    Rows of group nodes and percentage items (codes that take no answer) are skipped; the percentage rows are
    added to ``percentages`` as (code, row), to say what was typed on them. Rows within the table that are no
    item's (a group's heading, a row without a question) yet hold an entry are added to ``strays`` as (row,
    the group's name or ""), for the same reason.
    """
    structural, by_text, expected, shapes = index.structural, index.by_text, index.plain, index.exact_rows
    unanswerable = index.rows_without_kode
    col = header.columns["kode"]
    answer_col = header.columns["jawaban"]
    evaluator_col = header.columns.get("jawaban_evaluator", -1)
    span = header.hierarchy
    start, stop = span.start, span.stop
    in_span = col in span
    out: list[_Row] = []
    found: list[tuple[int, str]] = []
    for r, cells in enumerate(grid.rows[header.row + 1 :], start=header.row + 1):
        raw = cells[col] if col < len(cells) else None
        # A Kode cell usually holds the code as the rubric spells it: no need to normalise its spacing.
        code = raw if raw in expected or raw in structural else "" if raw is None or raw == "" else _text(raw)
        if code:
            if code in structural:
                if code in index.computed:
                    percentages.append((code, r))
                continue
            # Most rows hold their item's question exactly as the rubric words it, next to its label:
            # that is settled by comparing strings, without assembling the row's text.
            plain = expected.get(code)
            if plain is not None and not in_span:
                texts = cells[start:stop]
                # Workbooks from one template repeat each row's cells: one comparison settles a row seen before.
                if texts == shapes.get(code) or (texts.count(plain) == 1 and _only_labels_besides(texts, plain)):
                    shapes[code] = texts
                    out.append(_Row(code, plain, r, "answer", True))  # (exact: by position, cheaper)
                    continue
            out.append(_Row(code, _row_text(cells, span, col), r))
        else:
            # A row without its Kode (a group row, a separator, the INDEKS row, or a Kode cleared) counts
            # when its text is an item's question: answered or not, it is that item's row (blank, it is
            # said as blank). Group rows recur in every workbook of a template: their verdict is kept.
            shape = tuple(cells[start:stop])
            question = unanswerable.get(shape)
            if question is None:
                question = _row_text(cells, span, col)
                text = normalise_question(question) if question else ""
                if text not in by_text and text not in index.shared:
                    question = ""
                if len(unanswerable) < _MAX_REMEMBERED_ROWS:
                    unanswerable[shape] = question
            if question:
                out.append(_Row("", question, r))
                continue
            answered = answer_col < len(cells) and cells[answer_col] not in (None, "")
            if answered or (0 <= evaluator_col < len(cells) and cells[evaluator_col] not in (None, "")):
                # A row the operator inserted, with a question of their own and an answer: no item of the
                # rubric, so it is not scored, and PMPRB-W203 says so (an answer once vanished without a word).
                text = _row_text(cells, span, col)
                heading = normalise_question(text) in index.node_names.values() if text else False
                if text and not heading and answered:
                    out.append(_Row("", text, r))
                else:
                    # An answer on a group's heading or on a row without a question: seven answers pasted one
                    # row up left the first on the heading, unsaid, and six items with their neighbour's.
                    found.append((r, text if heading else ""))
    # (below the last item: a signature block, a date under the table, which are no answers)
    last = max((row.row for row in out), default=-1)
    strays.extend(s for s in found if s[0] < last)
    return out


def _only_labels_besides(texts: list[object], plain: str) -> bool:
    """Every cell other than the question itself is empty or a hierarchy label."""
    for value in texts:
        if value != "" and value is not None and value != plain and not _is_label(value):
            return False
    return True


def read_submission(
    view: WorkbookView, rubric: Rubric, display_name: str, sha256: str
) -> tuple[Submission, list[Finding]]:
    """Locate the LKE sheet, match every row to the rubric and collect the answers.

    The identity comes from the ``Identitas`` sheet of a pmprb template where there is one, otherwise from
    the rows above the header. Raises :class:`WorkbookError` (PMPRB-E201) when no sheet holds an LKE table.
    """
    findings: list[Finding] = []
    order = sheet_order(view.sheet_names, [LKE_SHEET, "LKE RB", "LKE PMPRB"])
    # A visible LKE sheet before a hidden one: an operator who hid 'LKE' and filled its copy 'LKE (2)' had the
    # hidden sheet's old answers scored (68,57 for the 67,29 the copy gives), and W209 did not say it was hidden.
    too_large: WorkbookError | None = None
    for name in sorted(order, key=lambda n: n in view.hidden_sheets):
        try:
            grid = view.sheet(name)
        except SheetTooLarge as exc:
            # A data sheet of 12 000 rows × 30 before the LKE made the whole workbook unreadable: the table may
            # be on another sheet. Said only when none holds it.
            too_large = too_large or exc
            continue
        header = find_header(grid)
        if header is None:
            continue
        if grid.truncated:
            # (at the first such cell where the reader saw it: "misalnya di kolom XFD" left the operator to search)
            findings.append(
                finding("PMPRB-W108", display_name, sheet=name, cell=grid.beyond, value=f"> {cell_ref(9998, 103)}")
            )
        try:
            submission, findings = _collect(grid, header, rubric, display_name, sha256, findings)
        except WorkbookError as exc:
            raise _naming_its_rubric(exc, view, rubric, header) from None
        # Numbers in %-formatted cells first: "1%" typed as text in such a cell is 1, not a stored fraction of 100.
        submission = _percent_cells_read_as_shown(view, submission, rubric, findings)
        submission = _percent_text_read(submission, rubric, findings)
        submission = _option_text_read(submission, rubric, findings)
        before = submission
        unsaved = {f.cell for f in findings if f.code == "PMPRB-W424"}  # (blank evaluator cells holding formulas)
        submission = _error_values_read_as_shown(view, submission, unsaved)
        if submission is not before:
            # An evaluator's #N/A (a VLOOKUP from a master sheet) is its value, said by W419: not W424's "rumus
            # tanpa hasil tersimpan", whose "simpan ulang di Excel" changes nothing.
            shown = {
                a.evaluator_cell
                for c, a in submission.answers.items()
                if a.evaluator_raw != before.answers[c].evaluator_raw
            }
            findings[:] = [f for f in findings if not (f.code == "PMPRB-W424" and f.cell in shown)]
        for other, compared, differ in _other_lke_sheets(view, submission, rubric):
            # Other answers on a sheet in view: 86 differed, the stale sheet scored 47,18 for the copy's 61,28 as
            # "sah". (A hidden one differing is the sheet the operator put away: said, not an error.)
            code = "PMPRB-E213" if differ and other not in view.hidden_sheets else "PMPRB-W209"
            findings.append(finding(code, display_name, sheet=name, value=other, detail=compared))
        identity = _identity_sheet(view)
        if identity.get("identity_unreadable"):
            findings.append(finding("PMPRB-W213", display_name, sheet=identity["identity_sheet"]))
            identity = {}
        if identity.get("rubric_id") and submission.layout != "template":
            # A pmprb template whose Kode column was deleted or moved: items are matched by their text, and
            # the few whose text repeats are said missing (E202) although their rows are there.
            moved = finding("PMPRB-W212", display_name, sheet=name, value=identity["rubric_id"])
            # Those E202 rows were not deleted: "do not delete question rows" would send the operator looking
            # for rows that are there. Their cure is the Kode column's.
            findings = [
                dataclasses.replace(f, hint=moved.hint) if f.code == "PMPRB-E202" and f.sheet == name else f
                for f in findings
            ]
            findings.append(moved)
        if identity:
            stated, header_period = identity.get("period", ""), submission.period
            if (
                stated
                and header_period
                and not (stated.startswith(header_period) or header_period.startswith(stated))
                # ("Juli" on one sheet, "Bulan Juli" on the other: one period, said once by W216)
                and (month_without_year(stated) or -1) != month_without_year(header_period)
            ):
                # One of the two was edited (last month's file re-dated on one sheet only): say which is used
                # (the head's where no month reads from Identitas: "yang dipakai Juli" was said of 2022-07 used).
                used = _more_specific_period(stated, header_period)
                findings.append(
                    finding(
                        "PMPRB-W305",
                        display_name,
                        sheet=identity["identity_sheet"],
                        cell=identity.get("period@", ""),
                        value=stated,
                        detail=f"{name}: {header_period}; yang dipakai {used}"
                        if language() != "en"
                        else f"{name}: {header_period}; {used} is used",
                    )
                )
            submission = dataclasses.replace(
                submission,
                unit_code=identity.get("unit_code") or submission.unit_code,
                unit_name=capped_name(identity.get("unit_name") or submission.unit_name),
                period=_more_specific_period(identity.get("period", ""), submission.period),
                identity_sheet=identity["identity_sheet"],
                # (the Kabupaten cell only when the name came from it: else from the line above the LKE table)
                identity_cells={
                    k[:-1]: v
                    for k, v in identity.items()
                    if k.endswith("@") and (k != "kabupaten@" or identity.get("kabupaten"))
                },
                rubric_id=identity.get("rubric_id", ""),
                rubric_version=identity.get("rubric_version", ""),
                rubric_checksum=identity.get("rubric_checksum", ""),
                unit_jenis=identity.get("unit_jenis", "").casefold(),
                kabupaten=_pemda_stated(identity.get("kabupaten", ""), submission.kabupaten),
                saved=view.package.saved,
            )
        elif view.package.saved:
            submission = dataclasses.replace(submission, saved=view.package.saved)
        return submission, findings
    if too_large is not None:
        raise too_large
    raise WorkbookError("tidak ada lembar LKE", code="PMPRB-E201", hint=_near_header_hint(view, order))


def _more_specific_period(stated: str, header_period: str) -> str:
    """The Identitas sheet's period, or the LKE head's month where Identitas gives only its year.

    Identitas "2022" over a head still saying 2022-07 (July's file sent again in August) was "periode 2022":
    accepted for August, July's answers ranked as August's progress.
    """
    if stated.isdigit() and len(stated) == 4 and _PERIOD_TEXT.fullmatch(header_period) and header_period[:4] == stated:
        return header_period
    if stated and not _PERIOD_TEXT.fullmatch(stated) and _PERIOD_TEXT.fullmatch(header_period):
        # Identitas written so that no month reads from it, the LKE head's 2022-07 under it: the month that
        # reads (E303 "periode Bulan Juli Tahun 2022, sedangkan yang diproses 2022-07", the unit "belum mengirim").
        return header_period
    return stated or header_period


_PERIOD_TEXT = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _near_header_hint(view: WorkbookView, order: Sequence[str]) -> str:
    """Where a sheet holds LKE headings all but Jawaban or Nilai: the row, and the heading to type again.

    "Tidak ada lembar … jangan ubah judul kolom", without a sheet or cell, for one heading retyped ("Jawaban
    Kami"): the operator had 190 answers and no idea where to look. "" when no sheet comes close.
    """
    best: tuple[int, str, int, dict[str, int]] | None = None
    for name in order:
        try:
            grid = view.sheet(name)
        except WorkbookError:
            continue
        for r in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
            found: dict[str, int] = {}
            for c, value in enumerate(grid.rows[r]):
                key = _title_key(value) if value != "" and value is not None else ""
                if key == "penilaian" and key in found:
                    break  # (as find_header: the official layout's block of the previous year is not this year's)
                if key and key not in found:
                    found[key] = c
            known = len(found.keys() & {"kode", "penilaian", "bobot", "penjelasan", "pilihan", "jawaban", "nilai"})
            if known >= 3 and (best is None or known > best[0]):
                best = (known, name, r, found)
    if best is None:
        return ""
    _, name, r, found = best
    missing = [title for key, title in (("jawaban", "Jawaban"), ("nilai", "Nilai")) if key not in found]
    if not missing:
        return ""
    if missing == ["Jawaban"]:
        # A heading "Jawaban …" pmprb does not take for the answers ("Jawaban 2022": the official form's other
        # years are so titled): its cell, and what to type there. Of two ("Jawaban Juli", "Jawaban Agustus"), both:
        # the first alone was named, and an operator who retyped it had July's answers scored (diffrev23).
        grid = view.sheet(name)
        named = [
            f"{cell_ref(r, c)} '{visible(_clip(_text(value)))}'"
            for c, value in enumerate(grid.rows[r])
            if isinstance(value, str) and value.strip().casefold().startswith("jawaban") and not _title_key(value)
        ]
        if len(named) == 1:
            cell, title = named[0].split(" ", 1)
            return (
                f"Lembar '{visible(name)}' sel {cell} berisi {title}, bukan judul 'Jawaban': ketik Jawaban saja di sel "
                "itu (seperti di templat), lalu kirim ulang."
            )
        if named:
            return (
                f"Lembar '{visible(name)}' baris {r + 1} memuat {', '.join(named[:-1])} dan {named[-1]}, tidak satu "
                "pun berjudul 'Jawaban': ketik Jawaban saja di judul kolom yang berisi jawaban periode yang "
                "dilaporkan, lalu kirim ulang."
            )
    return (
        f"Lembar '{visible(name)}' baris {r + 1} memuat judul kolom LKE, tetapi tanpa judul "
        + ", ".join(f"'{m}'" for m in missing)
        + ": ketik kembali judul itu persis di sel judul kolomnya pada baris itu (seperti di templat), lalu kirim "
        "ulang."
    )


def _naming_its_rubric(exc: WorkbookError, view: WorkbookView, rubric: Rubric, header: Header) -> WorkbookError:
    """PMPRB-E206 of a template whose Identitas names another rubric, told which one; or its own, Kode gone.

    (A zi-2021 template scored with pmprb-2020 read "hanya 93 dari 201 butir", and nobody could tell why. A
    sakip-2021 template whose Kode column was deleted read "12 dari 92 butir" with nothing said of the column:
    its criteria repeat the same texts under every sub-komponen, so only the codes place them.)
    """
    named = _identity_sheet(view).get("rubric_id", "") if exc.code == "PMPRB-E206" else ""
    if named and named == rubric.id and "kode" not in header.columns:
        en = language() == "en"
        said = "; its Kode column is gone" if en else "; kolom Kode-nya tidak ada lagi"
        hint = (
            "Put the Kode column back (undo, or copy it from a fresh template: pmprb template): without it this "
            "rubric's items cannot be told apart, as their texts repeat."
            if en
            else "Kembalikan kolom Kode (batalkan penghapusannya, atau salin dari templat baru: pmprb template): "
            "tanpanya butir rubrik ini tidak dapat dibedakan, karena teksnya berulang."
        )
        return WorkbookError(exc.message + said, code=exc.code, hint=hint)
    if not named or named == rubric.id:
        return exc
    en = language() == "en"
    said = f"; its Identitas sheet names rubric {named}" if en else f"; lembar Identitasnya menyebut rubrik {named}"
    hint = (
        f"Unit operator: fill the template of the rubric the kabupaten uses this period ({rubric.id}), not one of "
        f"{named}. Evaluator: a file meant for {named} is scored on its own: pmprb score FILE --rubric {named}."
        if en
        else f"Operator unit: isi templat rubrik yang dipakai kabupaten periode ini ({rubric.id}), bukan templat "
        f"{named}. Penilai: berkas yang memang untuk {named} dinilai tersendiri: pmprb score BERKAS --rubric {named}."
    )
    return WorkbookError(exc.message + said, code=exc.code, hint=hint)


def _input_code(item: Item, seen: int, first_label: str, label: str, taken: Container[str]) -> str:
    """The code of the ``seen``-th Jumlah row under a percentage item (official layout), labelled ``label``.

    A row whose label is one input's alone is that input wherever it stands: read by place, two rows swapped
    ("Jumlah pelanggaran tahun sebelumnya" below "… tahun ini") changed the LKE ZI index by 1,50 without a
    word, and "Jumlah Sasaran Kinerja" deleted read the row left as the denominator. Otherwise by place: the
    LKE ZI form gives the heading count n1 a Jumlah row of its own, so the rows are n1, n2 …; a pmprb
    template without its Kode column (pmprb-2020's A.III.7.iii.a numbers its inputs from n2) has no such row:
    each count went to the input before its own and n5 was "tidak ada". Rows whose first one is labelled as
    the item's first input are taken in the inputs' order.
    """
    wanted = normalise_question(label)
    named = [f.code for f in item.inputs if normalise_question(f.label) == wanted]
    if len(named) == 1 and named[0] not in taken:
        return named[0]
    codes = [f.code for f in item.inputs]
    if (
        item.inputs
        and f"{item.code}.n1" not in codes
        and normalise_question(first_label) == normalise_question(item.inputs[0].label)
    ):
        return codes[seen - 1] if seen <= len(codes) else ""
    return f"{item.code}.n{seen}"


def _as_scored(scale: Scale | None, raw: object) -> object:
    """An answer as scoring reads it: "ya" and "Ya" are one answer, "3,8" and 3.8 one number."""
    if scale is not None:
        read = parse_choice(scale, raw) if scale.kind == "choice" else parse_number(raw)
        if read is not None:
            return read
    return _text(raw)


# A sheet that may be a copy of the LKE sheet: its name says LKE, or ends as Excel names a copy ("… (2)").
_COPY_NAME = re.compile(r"lke|\(\d+\)\s*$", re.IGNORECASE)


def _other_lke_sheets(view: WorkbookView, scored: Submission, rubric: Rubric) -> list[tuple[str, str, bool]]:
    """The other sheets holding an LKE table too (a copy filled in), how their answers compare, whether any differs.

    A copy filled with other answers is the likeliest mistake: the scored sheet's answers are compared. Only
    sheets named like a copy are parsed, so the few sheets of a template or of the official workbook cost
    nothing more.
    """
    en = language() == "en"
    found = []
    for name in view.sheet_names:
        if name == scored.sheet or not _COPY_NAME.search(name):
            continue
        try:
            grid = view.sheet(name)
            header = find_header(grid)
            if header is None:
                continue
            try:
                copy, _ = _collect(grid, header, rubric, scored.file, "", [])
                # Read as the scored sheet was (91,78% as 91,78; #N/A as its text), or an exact copy of a
                # sheet holding a percentage "differed" from it.
                copy = _percent_cells_read_as_shown(view, copy, rubric, [])
                copy = _percent_text_read(copy, rubric, [])
                copy = _option_text_read(copy, rubric, [])
                copy = _error_values_read_as_shown(view, copy)
            except WorkbookError:
                found.append(
                    (name, "not read as this rubric's LKE" if en else "isinya tidak terbaca sebagai LKE", False)
                )
                continue
        except WorkbookError:
            continue  # an unreadable extra sheet says nothing about the one scored
        scales = rubric.item_scales()
        differ = sum(
            1
            for code, answer in copy.answers.items()
            if code in scored.answers
            and _as_scored(scales.get(code), answer.raw) != _as_scored(scales.get(code), scored.answers[code].raw)
        )
        hidden = ("hidden, " if en else "tersembunyi, ") if name in view.hidden_sheets else ""
        if differ:
            found.append(
                (
                    name,
                    hidden
                    + (
                        (f"{differ} answers differ" if differ != 1 else "1 answer differs")
                        if en
                        else f"jawabannya berbeda di {differ} butir"
                    ),
                    True,
                )
            )
        else:
            found.append((name, hidden + ("the same answers" if en else "jawabannya sama"), False))
    return found


def _error_values_read_as_shown(
    view: WorkbookView, submission: Submission, formula_cells: Container[str] = frozenset()
) -> Submission:
    """Answer cells whose formula gives an error value (#N/A, #DIV/0!) read as that text, not as blank.

    Blank, they were "belum dijawab" while the unit sees #DIV/0! in the cell; as text, the answer is
    reported as not a valid choice or number, naming the error.
    """
    # Only answer cells that read empty yet hold a formula, or any that read empty when the sheet holds an
    # error value somewhere (#N/A typed, or pasted as values), are looked at: one find over the sheet, so a
    # workbook without an error value costs nothing more.
    blank = [a for a in submission.answers.values() if a.raw is None]
    # The cached Nilai and INDEKS too: #DIV/0! there (a Nilai formula broken by hand) read as "never
    # calculated", and the workbook that showed #DIV/0! as its index was "sah" with nothing said.
    shown = [a.cached_cell for a in submission.answers.values() if a.cached_cell and a.cached_value in (None, "")]
    if submission.cached_index_cell and submission.cached_index in (None, ""):
        shown.append(submission.cached_index_cell)
    holds = bool(blank or shown) and view.holds_error_values(submission.sheet)  # (one find over the sheet)
    empty = [a.cell for a in blank if a.is_formula or holds]
    if holds:
        empty += shown
    # The evaluator's column: #N/A from a VLOOKUP (a formula cell that read blank: ``formula_cells``, W424's),
    # or #DIV/0! pasted as a value where the sheet is searched anyway, read as blank: the row kept the unit's
    # answer, said as "rumus tanpa hasil tersimpan" whose "simpan ulang" changes nothing, or not at all.
    empty += [
        a.evaluator_cell
        for a in submission.answers.values()
        if a.evaluator_cell
        and a.evaluator_raw is None
        and not a.evaluator_agreed
        and (a.evaluator_cell in formula_cells or holds)
    ]
    errors = view.error_values(submission.sheet, empty) if empty else {}
    if not errors:
        return submission
    changed = dict(submission.answers)
    for code, a in submission.answers.items():
        if a.cell in errors and a.raw is None:
            changed[code] = a = dataclasses.replace(a, raw=errors[a.cell])
        if a.evaluator_cell in errors and a.evaluator_raw is None and not a.evaluator_agreed:
            changed[code] = a = dataclasses.replace(a, evaluator_raw=errors[a.evaluator_cell])
        if a.cached_cell in errors and a.cached_value in (None, ""):
            changed[code] = dataclasses.replace(a, cached_value=errors[a.cached_cell])
    index = submission.cached_index
    if submission.cached_index_cell in errors and index in (None, ""):
        index = errors[submission.cached_index_cell]
    return dataclasses.replace(submission, answers=changed, cached_index=index)


def _fraction(value: object) -> bool:
    return isinstance(value, float) and 0 < value <= 1


def _entries(a: Answer) -> list[tuple[str, object]]:
    """The unit's and the evaluator's cell of an answer, with what each holds (cells that exist only)."""
    return [(cell, value) for cell, value in ((a.cell, a.raw), (a.evaluator_cell, a.evaluator_raw)) if cell]


def _typed_in(a: Answer, cell: str) -> object:
    return a.raw if cell == a.cell else a.evaluator_raw


def _holding(a: Answer, read: Mapping[str, object], **more: object) -> Answer:
    """The answer with each cell in ``read`` (the unit's or the evaluator's) holding what was read there."""
    evaluator = read.get(a.evaluator_cell, a.evaluator_raw) if a.evaluator_cell else a.evaluator_raw
    return dataclasses.replace(a, raw=read.get(a.cell, a.raw), evaluator_raw=evaluator, **more)  # type: ignore[arg-type]


def _said(code: str, submission: Submission, a: Answer, values: Mapping[str, tuple[str, str]]) -> list[Finding]:
    """One finding per cell read: (value as typed, detail: what it was read as)."""
    return [
        finding(code, submission.file, sheet=submission.sheet, cell=cell, item=a.code, value=value, detail=detail)
        for cell, (value, detail) in values.items()
    ]


_PERCENT_TEXT = re.compile(r"\s*'?\s*([-+]?\d+(?:[.,]\d+)?)\s*%\s*")


def _percent_text_read(submission: Submission, rubric: Rubric, findings: list[Finding]) -> Submission:
    """Answers on a 0–100 scale typed as text with a percent sign ("80%", "'80 %"), read as that number.

    A cell formatted as text (or an apostrophe before the number) keeps "80%" as text: it was E404 and
    counted 0, where the same 80% typed into a number cell is read (PMPRB-I504). On a 0–100 scale the
    number before the sign can mean nothing else; each one read so is said (PMPRB-W425), since the
    workbook's own Nilai and INDEKS formulas do not read text.
    """
    answers = submission.answers
    changed: dict[str, Answer] = {}
    for code in percent_scales(rubric):
        a = answers.get(code)
        if a is None:
            continue
        read: dict[str, float] = {}
        for cell, value in _entries(a):
            if isinstance(value, str) and "%" in value and (typed := _PERCENT_TEXT.fullmatch(value)):
                number = parse_number(typed.group(1))
                if number is not None:
                    read[cell] = number
        if not read:
            continue
        # "0,5%" is half a percent as typed, not a fraction typed for 50 (PMPRB-W412).
        changed[code] = _holding(a, read, percent_cell=a.percent_cell or a.cell in read)
        shown = {cell: f"{n:g}" if language() == "en" else f"{n:g}".replace(".", ",") for cell, n in read.items()}
        findings += _said("PMPRB-W425", submission, a, {c: (str(_typed_in(a, c)).strip(), shown[c]) for c in read})
    if not changed:
        return submission
    return dataclasses.replace(submission, answers={**answers, **changed})


#: The choice an option's text opens with: "a. Telah …", "(b) Sebagian …", "ya, apabila …", "a.Zona …".
_OPTION_OPENING = re.compile(r"\s*\(?([A-Za-z]{1,5})[.):,]\s*(?=\S)")


def _option_key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".;:, ")


@per_rubric
def _option_texts(rubric: Rubric) -> dict[str, dict[str, str]]:
    """Item code → an option's text as compared (with and without its letter) → the choice it describes.

    A text two choices of one item share is left out: it says nothing about which one was meant.
    """
    scales = rubric.item_scales()
    texts: dict[str, dict[str, str]] = {}
    for item in rubric.items():
        scale = scales.get(item.code)
        if not item.options or scale is None or scale.kind != "choice":
            continue
        found: dict[str, str | None] = {}
        for option in item.options:
            opened = _OPTION_OPENING.match(option)
            choice = parse_choice(scale, opened.group(1)) if opened else None
            if opened is None or choice is None:
                continue
            for text in (_option_key(option), _option_key(option[opened.end() :])):
                if len(text) >= 8:  # "tidak ada" and longer; a letter or a word is a spelling, read elsewhere
                    found[text] = choice if found.get(text, choice) == choice else None
        if known := {text: choice for text, choice in found.items() if choice is not None}:
            texts[item.code] = known
    return texts


def _option_text_read(submission: Submission, rubric: Rubric, findings: list[Finding]) -> Submission:
    """Answers that are an option's whole text pasted ("a. Telah membentuk Tim …"), read as that option.

    The text was E402 and counted 0, although it names one option exactly; each one read so is said
    (PMPRB-W426), since the workbook's own Nilai and INDEKS formulas do not read it.
    """
    answers = submission.answers
    # Only texts of eight letters or more can be an option's: most workbooks hold none, and pay nothing more.
    long_texts = [
        code
        for code, a in answers.items()
        if (type(a.raw) is str and len(a.raw) >= 8) or (type(a.evaluator_raw) is str and len(a.evaluator_raw) >= 8)
    ]
    if not long_texts:
        return submission
    options = _option_texts(rubric)
    changed: dict[str, Answer] = {}
    for code in long_texts:
        texts = options.get(code)
        if texts is None:
            continue
        a = answers[code]
        read: dict[str, str] = {}
        for cell, value in _entries(a):
            if isinstance(value, str) and len(value) >= 8 and (choice := texts.get(_option_key(value))):
                read[cell] = choice
        if not read:
            continue
        changed[code] = _holding(a, read)
        typed = {cell: " ".join(str(_typed_in(a, cell)).split()) for cell in read}
        findings += _said(
            "PMPRB-W426", submission, a, {c: (t if len(t) <= 60 else t[:59] + "…", read[c]) for c, t in typed.items()}
        )
    if not changed:
        return submission
    return dataclasses.replace(submission, answers={**answers, **changed})


def _percent_cells_read_as_shown(
    view: WorkbookView, submission: Submission, rubric: Rubric, findings: list[Finding]
) -> Submission:
    """Numeric answers in cells formatted as percentages, read as the number they show.

    Excel stores 91,78% as 0.9178: on a 0–100 scale that scored a hundredth of what the unit sees. On a 0–5
    scale (indeks SPBE) 3,5 typed into a cell pasted with a percent format shows 3,5% and is stored 0.035:
    read so, silently, it scored a hundredth too. Only fractions (0 < x ≤ 1) are looked at, so a workbook
    without one costs nothing more; each one read so is said (PMPRB-I504), with its scale.
    """
    answers = submission.answers
    scales = numeric_scales(rubric)
    asked = [
        ref
        for code in scales
        if (a := answers.get(code)) is not None
        for ref, value in ((a.cell, a.raw), (a.evaluator_cell, a.evaluator_raw))
        if ref and _fraction(value)
    ]
    if not asked:
        return submission
    shown = view.percent_cells(submission.sheet, asked)
    if not shown:
        return submission
    changed = dict(answers)
    for code in scales:
        a = answers.get(code)
        if a is None:
            continue
        # Within the scale only: 1 in a 0% cell on a 0–5 scale read as 100 became E403, counted 0, where it
        # was the 1 typed; on 0–100 every fraction is a percentage within it.
        top = _numeric_tops(rubric)[code]
        read: dict[str, float] = {}
        for cell, value in ((a.cell, a.raw), (a.evaluator_cell, a.evaluator_raw)):
            if not (cell and cell in shown and _fraction(value)):
                continue
            percent = _as_percent(value)
            if percent <= top:
                read[cell] = percent
                continue
            # 95% typed for IPKP (0–4) is stored 0,95 and read so: the unit saw 95%, the score 0,95, unsaid.
            lang = language()
            stored = as_typed(round(percent / 100, 12), lang)
            findings.append(
                finding(
                    # The evaluator's slip is the evaluator's, a warning: as an error at the evaluator's cell it
                    # made the unit's workbook "ada kesalahan" and left it unranked under --invalid skip.
                    "PMPRB-E413" if cell == a.cell else "PMPRB-W437",
                    submission.file,
                    sheet=submission.sheet,
                    cell=cell,
                    item=code,
                    value=Shown(f"{as_typed(percent, 'id')}%", f"{as_typed(percent, 'en')}%"),
                    detail=f"{scales[code]}; stored {stored}"
                    if lang == "en"
                    else f"{scales[code]}; tersimpan {stored}",
                )
            )
        if not read:
            continue
        changed[code] = dataclasses.replace(
            a,
            raw=read.get(a.cell, a.raw),
            evaluator_raw=read.get(a.evaluator_cell, a.evaluator_raw) if a.evaluator_cell else a.evaluator_raw,
            percent_cell=a.cell in read,
        )
        for cell, percent in read.items():
            en = language() == "en"
            shown_text = f"{percent:g}" if en else f"{percent:g}".replace(".", ",")
            on = f"on the {scales[code]} scale" if en else f"pada skala {scales[code]}"
            findings.append(
                finding(
                    "PMPRB-I504",
                    submission.file,
                    sheet=submission.sheet,
                    cell=cell,
                    item=code,
                    # (the value as Indonesian writes it in every language: the JSON differs only in words)
                    value=Shown(f"{percent:g}".replace(".", ",") + "%", f"{percent:g}%"),
                    detail=f"{shown_text} {on}",
                )
            )
    return dataclasses.replace(submission, answers=changed)


@per_rubric
def _numeric_tops(rubric: Rubric) -> dict[str, float]:
    """The top of each numeric answer's scale (the codes of :func:`numeric_scales`)."""
    tops = {n.code: rubric.scales[n.scale].maximum for n in rubric.indicators()}
    tops.update({code: scale.maximum for code, scale in rubric.item_scales().items()})
    return {code: tops[code] for code in numeric_scales(rubric)}


def _as_percent(value: object) -> float:
    # 0.9178 × 100 is 91.78000000000001 in binary; the percentage shown has far fewer than ten decimals.
    assert isinstance(value, float)
    return round(value * 100, 10)


def named_rubric(view: WorkbookView) -> str:
    """The rubric id the Identitas sheet of a pmprb template names ("" for other workbooks)."""
    return _identity_sheet(view).get("rubric_id", "")


def _identity_sheet(view: WorkbookView) -> dict[str, str]:
    """The Submission fields the Identitas sheet of a pmprb template gives (empty for other workbooks)."""
    name = next((n for n in view.sheet_names if n.strip().casefold() == IDENTITY_SHEET.casefold()), None)
    if name is None:
        return {}
    try:
        grid = view.sheet(name)
    except WorkbookError:
        # The identity is a convenience, the answers on the LKE sheet are what counts; but its loss is said
        # (PMPRB-W213): the rubric version, the period and the unit were then checked against nothing, unsaid.
        return {"identity_sheet": name, "identity_unreadable": "1"}
    out: dict[str, str] = {"identity_sheet": name}
    for r in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        label = _text(grid.value(r, 0)).casefold().rstrip(" :")
        key = IDENTITY_FIELDS.get(label)
        raw = grid.value(r, 1)
        value = (
            normalise_period(_from_1900(raw, grid.date1904))
            if key == "period"
            else " ".join(without_hidden_characters(_text(raw)).split())
        )
        if label == "kota" and value:
            value = _as_kota(value)
        if key and f"{key}@" not in out:
            out[f"{key}@"] = cell_ref(r, 1)  # where it stands (or should), for the findings about it
        if key and value and key not in out:
            out[key] = value
    return out


_MONTHS = {
    **{m: n for n, m in enumerate(("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
                                    "september", "oktober", "november", "desember"), start=1)},
    **{m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov",
                                    "des"), start=1)},
    "agt": 8, "ags": 8, "aug": 8, "oct": 10, "dec": 12, "may": 5,
    # Older and everyday Indonesian spellings: "Agst 2022", "Sept", "Nopember", "Pebruari" were "periode lain",
    # the unit unranked and listed as having sent nothing.
    "agst": 8, "agus": 8, "sept": 9, "nop": 11, "nopember": 11, "pebruari": 2, "peb": 2, "pebr": 2, "febr": 2,
    "mrt": 3, "juny": 6, "july": 7, "agust": 8,
    **{m: n for n, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                    "september", "october", "november", "december"), start=1)},
}  # fmt: skip
#: Excel's day 0 (its serials count from 1900-01-01 as day 1, with the false 1900-02-29: from March 1900 on,
#: 1899-12-30 plus the serial is the date), and the serials read as dates: 2000-01-01 to 2099-12-31.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_FIRST_SERIAL, _LAST_SERIAL = 36526, 73051
_YEAR_MONTH = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{4})")
# "Agustus 2022", "Bulan Agustus 2022", "Agustus, 2022", "1 Agustus 2022", "Ags-22" (Excel's mmm-yy as text),
# "Januari '23", "Jan 1, 2023" (a date in English order).
_NAMED_MONTH = re.compile(
    r"(?:(?:bulan|periode)\s+)?(?:\d{1,2}\s*[-/ ]\s*)?([a-z]+)\.?\s*"
    # A day after the month ("Jan 1, 2023") only before a comma or a four-digit year: "Agustus 1922" is 1922,
    # not the 19th of August '22.
    r"(?:\d{1,2}(?:\s*,|\s+(?=\d{4}$)))?,?\s*[-/ ]?\s*['’]?(\d{4}|\d{2})"
)
# What may follow a period and says nothing of it: a time ("2023-01-01 00:00:00", a date turned into text) or a
# note in brackets ("Januari 2023 (revisi)"); each was E303, the unit's month unranked.
# (and an ISO 8601 time, "2022-08-01T00:00:00Z": a date cell as SheetJS and OOXML Strict store it, t="d")
_AFTER_PERIOD = re.compile(
    r"(?:\s+|(?<=\d)t)\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?$|\s*\([^()]*\)$"
)


def _without_note(folded: str) -> str:
    """A period without the time or the note in brackets after it; a note that is another period is kept.

    "Juli 2022 (Agustus 2022)" read as July would be a guess: kept, the period is not read and W310 says so.
    Any other note goes: "(Agustus)", "(per 31/08/2022)", "(kumulatif Januari s.d. Agustus)", "(update 5 Sept)"
    beside August 2022 left the unit's right workbook unranked (E303) when every note naming a month was kept.
    """
    found = _AFTER_PERIOD.search(folded)
    if found is None:
        return folded
    head, note = folded[: found.start()], found.group(0).strip()
    if note.startswith("("):
        said = _read_period(note[1:-1].strip())
        if said is not None and said != _read_period(head):
            return folded
    return head


# "2022 Agustus", "2022-Agustus".
_YEAR_NAMED = re.compile(r"(\d{4})\s*[-/ ,]?\s*([a-z]+)\.?")
# A date typed as text: 01/08/2022 (day first, as Indonesia writes it) or 2022-08-01.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")


_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))


def _ascii_digits(text: str) -> str:
    """Digits of any script as ASCII ones: "２０２２-０８" was read as the period "２０２２-08", another month's."""
    if text.isascii():
        return text
    import unicodedata

    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


_TAHUN = re.compile(r"\btahun\b")


def month_without_year(period: str) -> int | None:
    """The month of a period written as its month alone, without a digit ("Agustus", "Bulan Agustus"), else None.

    (normalise_period reads every period with its year; what it keeps as written is checked here.) Any digit
    is a year written some way ("Agustus 2021.", "Agustus '21", "Agustus (2021)"): last year's August, not this
    one's without its year.
    """
    folded = " ".join(_TAHUN.sub(" ", _ascii_digits(period.casefold())).split())
    if any(ch.isdigit() for ch in folded):
        return None
    found = _MONTH_ALONE.fullmatch(folded)
    if found is None or found.group(1) not in _MONTHS:
        return None
    return _MONTHS[found.group(1)]


# "Agustus", "Bulan Agustus", "agustus.": a month, and nothing else.
_MONTH_ALONE = re.compile(r"(?:(?:bulan|periode)\s+)?([a-z]+)\.?")


#: Days from 1899-12-30 (serial 0 of the 1900 date system) to 1904-01-01 (serial 0 of the 1904 one).
_DAYS_1904 = 1462


def _from_1900(value: object, date1904: bool) -> object:
    """A date serial of a 1904 workbook as the 1900 system numbers that day; anything else as it is.

    A period cell of an old Mac workbook that lost its date format was read a month and four years off
    (43312: 2018-07 for 2022-08), the unit unranked as another month's (writerrev).
    """
    if date1904 and isinstance(value, float | int) and not isinstance(value, bool):
        return value + _DAYS_1904
    return value


_ZONED = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})")


def normalise_period(value: object) -> str:
    """A period as pmprb writes it (2022-07), from how a person or a spreadsheet writes it.

    Excel turns a typed 2022-07 into a date; people write "Juli 2022", "2022-7", "07/2022", "01/07/2022". A value
    none of these fit is kept as it is (the period check then says so).
    """
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as a spreadsheet shows it (Python's "True" reached every output)
    if isinstance(value, float | int):
        if _FIRST_SERIAL <= value < _LAST_SERIAL:
            # A date cell that lost its format shows its serial: 44774 was "periode 44774", the unit unranked.
            dated = _EXCEL_EPOCH + datetime.timedelta(days=int(value))
            return f"{dated.year:04d}-{dated.month:02d}"
        return _text(value)  # 2022.10 typed is the number 2022.1: not read as a month (E303 says so)
    # Hidden characters pasted with it (a zero-width space, a soft hyphen), a dash for the hyphen, and the words
    # of a letter's "Bulan Juli Tahun 2022": each was E303, the unit's July ranked nowhere.
    text = " ".join(without_hidden_characters(_text(value)).split())
    zoned = _ZONED.fullmatch(text)
    if zoned is not None:
        # A date and time with its zone (t="d": SheetJS keeps local midnight in UTC, 1 August in WIB being
        # 2022-07-31T17:00:00Z): its day in the easternmost Indonesian time, where every Indonesian midnight is
        # that day (diffrev13: it read as July).
        with contextlib.suppress(ValueError):
            moment = datetime.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
            # (UTC, however written — Z, +00:00, -0000 — is read on the easternmost Indonesian day; a time with
            # another offset is that place's day: 23:59:59+07:00 on the 31st; diffrev15)
            if moment.utcoffset() == datetime.timedelta(0):
                moment = moment.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
            return f"{moment.year:04d}-{moment.month:02d}"
    folded = " ".join(_TAHUN.sub(" ", _ascii_digits(text.casefold()).translate(_DASHES)).split())
    read = _read_period(_without_note(folded))
    return text if read is None else read


def _read_period(folded: str) -> str | None:
    """TTTT-BB of a period folded as :func:`normalise_period` folds it (no note after it), or None."""
    # (a date typed as text, "01/08/2022", was "periode lain" and the unit went unranked)
    patterns = ((_YEAR_MONTH, 1, 2, 0), (_MONTH_YEAR, 2, 1, 0), (_DAY_MONTH_YEAR, 3, 2, 1), (_YEAR_MONTH_DAY, 1, 2, 3))
    for pattern, year_group, month_group, day_group in patterns:
        found = pattern.fullmatch(folded)
        day = int(found.group(day_group)) if found and day_group else 1
        if found and 1 <= int(found.group(month_group)) <= 12 and 1 <= day <= 31:
            return f"{found.group(year_group)}-{int(found.group(month_group)):02d}"
    named = _NAMED_MONTH.fullmatch(folded)
    if named and named.group(1) in _MONTHS:
        year = named.group(2)
        return f"{year if len(year) == 4 else '20' + year}-{_MONTHS[named.group(1)]:02d}"
    named = _YEAR_NAMED.fullmatch(folded)
    if named and named.group(2) in _MONTHS:
        return f"{named.group(1)}-{_MONTHS[named.group(2)]:02d}"
    return None


def expected_rows(rubric: Rubric) -> tuple[dict[str, str], set[str]]:
    """The codes a workbook answers, each with the text of its row, and the codes that take no answer."""
    expected: dict[str, str] = {}
    for node in rubric.nodes():
        if node.kind in ("indicator", "graded"):
            expected[node.code] = node.name
        for item in node.items:
            if item.computed:
                expected.update({f.code: f.label for f in item.inputs})
            else:
                expected[item.code] = item.question
    structural = {n.code for n in rubric.nodes()} | {i.code for i in rubric.items()}
    return expected, structural - set(expected)


@dataclass(frozen=True)
class RubricIndex:
    """What reading needs of a rubric, computed once per rubric rather than once per workbook."""

    expected: dict[str, str]
    structural: set[str]
    by_text: dict[str, str]
    normalised: dict[str, str]
    plain: dict[str, str]
    computed: dict[str, Item]
    #: The rubric's groups (komponen, area, sub-komponen), each with its name as compared: their rows show
    #: totals.
    node_names: dict[str, str] = field(default_factory=dict)
    #: Texts several rows share ("Jumlah perubahan yang dibuat"), each with its codes in rubric order.
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Each answered code's place in rubric order.
    position: dict[str, int] = field(default_factory=dict)
    #: The hierarchy cells of the last row found to hold exactly its code's question (``_kode_rows``):
    #: the verdict depends on those cells alone, so a row with equal cells needs no second look.
    exact_rows: dict[str, list[object]] = field(default_factory=dict, compare=False)
    #: The hierarchy cells of rows without a Kode, each with the question it names ("" for none): the
    #: group rows of a template, the same in every workbook made from it.
    rows_without_kode: dict[tuple[object, ...], str] = field(default_factory=dict, compare=False)


#: How many row shapes :class:`RubricIndex` remembers (a batch of one template needs about a hundred).
_MAX_REMEMBERED_ROWS = 4096


@per_rubric
def rubric_index(rubric: Rubric) -> RubricIndex:
    """The :class:`RubricIndex` of a rubric (computed once per rubric object)."""
    expected, structural = expected_rows(rubric)
    normalised = {c: normalise_question(q) for c, q in expected.items()}
    texts = Counter(normalised.values())
    # A text shared by several rows (two "Jumlah pegawai" inputs) cannot say which row moved where.
    by_text = {t: c for c, t in normalised.items() if texts[t] == 1}
    plain = {c: " ".join(q.split()) for c, q in expected.items()}
    computed: dict[str, Item] = {}
    for item in rubric.items():
        if item.computed:
            computed[item.code] = item
            computed[normalise_question(item.question)] = item
    shared: dict[str, tuple[str, ...]] = {}
    for c, t in normalised.items():
        if texts[t] > 1:
            shared[t] = (*shared.get(t, ()), c)
    position = {c: n for n, c in enumerate(expected)}
    # (indicators and graded rows are answers, compared as such)
    nodes = {n.code: normalise_question(n.name) for n in rubric.nodes() if n.kind not in ("indicator", "graded")}
    return RubricIndex(expected, structural, by_text, normalised, plain, computed, nodes, shared, position)


def _collect(
    grid: SheetGrid, header: Header, rubric: Rubric, file: str, sha256: str, findings: list[Finding]
) -> tuple[Submission, list[Finding]]:
    index = rubric_index(rubric)
    expected, structural = index.expected, index.structural
    layout: Literal["official", "template"] = "template" if "kode" in header.columns else "official"
    cols = header.columns
    # What the official sheet shows for its groups and percentage items, to compare with the recomputation.
    cached_nodes: list[tuple[str, str, float]] = []
    percentages: list[tuple[str, int]] = []
    strays: list[tuple[int, str]] = []
    if layout == "template":
        rows = _kode_rows(grid, header, index, percentages, strays)
    else:
        walked = _Walker(grid, header, rubric).rows()
        # (a group row is for its Nilai alone: one whose label makes a code the rubric lacks is no question)
        # An item lettered "i." under the sub-level "i." reads as that sub-level's code again: a second row of
        # a structural code, with its choices, is an item all the same, found by its text (pmprb-2020 A.I.3.i.i
        # was "tidak ada" once the Kode column was deleted). LKE ZI's sub-levels "ii.", "iii." come once each.
        seen: set[str] = set()
        rows = []
        for w in walked:
            again = w.code in seen
            seen.add(w.code)
            if w.kind == "group":
                # (an entry typed on a group's row, the official form's too: said as W214 where there is one)
                strays.append((w.row, w.question))
                continue
            if w.code not in structural:
                rows.append(w)
            elif again and w.answerable:
                rows.append(dataclasses.replace(w, code=""))
        if "nilai" in cols:
            # Only rows whose text names their group: the walker does not follow every level of every
            # official form (under LKE ZI's "iii." a further "i." would be taken for the area's "i.").
            names = index.node_names
            cached_nodes += (
                (r.code, cell_ref(r.row, cols["nilai"]), value)
                for r in walked
                if r.code in names
                and _same_name(r.question, names[r.code])
                and _is_number(value := grid.value(r.row, cols["nilai"]))
            )
    reader = _AnswerReader(grid, cols)
    for code, r in percentages:
        findings.extend(reader.typed_over_percentage(r, code, file))
    for r, heading in strays:
        findings.extend(reader.typed_off_items(r, heading, file))
    answers: dict[str, Answer] = {}
    current: Item | None = None  # the percentage item whose Jumlah rows follow (official layout)
    inputs_seen, first_input = 0, ""
    after = -1  # the rubric place of the last item read: a shared text is the next such item (_match)
    for row in rows:
        if row.kind == "input":
            inputs_seen += 1
            first_input = row.question if inputs_seen == 1 else first_input
            code = _input_code(current, inputs_seen, first_input, row.question, answers) if current is not None else ""
            # A Jumlah row the rubric does not read (a total it computes itself) is left alone.
            if code in expected and code not in answers:
                answers[code] = reader.read(row.row, code, row.question)
            continue
        if row.exact or (index.plain.get(row.code) == row.question and row.code not in index.computed):
            found = None  # the row reads exactly as an answered item: no need to compare texts
        else:
            found = index.computed.get(row.code) or index.computed.get(normalise_question(row.question))
        if found is not None:
            current, inputs_seen = found, 0  # the percentage itself is computed, never read
            if layout == "official" and "nilai" in cols and _is_number(shown := grid.value(row.row, cols["nilai"])):
                cached_nodes.append((found.code, cell_ref(row.row, cols["nilai"]), shown))
            continue
        current = None
        matched = row.code if row.exact else _match(row, index, grid, header, file, findings, rubric.id, after, answers)
        if matched is None:
            continue
        code = matched
        after = index.position.get(code, after)
        if code in answers:
            findings.append(
                finding(
                    "PMPRB-E204",
                    file,
                    sheet=grid.name,
                    cell=cell_ref(row.row, cols["jawaban"]),
                    item=code,
                    detail=answers[code].cell,
                )
            )
            continue
        answers[code] = reader.read(row.row, code, row.question)
    if len(answers) * 2 < len(expected):
        read, of = len(answers), len(expected)
        raise WorkbookError(
            f"only {read} of the {of} items of rubric {rubric.id} found on sheet '{grid.name}'"
            if language() == "en"
            else f"hanya {read} dari {of} butir rubrik {rubric.id} ditemukan di lembar '{grid.name}'",
            code="PMPRB-E206",
        )
    findings.extend(_missing_rows(grid, cols, expected, answers, file))
    if layout == "template":
        findings.extend(_rows_out_of_order(grid, index, answers, file))
    findings.extend(_evaluator_formulas_without_results(grid, reader, answers, file))
    if header.repeated or header.renamed:
        findings.extend(_repeated_answer_columns(grid, header, answers, file))
    if grid.merged:
        findings.extend(_answers_under_merges(grid, cols, answers, file))
        _evidence_under_merges(grid, cols, answers, reader, header.row)
    blank = [(code, a) for code, a in answers.items() if a.raw in (None, "")]
    hidden = grid.hidden_rows() if blank else frozenset()  # (looked for only beside a blank answer)
    findings.extend(
        finding("PMPRB-W432", file, sheet=grid.name, cell=a.cell, item=code, value=a.row)
        for code, a in blank
        if a.row - 1 in hidden
    )
    if layout == "template":
        findings.extend(_answers_in_other_columns(grid, cols, rubric, answers, file))
    findings.extend(_evaluator_answers_elsewhere(grid, header, rubric, answers, file, beyond=layout == "template"))
    ident = _identity(grid, header.row)
    total = _index_total(grid, rows, cols) if layout == "template" and rows else None
    return (
        Submission(
            file=file,
            sheet=grid.name,
            layout=layout,
            unit_name=capped_name(ident.get("name", "")),
            unit_code=ident.get("code", ""),
            head_unit=(ident.get("code", ""), ident.get("name", ""), ident.get("code@") or ident.get("name@", "")),
            period=ident.get("period", ""),
            kabupaten=ident.get("kabupaten", ""),
            answers=answers,
            sha256=sha256,
            cached_index=total[1] if total else None,
            cached_index_cell=total[0] if total else "",
            cached_nodes=tuple(cached_nodes),
            evidence_column=column_letter(cols["bukti"]) if "bukti" in cols else "",
        ),
        findings,
    )


def _answers_in_other_columns(
    grid: SheetGrid, cols: dict[str, int], rubric: Rubric, answers: Mapping[str, Answer], file: str
) -> list[Finding]:
    """PMPRB-W418 where an item's Jawaban is blank and another cell of its row holds exactly one of its choices.

    'A' typed in Penjelasan Unit, an answer one column off: the operator saw only "belum dijawab". Only rows
    already missing their answer are looked at, so a filled workbook costs nothing.
    """
    scales = rubric.item_scales()
    # (an answer in Jawaban Evaluator is read: it counts in the verified index, and PMPRB-W417 says when it
    # raises it; "kini dihitung 0" there contradicted the index the unit was ranked by)
    skip = {cols[k] for k in ("kode", "jawaban", "jawaban_evaluator") if k in cols}
    # The Nilai column too, where the choice is typed over its formula (answers typed in Nilai read only as
    # 199 × "belum dijawab"); a Nilai formula whose result is a choice's text is the workbook's own.
    nilai = cols.get("nilai")
    nilai_formulas: frozenset[str] | None = None  # (searched for only once a choice is found there)
    out: list[Finding] = []
    for code, answer in answers.items():
        scale = scales.get(code)
        if answer.raw is not None or scale is None or scale.kind != "choice":
            continue
        choices = {c.casefold(): c for c in scale.choices}
        row = grid.rows[answer.row - 1] if answer.row - 1 < len(grid.rows) else []
        for c, value in enumerate(row):
            if c in skip or not isinstance(value, str) or value.strip().casefold() not in choices:
                continue
            if c == nilai:
                nilai_formulas = grid.formula_cells(nilai) if nilai_formulas is None else nilai_formulas
                if cell_ref(answer.row - 1, c) in nilai_formulas:
                    continue
            out.append(
                finding(
                    "PMPRB-W418",
                    file,
                    sheet=grid.name,
                    cell=cell_ref(answer.row - 1, c),
                    item=code,
                    value=value.strip(),
                    detail=answer.cell,
                )
            )
            break
    return out


def _evaluator_answers_elsewhere(
    grid: SheetGrid, header: Header, rubric: Rubric, answers: Mapping[str, Answer], file: str, *, beyond: bool
) -> list[Finding]:
    """PMPRB-W440 where a choice stands in Catatan Evaluator or right of the table beside a blank Jawaban Evaluator.

    "Tidak" typed in Catatan Evaluator, or a column "Koreksi Evaluator" added after the table: the unit ranked on
    its own answers, "mandiri", with no word of the evaluator's (verifrev: 73,43 where the evaluator's answers gave
    71,18). A note in words is no answer. Right of the table (``beyond``, the template's layout), a column titled
    as the evaluator's, or an untitled one holding a few entries that differ from the unit's answers: not the
    kabupaten's own helper column, filled down or copying Jawaban (diffrev22: 161 W440 of one such column).
    """
    cols = header.columns
    evaluator = cols.get("jawaban_evaluator")
    if evaluator is None:
        return []  # (no column to move them to: such a workbook's evaluator answers are none of pmprb's to find)
    note = cols.get("catatan_evaluator")
    titled: list[int] = []
    untitled: list[int] = []
    right = max(cols.values()) + 1
    width = max(map(len, grid.rows), default=0) if beyond else 0
    if width > right:
        # (by column, each looked at once in C: a value at CZ5 made every row's 90 cells looked at per answer)
        copies = {c for found in header.repeated.values() for c in found} | {c for c, _ in header.renamed}
        sparse = max(3, len(answers) // 10)
        columns = itertools.zip_longest(*(row[right:width] for row in grid.rows), fillvalue="")
        for c, column in enumerate(columns, start=right):
            filled = len(column) - column.count("") - column.count(None)
            if not filled or c in copies:
                continue
            words = set(_NON_ALNUM.sub(" ", _text(grid.value(header.row, c) or "").casefold()).split())
            if words & (_EVALUATOR_WORDS | {"koreksi"}):
                titled.append(c)
            elif not words and filled <= sparse:
                untitled.append(c)
    if note is None and not titled and not untitled:
        return []
    # (the usual workbook: the notes as read, a short one only looked at closer)
    others = titled + untitled
    looked = answers.items() if others else [(k, a) for k, a in answers.items() if 0 < len(a.evaluator_note) <= 24]
    if not looked:
        return []
    scales = rubric.item_scales()
    out: list[Finding] = []
    for code, answer in looked:
        if answer.evaluator_raw is not None or answer.evaluator_agreed:
            continue
        scale = scales.get(code)
        if scale is None or scale.kind != "choice":
            continue
        row = grid.rows[answer.row - 1] if answer.row - 1 < len(grid.rows) else []
        noted = note is not None and 0 < len(answer.evaluator_note) <= 24
        for c in [note, *others] if noted and note is not None else others:
            value = row[c] if c < len(row) else None
            if not isinstance(value, str) or len(value) > 24 or not value.strip():
                continue
            chosen = parse_choice(scale, value.strip())  # (as Jawaban Evaluator reads it: "T", "Tdk", "(c)", "Ｃ")
            if chosen is None or (c in untitled and chosen == parse_choice(scale, answer.raw)):
                continue
            out.append(
                finding(
                    "PMPRB-W440",
                    file,
                    sheet=grid.name,
                    cell=cell_ref(answer.row - 1, c),
                    item=code,
                    value=value.strip(),
                    detail=cell_ref(answer.row - 1, evaluator),
                )
            )
            break
    return out


#: How far below the last answer row a template's INDEKS row is looked for (pmprb writes it two rows below).
_INDEX_ROW_WINDOW = 20
_INDEX_LABEL_COLUMNS = 4


def _index_total(grid: SheetGrid, rows: list[_Row], cols: dict[str, int]) -> tuple[str, object] | None:
    """The reference and cached value of a template's INDEKS cell (in the Nilai column), when there is one.

    It is the number a reader of the workbook sees as the unit's index: pmprb compares it with its own.
    """
    nilai = cols.get("nilai")
    if nilai is None:
        return None
    last = rows[-1].row  # rows come in sheet order
    for r in range(last + 1, min(len(grid.rows), last + 1 + _INDEX_ROW_WINDOW)):
        # The label stands in the first columns (B in the template; C once a column is inserted before it).
        for v in grid.rows[r][: min(nilai, _INDEX_LABEL_COLUMNS)]:
            if v and isinstance(v, str) and v.strip().casefold() == "indeks":
                return cell_ref(r, nilai), grid.value(r, nilai)
    return None


def _same_name(text: str, name: str) -> bool:
    found = normalise_question(text)
    return bool(found) and (found == name or name.startswith(found) or found.startswith(name))


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _match(
    row: _Row,
    index: RubricIndex,
    grid: SheetGrid,
    header: Header,
    file: str,
    findings: list[Finding],
    rubric_id: str,
    after: int = -1,
    taken: Container[str] = (),
) -> str | None:
    """The rubric code a row stands for: by code, confirmed by the text, or by the text alone.

    A row without its code whose text several items share (the Kode column cleared) is the first of
    them, in rubric order, after the item read last (``after``) and not yet ``taken``: where the row
    stands says which one it is, as in the official layout.
    """
    by_text = index.by_text
    if index.plain.get(row.code) == row.question:
        return row.code  # the row reads exactly as the rubric: nothing to compare further
    found = normalise_question(row.question)
    sheet = grid.name
    if row.code in index.expected:
        want = index.normalised[row.code]
        if not found or found == want:
            return row.code
        moved = by_text.get(found)
        if moved is not None:
            # A row moved or inserted: its text says which item it is, before a text read as shortened or
            # lengthened ("Jumlah Sasaran Kinerja" is the start of "… yang tercapai 100% atau lebih").
            return moved
        # A text several rows share ("Jumlah Perubahan yang dibuat"): the one of them not yet read nearest to the
        # row's Kode. Two Jumlah rows swapped with their Kode left behind were E202 + E204 and the item 0.
        free = [c for c in index.shared.get(found, ()) if c not in taken]
        if free:
            return min(free, key=lambda c: abs(index.position[c] - index.position[row.code]))
        if want.startswith(found) or found.startswith(want):
            return row.code
        if difflib.SequenceMatcher(None, found, want).ratio() < 0.6:
            where = _question_ref(grid, header, row.row)
            findings.append(finding("PMPRB-W205", file, sheet=sheet, cell=where, item=row.code, value=row.question))
        return row.code
    moved = by_text.get(found)
    if moved is not None:
        return moved
    for code in index.shared.get(found, ()):
        if index.position[code] > after and code not in taken:
            return code
    where = _question_ref(grid, header, row.row)
    findings.append(
        finding("PMPRB-W203", file, sheet=sheet, cell=where, value=row.question or row.code, detail=rubric_id)
    )
    return None


def _question_ref(grid: SheetGrid, header: Header, r: int) -> str:
    """The cell of a row that holds its question: the longest text among the hierarchy columns."""
    cells = grid.rows[r] if r < len(grid.rows) else []
    best, at = -1, header.hierarchy.start
    for c in header.hierarchy:
        value = cells[c] if c < len(cells) else None
        length = len(value) if isinstance(value, str) else -1
        if length > best:
            best, at = length, c
    return cell_ref(r, at)


# What evaluators write in their column to say "agreed, no change": not an answer of the scale.
_AGREED = frozenset({"-", "–", "—", "sesuai", "setuju", "ok", "oke", "benar", "✓", "✔", "√", "v", "✅", "☑", "👍"})


def _no_evaluator_answer(text: str) -> bool:
    """A space, or a mark of agreement: counted as an answer it scored the item 0 in the verified index."""
    return not text.strip() or _agreed(text)


def _agreed(text: str) -> bool:
    """A mark of agreement: the evaluator checked the row and kept the unit's answer."""
    # (✔️ pasted from a phone carries U+FE0F, the emoji presentation selector, after the ✔; iOS and macOS the
    # text one, U+FE0E)
    return text.replace("\ufe0f", "").replace("\ufe0e", "").strip().casefold().rstrip(".") in _AGREED


#: The longest Bukti Dukung (and Catatan Evaluator) text kept, in characters: some fifty links. Cells of 31 000
#: characters (Excel allows 32 767) in 80 workbooks within every file bound took `merge` and `run` to 2,9 GB,
#: the rekap to 235 MB; a longer text is kept cut, ending in "…".
MAX_EVIDENCE = 4000


def _capped(text: str) -> str:
    """A Bukti Dukung or Catatan Evaluator text of at most :data:`MAX_EVIDENCE` characters, ending "…" if cut."""
    return text if len(text) <= MAX_EVIDENCE else text[: MAX_EVIDENCE - 1].rstrip() + "…"


def _note_as_typed(value: object) -> str:
    """A Penjelasan Unit cell as the sheet shows it: its text with its lines, 0, 1,5, TRUE (not Python's True)."""
    if isinstance(value, str):
        return _capped(value.strip())
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return as_typed(value) if isinstance(value, float) else _text(value)


class _AnswerReader:
    """Reads the answer cells of one row; the columns and their letters are looked up once per sheet."""

    def __init__(self, grid: SheetGrid, cols: dict[str, int]) -> None:
        self.rows = grid.rows
        self.sheet = grid.name
        self.jawaban = cols["jawaban"]
        self.evaluator = cols.get("jawaban_evaluator")
        self.note = cols.get("catatan_evaluator")
        self.unit_note = cols.get("penjelasan_unit")
        self.bukti = cols.get("bukti")
        self.nilai = cols.get("nilai")
        self.jawaban_letter = column_letter(self.jawaban)
        self.evaluator_letter = column_letter(self.evaluator) if self.evaluator is not None else ""
        self.nilai_letter = column_letter(self.nilai) if self.nilai is not None else ""
        # An answer typed as a formula is reported, and an evaluator's formula without a result (one pass).
        self.formulas = grid.formula_cells(*(c for c in (self.jawaban, self.evaluator) if c is not None))
        self.bukti_letter = column_letter(self.bukti) if self.bukti is not None else ""
        self.links = grid.link_targets(self.bukti) if self.bukti is not None else {}
        # Rows at least this wide hold every column read (calamine's grids are rectangular).
        self.wide = 1 + max(
            c
            for c in (self.jawaban, self.evaluator, self.note, self.unit_note, self.bukti, self.nilai)
            if c is not None
        )

    def typed_over_percentage(self, r: int, code: str, file: str) -> list[Finding]:
        """PMPRB-W420 for a figure typed on a percentage row, which is computed from its Jumlah rows.

        An evaluator's 20 on "% (otomatis)" (the column is open on every row) was ignored without a word.
        """
        row = self.rows[r] if r < len(self.rows) else []
        out: list[Finding] = []
        for col, letter in ((self.jawaban, self.jawaban_letter), (self.evaluator, self.evaluator_letter)):
            value = row[col] if col is not None and col < len(row) else None
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if col == self.evaluator and (value is True or (isinstance(value, str) and _agreed(value))):
                continue  # "sesuai" down the evaluator's column is agreement, not a figure typed here
            # A number as the finding's language writes it (0,75, not 0.75): finding() formats floats itself.
            shown = value if isinstance(value, float) else _text(value)[:40]
            out.append(finding("PMPRB-W420", file, sheet=self.sheet, cell=f"{letter}{r + 1}", item=code, value=shown))
        return out

    def evidence_at(self, r: int) -> tuple[str, str]:
        """The Bukti Dukung cell of a row: the text it shows and the link it points to ("" for none)."""
        if self.bukti is None:
            return "", ""
        row = self.rows[r] if r < len(self.rows) else []
        value = row[self.bukti] if self.bukti < len(row) else None
        shown = "" if value is None or value == "" else _capped(_text(value))
        return shown, self.links.get(f"{self.bukti_letter}{r + 1}", "") if self.links else ""

    def typed_off_items(self, r: int, heading: str, file: str) -> list[Finding]:
        """PMPRB-W214 for what is typed on a row within the table that is no item's (see :func:`_kode_rows`)."""
        row = self.rows[r] if r < len(self.rows) else []
        name = heading if len(heading) <= 60 else heading[:59] + "…"
        # ("baris itu baris tanpa pertanyaan butir, bukan baris butir" said the row twice; operrev)
        what = f"baris itu judul '{name}', bukan baris butir" if heading else "baris itu tidak memuat pertanyaan butir"
        if language() == "en":
            what = (
                f"that row is the heading '{name}', not an item's row"
                if heading
                else "that row holds no item's question"
            )
        out: list[Finding] = []
        for col, letter in ((self.jawaban, self.jawaban_letter), (self.evaluator, self.evaluator_letter)):
            value = row[col] if col is not None and col < len(row) else None
            if value is None or (isinstance(value, str) and (not value.strip() or _agreed(value))):
                continue  # ("Sesuai" on a heading, for the whole group; a form's "-": no entry either way)
            shown = value if isinstance(value, float) else _text(value)[:40]
            out.append(finding("PMPRB-W214", file, sheet=self.sheet, cell=f"{letter}{r + 1}", value=shown, detail=what))
        return out

    def read(self, r: int, code: str, question: str) -> Answer:
        row = self.rows[r] if r < len(self.rows) else []
        evaluator_col, bukti, nilai, note_col = self.evaluator, self.bukti, self.nilai, self.note
        unit_col = self.unit_note
        if len(row) >= self.wide:
            raw = row[self.jawaban]
            evaluator = row[evaluator_col] if evaluator_col is not None else None
            evidence = row[bukti] if bukti is not None else None
            cached = row[nilai] if nilai is not None else None
            note = row[note_col] if note_col is not None else None
            unit_note = row[unit_col] if unit_col is not None else None
        else:
            width = len(row)
            raw = row[self.jawaban] if self.jawaban < width else None
            evaluator = row[evaluator_col] if evaluator_col is not None and evaluator_col < width else None
            evidence = row[bukti] if bukti is not None and bukti < width else None
            cached = row[nilai] if nilai is not None and nilai < width else None
            note = row[note_col] if note_col is not None and note_col < width else None
            unit_note = row[unit_col] if unit_col is not None and unit_col < width else None
        # The row as the sheet numbers it, made once for the references below (an f-string each cost more).
        number = str(r + 1)
        ref = self.jawaban_letter + number
        if evidence is None or evidence == "":
            shown = ""
        elif isinstance(evidence, str):
            shown = _capped(" ".join(evidence.split()))  # (what _text does with a text, without the call)
        else:
            shown = _text(evidence)
        link = self.links.get(self.bukti_letter + number, "") if self.links else ""
        # An evaluator's space or mark of agreement is no answer (see _no_evaluator_answer); an empty cell, the
        # usual one, is looked at no further.
        agreed = False
        if evaluator == "":
            evaluator = None
        elif isinstance(evaluator, str):
            agreed = _agreed(evaluator)
            if agreed or not evaluator.strip():
                evaluator = None
        elif evaluator is True:
            # "benar" typed where LibreOffice's Indonesian locale makes it the boolean BENAR, or a ticked
            # checkbox: agreement, as the text "benar" is (W419 quoted a 'TRUE' the evaluator never typed).
            agreed, evaluator = True, None
        # Empty cells read as "" from calamine; an absent answer, evaluator answer or cached value is None.
        # Every field is given by position, in Answer's order: keywords cost a third more per answer.
        return Answer(
            code,
            None if raw == "" else raw,
            self.sheet,
            ref,
            r + 1,
            shown or link,  # a HYPERLINK formula saved without its value shows nothing: its link is the evidence
            None if cached == "" else cached,
            evaluator,
            self.evaluator_letter + number if evaluator_col is not None else "",
            ref in self.formulas,
            question,
            self.nilai_letter + number if nilai is not None else "",
            # evidence_link: a link whose shown text differs, or one to a file beside the workbook shown as its own
            # name ("monev.pdf", as Excel shows a link to a file in its folder), which W434 reads as a link
            link if link and ((shown and link != shown) or names_local_file(link, link=True)) else "",
            False,  # percent_cell
            _capped(" ".join(_text(note).split())) if note is not None and note != "" else "",  # evaluator_note
            agreed,  # evaluator_agreed
            "",  # evidence_from
            # unit_note: kept as typed, its lines too (what the operator wrote goes back into next month's file)
            "" if unit_note is None or unit_note == "" else _note_as_typed(unit_note),
        )


def _evaluator_formulas_without_results(
    grid: SheetGrid, reader: _AnswerReader, answers: Mapping[str, Answer], file: str
) -> list[Finding]:
    """PMPRB-W424 at each blank evaluator cell that holds a formula saved without its result (by a script).

    Read as blank, the row kept the unit's answer without a word, and a column of such formulas was a
    verification nobody heard of. The reader's one formula pass covers the evaluator's column; the sheet is
    searched again only when some blank evaluator cell holds a formula, to leave out those saved with an
    empty text result (a spreadsheet's =IF(…;"";…) is answered: blank).
    """
    if reader.evaluator is None:
        return []
    blank = {a.evaluator_cell: code for code, a in answers.items() if a.evaluator_raw in (None, "")}
    if blank.keys().isdisjoint(reader.formulas):
        return []
    unsaved = grid.formula_cells(reader.evaluator, without_text_result=True)
    return [
        finding("PMPRB-W424", file, sheet=grid.name, cell=cell, item=code)
        for cell, code in blank.items()
        if cell in unsaved
    ]


def sha256_of(data: bytes) -> str:
    """SHA-256 hex digest of bytes."""
    return hashlib.sha256(data).hexdigest()
