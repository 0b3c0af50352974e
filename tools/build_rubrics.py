"""Write the rubric library (pmprb-2020, zi-2021, sakip-2021) from the item banks in ../shared/domain/official.

Run by a maintainer; the TOML files it writes are committed and shipped. Every node says whether it is
official (with its source) or adapted (with what it was adapted from), following PMPRB-2020.md,
ZI-SAKIP.md and RUBRICS.md.

    python tools/build_rubrics.py ../shared/domain/official
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RUBRICS = ROOT / "pmprb_cli" / "rubrics"
COMMON_SCALES = (Path(__file__).with_name("common_scales.toml")).read_text(encoding="utf-8").rstrip()


def q(text: object) -> str:
    """A TOML basic string (JSON escapes are valid TOML escapes)."""
    value = str(text).strip()
    if "\n" not in value:
        value = " ".join(value.split())
    return json.dumps(value, ensure_ascii=False)


def num(value: float | str) -> str:
    if isinstance(value, str):
        return q(value)
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, *lines: str) -> None:
        self.lines.extend(lines)

    def table(self, header: str, **fields: Any) -> None:
        self.lines.append("")
        self.lines.append(f"[[{header}]]")
        for key, value in fields.items():
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                self.lines.append(f"{key} = {'true' if value else 'false'}")
            elif isinstance(value, int | float):
                self.lines.append(f"{key} = {num(value)}")
            elif isinstance(value, list):
                self.lines.append(f"{key} = [" + ", ".join(q(v) if isinstance(v, str) else num(v) for v in value) + "]")
            elif isinstance(value, RawToml):
                self.lines.append(f"{key} = {value.text}")
            else:
                self.lines.append(f"{key} = {q(value)}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class RawToml:
    def __init__(self, text: str) -> None:
        self.text = text


PREDIKAT = """
# Predikat (RUBRICS.md §3): bands open at the bottom, so exactly 90.00 is A.
[[predikat]]
code = "AA"
label = "Sangat Memuaskan"
lower = 90
upper = 100

[[predikat]]
code = "A"
label = "Memuaskan"
lower = 80
upper = 90

[[predikat]]
code = "BB"
label = "Sangat Baik"
lower = 70
upper = 80

[[predikat]]
code = "B"
label = "Baik"
lower = 60
upper = 70

[[predikat]]
code = "CC"
label = "Cukup"
lower = 50
upper = 60

[[predikat]]
code = "C"
label = "Kurang"
lower = 30
upper = 50

[[predikat]]
code = "D"
label = "Sangat Kurang"
lower = 0
upper = 30
lower_inclusive = true
"""

ZI_TYPES = {"Ya/Tidak": "YT", "A/B/C": "ABC", "A/B/C/D": "ABCD", "A/B/C/D/E": "ABCDE"}

# The % items of the ZI reform component: formula and inputs (ZI-SAKIP.md §1.3, PMPRB-2020.md §3.4).
ZI_PERCENT: dict[str, dict[str, Any]] = {
    "A.II.1.i.a": {"formula": "ratio", "numerator": ["n2"], "denominator": ["n1"], "zero": "unanswered"},
    "A.II.1.i.b": {"formula": "ratio", "numerator": ["n2"], "denominator": ["n1"], "zero": "unanswered"},
    "A.II.3.iii.a": {"formula": "decrease", "before": "n1", "after": "n2", "zero": "zero"},
    "A.II.4.i.a": {"formula": "ratio", "numerator": ["n2"], "denominator": ["n1"], "zero": "unanswered"},
    "A.II.5.ii.a": {"formula": "ratio", "numerator": ["n3"], "denominator": ["n1"], "zero": "one"},
    "A.II.5.iii.1.a": {
        "formula": "ratio",
        "numerator": ["n5"],
        "denominator": ["n2", "n3", "n4"],
        "zero": "unanswered",
        "skip": ["n1"],
    },
    "A.II.5.iii.2.a": {
        "formula": "ratio",
        "numerator": ["n5"],
        "denominator": ["n2", "n3", "n4"],
        "zero": "unanswered",
        "skip": ["n1"],
    },
    "A.II.6.i.b": {"formula": "ratio", "numerator": ["n2"], "denominator": ["n1"], "zero": "unanswered"},
}


def options_of(text: str) -> list[str]:
    return [ln.strip() for ln in text.replace("\r", "").split("\n") if ln.strip()]


def zi_items(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Items and input rows grouped by their sub (or sub-sub) code."""
    by_sub: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        if r["level"] in ("item", "input"):
            parent = r["kode"].rsplit(".", 2 if r["level"] == "input" else 1)[0]
            by_sub.setdefault(parent, []).append(r)
    return by_sub


def write_item(
    w: Writer,
    header: str,
    r: dict[str, str],
    inputs: list[dict[str, str]],
    code: str | None = None,
    status: str = "official",
    note: str = "",
) -> None:
    code = code or r["kode"]
    if r["tipe"] == "%":
        spec = ZI_PERCENT[r["kode"]]
        fields: dict[str, Any] = {"code": code, "question": r["text"], "formula": spec["formula"]}
        prefix = code
        if spec["formula"] == "ratio":
            fields["numerator"] = [f"{prefix}.{n}" for n in spec["numerator"]]
            fields["denominator"] = [f"{prefix}.{n}" for n in spec["denominator"]]
        else:
            fields["before"] = f"{prefix}.{spec['before']}"
            fields["after"] = f"{prefix}.{spec['after']}"
        fields["zero_denominator"] = spec["zero"]
        fields["options"] = options_of(r["options"])
        fields["evidence"] = True
        fields["status"] = status
        fields["note"] = note or r["formula"]
        w.table(header, **fields)
        for inp in inputs:
            suffix = inp["kode"].rsplit(".", 1)[1]
            if suffix in spec.get("skip", []):
                continue
            w.table(f"{header}.input", code=f"{prefix}.{suffix}", label=inp["text"])
        return
    w.table(
        header,
        code=code,
        question=r["text"],
        scale=ZI_TYPES[r["tipe"]],
        options=options_of(r["options"]),
        evidence=True,
        status=status,
        note=note,
    )


def build_zi(official: Path) -> str:
    rows = list(csv.DictReader((official / "lke_zi_permenpanrb90-2021_items.csv").open(encoding="utf-8")))
    by_sub = zi_items(rows)
    w = Writer()
    w(
        "# LKE Zona Integritas, PermenPANRB 90/2021 Lampiran III (unit kerja) — generated by tools/build_rubrics.py",
        "# from official/lke_zi_permenpanrb90-2021_items.csv (ZI-SAKIP.md §1). All weights official.",
        'id = "zi-2021"',
        'title = "Lembar Kerja Evaluasi Zona Integritas (WBK/WBBM)"',
        'short_title = "Zona Integritas"',
        'regulation = "PermenPANRB Nomor 90 Tahun 2021 tentang Pembangunan dan Evaluasi Zona Integritas"',
        "year = 2021",
        'version = "1.0.1"',
        "# 1.0.1: the target is WBK (a verdict), not a predikat; no kabupaten LKE. A 1.0.0 template scores the same.",
        'scores_as = ["1.0.0"]',
        "index_max = 100",
        "predikat_decimals = 2",
        'target = "WBK"',
        "# A unit-level LKE: each unit is proposed and evaluated on its own; there is no kabupaten LKE ZI.",
        "kabupaten_lke = false",
        'notes = "Zona Integritas dinilai lulus/tidak (WBK, WBBM): target bawaan WBK; predikat huruf hanya informasi."',
        "sources = [",
        '  "W: axxpxmd/zona_integritas public/form kuesioner.xlsx @98b13c666a70c784f5dc25eccff246890a637ae1 (sheet LKE ZI)",',
        '  "R: renataputri19/RB2171 @830928e6c340c546273e5af75d54e9aac22bd3b3",',
        '  "S: BPS ZI evaluation app SQL dump (tables pilar/subpilar/pertanyaan/opsi)",',
        "]",
        "",
        COMMON_SCALES,
    )
    current: dict[str, str] = {}
    for r in rows:
        level = r["level"]
        if level == "komponen":
            role = "pengungkit" if r["kode"] == "A" else "hasil"
            w.table("komponen", code=r["kode"], name=r["text"], role=role, weight=float(r["bobot"]), note=r["formula"])
            current["komponen"] = r["kode"]
        elif level == "bagian":
            w.table("komponen.bagian", code=r["kode"], name=r["text"], weight=float(r["bobot"]))
        elif level == "area":
            w.table("komponen.bagian.area", code=r["kode"], name=r["text"], weight=float(r["bobot"]))
        elif level == "sub":
            w.table("komponen.bagian.area.sub", code=r["kode"], name=r["text"], weight=float(r["bobot"]))
            for it in by_sub.get(r["kode"], []):
                if it["level"] == "item":
                    inputs = [x for x in rows if x["level"] == "input" and x["kode"].startswith(it["kode"] + ".")]
                    write_item(
                        w,
                        "komponen.bagian.area.sub.item",
                        it,
                        inputs,
                        note="Tipe A/B/C dipakai (W dan S); R menulis A/B/C/D."
                        if it["kode"] in ("A.I.1.iv.c", "A.I.4.i.b")
                        else "",
                    )
        elif level == "subsub":
            w.table(
                "komponen.bagian.area.sub.sub",
                code=r["kode"],
                name=r["text"],
                weight=float(r["bobot"]),
                note=r["notes"],
            )
            for it in by_sub.get(r["kode"], []):
                if it["level"] == "item":
                    inputs = [x for x in rows if x["level"] == "input" and x["kode"].startswith(it["kode"] + ".")]
                    write_item(w, "komponen.bagian.area.sub.sub.item", it, inputs)
        elif level == "hasil":
            if r["tipe"].startswith("Nilai"):
                w.table(
                    "komponen.bagian.indicator",
                    code=r["kode"],
                    name=r["text"],
                    weight=float(r["bobot"]),
                    scale="N4",
                    conversion="linear",
                    guidance=r["options"],
                )
            else:
                w.table(
                    "komponen.bagian.indicator",
                    code=r["kode"],
                    name=r["text"],
                    weight=float(r["bobot"]),
                    scale="ABCDE",
                    conversion="choice",
                    guidance=r["options"],
                )
    w(
        "",
        "# WBK/WBBM minimums (ZI-SAKIP.md §1.4). The area minimum applies to each Pemenuhan and each Reform area",
        "# separately, as source S does; 'already WBK' for WBBM is read as 'meets the WBK minimums now'.",
        "[[verdict]]",
        'code = "WBK"',
        'label = "Wilayah Bebas dari Korupsi"',
        'minimums = { index = 75, pengungkit = 40, "B.I" = 18.25, "B.I.a" = 15.75, "B.I.b" = 2.5, "B.II" = 14 }',
        "area_share = 0.6",
        "",
        "[[verdict]]",
        'code = "WBBM"',
        'label = "Wilayah Birokrasi Bersih dan Melayani"',
        'minimums = { index = 85, pengungkit = 48, "B.I" = 19.5, "B.I.a" = 15.75, "B.I.b" = 3.75, "B.II" = 15.75 }',
        "area_share = 0.75",
        'requires = "WBK"',
    )
    w(PREDIKAT)
    return w.text()


def build_sakip(official: Path) -> str:
    rows = list(csv.DictReader((official / "lke_akip_permenpanrb88-2021_kriteria.csv").open(encoding="utf-8")))
    w = Writer()
    w(
        "# LKE AKIP (SAKIP), PermenPANRB 88/2021 — generated by tools/build_rubrics.py from",
        "# official/lke_akip_permenpanrb88-2021_kriteria.csv (ZI-SAKIP.md §2, RUBRICS.md §5.1).",
        'id = "sakip-2021"',
        'title = "Lembar Kerja Evaluasi Akuntabilitas Kinerja Instansi Pemerintah (LKE AKIP)"',
        'short_title = "AKIP"',
        'area_term = "komponen"',
        'regulation = "PermenPANRB Nomor 88 Tahun 2021 tentang Evaluasi Akuntabilitas Kinerja Instansi Pemerintah"',
        "year = 2021",
        'version = "1.0.2"',
        "# 1.0.1: short_title, area_term; notes say BB is derived. A template of 1.0.0 scores the same.",
        "# 1.0.2: the unit's own grade counts as far as its criteria carry it (PMPRB-W427): it scores otherwise,",
        "# and a template of 1.0.0 or 1.0.1 (whose Nilai formula counts the grade as typed) gets PMPRB-W208.",
        "scores_as = []",
        "# B…E follow the share of criteria met and BB needs all of them (ZI-SAKIP §2.3); A and AA are the",
        "# evaluator's. In the unit's own column a grade above what its criteria support counts as they do.",
        "unit_grade_by_criteria = true",
        "index_max = 100",
        "predikat_decimals = 2",
        'target = "BB"',
        "sources = [",
        '  "P1-P4: three independent 88/2021 implementations that agree (RUBRICS.md S10-S14)",',
        "]",
        "",
        "[scales.YT]",
        'title = "Y/T"',
        'kind = "choice"',
        "values = { Ya = 1, Tidak = 0 }",
        'aliases = { Ya = ["y", "iya", "yes", "ada", "sudah"], Tidak = ["t", "tdk", "no", "n", "tidak ada", "belum"] }',
        "",
        "# Nilai sub-komponen: share of its bobot (AA 100 % … E 0 %).",
        "[scales.AKIP]",
        'title = "AA/A/BB/B/CC/C/D/E"',
        'kind = "choice"',
        "values = { AA = 1, A = 0.9, BB = 0.8, B = 0.7, CC = 0.6, C = 0.5, D = 0.3, E = 0 }",
    )
    w.table("komponen", code="AKIP", name="NILAI AKUNTABILITAS KINERJA", role="total", weight=100.0)
    derive = RawToml('[[1, "BB"], [">0.75", "B"], [">0.5", "CC"], [">0.25", "C"], [">0", "D"], [0, "E"]]')
    for r in rows:
        if r["level"] == "komponen":
            w.table("komponen.area", code=r["kode"], name=r["text"], weight=float(r["bobot"]))
        elif r["level"] == "sub":
            w.table(
                "komponen.area.sub",
                code=r["kode"],
                name=r["text"],
                weight=float(r["bobot"]),
                kind="graded",
                scale="AKIP",
                derive=derive,
                guidance=r["options"],
                note="Tanpa nilai huruf, pmprb menurunkan BB…E dari % kriteria terpenuhi (BB bila semuanya); A/AA butuh evaluator.",
            )
            for c in rows:
                if c["level"] == "kriteria" and c["kode"].rsplit(".", 1)[0] == r["kode"]:
                    w.table(
                        "komponen.area.sub.item",
                        code=c["kode"],
                        question=c["text"],
                        scale="YT",
                        evidence=True,
                        note=c["variants"],
                    )
    w(PREDIKAT)
    return w.text()


# ---------------------------------------------------------------- pmprb-2020

AREA_2020 = [  # (2014 area code, 2020 name, pemenuhan weight, reform weight)
    ("A.I", "Manajemen Perubahan", 2.0, 3.0),
    ("A.II", "Deregulasi Kebijakan", 1.0, 1.5),
    ("A.III", "Penataan dan Penguatan Organisasi", 2.0, 3.0),
    ("A.IV", "Penataan Tatalaksana", 2.0, 3.0),
    ("A.V", "Penataan Sistem Manajemen SDM", 5.0, 7.5),
    ("A.VI", "Penguatan Akuntabilitas", 2.0, 3.0),
    ("A.VII", "Penguatan Pengawasan", 4.0, 6.0),
    ("A.VIII", "Peningkatan Kualitas Pelayanan Publik", 2.0, 3.0),
]

HASIL_ANTARA = {  # area number → [(code suffix, name, weight, scale, status, note)]
    2: [
        (
            "a",
            "Kualitas Kebijakan (Indeks Kualitas Kebijakan LAN)",
            1.0,
            "N100",
            "official",
            "Bobot dan indikator resmi (LKE 2020/2021); skala 0–100 IKK diadaptasi (PMPRB-2020.md F3).",
        )
    ],
    3: [
        (
            "a",
            "Nilai evaluasi kelembagaan (PermenPANRB 20/2018)",
            1.5,
            "N100",
            "adapted",
            "Diadaptasi (PMPRB-2020.md R1): sisa bobot 9 dibagi rata 1,50 per area.",
        )
    ],
    4: [("a", "Indeks SPBE", 1.5, "N5", "adapted", "Diadaptasi (R1): indeks SPBE 0–5.")],
    5: [
        (
            "a",
            "Indeks Sistem Merit (KASN)",
            0.75,
            "N400",
            "adapted",
            "Diadaptasi (R1): dinormalisasi dengan nilai maksimum terbitan KASN (400).",
        ),
        ("b", "Indeks Profesionalitas ASN (BKN)", 0.75, "N100", "adapted", "Diadaptasi (R1): 0–100."),
    ],
    6: [
        (
            "a",
            "Persentase perangkat daerah dengan nilai evaluasi SAKIP internal minimal B",
            1.5,
            "N100",
            "adapted",
            "Diadaptasi (R1): dipilih agar nilai SAKIP hanya dihitung sekali, di komponen hasil.",
        )
    ],
    7: [
        ("a", "Tingkat maturitas SPIP", 0.75, "N5", "adapted", "Diadaptasi (R1): level 0–5."),
        ("b", "Tingkat kapabilitas APIP", 0.75, "N5", "adapted", "Diadaptasi (R1): level 1–5, dinilai x/5."),
    ],
    8: [
        (
            "a",
            "Indeks Pelayanan Publik (evaluasi PEKPPP KemenPANRB)",
            1.5,
            "N5",
            "adapted",
            "Diadaptasi (R1): indeks 0–5.",
        )
    ],
}

# Reform subs: area number → [(name, weight expression, ZI sub code or None, status, note)]
REFORM = {
    1: [
        ("Komitmen dalam perubahan", "3*2/4", "A.II.1.i"),
        ("Komitmen pimpinan", "3*1/4", "A.II.1.ii"),
        ("Membangun budaya kerja", "3*1/4", "A.II.1.iii"),
    ],
    2: [("Deregulasi/penataan regulasi", "1.5", None)],
    3: [
        ("Penyederhanaan struktur organisasi", "1.5", None),
        ("Sistem kerja pasca penyederhanaan birokrasi", "1.5", None),
    ],
    4: [
        ("Peta proses bisnis mempengaruhi penyederhanaan jabatan", "3*0.5/3.5", "A.II.2.i"),
        ("SPBE yang terintegrasi", "3*1/3.5", "A.II.2.ii"),
        ("Transformasi digital memberikan nilai manfaat", "3*2/3.5", "A.II.2.iii"),
    ],
    5: [
        ("Kinerja individu", "7.5*1.5/5", "A.II.3.i"),
        ("Assessment pegawai", "7.5*1.5/5", "A.II.3.ii"),
        ("Pelanggaran disiplin pegawai", "7.5*2/5", "A.II.3.iii"),
    ],
    6: [
        ("Meningkatnya capaian kinerja", "3*2/5", "A.II.4.i"),
        ("Pemberian reward and punishment", "3*1.5/5", "A.II.4.ii"),
        ("Kerangka logis kinerja", "3*1.5/5", "A.II.4.iii"),
    ],
    7: [
        ("Mekanisme pengendalian", "6*2.5/7.5", "A.II.5.i"),
        ("Penanganan pengaduan masyarakat", "6*3/7.5", "A.II.5.ii"),
        ("Penyampaian laporan harta kekayaan", "6*2/7.5", "A.II.5.iii"),
    ],
    8: [
        ("Upaya dan/atau inovasi pelayanan publik", "3*2.5/5", "A.II.6.i"),
        ("Penanganan pengaduan pelayanan dan konsultasi", "3*2.5/5", "A.II.6.ii"),
    ],
}

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]


def rescale(weight_2014: float, area_2014: float, area_2020: float) -> str:
    """The exact rescaled weight as an expression (PMPRB-2020.md: w_sub_2020 = w_sub_2014 / w_area_2014 × w_area_2020)."""
    return f"{num(weight_2014)}*{num(area_2020)}/{num(area_2014)}"


def build_pmprb_2020(official: Path) -> str:
    rb2014 = tomllib.loads((RUBRICS / "lke-rb-2014.toml").read_text(encoding="utf-8"))
    zi_rows = list(csv.DictReader((official / "lke_zi_permenpanrb90-2021_items.csv").open(encoding="utf-8")))
    zi_by_sub = zi_items(zi_rows)
    w = Writer()
    w(
        "# LKE PMPRB, PermenPANRB 26/2020 (evaluasi 2020–2022) — generated by tools/build_rubrics.py.",
        "# Pemenuhan (20) is official: the 2014 question bank with rescaled weights. Hasil antara (10), reform (30)",
        "# and hasil (40) are only partly public; missing parts are ADAPTED as PMPRB-2020.md §3 proposes, and every",
        '# adapted node says so (status = "adapted" with a note). A tim percepatan may overwrite them.',
        'id = "pmprb-2020"',
        'title = "Lembar Kerja Evaluasi Penilaian Mandiri Pelaksanaan Reformasi Birokrasi (PMPRB)"',
        'regulation = "PermenPANRB Nomor 26 Tahun 2020 tentang Pedoman Evaluasi Pelaksanaan Reformasi Birokrasi"',
        "year = 2020",
        "# The last evaluation year of this instrument: PermenPANRB 9/2023 replaced it from 2023 (DOMAIN.md).",
        "last_year = 2022",
        'version = "1.1.2"',
        "index_max = 100",
        "predikat_decimals = 2",
        "# A % item's share is rounded to 2 decimals (half up) before it counts, as the ZI scorer the % items",
        "# come from does (P2: round(x / y, 2); PMPRB-2020.md §3.4). 1.1.0: this rounding (1.0.0 had none).",
        "# 1.1.1: last_year. 1.1.2: the previous-year block's other gates, checked (PMPRB-W405), never scored.",
        "# Templates of 1.1.0 and 1.1.1 score the same: no PMPRB-W208 for them.",
        'scores_as = ["1.1.0", "1.1.1"]',
        "percent_decimals = 2",
        'target = "BB"',
        "sources = [",
        '  "S3, S5: top level pemenuhan 20 / hasil antara 10 / reform 30 / hasil 40 (RUBRICS.md §10)",',
        '  "S4, P1: LKE Manual RB 2020 Reform and LKE evaluasi RB 2021 (pemenuhan weights, Kualitas Kebijakan 1,00)",',
        '  "S1: the 2014 question bank (lke-rb-2014)",',
        '  "P2, W: ZI reform items and % formulas (PermenPANRB 90/2021), used as adaptation source",',
        "]",
        "",
        COMMON_SCALES,
        "",
        "[scales.N400]",
        'title = "0-400"',
        'kind = "number"',
        "min = 0",
        "max = 400",
        "",
        (
            Path(__file__)
            .with_name("lke_rb_2014_tail.toml")
            .read_text(encoding="utf-8")
            .split("# Dependencies")[0]
            .rstrip()
        ),
    )
    w.table("komponen", code="A", name="PENGUNGKIT", role="pengungkit", weight=60.0, status="official", note="S3, S5")
    # I. Pemenuhan
    w.table("komponen.bagian", code="A.I", name="PEMENUHAN", weight=20.0, status="official", note="S4, P1")
    areas_2014 = {a["code"]: a for a in rb2014["komponen"][0]["area"]}
    deps: list[tuple[str, str, str, list[str], str, str]] = []
    code_map: dict[str, str] = {}
    for n, (code14, name, w_pem, _w_ref) in enumerate(AREA_2020, start=1):
        area14 = areas_2014[code14]
        area_code = f"A.I.{n}"
        w.table(
            "komponen.bagian.area",
            code=area_code,
            name=name.upper(),
            weight=w_pem,
            status="official",
            note=f"RUBRICS.md §1.2 (2014: {area14['name']}, bobot {num(area14['weight'])})",
        )
        for sub in area14["sub"]:
            sub_no = sub["code"].rsplit(".", 1)[1]
            sub_code = f"{area_code}.{ROMAN[int(sub_no) - 1]}"
            w.table(
                "komponen.bagian.area.sub",
                code=sub_code,
                name=sub["name"],
                weight=RawToml(q(rescale(sub["weight"], area14["weight"], w_pem))),
                status="official",
                note=f"bobot 2014 {num(sub['weight'])}, diskalakan ke bobot area 2020",
            )
            for item in sub["item"]:
                letter = item["code"].rsplit(".", 1)[1]
                new_code = f"{sub_code}.{letter}"
                code_map[item["code"]] = new_code
                w.table(
                    "komponen.bagian.area.sub.item",
                    code=new_code,
                    question=item["question"],
                    scale=item["scale"],
                    options=item["options"],
                    evidence=True,
                )
    for dep in rb2014.get("dependency", []):
        deps.append(
            (
                code_map[dep["item"]],
                dep["kind"],
                code_map[dep["source"]],
                dep.get("answers", []),
                dep["enforce"],
                dep["note"],
            )
        )
    # II. Hasil antara
    w.table(
        "komponen.bagian",
        code="A.II",
        name="HASIL ANTARA AREA PERUBAHAN",
        weight=10.0,
        status="official",
        note="S3, S5, S4: bobot 10; baris setelah Deregulasi tidak terbit (diadaptasi, PMPRB-2020.md R1)",
    )
    for n, (_code14, name, _w, _r) in enumerate(AREA_2020, start=1):
        if n not in HASIL_ANTARA:
            continue
        indicators = HASIL_ANTARA[n]
        total = sum(i[2] for i in indicators)
        w.table(
            "komponen.bagian.area",
            code=f"A.II.{n}",
            name=name.upper(),
            weight=total,
            status="official" if n == 2 else "adapted",
            note="Manajemen Perubahan tidak punya baris hasil antara (penomoran resmi mulai dari Deregulasi)."
            if n == 2
            else "Diadaptasi (PMPRB-2020.md R1).",
        )
        for suffix, ind_name, weight, scale, status, note in indicators:
            w.table(
                "komponen.bagian.area.indicator",
                code=f"A.II.{n}.{suffix}",
                name=ind_name,
                weight=weight,
                scale=scale,
                conversion="linear",
                status=status,
                note=note,
                guidance=f"Diisi dengan nilai {ind_name} terakhir yang diterbitkan.",
            )
    # III. Reform
    w.table(
        "komponen.bagian",
        code="A.III",
        name="REFORM",
        weight=30.0,
        status="official",
        note="S3, S5: bobot 30; isi reform instansi tidak terbit: diadaptasi dari LKE ZI 90/2021 (PMPRB-2020.md R2/R3)",
    )
    for n, (_code14, name, _w_pem, w_ref) in enumerate(AREA_2020, start=1):
        area_code = f"A.III.{n}"
        w.table(
            "komponen.bagian.area",
            code=area_code,
            name=name.upper(),
            weight=w_ref,
            status="adapted",
            note="Diadaptasi (R2): bobot reform area = 1,5 × bobot pemenuhan area.",
        )
        for k, (sub_name, weight, zi_sub) in enumerate(REFORM[n]):
            sub_code = f"{area_code}.{ROMAN[k]}"
            note = (
                f"Diadaptasi (R3) dari sub-komponen reform ZI {zi_sub}, bobot dibagi menurut proporsi ZI."
                if zi_sub
                else "Diadaptasi: tidak ada teks reform resmi untuk area ini (PMPRB-2020.md §4)."
            )
            w.table(
                "komponen.bagian.area.sub",
                code=sub_code,
                name=sub_name,
                weight=RawToml(q(weight)),
                status="adapted",
                note=note,
            )
            if zi_sub == "A.II.5.iii":
                items = [r for r in zi_rows if r["level"] == "item" and r["kode"].startswith("A.II.5.iii.")]
            elif zi_sub:
                items = [r for r in zi_by_sub.get(zi_sub, []) if r["level"] == "item"]
            else:
                items = []
            for m, it in enumerate(items):
                letter = "abcdefgh"[m]
                inputs = [x for x in zi_rows if x["level"] == "input" and x["kode"].startswith(it["kode"] + ".")]
                write_item(
                    w,
                    "komponen.bagian.area.sub.item",
                    it,
                    inputs,
                    code=f"{sub_code}.{letter}",
                    status="adapted",
                    note=f"Teks dan rumus dari LKE ZI {it['kode']} (PermenPANRB 90/2021).",
                )
            if n == 2:
                w.table(
                    "komponen.bagian.area.sub.item",
                    code=f"{sub_code}.a",
                    question="Regulasi yang tidak harmonis/menghambat telah direvisi atau dicabut (dalam 1 tahun)",
                    formula="ratio",
                    numerator=[f"{sub_code}.a.n2"],
                    denominator=[f"{sub_code}.a.n1"],
                    zero_denominator="one",
                    evidence=True,
                    status="adapted",
                    note="Diadaptasi dari butir pemenuhan Harmonisasi a–b dalam pola % reform (PMPRB-2020.md §3.2).",
                )
                w.table(
                    "komponen.bagian.area.sub.item.input",
                    code=f"{sub_code}.a.n1",
                    label="Jumlah regulasi tidak harmonis/menghambat yang teridentifikasi",
                )
                w.table(
                    "komponen.bagian.area.sub.item.input",
                    code=f"{sub_code}.a.n2",
                    label="Jumlah regulasi yang telah direvisi atau dicabut",
                )
            if n == 3:
                question, scale = (
                    ("Persentase penyederhanaan struktur organisasi/penyetaraan jabatan", "N100")
                    if k == 0
                    else ("Tingkat capaian sistem kerja untuk penyederhanaan birokrasi", "N5")
                )
                w.table(
                    "komponen.bagian.area.sub.item",
                    code=f"{sub_code}.a",
                    question=question,
                    scale=scale,
                    evidence=True,
                    status="adapted",
                    note="Diadaptasi dari KepmenPANRB 739/2023 (PMPRB-2020.md F12).",
                )
    # B. Hasil
    w.table(
        "komponen",
        code="B",
        name="HASIL",
        role="hasil",
        weight=40.0,
        status="official",
        note="S3, S5; pembagian 4 × 10 dari satu sumber (S5)",
    )
    hasil = [
        (
            "B.1",
            "AKUNTABILITAS KINERJA DAN KEUANGAN",
            [
                ("B.1.a", "Nilai SAKIP", 7.0, "N100", "linear", "Diadaptasi dari 2014 (SAKIP 14 dari 20, S1)."),
                (
                    "B.1.b",
                    "Opini BPK",
                    3.0,
                    "OPINI",
                    "lookup",
                    "Diadaptasi: pemetaan Opini 2014 tanpa perubahan (bobot 2014 juga 3).",
                ),
            ],
        ),
        (
            "B.2",
            "KUALITAS PELAYANAN PUBLIK",
            [
                (
                    "B.2.a",
                    "Survei persepsi kualitas pelayanan (IPKP/SPKP)",
                    10.0,
                    "N4",
                    "linear",
                    "Diadaptasi; konversi dan bobot sama dengan 2014 (S1).",
                ),
            ],
        ),
        (
            "B.3",
            "PEMERINTAH YANG BERSIH DAN BEBAS KKN",
            [
                (
                    "B.3.a",
                    "Survei persepsi anti korupsi (IPAK/SPAK)",
                    10.0,
                    "N4",
                    "linear",
                    "Diadaptasi dari 2014 (persepsi korupsi 7) diskalakan ke 10.",
                ),
            ],
        ),
        (
            "B.4",
            "KINERJA ORGANISASI",
            [
                (
                    "B.4.a",
                    "Capaian kinerja utama: persentase sasaran/IKU daerah tercapai 100% atau lebih",
                    10.0,
                    "N100",
                    "linear",
                    "Diadaptasi dari gagasan capaian kinerja ZI (S18) dan butir % reform (F7).",
                ),
            ],
        ),
    ]
    for code, name, indicators in hasil:
        w.table("komponen.area", code=code, name=name, weight=10.0, status="official", note="bobot 10 (S5)")
        for icode, iname, weight, scale, conversion, note in indicators:
            w.table(
                "komponen.area.indicator",
                code=icode,
                name=iname,
                weight=weight,
                scale=scale,
                conversion=conversion,
                status="adapted",
                note=note,
                guidance=f"Diisi dengan {iname} terakhir yang diterbitkan.",
            )
    w("", "# Dependencies of the 2014 question bank, carried over with the pemenuhan items.")
    for item, kind, source, answers, enforce, note in deps:
        w.table("dependency", item=item, kind=kind, source=source, answers=answers or None, enforce=enforce, note=note)
    w(PREDIKAT)
    return w.text()


def main(official: str) -> None:
    folder = Path(official)
    for rid, text in (
        ("zi-2021", build_zi(folder)),
        ("sakip-2021", build_sakip(folder)),
        ("pmprb-2020", build_pmprb_2020(folder)),
    ):
        target = RUBRICS / f"{rid}.toml"
        target.write_text(re.sub(r"\n{3,}", "\n\n", text), encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1])
