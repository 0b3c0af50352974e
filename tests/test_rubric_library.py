"""The rubric library: each rubric's best scores 100, worst 0, and a hand-worked mixed example matches."""

from __future__ import annotations

import pytest

from pmprb_cli.models import Rubric
from pmprb_cli.rubric import load_rubric, shipped_rubrics
from pmprb_cli.scoring import score

from .factories import best_answers, worst_answers
from .test_scoring import submission


@pytest.mark.parametrize("rid", sorted(shipped_rubrics()))
def test_best_is_100_and_worst_is_0(rid: str) -> None:
    rubric = load_rubric(rid)
    best = score(submission(best_answers(rubric)), rubric)
    assert best.index == pytest.approx(rubric.index_max, abs=1e-9)
    assert not [f for f in best.findings if f.severity.value != "info"]
    worst = score(submission(worst_answers(rubric)), rubric)
    assert worst.index == pytest.approx(0.0, abs=1e-9)
    assert best.predikat == "AA" and worst.predikat == "D"


@pytest.mark.parametrize("rid", ["pmprb-2020", "zi-2021", "sakip-2021"])
def test_weights_add_up_and_adapted_nodes_say_so(rid: str) -> None:
    rubric = load_rubric(rid)
    assert sum(r.weight for r in rubric.roots) == pytest.approx(100)
    for node in rubric.nodes():
        assert node.status in ("official", "adapted")
        if node.status == "adapted":
            assert node.note, f"{node.code} is adapted but does not say from what"


def test_pmprb_2020_structure() -> None:
    rubric = load_rubric("pmprb-2020")
    weights = {n.code: n.weight for n in rubric.nodes()}
    assert weights["A.I"] == 20 and weights["A.II"] == 10 and weights["A.III"] == 30 and weights["B"] == 40
    # RUBRICS.md §1.2: w_sub_2020 = w_sub_2014 / w_area_2014 × w_area_2020, stored exactly.
    assert weights["A.I.1.i"] == pytest.approx(0.4)
    assert weights["A.I.5.iv"] == pytest.approx(2.0)
    assert weights["A.I.7.vi"] == pytest.approx(2.5 / 12 * 4)
    assert weights["A.II.2.a"] == 1.0  # Kualitas Kebijakan, official
    assert "A.II.1" not in weights  # Manajemen Perubahan has no hasil antara row
    assert weights["A.III.4.i"] == pytest.approx(3 * 0.5 / 3.5)
    assert {n.code for n in rubric.nodes() if n.status == "official"} >= {"A", "A.I", "A.I.1", "A.II", "A.III", "B"}
    assert all(n.status == "adapted" for n in rubric.nodes() if n.code.startswith("A.III."))


def _mixed_2020(rubric: Rubric) -> dict[str, object]:
    answers = best_answers(rubric)
    # Pemenuhan MP Tim RB (0,4): A, B, C → (1 + 0,67 + 0,33) / 3 × 0,4
    answers.update({"A.I.1.i.a": "A", "A.I.1.i.b": "B", "A.I.1.i.c": "C"})
    # Reform MP Komitmen dalam perubahan (1,5): 8 agents made 6 changes (0,75); 6 changes, 3 integrated (0,5)
    answers.update({"A.III.1.i.a.n1": 8, "A.III.1.i.a.n2": 6, "A.III.1.i.b.n1": 6, "A.III.1.i.b.n2": 3})
    # Hasil: SAKIP 70 → 4,9; WDP → 2
    answers.update({"B.1.a": 70, "B.1.b": "WDP"})
    return answers


@pytest.mark.parametrize(
    ("rubric_id", "code", "counts", "share"),
    [
        # pmprb-2020 rounds a % item's share to 2 decimals, half up, as its ZI source does (PMPRB-2020.md §3.4).
        ("pmprb-2020", "A.III.1.i.a", (3, 2), 0.67),  # 2 changes by 3 agents: 0,6667 → 0,67
        ("pmprb-2020", "A.III.1.i.a", (8, 1), 0.13),  # 0,125 → 0,13 (half up, not to even)
        ("pmprb-2020", "A.III.1.i.a", (200, 1), 0.01),  # 0,005 → 0,01
        ("pmprb-2020", "A.III.5.iii.a", (3, 1), 0.67),  # violations 3 → 1: a decrease of 2/3
        ("pmprb-2020", "A.III.1.i.a", (3, 4), 1.0),  # capped at 1 before and after rounding
        # The official ZI form keeps full precision (K128 = K130/K129).
        ("zi-2021", None, (3, 2), 2 / 3),
    ],
)
def test_percentage_share_is_rounded_as_the_rubric_says(
    rubric_id: str, code: str | None, counts: tuple[int, int], share: float
) -> None:
    rubric = load_rubric(rubric_id)
    item = next(i for i in rubric.items() if i.computed and (i.code == code if code else i.formula == "ratio"))
    answers = best_answers(rubric)
    first, second = (item.numerator[0], item.denominator[0])
    if item.formula == "decrease":  # before, after
        answers.update({first: counts[0], second: counts[1]})
    else:
        answers.update({second: counts[0], first: counts[1]})
    card = score(submission(answers), rubric)
    assert {i.code: i.value for i in card.items}[item.code] == pytest.approx(share, abs=1e-12)


def test_pmprb_2020_hand_worked_mixed_example() -> None:
    rubric = load_rubric("pmprb-2020")
    card = score(submission(_mixed_2020(rubric)), rubric)
    nodes = {n.code: n.score for n in card.nodes}
    assert nodes["A.I.1.i"] == pytest.approx((1 + 0.67 + 0.33) / 3 * 0.4)
    assert nodes["A.III.1.i"] == pytest.approx((0.75 + 0.5) / 2 * 1.5)
    assert nodes["B.1"] == pytest.approx(4.9 + 2)
    lost = (0.4 - (1 + 0.67 + 0.33) / 3 * 0.4) + (1.5 - (0.75 + 0.5) / 2 * 1.5) + (7 - 4.9) + (3 - 2)
    assert card.index == pytest.approx(100 - lost)


@pytest.mark.parametrize(
    ("inputs", "value", "finding"),
    [
        ({"n1": 10, "n2": 4}, 0.6, None),  # (10 − 4) / 10
        ({"n1": 0, "n2": 0}, 1.0, None),  # no violations in either year
        ({"n1": 0, "n2": 3}, 0.0, None),  # none last year, some now: cannot improve on 0
        ({"n1": 4, "n2": 9}, 0.0, None),  # more violations: never negative
        ({"n1": 4}, 0.0, "PMPRB-E401"),  # a count missing is reported
    ],
)
def test_zi_decrease_item(inputs: dict[str, int], value: float, finding: str | None) -> None:
    rubric = load_rubric("zi-2021")
    answers = best_answers(rubric)
    for key in ("n1", "n2"):
        answers.pop(f"A.II.3.iii.a.{key}")
    answers.update({f"A.II.3.iii.a.{k}": v for k, v in inputs.items()})
    card = score(submission(answers), rubric)
    assert {i.code: i.value for i in card.items}["A.II.3.iii.a"] == pytest.approx(value)
    assert [f.code for f in card.findings if f.severity.value != "info"] == ([finding] if finding else [])


def test_zi_zero_denominators_follow_the_rubric() -> None:
    rubric = load_rubric("zi-2021")
    answers = best_answers(rubric)
    answers.update(dict.fromkeys(("A.II.5.ii.a.n1", "A.II.5.ii.a.n2", "A.II.5.ii.a.n3"), 0))  # no complaints: 100 %
    answers.update({"A.II.1.i.a.n1": 0, "A.II.1.i.a.n2": 0})  # no change agents → cannot be computed
    card = score(submission(answers), rubric)
    values = {i.code: i.value for i in card.items}
    assert values["A.II.5.ii.a"] == 1.0
    assert values["A.II.1.i.a"] == 0.0
    # Both said: the rubric's value for an undefined percentage (information), and one it cannot give.
    assert sorted((f.code, f.item) for f in card.findings) == [
        ("PMPRB-I507", "A.II.5.ii.a"),
        ("PMPRB-W406", "A.II.1.i.a"),
    ]


@pytest.mark.parametrize("count", ["A.II.5.ii.a.n2", "A.II.5.ii.a.n3"])
def test_complaints_in_hand_with_none_to_handle_are_said(count: str) -> None:
    # 12 complaints in progress (or handled) of 0 to handle counted 100 % as a month with no complaints, said
    # only as I507 "dihitung 100% menurut aturan rubrik": the contradiction read as a rule followed.
    rubric = load_rubric("zi-2021")
    answers = best_answers(rubric)
    answers.update({"A.II.5.ii.a.n1": 0, "A.II.5.ii.a.n2": 0, "A.II.5.ii.a.n3": 0, count: 12})
    card = score(submission(answers), rubric)
    assert {i.code: i.value for i in card.items}["A.II.5.ii.a"] == 1.0  # the rubric's rule still decides the value
    said = [(f.code, f.value) for f in card.findings if f.item == "A.II.5.ii.a"]
    assert said == [("PMPRB-W414", f"12 ({count})")]


def test_a_count_a_hair_off_whole_is_read_as_the_whole_number() -> None:
    # 3,0000000000000004 (a formula's sum) of 3 agents: "jumlah 3,00 melebihi pembaginya (3)" (PMPRB-W414).
    rubric = load_rubric("zi-2021")
    answers = best_answers(rubric)
    answers.update({"A.II.1.i.a.n1": 3, "A.II.1.i.a.n2": 0.1 + 0.2 + 2.7 + 1e-15})
    assert answers["A.II.1.i.a.n2"] != 3
    card = score(submission(answers), rubric)
    assert {i.code: i.value for i in card.items}["A.II.1.i.a"] == 1.0
    assert [f.code for f in card.findings if f.item == "A.II.1.i.a"] == []


def test_zi_lhkpn_denominator_is_the_sum_of_its_categories() -> None:
    rubric = load_rubric("zi-2021")
    answers = best_answers(rubric)
    answers.update({"A.II.5.iii.2.a.n2": 3, "A.II.5.iii.2.a.n3": 4, "A.II.5.iii.2.a.n4": 6, "A.II.5.iii.2.a.n5": 12})
    card = score(submission(answers), rubric)
    assert {i.code: i.value for i in card.items}["A.II.5.iii.2.a"] == pytest.approx(12 / 13)


def test_zi_verdicts() -> None:
    rubric = load_rubric("zi-2021")
    best = score(submission(best_answers(rubric)), rubric)
    assert [(v.code, v.passed) for v in best.verdicts] == [("WBK", True), ("WBBM", True)]
    answers = best_answers(rubric)
    answers["B.I.a"] = 3.5  # IPAK 3,5 → 15,3125 < 15,75 for both
    answers["B.I.b"] = "C"  # 2,5: enough for WBK, not for WBBM (3,75)
    card = score(submission(answers), rubric)
    verdicts = {v.code: v for v in card.verdicts}
    assert not verdicts["WBK"].passed
    assert verdicts["WBK"].unmet == (
        "B.I Birokrasi yang bersih dan akuntabel 17,81 < 18,25",
        "B.I.a Nilai Survey Persepsi Korupsi (Survei Eksternal) 15,31 < 15,75",
    )
    assert not verdicts["WBBM"].passed
    assert "B.I.b Capaian Kinerja Lebih Baik dari pada Capaian Kinerja Sebelumnya 2,50 < 3,75" in verdicts["WBBM"].unmet
    assert "belum WBK" in verdicts["WBBM"].unmet


def test_sakip_hand_worked_mixed_example() -> None:
    rubric = load_rubric("sakip-2021")
    answers = best_answers(rubric)
    answers["1.a"] = "A"  # graded by the evaluator: 90 % of 6
    del answers["1.b"]  # not graded: derived from criteria
    criteria_1b = [i.code for n in rubric.graded() if n.code == "1.b" for i in n.items]
    for code in criteria_1b[: len(criteria_1b) // 2]:
        answers[code] = "Tidak"  # half met: > 25 % – 50 % → C (50 %)
    card = score(submission(answers), rubric)
    nodes = {n.code: n.score for n in card.nodes}
    assert nodes["1.a"] == pytest.approx(5.4)
    expected_share = 0.5 if len(criteria_1b) % 2 == 0 else 0.6  # exactly half → C; just over half → CC
    assert nodes["1.b"] == pytest.approx(9 * expected_share)
    assert card.index == pytest.approx(100 - 0.6 - 9 * (1 - expected_share))
    assert [(f.code, f.item) for f in card.findings] == [("PMPRB-I501", "1.b")]


@pytest.mark.parametrize(
    ("met", "of", "grade"),
    [(5, 5, "BB"), (4, 5, "B"), (3, 4, "CC"), (2, 4, "C"), (1, 4, "D"), (0, 4, "E"), (3, 5, "CC"), (1, 5, "D")],
)
def test_sakip_grade_derivation_bands(met: int, of: int, grade: str) -> None:
    from pmprb_cli.models import Node

    rubric = load_rubric("sakip-2021")
    node: Node = rubric.graded()[0]
    share = met / of
    derived = next(g for minimum, g in node.derive if share >= minimum - 1e-12)
    assert derived == grade


def test_a_jumlah_typed_with_a_thousands_separator_scores_as_the_number() -> None:
    # '1.250 pegawai wajib lapor' was read as 1,25: the share became 1 and the index rose without a word.
    from pmprb_cli.checks import Context, run_checks

    rubric = load_rubric("pmprb-2020")
    item = next(i for i in rubric.items() if i.code == "A.III.1.i.a")
    bottom, top = item.denominator[0], item.numerator[0]
    as_number, as_text = best_answers(rubric), best_answers(rubric)
    as_number.update({bottom: 1250, top: 1000})
    as_text.update({bottom: "1.250", top: "1.000"})  # 1.250.000 would read 1250000 (W407 shows it whole)
    number_card = score(submission(as_number), rubric)
    text_sub = submission(as_text)
    text_card = score(text_sub, rubric)
    assert {i.code: i.value for i in text_card.items}[item.code] == 0.8
    assert text_card.index == number_card.index
    said = [f for f in run_checks(Context(text_sub, text_card, rubric)) if f.code == "PMPRB-W407"]
    assert sorted(f.message.rsplit(" ", 1)[1] for f in said) == ["1000.", "1250."]  # "… dibaca sebagai 1250."


def test_w407_shows_a_large_count_whole() -> None:
    from pmprb_cli.checks import Context, run_checks

    rubric = load_rubric("pmprb-2020")
    item = next(i for i in rubric.items() if i.code == "A.III.1.i.a")
    answers = best_answers(rubric)
    answers.update({item.denominator[0]: "1.234.567", item.numerator[0]: 1000})
    sub = submission(answers)
    said = [f.message for f in run_checks(Context(sub, score(sub, rubric), rubric)) if f.code == "PMPRB-W407"]
    assert len(said) == 1 and said[0].endswith("dibaca sebagai 1234567.")  # not 1,23457e+06
