"""Instructions per workbook, stage by stage, counted by valgrind (cachegrind): the same on every run.

    .venv/bin/python benchmarks/bench_instructions.py            # 30 workbooks, needs valgrind

Wall-clock figures on a shared machine move by a third from one minute to the next; the number of
instructions a workbook costs does not. Each stage is run cumulatively (reading, then reading and the
guard, then … the action list) over the benchmark's templates, once with none and once with N files;
the difference divided by N is what one workbook costs up to that stage, start-up excluded. Use it to
judge a change; use ``bench_score.py`` for seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("read", "guard", "open", "sheets", "layout", "score", "checks", "actions")
LABELS = {
    "read": "read the file",
    "guard": "guard: bounded inflation, scans, stored copy",
    "open": "python-calamine: open the workbook",
    "sheets": "python-calamine: LKE and Identitas sheets",
    "layout": "layout: find rows, match items, read answers",
    "score": "score",
    "checks": "checks",
    "actions": "action list towards BB",
}

WORKER = """
import sys
sys.path.insert(0, {root!r})
from pmprb_cli import layout
from pmprb_cli.checks import Context, run_checks
from pmprb_cli.ranking import action_list
from pmprb_cli.rubric import load_rubric
from pmprb_cli.scoring import score
from pmprb_cli.workbook import WorkbookView
from pmprb_cli.xlsx_guard import inspect, read_file_bytes

rubric = load_rubric("pmprb-2020")
layout.rubric_index(rubric)
stage = {stage!r}
order = {stages!r}
upto = order.index(stage)
for path in {paths!r}:
    data = read_file_bytes(path)
    if upto < 1:
        continue
    package = inspect(path, data)
    if upto < 2:
        continue
    view = WorkbookView(package)
    if upto < 3:
        continue
    if upto == 3:
        view.sheet("LKE")
        view.sheet("Identitas")
        continue
    submission, _ = layout.read_submission(view, rubric, path, layout.sha256_of(data))
    if upto < 5:
        continue
    card = score(submission, rubric)
    if upto < 6:
        continue
    run_checks(Context(submission, card, rubric))
    if upto < 7:
        continue
    action_list(submission, card, rubric, "BB")
"""


def instructions(stage: str, paths: list[str]) -> int:
    code = WORKER.format(root=str(ROOT), stage=stage, stages=STAGES, paths=paths)
    out = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            "-c",
            code,
        ],
        capture_output=True,
        text=True,
        check=True,
        # One hash seed for every stage's process: set and dict orders otherwise moved untouched stages by
        # up to 0,2 million instructions from run to run.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{out.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30, help="workbooks measured")
    parser.add_argument("--dir", default="/tmp/pmprb-bench")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_score import generate

    folder = Path(args.dir) / "n1000"
    paths = [str(p) for p in generate(folder, 1000, 200)[: args.n]]
    print(f"instructions per workbook, {args.n} pmprb-2020 templates from {folder}")
    print(f"{'stage (cumulative)':<48}{'instructions':>14}{'this stage':>14}")
    before = 0
    for stage in STAGES:
        per_file = (instructions(stage, paths) - instructions(stage, [])) // args.n
        print(f"{LABELS[stage]:<48}{per_file:>14,}{per_file - before:>14,}")
        before = per_file


if __name__ == "__main__":
    main()
