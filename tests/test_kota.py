"""A kota's outputs say "kota": its templates, its rekap and its package for Kemenpan-RB (kotaword).

A kota ("Kota Contoh" in pmprb.toml) read "KABUPATEN :", "Buku kerja kabupaten", "LKE-kabupaten-usulan-…" in
everything pmprb wrote for it. A kabupaten's outputs, and those of a pemda whose kind its name does not say, keep
the word they had (the rapor goldens, and the tests of test_merge.py and test_monthly.py, hold them).
"""

from __future__ import annotations

import json
import random
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from pmprb_cli.checks import pemda_word, same_kabupaten
from pmprb_cli.cli import app
from pmprb_cli.layout import IDENTITY_SHEET, LKE_SHEET
from pmprb_cli.merging import USULAN
from pmprb_cli.models import Rubric
from pmprb_cli.pipeline import load
from pmprb_cli.registry import Unit
from pmprb_cli.rubric import load_rubric
from pmprb_cli.template import write_template
from pmprb_cli.workbook import usulan_sheet

from .conftest import ROOT, invoke
from .factories import random_answers
from .test_monthly import CONFIG as KABUPATEN_CONFIG
from .test_monthly import assert_sent_copy, write_settings

KOTA = "Kota Uji"
PERIOD = "2022-07"
UNITS = (
    Unit("DINKES", "Dinas Kesehatan", "dinas"),
    Unit("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan"),
    Unit("KEC-UTARA", "Kecamatan Uji Utara", "kecamatan"),
    Unit("KEL-SARI", "Kelurahan Sukasari", "kelurahan"),
)
CONFIG = KABUPATEN_CONFIG.replace('"Kabupaten Uji"', f'"{KOTA}"')  # (the kabupaten's set-up, for a kota)


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric("pmprb-2020")


def texts(path: Path, sheet: str | None = None) -> dict[str, str]:
    """Every text cell of a workbook (or of one sheet), by "Sheet!A1"."""
    book = openpyxl.load_workbook(path)
    sheets = [book[sheet]] if sheet else book.worksheets
    return {
        f"{ws.title}!{c.coordinate}": c.value
        for ws in sheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }


def test_the_word_is_kota_only_for_a_name_that_says_kota() -> None:
    for name in ("Kota Contoh", "KOTA CONTOH", "Pemerintah Kota Contoh", "Pemkot Contoh", "Kota Bogor, Provinsi Jawa"):
        assert pemda_word(name) == "kota", name
    # A kind after the name is its kind (hostrev11: "Bogor Kota" was "kabupaten"), but Lima Puluh Kota's own.
    for name in ("Bogor Kota", "Bogor City", "Bogor Kota, Jawa Barat"):
        assert pemda_word(name) == "kota", name
    for name in ("Lima Puluh Kota", "Kab. 50 Kota", "Bogor Regency"):
        assert pemda_word(name) == "kabupaten", name
    # A kabupaten, and a name that does not say its kind, keep the word every output had.
    for name in ("Kabupaten Contoh", "Kab. Contoh", "Kabupaten Lima Puluh Kota", "Kotabaru", "Bogor", ""):
        assert pemda_word(name) == "kabupaten", name


@pytest.mark.parametrize(
    ("pemda", "label", "word"), [("Kota Contoh", "KOTA :", "Kota"), ("Kabupaten Contoh", "KABUPATEN :", "Kabupaten")]
)
def test_a_template_names_the_pemda_by_its_kind_and_reads_back_the_same_unit_and_pemda(
    tmp_path: Path, rubric: Rubric, pemda: str, label: str, word: str
) -> None:
    unit = UNITS[3]
    answers = random_answers(rubric, random.Random(5), quality=0.7)
    path = write_template(tmp_path / "KEL-SARI.xlsx", rubric, unit, PERIOD, kabupaten=pemda, answers=answers)
    cells = texts(path)
    assert cells[f"{LKE_SHEET}!B3"] == label
    assert cells[f"{IDENTITY_SHEET}!A1"] == word and cells[f"{IDENTITY_SHEET}!B1"] == pemda
    assert cells[f"{IDENTITY_SHEET}!A10"].startswith(f"Lembar ini dibuat pmprb untuk mengenali berkas. {word}, kode,")
    if word == "Kota":
        assert not [c for c, t in cells.items() if "kabupaten" in t.casefold()]
    loaded = load(str(path), rubric)
    assert loaded.submission is not None
    sub = loaded.submission
    assert (sub.unit_code, sub.unit_name, sub.kabupaten, sub.period) == (unit.kode, unit.nama, pemda, PERIOD)
    # The LKE head alone (the Identitas sheet deleted) names the same pemda.
    book = openpyxl.load_workbook(path)
    del book[IDENTITY_SHEET]
    book.save(tmp_path / "tanpa-identitas.xlsx")
    headed = load(str(tmp_path / "tanpa-identitas.xlsx"), rubric).submission
    assert headed is not None and (headed.unit_code, headed.kabupaten) == (unit.kode, pemda)


def test_a_kota_retyped_without_its_kind_under_the_kota_label_is_the_kota(tmp_path: Path, rubric: Rubric) -> None:
    path = write_template(tmp_path / "DINKES.xlsx", rubric, UNITS[0], PERIOD, kabupaten="Kota Contoh")
    book = openpyxl.load_workbook(path)
    book[IDENTITY_SHEET]["B1"] = "Contoh"
    book.save(path)
    loaded = load(str(path), rubric).submission
    # (the name as typed, its label beside it: one pemda with "Kota Contoh")
    assert loaded is not None and loaded.kabupaten == "Contoh (Kota)"
    assert same_kabupaten(loaded.kabupaten, "Kota Contoh") and not same_kabupaten(loaded.kabupaten, "Kabupaten Contoh")


def test_a_kota_name_that_starts_like_a_formula_stays_text(tmp_path: Path, rubric: Rubric) -> None:
    path = write_template(tmp_path / "DINKES.xlsx", rubric, UNITS[0], PERIOD, kabupaten="=Kota Contoh")
    book = openpyxl.load_workbook(path)
    assert (book[LKE_SHEET]["B3"].value, book[IDENTITY_SHEET]["A1"].value) == ("KOTA :", "Kota")
    named = [c for ws in (book[LKE_SHEET], book[IDENTITY_SHEET]) for row in ws.iter_rows() for c in row]
    named = [c for c in named if c.value == "=Kota Contoh"]
    assert len(named) == 2 and all(c.data_type == "s" and c.quotePrefix for c in named)


# --------------------------------------------------------------------------- run, rekap, export of a kota


def _cli(args: list[str]) -> Any:
    return CliRunner().invoke(app, args, catch_exceptions=False)


@pytest.fixture(scope="module")
def kota(tmp_path_factory: pytest.TempPathFactory, rubric: Rubric) -> Path:
    """A kota's folder run for one period and exported to ``paket/``; returns the folder."""
    root = tmp_path_factory.mktemp("kota")
    write_settings(root, CONFIG, UNITS)
    (root / "masuk" / PERIOD).mkdir(parents=True)
    for n, unit in enumerate(UNITS):
        answers = random_answers(rubric, random.Random(n), quality=0.5 + 0.1 * n)
        write_template(root / "masuk" / PERIOD / f"{unit.kode}.xlsx", rubric, unit, PERIOD, KOTA, answers=answers)
    ran = _cli(["--config", str(root / "pmprb.toml"), "run", "--period", PERIOD])
    assert ran.exit_code in (0, 1), ran.output
    invoke(["--config", str(root / "pmprb.toml"), "export", "--period", PERIOD, "--out", str(root / "paket")])
    return root


def test_a_kota_rekap_says_kota(kota: Path) -> None:
    rekap = kota / "keluaran" / PERIOD / f"rekap-{PERIOD}.xlsx"
    sheet = usulan_sheet("kota")
    assert sheet == "LKE Kota (usulan)"
    names = openpyxl.load_workbook(rekap, read_only=True).sheetnames
    assert sheet in names and USULAN not in names
    usulan = texts(rekap, sheet)
    assert usulan[f"{sheet}!A1"] == "LKE KOTA — USULAN UNTUK KONSENSUS ASESOR"
    bases = set(usulan.values())
    assert {"angka: data kota", "persentase: dari isian Jumlah kota"} <= bases
    assert any("LKE-kota-usulan dari pmprb export" in t for t in bases)
    assert any("diisi dari data kota sendiri" in t for t in bases)
    info = texts(rekap, "Info")
    assert info["Info!A1"] == "Buku kerja kota PMPRB"
    assert "Berkas kota dilewati (rekap, LKE usulan)" in info.values()
    # ("Kabupaten/kota" labels the pemda's name, either kind)
    said = [t for t in (*usulan.values(), *info.values()) if "kabupaten" in t.casefold() and t != "Kabupaten/kota"]
    assert said == []


def test_a_kota_package_says_kota(kota: Path) -> None:
    import jsonschema

    out = kota / "paket"
    lke = out / f"LKE-kota-usulan-{PERIOD}.xlsx"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [lke.name, f"rekap-{PERIOD}.xlsx", f"bukti-dukung-{PERIOD}.csv", "manifest.json"]
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    described = {f["name"]: f["description"] for f in manifest["files"]}
    assert described[lke.name] == "LKE kota (usulan untuk konsensus asesor), tata letak LKE"
    assert described[f"rekap-{PERIOD}.xlsx"].startswith("buku kerja kota: rekap")
    assert manifest["kabupaten"] == KOTA  # (a JSON key: not renamed)
    schema = json.loads((ROOT / "pmprb_cli" / "schemas" / "manifest.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(manifest, schema, cls=jsonschema.Draft202012Validator)
    cells = texts(lke)
    assert cells[f"{LKE_SHEET}!B3"] == "KOTA :" and cells[f"{IDENTITY_SHEET}!A1"] == "Kota"
    # The kode stays KABUPATEN: pmprb knows the file again by it, and a registry may not give it to a unit.
    assert cells[f"{IDENTITY_SHEET}!B2"] == "KABUPATEN"
    guide = " ".join(t for c, t in cells.items() if c.startswith("Petunjuk!"))
    assert "usulan jawaban kota yang disusun pmprb" in guide and "'LKE Kota (usulan)' buku kerja rekap-" in guide
    assert "kabupaten" not in guide.casefold().replace("kode kabupaten", "")
    # Its rekap is the run's, the pemda's working notes aside.
    assert_sent_copy(
        (out / f"rekap-{PERIOD}.xlsx").read_bytes(), (kota / "keluaran" / PERIOD / f"rekap-{PERIOD}.xlsx").read_bytes()
    )


def _without_properties(source: Path, target: Path) -> Path:
    """A copy without its custom document properties (the marker), as Google Sheets or a copy-paste leaves it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            if item.filename != "docProps/custom.xml":
                new.writestr(item, old.read(item))
    return target


def test_a_kota_rekap_and_usulan_dropped_into_the_inbox_are_skipped(kota: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "masuk"
    shutil.copytree(kota / "masuk" / PERIOD, inbox)
    before = json.loads(_cli(["score", str(inbox), "--format", "json"]).stdout)
    lke, rekap = kota / "paket" / f"LKE-kota-usulan-{PERIOD}.xlsx", kota / "paket" / f"rekap-{PERIOD}.xlsx"
    shutil.copy(lke, inbox / lke.name)
    shutil.copy(rekap, inbox / rekap.name)
    _without_properties(lke, inbox / "usulan-tanpa-penanda.xlsx")
    _without_properties(rekap, inbox / "rekap-tanpa-penanda.xlsx")
    among = json.loads(_cli(["score", str(inbox), "--format", "json"]).stdout)
    skipped = sorted((Path(s["file"]).name, s["code"]) for s in among["skipped"])
    assert skipped == sorted(
        [
            (lke.name, "PMPRB-I505"),
            (rekap.name, "PMPRB-I503"),
            ("usulan-tanpa-penanda.xlsx", "PMPRB-I505"),  # (by its kode and the kota it names)
            ("rekap-tanpa-penanda.xlsx", "PMPRB-I503"),  # (by its sheets)
        ]
    )
    assert len(among["units"]) == len(UNITS)
    assert among["summary"]["average_index"] == before["summary"]["average_index"]
    # Alone, the kota's LKE is read back as the kota's.
    alone = json.loads(_cli(["score", str(lke), "--format", "json"]).stdout)
    assert alone["skipped"] == [] and len(alone["units"]) == 1
