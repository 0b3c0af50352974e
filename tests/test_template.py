"""Templates: written by pmprb, filled, moved about, re-saved by LibreOffice, and read back to the same scores."""

from __future__ import annotations

import dataclasses
import io
import json
import random
import shutil
import subprocess
import zipfile
from collections.abc import Mapping
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from pmprb_cli.errors import UsageError
from pmprb_cli.layout import IDENTITY_SHEET, LKE_SHEET
from pmprb_cli.models import Rubric, ScoreCard, Submission
from pmprb_cli.pipeline import ScoreRun, detect_rubric, load, score_paths
from pmprb_cli.registry import Unit
from pmprb_cli.rubric import load_rubric, normalise_spelling, shipped_rubrics
from pmprb_cli.scoring import score
from pmprb_cli.template import Carried, template_bytes, template_filename, write_template, write_templates
from pmprb_cli.template_sheet import TRAILING_TITLES

from .conftest import invoke
from .factories import (
    SOFFICE,
    best_answers,
    random_answers,
    soffice_convert,
    with_saved_time,
    worst_answers,
    write_official,
)
from .test_scoring import submission

RUBRICS = sorted(shipped_rubrics())
UNIT = Unit("dinkes", "Dinas Kesehatan", "dinas", ("Dinkes",))
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed on this machine")
STRUCTURE_CODES = {"PMPRB-E202", "PMPRB-W203", "PMPRB-E204", "PMPRB-W205", "PMPRB-W411", "PMPRB-W413"}


def evidence_for(rubric: Rubric) -> dict[str, object]:
    return {code: f"SK Nomor {n}/2022" for n, code in enumerate(rubric.answer_codes())}


def fill(path: Path, rubric: Rubric, seed: int, **kwargs: object) -> tuple[Path, dict[str, object]]:
    answers = random_answers(rubric, random.Random(seed))
    write_template(path, rubric, UNIT, "2022-06", "Kabupaten Contoh", answers=answers, **kwargs)  # type: ignore[arg-type]
    return path, answers


def assert_same_scores(card: ScoreCard, expected: ScoreCard) -> None:
    assert card.index == expected.index
    assert card.predikat == expected.predikat
    assert [(n.code, n.score) for n in card.nodes] == [(n.code, n.score) for n in expected.nodes]
    assert [(i.code, i.value, i.status) for i in card.items] == [(i.code, i.value, i.status) for i in expected.items]


def soffice_resave(files: list[Path], outdir: Path) -> None:
    """Re-save with LibreOffice and check it opened every file."""
    soffice_convert(files, outdir)
    for f in files:
        assert (outdir / f.name).stat().st_size > 0, f"LibreOffice could not open {f.name}"


# --------------------------------------------------------------------------- template → fill → score


def test_filled_template_scores_the_hand_worked_value(tmp_path: Path, rubric_2014: Rubric) -> None:
    """Everything best except sub A.II.1 at its worst and SAKIP 70 of 100: index 100 − bobot(A.II.1) − 14 × 0,3."""
    sub = next(n for n in rubric_2014.nodes() if n.code == "A.II.1")
    assert not {d.item for d in rubric_2014.dependencies} & {i.code for i in sub.items}
    answers = best_answers(rubric_2014)
    for item in sub.items:
        answers[item.code] = min(rubric_2014.scales[item.scale].values.items(), key=lambda kv: kv[1])[0]
    answers["B.I.1"] = 70
    path = write_template(tmp_path / "dinkes.xlsx", rubric_2014, UNIT, "2022-06", answers=answers)
    doc = json.loads(invoke(["score", str(path), "--rubric", "lke-rb-2014", "--format", "json"]).stdout)
    unit = doc["units"][0]
    assert unit["index"] == pytest.approx(100 - sub.weight - 14 * 0.3, abs=1e-9)
    assert unit["hasil"] == pytest.approx(40 - 14 * 0.3, abs=1e-9)
    assert "Dinas Kesehatan" in json.dumps(unit) and "2022-06" in json.dumps(unit)


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_best_is_the_maximum_and_worst_is_zero(tmp_path: Path, rubric_id: str) -> None:
    from pmprb_cli.pipeline import assess_file

    rubric = load_rubric(rubric_id)
    answers = best_answers(rubric)
    # AA comes only from the evaluator (PMPRB-W423): in the unit's column it is not used.
    grades = {node.code: answers.pop(node.code) for node in rubric.graded()}
    best = write_template(tmp_path / "best.xlsx", rubric, UNIT, "2022-06", answers=answers, evaluator=grades)
    worst = write_template(tmp_path / "worst.xlsx", rubric, UNIT, "2022-06", answers=worst_answers(rubric))
    shown = [(r.verified or r.card) for r in (assess_file(str(best), rubric), assess_file(str(worst), rubric))]
    assert [c.index for c in shown if c is not None] == [pytest.approx(rubric.index_max), pytest.approx(0.0)]


def in_template(answers: dict[str, object]) -> Submission:
    """The answers scored directly, as typed in a template's Jawaban column: beside an evaluator's column.

    (The unit's own grade there counts as far as its criteria carry it, PMPRB-W427.)
    """
    plain = submission(answers)
    beside = {c: dataclasses.replace(a, evaluator_cell=f"M{a.row}") for c, a in plain.answers.items()}
    return dataclasses.replace(plain, answers=beside)


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_round_trip_equals_scoring_the_answers_directly(tmp_path: Path, rubric_id: str) -> None:
    rubric = load_rubric(rubric_id)
    evidence = evidence_for(rubric)
    evaluator = {code: answer for code, answer in list(random_answers(rubric, random.Random(9)).items())[:5]}
    path, answers = fill(tmp_path / "t.xlsx", rubric, 1, evidence=evidence, evaluator=evaluator)
    loaded = load(str(path), rubric)
    assert loaded.failed is None and loaded.submission is not None
    sub = loaded.submission
    assert (sub.layout, sub.unit_code, sub.unit_name, sub.period) == (
        "template",
        "dinkes",
        "Dinas Kesehatan",
        "2022-06",
    )
    assert (sub.rubric_id, sub.rubric_version, sub.rubric_checksum) == (rubric.id, rubric.version, rubric.checksum)
    assert {c: a.raw for c, a in sub.answers.items() if a.raw is not None} == answers
    assert {c: a.evidence for c, a in sub.answers.items()} == evidence
    assert {c: a.evaluator_raw for c, a in sub.answers.items() if a.evaluator_raw is not None} == evaluator
    assert loaded.findings == ()
    run = score_paths([str(path)], rubric)
    assert_same_scores(run.cards[0], score(in_template(answers), rubric))
    assert not {f.code for f in run.findings} & STRUCTURE_CODES  # cached Nilai agree with pmprb (no W411)
    # The INDEKS cell is found, and holds the index pmprb computes (so W413 has something to compare).
    assert sub.cached_index_cell and sub.cached_index == pytest.approx(run.cards[0].index, abs=1e-9)


def test_blank_template_reads_as_all_missing(tmp_path: Path, rubric_2014: Rubric) -> None:
    path = write_template(tmp_path / "t.xlsx", rubric_2014, UNIT, "2022-06")
    card = score_paths([str(path)], rubric_2014).cards[0]
    assert card.index == 0 and card.missing == len(rubric_2014.answer_codes())


# --------------------------------------------------------------------------- rows moved by an OPD


def _rows_by_code(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def _swap_rows(ws: openpyxl.worksheet.worksheet.Worksheet, a: int, b: int) -> None:
    for col in range(1, ws.max_column + 1):
        x, y = ws.cell(a, col), ws.cell(b, col)
        x.value, y.value = y.value, x.value


@pytest.mark.parametrize("rubric_id", ["lke-rb-2014", "zi-2021", "sakip-2021"])
def test_rows_moved_and_inserted_are_found_by_kode(tmp_path: Path, rubric_id: str) -> None:
    rubric = load_rubric(rubric_id)
    path, answers = fill(tmp_path / "t.xlsx", rubric, 2)
    expected = score(in_template(answers), rubric)
    wb = openpyxl.load_workbook(path)
    ws = wb[LKE_SHEET]
    codes = list(rubric.answer_codes())
    rows = _rows_by_code(ws)
    _swap_rows(ws, rows[codes[0]], rows[codes[-1]])  # across the whole sheet, other komponen
    _swap_rows(ws, rows[codes[1]], rows[codes[len(codes) // 2]])
    ws.insert_rows(rows[codes[5]], 3)  # blank rows typed in the middle of a sub-komponen
    ws.insert_rows(12, 1)
    moved = _rows_by_code(ws)[codes[10]]
    ws.move_range(f"A{moved}:Z{moved}", rows=ws.max_row + 3 - moved)  # one row cut and pasted below the table
    wb.save(path)
    run = score_paths([str(path)], rubric)
    assert not run.failed
    assert not {f.code for f in run.findings} & STRUCTURE_CODES
    assert_same_scores(run.cards[0], expected)


def test_a_cleared_kode_is_found_by_its_question(tmp_path: Path, rubric_2014: Rubric) -> None:
    path, answers = fill(tmp_path / "t.xlsx", rubric_2014, 3)
    wb = openpyxl.load_workbook(path)
    ws = wb[LKE_SHEET]
    ws.cell(_rows_by_code(ws)["A.III.1.b"], 1).value = None
    wb.save(path)
    run = score_paths([str(path)], rubric_2014)
    assert not {f.code for f in run.findings} & STRUCTURE_CODES
    assert_same_scores(run.cards[0], score(in_template(answers), rubric_2014))


@pytest.mark.parametrize("rubric_id", ["pmprb-2020", "zi-2021", "sakip-2021"])
def test_a_cleared_kode_column_still_tells_rows_of_one_text_apart(tmp_path: Path, rubric_id: str) -> None:
    # Two "Jumlah perubahan yang dibuat" rows (sakip: two identical criteria) were E202 for present
    # answers once the whole Kode column was cleared: their text alone cannot say which is which, their
    # place can.
    rubric = load_rubric(rubric_id)
    path, answers = fill(tmp_path / "t.xlsx", rubric, 7)
    wb = openpyxl.load_workbook(path)
    ws = wb[LKE_SHEET]
    for r in _rows_by_code(ws).values():
        if r > 8:
            ws.cell(r, 1).value = None
    wb.save(path)
    run = score_paths([str(path)], rubric)
    assert not {f.code for f in run.findings} & STRUCTURE_CODES
    assert_same_scores(run.cards[0], score(in_template(answers), rubric))


def test_deleted_and_duplicated_rows_are_reported_not_misscored(tmp_path: Path, rubric_2014: Rubric) -> None:
    path, answers = fill(tmp_path / "t.xlsx", rubric_2014, 4)
    wb = openpyxl.load_workbook(path)
    ws = wb[LKE_SHEET]
    rows = _rows_by_code(ws)
    ws.cell(rows["A.I.1.a"], 1).value = "A.I.1.b"  # a row re-labelled with the code of its neighbour
    ws.cell(rows["A.I.1.a"], 10).value = "A"
    ws.delete_rows(rows["A.II.1.a"])
    wb.save(path)
    run = score_paths([str(path)], rubric_2014)
    found = {(f.code, f.item) for f in run.findings}
    assert ("PMPRB-E202", "A.II.1.a") in found and ("PMPRB-E401", "A.II.1.a") not in found  # said once
    status = {i.code: i.status for i in run.cards[0].items}
    assert status["A.II.1.a"] == "missing"
    # The re-labelled row still carries the question of A.I.1.a: its text says which item it is.
    assert run.cards[0].items[0].answer == "A"


def test_workbook_of_another_rubric_is_refused(tmp_path: Path, rubric_2014: Rubric) -> None:
    path, _ = fill(tmp_path / "t.xlsx", load_rubric("sakip-2021"), 5)
    loaded = load(str(path), rubric_2014)
    assert loaded.failed is not None and loaded.failed.code == "PMPRB-E206"


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_a_template_names_its_rubric_and_only_that_one_is_loaded(tmp_path: Path, rubric_id: str) -> None:
    path, _ = fill(tmp_path / "t.xlsx", load_rubric(rubric_id), 6)
    tried: list[str] = []

    def recorded(candidate: str) -> Rubric:
        tried.append(candidate)
        return load_rubric(candidate)

    found = detect_rubric([str(path)], RUBRICS, recorded)
    assert found is not None and found.id == rubric_id
    assert tried == [rubric_id]


def test_a_workbook_naming_no_rubric_gets_the_one_that_finds_most_items(tmp_path: Path, rubric_2014: Rubric) -> None:
    path = write_official(tmp_path / "lke.xlsx", rubric_2014, best_answers(rubric_2014))
    tried: list[str] = []

    def recorded(candidate: str) -> Rubric:
        tried.append(candidate)
        return load_rubric(candidate)

    found = detect_rubric([str(path)], RUBRICS, recorded)
    assert found is not None and found.id == rubric_2014.id
    assert tried == RUBRICS  # nothing names a rubric: every candidate is tried, in order


def test_the_rubric_is_voted_by_the_first_files_and_templates_outvote_a_guess(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # "00 ARSIP LKE 2019.xlsx" (an official 2014 form) sorted first and alone chose lke-rb-2014: 41 pmprb-2020
    # templates went unranked as another rubric's.
    archive = write_official(tmp_path / "00 arsip.xlsx", rubric_2014, best_answers(rubric_2014))
    pmprb_2020 = load_rubric("pmprb-2020")
    templates = [str(fill(tmp_path / f"u{n}.xlsx", pmprb_2020, n)[0]) for n in range(2)]
    found = detect_rubric([str(archive), *templates], RUBRICS, load_rubric)
    assert found is not None and found.id == "pmprb-2020"
    # Guesses alone: the most of them win, a tie going to the file read first.
    other = write_official(tmp_path / "01 arsip.xlsx", rubric_2014, best_answers(rubric_2014))
    found = detect_rubric([str(archive), str(other)], RUBRICS, load_rubric)
    assert found is not None and found.id == rubric_2014.id
    # Three archived forms sorting first do not outvote the templates behind them (five more files are sampled).
    many = [str(fill(tmp_path / f"v{n}.xlsx", pmprb_2020, 10 + n)[0]) for n in range(8)]
    olds = [
        str(write_official(tmp_path / f"00 arsip {n}.xlsx", rubric_2014, best_answers(rubric_2014))) for n in range(3)
    ]
    found = detect_rubric([*olds, *many], RUBRICS, load_rubric)
    assert found is not None and found.id == "pmprb-2020"
    # Nor does one template outvote more official forms (all of them "lebih cocok" with another rubric).
    forms = [str(write_official(tmp_path / f"{n} form.xlsx", rubric_2014, best_answers(rubric_2014))) for n in range(3)]
    found = detect_rubric([forms[0], templates[0], *forms[1:]], RUBRICS, load_rubric)
    assert found is not None and found.id == rubric_2014.id


def test_nothing_readable_detects_no_rubric(tmp_path: Path) -> None:
    (tmp_path / "rusak.xlsx").write_bytes(b"bukan zip")
    paths = [str(tmp_path / "rusak.xlsx"), str(tmp_path / "absent.xlsx")]
    assert detect_rubric(paths, RUBRICS, load_rubric) is None


# --------------------------------------------------------------------------- what the file holds


def test_header_titles_dropdowns_and_protection(tmp_path: Path, rubric_2014: Rubric) -> None:
    path = write_template(tmp_path / "t.xlsx", rubric_2014, UNIT, "2022-06")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == [LKE_SHEET, IDENTITY_SHEET, "Petunjuk"]
    ws = wb[LKE_SHEET]
    header = [c.value for c in ws[8] if c.value]
    assert header == ["Kode", "PENILAIAN", *TRAILING_TITLES]
    col = {title: n + 1 for n, title in enumerate(c.value for c in ws[8])}
    assert ws.protection.sheet and not ws.protection.password
    # Links may be inserted (Excel's Ctrl+K in Bukti Dukung); rows and columns stay as they are.
    assert ws.protection.insertHyperlinks is False and ws.protection.insertRows and ws.protection.deleteRows
    covered: dict[str, str] = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            for (cell,) in ws[cell_range.coord] if ":" in cell_range.coord else ((ws[cell_range.coord],),):
                covered[cell.coordinate] = f"{dv.type}:{dv.formula1}"
    rows = _rows_by_code(ws)
    for node in rubric_2014.nodes():
        for item in node.items:
            scale = rubric_2014.scales[item.scale]
            answer = ws.cell(rows[item.code], col["Jawaban"])
            assert covered[answer.coordinate] == f'list:"{",".join(scale.choices)}"', item.code
            assert covered[ws.cell(rows[item.code], col["Jawaban Evaluator"]).coordinate].startswith("list:")
    assert covered[ws.cell(rows["B.I.1"], col["Jawaban"]).coordinate].startswith("decimal:")
    code_row = rows["A.I.1.a"]
    for title in ("Jawaban", "Bukti Dukung", "Penjelasan Unit", "Jawaban Evaluator", "Catatan Evaluator"):
        assert not ws.cell(code_row, col[title]).protection.locked, title
    for title in ("Kode", "Bobot", "Pilihan Jawaban", "Nilai"):
        assert ws.cell(code_row, col[title]).protection.locked, title
    assert str(ws.cell(code_row, col["Nilai"]).value).startswith("=IF(")


def test_percentage_inputs_have_their_own_rows_and_range_checks(tmp_path: Path) -> None:
    rubric = load_rubric("zi-2021")
    path = write_template(tmp_path / "t.xlsx", rubric, UNIT, "2022-06")
    ws = openpyxl.load_workbook(path)[LKE_SHEET]
    rows = _rows_by_code(ws)
    col = {title: n + 1 for n, title in enumerate(c.value for c in ws[8])}
    inputs_dv = [
        # Counts: whole numbers only (12,5 passed the check and was then PMPRB-W421).
        dv
        for dv in ws.data_validations.dataValidation
        if dv.type == "whole" and dv.operator == "greaterThanOrEqual"
    ]
    covered = {str(r) for dv in inputs_dv for r in dv.sqref.ranges}
    item = next(i for i in rubric.items() if i.computed)
    assert [rows[f.code] for f in item.inputs] == list(
        range(rows[item.code] + 1, rows[item.code] + 1 + len(item.inputs))
    )
    assert str(ws.cell(rows[item.code], col["Nilai"]).value).startswith("=IF(COUNT(")
    assert ws.cell(rows[item.code], col["Jawaban"]).protection.locked
    first = ws.cell(rows[item.inputs[0].code], col["Jawaban"]).coordinate
    assert any(first == r or (":" in r and _in_range(first, r)) for r in covered)


def _in_range(cell: str, cell_range: str) -> bool:
    from openpyxl.utils.cell import range_boundaries

    lo_col, lo_row, hi_col, hi_row = range_boundaries(cell_range)
    c_col, c_row, _, _ = range_boundaries(cell)
    return lo_col <= c_col <= hi_col and lo_row <= c_row <= hi_row


def test_identitas_sheet_holds_the_fingerprint(tmp_path: Path, rubric_2014: Rubric) -> None:
    path = write_template(tmp_path / "t.xlsx", rubric_2014, UNIT, "2022-06", kabupaten="Kabupaten Contoh")
    ws = openpyxl.load_workbook(path)[IDENTITY_SHEET]
    fields = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 9)}
    assert fields == {
        "Kabupaten": "Kabupaten Contoh",
        "Kode unit": "dinkes",
        "Nama unit": "Dinas Kesehatan",
        "Jenis": "dinas",
        "Periode": "2022-06",
        "Rubrik": "lke-rb-2014",
        "Versi rubrik": rubric_2014.version,
        "Sidik rubrik": rubric_2014.checksum,
    }


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","klik")', "=1+1", "+62 812", "-1", "@SUM(A1)", "\tDinas", "\rDinas"]
)
def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, rubric_2014: Rubric, text: str) -> None:
    unit = Unit("x", text, "lainnya")
    path = write_template(tmp_path / "t.xlsx", rubric_2014, unit, "2022-06", kabupaten=text, evidence={"A.I.1.a": text})
    wb = openpyxl.load_workbook(path)
    ident = wb[IDENTITY_SHEET]
    ws = wb[LKE_SHEET]
    evidence = ws.cell(_rows_by_code(ws)["A.I.1.a"], 12)
    for cell in (ident["B1"], ident["B3"], evidence):
        # openpyxl leaves the OOXML escape of a carriage return (_x000D_) as it is; calamine decodes it.
        assert cell.data_type == "s" and str(cell.value).replace("_x000D_", "\r") == text
        assert cell.quotePrefix  # an edit in Excel (F2, Enter) keeps it text too
    loaded = load(str(path), rubric_2014)
    assert loaded.submission is not None
    assert loaded.submission.unit_name == " ".join(text.split())
    assert loaded.submission.answers["A.I.1.a"].evidence == " ".join(text.split())


def test_same_inputs_give_identical_bytes(tmp_path: Path, rubric_2014: Rubric) -> None:
    answers = random_answers(rubric_2014, random.Random(6))
    one = write_template(tmp_path / "a.xlsx", rubric_2014, UNIT, "2022-06", "Kab", answers=answers)
    two = write_template(tmp_path / "b.xlsx", rubric_2014, UNIT, "2022-06", "Kab", answers=dict(answers))
    assert one.read_bytes() == two.read_bytes()
    assert template_bytes(rubric_2014, UNIT, "2022-06", "Kab") == template_bytes(rubric_2014, UNIT, "2022-06", "Kab")
    assert template_bytes(rubric_2014, UNIT, "2022-07", "Kab") != template_bytes(rubric_2014, UNIT, "2022-06", "Kab")


def test_answers_for_unknown_codes_are_refused(rubric_2014: Rubric) -> None:
    with pytest.raises(UsageError, match="Z.9"):
        template_bytes(rubric_2014, UNIT, "2022-06", answers={"Z.9": "Ya"})


# --------------------------------------------------------------------------- file names and writing


@pytest.mark.parametrize(
    ("kode", "name"),
    [
        ("dinkes", "dinkes.xlsx"),
        ("1.02.01", "1.02.01.xlsx"),
        ("../../etc/passwd", "etc-passwd.xlsx"),
        ("..\\..\\Windows", "Windows.xlsx"),
        (".hidden", "hidden.xlsx"),
        ("a..b", "a.b.xlsx"),
        ("Dinas Kesehatan", "Dinas-Kesehatan.xlsx"),
        ("-rf", "rf.xlsx"),
        ("CON", "unit-CON.xlsx"),
        ("nul.txt", "unit-nul.txt.xlsx"),
        ("x" * 100, "x" * 64 + ".xlsx"),
    ],
)
def test_file_names_are_safe(kode: str, name: str) -> None:
    assert template_filename(kode) == name


@pytest.mark.parametrize("kode", ["", "..", "/", "---"])
def test_kode_without_a_safe_name_is_refused(kode: str) -> None:
    with pytest.raises(UsageError):
        template_filename(kode)


def test_write_templates_is_atomic_and_never_overwrites_a_different_file(tmp_path: Path, rubric_2014: Rubric) -> None:
    units = [UNIT, Unit("kec-a", "Kecamatan A", "kecamatan")]
    out = tmp_path / "out"
    paths = write_templates(out, rubric_2014, units, "2022-06", "Kab")
    assert [p.name for p in paths] == ["dinkes.xlsx", "kec-a.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == ["dinkes.xlsx", "kec-a.xlsx"]  # no temporary file left
    assert write_templates(out, rubric_2014, units, "2022-06", "Kab") == paths  # the same run again: fine
    filled = write_template(tmp_path / "filled.xlsx", rubric_2014, UNIT, "2022-06", "Kab", answers={"A.I.1.a": "A"})
    shutil.copy(filled, out / "dinkes.xlsx")  # an OPD's filled workbook in the same folder
    before = (out / "kec-a.xlsx").stat().st_mtime_ns
    with pytest.raises(UsageError, match="dinkes.xlsx"):
        write_templates(out, rubric_2014, units, "2022-07", "Kab")
    assert (out / "dinkes.xlsx").read_bytes() == filled.read_bytes()
    assert (out / "kec-a.xlsx").stat().st_mtime_ns == before  # a refused batch writes nothing


def test_units_whose_names_collide_are_refused(tmp_path: Path, rubric_2014: Rubric) -> None:
    with pytest.raises(UsageError, match="nama berkas yang sama"):
        write_templates(tmp_path, rubric_2014, [Unit("A", "A", "dinas"), Unit("a", "B", "dinas")], "2022-06")


# --------------------------------------------------------------------------- the command


def test_template_command_writes_one_file_per_unit(tmp_path: Path) -> None:
    registry = tmp_path / "unit.csv"
    registry.write_text("kode;nama;jenis\ndinkes;Dinas Kesehatan;dinas\nkec-a;Kecamatan A;kecamatan\n")
    out = tmp_path / "templat"
    args = ["template", "--rubric", "lke-rb-2014", "--out", str(out), "--registry", str(registry)]
    result = invoke([*args, "--period", "2022-06", "--kabupaten", "Kabupaten Contoh"])
    assert result.stdout.split() == [str(out / "dinkes.xlsx"), str(out / "kec-a.xlsx")]
    run = score_paths([str(out / "kec-a.xlsx")], load_rubric("lke-rb-2014"))
    assert run.cards[0].unit_name == "Kecamatan A" and run.cards[0].period == "2022-06"
    said = result.stderr.strip().splitlines()
    assert said[0] == f"2 templat LKE baru ditulis ke {out} untuk periode Juni 2022"
    assert said[1].startswith("Perhatian: Rubrik lke-rb-2014")  # 2022 is not among its years (2014–2019)
    one = invoke([*args, "--unit", "Kecamatan A", "--period", "2022-06", "--kabupaten", "Kabupaten Contoh"])
    assert one.stdout.split() == [str(out / "kec-a.xlsx")]
    # Run again: what was there is said to be there, not written anew ("2 templat LKE ada di" said neither).
    again = invoke([*args, "--period", "2022-06", "--kabupaten", "Kabupaten Contoh"])
    assert (
        again.stderr.strip().splitlines()[0]
        == f"2 templat LKE di {out} untuk periode Juni 2022: 0 baru, 2 sudah ada dan sama (tidak ditulis ulang)"
    )
    # Without --period a folder named for its month gives it, else this month's, said (September's templates made
    # at the end of August came back E303, every one, with nothing said when they were made).
    dated = tmp_path / "templat" / "2022_10"
    said = " ".join(invoke([*args[:4], str(dated), *args[5:], "--kabupaten", "Kabupaten Contoh"]).stderr.split())
    assert "untuk periode Oktober 2022 (dari nama folder --out)" in said
    assert (
        run.cards and score_paths([str(dated / "dinkes.xlsx")], load_rubric("lke-rb-2014")).cards[0].period == "2022-10"
    )
    plain = tmp_path / "templat" / "baru"
    said = " ".join(invoke([*args[:4], str(plain), *args[5:], "--kabupaten", "Kabupaten Contoh"]).stderr.split())
    assert "(bulan ini: --period tidak disebut)" in said
    # A folder naming another month than --period is said.
    other = tmp_path / "templat" / "2022-11"
    said = " ".join(invoke([*args[:4], str(other), *args[5:], "--period", "2022-12"]).stderr.split())
    assert f"Perhatian: folder {other} menyebut 2022-11, tetapi templatnya periode 2022-12 (--period)." in said


def test_templates_prefilled_from_last_month_start_each_unit_from_its_valid_answers(tmp_path: Path) -> None:
    # Every month each unit typed its 200 answers again into a blank template, though most had not changed.
    rubric = load_rubric("pmprb-2020")
    registry = tmp_path / "unit.csv"
    registry.write_text("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinas\nkec-a,Kecamatan A,kecamatan\n")
    last = tmp_path / "masuk" / "2022-07"
    last.mkdir(parents=True)
    answers = random_answers(rubric, random.Random(5))
    choice = next(c for c, s in rubric.item_scales().items() if s.kind == "choice")
    answers[choice] = "mungkin"  # invalid: not carried, asked again as a blank
    dinkes = Unit("dinkes", "Dinas Kesehatan", "dinas")
    write_template(
        last / "dinkes.xlsx",
        rubric,
        dinkes,
        "2022-07",
        answers=answers,
        evidence={choice: "SK Kepala Dinas"},
        evaluator={choice: "A"},
    )
    out = tmp_path / "templat"
    args = ["template", "--rubric", "pmprb-2020", "--out", str(out), "--registry", str(registry)]
    result = invoke([*args, "--period", "2022-08", "--prefill", str(last)])
    said = " ".join(result.stderr.split())
    assert "Diisi awal: 1 dari 2 templat, dari kiriman periode 2022-07; tanpa kiriman di sana" in said
    assert "kec-a.xlsx" in said
    # Into an empty folder nothing was there to keep: "tidak ditimpa" read as some of the operator's skipped.
    assert "tidak ditimpa" not in said
    # The invalid answer left blank is named, with what was typed (emptied unsaid, it read as an answer lost).
    assert (
        f"dinkes.xlsx: 1 jawaban tidak sah tidak dibawa (dikosongkan di templat; isi ulang): {choice} 'mungkin'."
        in said
    )
    new = load(str(out / "dinkes.xlsx"), rubric).submission
    assert new is not None and new.period == "2022-08"
    assert new.answers[choice].raw is None and new.answers[choice].evaluator_raw is None
    assert new.answers[choice].evidence == "SK Kepala Dinas"
    carried = {c: a.raw for c, a in new.answers.items() if a.raw is not None}
    kept = {c: v for c, v in answers.items() if c != choice and v not in (None, "")}
    assert carried.keys() == kept.keys()
    before = dict(answers, **{choice: None})
    assert score(in_template(carried), rubric).index == pytest.approx(score(in_template(before), rubric).index)
    petunjuk = [c.value for row in openpyxl.load_workbook(out / "dinkes.xlsx")["Petunjuk"].iter_rows() for c in row]
    assert any("diisi awal dari kiriman periode 2022-07 (dinkes.xlsx)" in str(v) for v in petunjuk)
    assert any(
        f"1 jawaban kiriman itu tidak sah dan dikosongkan di sini; isi ulang: {choice}." in str(v) for v in petunjuk
    )
    blank = load(str(out / "kec-a.xlsx"), rubric).submission
    assert blank is not None and all(a.raw is None for a in blank.answers.values())
    # The same run again: every template there is the same ("… berbeda tidak ditimpa" was said of none: one that
    # differs refuses the whole run before anything is written).
    again = " ".join(invoke([*args, "--period", "2022-08", "--prefill", str(last)]).stderr.split())
    assert "0 baru, 2 sudah ada dan sama" in again and "tidak ditimpa" not in again


def test_templates_prefilled_carry_the_units_penjelasan_unit(tmp_path: Path) -> None:
    # Answers and bukti dukung came back next month; the reasons the unit gave the assessor in Penjelasan Unit
    # ("SK sedang diproses di Bagian Hukum") had to be typed again in each of 40 files.
    rubric = load_rubric("pmprb-2020")
    registry = tmp_path / "unit.csv"
    registry.write_text("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinas\n")
    last = tmp_path / "masuk" / "2022-07"
    last.mkdir(parents=True)
    first, second, third, fourth, fifth = rubric.answer_codes()[:5]
    template = last / "dinkes.xlsx"
    write_template(template, rubric, Unit("dinkes", "Dinas Kesehatan", "dinas"), "2022-07", answers={first: "B"})
    book = openpyxl.load_workbook(template)
    sheet = book["LKE"]
    header = next(r for r in sheet.iter_rows() if any(c.value == "Penjelasan Unit" for c in r))
    column = next(c.column for c in header if c.value == "Penjelasan Unit")
    kode_column = next(c.column for c in header if str(c.value).casefold() == "kode")
    rows = {sheet.cell(r, kode_column).value: r for r in range(header[0].row + 1, sheet.max_row + 1)}
    sheet.cell(rows[first], column).value = "SK sedang diproses\ndi Bagian Hukum  "
    sheet.cell(rows[second], column).value = "=HYPERLINK(1)"  # text that starts like a formula stays text
    sheet.cell(rows[second], column).data_type = "s"
    for code, value in ((third, 0), (fourth, False), (fifth, 1.5)):  # (0 and FALSE were dropped, 1.5 was "1.5")
        sheet.cell(rows[code], column).value = value
    book.save(template)
    out = tmp_path / "templat"
    args = ["template", "--rubric", "pmprb-2020", "--out", str(out), "--registry", str(registry)]
    result = invoke([*args, "--period", "2022-08", "--prefill", str(last)])
    assert result.exit_code == 0, result.stderr
    new = load(str(out / "dinkes.xlsx"), rubric).submission
    assert new is not None
    assert new.answers[first].unit_note == "SK sedang diproses\ndi Bagian Hukum"
    assert new.answers[second].unit_note == "=HYPERLINK(1)"
    assert [new.answers[c].unit_note for c in (third, fourth, fifth)] == ["0", "FALSE", "1,5"]
    assert new.answers[first].raw == "B"
    petunjuk = [c.value for row in openpyxl.load_workbook(out / "dinkes.xlsx")["Petunjuk"].iter_rows() for c in row]
    assert any("Jawaban, bukti dukung dan penjelasan unit diisi awal" in str(v) for v in petunjuk)
    # A unit that wrote nothing there is told only of answers and bukti dukung, as before.
    assert "penjelasan unit" not in Carried({}, {}, "x.xlsx", "2022-07").note()


def test_templates_are_never_written_where_submissions_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `template --out masuk/2022-07 --prefill masuk/2022-06/` put 40 templates in July's inbox: the next run
    # counted 40 submissions ("0 unit belum mengirim"), each scored on June's answers.
    monkeypatch.chdir(tmp_path)
    Path("pmprb.toml").write_text('rubric = "pmprb-2020"\nregistry = "unit.csv"\ninbox = "masuk/{period}/"\n')
    Path("unit.csv").write_text("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinas\n")
    rubric = load_rubric("pmprb-2020")
    Path("masuk/2022-06").mkdir(parents=True)
    Path("lalu").mkdir()
    write_template(Path("masuk/2022-06/dinkes.xlsx"), rubric, Unit("dinkes", "Dinas Kesehatan", "dinas"), "2022-06")
    for out, named in (
        ("masuk/2022-07", "folder masuk periode 2022-07"),
        ("masuk/2022-06/baru", "folder masuk periode 2022-06"),
    ):
        result = invoke(["template", "--period", "2022-07", "--out", out, "--prefill", "masuk/2022-06"], 2)
        assert named in " ".join(result.stderr.split()) and not Path(out).exists()
    assert sorted(p.name for p in Path("masuk").rglob("*.xlsx")) == ["dinkes.xlsx"]
    # Nor in the folder prefilled from where no inbox pattern says it is one, nor in another period's inbox its
    # path names (--period left to this month).
    result = invoke(["template", "--period", "2022-07", "--out", "lalu/baru", "--prefill", "lalu"], 2)
    assert "folder --prefill lalu" in " ".join(result.stderr.split())
    shutil.copy("masuk/2022-06/dinkes.xlsx", "lalu/LKE_DINKES_juni.xlsx")
    result = invoke(["template", "--period", "2022-07", "--out", "lalu", "--prefill", "lalu/LKE_DINKES_juni.xlsx"], 2)
    assert "folder berkas --prefill lalu/LKE_DINKES_juni.xlsx" in " ".join(result.stderr.split())
    assert sorted(p.name for p in Path("lalu").rglob("*.xlsx")) == ["LKE_DINKES_juni.xlsx"]
    result = invoke(["template", "--out", "masuk/2022-09", "--prefill", "masuk/2022-06"], 2)
    assert "folder masuk periode 2022-09" in " ".join(result.stderr.split())
    Path("masuk/2022-09").mkdir()
    monkeypatch.chdir("masuk/2022-09")  # (the period in the folder run from, not in what --out says)
    result = invoke(["--config", "../../pmprb.toml", "template", "--out", "templat", "--prefill", "../2022-06"], 2)
    assert "folder masuk periode 2022-09" in " ".join(result.stderr.split())
    monkeypatch.chdir(tmp_path)
    invoke(["template", "--period", "2022-07", "--out", "templat/2022-07", "--prefill", "masuk/2022-06"])
    assert Path("templat/2022-07/dinkes.xlsx").is_file()


def _prefilled_from(tmp_path: Path, rubric: Rubric, answers: dict[str, object]) -> tuple[str, Submission | None]:
    """DINKES's July workbook of ``answers``, prefilled into August's: what template said, and the new workbook."""
    last = tmp_path / "lalu"
    last.mkdir()
    write_template(last / "DINKES.xlsx", rubric, Unit("DINKES", "Dinas Kesehatan", "dinas"), "2022-07", answers=answers)
    out = tmp_path / "t"
    args = ["template", "--rubric", rubric.id, "--out", str(out), "--period", "2022-08", "--unit", "DINKES"]
    said = " ".join(invoke([*args, "--prefill", str(last)]).stderr.split())
    return said, load(str(out / "dinkes.xlsx"), rubric).submission


def test_prefill_from_a_blank_template_says_nothing_was_carried(tmp_path: Path) -> None:
    # Last month's blank templates given as --prefill: "Diisi awal: 1 dari 1 templat" and a note in the template
    # that its answers came from that file, of a template that carried nothing.
    rubric = load_rubric("pmprb-2020")
    said, new = _prefilled_from(tmp_path, rubric, {})
    assert "Tidak dibawa: DINKES.xlsx (kosong: tanpa jawaban dan bukti dukung)" in said, said
    assert "Diisi awal: 1" not in said
    note = openpyxl.load_workbook(tmp_path / "t" / "dinkes.xlsx")["LKE"]["A7"].value
    assert not note or "diisi awal" not in str(note).casefold()


def test_prefill_from_a_period_not_before_the_templates_is_said(tmp_path: Path) -> None:
    # `--period 2022-07 --prefill` of August's workbooks (a typo for 2022-09) started July from August, unsaid.
    rubric = load_rubric("pmprb-2020")
    last = tmp_path / "agustus"
    last.mkdir()
    unit = Unit("DINKES", "Dinas Kesehatan", "dinas")
    write_template(last / "DINKES.xlsx", rubric, unit, "2022-08", answers=random_answers(rubric, random.Random(5)))
    args = ["template", "--rubric", rubric.id, "--out", str(tmp_path / "t"), "--unit", "DINKES", "--prefill", str(last)]
    said = " ".join(invoke([*args, "--period", "2022-07"]).stderr.split())
    assert "Perhatian: diisi awal dari kiriman periode 2022-08, tidak sebelum 2022-07" in said, said
    (tmp_path / "t" / "dinkes.xlsx").unlink()
    assert "Perhatian: diisi awal" not in invoke([*args, "--period", "2022-09"]).stderr


def test_a_template_left_under_the_kode_of_another_case_is_said(tmp_path: Path) -> None:
    # The registry's kode fixed from dinkes to DINKES: dinkes.xlsx stayed beside the new DINKES.xlsx, unsaid (setuprev).
    registry = tmp_path / "opd.csv"
    args = ["template", "--rubric", "pmprb-2020", "--out", str(tmp_path / "t"), "--period", "2022-08"]
    registry.write_text("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinas\n", encoding="utf-8")
    assert "Perhatian" not in invoke([*args, "--registry", str(registry)]).stderr
    registry.write_text("kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\n", encoding="utf-8")
    said = " ".join(invoke([*args, "--registry", str(registry)]).stderr.split())
    if (tmp_path / "t" / "DINKES.xlsx").samefile(tmp_path / "t" / "dinkes.xlsx"):
        pytest.skip("a file system that ignores case holds one file of the two names")
    assert (
        "masih memuat templat lama yang namanya hanya berbeda huruf besar-kecil: dinkes.xlsx (kini DINKES.xlsx)" in said
    )


def test_prefill_of_a_folder_not_there_says_the_first_month_has_none(tmp_path: Path) -> None:
    # README's monthly step in the first month: "Jalur tidak ditemukan: masuk/2022-07/", a hint about spelling and
    # quotes, and no word that the first month has no last month to start from (setuprev).
    args = ["template", "--rubric", "pmprb-2020", "--out", str(tmp_path / "t"), "--unit", "DINKES"]
    result = invoke([*args, "--period", "2022-08", "--prefill", str(tmp_path / "masuk" / "2022-07")], 2)
    said = " ".join(result.stderr.split())
    assert f"--prefill {tmp_path / 'masuk' / '2022-07'}: folder atau berkas itu tidak ada" in said, said
    assert "Pada bulan pertama memakai pmprb belum ada kiriman bulan lalu: buat templatnya tanpa --prefill" in said
    assert not (tmp_path / "t").exists()


def test_prefill_does_not_carry_an_akip_grade_only_the_evaluator_gives(tmp_path: Path) -> None:
    # AA typed by the unit (counted as its criteria, PMPRB-W423) came back in its own column, outside the column's
    # list (BB down), and W423 again every month. Said among the answers left blank; its evidence still carried.
    rubric = load_rubric("sakip-2021")
    node = next(iter(rubric.graded()))
    answers: dict[str, object] = {i.code: "Ya" for i in rubric.items()}
    answers[node.code] = "AA"
    said, new = _prefilled_from(tmp_path, rubric, answers)
    assert f"{node.code} 'AA' (nilai huruf evaluator)" in said, said
    # (not "tidak sah": the AA was valid, counted as BB; akiprev)
    assert "1 jawaban nilai huruf yang hanya diberikan evaluator tidak dibawa" in said and "tidak sah" not in said, said
    assert new is not None and new.answers[node.code].raw in (None, "")
    assert "PMPRB-W423" not in {f.code for f in load(str(tmp_path / "t" / "dinkes.xlsx"), rubric).findings}


def test_prefill_does_not_carry_a_count_that_is_not_whole(tmp_path: Path) -> None:
    # 0,75 in a Jumlah row (PMPRB-E412, counted 0) went silently into next month's template, invalid from its
    # first day; a count a hair off whole (3,0000000000000004 from a formula) is carried as 3.
    rubric = load_rubric("pmprb-2020")
    counts = [f.code for item in rubric.items() for f in item.inputs]
    answers = random_answers(rubric, random.Random(3))
    answers.update({counts[0]: 0.75, counts[1]: 3.0000000000000004})
    said, new = _prefilled_from(tmp_path, rubric, answers)
    assert f"{counts[0]} '0,75'" in said, said
    assert new is not None and new.answers[counts[0]].raw in (None, "") and new.answers[counts[1]].raw == 3


@pytest.mark.parametrize("month", ["12", "11", "2021-12"])
def test_prefill_into_a_new_year_makes_last_years_counts_the_year_before(tmp_path: Path, month: str) -> None:
    # January started from December carried "Jumlah pelanggaran tahun ini 8" (2022's) as 2023's, and 2021's count
    # as the year before: sent back unchanged, about 2 index points either way, and nothing said so.
    rubric = load_rubric("pmprb-2020")
    answers = random_answers(rubric, random.Random(4))
    answers.update({"A.III.5.iii.a.n1": 12, "A.III.5.iii.a.n2": 8, "A.III.5.iii.a.n3": 5})
    last = tmp_path / "lalu"
    last.mkdir()
    unit = Unit("DINKES", "Dinas Kesehatan", "dinas")
    was = month if "-" in month else f"2022-{month}"  # (December two years back: its count is no 2022's)
    write_template(last / "DINKES.xlsx", rubric, unit, was, answers=answers)
    out = tmp_path / "t"
    args = ["template", "--rubric", "pmprb-2020", "--out", str(out), "--period", "2023-01", "--unit", "DINKES"]
    said = " ".join(invoke([*args, "--prefill", str(last)]).stderr.split())
    new = load(str(out / "dinkes.xlsx"), rubric).submission
    assert new is not None
    counts = [new.answers[f"A.III.5.iii.a.n{n}"].raw for n in (1, 2, 3)]
    if month == "12":  # December's count of the year is the year before's
        assert counts == [8, None, None]
        assert (
            "DINKES.xlsx: tahun baru — A.III.5.iii.a: jumlah tahun sebelumnya diisi dari jumlah tahun ini periode "
            "2022-12 (8); jumlah tahun ini dikosongkan, isi untuk 2023." in said
        )
    else:  # November's is not the whole year, nor 2021's December the year before 2023: both for the unit to fill
        assert counts == [None, None, None]
        assert "A.III.5.iii.a: jumlah tahun sebelumnya dan tahun ini dikosongkan, isi untuk 2023" in said
    guide = [str(c.value) for row in openpyxl.load_workbook(out / "dinkes.xlsx")["Petunjuk"].iter_rows() for c in row]
    assert any("Tahun baru: A.III.5.iii.a: jumlah tahun sebelumnya" in v for v in guide)
    if "-" in month:
        return
    # Within a year, the counts are carried as they were.
    within = tmp_path / "t2"
    args = ["template", "--rubric", "pmprb-2020", "--out", str(within), "--period", f"2022-{month}", "--unit", "DINKES"]
    write_template(last / "DINKES.xlsx", rubric, unit, f"2022-{int(month) - 1:02d}", answers=answers)
    assert "tahun baru" not in invoke([*args, "--prefill", str(last)]).stderr
    same = load(str(within / "dinkes.xlsx"), rubric).submission
    assert same is not None and [same.answers[f"A.III.5.iii.a.n{n}"].raw for n in (1, 2, 3)] == [12, 8, 5]


def test_prefill_names_every_invalid_answer_it_leaves_blank_a_zero_among_them(tmp_path: Path) -> None:
    # 0 typed where A–E was asked was left blank unnamed (str(raw or "") is ""), and beyond ten the rest were
    # "dan 113 lagi" on screen and in Petunjuk: items nobody named, to be filled again.
    rubric = load_rubric("pmprb-2020")
    choices = [c for c, s in rubric.item_scales().items() if s.kind == "choice"]
    answers = random_answers(rubric, random.Random(2))
    answers.update({c: "mungkin" for c in choices[1:15]})
    answers[choices[0]] = 0
    last = tmp_path / "lalu"
    last.mkdir()
    write_template(last / "DINKES.xlsx", rubric, Unit("DINKES", "Dinas Kesehatan", "dinas"), "2022-07", answers=answers)
    # A formula saved without its result (a script's, PMPRB-E410 that month) was left blank without a word too.
    sent = load(str(last / "DINKES.xlsx"), rubric).submission
    assert sent is not None
    formula_cell = sent.answers[choices[15]].cell
    book = openpyxl.load_workbook(last / "DINKES.xlsx")
    book[LKE_SHEET][formula_cell] = '=IF(1>0,"Ya","Tidak")'
    book.save(last / "DINKES.xlsx")
    out = tmp_path / "t"
    args = ["template", "--rubric", "pmprb-2020", "--out", str(out), "--period", "2022-08", "--unit", "DINKES"]
    said = " ".join(invoke([*args, "--prefill", str(last)]).stderr.split())
    assert (
        f"DINKES.xlsx: 16 jawaban tidak sah tidak dibawa (dikosongkan di templat; isi ulang): {choices[0]} '0', "
        in said
    )
    assert "dan 6 lagi (daftar lengkap di lembar Petunjuk templatnya)." in said
    guide = [str(c.value) for row in openpyxl.load_workbook(out / "dinkes.xlsx")["Petunjuk"].iter_rows() for c in row]
    full = next(v for v in guide if v.startswith("Dikosongkan karena tidak sah di kiriman periode 2022-07"))
    assert all(f"{c} '{'0' if c == choices[0] else 'mungkin'}'" in full for c in choices[:15])
    assert f"{choices[15]} (rumus tanpa hasil)" in full
    assert any("16 jawaban kiriman itu tidak sah" in v and "(daftar lengkap di lembar Petunjuk)." in v for v in guide)


def test_template_run_outside_the_config_folder_says_pmprb_toml_was_not_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From another folder: "Sebutkan rubrik templat", then "Berikan --registry", never that pmprb.toml was missed.
    monkeypatch.chdir(tmp_path)
    for args in (["template", "--out", "t"], ["template", "--out", "t", "--rubric", "pmprb-2020"]):
        said = " ".join(invoke(args, expected_code=2).output.split())
        assert "Tidak ada pmprb.toml di folder ini: jalankan dari folder pmprb.toml" in said, said


def test_one_units_template_by_its_name_still_hears_of_its_own_second_file(tmp_path: Path) -> None:
    # Without a registry, `--unit "Dinas Perhubungan"` matched the files' unit by kode only ("dishub"): the
    # line naming its own second sending was left out.
    rubric = load_rubric("pmprb-2020")
    dishub = Unit("DISHUB", "Dinas Perhubungan", "dinas")
    last = tmp_path / "lalu"
    last.mkdir()
    write_template(last / "laporan-a.xlsx", rubric, dishub, "2022-07", answers=best_answers(rubric))
    write_template(last / "laporan-b.xlsx", rubric, dishub, "2022-07", answers=worst_answers(rubric))
    args = ["template", "--rubric", "pmprb-2020", "--out", str(tmp_path / "t"), "--period", "2022-08"]
    said = " ".join(invoke([*args, "--unit", "Dinas Perhubungan", "--prefill", str(last)]).stderr.split())
    assert "(PMPRB-E304" in said, said


def test_prefill_takes_nothing_from_a_file_that_is_not_the_units_and_says_why(tmp_path: Path) -> None:
    # DINKES's answers sent as KEC-A.xlsx (W306) filled DINKES's new template; a folder of another rubric's
    # files said only "Diisi awal: 0 dari 2".
    rubric = load_rubric("pmprb-2020")
    registry = tmp_path / "unit.csv"
    registry.write_text("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinas\nkec-a,Kecamatan A,kecamatan\n")
    last = tmp_path / "lalu"
    last.mkdir()
    dinkes = Unit("dinkes", "Dinas Kesehatan", "dinas")
    write_template(last / "kec-a.xlsx", rubric, dinkes, "2022-07", answers=best_answers(rubric))
    write_template(last / "lain.xlsx", load_rubric("zi-2021"), dinkes, "2022-07")
    out = tmp_path / "templat"
    args = ["template", "--rubric", "pmprb-2020", "--out", str(out), "--registry", str(registry)]
    said = " ".join(invoke([*args, "--period", "2022-08", "--prefill", str(last)]).stderr.split())
    assert "Diisi awal: 0 dari 2 templat" in said
    assert "Tidak dibawa: kec-a.xlsx (PMPRB-W306: Nama berkas menyebut unit lain); lain.xlsx (PMPRB-E206" in said
    # A damaged file there is an input problem (exit 1), said with its code; the templates are still written.
    (last / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan arsip")
    again = invoke([*args, "--period", "2022-08", "--prefill", str(last)], expected_code=1)
    said = " ".join(again.stderr.split())
    assert "rusak.xlsx (PMPRB-E1" in said and "Kode keluar 1: 1 berkas di folder --prefill tidak dapat dibaca" in said
    # One unit's template names that unit's files and those whose unit is not known, not the other units'
    # (DINKES's operator heard of DISHUB's second sending): kec-a.xlsx is named for KEC-A.
    write_template(last / "dinkes.xlsx", rubric, dinkes, "2022-07", answers=best_answers(rubric))
    write_template(last / "dinkes-lagi.xlsx", rubric, dinkes, "2022-07", answers=best_answers(rubric))
    args = ["template", "--rubric", "pmprb-2020", "--registry", str(registry), "--period", "2022-08"]
    every = invoke([*args, "--out", str(tmp_path / "semua"), "--prefill", str(last)], expected_code=1)
    assert "dinkes.xlsx (PMPRB-I508" in every.stderr  # (a copy byte for byte: one unit's second file)
    one = invoke([*args, "--out", str(tmp_path / "kec-a"), "--prefill", str(last), "--unit", "kec-a"], expected_code=1)
    said = " ".join(one.stderr.split())
    assert "kec-a.xlsx (PMPRB-" in said and "rusak.xlsx" in said and "dinkes.xlsx" not in said
    for copy in ("rusak", "dinkes", "dinkes-lagi"):
        (last / f"{copy}.xlsx").unlink()
    # Without a registry, a unit named by its name finds its workbook as by its kode.
    write_template(
        last / "setda.xlsx",
        rubric,
        Unit("SETDA", "Sekretariat Daerah", "sekretariat"),
        "2022-07",
        answers=best_answers(rubric),
    )
    alone = ["template", "--rubric", "pmprb-2020", "--out", str(tmp_path / "satu"), "--period", "2022-08"]
    invoke([*alone, "--unit", "Sekretariat Daerah", "--prefill", str(last / "setda.xlsx")])
    [made] = (tmp_path / "satu").iterdir()
    sub = load(str(made), rubric).submission
    assert sub is not None and any(a.raw is not None for a in sub.answers.values())


def test_prefill_starts_from_each_units_latest_month_of_its_kabupaten_and_says_what_it_leaves(tmp_path: Path) -> None:
    # June's DINKES saved into July's folder after July's own started August from June (the file changed last);
    # a neighbour kabupaten's KEC-A (E308) was carried unsaid; DINKESS, a kode the registry lacks, left out
    # unsaid; 5,000000000000001 on 0–5 (a formula's noise, scored 5) "tidak sah, tidak dibawa".
    import os

    rubric = load_rubric("pmprb-2020")
    registry = tmp_path / "unit.csv"
    registry.write_text("kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\nKEC-A,Kecamatan A,kecamatan\n")
    last = tmp_path / "juli"
    last.mkdir()
    dinkes, kec = Unit("DINKES", "Dinas Kesehatan", "dinas"), Unit("KEC-A", "Kecamatan A", "kecamatan")
    july = random_answers(rubric, random.Random(1))
    july["A.II.4.a"] = 5.000000000000001
    write_template(last / "DINKES.xlsx", rubric, dinkes, "2022-07", "Kabupaten Contoh", july)
    june = write_template(last / "DINKES-juni.xlsx", rubric, dinkes, "2022-06", "Kabupaten Contoh",
                          random_answers(rubric, random.Random(2)))  # fmt: skip
    os.utime(june, (2_000_000_000, 2_000_000_000))  # (saved last)
    write_template(last / "KEC-A.xlsx", rubric, kec, "2022-07", "Kabupaten Tetangga", best_answers(rubric))
    # (a neighbour's later DINKES, saved last: no month of the unit's own, never the one carried)
    (last / "lain").mkdir()
    neighbour = write_template(last / "lain" / "DINKES.xlsx", rubric, dinkes, "2022-09", "Kabupaten Tetangga",
                               best_answers(rubric))  # fmt: skip
    os.utime(neighbour, (2_100_000_000, 2_100_000_000))
    write_template(last / "DINKESS.xlsx", rubric, Unit("DINKESS", "Dinas Kesihatan", "dinas"), "2022-07",
                   "Kabupaten Contoh", best_answers(rubric))  # fmt: skip
    out = tmp_path / "agustus"
    args = ["template", "--rubric", "pmprb-2020", "--registry", str(registry), "--period", "2022-08"]
    said = " ".join(
        invoke([*args, "--kabupaten", "Kabupaten Contoh", "--out", str(out), "--prefill", str(last)]).stderr.split()
    )
    assert "DINKES-juni.xlsx (PMPRB-E303: ada kiriman bulan yang lebih baru)" in said, said
    assert "KEC-A.xlsx (PMPRB-E308" in said and "lain/DINKES.xlsx (PMPRB-E308" in said, said
    assert "DINKESS.xlsx (PMPRB-E301" in said and "A.II.4.a" not in said, said
    # (and the way out where a kode changed: its old kode as an alias; reorgrev)
    assert "tulis kode lama itu di kolom alias unitnya di daftar unit, hapus templat kosongnya" in said
    [source] = score_paths([str(last / "DINKES.xlsx")], rubric).cards
    [started] = score_paths([str(out / "DINKES.xlsx")], rubric).cards
    assert started.index == pytest.approx(source.index, abs=1e-9)
    kec_started = load(str(out / "KEC-A.xlsx"), rubric).submission
    assert kec_started is not None and all(a.raw in (None, "") for a in kec_started.answers.values())


def test_prefill_compares_months_as_months(tmp_path: Path) -> None:
    # A workbook whose Periode no month reads from ("Jun 2O22", a letter O) sorted after "2022-07" as text:
    # July's own was set aside as another period, and August started from the older file.
    import os

    import openpyxl

    rubric = load_rubric("pmprb-2020")
    registry = tmp_path / "unit.csv"
    registry.write_text("kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\n")
    last = tmp_path / "juli"
    last.mkdir()
    dinkes = Unit("DINKES", "Dinas Kesehatan", "dinas")
    write_template(last / "DINKES.xlsx", rubric, dinkes, "2022-07", "Kabupaten Contoh",
                   random_answers(rubric, random.Random(1)))  # fmt: skip
    older = write_template(last / "DINKES-lama.xlsx", rubric, dinkes, "2022-06", "Kabupaten Contoh",
                           random_answers(rubric, random.Random(2)))  # fmt: skip
    book = openpyxl.load_workbook(older)
    cell = next(c for row in book["Identitas"].iter_rows() for c in row if c.value == "Periode")
    book["Identitas"].cell(cell.row, cell.column + 1, "Jun 2O22")
    book["LKE"]["G6"] = "Jun 2O22"
    book.save(older)
    with_saved_time(older, "2022-06-30T08:00:00Z")  # (saved first, as its workbook records)
    os.utime(older, (1_000_000_000, 1_000_000_000))
    out = tmp_path / "agustus"
    args = ["template", "--rubric", "pmprb-2020", "--registry", str(registry), "--period", "2022-08"]
    invoke([*args, "--kabupaten", "Kabupaten Contoh", "--out", str(out), "--prefill", str(last)])
    [source] = score_paths([str(last / "DINKES.xlsx")], rubric).cards
    [started] = score_paths([str(out / "DINKES.xlsx")], rubric).cards
    assert started.index == pytest.approx(source.index, abs=1e-9)


def test_prefill_carries_nothing_into_a_merged_unit_from_one_of_its_parts(tmp_path: Path) -> None:
    # DISKOP and DISPERINDAG merged into DISKOPERINDAG: its template was prefilled with DISKOP's answers alone,
    # and DISPERINDAG's file was left out as "Unit mengirim dua kali".
    rubric = load_rubric("pmprb-2020")
    registry = tmp_path / "unit.csv"
    registry.write_text(
        "kode,nama,jenis,alias\nDISKOPERINDAG,Dinas Koperasi dan Perdagangan,dinas,DISKOP|DISPERINDAG\n"
        "DISDIKBUD,Dinas Pendidikan dan Kebudayaan,dinas,DISDIK\n"
    )
    last = tmp_path / "lalu"
    last.mkdir()
    for kode in ("DISKOP", "DISPERINDAG", "DISDIK"):
        unit = Unit(kode, f"Dinas {kode}", "dinas")
        write_template(last / f"{kode}.xlsx", rubric, unit, "2022-07", answers=best_answers(rubric))
    out = tmp_path / "templat"
    args = ["template", "--rubric", "pmprb-2020", "--out", str(out), "--registry", str(registry)]
    said = " ".join(invoke([*args, "--period", "2022-08", "--prefill", str(last)]).stderr.split())
    # (its parts did send: "tanpa kiriman di sana" was untrue of it)
    blank = "tanpa jawaban yang dibawa (templat kosong; tidak mengirim, atau kirimannya tidak dibawa, lihat di bawah)"
    assert "Diisi awal: 1 dari 2 templat" in said and f"{blank}: DISKOPERINDAG.xlsx" in said
    why = "(DISKOP dan DISPERINDAG kini satu unit, DISKOPERINDAG: jawabannya tidak digabung)"
    assert f"Tidak dibawa: DISKOP.xlsx {why}; DISPERINDAG.xlsx {why}." in said
    merged = load(str(out / "DISKOPERINDAG.xlsx"), rubric).submission
    assert merged is not None and all(a.raw is None for a in merged.answers.values())
    # A renamed unit (one old kode) still starts from its own answers.
    renamed = load(str(out / "DISDIKBUD.xlsx"), rubric).submission
    assert renamed is not None and any(a.raw is not None for a in renamed.answers.values())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--unit", "Dinas Kesehatn"], "Mungkin maksudnya 'Dinas Kesehatan'"),
        (["--period", "2022-13"], "Periode '2022-13' tidak sah"),
        (["--period", "Juni"], "TTTT-BB"),
    ],
)
def test_template_command_usage_errors(tmp_path: Path, extra: list[str], message: str) -> None:
    registry = tmp_path / "unit.csv"
    registry.write_text("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinas\n")
    args = ["template", "--rubric", "lke-rb-2014", "--out", str(tmp_path / "o"), "--registry", str(registry)]
    result = invoke([*args, *extra], expected_code=2)
    assert message in result.stderr
    assert not (tmp_path / "o").exists()


def test_template_command_needs_units(tmp_path: Path) -> None:
    result = invoke(["template", "--rubric", "lke-rb-2014", "--out", str(tmp_path)], expected_code=2)
    assert "--registry" in result.stderr


def test_template_command_with_a_broken_registry(tmp_path: Path) -> None:
    registry = tmp_path / "unit.csv"
    registry.write_text("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinas\ndinkes,Dinas Lain,dinas\n")
    result = invoke(
        ["template", "--rubric", "lke-rb-2014", "--out", str(tmp_path / "o"), "--registry", str(registry)],
        expected_code=2,
    )
    assert "PMPRB-E903" in result.stderr and "baris 3" in result.stderr


# --------------------------------------------------------------------------- LibreOffice


def spelt_as_people_do(rubric: Rubric, answers: dict[str, object], rng: random.Random) -> dict[str, object]:
    """Half the choice answers in another spelling the rubric accepts, in some case, with spaces around."""
    scales = {**rubric.item_scales(), **{n.code: rubric.scales[n.scale] for n in rubric.graded()}}
    out = dict(answers)
    for code, answer in answers.items():
        scale = scales.get(code)
        if scale is None or scale.kind != "choice" or not isinstance(answer, str) or rng.random() < 0.5:
            continue
        spellings = sorted(s for s, a in scale.spellings.items() if a == answer)
        spelt = rng.choice(spellings) if spellings else answer
        out[code] = rng.choice(["", " "]) + rng.choice([spelt, spelt.upper(), spelt.title()]) + rng.choice(["", " "])
    return out


@pytest.fixture(scope="module")
def libreoffice_round(tmp_path_factory: pytest.TempPathFactory) -> Mapping[str, object]:
    """One LibreOffice run over everything the LibreOffice tests need (a start costs seconds)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed on this machine")
    base = tmp_path_factory.mktemp("lo")
    files: list[Path] = []
    made: dict[str, object] = {}
    for n, rid in enumerate(RUBRICS):
        rubric = load_rubric(rid)
        # Answers spelt as people type them ("WTP", "tdk", " YA "): the formulas must read them as pmprb
        # does (the Opini cell once showed 0 for "WTP", the whole sample inbox 3 points below pmprb).
        answers = spelt_as_people_do(rubric, random_answers(rubric, random.Random(10 + n)), random.Random(n))
        path = base / f"{rid}.xlsx"
        write_template(path, rubric, UNIT, "2022-06", "Kabupaten Contoh", answers, evidence=evidence_for(rubric))
        made[rid] = (rubric, path, answers)
        # openpyxl drops cached values, so LibreOffice must recompute every Nilai from the live formulas.
        bare = base / f"{rid}-recalc.xlsx"
        openpyxl.load_workbook(path).save(bare)
        files += [path, bare]
    blank = write_template(base / "blank.xlsx", load_rubric("lke-rb-2014"), UNIT, "2022-06")
    files.append(blank)
    out = base / "out"
    soffice_resave(files, out)
    return {"made": made, "out": out, "blank": blank}


@needs_soffice
@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_libreoffice_resave_scores_the_same(libreoffice_round: Mapping[str, object], rubric_id: str) -> None:
    rubric, path, answers = libreoffice_round["made"][rubric_id]  # type: ignore[index]
    resaved = libreoffice_round["out"] / path.name  # type: ignore[operator]
    loaded = load(str(resaved), rubric)
    assert loaded.failed is None and loaded.submission is not None and loaded.findings == ()
    sub = loaded.submission
    assert (sub.unit_code, sub.period, sub.rubric_checksum) == ("dinkes", "2022-06", rubric.checksum)
    assert {c: a.evidence for c, a in sub.answers.items()} == evidence_for(rubric)
    run = score_paths([str(resaved)], rubric)
    assert_same_scores(run.cards[0], score(in_template(answers), rubric))
    assert not {f.code for f in run.findings} & STRUCTURE_CODES


@needs_soffice
@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_live_formulas_agree_with_pmprb(libreoffice_round: Mapping[str, object], rubric_id: str) -> None:
    """LibreOffice recomputing the template's own formulas gets every Nilai pmprb wrote (items to predikat)."""
    _, path, _ = libreoffice_round["made"][rubric_id]  # type: ignore[index]
    written = openpyxl.load_workbook(path, data_only=True)[LKE_SHEET]
    recalc = openpyxl.load_workbook(
        libreoffice_round["out"] / f"{rubric_id}-recalc.xlsx",  # type: ignore[operator]
        data_only=True,
    )[LKE_SHEET]
    nilai = 1 + [c.value for c in written[8]].index("Nilai")
    compared = 0
    for r in range(9, written.max_row + 1):
        mine, theirs = written.cell(r, nilai).value, recalc.cell(r, nilai).value
        if mine is None:
            continue
        compared += 1
        if isinstance(mine, str):
            assert theirs == mine, r
        else:
            assert theirs == pytest.approx(mine, abs=1e-9), (r, written.cell(r, 1).value)
    assert compared > 50


@needs_soffice
@pytest.mark.parametrize("rubric_id", ["pmprb-2020", "lke-rb-2014"])
def test_a_blank_gate_zeroes_what_it_gates_in_the_templates_formulas_too(tmp_path: Path, rubric_id: str) -> None:
    # pmprb counts a blank Road Map as its worst answer (d and e 0); the sheet's own Nilai kept them whole:
    # INDEKS 99,92 beside pmprb's 99,76, and W411/W413 blamed a spelling or a recalculation.
    rubric = load_rubric(rubric_id)
    [gate] = [d for d in rubric.dependencies if d.enforce == "score" and d.kind == "zero_when"][:1]
    answers = best_answers(rubric)
    del answers[gate.source]
    recalc, run = _recalculated_by_libreoffice(tmp_path, rubric, answers)
    assert recalc is not None and recalc.cached_index == pytest.approx(run.cards[0].index, abs=1e-9)
    assert run.cards[0].index < rubric.index_max - 0.1  # (the gated item counted 0, not only the blank)


def _recalculated_by_libreoffice(
    tmp_path: Path, rubric: Rubric, answers: dict[str, object]
) -> tuple[Submission | None, ScoreRun]:
    """A template of these answers as LibreOffice recalculates it (its Nilai and INDEKS), and pmprb's run of it."""
    path = write_template(tmp_path / "t.xlsx", rubric, UNIT, "2022-06", "Kab", answers)
    bare = tmp_path / "bare.xlsx"
    openpyxl.load_workbook(path).save(bare)  # no cached values: LibreOffice computes every Nilai itself
    soffice_resave([bare], tmp_path / "out")
    return load(str(tmp_path / "out" / "bare.xlsx"), rubric).submission, score_paths([str(path)], rubric)


@needs_soffice
def test_a_negative_count_is_no_count_in_the_templates_formulas_either(tmp_path: Path) -> None:
    # pmprb scores a percentage with a negative count 0 (PMPRB-E403); the template's Nilai showed -1 for -5 of 5.
    rubric = load_rubric("zi-2021")
    answers = best_answers(rubric)
    computed = [i for i in rubric.items() if i.computed]
    for item in {i.formula: i for i in computed}.values():  # a ratio, and a decrease where the rubric has one
        answers[item.numerator[0]] = -5
    recalc, run = _recalculated_by_libreoffice(tmp_path, rubric, answers)
    assert {"PMPRB-E403"} <= {f.code for f in run.findings}
    assert recalc is not None and recalc.cached_index == pytest.approx(run.cards[0].index, abs=1e-9)


@needs_soffice
def test_blank_template_opens_in_libreoffice_with_its_dropdowns(libreoffice_round: Mapping[str, object]) -> None:
    blank: Path = libreoffice_round["blank"]  # type: ignore[assignment]
    resaved = openpyxl.load_workbook(libreoffice_round["out"] / blank.name)  # type: ignore[operator]
    original = openpyxl.load_workbook(blank)
    for wb in (original, resaved):
        ws = wb[LKE_SHEET]
        lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert {dv.formula1 for dv in lists} >= {'"Ya,Tidak"', '"A,B,C"', '"A,B,C,D"', '"A,B,C,D,E"'}
        assert sum(len(list(dv.sqref.ranges)) for dv in lists) > 10
        assert ws.protection.sheet


def test_choices_with_commas_get_their_dropdown_from_a_hidden_sheet(tmp_path: Path, rubric_2014: Rubric) -> None:
    scales = dict(rubric_2014.scales)
    values = {"Ya, lengkap": 1.0, 'Tidak "ada"': 0.0}
    spellings = {normalise_spelling(k): k for k in values}
    scales["YT"] = dataclasses.replace(scales["YT"], values=values, spellings=spellings)
    rubric = dataclasses.replace(rubric_2014, scales=scales)
    item = next(i for i in rubric.items() if i.scale == "YT")
    path = write_template(tmp_path / "t.xlsx", rubric, UNIT, "2022-06", answers={item.code: "Ya, lengkap"})
    wb = openpyxl.load_workbook(path)
    assert wb["Pilihan"].sheet_state == "hidden"
    ws = wb[LKE_SHEET]
    sources = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    source = next(s for s in sources if s.startswith("Pilihan!"))
    column = [row[0].value for row in wb["Pilihan"][source.split("!")[1].replace("$", "")]]
    assert column == ["Ya, lengkap", 'Tidak "ada"']
    card = score_paths([str(path)], rubric).cards[0]
    assert {i.code: i.value for i in card.items}[item.code] == 1.0


def test_unknown_kode_typed_by_an_opd_is_reported(tmp_path: Path, rubric_2014: Rubric) -> None:
    path, _ = fill(tmp_path / "t.xlsx", rubric_2014, 7)
    wb = openpyxl.load_workbook(path)
    ws = wb[LKE_SHEET]
    ws.cell(ws.max_row + 2, 1).value = "Z.9.9"
    ws.cell(ws.max_row, 6).value = "Butir tambahan buatan unit"
    wb.save(path)
    run = score_paths([str(path)], rubric_2014)
    assert [f.value for f in run.findings if f.code == "PMPRB-W203"] == ["Butir tambahan buatan unit"]


def test_a_row_inserted_without_kode_but_answered_is_said_not_scored(tmp_path: Path, rubric_2014: Rubric) -> None:
    # An operator inserted "f. Road Map telah dievaluasi…" with "Ya" and no Kode: the answer vanished without a word.
    path, _ = fill(tmp_path / "t.xlsx", rubric_2014, 7)
    before = score_paths([str(path)], rubric_2014).cards[0]
    wb = openpyxl.load_workbook(path)
    ws = wb[LKE_SHEET]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Kode")
    titles = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    first = next(
        r for r in range(header + 1, ws.max_row) if ws.cell(r, 1).value in {i.code for i in rubric_2014.items()}
    )
    ws.insert_rows(first + 1)
    question = titles["Bobot"] - 1  # (the hierarchy's last column holds an item's question, its label before it)
    ws.cell(first + 1, question - 1).value = "z."
    ws.cell(first + 1, question).value = "Pertanyaan tambahan buatan unit sendiri"
    ws.cell(first + 1, titles["Jawaban"]).value = "Ya"
    group = next(r for r in range(header + 1, ws.max_row) if ws.cell(r, 1).value is None and ws.cell(r, 2).value)
    ws.cell(group, titles["Jawaban"]).value = "Ya"  # typed on a group row: its total, not an unknown question
    wb.save(path)
    run = score_paths([str(path)], rubric_2014)
    said = [(f.value, f.cell) for f in run.findings if f.code == "PMPRB-W203"]
    assert said == [("Pertanyaan tambahan buatan unit sendiri", f"{get_column_letter(question)}{first + 1}")]
    assert run.cards[0].index == before.index


def test_without_a_registry_a_template_gives_its_own_jenis(tmp_path: Path, rubric_2014: Rubric) -> None:
    # The Identitas sheet says the jenis; a name that does not say it ("Kantor Camat …") still ranks as
    # a kecamatan. Without that sheet the first word of the name decides, as for --unit.
    from pmprb_cli.registry import jenis_of

    camat = Unit("camat", "Kantor Camat Sukamaju", "kecamatan")
    write_template(tmp_path / "camat.xlsx", rubric_2014, camat, "2022-06", answers=best_answers(rubric_2014))
    dinas = Unit("dinas-x", "Dinas X", "dinas")  # (a unit judged alone gets no award: two, to see whose it is)
    write_template(tmp_path / "dinas.xlsx", rubric_2014, dinas, "2022-06", answers=best_answers(rubric_2014))
    doc = json.loads(invoke(["score", str(tmp_path), "--format", "json"]).stdout)
    assert {u["unit"]["kode"]: u["unit"]["jenis"] for u in doc["units"]}["camat"] == "kecamatan"
    assert doc["summary"]["best_kecamatan"] == ["camat"] and doc["summary"]["best_perangkat_daerah"] == ["dinas-x"]
    assert jenis_of("Kecamatan Cibenda") == "kecamatan" and jenis_of("RSUD Kota", "tidak dikenal") == "rsud"
    assert jenis_of("Kantor Pertanahan") == "lainnya" and jenis_of("Dinas X", "badan") == "badan"
    # "Kec. Sukamaju" (README's own alias example) won "perangkat daerah terbaik" as a unit of jenis lainnya.
    assert jenis_of("Kec. Sukamaju") == jenis_of("KEC Sukamaju") == "kecamatan" and jenis_of("Kecil") == "lainnya"


def test_rows_are_tall_enough_for_their_options_and_question(tmp_path: Path) -> None:
    # LibreOffice kept every row at one line: option "a." alone showed, and printing ran the rest over the rows
    # below. Each row now has a height for its wrapped Penjelasan and question.
    rubric = load_rubric("pmprb-2020")
    path = write_template(tmp_path / "t.xlsx", rubric, Unit("DINKES", "Dinas Kesehatan", "dinas"), "2022-07")
    ws = openpyxl.load_workbook(path)[LKE_SHEET]
    header = next(r for r in ws.iter_rows(max_row=20) if any(c.value == "Penjelasan" for c in r))
    column = next(c.column for c in header if c.value == "Penjelasan")
    checked = 0
    for row in ws.iter_rows(min_row=header[0].row + 1):
        options = str(row[column - 1].value or "")
        if options.count("\n") >= 2:
            height = ws.row_dimensions[row[0].row].height
            assert height is not None and height >= 15 * (options.count("\n") + 1), (row[0].row, options)
            checked += 1
    assert checked > 50


SSCONVERT = shutil.which("ssconvert")


@pytest.mark.skipif(SSCONVERT is None, reason="Gnumeric (ssconvert) is not installed on this machine")
@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # (openpyxl, of Gnumeric's file)
def test_gnumeric_recalculates_the_live_formulas_as_pmprb(tmp_path: Path) -> None:
    # Gnumeric compared TRIM(K51)={"ada","iya",…} with the array's first element only: every "Ya" showed 0
    # (INDEKS 58,29 CC in the operator's sheet for pmprb's 61,28 B), and W411 blamed the operator's spelling.
    assert SSCONVERT is not None
    rubric = load_rubric("pmprb-2020")
    answers = spelt_as_people_do(rubric, random_answers(rubric, random.Random(3)), random.Random(4))
    path = write_template(tmp_path / "t.xlsx", rubric, UNIT, "2022-06", "Kab", answers, evidence=evidence_for(rubric))
    bare = tmp_path / "bare.xlsx"
    openpyxl.load_workbook(path).save(bare)  # no cached values: Gnumeric computes every Nilai itself
    out = tmp_path / "gnumeric.xlsx"
    subprocess.run([SSCONVERT, "--recalc", str(bare), str(out)], check=True, capture_output=True, timeout=300)
    written = openpyxl.load_workbook(path, data_only=True)[LKE_SHEET]
    recalc = openpyxl.load_workbook(out, data_only=True)[LKE_SHEET]
    nilai = 1 + [c.value for c in written[8]].index("Nilai")
    compared = 0
    for r in range(9, written.max_row + 1):
        mine, theirs = written.cell(r, nilai).value, recalc.cell(r, nilai).value
        if isinstance(mine, (int, float)) and not isinstance(mine, bool):
            compared += 1
            assert theirs == pytest.approx(mine, abs=1e-9), (r, written.cell(r, 1).value)
    assert compared > 50


def _grade_lists(path: Path) -> dict[str, str]:
    """The grade lists of an LKE sheet's data validations, by the first column letter they cover."""
    import re

    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    return {
        m.group(1).split()[0][0]: m.group(2)
        for m in re.finditer(r'<dataValidation [^>]*sqref="([^"]*)"[^>]*>.*?<formula1>(.*?)</formula1>', sheet)
        if "AA" in m.group(2) or "BB" in m.group(2)
    }


def test_a_units_own_grade_dropdown_offers_only_what_its_criteria_can_give(tmp_path: Path) -> None:
    # The sakip-2021 template offered AA and A in the unit's own column, which W423 then read as BB.
    rubric = load_rubric("sakip-2021")
    path = write_template(tmp_path / "t.xlsx", rubric, UNIT, "2022-06", "Kab")
    lists = _grade_lists(path)
    assert lists == {"J": '"BB,B,CC,C,D,E"', "N": '"AA,A,BB,B,CC,C,D,E"'}  # unit's column, evaluator's


def test_the_usulans_consensus_grades_stand_in_its_jawaban_column(tmp_path: Path) -> None:
    # LKE AKIP's kabupaten usulan: the consensus AA typed in Jawaban (as its Petunjuk says) was refused by the
    # column's list, capped to BB by the Nilai formula and read as BB by pmprb (W423, "unit sendiri"): 80,00 BB
    # where the consensus made 84,50 A (akiprev).

    from pmprb_cli.pipeline import assess_file

    rubric = load_rubric("sakip-2021")
    kabupaten = Unit("KABUPATEN", "Kabupaten Uji", "lainnya", ())
    graded = [n.code for n in rubric.graded()]
    answers: dict[str, object] = {i.code: "Ya" for n in rubric.graded() for i in n.items}
    answers[graded[0]] = "AA"
    path = tmp_path / "usulan.xlsx"
    path.write_bytes(template_bytes(rubric, kabupaten, "2022-08", answers=answers, usulan=True))
    result = assess_file(str(path), rubric)
    assert result.card is not None and "PMPRB-W423" not in {f.code for f in result.findings}
    (node,) = [n for n in result.card.nodes if n.code == graded[0]]
    assert node.score == pytest.approx(node.weight)  # AA: the whole weight
    lists = _grade_lists(path)
    assert lists["J"] == '"AA,A,BB,B,CC,C,D,E"'
    guide = " ".join(
        str(c.value) for row in openpyxl.load_workbook(path)["Petunjuk"].iter_rows() for c in row if c.value
    )
    assert "nilai huruf konsensus asesor, A dan AA juga, ditulis di kolom Jawaban" in guide
    assert "A dan AA diberikan evaluator di kolom Jawaban Evaluator" not in guide


def test_the_usulan_is_known_by_its_identity_when_its_document_property_is_lost(tmp_path: Path) -> None:
    # Copied into a new workbook (or through a program that drops document properties), the consensus was scored
    # as a unit's own LKE, its AA read BB (W423), and among units' workbooks it ranked as unit KABUPATEN
    # (consensusrev).
    from pmprb_cli.pipeline import assess_file, assess_paths

    rubric = load_rubric("sakip-2021")
    graded = [n.code for n in rubric.graded()]
    answers: dict[str, object] = {i.code: "Ya" for n in rubric.graded() for i in n.items}
    answers[graded[0]] = "AA"
    data = template_bytes(
        rubric, Unit("KABUPATEN", "Kabupaten Uji", "lainnya"), "2022-08", answers=answers, usulan=True
    )
    path = tmp_path / "konsensus.xlsx"
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as copy:
        for info in source.infolist():
            if info.filename != "docProps/custom.xml":
                copy.writestr(info, source.read(info))
    assert b"pmprb-lke-kabupaten-usulan" not in path.read_bytes()
    alone = assess_file(str(path), rubric)
    assert alone.submission is not None and alone.submission.usulan
    assert "PMPRB-W423" not in {f.code for f in alone.findings}
    unit = write_template(tmp_path / "DINKES.xlsx", rubric, UNIT, "2022-08", answers=answers)
    batch = assess_paths([str(path), str(unit)], rubric, None, "2022-08")
    assert [(r.file, r.failed.code) for r in batch.skipped if r.failed is not None] == [(str(path), "PMPRB-I505")]
    # (a registry's own unit coded KABUPATEN, named as a unit is, stays a unit)
    own = write_template(tmp_path / "KAB.xlsx", rubric, Unit("KABUPATEN", "Bagian Organisasi", "lainnya"), "2022-08")
    own_result = assess_file(str(own), rubric)
    assert own_result.submission is not None and not own_result.submission.usulan
    # However the pemda is written: "Pemerintah Kota Contoh" ranked as unit 15, the kota's average 63,31 for 65,98
    # (kotarev).
    for pemda in ("Pemerintah Kota Uji", "Pemkot Uji", "Pemerintah Kabupaten Uji", "Kab. Uji", "Kabupaten"):
        data = template_bytes(rubric, Unit("KABUPATEN", pemda, "lainnya"), "2022-08", answers=answers, usulan=True)
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as copy:
            for info in source.infolist():
                if info.filename != "docProps/custom.xml":
                    copy.writestr(info, source.read(info))
        named = assess_file(str(path), rubric)
        assert named.submission is not None and named.submission.usulan, pemda


def test_an_evaluator_grading_every_sub_komponen_verified_all_and_changed_only_what_differs(tmp_path: Path) -> None:
    # The Inspektorat graded all twelve sub-komponen of LKE AKIP, nine as the criteria had: "sebagian (12 dari 92)",
    # "mengubah 12", twelve I502 "(kosong) → BB" (akiprev).
    from pmprb_cli.pipeline import assess_file

    rubric = load_rubric("sakip-2021")
    graded = [n.code for n in rubric.graded()]
    answers: dict[str, object] = {i.code: "Ya" for n in rubric.graded() for i in n.items}  # (BB by the criteria)
    grades = {code: ("B" if n < 3 else "BB") for n, code in enumerate(graded)}
    path = write_template(tmp_path / "t.xlsx", rubric, UNIT, "2022-06", answers=answers, evaluator=grades)
    result = assess_file(str(path), rubric)
    assert result.verified is not None and result.verified.checked == (len(graded), len(graded))  # (fully checked)
    changed = [f for f in result.findings if f.code == "PMPRB-I502"]
    assert sorted(f.item for f in changed) == sorted(graded[:3])
    assert all("(kosong; dari kriteria BB)" in f.message for f in changed), changed[0].message


def test_a_count_past_any_real_one_is_said_not_summed_to_infinity() -> None:
    # 1E+308 in a percentage's counts: their sum overflowed, the percentage read 0 with no finding (diffrev14);
    # before, math.fsum's OverflowError failed the whole file.
    rubric = load_rubric("pmprb-2020")
    item = next(i for i in rubric.items() if i.computed and len(i.denominator) > 1)
    answers: dict[str, object] = {f.code: 1e308 for f in item.inputs}
    card = score(in_template(answers), rubric)
    said = {f.item for f in card.findings if f.code == "PMPRB-E403"}
    assert set(item.denominator) <= said, [f.code for f in card.findings]
    (counted,) = [i for i in card.items if i.code == item.code]
    assert counted.status == "invalid" and counted.value == 0.0
    # (the count as typed and the bound, whole: "Nilai 1E+15 … di luar rentang 0–1E+15"; diffrev15)
    just_past = score(in_template({f.code: 10**15 + 1 for f in item.inputs}), rubric)
    said = next(f.message for f in just_past.findings if f.code == "PMPRB-E403")
    assert "Nilai 1.000.000.000.000.001 pada " in said and "di luar rentang 0–1.000.000.000.000.000" in said, said


@pytest.mark.parametrize(("typed", "meant"), [(80, "BB"), ("70", "B"), (0.6, "CC"), ("85", None)])
def test_a_figure_typed_for_a_grade_is_named_as_the_grade_it_stands_for(typed: object, meant: str | None) -> None:
    # The Penjelasan column writes "BB (80)": 80 typed in the grade cell counted 0 with only the list said (akiprev).
    rubric = load_rubric("sakip-2021")
    node = rubric.graded()[0]
    card = score(in_template({node.code: typed}), rubric)
    (said,) = [f for f in card.findings if f.code == "PMPRB-E402" and f.item == node.code]
    if meant is None:
        assert "mungkin maksudnya" not in said.hint
    else:
        assert f"(mungkin maksudnya '{meant}')" in said.hint, said.hint


def test_evidence_longer_than_a_cell_is_cut_with_a_mark(tmp_path: Path) -> None:
    # 40.000 characters of bukti dukung carried by --prefill became 32.767 in the new template, unsaid.
    rubric = load_rubric("pmprb-2020")
    code = next(iter(rubric.item_scales()))
    path = write_template(
        tmp_path / "dinkes.xlsx",
        rubric,
        Unit("dinkes", "Dinas Kesehatan", "dinas"),
        "2022-08",
        evidence={code: "x" * 40_000},
    )
    # (the cell as written: pmprb itself keeps 4 000 characters of what it reads, layout.MAX_EVIDENCE)
    book = openpyxl.load_workbook(path)
    sub = load(str(path), rubric).submission
    assert sub is not None
    written = [
        c.value
        for row in book["LKE"].iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("xxx")
    ]
    assert len(written) == 1 and written[0].endswith("[dipotong pmprb: teks lebih dari 32.767 karakter]")
    assert len(written[0]) <= 32_767 and sub.answers[code].evidence.endswith("…")


def test_controls_in_evidence_reach_neither_the_package_csv_nor_next_months_template(tmp_path: Path) -> None:
    # Raw ESC and BEL (written _x001B_ in the cell) reached bukti-dukung-*.csv, and U+202E reordered a link in
    # the CSV and in the template --prefill made from it.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.export import evidence_csv
    from pmprb_cli.template import carried_answers

    rubric = load_rubric("pmprb-2020")
    code = next(iter(rubric.item_scales()))
    unit = Unit("dinkes", "Dinas Kesehatan", "dinas")
    last = tmp_path / "lalu"
    last.mkdir()
    hostile = "SK\x1b[2J Kadis\x07 \u202etxt.exe"
    write_template(
        last / "dinkes.xlsx", rubric, unit, "2022-07", answers=best_answers(rubric), evidence={code: hostile}
    )
    csv_text = evidence_csv(build_batch([str(last / "dinkes.xlsx")], rubric, period="2022-07", target="BB")).decode()
    assert "SK[2J Kadis txt.exe" in csv_text and not any(c in csv_text for c in "\x1b\x07\u202e")
    carried, _, _ = carried_answers([str(last)], rubric, None)
    assert {c.evidence[code] for c in carried.values()} == {"SK[2J Kadis txt.exe"}


def test_the_usulan_gives_the_consensus_one_instruction(tmp_path: Path) -> None:
    # Its Petunjuk sent the consensus to Jawaban Evaluator, the rekap and PMPRB-I503 to the Jawaban column:
    # typed in Jawaban Evaluator, the file's own Nilai and INDEKS stayed at the proposal (65,68, B) while
    # pmprb scored the consensus (71,66, BB).
    from pmprb_cli.catalogue import CATALOGUE

    rubric = load_rubric("pmprb-2020")
    kabupaten = Unit("KABUPATEN", "Kabupaten Uji", "lainnya", ())
    (tmp_path / "usulan.xlsx").write_bytes(template_bytes(rubric, kabupaten, "2022-08", usulan=True))
    guide = " ".join(
        str(c.value)
        for row in openpyxl.load_workbook(tmp_path / "usulan.xlsx")["Petunjuk"].iter_rows()
        for c in row
        if c.value
    )
    assert "6. Hasil konsensus asesor: ubah jawaban di kolom Jawaban itu sendiri" in guide
    assert "Jawaban Evaluator terkunci di berkas ini" in guide and "untuk hasil konsensus asesor" not in guide
    # (and it is: an entry there was scored as a verification the sheet never showed; consensusrev)
    sheet = openpyxl.load_workbook(tmp_path / "usulan.xlsx")["LKE"]
    header = next(r for r in sheet.iter_rows(max_row=20) if any(c.value == "Jawaban Evaluator" for c in r))
    column = next(c.column for c in header if c.value == "Jawaban Evaluator")
    below = [sheet.cell(r, column) for r in range(header[0].row + 1, header[0].row + 40)]
    assert below and all(c.protection.locked for c in below)
    notes = next(c.column for c in header if c.value == "Catatan Evaluator")
    assert not sheet.cell(header[0].row + 5, notes).protection.locked  # (the reasons' column stays open)
    assert "ubah jawaban LKE-kabupaten-usulan" in CATALOGUE["PMPRB-I503"].hint_id


def test_prefill_leaves_out_the_registry_kept_among_last_months_workbooks(tmp_path: Path) -> None:
    # "Tidak dibawa: daftar-unit.csv (PMPRB-E102: Bukan berkas Excel)": the registry kept in the inbox folder.
    rubric = load_rubric("pmprb-2020")
    last = tmp_path / "masuk" / "2022-07"
    last.mkdir(parents=True)
    registry = last / "daftar-unit.csv"
    registry.write_text("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinas\n", encoding="utf-8")
    dinkes = Unit("dinkes", "Dinas Kesehatan", "dinas")
    write_template(last / "dinkes.xlsx", rubric, dinkes, "2022-07", answers=random_answers(rubric, random.Random(5)))
    args = ["template", "--rubric", "pmprb-2020", "--out", str(tmp_path / "templat"), "--registry", str(registry)]
    said = " ".join(invoke([*args, "--period", "2022-08", "--prefill", str(last)]).stderr.split())
    assert "Diisi awal: 1 dari 1 templat" in said and "daftar-unit.csv" not in said, said


def test_a_decimal_range_is_said_with_a_decimal_comma(tmp_path: Path) -> None:
    # A kabupaten's scale ending at 3,5: the template's check said "Isi angka 0 sampai 3.5." and the Petunjuk
    # "angka 0 sampai 3.5", where validate says "0–3,5" (3.5 reads as three thousand five in Indonesian).
    rubric = load_rubric("lke-rb-2014")
    name, scale = next((n, s) for n, s in rubric.scales.items() if s.kind == "number")
    rubric = dataclasses.replace(rubric, scales={**rubric.scales, name: dataclasses.replace(scale, maximum=3.5)})
    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", rubric, UNIT, "2022-06"))
    said = {dv.error for dv in book[LKE_SHEET].data_validations.dataValidation if dv.type == "decimal"}
    assert f"Isi angka {scale.minimum:g} sampai 3,5." in said and not any("3.5" in str(s) for s in said)
    guide = [str(c.value) for row in book["Petunjuk"].iter_rows() for c in row if c.value]
    assert any(f"angka {scale.minimum:g} sampai 3,5" in line for line in guide)
    assert not any("3.5" in line for line in guide)


def test_prefill_from_a_month_nobody_sent_names_no_period(tmp_path: Path) -> None:
    # "Diisi awal: 0 dari 1 templat, dari kiriman periode —": a dash where a period belongs.
    registry = tmp_path / "unit.csv"
    registry.write_text("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinas\n")
    (tmp_path / "kosong").mkdir()
    args = ["template", "--rubric", "pmprb-2020", "--out", str(tmp_path / "t"), "--registry", str(registry)]
    said = " ".join(invoke([*args, "--period", "2022-08", "--prefill", str(tmp_path / "kosong")]).stderr.split())
    assert "Diisi awal: 0 dari 1 templat; tidak ada kiriman yang dibawa (templat kosong): dinkes.xlsx." in said
    assert "—" not in said


def test_a_template_is_dated_the_first_day_of_its_period(tmp_path: Path) -> None:
    # The LKE usulan of the package was dated 2000-01-01 beside a rekap dated 2022-09-01, the period's first day.
    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", load_rubric("pmprb-2020"), UNIT, "2022-09"))
    assert (book.properties.created.year, book.properties.created.month, book.properties.created.day) == (2022, 9, 1)


def test_the_guide_lists_only_the_scales_the_rubric_asks_for(tmp_path: Path) -> None:
    # The ZI template's Petunjuk listed "0-100" and "0-5", which no ZI item uses.
    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", load_rubric("zi-2021"), UNIT, "2022-06"))
    guide = [str(c.value) for row in book["Petunjuk"].iter_rows() for c in row if c.value]
    assert any(line.startswith("0-4: ") for line in guide)
    assert not any(line.startswith(("0-100: ", "0-5: ")) for line in guide)


def test_the_petunjuk_explains_only_the_rows_the_rubric_has() -> None:
    # LKE AKIP and LKE RB 2014 were told how to type numbers and fill "% (otomatis)" rows they do not have.
    from pmprb_cli.template_sheet import guide_lines

    unit = Unit("DINKES", "Dinas Kesehatan", "dinas")
    for rubric_id, numbers in (("sakip-2021", False), ("lke-rb-2014", False), ("pmprb-2020", True), ("zi-2021", True)):
        text = "\n".join(guide_lines(load_rubric(rubric_id), unit, "2022-08"))
        assert ("'% (otomatis)'" in text) is numbers and ("tidak ada isian angka" in text) is not numbers, rubric_id
