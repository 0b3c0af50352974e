"""How fast `pmprb merge` writes the kabupaten workbook: 80 units × 400 items, beside the xlsxwriter floor.

    .venv/bin/python benchmarks/bench_merge.py [--units 80] [--items 400] [--runs 3]

The batch is built in memory from model objects (a synthetic rubric of 400 items, seeded answers, scored and
checked as the pipeline does), so only writing is timed, never workbook reading. The "write floor" writes the
same cell values (read back from the merged workbook) with xlsxwriter's plainest mode: constant_memory, no
formats, no formulas, no charts. Target (issue 6): ≤ 3 s and ≤ 250 MB peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pmprb_cli.batch import Batch  # noqa: E402
from pmprb_cli.checks import Context, run_checks  # noqa: E402
from pmprb_cli.merging import write_merged  # noqa: E402
from pmprb_cli.models import Answer, Item, Node, Rubric, Submission  # noqa: E402
from pmprb_cli.pipeline import FileResult, finish  # noqa: E402
from pmprb_cli.ranking import RankInput, rank_units  # noqa: E402
from pmprb_cli.registry import Registry, Unit  # noqa: E402
from pmprb_cli.rubric import load_rubric  # noqa: E402
from pmprb_cli.scoring import score  # noqa: E402

SCALES = ("YT", "ABC", "ABCD", "ABCDE")
JENIS = ("dinas", "badan", "kecamatan", "sekretariat", "inspektorat", "rsud")


def synthetic_rubric(items: int) -> Rubric:
    """8 areas of pengungkit (60) holding ``items`` items in subs of 10, and two hasil indicators (40)."""
    base = load_rubric("lke-rb-2014")
    per_area = [items // 8 + (1 if n < items % 8 else 0) for n in range(8)]
    areas = []
    for a, count in enumerate(per_area):
        subs = []
        codes = [f"A.{a + 1}.{s // 10 + 1}.{s % 10 + 1}" for s in range(count)]
        groups = [codes[i : i + 10] for i in range(0, count, 10)]
        for s, group in enumerate(groups):
            subs.append(
                Node(
                    code=f"A.{a + 1}.{s + 1}",
                    name=f"Sub-komponen {a + 1}.{s + 1}",
                    weight=7.5 / len(groups),
                    level="sub",
                    kind="sub",
                    items=tuple(
                        Item(
                            code=c,
                            question=f"Pertanyaan {c} tentang pelaksanaan reformasi",
                            scale=SCALES[n % 4],
                            evidence=True,
                        )
                        for n, c in enumerate(group)
                    ),
                )
            )
        areas.append(
            Node(code=f"A.{a + 1}", name=f"Area {a + 1}", weight=7.5, level="area", kind="group", children=tuple(subs))
        )
    indicators = tuple(
        Node(
            code=f"B.1.{n}",
            name=f"Indikator hasil {n}",
            weight=20,
            level="indicator",
            kind="indicator",
            scale="N100",
            divisor=100,
            role="hasil",
        )
        for n in (1, 2)
    )
    hasil_area = Node(
        code="B.1", name="Hasil", weight=40, level="area", kind="group", children=indicators, role="hasil"
    )
    return Rubric(
        id="bench-400",
        title="Rubrik sintetis untuk tolok ukur",
        regulation="-",
        year=2022,
        version="1.0.0",
        sources=(),
        scales=base.scales,
        roots=(
            Node(code="A", name="PROSES", weight=60, level="komponen", kind="group", children=tuple(areas)),
            Node(
                code="B", name="HASIL", weight=40, level="komponen", kind="group", children=(hasil_area,), role="hasil"
            ),
        ),
        dependencies=(),
        predikat=base.predikat,
        checksum="0" * 64,
        path="bench-400.toml",
    )


def synthetic_batch(units: int, items: int, seed: int = 6) -> Batch:
    rng = random.Random(seed)
    rubric = synthetic_rubric(items)
    registry = Registry(
        tuple(Unit(f"U{n:03d}", f"Perangkat Daerah Nomor {n:03d}", JENIS[n % len(JENIS)]) for n in range(units + 10)),
        "daftar-unit.csv",
    )
    results = []
    for n in range(units):
        quality = rng.uniform(0.2, 1.0)
        evaluated = n % 4 == 0
        answers = {}
        for row, item in enumerate(rubric.items()):
            choices = list(rubric.scales[item.scale].choices)
            roll = rng.random()
            raw: object = (
                None
                if roll < 0.03
                else "X"
                if roll < 0.04
                else choices[0]
                if rng.random() < quality
                else rng.choice(choices)
            )
            evaluator = rng.choice(choices) if evaluated and rng.random() < 0.3 else None
            answers[item.code] = Answer(
                code=item.code,
                raw=raw,
                sheet="LKE",
                cell=f"J{row + 9}",
                row=row + 9,
                evidence=f"SK Nomor {row}/2022 tentang {item.code}" if rng.random() < 0.9 else "",
                evaluator_raw=evaluator,
                evaluator_cell=f"O{row + 9}" if evaluator else "",
            )
        for k, node in enumerate(rubric.indicators()):
            answers[node.code] = Answer(
                code=node.code, raw=round(rng.uniform(50, 100), 2), sheet="LKE", cell=f"J{500 + k}", row=500 + k
            )
        unit = registry.units[n]
        sub = Submission(
            file=f"lke/{unit.kode}.xlsx",
            sheet="LKE",
            layout="template",
            unit_name=unit.nama,
            unit_code=unit.kode,
            period="2022-07",
            answers=answers,
            sha256=f"{n:064x}",
        )
        card = score(sub, rubric)
        verified = score(sub, rubric, use_evaluator=True) if evaluated else None
        findings = sorted(
            (*card.findings, *run_checks(Context(sub, card, rubric, registry, "2022-07"))), key=lambda f: f.sort_key()
        )
        results.append(FileResult(sub.file, sub, card, verified, tuple(findings), None))
    assessment = finish(results, registry)
    inputs = [RankInput(r.file, r.submission, r.card, r.verified) for r in results]
    ranked = rank_units(inputs, rubric, registry, "BB", with_actions=False)
    return Batch(rubric, "2022-07", "BB", registry, "Kabupaten Contoh", assessment, ranked)


def write_floor(source: Path, out: Path) -> tuple[float, int]:
    """Seconds to write the merged workbook's cell values in xlsxwriter's plainest mode, and the cell count."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(source))
    sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names]
    cells = 0
    start = time.perf_counter()
    plain = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    for name, rows in sheets:
        ws = plain.add_worksheet(name)
        write_string, write_number = ws.write_string, ws.write_number
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value == "" or value is None:
                    continue
                cells += 1
                if isinstance(value, float | int) and not isinstance(value, bool):
                    write_number(r, c, value)
                else:
                    write_string(r, c, str(value))
    plain.close()
    return time.perf_counter() - start, cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=80)
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    batch = synthetic_batch(args.units, args.items)
    built = time.perf_counter() - started
    rss_data = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "kabupaten.xlsx"
        merge_times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            write_merged(batch, out)
            merge_times.append(time.perf_counter() - start)
        rss_merge = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = out.stat().st_size
        floor_times = []
        cells = 0
        for _ in range(args.runs):
            seconds, cells = write_floor(out, Path(tmp) / "floor.xlsx")
            floor_times.append(seconds)
        floor_size = (Path(tmp) / "floor.xlsx").stat().st_size
    merge_s, floor_s = statistics.median(merge_times), statistics.median(floor_times)
    print(
        f"data      : {args.units} unit × {len(batch.rubric.items())} butir, {len(batch.assessment.findings)} temuan (dibangun di memori dalam {built:.2f} s, tidak diukur)"
    )
    print(
        f"merge     : {merge_s:.3f} s (median {args.runs} kali; {', '.join(f'{t:.3f}' for t in merge_times)}), {size / 1e6:.2f} MB"
    )
    print(
        f"write floor: {floor_s:.3f} s (xlsxwriter constant_memory, tanpa format/rumus/grafik; {cells} sel), {floor_size / 1e6:.2f} MB"
    )
    print(f"ratio     : {merge_s / floor_s:.2f} × floor")
    print(f"peak RSS  : {rss_merge:.0f} MB (setelah data dibangun: {rss_data:.0f} MB)")
    print(
        f"target    : ≤ 3 s → {'OK' if merge_s <= 3 else 'GAGAL'}; ≤ 250 MB → {'OK' if rss_merge <= 250 else 'GAGAL'}"
    )


if __name__ == "__main__":
    main()
