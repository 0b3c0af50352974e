"""The monthly run: idempotence, partial recompute, kills at every stage, two runs at once, history, export.

Every kabupaten here is built in code (seeded) in a temporary folder; nothing depends on sample_data/.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import html
import io
import json
import math
import os
import random
import re
import shlex
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC
from pathlib import Path
from typing import Any, cast

import openpyxl
import pytest
from typer.testing import CliRunner

from pmprb_cli.batch import build_batch
from pmprb_cli.cache import ResultCache, cache_path, code_fingerprint
from pmprb_cli.cli import app
from pmprb_cli.config import read_config
from pmprb_cli.english import detail_in_english
from pmprb_cli.errors import SystemRefusal, os_reason
from pmprb_cli.history import MIGRATIONS, SCHEMA_VERSION, History
from pmprb_cli.models import Rubric, format_id, rounded_half_up
from pmprb_cli.monthly import (
    PAUSE_ENV,
    RESUME_ENV,
    UNFINISHED,
    assess_cached,
    batch_of,
    collect_inputs,
    prepare,
    run_period,
)
from pmprb_cli.output import score_json
from pmprb_cli.registry import Unit
from pmprb_cli.rubric import load_rubric
from pmprb_cli.template import write_template

from .conftest import ROOT, invoke
from .factories import SOFFICE, best_answers, random_answers, soffice_convert

KABUPATEN = "Kabupaten Uji"
UNITS = (
    Unit("DINKES", "Dinas Kesehatan", "dinas"),
    Unit("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan"),
    Unit("KEC-SUKAMAJU", "Kecamatan Sukamaju", "kecamatan"),
    Unit("KEC-MEKARSARI", "Kecamatan Mekarsari", "kecamatan"),
)
PERIODS = ("2022-06", "2022-07")
FORMULA_EVIDENCE = '=HYPERLINK("http://contoh.invalid","klik")'
CONFIG = """\
kabupaten = "Kabupaten Uji"
rubric = "pmprb-2020"
target = "BB"
registry = "daftar-unit.csv"
inbox = "masuk/{period}/"
output = "keluaran/{period}/"
history = "riwayat.sqlite"
log = "pmprb-run.log"
"""


@pytest.fixture(scope="session")
def rubric_2020() -> Rubric:
    return load_rubric("pmprb-2020")


def write_unit(root: Path, rubric: Rubric, unit: Unit, period: str, seed: int) -> Path:
    rng = random.Random(seed)
    codes = [i.code for i in rubric.items() if not i.computed]
    evidence: dict[str, object] = {c: f"https://drive.contoh.go.id/{unit.kode.lower()}/{c}" for c in codes[:5]}
    if unit.kode == "DINKES":
        evidence[codes[5]] = FORMULA_EVIDENCE  # typed into a workbook: must stay inert text in every CSV
    path = root / "masuk" / period / f"{unit.kode}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    answers = random_answers(rubric, rng, rng.uniform(0.3, 0.9))
    return write_template(path, rubric, unit, period, kabupaten=KABUPATEN, answers=answers, evidence=evidence)


def write_settings(root: Path, config: str, units: Sequence[Unit]) -> None:
    """A pmprb.toml and its registry of ``units`` in ``root``."""
    (root / "pmprb.toml").write_text(config, encoding="utf-8")
    lines = ["kode,nama,jenis"] + [f'{u.kode},"{u.nama}",{u.jenis}' for u in units]
    (root / "daftar-unit.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def kabupaten_seed(tmp_path_factory: pytest.TempPathFactory, rubric_2020: Rubric) -> Path:
    root = tmp_path_factory.mktemp("kabupaten")
    write_settings(root, CONFIG, UNITS)
    for p, period in enumerate(PERIODS):
        for n, unit in enumerate(UNITS):
            write_unit(root, rubric_2020, unit, period, seed=100 * p + n)
    return root


@pytest.fixture
def kab(kabupaten_seed: Path, tmp_path: Path) -> Path:
    """A fresh copy of the kabupaten folder; returns the path of its pmprb.toml."""
    root = tmp_path / "kab"
    shutil.copytree(kabupaten_seed, root)
    return root / "pmprb.toml"


def cli(args: list[str]) -> Any:
    """Run the CLI whatever its exit code (the caller checks it)."""
    return CliRunner().invoke(app, args, catch_exceptions=False)


def run_cli(config: Path, period: str, expected: tuple[int, ...] = (0, 1)) -> str:
    result = cli(["--config", str(config), "run", "--period", period])
    assert result.exit_code in expected, result.output
    return result.stdout


def ranking_rows(index_md: str) -> list[str]:
    """The rows of the rapor's ranking table (its Markdown index), not those of the other tables naming units."""
    section = index_md.split("\n## Peringkat\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.split("\n### ", 1)[0].splitlines() if line.startswith("| ")]


def _lke_rows(path: Path, title: str) -> tuple[openpyxl.Workbook, Any, dict[str, int], list[int]]:
    """A unit's workbook opened to edit: its LKE sheet, the columns of its header row (the one titled ``title``
    among them) by title, and its answer rows in order."""
    book = openpyxl.load_workbook(path)
    sheet = book["LKE"]
    header = next(r for r in sheet.iter_rows(max_row=20) if any(c.value == title for c in r))
    columns = {str(c.value): c.column for c in header if c.value}
    rows = [r[0].row for r in sheet.iter_rows(min_row=header[0].row + 1) if r[columns["Kode"] - 1].value]
    return book, sheet, columns, rows


def _as_sent_row(row: list[Any]) -> list[Any]:
    """A Jawaban row of the run's rekap as the package's copy sends it (see checks.sent_evidence)."""
    from pmprb_cli.checks import masked_contacts, sent_evidence

    out = [masked_contacts(v) if n in (3, 6) and isinstance(v, str) else v for n, v in enumerate(row)]
    if len(out) > 10 and (out[7] or out[10]):
        shown, link = sent_evidence(str(out[7] or ""), str(out[10] or ""))
        out[7], out[10] = shown or None, link or None
    return out


def assert_sent_copy(sent: bytes, run: bytes) -> None:
    """The package's rekap is the run's, without the pemda's working notes: evaluators' notes, quoted cell values.

    Every sheet the same cell for cell, but Jawaban's Catatan evaluator column (emptied), Temuan's value, message
    and hint (a finding's title only) and the line Info adds to say so.
    """
    books = [openpyxl.load_workbook(io.BytesIO(data), read_only=True) for data in (sent, run)]
    assert books[0].sheetnames == books[1].sheetnames
    for name in books[1].sheetnames:
        rows = [[list(r) for r in book[name].iter_rows(values_only=True)] for book in books]
        if name.startswith("Jawaban"):
            # (what is sent of a cell: the run's, its contacts, paths, accounts and numbers taken out)
            rows[1] = [_as_sent_row(r) for r in rows[1]]
            rows = [[r[:11] + r[12:] for r in sheet[1:]] for sheet in rows]
        elif name.startswith("Temuan"):
            rows = [[r[:6] for r in sheet] for sheet in rows]
        elif name == "Info":
            # (and each file's path named by where it lies in the inbox, not from pmprb.toml's folder)
            rows[0] = [r for r in rows[0] if r[0] != "Salinan untuk paket Kemenpan-RB"]
            rows = [[r[:1] + r[2:] for r in sheet if any(c is not None for c in r)] for sheet in rows]
        assert rows[0] == rows[1], name


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder: bytes and modification time (ns)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def dump(database: Path) -> dict[str, list[tuple[object, ...]]]:
    with History.open(database, create=False) as history:
        return history.dump()


def edit_history(database: Path, *statements: str | tuple[str, tuple[object, ...]]) -> None:
    """Change a history as a hand, a tool or an earlier pmprb would: the statements, committed together."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        for statement in statements:
            sql, args = (statement, ()) if isinstance(statement, str) else statement
            db.execute(sql, args)
        db.commit()


def period_rows(database: Path, period: str) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(database)
    try:
        return {
            t: sorted(db.execute(f"SELECT * FROM {t} WHERE period = ?", (period,)).fetchall(), key=repr)
            for t in ("periods", "units", "areas", "inputs")
        }
    finally:
        db.close()


# --------------------------------------------------------------------------- idempotence and partial recompute


def test_second_run_changes_nothing(kab: Path) -> None:
    root = kab.parent
    first = run_cli(kab, "2022-06")
    assert "dicatat" in first
    outputs = tree(root / "keluaran")
    assert "2022-06/rekap-2022-06.xlsx" in outputs and "2022-06/rapor/index.html" in outputs
    db_bytes = (root / "riwayat.sqlite").read_bytes()
    tables = dump(root / "riwayat.sqlite")

    second = run_cli(kab, "2022-06")
    assert "tidak ada perubahan" in second
    assert tree(root / "keluaran") == outputs  # same bytes, not even rewritten (same mtime)
    assert (root / "riwayat.sqlite").read_bytes() == db_bytes
    assert dump(root / "riwayat.sqlite") == tables
    log = (root / "pmprb-run.log").read_text(encoding="utf-8")
    assert log.count("mulai") == 2 and "selesai tanpa perubahan" in log


def test_a_touched_file_is_no_change_but_a_units_older_copy_touched_is(kab: Path, tmp_path: Path) -> None:
    # `touch` (a backup restored, a copy without -p) rewrote the history with "0 baru/berubah", and `export`
    # refused: "Masukan atau pengaturan periode … berubah sejak pmprb run terakhir".
    root = kab.parent
    inbox = root / "masuk" / "2022-06"
    run_cli(kab, "2022-06")
    db_bytes = (root / "riwayat.sqlite").read_bytes()
    first = inbox / f"{UNITS[0].kode}.xlsx"
    os.utime(first, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns + 3 * 10**9))
    assert "tidak ada perubahan" in run_cli(kab, "2022-06")
    assert (root / "riwayat.sqlite").read_bytes() == db_bytes
    invoke(["--config", str(kab), "export", "--period", "2022-06", "--out", str(tmp_path / "paket")])
    # Of a unit's two files the newer ranks: touching the older one changes which, and that is a change.
    copy = inbox / f"{UNITS[1].kode} (revisi).xlsx"
    shutil.copy(inbox / f"{UNITS[1].kode}.xlsx", copy)
    older = inbox / f"{UNITS[1].kode}.xlsx"
    os.utime(copy, ns=(copy.stat().st_atime_ns, older.stat().st_mtime_ns + 10 * 10**9))
    run_cli(kab, "2022-06")
    ranked_before = {r[0] for r in sqlite3.connect(root / "riwayat.sqlite").execute("SELECT file FROM units")}
    assert any("(revisi)" in f for f in ranked_before)
    os.utime(older, ns=(older.stat().st_atime_ns, copy.stat().st_mtime_ns + 10 * 10**9))
    assert "tidak ada perubahan" not in run_cli(kab, "2022-06")
    ranked_after = {r[0] for r in sqlite3.connect(root / "riwayat.sqlite").execute("SELECT file FROM units")}
    assert not any("(revisi)" in f for f in ranked_after)


def test_the_log_says_what_arrived_what_it_scored_and_how_a_run_failed(
    kab: Path, rubric_2020: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The log named no file that arrived or left, had no scores, and ended at "mulai" for a crash (exit 3) or
    # said nothing at all for a missing inbox (exit 2): cron's reader could not tell "failed" from "running".
    root = kab.parent
    log_file = root / "pmprb-run.log"
    run_cli(kab, "2022-06")
    write_unit(root, rubric_2020, UNITS[0], "2022-06", seed=4242)
    (root / "masuk" / "2022-06" / f"{UNITS[1].kode}.xlsx").unlink()
    stdout = run_cli(kab, "2022-06")
    said = f"Sejak run terakhir: {UNITS[0].kode}.xlsx (berubah); {UNITS[1].kode}.xlsx (hilang)"
    assert said in stdout
    log = log_file.read_text(encoding="utf-8")
    assert said in log and "Nilai: " in log and "Masukan: " in log
    result = cli(["--config", str(kab), "run", "--period", "2022-09"])
    assert result.exit_code == 2
    tail = log_file.read_text(encoding="utf-8").splitlines()[-2:]
    assert "[2022-09]" in tail[0] and "gagal [" in tail[0] and tail[1].endswith("kode keluar 2")
    import pmprb_cli.monthly as monthly

    monkeypatch.setattr(monthly, "render_outputs", lambda *a: 1 / 0)
    write_unit(root, rubric_2020, UNITS[0], "2022-06", seed=4343)
    assert cli(["--config", str(kab), "run", "--period", "2022-06"]).exit_code == 3
    tail = log_file.read_text(encoding="utf-8").splitlines()[-2:]
    assert "kesalahan internal pmprb (ZeroDivisionError" in tail[0] and tail[1].endswith("kode keluar 3")


def test_a_history_held_open_by_another_program_is_said_so_not_restore_from_backup(
    kab: Path, rubric_2020: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A viewer holding a read transaction made the run fail with "pulihkan dari cadangan bila rusak".
    import pmprb_cli.history as history

    monkeypatch.setattr(history, "BUSY_WAIT_S", 0.2)
    root = kab.parent
    run_cli(kab, "2022-06")
    write_unit(root, rubric_2020, UNITS[0], "2022-06", seed=777)
    outputs = tree(root / "keluaran" / "2022-06")
    viewer = sqlite3.connect(root / "riwayat.sqlite", isolation_level=None)
    try:
        viewer.execute("BEGIN")
        viewer.execute("SELECT count(*) FROM periods").fetchall()
        result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    finally:
        viewer.close()
    assert result.exit_code == 2
    # Met before the outputs are written: they were all rewritten, then the history refused the new run.
    assert tree(root / "keluaran" / "2022-06") == outputs
    assert "sedang dipakai proses lain" in result.output and "cadangan" in result.output
    assert "pulihkan dari cadangan" not in result.output and "Riwayat tidak rusak" in result.output
    assert "dicatat" in run_cli(kab, "2022-06")  # once it is closed, the next run records the period


def test_a_transaction_sqlite_already_rolled_back_keeps_its_cause(tmp_path: Path) -> None:
    # On a full disk SQLite rolls back by itself; the second ROLLBACK failed ("cannot rollback - no transaction
    # is active") and that was all every later run said, with "pulihkan dari cadangan".
    with History.open(tmp_path / "riwayat.sqlite") as history:
        with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
            with history._transaction():
                history.db.execute("ROLLBACK")  # as SQLite does after SQLITE_FULL
                raise sqlite3.OperationalError("database or disk is full")
        assert not history.db.in_transaction


def test_deleted_output_is_rewritten_with_the_same_bytes_and_the_database_untouched(kab: Path) -> None:
    root = kab.parent
    run_cli(kab, "2022-06")
    before = tree(root / "keluaran")
    db_bytes = (root / "riwayat.sqlite").read_bytes()
    (root / "keluaran/2022-06/rekap-2022-06.xlsx").unlink()
    result = run_period(read_config(kab), "2022-06")
    assert not result.unchanged and result.recomputed == ()  # every workbook came from the cache
    assert result.written == ("rekap-2022-06.xlsx",) and not result.recorded
    after = tree(root / "keluaran")
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    assert (root / "riwayat.sqlite").read_bytes() == db_bytes


def test_changed_workbook_redoes_only_that_unit(kab: Path, rubric_2020: Rubric, tmp_path: Path) -> None:
    root = kab.parent
    run_cli(kab, "2022-06")
    before = tree(root / "keluaran")
    write_unit(root, rubric_2020, UNITS[2], "2022-06", seed=999)

    result = run_period(read_config(kab), "2022-06")
    assert result.recomputed == ("masuk/2022-06/KEC-SUKAMAJU.xlsx",)
    assert result.recorded and "rekap-2022-06.xlsx" in result.written and "nilai-2022-06.json" in result.written
    after = tree(root / "keluaran")
    for name, (data, mtime) in after.items():
        if name in before and before[name][0] == data:
            assert before[name][1] == mtime, f"{name} was rewritten with identical bytes"
    rows = {r[2]: r for r in period_rows(root / "riwayat.sqlite", "2022-06")["inputs"]}
    assert rows  # input hashes are recorded

    # The cached results give exactly what reading everything afresh gives.
    fresh = tmp_path / "fresh"
    shutil.copytree(root / "masuk", fresh / "masuk")
    shutil.copy(kab, fresh / "pmprb.toml")
    shutil.copy(root / "daftar-unit.csv", fresh / "daftar-unit.csv")
    run_cli(fresh / "pmprb.toml", "2022-06")
    assert {k: v[0] for k, v in tree(fresh / "keluaran").items()} == {k: v[0] for k, v in after.items()}


def test_a_run_in_another_language_does_not_reuse_messages(kab: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_cli(kab, "2022-06")
    monkeypatch.setenv("PMPRB_LANG", "en")
    result = run_period(read_config(kab), "2022-06")
    assert not result.unchanged and len(result.recomputed) == len(UNITS)
    doc = json.loads((kab.parent / "keluaran/2022-06/validasi-2022-06.json").read_text(encoding="utf-8"))
    assert any("Fill the Bukti Dukung column" in f["hint"] for f in doc["findings"])


def test_run_writes_indonesian_files_whatever_lang_says(kab: Path) -> None:
    # `--lang en run` wrote English findings under the rekap's Indonesian headings and rewrote every output of
    # an unchanged period; the next run without it rewrote them all again.
    run_cli(kab, "2022-06")
    english = cli(["--lang", "en", "--config", str(kab), "run", "--period", "2022-06"])
    assert "tidak ada perubahan sejak run terakhir" in english.stdout, english.output


def test_the_cache_is_used_on_a_python_that_pickles_enum_members_by_name(
    kab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python 3.11.2 (Debian 12's python3) pickles an enum member as builtins.getattr(Severity, 'WARNING'), which
    # the cache's safe unpickler refuses: every entry missed, and each run read every workbook again, unsaid.
    import enum

    monkeypatch.setattr(enum.Enum, "__reduce_ex__", lambda self, protocol: (getattr, (type(self), self._name_)))
    results, again, none = _assessed_twice(kab)[1:]
    assert any(f for r in results for f in r.findings) and none == () and again == results


def _assessed_twice(kab: Path) -> tuple[Any, list[Any], list[Any], tuple[str, ...]]:
    """June's inputs read through an empty cache, then again: the inputs, both results and what the second read."""
    config = read_config(kab)
    setup = prepare(config, "2022-06")
    cache = ResultCache(cache_path(config.history))
    with contextlib.chdir(config.root):
        inputs = collect_inputs(setup)
        results, recomputed, _ = assess_cached(setup, inputs, cache, 1)
        assert len(recomputed) == len(UNITS)
        again, none, _ = assess_cached(setup, inputs, cache, 1)
    cache.close()
    return inputs, list(results), list(again), tuple(none)


def test_cached_results_that_cannot_be_used_are_said_in_the_run_log(
    kab: Path, rubric_2020: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On Python 3.11.2 every cached result failed to load and each run read every workbook again, the log saying
    # only "4 buku kerja, 4 dibaca ulang" (as when every file changed).
    import pickle

    from pmprb_cli import cache

    run_cli(kab, "2022-06")
    write_unit(kab.parent, rubric_2020, UNITS[0], "2022-06", seed=99)  # (a change: the run reads the cache)

    def refuse(self: object, module: str, name: str) -> object:
        raise pickle.UnpicklingError(f"{module}.{name} is not a result type")

    monkeypatch.setattr(cache._ResultUnpickler, "find_class", refuse)
    run_cli(kab, "2022-06")
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    assert f"{len(UNITS) - 1} hasil tersimpan di cache tidak dapat dipakai" in log


def test_batch_from_cache_equals_build_batch(kab: Path) -> None:
    inputs, results, again, none = _assessed_twice(kab)
    assert none == ()
    config = read_config(kab)
    setup = prepare(config, "2022-06")
    with contextlib.chdir(config.root):
        direct = build_batch(
            list(inputs.files),
            setup.rubric,
            registry=setup.registry,
            period="2022-06",
            target="BB",
            kabupaten=KABUPATEN,
        )
    assert score_json(batch_of(setup, again)) == score_json(direct) == score_json(batch_of(setup, results))


def test_a_file_rewritten_while_it_is_read_is_read_again_next_run(kab: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An OPD re-uploading during the run: the history kept the SHA-256 of the good file with the result of the
    # half-written one ("tidak terbaca"), and every later run said "tidak ada perubahan".
    from pmprb_cli import pipeline

    target = kab.parent / "masuk" / "2022-06" / f"{UNITS[1].kode}.xlsx"
    good = target.read_bytes()
    real = pipeline.read_file_bytes

    def half_written(path: str) -> bytes:
        if Path(path).name == target.name:
            return good[: len(good) // 2]  # what the worker reads while the copy is under way
        return real(path)

    monkeypatch.setattr(pipeline, "read_file_bytes", half_written)
    first = run_period(read_config(kab), "2022-06", jobs=1)
    assert first.batch is not None and len(first.batch.assessment.failed) == 1
    monkeypatch.setattr(pipeline, "read_file_bytes", real)
    second = run_period(read_config(kab), "2022-06", jobs=1)
    assert not second.unchanged and second.batch is not None and not second.batch.assessment.failed
    assert run_period(read_config(kab), "2022-06", jobs=1).unchanged  # and then it settles


def test_a_file_gone_for_a_moment_while_the_run_reads_it_is_read_again_next_run(
    kab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sync client replacing a file: hashed, then gone when its worker opened it (E101 "berkas tidak
    # ditemukan"), then back with the same bytes. Cached under the first hash, it stayed unread in every later
    # run of the period, each saying "tidak ada perubahan".
    from pmprb_cli import pipeline
    from pmprb_cli.errors import WorkbookError

    target = kab.parent / "masuk" / "2022-06" / f"{UNITS[1].kode}.xlsx"
    real = pipeline.read_file_bytes

    def gone(path: str) -> bytes:
        if Path(path).name == target.name:
            raise WorkbookError("berkas tidak ditemukan", code="PMPRB-E101")
        return real(path)

    monkeypatch.setattr(pipeline, "read_file_bytes", gone)
    first = run_period(read_config(kab), "2022-06", jobs=1)
    assert first.batch is not None and [f.code for f in first.batch.assessment.failed] == ["PMPRB-E101"]
    monkeypatch.setattr(pipeline, "read_file_bytes", real)
    second = run_period(read_config(kab), "2022-06", jobs=1)
    assert not second.unchanged and second.batch is not None and not second.batch.assessment.failed
    assert run_period(read_config(kab), "2022-06", jobs=1).unchanged  # and then it settles


def test_a_file_refused_before_it_is_read_is_not_taken_for_rewritten(
    kab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file over the size bound has no SHA-256 of bytes read: it was taken for "rewritten while read", so
    # every run re-read it, said "1 baru/berubah", and the export manifest lost its real SHA-256.
    from pmprb_cli import xlsx_guard

    big = kab.parent / "masuk" / "2022-06" / f"{UNITS[1].kode}.xlsx"
    monkeypatch.setattr(xlsx_guard, "MAX_FILE_BYTES", big.stat().st_size - 1)
    first = run_period(read_config(kab), "2022-06", jobs=1)
    assert first.batch is not None and "PMPRB-E105" in {f.code for f in first.batch.assessment.failed}
    assert run_period(read_config(kab), "2022-06", jobs=1).unchanged


def test_a_cache_sqlite_refuses_is_set_aside_and_every_file_read(kab: Path) -> None:
    # A cache made read-only stopped the run with "Kesalahan internal"; a cache is only an optimisation.
    config = read_config(kab)
    setup = prepare(config, "2022-06")
    path = cache_path(config.history)
    ResultCache(path).close()
    cache = ResultCache(path)
    assert cache.db is not None
    cache.db.close()
    cache.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    with contextlib.chdir(config.root):
        inputs = collect_inputs(setup)
        results, recomputed, _ = assess_cached(setup, inputs, cache, 1)
        again, recomputed_again, _ = assess_cached(setup, inputs, cache, 1)
    cache.close()
    # (an empty cache refused on its first write: every file was read, and nothing of them kept)
    assert (
        "tidak dapat diperbarui (berkas atau foldernya hanya-baca); hasil berkas yang dibaca ulang tidak disimpan"
        in (cache.refused)
    )
    assert len(recomputed) == len(recomputed_again) == len(UNITS)
    assert score_json(batch_of(setup, again)) == score_json(batch_of(setup, results))


def test_the_cache_keeps_only_what_a_run_can_use_again(kab: Path) -> None:
    # It grew by about 0,4 MB a month and was never pruned: 12 MB after 30 months, all of it dead weight
    # after an upgrade (a result of other pmprb code is never reused).
    from pmprb_cli.cache import KEPT_PERIODS

    run_cli(kab, "2022-06")
    path = cache_path(read_config(kab).history)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        rows = db.execute("SELECT period, file, key, result, code FROM results").fetchall()
        assert rows and {r[4] for r in rows} == {code_fingerprint()}
        for n in range(KEPT_PERIODS + 5):  # thirty months of results, the oldest first
            db.executemany("INSERT INTO results VALUES (?, ?, ?, ?, ?)", [(f"2019-{n:02d}", *r[1:]) for r in rows])
        db.executemany("INSERT INTO results VALUES (?, ?, ?, ?, ?)", [("2022-05", *r[1:4], "old") for r in rows])
    finally:
        db.close()
    run_cli(kab, "2022-07")
    db = sqlite3.connect(path)
    try:
        periods = [r[0] for r in db.execute("SELECT DISTINCT period FROM results ORDER BY period")]
        codes = {r[0] for r in db.execute("SELECT DISTINCT code FROM results")}
    finally:
        db.close()
    assert len(periods) == KEPT_PERIODS and periods[-2:] == ["2022-06", "2022-07"] and "2022-05" not in periods
    assert codes == {code_fingerprint()}
    assert "tidak ada perubahan" in run_cli(kab, "2022-06")  # June's results are still there: nothing read


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="owner and mode bits")
def test_the_run_log_says_the_cache_made_anew_on_an_unchanged_run_and_one_it_could_not_update(kab: Path) -> None:
    # A cache others could write, deleted and made anew by an unchanged run (every file read again): the log
    # said only "selesai tanpa perubahan". A cache refused on writing was said "tidak dipakai; semua berkas
    # dibaca" of a run that had taken 40 results from it.
    run_cli(kab, "2022-06")
    path = cache_path(read_config(kab).history)
    path.chmod(0o666)
    assert "tidak ada perubahan" in run_cli(kab, "2022-06")
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    assert "dibuat ulang (tidak aman dipakai" in log.split("--period 2022-06")[-1]
    cache = ResultCache(path)
    assert cache.db is not None
    cache.db.close()
    cache.update("2022-06", {}, [])
    assert "tidak dapat diperbarui" in cache.refused and "semua berkas dibaca" not in cache.refused


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="owner and mode bits")
def test_a_cache_others_could_write_is_never_unpickled(kab: Path, tmp_path: Path) -> None:
    # The cache holds pickles and was created 0o666 less the umask: under umask 000 (or the README's 002 for
    # operators of one group) anyone could write a pickle that ran code as the cron user on the next run.
    import pickle
    import zlib

    marker = tmp_path / "PWNED"
    payload = zlib.compress(pickle.dumps(_RunsCode(str(marker))))
    config = read_config(kab)
    path = cache_path(config.history)
    old = os.umask(0)
    try:
        ResultCache(path).close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("INSERT INTO results (period, file, key, result) VALUES ('2022-06', 'x.xlsx', 'k', ?)", (payload,))
    path.chmod(0o666)  # as an earlier version left it under umask 000
    cache = ResultCache(path)
    assert cache.get("2022-06", "x.xlsx", "k") is None and not marker.exists()
    assert "dibuat ulang (tidak aman dipakai: riwayat.cache.sqlite dapat diubah pengguna lain)" in cache.renewed
    cache.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # made anew, owner only
    # A pickle that reaches the owner-only file anyway (a journal another operator left in a group-writable
    # folder, replayed by SQLite) is not loaded: only result types are ever built.
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("INSERT INTO results (period, file, key, result) VALUES ('2022-06', 'x.xlsx', 'k', ?)", (payload,))
    cache = ResultCache(path)
    assert cache.db is not None and cache.get("2022-06", "x.xlsx", "k") is None and not marker.exists()
    cache.close()


class _RunsCode:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (self.marker,))


def test_a_kabupaten_workbook_in_the_inbox_is_skipped_and_said(kab: Path, rubric_2020: Rubric) -> None:
    # Last month's rekap copied into this month's inbox: not a unit, not an unreadable file, and not silent.
    root = kab.parent
    run_cli(kab, "2022-06")
    shutil.copy(root / "keluaran" / "2022-06" / "rekap-2022-06.xlsx", root / "masuk" / "2022-07" / "rekap-juni.xlsx")
    stdout = run_cli(kab, "2022-07")
    assert "0 tidak dapat dinilai; 1 berkas kabupaten dilewati;" in stdout
    assert f"{len(UNITS)} unit dinilai" in stdout
    validation = json.loads((root / "keluaran" / "2022-07" / "validasi-2022-07.json").read_text(encoding="utf-8"))
    assert validation["summary"]["unreadable"] == 0 and validation["summary"]["skipped"] == 1
    assert [s["code"] for s in validation["skipped"]] == ["PMPRB-I503"]
    # One unit changes: the rekap's result comes from the run's cache, and is still skipped and said.
    write_unit(root, rubric_2020, UNITS[0], "2022-07", seed=999)
    again = run_cli(kab, "2022-07")
    assert "(1 baru/berubah sejak run terakhir); 0 tidak dapat dinilai; 1 berkas kabupaten dilewati;" in again


def test_a_file_name_that_is_not_utf8_is_said_and_the_run_goes_on(kab: Path) -> None:
    # "DINSOS-revisi\xe9.xlsx" (a Latin-1 byte, from a Windows share) stopped the whole nightly run: exit 3,
    # "UnicodeEncodeError … surrogates not allowed", no unit scored.
    root = kab.parent
    inbox = root / "masuk" / "2022-07"
    source = sorted(inbox.glob("*.xlsx"))[0]
    shutil.copy(source, os.fsencode(inbox) + b"/SALINAN-revisi\xe9.xlsx")
    stdout = run_cli(kab, "2022-07", expected=(1,))
    assert "SALINAN-revisi\\xe9.xlsx (tidak dapat dinilai, PMPRB-E110)" in stdout
    assert f"{len(UNITS)} unit dinilai" in stdout
    validation = json.loads((root / "keluaran" / "2022-07" / "validasi-2022-07.json").read_text(encoding="utf-8"))
    failed = [f for f in validation["files"] if (f["failed"] or {}).get("code") == "PMPRB-E110"]
    assert [f["file"].rsplit("/", 1)[-1] for f in failed] == ["SALINAN-revisi\\xe9.xlsx"]
    assert "tidak ada perubahan" in run_cli(kab, "2022-07", expected=(1,))  # the second run as the first
    result = cli(["validate", str(inbox)])
    assert result.exit_code == 1 and "[PMPRB-E110]" in result.stdout


def test_files_written_follow_the_umask(kab: Path) -> None:
    # Under umask 002 the rapor, rekap, history and its lock were 0644 (the cache 0600): a second operator of
    # the group could not run pmprb (E905 on the lock).
    root = kab.parent
    old = os.umask(0o002)
    try:
        run_cli(kab, "2022-06")
    finally:
        os.umask(old)
    written = [p for p in root.rglob("*") if p.is_file() and not p.is_relative_to(root / "masuk")]
    written = [p for p in written if p.name not in ("pmprb.toml", "daftar-unit.csv")]
    names = {p.name for p in written}
    assert {"riwayat.sqlite", "rekap-2022-06.xlsx", "index.html"} <= names and any("lock" in n for n in names)
    assert any("cache" in n for n in names)
    # ...except the cache: it holds pickles, and a pickle another operator could write runs code as whoever
    # runs next (the cron user). Owner only; another operator's run replaces it (and reads every file).
    expected = {p.name: "0o600" if "cache" in p.name else "0o664" for p in written}
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in written} == expected


def test_outputs_rewritten_under_another_umask_keep_their_permissions(kab: Path, rubric_2020: Rubric) -> None:
    # Run by hand under umask 022, then by cron under 077 after one workbook changed: the 8 files rewritten
    # became 0600 beside 78 still 0644, the index and the rekap unreadable by the evaluators' group.
    root = kab.parent
    old = os.umask(0o022)
    try:
        run_cli(kab, "2022-06")
        write_unit(root, rubric_2020, UNITS[0], "2022-06", seed=999)
        os.umask(0o077)
        run_cli(kab, "2022-06")
        (root / "keluaran" / "2022-06" / "tambahan.txt").write_text("baru", encoding="utf-8")
    finally:
        os.umask(old)
    out = root / "keluaran" / "2022-06"
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in out.rglob("*") if p.is_file()}
    assert modes.pop("tambahan.txt") == "0o600"  # (a new file still follows the umask)
    assert set(modes.values()) == {"0o644"}, modes
    assert modes["index.html"] == modes["rekap-2022-06.xlsx"] == "0o644"


def test_a_rewritten_file_keeps_its_group_and_a_replaced_link_its_targets_permissions(tmp_path: Path) -> None:
    # An evaluators' group set with chgrp lost the rewritten files (root:root 0640); a rapor page linked to a
    # 0644 file became 0600 under umask 077.
    from pmprb_cli.files import atomic_write

    page = tmp_path / "index.html"
    page.write_text("lama", encoding="utf-8")
    page.chmod(0o640)
    other_group = os.getegid() + 1 if os.geteuid() == 0 else os.getegid()
    os.chown(page, -1, other_group)
    target = tmp_path / "sasaran.html"
    target.write_text("lama", encoding="utf-8")
    target.chmod(0o644)
    link = tmp_path / "tautan.html"
    link.symlink_to(target)
    old = os.umask(0o077)
    try:
        atomic_write(page, b"baru")
        atomic_write(link, b"baru")
    finally:
        os.umask(old)
    assert (page.stat().st_mode & 0o777, page.stat().st_gid) == (0o640, other_group)
    assert not link.is_symlink() and link.stat().st_mode & 0o777 == 0o644


def test_a_cached_result_does_not_keep_a_duplicate_finding_once_the_other_file_is_gone(kab: Path) -> None:
    # E304 depends on the other files of the batch: caching it with the file would keep it after the
    # second file is removed.
    from .factories import revised_copy

    inbox = kab.parent / "masuk" / "2022-06"
    revised_copy(inbox / "DINKES.xlsx", inbox / "DINKES (revisi).xlsx")
    assert "1 kiriman ganda" in run_cli(kab, "2022-06")
    (inbox / "DINKES (revisi).xlsx").unlink()
    again = run_cli(kab, "2022-06")
    assert "(0 baru/berubah sejak run terakhir, 1 tidak ada lagi)" in again and "0 kiriman ganda" in again
    validation = json.loads((kab.parent / "keluaran" / "2022-06" / "validasi-2022-06.json").read_text(encoding="utf-8"))
    assert "PMPRB-E304" not in {f["code"] for f in validation["findings"]}
    assert validation["summary"]["errors"] == sum(f["errors"] for f in validation["files"])


def test_the_summary_counts_changes_since_the_last_run_not_cache_hits(kab: Path) -> None:
    # A workbook that arrived after the last run, read (and cached) meanwhile by a refused export, was
    # called "tidak berubah" because it came from the cache.
    assert "(run pertama periode ini)" in run_cli(kab, "2022-06")
    inbox = kab.parent / "masuk" / "2022-06"
    shutil.copy(inbox / "DINKES.xlsx", inbox / "DINKES (revisi).xlsx")
    refused = cli(["--config", str(kab), "export", "--period", "2022-06", "--out", str(kab.parent / "paket")])
    assert refused.exit_code == 2
    assert "(1 baru/berubah sejak run terakhir)" in run_cli(kab, "2022-06")


def test_a_rerun_with_other_settings_says_what_changed(kab: Path) -> None:
    # The target changed since July was recorded: re-running July rewrote its history ("17 dari 19 mencapai
    # BB" became "5 dari 19 mencapai A") while the summary said "0 baru/berubah" and nothing more.
    run_cli(kab, "2022-06")
    kab.write_text(kab.read_text(encoding="utf-8").replace('target = "BB"', 'target = "A"'), encoding="utf-8")
    out = run_cli(kab, "2022-06")
    assert "(0 baru/berubah sejak run terakhir)" in out
    assert "Pengaturan berubah sejak run terakhir periode ini (target BB → A)" in out
    again = run_cli(kab, "2022-06")  # recorded with target A now: nothing to say
    assert "tidak ada perubahan sejak run terakhir" in again and "Pengaturan berubah" not in again


def test_a_late_workbook_on_todays_template_of_a_renamed_unit_is_that_units(kab: Path, rubric_2020: Rubric) -> None:
    # DINKES became DINKESPPKB (alias DINKES) in July. Its late June workbook, made on today's template, carries
    # DINKESPPKB: June's registry did not know it, and the unit was ranked twice in June (E301 beside DINKES).
    run_cli(kab, "2022-06")
    _dinkes_renamed(kab)
    run_cli(kab, "2022-07")
    late = write_unit(kab.parent, rubric_2020, Unit("DINKESPPKB", "Dinas Kesehatan dan KB", "dinas"), "2022-06", 7)
    os.utime(late, ns=(time.time_ns() + 10**10,) * 2)  # sent after DINKES.xlsx: the one that ranks
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "Pengaturan tercatat dipakai" in said
    database = kab.parent / "riwayat.sqlite"
    with History.open(database) as history:
        june = history.period("2022-06")
        assert june is not None
        ranked = {u.kode: u.file for u in june.units}
    assert len(ranked) == len(UNITS) and Path(ranked["DINKES"]).name == "DINKESPPKB.xlsx"
    validation = (kab.parent / "keluaran" / "2022-06" / "validasi-2022-06.json").read_text("utf-8")
    assert "PMPRB-E301" not in validation
    # Nor is it told it was known by an alias and should use its own template: it is on the newest one.
    assert "PMPRB-I310" not in validation
    # The package of June is made alike (its rekap is the run's).
    package = cli(["--config", str(kab), "export", "--period", "2022-06", "--out", str(kab.parent / "paket")])
    assert package.exit_code in (0, 1), package.output
    assert "berubah sejak" not in package.output


def _dinkes_renamed(kab: Path) -> None:
    """DINKES renamed DINKESPPKB in the registry, its old kode kept as an alias."""
    registry = kab.parent / "daftar-unit.csv"
    registry.write_text(
        registry.read_text(encoding="utf-8")
        .replace("kode,nama,jenis", "kode,nama,jenis,alias")
        .replace('DINKES,"Dinas Kesehatan",dinas', 'DINKESPPKB,"Dinas Kesehatan dan KB",dinas,DINKES'),
        encoding="utf-8",
    )


def test_history_of_a_merged_unit_with_no_month_yet_mixes_none_of_its_parts(kab: Path) -> None:
    # KEC-SUKAMAJU and KEC-MEKARSARI merged into KEC-GABUNG before it had a month of its own: its `history`
    # showed one part's June beside the other part's July, under the first part's kode.
    (kab.parent / "masuk" / PERIODS[1] / "KEC-SUKAMAJU.xlsx").unlink()  # (silent in July)
    for period in PERIODS:
        run_cli(kab, period)
    registry = kab.parent / "daftar-unit.csv"
    kept = [line for line in registry.read_text(encoding="utf-8").splitlines() if not line.startswith("KEC-")]
    registry.write_text(
        "\n".join([kept[0] + ",alias", *(f"{line}," for line in kept[1:])])
        + '\nKEC-GABUNG,"Kecamatan Gabungan",kecamatan,KEC-SUKAMAJU|KEC-MEKARSARI\n',
        encoding="utf-8",
    )
    merged = json.loads(cli(["--config", str(kab), "history", "--unit", "KEC-GABUNG", "--format", "json"]).stdout)
    part = merged["unit"]["kode"]
    own = json.loads(cli(["--config", str(kab), "history", "--unit", part, "--format", "json"]).stdout)
    assert merged["months"] == own["months"]


def test_an_unchanged_rerun_of_an_earlier_month_asks_for_no_rerun_of_later_ones(kab: Path) -> None:
    # The nightly re-run of June (nothing changed, nothing recorded) logged "Catatan: rapor periode 2022-07
    # memakai riwayat periode ini; jalankan ulang periode itu", and July's re-run then had nothing to do.
    for period in (*PERIODS, PERIODS[0]):
        said = run_cli(kab, period)
    assert "tidak ada perubahan sejak run terakhir" in " ".join(said.split())
    assert "memakai riwayat periode ini" not in (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")


def test_a_verified_index_no_longer_used_is_said(kab: Path, rubric_2020: Rubric) -> None:
    # The OPD's revision saved over the evaluator's copy: the verified index (and the evaluator's answers)
    # gave way to the unit's own with no word in the summary, the log or the rapor.
    inbox = kab.parent / "masuk" / PERIODS[0]
    answers = random_answers(rubric_2020, random.Random(5), 0.5)
    item = next(i for i in rubric_2020.items() if rubric_2020.scales[i.scale].kind == "choice")
    other = next(c for c in rubric_2020.scales[item.scale].choices if c != answers.get(item.code))
    dinkes = UNITS[0]
    write_template(
        inbox / "DINKES.xlsx", rubric_2020, dinkes, PERIODS[0], KABUPATEN, answers, evaluator={item.code: other}
    )
    first = " ".join(run_cli(kab, PERIODS[0]).split())
    assert "1 memakai indeks terverifikasi" in first and "tidak lagi memakai" not in first, first
    write_template(inbox / "DINKES.xlsx", rubric_2020, dinkes, PERIODS[0], KABUPATEN, answers)
    said = " ".join(run_cli(kab, PERIODS[0]).split())
    assert "Perhatian: DINKES tidak lagi memakai indeks terverifikasi evaluator (" in said, said
    assert (
        "1 jawaban evaluator, run sebelumnya): berkas yang kini dinilai, DINKES.xlsx, tanpa Jawaban Evaluator" in said
    )
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    assert "DINKES tidak lagi memakai indeks terverifikasi" in log
    # Entries there that none could be read: not "tanpa Jawaban Evaluator … salin isian" (false, two lines
    # above "Jawaban Evaluator tidak terbaca … 1 isian di DINKES.xlsx").
    write_template(
        inbox / "DINKES.xlsx", rubric_2020, dinkes, PERIODS[0], KABUPATEN, answers, evaluator={item.code: other}
    )
    run_cli(kab, PERIODS[0])
    write_template(
        inbox / "DINKES.xlsx",
        rubric_2020,
        dinkes,
        PERIODS[0],
        KABUPATEN,
        answers,
        evaluator={item.code: "sesuai bukti"},
    )
    said = " ".join(run_cli(kab, PERIODS[0]).split())
    assert "DINKES.xlsx, memuat isian Jawaban Evaluator yang tidak satu pun terbaca (PMPRB-W419/E411" in said, said
    # The unit's own figure typed on a "% (otomatis)" row (W420 in its Jawaban) is no evaluator's entry: it was
    # told "memuat isian Jawaban Evaluator yang tidak satu pun terbaca" of a file without one.
    write_template(
        inbox / "DINKES.xlsx", rubric_2020, dinkes, PERIODS[0], KABUPATEN, answers, evaluator={item.code: other}
    )
    run_cli(kab, PERIODS[0])
    write_template(inbox / "DINKES.xlsx", rubric_2020, dinkes, PERIODS[0], KABUPATEN, answers)
    percent = next(i.code for i in rubric_2020.items() if i.computed)
    book = openpyxl.load_workbook(inbox / "DINKES.xlsx")
    sheet = book["LKE"]
    answer_column = next(c.column for c in sheet[8] if c.value == "Jawaban")
    sheet.cell(next(c.row for c in sheet["A"] if c.value == percent), answer_column, 50)
    book.save(inbox / "DINKES.xlsx")
    said = " ".join(run_cli(kab, PERIODS[0]).split())
    assert "DINKES.xlsx, tanpa Jawaban Evaluator" in said and "tidak satu pun terbaca" not in said, said


def test_export_refused_for_a_changed_workbook_does_not_ask_to_put_settings_back(
    kab: Path, rubric_2020: Rubric, tmp_path: Path
) -> None:
    # "Bila yang berubah pengaturannya (… target …), kembalikan dulu pengaturan periode itu" was said whatever
    # changed, though a changed target never refuses: the recorded one is used (readmerev).
    run_cli(kab, PERIODS[0])
    answers = random_answers(rubric_2020, random.Random(11), 0.4)
    inbox = kab.parent / "masuk" / PERIODS[0]
    write_template(inbox / f"{UNITS[0].kode}.xlsx", rubric_2020, UNITS[0], PERIODS[0], KABUPATEN, answers)
    refused = cli(["--config", str(kab), "export", "--period", PERIODS[0], "--out", str(tmp_path / "paket")])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2 and f"Jalankan ulang `pmprb run --period {PERIODS[0]}` agar paket sama" in said
    assert "kembalikan dulu" not in said, said


def test_an_earlier_month_scored_by_another_pmprb_release_is_said(kab: Path) -> None:
    # After an upgrade the August rapor said "▲ +4,64 sejak Juli" of July as the old release had scored it, and only
    # the history's schema upgrade was said (migrev).
    from pmprb_cli import __version__

    run_cli(kab, PERIODS[0])
    database = read_config(kab).history
    # By release: the same release (a message or a template edited since, the code's fingerprint changed) is no
    # other way of scoring (diffrev24: said after a one-comment edit, nothing moved).
    edit_history(database, "UPDATE periods SET run_key = 'kode lain'")
    same = " ".join(run_cli(kab, PERIODS[1]).split())
    assert "dinilai pmprb versi lain" not in same, same
    with History.open(database) as history:
        assert dict(history.scored_by()) == {PERIODS[0]: __version__, PERIODS[1]: __version__}
    edit_history(database, f"UPDATE periods SET scored_by = '0.1.0', run_key = 'lama' WHERE period = '{PERIODS[0]}'")
    edit_history(database, f"DELETE FROM periods WHERE period = '{PERIODS[1]}'")
    said = " ".join(run_cli(kab, PERIODS[1]).split())
    assert f"Perhatian: {PERIODS[0]} dinilai pmprb versi lain (0.1.0; kini {__version__}): bila cara hitungnya" in said
    assert f"run --period {PERIODS[0]}), lalu periode ini." in said
    assert f"{PERIODS[0]} dinilai pmprb versi lain" in (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    run_cli(kab, PERIODS[0])  # (as told: June scored again by this release)
    with History.open(database) as history:
        assert set(dict(history.scored_by()).values()) == {__version__}


def test_an_earlier_month_of_this_year_on_another_rubric_is_said_in_the_summary(kab: Path) -> None:
    # After an upgrade that shipped a new rubric version, June and July on v1.0.0 and August on v1.1.2: the trend
    # read "— (rubrik lain)" in the rapor only, the summary silent, --rescore never suggested (migrev).
    run_cli(kab, PERIODS[0])
    edit_history(
        read_config(kab).history,
        "UPDATE periods SET rubric_version = '0.9.0', rubric_checksum = 'lama', scored_by = '0.1.0'",
        "DELETE FROM settings_files",
    )
    said = " ".join(run_cli(kab, PERIODS[1]).split())
    assert f"Perhatian: {PERIODS[0]} dinilai dengan rubrik lain (pmprb-2020 v0.9.0): tren dan perubahan" in said, said
    assert f"run --period {PERIODS[0]} --rescore, mulai dari yang paling awal." in said
    # (not said as scored by another release too, with a run that is refused: it is not compared; diffrev24)
    assert "dinilai pmprb versi lain" not in said


def test_a_unit_renamed_twice_keeps_the_months_of_its_first_kode(kab: Path) -> None:
    # DINKES → DINKESPPKB (alias DINKES) → DINKESKB (alias DINKESPPKB, as a clerk edits the row): June, scored
    # as DINKES, left the unit's history; the registries the history kept still say DINKESPPKB was DINKES.
    run_cli(kab, "2022-06")
    _dinkes_renamed(kab)
    run_cli(kab, "2022-07")
    registry = kab.parent / "daftar-unit.csv"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            'DINKESPPKB,"Dinas Kesehatan dan KB",dinas,DINKES', 'DINKESKB,"Dinas Kesehatan dan KB",dinas,DINKESPPKB'
        ),
        encoding="utf-8",
    )
    shown = cli(["--config", str(kab), "history", "--unit", "DINKESKB", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert [row["period"] for row in json.loads(shown.stdout)["months"]] == ["2022-06", "2022-07"]


def _kab_rubric(kab: Path, version: str = "1.1.2", scores_as: str | None = None, *, revalued: bool = False) -> str:
    """Write kab.toml, pmprb-2020 at ``version`` (its scores_as line replaced when given), pmprb.toml on it.

    ``revalued``: its A–D answers worth other values (a rubric that scores otherwise). Returns the file's text.
    """
    from pmprb_cli.rubric import resolve_rubric

    text = Path(resolve_rubric("pmprb-2020")).read_text(encoding="utf-8")
    text = text.replace('version = "1.1.2"', f'version = "{version}"', 1)
    if scores_as is not None:
        text = text.replace('scores_as = ["1.1.0", "1.1.1"]', scores_as, 1)
    if revalued:
        text = text.replace("B = 0.67, C = 0.33", "B = 0.75, C = 0.5", 1)
    (kab.parent / "kab.toml").write_text(text, encoding="utf-8")
    config = kab.read_text(encoding="utf-8")
    kab.write_text(config.replace('rubric = "pmprb-2020"', 'rubric = "kab.toml"'), encoding="utf-8")
    return text


def test_a_change_to_a_month_on_another_rubric_changes_no_later_month(kab: Path, rubric_2020: Rubric) -> None:
    # June on kab.toml v1.1.1, July on v2.0.0 (scores otherwise): a late June workbook made July's re-run record
    # July again ("dicatat", "Catatan: … jalankan ulang") though its rapor never reads June's figures.
    _kab_rubric(kab, "1.1.1")
    run_cli(kab, "2022-06")
    _kab_rubric(kab, "2.0.0", scores_as="", revalued=True)
    run_cli(kab, "2022-07")
    _kab_rubric(kab, "1.1.1")
    write_unit(kab.parent, rubric_2020, UNITS[1], "2022-06", seed=777)  # June's late revision
    late = " ".join(run_cli(kab, "2022-06").split())
    assert "2022-06 dicatat" in late and "2022-07" not in late.split("Catatan")[-1]
    _kab_rubric(kab, "2.0.0", scores_as="", revalued=True)
    assert "tidak ada perubahan sejak run terakhir" in " ".join(run_cli(kab, "2022-07").split())


def test_a_rename_in_todays_registry_changes_nothing_recorded_of_a_past_period(kab: Path) -> None:
    # Every kode today's registry lends the recorded one went into the keys: after any rename, `export` of a
    # past period refused "berubah sejak pmprb run terakhir" naming nothing, and a re-run re-recorded it.
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    _dinkes_renamed(kab)
    package = cli(["--config", str(kab), "export", "--period", "2022-06", "--out", str(kab.parent / "paket")])
    assert package.exit_code in (0, 1) and "berubah sejak" not in package.output, package.output
    assert "tidak ada perubahan sejak run terakhir" in " ".join(run_cli(kab, "2022-06").split())


def test_a_past_period_with_an_alike_rubric_not_kept_runs_with_the_other_settings_recorded(kab: Path) -> None:
    # June on kab.toml v1.1.1, July on v1.1.2 (scores as 1.1.1), the v1.1.1 file not kept (an early history),
    # target BB → A: re-running June was refused (E902) where it ran before, with June's target.
    old = _kab_rubric(kab, "1.1.1")
    run_cli(kab, "2022-06")
    _kab_rubric(kab)
    run_cli(kab, "2022-07")
    edit_history(
        kab.parent / "riwayat.sqlite",
        ("DELETE FROM settings_files WHERE sha256 = ?", (hashlib.sha256(old.encode()).hexdigest(),)),
    )
    kab.write_text(kab.read_text(encoding="utf-8").replace('target = "BB"', 'target = "A"'), encoding="utf-8")
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "Pengaturan tercatat dipakai" in said and "target BB" in said


def test_a_late_workbook_on_the_alike_newer_template_is_no_old_version(kab: Path) -> None:
    # June re-run with its recorded v1.1.1 (today's v1.1.2 scores alike): a late June workbook made on today's
    # template was told "kirimkan templat versi terbaru" (W208) — of the newest.
    from pmprb_cli.rubric import rubric_from_bytes

    _kab_rubric(kab, "1.1.1")
    (kab.parent / "masuk" / "2022-06" / f"{UNITS[3].kode}.xlsx").unlink()
    run_cli(kab, "2022-06")
    _kab_rubric(kab)
    own = kab.parent / "kab.toml"
    run_cli(kab, "2022-07")
    write_unit(kab.parent, rubric_from_bytes(own.read_bytes(), own), UNITS[3], "2022-06", 9)
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "Pengaturan tercatat dipakai" in said
    found = json.loads((kab.parent / "keluaran/2022-06/validasi-2022-06.json").read_text(encoding="utf-8"))
    late = [f["code"] for f in found["findings"] if f["file"].endswith(f"{UNITS[3].kode}.xlsx")]
    assert late and "PMPRB-W208" not in late


def test_a_past_period_is_run_again_with_its_recorded_settings(kab: Path) -> None:
    # Re-running September 2024 after the registry changed rewrote the record already sent to Kemenpan-RB
    # (26 units, 67,99 → 25 units, 67,88), as pmprb's own hints suggested. A later version refused it, and the
    # user had to put back last month's registry, target and rubric by hand to add one late workbook.
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    database = kab.parent / "riwayat.sqlite"
    june = period_rows(database, "2022-06")
    registry = kab.parent / "daftar-unit.csv"
    units = registry.read_text(encoding="utf-8").splitlines()
    registry.write_text("\n".join(units[:-1]) + "\n", encoding="utf-8")  # a unit merged away in August
    kab.write_text(kab.read_text(encoding="utf-8").replace('target = "BB"', 'target = "A"'), encoding="utf-8")
    again = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert again.exit_code in (0, 1), again.output
    said = " ".join(again.stdout.split())
    assert "tidak ada perubahan sejak run terakhir" in said
    assert "Pengaturan tercatat dipakai" in said and "(target BB → A; daftar unit)" in said
    assert "run --period 2022-06 --rescore" in said  # (with --config, as typed)
    # (what --rescore would apply, said: a late December's applied the new year's target unsaid; longrev)
    assert "Untuk menilainya dengan pengaturan sekarang, termasuk target A untuk Juni 2022 juga: " in said, said
    assert period_rows(database, "2022-06") == june
    # A late workbook: read, and scored with June's registry and target.
    inbox = kab.parent / "masuk" / "2022-06"
    late = next(inbox.glob("*.xlsx"))
    shutil.copy(late, inbox / f"{late.stem} (revisi).xlsx")
    late_run = " ".join(run_cli(kab, "2022-06").split())
    assert "(1 baru/berubah sejak run terakhir)" in late_run and "target BB" in late_run
    assert "Pengaturan tercatat dipakai" in late_run and "Pengaturan berubah" not in late_run
    with History.open(database) as history:
        recorded, was = history.period("2022-06"), history.period("2022-07")
        assert recorded is not None and was is not None and recorded.target == "BB"
        assert recorded.registry_sha256 == was.registry_sha256  # (July: recorded with June's registry)
        assert len(recorded.units) == len(UNITS)  # the merged unit is still June's unit
    rescored = cli(["--config", str(kab), "run", "--period", "2022-06", "--rescore"])
    assert rescored.exit_code in (0, 1) and "Pengaturan berubah sejak run terakhir" in rescored.stdout
    with History.open(database) as history:
        recorded = history.period("2022-06")
        assert recorded is not None and recorded.target == "A"
    latest = run_cli(kab, "2022-07")  # the latest period runs with today's settings, as ever (cron)
    assert "Pengaturan berubah sejak run terakhir periode ini (target BB → A; daftar unit)" in latest


def test_a_rescore_suggested_for_a_month_before_a_reorganisation_says_what_it_would_do(kab: Path) -> None:
    # A kecamatan formed (and a unit merged away) after July: the re-run of June suggested --rescore, which then
    # counted the new kecamatan "belum mengirim" in June, and the merged unit's LKE beside one old half (reorgrev).
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    registry = kab.parent / "daftar-unit.csv"
    units = registry.read_text(encoding="utf-8").splitlines()
    gone = units[-1].split(",")[0]
    registry.write_text("\n".join([*units[:-1], "KEC-BARU,Kecamatan Baru,kecamatan"]) + "\n", encoding="utf-8")
    said = " ".join(run_cli(kab, "2022-06").split())
    assert (
        "Daftar unit sekarang tersusun lain dari yang tercatat untuk 2022-06 (unit yang belum ada dengan kodenya saat "
        f"itu: KEC-BARU; unit tercatat yang kini tidak ada lagi: {gone}); bila perubahan itu berlaku sesudah 2022-06, "
        "biarkan periode itu seperti tercatat:" in said
    ), said
    assert "menilainya dengan susunan sekarang, dan unit yang belum ada saat itu terhitung belum mengirim" in said
    rescored = " ".join(cli(["--config", str(kab), "run", "--period", "2022-06", "--rescore"]).stdout.split())
    assert "Perhatian: periode 2022-06 dinilai ulang dengan pengaturan sekarang, sedangkan daftar unit sekarang " in (
        rescored
    )
    assert "unit yang belum ada saat itu terhitung belum mengirim di periode ini" in rescored
    # A registry edited without another layout (a unit's name respelled) keeps the plain suggestion.
    now = registry.read_text(encoding="utf-8").splitlines()
    kode, name, *rest = now[1].split(",")
    registry.write_text("\n".join([now[0], ",".join([kode, name + " Baru", *rest]), *now[2:]]) + "\n", "utf-8")
    plain = " ".join(run_cli(kab, "2022-06").split())
    assert "Untuk menilainya dengan pengaturan sekarang: " in plain and "tersusun lain" not in plain, plain


def test_a_renamed_unit_is_no_new_unit_and_no_reason_not_to_rescore(kab: Path) -> None:
    # DINKES renamed DINKESPPKB, DINKES its alias: "unit baru DINKESPPKB", "tidak ada lagi: DINKES", and --rescore
    # said to count it as not having sent, while its trend went on (diffrev13).
    run_cli(kab, "2022-06")
    _dinkes_renamed(kab)
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "Daftar unit berubah sejak Juni 2022: kode lama yang kini alias DINKES → DINKESPPKB." in said, said
    again = " ".join(run_cli(kab, "2022-06").split())
    assert "Untuk menilainya dengan pengaturan sekarang: " in again and "tersusun lain" not in again, again
    rescored = " ".join(cli(["--config", str(kab), "run", "--period", "2022-06", "--rescore"]).stdout.split())
    assert "terhitung belum mengirim" not in rescored, rescored


def test_a_unit_split_off_again_is_not_said_to_have_missed_the_months_it_was_part_of_another(
    kab: Path, rubric_2020: Rubric
) -> None:
    # KEC-SUKAMAJU part of KEC-MEKARSARI in July, its own unit again in August: its page said "Tidak dinilai
    # (tidak mengirim atau berkas tidak dapat dinilai): Juli 2022", and the index "—" instead of "baru" (reorgrev).
    registry = kab.parent / "daftar-unit.csv"
    june = registry.read_text(encoding="utf-8")
    run_cli(kab, "2022-06")
    merged = [line for line in june.splitlines() if not line.startswith("KEC-SUKAMAJU,")]
    merged = [f"{line},KEC-SUKAMAJU" if line.startswith("KEC-MEKARSARI,") else f"{line}," for line in merged]
    registry.write_text("\n".join([merged[0][:-1] + ",alias", *merged[1:]]) + "\n", encoding="utf-8")
    (kab.parent / "masuk" / "2022-07" / "KEC-SUKAMAJU.xlsx").unlink()
    (kab.parent / "masuk" / "2022-07" / "BAPPEDA.xlsx").unlink()  # (listed in July, and silent)
    said = " ".join(run_cli(kab, "2022-07").split())
    # (the first run after a change says what the registry's change did: it said nothing)
    assert "Daftar unit berubah sejak Juni 2022: kode lama yang kini alias KEC-SUKAMAJU → KEC-MEKARSARI." in (said)
    registry.write_text(june, encoding="utf-8")
    for n, unit in enumerate(UNITS):
        write_unit(kab.parent, rubric_2020, unit, "2022-08", seed=300 + n)
    said = " ".join(run_cli(kab, "2022-08").split())
    assert "Daftar unit berubah sejak Juli 2022: unit baru KEC-SUKAMAJU." in said, said
    assert "Daftar unit berubah" not in run_cli(kab, "2022-08")  # (its first run only)
    rapor = kab.parent / "keluaran" / "2022-08"
    (page,) = [p for p in rapor.rglob("KEC-SUKAMAJU.md")]
    assert "Tidak dinilai" not in page.read_text(encoding="utf-8")
    (row,) = [r for r in ranking_rows(next(rapor.rglob("index.md")).read_text(encoding="utf-8")) if "Sukamaju" in r]
    assert "baru" in row, row
    # A unit that was listed and sent nothing in July is still said to have missed it.
    (silent,) = [p for p in rapor.rglob("BAPPEDA.md")]
    assert "Tidak dinilai (tidak mengirim atau berkas tidak dapat dinilai): Juli 2022." in silent.read_text("utf-8")


def test_another_instrument_sharing_the_history_does_not_replace_a_period(kab: Path) -> None:
    # A ZI config pointed at the RB history replaced August's RB record ("5 unit, 84,63, A, 3 dari 5 (WBK)"
    # in the RB trend), exit 0; re-running RB replaced ZI's in turn.
    run_cli(kab, "2022-06")
    database = kab.parent / "riwayat.sqlite"
    june = period_rows(database, "2022-06")
    zi = kab.parent / "zi.toml"
    zi.write_text(
        CONFIG.replace("pmprb-2020", "zi-2021").replace('"BB"', '"WBK"').replace("keluaran/", "keluaran-zi/"),
        encoding="utf-8",
    )
    refused = cli(["--config", str(zi), "run", "--period", "2022-06"])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, said
    assert "memuat hasil PMPRB (rubrik pmprb-2020 v1.1.2; periode 2022-06)" in said
    assert "menilai Zona Integritas (rubrik zi-2021)" in said and 'history = "riwayat-zi-2021.sqlite"' in said
    assert "pmprb run --period PERIODE --rescore" in said
    assert period_rows(database, "2022-06") == june and not (kab.parent / "keluaran-zi").exists()
    # A month not recorded yet is refused too: it put "Juli 2022 … 0,00 D" in the RB trend.
    refused = cli(["--config", str(zi), "run", "--period", "2022-07"])
    assert refused.exit_code == 2 and "satu riwayat hanya untuk satu instrumen" in " ".join(refused.output.split())
    # Nor does --rescore record it (as the refusal's hint was read: a ZI history then held AKIP's August, and its
    # trend was titled "Tren AKIP" over ZI's months).
    refused = cli(["--config", str(zi), "run", "--period", "2022-07", "--rescore"])
    said = " ".join(refused.output.split())
    assert (
        refused.exit_code == 2
        and "--rescore hanya menimpa periode yang tercatat dengan PMPRB, dan 2022-07 belum" in said
    )
    # It replaces a month recorded with the other instrument (the way out of a history mixed by an earlier pmprb):
    # then RB's own --rescore replaces that month again.
    run_cli(kab, "2022-07")
    zi.write_text(zi.read_text(encoding="utf-8").replace('"masuk/', '"masuk-zi/'), encoding="utf-8")
    zi_rubric = load_rubric("zi-2021")
    for unit in UNITS[:2]:
        path = kab.parent / "masuk-zi" / "2022-07" / f"{unit.kode}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_template(path, zi_rubric, unit, "2022-07", kabupaten=KABUPATEN, answers=best_answers(zi_rubric))
    mended = cli(["--config", str(zi), "run", "--period", "2022-07", "--rescore"])
    assert mended.exit_code in (0, 1), mended.output
    assert cli(["--config", str(kab), "run", "--period", "2022-07", "--rescore"]).exit_code in (0, 1)
    zi.write_text(zi.read_text(encoding="utf-8").replace('"masuk-zi/', '"masuk/'), encoding="utf-8")
    # Its own history: runs (the inbox holds RB workbooks, said as such; nothing of RB's touched).
    zi.write_text(zi.read_text(encoding="utf-8").replace("riwayat.sqlite", "riwayat-zi.sqlite"), encoding="utf-8")
    # (July's ZI outputs, recorded in the RB history, say a history of them is missing: moved away first)
    refused = cli(["--config", str(zi), "run", "--period", "2022-06"])
    assert refused.exit_code == 2 and "keluaran periode 2022-07 ada" in " ".join(refused.output.split())
    shutil.move(kab.parent / "keluaran-zi", kab.parent / "keluaran-zi-lama")
    assert cli(["--config", str(zi), "run", "--period", "2022-06"]).exit_code == 1
    assert period_rows(database, "2022-06") == june
    # A kabupaten's own copy of the RB rubric, retitled, is the same instrument: recorded as before.
    own = (ROOT / "pmprb_cli" / "rubrics" / "pmprb-2020.toml").read_text(encoding="utf-8")
    (kab.parent / "rb-kab.toml").write_text(
        own.replace('id = "pmprb-2020"', 'id = "pmprb-2020"\nshort_title = "RB Kab"'), encoding="utf-8"
    )
    retitled = kab.parent / "retitled.toml"
    retitled.write_text(CONFIG.replace('"pmprb-2020"', '"rb-kab.toml"'), encoding="utf-8")
    assert cli(["--config", str(retitled), "run", "--period", "2022-06"]).exit_code in (0, 1)


def test_history_gives_each_month_the_predikat_of_the_rubric_it_was_scored_with(kab: Path) -> None:
    # pmprb.toml pointed at another rubric afterwards: every past month's kabupaten mean was graded on its bands
    # (July's 65,86 "BB" where the rapor of July said B), and the title was the new rubric's.
    run_cli(kab, "2022-06")

    def months() -> list[tuple[float, str]]:
        said = json.loads(cli(["--config", str(kab), "history", "-f", "json"]).stdout)
        return [(m["index"], m["predikat"]) for m in said["months"]]

    before = months()
    assert before[0][1] not in ("", "D")
    own = (ROOT / "pmprb_cli" / "rubrics" / "pmprb-2020.toml").read_text(encoding="utf-8")
    head, bands = own.split("[[predikat]]", 1)
    for a, b in (("AA", "A"), ("BB", "B"), ("CC", "C")):  # each band's letter swapped with its neighbour's
        bands = bands.replace(f'code = "{a}"', "code = ?").replace(f'code = "{b}"', f'code = "{a}"')
        bands = bands.replace("code = ?", f'code = "{b}"')
    head = head.replace('id = "pmprb-2020"', 'id = "pmprb-2020-tukar"\nshort_title = "Tukar"')
    (kab.parent / "tukar.toml").write_text(head + "[[predikat]]" + bands, encoding="utf-8")
    kab.write_text(CONFIG.replace('"pmprb-2020"', '"tukar.toml"'), encoding="utf-8")
    assert months() == before
    table = cli(["--config", str(kab), "history"]).stdout
    assert "Tukar" not in table and before[0][1] in table
    # A history that did not keep the rubric file (an early one): the shipped rubric of the recorded id, not
    # "—" in silence.
    edit_history(kab.parent / "riwayat.sqlite", "DELETE FROM settings_files")
    assert months() == before


def test_a_past_period_of_a_rubric_version_no_longer_shipped_is_told_to_rescore(kab: Path) -> None:
    # "kembalikan dulu pengaturannya (daftar unit, target, rubrik)" of a period recorded with pmprb-2020 v1.0.0,
    # which this pmprb does not ship: not to be done; --rescore was the only way (migrev).
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    database = kab.parent / "riwayat.sqlite"
    edit_history(
        database,
        "DELETE FROM settings_files",
        "UPDATE periods SET rubric_version = '0.9.0', rubric_checksum = 'lama' WHERE period = '2022-06'",
    )
    refused = cli(["--config", str(kab), "run", "--period", "2022-06"])
    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 2 and "Rubrik tercatatnya, pmprb-2020 v0.9.0, tidak dibawa pmprb ini lagi" in said
    assert "kembalikan dulu" not in said, said


def test_a_past_period_recorded_without_its_settings_files_is_not_rewritten_unasked(kab: Path) -> None:
    # A history written by a pmprb that did not keep the rubric and registry files: the period cannot be
    # scored as it was, and today's settings would rewrite it.
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    database = kab.parent / "riwayat.sqlite"
    edit_history(database, "DELETE FROM settings_files")
    before = dump(database)
    kab.write_text(kab.read_text(encoding="utf-8").replace('target = "BB"', 'target = "A"'), encoding="utf-8")
    registry = kab.parent / "daftar-unit.csv"
    units = registry.read_text(encoding="utf-8")
    registry.write_text("\n".join(units.splitlines()[:-1]) + "\n", encoding="utf-8")
    refused = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert refused.exit_code == 2
    said = " ".join(refused.stderr.split())
    assert "Periode 2022-06 tercatat dengan pengaturan lain (target BB → A; daftar unit)" in said
    assert "tidak tersimpan di riwayat" in said and "pmprb run --period 2022-06 --rescore" in said
    assert "kembalikan dulu pengaturannya (daftar unit, target, rubrik)" in said
    assert dump(database) == before  # nothing rewritten
    registry.write_text(units, encoding="utf-8")
    # (the target alone is in the record itself; the registry, unchanged, is kept now)
    assert "Pengaturan tercatat dipakai" in " ".join(run_cli(kab, "2022-06").split())
    config = kab.read_text(encoding="utf-8")
    assert "kabupaten = " in config
    kab.write_text(config.replace("kabupaten = ", 'kabupaten = "Kab. Uji" # ', 1), encoding="utf-8")
    said = " ".join(run_cli(kab, "2022-07").split())  # said, and not refused: a spelling changes no score
    # (with the name recorded: "nama kabupaten" alone left the operator to guess what to put back)
    assert f"nama kabupaten {KABUPATEN} → Kab. Uji" in said


def test_a_periods_first_run_after_later_ones_uses_the_target_of_its_year_then(kab: Path) -> None:
    # December run for the first time in January, after the target rose to A for the new year: judged against A
    # (2 of 39 where November's 19 of 40 met BB), its Triwulan IV too, and nothing said which target it was.
    run_cli(kab, "2022-07")
    kab.write_text(kab.read_text(encoding="utf-8").replace('target = "BB"', 'target = "A"'), encoding="utf-8")
    said = " ".join(run_cli(kab, "2022-06").split())
    assert (
        "Perhatian: periode 2022-06 baru pertama kali dijalankan, sesudah periode yang lebih baru; dinilai dengan "
        "target BB yang tercatat untuk 2022-07 (periode tercatat terdekat tahun itu), bukan target pmprb.toml "
        "sekarang (A)." in said
    )
    database = kab.parent / "riwayat.sqlite"

    def targets() -> list[str]:
        with History.open(database, create=False) as history:
            return [r.target for p in ("2022-06", "2022-07") if (r := history.period(p)) is not None]

    assert targets() == ["BB", "BB"]
    # --rescore applies today's.
    said = " ".join(cli(["--config", str(kab), "run", "--period", "2022-06", "--rescore"]).stdout.split())
    assert "bukan target pmprb.toml sekarang" not in said
    assert targets() == ["A", "BB"]


def test_the_rapor_says_the_previous_months_own_target_when_it_was_another(kab: Path) -> None:
    # January's rapor, target raised to A: "Mencapai target A: 2 (Desember 2022: 2 dari 39)" — December counted
    # against A, where December's own rapor said 20 met BB, and nothing said the target had changed.
    run_cli(kab, "2022-06")
    kab.write_text(kab.read_text(encoding="utf-8").replace('target = "BB"', 'target = "A"'), encoding="utf-8")
    said = run_cli(kab, "2022-07")
    assert "; target A (Juni 2022: BB)" in said.splitlines()[0]  # (the run's summary says it too)
    with History.open(kab.parent / "riwayat.sqlite", create=False) as history:
        june = [p for p in history.points() if p.period == "2022-06"]
    order = ("AA", "A", "BB", "B", "CC", "C", "D")
    met_bb = sum(1 for p in june if p.predikat in order[:3])
    met_a = sum(1 for p in june if p.predikat in order[:2])
    assert {p.target for p in june} == {"BB"} and met_bb != met_a
    index = (kab.parent / "keluaran" / "2022-07" / "rapor" / "index.md").read_text(encoding="utf-8")
    line = next(line for line in index.splitlines() if line.startswith("- Mencapai target A:"))
    assert f"(Juni 2022: {met_a} dari {len(june)}; {met_bb} mencapai target saat itu, BB)" in line, line
    html = " ".join((kab.parent / "keluaran" / "2022-07" / "rapor" / "index.html").read_text(encoding="utf-8").split())
    assert f"Juni 2022: {met_a} dari {len(june)} ({met_bb} mencapai target saat itu, BB)" in html
    # The same target both months: nothing more.
    kab.write_text(kab.read_text(encoding="utf-8").replace('target = "A"', 'target = "BB"'), encoding="utf-8")
    cli(["--config", str(kab), "run", "--period", "2022-07", "--rescore"])
    index = (kab.parent / "keluaran" / "2022-07" / "rapor" / "index.md").read_text(encoding="utf-8")
    assert "mencapai target saat itu" not in index


def test_januarys_rapor_says_the_years_counts_started_again(kab: Path, rubric_2020: Rubric) -> None:
    # Violations this year against last start again in January: every unit's A.III.5 "rose" since December,
    # shown as progress at the rapim with no word of the calendar.
    for period in ("2022-12", "2023-01"):
        for n, unit in enumerate(UNITS):
            write_unit(kab.parent, rubric_2020, unit, period, seed=700 + n)
        run_cli(kab, period)
    said = "Pergantian tahun: A.III.5.iii.a Penurunan pelanggaran disiplin pegawai dihitung dari jumlah tahun berjalan"
    january = (kab.parent / "keluaran" / "2023-01" / "rapor" / "index.md").read_text(encoding="utf-8")
    assert said in january and "sebagian perubahan sejak Desember 2022 berasal dari pergantian tahun" in january
    assert said in " ".join((kab.parent / "keluaran" / "2023-01" / "rapor" / "index.html").read_text("utf-8").split())
    # Within a year, nothing of it.
    run_cli(kab, "2022-07")
    assert "Pergantian tahun" not in (kab.parent / "keluaran" / "2022-07" / "rapor" / "index.md").read_text("utf-8")


def test_the_summarys_validate_command_works_as_written(kab: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "(atau pmprb validate)" after a run with --config: as written, "Sebutkan berkas atau folder LKE" (exit 2).
    (kab.parent / "masuk" / "2022-06" / f"{UNITS[0].kode}.xlsx").write_bytes(b"PK\x03\x04 rusak")
    said = " ".join(run_cli(kab, "2022-06", expected=(1,)).split())
    command = re.search(r"\(atau (pmprb [^)]*)\)\.", said)
    assert command is not None and command.group(1) == f"pmprb --config {kab} validate --period 2022-06"
    result = invoke(shlex.split(command.group(1))[1:], 1)
    assert f"{UNITS[0].kode}.xlsx" in result.output
    monkeypatch.chdir(kab.parent)  # run from the config's folder: the command needs no --config
    (kab.parent / "masuk" / "2022-07" / f"{UNITS[0].kode}.xlsx").write_bytes(b"PK\x03\x04 rusak")
    assert "(atau pmprb validate --period 2022-07)." in " ".join(run_cli(kab, "2022-07", expected=(1,)).split())


def test_the_summary_says_why_a_file_is_not_ranked(kab: Path, rubric_2020: Rubric) -> None:
    # "SETDA.xlsx (1 kesalahan, tidak diperingkat)": last month's workbook sent again, its PMPRB-E303 only in
    # validasi-*.json.
    from .factories import best_answers

    path = kab.parent / "masuk" / "2022-06" / f"{UNITS[0].kode}.xlsx"
    write_template(path, rubric_2020, UNITS[0], "2022-05", kabupaten=KABUPATEN, answers=best_answers(rubric_2020))
    said = " ".join(run_cli(kab, "2022-06").split())
    assert f"{UNITS[0].kode}.xlsx (1 kesalahan, tidak diperingkat: buku kerja periode 2022-05, bukan 2022-06)" in said


def test_a_kabupaten_setting_no_workbook_names_is_refused_not_recorded(kab: Path) -> None:
    # pmprb.toml's kabupaten corrected after the templates went out: "10 buku kerja dengan kesalahan", a rapor of
    # no unit, and the month recorded with none (its units gone from `history`).
    run_cli(kab, "2022-06")
    database = kab.parent / "riwayat.sqlite"
    before = dump(database)
    outputs = tree(kab.parent / "keluaran" / "2022-06")
    config = kab.read_text(encoding="utf-8")
    kab.write_text(config.replace("kabupaten = ", 'kabupaten = "Kabupaten Lain" # ', 1), encoding="utf-8")
    refused = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert refused.exit_code == 2
    said = " ".join(refused.stderr.split())
    assert f"Semua {len(UNITS)} buku kerja periode ini menyebut Kabupaten Uji, sedangkan pengaturan menyebut " in said
    assert (
        "Kabupaten Lain (PMPRB-E308): tidak ada keluaran periode ini yang ditulis dan periode ini tidak dicatat" in said
    )
    assert dump(database) == before and tree(kab.parent / "keluaran" / "2022-06") == outputs


def test_a_rubric_no_workbook_was_made_from_is_refused_not_recorded(kab: Path) -> None:
    # pmprb.toml moved to lke-rb-2014 ahead of the next period, then the cron re-ran the recorded month: every
    # workbook E207, the month's ranked units replaced by none, its rapor pages removed, exit 1 as any month.
    run_cli(kab, "2022-06")
    database = kab.parent / "riwayat.sqlite"
    before = dump(database)
    outputs = tree(kab.parent / "keluaran" / "2022-06")
    config = kab.read_text(encoding="utf-8")
    assert 'rubric = "pmprb-2020"' in config
    kab.write_text(config.replace('rubric = "pmprb-2020"', 'rubric = "lke-rb-2014"', 1), encoding="utf-8")
    refused = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert refused.exit_code == 2, refused.output
    said = " ".join(refused.stderr.split())
    assert f"Semua {len(UNITS)} buku kerja periode 2022-06 dibuat dari templat rubrik pmprb-2020, sedangkan " in said
    assert "rubrik lke-rb-2014 (PMPRB-E207), yang butirnya lain: tidak ada keluaran periode ini yang ditulis" in said
    assert dump(database) == before and tree(kab.parent / "keluaran" / "2022-06") == outputs
    # A month's first run is not: its only early file on another rubric's template is that unit's mistake, said
    # in the outputs beside the units yet to send (refused, cron had exit 2 and no unit its validasi file).
    kab.write_text(config, encoding="utf-8")
    inbox = kab.parent / "masuk" / "2022-09"
    inbox.mkdir(parents=True)
    lke = load_rubric("lke-rb-2014")
    write_template(inbox / f"{UNITS[0].kode}.xlsx", lke, UNITS[0], "2022-09", kabupaten=KABUPATEN)
    said = " ".join(run_cli(kab, "2022-09", expected=(1,)).split())
    assert "1 buku kerja dengan kesalahan" in said and (kab.parent / "keluaran" / "2022-09").is_dir()


def test_a_past_period_keeps_the_registry_it_was_recorded_with_and_its_name(kab: Path) -> None:
    # The recorded registry was named after today's file in the rekap ("1 dari 40 unit di daftar
    # registry-2023.csv", a file of 41 units); and a period recorded without a registry was quietly run
    # with the one added since (units "belum mengumpulkan" where there were none).
    import openpyxl

    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    lines = (kab.parent / "daftar-unit.csv").read_text(encoding="utf-8").splitlines()
    (kab.parent / "registry-2023.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    kab.write_text(
        kab.read_text(encoding="utf-8").replace('"daftar-unit.csv"', '"registry-2023.csv"'), encoding="utf-8"
    )
    inbox = kab.parent / "masuk" / "2022-06"
    late = next(inbox.glob("*.xlsx"))
    shutil.copy(late, inbox / f"{late.stem} (revisi).xlsx")
    assert "Pengaturan tercatat dipakai" in " ".join(run_cli(kab, "2022-06").split())
    book = openpyxl.load_workbook(kab.parent / "keluaran" / "2022-06" / "rekap-2022-06.xlsx", read_only=True)
    info = {row[0]: row[1] for row in book["Info"].iter_rows(values_only=True) if row and row[0]}
    book.close()
    assert info["Daftar unit"] == "daftar-unit.csv"

    without = kab.parent / "tanpa"
    shutil.copytree(kab.parent / "masuk", without / "masuk")
    config = without / "pmprb.toml"
    config.write_text(
        "\n".join(x for x in kab.read_text(encoding="utf-8").splitlines() if not x.startswith("registry")) + "\n",
        encoding="utf-8",
    )
    run_cli(config, "2022-06")
    run_cli(config, "2022-07")
    shutil.copy(kab.parent / "daftar-unit.csv", without / "daftar-unit.csv")
    config.write_text(config.read_text(encoding="utf-8") + 'registry = "daftar-unit.csv"\n', encoding="utf-8")
    (without / "masuk" / "2022-06" / f"{UNITS[0].kode}.xlsx").unlink()
    said = " ".join(run_cli(config, "2022-06").split())
    assert "Pengaturan tercatat dipakai" in said and "(daftar unit)" in said and "0 unit belum mengirim" in said
    with History.open(without / "riwayat.sqlite") as history:
        recorded = history.period("2022-06")
        assert recorded is not None and recorded.registry_sha256 == ""


def test_a_month_run_first_after_a_merger_was_recorded_keeps_the_units_of_its_time(
    kab: Path, rubric_2020: Rubric
) -> None:
    # July's cron run missed, done after August was run with the two kecamatan merged: with today's registry
    # both July files were one unit's two sendings (PMPRB-E304), KEC-MEKARSARI's dropped from July's ranking
    # and KEC-SUKAMAJU's July recorded as the merged unit's, its August then "+3,49" on it.
    root = kab.parent
    run_cli(kab, "2022-06")
    merged = Unit("KEC-SUKAMEKAR", "Kecamatan Sukamekar", "kecamatan", ("KEC-SUKAMAJU", "KEC-MEKARSARI"))
    (root / "daftar-unit.csv").write_text(
        'kode,nama,jenis,alias\nDINKES,"Dinas Kesehatan",dinas,\nBAPPEDA,"Badan Perencanaan Pembangunan Daerah",'
        'badan,\nKEC-SUKAMEKAR,"Kecamatan Sukamekar",kecamatan,"KEC-SUKAMAJU|KEC-MEKARSARI"\n',
        encoding="utf-8",
    )
    for n, unit in enumerate((*UNITS[:2], merged)):
        write_unit(root, rubric_2020, unit, "2022-08", seed=300 + n)
    run_cli(kab, "2022-08")
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "dinilai dengan unit-unit daftar unit yang tercatat untuk 2022-06 (periode tercatat terdekat)" in said, said
    assert "run --period 2022-07 --rescore" in said and "1 kiriman ganda" not in said
    july = json.loads((root / "keluaran/2022-07/nilai-2022-07.json").read_text(encoding="utf-8"))
    assert sorted(u["unit"]["kode"] for u in july["units"]) == sorted(u.kode for u in UNITS)
    with History.open(root / "riwayat.sqlite") as history:
        assert {u.kode for u in history.units("2022-07")} == {u.kode for u in UNITS}
    assert "tidak ada perubahan" in run_cli(kab, "2022-07")  # (recorded so: the next run is the same run)
    # Today's registry when asked for: the two files are then one unit's two sendings.
    rescored = " ".join(cli(["--config", str(kab), "run", "--period", "2022-07", "--rescore"]).stdout.split())
    assert "1 kiriman ganda" in rescored and "daftar unit yang tercatat untuk" not in rescored


def test_a_month_run_first_after_a_unit_was_dropped_knows_the_units_added_since(kab: Path, rubric_2020: Rubric) -> None:
    # BKPSDM forgotten in June's registry, added with KEC-MEKARSARI dropped (dissolved, no July file) when
    # August was run; July run late: June's whole registry made BKPSDM's July file PMPRB-E301 again.
    root = kab.parent
    run_cli(kab, "2022-06")
    added = Unit("BKPSDM", "Badan Kepegawaian", "badan")
    lines = (root / "daftar-unit.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("KEC-MEKARSARI")]
    (root / "daftar-unit.csv").write_text("\n".join([*kept, 'BKPSDM,"Badan Kepegawaian",badan']) + "\n", "utf-8")
    for n, unit in enumerate((*UNITS[:3], added)):
        write_unit(root, rubric_2020, unit, "2022-08", seed=600 + n)
    write_unit(root, rubric_2020, added, "2022-07", seed=700)
    run_cli(kab, "2022-08")
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "unit yang ditambahkan sesudahnya tetap dikenali" in said and "0 buku kerja dengan kesalahan" in said, said
    july = json.loads((root / "keluaran/2022-07/nilai-2022-07.json").read_text(encoding="utf-8"))
    assert {u["unit"]["kode"] for u in july["units"]} == {*(u.kode for u in UNITS), "BKPSDM"}
    assert "tidak ada perubahan" in run_cli(kab, "2022-07")  # (the registry recorded reads back the same)


def test_a_month_run_first_after_a_unit_was_added_or_a_name_corrected_uses_todays_registry(
    kab: Path, rubric_2020: Rubric
) -> None:
    # A unit forgotten in the registry, added when August was run; July run late by hand: with June's registry
    # BKPSDM's July file was PMPRB-E301 ("tambahkan ke daftar unit", as it was). A name corrected alike.
    root = kab.parent
    run_cli(kab, "2022-06")
    added = Unit("BKPSDM", "Badan Kepegawaian", "badan")
    registry = (root / "daftar-unit.csv").read_text(encoding="utf-8").replace("Dinas Kesehatan", "Dinas Kesehatan!")
    (root / "daftar-unit.csv").write_text(registry + 'BKPSDM,"Badan Kepegawaian",badan\n', encoding="utf-8")
    for n, unit in enumerate((*UNITS, added)):
        write_unit(root, rubric_2020, unit, "2022-08", seed=400 + n)
    write_unit(root, rubric_2020, added, "2022-07", seed=500)
    run_cli(kab, "2022-08")
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "daftar unit yang tercatat untuk" not in said and "PMPRB-E301" not in said
    july = json.loads((root / "keluaran/2022-07/nilai-2022-07.json").read_text(encoding="utf-8"))
    assert "BKPSDM" in {u["unit"]["kode"] for u in july["units"]}
    assert "Dinas Kesehatan!" in {u["unit"]["nama"] for u in july["units"]}


def _june_at_version_3(kab: Path, *, with_names: bool) -> Path:
    """June run, its history set back to schema version 3 (with or without the settings files' names)."""
    run_cli(kab, "2022-06")
    database = kab.parent / "riwayat.sqlite"
    edit_history(
        database,
        *(() if with_names else ("ALTER TABLE settings_files DROP COLUMN name",)),
        "PRAGMA user_version = 3",
    )
    return database


def test_a_history_of_version_3_keeps_its_settings_files_names_after_the_upgrade(kab: Path) -> None:
    # Version 3 kept the files without their names; the names came with version 4, a step of their own.
    database = _june_at_version_3(kab, with_names=False)
    registry = kab.parent / "daftar-unit.csv"
    registry.write_text(registry.read_text(encoding="utf-8") + "KEC-BARU,Kecamatan Baru,kecamatan\n", encoding="utf-8")
    run_cli(kab, "2022-07")
    with History.open(database) as history:
        assert history.version == SCHEMA_VERSION == 6
        june, july = history.period("2022-06"), history.period("2022-07")
        assert june is not None and july is not None
        assert history.settings_file(june.registry_sha256) is not None  # (kept by version 3, name unknown)
        assert history.settings_file(july.registry_sha256) == ("daftar-unit.csv", registry.read_bytes())


def test_a_history_of_version_3_written_with_the_names_already_is_upgraded(kab: Path) -> None:
    # Builds of one afternoon wrote version 3 with the name column (moved to version 4 later): every run,
    # history and export on such a file was refused as a damaged history, to be restored from a backup.
    database = _june_at_version_3(kab, with_names=True)
    run_cli(kab, "2022-07")
    with History.open(database) as history:
        assert history.version == SCHEMA_VERSION == 6
        assert history.periods() == ("2022-06", "2022-07")


def test_a_history_whose_index_disagrees_with_its_table_is_refused(kab: Path) -> None:
    # An index page overwritten by another: quick_check said "ok", `history` showed months with the wrong
    # units or none, and `run` wrote on into the damaged file.
    run_cli(kab, "2022-06")
    database = kab.parent / "riwayat.sqlite"
    db = sqlite3.connect(database, isolation_level=None)
    try:
        db.execute("PRAGMA user_version = 3")  # (an older file: refused before its upgrade writes into it)
        db.execute("PRAGMA writable_schema = ON")
        db.execute(
            "UPDATE sqlite_master SET sql = replace(sql, '(kode, period)', '(period, kode)') "
            "WHERE name = 'units_by_kode'"
        )
    finally:
        db.close()
    before = database.read_bytes()
    for args in (["history"], ["run", "--period", "2022-07"]):
        said = " ".join(invoke(["--config", str(kab), *args], 2).output.split())
        assert "berkas riwayat rusak — indeksnya tidak utuh menurut pemeriksaan integritas SQLite" in said, said
        assert "(rincian SQLite: row 1 missing from index units_by_kode" in said
        assert 'tanpa cadangan, `sqlite3 <berkas> "REINDEX;"`' in said
    assert database.read_bytes() == before


def test_a_history_damaged_past_its_indexes_is_said_in_indonesian_on_one_line(kab: Path) -> None:
    # Truncated near its end: "(*** in database main *** \nOn tree page 156 cell 6: Rowi)", English over lines;
    # a table dropped by hand: "(no such table: areas)".
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    database = kab.parent / "riwayat.sqlite"
    saved = database.read_bytes()
    found = []
    for cut in range(1024, len(saved) // 2, 1024):  # (where a cut is caught by the integrity check, not earlier)
        database.write_bytes(saved[:-cut])
        result = invoke(["--config", str(kab), "history"], 2)
        if "rusak — isi tabelnya tidak utuh" in result.output:
            found.append(result.output)
            break
    assert found, "no truncation reached the integrity check"
    first_line = found[0].splitlines()[0]
    assert "rincian SQLite: " in first_line and "***" not in first_line
    database.write_bytes(saved)
    edit_history(database, "DROP TABLE areas")
    said = " ".join(invoke(["--config", str(kab), "history"], 2).output.split())
    assert "tabel areas tidak ada (bukan riwayat pmprb, atau sebagian isinya dihapus)" in said, said


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        (
            "DROP TABLE inputs; CREATE VIEW inputs AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
            "SELECT x AS period, '' AS file, '' AS sha256, 0 AS size, 0 AS mtime_ns, '' AS kode FROM c",
            "tampilan (VIEW) 'inputs'",
        ),
        (
            "CREATE TRIGGER t AFTER INSERT ON units BEGIN UPDATE units SET index_value = 99.5; END",
            "pemicu (TRIGGER) 't'",
        ),
    ],
    ids=["view", "trigger"],
)
def test_a_history_with_a_view_or_trigger_is_refused_before_it_is_read(kab: Path, sql: str, said: str) -> None:
    # A view in place of a table looped in SQLite's C code, deaf to SIGTERM (only SIGKILL ended it); a trigger
    # rewrote every recorded index to 99,5 (AA) while `run` said "dicatat".
    run_cli(kab, "2022-06")
    database = kab.parent / "riwayat.sqlite"
    db = sqlite3.connect(database, isolation_level=None)
    try:
        db.executescript(sql)
    finally:
        db.close()
    before = database.read_bytes()
    for args in (["history"], ["run", "--period", "2022-07"]):
        text = " ".join(invoke(["--config", str(kab), *args], 2).output.split())
        assert f"riwayat memuat {said} yang tidak pernah dibuat pmprb" in text and "DROP" in text, text
    assert database.read_bytes() == before


def test_a_history_that_cannot_be_written_stops_the_run_before_any_workbook_is_read(
    kab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chattr +i on riwayat.sqlite: the run read every workbook and rewrote rekap, rapor and nilai, then stopped
    # at the history (E905), leaving outputs the history did not match.
    import pmprb_cli.monthly as monthly

    run_cli(kab, "2022-06")
    out = kab.parent / "keluaran" / "2022-06"
    before = tree(out)
    write_unit(kab.parent, load_rubric("pmprb-2020"), UNITS[1], "2022-06", seed=778)  # something to record
    monkeypatch.setattr(monthly, "_history_writable", lambda path: False)
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "tidak ada buku kerja yang dibaca dan tidak ada keluaran yang ditulis" in said
    assert tree(out) == before
    # Nothing to write: an unchanged re-run still answers, the history read-only or not.
    monkeypatch.setattr(monthly, "_history_writable", lambda path: True)
    run_cli(kab, "2022-06")
    monkeypatch.setattr(monthly, "_history_writable", lambda path: False)
    assert "tidak ada perubahan sejak run terakhir" in " ".join(run_cli(kab, "2022-06").split())


def test_an_inbox_beside_the_config_folder_leaves_no_absolute_path_and_survives_a_move(kab: Path) -> None:
    # pmprb.toml in /srv/pmprb, the inbox on a share: the manifest and rekap sent to Kemenpan-RB carried the
    # server's absolute paths, and moving both folders together made every file "baru" and "tidak ada lagi".
    site = kab.parent.parent / "server"
    (site / "bersama").mkdir(parents=True)
    shutil.move(kab.parent / "masuk", site / "bersama" / "masuk")
    shutil.move(kab.parent, site / "pmprb")
    config = site / "pmprb" / "pmprb.toml"
    text = config.read_text(encoding="utf-8").replace('"masuk/{period}/"', f'"{site}/bersama/masuk/{{period}}/"')
    config.write_text(text, encoding="utf-8")
    run_cli(config, "2022-06")
    package = cli(["--config", str(config), "export", "--period", "2022-06", "--out", str(site / "paket")])
    assert package.exit_code in (0, 1), package.output
    manifest = json.loads((site / "paket" / "manifest.json").read_text(encoding="utf-8"))
    # (named by where each lies in the inbox: no folder of the server's, "../bersama/masuk/2022-06/" neither)
    assert sorted(i["file"] for i in manifest["inputs"]) == sorted(f"{u.kode}.xlsx" for u in UNITS)
    info = openpyxl.load_workbook(site / "paket" / "rekap-2022-06.xlsx", read_only=True)["Info"]
    assert not [v for r in info.iter_rows(values_only=True) for v in r if isinstance(v, str) and "bersama" in v]
    moved = site.parent / "pindah"
    shutil.move(site, moved)
    config = moved / "pmprb" / "pmprb.toml"
    config.write_text(text.replace(str(site), str(moved)), encoding="utf-8")
    assert "tidak ada perubahan sejak run terakhir" in " ".join(run_cli(config, "2022-06").split())


def test_a_kabupaten_template_failing_on_one_units_data_writes_nothing(kab: Path) -> None:
    # Pages were made as they were written: a template failing on the last unit left the validation, nilai,
    # rekap and the other units' pages new beside the old one, and "jalankan ulang" failed again.
    from pmprb_cli.reporting import default_templates_dir

    run_cli(kab, "2022-06")
    out = kab.parent / "keluaran" / "2022-06"
    before = tree(out)
    templates = kab.parent / "templat-rapor"
    shutil.copytree(default_templates_dir(), templates)
    unit_md = templates / "unit.md"
    last = UNITS[-1].kode
    unit_md.write_text(
        unit_md.read_text(encoding="utf-8")
        + f'VERSI-BARU{{% if r.kode == "{last}" %}}{{{{ tak.ada.sama.sekali }}}}{{% endif %}}\n',
        encoding="utf-8",
    )
    kab.write_text(kab.read_text(encoding="utf-8") + 'templates = "templat-rapor"\n', encoding="utf-8")
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert result.exit_code == 2 and "Templat unit.md" in " ".join(result.output.split()), result.output
    assert tree(out) == before


def test_an_inbox_beside_a_symlinked_config_folder_is_the_one_read(kab: Path) -> None:
    # /srv/pmprb a symlink to /data/pmprb, the inbox /srv/bersama/masuk: recorded as "../bersama/masuk/…", it was
    # read from /data/bersama/masuk — a stale folder there scored as the month, "3 unit belum mengirim".
    site, real = kab.parent.parent / "srv", kab.parent.parent / "data"
    (site / "bersama").mkdir(parents=True)
    real.mkdir()
    shutil.move(kab.parent / "masuk", site / "bersama" / "masuk")
    shutil.move(kab.parent, real / "pmprb")
    (site / "pmprb").symlink_to(real / "pmprb")
    (real / "bersama" / "masuk" / "2022-06").mkdir(parents=True)
    stale = site / "bersama" / "masuk" / "2022-06" / f"{UNITS[0].kode}.xlsx"
    shutil.copy(stale, real / "bersama" / "masuk" / "2022-06")
    config = site / "pmprb" / "pmprb.toml"
    text = config.read_text(encoding="utf-8").replace('"masuk/{period}/"', f'"{site}/bersama/masuk/{{period}}/"')
    config.write_text(text, encoding="utf-8")
    said = " ".join(run_cli(config, "2022-06").split())
    assert f"Masukan: {len(UNITS)} buku kerja" in said and "0 unit belum mengirim" in said, said


def test_the_same_workbooks_under_other_paths_are_said_so_not_new_and_gone() -> None:
    # A history recorded with absolute paths (earlier pmprb, inbox beside the config folder), or a folder moved:
    # "39 baru/berubah …, 39 tidak ada lagi" of workbooks nobody had touched.
    from types import SimpleNamespace
    from typing import Any, cast

    from pmprb_cli.monthly import Inputs, input_changes

    recorded = [("/srv/masuk/2022-07/A.xlsx", "a"), ("/srv/masuk/2022-07/B.xlsx", "b"), ("/srv/masuk/2022-07/C.xlsx", "c"),
                ("/srv/masuk/2022-07/rusak.xlsx", "")]  # fmt: skip
    stored = cast(Any, SimpleNamespace(inputs=[SimpleNamespace(file=f, sha256=s) for f, s in recorded]))
    files = ("../masuk/2022-07/A.xlsx", "../masuk/2022-07/B.xlsx", "../masuk/2022-07/D.xlsx")
    inputs = Inputs(files, {files[0]: "a", files[1]: "b2", files[2]: "d"}, "key")
    assert input_changes(stored, inputs) == (
        ("../masuk/2022-07/A.xlsx", "sama, jalurnya dulu /srv/masuk/2022-07/A.xlsx"),
        ("../masuk/2022-07/B.xlsx", "baru"),
        ("../masuk/2022-07/D.xlsx", "baru"),
        ("/srv/masuk/2022-07/B.xlsx", "hilang"),
        ("/srv/masuk/2022-07/C.xlsx", "hilang"),
        ("/srv/masuk/2022-07/rusak.xlsx", "hilang"),
    )


def test_export_after_a_workbook_was_renamed_says_only_its_path_changed(kab: Path) -> None:
    # "Masukan … berubah …: DINSOS-juli.xlsx (sama, jalurnya dulu …)" said changed and the same of one file.
    run_cli(kab, "2022-06")
    inbox = kab.parent / "masuk" / "2022-06"
    (inbox / f"{UNITS[1].kode}.xlsx").rename(inbox / f"{UNITS[1].kode}-juni.xlsx")
    result = cli(["--config", str(kab), "export", "--period", "2022-06", "--out", str(kab.parent / "paket")])
    said = " ".join(result.output.split())
    assert (
        result.exit_code == 2
        and "Jalur masukan periode 2022-06 berubah sejak `pmprb run` terakhir (isinya sama)" in said
    )
    assert f"{UNITS[1].kode}-juni.xlsx (sama, jalurnya dulu masuk/2022-06/{UNITS[1].kode}.xlsx)" in said


def test_validate_of_a_period_whose_inbox_has_no_relative_path_reads_it(
    kab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The inbox on another drive (Windows: relpath raises ValueError): `validate --period` ended "Kesalahan
    # internal" (exit 3).
    def no_relative_path(path: str, start: str | None = None) -> str:
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.chdir(kab.parent)
    monkeypatch.setattr(os.path, "relpath", no_relative_path)
    result = cli(["--config", str(kab), "validate", "--period", "2022-06"])
    assert result.exit_code in (0, 1), result.output


def test_a_period_too_old_for_the_cache_leaves_it_as_it_was(kab: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Its results were stored and pruned at once: each re-run read every workbook and rewrote the cache.
    from pmprb_cli import cache

    monkeypatch.setattr(cache, "KEPT_PERIODS", 1)
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    path = cache_path(read_config(kab).history)
    run_cli(kab, "2022-06")
    before = path.read_bytes()
    assert "tidak ada perubahan" in run_cli(kab, "2022-06")
    assert path.read_bytes() == before


def test_the_history_keeps_each_settings_file_once(kab: Path) -> None:
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    database = kab.parent / "riwayat.sqlite"
    rows = dump(database)["settings_files"]
    assert sorted((kind, name) for _, kind, _, name in rows) == [
        ("daftar unit", "daftar-unit.csv"),
        ("rubrik", "pmprb-2020.toml"),
    ]
    with History.open(database) as history:
        recorded = history.period("2022-07")
        assert recorded is not None
        registry = (kab.parent / "daftar-unit.csv").read_bytes()
        assert history.settings_file(recorded.registry_sha256) == ("daftar-unit.csv", registry)
        assert history.settings_file("0" * 64) is None
    before = database.read_bytes()
    assert "tidak ada perubahan" in run_cli(kab, "2022-07")
    assert database.read_bytes() == before


def test_an_inbox_holding_only_a_rekap_is_an_empty_inbox(kab: Path) -> None:
    # It ran with exit 0, recorded a period of 0 units, and export then packed it.
    run_cli(kab, "2022-06")
    inbox = kab.parent / "masuk" / "2022-08"
    inbox.mkdir(parents=True)
    shutil.copy(kab.parent / "keluaran" / "2022-06" / "rekap-2022-06.xlsx", inbox / "rekap-juni.xlsx")
    result = cli(["--config", str(kab), "run", "--period", "2022-08"])
    assert result.exit_code == 1 and "tidak ada LKE unit" in result.stdout
    assert "2022-08" not in {row[0] for row in dump(kab.parent / "riwayat.sqlite")["periods"]}
    # The log said why (it gave exit 1 and no cause), and read the file it counted ("1 dibaca ulang" then "0").
    said = [
        line.split(": ", 1)[1]
        for line in (kab.parent / "pmprb-run.log").read_text().splitlines()
        if "[2022-08]" in line
    ]
    assert said[-3:] == [
        f"Periode 2022-08: tidak ada LKE unit (.xlsx) di folder masuk {inbox}; tidak ada yang ditulis atau dicatat.",
        "selesai: 1 berkas dibaca ulang, 0 keluaran ditulis, 0 dihapus, riwayat tetap",
        "kode keluar 1",
    ]


def test_merge_names_the_kabupaten_of_pmprb_toml(kab: Path) -> None:
    import openpyxl

    out = kab.parent / "rekap.xlsx"
    with contextlib.chdir(kab.parent):
        result = cli(["--config", str(kab), "merge", "--period", "2022-06", "--out", str(out)])
    assert result.exit_code in (0, 1), result.output
    info = {row[0]: row[1] for row in openpyxl.load_workbook(out, read_only=True)["Info"].iter_rows(values_only=True)}
    assert info["Kabupaten/kota"] == KABUPATEN


def test_rapor_shows_the_earlier_months(kab: Path) -> None:
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    index = (kab.parent / "keluaran/2022-07/rapor/index.md").read_text(encoding="utf-8")
    assert "Juni 2022" in index


def test_rerunning_an_earlier_period_points_at_the_later_ones(kab: Path, rubric_2020: Rubric) -> None:
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    write_unit(kab.parent, rubric_2020, UNITS[0], "2022-06", seed=4242)
    assert "2022-07" in run_cli(kab, "2022-06")


def test_rerunning_an_earlier_period_does_not_point_at_later_ones_on_another_rubric(
    kab: Path, rubric_2020: Rubric
) -> None:
    # July scored with the kabupaten's own rubric: its rapor leaves June out, yet a rerun of June said
    # "rapor periode 2022-07 … memakai riwayat periode ini", and rerunning July wrote nothing.
    from pmprb_cli.rubric import resolve_rubric

    own = kab.parent / "kab.toml"
    text = Path(resolve_rubric("pmprb-2020")).read_text(encoding="utf-8")
    own.write_text(text.replace('id = "pmprb-2020"', 'id = "pmprb-2020-kab"', 1), encoding="utf-8")
    config = kab.read_text(encoding="utf-8")
    run_cli(kab, "2022-06")
    kab.write_text(config.replace('rubric = "pmprb-2020"', 'rubric = "kab.toml"'), encoding="utf-8")
    run_cli(kab, "2022-07")
    kab.write_text(config, encoding="utf-8")
    write_unit(kab.parent, rubric_2020, UNITS[0], "2022-06", seed=4242)
    said = run_cli(kab, "2022-06")
    assert "periode 2022-06 dicatat" in said and "memakai riwayat periode ini" not in said


def test_an_earlier_periods_inbox_changed_since_its_run_is_said_by_later_runs(kab: Path, rubric_2020: Rubric) -> None:
    # A late June file saved after July's run: nightly cron runs July (the month before), and nothing said June's
    # inbox had changed — June's rapor, history and July's "sejak Juni" stayed stale; only export refused it.
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    write_unit(kab.parent, rubric_2020, UNITS[0], "2022-06", seed=4243)
    said = " ".join(run_cli(kab, "2022-07").split())  # (July itself unchanged)
    assert "tidak ada perubahan sejak run terakhir" in said
    assert (
        f"Perhatian: masukan periode 2022-06 berubah sejak run-nya ({UNITS[0].kode}.xlsx (berubah)); nilainya belum "
        "dihitung ulang:" in said
    )
    assert "run --period 2022-06" in said.split("Perhatian: masukan periode 2022-06", 1)[1]
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    assert "[2022-07]" in log and "Perhatian: masukan periode 2022-06 berubah" in log
    # June run again: nothing more to say.
    run_cli(kab, "2022-06")
    assert "Perhatian: masukan periode" not in run_cli(kab, "2022-07")


def test_an_earlier_file_that_cannot_be_read_now_is_no_change_to_run_again_for(
    kab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # June's DINKES.xlsx unreadable now (permissions, a share's I/O error), its bytes as recorded: July's run said
    # "masukan periode 2022-06 berubah … (DINKES.xlsx (berubah))" and to re-run June, which then recorded the unit
    # unreadable (faultrev).
    from pmprb_cli import monthly

    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    unreadable = f"{UNITS[0].kode}.xlsx"
    digest = monthly._sha256
    monkeypatch.setattr(monthly, "_sha256", lambda f: "" if f.endswith(unreadable) else digest(f))
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "Perhatian: masukan periode 2022-06" not in said, said
    # The period's own run says what it is.
    with History.open(kab.parent / "riwayat.sqlite") as history:
        july = history.period("2022-07")
    now = f"masuk/2022-07/{unreadable}"
    changes = monthly.input_changes(july, monthly.Inputs((now,), {now: ""}, ""))
    assert (f"masuk/2022-07/{unreadable}", "tidak dapat dibaca sekarang") in changes, changes


def test_a_log_that_fills_up_after_the_history_is_committed_stops_no_run(
    kab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The log's disk full right after "riwayat dicatat": "Galat: Berkas log … tidak dapat ditulis", exit 2, the run
    # said to have failed and its summary never printed, while its history and outputs were all new (faultrev).
    from pmprb_cli import monthly
    from pmprb_cli.errors import SystemRefusal

    append = monthly.RunLog._append
    full: list[bool] = []

    def filling(self: monthly.RunLog, message: str) -> None:
        if message.startswith("riwayat dicatat") or full:
            full.append(True)
            raise SystemRefusal(f"Berkas log {self.path} tidak dapat ditulis: disk penuh")
        append(self, message)

    monkeypatch.setattr(monthly.RunLog, "_append", filling)
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    said = " ".join(result.stdout.split())
    assert result.exit_code == 2, result.output
    assert "Periode 2022-06" in said and "Keluaran:" in said  # (the summary)
    assert "Galat sistem: log " in said and "tidak dapat ditulis sejak tengah run (Berkas log " in said
    assert said.endswith("lognya tidak lengkap.") and ("Kode keluar 1" not in said or ", bukan 1," in said), said
    assert "keluaran dan riwayat sudah ditulis" in said
    assert not (kab.parent / "keluaran" / "2022-06" / "BELUM-SELESAI.txt").exists()
    with History.open(kab.parent / "riwayat.sqlite") as history:
        assert history.period("2022-06") is not None


def test_a_unit_given_a_blank_template_is_told_where_it_last_sent(kab: Path) -> None:
    # BAPPEDA skipped July: August's template was blank, its June workbook never mentioned (longrev).
    (kab.parent / "masuk" / "2022-07" / "BAPPEDA.xlsx").unlink()
    out = kab.parent / "templat" / "2022-08"
    args = ["--config", str(kab), "template", "--period", "2022-08", "--out", str(out)]
    result = cli([*args, "--prefill", str(kab.parent / "masuk" / "2022-07")])
    said = " ".join(result.stderr.split())
    assert result.exit_code == 0, result.output
    assert "Kiriman terakhir unit bertemplat kosong: BAPPEDA.xlsx di " in said, said
    assert "masuk/2022-06 (Juni 2022)" in said
    # As it says: the blank template deleted, the June folder added.
    (out / "BAPPEDA.xlsx").unlink()
    again = cli(
        [*args, "--prefill", str(kab.parent / "masuk" / "2022-06"), "--prefill", str(kab.parent / "masuk" / "2022-07")]
    )
    assert again.exit_code == 0 and "Kiriman terakhir" not in again.stderr, again.output
    assert "Diisi awal: 4 dari 4 templat" in " ".join(again.stderr.split())


def test_a_later_rapor_made_stale_by_an_earlier_record_is_said_until_it_is_run_again(
    kab: Path, rubric_2020: Rubric
) -> None:
    # A late June file recorded after July ran: "Catatan: rapor periode 2022-07 memakai riwayat periode ini" was
    # said once, by June's run; no later run said it again and July's rapor kept June's old figures (longrev).
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    write_unit(kab.parent, rubric_2020, UNITS[0], "2022-06", seed=4243)
    late = " ".join(run_cli(kab, "2022-06").split())
    assert "rapor periode 2022-07 belum memuat riwayat periode sebelumnya" in late, late
    assert "memakai riwayat periode ini" not in late  # (the same advice once, not twice; diffrev14)
    marker = kab.parent / "keluaran" / "2022-07" / "RIWAYAT-BERUBAH.txt"
    assert marker.is_file() and "Riwayat periode 2022-06 dicatat ulang" in marker.read_text(encoding="utf-8")
    (kab.parent / "masuk" / "2022-08").mkdir()
    for said in (run_cli(kab, "2022-06"), run_cli(kab, "2022-08", expected=(1,))):  # (any later run says it)
        flat = " ".join(said.split())
        assert "Perhatian: rapor periode 2022-07 belum memuat riwayat periode sebelumnya" in flat, flat
        assert flat.split("RIWAYAT-BERUBAH.txt di folder keluarannya); jalankan ulang: ")[1].startswith("pmprb ")
    run_cli(kab, "2022-07")  # run again: its rapor reads June as recorded now
    assert not marker.exists()
    assert "belum memuat riwayat" not in run_cli(kab, "2022-06")


def test_the_standing_reminder_runs_each_stale_period_with_the_config_as_typed(tmp_path: Path) -> None:
    # A config at kab-2022-07/pmprb.toml: "for p in 2022-07 2022-08; do pmprb --config kab-$p/pmprb.toml …",
    # the period's text replaced everywhere (diffrev14).
    from pmprb_cli.config import load_config
    from pmprb_cli.monthly import STALE, _unfinished_lines

    root = tmp_path / "kab-2022-07"
    root.mkdir()
    (root / "pmprb.toml").write_text(CONFIG, encoding="utf-8")
    (root / "daftar-unit.csv").write_text("kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\n", encoding="utf-8")
    config = load_config(str(root / "pmprb.toml"))
    for period in ("2022-07", "2022-08"):
        config.output_for(period).mkdir(parents=True)
        (config.output_for(period) / STALE).write_text("x", encoding="utf-8")
    (line,) = _unfinished_lines(config, "2022-06")
    assert (
        "for p in 2022-07 2022-08; do pmprb --config " in line
        and "kab-2022-07/pmprb.toml run --period $p; done" in line
    )


def test_a_run_of_another_period_stopped_before_it_finished_is_said_by_later_runs(kab: Path) -> None:
    # July's run killed after its rekap left a complete-looking folder and BELUM-SELESAI.txt; August's summary,
    # log and history said nothing of it, and nothing ever ran July again.
    run_cli(kab, "2022-06")
    marker = kab.parent / "keluaran" / "2022-06" / "BELUM-SELESAI.txt"
    marker.write_text("run terhenti", encoding="utf-8")
    said = run_cli(kab, "2022-07")
    line = next(line for line in said.splitlines() if line.startswith("Perhatian: run periode 2022-06"))
    assert "terhenti sebelum selesai (BELUM-SELESAI.txt di " in line and line.endswith("run --period 2022-06")
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    assert "[2022-07]" in log and "Perhatian: run periode 2022-06 terhenti" in log
    # Said by a run that changes nothing (a nightly cron), and by the first run of a month not sent yet.
    assert "Perhatian: run periode 2022-06" in run_cli(kab, "2022-07")
    (kab.parent / "masuk" / "2022-09").mkdir()
    assert "Perhatian: run periode 2022-06" in run_cli(kab, "2022-09", expected=(1,))
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8").splitlines()
    for period in ("2022-07", "2022-09"):
        assert sum(1 for line in log if f"[{period}]" in line and "Perhatian: run periode 2022-06" in line) >= (
            2 if period == "2022-07" else 1
        )
    run_cli(kab, "2022-06")  # run again, it finishes: nothing more to say
    assert "Perhatian: run periode" not in run_cli(kab, "2022-07")


def test_an_inbox_whose_recorded_workbooks_are_all_gone_says_so(kab: Path) -> None:
    # A share not mounted at 06:00: "tidak ada LKE unit … di folder masuk" read as nobody having sent yet, of a
    # month whose 4 workbooks were recorded the night before.
    run_cli(kab, "2022-06")
    inbox = kab.parent / "masuk" / "2022-06"
    outputs = tree(kab.parent / "keluaran" / "2022-06")
    for workbook in inbox.glob("*.xlsx"):
        workbook.unlink()
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    said = " ".join(result.stdout.split())
    assert result.exit_code == 1 and f"{len(UNITS)} buku kerja yang tercatat untuk periode ini tidak ada lagi" in said
    assert "folder jaringan belum terpasang" in said and "tidak ada LKE unit" not in said
    assert tree(kab.parent / "keluaran" / "2022-06") == outputs
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    assert f"{len(UNITS)} buku kerja yang tercatat tidak ada lagi di folder masuk" in log


def test_empty_inbox_is_exit_1_and_writes_nothing(kab: Path) -> None:
    (kab.parent / "masuk" / "2022-09").mkdir()
    out = run_cli(kab, "2022-09", expected=(1,))
    assert "tidak ada LKE unit" in out
    assert not (kab.parent / "keluaran" / "2022-09").exists()


def test_missing_inbox_is_a_usage_error_naming_the_key(kab: Path) -> None:
    result = invoke(["--config", str(kab), "run", "--period", "2022-10"], expected_code=2)
    assert "kunci 'inbox'" in result.output and str(kab) in result.output


def test_an_output_folder_that_is_a_file_is_a_usage_error_before_reading(kab: Path) -> None:
    # It once failed with exit 3 (FileExistsError) after every workbook had been read.
    (kab.parent / "keluaran").mkdir(exist_ok=True)
    (kab.parent / "keluaran" / "2022-06").write_text("bukan folder")
    result = invoke(["--config", str(kab), "run", "--period", "2022-06"], expected_code=2)
    assert "kunci 'output'" in result.output and "adalah berkas, bukan folder" in result.output
    assert (kab.parent / "keluaran" / "2022-06").read_text() == "bukan folder"


def test_a_full_disk_is_said_as_the_systems_refusal_with_exit_2(kab: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # It was "Kesalahan internal pmprb (OSError: [Errno 28] No space left on device) … laporkan", exit 3.
    import errno

    import pmprb_cli.monthly

    def full(path: Path, data: bytes) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pmprb_cli.monthly, "write_if_changed", full)
    result = invoke(["--config", str(kab), "run", "--period", "2022-06"], expected_code=2)
    assert "Galat [PMPRB-E905]: Tidak dapat menulis " in result.stderr and ": disk penuh" in result.stderr
    assert "internal" not in result.stderr and "No space" not in result.stderr


class ReadOnlySqlite:
    """sqlite3 with the history alone opened read-only, as a file the user may not write (root ignores modes)."""

    def __getattr__(self, name: str) -> object:
        return getattr(sqlite3, name)

    @staticmethod
    def connect(file: object, **kwargs: Any) -> sqlite3.Connection:
        if file == ":memory:":  # (a read command's upgrade of an older history, in memory)
            return sqlite3.connect(file, **kwargs)
        return sqlite3.connect(f"file:{file}?mode=ro", uri=True, **kwargs)


def test_a_read_only_history_is_said_with_its_path_and_exit_2(kab: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A history made read-only (chattr +i) between two runs was "Kesalahan internal (OperationalError:
    # attempt to write a readonly database)", exit 3, after the period's outputs were written.
    import pmprb_cli.history

    run_cli(kab, "2022-06", expected=(0, 1))

    monkeypatch.setattr(pmprb_cli.history, "sqlite3", ReadOnlySqlite())
    history = kab.parent / "riwayat.sqlite"
    before = history.read_bytes()
    result = invoke(["--config", str(kab), "run", "--period", "2022-07"], expected_code=2)
    assert "Galat [PMPRB-E905]: Riwayat " in result.stderr and "hanya-baca" in result.stderr
    assert "internal" not in result.stderr and "readonly" not in result.stderr
    assert history.read_bytes() == before


def test_a_refused_history_write_is_said_and_a_run_of_the_recorded_inputs_still_restores_outputs(
    kab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # replace() lost its decorator: a history locked at commit time was "Kesalahan internal", exit 3. And the
    # check before the outputs refused a run of the recorded inputs (which writes no record) restoring a deleted
    # page beside a read-only history, as it did before.
    import dataclasses

    import pmprb_cli.history

    run_cli(kab, "2022-06")
    database = kab.parent / "riwayat.sqlite"
    page = kab.parent / "keluaran" / "2022-06" / "rapor" / "index.html"
    assert page.exists()
    page.unlink()

    monkeypatch.setattr(pmprb_cli.history, "sqlite3", ReadOnlySqlite())
    before = database.read_bytes()
    assert cli(["--config", str(kab), "run", "--period", "2022-06"]).exit_code in (0, 1)
    assert page.exists() and database.read_bytes() == before
    with History.open(database, create=False) as history:
        record = history.period("2022-06")
        assert record is not None
        with pytest.raises(SystemRefusal, match="hanya-baca"):
            history.replace(dataclasses.replace(record, exit_code=record.exit_code + 1))


def test_a_history_of_an_older_schema_the_user_may_not_write_is_read(
    kab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written by an older pmprb, read by an evaluator with read access (or from a read-only share): `history`
    # said "tidak dapat dibaca atau ditulis … pulihkan dari cadangan", exit 2, for a file it could read.
    import pmprb_cli.history

    run_cli(kab, "2022-06", expected=(0, 1))
    database = kab.parent / "riwayat.sqlite"
    edit_history(database, "PRAGMA user_version = 4")  # (version 5 only adds a column, which stays)
    before = database.read_bytes()

    monkeypatch.setattr(pmprb_cli.history, "sqlite3", ReadOnlySqlite())
    shown = invoke(["--config", str(kab), "history", "--format", "csv"], expected_code=0)
    assert "2022-06" in shown.stdout
    assert database.read_bytes() == before
    # A run, which writes the history, is still refused as before.
    refused = invoke(["--config", str(kab), "run", "--period", "2022-07"], expected_code=2)
    assert "hanya-baca" in refused.stderr and database.read_bytes() == before
    # (and told how to mend it, not "pulihkan dari cadangan bila rusak" of an intact file)
    assert "izin menulis" in refused.stderr and "cadangan" not in refused.stderr


# --------------------------------------------------------------------------- kills and the lock


def _start(config: Path, period: str, pause: str, resume: Path | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ, **{PAUSE_ENV: pause, "PYTHONPATH": str(ROOT)})
    if resume is not None:
        env[RESUME_ENV] = str(resume)
    return subprocess.Popen(
        [sys.executable, "-m", "pmprb_cli", "--config", str(config), "run", "--period", period, "--jobs", "1"],
        cwd=config.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(proc: subprocess.Popen[str], point: str) -> None:
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith(f"{PAUSE_ENV} {point}"):
            return
    raise AssertionError(f"the run never reached {point}: {''.join(seen)}")


@pytest.fixture(scope="module")
def reference_july(kabupaten_seed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of an undisturbed 2022-07 run after 2022-06, for comparison with recovered runs."""
    root = tmp_path_factory.mktemp("reference") / "kab"
    shutil.copytree(kabupaten_seed, root)
    with pytest.MonkeyPatch.context() as patch:
        # A module fixture runs before the per-test reset of PMPRB_LANG that another test's --lang may have set.
        patch.delenv("PMPRB_LANG", raising=False)
        run_cli(root / "pmprb.toml", "2022-06")
        run_cli(root / "pmprb.toml", "2022-07")
    return {k: v[0] for k, v in tree(root / "keluaran" / "2022-07").items()}


@pytest.mark.parametrize(
    "point", ["after-lock", "after-assess", "after-merge", "mid-rapor", "in-transaction", "after-history"]
)
def test_killed_run_loses_nothing_and_the_next_run_completes(
    kab: Path, point: str, reference_july: dict[str, bytes]
) -> None:
    root = kab.parent
    run_cli(kab, "2022-06")
    june = tree(root / "keluaran" / "2022-06")
    june_rows = period_rows(root / "riwayat.sqlite", "2022-06")

    proc = _start(kab, "2022-07", point)
    try:
        _wait_for(proc, point)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL

    assert tree(root / "keluaran" / "2022-06") == june
    db = sqlite3.connect(root / "riwayat.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    assert period_rows(root / "riwayat.sqlite", "2022-06") == june_rows
    recorded = period_rows(root / "riwayat.sqlite", "2022-07")["periods"]
    assert bool(recorded) == (point == "after-history")  # whole periods only
    # Stopped while writing, the folder says it may mix two runs' files (it said nothing); and until the history
    # is committed (stopped there, the folder showed the new run as done while history gave the old one).
    note = root / "keluaran" / "2022-07" / "BELUM-SELESAI.txt"
    assert note.exists() == (point in ("after-merge", "mid-rapor", "in-transaction"))
    if note.exists():
        said = note.read_text(encoding="utf-8")
        # (read later, from another folder: the config named whole)
        assert "terhenti di tengah" in said and f"Jalankan ulang: pmprb --config {kab.absolute()} run --period" in said

    run_cli(kab, "2022-07")
    july = {k: v[0] for k, v in tree(root / "keluaran" / "2022-07").items()}
    assert july == reference_july  # no half file, no stray temporary, nothing missing
    assert period_rows(root / "riwayat.sqlite", "2022-07")["periods"]
    assert period_rows(root / "riwayat.sqlite", "2022-06") == june_rows


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_after_the_runs_exit_is_logged_leaves_that_exit(kab: Path, tmp_path: Path, signum: int) -> None:
    # cron's timeout racing the end of a run: its log said "kode keluar 0", everything written and recorded, and
    # it exited 143 saying "Dihentikan (SIGTERM) sebelum selesai", or 130 (Ctrl-C's code) with nothing said.
    resume = tmp_path / "lanjut"
    proc = _start(kab, "2022-06", "exit-logged", resume)
    try:
        _wait_for(proc, "exit-logged")
        proc.send_signal(signum)
        time.sleep(0.3)
        resume.touch()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    logged = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8").splitlines()[-1]
    assert logged.endswith("kode keluar 0") and proc.returncode == 0, (logged, proc.returncode, err[-500:])
    assert "sebelum selesai" not in err and "Periode 2022-06" in out


def _two_signals_while_assessing(kab: Path, first: int, gap: float, second: int) -> tuple[subprocess.Popen[str], str]:
    """A June run held after reading its workbooks, sent two signals ``gap`` seconds apart: it and its stderr."""
    proc = _start(kab, "2022-06", "after-assess")
    try:
        _wait_for(proc, "after-assess")
        proc.send_signal(first)
        time.sleep(gap)
        proc.send_signal(second)
        err = proc.communicate(timeout=60)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc, err


def test_a_second_sigterm_while_the_first_stops_the_run_changes_nothing(kab: Path) -> None:
    # cron's timeout and then the operator: the second SIGTERM landed inside the first one's handling, and the run
    # log ended at "dihentikan …" without its "kode keluar", or stderr said nothing with exit 143.
    for gap in (0.0, 0.001, 0.01):
        proc, err = _two_signals_while_assessing(kab, signal.SIGTERM, gap, signal.SIGTERM)
        logged = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8").splitlines()
        assert proc.returncode == 143 and "Dihentikan (SIGTERM) sebelum selesai" in err, (gap, proc.returncode, err)
        assert logged[-1].endswith("kode keluar 143") and "dihentikan (SIGTERM)" in logged[-2], (gap, logged[-3:])


def test_a_sigterm_after_a_sighup_leaves_the_exit_the_log_says(kab: Path) -> None:
    # An SSH session dropping (SIGHUP), then cron's timeout (SIGTERM) some 50 ms later: stderr and the log said
    # SIGHUP and "kode keluar 129", and the process exited 143, the SIGTERM killing it while Python shut down.
    for gap in (0.03, 0.06, 0.1):
        proc, _ = _two_signals_while_assessing(kab, signal.SIGHUP, gap, signal.SIGTERM)
        logged = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8").splitlines()[-1]
        assert logged.endswith(f"kode keluar {proc.returncode}"), (gap, proc.returncode, logged)


@contextlib.contextmanager
def _july_holding_the_lock(kab: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """June run, then a July run paused while it holds the lock; touch the path given to let it go on."""
    run_cli(kab, "2022-06")
    resume = tmp_path / "lanjut"
    first = _start(kab, "2022-07", "after-lock", resume)
    try:
        _wait_for(first, "after-lock")
        yield first, resume
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()


def _waiting_run(kab: Path, period: str) -> subprocess.Popen[str]:
    """A `run --wait 120` of ``period`` started while another run holds the lock, seen waiting (not refused)."""
    second = subprocess.Popen(
        [sys.executable, "-m", "pmprb_cli", "--config", str(kab), "run", "--period", period, "--wait", "120"],
        cwd=kab.parent,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with contextlib.suppress(subprocess.TimeoutExpired):
        second.wait(timeout=3)
    assert second.poll() is None  # waiting, not refused
    return second


def test_a_run_that_waited_scores_with_the_settings_as_they_are_when_it_runs(kab: Path, tmp_path: Path) -> None:
    # The target raised to A in pmprb.toml while cron's run waited for a run by hand of the same month: the
    # month was scored and recorded with target BB, read before the wait.
    root = kab.parent
    with _july_holding_the_lock(kab, tmp_path) as (first, resume):
        second = _waiting_run(kab, "2022-07")
        try:
            kab.write_text(kab.read_text(encoding="utf-8").replace('target = "BB"', 'target = "A"'), encoding="utf-8")
            resume.touch()
            first.communicate(timeout=120)
            said, err = second.communicate(timeout=120)
        finally:
            if second.poll() is None:
                second.kill()
                second.communicate()
    assert second.returncode in (0, 1), err
    assert "target A" in said.splitlines()[0]
    with History.open(root / "riwayat.sqlite") as history:
        recorded = history.period("2022-07")
        assert recorded is not None and recorded.target == "A"


def test_second_run_at_the_same_time_is_refused_with_the_lock_message(kab: Path, tmp_path: Path) -> None:
    root = kab.parent
    with _july_holding_the_lock(kab, tmp_path) as (first, resume):
        second = subprocess.run(
            [sys.executable, "-m", "pmprb_cli", "--config", str(kab), "run", "--period", "2022-06"],
            cwd=root,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 4, second.stderr
        assert "sedang dipakai oleh proses pmprb lain" in second.stderr and "PMPRB-E904" in second.stderr
        assert f"pid {first.pid}" in second.stderr and "2022-07" in second.stderr
        # Reading the history while a run holds the lock is fine.
        assert "Juni 2022" in invoke(["--config", str(kab), "history"]).stdout
        resume.touch()
        out, _ = first.communicate(timeout=120)
    assert first.returncode in (0, 1) and "2022-07 dicatat" in out
    db = sqlite3.connect(root / "riwayat.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [r[0] for r in db.execute("SELECT period FROM periods ORDER BY period")] == ["2022-06", "2022-07"]
    db.close()
    log = (root / "pmprb-run.log").read_text(encoding="utf-8")
    assert "ditolak [PMPRB-E904]" in log and f"pid {first.pid}" in log and "kode keluar 4" in log


def test_files_in_the_inbox_that_are_no_workbooks_are_named(kab: Path) -> None:
    # DINKES.pdf in the inbox: DINKES read "belum mengumpulkan" and the PDF was named nowhere.
    inbox = kab.parent / "masuk" / "2022-06"
    (inbox / f"{UNITS[0].kode}.xlsx").rename(inbox / f"{UNITS[0].kode}.pdf")
    (inbox / ".~lock.x.xlsx#").write_text("x", encoding="utf-8")  # (a lock file is no one's sending)
    (inbox / "Thumbs.db").write_bytes(b"x")
    (inbox / "bukti-DINSOS").mkdir()
    (inbox / "bukti-DINSOS" / "SK-Tim-RB.pdf").write_bytes(b"%PDF")  # (evidence beside the workbooks: expected)
    # Windows' mark of a download, a file of its own on a Samba share; and a name with a trailing dot, which
    # Windows drops (DISDIK "belum mengirim", told to save as .xlsx what was one).
    (inbox / f"{UNITS[1].kode}.xlsx:Zone.Identifier").write_text("[ZoneTransfer]\nZoneId=3\n", encoding="utf-8")
    (inbox / f"{UNITS[1].kode}.xlsx").rename(inbox / f"{UNITS[1].kode}.xlsx.")
    said = " ".join(run_cli(kab, "2022-06").split())
    assert f"Tidak dibaca (bukan buku kerja .xlsx/.xlsm/.xls): {UNITS[0].kode}.pdf — simpan LKE" in said
    assert ".~lock" not in said and "Thumbs" not in said and "SK-Tim-RB" not in said
    assert "Zone.Identifier" not in said and "Belum mengirim: " + UNITS[0].kode in said
    assert UNITS[1].kode not in said.split("Belum mengirim: ")[1].split(" Nilai")[0]
    # Said by a run that finds only it (which writes the outputs again: they name the files not read), and again by
    # the nightly re-run that finds nothing changed.
    (inbox / "surat.pdf").write_bytes(b"%PDF")
    again = " ".join(run_cli(kab, "2022-06").split())
    assert "tidak ada perubahan" not in again and f"{UNITS[0].kode}.pdf, surat.pdf — simpan LKE" in again
    again = " ".join(run_cli(kab, "2022-06").split())
    assert "tidak ada perubahan" in again and f"{UNITS[0].kode}.pdf, surat.pdf — simpan LKE" in again
    checked = " ".join(invoke(["--config", str(kab), "validate", str(inbox)]).stdout.split())
    assert f"Tidak dibaca (bukan buku kerja .xlsx/.xlsm/.xls): {UNITS[0].kode}.pdf" in checked
    # In English under --lang en (it was the one Indonesian line of validate's English summary), and said by
    # score too (which said nothing of the PDF, or "why is below" and an Indonesian reason for a PDF alone).
    scored = cli(["--config", str(kab), "score", str(inbox)])
    assert f"Tidak dibaca (bukan buku kerja .xlsx/.xlsm/.xls): {UNITS[0].kode}.pdf" in " ".join(scored.stderr.split())
    english = " ".join(invoke(["--config", str(kab), "--lang", "en", "validate", str(inbox)]).stdout.split())
    assert f"Not read (no .xlsx/.xlsm/.xls workbook): {UNITS[0].kode}.pdf, surat.pdf — save the LKE" in english
    assert "Tidak dibaca" not in english
    (kab.parent / "pdf").mkdir()
    shutil.copy(inbox / "surat.pdf", kab.parent / "pdf" / "DINKES.pdf")
    alone = cli(["--config", str(kab), "--lang", "en", "score", str(kab.parent / "pdf")])
    said = " ".join(alone.stderr.split())
    assert "Not read (no .xlsx/.xlsm/.xls workbook): DINKES.pdf" in said and "No workbook (.xlsx)" in said
    assert "Tidak" not in said and alone.exit_code == 1


def test_a_run_with_wait_waits_for_the_run_under_way_then_runs(kab: Path, tmp_path: Path) -> None:
    # The 06:00 cron run of the 1st found a run by hand under way (flock run.lock waited only for runs that took
    # run.lock too) and stopped with exit 4, not run again for a month. --wait waits on pmprb's own lock.
    root = kab.parent
    with _july_holding_the_lock(kab, tmp_path) as (first, resume):
        second = _waiting_run(kab, "2022-06")
        try:
            resume.touch()
            out, _ = first.communicate(timeout=120)
            said, err = second.communicate(timeout=120)
        finally:
            if second.poll() is None:
                second.kill()
                second.communicate()
    assert first.returncode in (0, 1) and "2022-07 dicatat" in out
    assert second.returncode in (0, 1), err
    assert "tidak ada perubahan sejak run terakhir" in " ".join(said.split())
    assert "pengaturan dibaca ulang setelah menunggu" in (root / "pmprb-run.log").read_text(encoding="utf-8")
    # Said once, on the terminal and in the log, whom it waited for (half an hour of silence before).
    assert " ".join(err.split()).count("Menunggu riwayat ") == 1 and "pmprb run 2022-07), paling lama 120 detik" in err
    assert "menunggu riwayat " in (root / "pmprb-run.log").read_text(encoding="utf-8")


def test_the_run_log_says_how_every_run_ended(kab: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A log that ends at "mulai" reads as a run still going: interrupted and refused runs ended so, and a full
    # disk was said as "disk penuh" without the file. Problem files were only counted ("1 tidak terbaca").
    import errno

    from pmprb_cli import monthly
    from pmprb_cli.entry import HungUp, Terminated

    root = kab.parent
    (root / "masuk" / "2022-06" / f"{UNITS[2].kode}.xlsx").write_bytes(b"PK\x03\x04 rusak")
    # An old copy of another unit's file in a subfolder, broken: named with its folder, not as the unit's own.
    (root / "masuk" / "2022-06" / "lama").mkdir()
    (root / "masuk" / "2022-06" / "lama" / f"{UNITS[1].kode}.xlsx").write_bytes(b"PK\x03\x04 rusak")
    run_cli(kab, "2022-06")
    log = (root / "pmprb-run.log").read_text(encoding="utf-8")
    assert f"Bermasalah: {UNITS[2].kode}.xlsx (tidak dapat dinilai, PMPRB-E103)" in log
    assert f"; lama/{UNITS[1].kode}.xlsx (tidak dapat dinilai, PMPRB-E103)" in log

    def full(path: Path, data: bytes, mode: int = 0o644) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(monthly, "write_if_changed", full)
    (root / "masuk" / "2022-06" / f"{UNITS[2].kode}.xlsx").unlink()  # a change: the run writes again
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert result.exit_code == 2 and "Tidak dapat menulis " in result.stderr and "keluaran/2022-06/" in result.stderr
    assert "disk penuh" in result.stderr
    log = (root / "pmprb-run.log").read_text(encoding="utf-8")
    assert "gagal [PMPRB-E905]: Tidak dapat menulis " in log and log.endswith("kode keluar 2\n")

    for signal_error, said in ((Terminated, "dihentikan (SIGTERM)"), (HungUp, "dihentikan (SIGHUP)")):

        def stopped(*args: object, error: type[Terminated] = signal_error, **kwargs: object) -> None:
            raise error

        monkeypatch.setattr(monthly, "render_outputs", stopped)
        with pytest.raises(signal_error):
            monthly.run_period(read_config(kab), "2022-06", jobs=1)
        log = (root / "pmprb-run.log").read_text(encoding="utf-8")
        assert said in log and log.endswith(f"kode keluar {signal_error.exit_code}\n")


# --------------------------------------------------------------------------- history database


def _v1_database(path: Path) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO periods VALUES ('2022-05', 'Kabupaten Lama', 'pmprb-2020', '1.0.0', 'BB')")
    db.execute(
        "INSERT INTO units VALUES ('2022-05', 'masuk/2022-05/DINKES.xlsx', 'DINKES', 'Dinas Kesehatan', 'dinas', "
        "55.5, 'CC')"
    )
    db.close()


def test_old_database_is_upgraded_and_keeps_its_rows(kab: Path) -> None:
    database = kab.parent / "riwayat.sqlite"
    _v1_database(database)
    with History.open(database) as history:
        assert history.version == SCHEMA_VERSION == 6
        (unit,) = history.units("2022-05")
        assert (unit.kode, unit.index, unit.predikat, unit.self_index) == ("DINKES", 55.5, "CC", 55.5)
        assert history.period("2022-05") is not None
        # Version 1 stored one index, verified or not: the rapor does not claim which ("indeks mandiri").
        assert [p.verified for p in history.points()] == [None]
    run_cli(kab, "2022-06")
    with History.open(database) as history:
        assert {p.period: p.verified for p in history.points() if p.kode == "DINKES"} == {
            "2022-05": None,
            "2022-06": False,
        }
    doc = json.loads(invoke(["--config", str(kab), "history", "--unit", "dinkes", "--format", "json"]).stdout)
    assert [m["period"] for m in doc["months"]] == ["2022-05", "2022-06"]
    assert doc["quarters"][0]["period"] == "2022-Q2" and doc["quarters"][0]["month"] == "2022-06"


def test_database_from_a_newer_pmprb_is_refused(kab: Path) -> None:
    database = kab.parent / "riwayat.sqlite"
    db = sqlite3.connect(database)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = database.read_bytes()
    result = invoke(["--config", str(kab), "run", "--period", "2022-06"], expected_code=2)
    assert "versi 99" in result.output and database.read_bytes() == before


def test_file_that_is_not_a_database_names_the_file(kab: Path) -> None:
    (kab.parent / "riwayat.sqlite").write_text("bukan basis data", encoding="utf-8")
    result = invoke(["--config", str(kab), "history"], expected_code=2)
    assert "riwayat.sqlite" in result.output and "bukan basis data riwayat" in result.output
    assert "(bukan basis data SQLite)" in result.output  # SQLite's reason in Indonesian, not "file is not a database"


# --------------------------------------------------------------------------- pmprb history


@pytest.fixture
def two_months(kab: Path) -> Path:
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    return kab


def test_a_unit_with_history_that_left_the_registry_is_named_with_the_alias_that_keeps_it(
    kab: Path, rubric_2020: Rubric
) -> None:
    # DINKES renamed the obvious way (new kode and name, no alias): its history restarted in July, unsaid.
    # (A unit that sent in June without being registered, E301, never was in the registry: not named.)
    write_unit(kab.parent, rubric_2020, Unit("UPTD-X", "UPTD X", "lainnya"), "2022-06", seed=9)
    run_cli(kab, "2022-06")
    registry = kab.parent / "daftar-unit.csv"
    renamed = Unit("DINKESDALDUK", "Dinas Kesehatan dan Kependudukan", "dinas")
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace('DINKES,"Dinas Kesehatan"', f'{renamed.kode},"{renamed.nama}"'), encoding="utf-8")
    (kab.parent / "masuk" / "2022-07" / "DINKES.xlsx").unlink()
    write_unit(kab.parent, rubric_2020, renamed, "2022-07", seed=7)
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "Tidak lagi di daftar unit: DINKES (dinilai Juni 2022)" in said and "kolom alias" in said
    assert "UPTD-X" not in said.split("Tidak lagi di daftar unit:")[1].split(".")[0]
    # With its old kode as an alias, the unit is followed, and nothing is said.
    lines = registry.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",alias"] + [line + (",DINKES" if line.startswith(renamed.kode) else ",") for line in lines[1:]]
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "Tidak lagi di daftar unit" not in said


def test_a_unit_renamed_with_its_old_name_as_alias_keeps_its_history(kab: Path, rubric_2020: Rubric) -> None:
    # README allows a name as alias: DINKES became DINKESPPKB "Dinas Kesehatan dan KB", alias "Dinas Kesehatan".
    # Its history restarted ("baru"), and the run said "Berganti kode, nama tetap: DINKES → DINKESPPKB", asking
    # for the alias just given.
    run_cli(kab, "2022-06")
    registry = kab.parent / "daftar-unit.csv"
    lines = registry.read_text(encoding="utf-8").splitlines()
    renamed = Unit("DINKESPPKB", "Dinas Kesehatan dan KB", "dinas")
    lines = [lines[0] + ",alias"] + [
        f'{renamed.kode},"{renamed.nama}",dinas,Dinas Kesehatan' if line.startswith("DINKES,") else line + ","
        for line in lines[1:]
    ]
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (kab.parent / "masuk" / "2022-07" / "DINKES.xlsx").unlink()
    write_unit(kab.parent, rubric_2020, renamed, "2022-07", seed=7)
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "Berganti kode" not in said and "Tidak lagi di daftar unit" not in said, said
    doc = json.loads(invoke(["--config", str(kab), "history", "--unit", "DINKESPPKB", "--format", "json"]).stdout)
    assert [m["period"] for m in doc["months"]] == ["2022-06", "2022-07"]
    assert doc["months"][1]["change"] is not None


def test_a_unit_that_absorbed_another_says_its_own_months_before_the_merger(kab: Path, rubric_2020: Rubric) -> None:
    # KEC-SUKAMAJU absorbed KEC-MEKARSARI in July (its kode kept, the other's as alias): `history --unit
    # KEC-SUKAMAJU` showed July alone, and its June was shown by no --unit, with no word.
    run_cli(kab, "2022-06")
    registry = kab.parent / "daftar-unit.csv"
    lines = registry.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",alias"] + [
        line + (",KEC-MEKARSARI" if line.startswith("KEC-SUKAMAJU,") else ",")
        for line in lines[1:]
        if not line.startswith("KEC-MEKARSARI,")
    ]
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (kab.parent / "masuk" / "2022-07" / "KEC-MEKARSARI.xlsx").unlink()
    run_cli(kab, "2022-07")
    said = " ".join(invoke(["--config", str(kab), "history", "--unit", "KEC-SUKAMAJU"]).stdout.split())
    assert "Sebelum digabung: KEC-SUKAMAJU dinilai sebagai unit sendiri pada Juni 2022 (indeks " in said, said


def test_a_merger_split_back_leaves_the_months_before_it_as_recorded(kab: Path, rubric_2020: Rubric) -> None:
    # The two kecamatan merged in July, split back in August (KEC-SUKAMAJU going on from the merger, alias
    # KEC-SUKAMEKAR, as README's Pemecahan says): June's KEC-SUKAMAJU was then compared with July's merged unit,
    # and July's kabupaten change, published in July's rapor, moved.
    run_cli(kab, "2022-06")
    registry = kab.parent / "daftar-unit.csv"
    original = registry.read_text(encoding="utf-8").splitlines()
    kept = [line + "," for line in original[1:] if not line.startswith("KEC-")]
    for unit in UNITS[2:]:
        (kab.parent / "masuk" / "2022-07" / f"{unit.kode}.xlsx").unlink()
    merged = Unit("KEC-SUKAMEKAR", "Kecamatan Sukamekar", "kecamatan")
    registry.write_text(
        "\n".join([original[0] + ",alias", *kept, f"{merged.kode},{merged.nama},kecamatan,KEC-SUKAMAJU|KEC-MEKARSARI"])
        + "\n",
        encoding="utf-8",
    )
    write_unit(kab.parent, rubric_2020, merged, "2022-07", seed=21)
    run_cli(kab, "2022-07")

    def months(*unit: str) -> dict[str, Any]:
        args = ["--config", str(kab), "history", *unit, "--format", "json"]
        return {m["period"]: m for m in json.loads(invoke(args).stdout)["months"]}

    july = months()["2022-07"]["change"]
    registry.write_text(
        "\n".join(
            [
                original[0] + ",alias",
                *kept,
                "KEC-SUKAMAJU,Kecamatan Sukamaju,kecamatan,KEC-SUKAMEKAR",
                "KEC-MEKARSARI,Kecamatan Mekarsari,kecamatan,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    for n, unit in enumerate(UNITS):
        write_unit(kab.parent, rubric_2020, unit, "2022-08", seed=30 + n)
    run_cli(kab, "2022-08")
    assert months()["2022-07"]["change"] == july
    unit = months("--unit", "KEC-SUKAMAJU")
    assert unit["2022-07"]["change"] is None and unit["2022-08"]["change"] is not None  # (from the merger on)


def test_a_unit_taken_off_the_registry_that_still_sends_is_said_to_be_scored(kab: Path, rubric_2020: Rubric) -> None:
    # KEC-MEKARSARI removed from the registry in July, its July workbook still in the inbox: ranked (E301), and
    # the summary said "Tidak lagi di daftar unit: KEC-MEKARSARI (dinilai Juni 2022)", as if not scored now.
    run_cli(kab, "2022-06")
    registry = kab.parent / "daftar-unit.csv"
    lines = registry.read_text(encoding="utf-8").splitlines()
    registry.write_text("\n".join(line for line in lines if not line.startswith("KEC-MEKARSARI")) + "\n", "utf-8")
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "Tidak lagi di daftar unit tetapi masih mengirim: KEC-MEKARSARI — dinilai dan diperingkat" in said, said
    assert "Tidak lagi di daftar unit: " not in said


def test_a_kode_changed_with_the_name_kept_is_said_with_the_alias_that_keeps_its_history(
    kab: Path, rubric_2020: Rubric
) -> None:
    # DINKES became DINKES2 with the same name, no alias: the run said nothing, the rapor called it "baru" and
    # its trend started afresh, though `score` already paired its June file with DINKES2 by the name.
    run_cli(kab, "2022-06")
    registry = kab.parent / "daftar-unit.csv"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace('DINKES,"Dinas Kesehatan"', 'DINKES2,"Dinas Kesehatan"'), encoding="utf-8")
    (kab.parent / "masuk" / "2022-07" / "DINKES.xlsx").unlink()
    write_unit(kab.parent, rubric_2020, Unit("DINKES2", "Dinas Kesehatan", "dinas"), "2022-07", seed=7)
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "Berganti kode, nama tetap: DINKES → DINKES2 (kode lama dinilai Juni 2022)" in said
    assert "run --period 2022-07 --rescore" in said and "Tidak lagi di daftar unit" not in said
    rapor = (kab.parent / "keluaran" / "2022-07" / "rapor" / "index.md").read_text(encoding="utf-8")
    assert [line for line in ranking_rows(rapor) if "Dinas Kesehatan" in line][0].endswith("| baru |")
    # Done as said, the unit's June is its own again.
    lines = registry.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",alias"] + [line + (",DINKES" if line.startswith("DINKES2") else ",") for line in lines[1:]]
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    said = " ".join(invoke(["--config", str(kab), "run", "--period", "2022-07", "--rescore"]).stdout.split())
    assert "Berganti kode" not in said and "Tidak lagi di daftar unit" not in said
    rapor = (kab.parent / "keluaran" / "2022-07" / "rapor" / "index.md").read_text(encoding="utf-8")
    assert "| baru |" not in [line for line in ranking_rows(rapor) if "Dinas Kesehatan" in line][0]


def test_a_month_that_ranked_no_unit_is_named_under_the_kabupaten_trend(two_months: Path) -> None:
    # August recorded with one unreadable file: the table and JSON ended at July without a word.
    inbox = two_months.parent / "masuk" / "2022-08"
    inbox.mkdir()
    (inbox / "SETDA.xlsx").write_bytes(b"rusak")
    run_cli(two_months, "2022-08")
    doc = json.loads(invoke(["--config", str(two_months), "history", "--format", "json"]).stdout)
    assert [m["period"] for m in doc["months"]] == ["2022-06", "2022-07"]
    assert doc["months_without_units"] == ["2022-08"]
    said = " ".join(invoke(["--config", str(two_months), "history"]).stdout.split())
    assert "Tanpa unit yang dinilai: Agustus 2022 (periode itu tercatat" in said and "validasi-2022-08.json" in said


def test_history_on_a_narrow_terminal_gives_every_figure(two_months: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # At 50 columns rich cut the figures: "│ Nov… │ 7 │ 62,… │ B │ -0,… │".
    import sys

    from rich.console import Console

    import pmprb_cli.cli

    monkeypatch.setattr(pmprb_cli.cli, "_stdout", lambda: Console(width=50, highlight=False, file=sys.stdout))
    doc = json.loads(invoke(["--config", str(two_months), "history", "--format", "json"]).stdout)
    july = doc["months"][1]
    shown = invoke(["--config", str(two_months), "history"]).stdout
    assert "…" not in shown
    flat = " ".join(shown.split())
    index = f"{rounded_half_up(july['index'], 2):.2f}".replace(".", ",")
    assert f"Juli 2022: {july['units']} unit; indeks {index} ({july['predikat']}); perubahan " in flat
    unit = " ".join(invoke(["--config", str(two_months), "history", "--unit", UNITS[0].kode]).stdout.split())
    assert "Juli 2022: peringkat " in unit and "; indeks mandiri " in unit


def test_history_json(two_months: Path) -> None:
    doc = json.loads(invoke(["--config", str(two_months), "history", "--format", "json"]).stdout)
    assert [m["period"] for m in doc["months"]] == ["2022-06", "2022-07"]
    assert [q["period"] for q in doc["quarters"]] == ["2022-Q2", "2022-Q3"]
    june, july = doc["months"]
    assert june["units"] == july["units"] == len(UNITS) and june["change"] is None
    assert doc["months_without_units"] == []
    with History.open(two_months.parent / "riwayat.sqlite") as history:
        units, before = history.units("2022-07"), {u.kode: u.index for u in history.units("2022-06")}
    assert july["index"] == pytest.approx(sum(u.index for u in units) / len(units))
    # Every unit sent both months: the change is the difference of the two means as shown (2 decimals), not the
    # mean of the units' rounded changes (71,31 → 71,34 was said +0,02).
    then = sum(before[u.kode] for u in units) / len(units)
    assert july["change"] == pytest.approx(float(rounded_half_up(july["index"], 2) - rounded_half_up(then, 2)))
    assert july["change"] == pytest.approx(
        float(rounded_half_up(july["index"], 2) - rounded_half_up(june["index"], 2)), abs=1e-9
    )


def test_history_titles_are_text_not_markup(kab: Path) -> None:
    # A unit named "[/oops] …" ended `pmprb history --unit` with exit 3 (a MarkupError) in every later month,
    # "[link=…]" made a terminal hyperlink, and the kabupaten "Kabupaten Uji [coba]" lost its "[coba]".
    registry = kab.parent / "daftar-unit.csv"
    kode = UNITS[0].kode
    lines = registry.read_text(encoding="utf-8").splitlines()
    lines = [
        f'{kode},"[/oops] [link=https://evil.example/]Dinas\x1b]0;X\x07",dinas' if line.startswith(f"{kode},") else line
        for line in lines
    ]
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_cli(kab, "2022-06")
    kab.write_text(
        kab.read_text(encoding="utf-8").replace(f'"{KABUPATEN}"', '"Kabupaten Uji [coba]"'), encoding="utf-8"
    )
    unit = invoke(["--config", str(kab), "history", "--unit", kode])
    assert "[/oops] [link=https://evil.example/]Dinas" in unit.stdout and "\x1b" not in unit.stdout
    assert "Kabupaten Uji [coba]" in invoke(["--config", str(kab), "history"]).stdout


def test_history_changes_are_measured_as_the_rapor_measures_them(kab: Path, rubric_2020: Rubric) -> None:
    # The kabupaten's change was the difference of two means over different units (+3,30 where the rapor
    # said +3,06), and a unit that skipped a month had that two-month change shown as the month's.
    run_cli(kab, "2022-06")
    gone = kab.parent / "masuk" / "2022-07" / f"{UNITS[0].kode}.xlsx"
    assert gone.exists()
    gone.unlink()  # one unit sends nothing in July
    run_cli(kab, "2022-07")
    for n, unit in enumerate(UNITS):
        write_unit(kab.parent, rubric_2020, unit, "2022-08", seed=300 + n)
    run_cli(kab, "2022-08")
    with History.open(kab.parent / "riwayat.sqlite") as history:
        by_month = {p: {u.kode: u.index for u in history.units(p)} for p in ("2022-06", "2022-07", "2022-08")}
    doc = json.loads(invoke(["--config", str(kab), "history", "--format", "json"]).stdout)
    july = doc["months"][1]
    both = set(by_month["2022-06"]) & set(by_month["2022-07"])
    assert UNITS[0].kode not in both and len(both) == len(UNITS) - 1
    # Each unit's change is the difference of its two indexes as shown (70,25 → 75,03 is +4,78, not +4,77).
    shown = {k: [float(rounded_half_up(by_month[p][k], 2)) for p in ("2022-06", "2022-07")] for k in both}
    expected = sum(after - before for before, after in shown.values()) / len(both)
    assert july["change"] == pytest.approx(expected, abs=1e-9)
    kode = UNITS[1].kode
    one = json.loads(invoke(["--config", str(kab), "history", "--unit", kode, "--format", "json"]).stdout)
    assert one["months"][1]["change"] == pytest.approx(shown[kode][1] - shown[kode][0], abs=1e-9)
    unit = json.loads(invoke(["--config", str(kab), "history", "--unit", UNITS[0].kode, "--format", "json"]).stdout)
    assert [(m["period"], m["change"]) for m in unit["months"]] == [("2022-06", None), ("2022-08", None)]
    # The rapor says what its "—" means, and the unit's page names the month it was not scored.
    rapor = kab.parent / "keluaran" / "2022-08" / "rapor"
    index = (rapor / "index.md").read_text(encoding="utf-8")
    assert "Perubahan sejak Jul 2022 |" in index and "—: tidak dinilai pada Juli 2022" in index
    page = next(p for p in rapor.glob("*.md") if p.name.casefold() == f"{UNITS[0].kode.casefold()}.md")
    said = page.read_text(encoding="utf-8")
    assert "Sejak Juli 2022: — (tidak dinilai pada Juli 2022)" in said
    assert "Tidak dinilai (tidak mengirim atau berkas tidak dapat dinilai): Juli 2022." in said


def test_report_alone_draws_the_same_rapor_as_the_run(two_months: Path, tmp_path: Path) -> None:
    # `pmprb report --period` ignored the history pmprb.toml keeps: no change since last month, where the
    # run's rapor of the same period had it.
    out = tmp_path / "rapor"
    invoke(["--config", str(two_months), "report", "--period", "2022-07", "--out", str(out), "--format", "md"])
    run_page = (two_months.parent / "keluaran" / "2022-07" / "rapor" / "index.md").read_text(encoding="utf-8")
    assert "sejak Juni 2022" in run_page
    assert (out / "index.md").read_text(encoding="utf-8") == run_page


def test_commands_reading_the_inbox_name_files_from_the_working_folder(
    kab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `merge --period` wrote absolute paths into the rekap's Info sheet (its bytes changed with where the
    # kabupaten folder lives); JSON "file" likewise.
    import openpyxl

    monkeypatch.chdir(kab.parent)
    out = tmp_path / "rekap.xlsx"
    assert CliRunner().invoke(app, ["merge", "--period", "2022-06", "--out", str(out)]).exit_code in (0, 1)
    info = openpyxl.load_workbook(out, read_only=True)["Info"]
    shown = [str(c) for row in info.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any(s.startswith("masuk/2022-06/") for s in shown)
    assert not any(str(kab.parent) in s for s in shown)
    scored = CliRunner().invoke(app, ["score", "--period", "2022-06", "--format", "json"])
    assert scored.exit_code in (0, 1)
    doc = json.loads(scored.stdout)
    assert all(u["file"].startswith("masuk/2022-06/") for u in doc["units"])


def test_history_csv_and_unit(two_months: Path) -> None:
    text = invoke(["--config", str(two_months), "history", "--unit", "Dinas Kesehatan", "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    # (whose rows, as the JSON says: a dashboard loading several kabupaten's files could not tell them apart)
    assert {(r["kabupaten"], r["kode"]) for r in rows} == {(KABUPATEN, "DINKES")}
    assert [(r["level"], r["period"]) for r in rows] == [
        ("bulan", "2022-06"),
        ("bulan", "2022-07"),
        ("triwulan", "2022-Q2"),
        ("triwulan", "2022-Q3"),
    ]
    assert all(r["units"] == "1" and r["rank"] for r in rows)


def test_history_table(two_months: Path) -> None:
    out = invoke(["--config", str(two_months), "history"]).stdout
    assert "Juni 2022" in out and "Juli 2022" in out and "Triwulan III 2022" in out and "Kabupaten Uji" in out


def test_history_unknown_unit_suggests_the_closest(two_months: Path) -> None:
    result = invoke(["--config", str(two_months), "history", "--unit", "DINKEZ"], expected_code=2)
    assert "DINKES" in result.output
    # Only a near miss: "DINKES" was "Maksudnya INSP?" in a registry with an Inspektorat (a ratio of 0,6).
    result = invoke(["--config", str(two_months), "history", "--unit", "INSP"], expected_code=2)
    assert "Maksudnya" not in result.output and "Lihat kode unit di daftar unit" in result.output


def test_history_of_a_registered_unit_never_scored_says_so(two_months: Path) -> None:
    # A unit added to the registry in August: "tidak ada di riwayat … Maksudnya KEC-SUKAMAJU?".
    registry = two_months.parent / "daftar-unit.csv"
    registry.write_text(registry.read_text(encoding="utf-8") + "KEC-BARU,Kecamatan Baru,kecamatan\n", encoding="utf-8")
    result = invoke(["--config", str(two_months), "history", "--unit", "Kecamatan Baru"], expected_code=2)
    assert "Unit KEC-BARU (Kecamatan Baru) terdaftar tetapi belum pernah dinilai" in result.stderr
    # A kode changed, the old one kept as an alias: its history, recorded under the old kode, is still found.
    old = UNITS[0].kode
    registry.write_text(
        registry.read_text(encoding="utf-8")
        .replace(f"{old},", f"{old}2,", 1)
        .replace("kode,nama,jenis", "kode,nama,jenis,alias", 1),
        encoding="utf-8",
    )
    lines = registry.read_text(encoding="utf-8").splitlines()
    registry.write_text(
        "\n".join(line + ("," + old if line.startswith(f"{old}2,") else "") for line in lines) + "\n", encoding="utf-8"
    )
    for asked in (old, f"{old}2"):  # by the old kode, or by the new one through its alias
        doc = json.loads(invoke(["--config", str(two_months), "history", "--unit", asked, "--format", "json"]).stdout)
        assert doc["unit"]["kode"] == old and len(doc["months"]) == 2


def test_history_follows_a_changed_kode_as_the_rapor_does(kab: Path, rubric_2020: Rubric) -> None:
    # DINKES became DINKES2 in August, DINKES kept as its alias: `history --unit DINKES2` showed August alone,
    # and the kabupaten's August change left the unit out while the rapor paired it (+3,62 against +3,61).
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    registry = kab.parent / "daftar-unit.csv"
    renamed = Unit("DINKES2", UNITS[0].nama, UNITS[0].jenis)
    lines = ["kode,nama,jenis,alias", f'DINKES2,"{renamed.nama}",dinas,DINKES']
    lines += [f'{u.kode},"{u.nama}",{u.jenis},' for u in UNITS[1:]]
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for n, unit in enumerate((renamed, *UNITS[1:])):
        write_unit(kab.parent, rubric_2020, unit, "2022-08", seed=300 + n)
    run_cli(kab, "2022-08")
    doc = json.loads(invoke(["--config", str(kab), "history", "--unit", "DINKES2", "--format", "json"]).stdout)
    assert [m["period"] for m in doc["months"]] == ["2022-06", "2022-07", "2022-08"]
    assert doc["months"][2]["change"] is not None
    kabupaten = json.loads(invoke(["--config", str(kab), "history", "--format", "json"]).stdout)
    with History.open(kab.parent / "riwayat.sqlite") as history:
        july = {("DINKES2" if u.kode == "DINKES" else u.kode): u.index for u in history.units("2022-07")}
        august = {u.kode: u.index for u in history.units("2022-08")}
    assert set(july) == set(august)  # every unit paired, the renamed one too
    rapor = (kab.parent / "keluaran" / "2022-08" / "rapor" / "index.md").read_text(encoding="utf-8")
    change = kabupaten["months"][2]["change"]
    shown = f"{len(UNITS)} unit yang dinilai di kedua periode berubah rata-rata ▲ +{change:.2f}".replace(".", ",")
    assert shown in rapor


def test_an_alias_that_is_another_units_kode_brings_none_of_its_months(tmp_path: Path) -> None:
    # KEC-CIBENDA given the alias KEC-SUKAMAJU showed Sukamaju's July as its own in `history --unit`.
    from pmprb_cli.errors import RegistryError
    from pmprb_cli.history import old_kodes_of
    from pmprb_cli.registry import Registry, load_registry, renamed_kodes

    path = tmp_path / "daftar.csv"
    path.write_text(
        "kode,nama,jenis,alias\nKEC-CIBENDA,Kecamatan Cibenda,kecamatan,KEC-SUKAMAJU|CIBENDA\n"
        "KEC-SUKAMAJU,Kecamatan Sukamaju,kecamatan,\n",
        encoding="utf-8",
    )
    # Such a registry is refused now (each file went to either unit unsaid); what reads one is still safe.
    with pytest.raises(RegistryError, match="alias 'KEC-SUKAMAJU' unit KEC-CIBENDA adalah kode unit di baris 3"):
        load_registry(path)
    registry = Registry(
        (
            Unit("KEC-CIBENDA", "Kecamatan Cibenda", "kecamatan", ("KEC-SUKAMAJU", "CIBENDA")),
            Unit("KEC-SUKAMAJU", "Kecamatan Sukamaju", "kecamatan"),
        ),
        str(path),
    )
    assert old_kodes_of("KEC-CIBENDA", registry) == ("CIBENDA",)
    renamed = renamed_kodes(registry)
    assert renamed["cibenda"] == "KEC-CIBENDA" and renamed.get("kec-sukamaju") == "KEC-SUKAMAJU"  # (its own)
    # A unit's name stands for it as an old kode does (DISKOMINFO's months, the unit now KOMINFO "Diskominfo").
    assert renamed["kecamatan cibenda"] == "KEC-CIBENDA"


def test_a_merged_unit_has_no_past_when_one_of_its_units_was_silent_the_month_before() -> None:
    # DISKOP and DISPERINDAG merged into DISKOPERINDAG in March, DISPERINDAG silent in February: the merged
    # unit was DISKOP's February ("-5,35 sejak Feb"), in `history --unit` and in the kabupaten's change.
    from types import SimpleNamespace
    from typing import Any, cast

    from pmprb_cli.history import trend

    def month(**indexes: float) -> SimpleNamespace:
        units = tuple(
            SimpleNamespace(
                kode=kode,
                index=index,
                predikat="B",
                meets_target=False,
                rank=1,
                self_index=index,
                verified_index=None,
                evaluator_answers=None,
                errors=0,
                warnings=0,
                areas=(),
            )  # fmt: skip
            for kode, index in indexes.items()
        )
        return SimpleNamespace(
            units=units, target="BB", rubric_id="pmprb-2020", rubric_version="1.1.2", rubric_checksum=""
        )

    months = {
        "2022-01": month(DISKOP=50.0, DISPERINDAG=40.0, DINKES=60.0),
        "2022-02": month(DISKOP=59.01, DINKES=61.0),
        "2022-03": month(DISKOPERINDAG=53.66, DINKES=63.0),
    }
    history = cast(Any, SimpleNamespace(periods=lambda: tuple(months), period=months.get, registered_kodes=tuple))
    renamed = {"diskop": "DISKOPERINDAG", "disperindag": "DISKOPERINDAG"}
    merged = trend(history, lambda v, _: "B", "DISKOPERINDAG", 2, ("DISKOP", "DISPERINDAG"), renamed)
    assert [(r.period, r.change) for r in merged if r.level == "bulan"] == [("2022-03", None)]
    kabupaten = {r.period: r.change for r in trend(history, lambda v, _: "B", renamed=renamed) if r.level == "bulan"}
    assert kabupaten["2022-03"] == pytest.approx(2.0)  # DINKES alone: the merged unit is new
    # A rename (one old kode, never beside its new one) keeps its past.
    renamed_only = {"2022-02": month(DISKOP=59.01), "2022-03": month(DISKOPERINDAG=53.66)}
    history = cast(
        Any, SimpleNamespace(periods=lambda: tuple(renamed_only), period=renamed_only.get, registered_kodes=tuple)
    )
    rows = trend(history, lambda v, _: "B", "DISKOPERINDAG", 2, ("DISKOP",), {"diskop": "DISKOPERINDAG"})
    assert [r.change for r in rows if r.level == "bulan"] == [None, pytest.approx(-5.35)]


def test_the_kabupaten_trend_reads_past_a_broken_registry(two_months: Path) -> None:
    # Reading the history needs no registry: a duplicate line in it stopped `pmprb history` (exit 2).
    registry = two_months.parent / "daftar-unit.csv"
    lines = registry.read_text(encoding="utf-8").splitlines()
    registry.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    result = invoke(["--config", str(two_months), "history"])
    assert "Juli 2022" in result.stdout and "Daftar unit tidak terbaca (PMPRB-E903)" in result.stderr
    invoke(["--config", str(two_months), "history", "--unit", UNITS[0].kode], expected_code=2)


def test_a_restored_backup_that_now_ranks_instead_of_the_revision_is_said(kab: Path, rubric_2020: Rubric) -> None:
    # DINKES.xlsx and "DINKES revisi.xlsx"; the older one put back with a plain cp became the newest and ranked:
    # the index moved and the summary said "0 baru/berubah" with nothing named.
    inbox = kab.parent / "masuk" / "2022-06"
    first = inbox / f"{UNITS[0].kode}.xlsx"
    revised = write_unit(kab.parent, rubric_2020, UNITS[0], "2022-06", seed=4242).rename(
        inbox / f"{UNITS[0].kode} revisi.xlsx"
    )
    write_unit(kab.parent, rubric_2020, UNITS[0], "2022-06", seed=0)  # DINKES.xlsx again, as the fixture made it
    os.utime(revised, ns=(first.stat().st_mtime_ns + 10**10,) * 2)
    run_cli(kab, "2022-06")
    os.utime(first, ns=(revised.stat().st_mtime_ns + 10**10,) * 2)  # restored: now the newest
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "(0 baru/berubah sejak run terakhir)" in said
    assert f"Sejak run terakhir: {first.name} (kini diperingkat untuk {UNITS[0].kode}, bukan {revised.name})" in said
    # A revision that arrives is said once, as new (that is why it ranks).
    newer = shutil.copy(revised, inbox / f"{UNITS[0].kode} revisi 2.xlsx")
    os.utime(newer, ns=(first.stat().st_mtime_ns + 10**10,) * 2)
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "revisi 2.xlsx (baru)" in said and "kini diperingkat" not in said
    # The old file copied under another name (new time) and the original deleted: the same bytes, said so, and
    # that it ranks now (said only "sama, jalurnya dulu …" while the unit's index fell).
    moved = shutil.copy(first, inbox / f"{UNITS[0].kode} juli.xlsx")
    first.unlink()
    os.utime(moved, ns=(newer.stat().st_mtime_ns + 10**10,) * 2)
    said = " ".join(run_cli(kab, "2022-06").split())
    ranks = f"kini diperingkat untuk {UNITS[0].kode}, bukan {UNITS[0].kode} revisi 2.xlsx"
    assert f"juli.xlsx (sama, jalurnya dulu masuk/2022-06/{first.name}; {ranks})" in said, said
    # The evaluator's verdicts added to the older file made it the newest: it ranked instead of the revision and
    # the summary said only "(berubah)".
    edited = write_unit(kab.parent, rubric_2020, UNITS[0], "2022-06", seed=77).replace(newer)
    os.utime(edited, ns=(moved.stat().st_mtime_ns + 10**10,) * 2)
    said = " ".join(run_cli(kab, "2022-06").split())
    assert f"revisi 2.xlsx (berubah; kini diperingkat untuk {UNITS[0].kode}, bukan {moved.name})" in said, said


def test_export_names_a_units_two_files_whose_times_changed(kab: Path, tmp_path: Path) -> None:
    # Copied without their times, a unit's two files made export refuse with nothing named.
    first = kab.parent / "masuk" / "2022-06" / f"{UNITS[0].kode}.xlsx"
    copy = first.with_name(f"{UNITS[0].kode} (revisi).xlsx")
    shutil.copy(first, copy)
    os.utime(copy, ns=(first.stat().st_mtime_ns + 10**10,) * 2)
    run_cli(kab, "2022-06")
    os.utime(copy, ns=(first.stat().st_mtime_ns - 10**10,) * 2)  # now the other one was changed last
    result = invoke(
        ["--config", str(kab), "export", "--period", "2022-06", "--out", str(tmp_path / "p")], expected_code=2
    )
    assert "waktu ubah berkas unit yang mengirim dua kali" in result.stderr and copy.name in result.stderr


def test_history_of_a_unit_taken_off_the_registry_says_so(kab: Path) -> None:
    # SATPOLPP, removed from the registry in August, was said "tidak mengirim" for August.
    run_cli(kab, "2022-06")
    gone = UNITS[3]
    registry = kab.parent / "daftar-unit.csv"
    registry.write_text(
        "".join(
            line for line in registry.read_text(encoding="utf-8").splitlines(True) if not line.startswith(gone.kode)
        ),
        encoding="utf-8",
    )
    (kab.parent / "masuk" / "2022-07" / f"{gone.kode}.xlsx").unlink()
    run_cli(kab, "2022-07")
    table = invoke(["--config", str(kab), "history", "--unit", gone.kode]).stdout
    assert f"Tidak dinilai pada Juli 2022 ({gone.kode} tidak lagi ada di daftar unit" in " ".join(table.split())


def test_history_of_a_unit_merged_into_another_says_so(kab: Path, rubric_2020: Rubric) -> None:
    # The two kecamatan merged in July (both kodes the new unit's aliases): `history --unit KEC-SUKAMAJU` said
    # "tidak mengirim" for July and every month after.
    run_cli(kab, "2022-06")
    registry = kab.parent / "daftar-unit.csv"
    kept = [line for line in registry.read_text(encoding="utf-8").splitlines() if not line.startswith("KEC-")]
    kept[0] += ",alias"
    merged = Unit("KEC-SUKAMEKAR", "Kecamatan Sukamekar", "kecamatan")
    registry.write_text(
        "\n".join([*kept, 'KEC-SUKAMEKAR,"Kecamatan Sukamekar",kecamatan,KEC-SUKAMAJU|KEC-MEKARSARI']) + "\n",
        encoding="utf-8",
    )
    for unit in UNITS[2:]:
        (kab.parent / "masuk" / "2022-07" / f"{unit.kode}.xlsx").unlink()
    write_unit(kab.parent, rubric_2020, merged, "2022-07", seed=9)
    run_cli(kab, "2022-07")
    table = " ".join(invoke(["--config", str(kab), "history", "--unit", UNITS[2].kode]).stdout.split())
    assert f"Tidak dinilai pada Juli 2022 ({UNITS[2].kode} kini tercatat sebagai KEC-SUKAMEKAR" in table


def test_a_merged_unit_given_a_new_kode_keeps_its_months_under_the_old_one(kab: Path, rubric_2020: Rubric) -> None:
    # The two kecamatan merged into KEC-SUKAMEKAR in July, renamed KEC-SM in August (alias KEC-SUKAMEKAR, as
    # README says of a kode change): `history --unit KEC-SM` showed August alone, "baru" in the rapor, its July
    # gone from the kabupaten's change — the merger's own aliases were taken for KEC-SM's, a merger anew.
    run_cli(kab, "2022-06")
    registry = kab.parent / "daftar-unit.csv"
    kept = [line for line in registry.read_text(encoding="utf-8").splitlines() if not line.startswith("KEC-")]
    kept[0] += ",alias"
    for unit in UNITS[2:]:
        (kab.parent / "masuk" / "2022-07" / f"{unit.kode}.xlsx").unlink()
    for period, row, unit in (
        ("2022-07", "KEC-SUKAMEKAR,Kecamatan Sukamekar,kecamatan,KEC-SUKAMAJU|KEC-MEKARSARI", "KEC-SUKAMEKAR"),
        ("2022-08", "KEC-SM,Kecamatan Sukamekar,kecamatan,KEC-SUKAMEKAR", "KEC-SM"),
    ):
        registry.write_text("\n".join([*kept, row]) + "\n", encoding="utf-8")
        for other in UNITS[:2] if period == "2022-08" else ():
            write_unit(kab.parent, rubric_2020, other, period, seed=11)
        write_unit(kab.parent, rubric_2020, Unit(unit, "Kecamatan Sukamekar", "kecamatan"), period, seed=12)
        run_cli(kab, period)
    doc = json.loads(invoke(["--config", str(kab), "history", "--unit", "KEC-SM", "--format", "json"]).stdout)
    months = {m["period"]: m for m in doc["months"]}
    assert list(months) == ["2022-07", "2022-08"]
    assert months["2022-08"]["change"] is not None
    # Nor is it compared with either kecamatan before the merger.
    assert months["2022-07"]["change"] is None


def test_history_of_a_unit_says_the_months_it_was_not_scored(kab: Path, rubric_2020: Rubric) -> None:
    # KEC-SUKAMAJU sent nothing in July: its history listed June and August only, with no word of July.
    write_unit(kab.parent, rubric_2020, UNITS[2], "2022-08", seed=7)
    for unit in UNITS[:2]:
        write_unit(kab.parent, rubric_2020, unit, "2022-08", seed=8)
    (kab.parent / "masuk" / "2022-07" / f"{UNITS[2].kode}.xlsx").unlink()
    for period in ("2022-06", "2022-07", "2022-08"):
        run_cli(kab, period)
    table = invoke(["--config", str(kab), "history", "--unit", UNITS[2].kode]).stdout
    assert "Tidak dinilai pada Juli 2022" in table
    doc = json.loads(invoke(["--config", str(kab), "history", "--unit", UNITS[2].kode, "--format", "json"]).stdout)
    assert doc["unit"]["not_scored"] == ["2022-07"] and [m["period"] for m in doc["months"]] == ["2022-06", "2022-08"]


def test_history_of_a_unit_whose_file_did_not_rank_says_it_sent_one(kab: Path, rubric_2020: Rubric) -> None:
    # DINKES sent June's template again in July (PMPRB-E303, not ranked): "tidak mengirim, atau berkasnya
    # tidak terbaca" of a unit that sent a readable file.
    run_cli(kab, "2022-06")
    july = kab.parent / "masuk" / "2022-07" / f"{UNITS[0].kode}.xlsx"
    shutil.copy(kab.parent / "masuk" / "2022-06" / f"{UNITS[0].kode}.xlsx", july)
    run_cli(kab, "2022-07")
    write_unit(kab.parent, rubric_2020, UNITS[0], "2022-08", seed=9)
    for unit in UNITS[1:]:
        write_unit(kab.parent, rubric_2020, unit, "2022-08", seed=10)
    run_cli(kab, "2022-08")
    table = " ".join(invoke(["--config", str(kab), "history", "--unit", UNITS[0].kode]).stdout.split())
    assert "Tidak diperingkat pada Juli 2022: berkasnya ada, tetapi tidak diperingkat" in table
    assert "(rinciannya di validasi-2022-07.json)" in table  # (the file, not "validasi-TTTT-BB.json periode itu")
    assert "Tidak dinilai pada" not in table


def test_history_without_config_is_a_usage_error(tmp_path: Path) -> None:
    with contextlib.chdir(tmp_path):
        result = invoke(["history"], expected_code=2)
    assert "pmprb.toml" in result.output


# --------------------------------------------------------------------------- pmprb export


def test_the_exported_lke_usulan_among_units_is_skipped_and_alone_is_scored(two_months: Path, tmp_path: Path) -> None:
    # Copied into an inbox, the kabupaten LKE ranked as a unit ("KABUPATEN", 13,89) and pulled the average.
    out = tmp_path / "paket"
    invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out)])
    usulan = out / "LKE-kabupaten-usulan-2022-07.xlsx"
    inbox = two_months.parent / "masuk" / "2022-07"
    before = json.loads(cli(["score", str(inbox), "--format", "json"]).stdout)
    shutil.copy(usulan, inbox / usulan.name)
    among = json.loads(cli(["score", str(inbox), "--format", "json"]).stdout)
    assert [s["code"] for s in among["skipped"]] == ["PMPRB-I505"]
    assert among["summary"]["average_index"] == before["summary"]["average_index"]
    assert len(among["units"]) == len(UNITS)
    alone = json.loads(cli(["score", str(usulan), "--format", "json"]).stdout)
    assert alone["skipped"] == [] and len(alone["units"]) == 1
    if SOFFICE is not None:
        # Saved again as .xls it ranked as a unit "KABUPATEN" and set the kabupaten's average.
        (inbox / usulan.name).unlink()
        soffice_convert([usulan], inbox, to="xls")
        among = json.loads(cli(["score", str(inbox), "--format", "json"]).stdout)
        assert [(Path(s["file"]).suffix, s["code"]) for s in among["skipped"]] == [(".xls", "PMPRB-I505")]
        assert among["summary"]["average_index"] == before["summary"]["average_index"]


def test_export_package(two_months: Path, tmp_path: Path) -> None:
    out = tmp_path / "paket"
    printed = invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out), "--zip"])
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "LKE-kabupaten-usulan-2022-07.xlsx",
        "bukti-dukung-2022-07.csv",
        "manifest.json",
        "paket-kemenpanrb-kabupaten-uji-2022-07.zip",
        "rekap-2022-07.xlsx",
    ]
    assert "manifest.json" in printed.stdout
    # (a July package: the submission is September's, said without changing the exit)
    said = " ".join(printed.stderr.split())
    assert "Catatan: PMPRB dikirim ke Kemenpan-RB dengan data September; paket ini periode 2022-07" in said
    assert "Untuk pengiriman: pmprb export --period 2022-09." in said  # (it read "TAHUN-09", a placeholder)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == "2022-07" and manifest["rubric"]["id"] == "pmprb-2020"
    assert manifest["rubric"]["sha256"] == load_rubric("pmprb-2020").checksum
    # What is not from the regulation is said in the package too (the rapor footnoted it; the package did not).
    adapted = manifest["rubric"]["adapted"]
    assert len(adapted) == 73 and adapted[0].startswith("A")
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]
    assert {e["name"] for e in manifest["files"]} == set(names) - {
        "manifest.json",
        "paket-kemenpanrb-kabupaten-uji-2022-07.zip",
    }
    # Every unit sent, no workbook with errors: the coverage says so, and nothing is said on stderr.
    assert manifest["coverage"] == {
        "registry_units": len(UNITS),
        "units_ranked": len(UNITS),
        "units_missing": [],
        "units_not_in_registry": [],
        "files_not_ranked": [],
        "files_unreadable": [],
        "files_with_errors": [],
        "units_unreadable": [],
        "units_verified": 0,
        "units_verified_partly": 0,
    }
    assert manifest["rubric"]["years"] == "2020–2022" and manifest["rubric"]["period_in_years"] is True
    assert "Perhatian" not in printed.output
    # The kabupaten workbook is the very file the run wrote, the pemda's working notes aside.
    assert_sent_copy(
        (out / "rekap-2022-07.xlsx").read_bytes(),
        (two_months.parent / "keluaran/2022-07/rekap-2022-07.xlsx").read_bytes(),
    )

    rows = list(csv.DictReader(io.StringIO((out / "bukti-dukung-2022-07.csv").read_text(encoding="utf-8-sig"))))
    assert {r["unit"] for r in rows} == {u.kode for u in UNITS}
    formula = [r for r in rows if "HYPERLINK" in r["bukti_dukung"]]
    assert formula and all(r["bukti_dukung"] == "'" + FORMULA_EVIDENCE for r in formula)

    with zipfile.ZipFile(out / "paket-kemenpanrb-kabupaten-uji-2022-07.zip") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(set(names) - {"paket-kemenpanrb-kabupaten-uji-2022-07.zip"})
        assert {i.date_time for i in infos} == {(2022, 7, 1, 0, 0, 0)}
        assert archive.read("manifest.json") == (out / "manifest.json").read_bytes()

    # Same inputs, same bytes: a second export into another folder.
    again = tmp_path / "lagi"
    invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(again), "--zip"])
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {p.name: p.read_bytes() for p in out.iterdir()}

    # The kabupaten LKE says what it is above its table: a proposal, and the index it would score.
    import openpyxl

    book = openpyxl.load_workbook(out / "LKE-kabupaten-usulan-2022-07.xlsx", read_only=True)
    head = [str(c) for row in book["LKE"].iter_rows(max_row=7, values_only=True) for c in row if c]
    book.close()
    assert any(
        t.startswith("USULAN untuk konsensus asesor, bukan nilai resmi") and "Indeks LKE usulan" in t for t in head
    )
    assert any("73 bagian rubrik pmprb-2020 diadaptasi, bukan dari peraturan" in t for t in head)
    # Its Petunjuk speaks to the assessors, not to a unit ("… lalu kirim kepada Bagian Organisasi").
    book = openpyxl.load_workbook(out / "LKE-kabupaten-usulan-2022-07.xlsx", read_only=True)
    guide = " ".join(str(c) for row in book["Petunjuk"].iter_rows(values_only=True) for c in row if c)
    book.close()
    assert "bagian paket Kemenpan-RB" in guide and "kirim kepada Bagian Organisasi" not in guide
    # The rules it points to are in another file of the package: named ("di lembar … rekap" named none).
    rules = "di lembar 'LKE Kabupaten (usulan)' buku kerja rekap-2022-07.xlsx"
    assert rules in guide and any(rules in t for t in head)
    # The kabupaten LKE reads back with pmprb itself.
    doc = json.loads(cli(["score", str(out / "LKE-kabupaten-usulan-2022-07.xlsx"), "--format", "json"]).stdout)
    assert doc["units"][0]["unit"]["nama"] == KABUPATEN and 0 < doc["units"][0]["index"] <= 100
    # ... also in the kabupaten's folder, whose registry has no unit "KABUPATEN" (E301 said it had).
    usulan = str(out / "LKE-kabupaten-usulan-2022-07.xlsx")
    doc = json.loads(cli(["--config", str(two_months), "score", usulan, "--format", "json"]).stdout)
    assert "PMPRB-E301" not in {f["code"] for f in doc["findings"]}


def test_the_package_leaves_out_the_evaluators_notes_and_what_findings_quote(kab: Path, tmp_path: Path) -> None:
    # The run's rekap went to Kemenpan-RB whole: "CATATANPRIVAT: operator Budi … (NIP …)" from Catatan Evaluator,
    # and an answer typed "Ya - konfirmasi Budi 0812…" quoted by its finding (privrev). The rapim's rekap keeps them.
    path = kab.parent / "masuk" / "2022-06" / "DINKES.xlsx"
    book, sheet, columns, (row, *_) = _lke_rows(path, "Catatan Evaluator")
    sheet.cell(
        row, columns["Catatan Evaluator"]
    ).value = "CATATANPRIVAT operator tidak kooperatif, NIP 198501012010011001"
    sheet.cell(row, columns["Jawaban"]).value = "Ya - konfirmasi Budi 081234567890"
    book.save(path)
    run_cli(kab, "2022-06")
    out = tmp_path / "paket"
    cli(["--config", str(kab), "export", "--period", "2022-06", "--out", str(out), "--zip"])
    run = (kab.parent / "keluaran" / "2022-06" / "rekap-2022-06.xlsx").read_bytes()
    sent = (out / "rekap-2022-06.xlsx").read_bytes()

    def texts(data: bytes, sheet: str = "") -> str:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        sheets = [book[sheet]] if sheet else book.worksheets
        return " ".join(str(c) for ws in sheets for r in ws.iter_rows(values_only=True) for c in r if c is not None)

    assert "CATATANPRIVAT" in texts(run) and "081234567890" in texts(run, "Temuan")
    # (the answer stays in Jawaban, its number masked: "Ya - konfirmasi Budi (nomor disamarkan)")
    assert "CATATANPRIVAT" not in texts(sent) and "081234567890" not in texts(sent)
    assert "Ya - konfirmasi Budi (nomor disamarkan)" in texts(sent, "Jawaban")
    assert "Salinan untuk paket Kemenpan-RB" in texts(sent) and "Jawaban tidak sesuai pilihan" in texts(sent, "Temuan")
    assert_sent_copy(sent, run)
    with zipfile.ZipFile(next(out.glob("*.zip"))) as archive:
        assert archive.read("rekap-2022-06.xlsx") == sent
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    assert listed["rekap-2022-06.xlsx"] == hashlib.sha256(sent).hexdigest()


def test_the_bukti_dukung_index_sends_no_contact_and_no_signed_in_account(kab: Path, tmp_path: Path) -> None:
    # "https://wa.me/62812…" went out as a unit's evidence, and a Drive link with the e-mail of the account it was
    # copied from (authuser=…): a person's number and address sent out of the pemda (privrev).
    path = kab.parent / "masuk" / "2022-06" / "DINKES.xlsx"
    book, sheet, columns, rows = _lke_rows(path, "Bukti Dukung")
    sheet.cell(rows[0], columns["Bukti Dukung"]).value = "https://wa.me/6281234567890"
    drive = "https://drive.google.com/file/d/Xy/view?usp=sharing&authuser=budi@contoh.go.id"
    sheet.cell(rows[1], columns["Bukti Dukung"]).value = drive
    book.save(path)
    # (and the operator's number in the file's name, masked wherever the package names the file; diffrev20)
    path.rename(path.with_name("LKE DINKES - Budi 081298765432.xlsx"))
    run_cli(kab, "2022-06")
    out = tmp_path / "paket"
    cli(["--config", str(kab), "export", "--period", "2022-06", "--out", str(out)])
    text = (out / "bukti-dukung-2022-06.csv").read_text(encoding="utf-8-sig")
    assert "6281234567890" not in text and "budi@contoh.go.id" not in text
    # ... nor the package's rekap, whose Jawaban sheet sent them as the unit typed them (diffrev20).
    book = openpyxl.load_workbook(out / "rekap-2022-06.xlsx", read_only=True)
    sent = " ".join(str(c) for ws in book for r in ws.iter_rows(values_only=True) for c in r if c is not None)
    assert "6281234567890" not in sent and "budi@contoh.go.id" not in sent and "(kontak, bukan dokumen" in sent
    assert "081298765432" not in sent and "LKE DINKES - Budi (nomor disamarkan).xlsx" in sent
    assert "081298765432" not in (out / "manifest.json").read_text(encoding="utf-8")
    assert "(kontak, bukan dokumen; tidak disertakan: PMPRB-W439)" in text
    assert "https://drive.google.com/file/d/Xy/view?usp=sharing," in text


def test_a_units_pdf_arriving_after_the_run_is_said_at_the_next_run(kab: Path) -> None:
    # DINKES's PDF landed after the month's first run: "tidak ada perubahan sejak run terakhir", and the rekap, rapor
    # and JSON never named it (the key held the workbooks only). Named from the folder of pmprb.toml, as the
    # workbooks are: an absolute path made two copies of one project write different JSON (diffrev19).
    inbox = kab.parent / "masuk" / "2022-06"
    (inbox / "DINKES.xlsx").unlink()
    run_cli(kab, "2022-06")
    (inbox / "LKE DINKES.pdf").write_bytes(b"%PDF-1.4\n")
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "tidak ada perubahan sejak run terakhir" not in said
    out = kab.parent / "keluaran" / "2022-06"
    scored = json.loads((out / "nilai-2022-06.json").read_text(encoding="utf-8"))
    assert scored["not_read"] == ["masuk/2022-06/LKE DINKES.pdf"]
    page = " ".join((out / "rapor" / "index.md").read_text(encoding="utf-8").split())
    assert "mengirim LKE DINKES.pdf, bukan buku kerja .xlsx/.xlsm/.xls (tidak dibaca)" in page
    # Nothing new since: nothing rewritten.
    assert "tidak ada perubahan sejak run terakhir" in " ".join(run_cli(kab, "2022-06").split())


def test_export_of_an_incomplete_period_says_whose_workbooks_it_stands_on(kab: Path, tmp_path: Path) -> None:
    # 8 of 40 units sent: export said only "5 berkas", exit 0, and the manifest "units": 8.
    (kab.parent / "masuk" / "2022-06" / f"{UNITS[0].kode}.xlsx").unlink()
    run_cli(kab, "2022-06")
    out = tmp_path / "paket"
    printed = invoke(["--config", str(kab), "export", "--period", "2022-06", "--out", str(out)], expected_code=1)
    coverage = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["coverage"]
    assert coverage["units_missing"] == [UNITS[0].kode] and coverage["units_ranked"] == len(UNITS) - 1
    assert f"Perhatian: 1 dari {len(UNITS)} unit belum mengirim buku kerja ({UNITS[0].kode})." in printed.output


def test_export_names_registered_units_whose_files_are_unreadable_and_the_evaluators_share(
    kab: Path, rubric_2020: Rubric, tmp_path: Path
) -> None:
    # One unit's file cut short: "3 berkas tidak dapat dinilai" on stderr, the proposal "7 unit terdaftar tidak
    # dinilai", and nothing naming BPBD and SETDA; a unit on a partly verified index went unsaid, as did a
    # rubric used outside its years (run and the rapor said both).
    period = "2025-06"  # (pmprb-2020 is for 2020–2022)
    for n, unit in enumerate(UNITS[2:]):
        write_unit(kab.parent, rubric_2020, unit, period, seed=n)
    inbox = kab.parent / "masuk" / period
    (inbox / f"{UNITS[1].kode}.xlsx").write_bytes((inbox / f"{UNITS[2].kode}.xlsx").read_bytes()[:3000])
    answers = random_answers(rubric_2020, random.Random(5), 0.6)
    first = next(c for c, v in answers.items() if v not in (None, ""))
    write_template(
        inbox / f"{UNITS[0].kode}.xlsx",
        rubric_2020,
        UNITS[0],
        period,
        kabupaten=KABUPATEN,
        answers=answers,
        evaluator={first: answers[first]},
    )
    run_cli(kab, period)
    out = tmp_path / "paket"
    printed = invoke(["--config", str(kab), "export", "--period", "2025-06", "--out", str(out)], expected_code=1)
    said = " ".join(printed.stderr.split())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    coverage = manifest["coverage"]
    assert coverage["units_unreadable"] == [UNITS[1].kode] and coverage["units_missing"] == []
    assert f"1 berkas tidak dapat dinilai (unit terdaftar yang karenanya tidak dinilai: {UNITS[1].kode})" in said
    assert f"disusun dari {len(UNITS) - 1} unit berperingkat saja" in said
    assert (coverage["units_verified"], coverage["units_verified_partly"]) == (1, 1)
    assert (
        "Dasar penilaian paket: 1 unit dengan indeks terverifikasi evaluator (evaluatornya hanya mengisi sebagian "
        f"jawaban), {len(UNITS) - 2} unit dengan indeks mandiri." in said
    )
    assert manifest["rubric"]["period_in_years"] is False
    assert "Perhatian: Rubrik pmprb-2020" in said and "periode 2025-06 di luar tahun itu (PMPRB-I211)" in said


def test_export_of_a_recorded_period_keeps_its_settings(two_months: Path, tmp_path: Path) -> None:
    # October: the registry merged a unit and the target rose. The July package was refused ("pengaturan
    # berubah"), and the only way out rewrote July's record with October's settings (--rescore).
    registry = two_months.parent / "daftar-unit.csv"
    registry.write_text("\n".join(registry.read_text(encoding="utf-8").splitlines()[:-1]) + "\n", encoding="utf-8")
    two_months.write_text(
        two_months.read_text(encoding="utf-8").replace('target = "BB"', 'target = "A"'), encoding="utf-8"
    )
    out = tmp_path / "paket"
    printed = invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out)])
    said = " ".join(printed.output.split())
    assert "Pengaturan tercatat dipakai" in said and "(target BB → A; daftar unit)" in said
    assert_sent_copy(
        (out / "rekap-2022-07.xlsx").read_bytes(),
        (two_months.parent / "keluaran/2022-07/rekap-2022-07.xlsx").read_bytes(),
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["coverage"]["registry_units"] == len(UNITS)


def test_export_after_a_rubric_version_that_scores_the_same_uses_the_recorded_one(kab: Path, tmp_path: Path) -> None:
    # Upgraded from pmprb-2020 1.1.1 to 1.1.2 (checked gates only): every export of a period run with 1.1.1
    # was refused, "Masukan atau pengaturan periode 2022-06 berubah sejak `pmprb run` terakhir", naming nothing.
    _kab_rubric(kab, "1.1.1")
    run_cli(kab, "2022-06")
    recorded = (kab.parent / "keluaran/2022-06/rekap-2022-06.xlsx").read_bytes()
    _kab_rubric(kab)  # the new version, whose scores_as names 1.1.1
    out = tmp_path / "paket"
    printed = cli(["--config", str(kab), "export", "--period", "2022-06", "--out", str(out)])
    assert printed.exit_code in (0, 1), printed.output
    said = " ".join(printed.output.split())
    assert "Pengaturan tercatat dipakai" in said and "v1.1.1, yang menilai sama dengan v1.1.2" in said
    assert_sent_copy((out / "rekap-2022-06.xlsx").read_bytes(), recorded)


def test_a_past_period_keeps_its_rubric_and_alike_versions_are_joined_through_the_kept_files(kab: Path) -> None:
    # June run with kab.toml v1.1.1, July with v1.1.2 (scores as 1.1.1). Re-running June re-recorded it as
    # v1.1.2 ("0 baru/berubah", rekap rewritten as made with a version nobody used then). Then pmprb.toml on
    # v1.2.0, which names only 1.1.2: `history` read July's change as "rubrik lain" by v1.2.0's word alone.
    _kab_rubric(kab, "1.1.1")
    run_cli(kab, "2022-06")
    june_rekap = (kab.parent / "keluaran/2022-06/rekap-2022-06.xlsx").read_bytes()
    _kab_rubric(kab)  # 1.1.2, scores as 1.1.0 and 1.1.1
    run_cli(kab, "2022-07")
    again = " ".join(run_cli(kab, "2022-06").split())
    assert "Pengaturan tercatat dipakai" in again and "v1.1.1, yang menilai sama dengan v1.1.2" in again
    assert (kab.parent / "keluaran/2022-06/rekap-2022-06.xlsx").read_bytes() == june_rekap
    with History.open(kab.parent / "riwayat.sqlite") as history:
        june = history.period("2022-06")
        assert june is not None and june.rubric_version == "1.1.1"
    _kab_rubric(kab, "1.2.0", scores_as='scores_as = ["1.1.2"]')
    trend = json.loads(invoke(["--config", str(kab), "history", "--format", "json"]).stdout)
    july = trend["months"][1]
    assert july["period"] == "2022-07" and july["change"] is not None and not july["rubric_changed"]


def test_export_refuses_inputs_changed_since_the_run(two_months: Path, rubric_2020: Rubric, tmp_path: Path) -> None:
    write_unit(two_months.parent, rubric_2020, UNITS[1], "2022-07", seed=31337)
    result = invoke(
        ["--config", str(two_months), "export", "--period", "2022-07", "--out", str(tmp_path / "p")], expected_code=2
    )
    assert "berubah sejak" in result.output and not (tmp_path / "p").exists()
    assert f"terakhir: {UNITS[1].kode}.xlsx (berubah)" in result.output  # named, as `run` names it


def test_export_names_the_workbooks_whose_errors_count_0_in_it(kab: Path, rubric_2020: Rubric, tmp_path: Path) -> None:
    # The run said "15 buku kerja dengan kesalahan"; the package for the ministry said nothing of them.
    from .factories import best_answers

    answers = best_answers(rubric_2020)
    answers.pop(rubric_2020.answer_codes()[0])
    path = kab.parent / "masuk" / "2022-06" / f"{UNITS[1].kode}.xlsx"
    write_template(path, rubric_2020, UNITS[1], "2022-06", kabupaten=KABUPATEN, answers=answers)
    run_cli(kab, "2022-06")
    out = tmp_path / "paket"
    printed = invoke(["--config", str(kab), "export", "--period", "2022-06", "--out", str(out)], expected_code=1)
    coverage = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["coverage"]
    assert [Path(f).name for f in coverage["files_with_errors"]] == [path.name]
    assert f"Perhatian: 1 dari {len(UNITS)} buku kerja berperingkat memuat kesalahan" in printed.output
    assert coverage["units_not_in_registry"] == []


@pytest.mark.parametrize("rubric_id", ["sakip-2021", "zi-2021"])
def test_export_of_akip_or_zi_says_nothing_of_the_pmprb_september_submission(tmp_path: Path, rubric_id: str) -> None:
    # "Catatan: PMPRB dikirim ke Kemenpan-RB dengan data September" was said of an LKE AKIP or ZI package.
    rubric = load_rubric(rubric_id)
    root = tmp_path / "kab"
    root.mkdir()
    target = "WBK" if rubric_id == "zi-2021" else "BB"
    config = CONFIG.replace('rubric = "pmprb-2020"', f'rubric = "{rubric_id}"').replace('"BB"', f'"{target}"')
    (root / "pmprb.toml").write_text(config, encoding="utf-8")
    lines = ["kode,nama,jenis"] + [f'{u.kode},"{u.nama}",{u.jenis}' for u in UNITS]
    (root / "daftar-unit.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for n, unit in enumerate(UNITS):
        write_unit(root, rubric, unit, "2022-06", seed=n)
    run_cli(root / "pmprb.toml", "2022-06")
    printed = cli(["--config", str(root / "pmprb.toml"), "export", "--period", "2022-06", "--out", str(tmp_path / "p")])
    assert printed.exit_code in (0, 1), printed.output
    assert "manifest.json" in printed.stdout and "September" not in printed.stderr
    if rubric_id == "zi-2021":
        # A verdict target (WBK): the kabupaten's mean has no predikat letter, the package no kabupaten LKE; both
        # documents still follow their schemas.
        manifest = json.loads((tmp_path / "p" / "manifest.json").read_text(encoding="utf-8"))
        _follows_schema(manifest, "manifest.schema.json")
        assert [f["name"] for f in manifest["files"]] == ["rekap-2022-06.xlsx", "bukti-dukung-2022-06.csv"]
        trend = _history_json(root / "pmprb.toml")
        _follows_schema(trend, "history.schema.json")
        assert trend["months"][0]["predikat"] == "" and trend["months"][0]["target"] == "WBK"


def test_a_later_rapor_is_rewritten_when_the_evaluators_answers_behind_its_past_change(
    kab: Path, rubric_2020: Rubric
) -> None:
    # June re-run after the evaluator agreed with one more answer (index unchanged, 1 → 2 evaluator answers):
    # June's run said "jalankan ulang 2022-07", and July's answered "tidak ada perubahan", its rapor stale.
    answers = random_answers(rubric_2020, random.Random(3), 0.6)
    codes = [c for c, v in answers.items() if v not in (None, "")][:2]
    path = kab.parent / "masuk" / "2022-06" / f"{UNITS[0].kode}.xlsx"

    def june(agreed: int) -> None:
        evaluator = {c: answers[c] for c in codes[:agreed]}
        path.unlink()
        write_template(
            path, rubric_2020, UNITS[0], "2022-06", kabupaten=KABUPATEN, answers=answers, evaluator=evaluator
        )

    june(1)
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    june(2)
    run_cli(kab, "2022-06")
    assert "tidak ada perubahan" not in run_cli(kab, "2022-07")


def test_export_reads_a_unit_renamed_twice_as_run_does_whatever_the_cache_holds(kab: Path, tmp_path: Path) -> None:
    # DINKES → DINKES2 (alias DINKES) → DINKES3 (alias DINKES2): run knew July's DINKES.xlsx through the registry the
    # history kept; export read it with the bare registry (PMPRB-E301) and cached that under run's key, so the
    # package, and the next run's outputs, depended on which command had filled the cache.
    registry = kab.parent / "daftar-unit.csv"
    units = registry.read_text(encoding="utf-8")
    old = '"Dinas Kesehatan",dinas'
    assert units.count("DINKES," + old) == 1
    second = units.replace("DINKES," + old, "DINKES2," + old + ",DINKES").replace(
        "kode,nama,jenis", "kode,nama,jenis,alias"
    )
    third = units.replace("DINKES," + old, "DINKES3," + old + ",DINKES2").replace(
        "kode,nama,jenis", "kode,nama,jenis,alias"
    )
    registry.write_text(second, encoding="utf-8")
    run_cli(kab, "2022-06")
    registry.write_text(third, encoding="utf-8")
    run_cli(kab, "2022-07")
    packages = []
    for n, cached in enumerate((True, False)):
        if not cached:
            (kab.parent / "riwayat.cache.sqlite").unlink()
        out = tmp_path / f"paket{n}"
        printed = cli(["--config", str(kab), "export", "--period", "2022-07", "--out", str(out)])
        assert printed.exit_code in (0, 1), printed.output
        packages.append({p.name: p.read_bytes() for p in out.iterdir()})
        assert "PMPRB-E301" not in (out / "manifest.json").read_text(encoding="utf-8")
    assert packages[0] == packages[1]


def test_export_names_a_ranked_unit_the_registry_does_not_hold(kab: Path, rubric_2020: Rubric, tmp_path: Path) -> None:
    # The rapor said "1 unit yang diperingkat tidak ada di daftar unit (PMPRB-E301)"; the package for the ministry
    # counted 39 ranked of 40 registered units, one of them DISBUN, without a word.
    from .factories import best_answers

    stranger = Unit("DISBUN", "Dinas Perkebunan", "dinas")
    path = kab.parent / "masuk" / "2022-06" / "DISBUN.xlsx"
    write_template(path, rubric_2020, stranger, "2022-06", kabupaten=KABUPATEN, answers=best_answers(rubric_2020))
    run_cli(kab, "2022-06")
    out = tmp_path / "paket"
    printed = invoke(["--config", str(kab), "export", "--period", "2022-06", "--out", str(out)], expected_code=1)
    coverage = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["coverage"]
    assert coverage["units_not_in_registry"] == ["DISBUN"]
    assert "1 unit berperingkat tidak ada di daftar unit (PMPRB-E301: DISBUN)" in " ".join(printed.output.split())


def test_export_says_when_its_folder_holds_another_packages_files(two_months: Path, tmp_path: Path) -> None:
    # June then July into one folder: sent whole, June's files went out beside July's manifest. Now refused,
    # June's package left whole; other files in the folder are said.
    out = tmp_path / "paket"
    invoke(["--config", str(two_months), "export", "--period", "2022-06", "--out", str(out)])
    june = (out / "manifest.json").read_bytes()
    refused = invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out)], expected_code=2)
    assert "berisi paket periode 2022-06 (manifest.json)" in " ".join(refused.output.split())
    assert (out / "manifest.json").read_bytes() == june and not (out / "rekap-2022-07.xlsx").exists()
    (out / "manifest.json").unlink()
    printed = invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out)])
    assert "juga berisi berkas yang bukan bagian paket ini (LKE-kabupaten-usulan-2022-06.xlsx" in printed.output
    again = invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(tmp_path / "sendiri")])
    assert "bukan bagian paket ini" not in again.output


def test_export_never_replaces_a_file_it_did_not_write_or_that_was_changed_since(
    two_months: Path, tmp_path: Path
) -> None:
    # The assessors' consensus, saved in the kabupaten LKE, was replaced by the next export ("1 ditulis,
    # sisanya sudah sama"), as was a unit's workbook kept under the rekap's name.
    out = tmp_path / "paket"
    export = ["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out)]
    invoke(export)
    lke = out / "LKE-kabupaten-usulan-2022-07.xlsx"
    agreed = lke.read_bytes() + b"\0"  # (any change the assessors saved)
    lke.write_bytes(agreed)
    refused = invoke(export, expected_code=2)
    said = " ".join(refused.output.split())
    assert "sudah memuat LKE-kabupaten-usulan-2022-07.xlsx, yang bukan tulisan pmprb export" in said
    assert "Tidak ada yang ditulis" in said and lke.read_bytes() == agreed
    # A file pmprb wrote and nobody changed is replaced (an earlier export, before a late workbook).
    lke.write_bytes(b"earlier")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["name"] == lke.name:
            entry["sha256"] = hashlib.sha256(b"earlier").hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    invoke(export)
    assert lke.read_bytes() != b"earlier"
    # The zip too: written again when it holds the manifest's files as recorded, never once changed.
    invoke([*export, "--zip"])
    package = out / "paket-kemenpanrb-kabupaten-uji-2022-07.zip"
    invoke([*export, "--zip"])  # (as it was: kept)
    # An earlier package's zip (its own manifest, not the folder's: before a late workbook, or an earlier pmprb's)
    # is pmprb's, untouched: replaced.
    earlier = {"rekap-2022-07.xlsx": b"rekap lama"}
    listed = [{"name": n, "sha256": hashlib.sha256(d).hexdigest()} for n, d in earlier.items()]
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in earlier.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps({"format": "pmprb-paket-kemenpanrb/1", "files": listed}))
    invoke([*export, "--zip"])
    with zipfile.ZipFile(package) as archive:
        assert archive.read("rekap-2022-07.xlsx") == (out / "rekap-2022-07.xlsx").read_bytes()
    with zipfile.ZipFile(package, "a") as archive:
        archive.writestr("konsensus-asesor.xlsx", b"hasil rapat")
    changed = package.read_bytes()
    refused = invoke([*export, "--zip"], expected_code=2)
    assert "sudah memuat paket-kemenpanrb-kabupaten-uji-2022-07.zip" in " ".join(refused.output.split())
    assert package.read_bytes() == changed
    # A zip answers for itself: an earlier package's, untouched, is replaced with the rest of the folder gone.
    solo = tmp_path / "sendiri"
    solo.mkdir()
    with zipfile.ZipFile(solo / package.name, "w") as archive:
        for name, data in earlier.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps({"format": "pmprb-paket-kemenpanrb/1", "files": listed}))
    invoke([*export[:-1], str(solo), "--zip"])
    # Without pmprb's manifest, a file under a package name is somebody's: a unit's LKE kept as the rekap.
    other = tmp_path / "lain"
    other.mkdir()
    unit_file = next((two_months.parent / "masuk" / "2022-07").glob("*.xlsx"))
    shutil.copy(unit_file, other / "rekap-2022-07.xlsx")
    refused = invoke([*export[:-1], str(other)], expected_code=2)
    assert "sudah memuat rekap-2022-07.xlsx" in " ".join(refused.output.split())
    assert (other / "rekap-2022-07.xlsx").read_bytes() == unit_file.read_bytes()
    assert sorted(p.name for p in other.iterdir()) == ["rekap-2022-07.xlsx"]


def test_an_export_without_zip_keeps_pmprbs_own_zip_of_the_period_current(two_months: Path, tmp_path: Path) -> None:
    # Exported with --zip, then again without it after a late workbook: the old zip stayed beside the new files,
    # its manifest ranking 5 units of 6, said only as a file "bukan bagian paket ini".
    out = tmp_path / "paket"
    export = ["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out)]
    invoke([*export, "--zip"])
    package = out / "paket-kemenpanrb-kabupaten-uji-2022-07.zip"
    earlier = {"rekap-2022-07.xlsx": b"rekap lama"}
    listed = [{"name": n, "sha256": hashlib.sha256(d).hexdigest()} for n, d in earlier.items()]
    with zipfile.ZipFile(package, "w") as archive:  # (an earlier package's zip, as pmprb wrote it)
        for name, data in earlier.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps({"format": "pmprb-paket-kemenpanrb/1", "files": listed}))
    printed = invoke(export)
    assert "bukan bagian paket ini" not in printed.output
    with zipfile.ZipFile(package) as archive:
        assert archive.read("manifest.json") == (out / "manifest.json").read_bytes()
        assert archive.read("rekap-2022-07.xlsx") == (out / "rekap-2022-07.xlsx").read_bytes()


def _rekap_recorded_otherwise(database: Path, period: str) -> None:
    """The run's record of its rekap, as an earlier pmprb that wrote another rekap would have left it."""
    with History.open(database) as history:
        recorded = history.period(period)
    assert recorded is not None
    outputs = [[n, "0" * 64 if n == f"rekap-{period}.xlsx" else h] for n, h in recorded.outputs]
    edit_history(database, ("UPDATE periods SET outputs = ? WHERE period = ?", (json.dumps(outputs), period)))


def test_export_says_when_its_rekap_is_not_the_one_the_run_wrote(two_months: Path, tmp_path: Path) -> None:
    # After an upgrade that changed the rekap (a column added), an export without a new run held a rekap other
    # than the one the rapim saw, unsaid.
    _rekap_recorded_otherwise(two_months.parent / "riwayat.sqlite", "2022-07")
    args = ["--config", str(two_months), "export", "--period", "2022-07", "--out", str(tmp_path / "paket")]
    said = " ".join(invoke(args, expected_code=1).output.split())
    assert "rekap paket disusun dari rekap yang berbeda dengan yang ditulis pmprb run terakhir untuk 2022-07" in said
    # (not the upgrade alone: a month before run again changes the rekap's comparison too; migrev)
    assert "(sejak itu pmprb diperbarui, atau periode sebelumnya dijalankan ulang" in said
    assert "Kode keluar 1: paket ditulis, tetapi rekapnya berbeda dari rekap run terakhir" in said


def test_export_says_both_a_changed_rekap_and_missing_inputs(kab: Path, tmp_path: Path) -> None:
    # With a unit missing too, the exit line said only "disusun dari masukan yang bermasalah" (diffrev20).
    (kab.parent / "masuk" / "2022-06" / f"{UNITS[0].kode}.xlsx").unlink()
    run_cli(kab, "2022-06")
    _rekap_recorded_otherwise(kab.parent / "riwayat.sqlite", "2022-06")
    args = ["--config", str(kab), "export", "--period", "2022-06", "--out", str(tmp_path / "paket")]
    said = " ".join(invoke(args, expected_code=1).output.split())
    assert (
        "Kode keluar 1: paket ditulis, tetapi disusun dari masukan yang bermasalah dan rekapnya berbeda dari rekap run "
        "terakhir" in said
    )


def test_export_refuses_a_period_never_run(two_months: Path, tmp_path: Path) -> None:
    (two_months.parent / "masuk" / "2022-08").mkdir()
    result = invoke(
        ["--config", str(two_months), "export", "--period", "2022-08", "--out", str(tmp_path / "p")], expected_code=2
    )
    assert "belum tercatat" in result.output


def test_export_refuses_an_out_named_as_a_zip_and_says_how_to_get_one(two_months: Path, tmp_path: Path) -> None:
    # `--out paket.zip` made a folder named paket.zip the clerk could not attach to an e-mail.
    result = invoke(
        ["--config", str(two_months), "export", "--period", "2022-07", "--out", str(tmp_path / "Paket.ZIP")],
        expected_code=2,
    )
    assert "bukan nama berkas zip" in result.output
    assert f"--out {tmp_path / 'Paket'} --zip" in result.output
    assert "paket-kemenpanrb-kabupaten-uji-2022-07.zip" in result.output
    assert not (tmp_path / "Paket.ZIP").exists()
    # A folder of that name the clerk made on purpose is a folder.
    (tmp_path / "lama.zip").mkdir()
    invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(tmp_path / "lama.zip")])
    assert (tmp_path / "lama.zip" / "manifest.json").is_file()


def test_export_of_a_period_without_a_ranked_unit_writes_no_package(kab: Path, tmp_path: Path) -> None:
    # Every workbook unreadable: a full package of 0 units, its LKE saying 186 items were left "dari data
    # kabupaten".
    for path in (kab.parent / "masuk" / "2022-06").glob("*.xlsx"):
        path.write_bytes(b"PK\x03\x04 rusak")
    run_cli(kab, "2022-06", expected=(1,))
    args = ["--config", str(kab), "export", "--period", "2022-06", "--out", str(tmp_path / "paket")]
    said = " ".join(invoke(args, expected_code=2).output.split())
    assert "Periode 2022-06 tidak punya unit berperingkat" in said and "validate --period 2022-06" in said
    assert not (tmp_path / "paket").exists()


def test_the_evidence_index_marks_links_that_are_no_web_address(tmp_path: Path, rubric_2020: Rubric) -> None:
    # javascript:, file://\\server (a click sends Windows credentials) passed as the link a reviewer opens.
    import openpyxl

    from pmprb_cli.checks import LOCAL_PATH_NOT_SENT
    from pmprb_cli.export import evidence_csv
    from pmprb_cli.pipeline import load

    unit = UNITS[0]
    path = write_unit(tmp_path, rubric_2020, unit, "2022-07", seed=3)
    sub = load(str(path), rubric_2020).submission
    assert sub is not None and sub.evidence_column
    codes = [c for c, a in sub.answers.items() if a.raw not in (None, "")][:8]
    book = openpyxl.load_workbook(path)
    # A HYPERLINK formula saved without its value (as openpyxl and other generators save it): its link is the
    # evidence text, and went out unmarked.
    book["LKE"][f"{sub.evidence_column}{sub.answers[codes[4]].row}"] = '=HYPERLINK("javascript:alert(2)","SK Tim RB")'
    book["LKE"][f"{sub.evidence_column}{sub.answers[codes[5]].row}"] = "Data: SK Bupati No. 12"  # (a sentence)
    book["LKE"][f"{sub.evidence_column}{sub.answers[codes[6]].row}"] = "Ms-Excel: rekap SKP.xlsx"  # (a label)
    book["LKE"][f"{sub.evidence_column}{sub.answers[codes[7]].row}"] = "data:;base64,PHNjcmlwdD4="  # (an address)
    for code, target in zip(codes, ("javascript:alert(1)", "https://drive.contoh.go.id/sk.pdf"), strict=False):
        cell = book["LKE"][f"{sub.evidence_column}{sub.answers[code].row}"]
        cell.value, cell.hyperlink = "SK Tim", target
    # Paths typed as text, no link behind them: a Windows share and a drive letter (PMPRB-W434 in the unit's file).
    for code, typed in zip(codes[2:4], (r"\\fileserver\bukti\SK Tim.pdf", r"D:\BUKTI RB\SK.pdf"), strict=True):
        book["LKE"][f"{sub.evidence_column}{sub.answers[code].row}"] = typed
    book.save(path)
    batch = build_batch([str(path)], rubric_2020, period="2022-07", target="BB")
    rows = {r["butir"]: r for r in csv.DictReader(io.StringIO(evidence_csv(batch).decode("utf-8-sig")))}
    assert rows[codes[0]]["tautan"] == "(bukan alamat web, jangan dibuka) javascript:alert(1)"
    assert rows[codes[1]]["tautan"] == "https://drive.contoh.go.id/sk.pdf"
    # A path on the unit's computer or share opens nowhere and names its folders (a Windows user's): not sent.
    for code in codes[2:4]:
        assert rows[code]["bukti_dukung"] == LOCAL_PATH_NOT_SENT and rows[code]["tautan"] == ""
    assert rows[codes[4]]["tautan"] == "(bukan alamat web, jangan dibuka) javascript:alert(2)", rows[codes[4]]
    assert rows[codes[5]]["tautan"] == "" and rows[codes[5]]["bukti_dukung"] == "Data: SK Bupati No. 12"
    assert rows[codes[6]]["tautan"] == "" and rows[codes[7]]["tautan"].startswith("(bukan alamat web, jangan dibuka)")
    assert "fileserver" not in evidence_csv(batch).decode("utf-8-sig")


def test_export_refuses_a_malformed_period_and_folders_a_run_or_a_unit_writes(two_months: Path) -> None:
    # "2022-13 belum tercatat; jalankan pmprb run --period 2022-13", which then refused it. A package in the
    # run's output folder went stale at the next run; July's in August's inbox was read as August's.
    root = two_months.parent

    def export(period: str, out: Path) -> str:
        args = ["--config", str(two_months), "export", "--period", period, "--out", str(out)]
        return " ".join(invoke(args, expected_code=2).output.split())

    assert "Periode '2022-13' tidak sah" in export("2022-13", root / "p")
    said = export("2022-07", root / "keluaran" / "2022-06" / "paket")
    assert f"berada di folder keluaran run {root / 'keluaran' / '2022-06'}" in said
    (root / "masuk" / "2022-08").mkdir()
    said = export("2022-07", root / "masuk" / "2022-08" / "paket")
    assert f"bertumpang tindih dengan folder masuk {root / 'masuk' / '2022-08'}" in said  # (not July's, named)
    assert not (root / "p").exists() and not (root / "masuk" / "2022-08" / "paket").exists()
    # {period} inside a folder's name: "masuk/LKE-{period}/" was no folder of periods to look in.
    text = two_months.read_text(encoding="utf-8")
    two_months.write_text(re.sub(r"(?m)^output = .*$", 'output = "hasil/rekap-{period}/"', text), encoding="utf-8")
    assert "berada di folder keluaran run" in export("2022-07", root / "hasil" / "rekap-2022-06" / "paket")


def test_a_package_that_cannot_be_written_whole_leaves_the_one_there_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk half-way through an export: a new rekap and LKE beside the old manifest, evidence index and
    # zip, which no longer told their bytes; nothing said the folder was a mix.
    from pmprb_cli import files as files_module
    from pmprb_cli.files import write_all_or_none

    old = {"lke.xlsx": b"lke 1", "rekap.xlsx": b"rekap 1", "manifest.json": b"m 1"}
    assert write_all_or_none(tmp_path, old) == list(old)
    new = {"lke.xlsx": b"lke 2", "rekap.xlsx": b"rekap 2", "manifest.json": b"m 2"}
    real_open = os.open
    staged: list[str] = []

    def full_at_the_second(path: str, *rest: int) -> int:
        staged.append(str(path))
        if len(staged) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, *rest)

    monkeypatch.setattr(files_module.os, "open", full_at_the_second)
    with pytest.raises(OSError):
        write_all_or_none(tmp_path, new)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == old  # whole, and no temporary file left
    assert write_all_or_none(tmp_path, {**new, "lke.xlsx": b"lke 1"}) == ["rekap.xlsx", "manifest.json"]
    # A folder made for the package is not left behind, empty, where the operator looks for one.
    staged.clear()
    monkeypatch.setattr(files_module.os, "open", full_at_the_second)
    with pytest.raises(OSError):
        write_all_or_none(tmp_path / "baru" / "juli" / "paket", new)
    monkeypatch.undo()
    assert not (tmp_path / "baru").exists()


def test_export_of_a_period_never_run_and_without_an_inbox_says_it_was_never_run(
    two_months: Path, tmp_path: Path
) -> None:
    # "folder masuk …/2022-09 untuk periode 2022-09 tidak ada": the month was never run, which is the news.
    args = ["--config", str(two_months), "export", "--period", "2022-09", "--out", str(tmp_path / "p")]
    said = " ".join(invoke(args, expected_code=2).output.split())
    assert "Periode 2022-09 belum tercatat di riwayat" in said and "pmprb run --period 2022-09" in said
    assert not (tmp_path / "p").exists()
    shutil.rmtree(two_months.parent / "masuk" / "2022-07")  # recorded, inbox gone: the inbox is the news
    args[4] = "2022-07"
    assert "folder" in invoke(args, expected_code=2).output


# --------------------------------------------------------------------------- JSON schemas of history and export


def _follows_schema(doc: Any, name: str) -> None:
    """``doc`` is valid under pmprb_cli/schemas/``name`` (draft 2020-12, as its $schema says)."""
    import jsonschema

    schema = json.loads((ROOT / "pmprb_cli" / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)


def _history_json(config: Path, *unit: str) -> Any:
    args = ["--config", str(config), "history", *(("--unit", *unit) if unit else ()), "--format", "json"]
    return json.loads(invoke(args).stdout)


def test_history_json_follows_its_schema(kab: Path, rubric_2020: Rubric) -> None:
    # June to September: KEC-SUKAMAJU silent in July (not_scored), DINKES renamed DINKESPPKB in August (its
    # months under both kodes), September recorded with one unreadable file only (months_without_units);
    # June in one triwulan, July to September in the next.
    (kab.parent / "masuk" / "2022-07" / f"{UNITS[2].kode}.xlsx").unlink()
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    _dinkes_renamed(kab)
    renamed = Unit("DINKESPPKB", "Dinas Kesehatan dan KB", "dinas")
    for n, unit in enumerate((renamed, *UNITS[1:])):
        write_unit(kab.parent, rubric_2020, unit, "2022-08", seed=400 + n)
    run_cli(kab, "2022-08")
    (kab.parent / "masuk" / "2022-09").mkdir()
    (kab.parent / "masuk" / "2022-09" / "SETDA.xlsx").write_bytes(b"rusak")
    run_cli(kab, "2022-09")

    kabupaten = _history_json(kab)
    _follows_schema(kabupaten, "history.schema.json")
    assert kabupaten["unit"] is None and kabupaten["months_without_units"] == ["2022-09"]
    assert [m["period"] for m in kabupaten["months"]] == ["2022-06", "2022-07", "2022-08"]
    assert [q["period"] for q in kabupaten["quarters"]] == ["2022-Q2", "2022-Q3"]
    assert kabupaten["months"][2]["change"] is not None and kabupaten["months"][0]["rank"] is None

    silent = _history_json(kab, UNITS[2].kode)
    _follows_schema(silent, "history.schema.json")
    assert "2022-07" in silent["unit"]["not_scored"] and silent["months_without_units"] == []
    assert [m["period"] for m in silent["months"]] == ["2022-06", "2022-08"]
    assert all(m["rank"] is not None and m["errors"] is not None for m in silent["months"])

    dinkes = _history_json(kab, "DINKESPPKB")
    _follows_schema(dinkes, "history.schema.json")
    assert [m["period"] for m in dinkes["months"]] == ["2022-06", "2022-07", "2022-08"]
    assert dinkes["months"][2]["change"] is not None and dinkes["quarters"][1]["since"] == "2022-Q2"
    # Each month's area scores, as that month's nilai JSON gives them (datarev2: no area in the history); the
    # kabupaten's, their mean over the units ranked.
    august = json.loads((kab.parent / "keluaran" / "2022-08" / "nilai-2022-08.json").read_text(encoding="utf-8"))
    ranked = [u for u in august["units"] if u["rank"] is not None]
    (own,) = [u for u in ranked if u["unit"]["kode"] == "DINKESPPKB"]
    assert dinkes["months"][2]["areas"] == {a["code"]: a["score"] for a in own["areas"]}
    mean = {code: math.fsum(a["score"] for u in ranked for a in u["areas"] if a["code"] == code) / len(ranked)
            for code in dinkes["months"][2]["areas"]}  # fmt: skip
    assert kabupaten["months"][2]["areas"] == pytest.approx(mean, abs=1e-9)
    header = invoke(["--config", str(kab), "history", "--format", "csv"]).stdout.splitlines()[0]
    assert "areas" not in header.split(",")  # (JSON only: the CSV keeps one column per field)


def test_the_manifest_follows_its_schema(two_months: Path, tmp_path: Path) -> None:
    # Every unit sent and ranked: every coverage list empty, the package whole (with --zip).
    out = tmp_path / "paket"
    invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out), "--zip"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    _follows_schema(manifest, "manifest.schema.json")
    assert len(manifest["files"]) == 3 and manifest["coverage"]["units_missing"] == []


def test_the_manifest_of_an_incomplete_period_follows_its_schema(
    kab: Path, rubric_2020: Rubric, tmp_path: Path
) -> None:
    # June: KEC-MEKARSARI sent nothing, BAPPEDA's file cut short, KEC-SUKAMAJU's with an answer missing (an
    # error), DINKES partly verified by its evaluator, DISBUN not in the registry; the rubric outside its years.
    # Then without a registry (its coverage null where it is unknown).
    from .factories import best_answers

    period = "2025-06"
    inbox = kab.parent / "masuk" / period
    inbox.mkdir(parents=True)
    answers = random_answers(rubric_2020, random.Random(5), 0.6)
    first = next(c for c, v in answers.items() if v not in (None, ""))
    write_template(inbox / f"{UNITS[0].kode}.xlsx", rubric_2020, UNITS[0], period, kabupaten=KABUPATEN,
                   answers=answers, evaluator={first: answers[first]})  # fmt: skip
    write_unit(kab.parent, rubric_2020, UNITS[1], period, seed=1)
    (inbox / f"{UNITS[1].kode}.xlsx").write_bytes((inbox / f"{UNITS[1].kode}.xlsx").read_bytes()[:3000])
    short = best_answers(rubric_2020)
    short.pop(rubric_2020.answer_codes()[0])
    write_template(inbox / f"{UNITS[2].kode}.xlsx", rubric_2020, UNITS[2], period, kabupaten=KABUPATEN, answers=short)
    stranger = Unit("DISBUN", "Dinas Perkebunan", "dinas")
    write_template(inbox / "DISBUN.xlsx", rubric_2020, stranger, period, kabupaten=KABUPATEN,
                   answers=best_answers(rubric_2020))  # fmt: skip
    run_cli(kab, period)
    out = tmp_path / "paket"
    invoke(["--config", str(kab), "export", "--period", period, "--out", str(out)], expected_code=1)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    _follows_schema(manifest, "manifest.schema.json")
    coverage = manifest["coverage"]
    assert coverage["units_missing"] == [UNITS[3].kode] and coverage["units_unreadable"] == [UNITS[1].kode]
    assert coverage["files_unreadable"] and coverage["files_with_errors"]
    assert coverage["units_not_in_registry"] == ["DISBUN"] and coverage["units_verified_partly"] == 1
    assert manifest["rubric"]["period_in_years"] is False
    # The unit its evaluator verified, in the history: verified_index and evaluator_answers given.
    verified = _history_json(kab, UNITS[0].kode)
    _follows_schema(verified, "history.schema.json")
    assert verified["months"][0]["verified_index"] is not None and verified["months"][0]["evaluator_answers"] == 1

    config = kab.read_text(encoding="utf-8")
    kab.write_text(config.replace('registry = "daftar-unit.csv"\n', ""), encoding="utf-8")
    run_cli(kab, "2022-06")
    out = tmp_path / "tanpa-daftar"
    invoke(["--config", str(kab), "export", "--period", "2022-06", "--out", str(out)])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    _follows_schema(manifest, "manifest.schema.json")
    coverage = manifest["coverage"]
    unknown = ("registry_units", "units_not_in_registry", "units_unreadable")
    assert [coverage[k] for k in unknown] == [None] * 3 and coverage["units_missing"] == []


def test_the_history_and_manifest_schemas_refuse_a_key_they_do_not_know(two_months: Path, tmp_path: Path) -> None:
    # additionalProperties false at every level whose keys are fixed: a key renamed or added in history.py or
    # export.py fails the tests above until the schema says it.
    import jsonschema

    out = tmp_path / "paket"
    invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out)])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kabupaten, unit = _history_json(two_months), _history_json(two_months, UNITS[0].kode)
    places: list[tuple[Any, dict[str, Any], str]] = [
        (manifest, p, "manifest.schema.json")
        for p in (manifest, manifest["rubric"], manifest["coverage"], manifest["files"][0], manifest["inputs"][0])
    ]
    places += [(kabupaten, p, "history.schema.json") for p in (kabupaten, kabupaten["months"][0])]
    places += [(unit, p, "history.schema.json") for p in (unit, unit["unit"], unit["quarters"][0])]
    for doc, place, schema in places:
        _follows_schema(doc, schema)
        place["unknown"] = 1
        with pytest.raises(jsonschema.ValidationError, match="unknown"):
            _follows_schema(doc, schema)
        del place["unknown"]
    unit["months"][0]["self"] = unit["months"][0].pop("self_index")  # renamed: unknown, and the old name missing
    with pytest.raises(jsonschema.ValidationError):
        _follows_schema(unit, "history.schema.json")


# --------------------------------------------------------------------------- pmprb.toml and pmprb init


CONFIG_ERRORS = [
    ("warna", '"biru"', "warna", "tidak dikenal"),
    ("jobs", '"banyak"', "jobs", "bilangan bulat"),
    ("jobs", "0", "jobs", "bilangan bulat"),
    ("inbox", '"masuk/"', "inbox", "{period}"),
    ("output", '"keluaran/{bulan}/"', "output", "{period}"),
    ("target", '"Z"', "target", "bukan predikat"),
    ("rubric", '"lke-1999"', "rubric", "bukan rubrik bawaan"),
    ("registry", '"tidak-ada.csv"', "registry", "tidak ditemukan"),
    ("kabupaten", "3", "kabupaten", "teks"),
    ("report_format", '"pdf"', "report_format", "html"),
    ("templates", '"tidak-ada/"', "templates", "tidak ditemukan"),
    # "berkas …/masuk tidak ditemukan" of a folder that is there (and the other way round)
    ("registry", '"masuk"', "registry", "adalah folder, bukan berkas"),
    ("templates", '"daftar-unit.csv"', "templates", "adalah berkas, bukan folder"),
    ("registry", '"/dev/null"', "registry", "bukan berkas biasa"),
    # It made a folder literally named "{period}"; one history holds every month.
    ("history", '"keluaran/{period}/riwayat.sqlite"', "history", "tidak memakai {period}"),
]


@pytest.mark.parametrize(
    ("key", "value", "named", "problem"), CONFIG_ERRORS, ids=[f"{c[0]}={c[1]}" for c in CONFIG_ERRORS]
)
def test_config_error_names_the_key_and_the_file(
    tmp_path: Path, key: str, value: str, named: str, problem: str
) -> None:
    (tmp_path / "daftar-unit.csv").write_text("kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\n", encoding="utf-8")
    (tmp_path / "masuk").mkdir()
    lines = [line for line in CONFIG.splitlines() if not line.startswith(f"{key} ")]
    config = tmp_path / "pmprb.toml"
    config.write_text("\n".join([*lines, f"{key} = {value}"]) + "\n", encoding="utf-8")
    result = invoke(["--config", str(config), "run", "--period", "2022-06"], expected_code=2)
    message = " ".join(result.output.split())
    # The line too (the key is written last), as a TOML syntax error says its line.
    assert f"{config}, baris {len(lines) + 1}: kunci '{named}'" in message and problem in message
    assert "Saran: " in message  # (report_format's had none)


def test_an_edited_copy_of_the_shipped_rubric_beside_the_config_is_not_ignored_in_silence(tmp_path: Path) -> None:
    # pmprb-2020.toml with the kabupaten's weights saved beside pmprb.toml, which says rubric = "pmprb-2020":
    # the shipped rubric scored, and nothing said the kabupaten's file was not the one in use.
    from pmprb_cli.rubric import resolve_rubric

    (tmp_path / "daftar-unit.csv").write_text("kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\n", encoding="utf-8")
    config = tmp_path / "pmprb.toml"
    config.write_text(CONFIG, encoding="utf-8")
    shipped = resolve_rubric("pmprb-2020").read_bytes()
    # The same rubric saved by Notepad (a byte-order mark, CRLF), or a copy of another version: nothing to say.
    notepad = b"\xef\xbb\xbf" + shipped.replace(b"\n", b"\r\n")
    edited = shipped.replace(b"weight = 3\n", b"weight = 3.5\n", 1)
    for copy in (notepad, edited.replace(b'version = "1.1.2"', b'version = "1.1.1"')):
        (tmp_path / "pmprb-2020.toml").write_bytes(copy)
        same = invoke(["--config", str(config), "history"], expected_code=2).output  # (no history yet)
        assert "Belum ada riwayat" in same and "isi yang berbeda" not in same
    # An edit that does not parse was ignored as well ("weight = 2,5").
    (tmp_path / "pmprb-2020.toml").write_bytes(shipped.replace(b"weight = 3\n", b"weight = 2,5\n", 1))
    broken = " ".join(invoke(["--config", str(config), "history"], expected_code=2).output.split())
    assert "ada pmprb-2020.toml yang bukan TOML yang sah" in broken and "Angka desimal ditulis dengan titik" in broken
    (tmp_path / "pmprb-2020.toml").write_bytes(edited)
    said = " ".join(invoke(["--config", str(config), "history"], expected_code=2).output.split())
    assert "'pmprb-2020' adalah rubrik bawaan v1.1.2, tetapi di folder ini ada pmprb-2020.toml versi yang sama" in said
    assert 'tulis rubric = "pmprb-2020.toml" dan beri version sendiri (mis. "1.1.2-kab")' in said


def test_config_that_is_not_toml_names_the_file(tmp_path: Path) -> None:
    config = tmp_path / "pmprb.toml"
    config.write_text("kabupaten = Kabupaten Tanpa Kutip\n", encoding="utf-8")
    result = invoke(["--config", str(config), "history"], expected_code=2)
    assert str(config) in result.output and "bukan TOML" in result.output


def test_a_config_nested_a_thousand_deep_is_a_usage_error_not_a_crash(tmp_path: Path) -> None:
    config = tmp_path / "pmprb.toml"
    config.write_text(CONFIG + "y = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = invoke(["--config", str(config), "history"], expected_code=2)
    assert "bersarang terlalu dalam" in result.output


def test_a_key_written_twice_is_said_so(tmp_path: Path) -> None:
    # `target = "BBB"` appended at the end while the file already set it: "teks diapit tanda kutip" misled.
    config = tmp_path / "pmprb.toml"
    config.write_text(CONFIG + 'target = "A"\n', encoding="utf-8")
    result = invoke(["--config", str(config), "history"], expected_code=2)
    lines = len((CONFIG + 'target = "A"\n').splitlines())
    assert f"kunci 'target' ditulis dua kali (yang kedua di baris {lines})" in result.output
    assert "hapus salah satu barisnya" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("line", "said", "hint"),
    [
        # Each said "teks diapit tanda kutip", which fitted none of them.
        (b"jobs = 1,5", "tidak terbaca mulai baris", "Angka desimal ditulis dengan titik"),
        (b'registry = "data\\daftar-unit.csv"', "tidak terbaca mulai baris", "untuk jalur berkas pakai /"),
        (b'kabupaten = "Kabupaten Cianj\xfcr"', "bukan teks UTF-8 (bita 0xfc di baris", "Pengodean UTF-8"),
        # Word's quotes and a non-breaking space look right: the quotes hint was what the line seemed to do.
        ("kabupaten = “Kabupaten Uji”".encode(), "tidak terbaca mulai baris", "tanda kutip “ dari Word (U+201C)"),
        ('target\u00a0= "BB"'.encode(), "tidak terbaca mulai baris", "spasi tak terlihat (spasi tak-putus) (U+00A0)"),
    ],
)
def test_a_config_that_does_not_parse_gets_a_hint_for_its_mistake(
    tmp_path: Path, line: bytes, said: str, hint: str
) -> None:
    config = tmp_path / "pmprb.toml"
    config.write_bytes(CONFIG.encode() + line + b"\n")
    output = " ".join(invoke(["--config", str(config), "history"], expected_code=2).output.split())
    assert said in output and hint in output


@pytest.mark.parametrize("path", ["D:\\data\\daftar-unit.csv", "data\\daftar-unit.csv", "C:/data/masuk"])
def test_a_windows_path_in_single_quotes_is_said_to_be_one(tmp_path: Path, path: str) -> None:
    # 'D:\data\daftar-unit.csv' was "berkas /tmp/…/D:\data\daftar-unit.csv tidak ditemukan; jalur relatif dihitung
    # dari folder pmprb.toml".
    config = tmp_path / "pmprb.toml"
    config.write_text(CONFIG.replace('registry = "daftar-unit.csv"', f"registry = '{path}'"), encoding="utf-8")
    said = " ".join(invoke(["--config", str(config), "history"], expected_code=2).output.split())
    assert "adalah jalur Windows; mesin ini memakai jalur dengan garis miring /" in said and "bukan \\" in said


@pytest.mark.parametrize("key", ["history", "log", "inbox"])
def test_a_windows_path_whose_backslashes_toml_read_as_tab_and_return_is_refused(tmp_path: Path, key: str) -> None:
    # history = "D:\temp\riwayat.sqlite": TOML reads \t and \r, and the history went without a word into a file
    # named "D:<TAB>emp<CR>iwayat.sqlite" beside pmprb.toml.
    config = tmp_path / "pmprb.toml"
    value = "D:\\temp/{period}/" if key == "inbox" else "D:\\temp\\riwayat.sqlite"
    lines = [f'{key} = "{value}"' if line.startswith(f"{key} =") else line for line in CONFIG.splitlines()]
    lines.remove('registry = "daftar-unit.csv"')  # (a registry not there is said first)
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    said = " ".join(invoke(["--config", str(config), "history"], expected_code=2).output.split())
    assert f"kunci '{key}'" in said and "memuat karakter kendali" in said and "garis miring /" in said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pmprb.toml"]


def test_a_section_header_above_the_keys_is_named_with_its_line(tmp_path: Path) -> None:
    # "[pmprb]" above the keys was "kunci 'pmprb': tidak dikenal" without a line, hinting at the keys the file held.
    config = tmp_path / "pmprb.toml"
    config.write_text("[pmprb]\n" + CONFIG, encoding="utf-8")
    said = " ".join(invoke(["--config", str(config), "history"], expected_code=2).output.split())
    assert "baris 1: bagian [pmprb] tidak dikenal" in said and "Hapus baris [pmprb]" in said
    # A key written as an inline table is an unknown key, not a section of no line.
    config.write_text(CONFIG + 'unit = {kode = "x"}\n', encoding="utf-8")
    said = " ".join(invoke(["--config", str(config), "history"], expected_code=2).output.split())
    assert "kunci 'unit': tidak dikenal" in said and "bagian" not in said


def test_a_settings_file_notepad_saved_with_txt_added_is_pointed_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "pmprb.toml.txt" beside a missing pmprb.toml (and "daftar-unit.csv.txt" beside a missing registry) was
    # "tidak ditemukan" without a word of the twin; the rubric key already said it.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pmprb.toml.txt").write_text(CONFIG, encoding="utf-8")
    said = " ".join(invoke(["run", "--period", "2022-08"], expected_code=2).output.split())
    assert "Ada pmprb.toml.txt: Notepad menambahkan .txt; ganti namanya menjadi pmprb.toml." in said
    said = " ".join(invoke(["--config", "pmprb.toml", "history"], expected_code=2).output.split())
    assert "Ada pmprb.toml.txt: Notepad menambahkan .txt" in said
    (tmp_path / "pmprb.toml.txt").rename(tmp_path / "pmprb.toml")
    (tmp_path / "daftar-unit.csv.txt").write_text("kode,nama,jenis\nA,Dinas A,dinas\n", encoding="utf-8")
    said = " ".join(invoke(["history"], expected_code=2).output.split())
    assert "kunci 'registry'" in said and "Ada daftar-unit.csv.txt: Notepad menambahkan .txt; ganti namanya" in said


def test_a_non_utf8_byte_is_placed_right_after_a_byte_order_mark(tmp_path: Path) -> None:
    # Counted from after the mark the codec took off: "bita 0x22 di baris 2" for the 0xe9 of line 3.
    config = tmp_path / "pmprb.toml"
    config.write_bytes(b'\xef\xbb\xbfkabupaten = "Kab"\ntarget = "BB"\nnama = "Caf\xe9"\n')
    said = " ".join(invoke(["--config", str(config), "history"], expected_code=2).output.split())
    assert "bukan teks UTF-8 (bita 0xe9 di baris 3)" in said


def test_a_configs_rubric_saved_by_notepad_with_txt_added_is_pointed_at(tmp_path: Path) -> None:
    from pmprb_cli.rubric import resolve_rubric

    shutil.copy(resolve_rubric("zi-2021"), tmp_path / "rubrik-kab.toml.txt")
    config = tmp_path / "pmprb.toml"
    config.write_text('kabupaten = "Kabupaten Uji"\nrubric = "rubrik-kab.toml"\n', encoding="utf-8")
    said = " ".join(invoke(["--config", str(config), "history"], expected_code=2).output.split())
    assert "Ada rubrik-kab.toml.txt: Notepad menambahkan .txt; ganti namanya menjadi rubrik-kab.toml." in said


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(["--config", str(tmp_path / "tidak-ada.toml"), "history"], expected_code=2)
    assert "tidak-ada.toml" in result.output


def test_a_folder_given_as_config_is_said_to_be_a_folder(tmp_path: Path) -> None:
    # "--config keluaran/" said "Berkas pengaturan tidak ditemukan" of a folder that is there.
    result = invoke(["--config", str(tmp_path), "history"], expected_code=2)
    said = " ".join(result.output.split())
    assert "adalah folder, bukan berkas pengaturan" in said and "pmprb.toml" in said


def test_a_config_saved_with_a_byte_order_mark_is_read(kab: Path) -> None:
    # Notepad of old saves UTF-8 with a BOM; it was refused as "bukan TOML yang sah" at line 1, column 1.
    kab.write_bytes(b"\xef\xbb\xbf" + kab.read_bytes())
    assert read_config(kab).kabupaten == "Kabupaten Uji"


def test_a_damaged_utf16_config_is_said_to_be_utf16(tmp_path: Path) -> None:
    # "bukan teks UTF-8 … simpan ulang sebagai UTF-8" of a file whose mark says UTF-16.
    config = tmp_path / "pmprb.toml"
    config.write_bytes(CONFIG.encode("utf-16") + b"\x00\xd8\x41\x00")  # a lone surrogate on the last line
    said = " ".join(invoke(["--config", str(config), "history"], expected_code=2).output.split())
    line = len(CONFIG.splitlines()) + 1
    assert f"teks UTF-16 yang rusak (bita ke-{len(CONFIG.encode('utf-16')) + 1} di baris {line})" in said, said


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_a_config_saved_as_unicode_by_notepad_is_read(kab: Path, codec: str) -> None:
    # Notepad's "Unicode" is UTF-16 with its mark: "bukan teks UTF-8 (bita 0xff di baris 1)".
    mark = "\ufeff" if codec == "utf-16-be" else ""  # (Python's utf-16 writes its own mark)
    kab.write_bytes((mark + kab.read_text(encoding="utf-8").replace("Uji", "Ujì")).encode(codec))
    assert read_config(kab).kabupaten == "Kabupaten Ujì"


@pytest.mark.parametrize(
    ("added", "key"),
    [
        ("[jenis]\na = 1\n[jenis]\nb = 2\n", "jenis"),
        ('jenis = "x"\n[jenis.sub]\na = 1\n', "jenis"),  # (not the header's jenis.sub)
        ("jenis = {dinas = 1, dinas = 2}\n", "dinas"),
    ],
)
def test_a_key_or_table_written_twice_is_named(tmp_path: Path, added: str, key: str) -> None:
    config = tmp_path / "pmprb.toml"
    config.write_text(CONFIG + added, encoding="utf-8")
    result = invoke(["--config", str(config), "history"], expected_code=2)
    assert f"kunci '{key}' ditulis dua kali" in result.output


def test_relative_paths_resolve_against_the_config_folder(kab: Path, tmp_path: Path) -> None:
    with contextlib.chdir(tmp_path):
        config = read_config(os.path.relpath(kab))
    assert config.history == kab.parent / "riwayat.sqlite"
    assert config.inbox_for("2022-07") == kab.parent / "masuk" / "2022-07"
    assert config.registry == str(kab.parent / "daftar-unit.csv")


def test_flags_override_the_config_and_the_config_fills_the_rest(kab: Path) -> None:
    kab.write_text(CONFIG.replace('target = "BB"', 'target = "A"'), encoding="utf-8")
    folder = str(kab.parent / "masuk" / "2022-06")
    from_config = json.loads(cli(["--config", str(kab), "score", folder, "--format", "json"]).stdout)
    flagged = json.loads(cli(["--config", str(kab), "score", folder, "--format", "json", "--target", "BB"]).stdout)
    assert from_config["target"] == "A" and flagged["target"] == "BB"
    # The registry came from the config: every unit carries its registry jenis.
    assert {u["unit"]["jenis"] for u in from_config["units"]} == {u.jenis for u in UNITS}
    # Without a registry each template says its own jenis on its Identitas sheet (it once fell to lainnya,
    # and a kecamatan became the best perangkat daerah).
    plain = json.loads(cli(["score", folder, "--format", "json"]).stdout)
    assert {u["unit"]["nama"]: u["unit"]["jenis"] for u in plain["units"]} == {u.nama: u.jenis for u in UNITS}


def test_template_takes_rubric_registry_and_kabupaten_from_the_config(kab: Path, tmp_path: Path) -> None:
    out = tmp_path / "templat"
    invoke(["--config", str(kab), "template", "--out", str(out), "--period", "2022-09"])
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{u.kode}.xlsx" for u in UNITS)
    doc = json.loads(cli(["score", str(out / "DINKES.xlsx"), "--format", "json"]).stdout)
    assert doc["rubric"]["id"] == "pmprb-2020" and doc["units"][0]["unit"]["nama"] == "Dinas Kesehatan"
    result = invoke(["template", "--out", str(tmp_path / "x"), "--unit", "Dinas A"], expected_code=2)
    assert "--rubric" in result.output


def test_config_in_the_working_folder_is_read_without_flag(kab: Path) -> None:
    run_cli(kab, "2022-06")
    with contextlib.chdir(kab.parent):
        out = invoke(["history", "--format", "json"]).stdout
    assert json.loads(out)["kabupaten"] == KABUPATEN


def test_init_says_cd_to_a_folder_with_spaces_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(["init", "PMPRB 2022", "--kabupaten", "Kabupaten Uji"])
    assert "(cd 'PMPRB 2022');" in " ".join(result.stderr.split())


def test_init_says_a_name_without_its_kind_takes_both_pemda_of_that_name(tmp_path: Path) -> None:
    # "Bogor" alone is either pemda of that name: Kota Bogor's workbooks would rank as Kabupaten Bogor's (diffrev18).
    said = " ".join(invoke(["init", str(tmp_path / "a"), "--kabupaten", "Bogor"]).stderr.split())
    assert 'Perhatian: "Bogor" tidak menyebut Kabupaten atau Kota, sehingga buku kerja Kabupaten Bogor maupun' in said
    # Nor a name that says its kind after it, or as Sumatra writes it (diffrev19: told to write "Kabupaten Bogor
    # Kota"); nor a pmprb.toml init did not write, whose name stands.
    for named in ("Kabupaten Bogor", "Kota Bogor", "Pemkot Bogor", "Bogor Kota", "Pemko Medan", "Kotamadya Bogor"):
        said = invoke(["init", str(tmp_path / named), "--kabupaten", named]).stderr
        assert "tidak menyebut Kabupaten atau Kota" not in said, named
    again = invoke(["init", str(tmp_path / "a"), "--kabupaten", "Bogor"]).stderr
    assert "tidak menyebut" not in again


def test_init_writes_a_working_config_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "kab"
    result = invoke(["init", str(folder), "--kabupaten", 'Kabupaten "Contoh"'])
    assert "ditulis" in result.output
    assert result.stdout.split() == [str(folder / "pmprb.toml"), str(folder / "daftar-unit.csv")]
    assert f"Berikutnya: pindah ke foldernya (cd {folder});" in " ".join(result.stderr.split())
    config = read_config(folder / "pmprb.toml")
    assert config.kabupaten == 'Kabupaten "Contoh"' and config.target == "BB" and config.rubric == "pmprb-2020"
    assert config.inbox_for("2022-07") == folder / "masuk" / "2022-07"
    (folder / "pmprb.toml").write_text("# milik saya\n", encoding="utf-8")
    again = invoke(["init", str(folder)])
    assert "sudah ada, tidak ditimpa" in again.output
    assert again.stdout == "" and "Berikutnya" not in again.stderr  # (stdout lists only what was written)
    assert (folder / "pmprb.toml").read_text(encoding="utf-8") == "# milik saya\n"
    # Asked for ZI in a folder already set up for RB: "sudah ada, tidak ditimpa", exit 0, and it stayed RB.
    other = invoke(["init", str(folder), "--rubric", "zi-2021"], expected_code=1)
    said = " ".join(other.output.split())
    assert "memakai rubrik pmprb-2020, bukan zi-2021 yang diminta" in said and "pmprb init zi-2021 --rubric" in said
    assert (folder / "pmprb.toml").read_text(encoding="utf-8") == "# milik saya\n"
    assert "bukan" not in invoke(["init", str(folder), "--rubric", "pmprb-2020"]).output
    # A corrected --kabupaten on a second init: "sudah ada, tidak ditimpa", exit 0, and the typo stayed.
    (folder / "pmprb.toml").write_text('kabupaten = "Kabupaten Contho"\n', encoding="utf-8")
    typo = invoke(["init", str(folder), "--kabupaten", "Kabupaten Contoh"], expected_code=1)
    said = " ".join(typo.output.split())
    assert 'memakai kabupaten "Kabupaten Contho", bukan "Kabupaten Contoh" yang diminta' in said
    assert "bukan" not in invoke(["init", str(folder), "--kabupaten", "Kabupaten Contho"]).output
    (folder / "pmprb.toml").write_text("# milik saya\n", encoding="utf-8")
    # The same rubric file spelled another way is the same rubric.
    (folder / "rubrik").mkdir()
    shutil.copy(ROOT / "pmprb_cli" / "rubrics" / "pmprb-2020.toml", folder / "rubrik" / "kab.toml")
    (folder / "pmprb.toml").write_text('rubric = "./rubrik/kab.toml"\n', encoding="utf-8")
    assert "bukan" not in invoke(["init", str(folder), "--rubric", str(folder / "rubrik" / "kab.toml")]).output


def test_init_refuses_a_mistyped_rubric_and_says_when_it_made_up_the_kabupaten(tmp_path: Path) -> None:
    # "--rubric pmprb2020" was written, exit 0, and every later command refused the settings; "Kabupaten Contoh",
    # written without a word, went out in every template and, corrected later, made every workbook E308.
    refused = invoke(["init", str(tmp_path / "a"), "--rubric", "pmprb2020"], expected_code=2)
    assert "Rubrik 'pmprb2020' tidak dikenal" in refused.output and "Maksudnya pmprb-2020?" in refused.output
    assert not (tmp_path / "a" / "pmprb.toml").exists()
    made = " ".join(invoke(["init", str(tmp_path / "b")]).output.split())
    assert 'Perhatian: kabupaten ditulis "Kabupaten Contoh" (tanpa --kabupaten)' in made
    named = invoke(["init", str(tmp_path / "c"), "--kabupaten", "Kabupaten Bekasi"]).output
    assert "Perhatian" not in named


def test_template_and_run_say_the_kabupaten_is_still_inits_example(tmp_path: Path, rubric_2020: Rubric) -> None:
    # Said by init once: the templates went out named "Kabupaten Contoh" without another word, the rapor was
    # titled so, and pmprb.toml corrected afterwards refused the whole month (E308).
    invoke(["init", str(tmp_path / "kab")])
    config = tmp_path / "kab" / "pmprb.toml"
    made = invoke(["--config", str(config), "template", "--period", "2022-08", "--out", str(tmp_path / "t")])
    said = 'Perhatian: kabupaten di pmprb.toml masih "Kabupaten Contoh", contoh dari pmprb init'
    assert said in " ".join(made.stderr.split())
    named = ["--config", str(config), "template", "--period", "2022-08", "--kabupaten", "Kabupaten Bekasi"]
    assert "Perhatian" not in invoke([*named, "--out", str(tmp_path / "u")]).stderr
    inbox = tmp_path / "kab" / "masuk" / "2022-08"
    inbox.mkdir(parents=True)
    first = sorted((tmp_path / "t").glob("*.xlsx"))[0]
    shutil.copy(first, inbox / first.name)
    assert said in " ".join(run_cli(config, "2022-08").split())
    # A settings file of its own naming Kabupaten Contoh (the demo's) is no example left in place.
    config.write_text(config.read_text(encoding="utf-8").replace("# pmprb.toml —", "# pengaturan kami —", 1))
    assert "Perhatian: kabupaten" not in run_cli(config, "2022-08")


def test_init_writes_a_rubric_file_as_pmprb_toml_will_find_it(tmp_path: Path) -> None:
    # `pmprb init /srv/kab --rubric rubrik/kab.toml`: checked from the working folder, written as given, and
    # read by pmprb.toml from its own folder: every later command refused it.
    import shutil

    from pmprb_cli.rubric import resolve_rubric

    (tmp_path / "home" / "rubrik").mkdir(parents=True)
    shutil.copy(resolve_rubric("pmprb-2020"), tmp_path / "home" / "rubrik" / "kab.toml")
    with contextlib.chdir(tmp_path / "home"):
        invoke(["init", str(tmp_path / "srv"), "--rubric", "rubrik/kab.toml"])
    config = read_config(tmp_path / "srv" / "pmprb.toml")
    assert Path(tmp_path / "srv", config.rubric or "").resolve() == (tmp_path / "home" / "rubrik" / "kab.toml")
    # One still to be written is taken from the working folder too, and said to be missing (covrev: written as
    # typed, read from pmprb.toml's folder, exit 0 without a word; the next command refused it).
    with contextlib.chdir(tmp_path / "home"):
        said = " ".join(invoke(["init", str(tmp_path / "srv2"), "--rubric", "rubrik/baru.toml"]).output.split())
    shutil.copy(resolve_rubric("pmprb-2020"), tmp_path / "home" / "rubrik" / "baru.toml")  # (written, as told)
    config = read_config(tmp_path / "srv2" / "pmprb.toml")
    assert Path(tmp_path / "srv2", config.rubric or "").resolve() == (tmp_path / "home" / "rubrik" / "baru.toml")
    assert "Perhatian: berkas rubrik rubrik/baru.toml belum ada; tulis berkas itu di sana" in said


def test_commands_read_the_inbox_of_the_period_when_no_path_is_given(kab: Path, tmp_path: Path) -> None:
    folder = str(kab.parent / "masuk" / "2022-06")
    conf = ["--config", str(kab)]
    with contextlib.chdir(kab.parent):
        named = cli([*conf, "score", "masuk/2022-06", "--period", "2022-06", "--format", "json"])
    # From any folder, the files are named from pmprb.toml's, as `run` names them: "tmp/…/masuk/…" from "/", the
    # whole path from a folder beside it, and the JSON of one period changed with the cron's folder (detrev).
    for elsewhere in ("/", tmp_path.parent):
        with contextlib.chdir(elsewhere):
            there = cli([*conf, "score", "--period", "2022-06", "--format", "json"])
        assert there.stdout == named.stdout
    with contextlib.chdir(tmp_path):  # the inbox is found from pmprb.toml's folder, not from this one
        from_inbox = cli([*conf, "score", "--period", "2022-06", "--format", "json"])
        checked = cli([*conf, "validate", "--period", "2022-06", "--format", "json"])
        merged = cli([*conf, "merge", "--period", "2022-06", "--out", "rekap.xlsx"])  # (from here, as typed)
        merged_named = cli([*conf, "merge", folder, "--period", "2022-06", "--out", str(tmp_path / "named.xlsx")])
        reported = cli([*conf, "report", "--period", "2022-06", "--out", "rapor", "--format", "md"])
        # (a Windows path is refused as typed, not made "/tmp/…/D:\rekap\…" first; diffrev23)
        windows = cli([*conf, "merge", "--period", "2022-06", "--out", "D:\\rekap\\rekap.xlsx"])
        # ("C:/…" is a folder named "C:" here, as under WSL: from the working folder, not pmprb.toml's; diffrev24)
        drive_like = cli([*conf, "merge", "--period", "2022-06", "--out", "C:/rekap.xlsx"])
    assert windows.exit_code == 2 and "--out D:\\rekap\\rekap.xlsx: pemisah folder" in windows.output, windows.output
    assert drive_like.exit_code in (0, 1) and (tmp_path / "C:" / "rekap.xlsx").is_file(), drive_like.output
    assert from_inbox.exit_code == named.exit_code and from_inbox.stdout == named.stdout
    assert f"membaca folder masuk periode 2022-06: {folder}" in from_inbox.stderr
    assert len(json.loads(from_inbox.stdout)["units"]) == len(UNITS)
    assert len(json.loads(checked.stdout)["files"]) == len(UNITS)
    assert merged.exit_code == merged_named.exit_code
    assert merged_workbook_rows(tmp_path / "rekap.xlsx") == merged_workbook_rows(tmp_path / "named.xlsx")
    assert reported.exit_code in (0, 1) and (tmp_path / "rapor" / "index.md").is_file()


def merged_workbook_rows(path: Path) -> list[tuple[object, ...]]:
    """The values of the Rekap sheet of a merged workbook."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def test_no_path_without_config_or_period_is_a_usage_error(kab: Path, tmp_path: Path) -> None:
    with contextlib.chdir(tmp_path):  # no pmprb.toml here
        result = cli(["score", "--period", "2022-06"])
    assert result.exit_code == 2 and "--period" in result.output and "Traceback" not in result.output
    with contextlib.chdir(kab.parent):
        no_period = cli(["validate"])
        no_inbox = cli(["score", "--period", "2023-01"])
    assert no_period.exit_code == 2 and "Sebutkan berkas atau folder" in no_period.output
    assert "pmprb validate masuk/" in no_period.output  # the example names the command typed
    assert no_inbox.exit_code == 2 and "2023-01" in no_inbox.output


def test_paths_are_shown_absolute_from_the_root_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # From "/" (systemd's working folder) the summary said "keluaran di tmp/kab/out", which reads as wrong.
    from pmprb_cli.monthly import shown_path

    monkeypatch.chdir("/")
    assert shown_path(tmp_path / "out") == str(tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    assert shown_path(tmp_path / "out") == "out"


def test_the_kabupaten_trend_gives_no_predikat_to_the_mean_of_a_pass_fail_target() -> None:
    # Zona Integritas is passed or not unit by unit: the rapor gives the kabupaten's mean no letter, and
    # `pmprb history` still showed "87,57 A" beside it.
    from types import SimpleNamespace
    from typing import Any, cast

    from pmprb_cli.history import trend

    units = (
        SimpleNamespace(kode="A", index=90.0, meets_target=True, verified_index=None, evaluator_answers=None, areas=()),
        SimpleNamespace(
            kode="B", index=85.14, meets_target=False, verified_index=None, evaluator_answers=None, areas=()
        ),
    )
    months = {
        p: SimpleNamespace(
            units=units, target=target, rubric_id="pmprb-2020", rubric_version="1.1.1", rubric_checksum=""
        )
        for p, target in (("2022-06", "BB"), ("2022-07", "WBK"))
    }
    history = cast(Any, SimpleNamespace(periods=lambda: tuple(months), period=months.get, registered_kodes=tuple))
    rows = trend(history, lambda v, _: "A" if v >= 80 else "BB", pass_fail={"WBK", "WBBM"})
    assert [(r.level, r.period, r.predikat) for r in rows] == [
        ("bulan", "2022-06", "A"),
        ("bulan", "2022-07", ""),
        ("triwulan", "2022-Q2", "A"),
        ("triwulan", "2022-Q3", ""),
    ]


def test_only_pages_pmprb_wrote_leave_the_rapor_folder_and_each_is_named(kab: Path, rubric_2020: Rubric) -> None:
    # Every .html/.md in rapor/ was taken for pmprb's own: a rapor folder linked into a web root lost its
    # README.md and old pages on the first run, and the summary said only "1 dihapus".
    root = kab.parent
    run_cli(kab, "2022-06")
    rapor = root / "keluaran" / "2022-06" / "rapor"
    (rapor / "README.md").write_text("# Rapor kabupaten\n", encoding="utf-8")
    (rapor / "catatan-rapim.html").write_text("<h1>Catatan</h1>\n", encoding="utf-8")
    # A page a killed run wrote and never recorded is pmprb's: it goes.
    shutil.copy(rapor / "index.html", rapor / "unit-lama.html")
    write_unit(root, rubric_2020, UNITS[0], "2022-06", seed=4242)
    run_cli(kab, "2022-06")
    assert (rapor / "README.md").is_file() and (rapor / "catatan-rapim.html").is_file()
    assert not (rapor / "unit-lama.html").exists()
    log = (root / "pmprb-run.log").read_text(encoding="utf-8")
    assert "dihapus (keluaran run sebelumnya yang kini tidak dibuat): rapor/unit-lama.html" in log


def test_the_log_takes_a_path_no_encoding_can_write(tmp_path: Path) -> None:
    # A kabupaten folder named with bytes that are not UTF-8 (kab\xff) made every run an internal error
    # (exit 3, nothing written): the log could not encode the path.
    from datetime import datetime

    from pmprb_cli.monthly import RunLog

    log = RunLog(tmp_path / "pmprb-run.log", "2022-08", lambda: datetime(2022, 9, 1, tzinfo=UTC))
    log("keluaran /srv/kab\udcff\udcfe/2022-08")
    assert "kab\\udcff\\udcfe" in (tmp_path / "pmprb-run.log").read_text(encoding="utf-8")


def test_an_empty_history_file_is_not_taken_for_a_new_history(kab: Path) -> None:
    # A 0-byte riwayat.sqlite (a failed copy, a truncation) was taken as a fresh history: June and July left
    # the trend without a word and August's rapor was rewritten without them.
    root = kab.parent
    run_cli(kab, "2022-06")
    before = tree(root / "keluaran")
    (root / "riwayat.sqlite").write_bytes(b"")
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert result.exit_code == 2, result.output
    assert "berkas riwayat kosong (0 bita)" in result.output and "pulihkan dari cadangan" in result.output
    assert tree(root / "keluaran") == before and (root / "riwayat.sqlite").stat().st_size == 0


def test_a_database_pmprb_did_not_make_is_neither_taken_for_a_new_history_nor_written(kab: Path) -> None:
    # An empty SQLite file (a viewer, `sqlite3 riwayat.sqlite vacuum`) was taken for a new history: the month's
    # rapor lost its trend. Another program's database got pmprb's tables, from `pmprb history` too.
    import hashlib
    import sqlite3

    root = kab.parent
    run_cli(kab, "2022-06")
    before = tree(root / "keluaran")
    for name, sql, said in (
        ("kosong.sqlite", "VACUUM", "basis data SQLite kosong, bukan riwayat pmprb"),
        ("pegawai.sqlite", "CREATE TABLE pegawai (nip TEXT)", "bukan basis data riwayat pmprb (basis data SQLite"),
    ):
        (root / "riwayat.sqlite").unlink()
        with contextlib.closing(sqlite3.connect(root / name)) as db:
            db.execute(sql)
        (root / name).rename(root / "riwayat.sqlite")
        digest = hashlib.sha256((root / "riwayat.sqlite").read_bytes()).hexdigest()
        for args in (["run", "--period", "2022-06"], ["history"]):
            result = cli(["--config", str(kab), *args])
            assert result.exit_code == 2, result.output
            assert said in result.output, result.output
        assert hashlib.sha256((root / "riwayat.sqlite").read_bytes()).hexdigest() == digest
        assert tree(root / "keluaran") == before


def test_a_first_run_killed_while_putting_its_history_in_place_leaves_nothing_for_long(kab: Path) -> None:
    # Killed between building the new history aside and linking it: .riwayat.sqlite.<hex>.tmp stayed for good.
    import os
    import time

    leftover = kab.parent / ".riwayat.sqlite.0123456789ab.tmp"
    leftover.write_bytes(b"SQLite format 3\x00")
    an_hour_ago = time.time() - 3600
    os.utime(leftover, (an_hour_ago, an_hour_ago))
    run_cli(kab, "2022-06")
    assert (kab.parent / "riwayat.sqlite").is_file() and not leftover.exists()


def test_a_marker_that_cannot_be_removed_after_the_commit_fails_no_recorded_run(
    kab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An I/O error removing BELUM-SELESAI.txt after the history's commit: "Sistem menolak: … BELUM-SELESAI.txt",
    # exit 2, of a run whose history and outputs were all new (faultrev).
    import errno

    unlink = Path.unlink

    def failing(self: Path, missing_ok: bool = False) -> None:
        if self.name == "BELUM-SELESAI.txt":
            raise OSError(errno.EIO, "Input/output error", str(self))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", failing)
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert result.exit_code in (0, 1), result.output
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    assert "BELUM-SELESAI.txt tidak dapat dihapus (" in log and "run berikutnya menulis ulang folder ini" in log
    monkeypatch.setattr(Path, "unlink", unlink)
    again = run_cli(kab, "2022-06")  # (the marker makes the next run write the folder again)
    assert not (kab.parent / "keluaran" / "2022-06" / "BELUM-SELESAI.txt").exists(), again


def test_a_folder_where_an_output_goes_is_refused_before_anything_is_written(kab: Path) -> None:
    # nilai-2022-06.csv a folder: the run wrote the outputs before it, then stopped with a hint about disk space.
    run_cli(kab, "2022-06")
    out = kab.parent / "keluaran" / "2022-06"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "nilai-2022-06.csv").unlink()
    (out / "nilai-2022-06.csv").mkdir()
    (kab.parent / "masuk" / "2022-06" / f"{UNITS[1].kode}.xlsx").unlink()  # (a change: the run writes)
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    said = " ".join(result.output.split())
    assert result.exit_code == 2
    assert "Tempat keluaran run ditempati folder: " in said and "nilai-2022-06.csv; tidak ada yang ditulis" in said
    assert "Pindahkan atau ganti nama folder itu" in said
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == {p: b for p, b in before.items() if p.name != "nilai-2022-06.csv"}


def test_a_run_leaves_the_temporaries_another_pmprb_is_writing_beside_it(kab: Path) -> None:
    # `pmprb merge --out keluaran/2022-06/rekap-gabungan.xlsx` streaming its rekap while the night's run ended:
    # the run removed every temporary whatever its age, and the merge died "tidak dapat menulis … tidak ada".
    import os
    import time

    out = kab.parent / "keluaran" / "2022-06"
    (out / "rapor").mkdir(parents=True)
    streaming = out / ".rekap-gabungan.xlsx.0123456789ab.tmp"
    streaming.mkdir()
    (streaming / "sheet1.xml").write_bytes(b"<row/>")
    page = out / "rapor" / ".index.html.ba9876543210.tmp"
    page.write_bytes(b"<html>")
    killed = out / ".rekap-2022-06.xlsx.00112233aabb.tmp"  # (left by a run killed an hour ago)
    killed.write_bytes(b"PK")
    an_hour_ago = time.time() - 3600
    os.utime(killed, (an_hour_ago, an_hour_ago))
    run_cli(kab, "2022-06")
    assert (streaming / "sheet1.xml").is_file() and page.is_file() and not killed.exists()
    # A run that changes nothing sweeps too: a killed run's page stayed for good, the period unchanged every night.
    from pmprb_cli import files

    files._swept.clear()  # (once a process: each cron run is one)
    os.utime(page, (an_hour_ago, an_hour_ago))
    assert "tidak ada perubahan sejak run terakhir" in run_cli(kab, "2022-06")
    assert not page.exists()


def test_the_history_lock_names_its_file_when_the_disk_refuses_and_lets_a_reader_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from pmprb_cli import history as history_module
    from pmprb_cli.errors import SystemRefusal
    from pmprb_cli.history import hold_lock

    database = tmp_path / "riwayat.sqlite"
    # The history's disk full while the lock's note is written: said of stdout, "disk penuh", no file named.
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(history_module.os, "write", full)
    with pytest.raises(SystemRefusal) as refused, hold_lock(database, "pmprb run 2022-06"):
        pass
    assert f"Tidak dapat menulis berkas kunci {database}.lock" in refused.value.message
    monkeypatch.setattr(history_module.os, "write", real_write)
    # Another staff member's lock file, readable but not writable here: export (a reader) was refused
    # "Tidak dapat membuat berkas kunci" of a file that was there; it shares the lock instead.
    real_open = os.open

    def read_only(path: str, flags: int, *args: int) -> int:
        if str(path).endswith(".lock") and flags & os.O_RDWR:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(history_module.os, "open", read_only)
    with hold_lock(database, "pmprb export 2022-06", reader=True):
        pass
    with pytest.raises(SystemRefusal) as refused, hold_lock(database, "pmprb run 2022-06"):
        pass
    assert f"Tidak dapat membuka berkas kunci {database}.lock" in refused.value.message
    assert "izin tulis" in refused.value.hint
    # A shared reader writes no note: the one left was of a run long ended, whose pid a refused run named.
    from pmprb_cli.history import _read_note

    note = tmp_path / "catatan.lock"
    for pid, said in ((os.getpid(), f"pid {os.getpid()}, pmprb run 2022-06"), (2**22 + 12345, "mungkin pmprb export")):
        note.write_bytes(f"pid {pid}, pmprb run 2022-06\n".encode().ljust(200))
        fd = real_open(str(note), os.O_RDONLY)
        try:
            assert _read_note(fd).startswith(said)
        finally:
            os.close(fd)


def test_a_month_with_no_unit_scored_is_the_previous_period_of_the_next(kab: Path, rubric_2020: Rubric) -> None:
    # July run with every workbook unreadable: August's rapor took June as its previous period (DINKES "sejak
    # Juni +2,51"), where `pmprb history --unit DINKES` said "—" (not scored in July), and the other way round
    # as soon as one other unit's July file was readable.
    root = kab.parent
    for unit in UNITS:
        (root / "masuk" / "2022-07" / f"{unit.kode}.xlsx").write_bytes(b"rusak")
        write_unit(root, rubric_2020, unit, "2022-08", seed=7)
    for period in ("2022-06", "2022-07", "2022-08"):
        run_cli(kab, period)
    rapor = root / "keluaran" / "2022-08" / "rapor"
    assert "- Sejak Juli 2022: — (tidak dinilai pada Juli 2022)" in (rapor / "DINKES.md").read_text("utf-8")
    index = (rapor / "index.md").read_text("utf-8")
    assert "| Juni 2022 | " in index and "| Juli 2022 | tidak dinilai |" in index
    doc = json.loads(cli(["--config", str(kab), "history", "--unit", "DINKES", "--format", "json"]).stdout)
    assert [(m["period"], m["change"]) for m in doc["months"]] == [("2022-06", None), ("2022-08", None)]
    # The kabupaten's too: its history said "+1,86 (sejak Juni)" where the rapor, after July, said none.
    doc = json.loads(cli(["--config", str(kab), "history", "--format", "json"]).stdout)
    assert [(m["period"], m["change"]) for m in doc["months"]] == [("2022-06", None), ("2022-08", None)]
    assert "rata-rata ▲" not in index and "rata-rata ▼" not in index


def test_the_run_summary_names_the_units_that_sent_nothing(kab: Path) -> None:
    # "1 unit belum mengirim" in the summary cron mails, and no line named the unit.
    (kab.parent / "masuk" / "2022-06" / f"{UNITS[3].kode}.xlsx").unlink()
    said = run_cli(kab, "2022-06")
    assert "1 unit belum mengirim;" in said and f"\nBelum mengirim: {UNITS[3].kode}\n" in said


def test_history_refuses_an_empty_unit(kab: Path) -> None:
    # `pmprb history --unit "$KODE"` with KODE unset showed the kabupaten's trend under a unit's name, exit 0.
    run_cli(kab, "2022-06")
    empty = cli(["--config", str(kab), "history", "--unit", " "])
    assert empty.exit_code == 2 and "--unit kosong" in empty.output


def test_a_missing_history_is_not_recreated_where_other_periods_were_run(kab: Path) -> None:
    # riwayat.sqlite moved away (or on a share not mounted): a new one was created in silence, and July's rapor
    # rewritten without June ("sejak Juni" gone) as if the kabupaten had never run before.
    root = kab.parent
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    (root / "riwayat.sqlite").rename(root / "dipindah.sqlite")
    before = tree(root / "keluaran")
    result = cli(["--config", str(kab), "run", "--period", "2022-07"])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "riwayat.sqlite tidak ada, padahal keluaran periode 2022-06 ada" in said and "cadangan" in said
    assert tree(root / "keluaran") == before and not (root / "riwayat.sqlite").exists()
    assert "gagal [PMPRB-E902]: Riwayat" in (root / "pmprb-run.log").read_text(encoding="utf-8")
    # A link to a share not mounted (the link there, not the file) is a missing history too.
    (root / "kosong").mkdir()
    (root / "riwayat.sqlite").symlink_to(root / "kosong" / "riwayat.sqlite")
    result = cli(["--config", str(kab), "run", "--period", "2022-07"])
    assert result.exit_code == 2 and "keluaran periode 2022-06 ada" in " ".join(result.output.split())
    assert not (root / "kosong" / "riwayat.sqlite").exists()
    (root / "riwayat.sqlite").unlink()
    # The month's own outputs, and another month's folder without its nilai file, are no sign of a history.
    (root / "keluaran" / "2022-06" / "nilai-2022-06.json").unlink()
    assert cli(["--config", str(kab), "run", "--period", "2022-07"]).exit_code in (0, 1)
    assert (root / "riwayat.sqlite").is_file()


def test_a_first_run_stopped_while_creating_the_history_leaves_no_empty_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file was created empty, then its schema written: a first run killed in between left 0 bytes, which
    # every later run refused ("pulihkan dari cadangan"). It is now built aside and put in place whole.
    database = tmp_path / "riwayat.sqlite"

    def stopped(self: History) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(History, "migrate", stopped)
        with pytest.raises(KeyboardInterrupt):
            History.open(database)
    assert not database.exists() and not list(tmp_path.iterdir())
    with History.open(database) as history:
        assert history.version == SCHEMA_VERSION


@pytest.mark.parametrize(
    ("error", "code", "said"),
    [
        (OSError(28, "No space left on device"), 2, "ringkasan tidak dapat dicetak (disk penuh); kode keluar 2"),
        (BrokenPipeError(32, "Broken pipe"), 141, "(pembacanya menutup pipa); kode keluar 141"),
    ],
)
def test_a_summary_that_cannot_be_printed_is_the_logs_last_word(
    kab: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, code: int, said: str
) -> None:
    # stdout on a full disk: the run left with exit 2, and the log's last line said "kode keluar 1"; `| true`
    # left with 141 and the log said 2, in English ("Broken pipe").
    import builtins

    def refused(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(builtins, "print", refused)
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    monkeypatch.undo()
    assert result.exit_code == code
    last = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8").splitlines()[-1]
    assert last.endswith(said)
    if code == 2:  # ("Sistem menolak: disk penuh": no path, and "folder itu" of no folder)
        assert (
            "Galat [PMPRB-E905]: Ringkasan run tidak dapat dicetak ke keluaran standar (stdout): disk penuh; "
            "keluaran dan riwayat sudah ditulis" in " ".join(result.stderr.split())
        )
        assert "pmprb-run.log" in result.stderr


def test_the_cache_unpickler_builds_only_result_types() -> None:
    # A function of pmprb (atomic_write: a file written anywhere) or a module not loaded yet (pmprb_cli.__main__
    # runs the command line on import) is never reached through a cache entry.
    import io
    import pickle

    from pmprb_cli.cache import _ResultUnpickler
    from pmprb_cli.models import Severity

    def load(module: str, name: str) -> object:
        data = b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00\x8c" + bytes([len(module)]) + module.encode()
        data += b"\x8c" + bytes([len(name)]) + name.encode() + b"\x93."
        return _ResultUnpickler(io.BytesIO(data)).load()

    assert load("pmprb_cli.models", "Severity") is Severity
    # The records' rebuilder is the one function found: it only calls the (result) type it is given.
    from pmprb_cli.models import _rebuilt

    assert load("pmprb_cli.models", "_rebuilt") is _rebuilt
    for module, name in (("pmprb_cli.files", "atomic_write"), ("pmprb_cli.__main__", "main"), ("os", "system")):
        with pytest.raises(pickle.UnpicklingError):
            load(module, name)


def test_a_units_history_marks_a_change_across_the_two_bases() -> None:
    # DINSOS verified in July (69,65), self-assessed in August (75,68): `history --unit` showed "+6,03" as progress.
    from types import SimpleNamespace
    from typing import Any, cast

    from pmprb_cli.history import trend

    def unit(index: float, verified: bool, answers: int | None = None) -> SimpleNamespace:
        return SimpleNamespace(
            kode="DINSOS", index=index, predikat="B", meets_target=False, rank=1, self_index=index,
            verified_index=index if verified else None, errors=0, warnings=0, evaluator_answers=answers, areas=(),
        )  # fmt: skip

    months = {
        "2022-06": SimpleNamespace(
            units=(unit(60.0, False),), target="BB", rubric_id="pmprb-2020", rubric_version="1.1.1", rubric_checksum=""
        ),
        "2022-07": SimpleNamespace(
            units=(unit(69.65, True),), target="BB", rubric_id="pmprb-2020", rubric_version="1.1.1", rubric_checksum=""
        ),
        "2022-08": SimpleNamespace(
            units=(unit(75.68, False),), target="BB", rubric_id="pmprb-2020", rubric_version="1.1.1", rubric_checksum=""
        ),
    }
    history = cast(Any, SimpleNamespace(periods=lambda: tuple(months), period=months.get, registered_kodes=tuple))
    rows = [r for r in trend(history, lambda v, _: "B", "DINSOS") if r.level == "bulan"]
    assert [(r.period, r.basis_changed) for r in rows] == [("2022-06", False), ("2022-07", True), ("2022-08", True)]
    assert rows[2].change == pytest.approx(6.03)
    # The kabupaten's mean change over those months is marked alike: it is this unit's change.
    kabupaten = [r for r in trend(history, lambda v, _: "B") if r.level == "bulan"]
    assert [r.basis_changed for r in kabupaten] == [False, True, True]
    assert kabupaten[2].change == pytest.approx(6.03)
    # Verified both months, the evaluator checking 2 answers in July and all 201 in August: "-22,65" with no †.
    # Not known (a row recorded before the count was kept), no † is made up.
    for july, august, marked in ((2, 201, True), (201, 201, False), (None, 201, False)):
        months["2022-07"].units = (unit(64.08, True, july),)
        months["2022-08"].units = (unit(41.43, True, august),)
        rows = [r for r in trend(history, lambda v, _: "B", "DINSOS") if r.level == "bulan"]
        kabupaten = [r for r in trend(history, lambda v, _: "B") if r.level == "bulan"]
        assert rows[2].basis_changed is marked and kabupaten[2].basis_changed is marked, (july, august)


def test_the_kabupaten_mean_is_the_same_to_the_last_bit_whatever_the_order_of_its_units() -> None:
    # history summed in database order (file paths): renaming the inputs moved the mean's last digits, and the
    # score JSON (rank order) and the rekap (fsum) each gave another 60,9648206911375xx.
    import math
    import random
    from types import SimpleNamespace
    from typing import Any, cast

    from pmprb_cli.history import trend

    rng = random.Random(0)
    indexes = [rng.uniform(40, 90) for _ in range(31)]
    reordered = sorted(indexes)
    assert sum(indexes) / 31 != sum(reordered) / 31  # (a plain mean does differ with the order: the test can fail)

    def month(values: list[float]) -> Any:
        units = tuple(
            SimpleNamespace(
                kode=f"U{n}", index=v, meets_target=False, verified_index=None, evaluator_answers=None, areas=()
            )
            for n, v in enumerate(values)
        )
        history = {
            "2022-06": SimpleNamespace(
                units=units, target="BB", rubric_id="pmprb-2020", rubric_version="1.1.1", rubric_checksum=""
            )
        }
        return cast(Any, SimpleNamespace(periods=lambda: tuple(history), period=history.get, registered_kodes=tuple))

    means = {trend(month(v), lambda *_: "B")[0].index for v in (indexes, reordered)}
    assert means == {math.fsum(indexes) / len(indexes)}


def test_a_unit_merged_into_another_keeps_its_own_months_under_its_old_kode(tmp_path: Path) -> None:
    # DISPERINDAG and DISKOPUKM merged into DISKOPERINDAG (both old kodes kept as aliases): `history --unit
    # DISPERINDAG` showed the merged unit's two months, not its own twelve. A rename still finds the unit.
    import sqlite3
    from types import SimpleNamespace
    from typing import Any, cast

    from pmprb_cli.history import find_unit
    from pmprb_cli.registry import load_registry

    csv_path = tmp_path / "daftar.csv"
    csv_path.write_text(
        'kode,nama,jenis,alias\nDISKOPERINDAG,"Dinas Koperasi dan Perdagangan",dinas,"DISPERINDAG|DISKOPUKM"\n'
        'DKIS,"Dinas Kominfo",dinas,"DISKOMINFO"\n',
        encoding="utf-8",
    )
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE units (period TEXT, file TEXT, kode TEXT, nama TEXT)")
    for period, kode, nama in (
        ("2024-05", "DISPERINDAG", "Dinas Perindustrian dan Perdagangan"),
        ("2024-05", "DISKOPUKM", "Dinas Koperasi dan UKM"),
        ("2024-05", "DISKOMINFO", "Dinas Kominfo"),
        ("2024-06", "DISKOPERINDAG", "Dinas Koperasi dan Perdagangan"),
    ):
        db.execute("INSERT INTO units VALUES (?, ?, ?, ?)", (period, f"{kode}.xlsx", kode, nama))
    history = cast(Any, SimpleNamespace(db=db, path=tmp_path / "riwayat.sqlite", registered_kodes=tuple))
    registry = load_registry(str(csv_path))
    assert find_unit(history, "DISPERINDAG", registry) == ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan")
    assert find_unit(history, "DISKOPERINDAG", registry)[0] == "DISKOPERINDAG"
    assert find_unit(history, "DISKOMINFO", registry)[0] == "DISKOMINFO"  # (a rename: its months, as before)
    # By a name it had then: the whole unit, as its old kode finds it (its months under DKIS too).
    db.execute("INSERT INTO units VALUES ('2024-06', 'DKIS.xlsx', 'DKIS', 'Dinas Kominfo')")
    db.execute("UPDATE units SET nama = 'Dinas Komunikasi dan Informatika' WHERE kode = 'DISKOMINFO'")
    assert find_unit(history, "Dinas Komunikasi dan Informatika", registry)[0] == "DKIS"
    assert find_unit(history, "Dinas Perindustrian dan Perdagangan", registry)[0] == "DISPERINDAG"  # (merged)


def test_a_renamed_unit_is_found_by_its_new_kode_whatever_the_case_of_its_old_one(tmp_path: Path) -> None:
    # DISKOMINFO renamed DKIS, the old kode kept as alias "Diskominfo" (as the sample registry spells aliases):
    # `history --unit DKIS` said "terdaftar tetapi belum pernah dinilai", where the rapor found its months.
    import sqlite3
    from types import SimpleNamespace
    from typing import Any, cast

    from pmprb_cli.history import find_unit
    from pmprb_cli.registry import load_registry

    csv_path = tmp_path / "daftar.csv"
    csv_path.write_text('kode,nama,jenis,alias\nDKIS,"Dinas Kominfo",dinas,"Diskominfo"\n', encoding="utf-8")
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE units (period TEXT, file TEXT, kode TEXT, nama TEXT)")
    db.execute("INSERT INTO units VALUES ('2022-06', 'a.xlsx', 'DISKOMINFO', 'Dinas Komunikasi')")
    history = cast(Any, SimpleNamespace(db=db, path=tmp_path / "riwayat.sqlite", registered_kodes=tuple))
    assert find_unit(history, "DKIS", load_registry(str(csv_path))) == ("DISKOMINFO", "Dinas Komunikasi")


def _one_unit_history(months: dict[str, tuple[float, str, str]]) -> Any:
    """A history of one unit, DINKES: period → (index, rubric id, rubric version)."""
    from types import SimpleNamespace

    def record(index: float, rubric: str, version: str) -> SimpleNamespace:
        unit = SimpleNamespace(
            kode="DINKES", index=index, predikat="B", meets_target=False, rank=1, self_index=index,
            verified_index=None, errors=0, warnings=0, evaluator_answers=None, areas=(),
        )  # fmt: skip
        return SimpleNamespace(units=(unit,), target="BB", rubric_id=rubric, rubric_version=version, rubric_checksum="")

    records = {p: record(*v) for p, v in months.items()}
    return SimpleNamespace(periods=lambda: tuple(records), period=records.get, registered_kodes=tuple)


def _trend_said(rows: Any, kode: str | None) -> str:
    """The history table as printed (white space folded)."""
    import io

    from rich.console import Console

    from pmprb_cli.cli import _trend_table

    out = io.StringIO()
    Console(file=out, width=200).print(_trend_table(rows, "Kab", ("DINKES", "Dinkes") if kode else None, "PMPRB"))
    return " ".join(out.getvalue().split())


def test_the_kabupatens_area_means_stand_only_on_units_that_all_hold_their_areas() -> None:
    # A history whose areas were kept for 2 units of 40 gave the mean of those 2 beside "units: 40" (hostrev11).
    from types import SimpleNamespace

    from pmprb_cli.history import AreaRecord, _mean_areas

    area = AreaRecord("A.I.1", "Manajemen", 5.0, 2.0, 3.0)
    units = cast(Any, [SimpleNamespace(areas=(area,)), SimpleNamespace(areas=(area,))])
    assert _mean_areas(units) == (("A.I.1", 3.0),)  # (as ranked: the verified score)
    assert _mean_areas([*units, SimpleNamespace(areas=())]) == ()


def test_a_change_across_a_month_nobody_ran_says_since_when() -> None:
    # June and August run, July never: "+8,59" read as August's change in the month.
    from pmprb_cli.history import trend

    history = _one_unit_history({"2022-06": (60.0, "pmprb-2020", "1.1.1"), "2022-08": (68.59, "pmprb-2020", "1.1.1")})
    for kode in ("DINKES", None):
        rows = trend(history, lambda v, _: "B", kode)
        months_rows = [r for r in rows if r.level == "bulan"]
        assert [(r.since, r.change) for r in months_rows] == [(None, None), ("2022-06", pytest.approx(8.59))]
        said = _trend_said(rows, kode)
        assert "+8,59 (sejak Juni 2022)" in said
        assert "(sejak Triwulan II" not in said  # Q2 (June) → Q3 (August): the triwulan right before


def test_no_change_is_measured_from_a_month_scored_with_another_rubric() -> None:
    # pmprb.toml switched from pmprb-2020 to zi-2021: "Juli 2025 -39,68" compared a PMPRB index with a ZI one.
    from pmprb_cli.history import trend

    history = _one_unit_history(
        {
            "2025-05": (60.0, "pmprb-2020", "1.1.1"),
            "2025-06": (69.27, "pmprb-2020", "1.1.1"),
            "2025-07": (29.59, "zi-2021", "1.0.0"),
            "2025-08": (31.0, "zi-2021", "1.0.0"),
        }
    )
    for kode in ("DINKES", None):
        rows = [r for r in trend(history, lambda v, _: "B", kode) if r.level == "bulan"]
        assert [(r.change is not None, r.rubric_changed) for r in rows] == [
            (False, False), (True, False), (False, True), (True, False),
        ]  # fmt: skip
        assert rows[2].rubric == "zi-2021 v1.0.0" and rows[3].change == pytest.approx(1.41)
        said = _trend_said(rows, kode)
        assert "— (rubrik lain)" in said and "indeksnya tidak sebanding" in said


def test_a_month_after_another_rubrics_month_is_compared_with_the_last_month_on_its_own_rubric() -> None:
    # January pmprb-2020, February the kabupaten's own rubric, March pmprb-2020 again: the rapor said March
    # "+10,00 sejak Januari 2022" and the history "— (rubrik lain)" for the same month.
    from pmprb_cli.history import trend

    history = _one_unit_history(
        {
            "2022-01": (70.19, "pmprb-2020", "1.1.1"),
            "2022-02": (72.0, "pmprb-2020-kab", "1.1.1"),
            "2022-03": (80.19, "pmprb-2020", "1.1.1"),
            "2022-04": (81.0, "pmprb-2020", "1.1.1"),
        }
    )
    for kode in ("DINKES", None):
        rows = trend(history, lambda v, _: "B", kode)
        months_rows = [r for r in rows if r.level == "bulan"]
        assert [(r.since, r.change, r.rubric_changed) for r in months_rows] == [
            (None, None, False),
            (None, None, True),
            ("2022-01", pytest.approx(10.0), False),
            ("2022-03", pytest.approx(0.81), False),
        ]
        said = _trend_said(rows, kode)
        assert "+10,00 (sejak Januari 2022)" in said and "— (rubrik lain)" in said
        # Triwulan I ends on March (pmprb-2020), Triwulan II on April: compared on one rubric.
        quarters = [r for r in rows if r.level == "triwulan"]
        assert [(r.since, r.change) for r in quarters] == [(None, None), ("2022-Q1", pytest.approx(0.81))]


def test_many_later_periods_are_named_by_their_span() -> None:
    from pmprb_cli.monthly import periods_named

    assert periods_named(("2024-02", "2024-03")) == "2024-02, 2024-03"
    many = tuple(f"2024-{m:02d}" for m in range(2, 13))
    assert periods_named(many) == "2024-02 s.d. 2024-12 (11 periode)"


def test_a_version_the_rubric_scores_as_and_unknown_hashes_are_no_change_of_settings() -> None:
    # pmprb-2020 v1.1.1 says it scores as v1.1.0: an upgrade cut every trend ("— (rubrik lain)") and refused
    # re-running July; a period from history version 1 (no checksum, no registry hash) was refused for changes
    # that never happened.
    from types import SimpleNamespace
    from typing import Any, cast

    from pmprb_cli.monthly import settings_changes
    from pmprb_cli.rapor import same_rubric, versions_alike
    from pmprb_cli.rubric import load_rubric

    rubric = load_rubric("pmprb-2020")
    assert rubric.scores_as, "pmprb-2020 names a version it scores as"
    old = rubric.scores_as[0]
    alike = versions_alike(rubric)
    assert same_rubric(("pmprb-2020", old, "x"), ("pmprb-2020", rubric.version, "y"), alike)
    assert not same_rubric(("pmprb-2020", old, "x"), ("pmprb-2020", rubric.version, "y"))
    assert not same_rubric(("pmprb-2020", rubric.version, "x"), ("zi-2021", rubric.version, "x"), alike)
    # Two older versions, one of them outside the versions that score alike, are two rubrics still.
    assert not same_rubric(("pmprb-2020", "1.0.0", ""), ("pmprb-2020", old, ""), alike)
    setup = cast(
        Any, SimpleNamespace(target="BB", rubric=rubric, registry_sha256="abc", config=SimpleNamespace(kabupaten="K"))
    )

    def stored(version: str, checksum: str, registry: str, input_key: str = "") -> Any:
        return SimpleNamespace(
            target="BB", rubric_id="pmprb-2020", rubric_version=version, rubric_checksum=checksum,
            registry_sha256=registry, kabupaten="K", input_key=input_key,
        )  # fmt: skip

    assert settings_changes(stored(old, "other", "abc"), setup) == ()
    assert settings_changes(stored(rubric.version, "", ""), setup) == ()  # (history version 1: not known)
    # Version 2 and later record an input key: no registry hash there is no registry, and one added is a change.
    assert settings_changes(stored(rubric.version, "", "", "key"), setup) == ("daftar unit",)
    assert settings_changes(stored(rubric.version, "other", "def"), setup) == (
        "isi berkas rubrik pmprb-2020",
        "daftar unit",
    )


def test_a_fifo_nobody_reads_at_the_log_path_is_refused_at_once_and_dev_null_is_a_log(kab: Path) -> None:
    # A FIFO nobody read at the log's path hung the run, and its first SIGTERM too (the handler logs).
    pipe = kab.parent / "pmprb-run.fifo"
    os.mkfifo(pipe)
    text = kab.read_text(encoding="utf-8")
    kab.write_text(
        re.sub(r"(?m)^log = .*$", f'log = "{pipe}"', text) if "\nlog = " in text else text + f'log = "{pipe}"\n',
        encoding="utf-8",
    )
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert result.exit_code == 2 and "pipa yang tidak dibaca siapa pun" in result.output
    # A pipe someone reads (/dev/stderr under systemd or Docker) is a log.
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        run_cli(kab, "2022-06")
        assert b"[2022-06]" in os.read(reader, 65536)
    finally:
        os.close(reader)
    kab.write_text(kab.read_text(encoding="utf-8").replace(str(pipe), "/dev/null"), encoding="utf-8")
    run_cli(kab, "2022-06")


def test_a_log_the_system_refuses_for_a_rare_reason_says_it_in_indonesian(kab: Path) -> None:
    # "tidak dapat ditulis: Invalid argument": the system's English for a log at /proc/self/status.
    if not Path("/proc/self/status").exists():
        pytest.skip("no /proc here")
    text = kab.read_text(encoding="utf-8")
    log = 'log = "/proc/self/status"'
    kab.write_text(re.sub(r"(?m)^log = .*$", log, text) if "\nlog = " in text else text + log + "\n", encoding="utf-8")
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert result.exit_code == 2
    assert "tidak dapat ditulis: ditolak sistem: nama atau tempat yang tidak diterima" in result.output
    assert "Invalid argument" not in result.output
    # A reason without words of its own is the system's, said to be such, with its name.
    assert os_reason(OSError(errno.EPROTO, "Protocol error")) == "kesalahan sistem EPROTO: Protocol error"
    assert detail_in_english("kesalahan sistem EPROTO: Protocol error") == "system error EPROTO: Protocol error"
    assert detail_in_english(os_reason(OSError(errno.EINVAL, "x"))).startswith("refused by the system")


def test_a_history_path_that_is_a_folder_is_said_once_and_plainly(kab: Path) -> None:
    # "tidak dapat dibuka (tidak dapat dibuka (periksa izin dan foldernya))", exit 2 with the words doubled.
    (kab.parent / "riwayat.sqlite").mkdir()
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert result.exit_code == 2 and "riwayat.sqlite: adalah folder, bukan berkas riwayat" in result.output
    said = cli(["--config", str(kab), "history"])  # not "Belum ada riwayat … jalankan pmprb run"
    assert said.exit_code == 2 and "adalah folder, bukan berkas riwayat" in said.output


def test_an_exact_copy_in_the_inbox_is_counted_in_the_summary_not_as_a_second_sending(kab: Path) -> None:
    # "41 buku kerja … 0 kiriman ganda … 40 unit dinilai" said nothing of the 41st file.
    inbox = kab.parent / "masuk" / "2022-06"
    shutil.copy2(inbox / f"{UNITS[0].kode}.xlsx", inbox / f"{UNITS[0].kode} - Salinan.xlsx")
    said = run_cli(kab, "2022-06")
    assert "0 kiriman ganda; 1 salinan persis (dinilai sekali);" in said


def test_a_file_another_unit_filled_is_no_sending_of_the_unit_its_identitas_names(
    kab: Path, rubric_2020: Rubric
) -> None:
    # BAPPEDA filled DINKES's template (PMPRB-E309); DINKES sent nothing. history --unit DINKES said "berkasnya
    # ada, tetapi tidak diperingkat".
    from .test_findings import _head_says

    root = kab.parent
    run_cli(kab, "2022-06")
    july = root / "masuk" / "2022-07"
    (july / f"{UNITS[0].kode}.xlsx").unlink()
    (july / f"{UNITS[1].kode}.xlsx").unlink()
    sent = write_unit(root, rubric_2020, UNITS[0], "2022-07", seed=77).rename(july / f"{UNITS[1].kode}.xlsx")
    _head_says(sent, UNITS[1].kode, UNITS[1].nama)
    run_cli(kab, "2022-07")
    for unit in UNITS:
        write_unit(root, rubric_2020, unit, "2022-08", seed=5)
    run_cli(kab, "2022-08")
    said = " ".join(invoke(["--config", str(kab), "history", "--unit", UNITS[0].kode]).stdout.split())
    assert "Tidak diperingkat pada" not in said and "Tidak dinilai pada Juli 2022" in said


def test_a_late_change_that_moves_no_score_asks_no_later_run(kab: Path, rubric_2020: Rubric) -> None:
    # A bukti dukung link added to June's file after July was run: June's run said "rapor periode 2022-07
    # memakai riwayat periode ini; jalankan ulang", and July's re-run answered "tidak ada perubahan".
    root = kab.parent
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    path = root / "masuk" / "2022-06" / f"{UNITS[1].kode}.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["LKE"]
    header = next(r for r in sheet.iter_rows(max_row=20) if any(c.value == "Bukti Dukung" for c in r))
    column = next(c.column for c in header if c.value == "Bukti Dukung")
    row = next(
        r for r in range(header[0].row + 1, sheet.max_row) if sheet.cell(r, 1).value and not sheet.cell(r, column).value
    )
    sheet.cell(row, column).value = "https://drive.contoh.go.id/sk-tim-rb.pdf"
    book.save(path)
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "periode 2022-06 dicatat" in said and "memakai riwayat periode ini" not in said
    assert "tidak ada perubahan" in run_cli(kab, "2022-07")


def test_a_rescore_with_another_rubric_names_the_later_periods_on_the_old_one(kab: Path) -> None:
    # June rescored with the kabupaten's own rubric: July (pmprb-2020) read June's old points, and the note
    # naming it was gone.
    from pmprb_cli.rubric import resolve_rubric

    own = kab.parent / "kab.toml"
    text = Path(resolve_rubric("pmprb-2020")).read_text(encoding="utf-8")
    own.write_text(text.replace('id = "pmprb-2020"', 'id = "pmprb-2020-kab"', 1), encoding="utf-8")
    config = kab.read_text(encoding="utf-8")
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    kab.write_text(config.replace('rubric = "pmprb-2020"', 'rubric = "kab.toml"'), encoding="utf-8")
    said = cli(["--config", str(kab), "run", "--period", "2022-06", "--rescore"]).stdout
    assert "periode 2022-06 dicatat" in said and "rapor periode 2022-07 belum memuat riwayat periode" in said


def test_run_never_replaces_a_rekap_or_rapor_index_it_did_not_write(kab: Path) -> None:
    # A unit's LKE kept as rekap-2022-06.xlsx in the output folder, and a hand-made rapor/index.html, were
    # replaced by the run without a word.
    out = kab.parent / "keluaran" / "2022-06"
    (out / "rapor").mkdir(parents=True)
    unit_file = next((kab.parent / "masuk" / "2022-06").glob("*.xlsx"))
    shutil.copy(unit_file, out / "rekap-2022-06.xlsx")
    (out / "rapor" / "index.html").write_text("<p>halaman saya</p>\n", encoding="utf-8")
    refused = cli(["--config", str(kab), "run", "--period", "2022-06"])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, said
    assert "sudah memuat rekap-2022-06.xlsx, rapor/index.html, yang bukan tulisan pmprb" in said
    assert (out / "rekap-2022-06.xlsx").read_bytes() == unit_file.read_bytes()
    assert (out / "rapor" / "index.html").read_text(encoding="utf-8") == "<p>halaman saya</p>\n"
    assert sorted(p.name for p in out.rglob("*")) == ["index.html", "rapor", "rekap-2022-06.xlsx"]
    (out / "rekap-2022-06.xlsx").unlink()
    (out / "rapor" / "index.html").unlink()
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-06")  # its own outputs, recorded, are its own


def test_run_keeps_a_copy_of_an_output_edited_since_it_wrote_it(kab: Path) -> None:
    # The usulan sheet asks the asesor to type consensus answers into the rekap; saved there, the next run (cron,
    # no input changed) rewrote it from the workbooks and the answers were gone ("1 berkas ditulis", no more).
    import openpyxl

    run_cli(kab, "2022-06")
    out = kab.parent / "keluaran" / "2022-06"
    rekap = out / "rekap-2022-06.xlsx"
    book = openpyxl.load_workbook(rekap)
    book.worksheets[-1]["K15"] = "B"
    book.save(rekap)
    edited = rekap.read_bytes()
    page = out / "rapor" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\ncatatan rapim\n", encoding="utf-8")
    said = " ".join(run_cli(kab, "2022-06").split())
    assert (
        "2 berkas keluaran diubah di luar pmprb sejak run terakhir dan ditulis ulang; salinan yang diubah disimpan: "
        "rapor/index.md → diubah/rapor/index.md; rekap-2022-06.xlsx → diubah/rekap-2022-06.xlsx." in said
    ), said
    assert (out / "diubah" / "rekap-2022-06.xlsx").read_bytes() == edited
    assert (out / "diubah" / "rapor" / "index.md").read_text(encoding="utf-8").endswith("catatan rapim\n")
    assert rekap.read_bytes() != edited  # the rekap is the workbooks' again
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    assert "rekap-2022-06.xlsx diubah di luar pmprb sejak run terakhir: salinannya disimpan sebagai" in log
    # Edited again: the first copy stays, the second is kept beside it; unedited, nothing more is kept.
    rekap.write_bytes(edited)
    run_cli(kab, "2022-06")
    assert (out / "diubah" / "rekap-2022-06.2.xlsx").read_bytes() == edited
    assert "diubah di luar pmprb" not in run_cli(kab, "2022-06")
    assert sorted(p.name for p in (out / "diubah").iterdir()) == ["rapor", "rekap-2022-06.2.xlsx", "rekap-2022-06.xlsx"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_run_copies_only_an_edited_file_of_its_own_never_through_links_or_pipes(kab: Path, tmp_path: Path) -> None:
    # A FIFO in the rekap's place hung the run for ever (its lock held, every cron run after refused); a symbolic
    # link there copied the file it pointed to (a password file) into the published folder as "diubah".
    run_cli(kab, "2022-06")
    out = kab.parent / "keluaran" / "2022-06"
    rekap = out / "rekap-2022-06.xlsx"
    rekap.unlink()
    os.mkfifo(rekap)
    said = " ".join(run_cli(kab, "2022-06").split())  # (not waiting: returns)
    assert rekap.is_file() and "diubah di luar pmprb" not in said
    secret = tmp_path / "rahasia.txt"
    secret.write_text("DB_PASSWORD=hunter2\n", encoding="utf-8")
    rekap.unlink()
    rekap.symlink_to(secret)
    said = " ".join(run_cli(kab, "2022-06").split())
    assert not (out / "diubah").exists() and "diubah di luar pmprb" not in said
    assert rekap.is_file() and not rekap.is_symlink() and secret.read_text(encoding="utf-8") == "DB_PASSWORD=hunter2\n"
    # diubah/ a file in the way: refused, naming it, nothing written, and no note of a run stopped half-way.
    (out / "diubah").write_text("bukan folder", encoding="utf-8")
    rekap.write_bytes(b"diubah")
    refused = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert refused.exit_code == 2 and "diubah bukan folder (berkas atau tautan)" in " ".join(refused.stderr.split())
    assert rekap.read_bytes() == b"diubah" and not (out / UNFINISHED).exists()
    # A run stopped half-way leaves its own outputs unlike the record: no one edited them, nothing is copied.
    (out / "diubah").unlink()
    (out / UNFINISHED).write_text("run berhenti", encoding="utf-8")
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "diubah di luar pmprb" not in said and not (out / "diubah").exists()


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        ("UPDATE units SET index_value = 'abc' WHERE rowid = 1", "tabel units, baris 1, kolom index_value: 'abc'"),
        ("UPDATE units SET index_value = 9e999 WHERE rowid = 1", "kolom index_value: inf"),
        ("UPDATE areas SET verified_score = 'x' WHERE rowid = 2", "tabel areas, baris 2, kolom verified_score"),
        ("UPDATE units SET period = '2022-13' WHERE rowid = 1", "kolom period: '2022-13'"),
        ("UPDATE units SET nama = zeroblob(70000) WHERE rowid = 1", "kolom nama"),
        ("UPDATE periods SET outputs = '5'", "kolom outputs"),
        ("PRAGMA user_version = 0", "bukan basis data riwayat pmprb yang sah"),
        ("PRAGMA user_version = -1", "bukan basis data riwayat pmprb yang sah"),
    ],
)
def test_a_history_edited_by_hand_is_refused_naming_where_not_a_crash(kab: Path, edit: str, said: str) -> None:
    # 'abc' or 9e999 in an index, a period 2022-13: `history` and `run` ended with "Kesalahan internal" (exit 3);
    # a reset user_version was "periksa izin … ruang kosong".
    run_cli(kab, "2022-06")
    database = kab.parent / "riwayat.sqlite"
    edit_history(database, edit)
    before = database.read_bytes()
    paket = str(kab.parent / "paket")
    for command in (["history"], ["run", "--period", "2022-07"], ["export", "--period", "2022-06", "--out", paket]):
        result = cli(["--config", str(kab), *command])
        assert result.exit_code == 2, (command, result.output)
        assert said in " ".join(result.output.split()), (command, result.output)
    assert database.read_bytes() == before


def test_a_recorded_rubric_this_pmprb_refuses_is_said_as_such(kab: Path) -> None:
    # A kabupaten's rubric an earlier pmprb accepted and kept: refused by a check added since, the re-run of its
    # month said "tidak tersimpan di riwayat (dicatat pmprb versi lama)" of a file the history holds.
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    database = kab.parent / "riwayat.sqlite"
    import zlib

    refused_now = b"id = 5"  # (kept with its own SHA-256, as the earlier pmprb kept the file it accepted)
    digest = hashlib.sha256(refused_now).hexdigest()
    edit_history(
        database,
        ("INSERT INTO settings_files VALUES (?, 'rubrik', ?, 'rb-lama.toml')", (digest, zlib.compress(refused_now))),
        ("UPDATE periods SET rubric_checksum = ? WHERE period = '2022-06'", (digest,)),
    )
    own = (ROOT / "pmprb_cli" / "rubrics" / "pmprb-2020.toml").read_text(encoding="utf-8")
    (kab.parent / "rb-kab.toml").write_text(own.replace('id = "pmprb-2020"', 'id = "rb-kab"'), encoding="utf-8")
    kab.write_text(kab.read_text(encoding="utf-8").replace('"pmprb-2020"', '"rb-kab.toml"'), encoding="utf-8")
    refused = cli(["--config", str(kab), "run", "--period", "2022-06"])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, said
    assert "Pengaturan yang tercatat untuk periode 2022-06 tidak lagi diterima pmprb ini" in said
    assert "tidak tersimpan di riwayat" not in said and "pmprb run --period 2022-06 --rescore" in said


def test_outputs_kept_inside_the_inbox_are_not_read_as_workbooks_by_period(kab: Path) -> None:
    # output = "masuk/{period}/hasil/": run left them out, but `validate --period` read the run's own
    # nilai-2022-06.csv as an unreadable workbook (E102).
    text = kab.read_text(encoding="utf-8").replace('output = "keluaran/{period}/"', 'output = "masuk/{period}/hasil/"')
    kab.write_text(text, encoding="utf-8")
    run_cli(kab, "2022-06")
    assert list((kab.parent / "masuk" / "2022-06" / "hasil").glob("*.csv"))
    for command in ("validate", "score"):
        result = cli(["--config", str(kab), command, "--period", "2022-06", "--format", "json"])
        assert "hasil/" not in result.stdout and "PMPRB-E102" not in result.stdout, command
    # The inbox inside the outputs (or the same folder): nothing is set apart, every workbook is read.
    kab.write_text(text.replace('output = "masuk/{period}/hasil/"', 'output = "masuk/{period}/"'), encoding="utf-8")
    result = cli(["--config", str(kab), "validate", "--period", "2022-06", "--format", "json"])
    assert len(json.loads(result.stdout)["files"]) >= len(UNITS) - 1


def test_a_registry_kept_in_the_inbox_is_not_read_as_a_workbook(kab: Path) -> None:
    # The clerk keeps daftar-unit.csv beside the month's workbooks: run, score and validate read it as a unit's
    # workbook (PMPRB-E102 "teks CSV"), every night, and the batch exited 1.
    root = kab.parent
    kept = root / "masuk" / "2022-07" / "daftar-unit.csv"
    shutil.move(root / "daftar-unit.csv", kept)
    kab.write_text(CONFIG.replace('"daftar-unit.csv"', '"masuk/2022-07/daftar-unit.csv"'), encoding="utf-8")
    said = run_cli(kab, "2022-07", expected=(0,))
    assert "daftar-unit.csv" not in said.replace("masuk/2022-07/daftar-unit.csv", ""), said
    for command in ("score", "validate"):
        shown = cli(["--config", str(kab), command, "--period", "2022-07"])
        assert shown.exit_code == 0 and "PMPRB-E102" not in shown.output, shown.output
    # Named on the command line, it is read as named.
    named = cli(["--config", str(kab), "validate", str(kept)])
    assert named.exit_code == 1 and "PMPRB-E102" in named.output


def test_a_merger_of_units_never_scored_in_one_month_is_no_trend(kab: Path, rubric_2020: Rubric) -> None:
    # KEC-SUKAMAJU sent in June only, KEC-MEKARSARI in July only; in August they are one KEC-GABUNG (both old
    # kodes its aliases). Told from the months scored together alone, it was a rename: June's and July's two
    # units made one trend, and the rapor showed the merged unit's "change" since July's other unit.
    root = kab.parent
    (root / "masuk" / "2022-06" / "KEC-MEKARSARI.xlsx").unlink()
    (root / "masuk" / "2022-07" / "KEC-SUKAMAJU.xlsx").unlink()
    for period in PERIODS:
        run_cli(kab, period)
    merged = Unit("KEC-GABUNG", "Kecamatan Gabungan", "kecamatan", ("KEC-SUKAMAJU", "KEC-MEKARSARI"))
    rows = ["kode,nama,jenis,alias", "DINKES,Dinas Kesehatan,dinas,", "BAPPEDA,Badan Perencanaan,badan,"]
    (root / "daftar-unit.csv").write_text(
        "\n".join([*rows, "KEC-GABUNG,Kecamatan Gabungan,kecamatan,KEC-SUKAMAJU|KEC-MEKARSARI"]) + "\n",
        encoding="utf-8",
    )
    for n, unit in enumerate((UNITS[0], UNITS[1], merged)):
        write_unit(root, rubric_2020, unit, "2022-08", seed=900 + n)
    run_cli(kab, "2022-08")
    trend = cli(["--config", str(kab), "history", "--unit", "KEC-GABUNG", "--format", "json"])
    assert trend.exit_code == 0, trend.output
    assert [r["period"] for r in json.loads(trend.stdout)["months"]] == ["2022-08"]
    index = (root / "keluaran" / "2022-08" / "rapor" / "index.md").read_text(encoding="utf-8")
    [row] = [line for line in ranking_rows(index) if "(KEC-GABUNG.md)" in line]
    assert row.rstrip().endswith("| baru |"), row
    # Each old unit keeps its own months.
    own = cli(["--config", str(kab), "history", "--unit", "KEC-MEKARSARI", "--format", "json"])
    assert [r["period"] for r in json.loads(own.stdout)["months"]] == ["2022-07"]


def test_a_kode_retyped_in_other_letters_keeps_its_units_months(kab: Path) -> None:
    # DINKES retyped "Dinkes" in the registry (the same unit: kodes match without regard to case): the rapor
    # showed it "baru", and the kabupaten's change left it out, while `history --unit` joined its months.
    root = kab.parent
    run_cli(kab, PERIODS[0])
    registry = root / "daftar-unit.csv"
    registry.write_text(registry.read_text(encoding="utf-8").replace("DINKES,", "Dinkes,"), encoding="utf-8")
    run_cli(kab, PERIODS[1])
    index = (root / "keluaran" / PERIODS[1] / "rapor" / "index.md").read_text(encoding="utf-8")
    row = next(line for line in ranking_rows(index) if "(Dinkes.md)" in line)
    assert not row.rstrip().endswith("| baru |") and ("▲" in row or "▼" in row), row
    page = (root / "keluaran" / PERIODS[1] / "rapor" / "Dinkes.md").read_text(encoding="utf-8")
    assert "- Sejak Juni 2022: " in page


def test_a_rename_in_two_steps_is_no_merger() -> None:
    # The clerk added DINKESKB's row in July before taking DINKES's out in August (then its alias): July's
    # registry listed both, read as two units merged, and the unit lost its past months.
    from pmprb_cli.registry import Registry, merged_kodes, renamed_kodes

    renamed = renamed_kodes(Registry((Unit("DINKESKB", "Dinas Kesehatan", "dinas", ("DINKES",)),), "daftar.csv"))
    scored = [{"DINKES"}, {"DINKES"}, {"DINKESKB"}]
    assert merged_kodes(scored, renamed, [{"DINKES"}, {"DINKES", "DINKESKB"}, {"DINKESKB"}]) == frozenset()
    # Two old kodes of one registry are two units, though never scored in one month.
    gabung = Registry((Unit("KEC-GABUNG", "Kecamatan Gabungan", "kecamatan", ("KEC-A", "KEC-B")),), "daftar.csv")
    assert merged_kodes([{"KEC-A"}, {"KEC-B"}], renamed_kodes(gabung), [{"KEC-A", "KEC-B"}]) == {"kec-gabung"}
    # A unit that keeps its kode and takes in another, each scored alone (BAPPEDA in June, BAPENDA in July): a
    # merger, not BAPENDA's July as BAPPEDA's month.
    kept = renamed_kodes(Registry((Unit("BAPPEDA", "Bappeda", "badan", ("BAPENDA",)),), "daftar.csv"))
    assert merged_kodes([{"BAPPEDA"}, {"BAPENDA"}], kept, [{"BAPPEDA", "BAPENDA"}]) == {"bappeda"}
    # Nor is the other unit, registered but never scored, any of its past.
    assert merged_kodes([{"BAPPEDA"}, {"BAPPEDA"}], kept, [{"BAPPEDA", "BAPENDA"}]) == frozenset()


def test_the_history_of_a_month_that_ranked_nobody_says_one_thing(kab: Path) -> None:
    # An empty table, "Tanpa unit yang dinilai: Juni 2022 (periode itu tercatat …)", then "Riwayat belum memuat
    # periode apa pun": the one month recorded said to be there and not there.
    root = kab.parent
    for path in (root / "masuk" / PERIODS[0]).glob("*.xlsx"):
        path.write_bytes(path.read_bytes()[:3000])
    # (the summary had no "Nilai:" line at all: a cron mail read as one cut short)
    assert "Nilai: tidak ada unit yang dinilai; rapor tanpa peringkat." in run_cli(kab, PERIODS[0], expected=(1,))
    shown = cli(["--config", str(kab), "history"])
    assert shown.exit_code == 0, shown.output
    assert "Tanpa unit yang dinilai: Juni 2022" in shown.stdout
    assert "belum memuat periode apa pun" not in shown.output and "Periode" not in shown.stdout.split("Tanpa")[0]


def test_a_first_run_of_an_earlier_month_on_another_rubric_than_the_next_says_so(kab: Path) -> None:
    # February run for the first time in November, after pmprb.toml had moved to another rubric: scored with
    # today's without a word, it broke its quarter's trend and became the next month's "previous month".
    root = kab.parent
    run_cli(kab, PERIODS[1])
    source = Path(load_rubric("pmprb-2020").path).read_text(encoding="utf-8")
    (root / "rubrik-kab.toml").write_text(
        source.replace('id = "pmprb-2020"', 'id = "pmprb-2020-kab"', 1), encoding="utf-8"
    )
    kab.write_text(CONFIG.replace('rubric = "pmprb-2020"', 'rubric = "rubrik-kab.toml"'), encoding="utf-8")
    said = " ".join(run_cli(kab, PERIODS[0]).split())
    assert (
        f"Perhatian: periode {PERIODS[0]} baru pertama kali dijalankan dan dinilai dengan pmprb-2020-kab v1.1.2 "
        f"(pmprb.toml sekarang), sedangkan periode tercatat berikutnya, {PERIODS[1]}, dinilai dengan pmprb-2020 v1.1.2"
    ) in said, said
    # Run on the rubric of the month after it, nothing is said.
    kab.write_text(CONFIG, encoding="utf-8")
    assert "baru pertama kali dijalankan" not in run_cli(kab, PERIODS[0])


def test_a_units_quarter_that_ended_unscored_is_not_an_unfinished_quarter() -> None:
    # BKPSDM, not scored in September: "Triwulan III 2022 (s.d. Agustus)" read as the quarter not yet over, as
    # the kabupaten's row says in August.
    from pmprb_cli.cli import _trend_cells
    from pmprb_cli.history import TrendRow

    row = TrendRow("triwulan", "2022-Q3", "2022-08", 1, 73.55, "B", 2.58, 0, "BB", rank=12)
    periods = ("2022-06", "2022-07", "2022-08", "2022-09")
    assert _trend_cells([row], ("BKPSDM", "Badan Kepegawaian"), periods)[0][0] == (
        "Triwulan III 2022 (nilai Agustus; September tidak dinilai)"
    )
    # The quarter not over yet says "s.d." as before.
    assert _trend_cells([row], ("BKPSDM", "Badan Kepegawaian"), periods[:3])[0][0] == "Triwulan III 2022 (s.d. Agustus)"
    assert _trend_cells([row], None, periods[:3])[0][0] == "Triwulan III 2022 (s.d. Agustus)"
    # The kabupaten's quarter whose September was run and ranked nobody is over too, as the rapor says it.
    assert _trend_cells([row], None, periods)[0][0] == "Triwulan III 2022 (nilai Agustus; September tidak dinilai)"


def test_a_quarter_whose_last_months_were_never_run_is_over_once_a_later_month_is(
    kab: Path, rubric_2020: Rubric
) -> None:
    # July run, August and September never, October run: "Triwulan III 2022 (s.d. Juli)" read as a quarter still
    # going on, in `history` and in October's rapor.
    run_cli(kab, "2022-07")
    for n, unit in enumerate(UNITS):
        write_unit(kab.parent, rubric_2020, unit, "2022-10", seed=300 + n)
    run_cli(kab, "2022-10")
    said = "Triwulan III 2022 (nilai Juli; Agustus, September tidak dinilai)"
    assert said in " ".join(invoke(["--config", str(kab), "history"]).stdout.split())
    assert said in " ".join(invoke(["--config", str(kab), "history", "--unit", "DINKES"]).stdout.split())
    rapor = (kab.parent / "keluaran" / "2022-10" / "rapor" / "index.md").read_text(encoding="utf-8")
    assert "| Triwulan III 2022 (nilai Juli 2022; Agustus 2022, September 2022 tidak dinilai) |" in rapor
    assert "| Triwulan IV 2022 (s.d. Oktober 2022) |" in rapor
    unit_page = (kab.parent / "keluaran" / "2022-10" / "rapor" / "DINKES.md").read_text(encoding="utf-8")
    assert "(nilai Juli 2022; Agustus 2022, September 2022 tidak dinilai)" in unit_page


def test_a_log_that_is_another_file_pmprb_reads_is_refused_before_anything_is_written(kab: Path) -> None:
    # log = "daftar-unit.csv" (a line copied, its key renamed): every run appended to the registry, and the
    # next was refused for a kode '2026-12-06T…'; an OPD's workbook, the history, pmprb.toml changed alike.
    root = kab.parent
    setting = kab.read_text(encoding="utf-8")
    for log, said in (
        ("daftar-unit.csv", "sama dengan daftar unit (registry)"),
        ("pmprb.toml", "sama dengan berkas pengaturan ini"),
        ("riwayat.sqlite", "sama dengan riwayat (history)"),
        (f"masuk/2022-06/{UNITS[0].kode}.xlsx", "berada di dalam folder masuk sebuah periode"),
        ("keluaran/2022-06/catatan.log", "berada di dalam folder keluaran sebuah periode"),
    ):
        kab.write_text(setting.replace('log = "pmprb-run.log"', f'log = "{log}"'), encoding="utf-8")
        before = tree(root)
        result = cli(["--config", str(kab), "run", "--period", "2022-06"])
        assert result.exit_code == 2 and said in " ".join(result.output.split()), result.output
        assert "kunci 'log'" in result.output
        assert tree(root) == {**before, "pmprb.toml": tree(root)["pmprb.toml"]}
    # One file under two names (a hard link; a share that ignores case): the registry written into all the same.
    os.link(root / "daftar-unit.csv", root / "catatan.log")
    kab.write_text(setting.replace('log = "pmprb-run.log"', 'log = "catatan.log"'), encoding="utf-8")
    result = cli(["--config", str(kab), "run", "--period", "2022-06"])
    assert result.exit_code == 2 and "sama dengan daftar unit (registry)" in " ".join(result.output.split())
    (root / "catatan.log").unlink()
    kab.write_text(setting.replace('log = "pmprb-run.log"', 'log = "keluaran/pmprb-run.log"'), encoding="utf-8")
    run_cli(kab, "2022-06")  # (beside the periods' folders: no period's)


def test_a_quiet_run_that_went_well_prints_nothing(kab: Path) -> None:
    # cron mails whatever a job prints: `run --quiet` printed the summary of every good run, and two lines of
    # every unchanged nightly re-run. Quiet and exit 0: nothing; a run with problems still says them.
    root = kab.parent
    for n, unit in enumerate(UNITS):  # (June's workbooks with no errors: exit 0)
        write_unit(root, load_rubric("pmprb-2020"), unit, "2022-06", seed=n)
    args = ["--config", str(kab), "run", "--period", "2022-06", "--quiet"]
    first = cli(args)
    assert (first.exit_code, first.stdout, first.stderr) == (0, "", "")
    again = cli(args)
    assert (again.exit_code, again.stdout) == (0, "")
    log = (root / "pmprb-run.log").read_text(encoding="utf-8")
    assert "Nilai: 4 unit dinilai" in log and "selesai tanpa perubahan" in log
    # The history's schema upgraded by a quiet run that went well is said all the same: older pmprb cannot read it
    # back, and it was in the log alone (migrev).
    edit_history(root / "riwayat.sqlite", "PRAGMA user_version = 5")
    upgraded = cli(args)
    assert upgraded.exit_code == 0 and f"Riwayat diperbarui dari skema 5 ke {SCHEMA_VERSION}" in upgraded.stdout
    (root / "masuk" / "2022-06" / f"{UNITS[0].kode}.xlsx").write_bytes(b"bukan buku kerja")
    failed = cli(args)
    assert failed.exit_code == 1 and "tidak dapat dinilai" in failed.stdout
    # The same problems the next night, nothing changed: said once, not mailed every night (exit 1 kept).
    unchanged = cli(args)
    assert (unchanged.exit_code, unchanged.stdout, unchanged.stderr) == (1, "", "")
    assert "tidak ada perubahan" in cli(args[:-1]).stdout  # (without --quiet it is said)


def test_an_output_linked_to_a_share_not_mounted_and_an_inbox_that_is_a_file_are_said_so(
    kab: Path, tmp_path: Path
) -> None:
    # The output folder a link to a web share not mounted: every workbook was read, then "BELUM-SELESAI.txt:
    # sudah ada (mungkin sebuah berkas …)", the link unnamed. A file in the inbox folder's place: "tidak ada".
    root = kab.parent
    (root / "keluaran").mkdir()
    (root / "keluaran" / "2022-06").symlink_to(tmp_path / "tidak-terpasang" / "2022-06")
    said = " ".join(cli(["--config", str(kab), "run", "--period", "2022-06"]).output.split())
    assert f"keluaran/2022-06 adalah tautan ke {tmp_path}/tidak-terpasang/2022-06, yang tidak ada" in said
    assert not (root / "pmprb-run.log").exists() or "buku kerja" not in (root / "pmprb-run.log").read_text("utf-8")
    shutil.rmtree(root / "masuk" / "2022-07")
    (root / "masuk" / "2022-07").write_bytes(b"")
    result = cli(["--config", str(kab), "run", "--period", "2022-07"])
    assert result.exit_code == 2 and "untuk periode 2022-07 adalah berkas, bukan folder" in " ".join(
        result.output.split()
    )


_NOISY = re.compile(r"\d\.\d{11,}")  # more decimals than 10: the noise of float arithmetic (0.8999999999999999)


def test_json_and_csv_numbers_carry_no_float_noise(kab: Path) -> None:
    # `score` wrote "hasil": 30.441000000000003 and "gain": 0.8700000000000001, its CSV 0.8999999999999999, where
    # the rekap wrote 30,441 and 0,9 (models.denoised): every number written is rounded at 10 decimals.
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    inbox = str(kab.parent / "masuk" / "2022-07")
    texts = {
        "score json": cli(["--config", str(kab), "score", inbox, "--format", "json"]).stdout,
        "score csv": cli(["--config", str(kab), "score", inbox, "--format", "csv"]).stdout,
        "history json": cli(["--config", str(kab), "history", "--format", "json"]).stdout,
        "history csv": cli(["--config", str(kab), "history", "--format", "csv"]).stdout,
        "unit history json": cli(["--config", str(kab), "history", "--unit", "DINKES", "--format", "json"]).stdout,
    }
    for name, text in texts.items():
        assert text.strip() and not _NOISY.findall(text), (name, _NOISY.findall(text)[:3])
    doc = json.loads(texts["score json"])
    assert all(0 <= u["index"] <= 100 and u["index"] == round(u["index"], 10) for u in doc["units"])


def test_a_history_recorded_for_another_kabupaten_is_said_by_run_and_history(kab: Path, rubric_2020: Rubric) -> None:
    # A history copied with another kabupaten's folder: the rapor measured its change against the other
    # kabupaten's units (their kodes alike) and `history` showed their months under this name, unsaid.
    run_cli(kab, "2022-06")
    config = kab.read_text(encoding="utf-8")
    assert config.count(f'kabupaten = "{KABUPATEN}"') == 1
    kab.write_text(config.replace(f'kabupaten = "{KABUPATEN}"', 'kabupaten = "Kabupaten Baru"'), encoding="utf-8")
    for period in ("2022-07", "2022-08"):  # (the files stating the old name: another kabupaten's, refused)
        for unit in UNITS:
            path = kab.parent / "masuk" / period / f"{unit.kode}.xlsx"
            path.parent.mkdir(exist_ok=True)
            answers = random_answers(rubric_2020, random.Random(len(unit.kode)), 0.6)
            write_template(path, rubric_2020, unit, period, kabupaten="Kabupaten Baru", answers=answers)
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "riwayat mencatat Juni 2022 untuk kabupaten bernama lain (Kabupaten Uji), bukan Kabupaten Baru" in said
    # The rapor compares with that month too, and says so on the kabupaten page and on each unit's.
    rapor = kab.parent / "keluaran" / "2022-07" / "rapor"
    for page in (rapor / "index.html", rapor / f"{UNITS[0].kode}.html", rapor / "index.md"):
        text = " ".join(html.unescape(page.read_text(encoding="utf-8")).split())
        assert "riwayat mencatat Juni 2022 untuk kabupaten bernama lain (Kabupaten Uji), bukan Kabupaten Baru" in text
    shown = " ".join(invoke(["--config", str(kab), "history"]).stdout.split())
    assert "riwayat mencatat Juni 2022 untuk kabupaten bernama lain (Kabupaten Uji)" in shown
    doc = invoke(["--config", str(kab), "history", "--format", "json"])
    assert json.loads(doc.stdout)["kabupaten"] == "Kabupaten Baru" and "bernama lain" in doc.stderr
    # A month recorded under the new name is the one the next is measured from: nothing more said by `run`.
    said = " ".join(run_cli(kab, "2022-08").split())
    assert "bernama lain" not in said
    # The rapor's trend still holds June: said there.
    text = (kab.parent / "keluaran" / "2022-08" / "rapor" / "index.html").read_text(encoding="utf-8")
    assert "Juni 2022 untuk kabupaten bernama lain" in " ".join(html.unescape(text).split())
    # Letter case and spacing are no other name.
    kab.write_text(config.replace(f'kabupaten = "{KABUPATEN}"', 'kabupaten = "kabupaten  uji"'), encoding="utf-8")
    assert "bernama lain" not in " ".join(invoke(["--config", str(kab), "history"]).stdout.split()).split("Juni")[0]


def test_report_merge_and_score_of_a_recorded_period_say_settings_unlike_the_recorded(kab: Path) -> None:
    # After the target rose mid-year, `report --period` of an earlier month scored it with today's pmprb.toml
    # (target A where June was recorded with BB) without a word, where `run` and `export` use the recorded ones.
    run_cli(kab, "2022-06")
    config = kab.read_text(encoding="utf-8")
    out = kab.parent / "lain"
    plain = cli(["--config", str(kab), "report", "--period", "2022-06", "--out", str(out / "r0")])
    assert "tercatat di riwayat" not in plain.stderr  # the settings recorded: nothing to say
    kab.write_text(config.replace('target = "BB"', 'target = "A"'), encoding="utf-8")
    said = "tercatat di riwayat dengan pengaturan lain (target BB → A); {} ini memakai pengaturan sekarang"
    for command, args in (
        ("rapor", ["report", "--out", str(out / "r1")]),
        ("rekap", ["merge", "--out", str(out / "rekap.xlsx")]),
        ("nilai", ["score", "--format", "json"]),
    ):
        result = cli(["--config", str(kab), *args, "--period", "2022-06"])
        assert said.format(command) in " ".join(result.stderr.split()), (command, result.stderr)
    # Not a recorded period: nothing said.
    assert "tercatat di riwayat" not in cli(["--config", str(kab), "score", "--period", "2022-07"]).stderr
    # A history edited by hand: what it holds is shown escaped (a terminal's title and screen were reset).
    edit_history(kab.parent / "riwayat.sqlite", "UPDATE periods SET target = char(27) || ']0;X' || char(7)")
    said = cli(["--config", str(kab), "score", "--period", "2022-06", "--format", "json"]).stderr
    assert "\x1b" not in said and "target \\x1b]0;X\\x07 → A" in said, said


def test_the_kabupaten_respelled_is_no_other_kabupatens_history(kab: Path) -> None:
    # "Kabupaten Uji" written "Kab. Uji" in pmprb.toml: one pemda (its workbooks get no PMPRB-E308), yet every
    # summary, `history` and the rapor called the history another kabupaten's copy, for good, and the export
    # of an untouched earlier month was refused as changed for the spelling alone.
    run_cli(kab, "2022-06")
    config = kab.read_text(encoding="utf-8")
    kab.write_text(config.replace(f'kabupaten = "{KABUPATEN}"', 'kabupaten = "Kab. Uji"'), encoding="utf-8")
    said = " ".join(run_cli(kab, "2022-07").split())
    assert "bernama lain" not in said
    assert "bernama lain" not in " ".join(invoke(["--config", str(kab), "history"]).output.split())
    for page in ("index.html", "index.md"):
        assert "bernama lain" not in (kab.parent / "keluaran" / "2022-07" / "rapor" / page).read_text(encoding="utf-8")
    package = cli(["--config", str(kab), "export", "--period", "2022-06", "--out", str(kab.parent / "paket")])
    assert package.exit_code == 0, package.output
    # A name without its kind is not taken as this pemda's: Kota Uji's history beside "Uji" is still said.
    from pmprb_cli.checks import one_pemda_written

    assert one_pemda_written("Kabupaten Uji", "Kab.  uji") and not one_pemda_written("Kota Uji", "Uji")
    kab.write_text(config.replace(f'kabupaten = "{KABUPATEN}"', 'kabupaten = "Uji"'), encoding="utf-8")
    assert "bernama lain" in " ".join(invoke(["--config", str(kab), "history"]).output.split())


def test_a_period_refused_reaches_the_run_log_with_its_controls_shown(kab: Path) -> None:
    # `--period "$(printf 'Agustus\033[2J 2022')"`: the console showed the ESC escaped, the log's [period] wrote
    # it raw, and `tail pmprb-run.log` cleared the screen.
    cli(["--config", str(kab), "run", "--period", "Agustus\x1b[2J 2022"])
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    assert "\x1b" not in log and "[Agustus\\x1b[2J 2022]" in log


def _july_of_a_merger_that_kept_a_kode(kab: Path) -> str:
    """KEC-SUKAMAJU and KEC-MEKARSARI made one KEC-SUKAMAJU (alias KEC-MEKARSARI) for July, run: its July page.

    Its `history --unit` holds July alone.
    """
    registry = kab.parent / "daftar-unit.csv"
    lines = registry.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines[1:] if not line.startswith(("KEC-SUKAMAJU", "KEC-MEKARSARI"))]
    registry.write_text(
        "\n".join([lines[0] + ",alias", *(f"{line}," for line in kept)])
        + '\nKEC-SUKAMAJU,"Kecamatan Sukamaju Mekarsari",kecamatan,KEC-MEKARSARI\n',
        encoding="utf-8",
    )
    run_cli(kab, PERIODS[1])
    unit = json.loads(cli(["--config", str(kab), "history", "--unit", "KEC-SUKAMAJU", "--format", "json"]).stdout)
    assert [m["period"] for m in unit["months"]] == [PERIODS[1]]
    return (kab.parent / "keluaran" / PERIODS[1] / "rapor" / "KEC-SUKAMAJU.md").read_text(encoding="utf-8")


def test_a_merged_unit_that_kept_one_old_kode_is_not_compared_with_that_old_unit(kab: Path) -> None:
    # KEC-SUKAMAJU and KEC-MEKARSARI became one unit that kept the kode KEC-SUKAMAJU (alias KEC-MEKARSARI):
    # its July was compared with the old KEC-SUKAMAJU's June alone ("Sejak Juni ▲ …", and the kabupaten's change
    # carried it), where a merger under a new kode is "baru" and counted in no change.
    run_cli(kab, PERIODS[0])
    (kab.parent / "masuk" / PERIODS[1] / "KEC-MEKARSARI.xlsx").unlink()
    page = _july_of_a_merger_that_kept_a_kode(kab)
    index = (kab.parent / "keluaran" / PERIODS[1] / "rapor" / "index.md").read_text(encoding="utf-8")
    [row] = [line for line in ranking_rows(index) if "](KEC-SUKAMAJU.md) ★ Kecamatan terbaik |" in line]
    assert "Sejak" not in page and row.endswith("| baru |")
    # The kabupaten's change is over the units ranked in both months as they were: the merged one is not.
    with History.open(kab.parent / "riwayat.sqlite") as history:
        june, july = (history.period(p) for p in PERIODS[:2])
    assert june is not None and july is not None
    before = {u.kode: u.index for u in june.units}
    both = [u.index - before[u.kode] for u in july.units if u.kode in before and u.kode != "KEC-SUKAMAJU"]
    months = json.loads(cli(["--config", str(kab), "history", "--format", "json"]).stdout)["months"]
    shown = [m for m in months if m["period"] == PERIODS[1]][0]
    assert shown["change"] == pytest.approx(round(sum(both) / len(both), 2), abs=0.011)
    assert f"{len(both)} unit yang dinilai di kedua periode" in " ".join(index.split())


def test_a_merged_unit_is_not_compared_with_its_old_self_of_a_month_the_other_sent_nothing(
    kab: Path, rubric_2020: Rubric
) -> None:
    # May both sent, June KEC-MEKARSARI sent nothing (still registered: "belum mengirim"), July they were one
    # KEC-SUKAMAJU: its July was compared with the old KEC-SUKAMAJU's June ("Sejak Juni ▲ +20,96").
    for n, unit in enumerate(UNITS):
        write_unit(kab.parent, rubric_2020, unit, "2022-05", seed=50 + n)
    run_cli(kab, "2022-05")
    (kab.parent / "masuk" / PERIODS[0] / "KEC-MEKARSARI.xlsx").unlink()
    run_cli(kab, PERIODS[0])
    (kab.parent / "masuk" / PERIODS[1] / "KEC-MEKARSARI.xlsx").unlink()
    page = _july_of_a_merger_that_kept_a_kode(kab)
    assert "Sejak" not in page


def test_a_month_with_a_unit_ranked_without_a_kode_has_one_average_in_the_rapor_and_the_history(
    kab: Path, rubric_2020: Rubric
) -> None:
    # A June workbook with no kode (not in the registry: E301, ranked by the default policy): June's run and
    # `pmprb history` averaged it in, July's rapor left it out of June ("58,21 (2 unit)" beside 65,92 over 3).
    blank = Unit("", "UPTD Puskesmas Alpha", "lainnya")
    path = kab.parent / "masuk" / PERIODS[0] / "puskesmas.xlsx"
    write_template(
        path,
        rubric_2020,
        blank,
        PERIODS[0],
        kabupaten=KABUPATEN,
        answers=random_answers(rubric_2020, random.Random(3), 0.95),
    )
    run_cli(kab, PERIODS[0])
    run_cli(kab, PERIODS[1])
    months = json.loads(cli(["--config", str(kab), "history", "--format", "json"]).stdout)["months"]
    june = [m for m in months if m["period"] == PERIODS[0]][0]
    assert june["units"] == len(UNITS) + 1
    index = " ".join((kab.parent / "keluaran" / PERIODS[1] / "rapor" / "index.md").read_text("utf-8").split())
    shown = format_id(june["index"], 2)
    assert f"Rata-rata indeks Juni 2022: {shown} ({len(UNITS) + 1} unit)" in index


def test_a_package_names_the_kabupaten_its_workbooks_name_when_pmprb_toml_names_none(kab: Path, tmp_path: Path) -> None:
    # pmprb.toml without its kabupaten key: every workbook and the rapor said "Kabupaten Uji", the package for
    # Kemenpan-RB said "kabupaten": "", an LKE usulan of "UNIT : Kabupaten" and a rekap of "Kabupaten/kota —".
    config = kab.read_text(encoding="utf-8")
    assert config.count(f'kabupaten = "{KABUPATEN}"\n') == 1
    kab.write_text(config.replace(f'kabupaten = "{KABUPATEN}"\n', ""), encoding="utf-8")
    run_cli(kab, PERIODS[0])
    out = tmp_path / "paket"
    cli(["--config", str(kab), "export", "--period", PERIODS[0], "--out", str(out)])
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["kabupaten"] == KABUPATEN
    usulan = openpyxl.load_workbook(out / f"LKE-kabupaten-usulan-{PERIODS[0]}.xlsx")
    identity = {row[0]: row[1] for row in usulan["Identitas"].iter_rows(max_row=6, values_only=True) if row[0]}
    assert identity["Kabupaten"] == KABUPATEN and usulan["LKE"]["G3"].value == KABUPATEN
    rekap = openpyxl.load_workbook(out / f"rekap-{PERIODS[0]}.xlsx")
    info = {row[0]: row[1] for row in rekap["Info"].iter_rows(values_only=True) if row and row[0]}
    assert info["Kabupaten/kota"] == KABUPATEN


def test_the_inbox_read_without_paths_is_said_in_the_language_of_the_run(kab: Path) -> None:
    # "Tanpa jalur berkas: membaca folder masuk …" stood among the English lines of `--lang en validate`.
    said = cli(["--config", str(kab), "--lang", "en", "validate", "--period", "2022-06"])
    assert "No path given: reading the inbox of period 2022-06" in said.stderr and "Tanpa jalur" not in said.stderr


def test_export_reads_a_history_on_a_read_only_file_system(
    kab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A site mounted read-only (a copy for the Inspektorat): `history` read it, `export` was refused ("Tidak dapat
    # membuat berkas kunci … hanya-baca"), though no run can write a history there either.
    import pmprb_cli.history

    run_cli(kab, "2022-06")
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any) -> int:
        if str(path).endswith(".lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(pmprb_cli.history.os, "open", read_only)
    monkeypatch.setattr(pmprb_cli.history, "sqlite3", ReadOnlySqlite())
    out = tmp_path / "paket"
    exported = cli(["--config", str(kab), "export", "--period", "2022-06", "--out", str(out)])
    assert exported.exit_code in (0, 1) and (out / "manifest.json").exists(), exported.output
    # A run, which writes the history, is still refused.
    refused = cli(["--config", str(kab), "run", "--period", "2022-06", "--rescore"])
    assert refused.exit_code == 2 and "Tidak dapat membuka berkas kunci" in refused.stderr  # (it is there)


def test_a_page_whose_old_name_differs_only_in_case_is_the_page_just_written(tmp_path: Path) -> None:
    # On a case-insensitive file system (a Windows share, macOS) last month's rapor/DINKES.html and the
    # rapor/dinkes.html written now (its kode retyped in lower case) are one file: it was deleted as stale, and
    # the index linked to nothing. A hard link stands for the other spelling of one file here.
    from types import SimpleNamespace

    from pmprb_cli.monthly import _remove_stale
    from pmprb_cli.reporting import remove_stale_pages

    rapor = tmp_path / "rapor"
    rapor.mkdir()
    mark = '<html><head><meta name="generator" content="pmprb 1.0"></head></html>\n'
    for name in ("dinkes.html", "dinsos.html"):
        (rapor / name).write_text(mark, encoding="utf-8")
    os.link(rapor / "dinkes.html", rapor / "DINKES.html")
    stored = cast(Any, SimpleNamespace(outputs=(("rapor/DINKES.html", ""), ("rapor/dinsos.html", ""))))
    assert _remove_stale(tmp_path, stored, ["rapor/dinkes.html"]) == ["rapor/dinsos.html"]
    assert (rapor / "DINKES.html").is_file()
    (rapor / "dinsos.html").write_text(mark, encoding="utf-8")
    removed = remove_stale_pages(rapor, [rapor / "dinkes.html"], {"dinkes", "dinsos"}, ["html"])
    assert removed == ["dinsos.html"] and (rapor / "DINKES.html").is_file()


def test_an_output_name_of_255_bytes_is_written_and_its_temporary_cut_to_fit(tmp_path: Path) -> None:
    # ".<name>.<12 hex>.tmp" added 18 bytes: an --out name of 238-255 bytes, legal everywhere, was refused as
    # "nama terlalu panjang (batas sistem 255 bita per nama)".
    from pmprb_cli.files import TEMPORARY, atomic_write, temporary_beside

    name = "é" * 100 + "r" * 50 + ".xlsx"  # 255 bytes in UTF-8
    atomic_write(tmp_path / name, b"isi")
    assert (tmp_path / name).read_bytes() == b"isi" and os.listdir(tmp_path) == [name]
    temporary = temporary_beside(tmp_path / name).name
    assert len(temporary.encode()) <= 255 and TEMPORARY.match(temporary), temporary


def test_reading_an_older_history_leaves_the_file_and_a_run_keeps_a_copy_before_upgrading(kab: Path) -> None:
    # One look with `pmprb history` upgraded the file in place: the older pmprb's cron run was refused the next
    # night ("berskema versi 5, lebih baru") and no copy of the old file was left to go back to.
    database = _june_at_version_3(kab, with_names=True)
    before = database.read_bytes()
    shown = cli(["--config", str(kab), "history"])
    assert shown.exit_code == 0 and "Juni 2022" in shown.stdout, shown.output
    assert database.read_bytes() == before
    said = " ".join(run_cli(kab, "2022-07").split())
    kept = database.with_name("riwayat.sqlite.skema3")
    with contextlib.closing(sqlite3.connect(kept)) as copy:
        assert copy.execute("PRAGMA user_version").fetchone() == (3,)
        assert copy.execute("SELECT period FROM periods").fetchall() == [("2022-06",)]
    assert f"Riwayat diperbarui dari skema 3 ke {SCHEMA_VERSION}" in said and str(kept) in said, said
    assert f"riwayat diperbarui dari skema 3; salinan lama: {kept}" in (kab.parent / "pmprb-run.log").read_text("utf-8")
    with History.open(database) as history:
        assert history.version == SCHEMA_VERSION and history.upgraded_from is None


def test_a_recorded_index_that_moves_with_nothing_changed_is_named(kab: Path) -> None:
    # July re-run after an upgrade whose scoring changed (a blank gate now zeroes what it gates) recorded
    # DISPERKIM 56,77 → 56,69 under "0 baru/berubah", said nowhere. Here the recorded figure stands for the
    # earlier code's, and the run key for its fingerprint.
    run_cli(kab, "2022-06")
    database = kab.parent / "riwayat.sqlite"
    with History.open(database) as history:
        june = history.period("2022-06")
    assert june is not None
    unit = june.units[0]
    edit_history(
        database,
        ("UPDATE units SET index_value = index_value + 0.5 WHERE period = '2022-06' AND kode = ?", (unit.kode,)),
        "UPDATE periods SET run_key = 'kode pmprb lama' WHERE period = '2022-06'",
    )
    said = " ".join(run_cli(kab, "2022-06").split())
    moved = f"{unit.kode} {format_id(unit.index + 0.5)} → {format_id(unit.index)}"
    assert "nilai tercatat berubah walau berkas dan pengaturannya sama (cara hitung pmprb berubah sejak run " in said
    assert moved in said and said.count("→") == 1, said
    assert moved in (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    # The same bytes under another path (an older pmprb recorded an inbox outside the folder by its whole path),
    # or with a setting changed too (--rescore across a rubric version): still named (migrev).
    unit_file = kab.parent / unit.file
    raise_again = (
        f"UPDATE units SET index_value = index_value + 0.5 WHERE period = '2022-06' AND kode = '{unit.kode}'",
        "UPDATE periods SET run_key = 'kode pmprb lama' WHERE period = '2022-06'",
    )
    edit_history(database, *raise_again)
    unit_file.rename(unit_file.with_name(f"{unit.kode}-juni.xlsx"))
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "nilai tercatat berubah walau berkas dan pengaturannya sama (cara hitung pmprb berubah sejak run " in said
    assert moved in said, said
    edit_history(database, *raise_again)
    config = kab.read_text(encoding="utf-8")
    kab.write_text(config.replace('target = "BB"', 'target = "A"'), encoding="utf-8")
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "Pengaturan berubah sejak run terakhir periode ini (target BB → A)" in said, said
    assert "nilai tercatat berubah walau berkasnya sama (pengaturan, dan mungkin cara hitung pmprb, " in said
    assert moved in said, said


def test_last_months_file_sent_again_unchanged_is_named(kab: Path, rubric_2020: Rubric) -> None:
    # A workbook naming no month (the official layout: a year only) escapes PMPRB-E303: two units' July files
    # sent again in August were scored as August's, the rapor reading "0,00 sejak Juli 2022", said nowhere.
    # Here a file that names July, put in June's inbox too (recorded there as an input, refused by E303), stands
    # for a file naming no month: the same bytes in July's inbox.
    inbox = kab.parent / "masuk"
    sent = write_unit(kab.parent, rubric_2020, UNITS[1], "2022-07", seed=3)
    shutil.copy(sent, inbox / "2022-06" / f"{UNITS[1].kode} juli.xlsx")
    run_cli(kab, "2022-06")
    shutil.move(sent, inbox / "2022-07" / f"{UNITS[1].kode} juli.xlsx")
    said = " ".join(run_cli(kab, "2022-07").split())
    assert (
        "Perhatian: 1 berkas sama persis (byte demi byte) dengan kiriman Juni 2022, dinilai sebagai kiriman periode "
        f"ini (belum diperbarui unitnya?): {UNITS[1].kode} juli.xlsx." in said
    ), said
    log = (kab.parent / "pmprb-run.log").read_text(encoding="utf-8")
    assert f"sama persis dengan kiriman 2022-06: {UNITS[1].kode} juli.xlsx" in log


def test_a_kabupaten_name_written_otherwise_is_no_recorded_setting_to_keep(kab: Path) -> None:
    # "the kabupaten's name changes no score": its change was filtered by the words "nama kabupaten", which the
    # summary had since grown to "nama kabupaten A → B". A past period run again was then said to be scored
    # "dengan pengaturan saat dicatat … (nama kabupaten A → B)", to be run with --rescore for today's.
    run_cli(kab, "2022-06")
    run_cli(kab, "2022-07")
    kab.write_text(kab.read_text(encoding="utf-8").replace(f'"{KABUPATEN}"', f'"{KABUPATEN.upper()}"'), "utf-8")
    said = " ".join(run_cli(kab, "2022-06").split())
    assert f"nama kabupaten {KABUPATEN} → {KABUPATEN.upper()}" in said, said
    assert "Pengaturan tercatat dipakai" not in said and "--rescore" not in said, said


def test_a_period_run_again_on_a_version_that_scores_alike_says_the_version_recorded_changes(kab: Path) -> None:
    # June recorded with v1.1.1, run again on v1.1.2 (scores alike): re-recorded as v1.1.2 without a word, where
    # export refused the very change ("rubrik pmprb-2020 v1.1.1 → v1.1.2").
    _kab_rubric(kab, "1.1.1", 'scores_as = ["1.1.0"]')
    run_cli(kab, "2022-06")
    _kab_rubric(kab, "1.1.2", 'scores_as = ["1.1.0", "1.1.1"]')
    said = " ".join(run_cli(kab, "2022-06").split())
    assert (
        "Pengaturan berubah sejak run terakhir periode ini (rubrik pmprb-2020 v1.1.1 → v1.1.2, yang menilai sama)"
        in said
    ), said


def test_an_unchanged_run_says_it_upgraded_the_history_and_each_upgrade_keeps_its_own_copy(kab: Path) -> None:
    # The upgrade at opening was said only by runs that wrote: an unchanged re-run said "riwayat tidak diubah".
    # A copy kept earlier (gone back to, and run on by the older pmprb) was named as the copy of a later upgrade.
    database = _june_at_version_3(kab, with_names=True)
    database.chmod(0o600)
    said = " ".join(run_cli(kab, "2022-06").split())
    assert "riwayat tidak diubah (selain skemanya, di bawah)" in said, said
    first = database.with_name("riwayat.sqlite.skema3")
    assert f"Riwayat diperbarui dari skema 3 ke {SCHEMA_VERSION}" in said and f"{first}" in said
    assert stat.S_IMODE(first.stat().st_mode) == 0o600  # (as private as the history)
    edit_history(database, "PRAGMA user_version = 3")
    said = " ".join(run_cli(kab, "2022-06").split())
    assert f"salinan sebelum diperbarui: {database.with_name('riwayat.sqlite.skema3-2')}" in said, said


def test_a_history_named_too_long_for_its_journal_is_refused_by_its_name(kab: Path) -> None:
    # Of 240 bytes, the history was created, then SQLite's "-journal" beside it could not be: "periksa izin berkas
    # dan foldernya" was said of a name too long.
    name = "r" * 242 + ".sqlite"  # (249 bytes: its lock file, 254, fits; its journal, 257, does not)
    kab.write_text(kab.read_text(encoding="utf-8").replace('"riwayat.sqlite"', f'"{name}"'), encoding="utf-8")
    said = " ".join(cli(["--config", str(kab), "run", "--period", "2022-06"]).output.split())
    assert "nama berkas riwayat lebih dari 247 bita; jurnal SQLite di sampingnya (…-journal) tidak akan muat" in said
    assert not (kab.parent / name).exists()


def test_a_kabupaten_respelled_asks_no_later_month_to_be_run_again(kab: Path) -> None:
    # June run as "Kabupaten Uji", pmprb.toml then respelled "Kab. Uji" and July run; June run again said "rapor
    # periode 2022-07 memakai riwayat periode ini; jalankan ulang", and July run as asked wrote nothing: the rapor
    # takes the two spellings for one pemda, the check and the run key did not.
    run_cli(kab, "2022-06")
    kab.write_text(kab.read_text(encoding="utf-8").replace('"Kabupaten Uji"', '"Kab.  uji"'), encoding="utf-8")
    run_cli(kab, "2022-07")
    again = run_cli(kab, "2022-06")
    assert "jalankan ulang" not in again and "Kabupaten Uji" in again  # (the settings change is still said)
    assert "tidak ada perubahan" in run_cli(kab, "2022-07")


def test_the_package_zip_is_named_for_its_pemda() -> None:
    # Every pemda's package was "paket-kemenpanrb-2022-09.zip": at the ministry, hundreds of one name.
    from pmprb_cli.export import zip_name

    assert zip_name("2022-09", "Kabupaten Contoh") == "paket-kemenpanrb-kabupaten-contoh-2022-09.zip"
    assert zip_name("2022-09", "Kab. Bau-Bau / ../../etc") == "paket-kemenpanrb-kab-bau-bau-etc-2022-09.zip"
    assert zip_name("2022-09", "Kota Tébing  Tinggi") == "paket-kemenpanrb-kota-tebing-tinggi-2022-09.zip"
    assert zip_name("2022-09", "") == zip_name("2022-09", "…") == "paket-kemenpanrb-2022-09.zip"
    assert len(zip_name("2022-09", "x" * 500)) < 100


def test_export_replaces_its_own_zip_under_an_earlier_name(two_months: Path, tmp_path: Path) -> None:
    # The zip named before the pemda's name was in it (or before the name was respelled) stayed beside the new
    # files holding the old manifest, said only as "bukan bagian paket ini". A zip someone changed is kept.
    out = tmp_path / "paket"
    invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out), "--zip"])
    ours = out / "paket-kemenpanrb-kabupaten-uji-2022-07.zip"
    old = out / "paket-kemenpanrb-2022-07.zip"
    # ...but never an archive copy of it, nor a neighbouring kabupaten's package in the same folder (both were
    # deleted as "nama lama").
    copy = out / "paket-kemenpanrb-kabupaten-uji-terkirim-2022-07.zip"
    copy.write_bytes(ours.read_bytes())
    neighbour = out / "paket-kemenpanrb-kabupaten-lain-2022-07.zip"
    with zipfile.ZipFile(ours) as source, zipfile.ZipFile(neighbour, "w") as other:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "manifest.json":
                data = data.replace(b'"Kabupaten Uji"', b'"Kabupaten Lain"')
            other.writestr(info, data)
    ours.rename(old)
    edited = out / "paket-kemenpanrb-kab-uji-2022-07.zip"
    with zipfile.ZipFile(edited, "w") as archive:
        archive.writestr("manifest.json", "{}")
    printed = invoke(["--config", str(two_months), "export", "--period", "2022-07", "--out", str(out)])
    said = " ".join(printed.stderr.split())
    assert ours.is_file() and not old.exists() and edited.is_file() and copy.is_file() and neighbour.is_file()
    assert "Zip paket periode ini dengan nama lama diganti oleh paket-kemenpanrb-kabupaten-uji-2022-07.zip" in said
    assert "paket-kemenpanrb-2022-07.zip dihapus" in said and "paket-kemenpanrb-kab-uji-2022-07.zip" in said


def test_a_run_from_a_working_folder_since_removed_goes_on(
    kab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cron job started in a folder since removed, --config absolute: "Sistem menolak: tidak ada", no path,
    # exit 2 (contextlib.chdir asked for the folder it was leaving); init wrote its files, then exit 2 too.
    gone = tmp_path / "hilang"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    said = run_cli(kab, "2022-06")
    assert "Nilai: 4 unit dinilai" in said
    result = cli(["init", str(tmp_path / "baru"), "--kabupaten", "Kabupaten Baru"])
    assert result.exit_code == 0 and (tmp_path / "baru" / "pmprb.toml").is_file()
    # score --period reads pmprb.toml's inbox from there; a path typed relative to the removed folder is said so.
    (tmp_path / "hilang2").mkdir()
    monkeypatch.chdir(tmp_path / "hilang2")
    (tmp_path / "hilang2").rmdir()
    typed = cli(["--config", str(kab), "score", "--period", "2022-06", "--registry", "daftar.csv"])
    said = " ".join(typed.output.split())
    assert typed.exit_code == 2 and "Folder kerja tempat perintah ini dijalankan sudah tidak ada" in said, said
    scored = cli(["--config", str(kab), "score", "--period", "2022-06", "--quiet", "--format", "json"])
    assert scored.exit_code in (0, 1) and len(json.loads(scored.stdout)["units"]) == len(UNITS)


def test_the_rekap_says_how_each_unit_moved_since_the_month_before_as_the_rapor_does(
    kab: Path, rubric_2020: Rubric
) -> None:
    # The leadership asks how everyone moved since last month: the rapor said it, the kabupaten workbook (the
    # one the Bagian Organisasi sorts and filters) had no change column and no award (carried since issue 5).
    inbox = kab.parent / "masuk"
    (inbox / "2022-06" / "BAPPEDA.xlsx").unlink()  # first scored in July: "baru" there
    run_cli(kab, "2022-06")
    (inbox / "2022-07" / "KEC-SUKAMAJU.xlsx").unlink()
    run_cli(kab, "2022-07")
    for n, unit in enumerate(UNITS):
        write_unit(kab.parent, rubric_2020, unit, "2022-08", seed=500 + n)
    run_cli(kab, "2022-08")
    out = kab.parent / "keluaran"
    july = _rekap_rows(out / "2022-07" / "rekap-2022-07.xlsx")
    assert july["BAPPEDA"]["Keterangan perubahan"] == "baru: belum pernah dinilai sebelum Juli 2022"
    assert july["BAPPEDA"]["Perubahan sejak periode sebelumnya"] is None
    august = _rekap_rows(out / "2022-08" / "rekap-2022-08.xlsx")
    assert august["KEC-SUKAMAJU"]["Keterangan perubahan"] == "tidak dinilai pada Juli 2022"
    index = (out / "2022-08" / "rapor" / "index.md").read_text(encoding="utf-8")
    moved = 0
    for kode, row in august.items():
        (line,) = [r for r in ranking_rows(index) if f"({kode}.md)" in r]
        change = row["Perubahan sejak periode sebelumnya"]
        if change is not None:
            moved += 1
            assert f"{change:+.2f}".replace(".", ",") in line, (kode, change, line)
        award = line.split("★ ", 1)[1].split(" |", 1)[0] if "★" in line else None
        assert row["Penghargaan"] == award, (kode, line)
    assert moved == len(UNITS) - 1
    assert [r["Penghargaan"] for r in august.values()].count("Kecamatan terbaik") == 1
    info = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(out / "2022-08" / "rekap-2022-08.xlsx")["Info"].iter_rows(values_only=True)
        if r and r[0]
    }
    assert "dibandingkan dengan Juli 2022" in info["Perubahan (lembar Rekap)"]
    # The first month has nothing to compare with: its columns are there, empty, and Info says why; every month has
    # the same titles ("Perubahan sejak Juni 2022" was a column of its own in each month appended; datarev2).
    june = _rekap_rows(out / "2022-06" / "rekap-2022-06.xlsx")
    assert all(
        r["Perubahan sejak periode sebelumnya"] is None and r["Keterangan perubahan"] is None for r in june.values()
    )
    assert sum(1 for row in june.values() if row["Penghargaan"]) == 2
    titles = [list(next(iter(rows.values()))) for rows in (june, july, august)]
    assert titles[0] == titles[1] == titles[2]
    info = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(out / "2022-06" / "rekap-2022-06.xlsx")["Info"].iter_rows(values_only=True)
        if r and r[0]
    }
    assert info["Perubahan (lembar Rekap)"].startswith("Tidak ada periode sebelumnya di riwayat pmprb run yang dinilai")


def _rekap_rows(path: Path) -> dict[str, dict[str, Any]]:
    """The ranked rows of a rekap's Rekap sheet, by kode, each by its column titles."""
    rows = list(openpyxl.load_workbook(path, read_only=True)["Rekap"].iter_rows(values_only=True))
    titles = [str(t) for t in rows[0]]
    return {str(r[2]): dict(zip(titles, r, strict=True)) for r in rows[1:] if r[0] is not None}


def test_an_archive_in_a_subfolder_of_the_inbox_is_named_with_what_to_do(kab: Path) -> None:
    # "Kiriman WA/LKE DINKES.rar", the unit's only sending: DINKES "belum mengirim", the archive named nowhere; at
    # the top a .rar was told "simpan LKE sebagai .xlsx" (messyrev).
    inbox = kab.parent / "masuk" / "2022-06"
    (inbox / "Kiriman WA").mkdir()
    (inbox / f"{UNITS[0].kode}.xlsx").unlink()
    (inbox / "Kiriman WA" / f"LKE {UNITS[0].kode}.rar").write_bytes(b"Rar!\x1a\x07\x01\x00")
    (inbox / f"{UNITS[1].kode}.7z").write_bytes(b"7z\xbc\xaf\x27\x1c")
    (inbox / ".arsip").mkdir()
    (inbox / ".arsip" / "lama.rar").write_bytes(b"Rar!")  # (a hidden folder is nobody's sending)
    said = " ".join(run_cli(kab, "2022-06").split())
    assert (
        # (one beside the workbooks by its name, as a PDF there is: "2022-06/…7z" named the inbox; detrev)
        f"Arsip tidak dibaca (pmprb tidak membukanya): {UNITS[1].kode}.7z, Kiriman WA/LKE {UNITS[0].kode}.rar "
        "— bila berisi LKE unit, ekstrak buku kerjanya ke folder masuk." in said
    ), said
    assert "lama.rar" not in said and "Tidak dibaca (bukan" not in said
    checked = " ".join(invoke(["--config", str(kab), "validate", str(inbox)], expected_code=0).stdout.split())
    assert f"Kiriman WA/LKE {UNITS[0].kode}.rar" in checked
