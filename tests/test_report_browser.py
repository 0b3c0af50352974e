"""The HTML rapor in a real headless Chromium: loads clean, draws its charts, links, escapes, fits a phone, prints A4.

Runs where the Debian packages ``chromium`` and ``chromium-driver`` are installed (``.ci/run`` installs them)
and ``selenium`` is importable; nothing is downloaded at test time. It also makes the screenshots in docs/:
they are written when missing or with ``pytest --update-golden``.
"""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pmprb_cli.models import Rubric
from pmprb_cli.reporting import render_reports

from .rapor_sample import HISTORY, HOSTILE, sample_batch, write_sample

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
DOCS = Path(__file__).resolve().parents[1] / "docs"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, rubric_2014: Rubric) -> Path:
    folder = tmp_path_factory.mktemp("rapor")
    sample = write_sample(folder / "in", rubric_2014, hostile=True)
    render_reports(sample_batch(sample, rubric_2014), folder / "out", ("html",), history=HISTORY)
    return folder / "out"


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e .[test])")
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM is not None and CHROMEDRIVER is not None
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # with both paths given, Selenium Manager never downloads anything
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_window_size(1280, 900)
    try:
        yield browser
    finally:
        browser.quit()


def _errors(driver: Any) -> list[Any]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _no_alert(driver: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 (reading it is what raises)


def _open(driver: Any, url: str) -> None:
    driver.get(url)
    assert driver.execute_script("return document.readyState") == "complete"
    _no_alert(driver)
    assert _errors(driver) == []


def _screenshot(driver: Any, path: Path) -> None:
    """The whole page at 1280 px wide (the window grows to the page's height)."""
    driver.set_window_size(1280, 900)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, height)
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 900)


def test_rapor_in_chromium(driver: Any, site: Path, tmp_path: Path, update_golden: bool) -> None:
    from selenium.webdriver.common.by import By

    _open(driver, (site / "index.html").as_uri())
    assert driver.title.startswith("Rapor PMPRB Kabupaten Contoh")
    charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) >= 4 and all(c.size["height"] > 50 and c.size["width"] > 300 for c in charts)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#grafik-indeks rect.bar")) == 7
    assert driver.execute_script("return document.scripts.length") == 0

    # The unit named <script>alert(1)</script> is text in the ranking, and its page opens without an alert.
    ranking = driver.find_element(By.CSS_SELECTOR, "#peringkat table")  # the overall ranking, first
    hostile = [a for a in ranking.find_elements(By.TAG_NAME, "a") if a.text == HOSTILE]
    assert len(hostile) == 1
    hostile[0].click()
    _no_alert(driver)
    assert driver.current_url.endswith("/x.html")
    assert driver.find_element(By.TAG_NAME, "h1").text == HOSTILE
    assert _errors(driver) == []
    driver.find_element(By.LINK_TEXT, "← Rapor Kabupaten Contoh").click()
    assert driver.current_url.endswith("/index.html")

    # Links go both ways: ranking → unit rapor → back to the kabupaten.
    driver.find_element(By.CSS_SELECTOR, "#peringkat table").find_element(By.LINK_TEXT, "Dinas Kesehatan").click()
    assert driver.current_url.endswith("/dinkes.html")
    _open(driver, driver.current_url)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Dinas Kesehatan"
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) >= 3  # areas, trend by month and by triwulan
    assert len(driver.find_elements(By.CSS_SELECTOR, "#grafik-area rect.bar")) == 11
    assert driver.find_elements(By.ID, "evaluator")

    shots = DOCS if update_golden or not (DOCS / "rapor-unit.png").exists() else tmp_path
    shots.mkdir(exist_ok=True)
    _screenshot(driver, shots / "rapor-unit.png")
    driver.find_element(By.LINK_TEXT, "← Rapor Kabupaten Contoh").click()
    assert driver.current_url.endswith("/index.html")
    _screenshot(driver, shots / "rapor-kabupaten.png")
    assert (shots / "rapor-kabupaten.png").stat().st_size > 10_000


@pytest.mark.parametrize("page", ["index.html", "dinkes.html"])
def test_rapor_fits_a_phone(driver: Any, site: Path, page: str) -> None:
    driver.set_window_size(390, 844)
    try:
        _open(driver, (site / page).as_uri())
        # Wide tables and charts scroll inside their own box; the page itself never scrolls sideways.
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        driver.set_window_size(1280, 900)


def test_rapor_prints_on_a4(driver: Any, site: Path) -> None:
    _open(driver, (site / "index.html").as_uri())
    pdf = base64.b64decode(
        driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"]
    )
    assert pdf.startswith(b"%PDF")
    boxes = {tuple(float(n) for n in box.split()) for box in re.findall(rb"/MediaBox \[([^\]]*)\]", pdf)}
    assert boxes and all(b[:2] == (0, 0) and abs(b[2] - 595) < 2 and abs(b[3] - 842) < 2 for b in boxes)  # A4
    assert 2 <= len(re.findall(rb"/Type /Page[^s]", pdf)) <= 8


def test_the_index_chart_prints_on_its_own_page_after_the_tables_at_a_size_that_reads(
    driver: Any, tmp_path: Path
) -> None:
    # The chart of 40 units, shrunk to what remained of page 1 (150 mm), had 4.7 pt labels, and page 1 was still
    # half empty once the cards grew. On paper it now follows the ranking tables, on a page of its own.
    from .conftest import invoke

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    out = tmp_path / "rapor"
    args = ["report", str(samples / "2022-08"), "--registry", str(samples / "registry.csv"), "--period", "2022-08"]
    invoke([*args, "--out", str(out), "--format", "html"], expected_code=1)
    _open(driver, (out / "index.html").as_uri())
    where = """
        const chart = document.getElementById('grafik-indeks'), section = document.getElementById('indeks-unit');
        const label = chart.querySelector('text:not(.small)');
        return [chart.getBoundingClientRect().height, section.getBoundingClientRect().top,
                document.getElementById('pendampingan').getBoundingClientRect().top,
                getComputedStyle(section).breakBefore,
                label.getBoundingClientRect().height];
    """
    screen = driver.execute_script(where)
    # (printed, the viewport is the page: A4 portrait at 96 dpi, for the chart's height allowed by the page's)
    size = driver.get_window_size()
    driver.set_window_size(794, 1123)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        printed = driver.execute_script(where)
        # (the Langkah count's note wraps on paper rather than squeeze the unit names into five lines)
        steps = driver.execute_script(
            "return getComputedStyle(document.querySelector('#pendampingan td.steps')).whiteSpace"
        )
        assert steps == "normal"
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.set_window_size(size["width"], size["height"])
    millimetre = 96 / 25.4
    # On screen as on paper (at 1366×768 "Perlu pendampingan" was nine screens down, under the chart): the units
    # below the target first, the chart after the tables.
    assert screen[2] < screen[1]
    height, top, mentoring, break_before, label = printed
    assert top > mentoring and break_before == "page"
    assert 200 * millimetre < height <= 240 * millimetre + 1
    assert label * 0.75 >= 7  # pt: a label's line box on paper


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils) to read the PDF")
def test_the_index_chart_printed_landscape_stays_on_one_page_with_its_heading(driver: Any, tmp_path: Path) -> None:
    # Printed A4 landscape, the 240 mm chart split: its heading alone on one page, 29 bars and the target on the
    # next, the last bars and the axis on a third (printrev).
    import subprocess

    from .conftest import invoke

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    out = tmp_path / "rapor"
    args = ["report", str(samples / "2022-08"), "--registry", str(samples / "registry.csv"), "--period", "2022-08"]
    invoke([*args, "--out", str(out), "--format", "html"], expected_code=1)
    _open(driver, (out / "index.html").as_uri())
    # (as the print dialog's A4 landscape: the page size the rapor's CSS sees)
    driver.execute_script(
        "const s = document.createElement('style'); s.textContent = '@page { size: A4 landscape; }';"
        "document.head.appendChild(s);"
    )
    printed = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"]
    pdf = tmp_path / "rapor.pdf"
    pdf.write_bytes(base64.b64decode(printed))
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    (heading,) = [n for n, text in enumerate(pages) if "Indeks per unit" in text]
    assert re.search(r"(?m)^ *0 +20 +40 +60 +80 +100 *$", pages[heading]), pages[heading]
    assert "Target BB" in pages[heading] and "Target BB" not in pages[heading + 1], pages[heading + 1]


def test_the_printed_first_page_answers_the_rapim(driver: Any, tmp_path: Path) -> None:
    # Page 1 of the printed kabupaten rapor held the cards and the predikat chart and named no unit (the ranking
    # began on page 2, "Perlu pendampingan" on page 7); a unit's steps to target began on page 2, after its areas.
    from .conftest import invoke

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    out = tmp_path / "rapor"
    args = ["report", str(samples / "2022-08"), "--registry", str(samples / "registry.csv"), "--period", "2022-08"]
    invoke([*args, "--out", str(out), "--format", "html"], expected_code=1)
    tops = """
        return arguments[0].map(id => document.getElementById(id).getBoundingClientRect().top);
    """
    pages = {"index.html": ["pendampingan", "peringkat", "sebaran"], "DINKES.html": ["langkah", "area", "temuan"]}
    for page, ids in pages.items():
        _open(driver, (out / page).as_uri())
        on_screen = driver.execute_script(tops, ids)
        assert on_screen == sorted(on_screen), (page, ids, on_screen)  # (the screen's order is the paper's)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            printed = driver.execute_script(tops, ids)
        finally:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        assert printed == sorted(printed), (page, ids, printed)


def test_a_long_file_name_neither_shrinks_the_printed_rapor_nor_cuts_its_columns(
    driver: Any, tmp_path: Path, rubric_2014: Rubric
) -> None:
    # "LKE_PMPRB_…_FINAL_REVISI_KETIGA_ttd_kadis.xlsx" in the Berkas column: printed, Chromium shrank every page
    # to fit it (10 pt → 6,7 pt) and still cut "Kesalahan" and "Peringatan".
    sample = write_sample(tmp_path / "in", rubric_2014)
    first = Path(sample.files[0])
    long_name = first.with_name(
        "LKE_PMPRB_2022-07_Dinas_Pemberdayaan_Masyarakat_Desa_Perempuan_Perlindungan_Anak_FINAL_REVISI_KETIGA_ttd.xlsx"
    )
    first.rename(long_name)
    files = [str(long_name), *sample.files[1:]]
    render_reports(sample_batch(sample, rubric_2014, paths=files), tmp_path / "out", ("html",), history=HISTORY)
    _open(driver, (tmp_path / "out" / "index.html").as_uri())
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.set_window_size(700, 900)  # about A4's printable width at 96 dpi (186 mm)
    try:
        overflowing = driver.execute_script(
            "return [...document.querySelectorAll('.table-wrap')]"
            ".filter(w => w.querySelector('table').getBoundingClientRect().width > w.clientWidth + 1).length"
        )
        cell = driver.execute_script(
            "return [...document.querySelectorAll('#kelengkapan td')].some(td => td.textContent.includes('FINAL_REVISI'))"
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.set_window_size(1280, 900)
    assert cell and overflowing == 0


_BROKEN_WORDS = """
    const broken = [];
    for (const el of document.querySelectorAll(arguments[0])) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(m[0]);
            }
        }
    }
    return broken;
"""


def test_unit_names_keep_their_words_whole_on_a_projector_and_a_phone(driver: Any, tmp_path: Path) -> None:
    # At 1024 px (the rapim's projector) 17 of 40 names in Kelengkapan data broke inside words ("Badan
    # Pengelolaa|n Keuangan", "Kepemuda|an"); at 360 px every name ran three letters a line. The tables scroll
    # sideways behind their "Geser tabel" note: a name's column keeps at least its longest word.
    from .conftest import invoke

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    out = tmp_path / "rapor"
    args = ["report", str(samples / "2022-08"), "--registry", str(samples / "registry.csv"), "--period", "2022-08"]
    invoke([*args, "--out", str(out), "--format", "html"], expected_code=1)
    names = "tbody th a, td.brk, td.name"
    try:
        for width in (1024, 360):
            driver.set_window_size(width, 768)
            for page in ("index.html", "DINKES.html"):
                _open(driver, (out / page).as_uri())
                assert driver.execute_script(_BROKEN_WORDS, names) == [], (width, page)
    finally:
        driver.set_window_size(1280, 900)


def test_chart_text_stays_inside_its_chart_and_badges_keep_a_frame_in_high_contrast(driver: Any, site: Path) -> None:
    # "s.d. Agu 2022" under the triwulan bar sat on the SVG's bottom edge: its "g" was cut, on screen and on
    # paper. In Windows high contrast (forced colours) the below-target badge lost its only mark, an inset
    # shadow: "berbingkai merah" in the key, every badge alike on the page.
    outside = """
        const out = [];
        for (const svg of document.querySelectorAll('svg.chart')) {
            const box = svg.viewBox.baseVal;
            for (const t of svg.querySelectorAll('text')) {
                const b = t.getBBox();
                if (b.height && (b.y + b.height > box.y + box.height + 0.5 || b.y < box.y - 0.5)) out.push(t.textContent);
            }
        }
        return out;
    """
    for page in ("index.html", "dinkes.html"):
        _open(driver, (site / page).as_uri())
        assert driver.execute_script(outside) == [], page
    _open(driver, (site / "index.html").as_uri())
    frame = "return getComputedStyle(document.querySelector('.predikat.low')).borderTopStyle"
    assert driver.execute_script(frame) == "none"  # (a shadow does it on a normal screen)
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"media": "", "features": [{"name": "forced-colors", "value": "active"}]}
    )
    try:
        assert driver.execute_script(frame) == "solid"
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


def test_on_a_phone_the_bar_charts_show_names_values_and_target_without_scrolling(driver: Any, site: Path) -> None:
    # At 360 px the index chart was 600 px wide and scrolled: 8,75 px labels, 56 % of it in view, no value,
    # no target line, every bar alike. A chart drawn for the phone replaces it there; screens and paper keep the
    # wide one.
    shown = """
        return [...document.querySelectorAll('svg.chart')].filter(s => getComputedStyle(s).display !== 'none')
            .map(s => [s.id, s.getBoundingClientRect().right <= innerWidth,
                       s.getBoundingClientRect().width / s.viewBox.baseVal.width * 14]);
    """
    try:
        for page, chart in (("index.html", "grafik-indeks"), ("dinkes.html", "grafik-area")):
            driver.set_window_size(360, 800)
            _open(driver, (site / page).as_uri())
            charts = {name: (fits, size) for name, fits, size in driver.execute_script(shown)}
            assert chart not in charts and charts[f"{chart}-hp"][0] and charts[f"{chart}-hp"][1] >= 11, charts
            values = driver.execute_script(f"return document.querySelectorAll('#{chart}-hp text.val').length")
            assert values == driver.execute_script(f"return document.querySelectorAll('#{chart} rect.bar').length")
            # (a long upper-case name ran into its value: "B.3 PEMERINTAH YANG BERSIH DAN BEBAS K|8,13 / 10,00")
            overlapping = f"""
                const texts = [...document.querySelectorAll('#{chart}-hp text')].map(t => [t.textContent, t.getBBox()]);
                const out = [];
                for (const [a, p] of texts) for (const [b, q] of texts)
                    if (a < b && p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height)
                        out.push([a, b]);
                return out;
            """
            assert driver.execute_script(overlapping) == [], page
            driver.set_window_size(1280, 900)
            _open(driver, (site / page).as_uri())
            wide = {name for name, _, _ in driver.execute_script(shown)}
            assert chart in wide and f"{chart}-hp" not in wide
    finally:
        driver.set_window_size(1280, 900)
