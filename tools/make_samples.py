"""Regenerate sample_data/ — Kabupaten Contoh, fictional — from a fixed seed: `make samples`.

40 units (10 kecamatan) fill pmprb-2020 templates for three months (2022-06, 2022-07, 2022-08) the way
people do: answers improve from month to month, bukti dukung links are added as documents are found,
and the usual mistakes happen:
- a few answers typed in lower case or with a typo ("ya", "Tdak"), some bukti dukung left empty;
- 2022-07: one workbook that cannot be opened (cut off during upload);
- 2022-08: one unit sends twice ("… (revisi).xlsx");
- 2022-07: one unit sends nothing;
- one unit's evaluator (Inspektorat) changes answers in the Jawaban Evaluator column from 2022-07.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pmprb_cli.models import Rubric  # noqa: E402
from pmprb_cli.registry import load_registry  # noqa: E402
from pmprb_cli.rubric import load_rubric  # noqa: E402
from pmprb_cli.template import template_filename, write_template  # noqa: E402

KABUPATEN = "Kabupaten Contoh"
CONFIG = """# Pengaturan Kabupaten Contoh (fiktif) untuk `make demo`: tiga bulan LKE pmprb-2020 di sample_data/.
# Jalur relatif dihitung dari folder berkas ini; semua keluaran masuk ke out/ di akar repositori (tidak di-commit).
kabupaten = "Kabupaten Contoh"
rubric = "pmprb-2020"
target = "BB"
registry = "registry.csv"
inbox = "{period}/"
output = "../out/{period}/"
history = "../out/riwayat.sqlite"
log = "../out/pmprb-run.log"
"""
PERIODS = ("2022-06", "2022-07", "2022-08")
UNITS = [
    ("SETDA", "Sekretariat Daerah", "sekretariat"),
    ("SETWAN", "Sekretariat DPRD", "sekretariat"),
    ("INSP", "Inspektorat Daerah", "inspektorat"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "badan"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan"),
    ("BAPENDA", "Badan Pendapatan Daerah", "badan"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan"),
    ("DISDIK", "Dinas Pendidikan", "dinas"),
    ("DINKES", "Dinas Kesehatan", "dinas"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas"),
    ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman", "dinas"),
    ("DINSOS", "Dinas Sosial", "dinas"),
    ("DISNAKER", "Dinas Tenaga Kerja", "dinas"),
    ("DLH", "Dinas Lingkungan Hidup", "dinas"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "dinas"),
    ("DISHUB", "Dinas Perhubungan", "dinas"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "dinas"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas"),
    ("DISPERTA", "Dinas Pertanian dan Ketahanan Pangan", "dinas"),
    ("DISPARBUD", "Dinas Pariwisata dan Kebudayaan", "dinas"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "dinas"),
    ("DISARPUS", "Dinas Perpustakaan dan Kearsipan", "dinas"),
    ("DISPORA", "Dinas Kepemudaan dan Olahraga", "dinas"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dinas"),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Mikro", "dinas"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "lainnya"),
    ("RSUD", "Rumah Sakit Umum Daerah Kabupaten Contoh", "rsud"),
    ("KEC-SUKAMAJU", "Kecamatan Sukamaju", "kecamatan"),
    ("KEC-MEKARSARI", "Kecamatan Mekarsari", "kecamatan"),
    ("KEC-CIBENDA", "Kecamatan Cibenda", "kecamatan"),
    ("KEC-TANJUNGSARI", "Kecamatan Tanjungsari", "kecamatan"),
    ("KEC-SUKAJADI", "Kecamatan Sukajadi", "kecamatan"),
    ("KEC-KARANGMULYA", "Kecamatan Karangmulya", "kecamatan"),
    ("KEC-SINDANGLAYA", "Kecamatan Sindanglaya", "kecamatan"),
    ("KEC-PASIRJAYA", "Kecamatan Pasirjaya", "kecamatan"),
    ("KEC-MARGAHAYU", "Kecamatan Margahayu", "kecamatan"),
    ("KEC-BOJONGSARI", "Kecamatan Bojongsari", "kecamatan"),
]
EVALUATED = "DINSOS"  # the Inspektorat verified this unit and lowered some answers
MISSING_IN_JULY = "DISPARBUD"
SENT_TWICE_IN_AUGUST = "DISHUB"
BROKEN_IN_JULY = "KEC-CIBENDA"
HASIL_KABUPATEN = {  # kabupaten-level numbers every unit copies into its hasil rows
    "A.II.2.a": 61.4,
    "A.II.3.a": 72.0,
    "A.II.4.a": 2.61,
    "A.II.5.a": 236.0,
    "A.II.5.b": 68.5,
    "A.II.6.a": 54.0,
    "A.II.7.a": 3.0,
    "A.II.7.b": 3.0,
    "A.II.8.a": 3.42,
    "B.1.a": 63.8,
    "B.1.b": "WTP",
    "B.2.a": 3.1,
    "B.3.a": 3.25,
    "B.4.a": 71.0,
}


def _step(choices: list[str], current: str, rng: random.Random, quality: float) -> str:
    """One month's progress on a choice: better with a probability that grows with the unit's drive."""
    index = choices.index(current)
    if index > 0 and rng.random() < 0.15 + 0.35 * quality:
        return choices[index - 1]
    return current


def _first_answers(rubric: Rubric, rng: random.Random, quality: float) -> dict[str, object]:
    answers: dict[str, object] = {}
    for item in rubric.items():
        if item.computed:
            for field in item.inputs:
                answers[field.code] = rng.randint(2, 12)
            for code in item.numerator:
                bottom = sum(int(str(answers[c])) for c in item.denominator)
                answers[code] = max(0, round(bottom * rng.uniform(quality * 0.5, quality * 1.1)))
            if item.formula == "decrease":
                before = rng.randint(3, 15)
                answers[item.numerator[0]] = before
                answers[item.denominator[0]] = max(0, round(before * rng.uniform(1 - quality, 1.2 - quality)))
            continue
        scale = rubric.scales[item.scale]
        if scale.kind == "number":
            answers[item.code] = round(
                rng.uniform(scale.maximum * quality * 0.7, scale.maximum * min(1, quality + 0.2)), 1
            )
            continue
        choices = list(scale.choices)
        position = min(len(choices) - 1, max(0, round((1 - quality) * (len(choices) - 1) + rng.gauss(0, 0.8))))
        answers[item.code] = choices[position]
    answers.update(HASIL_KABUPATEN)
    return answers


def _progress(rubric: Rubric, answers: dict[str, object], rng: random.Random, quality: float) -> dict[str, object]:
    out = dict(answers)
    for item in rubric.items():
        if item.computed:
            for code in item.numerator:
                if item.formula == "ratio" and rng.random() < 0.3 + 0.3 * quality:
                    bottom = sum(int(str(out[c])) for c in item.denominator)
                    out[code] = min(bottom, int(str(out[code])) + rng.randint(0, 2))
            continue
        scale = rubric.scales[item.scale]
        if scale.kind == "choice":
            out[item.code] = _step(list(scale.choices), str(out[item.code]), rng, quality)
    return out


def _evidence(
    rubric: Rubric, answers: dict[str, object], kode: str, rng: random.Random, share: float
) -> dict[str, str]:
    evidence: dict[str, str] = {}
    for item in rubric.items():
        if not item.evidence or rng.random() > share:
            continue
        code = item.inputs[0].code if item.computed else item.code
        evidence[code] = f"https://drive.contoh.go.id/pmprb/{kode.lower()}/{item.code}"
    return evidence


def _typos(rubric: Rubric, answers: dict[str, object], rng: random.Random) -> dict[str, object]:
    """What people type instead of the dropdown: lower case (read fine) and, rarely, a typo (reported)."""
    out = dict(answers)
    codes = [i.code for i in rubric.items() if not i.computed and rubric.scales[i.scale].kind == "choice"]
    for code in rng.sample(codes, 3):
        out[code] = str(out[code]).lower()
    if rng.random() < 0.25:
        code = rng.choice([c for c in codes if out[c] in ("Tidak", "tidak")] or codes)
        out[code] = "Tdak" if str(out[code]).lower() == "tidak" else "Yaa"
    return out


def main() -> None:
    rubric = load_rubric("pmprb-2020")
    out = ROOT / "sample_data"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    (out / "pmprb.toml").write_text(CONFIG, encoding="utf-8")
    registry_path = out / "registry.csv"
    lines = ["kode,nama,jenis,alias"]
    for kode, nama, jenis in UNITS:
        alias = "" if jenis == "kecamatan" else kode.title()  # what people write: "Dinkes", "Bappeda"
        lines.append(f'{kode},"{nama}",{jenis},"{alias}"')
    registry_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    registry = load_registry(registry_path)
    rng = random.Random(2022)
    state: dict[str, tuple[float, dict[str, object], float]] = {}
    for n, period in enumerate(PERIODS):
        folder = out / period
        folder.mkdir()
        for unit in registry.units:
            if unit.kode not in state:
                quality = rng.uniform(0.25, 0.9)
                state[unit.kode] = (quality, _first_answers(rubric, rng, quality), rng.uniform(0.3, 0.8))
            quality, answers, evidence_share = state[unit.kode]
            if n:
                answers = _progress(rubric, answers, rng, quality)
                evidence_share = min(1.0, evidence_share + rng.uniform(0.05, 0.2))
                state[unit.kode] = (quality, answers, evidence_share)
            if period == "2022-07" and unit.kode == MISSING_IN_JULY:
                continue
            evaluator: dict[str, object] = {}
            if unit.kode == EVALUATED and n >= 1:
                changed = [c for c in answers if not c.startswith(("A.II.", "B.")) and str(answers[c]) in ("A", "Ya")]
                for code in sorted(changed)[::9][:6]:
                    evaluator[code] = "B" if answers[code] == "A" else "Tidak"
            path = folder / template_filename(unit.kode)
            typed = _typos(rubric, answers, rng)
            evidence = _evidence(rubric, answers, unit.kode, rng, evidence_share)
            write_template(
                path,
                rubric,
                unit,
                period,
                kabupaten=KABUPATEN,
                answers=typed,
                evidence=evidence,
                evaluator=evaluator or None,
            )
            if period == "2022-07" and unit.kode == BROKEN_IN_JULY:
                data = path.read_bytes()
                path.write_bytes(data[: len(data) // 3])  # the upload was cut off
            if period == "2022-08" and unit.kode == SENT_TWICE_IN_AUGUST:
                # A revision, not a copy: one "Tidak" the unit has since made good (an exact copy is PMPRB-I508).
                revised = dict(typed)
                first_no = next(c for c in sorted(revised) if revised[c] == "Tidak")
                revised[first_no] = "Ya"
                write_template(
                    folder / f"{unit.kode.lower()} (revisi).xlsx",
                    rubric,
                    unit,
                    period,
                    kabupaten=KABUPATEN,
                    answers=revised,
                    evidence=evidence,
                    evaluator=evaluator or None,
                )
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"sample_data/: {len(registry.units)} unit, {len(PERIODS)} periode, {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
