"""pmprb reproduces Kemenpan-RB's own result on the real evaluated workbook, and its formulas on many answers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from pmprb_cli.models import Rubric
from pmprb_cli.pipeline import score_paths

from .conftest import invoke

DATA = Path(__file__).parent / "data" / "official_recalc.json"
AREA_ROWS = {
    "A.I": 8,
    "A.II": 31,
    "A.III": 38,
    "A.IV": 51,
    "A.V": 66,
    "A.VI": 114,
    "A.VII": 125,
    "A.VIII": 168,
    "B.I": 199,
    "B.II": 203,
    "B.III": 207,
}


def test_bps_2015_matches_kemenpan_rb(official_path: Path) -> None:
    result = invoke(["score", str(official_path), "--rubric", "lke-rb-2014", "--format", "json"])
    doc = json.loads(result.stdout)
    assert doc["failed"] == []
    unit = doc["units"][0]
    assert unit["index"] == pytest.approx(71.406286, abs=1e-6)
    assert unit["pengungkit"] == pytest.approx(40.454286, abs=1e-6)
    assert unit["hasil"] == pytest.approx(30.952, abs=1e-6)
    assert unit["predikat"] == "BB"
    assert unit["unit"]["nama"] == "Badan Pusat Statistik"
    cached = openpyxl.load_workbook(official_path, data_only=True)["LKE "]
    areas = {a["code"]: a["score"] for a in unit["areas"]}
    assert set(areas) == set(AREA_ROWS)
    for code, row in AREA_ROWS.items():
        assert areas[code] == pytest.approx(cached.cell(row, 11).value, abs=1e-6), code


def test_input_file_is_not_modified(official_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "bps.xlsx"
    shutil.copy(official_path, copy)
    before = copy.read_bytes()
    invoke(["score", str(copy), "--format", "json"])
    assert copy.read_bytes() == before


def _with_answers(source: Path, target: Path, rows: dict[str, int], answers: dict[str, object]) -> Path:
    wb = openpyxl.load_workbook(source)
    ws = wb["LKE "]
    for code, value in answers.items():
        ws.cell(rows[code], 10, value)
    wb.save(target)
    return target


def test_many_answer_sets_match_the_official_formulas(official_path: Path, tmp_path: Path, rubric_2014: Rubric) -> None:
    """60 seeded answer sets recalculated by LibreOffice from the official formulas (K14/K18 corrected)."""
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    assert len(doc["cases"]) >= 50
    paths = [
        str(_with_answers(official_path, tmp_path / f"case{n:03d}.xlsx", doc["rows"], case["answers"]))
        for n, case in enumerate(doc["cases"])
    ]
    run = score_paths(paths, rubric_2014)
    assert not run.failed and len(run.cards) == len(doc["cases"])
    indices = set()
    for card, case in zip(run.cards, doc["cases"], strict=True):
        assert card.index == pytest.approx(case["index"], abs=1e-9)
        assert card.pengungkit == pytest.approx(case["pengungkit"], abs=1e-9)
        assert card.hasil == pytest.approx(case["hasil"], abs=1e-9)
        areas = {a.code: a.score for a in card.areas()}
        for code, value in case["areas"].items():
            assert areas[code] == pytest.approx(value, abs=1e-9), code
        items = {i.code: i.value for i in card.items}
        for code, value in case["items"].items():
            assert items[code] == pytest.approx(value, abs=1e-9), code
        indices.add(card.predikat)
    assert len(indices) >= 3, "the answer sets should span several predikat"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_live_recalculation_agrees(official_path: Path, tmp_path: Path, rubric_2014: Rubric) -> None:
    """Re-run LibreOffice on a few fresh answer sets so the fixture cannot go stale silently."""
    import random
    import subprocess

    from tests.factories import random_answers
    from tools.recalc_official import FIX_K14, FIX_K18

    doc = json.loads(DATA.read_text(encoding="utf-8"))
    rng = random.Random(7)
    files = []
    for n in range(3):
        answers = random_answers(rubric_2014, rng, [0.2, 0.6, 1.0][n])
        answers["B.II.2"] = "Wajar Dengan Pengecualian"
        path = _with_answers(official_path, tmp_path / f"live{n}.xlsx", doc["rows"], answers)
        wb = openpyxl.load_workbook(path)
        wb["LKE "]["K14"], wb["LKE "]["K18"] = FIX_K14, FIX_K18
        wb.save(path)
        files.append(path)
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), *map(str, files)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    run = score_paths([str(p) for p in files], rubric_2014)
    for card, path in zip(run.cards, files, strict=True):
        recalculated = openpyxl.load_workbook(out / path.name, data_only=True)["LKE "]
        assert card.index == pytest.approx(recalculated["K212"].value, abs=1e-9)


def test_official_zi_form_scores_as_zi_sakip_md_works_it_out() -> None:
    """The filled LKE ZI (Lampiran III, PermenPANRB 90/2021) in official/: ZI-SAKIP.md §1.3 works out 95,633
    with the workbook's two defects corrected (LHKASN counted; its denominator the sum of its three inputs)."""
    from .conftest import OFFICIAL

    path = OFFICIAL.parent / "LKE_ZI_permenpanrb90-2021_LampiranIII_axxpxmd-zona_integritas.xlsx"
    if not path.exists():
        pytest.skip(f"official ZI workbook not present at {path}")
    doc = json.loads(invoke(["score", str(path), "--rubric", "zi-2021", "--format", "json"]).stdout)
    unit = doc["units"][0]
    assert doc["failed"] == [] and doc["findings"] == []
    assert unit["index"] == pytest.approx(95.633, abs=5e-4)
    assert unit["hasil"] == pytest.approx(40.0)
    komponen = {k["code"]: k["score"] for k in unit["komponen"]}
    assert komponen["A"] == pytest.approx(30 + 25.633, abs=5e-4)
    assert [(v["code"], v["passed"]) for v in unit["verdicts"]] == [("WBK", True), ("WBBM", False)]
    # Its sub-levels "ii." and "iii." under 5. are group rows, not unknown questions (they were two W203).
    said = json.loads(invoke(["validate", str(path), "--rubric", "zi-2021", "--format", "json"]).stdout)
    assert "PMPRB-W203" not in {f["code"] for f in said["findings"]}
    # Its cached totals that disagree with the recomputation (ZI-SAKIP.md §1.3: the LHKASN row counts 1 where
    # its counts give 12/13, so Reform shows 25,576 and the total 95,576): said at each row, not silently.
    differ = {(f["item"], f["cell"]) for f in said["findings"] if f["code"] == "PMPRB-W411"}
    assert differ == {
        ("A", "L4"),
        ("A.II", "L125"),
        ("A.II.5", "L167"),
        ("A.II.5.iii", "L175"),
        ("A.II.5.iii.2.a", "L184"),
    }
