"""Seeded builders of LKE workbooks, used by the tests and by ``make samples``.

Workbooks are built in code from a short description (rubric + answers), never committed as opaque
fixtures: the few files in ``sample_data/`` are regenerated from here with a fixed seed.
"""

from __future__ import annotations

import math
import random
import re
import shutil
import subprocess
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl

from pmprb_cli.models import Item, Rubric

OFFICIAL_HEADERS = {2: "PENILAIAN", 8: "PENJELASAN", 9: "Pilihan Jawaban", 10: "Jawaban", 11: "Nilai", 12: " %"}


def random_answers(rubric: Rubric, rng: random.Random, quality: float = 0.6) -> dict[str, object]:
    """A plausible answer set: better units (higher ``quality``) pick better options more often."""
    answers: dict[str, object] = {}
    for item in rubric.items():
        if item.computed:
            for f in item.inputs:
                answers[f.code] = rng.randint(0, 20)
            for code in item.denominator:
                answers[code] = rng.randint(1, 20)
            for code in item.numerator:
                bottom = sum(int(str(answers[c])) for c in item.denominator)
                answers[code] = round(bottom * min(1.0, rng.uniform(quality * 0.6, quality * 1.2)))
            continue
        scale = rubric.scales[item.scale]
        if scale.kind == "choice":
            choices = list(scale.choices)
            target = (1 - quality) * (len(choices) - 1)  # 0 = best option, len-1 = worst
            weights = [math.exp(-2.5 * abs(i - target)) for i in range(len(choices))]
            answers[item.code] = rng.choices(choices, weights=weights)[0]
        else:
            answers[item.code] = round(rng.uniform(scale.minimum, scale.maximum), 2)
    for node in rubric.indicators():
        scale = rubric.scales[node.scale]
        if scale.kind == "choice":
            answers[node.code] = rng.choice(list(scale.choices)[:3])
        else:
            low = scale.minimum + (scale.maximum - scale.minimum) * quality * 0.6
            answers[node.code] = round(rng.uniform(low, scale.maximum), 2)
    for node in rubric.graded():
        if rng.random() < 0.5:  # evaluators grade about half; the rest is derived from the criteria
            scale = rubric.scales[node.scale]
            choices = list(scale.choices)
            answers[node.code] = choices[min(len(choices) - 1, int((1 - quality) * len(choices)))]
    return answers


def _computed_inputs(item: Item, best: bool) -> dict[str, object]:
    """Counts that give a percentage item its best (1) or worst (0) value."""
    out: dict[str, object] = {f.code: 1 for f in item.inputs}
    if item.formula == "decrease":
        out[item.numerator[0]], out[item.denominator[0]] = (10, 0) if best else (5, 5)
        return out
    for code in item.numerator:
        out[code] = len(item.denominator) if best else 0
    for code in item.denominator:
        out[code] = len(item.numerator) if best else 5
    return out


def _extreme_answers(rubric: Rubric, best: bool) -> dict[str, object]:
    pick = max if best else min
    out: dict[str, object] = {}
    for item in rubric.items():
        if item.computed:
            out.update(_computed_inputs(item, best))
            continue
        scale = rubric.scales[item.scale]
        out[item.code] = (
            pick(scale.values, key=lambda k: scale.values[k])
            if scale.kind == "choice"
            else (scale.maximum if best else scale.minimum)
        )
    for node in (*rubric.indicators(), *rubric.graded()):
        scale = rubric.scales[node.scale]
        out[node.code] = (
            pick(scale.values, key=lambda k: scale.values[k])
            if scale.kind == "choice"
            else (scale.maximum if best else scale.minimum)
        )
    return out


def best_answers(rubric: Rubric) -> dict[str, object]:
    """Every item at its best option, every indicator at its maximum, every grade AA."""
    return _extreme_answers(rubric, best=True)


def worst_answers(rubric: Rubric) -> dict[str, object]:
    """Every item at its worst option, every indicator at its minimum, every grade E."""
    return _extreme_answers(rubric, best=False)


def write_official(
    path: Path,
    rubric: Rubric,
    answers: Mapping[str, object],
    *,
    instansi: str = "Dinas Contoh",
    year: str = "2022",
    insert_blank_rows: bool = False,
    sheet_title: str = "LKE",
) -> Path:
    """Write a workbook in the official LKE layout (sheet LKE, header on row 6, hierarchy in B–F).

    A code absent from ``answers`` leaves its Jawaban cell empty.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title
    ws["B1"] = "LEMBAR KERJA EVALUASI REFORMASI BIROKRASI (INDEKS RB)"
    ws["B2"], ws["F2"] = "INSTANSI : ", instansi
    ws["F2"].data_type = "s"  # a name such as "=HYPERLINK(…)" stays text, as a user's typed text would
    ws["B3"], ws["F3"] = "TAHUN :", year
    ws["B5"] = f"PENILAIAN TAHUN {year}"
    for col, title in OFFICIAL_HEADERS.items():
        ws.cell(6, col, title)
    row = 7

    def put(*cells: tuple[int, object]) -> None:
        nonlocal row
        for col, value in cells:
            if value is not None:
                ws.cell(row, col, value)
        row += 1
        if insert_blank_rows and row % 17 == 0:
            row += 1

    for root in rubric.roots:
        put((2, f"{root.code}."), (3, f"{root.name.upper()} ({root.weight:g})"))
        for area in root.children:
            roman = area.code.split(".")[-1]
            put((3, f"{roman}."), (4, f"{area.name} ({area.weight:g})"), (7, area.weight))
            for sub in area.children:
                number = sub.code.split(".")[-1]
                if sub.kind == "indicator":
                    scale = rubric.scales[sub.scale]
                    put(
                        (4, f"{number}."),
                        (5, f"{sub.name} ({sub.weight:g})"),
                        (7, sub.weight),
                        (8, sub.guidance),
                        (9, scale.title),
                        (10, answers.get(sub.code)),
                    )
                    continue
                put((4, number), (5, f"{sub.name} ({sub.weight:g})"), (7, sub.weight))
                for item in sub.items:
                    letter = item.code.split(".")[-1]
                    put(
                        (5, f"{letter}."),
                        (6, item.question),
                        (8, "\n".join(item.options)),
                        (9, rubric.scales[item.scale].title),
                        (10, answers.get(item.code)),
                    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


#: LibreOffice, where installed: tests that re-save or recalculate with it skip elsewhere.
SOFFICE = shutil.which("soffice")


def soffice_convert(files: list[Path], outdir: Path, to: str = "xlsx") -> None:
    """Re-save with LibreOffice headless in a private profile (parallel runs must not share one)."""
    assert SOFFICE is not None
    profile = (outdir.parent / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--calc", "--convert-to", to]
        + ["--outdir", str(outdir), *map(str, files)],
        check=True,
        capture_output=True,
        timeout=300,
    )


def resaved_copy(source: Path, target: Path) -> Path:
    """A copy of a workbook with the same contents but other bytes (a zip comment): the workbook saved again.

    A byte-for-byte copy is an exact copy (PMPRB-I508); this one holds the same answers (PMPRB-I509, where enough
    bukti dukung tells its answers apart from another unit's).
    """
    shutil.copy(source, target)
    with zipfile.ZipFile(target, "a") as archive:
        archive.comment = b"revisi"
    return target


def revised_copy(source: Path, target: Path) -> Path:
    """A copy of a workbook with one bukti dukung link revised: a unit's second sending (PMPRB-E304).

    Its answers score as the source's; only the evidence of one item differs (where the source cites any).
    """
    with zipfile.ZipFile(source) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    revised = False
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if not revised and (info.filename == "xl/sharedStrings.xml" or info.filename.startswith("xl/worksheets/")):
                link = re.search(rb">(https?://[^<]+)<", data)  # (a cell's text, not a namespace)
                if link is not None:
                    data = data[: link.end(1)] + b"-revisi" + data[link.end(1) :]
                    revised = True
            archive.writestr(info, data)
        archive.comment = b"revisi"
    return target


#: The demo kabupaten's workbooks and registry, shipped with the source.
SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"


def sample_inbox(folder: Path, units: Sequence[str], month: str = "2022-08", *, cut: str = "") -> Path:
    """An inbox in ``folder`` holding the sample workbooks of ``units`` (``cut``: that one cut to half its bytes)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for unit in units:
        shutil.copy(SAMPLE_DATA / month / f"{unit}.xlsx", folder / f"{unit}.xlsx")
    if cut:
        data = (folder / f"{cut}.xlsx").read_bytes()
        (folder / f"{cut}.xlsx").write_bytes(data[: len(data) // 2])
    return folder


def with_saved_time(path: Path, modified: str) -> Path:
    """The workbook with its core properties saying it was last saved at ``modified``, as Excel writes it."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + modified.encode(), data)
            zf.writestr(info, data)
    return path
