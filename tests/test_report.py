"""The rapor: golden Markdown of the sample kabupaten, determinism, escaping, names, history, the CLI."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmprb_cli import __version__
from pmprb_cli.batch import Batch
from pmprb_cli.errors import UsageError
from pmprb_cli.models import Rubric, rounded_half_up
from pmprb_cli.ranking import Ranked
from pmprb_cli.rapor import AreaRow, kabupaten_view, page_names, safe_stem, unit_view
from pmprb_cli.registry import Unit
from pmprb_cli.reporting import (
    HistoryPoint,
    answer,
    count,
    default_templates_dir,
    md,
    num,
    percent,
    periode,
    render_pages,
    render_reports,
    signed,
)

from .conftest import invoke
from .factories import SAMPLE_DATA, sample_inbox
from .rapor_sample import HISTORY, HOSTILE, PERIOD, Sample, sample_batch, write_sample

GOLDEN = Path(__file__).parent / "golden" / "report"


@pytest.fixture(scope="module", autouse=True)
def indonesian() -> Iterator[None]:
    # Finding messages follow PMPRB_LANG, which another test's `--lang en` may have left in the environment.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PMPRB_LANG", "id")
        yield


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, rubric_2014: Rubric) -> Sample:
    return write_sample(tmp_path_factory.mktemp("kabupaten"), rubric_2014)


@pytest.fixture(scope="module")
def batch(sample: Sample, rubric_2014: Rubric) -> Batch:
    return sample_batch(sample, rubric_2014)


@pytest.fixture(scope="module")
def pages(batch: Batch) -> dict[str, str]:
    return render_pages(batch, history=HISTORY)


# --------------------------------------------------------------------------- golden Markdown


def test_markdown_matches_golden(pages: dict[str, str], update_golden: bool) -> None:
    markdown = {name: text for name, text in pages.items() if name.endswith(".md")}
    assert set(markdown) == {
        "index.md",
        "dinkes.md",
        "disdik.md",
        "inspektorat.md",
        "bappeda.md",
        "kec-sukamaju.md",
        "kec-mekarsari.md",
    }
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for old in GOLDEN.glob("*.md"):
            old.unlink()
        for name, text in markdown.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
    stored = {p.name: p.read_text(encoding="utf-8") for p in GOLDEN.glob("*.md")}
    assert set(stored) == set(markdown), "golden files differ in number: run pytest --update-golden"
    for name, text in markdown.items():
        assert text == stored[name], f"{name} differs from tests/golden/report/{name}: review, then --update-golden"


def test_an_areas_share_is_of_its_score_as_shown_as_the_rekap_and_the_judgement_take_it() -> None:
    # "1,03 / 1,50 → 68%" (of 1,026) beside the rekap's 68,67 %; 2,103 of 3 read "70%" and was judged below BB.
    assert AreaRow("A.II.8", "x", 1.5, 1.026, ()).share == pytest.approx(1.03 / 1.5, abs=1e-9)
    assert AreaRow("A.III.6", "x", 3.0, 2.103, ()).share == 0.7
    assert AreaRow("A", "x", 0.0, 0.0, ()).share == 0.0


def _sample_unit(kode: str) -> tuple[Batch, dict[str, str]]:
    """One sample unit of August scored against BB, and its rapor in both formats."""
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import load_registry
    from pmprb_cli.reporting import render_pages
    from pmprb_cli.rubric import load_rubric

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    batch = build_batch(
        [str(samples / "2022-08" / f"{kode}.xlsx")],
        load_rubric("pmprb-2020"),
        registry=load_registry(samples / "registry.csv"),
        period="2022-08",
        target="BB",
    )
    return batch, render_pages(batch, ("md", "html"))


def test_a_step_that_raises_a_reported_number_is_a_target_not_a_number_to_retype() -> None:
    # "Persentase penyederhanaan struktur organisasi 24,3 → 100" was one of "5 jawaban" to change: a unit told to
    # type another figure than what it achieved.
    _, pages = _sample_unit("DISARPUS")
    page = " ".join(pages["DISARPUS.md"].split())
    assert "5 sasaran capaian (angka capaian dan isian data Jumlah yang dilaporkan apa adanya" in page
    # The kabupaten rapor counts them as the unit's page does: it said "9 (2 isian data)", the counts only.
    for index in (pages["index.md"], pages["index.html"]):
        assert "10 (5 di antaranya sasaran capaian)" in index and "isian data)" not in index
    assert "*angka capaian, dilaporkan apa adanya: sasaran kinerja, bukan angka yang diketik ulang*" in page
    # Its rubric notes without the design notes they cite ("Diadaptasi (PMPRB-2020.md R1)"), which no OPD has.
    assert "Diadaptasi: bobot reform area = 1,5 × bobot pemenuhan area." in page
    assert not re.search(r"PMPRB-2020\.md|[(,]\s*[RSF]\d+\)", page)  # (also "(SAKIP 14 dari 20, S1)")


def test_a_step_names_the_cell_to_change_the_bukti_dukung_it_lacks_and_that_the_evaluator_checks_it() -> None:
    # An OPD followed its rapor's steps and sent nine raised answers with no bukti dukung (nine W410): the list
    # named no cell, no empty Bukti Dukung, and never said the evaluator checks each answer against it (mentorrev).
    batch, pages = _sample_unit("DINKES")
    page = " ".join(pages["DINKES.md"].split())
    assert "| 5 | A.III.7.i.a<sup>10; 24</sup> (LKE!K269) |" in page
    assert "| B | **A** (bukti dukung kosong: isi LKE!M269) | +0,50 |" in page
    answers = batch.assessment.results[0].submission.answers  # type: ignore[union-attr]
    assert not answers["A.III.7.i.a"].has_evidence and answers["A.III.5.i.a"].has_evidence
    assert "isi LKE!M250" not in page  # (an answer whose Bukti Dukung holds a link is not told to fill it)
    caveat = "Ubah jawaban hanya bila kegiatannya memang sudah terlaksana dan bukti dukungnya ada"
    html = " ".join(pages["DINKES.html"].split())
    assert caveat in page and caveat in html
    assert "<br><small>bukti dukung kosong: isi LKE!M269</small>" in html
    assert '<br><small class="muted">LKE!K269</small>' in html


def test_kabupaten_rapor_says_what_the_rapim_asks(pages: dict[str, str]) -> None:
    index = pages["index.md"]
    # A unit scored with answers counted 0 is marked where it ranks (an all-blank workbook read "0,00 D" there
    # and nothing more), in both tables, and on its page's index card.
    html = " ".join(pages["index.html"].split())
    mark = '<a class="tag low" href="bappeda.html#temuan">1 jawaban dihitung 0</a>'
    assert html.count(mark) == 2 and index.count("(bappeda.md) ⚠ 1 jawaban dihitung 0 |") == 2
    assert '<a href="#temuan">1 jawaban kosong atau tidak sah, dihitung 0</a>' in pages["bappeda.html"]
    assert "Periode **Juli 2022**" in index
    assert "★ Perangkat daerah terbaik: [Dinas Kesehatan](dinkes.md)" in index
    assert "★ Kecamatan terbaik: [Kecamatan Sukamaju](kec-sukamaju.md)" in index
    assert "| setwan | Sekretariat DPRD | Sekretariat |" in index  # sent nothing
    assert "| bapenda.xlsx | — | PMPRB-E102 |" in index  # not a workbook (of no registered unit)
    # "Belum lengkap 1" read as "the data is complete" beside units scored with blank or invalid answers.
    card = " ".join(pages["index.html"].split('<section class="cards"')[1].split("</section>")[0].split())
    assert "Unit terdaftar tanpa nilai" in card and "di antaranya dengan jawaban kosong atau tidak sah" in card
    # (said in the card of the units scored, not in that of those without a score, where it read as more of them)
    scored = card.split("Unit dinilai")[1].split('<div class="card')[0]
    assert "di antaranya dengan jawaban kosong atau tidak sah (dihitung 0)" in scored
    assert "6 dari 7 unit terdaftar" in index
    assert "## Penilaian mandiri dan evaluator" in index and "| 3 |" in index
    assert "Triwulan II 2022" in index and "Triwulan III 2022" in index
    assert not re.search(r"/tmp|\\\\|pytest-", index), "a rapor names files, never folders"


def test_an_unreachable_target_names_the_indicators_that_hold_it_back(sample: Sample, rubric_2014: Rubric) -> None:
    # "sisanya bergantung pada komponen hasil" blamed komponen B where pmprb-2020's hasil antara indicators
    # (inside pengungkit, A.II) hold it back too: the parts are named from the rubric.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.ranking import indicator_parts
    from pmprb_cli.registry import load_registry
    from pmprb_cli.rubric import load_rubric

    batch = build_batch(
        list(sample.files), rubric_2014, registry=load_registry(sample.registry), period=PERIOD, target="AA"
    )
    said = [p for p in render_pages(batch, ("md",)).values() if "belum cukup untuk predikat AA" in p]
    assert said and all("bergantung pada indikator hasil" in p and "(B Hasil)" in p for p in said)
    assert indicator_parts(load_rubric("pmprb-2020")) == ("A.II Hasil antara area perubahan", "B Hasil")


def test_unit_rapor_says_what_the_opd_needs(pages: dict[str, str]) -> None:
    bappeda = pages["bappeda.md"]
    assert "## Langkah menuju target BB" in bappeda and "### Langkah berikutnya" in bappeda
    assert "| kesalahan | PMPRB-E401 | LKE!J" in bappeda  # the empty answer, with its cell
    assert bappeda.count("| peringatan | PMPRB-W410 |") == 3  # three missing Bukti Dukung (a "Tidak" needs none)
    dinkes = pages["dinkes.md"]
    assert "## Perbedaan dan catatan evaluator" in dinkes and "| A.I.1.a |" in dinkes
    assert "Sejak Juni 2022: ▲ +2,09 (sebelumnya 84,00, indeks mandiri: perubahan ini juga memuat beda dasar" in dinkes
    mekarsari = pages["kec-mekarsari.md"]
    # An official workbook states only its year (TAHUN 2022): that agrees with period 2022-07, so no E303.
    assert "PMPRB-E303" not in mekarsari and "# Kecamatan Mekarsari" in mekarsari


# --------------------------------------------------------------------------- HTML


def test_html_pages_are_self_contained_and_print_on_a4(pages: dict[str, str]) -> None:
    for name in ("index.html", "dinkes.html"):
        html = pages[name]
        assert html.startswith("<!DOCTYPE html>") and '<html lang="id">' in html
        assert not re.search(r"""(src|href)=["']?(https?:|//)""", html), f"{name} loads something from outside"
        assert "<script" not in html and '<link rel="stylesheet"' not in html
        assert "default-src 'none'" in html  # nothing may load and no script may run
        # On a phone a chart scrolls, and says so (at 375 px its axis ended at about 45, every bar alike).
        assert "Geser ke samping untuk melihat seluruh grafik" in html
        assert "@page { size: A4" in html and "@media print" in html and 'name="viewport"' in html
        assert html.count("<svg") >= (4 if name == "index.html" else 3)
    assert 'id="grafik-indeks"' in pages["index.html"] and 'id="grafik-area"' in pages["dinkes.html"]


def test_unit_names_are_text_not_markup(sample: Sample, rubric_2014: Rubric, tmp_path: Path) -> None:
    hostile = write_sample(tmp_path / "in", rubric_2014, hostile=True)
    rendered = render_pages(sample_batch(hostile, rubric_2014))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered["index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered["x.html"]
    assert HOSTILE not in rendered["index.html"] and HOSTILE not in rendered["x.html"]
    assert r"\<script\>alert(1)\</script\>" in rendered["index.md"] and HOSTILE not in rendered["index.md"]


def test_templates_ship_inside_the_package() -> None:
    root = Path(__file__).resolve().parents[1]
    if (root / ".git").exists():  # (an unpacked sdist has no link: its copy of the package's folder is the one)
        assert (root / "templates").resolve() == default_templates_dir()  # the documented place points there
    names = {p.name for p in default_templates_dir().iterdir()}
    pages = {"index.html", "unit.html", "index.md", "unit.md", "unreadable.html", "unreadable.md"}
    assert pages <= names
    assert all(n.startswith("_") for n in names - pages)


# --------------------------------------------------------------------------- determinism and writing


def test_same_inputs_same_bytes(sample: Sample, batch: Batch, rubric_2014: Rubric, tmp_path: Path) -> None:
    first = render_reports(batch, tmp_path / "a", history=HISTORY)
    again = sample_batch(sample, rubric_2014, jobs=2)  # another batch, in parallel workers
    second = render_reports(again, tmp_path / "b", history=list(reversed(HISTORY)))
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    # A repeated run leaves every file as it was (same bytes, same mtime), and no temporary file behind.
    stamps = {p.name: p.stat().st_mtime_ns for p in first}
    render_reports(batch, tmp_path / "a", history=HISTORY)
    assert {p.name: p.stat().st_mtime_ns for p in first} == stamps
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in first)


def test_render_time_and_size(batch: Batch) -> None:
    rendered = render_pages(batch, history=HISTORY)
    biggest = max(len(text.encode()) for text in rendered.values())
    assert biggest < 200_000, "a page should stay light enough for a phone on a slow network"


# --------------------------------------------------------------------------- names, numbers, history


def _ranked(kode: str, file: str) -> Ranked:
    return Ranked(file, kode, "Unit", "dinas", PERIOD, 50.0, "C", 1, 1, "BB", 20.0, False, (), 0, 50.0, None)


@pytest.mark.parametrize(
    ("kode", "expected"),
    [
        ("dinkes", "dinkes"),
        ("../../etc/passwd", "etc-passwd"),
        ("Dinas Kesehatan/2022", "Dinas-Kesehatan-2022"),
        (".hidden", "hidden"),
        ("a..b", "a.b"),
        ("<script>", "script"),
        ("x" * 80, "x" * 64),
        ("///", ""),
    ],
)
def test_safe_stem(kode: str, expected: str) -> None:
    assert safe_stem(kode) == expected


def test_page_names_are_safe_unique_and_never_index() -> None:
    units = [
        _ranked("dinkes", "/in/a.xlsx"),
        _ranked("Dinkes", "/in/b.xlsx"),  # the same page on a case-insensitive disk
        _ranked("index", "/in/c.xlsx"),  # would overwrite the kabupaten page
        _ranked("CON", "/in/d.xlsx"),  # cannot be created on Windows
        _ranked("", "/in/<script>.xlsx"),  # no kode: the file's name, made safe
        _ranked("", "/in/@@@.xlsx"),
    ]
    names = page_names(units)
    assert names == {
        "/in/a.xlsx": "dinkes-2",
        "/in/b.xlsx": "Dinkes",
        "/in/c.xlsx": "unit-index",
        "/in/d.xlsx": "unit-CON",
        "/in/<script>.xlsx": "script",
        "/in/@@@.xlsx": "unit",
    }
    # A registered unit's kode is its own page even beside a file of that name without a kode (the copy took
    # KEC-MARGAHAYU, the unit got KEC-MARGAHAYU-2).
    names = page_names([_ranked("", "/in/x/KEC-MARGAHAYU.xlsx"), _ranked("KEC-MARGAHAYU", "/in/y/kec.xlsx")])
    assert names == {"/in/y/kec.xlsx": "KEC-MARGAHAYU", "/in/x/KEC-MARGAHAYU.xlsx": "KEC-MARGAHAYU-2"}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (num(71.406286), "71,41"),
        (num(71.405), "71,41"),  # half up, as the predikat is decided (babel alone would give 71,40)
        (num(1234.5), "1.234,50"),
        (num(None), "—"),
        (num(2.5, 0), "3"),
        (signed(1.5), "+1,50"),
        (signed(-0.004), "0,00"),
        (signed(-2.345), "-2,35"),
        (count(1234), "1.234"),
        (percent(0.645), "65%"),
        (answer(3.8), "3,8"),
        (answer("Ya"), "Ya"),
        (answer(None), "(kosong)"),
        (periode("2022-07"), "Juli 2022"),
        (periode("2022-07", short=True), "Jul 2022"),
        (periode("2022-Q3"), "Triwulan III 2022"),
        (periode("2022-Q2", short=True), "TW II 2022"),
        (periode("kini"), "kini"),
        (md("a|b *c* [d]"), r"a\|b \*c\* \[d\]"),
        (md("baris\nbaru"), "baris baru"),
    ],
)
def test_indonesian_forms(value: str, text: str) -> None:
    assert value == text


@pytest.mark.parametrize("value", [8.125, 70.005, 69.995, 90.004, 71.405, 2.675, -2.345, -0.004, 1234567.125, 0.0])
def test_tables_messages_and_rapor_show_the_same_digits(value: float) -> None:
    # The terminal table, the summaries and messages (format_id) and the rapor (num) round alike, and as
    # the predikat is decided: 70,005 shows as 70,01 and is BB (Python's own :.2f gives 70,00).
    from pmprb_cli.models import format_id
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.scoring import predikat_for

    assert format_id(value) == num(value)
    shown = float(format_id(value).replace(".", "").replace(",", "."))
    rubric = load_rubric("pmprb-2020")
    assert predikat_for(rubric, value) == predikat_for(rubric, shown)
    assert format_id(70.005) == "70,01" and format_id(8.125) == "8,13" and format_id(-0.004) == "0,00"


def test_history_gives_the_change_and_the_trend(batch: Batch) -> None:
    kab = kabupaten_view(batch, HISTORY)
    assert kab.previous_period == "2022-06" and kab.previous_count == 6
    assert kab.trend is not None
    assert [b.label for b in kab.trend.months] == ["2022-04", "2022-05", "2022-06", "2022-07"]
    assert [b.label for b in kab.trend.quarters] == ["2022-Q2", "2022-Q3"]
    assert kab.trend.quarters[0].value == kab.trend.months[2].value  # a triwulan is its last month
    dinkes = next(u for u in kab.units if u.ranked.kode == "dinkes")
    assert dinkes.previous == 84.0  # not the 2022-07 or 2022-08 points: the batch is July
    # July is verified, June was the unit's own index: the change spans two bases, and the page says so.
    assert dinkes.ranked.verified_index is not None and dinkes.previous_basis == "mandiri"
    # The difference of the two means of the units in both, as shown: 59,63 → 62,97 is +3,34 (the mean of their
    # rounded changes, +3,33, contradicted the two figures beside it).
    both = [u for u in kab.units if u.previous is not None]
    now = sum(u.ranked.index for u in both) / len(both)
    then = sum(u.previous for u in both if u.previous is not None) / len(both)
    assert kab.average_change == pytest.approx(float(rounded_half_up(now, 2) - rounded_half_up(then, 2)))
    # The kabupaten's mean change carries that difference too: said beside it, not only on the unit's row.
    assert [u.ranked.kode for u in kab.basis_changed_units] == ["dinkes"]
    pages = render_pages(batch, history=HISTORY)
    # Whose change it is, first: "▲ +0,21" beside an average that fell read as "the kabupaten improved".
    said = "6 unit yang dinilai di kedua periode: rata-rata ▲ +3,34 sejak Juni 2022 (1 di antaranya berbeda dasar "
    assert said + "penilaian †); rata-rata indeks semua unit 59,63 → 62,97" in pages["index.md"]
    html = " ".join(pages["index.html"].split())
    assert "(1 di antaranya berbeda dasar penilaian<sup>†</sup>); rata-rata indeks semua unit 59,63 → 62,97" in html
    view = unit_view(kab, dinkes)
    assert view.trend is not None and [b.value for b in view.trend.months][:3] == [78.2, 81.5, 84.0]


def test_each_month_of_a_trend_is_judged_by_its_own_target(batch: Batch) -> None:
    # The target raised each January: 36 months of a unit that met each year's target were all "di bawah target"
    # under one line "Target A", while `history` said "ya (B)" of them (longrev).
    import dataclasses

    assert batch.target != "B"
    history = [dataclasses.replace(h, target="B" if h.period < "2022-06" else batch.target) for h in HISTORY]
    kab = kabupaten_view(batch, history)
    disdik = next(u for u in kab.units if u.ranked.kode == "disdik")
    view = unit_view(kab, disdik)
    assert view.trend is not None
    tones = {b.label: b.tone for b in view.trend.months}
    assert tones["2022-04"] == tones["2022-05"] == "ok"  # 60,4 and 64,9: predikat B, that year's target
    assert tones["2022-06"] == "low"  # 69,95: B, below today's target
    floors = [b.floor for b in view.trend.months]
    assert floors[0] == floors[1] < floors[2]
    page = " ".join(render_pages(batch, history=history)["disdik.html"].split())
    steps = re.findall(r'<polyline class="target" fill="none" points="([^"]*)"', page)
    # (the quarterly chart too, where its quarters' targets differ: its bars are judged so; diffrev14)
    all_b = [dataclasses.replace(h, target="B") for h in HISTORY]
    quarters = " ".join(render_pages(batch, history=all_b)["disdik.html"].split())
    steps += re.findall(r'<polyline class="target" fill="none" points="([^"]*)"', quarters)
    assert len(steps) == 3, steps
    for points in steps:
        ys = [p.split(",")[1] for p in points.split()]
        assert all(a == b for a, b in zip(ys[::2], ys[1::2], strict=True)), points  # level over each slot
    # The chart's text names each point's own target where they differ (a screen reader heard "di bawah target"
    # of a month judged by a target it was never told; diffrev14).
    described = page.split('id="grafik-bulan-desc">', 1)[1].split("</desc>", 1)[0]
    assert "Apr 2022: 60,40 (target B: tercapai)" in described and "(target BB: belum)" in described, described
    # A bar's value label keeps clear of its own quarter's step, not only of today's line (diffrev15: bappeda's
    # 55,10 sat on the B step of its quarter).
    pages_b = render_pages(batch, history=all_b)
    for name in (n for n in pages_b if n.endswith(".html") and n != "index.html"):
        chart = pages_b[name].split('id="grafik-triwulan"', 1)[-1].split("</svg>", 1)[0]
        found = re.search(r'<polyline class="target" fill="none" points="([^"]*)"', chart)
        if found is None:
            continue
        step_ys = [float(p.split(",")[1]) for p in found.group(1).split()][::2]
        label_ys = [float(y) for y in re.findall(r'<text class="val" x="[^"]*" y="([^"]*)"', chart)]
        for vy, my in zip(label_ys, step_ys, strict=True):
            assert not vy - 14 <= my <= vy + 3, (name, vy, my)
    # A month with no unit scored keeps its target on the kabupaten's chart too (its point has no kode; diffrev15).
    import math

    empty_may = [h for h in all_b if h.period != "2022-05"] + [
        HistoryPoint("2022-05", "", math.nan, "", None, target="B")
    ]
    index_page = " ".join(render_pages(batch, history=empty_may)["index.html"].split())
    kab_steps = re.findall(r'<polyline class="target" fill="none" points="([^"]*)"', index_page)[0].split()
    assert [p.split(",")[1] for p in kab_steps[:6]] == [kab_steps[0].split(",")[1]] * 6, kab_steps  # (B through May)
    # A month the unit was not scored keeps its period's target: no slope drawn across it (diffrev14).
    skipped = [h for h in history if (h.period, h.kode) != ("2022-05", "disdik")]
    gap = " ".join(render_pages(batch, history=skipped)["disdik.html"].split())
    points = re.findall(r'<polyline class="target" fill="none" points="([^"]*)"', gap)[0].split()
    assert len(points) == 2 * 4  # (April, May not scored, June, July)
    # (a history without recorded targets: today's, one straight line, as before)
    plain = " ".join(render_pages(batch, history=HISTORY)["disdik.html"].split())
    assert '<polyline class="target"' not in plain and '<line class="target"' in plain


def test_a_month_a_unit_was_not_scored_keeps_its_place_and_is_no_zero(batch: Batch) -> None:
    # June then August evenly spaced drew one straight line across July, as if it had been scored.
    history = [h for h in HISTORY if (h.period, h.kode) != ("2022-05", "kec-sukamaju")]
    kab = kabupaten_view(batch, history)
    unit = next(u for u in kab.units if u.ranked.kode == "kec-sukamaju")
    view = unit_view(kab, unit)
    assert view.trend is not None and view.trend_gaps == ("2022-05",)
    assert [(b.label, b.tone == "missing") for b in view.trend.months][:3] == [
        ("2022-04", False),
        ("2022-05", True),
        ("2022-06", False),
    ]
    assert [b.label for b in view.trend.quarters] == ["2022-Q2", "2022-Q3"]  # Q2 is June's, not the gap's
    pages = render_pages(batch, history=history)
    assert "| Mei 2022 | tidak dinilai |" in pages["kec-sukamaju.md"]
    assert "Mei 2022 | 0,00" not in pages["kec-sukamaju.md"]
    html = pages["kec-sukamaju.html"]
    assert "Mei 2022: tidak dinilai;" in html  # in the chart's description, read aloud
    [chart] = re.findall(r'<svg class="chart" id="grafik-bulan".*?</svg>', html, re.S)
    assert chart.count("<polyline") == 1 and chart.count('<circle class="dot') == 3  # Apr alone; Jun–Jul


def test_an_unfinished_triwulan_says_the_month_it_stands_for(batch: Batch) -> None:
    # The July rapor showed "TW III 2022" as if the quarter were done.
    pages = render_pages(batch, history=HISTORY)
    assert "| Triwulan III 2022 (s.d. Juli 2022) |" in pages["index.md"]
    assert "| Triwulan II 2022 |" in pages["index.md"]  # June ends its quarter
    assert ">s.d. Jul 2022</text>" in pages["index.html"]


def test_a_triwulan_whose_last_month_was_run_without_the_unit_is_over_not_unfinished(batch: Batch) -> None:
    # Scored in May, not in June (others were): its "Triwulan II 2022 (s.d. Mei 2022)" read as a quarter still
    # going on, in a July rapor; `pmprb history` already said "(nilai Mei; Juni tidak dinilai)".
    history = [h for h in HISTORY if (h.period, h.kode) != ("2022-06", "kec-sukamaju")]
    pages = render_pages(batch, history=history)
    said = "| Triwulan II 2022 (nilai Mei 2022; Juni 2022 tidak dinilai) |"
    assert said in pages["kec-sukamaju.md"]
    assert "s.d. Mei" not in pages["kec-sukamaju.md"]
    html = pages["kec-sukamaju.html"]
    assert "TW II 2022 (nilai Mei 2022; Jun 2022 tidak dinilai):" in html and ">nilai Mei 2022</text>" in html
    # The quarter under way still says how far it is, and a unit scored in June keeps its plain quarter.
    assert "| Triwulan III 2022 (s.d. Juli 2022) |" in pages["kec-sukamaju.md"]
    assert "| Triwulan II 2022 |" in pages["index.md"] and "tidak dinilai)" not in pages["index.md"]


def test_charts_say_below_target_without_colour_and_list_their_values(pages: dict[str, str]) -> None:
    # Printed in grey, the green and the red were one shade (80 and 79): below target is also hatched.
    html = pages["index.html"]
    for drawn, chart_id in (("wide", "grafik-indeks"), ("phone", "grafik-indeks-hp")):  # (the phone's own bars)
        [chart] = re.findall(rf'<svg class="chart {drawn}" id="{chart_id}".*?</svg>', html, re.S)
        low = re.findall(r'<rect class="bar low"[^>]*>', chart)
        assert low and all(f'style="fill: url(#{chart_id}-low)"' in r for r in low)
        assert f'<pattern id="{chart_id}-low"' in chart
        assert f'aria-describedby="{chart_id}-desc"' in chart
        [desc] = re.findall(rf'<desc id="{chart_id}-desc">(.*?)</desc>', chart)
        assert desc.count(";") == len(re.findall(r'<rect class="bar ', chart)) - 1 and "(di bawah target)" in desc
    [counts] = re.findall(r'<desc id="grafik-predikat-desc">(.*?)</desc>', html)
    assert ",00" not in counts  # units counted, as the bars are labelled: "A: 4", not "A: 4,00"


def test_the_running_footer_is_a_css_string_no_name_can_end() -> None:
    from markupsafe import Markup

    from pmprb_cli.reporting import css_string

    said = str(css_string(Markup('Rapor &lt;/style&gt;"x"\\ — Juli, Bappeda')))
    assert said.startswith('"') and said.endswith('"') and said.count('"') == 2
    assert "<" not in said and "\\\\" not in said
    # Read back as CSS reads it: an escape is up to six hex digits, and one white space after it is its end.
    # "Pembangunan, Riset" printed as "Pembangunan,Riset": the space after the comma's escape was swallowed.
    shown = re.sub(r"\\([0-9a-fA-F]{1,6})[ \t\n]?", lambda m: chr(int(m.group(1), 16)), said[1:-1])
    assert shown == 'Rapor </style>"x"\\ — Juli, Bappeda'
    # A 300-letter name without a space ran over the page number: cut, and an entity is never cut in two.
    cut = str(css_string(Markup("&amp;" * 30 + "X" * 300), 80))
    shown = re.sub(r"\\([0-9a-fA-F]{1,6})[ \t\n]?", lambda m: chr(int(m.group(1), 16)), cut[1:-1])
    assert shown == "&" * 30 + "X" * 49 + "…"
    # The name is cut, not the period: "… Agustus 20…" could be any year's page.
    cut = str(css_string("Rapor PMPRB — " + "Dinas " * 30 + "— Agustus 2022", 80))
    shown = re.sub(r"\\([0-9a-fA-F]{1,6})[ \t\n]?", lambda m: chr(int(m.group(1), 16)), cut[1:-1])
    assert shown.endswith("… — Agustus 2022") and len(shown) <= 80


def test_without_history_there_is_no_trend(batch: Batch) -> None:
    kab = kabupaten_view(batch)
    assert kab.trend is None and kab.average_change is None and all(u.change is None for u in kab.units)
    assert "Perkembangan" not in render_pages(batch, formats=("md",))["index.md"]


def test_history_periods_are_checked(batch: Batch) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        kabupaten_view(batch, [HistoryPoint("Juni 2022", "dinkes", 80.0, "A")])


# --------------------------------------------------------------------------- the command


def test_report_command(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "rapor"
    args = ["report", *sample.files, "--out", str(out), "--registry", str(sample.registry), "--period", PERIOD]
    result = invoke([*args, "--kabupaten", "Kabupaten Contoh", "--rubric", "lke-rb-2014"], expected_code=1)
    written = result.stdout.split()
    assert written[:2] == [str(out / "index.html"), str(out / "index.md")]
    assert len(written) == 2 + 2 * 6  # the index and six units, each in both formats
    assert all(Path(p).is_file() for p in written)
    md_only = invoke([*args, "--out", str(tmp_path / "md"), "--format", "md"], expected_code=1)
    assert all(p.endswith(".md") for p in md_only.stdout.split())


def test_report_command_exit_codes(sample: Sample, tmp_path: Path) -> None:
    good = [f for f in sample.files if Path(f).stem in {"dinkes", "disdik"}]
    invoke(["report", *good, "--out", str(tmp_path / "ok"), "--period", PERIOD], expected_code=0)
    invoke(["report", *good, "--out", str(tmp_path / "x"), "--format", "pdf"], expected_code=2)
    invoke(["report", *good, "--out", str(tmp_path / "x"), "--target", "Z"], expected_code=2)
    invoke(["report", *good, "--out", str(tmp_path / "x"), "--period", "Juli"], expected_code=2)
    (tmp_path / "file").write_text("")
    invoke(["report", *good, "--out", str(tmp_path / "file")], expected_code=2)


def test_a_report_removes_the_pages_it_wrote_before_for_units_no_longer_there(sample: Sample, tmp_path: Path) -> None:
    # DLH's workbook taken out of the folder: its page from the report before stayed beside the new index, its
    # old rank contradicting "belum mengirim" there ("80 halaman", 82 in the folder).
    out = tmp_path / "rapor"
    good = [f for f in sample.files if Path(f).stem in {"dinkes", "disdik"}]
    invoke(["report", *good, "--out", str(out), "--period", PERIOD], expected_code=0)
    (out / "catatan.md").write_text("catatan operator\n", encoding="utf-8")  # (not pmprb's: stays)
    gone = sorted(p.name for p in out.iterdir() if p.stem not in ("index", "catatan") and "disdik" in p.read_text())
    assert len(gone) == 2
    # An operator's copies of pmprb's pages (an archive, a page with meeting notes) carry its mark: they stay.
    copies = {"arsip-juli.html": "index.html", "disdik-catatan-rapat.md": gone[1]}
    for copy, page in copies.items():
        (out / copy).write_bytes((out / page).read_bytes())
    result = invoke(["report", good[0], "--out", str(out), "--period", PERIOD], expected_code=0)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["catatan.md", *copies, *(Path(p).name for p in result.stdout.split())]
    )
    assert f"2 halaman rapor lama dihapus (ditulis pmprb sebelumnya, tidak termasuk rapor ini): {gone[0]}" in (
        result.stderr
    )
    # Markdown only: the HTML pages (another format, maybe the published one) stay.
    invoke(["report", *good, "--out", str(out), "--period", PERIOD], expected_code=0)
    html = sorted(p.name for p in out.glob("*.html"))
    md_only = invoke(["report", good[0], "--out", str(out), "--period", PERIOD, "--format", "md"], expected_code=0)
    assert sorted(p.name for p in out.glob("*.html")) == html
    # ... and are said to be the report before (index.html showed last month beside this month's index.md).
    assert f"Perhatian: index.html di {out} adalah rapor sebelumnya dalam format lain" in " ".join(
        md_only.stderr.split()
    )
    both = invoke(["report", good[0], "--out", str(out), "--period", PERIOD], expected_code=0)
    assert "format lain" not in both.stderr


def test_what_a_killed_writer_left_aside_goes_once_it_is_old(sample: Sample, tmp_path: Path) -> None:
    # A report (template, merge, export) killed between writing a page aside and renaming it left its
    # .index.md.<hex>.tmp, and every later one added more: 10 files, 3,8 MB, beside a package.
    import os
    import time

    out = tmp_path / "rapor"
    out.mkdir()
    old, fresh = out / ".index.md.0123456789ab.tmp", out / ".index.html.ba9876543210.tmp"
    for leftover in (old, fresh):
        leftover.write_bytes(b"<!doctype html><p>separuh")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    other = out / ".catatan.0123456789ab.txt"  # (not pmprb's spelling: stays whatever its age)
    other.write_bytes(b"x")
    os.utime(other, (an_hour_ago, an_hour_ago))
    streaming = out / ".rekap.00112233aabb.tmp"  # (a large rekap's streaming files: the folder's time is old,
    streaming.mkdir()  # a file in it written now)
    (streaming / "sheet1.xml").write_bytes(b"<row/>")
    os.utime(streaming, (an_hour_ago, an_hour_ago))
    good = [f for f in sample.files if Path(f).stem == "dinkes"]
    invoke(["report", *good, "--out", str(out), "--period", PERIOD], expected_code=0)
    assert not old.exists() and fresh.exists() and other.exists()  # (a fresh one may be another writer's)
    assert (streaming / "sheet1.xml").exists()


def test_an_unreadable_file_of_a_registered_unit_names_the_unit(tmp_path: Path) -> None:
    # KEC-CIBENDA's file cut short: counted as sent ("39 dari 40 mengirim"), yet the rapor named only the file:
    # the kecamatan ranked third in June appeared nowhere by name in July.
    samples = SAMPLE_DATA
    inbox = sample_inbox(tmp_path / "masuk", ("DINKES", "KEC-CIBENDA"), cut="KEC-CIBENDA")
    out = tmp_path / "rapor"
    args = ["report", str(inbox), "--registry", str(samples / "registry.csv"), "--out", str(out)]
    invoke([*args, "--period", "2022-08"], expected_code=1)
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "| KEC-CIBENDA.xlsx | [Kecamatan Cibenda (KEC-CIBENDA)](KEC-CIBENDA.md) | PMPRB-E103 |" in index
    assert '<td class="name"><a href="KEC-CIBENDA.html">Kecamatan Cibenda (KEC-<wbr>CIBENDA)</a></td>' in (
        out / "index.html"
    ).read_text(encoding="utf-8")
    # merge says which file and why, as report does (it exited 1 naming neither), and who sent nothing.
    merge = ["merge", str(inbox), "--registry", str(samples / "registry.csv"), "--out", str(tmp_path / "r.xlsx")]
    said = invoke([*merge, "--period", "2022-08"], expected_code=1).stderr
    flat = " ".join(said.split())
    assert "KEC-CIBENDA.xlsx: [PMPRB-E103]" in flat and "Belum mengirim: SETDA, SETWAN, INSP, BAPPEDA," in flat, said


def test_report_and_merge_name_the_files_whose_errors_make_them_exit_1(tmp_path: Path) -> None:
    # Fifteen workbooks with errors: `report` exited 1 saying only "82 halaman rapor ada di …", naming none.
    inbox = sample_inbox(tmp_path / "masuk", ("DINKES",))
    sample_inbox(tmp_path / "juli", ("BAPPEDA",), month="2022-07")
    (tmp_path / "juli" / "BAPPEDA.xlsx").rename(inbox / "BAPPEDA.xlsx")  # July's workbook sent again (PMPRB-E303)
    said = " ".join(
        invoke(["report", str(inbox), "--out", str(tmp_path / "r"), "--period", "2022-08"], 1).stderr.split()
    )
    expected = "Bermasalah: BAPPEDA.xlsx (1 kesalahan, tidak diperingkat: buku kerja periode 2022-07, bukan 2022-08)"
    assert expected in said and "Rincian tiap temuan: pmprb validate" in said, said
    # Without a registry the summary said "Belum mengirim: 0; berkas tidak dapat dinilai: 0" and no more.
    assert "berkas tidak diperingkat: 1 (lihat „Tidak diperingkat”)" in (tmp_path / "r" / "index.md").read_text("utf-8")
    html = " ".join((tmp_path / "r" / "index.html").read_text(encoding="utf-8").split())
    assert '<a href="#tidak-diperingkat">1 berkas tidak diperingkat</a>' in html
    merge = ["merge", str(inbox), "--out", str(tmp_path / "r.xlsx"), "--period", "2022-08"]
    assert expected in " ".join(invoke(merge, 1).stderr.split())


def test_a_rapor_of_no_scored_unit_says_so_in_html_as_in_markdown(tmp_path: Path) -> None:
    # The HTML showed an empty ranking table (its header alone) under "Peringkat", and the average card "—"
    # styled as below target; the Markdown said "Belum ada buku kerja yang dapat dinilai."
    inbox = sample_inbox(tmp_path / "masuk", ("DINKES",), cut="DINKES")
    invoke(["report", str(inbox), "--out", str(tmp_path / "r"), "--period", "2022-08"], 1)
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    [ranking] = re.findall(r'<section id="peringkat">.*?</section>', html, re.S)
    assert "<table>" not in ranking and "Belum ada buku kerja yang dapat dinilai." in ranking
    assert '<div class="card low"><div class="k">Rata-rata indeks' not in html


def test_wide_tables_of_a_units_page_say_on_a_phone_that_they_scroll(pages: dict[str, str]) -> None:
    # At 390 px the steps table ended at "Diusulkan" and the findings at "Temuan", with no hint of the rest.
    html = pages["dinkes.html"]
    assert html.count('<div class="table-wrap wide"><table>') >= 2


def test_markdown_text_bars_are_scaled_to_thirty_blocks(tmp_path: Path) -> None:
    # 117 units of B drew 117 blocks in one table cell (400 units).
    from pmprb_cli.reporting import default_templates_dir, environment

    source = (Path(default_templates_dir()) / "index.md").read_text(encoding="utf-8")
    [macro] = re.findall(r"{% macro bar_of.*?{% endmacro %}", source, re.S)

    def bar(value: int, most: int) -> str:
        return environment().from_string(macro + f"{{{{ bar_of({value}, {most}) }}}}").render()

    assert bar(117, 117) == "█" * 30 and bar(1, 117) == "█" and bar(7, 20) == "█" * 7 and bar(0, 117) == ""


def test_a_report_without_kabupaten_is_titled_with_the_one_its_workbooks_name(tmp_path: Path) -> None:
    # "Rapor PMPRB Kabupaten", every workbook's Identitas saying "Kabupaten Contoh".
    inbox = sample_inbox(tmp_path / "masuk", ("DINKES", "BAPPEDA"))
    invoke(["report", str(inbox), "--out", str(tmp_path / "r"), "--period", "2022-08"], 1)
    assert "<h1>Rapor PMPRB Kabupaten Contoh</h1>" in (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "# Rapor PMPRB Kabupaten Contoh\n" in (tmp_path / "r" / "index.md").read_text(encoding="utf-8")


def test_report_refuses_an_output_inside_the_inbox_it_reads(tmp_path: Path) -> None:
    # 82 pages written into masuk/2022-08: the next validate asked the operator to save them "sebagai .xlsx".
    inbox = sample_inbox(tmp_path / "masuk", ("DINKES",))
    said = " ".join(invoke(["report", str(inbox), "--out", str(inbox)], 2).stderr.split())
    assert f"adalah folder masuk {inbox}" in said and "Tidak ada yang ditulis" in said, said
    assert sorted(p.name for p in inbox.iterdir()) == ["DINKES.xlsx"]
    # A folder under it is never read as submissions: `pmprb report . --out rapor` works as it did.
    invoke(["report", str(inbox), "--out", str(inbox / "rapor")], 1)
    assert "Tidak dibaca" not in invoke(["validate", str(inbox)], 1).stderr


def test_the_index_card_counts_registered_units_without_a_score_not_files(tmp_path: Path) -> None:
    # "4 belum mengirim atau tak terbaca" beside "29 dari 31 unit": a stray note and a ranked unit's broken
    # second copy were counted as units without a score.
    samples = SAMPLE_DATA
    inbox = sample_inbox(tmp_path / "masuk", ("DINKES", "KEC-CIBENDA"), cut="KEC-CIBENDA")
    (inbox / "DINKES lama.xlsx").write_bytes((inbox / "KEC-CIBENDA.xlsx").read_bytes()[:5000])
    (inbox / "catatan.xlsx").write_bytes(b"catatan rapat")
    out = tmp_path / "rapor"
    args = ["report", str(inbox), "--registry", str(samples / "registry.csv"), "--out", str(out)]
    invoke([*args, "--period", "2022-08"], expected_code=1)
    index = " ".join((out / "index.html").read_text(encoding="utf-8").split())
    registered = sum(1 for line in (samples / "registry.csv").read_text(encoding="utf-8").splitlines()[1:] if line)
    # Each unit once: the unreadable file of KEC-CIBENDA was counted again as "· 3 berkas tidak dapat dinilai"
    # (the files, each named in the section the card links to).
    card = (
        f'<a href="#kelengkapan">Unit terdaftar tanpa nilai</a></div><div class="v">{registered - 1}</div>'
        f'<div class="n">{registered - 2} belum mengirim · 1 mengirim berkas yang tidak dapat dinilai atau tidak '
        "diperingkat</div>"
    )
    assert card in index, index[index.find("tanpa nilai") - 300 : index.find("tanpa nilai") + 300]
    assert all(name in index for name in ("DINKES lama.", "catatan.", "KEC-CIBENDA."))


def test_templates_folder_overrides_one_template(sample: Sample, tmp_path: Path) -> None:
    custom = tmp_path / "templat"
    custom.mkdir()
    (custom / "index.md").write_text("# {{ kab.batch.kabupaten|md }}: {{ kab.units|length }} unit\n", encoding="utf-8")
    good = [f for f in sample.files if Path(f).stem in {"dinkes", "disdik"}]
    out = tmp_path / "out"
    args = ["report", *good, "--out", str(out), "--kabupaten", "Kab. Contoh", "--templates", str(custom)]
    invoke(args, expected_code=0)
    # (marked as pmprb's, unseen: a later run tells it from the operator's own files)
    assert (out / "index.md").read_text(
        encoding="utf-8"
    ) == f"# Kab. Contoh: 2 unit\n<!-- Dibuat dengan pmprb {__version__} -->\n"
    assert "Nilai per area" in (out / "dinkes.md").read_text(encoding="utf-8")  # the shipped unit template
    (custom / "index.md").write_text("{{ kab.no_such_field }}\n", encoding="utf-8")
    result = invoke(["report", *good, "--out", str(tmp_path / "broken"), "--templates", str(custom)], expected_code=2)
    assert "index.md baris 1" in result.output and not (tmp_path / "broken").exists()  # nothing half-written


def test_the_coverage_sentence_only_where_other_units_were_looked_for(sample: Sample, rubric_2014: Rubric) -> None:
    # A folder of 6 of 7 registered units says whom the figures cover; files named one by one (an operator's
    # own file scored with the registry) look for no other unit, so "1 dari 7" would mislead.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import load_registry

    assert "mencakup 6 dari 7 unit terdaftar" in kabupaten_view(sample_batch(sample, rubric_2014)).coverage_note
    one = build_batch(
        [sample.files[0]],
        rubric_2014,
        registry=load_registry(sample.registry),
        period=PERIOD,
        target="BB",
        missing_units=False,
    )
    assert kabupaten_view(one).coverage_note == ""


def test_the_coverage_sentence_counts_only_registered_units(
    sample: Sample, rubric_2014: Rubric, tmp_path: Path
) -> None:
    # A unit taken out of the registry still sent (PMPRB-E301) and ranked: "mencakup 26 dari 40 unit
    # terdaftar" counted it among the registered.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import load_registry

    lines = Path(sample.registry).read_text(encoding="utf-8").splitlines()
    smaller = tmp_path / "daftar-unit.csv"
    smaller.write_text("\n".join(line for line in lines if not line.startswith("disdik,")) + "\n", encoding="utf-8")
    batch = build_batch(list(sample.files), rubric_2014, registry=load_registry(smaller), period=PERIOD, target="BB")
    view = kabupaten_view(batch)
    assert "disdik" in {u.ranked.kode.casefold() for u in view.units}
    assert view.coverage_note == (
        "Peringkat, rata-rata dan penghargaan periode ini mencakup 5 dari 6 unit terdaftar; unit lain belum "
        "mengirim, berkasnya tidak dapat dinilai atau tidak diperingkat (lihat Kelengkapan data); 1 unit yang "
        "diperingkat tidak ada di daftar unit (PMPRB-E301)."
    )


def test_an_award_to_a_unit_outside_the_registry_says_so(sample: Sample, rubric_2014: Rubric, tmp_path: Path) -> None:
    # The best perangkat daerah, its kode not in the registry (E301), was "★ terbaik" with a word of its one
    # error only; the banner at the top was the only place that said it.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import load_registry

    full = build_batch(
        list(sample.files), rubric_2014, registry=load_registry(sample.registry), period=PERIOD, target="BB"
    )
    best = full.best_perangkat_daerah[0].kode
    pages = render_pages(full, ("md", "html"))
    assert "tidak ada di daftar unit" not in pages["index.md"] + pages["index.html"]
    lines = Path(sample.registry).read_text(encoding="utf-8").splitlines()
    smaller = tmp_path / "daftar-unit.csv"
    smaller.write_text("\n".join(ln for ln in lines if not ln.startswith(f"{best},")) + "\n", encoding="utf-8")
    batch = build_batch(list(sample.files), rubric_2014, registry=load_registry(smaller), period=PERIOD, target="BB")
    assert batch.best_perangkat_daerah[0].kode == best
    pages = render_pages(batch, ("md", "html"))
    award = next(ln for ln in pages["index.md"].splitlines() if ln.startswith("- ★ Perangkat daerah terbaik"))
    assert "(tidak ada di daftar unit, PMPRB-E301)" in award
    assert '<div class="muted">tidak ada di daftar unit (PMPRB-E301)</div>' in pages["index.html"]


def test_a_trend_point_meets_a_verdict_target_at_its_index_minimum() -> None:
    # WBK asks an index of 75: a month at 72 (predikat BB, the band 75 falls in) was drawn as on target.
    from pmprb_cli.rapor import _tone
    from pmprb_cli.rubric import load_rubric

    zi = load_rubric("zi-2021")
    assert [_tone(zi, v, "WBK") for v in (72.0, 74.994, 74.995, 80.0)] == ["low", "low", "ok", "ok"]
    assert _tone(zi, 72.0, "BB") == "ok" and _tone(zi, 70.0, "BB") == "low"


def test_zona_integritas_rapor_counts_units_by_the_verdict_they_pass(tmp_path: Path) -> None:
    # ZI is passed or not: the rapor showed only a predikat distribution (AA–D), which ZI does not award.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers

    zi = load_rubric("zi-2021")
    wbbm, wbk, none = best_answers(zi), best_answers(zi), best_answers(zi)
    wbk["B.I.b"] = "C"  # capaian 2,50: enough for WBK, not WBBM (3,75)
    none["B.I.a"] = 3.5  # IPAK 15,31 < 15,75
    files = []
    for kode, answers in (("A", wbbm), ("B", wbk), ("C", none)):
        unit = Unit(kode, f"Unit {kode}", "lainnya")
        files.append(str(write_template(tmp_path / f"{kode}.xlsx", zi, unit, "2024-06", "Kab. Uji", answers)))
    batch = build_batch(files, zi, period="2024-06", target="WBK")
    view = kabupaten_view(batch)
    shown = [(bar.label, bar.value, bar.tone, said) for bar, said in view.verdict_rows]
    # WBBM is for a unit already named WBK by Kemenpan-RB, which no workbook says: "memenuhi syarat" read as
    # the designation in a unit's first month.
    prerequisite = "prasyarat berpredikat WBK (ditetapkan Kemenpan-RB) tidak tercatat di LKE dan tidak diperiksa pmprb"
    assert shown == [
        ("WBBM", 1, "ok", f"Wilayah Birokrasi Bersih dan Melayani — syarat nilainya terpenuhi; {prerequisite}"),
        # Each unit once, at the highest it meets, and said so: the rekap counted 2 "memenuhi syarat WBK".
        ("WBK", 1, "ok", "Wilayah Bebas dari Korupsi; belum WBBM"),
        ("belum WBK", 1, "low", "belum memenuhi syarat"),
    ]
    import io

    import openpyxl

    from pmprb_cli.merging import merged_bytes

    grafik = openpyxl.load_workbook(io.BytesIO(merged_bytes(batch)), data_only=True)["Grafik"]
    said = {str(row[0]): (row[1], row[2]) for row in grafik.iter_rows(values_only=True) if row[0] in ("WBK", "WBBM")}
    assert said == {"WBK": ("memenuhi syarat WBK (termasuk WBBM)", 2), "WBBM": ("memenuhi syarat WBBM", 1)}
    # A unit's headline predikat (AA for the unit whose IPAK holds it below WBK) is information only: said so.
    from pmprb_cli.reporting import render_pages

    pages = render_pages(batch, ("html", "md"))
    unit_c = [text for name, text in pages.items() if name.startswith("C.") or name.startswith("c.")]
    assert len(unit_c) == 2, list(pages)
    for text in unit_c:
        assert "predikat huruf hanya informasi: yang dinilai kelulusan WBK/WBBM" in " ".join(text.split())
    pages = render_pages(batch, ("md", "html"))
    unit_a = pages["A.md"]
    assert f"Wilayah Birokrasi Bersih dan Melayani: memenuhi syarat nilainya; {prerequisite}." in unit_a
    assert "# Rapor Zona Integritas" in pages["index.md"] and "## Sebaran WBK/WBBM" in pages["index.md"]
    # Pass/fail per unit: the average gets no letter (it read "87,57 predikat A"), and awards go to a unit that passes.
    assert "(tanpa predikat: Zona Integritas dinilai lulus atau tidak per unit)" in pages["index.md"]
    assert "tanpa predikat: Zona Integritas dinilai lulus" in pages["index.html"]
    # The predikat bands are drawn neutral under a verdict target: "Hijau polos: mencapai target WBK" under them
    # said a colour no bar had.
    assert "Hijau polos: mencapai target WBK; merah bergaris (pada tabel" not in pages["index.html"]
    assert {r.kode for r in (*batch.best_perangkat_daerah, *batch.best_of("kecamatan"))} <= {
        r.kode for r in batch.ranked if r.meets_target
    }
    assert "target **WBK** (indeks ≥ 75,00 dan syarat minimum WBK lainnya)" in pages["index.md"]
    assert 'id="sebaran-syarat"' in pages["index.html"]
    # Bands tell no WBK: A, BB drawn green ("mencapai target") beside "Mencapai target: 0" (BB starts at 70).
    assert {bar.tone for bar in view.distribution} == {"neutral"}
    [chart] = re.findall(r'<svg class="chart" id="grafik-predikat".*?</svg>', pages["index.html"], re.S)
    assert "(di bawah target)" not in chart and 'class="bar ok' not in chart and 'class="bar low' not in chart
    [table] = re.findall(r'<section id="sebaran">.*?</section>', pages["index.html"], re.S)
    assert '<span class="predikat">A</span>' in table and "predikat ok" not in table and "predikat low" not in table


def test_a_kode_changed_keeps_its_trend_through_the_alias(sample: Sample, rubric_2014: Rubric, tmp_path: Path) -> None:
    # DISKOMINFO became KOMINFO, the old kode kept as an alias: the rapor said KOMINFO "tidak dinilai pada Juli"
    # while July's history holds it as DISKOMINFO.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import load_registry

    text = Path(sample.registry).read_text(encoding="utf-8").replace("kode,nama,jenis", "kode,nama,jenis,alias")
    renamed = tmp_path / "daftar-unit.csv"
    renamed.write_text(text.replace("disdik,Dinas Pendidikan,dinas", "disdik2,Dinas Pendidikan,dinas,disdik"), "utf-8")
    batch = build_batch(list(sample.files), rubric_2014, registry=load_registry(renamed), period=PERIOD, target="BB")
    view = kabupaten_view(batch, HISTORY)
    (row,) = [u for u in view.units if u.ranked.kode == "disdik2"]
    assert row.previous == 69.95
    # Moved, not copied: June counted Dinas Pendidikan twice (as disdik and as disdik2) in its average.
    before = kabupaten_view(sample_batch(sample, rubric_2014), HISTORY)
    assert (view.previous_count, view.previous_average) == (before.previous_count, before.previous_average)
    assert view.trend is not None and before.trend is not None
    assert [b.value for b in view.trend.months] == [b.value for b in before.trend.months]


def test_two_units_merged_into_one_have_no_single_past(sample: Sample, rubric_2014: Rubric, tmp_path: Path) -> None:
    # Dinkes and Disdik merged, both old kodes kept as aliases: the merged unit was compared with one of them.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import load_registry

    text = Path(sample.registry).read_text(encoding="utf-8").replace("kode,nama,jenis", "kode,nama,jenis,alias")
    lines = [x for x in text.splitlines() if not x.startswith(("dinkes,", "disdik,"))]
    merged = tmp_path / "daftar-unit.csv"
    merged.write_text("\n".join([*lines, 'dikes,Dinas Kesehatan dan Pendidikan,dinas,"dinkes|disdik"']) + "\n", "utf-8")
    files = [f for f in sample.files if "disdik" not in f]
    batch = build_batch(files, rubric_2014, registry=load_registry(merged), period=PERIOD, target="BB")
    view = kabupaten_view(batch, HISTORY)
    assert view.previous_count == 6  # June: every unit once, dinkes and disdik as themselves
    (row,) = [u for u in view.units if u.ranked.kode == "dikes"]
    assert row.previous is None
    # Disdik silent in June: the merged unit read "-… sejak Juni", Dinkes's June alone (a merger is told by the
    # two scored in one month, any month: May here).
    june_without_disdik = [h for h in HISTORY if not (h.period == "2022-06" and h.kode == "disdik")]
    view = kabupaten_view(batch, june_without_disdik)
    (row,) = [u for u in view.units if u.ranked.kode == "dikes"]
    assert row.previous is None and view.previous_count == 5


def test_a_unit_never_scored_before_is_new_not_missing_last_month(batch: Batch) -> None:
    # A unit created in April read "—: tidak dinilai pada Maret 2022 (tidak mengirim atau berkas tidak dapat
    # dinilai)", as one that skipped a month.
    without_bappeda = [h for h in HISTORY if h.kode != "bappeda"]
    view = kabupaten_view(batch, without_bappeda)
    (row,) = [u for u in view.units if u.ranked.kode == "bappeda"]
    assert row.first_time and row.change is None and view.first_time_units == 1
    assert not any(u.first_time for u in view.units if u.ranked.kode != "bappeda")
    pages = render_pages(batch, ("md", "html"), history=without_bappeda)
    for name in ("index.md", "index.html"):
        assert (
            "baru: belum pernah dinilai sebelum Juli 2022 (unit baru, unit hasil penggabungan, atau pertama kali mengirim)"
            in pages[name]
        )


def test_an_akip_unit_page_speaks_of_komponen(tmp_path: Path) -> None:
    # LKE AKIP's four parts are komponen: the page said "Nilai per area".
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    sakip = load_rubric("sakip-2021")
    path = write_template(tmp_path / "insp.xlsx", sakip, Unit("INSP", "Inspektorat", "inspektorat"), "2024-06")
    pages = render_pages(build_batch([str(path)], sakip, period="2024-06", target="BB"), ("md", "html"))
    assert "Rapor AKIP" in pages["index.md"]
    unit_md = next(text for name, text in pages.items() if name.endswith(".md") and name != "index.md")
    assert "## Nilai per komponen" in unit_md and "| Kode | Komponen |" in unit_md and "per area" not in unit_md
    # Out of reach, it was told "nilai survei, capaian kinerja dan jumlah pembagi butir %", none of which AKIP has.
    from .factories import best_answers

    criterion = next(iter(sakip.graded())).items[0].code
    held = write_template(
        tmp_path / "dinkes.xlsx",
        sakip,
        Unit("DINKES", "Dinas Kesehatan", "dinas"),
        "2024-06",
        answers=best_answers(sakip),
        evaluator={criterion: "Tidak"},
    )
    pages = render_pages(build_batch([str(held)], sakip, period="2024-06", target="A"), ("md", "html"))
    for name in ("DINKES.md", "DINKES.html"):
        page = " ".join(pages[name].split())
        assert f"kriteria yang dinilai belum terpenuhi oleh evaluator: {criterion}" in page, page
        assert "survei" not in page and "pembagi butir %" not in page
        assert "hanya diberikan evaluator" in page or "hanya dari evaluator" in page
    # Every criterion met, every grade BB, target A: "… predikat A belum tercapai." and no reason why.
    best = write_template(
        tmp_path / "best.xlsx",
        sakip,
        Unit("SETDA", "Sekretariat", "sekretariat"),
        "2024-06",
        answers=best_answers(sakip),
    )
    pages = render_pages(build_batch([str(best)], sakip, period="2024-06", target="A"), ("md", "html"))
    for name in ("SETDA.md", "SETDA.html"):
        assert "Nilai huruf di atas yang didukung kriterianya hanya diberikan evaluator" in pages[name], name


def test_an_akip_unit_page_shows_each_sub_komponen_grade_and_where_it_comes_from(tmp_path: Path) -> None:
    # The twelve nilai huruf, LKE AKIP's central result, were on no page, in no JSON (akiprev).
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    sakip = load_rubric("sakip-2021")
    graded = sakip.graded()
    answers: dict[str, object] = {i.code: "Ya" for n in graded for i in n.items}
    answers[graded[1].code] = "B"  # typed by the unit, its criteria all met
    path = write_template(
        tmp_path / "dinkes.xlsx",
        sakip,
        Unit("DINKES", "Dinas Kesehatan", "dinas"),
        "2024-06",
        answers=answers,
        evaluator={graded[0].code: "A"},
    )
    pages = render_pages(build_batch([str(path)], sakip, period="2024-06", target="BB"), ("md", "html"))
    md = pages["DINKES.md"]
    assert "### Nilai huruf per sub-komponen" in md and "Nilai huruf per sub-komponen" in pages["DINKES.html"]
    rows = [line for line in md.splitlines() if line.startswith(f"| {graded[0].code} |") or line.startswith("| ")]
    assert any(line.startswith(f"| {graded[0].code} | ") and "| A | evaluator |" in line for line in rows), rows
    assert any(line.startswith(f"| {graded[1].code} | ") and "| B | diisi unit |" in line for line in rows), rows
    assert any(line.startswith(f"| {graded[2].code} | ") and "| BB | dari kriteria (100%) |" in line for line in rows)


def test_an_akip_units_grades_are_in_score_json_as_the_page_shows_them(tmp_path: Path) -> None:
    # The rapor showed the twelve nilai huruf; `score --format json` (and nilai-TTTT-BB.json) had none of them, only
    # komponen and areas (akiprev). Other rubrics carry an empty list.
    import json

    from typer.testing import CliRunner

    from pmprb_cli.cli import app
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .test_cli import _follows_score_schema

    sakip = load_rubric("sakip-2021")
    graded = sakip.graded()
    answers: dict[str, object] = {i.code: "Ya" for n in graded for i in n.items}
    answers[graded[1].code] = "B"
    unit = Unit("DINKES", "Dinas Kesehatan", "dinas")
    path = write_template(
        tmp_path / "dinkes.xlsx", sakip, unit, "2024-06", answers=answers, evaluator={graded[0].code: "A"}
    )
    doc = json.loads(CliRunner().invoke(app, ["score", str(path), "--format", "json"]).stdout)
    _follows_score_schema(doc)
    grades = {g["code"]: g for g in doc["units"][0]["grades"]}
    assert [g["code"] for g in doc["units"][0]["grades"]] == [n.code for n in graded]
    assert (grades[graded[0].code]["grade"], grades[graded[1].code]["grade"], grades[graded[2].code]["grade"]) == (
        "A",
        "B",
        "BB",
    )
    assert all(0 <= g["score"] <= g["weight"] for g in grades.values())
    other = json.loads(
        CliRunner().invoke(app, ["score", str(SAMPLE_DATA / "2022-08" / "DINKES.xlsx"), "--format", "json"]).stdout
    )
    assert other["units"][0]["grades"] == []


def test_an_akip_grade_in_the_differences_table_is_shown_as_counted(tmp_path: Path) -> None:
    # A typed over 4 of 6 criteria counts CC; the evaluator's B raised it (W417), yet the table read "A → B".
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    sakip = load_rubric("sakip-2021")
    node = next(iter(sakip.graded()))
    answers: dict[str, object] = {i.code: "Ya" for i in sakip.items()}
    answers.update({node.items[0].code: "Tidak", node.items[1].code: "Tidak", node.code: "A"})
    unit = Unit("DISDIK", "Dinas Pendidikan", "dinas")
    path = write_template(tmp_path / "d.xlsx", sakip, unit, "2022-08", "Kab", answers, None, {node.code: "B"})
    pages = render_pages(build_batch([str(path)], sakip, period="2022-08", target="BB"), ("md",))
    page = next(text for name, text in pages.items() if name != "index.md")
    assert f"| {node.code} | {node.name} | A (dihitung CC) | **B** |" in page, page


def test_a_unit_raised_by_its_evaluator_column_is_named_in_every_summary(tmp_path: Path) -> None:
    # An operator who types A down Jawaban Evaluator ranks on it (59,44 → 87,39, best perangkat daerah) with only
    # a warning in its file; and an average of verified and self indexes was one figure, its basis said on page 6.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.output import summary_lines
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers, worst_answers

    rubric = load_rubric("lke-rb-2014")
    low, best = worst_answers(rubric), best_answers(rubric)
    files = [
        write_template(tmp_path / "a.xlsx", rubric, Unit("A", "Dinas A", "dinas"), "2022-06", "K", low, evaluator=best),
        write_template(tmp_path / "b.xlsx", rubric, Unit("B", "Dinas B", "dinas"), "2022-06", "K", best),
        write_template(tmp_path / "c.xlsx", rubric, Unit("C", "Dinas C", "dinas"), "2022-06", "K", low),
    ]
    batch = build_batch([str(f) for f in files], rubric, period="2022-06", target="BB")
    assert [r.kode for r in batch.raised_by_evaluator] == ["A"] and batch.verified_count == 1
    text = "\n".join(summary_lines(batch, 120))
    assert "(3 unit; 1 memakai indeks terverifikasi evaluator, 2 indeks mandiri)" in text
    assert "Perhatian: Jawaban Evaluator menaikkan indeks Dinas A (" in text
    index = render_pages(batch, ("md", "html"))
    for name in ("index.md", "index.html"):
        assert "1 dari 3 unit memakai indeks terverifikasi evaluator" in index[name]
        assert "Jawaban Evaluator menaikkan indeks Dinas A: pastikan" in index[name]


def test_evaluator_entries_not_read_are_named_in_the_summaries(tmp_path: Path) -> None:
    # Twelve verdicts ("B+", "Q") fell back to the unit's answers with only a warning in validate: the run
    # summary read "0 buku kerja dengan kesalahan" and the Inspektorat believed them counted.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.output import summary_lines
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers

    rubric = load_rubric("lke-rb-2014")
    best = best_answers(rubric)
    slips = {code: "Q" for code in list(best)[:3]}
    files = [
        write_template(
            tmp_path / "a.xlsx", rubric, Unit("A", "Dinas A", "dinas"), "2022-06", "K", best, evaluator=slips
        ),
        write_template(tmp_path / "b.xlsx", rubric, Unit("B", "Dinas B", "dinas"), "2022-06", "K", best),
    ]
    batch = build_batch([str(f) for f in files], rubric, period="2022-06", target="BB")
    text = " ".join("\n".join(summary_lines(batch, 120)).split())
    assert (
        "Perhatian: Jawaban Evaluator tidak terbaca atau tidak terpakai, jawaban unit yang dipakai: 3 isian di a.xlsx (3)"
        in text
    )
    alone = build_batch([str(files[0])], rubric, period="2022-06", target="BB")
    assert "tidak terpakai, jawaban unit yang dipakai: 3 isian" in "\n".join(summary_lines(alone, 200))
    # `pmprb score` drops warnings before it summarises: the count travels apart.
    from typer.testing import CliRunner

    from pmprb_cli.cli import app

    printed = CliRunner().invoke(app, ["score", str(files[0]), "--rubric", "lke-rb-2014", "--period", "2022-06"])
    assert (
        "Jawaban Evaluator tidak terbaca atau tidak terpakai, jawaban unit yang dipakai: 3 isian di a.xlsx (3)"
        in printed.stdout
    )
    clean = build_batch([str(files[1])], rubric, period="2022-06", target="BB")
    assert "tidak terbaca" not in "\n".join(summary_lines(clean, 120))


def test_a_units_files_of_one_name_are_told_apart_in_the_rapor(tmp_path: Path) -> None:
    # The evaluator's verifikasi/DINKES.xlsx beside the unit's newer DINKES.xlsx: "Unit ini juga mengirim
    # DINKES.xlsx …; yang dinilai di rapor ini DINKES.xlsx", the console and the rekap telling them apart.
    import os

    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers

    rubric = load_rubric("lke-rb-2014")
    unit = Unit("DINKES", "Dinas Kesehatan", "dinas")
    (tmp_path / "masuk" / "verifikasi").mkdir(parents=True)
    checked = write_template(tmp_path / "masuk" / "verifikasi" / "DINKES.xlsx", rubric, unit, "2022-06",
                             answers=best_answers(rubric), evaluator={"A.I.1.a": "B"})  # fmt: skip
    os.utime(checked, (1_600_000_000, 1_600_000_000))
    write_template(tmp_path / "masuk" / "DINKES.xlsx", rubric, unit, "2022-06", answers=best_answers(rubric))
    files = sorted(str(p) for p in (tmp_path / "masuk").rglob("*.xlsx"))
    batch = build_batch(files, rubric, period="2022-06", target="BB")
    pages = render_pages(batch, ("md",))
    page = " ".join(next(text for name, text in pages.items() if name != "index.md").split())
    assert "verifikasi/DINKES.xlsx" in page and "masuk/DINKES.xlsx" in page, page
    assert "verifikasi/DINKES.xlsx" in " ".join(pages["index.md"].split())


def test_the_evaluators_notes_reach_the_unit_rapor_and_the_merged_workbook(tmp_path: Path) -> None:
    # "Road map belum ditetapkan dengan SK" in Catatan Evaluator appeared in no rapor, rekap or export: the OPD
    # saw its answer lowered and never the reason.
    import openpyxl

    from pmprb_cli.batch import build_batch
    from pmprb_cli.layout import find_header
    from pmprb_cli.merging import merged_bytes
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template
    from pmprb_cli.workbook import open_workbook

    from .factories import best_answers

    rubric = load_rubric("lke-rb-2014")
    path = write_template(
        tmp_path / "a.xlsx",
        rubric,
        Unit("A", "Dinas A", "dinas"),
        "2022-06",
        "K",
        best_answers(rubric),
        evaluator={"A.I.1.a": "B"},
    )
    header = find_header(open_workbook(str(path)).sheet("LKE"))
    assert header is not None
    note_col = header.columns["catatan_evaluator"] + 1
    book = openpyxl.load_workbook(path)
    ws = book["LKE"]
    rows = {row[0].value: row[0].row for row in ws.iter_rows(min_row=1) if isinstance(row[0].value, str)}
    ws.cell(rows["A.I.1.a"], note_col, "Road map belum ditetapkan dengan SK")
    ws.cell(rows["A.I.2.a"], note_col, "<b>Bukti</b> rapat belum diunggah")
    # A right-to-left override in a note showed the rest of its row reversed (stripped, as in names and links).
    ws.cell(rows["A.I.3.a"], note_col, "SK \u202egnalebret")
    # ... an invisible character in an answer is why it is not valid: shown escaped, as in Temuan, not dropped.
    answer_col = header.columns["jawaban"] + 1
    ws.cell(rows["A.I.4.a"], answer_col, "A\u2069")
    # What the evaluator's cell held beside a note: "(tidak diubah)" stood beside an unreadable "Tdak" (the unit's
    # answer used, W419) and beside a blank, as beside a "sesuai".
    evaluator_col = header.columns["jawaban_evaluator"] + 1
    yes_no = next(
        i.code
        for i in rubric.items()
        if rubric.scales[i.scale].choices == ("Ya", "Tidak") and not i.code.startswith(("A.I.", "A.II.1."))
    )
    ws.cell(rows[yes_no], evaluator_col, "Tdak")
    ws.cell(rows[yes_no], note_col, "Belum ada SK")
    ws.cell(rows["A.II.1.a"], evaluator_col, "sesuai")
    ws.cell(rows["A.II.1.a"], note_col, "Bukti lengkap")
    book.save(path)
    batch = build_batch([str(path)], rubric, period="2022-06", target="BB")
    pages = render_pages(batch, ("md", "html"))
    page = next(text for name, text in pages.items() if name.endswith(".html") and name != "index.html")
    assert "Road map belum ditetapkan dengan SK" in page
    section = page.split('id="evaluator"')[1].split("</section>")[0]
    rows_shown = {m[0]: m[1] for m in re.findall(r'<tr><th scope="row" class="nowrap">([^<]+)</th>(.*?)</tr>', section)}
    assert "(tidak diisi)" in rows_shown["A.I.3.a"] and "(tidak diubah)" in rows_shown["A.II.1.a"], rows_shown
    assert "tidak terbaca: &#39;Tdak&#39; (PMPRB-W419), jawaban unit dipakai" in rows_shown[yes_no], rows_shown
    assert yes_no != "A.I.3.a" and "(tidak diubah)" not in rows_shown[yes_no] + rows_shown["A.I.3.a"]
    assert "&lt;b&gt;Bukti&lt;/b&gt; rapat" in page and "<b>Bukti" not in page
    said = " ".join(page.split())
    assert "Evaluator mengisi 2 dari 151 jawaban (baris lainnya memakai jawaban unit), dengan 1 temuan" in said, [
        s for s in said.split(". ") if "Evaluator mengisi" in s
    ]
    assert "dan mengubah 1 di antaranya" in said
    (tmp_path / "rekap.xlsx").write_bytes(merged_bytes(batch))
    jawaban = openpyxl.load_workbook(tmp_path / "rekap.xlsx", read_only=True)["Jawaban"]
    rows_read = list(jawaban.iter_rows(min_row=2, values_only=True))
    notes = {r[2]: r[11] for r in rows_read if r[11]}
    assert [r[3] for r in rows_read if r[2] == "A.I.4.a"] == ["A\\u2069"]
    assert notes == {
        "A.I.1.a": "Road map belum ditetapkan dengan SK",
        "A.I.2.a": "<b>Bukti</b> rapat belum diunggah",
        "A.I.3.a": "SK gnalebret",
        yes_no: "Belum ada SK",
        "A.II.1.a": "Bukti lengkap",
    }
    assert "SK gnalebret" in page and not any("\u202e" in text for text in pages.values())


def test_a_target_met_only_after_verification_is_said_too(tmp_path: Path) -> None:
    # "Menurut penilaian mandiri target WBK tercapai; setelah verifikasi belum" was said; the other way round
    # (the evaluator's answers meet the target the unit's own did not), nothing.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers, worst_answers

    rubric = load_rubric("pmprb-2020")
    unit = Unit("C", "Dinas C", "dinas")
    path = write_template(
        tmp_path / "C.xlsx", rubric, unit, "2022-07", "K", worst_answers(rubric), evaluator=best_answers(rubric)
    )
    pages = render_pages(build_batch([str(path)], rubric, period="2022-07", target="AA"), ("md", "html"))
    page = pages[next(name for name in pages if name.lower().startswith("c") and name.endswith(".md"))]
    assert "Menurut penilaian mandiri target AA belum tercapai; setelah verifikasi tercapai." in page
    html = pages[next(name for name in pages if name.lower().startswith("c") and name.endswith(".html"))]
    assert "setelah verifikasi tercapai." in html


def test_a_partly_verified_unit_says_how_much_is_the_evaluators_and_a_target_lost_in_verification(
    tmp_path: Path,
) -> None:
    # A unit the evaluator checked on 1 answer of 201 read "terverifikasi" and won an award like one checked on
    # all; a unit meeting its target on its own answers and not on the evaluator's showed only the two numbers.
    import json

    from pmprb_cli.batch import build_batch
    from pmprb_cli.output import score_json
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers, worst_answers

    rubric = load_rubric("pmprb-2020")
    asked = len(rubric.answer_codes())
    best, worst = best_answers(rubric), worst_answers(rubric)
    lowered = {code: worst[code] for code in list(best)[:120]}  # the evaluator lowers 120 answers
    files = []
    for kode, evaluator in (("A", {next(iter(best)): best[next(iter(best))]}), ("B", lowered)):
        unit = Unit(kode, f"Dinas {kode}", "dinas")
        path = write_template(tmp_path / f"{kode}.xlsx", rubric, unit, "2022-07", "K", best, evaluator=evaluator)
        files.append(str(path))
    batch = build_batch(files, rubric, period="2022-07", target="AA")
    units = {u["unit"]["kode"]: u for u in json.loads(score_json(batch))["units"]}
    assert (units["A"]["verified_answers"], units["A"]["answers_asked"]) == (1, asked)
    assert units["B"]["verified_answers"] == 120 and units["B"]["self_predikat"] == "AA"
    assert units["B"]["meets_target"] is False
    pages = render_pages(batch, ("md", "html"))
    index = pages["index.md"]
    assert f"(evaluator mengisi 1 dari {asked} jawaban; lainnya jawaban unit)" in index  # A's award
    assert "Memenuhi target AA menurut penilaian mandiri, belum setelah verifikasi: Dinas B." in index
    assert f"| 120 dari {asked} |" in index
    b_page = pages[next(name for name in pages if name.lower().startswith("b") and name.endswith(".md"))]
    assert f"Evaluator mengisi 120 dari {asked} jawaban (baris lainnya memakai jawaban unit)" in b_page
    assert "Menurut penilaian mandiri target AA tercapai; setelah verifikasi belum." in b_page
    assert "evaluator mengisi 1 dari" in pages["index.html"]
    # Largest over-claim first, not rank order: who claimed most beyond what the evaluator found.
    assert [u.ranked.kode for u in kabupaten_view(batch).evaluated] == ["B", "A"]
    assert [r.kode for r in batch.ranked] == ["A", "B"]
    # The summaries and the ranking table say a verified index read from some answers only is that.
    from pmprb_cli.output import basis_words

    assert basis_words(batch) == "; 2 memakai indeks terverifikasi evaluator (hanya sebagian jawaban), 0 indeks mandiri"
    assert f"| sebagian (1 dari {asked}) |" in index and f"| sebagian (120 dari {asked}) |" in index


def test_a_rapor_with_no_unit_scored_says_so_not_that_all_met_the_target(tmp_path: Path, rubric_2014: Rubric) -> None:
    # Nothing readable: "Semua unit yang dinilai mencapai predikat BB" and a green "Mencapai target 0" card.
    from pmprb_cli.batch import build_batch

    (tmp_path / "dinkes.xlsx").write_bytes(b"")
    batch = build_batch([str(tmp_path / "dinkes.xlsx")], rubric_2014, target="BB")
    assert not batch.ranked
    pages = render_pages(batch)
    for name in ("index.html", "index.md"):
        assert "Semua unit yang dinilai mencapai" not in pages[name]
        assert "Belum ada unit yang dinilai: tidak ada yang dapat dibandingkan dengan target." in pages[name]
    assert '<div class="card ok">' not in pages["index.html"]


def test_periods_scored_with_another_rubric_are_no_part_of_the_trend(batch: Batch) -> None:
    # A switch to another rubric read as progress or decline: "▼ -39,68 sejak Juni 2025" (PMPRB against ZI).
    import dataclasses

    june = tuple(dataclasses.replace(h, rubric=("zi-2021", "1.0.0", "abc")) for h in HISTORY if h.period == "2022-06")
    kab = kabupaten_view(batch, (*june, *(h for h in HISTORY if h.period != "2022-06")))
    assert "2022-06" not in kab.past and kab.previous_period == "2022-05"
    assert kab.other_rubric.startswith("Periode Juni 2022 dinilai dengan rubrik lain (zi-2021 v1.0.0)")
    pages = render_pages(batch, history=(*june, *(h for h in HISTORY if h.period != "2022-06")))
    assert "dinilai dengan rubrik lain (zi-2021 v1.0.0)" in pages["index.html"]
    assert all(kab.other_rubric[:40] in text for name, text in pages.items() if name.endswith(".md"))
    same = kabupaten_view(batch, HISTORY)  # one rubric throughout: nothing left out, nothing said
    assert same.previous_period == "2022-06" and same.other_rubric == ""


# --------------------------------------------------------------------------- hostile names and the rapor folder


def _one_unit_batch(folder: Path, rubric: Rubric, unit: Unit, kabupaten: str = "Kabupaten Contoh") -> Batch:
    from pmprb_cli.batch import build_batch
    from pmprb_cli.template import write_template

    from .factories import random_answers

    folder.mkdir(parents=True, exist_ok=True)
    answers = random_answers(rubric, __import__("random").Random(7), 0.7)
    path = write_template(folder / "unit.xlsx", rubric, unit, PERIOD, kabupaten, answers=answers)
    return build_batch([str(path)], rubric, period=PERIOD, target="BB", kabupaten=kabupaten)


def test_a_unit_page_never_takes_the_name_of_the_operators_own_file(rubric_2014: Rubric, tmp_path: Path) -> None:
    # A workbook whose Identitas said "Kode unit: README" overwrote the README.md the operator kept beside the
    # rapor; once the workbook was gone, the next run deleted it as its own stale page.
    batch = _one_unit_batch(tmp_path / "in", rubric_2014, Unit("README", "Dinas Kesehatan", "dinas"))
    out = tmp_path / "rapor"
    out.mkdir()
    (out / "README.md").write_text("catatan operator\n", encoding="utf-8")
    (out / "readme.html").write_text("<p>halaman operator</p>\n", encoding="utf-8")
    names = sorted(p.name for p in render_reports(batch, out))
    assert names == ["README-2.html", "README-2.md", "index.html", "index.md"]
    assert (out / "README.md").read_text(encoding="utf-8") == "catatan operator\n"
    assert (out / "readme.html").read_text(encoding="utf-8") == "<p>halaman operator</p>\n"
    # pmprb's own pages are its own: a second run keeps the names (nothing renamed "-3").
    assert sorted(p.name for p in render_reports(batch, out)) == names
    # A name that spells a link to it in the index ("x](README.md)") does not make it pmprb's.
    forged = _one_unit_batch(tmp_path / "forged", rubric_2014, Unit("README", "Dinas Jahat](README.md)", "dinas"))
    for _ in range(2):
        assert "README.md" not in {p.name for p in render_reports(forged, out)}
    assert (out / "README.md").read_text(encoding="utf-8") == "catatan operator\n"
    # A page of a kabupaten's own template that does not say pmprb made it is marked, and so kept too.
    mine = tmp_path / "templat"
    mine.mkdir()
    for name in ("index.md", "unit.md"):
        (mine / name).write_text("# {{ page.title if page.title is defined else 'rapor' }}\n", encoding="utf-8")
    own = tmp_path / "rapor-sendiri"
    first = sorted(p.name for p in render_reports(batch, own, formats=("md",), templates_dir=mine))
    assert first == sorted(p.name for p in render_reports(batch, own, formats=("md",), templates_dir=mine))
    assert "<!-- Dibuat dengan pmprb " in (own / "README.md").read_text(encoding="utf-8")
    # Pages an earlier pmprb wrote from such a template carry no mark: those its index links to are its own.
    index = own / "index.md"
    custom = "# rapor\n\n- [Dinas Kesehatan](README.md)\n"
    for page in own.iterdir():
        page.write_text(page.read_text(encoding="utf-8").split("<!-- Dibuat")[0], encoding="utf-8")
    index.write_text(custom + "<!-- Dibuat dengan pmprb 0.1.0 -->\n", encoding="utf-8")
    assert sorted(p.name for p in render_reports(batch, own, formats=("md",), templates_dir=mine)) == first
    assert sorted(p.name for p in own.iterdir()) == first
    # An index that does not say pmprb made it (a web root's, an old custom one) is never replaced: refused.
    index.write_text(custom, encoding="utf-8")
    with pytest.raises(UsageError, match="sudah memuat index.md, yang bukan tulisan pmprb"):
        render_reports(batch, own, formats=("md",), templates_dir=mine)
    assert index.read_text(encoding="utf-8") == custom


def test_windows_device_names_are_never_page_names() -> None:
    ranked = [_ranked(k, f"{k}.xlsx") for k in ("COM0", "lpt0", "NUL", "com9", "COM10")]
    assert sorted(page_names(ranked).values()) == ["COM10", "unit-COM0", "unit-NUL", "unit-com9", "unit-lpt0"]


def test_file_names_in_the_rapor_show_their_control_characters(rubric_2014: Rubric, tmp_path: Path) -> None:
    from pmprb_cli.batch import build_batch
    from pmprb_cli.template import write_template

    folder = tmp_path / "in"
    folder.mkdir()
    spoof = folder / "DLH\u202eslx.exe\x1b[2J.xlsx"
    write_template(spoof, rubric_2014, Unit("DLH", "Dinas Lingkungan Hidup", "dinas"), PERIOD, "Kab")
    batch = build_batch([str(spoof)], rubric_2014, period=PERIOD, target="BB")
    pages = render_pages(batch)
    for text in pages.values():
        assert "\u202e" not in text and "\x1b" not in text
    assert "DLH\\u202eslx.exe\\x1b[2J.xlsx" in pages["DLH.html"]


def test_a_long_index_chart_is_cut_into_charts_of_a_page_each(batch: Batch, monkeypatch: pytest.MonkeyPatch) -> None:
    # 200 units in one chart printed their labels at 1.6 pt: an SVG cannot split across pages.
    from pmprb_cli import reporting

    monkeypatch.setattr(reporting, "CHART_ROWS", 2)
    html = render_pages(batch, history=HISTORY)["index.html"]
    charts = re.findall(
        r'<svg class="chart wide" id="(grafik-indeks(?:-\d+)?)".*?<title[^>]*>(.*?)</title>', html, re.S
    )
    ranked = len(batch.ranked)
    assert ranked > 4
    assert [c[0] for c in charts] == ["grafik-indeks"] + [f"grafik-indeks-{n}" for n in range(2, len(charts) + 1)]
    assert len(charts) == (ranked + 1) // 2
    assert f"per unit, urutan 1–2 dari {ranked}, garis" in charts[0][1]
    wide = "".join(re.findall(r'class="chart wide" id="grafik-indeks.*?</svg>', html, re.S))
    bars = re.findall(r'<rect class="bar (?:ok|low)"', wide)
    assert len(bars) == ranked  # every unit once
    # One chart, as before, where the units fit in one.
    monkeypatch.undo()
    one = render_pages(batch, history=HISTORY)["index.html"]
    assert re.findall(r'<svg class="chart wide" id="(grafik-indeks[-\d]*)"', one) == ["grafik-indeks"]


def test_a_chart_label_keeps_the_last_word_that_tells_two_names_apart() -> None:
    from pmprb_cli.reporting import clip

    one, other = clip("UPTD Puskesmas Kecamatan Sukamaju", 32), clip("UPTD Puskesmas Kecamatan Sukamakmur", 32)
    assert one != other and one.endswith("… Sukamaju") and len(one) == 32 and len(other) <= 32
    assert clip("Dinas Kesehatan", 32) == "Dinas Kesehatan"
    assert clip("x" * 50, 32) == "x" * 31 + "…"  # one long word: cut at its end
    assert clip("Dinas Pemberdayaan Masyarakat dan DesaKabupatenContohRaya", 32).endswith("…")


def test_no_two_units_share_a_chart_label() -> None:
    # Names that differ in the middle ("… Cikarang Utara", "… Tambun Utara") were both "UPTD Puskesmas
    # Kecamatan… Utara" on the projected chart, where no tooltip shows: six units, four labels.
    from pmprb_cli.rapor import Bar
    from pmprb_cli.reporting import clips, environment

    names = [f"UPTD Puskesmas Kecamatan {p} {s}" for p in ("Cikarang", "Tambun") for s in ("Utara", "Selatan")]
    names += ["Dinas Kesehatan", "x" * 50, "x" * 49 + "y", "Dinas Kesehatan"]
    # ... nor where their shared ending is longer than a label: "…inas Kesehatan Kabupaten Bekasi" twice.
    names += [f"UPTD Puskesmas Kecamatan {p} Utara Dinas Kesehatan Kabupaten Bekasi" for p in ("Cikarang", "Tambun")]
    short = clips(names, 32)
    assert len(set(short)) == len(set(names)) and all(len(s) <= 32 for s in short), short
    assert short[4] == short[7] == "Dinas Kesehatan" and short[0].endswith("Cikarang Utara"), short
    assert "Cikarang" in short[8] and "Tambun" in short[9], short
    # ... nor where names part later than their group, or two groups meet: numbered at the last.
    for parts in (
        [
            f"UPTD Puskesmas {k} Tambun Utara{s} Dinas Kesehatan Kabupaten Bekasi"
            for k in ("Kecamatan", "Kelurahan")
            for s in ("", " II")
        ],
        [
            f"UPTD {k} Kecamatan {p} Utara II Dinas Kesehatan Kabupaten Bekasi"
            for k in ("Puskesmas", "Pendidikan")
            for p in ("Cikarang", "Tambun")
        ],
    ):
        labels = clips(parts, 32)
        assert len(set(labels)) == 4 and all(len(s) <= 32 for s in labels), labels
    chart = (
        environment()
        .from_string('{% from "_charts.html" import hbars %}{{ hbars("c", "t", bars, 100) }}')
        .render(bars=[Bar(n, 50.0) for n in names[:4]])
    )
    assert len(set(re.findall(r'text-anchor="end">([^<]+)<title>', chart))) == 4, chart


def test_a_perfect_units_page_says_once_that_nothing_is_left_and_its_notes_read_apart(tmp_path: Path) -> None:
    # "Jawaban berikut paling menaikkan indeks berikutnya." above no list, then "Tidak ada jawaban yang masih
    # dapat dinaikkan." (HTML); and in Markdown DEREGULASI KEBIJAKAN<sup>10</sup><sup>14</sup> read "1014".
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers

    rubric = load_rubric("pmprb-2020")
    (tmp_path / "in").mkdir()
    evidence = {c: "https://x.example/" + c for c in rubric.answer_codes()}
    unit = Unit("top", "Dinas Teladan", "dinas")
    write_template(
        tmp_path / "in" / "top.xlsx", rubric, unit, "2022-08", answers=best_answers(rubric), evidence=evidence
    )
    invoke(["report", str(tmp_path / "in"), "--period", "2022-08", "--out", str(tmp_path / "r")])
    html = (tmp_path / "r" / "top.html").read_text(encoding="utf-8")
    steps = re.sub(r"<[^>]+>", "", re.search(r'<section id="langkah">(.*?)</section>', html, re.S).group(1))  # type: ignore[union-attr]
    markdown = (tmp_path / "r" / "top.md").read_text(encoding="utf-8")
    md_steps = markdown.split("## Langkah", 1)[1].split("## Temuan", 1)[0]
    for text in (steps, md_steps):
        assert "sudah tercapai, dan tidak ada jawaban yang masih dapat dinaikkan" in text
        assert "Jawaban berikut" not in text
    # (and apart with "; ": "10,14" beside 1,38 read as an Indonesian decimal)
    assert "</sup><sup>" not in markdown and re.search(r"<sup>\d+; \d+</sup>", markdown)


def test_markdown_escapes_tildes() -> None:
    # "~~coret~~" in a unit's name struck it through in GitHub's Markdown.
    assert md("Badan ~~coret~~ Daerah") == "Badan \\~\\~coret\\~\\~ Daerah"


def test_a_predikat_below_target_is_said_without_colour(pages: dict[str, str]) -> None:
    # Green and red badges were one shade in grey print (1,06:1), and a screen reader heard "B" either way.
    html = pages["index.html"]
    low = re.findall(r'<span class="predikat low">(.*?)</span></span>', html)
    assert low and all(b.endswith('<span class="visually-hidden"> (di bawah target)') for b in low)
    assert '<span class="predikat ok">A</span>' in html
    css = (default_templates_dir() / "_style.css").read_text(encoding="utf-8")
    assert ".predikat.low { background: var(--paper);" in css  # outlined, not filled: apart in grey too


def test_a_shared_award_is_called_shared(tmp_path: Path, rubric_2014: Rubric) -> None:
    # Two dinas with one index both got "★ Perangkat daerah terbaik", each read as the only one.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.template import write_template

    from .factories import best_answers

    units = (Unit("dinkes", "Dinas Kesehatan", "dinas"), Unit("disdik", "Dinas Pendidikan", "dinas"))
    files = [
        str(write_template(tmp_path / f"{u.kode}.xlsx", rubric_2014, u, PERIOD, answers=best_answers(rubric_2014)))
        for u in units
    ]
    batch = build_batch(files, rubric_2014, period=PERIOD, target="BB")
    index = render_pages(batch, ("md", "html"))
    assert index["index.md"].count("★ Perangkat daerah terbaik (bersama, indeks sama):") == 2
    assert index["index.html"].count("★ Perangkat daerah terbaik (bersama, indeks sama)</div>") == 2
    # and the ★ beside each in the ranking tables too
    assert index["index.md"].count("★ Perangkat daerah terbaik (bersama) |") == 2


def _crossed_labels(svg: str) -> int:
    """How many value labels of a chart the target line runs through (8 px a character at 14 px)."""
    import re

    line = re.search(r'<line class="target" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"', svg)
    assert line is not None
    x1, y1, x2, y2 = map(float, line.groups())
    crossed = 0
    for label in re.finditer(r'<text class="val" x="([\d.]+)" y="([\d.]+)"([^>]*)>([^<]*)<', svg):
        x, y, width = float(label[1]), float(label[2]), len(label[4]) * 8
        start = x - width / 2 if "middle" in label[3] else x
        if x1 == x2 and start <= x1 <= start + width and min(y1, y2) <= y <= max(y1, y2):
            crossed += 1
        if y1 == y2 and y - 12 <= y1 <= y + 2 and start <= max(x1, x2) and start + width >= min(x1, x2):
            crossed += 1
    return crossed


@pytest.mark.parametrize("shape", ["hbars", "columns", "line"])
def test_the_target_line_never_runs_through_a_value_label(shape: str) -> None:
    # "69,12", "68,68" … beside a target of 70,01 looked struck through on the projector: the dashed line ran
    # through the labels of bars and points just under it.
    from pmprb_cli.rapor import Bar
    from pmprb_cli.reporting import environment

    values = [60.0 + n * 0.5 for n in range(24)]  # 60 … 71,5 around the target
    bars = [Bar(f"2022-{n % 12 + 1:02d}", v, tone="low" if v < 70.01 else "ok") for n, v in enumerate(values)]
    macro = getattr(environment().get_template("_charts.html").module, shape)
    svg = str(macro("g", "uji", bars, 100, marker=70.01, marker_label="Target BB"))
    assert _crossed_labels(svg) == 0


def test_a_file_name_breaks_only_between_its_parts() -> None:
    # Printed on A4 the Kelengkapan table read "KEC-CIBENDA.xls|x": its cells could break anywhere.
    from pmprb_cli.reporting import wrappable

    assert str(wrappable("KEC-CIBENDA.xlsx")) == "KEC-<wbr>CIBENDA.<wbr>xlsx"
    assert str(wrappable("A" * 40 + ".xlsx")) == "A" * 16 + "<wbr>" + "A" * 16 + "<wbr>" + "A" * 8 + ".<wbr>xlsx"
    assert str(wrappable("<b>&-x.xlsx")) == "&lt;b&gt;&amp;-<wbr>x.<wbr>xlsx"  # escaped, never split in an entity
    # A unit's name keeps its long words ("Pertanggungjawab|an" broke on a phone), and no break goes before a
    # mark or inside an emoji sequence.
    assert "<wbr>" not in str(wrappable("Badan Pertanggungjawaban Ketenagalistrikan", 24))
    assert str(wrappable("a" * 15 + "e\u0301" + "b", 16)) == "a" * 15 + "e\u0301<wbr>b"
    joined = "a" * 15 + "\U0001f469\u200d\U0001f4bb" + "b"
    assert str(wrappable(joined, 16)) == "a" * 15 + "\U0001f469\u200d\U0001f4bb<wbr>b"
    # (nor between a thumb and its skin tone, nor between a flag's two letters)
    assert str(wrappable("a" * 15 + "\U0001f44d\U0001f3fd" + "b", 16)) == "a" * 15 + "\U0001f44d\U0001f3fd<wbr>b"
    assert str(wrappable("a" * 15 + "\U0001f1ee\U0001f1e9" + "b", 16)) == "a" * 15 + "\U0001f1ee\U0001f1e9<wbr>b"


def test_a_units_page_names_its_other_sendings(rubric_2014: Rubric, tmp_path: Path) -> None:
    # DISHUB sent two workbooks; only the kabupaten's Kelengkapan said so, not DISHUB's own page.
    import os

    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import Unit
    from pmprb_cli.template import write_template

    from .factories import best_answers, worst_answers

    unit = Unit("DISHUB", "Dinas Perhubungan", "dinas")
    old = write_template(tmp_path / "DISHUB.xlsx", rubric_2014, unit, PERIOD, "K", worst_answers(rubric_2014))
    new = write_template(tmp_path / "DISHUB revisi.xlsx", rubric_2014, unit, PERIOD, "K", best_answers(rubric_2014))
    os.utime(old, (1_600_000_000, 1_600_000_000))  # the revision is the later one, and ranks
    batch = build_batch([str(old), str(new)], rubric_2014, period=PERIOD, target="BB")
    assert [r.file for r in batch.ranked] == [str(new)]
    pages = render_pages(batch, ("md", "html"))
    page = pages["DISHUB.md"]
    assert "Unit ini juga mengirim DISHUB.xlsx untuk periode ini; yang dinilai di rapor ini DISHUB revisi.xlsx" in page
    assert "Unit ini juga mengirim DISHUB.xlsx" in pages["DISHUB.html"]
    # Told apart as the duplicate check does: a kode typed in lower case is the same unit.
    lower = write_template(
        tmp_path / "dishub kecil.xlsx",
        rubric_2014,
        Unit("dishub", "Dinas Perhubungan", "dinas"),
        PERIOD,
        "K",
        worst_answers(rubric_2014),
    )
    os.utime(lower, (1_500_000_000, 1_500_000_000))
    again = render_pages(
        build_batch([str(old), str(new), str(lower)], rubric_2014, period=PERIOD, target="BB"), ("md",)
    )
    assert "Unit ini juga mengirim DISHUB.xlsx, dishub kecil.xlsx untuk periode ini" in again["DISHUB.md"]


def test_a_report_stopped_by_a_full_disk_leaves_the_old_index_over_its_pages(
    batch: Batch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The index was written first: a full disk left August's index linking July's unit pages, unsaid.
    import errno

    from pmprb_cli import reporting
    from pmprb_cli.errors import SystemRefusal

    out = tmp_path / "rapor"
    first = render_reports(batch, out, history=HISTORY)
    assert first[0].name == "index.html"  # (returned index first, as before)
    old_index = (out / "index.html").read_bytes()
    written: list[str] = []

    def full_after_two(path: Path, data: bytes) -> bool:
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path.name)
        path.write_bytes(data + b"<!-- baru -->")
        return True

    monkeypatch.setattr(reporting, "write_if_changed", full_after_two)
    with pytest.raises(SystemRefusal) as refused:
        render_reports(batch, out, history=HISTORY)
    assert not any(name.startswith("index.") for name in written)
    assert (out / "index.html").read_bytes() == old_index
    assert "halaman indeks belum diperbarui" in refused.value.message


def test_a_verified_change_on_other_numbers_of_the_evaluators_answers_is_marked(batch: Batch) -> None:
    # The evaluator checked 2 answers in June and all of them in July: the unit's drop read as its own, no †.
    import dataclasses

    kab = kabupaten_view(batch, HISTORY)
    dinkes = next(u for u in kab.units if u.ranked.kode == "dinkes")
    done = dinkes.ranked.checked[0]
    june = [
        dataclasses.replace(p, verified=True, evaluator_answers=n) if (p.period, p.kode) == ("2022-06", "dinkes") else p
        for p in HISTORY
        for n in (done - 1,)
    ]
    marked = next(u for u in kabupaten_view(batch, june).units if u.ranked.kode == "dinkes")
    assert marked.previous_basis == f"terverifikasi dengan {done - 1} jawaban evaluator, kini {done}"
    same = [dataclasses.replace(p, evaluator_answers=done) if p.kode == "dinkes" else p for p in june]
    assert next(u for u in kabupaten_view(batch, same).units if u.ranked.kode == "dinkes").previous_basis == ""
    unknown = [dataclasses.replace(p, evaluator_answers=None) if p.kode == "dinkes" else p for p in june]
    assert next(u for u in kabupaten_view(batch, unknown).units if u.ranked.kode == "dinkes").previous_basis == ""


def test_wide_tables_say_on_a_phone_that_they_scroll(pages: dict[str, str]) -> None:
    # At 390 px the ranking showed "# | Unit | Jenis | Indeks | Dasa…", predikat and the gap off screen, with
    # nothing saying so (a phone hides the scroll bar); the charts had their "geser" line, the tables none.
    html = pages["index.html"]
    ranking = html.split('<section id="peringkat">', 1)[1]
    assert ranking.lstrip().split("\n", 2)[1].startswith('<div class="table-wrap wide"><table>')
    phone = html.split("@media (max-width: 640px)", 1)[1].split("@media", 1)[0]
    assert '.table-wrap.wide::before { content: "Geser tabel ke samping untuk kolom lainnya' in phone


def test_every_rapor_table_has_a_caption_for_screen_readers(pages: dict[str, str]) -> None:
    # 13 of 13 tables of index.html, 3 of 3 of a unit's page had no <caption> nor name: a screen reader announced
    # "tabel" and its size only.
    for name in ("index.html", "dinkes.html"):
        html = pages[name]
        tables = re.findall(r"<table>(.*?)</table>", html, re.S)
        assert tables and all(t.startswith('<caption class="visually-hidden">') for t in tables), name


def test_an_akip_units_steps_count_the_answers_its_grades_take(tmp_path: Path) -> None:
    # "Mengubah 1 jawaban berikut" above one grade step that fills two criteria (score said "2 jawaban").
    import random

    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import random_answers

    sakip = load_rubric("sakip-2021")
    files = [
        str(
            write_template(
                tmp_path / f"u{n}.xlsx",
                sakip,
                Unit(f"U{n}", f"Dinas {n}", "dinas"),
                "2024-06",
                answers=random_answers(sakip, random.Random(n)),
            )
        )
        for n in range(12)
    ]
    batch = build_batch(files, sakip, period="2024-06", target="B")
    pages = render_pages(batch, ("md",))
    apart = 0
    for r in batch.ranked:
        if r.actions_needed <= 0 or any(a.reported for a in r.actions[: r.actions_needed]):
            continue
        page = " ".join(pages[f"{r.kode}.md"].split())
        assert f"Mengubah {r.answers_needed} jawaban berikut" in page, (r.kode, r.answers_needed)
        apart += r.answers_needed != r.actions_needed
    assert apart, "no unit whose grade step takes several criteria"
    # No step listed again once an earlier one takes it: "2.c (penuhi kriteria 2.c.3, 2.c.6, 2.c.7) CC → BB", then
    # 2.c.3, 2.c.6 and 2.c.7 each a step of its own in "Langkah berikutnya", each adding nothing after it (mentorrev).
    from pmprb_cli.rapor import kabupaten_view, unit_view

    kab = kabupaten_view(batch)
    repeated = 0
    for row in kab.units:
        view = unit_view(kab, row)
        steps = [*view.to_target, *view.following]
        for n, step in enumerate(steps):
            earlier = {code for s in steps[:n] for code, _ in s.action.changes}
            assert step.action.code not in earlier, (row.ranked.kode, step.action.code)
        listed = {a.code for a in row.ranked.actions}
        repeated += any(code in listed for a in row.ranked.actions for code, _ in a.changes if code != a.code)
    assert repeated, "no unit whose action list holds a criterion a grade step also takes"


def test_the_average_card_is_coloured_by_the_average_as_shown(batch: Batch) -> None:
    # An average of 70,007 read "70,01 · predikat BB" in the below-target red: the colour compared it unrounded.
    import dataclasses

    kab = kabupaten_view(batch)
    assert kab.target_verdict is None and kab.target_floor == 70.01
    assert dataclasses.replace(kab, average=70.007).average_tone == "ok"
    assert dataclasses.replace(kab, average=70.004).average_tone == "low"


def test_a_long_run_without_spaces_quoted_in_a_finding_may_break(tmp_path: Path) -> None:
    # A link typed as the answer, quoted in its finding: the cell could not be narrower than it, and Chromium
    # printed the unit's every page at 67 %, the Saran column cut off. It breaks as a file name does.
    import random

    from pmprb_cli.batch import build_batch
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import random_answers

    rubric = load_rubric("pmprb-2020")
    answers = random_answers(rubric, random.Random(3), 0.6)
    choice = next(i.code for i in rubric.items() if rubric.scales[i.scale].kind == "choice")
    answers[choice] = "x" * 70
    unit = Unit("D1", "Dinas Satu", "dinas")
    path = write_template(tmp_path / "d1.xlsx", rubric, unit, "2022-08", kabupaten="Kab", answers=answers)
    page = render_pages(build_batch([str(path)], rubric, period="2022-08", target="BB"), ("html",))["D1.html"]
    [cell] = [c for c in re.findall(r'<td class="msg">(.*?)</td>', page) if "xxxxxxxx" in c]
    assert "x" * 24 + "<wbr>" in cell and "x" * 25 not in cell  # (24: Indonesian words run past 16 letters)


def test_a_unit_page_says_its_index_is_unverified_where_the_evaluators_entries_gave_none(tmp_path: Path) -> None:
    # The evaluator wrote in Jawaban Evaluator, nothing readable: the page said "Indeks: 100,00", as if verified.
    import random

    from pmprb_cli.batch import build_batch
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import random_answers

    rubric = load_rubric("pmprb-2020")
    answers = random_answers(rubric, random.Random(4), 0.7)
    evaluator = {"A.I.1.i.a": "Bukti belum lengkap"}
    unit = Unit("D2", "Dinas Dua", "dinas")
    path = write_template(tmp_path / "d2.xlsx", rubric, unit, "2022-08", "Kab", answers, evaluator=evaluator)
    md = render_pages(build_batch([str(path)], rubric, period="2022-08", target="BB"), ("md",))["D2.md"]
    assert "- Indeks mandiri (belum diverifikasi: isian evaluator tidak memberi jawaban yang terbaca):" in md
    # Notes alone, no Jawaban Evaluator at all: "tidak memberi jawaban yang terbaca" was said of no entry (verifrev).
    import openpyxl

    notes = write_template(tmp_path / "d3.xlsx", rubric, Unit("D3", "Dinas Tiga", "dinas"), "2022-08", "Kab", answers)
    book = openpyxl.load_workbook(notes)
    ws = book["LKE"]
    column = next(c.column for c in ws[8] if c.value == "Catatan Evaluator")
    ws.cell(next(c.row for c in ws["A"] if c.value == "A.I.1.i.a"), column, "Bukti belum lengkap; lengkapi SK")
    book.save(notes)
    md = render_pages(build_batch([str(notes)], rubric, period="2022-08", target="BB"), ("md",))["D3.md"]
    assert (
        "- Indeks mandiri (belum diverifikasi: evaluator menulis Catatan Evaluator saja, tanpa Jawaban Evaluator):"
        in md
    )


def test_each_unit_page_costs_the_same_whatever_the_number_of_units(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each page searched every result for the unit's other sendings (a unit key each) and every input's path in
    # each finding: N² for N units, `report` of 10 000 units unfinished after 27 minutes. Counted, not timed.
    from pmprb_cli import batch as batch_module
    from pmprb_cli import rapor
    from pmprb_cli.pipeline import expand_paths
    from pmprb_cli.registry import load_registry
    from pmprb_cli.rubric import load_rubric

    files = expand_paths([str(SAMPLE_DATA / "2022-08")])
    built = batch_module.build_batch(
        files,
        load_rubric("pmprb-2020"),
        registry=load_registry(str(SAMPLE_DATA / "registry.csv")),
        period="2022-08",
        target="BB",
    )
    calls = {"unit_key": 0}
    real_key = rapor.unit_key

    def counted_key(*args: object, **kwargs: object) -> str:
        calls["unit_key"] += 1
        return real_key(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rapor, "unit_key", counted_key)
    monkeypatch.setattr(batch_module, "unit_key", counted_key)
    kab = kabupaten_view(built)
    pages = [unit_view(kab, row) for row in kab.units]
    assert len(pages) == len(built.ranked) >= 35
    # One key for each page's own unit and one for each file once: not one for each file on each page.
    assert calls["unit_key"] <= 3 * len(files), calls


def test_the_colour_key_stands_where_the_colours_first_appear(pages: dict[str, str]) -> None:
    # Printed, page 1 showed the predikat chart and badges; the only key came six pages later, under the index
    # chart. The weight track of a unit's area chart (1,23:1 against white) is outlined at 3:1.
    index = pages["index.html"]
    sebaran = index[index.index('<section id="sebaran">') :]
    key = sebaran[: sebaran.index("</section>")]
    assert "Hijau polos: mencapai target" in key and "berbingkai merah" in key

    assert "svg.chart .track { fill: var(--track); stroke: #7b8794;" in index


def test_each_unit_row_of_the_index_is_headed_by_the_units_name(pages: dict[str, str], batch: Batch) -> None:
    # A screen reader moving down the Indeks column heard "74,96", "BB" … without the unit: no row had a header.
    index = pages["index.html"]
    for section in ("peringkat", "pendampingan", "kelengkapan"):
        part = index[index.index(f'<section id="{section}">') :]
        part = part[: part.index("</section>")]
        rows = re.findall(r"<tbody>(.*?)</tbody>", part, re.S)
        assert rows, section
        units = [r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", "".join(rows), re.S) if ".html" in r]
        assert units, section
        for row in units:  # (each row that links a unit's page)
            assert row.count('<th scope="row">') == 1, (section, row[:200])
    assert "tbody th { background: none; font-weight: inherit; }" in index
    # ... and each row of a unit's own tables (areas, actions, findings) by its area or item.
    unit = next(text for name, text in pages.items() if name.endswith(".html") and name != "index.html")
    rows = [
        c
        for body in re.findall(r"<tbody>.*?</tbody>", unit, re.S)
        for c in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]
    assert len(rows) > 10 and all(cells.count('<th scope="row"') == 1 for cells in rows), rows[:3]


def test_the_unit_rapor_lists_the_answers_a_gate_the_evaluator_judged_unmet_zeroed(tmp_path: Path) -> None:
    # The evaluator's "Tidak" on Road Map a made the unit's own d and e ("A") count 0 in the ranked index: the
    # "Perbedaan" table showed one row, for a drop it explained a third of.
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers

    rubric = load_rubric("pmprb-2020")
    folder = tmp_path / "masuk"
    folder.mkdir()
    write_template(
        folder / "DINKES.xlsx",
        rubric,
        Unit("DINKES", "Dinas Kesehatan", "dinas"),
        "2022-08",
        answers=best_answers(rubric),
        evaluator={"A.I.1.ii.a": "Tidak"},
    )
    args = ["report", str(folder), "--rubric", "pmprb-2020", "--period", "2022-08", "--format", "md"]
    invoke([*args, "--out", str(tmp_path / "r")], expected_code=0)
    page = (tmp_path / "r" / "DINKES.md").read_text(encoding="utf-8")
    table = page[page.index("Perbedaan") :]
    for code in ("A.I.1.ii.a", "A.I.1.ii.d", "A.I.1.ii.e"):
        assert f"| {code} |" in table, code
    assert "karena A.I.1.ii.a dijawab 'Tidak'" in table and "(prasyarat menurut Jawaban Evaluator)" in table
    # (pmprb's words in the Catatan evaluator column, said as pmprb's: read as the evaluator's own; verifrev)
    assert "| Catatan pmprb, bukan evaluator: Butir A.I.1.ii.d dijawab" in table


def test_a_units_many_findings_of_one_code_keep_each_hint_and_what_was_typed() -> None:
    # 30 E401 of Ya/Tidak and A–E items, gathered by code alone, left the Saran column empty (their hints
    # differ), and 161 E402 lost what was typed; `validate` told the same file each.
    from pmprb_cli.catalogue import finding
    from pmprb_cli.rapor import GROUP_AT, finding_rows

    yes_no = [
        finding("PMPRB-E402", "u.xlsx", sheet="LKE", cell=f"J{n}", value="Ok", detail="Ya / Tidak") for n in range(20)
    ]
    grades = [
        finding("PMPRB-E402", "u.xlsx", sheet="LKE", cell=f"J{n}", value="Baik", detail="A / B / C")
        for n in range(20, 40)
    ]
    few = [finding("PMPRB-E402", "u.xlsx", sheet="LKE", cell=f"J{n}", value="x", detail="A / B") for n in range(40, 42)]
    rows = finding_rows([*yes_no, *grades, *few])
    assert len(rows) == 3 and len(yes_no) > GROUP_AT  # (the two of a third hint gathered too: the code is many)
    # A code spread thin over several hints is still gathered, a row per hint (30 over four scales: 30 rows).
    spread = [
        finding(
            "PMPRB-E402",
            "u.xlsx",
            sheet="LKE",
            cell=f"J{n}",
            value="x",
            detail=("Ya / Tidak", "A / B", "A / B / C")[n % 3],
        )
        for n in range(15)
    ]
    assert [r.count for r in finding_rows(spread)] == [5, 5, 5]
    by_hint = {r.hint: r for r in rows}
    assert by_hint[yes_no[0].hint].count == 20 and "'Ok'" in by_hint[yes_no[0].hint].message
    assert by_hint[grades[0].hint].count == 20 and "'Baik'" in by_hint[grades[0].hint].message
    assert yes_no[0].hint != grades[0].hint and all(r.hint for r in rows)


def test_the_target_card_is_not_green_when_no_unit_reaches_it(sample: Sample, tmp_path: Path) -> None:
    # "Mencapai target 0" stood in green (the card was green whenever any unit was ranked).
    out = tmp_path / "out"
    invoke(["report", *sample.files, "--out", str(out), "--target", "AA", "--format", "html"], expected_code=1)
    index = " ".join((out / "index.html").read_text(encoding="utf-8").split())
    assert '<div class="card low"><div class="k">Mencapai target</div><div class="v">0</div>' in index


def test_the_card_of_units_without_a_score_says_why_it_is_red(tmp_path: Path) -> None:
    # Every registered unit scored, one stray file unreadable: the card was red with "0 · 0 belum mengirim".
    inbox = tmp_path / "masuk"
    shutil.copytree(SAMPLE_DATA / "2022-08", inbox)
    (inbox / "catatan rapat.xlsx").write_bytes(b"bukan excel")
    out = tmp_path / "rapor"
    args = ["report", str(inbox), "--registry", str(SAMPLE_DATA / "registry.csv"), "--period", "2022-08"]
    invoke([*args, "--out", str(out), "--format", "html"], expected_code=1)
    index = " ".join((out / "index.html").read_text(encoding="utf-8").split())
    assert (
        '<div class="card low"><div class="k"><a href="#kelengkapan">Unit terdaftar tanpa nilai</a></div>'
        '<div class="v">0</div><div class="n">0 belum mengirim · 1 berkas lain tidak dapat dinilai</div>'
    ) in index


def test_the_average_card_says_below_target_in_words(tmp_path: Path) -> None:
    # "Rata-rata indeks 69,86 · predikat B" under target BB said so only by its red tint: printed in black and
    # white the red and green cards came out grey #ebebeb against #efefef.
    out = tmp_path / "rapor"
    args = ["report", str(SAMPLE_DATA / "2022-08"), "--registry", str(SAMPLE_DATA / "registry.csv"), "--out", str(out)]
    invoke([*args, "--period", "2022-08", "--format", "html"], expected_code=1)

    def card(folder: Path) -> str:
        html = (folder / "index.html").read_text(encoding="utf-8")
        return html[html.index('<div class="k">Rata-rata indeks') - 30 :].split("</div></div>", 1)[0]

    assert '<div class="card low">' in card(out) and "predikat B (di bawah target BB)" in card(out)
    invoke([*args, "--period", "2022-08", "--format", "html", "--target", "B", "--out", str(tmp_path / "b")], 1)
    assert "predikat B ·" in card(tmp_path / "b") and "di bawah target" not in card(tmp_path / "b")


def test_areas_sharing_a_name_are_told_apart_by_their_part(tmp_path: Path) -> None:
    # ZI's unit page listed "MANAJEMEN PERUBAHAN" twice (A.I.1 and A.II.1) with other figures, the codes alone
    # telling pemenuhan from reform; so did the rekap's area columns.
    import random

    from pmprb_cli.batch import build_batch
    from pmprb_cli.merging import write_merged
    from pmprb_cli.rubric import area_names, area_parts, load_rubric
    from pmprb_cli.template import write_template

    from .factories import random_answers

    rubric = load_rubric("zi-2021")
    unit = Unit("U1", "Unit Satu", "dinas")
    answers = random_answers(rubric, random.Random(1), 0.8)
    path = write_template(tmp_path / "u1.xlsx", rubric, unit, "2022-08", kabupaten="Kab", answers=answers)
    batch = build_batch([str(path)], rubric, period="2022-08", target="WBK", keep_answers=True)
    page = render_pages(batch, ("md",))["U1.md"]
    assert "| A.I.1 | MANAJEMEN PERUBAHAN (pemenuhan) |" in page and "| A.II.1 | MANAJEMEN PERUBAHAN (reform) |" in page
    write_merged(batch, tmp_path / "rekap.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "rekap.xlsx", read_only=True)
    titles = {str(c.value) for name in book.sheetnames for row in book[name].iter_rows(max_row=3) for c in row}
    assert "A.II.1 MANAJEMEN PERUBAHAN (reform)" in titles
    assert "A.II.1 MANAJEMEN PERUBAHAN (reform; bobot 4)" in titles
    # (the part short, the chart's label the area's own name: "A.II.4 PENATAAN TATA… perubahan)" was the label
    # of every PMPRB-2020 hasil antara area)
    parts = area_parts(load_rubric("pmprb-2020"))
    assert set(parts.values()) == {"pemenuhan", "hasil antara", "reform", ""}
    bars = render_pages(batch, ("html",))["U1.html"]
    assert ">A.II.1 MANAJEMEN PERUBAHAN<title>" in bars
    # The 2014 rubric's areas each have a name of their own: written as before.
    plain = load_rubric("lke-rb-2014")
    assert area_names(plain) == {a.code: a.name for a in plain.areas()}


def test_an_award_to_a_workbook_that_copies_another_says_so(tmp_path: Path) -> None:
    # DISPERTA carrying BPKAD's answers and bukti dukung: "★ Perangkat daerah terbaik (bersama)" for both on page
    # 1, PMPRB-W313 said only on their own pages.
    from pmprb_cli.batch import build_batch
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers

    rubric = load_rubric("pmprb-2020")
    answers = best_answers(rubric)
    evidence: dict[str, object] = {
        i.code: f"https://drive.contoh.go.id/{i.code}" for i in rubric.items() if not i.computed
    }
    paths = [
        str(
            write_template(
                tmp_path / f"{kode}.xlsx", rubric, Unit(kode, nama, "dinas"), "2022-08", "Kab", answers, evidence
            )
        )
        for kode, nama in (("BPKAD", "Badan Keuangan"), ("DISPERTA", "Dinas Pertanian"))
    ]
    pages = render_pages(build_batch(paths, rubric, period="2022-08", target="BB"), ("html", "md"))
    awards = pages["index.html"].split('<section id="penghargaan">')[1].split("</section>")[0]
    assert "sama persis dengan unit DISPERTA (PMPRB-W313)" in awards and "sama persis dengan unit BPKAD" in awards
    assert "sama persis dengan unit BPKAD, PMPRB-W313" in pages["index.md"]


def test_a_unit_page_says_its_rank_is_shared(tmp_path: Path) -> None:
    # BKPSDM's card read "Peringkat 19 dari 40", its tie with Kecamatan Pasirjaya shown on the index only.
    out = tmp_path / "rapor"
    args = ["report", str(SAMPLE_DATA / "2022-08"), "--registry", str(SAMPLE_DATA / "registry.csv"), "--out", str(out)]
    invoke([*args, "--period", "2022-08"], expected_code=1)
    assert "- Peringkat: 19 (bersama 2 unit) dari 40;" in (out / "BKPSDM.md").read_text(encoding="utf-8")
    assert '19<span class="n"> (bersama 2 unit) dari 40' in (out / "BKPSDM.html").read_text(encoding="utf-8")
    assert "- Peringkat: 1 dari 40;" in (out / "BPKAD.md").read_text(encoding="utf-8")
    # (a shared rank within the jenis too: two kecamatan first among kecamatan read "1 dari 10 Kecamatan" each)
    import re

    for page in out.glob("*.md"):
        kind = re.search(r"; (\d+)( \(bersama (\d) unit\))? dari \d+ ", page.read_text(encoding="utf-8"))
        assert page.name == "index.md" or kind is not None, page.name


@pytest.mark.parametrize("page", ["index", "bappeda"])
def test_markdown_pages_run_in_the_order_of_the_html_ones(pages: dict[str, str], page: str) -> None:
    # The HTML rapor was reordered for the rapim (who needs mentoring right after the cards; a unit's steps before
    # its areas); the Markdown one kept the old order, so the two read differently at the same meeting.
    html = [
        " ".join(re.sub(r"<[^>]+>", "", h).split()) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", pages[f"{page}.html"])
    ]
    md = [line[3:].strip() for line in pages[f"{page}.md"].splitlines() if line.startswith("## ")]
    shared = [h for h in html if h in md]
    assert len(shared) >= 4 and shared == [h for h in md if h in html], (html, md)


def test_a_registered_unit_whose_every_file_is_unreadable_gets_a_page_saying_why(tmp_path: Path) -> None:
    # DAMKAR's only file could not be read: no DAMKAR.html, its head got no paper at the rapim, the unit named only
    # in a table on page 12 of the kabupaten's rapor (printrev).
    from pmprb_cli.batch import build_batch
    from pmprb_cli.registry import load_registry
    from pmprb_cli.reporting import render_pages
    from pmprb_cli.rubric import load_rubric

    from .factories import sample_inbox

    inbox = sample_inbox(tmp_path / "masuk", ["DINKES", "DLH", "SETDA"], cut="DLH")
    (inbox / "LKE SETDA (2).xlsx").write_bytes(b"")  # (a ranked unit's unreadable second file: no page of its own)
    samples = Path(__file__).resolve().parents[1] / "sample_data"
    batch = build_batch(
        sorted(str(p) for p in inbox.iterdir()),
        load_rubric("pmprb-2020"),
        registry=load_registry(samples / "registry.csv"),
        period="2022-08",
        target="BB",
    )
    pages = render_pages(batch, ("md", "html"))
    assert "DLH.md" in pages and "DLH.html" in pages and not any(n.startswith("SETDA-") for n in pages)
    page = " ".join(pages["DLH.md"].split())
    assert "# Dinas Lingkungan Hidup" in page and "**Belum dinilai Agustus 2022:**" in page
    assert "| DLH.xlsx | PMPRB-E103 | Buku kerja rusak atau terpotong" in page
    assert "[Dinas Lingkungan Hidup (DLH)](DLH.md)" in pages["index.md"]
    assert '<a href="DLH.html">Dinas Lingkungan Hidup (DLH)</a>' in pages["index.html"]
    html = pages["DLH.html"]
    assert "<h1>Dinas Lingkungan Hidup</h1>" in html and "PMPRB-E103" in html


def test_evaluator_entries_pmprb_could_not_use_are_counted_on_page_one(tmp_path: Path) -> None:
    # "tidak sesuai" written down the evaluator's column (W419): page 1 read "0,00 selisih, 3 diisi", as if
    # confirmed. A unit whose evaluator typed "Tidak" in Catatan Evaluator (W440) was "mandiri" like one nobody
    # checked, and the finding was listed for the unit to fix (verifrev).
    import openpyxl

    from pmprb_cli.batch import build_batch
    from pmprb_cli.output import summary_lines
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers

    rubric = load_rubric("pmprb-2020")
    best = best_answers(rubric)
    codes = [i.code for i in rubric.items() if i.scale == "YT"][:3]
    words = {codes[0]: "tidak sesuai", codes[1]: "salah", codes[2]: "Tidak"}
    a = write_template(tmp_path / "a.xlsx", rubric, Unit("A", "Dinas A", "dinas"), "2022-08", "K", best, None, words)
    b = write_template(tmp_path / "b.xlsx", rubric, Unit("B", "Dinas B", "dinas"), "2022-08", "K", best)
    book = openpyxl.load_workbook(b)
    ws = book["LKE"]
    head = {c.value: c.column for c in ws[8]}
    row = next(c.row for c in ws["A"] if c.value == codes[0])
    ws.cell(row, head["Catatan Evaluator"], "Tidak")
    book.save(b)
    batch = build_batch([str(a), str(b)], rubric, period="2022-08", target="BB")
    pages = {p.name: p.read_text(encoding="utf-8") for p in render_reports(batch, tmp_path / "r", formats=("md",))}
    index = pages["index.md"]
    assert "| [Dinas A](A.md) | 100,00 (AA) | 99,89 (AA) | +0,11 | 1 dari 201 | 1 | 2 |" in index, index
    said = (
        "tidak satu pun terbaca sebagai Jawaban Evaluator, sehingga unit berikut tetap dinilai mandiri: [Dinas B](B.md)"
    )
    assert said + " (1 temuan isian evaluator)." in index
    evaluator_part = pages["B.md"].split("### Untuk evaluator", 1)[1]
    assert "PMPRB-W440" in evaluator_part
    text = " ".join("\n".join(summary_lines(batch, 200)).split())
    assert (
        "jawaban unit yang dipakai: 3 isian di a.xlsx (2), b.xlsx (1) (PMPRB-W214, W419, W420, W424, W436, W440;"
        in text
    )


def test_a_verified_units_areas_say_how_many_answers_the_evaluator_gave_there(batch: Batch) -> None:
    # Areas nobody checked stood under "Nilai terverifikasi" with "Selisih 0,00", as if confirmed (verifrev): each
    # says how many of its answers the evaluator gave, and together they are the unit's "Evaluator mengisi 3 dari 151".
    kab = kabupaten_view(batch)
    assert kab.evaluated
    for row in kab.evaluated:
        areas = unit_view(kab, row).areas
        assert all(a.checked is not None for a in areas)
        given = (sum(a.checked[0] for a in areas if a.checked), sum(a.checked[1] for a in areas if a.checked))
        assert given == row.ranked.checked
        assert any(a.checked and a.checked[0] == 0 for a in areas)  # (the sample's evaluator checked 3 answers)
    unverified = next(r for r in kab.units if r.ranked.verified_index is None)
    assert all(a.checked is None for a in unit_view(kab, unverified).areas)


def test_a_used_evaluator_grade_is_no_unusable_entry_on_page_one(tmp_path: Path) -> None:
    # LKE AKIP: the evaluator grades 1.a "A" above its criteria (W415), and the grade is used: page 1 counted it
    # among the entries that could not be used (diffrev22).
    from pmprb_cli.batch import build_batch
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template

    from .factories import best_answers

    rubric = load_rubric("sakip-2021")
    answers = best_answers(rubric)
    node = next(n for n in rubric.graded() if n.code == "1.a")
    answers.update({i.code: "Tidak" for i in node.items})
    answers.pop("1.a", None)
    unit = Unit("S", "Dinas S", "dinas")
    path = write_template(tmp_path / "s.xlsx", rubric, unit, "2022-08", "K", answers, None, {"1.a": "A"})
    batch = build_batch([str(path)], rubric, period="2022-08", target="BB")
    assert "PMPRB-W415" in {f.code for f in batch.assessment.results[0].findings}
    kab = kabupaten_view(batch)
    (row,) = kab.units
    assert row.ranked.verified_index is not None and row.evaluator_findings == 0
    # Its areas count the grade, not the criteria it stands for, as the unit's own count does (they summed to more).
    areas = unit_view(kab, row).areas
    assert (sum(a.checked[0] for a in areas if a.checked), sum(a.checked[1] for a in areas if a.checked)) == (
        row.ranked.checked
    )
