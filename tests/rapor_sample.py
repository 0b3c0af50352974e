"""A sample kabupaten for the rapor tests, built in code with a fixed seed.

Seven units in the registry, of which one sends nothing; five send a pmprb template (one with an evaluator's
answers, one with some Bukti Dukung missing), one kecamatan still uses the official layout (a year, not a
month, so it is flagged for the period), and one file is not a workbook at all. ``hostile=True`` adds a
workbook whose unit is named ``<script>alert(1)</script>`` (for the browser test).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pmprb_cli.batch import Batch, build_batch
from pmprb_cli.models import Rubric
from pmprb_cli.registry import Unit, load_registry
from pmprb_cli.reporting import HistoryPoint
from pmprb_cli.template import write_template

from .factories import random_answers, write_official

KABUPATEN = "Kabupaten Contoh"
PERIOD = "2022-07"
HOSTILE = "<script>alert(1)</script>"
REGISTRY = """kode,nama,jenis
dinkes,Dinas Kesehatan,dinas
disdik,Dinas Pendidikan,dinas
bappeda,Badan Perencanaan Pembangunan Daerah,badan
inspektorat,Inspektorat Daerah,inspektorat
kec-sukamaju,Kecamatan Sukamaju,kecamatan
kec-mekarsari,Kecamatan Mekarsari,kecamatan
setwan,Sekretariat DPRD,sekretariat
"""
# (kode, quality) of the units that send a template, best first as they were seeded.
TEMPLATE_UNITS = (("dinkes", 0.93), ("disdik", 0.8), ("bappeda", 0.6), ("inspektorat", 0.72), ("kec-sukamaju", 0.5))

HISTORY = (
    HistoryPoint("2022-04", "dinkes", 78.2, "BB"),
    HistoryPoint("2022-04", "disdik", 60.4, "B"),
    HistoryPoint("2022-04", "kec-sukamaju", 41.0, "C"),
    HistoryPoint("2022-05", "dinkes", 81.5, "A"),
    HistoryPoint("2022-05", "disdik", 64.9, "B"),
    HistoryPoint("2022-05", "bappeda", 50.3, "CC"),
    HistoryPoint("2022-05", "kec-sukamaju", 44.8, "C"),
    HistoryPoint("2022-06", "dinkes", 84.0, "A"),
    HistoryPoint("2022-06", "disdik", 69.95, "B"),
    HistoryPoint("2022-06", "bappeda", 55.1, "CC"),
    HistoryPoint("2022-06", "inspektorat", 66.0, "B"),
    HistoryPoint("2022-06", "kec-sukamaju", 47.25, "C"),
    HistoryPoint("2022-06", "kec-mekarsari", 35.5, "C"),
    # The current and later periods are the batch's business: the rapor ignores these.
    HistoryPoint("2022-07", "dinkes", 1.0, "D"),
    HistoryPoint("2022-08", "dinkes", 2.0, "D"),
)


@dataclass(frozen=True)
class Sample:
    """Where the sample's inputs are."""

    files: tuple[str, ...]
    registry: Path


def write_sample(folder: Path, rubric: Rubric, *, hostile: bool = False) -> Sample:
    """Write the sample kabupaten's workbooks and registry into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    registry_path = folder / "daftar-unit.csv"
    registry_path.write_text(REGISTRY, encoding="utf-8")
    registry = load_registry(registry_path)
    rng = random.Random(2022)
    codes = rubric.answer_codes()
    files: list[Path] = []
    for kode, quality in TEMPLATE_UNITS:
        unit = registry.by_kode(kode)
        assert unit is not None
        answers = random_answers(rubric, rng, quality)
        evidence: dict[str, object] = {c: f"https://drive.example/{kode}/{c}" for c in codes if c in answers}
        evaluator: dict[str, object] = {}
        if kode == "dinkes":
            evaluator = {"A.I.1.a": "C", "A.V.4.b": "C", "A.VI.2.d": "C"}
        if kode == "bappeda":
            for code in codes[:4]:
                evidence.pop(code, None)  # four answers without Bukti Dukung: a warning each
            answers.pop("A.III.1.b", None)  # one item left empty: an error, counted 0
        path = folder / f"{kode}.xlsx"
        write_template(path, rubric, unit, PERIOD, KABUPATEN, answers=answers, evidence=evidence, evaluator=evaluator)
        files.append(path)
    mekarsari = random_answers(rubric, rng, 0.3)
    files.append(write_official(folder / "lke-mekarsari.xlsx", rubric, mekarsari, instansi="Kecamatan Mekarsari"))
    broken = folder / "bapenda.xlsx"
    broken.write_bytes(b"Bukan buku kerja: tersimpan dari aplikasi pesan.\n")
    files.append(broken)
    if hostile:
        odd = random_answers(rubric, rng, 0.45)
        files.append(write_template(folder / "x.xlsx", rubric, Unit("x", HOSTILE, "lainnya"), PERIOD, answers=odd))
    return Sample(tuple(str(p) for p in sorted(files)), registry_path)


def sample_batch(sample: Sample, rubric: Rubric, *, jobs: int = 1, paths: Sequence[str] | None = None) -> Batch:
    """The sample scored and ranked for July 2022 with target BB."""
    return build_batch(
        list(paths or sample.files),
        rubric,
        registry=load_registry(sample.registry),
        period=PERIOD,
        target="BB",
        kabupaten=KABUPATEN,
        jobs=jobs,
    )
