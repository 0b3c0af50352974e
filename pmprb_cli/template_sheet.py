"""The LKE sheet of a template, as data: which row holds what, where each column is, and each Nilai formula.

Pure functions over a :class:`~pmprb_cli.models.Rubric`; :mod:`pmprb_cli.template` writes the result with
xlsxwriter. The formulas follow the official workbook's nested IFs (item value from the answer; sub-komponen
= AVERAGE × bobot; groups are sums), so an OPD sees its score while filling. pmprb never scores from them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pmprb_cli.models import Dependency, Item, Node, Rubric, Scale
from pmprb_cli.registry import Unit
from pmprb_cli.workbook import cell_ref, usulan_sheet

HEADER_ROW = 7  # 0-based: the header sits on sheet row 8, below the identity rows
TRAILING_TITLES = (
    "Bobot",
    "Penjelasan",
    "Pilihan Jawaban",
    "Jawaban",
    "Nilai",
    "Bukti Dukung",
    "Penjelasan Unit",
    "Jawaban Evaluator",
    "Catatan Evaluator",
)
RowKind = Literal["group", "sub", "graded", "indicator", "item", "computed", "input"]


@dataclass(frozen=True)
class Row:
    """One row of the LKE sheet below the header: a node, an item or an input field of a percentage item."""

    kind: RowKind
    depth: int
    code: str
    label: str
    text: str
    node: Node | None = None
    item: Item | None = None


@dataclass(frozen=True)
class Columns:
    """Column positions (0-based): the hierarchy is as deep as the rubric, the other columns follow it."""

    text: int
    bobot: int
    penjelasan: int
    pilihan: int
    jawaban: int
    nilai: int
    bukti: int
    unit: int
    evaluator: int
    catatan: int

    @classmethod
    def at_depth(cls, depth: int) -> Columns:
        """Labels of depth d sit in column 1 + d; question texts in the last hierarchy column (F for depth 3)."""
        first = 3 + depth
        return cls(2 + depth, *range(first, first + len(TRAILING_TITLES)))


def plan_rows(rubric: Rubric) -> list[Row]:
    """Every row of the LKE sheet in rubric order: each node, its items, and each item's input rows under it."""
    rows: list[Row] = []

    def visit(node: Node, depth: int) -> None:
        kind: RowKind = "group" if node.kind == "group" else node.kind
        rows.append(Row(kind, depth, node.code, _label(node.code), node.name, node=node))
        for child in node.children:
            visit(child, depth + 1)
        for item in node.items:
            kind = "computed" if item.computed else "item"
            rows.append(Row(kind, depth + 1, item.code, _label(item.code), item.question, item=item))
            rows.extend(Row("input", depth + 2, f.code, "", f.label, item=item) for f in item.inputs)

    for root in rubric.roots:
        visit(root, 0)
    return rows


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines a text takes in a column of ``width`` characters (xlsxwriter cannot measure)."""
    if not text:
        return 1
    # Widths count "0" characters; most letters are narrower, bold ones are not: a line or so to spare.
    per_line = max(1, int(width) - 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _label(code: str) -> str:
    return code.rsplit(".", 1)[-1] + "."


def _num(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _quote(text: str) -> str:
    return text.replace('"', '""')


def cell_ranges(rows: Sequence[int], col: int) -> list[str]:
    """Cells of one column as the fewest ranges: rows 9, 10, 11, 15 → K10:K12, K16."""
    out: list[str] = []
    ordered = sorted(rows)
    start = prev = ordered[0]
    for r in [*ordered[1:], -2]:
        if r != prev + 1:
            out.append(cell_ref(start, col) if start == prev else f"{cell_ref(start, col)}:{cell_ref(prev, col)}")
            start = r
        prev = r
    return out


def _is_answer(ref: str, scale: Scale, answer: str) -> str:
    """A condition true when a cell holds one answer of a scale, in any spelling pmprb reads as it.

    Excel compares text without case, as pmprb does, and TRIM drops the spaces around it; the rubric's
    other spellings ("WTP" for Wajar Tanpa Pengecualian, "tdk" for Tidak) are listed, so that the Nilai a
    unit sees in its own workbook is the one pmprb scores (the Opini cell showed 0 for "WTP": 3 points off).
    """
    spelt = sorted({answer.casefold(), *(s for s, a in scale.spellings.items() if a == answer)})
    if len(spelt) == 1:
        return f'TRIM({ref})="{_quote(answer)}"'
    # One comparison each, not TRIM(K51)={"ada","iya",…}: Gnumeric compares an array constant with its first
    # element only, so every "Ya" showed 0 there (INDEKS 58,29 CC for pmprb's 61,28 B). Nor MATCH: its
    # wildcards would take "*" for any answer.
    return "OR(" + ",".join(f'TRIM({ref})="{_quote(s)}"' for s in spelt) + ")"


class Formulas:
    """The live Nilai formula of every row, in the spirit of the official nested IFs."""

    def __init__(self, rubric: Rubric, cols: Columns, row_of: Mapping[str, int], *, usulan: bool = False) -> None:
        self.rubric = rubric
        self.cols = cols
        self.row_of = row_of
        #: The kabupaten LKE (usulan): its Jawaban column holds the assessors' consensus, whose grades stand.
        self.usulan = usulan
        self.deps: dict[str, list[Dependency]] = {}
        for dep in rubric.dependencies:
            if dep.enforce == "score":
                self.deps.setdefault(dep.item, []).append(dep)

    def _j(self, code: str) -> str:
        return cell_ref(self.row_of[code], self.cols.jawaban)

    def _k(self, code: str) -> str:
        return cell_ref(self.row_of[code], self.cols.nilai)

    def _g(self, code: str) -> str:
        return cell_ref(self.row_of[code], self.cols.bobot)

    def _average(self, codes: Sequence[str]) -> str:
        return f"AVERAGE({','.join(cell_ranges([self.row_of[c] for c in codes], self.cols.nilai))})"

    def total(self, codes: Sequence[str]) -> str:
        """``SUM`` of the Nilai cells of these rows (a group: its children; the index: the komponen)."""
        return f"SUM({','.join(cell_ranges([self.row_of[c] for c in codes], self.cols.nilai))})"

    def _choice(self, ref: str, scale: Scale) -> str:
        expr = "0"
        for answer, value in reversed(list(scale.values.items())):
            if value:
                expr = f"IF({_is_answer(ref, scale, answer)},{_num(value)},{expr})"
        return expr

    def _number(self, ref: str, scale: Scale, divisor: float) -> str:
        lo, hi = _num(scale.minimum), _num(scale.maximum)
        return f"IF(AND(ISNUMBER({ref}),{ref}>={lo},{ref}<={hi}),{ref}/{_num(divisor)},0)"

    def item(self, item: Item) -> str:
        """An item's value in [0, 1] from its answer (or its input rows), after its ``score`` dependencies."""
        if item.computed:
            expr = self._computed(item)
        else:
            scale = self.rubric.scales[item.scale]
            ref = self._j(item.code)
            expr = self._choice(ref, scale) if scale.kind == "choice" else self._number(ref, scale, scale.maximum)
        for dep in self.deps.get(item.code, ()):
            if dep.kind == "scale":
                expr = f"({expr})*{self._k(dep.source)}"
            else:
                source = self.rubric.item_scales().get(dep.source)
                gate = ",".join(
                    _is_answer(self._j(dep.source), source, a) if source else f'{self._j(dep.source)}="{_quote(a)}"'
                    for a in dep.answers
                )
                if source is not None and source.kind == "choice":
                    # A gate left blank counts as its worst answer, as pmprb scores it (scoring.dependent_value):
                    # the sheet kept d and e whole, 99,92 beside pmprb's 99,76. Blank only: an entry pmprb reads
                    # and the sheet's spellings do not ("Ya.") would zero d and e here, and W411 blame their
                    # answers (an invalid entry is said at the gate, E402, and fixed there).
                    gate += f',TRIM({self._j(dep.source)})=""'

                expr = f"IF(OR({gate}),0,{expr})"
        return "=" + expr

    def _computed(self, item: Item) -> str:
        top = ",".join(self._j(c) for c in item.numerator)
        bottom = ",".join(self._j(c) for c in item.denominator)
        used = len(item.numerator) + len(item.denominator)
        # A negative count is no count (pmprb: PMPRB-E403, the percentage 0): the Nilai showed -1 for -5 of 5, and
        # 0,583 for a sum with one negative count that pmprb scored 0.
        if item.formula == "decrease":
            b, a = self._j(item.numerator[0]), self._j(item.denominator[0])  # before, after
            decrease = self._percent(f"MAX(0,({b}-{a})/{b})")
            return f"IF(COUNT({b},{a})<2,0,IF(MIN({b},{a})<0,0,IF({b}=0,IF({a}=0,1,0),{decrease})))"
        zero = "1" if item.zero_denominator == "one" else "0"
        share = self._percent(f"MIN(SUM({top})/SUM({bottom}),1)")
        return f"IF(COUNT({top},{bottom})<{used},0,IF(MIN({top},{bottom})<0,0,IF(SUM({bottom})=0,{zero},{share})))"

    def _percent(self, expr: str) -> str:
        """A percentage item's share, rounded as the rubric says (ROUND is half away from zero: half up here)."""
        decimals = self.rubric.percent_decimals
        return expr if decimals is None else f"ROUND({expr},{decimals})"

    def node(self, node: Node) -> str:
        """A node's points: sub-komponen AVERAGE × bobot, graded grade × bobot, indicator conversion, group SUM."""
        if node.kind == "sub":
            return f"={self._average([i.code for i in node.items])}*{self._g(node.code)}"
        if node.kind == "graded":
            scale = self.rubric.scales[node.scale]
            derived = _num(scale.values[scale.choices[-1]])
            share = self._average([i.code for i in node.items])
            for minimum, grade in reversed(node.derive):
                derived = f"IF({share}>={_num(minimum)},{_num(scale.values[grade])},{derived})"
            ref = self._j(node.code)
            # The unit's own grade counts as far as its criteria carry it (PMPRB-W423, PMPRB-W427), as pmprb
            # scores it: the sheet's INDEKS showed 80,00 for BB typed everywhere over blank criteria.
            given = self._choice(ref, scale)
            if self.rubric.unit_grade_by_criteria and not self.usulan:
                given = f"MIN({given},{derived})"
            return f'=IF(TRIM({ref})="",{derived},{given})*{self._g(node.code)}'
        if node.kind == "indicator":
            scale = self.rubric.scales[node.scale]
            ref = self._j(node.code)
            if node.conversion == "linear":
                return f"={self._number(ref, scale, node.divisor)}*{self._g(node.code)}"
            if node.conversion == "choice":
                return f"={self._choice(ref, scale)}*{self._g(node.code)}"
            return f"={self._choice(ref, scale)}"
        return f"={self.total([c.code for c in node.children])}"

    def predikat(self, index_ref: str) -> str:
        """The predikat of the index cell, rounded to the rubric's decimals first as pmprb does."""
        bands = self.rubric.predikat
        shown = f"ROUND({index_ref},{self.rubric.predikat_decimals})"
        expr = f'"{_quote(bands[-1].code)}"'
        for band in reversed(bands[:-1]):
            op = ">=" if band.lower_inclusive else ">"
            expr = f'IF({shown}{op}{_num(band.lower)},"{_quote(band.code)}",{expr})'
        return "=" + expr


def guide_lines(rubric: Rubric, unit: Unit, period: str, *, usulan: bool = False, word: str = "kabupaten") -> list[str]:
    """The lines of the Petunjuk sheet: how to fill the workbook, and the answer scales with their values.

    ``usulan``: the kabupaten LKE export writes, for the assessors (its Petunjuk told them to send it to the
    Bagian Organisasi, as a unit's does); ``word``: what the pemda is called (:func:`checks.pemda_word`).
    """
    lines = [
        "PETUNJUK PENGISIAN LEMBAR KERJA EVALUASI (LKE)",
        f"Buku kerja ini untuk {unit.nama} (kode {unit.kode}), periode {period}, "
        f"rubrik {rubric.id} versi {rubric.version}: {rubric.title}.",
        "",
        "1. Isi lembar LKE. Unit hanya mengisi sel berwarna kuning: kolom Jawaban, Bukti Dukung dan Penjelasan Unit.",
        "2. Jawaban dipilih dari daftar (klik sel Jawaban, lalu panah di sebelah kanannya). Kolom Penjelasan "
        "menjelaskan arti setiap pilihan.",
        "3. Isian angka diketik sebagai angka saja, tanpa satuan atau tanda persen; desimal memakai pemisah yang "
        "biasa di komputer Anda.",
        "4. Baris bertanda '% (otomatis)' dihitung dari baris 'Jumlah' tepat di bawahnya: isi angka pada baris-baris "
        "Jumlah itu, bukan pada baris persentasenya.",
        "5. Bukti Dukung: tulis nama dokumen (misalnya nomor dan judul SK, judul laporan) atau tautan ke folder "
        "dokumen. Penjelasan Unit: keterangan singkat bila jawaban perlu dijelaskan.",
        "6. Kolom Jawaban Evaluator dan Catatan Evaluator (hijau) diisi oleh tim evaluator, bukan oleh unit.",
        "7. Kolom Nilai menghitung sendiri sebagai gambaran saat mengisi. Nilai resmi selalu dihitung ulang oleh "
        "pmprb dari jawaban; jawaban kosong atau tidak sah dihitung 0 dan dilaporkan.",
        "8. Jangan mengubah kolom Kode, teks pertanyaan atau nama lembar, dan jangan menghapus baris. Baris yang "
        "dihapus dilaporkan sebagai butir yang tidak ditemukan dan bernilai 0.",
        "9. Lembar dikunci tanpa kata sandi hanya untuk mencegah salah ketik pada bagian yang tidak perlu diisi.",
        "10. Simpan sebagai .xlsx (Excel atau LibreOffice) dengan nama berkas yang sama, lalu kirim kepada "
        "Bagian Organisasi.",
    ]
    # (LKE AKIP and LKE RB 2014 were told how to type numbers and fill "% (otomatis)" rows they do not have)
    kinds = {rubric.scales[i.scale].kind for i in rubric.items() if not i.computed and i.scale in rubric.scales}
    computed = any(i.computed for i in rubric.items())  # (their Jumlah rows are numbers typed)
    if "number" not in kinds and not computed:
        lines[5] = "3. Semua jawaban rubrik ini dipilih dari daftar; tidak ada isian angka."
    if not computed:
        lines[6] = "4. Rubrik ini tidak memiliki baris persentase yang dihitung otomatis."
    if usulan:
        lines[3] = (
            f"1. Lembar LKE berisi usulan jawaban {word} yang disusun pmprb dari jawaban unit (aturannya di lembar "
            f"'{usulan_sheet(word)}' buku kerja rekap-{period}.xlsx): titik awal konsensus asesor, bukan nilai resmi."
        )
        # One instruction with the rekap's and PMPRB-I503's: the consensus typed in Jawaban Evaluator left this
        # file's Nilai and INDEKS at the proposal (65,68, B) while pmprb scored the consensus (71,66, BB).
        lines[8] = (
            "6. Hasil konsensus asesor: ubah jawaban di kolom Jawaban itu sendiri, sehingga kolom Nilai dan INDEKS "
            "menghitungnya; tulis alasannya di kolom Catatan Evaluator (hijau). Kolom Jawaban Evaluator terkunci di "
            "berkas ini (abu-abu): konsensus ditulis di kolom Jawaban."
        )
        lines[-1] = (
            "10. Berkas ini bagian paket Kemenpan-RB yang dibuat pmprb export; manifest.json mencatat sidiknya. "
            "Hasil konsensus disimpan sebagai berkas lain, bukan di atas berkas paket ini."
        )
    if rubric.graded() and usulan:
        # (item 6 said to type the consensus in Jawaban, item 11 A and AA in Jawaban Evaluator, and the Jawaban
        # column refused both above BB: a consensus AA was read as BB; akiprev)
        lines.append(
            "11. Sub-komponen bernilai huruf (AA sampai E): nilai huruf konsensus asesor, A dan AA juga, ditulis di "
            "kolom Jawaban dan dihitung apa adanya; bila kosong, nilai hurufnya diturunkan dari kriterianya."
        )
    elif rubric.graded():
        lines.append(
            "11. Sub-komponen bernilai huruf (AA sampai E): nilai huruf unit dihitung sejauh kriterianya terpenuhi "
            "(kriteria kosong dihitung belum terpenuhi; BB bila semuanya terpenuhi), dan bila tidak diisi diturunkan "
            "dari kriteria itu; A dan AA diberikan evaluator di kolom Jawaban Evaluator."
        )
    lines += ["", "PILIHAN JAWABAN DAN NILAINYA"]
    # Only the scales asked for: the ZI template listed 0-100 and 0-5, which no ZI item uses.
    used = {i.scale for i in rubric.items() if not i.computed} | {n.scale for n in rubric.nodes() if n.scale}
    for scale in (s for name, s in rubric.scales.items() if name in used):
        if scale.kind == "choice":
            shown = "; ".join(f"{c} = {_num(v).replace('.', ',')}" for c, v in scale.values.items())
        else:
            low, high = (f"{v:g}".replace(".", ",") for v in (scale.minimum, scale.maximum))
            shown = f"angka {low} sampai {high}"
        lines.append(f"{scale.title}: {shown}")
    return lines
