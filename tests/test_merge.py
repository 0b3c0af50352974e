"""`pmprb merge`: the kabupaten workbook read back by other readers, by LibreOffice, and byte for byte."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from pmprb_cli.errors import RubricError, SystemRefusal
from pmprb_cli.merging import (
    BELUM,
    GRAFIK,
    INFO,
    JAWABAN,
    KELENGKAPAN,
    PER_AREA,
    REKAP,
    SHEETS,
    TEMUAN,
    USULAN,
    _Exact,
    safe_sheet_name,
)
from pmprb_cli.models import Rubric, denoised, rounded_half_up
from pmprb_cli.proposal import default_bands, propose
from pmprb_cli.registry import Unit, jenis_label
from pmprb_cli.rubric import load_rubric, shipped_rubrics
from pmprb_cli.scoring import score
from pmprb_cli.template import write_template

from .conftest import invoke
from .factories import SOFFICE, best_answers, random_answers, soffice_convert, worst_answers, write_official
from .test_scoring import submission

UNITS = (
    Unit("dinkes", "Dinas Kesehatan", "dinas"),
    Unit("bappeda", "Badan Perencanaan Pembangunan Daerah", "badan"),
    Unit("kec-sukamaju", "Kecamatan Sukamaju", "kecamatan"),
    Unit("kec-mekarsari", "Kecamatan Mekarsari", "kecamatan"),
)
NOT_SENT = (Unit("rsud", "RSUD Kabupaten Contoh", "rsud"), Unit("inspektorat", "Inspektorat Daerah", "inspektorat"))
HYPERLINK = '=HYPERLINK("http://x","klik")'
FORMULA_EVIDENCE = "@SUM(1)"


def write_registry(path: Path, units: tuple[Unit, ...]) -> Path:
    path.write_text("kode,nama,jenis\n" + "".join(f"{u.kode},{u.nama},{u.jenis}\n" for u in units), encoding="utf-8")
    return path


def make_batch(folder: Path, rubric: Rubric) -> dict[str, Path]:
    """Four units' filled templates (one with an evaluator, one with gaps), and a registry of six units."""
    folder.mkdir(parents=True, exist_ok=True)
    codes = rubric.answer_codes()
    for n, unit in enumerate(UNITS):
        rng = random.Random(60 + n)
        answers = random_answers(rubric, rng, quality=[0.9, 0.6, 0.3, 0.75][n])
        if n == 2:
            for code in codes[::9]:
                answers.pop(code, None)  # missing answers: errors, still merged
        evidence = {c: f"SK Nomor {k}/2022" for k, c in enumerate(codes) if k % 3}
        evaluator = {c: "Tidak" for c in codes[:12] if rubric.scales.get("YT") and answers.get(c) == "Ya"}
        write_template(
            folder / f"{unit.kode}.xlsx",
            rubric,
            unit,
            "2022-06",
            "Kabupaten Contoh",
            answers=answers,
            evidence=evidence,
            evaluator=evaluator if n == 1 else None,
        )
    registry = write_registry(folder.parent / "daftar-unit.csv", UNITS + NOT_SENT)
    return {"lke": folder, "registry": registry}


@pytest.fixture(autouse=True)
def indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages are content here: every test writes them in one language, whatever an earlier test left set."""
    monkeypatch.setenv("PMPRB_LANG", "id")


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One batch merged once, with the JSON of `pmprb score` and `pmprb validate` on the same inputs."""
    rubric = load_rubric("lke-rb-2014")
    base = tmp_path_factory.mktemp("merge")
    made = make_batch(base / "lke", rubric)
    args = [str(made["lke"]), "--rubric", "lke-rb-2014", "--registry", str(made["registry"]), "--period", "2022-06"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PMPRB_LANG", "id")
        score_json = json.loads(invoke(["score", *args, "--format", "json", "--jobs", "1"], expected_code=1).stdout)
        validate_json = json.loads(invoke(["validate", *args, "--format", "json"], expected_code=1).stdout)
        out = base / "out" / "kabupaten.xlsx"
        result = invoke(["merge", *args, "--out", str(out)], expected_code=1)
    return {
        "rubric": rubric,
        "out": out,
        "json": score_json,
        "validate": validate_json,
        "result": result,
        "args": args,
        "base": base,
    }


def sheet(path: Path, name: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def by_title(rows: list[list[Any]], header: int = 0) -> list[dict[str, Any]]:
    titles = rows[header]
    return [dict(zip(titles, row, strict=True)) for row in rows[header + 1 :]]


# --------------------------------------------------------------------------- the numbers


def test_the_verified_units_areas_are_given_both_ways_with_their_difference(
    merged: dict[str, Any], tmp_path: Path
) -> None:
    # Where the units over-claimed, area by area, was in no sheet: JSON and the unit's rapor page had it, the
    # rekap the two indexes only (verifrev).
    from pmprb_cli.merging import VERIFIKASI_AREA

    verified = [u for u in merged["json"]["units"] if u["verified_index"] is not None]
    assert verified
    rows = [r for r in by_title(sheet(merged["out"], VERIFIKASI_AREA)) if r["Kode"]]
    assert [r["Kode"] for r in rows] == [u["unit"]["kode"] for u in verified for _ in range(1 + len(u["areas"]))]
    for unit in verified:
        mine = [r for r in rows if r["Kode"] == unit["unit"]["kode"]]
        index, areas = mine[0], mine[1:]
        assert (index["Area"], index["Peringkat"]) == ("Indeks", unit["rank"])
        assert (index["Mandiri"], index["Terverifikasi"]) == (
            denoised(unit["self_index"]),
            denoised(unit["verified_index"]),
        )
        assert index["Selisih"] == pytest.approx(unit["over_claim"], abs=1e-9)
        for row, area in zip(areas, unit["areas"], strict=True):
            assert row["Area"].startswith(area["code"] + " ") and row["Bobot"] == area["weight"]
            assert (row["Mandiri"], row["Terverifikasi"]) == (
                denoised(area["self_score"]),
                denoised(area["verified_score"]),
            )
            shown = round(area["self_score"] + 1e-9, 2) - round(area["verified_score"] + 1e-9, 2)
            assert row["Selisih"] == pytest.approx(shown, abs=1e-9)
        assert any(r["Selisih"] > 0 for r in areas)  # (the evaluator's Tidak for the unit's Ya: an over-claim)
    # Without any verified unit, the sheet says so rather than stand empty.
    import io

    from pmprb_cli.batch import build_batch
    from pmprb_cli.merging import merged_bytes

    plain = [str(p) for p in sorted(Path(merged["args"][0]).glob("*.xlsx")) if p.stem != UNITS[1].kode]
    book = openpyxl.load_workbook(
        io.BytesIO(merged_bytes(build_batch(plain, merged["rubric"], period="2022-06", target="BB")))
    )
    texts = [v for row in book[VERIFIKASI_AREA].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "Belum ada unit berperingkat yang Jawaban Evaluator-nya terbaca: tidak ada yang dibandingkan." in texts


def test_rekap_reads_back_exactly_the_numbers_of_score_json(merged: dict[str, Any]) -> None:
    units = merged["json"]["units"]
    rows = by_title(sheet(merged["out"], REKAP))[: len(units)]
    assert len(units) == len(UNITS)
    assert [r["Kode"] for r in rows] == [u["unit"]["kode"] for u in units]
    evaluated = 0
    for row, unit in zip(rows, units, strict=True):
        verified = unit["verified_index"]
        evaluated += verified is not None
        # The index that ranks is the verified one where an evaluator answered, else the unit's own: JSON
        # and rekap both show that one, with the unit's own beside it.
        # (an index, score, gap or difference with its float noise off, as models.denoised writes it:
        # LibreOffice showed 60.004999999999995 as 60,00 beside "B" where every other output showed 60,01)
        assert row["Indeks"] == denoised(unit["index"])
        assert unit["index"] == (verified if verified is not None else unit["self_index"])
        assert row["Indeks mandiri"] == denoised(unit["self_index"])
        assert row["Indeks terverifikasi"] == (denoised(verified) if verified is not None else "")
        # ...with how many of its answers are the evaluator's, and the difference as JSON gives it.
        asked = next(v for k, v in row.items() if k.startswith("Jawaban diisi evaluator (dari "))
        assert asked == (unit["verified_answers"] if verified is not None else "")
        if verified is not None:
            assert unit["answers_asked"] > unit["verified_answers"] > 0
            assert row["Selisih mandiri − terverifikasi"] == denoised(unit["over_claim"])
        assert (row["Peringkat"], row["Peringkat dalam jenis"]) == (unit["rank"], unit["rank_in_jenis"])
        assert row["Predikat"] == unit["predikat"]
        assert row[f"Jarak ke target {merged['json']['target']}"] == denoised(unit["gap"])
        # (the jenis as people write it: "Dinas", not JSON's "dinas")
        assert (row["Nama unit"], row["Jenis"]) == (unit["unit"]["nama"], jenis_label(unit["unit"]["jenis"]))
        assert (row["Kesalahan"], row["Peringatan"]) == (unit["errors"], unit["warnings"])
        if verified is None:
            for komponen in unit["komponen"]:
                assert row[f"{komponen['code']} {komponen['name']}"] == denoised(komponen["score"])
        for area in unit["areas"]:
            assert row[f"{area['code']} {area['name']}"] == denoised(area.get("verified_score", area["score"]))
    assert evaluated == 1


def test_an_evaluators_agreement_mark_is_shown_in_jawaban(tmp_path: Path) -> None:
    # A ✓ beside the unit's answer left no trace: the rekap counted 201 rows checked, the Jawaban sheet showed 0.
    rubric = load_rubric("pmprb-2020")
    answers = best_answers(rubric)
    first, second = list(answers)[:2]
    path = write_template(
        tmp_path / "dinkes.xlsx", rubric, UNITS[0], "2022-06", answers=answers, evaluator={first: "✓", second: "sesuai"}
    )
    out = tmp_path / "rekap.xlsx"
    invoke(["merge", str(path), "--rubric", "pmprb-2020", "--out", str(out), "--period", "2022-06"], expected_code=0)
    rows = {r["Butir"]: r for r in by_title(sheet(out, JAWABAN))}
    assert rows[first]["Isian evaluator"] == rows[second]["Isian evaluator"] == "setuju (jawaban unit)"
    assert rows[list(answers)[2]]["Isian evaluator"] == ""


def test_the_index_chart_colours_follow_the_units_not_the_rows_of_rekap(merged: dict[str, Any]) -> None:
    # Read live from Rekap with a colour fixed per bar, a sort or a filter of Rekap (the rapim's "best
    # kecamatan") moved the values under the colours: 7 of 10 kecamatan below target shown blue.
    units = merged["json"]["units"]
    rows = sheet(merged["out"], GRAFIK)
    top = next(n for n, row in enumerate(rows) if "Unit (urut peringkat)" in row)
    first = rows[top].index("Unit (urut peringkat)")
    table = [row[first : first + 3] for row in rows[top + 1 : top + 1 + len(units)]]
    ranked = sorted((u for u in units if u["rank"] is not None), key=lambda u: u["rank"])
    assert [row[0] for row in table] == [u["unit"]["nama"] for u in ranked]
    for row, u in zip(table, ranked, strict=True):
        met, below = (row[1], row[2]) if u["meets_target"] else (row[2], row[1])
        assert met == pytest.approx(u["index"], abs=1e-9) and below == "", row
    with zipfile.ZipFile(merged["out"]) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    bars = next(c for c in charts if '<c:barDir val="bar"/>' in c)
    assert bars.count("<c:ser>") == 2 and "<c:dPt>" not in bars and "Rekap!" not in bars


def test_per_area_is_the_share_of_each_area_weight(merged: dict[str, Any]) -> None:
    units = merged["json"]["units"]
    rows = sheet(merged["out"], PER_AREA)
    for row, unit in zip(rows[1:], units, strict=False):
        assert row[1] == unit["unit"]["kode"]
        # (of the score as shown, as a verdict judges an area)
        shown = [float(rounded_half_up(a.get("verified_score", a["score"]), 2)) for a in unit["areas"]]
        shares = [denoised(s / a["weight"]) for s, a in zip(shown, unit["areas"], strict=True)]
        assert row[3 : 3 + len(shares)] == shares
    # A blank row between the units and their average: a toolbar sort takes every adjacent row.
    assert not any(rows[len(units) + 1]) and rows[len(units) + 2][2].startswith("Rata-rata")
    # Two decimals, as the rule that colours a cell compares it: in whole percent, 69,5 % read "70%" in red beside
    # an unmarked "70%" of 70,33 % (the target's 70,01 %).
    ws = openpyxl.load_workbook(merged["out"])[PER_AREA]
    assert {ws.cell(r, 4).number_format for r in (2, 3, len(units) + 3)} == {"0.00%"}


def test_jawaban_holds_every_answer_and_value(merged: dict[str, Any], tmp_path: Path) -> None:
    rubric: Rubric = merged["rubric"]
    rows = by_title(sheet(merged["out"], JAWABAN))
    per_unit = len(rubric.answer_codes()) + sum(1 for i in rubric.items() if i.computed)
    assert len(rows) == len(UNITS) * per_unit
    dinkes = [r for r in rows if r["Kode unit"] == "dinkes"]
    card = score(submission(random_answers(rubric, random.Random(60), quality=0.9)), rubric)
    values = {i.code: denoised(i.value) for i in card.items}
    assert {r["Butir"]: r["Nilai"] for r in dinkes if r["Nilai"] != ""} == values
    assert {r["Bukti dukung"] for r in dinkes} >= {"SK Nomor 1/2022", ""}
    assert any(r["Jawaban evaluator"] == "Tidak" for r in rows if r["Kode unit"] == "bappeda")
    # The verified value and whether the evaluator's entry was read, beside the unit's own value and status.
    bappeda = [r for r in rows if r["Kode unit"] == "bappeda"]
    checked = [r for r in bappeda if r["Jawaban evaluator"] == "Tidak"]
    assert checked and all(r["Nilai terverifikasi"] == 0 and r["Isian evaluator"] == "dipakai" for r in checked)
    assert all(r["Isian evaluator"] == "" for r in bappeda if r["Jawaban evaluator"] == "")
    assert {r["Nilai terverifikasi"] for r in dinkes} == {""}  # no evaluator: no verified value


def test_kelengkapan_counts_answers_and_evidence(merged: dict[str, Any]) -> None:
    rubric: Rubric = merged["rubric"]
    units = {u["unit"]["kode"]: u for u in merged["json"]["units"]}
    scored = len(rubric.items()) + len(rubric.indicators()) + len(rubric.graded())
    for row in by_title(sheet(merged["out"], KELENGKAPAN))[: len(units)]:
        unit = units[row["Kode"]]
        assert row["Butir dinilai"] == scored
        assert row["Butir tidak sah"] == unit["invalid_answers"]
        assert row["% terisi sah"] == (scored - unit["missing_answers"] - unit["invalid_answers"]) / scored
        assert 0 < row["% berbukti dukung"] < 1


def test_a_unit_whose_only_file_cannot_be_read_is_listed_in_belum_mengirim(tmp_path: Path) -> None:
    # KEC-CIBENDA's file was broken: "sent", so not in Belum Mengirim, and named nowhere in the rekap by unit.
    rubric = load_rubric("lke-rb-2014")
    made = make_batch(tmp_path / "lke", rubric)
    broken = NOT_SENT[0]
    (made["lke"] / f"{broken.kode}.xlsx").write_bytes(b"PK\x03\x04 rusak")
    # (a ranked unit's unreadable second file is no absence: it was named under a table holding the unit; diffrev16)
    (made["lke"] / f"LKE {UNITS[0].kode} (2).xlsx").write_bytes(b"")
    out = tmp_path / "rekap.xlsx"
    invoke(["merge", str(made["lke"]), "--rubric", "lke-rb-2014", "--registry", str(made["registry"]), "--period",
            "2022-06", "--out", str(out)], expected_code=1)  # fmt: skip
    belum = [r for r in by_title(sheet(out, BELUM)) if r["Kode"] and r["Nama unit"]]
    assert [(r["Kode"], r["Keterangan"]) for r in belum] == [(u.kode, "belum mengirim") for u in NOT_SENT[1:]] + [
        (broken.kode, f"berkas {broken.kode}.xlsx tidak dapat dinilai (PMPRB-E103)")
    ]
    # And said under the ranking itself, on the sheet that is printed first: its 38 rows gave no sign that 40
    # units are registered (printrev).
    absent = [c for row in sheet(out, REKAP) for c in row if isinstance(c, str) and c.startswith("Tidak ada di tabel")]
    missing = ", ".join(u.kode for u in NOT_SENT[1:])
    assert absent == [
        f"Tidak ada di tabel ini: {len(NOT_SENT) - 1} unit terdaftar belum mengirim ({missing}); 1 berkas tidak dapat "
        f"dinilai ({broken.kode}.xlsx). Rinciannya di lembar Belum Mengirim dan Info."
    ]


def test_files_of_one_name_in_their_own_folders_are_told_apart_in_every_sheet(tmp_path: Path) -> None:
    # Each OPD's "LKE PMPRB.xlsx" in its own folder: the console said "BAPENDA/LKE PMPRB.xlsx", the rekap only
    # "LKE PMPRB.xlsx" in Rekap, Jawaban and Temuan: whose error it was, nobody could tell.
    rubric = load_rubric("lke-rb-2014")
    made = make_batch(tmp_path / "lke", rubric)
    inbox = tmp_path / "masuk"
    kodes = sorted(p.stem for p in made["lke"].glob("*.xlsx"))[:3]
    for kode in kodes:
        (inbox / kode).mkdir(parents=True)
        (inbox / kode / "LKE PMPRB.xlsx").write_bytes((made["lke"] / f"{kode}.xlsx").read_bytes())
    (inbox / "rusak").mkdir()
    (inbox / "rusak" / "LKE PMPRB.xlsx").write_bytes(b"PK\x03\x04 rusak")
    out = tmp_path / "rekap.xlsx"
    invoke(["merge", str(inbox), "--rubric", "lke-rb-2014", "--out", str(out)], expected_code=1)
    named = {r["Berkas"] for r in by_title(sheet(out, "Rekap")) if r.get("Berkas")}
    assert named == {f"{kode}/LKE PMPRB.xlsx" for kode in kodes}
    assert {r[0] for r in sheet(out, "Temuan")[1:] if r[0]} == {*named, "rusak/LKE PMPRB.xlsx"}


def test_findings_missing_units_and_inputs_are_listed(merged: dict[str, Any]) -> None:
    temuan = by_title(sheet(merged["out"], TEMUAN))
    # Temuan keeps the batch order (file, sheet, row, column, code); the commands may order theirs otherwise.
    assert sorted((r["Kode"], r["Sel"], r["Pesan"]) for r in temuan) == sorted(
        (f["code"], f["cell"], f["message"]) for f in merged["validate"]["findings"]
    )
    assert sorted((r["Kode"], r["Sel"]) for r in temuan if r["Tingkat"] == "kesalahan") == sorted(
        (f["code"], f["cell"]) for f in merged["json"]["findings"]
    )
    assert {r["Kode"] for r in temuan} >= {"PMPRB-E401", "PMPRB-W410", "PMPRB-I502"}
    assert all(r["Berkas"] and r["Pesan"] for r in temuan)
    belum = by_title(sheet(merged["out"], BELUM))
    assert [(r["Kode"], r["Nama unit"], r["Jenis"]) for r in belum if r["Kode"] and r["Nama unit"]] == [
        (u.kode, u.nama, jenis_label(u.jenis)) for u in NOT_SENT
    ]
    info = sheet(merged["out"], INFO)
    labels = {row[0]: row[1] for row in info if row and row[0]}
    rubric: Rubric = merged["rubric"]
    assert (labels["Rubrik"], labels["Versi rubrik"], labels["Sidik rubrik (SHA-256)"]) == (
        rubric.id,
        rubric.version,
        rubric.checksum,
    )
    assert (labels["Periode"], labels["Target"]) == ("2022-06", "predikat " + merged["json"]["target"])
    hashes = {row[0]: row[2] for row in info if row and str(row[0]).endswith(".xlsx")}
    assert set(hashes) == {f"{u.kode}.xlsx" for u in UNITS}
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes.values())


def test_cli_writes_only_a_summary_to_stderr(merged: dict[str, Any]) -> None:
    result = merged["result"]
    assert result.stdout == ""
    assert str(merged["out"]) in result.stderr and "4 unit" in result.stderr and "2 belum" in result.stderr
    # Of two files named one by one, who has not sent is not known: "0 belum mengirim" was said of a registry of six
    # (the rekap said completeness went unchecked; covrev).
    lke, registry = merged["base"] / "lke", merged["args"][4]
    named = [str(lke / f"{u.kode}.xlsx") for u in UNITS[:2]]
    out = merged["base"] / "out" / "dua.xlsx"
    said = invoke(["merge", *named, "--rubric", "lke-rb-2014", "--registry", registry, "--out", str(out)])
    assert "kelengkapan kiriman tidak diperiksa)" in said.stderr and "belum mengirim" not in said.stderr


def test_the_merged_workbook_is_formatted_for_people(merged: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(merged["out"])
    rekap = wb[REKAP]
    assert rekap.freeze_panes == "E2"  # rank, kode and name stay in view
    assert rekap.auto_filter.ref and rekap.auto_filter.ref.startswith("A1:")
    kinds = {rule.type for rng in rekap.conditional_formatting for rule in rng.rules}
    assert {"cellIs", "dataBar"} <= kinds
    per_area = {rule.type: rule for rng in wb[PER_AREA].conditional_formatting for rule in rng.rules}
    assert set(per_area) == {"colorScale", "cellIs"}
    assert per_area["cellIs"].formula == ["0.7001"]  # BB: 70,01 of 100, as the rapor's area bars
    assert rekap["F2"].number_format == "0.00" and isinstance(rekap["F2"].value, float)
    average = next(row for row in rekap.iter_rows() if row[3].value == "Rata-rata (baris yang lolos filter)")
    # 1, not 101: Gnumeric knows 1–11 only; rounded at 10 decimals, the float noise of the mean
    assert str(average[5].value).startswith("=ROUND(SUBTOTAL(1,")
    with zipfile.ZipFile(merged["out"]) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        kinds_xml = "".join(z.read(n).decode() for n in charts)
    assert len(charts) == 2 and "<c:barChart>" in kinds_xml and 'val="col"' in kinds_xml
    # The units below the target in red, as the rapor's chart (every bar was the same blue).
    assert "merah: belum mencapai target predikat BB" in kinds_xml and 'srgbClr val="C00000"' in kinds_xml
    # Rekap's 45 columns fitted to one page's width printed at 2 pt: over several pages, rank and name on every
    # page, one page tall (the Rata-rata and Jumlah rows of 40 units printed alone on 7 pages of their own).
    assert rekap.sheet_properties.pageSetUpPr.fitToPage
    assert rekap.page_setup.fitToWidth == 0 and rekap.page_setup.fitToHeight in (None, 1)  # (1 is not written)
    assert rekap.print_title_cols == "$A:$D" and rekap.print_title_rows == "$1:$1"
    # Every list's titles on every printed page (Temuan's 50 000 rows had them on page 1 only).
    assert {name: wb[name].print_title_rows for name in (JAWABAN, KELENGKAPAN, TEMUAN, BELUM)} == dict.fromkeys(
        (JAWABAN, KELENGKAPAN, TEMUAN, BELUM), "$1:$1"
    )
    # Names, kodes and title words whole ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu" was cut at 40).
    names = [str(row[3].value) for row in rekap.iter_rows(min_row=2) if row[2].value]
    assert rekap.column_dimensions["D"].width >= max(len(n) for n in names)
    assert wb[INFO]["A3"].value == "Kabupaten/kota" and wb[INFO]["A3"].alignment.wrap_text
    assert wb[PER_AREA].sheet_properties.pageSetUpPr.fitToPage  # (8 areas: narrow enough to fit its page)
    # Every page header whole: Per Area's colour key was cut at 100 characters ("…; me…"; printrev).
    for ws in wb.worksheets:
        assert "…" not in (ws.oddHeader.left.text or ""), ws.title


# --------------------------------------------------------------------------- LibreOffice


def recalculated_like_cached(original: Path, tmp_path: Path) -> int:
    """LibreOffice recomputes every formula of a workbook to the value pmprb cached; the number compared."""
    # openpyxl drops cached values, so LibreOffice must compute every formula itself.
    bare = tmp_path / "bare.xlsx"
    openpyxl.load_workbook(original).save(bare)
    out = tmp_path / "lo"
    soffice_convert([original, bare], out)
    reopened = openpyxl.load_workbook(out / original.name, data_only=True)
    assert reopened.sheetnames == list(SHEETS)
    formulas = openpyxl.load_workbook(original)
    cached = openpyxl.load_workbook(original, data_only=True)
    recalculated = openpyxl.load_workbook(out / bare.name, data_only=True)
    compared = 0
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                mine = cached[ws.title][cell.coordinate].value
                theirs = recalculated[ws.title][cell.coordinate].value
                assert theirs == pytest.approx(mine, rel=1e-12, abs=1e-12), (ws.title, cell.coordinate, cell.value)
                compared += 1
    return compared


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed on this machine")
def test_libreoffice_opens_it_and_recalculates_the_same_totals(merged: dict[str, Any], tmp_path: Path) -> None:
    assert recalculated_like_cached(merged["out"], tmp_path) > 30


def test_a_second_file_of_a_unit_is_listed_but_not_averaged_or_counted(tmp_path: Path, rubric_2014: Rubric) -> None:
    # The Rekap average once took in the unranked second file of a unit (69,80 where every other output
    # said 69,86), and the Grafik counted 41 units where the rapor counted 40.
    folder = tmp_path / "lke"
    folder.mkdir()
    for n, unit in enumerate(UNITS[:3]):
        answers = random_answers(rubric_2014, random.Random(90 + n), quality=0.5)
        write_template(folder / f"{unit.kode}.xlsx", rubric_2014, unit, "2022-06", answers=answers)
    write_template(folder / "zz-lagi.xlsx", rubric_2014, UNITS[0], "2022-06", answers=worst_answers(rubric_2014))
    first = (folder / f"{UNITS[0].kode}.xlsx").stat().st_mtime_ns
    os.utime(folder / "zz-lagi.xlsx", ns=(first, first - 10 * 10**9))  # the older of the unit's two files
    args = [str(folder), "--rubric", "lke-rb-2014", "--period", "2022-06"]
    summary = json.loads(invoke(["score", *args, "--format", "json"], expected_code=1).stdout)["summary"]
    out = tmp_path / "kab.xlsx"
    invoke(["merge", *args, "--out", str(out)], expected_code=1)
    rekap = sheet(out, REKAP)
    assert len(by_title(rekap)) >= 4  # three ranked rows and the second file, then the totals
    # The second file's row said only "ada kesalahan", with a score and no rank: now it says why.
    [second] = [row for row in rekap if row[-1] == "zz-lagi.xlsx"]
    assert "tidak diperingkat: kiriman lain unit yang sama" in str(second[-4])
    # ... naming the file ranked instead (it pointed at a „Unit mengirim dua kali” the rekap does not have).
    assert str(second[-4]).endswith(f"kiriman lain unit yang sama, yang diperingkat {UNITS[0].kode}.xlsx")
    kelengkapan = [row for row in sheet(out, KELENGKAPAN) if str(row[-1]).startswith("Tidak diperingkat")]
    assert len(kelengkapan) == 1
    average = next(row for row in rekap if str(row[3]).startswith("Rata-rata"))
    assert average[3] == "Rata-rata unit berperingkat (baris yang lolos filter)"
    assert average[5] == pytest.approx(
        summary["average_index"], abs=1e-9
    )  # (of indexes written without their float noise)
    grafik = sheet(out, GRAFIK)
    assert next(row[2] for row in grafik if row[0] == "Jumlah") == 3
    # Every count of units says 3 (JSON summary.units once said 4, the Info sheet too).
    assert (summary["units"], summary["not_ranked"]) == (3, 1)
    info = {row[0]: row[1] for row in sheet(out, INFO)}
    assert (
        info["Unit dinilai"],
        info["Berkas tidak diperingkat (alasannya di lembar Rekap, kolom Status validasi)"],
    ) == (3, 1)
    assert "Buku kerja berkesalahan tetap dinilai dan diperingkat, dengan temuannya." in info["Kebijakan"]
    # The unit's two blocks of answers say which file each is from, and which one ranks.
    jawaban = by_title(sheet(out, JAWABAN))
    blocks = {(r["Berkas"], r["Diperingkat"]) for r in jawaban if r["Kode unit"] == UNITS[0].kode}
    assert blocks == {(f"{UNITS[0].kode}.xlsx", "ya"), ("zz-lagi.xlsx", "tidak")}
    if SOFFICE is not None:
        assert recalculated_like_cached(out, tmp_path) > 10


# --------------------------------------------------------------------------- hostile text, bytes, names


def test_formulas_typed_in_workbooks_stay_inert_text(tmp_path: Path, rubric_2014: Rubric) -> None:
    folder = tmp_path / "lke"
    write_official(folder / "jahat.xlsx", rubric_2014, best_answers(rubric_2014), instansi=HYPERLINK)
    codes = rubric_2014.answer_codes()
    write_template(
        folder / "dinkes.xlsx",
        rubric_2014,
        UNITS[0],
        "2022-06",
        answers=worst_answers(rubric_2014),
        evidence={codes[0]: FORMULA_EVIDENCE, codes[1]: "-1+2"},
    )
    out = tmp_path / "kab.xlsx"
    invoke(["merge", str(folder), "--rubric", "lke-rb-2014", "--out", str(out)], expected_code=0)
    with zipfile.ZipFile(out) as z:
        formulas = "".join(
            m
            for n in z.namelist()
            if n.startswith("xl/worksheets/")
            for m in re.findall(r"<f>(.*?)</f>", z.read(n).decode())
        )
    assert "HYPERLINK" not in formulas and "SUM(1)" not in formulas
    wb = openpyxl.load_workbook(out)
    found: dict[str, list[bool]] = {}
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in (HYPERLINK, FORMULA_EVIDENCE, "-1+2"):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    found.setdefault(str(cell.value), []).append(bool(cell.quotePrefix))
    assert set(found) == {HYPERLINK, FORMULA_EVIDENCE, "-1+2"}
    assert all(all(prefixed) for prefixed in found.values())
    assert len(found[HYPERLINK]) >= 4  # Rekap, Per Area, Jawaban (every row), Kelengkapan, Info


def test_two_runs_give_the_same_bytes(merged: dict[str, Any], tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    invoke(["merge", *merged["args"], "--out", str(again)], expected_code=1)
    assert again.read_bytes() == merged["out"].read_bytes()
    with zipfile.ZipFile(again) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2022-06-01T00:00:00Z"] * 2


def test_sheet_names_are_safe(merged: dict[str, Any]) -> None:
    names = CalamineWorkbook.from_path(str(merged["out"])).sheet_names
    assert names == list(SHEETS)
    assert USULAN == "LKE Kabupaten (usulan)"
    for name in names:
        assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\")


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("Rekap", "Rekap"),
        ("Rekap [2022/07]", "Rekap -2022-07-"),
        ("a:b*c?d\\e", "a-b-c-d-e"),
        ("'kutip'", "kutip"),
        ("x" * 40, "x" * 31),
        ("///", "---"),
        ("", "Lembar"),
    ],
)
def test_safe_sheet_name(given: str, safe: str) -> None:
    assert safe_sheet_name(given) == safe


def test_numbers_keep_every_digit() -> None:
    tricky = 0.1 + 0.2
    assert f"{tricky:.16G}" == "0.3"  # what xlsxwriter would write, and why _Exact exists
    assert float(format(_Exact(tricky), ".16G")) == tricky
    assert format(_Exact(2.5), ".2f") == "2.50"


# --------------------------------------------------------------------------- exit codes and guards


def test_unreadable_input_is_reported_and_the_rest_merged(tmp_path: Path, rubric_2014: Rubric) -> None:
    folder = tmp_path / "lke"
    folder.mkdir()
    write_template(folder / "dinkes.xlsx", rubric_2014, UNITS[0], "2022-06", answers=best_answers(rubric_2014))
    (folder / "rusak.xlsx").write_bytes(b"bukan excel")
    out = folder / "kabupaten.xlsx"  # inside the folder merged: must not be read next time
    invoke(["merge", str(folder), "--rubric", "lke-rb-2014", "--out", str(out)], expected_code=1)
    invoke(["merge", str(folder), "--rubric", "lke-rb-2014", "--out", str(out)], expected_code=1)
    assert [r[2] for r in sheet(out, REKAP)[1:2]] == ["dinkes"]
    temuan = by_title(sheet(out, TEMUAN))
    assert [(r["Berkas"], r["Kode"]) for r in temuan if r["Tingkat"] == "kesalahan"] == [("rusak.xlsx", "PMPRB-E102")]
    info = [row[0] for row in sheet(out, INFO)]
    assert "kabupaten.xlsx" not in info and {"dinkes.xlsx", "rusak.xlsx"} <= set(info)


def test_clean_inputs_exit_0(tmp_path: Path, rubric_2014: Rubric) -> None:
    evidence = {c: "SK" for c in rubric_2014.answer_codes()}
    path = tmp_path / "dinkes.xlsx"
    write_template(path, rubric_2014, UNITS[0], "2022-06", answers=best_answers(rubric_2014), evidence=evidence)
    out = tmp_path / "o" / "kab.xlsx"  # the folder is made
    invoke(["merge", str(path), "--rubric", "lke-rb-2014", "--out", str(out)], expected_code=0)
    assert [r["Status validasi"] for r in by_title(sheet(out, REKAP))[:1]] == ["sah"]


def test_a_long_kabupaten_name_keeps_the_page_header(tmp_path: Path, rubric_2014: Rubric) -> None:
    # A 230-letter kabupaten made xlsxwriter warn on stderr ("Header string cannot be longer than Excel's
    # limit of 255 characters") and leave every sheet's page header out.
    import warnings

    path = write_template(tmp_path / "dinkes.xlsx", rubric_2014, UNITS[0], "2022-06", answers=best_answers(rubric_2014))
    out = tmp_path / "kab.xlsx"
    name = "Kabupaten " + "&" * 240
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        invoke(["merge", str(path), "--rubric", "lke-rb-2014", "--out", str(out), "--kabupaten", name])
    with zipfile.ZipFile(out) as archive:
        assert b"<oddHeader>&amp;LRekap" in archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("out", ["kab.csv", "dinkes.xlsx"])
def test_bad_out_is_a_usage_error(tmp_path: Path, rubric_2014: Rubric, out: str) -> None:
    path = write_template(tmp_path / "dinkes.xlsx", rubric_2014, UNITS[0], "2022-06", answers=best_answers(rubric_2014))
    before = path.read_bytes()
    result = invoke(["merge", str(path), "--rubric", "lke-rb-2014", "--out", str(tmp_path / out)], expected_code=2)
    assert "PMPRB-E902" in result.stderr
    assert path.read_bytes() == before
    # Said before any workbook is read (it came after every file of the batch was scored).
    assert "Rubrik dikenali" not in result.stderr
    if out == "kab.csv":
        early = invoke(["merge", str(path), "--out", str(tmp_path / out)], expected_code=2)
        assert "Berkas --out harus berakhiran .xlsx" in early.stderr and "Rubrik dikenali" not in early.stderr
        report = invoke(["report", str(path), "--out", str(path)], expected_code=2)
        assert "bukan folder" in report.stderr and "Rubrik dikenali" not in report.stderr


def test_a_unit_workbook_inside_the_folder_is_never_overwritten(tmp_path: Path, rubric_2014: Rubric) -> None:
    path = write_template(tmp_path / "dinkes.xlsx", rubric_2014, UNITS[0], "2022-06", answers=best_answers(rubric_2014))
    before = path.read_bytes()
    result = invoke(["merge", str(tmp_path), "--rubric", "lke-rb-2014", "--out", str(path)], expected_code=2)
    assert "PMPRB-E902" in result.stderr and path.read_bytes() == before
    # A kabupaten workbook pmprb wrote there earlier is recognised, left out of the inputs and replaced.
    merged = tmp_path / "rekap.xlsx"
    for _ in range(2):
        invoke(["merge", str(tmp_path), "--rubric", "lke-rb-2014", "--out", str(merged)], expected_code=0)
        assert [row[0] for row in sheet(merged, INFO) if str(row[0]).endswith(".xlsx")] == ["dinkes.xlsx"]


def test_an_earlier_kabupaten_workbook_among_the_inputs_is_skipped_not_unreadable(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # Last month's rekap left in the folder: neither a unit nor a broken file, and the summary says so.
    write_template(tmp_path / "dinkes.xlsx", rubric_2014, UNITS[0], "2022-06", answers=best_answers(rubric_2014))
    june = tmp_path / "rekap-juni.xlsx"
    invoke(["merge", str(tmp_path / "dinkes.xlsx"), "--rubric", "lke-rb-2014", "--out", str(june)], expected_code=0)
    out = tmp_path / "keluar" / "rekap-juli.xlsx"
    result = invoke(["merge", str(tmp_path), "--rubric", "lke-rb-2014", "--out", str(out)], expected_code=0)
    assert "0 berkas tidak dapat dinilai, kelengkapan kiriman tidak diperiksa, 1 berkas kabupaten dilewati)" in (
        result.stderr
    )  # (no registry)
    info = {row[0]: row[1] for row in sheet(out, INFO)}
    assert (
        info["Berkas masukan"],
        info["Berkas tidak dapat dinilai"],
        info["Berkas kabupaten dilewati (rekap, LKE usulan)"],
    ) == (1, 0, 1)
    assert not [r for r in by_title(sheet(out, TEMUAN)) if r["Berkas"] == "rekap-juni.xlsx"]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed")
def test_a_rekap_saved_again_as_xls_is_skipped_as_a_kabupaten_workbook(tmp_path: Path, rubric_2014: Rubric) -> None:
    # LibreOffice keeps the marker in the .xls document properties; read as a unit's LKE it was E206 ("hanya 0
    # dari 201 butir"), a workbook that could not be scored, and exit 1.
    write_template(tmp_path / "dinkes.xlsx", rubric_2014, UNITS[0], "2022-06", answers=best_answers(rubric_2014))
    june = tmp_path / "keluar" / "rekap-juni.xlsx"
    invoke(["merge", str(tmp_path / "dinkes.xlsx"), "--rubric", "lke-rb-2014", "--out", str(june)], expected_code=0)
    soffice_convert([june], tmp_path, to="xls")
    assert (tmp_path / "rekap-juni.xls").is_file()
    result = invoke(["validate", str(tmp_path), "--rubric", "lke-rb-2014"], expected_code=0)
    assert "rekap-juni.xls: dilewati — [PMPRB-I503]" in result.stdout
    # Answers typed into a rekap are not scored, and the hint says where a consensus is ("Tidak perlu tindakan"
    # was said over 162 consensus answers typed there).
    said = json.loads(
        invoke(["validate", str(tmp_path / "rekap-juni.xls"), "--format", "json"], expected_code=1).stdout
    )
    assert said["skipped"][0]["hint"].startswith("Jawaban yang diketik di buku kerja kabupaten tidak dinilai.")


def test_invalid_skip_still_ranks_a_units_clean_second_file(tmp_path: Path, rubric_2014: Rubric) -> None:
    # With E304 counted in the second file's own status, --invalid skip dropped both files of a unit whose
    # first file had an error and whose revision was clean.
    answers = best_answers(rubric_2014)
    write_template(tmp_path / "a-lama.xlsx", rubric_2014, UNITS[0], "2022-06", answers={**answers, "A.I.1.a": "?"})
    write_template(tmp_path / "b-revisi.xlsx", rubric_2014, UNITS[0], "2022-06", answers=answers)
    args = ["score", str(tmp_path), "--rubric", "lke-rb-2014", "--format", "json", "--invalid", "skip"]
    doc = json.loads(invoke(args, expected_code=1).stdout)
    assert [u["file"] for u in doc["units"] if u["rank"] is not None] == [str(tmp_path / "b-revisi.xlsx")]


@pytest.mark.parametrize("name", ["dinkes-juli.xlsx", "catatan.txt"])
def test_an_existing_file_that_is_not_a_kabupaten_workbook_is_never_overwritten(
    tmp_path: Path, rubric_2014: Rubric, name: str
) -> None:
    # Not among the inputs, yet someone's only copy: a unit's LKE from last month kept under the name
    # given to --out, or any other file. Only a kabupaten workbook pmprb wrote is replaced.
    (tmp_path / "lke").mkdir()
    write_template(
        tmp_path / "lke" / "dinkes.xlsx", rubric_2014, UNITS[0], "2022-06", answers=best_answers(rubric_2014)
    )
    kept = tmp_path / name
    if name.endswith(".xlsx"):
        write_template(kept, rubric_2014, UNITS[0], "2022-05", answers=best_answers(rubric_2014))
    else:
        kept.write_text("jangan ditimpa")
    before = kept.read_bytes()
    result = invoke(["merge", str(tmp_path / "lke"), "--rubric", "lke-rb-2014", "--out", str(kept)], expected_code=2)
    said = "bukan buku kerja kabupaten" if name.endswith(".xlsx") else "Berkas --out harus berakhiran .xlsx"
    assert "PMPRB-E902" in result.stderr and said in result.stderr
    assert kept.read_bytes() == before


def test_an_empty_file_may_be_the_output_and_a_folder_may_not(tmp_path: Path, rubric_2014: Rubric) -> None:
    (tmp_path / "lke").mkdir()
    write_template(
        tmp_path / "lke" / "dinkes.xlsx", rubric_2014, UNITS[0], "2022-06", answers=best_answers(rubric_2014)
    )
    empty = tmp_path / "kosong.xlsx"
    empty.write_bytes(b"")  # as mktemp leaves it: nothing in it to lose
    invoke(["merge", str(tmp_path / "lke"), "--rubric", "lke-rb-2014", "--out", str(empty)], expected_code=0)
    assert empty.stat().st_size > 0
    (tmp_path / "folder.xlsx").mkdir()
    result = invoke(
        ["merge", str(tmp_path / "lke"), "--rubric", "lke-rb-2014", "--out", str(tmp_path / "folder.xlsx")],
        expected_code=2,
    )
    assert "adalah folder" in result.stderr


@pytest.mark.parametrize("rubric_id", sorted(shipped_rubrics()))
def test_every_shipped_rubric_merges(tmp_path: Path, rubric_id: str) -> None:
    rubric = load_rubric(rubric_id)
    make_batch(tmp_path / "lke", rubric)
    out = tmp_path / "kab.xlsx"
    invoke(["merge", str(tmp_path / "lke"), "--rubric", rubric_id, "--out", str(out)], expected_code=1)
    assert len(sheet(out, REKAP)) >= len(UNITS) + 1


# --------------------------------------------------------------------------- the proposal rule


def cards_with(rubric: Rubric, code: str, answers: list[str]) -> list[Any]:
    base = best_answers(rubric)
    return [score(submission({**base, code: a}), rubric) for a in answers]


@pytest.mark.parametrize(
    ("answers", "proposed"),
    [
        (["A", "A", "A", "A"], "A"),  # every unit at the best answer
        (["A", "A", "A", "D"], "B"),  # more than half: 75 %
        (["A", "B", "D", "D"], "C"),  # 41,75 %: not more than half
        (["A", "D", "D", "D"], "C"),  # some
        (["D", "D", "D", "D"], "D"),  # none
        # Every unit at B ("sebagian besar") is B: counting only the units at A made it D, below every unit.
        (["B", "B", "B", "B"], "B"),
        (["B", "B", "C", "D"], "C"),  # 41,75 %
    ],
)
def test_default_rule_reads_options_as_a_share_of_units(rubric_2014: Rubric, answers: list[str], proposed: str) -> None:
    code = "A.I.1.b"  # ABCD: "seluruh / sebagian besar / sebagian kecil / belum"
    rows = {r.code: r for r in propose(rubric_2014, cards_with(rubric_2014, code, answers))}
    row = rows[code]
    assert (row.proposed, row.at_best, row.units) == (proposed, answers.count("A"), 4)
    values = rubric_2014.scales["ABCD"].values
    assert row.fulfilment == pytest.approx(sum(values[a] for a in answers) / 4)
    assert row.basis == "bagian unit"
    yt = rows["A.I.2.a"]  # Y/T has no share rule: the answer most units gave
    assert (yt.proposed, yt.basis.startswith("jawaban terbanyak")) == ("Ya", True)


def test_an_even_split_is_proposed_at_the_cautious_answer(rubric_2014: Rubric) -> None:
    # One unit Ya, one Tidak: the most common answer is a tie, proposed as the lower (a tie going the other
    # way passed every test); and exactly half the units at A is no "more than half" (C, not B).
    rows = {r.code: r for r in propose(rubric_2014, cards_with(rubric_2014, "A.I.2.a", ["Ya", "Tidak"]))}
    assert rows["A.I.2.a"].proposed == "Tidak"
    rows = {r.code: r for r in propose(rubric_2014, cards_with(rubric_2014, "A.I.1.b", ["A", "D"]))}
    assert rows["A.I.1.b"].proposed == "C"


def test_the_proposal_is_never_below_the_lowest_answer_nor_above_the_highest(rubric_2014: Rubric) -> None:
    import itertools

    code = "A.I.1.b"
    values = rubric_2014.scales["ABCD"].values
    for answers in itertools.combinations_with_replacement("ABCD", 3):
        row = {r.code: r for r in propose(rubric_2014, cards_with(rubric_2014, code, list(answers)))}[code]
        lowest, highest = min(values[a] for a in answers), max(values[a] for a in answers)
        assert lowest <= values[row.proposed] <= highest, (answers, row.proposed)


@pytest.mark.parametrize(
    ("values", "proposal", "answers", "proposed"),
    [
        # A scale whose lowest value is not 0: every unit at D (0,25) was proposed C, its index doubled.
        ("{ A = 1, B = 0.75, C = 0.5, D = 0.25 }", "", ["D", "D", "D"], "D"),
        ("{ A = 1, B = 0.75, C = 0.5, D = 0.25 }", "", ["A", "A", "B"], "B"),
        # A rubric's own bands never go below the lowest answer a unit gave, nor above the highest.
        (
            "{ A = 1, B = 0.67, C = 0.33, D = 0 }",
            '[["1", "A"], [">0.7", "B"], [">0.3", "C"], ["0", "D"]]',
            ["B"] * 3,
            "B",
        ),
        ("{ A = 1, B = 0.67, C = 0.33, D = 0 }", '[["1", "A"], [">0.1", "B"], ["0", "D"]]', ["C", "C", "C"], "C"),
    ],
)
def test_the_proposal_stays_between_the_answers_given_whatever_the_scale(
    tmp_path: Path, rubric_2014: Rubric, values: str, proposal: str, answers: list[str], proposed: str
) -> None:
    text = Path(rubric_2014.path).read_text(encoding="utf-8")
    start = text.index("[scales.ABCD]")
    at = text.index("values = ", start)
    text = text[:at] + f"values = {values}" + text[text.index("\n", at) :]
    if proposal:
        text += f"\n[proposal]\nABCD = {proposal}\n"
    path = tmp_path / "rubrik.toml"
    path.write_text(text, encoding="utf-8")
    rubric = load_rubric(str(path))
    code = "A.I.1.b"
    assert {r.code: r for r in propose(rubric, cards_with(rubric, code, answers))}[code].proposed == proposed


def test_every_unit_is_not_claimed_while_registered_units_were_not_scored(rubric_2014: Rubric) -> None:
    # Two of four registered units scored, both at A: "seluruh unit organisasi" was proposed from half of them.
    code = "A.I.1.b"
    cards = cards_with(rubric_2014, code, ["A", "A"])
    assert {r.code: r for r in propose(rubric_2014, cards)}[code].proposed == "A"
    assert {r.code: r for r in propose(rubric_2014, cards, absent=2)}[code].proposed == "B"
    from pmprb_cli.proposal import usulan_index_line

    line = usulan_index_line(rubric_2014, propose(rubric_2014, cards, absent=2), cards, absent=2)
    assert "2 unit terdaftar tidak dinilai" in line
    assert "untuk butir pilihan yang dibaca sebagai bagian unit, jawaban terbaik ('seluruh') tidak diusulkan" in line


def test_a_number_every_unit_gave_alike_is_proposed_in_both_outputs(rubric_2014: Rubric) -> None:
    # The rekap's sheet left B.I.1 blank ("rata-rata 63,80; terendah 63,8; tertinggi 63,8") while the
    # exported LKE filled it with 63.8: both now take the proposal's number, and say so.
    from pmprb_cli.proposal import proposal_card, proposed_answers, usulan_index_line

    alike = {r.code: r for r in propose(rubric_2014, cards_with(rubric_2014, "B.I.1", ["63.8"] * 3))}["B.I.1"]
    assert (alike.proposed, alike.basis) == ("63.8", "angka sama di semua unit")
    differ = {r.code: r for r in propose(rubric_2014, cards_with(rubric_2014, "B.I.1", ["63.8", "70", "63.8"]))}
    assert (differ["B.I.1"].proposed, differ["B.I.1"].basis) == ("", "angka: data kabupaten")
    assert differ["B.I.1"].spread == "rata-rata 65,87; terendah 63,80; tertinggi 70,00"  # one form for the three
    rows = propose(rubric_2014, cards_with(rubric_2014, "B.I.1", ["63.8"] * 3))
    assert proposed_answers(rows)["B.I.1"] == 63.8
    # The proposal scored as the exported LKE scores it: its index beside the units' mean.
    cards = cards_with(rubric_2014, "B.I.1", ["63.8", "70", "63.8"])
    rows = propose(rubric_2014, cards)
    card = proposal_card(rubric_2014, rows)
    assert card.missing == 1  # B.I.1: the kabupaten's own figure
    line = usulan_index_line(rubric_2014, rows, cards)
    assert line.startswith("Indeks LKE usulan ini, bila dinilai apa adanya: ") and "1 butir belum diusulkan" in line


def test_a_number_nearly_every_unit_gave_alike_is_proposed_and_the_others_named(rubric_2014: Rubric) -> None:
    # One unit typing 68,3 for the kabupaten's 63,8 left B.I.1 blank in the exported LKE (counted 0: the
    # proposal fell from 58,14 to 46,58) and named nobody.
    from pmprb_cli.proposal import usulan_index_line

    typed = ["63.8"] * 6 + ["68.3", None]
    cards = cards_with(rubric_2014, "B.I.1", typed)  # type: ignore[arg-type]
    cards = [dataclasses.replace(c, unit_code=f"U{n}") for n, c in enumerate(cards)]
    [row] = [r for r in propose(rubric_2014, cards) if r.code == "B.I.1"]
    assert (row.proposed, row.basis) == ("63.8", "angka sama di sebagian besar unit")
    assert row.spread.endswith("; 6 dari 8 unit 63,80; berbeda: U6 68,3, U7 kosong")
    assert "Diusulkan dari angka sebagian besar unit (unit lain mengisi berbeda): B.I.1" in usulan_index_line(
        rubric_2014, propose(rubric_2014, cards), cards
    )
    # A dissent in the third decimal shows (both read "3,46" at two), and an unreadable figure is not "kosong".
    cards = cards_with(rubric_2014, "B.I.2", ["3.456"] * 6 + ["3.459", "x"])
    cards = [dataclasses.replace(c, unit_code=f"U{n}") for n, c in enumerate(cards)]
    [row] = [r for r in propose(rubric_2014, cards) if r.code == "B.I.2"]
    assert row.spread.endswith("berbeda: U6 3,459, U7 tidak sah")
    # Fewer than three quarters alike (5 of 8), or fewer than three units: the kabupaten's own data, as before.
    for few in (["63.8"] * 5 + ["68.3"] * 3, ["63.8", "63.8", "70"]):
        [row] = [r for r in propose(rubric_2014, cards_with(rubric_2014, "B.I.1", few)) if r.code == "B.I.1"]
        assert (row.proposed, row.basis) == ("", "angka: data kabupaten"), few


def test_rule_from_the_rubric(tmp_path: Path, rubric_2014: Rubric) -> None:
    text = Path(rubric_2014.path).read_text(encoding="utf-8")
    path = tmp_path / "rubrik.toml"
    path.write_text(text + '\n[proposal]\nABCD = [["0.75", "A"], [">0", "B"], ["0", "D"]]\n', encoding="utf-8")
    rubric = load_rubric(str(path))
    assert rubric.proposal == {"ABCD": ((0.75, "A"), (1e-9, "B"), (0.0, "D"))}
    rows = {r.code: r for r in propose(rubric, cards_with(rubric, "A.I.1.b", ["A", "A", "A", "D"]))}
    assert rows["A.I.1.b"].proposed == "A"
    assert "A.I.2.a" in rows and rows["A.I.2.a"].basis.startswith("jawaban terbanyak")
    assert default_bands(rubric.scales["ABCD"])[0] == (1.0, "A")


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ('ABCD = [["1", "E"]]', "proposal.ABCD[0]"),
        ('ABCD = [["0.5", "A"], ["1", "B"], ["0", "D"]]', "proposal.ABCD"),
        ('ABCD = [["1", "A"], [">0", "C"]]', "proposal.ABCD"),
        ('N100 = [["0", "A"]]', "proposal.N100"),
        ('ABCD = [["2", "A"], ["0", "D"]]', "proposal.ABCD[0]"),
    ],
)
def test_a_broken_rule_names_its_key(tmp_path: Path, rubric_2014: Rubric, table: str, key: str) -> None:
    path = tmp_path / "rubrik.toml"
    path.write_text(Path(rubric_2014.path).read_text(encoding="utf-8") + f"\n[proposal]\n{table}\n", encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        load_rubric(str(path))
    assert f"{key}:" in caught.value.message


def test_proposal_sheet_is_labelled_and_holds_every_item(merged: dict[str, Any]) -> None:
    rubric: Rubric = merged["rubric"]
    rows = sheet(merged["out"], USULAN)
    assert "USULAN" in rows[0][0] and "konsensus" in rows[0][0].lower()
    assert rows[1][0].startswith("Bukan nilai resmi")
    # The notes above the table wrap across its width, each row as tall as its text: a 480-character line spilled
    # past the table, and LibreOffice, fitting the sheet to the page's width with it, printed it at 2,8 pt (printrev).
    ws = openpyxl.load_workbook(merged["out"])[USULAN]
    head = next(n for n, r in enumerate(rows) if r[:2] == ["Kode", "Uraian"])
    assert {str(m) for m in ws.merged_cells.ranges} >= {f"A{r}:L{r}" for r in range(2, head)}
    assert all(ws.cell(r, 1).alignment.wrap_text for r in range(2, head))
    assert ws.row_dimensions[2].height >= 30
    assert any(
        "A 100%, B 67%, C 33%, D 0%, kosong 0; tidak pernah di bawah jawaban terendah atau di atas jawaban tertinggi "
        "unit): 100% (semua unit menjawab A, dan semua unit terdaftar dinilai) → A; "
        "lebih dari 50% → B; lebih dari 0% → C; selebihnya → D" in r[0]
        for r in rows[:8]
    )
    table = by_title(rows, header=next(n for n, r in enumerate(rows) if r[:2] == ["Kode", "Uraian"]))
    codes = {r["Kode"] for r in table}
    assert {i.code for i in rubric.items()} <= codes
    abcd = [r for r in table if r["Pilihan"] == "A/B/C/D"]
    assert abcd and all(r["Usulan"] in "ABCD" and r["Jumlah unit"] == len(UNITS) for r in abcd)
    bands = {"A": (1, 1), "B": (0.5, 1), "C": (0, 0.5), "D": (0, 0)}
    assert all(bands[r["Usulan"]][0] <= r["Pemenuhan rata-rata"] <= bands[r["Usulan"]][1] for r in abcd), (
        "the proposal follows the fulfilment shown"
    )


def test_zona_integritas_has_verdict_columns_and_no_kabupaten_lke(tmp_path: Path) -> None:
    # ZI is passed or not, unit by unit: the rekap said nothing of WBK, and the package held a "LKE kabupaten
    # ZI" averaging the units' IPAK (41,16 C), an instrument that does not exist.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.merging import merged_bytes
    from pmprb_cli.output import csv_text, prerequisite_lines, score_json

    zi = load_rubric("zi-2021")
    assert not zi.kabupaten_lke and load_rubric("pmprb-2020").kabupaten_lke
    good, short = best_answers(zi), best_answers(zi)
    short["B.I.a"] = 3.5  # IPAK 15,3125 < 15,75
    files = []
    for kode, answers in (("UPT-A", good), ("UPT-B", short)):
        unit = Unit(kode, f"Unit {kode}", "lainnya")
        files.append(str(write_template(tmp_path / f"{kode}.xlsx", zi, unit, "2024-06", "Kab. Uji", answers)))
    batch = build_batch(files, zi, period="2024-06", target="WBK")
    assert [r.meets_target for r in batch.ranked] == [True, False] and batch.target_text == "WBK"
    (tmp_path / "rekap.xlsx").write_bytes(merged_bytes(batch))
    book = openpyxl.load_workbook(tmp_path / "rekap.xlsx", read_only=True)
    assert "LKE Kabupaten (usulan)" not in book.sheetnames
    info = {row[0]: row[1] for row in book["Info"].iter_rows(values_only=True) if row and row[0]}
    assert info.get("Target") == "WBK" and "Target predikat" not in info
    rows = list(book["Rekap"].iter_rows(values_only=True))
    col = rows[0].index("Syarat WBK")
    assert "Syarat WBBM (nilai; prasyarat berpredikat WBK tidak diperiksa)" in rows[0]
    assert (
        rows[1][col] == "memenuhi"
        and rows[2][col] == "belum: B.I.a Nilai Survey Persepsi Korupsi (Survei Eksternal) 15,31 < 15,75"
    )
    header, first, second = csv_text(batch).splitlines()[:3]
    # "Lulus WBBM" is its minimums: the prerequisite designation (already WBK) is said unchecked in every output.
    assert header.endswith(
        ",lulus_WBK,lulus_WBBM,prasyarat_WBBM_diperiksa,diperingkat,alasan_tidak_diperingkat,periode_proses"
    )
    assert first.endswith("True,True,False,True,,2024-06") and second.endswith("False,False,False,True,,2024-06")
    verdicts = json.loads(score_json(batch))["units"][0]["verdicts"]
    assert [(v["code"], v["requires"], v["requires_checked"]) for v in verdicts] == [
        ("WBK", None, None),
        ("WBBM", "WBK", False),
    ]
    assert "WBBM (1 unit): syarat nilainya terpenuhi; prasyarat berpredikat WBK (ditetapkan Kemenpan-RB) tidak " in (
        " ".join(prerequisite_lines(batch))
    )
    # The Grafik sheet counts units meeting each verdict (it showed the predikat spread only), by formula on the
    # Rekap's Syarat columns.
    cached = openpyxl.load_workbook(tmp_path / "rekap.xlsx", data_only=True)["Grafik"]
    grafik = [row for row in cached.iter_rows(values_only=True) if row and row[0] in ("WBK", "WBBM")]
    assert [(r[0], r[2], r[3]) for r in grafik] == [("WBK", 1, 0.5), ("WBBM", 1, 0.5)]
    formulas = openpyxl.load_workbook(tmp_path / "rekap.xlsx")["Grafik"]
    assert any(
        str(c.value).startswith("=COUNTIF(Rekap!") and '"memenuhi"' in str(c.value)
        for row in formulas.iter_rows()
        for c in row
    )
    # Per Area: the colour turns at the 60 % WBK asks of each area, and a cell below it is marked.
    rules = openpyxl.load_workbook(tmp_path / "rekap.xlsx")["Per Area"].conditional_formatting
    kinds = {r.type: r for rng in rules for r in rng.rules}
    assert kinds["cellIs"].formula == ["0.6"] and kinds["colorScale"].colorScale.cfvo[1].val == 0.6


def test_a_list_longer_than_a_sheet_goes_on_in_the_next_sheet(
    merged: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 5.000 workbooks' answers passed Excel's 1.048.576 rows: xlsxwriter dropped 316.000 of them without a word.
    import pmprb_cli.merging as merging

    whole = by_title(sheet(merged["out"], "Jawaban"))
    findings = by_title(sheet(merged["out"], "Temuan"))
    monkeypatch.setattr(merging, "SHEET_ROW_LIMIT", 500)
    out = tmp_path / "potong.xlsx"
    invoke(["merge", *merged["args"], "--out", str(out)], expected_code=1)
    names = CalamineWorkbook.from_path(str(out)).sheet_names
    parts = [n for n in names if n == "Jawaban" or n.startswith("Jawaban (")]
    assert len(parts) == -(-len(whole) // 500) > 1
    assert names.index(parts[-1]) == names.index("Jawaban") + len(parts) - 1  # together, in order
    assert [row for name in parts for row in by_title(sheet(out, name))] == whole
    temuan = [n for n in names if n == "Temuan" or n.startswith("Temuan (")]
    assert len(temuan) == -(-len(findings) // 500)
    assert [row for name in temuan for row in by_title(sheet(out, name))] == findings


def test_a_second_copy_keeps_its_units_jenis(tmp_path: Path) -> None:
    # DISHUB's second file, listed unranked, had no jenis in the rekap, CSV and JSON (the registry says dinas).
    import shutil

    from pmprb_cli.batch import build_batch
    from pmprb_cli.output import csv_text, score_json
    from pmprb_cli.registry import load_registry

    rubric = load_rubric("lke-rb-2014")
    unit = Unit("DISHUB", "Dinas Perhubungan", "dinas")
    first = write_template(tmp_path / "DISHUB.xlsx", rubric, unit, "2022-06", "Kab. Uji", best_answers(rubric))
    shutil.copy(first, tmp_path / "DISHUB (revisi).xlsx")
    (tmp_path / "daftar.csv").write_text("kode,nama,jenis\nDISHUB,Dinas Perhubungan,dinas\n", encoding="utf-8")
    files = [str(first), str(tmp_path / "DISHUB (revisi).xlsx")]
    batch = build_batch(files, rubric, registry=load_registry(tmp_path / "daftar.csv"), period="2022-06", target="BB")
    assert len(batch.ranked) == 1
    units = json.loads(score_json(batch))["units"]
    assert [u["unit"]["jenis"] for u in units] == ["dinas", "dinas"]
    assert [line.split(",")[3] for line in csv_text(batch).splitlines()[1:]] == ["dinas", "dinas"]


def test_a_streamed_workbook_has_every_cell_of_one_built_in_memory(
    merged: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A large batch is written in xlsxwriter's constant-memory mode, which silently drops a cell written above a
    # row already passed: every sheet, cell, height, merge and validation must equal the in-memory mode's.
    import pmprb_cli.merging as merging
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import load_registry

    files = sorted(str(p) for p in Path(merged["args"][0]).glob("*.xlsx"))
    registry = load_registry(merged["args"][4])
    batch = build_batch(files, load_rubric("lke-rb-2014"), registry=registry, period="2022-06", target="BB")
    held = tmp_path / "held.xlsx"
    held.write_bytes(merging.merged_bytes(batch))
    monkeypatch.setattr(merging, "STREAM_ABOVE_ROWS", 0)
    streamed = tmp_path / "streamed.xlsx"
    streamed.write_bytes(merging.merged_bytes(batch))
    with zipfile.ZipFile(held) as h, zipfile.ZipFile(streamed) as z:
        assert "xl/sharedStrings.xml" in h.namelist() and "xl/sharedStrings.xml" not in z.namelist()
        # xlsxwriter's fixed stamp for parts written through temporary files, not the clock.
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 31, 0, 0, 0)}
    assert streamed.read_bytes() == merging.merged_bytes(batch)  # the same bytes again
    # Its temporary files in a folder of pmprb's own, removed when done (xlsxwriter's outlived a stopped run
    # in /tmp); a folder that cannot take them is named (a full /tmp was "disk penuh", no folder said).
    scratch = tmp_path / "keluaran"
    assert merging.merged_bytes(batch, scratch) == streamed.read_bytes() and list(scratch.iterdir()) == []
    (tmp_path / "berkas").write_text("")
    with pytest.raises(SystemRefusal, match="berkas sementara rekap di .*berkas"):
        merging.merged_bytes(batch, tmp_path / "berkas")
    import os
    import time

    from pmprb_cli.monthly import _clean_temporaries

    scratch = tmp_path / "keluaran-lain"  # (a folder this process has not swept yet)
    left = scratch / ".rekap.0123456789ab.tmp"
    left.mkdir(parents=True)
    (left / "tmpabc").write_text("x")
    an_hour_ago = time.time() - 3600
    for stale in (left / "tmpabc", left):  # (a killed run's: another pmprb's fresh ones stay)
        os.utime(stale, (an_hour_ago, an_hour_ago))
    _clean_temporaries(scratch)
    assert not left.exists()
    a, b = openpyxl.load_workbook(held), openpyxl.load_workbook(streamed)
    assert a.sheetnames == b.sheetnames
    cells = 0
    for name in a.sheetnames:
        x, y = a[name], b[name]
        assert (x.max_row, x.max_column) == (y.max_row, y.max_column), name
        assert str(x.merged_cells) == str(y.merged_cells) and x.freeze_panes == y.freeze_panes
        assert [str(v.sqref) for v in x.data_validations.dataValidation] == [
            str(v.sqref) for v in y.data_validations.dataValidation
        ]
        for r in range(1, x.max_row + 1):
            assert x.row_dimensions[r].height == y.row_dimensions[r].height, (name, r)
            for c in range(1, x.max_column + 1):
                u, v = x.cell(r, c), y.cell(r, c)
                assert (u.value, u.number_format, u.font.b, u.quotePrefix) == (
                    v.value,
                    v.number_format,
                    v.font.b,
                    v.quotePrefix,
                ), (name, u.coordinate)
                cells += u.value is not None
    assert cells > 5000


def test_sorting_the_rekap_from_its_filter_keeps_unranked_rows_out_of_the_averages(tmp_path: Path) -> None:
    # The filter covered an unranked second copy below the ranked rows while the averages and the Grafik counts
    # read rows 2..ranked: a sort from the drop-down moved the copy in (average 69,86 → 70,08, across BB).
    import shutil

    from pmprb_cli.batch import build_batch
    from pmprb_cli.merging import merged_bytes

    rubric = load_rubric("lke-rb-2014")
    rng = random.Random(3)
    files = []
    for kode in ("DINKES", "DISHUB"):
        unit = Unit(kode, f"Dinas {kode}", "dinas")
        answers = random_answers(rubric, rng)
        files.append(str(write_template(tmp_path / f"{kode}.xlsx", rubric, unit, "2022-06", "Kab. Uji", answers)))
    shutil.copy(files[1], tmp_path / "DISHUB (revisi).xlsx")
    files.append(str(tmp_path / "DISHUB (revisi).xlsx"))
    batch = build_batch(files, rubric, period="2022-06", target="BB")
    assert len(batch.ranked) == 2 and len(batch.assessment.results) == 3
    (tmp_path / "rekap.xlsx").write_bytes(merged_bytes(batch))
    book = openpyxl.load_workbook(tmp_path / "rekap.xlsx")
    for name, frozen in (("Rekap", "E2"), ("Per Area", "D2"), ("Kelengkapan", "C2")):
        ws = book[name]
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.endswith("3"), (name, ws.auto_filter.ref)
        assert ws.freeze_panes == frozen
    # Ranked rows 2–3, a blank row, the unranked copy, a blank row, the totals: LibreOffice's toolbar sort
    # takes every adjacent row, and sorted the copy and the average row in among the ranked ones.
    rekap = book["Rekap"]
    assert all(c.value is None for c in rekap[4]) and rekap["C5"].value == "DISHUB"
    assert all(c.value is None for c in rekap[6])
    averages = [c.value for c in rekap[7] if isinstance(c.value, str) and "SUBTOTAL" in c.value]
    pattern = r"=ROUND\(SUBTOTAL\(1,\$?[A-Z]+\$?2:\$?[A-Z]+\$?3\),10\)"
    assert averages and all(re.fullmatch(pattern, v) for v in averages)


def test_text_longer_than_a_cell_is_cut_with_a_mark() -> None:
    # 40.000 characters of bukti dukung were cut to 32.767 by xlsxwriter without a word.
    from pmprb_cli.files import CELL_TEXT_LIMIT
    from pmprb_cli.merging import _as_text

    cut = _as_text("x" * 40_000)
    assert len(cut) == CELL_TEXT_LIMIT and cut.endswith("[dipotong pmprb: teks lebih dari 32.767 karakter]")
    assert _as_text("y" * CELL_TEXT_LIMIT) == "y" * CELL_TEXT_LIMIT


def test_an_akip_grade_is_left_to_the_criteria_proposed_under_it() -> None:
    # 1.a was proposed CC (the grade most units had) while all six of its criteria were proposed Ya.
    from pmprb_cli.proposal import BASIS_GRADED, proposal_card, proposed_answers

    sakip = load_rubric("sakip-2021")
    cards = cards_with(sakip, "1.a", ["CC", "CC", "BB"])
    rows = {r.code: r for r in propose(sakip, cards)}
    assert rows["1.a"].proposed == "" and rows["1.a"].basis == BASIS_GRADED
    assert "1.a" not in proposed_answers(rows.values())
    assert {i.code: i.answer for i in proposal_card(sakip, tuple(rows.values())).items}["1.a"] == "BB"


def test_a_bukti_dukung_that_is_one_web_address_is_a_link_nothing_else_is(tmp_path: Path) -> None:
    # 5 660 addresses of a kabupaten's rekap had to be copied into a browser one by one. Only a single http(s)
    # address is made a link: a file:// link's click sends Windows credentials to the host it names.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.merging import merged_bytes

    rubric = load_rubric("pmprb-2020")
    codes = [i.code for i in rubric.items() if i.evidence][:10]
    typed = [
        "https://drive.contoh.go.id/pmprb/sk-tim.pdf?dl=1",
        "HTTPS://DRIVE.CONTOH.GO.ID/SK.PDF",  # (a scheme in capitals is one too)
        "file://server/berbagi/sk.pdf",
        "javascript:alert(1)",
        "Lihat https://drive.contoh.go.id/sk.pdf",
        '=HYPERLINK("http://x")',
        "https://drive.contoh.go.id/Bukti RB/SK Tim RB.pdf",  # (a folder's name with spaces: still one address)
        "https://drive.contoh.go.id/sk lihat folder",  # (words after an address: no path, no link)
        # (nor a note after a query, however dotted: one link to "…sharing%20(pemilik:%20…)"; privrev)
        "https://drive.contoh.go.id/folders/1Ab?usp=sharing (pemilik: budi.santoso@contoh.go.id)",
        # (while a folder's spaces before a query keep it one: diffrev20)
        "https://drive.contoh.go.id/Bukti RB/SK Tim RB.pdf?dl=1",
    ]
    path = write_template(
        tmp_path / "dinkes.xlsx",
        rubric,
        Unit("DINKES", "Dinas Kesehatan", "dinas"),
        "2022-08",
        answers=best_answers(rubric),
        evidence=dict(zip(codes, typed, strict=True)),
    )
    batch = build_batch([str(path)], rubric, period="2022-08", target="BB")
    (tmp_path / "rekap.xlsx").write_bytes(merged_bytes(batch))
    sheet = openpyxl.load_workbook(tmp_path / "rekap.xlsx")[JAWABAN]
    cells = {row[2].value: row[7] for row in sheet.iter_rows(min_row=2) if row[2].value in codes}
    linked = {code: cell.hyperlink.target for code, cell in cells.items() if cell.hyperlink is not None}
    assert linked == {
        codes[0]: typed[0],
        codes[1]: typed[1],
        codes[6]: "https://drive.contoh.go.id/Bukti%20RB/SK%20Tim%20RB.pdf",
        codes[9]: "https://drive.contoh.go.id/Bukti%20RB/SK%20Tim%20RB.pdf?dl=1",
    }
    assert [cells[c].value for c in codes] == typed


def test_kelengkapan_does_not_count_a_grade_left_for_its_criteria_to_make(tmp_path: Path) -> None:
    # LKE AKIP: an untouched template read "12 of 92 answered" (13 %), its blank grades derived from the criteria
    # counted as answers; all its criteria answered, 100 %.
    sakip = load_rubric("sakip-2021")
    unit = Unit("DINKES", "Dinas Kesehatan", "dinas", ())
    criteria = [i.code for n in sakip.graded() for i in n.items]
    for name, answers in (("kosong", {}), ("kriteria", dict.fromkeys(criteria, "Ya"))):
        folder = tmp_path / name
        folder.mkdir()
        path = write_template(folder / "u.xlsx", sakip, unit, "2022-07", answers=answers)  # type: ignore[arg-type]
        out = folder / "rekap.xlsx"
        invoke(
            ["merge", str(path), "--rubric", "sakip-2021", "--out", str(out)],
            expected_code=1 if name == "kosong" else 0,
        )
        (row,) = by_title(sheet(out, KELENGKAPAN))[:1]
        assert row["Butir dinilai"] == len(criteria)
        assert row["% terisi sah"] == (0 if name == "kosong" else 1)


def test_jawaban_values_carry_no_float_noise(tmp_path: Path) -> None:
    # 3,13 on a 0–4 survey is 7.824999999999999 of 10: LibreOffice showed Jawaban's Nilai 7,82 beside the Rekap's
    # and the rapor's 7,83 for area B.3, whose only indicator it is.
    rubric = load_rubric("pmprb-2020")
    answers = best_answers(rubric)
    answers["B.3.a"] = 3.13
    unit = Unit("DINKES", "Dinas Kesehatan", "dinas")
    (tmp_path / "in").mkdir()
    write_template(tmp_path / "in" / "DINKES.xlsx", rubric, unit, "2022-08", answers=answers)
    out = tmp_path / "rekap.xlsx"
    invoke(["merge", str(tmp_path / "in"), "--period", "2022-08", "--rubric", "pmprb-2020", "--out", str(out)])
    rows = by_title(sheet(out, JAWABAN))
    assert [r["Nilai"] for r in rows if r["Butir"] == "B.3.a"] == [7.825]
    rekap = by_title(sheet(out, REKAP))[0]
    assert [v for k, v in rekap.items() if str(k).startswith("B.3 ")] == [7.825]


def test_a_rekap_without_period_names_the_period_processed(tmp_path: Path) -> None:
    # Two July and two August files, no --period: score and the rapor processed August (the July files E303),
    # the rekap was dated July 1st and its Info sheet said "tidak ditentukan".
    import shutil

    from .factories import SAMPLE_DATA

    inbox = tmp_path / "in"
    inbox.mkdir()
    for period, kode in (("2022-07", "DINKES"), ("2022-07", "BPKAD"), ("2022-08", "DISDIK"), ("2022-08", "SETDA")):
        shutil.copy(SAMPLE_DATA / period / f"{kode}.xlsx", inbox / f"{kode}.xlsx")
    out = tmp_path / "rekap.xlsx"
    invoke(["merge", str(inbox), "--out", str(out)], expected_code=1)
    book = openpyxl.load_workbook(out)
    assert book.properties.created is not None and book.properties.created.strftime("%Y-%m") == "2022-08"
    info = {row[0]: row[1] for row in book["Info"].iter_rows(values_only=True) if row and row[0]}
    assert info["Periode"] == "2022-08"


def test_a_rekap_that_lost_its_marker_is_still_skipped_as_a_kabupaten_workbook(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # Through Google Sheets a rekap loses its custom properties, the marker with them: in the inbox it was read as
    # a unit's broken LKE, "hanya 0 dari 201 butir … di lembar 'Jawaban'" (PMPRB-E206), exit 1.
    from pmprb_cli.merging import INFO as INFO_SHEET
    from pmprb_cli.merging import JAWABAN, KELENGKAPAN, PER_AREA, REKAP
    from pmprb_cli.workbook import REKAP_SHEETS

    assert {REKAP, PER_AREA, JAWABAN, KELENGKAPAN, INFO_SHEET} == REKAP_SHEETS
    write_template(tmp_path / "dinkes.xlsx", rubric_2014, UNITS[0], "2022-06", answers=best_answers(rubric_2014))
    marked = tmp_path / "keluar" / "rekap.xlsx"
    invoke(["merge", str(tmp_path / "dinkes.xlsx"), "--rubric", "lke-rb-2014", "--out", str(marked)], expected_code=0)
    with zipfile.ZipFile(marked) as source, zipfile.ZipFile(tmp_path / "rekap-sheets.xlsx", "w") as copy:
        for item in source.infolist():
            if item.filename != "docProps/custom.xml":
                copy.writestr(item, source.read(item))
    result = invoke(["validate", str(tmp_path), "--rubric", "lke-rb-2014"], expected_code=0)
    assert "rekap-sheets.xlsx: dilewati — [PMPRB-I503]" in result.stdout, result.stdout


def test_merge_of_nothing_ranked_never_replaces_a_rekap(tmp_path: Path) -> None:
    # Next month's inbox, still empty, merged onto this month's rekap: 41 units became none (exit 1), where
    # `run` refuses the same ("tidak ada yang ditulis").
    rubric = load_rubric("pmprb-2020")
    path = write_template(tmp_path / "dinkes.xlsx", rubric, UNITS[0], "2022-06", answers=best_answers(rubric))
    out = tmp_path / "rekap.xlsx"
    invoke(["merge", str(path), "--rubric", "pmprb-2020", "--out", str(out), "--period", "2022-06"], expected_code=0)
    before = out.read_bytes()
    (tmp_path / "kosong").mkdir()
    empty = invoke(["merge", str(tmp_path / "kosong"), "--rubric", "pmprb-2020", "--out", str(out)], expected_code=2)
    assert "rekap " + str(out) + " yang sudah ada tidak ditimpa" in " ".join(empty.stderr.split())
    assert out.read_bytes() == before
    # Into a new file, an empty rekap is still written (and said: exit 1).
    invoke(["merge", str(tmp_path / "kosong"), "--rubric", "pmprb-2020", "--out", str(tmp_path / "baru.xlsx")], 1)
    assert (tmp_path / "baru.xlsx").is_file()
    # That empty rekap, merged again, is replaced: there is nothing in it to lose ("tidak ditimpa", exit 2, was
    # said of pmprb's own rekap of no unit). Every input unreadable is counted as such, not as "dibaca".
    (tmp_path / "kosong" / "DINKES.xlsx").write_bytes(b"bukan buku kerja")
    again = invoke(
        ["merge", str(tmp_path / "kosong"), "--rubric", "pmprb-2020", "--out", str(tmp_path / "baru.xlsx")], 1
    )
    assert "tidak ditimpa" not in again.stderr
    empty = invoke(["merge", str(tmp_path / "kosong"), "--rubric", "pmprb-2020", "--out", str(out)], expected_code=2)
    assert "(1 berkas unit di masukan, 1 tidak dapat dibaca)" in " ".join(empty.stderr.split())


def test_a_long_unit_name_is_wrapped_in_the_sheets_and_cut_on_the_charts_bar_labels(tmp_path: Path) -> None:
    # One 96-character name among 40 made LibreOffice label only every other bar: 19 of 40 names gone.
    rubric = load_rubric("pmprb-2020")
    long_name = "Dinas Pengendalian Penduduk dan Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak"
    units = (
        Unit("dp3a", long_name, "dinas"),
        UNITS[0],
        Unit("KEC-CIKARANGSELATAN", "Kecamatan Cikarang Selatan", "kecamatan"),
    )
    for unit in units:
        write_template(tmp_path / f"{unit.kode}.xlsx", rubric, unit, "2022-06", answers=best_answers(rubric))
    out = tmp_path / "rekap.xlsx"
    files = [str(tmp_path / f"{u.kode}.xlsx") for u in units]
    invoke(["merge", *files, "--rubric", "pmprb-2020", "--out", str(out), "--period", "2022-06"])
    rows = sheet(out, GRAFIK)
    top = next(n for n, row in enumerate(rows) if "Unit (urut peringkat)" in row)
    first = rows[top].index("Unit (urut peringkat)")
    labels = {row[first] for row in rows[top + 1 : top + 4]}
    assert labels == {"Dinas Pengendalian … Perlindungan Anak", "Dinas Kesehatan", "Kecamatan Cikarang Selatan"}
    assert long_name in {row[3] for row in sheet(out, REKAP)}  # whole in Rekap
    # and wrapped where the column cannot hold it (cut at 58 characters on screen and in print), on every sheet
    book = openpyxl.load_workbook(out)
    for name in (REKAP, PER_AREA, KELENGKAPAN, JAWABAN):
        cells = [c for row in book[name].iter_rows() for c in row if c.value == long_name]
        assert cells and all(c.alignment.wrap_text for c in cells), name
        short = [c for row in book[name].iter_rows() for c in row if c.value == "Dinas Kesehatan"]
        assert short and not any(c.alignment.wrap_text for c in short), name
        # Its row tall enough for the two lines: at the default height LibreOffice printed the second line over the
        # next unit's name (page 1 of the printed Rekap; printrev). (Jawaban: a name on every answer row, filtered.)
        if name != JAWABAN:
            heights = {book[name].row_dimensions[c.row].height for c in cells}
            assert heights == {30}, (name, heights)
            assert book[name].row_dimensions[short[0].row].height in (None, 15), name
    # Every sheet's kode column as wide as the longest kode ("KEC-CIKARANGSELAT" of KEC-CIKARANGSELATAN in
    # Kelengkapan and Jawaban, 16 wide there; printrev).
    for name, letter in ((REKAP, "C"), (PER_AREA, "B"), (KELENGKAPAN, "A"), (JAWABAN, "A")):
        assert book[name].column_dimensions[letter].width >= len("KEC-CIKARANGSELATAN") + 1, name


def test_bar_labels_stay_distinct_and_cut_between_whole_characters() -> None:
    # Cut at the end, two puskesmas both read "Unit Pelaksana Teknis Daerah Puskesmas …"; a flag lost a letter,
    # an é its accent.
    from pmprb_cli.merging import bar_labels

    puskesmas = [
        ("A", "Unit Pelaksana Teknis Daerah Puskesmas Cibarusah"),
        ("B", "Unit Pelaksana Teknis Daerah Puskesmas Cikarang Utara"),
    ]
    assert bar_labels(puskesmas) == ["Unit Pelaksana … Puskesmas Cibarusah", "Unit Pelaksana … Cikarang Utara"]
    flag, accent = "\U0001f1ee\U0001f1e9", "e\u0301"
    (cut_flag, cut_accent) = bar_labels([("F", "x" * 18 + flag + "y" * 40), ("E", "a" * 18 + accent + "b" * 40)])
    assert cut_flag == "x" * 18 + " … " + "y" * 20 and cut_accent == "a" * 18 + " … " + "b" * 20
    same = [("C", "z" * 30 + flag * 20), ("D", "z" * 30 + flag * 20)]
    assert [label[-4:] for label in bar_labels(same)] == [" (C)", " (D)"]
    assert all(len(label) <= 40 for label in bar_labels(puskesmas))
    # (an emoji sequence cut after its joiner left the joiner dangling)
    joined = "\U0001f469\u200d\U0001f4bb"
    [cut_joined] = bar_labels([("J", "x" * 17 + joined + "y" * 40)])
    assert cut_joined == "x" * 17 + " … " + "y" * 20


def test_per_area_says_which_row_of_a_unit_is_not_ranked_and_why(tmp_path: Path) -> None:
    # A unit's older second file beside its ranked one: two "DINKES" rows with other shares, no word which ranks.
    rubric = load_rubric("pmprb-2020")
    first = write_template(tmp_path / "dinkes lama.xlsx", rubric, UNITS[0], "2022-06", answers=worst_answers(rubric))
    os.utime(first, (1_600_000_000, 1_600_000_000))
    write_template(tmp_path / "dinkes.xlsx", rubric, UNITS[0], "2022-06", answers=best_answers(rubric))
    out = tmp_path / "rekap.xlsx"
    invoke(
        ["merge", str(tmp_path), "--rubric", "pmprb-2020", "--out", str(out), "--period", "2022-06"], expected_code=1
    )
    rows = [r for r in by_title(sheet(out, PER_AREA)) if r["Kode"] == UNITS[0].kode]
    assert len(rows) == 2
    ranked, other = sorted(rows, key=lambda r: r["Peringkat"] in (None, ""))
    assert ranked["Keterangan"] in (None, "") and other["Keterangan"].startswith("Tidak diperingkat: ")
    assert other["Keterangan"].endswith("(berkas baris ini: dinkes lama.xlsx).")
