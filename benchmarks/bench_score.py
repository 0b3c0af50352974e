"""Benchmark `pmprb score` against the floor and an openpyxl loop, in one run. Prints its figures.

    .venv/bin/python benchmarks/bench_score.py --n 1000
    .venv/bin/python benchmarks/bench_score.py --n 10000 --openpyxl-sample 100

It generates N filled pmprb-2020 templates (seeded; written by pmprb's template writer, which stores the
cached Nilai values as spreadsheet applications do). The first ``--distinct`` files are generated one by one
(each a different unit with different answers); the rest are byte copies of them with their own names,
which changes nothing for a reader but keeps generation of 10,000 files to a minute. Files are kept in
``--dir`` between runs.

Measured in the same run, on the same files, with a warm page cache for all:
- floor: inflating every worksheet part and the shared strings of every file with zipfile, no parsing;
- openpyxl: a plain read-only openpyxl loop over the LKE sheet of each file (on a sample, scaled to N);
- python-calamine alone turning each LKE sheet into Python rows (the parser's share of pmprb's time);
- pmprb score --format json at 1 and at all cores, as a fresh process (start-up included);
- peak memory of the whole pmprb process tree (sum of the RSS of pmprb and its workers, sampled every
  20 ms in one more run: timed runs are not sampled, as sampling takes its share of the cores);
- `pmprb --version` and `pmprb --help` start-up.

Each timing is the best of ``--repeat`` rounds (as timeit reports), a round measuring everything once:
this machine's neighbours slow it by up to 2x for minutes at a time, so runs of one measure back to back
could all fall in a slow spell; the least disturbed run of each is the one that measures the code. pmprb runs as an installed
program does, with Python's bytecode cache allowed (PYTHONDONTWRITEBYTECODE is removed from its
environment; pip compiles the bytecode of a non-editable install when it installs it).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PMPRB = [sys.executable, "-m", "pmprb_cli"]


def generate(folder: Path, n: int, distinct: int) -> list[Path]:
    from pmprb_cli.registry import Unit
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import write_template
    from tests.factories import random_answers

    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"u{i:05d}.xlsx" for i in range(n)]
    if all(p.exists() for p in paths):
        return paths
    rubric = load_rubric("pmprb-2020")
    rng = random.Random(2022)
    originals: list[Path] = []
    for i, path in enumerate(paths):
        if i < distinct:
            unit = Unit(
                kode=f"U{i:05d}", nama=f"Unit Uji {i}", jenis="kecamatan" if i % 4 == 0 else "dinas", aliases=()
            )
            answers = random_answers(rubric, rng, rng.uniform(0.2, 0.95))
            evidence = {c: f"https://drive.contoh.go.id/{c}" for c in answers if rng.random() < 0.7}
            write_template(path, rubric, unit, "2022-08", kabupaten="Kabupaten Uji", answers=answers, evidence=evidence)
            originals.append(path)
        elif not path.exists():
            shutil.copyfile(originals[i % distinct], path)
    return paths


def floor(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                    zf.read(name)
    return time.perf_counter() - start


def calamine_loop(paths: list[Path]) -> float:
    """The parser alone, on one core: open each file and turn its LKE sheet into Python rows, nothing else.

    Not a target; it shows how much of pmprb's time any calamine-based reader spends before checking,
    matching or scoring anything.
    """
    import python_calamine

    start = time.perf_counter()
    for path in paths:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        book.get_sheet_by_name("LKE").to_python(skip_empty_area=False)
    return time.perf_counter() - start


def openpyxl_loop(paths: list[Path]) -> float:
    import openpyxl

    start = time.perf_counter()
    for path in paths:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for _row in book["LKE"].iter_rows(values_only=True):
            pass
        book.close()
    return time.perf_counter() - start


def _tree_rss_kib(pid: int) -> int:
    """The summed RSS of a process and its descendants, from /proc."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (OSError, StopIteration, ValueError):
            continue
    return total


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_pmprb(args: list[str], sample: bool) -> tuple[float, float]:
    """Wall seconds of one pmprb command, and with ``sample`` the peak MB of its whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen([*PMPRB, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    peak = 0
    if sample:
        while proc.poll() is None:
            peak = max(peak, _tree_rss_kib(proc.pid))
            time.sleep(0.02)
    proc.wait()
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"pmprb {' '.join(args)} failed with exit code {proc.returncode}")
    return elapsed, peak / 1024


def startup(args: list[str], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([*PMPRB, *args], stdout=subprocess.DEVNULL, check=True, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--distinct", type=int, default=200)
    parser.add_argument("--openpyxl-sample", type=int, default=200)
    parser.add_argument("--dir", default="/tmp/pmprb-bench")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing; the best is reported")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    folder = Path(args.dir) / f"n{args.n}"
    t0 = time.perf_counter()
    paths = generate(folder, args.n, min(args.distinct, args.n))
    size = sum(p.stat().st_size for p in paths)
    print(
        f"{args.n} workbooks ({size / 1e6:.0f} MB) in {folder}, ready in {time.perf_counter() - t0:.1f} s; {cores} cores"
    )

    floor(paths)  # warm the page cache for every reader alike
    repeat = max(1, args.repeat)
    sample = paths[: min(args.openpyxl_sample, len(paths))]
    score = ["score", str(folder), "--rubric", "pmprb-2020", "--format", "json", "--quiet", "--jobs"]
    run_pmprb(["score", str(paths[0]), "--quiet"], sample=False)  # writes the bytecode cache, as an install does
    # Rounds, each measuring everything once, rather than one measure after another: a slow spell of the
    # machine then slows one round of every measure, not every run of one measure.
    rounds: dict[str, list[float]] = {"floor": [], "openpyxl": [], "calamine": [], "one": [], "all": []}
    for _ in range(repeat):
        rounds["floor"].append(floor(paths))
        rounds["openpyxl"].append(openpyxl_loop(sample) * len(paths) / len(sample))
        rounds["calamine"].append(calamine_loop(paths))
        rounds["one"].append(run_pmprb([*score, "1"], sample=False)[0])
        rounds["all"].append(run_pmprb([*score, str(cores)], sample=False)[0])
    base, opx, calamine, one, allc = (min(rounds[k]) for k in ("floor", "openpyxl", "calamine", "one", "all"))
    one_mb = run_pmprb([*score, "1"], sample=True)[1]
    all_mb = run_pmprb([*score, str(cores)], sample=True)[1]
    version = startup(["--version"])
    helptext = startup(["--help"])

    print()
    print(f"{'measure':<44}{'seconds':>10}{'× floor':>10}{'peak MB':>10}")
    print(f"best of {repeat} rounds (each measures everything once); peak memory from one more, sampled run")
    print(f"{'floor: inflate sheets + shared strings':<44}{base:>10.2f}{1:>10.1f}{'':>10}")
    label = f"openpyxl read-only loop ({len(sample)} measured, scaled)"
    print(f"{label:<44}{opx:>10.2f}{opx / base:>10.1f}{'':>10}")
    print(f"{'python-calamine alone, LKE sheet (1 core)':<44}{calamine:>10.2f}{calamine / base:>10.1f}{'':>10}")
    print(f"{'pmprb score --jobs 1':<44}{one:>10.2f}{one / base:>10.1f}{one_mb:>10.0f}")
    print(f"{f'pmprb score --jobs {cores}':<44}{allc:>10.2f}{allc / base:>10.1f}{all_mb:>10.0f}")
    print(f"{'pmprb --version (median of 7)':<44}{version:>10.3f}")
    print(f"{'pmprb --help (median of 7)':<44}{helptext:>10.3f}")
    print()
    print("targets (issue 5): 1000 workbooks <= 2.5 s and <= 6x floor (aim 4x); >= 10x faster than openpyxl;")
    print("                   peak <= 250 MB at 1000 and 10,000; --version and --help <= 0.2 s")
    best = min(one, allc)
    print(
        f"this run: {best:.2f} s ({best / base:.1f}x floor), {opx / best:.1f}x faster than openpyxl, "
        f"peak {max(one_mb, all_mb):.0f} MB, --version {version:.3f} s, --help {helptext:.3f} s"
    )


if __name__ == "__main__":
    main()
