"""Build the equivalence fixture: many answer sets, scored by the official workbook's own formulas.

For each seeded answer set, the answers are written into a copy of the official BPS 2015 workbook (sheet
``LKE ``, column J), the two formula bugs DOMAIN.md names are corrected (K14 reads row 10; K18 gates on
J15), LibreOffice recalculates every formula headless, and the recalculated column K (items, sub-komponen,
areas, totals) is stored in ``tests/data/official_recalc.json``. ``tests/test_equivalence.py`` then checks
that pmprb gives the same numbers from the same answers, on any machine, without LibreOffice.

    python tools/recalc_official.py ../shared/domain/official/LKE_RB_BPS_2015_zdp2430-lkerb.xlsx [N]
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pmprb_cli.rubric import load_rubric  # noqa: E402
from tests.factories import random_answers  # noqa: E402

SHEET = "LKE "
FIX_K14 = (
    '=IF(I14="Y/T",IF(J14="Ya",1,IF(J14="Tidak",0,"Error")),IF(I14="A/B/C",IF(J14="A",1,IF(J14="B",0.5,'
    'IF(J14="C",0,"Error"))),"Error"))'
)
FIX_K18 = '=IF(I18="A/B/C/D",IF(J14="Tidak",0,IF(J18="A",1,IF(J18="B",0.67,IF(J18="C",0.33,IF(J18="D",0,"Error"))))))'
OPINI = [
    "Wajar Tanpa Pengecualian",
    "WTP-Dengan Paragraph Penjelas",
    "Wajar Dengan Pengecualian",
    "Tidak Memberikan Pendapat",
    "Tidak Wajar",
    "Tidak Memiliki Laporan Keuangan",
]


def answer_rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    """Map rubric codes to rows of the official sheet by walking its hierarchy (as pmprb's reader does)."""
    from pmprb_cli.layout import _Walker, find_header  # noqa: PLC0415
    from pmprb_cli.workbook import SheetGrid  # noqa: PLC0415

    rows = [[("" if c is None else c) for c in r] for r in ws.iter_rows(values_only=True)]
    grid = SheetGrid(ws.title, rows, frozenset(), False)
    header = find_header(grid)
    assert header is not None
    return {r.code: r.row + 1 for r in _Walker(grid, header, load_rubric("lke-rb-2014")).rows()}


def main(source: str, count: int) -> None:
    rubric = load_rubric("lke-rb-2014")
    rng = random.Random(20221)
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        files = []
        rows: dict[str, int] = {}
        for n in range(count):
            wb = openpyxl.load_workbook(source)
            ws = wb[SHEET]
            rows = rows or answer_rows(ws)
            quality = [0.05, 0.3, 0.6, 0.9, 1.0][n % 5]
            answers = random_answers(rubric, rng, quality)
            # Gates exercised on purpose: some sets answer Road Map a = Tidak, promotion b low, survey a = C.
            if n % 3 == 0:
                answers["A.I.2.a"] = "Tidak"
            if n % 4 == 1:
                answers["A.VIII.4.a"] = rng.choice(["B", "C"])
            answers["B.II.2"] = OPINI[n % len(OPINI)]
            for code, value in answers.items():
                ws.cell(rows[code], 10, value)
            ws["K14"] = FIX_K14
            ws["K18"] = FIX_K18
            path = tmpdir / f"case{n:03d}.xlsx"
            wb.save(path)
            files.append(path)
            cases.append({"answers": answers})
        outdir = tmpdir / "out"
        subprocess.run(
            ["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(outdir), *map(str, files)],
            check=True,
            capture_output=True,
            timeout=600,
        )
        for n, case in enumerate(cases):
            ws = openpyxl.load_workbook(outdir / f"case{n:03d}.xlsx", data_only=True)[SHEET]
            area_rows = {
                "A.I": 8,
                "A.II": 31,
                "A.III": 38,
                "A.IV": 51,
                "A.V": 66,
                "A.VI": 114,
                "A.VII": 125,
                "A.VIII": 168,
                "B.I": 199,
                "B.II": 203,
                "B.III": 207,
            }
            case["areas"] = {code: ws.cell(r, 11).value for code, r in area_rows.items()}
            case["items"] = {code: ws.cell(r, 11).value for code, r in rows.items()}
            case["pengungkit"] = ws["K195"].value
            case["hasil"] = ws["K210"].value
            case["index"] = ws["K212"].value
    target = ROOT / "tests" / "data" / "official_recalc.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "source": "LKE_RB_BPS_2015_zdp2430-lkerb.xlsx, K14 and K18 corrected, recalculated by "
        + (shutil.which("soffice") or "soffice"),
        "rows": rows,
        "cases": cases,
    }
    target.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {target}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 60)
