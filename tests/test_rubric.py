"""Rubrics are data, validated on load; a broken one names the file and the key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmprb_cli.errors import RubricError
from pmprb_cli.rubric import load_rubric, shipped_rubrics

MINIMAL = """
id = "mini"
title = "Mini"
regulation = "Uji"
year = 2024
version = "0.1"

[scales.YT]
kind = "choice"
values = { Ya = 1, Tidak = 0 }

[scales.N4]
kind = "number"
min = 0
max = 4

[[komponen]]
code = "A"
name = "Pengungkit"
role = "pengungkit"
weight = 60

[[komponen.area]]
code = "A.I"
name = "Area satu"
weight = 60

[[komponen.area.sub]]
code = "A.I.1"
name = "Sub satu"
weight = 60

[[komponen.area.sub.item]]
code = "A.I.1.a"
question = "Pertanyaan a"
scale = "YT"

[[komponen.area.sub.item]]
code = "A.I.1.b"
question = "Pertanyaan b"
scale = "YT"

[[komponen]]
code = "B"
name = "Hasil"
role = "hasil"
weight = 40

[[komponen.area]]
code = "B.I"
name = "Hasil satu"
weight = 40

[[komponen.area.indicator]]
code = "B.I.1"
name = "Survei"
weight = 40
scale = "N4"

[[dependency]]
item = "A.I.1.b"
kind = "zero_when"
source = "A.I.1.a"
answers = ["Tidak"]

[[predikat]]
code = "Baik"
lower = 50
upper = 100

[[predikat]]
code = "Kurang"
lower = 0
upper = 50
lower_inclusive = true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mini.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_rubric_applies_to_its_evaluation_years(tmp_path: Path) -> None:
    # DOMAIN.md: 14/2014 for 2014–2019, 26/2020 for 2020–2022, ZI and AKIP from 2021 on.
    rb, pmprb, zi = load_rubric("lke-rb-2014"), load_rubric("pmprb-2020"), load_rubric("zi-2021")
    assert [y for y in range(2012, 2026) if rb.in_force(y)] == list(range(2014, 2020))
    assert [y for y in range(2012, 2026) if pmprb.in_force(y)] == [2020, 2021, 2022]
    assert zi.in_force(2021) and zi.in_force(2040) and not zi.in_force(2020)
    assert (rb.years(), pmprb.years(), zi.years()) == ("2014–2019", "2020–2022", "2021–")
    # A rubric of its own without last_year is in force from its year on.
    mini = load_rubric(str(write(tmp_path, MINIMAL)))
    assert mini.last_year is None and mini.in_force(mini.year + 30)


def test_minimal_rubric_loads(tmp_path: Path) -> None:
    rubric = load_rubric(str(write(tmp_path, MINIMAL)))
    assert [i.code for i in rubric.items()] == ["A.I.1.a", "A.I.1.b"]
    assert [n.code for n in rubric.indicators()] == ["B.I.1"]
    assert rubric.predikat[0].code == "Baik" and len(rubric.checksum) == 64


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        (
            'code = "A.I.1"\nname = "Sub satu"\nweight = 60',
            'code = "A.I.1"\nname = "Sub satu"\nweight = 59',
            "komponen[0].area[0].weight",
            "jumlah bobot anak 59",
        ),
        (
            'scale = "YT"\n\n[[komponen.area.sub.item]]',
            'scale = "XYZ"\n\n[[komponen.area.sub.item]]',
            "komponen[0].area[0].sub[0].item[0].scale",
            "XYZ",
        ),
        ('source = "A.I.1.a"', 'source = "A.I.9.z"', "dependency[0].source", "A.I.9.z"),
        ('answers = ["Tidak"]', 'answers = ["Mungkin"]', "dependency[0].answers", "Mungkin"),
        ('code = "Kurang"\nlower = 0\nupper = 50', 'code = "Kurang"\nlower = 0\nupper = 49', "predikat", "bersambung"),
        # Bands that stop short of the top or start above 0, or leave 0 or the top outside every band: accepted, a
        # workbook at 100 (or 0) failed its file with an internal error (mutrev: no test pinned these refusals).
        ("lower = 50\nupper = 100", "lower = 50\nupper = 99", "predikat", "harus menutup 0–100"),
        ('code = "Kurang"\nlower = 0', 'code = "Kurang"\nlower = 1', "predikat", "harus menutup 0–100"),
        ("upper = 50\nlower_inclusive = true", "upper = 50", "predikat", "0 dan 100 harus termasuk dalam pita"),
        (
            "lower = 50\nupper = 100",
            "lower = 50\nupper = 100\nupper_inclusive = false",
            "predikat",
            "0 dan 100 harus termasuk dalam pita",
        ),
        ("weight = 40\n\n[[komponen.area]]", "weight = 41\n\n[[komponen.area]]", "komponen[1].weight", "anak 40"),
        ('version = "0.1"', 'version = "0.1"\nindex_max = 90', "komponen", "index_max 90"),
        ('code = "A.I.1.b"', 'code = "A.I.1.a"', "komponen[0].area[0].sub[0].item[1].code", "ganda"),
        ('id = "mini"', "id = 5", "id", "jenis salah"),
        ('version = "0.1"', 'version = "0.1"\nlast_year = 2019', "last_year", "sebelum tahun pertama"),
        ('version = "0.1"', 'version = "0.1"\nlast_year = "2022"', "last_year", "jenis salah"),
        ('kind = "number"', 'kind = "slider"', "scales.N4.kind", "slider"),
        # A Kode cell holds one word: a code with spaces could never be matched as the rubric spells it.
        ('code = "A.I.1.b"', 'code = "A.I.1.b "', "komponen[0].area[0].sub[0].item[1].code", "satu kata"),
        ('code = "B.I.1"', 'code = "B. I.1"', "komponen[1].area[0].indicator[0].code", "satu kata"),
        # Written into the rekap's Jawaban as a formula, and cut by a template's cell (then read as another code).
        ('code = "A.I.1.b"', 'code = "=1+1"', "komponen[0].area[0].sub[0].item[1].code", "tidak diawali = + - @"),
        ('code = "A.I.1.b"', f'code = "{"A" * 100_000}"', "komponen[0].area[0].sub[0].item[1].code", "1–64"),
        ('code = "A.I.1.b"', 'code = "a.i.1.A"', "komponen[0].area[0].sub[0].item[1].code", "ganda"),
        # Its own template gave it back as "a b", another rubric (E207); "--rubric a b" was no command.
        ('id = "mini"', 'id = "a\\nb"', "id", "harus 1–64 huruf"),
        # A blank answer is a missing answer; a scale cannot make it worth points.
        ("Ya = 1", '" " = 1', "scales.YT.values", "kosong"),
        # nan passed every check (comparisons with it are false): the template writer then crashed, and the
        # score JSON said "weight": NaN.
        (
            'code = "A.I.1"\nname = "Sub satu"\nweight = 60',
            'code = "A.I.1"\nname = "Sub satu"\nweight = nan',
            "komponen[0].area[0].sub[0].weight",
            "terhingga",
        ),
        ('version = "0.1"', 'version = "0.1"\nindex_max = "100/0"', "index_max", "pembagian dengan nol"),
        # Every output shows two decimals: with 1, "70,04 B, kurang 0,10" and two units shown 75,05 ranked apart.
        ('version = "0.1"', 'version = "0.1"\npredikat_decimals = 1', "predikat_decimals", "harus 2"),
        # A predikat code goes into the rekap's COUNTIF formula: a quote in it was a formula of the rubric's.
        (
            'code = "Kurang"',
            'code = "K\\")+WEBSERVICE(\\"http://x\\")+(\\""',
            "predikat[1].code",
            'harus 1–20 karakter tanpa " *',
        ),
        ('code = "Kurang"', 'code = "=1+1"', "predikat[1].code", "tidak diawali"),
        # COUNTIF's wildcard (B* counted 34 of 40 units) and terminal markup ([/b] ended `history` with exit 3)
        ('code = "Kurang"', 'code = "B*"', "predikat[1].code", "tanpa"),
        ('code = "Kurang"', 'code = "[/b]"', "predikat[1].code", "tanpa"),
        ('version = "0.1"', 'version = "0.1"\nsources = 5', "sources", "harus daftar teks"),
        # A misspelt or misplaced key was ignored and its default scored: every index off, said nowhere.
        ('version = "0.1"', 'version = "0.1"\npercent_decimal = 2', "percent_decimal", "kunci tidak dikenal"),
        (
            'code = "A.I.1.b"\nquestion = "Pertanyaan b"',
            'code = "A.I.1.b"\nquestion = "Pertanyaan b"\nweight = 2',
            "komponen[0].area[0].sub[0].item[1].weight",
            "kunci tidak dikenal",
        ),
        ('answers = ["Tidak"]', 'answers = ["Tidak"]\nenforced = "check"', "dependency[0].enforced", "tidak dikenal"),
        # One answer, two values: "Ya" 1, "ya." 0,5.
        ("Ya = 1", 'Ya = 1, "ya." = 0.5', "scales.YT.values", "'Ya' dan 'ya.' sama bila huruf besar-kecil"),
        # B and C swapped (every index moved by up to 2,8 points); C left out (570 answers of C invalid).
        (
            "[scales.N4]",
            '[scales.ABCD]\nkind = "choice"\nvalues = { A = 1, B = 0.5, C = 0.75, D = 0 }\n\n[scales.N4]',
            "scales.ABCD.values",
            "C (0.75) bernilai lebih dari B (0.5): tertukar?",
        ),
        (
            "[scales.N4]",
            '[scales.ABCD]\nkind = "choice"\nvalues = { A = 1, B = 0.5, D = 0 }\n\n[scales.N4]',
            "scales.ABCD.values",
            "huruf C tidak ada di antara A, B, D",
        ),
        (
            "[scales.N4]",
            '[scales.G]\nkind = "choice"\nvalues = { AA = 1, BB = 0.6, CC = 0.8 }\n\n[scales.N4]',
            "scales.G.values",
            "CC (0.8) bernilai lebih dari BB (0.6): tertukar?",
        ),
        # A key or an [[…item]] block one level off was ignored: its item never scored, the rubric "sah".
        (
            'code = "A.I"\nname = "Area satu"',
            'code = "A.I"\nrole = "hasil"\nname = "Area satu"',
            "komponen[0].area[0].role",
            "kunci tidak dikenal",
        ),
        (
            "[[komponen.area.sub]]",
            '[[komponen.area.item]]\ncode = "A.I.x"\nquestion = "q"\nscale = "YT"\n\n[[komponen.area.sub]]',
            "komponen[0].area[0].item",
            "kunci tidak dikenal (di A.I, baris",
        ),
        (
            '[[komponen]]\ncode = "B"',
            '[[komponen.area.sub.sub]]\ncode = "A.I.1.z"\nname = "z"\nweight = 60\n\n'
            '[[komponen.area.sub.sub.item]]\ncode = "A.I.1.z.a"\nquestion = "q"\nscale = "YT"\n\n[[komponen]]\ncode = "B"',
            "komponen[0].area[0].sub[0].item",
            "punya butir dan sub sekaligus; butirnya tidak akan dinilai",
        ),
        # A sub's grade scale ignored: "Graded" with a capital, or a scale on a sub that is not graded.
        (
            'code = "A.I.1"\nname = "Sub satu"',
            'code = "A.I.1"\nkind = "Graded"\nname = "Sub satu"',
            "komponen[0].area[0].sub[0].kind",
            "'Graded' tidak dikenal (graded)",
        ),
        (
            'code = "A.I.1"\nname = "Sub satu"',
            'code = "A.I.1"\nscale = "YT"\nname = "Sub satu"',
            "komponen[0].area[0].sub[0].scale",
            "hanya untuk sub-komponen bernilai huruf",
        ),
        (
            'weight = 40\nscale = "N4"',
            'weight = 40\nscale = "YT"\nconversion = "choice"\ndivisor = 4',
            "komponen[1].area[0].indicator[0].divisor",
            "hanya untuk konversi linear",
        ),
        # The 80–90 band retyped AA: four units shown AA.
        ('code = "Kurang"', 'code = "Baik"', "predikat[1].code", "predikat 'Baik' ganda"),
        # "baik" beside "Baik": the rekap's COUNTIF, blind to case, counted both bands' units in each.
        ('code = "Kurang"', 'code = "baik"', "predikat[1].code", "predikat 'baik' ganda (sama dengan 'Baik')"),
        # divisor = 2 on a 0–4 scale: an answer of 4 scored twice the indicator's weight, an index of 140,00.
        (
            'weight = 40\nscale = "N4"',
            'weight = 40\nscale = "N4"\ndivisor = 2',
            "komponen[1].area[0].indicator[0].divisor",
            "2 bukan nilai tertinggi skala 'N4' (4): jawaban tertinggi akan melebihi bobot",
        ),
        # divisor = 40 on 0–4 (a zero too many): a tenth of the weight at most, said nowhere.
        (
            'weight = 40\nscale = "N4"',
            'weight = 40\nscale = "N4"\ndivisor = 40',
            "komponen[1].area[0].indicator[0].divisor",
            "40 bukan nilai tertinggi skala 'N4' (4): jawaban tertinggi tidak akan pernah mencapai bobot",
        ),
        # Ya worth 0,1 (a typo): every answer at its best scored 46,00 "Kurang".
        (
            "values = { Ya = 1, Tidak = 0 }",
            "values = { Ya = 0.1, Tidak = 0 }",
            "komponen[0].area[0].sub[0].item[0].scale",
            "jawaban terbaik skala 'YT' bernilai 0.1, bukan 1",
        ),
        # 100 000 factors took minutes before the bound on their product was reached.
        (
            'name = "Sub satu"\nweight = 60',
            'name = "Sub satu"\nweight = "60' + "*1" * 20 + '"',
            "komponen[0].area[0].sub[0].weight",
            "lebih dari 20 bilangan dikalikan atau dibagi",
        ),
        # 1e308 overflowed later, said in Python's English; 5 000 digits were "Exceeds the limit (4300 digits)".
        (
            "weight = 40\n\n[[komponen.area]]",
            "weight = 1e308\n\n[[komponen.area]]",
            "komponen[1].weight",
            "angka terlalu besar (paling banyak 1.000.000.000.000)",
        ),
        (
            'name = "Sub satu"\nweight = 60',
            'name = "Sub satu"\nweight = "' + "9" * 5000 + '/1"',
            "komponen[0].area[0].sub[0].weight",
            "angka terlalu besar",
        ),
        # A [[dependency]] pasted twice scaled its item twice (b × a × a: 62,50 where 70,00 was due).
        (
            'answers = ["Tidak"]\n',
            'answers = ["Tidak"]\n\n[[dependency]]\nitem = "A.I.1.b"\nkind = "zero_when"\nsource = "A.I.1.a"\n'
            'answers = ["Tidak"]\n',
            "dependency[1]",
            "sama dengan dependency[0] (zero_when: A.I.1.b ← A.I.1.a)",
        ),
        # A dependency on an indicator (or a grade) was never applied as a source nor as an item, yet "sah".
        ('item = "A.I.1.b"', 'item = "B.I.1"', "dependency[0].item", "'B.I.1' indikator atau sub-komponen"),
        # A scale dependency only checked was shown "diperiksa (PMPRB-W405)" and checked nothing.
        (
            'kind = "zero_when"\nsource = "A.I.1.a"\nanswers = ["Tidak"]',
            'kind = "scale"\nsource = "A.I.1.a"\nenforce = "check"',
            "dependency[0].enforce",
            'enforce = "check" hanya untuk kind = "zero_when"',
        ),
        # min = -100 gave an index of -25,00.
        ("min = 0\nmax = 4", "min = -4\nmax = 4", "scales.N4.min", "tidak boleh negatif"),
        ("values = { Ya = 1, Tidak = 0 }", "values = { Ya = 1, Tidak = -1 }", "scales.YT.values.Tidak", "negatif"),
        # B above 60,125 began at 60,13: the gap from 60,12 was said 0,02.
        ("lower = 50\nupper = 100", "lower = 50.125\nupper = 100", "predikat[0].lower", "paling banyak dua desimal"),
        # Wrong types: "tidak" read as true; a text written one letter a line; aliases = ["y"] an English error.
        (
            'scale = "YT"\n\n[[komponen.area.sub.item]]',
            'scale = "YT"\nevidence = "tidak"\n\n[[komponen.area.sub.item]]',
            "komponen[0].area[0].sub[0].item[0].evidence",
            "harus true atau false",
        ),
        (
            'scale = "YT"\n\n[[komponen.area.sub.item]]',
            'scale = "YT"\noptions = "a. Ada"\n\n[[komponen.area.sub.item]]',
            "komponen[0].area[0].sub[0].item[0].options",
            "harus daftar teks",
        ),
        (
            "values = { Ya = 1, Tidak = 0 }",
            'values = { Ya = 1, Tidak = 0 }\naliases = ["y"]',
            "scales.YT.aliases",
            "harus tabel jawaban",
        ),
        # An item block pasted under another sub-komponen than its code names was scored there.
        (
            'code = "A.I.1.b"',
            'code = "B.I.1.b"',
            "B.I.1.b",
            "ditulis di bawah A.I.1, padahal kodenya menyebut induk B.I.1",
        ),
        # Letters that only look Latin, from an annex copied out of a PDF: "sah", then every workbook's 'Ya' was no
        # choice, "BB" no band, an item unranked with nothing to see (rubrikrev).
        ("values = { Ya = 1,", 'values = { "\u042fa" = 1,', "scales.YT.values", "U+042F CYRILLIC CAPITAL LETTER YA"),
        (
            'code = "A.I.1.a"',
            'code = "A.I.1.\u0430"',
            "komponen[0].area[0].sub[0].item[0].code",
            "U+0430 CYRILLIC SMALL LETTER A",
        ),
        ('code = "Baik"', 'code = "B\u0430ik"', "predikat[0].code", "hanya tampak seperti huruf Latin biasa"),
        (
            'code = "A.I.1.a"',
            'code = "A.I.1.\uff41"',
            "komponen[0].area[0].sub[0].item[0].code",
            "U+FF41 FULLWIDTH LATIN SMALL LETTER A",
        ),
    ],
)
def test_broken_rubric_names_file_and_key(tmp_path: Path, old: str, new: str, key: str, words: str) -> None:
    assert old in MINIMAL
    path = write(tmp_path, MINIMAL.replace(old, new, 1))
    with pytest.raises(RubricError) as info:
        load_rubric(str(path))
    assert f"mini.toml: {key}" in info.value.message
    assert words in info.value.message


def test_a_mistake_inside_a_node_names_the_node_and_its_line(tmp_path: Path) -> None:
    # "komponen[0].bagian[0].area[4].weight", counted from 0, had the editor count table headers in 2 500 lines.
    lines = MINIMAL.splitlines()
    text = MINIMAL.replace(
        'code = "A.I.1"\nname = "Sub satu"\nweight = 60', 'code = "A.I.1"\nname = "Sub satu"\nweight = 59'
    )
    with pytest.raises(RubricError) as info:
        load_rubric(str(write(tmp_path, text)))
    line = lines.index('code = "A.I"') + 1  # (the area whose children no longer add up)
    assert info.value.message.endswith(f"area[0].weight: jumlah bobot anak 59 ≠ bobot 60 (di A.I, baris {line})")
    text = MINIMAL.replace('code = "A.I.1.b"\nquestion', 'code = "A.I.1.b"\nbobot = 2\nquestion')
    with pytest.raises(RubricError) as info:
        load_rubric(str(write(tmp_path, text)))
    assert "item[1].bobot: kunci tidak dikenal (di A.I.1.b, baris" in info.value.message


def test_dependency_cycle_is_refused(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[dependency]]\nitem = "A.I.1.a"\nkind = "scale"\nsource = "A.I.1.b"\n'
    with pytest.raises(RubricError, match="siklus ketergantungan: A.I.1.a → A.I.1.b → A.I.1.a"):
        load_rubric(str(write(tmp_path, text)))


def test_a_dependency_cycle_through_a_checked_gate_is_refused(tmp_path: Path) -> None:
    # It scored nothing, but the action list waited on it for ever: a target two answers away was "tidak tercapai
    # walau semua jawaban terbaik", blamed on the hasil indicators (rubrikrev).
    gate = '\n[[dependency]]\nitem = "A.I.1.a"\nkind = "zero_when"\nsource = "A.I.1.b"\nanswers = ["Tidak"]\n'
    with pytest.raises(RubricError) as info:
        load_rubric(str(write(tmp_path, MINIMAL + gate + 'enforce = "check"\n')))
    assert 'siklus ketergantungan (lewat enforce = "check"): A.I.1.a → A.I.1.b → A.I.1.a' in info.value.message


def test_not_toml(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="bukan TOML"):
        load_rubric(str(write(tmp_path, "id = ")))


def test_a_weight_with_a_decimal_comma_is_said_so(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'code = "A.I.1"\nname = "Sub satu"\nweight = 60', 'code = "A.I.1"\nname = "Sub satu"\nweight = 59,5'
    )
    with pytest.raises(RubricError) as info:
        load_rubric(str(write(tmp_path, text)))
    assert f"tidak terbaca mulai baris {text.splitlines().index('weight = 59,5') + 1}, kolom 12" in info.value.message
    assert info.value.hint == "Angka desimal ditulis dengan titik: 1.5, bukan 1,5."


def test_a_rubric_nested_a_thousand_deep_is_refused_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="bersarang terlalu dalam"):
        load_rubric(str(write(tmp_path, "a = " + "[" * 5000 + "]" * 5000)))


def test_a_percentage_item_with_an_empty_numerator_or_denominator_is_refused(tmp_path: Path) -> None:
    # It passed check, then every workbook failed as an internal error (E109), or was "sah" with the item 0 %.
    ratio = (
        'code = "A.I.1.b"\nquestion = "Persen"\nformula = "ratio"\nnumerator = ["n1"]\ndenominator = []\n'
        '[[komponen.area.sub.item.input]]\ncode = "n1"\nlabel = "Jumlah"\n'
    )
    text = MINIMAL.replace('code = "A.I.1.b"\nquestion = "Pertanyaan b"\nscale = "YT"\n', ratio)
    text = text.split("[[dependency]]")[0] + "[[predikat]]" + text.split("[[predikat]]", 1)[1]
    with pytest.raises(RubricError) as info:
        load_rubric(str(write(tmp_path, text)))
    assert "item[1].denominator: tidak boleh kosong" in info.value.message


def test_a_rubric_too_deep_or_too_large_for_its_own_template_is_refused_early(tmp_path: Path) -> None:
    # 120 nested areas wrote a Jawaban column beyond CZ, 10 000 items rows beyond 9 999: templates pmprb
    # could not read back, their operators told to "isi templat yang dibagikan kabupaten".
    head = MINIMAL.split("[[komponen]]")[0]
    bands = "[[predikat]]" + MINIMAL.split("[[predikat]]", 1)[1]
    nested, path = ['[[komponen]]\ncode = "A"\nname = "P"\nweight = 100\n'], "komponen"
    for depth in range(12):
        path += ".area"
        nested.append(f'[[{path}]]\ncode = "X{depth}"\nname = "n"\nweight = 100\n')
    nested.append(f'[[{path}.sub]]\ncode = "S"\nname = "s"\nweight = 100\n')
    nested.append(f'[[{path}.sub.item]]\ncode = "S.a"\nquestion = "q"\nscale = "YT"\n')
    with pytest.raises(RubricError, match="bertingkat terlalu dalam: paling banyak 10 tingkat"):
        load_rubric(str(write(tmp_path, head + "".join(nested) + bands)))
    wide = ['[[komponen]]\ncode = "A"\nname = "P"\nweight = 100\n[[komponen.area]]\ncode = "A.I"\nname = "A"\n']
    wide.append("weight = 100\n")
    for sub in range(60):
        wide.append(f'[[komponen.area.sub]]\ncode = "A.I.{sub}"\nname = "s"\nweight = 1\n')
        wide += [
            f'[[komponen.area.sub.item]]\ncode = "A.I.{sub}.{i}"\nquestion = "q"\nscale = "YT"\n' for i in range(90)
        ]
    with pytest.raises(RubricError) as info:
        load_rubric(str(write(tmp_path, head + "".join(wide) + bands)))
    assert "rubrik melebihi 5.000 baris LKE (komponen, area, butir dan isian jumlah)" in info.value.message
    assert info.value.message.split(": ")[1].startswith(
        "komponen[0].area[0].sub[54].item[83]"
    )  # (refused where it passed)


def test_a_rubric_file_larger_than_any_rubric_is_refused_unread(tmp_path: Path) -> None:
    # A 76 MB file of 10^6 items was parsed whole (8 s, 684 MB) before its size was refused.
    from pmprb_cli.rubric import MAX_RUBRIC_BYTES

    path = write(tmp_path, MINIMAL + "#" * MAX_RUBRIC_BYTES + "\n")
    with pytest.raises(RubricError, match="lebih dari 8 MB"):
        load_rubric(str(path))


def test_a_rubric_saved_by_notepad_with_txt_added_is_pointed_at(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL).rename(tmp_path / "rubrik-kab.toml.txt")
    with pytest.raises(RubricError) as info:
        load_rubric(str(tmp_path / "rubrik-kab.toml"))
    assert (
        info.value.hint == "Ada rubrik-kab.toml.txt: Notepad menambahkan .txt; ganti namanya menjadi rubrik-kab.toml."
    )


def test_rubric_check_says_when_a_copy_keeps_a_shipped_id_and_version_with_other_contents(tmp_path: Path) -> None:
    # Printed everywhere as "pmprb-2020 v1.1.2 (PermenPANRB Nomor 26 …)", the official rubric's label.
    from pmprb_cli.rubric import resolve_rubric

    from .conftest import invoke

    text = resolve_rubric("pmprb-2020").read_text(encoding="utf-8")
    copy = tmp_path / "kab.toml"
    copy.write_text(text, encoding="utf-8")
    assert "Perhatian" not in invoke(["rubric", "check", str(copy)]).stderr  # the same contents: nothing to say
    copy.write_text(text.replace('name = "', 'name = "Ubah ', 1), encoding="utf-8")
    said = " ".join(invoke(["rubric", "check", str(copy)]).stderr.split())
    assert "memakai id dan versi rubrik bawaan (pmprb-2020 v1.1.2) tetapi isinya berbeda" in said
    copy.write_text(text.replace('version = "1.1.2"', 'version = "1.1.2-kab"', 1), encoding="utf-8")
    assert "Perhatian" not in invoke(["rubric", "check", str(copy)]).stderr
    copy.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())  # a Notepad save is no edit
    assert "Perhatian" not in invoke(["rubric", "check", str(copy)]).stderr


def test_two_files_of_one_version_that_score_alike_are_one_rubric_on_the_trend(tmp_path: Path) -> None:
    # The kabupaten's own rubric, a comment added between July and August (same id and version, other bytes):
    # the trend read "— (rubrik lain)" and the rapor dropped June and July as "dinilai dengan rubrik lain".
    from pmprb_cli.rapor import same_rubric, versions_alike
    from pmprb_cli.rubric import resolve_rubric

    text = resolve_rubric("pmprb-2020").read_text(encoding="utf-8")
    commented, revalued = tmp_path / "commented.toml", tmp_path / "revalued.toml"
    commented.write_text("# disetujui rapat 1 Agustus\n" + text, encoding="utf-8")
    revalued.write_text(text.replace("B = 0.67, C = 0.33", "B = 0.75, C = 0.5", 1), encoding="utf-8")
    shipped, note, other = load_rubric("pmprb-2020"), load_rubric(str(commented)), load_rubric(str(revalued))
    assert shipped.version == note.version == other.version and len({r.checksum for r in (shipped, note, other)}) == 3
    july, august = ("pmprb-2020", shipped.version, shipped.checksum), ("pmprb-2020", note.version, note.checksum)
    assert same_rubric(july, august, versions_alike(note, shipped))
    assert not same_rubric(july, august, versions_alike(shipped))  # (without the files at hand: not known alike)
    values = ("pmprb-2020", other.version, other.checksum)
    assert not same_rubric(july, values, versions_alike(other, shipped, note))
    assert not same_rubric(august, values, versions_alike(other, shipped, note))


def test_a_copy_scoring_otherwise_is_not_trended_as_the_version_it_claims_to_score_as(tmp_path: Path) -> None:
    # Other A–D values, a version of its own and the shipped scores_as kept: `rubric check` said "sah" and the
    # trend joined it through 1.1.0 to the shipped 1.1.2 ("+4,27", 0,84 of it the change of formula).
    from pmprb_cli.rapor import same_rubric, versions_alike
    from pmprb_cli.rubric import resolve_rubric

    from .conftest import invoke

    text = resolve_rubric("pmprb-2020").read_text(encoding="utf-8").replace('version = "1.1.2"', 'version = "1.2.0"', 1)
    shipped = load_rubric("pmprb-2020")
    renamed, revalued = tmp_path / "renamed.toml", tmp_path / "revalued.toml"
    renamed.write_text(text.replace('name = "', 'name = "Ubah ', 1), encoding="utf-8")
    revalued.write_text(text.replace("B = 0.67, C = 0.33", "B = 0.75, C = 0.5", 1), encoding="utf-8")
    june, july = ("pmprb-2020", "1.1.2", shipped.checksum), ("pmprb-2020", "1.2.0", "")
    assert same_rubric(june, july, versions_alike(load_rubric(str(renamed)), shipped))  # names only: alike
    assert not same_rubric(june, july, versions_alike(load_rubric(str(revalued)), shipped))
    assert not same_rubric(june, july, versions_alike(shipped, load_rubric(str(revalued))))  # (either order)
    assert "Perhatian" not in invoke(["rubric", "check", str(renamed)]).stderr
    # Answers read otherwise score otherwise: "sdh" read as Ya where the shipped rubric says it is no answer.
    aliased = tmp_path / "aliased.toml"
    ya = resolve_rubric("lke-rb-2014").read_text(encoding="utf-8").replace('version = "1.0.2"', 'version = "1.0.3"', 1)
    aliased.write_text(ya.replace('"ada", "sudah"]', '"ada", "sudah", "sdh"]', 1), encoding="utf-8")
    old, copy = load_rubric("lke-rb-2014"), load_rubric(str(aliased))
    assert copy.scores_as and not same_rubric(
        ("lke-rb-2014", "1.0.2", ""), ("lke-rb-2014", "1.0.3", ""), versions_alike(copy, old)
    )
    # Unclaimed, an alike copy is another rubric, as before: only a claim joins versions.
    unclaimed = tmp_path / "unclaimed.toml"
    unclaimed.write_text(ya.replace('scores_as = ["1.0.0", "1.0.1"]', "scores_as = []", 1), encoding="utf-8")
    alike = versions_alike(load_rubric(str(unclaimed)), old)
    assert not same_rubric(("lke-rb-2014", "1.0.2", ""), ("lke-rb-2014", "1.0.3", ""), alike)
    said = " ".join(invoke(["rubric", "check", str(revalued)]).stderr.split())
    assert "Perhatian: scores_as menyebut versi 1.1.0, 1.1.1, yang menilai seperti rubrik bawaan pmprb-2020" in said


def test_unknown_rubric_id() -> None:
    with pytest.raises(RubricError, match="tidak dikenal"):
        load_rubric("lke-1999")


def test_lke_rb_2014_is_complete() -> None:
    rubric = load_rubric("lke-rb-2014")
    subs = [n for n in rubric.nodes() if n.kind == "sub"]
    # 146 scored questions: the workbook scores row 50 (Penataan, no letter in column E), which the
    # extracted CSV and RUBRICS.md's count of 145 leave out.
    assert len(rubric.items()) == 146
    assert len(subs) + len(rubric.indicators()) == 38
    assert len([a for a in rubric.areas() if a.role == "pengungkit"]) == 8
    assert len(rubric.indicators()) == 5
    assert sum(r.weight for r in rubric.roots) == 100
    assert {(d.item, d.kind, d.enforce) for d in rubric.dependencies} >= {
        ("A.I.2.d", "zero_when", "score"),
        ("A.V.4.c", "scale", "score"),
        ("A.V.4.d", "scale", "score"),
        ("A.V.4.e", "scale", "score"),
        ("A.VIII.4.b", "scale", "score"),
        ("A.VIII.4.c", "scale", "score"),
    }


@pytest.mark.parametrize("rid", sorted(shipped_rubrics()))
def test_every_shipped_rubric_loads(rid: str) -> None:
    rubric = load_rubric(rid)
    assert rubric.id == rid
    assert sum(r.weight for r in rubric.roots) == pytest.approx(rubric.index_max)


def test_a_lookup_indicator_whose_points_never_reach_its_weight_is_refused(tmp_path: Path) -> None:
    # Opini BPK's weight raised from 3 to 6 with WTP still worth 3 points: "sah", and every best answer gave 97.
    from pmprb_cli.rubric import resolve_rubric

    text = resolve_rubric("pmprb-2020").read_text(encoding="utf-8")
    opini = 'code = "B.1.b"\nname = "Opini BPK"\nweight = 3\n'
    assert opini in text
    path = tmp_path / "kab.toml"
    path.write_text(text.replace(opini, opini.replace("weight = 3", "weight = 6")), encoding="utf-8")
    with pytest.raises(RubricError, match="poin tertinggi skala 'OPINI' \\(3\\) di bawah bobot 6"):
        load_rubric(str(path))


def test_a_rubric_earlier_versions_read_still_reads(tmp_path: Path) -> None:
    # A kabupaten's copy with `sources = "Kab"` and a predikat "C.C" was read before the checks of codes that
    # go into formulas: refused, its months could no longer be run again or exported.
    text = MINIMAL.replace('version = "0.1"', 'version = "0.1"\nsources = "Kab"').replace(
        'code = "Kurang"', 'code = "C.C"'
    )
    rubric = load_rubric(str(write(tmp_path, text)))
    assert rubric.sources == ("Kab",) and "C.C" in {b.code for b in rubric.predikat}


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        # A minimum above what its score can reach: "sah", and a perfect 100,00 workbook was "belum WBK".
        ("minimums = { index = 75, pengungkit = 40,", "minimums = { index = 75, pengungkit = 61,", "61 melebihi"),
        ('"B.I.b" = 2.5,', '"B.I.b" = 5.5,', "5.5 melebihi nilai tertinggi B.I.b \\(5\\)"),
        ("area_share = 0.6\n", "area_share = 6\n", "6 harus pecahan 0–1"),
        # An item's code is no node: "isi rubrik tidak sah (KeyError: 'A.I.1.i.a')".
        ('"B.I.b" = 2.5,', '"B.I.b" = 2.5, "A.I.1.i.a" = 0.5,', "bukan index/pengungkit/hasil atau kode simpul"),
        # A verdict "aa" beside the predikat AA: --target AA, typed as the predikat, chose the verdict.
        (
            '[[verdict]]\ncode = "WBBM"',
            '[[verdict]]\ncode = "aa"',
            "verdict\\[1\\].code: 'aa' sama dengan predikat 'AA'",
        ),
    ],
)
def test_a_verdict_no_workbook_can_pass_is_refused(tmp_path: Path, old: str, new: str, said: str) -> None:
    from pmprb_cli.rubric import resolve_rubric

    text = resolve_rubric("zi-2021").read_text(encoding="utf-8")
    assert text.count(old) == 1
    with pytest.raises(RubricError, match=said):
        load_rubric(str(write(tmp_path, text.replace(old, new))))


def test_a_zero_when_on_a_numeric_item_says_so(tmp_path: Path) -> None:
    # "'Tidak' bukan pilihan skala " (a % item's scale has no name) said nothing of what was wrong.
    from pmprb_cli.rubric import resolve_rubric

    text = resolve_rubric("pmprb-2020").read_text(encoding="utf-8")
    old = 'source = "A.I.4.iii.a"'
    assert text.count(old) == 1
    with pytest.raises(RubricError, match="butir 'A.III.1.i.a' dijawab dengan angka, bukan pilihan"):
        load_rubric(str(write(tmp_path, text.replace(old, 'source = "A.III.1.i.a"'))))


def test_a_rubric_path_that_is_a_folder_or_a_device_is_said_to_be_one(tmp_path: Path) -> None:
    # "Berkas rubrik tidak ditemukan" of a folder that is there, and of /dev/zero.
    with pytest.raises(RubricError, match="adalah folder"):
        load_rubric(str(tmp_path))
    if Path("/dev/zero").exists():
        with pytest.raises(RubricError, match="bukan berkas biasa"):
            load_rubric("/dev/zero")


def test_a_utf16_rubrics_errors_name_their_lines(tmp_path: Path) -> None:
    # A UTF-16 file (Notepad's "Unicode") lost the line numbers of its errors: its codes were looked for in its
    # raw bytes. Its checksum stays that of its bytes, as histories and templates recorded it.
    import hashlib

    for rubric_id, path in shipped_rubrics().items():
        assert load_rubric(rubric_id).checksum == hashlib.sha256(Path(path).read_bytes()).hexdigest()
    source = Path(load_rubric("pmprb-2020").path).read_text(encoding="utf-8")
    saved = tmp_path / "crlf.toml"
    saved.write_bytes(source.replace("\n", "\r\n").encode("utf-8"))
    assert load_rubric(str(saved)).checksum == hashlib.sha256(saved.read_bytes()).hexdigest()
    broken = source.replace("weight = 5\n", "weight = 6\n", 1).replace("\n", "\r\n").encode("utf-16")
    (tmp_path / "broken16.toml").write_bytes(broken)
    with pytest.raises(RubricError, match=r"baris \d+"):
        load_rubric(str(tmp_path / "broken16.toml"))


def test_weights_a_hair_apart_are_shown_with_the_digits_that_differ(tmp_path: Path) -> None:
    # 35 split in thirds typed 11.6666667: "jumlah bobot anak 35 ≠ bobot 35", and no word of fractions.
    text = MINIMAL.replace(
        'code = "A.I.1"\nname = "Sub satu"\nweight = 60', 'code = "A.I.1"\nname = "Sub satu"\nweight = 60.0000001'
    )
    with pytest.raises(RubricError) as info:
        load_rubric(str(write(tmp_path, text)))
    assert "jumlah bobot anak 60.0000001 ≠ bobot 60.0000000" in info.value.message, info.value.message
    assert 'weight = "35/3"' in info.value.hint
    # A plainly wrong weight is no third: fractions are not suggested.
    text = MINIMAL.replace(
        'code = "A.I.1"\nname = "Sub satu"\nweight = 60', 'code = "A.I.1"\nname = "Sub satu"\nweight = 59'
    )
    with pytest.raises(RubricError) as wrong:
        load_rubric(str(write(tmp_path, text)))
    assert "35/3" not in wrong.value.hint


def test_a_predikat_edge_flag_in_quotes_is_refused(tmp_path: Path) -> None:
    # lower_inclusive = "false" was read with bool(): true, and the bands were checked on the flipped edge.
    text = MINIMAL.replace("lower_inclusive = true", 'lower_inclusive = "false"', 1)
    assert text != MINIMAL
    with pytest.raises(RubricError, match=r"lower_inclusive: harus true atau false \(tanpa tanda petik\)"):
        load_rubric(str(write(tmp_path, text)))


def test_a_workbook_given_as_the_rubric_is_named_as_one(tmp_path: Path) -> None:
    # A unit's LKE given as --rubric was "bukan teks UTF-8 (bita 0xd5 di baris 1)", with Notepad's hint.
    book = tmp_path / "DINKES.xlsx"
    book.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(RubricError, match="adalah buku kerja Excel, bukan berkas rubrik") as refused:
        load_rubric(str(book))
    assert "Notepad" not in (refused.value.hint or "")


def test_a_chain_of_dependencies_too_long_to_score_is_refused_by_the_check(tmp_path: Path) -> None:
    # 1 500 items each gated by the one before passed `rubric check`; every workbook then failed to score,
    # "kesalahan internal: RecursionError".
    items = "".join(
        f'\n[[komponen.area.sub.item]]\ncode = "A.I.1.x{n}"\nquestion = "Butir {n}"\nscale = "YT"\n' for n in range(60)
    )
    chain = "".join(
        f'\n[[dependency]]\nitem = "A.I.1.x{n + 1}"\nkind = "scale"\nsource = "A.I.1.x{n}"\n' for n in range(59)
    )
    text = MINIMAL.replace('\n[[komponen]]\ncode = "B"', items + '\n[[komponen]]\ncode = "B"', 1) + chain
    assert text.count("A.I.1.x59") == 2
    with pytest.raises(RubricError) as info:
        load_rubric(str(write(tmp_path, text)))
    assert (
        "dependency: rantai ketergantungan 60 butir (A.I.1.x59 → … → A.I.1.x0); paling panjang 50" in info.value.message
    )


def test_two_gates_on_one_pair_that_differ_are_no_twins(tmp_path: Path) -> None:
    # One scored, one only checked (or on other answers): refused as "sama dengan dependency[0]", whose hint
    # ("hapus salah satu") deleted a real rule. Only a scale written twice scales twice.
    extra = '\n[[dependency]]\nitem = "A.I.1.b"\nkind = "zero_when"\nsource = "A.I.1.a"\nanswers = ["Tidak"]\nenforce = "check"\n'
    rubric = load_rubric(str(write(tmp_path, MINIMAL + extra)))
    assert [d.enforce for d in rubric.dependencies] == ["score", "check"]


def test_a_cycle_closing_a_long_chain_is_named_not_a_recursion_error(tmp_path: Path) -> None:
    # At 1 500 items (before dependencies were bounded to 500): "isi rubrik tidak sah (RecursionError: …)". A long
    # cycle is named shortened, with its length.
    items = "".join(
        f'\n[[komponen.area.sub.item]]\ncode = "A.I.1.x{n}"\nquestion = "Butir {n}"\nscale = "YT"\n' for n in range(450)
    )
    chain = "".join(
        f'\n[[dependency]]\nitem = "A.I.1.x{n + 1}"\nkind = "scale"\nsource = "A.I.1.x{n}"\n' for n in range(449)
    )
    chain += '\n[[dependency]]\nitem = "A.I.1.x0"\nkind = "scale"\nsource = "A.I.1.x449"\n'
    text = MINIMAL.replace('\n[[komponen]]\ncode = "B"', items + '\n[[komponen]]\ncode = "B"', 1) + chain
    with pytest.raises(RubricError) as info:
        load_rubric(str(write(tmp_path, text)))
    assert "siklus ketergantungan: A.I.1.x0 → A.I.1.x449 → A.I.1.x448" in info.value.message, info.value.message
    assert "(450 butir)" in info.value.message


def test_predikat_codes_countif_takes_for_one_are_refused(tmp_path: Path) -> None:
    # "I" beside "ı" (dotless i): LibreOffice's COUNTIF counted both bands' units in each; casefold keeps them apart.
    text = MINIMAL.replace('code = "Baik"', 'code = "I"').replace('code = "Kurang"', 'code = "ı"')
    with pytest.raises(RubricError, match="predikat 'ı' ganda \\(sama dengan 'I'\\)"):
        load_rubric(str(write(tmp_path, text)))


def test_an_item_gating_too_many_is_refused_by_the_check(tmp_path: Path) -> None:
    # One item gating 3 000 passed; the action list of one blank workbook then took 47 s (quadratic).
    items = "".join(
        f'\n[[komponen.area.sub.item]]\ncode = "A.I.1.x{n}"\nquestion = "Butir {n}"\nscale = "YT"\n' for n in range(60)
    )
    gated = "".join(f'\n[[dependency]]\nitem = "A.I.1.x{n}"\nkind = "scale"\nsource = "A.I.1.a"\n' for n in range(60))
    text = MINIMAL.replace('\n[[komponen]]\ncode = "B"', items + '\n[[komponen]]\ncode = "B"', 1) + gated
    with pytest.raises(RubricError, match="butir A.I.1.a prasyarat bagi 61 butir; paling banyak 50"):
        load_rubric(str(write(tmp_path, text)))


def test_checked_gates_and_the_number_of_dependencies_are_bounded_too(tmp_path: Path) -> None:
    # A chain of 3 000 checked gates passed (only scored ones were counted): one workbook then took 50 s; 30
    # layers of 40 items each scaled by the layer before passed too: 164 s.
    items = "".join(
        f'\n[[komponen.area.sub.item]]\ncode = "A.I.1.x{n}"\nquestion = "Butir {n}"\nscale = "YT"\n' for n in range(60)
    )
    gates = "".join(
        f'\n[[dependency]]\nitem = "A.I.1.x{n + 1}"\nkind = "zero_when"\nsource = "A.I.1.x{n}"\nanswers = ["Tidak"]'
        '\nenforce = "check"\n'
        for n in range(59)
    )
    text = MINIMAL.replace('\n[[komponen]]\ncode = "B"', items + '\n[[komponen]]\ncode = "B"', 1)
    with pytest.raises(RubricError, match="rantai ketergantungan 60 butir"):
        load_rubric(str(write(tmp_path, text + gates)))
    many = "".join(
        f'\n[[dependency]]\nitem = "A.I.1.x{n % 60}"\nkind = "zero_when"\nsource = "A.I.1.x{(n // 60 + n % 60 + 1) % 60}"'
        f'\nanswers = ["Tidak"]\nenforce = "check"\nnote = "{n}"\n'
        for n in range(501)
    )
    with pytest.raises(RubricError, match="502 ketergantungan; paling banyak 500"):
        load_rubric(str(write(tmp_path, text + many)))
