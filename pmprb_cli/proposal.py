"""The kabupaten LKE proposed from its units' answers: a starting point for the assessors' consensus.

The kabupaten answers the same LKE as its units, and many A–D options are phrased as a share of the
organisation ("a. seluruh …", "b. sebagian besar …", "c. sebagian kecil …", "d. belum …"). Read at
kabupaten level, the share is how far the units fulfil the item on average, each unit's answer at its value
from the scale's lowest (0 %) to its best (100 %) (A 100 %, B 67 %, C 33 %, D 0 %; blank or invalid 0), so the
default rule for a scale of four choices is: every unit at the best answer → A, more than half → B, some → C,
none → D. Every unit answering B is B (counting only the units at the best answer made it D, below every
unit's own answer), and the proposal stays between the lowest and the highest answer units gave, whatever the
bands. "Every unit" is claimed only when every registered unit was scored: with units missing or unreadable,
the best band is not proposed. A rubric may state its own rule per
scale in a ``[proposal]`` table (same ``[bagian, jawaban]`` bands as ``derive``)::

    [proposal]
    ABCD = [["1", "A"], [">0.5", "B"], [">0", "C"], ["0", "D"]]

Items on other choice scales get the answer most units gave (a tie goes to the lower-valued answer, so
the proposal never claims more than the units do). A number every unit gave alike (a figure copied from
the kabupaten's own data: its SAKIP value, a survey result) is proposed as it is, and so is one at least
three units and three quarters of them gave alike (one unit's typo, 68,3 for 63,8, left the figure blank and
the proposal 11 points lower), the units that gave another named; other numbers and the counts behind
percentages are left to the kabupaten's own data. Pure computation: no I/O, nothing written.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pmprb_cli.models import (
    Answer,
    Node,
    Rubric,
    Scale,
    ScoreCard,
    Submission,
    as_typed,
    first_named,
    format_id,
    rounded_half_up,
)

Bands = tuple[tuple[float, str], ...]
RowKind = Literal["group", "item", "number", "computed"]
# Above zero but below any share of a real batch: "some" means at least one unit.
_SOME = 1e-9
BASIS_SHARE = "bagian unit"
BASIS_MODE = "jawaban terbanyak"
BASIS_AGREED = "angka sama di semua unit"
BASIS_MOST = "angka sama di sebagian besar unit"
#: The share of units that must give one number alike for it to be proposed although others differ.
_MOST = 0.75
BASIS_GRADED = "nilai huruf: dari kriteria usulan"


def basis_number(word: str = "kabupaten") -> str:
    """The basis of a number left to the pemda's own data (``word``: :func:`~pmprb_cli.checks.pemda_word`).

    A kota's asesor read "angka: data kabupaten" of figures their kota supplies (kotaword).
    """
    return f"angka: data {word}"


def basis_computed(word: str = "kabupaten") -> str:
    """The basis of a percentage computed from the pemda's own Jumlah rows (``word``: as :func:`basis_number`)."""
    return f"persentase: dari isian Jumlah {word}"


@dataclass(frozen=True)
class ProposalRow:
    """One row of the proposed kabupaten LKE: a heading (``group``) or an answerable row."""

    kind: RowKind
    depth: int
    code: str
    text: str
    scale: str = ""
    best: str = ""
    at_best: int = 0
    units: int = 0
    #: How far the units fulfil the item on average (each answer from the scale's lowest, 0, to its best, 1;
    #: blank counts 0).
    fulfilment: float | None = None
    proposed: str = ""
    basis: str = ""
    spread: str = ""

    @property
    def share(self) -> float | None:
        """The share the rule reads (:attr:`fulfilment`), or ``None`` when no unit is counted."""
        return self.fulfilment if self.units and self.best else None


def default_bands(scale: Scale) -> Bands:
    """The default rule for an A–D scale: all → best, more than half → second, some → third, none → worst."""
    order = sorted(scale.values, key=lambda c: -scale.values[c])
    return ((1.0, order[0]), (0.5 + _SOME, order[1]), (_SOME, order[2]), (0.0, order[3]))


def proposal_rules(rubric: Rubric) -> dict[str, Bands]:
    """The share rule of each scale: the rubric's ``[proposal]`` table, else the default for A–D scales."""
    if rubric.proposal:
        return dict(rubric.proposal)
    return {
        sid: default_bands(scale)
        for sid, scale in rubric.scales.items()
        if scale.kind == "choice" and len(scale.values) == 4
    }


def rule_text(bands: Bands, best: str) -> str:
    """A rule in words, e.g. ``semua unit menjawab A → A; lebih dari 50% → B; …``."""
    parts = []
    for bound, answer in bands:
        if bound >= 1.0:
            parts.append(f"100% (semua unit menjawab {best}, dan semua unit terdaftar dinilai) → {answer}")
        elif bound <= 0.0:
            parts.append(f"selebihnya → {answer}")
        elif bound <= _SOME:
            parts.append(f"lebih dari 0% → {answer}")
        else:
            strict = abs(bound - round(bound, 6)) > 1e-12
            share = f"{round(bound, 6):.0%}".replace(".", ",")
            parts.append(f"{'lebih dari' if strict else 'paling sedikit'} {share} → {answer}")
    return "; ".join(parts)


def _fulfilment(scale: Scale, answer: str | None) -> float:
    """How far an answer fulfils an item, from its lowest choice (0) to its best (1); blank or invalid 0."""
    if answer is None:
        return 0.0
    low, top = min(scale.values.values()), max(scale.values.values())
    return (scale.values[answer] - low) / (top - low) if top > low else 0.0


def _within_answers(scale: Scale, proposed: str, answers: Sequence[str | None], *, below_best: bool) -> str:
    """``proposed`` kept between the lowest and the highest answer the units gave (a blank counts lowest).

    A rubric's own bands, or a scale whose lowest value is not 0 (every unit at D, valued 0,25, was proposed C),
    could leave them. ``below_best``: units were not scored, so "every unit" is not claimed even when every
    unit scored gave the best answer (the one way below the lowest answer given).
    """
    given = [scale.values[a] for a in answers if a is not None]
    if not given:
        return proposed
    value = scale.values[proposed]
    highest, lowest = max(given), min(given) if len(given) == len(answers) else -math.inf
    if value > highest:
        return max((c for c in scale.choices if scale.values[c] <= highest), key=lambda c: scale.values[c])
    if value < lowest and not (below_best and lowest >= max(scale.values.values())):
        return min((c for c in scale.choices if scale.values[c] >= lowest), key=lambda c: scale.values[c])
    return proposed


def _values_said(scale: Scale) -> str:
    """Each choice with its fulfilment, as a percentage: "A 100%, B 67%, C 33%, D 0%"."""
    return ", ".join(f"{c} {round(100 * _fulfilment(scale, c))}%" for c in scale.choices)


def _best(scale: Scale) -> str:
    return max(scale.values, key=lambda c: scale.values[c])


def _spread(answers: Sequence[str | None], scale: Scale) -> str:
    counts = Counter(answers)
    parts = [f"{c}: {counts[c]}" for c in scale.choices if counts[c]]
    if counts[None]:
        parts.append(f"kosong/tidak sah: {counts[None]}")
    return "; ".join(parts)


def _numbers(answers: Sequence[str | None]) -> str:
    values = [float(a) for a in answers if a is not None]
    if not values:
        return "tidak ada angka"
    mean = math.fsum(values) / len(values)
    # One form for the three ("rata-rata 61,40; terendah 61,4" read as two different numbers).
    return f"rata-rata {format_id(mean)}; terendah {format_id(min(values))}; tertinggi {format_id(max(values))}"


class _Proposer:
    def __init__(self, rubric: Rubric, cards: Sequence[ScoreCard], absent: int = 0, word: str = "kabupaten") -> None:
        self.rubric = rubric
        self.word = word
        self.rules = proposal_rules(rubric)
        self.units = len(cards)
        self.absent = absent
        # The answer each unit's card settled on (canonical; None when missing or invalid), per code.
        self.answers: dict[str, list[str | None]] = {}
        for card in cards:
            for item in card.items:
                self.answers.setdefault(item.code, []).append(item.answer)
        self.unit_codes = [card.unit_code or card.file for card in cards]
        self.invalid = {(n, i.code) for n, card in enumerate(cards) for i in card.items if i.status == "invalid"}

    def choice_row(self, code: str, text: str, scale: Scale, depth: int) -> ProposalRow:
        answers = self.answers.get(code, [])
        best = _best(scale)
        at_best = sum(1 for a in answers if a == best)
        bands = self.rules.get(scale.id)
        fulfilment: float | None = None
        if not self.units:
            proposed, basis = "", "tidak ada unit"
        elif bands is not None:
            fulfilment = math.fsum(_fulfilment(scale, a) for a in answers) / self.units
            # "Every unit" is not claimed for units pmprb has not read (missing or unreadable).
            usable = [(bound, a) for bound, a in bands if not (self.absent and bound >= 1.0)] or list(bands)
            proposed = next((a for bound, a in usable if fulfilment >= bound - 1e-12), usable[-1][1])
            proposed = _within_answers(scale, proposed, answers, below_best=bool(self.absent))
            basis = BASIS_SHARE
        else:
            counted = Counter(a for a in answers if a is not None)
            top = max(counted.values(), default=0)
            tied = [c for c in scale.choices if counted[c] == top and top]
            proposed = min(tied, key=lambda c: scale.values[c]) if tied else ""
            basis = BASIS_MODE if tied else "tidak ada jawaban sah"
        return ProposalRow(
            kind="item",
            depth=depth,
            code=code,
            text=text,
            scale=scale.title,
            best=best,
            at_best=at_best,
            units=self.units,
            fulfilment=fulfilment,
            proposed=proposed,
            basis=basis,
            spread=_spread(answers, scale),
        )

    def number_row(self, code: str, text: str, scale: Scale, depth: int) -> ProposalRow:
        answers = self.answers.get(code, [])
        # Units copy the kabupaten's own figures: one value given by every unit, or by nearly every unit
        # (the others mistyped it), is that figure.
        counted = Counter(a for a in answers if a is not None)
        value, given = counted.most_common(1)[0] if counted else (None, 0)
        spread = _numbers(answers)
        if value is not None and given == self.units == len(answers):
            basis = BASIS_AGREED
        elif value is not None and given >= max(3, _MOST * self.units) and len(answers) == self.units:
            basis = BASIS_MOST
            # As typed (3,459 beside 3,456 read "3,46" both), and an unreadable one not called blank.
            others = [
                f"{unit} {as_typed(float(a), 'id') if a is not None else self._unread(n, code)}"
                for n, (unit, a) in enumerate(zip(self.unit_codes, answers, strict=True))
                if a != value
            ]
            spread += f"; {given} dari {self.units} unit {format_id(float(value))}; berbeda: {first_named(others, 5)}"
        else:
            value, basis = None, basis_number(self.word)
        return ProposalRow(
            kind="number",
            depth=depth,
            code=code,
            text=text,
            scale=scale.title,
            units=self.units,
            proposed=value or "",
            basis=basis,
            spread=spread,
        )

    def _unread(self, unit: int, code: str) -> str:
        return "tidak sah" if (unit, code) in self.invalid else "kosong"

    def answer_row(self, code: str, text: str, scale: Scale, depth: int) -> ProposalRow:
        if scale.kind == "choice":
            return self.choice_row(code, text, scale, depth)
        return self.number_row(code, text, scale, depth)

    def rows(self) -> list[ProposalRow]:
        out: list[ProposalRow] = []

        def visit(node: Node, depth: int) -> None:
            if node.kind == "indicator":
                out.append(self.answer_row(node.code, node.name, self.rubric.scales[node.scale], depth))
                return
            if node.kind == "graded":
                # Left to the criteria proposed below it (pmprb derives the grade, PMPRB-I501): the grade most
                # units had (CC) beside criteria all proposed Ya contradicted itself; A/AA are the assessors'.
                row = self.answer_row(node.code, node.name, self.rubric.scales[node.scale], depth)
                out.append(dataclasses.replace(row, proposed="", basis=BASIS_GRADED))
            else:
                out.append(ProposalRow(kind="group", depth=depth, code=node.code, text=node.name))
            for item in node.items:
                if item.computed:
                    out.append(
                        ProposalRow(
                            kind="computed",
                            depth=depth + 1,
                            code=item.code,
                            text=item.question,
                            scale="%",
                            units=self.units,
                            basis=basis_computed(self.word),
                        )
                    )
                else:
                    out.append(self.answer_row(item.code, item.question, self.rubric.scales[item.scale], depth + 1))
            for child in node.children:
                visit(child, depth + 1)

        for root in self.rubric.roots:
            visit(root, 0)
        return out


def propose(
    rubric: Rubric, cards: Sequence[ScoreCard], absent: int = 0, word: str = "kabupaten"
) -> tuple[ProposalRow, ...]:
    """The proposed kabupaten LKE, row by row in rubric order, from the units' scored answers.

    ``absent``: the registered units not among ``cards`` (missing or unreadable): "every unit" is not claimed.
    ``word``: what the pemda is called in the bases ("data kota"; :func:`~pmprb_cli.checks.pemda_word`).
    """
    return tuple(_Proposer(rubric, cards, absent, word).rows())


def rule_lines(rubric: Rubric, word: str = "kabupaten") -> list[str]:
    """The rules in words, one line per basis, for the head of the proposal sheet (``word``: as :func:`propose`)."""
    rules = proposal_rules(rubric)
    used = [sid for sid in rubric.scales if sid in rules and sid in _answered_scales(rubric)]
    lines = [
        f"{BASIS_SHARE.capitalize()} (pilihan {rubric.scales[sid].title}; rata-rata pemenuhan unit, setiap jawaban "
        f"dari pilihan terendah 0% sampai terbaik 100%: {_values_said(rubric.scales[sid])}, kosong 0; tidak pernah "
        "di bawah jawaban terendah atau di atas jawaban tertinggi unit): "
        f"{rule_text(rules[sid], _best(rubric.scales[sid]))}."
        for sid in used
    ]
    lines.append(
        f"{BASIS_MODE.capitalize()} (pilihan lain): jawaban yang paling banyak diberikan unit; "
        "bila seri, jawaban yang bernilai lebih rendah."
    )
    lines.append(
        f"{BASIS_AGREED.capitalize()}: angka yang diisi semua unit dengan nilai yang sama (disalin dari data "
        f"{word}, mis. nilai SAKIP atau hasil survei) diusulkan apa adanya."
    )
    lines.append(
        f"{BASIS_MOST.capitalize()}: angka yang diisi sama oleh sekurang-kurangnya tiga perempat unit (dan tiga "
        "unit) juga diusulkan; unit yang mengisi lain disebut di kolom sebaran, periksa angkanya."
    )
    lines.append(
        f"Angka lain dan isian Jumlah di balik persentase: diisi dari data {word} sendiri (usulan kosong, "
        "dihitung 0 sampai diisi); sebaran unit hanya sebagai pembanding."
    )
    if rubric.graded():
        lines.append(
            f"{BASIS_GRADED.capitalize()}: nilai huruf sub-komponen dikosongkan dan diturunkan dari kriteria yang "
            "diusulkan di bawahnya (BB bila semuanya terpenuhi); A dan AA hanya dari penilaian asesor."
        )
    return lines


def proposed_answers(rows: Sequence[ProposalRow]) -> dict[str, object]:
    """The proposal as the answers of an LKE: the proposed choice, or the number every unit gave."""
    return {r.code: float(r.proposed) if r.kind == "number" else r.proposed for r in rows if r.proposed}


def proposal_card(rubric: Rubric, rows: Sequence[ProposalRow]) -> ScoreCard:
    """The proposal scored as an LKE: what the exported kabupaten LKE shows (blank answers count 0)."""
    from pmprb_cli.scoring import score

    answers = {
        code: Answer(code=code, raw=raw, sheet="", cell="", row=0) for code, raw in proposed_answers(rows).items()
    }
    submission = Submission(
        file="", sheet="", layout="template", unit_name="", unit_code="", period="", answers=answers, sha256=""
    )
    return score(submission, rubric)


def _answered_scales(rubric: Rubric) -> set[str]:
    scales = {i.scale for i in rubric.items() if not i.computed}
    return scales | {n.scale for n in rubric.nodes() if n.kind in ("indicator", "graded")}


def usulan_index_line(
    rubric: Rubric, rows: Sequence[ProposalRow], cards: Sequence[ScoreCard], absent: int = 0, word: str = "kabupaten"
) -> str:
    """The proposal's own index beside the units' mean, and what it leaves blank, in one sentence.

    ``absent``: registered units not scored, said too: "dari LKE 2 unit" read as the whole kabupaten.
    ``word``: what the pemda is called (as :func:`propose`).
    """
    card = proposal_card(rubric, rows)
    blank = card.missing
    mean = math.fsum(c.index for c in cards) / len(cards) if cards else None
    shown = str(rounded_half_up(card.index, rubric.predikat_decimals)).replace(".", ",")
    line = f"Indeks LKE usulan ini, bila dinilai apa adanya: {shown} ({card.predikat})"
    if mean is not None:
        average = str(rounded_half_up(mean, rubric.predikat_decimals)).replace(".", ",")
        line += f"; rata-rata indeks {len(cards)} unit: {average}"
    if blank:
        line += f". {blank} butir belum diusulkan (angka dan isian Jumlah dari data {word}) dan kini dihitung 0"
    most = [r.code for r in rows if r.basis == BASIS_MOST]
    if most:
        line += f". Diusulkan dari angka sebagian besar unit (unit lain mengisi berbeda): {', '.join(most)}"
    if absent:
        line += (
            f". {absent} unit terdaftar tidak dinilai (belum mengirim, berkasnya tidak dapat dinilai atau tidak "
            "diperingkat): usulan hanya dari unit yang dinilai, dan untuk butir pilihan yang dibaca sebagai bagian "
            "unit, jawaban terbaik ('seluruh') tidak diusulkan"
        )
    return line + "."
