"""The command line: formats, exit codes, messages; CLI JSON equals the library result."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from pmprb_cli.models import Rubric, denoised
from pmprb_cli.pipeline import score_paths

from .conftest import ROOT, invoke
from .factories import SAMPLE_DATA, best_answers, random_answers, sample_inbox, worst_answers, write_official


@pytest.fixture
def folder(tmp_path: Path, rubric_2014: Rubric) -> Path:
    rng = random.Random(11)
    for n, name in enumerate(["dinas-a", "dinas-b", "kec-c"]):
        write_official(
            tmp_path / "in" / f"{name}.xlsx",
            rubric_2014,
            random_answers(rubric_2014, rng, 0.3 + 0.3 * n),
            instansi=f"Unit {name}",
        )
    write_official(tmp_path / "in" / "best.xlsx", rubric_2014, best_answers(rubric_2014), instansi="Unit Terbaik")
    return tmp_path / "in"


def test_json_equals_library(folder: Path, rubric_2014: Rubric) -> None:
    doc = json.loads(invoke(["score", str(folder), "--format", "json"]).stdout)
    run = score_paths(sorted(str(p) for p in folder.glob("*.xlsx")), rubric_2014)
    by_file = {u["file"]: u for u in doc["units"]}
    # (every number written with its float noise off: models.denoised)
    assert {f: u["index"] for f, u in by_file.items()} == {c.file: denoised(c.index) for c in run.cards}
    assert {f: u["predikat"] for f, u in by_file.items()} == {c.file: c.predikat for c in run.cards}
    assert [u["rank"] for u in doc["units"]] == [1, 2, 3, 4]
    indices = [u["index"] for u in doc["units"]]
    assert indices == sorted(indices, reverse=True)
    unit = doc["units"][0]
    assert set(unit) >= {"file", "index", "predikat", "pengungkit", "hasil", "areas"}
    assert set(unit["areas"][0]) >= {"code", "name", "weight", "score"}
    assert doc["failed"] == [] and doc["rubric"]["id"] == "lke-rb-2014"


def test_json_and_csv_show_the_verified_scores_that_rank(tmp_path: Path) -> None:
    # A unit at BB on its own answers, B on the evaluator's: every number of its row must be the verified
    # one (rank, gap and meets_target are), with the unit's own beside it — never "BB, target BB, not met".
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    rubric = load_rubric("pmprb-2020")
    answers = best_answers(rubric)
    answers.update({"B.2.a": 0.0, "B.3.a": 0.0, "B.4.a": 1})  # 70,10 on its own answers
    evaluator = {"A.I.1.i.a": "C", "A.I.1.i.b": "D"}  # 69,83 on the evaluator's
    unit_of = Unit("dinsos", "Dinas Sosial", "dinas")
    path = write_template(tmp_path / "d.xlsx", rubric, unit_of, "2022-07", "K", answers, evaluator=evaluator)
    unit = json.loads(invoke(["score", str(path), "--format", "json", "--target", "BB"]).stdout)["units"][0]
    assert unit["self_predikat"] == "BB" and unit["self_index"] > unit["verified_index"]
    assert unit["index"] == unit["verified_index"] and unit["predikat"] == "B" and unit["meets_target"] is False
    assert unit["hasil"] + unit["pengungkit"] == pytest.approx(unit["index"])
    assert sum(a["score"] for a in unit["areas"]) == pytest.approx(unit["index"])
    assert sum(a["self_score"] for a in unit["areas"]) == pytest.approx(unit["self_index"])
    rows = list(csv.DictReader(io.StringIO(invoke(["score", str(path), "--format", "csv", "--target", "BB"]).stdout)))
    assert (rows[0]["predikat"], rows[0]["predikat_mandiri"]) == ("B", "BB")
    assert float(rows[0]["index"]) == unit["index"] and float(rows[0]["indeks_mandiri"]) == unit["self_index"]


def test_json_is_deterministic(folder: Path) -> None:
    assert (
        invoke(["score", str(folder), "--format", "json"]).stdout
        == invoke(["score", str(folder), "--format", "json"]).stdout
    )


def test_csv_has_one_row_per_unit_and_one_column_per_area(folder: Path, rubric_2014: Rubric) -> None:
    rows = list(csv.reader(io.StringIO(invoke(["score", str(folder), "--format", "csv"]).stdout)))
    assert len(rows) == 1 + 4
    assert len(rows[0]) == 11 + len(rubric_2014.areas()) + 12 + 3  # (the last three: which rows count, and why)
    header = rows[0]
    assert rows[1][header.index("nama")] == "Unit Terbaik"
    assert float(rows[1][header.index("index")]) == pytest.approx(100)
    assert [r[header.index("rank")] for r in rows[1:]] == ["1", "2", "3", "4"]


def test_csv_leaves_a_part_the_rubric_has_not_empty_as_json_does(tmp_path: Path) -> None:
    # LKE AKIP has no pengungkit or hasil: JSON said null, the CSV 0 ("index 77,6 = 0 + 0").
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    akip = load_rubric("sakip-2021")
    path = write_template(tmp_path / "a.xlsx", akip, Unit("BAPPEDA", "Bappeda", "badan"), "2022-08", answers={})
    rows = list(csv.DictReader(io.StringIO(invoke(["score", str(path), "--format", "csv"], expected_code=1).stdout)))
    unit = json.loads(invoke(["score", str(path), "--format", "json"], expected_code=1).stdout)["units"][0]
    assert (unit["pengungkit"], unit["hasil"]) == (None, None)
    assert (rows[0]["pengungkit"], rows[0]["hasil"]) == ("", "")


def test_csv_neutralises_formulas(tmp_path: Path, rubric_2014: Rubric) -> None:
    write_official(
        tmp_path / "x.xlsx", rubric_2014, best_answers(rubric_2014), instansi='=HYPERLINK("http://x","klik")'
    )
    rows = list(csv.reader(io.StringIO(invoke(["score", str(tmp_path), "--format", "csv"]).stdout)))
    assert rows[1][2] == '\'=HYPERLINK("http://x","klik")'


def test_text_output_quotes_cells_as_typed_one_finding_a_line(tmp_path: Path, rubric_2014: Rubric) -> None:
    # rich's emoji codes quoted "A:B:C" as "A🅱C"; piped, a line was broken at 250 columns and the file name of a
    # finding went to the line before it (`grep PMPRB-E402 log` lost it).
    answers = best_answers(rubric_2014)
    first = next(iter(answers))
    answers[first] = "A:B:C " + "x" * 300
    write_official(tmp_path / ("dinas-" + "panjang-" * 12 + ".xlsx"), rubric_2014, answers)
    out = invoke(["validate", str(tmp_path)], expected_code=1).stdout
    [line] = [line for line in out.splitlines() if "PMPRB-E402" in line]
    assert "dinas-panjang-" in line and "'A:B:C xxx" in line and "🅱" not in out


def test_the_score_table_keeps_its_area_columns_only_where_they_fit() -> None:
    # From 150 to 163 columns rich cut the table's right edge: "75,68" in Catatan read "75,", the header
    # ended "┃ Cata" (12 areas need more).
    from rich.console import Console

    from pmprb_cli import output
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import load_registry
    from pmprb_cli.rubric import load_rubric

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    files = sorted(str(p) for p in (samples / "2022-08").glob("*.xlsx"))
    batch = build_batch(files, load_rubric("pmprb-2020"), registry=load_registry(samples / "registry.csv"), target="BB")
    shown = []
    for width in (149, 150, 156, 163, 170, 180, 220):
        console = Console(width=width, record=True, color_system=None, file=io.StringIO())
        console.print(output.score_table(batch, width))
        header = next(line for line in console.export_text().splitlines() if line.startswith("┃"))
        assert header.rstrip().endswith("┃") and "Catatan" in header, (width, header)
        shown.append("┃    1 ┃" in header)
    assert shown[0] is False and shown[-1] is True  # (narrow: listed under the table; wide: columns)


def test_json_says_the_month_a_folder_was_processed_as_without_period(tmp_path: Path) -> None:
    # Three August workbooks and one of July, no --period: July's was refused "sedangkan yang diproses 2022-08"
    # (E303), and both JSON documents said "period": null.
    samples = Path(__file__).resolve().parents[1] / "sample_data"
    for name in ("BPKAD", "DINKES", "DLH"):
        (tmp_path / f"{name}.xlsx").write_bytes((samples / "2022-08" / f"{name}.xlsx").read_bytes())
    (tmp_path / "BAPPEDA.xlsx").write_bytes((samples / "2022-07" / "BAPPEDA.xlsx").read_bytes())
    score = json.loads(invoke(["score", str(tmp_path), "--format", "json"], expected_code=1).stdout)
    validate = json.loads(invoke(["validate", str(tmp_path), "--format", "json"], expected_code=1).stdout)
    assert score["period"] == validate["period"] == "2022-08"
    assert "PMPRB-E303" in {f["code"] for f in score["findings"]}


def test_an_akip_target_only_the_evaluator_can_give_says_so(tmp_path: Path) -> None:
    # Target A on LKE AKIP: "target tidak tercapai walau semua jawaban terbaik", no reason (a unit's own grades
    # reach BB at most; the rapor's page said it, the score summary did not).
    import random

    from typer.testing import CliRunner

    from pmprb_cli.cli import app
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    akip = load_rubric("sakip-2021")
    path = write_template(tmp_path / "a.xlsx", akip, Unit("BAPPEDA", "Bappeda", "badan"), "2022-08",
                          answers=random_answers(akip, random.Random(4), 0.5))  # fmt: skip
    out = " ".join(CliRunner().invoke(app, ["score", str(path), "--target", "A"]).stdout.split())
    assert "target tidak tercapai walau semua jawaban terbaik: nilai huruf di atas BB hanya diberikan evaluator" in out


def test_an_award_nobody_passed_for_is_said(tmp_path: Path) -> None:
    # Target WBK, the kecamatan below it: "Kecamatan terbaik" was left out, as if the kabupaten had none.
    from typer.testing import CliRunner

    from pmprb_cli.cli import app
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    zi = load_rubric("zi-2021")
    write_template(tmp_path / "kec.xlsx", zi, Unit("KEC-A", "Kecamatan A", "kecamatan"), "2022-08",
                   answers=worst_answers(zi))  # fmt: skip
    write_template(tmp_path / "dinas.xlsx", zi, Unit("DINAS-B", "Dinas B", "dinas"), "2022-08",
                   answers=best_answers(zi))  # fmt: skip
    result = CliRunner().invoke(app, ["score", str(tmp_path), "--target", "WBK"], catch_exceptions=False)
    out = " ".join(result.stdout.split())
    assert "Perangkat daerah terbaik: Dinas B" in out
    assert "Kecamatan terbaik: tidak ada (tidak satu pun mencapai WBK)" in out
    # The rapor said nothing of the kecamatan award where the perangkat daerah one was given.
    rapor = tmp_path / "rapor"
    args = ["report", str(tmp_path / "kec.xlsx"), str(tmp_path / "dinas.xlsx"), "--target", "WBK", "--out", str(rapor)]
    CliRunner().invoke(app, [*args, "--format", "html,md"], catch_exceptions=False)
    said = "Penghargaan: kecamatan terbaik tidak ada (tidak satu pun mencapai WBK)."
    assert said in (rapor / "index.html").read_text(encoding="utf-8")
    assert said in (rapor / "index.md").read_text(encoding="utf-8")


def test_no_award_goes_to_an_index_of_0(tmp_path: Path) -> None:
    # Three empty workbooks: "★ Perangkat daerah terbaik (bersama)" went to two at 0,00 (D), and a kecamatan's.
    from typer.testing import CliRunner

    from pmprb_cli.cli import app
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    rubric = load_rubric("pmprb-2020")
    for kode, jenis in (("DINAS-A", "dinas"), ("DINAS-B", "dinas"), ("KEC-C", "kecamatan"), ("KEL-D", "kelurahan")):
        write_template(tmp_path / f"{kode}.xlsx", rubric, Unit(kode, kode.title(), jenis), "2022-08")
    result = CliRunner().invoke(app, ["score", str(tmp_path)], catch_exceptions=False)
    out = " ".join(result.stdout.split())
    assert "Perangkat daerah terbaik: tidak ada (semua berindeks 0)" in out
    assert "Kecamatan terbaik: tidak ada (semua berindeks 0)" in out
    assert "Kelurahan terbaik: tidak ada (semua berindeks 0)" in out  # (left unsaid; diffrev17)
    (tmp_path / "KEL-D.xlsx").unlink()
    doc = json.loads(CliRunner().invoke(app, ["score", str(tmp_path), "--format", "json"]).stdout)
    assert doc["summary"]["best_perangkat_daerah"] == [] and doc["summary"]["best_kecamatan"] == []
    # ... nor to one that shows 0,00, as ranks compare it (0,003: one indicator at 0,3 of 100).
    answers = worst_answers(rubric)
    answers["A.II.2.a"] = 0.3
    write_template(tmp_path / "DINAS-A.xlsx", rubric, Unit("DINAS-A", "Dinas-A", "dinas"), "2022-08", answers=answers)
    out = " ".join(CliRunner().invoke(app, ["score", str(tmp_path)], catch_exceptions=False).stdout.split())
    assert "Dinas-A: 0,00" in out and "Perangkat daerah terbaik: tidak ada (semua berindeks 0)" in out
    # ... nor to workbooks that answer none of their questions, only the kabupaten's hasil figures: all at 36,61,
    # each was named "Perangkat daerah terbaik (bersama)".
    hasil: dict[str, object] = {n.code: rubric.scales[n.scale].maximum * 0.8 for n in rubric.indicators()}
    for kode, jenis in (("DINAS-A", "dinas"), ("DINAS-B", "dinas"), ("KEC-C", "kecamatan")):
        write_template(tmp_path / f"{kode}.xlsx", rubric, Unit(kode, kode.title(), jenis), "2022-08", answers=hasil)
    out = " ".join(CliRunner().invoke(app, ["score", str(tmp_path)], catch_exceptions=False).stdout.split())
    said = "tidak ada (tidak satu pun menjawab butir LKE-nya; nilainya hanya dari angka hasil)"
    assert f"Perangkat daerah terbaik: {said}" in out and f"Kecamatan terbaik: {said}" in out, out
    answered = dict(hasil, **{rubric.items()[0].code: "C"})  # one answer, its worst
    write_template(tmp_path / "DINAS-B.xlsx", rubric, Unit("DINAS-B", "Dinas-B", "dinas"), "2022-08", answers=answered)
    out = " ".join(CliRunner().invoke(app, ["score", str(tmp_path)], catch_exceptions=False).stdout.split())
    assert "Perangkat daerah terbaik: Dinas-B" in out, out


def test_an_award_to_a_unit_the_registry_does_not_hold_says_so(tmp_path: Path) -> None:
    # The rapor's card said "tidak ada di daftar unit (PMPRB-E301)"; the score summary named the winner bare.
    import random

    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    rubric = load_rubric("pmprb-2020")
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    write_template(inbox / "ikan.xlsx", rubric, Unit("DISKAN", "Dinas Perikanan", "dinas"), "2022-08",
                   answers=best_answers(rubric))  # fmt: skip
    write_template(inbox / "dinkes.xlsx", rubric, Unit("DINKES", "Dinas Kesehatan", "dinas"), "2022-08",
                   answers=random_answers(rubric, random.Random(3), 0.5))  # fmt: skip
    (tmp_path / "daftar.csv").write_text('kode,nama,jenis\nDINKES,"Dinas Kesehatan",dinas\n', encoding="utf-8")
    out = invoke(["score", str(inbox), "--registry", str(tmp_path / "daftar.csv")], expected_code=1).stdout
    assert "Perangkat daerah terbaik: Dinas Perikanan (100,00; tidak ada di daftar unit, PMPRB-E301" in out


def test_json_summary_names_units_known_by_name_only(folder: Path) -> None:
    # Official forms without a registry: four units below target were ["", "", "", ""].
    summary = json.loads(invoke(["score", str(folder), "--format", "json", "--target", "A"]).stdout)["summary"]
    assert summary["below_target"] and all(summary["below_target"])
    assert set(summary["below_target"]) <= {"Unit dinas-a", "Unit dinas-b", "Unit kec-c", "Unit Terbaik"}
    assert summary["best_perangkat_daerah"] == ["Unit Terbaik"]


def test_a_narrow_terminal_gets_the_score_table_as_lines_with_every_figure(folder: Path, rubric_2014: Rubric) -> None:
    # At 60 columns rich cropped Catatan, then Predikat and Kurang, and the title's "target BB" read "target B".
    from pmprb_cli.batch import build_batch
    from pmprb_cli.output import score_list_lines

    batch = build_batch(sorted(str(p) for p in folder.glob("*.xlsx")), rubric_2014, target="BB")
    lines = score_list_lines(batch)
    assert lines[0] == "Nilai PMPRB — rubrik lke-rb-2014 v1.0.2 — target BB"
    assert len(lines) == 1 + len(batch.ranked)
    best = next(line for line in lines if "Unit Terbaik" in line)
    assert best == "1. Unit Terbaik (best.xlsx): 100,00 AA; mencapai target"
    assert all(" kurang " in line or "mencapai target" in line for line in lines[1:])


def test_table_shows_two_decimals(folder: Path) -> None:
    out = invoke(["score", str(folder)]).stdout
    assert "100,00" in out and "AA" in out and "Unit Terbaik" in out


def test_exit_1_when_an_input_fails_and_the_rest_is_processed(folder: Path) -> None:
    (folder / "rusak.xlsx").write_bytes(b"PK\x03\x04 not really")
    result = invoke(["score", str(folder), "--format", "json"], expected_code=1)
    doc = json.loads(result.stdout)
    assert len(doc["units"]) == 4
    assert [(Path(f["file"]).name, f["code"]) for f in doc["failed"]] == [("rusak.xlsx", "PMPRB-E103")]


def test_a_score_of_nothing_scorable_says_so_instead_of_an_empty_table(tmp_path: Path) -> None:
    # An empty table and the whole area legend, for a folder holding only damaged files.
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 not really")
    result = invoke(["score", str(tmp_path), "--rubric", "pmprb-2020"], expected_code=1)
    assert result.stdout == "Tidak ada buku kerja unit yang dapat dinilai di sini; sebabnya di bawah.\n"
    assert "rusak.xlsx" in result.stderr and "PMPRB-E103" in result.stderr


def test_validate_of_a_folder_without_a_workbook_says_so_and_exits_1(tmp_path: Path) -> None:
    # "Ringkasan: 0 berkas — 0 sah …" and exit 0, where score says there is nothing to read and exits 1.
    (tmp_path / "DINKES.pdf").write_bytes(b"%PDF-1.4")
    result = invoke(["validate", str(tmp_path), "--rubric", "pmprb-2020"], expected_code=1)
    assert "Tidak ada buku kerja (.xlsx) pada jalur yang dibaca." in result.stderr


def test_csv_has_a_row_for_a_workbook_that_could_not_be_read(folder: Path) -> None:
    # It vanished from the CSV (JSON's failed[] had it): a sheet built from the CSV never named the unit.
    (folder / "rusak.xlsx").write_bytes(b"PK\x03\x04 not really")
    rows = list(csv.DictReader(io.StringIO(invoke(["score", str(folder), "--format", "csv"], expected_code=1).stdout)))
    [broken] = [r for r in rows if r["file"].endswith("rusak.xlsx")]
    assert broken["status"] == "unreadable" and broken["index"] == "" and broken["rank"] == ""
    assert len(rows) == 5 and {len(r) for r in rows} == {len(rows[0])}


def test_exit_1_when_answers_are_missing(tmp_path: Path, rubric_2014: Rubric) -> None:
    answers = best_answers(rubric_2014)
    del answers["A.I.1.a"]
    write_official(tmp_path / "x.xlsx", rubric_2014, answers)
    result = invoke(["score", str(tmp_path)], expected_code=1)
    assert "1 jawaban kosong (dihitung 0)" in " ".join(result.stdout.split())
    assert "PMPRB-E401" in result.stderr


def test_exit_2_for_usage_errors(tmp_path: Path) -> None:
    result = invoke(["score", str(tmp_path / "nope")], expected_code=2)
    assert "Jalur tidak ditemukan" in result.stderr and "Traceback" not in result.output
    invoke(["score", str(tmp_path), "--rubric", "lke-1999"], expected_code=2)
    invoke(["score", str(tmp_path), "--format", "xml"], expected_code=2)


def test_exit_3_for_internal_errors_without_traceback(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmprb_cli.batch as batch

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("simulated")

    monkeypatch.setattr(batch, "build_batch", boom)
    result = invoke(["score", str(folder)], expected_code=3)
    assert "Kesalahan internal" in result.stderr and "Traceback" not in result.stderr
    result = invoke(["--debug", "score", str(folder)], expected_code=3)
    assert "Traceback" in result.stderr


def test_english_messages(tmp_path: Path, rubric_2014: Rubric) -> None:
    answers = best_answers(rubric_2014)
    del answers["A.I.1.a"]
    write_official(tmp_path / "x.xlsx", rubric_2014, answers)
    doc = json.loads(invoke(["--lang", "en", "score", str(tmp_path), "--format", "json"], expected_code=1).stdout)
    assert doc["findings"][0]["message"] == "Item A.I.1.a has no answer; it counts as 0."


def test_rubric_commands() -> None:
    assert "lke-rb-2014" in invoke(["rubric", "list"]).stdout
    assert "146 butir" in invoke(["rubric", "check", "lke-rb-2014"]).stdout
    tree = json.loads(invoke(["rubric", "show", "lke-rb-2014", "--format", "json"]).stdout)
    assert tree["id"] == "lke-rb-2014" and len(tree["tree"]) == 2
    assert "MANAJEMEN PERUBAHAN" in invoke(["rubric", "show", "lke-rb-2014"]).stdout
    # The rubric file's English keywords said in Indonesian ("[adapted]" on 48 nodes, "konversi lookup").
    shown = invoke(["rubric", "show", "pmprb-2020"]).stdout
    assert "[diadaptasi, bukan dari peraturan]" in shown and "konversi menurut tabel" in shown
    assert "[adapted]" not in shown and "konversi lookup" not in shown


@pytest.mark.parametrize("rubric_id", ["lke-rb-2014", "pmprb-2020", "sakip-2021", "zi-2021"])
def test_every_shipped_rubric_shows_as_a_tree_and_as_json(rubric_id: str) -> None:
    # Percentage items have no scale of their own: the tree once failed on them (exit 3).
    tree = invoke(["rubric", "show", rubric_id]).stdout
    assert rubric_id in tree
    assert json.loads(invoke(["rubric", "show", rubric_id, "--format", "json"]).stdout)["id"] == rubric_id
    if rubric_id in ("pmprb-2020", "zi-2021"):
        assert "(%, dihitung dari " in tree
    if rubric_id == "sakip-2021":  # (the grades' scale and how a blank grade follows, shown nowhere; akiprev)
        flat = " ".join(tree.split())
        assert "AA/A/BB/B/CC/C/D/E: AA 1,00, A 0,90, BB 0,80" in flat, flat[-800:]
        assert "dari kriteria yang terpenuhi: BB bila semua, B > 75%, CC > 50%, C > 25%, D > 0%, E selebihnya" in flat
    if rubric_id == "zi-2021":  # the minimums a unit must all meet, which no output showed
        shown = json.loads(invoke(["rubric", "show", rubric_id, "--format", "json"]).stdout)
        assert shown["target"] == "WBK" and shown["verdicts"][0]["minimums"]["B.I.a"] == 15.75
        assert "Syarat WBK (Wilayah Bebas dari Korupsi): indeks ≥ 75,00; pengungkit ≥ 40,00;" in tree
        assert "setiap area pengungkit ≥ 60% bobotnya" in tree and "bobot 0.50" not in tree


@pytest.mark.parametrize("rubric_id", ["lke-rb-2014", "pmprb-2020", "sakip-2021", "zi-2021"])
def test_a_shipped_rubric_shows_as_its_own_file_to_copy(rubric_id: str, tmp_path: Path) -> None:
    # README's "salin berkas dari pmprb_cli/rubrics/" had no such folder for a pip install (wheelrev): the file is
    # written out, and reads back as the same rubric.
    from pmprb_cli.rubric import load_rubric

    copy = tmp_path / "rubrik-kab.toml"
    copy.write_text(invoke(["rubric", "show", rubric_id, "--format", "toml"]).stdout, encoding="utf-8")
    assert load_rubric(str(copy)).checksum == load_rubric(rubric_id).checksum


def test_rubric_check_reports_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('id = "x"\n', encoding="utf-8")
    result = invoke(["rubric", "check", str(path)], expected_code=2)
    assert "r.toml: title: wajib ada" in result.stderr


def test_version_and_help_state_exit_codes() -> None:
    assert invoke(["--version"]).stdout.startswith("pmprb ")
    out = invoke(["--help"]).stdout
    assert "Kode keluar: 0" in out and "3 kesalahan internal" in out


@pytest.mark.parametrize("option", ["--version", "--help"])
def test_version_and_help_import_nothing_heavy(option: str) -> None:
    # The issue's 0.2 s start-up: no spreadsheet library, no pandas, not even pmprb's own domain model
    # (a usage-error hook once pulled the catalogue in on --version: 0.10 → 0.19 s).
    script = (
        "import sys\n"
        f"sys.argv = ['pmprb', '{option}']\n"
        "from pmprb_cli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('pandas', 'openpyxl', 'python_calamine', 'xlsxwriter', 'jinja2', 'pmprb_cli.models')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_module_entry_point_and_codes(folder: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pmprb_cli", "codes"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "PMPRB-E401" in proc.stdout


def test_validate_json_follows_its_schema(folder: Path, tmp_path: Path) -> None:
    import jsonschema

    (folder / "rusak.xlsx").write_bytes(b"PK\x03\x04 not really")
    registry = tmp_path / "registry.csv"
    registry.write_text("kode,nama,jenis\nA,Unit dinas-a,dinas\nZ,Unit Tanpa Kiriman,kecamatan\n", encoding="utf-8")
    result = invoke(
        [
            "validate",
            str(folder),
            "--format",
            "json",
            "--registry",
            str(registry),
            "--period",
            "2022-07",
            "--max-findings",
            "5",
        ],
        expected_code=1,
    )
    doc = json.loads(result.stdout)
    schema_path = Path(__file__).resolve().parents[1] / "pmprb_cli" / "schemas" / "validate.schema.json"
    jsonschema.validate(doc, json.loads(schema_path.read_text(encoding="utf-8")))
    assert doc["truncated"] is True and doc["total_findings"] > 5 and len(doc["findings"]) == 5
    assert doc["summary"]["unreadable"] == 1 and doc["missing_units"][0]["kode"] == "Z"
    assert [f["severity"] for f in doc["findings"]] == sorted(
        (f["severity"] for f in doc["findings"]), key=["error", "warning", "info"].index
    )


def test_a_kabupaten_workbook_among_the_inputs_is_skipped_in_every_command(folder: Path, tmp_path: Path) -> None:
    import jsonschema

    rekap = folder / "rekap-kabupaten.xlsx"
    invoke(["merge", str(folder), "--out", str(rekap)])
    score = json.loads(invoke(["score", str(folder), "--format", "json"]).stdout)
    assert len(score["units"]) == 4 and score["failed"] == []
    assert [(s["file"], s["code"]) for s in score["skipped"]] == [(str(rekap), "PMPRB-I503")]
    _follows_score_schema(score)  # (skipped[] holding one)
    result = invoke(["validate", str(folder), "--format", "json"])
    doc = json.loads(result.stdout)
    schema_path = Path(__file__).resolve().parents[1] / "pmprb_cli" / "schemas" / "validate.schema.json"
    jsonschema.validate(doc, json.loads(schema_path.read_text(encoding="utf-8")))
    assert (doc["summary"]["files"], doc["summary"]["unreadable"], doc["summary"]["skipped"]) == (4, 0, 1)
    table = invoke(["validate", str(folder)]).stdout
    assert "– rekap-kabupaten.xlsx: dilewati — [PMPRB-I503]" in table
    assert "Dilewati: 1 berkas kabupaten (rekap atau LKE usulan, bukan LKE unit)." in table
    alone = invoke(["score", str(rekap)], expected_code=1)
    assert "Tidak ada LKE unit" in alone.stderr and "PMPRB-I503" in alone.stderr


def _follows_score_schema(doc: Any) -> None:
    """``doc`` is valid under pmprb_cli/schemas/score.schema.json (draft 2020-12, as its $schema says)."""
    import jsonschema

    schema_path = Path(__file__).resolve().parents[1] / "pmprb_cli" / "schemas" / "score.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)


def _optional_keys(doc: Any) -> set[str]:
    """The keys of units' areas and actions that are written only sometimes, as found in ``doc``."""
    areas = {k for u in doc["units"] for a in u["areas"] for k in a} & {"self_score", "verified_score"}
    actions = {k for u in doc["units"] for a in u["actions"] for k in a} & {"set", "how", "cell", "by_evaluator"}
    return areas | actions


def test_score_json_of_a_sample_month_follows_its_schema() -> None:
    # The month of sample_data: a unit sending two files (DISHUB), a unit its evaluator verified, percentages.
    args = ["score", str(SAMPLE_DATA / "2022-08"), "--registry", str(SAMPLE_DATA / "registry.csv")]
    result = invoke([*args, "--period", "2022-08", "--target", "BB", "--format", "json"], expected_code=1)
    doc = json.loads(result.stdout)
    _follows_score_schema(doc)
    assert doc["summary"]["not_ranked"] == 1 and [u["rank"] for u in doc["units"]].count(None) == 1
    assert _optional_keys(doc) >= {"self_score", "verified_score", "set", "how", "cell"}


@pytest.mark.parametrize(
    ("lang", "invalid"), [("id", "score"), ("en", "score"), ("id", "skip")], ids=["id", "en", "invalid-skip"]
)
def test_score_json_of_a_mixed_inbox_follows_its_schema(tmp_path: Path, lang: str, invalid: str) -> None:
    # An unreadable workbook (failed[] with its unit), another month's workbook and a unit's second file (listed
    # without a rank: every rank field null); in English the messages change and the keys must not.
    inbox = sample_inbox(tmp_path / "masuk", ["DINKES", "SETDA", "DISHUB"], cut="SETDA")
    shutil.copy(SAMPLE_DATA / "2022-08" / "dishub (revisi).xlsx", inbox / "dishub (revisi).xlsx")
    shutil.copy(SAMPLE_DATA / "2022-07" / "BPKAD.xlsx", inbox / "BPKAD juli.xlsx")
    args = ["--lang", lang, "score", str(inbox), "--registry", str(SAMPLE_DATA / "registry.csv")]
    result = invoke([*args, "--period", "2022-08", "--invalid", invalid, "--format", "json"], expected_code=1)
    doc = json.loads(result.stdout)
    _follows_score_schema(doc)
    assert [(f["code"], f["unit"]["kode"]) for f in doc["failed"]] == [("PMPRB-E103", "SETDA")]
    unranked = {u["file"].rsplit("/", 1)[-1]: u for u in doc["units"] if u["rank"] is None}
    assert {"BPKAD juli.xlsx", "DISHUB.xlsx"} <= set(unranked)
    assert all(u["gap"] is None and u["actions"] == [] for u in unranked.values())
    assert unranked["BPKAD juli.xlsx"]["period"] == "2022-07" and doc["period"] == "2022-08"
    if lang == "en":
        assert doc["failed"][0]["message"].startswith("The workbook is corrupt")


def test_score_json_of_akip_and_zona_integritas_follows_its_schema(tmp_path: Path) -> None:
    # LKE AKIP: no pengungkit or hasil (null), grades whose steps set their criteria. Zona Integritas: verdicts,
    # WBBM's prerequisite unchecked, an evaluator's answers (areas' self/verified scores, actions by_evaluator).
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    akip, zi = load_rubric("sakip-2021"), load_rubric("zi-2021")
    (tmp_path / "akip").mkdir()
    (tmp_path / "zi").mkdir()
    write_template(tmp_path / "akip" / "BAPPEDA.xlsx", akip, Unit("BAPPEDA", "Bappeda", "badan"), "2022-08",
                   answers=random_answers(akip, random.Random(4), 0.5))  # fmt: skip
    write_template(tmp_path / "zi" / "KEC-A.xlsx", zi, Unit("KEC-A", "Kecamatan A", "kecamatan"), "2022-08",
                   answers=best_answers(zi), evaluator={"A.I.1.i.a": "Tidak"})  # fmt: skip
    akip_doc = json.loads(invoke(["score", str(tmp_path / "akip"), "--format", "json"]).stdout)
    zi_doc = json.loads(invoke(["score", str(tmp_path / "zi"), "--target", "WBK", "--format", "json"]).stdout)
    _follows_score_schema(akip_doc)
    _follows_score_schema(zi_doc)
    akip_unit, zi_unit = akip_doc["units"][0], zi_doc["units"][0]
    assert (akip_unit["pengungkit"], akip_unit["hasil"], akip_unit["verdicts"]) == (None, None, [])
    assert "set" in _optional_keys(akip_doc)
    assert [(v["code"], v["requires"], v["requires_checked"]) for v in zi_unit["verdicts"]] == [
        ("WBK", None, None),
        ("WBBM", "WBK", False),
    ]
    assert zi_unit["verified_index"] is not None and zi_doc["target"] == "WBK"
    # Zona Integritas's hasil parts carry its WBK minimums and hold no area: their numbers were in prose only (jsonrev).
    assert [p["code"] for p in zi_unit["parts"]] == ["A.I", "A.II", "B.I", "B.II"] and akip_unit["parts"] == []
    assert abs(sum(p["score"] for p in zi_unit["parts"]) - zi_unit["index"]) < 1e-6
    assert all("self_score" in p and p["verified_score"] == p["score"] for p in zi_unit["parts"])
    assert _optional_keys(zi_doc) >= {"self_score", "verified_score", "by_evaluator"}


def test_the_score_schema_refuses_a_key_it_does_not_know(folder: Path) -> None:
    # additionalProperties false at every level whose keys are fixed: a key renamed or added in output.py fails
    # the tests above until the schema says it.
    import jsonschema

    doc = json.loads(invoke(["score", str(folder), "--format", "json"]).stdout)
    _follows_score_schema(doc)
    unit = next(u for u in doc["units"] if u["actions"])  # (the best unit has none)
    places = [doc, doc["summary"], doc["policy"], doc["rubric"], unit, unit["unit"], unit["areas"][0]]
    places += [unit["komponen"][0], unit["actions"][0]]
    for place in places:
        place["unknown"] = 1
        with pytest.raises(jsonschema.ValidationError, match="unknown"):
            _follows_score_schema(doc)
        del place["unknown"]
    unit["overclaim"] = unit.pop("over_claim")  # renamed: unknown, and the old name missing
    with pytest.raises(jsonschema.ValidationError):
        _follows_score_schema(doc)


def test_the_score_schema_refuses_rank_and_verification_fields_that_disagree() -> None:
    # It accepted a ranked unit without gap or verdict on the target, an unranked one with a gap, an over-claim
    # without a verified index, a verified unit's areas without both scores (jsonrev).
    import jsonschema

    args = ["score", str(SAMPLE_DATA / "2022-08"), "--registry", str(SAMPLE_DATA / "registry.csv")]
    doc = json.loads(invoke([*args, "--period", "2022-08", "--format", "json"], expected_code=1).stdout)
    _follows_score_schema(doc)
    ranked = next(i for i, u in enumerate(doc["units"]) if u["rank"] is not None)
    unranked = next(i for i, u in enumerate(doc["units"]) if u["rank"] is None)
    plain = next(i for i, u in enumerate(doc["units"]) if u["verified_index"] is None)
    verified = next(i for i, u in enumerate(doc["units"]) if u["verified_index"] is not None)
    wrong: list[tuple[int, str, object]] = [
        *((ranked, key, None) for key in ("gap", "meets_target", "actions_needed", "rank_in_jenis")),
        (ranked, "not_ranked_reason", "kiriman kedua"),
        (unranked, "gap", 3.0),
        (unranked, "meets_target", True),
        (unranked, "not_ranked_reason", None),
        (plain, "over_claim", 3.5),
        (plain, "verified_answers", 10),
        (verified, "over_claim", None),
        (
            verified,
            "areas",
            [{k: v for k, v in a.items() if k != "self_score"} for a in doc["units"][verified]["areas"]],
        ),
    ]
    for at, key, value in wrong:
        kept = doc["units"][at][key]
        doc["units"][at][key] = value
        with pytest.raises(jsonschema.ValidationError):
            _follows_score_schema(doc)
        doc["units"][at][key] = kept
    _follows_score_schema(doc)


def test_an_operator_checking_one_file_is_not_told_who_has_not_sent(folder: Path, tmp_path: Path) -> None:
    # With the kabupaten's registry (from pmprb.toml, say), one file checked listed every other unit as
    # "belum mengumpulkan"; that is said for a folder of the period only.
    registry = tmp_path / "registry.csv"
    registry.write_text("kode,nama,jenis\nA,Unit dinas-a,dinas\nZ,Unit Tanpa Kiriman,kecamatan\n", encoding="utf-8")
    from typer.testing import CliRunner

    from pmprb_cli.cli import app

    def json_of(args: list[str]) -> Any:
        result = CliRunner().invoke(app, [*args, "--registry", str(registry), "--format", "json"])
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)

    one = str(folder / "dinas-a.xlsx")
    assert json_of(["validate", one])["missing_units"] == []
    assert json_of(["score", one])["summary"]["missing_units"] == []
    assert [u["kode"] for u in json_of(["validate", str(folder)])["missing_units"]] == ["Z"]
    assert json_of(["score", str(folder)])["summary"]["missing_units"] == ["Z"]


def test_score_json_says_why_a_file_is_not_ranked_as_the_csv_does() -> None:
    # The CSV said "kiriman lain unit yang sama, yang diperingkat …"; the JSON only "rank": null (jsonrev).
    import csv

    folder = str(Path(__file__).resolve().parents[1] / "sample_data" / "2022-08")
    units = json.loads(invoke(["score", folder, "--format", "json", "--quiet"], expected_code=1).stdout)["units"]
    rows = list(
        csv.DictReader(io.StringIO(invoke(["score", folder, "--format", "csv", "--quiet"], expected_code=1).stdout))
    )
    said = {u["file"]: u["not_ranked_reason"] for u in units}
    assert said == {r["file"]: r["alasan_tidak_diperingkat"] or None for r in rows}
    assert any(said.values()) and all((u["rank"] is None) == bool(u["not_ranked_reason"]) for u in units)


def test_streamed_score_json_equals_the_document(folder: Path, rubric_2014: Rubric) -> None:
    from pmprb_cli.batch import build_batch
    from pmprb_cli.json_text import compact
    from pmprb_cli.output import score_doc, score_json

    batch = build_batch(sorted(str(p) for p in folder.glob("*.xlsx")), rubric_2014, target="BB")
    reference = compact(score_doc(batch)) + "\n"
    assert score_json(batch) == reference
    # (the standard library's text, but for how numbers below 0.0001 are spelt: json_text.py)
    standard = json.dumps(score_doc(batch), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert json.loads(reference) == json.loads(standard)


def test_a_reader_that_closes_the_pipe_early_ends_quietly_with_141() -> None:
    # `pmprb score … | head` once ended in "Kesalahan internal pmprb (BrokenPipeError …)", exit 3. The JSON
    # of a month of sample_data is far larger than a pipe's buffer: a write after the reader left fails.
    folder = Path(__file__).resolve().parents[1] / "sample_data" / "2022-08"
    command = [sys.executable, "-m", "pmprb_cli", "score", str(folder), "--format", "json", "--quiet", "--jobs", "1"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(8) == b'{"failed'
        proc.stdout.close()  # the reader goes away after a few bytes, as head does
        errors = proc.stderr.read().decode()
        code = proc.wait(timeout=120)
    assert code == 141 and "Kesalahan internal" not in errors and "Traceback" not in errors, errors


@pytest.mark.parametrize(
    "args",
    [
        ["rubric", "show", "pmprb-2020", "--format", "json"],
        ["validate", str(Path(__file__).resolve().parents[1] / "sample_data" / "2022-08"), "--format", "json"],
    ],
    ids=["rubric", "validate"],
)
def test_a_large_text_into_a_pipe_closed_early_ends_with_141_not_0(args: list[str]) -> None:
    # One 178 KB write into `| head -c 10`: the pipe took 64 KB, the rest was dropped without an error, exit 0.
    command = [sys.executable, "-m", "pmprb_cli", *args]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert len(proc.stdout.read(8)) == 8
        time.sleep(0.5)  # (the writer blocked on a full pipe when its reader leaves)
        proc.stdout.close()
        errors = proc.stderr.read().decode()
        code = proc.wait(timeout=120)
    assert code == 141 and "Traceback" not in errors, errors


@pytest.mark.parametrize("args", [["rubric", "list"], ["--version"]])
def test_a_short_text_into_a_pipe_already_closed_ends_with_141_and_no_message(args: list[str]) -> None:
    # `pmprb rubric list | true` as cron runs it (no PYTHONUNBUFFERED): the text fitted in the buffer and the
    # flush at exit met the closed pipe: "Galat [PMPRB-E905]: … EPIPE: Broken pipe … df -h", exit 2.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent", "LANG": "C"}
    command = [sys.executable, "-m", "pmprb_cli", *args]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader is gone before anything is written
        errors = proc.stderr.read().decode()
        code = proc.wait(timeout=120)
    assert code == 141 and errors == "", errors


def test_a_usage_error_whose_reader_is_gone_keeps_its_exit_code() -> None:
    # `pmprb scroe 2>&1 | head -1`: rich ended with exit 1 ("ada masukan bermasalah") when stderr's reader left,
    # and a cron wrapper took a typo for input problems (wheelrev).
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent", "LANG": "C.UTF-8"}
    command = [sys.executable, "-m", "pmprb_cli", "scroe"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stderr.close()  # the reader is gone before the error is written
        out = proc.stdout.read().decode()
        code = proc.wait(timeout=120)
    assert code == 2 and out == "", out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_both_streams_on_a_full_disk_exit_2_not_120() -> None:
    # The README's crontab form `>> run.log 2>&1` with run.log on a full disk: the refusal itself could not be
    # written, and what stderr held unwritten made the interpreter exit 120.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent", "LANG": "C"}
    command = [sys.executable, "-m", "pmprb_cli", "validate", str(SAMPLE_DATA / "2022-08" / "DINKES.xlsx")]
    with open("/dev/full", "wb") as full:
        assert subprocess.run(command, stdout=full, stderr=full, env=env, timeout=120).returncode == 2


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_or_version_into_a_full_disk_is_said_without_a_traceback(option: str) -> None:
    # `pmprb --help > /dev/full` printed Click's OSError traceback (exit 1).
    with open(os.devnull if not Path("/dev/full").exists() else "/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "pmprb_cli", option], stdout=full, stderr=subprocess.PIPE, timeout=60, check=False
        )
    errors = done.stderr.decode()
    if Path("/dev/full").exists():
        assert (
            done.returncode == 2
            and "Galat [PMPRB-E905]: Sistem menolak menulis keluaran (mis. stdout yang dialihkan ke berkas): disk penuh"
            in errors
        ), errors
    assert "Traceback" not in errors


def test_a_spreadsheet_pmprb_cannot_read_in_a_folder_is_reported_not_ignored(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # An .ods sent by a unit was skipped by the folder scan: the unit was listed as having sent nothing.
    from . import hostile

    renamed = hostile.ods_renamed(tmp_path, rubric_2014)
    renamed.rename(tmp_path / "dinkes.ods")
    (tmp_path / "catatan.txt").write_text("bukan buku kerja")
    doc = json.loads(invoke(["validate", str(tmp_path), "--format", "json"], expected_code=1).stdout)
    failed = [(Path(f["file"]).name, f["failed"]["code"]) for f in doc["files"] if f["status"] == "unreadable"]
    assert failed == [("dinkes.ods", "PMPRB-E102")] and len(doc["files"]) == 1
    table = invoke(["validate", str(tmp_path)], expected_code=1).stdout
    assert "Saran: Simpan ulang" in table  # an unreadable file gets its hint too


def test_what_a_unit_sends_instead_of_a_workbook_is_reported_and_a_template_copy_read(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # A CSV export, a zipped workbook and a workbook saved as a template (.xltx) were passed over by the
    # folder scan: "0 berkas", and their units listed as having sent nothing.
    from pmprb_cli.registry import Unit
    from pmprb_cli.template import write_template

    unit = Unit("dinkes", "Dinas Kesehatan", "dinas")
    source = write_template(tmp_path / "src.xlsx", rubric_2014, unit, "2022-06", "K", best_answers(rubric_2014))
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    shutil.copy(source, inbox / "dinkes.xltx")
    with zipfile.ZipFile(inbox / "bappeda.zip", "w") as archive:
        archive.write(source, "BAPPEDA.xlsx")
    (inbox / "setda.csv").write_text("Kode;Jawaban\nA.I.1.a;Ya\n", encoding="utf-8")
    (inbox / "catatan.txt").write_text("bukan buku kerja")
    # A Google Drive shortcut to the unit's sheet (a link, not the sheet); bukti dukung PDFs are not inputs.
    (inbox / "dinsos.gsheet").write_text('{"url": "https://docs.google.com/spreadsheets/d/x", "doc_id": "x"}')
    (inbox / "bukti-sk.pdf").write_bytes(b"%PDF-1.4\n")
    # What a download leaves under a workbook's name: Drive's error page, a photo. Each was told to be saved again
    # from Excel, which neither ever was (messyrev).
    (inbox / "LKE DLH.xlsx").write_text("<!DOCTYPE html><html><title>Google Drive - Akses ditolak</title></html>")
    (inbox / "LKE DISHUB.xlsx").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    # Excel's "Save as Web Page" named .xls: saved again from Excel it is a workbook (diffrev16).
    (inbox / "bpbd.xls").write_text(
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>A.I.1.a</td></tr></table></body>'
    )
    # Nor is a zip of them ("Bukti SETDA.zip" was an unreadable workbook every night).
    with zipfile.ZipFile(inbox / "Bukti SETDA.zip", "w") as archive:
        archive.writestr("SK Tim RB.pdf", b"%PDF-1.4\n")
        archive.writestr("foto/rapat.jpg", b"\xff\xd8\xff")
        archive.writestr("data/daftar hadir.csv", "nama;nip\n")
    # A Zip64 archive is looked into by its Zip64 record, whatever its end record says (one claiming 1 entry held
    # 1,5 million: 7,5 s and 666 MB to list; diffrev16): not passed over unopened, read and said.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)  # (what makes zipfile write the Zip64 records)
        with zipfile.ZipFile(inbox / "Bukti DISDIK.zip", "w") as archive:
            archive.writestr("SK.pdf", b"%PDF-1.4\n")
            archive.writestr("foto.jpg", b"\xff\xd8\xff")
    assert b"PK\x06\x07" in (inbox / "Bukti DISDIK.zip").read_bytes()
    # Nor a large one: a 54 MB zip of scans was refused as a hostile LKE (E105, exit 1 every night; messyrev).
    with zipfile.ZipFile(inbox / "Bukti DINKES.zip", "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("scan SK.pdf", b"%PDF-1.4\n" + bytes(52 * 1024 * 1024))
    doc = json.loads(invoke(["validate", str(inbox), "--format", "json"], expected_code=1).stdout)
    status = {Path(f["file"]).name: (f["status"], (f.get("failed") or {}).get("code")) for f in doc["files"]}
    assert status == {
        "bappeda.zip": ("unreadable", "PMPRB-E102"),
        "dinkes.xltx": ("valid", None),
        "dinsos.gsheet": ("unreadable", "PMPRB-E102"),
        "setda.csv": ("unreadable", "PMPRB-E102"),
        "LKE DLH.xlsx": ("unreadable", "PMPRB-E102"),
        "LKE DISHUB.xlsx": ("unreadable", "PMPRB-E102"),
        "bpbd.xls": ("unreadable", "PMPRB-E102"),
        "Bukti DISDIK.zip": ("unreadable", "PMPRB-E102"),
    }
    hints = {Path(f["file"]).name: f["failed"]["hint"] for f in doc["files"] if f["status"] == "unreadable"}
    assert hints["LKE DLH.xlsx"].startswith("Unduh ulang buku kerjanya (Google Drive")
    assert hints["LKE DISHUB.xlsx"].startswith("Minta unit mengirim buku kerja LKE-nya (.xlsx)")
    assert hints["dinsos.gsheet"].startswith("Buka lembarnya di Google Sheets")
    assert hints["bpbd.xls"].startswith("Simpan ulang dari Excel atau LibreOffice")
    failed = {Path(f["file"]).name: f["failed"]["message"] for f in doc["files"] if f["status"] == "unreadable"}
    assert "arsip zip berisi BAPPEDA.xlsx; ekstrak dulu" in failed["bappeda.zip"]
    # What to do with a zip, not "Simpan ulang … sebagai .xlsx".
    hint = next(f["failed"]["hint"] for f in doc["files"] if Path(f["file"]).name == "bappeda.zip")
    assert hint.startswith("Ekstrak arsip itu") and "Simpan ulang" not in hint
    assert "teks CSV" in failed["setda.csv"]
    assert "pintasan Google Drive" in failed["dinsos.gsheet"] and "› Microsoft Excel .xlsx)" in failed["dinsos.gsheet"]


def test_validate_json_counts_add_up_with_an_unreadable_file(folder: Path, tmp_path: Path) -> None:
    # summary.errors counted the unreadable file's E103, findings[] did not: 17 errors but 16 listed, and
    # total_findings one short of errors + warnings + info.
    (folder / "rusak.xlsx").write_bytes(b"PK\x03\x04 terpotong")
    doc = json.loads(invoke(["validate", str(folder), "--format", "json"], expected_code=1).stdout)
    summary = doc["summary"]
    assert summary["errors"] + summary["warnings"] + summary["info"] == doc["total_findings"] == len(doc["findings"])
    assert sum(1 for f in doc["findings"] if f["severity"] == "error") == summary["errors"]
    assert any(f["code"] == "PMPRB-E103" and f["file"].endswith("rusak.xlsx") for f in doc["findings"])


def test_a_zona_integritas_table_says_what_it_scores_and_which_verdicts_pass(tmp_path: Path) -> None:
    # The table was titled "Nilai PMPRB" for a ZI workbook, and WBK/WBBM (pass or not) showed only in JSON.
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    zi = load_rubric("zi-2021")
    unit = Unit("kua", "KUA Contoh", "lainnya")
    best = write_template(tmp_path / "kua.xlsx", zi, unit, "2022-06", "K", best_answers(zi))
    table = invoke(["score", str(best), "--rubric", "zi-2021"]).stdout
    assert "Nilai Zona Integritas — rubrik zi-2021" in table and "Lulus" in table
    assert "WBK, WBBM" in table
    # Index enough for WBK, survey of corruption perception below its minimum: "Kurang" read "—" (as a unit
    # that met the target does) and "Lulus" "—"; the rapor says "syarat lain belum".
    short = write_template(tmp_path / "kua2.xlsx", zi, unit, "2022-06", "K", {**best_answers(zi), "B.I.a": 3.0})
    row = next(
        line
        for line in invoke(["score", str(short), "--rubric", "zi-2021", "--target", "WBK"]).stdout.splitlines()
        if "kua2" in line
    )
    assert [cell.strip() for cell in row.split("│")[6:8]] == ["syarat lain", "tidak"]


def test_target_in_lower_case_and_quiet_detection(folder: Path) -> None:
    result = invoke(["score", str(folder), "--format", "json", "--target", "bb", "--quiet"])
    assert json.loads(result.stdout)["target"] == "BB"
    assert "Rubrik dikenali" not in result.stderr  # --quiet: nothing on stderr a cron mail would carry
    assert "Rubrik dikenali" in invoke(["score", str(folder), "--format", "json"]).stderr
    english = invoke(["--lang", "en", "score", str(folder), "--format", "json"]).stderr
    assert "Rubric recognised from the workbook" in english and "Rubrik" not in english


def test_the_configs_target_is_read_as_the_flag_and_belongs_to_the_configs_rubric(folder: Path) -> None:
    # target = "bb" in pmprb.toml was refused, even with --target BB; and `--rubric lke-rb-2014` beside the
    # config's zi-2021 and WBBM was refused for a target nobody asked for.
    config = folder.parent / "pmprb.toml"
    config.write_text('rubric = "lke-rb-2014"\ntarget = "bb"\n', encoding="utf-8")
    scored = invoke(["--config", str(config), "score", str(folder), "--format", "json", "--quiet"])
    assert json.loads(scored.stdout)["target"] == "BB"
    config.write_text('rubric = "zi-2021"\ntarget = "WBBM"\n', encoding="utf-8")
    chosen = invoke(["--config", str(config), "score", str(folder), "--format", "json", "--rubric", "lke-rb-2014"])
    assert json.loads(chosen.stdout)["target"] == "BB"
    assert "Target WBBM dari berkas pengaturan bukan target rubrik lke-rb-2014" in chosen.stderr
    given = ["--config", str(config), "score", str(folder), "--rubric", "lke-rb-2014", "--target", "WBBM"]
    assert "bukan predikat rubrik lke-rb-2014" in invoke(given, expected_code=2).stderr  # asked for: refused
    # Without a rubric key the rubric is the command's: pmprb.toml's WBBM was refused at once, "bukan predikat
    # rubrik pmprb-2020", even beside --rubric and --target.
    config.write_text('target = "WBBM"\n', encoding="utf-8")
    given = ["--config", str(config), "score", str(folder), "--format", "json", "--rubric", "lke-rb-2014"]
    assert json.loads(invoke([*given, "--target", "a"]).stdout)["target"] == "A"
    recognised = invoke(["--config", str(config), "score", str(folder), "--format", "json"])
    assert json.loads(recognised.stdout)["target"] == "BB" and "Target WBBM dari berkas pengaturan" in recognised.stderr
    # run uses pmprb.toml's rubric (pmprb-2020 when unnamed): there the target is refused, its key named.
    (folder.parent / "masuk" / "2022-07").mkdir(parents=True)
    config.write_text('target = "WBBM"\ninbox = "masuk/{period}/"\n', encoding="utf-8")
    refused = " ".join(invoke(["--config", str(config), "run", "--period", "2022-07"], 2).stderr.split())
    assert "kunci 'target': 'WBBM' bukan predikat rubrik pmprb-2020 yang dipakai run" in refused, refused


def test_help_is_also_dash_h() -> None:
    # "pmprb run -h" was "Opsi -h tidak dikenal" to a user who typed what most tools take.
    for args in (["-h"], ["run", "-h"], ["rubric", "show", "-h"]):
        assert invoke(args).stdout.startswith("Pemakaian: pmprb")


@pytest.mark.parametrize(
    ("args", "said", "hint"),
    [
        (["run"], "Galat [PMPRB-E902]: Opsi '--period' wajib diisi.", "Saran: Lihat `pmprb run --help`."),
        (["scor", "x"], "Perintah 'scor' tidak dikenal.", "Maksudnya 'score'?"),
        (["score", "--formt", "json", "x"], "Opsi --formt tidak dikenal.", "Maksudnya --format?"),
        (["export", "--version"], "Opsi --version tidak dikenal.", "Opsi umum ditulis sebelum perintah"),
        # Spelt as other tools spell them: Click's nearest spelling of "--json" was "--jobs?".
        (["validate", "--json", "x"], "Opsi --json tidak dikenal.", "Maksudnya --format json?"),
        (["history", "--csv"], "Opsi --csv tidak dikenal.", "Maksudnya --format csv?"),
        (["merge", "--output", "r.xlsx", "x"], "Opsi --output tidak dikenal.", "Maksudnya --out?"),
        (["validate", "--md", "x"], "Opsi --md tidak dikenal.", "Saran: Lihat `pmprb validate --help`."),
        (["score", "--output", "x"], "Opsi --output tidak dikenal.", "Saran: Lihat `pmprb score --help`."),
        # (a familiar spelling this command has no answer to: no guess, not Click's "--jobs?"; report's --format
        # takes html,md, not json)
        (["merge", "--json", "x"], "Opsi --json tidak dikenal.", "Saran: Lihat `pmprb merge --help`."),
        (["report", "--json", "x"], "Opsi --json tidak dikenal.", "Saran: Lihat `pmprb report --help`."),
        (["report", "--html", "x"], "Opsi --html tidak dikenal.", "Maksudnya --format html?"),
        (["merge", "--quiet", "x"], "Opsi --quiet tidak dikenal.", "Saran: Lihat `pmprb merge --help`."),
        # A path copied from Windows: the separator named, as for pmprb.toml's paths.
        (["validate", "masuk\\2022-08\\DINKES.xlsx"], "Jalur tidak ditemukan", "mis. masuk/2022-08/DINKES.xlsx."),
        # A folder given to run, which reads pmprb.toml's inbox: not "quote values with spaces … --out".
        (["run", "--period", "2022-08", "masuk/2022-08"], "Argumen berlebih", "pmprb run tidak menerima jalur"),
        (["score", "--format", "xml", "x"], "Nilai 'xml' untuk '--format' / '-f' bukan salah satu dari", "Lihat"),
        (["score", "--jobs", "abc", "x"], "Nilai 'abc' untuk '--jobs' / '-j' bukan bilangan bulat.", "Lihat"),
        (
            ["score", "--jobs", "0", "x"],
            "Nilai 0 untuk '--jobs' / '-j' di luar rentang: harus paling kecil 1.",
            "Lihat",
        ),
        (["rubric", "shw"], "Perintah 'shw' tidak dikenal.", "Maksudnya 'show'? Lihat `pmprb rubric --help`."),
        # A value with spaces left unquoted, and a flag given a value: said in English ("argument(s)").
        (["export", "--period", "2022-08", "--out", "Paket", "Agustus"], "Argumen berlebih: Agustus.", "tanda kutip"),
        (["--config", "Folder", "Kab/pmprb.toml", "run"], "Perintah 'Kab/pmprb.toml' tidak dikenal.", "tanda kutip"),
        (
            ["export", "--period", "2022-08", "--zip=ya"],
            "Opsi '--zip' tidak menerima nilai (tulis --zip saja).",
            "Lihat",
        ),
        (["--lang", "en", "run"], "Error [PMPRB-E902]: Option '--period' is required.", "Hint: See"),
        # --lang is read as the options are parsed, before the command is looked up.
        (["--lang", "en", "scor", "x"], "Error [PMPRB-E902]: Unknown command 'scor'.", "Hint: Did you mean 'score'?"),
    ],
)
def test_command_line_mistakes_are_said_in_pmprb_words(args: list[str], said: str, hint: str) -> None:
    # Click said these in English ("Missing option '--period'."): the cron case of `pmprb run` among them.
    result = invoke(args, expected_code=2)
    assert said in result.stderr and hint in result.stderr, result.stderr
    assert "Error: " not in result.stderr and "Usage:" not in result.stderr


def test_an_output_the_system_refuses_is_said_with_its_path_not_as_a_bug(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A read-only or full disk was "Kesalahan internal pmprb (OSError …) … laporkan", exit 3.
    import errno

    import pmprb_cli.merging

    def refused(path: object, data: bytes) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(pmprb_cli.merging, "atomic_write", refused)
    out = tmp_path / "rekap.xlsx"
    result = invoke(["merge", str(folder), "--out", str(out)], expected_code=2)
    assert f"Galat [PMPRB-E905]: Tidak dapat menulis {out}: sistem berkas hanya-baca" in result.stderr
    assert "internal" not in result.stderr


def test_files_of_one_name_in_two_folders_are_told_apart(folder: Path, tmp_path: Path) -> None:
    # dup/a/DINKES.xlsx and dup/b/DINKES.xlsx both showed as DINKES.xlsx, and E304 said "(juga DINKES.xlsx)".
    import shutil

    from .factories import revised_copy

    for sub in ("a", "b"):
        (tmp_path / "dup" / sub).mkdir(parents=True)
        revised_copy(folder / "dinas-a.xlsx", tmp_path / "dup" / sub / "DINKES.xlsx")
    shutil.copy(folder / "dinas-a.xlsx", tmp_path / "dup" / "b" / "DINKES.xlsx")  # a/ is the revision
    changed = (tmp_path / "dup" / "a" / "DINKES.xlsx").stat().st_mtime_ns
    os.utime(tmp_path / "dup" / "b" / "DINKES.xlsx", ns=(changed, changed - 10 * 10**9))  # a/ is the newer: it ranks
    table = invoke(["validate", str(tmp_path / "dup")], expected_code=1).stdout
    assert "a/DINKES.xlsx:" in table and "b/DINKES.xlsx:" in table
    assert "yang diperingkat a/DINKES.xlsx" in table
    assert "Unit Unit dinas-a mengirim" in table  # as the workbook names it, not the lower-case lookup key


def test_finding_lines_name_the_folder_of_files_sharing_a_name(tmp_path: Path) -> None:
    # Two units' LKE.xlsx, each in its unit's folder: "LKE.xlsx LKE!K195: [PMPRB-E402] …" did not say whose.
    import shutil

    samples = Path(__file__).resolve().parents[1] / "sample_data" / "2022-08"
    for sub, unit in (("dinkes", "DINKES"), ("bappeda", "BAPPEDA")):
        (tmp_path / "in" / sub).mkdir(parents=True)
        shutil.copy(samples / f"{unit}.xlsx", tmp_path / "in" / sub / "LKE.xlsx")
    table = invoke(["validate", str(tmp_path / "in")], expected_code=1).stdout
    assert "  dinkes/LKE.xlsx LKE!K195: [PMPRB-E402]" in table
    assert "  bappeda/LKE.xlsx LKE!M19, M20" in table  # (a group line)
    assert "\n  LKE.xlsx" not in table
    scored = invoke(["score", str(tmp_path / "in")], expected_code=1).stderr
    assert "  dinkes/LKE.xlsx LKE!K195: [PMPRB-E402]" in scored


def test_a_unit_whose_file_names_it_with_a_typo_is_said_perhaps_sent(tmp_path: Path) -> None:
    # DINKES's file named its unit "Dinas Kesehtan" without a kode (PMPRB-E301): DINKES was listed "belum
    # mengirim" beside it, and chased for a workbook that had arrived.
    import openpyxl

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    inbox = tmp_path / "in"
    inbox.mkdir()
    for unit in ("BAPPEDA", "INSP"):
        (inbox / f"{unit}.xlsx").write_bytes((samples / "2022-08" / f"{unit}.xlsx").read_bytes())
    wb = openpyxl.load_workbook(samples / "2022-08" / "DINKES.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "Dinas Kesehatan":
                    cell.value = "Dinas Kesehtan"
                elif cell.value == "DINKES":
                    cell.value = None
    wb.save(inbox / "lke.xlsx")
    registry = tmp_path / "unit.csv"
    registry.write_text(
        "kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\nDISDIK,Dinas Pendidikan,dinas\n"
        'BAPPEDA,"Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",badan\nINSP,Inspektorat Daerah,inspektorat\n',
        encoding="utf-8",
    )
    said = "mungkin sudah: berkas lke.xlsx menyebut unit 'Dinas Kesehtan', yang tidak ada di daftar unit (PMPRB-E301)"
    args = [str(inbox), "--registry", str(registry)]
    table = invoke(["validate", *args], expected_code=1).stdout
    assert f"  - DINKES Dinas Kesehatan — {said}\n" in table
    assert "  - DISDIK Dinas Pendidikan\n" in table  # (no file like it: said plainly)
    assert f"Belum mengirim: DINKES ({said}), DISDIK" in invoke(["score", *args], expected_code=1).stdout
    english = invoke(["--lang", "en", "validate", *args], expected_code=1).stdout
    assert "  - DINKES Dinas Kesehatan — perhaps sent: file lke.xlsx names unit 'Dinas Kesehtan', not in" in english
    invoke(["report", *args, "--out", str(tmp_path / "rapor")], expected_code=1)
    assert f"| DINKES | Dinas Kesehatan — {said} | Dinas |" in (tmp_path / "rapor" / "index.md").read_text("utf-8")
    invoke(["merge", *args, "--out", str(tmp_path / "rekap.xlsx")], expected_code=1)
    sheet = openpyxl.load_workbook(tmp_path / "rekap.xlsx")["Belum Mengirim"]
    assert [c.value for c in sheet[2]][4] == f"belum mengirim? {said}"
    assert [c.value for c in sheet[3]][4] == "belum mengirim"


def test_a_file_named_for_a_unit_holding_another_units_lke_is_said_perhaps_sent(tmp_path: Path) -> None:
    # DINSOS.xlsx held DP3A's LKE (its Identitas named DP3A, which sent too): "Belum mengirim: DINSOS", with the
    # file named only by W306 and E304 among the findings.
    import shutil

    inbox = sample_inbox(tmp_path / "in", ("BAPPEDA", "INSP"))
    shutil.copy(inbox / "INSP.xlsx", inbox / "DINSOS.xlsx")  # (the Inspektorat's LKE, again)
    registry = tmp_path / "unit.csv"
    registry.write_text(
        "kode,nama,jenis\nDINSOS,Dinas Sosial,dinas\nDISDIK,Dinas Pendidikan,dinas\n"
        'BAPPEDA,"Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",badan\nINSP,Inspektorat Daerah,inspektorat\n',
        encoding="utf-8",
    )
    args = [str(inbox), "--registry", str(registry)]
    table = invoke(["validate", *args]).stdout
    said = "mungkin sudah: berkas DINSOS.xlsx memuat LKE unit 'Inspektorat Daerah' (INSP), bukan unit ini (PMPRB-W306)"
    assert f"  - DINSOS Dinas Sosial — {said}\n" in table, table
    assert "  - DISDIK Dinas Pendidikan\n" in table


def test_a_unit_that_sent_last_months_workbook_is_told_so_beside_not_sent(tmp_path: Path) -> None:
    # July's DINKES.xlsx in the August inbox: "Belum mengirim: DINKES" everywhere, and the rekap's Keterangan
    # "belum mengirim", so the clerk chased an OPD for a file it did send (only "Bermasalah" said the month).
    import openpyxl

    inbox = sample_inbox(tmp_path / "in", ("BAPPEDA",))
    sample_inbox(tmp_path / "juli", ("DINKES",), month="2022-07")
    (tmp_path / "juli" / "DINKES.xlsx").rename(inbox / "DINKES.xlsx")
    registry = tmp_path / "unit.csv"
    registry.write_text(
        'kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\nBAPPEDA,"Badan Perencanaan Pembangunan, Riset dan Inovasi '
        'Daerah",badan\n',
        encoding="utf-8",
    )
    args = [str(inbox), "--registry", str(registry), "--period", "2022-08"]
    said = "mengirim DINKES.xlsx, tetapi itu buku kerja periode 2022-07, bukan periode ini (PMPRB-E303)"
    assert f"  - DINKES Dinas Kesehatan — {said}\n" in invoke(["validate", *args], 1).stdout
    invoke(["merge", *args, "--out", str(tmp_path / "rekap.xlsx")], 1)
    sheet = openpyxl.load_workbook(tmp_path / "rekap.xlsx")["Belum Mengirim"]
    assert [c.value for c in sheet[2]][4] == f"belum mengirim buku kerja periode ini: {said}"


def test_an_output_under_a_file_names_the_file_in_the_way(folder: Path, tmp_path: Path) -> None:
    # "Tidak dapat menulis …/afile/rekap.xlsx: sudah ada", of a rekap that did not exist.
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    said = " ".join(invoke(["merge", str(folder), "--out", str(tmp_path / "afile" / "rekap.xlsx")], 2).stderr.split())
    assert f"{tmp_path / 'afile'} adalah berkas, bukan folder" in said and "sudah ada" not in said, said


def test_an_empty_path_is_refused_not_read_as_the_working_folder(folder: Path) -> None:
    # `pmprb validate "$FOLDER"` from cron with FOLDER unset checked whatever folder cron ran in.
    for command in ("validate", "score"):
        result = invoke([command, ""], expected_code=2)
        assert "Jalur kosong" in result.stderr


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc (Linux)")
@pytest.mark.parametrize(("name", "exit_code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_ends_a_batch_with_143_and_no_worker_left(name: str, exit_code: int) -> None:
    # (SIGHUP, an SSH session gone, killed the run outright: no word in its log, its temporary folder left)
    import signal
    import time

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    command = [sys.executable, "-m", "pmprb_cli", "score", *(str(p) for p in sorted(samples.glob("20*"))), "-j", "2"]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True) as proc:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        deadline = time.monotonic() + 60
        while proc.poll() is None and not children.read_text().strip() and time.monotonic() < deadline:
            time.sleep(0.01)
        workers = children.read_text().split() if proc.poll() is None else []
        # As `timeout` and systemd send it, to the whole group: a worker that died mid-send once left the
        # parent waiting for ever; the parent alone (`kill PID`) is the easier case.
        os.killpg(proc.pid, getattr(signal, name))
        code = proc.wait(timeout=60)
        errors = proc.stderr.read().decode() if proc.stderr else ""
    assert code == exit_code and "Traceback" not in errors, errors
    assert f"Dihentikan ({name}) sebelum selesai" in errors  # exit 143 with nothing said read as a crash
    time.sleep(0.5)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()]  # none left holding the output pipes


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc (Linux)")
def test_workers_end_with_a_parent_killed_outright() -> None:
    # After `kill -9` (timeout -s KILL, the OOM killer) the workers, which ignore SIGTERM, stayed for ever,
    # blocked writing results nobody read and holding cron's output pipe open.
    import time

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    command = [sys.executable, "-m", "pmprb_cli", "score", *(str(p) for p in sorted(samples.glob("20*"))), "-j", "2"]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        deadline = time.monotonic() + 60
        while proc.poll() is None and len(children.read_text().split()) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        workers = children.read_text().split() if proc.poll() is None else []
        proc.kill()
        proc.wait(timeout=60)
    assert workers, "the batch ended before its workers were seen"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and [w for w in workers if _alive(w)]:
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)]


def _alive(pid: str) -> bool:
    """A process that still runs (a zombie nobody reaps has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.parametrize(
    "command",
    [[], ["score"], ["validate"], ["run"], ["history"], ["rubric"], ["rubric", "show"], ["codes"], ["export"]],
)
def test_help_is_in_indonesian_to_its_last_line(command: list[str]) -> None:
    text = invoke([*command, "--help"]).stdout
    assert "Tampilkan bantuan ini lalu keluar." in text and "Show this message" not in text
    assert text.startswith("Pemakaian: pmprb") and "\nOpsi:\n" in text
    for english in ("Usage:", "Options:", "Commands:", "Arguments:", "[default:", "[required]", "<str>", "<int"):
        assert english not in text, english
    # Click's range notation after a default ("[bawaan: 0; 0<=x<=86400]"), and a required argument's braces
    # ("pmprb rubric show [OPSI] {RUBRIK}"), which an operator may copy.
    assert "<=x" not in text and "x>=" not in text and "{" not in text.splitlines()[0]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc (Linux)")
def test_ctrl_c_in_a_parallel_batch_ends_it_with_130_and_no_traceback() -> None:
    # Ctrl-C reaches the whole process group; once in 35 tries a worker interrupted mid-send left the pool
    # waiting for ever, after a traceback. The workers now leave Ctrl-C to the parent.
    import signal
    import time

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    command = [sys.executable, "-m", "pmprb_cli", "score", *(str(p) for p in sorted(samples.glob("20*"))), "-j", "2"]
    with subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a shell may have it ignored
    ) as proc:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        deadline = time.monotonic() + 60
        while proc.poll() is None and not children.read_text().strip() and time.monotonic() < deadline:
            time.sleep(0.01)  # until the workers are up: the batch is under way
        os.killpg(proc.pid, signal.SIGINT)
        code = proc.wait(timeout=60)
        errors = proc.stderr.read().decode() if proc.stderr else ""
    assert code == 130 and "Traceback" not in errors, errors
    assert "Dihentikan (Ctrl-C) sebelum selesai" in errors


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc (Linux)")
def test_ctrl_c_under_a_progress_bar_gives_the_cursor_back_and_says_so_on_its_own_line() -> None:
    # With workers, the exit skips atexit: the bar's hidden cursor stayed hidden at the shell prompt (until
    # `reset`), and "Dihentikan …" was glued to the bar's line.
    import pty
    import select
    import signal
    import time

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    command = [sys.executable, "-m", "pmprb_cli", "score", *(str(p) for p in sorted(samples.glob("20*"))), "-j", "2"]
    leader, follower = pty.openpty()
    said = b""
    with subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        start_new_session=True,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as proc:
        os.close(follower)
        deadline = time.monotonic() + 60
        while b"\x1b[?25l" not in said and proc.poll() is None and time.monotonic() < deadline:
            if select.select([leader], [], [], 0.05)[0]:
                said += os.read(leader, 65536)
        time.sleep(0.3)  # (the bar drawn, a few workbooks read)
        os.killpg(proc.pid, signal.SIGINT)
        code = proc.wait(timeout=60)
        while select.select([leader], [], [], 0.2)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            said += chunk
        os.close(leader)
    if b"\x1b[?25l" not in said or (code == 0 and b"Dihentikan" not in said):
        pytest.skip("the batch ended before its progress bar was seen or interrupted")
    assert code == 130
    assert said.rfind(b"\x1b[?25h") > said.rfind(b"\x1b[?25l")
    assert said.rfind(b"\x1b[?25h") < said.index(b"Dihentikan (Ctrl-C)")


def test_a_template_for_a_year_outside_its_rubric_says_so(tmp_path: Path) -> None:
    # 2026 scored with the 2020–2022 questionnaire: only an info finding in validate said it, after the errors.
    result = invoke(
        ["template", "--rubric", "pmprb-2020", "--unit", "Dinas Uji", "--period", "2026-01", "--out", str(tmp_path)]
    )
    assert "Perhatian: Rubrik pmprb-2020 (PermenPANRB Nomor 26 Tahun 2020) dipakai untuk evaluasi 2020–2022" in (
        " ".join(result.stderr.split())
    )
    again = invoke(
        ["template", "--rubric", "pmprb-2020", "--unit", "Dinas Dua", "--period", "2022-01", "--out", str(tmp_path)]
    )
    assert "Perhatian" not in again.stderr


def test_a_date_in_an_answer_cell_is_said_and_the_json_still_written(tmp_path: Path) -> None:
    # Excel makes a date of "1/3": the action list carried the date object, and `score --format json` (and with
    # it the whole `pmprb run`) ended with an internal error.
    import datetime

    import openpyxl

    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    rubric = load_rubric("pmprb-2020")
    code = next(i.code for i in rubric.items() if rubric.scales[i.scale].kind == "choice" and not i.computed)
    path = write_template(
        tmp_path / "dinkes.xlsx",
        rubric,
        Unit("DINKES", "Dinas Kesehatan", "dinas"),
        "2022-08",
        answers=best_answers(rubric),
    )
    book = openpyxl.load_workbook(path)
    sheet = book["LKE"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(n for n, row in enumerate(rows) if "Jawaban" in row)
    column = rows[header].index("Jawaban") + 1
    row = next(n for n, r in enumerate(rows, start=1) if r[0] == code)
    sheet.cell(row, column).value = datetime.date(2022, 3, 1)
    book.save(path)
    doc = json.loads(invoke(["score", str(path), "--format", "json"], expected_code=1).stdout)
    assert [f["code"] for f in doc["findings"]] == ["PMPRB-E409"]
    [action] = [a for a in doc["units"][0]["actions"] if a["code"] == code]
    assert action["current"] == "2022-03-01"


def test_more_jobs_than_cores_start_no_more_workers_than_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    # `jobs = 1000` started 300 workers (8 GB) for 300 files on 2 cores, three times slower than 2.
    import pmprb_cli.pipeline as pipeline
    from pmprb_cli.rubric import load_rubric

    started: list[int] = []
    real = pipeline.ProcessPoolExecutor

    def recorded(max_workers: int, **kwargs: Any) -> Any:
        started.append(max_workers)
        return real(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", recorded)
    monkeypatch.setattr(pipeline, "default_jobs", lambda: 3)
    files = sorted(str(p) for p in (Path(__file__).resolve().parents[1] / "sample_data" / "2022-06").glob("*.xlsx"))
    results = pipeline.read_paths(files[:12], load_rubric("pmprb-2020"), jobs=1000)
    assert started == [3] and len(results) == 12


def test_workers_that_cannot_be_started_leave_the_batch_to_one_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # /dev/shm read-only (a hardened server, a container): run and score stopped with "Sistem menolak: sistem
    # berkas hanya-baca" and a hint about the kabupaten's folder, which was writable; --jobs 1 worked.
    import errno
    import multiprocessing

    import pmprb_cli.pipeline as pipeline
    from pmprb_cli.rubric import load_rubric

    def refused(self: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Lock", refused)
    started: list[int] = []
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", lambda **kwargs: started.append(1))
    files = sorted(str(p) for p in (Path(__file__).resolve().parents[1] / "sample_data" / "2022-06").glob("*.xlsx"))
    results = pipeline.read_paths(files[:4], load_rubric("pmprb-2020"), jobs=2)
    assert len(results) == 4 and all(r.card is not None for r in results) and not started
    said = " ".join(capsys.readouterr().err.split())
    assert "proses pekerja tidak dapat dibuat (sistem berkas hanya-baca; biasanya /dev/shm" in said


def test_results_of_the_workers_do_not_wait_in_the_youngest_generation() -> None:
    # Unpickled while collection was off, the results all sat in the youngest generation, which the first
    # collection after the pool walked whole: 16 ms for 1000 workbooks, while the parent works alone.
    import gc

    import pmprb_cli.pipeline as pipeline
    from pmprb_cli.rubric import load_rubric

    files = sorted(str(p) for p in (Path(__file__).resolve().parents[1] / "sample_data" / "2022-06").glob("*.xlsx"))
    assert gc.isenabled()
    results = pipeline.read_paths(files[:12], load_rubric("pmprb-2020"), jobs=2)
    young = gc.get_objects(generation=0)
    assert len(results) == 12 and gc.isenabled() and len(young) < 1_000, len(young)
    assert gc.get_freeze_count() == 0  # (nothing left frozen: all of it is collected as usual again)
    gc.disable()  # (a caller with collection off: everything was left frozen for good; diffrev25)
    try:
        pipeline.read_paths(files[:8], load_rubric("pmprb-2020"), jobs=2)
        assert gc.get_freeze_count() == 0 and not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("closed", ["2>&-", ">&-"])
def test_a_closed_standard_stream_is_no_internal_error(closed: str, tmp_path: Path) -> None:
    # A wrapper that detaches (`nohup … 2>&-`) closes stderr: the first message ended the run with exit 3,
    # nothing written and nothing in its log; a closed stdout did the same to validate and score.
    samples = Path(__file__).resolve().parents[1] / "sample_data" / "2022-06"
    out = tmp_path / "stdout.txt"
    command = f"exec {shlex.quote(sys.executable)} -m pmprb_cli validate {shlex.quote(str(samples))} {closed}"
    if closed == "2>&-":
        command += f" > {shlex.quote(str(out))}"
    code = subprocess.run(["sh", "-c", command], check=False, timeout=120).returncode
    assert code == 1  # the sample month has workbooks with errors: 1, as with both streams open
    if closed == "2>&-":
        assert "Ringkasan: 40 berkas" in out.read_text(encoding="utf-8")


def test_units_left_out_by_invalid_skip_are_named_in_the_summary(tmp_path: Path, rubric_2014: Rubric) -> None:
    # They fell out of "perlu pendampingan" too; the leadership must still see them.
    answers = best_answers(rubric_2014)
    write_official(tmp_path / "baik.xlsx", rubric_2014, answers, instansi="Dinas Baik")
    answers.pop(rubric_2014.answer_codes()[0])
    write_official(tmp_path / "kurang.xlsx", rubric_2014, answers, instansi="Dinas Kurang")
    out = invoke(["score", str(tmp_path), "--invalid", "skip"], expected_code=1).stdout
    assert "Tidak diperingkat karena ada kesalahan (--invalid skip; perbaiki lalu nilai ulang): Dinas Kurang" in out
    # ... but not a unit ranked through its revision, whose older file (a second sending) has errors: told to
    # "perbaiki lalu nilai ulang" while it stood ranked above.
    older = tmp_path / "baik-lama.xlsx"
    write_official(older, rubric_2014, answers, instansi="Dinas Baik")
    os.utime(older, (1_600_000_000, 1_600_000_000))
    out = invoke(["score", str(tmp_path), "--invalid", "skip"], expected_code=1).stdout
    [said] = [line for line in out.splitlines() if line.startswith("Tidak diperingkat karena ada kesalahan")]
    assert said.endswith(": Dinas Kurang"), said
    assert "Tidak diperingkat" not in invoke(["score", str(tmp_path)], expected_code=1).stdout


def test_folder_order_ignores_case(tmp_path: Path) -> None:
    from pmprb_cli.pipeline import expand_paths

    for name in ("b.xlsx", "DISHUB.xlsx", "a.xlsx", "dishub (revisi).xlsx", "C.xlsx"):
        (tmp_path / name).write_bytes(b"")
    names = [Path(p).name for p in expand_paths([str(tmp_path)])]
    assert names == ["a.xlsx", "b.xlsx", "C.xlsx", "dishub (revisi).xlsx", "DISHUB.xlsx"]


def test_real_paths_resolved_folder_by_folder_are_realpaths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # expand_paths drops a workbook reached twice (a linked folder, a linked file) by its real path, each folder
    # resolved once: the key must be os.path.realpath's whatever links stand where.
    from pmprb_cli.pipeline import _real_path, expand_paths

    real = tmp_path / "masuk"
    real.mkdir()
    (real / "DINKES.xlsx").write_bytes(b"")
    (real / "DLH.xlsx").write_bytes(b"")
    (tmp_path / "tautan").symlink_to(real)
    (real / "kembar.xlsx").symlink_to(real / "DLH.xlsx")
    (tmp_path / "lain.xlsx").symlink_to(tmp_path / "tautan" / "DINKES.xlsx")
    monkeypatch.chdir(tmp_path)
    paths = [
        *(str(p) for p in (real / "DINKES.xlsx", tmp_path / "tautan" / "DLH.xlsx", real / "kembar.xlsx")),
        *("tautan/DINKES.xlsx", "lain.xlsx", "masuk/../tautan/DLH.xlsx", "./masuk/x.xlsx", "tautan/..", "."),
    ]
    folders: dict[str, str] = {}
    assert [_real_path(p, folders) for p in paths] == [os.path.realpath(p) for p in paths]
    assert [Path(p).name for p in expand_paths([str(real), str(tmp_path / "tautan")])] == ["DINKES.xlsx", "DLH.xlsx"]


def test_a_names_suffix_is_paths_suffix_of_it_without_trailing_spaces_and_dots() -> None:
    # (_suffix reads a bare name without making a Path: what Path said, for any name or path)
    from pmprb_cli.pipeline import _suffix

    rng = random.Random(3)
    for _ in range(50_000):
        name = "".join(rng.choice("ab. xX/\\") for _ in range(rng.randint(0, 9)))
        assert _suffix(name) == Path(name.rstrip(" .")).suffix.lower(), name
    assert _suffix("DISHUB.XLSX. ") == ".xlsx" and _suffix(".xlsx") == "" and _suffix("a.") == ""


def test_one_operators_file_gets_its_areas_and_the_answers_to_fix(folder: Path, rubric_2014: Rubric) -> None:
    # An OPD operator scoring its own file read "5 jawaban diperbaiki cukup" without the five, and
    # "Perangkat daerah terbaik: <itself>"; at 80 columns the area columns read "4…" and the notes vanished.
    from rich.console import Console

    from pmprb_cli import output
    from pmprb_cli.batch import build_batch

    one = build_batch([str(folder / "dinas-a.xlsx")], rubric_2014, target="A")
    [ranked] = one.ranked
    assert ranked.actions_needed > 0
    lines = output.summary_lines(one)
    assert not any(line.startswith(("Perangkat daerah terbaik", "Rata-rata indeks")) for line in lines)
    listed = [line for line in lines if line.startswith("      ") and " → " in line]
    assert len(listed) == ranked.actions_needed
    assert listed[0].startswith(f"      1. {ranked.actions[0].code} ({ranked.actions[0].cell}): ")
    assert "(bobot " in lines[0] and lines[0].rstrip()[-1].isdigit()  # each area's legend line has its score
    console = Console(width=80, record=True, color_system=None)
    console.print(output.score_table(one, 80))
    shown = console.export_text()
    assert all(len(line) <= 80 for line in shown.splitlines())
    assert "Catatan" in shown and "┃    1 ┃" not in shown  # no squeezed area columns
    many = build_batch([str(p) for p in sorted(folder.glob("*.xlsx"))], rubric_2014, target="A")
    assert any(
        "nilai per area tidak ditampilkan pada lebar 80 kolom" in line for line in output.summary_lines(many, 80)
    )


def test_many_findings_of_one_code_in_one_file_are_one_line(tmp_path: Path, rubric_2014: Rubric) -> None:
    # 172 lines for 172 empty Bukti Dukung cells buried an operator's three errors.
    from pmprb_cli.registry import Unit
    from pmprb_cli.template import write_template

    path = write_template(
        tmp_path / "a.xlsx", rubric_2014, Unit("A", "Dinas A", "dinas"), "2019-07", answers=best_answers(rubric_2014)
    )
    lines = invoke(["validate", str(path)]).stdout.splitlines()
    w410 = [line for line in lines if "[PMPRB-W410]" in line]
    # 146 cells: the first 60 named, the rest in JSON.
    assert len(w410) == 1 and "kali (semuanya di --format json)" in w410[0] and ", …:" in w410[0]
    said = " ".join(invoke(["validate", str(path)]).stdout.split())  # (the line wraps at the console's width)
    places = said.split(": [PMPRB-W410]")[0].rsplit("a.xlsx ", 1)[1]
    assert places.count(", ") == 60  # 60 cells, then ", …"
    doc = json.loads(invoke(["validate", str(path), "--format", "json"]).stdout)
    total = sum(1 for f in doc["findings"] if f["code"] == "PMPRB-W410")
    assert total == len(rubric_2014.items())
    # --max-findings counts lines: the group keeps its whole count (it said "19 kali" of 77 once cut at 20).
    cut = invoke(["validate", str(path), "--max-findings", "1"]).stdout
    assert f"— {total} kali" in cut


def test_a_group_of_findings_has_one_hint_that_is_true_of_each(tmp_path: Path, rubric_2014: Rubric) -> None:
    # "Ok" on a Ya/Tidak item and "Baik" on five A/B/C(/D) items were one line told "Gunakan salah satu pilihan:
    # Ya / Tidak" (the first one's hint), without what was typed.
    from pmprb_cli.registry import Unit
    from pmprb_cli.template import write_template

    answers = best_answers(rubric_2014)
    scales = rubric_2014.item_scales()
    yes_no = [c for c, s in scales.items() if s.choices == ("Ya", "Tidak")][:6]
    abc = [c for c, s in scales.items() if s.choices == ("A", "B", "C")][:6]
    answers.update({c: "Ok" for c in yes_no} | {c: "Baik" for c in abc})
    path = write_template(tmp_path / "a.xlsx", rubric_2014, Unit("A", "Dinas A", "dinas"), "2019-07", answers=answers)
    lines = invoke(["validate", str(path)], expected_code=1).stdout.splitlines()
    groups = [n for n, line in enumerate(lines) if "[PMPRB-E402]" in line]
    assert len(groups) == 2
    said = {lines[n].split("[PMPRB-E402]")[1]: lines[n + 1] for n in groups}
    assert said == {
        " Jawaban tidak sesuai pilihan ('Ok') — 6 kali": "      Saran: Gunakan salah satu pilihan: Ya / Tidak.",
        " Jawaban tidak sesuai pilihan ('Baik') — 6 kali": "      Saran: Gunakan salah satu pilihan: A / B / C.",
    }
    # Every cell of a group is named (the first 8 of 42 blank answers were, the rest only in JSON).
    assert all(lines[n].split(": [")[0].count(", ") == 5 and "…" not in lines[n] for n in groups)


def test_pmprb_options_may_follow_the_command(tmp_path: Path) -> None:
    # `pmprb run --period 2022-08 --config /srv/pmprb.toml`, as crontab lines are often written, was refused.
    from pmprb_cli.cli import global_options_first

    assert global_options_first(["run", "--period", "2022-08", "--config", "k.toml", "--debug"]) == [
        "--config",
        "k.toml",
        "--debug",
        "run",
        "--period",
        "2022-08",
    ]
    assert global_options_first(["--lang", "en", "score", "x", "--config=k.toml"]) == [
        "--lang",
        "en",
        "--config=k.toml",
        "score",
        "x",
    ]
    assert global_options_first(["score", "--", "--config"]) == ["score", "--", "--config"]  # a file named so
    config = tmp_path / "pmprb.toml"
    config.write_text('kabupaten = "Kabupaten Uji"\n', encoding="utf-8")
    missing = invoke(["history", "--config", str(config)], expected_code=2)
    assert "tidak dikenal" not in missing.stderr and "riwayat" in missing.stderr.lower()


def test_codes_lists_pmprbs_own_error_codes_too() -> None:
    # E902, E904, E905 … were printed ("Galat [PMPRB-E902]") and named in README, but `pmprb codes` had none.
    from pmprb_cli.errors import PROGRAM_ERRORS, PmprbError, RegistryError, RubricError, RunBusy, SystemRefusal
    from pmprb_cli.errors import UsageError as Usage

    listed = {code for code, *_ in PROGRAM_ERRORS}
    raised = {c.code for c in (PmprbError, RubricError, Usage, RegistryError, SystemRefusal, RunBusy)}
    assert raised == listed
    text = invoke(["codes"]).stdout
    assert all(code in text for code in listed) and "PMPRB-E904  kode keluar 4" in text
    rows = json.loads(invoke(["codes", "--format", "json"]).stdout)
    assert {r["code"]: r.get("exit_code") for r in rows if r["severity"] == "program"}["PMPRB-E905"] == 2


def test_a_folder_scan_says_what_it_cannot_open_and_follows_linked_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A subfolder left unreadable was skipped without a word (its unit then "belum mengumpulkan"); a linked folder
    # and "dinsos.xlsx " (a trailing space from a Windows share) were never seen. Hidden and lock files stay out.
    from pmprb_cli.errors import UsageError as Usage
    from pmprb_cli.pipeline import expand_paths, load
    from pmprb_cli.rubric import load_rubric

    inbox, elsewhere = tmp_path / "masuk", tmp_path / "lain"
    (inbox / "rahasia").mkdir(parents=True)
    elsewhere.mkdir()
    for path in (inbox / "dinkes.xlsx", inbox / "dinsos.xlsx ", inbox / "rahasia" / "disdik.xlsx"):
        path.write_bytes(b"")
    for skipped in ("~$dinkes.xlsx", ".dinkes.xlsx"):
        (inbox / skipped).write_bytes(b"")
    (elsewhere / "bappeda.xlsx").write_bytes(b"")
    (inbox / "tautan").symlink_to(elsewhere)
    (inbox / "putar").symlink_to(inbox)  # a loop: read once, nothing said (it reads nothing new)
    # Links to folders that hold the inbox read other periods' workbooks as this one's, or the whole disk.
    (inbox / "arsip").symlink_to("..")
    (inbox / "semua").symlink_to("/")
    closed = str(inbox / "rahasia")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path) == closed:
            raise PermissionError(13, "Permission denied", closed)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = expand_paths([str(inbox)])
    names = sorted(os.path.relpath(p, inbox) for p in found)
    assert names == ["arsip", "dinkes.xlsx", "dinsos.xlsx ", "rahasia", "semua", "tautan/bappeda.xlsx"]
    # The inbox reached through a link, holding a link to the folder above it as typed: said too.
    (tmp_path / "op").mkdir()
    (tmp_path / "op" / "masuk-ini").symlink_to(inbox)
    (inbox / "rumah").symlink_to(tmp_path / "op")
    assert "rumah" in {
        os.path.relpath(p, tmp_path / "op" / "masuk-ini") for p in expand_paths([str(tmp_path / "op" / "masuk-ini")])
    }
    (inbox / "rumah").unlink()
    failed = load(str(inbox / "arsip"), load_rubric("lke-rb-2014")).failed
    assert failed is not None and failed.code == "PMPRB-E106"
    assert "(tautan ke folder yang memuatnya: ..); tidak dibaca" in failed.message
    # However many folders links lead to, the walk is bounded.
    monkeypatch.setattr("pmprb_cli.pipeline.MAX_FOLDERS", 1)
    with pytest.raises(Usage, match=r"memuat lebih dari 1 folder"):
        expand_paths([str(inbox)])
    failed = load(closed, load_rubric("lke-rb-2014")).failed
    assert (
        failed is not None
        and failed.code == "PMPRB-E101"
        and "folder tidak dapat dibuka: izin ditolak" in failed.message
    )
    # A permission on the server, not the unit's file: "kirim ulang berkas aslinya" mended nothing.
    assert failed.hint.startswith("Izinnya di komputer ini, bukan berkasnya") and "kirim ulang" not in failed.hint


def test_a_name_with_a_line_break_is_printed_on_one_line() -> None:
    # "new⏎line.xlsx" printed across two lines, breaking every line-by-line reader of the output.
    from pmprb_cli.output import display_name, distinct_names

    assert display_name("/masuk/new\nline.xlsx") == "new\\nline.xlsx"
    assert display_name("/masuk/Dinas Kesehatan ✓.xlsx") == "Dinas Kesehatan ✓.xlsx"
    assert distinct_names(["a/x\ty.xlsx", "b/x\ty.xlsx"]) == {
        "a/x\ty.xlsx": "a/x\\ty.xlsx",
        "b/x\ty.xlsx": "b/x\\ty.xlsx",
    }


@pytest.mark.parametrize(
    ("indonesian", "english"),
    [
        ("arsip zip rusak atau terpotong (daftar isinya tidak terbaca)", "the zip archive is damaged or cut short"),
        ("isi arsip menyatakan 839.100.168 bita (bom zip)", "its contents claim 839,100,168 bytes (zip bomb)"),
        ("folder tidak dapat dibuka: izin ditolak", "folder cannot be opened: permission denied"),
        (
            "bagian x.xml rusak: data terkompresinya tidak dapat dibuka (pesan teknis zlib: Error -3)",
            "part x.xml is damaged: its compressed data cannot be inflated (zlib's technical message: Error -3)",
        ),
        (
            "Lembar 'LKE' baris 8 memuat judul kolom LKE, tetapi tanpa judul 'Jawaban': ketik kembali judul itu persis "
            "di sel judul kolomnya pada baris itu (seperti di templat), lalu kirim ulang.",
            "Sheet 'LKE' row 8 holds LKE column titles, but not 'Jawaban': type each such title again",
        ),
        ("bagian xl/worksheets/sheet1.xml terpotong", "part xl/worksheets/sheet1.xml is cut short"),
        ("format tidak dikenal", "unknown format"),
        ("gambar (foto atau pindaian)", "an image (a photo or a scan)"),
        (
            "Unduh ulang buku kerjanya (Google Drive: klik kanan › Download, setelah masuk dengan akun yang diberi "
            "akses), atau minta unit mengirimnya lagi sebagai lampiran .xlsx.",
            "Download the workbook again (Google Drive: right-click › Download",
        ),
        # These stayed Indonesian inside English sentences, with Indonesian thousands:
        ("berkas .xls terpotong (catatan terakhirnya tidak utuh)", ".xls file cut short (its last record"),
        (
            "bagian xl/worksheets/sheet1.xml mengembang melebihi 4.096 bita yang dinyatakan (bom zip)",
            "part xl/worksheets/sheet1.xml inflates beyond the 4,096 bytes it declares (zip bomb)",
        ),
        (
            "xl/sharedStrings.xml menyatakan 4.294.967.295 teks, melebihi batas 1.000.000",
            "xl/sharedStrings.xml declares 4,294,967,295 texts, beyond the limit of 1,000,000",
        ),
        (
            "xl/sharedStrings.xml memuat lebih dari 1.000 instruksi atau komentar, atau lebih dari 65.536 bita, "
            "sebelum elemen akar",
            "xl/sharedStrings.xml holds more than 1,000 instructions or comments, or more than 65,536 bytes",
        ),
        (
            "lembar 'LKE': pesan teknis pembaca: duplicate attribute: line 281",
            "sheet 'LKE': the reader's technical message: duplicate attribute",
        ),
        (
            "lembar 'LKE': buku kerja berisi lebih dari 2.000.000 elemen XML di lembar-lembarnya",
            "sheet 'LKE': the workbook holds more than 2,000,000 XML elements in its sheets",
        ),
        (
            "lembar 'LKE': xl/sharedStrings.xml memuat lebih dari 1.000.000 teks",
            "sheet 'LKE': xl/sharedStrings.xml holds more than 1,000,000 texts",
        ),
        (
            "lembar 'Data': berisi lebih dari 500.000 elemen XML",
            "sheet 'Data': holds more than 500,000 XML elements",
        ),
        ("lembar 'Jum'at': pesan teknis pembaca: x", "sheet 'Jum'at': the reader's technical message: x"),
        ("bagian xl/styles.xml kosong", "the part xl/styles.xml is empty"),
        (
            "bagian xl/sharedStrings.xml terpotong atau rusak (XML-nya tidak utuh pada baris 2)",
            "the part xl/sharedStrings.xml is cut short or damaged (its XML is broken at line 2)",
        ),
        ("sesuatu yang belum dikenal", "sesuatu yang belum dikenal"),  # unknown: left as it is, never guessed
    ],
)
def test_details_of_unreadable_files_read_in_english(indonesian: str, english: str) -> None:
    # --lang en said "The workbook is corrupt or truncated: arsip zip rusak atau terpotong …".
    from pmprb_cli.english import detail_in_english

    assert detail_in_english(indonesian).startswith(english)


def test_every_unreadable_hostile_file_is_said_in_english_whole(tmp_path: Path, rubric_2014: Rubric) -> None:
    # "The file was refused for safety: xl/sharedStrings.xml menyatakan 4.294.967.295 teks, melebihi batas …".
    from . import hostile

    for _case, _path, _why in hostile.build_all(tmp_path, rubric_2014):
        pass
    said = json.loads(invoke(["--lang", "en", "validate", str(tmp_path), "--format", "json"], expected_code=1).stdout)
    unreadable = [f["message"] for f in said["findings"] if f["code"] in ("PMPRB-E103", "PMPRB-E105")]
    assert len(unreadable) > 5
    indonesian = re.compile(r"\b(berkas|bagian|menyatakan|terpotong|pesan|lembar|memuat|melebihi|bita|teks)\b")
    assert [m for m in unreadable if indonesian.search(m) or re.search(r"\d\.\d{3}\b", m)] == []


def test_score_says_its_findings_in_english_whole(tmp_path: Path) -> None:
    # Under --lang en, "1535 temuan (15 kesalahan); rincian: pmprb validate." framed English findings.
    samples = Path(__file__).resolve().parents[1] / "sample_data"
    args = ["--lang", "en", "score", str(samples / "2022-08"), "--registry", str(samples / "registry.csv")]
    out = invoke([*args, "--period", "2022-08"], expected_code=1).output
    assert re.search(r"^\d+ findings \(\d+ errors\); details: pmprb validate\.$", out, re.M)
    assert "temuan" not in out and "kesalahan lain" not in out


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_lock_file_given_by_mistake_is_said_to_be_one_naming_its_workbook(tmp_path: Path, lang: str) -> None:
    # "~$DINKES.xlsx" picked beside the real one: "format tidak dikenal; simpan ulang dari Excel" of a file
    # nobody made.
    (tmp_path / "DINKES.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "~$NKES.xlsx").write_bytes(b"\x08root\x00" * 10)  # Excel, over the first two letters
    (tmp_path / ".~lock.DINKES.xlsx#").write_text(",root,host,05.12.2026 22:00,file:///root;", encoding="utf-8")
    (tmp_path / "~$LAIN.xlsx").write_bytes(b"\x08root\x00")  # its workbook not in the folder
    files = [str(tmp_path / n) for n in ("~$NKES.xlsx", ".~lock.DINKES.xlsx#", "~$LAIN.xlsx")]
    said = " ".join(invoke(["--lang", lang, "validate", *files], expected_code=1).stdout.split())
    if lang == "id":
        assert said.count("berkas kunci yang dibuat Excel atau LibreOffice selama DINKES.xlsx terbuka") == 2
        assert said.count("Saran: Tutup DINKES.xlsx di Excel atau LibreOffice, lalu berikan DINKES.xlsx sendiri.") == 2
        assert "selama sebuah buku kerja terbuka" in said and "Simpan ulang" not in said
    else:
        assert said.count("a lock file Excel or LibreOffice makes while DINKES.xlsx is open, not the workbook") == 2
        assert said.count("Hint: Close DINKES.xlsx in Excel or LibreOffice, then give DINKES.xlsx itself.") == 2
        assert "Close that workbook in Excel or LibreOffice" in said and "berkas" not in said
    # A shell's *.xlsx, the workbook open in Excel: its lock file beside it made a valid workbook's check exit 1.
    from pmprb_cli.rubric import load_rubric

    rubric = load_rubric("lke-rb-2014")
    write_official(tmp_path / "DINKES.xlsx", rubric, best_answers(rubric))
    globbed = invoke(["--lang", lang, "validate", str(tmp_path / "DINKES.xlsx"), str(tmp_path / "~$NKES.xlsx")])
    assert "~$NKES" not in globbed.stdout and globbed.exit_code == 0, globbed.stdout
    # A workbook that only bears such a name is a workbook: read, not dropped without a word.
    shutil.copy(tmp_path / "DINKES.xlsx", tmp_path / "~$SALINAN.xlsx")
    named = invoke(["--lang", lang, "validate", str(tmp_path / "DINKES.xlsx"), str(tmp_path / "~$SALINAN.xlsx")])
    assert "~$SALINAN.xlsx" in named.stdout
    # In a folder too (the lock file beside them still left out).
    folder = invoke(["--lang", lang, "validate", str(tmp_path)]).stdout
    assert "~$SALINAN.xlsx" in folder and "~$NKES" not in folder and ".~lock" not in folder, folder
    # ... so is an old .xls of 50 KB (no zip either), and a FIFO of that name is not opened to look (it blocked).
    from pmprb_cli.pipeline import _is_lock_file

    (tmp_path / "~$LAMA.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    assert not _is_lock_file(tmp_path / "~$LAMA.xls") and _is_lock_file(tmp_path / "~$NKES.xlsx")
    if hasattr(os, "mkfifo") and lang == "id":
        os.mkfifo(tmp_path / "~$PIPA.xlsx")
        probe = f"from pathlib import Path; from pmprb_cli.pipeline import _is_lock_file as f; print(f(Path({str(tmp_path / '~$PIPA.xlsx')!r})))"
        looked = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=False)
        assert looked.stdout.strip() == "False", looked.stderr[-500:]


def test_an_unreadable_file_is_said_in_english_whole(tmp_path: Path) -> None:
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    out = invoke(["--lang", "en", "validate", str(tmp_path)], expected_code=1).stdout
    assert "damaged or cut short" in out and "arsip" not in out


def test_a_unit_judged_alone_gets_no_award(tmp_path: Path) -> None:
    # A ZI unit kerja's own run: "★ Kecamatan terbaik" and best_kecamatan in the JSON, of itself alone.
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    rubric = load_rubric("zi-2021")
    unit = Unit("KEC-ALFA", "Kecamatan Alfa", "kecamatan")
    path = write_template(tmp_path / "alfa.xlsx", rubric, unit, "2022-08", answers=best_answers(rubric))
    doc = json.loads(invoke(["score", str(path), "--format", "json", "--target", "WBK"], expected_code=0).stdout)
    assert doc["summary"]["best_kecamatan"] == [] and doc["summary"]["best_perangkat_daerah"] == []
    invoke(["report", str(path), "--out", str(tmp_path / "rapor"), "--target", "WBK", "--format", "md"])
    index = (tmp_path / "rapor" / "index.md").read_text(encoding="utf-8")
    assert "terbaik:" not in index and "kecamatan terbaik tidak ada (hanya satu unit yang dinilai)" in index


def test_a_verdicts_action_list_says_the_order_it_is_in(tmp_path: Path) -> None:
    # "Urutan menurut tambahan indeks" was said of a WBK list ordered by the shortfall of each minimum it closes:
    # +2,50, +0,83, +0,33, +0,50 read as out of order.
    import random as _random

    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    rubric = load_rubric("zi-2021")
    for n, kode in enumerate(("KEC-A", "KEC-B")):
        answers = random_answers(rubric, _random.Random(n), 0.4)
        for node in rubric.indicators():  # (the surveys at their best: the answers decide)
            scale = rubric.scales[node.scale]
            answers[node.code] = scale.maximum if scale.kind == "number" else max(scale.values, key=scale.values.get)
        write_template(
            tmp_path / f"{kode}.xlsx", rubric, Unit(kode, f"Kecamatan {kode}", "kecamatan"), "2022-08", answers=answers
        )
    invoke(["report", str(tmp_path), "--out", str(tmp_path / "rapor"), "--target", "WBK", "--format", "md"])
    said = " ".join((tmp_path / "rapor" / "KEC-A.md").read_text(encoding="utf-8").split())
    index = " ".join((tmp_path / "rapor" / "index.md").read_text(encoding="utf-8").split())
    assert "Urutan menurut kekurangan syarat minimum yang ditutup tiap jawaban, lalu menurut tambahan indeks" in said
    assert "Urutan menurut tambahan indeks tiap jawaban" not in said
    assert "urut kekurangan syarat minimum yang ditutupnya, lalu tambahan indeks" in index


def test_one_files_actions_say_which_counts_to_type(tmp_path: Path) -> None:
    # "A.III.5.iii.a: '30 %' → '100 %'": a percentage is not typed; its counts are, and the line did not say which.
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    rubric = load_rubric("pmprb-2020")
    answers = best_answers(rubric)
    # This year's violations (and their sanctions) left blank: 0 %.
    answers.update({"A.III.5.iii.a.n1": 10, "A.III.5.iii.a.n2": None, "A.III.5.iii.a.n3": None})
    for node in rubric.indicators():
        scale = rubric.scales[node.scale]
        if scale.kind == "number":
            answers[node.code] = scale.maximum * 0.8
    unit = Unit("DISHUB", "Dinas Perhubungan", "dinas")
    path = write_template(tmp_path / "dishub.xlsx", rubric, unit, "2022-08", answers=answers)
    out = invoke(["score", str(path), "--target", "AA"], expected_code=1).stdout  # (a blank count: PMPRB-E401)
    assert "1. A.III.5.iii.a: (kosong) → '100%' (+" in out
    assert "; sasaran isian data: LKE!K256 Jumlah pelanggaran tahun ini = 0" in out  # the cell, the count, the figure
    assert "kurang 2,41; cukup memenuhi 1 sasaran capaian untuk mencapai target" in out  # no "memperbaiki"
    # Violations already on record this year (10 → 7: 30 %) stay until January: no step, and what holds it is said.
    answers["A.III.5.iii.a.n2"], answers["A.III.5.iii.a.n3"] = 7, 1
    path = write_template(tmp_path / "dishub.xlsx", rubric, unit, "2022-08", answers=answers)
    out = invoke(["score", str(path), "--target", "AA"], expected_code=0).stdout
    assert "pelanggaran tahun ini = 0" not in out
    assert (
        "kurang 1,51; tidak tercapai walau semua jawaban terbaik; masih kurang: butir A.III.5.iii.a paling tinggi 30% "
        "tahun ini: LKE!K256 Jumlah pelanggaran tahun ini = 7 sudah tercatat"
    ) in out


def test_report_takes_its_formats_from_the_config_unless_given(tmp_path: Path, rubric_2014: Rubric) -> None:
    # report_format = "html" in pmprb.toml was ignored by `pmprb report` (run honoured it): .md pages too.
    workbook = write_official(tmp_path / "dinkes.xlsx", rubric_2014, random_answers(rubric_2014, random.Random(3)))
    config = tmp_path / "pmprb.toml"
    config.write_text('rubric = "lke-rb-2014"\nreport_format = "html"\n', encoding="utf-8")
    invoke(["--config", str(config), "report", str(workbook), "--out", str(tmp_path / "a")])
    assert {p.suffix for p in (tmp_path / "a").iterdir() if p.is_file()} == {".html"}
    flagged = ["--config", str(config), "report", str(workbook), "--out", str(tmp_path / "b"), "--format", "md"]
    invoke(flagged)
    assert {p.suffix for p in (tmp_path / "b").iterdir() if p.is_file()} == {".md"}


def test_text_from_a_workbook_reaches_the_terminal_without_its_control_characters(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # The Identitas kabupaten "…\x1b[2J\x1b]0;PWNED\x07" was quoted raw in the score table's Catatan (E308), and
    # the 8-bit controls (U+009D starts a hyperlink or a window title) passed every filter of the terminal.
    from rich.console import Console

    from pmprb_cli import output
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import Unit
    from pmprb_cli.template import write_template

    hostile = "Kabupaten Lain\x1b[2J\x1b]0;PWNED\x07\x9d8;;https://evil.example/\x9cKLIK"
    unit = Unit("DLH", "Dinas Lingkungan\x9d Hidup\u200b " + "x" * 10_000, "dinas")
    path = write_template(tmp_path / "dlh.xlsx", rubric_2014, unit, "2022-07", hostile)
    batch = build_batch([str(path)], rubric_2014, period="2022-07", target="BB", kabupaten="Kabupaten Contoh")
    console = Console(width=200, record=True, color_system=None)
    console.print(output.score_table(batch, 200))
    shown = console.export_text() + "\n".join(output.summary_lines(batch)) + output.csv_text(batch)
    assert "Lain[2J]0;PWNED8;;https://evil.exa" in shown  # (said, its controls dropped)
    assert not any(ch in shown for ch in "\x1b\x07\x9c\x9d\u200b")
    [result] = batch.assessment.results
    assert result.submission is not None
    name = result.submission.unit_name
    assert len(name) == 200 and name.startswith("Dinas Lingkungan Hidup xxx") and name.endswith("x…")
    assert output.plain("a\x9db\x9bc\x85d\x7fe\tf") == "abcde\tf"
    # A file name's controls are shown escaped; a no-break space is a space (it was shown as \xa0).
    assert output.display_name("a/Dinas\xa0Sosial\u202e\x1b.xlsx") == "Dinas\xa0Sosial\\u202e\\x1b.xlsx"
    # ... unless another file's name would then look the same.
    shown = output.distinct_names(["m/DINAS A.xlsx", "m/DINAS\xa0A.xlsx", "m/Dinas\xa0Sosial.xlsx"])
    assert list(shown.values()) == ["DINAS A.xlsx", "DINAS\\xa0A.xlsx", "Dinas\xa0Sosial.xlsx"]


def test_a_fifo_named_as_registry_or_merge_output_is_refused_not_waited_on(folder: Path, tmp_path: Path) -> None:
    # A FIFO on --registry, or at merge's --out, hung the command until it was killed.
    import os

    pipe = tmp_path / "pipa"
    os.mkfifo(pipe)
    said = invoke(["score", str(folder), "--registry", str(pipe)], expected_code=2).output
    assert "PMPRB-E903" in said and "berkas kosong" in said  # nobody writes to it: read as empty, not waited on
    os.mkfifo(tmp_path / "pipa.xlsx")  # (named as a workbook: a FIFO named otherwise is refused for its suffix)
    said = invoke(["merge", str(folder), "--out", str(tmp_path / "pipa.xlsx")], expected_code=2).output
    assert "PMPRB-E902" in said and "bukan berkas biasa" in said
    # A pipe that is written to (--registry <(…), which names /dev/fd/63) is read as a file is.
    read_end, write_end = os.pipe()
    os.write(write_end, b"kode,nama,jenis\ndinas-a,Unit dinas-a,dinas\n")
    os.close(write_end)
    try:
        out = invoke(["score", str(folder), "--registry", f"/dev/fd/{read_end}", "--format", "json"], expected_code=1)
    finally:
        os.close(read_end)
    assert "Galat [PMPRB-E903]" not in out.output and '"kode":"dinas-a","nama":"Unit dinas-a"' in out.stdout


def test_a_kabupaten_template_not_saved_as_utf8_is_named(folder: Path, tmp_path: Path) -> None:
    # Notepad's "ANSI": UnicodeDecodeError, "kesalahan internal", exit 3, no file named.
    own = tmp_path / "templat"
    own.mkdir()
    (own / "index.md").write_bytes(b"# Rapor PMPRB \xe9 {{ kab.period }}\n")
    args = ["report", str(folder), "--format", "md", "--templates", str(own), "--out", str(tmp_path / "r")]
    said = invoke(args, expected_code=2).output
    assert f"Templat {own / 'index.md'} bukan teks UTF-8" in said and "Simpan ulang templat itu sebagai UTF-8" in said


@pytest.mark.parametrize(
    ("index", "said"),
    [
        # A shell command ran from a kabupaten's template, its output in the rapor.
        ('{{ cycler.__init__.__globals__.os.popen("echo DIJALANKAN").read() }}', "tidak dapat dirender"),
        ("{{ 1 / 0 }}", "index.md baris 1 tidak dapat dirender (ZeroDivisionError)"),  # was exit 3, no name
        ('{% include "rahasia.md" %}', "menunjuk ke luar folder templat"),  # a link to /etc/passwd was read
        ("{% for i in range(10 ** 10) %}x{% endfor %}", "tidak dapat dirender"),  # took every byte of memory
        # Jinja's English reached the evaluator as it was ("'kabupaten_nama' is undefined").
        ("{{ kabupaten_nama.upper() }}", "index.md baris 1 tidak dapat dirender: nama 'kabupaten_nama' tidak dikenal"),
        ("{% if kab %}x", "tidak dapat dirender: templat berakhir sebelum blok ditutup (endif/endfor hilang?)"),
        ("{{ kab.period|tebal }}", "tidak dapat dirender: penyaring (filter) 'tebal' tidak ada"),
        # Rendered before the rekap and the history, from the same data: the rekap's answers were emptied.
        (
            "{% for r in kab.batch.assessment.results %}{% if r.submission %}"
            "{% set _ = r.submission.answers.clear() %}{% endif %}{% endfor %}",
            "tidak dapat dirender",
        ),
        # "Templat _kop_surat.md tidak dapat dirender: kesalahan sintaks": the missing file named as the one that
        # failed, not the template and line including it; refusals in Jinja's English, called syntax errors.
        ('# Rapor\n{% include "_kop_surat.md" %}', "index.md baris 2 menyertakan '_kop_surat.md', yang tidak ada"),
        ("{{ kab.units[0].__class__ }}", "tidak dapat dirender: bagian '__class__' dari 'UnitRow' tidak boleh dipakai"),
        ("{{ kab.units[99].page }}", "tidak dapat dirender: 'tuple' tidak punya unsur ke-99"),
    ],
    ids=["code", "error", "link", "range", "undefined", "unclosed", "filter", "mutate", "include", "unsafe", "index"],
)
def test_a_kabupaten_template_runs_in_the_sandbox_and_its_faults_are_named(
    folder: Path, tmp_path: Path, index: str, said: str
) -> None:
    own = tmp_path / "templat"
    own.mkdir()
    (tmp_path / "rahasia.txt").write_text("RAHASIA\n", encoding="utf-8")
    (own / "rahasia.md").symlink_to(tmp_path / "rahasia.txt")
    (own / "index.md").write_text(index + "\n", encoding="utf-8")
    args = ["report", str(folder), "--format", "md", "--templates", str(own), "--out", str(tmp_path / "r")]
    result = invoke(args, expected_code=2)
    text = " ".join(result.output.split())
    assert "PMPRB-E902" in text and said in text, text
    assert "DIJALANKAN" not in text and "RAHASIA" not in text and not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    ("index", "said"),
    [
        # Two nested loops over a range kept `pmprb run` busy for hours, holding the history's lock.
        (
            "{% set r = range(100000) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}",
            "tidak selesai dalam 1",
        ),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "tidak selesai dalam 1"),
        ("{{ 'x' * 10**8 }}", "menghasilkan lebih dari 64 MB"),  # an index.md of 100 MB was written
        ("{{ 'x' * 10**10 }}", "menghasilkan lebih dari 64 MB"),  # 10 GB asked of memory
        ("{{ 2 ** 1000000000 }}", "menghasilkan lebih dari 64 MB"),  # never ended
        ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", "menghasilkan lebih dari 64 MB"),
    ],
    ids=["loop", "loop-calls", "times", "times-huge", "power", "output"],
)
def test_a_kabupaten_template_page_is_bounded_in_time_and_size(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index: str, said: str
) -> None:
    from pmprb_cli import reporting

    monkeypatch.setattr(reporting, "PAGE_SECONDS", 1.0)
    own = tmp_path / "templat"
    own.mkdir()
    (own / "index.md").write_text(index + "\n", encoding="utf-8")
    args = ["report", str(folder), "--format", "md", "--templates", str(own), "--out", str(tmp_path / "r")]
    text = " ".join(invoke(args, expected_code=2).output.split())
    assert "PMPRB-E902" in text and f"dihentikan: halamannya {said}" in text and "Templat index.md" in text, text
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("name", ["Index.html", "index.htm", "unit.MD"])
def test_a_kabupaten_template_named_almost_as_pmprbs_is_refused(folder: Path, tmp_path: Path, name: str) -> None:
    # "Index.html" (as Windows may save it), "index.htm", "unit.MD": never looked up, pmprb's own template used
    # with no word of the kabupaten's.
    own = tmp_path / "templat"
    own.mkdir()
    (own / name).write_text("Rapor kabupaten kami\n", encoding="utf-8")
    (own / "_style.css").write_text("body { color: black; }\n", encoding="utf-8")  # (a partial alone: fine)
    args = ["report", str(folder), "--format", "html,md", "--templates", str(own), "--out", str(tmp_path / "r")]
    said = " ".join(invoke(args, expected_code=2).output.split())
    meant = {"Index.html": "index.html", "index.htm": "index.html", "unit.MD": "unit.md"}[name]
    assert f"tidak akan dipakai: nama templat harus persis {meant}" in said, said
    (own / name).unlink()
    from typer.testing import CliRunner

    from pmprb_cli.cli import app

    assert "tidak akan dipakai" not in CliRunner().invoke(app, args).output  # (the partial alone is used)


def test_a_kabupaten_template_is_bounded_without_an_alarm_in_memory_and_in_total(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without an interval timer (Windows), two loops over a list or a string made no call and wrote nothing:
    # never stopped. "x"|center(3 * 10**9) took gigabytes before any bound looked. 1 000 pages of 29 s each: hours.
    try:
        import resource
    except ImportError:
        resource = None  # type: ignore[assignment]

    from pmprb_cli import reporting

    own = tmp_path / "templat"
    own.mkdir()
    args = ["report", str(folder), "--format", "md", "--templates", str(own), "--out", str(tmp_path / "r")]

    def said(index: str) -> str:
        (own / "index.md").write_text(index + "\n", encoding="utf-8")
        return " ".join(invoke(args, expected_code=2).output.split())

    monkeypatch.setattr(reporting, "PAGE_SECONDS", 1.0)
    for loops in (
        "{% set r = range(100000)|list %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}",
        "{% for c in 'x' * 100000 %}{% for d in 'y' * 100000 %}{% endfor %}{% endfor %}",
    ):
        assert "halamannya tidak selesai dalam 1 detik" in said(loops)
    limit = resource.getrlimit(resource.RLIMIT_AS) if resource else None
    if Path("/proc/self/statm").exists():
        assert "halamannya memerlukan lebih dari 1 GB memori" in said('{{ "x"|center(3 * 10**9) }}')
        # (a filter of constants, worked out by Jinja as it compiles the template)
        assert "halamannya memerlukan lebih dari 1 GB memori" in said('{{ ("x"|center(3000000000))|length }}')
    assert (resource.getrlimit(resource.RLIMIT_AS) if resource else None) == limit  # (put back, stopped or not)
    monkeypatch.setattr(reporting, "RAPOR_SECONDS", 0.0)
    assert "dihentikan: seluruh rapor tidak selesai dalam 0 detik" in said("{% for i in range(100000) %}{% endfor %}")
    assert not (tmp_path / "r").exists()


def test_a_page_bounded_in_time_leaves_no_stop_behind_for_a_profiler() -> None:
    # The time bound cleared a stop that was never set: CPython 3.11 then looked for one at every call, and with a
    # profile or trace function set (coverage, cProfile) the next line spun for ever, deaf to SIGTERM (covrev).
    import subprocess
    import sys

    code = (
        "import sys, threading\n"
        "from pmprb_cli import reporting\n"
        "sys.setprofile(lambda *a: None)\n"
        "with reporting._watchdog(30.0, 'time'):\n"
        "    pass\n"
        "print(sorted({1, 2, 3}), 'selesai')\n"
    )
    try:  # (run kills the child when it overruns)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        done = None
    assert done is not None and done.stdout == "[1, 2, 3] selesai\n", done


def test_a_kabupaten_partial_of_any_name_but_markdown_is_escaped(tmp_path: Path) -> None:
    # A partial "_tabel.htm" printed a unit's name "<a href=…>" from its workbook as a live link.
    workbook = tmp_path / "in" / "DINKES.xlsx"
    workbook.parent.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "sample_data" / "2022-08" / "DINKES.xlsx", workbook)
    own = tmp_path / "templat"
    own.mkdir()
    (own / "_tabel.htm").write_text("{{ '<a href=x>masuk ulang</a>' }}\n", encoding="utf-8")
    (own / "_tabel.md").write_text("{{ '<b>' }}\n", encoding="utf-8")
    (own / "index.html").write_text('<p>{% include "_tabel.htm" %}</p>', encoding="utf-8")
    (own / "index.md").write_text('{% include "_tabel.md" %}', encoding="utf-8")
    args = [
        "report",
        str(workbook.parent),
        "--format",
        "html,md",
        "--templates",
        str(own),
        "--out",
        str(tmp_path / "r"),
    ]
    invoke(args, expected_code=1)
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "&lt;a href=x&gt;masuk ulang" in page and "<a href=x>" not in page
    assert (tmp_path / "r" / "index.md").read_text(encoding="utf-8").startswith("<b>\n")


def test_an_unknown_pmprb_lang_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    # --lang xx is refused, but PMPRB_LANG=xx fell back to Indonesian without a word.
    monkeypatch.setenv("PMPRB_LANG", "xx")
    assert "PMPRB_LANG='xx' bukan bahasa yang tersedia" in invoke(["codes"]).stderr
    monkeypatch.setenv("PMPRB_LANG", "en_US.UTF-8")
    assert "PMPRB_LANG" not in invoke(["codes"]).stderr


def test_a_template_whose_kode_column_was_deleted_is_told_by_its_own_rubric(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An AKIP template with its Kode column deleted, validated without --rubric: "hanya 0 dari 201 butir rubrik
    # pmprb-2020 … isi templat rubrik yang dipakai kabupaten periode ini (pmprb-2020)" — the default rubric, the
    # wrong form; with --rubric sakip-2021, "12 dari 92 butir" and nothing said of the column.
    import openpyxl

    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    sakip = load_rubric("sakip-2021")
    path = write_template(
        tmp_path / "insp.xlsx",
        sakip,
        Unit("INSP", "Inspektorat", "inspektorat"),
        "2024-06",
        answers=best_answers(sakip),
    )
    book = openpyxl.load_workbook(path)
    book["LKE"].delete_cols(1)
    book.save(path)
    monkeypatch.chdir(tmp_path)
    for args in ([], ["--rubric", "sakip-2021"]):
        said = " ".join(invoke(["validate", str(path), *args], expected_code=1).output.split())
        assert "rubrik sakip-2021" in said and "kolom Kode-nya tidak ada lagi" in said and "pmprb-2020" not in said
    # Beside workbooks another rubric reads, that one is the folder's rubric (the first file did not decide).
    rb = load_rubric("pmprb-2020")
    for n in range(2):
        write_template(tmp_path / f"z{n}.xlsx", rb, Unit(f"U{n}", f"Unit {n}", "dinas"), "2024-06", answers={})
    (tmp_path / "a-insp.xlsx").write_bytes(path.read_bytes())
    path.unlink()
    said = invoke(["validate", str(tmp_path)], expected_code=1).stderr
    assert "Rubrik dikenali dari buku kerja: pmprb-2020" in said


def test_score_and_the_unit_rapor_count_answers_and_reported_figures_alike(tmp_path: Path) -> None:
    # `score` said "7 jawaban diperbaiki dan 2 sasaran isian data Jumlah" where the unit's rapor said "5 mengubah
    # jawaban dan 4 sasaran capaian": two achievement figures (24,3 → 100 % penyederhanaan) counted as answers.
    workbook = Path(__file__).resolve().parents[1] / "sample_data" / "2022-08" / "DISARPUS.xlsx"
    said = " ".join(invoke(["score", str(workbook), "--target", "BB"], expected_code=1).stdout.split())
    found = re.search(
        r"cukup memperbaiki (\d+) jawaban beserta bukti dukungnya dan memenuhi (\d+) sasaran capaian", said
    )
    assert found is not None, said
    # Each answer with its cell: the operator hunted for "A.III.5.i.a" in column A.
    assert re.search(r"\d+\. A\.[IV]+\.\S+ \(LKE!K\d+\): 'C' → 'A'", said), said
    doc = json.loads(invoke(["score", str(workbook), "--target", "BB", "--format", "json"], expected_code=1).stdout)
    cells = [a.get("cell", "") for a in doc["units"][0]["actions"] if not a.get("how")]
    assert cells and all(re.fullmatch(r"LKE!K\d+", c) for c in cells), cells
    invoke(["report", str(workbook), "--target", "BB", "--format", "md", "--out", str(tmp_path)], expected_code=1)
    page = " ".join(next(p for p in tmp_path.glob("*.md") if p.name != "index.md").read_text(encoding="utf-8").split())
    assert f"{found[1]} mengubah jawaban dan {found[2]} sasaran capaian" in page


def test_a_line_of_many_unmet_prerequisites_names_them() -> None:
    # "[PMPRB-W405] Jawaban bertentangan dengan butir prasyarat — 8 kali": the hint says to mend the
    # prerequisite, and only each single line had named it.
    from pmprb_cli.catalogue import finding
    from pmprb_cli.output import _WORDS, _group_line

    group = [
        finding("PMPRB-W405", "DINSOS.xlsx", sheet="LKE", cell=f"K{row}", item=f"A.I.7.iv.{letter}", value="A",
                detail=f"A.I.7.{gate} = Tidak")
        for row, letter, gate in [(150, "d", "iv.c"), (151, "e", "iv.c"), (160, "c", "vi.b"), (161, "d", "vi.b"),
                                  (162, "e", "vi.b"), (170, "b", "ix.a")]
    ]  # fmt: skip
    line = _group_line(group, _WORDS["id"])
    assert "— 6 kali" in line
    assert "(A.I.7.iv.c = Tidak; A.I.7.vi.b = Tidak; A.I.7.ix.a = Tidak)" in line
    english = [finding("PMPRB-W405", "X.xlsx", sheet="LKE", cell=f"K{n}", item="A.I.7.iv.d", value="A",
                       detail="A.I.7.iv.c = Tidak", lang="en") for n in range(6)]  # fmt: skip
    assert "(A.I.7.iv.c = Tidak)" in _group_line(english, _WORDS["en"])


def test_a_line_of_items_placed_at_one_cell_names_the_items() -> None:
    # E202 of a workbook of another rubric, each missing item placed at the cell where it would be: "J195, J195,
    # J195, …" sixteen times told nothing apart.
    from pmprb_cli.catalogue import finding
    from pmprb_cli.output import _WORDS, _group_line

    group = [finding("PMPRB-E202", "X.xlsx", sheet="LKE", cell="J195", item=f"A.I.1.{c}") for c in "abcd"]
    group.append(finding("PMPRB-E202", "X.xlsx", sheet="LKE", cell="J205", item="A.I.2.a"))
    line = _group_line(group, _WORDS["id"])
    assert "LKE (A.I.1.a, A.I.1.b, A.I.1.c, A.I.1.d, A.I.2.a): [PMPRB-E202]" in line and "J195" not in line
    cells = [finding("PMPRB-E401", "X.xlsx", sheet="LKE", cell=f"K{n}", item=f"A.I.{n}.a") for n in (10, 11)]
    assert "LKE!K10, K11: [PMPRB-E401]" in _group_line(cells, _WORDS["id"])


def test_a_config_read_in_a_folder_reached_through_a_symlink_keeps_the_shells_name_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `cd /srv/pmprb` (a link to /data/pmprb) then `pmprb run`: inbox = "../bersama/…" was read from /data (a
    # stale folder there), where --config /srv/pmprb/pmprb.toml read it from /srv.
    from pmprb_cli.config import read_config

    (tmp_path / "data" / "pmprb").mkdir(parents=True)
    (tmp_path / "srv").mkdir()
    (tmp_path / "srv" / "pmprb").symlink_to(tmp_path / "data" / "pmprb")
    (tmp_path / "data" / "pmprb" / "pmprb.toml").write_text(
        'kabupaten = "Kabupaten Uji"\nrubric = "pmprb-2020"\ninbox = "../bersama/masuk/{period}/"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path / "srv" / "pmprb")
    monkeypatch.setenv("PWD", str(tmp_path / "srv" / "pmprb"))
    config = read_config("pmprb.toml")
    assert config.inbox_for("2022-07") == tmp_path / "srv" / "bersama" / "masuk" / "2022-07"
    assert read_config(tmp_path / "srv" / "pmprb" / "pmprb.toml").inbox_for("2022-07") == config.inbox_for("2022-07")
    monkeypatch.setenv("PWD", str(tmp_path))  # (a $PWD that is not the working folder is not taken)
    assert read_config("pmprb.toml").inbox_for("2022-07") == tmp_path / "data" / "bersama" / "masuk" / "2022-07"


def test_the_progress_bar_starts_at_the_first_workbook_and_stops_at_the_last(monkeypatch: pytest.MonkeyPatch) -> None:
    # Started up front, a command that read no workbook (`run` with nothing changed, an empty folder) left it
    # running: stdout redirected to a file went to the terminal, and the cursor stayed hidden after exit.
    import io

    from rich.console import Console

    from pmprb_cli import cli

    screen = io.StringIO()
    monkeypatch.setattr(cli, "_stderr", lambda: Console(file=screen, force_terminal=True, width=80))
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    update = cli._progress(False)
    assert update is not None and screen.getvalue() == ""  # nothing read: nothing shown, nothing hidden
    update(1, 2)
    assert "\x1b[?25l" in screen.getvalue() and "\x1b[?25h" not in screen.getvalue()
    update(2, 2)
    assert "\x1b[?25h" in screen.getvalue()


def test_machine_output_on_stdout_is_utf8_whatever_the_locale() -> None:
    # Under LANG=C or a Latin-1 locale, "Tinjau › Buka Proteksi Lembar" was written "Tinjau ? …": the same
    # inputs gave other bytes, and "×" one Latin-1 byte no JSON reader takes.
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    run = [sys.executable, "-m", "pmprb_cli", "codes", "--format", "json"]
    out = subprocess.run(run, capture_output=True, env=env, check=False)
    assert out.returncode == 0
    text = out.stdout.decode("utf-8")
    assert "›" in text and json.loads(text)
    same = subprocess.run(run, capture_output=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, check=False)
    assert same.stdout == out.stdout


def test_columns_zero_does_not_silence_the_messages(tmp_path: Path) -> None:
    # rich took COLUMNS=0 for a width and printed nothing: a cron run's every error unsaid, exit 2 alone.
    env = {**os.environ, "COLUMNS": "0"}
    out = subprocess.run(
        [sys.executable, "-m", "pmprb_cli", "score", str(tmp_path / "tidak-ada")], capture_output=True, env=env
    )
    assert out.returncode == 2 and "Jalur tidak ditemukan" in out.stderr.decode()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_refused_by_a_full_disk_is_said_as_the_output() -> None:
    # "Sistem menolak: disk penuh … Periksa … folder itu": no folder had been named.
    with open("/dev/full", "wb") as full:
        out = subprocess.run(
            [sys.executable, "-m", "pmprb_cli", "codes", "--format", "json"], stdout=full, stderr=subprocess.PIPE
        )
    said = out.stderr.decode()
    assert out.returncode == 2 and "menulis keluaran (mis. stdout yang dialihkan ke berkas): disk penuh" in said
    assert "folder itu" not in said


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["rubric", "list"], ["validate", str(SAMPLE_DATA / "2022-08" / "DINKES.xlsx")]])
def test_a_full_disk_under_stdout_exits_2_without_pythons_english(args: list[str]) -> None:
    # A cron job's `>> run.log` on a full disk: exit 120 and "Exception ignored … OSError: [Errno 28] No space
    # left on device" after the Indonesian message, while the run's log recorded "kode keluar 2".
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent", "LANG": "C"}
    with open("/dev/full", "wb") as full:
        out = subprocess.run(
            [sys.executable, "-m", "pmprb_cli", *args], stdout=full, stderr=subprocess.PIPE, env=env, timeout=120
        )
    said = out.stderr.decode()
    assert out.returncode == 2 and "disk penuh" in said, said
    assert "Exception" not in said and "Errno" not in said


def test_a_copy_posing_as_a_shipped_rubric_is_said_where_it_is_used(folder: Path, tmp_path: Path) -> None:
    # A kabupaten's copy with other contents under the shipped id and version: `rubric check` said so, score and
    # run used it without a word, every output naming it as the official rubric.
    from pmprb_cli.rubric import load_rubric

    source = Path(load_rubric("lke-rb-2014").path).read_text(encoding="utf-8")
    copy = tmp_path / "rubrik-kab.toml"
    copy.write_text(source.replace('question = "', 'question = "(kab) ', 1), encoding="utf-8")
    result = invoke(["score", str(folder), "--rubric", str(copy), "--format", "json"], expected_code=0)
    said = " ".join(result.stderr.split())
    assert "Perhatian: rubrik " in said and "memakai id dan versi rubrik bawaan (lke-rb-2014 v" in said, said
    plain = invoke(["score", str(folder), "--rubric", "lke-rb-2014", "--format", "json"])
    assert "Perhatian: rubrik" not in plain.stderr


def test_a_copys_scores_as_shown_false_does_not_hide_w208(tmp_path: Path) -> None:
    # A kabupaten's copy with its own weights kept the shipped scores_as: the sample workbooks, made from the
    # shipped v1.1.1, were taken as made from the copy, and PMPRB-W208 was never said.
    from pmprb_cli.rubric import load_rubric

    source = Path(load_rubric("pmprb-2020").path).read_text(encoding="utf-8")
    changed = source.replace('weight = "1*2/5"', 'weight = "2*2/5"', 1).replace(
        'weight = "1*2/5"', 'weight = "0*2/5"', 1
    )
    assert changed != source
    (tmp_path / "rubrik-kab.toml").write_text(changed, encoding="utf-8")
    inbox = sample_inbox(tmp_path / "in", ("DINKES",), "2022-06")
    args = ["validate", str(inbox), "--format", "json"]
    copy = json.loads(invoke([*args, "--rubric", str(tmp_path / "rubrik-kab.toml")], expected_code=0).stdout)
    shipped = json.loads(invoke([*args, "--rubric", "pmprb-2020"], expected_code=0).stdout)
    codes = [{f["code"] for f in said["findings"]} for said in (copy, shipped)]
    assert "PMPRB-W208" in codes[0] and "PMPRB-W208" not in codes[1]


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        (["--period", "08-2022"], "Saran: Maksudnya 2022-08? Tulis periode sebagai TTTT-BB"),
        (["--period", "Agustus 2022"], "Saran: Maksudnya 2022-08? Tulis periode sebagai TTTT-BB"),
        (["--period", "abc"], "Saran: Tulis periode sebagai TTTT-BB"),
        (["--target", "Sangat Baik"], "Saran: Maksudnya BB? Pilih salah satu kode: AA (Sangat Memuaskan), A"),
        (["--target", "Hebat"], "Saran: Pilih salah satu kode: AA (Sangat Memuaskan), A (Memuaskan), BB (Sangat"),
    ],
)
def test_a_period_or_target_written_as_people_write_it_is_refused_with_what_it_means(
    given: list[str], hint: str
) -> None:
    # "--period 08-2022" and "--target 'Sangat Baik'" (the rapor prints "BB (Sangat Baik)") were refused with the
    # format or the codes alone.
    source = str(SAMPLE_DATA / "2022-08" / "DINKES.xlsx")
    said = " ".join(invoke(["score", source, *given], expected_code=2).output.split())
    assert hint in said, said


@pytest.mark.parametrize(
    ("period", "said"),
    [
        ("0000-08", "Periode '0000-08' di luar tahun 2000–2099"),  # (report and merge: "year 0 is out of range")
        ("2202-08", "Periode '2202-08' di luar tahun 2000–2099"),
        ("2022-08\n", r"Periode '2022-08\n' tidak sah"),  # (written into templates with its line end)
        ("２０２２-08", "Periode '２０２２-08' tidak sah"),  # (every 2022-08 workbook "periode lain")
    ],
)
def test_a_period_of_no_year_or_not_in_ascii_digits_is_refused_by_every_command(
    tmp_path: Path, period: str, said: str
) -> None:
    from typer.testing import CliRunner

    from pmprb_cli.cli import app

    source = str(SAMPLE_DATA / "2022-08" / "DINKES.xlsx")
    for args in (
        ["score", source],
        ["validate", source],
        ["report", source, "--out", str(tmp_path / "r")],
        ["merge", source, "--out", str(tmp_path / "m.xlsx")],
        ["template", "--rubric", "pmprb-2020", "--unit", "DINKES", "--out", str(tmp_path / "t")],
    ):
        result = CliRunner().invoke(app, [*args, "--period", period])
        assert result.exit_code == 2 and said in result.output, (args, result.output)
    assert not (tmp_path / "r").exists() and not (tmp_path / "t").exists()


def test_a_workbooks_period_of_year_0_is_shown_as_written() -> None:
    from pmprb_cli.reporting import periode

    assert periode("0000-08") == "0000-08" and periode("2022-08") == "Agustus 2022"


def test_help_states_each_default_once_and_names_folders_as_folders() -> None:
    # "(bawaan: folder ini).  [bawaan: .]" on init; --prefill and --templates, folders, were "<teks>"; --target
    # said "bawaan: target rubrik" though pmprb.toml's wins.
    init = " ".join(invoke(["init", "--help"]).stdout.split())
    assert "(bawaan: folder ini)." in init and "[bawaan: .]" not in init and "(bawaan: pmprb-2020)" in init
    assert "--prefill FOLDER|BERKAS" in " ".join(invoke(["template", "--help"]).stdout.split())
    assert "--templates FOLDER" in " ".join(invoke(["report", "--help"]).stdout.split())
    assert "bawaan: target di pmprb.toml" in " ".join(invoke(["score", "--help"]).stdout.split())


def test_a_usage_error_in_a_commands_options_sends_to_that_commands_help() -> None:
    # "pmprb score --format" was sent to `pmprb --help`, which lists no --format; `history extra` was told to quote
    # an --out history does not have.
    said = invoke(["score", "--format"], expected_code=2).stderr
    assert "Lihat `pmprb score --help`." in said, said
    assert "Lihat `pmprb validate --help`." in invoke(["validate", "--strict=no"], expected_code=2).stderr
    assert "See `pmprb history --help`." in invoke(["--lang", "en", "history", "--unit"], expected_code=2).stderr
    extra = invoke(["--lang", "id", "history", "extra"], expected_code=2).stderr
    assert "--out" not in extra and "Lihat `pmprb history --help`." in extra


def test_a_terminal_that_cannot_show_a_mark_gets_a_plain_one() -> None:
    # A Windows console in cp437: ✓ and ✗, valid and invalid, both printed "?", and "Tinjau ? Buka Proteksi".
    samples = Path(__file__).resolve().parents[1] / "sample_data" / "2022-08"
    env = {**os.environ, "PYTHONIOENCODING": "cp437", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    run = [sys.executable, "-m", "pmprb_cli", "validate", str(samples / "BPKAD.xlsx"), str(samples / "DINKES.xlsx")]
    said = subprocess.run(run, capture_output=True, env=env, check=False).stdout.decode("cp437")
    assert "[OK] BPKAD.xlsx: sah - " in said and "[X] DINKES.xlsx: ada kesalahan - " in said, said[:300]


def test_a_sheet_name_with_spaces_is_quoted_as_excel_takes_it(tmp_path: Path) -> None:
    # "renamed.xlsx LKE Dinkes 2022!K195": refused by Excel's Name Box and Go To, the file's name and the
    # sheet's run together.
    import openpyxl

    book = openpyxl.load_workbook(Path(__file__).resolve().parents[1] / "sample_data" / "2022-08" / "DINKES.xlsx")
    book["LKE"].title = "LKE Dinkes 2022"
    book.save(tmp_path / "renamed.xlsx")
    said = invoke(["validate", str(tmp_path / "renamed.xlsx")], expected_code=1).stdout
    assert "renamed.xlsx 'LKE Dinkes 2022'!K195: [PMPRB-E402]" in said, said
    doc = json.loads(invoke(["validate", str(tmp_path / "renamed.xlsx"), "--format", "json"], expected_code=1).stdout)
    assert {f["sheet"] for f in doc["findings"] if f["cell"]} == {"LKE Dinkes 2022"}  # (data stays as it is)


def test_a_finding_wrapped_on_a_narrow_terminal_keeps_its_indent(monkeypatch: pytest.MonkeyPatch) -> None:
    # At 60 columns a finding's "Saran:" ran on from column 0 into the next finding; TERM=dumb took 80 columns
    # whatever COLUMNS said, and every long line broke twice.
    from types import SimpleNamespace

    from pmprb_cli.cli import _hanging, _width_when_columns_unusable

    line = "      Saran: Ketik salah satu pilihan butir ini (Ya / Tidak), lalu simpan dan kirim ulang buku kerja."
    wrapped = _hanging(line, SimpleNamespace(is_terminal=True, width=60)).splitlines()
    assert len(wrapped) == 2 and all(len(w) <= 60 for w in wrapped), wrapped
    assert wrapped[0].startswith("      Saran:") and wrapped[1].startswith(" " * 8) and wrapped[1].strip()
    assert _hanging(line, SimpleNamespace(is_terminal=False, width=60)) == line  # (a file: whole lines, for grep)
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "60")
    assert _width_when_columns_unusable() == 60
    import rich.console

    from pmprb_cli.cli import _stderr

    monkeypatch.setattr(rich.console.Console, "is_dumb_terminal", property(lambda self: True))
    assert _stderr().width == 60  # (rich took 80 for a dumb terminal given a width without a height)


def test_validate_strict_says_why_valid_files_exit_1() -> None:
    # "sah", "1 sah, 0 ada kesalahan", exit 1: `validate --strict LKE.xlsx || echo GAGAL` with no word of why.
    workbook = Path(__file__).resolve().parents[1] / "sample_data" / "2022-08" / "BPKAD.xlsx"
    plain = invoke(["validate", str(workbook)], expected_code=0)
    assert "--strict" not in plain.stderr
    strict = invoke(["validate", str(workbook), "--strict"], expected_code=1)
    warned = re.search(r"--strict: (\d+) peringatan membuat kode keluar 1", strict.stderr)
    assert warned is not None and int(warned.group(1)) > 0, strict.stderr
    doc = json.loads(invoke(["validate", str(workbook), "--strict", "--format", "json"], expected_code=1).stdout)
    assert int(warned.group(1)) == sum(1 for f in doc["findings"] if f["severity"] == "warning")


def test_a_tick_the_operator_typed_is_not_said_as_pmprbs_own_mark(tmp_path: Path) -> None:
    # On cp1252 an answer typed ✓ was quoted "Jawaban '[OK]'" and "LKE ✓.xlsx" printed "LKE [OK].xlsx": pmprb's
    # word for a valid file, nowhere in the cell.
    import openpyxl

    samples = Path(__file__).resolve().parents[1] / "sample_data" / "2022-08"
    book = openpyxl.load_workbook(samples / "BPKAD.xlsx")
    book["LKE"]["K13"] = "✓"
    book.save(tmp_path / "BPKAD ✓.xlsx")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    run = [sys.executable, "-m", "pmprb_cli", "validate", str(tmp_path / "BPKAD ✓.xlsx")]
    said = subprocess.run(run, capture_output=True, env=env, check=False).stdout.decode("cp1252")
    assert "[X] BPKAD \\u2713.xlsx: ada kesalahan" in said and "'\\u2713'" in said, said[:600]
    assert "[OK]" not in said


def test_a_lock_file_another_user_holds_is_still_a_lock_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Excel's ~$DINKES.xlsx of a workbook another operator has open, not readable here: it was listed and said
    # "tidak dapat dinilai … izin ditolak", 2 files for 1.
    from pmprb_cli import pipeline

    lock = tmp_path / "~$DINKES.xlsx"
    lock.write_bytes(b"\x08operator" + bytes(150))
    real_open = Path.open

    def refused(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == lock.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refused)
    assert pipeline._is_lock_file(lock)
    assert pipeline.expand_paths([str(tmp_path)]) == []


@pytest.mark.parametrize("command", ["report", "merge", "template", "export", "init"])
def test_an_output_path_typed_with_windows_backslashes_is_refused_with_the_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # `report --out 'hasil\rapor'` made one folder named "hasil\rapor", a name Windows cannot open.
    august = ROOT / "sample_data" / "2022-08"
    monkeypatch.chdir(tmp_path)
    out = "hasil\\keluaran"
    args = {
        "report": ["report", str(august), "--out", out],
        "merge": ["merge", str(august), "--out", out + ".xlsx"],
        "template": ["template", "--rubric", "pmprb-2020", "--unit", "Dinas Uji", "--out", out],
        "export": ["export", "--period", "2022-09", "--out", out],
        "init": ["init", out],
    }[command]
    said = " ".join(invoke(args, 2).stderr.split())
    assert "pemisah folder \\ tidak dipakai di sistem ini" in said and "mis. hasil/keluaran" in said, said
    assert os.listdir(tmp_path) == []
    # The registry, the config, a rubric file and report's templates named with \ get the same hint where they are
    # not found.
    for other in (
        ["score", str(august), "--registry", "data\\unit.csv"],
        ["--config", "data\\pmprb.toml", "history"],
        ["score", str(august), "--rubric", "data\\kab.toml"],
        ["report", str(august), "--out", "rapor", "--templates", "data\\tpl"],
    ):
        assert "mis. data/" in " ".join(invoke(other, 2).stderr.split()), other
    # A folder of that very name, made here on purpose, is written to as before.
    if command == "report":
        os.mkdir(out)
        invoke(args, 1)  # (the sample's files with errors: exit 1)
        assert (tmp_path / out / "index.html").is_file()


def test_the_units_yet_to_send_are_named_up_to_15_on_one_line(tmp_path: Path) -> None:
    # Early in the month (2 of 80 units sent) merge and score printed every missing kode on one line of 1 000
    # characters; run names 15.
    registry = tmp_path / "unit.csv"
    kodes = [f"KEC-{n:02}" for n in range(40)]
    registry.write_text("kode,nama,jenis\n" + "".join(f"{k},Kecamatan {k},kecamatan\n" for k in kodes), "utf-8")
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    shutil.copy(ROOT / "sample_data" / "2022-08" / "DINKES.xlsx", inbox)
    args = [str(inbox), "--registry", str(registry), "--period", "2022-08"]
    named = "Belum mengirim: " + ", ".join(kodes[:15]) + " dan 25 lagi"
    assert f"{named} (semuanya di --format json)" in invoke(["score", *args], expected_code=1).stdout
    merged = invoke(["merge", *args, "--out", str(tmp_path / "rekap.xlsx")], expected_code=1).stderr
    assert f"{named}\n" in merged


def test_an_unreadable_workbook_in_the_score_json_names_its_unit() -> None:
    # KEC-CIBENDA.xlsx, truncated: the CSV's row named the unit, the JSON's failed[] only the file.
    folder = Path(__file__).resolve().parents[1] / "sample_data" / "2022-07"
    registry = str(folder.parent / "registry.csv")
    args = ["score", str(folder), "--registry", registry, "--period", "2022-07", "--format", "json"]
    (failed,) = json.loads(invoke(args, expected_code=1).stdout)["failed"]
    assert failed["code"] == "PMPRB-E103"
    assert failed["unit"] == {"kode": "KEC-CIBENDA", "nama": "Kecamatan Cibenda", "jenis": "kecamatan"}


def test_validate_and_score_json_are_the_same_in_every_language_but_messages(tmp_path: Path) -> None:
    # A finding's value followed --lang: '1250,5' under id, '1250.5' under en (W411, W412, W413, W417, W419,
    # "(kosong)"/"(blank)"), so a dashboard reading the JSON saw other data for the same workbook.
    import openpyxl

    source = SAMPLE_DATA / "2022-08" / "BAPPEDA.xlsx"
    book = openpyxl.load_workbook(source)
    sheet = book["LKE"]
    header = next(r for r in sheet.iter_rows(max_row=20) if any(c.value == "Jawaban" for c in r))
    columns = {c.value: c.column for c in header if c.value}
    rows = [r for r in range(header[0].row + 1, sheet.max_row + 1) if sheet.cell(r, 1).value]
    for n, r in enumerate(rows[:40]):
        sheet.cell(r, columns["Jawaban"]).value = (4.5, 1250.5, 0.875, "2,5")[n % 4]
        sheet.cell(r, columns["Jawaban Evaluator"]).value = (2.5, 0.875)[n % 2]
    path = tmp_path / "BAPPEDA.xlsx"
    book.save(path)

    def without_words(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: without_words(v) for k, v in value.items() if k not in ("message", "hint")}
        return [without_words(v) for v in value] if isinstance(value, list) else value

    for command in ("validate", "score"):
        indonesian = json.loads(invoke([command, str(path), "--format", "json"], 1).stdout)
        english = json.loads(invoke(["--lang", "en", command, str(path), "--format", "json"], 1).stdout)
        assert without_words(indonesian) == without_words(english), command
    findings = json.loads(invoke(["--lang", "en", "validate", str(path), "--format", "json"], 1).stdout)["findings"]
    values = {f["value"] for f in findings}
    assert "1250,5" in values and "1250.5" not in values
    assert any("1250.5" in f["message"] for f in findings)  # the English message writes it as English does
    # and so does an English line gathering many findings of one code, quoting what was typed
    text = invoke(["--lang", "en", "validate", str(path)], 1).stdout
    assert "'4.5'" in text and "'4,5'" not in text, text


@pytest.mark.parametrize("option", ["--lang", "--config"])
def test_a_global_option_written_last_without_its_value_is_said_to_need_one(option: str) -> None:
    # `pmprb validate F --lang` was "Opsi --lang tidak dikenal … Opsi umum ditulis sebelum perintah", though
    # README allows these options after the command.
    result = invoke(["validate", str(SAMPLE_DATA / "2022-08" / "DINKES.xlsx"), option], expected_code=2)
    said = " ".join(result.stderr.split())
    assert f"Opsi '{option}' memerlukan nilai" in said and "tidak dikenal" not in said


def test_a_language_refused_is_said_in_one_language(monkeypatch: pytest.MonkeyPatch) -> None:
    # PMPRB_LANG=en with --lang xx: "Invalid value for '--lang': 'xx' bukan bahasa yang tersedia" in one line.
    monkeypatch.setenv("PMPRB_LANG", "en")
    said = " ".join(invoke(["--lang", "xx", "codes"], expected_code=2).stderr.split())
    assert "Invalid value for '--lang': 'xx' is not a language pmprb speaks; choose id or en." in said


def test_a_merged_area_column_adds_its_parts_as_they_are_shown() -> None:
    # ZI's score table merges A.I.2 and A.II.2 into one column: it read 4,23 beside 2,22 + 2,00 shown everywhere
    # else (the unrounded sum rounded).
    from pmprb_cli.output import _shown_sum

    assert _shown_sum([2.2249, 2.0049]) == "4,22"
    assert _shown_sum([3.3249, 3.905]) == "7,23"


def test_percent_and_evaluator_number_values_are_the_same_in_every_language(tmp_path: Path) -> None:
    # I504 (a %-formatted cell read as the percentage shown), W437/E413 and I502 (an evaluator's number) still
    # wrote their value as the language does: "61,45%" under id, "61.45%" under en; "0,75" against "0.75".
    import openpyxl

    book = openpyxl.load_workbook(SAMPLE_DATA / "2022-08" / "BAPPEDA.xlsx")
    sheet = book["LKE"]
    assert [sheet[f"A{r}"].value for r in (200, 202, 207)] == ["A.II.2.a", "A.II.3.a", "A.II.5.b"]  # 0–100 items
    sheet["K200"], sheet["K200"].number_format = 0.6145, "0.00%"  # shown 61,45%: I504
    sheet["K207"], sheet["K207"].number_format = 0.685, "0.0%"
    sheet["O202"] = 70.25  # the evaluator's own figure: I502
    path = tmp_path / "BAPPEDA.xlsx"
    book.save(path)
    kept: dict[str, set[str]] = {}
    for lang in ("id", "en"):
        found = json.loads(invoke(["--lang", lang, "validate", str(path), "--format", "json"], 0).stdout)["findings"]
        kept[lang] = {
            f"{f['code']} {f['cell']} {f['value']}" for f in found if f["code"] in ("PMPRB-I502", "PMPRB-I504")
        }
    assert kept["id"] == kept["en"]
    assert {"PMPRB-I504 K200 61,45%", "PMPRB-I504 K207 68,5%", "PMPRB-I502 O202 70,25"} <= kept["en"]


def test_a_non_ascii_file_name_under_an_ascii_file_system_encoding_is_no_internal_error(tmp_path: Path) -> None:
    # LC_ALL=C with PYTHONUTF8=0: "DINSOS – revisi ✓.xlsx" stopped every command with "Kesalahan internal pmprb
    # (UnicodeEncodeError …)", exit 3. The file is said; the batch goes on with the others.
    shutil.copy(SAMPLE_DATA / "2022-08" / "DINSOS.xlsx", tmp_path / "DINSOS \u2013 revisi \u2713.xlsx")
    shutil.copy(SAMPLE_DATA / "2022-08" / "DINKES.xlsx", tmp_path / "DINKES.xlsx")
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C", "PYTHONUTF8": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "pmprb_cli", "validate", str(tmp_path)], capture_output=True, env=env, timeout=120
    )
    said = done.stdout.decode("ascii", "replace") + done.stderr.decode("ascii", "replace")
    assert done.returncode == 1 and "Kesalahan internal" not in said
    assert "DINKES.xlsx: ada kesalahan" in said and "DINSOS \\xe2\\x80\\x93 revisi" in said
    # (said as what it is: the locale, not "berkas tidak ditemukan, kirim ulang" of a file that is there)
    assert "[PMPRB-E111]" in said and "LANG=C.UTF-8" in said and "tidak ditemukan" not in said


def test_an_unreadable_sending_of_a_unit_scored_from_another_file_says_which_file_counts(tmp_path: Path) -> None:
    # "LKE DINKES revisi.xlsx" cut short beside the older DINKES.xlsx that then ranked: nothing linked the two; and
    # "LKE DISPERTA (2).xlsx" of 0 bytes was told "kirim ulang berkas LKE yang sudah diisi", the unit's own LKE
    # ranked third (messyrev).
    inbox = sample_inbox(tmp_path / "masuk", ["DINKES", "DISPERTA", "SETDA"])
    data = (inbox / "DINKES.xlsx").read_bytes()
    (inbox / "LKE DINKES revisi.xlsx").write_bytes(data[: len(data) // 2])
    (inbox / "LKE DISPERTA (2).xlsx").write_bytes(b"")
    (inbox / "LKE SETWAN.xlsx").write_bytes(b"")  # (a unit with no other file: no such note)
    # (a file of the unit never ranked, another month's, is not the one it is scored from, though it sorts first)
    shutil.copy(SAMPLE_DATA / "2022-07" / "DINKES.xlsx", inbox / "A DINKES juli.xlsx")
    registry = str(SAMPLE_DATA / "registry.csv")
    said = invoke(["validate", str(inbox), "--registry", registry, "--period", "2022-08"], expected_code=1).stdout
    lines = said.splitlines()
    for bad, good in (("LKE DINKES revisi.xlsx", "DINKES.xlsx"), ("LKE DISPERTA (2).xlsx", "DISPERTA.xlsx")):
        at = next(n for n, line in enumerate(lines) if line.startswith(f"✗ {bad}"))
        note = " ".join(" ".join(lines[at + 1 : at + 5]).split())
        assert f"Catatan: unit ini dinilai dari {good}. Bila berkas ini revisi yang lebih baru" in note, note
    at = next(n for n, line in enumerate(lines) if line.startswith("✗ LKE SETWAN.xlsx"))
    assert "dinilai dari" not in " ".join(lines[at + 1 : at + 4])
    out = tmp_path / "rapor"
    args = ["report", str(inbox), "--registry", registry, "--period", "2022-08", "--out", str(out), "--format", "md"]
    invoke(args, expected_code=1)
    page = " ".join((out / "DINKES.md").read_text(encoding="utf-8").split())
    assert "Unit ini juga mengirim " in page and "LKE DINKES revisi.xlsx (tidak dapat dibaca, PMPRB-E103)" in page
    index = " ".join((out / "index.md").read_text(encoding="utf-8").split())
    assert "Dinas Kesehatan (DINKES); dinilai dari DINKES.xlsx" in index


def test_score_says_which_steps_wait_on_their_gate_as_the_rapor_does(tmp_path: Path) -> None:
    # A step whose whole gain waited on an earlier one ("A.I.5.iv.e 'Tidak' → 'Ya' (+0,27)", +0,40 once its gate
    # rose) read as its own in score's list; the rapor marked it "setelah A.I.5.iv.b" (mentorrev).
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    rubric = load_rubric("pmprb-2020")
    answers = random_answers(rubric, random.Random(8), quality=0.8)
    answers.update({"A.I.5.iv.b": "D", "A.I.5.iv.c": "Tidak", "A.I.5.iv.d": "Tidak", "A.I.5.iv.e": "Tidak"})
    answers.update({"A.I.1.ii.a": "Tidak", "A.I.1.ii.b": "C", "A.I.1.ii.c": "C", "A.I.1.ii.d": "C", "A.I.1.ii.e": "C"})
    path = write_template(tmp_path / "DINKES.xlsx", rubric, Unit("DINKES", "Dinas Kesehatan", "dinas"), "2022-08",
                          answers=answers)  # fmt: skip
    doc = json.loads(invoke(["score", str(path), "--target", "A", "--format", "json"]).stdout)
    [unit] = doc["units"]
    waiting = [a for a in unit["actions"][: unit["actions_needed"]] if a.get("after")]
    assert waiting, "no step that waits on its gate"
    said = invoke(["score", str(path), "--target", "A"]).stdout
    for action in waiting:
        line = next(x for x in said.splitlines() if f". {action['code']} (" in x)
        assert f"; setelah {', '.join(action['after'])}" in line, line


def test_the_score_csv_says_which_rows_count_and_the_month_processed(tmp_path: Path) -> None:
    # Appended month by month, a unit's second file and another month's workbook left in the inbox were counted
    # twice: an empty "rank" was their only mark, "status" invalid for ranked units with errors too (datarev2).
    inbox = sample_inbox(tmp_path / "masuk", ["DINKES", "SETDA", "DISHUB"], cut="SETDA")
    shutil.copy(SAMPLE_DATA / "2022-08" / "dishub (revisi).xlsx", inbox / "dishub (revisi).xlsx")
    shutil.copy(SAMPLE_DATA / "2022-07" / "BPKAD.xlsx", inbox / "BPKAD juli.xlsx")
    args = ["score", str(inbox), "--registry", str(SAMPLE_DATA / "registry.csv"), "--period", "2022-08"]
    text = invoke([*args, "--format", "csv"], expected_code=1).stdout
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in csv.DictReader(io.StringIO(text))}
    assert list(rows["DINKES.xlsx"])[-3:] == ["diperingkat", "alasan_tidak_diperingkat", "periode_proses"]
    said = {name: (r["diperingkat"], r["alasan_tidak_diperingkat"], r["periode_proses"]) for name, r in rows.items()}
    assert said["DINKES.xlsx"] == ("True", "", "2022-08")
    assert said["dishub (revisi).xlsx"] == ("True", "", "2022-08")
    assert said["DISHUB.xlsx"][0] == "False" and said["DISHUB.xlsx"][1].startswith("kiriman lain unit yang sama")
    assert said["BPKAD juli.xlsx"][0] == "False" and "2022-07" in said["BPKAD juli.xlsx"][1]
    assert said["SETDA.xlsx"] == ("False", "tidak dapat dibaca (PMPRB-E103)", "2022-08")
    assert rows["BPKAD juli.xlsx"]["periode"] == "2022-07"  # (its own month; the run's is periode_proses)


def test_a_kotas_kelurahan_rank_as_kelurahan_with_their_own_award(tmp_path: Path) -> None:
    # A kota's kelurahan could not be registered as such ("jenis 'kelurahan' tidak dikenal; mungkin 'lainnya'?"):
    # as lainnya, Kelurahan Sukasari won "★ Perangkat daerah terbaik" over every dinas (kotarev).
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    rubric = load_rubric("pmprb-2020")
    units = (
        Unit("DINKES", "Dinas Kesehatan", "dinas"),
        Unit("KEC-TENGAH", "Kecamatan Tengah", "kecamatan"),
        Unit("KEL-SARI", "Kelurahan Sukasari", "kelurahan"),
        Unit("KEL-MEKAR", "Kelurahan Mekarjaya", "kelurahan"),
    )
    registry = tmp_path / "daftar.csv"
    registry.write_text("kode,nama,jenis\n" + "".join(f"{u.kode},{u.nama},{u.jenis}\n" for u in units))
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    for n, unit in enumerate(units):
        quality = 0.95 if unit.kode == "KEL-SARI" else 0.5 + n / 20
        answers = random_answers(rubric, random.Random(n), quality)
        write_template(inbox / f"{unit.kode}.xlsx", rubric, unit, "2022-08", "Kota Contoh", answers)
    args = ["score", str(inbox), "--registry", str(registry), "--period", "2022-08", "--target", "BB"]
    doc = json.loads(invoke([*args, "--format", "json"]).stdout)
    by_kode = {u["unit"]["kode"]: u for u in doc["units"]}
    assert by_kode["KEL-SARI"]["rank"] == 1 and by_kode["KEL-SARI"]["unit"]["jenis"] == "kelurahan"
    assert doc["summary"]["best_perangkat_daerah"] == ["DINKES"]
    assert doc["summary"]["best_kecamatan"] == ["KEC-TENGAH"] and doc["summary"]["best_kelurahan"] == ["KEL-SARI"]
    said = " ".join(invoke(args).stdout.split())
    assert "Perangkat daerah terbaik: Dinas Kesehatan" in said and "Kelurahan terbaik: Kelurahan Sukasari" in said
    # Registered as lainnya (the only way before pmprb knew kelurahan), it is read as the kelurahan it is: the kota's
    # registry was refused, its cron run stopped (diffrev17). As a kecamatan, it is said, as a kecamatan registered
    # as a dinas is.
    older = tmp_path / "lama.csv"
    older.write_text(registry.read_text().replace(",kelurahan\n", ",lainnya\n"))
    old_args = ["score", str(inbox), "--registry", str(older), "--period", "2022-08", "--target", "BB"]
    doc = json.loads(invoke([*old_args, "--format", "json"]).stdout)
    assert doc["summary"]["best_kelurahan"] == ["KEL-SARI"] and doc["summary"]["best_perangkat_daerah"] == ["DINKES"]
    wrong = tmp_path / "salah.csv"
    wrong.write_text("kode,nama,jenis\nKEL-SARI,Kelurahan Sukasari,kecamatan\n")
    refused = invoke(["score", str(inbox), "--registry", str(wrong), "--period", "2022-08"], expected_code=2)
    assert (
        "jenis 'kecamatan' untuk 'Kelurahan Sukasari', yang namanya diawali Kelurahan: mungkin 'kelurahan'?"
        in " ".join(refused.stderr.split())
    )


def test_merge_and_report_name_the_files_they_do_not_read(tmp_path: Path) -> None:
    # "LKE DLH.xlsx.pdf", the unit's only sending: score and validate named it, merge and report only listed DLH
    # as not sent (messyrev).
    inbox = sample_inbox(tmp_path / "masuk", ["DINKES", "SETDA"])
    (inbox / "LKE DLH.xlsx.pdf").write_bytes(b"%PDF-1.4\n")
    registry = ["--registry", str(SAMPLE_DATA / "registry.csv"), "--period", "2022-08"]
    said = "Tidak dibaca (bukan buku kerja .xlsx/.xlsm/.xls): LKE DLH.xlsx.pdf"
    merged = invoke(["merge", str(inbox), *registry, "--out", str(tmp_path / "rekap.xlsx")], expected_code=1)
    assert said in " ".join(merged.stderr.split())
    reported = invoke(["report", str(inbox), *registry, "--out", str(tmp_path / "rapor")], expected_code=1)
    assert said in " ".join(reported.stderr.split())


def test_a_units_lke_sent_as_a_pdf_or_an_archive_is_said_in_every_output(tmp_path: Path) -> None:
    # "LKE DLH.xlsx.pdf" and "Kiriman WA/DISDIK.rar" were named on the terminal only: the rekap's Belum Mengirim sheet
    # and the rapor listed DLH and DISDIK as having sent nothing, and validate's and score's JSON had no word of
    # them (messyrev, diffrev18). A file naming no unit ("scan rapat.pdf") is listed on the rapor too.
    import jsonschema
    import openpyxl

    inbox = sample_inbox(tmp_path / "2022-08", ["DINKES", "SETDA"])
    (inbox / "LKE DLH.xlsx.pdf").write_bytes(b"%PDF-1.4\n")
    (inbox / "Kiriman WA").mkdir()
    (inbox / "Kiriman WA" / "DISDIK.rar").write_bytes(b"Rar!\x1a\x07\x00")
    (inbox / "scan rapat.pdf").write_bytes(b"%PDF-1.4\n")
    registry = ["--registry", str(SAMPLE_DATA / "registry.csv"), "--period", "2022-08"]
    pdf, rar = (
        "mengirim LKE DLH.xlsx.pdf, bukan buku kerja .xlsx/.xlsm/.xls (tidak dibaca)",
        "mengirim DISDIK.rar, arsip",
    )
    validated = json.loads(invoke(["validate", str(inbox), *registry, "--format", "json"], expected_code=1).stdout)
    schema = ROOT / "pmprb_cli" / "schemas" / "validate.schema.json"
    jsonschema.validate(validated, json.loads(schema.read_text(encoding="utf-8")))
    listed = [str(inbox / "LKE DLH.xlsx.pdf"), str(inbox / "scan rapat.pdf"), str(inbox / "Kiriman WA" / "DISDIK.rar")]
    assert validated["not_read"] == listed
    # Each missing unit with the file that may be its own, as the text pairs them (diffrev21).
    sent = {u["kode"]: u["file"] for u in validated["missing_units"]}
    assert sent["DLH"] == listed[0] and sent["DISDIK"] == listed[2] and sent["DPUPR"] is None
    scored = json.loads(invoke(["score", str(inbox), *registry, "--format", "json"], expected_code=1).stdout)
    _follows_score_schema(scored)
    assert scored["not_read"] == listed and {"DLH", "DISDIK"} <= set(scored["summary"]["missing_units"])
    said = " ".join(invoke(["score", str(inbox), *registry], expected_code=1).stdout.split())
    assert f"DLH ({pdf}" in said and f"DISDIK ({rar}" in said
    rekap = tmp_path / "rekap.xlsx"
    invoke(["merge", str(inbox), *registry, "--out", str(rekap)], expected_code=1)
    rows = {
        row[0]: " ".join(str(c) for c in row if c)
        for row in openpyxl.load_workbook(rekap, read_only=True)["Belum Mengirim"].iter_rows(values_only=True)
    }
    assert pdf in rows["DLH"] and rar in rows["DISDIK"] and "mengirim LKE" not in rows["DPUPR"]
    invoke(["report", str(inbox), *registry, "--out", str(tmp_path / "rapor")], expected_code=1)
    page = " ".join((tmp_path / "rapor" / "index.md").read_text(encoding="utf-8").split())
    assert pdf in page and rar in page
    # (counted, not named: a file's name may name a person; privrev)
    assert "1 berkas lain di folder masuk tidak dibaca" in page and "scan rapat" not in page
    # A unit's own file named there, a phone number in its name masked (diffrev21); so is a ranked workbook's
    # wherever the rapor names it (privrev: an operator's number on the rapim's screen).
    (inbox / "LKE DLH.xlsx.pdf").rename(inbox / "LKE DLH 0813-1111-2222.pdf")
    (inbox / "SETDA.xlsx").rename(inbox / "SETDA Budi 081234567890.xlsx")
    invoke(["report", str(inbox), *registry, "--out", str(tmp_path / "rapor2")], expected_code=1)
    pages = " ".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "rapor2").iterdir()))
    page = " ".join((tmp_path / "rapor2" / "index.md").read_text(encoding="utf-8").split())
    assert "mengirim LKE DLH (nomor disamarkan).pdf, bukan buku kerja" in page and "1111-2222" not in pages
    assert "SETDA Budi (nomor disamarkan).xlsx" in page and "081234567890" not in pages


def test_a_link_loop_in_the_inbox_hides_no_file_not_read_and_many_scans_hide_no_units_pdf(tmp_path: Path) -> None:
    # A symlink loop's ELOOP dropped every file of the folder from the list (DLH's PDF unsaid); past 1 000 scans of
    # roll calls, DLH's PDF went unsaid again and "1.000" was said of 1 001 (hostrev11).
    inbox = sample_inbox(tmp_path / "2022-08", ["DINKES"])
    (inbox / "LKE DLH.xlsx.pdf").write_bytes(b"%PDF-1.4\n")
    os.symlink(inbox / "b", inbox / "a")
    os.symlink(inbox / "a", inbox / "b")
    for n in range(1200):
        (inbox / f"Absensi apel {n:04}.pdf").write_bytes(b"%PDF")
    registry = ["--registry", str(SAMPLE_DATA / "registry.csv"), "--period", "2022-08"]
    scored = json.loads(invoke(["score", str(inbox), *registry, "--format", "json"], expected_code=1).stdout)
    assert len(scored["not_read"]) == 1201 and str(inbox / "LKE DLH.xlsx.pdf") in scored["not_read"]
    said = " ".join(invoke(["score", str(inbox), *registry], expected_code=1).stdout.split())
    assert "DLH (mengirim LKE DLH.xlsx.pdf, bukan buku kerja" in said


def test_templates_of_a_kabupatens_own_rubric_are_not_scored_under_a_shipped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Scored without --rubric, they were "Rubrik dikenali dari buku kerja: lke-rb-2014" and ranked at 45,93 for the
    # 45,72 the kabupaten's own weights give (rubrikrev).
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric, resolve_rubric
    from pmprb_cli.template import write_template

    text = Path(resolve_rubric("lke-rb-2014")).read_text(encoding="utf-8")
    own = tmp_path / "lke-rb-2014-kab.toml"
    own.write_text(text.replace('id = "lke-rb-2014"', 'id = "lke-rb-2014-kab"', 1), encoding="utf-8")
    rubric = load_rubric(str(own))
    path = write_template(
        tmp_path / "dinkes.xlsx",
        rubric,
        Unit("DINKES", "Dinas Kesehatan", "dinas"),
        "2022-08",
        "K",
        best_answers(rubric),
    )
    monkeypatch.chdir(tmp_path)  # (no pmprb.toml here)
    said = " ".join(invoke(["score", str(path)], expected_code=2).output.split())
    assert "Buku kerja dinkes.xlsx dibuat dari rubrik lke-rb-2014-kab, yang bukan rubrik bawaan pmprb" in said, said
    assert "--rubric BERKAS.toml" in said and "dikenali" not in said
    named = invoke(["score", str(path), "--rubric", str(own), "--format", "json"])
    assert json.loads(named.stdout)["units"][0]["rank"] == 1
    # A rubric cell that reads no rubric's id (a damaged string table shifted "2022-07" there) is no kabupaten's
    # rubric to ask for: the file is read as before, its damage said (fuzzrev).
    import openpyxl

    book = openpyxl.load_workbook(path)
    (cell,) = [c for row in book["Identitas"].iter_rows() for c in row if c.value == "lke-rb-2014-kab"]
    cell.value = "2022-07"
    book.save(tmp_path / "shifted.xlsx")
    shifted = invoke(["score", str(tmp_path / "shifted.xlsx")], expected_code=1)
    assert "bukan rubrik bawaan" not in shifted.output, shifted.output
    # One such template among the shipped rubric's official forms: those are scored, it is E207 (the whole folder
    # was refused for it; diffrev23).
    folder = tmp_path / "masuk"
    folder.mkdir()
    shutil.copy(path, folder / "00-tetangga.xlsx")
    for n in range(3):
        official = load_rubric("lke-rb-2014")
        write_official(folder / f"unit{n}.xlsx", official, best_answers(official), instansi=f"Dinas {n}")
    mixed = json.loads(invoke(["score", str(folder), "--format", "json"], expected_code=1).stdout)
    assert len(mixed["units"]) == 4 and sum(1 for u in mixed["units"] if u["rank"] is not None) >= 3
    assert any(f["code"] == "PMPRB-E207" and f["file"].endswith("00-tetangga.xlsx") for f in mixed["findings"])
