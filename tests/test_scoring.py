"""Scales, dependency kinds and predikat boundaries, as case tables."""

from __future__ import annotations

import pytest

from pmprb_cli.models import Answer, Rubric, Submission
from pmprb_cli.rubric import load_rubric, parse_choice, parse_number
from pmprb_cli.scoring import predikat_for, score

from .factories import best_answers


def submission(answers: dict[str, object]) -> Submission:
    return Submission(
        file="x.xlsx",
        sheet="LKE",
        layout="template",
        unit_name="Dinas X",
        unit_code="X",
        period="2022-06",
        answers={
            c: Answer(code=c, raw=v, sheet="LKE", cell=f"J{n + 7}", row=n + 7)
            for n, (c, v) in enumerate(answers.items())
        },
        sha256="0",
    )


@pytest.mark.parametrize(
    ("scale", "typed", "canonical"),
    [
        ("YT", "Ya", "Ya"),
        ("YT", "ya", "Ya"),
        ("YT", "YA ", "Ya"),
        ("YT", "Y", "Ya"),
        ("YT", " y.", "Ya"),
        ("YT", "Tidak", "Tidak"),
        ("YT", "tidak", "Tidak"),
        ("YT", "T", "Tidak"),
        ("YT", "tdk", "Tidak"),
        ("YT", "mungkin", None),
        ("YT", "", None),
        ("YT", 1.0, None),
        ("ABC", "a", "A"),
        ("ABC", "B", "B"),
        ("ABC", "(c)", "C"),
        ("ABC", "c.", "C"),
        ("ABC", "D", None),
        ("ABCD", "d", "D"),
        ("ABCD", " C ", "C"),
        ("ABCD", "E", None),
        ("ABCDE", "e", "E"),
        ("ABCDE", "b", "B"),
        ("ABCDE", "F", None),
        ("OPINI", "WTP", "Wajar Tanpa Pengecualian"),
        ("OPINI", "wdp", "Wajar Dengan Pengecualian"),
        ("OPINI", "WTP-DPP", "WTP-Dengan Paragraph Penjelas"),
        ("OPINI", "tidak wajar", "Tidak Wajar"),
        ("YT", "Ya\u200b", "Ya"),  # a zero-width space pasted after it
        ("ABCD", "“A”", "A"),  # quotes a word processor curled, pasted from Word
        ("YT", "‘Tidak’", "Tidak"),
        ("YT", "\ufeffTidak", "Tidak"),
        ("YT", "Ｙａ", "Ya"),  # fullwidth letters
        ("ABC", "Ｂ", "B"),
        ("ABC", "©", "C"),  # "(c)" as Excel and LibreOffice AutoCorrect it
        ("ABCDE", " € ", "E"),  # "(e)" as Excel AutoCorrects it
        ("YT", "©", None),
    ],
)
def test_choice_spellings(rubric_2014: Rubric, scale: str, typed: object, canonical: str | None) -> None:
    assert parse_choice(rubric_2014.scales[scale], typed) == canonical


@pytest.mark.parametrize(
    ("scale", "values"),
    [
        ("YT", {"Ya": 1, "Tidak": 0}),
        ("ABC", {"A": 1, "B": 0.5, "C": 0}),
        ("ABCD", {"A": 1, "B": 0.67, "C": 0.33, "D": 0}),
        ("ABCDE", {"A": 1, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0}),
        (
            "OPINI",
            {
                "Wajar Tanpa Pengecualian": 3,
                "WTP-Dengan Paragraph Penjelas": 2.5,
                "Wajar Dengan Pengecualian": 2,
                "Tidak Memberikan Pendapat": 1.5,
                "Tidak Wajar": 1,
                "Tidak Memiliki Laporan Keuangan": 0,
            },
        ),
    ],
)
def test_scale_values(rubric_2014: Rubric, scale: str, values: dict[str, float]) -> None:
    assert dict(rubric_2014.scales[scale].values) == values


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("3,8", 3.8),
        ("70.05", 70.05),
        (" 4 ", 4.0),
        (3, 3.0),
        ("x", None),
        (True, None),
        # Shown as the "85" and "1 234" that were read, each was E404 and counted 0: a zero-width space pasted
        # before it, an apostrophe kept as a character (an export forcing text), a no-break space from a PDF.
        ("\u200b85", 85.0),
        ("'85", 85.0),
        ("'3,5", 3.5),
        ("1\u00a0234", 1234.0),
        ("\u202f12,5\u00a0", 12.5),
        ("''85", None),
        ("8'5", None),
        # A space groups thousands only in threes: "61 4" was 614, "di luar rentang 0–100" (E403), not E404.
        ("61 4", None),
        ("6 14", None),
        ("1 234 567", 1234567.0),
        ("12 500,5", 12500.5),
        ("1  234", None),
        ("’1 234", 1234.0),  # (autocorrect's apostrophe before a grouped number, as before "61 4" was refused)
        # A 400-digit whole number, read as an int by the fallback reader: OverflowError, the file dropped (E109).
        (10**400, None),
    ],
)
def test_numbers(typed: object, number: float | None) -> None:
    assert parse_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "count", "number"),
    [
        ("1.250", 1250.0, 1.25),  # a count has no fraction: 1.250 is a thousand two hundred and fifty
        ("1,250", 1250.0, 1.25),
        # Grouping that can only be grouping (both separators, or one twice) is read as the number it is, so
        # that 1.234,5 on a 0-100 scale is said to be beyond it (E403), not "bukan angka" (E404).
        ("12.500.000", 12_500_000.0, 12_500_000.0),
        ("12,500,000", 12_500_000.0, 12_500_000.0),
        ("1.234,5", 1234.5, 1234.5),
        ("1,234.5", 1234.5, 1234.5),
        ("1.234.567,89", 1234567.89, 1234567.89),
        ("-1.234,5", -1234.5, -1234.5),
        ("1.23,4", None, None),
        ("0.123,4", None, None),
        ("1,234,5", None, None),
        ("1.234.5", None, None),
        ("1 250", 1250.0, 1250.0),
        ("3,8", 3.8, 3.8),  # not grouped in threes: the decimal comma, read as elsewhere (and then refused)
        ("1.250,5", 1250.5, 1250.5),  # (a count: then E412, not whole)
        ("0.750", 0.75, 0.75),  # not a grouped thousand: a leading 0 group is a decimal
        ("+1.250", 1250.0, 1.25),
        ("1.25.0", None, None),
        ("1\u00a0250", 1250.0, 1250.0),
        ("'12", 12.0, 12.0),
    ],
)
def test_a_count_reads_grouped_thousands(typed: str, count: float | None, number: float | None) -> None:
    assert parse_number(typed, whole=True) == count
    assert parse_number(typed) == number


@pytest.mark.parametrize(
    ("index", "predikat"),
    [
        (100.0, "AA"),
        (90.01, "AA"),
        (90.005, "AA"),
        (90.0, "A"),
        (90.004, "A"),
        (89.999, "A"),
        (80.0, "BB"),
        (80.01, "A"),
        (70.0, "B"),
        (70.01, "BB"),
        (60.0, "CC"),
        (60.01, "B"),
        (50.0, "C"),
        (50.01, "CC"),
        (30.0, "D"),
        (30.01, "C"),
        (0.0, "D"),
        (71.406286, "BB"),
    ],
)
def test_predikat_boundaries(rubric_2014: Rubric, index: float, predikat: str) -> None:
    assert predikat_for(rubric_2014, index).code == predikat


def test_best_is_100_and_worst_is_0(rubric_2014: Rubric) -> None:
    best = score(submission(best_answers(rubric_2014)), rubric_2014)
    assert best.index == pytest.approx(100.0, abs=1e-9) and best.predikat == "AA" and not best.findings
    worst_answers = {
        i.code: "Tidak" if rubric_2014.scales[i.scale].choices[0] == "Ya" else rubric_2014.scales[i.scale].choices[-1]
        for i in rubric_2014.items()
    }
    worst_answers.update(
        {"B.I.1": 0, "B.I.2": 0, "B.II.1": 0, "B.II.2": "Tidak Memiliki Laporan Keuangan", "B.III.1": 0}
    )
    worst = score(submission(worst_answers), rubric_2014)
    assert worst.index == 0.0 and worst.predikat == "D"


def test_zero_when_dependency(rubric_2014: Rubric) -> None:
    answers = best_answers(rubric_2014)
    answers["A.I.2.a"] = "Tidak"
    card = score(submission(answers), rubric_2014)
    items = {i.code: i.value for i in card.items}
    assert items["A.I.2.d"] == 0 and items["A.I.2.e"] == 0
    assert items["A.I.2.b"] == 1 and items["A.I.2.c"] == 1  # gated only as a check, not in the score
    assert {f.item for f in card.findings if f.code == "PMPRB-W405"} == {"A.I.2.b", "A.I.2.c"}
    sub = {n.code: n.score for n in card.nodes}["A.I.2"]
    assert sub == pytest.approx((0 + 1 + 1 + 0 + 0) / 5 * 1)


def test_the_previous_year_blocks_gates_are_checked_along_their_chain(rubric_2014: Rubric) -> None:
    # W148 (WBS implemented) tests W147=0, and W147 is 0 when WBS is not there (V146 = Tidak): with a = Tidak
    # the unit claimed b–e in full and nothing was said. Each is said once, at the answer that causes it.
    answers = best_answers(rubric_2014)
    answers["A.VII.4.a"] = "Tidak"
    card = score(submission(answers), rubric_2014)
    said = {f.item: f.message for f in card.findings if f.code == "PMPRB-W405"}
    assert set(said) == {"A.VII.4.b", "A.VII.4.c", "A.VII.4.d", "A.VII.4.e"}
    assert all("padahal A.VII.4.a = Tidak" in m for m in said.values())
    items = {i.code: i.value for i in card.items}
    assert [items[f"A.VII.4.{x}"] for x in "bcde"] == [1, 1, 1, 1]  # checked, never scored
    # A gate in the middle: b = D leaves c out, and d and e after it; a and b themselves are consistent.
    answers["A.VII.4.a"], answers["A.VII.4.b"] = "Ya", "D"
    card = score(submission(answers), rubric_2014)
    said = {f.item: f.message for f in card.findings if f.code == "PMPRB-W405"}
    assert set(said) == {"A.VII.4.c", "A.VII.4.d", "A.VII.4.e"}
    assert all("padahal A.VII.4.b = D" in m for m in said.values())
    # Answered at their lowest, the items after an unmet gate are consistent: nothing to say.
    answers.update({"A.VII.4.c": "Tidak", "A.VII.4.d": "C", "A.VII.4.e": "D"})
    assert not [f for f in score(submission(answers), rubric_2014).findings if f.code == "PMPRB-W405"]


def test_scale_dependency_chains(rubric_2014: Rubric) -> None:
    answers = best_answers(rubric_2014)
    answers["A.V.4.b"] = "C"  # 0.33 → c, d, e (all Ya) are scaled by the chain 0.33 × 1 × 1
    card = score(submission(answers), rubric_2014)
    items = {i.code: i.value for i in card.items}
    assert items["A.V.4.c"] == pytest.approx(0.33) and items["A.V.4.e"] == pytest.approx(0.33)
    answers["A.VIII.4.a"] = "B"
    answers["A.VIII.4.c"] = "B"
    items = {i.code: i.value for i in score(submission(answers), rubric_2014).items}
    assert items["A.VIII.4.b"] == pytest.approx(0.5) and items["A.VIII.4.c"] == pytest.approx(0.67 * 0.5)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("", "PMPRB-E401"), (None, "PMPRB-E401"), ("Mungkin", "PMPRB-E402")],
)
def test_missing_or_invalid_answer_counts_zero_with_a_finding(rubric_2014: Rubric, raw: object, code: str) -> None:
    answers = best_answers(rubric_2014)
    answers["A.I.1.a"] = raw
    card = score(submission(answers), rubric_2014)
    assert {i.code: i.value for i in card.items}["A.I.1.a"] == 0
    assert [(f.code, f.item, f.cell) for f in card.findings] == [(code, "A.I.1.a", "J7")]


@pytest.mark.parametrize("raw", [None, "", "banyak", -5])
def test_a_missing_or_invalid_number_counts_zero(raw: object) -> None:
    # Only choice items and indicators were tried: a blank numeric item scoring full marks passed every test.
    rubric = load_rubric("pmprb-2020")
    answers = best_answers(rubric)
    answers["A.III.3.i.a"] = raw
    card = score(submission(answers), rubric)
    assert {i.code: i.value for i in card.items}["A.III.3.i.a"] == 0
    assert card.index == pytest.approx(100 - 1.5, abs=1e-9)  # (its weight in the index)
    assert {f.item for f in card.findings} == {"A.III.3.i.a"}


def _percent_item(rubric: Rubric) -> tuple[str, str, str]:
    """A percentage item of one count over another: its code, numerator and denominator codes."""
    item = next(
        i
        for i in rubric.items()
        if i.computed and i.formula != "decrease" and len(i.numerator) == len(i.denominator) == 1
    )
    return item.code, item.numerator[0], item.denominator[0]


def test_a_percentage_is_capped_at_100_and_rounded_half_up() -> None:
    # 9 of 3 pegawai was worth 300 % once the cap was gone; 1 of 8 rounded to even is 0,12, not the form's 0,13.
    rubric = load_rubric("pmprb-2020")
    code, top, bottom = _percent_item(rubric)
    best = score(submission(best_answers(rubric)), rubric)
    answers = best_answers(rubric)
    answers.update({top: 9, bottom: 3})
    over = score(submission(answers), rubric)
    assert {i.code: i.value for i in over.items}[code] == 1.0 and over.index == pytest.approx(best.index)
    assert "PMPRB-W414" in {f.code for f in over.findings}
    answers.update({top: 1, bottom: 8})
    eighth = score(submission(answers), rubric)
    assert {i.code: i.value for i in eighth.items}[code] == pytest.approx(0.13)


def test_a_zi_area_shown_below_its_minimum_fails_wbk() -> None:
    # A.II.3 at 1,49 + … shown 2,99 against 60 % × 5,00 = 3,00: WBK passed once the comparison was loosened.
    rubric = load_rubric("zi-2021")
    answers = best_answers(rubric)
    answers.update({"A.II.3.i.a": "A", "A.II.3.ii.a": "C", "A.II.3.iii.a.n1": 200, "A.II.3.iii.a.n2": 51})
    answers["A.II.3.iii.a.n3"] = 0
    card = score(submission(answers), rubric)
    wbk = next(v for v in card.verdicts if v.code == "WBK")
    assert not wbk.passed and any("3,00" in u and "A.II" in u for u in wbk.unmet), wbk.unmet


def test_grades_derived_from_their_criteria_are_not_counted_as_asked() -> None:
    # LKE AKIP with every grade left blank (derived): the rekap's "Butir dinilai / dijawab" read 92/92, not 80/80.
    rubric = load_rubric("sakip-2021")
    answers = {i.code: "Ya" for i in rubric.items()}
    card = score(submission(answers), rubric)
    assert card.asked == len(answers) == 80


@pytest.mark.parametrize(
    ("raw", "code"), [(120, "PMPRB-E403"), (-1, "PMPRB-E403"), ("tujuh puluh", "PMPRB-E404"), ("", "PMPRB-E401")]
)
def test_bad_hasil_numbers_are_reported(rubric_2014: Rubric, raw: object, code: str) -> None:
    answers = best_answers(rubric_2014)
    answers["B.I.1"] = raw
    card = score(submission(answers), rubric_2014)
    assert card.hasil == pytest.approx(40 - 14)
    assert [f.code for f in card.findings] == [code]


def test_hasil_conversions(rubric_2014: Rubric) -> None:
    answers = best_answers(rubric_2014)
    answers.update({"B.I.1": 70.05, "B.I.2": "3,8", "B.II.1": 3.31, "B.II.2": "WTP", "B.III.1": 3.117})
    card = score(submission(answers), rubric_2014)
    assert card.hasil == pytest.approx(30.952, abs=1e-12)


@pytest.mark.parametrize(
    ("raw", "guess"),
    [("Tdak", "Tidak"), ("YA,", None), ("A,", "A"), (" b) ", "B"), ("YA", None), ("AB", None), ("Aa", None)],
)
def test_a_near_miss_is_guessed_only_where_it_is_one(raw: str, guess: str | None) -> None:
    # "YA" typed on an A/B/C item was answered "mungkin maksudnya 'A'": a yes is not a mistyped A.
    from pmprb_cli.scoring import _choices_hint

    zi = load_rubric("zi-2021")
    scale = zi.scales["YT"] if raw == "Tdak" else zi.scales["ABC"]
    hint = _choices_hint(scale, raw)
    assert hint.endswith(f"(mungkin maksudnya '{guess}')") if guess else "mungkin" not in hint


@pytest.mark.parametrize(
    ("raw", "guess"),
    [
        ("ya ada", "Ya"),  # (nearest, whole, to the spelling "tidak ada": the opposite was suggested)
        ("iya ada", "Ya"),
        ("Ya  ada", "Ya"),
        ("yaa ada", None),  # (its first word near Ya, the whole near "tidak ada": no guess)
        ("tdak ada", "Tidak"),
        ("ya tidak", None),
        ("B -", "B"),  # (the letter, a space and a dash, as option lists are written)
        ("YA ADA", None),
        ("e-Kinerja sudah diterapkan", None),  # (its first word is no E: the lowest grade was suggested)
        ("D-3 keperawatan", None),
    ],
)
def test_a_choice_opening_a_phrase_is_the_guess_not_the_nearest_whole_spelling(raw: str, guess: str | None) -> None:
    # "ya ada" typed for yes was told "mungkin maksudnya 'Tidak'": an operator following it lost the point.
    from pmprb_cli.scoring import _choices_hint

    zi = load_rubric("zi-2021")
    scale = zi.scales["ABC"] if raw in ("B -", "YA ADA") else zi.scales["YT"]
    if raw[:2] in ("e-", "D-"):
        scale = next(s for s in load_rubric("pmprb-2020").scales.values() if s.choices[:5] == ("A", "B", "C", "D", "E"))
    hint = _choices_hint(scale, raw)
    assert hint.endswith(f"(mungkin maksudnya '{guess}')") if guess else "mungkin" not in hint, hint


@pytest.mark.parametrize(
    ("raw", "guess"),
    [
        ("WTP dg paragraf penjelas", "WTP-Dengan Paragraph Penjelas"),  # (not WTP: 3 for 2,5 if followed)
        ("wtp dgn pp", "WTP-Dengan Paragraph Penjelas"),
        ("WTP saja", "Wajar Tanpa Pengecualian"),  # (nothing nearer another choice: its first word's)
        ("Wajar", None),  # (the opposite, "Tidak Wajar", was suggested)
        ("Tidak wajr", "Tidak Wajar"),
        ("WTP tanpa paragraf penjelas", "Wajar Tanpa Pengecualian"),  # (was WTP-DPP: 2,5 for 3; diffrev23)
    ],
)
def test_a_guess_never_suggests_an_opinion_the_words_typed_do_not_say(raw: str, guess: str | None) -> None:
    # Opini typed "WTP dg paragraf penjelas" was told "mungkin maksudnya 'Wajar Tanpa Pengecualian'" (operrev).
    from pmprb_cli.scoring import _choices_hint

    hint = _choices_hint(load_rubric("pmprb-2020").scales["OPINI"], raw)
    assert hint.endswith(f"(mungkin maksudnya '{guess}')") if guess else "mungkin" not in hint, hint


@pytest.mark.parametrize(
    ("scale", "raw", "guess"),
    [
        ("YT", "√", "Ya"),  # (a tick typed for yes: only "Gunakan salah satu pilihan" was said; operrev)
        ("YT", "✓", "Ya"),
        ("YT", "v", "Ya"),
        ("ABC", "Nilai B", "B"),
        ("ABC", "huruf B", "B"),
        ("ABC", "√", None),  # (no yes among A/B/C)
        ("ABC", "Nilai", None),
        ("ABC", "Nilai Baik", None),
        ("YT", "Blm", "Tidak"),  # (a negation abbreviated is still one of the spelling's: lost once; diffrev24)
        ("YT", "tdk ada", "Tidak"),
    ],
)
def test_a_tick_and_a_named_letter_are_guessed(scale: str, raw: str, guess: str | None) -> None:
    from pmprb_cli.scoring import _choices_hint

    hint = _choices_hint(load_rubric("zi-2021").scales[scale], raw)
    assert hint.endswith(f"(mungkin maksudnya '{guess}')") if guess else "mungkin" not in hint, hint


def test_a_percentage_with_a_mistyped_count_is_invalid_not_blank() -> None:
    # Jumlah typed as '12 orang' made the % row "kosong" in the Jawaban sheet beside its filled counts.
    rubric = load_rubric("pmprb-2020")
    answers = best_answers(rubric)
    typed = dict(answers, **{"A.III.1.i.b.n1": "12 orang"})
    blank = {c: v for c, v in answers.items() if c != "A.III.1.i.b.n1"}
    status = {}
    for name, given in (("typed", typed), ("blank", blank)):
        card = score(submission(given), rubric)
        status[name] = next(i.status for i in card.items if i.code == "A.III.1.i.b")
    assert status == {"typed": "invalid", "blank": "missing"}


@pytest.mark.parametrize(
    ("code", "typed", "meant"),
    [
        ("A.I.1.a", "A. Seluruh tugas dan fungsi", "A"),
        ("A.I.1.b", "b) Sebagian besar unit", "B"),
        ("A.I.2.a", "Ya, apabila proses seleksi jelas", "Ya"),
        ("A.I.1.a", "Ada. Banyak", None),  # a word, not a choice, opens it
        ("A.I.1.a", "A - Seluruh tugas dan fungsi", "A"),  # (the option pasted with a dash)
        ("A.I.2.a", "Ya (ada SK)", "Ya"),  # (a note in brackets after the choice)
        ("A.I.2.a", "Yakin", None),
    ],
)
def test_an_option_text_copied_whole_suggests_its_choice(code: str, typed: str, meant: str | None) -> None:
    # The template's option texts invite copying "a. Telah membentuk …"; only '“Ya”' got a suggestion.
    rubric = load_rubric("lke-rb-2014")
    answers = dict(best_answers(rubric), **{code: typed})
    [said] = [f for f in score(submission(answers), rubric).findings if f.code == "PMPRB-E402"]
    assert ("mungkin maksudnya" in said.hint) == (meant is not None)
    if meant:
        assert said.hint.endswith(f"(mungkin maksudnya '{meant}').")


def test_two_choices_in_one_cell_are_not_guessed_as_the_first(rubric_2014: Rubric) -> None:
    # "A, B" was told "mungkin maksudnya 'A'": which one was meant cannot be told.
    answers = best_answers(rubric_2014)
    code = next(c for c, s in rubric_2014.item_scales().items() if s.choices == ("A", "B", "C", "D"))
    for typed, hint in (
        ("A, B", "(satu saja)"),
        ("B/C", "(satu saja)"),
        ("A, sesuai SK", "(mungkin maksudnya 'A')"),
        ("A - B", "(satu saja)"),  # (a dash between two choices is no option pasted with its text)
        ("A (C)", "(satu saja)"),
    ):
        answers[code] = typed
        [said] = [f for f in score(submission(answers), rubric_2014).findings if f.code == "PMPRB-E402"]
        assert f"A / B / C / D {hint}" in said.hint, (typed, said.hint)


@pytest.mark.parametrize("rubric_id", ["lke-rb-2014", "pmprb-2020"])  # (the rubrics with scored zeroing gates)
def test_a_blank_or_invalid_gate_never_scores_above_its_zeroing_answer(rubric_id: str) -> None:
    # Road Map a left blank (or "Tidak (belum ada)") kept d and e whole: 0,13 above the honest "Tidak". A missing
    # answer counts 0, its worst: what it gates counts 0 as under that answer.
    from pmprb_cli.rubric import load_rubric

    rubric = load_rubric(rubric_id)
    gates = [d for d in rubric.dependencies if d.enforce == "score" and d.kind == "zero_when"]
    assert gates
    for dep in gates:
        answers = best_answers(rubric)
        honest = score(submission({**answers, dep.source: dep.answers[0]}), rubric).index
        for entry in ("", "Tidak (belum ada)"):
            entered = score(submission({**answers, dep.source: entry}), rubric)
            assert entered.index <= honest + 1e-9, (dep.source, entry, entered.index, honest)
            assert {i.value for i in entered.items if i.code == dep.item} == {0.0}, (dep.item, entry)
