"""The hostile-input suite (issue 4, item 7): every file reported, no traceback, no hang, inputs unchanged.

The files are built by ``tests/hostile.py``. Each case is checked alone through :func:`pipeline.load`, then
all of them together through the CLI, in-process and in a subprocess with a memory cap and a hang guard.
Timings and the peak memory are printed (``pytest -s``), never asserted.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import struct
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from pmprb_cli import pipeline
from pmprb_cli.errors import WorkbookError
from pmprb_cli.models import Rubric
from pmprb_cli.scoring import score
from pmprb_cli.xlsx_guard import inspect

from . import hostile
from .conftest import ROOT, invoke
from .factories import random_answers

MEMORY_CAP = 1536 * 1024 * 1024
HANG_GUARD_S = 120


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every regular file under ``folder`` (FIFOs, devices and folders are not opened)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[p.name] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def build(builder: Callable[[Path, Rubric], Path], folder: Path, rubric: Rubric) -> Path:
    try:
        return builder(folder, rubric)
    except hostile.Unavailable as exc:
        pytest.skip(str(exc))


@pytest.mark.parametrize("case", hostile.CASES, ids=lambda c: c.name)
def test_each_hostile_file_is_reported_alone(case: hostile.Case, tmp_path: Path, rubric_2014: Rubric) -> None:
    path = build(case.build, tmp_path, rubric_2014)
    good = hostile.good(tmp_path, rubric_2014, "zz-good.xlsx", seed=31)
    before = checksums(tmp_path)
    if case.build is hostile.vanishing:
        path.unlink()
    started = time.perf_counter()
    loaded = pipeline.load(str(path), rubric_2014)
    elapsed = time.perf_counter() - started
    if case.scored:
        assert loaded.failed is None, loaded.failed
        assert loaded.submission is not None
        codes = {f.code for f in loaded.findings} | {f.code for f in score(loaded.submission, rubric_2014).findings}
        assert not case.codes or case.codes & codes, codes
        outcome = ",".join(sorted(case.codes & codes)) or "dinilai"
    else:
        assert loaded.failed is not None, f"{case.name} was read: {loaded.findings}"
        assert loaded.failed.code in case.codes, loaded.failed
        assert loaded.failed.message and loaded.failed.hint
        assert "Traceback" not in loaded.failed.message
        outcome = loaded.failed.code
    run = pipeline.score_paths([str(path), str(good)], rubric_2014)
    assert [Path(c.file).name for c in run.cards][-1] == "zz-good.xlsx"
    if case.build is hostile.vanishing:
        before.pop(path.name)
    assert checksums(tmp_path) == before
    print(f"\n{case.name:24} {outcome:12} {elapsed * 1000:8.1f} ms")


def test_a_value_past_the_read_bound_is_said_at_its_cell(tmp_path: Path, rubric_2014: Rubric) -> None:
    # W108 said "misalnya di kolom XFD": the operator searched a sheet of 16 384 columns for it.
    far = build(hostile.far_cell, tmp_path, rubric_2014)
    [said] = [f for f in pipeline.score_paths([str(far)], rubric_2014).findings if f.code == "PMPRB-W108"]
    assert (said.sheet, said.cell) == ("LKE", "XFD1048576")


def test_legacy_xls_scores_like_its_xlsx_source(tmp_path: Path, rubric_2014: Rubric) -> None:
    xls = build(hostile.legacy_xls, tmp_path, rubric_2014)
    far = build(hostile.legacy_xls_far_cell, tmp_path, rubric_2014)
    xlsx = hostile.good(tmp_path, rubric_2014, "source.xlsx", seed=11)
    run = pipeline.score_paths([str(xls), str(far), str(xlsx)], rubric_2014)
    assert not run.failed
    assert run.cards[0].index == pytest.approx(run.cards[2].index, abs=1e-9)
    assert run.cards[1].index == pytest.approx(run.cards[2].index, abs=1e-9)
    assert "PMPRB-W108" in {f.code for f in run.findings if f.file == str(far)}
    # ... at its cell, as the .xlsx names XFD1048576 (an .xls has no column XFD).
    assert {f.cell for f in run.findings if f.file == str(far) and f.code == "PMPRB-W108"} == {"IV65536"}


def test_the_bounded_reader_places_each_cell_by_its_reference(tmp_path: Path, rubric_2014: Rubric) -> None:
    # A sheet in x: prefixes (read by the bounded reader) with its rows and each row's cells in reverse order:
    # openpyxl's rows skipped a row numbered below the one before and ended a row at its last cell written,
    # and answers LibreOffice shows were "belum dijawab" (or their rows missing, E202).
    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014, "source.xlsx", seed=7))
    sheet = parts[hostile.SHEET]
    start, end = sheet.index(b"<sheetData>") + len(b"<sheetData>"), sheet.index(b"</sheetData>")
    rows = re.findall(rb"<row [^>]*>.*?</row>", sheet[start:end], re.S)
    assert len(rows) > 100 and b"".join(rows) == sheet[start:end]

    def backwards(row: bytes) -> bytes:
        head, body = row[: row.index(b">") + 1], row[row.index(b">") + 1 : -len(b"</row>")]
        return head + b"".join(reversed(re.findall(rb"<c [^>]*/>|<c [^>]*>.*?</c>", body, re.S))) + b"</row>"

    sheet = sheet[:start] + b"".join(backwards(r) for r in reversed(rows)) + sheet[end:]
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = sheet.replace(main, main.replace(b"xmlns=", b"xmlns:x="), 1)
    parts[hostile.SHEET] = re.sub(rb"<(/?)(\w+)(?=[\s/>])", rb"<\1x:\2", sheet)
    odd = hostile.rezip(tmp_path / "backwards.xlsx", parts)
    odd_run, plain = (pipeline.score_paths([str(p)], rubric_2014) for p in (odd, tmp_path / "source.xlsx"))
    assert not odd_run.failed and odd_run.cards[0].index == plain.cards[0].index
    assert {f.code for f in odd_run.findings} == {f.code for f in plain.findings}


@pytest.mark.parametrize("bounded", [False, True])
def test_excel_escapes_in_text_are_read_as_excel_shows_them(tmp_path: Path, rubric_2014: Rubric, bounded: bool) -> None:
    # "Ya" then Alt+Enter is stored Ya_x000D_ (Excel's escape of a carriage return): python-calamine decodes it,
    # the bounded reader kept it: "Jawaban 'Ya_x000D_' … bukan pilihan yang sah; dihitung 0".
    source = hostile.good(tmp_path, rubric_2014, "source.xlsx", seed=7)
    parts = hostile.parts_of(source)
    sheet = parts[hostile.SHEET].replace(b"<t>Ya</t>", b'<t xml:space="preserve">Ya_x000D_\n</t>')
    assert sheet.count(b"Ya_x000D_") == 28
    if bounded:  # (a sheet in x: prefixes goes to the bounded reader)
        main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        sheet = sheet.replace(main, main.replace(b"xmlns=", b"xmlns:x="), 1)
        sheet = re.sub(rb"<(/?)(\w+)(?=[\s/>])", rb"<\1x:\2", sheet)
    parts[hostile.SHEET] = sheet
    odd = hostile.rezip(tmp_path / "escaped.xlsx", parts)
    odd_run, plain = (pipeline.score_paths([str(p)], rubric_2014) for p in (odd, source))
    assert not odd_run.failed and odd_run.cards[0].index == plain.cards[0].index
    assert [(f.code, f.cell) for f in odd_run.findings] == [(f.code, f.cell) for f in plain.findings]


def test_shared_strings_are_decoded_once_as_excel_decodes_them() -> None:
    # openpyxl drops "x005F_" and decodes nothing else: decoded again, "_x005F_x0041_" (the text _x0041_ typed
    # as such) read "A" on the bounded reader and '_x0041_' on calamine; "Ya_x000D_" stayed E402.
    import io

    from pmprb_cli.workbook import _exact_string_table

    sst = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>Ya_x000D_</t></si><si><t>_x005F_x0041_</t></si><si><r><t>A</t></r><r><t>_x0042_</t></r></si>"
        b"<si><t>_xD800_</t></si></sst>"
    )
    assert _exact_string_table(io.BytesIO(sst)) == ["Ya\r", "_x0041_", "AB", "\ufffd"]


def test_rows_without_their_number_are_read_where_their_cells_say(tmp_path: Path, rubric_2014: Rubric) -> None:
    # <row> without its optional r= (the cells keep r="K13"): the bounded reader numbered rows by its count of
    # rows written, one above their references after the sheet's first gap (row 4), and read every answer after
    # it a row off: a wrong index, "sah", with findings on heading rows.
    source = hostile.good(tmp_path, rubric_2014, "source.xlsx", seed=7)
    parts = hostile.parts_of(source)
    sheet = parts[hostile.SHEET]
    assert b'<row r="3"' in sheet and b'<row r="4"' not in sheet  # (the gap this test relies on)
    parts[hostile.SHEET] = re.sub(rb'(<row) r="\d+"', rb"\1", sheet)
    odd = hostile.rezip(tmp_path / "rows-unnumbered.xlsx", parts)
    odd_run, plain = (pipeline.score_paths([str(p)], rubric_2014) for p in (odd, source))
    assert not odd_run.failed and odd_run.cards[0].index == plain.cards[0].index
    assert [(f.code, f.cell) for f in odd_run.findings] == [(f.code, f.cell) for f in plain.findings]


def test_a_sheet_part_reached_by_a_dotted_path_is_read_and_a_missing_one_is_named(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # "./worksheets/sheet1.xml" (LibreOffice follows it) was E103 "pesan teknis pembaca: LKE.", as was a part
    # missing from the archive: python-calamine's KeyError, which names nothing an operator could act on.
    source = hostile.good(tmp_path, rubric_2014, "source.xlsx", seed=7)
    parts = hostile.parts_of(source)
    rels = "xl/_rels/workbook.xml.rels"
    assert b'Target="worksheets/sheet1.xml"' in parts[rels] or b'Target="/xl/worksheets/sheet1.xml"' in parts[rels]
    parts[rels] = re.sub(rb'Target="/?(?:xl/)?worksheets/sheet1.xml"', b'Target="./worksheets/sheet1.xml"', parts[rels])
    dotted = hostile.rezip(tmp_path / "dotted.xlsx", parts)
    run, plain = (pipeline.score_paths([str(p)], rubric_2014) for p in (dotted, source))
    assert not run.failed and run.cards[0].index == plain.cards[0].index
    book = openpyxl.load_workbook(source)
    book.create_sheet("Catatan")
    book.save(tmp_path / "two.xlsx")
    parts = hostile.parts_of(tmp_path / "two.xlsx")
    del parts[hostile.SHEET]
    missing = pipeline.load(str(hostile.rezip(tmp_path / "missing.xlsx", parts)), rubric_2014)
    assert missing.failed is not None and missing.failed.code == "PMPRB-E103"
    assert "lembar 'LKE' terdaftar di buku kerja, tetapi isinya tidak ada di arsip" in missing.failed.message


def test_a_part_neither_reader_opens_is_named(tmp_path: Path, rubric_2014: Rubric) -> None:
    # An empty or cut styles part, a sheet listed without its part: "salah satu bagiannya terpotong atau isinya
    # tidak dikenali (pesan teknis pembaca: Cannot detect file format)" named none of them (fuzzrev). LibreOffice
    # opens all three and saves them whole, as the hint says.
    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014))
    styles = next(n for n in parts if n.endswith("styles.xml"))
    theme = next(n for n in parts if n.startswith("xl/theme/"))
    ghost = parts["xl/workbook.xml"].replace(b"</sheets>", b'<sheet name="Hantu" sheetId="99" r:id="rId99"/></sheets>')
    cases = {
        "empty": ({styles: b""}, f"bagian {styles} kosong"),
        "cut": ({styles: parts[styles][: len(parts[styles]) // 2]}, f"bagian {styles} terpotong atau rusak"),
        "ghost": (
            {"xl/workbook.xml": ghost},
            "lembar 'Hantu' terdaftar di buku kerja, tetapi isinya tidak ada di arsip",
        ),
        # An empty theme, which both readers pass over, is not named in place of the cause (diffrev25).
        "theme-styles": ({theme: b"", styles: b""}, f"bagian {styles} kosong"),
        "theme-ghost": ({theme: b"", "xl/workbook.xml": ghost}, "lembar 'Hantu' terdaftar di buku kerja"),
    }
    for name, (changed, said) in cases.items():
        loaded = pipeline.load(str(hostile.rezip(tmp_path / f"{name}.xlsx", {**parts, **changed})), rubric_2014)
        assert loaded.failed is not None and loaded.failed.code == "PMPRB-E103", name
        assert said in loaded.failed.message and "pesan teknis" not in loaded.failed.message, loaded.failed.message


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_a_sheet_written_in_utf16_is_read(tmp_path: Path, rubric_2014: Rubric, codec: str) -> None:
    # LibreOffice reads it; python-calamine read the bytes as UTF-8 and found no header: E201, "jangan ubah judul
    # kolom", which sent the operator the wrong way.
    source = hostile.good(tmp_path, rubric_2014, "source.xlsx", seed=7)
    parts = hostile.parts_of(source)
    text = parts[hostile.SHEET].decode("utf-8")
    text = re.sub(r"<\?xml[^>]*\?>", "", text, count=1)
    bom = "\ufeff" if codec == "utf-16-be" else ""  # (Python's utf-16 writes its own mark)
    parts[hostile.SHEET] = (bom + '<?xml version="1.0" encoding="UTF-16"?>' + text).encode(codec)
    wide = hostile.rezip(tmp_path / "utf16.xlsx", parts)
    run, plain = (pipeline.score_paths([str(p)], rubric_2014) for p in (wide, source))
    assert not run.failed and run.cards[0].index == plain.cards[0].index


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/_rels/workbook.xml.rels"])
def test_a_workbook_part_written_in_utf16_is_read(tmp_path: Path, rubric_2014: Rubric, part: str) -> None:
    # OPC allows UTF-16 parts and LibreOffice opens them; the guard refused these two as damaged (E103), in
    # expat's English ("encoding specified in XML declaration is incorrect").
    source = hostile.good(tmp_path, rubric_2014, "source.xlsx", seed=7)
    parts = hostile.parts_of(source)
    text = re.sub(r"<\?xml[^>]*\?>", "", parts[part].decode("utf-8"), count=1)
    parts[part] = ('<?xml version="1.0" encoding="UTF-16"?>' + text).encode("utf-16")
    wide = hostile.rezip(tmp_path / "utf16.xlsx", parts)
    run, plain = (pipeline.score_paths([str(p)], rubric_2014) for p in (wide, source))
    assert not run.failed, run.failed
    assert run.cards[0].index == plain.cards[0].index


def test_a_workbook_python_calamine_cannot_open_is_read_by_the_bounded_reader(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # Shared strings in UTF-16, or no styles part: "Cannot detect file format" (E103) for workbooks LibreOffice
    # opens, and the unit unranked.
    source = hostile.good(tmp_path, rubric_2014, "source.xlsx", seed=7)
    parts = hostile.with_shared_strings(hostile.parts_of(source))
    plain = pipeline.score_paths([str(hostile.rezip(tmp_path / "shared.xlsx", parts))], rubric_2014)
    wide = dict(parts)
    text = wide[hostile.SST].decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    wide[hostile.SST] = text.encode("utf-16")
    bare = {n: c for n, c in parts.items() if n != "xl/styles.xml"}
    for name, changed in (("sst-utf16.xlsx", wide), ("no-styles.xlsx", bare)):
        run = pipeline.score_paths([str(hostile.rezip(tmp_path / name, changed))], rubric_2014)
        assert not run.failed, (name, run.failed)
        assert run.cards[0].index == plain.cards[0].index, name


def test_ole_stream_reader_agrees_with_olefile(tmp_path: Path, rubric_2014: Rubric) -> None:
    olefile = pytest.importorskip("olefile")
    from pmprb_cli.xls_guard import _ole_workbook_stream

    data = build(hostile.legacy_xls, tmp_path, rubric_2014).read_bytes()
    found = _ole_workbook_stream(data)
    assert found is not None
    with olefile.OleFileIO(data) as ole:
        assert found[0] == ole.openstream("Workbook").read()


def test_zip_bomb_builder_inflates_to_what_it_declares() -> None:
    import zlib

    stream, crc, size = hostile.padded_stream(b"<a>", 3, b"</a>")
    content = zlib.decompress(stream, -15)
    assert len(content) == size == 3 + 3 * hostile.MiB + 4 and zlib.crc32(content) == crc


@dataclass
class Batch:
    folder: Path
    rubric: Rubric
    cases: dict[str, hostile.Case]  # file name → case
    skipped: dict[str, str]

    def restore(self) -> None:
        """Put back the file a run deletes on purpose (same seed, same bytes)."""
        hostile.vanishing(self.folder, self.rubric)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, rubric_2014: Rubric) -> Iterator[Batch]:
    folder = tmp_path_factory.mktemp("hostile-batch")
    hostile.good(folder, rubric_2014, "aaa-good.xlsx", seed=21)
    cases: dict[str, hostile.Case] = {}
    skipped: dict[str, str] = {}
    for case, path, reason in hostile.build_all(folder, rubric_2014):
        if path is None:
            skipped[case.name] = reason
        else:
            cases[path.name] = case
    hostile.good(folder, rubric_2014, "zzz-good.xlsx", seed=22)
    yield Batch(folder, rubric_2014, cases, skipped)


def check_report(doc: dict[str, object], batch: Batch) -> None:
    """Every hostile file appears with an expected code; both good workbooks are scored."""
    # `pmprb validate --format json`: every file with its status, every finding (warnings too).
    files = doc["files"]  # type: ignore[index]
    failed = {Path(f["file"]).name: f["failed"]["code"] for f in files if f["failed"]}  # type: ignore[attr-defined]
    units = {Path(f["file"]).name for f in files if not f["failed"]}  # type: ignore[attr-defined]
    findings: dict[str, set[str]] = {}
    for f in doc["findings"]:  # type: ignore[attr-defined]
        findings.setdefault(Path(f["file"]).name, set()).add(f["code"])
    assert {"aaa-good.xlsx", "zzz-good.xlsx"} <= units
    for name, case in batch.cases.items():
        if case.scored:
            assert name in units, (name, failed.get(name))
            assert not case.codes or case.codes & findings.get(name, set()), (name, findings.get(name))
        else:
            assert failed.get(name) in case.codes, (name, failed.get(name))
    # Nothing is reported that was not given: the folder named x.xlsx is one input, not a folder walked.
    assert set(failed) | units <= set(batch.cases) | {"aaa-good.xlsx", "zzz-good.xlsx"}


def test_cli_reports_every_file_and_scores_the_rest(batch: Batch, monkeypatch: pytest.MonkeyPatch) -> None:
    batch.restore()
    before = checksums(batch.folder)
    original = pipeline.load

    def load_after_vanishing(path: str, rubric: Rubric) -> pipeline.Loaded:
        if Path(path).name == "vanishing.xlsx":
            Path(path).unlink()  # listed, then gone before it is read
        return original(path, rubric)

    monkeypatch.setattr(pipeline, "load", load_after_vanishing)
    result = invoke(["validate", str(batch.folder), "--format", "json"], expected_code=1)
    assert "Traceback" not in result.stderr
    check_report(json.loads(result.stdout), batch)
    before.pop("vanishing.xlsx")
    assert checksums(batch.folder) == before
    assert os.readlink(batch.folder / "dev-zero.xlsx") == "/dev/zero"


CHILD = """
import os, resource, sys
cap = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from pmprb_cli import pipeline
original = pipeline.load
def load(path, rubric):
    if os.path.basename(path) == "vanishing.xlsx" and os.path.exists(path):
        os.unlink(path)
    return original(path, rubric)
pipeline.load = load
from pmprb_cli.cli import main
sys.argv = ["pmprb", "validate", sys.argv[1], "--format", "json"]
try:
    main()
finally:
    sys.stderr.write(f"\\nPEAK_RSS_KB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
"""


def test_batch_under_a_memory_cap_and_a_hang_guard(batch: Batch) -> None:
    batch.restore()
    before = checksums(batch.folder)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(batch.folder), str(MEMORY_CAP)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        cwd=ROOT,
        env={**os.environ, "PMPRB_LANG": "id"},
        check=False,
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "panicked" not in done.stderr
    check_report(json.loads(done.stdout), batch)
    before.pop("vanishing.xlsx")
    assert checksums(batch.folder) == before
    peak_kb = int(done.stderr.rsplit("PEAK_RSS_KB=", 1)[1].split()[0])
    print(f"\nbatch of {len(batch.cases) + 2} files: {elapsed:.2f} s, peak RSS {peak_kb / 1024:.0f} MB")
    if batch.skipped:
        print(f"not built here: {batch.skipped}")


def test_binary_parts_that_look_like_utf16_are_left_alone(tmp_path: Path, rubric_2014: Rubric) -> None:
    # Excel's printer settings start with the printer name in UTF-16: not XML, and no reason to refuse.
    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014, "printer.xlsx", seed=41))
    parts["xl/printerSettings/printerSettings1.bin"] = "HP LaserJet".encode("utf-16-le") + b"\0\xd8" * 200
    path = hostile.rezip(tmp_path / "printer.xlsx", parts)
    loaded = pipeline.load(str(path), rubric_2014)
    assert loaded.failed is None, loaded.failed


def test_utf16_parts_are_scanned_too(tmp_path: Path, rubric_2014: Rubric) -> None:
    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014, "utf16.xlsx", seed=42))
    bomb = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    parts["xl/theme/theme1.xml"] = b"\xff\xfe" + bomb.encode("utf-16-le")  # a part openpyxl reads
    path = hostile.rezip(tmp_path / "utf16.xlsx", parts)
    loaded = pipeline.load(str(path), rubric_2014)
    assert loaded.failed is not None and loaded.failed.code == "PMPRB-E105"


def test_two_members_with_one_name_are_refused(tmp_path: Path, rubric_2014: Rubric) -> None:
    # Readers disagree on which copy wins; the guard would scan one and calamine might read the other.
    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014, "twice.xlsx", seed=43))
    members = [hostile.deflate(n, c) for n, c in parts.items()]
    members.append(hostile.deflate(hostile.SHEET, parts[hostile.SHEET]))
    path = hostile.write_zip(tmp_path / "twice.xlsx", members)
    loaded = pipeline.load(str(path), rubric_2014)
    assert loaded.failed is not None and loaded.failed.code == "PMPRB-E103"


def test_parsers_read_a_stored_copy_of_the_verified_parts_they_need(tmp_path: Path, rubric_2014: Rubric) -> None:
    # calamine and openpyxl never see the original archive: a member they could find differently (an
    # entry hidden between others, a local header that disagrees with the directory) cannot reach them,
    # and a part no value reader opens (document properties, a 60 MB blob) is checked but not copied.
    import io
    import zipfile

    from pmprb_cli.xlsx_guard import inspect

    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014, "stored.xlsx", seed=44))
    parts["docProps/catatan-ümlaut.xml"] = b"\xff\xfe" + "<x>ü</x>".encode("utf-16-le")  # non-ASCII name, UTF-16
    path = hostile.rezip(tmp_path / "stored.xlsx", parts)
    package = inspect(str(path))
    with zipfile.ZipFile(path) as original:
        verified = {n: original.read(n) for n in original.namelist()}  # names as the guard decodes them
    needed = {n for n in verified if not n.startswith("docProps/")}
    assert "xl/worksheets/sheet1.xml" in needed and "xl/styles.xml" in needed
    with zipfile.ZipFile(io.BytesIO(package.data)) as copy:
        assert copy.testzip() is None  # every CRC checks
        assert {i.filename: i.compress_type for i in copy.infolist()} == dict.fromkeys(needed, zipfile.ZIP_STORED)
        copied = {n: copy.read(n) for n in copy.namelist()}
    # Worksheets differ only by the empty <mergeCells> that spares calamine its second pass.
    sheet = copied.pop(hostile.SHEET)
    assert sheet.replace(b"<mergeCells></mergeCells>", b"", 1) == verified[hostile.SHEET]
    assert sheet.index(b"<mergeCells></mergeCells>") < sheet.index(b"<sheetData")
    assert copied == {n: verified[n] for n in needed - {hostile.SHEET}}
    assert pipeline.load(str(path), rubric_2014).failed is None


def test_calamine_reads_the_same_cells_from_the_copy_without_its_merge_pass(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # The copy tells calamine there are no merged ranges (pmprb never asks), so calamine stops its second
    # parse of each sheet at once; the values it reads must not change.
    import io

    import python_calamine

    from pmprb_cli.registry import Unit
    from pmprb_cli.template import write_template
    from pmprb_cli.xlsx_guard import inspect

    unit = Unit(kode="DINKES", nama="Dinas Kesehatan", jenis="dinas", aliases=())
    answers = random_answers(rubric_2014, random.Random(45))
    path = write_template(tmp_path / "merged.xlsx", rubric_2014, unit, "2022-07", answers=answers)
    package = inspect(str(path))
    assert not package.bounded
    original = python_calamine.CalamineWorkbook.from_path(str(path))
    copy = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(package.data))
    assert copy.sheet_names == original.sheet_names
    merged = 0
    for name in original.sheet_names:
        before, after = original.get_sheet_by_name(name), copy.get_sheet_by_name(name)
        assert after.to_python(skip_empty_area=False) == before.to_python(skip_empty_area=False)
        merged += len(before.merged_cell_ranges or [])
        assert not after.merged_cell_ranges
    assert merged > 0  # the template merges its header: the pass that was skipped had work to do


SAFE_SHEET = (
    b'<worksheet xmlns:r="rel"><sheetData><row r="1"><c r="A1"><v>1</v></c>%s</row></sheetData>'
    b'<pageMargins header="0.3" footer="0.3"/></worksheet>'
)


@pytest.mark.parametrize(
    ("cells", "unsafe"),
    [
        (b'<c r="CZ9999" s="1" t="s"><v>0</v></c>', False),  # the last in-bound cell
        (b'<c r="B1" xr:r="x"/><c r="C1"><f t="dataTable" dtr="1" r1="A1"/></c>', False),  # longer names
        (b'<c r="DA1"/>', True),  # column beyond CZ
        (b'<c r="A10000"/>', True),  # row beyond 9999
        (b'<c s="1" r="A2"/>', True),  # r not first
        (b"<c r='A2'/>", True),
        (b"<c r=\"A2\" r='XFD1048576'/>", True),  # calamine takes the last r
        (b'<c r="A2" r = "XFD1048576"/>', True),
        (b'<c r="A2"r="XFD1048576"/>', True),
        (b'<c r="A2" s=">" r="XFD1048576"/>', True),
        (b'<c r="A2"\nr="XFD1048576"/>', True),
        (b"<c><v>1</v></c>", True),  # position implied
        (b'<x:c r="A2"/>', True),
    ],
)
def test_sheets_calamine_could_misplace_go_to_the_bounded_reader(cells: bytes, unsafe: bool) -> None:
    from pmprb_cli.xlsx_guard import _cells_beyond_bound

    assert _cells_beyond_bound(SAFE_SHEET % cells) is unsafe


def test_the_in_bound_reference_is_exactly_the_read_bound() -> None:
    # The scan's spelling is tuned for speed (possessive quantifiers); the references it lets through
    # must still be exactly A1…CZ9999, written as calamine reads them.
    import re
    from itertools import product
    from string import ascii_uppercase

    from pmprb_cli.workbook import column_letter
    from pmprb_cli.xlsx_guard import _IN_BOUND_REF, MAX_COL, MAX_ROW

    pattern = re.compile(_IN_BOUND_REF)
    letters = [""] + list(ascii_uppercase) + ["".join(p) for p in product(ascii_uppercase, repeat=2)] + ["AAA", "CZA"]
    in_bound_columns = {column_letter(c) for c in range(MAX_COL)}
    rows = ["0", "1", "9", "10", "01", "999", "1000", "9999", "10000", "99999", ""]
    for column, row in product(letters, rows):
        expected = (column == "" or column in in_bound_columns) and row != "" and row[0] != "0" and int(row) <= MAX_ROW
        assert (pattern.fullmatch((column + row).encode()) is not None) is expected, column + row


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        (b'<?xml version="1.0"?>\n<sst count="1"><si><t>a</t></si></sst>', None),
        (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaa">]><sst/>', "DTD"),
        (b"\xef\xbb\xbf  <!doctype sst><sst/>", "DTD"),  # any spelling, after a byte-order mark
        (b"<?xml version='1.0'?><!--" + b"x" * 10_000 + b"--><?pi ?><!DOCTYPE x [<!ENTITY a 'a'>]><x/>", "DTD"),
        (b"<!-- <!ENTITY a 'a'> --><sst/>", None),  # only a comment's text
        (b"<![CDATA[x]]><sst/>", "DTD"),  # no other declaration belongs before the root either
        (b"<!-- never closed <!DOCTYPE x>", None),  # no parser reads past it
        (b"<? never closed <!DOCTYPE x>", None),
        (b"<?a?>" * 1000 + b"<!DOCTYPE x [<!ENTITY a 'a'>]><x/>", "DTD"),
        (b"<?a?>" * 1000 + b"<x/>", None),
        (b"<?a?>" * 1001 + b"<x/>", "lebih dari 1.000 instruksi"),  # more than any spreadsheet writes
        # A prolog is read within its first 64 KB: one running past them is refused, whatever follows.
        (b"<!--" + b"x" * 70_000 + b"--><!DOCTYPE x [<!ENTITY a 'a'>]><x/>", "lebih dari 1.000 instruksi"),
        (b" " * 70_000 + b"<!DOCTYPE x><x/>", "lebih dari 1.000 instruksi"),
        (b"<?xml version='1.0'?><x>" + b"<y/>" * 30_000 + b"</x>", None),  # a long part, a short prolog
        (b"<!-- never closed " + b"x" * 70_000, "lebih dari 1.000 instruksi"),
        (b"<!--" + b"x" * 65_529 + b"--><x>" + b"<y/>" * 10 + b"</x>", None),  # ends at exactly 64 KB
        # Text before the root is malformed (expat stops there), and binary data is not XML: a "<!" after
        # such bytes is no declaration. An image that happens to hold "<!" is not refused.
        (b"\x89PNG\r\n\x1a\n\x00<!DOCTYPE", None),
        (b"abc<!DOCTYPE x [<!ENTITY a 'a'>]><x>&a;</x>", None),
    ],
)
def test_a_declaration_before_the_root_is_refused_however_far_in(text: bytes, refusal: str | None) -> None:
    from pmprb_cli.xlsx_guard import _check_prolog

    passes_or_refuses(_check_prolog, text, None if refusal is None else f"memuat {refusal}")


def passes_or_refuses(check: Callable[[str, bytes], None], text: bytes, refusal: str | None) -> None:
    """Run one of the guard's checks on a part named x.xml: it passes, or it refuses with E105 saying so."""
    from pmprb_cli.errors import WorkbookError

    if refusal is None:
        check("x.xml", text)
        return
    with pytest.raises(WorkbookError, match=f"x.xml {refusal}") as raised:
        check("x.xml", text)
    assert raised.value.code == "PMPRB-E105"


@pytest.mark.parametrize(
    ("text", "declares"),
    [
        (b"abc<!DOCTYPE x [<!ENTITY a 'a'>]><x>&a;</x>", False),
        (b"\x89PNG<!DOCTYPE x [<!ENTITY a 'a'>]><x>&a;</x>", False),
        (b" \n<?a?><!DOCTYPE x [<!ENTITY a 'a'>]><x>&a;</x>", True),  # the oracle does see a real one
    ],
)
def test_text_before_the_root_stops_expat_before_any_doctype(text: bytes, declares: bool) -> None:
    # Why the prolog may hold only whitespace, instructions and comments for the guard to look past it:
    # expat itself never reaches a DOCTYPE behind other text.
    from xml.parsers import expat

    seen: list[str] = []
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = lambda *_: seen.append("doctype")
    parser.EntityDeclHandler = lambda *_: seen.append("entity")
    try:
        parser.Parse(text, True)
    except expat.ExpatError:
        pass
    assert bool(seen) is declares, seen


@pytest.mark.parametrize(
    ("head", "codec"),
    [
        (b"<?xm", None),
        (b"\xef\xbb\xbf<", None),
        (b"\xff\xfe<\0", "utf-16"),
        (b"\xfe\xff\0<", "utf-16"),
        (b"<\0?\0", "utf-16-le"),
        (b"\0<\0?", "utf-16-be"),
        (b"\n\0<\0", "utf-16-le"),  # whitespace first, no mark: expat reads UTF-16 here too
        (b"\0\n\0<", "utf-16-be"),
    ],
)
def test_utf16_is_recognised_whatever_stands_first(head: bytes, codec: str | None) -> None:
    # expat decides from the first two bytes; a NUL anywhere in the first four covers those cases and more.
    from pmprb_cli.xlsx_guard import _utf16_codec

    assert _utf16_codec(head + b"\0x" * 4) == codec


def test_a_utf16_part_that_does_not_decode_is_refused_when_a_parser_reads_it(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # The guard cannot scan what it cannot decode, while expat reads such a part up to the bad byte.
    from pmprb_cli.errors import WorkbookError
    from pmprb_cli.xlsx_guard import inspect

    path = hostile.entity_bomb_utf16_undecodable(tmp_path, rubric_2014)
    with pytest.raises(WorkbookError, match="workbook.xml.rels bukan teks UTF-16 yang sah") as raised:
        inspect(str(path))
    assert raised.value.code == "PMPRB-E103"


def test_the_guards_own_parse_stops_at_a_doctype() -> None:
    # The second net: should a DTD ever pass the prolog check, the guard's parser stops at it, before any
    # element after it is parsed (ElementTree's parser would read on to the end of its buffer first).
    from pmprb_cli.errors import WorkbookError
    from pmprb_cli.xlsx_guard import _ElementReader

    plain = _ElementReader("x.xml", "urn:x}b", limit=5)
    assert plain.read(b'<a xmlns="urn:x"><b n="1"/><c/><b n="2"/></a>') == [{"n": "1"}, {"n": "2"}]
    assert plain.elements == 4 and plain.stopped_at is None
    doctype = b'<!DOCTYPE a [<!ENTITY l "lol"><!ENTITY m "&l;&l;&l;">]>'
    tail = b"<a>" + b"<b>&m;</b>" * 1000 + b"</a>"
    for text, before_tail in (
        (doctype + tail, len(doctype)),
        (b"\xff\xfe" + (doctype + tail).decode().encode("utf-16-le"), 2 + 2 * len(doctype)),
    ):
        reader = _ElementReader("x.xml", "b", limit=5)
        with pytest.raises(WorkbookError, match="x.xml memuat DTD") as raised:
            reader.read(text)
        assert raised.value.code == "PMPRB-E105"
        assert reader.elements == 0
        assert reader.stopped_at is not None and reader.stopped_at < before_tail


def test_the_guards_own_parse_keeps_no_more_than_it_needs() -> None:
    # A workbook.xml of millions of <sheet> elements: the read ends at the limit, holding no more.
    from pmprb_cli.xlsx_guard import _ElementReader

    reader = _ElementReader("xl/workbook.xml", "s", limit=64)
    found = reader.read(b"<w>" + b'<s n="x"/>' * 100_000 + b"</w>")
    assert len(found) == 64 and reader.elements == 65  # the root and the 64 kept


def test_binary_parts_of_the_workbook_are_checked_but_not_copied(tmp_path: Path, rubric_2014: Rubric) -> None:
    # Excel's Power Pivot data model starts with UTF-16 text and goes on in binary; a VBA project is an OLE
    # file. The workbook points at both, neither parser reads them, and they must not make the file refused.
    import io
    import zipfile

    from pmprb_cli.xlsx_guard import inspect

    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014, "model.xlsx", seed=47))
    model = "STREAM_STORAGE_SIGNATURE_)!@#$%^&*(".encode("utf-16") + bytes(range(256)) * 8 + b"\0"
    parts["xl/model/item.data"] = model
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4
    # An image no parser reads may hold anything, a DOCTYPE included (Illustrator writes one into SVG).
    parts["xl/media/image1.svg"] = b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>'
    parts["xl/media/image2.png"] = b"\n\r <!\0" + bytes(range(256))
    rels = parts["xl/_rels/workbook.xml.rels"]
    extra = (
        b'<Relationship Id="rIdModel" Target="model/item.data" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/powerPivotData"/>'
        b'<Relationship Id="rIdVba" Target="vbaProject.bin" '
        b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/>'
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"</Relationships>", extra + b"</Relationships>")
    path = hostile.rezip(tmp_path / "model.xlsx", parts)
    package = inspect(str(path))
    with zipfile.ZipFile(io.BytesIO(package.data)) as copy:
        names = set(copy.namelist())
    assert hostile.SHEET in names
    assert "xl/model/item.data" not in names and "xl/vbaProject.bin" not in names
    assert pipeline.load(str(path), rubric_2014).failed is None


_MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize(
    ("head", "rest"),
    [
        # A prefixed <x:sheetData>, and the text "<sheetData>" in a CDATA section of an inline string.
        (
            b'<?xml version="1.0"?>\n<worksheet xmlns="' + _MAIN_NS + b'" xmlns:x="' + _MAIN_NS + b'">',
            b'<x:sheetData><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[Dinas <sheetData> Contoh]]></t></is></c>'
            b'<c r="B1"><v>57.2</v></c></row></x:sheetData></worksheet>',
        ),
        # A malformed tag just before the cells.
        (
            b'<worksheet xmlns="' + _MAIN_NS + b'">',
            b'<mergeCells <sheetData/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Dinas</t></is></c>'
            b'<c r="B1"><v>57.2</v></c></row></sheetData></worksheet>',
        ),
        # A root tag whose attribute value holds ">", after a comment and an instruction that name the cells.
        (
            b'<!-- <sheetData> --><?pi <sheetData>?><worksheet xmlns="' + _MAIN_NS + b'" a="x>y">',
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Dinas</t></is></c><c r="B1"><v>57.2</v></c>'
            b"</row></sheetData></worksheet>",
        ),
    ],
    ids=["cdata", "malformed-tag", "quoted-gt"],
)
def test_the_empty_merge_cells_go_where_a_tag_boundary_is_proven(
    head: bytes, rest: bytes, tmp_path: Path, rubric_2014: Rubric
) -> None:
    # Only right after the root element's start tag: text found by a search for "<sheetData" may stand
    # in a CDATA section, a comment or after a malformed tag, and inserting there changes what is read.
    import io
    import zipfile

    import python_calamine

    from pmprb_cli.xlsx_guard import inspect

    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014, "boundary.xlsx", seed=46))
    parts[hostile.SHEET] = head + rest
    path = hostile.rezip(tmp_path / "boundary.xlsx", parts)
    package = inspect(str(path))
    with zipfile.ZipFile(io.BytesIO(package.data)) as copy:
        assert copy.read(hostile.SHEET) == head + b"<mergeCells></mergeCells>" + rest

    def cells(workbook: python_calamine.CalamineWorkbook) -> object:
        try:
            return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:  # noqa: BLE001 - the same failure on both is as good as the same cells
            return type(exc).__name__

    original = python_calamine.CalamineWorkbook.from_path(str(path))
    assert cells(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(package.data))) == cells(original)


def test_a_declaration_after_the_root_is_malformed_not_expanded() -> None:
    # Why the prolog is all the guard reads: past the root element, parsers refuse a DTD outright.
    from xml.etree import ElementTree

    from pmprb_cli.xlsx_guard import _check_prolog

    late = b'<sst><si><t>a</t></si></sst><!DOCTYPE x [<!ENTITY a "aaaa">]>'
    inside = b'<sst><!DOCTYPE x [<!ENTITY a "aaaa">]><si><t>&a;</t></si></sst>'
    for text in (late, inside):
        _check_prolog("x.xml", text)  # not refused here
        with pytest.raises(ElementTree.ParseError):
            ElementTree.fromstring(text)


def test_a_chartsheet_does_not_stop_the_bounded_reader(tmp_path: Path) -> None:
    # openpyxl follows a chartsheet to its drawing, which the copy leaves out (no cells there); the copy
    # gives the chartsheet no relationships, and the other sheets are read as usual.
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    from pmprb_cli.workbook import open_workbook

    book = openpyxl.Workbook()
    data = book.active
    assert data is not None
    data.title = "Data"
    for i in range(1, 6):
        data.append([f"k{i}", i])
    data["A20000"] = 1  # beyond the read bound: the bounded reader (openpyxl) reads this workbook
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=5))
    book.create_chartsheet("Grafik").add_chart(chart)
    path = tmp_path / "chartsheet.xlsx"
    book.save(path)
    view = open_workbook(str(path))
    assert view.package.bounded
    assert view.sheet("Data").rows[:2] == [["k1", 1], ["k2", 2]]
    assert view.sheet("Grafik").rows == []


@pytest.mark.parametrize("bounded", [False, True])
def test_a_stray_chartsheet_relationship_to_a_worksheet_changes_nothing_read(tmp_path: Path, bounded: bool) -> None:
    # The guard empties the relationships of any part a chartsheet relationship names; the readers decide
    # by the relationship the <sheet> element names. A worksheet named by both is still read, by either.
    import openpyxl
    from openpyxl.comments import Comment

    from pmprb_cli.workbook import open_workbook

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet["A1"], sheet["B1"] = "k1", 2
    sheet["A1"].hyperlink = "https://example.org/bukti"  # the worksheet has relationships of its own
    sheet["B1"].comment = Comment("catatan", "evaluator")
    if bounded:
        sheet["A20000"] = 1
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    parts = hostile.parts_of(plain)
    rels = "xl/_rels/workbook.xml.rels"
    stray = (
        b'<Relationship Id="rId99" Target="worksheets/sheet1.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet"/>'
    )
    parts[rels] = parts[rels].replace(b"</Relationships>", stray + b"</Relationships>")
    view = open_workbook(str(hostile.rezip(tmp_path / "stray.xlsx", parts)))
    assert view.package.bounded is bounded
    assert view.sheet("Data").rows[0] == ["k1", 2]


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        (b'<sst xmlns="m" count="3" uniqueCount="2"><si><t>a</t></si></sst>', None),
        (b'<sst uniqueCount="1000000"/>', None),  # the bound itself
        (b'<sst uniqueCount="1000001"/>', "menyatakan 1.000.001 teks"),
        (b"<sst uniqueCount = '+0001000001'/>", "menyatakan 1.000.001 teks"),
        (b'<x:sst xmlns:x="m" uniqueCount="' + b"9" * 5000 + b'"/>', "menyatakan 5000 digit teks"),  # no int()
        (b"<w>" + b"<p/>" * 2000 + b'<sst uniqueCount="4294967295"/></w>', "menyatakan 4.294.967.295 teks"),
        (b"<sst><si><t>uniqueCount</t></si>" * 101 + b"</sst>", "menyebut uniqueCount lebih dari 100 kali"),
    ],
)
def test_every_unique_count_of_a_part_is_read(text: bytes, refusal: str | None) -> None:
    # calamine reserves room for an sst element's uniqueCount wherever it meets one.
    from pmprb_cli.xlsx_guard import _check_shared_strings

    passes_or_refuses(_check_shared_strings, text, refusal)


def test_only_string_tables_are_held_to_the_string_count(tmp_path: Path, rubric_2014: Rubric) -> None:
    # calamine reads uniqueCount from its string table (found by name, or by relationship in a later
    # version); the same words in a cell's text are only text.
    from pmprb_cli.errors import WorkbookError
    from pmprb_cli.xlsx_guard import inspect

    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014, "text.xlsx", seed=48))
    sheet = parts[hostile.SHEET]
    cell = b'<c r="Z1" t="inlineStr"><is><t>catatan: uniqueCount="2000000"</t></is></c>'
    parts[hostile.SHEET] = sheet.replace(b"</row>", cell + b"</row>", 1)
    assert not inspect(str(hostile.rezip(tmp_path / "text.xlsx", parts))).bounded
    # A string table under another name, reached through its relationship, is still held to it.
    parts = hostile.with_shared_strings(hostile._base(tmp_path, rubric_2014))
    parts["xl/teks.xml"] = hostile._four_billion_strings(parts.pop(hostile.SST))
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b'Target="sharedStrings.xml"', b'Target="teks.xml"')
    with pytest.raises(WorkbookError, match="xl/teks.xml menyatakan 4.294.967.295 teks") as raised:
        inspect(str(hostile.rezip(tmp_path / "teks.xlsx", parts)))
    assert raised.value.code == "PMPRB-E105"


def test_empty_rows_far_below_the_table_keep_the_fast_reader(tmp_path: Path, rubric_2014: Rubric) -> None:
    # LibreOffice writes an empty <row r="1048576"> after a row is deleted: it holds no cell, so it cannot
    # widen calamine's grid; it was "Ada sel berisi di luar batas baca" (W108) and the slow reader.
    rows = (
        b'<row r="1048575"/><row r="1048576" customFormat="false" ht="12.8" hidden="false"'
        b' customHeight="false" outlineLevel="0" collapsed="false"></row>'
    )
    empty_far = hostile._with_cell(tmp_path, rubric_2014, "empty-far-rows.xlsx", rows)
    package = inspect(str(empty_far))
    assert not package.bounded
    source = hostile.good(tmp_path, rubric_2014, "source.xlsx", seed=7)  # the answers _with_cell starts from
    run = pipeline.score_paths([str(empty_far), str(source)], rubric_2014)
    assert "PMPRB-W108" not in {f.code for f in run.findings}
    assert run.cards[0].index == run.cards[1].index
    # A far row that holds a cell, or is not closed at once, still goes to the bounded reader.
    for name, row in (
        ("far-row-with-cell.xlsx", b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'),
        ("far-row-open.xlsx", b'<row r="1048576" spans="1:2"> </row>'),
    ):
        assert inspect(str(hostile._with_cell(tmp_path, rubric_2014, name, row))).bounded


def test_a_legacy_xls_with_a_password_to_open_is_said_encrypted() -> None:
    # LibreOffice's "MS Excel 97" with a password: a FILEPASS record, then encrypted records (whose sheet
    # names did not decode: "Kesalahan internal (UnicodeDecodeError)", exit 3).
    from pmprb_cli.xls_guard import _far_cell_records

    bof = struct.pack("<HHHH", 0x0809, 4, 0x0600, 0x0005)
    filepass = struct.pack("<HHH", 0x002F, 2, 1)
    boundsheet = struct.pack("<HHIBBBB", 0x0085, 12, 0, 0, 0, 4, 1) + b"\xff\xfe\xd8\x00"
    with pytest.raises(WorkbookError) as raised:
        _far_cell_records(bof + filepass + boundsheet)
    assert raised.value.code == "PMPRB-E104"


def test_an_xls_cut_short_among_the_first_files_leaves_the_rubric_found_from_the_others(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # The rubric is looked for in the first five files: an .xls cut short there stopped every command, exit 3.
    cut = build(hostile.xls_cut_short, tmp_path, rubric_2014)
    good = hostile.good(tmp_path, rubric_2014, "zz-good.xlsx", seed=31)
    found = pipeline.detect_rubric([str(cut), str(good)], ["lke-rb-2014"], lambda _: rubric_2014)
    assert found is rubric_2014


def test_a_strict_open_xml_workbook_is_said_as_such_not_empty(tmp_path: Path, rubric_2014: Rubric) -> None:
    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014))
    strict = parts["xl/workbook.xml"].replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    )
    path = hostile.rezip(tmp_path / "strict.xlsx", {**parts, "xl/workbook.xml": strict})
    loaded = pipeline.load(str(path), rubric_2014)
    assert loaded.failed is not None and loaded.failed.code == "PMPRB-E102"
    assert "Strict Open XML" in loaded.failed.message


def test_an_xls_says_percent_cells_and_formulas_as_its_xlsx_source_does(tmp_path: Path) -> None:
    # 71% in a cell formatted 0% read 71 from the .xlsx (I504) but 0,71 from the same file saved as .xls:
    # 69,12 against 62,09; and a formula typed in an answer cell was W408 in the .xlsx only.
    import shutil as sh

    import openpyxl

    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric, percent_scales
    from pmprb_cli.template import write_template

    from .factories import best_answers

    soffice = sh.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed on this machine")
    rubric = load_rubric("pmprb-2020")
    source = write_template(
        tmp_path / "unit.xlsx", rubric, Unit("dinkes", "Dinas Kesehatan", "dinas"), "2022-06", "K", best_answers(rubric)
    )
    percent_code = next(iter(percent_scales(rubric)))
    book = openpyxl.load_workbook(source)
    ws = book["LKE"]
    rows = {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1)}
    answer_col = next(c for c in range(1, 30) if str(ws.cell(8, c).value).strip() == "Jawaban")
    cell = ws.cell(rows[percent_code], answer_col)
    cell.value, cell.number_format = 0.71, "0%"
    ws.cell(rows["A.I.1.i.a"], answer_col).value = '=IF(1=1,"A","B")'
    # Two answer cells merged: W431 was said of the .xlsx only (the .xls scored the blank second cell in silence
    # but for its E401).
    below = next(c for c, r in sorted(rows.items(), key=lambda cr: cr[1]) if rows.get(c) and r > rows["A.I.1.i.a"])
    first = ws.cell(rows[below], answer_col).coordinate
    second = ws.cell(rows[below] + 1, answer_col).coordinate
    ws.merge_cells(f"{first}:{second}")
    # An answer showing #DIV/0!: the .xls said "rumus yang hasilnya kosong … simpan ulang" (E410), calamine reading
    # its error as an empty cell; the .xlsx quoted the error (E402).
    div = next(
        i.code
        for i in rubric.items()
        if not i.computed and rubric.scales[i.scale].kind != "number" and rows.get(i.code, 0) > rows[below] + 2
    )
    ws.cell(rows[div], answer_col).value = "=1/0"
    div_cell = ws.cell(rows[div], answer_col).coordinate
    book.save(source)
    profile = (tmp_path / "profile").as_uri()
    for kind in ("xlsx", "xls"):  # both saved by LibreOffice, so both hold the formula's result
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", kind]
            + ["--outdir", str(tmp_path / "lo"), str(source)],
            capture_output=True,
            timeout=180,
            check=True,
        )
    source = tmp_path / "lo" / "unit.xlsx"
    run = pipeline.score_paths([str(source), str(tmp_path / "lo" / "unit.xls")], rubric)
    assert not run.failed
    assert run.cards[0].index == pytest.approx(run.cards[1].index, abs=1e-9)
    for path in (source, tmp_path / "lo" / "unit.xls"):
        said = {(f.code, f.cell) for f in run.findings if f.file == str(path)}
        assert ("PMPRB-I504", cell.coordinate) in said and "PMPRB-W408" in {c for c, _ in said}, said
        assert ("PMPRB-W431", second) in said, said
        [error] = [f for f in run.findings if f.file == str(path) and f.cell == div_cell and f.code == "PMPRB-E402"]
        assert "'#DIV/0!'" in error.message


def test_bidirectional_controls_never_reorder_a_unit_name(tmp_path: Path, rubric_2014: Rubric) -> None:
    # "Kecamatan\u202eidajakuS" showed as "Kecamatan Sukajadi" reversed in the rapor, the chart and the rekap.
    from pmprb_cli.registry import Unit, load_registry
    from pmprb_cli.template import write_template

    from .factories import best_answers

    tricky = "Kecamatan \u202eidajakuS\u202c \u2067x\u2069"
    registry = tmp_path / "daftar.csv"
    registry.write_text(f"kode,nama,jenis\nKEC-A,{tricky},kecamatan\n", encoding="utf-8")
    assert load_registry(registry).units[0].nama == "Kecamatan idajakuS x"
    path = write_template(
        tmp_path / "a.xlsx",
        rubric_2014,
        Unit("KEC-B", tricky, "kecamatan"),
        "2019-07",
        answers=best_answers(rubric_2014),
    )
    loaded = pipeline.load(str(path), rubric_2014)
    assert loaded.submission is not None and loaded.submission.unit_name == "Kecamatan idajakuS x"


def test_thousands_of_merges_over_the_answer_column_are_bounded(tmp_path: Path, rubric_2014: Rubric) -> None:
    # Merges are read for PMPRB-W431: 20 000 ranges each down to row 1048576 over every column. At most
    # MAX_MERGES are read, each answer cell is said once, and the rows looked at are the answers' rows.
    from pmprb_cli.xlsx_guard import MAX_MERGES

    parts = hostile._base(tmp_path, rubric_2014)
    head, tail = hostile._split_sheet(parts[hostile.SHEET])
    merges = b"".join(b'<mergeCell ref="A%d:XFD1048576"/>' % (n + 1) for n in range(20_000))
    tail = re.sub(rb"<mergeCells.*?</mergeCells>", b"", tail, flags=re.S)
    tail = tail.replace(b"</sheetData>", b'</sheetData><mergeCells count="20000">' + merges + b"</mergeCells>", 1)
    parts[hostile.SHEET] = head + tail
    path = hostile.rezip(tmp_path / "merges.xlsx", parts)
    loaded = pipeline.load(str(path), rubric_2014)
    assert loaded.submission is not None
    said = [f for f in loaded.findings if f.code == "PMPRB-W431"]
    assert 0 < len(said) <= 2 * len(loaded.submission.answers) and MAX_MERGES < 20_000


def test_cell_tag_searches_stop_at_the_next_tag() -> None:
    # Thousands of "<c r=..." starts with no ">" (inside a comment, which the guard lets through) made each
    # start of the column searches scan to the same far ">": 18 s for a 42 KB workbook, hours for 64 MB.
    # The searches now stop at the next "<"; this input takes milliseconds (it took minutes before).
    from pmprb_cli.xlsx_guard import Package, _column_formulas

    sheet = b"<worksheet><!--" + b'<c r="M1" ' * 40_000 + b" HYPERLINK( <f> --><sheetData/></worksheet>"
    package = Package("x.xlsx", b"", "xlsx", contents={"xl/worksheets/sheet1.xml": sheet})
    assert package.links("xl/worksheets/sheet1.xml", "M") == {}
    assert list(_column_formulas(("M",)).finditer(sheet)) == []


def _unusual_sheet(tmp_path: Path, rubric: Rubric, name: str, before_cells: bytes, after_cells: bytes) -> Path:
    """The base workbook with its LKE sheet sent to the bounded reader (a comment holding r="1")."""
    parts = hostile._base(tmp_path, rubric)
    head, tail = hostile._split_sheet(parts[hostile.SHEET])
    head = head.replace(b"<sheetData>", b'<sheetData><!-- r="1" -->' + before_cells, 1)
    parts[hostile.SHEET] = head + tail.replace(b"</sheetData>", b"</sheetData>" + after_cells, 1)
    return hostile.rezip(tmp_path / name, parts)


@pytest.mark.parametrize(
    "before_cells",
    [b"", b'<q:row xmlns:q="urn:q" r="9000"/>'],  # a row openpyxl does not count, in another namespace
    ids=["plain", "foreign-row"],
)
def test_the_bounded_reader_reads_nothing_after_the_cells(
    tmp_path: Path, rubric_2014: Rubric, before_cells: bytes
) -> None:
    # openpyxl parsed on to the end of the part looking for more rows: fifteen million empty elements after
    # </sheetData> (a 100 KB upload) took 69 s and 1,5 GB. Malformed XML there shows whether it is read.
    plain = hostile.good(tmp_path, rubric_2014, "plain.xlsx", seed=7)
    odd = _unusual_sheet(tmp_path, rubric_2014, "odd.xlsx", before_cells, b"<x><y></x>")
    assert pipeline.load(str(odd), rubric_2014).failed is None
    want, got = (pipeline.assess_file(str(p), rubric_2014, None, None, "BB") for p in (plain, odd))
    assert got.card is not None and want.card is not None
    assert got.card.index == want.card.index


def test_a_sheet_of_too_many_elements_is_refused_before_openpyxl_reads_it(
    tmp_path: Path, rubric_2014: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmprb_cli import workbook

    monkeypatch.setattr(workbook, "MAX_SHEET_ELEMENTS", 20_000)  # (two million: a test would build 8 MB)
    bomb = _unusual_sheet(tmp_path, rubric_2014, "bomb.xlsx", b"<x/>" * 20_000, b"")
    loaded = pipeline.load(str(bomb), rubric_2014)
    assert loaded.failed is not None and loaded.failed.code == "PMPRB-E105"
    assert "lembar 'LKE'" in loaded.failed.message and "20.000 elemen XML" in loaded.failed.message


def test_rows_past_the_read_bound_end_what_the_bounded_reader_reads(tmp_path: Path, rubric_2014: Rubric) -> None:
    # 10 000 rows numbered 1 (openpyxl keeps one) stopped the count, and what followed them was parsed unbounded.
    from pmprb_cli.xlsx_guard import MAX_ROW

    rows = b'<row r="1"/>' * (MAX_ROW + 1) + b"<x><y></x>"
    loaded = pipeline.load(str(_unusual_sheet(tmp_path, rubric_2014, "rows.xlsx", rows, b"")), rubric_2014)
    # The table's rows come after the bound: no LKE header is read, and the malformed tail never is (E103).
    assert loaded.failed is not None and loaded.failed.code == "PMPRB-E201", loaded.failed


def test_row_numbers_are_read_as_openpyxl_reads_them(tmp_path: Path, rubric_2014: Rubric) -> None:
    # r="203.0" (openpyxl reads 203) was numbered "the row before + 1" by the pre-pass; a gap above it put the
    # last answer on the wrong row (57,20 scored 50,52, without a word).
    plain = hostile.good(tmp_path, rubric_2014, "plain.xlsx", seed=7)
    odd = _unusual_sheet(tmp_path, rubric_2014, "odd.xlsx", b"", b"")
    parts = hostile.parts_of(odd)
    parts[hostile.SHEET] = re.sub(rb'<row r="(\d+)"', rb'<row r="\1.0"', parts[hostile.SHEET])
    floats = hostile.rezip(tmp_path / "floats.xlsx", parts)
    want, got = (pipeline.assess_file(str(p), rubric_2014, None, None, "BB") for p in (plain, floats))
    assert got.card is not None and want.card is not None
    assert got.card.index == want.card.index


def test_a_row_number_in_other_digits_is_said_unreadable(tmp_path: Path, rubric_2014: Rubric) -> None:
    # <row r="20²">: "20²".isdigit() is true, int() refuses it: a ValueError ended the whole batch (exit 3).
    odd = _unusual_sheet(tmp_path, rubric_2014, "odd.xlsx", b'<row r="20\xc2\xb2"/>', b"")
    loaded = pipeline.load(str(odd), rubric_2014)
    assert loaded.failed is not None and loaded.failed.code == "PMPRB-E103"


def test_bytes_after_an_xls_streams_last_record_are_left_as_calamine_leaves_them() -> None:
    # Slack after the final EOF (a record header claiming more than is left) was refused as a file cut short.
    from pmprb_cli.xls_guard import _far_cell_records

    bof = struct.pack("<HHHH", 0x0809, 4, 0x0600, 0x0005)
    eof = struct.pack("<HH", 0x000A, 0)
    assert _far_cell_records(bof + eof + b"\x01\x00\xff\x00\x00\x00") == ([], {})
    with pytest.raises(WorkbookError):
        _far_cell_records(bof + eof + struct.pack("<HH", 0x0203, 14) + b"\x00\x00")  # a cell cut short


def test_an_empty_sheet_is_cut_after_its_self_closed_cells() -> None:
    # <sheetData/>: expat reports its end after the "/>", and the cut took the next tag too: a blank sheet with
    # a drop-down ("Petunjuk") before the LKE made the workbook unreadable (E103).
    from xml.etree import ElementTree

    from pmprb_cli.workbook import cell_facts

    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    for tail in (b"<dataValidations/></worksheet>", b"</worksheet>"):
        facts = cell_facts(b"<worksheet " + main + b"><sheetData/>" + tail)
        assert facts.cells_part == b"<worksheet " + main + b"><sheetData/></worksheet>"
        ElementTree.fromstring(facts.cells_part)
    with_cells = cell_facts(b"<x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
                            b"<x:sheetData><x:row r='1'/></x:sheetData><x:tail/></x:worksheet>")  # fmt: skip
    assert with_cells.cells_part is not None and with_cells.cells_part.endswith(b"</x:sheetData></x:worksheet>")


def test_rows_of_another_namespace_do_not_count_toward_the_bound(tmp_path: Path, rubric_2014: Rubric) -> None:
    # openpyxl reads rows of the main namespace only; counted, 9 849 foreign rows cut the real ones off
    # (57,20 scored 29,42 with W108 and 40 E202).
    from pmprb_cli.xlsx_guard import MAX_ROW

    plain = hostile.good(tmp_path, rubric_2014, "plain.xlsx", seed=7)
    foreign = b'<q:row xmlns:q="urn:q"/>' * MAX_ROW
    odd = _unusual_sheet(tmp_path, rubric_2014, "foreign.xlsx", foreign, b"")
    want, got = (pipeline.assess_file(str(p), rubric_2014, None, None, "BB") for p in (plain, odd))
    assert got.card is not None and want.card is not None
    assert got.card.index == want.card.index


def test_a_utf16_sheet_declaring_its_encoding_is_cut_and_counted_too(tmp_path: Path, rubric_2014: Rubric) -> None:
    # Decoded to UTF-8 but still declaring UTF-16, the sheet was refused by the pre-pass at byte 0, and the
    # bounded reader read it uncut and uncounted: 7 M elements after the cells took 9 s and 779 MB.
    plain = hostile.good(tmp_path, rubric_2014, "plain.xlsx", seed=7)
    parts = hostile.parts_of(_unusual_sheet(tmp_path, rubric_2014, "odd.xlsx", b"", b"<x><y></x>"))
    text = b'<?xml version="1.0" encoding="UTF-16"?>' + parts[hostile.SHEET]
    parts[hostile.SHEET] = text.decode("utf-8").encode("utf-16")
    wide = hostile.rezip(tmp_path / "utf16.xlsx", parts)
    want, got = (pipeline.assess_file(str(p), rubric_2014, None, None, "BB") for p in (plain, wide))
    assert got.card is not None and want.card is not None, got.failed
    assert got.card.index == want.card.index


def test_a_large_data_sheet_before_the_lke_is_passed_over(tmp_path: Path, rubric_2014: Rubric) -> None:
    # A first sheet "Data" of 12 000 rows × 30 (more elements than the bounded reader takes) made the whole
    # workbook unreadable (E105), where the LKE on the next sheet scores 57,20. A workbook whose sheets together
    # hold too much is still refused.
    import openpyxl

    from pmprb_cli import workbook

    plain = hostile.good(tmp_path, rubric_2014, "plain.xlsx", seed=7)
    book = openpyxl.load_workbook(plain)
    book["LKE"].title = "Lembar Kerja"  # (a name pmprb does not look at first: the sheets are read in order)
    data = book.create_sheet("Data", 0)
    for _ in range(400):
        data.append(list(range(30)))
    data.cell(10_050, 1, 1)  # a cell past the read bound: every sheet goes to the bounded reader
    book.save(tmp_path / "data.xlsx")
    want = pipeline.assess_file(str(plain), rubric_2014, None, None, "BB")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workbook, "MAX_SHEET_ELEMENTS", 10_000)  # (the Data sheet holds 24 000)
        got = pipeline.assess_file(str(tmp_path / "data.xlsx"), rubric_2014, None, None, "BB")
        assert got.card is not None and want.card is not None, got.failed
        assert got.card.index == want.card.index
        # Each rubric tried reads the sheets again: the refused sheet is counted against the workbook once.
        view = workbook.open_workbook(str(tmp_path / "data.xlsx"))
        for _ in range(3):
            with pytest.raises(workbook.SheetTooLarge):
                view.sheet("Data")
        assert view._elements_left == workbook.MAX_WORKBOOK_ELEMENTS - 10_000
        patch.setattr(workbook, "MAX_WORKBOOK_ELEMENTS", 12_000)
        refused = pipeline.load(str(tmp_path / "data.xlsx"), rubric_2014)
        assert refused.failed is not None and refused.failed.code == "PMPRB-E105"
        assert "buku kerja berisi lebih dari" in refused.failed.message


def test_opening_a_workbook_read_only_parses_no_sheet_whole() -> None:
    # openpyxl sized every sheet without <dimension> by parsing it whole on opening: 10 M elements on a sheet
    # pmprb never reads took 11,5 s and 1 GB. Its size pass is skipped while pmprb opens a workbook.
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from pmprb_cli.workbook import _no_size_pass

    sized = ReadOnlyWorksheet._get_size
    with _no_size_pass():
        assert ReadOnlyWorksheet._get_size is not sized
    assert ReadOnlyWorksheet._get_size is sized


def test_controls_typed_in_an_answer_are_shown_escaped_in_every_message() -> None:
    # An answer cell holding ESC ] 0 ; … BEL (_x001B_ in the XML) retitled and cleared the evaluator's terminal
    # when the unit's rapor.md was shown, and a right-to-left override reversed the rest of the message.
    from pmprb_cli.catalogue import finding

    typed = "A\x1b]0;DIRETAS\x07\x1b[2J\u202eB\x00\x9b31m"
    said = finding("PMPRB-E402", "f.xlsx", sheet="LKE", cell="K13", item="A.I.1.a", value=typed, detail=typed)
    for text in (said.message, said.hint, said.value):
        assert text.isprintable(), text
    assert "A\\x1b]0;DIRETAS\\x07\\x1b[2J\\u202eB\\x00\\x9b31m" in said.message
    assert finding("PMPRB-E402", "f.xlsx", value="Ya\u00a0", detail="Ya / Tidak").value == "Ya"  # (a space, cut)
    # The sheet a finding names, where it is shown (kept as it is in the Finding, which is compared with the
    # workbook's), and the current answer an action shows (mid review: both still raw).
    from pmprb_cli.output import _WORDS, _group_line, finding_line
    from pmprb_cli.ranking import _typed

    odd = finding("PMPRB-E401", "f.xlsx", sheet="LKE\u202eKCOL", cell="K13", item="A.I.1.a")
    assert odd.sheet == "LKE\u202eKCOL"
    for line in (finding_line(odd), _group_line([odd, odd], _WORDS["id"])):
        assert "LKE\\u202eKCOL" in line and "\u202e" not in line

    assert _typed(typed) == "A\\x1b]0;DIRETAS\\x07\\x1b[2J\\u202eB\\x00\\x9b31m" and _typed(3.5) == 3.5


@pytest.mark.parametrize(("pad_mib", "refused"), [(3, False), (8, True)])
def test_a_part_padded_to_a_bombs_ratio_is_refused_before_it_is_read(
    tmp_path: Path, rubric_2014: Rubric, pad_mib: int, refused: bool
) -> None:
    # 60 MiB of spaces in each of four parts, 289 KB stored: within every size bound, 1 GB and 28 s to read.
    parts = hostile._base(tmp_path, rubric_2014)
    head, tail = hostile._split_sheet(parts.pop(hostile.SHEET))
    stream, crc, size = hostile.padded_stream(head, pad_mib, tail)
    members = [hostile.deflate(n, c) for n, c in parts.items()] + [hostile.Part(hostile.SHEET, stream, crc, size)]
    path = hostile.write_zip(tmp_path / "padded.xlsx", members)
    loaded = pipeline.load(str(path), rubric_2014)
    if refused:
        assert loaded.failed is not None and loaded.failed.code == "PMPRB-E105"
        assert f"bagian {hostile.SHEET} mengembang" in loaded.failed.message
    else:  # (3 MiB of spaces, below the floor: read as a real sheet with much padding)
        assert loaded.failed is None and loaded.submission is not None


_KILLED_WORKER = """
import os, signal, sys, time
from pmprb_cli import pipeline
from pmprb_cli.errors import SystemRefusal
from pmprb_cli.rubric import load_rubric

marker = sys.argv[1] + "/killed"

def chunk(paths):  # the first worker to start is killed, as the OOM killer does; the other is busy long
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        time.sleep(600)
    os.kill(os.getpid(), signal.SIGKILL)

pipeline._assess_chunk = chunk
files = [f"{sys.argv[1]}/u{n}.xlsx" for n in range(8)]
try:
    pipeline.read_paths(files, load_rubric("lke-rb-2014"), jobs=2)
except SystemRefusal as exc:
    print(exc.code, exc)
"""


def test_a_worker_killed_by_the_system_ends_the_command_with_a_message_not_a_hang(tmp_path: Path) -> None:
    # A worker SIGKILLed (the OOM killer): the pool sent SIGTERM, which workers ignore, to the other, busy one and
    # waited for it for ever.
    for n in range(8):
        (tmp_path / f"u{n}.xlsx").write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_WORKER, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert "PMPRB-E905 Sebuah proses pekerja pmprb dihentikan sistem" in done.stdout, done.stderr[-2000:]


def test_a_damaged_part_is_said_in_indonesian_with_zlibs_words_marked_as_such(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # "tidak dapat diurai (Error -3 while decompressing data: invalid distance too far back)": zlib's English
    # stood as the reason in the Indonesian message.
    failed = pipeline.assess_file(str(hostile.corrupt(tmp_path, rubric_2014)), rubric_2014).failed
    assert failed is not None and failed.code == "PMPRB-E103"
    assert "rusak: data terkompresinya tidak dapat dibuka (pesan teknis zlib: " in failed.message


def test_a_sheet_too_large_from_formatted_empty_cells_is_read_without_them(
    tmp_path: Path, rubric_2014: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The official BPS form re-saved by LibreOffice (columns formatted out to XFD: every row written with
    # 16 384 cells holding only a style, 71 MB from 9 MB) was refused (E105) though every answer was there.
    import zipfile

    from pmprb_cli import xlsx_guard

    plain = hostile.good(tmp_path, rubric_2014)
    parts = hostile.parts_of(plain)
    sheet = parts[hostile.SHEET]
    columns = [get_column_letter(n) for n in range(200, 16_385, 7)]  # (GR … XFD, as LibreOffice writes them)

    def styled(row: re.Match[bytes]) -> bytes:
        number = row.group(1)
        return row.group(0)[:-6] + b"".join(b'<c r="%s%s" s="1"/>' % (c.encode(), number) for c in columns) + b"</row>"

    padded = re.sub(rb'<row r="([0-9]+)"[^>]*>.*?</row>', styled, sheet, flags=re.S)
    assert len(padded) > 20 * len(sheet)
    parts[hostile.SHEET] = padded
    formatted = hostile.rezip(tmp_path / "formatted.xlsx", parts)
    monkeypatch.setattr(xlsx_guard, "MAX_PART_BYTES", len(padded) // 4)  # (past the bound, as 71 MB is past 64)
    monkeypatch.setattr(xlsx_guard, "_COMPACT_CHUNK", 64 * 1024)  # (many chunks: cuts fall inside rows)
    expected, read = pipeline.assess_file(str(plain), rubric_2014), pipeline.assess_file(str(formatted), rubric_2014)
    assert read.failed is None and read.card is not None and expected.card is not None
    assert read.card.index == expected.card.index and read.card.items == expected.card.items
    assert [f.code for f in read.findings] == [f.code for f in expected.findings]
    # What is left past the bound once the empty cells are dropped is still refused, and said as before.
    monkeypatch.setattr(xlsx_guard, "MAX_PART_BYTES", len(sheet) // 2)
    refused = pipeline.assess_file(str(formatted), rubric_2014).failed
    assert refused is not None and refused.code == "PMPRB-E105"
    assert "ribuan kolom atau baris kosong yang diberi format" in refused.message
    # (the way it comes about named: an operator who only opened and saved the form in LibreOffice did nothing
    # a "kolom … yang diberi format" told them of)
    assert "LibreOffice menulisnya begitu saat formulir resmi disimpan sebagai .xlsx" in refused.message
    assert "bom zip" not in refused.message
    # A part whose bytes are not those its CRC is of is damaged, streamed or not.
    monkeypatch.setattr(xlsx_guard, "MAX_PART_BYTES", len(padded) // 4)
    members = [hostile.deflate(n, c) for n, c in parts.items()]
    members = [m if m.name != hostile.SHEET else replace(m, crc=m.crc ^ 1) for m in members]
    damaged = pipeline.assess_file(str(hostile.write_zip(tmp_path / "damaged.xlsx", members)), rubric_2014).failed
    assert damaged is not None and damaged.code == "PMPRB-E103" and "CRC" in damaged.message
    # A cell placed by order (no r attribute) after an empty one would move once that one is dropped (A read at
    # J10 small and at I10 past the bound): such a sheet is refused, never read shifted.
    by_order = padded.replace(b'<c r="GR', b'<c s="1"/><c r="GR', 1).replace(
        b'<c s="1"/>', b'<c t="inlineStr"><is><t>x</t></is></c>', 1
    )
    assert by_order != padded
    parts[hostile.SHEET] = by_order
    refused = pipeline.assess_file(str(hostile.rezip(tmp_path / "order.xlsx", parts)), rubric_2014).failed
    assert refused is not None and refused.code == "PMPRB-E105"
    # A run of text with no tag end longer than a chunk, carried from chunk to chunk (a 240 MB comment cost 550 MB
    # and 5 s before E105): refused once it is past a chunk, not at the end.
    head, tail = padded.split(b"</sheetData>", 1)
    parts[hostile.SHEET] = head + b"</sheetData><!--" + b"x" * (3 * 64 * 1024) + b"-->" + tail
    refused = pipeline.assess_file(str(hostile.rezip(tmp_path / "comment.xlsx", parts)), rubric_2014).failed
    assert refused is not None and refused.code == "PMPRB-E105"
    # A sheet that declares a bomb's ratio is refused as one, unread.
    bomb = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    bomb.file_size, bomb.compress_size = 70_952_612, 100_000  # 700 times
    with pytest.raises(WorkbookError) as refused_bomb:
        xlsx_guard._inflate(None, b"", bomb)  # type: ignore[arg-type]
    assert "(bom zip)" in refused_bomb.value.message


def test_a_sheet_refused_for_its_size_is_named_by_its_tab(
    tmp_path: Path, rubric_2014: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "lembar xl/worksheets/sheet2.xml berukuran …": the operator sees tabs, not the archive's part names.
    from openpyxl import load_workbook

    from pmprb_cli import xlsx_guard

    book = load_workbook(hostile.good(tmp_path, rubric_2014))
    data = book.create_sheet("Data Pendukung")
    for _ in range(300):
        data.append(["isi"] * 40)
    book.save(tmp_path / "data.xlsx")
    sizes = {name: len(content) for name, content in hostile.parts_of(tmp_path / "data.xlsx").items()}
    lke, extra = sizes["xl/worksheets/sheet1.xml"], sizes["xl/worksheets/sheet2.xml"]
    assert extra > 2 * lke
    monkeypatch.setattr(xlsx_guard, "MAX_PART_BYTES", (lke + extra) // 2)
    failed = pipeline.load(str(tmp_path / "data.xlsx"), rubric_2014).failed
    assert failed is not None and failed.code == "PMPRB-E105"
    detail = failed.message.partition(": ")[2].removesuffix(".")
    assert detail.startswith("lembar 'Data Pendukung': bagian xl/worksheets/sheet2.xml berukuran "), detail
    from pmprb_cli.english import detail_in_english

    assert detail_in_english(detail).startswith("sheet 'Data Pendukung': part xl/worksheets/sheet2.xml is ")
    lying = pipeline.load(str(hostile.zip_bomb_lying(tmp_path, rubric_2014)), rubric_2014).failed
    assert lying is not None and "lembar 'LKE': bagian xl/worksheets/sheet1.xml mengembang melebihi" in lying.message


@pytest.mark.skipif(not hasattr(os, "fork"), reason="sets the open-files limit of a forked child (POSIX)")
def test_a_batch_whose_workers_cannot_start_ends_instead_of_hanging(tmp_path: Path) -> None:
    # `ulimit -n 14`: the second worker could not be started (too many open files); E905 was said, then the
    # exit waited for ever on the first worker, blocked on a queue nobody fed.
    import resource
    import subprocess
    import sys

    samples = Path(__file__).resolve().parents[1] / "sample_data" / "2022-08"
    for limit in range(12, 20):

        def limited(limit: int = limit) -> None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

        command = [sys.executable, "-m", "pmprb_cli", "score", str(samples), "-j", "2", "--format", "json"]
        done = subprocess.run(command, capture_output=True, preexec_fn=limited, timeout=120, check=False)
        assert done.returncode in (0, 1, 2), (limit, done.stderr.decode())
        assert b"Traceback" not in done.stderr


def test_openpyxls_warnings_do_not_reach_the_operator(tmp_path: Path, rubric_2014: Rubric) -> None:
    # A sheet link left empty (r:id="") sent the bounded reader's English UserWarning, with the path of pmprb's
    # own install, to the operator's terminal: "…/openpyxl/reader/workbook.py:84: UserWarning: File contains an
    # invalid specification for 0. This will be removed".
    import warnings

    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014))
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", b'<sheet name="Lain" sheetId="9" r:id=""/></sheets>'
    )
    odd = hostile.rezip(tmp_path / "odd.xlsx", parts)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        loaded = pipeline.load(str(odd), rubric_2014)
        assert loaded.failed is None, loaded.failed
    assert [str(w.message) for w in said] == []


def test_a_sheet_cut_short_and_a_lost_relationships_part_are_said_for_what_they_are(
    tmp_path: Path, rubric_2014: Rubric
) -> None:
    # A sheet's XML cut inside a cell was "pesan teknis pembaca: c." (openpyxl's KeyError, a bare key); a
    # workbook whose xl/_rels/workbook.xml.rels was renamed was "Berkas kosong (0 bita)", of 41 KB.
    parts = hostile.parts_of(hostile.good(tmp_path, rubric_2014))
    sheet = parts[hostile.SHEET]
    cut = dict(parts)
    cut[hostile.SHEET] = sheet[: sheet.index(b"</v>", len(sheet) // 2) + len(b"</v>")]  # (inside a cell)
    failed = pipeline.load(str(hostile.rezip(tmp_path / "cut.xlsx", cut)), rubric_2014).failed
    assert failed is not None and failed.code == "PMPRB-E103"
    assert "isi XML lembar rusak atau terpotong (pesan teknis pembaca: " in failed.message, failed.message
    lost = {("XL/_RELS/WORKBOOK.XML.RELS" if n == "xl/_rels/workbook.xml.rels" else n): c for n, c in parts.items()}
    failed = pipeline.load(str(hostile.rezip(tmp_path / "rels.xlsx", lost)), rubric_2014).failed
    assert failed is not None and failed.code == "PMPRB-E103", failed
    assert "buku kerja mendaftar lembar 'LKE'" in failed.message and "0 bita" not in failed.message
    from pmprb_cli.english import detail_in_english

    detail = failed.message.partition(": ")[2].removesuffix(".")
    assert detail_in_english(detail).startswith("the workbook lists sheets 'LKE'"), detail


def test_a_dtd_is_told_apart_from_a_large_file(tmp_path: Path, rubric_2014: Rubric) -> None:
    # "Berkas LKE wajar berukuran di bawah beberapa MB" was the hint to a 30 KB file holding a DTD.
    failed = pipeline.load(str(hostile.entity_bomb(tmp_path, rubric_2014)), rubric_2014).failed
    assert failed is not None and failed.code == "PMPRB-E105"
    assert failed.hint.startswith("Excel dan LibreOffice tidak pernah menulis DTD") and "MB" not in failed.hint


def test_counts_past_any_float_keep_the_score_json_valid(tmp_path: Path) -> None:
    # Every number of an LKE typed 1E+308: the 100 % an action proposed overflowed, and `score --format json`
    # wrote a bare Infinity, which jq and JSON.parse refuse (the whole output lost, not one figure).
    book = openpyxl.load_workbook(ROOT / "sample_data" / "2022-08" / "DINKES.xlsx")
    sheet = book["LKE"]
    sheet.protection.sheet = False
    for row in range(9, sheet.max_row + 1):
        value = sheet.cell(row, 11).value
        if isinstance(value, int | float) and not isinstance(value, bool):
            sheet.cell(row, 11).value = 1e308
    (tmp_path / "in").mkdir()
    book.save(tmp_path / "in" / "DINKES.xlsx")
    args = ["score", str(tmp_path / "in"), "--period", "2022-08", "--format", "json"]
    text = invoke(args, expected_code=1).stdout

    def refuse(constant: str) -> None:
        raise AssertionError(f"bare {constant} in the JSON")

    doc = json.loads(text, parse_constant=refuse)
    # Counts past any count scoring reads (PMPRB-E403, counted 0) are none to propose a percentage with either: a
    # plan built on them promised a target re-scoring never gave (jsonrev).
    proposed = [v for a in doc["units"][0]["actions"] for v in a.get("set", {}).values()]
    assert doc["units"] and all(abs(v) <= 10**15 for v in proposed), proposed


#: The bytes that decide the guard's bound searches (xlsx_guard._cells_beyond_bound), as tokens of random texts.
_BOUND_TOKENS = [
    *(b"<c", b'<c r="', b"<row", b'<row r="', b' r="', b"r", b"=", b'"', b" ", b"\t", b"\x0b", b"\x0c", b"\n", b"\r"),
    *(b"/", b">", b"</row>", b"<", b":", b":c", b":row", b".", b"-", b"_", b"s", b"o", b"w", b"c", b"x:c", b"'"),
    *(b"0", b"1", b"5", b"9", b"A", b"B", b"C", b"D", b"Z", b"a", b"\xc3", b"\xe9", b"\x00", b"r =", b'1"', b"99999"),
    *(b"CZ", b"DA", b"XFD", b"/>", b"></row>", b"ow", b"<ro", b'r"', b"<row/>", b'<c r="A1"', b'<c r="CZ9999"'),
    *(b'<c r="DA1"', b'<c r="A10000"', b'<row r="10000"', b'<row r="1048576"/>', b'<row r="0"', b"<cols>"),
]


def test_the_bound_searches_with_re2_find_what_the_sre_ones_find() -> None:
    # Three of the guard's searches run with RE2 (5 % of a workbook's time), rewritten without look-around: a text
    # one finds and the other does not would be a cell beyond the bound handed to calamine. The sre patterns are
    # the definition; both are run on random texts of the bytes that decide them, and on every sheet part here.
    pytest.importorskip("re2")
    from pmprb_cli import xlsx_guard

    searches = xlsx_guard._bound_searches()
    definitions = (xlsx_guard._ODD_CELL_TAG, xlsx_guard._ODD_ROW_TAG, xlsx_guard._PREFIXED_TAG)
    assert all(type(s).__module__.startswith("re2") for s in searches[:3]), searches
    rng = random.Random(5)
    found = [0, 0, 0]
    for _ in range(60_000):
        text = b"".join(rng.choice(_BOUND_TOKENS) for _ in range(rng.randint(0, 14)))
        for n, (fast, definition) in enumerate(zip(searches, definitions, strict=False)):
            expected = definition.search(text) is not None
            assert (fast.search(text) is not None) == expected, (n, text)
            found[n] += expected
    assert min(found) > 1_000, found  # (each search found texts: the comparison tells them apart)
    # Whole sheets, as spreadsheets and the hostile files here write them.
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "2022-08"
    for path in sorted(sample.glob("*.xlsx"))[:10]:
        for name, content in hostile.parts_of(path).items():
            for fast, definition in zip(searches, definitions, strict=False):
                assert (fast.search(content) is not None) == (definition.search(content) is not None), name


#: More bytes that decide the searches the marks of xlsx_guard.sheet_marks stand for.
_MARKED_TOKENS = [
    *(b"<v>", b"</v>", b"<v> ", b" </v>", b"\n</v>", b' t="s"', b' t="e"', b't="e"', b' t="', b"e", b"HYPERLINK("),
    *(b"HYPERLINK", b"(", b"<f>", b"<f ", b"<f/>", b"<f", b'<c r="K12"', b'<c r="M3"', b'<c r="AB3"', b'K1"', b"AB"),
    *(b'<c r="', b"K", b"M", b"12", b"><", b"-1", b" 54", b"abc", b' t="s">', b'<c r="K12">', b'<c r="AB3">'),
    *(b"<sheetData>", b"</sheetData>", b' t="s"><v>', b"\x00", b"\x80", b"\xff", b"\xef\xbb\xbf", b"\x0b<v>"),
    *(b"\x0c", b"hyperlink(", b"x:", b"<x:c", b'<c r="k12">', b"t='e'", b"\t</v>", b"\r"),
]


def test_the_sheet_marks_hold_every_text_their_searches_find() -> None:
    # One pass of RE2's set matcher tells which rare texts a sheet may hold; a search whose mark is missing is
    # skipped. A text a search finds whose mark the pass missed would be a cell beyond the bound handed to
    # calamine, an error value read as blank, a formula in an answer cell not said. The searches are the
    # definition: each is run on random texts of the bytes that decide it, with and without the marks.
    pytest.importorskip("re2")
    from pmprb_cli import workbook, xlsx_guard

    assert xlsx_guard._SHEET_MARKS["error_value"] == workbook._ERROR_TYPE  # (no character special to RE2)
    definitions = {
        "odd_cell": xlsx_guard._ODD_CELL_TAG,
        "odd_row": xlsx_guard._ODD_ROW_TAG,
        "prefixed": xlsx_guard._PREFIXED_TAG,
        "other_r": xlsx_guard._OTHER_R_ATTRIBUTE,
        "odd_string_index": re.compile(xlsx_guard._ODD_STRING_INDEX),
        "error_value": re.compile(re.escape(workbook._ERROR_TYPE)),
        "hyperlink_formula": re.compile(re.escape(xlsx_guard.HYPERLINK_CALL)),
    }
    column_sets = (("K",), ("A", "M"), ("AB",), ("K", "CZ"))
    rng = random.Random(7)
    found: Counter[str] = Counter()
    tokens = _BOUND_TOKENS + _MARKED_TOKENS

    def check(text: bytes) -> None:
        marks = xlsx_guard.sheet_marks(text)
        assert marks is not None
        for mark, definition in definitions.items():
            expected = definition.search(text) is not None
            # (exact for the look-around one rewritten for RE2; the others are the same patterns)
            assert (mark in marks) == expected, (mark, text)
            found[mark] += expected
        assert xlsx_guard._cells_beyond_bound(text, marks) == xlsx_guard._cells_beyond_bound(text), text
        assert xlsx_guard._spaced_values(text, marks) == xlsx_guard._spaced_values(text), text
        assert xlsx_guard._odd_string_index(text, marks) == xlsx_guard._odd_string_index(text), text
        found["spaced_value"] += xlsx_guard._spaced_values(text)
        for columns in column_sets:
            if xlsx_guard._column_formulas(columns).search(text) is not None:
                found["formula"] += 1
                assert any(xlsx_guard._formula_mark(c) in marks for c in columns), (columns, text)

    for n in range(40_000):
        # (half of them within a sheetData element, where _spaced_values looks)
        check(b"<sheetData>"[: 11 * (n % 2)] + b"".join(rng.choice(tokens) for _ in range(rng.randint(0, 16))))
    assert min(found.values()) > 100 and len(found) == len(definitions) + 2, found
    # Whole sheets, as spreadsheets and the hostile files here write them.
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "2022-08"
    for path in sorted(sample.glob("*.xlsx"))[:10]:
        for content in hostile.parts_of(path).values():
            check(content)


def test_a_part_may_hold_everything_without_re2(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without google-re2 no pass is made: every search runs, as before the marks.
    from pmprb_cli import xlsx_guard

    class Failing:  # RE2's set matcher says "no match" also when its automaton fails (setrev)
        def Match(self, text: bytes) -> None:  # noqa: N802 (RE2's name)
            return None

    with monkeypatch.context() as patched:
        patched.setattr(xlsx_guard, "_sheet_mark_set", lambda: (Failing(), tuple(xlsx_guard._SHEET_MARKS)))
        assert xlsx_guard.sheet_marks(b'<sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData>') is None
    assert xlsx_guard.sheet_marks(b"") == frozenset()  # (the end of a text always matches: no failure)

    monkeypatch.setitem(sys.modules, "re2", None)
    xlsx_guard._sheet_mark_set.cache_clear()
    try:
        assert (
            xlsx_guard.sheet_marks(b'<sheetData><row r="1"><c r="A1" t="e"><v>#N/A</v></c></row></sheetData>') is None
        )
        package = xlsx_guard.Package(path="x.xlsx", data=b"", kind="xlsx")
        assert package.may_hold("xl/worksheets/sheet1.xml", "error_value")
    finally:
        xlsx_guard._sheet_mark_set.cache_clear()
    package = xlsx_guard.Package(path="x.xlsx", data=b"", kind="xlsx", marks={"s.xml": frozenset({"odd_cell"})})
    assert package.may_hold("s.xml", "odd_cell") and not package.may_hold("s.xml", "error_value")
    assert package.may_hold("s.xml", "no_such_mark") and package.may_hold("other.xml", "error_value")


def test_the_bound_searches_fall_back_to_sre_without_re2(monkeypatch: pytest.MonkeyPatch) -> None:
    # A platform without google-re2's wheel reads as strictly, only slower.
    from pmprb_cli import xlsx_guard

    monkeypatch.setitem(sys.modules, "re2", None)  # (import re2 raises ImportError)
    xlsx_guard._bound_searches.cache_clear()
    try:
        assert xlsx_guard._bound_searches() == (
            xlsx_guard._ODD_CELL_TAG,
            xlsx_guard._ODD_ROW_TAG,
            xlsx_guard._PREFIXED_TAG,
            xlsx_guard._OTHER_R_ATTRIBUTE,
        )
        assert xlsx_guard._cells_beyond_bound(b'<sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData>')
    finally:
        xlsx_guard._bound_searches.cache_clear()
