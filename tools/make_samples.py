"""Regenerate sample_data/ from seeded factories: `make samples`.

Five fictional OPD of a fictional kabupaten, in the official LKE layout, with a spread of quality and a
few realistic mistakes (a lower-case answer, an empty answer, an answer outside the scale).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pmprb_cli.rubric import load_rubric  # noqa: E402
from tests.factories import random_answers, write_official  # noqa: E402

UNITS = [
    ("dinkes", "Dinas Kesehatan Kabupaten Contoh", 0.9),
    ("disdik", "Dinas Pendidikan Kabupaten Contoh", 0.7),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah Kabupaten Contoh", 0.55),
    ("kec-sukamaju", "Kecamatan Sukamaju", 0.35),
    ("kec-mekarsari", "Kecamatan Mekarsari", 0.2),
]


def main() -> None:
    rubric = load_rubric("lke-rb-2014")
    rng = random.Random(2022)
    out = ROOT / "sample_data"
    out.mkdir(exist_ok=True)
    for n, (kode, nama, quality) in enumerate(UNITS):
        answers = random_answers(rubric, rng, quality)
        if n == 1:
            answers["A.I.1.a"] = "a"  # lower case, read as A
            answers["A.II.1.b"] = "ya"  # not a choice of A/B/C: reported, counted 0
        if n == 3:
            answers.pop("A.V.2.c")  # left empty: reported, counted 0
        write_official(out / f"{kode}.xlsx", rubric, answers, instansi=nama, year="2022")
        print(f"wrote {out / (kode + '.xlsx')}")


if __name__ == "__main__":
    main()
