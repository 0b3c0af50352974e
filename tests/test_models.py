"""The domain records stay frozen, hashable and value-compared with their quicker ``__init__``."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmprb_cli.models import Answer, Finding, ItemScore, NodeScore, Severity, quick_init


def test_quick_init_keeps_dataclass_semantics() -> None:
    made = Answer("A.I.1.a", "Ya", "LKE", "K14", 14, evidence="https://bukti")
    same = Answer(code="A.I.1.a", raw="Ya", sheet="LKE", cell="K14", row=14, evidence="https://bukti")
    assert made == same and hash(made) == hash(same)
    assert made.question == "" and made.cached_value is None  # defaults applied
    assert dataclasses.replace(made, raw="Tidak").raw == "Tidak"
    assert pickle.loads(pickle.dumps(made)) == made
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.raw = "Tidak"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Answer("A.I.1.a", "Ya", "LKE")  # type: ignore[call-arg]
    finding = Finding("PMPRB-E401", Severity.ERROR, "f.xlsx", "pesan", cell="K14")
    assert finding.hint == "" and finding.cell == "K14"
    assert NodeScore("A", "Pengungkit", "komponen", 60.0, 30.0).score == 30.0
    assert ItemScore("A.I.1.a", "A", 1.0, "ok").status == "ok"


def test_quick_init_refuses_what_it_cannot_build() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        items: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError):
        quick_init(WithFactory)


@quick_init
@dataclasses.dataclass(frozen=True, slots=True)
class _OneField:
    code: str


def test_quick_init_records_pickle_as_their_field_values() -> None:
    records = [
        Answer("A.I.1.a", 3.5, "LKE", "K14", 14, cached_value=1.0, is_formula=True),
        Finding("PMPRB-W410", Severity.WARNING, "f.xlsx", "pesan", "saran", "LKE", "K14", "A.I.1.a", "x"),
        _OneField("A"),
    ]
    for record in records:
        for protocol in (2, pickle.HIGHEST_PROTOCOL):
            copy = pickle.loads(pickle.dumps(record, protocol=protocol))
            assert copy == record and type(copy) is type(record)
            assert dataclasses.astuple(copy) == dataclasses.astuple(record)
    # Rebuilt through the class itself: the reduced form names the class and every field in order (records of
    # several fields through _rebuilt, which interns their texts: equal texts of many results are one object).
    assert records[2].__reduce__() == (_OneField, ("A",))
    assert records[0].__reduce__()[1] == (Answer, dataclasses.astuple(records[0]))
    first, second = (pickle.loads(pickle.dumps(Answer("A.I.1." + "a", 1.0, "LKE", "K14", 14))) for _ in range(2))
    assert first.code is second.code


@quick_init
@dataclasses.dataclass(frozen=True, slots=True)
class _NoField:
    pass


class _Subclass(_OneField):
    __slots__ = ()


def test_quick_init_pickles_subclasses_as_themselves_and_records_without_fields() -> None:
    copy = pickle.loads(pickle.dumps(_Subclass("B")))
    assert type(copy) is _Subclass and copy == _Subclass("B")
    assert pickle.loads(pickle.dumps(_NoField())) == _NoField()


def test_a_difference_is_the_difference_of_the_numbers_as_shown() -> None:
    from pmprb_cli.models import shown_difference

    # 75,0251 and 70,2549 show as 75,03 and 70,25: +4,78 (the unrounded 4,7702 would show as 4,77).
    assert shown_difference(75.0251, 70.2549, 2) == pytest.approx(4.78, abs=1e-12)
    assert shown_difference(70.005, 70.004, 2) == pytest.approx(0.01, abs=1e-12)  # 70,01 − 70,00
    assert shown_difference(1.0, 1.0, 2) == 0.0


def test_the_noise_of_float_arithmetic_does_not_round_a_half_down() -> None:
    # Exactly 16001/200 = 80,005 was computed as 80.00499999999998: shown 80,00 and banded BB, where the
    # rule (half up) and the regulation (> 80) both give 80,01 and A.
    from pmprb_cli.models import format_id, rounded_half_up
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.scoring import predikat_for

    computed = 80.00499999999998  # (as the sum of that workbook came out)
    assert computed != 80.005 and abs(computed - 80.005) < 1e-12
    assert format_id(computed) == "80,01" and predikat_for(load_rubric("lke-rb-2014"), computed).code == "A"
    assert str(rounded_half_up(70.0049, 2)) == "70.00" and str(rounded_half_up(8.125, 2)) == "8.13"
    assert str(rounded_half_up(1e300, 2)).startswith("1000000")  # a huge count typed is shown, not an error
    # A true value 4,5e-10 below the edge (a ZI index of unrounded count ratios, 166094126319/2214736000) is
    # no noise: it showed 75,00 and passed WBK where the spreadsheet showed 74,99.
    from fractions import Fraction

    zi = Fraction(166094126319, 2214736000)
    assert Fraction(74995, 1000) - zi == Fraction(1, 2214736000)
    assert str(rounded_half_up(float(zi), 2)) == "74.99" and format_id(float(zi)) == "74,99"
    # What the rekap writes: LibreOffice shows 60.004999999999995 as 60,00 (beside predikat B), 60.005 as 60,01.
    from pmprb_cli.models import denoised

    assert denoised(60.004999999999995) == 60.005 and denoised(float(zi)) == 74.9949999995


def test_a_gain_that_shows_as_nothing_yet_counts_says_so() -> None:
    # Two steps shown "+0,00" each closed a gap of 0,01 (70,004 → 70,0055 reached BB).
    from pmprb_cli.models import format_gain

    assert format_gain(0.0015) == "< +0,01" and format_gain(0.005) == "+0,01" and format_gain(1.5) == "+1,50"
    assert format_gain(0.0) == "+0,00"


def _denoised_by_decimal(value: float) -> float:
    """models.denoised as it was first written: the shortest repr, quantized at 10 decimals, half to even."""
    from decimal import ROUND_HALF_EVEN, Decimal, localcontext

    with localcontext(prec=340):
        return float(Decimal(repr(value)).quantize(Decimal("1e-10"), ROUND_HALF_EVEN))


@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.floats(min_value=-1000, max_value=1000),
        # a tie at the 11th decimal of the shortest repr, where round() (the binary value) and Decimal differ
        st.builds(lambda k, f: float(f"{k}.{f:010d}5"), st.integers(0, 10**6), st.integers(0, 10**10 - 1)),
    )
)
def test_denoised_is_the_decimal_rounding_of_the_shortest_repr(value: float) -> None:
    # The fast path (round()) must give the very number the Decimal path gives: JSON, CSV and the rekap agree.
    from pmprb_cli.models import denoised

    assert denoised(value) == _denoised_by_decimal(value)
    assert denoised(0.8999999999999999) == 0.9 and denoised(30.441000000000003) == 30.441


def test_a_sheet_name_is_quoted_where_excel_would_not_take_it_plain() -> None:
    # "LKE Dinkes 2022!K195" and "LKE2022!K195" (read by Excel as column LKE, row 2022) were refused by Go To.
    from pmprb_cli.models import sheet_ref

    assert [sheet_ref(s) for s in ("LKE", "Rekap", "Identitas", "ABCD1")] == ["LKE", "Rekap", "Identitas", "ABCD1"]
    assert [sheet_ref(s) for s in ("LKE Dinkes 2022", "LKE2022", "R1C1", "R", "C", "Ca'pai")] == [
        "'LKE Dinkes 2022'",
        "'LKE2022'",
        "'R1C1'",
        "'R'",
        "'C'",
        "'Ca''pai'",
    ]
