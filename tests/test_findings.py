"""Every finding code, each from a workbook built in code that triggers exactly that finding."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from pmprb_cli.catalogue import CATALOGUE
from pmprb_cli.english import detail_in_english
from pmprb_cli.layout import _title_key, find_header, normalise_period
from pmprb_cli.models import Finding, Rubric, Severity
from pmprb_cli.pipeline import FileResult, assess_file, assess_paths, load, score_paths
from pmprb_cli.registry import Registry, Unit, load_registry
from pmprb_cli.rubric import load_rubric, percent_scales
from pmprb_cli.template import write_template
from pmprb_cli.workbook import column_letter, open_workbook

from . import hostile
from .factories import (
    SOFFICE,
    best_answers,
    resaved_copy,
    revised_copy,
    soffice_convert,
    with_saved_time,
    worst_answers,
    write_official,
)

PERIOD = "2019-07"  # in the years of RB (2014–2019); other rubrics' workbooks are of 2022 (period_of)
UNIT = Unit(kode="DINKES", nama="Dinas Kesehatan", jenis="dinas", aliases=())
RB = load_rubric("lke-rb-2014")


def evidence_for(rubric: Rubric) -> dict[str, str]:
    out = {}
    for item in rubric.items():
        code = item.inputs[0].code if item.computed else item.code
        out[code] = f"https://drive.contoh.go.id/{item.code}"
    return out


def period_of(rubric: Rubric) -> str:
    """A period in the rubric's evaluation years (PMPRB-I211 otherwise)."""
    return PERIOD if rubric.in_force(int(PERIOD[:4])) else "2022-07"


def template(folder: Path, rubric: Rubric = RB, name: str = "dinkes.xlsx", **changes: object) -> Path:
    answers = best_answers(rubric)
    # The best grade a unit may give itself is what meeting every criterion gives (BB): A and AA come only
    # from the evaluator (PMPRB-W423).
    answers.update({node.code: node.derive[0][1] for node in rubric.graded() if node.derive})
    evaluator = changes.pop("evaluator", None)
    for code, value in changes.items():
        answers[code.replace("_", ".")] = value
    return write_template(
        folder / name,
        rubric,
        UNIT,
        period_of(rubric),
        kabupaten="Kabupaten Uji",
        answers=answers,
        evidence=evidence_for(rubric),
        evaluator=evaluator,
    )  # type: ignore[arg-type]


def registry(folder: Path, *units: Unit) -> Registry:
    path = folder / "registry.csv"
    rows = ["kode,nama,jenis"] + [f"{u.kode},{u.nama},{u.jenis}" for u in (units or (UNIT,))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return load_registry(path)


def codes(path: Path, rubric: Rubric = RB, reg: Registry | None = None, period: str | None = None) -> set[str]:
    period = period_of(rubric) if period is None else period
    result = assess_file(str(path), rubric, reg if reg is not None else registry(path.parent), period)
    if result.failed is not None:
        return {result.failed.code}
    return {f.code for f in result.findings}


def edit(path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


def lke_rows(path: Path) -> dict[str, int]:
    """Kode → sheet row of a template."""
    ws = openpyxl.load_workbook(path, read_only=True)["LKE"]
    out: dict[str, int] = {}
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if row and isinstance(row[0], str):
            out[row[0]] = n
    return out


def column(path: Path, key: str) -> int:
    """1-based column of a header title in the LKE sheet."""
    header = find_header(open_workbook(str(path)).sheet("LKE"))
    assert header is not None
    return header.columns[key] + 1


def set_cell_xml(path: Path, ref: str, xml: str) -> Path:
    """Replace one cell's XML in the LKE sheet part (to write what openpyxl cannot, e.g. a cached formula)."""
    parts = hostile.parts_of(path)
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    sheet, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, sheet, count=1)
    assert n == 1, ref
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    return hostile.rezip(path, parts)


def test_a_clean_template_has_no_finding(tmp_path: Path) -> None:
    assert codes(template(tmp_path)) == set()


# --------------------------------------------------------------- one case per code


def e201(tmp: Path) -> set[str]:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.append(["Nomor", "Uraian", "Keterangan"])
    book.save(tmp / "x.xlsx")
    return codes(tmp / "x.xlsx")


def test_a_retyped_answer_heading_is_read_and_an_unknown_one_named_by_sheet_and_row(tmp_path: Path) -> None:
    # "Jawaban Unit Kerja" typed over K8 lost every one of 190 answers: E201 "Tidak ada lembar …", no cell named.
    plain = template(tmp_path)
    header = find_header(open_workbook(str(plain)).sheet("LKE"))
    assert header is not None
    expected = assess_file(str(plain), RB).card
    for n, (jawaban, nilai) in enumerate(
        [
            ("Jawaban Unit Kerja", "Nilai"),
            ("Jawaban (diisi OPD)", "Nilai (otomatis)"),
            # the one answer column titled as this month's: E201, the whole workbook not scored (operrev)
            ("Jawaban Bulan Ini", "Nilai"),
            ("Jawaban Terbaru", "Nilai"),
        ]
    ):
        (tmp_path / str(n)).mkdir()
        retyped = template(tmp_path / str(n))

        def retitle(book: openpyxl.Workbook, jawaban: str = jawaban, nilai: str = nilai) -> None:
            book["LKE"].cell(header.row + 1, header.columns["jawaban"] + 1, jawaban)
            book["LKE"].cell(header.row + 1, header.columns["nilai"] + 1, nilai)

        result = assess_file(str(edit(retyped, retitle)), RB)
        assert result.card is not None and expected is not None and result.card.index == expected.index
    # A heading that names no answer column: the sheet and row are said, and the heading to type.
    (tmp_path / "isian").mkdir()
    unknown = edit(
        template(tmp_path / "isian"),
        lambda book: book["LKE"].cell(header.row + 1, header.columns["jawaban"] + 1, "Isian"),
    )
    failed = assess_file(str(unknown), RB).failed
    assert failed is not None and failed.code == "PMPRB-E201"
    assert failed.hint.startswith(
        f"Lembar 'LKE' baris {header.row + 1} memuat judul kolom LKE, tetapi tanpa judul 'Jawaban'"
    )
    assert "baris judul kolom LKE yang lengkap" in failed.message  # (not "no such row", which the hint denied)
    # A year's "Jawaban 2022" is no answer heading (the official form's other years): its cell is named.
    (tmp_path / "year").mkdir()
    year = edit(
        template(tmp_path / "year"),
        lambda book: book["LKE"].cell(header.row + 1, header.columns["jawaban"] + 1, "Jawaban 2022"),
    )
    failed = assess_file(str(year), RB).failed
    letter = openpyxl.utils.get_column_letter(header.columns["jawaban"] + 1)
    assert failed is not None and failed.hint.startswith(
        f"Lembar 'LKE' sel {letter}{header.row + 1} berisi 'Jawaban 2022', bukan judul 'Jawaban': ketik Jawaban saja"
    )
    from pmprb_cli.english import detail_in_english

    assert detail_in_english(failed.hint).startswith(f"Sheet 'LKE' cell {letter}{header.row + 1} holds 'Jawaban 2022'")
    # A month named, or last month's, is not taken for the answers: "Jawaban Bulan Lalu" beside "Jawaban Saat Ini"
    # was scored, July's answers for August's (diffrev23). Both headings are named, not the first alone.
    for n, (title, beside) in enumerate(
        [("Jawaban Bulan Lalu", "Jawaban Saat Ini"), ("Jawaban Juli", "Jawaban Agustus")]
    ):
        (tmp_path / f"two{n}").mkdir()

        def two(book: openpyxl.Workbook, title: str = title, beside: str = beside) -> None:
            book["LKE"].cell(header.row + 1, header.columns["jawaban"] + 1, title)
            book["LKE"].cell(header.row + 1, book["LKE"].max_column + 1, beside)

        failed = assess_file(str(edit(template(tmp_path / f"two{n}"), two)), RB).failed
        assert failed is not None and failed.code == "PMPRB-E201", title
        assert (
            f"{letter}{header.row + 1} '{title}' dan " in failed.hint and f"'{beside}', tidak satu pun" in failed.hint
        )
    (tmp_path / "month").mkdir()
    month = edit(
        template(tmp_path / "month"),
        lambda book: book["LKE"].cell(header.row + 1, header.columns["jawaban"] + 1, "Jawaban Agustus"),
    )
    failed = assess_file(str(month), RB).failed
    assert failed is not None and f"sel {letter}{header.row + 1} berisi 'Jawaban Agustus'" in failed.hint
    # The evaluator's column under another name is not taken for the unit's: it is the evaluator's. (Read as
    # nothing, the evaluator's answers under "Jawaban Evaluator (diisi Inspektorat)" went unread, unsaid.)
    for evaluators in (
        *("Jawaban Evaluator", "Jawaban Penilai Internal", "Jawaban (Inspektorat)", "Jawaban (Evaluator)"),
        *("Jawaban Evaluator (diisi Inspektorat)", "Jawaban Asesor/Evaluator", "Jawaban TPI (Tim Penilai Internal)"),
        *("Jawaban (Tim Evaluasi)", "Jawaban (Hasil Evaluasi)"),
    ):
        assert _title_key(evaluators) == "jawaban_evaluator", evaluators
    assert _title_key("Catatan (Evaluator)") == _title_key("Catatan Evaluator (Inspektorat)") == "catatan_evaluator"
    # Nor another year's, nor a note.
    for other in ("Jawaban 2021", "Jawaban (2021)", "Jawaban (tahun lalu)", "Jawaban Evaluator 2021", "Nilai Maks"):
        assert _title_key(other) == "", other
    # A team's or a draft's column names no evaluator: unknown, as before (read as the evaluator's, the OPD
    # team's draft ranked as a "verified" index).
    for draft in ("Jawaban (Tim Kerja)", "Jawaban Tim", "Jawaban (Tim RB OPD)", "Jawaban (Evaluasi Mandiri)"):
        assert _title_key(draft) == "", draft
    for draft in ("Jawaban (sebelum evaluasi)", "Jawaban Dan Evaluasi", "Catatan Tim", "Catatan Evaluasi"):
        assert _title_key(draft) == "", draft
    assert _title_key("Jawaban (diisi OPD)") == "jawaban" and _title_key("Jawaban Unit (diisi OPD)") == "jawaban"
    assert _title_key("Jawaban: pilih dari daftar di kolom I") == ""


@pytest.mark.parametrize("kode", ["kept", "deleted"])
def test_jumlah_rows_swapped_are_read_by_their_labels(tmp_path: Path, kode: str) -> None:
    # Read by place, "Jumlah Sasaran Kinerja" 5 below "… yang tercapai" 3 was 5 of 3 (capped, +0,80) without
    # Kode, and with its Kode left behind a swapped pair sharing a label was E202 + E204 and the item 0.
    rubric = load_rubric("pmprb-2020")
    counts = {"A.III.6.i.a.n1": 5, "A.III.6.i.a.n2": 3, "A.III.1.i.b.n1": 10, "A.III.1.i.b.n2": 4}
    pairs = [("A.III.6.i.a.n1", "A.III.6.i.a.n2"), ("A.III.1.i.b.n1", "A.III.1.i.b.n2")]
    results = []
    for swapped in (False, True):
        folder = tmp_path / str(swapped)
        folder.mkdir()
        path = template(folder, rubric, **{c.replace(".", "_"): v for c, v in counts.items()})
        rows = lke_rows(path)

        def change(book: openpyxl.Workbook, swapped: bool = swapped, rows: dict[str, int] = rows) -> None:
            ws = book["LKE"]
            for a, b in pairs if swapped else ():
                for col in range(2, ws.max_column + 1):  # (the Kode in column A stays where it was)
                    upper, lower = ws.cell(rows[a], col), ws.cell(rows[b], col)
                    upper.value, lower.value = lower.value, upper.value
            if kode == "deleted":
                ws.delete_cols(1)

        results.append(assess_file(str(edit(path, change)), rubric, registry(folder), period_of(rubric)))
    plain, swapped_result = results
    assert plain.card is not None and swapped_result.card is not None
    assert swapped_result.card.index == plain.card.index
    item = {i.code: i.value for i in swapped_result.card.items}
    assert item["A.III.6.i.a"] == 0.6 and item["A.III.1.i.b"] == 0.4
    # (rows moved: the sheet's own formulas read the other row, which W215 says where the Kode column is kept)
    moved = {"PMPRB-W215"} if kode == "kept" else set()
    assert {f.code for f in swapped_result.findings} == {f.code for f in plain.findings} | moved


@pytest.mark.parametrize("change", ["deleted", "retitled"])
def test_a_template_without_its_nilai_column_is_still_scored(tmp_path: Path, change: str) -> None:
    # Nilai deleted (or titled "Skor"): "tidak ada lembar LKE", 200 readable answers thrown away, though pmprb
    # never reads Nilai to score.
    path = template(tmp_path)
    expected = assess_file(str(path), RB).card
    nilai = column(path, "nilai")

    def without(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        if change == "deleted":
            ws.delete_cols(nilai)
        else:
            header = next(r for r in range(1, 30) if ws.cell(r, nilai).value == "Nilai")
            ws.cell(header, nilai).value = "Skor"

    result = assess_file(str(edit(path, without)), RB)
    assert result.failed is None and result.card is not None and expected is not None
    assert result.card.index == expected.index


def test_headings_around_the_official_layouts_own_are_not_taken_for_its_columns(tmp_path: Path) -> None:
    # A note row above the headings ("Jawaban: pilih dari daftar …") became the header row (E206, 0 of 151
    # items); "Jawaban 2021" left of this year's was scored as the unit's answers, "sah"; "Nilai Maks" over the
    # untitled Bobot column made the weights Nilai (45 × W411).
    official = write_official(tmp_path / "o.xlsx", RB, best_answers(RB))
    header = find_header(open_workbook(str(official)).sheet("LKE"))
    assert header is not None
    row, jawaban = header.row + 1, header.columns["jawaban"] + 1

    def edited(name: str, cells: dict[tuple[int, int], str]) -> FileResult:
        def change(book: openpyxl.Workbook) -> None:
            for (r, c), value in cells.items():
                book["LKE"].cell(r, c, value)

        shutil.copy(official, tmp_path / name)
        return assess_file(str(edit(tmp_path / name, change)), RB)

    plain = edited("plain.xlsx", {})
    assert plain.card is not None
    for name, cells in (
        ("notes.xlsx", {(row - 1, jawaban): "Jawaban: pilih dari daftar", (row - 1, jawaban + 1): "Nilai (otomatis)"}),
        ("bobot.xlsx", {(row, header.columns["bobot"] + 1): "Nilai Maks"}),
        ("year.xlsx", {(row, jawaban - 1): "Jawaban 2021"}),
    ):
        result = edited(name, cells)
        assert result.card is not None and result.card.index == plain.card.index, name
        assert {f.code for f in result.findings} == {f.code for f in plain.findings}, name
    # Jawaban retyped on the official layout: E201 names the sheet and row.
    failed = edited("isian.xlsx", {(row, jawaban): "Isian"}).failed
    assert failed is not None and failed.hint.startswith(f"Lembar 'LKE' baris {row} memuat judul kolom LKE")


def w310(tmp: Path) -> set[str]:
    # TRUE as the Periode: "sah" and ranked without --period, and shown "True" as the period everywhere.
    def untrue(book: openpyxl.Workbook) -> None:
        book["Identitas"].cell(5, 2, True)
        book["LKE"]["F6"] = True  # (the LKE sheet's own line says it too: else W305, the two differ)

    path = edit(template(tmp), untrue)
    result = assess_file(str(path), RB, registry(tmp), None)
    assert result.submission is not None and result.submission.period == "TRUE"
    (said,) = [f for f in result.findings if f.code == "PMPRB-W310"]
    assert (said.sheet, said.cell, said.value) == ("Identitas", "B5", "TRUE")
    return {f.code for f in result.findings}


def test_a_unit_ranked_in_a_period_is_given_that_period_in_the_scores(tmp_path: Path) -> None:
    # A workbook whose Periode says "Juli" (W310) is ranked in the 2019-07 batch: nilai JSON and CSV gave its
    # period as "Juli", the column mixing four spellings for one period.
    import json

    from pmprb_cli.batch import build_batch
    from pmprb_cli.output import csv_text, score_json

    def juli(book: openpyxl.Workbook) -> None:
        book["Identitas"].cell(5, 2, "Juli")
        book["LKE"]["F6"] = "Juli"

    path = edit(template(tmp_path), juli)
    batch = build_batch([str(path)], RB, period=PERIOD, target="BB")
    (unit,) = json.loads(score_json(batch))["units"]
    assert unit["rank"] == 1 and unit["period"] == PERIOD
    assert f",{PERIOD}," in csv_text(batch).splitlines()[1]


def e202(tmp: Path) -> set[str]:
    path = template(tmp)
    row = lke_rows(path)["A.I.1.b"]
    result = assess_file(str(edit(path, lambda b: b["LKE"].delete_rows(row))), RB, registry(tmp), PERIOD)
    # Pointed at where the row belongs (under A.I.1.a): it had no cell, and the operator searched 200 rows.
    (said,) = [f for f in result.findings if f.code == "PMPRB-E202"]
    assert said.cell == f"A{row}" and f"tempatnya di sel A{row}" in said.message  # (not "baris A24")
    # A group's first item: above the next item of its group, not under the item before (its heading).
    (tmp / "first").mkdir()
    first = template(tmp / "first")
    rows = lke_rows(first)
    edited = edit(first, lambda b: b["LKE"].delete_rows(rows["A.I.2.a"]))
    (said,) = [f for f in assess_file(str(edited), RB, registry(tmp), PERIOD).findings if f.code == "PMPRB-E202"]
    assert said.item == "A.I.2.a" and said.cell == f"A{rows['A.I.2.a']}"  # (A.I.2.b moved up into its row)
    return {f.code for f in result.findings}


def w203(tmp: Path) -> set[str]:
    path = template(tmp)
    row = lke_rows(path)["A.I.1.b"]

    def add(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        ws.insert_rows(row)
        ws.cell(row, 1, "A.I.1.x")
        ws.cell(row, 6, "Pertanyaan tambahan buatan OPD sendiri")
        ws.cell(row, column(path, "jawaban"), "A")

    return codes(edit(path, add))


def e204(tmp: Path) -> set[str]:
    path = template(tmp)
    rows = lke_rows(path)

    def dup(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        ws.insert_rows(rows["A.I.1.c"])
        for col in range(1, ws.max_column + 1):
            ws.cell(rows["A.I.1.c"], col, ws.cell(rows["A.I.1.b"], col).value)

    return codes(edit(path, dup))


def w205(tmp: Path) -> set[str]:
    path = template(tmp)
    row = lke_rows(path)["A.I.1.b"]
    col = next(
        c
        for c in range(2, 9)
        if openpyxl.load_workbook(path)["LKE"].cell(row, c).value
        and len(str(openpyxl.load_workbook(path)["LKE"].cell(row, c).value)) > 20
    )
    return codes(edit(path, lambda b: b["LKE"].cell(row, col, "Kegiatan olahraga bersama setiap Jumat pagi")))


def test_a_question_that_differs_is_reported_at_the_question_cell(tmp_path: Path) -> None:
    # W205 named the label column (B14) where the question stands in G14.
    assert w205(tmp_path) == {"PMPRB-W205"}
    path = next(tmp_path.glob("*.xlsx"))
    row = lke_rows(path)["A.I.1.b"]
    ws = openpyxl.load_workbook(path)["LKE"]
    question = next(c for c in range(1, 12) if ws.cell(row, c).value == "Kegiatan olahraga bersama setiap Jumat pagi")
    (said,) = [f for f in assess_file(str(path), RB).findings if f.code == "PMPRB-W205"]
    assert said.cell == f"{openpyxl.utils.get_column_letter(question)}{row}"


def test_a_row_read_before_is_compared_again_once_it_changes(tmp_path: Path) -> None:
    # The reader remembers the cells of rows that held exactly their question; a later workbook whose
    # row differs (the same code, another text) must be read afresh, not by the earlier verdict.
    (tmp_path / "clean").mkdir()
    (tmp_path / "edited").mkdir()
    clean = template(tmp_path / "clean")
    assert codes(clean) == set()
    assert w205(tmp_path / "edited") == {"PMPRB-W205"}
    assert codes(clean) == set()


def test_an_evaluator_entry_outside_the_scale_is_said_at_its_cell_and_the_units_answer_stands(tmp_path: Path) -> None:
    # It counted 0 in the verified index with only an information line (PMPRB-I502) to show for it; then it was
    # an error charged to the unit ("ada kesalahan", exit 1, "perbaiki … lalu kirim ulang") while the unit's own
    # answers were all valid, and a note ("Sesuai dengan bukti", "Tdk ada data") still scored the item 0
    # (ZI: 85,22 → 70,39). The evaluator hears of it; the verified score keeps the unit's answer.
    path = template(tmp_path, evaluator={"A.I.1.a": "Q", "A.I.1.b": "Sesuai dengan bukti", "A.I.2.a": "Tidak"})
    result = assess_file(str(path), RB, None, None, "BB")
    said = [f for f in result.findings if f.code == "PMPRB-W419"]
    assert [(f.item, f.value) for f in said] == [("A.I.1.a", "Q"), ("A.I.1.b", "Sesuai dengan bukti")]
    assert result.submission is not None
    answer = result.submission.answers["A.I.1.a"]
    assert said[0].cell == answer.evaluator_cell != answer.cell
    assert f"memakai jawaban unit '{answer.raw}'; yang sah" in said[0].message
    assert result.status == "valid", [f.code for f in result.findings if f.severity.value == "error"]
    changed = [f.item for f in result.findings if f.code == "PMPRB-I502"]
    assert "A.I.1.a" not in changed and "A.I.1.b" not in changed
    # Only the readable entry ("Tidak") counts: the same verified index as with it alone.
    alone = tmp_path / "alone"
    alone.mkdir()
    only = assess_file(str(template(alone, evaluator={"A.I.2.a": "Tidak"})), RB, None, None, "BB")
    assert result.verified is not None and only.verified is not None
    assert result.verified.index == only.verified.index


def test_an_unread_evaluator_grade_says_the_grade_the_units_criteria_give(tmp_path: Path) -> None:
    # "memakai jawaban unit ((kosong))" was said of a blank AKIP grade, which its criteria make BB, not 0.
    sakip = load_rubric("sakip-2021")
    path = template(tmp_path, sakip, **{"1_a": ""}, evaluator={"1.a": "B+"})
    [said] = [f for f in assess_file(str(path), sakip).findings if f.code == "PMPRB-W419"]
    assert "memakai nilai huruf dari kriteria unit; yang sah" in said.message and "((" not in said.message


def test_a_units_grade_the_evaluators_criteria_cap_is_said(tmp_path: Path) -> None:
    # The unit's B over 1.a.1 blank and the evaluator's Tidak on 1.a.2: the verified criteria read CC and the
    # ranked index lost 0,60, while the only word was W416 "tidak dihitung" of the blank.
    sakip = load_rubric("sakip-2021")
    path = template(tmp_path, sakip, **{"1_a": "B", "1_a_1": ""}, evaluator={"1.a.2": "Tidak"})
    result = assess_file(str(path), sakip)
    said = [f for f in result.findings if f.code in ("PMPRB-W427", "PMPRB-W416")]
    assert [(f.code, f.item) for f in said] == [("PMPRB-W427", "1.a")]
    assert "dibaca CC (4 dari 6 kriteria terpenuhi, 1 belum dijawab atau tidak sah)" in said[0].message
    assert said[0].hint.startswith("Dalam indeks terverifikasi kriteria dibaca dari Jawaban Evaluator")


def test_an_evaluators_slip_is_offered_its_likely_answer_and_listed_for_the_evaluator(tmp_path: Path) -> None:
    # "Tdak" typed by the unit got "mungkin maksudnya 'Tidak'"; typed by the evaluator it got no suggestion, and
    # the unit's rapor listed it under "perbaiki … lalu kirim ulang", addressed to the OPD.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.rapor import kabupaten_view, unit_view

    path = template(tmp_path, evaluator={"A.I.2.a": "Tdak"})
    [said] = [f for f in assess_file(str(path), RB, None, None, "BB").findings if f.code == "PMPRB-W419"]
    assert "yang sah: Ya / Tidak (mungkin maksudnya 'Tidak')" in said.message
    kab = kabupaten_view(build_batch([str(path)], RB, period=PERIOD, target="BB"))
    page = unit_view(kab, kab.units[0])
    assert [f.code for f in page.evaluator_findings] == ["PMPRB-W419"]
    assert "PMPRB-W419" not in {f.code for f in page.findings}


def test_an_evaluators_percentage_typed_as_a_fraction_or_as_text_is_said_to_the_evaluator(tmp_path: Path) -> None:
    # The evaluator's 0,6 for a unit's 72 cut the verified index by 5,00 with only I502 to say so; '40%' typed
    # as text got W425's hint about the Nilai formulas, which never read the evaluator's column.
    rubric = load_rubric("pmprb-2020")
    target = next(code for code, scale in percent_scales(rubric).items() if scale == "0–100")
    for typed, code in ((0.6, "PMPRB-W412"), ("40%", "PMPRB-W425")):
        folder = tmp_path / code
        folder.mkdir()
        path = template(folder, rubric, **{target.replace(".", "_"): 72}, evaluator={target: typed})
        said = [f for f in assess_file(str(path), rubric, None, None, "BB").findings if f.code == code]
        assert [f.hint.startswith("Untuk evaluator, bukan unit:") for f in said] == [True], said
        assert said[0].cell.startswith(column_letter(column(path, "jawaban_evaluator") - 1))


def test_a_contradiction_in_the_evaluators_own_entries_is_hinted_to_the_evaluator(tmp_path: Path) -> None:
    # The evaluator's A on A.I.2.b beside its own Tidak on the gate A.I.2.a (W405), and the evaluator's Jumlah
    # of 0 (W406): the hints said "jawab butir ini …" and "tulis … di kolom Penjelasan Unit", to the unit.
    for sub in ("gate", "zero", "own"):
        (tmp_path / sub).mkdir()
    path = template(tmp_path / "gate", evaluator={"A.I.2.a": "Tidak", "A.I.2.b": "A"})
    said = [f for f in assess_file(str(path), RB, None, None, "BB").findings if f.code == "PMPRB-W405"]
    assert [f.item for f in said] == ["A.I.2.b"]
    assert said[0].hint.startswith("Untuk evaluator, bukan unit:") and "Jawaban Evaluator" in said[0].hint
    zi = load_rubric("zi-2021")
    counts = {"A.II.1.i.a.n1": 0, "A.II.1.i.a.n2": 0}
    path = template(tmp_path / "zero", zi, name="x.xlsx", evaluator=counts)
    said = [f for f in assess_file(str(path), zi, None, None, None).findings if f.code == "PMPRB-W406"]
    assert said and all(f.hint.startswith("Untuk evaluator, bukan unit:") for f in said)
    # The unit's own W405 keeps the unit's hint.
    own = template(tmp_path / "own", A_I_2_a="Tidak", A_I_2_d=_lowest("A.I.2.d"), A_I_2_e=_lowest("A.I.2.e"))
    said = [f for f in assess_file(str(own), RB, None, None, "BB").findings if f.code == "PMPRB-W405"]
    assert said and all(f.hint.startswith("Bila prasyaratnya") for f in said)


def _unit_page_findings(path: Path) -> tuple[set[str], set[str]]:
    """The codes a unit's rapor lists for the unit to fix, and those it lists for the evaluator."""
    from pmprb_cli.batch import build_batch
    from pmprb_cli.rapor import kabupaten_view, unit_view

    kab = kabupaten_view(build_batch([str(path)], RB, period=None, target="BB"))
    page = unit_view(kab, kab.units[0])
    return {f.code for f in page.findings}, {f.code for f in page.evaluator_findings}


def test_only_findings_at_the_evaluators_cells_are_listed_for_the_evaluator(tmp_path: Path) -> None:
    # Every finding without a cell (E202, a deleted row) matched the "no evaluator cell" of a workbook
    # without that column: the unit read "Tidak ada kesalahan" and its error stood "Untuk evaluator". And
    # W417 (most often the unit typing in that column) told the evaluator to mend what the unit should.
    for sub in ("official", "raised"):
        (tmp_path / sub).mkdir()
    official = write_official(tmp_path / "official" / "x.xlsx", RB, best_answers(RB))
    question = next(i.question for i in RB.items() if i.code == "A.I.1.b")
    sheet = openpyxl.load_workbook(official)["LKE"]
    row = next(r for r in range(7, sheet.max_row + 1) if sheet.cell(r, 6).value == question)
    deleted = edit(official, lambda b: b["LKE"].delete_rows(row))
    unit, evaluator = _unit_page_findings(deleted)
    assert "PMPRB-E202" in unit and not evaluator
    unit, evaluator = _unit_page_findings(template(tmp_path / "raised", B_I_1=50, evaluator={"B.I.1": 60}))
    assert "PMPRB-W417" in unit and "PMPRB-W417" not in evaluator


def test_the_evaluators_figure_on_a_percentage_row_is_listed_for_the_evaluator(tmp_path: Path) -> None:
    # W420 at the evaluator's cell of a "% (otomatis)" row is no answer's cell: it was listed for the unit.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.rapor import kabupaten_view, unit_view

    rubric = load_rubric("pmprb-2020")
    path = template(tmp_path, rubric)
    percent_row = lke_rows(path)[next(i.code for i in rubric.items() if i.computed)]
    evaluator_column = column(path, "jawaban_evaluator")
    edit(path, lambda book: book["LKE"].cell(percent_row, evaluator_column, 50))
    kab = kabupaten_view(build_batch([str(path)], rubric, period=None, target="BB"))
    page = unit_view(kab, kab.units[0])
    assert "PMPRB-W420" in {f.code for f in page.evaluator_findings}
    assert "PMPRB-W420" not in {f.code for f in page.findings}
    # An entry the verified score did not use: the summaries name it, as an unread one (it went unsaid).
    assert kab.batch.assessment.results[0].unread_by_evaluator == 1
    # ... unless the evaluator filled its Jumlah rows: the percentage is then the evaluator's own.
    item = next(i for i in rubric.items() if i.computed)
    (tmp_path / "counted").mkdir()
    counted = template(tmp_path / "counted", rubric, evaluator={f.code: 1 for f in item.inputs})
    edit(counted, lambda book: book["LKE"].cell(percent_row, evaluator_column, 25))
    counted_batch = build_batch([str(counted)], rubric, period=None, target="BB")
    assert "PMPRB-W420" in {f.code for f in counted_batch.assessment.results[0].findings}
    assert counted_batch.assessment.results[0].unread_by_evaluator == 0
    # Page 1's "Temuan isian evaluator" counts as the summaries do (it said 1 of the figures the index used).
    assert [u.evaluator_findings for u in kabupaten_view(counted_batch).units] == [0]
    assert [u.evaluator_findings for u in kab.units] == [1]
    # The unit page's count says the evaluator's beside the unit's: with them, the rekap's count of the file.
    assert page.evaluator_finding_count == 1
    from pmprb_cli.reporting import render_pages

    (md,) = [text for name, text in render_pages(kab.batch, ("md",)).items() if name != "index.md"]
    assert "Tidak ada kesalahan atau peringatan untuk unit." in md and "| PMPRB-W420 | LKE!O" in md
    # With the unit's own: both counts, which together are the file's count in the rekap.
    choice = next(c for c, s in rubric.item_scales().items() if s.kind == "choice")
    (tmp_path / "both").mkdir()
    both = template(tmp_path / "both", rubric, **{choice.replace(".", "_"): "mungkin"})
    edit(both, lambda book: book["LKE"].cell(percent_row, evaluator_column, 50))
    (md,) = [
        v
        for k, v in render_pages(build_batch([str(both)], rubric, period=None, target="BB"), ("md",)).items()
        if k != "index.md"
    ]
    assert re.search(r"\d+ temuan di berkas dinkes.xlsx untuk unit \(dan 1 untuk evaluator, di bawah\); perbaiki", md)


def test_an_evaluator_column_with_nothing_readable_leaves_the_unit_self_assessed(tmp_path: Path) -> None:
    # Only "Tdak" and notes in Jawaban Evaluator: the rapor said "Indeks terverifikasi … evaluator mengisi 0 dari
    # 151 jawaban", the history stored it as verified. The slips are still said (W419).
    result = assess_file(str(template(tmp_path, evaluator={"A.I.2.a": "Tdak", "A.I.1.b": "cek"})), RB, None, None, "BB")
    assert result.verified is None
    assert [f.item for f in result.findings if f.code == "PMPRB-W419"] == ["A.I.1.b", "A.I.2.a"]


def test_float_noise_in_the_evaluators_entry_reads_as_the_bound(tmp_path: Path) -> None:
    # 100.00000000000001 typed by the unit scored 100; by the evaluator it was "bukan angka yang sah".
    from pmprb_cli.models import Answer
    from pmprb_cli.rubric import load_rubric as load
    from pmprb_cli.scoring import answer_scales, evaluator_readable

    scale = answer_scales(load("lke-rb-2014"))["B.I.1"]
    noisy = Answer(code="B.I.1", raw=50, sheet="LKE", cell="J9", row=9, evaluator_raw=100.00000000000001)
    assert evaluator_readable(noisy, scale)


def test_a_blank_evaluator_cell_is_no_answer_and_no_error(tmp_path: Path) -> None:
    # A space left in the Jawaban Evaluator column made the unit invalid (E401 at that cell).
    result = assess_file(str(template(tmp_path, evaluator={"A.I.1.a": " "})), RB, None, None, "BB")
    assert result.status == "valid", [f.code for f in result.findings]
    # ... and no answer: the verified index is the unit's (it once counted the item 0, silently).
    assert result.verified is None or result.verified.index == result.card.index  # type: ignore[union-attr]
    assert not [f for f in result.findings if f.code == "PMPRB-I502"]


def e206(tmp: Path) -> set[str]:
    return codes(template(tmp, load_rubric("sakip-2021")), RB)


def test_a_workbook_of_another_rubric_is_said_in_english_whole(tmp_path: Path) -> None:
    # "The workbook does not match the rubric: hanya 93 dari 201 butir …" under --lang en.
    from .conftest import invoke

    path = template(tmp_path, load_rubric("sakip-2021"))
    said = invoke(["--lang", "en", "validate", str(path), "--rubric", "lke-rb-2014"], expected_code=1).output
    assert "does not match the rubric: only " in " ".join(said.split()) and "hanya" not in said
    assert "its Identitas sheet names rubric sakip-2021" in " ".join(said.split())


def test_a_template_of_another_rubric_says_which_rubric_its_identitas_names(tmp_path: Path) -> None:
    # A zi-2021 template scored with pmprb-2020: "hanya 93 dari 201 butir", with a hint about Identitas in general.
    path = template(tmp_path, load_rubric("zi-2021"))
    result = assess_file(str(path), load_rubric("pmprb-2020"), registry(tmp_path), "2022-07")
    assert result.failed is not None and result.failed.code == "PMPRB-E206"
    assert "lembar Identitasnya menyebut rubrik zi-2021" in result.failed.message
    assert "--rubric zi-2021" in result.failed.hint and "(pmprb-2020), bukan templat zi-2021" in result.failed.hint


def _identity(path: Path, label: str, value: str) -> Path:
    def change(book: openpyxl.Workbook) -> None:
        ws = book["Identitas"]
        for row in ws.iter_rows():
            if str(row[0].value or "").strip().rstrip(":").casefold() == label.casefold():
                row[1].value = value
                return
        raise AssertionError(label)

    return edit(path, change)


def e207(tmp: Path) -> set[str]:
    return codes(_identity(template(tmp), "Rubrik", "zi-2021"))


def test_rows_of_another_rubrics_template_are_not_the_operators_to_change(tmp_path: Path) -> None:
    # A pmprb-2020 template scored with lke-rb-2014: beside E207, E202 "salin baris yang hilang dari templat",
    # W203 "hapus baris tambahan" (62 times) and E204 "pindahkan": followed, they damage a sound workbook.
    path = template(tmp_path, load_rubric("pmprb-2020"))
    result = assess_file(str(path), RB, None, "2022-07")
    rows = [f for f in result.findings if f.code in ("PMPRB-E202", "PMPRB-W203", "PMPRB-E204", "PMPRB-W205")]
    assert "PMPRB-E207" in {f.code for f in result.findings} and rows
    assert {f.hint for f in rows} == {
        "Baris buku kerja ini adalah baris rubrik 'pmprb-2020': jangan diubah; lihat PMPRB-E207."
    }


def e210(tmp: Path) -> set[str]:
    # The official 2014 LKE (no fingerprint) scored with pmprb-2020, as `rubric = "pmprb-2020"` in pmprb.toml
    # does: 146 of 201 items found, 16,37 D, and only E202s said anything.
    path = write_official(tmp / "lke-2014.xlsx", RB, best_answers(RB))
    result = assess_file(str(path), load_rubric("pmprb-2020"), None, "2022-07")
    (said,) = [f for f in result.findings if f.code == "PMPRB-E210"]
    assert "lke-rb-2014" in said.message and "dari 201 butir pmprb-2020" in said.message
    return {f.code for f in result.findings} - {"PMPRB-E202", "PMPRB-W302", "PMPRB-W203", "PMPRB-W205"}


def test_a_workbook_that_fits_another_rubric_is_not_ranked(tmp_path: Path) -> None:
    from pmprb_cli.batch import build_batch, not_ranked_reason

    # E210 said "nilainya tidak berarti", yet the 2014 form ranked last at 22,89 and pulled the average down.
    official = write_official(tmp_path / "lke-2014.xlsx", RB, best_answers(RB))
    pmprb_2020 = load_rubric("pmprb-2020")
    own = template(tmp_path, pmprb_2020, name="dinkes.xlsx")
    batch = build_batch([str(official), str(own)], pmprb_2020, period="2022-07", target="BB")
    assert [r.file for r in batch.ranked] == [str(own)]
    (shut_out,) = [r for r in batch.assessment.results if r.file == str(official)]
    assert not_ranked_reason(shut_out, "2022-07", pmprb_2020) == (
        "lebih cocok dengan rubrik lke-rb-2014: nilainya dengan rubrik ini tidak berarti (PMPRB-E210)"
    )


def w208(tmp: Path) -> set[str]:
    return codes(_identity(template(tmp), "Versi rubrik", "0.9.0"))


def test_a_template_of_a_version_that_scores_the_same_is_not_warned(tmp_path: Path) -> None:
    # 1.0.1 only added last_year: every 1.0.0 template in the field got W208 ("send the latest template").
    # 1.0.2 only added checked gates (PMPRB-W405): 1.0.0 and 1.0.1 templates still score the same.
    assert RB.scores_as == ("1.0.0", "1.0.1")
    for version in RB.scores_as:
        path = _identity(_identity(template(tmp_path), "Versi rubrik", version), "Sidik rubrik", "cd" * 32)
        assert "PMPRB-W208" not in codes(path)


def test_a_rubric_edited_without_a_new_version_is_told_apart_by_its_checksum(tmp_path: Path) -> None:
    # "made from version 1.0.1; version 1.0.1 is in use" said nothing: the two checksums say what differs.
    result = assess_file(str(_identity(template(tmp_path), "Sidik rubrik", "ab" * 32)), RB, registry(tmp_path), PERIOD)
    [w208] = [f for f in result.findings if f.code == "PMPRB-W208"]
    assert (
        f"versi rubrik {RB.version} (sidik abababababab); yang dipakai sekarang versi {RB.version} (sidik "
        in w208.message
    )


def test_a_period_in_the_rubrics_years_is_not_told(tmp_path: Path) -> None:
    for year in ("2014", "2019"):
        path = write_template(tmp_path / f"{year}.xlsx", RB, UNIT, f"{year}-12", "Kab", best_answers(RB))
        assert "PMPRB-I211" not in codes(path, period=f"{year}-12")
    # Without --period, the workbook's own period is the one compared.
    path = write_template(tmp_path / "2020.xlsx", RB, UNIT, "2020-01", "Kab", best_answers(RB))
    assert "PMPRB-I211" in codes(path, period="")


def w417(tmp: Path) -> set[str]:
    # The unit typed 60 in Jawaban Evaluator where its own answer says 50: the ranking used 60.
    path = template(tmp, B_I_1=50, evaluator={"B.I.1": 60})
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    [said] = [f for f in result.findings if f.code == "PMPRB-W417"]
    assert said.cell and "(1 butir naik)" in said.message
    return {f.code for f in result.findings} - {"PMPRB-I502"}


def test_an_evaluator_raise_is_judged_on_the_indexes_as_shown(tmp_path: Path) -> None:
    # 86,014 (shown 86,01) raised by the evaluator's column to 86,0151 (shown 86,02): no W417 and no summary
    # line, the exact raise (0,0011) under the 0,005 tested; at a band edge it met the target unsaid.
    from pmprb_cli.batch import build_batch

    path = template(tmp_path, B_I_1=0.1, evaluator={"B.I.1": 0.10786})
    result = assess_file(str(path), RB, registry(tmp_path), PERIOD)
    assert result.card is not None and result.verified is not None
    assert (round(result.card.index, 4), round(result.verified.index, 4)) == (86.014, 86.0151)
    assert "PMPRB-W417" in {f.code for f in result.findings}
    batch = build_batch([str(path)], RB, period=PERIOD, target="BB")
    assert len(batch.raised_by_evaluator) == 1


def w212(tmp: Path) -> set[str]:
    # The Kode column deleted: three items whose text repeats were said missing ("jangan menghapus baris").
    path = edit(template(tmp), lambda b: b["LKE"].delete_cols(1))
    return codes(path) - {"PMPRB-E202", "PMPRB-W203", "PMPRB-W205", "PMPRB-E401"}


def w214(tmp: Path) -> set[str]:
    # Seven answers pasted one row up: the first landed on the sub-komponen's heading and was ignored without a
    # word, the six items below scored with their neighbour's answers and only the last said blank (E401).
    from openpyxl.utils import get_column_letter

    rubric = load_rubric("pmprb-2020")
    path = template(tmp, rubric)
    first, other = lke_rows(path)["A.I.1.iii.a"], lke_rows(path)["A.I.1.i.a"] - 1
    answer, evaluator = column(path, "jawaban"), column(path, "jawaban_evaluator")

    def typed_off_items(book: openpyxl.Workbook) -> None:
        sheet = book["LKE"]
        sheet.cell(first - 1, answer, "A")  # the heading "Pemantauan dan Evaluasi Reformasi Birokrasi"
        sheet.cell(first - 1, evaluator, "B")
        # An evaluator's "Sesuai" on a heading (the whole group checked), a form's "-": no entry either way.
        assert sheet.cell(other, 1).value is None
        sheet.cell(other, evaluator, "Sesuai")
        sheet.cell(other, answer, "-")
        sheet.cell(sheet.max_row + 3, answer, "Sukamaju, 5 Agustus 2022")  # (under the table: no answer)

    result = assess_file(str(edit(path, typed_off_items)), rubric, registry(tmp), period_of(rubric))
    said = sorted((f for f in result.findings if f.code == "PMPRB-W214"), key=lambda f: f.cell)
    assert [f.cell for f in said] == [f"{get_column_letter(c)}{first - 1}" for c in sorted((answer, evaluator))]
    assert said[0].message.startswith("'A' di ")
    assert said[0].message.endswith(
        "tidak dinilai: baris itu judul 'Pemantauan dan Evaluasi Reformasi Birokrasi', bukan baris butir."
    )

    def inserted(book: openpyxl.Workbook) -> None:
        book["LKE"].insert_rows(first + 1)
        book["LKE"].cell(first + 1, answer, "B")

    (tmp / "inserted").mkdir()
    blank_row = assess_file(str(edit(template(tmp / "inserted", rubric), inserted)), rubric)
    (row_said,) = [f for f in blank_row.findings if f.code == "PMPRB-W214"]
    assert row_said.message.endswith("tidak dinilai: baris itu tidak memuat pertanyaan butir."), row_said.message
    assert result.unread_by_evaluator == 1  # (the evaluator's B there: an entry the verified score did not use)
    return {f.code for f in result.findings}


def test_an_entry_on_a_group_row_of_the_official_form_is_said(tmp_path: Path) -> None:
    # The official layout's groups: "B" typed on the heading "Tim Reformasi Birokrasi (1)" dropped unsaid.
    path = write_official(tmp_path / "DINKES.xlsx", RB, best_answers(RB))
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.cell(9, 5).value == "Tim Reformasi Birokrasi (1)" and sheet.cell(10, 10).value == "A"
    sheet.cell(9, 10, "B")
    book.save(path)
    said = [f for f in assess_file(str(path), RB).findings if f.code == "PMPRB-W214"]
    assert [(f.cell, f.value) for f in said] == [("J9", "B")] and "Tim Reformasi Birokrasi (1)" in said[0].message


def w215(tmp: Path) -> set[str]:
    # The LKE sorted: two item rows swapped, each answer read right by its Kode, while the Nilai formulas read
    # the other row and W411 blamed spellings or a recalculation.
    path = template(tmp)
    before = assess_file(str(path), RB, registry(tmp), PERIOD).card
    rows = lke_rows(path)
    a, b = rows["A.I.1.a"], rows["A.I.1.b"]

    def swap(book: openpyxl.Workbook) -> None:
        sheet = book["LKE"]
        for col in range(1, sheet.max_column + 1):
            upper, lower = sheet.cell(a, col), sheet.cell(b, col)
            upper.value, lower.value = lower.value, upper.value

    result = assess_file(str(edit(path, swap)), RB, registry(tmp), PERIOD)
    said = [(f.item, f.cell) for f in result.findings if f.code == "PMPRB-W215"]
    assert len(said) == 1 and said[0][1].endswith(str(b)), said
    assert result.card is not None and before is not None and result.card.index == before.index
    return {f.code for f in result.findings}


def w213(tmp: Path) -> set[str]:
    # The Identitas sheet cut short (its part damaged): it was skipped in silence, the rubric version, period
    # and unit then checked against nothing.
    import zipfile

    source = template(tmp)
    damaged = tmp / "identitas-rusak.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(damaged, "w") as out:
        sheets = {n for n in src.namelist() if n.startswith("xl/worksheets/sheet")}
        identitas = "xl/worksheets/sheet2.xml"
        assert identitas in sheets and b"Sidik rubrik" not in src.read(identitas)  # (its texts are shared)
        for info in src.infolist():
            data = src.read(info)
            out.writestr(info, data[: len(data) // 2] if info.filename == identitas else data)
    said = codes(damaged)
    assert said - {"PMPRB-W213"} == codes(source)  # (the answers scored as before)
    return said - codes(source)


def test_items_lost_with_the_kode_column_are_told_to_restore_it_not_their_rows(tmp_path: Path) -> None:
    # Their rows are there: "jangan menghapus baris pertanyaan" sent the operator looking for deleted rows.
    rubric = load_rubric("pmprb-2020")
    path = edit(template(tmp_path, rubric), lambda b: b["LKE"].delete_cols(1))
    result = assess_file(str(path), rubric, registry(tmp_path), period_of(rubric))
    [moved] = [f for f in result.findings if f.code == "PMPRB-W212"]
    assert "kolom Kode" in moved.hint and "baris pertanyaan" not in moved.hint
    # Every item is read by its text and place. Item "i." under the sub-level "i." (A.I.3.i.i) was read as
    # that sub-level and said missing; the counts of A.III.7.iii.a (inputs n2–n5) each went to the input
    # before its own, n5 "tidak ada".
    assert result.submission is not None
    assert not [f for f in result.findings if f.code == "PMPRB-E202"]
    answers = result.submission.answers
    assert "A.I.3.i.i" in answers
    (tmp_path / "kept").mkdir()
    (tmp_path / "gone").mkdir()
    kept = assess_file(str(template(tmp_path / "kept", rubric)), rubric, registry(tmp_path), period_of(rubric))
    assert kept.submission is not None
    assert {c: a.raw for c, a in answers.items()} == {c: a.raw for c, a in kept.submission.answers.items()}
    # An item whose row is gone as well is told to restore the column too (its rows may be there).
    gone = edit(template(tmp_path / "gone", rubric), lambda b: (b["LKE"].delete_cols(1), b["LKE"].delete_rows(20)))
    result = assess_file(str(gone), rubric, registry(tmp_path), period_of(rubric))
    missing = [f for f in result.findings if f.code == "PMPRB-E202"]
    [moved] = [f for f in result.findings if f.code == "PMPRB-W212"]
    assert missing and {f.hint for f in missing} == {moved.hint}


def test_a_count_typed_wrong_gets_one_finding_and_a_hint_for_a_count(tmp_path: Path) -> None:
    # "1,5" as a count was E412 (counted 0) and W407 ("its value is still read") on the same cell; "nihil" was
    # E404 told to mind its decimal separator, not that a count is whole and none is 0.
    rubric = load_rubric("pmprb-2020")
    code = min(f.code for item in rubric.items() if item.computed for f in item.inputs if f.code.endswith(".n2"))
    for sub, typed, expected in (("half", "1,5", "PMPRB-E412"), ("nihil", "nihil", "PMPRB-E404")):
        (tmp_path / sub).mkdir()
        result = assess_file(str(template(tmp_path / sub, rubric, **{code.replace(".", "_"): typed})), rubric)
        at = [f for f in result.findings if f.item == code]
        assert [f.code for f in at] == [expected], at
    assert at[0].hint == "Ketik banyaknya sebagai bilangan bulat, tanpa satuan; 0 bila tidak ada."
    # Not "dihitung 0": "nihil" violations counted as 0 would be 100 %; the item's percentage counts 0 (as E412).
    assert at[0].message.endswith("bukan angka; persentase butirnya dihitung 0 sampai jumlah ini diperbaiki.")
    # "80%" there: told "tanpa satuan", the operator typed 80 sasaran out of 4, "sah", the item at 100 %.
    (tmp_path / "persen").mkdir()
    result = assess_file(str(template(tmp_path / "persen", rubric, **{code.replace(".", "_"): "80%"})), rubric)
    [said] = [f for f in result.findings if f.item == code]
    assert said.code == "PMPRB-E404" and "Yang diminta bukan persentase: isi banyaknya" in said.hint


def e412(tmp: Path) -> set[str]:
    # 75% typed into a Jumlah row is stored as 0,75: the percentage counted 0,75 of its total, unsaid; then
    # (as W421) said but still counted. 1.234 typed for 1234 where a point is decimal: 980 of "1,234" wajib lapor
    # capped at 100 %, the workbook "sah" and its index raised (65,25 → 65,43).
    rubric = load_rubric("pmprb-2020")
    code = min(f.code for item in rubric.items() if item.computed for f in item.inputs if f.code.endswith(".n2"))
    path = template(tmp, rubric, **{code.replace(".", "_"): 0.75})
    whole = template(tmp, rubric, name="whole.xlsx", **{code.replace(".", "_"): 1})
    fraction, one = assess_file(str(path), rubric), assess_file(str(whole), rubric)
    assert fraction.card is not None and one.card is not None
    parent = code.rsplit(".", 1)[0]
    assert [i.value for i in fraction.card.items if i.code == parent] == [0.0]
    assert [i.value for i in one.card.items if i.code == parent] != [0.0]
    (said,) = [f for f in fraction.findings if f.code == "PMPRB-E412"]
    assert said.item == code and "'0,75' bukan bilangan bulat" in said.message
    # The evaluator's 7,5 is set aside as -3 is (W419), the unit's whole count kept: it zeroed the ranked
    # percentage while W430 said the unit's answer could not be scored.
    checked = template(tmp, rubric, name="checked.xlsx", **{code.replace(".", "_"): 1}, evaluator={code: 0.5})
    verified = assess_file(str(checked), rubric)
    found = {f.code for f in verified.findings}
    assert "PMPRB-W419" in found and "PMPRB-W430" not in found
    assert verified.verified is None  # (its one entry not read: the unit's own index, said as such)
    # Nor does the action list propose a count that is not whole (it proposed "= 0,75" and a gain never had).
    from pmprb_cli.ranking import _count_of

    assert fraction.submission is not None and _count_of(fraction.submission, code) is None
    return codes(path, rubric)


def w422(tmp: Path) -> set[str]:
    # '1.250' typed as text where the scale takes both 1,25 and 1250: "still read as 1,25" (W407) hid a
    # thousandfold difference. (A pemda's rubric with a 0–2000 index; on the shipped 0–400 one it is W407.)
    from pmprb_cli.rubric import resolve_rubric

    text = Path(resolve_rubric("pmprb-2020")).read_text(encoding="utf-8")
    wide = tmp / "wide.toml"
    wide.write_text(text.replace("max = 400\n", "max = 2000\n", 1), encoding="utf-8")
    rubric = load_rubric(str(wide))
    code = next(n.code for n in rubric.indicators() if n.scale == "N400")
    path = template(tmp, rubric, **{code.replace(".", "_"): "1.250"})
    result = assess_file(str(path), rubric, None, "2022-07")
    [said] = [f for f in result.findings if f.code == "PMPRB-W422"]
    assert "dibaca 1,25, bukan 1250" in said.message
    shipped = load_rubric("pmprb-2020")
    narrow = assess_file(str(template(tmp, shipped, name="b.xlsx", **{code.replace(".", "_"): "1.250"})), shipped)
    assert "PMPRB-W407" in {f.code for f in narrow.findings} and "PMPRB-W422" not in {f.code for f in narrow.findings}
    return {f.code for f in result.findings}


def w419(tmp: Path) -> set[str]:
    return codes(template(tmp, evaluator={"A.I.1.b": "Bukti belum lengkap"}))


def w420(tmp: Path) -> set[str]:
    # An evaluator's 20 on the "% (otomatis)" row of a percentage: ignored without a word.
    rubric = load_rubric("pmprb-2020")
    path = template(tmp, rubric)
    row, col = lke_rows(path)["A.III.6.i.a"], column(path, "jawaban_evaluator")
    edited = edit(path, lambda b: setattr(b["LKE"].cell(row, col), "value", 20))
    result = assess_file(str(edited), rubric, registry(tmp), period_of(rubric))
    [said] = [f for f in result.findings if f.code == "PMPRB-W420"]
    assert said.item == "A.III.6.i.a" and said.value == "20" and said.cell.endswith(str(row))
    return {f.code for f in result.findings}


def _answer_moved_to(column: str) -> Callable[[openpyxl.Workbook], None]:
    """An edit that moves A.I.1.b's answer from Jawaban into the column titled ``column``."""

    def moved(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        header = {c.value: c.column for c in ws[8]}
        for row in ws.iter_rows(min_row=9):
            if row[0].value == "A.I.1.b":
                ws.cell(row[0].row, header[column], row[header["Jawaban"] - 1].value)
                ws.cell(row[0].row, header["Jawaban"]).value = None
                return
        raise AssertionError("A.I.1.b")

    return moved


def w418(tmp: Path) -> set[str]:
    # 'A' typed in Penjelasan Unit instead of Jawaban: only "belum dijawab; dihitung 0" was said.
    path = edit(template(tmp), _answer_moved_to("Penjelasan Unit"))
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    [said] = [f for f in result.findings if f.code == "PMPRB-W418"]
    assert said.item == "A.I.1.b" and said.cell == "M13" and "(J13)" in said.message
    # In Jawaban Evaluator the answer is read (the verified index counts it, W417 says when it raises it):
    # "kini dihitung 0" there contradicted the index the unit was ranked by.
    (tmp / "evaluator").mkdir()
    other = edit(template(tmp / "evaluator"), _answer_moved_to("Jawaban Evaluator"))
    assert "PMPRB-W418" not in {f.code for f in assess_file(str(other), RB, registry(tmp), PERIOD).findings}
    # Typed over the Nilai formula: said too (it was 199 × "belum dijawab" and a W411 only).
    (tmp / "nilai").mkdir()
    over = edit(template(tmp / "nilai"), _answer_moved_to("Nilai"))
    (nilai,) = [f for f in assess_file(str(over), RB, registry(tmp), PERIOD).findings if f.code == "PMPRB-W418"]
    assert nilai.item == "A.I.1.b" and nilai.cell == "K13"
    return {f.code for f in result.findings} - {"PMPRB-E401"}


def e301(tmp: Path) -> set[str]:
    return codes(template(tmp), reg=registry(tmp, Unit("DINKESKAB", "Dinas Kesehatan Kabupaten", "dinas", ())))


def w307(tmp: Path) -> set[str]:
    # Kode unit DINKESX with the name Dinas Kesehatan: ranked as DINKES without a word.
    path = _identity(template(tmp), "Kode unit", "DINKESX")
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    [said] = [f for f in result.findings if f.code == "PMPRB-W307"]
    assert said.sheet == "Identitas" and "dikenali dari nama unitnya sebagai DINKES" in said.message
    return {f.code for f in result.findings}


def _kode_everywhere(path: Path, kode: str) -> Path:
    """Kode unit changed on the Identitas sheet and above the LKE table alike (else E309 says they differ)."""

    def change(book: openpyxl.Workbook) -> None:
        book["Identitas"][_identity_cell(book, "Kode unit")].value = kode
        for row in book["LKE"].iter_rows(max_row=8):
            if str(row[1].value or "").strip().rstrip(" :").casefold() == "kode unit":
                row[2].value = kode

    return edit(path, change)


def w312(tmp: Path) -> set[str]:
    # Kode DISKOPERINDAG beside Nama "Dinas Kesehatan": scored as DISKOPERINDAG without a word.
    path = _kode_everywhere(template(tmp, name="kiriman.xlsx"), "DISKOPERINDAG")
    (tmp / "two.csv").write_text(
        f"kode,nama,jenis,alias\n{UNIT.kode},{UNIT.nama},{UNIT.jenis},\nDISKOPERINDAG,Dinas Koperasi,dinas,DISKOP\n",
        encoding="utf-8",
    )
    result = assess_file(str(path), RB, load_registry(tmp / "two.csv"), PERIOD)
    [said] = [f for f in result.findings if f.code == "PMPRB-W312"]
    assert "kode Dinas Koperasi (DISKOPERINDAG), nama Dinas Kesehatan (DINKES); dinilai sebagai DISKOPERINDAG" in (
        said.message
    )
    # An alias of the other unit in the kode is the same conflict (I310 named the wrong unit there).
    alias = assess_file(str(_kode_everywhere(path, "DISKOP")), RB, load_registry(tmp / "two.csv"), PERIOD)
    assert {"PMPRB-W312"} <= {f.code for f in alias.findings} and "PMPRB-I310" not in {f.code for f in alias.findings}
    return {f.code for f in result.findings}


def w313(tmp: Path) -> set[str]:
    # BAPPEDA's answers and bukti dukung pasted into BPKAD's template: both ranked at 68,57, "sah", unsaid.
    dinsos = Unit("DINSOS", "Dinas Sosial", "dinas", ())
    answers = best_answers(RB)
    paths = [
        write_template(tmp / f"{unit.kode}.xlsx", RB, unit, PERIOD, answers=answers, evidence=evidence_for(RB))  # type: ignore[arg-type]
        for unit in (UNIT, dinsos)
    ]
    batch = assess_paths([str(p) for p in paths], RB, registry(tmp, UNIT, dinsos), PERIOD)
    said = [(Path(f.file).name, f.value) for f in batch.findings if f.code == "PMPRB-W313"]
    assert said == [("DINKES.xlsx", "DINSOS"), ("DINSOS.xlsx", "DINKES")]
    # Without evidence on ten items, equal answers are two units' own (every item at its best).
    alone = tmp / "tanpa-bukti"
    alone.mkdir()
    bare = [str(write_template(alone / f"{u.kode}.xlsx", RB, u, PERIOD, answers=answers)) for u in (UNIT, dinsos)]
    plain = assess_paths(bare, RB, registry(alone, UNIT, dinsos), PERIOD)
    assert "PMPRB-W313" not in {f.code for f in plain.findings}
    # Nor with one word of evidence on every item ("Terlampir"): no bukti dukung of a unit's own to copy.
    generic = tmp / "terlampir"
    generic.mkdir()
    same = dict.fromkeys(evidence_for(RB), "Terlampir")
    files = [
        str(write_template(generic / f"{u.kode}.xlsx", RB, u, PERIOD, answers=answers, evidence=same))  # type: ignore[arg-type]
        for u in (UNIT, dinsos)
    ]
    assert "PMPRB-W313" not in {
        f.code for f in assess_paths(files, RB, registry(generic, UNIT, dinsos), PERIOD).findings
    }
    return {f.code for f in batch.findings}


def test_answers_of_another_unit_are_said_in_the_summary_too(tmp_path: Path) -> None:
    # W313 is a warning: score's summary (and run's, which cron mails) count and name errors only, so two units
    # ranked on one set of answers while the list the rapim read said nothing of it.
    from pmprb_cli.output import copied_answers_lines

    from .conftest import invoke

    dinsos = Unit("DINSOS", "Dinas Sosial", "dinas", ())
    answers = best_answers(RB)
    for unit in (UNIT, dinsos, Unit("BPKAD", "Badan Keuangan", "badan", ())):
        own = answers if unit.kode != "BPKAD" else worst_answers(RB)
        write_template(tmp_path / f"{unit.kode}.xlsx", RB, unit, PERIOD, answers=own, evidence=evidence_for(RB))  # type: ignore[arg-type]
    registry(tmp_path, UNIT, dinsos, Unit("BPKAD", "Badan Keuangan", "badan", ()))
    files = sorted(str(p) for p in tmp_path.glob("*.xlsx"))
    batch = assess_paths(files, RB, load_registry(tmp_path / "registry.csv"), PERIOD)
    [line] = copied_answers_lines(batch, load_registry(tmp_path / "registry.csv"))
    assert "sama persis di DINKES.xlsx = DINSOS.xlsx (PMPRB-W313)" in line, line
    shown = invoke(
        [
            "score",
            str(tmp_path),
            "--rubric",
            "lke-rb-2014",
            "--registry",
            str(tmp_path / "registry.csv"),
            "--period",
            PERIOD,
        ]
    ).output
    assert "DINKES.xlsx = DINSOS.xlsx (PMPRB-W313)" in shown and "BPKAD" not in line
    # A unit's own second file (an exact copy, I508) is no copy between units.
    shutil.copy(tmp_path / "DINKES.xlsx", tmp_path / "DINKES (lama).xlsx")
    files = sorted(str(p) for p in tmp_path.glob("*.xlsx"))
    reg = load_registry(tmp_path / "registry.csv")
    [again] = copied_answers_lines(assess_paths(files, RB, reg, PERIOD), reg)
    assert again.count("DINKES") == 1 and "DINSOS.xlsx" in again and "salah satunya" in again, again
    # Another unit's copy of a unit's earlier file (its second, E304) is still a copy between two units.
    (tmp_path / "DINKES (lama).xlsx").unlink()
    shutil.move(tmp_path / "DINSOS.xlsx", tmp_path / "DINSOS (lama).xlsx")
    newer = best_answers(RB)
    newer[next(iter(newer))] = worst_answers(RB)[next(iter(newer))]
    write_template(tmp_path / "DINSOS.xlsx", RB, dinsos, PERIOD, answers=newer, evidence=evidence_for(RB))  # type: ignore[arg-type]
    os.utime(tmp_path / "DINSOS.xlsx", (2_000_000_000, 2_000_000_000))  # (the later sending, the one that ranks)
    files = sorted(str(p) for p in tmp_path.glob("*.xlsx"))
    [third] = copied_answers_lines(assess_paths(files, RB, reg, PERIOD), reg)
    assert "DINKES.xlsx = DINSOS (lama).xlsx (PMPRB-W313)" in third, third


def test_a_kode_beside_the_name_of_a_unit_in_no_registry_is_said(tmp_path: Path) -> None:
    # DINKES's template filled by Dinas Perikanan (in no registry): ranked as Dinas Kesehatan without a word.
    reg = registry(tmp_path)
    for sub, name, said in (
        ("other", "Dinas Perikanan", True),
        ("abbreviated", "Dinkes", False),
        ("longer", "Dinas Kesehatan Kab. Contoh", False),
        ("typo", "Dinas Kesehatn", False),
        ("generic", "Dinas", False),
    ):
        (tmp_path / sub).mkdir()
        path = _identity(template(tmp_path / sub), "Nama unit", name)
        found = [f for f in assess_file(str(path), RB, reg, PERIOD).findings if f.code == "PMPRB-W312"]
        assert bool(found) is said, (name, found)
        if said:
            assert found[0].cell == "B3" and (
                "kode Dinas Kesehatan (DINKES), nama 'Dinas Perikanan' (tidak ada di daftar unit); dinilai sebagai "
                "DINKES" in found[0].message
            )


@pytest.mark.parametrize(
    ("typed", "kode", "nama", "other"),
    [
        ("Kecamatan Cibenda", "KEC-SUKAMAJU", "Kecamatan Sukamaju", True),
        # Short forms and abbreviations are never judged: these were W312 on the units' own workbooks.
        ("Disbudpar", "DISPARBUD", "Dinas Pariwisata dan Kebudayaan", False),
        ("Dinas KUKM", "DISKOPUKM", "Dinas Koperasi dan UKM", False),
        ("Setda Kabupaten Contoh", "SETDA", "Sekretariat Daerah", False),
        ("Sekretariat Dewan", "SETWAN", "Sekretariat DPRD", False),
        ("DKK", "DINKES", "Dinas Kesehatan", False),
        ("Dinas P3A", "DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", False),
        ("Dinas Pendidikan dan Kebudayaan", "DISDIKBUD", "Disdikbud", False),
        ("Badan Penanggulangan Bencana Daerah", "BPBD", "BPBD", False),
        ("Dinas Tenaga Kerja dan Transmigrasi", "DISNAKERTRANS", "Disnakertrans", False),
        ("Dinas Penanaman Modal dan PTSP", "DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", False),
        ("Kecamatan Cibenda", "KEC-CIBENDA", "Kec. Cibenda", False),
    ],
)
def test_only_a_plainly_other_full_name_is_taken_for_another_unit(
    typed: str, kode: str, nama: str, other: bool
) -> None:
    from pmprb_cli.checks import _plainly_other

    assert _plainly_other(typed, Unit(kode, nama, "dinas"), "Kabupaten Contoh") is other


def test_a_unit_finding_on_an_official_form_names_the_cell_of_its_instansi(tmp_path: Path) -> None:
    # An official form has no Identitas sheet: E301 named no cell, though INSTANSI (F2) is where to look.
    path = write_official(tmp_path / "disdik.xlsx", RB, best_answers(RB), instansi="Dinas Pendidkan")
    (tmp_path / "daftar.csv").write_text("kode,nama,jenis\nDISDIK,Dinas Pendidikan,dinas\n", encoding="utf-8")
    result = assess_file(str(path), RB, load_registry(tmp_path / "daftar.csv"), None)
    [said] = [f for f in result.findings if f.code == "PMPRB-E301"]
    assert (said.sheet, said.cell) == ("LKE", "F2")


def w311(tmp: Path) -> set[str]:
    # Kode unit 01 in the workbook, 1 in a registry saved by Excel: each of 40 units was told to change its kode.
    path = _identity(template(tmp), "Kode unit", "01")
    (tmp / "registry.csv").write_text(f"kode,nama,jenis\n1,{UNIT.nama},{UNIT.jenis}\n", encoding="utf-8")
    result = assess_file(str(path), RB, load_registry(tmp / "registry.csv"), PERIOD)
    [said] = [f for f in result.findings if f.code == "PMPRB-W311"]
    assert "tertulis 1 di daftar unit" in said.message and "PMPRB-W307" not in {f.code for f in result.findings}
    assert said.hint.startswith("Perbaiki daftar unit, bukan buku kerja")
    # A superscript digit is a digit to str.isdigit, not to int(): it made the file unscoreable (E109).
    odd = assess_file(
        str(_identity(template(tmp, name="b.xlsx"), "Kode unit", "0¹")), RB, load_registry(tmp / "registry.csv"), PERIOD
    )
    assert odd.failed is None and "PMPRB-W307" in {f.code for f in odd.findings}
    return {f.code for f in result.findings}


def i310(tmp: Path) -> set[str]:
    # DISKOP and DISPERINDAG merged into DINKES's place (the unit here): DISKOP's workbook on its old template
    # was ranked as the merged unit without a word.
    path = _identity(template(tmp), "Kode unit", "DISKOP")
    (tmp / "registry.csv").write_text(
        f"kode,nama,jenis,alias\n{UNIT.kode},{UNIT.nama},{UNIT.jenis},DISKOP|DISPERINDAG\n", encoding="utf-8"
    )
    result = assess_file(str(path), RB, load_registry(tmp / "registry.csv"), PERIOD)
    assert result.submission is not None and result.status == "valid"
    [said] = [f for f in result.findings if f.code == "PMPRB-I310"]
    assert said.sheet == "Identitas" and f"alias {UNIT.nama} ({UNIT.kode})" in said.message
    # An alias of another unit than the one the workbook names is not said to be this unit's.
    (tmp / "two.csv").write_text(
        f"kode,nama,jenis,alias\n{UNIT.kode},{UNIT.nama},{UNIT.jenis},\nDISKOPERINDAG,Dinas Koperasi,dinas,DISKOP\n",
        encoding="utf-8",
    )
    other = assess_file(str(path), RB, load_registry(tmp / "two.csv"), PERIOD)
    assert "PMPRB-I310" not in {f.code for f in other.findings}
    # Its own kode, in another letter case, is no alias; its name typed as the kode is W307's, not "alias".
    assert "PMPRB-I310" not in codes(_identity(template(tmp, name="b.xlsx"), "Kode unit", UNIT.kode.lower()))
    named = assess_file(str(_identity(template(tmp, name="c.xlsx"), "Kode unit", UNIT.nama)), RB, registry(tmp), PERIOD)
    assert {"PMPRB-W307"} <= {f.code for f in named.findings} and "PMPRB-I310" not in {f.code for f in named.findings}
    return {f.code for f in result.findings}


def w308(tmp: Path) -> set[str]:
    # Kode unit and Nama unit cleared on both sheets: the unit ranked with no kode and no name, and DINKES (whose
    # file it was) was listed as having sent nothing. It is now DINKES, after its file name, and said so.
    def clear(book: openpyxl.Workbook) -> None:
        for label in ("Kode unit", "Nama unit"):
            book["Identitas"][_identity_cell(book, label)].value = None
        for row in book["LKE"].iter_rows(max_row=8):
            if str(row[1].value or "").strip().rstrip(" :").casefold() in ("unit", "kode unit"):
                for cell in row[2:]:
                    cell.value = None

    path = edit(template(tmp), clear)
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    assert result.submission is not None and result.submission.unit_code == "DINKES"
    [said] = [f for f in result.findings if f.code == "PMPRB-W308"]
    assert said.sheet == "Identitas" and "Dinas Kesehatan (DINKES)" in said.message
    # Without a registry, the unit is the name of its file (two such files were one blank unit, one dropped).
    (tmp / "b").mkdir()
    bare = assess_file(str(shutil.copy(path, tmp / "b" / "LKE BAPPEDA (1).xlsx")), RB, None, PERIOD)
    assert bare.submission is not None and bare.submission.unit_name == "BAPPEDA"
    return {f.code for f in result.findings}


def w302(tmp: Path) -> set[str]:
    # The official layout states its year on the TAHUN row; here it is left empty.
    path = write_official(tmp / "x.xlsx", RB, best_answers(RB), instansi=UNIT.nama, year="")
    return codes(path)


def w216(tmp: Path) -> set[str]:
    # "Juli" typed for July on both sheets (no year): E303 "periode Juli, sedangkan yang diproses 2019-07", the unit
    # "belum mengirim", where a period left empty was a warning (W302) and ranked.
    path = _identity(template(tmp), "Periode", "Juli")

    def head(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        [cell] = [c for row in ws.iter_rows(max_row=10) for c in row if c.value == PERIOD]
        cell.value = "Bulan Juli"

    edit(path, head)
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    [said] = [f for f in result.findings if f.code == "PMPRB-W216"]
    assert said.sheet == "Identitas" and "'Juli'" in said.message and f"dinilai sebagai {PERIOD}" in said.message
    assert result.card is not None and result.card.index > 0
    # Another month without its year is another month's workbook; a year written any way is a year: last year's
    # July ("Juli 2018." ranked first in July 2019 as the month without its year).
    for other_period in ("Juni", "Juli 2018.", "Juli '18", "Juli (2018)", "Juli 2018/2019"):
        other = assess_file(str(_identity(path, "Periode", other_period)), RB, registry(tmp), PERIOD)
        said = {f.code for f in other.findings}
        assert "PMPRB-E303" in said and "PMPRB-W216" not in said, (other_period, said)
    return {f.code for f in result.findings}


def i211(tmp: Path) -> set[str]:
    # The 2014 instrument's last evaluation year is 2019: a 2022 period is outside it.
    path = write_template(tmp / "dinkes.xlsx", RB, UNIT, "2022-07", "Kabupaten Uji", best_answers(RB), evidence_for(RB))
    return codes(path, period="2022-07")


def w305(tmp: Path) -> set[str]:
    # Last month's file re-dated on the Identitas sheet only: which period counts was never said.
    path = _identity(template(tmp), "Periode", "2019-06")
    result = assess_file(str(path), RB, registry(tmp), "2019-06")
    [said] = [f for f in result.findings if f.code == "PMPRB-W305"]
    assert said.sheet == "Identitas" and "kepala lembar LKE: 2019-07; yang dipakai 2019-06" in said.message
    return {f.code for f in result.findings}


def w306(tmp: Path) -> set[str]:
    # DINSOS's template, filled by DISDIK and sent as its own file: Dinas Sosial ranked with DISDIK's answers.
    disdik, dinsos = Unit("DISDIK", "Dinas Pendidikan", "dinas"), Unit("DINSOS", "Dinas Sosial", "dinas")
    reg = registry(tmp, UNIT, disdik, dinsos)
    names = ("LKE_DISDIK_2022-07.xlsx", "DISDIK (revisi).xlsx", "Dinas Pendidikan Juli 2022.xlsx")
    said = {n: codes(template(tmp, name=n), reg=reg) for n in names}
    assert said[names[0]] == said[names[1]] == said[names[2]]
    # A kode with a dot is one name ("DINKES.PKM.xlsx", as pmprb template writes it), not DINKES.
    pkm = Unit("DINKES.PKM", "Puskesmas Kota", "lainnya")
    both = registry(tmp, UNIT, pkm, dinsos)
    assert "PMPRB-W306" in codes(template(tmp, name="DINKES.PKM.xlsx"), reg=both)  # DINKES's answers
    (tmp / "pkm").mkdir()
    own = write_template(tmp / "pkm" / "DINKES.PKM.xlsx", RB, pkm, period_of(RB), answers=best_answers(RB))
    assert "PMPRB-W306" not in codes(own, reg=both)
    # Its own kode or name, or two units named, or none: nothing said.
    for fine in (
        "DINKES.xlsx",
        "Dinas Kesehatan (1).xlsx",
        "DISDIK DINSOS.xlsx",
        "lke-juli.xlsx",
        "Bidang DISDIK.xlsx",
    ):
        assert codes(template(tmp, name=fine), reg=reg) == set(), fine
    result = assess_file(str(tmp / "DISDIK (revisi).xlsx"), RB, reg, period_of(RB))
    [w] = [f for f in result.findings if f.code == "PMPRB-W306"]
    assert w.sheet == "Identitas" and "menyebut unit DISDIK" in w.message and "milik DINKES" in w.message
    return said["DISDIK (revisi).xlsx"]


def e303(tmp: Path) -> set[str]:
    # (said of the file, not of the unit: "unitnya belum terhitung mengirim" of a late verification file in
    # next month's inbox, beside the unit's own file of the month, ranked)
    path = template(tmp)
    [said] = [f for f in assess_file(str(path), RB, registry(tmp), "2019-08").findings if f.code == "PMPRB-E303"]
    assert said.message.endswith("tidak dihitung sebagai kiriman unitnya untuk periode ini.")
    # (its hint said "jalankan dengan --period yang sesuai", which pmprb run, reading each month's inbox, has no use
    # for: where the file goes is said, and the --period to check it with)
    assert said.hint.endswith(
        "berkas periode lain diletakkan di folder masuk periode itu (pmprb run), atau diperiksa dengan --period "
        "periode itu."
    )
    return codes(path, period="2019-08")


def test_another_months_workbook_is_said_and_not_ranked_as_this_months(tmp_path: Path) -> None:
    # July's workbook sent again in August ranked 8th in August with July's answers; only an E303 said so.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.reporting import render_pages

    july = template(tmp_path, name="dinkes.xlsx")
    other = Unit(kode="BAPPEDA", nama="Badan Perencanaan", jenis="badan", aliases=())
    august = tmp_path / "bappeda.xlsx"
    write_template(august, RB, other, "2019-08", "Kabupaten Contoh", best_answers(RB))
    reg = registry(tmp_path, UNIT, other)
    for invalid in ("score", "skip"):
        batch = build_batch([str(july), str(august)], RB, registry=reg, period="2019-08", target="BB", invalid=invalid)
        assert [r.kode for r in batch.ranked] == ["BAPPEDA"]
        assert "PMPRB-E303" in {f.code for r in batch.assessment.results for f in r.findings}
    page = render_pages(batch, ("md",))["index.md"]
    assert "| dinkes.xlsx | Dinas Kesehatan | buku kerja periode 2019-07, bukan 2019-08 |" in page
    # ...and DINKES has not sent August's workbook: it was counted as sent, so nobody chased it.
    assert [u.kode for u in batch.assessment.missing_units] == ["DINKES"]


def e308(tmp: Path) -> set[str]:
    # A neighbour's DINKES template in our inbox: its Identitas says "Kabupaten Tetangga".
    path = write_template(
        tmp / "dinkes.xlsx", RB, UNIT, PERIOD, "Kabupaten Tetangga", best_answers(RB), evidence=evidence_for(RB)
    )
    batch = assess_paths([str(path)], RB, registry(tmp), PERIOD, kabupaten="Kab. Uji")
    return {f.code for f in batch.findings}


def _head_says(path: Path, kode: str, nama: str) -> Path:
    """The workbook with another unit typed over the head of its LKE sheet (the Identitas sheet as it was)."""
    book = openpyxl.load_workbook(path)
    sheet = book["LKE"]
    for row in sheet.iter_rows(max_row=8):
        for cell in row:
            label = str(cell.value or "").strip().casefold()
            if label in ("unit :", "kode unit :"):
                target = next(c for c in row[cell.column :] if c.value not in (None, ""))
                target.value = kode if label.startswith("kode") else nama
    book.save(path)
    return path


def e309(tmp: Path) -> set[str]:
    return codes(_head_says(template(tmp, name="dinkes.xlsx"), "DISHUB", "Dinas Perhubungan"))


def test_a_unit_that_filled_another_units_template_takes_nobodys_place(tmp_path: Path) -> None:
    # DINKES filled DISHUB's template and typed its own unit over the head of the LKE sheet: Dinas Perhubungan
    # ranked with DINKES's answers, DISHUB's own file was left out as its "second copy", and DINKES was said
    # to have sent nothing; only a warning (W306) on the innocent file's rival said anything.
    from pmprb_cli.batch import build_batch

    dishub = Unit(kode="DISHUB", nama="Dinas Perhubungan", jenis="dinas", aliases=())
    reg = registry(tmp_path, UNIT, dishub)
    own = tmp_path / "dishub.xlsx"
    write_template(own, RB, dishub, PERIOD, "Kab. Uji", worst_answers(RB))
    os.utime(own, (1_600_000_000, 1_600_000_000))  # the older of the two
    copied = tmp_path / "dinkes.xlsx"
    write_template(copied, RB, dishub, PERIOD, "Kab. Uji", best_answers(RB))
    _head_says(copied, "DINKES", "Dinas Kesehatan")
    batch = build_batch([str(own), str(copied)], RB, registry=reg, period=PERIOD, target="BB", kabupaten="Kab. Uji")
    assert [(r.kode, r.file) for r in batch.ranked] == [("DISHUB", str(own))]
    assert [u.kode for u in batch.assessment.missing_units] == ["DINKES"]
    [result] = [r for r in batch.assessment.results if r.file == str(copied)]
    said = {f.code: f for f in result.findings}
    assert "PMPRB-W306" not in said and "PMPRB-E304" not in said
    e309 = said["PMPRB-E309"]
    assert e309.sheet == "LKE" and openpyxl.load_workbook(copied)["LKE"][e309.cell].value == "DINKES"
    assert "Dinas Perhubungan (DISHUB)" in e309.message
    # A name written longer or shorter is the same registered unit: no E309.
    alias = tmp_path / "alias.xlsx"
    write_template(alias, RB, UNIT, PERIOD, "Kab. Uji", best_answers(RB))
    _head_says(alias, "dinkes", "Dinas Kesehatan")
    assert "PMPRB-E309" not in codes(alias, reg=reg)
    # A head without its kode is told apart by its name's whole words.
    cibenda = tmp_path / "cibenda.xlsx"
    write_template(cibenda, RB, Unit("KEC-CBW", "Kecamatan Cibendawangi", "kecamatan"), PERIOD, "Kab. Uji")
    _head_says(cibenda, "", "Kecamatan Cibenda")
    assert "PMPRB-E309" in codes(cibenda)
    # Nor is a head without its kode whose name is written longer (a false E309 left DINKES unranked).
    longer = tmp_path / "longer.xlsx"
    write_template(longer, RB, UNIT, PERIOD, "Kab. Uji", best_answers(RB))
    _head_says(longer, "", "Dinas Kesehatan Kabupaten Uji")
    assert "PMPRB-E309" not in codes(longer, reg=reg) | codes(longer)
    # Only the head's kode changed (its name left as the template's): the unit is named by the registry, not as
    # "Dinas Perhubungan (DINKES)", a unit that does not exist, in the message and in the hint.
    kode_only = tmp_path / "kode-only.xlsx"
    write_template(kode_only, RB, dishub, PERIOD, "Kab. Uji", best_answers(RB))
    _head_says(kode_only, "DINKES", "Dinas Perhubungan")
    [only] = [f for f in assess_file(str(kode_only), RB, reg, PERIOD).findings if f.code == "PMPRB-E309"]
    assert f"menyebut {UNIT.nama} (DINKES)" in only.message and f"templat {UNIT.nama} (DINKES)" in only.hint


@pytest.mark.parametrize("sheet", ["Identitas", "LKE"])
@pytest.mark.parametrize(
    ("label", "named", "foreign"),
    [
        ("Kota", "Tetangga", True),
        ("Pemda", "Kabupaten Tetangga", True),
        ("Kota", "Uji", True),
        ("Pemda", "Kab. Uji", False),
    ],
)
def test_the_pemdas_label_retyped_is_still_read_on_either_sheet(
    tmp_path: Path, sheet: str, label: str, named: str, foreign: bool
) -> None:
    # "Kota" (or "Pemda") typed over the label "Kabupaten": the pemda went unread, a neighbour's workbook passed as
    # "sah" (kotarev); and under "Kota" a name alone ("Bogor") is the kota's, not either pemda's (diffrev17).
    path = template(tmp_path)

    def relabelled(book: openpyxl.Workbook) -> None:
        for ws in (book["Identitas"], book["LKE"]):
            for row in ws.iter_rows(max_row=12):
                for n, cell in enumerate(row):
                    if isinstance(cell.value, str) and cell.value.strip(" :").casefold() == "kabupaten":
                        value = next(c for c in row[n + 1 :] if c.value not in (None, ""))
                        if ws.title == sheet:
                            cell.value = cell.value.replace("Kabupaten", label).replace("KABUPATEN", label.upper())
                            value.value = named
                        else:
                            value.value = None  # (read from the other sheet only)

    edit(path, relabelled)
    [result] = assess_paths([str(path)], RB, registry(tmp_path), PERIOD, kabupaten="Kabupaten Uji").results
    assert ("PMPRB-E308" in {f.code for f in result.findings}) is foreign
    if foreign and label == "Kota":
        # The name as typed, its label beside it: "Kota Uji" was no name anyone typed (diffrev18).
        [said] = [f for f in result.findings if f.code == "PMPRB-E308"]
        assert said.value == f"{named} (Kota)"


def test_a_pemdas_kind_said_on_the_lke_sheet_only_is_not_lost_to_a_name_alone_on_identitas(tmp_path: Path) -> None:
    # Identitas "Kabupaten: Uji" (the template's label never says which kind) over an LKE head "KOTA : Uji": Kota Uji's
    # workbook was taken as either pemda's, Kabupaten Uji's own too (diffrev18).
    path = template(tmp_path)

    def kota_on_the_lke_sheet(book: openpyxl.Workbook) -> None:
        for ws, label, named in ((book["Identitas"], "Kabupaten", "Uji"), (book["LKE"], "KOTA", "Kota Uji")):
            for row in ws.iter_rows(max_row=12):
                for n, cell in enumerate(row):
                    if isinstance(cell.value, str) and cell.value.strip(" :").casefold() == "kabupaten":
                        cell.value = cell.value.replace("KABUPATEN", label).replace("Kabupaten", label)
                        next(c for c in row[n + 1 :] if c.value not in (None, "")).value = named

    edit(path, kota_on_the_lke_sheet)
    [result] = assess_paths([str(path)], RB, registry(tmp_path), PERIOD, kabupaten="Kabupaten Uji").results
    assert "PMPRB-E308" in {f.code for f in result.findings}
    [same] = assess_paths([str(path)], RB, registry(tmp_path), PERIOD, kabupaten="Kota Uji").results
    assert "PMPRB-E308" not in {f.code for f in same.findings}


def test_another_kabupatens_workbook_is_not_ranked_nor_counted_as_sent(tmp_path: Path) -> None:
    # It ranked first and won "Perangkat daerah terbaik"; and our unit, which sent nothing, counted as sent.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.reporting import render_pages

    ours = template(tmp_path, name="dinkes.xlsx")  # Kabupaten Uji
    other = Unit(kode="BAPPEDA", nama="Badan Perencanaan", jenis="badan", aliases=())
    theirs = tmp_path / "bappeda.xlsx"
    write_template(theirs, RB, other, PERIOD, "Kabupaten Tetangga", best_answers(RB))
    reg = registry(tmp_path, UNIT, other)
    for kabupaten in ("Pemerintah Kabupaten Uji", "KAB. UJI", "Uji"):
        batch = build_batch([str(ours), str(theirs)], RB, registry=reg, period=PERIOD, target="BB", kabupaten=kabupaten)
        assert [r.kode for r in batch.ranked] == [UNIT.kode]
        assert [u.kode for u in batch.assessment.missing_units] == ["BAPPEDA"]
        [said] = [f for r in batch.assessment.results for f in r.findings if f.code == "PMPRB-E308"]
        assert said.file == str(theirs) and said.sheet == "Identitas" and said.cell.startswith("B")
    page = render_pages(batch, ("md",))["index.md"]
    assert "| bappeda.xlsx | Badan Perencanaan | buku kerja Kabupaten Tetangga, kabupaten lain (PMPRB-E308) |" in page
    # Listed as not sent with the file it did send: "Belum mengirim: BAPPEDA" bare, in every summary (messyrev).
    said = "mengirim bappeda.xlsx, tetapi buku kerjanya menyebut Kabupaten Tetangga, bukan kabupaten ini (PMPRB-E308)"
    assert said in " ".join(page.split())
    assert batch.assessment.perhaps_sent()["BAPPEDA"] == (str(theirs), "Kabupaten Tetangga", "PMPRB-E308")
    # Without a kabupaten to compare with (no pmprb.toml), nothing is said.
    alone = build_batch([str(ours), str(theirs)], RB, registry=reg, period=PERIOD, target="BB")
    assert len(alone.ranked) == 2


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Kabupaten Contoh", "Kab. Contoh", True),
        ("Pemerintah Kabupaten Contoh", "PEMKAB CONTOH", True),
        ("Kabupaten Bogor", "Kota Bogor", False),
        ("Bogor", "Kota Bogor", True),
        ("Kabupaten Tanah Datar", "Kabupaten Tanah Laut", False),
        ("Pemerintah Daerah Kabupaten Contoh", "Kabupaten Contoh", True),
        ("Kabupaten Contoh, Provinsi Jawa Tengah", "Kab. Contoh Prov. Jawa Tengah", True),
        ("Kab. Kep. Selayar", "Kabupaten Kepulauan Selayar", True),
        ("Toli-Toli", "Kabupaten Tolitoli", True),
        ("Kab. Lima Puluh Kota", "Kabupaten Limapuluh Kota", True),
        ("Kabupaten Lima Puluh Kota", "Lima Puluh Kota", True),
        ("Kabupaten Lima Puluh Kota", "Kota Payakumbuh", False),
        # A province named without "Provinsi", and a name beginning "Kota" written apart (each an E308 of the pemda's
        # own units; kotarev) — while a kota and a kabupaten of one name stay two.
        ("Kotabaru, Kalimantan Selatan", "Kabupaten Kotabaru", True),
        ("Kab Kotabaru - Kalsel", "Kabupaten Kotabaru", True),
        ("Kota Contoh (Jawa Barat)", "Kota Contoh", True),
        ("Kota Contoh, Jawa Barat", "Kota Contoh", True),
        ("Kota Baru", "Kabupaten Kotabaru", True),
        ("Kota Waringin Barat", "Kabupaten Kotawaringin Barat", True),
        ("Kota Mobagu", "Kota Kotamobagu", True),
        ("Kota Bekasi, Jawa Barat", "Kabupaten Bekasi", False),
        ("Pemkot Contoh", "Kabupaten Contoh", False),
        # ... and a kind said after the name is the name's (cut away with the province, Kota Bogor's workbook ranked
        # as Kabupaten Bogor's own; diffrev17).
        ("Bogor (Kota)", "Kabupaten Bogor", False),
        ("Bogor, Kabupaten", "Kota Bogor", False),
        ("Bekasi (Kabupaten)", "Kota Bekasi", False),
        ("Bogor (Kota)", "Kota Bogor", True),
        # Only a kind standing alone there ("Bogor (ibu kota Cibinong)" is no kota), and Jakarta's "Administrasi"
        # aside (diffrev18).
        ("Bogor (ibu kota Cibinong)", "Kabupaten Bogor", True),
        ("Bogor (Kota), Jawa Barat", "Kabupaten Bogor", False),
        ("Kota Adm. Jakarta Selatan", "Kota Administrasi Jakarta Selatan", True),
        ("Kab. Adm. Kep. Seribu", "Kabupaten Administrasi Kepulauan Seribu", True),
        # As people also write them, each an E308 of the pemda's own workbook (diffrev18): a kind after the name, a
        # province after it without a comma, "Kepulauan" left out, "dan" and "50" — read both ways where a name
        # ends in what could be either (Lima Puluh Kota, Kota Banda Aceh), never one pemda's name another's.
        ("Bogor Kota", "Kota Bogor", True),
        ("Bogor Kota", "Kabupaten Bogor", False),
        ("Bogor Regency", "Kabupaten Bogor", True),
        ("Bogor Kabupaten", "Kota Bogor", False),
        ("Lima Puluh Kota", "Kabupaten Lima Puluh Kota", True),
        ("Kabupaten Bogor Jawa Barat", "Kabupaten Bogor", True),
        ("Kota Bogor Jabar", "Kabupaten Bogor", False),
        ("Kota Banda Aceh", "Kota Banda Aceh", True),
        ("Banda Aceh", "Kota Banda Aceh", True),
        ("Kabupaten Muaro Jambi", "Kabupaten Muaro Jambi", True),
        ("Kabupaten Selayar", "Kabupaten Kepulauan Selayar", True),
        ("Mentawai", "Kabupaten Kepulauan Mentawai", True),
        ("Pangkajene Kepulauan", "Kabupaten Pangkajene dan Kepulauan", True),
        ("Kab. 50 Kota", "Kabupaten Lima Puluh Kota", True),
        ("Bima - Kabupaten Bima", "Kota Bima", False),
        ("Bima - Kota Bima", "Kota Bima", True),
        ("Kabupaten Tangerang", "Kota Tangerang Selatan", False),
        ("Kabupaten Bandung", "Kabupaten Bandung Barat", False),
        ("Pemko Medan", "Kota Medan", True),
        ("Kotamadya Bogor", "Kabupaten Bogor", False),
    ],
)
def test_one_pemda_written_two_ways_is_one(a: str, b: str, same: bool) -> None:
    from pmprb_cli.checks import same_kabupaten

    assert same_kabupaten(a, b) is same and same_kabupaten(b, a) is same


@pytest.mark.parametrize("written", ["-", "........", "…", "", "Kabupaten", "3201"])
def test_a_placeholder_for_the_kabupaten_names_none(written: str) -> None:
    # "Buku kerja ini menyebut -": an official form's blank line made our own unit "another kabupaten".
    from pmprb_cli.checks import stated_kabupaten

    assert not stated_kabupaten(written)


def test_another_rubrics_template_is_not_ranked_at_0(tmp_path: Path) -> None:
    # A unit's lke-rb-2014 template scored with pmprb-2020: ranked 0,00, and the kabupaten's average fell 6 points.
    from pmprb_cli.batch import build_batch

    pmprb_2020 = load_rubric("pmprb-2020")
    ours = template(tmp_path, pmprb_2020, name="dinkes.xlsx")
    other = Unit(kode="BAPPEDA", nama="Badan Perencanaan", jenis="badan", aliases=())
    old = tmp_path / "bappeda.xlsx"
    write_template(old, RB, other, "2022-07", "Kabupaten Uji", best_answers(RB))
    batch = build_batch(
        [str(ours), str(old)], pmprb_2020, registry=registry(tmp_path, UNIT, other), period="2022-07", target="BB"
    )
    assert [r.kode for r in batch.ranked] == [UNIT.kode]
    assert "PMPRB-E207" in {f.code for r in batch.assessment.results for f in r.findings}
    # Sent after the unit's own workbook, it made that one a "second copy" (E304) of its unit.
    import os

    os.utime(old, ns=(ours.stat().st_mtime_ns + 10**10,) * 2)
    same_unit = tmp_path / "dinkes-lama.xlsx"
    write_template(same_unit, RB, UNIT, "2022-07", "Kabupaten Uji", best_answers(RB))
    os.utime(same_unit, ns=(ours.stat().st_mtime_ns + 10**10,) * 2)
    again = build_batch(
        [str(ours), str(same_unit)], pmprb_2020, registry=registry(tmp_path, UNIT), period="2022-07", target="BB"
    )
    assert [r.file for r in again.ranked] == [str(ours)]
    assert not [f for f in again.assessment.batch_findings if f.code == "PMPRB-E304"]


def test_a_renamed_copy_of_the_rubric_still_ranks_its_templates(tmp_path: Path) -> None:
    # The README lets a kabupaten copy a rubric under a new id: templates made from the shipped one say E207,
    # but every answer is read; they must still rank (0 of 40 ranked was the first fix's result).
    from pmprb_cli.batch import build_batch
    from pmprb_cli.rubric import resolve_rubric

    text = Path(resolve_rubric("pmprb-2020")).read_text(encoding="utf-8")
    copied = tmp_path / "kab.toml"
    copied.write_text(text.replace('id = "pmprb-2020"', 'id = "pmprb-2020-kab"', 1), encoding="utf-8")
    custom = load_rubric(str(copied))
    path = template(tmp_path, load_rubric("pmprb-2020"), name="dinkes.xlsx")
    for invalid in ("score", "skip"):  # its E207 blocks nothing under --invalid skip either
        batch = build_batch(
            [str(path)], custom, registry=registry(tmp_path), period="2022-07", target="BB", invalid=invalid
        )
        assert [r.kode for r in batch.ranked] == [UNIT.kode]
        assert "PMPRB-E207" in {f.code for r in batch.assessment.results for f in r.findings}
    # Its rows are the copy's own: a row the operator deleted keeps its own hint (copy it back from the
    # template), not "jangan diubah; lihat PMPRB-E207", which left the row missing.
    deleted = edit(path, lambda book: book["LKE"].delete_rows(lke_rows(path)["A.I.1.i.b"]))
    (missing,) = [f for f in assess_file(str(deleted), custom).findings if f.code == "PMPRB-E202"]
    assert "PMPRB-E207" not in missing.hint


def test_a_period_typed_as_a_number_is_not_read_as_a_month(tmp_path: Path) -> None:
    # 2019.10 typed is the number 2019.1: it was read as January.
    path = edit(template(tmp_path), lambda b: b["Identitas"].__setitem__(_identity_cell(b, "Periode"), 2019.1))
    result = assess_file(str(path), RB, registry(tmp_path), "2019-10")
    assert "PMPRB-E303" in {f.code for f in result.findings}


_MORE_PERIODS = ("2019-07-01 00:00:00", "Jul 1, 2019", "Juli '19", "Juli 2019 (revisi)", "01/07/2019 08.00")
# (an ISO 8601 date and time: a date cell as SheetJS and OOXML Strict store it, t="d", comes as this text; writerrev)
_MORE_PERIODS += ("2019-07-01T00:00:00Z", "2019-07-01T00:00:00.000+07:00", "2019-07-01T08:30")
# (1 July at midnight in WIB, WITA and WIT, kept in UTC by SheetJS: it read as June; diffrev13)
_MORE_PERIODS += ("2019-06-30T17:00:00.000Z", "2019-06-30T16:00:00Z", "2019-06-30T15:00:00Z")
# (a time with an offset of its own is that place's day: the last second of July in WIB is July; diffrev14)
_MORE_PERIODS += ("2019-07-31T23:59:59+07:00", "2019-07-01T00:00:00+09:00")
_MORE_PERIODS += ("2019-06-30T17:00:00+00:00", "2019-06-30 17:00:00-00:00", "2019-06-30T17:00:00+0000")


def test_a_period_serial_of_a_1904_workbook_is_read_from_1904(tmp_path: Path) -> None:
    # An old Mac workbook (dates from 1904) whose period cell lost its date format: 42185 is 2019-07-01 there, and
    # it was read as 2015-06 (the 1900 system's day), the unit unranked as another month's (writerrev).
    def serial_1904(book: openpyxl.Workbook) -> None:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        book.epoch = CALENDAR_MAC_1904
        cell = book["Identitas"][_identity_cell(book, "Periode")]
        cell.value, cell.number_format = 42185, "General"

    path = edit(template(tmp_path), serial_1904)
    assert b'date1904="1"' in zipfile.ZipFile(path).read("xl/workbook.xml")
    result = assess_file(str(path), RB, registry(tmp_path), PERIOD)
    assert result.submission is not None and result.submission.period == PERIOD
    assert "PMPRB-E303" not in {f.code for f in result.findings}


@pytest.mark.parametrize("typed", _MORE_PERIODS)
def test_a_period_with_a_time_a_note_or_in_english_order_is_read(typed: str) -> None:
    # A date turned into text ("2023-01-01 00:00:00"), "Jan 1, 2023", "Januari '23", "Januari 2023 (revisi)":
    # E303, the unit's month unranked.
    assert normalise_period(typed) == "2019-07"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # A day before the year was taken from a four-digit year's first two digits: "Agustus 1922" was read as
        # 2022-08 (no E303 for a typo), "Januari 1999" named as 2099-01.
        ("Agustus 1922", "1922-08"),
        ("Januari 1999", "1999-01"),
        ("Mei 2105", "2105-05"),
        ("Agustus 22", "2022-08"),
        ("Jan 1 2023", "2023-01"),
        # A note in brackets that names another period is not dropped: "Juli 2022 (Agustus 2022)" was July.
        ("Juli 2022 (Agustus 2022)", "Juli 2022 (Agustus 2022)"),
        ("Juli 2022 (revisi ke-2)", "2022-07"),
        # Any other note goes: these left a unit's right August workbook unranked (E303) when every note naming a
        # month or a year was kept.
        ("2022-08 (Agustus)", "2022-08"),
        ("Agustus 2022 (per 31 Agustus)", "2022-08"),
        ("Agustus 2022 (per 31/08/2022)", "2022-08"),
        ("2022-08 (2022)", "2022-08"),
        ("08/2022 (Agustus)", "2022-08"),
        ("Agustus 2022 (periode Agustus 2022)", "2022-08"),
        ("Agustus 2022 (kumulatif Januari s.d. Agustus)", "2022-08"),
        ("Agustus 2022 (update 5 Sept)", "2022-08"),
        ("Agustus 2022 (Pak Mar)", "2022-08"),
    ],
)
def test_a_period_is_read_with_its_year_as_typed(typed: str, read: str) -> None:
    assert normalise_period(typed) == read


@pytest.mark.parametrize(
    "typed",
    # (a date typed as text, day first as Indonesia writes it, was "periode lain": the unit went unranked)
    [dt.datetime(2019, 7, 1), "Juli 2019", "2019-7", "07/2019", "jul 2019", "2019/07", "01/07/2019", "2019-07-01"]
    # Everyday and older spellings were "periode lain", the unit unranked and "belum mengirim".
    + ["Bulan Juli 2019", "Juli, 2019", "Periode Juli 2019", "2019 Juli", "1 Juli 2019", "Jul-19", "July 2019"]
    # A letter's "Bulan Juli Tahun 2019"; a period pasted with a hidden character or typed with a dash.
    + ["Bulan Juli Tahun 2019", "Juli Tahun 2019", "2019\u200b-07", "\ufeff2019-07", "2019\u00ad-07", "2019–07"]
    # Digits of another script (full-width, Arabic-Indic): "２０１９-07" was another period.
    + ["２０１９-０７", "Juli \u0662\u0660\u0661\u0669"]
    # A date cell that lost its format: its serial.
    + [43647, 43677.5]
    # A date turned into text with its time, a date in English order, a two-digit year after an apostrophe, a
    # note in brackets: each was E303, the unit unranked for the month.
    + [*_MORE_PERIODS],
)
def test_a_period_written_as_people_and_spreadsheets_write_it_is_the_period(tmp_path: Path, typed: object) -> None:
    # Excel makes a date of a typed 2019-07; "Juli 2019" is how a letter says it: both were E303.
    path = edit(template(tmp_path), lambda b: b["Identitas"].__setitem__(_identity_cell(b, "Periode"), typed))
    result = assess_file(str(path), RB, registry(tmp_path), PERIOD)
    assert result.submission is not None and result.submission.period == PERIOD
    assert not {f.code for f in result.findings} & {"PMPRB-E303", "PMPRB-W302"}


@pytest.mark.parametrize(
    ("typed", "month"),
    [("Agst 2019", 8), ("Agust 2019", 8), ("Sept 2019", 9), ("Nopember 2019", 11), ("Pebruari 2019", 2)],
)
def test_older_month_spellings_are_read(typed: str, month: int) -> None:
    assert normalise_period(typed) == f"2019-{month:02d}"


def test_an_identitas_period_no_month_reads_from_takes_the_month_of_the_lke_head(tmp_path: Path) -> None:
    # "Triwulan III 2019" over a head saying 2019-07: E303 "periode Triwulan III 2019", the unit "belum mengirim".
    path = edit(template(tmp_path), lambda b: b["Identitas"].__setitem__(_identity_cell(b, "Periode"), "TW III/2019"))
    result = assess_file(str(path), RB, registry(tmp_path), PERIOD)
    assert result.submission is not None and result.submission.period == PERIOD
    assert "PMPRB-E303" not in {f.code for f in result.findings}
    # (the two differ, said with the one used: "yang dipakai TW III/2019" was said of 2019-07 used)
    [said] = [f for f in result.findings if f.code == "PMPRB-W305"]
    assert said.message.endswith(f"kepala lembar LKE: {PERIOD}; yang dipakai {PERIOD}."), said.message


def test_a_year_alone_on_identitas_takes_the_month_of_the_lke_head(tmp_path: Path) -> None:
    # Identitas "2019" over a head still saying last month: accepted for this month, last month's answers ranked.
    def year_only(book: openpyxl.Workbook) -> None:
        book["Identitas"][_identity_cell(book, "Periode")] = "2019"
        head = book["LKE"]
        at = next(r for r in range(1, 10) if str(head.cell(r, 2).value or "").startswith("PERIODE"))
        cell = next(c for c in head[at] if c.column > 2 and c.value not in (None, ""))
        cell.value = "2019-06"

    result = assess_file(str(edit(template(tmp_path), year_only)), RB, registry(tmp_path), PERIOD)
    assert result.submission is not None and result.submission.period == "2019-06"
    assert "PMPRB-E303" in {f.code for f in result.findings}


def test_a_template_that_states_its_year_alone_is_said_to_state_no_month(tmp_path: Path) -> None:
    # Identitas "2019", the head's period cleared: accepted for every month of 2019 without a word (the year
    # alone is the official form's TAHUN row, no pmprb template's). Still scored, and said.
    def year_only(book: openpyxl.Workbook) -> None:
        book["Identitas"][_identity_cell(book, "Periode")] = "2019"
        head = book["LKE"]
        at = next(r for r in range(1, 10) if str(head.cell(r, 2).value or "").startswith("PERIODE"))
        next(c for c in head[at] if c.column > 2 and c.value not in (None, "")).value = None

    result = assess_file(str(edit(template(tmp_path), year_only)), RB, registry(tmp_path), PERIOD)
    assert result.submission is not None and result.submission.period == "2019"
    codes_said = {f.code for f in result.findings}
    assert "PMPRB-W302" in codes_said and "PMPRB-E303" not in codes_said
    # The official form's TAHUN row is its period: nothing to say there.
    official = write_official(tmp_path / "resmi.xlsx", RB, best_answers(RB))
    assert "PMPRB-W302" not in {f.code for f in assess_file(str(official), RB, None, PERIOD).findings}


def test_identity_findings_name_the_identitas_cell(tmp_path: Path) -> None:
    # E303 and E301 named sheet LKE and no cell, though the value stands on the Identitas sheet.
    path = template(tmp_path)
    book = openpyxl.load_workbook(path, read_only=True)
    period_cell, unit_cell = _identity_cell(book, "Periode"), _identity_cell(book, "Kode unit")
    result = assess_file(str(path), RB, registry(tmp_path, Unit("DINKESKAB", "Dinkes Kab", "dinas", ())), "2019-08")
    said = {f.code: (f.sheet, f.cell) for f in result.findings if f.code in ("PMPRB-E301", "PMPRB-E303")}
    assert said == {"PMPRB-E303": ("Identitas", period_cell), "PMPRB-E301": ("Identitas", unit_cell)}


def test_a_folder_read_without_a_period_ranks_the_month_most_workbooks_state(tmp_path: Path) -> None:
    # Without --period, July's, August's and next year's workbooks ranked together, and a unit's July file
    # (saved later) ranked over its August one.
    from pmprb_cli.batch import build_batch

    dinsos = Unit("DINSOS", "Dinas Sosial", "dinas", ())
    sent = [
        (UNIT, "2019-08", "dinkes agustus.xlsx"),
        (dinsos, "2019-08", "dinsos.xlsx"),
        (UNIT, "2019-07", "juli.xlsx"),
    ]
    files = [
        str(write_template(tmp_path / name, RB, unit, period, kabupaten="Kabupaten Uji", answers=best_answers(RB)))
        for unit, period, name in sent
    ]
    os.utime(files[2], (2_000_000_000, 2_000_000_000))  # July's file saved last
    reg = registry(tmp_path, UNIT, dinsos)
    batch = build_batch(files, RB, registry=reg, period=None, target="BB")
    assert sorted(Path(r.file).name for r in batch.ranked) == ["dinkes agustus.xlsx", "dinsos.xlsx"]
    (july,) = [r for r in batch.assessment.results if r.file == files[2]]
    (said,) = [f for f in july.findings if f.code == "PMPRB-E303"]
    assert said.value == "2019-07" and "periode 2019-07, sedangkan yang diproses 2019-08" in said.message
    assert batch.why_not_ranked(july) == "buku kerja periode 2019-07, bukan periode sebagian besar buku kerja"
    # Files named one by one (an operator checking their own) are each their own month.
    alone = build_batch(files, RB, registry=reg, period=None, target="BB", missing_units=False)
    assert not [f for r in alone.assessment.results for f in r.findings if f.code == "PMPRB-E303"]


def _identity_cell(book: openpyxl.Workbook, label: str) -> str:
    """The value cell (column B) of a label on a template's Identitas sheet."""
    for n, row in enumerate(book["Identitas"].iter_rows(values_only=True), start=1):
        if row and str(row[0]).strip().rstrip(":").casefold() == label.casefold():
            return f"B{n}"
    raise AssertionError(label)


def e304(tmp: Path) -> set[str]:
    first = template(tmp)
    revised_copy(first, tmp / "dinkes (revisi).xlsx")
    batch = assess_paths([str(first), str(tmp / "dinkes (revisi).xlsx")], RB, registry(tmp), PERIOD)
    return {f.code for f in batch.findings}


def i509(tmp: Path) -> set[str]:
    first = template(tmp)
    resaved_copy(first, tmp / "dinkes (simpan ulang).xlsx")
    batch = assess_paths([str(first), str(tmp / "dinkes (simpan ulang).xlsx")], RB, registry(tmp), PERIOD)
    return {f.code for f in batch.findings}


def test_a_save_time_recorded_after_the_file_was_written_decides_nothing(tmp_path: Path) -> None:
    # The first sending saved on a PC whose clock ran a year ahead (2023-08-20), the correction saved on 2022-08-30:
    # the old answers ranked, "disimpan paling akhir" (diffrev16).
    from pmprb_cli.batch import build_batch

    august_30 = 1_661_860_800  # 2022-08-30T12:00:00Z
    first = with_saved_time(template(tmp_path, name="LKE DINKES.xlsx"), "2023-08-20T03:00:00Z")
    correction = with_saved_time(revised_copy(first, tmp_path / "LKE DINKES revisi.xlsx"), "2022-08-30T12:00:00Z")
    os.utime(first, (august_30 - 86_400 * 10, august_30 - 86_400 * 10))
    os.utime(correction, (august_30 + 60, august_30 + 60))
    batch = build_batch([str(first), str(correction)], RB, registry=registry(tmp_path), period=PERIOD, target="BB")
    assert [r.file for r in batch.ranked] == [str(correction)]
    [said] = [f for f in batch.assessment.batch_findings if f.code == "PMPRB-E304"]
    assert "(waktu berkasnya paling akhir: waktu disimpan, disalin atau diunduh ke folder ini" in said.message


def test_a_unit_file_saved_again_with_the_same_answers_is_scored_once_without_an_error(tmp_path: Path) -> None:
    # The same LKE saved again by LibreOffice (other bytes, the same answers and bukti dukung): an E304 error and
    # exit 1 beside the original, "mengirim lebih dari satu buku kerja", for nothing that changes a score (messyrev).
    from pmprb_cli.batch import build_batch

    first = template(tmp_path)
    again = resaved_copy(first, tmp_path / "dinkes (simpan ulang).xlsx")
    for keep in (True, False):  # (score keeps no answers: the digests and the evaluator counts tell)
        assessment = assess_paths([str(first), str(again)], RB, registry(tmp_path), PERIOD, keep_answers=keep)
        [said] = [f for f in assessment.batch_findings if f.code.startswith(("PMPRB-E304", "PMPRB-I50"))]
        assert said.code == "PMPRB-I509" and said.severity.value == "info", keep
        assert {r.status for r in assessment.results} == {"valid"}
    batch = build_batch([str(first), str(again)], RB, registry=registry(tmp_path), period=PERIOD, target="BB")
    assert (
        len(batch.ranked) == 1
        and batch.why_not_ranked(next(r for r in batch.assessment.results if r.file != batch.ranked[0].file))
        == "jawaban dan bukti dukungnya sama dengan berkas lain unit yang sama (PMPRB-I509)"
    )
    # Another answer, another link, or an evaluator's entry in one of them: a second sending, said as one.
    # An agreement mark ("sesuai": the Inspektorat's verification, with no answer changed) is a difference too,
    # whether the answers are kept or not (it was "the same evaluator entries"; diffrev16).
    for folder in "abc":
        (tmp_path / folder).mkdir()
    for other in (
        template(tmp_path / "a", A_I_1_a="Tidak"),
        revised_copy(first, tmp_path / "dinkes (revisi).xlsx"),
        template(tmp_path / "b", evaluator={"A.I.1.a": "Tidak"}),
        template(tmp_path / "c", evaluator={"A.I.1.a": "sesuai", "A.I.1.b": "✓"}),
    ):
        for keep in (True, False):
            assessment = assess_paths([str(first), str(other)], RB, registry(tmp_path), PERIOD, keep_answers=keep)
            codes = {f.code for f in assessment.batch_findings}
            assert "PMPRB-E304" in codes and "PMPRB-I509" not in codes, (other, keep)


def test_a_verified_file_set_aside_by_a_later_sending_says_its_evaluator_entries_are_unused(tmp_path: Path) -> None:
    # The Inspektorat verified DISHUB.xlsx, the unit then sent "dishub (revisi).xlsx": that one ranked on its own
    # answers and the verification was dropped with "kiriman lainnya dikesampingkan" only.
    verified = template(tmp_path, evaluator={"A.I.1.a": "Tidak", "A.I.1.b": "✓"})
    (tmp_path / "lain").mkdir()
    later = template(tmp_path / "lain")
    resent = tmp_path / "dinkes (revisi).xlsx"
    shutil.move(later, resent)
    os.utime(resent, ns=(verified.stat().st_mtime_ns + 10**10,) * 2)
    for keep in (True, False):  # (score and validate keep no answers: the note was never said there)
        batch = assess_paths([str(verified), str(resent)], RB, registry(tmp_path), PERIOD, keep_answers=keep)
        (said,) = [f for f in batch.findings if f.code == "PMPRB-E304"]
        assert said.file == str(verified)
        assert "berkas ini memuat 2 isian Jawaban Evaluator yang tidak ada di berkas yang diperingkat" in said.message
    # Set aside the other way round (the verified file is the later one): nothing of the sort is said.
    os.utime(verified, ns=(resent.stat().st_mtime_ns + 10**10,) * 2)
    (said,) = [
        f
        for f in assess_paths([str(verified), str(resent)], RB, registry(tmp_path), PERIOD).findings
        if f.code == "PMPRB-E304"
    ]
    assert said.file == str(resent) and "Jawaban Evaluator" not in said.message


def test_a_file_set_aside_says_its_evaluator_notes_in_every_command(tmp_path: Path) -> None:
    # The Inspektorat's notes in DINKES.xlsx, the unit's revision ranked: run and merge said "berkas ini memuat 3
    # Catatan Evaluator …", validate and score (which keep no answers) did not (covrev).
    noted = template(tmp_path)
    book = openpyxl.load_workbook(noted)
    ws = book["LKE"]
    head = find_header_row(ws)
    (column,) = [c.column for c in ws[head] if "catatan evaluator" in str(c.value or "").casefold()]
    rows = lke_rows(noted)
    for code in ("A.I.1.a", "A.I.1.b", "A.I.2.a"):
        ws.cell(rows[code], column, "SK belum ditandatangani; lengkapi")
    book.save(noted)
    (tmp_path / "lain").mkdir()
    resent = tmp_path / "dinkes (revisi).xlsx"
    shutil.move(template(tmp_path / "lain"), resent)
    openpyxl.load_workbook(resent).save(resent)  # (both saved at one moment: the name chooses, the revision)
    for keep in (True, False):
        batch = assess_paths([str(noted), str(resent)], RB, registry(tmp_path), PERIOD, keep_answers=keep)
        (said,) = [f for f in batch.findings if f.code == "PMPRB-E304"]
        assert said.file == str(noted)
        assert "berkas ini memuat 3 Catatan Evaluator yang tidak ada di berkas yang diperingkat" in said.message


def test_a_second_evaluators_entries_set_aside_are_said_beside_the_first_ones(tmp_path: Path) -> None:
    # The Inspektorat's copy (2 entries) set aside by the Bagian Organisasi's later one (1 entry, another item):
    # the ranked file had "an" evaluator entry, so the Inspektorat's were dropped unsaid.
    inspektorat = template(tmp_path, evaluator={"A.I.1.a": "Tidak", "A.I.1.b": "✓"})
    (tmp_path / "lain").mkdir()
    organisasi = tmp_path / "dinkes (organisasi).xlsx"
    shutil.move(template(tmp_path / "lain", evaluator={"A.I.2.a": "Tidak"}), organisasi)
    os.utime(organisasi, ns=(inspektorat.stat().st_mtime_ns + 10**10,) * 2)
    batch = assess_paths([str(inspektorat), str(organisasi)], RB, registry(tmp_path), PERIOD)
    (said,) = [f for f in batch.findings if f.code == "PMPRB-E304"]
    assert said.file == str(inspektorat)
    assert "berkas ini memuat 2 isian Jawaban Evaluator yang tidak ada di berkas yang diperingkat" in said.message


def i508(tmp: Path) -> set[str]:
    first = template(tmp)
    shutil.copy(first, tmp / "dinkes - Salinan.xlsx")
    batch = assess_paths([str(first), str(tmp / "dinkes - Salinan.xlsx")], RB, registry(tmp), PERIOD)
    return {f.code for f in batch.findings}


def test_an_exact_copy_is_scored_once_without_an_error(tmp_path: Path) -> None:
    # "KEC-SUKAMAJU - Salinan.xlsx", byte for byte the unit's file, made the original an E304 error (exit 1),
    # "(diubah paling akhir)" although both were saved at the same moment.
    from pmprb_cli.batch import build_batch

    first = template(tmp_path)
    copy = tmp_path / "dinkes - Salinan.xlsx"
    shutil.copy2(first, copy)
    batch = build_batch([str(copy), str(first)], RB, registry=registry(tmp_path), period=PERIOD, target="BB")
    # The original ranks, not the copy that sorts before it ("dinkes - Salinan" < "dinkes."), kept at its time.
    assert [r.file for r in batch.ranked] == [str(first)]
    [said] = [f for f in batch.assessment.batch_findings if f.code in ("PMPRB-E304", "PMPRB-I508")]
    assert said.code == "PMPRB-I508" and said.severity.value == "info" and said.file == str(copy)
    assert {r.status for r in batch.assessment.results} == {"valid"}
    # Two different files saved at the same moment: the name chose, and the message says so.
    revised_copy(first, copy)
    at = first.stat().st_mtime_ns
    os.utime(copy, ns=(at, at))
    batch = build_batch([str(first), str(copy)], RB, registry=registry(tmp_path), period=PERIOD, target="BB")
    # A unit whose own name reads like a copy word ("Kopi") is no copy: the newest is kept as before.
    from pmprb_cli.checks import _COPY_NAMED

    assert not _COPY_NAMED.search("DISBUN-KOPI") and _COPY_NAMED.search("dinkes - Salinan")
    assert _COPY_NAMED.search("DINKES (1)") and _COPY_NAMED.search("Copy of DINKES")
    [second] = [f for f in batch.assessment.batch_findings if f.code == "PMPRB-E304"]
    assert "disimpan bersamaan dengan berkas lain; dipilih menurut nama" in second.message
    # By name, not by the order the files were given: named the other way round, the other file ranked.
    other_way = build_batch([str(copy), str(first)], RB, registry=registry(tmp_path), period=PERIOD, target="BB")
    assert [r.file for r in other_way.ranked] == [r.file for r in batch.ranked]
    from pmprb_cli.pipeline import expand_paths

    assert expand_paths([str(copy), str(first)]) == expand_paths([str(first), str(copy)])


def test_a_file_named_for_another_unit_does_not_displace_the_units_own(tmp_path: Path) -> None:
    # SETWAN filled SETDA's template and sent it as SETWAN.xlsx after SETDA's own: SETWAN's answers ranked as
    # Sekretariat Daerah (first, 75,99), and SETDA's own file was the E304 "second sending".
    from pmprb_cli.batch import build_batch

    dinsos = Unit("DINSOS", "Dinas Sosial", "dinas")
    reg = registry(tmp_path, UNIT, dinsos)
    own = template(tmp_path, name="DINKES.xlsx", A_I_1_a="C")
    other = template(tmp_path, name="DINSOS.xlsx")  # DINKES's template, DINSOS's (better) answers
    at = own.stat().st_mtime_ns
    os.utime(other, ns=(at + 10**10, at + 10**10))  # sent ten seconds later
    batch = build_batch([str(own), str(other)], RB, registry=reg, period=PERIOD, target="BB")
    assert [r.file for r in batch.ranked] == [str(own)]
    [said] = [f for f in batch.assessment.batch_findings if f.code == "PMPRB-E304"]
    assert said.file == str(other) and "nama berkas ini menyebut unit lain" in said.message
    # When every file of the unit names another unit, the newest still ranks (W306 says whose they may be).
    dinsos_too = template(tmp_path, name="Dinas Sosial.xlsx", A_I_1_a="C")
    os.utime(dinsos_too, ns=(at, at))
    batch = build_batch([str(dinsos_too), str(other)], RB, registry=reg, period=PERIOD, target="BB")
    assert [r.file for r in batch.ranked] == [str(other)]


def test_a_units_second_file_says_its_error_in_its_own_counts_and_status(tmp_path: Path) -> None:
    # E304 is found by the batch; the file's own line once said "sah — 0 kesalahan" beside it, and the
    # per-file error counts summed to one less than the summary's.
    from pmprb_cli.output import validate_doc, validate_lines

    first = template(tmp_path)
    second = revised_copy(first, tmp_path / "dinkes (revisi).xlsx")
    changed = first.stat().st_mtime_ns
    os.utime(first, ns=(changed, changed - 60 * 10**9))  # the revision is the file changed last: it ranks
    for keep in (True, False):
        assessment = assess_paths([str(first), str(second)], RB, registry(tmp_path), PERIOD, keep_warnings=keep)
        by_file = {r.file: r for r in assessment.results}
        assert by_file[str(second)].status == "valid" and by_file[str(first)].status == "invalid"
        assert [f.code for f in by_file[str(first)].findings if f.code == "PMPRB-E304"] == ["PMPRB-E304"]
        assert [f.code for f in assessment.findings].count("PMPRB-E304") == 1  # said once, not twice
        doc = validate_doc(assessment, RB, PERIOD, None)
        assert sum(f["errors"] for f in doc["files"]) == doc["summary"]["errors"] >= 1
        assert any(
            line.startswith(f"✗ dinkes.xlsx: ada kesalahan — Dinas Kesehatan, periode {PERIOD} — 1 kesalahan")
            for line in validate_lines(assessment, None)
        )


@pytest.mark.parametrize("newer", ["DINKES.xlsx", "DINKES_revisi.xlsx", "arsip/DINKES.xlsx"])
def test_of_a_units_two_files_the_one_changed_last_ranks_whatever_the_names(tmp_path: Path, newer: str) -> None:
    # Path order decided: "DINKES revisi.xlsx" ranked over DINKES.xlsx, but DINKES_revisi.xlsx did not, and
    # an old file moved into arsip/ (the folder is read with its subfolders) still won.
    from pmprb_cli.batch import build_batch

    names = ["DINKES.xlsx", "DINKES_revisi.xlsx", "arsip/DINKES.xlsx"]
    (tmp_path / "arsip").mkdir()
    for n, name in enumerate(names):
        answers = best_answers(RB) if name == newer else worst_answers(RB)
        write_template(tmp_path / name, RB, UNIT, PERIOD, "Kabupaten Contoh", answers)
        os.utime(tmp_path / name, ns=(10**18, 10**18 + (n + 1) * 10**9 * (100 if name == newer else 10)))
    batch = build_batch(
        sorted(str(tmp_path / n) for n in names), RB, registry=registry(tmp_path), period=PERIOD, target="BB"
    )
    assert [Path(u.file).relative_to(tmp_path).as_posix() for u in batch.ranked] == [newer]
    assert batch.ranked[0].index == 100
    said = {Path(f.file).relative_to(tmp_path).as_posix(): f.message for f in batch.assessment.batch_findings}
    assert set(said) == set(names) - {newer}
    assert all(re.search(rf"yang diperingkat (\S+/)?{re.escape(Path(newer).name)} ", m) for m in said.values()), said


def test_a_units_files_written_in_one_go_rank_the_first_in_path_order(tmp_path: Path) -> None:
    # A checkout or a copy writes a unit's two files a moment apart: that order says nothing of which is
    # the revision, so the rule stays the one a person can see (the sample inbox ranks "… (revisi)").
    from pmprb_cli.batch import build_batch

    names = ["DINKES (revisi).xlsx", "DINKES.xlsx"]
    for n, name in enumerate(names):
        write_template(tmp_path / name, RB, UNIT, PERIOD, "Kabupaten Contoh", best_answers(RB))
        os.utime(tmp_path / name, ns=(10**18, 10**18 + n * 10**9))  # the second one second later
    batch = build_batch([str(tmp_path / n) for n in names], RB, registry=registry(tmp_path), period=PERIOD, target="BB")
    assert [Path(u.file).name for u in batch.ranked] == ["DINKES (revisi).xlsx"]


def e213(tmp: Path) -> set[str]:
    # The operator copies the LKE sheet (Excel names it "LKE (2)") and fills the copy: the stale sheet was
    # scored without a word.
    def copied_and_changed(book: openpyxl.Workbook) -> None:
        copy = book.copy_worksheet(book["LKE"])
        copy["J13"] = "D"  # A.I.1.b answered otherwise on the copy

    path = edit(template(tmp), copied_and_changed)
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    [said] = [f for f in result.findings if f.code == "PMPRB-E213"]
    assert "('LKE Copy', jawabannya berbeda di 1 butir)" in said.message
    return {f.code for f in result.findings}


def w209(tmp: Path) -> set[str]:
    # A copy kept with the same answers: said, but nothing to choose between. (An answer spelt otherwise, "b"
    # for "B", is the same answer: it made an exact copy an error, E213.)
    def copied(book: openpyxl.Workbook) -> None:
        copy = book.copy_worksheet(book["LKE"])
        copy["J13"] = f" {str(book['LKE']['J13'].value).lower()}"

    path = edit(template(tmp), copied)
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    [said] = [f for f in result.findings if f.code == "PMPRB-W209"]
    assert "('LKE Copy', jawabannya sama)" in said.message
    return {f.code for f in result.findings}


def test_an_error_value_in_an_answer_cell_is_named_not_called_unanswered(tmp_path: Path) -> None:
    # #DIV/0! in the Jawaban cell (a formula gone wrong) read as blank: "belum dijawab", value ''.
    path = template(tmp_path)
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban'))}{lke_rows(path)['A.I.1.a']}"
    broken = set_cell_xml(path, ref, f'<c r="{ref}" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    result = assess_file(str(broken), RB)
    said = [(f.code, f.value) for f in result.findings if f.cell == ref]
    assert ("PMPRB-E402", "#DIV/0!") in said and not [c for c, _ in said if c == "PMPRB-E401"]


def test_an_error_value_typed_or_pasted_is_named_too(tmp_path: Path) -> None:
    # #N/A typed (or pasted as values) holds no formula: it read as blank, "belum dijawab", while the unit
    # sees #N/A. Another error cell before it on the sheet must not be taken for it.
    path = template(tmp_path)
    rows = lke_rows(path)
    letter = openpyxl.utils.get_column_letter(column(path, "jawaban"))
    ref, other = f"{letter}{rows['A.I.1.b']}", f"{letter}{rows['A.I.1.a']}"
    broken = set_cell_xml(path, other, f'<c r="{other}" t="e"/>')
    broken = set_cell_xml(broken, ref, f'<c r="{ref}" s="0" t="e"><v>#N/A</v></c>')
    result = assess_file(str(broken), RB)
    said = {(f.cell, f.code, f.value) for f in result.findings if f.cell in (ref, other)}
    assert (ref, "PMPRB-E402", "#N/A") in said and (ref, "PMPRB-E401", "") not in said
    assert (other, "PMPRB-E401", "") in said  # a self-closed error cell holds no text: blank, said so


def e401(tmp: Path) -> set[str]:
    return codes(template(tmp, A_I_1_a=""))


def e402(tmp: Path) -> set[str]:
    return codes(template(tmp, A_I_1_a="Mungkin"))


def e403(tmp: Path) -> set[str]:
    return codes(template(tmp, B_I_1=120))


@pytest.mark.parametrize(("noisy", "bound"), [(100.00000000000001, 100.0), (-1e-16, 0.0), (100 + 1e-13, 100.0)])
def test_float_noise_at_a_bound_is_the_bound_not_out_of_range(tmp_path: Path, noisy: float, bound: float) -> None:
    # 0.2 + 4.4 + 0.4 written by a script is stored 5.000000000000001: "Nilai 5 … di luar rentang 0–5;
    # dihitung 0" cost the unit 1,5 index points for what every spreadsheet shows as 5. (The value is put in
    # the sheet's XML with every digit, as a script's writer stores it.)
    import re
    import zipfile

    assert noisy != bound
    exact = assess_file(str(template(tmp_path, B_I_1=bound)), RB, None, None, "BB")
    assert exact.submission is not None and exact.card is not None
    cell = exact.submission.answers["B.I.1"].cell
    with zipfile.ZipFile(tmp_path / "dinkes.xlsx") as source, zipfile.ZipFile(tmp_path / "noisy.xlsx", "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/") and f'r="{cell}"'.encode() in data:
                pattern = rb'(<c r="' + cell.encode() + rb'"[^>]*>(?:<f>[^<]*</f>)?<v>)[^<]*(</v>)'
                data, found = re.subn(pattern, rb"\g<1>" + repr(noisy).encode() + rb"\g<2>", data)
                assert found == 1
            out.writestr(info, data)
    noise = assess_file(str(tmp_path / "noisy.xlsx"), RB, None, None, "BB")
    assert "PMPRB-E403" not in {f.code for f in noise.findings}
    assert noise.card is not None and noise.card.index == exact.card.index


def test_numbers_in_messages_are_written_as_the_language_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Nilai 120.0" and "hasil hitung ulang 1.208" (which reads as 1208 in Indonesian) in Indonesian messages.
    path = template(tmp_path, B_I_1=100.5)
    [said] = [f for f in assess_file(str(path), RB, registry(tmp_path), PERIOD).findings if f.code == "PMPRB-E403"]
    assert said.message.startswith("Nilai 100,5 pada B.I.1 di luar rentang")
    monkeypatch.setenv("PMPRB_LANG", "en")
    [said] = [f for f in assess_file(str(path), RB, registry(tmp_path), PERIOD).findings if f.code == "PMPRB-E403"]
    assert said.message.startswith("Value 100.5 ")
    monkeypatch.delenv("PMPRB_LANG")
    # 1.234,5 typed as text: a number beyond the scale, not "bukan angka" (E404); and only that: W407's
    # "Nilainya tetap dibaca pmprb" beside E403's "dihitung 0" contradicted it.
    typed = assess_file(str(template(tmp_path, B_I_1="1.234,5")), RB, registry(tmp_path), PERIOD)
    [said] = [f for f in typed.findings if f.code == "PMPRB-E403"]
    assert said.message.startswith("Nilai 1.234,5 pada B.I.1 di luar rentang")
    assert [f.code for f in typed.findings if f.item == "B.I.1"] == ["PMPRB-E403"]
    from pmprb_cli.models import as_typed

    assert (as_typed(1.208333, "id"), as_typed(1.208333, "en"), as_typed(120.0)) == ("1,208333", "1.208333", "120")
    # 1e308 was said with its 309 digits of binary artefacts, and -0 as "-0".
    assert (as_typed(1e308), as_typed(-1.5e20), as_typed(-0.0), as_typed(123456789012345.0)) == (
        "1E+308",
        "-1,5E+20",
        "0",
        "123456789012345",
    )
    # 400 digits read as infinity were said "Isian 'inf'", of a number the unit typed.
    assert (as_typed(float("inf")), as_typed(float("-inf"), "en")) == ("lebih dari 1E+308", "less than -1E+308")
    # Every digit a spreadsheet keeps: 4,0000001 on a 0–4 scale was "Nilai 4 … di luar rentang 0–4" (and 0).
    assert (as_typed(4.0000001), as_typed(1e-7), as_typed(0.1 + 0.2)) == ("4,0000001", "0,0000001", "0,3")
    over = assess_file(str(template(tmp_path, B_I_1=100.0000004)), RB, registry(tmp_path), PERIOD)
    [said] = [f for f in over.findings if f.code == "PMPRB-E403"]
    assert said.message.startswith("Nilai 100,0000004 pada B.I.1 di luar rentang"), said.message


def e404(tmp: Path) -> set[str]:
    path = template(tmp, B_I_1="tujuh puluh")
    [said] = [f for f in assess_file(str(path), RB, registry(tmp), PERIOD).findings if f.code == "PMPRB-E404"]
    assert said.message == "Isian 'tujuh puluh' pada B.I.1 bukan angka; dihitung 0."
    return codes(path)


def _lowest(code: str) -> str:
    scale = RB.item_scales()[code]
    return min(scale.values, key=lambda choice: scale.values[choice])


def w405(tmp: Path) -> set[str]:
    # d and e answered at their lowest: the score dependencies on them lower nothing (PMPRB-I506 otherwise).
    return codes(template(tmp, A_I_2_a="Tidak", A_I_2_d=_lowest("A.I.2.d"), A_I_2_e=_lowest("A.I.2.e")))


def i506(tmp: Path) -> set[str]:
    # Road Map not made (a = Tidak) scores d and e 0 whatever they say: said at their cells, not silently.
    path = template(tmp, A_I_2_a="Tidak", A_I_2_b=_lowest("A.I.2.b"), A_I_2_c=_lowest("A.I.2.c"))
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    said = {f.item: f for f in result.findings if f.code == "PMPRB-I506"}
    assert set(said) == {"A.I.2.d", "A.I.2.e"}
    assert "dihitung 0,00 (bukan 1,00) karena A.I.2.a dijawab 'Tidak'" in said["A.I.2.d"].message
    return {f.code for f in result.findings}


def w406(tmp: Path) -> set[str]:
    zi = load_rubric("zi-2021")
    path = template(tmp, zi, **{"A_II_1_i_a_n1": 0, "A_II_1_i_a_n2": 0})
    (said,) = [f for f in assess_file(str(path), zi).findings if f.code == "PMPRB-W406"]
    assert said.value == "0"  # (the divisor as it holds: no test pinned it; mutrev)
    return codes(path, zi)


def i507(tmp: Path) -> set[str]:
    # No complaints to follow up (n1 = 0): the official form shows #DIV/0!, the rubric counts 100 %; and
    # violations up from 0 to 3 count 0 %. Both were decided without a word.
    zi = load_rubric("zi-2021")
    changes = {
        "A_II_5_ii_a_n1": 0,
        "A_II_5_ii_a_n2": 0,
        "A_II_5_ii_a_n3": 0,
        "A_II_3_iii_a_n1": 0,
        "A_II_3_iii_a_n2": 3,
    }
    result = assess_file(str(template(tmp, zi, **changes)), zi, registry(tmp), period_of(zi))
    said = {f.item: f.message for f in result.findings if f.code == "PMPRB-I507"}
    assert said.keys() == {"A.II.5.ii.a", "A.II.3.iii.a"}
    assert "menurut aturan rubrik dihitung 100%" in said["A.II.5.ii.a"]
    assert "pembaginya (A.II.3.iii.a.n1) bernilai 0" in said["A.II.3.iii.a"]  # last year's count, not this year's
    assert "dihitung 0%" in said["A.II.3.iii.a"]
    return {f.code for f in result.findings}


def w414(tmp: Path) -> set[str]:
    # 9 who reported of 3 who must: capped at 100 % (it was, without a word).
    zi = load_rubric("zi-2021")
    return codes(template(tmp, zi, **{"A_II_1_i_a_n1": 3, "A_II_1_i_a_n2": 9}), zi)


def w415(tmp: Path) -> set[str]:
    # BB given with only 1 of 6 criteria met, where whose grade it is cannot be told (no evaluator column): a
    # clean score with no word (the criteria support D). The grade stands; the finding says so.
    sakip = load_rubric("sakip-2021")
    unmet = {f"1_a_{n}": "Tidak" for n in range(2, 7)}
    path = template(tmp, sakip, **{"1_a": "BB", **unmet})

    def without_evaluator_column(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        [col] = [c.column for c in ws[8] if c.value == "Jawaban Evaluator"]
        ws.delete_cols(col)

    edit(path, without_evaluator_column)
    result = assess_file(str(path), sakip)
    (said,) = [f for f in result.findings if f.code == "PMPRB-W415"]
    assert said.item == "1.a" and "D (1 dari 6 kriteria terpenuhi)" in said.message
    assert "PMPRB-W427" not in {f.code for f in result.findings}
    # Every criterion met: the evaluator's A or AA above the BB they support is judgement, not a contradiction.
    aa = template(tmp, sakip, name="aa.xlsx", evaluator={"1.a": "AA"})
    assert not {"PMPRB-W415", "PMPRB-W423"} & {f.code for f in assess_file(str(aa), sakip).findings}
    return codes(path, sakip)


def w423(tmp: Path) -> set[str]:
    # AA typed by the unit in its own column counted at face value: +6,00 and a predikat step by self-award.
    # It reads as the BB the unit may give itself (thrown away, an AA over 3 of 6 criteria scored below BB).
    from pmprb_cli.batch import build_batch

    sakip = load_rubric("sakip-2021")
    path = template(tmp, sakip, **{"1_a": "AA"})
    result = assess_file(str(path), sakip)
    (said,) = [f for f in result.findings if f.code == "PMPRB-W423"]
    assert said.item == "1.a" and "diberi AA" in said.message and "dibaca BB" in said.message
    typed_bb = template(tmp, sakip, name="bb.xlsx", **{"1_a": "BB"})
    both = build_batch([str(path), str(typed_bb)], sakip, period=period_of(sakip), target="BB")
    assert len({round(r.index, 9) for r in both.ranked}) == 1
    # The sheet's own Nilai and index count the AA: W411/W413 say they differ from pmprb's.
    return {f.code for f in result.findings} - {"PMPRB-W411", "PMPRB-W413"}


def w416(tmp: Path) -> set[str]:
    # A grade given, some criteria left blank: E401 "dihitung 0" made the workbook invalid, though only the
    # grade counts (the unit's D is below what its 3 met criteria of 6 support, blanks unmet: C).
    sakip = load_rubric("sakip-2021")
    path = template(tmp, sakip, **{"1_a": "D", **{f"1_a_{n}": "" for n in range(4, 7)}})
    result = assess_file(str(path), sakip)
    answered = assess_file(str(template(tmp, sakip, name="answered.xlsx", **{"1_a": "D"})), sakip)
    assert result.status == "valid" and result.card is not None and answered.card is not None
    assert result.card.index == answered.card.index  # the blank criteria changed nothing: only the grade counts
    return {f.code for f in result.findings}


def w428(tmp: Path) -> set[str]:
    # n3 (violations already sanctioned) left blank: E401 "dihitung 0" made the workbook invalid, though the
    # percentage computes from n1 and n2 only and the index did not change.
    zi = load_rubric("zi-2021")
    path = template(tmp, zi, **{"A_II_3_iii_a_n3": ""})
    result = assess_file(str(path), zi)
    full = assess_file(str(template(tmp, zi, name="full.xlsx")), zi)
    assert result.status == "valid" and result.card is not None and full.card is not None
    assert result.card.index == full.card.index
    return {f.code for f in result.findings}


def w429(tmp: Path) -> set[str]:
    # The same unused n3 typed as 'banyak': E404 "dihitung 0" made the workbook invalid for a count the
    # percentage does not use (its index unchanged); a negative count and a date alike.
    zi = load_rubric("zi-2021")
    full = assess_file(str(template(tmp, zi, name="full.xlsx")), zi)
    assert full.card is not None
    for n, typed in enumerate(("banyak", -2, dt.date(2022, 1, 3))):
        result = assess_file(str(template(tmp, zi, name=f"n3-{n}.xlsx", **{"A_II_3_iii_a_n3": typed})), zi)
        assert result.status == "valid" and result.card is not None, result.findings
        assert result.card.index == full.card.index
        (said,) = [f for f in result.findings if f.code == "PMPRB-W429"]
        assert said.item == "A.II.3.iii.a.n3" and said.cell and "A.II.3.iii.a" in said.message
    return {f.code for f in result.findings}


def w430(tmp: Path) -> set[str]:
    # A.I.2.a blank in the unit's column and "Ya" in Jawaban Evaluator: E401 "dihitung 0" of an item the
    # ranked (verified) index counted at "Ya"; the workbook "ada kesalahan", left out under --invalid skip.
    path = template(tmp, **{"A_I_2_a": ""}, evaluator={"A.I.2.a": "Ya"})
    result = assess_file(str(path), RB, registry(tmp), PERIOD, "BB")
    (said,) = [f for f in result.findings if f.code == "PMPRB-W430"]
    assert said.item == "A.I.2.a" and "memakai jawaban evaluator 'Ya' (" in said.message and "(kosong)" in said.message
    assert result.status == "valid" and result.verified is not None and result.card is not None
    assert result.card.missing == 1  # the self index still counts it 0, and says so in its notes
    # (the self index counts the blank gate's d and e 0 too, said by I506 of the blank)
    lowered = [f for f in result.findings if f.code == "PMPRB-I506"]
    assert lowered and all("karena A.I.2.a kosong atau tidak sah (dihitung 0)" in f.message for f in lowered)
    # (the evaluator's answer differs from the unit's, I502, and raised the index, W417)
    return {f.code for f in result.findings} - {"PMPRB-I502", "PMPRB-W417", "PMPRB-I506"}


def w432(tmp: Path) -> set[str]:
    # A.I.1.b blank in a hidden row: "K13 belum dijawab", and the operator could not find K13 in the sheet.
    path = template(tmp, A_I_1_b="")
    rows = lke_rows(path)

    def hide(book: openpyxl.Workbook) -> None:
        book["LKE"].row_dimensions[rows["A.I.1.b"]].hidden = True
        book["LKE"].row_dimensions[rows["A.I.1.a"]].hidden = True  # (answered: nothing to say)

    result = assess_file(str(edit(path, hide)), RB, registry(tmp), PERIOD)
    (said,) = [f for f in result.findings if f.code == "PMPRB-W432"]
    assert said.item == "A.I.1.b" and f"Baris {rows['A.I.1.b']} (butir A.I.1.b) tersembunyi" in said.message
    # The same sheet spelt with x: prefixes (the bounded reader's) said nothing of it.
    prefixed = assess_file(str(_prefixed(path)), RB, registry(tmp), PERIOD)
    assert [f for f in prefixed.findings if f.code == "PMPRB-W432"] == [said]
    if SOFFICE is not None:
        # Saved as .xls by LibreOffice: E401 alone, the hidden row unsaid (calamine reads no row's visibility).
        soffice_convert([path], tmp / "xls", to="xls")
        legacy = assess_file(str(tmp / "xls" / "dinkes.xls"), RB, registry(tmp), PERIOD)
        assert [(f.cell, f.item) for f in legacy.findings if f.code == "PMPRB-W432"] == [(said.cell, said.item)]
    return {f.code for f in result.findings} - {"PMPRB-E401"}


def w431(tmp: Path) -> set[str]:
    # Two answer cells merged: the operator sees the first one's 'Ya' across both, while the second row's own
    # cell is scored — blank ("belum dijawab" of a cell showing 'Ya'), or a hidden answer kept under the merge.
    path = template(tmp)
    rows, col = lke_rows(path), openpyxl.utils.get_column_letter(column(path, "jawaban"))
    first, second = f"{col}{rows['A.I.1.a']}", f"{col}{rows['A.I.1.b']}"
    assert rows["A.I.1.b"] == rows["A.I.1.a"] + 1
    edit(path, lambda book: book["LKE"].merge_cells(f"{first}:{second}"))
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    (said,) = [f for f in result.findings if f.code == "PMPRB-W431"]
    assert (said.cell, said.item, said.value) == (second, "A.I.1.b", "")
    assert f"tergabung dalam {first}:{second}" in said.message
    prefixed = assess_file(str(_prefixed(hostile.rezip(tmp / "x.xlsx", hostile.parts_of(path)))), RB, registry(tmp))
    # (the bounded reader's said none)
    assert [(f.cell, f.message) for f in prefixed.findings if f.code == "PMPRB-W431"] == [(said.cell, said.message)]
    # LibreOffice's "keep contents": the hidden answer is scored, and said.
    hidden = set_cell_xml(path, second, f'<c r="{second}" t="inlineStr"><is><t>Tidak</t></is></c>')
    (said,) = [f for f in assess_file(str(hidden), RB, registry(tmp), PERIOD).findings if f.code == "PMPRB-W431"]
    assert said.value == "Tidak"
    return {f.code for f in result.findings} - {"PMPRB-E401"}


def _evidence_merged(col: str, first: int, last: int, text: str) -> Callable[[openpyxl.Workbook], None]:
    """An edit: ``text`` in the Bukti Dukung cell of row ``first``, the cells down to ``last`` merged into it."""

    def merged(book: openpyxl.Workbook) -> None:
        sheet = book["LKE"]
        sheet[f"{col}{first}"] = text
        for r in range(first + 1, last + 1):
            sheet[f"{col}{r}"] = None
        sheet.merge_cells(f"{col}{first}:{col}{last}")

    return merged


def test_a_merged_bukti_dukung_cell_is_the_evidence_of_every_row_it_covers(tmp_path: Path) -> None:
    # One SK for three items, its cell merged over their rows: W410 said the second and third had none, to be
    # filled in cells the merge does not let one type in.
    path = template(tmp_path)
    rows, col = lke_rows(path), openpyxl.utils.get_column_letter(column(path, "bukti"))
    first, last = rows["A.I.1.a"], rows["A.I.1.a"] + 2
    merged = _evidence_merged(col, first, last, "SK Bupati No. 12/2022 tentang Tim Reformasi Birokrasi")
    result = assess_file(str(edit(path, merged)), RB, registry(tmp_path), PERIOD)
    assert "PMPRB-W410" not in {f.code for f in result.findings}
    assert result.submission is not None
    covered = [a for a in result.submission.answers.values() if first <= a.row <= last]
    assert len(covered) == 3 and {a.evidence for a in covered} == {
        "SK Bupati No. 12/2022 tentang Tim Reformasi Birokrasi"
    }
    # A local file's path there is said once, at the cell that holds it (not at two cells nobody can type in).
    edit(path, lambda book: book["LKE"].__setitem__(f"{col}{first}", "D:\\BUKTI RB\\SK.pdf"))
    local = assess_file(str(path), RB, registry(tmp_path), PERIOD)
    assert [f.cell for f in local.findings if f.code == "PMPRB-W434"] == [f"{col}{first}"]
    # The column merged from its header down (its text alone kept): "Bukti Dukung" is no item's evidence.
    header = first - 1
    while openpyxl.load_workbook(path)["LKE"][f"{col}{header}"].value != "Bukti Dukung":
        header -= 1

    def from_the_header(book: openpyxl.Workbook) -> None:
        sheet = book["LKE"]
        sheet.unmerge_cells(f"{col}{first}:{col}{last}")
        sheet.merge_cells(f"{col}{header}:{col}{last + 20}")

    whole = assess_file(str(edit(path, from_the_header)), RB, registry(tmp_path), PERIOD)
    assert len([f for f in whole.findings if f.code == "PMPRB-W410"]) >= 10


def e411(tmp: Path) -> set[str]:
    # Every answer typed in Jawaban Evaluator, Jawaban blank: "sah", ranked as "terverifikasi" (evaluator 201 of
    # 201) with the unit's own answers, and W430 told the operator no need to send it again.
    best = best_answers(RB)
    path = template(tmp, **{code.replace(".", "_"): "" for code in best}, evaluator=best)
    result = assess_file(str(path), RB, registry(tmp), PERIOD, "BB")
    (said,) = [f for f in result.findings if f.code == "PMPRB-E411"]
    assert said.cell.startswith(openpyxl.utils.get_column_letter(column(path, "jawaban_evaluator")))
    assert f"Kolom Jawaban kosong pada {len(best)} dari {len(best)} butir" in said.message
    assert result.verified is None and result.status != "valid"
    found = {f.code for f in result.findings}
    assert not found & {"PMPRB-W430", "PMPRB-W417", "PMPRB-I502"}
    # The first answers typed in Jawaban, the rest one column off: it was "sah", "evaluator mengisi 193 dari 201".
    (tmp / "most").mkdir()
    codes_in_order = list(best)
    blank = {code.replace(".", "_"): "" for code in codes_in_order[3:]}
    rest = {code: best[code] for code in codes_in_order[3:]}
    most = template(tmp / "most", **blank, evaluator=rest)
    mostly = assess_file(str(most), RB, registry(tmp), PERIOD, "BB")
    (said,) = [f for f in mostly.findings if f.code == "PMPRB-E411"]
    assert f"kosong pada {len(rest)} dari {len(best)} butir" in said.message and said.item == codes_in_order[3]
    assert mostly.verified is None and mostly.status != "valid"
    assert not {f.code for f in mostly.findings} & {"PMPRB-W430", "PMPRB-I502"}
    # An evaluator fills every row, beside the unit's answers too: the unit answered 3 items, the evaluator all.
    (tmp / "evaluator").mkdir()
    evaluated = template(tmp / "evaluator", **blank, evaluator=best)
    result = assess_file(str(evaluated), RB, registry(tmp), PERIOD, "BB")
    assert "PMPRB-E411" not in {f.code for f in result.findings} and result.verified is not None
    # One evaluator entry on a blank workbook is the evaluator's, not the unit's answers one column off.
    (tmp / "one").mkdir()
    one = template(tmp / "one", **{code.replace(".", "_"): "" for code in best}, evaluator={"A.I.1.a": best["A.I.1.a"]})
    single = assess_file(str(one), RB, registry(tmp), PERIOD, "BB")
    assert "PMPRB-E411" not in {f.code for f in single.findings} and single.verified is not None
    # The evaluator ticks the rows the unit answered and fills the blank ones: a ✓ is the evaluator's too ...
    (tmp / "ticked").mkdir()
    answered = {code.replace(".", "_"): "" for code in codes_in_order[20:]}
    ticked = {code: "✓" for code in codes_in_order[:20]} | {code: best[code] for code in codes_in_order[20:]}
    agreed = template(tmp / "ticked", **answered, evaluator=ticked)
    result = assess_file(str(agreed), RB, registry(tmp), PERIOD, "BB")
    assert "PMPRB-E411" not in {f.code for f in result.findings} and result.verified is not None
    # ... but a "v" beside each of 3 answers, the rest typed one column off, is the operator's slip.
    (tmp / "slip").mkdir()
    slip = template(tmp / "slip", **blank, evaluator={code: "✓" for code in codes_in_order[:3]} | rest)
    result = assess_file(str(slip), RB, registry(tmp), PERIOD, "BB")
    assert "PMPRB-E411" in {f.code for f in result.findings} and result.verified is None
    # Fewer than half there, nothing of an evaluator's beside the unit's own answers: the operator's answers one
    # column off (100 of 201 were "sah", exit 0, ranked verified on them; operrev), or an evaluator's answers to
    # blank items alone — a blank sub-komponen, the hasil rows a unit cannot know (taken for the operator's, the
    # verification was dropped, 66,84 → 35,71; diffrev23, diffrev24). Which cannot be told: the verification is
    # kept, W430 says whose answer ranks, and the unit's blanks stay errors (not fit to send).
    items = [code for code in codes_in_order if code not in {n.code for n in RB.indicators()}]
    hasil = [n.code for n in RB.indicators()]
    for name, blanks in (("part60", items[-60:]), ("hasil", hasil), ("few", items[-2:]), ("apart", items[:40:4])):
        (tmp / name).mkdir()
        kept = template(
            tmp / name,
            **{code.replace(".", "_"): "" for code in blanks},
            evaluator={code: best[code] for code in blanks},
        )
        result = assess_file(str(kept), RB, registry(tmp), PERIOD, "BB")
        found_codes = {f.code for f in result.findings}
        assert "PMPRB-E411" not in found_codes and result.verified is not None, name
        assert result.status != "valid", name
        assert {f.item for f in result.findings if f.code == "PMPRB-W430"} == set(blanks), name
        assert {f.item for f in result.findings if f.code == "PMPRB-E401"} == set(blanks), name
    tail = items[-60:]
    # An evaluator's entries beside the unit's answers too: its answers to the blank items are the evaluator's.
    (tmp / "beside").mkdir()
    beside = template(
        tmp / "beside",
        **{code.replace(".", "_"): "" for code in tail},
        evaluator={code: best[code] for code in tail} | {codes_in_order[0]: "Tidak"},
    )
    result = assess_file(str(beside), RB, registry(tmp), PERIOD, "BB")
    assert "PMPRB-E411" not in {f.code for f in result.findings} and result.verified is not None
    assert not {f.item for f in result.findings if f.code == "PMPRB-E401"} & set(tail)  # (W430 alone, as before)
    # An LKE AKIP evaluator grading sub-komponen the unit left to its criteria is no column of the unit's.
    sakip = load_rubric("sakip-2021")
    answers: dict[str, object] = {i.code: "Ya" for i in sakip.items()}
    grades = [n.code for n in sakip.graded()]
    (tmp / "akip").mkdir()
    akip = write_template(
        tmp / "akip" / "a.xlsx", sakip, UNIT, "2022-08", "Kab", answers, None, dict.fromkeys(grades, "B")
    )
    result = assess_file(str(akip), sakip)
    assert "PMPRB-E411" not in {f.code for f in result.findings} and result.verified is not None
    return found - {"PMPRB-E401"}  # (each blank answer still said "dihitung 0")


def w427(tmp: Path) -> set[str]:
    # BB on a sub-komponen with no criterion answered, in the unit's own column: 80 % of its weight, and a
    # workbook of BB everywhere scored 80,00 (BB) as valid, its 80 blank criteria "dihitung 0" for nothing.
    sakip = load_rubric("sakip-2021")
    blank = {f"1_a_{n}": "" for n in range(1, 7)}
    path = template(tmp, sakip, **{"1_a": "BB", **blank})
    result = assess_file(str(path), sakip)
    (said,) = [f for f in result.findings if f.code == "PMPRB-W427"]
    assert said.item == "1.a" and "dibaca E (0 dari 6 kriteria terpenuhi, 6 belum dijawab" in said.message
    assert result.card is not None and {i.code: i.answer for i in result.card.items}["1.a"] == "E"
    assert [f.code for f in result.findings if f.item.startswith("1.a.")] == ["PMPRB-E401"] * 6  # they count
    # Two of six met: C, the grade the criteria support, not the B typed.
    some = template(tmp, sakip, name="some.xlsx", **{"1_a": "B", **{f"1_a_{n}": "Tidak" for n in range(3, 7)}})
    card = assess_file(str(some), sakip).card
    assert card is not None and {i.code: i.answer for i in card.items}["1.a"] == "C"
    # The evaluator's grade is judgement: it stands in the verified score (W415 where criteria say less).
    judged = template(tmp, sakip, name="judged.xlsx", **{"1_a": "", **blank}, evaluator={"1.a": "BB"})
    verified = assess_file(str(judged), sakip).verified
    assert verified is not None and {i.code: i.answer for i in verified.items}["1.a"] == "BB"
    return {f.code for f in result.findings} - {"PMPRB-E401"}


def test_a_rubric_without_grades_by_criteria_scores_the_units_grade_as_typed(tmp_path: Path) -> None:
    # sakip-2021 1.0.1, as a history keeps it for a past period: its exports and reruns score as they did.
    from pmprb_cli.rubric import rubric_from_bytes

    sakip = load_rubric("sakip-2021")
    assert sakip.unit_grade_by_criteria and sakip.version == "1.0.2" and sakip.scores_as == ()  # 1.0.0 scored as 1.0.1
    text = Path(sakip.path).read_bytes().replace(b"unit_grade_by_criteria = true\n", b"")
    before = rubric_from_bytes(text.replace(b'version = "1.0.2"', b'version = "1.0.1"'), Path("sakip-2021.toml"))
    assert not before.unit_grade_by_criteria
    path = template(tmp_path, before, **{"1_a": "BB", **{f"1_a_{n}": "" for n in range(1, 7)}})
    result = assess_file(str(path), before)
    assert result.card is not None and {i.code: i.answer for i in result.card.items}["1.a"] == "BB"
    assert {f.code for f in result.findings} == {"PMPRB-W416"}  # the grade stands; blanks said, not counted
    # Read with 1.0.2, its template is an older version's, which scores otherwise: W208 says to take a new one.
    assert "PMPRB-W208" in codes(path, sakip)


def i501(tmp: Path) -> set[str]:
    sakip = load_rubric("sakip-2021")
    return codes(template(tmp, sakip, **{"1_a": ""}), sakip)


def w407(tmp: Path) -> set[str]:
    return codes(template(tmp, B_I_1="70,5"))


def w408(tmp: Path) -> set[str]:
    path = template(tmp)
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban'))}{lke_rows(path)['A.I.1.a']}"
    return codes(set_cell_xml(path, ref, f'<c r="{ref}" t="str"><f>IF(1,"A","B")</f><v>A</v></c>'))


def test_a_true_libreoffice_saved_as_a_formula_is_no_formula_finding(tmp_path: Path) -> None:
    # TRUE typed in LibreOffice is saved <f>TRUE()</f> with t="b": "berisi rumus; hasilnya 'TRUE'" was said of a
    # cell the operator typed, and W411 beside it quoted Python's 'True'.
    path = template(tmp_path)
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban'))}{lke_rows(path)['A.I.1.a']}"
    result = assess_file(str(set_cell_xml(path, ref, f'<c r="{ref}" t="b"><f>TRUE()</f><v>1</v></c>')), RB)
    said = {f.code: f for f in result.findings if f.cell == ref}
    assert "PMPRB-W408" not in said and "PMPRB-E402" in said
    assert "True" not in " ".join(f.message for f in result.findings)


def test_an_akip_grade_the_unit_typed_wrong_is_offered_the_units_own_grades(tmp_path: Path) -> None:
    # "Baik" as a sub-komponen's grade: "Gunakan salah satu pilihan: AA / A / BB / …", against its column's own
    # list (BB down) and W423 (AA and A are the evaluator's).
    from pmprb_cli.registry import Unit
    from pmprb_cli.template import write_template

    sakip = load_rubric("sakip-2021")
    node = next(iter(sakip.graded()))
    answers: dict[str, object] = {i.code: "Ya" for i in sakip.items()}
    answers[node.code] = "Baik"
    path = write_template(tmp_path / "x.xlsx", sakip, Unit("X", "Dinas X", "dinas"), "2022-08", "Kab Uji", answers)
    (said,) = [f for f in assess_file(str(path), sakip).findings if f.code == "PMPRB-E402"]
    assert said.hint == "Gunakan salah satu pilihan: BB / B / CC / C / D / E."


def test_an_akip_grade_the_evaluator_agrees_to_counts_as_the_evaluators(tmp_path: Path) -> None:
    # Every criterion Ya, AA typed by the unit, "sesuai" beside it in Jawaban Evaluator: verified 80,00 (BB), as
    # if the evaluator had not spoken, where writing AA gave 100,00; only W423, addressed to the unit, said it.
    from pmprb_cli.registry import Unit
    from pmprb_cli.template import write_template

    sakip = load_rubric("sakip-2021")
    grades = [n.code for n in sakip.graded()]
    answers: dict[str, object] = {i.code: "Ya" for i in sakip.items()}
    answers.update(dict.fromkeys(grades, "AA"))
    index = {}
    for mark in ("sesuai", "AA"):
        unit = Unit("DINKES", "Dinas Kesehatan", "dinas")
        path = write_template(
            tmp_path / f"{mark}.xlsx", sakip, unit, "2022-08", "Kab Uji", answers, None, dict.fromkeys(grades, mark)
        )
        result = assess_file(str(path), sakip)
        assert result.verified is not None and result.card is not None
        index[mark] = (result.verified.index, result.card.index)
        # Said as a change, as typing AA is: it raised the index with "mengubah 0" and no row of differences.
        changes = [f for f in result.findings if f.code == "PMPRB-I502"]
        assert len(changes) == len(grades), (mark, changes[:2])
        if mark == "sesuai":
            assert changes[0].message.endswith("menjawab 'AA (disetujui)' untuk 1.a, unit menjawab 'AA (dihitung BB)'.")
    assert index["sesuai"] == index["AA"] == (pytest.approx(100.0), pytest.approx(80.0))
    # A grade that is no grade ('Baik') stays the unit's error, agreed to or not: it was counted 0 in the ranked
    # index with "sah — 0 kesalahan" and a W430 naming 'Baik' as the evaluator's answer.
    answers[grades[0]] = "Baik"
    path = write_template(
        tmp_path / "baik.xlsx", sakip, unit, "2022-08", "Kab Uji", answers, None, {grades[0]: "sesuai"}
    )
    assert "PMPRB-E402" in {f.code for f in assess_file(str(path), sakip).findings}


def e410(tmp: Path) -> set[str]:
    # A formula a program wrote, never calculated: "belum dijawab" was said of a cell the operator sees filled.
    path = template(tmp)
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban'))}{lke_rows(path)['A.I.1.a']}"
    found = codes(set_cell_xml(path, ref, f'<c r="{ref}"><f>IF(1,"A","B")</f></c>'))
    # The template's stored Nilai and index are those of the answer the formula replaced: W411/W413 say so.
    return found - {"PMPRB-W411", "PMPRB-W413"}


def _jawaban_place(path: Path) -> tuple[int, int, int]:
    """A template's header row, its Jawaban column and the row of A.I.1.a (1-based, as openpyxl counts)."""
    found_header = find_header(open_workbook(str(path)).sheet("LKE"))
    assert found_header is not None
    return found_header.row + 1, column(path, "jawaban"), lke_rows(path)["A.I.1.a"]


def _copy_jawaban(
    book: openpyxl.Workbook, header: int, col: int, title: str | None, row: int, new_value: str | None
) -> None:
    """Last month's Jawaban copied two columns right of the sheet (retitled if ``title``), one answer changed there."""
    sheet = book["LKE"]
    far = sheet.max_column + 2
    for r in range(header, sheet.max_row + 1):
        sheet.cell(r, far).value = sheet.cell(r, col).value
    if title is not None:
        sheet.cell(header, far).value = title
    if new_value is not None:
        sheet.cell(row, far).value = new_value


def e214(tmp: Path) -> set[str]:
    # Last month's Jawaban column copied beside it, the new answers typed in the copy: the old ones were scored
    # "sah" without a word. A copy alike changes nothing and is not said.
    path = template(tmp)
    header, col, row = _jawaban_place(path)

    def copy_column(book: openpyxl.Workbook, new_value: str | None) -> None:
        _copy_jawaban(book, header, col, None, row, new_value)

    assert sheet_title(path, header, col) == "Jawaban"
    alike = edit(template(tmp, name="alike.xlsx"), lambda book: copy_column(book, None))
    assert "PMPRB-E214" not in codes(alike)

    # Another title of the same kind ("Jawaban OPD" beside "Jawaban") is another column, not a copy.
    def titled(book: openpyxl.Workbook) -> None:
        copy_column(book, "Tidak")
        book["LKE"].cell(header, book["LKE"].max_column).value = "Jawaban OPD"

    assert "PMPRB-E214" not in codes(edit(template(tmp, name="opd.xlsx"), titled))
    found = assess_file(str(edit(path, lambda book: copy_column(book, "Tidak"))), RB, registry(tmp), period_of(RB))
    (e214,) = [f for f in found.findings if f.code == "PMPRB-E214"]
    assert e214.item == "A.I.1.a" and e214.value == "Tidak" and "berbeda di 1 butir" in e214.message
    return {f.code for f in found.findings}


def w438(tmp: Path) -> set[str]:
    # Last month's Jawaban copied beside it and retitled with the month, the new answers typed in the copy: the
    # old answers were scored "sah", with no finding at all (E214 looked only at a second column titled the same).
    path = template(tmp)
    header, col, row = _jawaban_place(path)

    def copy_column(title: str, new_value: str | None) -> Callable[[openpyxl.Workbook], None]:
        return lambda book: _copy_jawaban(book, header, col, title, row, new_value)

    # A copy alike is not said; nor another's column that names its reader (a reviewer's: deleting it is no advice).
    assert "PMPRB-W438" not in codes(edit(template(tmp, name="alike.xlsx"), copy_column("Jawaban Agustus", None)))
    for title in (
        *("Jawaban Reviu", "Jawaban Final", "Jawaban Pendamping", "Jawaban TPI", "Jawaban (2021)"),
        *("Jawaban Reviu Agustus", "Jawaban Bagian Organisasi (Agustus)", "Jawaban Pembina TW III"),
    ):
        assert "PMPRB-W438" not in codes(edit(template(tmp, name="reviu.xlsx"), copy_column(title, "Tidak"))), title
    # A month's copy is, whichever way the month is written.
    for title in (
        *("Jawaban Agustus 2022", "Jawaban Agt-22", "Jawaban Bulan Lalu", "Jawaban Juli22", "Jawaban Terbaru"),
        *("Jawaban Update", "Jawaban Agst", "Jawaban Koreksi", "Jawaban Perubahan", "Jawaban Semester I"),
    ):
        assert "PMPRB-W438" in codes(edit(template(tmp, name="bulan.xlsx"), copy_column(title, "Tidak"))), title
    found = assess_file(str(edit(path, copy_column("Jawaban Agustus", "Tidak"))), RB, registry(tmp), period_of(RB))
    (w438,) = [f for f in found.findings if f.code == "PMPRB-W438"]
    assert w438.item == "A.I.1.a" and w438.value == "Tidak"
    at = openpyxl.utils.get_column_letter(col)
    assert f"'Jawaban Agustus' berbeda dari kolom {at} di 1 butir; yang dinilai kolom {at})" in w438.message
    return {f.code for f in found.findings}


def sheet_title(path: Path, row: int, col: int) -> object:
    return openpyxl.load_workbook(path, read_only=True)["LKE"].cell(row, col).value


def w424(tmp: Path) -> set[str]:
    # An evaluator's formula saved by a script without its result read as blank: the row kept the unit's answer
    # without a word — also when it is the evaluator's only entry (a whole column of them was silent).
    path = template(tmp)
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban_evaluator'))}{lke_rows(path)['A.I.1.a']}"
    found = codes(set_cell_xml(path, ref, f'<c r="{ref}"><f>IF(1,"Ya","Tidak")</f></c>'))
    # A spreadsheet's formula whose result is an empty text is answered (blank), not unread.
    (tmp / "b").mkdir()
    saved = f'<c r="{ref}" t="str"><f>IF(1,"","Ya")</f><v></v></c>'
    assert "PMPRB-W424" not in codes(set_cell_xml(template(tmp / "b"), ref, saved))
    return found


def e409(tmp: Path) -> set[str]:
    path = template(tmp)
    row, col = lke_rows(path)["A.I.1.a"], column(path, "jawaban")
    found = codes(edit(path, lambda b: b["LKE"].cell(row, col, dt.datetime(2019, 7, 1))))
    # "3.8" and "61.4" typed in Excel set to Indonesian are times: said "berisi tanggal (2 days, 13:04:00)" in
    # Python's English, with a hint about dates (operrev).
    rows, number = lke_rows(path), "B.I.2"  # (a hasil indicator on 0–5)
    for typed, shown in ((dt.time(3, 8), "03.08"), (dt.timedelta(hours=61, minutes=4), "61.04")):
        (tmp / shown).mkdir()
        timed = edit(template(tmp / shown), lambda b, t=typed: b["LKE"].cell(rows[number], col, t))  # type: ignore[misc]
        (said,) = [f for f in assess_file(str(timed), RB).findings if f.code == "PMPRB-E409"]
        assert f"berisi jam ({shown}); dihitung 0." in said.message, said.message
        assert said.hint.startswith("Di Excel berpengaturan Indonesia, angka bertitik seperti 3.8 terbaca sebagai jam")
    (dated,) = [f for f in assess_file(str(path), RB).findings if f.code == "PMPRB-E409"]
    assert "berisi tanggal (2019-07-01); dihitung 0." in dated.message and "Format sel itu tanggal" in dated.hint
    return found


def w410(tmp: Path) -> set[str]:
    evidence = evidence_for(RB)
    del evidence["A.I.1.a"]
    path = write_template(tmp / "x.xlsx", RB, UNIT, PERIOD, answers=best_answers(RB), evidence=evidence)
    # An answer at its lowest choice, worth 0 ("Tidak", "E"), has no document to show: W410's "-" never cleared it.
    scales = RB.item_scales()
    lowest = {
        code: min(scale.values, key=lambda k: scale.values[k])
        for code in evidence
        if (scale := scales.get(code)) is not None and scale.kind == "choice" and min(scale.values.values()) == 0
    }
    answers = {**best_answers(RB), **lowest}
    none = {c: v for c, v in evidence.items() if c not in lowest}
    (tmp / "low").mkdir()
    low = assess_file(str(write_template(tmp / "low" / "x.xlsx", RB, UNIT, PERIOD, answers=answers, evidence=none)), RB)
    assert lowest and {f.item for f in low.findings if f.code == "PMPRB-W410"} == {"A.I.1.a"}
    # Nor an answer that is no choice (E402 says so): "X" on a Ya/Tidak item was told to add bukti dukung too.
    yes_no = next(code for code in lowest if lowest[code] == "Tidak")
    (tmp / "none").mkdir()
    crossed = write_template(
        tmp / "none" / "x.xlsx", RB, UNIT, PERIOD, answers={**best_answers(RB), yes_no: "X"}, evidence=none
    )
    said = assess_file(str(crossed), RB).findings
    assert [f.item for f in said if f.code == "PMPRB-E402"] == [yes_no]
    assert yes_no not in {f.item for f in said if f.code == "PMPRB-W410"}
    # One the hint reads as a choice worth something asks as it would: "√" was told "mungkin maksudnya 'Ya'" and
    # nothing of its bukti dukung till the second sending (diffrev23).
    (tmp / "tick").mkdir()
    ticked = write_template(
        tmp / "tick" / "x.xlsx", RB, UNIT, PERIOD, answers={**best_answers(RB), yes_no: "√"}, evidence=none
    )
    said = assess_file(str(ticked), RB).findings
    assert yes_no in {f.item for f in said if f.code == "PMPRB-E402"} & {f.item for f in said if f.code == "PMPRB-W410"}
    return codes(path)


def w434(tmp: Path) -> set[str]:
    # A path on the operator's computer passed as evidence: nobody else can open it.
    evidence = evidence_for(RB)
    evidence["A.I.1.a"] = "C:\\Users\\Operator\\Documents\\LKE 2022\\SK Tim RB.pdf"
    evidence["A.I.1.b"] = "file:///D:/BUKTI%20RB/1.b.pdf"
    evidence["A.I.1.c"] = "https://drive.google.com/file/d/abc/view"  # (a link: fine)
    evidence["A.I.2.a"] = "\\\\fileserver\\pmprb\\DINKES\\SK Tim RB.pdf"  # (a Windows share: the office's only)
    path = write_template(tmp / "x.xlsx", RB, UNIT, PERIOD, answers=best_answers(RB), evidence=evidence)
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    said = {f.item: f for f in result.findings if f.code == "PMPRB-W434"}
    assert set(said) == {"A.I.1.a", "A.I.1.b", "A.I.2.a"}
    assert said["A.I.1.a"].cell == f"{result.submission.evidence_column}{lke_rows(path)['A.I.1.a']}"  # type: ignore[union-attr]
    return {f.code for f in result.findings}


def test_a_link_to_a_file_beside_the_workbook_is_evidence_on_the_operators_computer(tmp_path: Path) -> None:
    # Excel saves a link to a file on the workbook's own drive relative to it ("../../Desktop/SK.pdf"): it passed
    # as evidence while the same link written C:\… got PMPRB-W434; so did "..\Bukti\roadmap.pdf" typed.
    path = template(tmp_path)
    rows, col = lke_rows(path), openpyxl.utils.get_column_letter(column(path, "bukti"))
    links = {
        "A.I.1.a": ("SK Tim RB", "../../Desktop/SK%20Tim%20RB.pdf"),
        "A.I.1.b": ("Monev", "monev.pdf"),
        "A.I.1.c": ("Roadmap", "https://drive.google.com/file/d/abc/view"),  # (a web link: fine)
        "A.I.2.a": ("Laporan", "mailto:ortala@example.go.id"),  # (a scheme of its own: not a file)
        "A.I.2.b": ("SK", "www.example.go.id/sk.pdf"),  # (Excel opens it as a web address)
        # (web addresses without their scheme, as Google Sheets takes them: not files)
        "A.I.2.c": ("SK Tim RB", "bit.ly/SK-TimRB"),
        "A.I.2.d": ("Folder", "drive.google.com/drive/folders/abc"),
        "A.I.3.c": ("Notulen", "s.id/notulen-rb"),
        "A.I.3.d": ("Laporan", "Dok.RB/monev.pdf"),  # (a folder named with a dot, not a host: a file)
        # Shown as its own name, as Excel shows a link to a file in the workbook's folder (the link was dropped).
        "A.I.3.e": ("notulen.pdf", "notulen.pdf"),
        "A.I.3.f": ("https://contoh.go.id/sk.pdf", "https://contoh.go.id/sk.pdf"),  # (a web link shown so: fine)
    }

    def change(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        for code, (text, target) in links.items():
            ws[f"{col}{rows[code]}"] = text
            ws[f"{col}{rows[code]}"].hyperlink = target
        ws[f"{col}{rows['A.I.3.a']}"] = "..\\Bukti\\roadmap.pdf"
        ws[f"{col}{rows['A.I.3.b']}"] = "SK Bupati No. 12/2022"  # (a document's number: fine)

    result = assess_file(str(edit(path, change)), RB, registry(tmp_path), PERIOD)
    said = {f.item: f for f in result.findings if f.code == "PMPRB-W434"}
    assert set(said) == {"A.I.1.a", "A.I.1.b", "A.I.3.a", "A.I.3.d", "A.I.3.e"}
    assert said["A.I.1.a"].cell == f"{col}{rows['A.I.1.a']}" and "../../Desktop" in said["A.I.1.a"].message


def test_a_gate_the_evaluator_judged_unmet_says_what_it_zeroed_in_the_verified_index(tmp_path: Path) -> None:
    # The evaluator's "Tidak" on Road Map a made the unit's own d and e ("A") count 0 in the ranked index: 0,24
    # lost where the evaluator's one change explained 0,08, and no PMPRB-I506 said so (only the unit's gates).
    rb = load_rubric("pmprb-2020")
    path = template(tmp_path, rb, evaluator={"A.I.1.ii.a": "Tidak"})
    result = assess_file(str(path), rb, registry(tmp_path), period_of(rb))
    rows, col = lke_rows(path), openpyxl.utils.get_column_letter(column(path, "jawaban"))
    said = {f.item: f for f in result.findings if f.code == "PMPRB-I506"}
    assert set(said) == {"A.I.1.ii.d", "A.I.1.ii.e"}
    assert (
        said["A.I.1.ii.d"].cell == f"{col}{rows['A.I.1.ii.d']}"
        and "A.I.1.ii.a dijawab 'Tidak'" in said["A.I.1.ii.d"].message
    )
    assert "Jawaban Evaluator" in said["A.I.1.ii.d"].hint
    # The unit's own "Tidak" there is said once, as before.
    (tmp_path / "own").mkdir()
    both = template(tmp_path / "own", rb, A_I_1_ii_a="Tidak", evaluator={"A.I.1.ii.a": "Tidak"})
    result = assess_file(str(both), rb, registry(tmp_path / "own"), period_of(rb))
    assert sorted(f.item for f in result.findings if f.code == "PMPRB-I506") == ["A.I.1.ii.d", "A.I.1.ii.e"]


def w435(tmp: Path) -> set[str]:
    # "terlampir" in every Bukti Dukung cell passed as evidence ("sah — 0 peringatan"): nothing is attached to a
    # workbook, and the evaluator had nothing to open.
    evidence = evidence_for(RB)
    evidence["A.I.1.a"] = "Terlampir"
    evidence["A.I.1.b"] = " sudah ada. "
    evidence["A.I.1.c"] = "Terlampir: SK Bupati No. 12/2022"  # (a document named: fine)
    # As people write it: with other such words and punctuation, full-width, a zero-width space pasted with it.
    evidence["A.I.2.b"] = "Ada, terlampir"
    evidence["A.I.2.a"] = "Ｔｅｒｌａｍｐｉｒ\u200b"
    # A mark "x", and a kind of document alone ("Dokumen pendukung"), name no document either; a kind with its
    # name does ("Dokumen RB 2022").
    evidence["A.I.3.a"] = "x"
    evidence["A.I.3.b"] = "Dokumen pendukung"
    evidence["A.I.3.c"] = "Dokumen RB 2022"
    path = write_template(tmp / "x.xlsx", RB, UNIT, PERIOD, answers=best_answers(RB), evidence=evidence)
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    said = {f.item: f for f in result.findings if f.code == "PMPRB-W435"}
    assert set(said) == {"A.I.1.a", "A.I.1.b", "A.I.2.a", "A.I.2.b", "A.I.3.a", "A.I.3.b"}
    assert said["A.I.1.a"].cell == f"{result.submission.evidence_column}{lke_rows(path)['A.I.1.a']}"  # type: ignore[union-attr]
    assert "berisi 'Terlampir', bukan tautan" in said["A.I.1.a"].message
    assert "PMPRB-W410" not in {f.code for f in result.findings if f.item in said}  # (not said empty)
    return {f.code for f in result.findings}


def w439(tmp: Path) -> set[str]:
    # "https://wa.me/62812…", "mailto:…", "Hubungi Budi 0812-3456-7890" passed as evidence: no document to open, and
    # the number went into the rekap and the package (privrev). A document's link or number is none.
    evidence = evidence_for(RB)
    evidence["A.I.1.a"] = "https://wa.me/6281234567890"
    evidence["A.I.1.b"] = "Hubungi Budi 0812-3456-7890 untuk dokumennya"
    evidence["A.I.1.c"] = "mailto:budi@contoh.go.id"
    evidence["A.I.2.a"] = "SK Bupati No. 0812/2022 tentang Tim RB"
    evidence["A.I.2.b"] = "https://drive.google.com/file/d/Xy/view?authuser=budi@contoh.go.id"
    evidence["A.I.3.a"] = "NIP 197808122005011002 (penanggung jawab), SK No. 12/2022"
    # A document named beside a number, a Drive link typed without https:// (its account's address in it): none;
    # written otherwise, a number or a WhatsApp link still is one (diffrev20).
    evidence["A.I.3.b"] = "SK.pdf; Daftar hadir.pdf (CP 0812-3456-7890)"
    evidence["A.I.3.c"] = "drive.google.com/drive/folders/abc?usp=sharing&authuser=budi@gmail.com"
    evidence["A.I.4.a"] = "+62-812-3456-7890"
    evidence["A.I.4.b"] = "https://wa.link/abc123"
    evidence["A.I.4.c"] = "Https://wa.me/message/ABCDEFGHIJ"  # (a scheme in mixed case: hostrev11)
    path = write_template(tmp / "x.xlsx", RB, UNIT, PERIOD, answers=best_answers(RB), evidence=evidence)
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    said = {f.item: f for f in result.findings if f.code == "PMPRB-W439"}
    assert set(said) == {"A.I.1.a", "A.I.1.b", "A.I.1.c", "A.I.4.a", "A.I.4.b", "A.I.4.c"}
    assert "kontak (WhatsApp)" in said["A.I.1.a"].message and "kontak (telepon)" in said["A.I.1.b"].message
    assert said["A.I.1.c"].cell == f"{result.submission.evidence_column}{lke_rows(path)['A.I.1.c']}"  # type: ignore[union-attr]
    assert "berisi kontak (e-mail), bukan tautan atau nama dokumen" in said["A.I.1.c"].message
    # What is sent out of the pemda of a cell naming a document: every address of a list, numbers however joined
    # to a word, a NIK, the account of a second link (hostrev11).
    from pmprb_cli.checks import masked_contacts, sent_evidence

    assert masked_contacts("SK.pdf; anggota: a@x.go.id, b@x.go.id, c@x.go.id").count("(alamat e-mail disamarkan)") == 3
    assert masked_contacts("Notulen.pdf (Hp.081234567890), CP Budi-081234567890, NIK 3201234567890001") == (
        "Notulen.pdf (Hp.(nomor disamarkan)), CP Budi-(nomor disamarkan), NIK (nomor disamarkan)"
    )
    assert masked_contacts("SK 800/0812/2022") == "SK 800/0812/2022"  # (a document's number)
    two = "https://x.go.id/a?usp=sharing https://drive.google.com/b?authuser=budi@gmail.com&usp=1"
    assert sent_evidence(two, "") == ("https://x.go.id/a?usp=sharing https://drive.google.com/b?usp=1", "")
    return {f.code for f in result.findings}


def test_contacts_written_other_ways_are_contacts() -> None:
    # A Telegram link by its app's scheme, a LINE link, a number with its area code in brackets after +62 passed as
    # evidence and went out of the pemda unmasked (hostrev11).
    from pmprb_cli.checks import masked_contacts, names_a_contact

    assert names_a_contact("tg://resolve?domain=budi_rb") == "Telegram"
    assert names_a_contact("https://line.me/ti/p/~budi") == "LINE" == names_a_contact("line.me/ti/p/~budi")
    assert names_a_contact("https://lin.ee/AbCd123") == "LINE" == names_a_contact("line://ti/p/@budi")
    assert names_a_contact("+62 (812) 3456-7890") == "telepon" == names_a_contact("(+62) 812 3456 7890")
    assert masked_contacts("Notulen.pdf, CP +62 (812) 3456-7890") == "Notulen.pdf, CP (nomor disamarkan)"
    # A document's link that names such a host in its path, a word "Line", a document's number: none.
    assert names_a_contact("https://drive.google.com/drive/folders/line.me") == ""
    assert names_a_contact("Line 3 tabel capaian") == "" == names_a_contact("SK 800/0812/2022")
    # A date after "Tg:", a sum in thousands after 62: no contact, and sent as written (diffrev22).
    assert names_a_contact("Tg: 12-01-2022 SK Bupati No. 5") == "" == names_a_contact("LRA 2022 (pagu 62.850.000.000)")
    assert (
        masked_contacts("Anggaran (62) 812.345.000; pagu 62.850.000.000")
        == "Anggaran (62) 812.345.000; pagu 62.850.000.000"
    )
    # A number typed with a Japanese or Chinese input method, or on a phone set to Arabic: neither said nor masked
    # (hostrev11). Masked in place, what is around it as typed.
    for typed in (
        "０８１２-３４５６-７８９０",
        "\u0660\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660",
        "＋６２ ８１２ ３４５６ ７８９０",
    ):
        assert names_a_contact(f"Hubungi Budi {typed}") == "telepon", typed
        assert masked_contacts(f"Notulen.pdf（CP {typed}）") == "Notulen.pdf（CP (nomor disamarkan)）", typed
    assert (
        masked_contacts("SK Nomor \u0661\u0662/\u0662\u0660\u0662\u0662")
        == "SK Nomor \u0661\u0662/\u0662\u0660\u0662\u0662"
    )


def w440(tmp: Path) -> set[str]:
    # The evaluator's "Tidak" typed in Catatan Evaluator, a "C" in a column "Koreksi Evaluator" added after the table:
    # the unit ranked "mandiri" on its own answers without a word (verifrev). A note in words, or a choice beside an
    # evaluator answer already given, is none.
    def typed(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        header = {c.value: c.column for c in ws[8]}
        extra = ws.max_column + 1
        ws.cell(8, extra, "Koreksi Evaluator")
        rows = {row[0].value: row[0].row for row in ws.iter_rows(min_row=9) if row[0].value}
        ws.cell(rows["A.I.2.a"], header["Catatan Evaluator"], "Tidak")
        ws.cell(rows["A.I.1.b"], extra, "c.")
        ws.cell(rows["A.I.1.c"], header["Catatan Evaluator"], "C, karena bukti belum lengkap")
        ws.cell(rows["A.I.2.b"], header["Jawaban Evaluator"], "B")
        ws.cell(rows["A.I.2.b"], extra, "B")

    path = edit(template(tmp), typed)
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    said = {f.item: f for f in result.findings if f.code == "PMPRB-W440"}
    assert set(said) == {"A.I.2.a", "A.I.1.b"}
    rows = lke_rows(path)
    assert said["A.I.2.a"].cell == f"O{rows['A.I.2.a']}" and said["A.I.1.b"].cell == f"P{rows['A.I.1.b']}"
    assert f"berisi 'Tidak', pilihan butir A.I.2.a, sedangkan Jawaban Evaluator butir itu (N{rows['A.I.2.a']})" in (
        said["A.I.2.a"].message
    )

    # The kabupaten's own helper column (untitled, filled down, the unit's answers copied) is none: 161 W440 of one
    # such column (diffrev22). A few entries there that differ from the unit's answers, spelled as Jawaban Evaluator
    # reads them ("T"), are.
    def helper(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        jawaban = next(c.column for c in ws[8] if c.value == "Jawaban")
        extra = ws.max_column + 1
        for row in ws.iter_rows(min_row=9):
            if row[0].value:
                ws.cell(row[0].row, extra, ws.cell(row[0].row, jawaban).value)

    (tmp / "helper").mkdir()
    copied = edit(template(tmp / "helper"), helper)
    assert "PMPRB-W440" not in codes(copied)

    def sparse(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        rows = {row[0].value: row[0].row for row in ws.iter_rows(min_row=9) if row[0].value}
        ws.cell(rows["A.I.2.a"], ws.max_column + 1, "T")

    (tmp / "sparse").mkdir()
    few = assess_file(str(edit(template(tmp / "sparse"), sparse)), RB, registry(tmp), PERIOD)
    assert [(f.item, f.value) for f in few.findings if f.code == "PMPRB-W440"] == [("A.I.2.a", "T")]
    return {f.code for f in result.findings} - {"PMPRB-I502", "PMPRB-W417"}  # (A.I.2.b's evaluator answer: its own)


def w436(tmp: Path) -> set[str]:
    # "sesuai" beside an invalid "Sudah" and ✓ beside a blank: counted as verified answers ("Evaluator mengisi 2
    # dari 201 jawaban") while both items counted 0, and nothing was said to the evaluator.
    path = template(tmp, A_I_1_a="Sudah", A_I_1_b="", evaluator={"A.I.1.a": "sesuai", "A.I.1.b": "✓", "A.I.1.c": "✓"})
    result = assess_file(str(path), RB, registry(tmp), PERIOD)
    said = {f.item: f for f in result.findings if f.code == "PMPRB-W436"}
    assert set(said) == {"A.I.1.a", "A.I.1.b"}  # (A.I.1.c: its answer is one, the mark agrees with it)
    # Entries the verified score did not use: counted in every summary, as on page 1 (it was page 1 alone).
    assert result.unread_by_evaluator == 2
    assert said["A.I.1.b"].cell.startswith(result.submission.answers["A.I.1.b"].evaluator_cell[:1])  # type: ignore[union-attr]
    assert result.verified is not None and result.verified.checked[0] == 1  # (the one mark beside an answer)
    # The rekap's Jawaban sheet says so too ("setuju (jawaban unit)" stood beside a blank).
    import io

    from pmprb_cli.batch import build_batch
    from pmprb_cli.merging import merged_bytes

    batch = build_batch([str(path)], RB, period=PERIOD, target="BB")
    sheet = openpyxl.load_workbook(io.BytesIO(merged_bytes(batch)))["Jawaban"]
    said_there = {row[2]: row[13] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (
        said_there["A.I.1.b"] == "tanda setuju tanpa jawaban unit" and said_there["A.I.1.c"] == "setuju (jawaban unit)"
    )
    # A grade left blank beside a ✓ is its criteria's (I501), not "dihitung 0": no W436 (LKE AKIP).
    sakip = load_rubric("sakip-2021")
    answers: dict[str, object] = {i.code: "Ya" for i in sakip.items()}
    grade = next(iter(sakip.graded())).code
    (tmp / "akip").mkdir()
    akip = write_template(tmp / "akip" / "a.xlsx", sakip, UNIT, "2022-08", "Kab", answers, None, {grade: "✓"})
    assert "PMPRB-W436" not in {f.code for f in assess_file(str(akip), sakip).findings}
    return {f.code for f in result.findings} - {"PMPRB-E401", "PMPRB-E402"}  # (the unit's own, said to it)


def test_missing_evidence_points_at_the_empty_bukti_dukung_cell(tmp_path: Path) -> None:
    # W410 named the answer cell (K14), which the operator finds filled; the empty cell is in Bukti Dukung.
    evidence = evidence_for(RB)
    del evidence["A.I.1.a"]
    path = write_template(tmp_path / "x.xlsx", RB, UNIT, PERIOD, answers=best_answers(RB), evidence=evidence)
    (w410_found,) = [f for f in assess_file(str(path), RB).findings if f.code == "PMPRB-W410"]
    ws = openpyxl.load_workbook(path)[w410_found.sheet]
    cell = ws[w410_found.cell]
    assert cell.value is None and "bukti" in str(ws.cell(find_header_row(ws), cell.column).value).casefold()


@pytest.mark.parametrize(
    "typed",
    [
        "-",
        " – ",
        "Tidak ada",
        "NIHIL",
        "n/a",
        # Counted as evidence, and listed as such for Kemenpan-RB: none of them is one.
        "Tidak ada.",
        "Belum tersedia",
        "Tidak Ada Bukti Dukung",
        "Dalam proses",
        "menyusul",
        "Akan dilengkapi",
        "Ｔｉｄａｋ ａｄａ",
    ],
)
def test_a_dash_or_tidak_ada_in_bukti_dukung_is_no_evidence(tmp_path: Path, typed: str) -> None:
    # "-" is how a form says "none": it counted as evidence, and no W410 said the item had none.
    evidence = evidence_for(RB)
    evidence["A.I.1.a"] = typed
    path = write_template(tmp_path / "x.xlsx", RB, UNIT, PERIOD, answers=best_answers(RB), evidence=evidence)
    assert [f.item for f in assess_file(str(path), RB).findings if f.code == "PMPRB-W410"] == ["A.I.1.a"]


def test_evidence_read_as_people_write_it(tmp_path: Path) -> None:
    # W435 missed "it exists somewhere" once one more word stood beside it; W434 missed a path not first in its
    # cell, and took "File: SK ….pdf" for a file: link, and a path shown over a Drive link for the evidence.
    evidence = evidence_for(RB)
    evidence.update(
        {
            "A.I.1.a": "lihat lampiran 3",
            "A.I.1.b": "(dokumen fisik di bagian organisasi)",
            "A.I.1.c": "Sudah di upload",
            "A.I.2.a": "SK Tim RB; D:\\BUKTI\\SK.pdf",
            "A.I.2.b": "https://drive.google.com/file/d/a\nC:\\Users\\Operator\\notulen.pdf",
            "A.I.2.c": "Desktop\\BUKTI RB\\SK.pdf",
            "A.I.3.c": "/storage/emulated/0/Download/SK Tim RB.pdf",  # (a phone's)
            "A.I.2.d": "File: SK Bupati No. 12 Tahun 2022.pdf",  # (a document's name)
            "A.I.2.e": "SOP Bagian Organisasi 2022",  # (a document's name)
            "A.I.3.b": "Aplikasi e-Kinerja //ekinerja.sukamaju.go.id/login",  # (a web address, not a share)
        }
    )
    path = write_template(tmp_path / "x.xlsx", RB, UNIT, PERIOD, answers=best_answers(RB), evidence=evidence)
    rows, col = lke_rows(path), openpyxl.utils.get_column_letter(column(path, "bukti"))

    def label_over_a_link(book: openpyxl.Workbook) -> None:
        book["LKE"][f"{col}{rows['A.I.3.a']}"] = "D:\\BUKTI RB\\SK Tim RB.pdf"
        book["LKE"][f"{col}{rows['A.I.3.a']}"].hyperlink = "https://drive.google.com/file/d/xyz/view"

    found = assess_file(str(edit(path, label_over_a_link)), RB, registry(tmp_path), PERIOD).findings
    said = {code: sorted(f.item for f in found if f.code == code) for code in ("PMPRB-W434", "PMPRB-W435")}
    assert said == {
        "PMPRB-W434": ["A.I.2.a", "A.I.2.b", "A.I.2.c", "A.I.3.c"],
        "PMPRB-W435": ["A.I.1.a", "A.I.1.b", "A.I.1.c"],
    }


def test_no_evidence_under_a_merged_cell_is_said_at_the_cell_that_holds_it(tmp_path: Path) -> None:
    # "-" merged over three rows: W410 at each row's cell, two of them covered cells nobody can type in.
    path = template(tmp_path)
    rows, col = lke_rows(path), openpyxl.utils.get_column_letter(column(path, "bukti"))
    first = rows["A.I.1.a"]
    edit(path, _evidence_merged(col, first, first + 2, "-"))
    found = assess_file(str(path), RB, registry(tmp_path), PERIOD).findings
    assert {f.cell for f in found if f.code == "PMPRB-W410"} == {f"{col}{first}"}


def test_the_evidence_list_gives_a_web_address_without_its_scheme_as_a_link(tmp_path: Path) -> None:
    # "bit.ly/SK-TimRB" behind a cell, opened by the spreadsheet as a web page, was listed "(bukan alamat web,
    # jangan dibuka)" for Kemenpan-RB's reviewer.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.export import evidence_csv

    path = template(tmp_path)
    rows, col = lke_rows(path), openpyxl.utils.get_column_letter(column(path, "bukti"))

    def links(book: openpyxl.Workbook) -> None:
        book["LKE"][f"{col}{rows['A.I.1.a']}"] = "SK Tim RB"
        book["LKE"][f"{col}{rows['A.I.1.a']}"].hyperlink = "bit.ly/SK-TimRB"
        book["LKE"][f"{col}{rows['A.I.1.b']}"] = "Monev"
        book["LKE"][f"{col}{rows['A.I.1.b']}"].hyperlink = "monev.pdf"

    batch = build_batch([str(edit(path, links))], RB, period=PERIOD, target="BB")
    listed = evidence_csv(batch).decode("utf-8-sig")
    assert ",SK Tim RB,https://bit.ly/SK-TimRB" in listed and "(bukan alamat web, jangan dibuka) monev.pdf" in listed


def test_a_logical_value_is_shown_as_a_spreadsheet_shows_it() -> None:
    # TRUE typed in an answer cell was quoted back as Python's 'True'.
    from pmprb_cli.catalogue import finding

    assert "'TRUE'" in finding("PMPRB-E402", "f.xlsx", item="A.I.1.a", value=True, lang="id").message
    from pmprb_cli.ranking import _typed

    assert _typed(True) == "TRUE" and _typed(False) == "FALSE"  # the action list, beside that finding
    # A checkbox (Google Sheets) stores TRUE on a Ya/Tidak item: the hint says what to type instead.
    from pmprb_cli.scoring import _choices_hint

    yes_no = RB.scales["YT"]
    assert _choices_hint(yes_no, True) == (
        "Ya / Tidak (BENAR/SALAH, dari kotak centang atau benar/salah yang diketik, bukan jawaban: ketik salah satu "
        "pilihan)"
    )


def test_a_count_with_floating_point_noise_is_whole(tmp_path: Path) -> None:
    # 6.000000000000001 (a formula pasted as values) was "'6' bukan bilangan bulat; dibaca 6".
    rubric = load_rubric("pmprb-2020")
    code = min(f.code for item in rubric.items() if item.computed for f in item.inputs if f.code.endswith(".n2"))
    assert "PMPRB-E412" not in codes(template(tmp_path, rubric, **{code.replace(".", "_"): 0.1 * 3 * 20}), rubric)


def test_a_negative_count_is_shown_in_the_action_list_not_called_blank(tmp_path: Path) -> None:
    # -3 in a Jumlah row got E403, and the action list said the percentage was "(kosong)".
    rubric = load_rubric("pmprb-2020")
    code = min(f.code for item in rubric.items() if item.computed for f in item.inputs if f.code.endswith(".n2"))
    path = template(tmp_path, rubric, **{code.replace(".", "_"): -3})
    from pmprb_cli.batch import build_batch

    batch = build_batch([str(path)], rubric, period=period_of(rubric), target="A")
    currents = {a.code: a.current for a in batch.ranked[0].actions}
    assert currents[code.rsplit(".", 1)[0]] == f"({code} '-3' tidak sah)"


def find_header_row(ws: openpyxl.worksheet.worksheet.Worksheet) -> int:
    """The row of the LKE table's column titles (the one holding "Jawaban")."""
    return next(r for r in range(1, 30) if any(str(c.value).strip() == "Jawaban" for c in ws[r]))


def w412(tmp: Path) -> set[str]:
    return codes(template(tmp, B_I_1=0.75))  # 75% typed in Excel: the nilai SAKIP 0–100 reads 0,75


def test_a_fraction_of_one_on_a_percent_scale_is_said_as_any_fraction(tmp_path: Path) -> None:
    # 100% kept as a fraction (a ratio formula, a pasted value): nilai SAKIP 1 scored 93,07 instead of 100,
    # with no finding, while 0,99 was W412.
    for n, (typed, said) in enumerate(((1.0, True), (0.99, True), (1.5, False), (0, False))):
        (tmp_path / str(n)).mkdir()
        assert ("PMPRB-W412" in codes(template(tmp_path / str(n), B_I_1=typed))) is said, typed


def w411(tmp: Path) -> set[str]:
    path = template(tmp)
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'nilai'))}{lke_rows(path)['A.I.1.a']}"
    parts = hostile.parts_of(path)
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    cell = re.search(rf'<c r="{ref}"[^>]*>.*?</c>', sheet)
    assert cell is not None
    # (0.995 of a Nilai of 1: a hundredth off is a stale value too)
    changed = set_cell_xml(path, ref, re.sub(r"<v>[^<]*</v>", "<v>0.995</v>", cell.group(0)))
    (said,) = [f for f in assess_file(str(changed), RB, registry(tmp), PERIOD).findings if f.code == "PMPRB-W411"]
    # At the Nilai cell, the answer it was recomputed from is named with its own cell.
    answer = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban'))}{lke_rows(path)['A.I.1.a']}"
    assert said.cell == ref and f"(jawaban 'A' di {answer})" in said.message
    return codes(changed)


def test_an_answered_items_nilai_emptied_in_a_calculated_workbook_is_said(tmp_path: Path) -> None:
    # The operator typed "C" over L13's formula, then cut it into K13 as W418 said: the Nilai formula gone, only
    # W413 at INDEKS was left, whose causes fit none of it.
    path = template(tmp_path)
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'nilai'))}{lke_rows(path)['A.I.1.b']}"
    emptied = set_cell_xml(path, ref, f'<c r="{ref}"/>')
    found = assess_file(str(emptied), RB, registry(tmp_path), PERIOD).findings
    (said,) = [f for f in found if f.code == "PMPRB-W411"]
    assert said.cell == ref and said.item == "A.I.1.b" and said.value == "(kosong)", said
    # Cleared with a space, it is as empty.
    (tmp_path / "s").mkdir()
    spaced = set_cell_xml(template(tmp_path / "s"), ref, f'<c r="{ref}" t="inlineStr"><is><t> </t></is></c>')
    found = assess_file(str(spaced), RB, registry(tmp_path), PERIOD).findings
    assert [f.value for f in found if f.code == "PMPRB-W411"] == ["(kosong)"]
    # A blank answer's Nilai, or a workbook never calculated (no INDEKS value), says nothing.
    (tmp_path / "b").mkdir()
    blank = template(tmp_path / "b", A_I_1_b=None)
    assert "PMPRB-W411" not in codes(set_cell_xml(blank, ref, f'<c r="{ref}"/>'))


def test_a_stale_nilai_held_by_a_gate_spelled_otherwise_names_the_gate(tmp_path: Path) -> None:
    # "Tdk." at the gate A.I.2.a, read by pmprb as Tidak but not by the sheet's formula, left d and e at 1 on the
    # sheet: W411 named only their own answers 'A', and retyping those, as its hint says, changed nothing.
    path = template(tmp_path)
    rows, answer_col = lke_rows(path), openpyxl.utils.get_column_letter(column(path, "jawaban"))
    gate = f"{answer_col}{rows['A.I.2.a']}"
    changed = set_cell_xml(path, gate, f'<c r="{gate}" t="inlineStr"><is><t>Tdk.</t></is></c>')
    said = [f for f in assess_file(str(changed), RB, registry(tmp_path), PERIOD).findings if f.code == "PMPRB-W411"]
    held = [f for f in said if f.item in ("A.I.2.d", "A.I.2.e")]
    assert len(held) == 2, said  # (and the gate's own stale Nilai, left at the 1 of its 'Ya')
    assert all(f"; butir prasyaratnya A.I.2.a diketik 'Tdk.' di {gate}: ketik 'Tidak')" in f.message for f in held)
    # A spelling the sheet's formula reads (spaces trimmed, case aside, the rubric's "tdk") is not named: retyping
    # it would change nothing.
    for typed in (" tidak ", "TDK"):
        (tmp_path / typed.strip()).mkdir()
        read = set_cell_xml(
            template(tmp_path / typed.strip()), gate, f'<c r="{gate}" t="inlineStr"><is><t>{typed}</t></is></c>'
        )
        found = assess_file(str(read), RB, registry(tmp_path), PERIOD).findings
        assert not any("butir prasyaratnya" in f.message for f in found), typed


def test_an_answer_quoted_beside_a_stale_nilai_shows_its_invisible_characters(tmp_path: Path) -> None:
    # "Ya" with a trailing no-break space: the sheet's TRIM formula read 0, pmprb 1, and W411 quoted 'Ya' — the
    # one character to delete hidden. (A zero-width space likewise.)
    path = template(tmp_path, A_I_1_a="A\u00a0")
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'nilai'))}{lke_rows(path)['A.I.1.a']}"
    sheet = hostile.parts_of(path)["xl/worksheets/sheet1.xml"].decode("utf-8")
    cell = re.search(rf'<c r="{ref}"[^>]*>.*?</c>', sheet)
    assert cell is not None
    changed = set_cell_xml(path, ref, re.sub(r"<v>[^<]*</v>", "<v>0</v>", cell.group(0)))
    (said,) = [f for f in assess_file(str(changed), RB, registry(tmp_path), PERIOD).findings if f.code == "PMPRB-W411"]
    assert "(jawaban 'A\\xa0' di " in said.message, said.message


def test_an_official_group_total_that_disagrees_is_reported_at_its_row(tmp_path: Path) -> None:
    # The official LKE ZI shows Reform 25,576 where its answers give 25,633: group totals were not compared.
    path = write_official(tmp_path / "lke.xlsx", RB, best_answers(RB))
    book = openpyxl.load_workbook(path)
    ws = book["LKE"]
    rows: dict[str, int] = {}
    for r in range(7, ws.max_row + 1):
        rows.setdefault(str(ws.cell(r, 3).value), r)  # the first komponen's areas
    area, other = rows["I."], rows["II."]
    ws.cell(area, 11).value = 99  # typed over: the area's total cannot be 99
    sub = next(r for r in range(area + 1, other) if ws.cell(r, 4).value)  # its first sub-komponen, shown right
    ws.cell(sub, 11).value = next(
        n.score for n in score_paths([str(path)], RB).cards[0].nodes if n.code == f"A.I.{ws.cell(sub, 4).value}"
    )
    book.save(path)
    found = [f for f in assess_file(str(path), RB).findings if f.code == "PMPRB-W411"]
    assert [(f.item, f.cell) for f in found] == [("A.I", f"K{area}")]
    assert "adalah 99,000" in found[0].message


def test_a_cached_value_that_disagrees_is_reported_at_its_nilai_cell(tmp_path: Path) -> None:
    # W411 pointed at the Jawaban cell, where the answer is right; the stale number is in the Nilai cell.
    assert w411(tmp_path) == {"PMPRB-W411"}
    path = next(tmp_path.glob("*.xlsx"))
    said = [f for f in assess_file(str(path), RB, registry(tmp_path), PERIOD).findings if f.code == "PMPRB-W411"]
    nilai = openpyxl.utils.get_column_letter(column(path, "nilai"))
    assert [f.cell for f in said] == [f"{nilai}{lke_rows(path)['A.I.1.a']}"]


def test_an_error_or_text_in_a_nilai_or_indeks_cell_is_said(tmp_path: Path) -> None:
    # A Nilai formula broken by hand showed #DIV/0! there and in INDEKS: read as "never calculated", the
    # workbook was "sah" with nothing said. 'A' typed over a Nilai formula was silent too.
    path = template(tmp_path)
    rows = lke_rows(path)
    nilai = openpyxl.utils.get_column_letter(column(path, "nilai"))
    first, second = f"{nilai}{rows['A.I.1.a']}", f"{nilai}{rows['A.I.1.b']}"
    set_cell_xml(path, first, f'<c r="{first}" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    set_cell_xml(path, second, f'<c r="{second}" t="inlineStr"><is><t>A</t></is></c>')
    indeks = _indeks_cell(path)
    set_cell_xml(path, indeks, f'<c r="{indeks}" t="e"><f>SUM(L9)</f><v>#DIV/0!</v></c>')
    said = [f for f in assess_file(str(path), RB, registry(tmp_path), PERIOD).findings]
    assert [(f.cell, f.value) for f in said if f.code == "PMPRB-W411"] == [(first, "#DIV/0!"), (second, "A")]
    assert [(f.cell, f.value) for f in said if f.code == "PMPRB-W413"] == [(indeks, "#DIV/0!")]


def _indeks_cell(path: Path) -> str:
    """The reference of a template's INDEKS value (Nilai column, the row labelled INDEKS)."""
    ws = openpyxl.load_workbook(path, read_only=True)["LKE"]
    row = next(n for n, r in enumerate(ws.iter_rows(values_only=True), start=1) if "INDEKS" in r)
    return f"{openpyxl.utils.get_column_letter(column(path, 'nilai'))}{row}"


def w413(tmp: Path) -> set[str]:
    # The INDEKS formula typed over with 85: every other Nilai keeps its formula and cached value.
    path = template(tmp)
    ref = _indeks_cell(path)
    return codes(set_cell_xml(path, ref, f'<c r="{ref}"><v>85</v></c>'))


def test_the_index_a_workbook_shows_is_compared_with_the_recomputed_one(tmp_path: Path) -> None:
    path = template(tmp_path)
    ref = _indeks_cell(path)
    recomputed = assess_file(str(path), RB, registry(tmp_path), PERIOD).card
    assert recomputed is not None
    # A stale value that shows the same at two decimals: nothing to say.
    from pmprb_cli.models import rounded_half_up

    shown = float(rounded_half_up(recomputed.index, 2))
    near = set_cell_xml(path, ref, f'<c r="{ref}"><f>1</f><v>{shown}</v></c>')
    assert "PMPRB-W413" not in codes(near)
    # ... one within half a hundredth that shows another figure is said (70,001 shown 70,00 and B beside pmprb's
    # 70,005, 70,01 and BB, was not).
    (tmp_path / "pecahan").mkdir()
    odd = template(tmp_path / "pecahan", B_I_1=70.123)
    index = assess_file(str(odd), RB, registry(tmp_path), PERIOD).card.index  # type: ignore[union-attr]
    rounded = float(rounded_half_up(index, 2))
    assert index != rounded
    across = rounded + 0.005 if index > rounded else rounded - 0.005 - 1e-7
    assert abs(across - index) < 0.005 and rounded_half_up(across, 2) != rounded_half_up(index, 2)
    assert "PMPRB-W413" in codes(set_cell_xml(odd, ref, f'<c r="{ref}"><f>1</f><v>{across!r}</v></c>'))
    # ... and a hundredth or half a point off is said (a tolerance widened tenfold went unnoticed).
    for off in (0.006, 0.5):
        stale = set_cell_xml(path, ref, f'<c r="{ref}"><f>1</f><v>{recomputed.index - off}</v></c>')
        assert "PMPRB-W413" in codes(stale), off
    said = [
        f
        for f in assess_file(
            str(set_cell_xml(path, ref, f'<c r="{ref}" t="str"><v>delapan puluh</v></c>')), RB
        ).findings
        if f.code == "PMPRB-W413"
    ]
    assert [(f.cell, f.value) for f in said] == [(ref, "delapan puluh")]
    # Never calculated (a formula without a cached value): nothing shown, nothing to compare.
    assert "PMPRB-W413" not in codes(set_cell_xml(path, ref, f'<c r="{ref}"><f>1</f></c>'))
    # The message names both numbers as people read them.
    typed = set_cell_xml(path, ref, f'<c r="{ref}"><v>85</v></c>')
    (w,) = [f for f in assess_file(str(typed), RB).findings if f.code == "PMPRB-W413"]
    from pmprb_cli.models import format_id

    assert w.value == "85,00" and format_id(recomputed.index) in w.message


@pytest.mark.parametrize("mark", ["-", "sesuai", "Sesuai.", "✓", "OK", "✔\ufe0f", "✔\ufe0e", "✅", "☑\ufe0f", True])
def test_an_evaluators_mark_of_agreement_keeps_the_units_answer(tmp_path: Path, mark: object) -> None:
    # "-", "sesuai" or a tick in the evaluator's column replaced the unit's answer with 0. (✔️ pasted from a phone,
    # and "benar" that LibreOffice in Indonesian makes the boolean BENAR, were W419 "'TRUE' … tidak dibaca".)
    path = template(tmp_path, evaluator={"A.I.1.a": "x" if mark is True else mark})
    if mark is True:  # (a boolean cell: the factory writes text)
        cell = assess_file(str(path), RB).submission.answers["A.I.1.a"].evaluator_cell  # type: ignore[union-attr]
        edit(path, lambda book: book["LKE"].__setitem__(cell, True))
    result = assess_file(str(path), RB, None, None, "BB")
    assert result.card is not None and (result.verified is None or result.verified.index == result.card.index)
    assert not [f for f in result.findings if f.severity.value == "error"]
    assert "PMPRB-W419" not in {f.code for f in result.findings}
    assert result.submission is not None and result.submission.answers["A.I.1.a"].evaluator_agreed


def test_a_false_in_the_evaluators_column_is_said_not_taken_for_an_unticked_box(tmp_path: Path) -> None:
    # "salah" typed where an Indonesian spreadsheet makes it the boolean SALAH is the evaluator's word against the
    # unit's answer: read as an unticked box (blank), it was lost without a word. Said (W419), naming BENAR/SALAH.
    path = template(tmp_path, evaluator={"A.I.1.a": "x"})
    cell = assess_file(str(path), RB).submission.answers["A.I.1.a"].evaluator_cell  # type: ignore[union-attr]
    edit(path, lambda book: book["LKE"].__setitem__(cell, False))
    result = assess_file(str(path), RB, None, None, "BB")
    answer = result.submission.answers["A.I.1.a"]  # type: ignore[union-attr]
    assert not answer.evaluator_agreed
    [said] = [f for f in result.findings if f.code == "PMPRB-W419"]
    assert "BENAR/SALAH, dari kotak centang atau benar/salah yang diketik, bukan jawaban" in said.message


def test_an_evaluator_who_agrees_everywhere_has_checked_the_unit(tmp_path: Path) -> None:
    # "sesuai" on every row left the unit "mandiri" (no verified index), its history marked † the month the
    # evaluator first changed an answer, and the % rows said W420 "yang diketik di sini tidak dipakai".
    rubric = load_rubric("pmprb-2020")
    answers = best_answers(rubric)
    marks: dict[str, object] = {code: "sesuai" for code in answers}
    path = template(tmp_path, rubric, evaluator=marks)
    percent_rows = [lke_rows(path)[i.code] for i in rubric.items() if i.computed]
    evaluator_column = column(path, "jawaban_evaluator")
    edit(path, lambda book: [book["LKE"].cell(r, evaluator_column, "✓") for r in percent_rows])
    result = assess_file(str(path), rubric, registry(tmp_path), period_of(rubric))
    assert result.card is not None and result.verified is not None
    assert result.verified.index == result.card.index
    assert result.verified.checked[0] == result.verified.checked[1] > 0
    assert "PMPRB-W420" not in {f.code for f in result.findings}


def test_every_evaluator_change_that_moves_the_verified_index_is_said(tmp_path: Path) -> None:
    # Only choices were compared: an evaluator's number (a hasil indicator, a Jumlah field) changed the
    # verified index with no finding, no row in the rapor's differences and no count of changes; and an
    # evaluator's Jumlah of 0 left a percentage uncomputable (counted 0) without the W406 a unit's 0 gets.
    rubric = load_rubric("pmprb-2020")
    answers = best_answers(rubric)
    answers.update({"A.II.2.a": 80, "A.III.1.i.a.n1": 10, "A.III.1.i.a.n2": 8, "A.III.1.i.b.n1": 4})
    evaluator = {
        "A.II.2.a": "60",  # a number typed as text: still a different number
        "A.III.1.i.a.n1": 0,  # the denominator: the percentage cannot be computed
        "A.III.1.i.b.n1": "4",  # the same number as the unit's: no change, nothing to say
        "A.I.1.i.a": "C",
    }
    path = write_template(tmp_path / "d.xlsx", rubric, UNIT, PERIOD, answers=answers, evaluator=evaluator)
    result = assess_file(str(path), rubric, registry(tmp_path), PERIOD)
    assert result.card is not None and result.verified is not None
    changed = {f.item: f.value for f in result.findings if f.code == "PMPRB-I502"}
    assert changed == {"A.II.2.a": "60", "A.III.1.i.a.n1": "0", "A.I.1.i.a": "C"}
    uncomputable = [f for f in result.findings if f.code == "PMPRB-W406"]
    evaluator_cell = result.submission.answers["A.III.1.i.a.n1"].evaluator_cell  # type: ignore[union-attr]
    assert [(f.item, f.cell) for f in uncomputable] == [("A.III.1.i.a", evaluator_cell)]
    assert result.verified.index < result.card.index


def e109(tmp: Path) -> set[str]:
    from unittest import mock

    path = template(tmp)
    with mock.patch("pmprb_cli.pipeline.run_checks", side_effect=RuntimeError("contoh")):
        result = assess_file(str(path), RB, registry(tmp), PERIOD)
    assert result.failed is not None and "RuntimeError: contoh" in result.failed.message
    return {result.failed.code}


def e110(tmp: Path) -> set[str]:
    import os
    import shutil

    from pmprb_cli.pipeline import expand_paths

    (tmp / "masuk").mkdir()
    shutil.copy(template(tmp), os.fsencode(tmp / "masuk") + b"/DINAS-\xe9.xlsx")
    [path] = expand_paths([str(tmp / "masuk")])
    assert path.endswith("DINAS-\\xe9.xlsx")
    result = assess_file(path, RB, registry(tmp), PERIOD)
    assert result.failed is not None and result.file == path
    return {result.failed.code}


def e111(tmp: Path) -> set[str]:
    # Under LC_ALL=C with PYTHONUTF8=0 the file system's encoding is ASCII: "DINSOS-✓.xlsx" is listed escaped
    # (printable_path) and cannot be opened by that name. Simulated here: the escaped name, an ASCII encoding.
    import shutil
    from unittest import mock

    (tmp / "masuk").mkdir()
    shutil.copy(template(tmp), tmp / "masuk" / "DINSOS-\u2713.xlsx")
    escaped = str(tmp / "masuk" / "DINSOS-\\xe2\\x9c\\x93.xlsx")
    with mock.patch("sys.getfilesystemencoding", return_value="ascii"):
        result = assess_file(escaped, RB, registry(tmp), PERIOD)
    assert result.failed is not None and "LANG=C.UTF-8" in result.failed.hint
    return {result.failed.code}


def test_a_folder_whose_name_is_not_utf8_is_named_not_called_a_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A workbook in "kiriman \xe9" was "E101 berkas tidak ditemukan … kirim ulang berkas aslinya".
    from pmprb_cli.pipeline import expand_paths

    inbox = os.fsencode(tmp_path) + b"/masuk/kiriman \xe9"
    os.makedirs(inbox)
    shutil.copy(template(tmp_path), inbox + b"/DINKES.xlsx")
    monkeypatch.chdir(tmp_path)
    for where in (str(tmp_path / "masuk"), "masuk"):  # absolute and relative paths alike
        [path] = expand_paths([where])
        failed = assess_file(path, RB, registry(tmp_path), PERIOD).failed
        assert failed is not None and failed.code == "PMPRB-E110"
        assert "Nama folder 'kiriman \\xe9' (tempat berkas ini) memuat bita" in failed.message


def _percent_formatted(path: Path, code: str, fmt: str = "0.00%") -> Path:
    row, col = lke_rows(path)[code], column(path, "jawaban")
    return edit(path, lambda b: setattr(b["LKE"].cell(row, col), "number_format", fmt))


def i504(tmp: Path) -> set[str]:
    return codes(_percent_formatted(template(tmp, B_I_1=0.9178), "B.I.1"))


def test_a_percentage_read_so_is_no_stale_nilai_after_a_recalculation(tmp_path: Path) -> None:
    # 80% typed in a cell formatted as a percentage, the workbook recalculated (LibreOffice): I504 said it is read as
    # 80 while the sheet's formulas read 0,8, and W411 beside it told the operator to recalculate, which changes
    # nothing (consensusrev).
    path = template(tmp_path, B_I_1=0.8)  # (its Nilai cached as the sheet computes it from 0,8)
    row, col = lke_rows(path)["B.I.1"], column(path, "jawaban")
    ref = f"{column_letter(col - 1)}{row}"  # (openpyxl's columns count from 1)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    # (a cell format 0,00% added to the workbook's own: the template has none)
    styles = parts["xl/styles.xml"].decode()
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
    assert xfs is not None
    percent = len(re.findall(r"<xf ", xfs.group(1)))
    added = '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    styles = styles.replace("</cellXfs>", added, 1)
    parts["xl/styles.xml"] = re.sub(r'<cellXfs count="\d+"', f'<cellXfs count="{percent + 1}"', styles).encode()
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, done = re.subn(rf'(<c r="{ref}"[^>]*?) s="\d+"', rf'\1 s="{percent}"', sheet)
    assert done == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    said = {(f.code, f.item) for f in assess_file(str(path), RB).findings}
    assert ("PMPRB-I504", "B.I.1") in said and ("PMPRB-W411", "B.I.1") not in said, said


def test_a_percentage_typed_in_excel_is_read_as_the_percentage_it_shows(tmp_path: Path) -> None:
    # 91,78% typed in Excel is stored as 0.9178 in a cell formatted 0%: it scored a hundredth (W412 only).
    for sub in ("t", "q"):
        (tmp_path / sub).mkdir()
    shown = assess_file(str(_percent_formatted(template(tmp_path, B_I_1=0.9178), "B.I.1")), RB)
    typed = assess_file(str(template(tmp_path / "t", B_I_1=91.78)), RB)
    assert shown.card is not None and typed.card is not None
    assert shown.card.index == pytest.approx(typed.card.index, abs=1e-9)
    (said,) = [f for f in shown.findings if f.code == "PMPRB-I504"]
    assert (said.cell, said.value) == (shown.submission.answers["B.I.1"].cell, "91,78%")  # type: ignore[union-attr]
    assert "PMPRB-W412" not in {f.code for f in shown.findings}
    # A literal % sign in quotes does not make a percentage; the fraction is still said (W412), not read.
    quoted = assess_file(str(_percent_formatted(template(tmp_path / "q", B_I_1=0.5), "B.I.1", '0.00"%"')), RB)
    assert "PMPRB-W412" in {f.code for f in quoted.findings}


def test_a_percentage_is_read_with_a_styles_part_under_another_name(tmp_path: Path) -> None:
    # Legal (Excel follows the relationship): with xl/style1.xml, 91,78% was read 0,9178 of 100 (W412).
    path = _percent_formatted(template(tmp_path, B_I_1=0.9178), "B.I.1")
    parts = hostile.parts_of(path)
    parts["xl/style1.xml"] = parts.pop("xl/styles.xml")
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        assert parts[name].count(b"styles.xml") == 1
        parts[name] = parts[name].replace(b"styles.xml", b"style1.xml")
    renamed = assess_file(str(hostile.rezip(tmp_path / "renamed.xlsx", parts)), RB)
    said = {f.code for f in renamed.findings}
    assert "PMPRB-I504" in said and "PMPRB-W412" not in said


def test_a_cell_whose_type_or_style_is_quoted_with_apostrophes_is_read_as_written(tmp_path: Path) -> None:
    # Legal XML no spreadsheet writes: a #DIV/0! spelt t='e' was "belum dijawab" (E401), a 91,78% spelt s='…'
    # scored 0,9178 of 100, where openpyxl (and the same file spelt with double quotes) read both as shown.
    path = _percent_formatted(template(tmp_path, B_I_1=0.9178), "B.I.1")
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban'))}{lke_rows(path)['A.I.1.a']}"
    parts = hostile.parts_of(path)
    sheet = parts[hostile.SHEET]
    cell = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', sheet)
    assert cell is not None
    sheet = sheet.replace(cell.group(0), b'<c r="' + ref.encode() + b"\" t='e'><v>#DIV/0!</v></c>", 1)
    sheet = re.sub(rb'( r="[A-Z]+\d+") s="(\d+)"', rb"\1 s='\2'", sheet)
    parts[hostile.SHEET] = sheet
    quoted = assess_file(str(hostile.rezip(tmp_path / "quoted.xlsx", parts)), RB)
    said = {(f.code, f.cell) for f in quoted.findings}
    assert ("PMPRB-E402", ref) in said and ("PMPRB-E401", ref) not in said
    assert "PMPRB-I504" in {code for code, _ in said} and "PMPRB-W412" not in {code for code, _ in said}


def test_a_number_on_another_scale_in_a_percent_cell_is_read_as_it_shows(tmp_path: Path) -> None:
    # 3,5 typed for indeks SPBE (0–5) into a cell pasted with a percent format shows 3,5% and is stored 0.035:
    # it scored a hundredth, with nothing said (I504 and W412 looked at 0–100 scales only).
    rubric = load_rubric("pmprb-2020")
    for sub in ("p", "t"):
        (tmp_path / sub).mkdir()
    shown = assess_file(str(_percent_formatted(template(tmp_path / "p", rubric, A_II_4_a=0.035), "A.II.4.a")), rubric)
    typed = assess_file(str(template(tmp_path / "t", rubric, A_II_4_a=3.5)), rubric)
    assert shown.card is not None and typed.card is not None
    assert shown.card.index == pytest.approx(typed.card.index, abs=1e-9)
    (said,) = [f for f in shown.findings if f.code == "PMPRB-I504"]
    assert "berisi 3,5%; dibaca 3,5 pada skala 0–5" in said.message
    # 1 in a 0% cell shows 100%, beyond 0–5: read as stored (as 100 it was E403, counted 0).
    (tmp_path / "one").mkdir()
    one = assess_file(
        str(_percent_formatted(template(tmp_path / "one", rubric, A_II_4_a=1.0), "A.II.4.a", "0%")), rubric
    )
    plain = assess_file(str(template(tmp_path / "t", rubric, name="one.xlsx", A_II_4_a=1.0)), rubric)
    assert one.card is not None and plain.card is not None and one.card.index == pytest.approx(plain.card.index)
    assert not {f.code for f in one.findings} & {"PMPRB-I504", "PMPRB-E403"}
    # ... and said: the unit sees 100%, the score reads 1 (95% typed for IPKP, 0–4, was read 0,95 unsaid). An
    # error, not a warning: as W433 the score summary said "0 kesalahan" and validate exited 0.
    (said,) = [f for f in one.findings if f.code == "PMPRB-E413"]
    assert said.severity is Severity.ERROR
    assert said.message == (
        "Sel berformat persen berisi 100%, di luar skala A.II.4.a (0–5; tersimpan 1): yang dihitung angka "
        "tersimpan itu, bukan persen yang tampil; perbaiki sebelum dikirim."
    )


def e413(tmp: Path) -> set[str]:
    rubric = load_rubric("pmprb-2020")
    return codes(_percent_formatted(template(tmp, rubric, A_II_4_a=0.95), "A.II.4.a"), rubric)


def w437(tmp: Path) -> set[str]:
    # The evaluator's 95% on IPKP (0–4), stored 0,95: an error (E413) at the evaluator's cell made the unit's
    # workbook "ada kesalahan", unranked under --invalid skip, the hint telling the unit to fix it.
    rubric = load_rubric("pmprb-2020")
    path = template(tmp, rubric, evaluator={"A.II.4.a": 0.95})
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban_evaluator'))}{lke_rows(path)['A.II.4.a']}"
    edit(path, lambda b: setattr(b["LKE"][ref], "number_format", "0.00%"))
    result = assess_file(str(path), rubric, registry(tmp), period_of(rubric))
    (said,) = [f for f in result.findings if f.code == "PMPRB-W437"]
    assert (said.cell, said.value) == (ref, "95%") and said.hint.startswith("Untuk evaluator, bukan unit")
    assert result.status == "valid" and "PMPRB-E413" not in {f.code for f in result.findings}
    return {f.code for f in result.findings} - {"PMPRB-I502"}  # (the evaluator's lower figure, said as such)


def w425(tmp: Path) -> set[str]:
    # Saved without cached values: a spreadsheet's Nilai and INDEKS read the text as 0, which W411 and W413 say
    # besides (see the test below).
    return codes(edit(template(tmp, B_I_1="80%"), lambda book: None))


def test_a_percentage_typed_as_text_is_read_as_that_number_and_said(tmp_path: Path) -> None:
    # "80%" in a cell formatted as text (or typed after an apostrophe) was E404 and counted 0, while 80% typed
    # as a number was read (I504): the unit lost the whole nilai SAKIP for a format.
    def index_and_codes(sub: str, **answer: object) -> tuple[float, set[str], list[Finding]]:
        (tmp_path / sub).mkdir()
        result = assess_file(str(template(tmp_path / sub, **answer)), RB)
        card = result.verified or result.card
        assert card is not None
        return card.index, {f.code for f in result.findings}, result.findings

    typed, _, _ = index_and_codes("n", B_I_1=80)
    as_text, said, findings = index_and_codes("t", B_I_1=" 80 %")
    assert as_text == pytest.approx(typed, abs=1e-12)
    assert "PMPRB-W425" in said and "PMPRB-E404" not in said
    # The sheet's own formulas read the text as 0: W425 says so at its cell (no W411 beside it for the one
    # cause), and W413 the index the sheet shows.
    assert "PMPRB-W413" in said and "PMPRB-W411" not in said
    (one,) = [f for f in findings if f.code == "PMPRB-W425"]
    assert (one.item, one.value) == ("B.I.1", "80 %") and "dibaca 80 pada skala 0–100" in one.message
    # Half a percent typed so is half a percent, not a fraction typed for 50 (W412).
    half, said, _ = index_and_codes("h", B_I_1="0,5%")
    assert "PMPRB-W412" not in said and half < typed
    # Typed as text into a cell formatted as a percentage: still 1, not a stored fraction read as 100 (I504).
    (tmp_path / "f").mkdir()
    one = assess_file(str(_percent_formatted(template(tmp_path / "f", B_I_1="1%"), "B.I.1")), RB)
    assert one.submission is not None and one.submission.answers["B.I.1"].raw == 1.0
    assert "PMPRB-I504" not in {f.code for f in one.findings}
    # Beyond the scale it is still out of range; words are still no number.
    assert "PMPRB-E403" in index_and_codes("o", B_I_1="150%")[1]
    assert "PMPRB-E404" in index_and_codes("w", B_I_1="80 persen")[1]
    # The evaluator's column is read the same way, and the verified index uses it.
    verified, said, findings = index_and_codes("e", B_I_1=100, evaluator={"B.I.1": "80%"})
    assert verified == pytest.approx(typed, abs=1e-12)
    assert [f.value for f in findings if f.code == "PMPRB-W425"] == ["80%"]


def w426(tmp: Path) -> set[str]:
    pasted = "a. Telah membentuk Tim Reformasi Birokrasi sesuai kebutuhan organisasi"
    return codes(edit(template(tmp, A_I_1_a=pasted), lambda book: None))


def test_an_options_whole_text_pasted_is_read_as_that_option_and_said(tmp_path: Path) -> None:
    # "a. Telah membentuk Tim …" copied from the Petunjuk into Jawaban names option A exactly: it was E402 and
    # counted 0, with the hint "mungkin maksudnya 'A'".
    def scored(sub: str, **answer: object) -> tuple[float, list[Finding]]:
        (tmp_path / sub).mkdir()
        result = assess_file(str(template(tmp_path / sub, **answer)), RB)
        card = result.verified or result.card
        assert card is not None
        return card.index, list(result.findings)

    chosen, _ = scored("a", A_I_1_a="B")
    pasted, findings = scored(
        "p", A_I_1_a="b.  Telah membentuk Tim Reformasi Birokrasi namun belum\nsesuai kebutuhan organisasi."
    )
    assert pasted == chosen
    (said,) = [f for f in findings if f.code == "PMPRB-W426"]
    assert said.item == "A.I.1.a" and said.value.startswith("b. Telah membentuk") and "dibaca 'B'" in said.message
    assert "PMPRB-E402" not in {f.code for f in findings}
    # Without its letter, in capitals, it is still that option's text.
    assert scored("c", A_I_1_a="BELUM MEMBENTUK TIM REFORMASI BIROKRASI")[0] == scored("cc", A_I_1_a="C")[0]
    # A text that is not an option's whole text is not guessed at: still E402, with its likely letter.
    _, findings = scored("e", A_I_1_a="a. Telah membentuk Tim RB")
    (wrong,) = [f for f in findings if f.code == "PMPRB-E402"]
    assert "mungkin maksudnya 'A'" in wrong.message + wrong.hint
    # The evaluator's column is read the same way, and the verified index uses it.
    verified, findings = scored("v", evaluator={"A.I.1.a": "c. Belum membentuk Tim Reformasi Birokrasi"})
    assert verified == scored("vc", evaluator={"A.I.1.a": "C"})[0]
    assert [f.value for f in findings if f.code == "PMPRB-W426"] == ["c. Belum membentuk Tim Reformasi Birokrasi"]


def test_a_count_of_1e400_is_no_number_and_the_batch_goes_on(tmp_path: Path) -> None:
    # 1E+400 in a Jumlah cell reads as infinity: the index became NaN and the whole run stopped (exit 3).
    rubric = load_rubric("pmprb-2020")
    first = write_template(tmp_path / "a.xlsx", rubric, UNIT, PERIOD, answers=best_answers(rubric))
    ref = f"{openpyxl.utils.get_column_letter(column(first, 'jawaban'))}{lke_rows(first)['A.III.1.i.a.n1']}"
    broken = set_cell_xml(first, ref, f'<c r="{ref}"><v>1E+400</v></c>')
    other = Unit(kode="DINSOS", nama="Dinas Sosial", jenis="dinas", aliases=())
    fine = write_template(tmp_path / "b.xlsx", rubric, other, PERIOD, answers=best_answers(rubric))
    batch = assess_paths([str(broken), str(fine)], rubric)
    cards = {r.file: r.card for r in batch.results}
    assert all(c is not None and 0 <= c.index <= 100 for c in cards.values())
    said = [(f.code, f.cell) for f in batch.findings if f.file == str(broken) and f.severity.value == "error"]
    assert ("PMPRB-E404", ref) in said


def i502(tmp: Path) -> set[str]:
    return codes(template(tmp, evaluator={"A.I.1.a": "B"}))


def i503(tmp: Path) -> set[str]:
    from pmprb_cli.batch import build_batch
    from pmprb_cli.merging import write_merged

    batch = build_batch([str(template(tmp))], RB, target="BB")
    rekap = write_merged(batch, tmp / "rekap.xlsx")
    return {load(str(rekap), RB).failed.code}  # type: ignore[union-attr]


def i505(tmp: Path) -> set[str]:
    from pmprb_cli.template import template_bytes

    usulan = tmp / "usulan.xlsx"
    kabupaten = Unit(kode="KABUPATEN", nama="Kabupaten Uji", jenis="lainnya", aliases=())
    usulan.write_bytes(template_bytes(RB, kabupaten, PERIOD, answers=best_answers(RB), usulan=True))
    batch = assess_paths([str(template(tmp)), str(usulan)], RB, registry(tmp), PERIOD)
    assert [r.file for r in batch.results] == [str(tmp / "dinkes.xlsx")]
    return {r.failed.code for r in batch.skipped if r.failed is not None}


def test_a_truncated_workbook_may_still_be_on_its_way_and_is_said_so_whenever_it_changed(tmp_path: Path) -> None:
    # A file still being copied into the inbox when the run read it: "rusak atau terpotong … perbaiki bila
    # diminta" of a workbook that was fine, and scored by the next run. Said in the hint, the same whatever the
    # file's time (a hint counting its seconds made the same input give other bytes a minute later).
    import os
    import time

    path = hostile.truncated(tmp_path, RB)
    fresh = load(str(path), RB).failed
    assert fresh is not None and fresh.code == "PMPRB-E103" and "masih disalin atau diunggah" in fresh.hint
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    assert load(str(path), RB).failed == fresh


def _merged_registry(tmp_path: Path) -> Registry:
    """DISKOP and DISPERINDAG merged into DISKOPERINDAG, their kodes its aliases."""
    csv_path = tmp_path / "daftar.csv"
    csv_path.write_text(
        'kode,nama,jenis,alias\nDISKOPERINDAG,"Dinas Koperasi dan Perdagangan",dinas,"DISKOP|DISPERINDAG"\n',
        encoding="utf-8",
    )
    return load_registry(str(csv_path))


def test_two_old_units_sending_in_the_month_they_merged_are_told_to_send_one_lke(tmp_path: Path) -> None:
    # DISKOP.xlsx and DISPERINDAG.xlsx in the month the two became DISKOPERINDAG: "kiriman lain unit yang sama …
    # dipilih menurut nama" of another OPD's workbook, with no word of the merger.
    reg = _merged_registry(tmp_path)
    answers = best_answers(RB)
    for kode in ("DISKOP", "DISPERINDAG"):
        write_template(tmp_path / f"{kode}.xlsx", RB, Unit(kode, f"Dinas {kode}", "dinas"), PERIOD, answers=answers)
    batch = assess_paths([str(tmp_path / "DISKOP.xlsx"), str(tmp_path / "DISPERINDAG.xlsx")], RB, reg, PERIOD)
    (said,) = [f for f in batch.findings if f.code == "PMPRB-E304"]
    assert "satu unit DISKOPERINDAG (berganti kode, atau digabung)" in said.message, said.message
    assert "mengirim satu LKE gabungan dengan kode DISKOPERINDAG" in said.message


def test_the_merged_units_own_lke_ranks_over_an_old_halfs_saved_after_it(tmp_path: Path) -> None:
    # The merged DISKOPERINDAG sent its LKE on the new template; a stray DISKOP.xlsx arrived later and ranked as
    # the whole dinas, the unit's own file "kiriman lain unit yang sama" (reorgrev).
    reg = _merged_registry(tmp_path)
    answers = best_answers(RB)
    for at, kode in enumerate(("DISKOPERINDAG", "DISKOP")):
        path = tmp_path / f"{kode}.xlsx"
        write_template(path, RB, Unit(kode, f"Dinas {kode}", "dinas"), PERIOD, answers=answers)
        os.utime(path, (1_700_000_000 + at * 3600, 1_700_000_000 + at * 3600))  # DISKOP.xlsx an hour later
    paths = [str(tmp_path / "DISKOP.xlsx"), str(tmp_path / "DISKOPERINDAG.xlsx")]
    batch = assess_paths(paths, RB, reg, PERIOD)
    (said,) = [f for f in batch.findings if f.code == "PMPRB-E304"]
    assert said.file.endswith("DISKOP.xlsx")
    assert "berkas ini menyebut kode lama DISKOP, yang diperingkat kode unit sekarang DISKOPERINDAG" in said.message


@pytest.mark.parametrize("typed", ["DINKS", "Dinas Kesehatan"])
def test_a_newer_correction_with_a_mistyped_kode_still_ranks(tmp_path: Path, typed: str) -> None:
    # Its kode cell mistyped (or holding the unit's name), matched by the unit's name: the older DINKES.xlsx ranked
    # and the correction was said to name "kode lama DINKS" (diffrev13).
    reg = registry(tmp_path)
    answers = best_answers(RB)
    older, newer = tmp_path / "DINKES.xlsx", tmp_path / "DINKES revisi.xlsx"
    write_template(older, RB, UNIT, PERIOD, answers=answers)
    write_template(newer, RB, Unit(typed, UNIT.nama, UNIT.jenis), PERIOD, answers=answers)
    os.utime(older, (1_700_000_000, 1_700_000_000))
    os.utime(newer, (1_700_003_600, 1_700_003_600))
    batch = assess_paths([str(older), str(newer)], RB, reg, PERIOD)
    (said,) = [f for f in batch.findings if f.code == "PMPRB-E304"]
    assert said.file == str(older) and "kode lama" not in said.message, said.message


def _hostile(build: Callable[[Path, Rubric], Path]) -> Callable[[Path], set[str]]:
    def run(tmp: Path) -> set[str]:
        path = build(tmp, RB)
        loaded = load(str(path), RB)
        if loaded.failed is not None:
            return {loaded.failed.code}
        return {f.code for f in loaded.findings}

    return run


def _vanishing(tmp: Path) -> set[str]:
    path = hostile.good(tmp, RB)
    path.unlink()
    return {load(str(path), RB).failed.code}  # type: ignore[union-attr]


CASES: dict[str, Callable[[Path], set[str]]] = {
    "PMPRB-E101": _vanishing,
    "PMPRB-E102": _hostile(hostile.csv_renamed),
    "PMPRB-E103": _hostile(hostile.truncated),
    "PMPRB-E104": _hostile(hostile.encrypted),
    "PMPRB-E105": _hostile(hostile.zip_bomb_lying),
    "PMPRB-E106": _hostile(hostile.directory),
    "PMPRB-E107": _hostile(hostile.empty),
    "PMPRB-E109": e109,
    "PMPRB-W108": _hostile(hostile.far_cell),
    "PMPRB-E201": e201,
    "PMPRB-E202": e202,
    "PMPRB-W203": w203,
    "PMPRB-E204": e204,
    "PMPRB-W205": w205,
    "PMPRB-E206": e206,
    "PMPRB-E207": e207,
    "PMPRB-W208": w208,
    "PMPRB-W209": w209,
    "PMPRB-E214": e214,
    "PMPRB-W438": w438,
    "PMPRB-E213": e213,
    "PMPRB-E210": e210,
    "PMPRB-E110": e110,
    "PMPRB-E111": e111,
    "PMPRB-I211": i211,
    "PMPRB-W212": w212,
    "PMPRB-W213": w213,
    "PMPRB-W214": w214,
    "PMPRB-W215": w215,
    "PMPRB-E301": e301,
    "PMPRB-W216": w216,
    "PMPRB-W302": w302,
    "PMPRB-W305": w305,
    "PMPRB-W306": w306,
    "PMPRB-W308": w308,
    "PMPRB-W307": w307,
    "PMPRB-I310": i310,
    "PMPRB-W311": w311,
    "PMPRB-W312": w312,
    "PMPRB-W313": w313,
    "PMPRB-E303": e303,
    "PMPRB-E304": e304,
    "PMPRB-I508": i508,
    "PMPRB-I509": i509,
    "PMPRB-E308": e308,
    "PMPRB-E309": e309,
    "PMPRB-E401": e401,
    "PMPRB-E402": e402,
    "PMPRB-E403": e403,
    "PMPRB-E404": e404,
    "PMPRB-W405": w405,
    "PMPRB-W406": w406,
    "PMPRB-I501": i501,
    "PMPRB-W407": w407,
    "PMPRB-W408": w408,
    "PMPRB-E409": e409,
    "PMPRB-E410": e410,
    "PMPRB-W410": w410,
    "PMPRB-W411": w411,
    "PMPRB-W412": w412,
    "PMPRB-W413": w413,
    "PMPRB-W414": w414,
    "PMPRB-I507": i507,
    "PMPRB-W415": w415,
    "PMPRB-W416": w416,
    "PMPRB-W417": w417,
    "PMPRB-W418": w418,
    "PMPRB-W419": w419,
    "PMPRB-W424": w424,
    "PMPRB-W420": w420,
    "PMPRB-E412": e412,
    "PMPRB-W422": w422,
    "PMPRB-W423": w423,
    "PMPRB-W427": w427,
    "PMPRB-W428": w428,
    "PMPRB-W429": w429,
    "PMPRB-E411": e411,
    "PMPRB-W432": w432,
    "PMPRB-W431": w431,
    "PMPRB-W310": w310,
    "PMPRB-E413": e413,
    "PMPRB-W434": w434,
    "PMPRB-W435": w435,
    "PMPRB-W439": w439,
    "PMPRB-W440": w440,
    "PMPRB-W436": w436,
    "PMPRB-W437": w437,
    "PMPRB-W430": w430,
    "PMPRB-I502": i502,
    "PMPRB-I504": i504,
    "PMPRB-W425": w425,
    "PMPRB-W426": w426,
    "PMPRB-I505": i505,
    "PMPRB-I506": i506,
    "PMPRB-I503": i503,
}


def test_every_code_has_a_case() -> None:
    assert set(CASES) == set(CATALOGUE)


@pytest.mark.parametrize("code", sorted(CASES))
def test_finding(code: str, tmp_path: Path) -> None:
    assert CASES[code](tmp_path) == {code}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_finding_texts_read_as_their_catalogue_templates(lang: str) -> None:
    # finding() prepares each code's texts once; the result must be the template filled in, whatever it holds.
    from pmprb_cli.catalogue import finding

    fields = {"value": "3,8", "item": "A.I.1.a", "sheet": "LKE", "cell": "K14", "detail": "rincian {x}"}
    for code, ftype in CATALOGUE.items():
        made = finding(code, "f.xlsx", lang=lang, **fields)
        message = ftype.message_en if lang == "en" else ftype.message_id
        hint = ftype.hint_en if lang == "en" else ftype.hint_id
        assert made.message == message.format(**fields) and made.hint == hint.format(**fields)
        assert made.severity is ftype.severity and made.value == "3,8"


def test_files_are_read_whole_whatever_size_they_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from pmprb_cli import xlsx_guard

    path = tmp_path / "big.bin"
    content = os.urandom(200_000)
    path.write_bytes(content)
    fd = os.open(path, os.O_RDONLY)
    try:
        # A file that says it is empty (still being copied, or a /proc file) is read in pieces to its end.
        assert xlsx_guard._read_bounded(fd, 0) == content
    finally:
        os.close(fd)
    # A file larger than the bound is refused, not read whole, whatever it stated when looked at.
    monkeypatch.setattr(xlsx_guard, "MAX_FILE_BYTES", 100_000)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert len(xlsx_guard._read_bounded(fd, 10)) == 100_001
    finally:
        os.close(fd)
    with pytest.raises(xlsx_guard.WorkbookError) as info:
        xlsx_guard.read_file_bytes(str(path))
    assert info.value.code == "PMPRB-E105"


def test_a_kode_kept_as_an_alias_still_names_the_unit(tmp_path: Path) -> None:
    # DINKES became DINKESKB, renamed too, with the old kode kept as an alias: every workbook still saying
    # DINKES was PMPRB-E301 (not in the registry), and its history split.
    path = template(tmp_path)
    (tmp_path / "registry.csv").write_text(
        "kode,nama,jenis,alias\nDINKESKB,Dinas Kesehatan dan KB,dinas,DINKES\n", encoding="utf-8"
    )
    reg = load_registry(tmp_path / "registry.csv")
    assert "PMPRB-E301" not in codes(path, reg=reg)
    from pmprb_cli.checks import unit_key

    result = assess_file(str(path), RB, reg, period_of(RB))
    assert result.submission is not None and unit_key(result.submission, reg) == "DINKESKB"


def test_numbers_in_english_messages_have_a_decimal_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # --lang en said "counts 0,00 (not 1,00)" in the same run where other findings wrote 0.2.
    monkeypatch.setenv("PMPRB_LANG", "en")
    path = template(tmp_path, A_I_2_a="Tidak", A_I_2_b=_lowest("A.I.2.b"), A_I_2_c=_lowest("A.I.2.c"))
    result = assess_file(str(path), RB, registry(tmp_path), PERIOD)
    said = {f.item: f.message for f in result.findings if f.code == "PMPRB-I506"}
    assert "counts 0.00 (not 1.00) because A.I.2.a" in said["A.I.2.d"]


def test_a_blank_number_is_asked_for_in_english_under_lang_en(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "Fill the Jawaban column with one of: angka 0–100." under --lang en.
    monkeypatch.setenv("PMPRB_LANG", "en")
    zi = load_rubric("zi-2021")
    result = assess_file(str(template(tmp_path, zi, B_I_a="")), zi, registry(tmp_path), period_of(zi))
    [blank] = [f for f in result.findings if f.code == "PMPRB-E401" and f.item == "B.I.a"]
    assert blank.hint.endswith("a number 0–4.") and "angka" not in blank.hint


def test_a_percentage_typed_on_a_scale_that_is_not_one_is_told_its_scale(tmp_path: Path) -> None:
    # "87,5%" typed on a 0–4 scale was E404 "Ketik angka saja, tanpa satuan": the operator typed 87,5 (E403).
    zi = load_rubric("zi-2021")
    result = assess_file(str(template(tmp_path, zi, B_I_a="87,5%")), zi, registry(tmp_path), period_of(zi))
    [said] = [f for f in result.findings if f.code == "PMPRB-E404" and f.item == "B.I.a"]
    assert said.hint.startswith("Skala butir ini 0–4, bukan persen: ketik nilainya pada skala itu")
    (tmp_path / "x").mkdir()
    other = assess_file(str(template(tmp_path / "x", zi, B_I_a="banyak")), zi, registry(tmp_path), period_of(zi))
    [said] = [f for f in other.findings if f.code == "PMPRB-E404" and f.item == "B.I.a"]
    assert said.hint.startswith("Ketik angka saja")


def test_a_blank_count_asks_for_a_count_not_for_one_of_a_list_of_choices(tmp_path: Path) -> None:
    # A blank Jumlah row said "Isi kolom Jawaban dengan salah satu pilihan: angka 0 atau lebih".
    rubric = load_rubric("pmprb-2020")
    count = next(f.code for i in rubric.items() if i.computed for f in i.inputs)
    path = template(tmp_path, rubric, **{count.replace(".", "_"): ""})
    result = assess_file(str(path), rubric, registry(tmp_path), period_of(rubric))
    [blank] = [f for f in result.findings if f.code == "PMPRB-E401" and f.item == count]
    assert blank.hint == "Isi kolom Jawaban dengan banyaknya (bilangan bulat, 0 atau lebih)."
    (tmp_path / "c").mkdir()
    [choice] = [
        f for f in assess_file(str(template(tmp_path / "c", A_I_1_a="")), RB).findings if f.code == "PMPRB-E401"
    ]
    assert choice.hint == "Isi kolom Jawaban dengan salah satu pilihan: A / B / C."


def _prefixed(path: Path) -> Path:
    """The LKE sheet rewritten with x: prefixes and r in single quotes (the Open XML SDK's and others' spelling)."""
    parts = hostile.parts_of(path)
    sheet = parts["xl/worksheets/sheet1.xml"]
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    assert main in sheet
    sheet = re.sub(rb"<(/?)([A-Za-z]+[ >/])", rb"<\1x:\2", sheet.replace(main, main.replace(b"xmlns", b"xmlns:x")))
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb'(<x:c r=)"([A-Z]+[0-9]+)"', rb"\1'\2'", sheet)
    return hostile.rezip(path, parts)


def test_formulas_and_percentages_are_seen_whatever_the_sheets_spelling(tmp_path: Path) -> None:
    # In an x:-prefixed sheet, a formula without a result was "belum dijawab" (no
    # E410) and 61,40 % formatted as a percentage scored 0,614 of 100, where the usual spelling read 61,4.
    for sub in ("f", "p", "q"):
        (tmp_path / sub).mkdir()
    path = template(tmp_path / "f")
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban'))}{lke_rows(path)['A.I.1.a']}"
    formula = _prefixed(set_cell_xml(path, ref, f'<c r="{ref}"><f>IF(1,"A","B")</f></c>'))
    assert "PMPRB-E410" in codes(formula)
    shown = assess_file(str(_prefixed(_percent_formatted(template(tmp_path / "p", B_I_1=0.614), "B.I.1"))), RB)
    typed = assess_file(str(_prefixed(template(tmp_path / "q", B_I_1=61.4))), RB)
    assert shown.card is not None and typed.card is not None
    assert shown.card.index == pytest.approx(typed.card.index, abs=1e-9)
    assert "PMPRB-I504" in {f.code for f in shown.findings}


def test_a_visible_copy_of_the_lke_sheet_is_scored_before_the_hidden_original(tmp_path: Path) -> None:
    # The operator duplicated LKE into "LKE (2)", answered there and hid "LKE": the hidden sheet's old answers
    # were scored (68,57 for the copy's 67,29) and W209 did not say which sheet it meant was hidden.
    path = template(tmp_path)
    row, col = lke_rows(path)["A.I.1.a"], column(path, "jawaban")
    book = openpyxl.load_workbook(path)
    copy = book.copy_worksheet(book["LKE"])
    copy.title = "LKE (2)"
    copy.cell(row, col, "C")
    book["LKE"].sheet_state = "hidden"
    book.save(tmp_path / "copy.xlsx")
    result = assess_file(str(tmp_path / "copy.xlsx"), RB, None, None, "BB")
    assert result.submission is not None and result.submission.sheet == "LKE (2)"
    assert result.submission.answers["A.I.1.a"].raw == "C"
    [said] = [f for f in result.findings if f.code == "PMPRB-W209"]
    assert "('LKE', tersembunyi, jawabannya berbeda di 1 butir)" in said.message


@pytest.mark.parametrize("heading", ["Jawaban Tim Evaluator", "Jawaban Verifikator", "Evaluator"])
def test_an_evaluator_column_headed_another_common_way_is_read(tmp_path: Path, heading: str) -> None:
    # "Jawaban Tim Evaluator" over the column: the evaluator's answers were left unread without a word, the
    # unit ranked on its own index (73,43 BB where the evaluator's answers give 67,77).
    path = template(tmp_path, evaluator={"A.I.2.a": "Tidak"})

    def rename(book: openpyxl.Workbook) -> None:
        ws = book["LKE"]
        [cell] = [c for row in ws.iter_rows(max_row=20) for c in row if c.value == "Jawaban Evaluator"]
        cell.value = heading

    result = assess_file(str(edit(path, rename)), RB, None, None, "BB")
    assert result.verified is not None and result.verified.checked[0] == 1


def test_an_unreadable_file_named_by_its_units_name_counts_the_unit_as_having_sent(tmp_path: Path) -> None:
    # "Dinas Sosial.gsheet" (a Google Drive shortcut, named as people name files) left DINSOS under "belum
    # mengirim" beside the unreadable file that was its sending; only a file named by the kode counted.
    from pmprb_cli.batch import build_batch

    other = Unit(kode="DINSOS", nama="Dinas Sosial", jenis="dinas", aliases=())
    mine = template(tmp_path)
    shortcut = tmp_path / "Dinas Sosial.gsheet"
    shortcut.write_text('{"url": "https://docs.google.com/spreadsheets/d/x"}', encoding="utf-8")
    reg = registry(tmp_path, UNIT, other)
    batch = build_batch([str(mine), str(shortcut)], RB, registry=reg, period=PERIOD, target="BB")
    assert [f.file for f in batch.assessment.failed] == [str(shortcut)]
    assert batch.assessment.missing_units == ()
    # Named as people name files, decorations and all: read files named so were their units', unreadable ones
    # left the unit "belum mengirim", the rapor's unreadable table "Unit: —" and the CSV row without a kode.
    from pmprb_cli.output import csv_text
    from pmprb_cli.rapor import kabupaten_view

    for name in ("LKE_DINSOS_2022-07.xlsx", "Dinas Sosial (revisi).xlsx"):
        cut = tmp_path / name
        cut.write_bytes(mine.read_bytes()[:2000])
        batch = build_batch([str(mine), str(cut)], RB, registry=reg, period=PERIOD, target="BB")
        assert [f.file for f in batch.assessment.failed] == [str(cut)]
        assert batch.assessment.missing_units == ()
        assert [u.kode for u, _ in batch.assessment.unreadable_units(reg)] == ["DINSOS"]
        assert kabupaten_view(batch).failed_units == {str(cut): "Dinas Sosial (DINSOS)"}
        assert ",DINSOS,Dinas Sosial,dinas," in csv_text(batch)
        cut.unlink()


def test_english_findings_say_blank_and_count_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # --lang en: "the unit answered '(kosong)'" (I502) and "raises the index … (1 items)" (W417).
    monkeypatch.setenv("PMPRB_LANG", "en")
    path = template(tmp_path, A_I_1_a="", B_I_1=50, evaluator={"A.I.1.a": "B", "B.I.1": 60})
    found = assess_file(str(path), RB, registry(tmp_path), PERIOD).findings
    [blank] = [f for f in found if f.code == "PMPRB-I502" and f.item == "A.I.1.a"]
    assert "'(blank)'" in blank.message and "kosong" not in blank.message
    [raised] = [f for f in found if f.code == "PMPRB-W417"]
    assert "(2 items raised)" in raised.message
    (tmp_path / "one").mkdir()
    one = assess_file(str(template(tmp_path / "one", B_I_1=50, evaluator={"B.I.1": 60})), RB).findings
    assert [
        f.message.endswith("(1 item raised); the ranking uses the verified index.")
        for f in one
        if f.code == "PMPRB-W417"
    ] == [True]


def test_a_cell_referring_to_a_text_the_workbook_lacks_is_named(tmp_path: Path) -> None:
    # An answer cell pointing at shared string 999999 of 40-odd: the file was refused with the reader's
    # "Cell string index not found in shared strings table", naming neither the cell nor what was lost.
    path = template(tmp_path)
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban'))}{lke_rows(path)['A.I.1.a']}"
    broken = set_cell_xml(path, ref, f'<c r="{ref}" t="s"><v>999999</v></c>')
    loaded = load(str(broken), RB)
    assert loaded.failed is not None and loaded.failed.code == "PMPRB-E103"
    said = "lembar 'LKE': 1 sel merujuk teks yang tidak ada di berkas (berkas memuat {} teks), isinya hilang: " + ref
    assert re.search(re.escape(said).replace(r"\{\}", r"\d+"), loaded.failed.message), loaded.failed.message
    english = detail_in_english(loaded.failed.message.split(": ", 1)[1])
    assert english.startswith("sheet 'LKE': 1 cell(s) refer to texts the file does not hold (it holds "), english


def test_an_error_value_in_the_evaluators_column_is_said_as_the_evaluators_entry(tmp_path: Path) -> None:
    # Jawaban Evaluator filled by VLOOKUP from a master sheet: #N/A where the lookup failed. Read as blank, the row
    # kept the unit's answer with W424 "rumus tanpa hasil tersimpan", whose "simpan ulang di Excel" changes nothing.
    import re
    import zipfile

    from .conftest import ROOT

    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(ROOT / "sample_data" / "2022-08" / "BPKAD.xlsx") as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    cell = re.compile(rb'<c r="O13"[^>]*?(?:/>|>.*?</c>)', re.S)
    parts[sheet], n = cell.subn(
        b'<c r="O13" s="13" t="e"><f>VLOOKUP(A13,Petunjuk!A:B,2,0)</f><v>#N/A</v></c>', parts[sheet]
    )
    assert n == 1
    path = tmp_path / "BPKAD.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    rubric = load_rubric("pmprb-2020")
    result = assess_file(str(path), rubric, None, "2022-08")
    at = [f for f in result.findings if f.cell == "O13"]
    assert [f.code for f in at] == ["PMPRB-W419"] and "'#N/A'" in at[0].message, at


def test_answers_pasted_one_row_low_are_said_first_by_validate(tmp_path: Path) -> None:
    # One paste one row too low: 69 E401/E402 in ten groups came first, and the W214 naming the shift came 11th,
    # cut off by --max-findings 10.
    from .conftest import invoke

    rubric = load_rubric("pmprb-2020")
    path = template(tmp_path, rubric)
    rows = sorted(lke_rows(path).values())
    answer = column(path, "jawaban")

    def shifted(book: openpyxl.Workbook) -> None:
        sheet = book["LKE"]
        typed = [sheet.cell(r, answer).value for r in range(rows[0], rows[-1] + 1)]
        for n, value in enumerate(typed):
            sheet.cell(rows[0] + 1 + n, answer, value)
        sheet.cell(rows[0], answer, None)

    said = invoke(["validate", str(edit(path, shifted)), "--max-findings", "3"], expected_code=1).stdout
    lines = [line for line in said.splitlines() if "[PMPRB-" in line]
    assert "[PMPRB-W214]" in lines[0] and any("[PMPRB-E40" in line for line in lines[1:]), lines
    # First within its own file only: before every file's errors, three shifted files' W214 filled the list and
    # another file's error went unsaid.
    (tmp_path / "a").mkdir()
    other = template(tmp_path / "a", rubric, name="a.xlsx", **{"A.I.1.ii.a": "Tdak"})
    edit(other, lambda book: None)  # (saved after the other, as its workbook records: this one is the unit's own)
    said = invoke(["validate", str(other), str(path), "--max-findings", "2"], expected_code=1).stdout
    lines = [line for line in said.splitlines() if "[PMPRB-" in line]
    assert "a.xlsx" in lines[0] and "[PMPRB-E402]" in lines[0], lines
    assert "dinkes.xlsx" in lines[1] and "[PMPRB-W214]" in lines[1], lines


def test_of_a_units_two_files_the_one_its_workbook_says_was_saved_last_ranks_not_the_one_downloaded_last(
    tmp_path: Path,
) -> None:
    # Sent by WhatsApp and downloaded the night before: "LKE DINKES FINAL.xlsx" (saved 30 August) came down
    # first, the 20 August file after it, and the old answers ranked "(diubah paling akhir)" (messyrev).
    from pmprb_cli.batch import build_batch

    final = with_saved_time(template(tmp_path, name="LKE DINKES FINAL.xlsx"), "2022-08-30T12:00:00Z")
    older = with_saved_time(revised_copy(final, tmp_path / "LKE DINKES.xlsx"), "2022-08-20T03:00:00Z")
    at = final.stat().st_mtime_ns
    os.utime(older, ns=(at + 10**11, at + 10**11))  # downloaded 100 seconds later
    batch = build_batch([str(older), str(final)], RB, registry=registry(tmp_path), period=PERIOD, target="BB")
    assert [r.file for r in batch.ranked] == [str(final)]
    [said] = [f for f in batch.assessment.batch_findings if f.code == "PMPRB-E304"]
    assert said.file == str(older)
    assert (
        "disimpan paling akhir menurut catatan buku kerjanya: 2022-08-30 12:00 UTC, berkas ini 2022-08-20 03:00 UTC"
        in said.message
    )
    # A time with an offset is the same moment in UTC; one without a zone beside one in UTC tells nothing (it may be
    # hours off either way): the files' own times decide then, as where a workbook records no time.
    with_saved_time(older, "2022-08-30T20:00:00+07:00")  # 13:00 UTC: now the later one
    batch = build_batch([str(older), str(final)], RB, registry=registry(tmp_path), period=PERIOD, target="BB")
    assert [r.file for r in batch.ranked] == [str(older)]
    # Nor a time the file's own contradicts (saved in August 2023 by a PC's clock a year ahead, the file written in
    # August 2022), one before 1990, or one before year 1 in UTC (.NET's least date with WIB's offset: that one made
    # the whole workbook unreadable, E109; diffrev16).
    for zoneless in (
        "2022-08-31T09:00:00",
        "",
        "2099-01-01T00:00:00Z",
        "1980-01-01T00:00:00Z",
        "0001-01-01T00:00:00+07:00",
    ):
        with_saved_time(older, zoneless)
        os.utime(older, ns=(at - 10**11, at - 10**11))
        batch = build_batch([str(older), str(final)], RB, registry=registry(tmp_path), period=PERIOD, target="BB")
        assert [r.file for r in batch.ranked] == [str(final)], zoneless
        [said] = [f for f in batch.assessment.batch_findings if f.code == "PMPRB-E304"]
        assert "(waktu berkasnya paling akhir: waktu disimpan, disalin atau diunduh ke folder ini" in said.message


def test_a_shared_string_index_padded_or_odd_is_never_another_cells_text(tmp_path: Path) -> None:
    # python-calamine read a shared-string cell whose index was " 54", "54 " or "abc" as string 0: in the official
    # ZI form "A.", a "C" scored as A without a word; in a template its title, "Jawaban 'LEMBAR KERJA …'" (fuzzrev).
    path = template(tmp_path, A_I_1_a="C")
    ref = f"{openpyxl.utils.get_column_letter(column(path, 'jawaban'))}{lke_rows(path)['A.I.1.a']}"
    sheet = hostile.parts_of(path)["xl/worksheets/sheet1.xml"].decode("utf-8")
    found = re.search(rf'<c r="{ref}"([^>]*?)t="s"([^>]*)><v>(\d+)</v></c>', sheet)
    assert found is not None, ref
    before, after, index = found.groups()
    plain = assess_file(str(path), RB)
    assert plain.submission is not None and plain.submission.answers["A.I.1.a"].raw == "C"
    for n, typed in enumerate((f" {index}", f"{index} ")):
        (tmp_path / str(n)).mkdir()
        padded = template(tmp_path / str(n), A_I_1_a="C")
        set_cell_xml(padded, ref, f'<c r="{ref}"{before}t="s"{after}><v>{typed}</v></c>')
        result = assess_file(str(padded), RB)
        assert result.submission is not None and result.submission.answers["A.I.1.a"].raw == "C", typed
        assert result.card is not None and plain.card is not None and result.card.index == plain.card.index
    (tmp_path / "odd").mkdir()
    odd = template(tmp_path / "odd", A_I_1_a="C")
    set_cell_xml(odd, ref, f'<c r="{ref}"{before}t="s"{after}><v>abc</v></c>')
    result = assess_file(str(odd), RB)
    assert result.card is None and result.failed is not None and result.failed.code == "PMPRB-E103"  # (said, whole)
