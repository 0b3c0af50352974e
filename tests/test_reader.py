"""Reading official-layout workbooks: columns by title, hierarchy walked, rows inserted, typed answers."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest

from pmprb_cli.models import Rubric
from pmprb_cli.pipeline import load, score_paths

from .factories import random_answers, write_official


def test_round_trip_official_layout(tmp_path: Path, rubric_2014: Rubric) -> None:
    answers = random_answers(rubric_2014, random.Random(1))
    path = write_official(tmp_path / "a.xlsx", rubric_2014, answers, instansi="Dinas Kesehatan")
    loaded = load(str(path), rubric_2014)
    assert loaded.failed is None and loaded.submission is not None
    sub = loaded.submission
    assert sub.unit_name == "Dinas Kesehatan" and sub.period == "2022" and sub.layout == "official"
    assert {c: a.raw for c, a in sub.answers.items()} == answers
    assert loaded.findings == ()


def test_inserted_rows_and_lowercase_answers(tmp_path: Path, rubric_2014: Rubric) -> None:
    answers = random_answers(rubric_2014, random.Random(2))
    plain = write_official(tmp_path / "plain.xlsx", rubric_2014, answers, instansi="Dinas Satu")
    typed = {c: (v.lower() + " " if isinstance(v, str) and len(v) <= 5 else v) for c, v in answers.items()}
    messy = write_official(tmp_path / "messy.xlsx", rubric_2014, typed, insert_blank_rows=True, instansi="Dinas Dua")
    run = score_paths([str(plain), str(messy)], rubric_2014)
    assert not run.failed
    assert not [f for f in run.findings if f.severity.value == "error"]
    assert run.cards[0].index == run.cards[1].index


def test_columns_found_by_title_not_letter(tmp_path: Path, rubric_2014: Rubric) -> None:
    answers = random_answers(rubric_2014, random.Random(3))
    path = write_official(tmp_path / "a.xlsx", rubric_2014, answers)
    expected = score_paths([str(path)], rubric_2014).cards[0].index
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    ws.insert_cols(1, 2)  # two helper columns typed in front of everything
    ws.merge_cells("D1:H1")
    wb.save(path)
    run = score_paths([str(path)], rubric_2014)
    assert not run.failed and run.cards[0].index == expected


def test_row_moved_within_its_sub_is_found_by_text(tmp_path: Path, rubric_2014: Rubric) -> None:
    answers = random_answers(rubric_2014, random.Random(4))
    path = write_official(tmp_path / "a.xlsx", rubric_2014, answers)
    expected = score_paths([str(path)], rubric_2014).cards[0]
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    # Swap the question and answer of two items in the same sub, keeping the letters in place.
    rows = {ws.cell(r, 6).value: r for r in range(7, ws.max_row + 1) if ws.cell(r, 6).value}
    q_a = next(i.question for i in rubric_2014.items() if i.code == "A.I.3.a")
    q_b = next(i.question for i in rubric_2014.items() if i.code == "A.I.3.b")
    ra, rb = rows[q_a], rows[q_b]
    for col in (6, 8, 9, 10):
        a, b = ws.cell(ra, col).value, ws.cell(rb, col).value
        ws.cell(ra, col, b)
        ws.cell(rb, col, a)
    wb.save(path)
    run = score_paths([str(path)], rubric_2014)
    assert run.cards[0].index == expected.index
    assert not [f for f in run.findings if f.severity.value == "error"]


def test_deleted_row_is_reported_not_silent(tmp_path: Path, rubric_2014: Rubric) -> None:
    answers = random_answers(rubric_2014, random.Random(5))
    answers["A.I.1.b"] = "A"
    path = write_official(tmp_path / "a.xlsx", rubric_2014, answers)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    row = next(
        r
        for r in range(7, ws.max_row)
        if ws.cell(r, 6).value
        == "Tim Reformasi Birokrasi telah melaksanakan tugas sesuai rencana kerja Tim Reformasi Birokrasi"
    )
    ws.delete_rows(row)
    wb.save(path)
    run = score_paths([str(path)], rubric_2014)
    codes = {(f.code, f.item) for f in run.findings}
    assert ("PMPRB-E202", "A.I.1.b") in codes
    assert ("PMPRB-E401", "A.I.1.b") not in codes  # the missing row is said once
    assert {i.code: i.status for i in run.cards[0].items}["A.I.1.b"] == "missing"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "PMPRB-E107"),
        (b"kode,nama\n1,2\n", "PMPRB-E102"),
        (b"PK\x03\x04 truncated zip", "PMPRB-E103"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le"), "PMPRB-E104"),
    ],
)
def test_unreadable_files_fail_with_a_code(tmp_path: Path, rubric_2014: Rubric, content: bytes, code: str) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    loaded = load(str(path), rubric_2014)
    assert loaded.failed is not None and loaded.failed.code == code
    assert loaded.failed.message and loaded.failed.hint


@pytest.mark.parametrize(
    ("content", "said"),
    [
        # A Microsoft 365 sensitivity label that encrypts: no EncryptionInfo, and it was "a Word .doc".
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\0" * 600
            + "EncryptedPackage".encode("utf-16-le")
            + b"\0" * 64
            + "DRMEncryptedDataSpace".encode("utf-16-le"),
            "label sensitivitas atau pembatasan akses Microsoft 365",
        ),
        # (an .xlsb was "arsip zip tanpa xl/workbook.xml")
        (None, "buku kerja biner Excel (.xlsb); simpan sebagai .xlsx"),
    ],
)
def test_a_labelled_or_binary_workbook_is_named_as_such(
    tmp_path: Path, rubric_2014: Rubric, content: bytes | None, said: str
) -> None:
    import zipfile

    path = tmp_path / "bad.xlsx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    else:
        path.write_bytes(content)
    loaded = load(str(path), rubric_2014)
    assert loaded.failed is not None and said in loaded.failed.message, loaded.failed


def test_a_workbook_whose_parts_are_named_with_backslashes_is_said_so(tmp_path: Path, rubric_2014: Rubric) -> None:
    # Some Windows zip libraries write xl\workbook.xml: it was "arsip zip tanpa xl/workbook.xml" (writerrev).
    import zipfile

    path = tmp_path / "miring.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl\\workbook.xml", "<workbook/>")
        archive.writestr("xl\\worksheets\\sheet1.xml", "<worksheet/>")
    loaded = load(str(path), rubric_2014)
    assert loaded.failed is not None and loaded.failed.code == "PMPRB-E102"
    assert "dinamai dengan garis miring terbalik (xl\\workbook.xml)" in loaded.failed.message, loaded.failed
    # (names in capitals hold no backslash: not said to; diffrev13)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("XL/WORKBOOK.XML", "<workbook/>")
    loaded = load(str(path), rubric_2014)
    assert loaded.failed is not None and "garis miring terbalik" not in loaded.failed.message, loaded.failed


def test_workbook_of_another_rubric_is_refused(tmp_path: Path, rubric_2014: Rubric) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["No", "PENILAIAN", "Jawaban", "Nilai"])
    ws.append([1, "Sesuatu yang lain sama sekali", "Ya", 1])
    wb.save(tmp_path / "other.xlsx")
    loaded = load(str(tmp_path / "other.xlsx"), rubric_2014)
    assert loaded.failed is not None and loaded.failed.code == "PMPRB-E206"


def test_evidence_given_as_a_link_keeps_its_link(tmp_path: Path, rubric_2014: Rubric) -> None:
    # Bukti dukung typed as =HYPERLINK(...) or as a cell hyperlink reached the export as its shown text only,
    # and a HYPERLINK saved without its value (openpyxl, scripts) counted as no evidence (W410).
    from pmprb_cli.registry import Unit
    from pmprb_cli.template import write_template

    from .factories import best_answers

    path = write_template(
        tmp_path / "dinkes.xlsx",
        rubric_2014,
        Unit("DINKES", "Dinkes", "dinas"),
        "2019-07",
        answers=best_answers(rubric_2014),
    )
    loaded = load(str(path), rubric_2014)
    assert loaded.submission is not None
    first, second = [a for a in loaded.submission.answers.values()][:2]
    book = openpyxl.load_workbook(path)
    sheet = book["LKE"]
    bukti = next(c.column_letter for c in sheet[8] if c.value == "Bukti Dukung")
    sheet[f"{bukti}{first.row}"] = '=HYPERLINK("https://drive.contoh.go.id/sk.pdf?a=1&b=2","SK Tim")'
    sheet[f"{bukti}{second.row}"] = "SK Bupati 12/2022"
    sheet[f"{bukti}{second.row}"].hyperlink = "https://drive.contoh.go.id/skb.pdf"
    book.save(path)
    loaded = load(str(path), rubric_2014)
    assert loaded.submission is not None
    read = loaded.submission.answers
    # No value saved (openpyxl, scripts): the link is the evidence, said once.
    assert (read[first.code].evidence, read[first.code].evidence_link) == (
        "https://drive.contoh.go.id/sk.pdf?a=1&b=2",
        "",
    )
    assert (read[second.code].evidence, read[second.code].evidence_link) == (
        "SK Bupati 12/2022",
        "https://drive.contoh.go.id/skb.pdf",
    )
    assert "PMPRB-W410" not in {f.code for f in loaded.findings if f.cell.startswith(bukti)}


def test_a_hyperlink_formula_with_its_value_keeps_both() -> None:
    from pmprb_cli.xlsx_guard import Package

    sheet = (
        b'<worksheet><sheetData><row r="9"><c r="M9" t="str"><f>HYPERLINK(&quot;https://x.go.id/a&amp;b&quot;,'
        b'&quot;SK&quot;)</f><v>SK</v></c><c r="N9" t="str"><f>HYPERLINK("https://y")</f><v>y</v></c></row>'
        b'<row r="10"><c r="M10"><f>SUM(1)</f><v>1</v></c></row></sheetData></worksheet>'
    )
    package = Package("x.xlsx", b"", "xlsx", contents={"xl/worksheets/sheet1.xml": sheet})
    assert package.links("xl/worksheets/sheet1.xml", "M") == {"M9": "https://x.go.id/a&b"}


def test_links_are_found_in_the_spellings_the_bounded_reader_reads(tmp_path: Path) -> None:
    # x:-prefixed tags (Open XML SDK) and single-quoted attributes: the sheets the bounded reader reads lost
    # their links, and a HYPERLINK saved without its value was "Bukti dukung belum diisi" (W410).
    import zipfile

    from pmprb_cli.xlsx_guard import Package

    sheet = (
        b'<x:worksheet xmlns:x="main" xmlns:r="rels"><x:sheetData><x:row r="9"><x:c s="3" r="M9">'
        b'<x:f>HYPERLINK("https://x.go.id/a","SK")</x:f></x:c></x:row>'
        b"<x:row r='10'><x:c r='M10' t='s'><x:v>0</x:v></x:c></x:row></x:sheetData>"
        b"<x:hyperlinks><x:hyperlink ref='M10' r:id='rId1'/></x:hyperlinks></x:worksheet>"
    )
    rels = (
        b"<Relationships><Relationship Id='rId1' Type='hyperlink' Target='https://y.go.id/it&apos;s'"
        b" TargetMode='External'/></Relationships>"
    )
    data = tmp_path / "x.zip"
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("xl/worksheets/_rels/sheet1.xml.rels", rels)
    package = Package("x.xlsx", data.read_bytes(), "xlsx", contents={"xl/worksheets/sheet1.xml": sheet})
    assert package.links("xl/worksheets/sheet1.xml", "M") == {"M9": "https://x.go.id/a", "M10": "https://y.go.id/it's"}


@pytest.mark.parametrize("padding", [(b"\r\n    ", b"\r\n"), (b"\r\n", b""), (b"\t", b""), (b"  ", b"  "), (b" ", b"")])
def test_a_value_padded_with_white_space_reads_as_written(tmp_path: Path, padding: tuple[bytes, bytes]) -> None:
    # <v>\n  34\n</v> (an indenting XML writer; valid XML): calamine read string number 0, the sheet's title,
    # for every answer (68,57 → 42,56, "Jawaban tidak sesuai pilihan" 162 times) or found no header at all.
    import re
    import zipfile

    from pmprb_cli.pipeline import assess_file
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    rubric = load_rubric("pmprb-2020")
    answers = random_answers(rubric, random.Random(11))
    plain = write_template(tmp_path / "plain.xlsx", rubric, Unit("X", "Dinas X", "dinas"), "2022-07", "K", answers)
    padded = tmp_path / "padded.xlsx"
    before, after = padding
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(padded, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<v>([^<]*)</v>", lambda m: b"<v>" + before + m.group(1) + after + b"</v>", data)
            out.writestr(info.filename, data)
    want, got = (assess_file(str(p), rubric, None, None, "BB") for p in (plain, padded))
    assert got.card is not None and want.card is not None, got.failed
    assert got.card.index == want.card.index and got.card.invalid == want.card.invalid


def test_an_excel_95_sheets_hidden_rows_and_formats_are_found_by_its_name() -> None:
    # BIFF5 writes a sheet's name without BIFF8's flags byte: read as BIFF8, 'LKE' was 'KE' and nothing of it
    # (hidden rows, percent formats, formulas, error values) was found.
    import struct

    from pmprb_cli.xls_guard import xls_cell_facts

    from .hostile import ole_file

    def record(kind: int, body: bytes) -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    name = b"LKE"
    bof = struct.pack("<HHHH", 0x0500, 0x0005, 0, 0)
    sheet_at = len(record(0x0809, bof)) + len(record(0x0085, struct.pack("<IHB", 0, 0, 3) + name)) + 4
    workbook = record(0x0809, bof) + record(0x0085, struct.pack("<IHB", sheet_at, 0, len(name)) + name)
    workbook += record(0x000A, b"")
    hidden_row_2 = struct.pack("<HHHHHHHH", 1, 0, 16, 0x012C, 0, 0, 0x0120, 0x0F)
    workbook += record(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0, 0)) + record(0x0208, hidden_row_2)
    workbook += record(0x000A, b"")
    assert xls_cell_facts(ole_file(workbook), "LKE")[3] == frozenset({1})


def test_a_bukti_dukung_text_past_any_list_of_links_is_kept_cut(tmp_path: Path) -> None:
    # Cells of 31 000 characters (Excel allows 32 767) in 80 workbooks within every file bound took `merge` and
    # `run` to 2,9 GB and the rekap to 235 MB: the text is kept to MAX_EVIDENCE characters, ending "…".
    from pmprb_cli.layout import MAX_EVIDENCE
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers

    rubric = load_rubric("pmprb-2020")
    code = rubric.answer_codes()[0]
    long = " ".join(f"https://drive.contoh.go.id/bukti/{n:05d}.pdf" for n in range(800))  # (some 35 000)
    path = write_template(
        tmp_path / "d.xlsx",
        rubric,
        Unit("D", "Dinas D", "dinas"),
        "2022-08",
        "Kab",
        best_answers(rubric),
        evidence={code: long},
    )
    loaded = load(str(path), rubric)
    assert loaded.submission is not None
    kept = loaded.submission.answers[code].evidence
    assert MAX_EVIDENCE - 2 <= len(kept) <= MAX_EVIDENCE and kept.endswith("…") and long.startswith(kept[:-1].rstrip())
