"""Score a :class:`Submission` against a :class:`Rubric`: pure arithmetic, no I/O.

The order of every sum follows the official workbook's formulas (sub = SUM/COUNT × bobot, area = SUM of
subs, index = pengungkit + hasil), so results agree with Kemenpan-RB's own to the last float digit.
Cached values in the workbook are never used. A missing or invalid answer counts 0 and always comes with
a finding: pmprb never scores a silent zero.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from pmprb_cli.catalogue import Shown, finding, language, value_of
from pmprb_cli.models import (
    Answer,
    Dependency,
    Finding,
    Item,
    ItemScore,
    Node,
    NodeScore,
    PredikatBand,
    Rubric,
    Scale,
    ScoreCard,
    Submission,
    VerdictResult,
    as_typed,
    format_number,
    fsum,
    rounded_half_up,
)
from pmprb_cli.rubric import normalise_spelling, parse_choice, parse_number, per_rubric

Status = Literal["ok", "missing", "invalid"]
# The scale of a Jumlah input field: a count, never negative.
_COUNT = Scale(id="JUMLAH", title="Jumlah", kind="number", minimum=0.0, maximum=float("inf"))
#: The largest count read as one: every whole number up to it is exact in a float, and sums of a few stay finite.
MOST_COUNTED = 10.0**15


def predikat_for(rubric: Rubric, index: float) -> PredikatBand:
    """The predikat band of an index, after rounding half-up to the rubric's decimals.

    Rounding first keeps the predikat consistent with the index people see: 90.004 shows as 90,00
    and is therefore A, as 90.00 is.
    """
    shown = float(rounded_half_up(index, rubric.predikat_decimals))
    clipped = min(max(shown, 0.0), rubric.index_max)
    for band in rubric.predikat:
        if band.contains(clipped):
            return band
    raise AssertionError(f"predikat bands of {rubric.id} do not cover {clipped}")  # prevented by load_rubric


#: Values a spreadsheet stores as dates or times: never an answer (a tuple, built once).
_DATE_LIKE = (dt.date, dt.time, dt.timedelta)


def _date_like_shown(raw: dt.date | dt.time | dt.timedelta) -> tuple[Shown, bool]:
    """A date or time as a spreadsheet shows it (2019-07-01; 03.08; 61.04 for 61 hours), and whether it is a time."""
    if isinstance(raw, dt.timedelta):  # a duration format ([h]:mm): "61.4" typed became 2 days, 13:04
        minutes = round(raw.total_seconds() / 60)
        hours, minute = divmod(abs(minutes), 60)
        sign = "-" if minutes < 0 else ""
        return Shown(f"{sign}{hours:02d}.{minute:02d}", f"{sign}{hours:02d}:{minute:02d}"), True
    if isinstance(raw, dt.time):
        return Shown(f"{raw.hour:02d}.{raw.minute:02d}", f"{raw.hour:02d}:{raw.minute:02d}"), True
    if isinstance(raw, dt.datetime) and raw.time() != dt.time():
        day = raw.date().isoformat()
        return Shown(f"{day} {raw.hour:02d}.{raw.minute:02d}", f"{day} {raw.hour:02d}:{raw.minute:02d}"), False
    return Shown(raw.isoformat()[:10], raw.isoformat()[:10]), False


#: E409's hint for a time: Excel set to Indonesian takes the point for the time separator.
_TIME_HINT = {
    False: "Di Excel berpengaturan Indonesia, angka bertitik seperti 3.8 terbaca sebagai jam (03.08): ketik "
    "pecahan dengan koma (3,8). Bila sel sudah berformat jam, ubah formatnya ke Umum (Format Sel › Umum) lalu ketik "
    "ulang jawabannya.",
    True: "In a spreadsheet set to Indonesian, a number with a point such as 3.8 reads as a time (03.08): type "
    "decimals with a comma (3,8). If the cell is already formatted as a time, set its format to General (Format "
    "Cells › General) and type the answer again.",
}


# What number_value says of a count typed but unusable (not a number, out of range, a date).
_UNUSABLE_NUMBER = frozenset({"PMPRB-E404", "PMPRB-E403", "PMPRB-E409", "PMPRB-E412"})


def _blank_code(answer: Answer | None) -> str:
    """E401 for a blank answer cell; E410 for a formula whose result the file does not hold.

    A workbook written by a program (never opened in a spreadsheet) keeps formulas without results: "belum
    dijawab" was said of a cell the operator sees filled.
    """
    return "PMPRB-E410" if answer is not None and answer.is_formula else "PMPRB-E401"


def _range_shown(scale: Scale) -> str:
    """A number scale's range as people read it: 0–100; a count, which has no top, as 0 atau lebih."""
    en = language() == "en"
    low, high = as_typed(scale.minimum, "en" if en else "id"), as_typed(scale.maximum, "en" if en else "id")
    if math.isinf(scale.maximum):
        return f"{low} {'or more' if en else 'atau lebih'}"
    return f"{low}–{high}"


#: A percentage typed as text ("87,5%"): read on a 0–100 scale (PMPRB-W425), not on any other.
_PERCENT_TYPED = re.compile(r"\s*'?\s*[-+]?\d+(?:[.,]\d+)?\s*%\s*")


def _counted_as(scale: Scale) -> str:
    """What an entry that is no number counts as: itself 0, or (a Jumlah) its item's whole percentage 0.

    "'-' … bukan angka; dihitung 0" of a count of violations: 0 violations is 100 %, and the item counted 0.
    """
    if scale is _COUNT:
        if language() == "en":
            return "its item's percentage counts 0 until this count is corrected"
        return "persentase butirnya dihitung 0 sampai jumlah ini diperbaiki"
    return "it counts as 0" if language() == "en" else "dihitung 0"


def _count_hint(raw: object) -> str:
    """E404's hint on a Jumlah row: a count is whole; a percentage typed there ("80%") is the count's share.

    Told "tanpa satuan", the operator who typed 80% typed 80 sasaran out of 4: "sah", the item at 100 %.
    """
    percent = isinstance(raw, str) and _PERCENT_TYPED.fullmatch(raw) is not None
    if language() == "en":
        return "Type the number as a whole number, without units; 0 when there are none." + (
            " A percentage is not asked here: type how many (the item's percentage is computed from the Jumlah rows)."
            if percent
            else ""
        )
    return "Ketik banyaknya sebagai bilangan bulat, tanpa satuan; 0 bila tidak ada." + (
        " Yang diminta bukan persentase: isi banyaknya (persentase butir ini dihitung pmprb dari baris-baris Jumlah)."
        if percent
        else ""
    )


def _percent_hint(scale: Scale, raw: object) -> str:
    """E404's hint for a percentage typed on a scale that is not one: "ketik angka saja" led to 87,5 (E403)."""
    if not isinstance(raw, str) or not _PERCENT_TYPED.fullmatch(raw):
        return ""
    if language() == "en":
        return (
            f"This item's scale is {_range_shown(scale)}, not a percentage: type its value on that scale "
            "(e.g. 3.5 on 0–4), without %."
        )
    return (
        f"Skala butir ini {_range_shown(scale)}, bukan persen: ketik nilainya pada skala itu (mis. 3,5 untuk skala "
        "0–4), tanpa tanda %."
    )


def _number_asked(scale: Scale) -> str:
    """What a blank numeric cell should hold: a number in its range, or a count (a Jumlah row, no top)."""
    en = language() == "en"
    if math.isinf(scale.maximum):
        return "a count (a whole number, 0 or more)" if en else "banyaknya (bilangan bulat, 0 atau lebih)"
    return f"{'a number' if en else 'angka'} {_range_shown(scale)}"


class _ItemReader:
    """Turns the raw answers of one submission into base values, collecting findings."""

    def __init__(self, rubric: Rubric, submission: Submission, answers: Mapping[str, Answer]) -> None:
        self.rubric = rubric
        self.submission = submission
        self.answers = answers
        self.findings: list[Finding] = []
        self.canonical: dict[str, str | None] = {}
        self.status: dict[str, Status] = {}
        #: Graded sub-komponen whose grade was left blank and derived from the criteria: no answer asked.
        self.derived: set[str] = set()

    def _report(self, code: str, answer: Answer | None, item: str, value: object, detail: str, hint: str = "") -> None:
        said = finding(
            code,
            self.submission.file,
            sheet=answer.sheet if answer else self.submission.sheet,
            cell=answer.cell if answer else "",
            item=item,
            value=value,
            detail=detail,
        )
        self.findings.append(dataclasses.replace(said, hint=hint) if hint else said)

    def _report_date_like(self, answer: Answer | None, item: str, raw: dt.date | dt.time | dt.timedelta) -> None:
        """PMPRB-E409: a date, or a time, which is how Excel set to Indonesian reads "3.8" typed for 3,8.

        A time was said "berisi tanggal (2 days, 13:04:00)", Python's English, with a hint about dates (operrev).
        """
        en = language() == "en"
        shown, time = _date_like_shown(raw)
        if not time:
            self._report("PMPRB-E409", answer, item, shown, "a date" if en else "tanggal")
            return
        self._report("PMPRB-E409", answer, item, shown, "a time" if en else "jam", _TIME_HINT[en])

    def choice_value(self, code: str, scale: Scale) -> float:
        """The value in [0, 1] (or the points) that an item's answer gives, before dependencies."""
        answer = self.answers.get(code)
        raw = answer.raw if answer else None
        if isinstance(raw, str):
            value = scale.values.get(raw)
            if value is not None:  # the dropdown's own spelling: most answers
                self.status[code] = "ok"
                self.canonical[code] = raw
                return value
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            self.status[code], self.canonical[code] = "missing", None
            lead = "one of" if language() == "en" else "salah satu pilihan"
            self._report(_blank_code(answer), answer, code, "", f"{lead}: {' / '.join(scale.choices)}")
            return 0.0
        if isinstance(raw, _DATE_LIKE):
            self.status[code], self.canonical[code] = "invalid", None
            self._report_date_like(answer, code, raw)
            return 0.0
        chosen = parse_choice(scale, raw)
        if chosen is None:
            self.status[code], self.canonical[code] = "invalid", None
            self._report("PMPRB-E402", answer, code, raw, _choices_hint(scale, raw))
            return 0.0
        self.status[code], self.canonical[code] = "ok", chosen
        return scale.values[chosen]

    def number_value(self, code: str, scale: Scale) -> float | None:
        """The number typed for a numeric item or indicator, or ``None`` (reported) if unusable."""
        answer = self.answers.get(code)
        raw = answer.raw if answer else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            self.status[code], self.canonical[code] = "missing", None
            self._report(_blank_code(answer), answer, code, "", _number_asked(scale))
            return None
        if isinstance(raw, _DATE_LIKE):
            self.status[code], self.canonical[code] = "invalid", None
            self._report_date_like(answer, code, raw)
            return None
        number = parse_number(raw, whole=scale is _COUNT)
        if number is None:
            self.status[code], self.canonical[code] = "invalid", None
            # "nihil" or "-" as a count was told to mind its decimal separator: a count has none, and none is 0.
            hint = (
                _count_hint(raw) if scale is _COUNT else _percent_hint(scale, raw)
            )  # fmt: skip
            self._report("PMPRB-E404", answer, code, raw, _counted_as(scale), hint)
            return None
        if not scale.minimum <= number <= scale.maximum:
            number = _snapped(number, scale)
            if number is None:
                self.status[code], self.canonical[code] = "invalid", None
                self._report("PMPRB-E403", answer, code, raw, _range_shown(scale))
                return None
        if scale is _COUNT and number > MOST_COUNTED:
            # 1E+308 in four Jumlah cells: their sum overflowed to infinity and the percentage read 0 without a
            # word (diffrev13's fallback), or the whole file failed (math.fsum). No count of an LKE comes near.
            self.status[code], self.canonical[code] = "invalid", None
            # (whole, with thousands separators: "Nilai 1E+15 … di luar rentang 0–1E+15" named the bound as the value)
            typed = Shown.number(number, 0) if number < 1e18 else raw
            self._report("PMPRB-E403", answer, code, typed, "0–" + format_number(MOST_COUNTED, 0, language()))
            return None
        if scale is _COUNT and abs(number - round(number)) > 1e-9:  # (not 6,000000000000001)
            # 1.234 typed for 1234 where the sheet's locale reads a point as decimal: 980 of "1,234" wajib lapor
            # was capped at 100 % and the workbook "sah" (PMPRB-W421 only warned, 65,25 → 65,43). A count is
            # whole; a fraction of a person is a typing error, counted 0 like any other unusable answer.
            self.status[code], self.canonical[code] = "invalid", None
            self._report("PMPRB-E412", answer, code, raw, "")
            return None
        if scale is _COUNT:
            # As the whole number it is: 3,0000000000000004 (a formula's sum) kept its tail, and W414 said "jumlah
            # 3,00 melebihi pembaginya (3)".
            number = float(round(number))
        self.status[code], self.canonical[code] = "ok", repr(number)
        return number

    def item_value(self, code: str, scale: Scale) -> float:
        if scale.kind == "choice":
            return self.choice_value(code, scale)
        number = self.number_value(code, scale)
        return 0.0 if number is None else number / scale.maximum

    def computed_value(self, item: Item) -> float:
        """A percentage item's value from its input fields (each reported if missing or invalid)."""
        numbers = {f.code: self.number_value(f.code, _COUNT) for f in item.inputs}
        used = (*item.numerator, *item.denominator)
        self._blank_counts_outside_the_formula(item, used)
        if any(numbers[c] is None for c in used):
            # Invalid when a count is typed but unreadable ('12 orang', -3), missing only when none is wrong:
            # the Jawaban sheet called such a percentage "kosong" beside filled Jumlah rows.
            invalid = any(self.status.get(c) == "invalid" for c in used)
            self.status[item.code], self.canonical[item.code] = ("invalid" if invalid else "missing"), None
            return 0.0
        top = fsum(numbers[c] or 0.0 for c in item.numerator)
        bottom = fsum(numbers[c] or 0.0 for c in item.denominator)
        if item.formula == "decrease":
            before, after = top, bottom
            if before == 0:
                # No violations last year: none this year is a full score; any this year cannot improve on 0.
                value = 1.0 if after == 0 else self._zero_denominator(item, "zero", item.numerator)
            else:
                value = max(0.0, (before - after) / before)
        elif bottom == 0:
            # 12 complaints in hand (handled or in progress) of 0 to handle is no "no complaints" month, which
            # the rubric's rule counts 100 %: said only as I507 "dihitung 100%", the contradiction read as a
            # rule followed. The value stays the rule's; the counts are said as W414 says a part above its whole.
            others = [f.code for f in item.inputs if f.code not in item.denominator and numbers.get(f.code)]
            if others and item.zero_denominator == "one":
                value = 1.0
                first = self.answers.get(others[0])
                shown = f"{_count(numbers[others[0]] or 0.0)} ({others[0]})"
                self._report("PMPRB-W414", first, item.code, shown, f"0: {', '.join(item.denominator)}")
            else:
                value = self._zero_denominator(item, item.zero_denominator)
        else:
            value = min(top / bottom, 1.0)
            if top > bottom:  # capped, and said: 9 of 3 pegawai is a typing error, not 100 %
                first = self.answers.get(item.numerator[0])
                shown = f"{_count(top)} ({', '.join(item.numerator)})"
                self._report("PMPRB-W414", first, item.code, shown, f"{_count(bottom)}: {', '.join(item.denominator)}")
        if self.rubric.percent_decimals is not None:
            value = float(rounded_half_up(value, self.rubric.percent_decimals))
        if self.status.get(item.code) != "missing":
            self.status[item.code], self.canonical[item.code] = "ok", f"{value:.4f}"
        return value

    def _blank_counts_outside_the_formula(self, item: Item, used: tuple[str, ...]) -> None:
        """PMPRB-W428, not E401, for a blank Jumlah row the percentage's formula does not use.

        The official form asks for it (n3, violations already sanctioned) but computes without it: E401 said
        "dihitung 0", made the workbook invalid and left it out under --invalid skip, with its index unchanged.
        """
        unused = {
            f.code
            for f in item.inputs
            # (a row not found at all is PMPRB-E202's, which the E401 for it is dropped beside)
            if f.code not in used and self.status.get(f.code) == "missing" and f.code in self.answers
        }
        self._blanks_said_as(unused, "PMPRB-W428", item.code)
        # Typed but unusable ('banyak', -2, a date): its E404/E403/E409 "dihitung 0" counted nothing either.
        unusable = {f.code for f in item.inputs if f.code not in used and self.status.get(f.code) == "invalid"}
        if unusable:
            self._said_as(unusable, _UNUSABLE_NUMBER, "PMPRB-W429", detail=item.code)

    def _blanks_said_as(self, codes: set[str], code: str, value: str) -> None:
        """The E401 of each of these blank entries, said instead as ``code`` (one that counts nothing)."""
        self._said_as(codes, frozenset({"PMPRB-E401"}), code, value=value)

    def _said_as(
        self, items: set[str], was: frozenset[str], code: str, *, value: str | None = None, detail: str = ""
    ) -> None:
        """The findings of codes ``was`` on these entries, said instead as ``code`` (their value kept unless given)."""
        for n, f in enumerate(self.findings):
            if f.code in was and f.item in items:
                self.findings[n] = finding(
                    code,
                    self.submission.file,
                    sheet=f.sheet,
                    cell=f.cell,
                    item=f.item,
                    value=value_of(f) if value is None else value,
                    detail=detail,
                )

    def _zero_denominator(self, item: Item, rule: str, divisor: tuple[str, ...] = ()) -> float:
        """The value of a percentage whose divisor is 0 (``divisor``: its fields, the denominator by default)."""
        divisor = divisor or item.denominator
        first = self.answers.get(divisor[0])
        if rule in ("one", "zero"):
            # The official form gives #DIV/0! here; the rubric decides a value, and the unit hears which.
            value = 1.0 if rule == "one" else 0.0
            self._report("PMPRB-I507", first, item.code, "100%" if value else "0%", ", ".join(divisor))
            return value
        self.status[item.code], self.canonical[item.code] = "missing", None
        self._report("PMPRB-W406", first, item.code, 0, ", ".join(item.denominator))
        return 0.0

    def node_value(self, node: Node, values: dict[str, float], node_scores: dict[str, float]) -> float:
        """A node's score from its items' values (recording indicator and graded values in ``values``)."""
        rubric = self.rubric
        if node.kind == "sub":
            item_values = [values[i.code] for i in node.items]
            # (math.fsum itself: item values lie in [0, 1], so no overflow to fall back from; only counts need
            # models.fsum's fallback)
            result = math.fsum(item_values) / len(item_values) * node.weight
        elif node.kind == "graded":
            share = self.graded_value(node, rubric.scales[node.scale], [values[i.code] for i in node.items])
            values[node.code] = share
            result = share * node.weight
        elif node.kind == "indicator":
            scale = rubric.scales[node.scale]
            if node.conversion == "lookup":
                result = self.choice_value(node.code, scale)
            elif node.conversion == "choice":
                result = self.choice_value(node.code, scale) * node.weight
            else:
                number = self.number_value(node.code, scale)
                result = 0.0 if number is None else number / node.divisor * node.weight
            values[node.code] = result
        else:
            result = math.fsum(self.node_value(child, values, node_scores) for child in node.children)
        node_scores[node.code] = result
        return result

    def graded_value(self, node: Node, scale: Scale, criteria: list[float]) -> float:
        """A graded sub-komponen's share of its weight: the grade given, or one derived from the criteria."""
        answer = self.answers.get(node.code)
        raw = answer.raw if answer else None
        if raw is not None and not (isinstance(raw, str) and not raw.strip()):
            chosen = parse_choice(scale, raw)
            if chosen is None:
                self.status[node.code], self.canonical[node.code] = "invalid", None
                # The unit's own choices (BB down, as its column's list offers them): AA and A are the evaluator's.
                own, top = scale.choices, node.own_top_grade
                if (
                    top in scale.choices
                    and answer is not None
                    and not answer.by_evaluator
                    and not self.submission.usulan
                ):
                    own = scale.choices[scale.choices.index(top) :]
                self._report("PMPRB-E402", answer, node.code, raw, _grade_hint(scale, own, raw))
                return 0.0
            supported = self._units_grade_above_its_criteria(node, scale, chosen, criteria, answer)
            if supported is not None:
                chosen = supported
                if self.rubric.unit_grade_by_criteria:
                    # The unit's own grade counts as far as its criteria carry it, blank ones unmet (they stay
                    # E401, "dihitung 0", for now they count): BB on every sub-komponen with no criterion
                    # answered scored 80,00 (BB) as a valid workbook.
                    self.status[node.code], self.canonical[node.code] = "ok", chosen
                    return scale.values[chosen]
            self.status[node.code], self.canonical[node.code] = "ok", chosen
            self._grade_beyond_criteria(node, scale, chosen, criteria, answer)
            self._blank_criteria_under_a_grade(node)
            return scale.values[chosen]
        share = math.fsum(criteria) / len(criteria)
        grade = self._derived(node, scale, share)
        self.status[node.code], self.canonical[node.code] = "ok", grade
        self.derived.add(node.code)
        self._report("PMPRB-I501", answer, node.code, grade, f"{share:.0%}")
        return scale.values[grade]

    def _units_grade_above_its_criteria(
        self, node: Node, scale: Scale, chosen: str, criteria: list[float], answer: Answer | None
    ) -> str | None:
        """The grade the unit's criteria support, when the grade in the unit's own column is above it; else None.

        B…E follow the share of criteria met and BB needs all of them (ZI-SAKIP §2.3); A and AA come only from
        the evaluator's judgement. Typed by the unit, A/AA counted at face value (+6,00 points and a predikat
        step: PMPRB-W423), and BB with no criterion answered scored 80 % (PMPRB-W427). Only where the
        workbook gives the evaluator a column of its own (a pmprb template): elsewhere whose grade it is
        cannot be told, and the grade stands (PMPRB-W415 when its answered criteria say less).
        """
        if answer is None or not answer.evaluator_cell or answer.by_evaluator or not node.derive:
            return None  # no evaluator column, or the evaluator's own answer (the verified score reads it so)
        if self.submission.usulan:
            return None  # the kabupaten LKE's Jawaban: the assessors' consensus (a consensus AA was read as BB)
        by_criteria = self.rubric.unit_grade_by_criteria  # (a rubric before it: only A/AA above BB are lowered)
        share = math.fsum(criteria) / len(criteria) if criteria and by_criteria else 1.0  # blank, invalid: unmet
        supported = self._derived(node, scale, share)
        if scale.values[chosen] <= scale.values[supported]:
            return None
        if share >= 1 - 1e-12:
            self._report("PMPRB-W423", answer, node.code, chosen, supported)
        else:
            met = _criteria_met(criteria)
            unanswered = sum(1 for i in node.items if self.status.get(i.code) != "ok")
            if unanswered:
                said = "unanswered or invalid" if language() == "en" else "belum dijawab atau tidak sah"
                met += f", {unanswered} {said}"
            self._report("PMPRB-W427", answer, node.code, chosen, f"{supported} ({met})")
        return supported

    @staticmethod
    def _derived(node: Node, scale: Scale, share: float) -> str:
        """The grade a share of criteria met supports (the rubric's ``derive`` table)."""
        return next((g for minimum, g in node.derive if share >= minimum - 1e-12), scale.choices[-1])

    def _blank_criteria_under_a_grade(self, node: Node) -> None:
        """A blank criterion of a graded sub-komponen is not counted when the grade is given: said as such.

        E401 said "dihitung 0" for it and made the workbook invalid, though only the grade scores.
        """
        self._blanks_said_as({i.code for i in node.items}, "PMPRB-W416", node.code)

    def _grade_beyond_criteria(
        self, node: Node, scale: Scale, chosen: str, criteria: list[float], answer: Answer | None
    ) -> None:
        """PMPRB-W415 when a grade given is above what its answered criteria support (AA with 0 of 3 met).

        The grade stands (it is the evaluator's judgement); only fully answered criteria are compared, and
        A/AA above BB with every criterion met are not a contradiction (they need judgement beyond them).
        """
        if not criteria or any(self.status.get(i.code) != "ok" for i in node.items):
            return
        share = math.fsum(criteria) / len(criteria)
        if share >= 1 - 1e-12:
            return
        supported = self._derived(node, scale, share)
        if scale.values[chosen] > scale.values[supported]:
            met = _criteria_met(criteria)
            self._report("PMPRB-W415", answer, node.code, chosen, f"{supported} ({met})")


def _criteria_met(criteria: list[float]) -> str:
    """How many criteria are met ("2 dari 6 kriteria terpenuhi"), in the language of the findings."""
    if language() == "en":
        return f"{_count(sum(criteria))} of {len(criteria)} criteria met"
    return f"{_count(sum(criteria))} dari {len(criteria)} kriteria terpenuhi"


@per_rubric
def score_dependencies(rubric: Rubric) -> dict[str, list[Dependency]]:
    """The dependencies that change scores, by the item they act on (built once per rubric)."""
    by_item: dict[str, list[Dependency]] = {}
    for dep in rubric.dependencies:
        if dep.enforce == "score":
            by_item.setdefault(dep.item, []).append(dep)
    return by_item


def _apply_dependencies(
    base: dict[str, float], canonical: Mapping[str, str | None], by_item: Mapping[str, list[Dependency]]
) -> dict[str, float]:
    """Item values after the ``score`` dependencies, resolved source-first (the rubric has no cycles)."""
    final: dict[str, float] = {}
    for code in base:
        if code in by_item:
            _resolve(code, base, by_item, canonical, final)
        elif code not in final:  # (most items depend on nothing: their value as it is, as _resolve gives it)
            final[code] = base[code]
    return final


def _resolve(
    code: str,
    base: Mapping[str, float],
    by_item: Mapping[str, list[Dependency]],
    canonical: Mapping[str, str | None],
    final: dict[str, float],
) -> float:
    """One item's value after its dependencies, its sources first.

    A module function, not a closure: a recursive closure refers to itself, and each such cycle would
    wait for the garbage collector.
    """
    if code in final:
        return final[code]
    deps = by_item.get(code, ())
    value = base.get(code, 0.0)
    if deps:
        value = dependent_value(
            value, deps, lambda source: _resolve(source, base, by_item, canonical, final), canonical.get
        )
    final[code] = value
    return value


def dependent_value(
    value: float,
    deps: Iterable[Dependency],
    source_value: Callable[[str], float],
    source_answer: Callable[[str], object],
) -> float:
    """An item's value after its dependencies: the one rule scoring and the action list's gains share.

    A ``scale`` dependency (a gate) multiplies the value by its source item's value; any other zeroes it
    when the source's canonical answer is one of the dependency's answers, or is none (blank or not valid:
    counted 0, its worst answer). Road Map a left blank, or "Tidak (belum ada)", kept d and e whole and scored
    0,13 above the honest "Tidak" (every shipped rubric's zeroing answers are its scale's worst: Tidak, C, D).
    """
    for dep in deps:
        if dep.kind == "scale":
            value *= source_value(dep.source)
        elif (answer := source_answer(dep.source)) is None or answer in dep.answers:
            value = 0.0
    return value


@per_rubric
def check_dependencies(rubric: Rubric) -> tuple[Dependency, ...]:
    """The gates that are checked, not scored (``enforce = "check"``), each after the gates of its source.

    (Built once per rubric; the order lets :func:`unmet_prerequisites` follow a chain in one pass.)
    """
    gates = [d for d in rubric.dependencies if d.enforce == "check" and d.kind == "zero_when"]
    sources_of: dict[str, list[str]] = {}
    for d in gates:
        sources_of.setdefault(d.item, []).append(d.source)
    depth: dict[str, int] = {}

    def depth_of(code: str, seen: frozenset[str] = frozenset()) -> int:
        if code not in depth:  # (a cycle, which no shipped rubric has, is cut where it closes)
            sources = [s for s in sources_of.get(code, ()) if s not in seen]
            depth[code] = 1 + max((depth_of(s, seen | {code}) for s in sources), default=-1)
        return depth[code]

    order = {id(d): n for n, d in enumerate(gates)}
    return tuple(sorted(gates, key=lambda d: (depth_of(d.item), order[id(d)])))


def unmet_prerequisites(gates: Iterable[Dependency], canonical: Mapping[str, object]) -> dict[str, tuple[str, object]]:
    """The items whose prerequisite is not met, each with the answer that leaves it unmet (source, answer).

    ``gates`` as :func:`check_dependencies` orders them. A source that is itself out leaves its item out
    too: the official previous-year cell W55 tests W54=0, and W54 is 0 when b = D or when a = D.
    The first gate that holds names the cause.
    """
    unmet: dict[str, tuple[str, object]] = {}
    for gate in gates:
        if gate.item in unmet:
            continue
        answer = canonical.get(gate.source)
        if answer in gate.answers:
            unmet[gate.item] = (gate.source, answer)
        elif gate.source in unmet:
            unmet[gate.item] = unmet[gate.source]
    return unmet


def _check_dependencies(reader: _ItemReader, base: Mapping[str, float], rubric: Rubric) -> None:
    """PMPRB-W405 for each answer above zero whose prerequisite is not met (once per item, at its cause)."""
    for item, (source, answer) in unmet_prerequisites(check_dependencies(rubric), reader.canonical).items():
        if base.get(item, 0.0) > 0:
            reader._report(
                "PMPRB-W405", reader.answers.get(item), item, reader.canonical.get(item) or "", f"{source} = {answer}"
            )


def _said_lowered(
    reader: _ItemReader,
    base: Mapping[str, float],
    values: Mapping[str, float],
    by_item: Mapping[str, list[Dependency]],
) -> None:
    """PMPRB-I506 for each answer a ``score`` dependency lowers: a valid answer never counts 0 without a word.

    (Road Map a = Tidak scored d and e 0 while the answers there stayed 'A', and nothing was said.)
    """
    for code, deps in by_item.items():
        before, after = base.get(code, 0.0), values.get(code, 0.0)
        if after >= before - 1e-12:
            continue
        en = language() == "en"
        causes = []
        for dep in deps:
            if dep.kind == "scale" and values.get(dep.source, 0.0) < 1 - 1e-12:
                worth = format_number(values.get(dep.source, 0.0), 2, language())
                causes.append(f"{dep.source} {'counts' if en else 'bernilai'} {worth}")
            elif dep.kind != "scale" and reader.canonical.get(dep.source) in dep.answers:
                causes.append(f"{dep.source} {'is answered' if en else 'dijawab'} '{reader.canonical.get(dep.source)}'")
            elif dep.kind != "scale" and reader.canonical.get(dep.source) is None:
                # (a blank or invalid gate counts as its worst answer: dependent_value)
                blank = "is blank or not valid (counted 0)" if en else "kosong atau tidak sah (dihitung 0)"
                causes.append(f"{dep.source} {blank}")
        words = ("not", "because", "and") if en else ("bukan", "karena", "dan")
        lang = language()
        shown = f"{format_number(after, 2, lang)} ({words[0]} {format_number(before, 2, lang)})"
        detail = f"{shown} {words[1]} {f' {words[2]} '.join(causes)}"
        reader._report("PMPRB-I506", reader.answers.get(code), code, reader.canonical.get(code) or "", detail)


def _checked(
    answers: Mapping[str, Answer], own: Mapping[str, Answer], rubric: Rubric
) -> tuple[frozenset[str], frozenset[str]]:
    """The codes the evaluator's answers stand for in ``answers`` (as verified), and the codes asked of the evaluator.

    The criteria of a sub-komponen the evaluator graded are asked no more: that grade counts, they do not. An
    Inspektorat that graded all twelve of LKE AKIP was "sebagian (12 dari 92)" (akiprev).
    """
    asked = _asked_codes(rubric)
    entered = frozenset(c for c in asked if c in answers and answers[c] is not own[c])
    judged = {i.code for n in _derived_grades(rubric) if n.code in entered for i in n.items}
    return entered, frozenset(c for c in asked if c not in judged or c in entered)


def evaluator_checked(submission: Submission, rubric: Rubric) -> tuple[frozenset[str], frozenset[str]]:
    """The codes whose verified answer is the evaluator's, and those asked of the evaluator (a card's ``checked``)."""
    return _checked(verified_answers(submission.answers, rubric)[0], submission.answers, rubric)


def score(submission: Submission, rubric: Rubric, *, use_evaluator: bool = False) -> ScoreCard:
    """Score one submission. With ``use_evaluator``, an evaluator's answer replaces the unit's where given."""
    answers: Mapping[str, Answer] = submission.answers
    unread: list[Answer] = []
    checked = (0, 0)
    if use_evaluator:
        answers, unread = verified_answers(answers, rubric)
        entered, asked_of_evaluator = _checked(answers, submission.answers, rubric)
        checked = (len(entered), len(asked_of_evaluator))
    reader = _ItemReader(rubric, submission, answers)
    if unread:
        scales = answer_scales(rubric)
        en = language() == "en"
        graded = {n.code for n in rubric.graded() if n.derive}
    for answer in unread:
        # What would have been read, with the near miss ("Tdak" → Tidak) the unit's own slip is offered.
        expected = _expected_entry(scales.get(answer.code), answer.evaluator_raw, en)
        # ("memakai jawaban unit ((kosong))" said of a grade its criteria give: BB, not an empty 0)
        if answer.raw not in (None, ""):
            used = (
                f"the unit's answer '{shown_answer(answer.raw)}'"
                if en
                else f"jawaban unit '{shown_answer(answer.raw)}'"
            )
        elif answer.code in graded:
            used = "the grade the unit's criteria give" if en else "nilai huruf dari kriteria unit"
        else:
            used = "the unit's answer, which is blank" if en else "jawaban unit, yang kosong"
        detail = (
            f"the verified score of this item uses {used}; valid: {expected}"
            if en
            else f"nilai terverifikasi butir ini memakai {used}; yang sah: {expected}"
        )
        raw = answer.evaluator_raw  # (a number as finding() keeps it: the same in every language)
        shown = raw if isinstance(raw, float) and math.isfinite(raw) else shown_answer(raw)
        reader._report("PMPRB-W419", _evaluator_view(answer), answer.code, shown, detail)
    base: dict[str, float] = {}
    for item, scale in _item_plan(rubric):
        base[item.code] = reader.computed_value(item) if scale is None else reader.item_value(item.code, scale)
    by_item = score_dependencies(rubric)
    values = _apply_dependencies(base, reader.canonical, by_item)
    _check_dependencies(reader, base, rubric)
    _said_lowered(reader, base, values, by_item)

    node_scores: dict[str, float] = {}
    root_scores = [(root, reader.node_value(root, values, node_scores)) for root in rubric.roots]
    index = math.fsum(value for _, value in root_scores)
    pengungkit = math.fsum(value for root, value in root_scores if root.role == "pengungkit")
    hasil = math.fsum(value for root, value in root_scores if root.role == "hasil")
    band = predikat_for(rubric, index)
    canonical, status = reader.canonical, reader.status
    codes = _scored_codes(rubric)
    indicators = _indicator_codes(rubric)
    items = tuple([ItemScore(code, canonical.get(code), values[code], status[code]) for code in codes])
    nodes = tuple([NodeScore(n.code, n.name, n.level, n.weight, node_scores[n.code]) for n in rubric.nodes()])
    statuses = [status[code] for code in codes]
    return ScoreCard(
        file=submission.file,
        unit_name=submission.unit_name,
        unit_code=submission.unit_code,
        period=submission.period,
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        index=index,
        pengungkit=pengungkit,
        hasil=hasil,
        predikat=band.code,
        predikat_label=band.label,
        nodes=nodes,
        items=items,
        findings=tuple(sorted(reader.findings, key=lambda f: f.sort_key())),
        verdicts=judge(rubric, node_scores, index, pengungkit, hasil),
        counts=(statuses.count("missing"), statuses.count("invalid")),
        checked=checked,
        asked=len(codes) - len(reader.derived),
        answered_own=sum(
            1
            for code, s in zip(codes, statuses, strict=True)
            if s != "missing" and code not in indicators and code not in reader.derived
        ),
    )


@per_rubric
def _item_plan(rubric: Rubric) -> tuple[tuple[Item, Scale | None], ...]:
    """Every item with its scale, None for a percentage (computed): looked up once per rubric, not per workbook."""
    return tuple((item, None if item.computed else rubric.scales[item.scale]) for item in rubric.items())


@per_rubric
def _derived_grades(rubric: Rubric) -> tuple[Node, ...]:
    """The graded sub-komponen whose grade, when given, stands for its criteria (those that derive one)."""
    return tuple(n for n in rubric.graded() if n.derive)


def _asked_codes(rubric: Rubric) -> tuple[str, ...]:
    """Every code a workbook holds an answer for (built once per rubric, not per verified workbook)."""
    return rubric.answer_codes()


@per_rubric
def _indicator_codes(rubric: Rubric) -> frozenset[str]:
    """The hasil indicators' codes: figures the kabupaten gives every unit, not questions of the unit's own."""
    return frozenset(n.code for n in rubric.indicators())


@per_rubric
def _scored_codes(rubric: Rubric) -> tuple[str, ...]:
    """The codes a score card lists, in order: items, then indicators, then graded sub-komponen."""
    return (
        *(i.code for i in rubric.items()),
        *(n.code for n in rubric.indicators()),
        *(n.code for n in rubric.graded()),
    )


def judge(
    rubric: Rubric, node_scores: Mapping[str, float], index: float, pengungkit: float, hasil: float
) -> tuple[VerdictResult, ...]:
    """Check each verdict's minimums (WBK, WBBM …) in rubric order; a verdict may require an earlier one.

    Every score is compared as shown (2 decimals, as the index and its predikat are): 74,996 shows as 75,00 and
    meets 75; an IPAK worth 15,7496 shows as 15,75 and meets 15,75 ("15,75 < 15,75" contradicted itself).
    A minimum keeps every digit (75 % × 3,5 = 2,625). What is missed is said with the part's name.
    """
    if not rubric.verdicts:
        return ()
    # In Indonesian whatever --lang says: the texts are the score card's, in the JSON and the rekap, which are the
    # same bytes in every language ("index 52.25 < 75.00" under --lang en, "indeks 52,25 < 75,00" otherwise).
    lang = "id"
    places = rubric.predikat_decimals
    totals = {"index": index, "pengungkit": pengungkit, "hasil": hasil}
    labels = _verdict_labels(rubric, lang)
    results: dict[str, VerdictResult] = {}
    for verdict in rubric.verdicts:
        unmet: list[str] = []
        for key, minimum in verdict.minimums.items():
            value = float(rounded_half_up(totals[key] if key in totals else node_scores[key], places))
            if value < minimum - 1e-9:
                unmet.append(f"{labels.get(key, key)} {_two_decimals(value)} < {_exact(minimum, lang)}")
        if verdict.area_share:
            share = format_number(verdict.area_share * 100, 0, lang)
            for area in rubric.areas():
                value = float(rounded_half_up(node_scores[area.code], places))
                minimum = verdict.area_share * area.weight
                if area.role == "pengungkit" and value < minimum - 1e-9:
                    rule = f"{share}% × {_two_decimals(area.weight)}"
                    unmet.append(f"{labels[area.code]} {_two_decimals(value)} < {_exact(minimum, lang)} ({rule})")
        if verdict.requires and not results[verdict.requires].passed:
            unmet.append(f"{'not yet' if lang == 'en' else 'belum'} {verdict.requires}")
        results[verdict.code] = VerdictResult(verdict.code, verdict.label, not unmet, tuple(unmet))
    return tuple(results.values())


#: The opening of an option's text: a choice, then its punctuation and more words ("A. Seluruh", "b) Ada").
_OPTION_TEXT = re.compile(r"\s*\(?([A-Za-z]{1,5})(?:[.):,]|\s+[-–—]|\s+(?=\())\s*\S")


# (a hyphen inside a word keeps it whole: "e-Kinerja sudah diterapkan" was guessed 'E', the lowest grade)
_WORDS = re.compile(r"[^\W_]+(?:-[^\W_]+)*")

#: What stands between two choices typed in one cell: "A, B", "B/C", "A dan B".
_BETWEEN_CHOICES = re.compile(r"\s*(?:[,/;&+()]|\s[-–—]\s|\bdan\b|\batau\b|\band\b|\bor\b)\s*")


#: Marks typed for yes on a Ya/Tidak item.
_TICKS = frozenset({"√", "✓", "✔", "☑", "v", "V"})
#: Words that name the choice after them ("Nilai B", "huruf B", "Pilihan C").
_NAMING_WORDS = frozenset({"nilai", "huruf", "pilihan", "jawaban", "jawab", "opsi", "kategori", "grade", "poin"})

#: Words that turn a choice into its opposite (normalised spellings).
_NEGATIONS = frozenset({"tidak", "tdk", "belum", "blm", "bukan", "non", "no", "not", "tanpa", "tnp"})


def _denies(typed: set[str], spelling: str) -> bool:
    """Whether the words typed hold a negation and the spelling none: "WTP tanpa paragraf penjelas" is not WTP-DPP.

    (Any negation of the spelling's answers one typed: "tdk ada" is "tidak ada", "blm" "belum"; diffrev24.)
    """
    return bool(typed & _NEGATIONS) and not set(_WORDS.findall(spelling)) & _NEGATIONS


def _negation_near(word: str) -> bool:
    """Whether a typed word is a negation or a typo of one ("tdak")."""
    return bool(difflib.get_close_matches(word, _NEGATIONS, n=1, cutoff=0.75))


def _spelled_on_from(scale: Scale, word: str, choice: str) -> bool:
    """Whether a spelling of another choice than ``choice`` opens with ``word`` and goes on ("wtp dpp" for "wtp")."""
    return any(
        other != choice and spelling != word and spelling.split(" ", 1)[0] == word
        for spelling, other in scale.spellings.items()
    )


def _perhaps(choices: str, guess: object) -> str:
    """The valid choices with the one a near miss most likely meant."""
    return f"{choices} (perhaps '{guess}')" if language() == "en" else f"{choices} (mungkin maksudnya '{guess}')"


def _grade_hint(scale: Scale, own: Sequence[str], raw: object) -> str:
    """A grade's valid choices, with the grade a number typed stands for: 80 (or 0,8) for BB.

    The column's Penjelasan writes "BB (80)": the operator typed the figure, and the sub-komponen counted 0 with
    only the list of grades said (akiprev).
    """
    choices = " / ".join(own)
    number = parse_number(raw) if not isinstance(raw, bool) else None
    if number is None:
        return choices
    meant = next((g for g in own if number in (scale.values[g], round(scale.values[g] * 100, 6))), None)
    return choices if meant is None else _perhaps(choices, meant)


def _choices_hint(scale: Scale, raw: object) -> str:
    """The valid choices, with the near miss a typo most likely meant ("Tdak" → Tidak)."""
    choices = " / ".join(scale.choices)
    if isinstance(raw, bool):  # a checkbox (Google Sheets, Excel 365) stores TRUE/FALSE, which no LKE answer is
        # (an evaluator's ticked box, or "benar" made BENAR, is agreement: only FALSE reaches here from that column,
        # and "salah" typed in an Indonesian spreadsheet is one)
        return (
            f"{choices} (TRUE/FALSE, a checkbox or a typed benar/salah, is no answer: type a choice)"
            if language() == "en"
            else f"{choices} (BENAR/SALAH, dari kotak centang atau benar/salah yang diketik, bukan jawaban: ketik "
            "salah satu pilihan)"
        )
    # Two choices in one cell ("A, B", "B/C"): which one was meant cannot be told ("mungkin maksudnya 'A'" picked
    # the first).
    chosen = _choices_in(scale, raw)
    if len(chosen) > 1 and None not in chosen:
        return f"{choices} (one only)" if language() == "en" else f"{choices} (satu saja)"
    guess = likely_choice(scale, raw)
    return choices if guess is None else _perhaps(choices, guess)


def _choices_in(scale: Scale, raw: object) -> set[str | None]:
    """The choices of the parts of a cell holding several ("A, B", "B/C"; ``None`` for a part that is none).

    Empty for a cell of one part.
    """
    parts = [p for p in _BETWEEN_CHOICES.split(str(raw)) if p.strip()]
    return {parse_choice(scale, p) for p in parts} if len(parts) > 1 else set()


def likely_choice(scale: Scale, raw: object) -> str | None:
    """The choice an answer that is none most likely meant ("Tdak" → Tidak, "√" → Ya), or ``None``.

    What E402's hint suggests, and what asks for bukti dukung (W410) as that choice would.
    """
    if isinstance(raw, bool) or len(_choices_in(scale, raw) - {None}) > 1:
        return None  # ("A, B": which one cannot be told)
    # An option's text copied whole ("A. Seluruh tugas …", "Ya, apabila …"): the choice that opens it.
    opened = _OPTION_TEXT.match(str(raw))
    guess = parse_choice(scale, opened.group(1)) if opened else None
    if guess is not None:
        return guess
    # The first word a choice and no other word another ("ya ada", "B -"): that choice. Matched as a whole,
    # "ya ada" was nearest to the spelling "tidak ada", and the operator was told to answer the opposite.
    words = _WORDS.findall(str(raw))
    if str(raw).strip() in _TICKS and (yes := parse_choice(scale, "Ya")) is not None:
        return yes  # (a tick typed for yes, as on a paper form; operrev)
    if len(words) > 1 and all(w.casefold() in _NAMING_WORDS for w in words[:-1]):
        named = parse_choice(scale, words[-1])  # "Nilai B", "huruf B", "Pilihan C"
        if named is not None:
            return named
    opening = parse_choice(scale, words[0]) if words else None
    # (unless another choice is spelled from that word on: "WTP dg paragraf penjelas" is WTP-DPP, worth 2,5, not
    # WTP, worth 3: following "mungkin maksudnya 'Wajar Tanpa Pengecualian'" over-claimed; operrev)
    shared = opening is not None and _spelled_on_from(scale, words[0].casefold(), opening)
    # (a typo is short: a pasted paragraph is no near miss, and difflib over it doubled the reading of a workbook
    # of long invalid answers once W410 asked for the guess too; diffrev24)
    folded = normalise_spelling(str(raw))
    near = difflib.get_close_matches(folded, list(scale.spellings), n=1, cutoff=0.6) if len(folded) <= 60 else []
    typed = {w.casefold() for w in words}
    if opening is not None and {parse_choice(scale, w) for w in words[1:]} <= {None, opening}:
        # ("WTP tanpa paragraf penjelas" is WTP: its "tanpa" is not in the spelling it is nearest; diffrev23)
        if not (shared and near and scale.spellings[near[0]] != opening and not _denies(typed, near[0])):
            return opening
    if not near:
        return None
    guess = scale.spellings[near[0]]
    letters = "".join(ch for ch in str(raw).casefold() if ch.isalnum())
    if len(near[0]) == 1 and letters != near[0]:
        return None  # "YA" on an A/B/C item is not a mistyped A: a one-letter guess needs that letter alone
    spelled = set(_WORDS.findall(near[0]))
    if typed & spelled and spelled - typed <= _NEGATIONS and not any(_negation_near(w) for w in typed):
        return None  # "Wajar" is not "Tidak Wajar": a guess that adds only a "tidak" is the opposite
    if _denies(typed, near[0]):
        return None  # (a "tidak" or "tanpa" typed that the nearest spelling lacks: its opposite)
    if len(words) > 1 and not shared:
        # "yaa ada": its first word nearest another choice than the whole is (the spelling "tidak ada"): no guess.
        first = difflib.get_close_matches(normalise_spelling(words[0]), list(scale.spellings), n=1, cutoff=0.6)
        if first and scale.spellings[first[0]] != guess:
            return None
    return guess


def snapped_number(number: float, scale: Scale) -> float | None:
    """A number as scoring reads it on its scale: within the range, or a hair outside it taken as the bound."""
    return number if scale.minimum <= number <= scale.maximum else _snapped(number, scale)


def _snapped(number: float, scale: Scale) -> float | None:
    """A number a hair outside its range taken as the bound it misses (``None`` when truly outside).

    Float noise of a script or a formula (0.2 + 4.4 + 0.4 is stored 5.000000000000001) is what the
    spreadsheet shows as the bound, and said "Nilai 5 … di luar rentang 0–5; dihitung 0": 1,5 index points lost.
    """
    for bound in (scale.minimum, scale.maximum):
        if math.isfinite(bound) and abs(number - bound) <= 1e-9 * max(1.0, abs(bound)):  # (a count has no top)
            return bound
    return None


def _expected_entry(scale: Scale | None, raw: object, en: bool) -> str:
    """What an entry on a scale may be: its choices (with the likely intended one), or its range of numbers."""
    if scale is None:
        return "?"
    if scale.kind == "choice":
        return _choices_hint(scale, raw)
    lang = "en" if en else "id"
    if scale is _COUNT:
        return "a whole number, 0 or more" if en else "bilangan bulat, 0 atau lebih"
    low, high = format_number(scale.minimum, 2, lang), format_number(scale.maximum, 2, lang)
    return f"{'a number' if en else 'angka'} {low}–{high}"


def _exact(value: float, lang: str) -> str:
    """A minimum as the rule gives it: 2 decimals (75,00), or every digit where it has more (2,625)."""
    return format_number(value, 2, lang) if round(value, 2) == value else as_typed(value, lang)


_ACRONYMS = re.compile(r"\b(sdm|asn|akip|sakip|ti|rb|zi|ipak|ipkp)\b")


def _verdict_labels(rubric: Rubric, lang: str) -> dict[str, str]:
    """Names for what a verdict checks: "indeks", "B.I Birokrasi yang bersih dan akuntabel" and so on.

    An area names its part too: "A.I.1 Manajemen perubahan (pemenuhan)" (ZI has each area twice).
    """
    return {**_node_labels(rubric), "index": "index" if lang == "en" else "indeks"}


@per_rubric
def _node_labels(rubric: Rubric) -> dict[str, str]:

    def sentence(name: str) -> str:
        text = name.strip()
        text = text[:1].upper() + text[1:].lower() if text.isupper() else text
        return _ACRONYMS.sub(lambda m: m.group(1).upper(), text)

    labels = {"pengungkit": "pengungkit", "hasil": "hasil"}
    parent = {c.code: n for n in rubric.nodes() for c in n.children}
    for node in rubric.nodes():
        labels[node.code] = f"{node.code} {sentence(node.name)}"
    for area in rubric.areas():
        above = parent.get(area.code)
        if above is not None and above.level != "komponen":
            labels[area.code] += f" ({above.name.strip().lower()})"
    return labels


def _two_decimals(value: float) -> str:
    """Two decimals in Indonesian (a decimal comma), for texts kept in the score card."""
    return format_number(value, 2, "id")


def _id2(value: float) -> str:
    """Two decimals, for messages, in their language (a decimal comma in Indonesian)."""
    return format_number(value, 2, language())


@per_rubric
def answer_scales(rubric: Rubric) -> Mapping[str, Scale]:
    """The scale of every code an answer is typed for: items, Jumlah fields, indicators, graded rows.

    (Built once per rubric: the evaluator's check built it anew for every workbook, answered or not.)
    """
    scales = dict(rubric.item_scales())
    for item in rubric.items():
        scales.update({f.code: _COUNT for f in item.inputs})
    for node in (*rubric.indicators(), *rubric.graded()):
        scales[node.code] = rubric.scales[node.scale]
    return scales


def evaluator_answered(answer: Answer) -> bool:
    """Whether the evaluator typed anything for an answer (blanks and spaces are nothing)."""
    raw = answer.evaluator_raw
    return raw is not None and not (isinstance(raw, str) and not raw.strip())


def evaluator_entered(answer: Answer) -> bool:
    """Whether the evaluator filled the answer's cell: an answer, or a mark agreeing with the unit's (✓, sesuai)."""
    return answer.evaluator_agreed or evaluator_answered(answer)


def evaluator_readable(answer: Answer, scale: Scale | None) -> bool:
    """Whether an evaluator's entry is an answer the scale takes (a choice, or a number within its range)."""
    raw = answer.evaluator_raw
    if scale is None:  # a code the rubric gives no scale: taken as given, as before
        return True
    if isinstance(raw, _DATE_LIKE):
        return False
    if scale.kind == "choice":
        return parse_choice(scale, raw) is not None
    number = parse_number(raw, whole=scale is _COUNT)
    if number is not None and scale is _COUNT and abs(number - round(number)) > 1e-9:
        return False  # (7,5 orang: set aside, the unit's count kept, as -3 is; not a percentage counted 0)
    # (float noise at a bound reads as the bound, as the unit's own entry does)
    return number is not None and (scale.minimum <= number <= scale.maximum or _snapped(number, scale) is not None)


@per_rubric
def _graded_codes(rubric: Rubric) -> frozenset[str]:
    return frozenset(n.code for n in rubric.graded())


def agrees_with_an_answer(answer: Answer, scale: Scale | None) -> bool:
    """Whether the unit's answer beside an evaluator's mark of agreement is one: typed, and valid on its scale."""
    if answer.raw in (None, "") or (isinstance(answer.raw, str) and not answer.raw.strip()):
        return False
    return evaluator_readable(dataclasses.replace(answer, evaluator_raw=answer.raw), scale)


def verified_answers(answers: Mapping[str, Answer], rubric: Rubric) -> tuple[dict[str, Answer], list[Answer]]:
    """The answers the verified score reads: the evaluator's where readable, else the unit's.

    An entry the scale does not take ("Sesuai dengan bukti", "Tdak", "40%") is the evaluator's note or slip,
    not a verdict of 0: it scored the item 0 in the ranked index (ZI: 85,22 → 70,39 on "Tdk ada data") and
    was counted as the unit's error. It is returned apart, to be said (PMPRB-W419).
    """
    scales = answer_scales(rubric)
    verified: dict[str, Answer] = {}
    unread: list[Answer] = []
    for code, answer in answers.items():
        if not evaluator_answered(answer):
            # Agreed ("sesuai" on every row): checked, the unit's answer kept; the unit read as "mandiri" and
            # its history as changing basis the month the evaluator first changed an answer. (A copy: counted
            # as the evaluator's in the score's ``checked``.)
            graded = answer.evaluator_agreed and answer.evaluator_cell and code in _graded_codes(rubric)
            # (a grade the unit typed that is no grade, 'Baik', stays the unit's error: agreed to, it was counted 0
            # in the verified index with no error said)
            if graded and parse_choice(scales[code], answer.raw) is not None:
                # A grade agreed to is the evaluator's grade: the unit's AA with "sesuai" beside it was counted BB
                # (a unit's own grade counts no higher than its criteria), as if the evaluator had not spoken.
                verified[code] = _evaluator_view(dataclasses.replace(answer, evaluator_raw=answer.raw))
                continue
            # (a mark beside a blank or invalid answer agrees with nothing: no answer of the evaluator's, PMPRB-W436;
            # counted one, "Evaluator mengisi 2 dari 201 jawaban" was said of two marks beside nothing)
            agrees = answer.evaluator_agreed and agrees_with_an_answer(answer, scales.get(code))
            verified[code] = dataclasses.replace(answer) if agrees else answer
        elif evaluator_readable(answer, scales.get(code)):
            verified[code] = _evaluator_view(answer)
        else:
            verified[code] = answer
            unread.append(answer)
    return verified, unread


def shown_answer(raw: object) -> str:
    """An entry as typed: a number without its float dress (0, not 0.0), a checkbox as the sheet shows it."""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"  # (Python's "True" stood beside E404's 'TRUE' of the same cell)
    if isinstance(raw, float):
        return as_typed(raw, language())
    return " ".join(str(raw).split())[:80]


def _evaluator_view(answer: Answer) -> Answer:
    """The evaluator's answer in the unit's place, at its own cell (``evaluator_cell`` kept: it says whose)."""
    return Answer(
        code=answer.code,
        raw=answer.evaluator_raw,
        sheet=answer.sheet,
        cell=answer.evaluator_cell or answer.cell,
        row=answer.row,
        evidence=answer.evidence,
        evaluator_cell=answer.evaluator_cell,
    )


def _count(number: float) -> str:
    """A count as typed: 9, not 9,00 (a count typed with decimals keeps them: 2,5)."""
    return str(int(number)) if number.is_integer() else format_number(number, 2, language())
