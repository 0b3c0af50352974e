"""Rankings, targets and the shortest path to them: what the rapim asks of a batch of score cards.

- Ranking is by the index as shown (rounded to the rubric's decimals): units that show the same index
  share a rank and the next rank skips (1, 2, 2, 4); within a tie the order is by kode, for stable output.
- The gap to a target predikat is the distance from the index to the least shown index inside the target
  band (70,01 for BB, whose band is open at 70), never negative.
- The action list proposes, item by item, the best answer, ranked by the index points each adds on its own
  (re-scored, so raising a gate also raises what it scales), and marks the shortest prefix of that ranking
  that reaches the target when applied together.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pmprb_cli.models import (
    Answer,
    Dependency,
    Item,
    ItemScore,
    Node,
    Rubric,
    Scale,
    ScoreCard,
    Submission,
    Verdict,
    as_typed,
    format_id,
    fsum,
    quick_init,
    rounded_half_up,
    sheet_ref,
    shown_difference,
    visible,
)
from pmprb_cli.registry import Registry, jenis_of
from pmprb_cli.rubric import parse_choice, parse_number, per_rubric
from pmprb_cli.scoring import (
    MOST_COUNTED,
    check_dependencies,
    dependent_value,
    predikat_for,
    score,
    score_dependencies,
    unmet_prerequisites,
    verified_answers,
)


@quick_init
@dataclass(frozen=True, slots=True)
class Action:
    """One proposed answer and the index points it adds.

    ``after`` names the actions listed before it that it needs (the gates that hold it at zero): its gain
    is what it adds once those are done. Empty for the rest, whose gain is that of the answer alone.
    """

    code: str
    question: str
    current: object  # the canonical answer; a number for a numeric item; "(kosong)" for none
    proposed: object
    gain: float
    after: tuple[str, ...] = ()
    #: The answers it sets when more than its own: a percentage's counts, a grade's criteria with the grade.
    changes: tuple[tuple[str, object], ...] = ()
    #: For a percentage: the counts to report, cell by cell ("LKE!K256 Jumlah pelanggaran tahun ini = 0").
    #: They are data, reported as they are: the figures are what 100 % takes, a target, not answers to retype.
    how: str = ""
    #: Where the answer is typed ("LKE!K23"): an operator looking at `pmprb score DINKES.xlsx` hunted for the
    #: code in column A. Empty where the workbook does not say (a percentage says it in ``how``).
    cell: str = ""
    #: The answer is the evaluator's (a verified unit's, at the Jawaban Evaluator cell): raised by another
    #: verification of better evidence, not by the OPD typing over it ("Tidak (evaluator) → Ya" was listed
    #: as one of "1 jawaban diperbaiki").
    by_evaluator: bool = False

    @property
    def reported(self) -> bool:
        """Whether the step is a figure reported as it is (a percentage's counts, an achievement number).

        Such a figure is a target to reach, not an answer to retype: the rapor and `score` count them apart
        ("sasaran capaian"), the same way (`score` once called 24,3 → 100 % one of "7 jawaban diperbaiki").
        """
        return bool(self.how) or (isinstance(self.proposed, (int, float)) and not isinstance(self.proposed, bool))

    @property
    def answers(self) -> int:
        """The answer cells this step has typed: a grade's criteria with it, one for a percentage.

        A percentage is one answer: its counts are data to report, said apart ("isian data").
        """
        return 1 if self.how or not self.changes else len(self.changes)


def proposed_changes(actions: Iterable[Action]) -> dict[str, object]:
    """The answers that applying these actions sets, by code."""
    out: dict[str, object] = {}
    for action in actions:
        if action.changes:
            out.update(action.changes)
        else:
            out[action.code] = action.proposed
    return out


@dataclass(frozen=True)
class Ranked:
    """One unit's place in the batch, its distance to target and what would close it."""

    file: str
    kode: str
    nama: str
    jenis: str
    period: str
    index: float
    predikat: str
    rank: int
    rank_in_jenis: int
    target: str
    gap: float
    meets_target: bool
    actions: tuple[Action, ...]
    actions_needed: int
    self_index: float
    verified_index: float | None
    #: A verdict target no answer reaches: the minimums still missed with every proposal applied.
    held_by: tuple[str, ...] = ()
    #: (answers the evaluator gave, answers asked) behind ``verified_index`` (see ScoreCard.checked).
    checked: tuple[int, int] = (0, 0)
    #: When the plan needs the evaluator to verify again: how far down ``actions`` the unit's own steps alone
    #: reach the target (-1: they do not); 0 when the plan needs no evaluator step (see own_answers_reach).
    own_reach: int = 0

    @property
    def own_steps(self) -> tuple[Action, ...]:
        """The unit's own steps that reach the target without the evaluator (empty when none do or none needed)."""
        if self.own_reach <= 0:
            return ()
        theirs = {a.code for a in self.actions if a.by_evaluator}
        return tuple(
            a for a in self.actions[: max(self.own_reach, 0)] if not a.by_evaluator and theirs.isdisjoint(a.after)
        )

    @property
    def answers_needed(self) -> int:
        """The answers the ``actions_needed`` steps change: a blank grade's step fills all its criteria."""
        return sum(a.answers for a in self.actions[: max(self.actions_needed, 0)])


def band_floor(rubric: Rubric, target: str) -> float:
    """The least index that shows inside the target band."""
    band = next((b for b in rubric.predikat if b.code == target), None)
    if band is None:
        raise ValueError(target)
    step = 10.0**-rubric.predikat_decimals
    return band.lower if band.lower_inclusive else band.lower + step


def predikat_order(rubric: Rubric) -> dict[str, int]:
    """Predikat code → position, best first."""
    return {b.code: n for n, b in enumerate(sorted(rubric.predikat, key=lambda b: -b.lower))}


def meets(rubric: Rubric, predikat: str, target: str) -> bool:
    """Whether a predikat is the target or better."""
    order = predikat_order(rubric)
    return order[predikat] <= order[target]


def target_codes(rubric: Rubric) -> list[str]:
    """What a target may name: a verdict (WBK, WBBM: Zona Integritas is passed or not), or a predikat."""
    return [*(v.code for v in rubric.verdicts), *(b.code for b in rubric.predikat)]


def target_named(rubric: Rubric, text: str) -> str | None:
    """The target code a text names, as the rubric spells it ("bb" is BB), or None when it names none."""
    wanted = text.strip().casefold()
    return next((c for c in target_codes(rubric) if c.casefold() == wanted), None)


def target_choices(rubric: Rubric, text: str) -> str:
    """The hint for a target that names none: the predikat a label names ("Sangat Baik" is BB), and the choices.

    The rapor prints "BB (Sangat Baik)": `--target "Sangat Baik"` was refused with the codes alone.
    """
    wanted = " ".join(text.split()).casefold()
    named = [b.code for b in rubric.predikat if b.label and " ".join(b.label.split()).casefold() == wanted]
    labelled = [f"{b.code} ({b.label})" if b.label else b.code for b in rubric.predikat]
    choices = ", ".join([*(v.code for v in rubric.verdicts), *labelled])
    return (f"Maksudnya {named[0]}? " if len(named) == 1 else "") + f"Pilih salah satu kode: {choices}."


def target_verdict(rubric: Rubric, target: str) -> Verdict | None:
    """The verdict a target names, or None when it names a predikat."""
    return next((v for v in rubric.verdicts if v.code == target), None)


def target_floor(rubric: Rubric, target: str) -> float:
    """The least index that meets the target: a band's least shown index, or a verdict's index minimum."""
    verdict = target_verdict(rubric, target)
    if verdict is not None:
        return verdict.minimums.get("index", 0.0)
    return band_floor(rubric, target)


def target_band(rubric: Rubric, target: str) -> str:
    """The predikat a target asks for at least: itself, or the band of a verdict's index minimum (WBK: BB)."""
    return predikat_for(rubric, target_floor(rubric, target)).code if target_verdict(rubric, target) else target


def meets_target(rubric: Rubric, card: ScoreCard, target: str) -> bool:
    """Whether a unit meets the target: its predikat is the target or better, or it passes the verdict."""
    if target_verdict(rubric, target) is not None:
        return any(v.code == target and v.passed for v in card.verdicts)
    return meets(rubric, card.predikat, target)


def gap_to(rubric: Rubric, index: float, target: str) -> float:
    """Index points still missing to reach the target's floor (0 when reached), from the index as shown.

    67,455 shows as 67,46: the gap to 70,01 is 2,55, so that the index and the gap add up on the page.
    A verdict (WBK) has other minimums too, listed with it: a unit may be at 0 and still not pass.
    """
    if target_verdict(rubric, target) is None and meets(rubric, predikat_for(rubric, index).code, target):
        return 0.0
    return max(0.0, shown_difference(target_floor(rubric, target), index, rubric.predikat_decimals))


@per_rubric
def indicator_parts(rubric: Rubric) -> tuple[str, ...]:
    """The largest nodes holding only hasil indicators, as "code name" in rubric order."""
    found: list[str] = []

    def only_indicators(node: Node) -> bool:
        if node.kind == "indicator":
            return True
        return not node.items and bool(node.children) and all(only_indicators(c) for c in node.children)

    def visit(node: Node) -> None:
        if only_indicators(node) and node.kind != "indicator":
            found.append(f"{node.code} {node.name.capitalize()}")
            return
        for child in node.children:
            visit(child)

    for root in rubric.roots:
        visit(root)
    return tuple(found)


def competition_ranks(keys: Sequence[Decimal]) -> list[int]:
    """Standard competition ranks (1, 2, 2, 4) for values sorted best first."""
    ranks: list[int] = []
    for n, key in enumerate(keys):
        ranks.append(ranks[-1] if n and key == keys[n - 1] else n + 1)
    return ranks


@per_rubric
def _best_answers(rubric: Rubric) -> dict[str, tuple[str, object]]:
    """For each improvable item: (the code to change, the best answer).

    Hasil indicators are left out: they are national survey results, not answers a unit improves itself.
    """
    out: dict[str, tuple[str, object]] = {}
    for item in rubric.items():
        if item.computed:
            continue  # a percentage improves through its counts; proposed as its own item below
        out[item.code] = (item.code, _best_of(rubric.scales[item.scale]))
    return out


def _best_of(scale: Scale) -> object:
    """The answer a scale values most: its best choice, or its top."""
    return max(scale.values, key=lambda k: scale.values[k]) if scale.kind == "choice" else scale.maximum


def evaluator_submission(submission: Submission, rubric: Rubric) -> Submission:
    """The submission as the verified score reads it: the evaluator's answer, at its cell, wherever readable.

    The same answers as ``score(use_evaluator=True)``: an entry it sets aside (PMPRB-W419) is not proposed
    from. At the evaluator's cell, so that the action list names the cell that decides the ranked index
    ("LKE!K262 … = 11" sent the unit to its own cell while the evaluator's 2 in O262 was ranked).
    """
    answers, _ = verified_answers(submission.answers, rubric)
    return dataclasses.replace(submission, answers=answers)


def _with_answers(submission: Submission, changes: Mapping[str, object]) -> Submission:
    answers = dict(submission.answers)
    for code, value in changes.items():
        old = answers.get(code)
        answers[code] = (
            dataclasses.replace(old, raw=value)
            if old is not None
            else Answer(code=code, raw=value, sheet=submission.sheet, cell="", row=0)
        )
    return dataclasses.replace(submission, answers=answers)


@dataclass(frozen=True)
class _Structure:
    """The parts of a rubric that the gain of one answer depends on, computed once per rubric."""

    node_of: dict[str, Node]
    deps_of: dict[str, tuple[Dependency, ...]]
    dependents: dict[str, tuple[str, ...]]
    scales: Mapping[str, Scale]
    questions: dict[str, str]
    #: Items whose gain is not simply additive: in or under a dependency, or outside a plain sub-komponen.
    linked: frozenset[str]
    #: The items each dependent item's value depends on, directly or through other items.
    sources: dict[str, tuple[str, ...]]
    #: The gates checked, not scored (PMPRB-W405), in the order :func:`unmet_prerequisites` reads them.
    gates: tuple[Dependency, ...]
    #: The items each checked item's prerequisite is, directly or through other items.
    prerequisites: dict[str, tuple[str, ...]]
    #: Each item bound to others by a dependency or a checked gate, with the first code of its group: the
    #: answers of a group add more, or less, together than each alone (see :func:`_fewer_together`).
    group_of: dict[str, str]
    #: Memo of :func:`_gates_reaching`, filled as items are asked for (once per rubric).
    gates_reaching: dict[str, tuple[Dependency, ...]] = dataclasses.field(default_factory=dict)

    def needs(self, code: str) -> tuple[str, ...]:
        """What an item waits for before it is proposed: what its value depends on, and its prerequisites."""
        return tuple(dict.fromkeys((*self.sources.get(code, ()), *self.prerequisites.get(code, ()))))


@per_rubric
def _structure(rubric: Rubric) -> _Structure:
    deps_of = score_dependencies(rubric)  # the map scoring resolves, so both apply the same dependencies
    gates = check_dependencies(rubric)
    gates_of: dict[str, list[Dependency]] = {}
    for gate in gates:
        gates_of.setdefault(gate.item, []).append(gate)
    dependents: dict[str, list[str]] = {}
    for item, deps in deps_of.items():
        for d in deps:
            dependents.setdefault(d.source, []).append(item)
    return _Structure(
        node_of={i.code: n for n in rubric.nodes() for i in n.items},
        deps_of={k: tuple(v) for k, v in deps_of.items()},
        dependents={k: tuple(v) for k, v in dependents.items()},
        scales=rubric.item_scales(),
        questions={i.code: i.question for i in rubric.items()},
        linked=frozenset(
            [
                *(
                    i.code
                    for n in rubric.nodes()
                    for i in n.items
                    if n.kind != "sub" or i.code in deps_of or i.code in dependents
                ),
                *(n.code for n in rubric.graded()),  # a grade: only a full re-scoring tells its gain
            ]
        ),
        sources={code: _sources(deps_of, code) for code in deps_of},
        gates=gates,
        prerequisites={code: _sources(gates_of, code) for code in gates_of},
        group_of=_groups(
            [(g.source, g.item) for g in gates] + [(d.source, item) for item, deps in deps_of.items() for d in deps]
        ),
    )


def _groups(edges: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The connected groups of items that edges bind, each item with its group's first code."""
    parent: dict[str, str] = {}

    def root(code: str) -> str:
        while parent.setdefault(code, code) != code:
            code = parent[code]
        return code

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {code: root(code) for code in parent}


def _combined_gain(st: _Structure, items: Mapping[str, ItemScore], changes: Mapping[str, object]) -> float | None:
    """The index points that changing some answers together adds, computed from the item values alone.

    None when only a full re-scoring can tell (a graded sub-komponen is affected). Only the changed items
    and what depends on them move; each changed value moves its sub-komponen by Δvalue / n × bobot,
    exactly as the mean × bobot of scoring does.
    """
    affected = set(changes)
    frontier = list(changes)
    while frontier:
        for nxt in st.dependents.get(frontier.pop(), ()):
            if nxt not in affected:
                affected.add(nxt)
                frontier.append(nxt)

    if any(c not in st.scales for c in changes):
        return None  # a percentage's counts or a grade: only a full re-scoring tells
    gains = _GainResolver(st, items, changes, affected)
    delta = 0.0
    for c in sorted(affected):
        node = st.node_of.get(c)
        if node is None or node.kind != "sub":
            return None
        delta += (gains.resolve(c) - items[c].value) / len(node.items) * node.weight
    return delta


class _GainResolver:
    """Item values after some answers change, their dependencies applied.

    Methods rather than recursive closures: a closure that calls itself is a reference cycle, which only
    the garbage collector frees (slower, and it kept whole score cards alive between collections).
    """

    def __init__(
        self, st: _Structure, items: Mapping[str, ItemScore], changes: Mapping[str, object], affected: set[str]
    ) -> None:
        self.st, self.items, self.changes, self.affected = st, items, changes, affected
        self.final: dict[str, float] = {}

    def answer(self, c: str) -> object:
        return self.changes[c] if c in self.changes else self.items[c].answer

    def base(self, c: str) -> float:
        scale = self.st.scales[c]
        current = self.items[c]
        if c not in self.changes and (current.status != "ok" or current.answer is None):
            return 0.0
        given = str(self.answer(c))
        return scale.values[given] if scale.kind == "choice" else float(given) / scale.maximum

    def resolve(self, c: str) -> float:
        if c not in self.affected:
            return self.items[c].value
        if c not in self.final:
            self.final[c] = dependent_value(self.base(c), self.st.deps_of.get(c, ()), self.resolve, self.answer)
        return self.final[c]


def action_list(submission: Submission, card: ScoreCard, rubric: Rubric, target: str) -> tuple[tuple[Action, ...], int]:
    """The improvable answers ranked by gain, and how many of the first ones reach the target together."""
    st = _structure(rubric)
    values = {i.code: i for i in card.items}

    def delta(changes: Mapping[str, object]) -> float:
        """The index points that changing these answers together adds (full re-scoring where needed)."""
        fast = _combined_gain(st, values, changes)
        return fast if fast is not None else score(_with_answers(submission, changes), rubric).index - card.index

    actions: list[Action] = []
    held: list[Action] = []  # answers a dependency holds at no gain until its source improves
    # Answers whose prerequisite is not met wait for it too, whatever they would add: raising "WBS telah
    # diimplementasikan" while "Telah terdapat WBS" stays Tidak is a contradiction (PMPRB-W405), not advice.
    canonical: dict[str, object] = {i.code: i.answer for i in card.items}
    unmet = unmet_prerequisites(st.gates, canonical) if st.gates else {}
    for code, (_, best) in _best_answers(rubric).items():
        current = values[code]
        if current.answer == best or (current.status == "ok" and current.value >= 1.0):
            continue
        node = st.node_of[code]
        if code not in st.linked:
            # No dependency either way, in a plain sub-komponen: the gain is this item's own move there.
            scale = st.scales[code]
            best_value = scale.values[str(best)] if scale.kind == "choice" else 1.0
            gain = (best_value - current.value) / len(node.items) * node.weight
        else:
            gain = delta({code: best})
        shown: object = current.answer or "(kosong)"
        given = submission.answers.get(code)
        if given is not None and given.by_evaluator and node.kind == "graded":
            continue  # a criterion the evaluator judged: the evaluator's, as the grade's own action leaves it
        if current.status == "invalid" and given is not None and given.raw not in (None, ""):
            shown = _typed(given.raw)  # 'YA' on an A/B/C item: the answer to replace, not "(kosong)"
        elif current.answer is not None and code in st.scales and st.scales[code].kind == "number":
            shown = float(current.answer)  # a number stays one (2,64 in the rapor, 2.64 in JSON), not its repr
        action = Action(
            code,
            st.questions[code],
            shown,
            best,
            gain,
            cell=_answer_cell(submission, code),
            by_evaluator=_decided(submission, code, current.status == "ok"),
        )
        if code in unmet:
            held.append(action)
        elif gain > 1e-12:
            actions.append(action)
        elif code in st.deps_of:
            held.append(action)
    actions.extend(_percentage_actions(submission, card, rubric, values))
    grades = _grade_actions(submission, card, rubric, values, delta)
    # A blank grade's criteria proposed together hold each of them proposed alone: kept too, those counted
    # steps that add nothing once the criteria are met together.
    together = {a.code for a in grades if a.changes and all(code != a.code for code, _ in a.changes)}
    if together:
        actions = [a for a in actions if a.code not in st.node_of or st.node_of[a.code].code not in together]
    actions.extend(grades)
    actions.sort(key=lambda a: _rank_key(a.gain, a.code))
    if held:
        actions = _with_unlocked(actions, held, st, delta, canonical)
    if meets_target(rubric, card, target):
        return tuple(actions), 0
    verdict = target_verdict(rubric, target)
    if verdict is not None:
        return _towards_verdict(submission, card, rubric, verdict, actions)

    # The shortest prefix that reaches the target: reaching is monotone in the prefix (answers only
    # improve), so a binary search over prefix lengths needs about log2(n) evaluations. A sub-komponen's
    # score is linear in its item values, so the gains of unlinked items add up exactly; only the linked
    # ones (dependencies, graded nodes) need the combined computation. The answer found is confirmed by
    # full re-scoring only when it lies near a rounding edge, where the last float digit could decide.
    additive = [0.0]
    for a in actions:
        additive.append(additive[-1] + (0.0 if a.code in st.linked else a.gain))

    def fast_delta(k: int) -> float | None:
        linked = {a.code: a.proposed for a in actions[:k] if a.code in st.linked}
        combined = _combined_gain(st, values, linked) if linked else 0.0
        return None if combined is None else additive[k] + combined

    def reaches_fully(k: int) -> bool:
        changes = proposed_changes(actions[:k])
        return meets(rubric, score(_with_answers(submission, changes), rubric).predikat, target)

    def reaches_fast(k: int) -> bool:
        delta = fast_delta(k)
        if delta is None:
            return reaches_fully(k)
        return meets(rubric, predikat_for(rubric, card.index + delta).code, target)

    found = _shortest(actions, reaches_fast)
    edges = (found, found - 1) if found > 0 else (len(actions),)
    if not _clear_of_edges(rubric, card.index, fast_delta, edges) and not (
        found > 0 and reaches_fully(found) and (found == 1 or not reaches_fully(found - 1))
    ):
        found = _shortest(actions, reaches_fully)
    if found > 1:

        def reaches_with(chosen: Sequence[Action]) -> bool:
            # As the prefix is judged: the unlinked answers' gains add up exactly, the linked ones combined;
            # a full re-scoring (as much as scoring the workbook) only near a rounding edge.
            linked = {a.code: a.proposed for a in chosen if a.code in st.linked}
            combined = _combined_gain(st, values, linked) if linked else 0.0
            if combined is not None:
                # (the plain sum: near a rounding edge, where its last bit could tell, the answer is re-scored)
                gain = combined + sum(a.gain for a in chosen if a.code not in st.linked)
                if _clear_of_edges(rubric, card.index, lambda _: gain, (1,)):
                    return meets(rubric, predikat_for(rubric, card.index + gain).code, target)
            changes = proposed_changes(chosen)
            return meets(rubric, score(_with_answers(submission, changes), rubric).predikat, target)

        fewer = _fewer_together(actions, found, st, delta, canonical, rubric, card.index, target, reaches_with)
        if fewer is not None:
            listed, needed = _fewer_criteria(*fewer, submission, rubric, values, delta, target)
            return _fewest_grade_answers(actions, listed, needed, submission, rubric, values, delta, target, card)
    listed, needed = _fewer_criteria(tuple(actions), found, submission, rubric, values, delta, target)
    return _fewest_grade_answers(actions, listed, needed, submission, rubric, values, delta, target, card)


def _fewest_grade_answers(
    ranked: Sequence[Action],
    listed: tuple[Action, ...],
    needed: int,
    submission: Submission,
    rubric: Rubric,
    values: Mapping[str, ItemScore],
    delta: Callable[[Mapping[str, object]], float],
    target: str,
    card: ScoreCard,
) -> tuple[tuple[Action, ...], int]:
    """The fewest answers that reach the target when grade steps may take any number of their criteria (LKE AKIP).

    The ranking takes each grade's whole step by its gain and :func:`_fewer_criteria` then cuts the steps it
    took: SETDA (66,70, target BB) was told 5 answers, 2.c's three criteria and two of 2.b's (+0,90), where one
    criterion of 1.c (+1,50) with 2.c's three reaches BB too, and 2.b came before 1.c in a list said to be
    ordered by gain. Each graded sub-komponen adds to the index on its own, so the most index points for each
    count of answers is a knapsack over the steps of every grade (one to all of its unmet criteria) and the
    other steps; the fewest answers whose sum reaches the target, confirmed by full re-scoring, come first,
    by gain. The ranking's steps stand when nothing fewer is found.
    """
    if needed <= 0 or not rubric.graded() or any(a.after for a in ranked):
        return listed, needed  # (an answer held by its gate comes after it: the ranking's order stands)
    answers = sum(a.answers for a in listed[:needed])
    if answers <= 1:
        return listed, needed  # (one step of several answers is no fewest: "2 jawaban" where one does)
    nodes = {n.code: n for n in rubric.graded()}
    # A grade's own step and its criteria listed alone (under a grade typed above them, each raises it) are one
    # group: one of them is taken at most, their gains do not add up.
    node_of = {i.code: n.code for n in rubric.graded() for i in n.items}
    grouped: dict[str, list[Action]] = {}
    for action in ranked:
        grouped.setdefault(node_of.get(action.code, action.code), []).append(action)
    groups: list[list[Action]] = []
    for members in grouped.values():
        steps = list(members)
        for action in members:
            node = nodes.get(action.code)
            criteria = [c for c, _ in action.changes if node is not None and c != node.code]
            if node is not None and criteria:
                # Only the fewest criteria for each grade: one more that reaches no further grade adds nothing. And
                # none: a grade typed below what its criteria met support is raised alone ("1.b = CC", +0,90, was
                # asked with 1.b.1 beside it).
                scale = rubric.scales[node.scale]
                met = sum(1 for i in node.items if values[i.code].value >= 1.0 - 1e-12)
                grade = [_derived_grade(node, scale, (met + k) / len(node.items)) for k in range(len(criteria))]
                cut = (
                    _grade_step(action, node, criteria[:k], submission, rubric, values, delta)
                    for k in range(len(criteria))
                    if k == 0 or grade[k] != grade[k - 1]
                )
                steps += (s for s in cut if s is not None)
        groups.append(steps)
    # most[t]: the most index points t answers add, and the steps that add them (one step of a group at most)
    most: list[tuple[float, tuple[Action, ...]] | None] = [(0.0, ()), *([None] * (answers - 1))]
    for steps in groups:
        extended = list(most)
        for t, held in enumerate(most):
            if held is None:
                continue
            for step in steps:
                u = t + step.answers
                there = extended[u] if u < answers else (math.inf, ())
                if there is None or held[0] + step.gain > there[0] + 1e-12:
                    extended[u] = (held[0] + step.gain, (*held[1], step))
        most = extended
    for held in most[1:]:
        if held is None or not meets(rubric, predikat_for(rubric, card.index + held[0]).code, target):
            continue
        chosen = sorted(held[1], key=lambda a: _rank_key(a.gain, a.code))
        rescored = score(_with_answers(submission, proposed_changes(chosen)), rubric)
        if meets(rubric, rescored.predikat, target):  # (at a rounding edge the sum may be a hair off)
            codes = {a.code for a in chosen} | proposed_changes(chosen).keys()
            return (*chosen, *(a for a in listed if a.code not in codes)), len(chosen)
    # No fewer: the ranking's steps, in the order of their gains once cut (2.b's +0,90 listed before 1.c's +1,50)
    steps = sorted(listed[:needed], key=lambda a: _rank_key(a.gain, a.code))
    return (*steps, *listed[needed:]), needed


def _fewer_criteria(
    actions: tuple[Action, ...],
    needed: int,
    submission: Submission,
    rubric: Rubric,
    values: Mapping[str, ItemScore],
    delta: Callable[[Mapping[str, object]], float],
    target: str,
) -> tuple[tuple[Action, ...], int]:
    """The grade steps among the ``needed`` ones cut to the fewest criteria that still reach the target (LKE AKIP).

    A grade's step fills every unmet criterion, to the grade all of them support; fewer often cross the band
    the target needs: "2 jawaban" where one criterion took 70,00 to 71,25 (BB), 1 to 14 answers too many in
    94 of 220 random units. Each step is cut from the last, judged by full re-scoring with the steps before and
    after it; a step whose fewer criteria add nothing stays as it is.
    """
    if needed <= 0 or not rubric.graded():
        return actions, needed
    nodes = {n.code: n for n in rubric.graded()}
    listed = list(actions)

    def reaches(chosen: Sequence[Action]) -> bool:
        rescored = score(_with_answers(submission, proposed_changes(chosen)), rubric)
        return meets(rubric, rescored.predikat, target)

    for n in reversed(range(needed)):
        node = nodes.get(listed[n].code)
        criteria = [c for c, _ in listed[n].changes if node is not None and c != node.code]
        if node is None or len(criteria) < 2:
            continue
        for kept in range(1, len(criteria)):
            step = _grade_step(listed[n], node, criteria[:kept], submission, rubric, values, delta)
            if step is not None and reaches([*listed[:n], step, *listed[n + 1 : needed]]):
                listed[n] = step
                break
    return tuple(listed), needed


def _grade_step(
    action: Action,
    node: Node,
    kept: Sequence[str],
    submission: Submission,
    rubric: Rubric,
    values: Mapping[str, ItemScore],
    delta: Callable[[Mapping[str, object]], float],
) -> Action | None:
    """A grade's step with only the ``kept`` criteria made Ya, to the grade they support (worded as _grade_actions)."""
    scale = rubric.scales[node.scale]
    best = _best_answers(rubric)
    met = sum(1 for i in node.items if values[i.code].value >= 1.0 - 1e-12)
    proposed = _derived_grade(node, scale, (met + len(kept)) / len(node.items)) if node.items else scale.choices[0]
    current = values[node.code]
    given = submission.answers.get(node.code)
    blank = given is None or (current.status != "invalid" and given.raw in (None, ""))
    typed = parse_choice(scale, given.raw) if given is not None and not blank and current.status == "ok" else None
    lowered = typed is not None and typed != current.answer
    if current.status == "ok" and not blank and scale.values[proposed] <= scale.values[str(current.answer)]:
        return None
    raised = not blank and not (lowered and typed is not None and scale.values[typed] >= scale.values[proposed])
    changes = (*((c, best[c][1]) for c in kept), *(((node.code, proposed),) if raised else ()))
    gain = delta(dict(changes))
    if gain <= 1e-12:
        return None
    above = lowered and typed is not None and scale.values[typed] > scale.values[proposed]
    return dataclasses.replace(
        action,
        question=f"{node.name} (penuhi kriteria {', '.join(kept)})",
        proposed=f"{typed} (dihitung {proposed})" if above else proposed,
        gain=gain,
        changes=changes,
    )


#: The most answers of one group tried in every combination (2^8 - 1 = 255 scorings of the group at most).
_GROUP_TRIED = 8


def _fewer_together(
    actions: list[Action],
    found: int,
    st: _Structure,
    delta: Callable[[Mapping[str, object]], float],
    canonical: Mapping[str, object],
    rubric: Rubric,
    index: float,
    target: str,
    reaches_with: Callable[[Sequence[Action]], bool],
) -> tuple[tuple[Action, ...], int] | None:
    """A smaller set of the listed answers that reaches the target, when answers bound together allow one.

    Ranked by what each adds alone, a gate is listed by its own small gain: A.I.5.iv.b B → A adds 0,13, yet
    0,53 once c (scaled by b) is raised, and b with c reached a target that the ranking reached with one
    answer more (KEC-MEKARSARI: 10 steps where 9 do; b = D, c = Tidak: 3 where b and c are 2). The answers
    of each group bound by dependencies or gates are tried in every combination (groups of two to five in the
    shipped rubrics; past eight answers, in the list's order), the others by their gains; the fewest answers
    whose best combination reaches the target come first, each with what it adds after those before it. None
    when the ranking's prefix is as short.
    """
    grouped: dict[str, list[Action]] = {}
    single: list[Action] = []
    for a in actions:
        group = st.group_of.get(a.code)
        (grouped.setdefault(group, []) if group is not None else single).append(a)
    for group, members in list(grouped.items()):
        if len(members) < 2:
            single += grouped.pop(group)  # (alone in its group: its gain is what it adds)
    if not grouped:
        return None  # (most workbooks: the ranking's prefix is the shortest)

    def reached(gain: float) -> bool:
        return meets(rubric, predikat_for(rubric, index + gain).code, target)

    # A bound first: a group counted as one answer adding all its answers' worth, the best found - 1 answers
    # still fall short: nothing shorter exists.
    together = {group: delta(proposed_changes(members)) for group, members in grouped.items()}
    if not reached(fsum(sorted([a.gain for a in single] + list(together.values()), reverse=True)[: found - 1])):
        return None
    # A group adding no more together than listed, its gains not rising down the list, is as its answers alone:
    # the ranking already takes the best of it first (most groups; the others are what can need fewer).
    # (the plain sum: a last bit either way is within the 1e-9 allowed)
    synergic = {group for group, members in grouped.items() if together[group] > sum(a.gain for a in members) + 1e-9}
    for group, members in list(grouped.items()):
        if group not in synergic and all(b.gain <= a.gain + 1e-12 for a, b in itertools.pairwise(members)):
            single += grouped.pop(group)
    if not grouped:
        return None
    position = {a.code: n for n, a in enumerate(actions)}
    # (equal gains: a gate before its item; the gain as the list ranks it, remembered there)
    single.sort(key=lambda a: (_rank_key(a.gain, a.code)[0], position[a.code]))
    # The best gain of each group with j of its answers. A group whose answers add no more together than
    # listed: its first j in the list (a gate before what it scales, each gain the one it adds there).
    # Only one whose answers add more together (a gate listed by its small gain alone) is tried in every
    # combination whose prerequisites hold: these are few, the combinations of two to five answers.
    options: list[list[tuple[float, tuple[Action, ...]]]] = []
    for group, members in grouped.items():
        nothing: tuple[Action, ...] = ()
        # (a kabupaten's rubric may bind 16 answers to one gate: 65 535 combinations took 14 s a workbook; past
        # _GROUP_TRIED they are taken in the list's order, as the ranking does)
        if group not in synergic or len(members) > _GROUP_TRIED:
            synergic.discard(group)  # (its answers then in the list's order, as listed, below)
            in_order = [(0.0, nothing)]
            for n, a in enumerate(members):
                in_order.append((in_order[-1][0] + a.gain, tuple(members[: n + 1])))
            options.append(in_order)
            continue
        best = [(0.0, nothing)] + [(-math.inf, nothing)] * len(members)
        gates = [g for g in st.gates if st.group_of.get(g.item) == group]
        for mask in range(1, 1 << len(members)):
            chosen = tuple(a for n, a in enumerate(members) if mask >> n & 1)
            changes = proposed_changes(chosen)
            if gates and not unmet_prerequisites(gates, {**canonical, **changes}).keys().isdisjoint(changes):
                continue  # (raising an answer whose prerequisite stays unmet is no advice)
            gain = delta(changes)
            if gain > best[len(chosen)][0] + 1e-12:
                best[len(chosen)] = (gain, chosen)
        options.append(best)
    # Most gain of the groups together for t of their answers (each group's choice of j kept, to name them),
    # then for k answers: the best t of the groups' and the first k - t singles by gain.
    spread = [0.0]
    picks: list[list[int]] = []
    for best in options:
        gains = [gain for gain, _ in best]
        combined: list[float] = []
        pick: list[int] = []
        size = len(spread)
        for total in range(size + len(gains) - 1):
            value, choice = -math.inf, 0
            for j in range(total - size + 1 if total >= size else 0, total + 1 if total < len(gains) else len(gains)):
                here = spread[total - j] + gains[j]
                if here > value:
                    value, choice = here, j
            combined.append(value)
            pick.append(choice)
        spread = combined
        picks.append(pick)
    prefix = [0.0]
    for a in single[: found - 1]:  # (fewer than found answers, or the ranking's prefix stands)
        prefix.append(prefix[-1] + a.gain)

    def most(k: int) -> tuple[float, int]:
        """The most gain of k answers, and how many of them the groups give."""
        some = ((spread[t] + prefix[k - t], t) for t in range(len(spread)) if 0 <= k - t < len(prefix))
        return max(some, default=(-math.inf, 0))

    if not reached(most(found - 1)[0]):
        return None  # (the most k answers add grows with k: one test says no fewer reach)
    low, high = 1, found - 1
    while low < high:  # the fewest that reach
        mid = (low + high) // 2
        low, high = (low, mid) if reached(most(mid)[0]) else (mid + 1, high)
    fewest, t_groups = low, most(low)[1]
    chosen_set: list[Action] = list(single[: fewest - t_groups])
    for best, pick in zip(reversed(options), reversed(picks), strict=True):
        j = pick[t_groups]
        chosen_set += best[j][1]
        t_groups -= j
    if not reaches_with(chosen_set):
        return None  # (at a rounding edge, where only the full score tells: the ranking's prefix stands)
    # Listed by gain: each group's answers in the order of what each adds after those of its group before it
    # (the groups are apart: what one adds does not depend on another's), each after what it needs.
    codes = {a.code for a in chosen_set}
    alone = {a.code for a in single}
    queues: list[list[Action]] = [[a for a in actions if a.code in codes and a.code in alone]]  # (list order)
    for group, members in grouped.items():
        waiting = [a for a in members if a.code in codes]
        if group not in synergic:
            # In the list's order, each with what it adds after those before it: a group past _GROUP_TRIED adds
            # otherwise than its listed gains (A.V.1.a shown +0,2 added 1,4 after its dependents).
            measured: list[Action] = []
            done: dict[str, object] = {}
            before = 0.0
            for a in waiting:
                done = {**done, **proposed_changes((a,))}
                now = delta(done)
                measured.append(dataclasses.replace(a, gain=now - before))
                before = now
            queues.append(measured)
            continue
        ordered: list[Action] = []
        done = {}
        while waiting:
            listed = {a.code for a in ordered}
            ready = [a for a in waiting if all(s in listed for s in st.needs(a.code) if s in codes)] or waiting
            before = delta(done) if done else 0.0
            added = [(delta({**done, **proposed_changes((a,))}) - before, a) for a in ready]
            gain, action = min(added, key=lambda g: _rank_key(g[0], g[1].code))
            at = {a.code: n for n, a in enumerate(ordered)}
            needs = tuple(sorted((s for s in st.needs(action.code) if s in at), key=at.__getitem__))
            ordered.append(dataclasses.replace(action, gain=gain, after=needs))
            done.update(proposed_changes((action,)))
            waiting.remove(action)
        queues.append(ordered)
    merged: list[Action] = []
    while any(queues):
        head = min((q for q in queues if q), key=lambda q: _rank_key(q[0].gain, q[0].code))
        merged.append(head.pop(0))
    # Its own shortest prefix: the fewest were found from the groups' best sums, which in list order (past
    # _GROUP_TRIED) can undercount what they add; measured again, fewer may reach.
    needed = _shortest(merged, lambda k: reaches_with(merged[:k]))
    return (
        *merged,
        *_reordered_rest([a for a in actions if a.code not in codes]),
    ), needed if 0 < needed <= fewest else fewest


def _reordered_rest(rest: list[Action]) -> list[Action]:
    """The actions after the chosen ones, each held one again among those after what it needs, by its gain.

    Its gates moved up into the chosen answers, A.V.4.e (+1,20 after b, c and d) stayed where the ranking had
    put it, behind twelve smaller gains.
    """
    out = [a for a in rest if not a.after]
    for action in (a for a in rest if a.after):
        codes = [a.code for a in out]
        at = max((codes.index(c) + 1 for c in action.after if c in codes), default=0)
        key = _rank_key(action.gain, action.code)
        while at < len(out) and _rank_key(out[at].gain, out[at].code) < key:
            at += 1
        out.insert(at, action)
    return out


def unreachable_because(
    submission: Submission, rubric: Rubric, target: str, actions: Sequence[Action]
) -> tuple[str, ...]:
    """The minimums of a verdict target still missed with every proposed answer applied (the full list).

    "sisanya indikator hasil" was said of a unit whose hasil was 40 of 40 and whose reform area was short;
    the minimums say what holds it (an IPAK survey, a count that cannot move). Empty for a predikat target.
    """
    judged = _judged_grades(submission, rubric)
    verdict = target_verdict(rubric, target)
    if verdict is None:
        # Five hasil cells left blank (42,49 for 72,93) were said "sisanya bergantung pada indikator hasil — hasil
        # survei dan evaluasi nasional": the unit was sent to the survey, when the cells were only empty.
        card = score(submission, rubric)
        unusable = _unusable_indicators(card, rubric)
        # Blank Jumlah cells hold a predikat too: every count of a unit left empty (76,30, target A) was said
        # "sisanya indikator hasil", when filling them gave 87,18.
        rescored = score(_with_answers(submission, proposed_changes(actions)), rubric) if actions else card
        divisors = _divisors_to_fill(rescored, submission, rubric, None)
        # This year's violations on record hold a decrease below 100 %: said where clearing them would decide.
        on_record = _violations_on_record(rescored, submission, rubric, None)
        cleared = _violations_cleared(submission, rubric) if on_record else {}
        if not unusable and not divisors:
            if on_record:
                if meets_target(
                    rubric, score(_with_answers(submission, {**proposed_changes(actions), **cleared}), rubric), target
                ):
                    return (*judged, *on_record)
            return judged
        # Filled at their best, do they reach it? If not, the surveys are short too: said, not hidden behind
        # "isi nilainya" (the mid review's blank IPK beside two survey scores of 0, AA out of reach filled; one
        # blank Jumlah cell named of a unit at 49,25 whom filling it took to 50,00, target BB).
        indicators = {n.code: rubric.scales[n.scale] for n in rubric.indicators()}
        best = {i.code: _best_of(indicators[i.code]) for i in card.items if i.code in indicators and i.status != "ok"}
        changes = {**proposed_changes(actions), **best, **_best_counts(submission, rubric)}
        if meets_target(rubric, score(_with_answers(submission, changes), rubric), target):
            return (*divisors, *judged, *unusable)
        if on_record and meets_target(rubric, score(_with_answers(submission, {**changes, **cleared}), rubric), target):
            # (a blank count beside the violations: "sisanya indikator hasil" was said where the violations held it)
            return (*divisors, *judged, *unusable, *on_record)
        parts = ", ".join(indicator_parts(rubric))
        return (*divisors, *judged, *unusable, f"terisi penuh pun belum cukup: sisanya indikator hasil ({parts})")
    rescored = score(_with_answers(submission, proposed_changes(actions)), rubric)
    unmet = next((v.unmet for v in rescored.verdicts if v.code == verdict.code), ())
    # A survey score left blank counts 0 and is no answer pmprb proposes: "B.II … 0,00 < 14,00 … nilai survei
    # bukan jawaban unit" sent the unit to the survey, when the cell was only empty.
    unusable = _unusable_indicators(rescored, rubric)
    if unmet and unusable:
        return (*unmet, *unusable)
    if not unmet:
        return ()
    divisors = _divisors_to_fill(rescored, submission, rubric, unmet)
    return (*unmet, *divisors, *_violations_on_record(rescored, submission, rubric, unmet), *judged)


def _best_counts(submission: Submission, rubric: Rubric) -> dict[str, object]:
    """Counts that give each percentage with a blank or unread count its full value (for what if: never proposed).

    All of its counts are set, the ones filled too: 1 of 1 handled, 1 violation last year and none this year.
    """
    out: dict[str, object] = {}
    for item in _percentage_items(rubric):
        used = (*item.numerator, *item.denominator)
        if all(_count_of(submission, c) is not None for c in used):
            continue
        out.update(dict.fromkeys(used, 0.0))
        out[item.numerator[0]] = 1.0
        if item.formula != "decrease":
            out[item.denominator[0]] = 1.0  # (decrease: one last year, none this year)
    return out


def _divisors_to_fill(
    card: ScoreCard, submission: Submission, rubric: Rubric, unmet: Sequence[str] | None
) -> tuple[str, ...]:
    """The percentages under a missed minimum (any, for ``None``) that wait on a divisor left blank or 0.

    pmprb proposes no divisor (only the unit knows how many complaints it had to handle), so a unit whose two
    Jumlah cells were empty heard "tidak tercapai walau semua jawaban terbaik … nilai survei dan capaian
    kinerja bukan jawaban unit", when filling the cells was all WBK took.
    """
    labels = _input_labels(rubric)
    out = []
    for item, _ in _percentages_short(card, rubric, unmet):
        divisor = item.numerator if item.formula == "decrease" else item.denominator
        counts = {c: _count_of(submission, c) for c in divisor}
        blank = [c for c, n in counts.items() if n is None]
        if item.formula == "decrease" and not blank and any(_count_of(submission, c) for c in item.denominator):
            continue  # (none last year is a count, not a divisor to check: the violations of this year hold it)
        if blank:
            cells = "; ".join(f"{_cell_of(submission, c)} {labels[c]}" for c in blank)
            out.append(f"pembagi butir {item.code} belum diisi atau tidak sah: {cells} (isi jumlahnya)")
        elif not any(counts.values()):
            cells = "; ".join(f"{_cell_of(submission, c)} {labels[c]}" for c in divisor)
            out.append(f"pembagi butir {item.code} bernilai 0: {cells} (periksa jumlahnya)")
    return tuple(out)


def _percentages_short(
    card: ScoreCard, rubric: Rubric, unmet: Sequence[str] | None
) -> Iterator[tuple[Item, ItemScore]]:
    """The percentage items below 100 %, under a missed minimum (any, for ``None``), each with its score."""
    held = _held_parts(unmet, rubric)
    values = {i.code: i for i in card.items}
    for item in _percentage_items(rubric):
        scored = values.get(item.code)
        if scored is None or scored.value >= 1.0 - 1e-12:
            continue
        if held is None or any(item.code.startswith(f"{h}.") for h in held):
            yield item, scored


def _held_parts(unmet: Sequence[str] | None, rubric: Rubric) -> set[str] | None:
    """The parts (node codes) a verdict's missed minimums name; ``None`` for every part.

    Every part: for a predikat target, or where a missed minimum is a total (the index, pengungkit) that every
    item counts towards (a blank divisor anywhere held "indeks 52,25 < 75,00" unnamed).
    """
    if unmet is None:
        return None
    held = {u.split(" ", 1)[0] for u in unmet}
    return held if held <= _node_codes(rubric) | {"belum"} else None


@per_rubric
def _node_codes(rubric: Rubric) -> frozenset[str]:
    return frozenset(n.code for n in rubric.nodes())


def _violations_on_record(
    card: ScoreCard, submission: Submission, rubric: Rubric, unmet: Sequence[str] | None
) -> tuple[str, ...]:
    """The decreases below 100 % (violations this year against last) held by this year's counts already on record.

    Those counts stay until January, so pmprb proposes none of them down (see _percentage_actions): where the list
    cannot reach the target, what they hold is said with the cell and the count.
    """
    labels = _input_labels(rubric)
    out = []
    for item, scored in _percentages_short(card, rubric, unmet):
        if item.formula != "decrease":
            continue
        if any(_count_of(submission, c) is None for c in item.numerator):
            continue  # (a blank count of last year: _divisors_to_fill says it)
        counted = [(c, n) for c in item.denominator if (n := _count_of(submission, c))]
        if counted:
            cells = "; ".join(f"{_cell_of(submission, c)} {labels[c]} = {as_typed(_as_count(n))}" for c, n in counted)
            out.append(
                f"butir {item.code} paling tinggi {_percent_shown(scored.value)} tahun ini: {cells} sudah tercatat"
            )
        unread = [c for c in item.denominator if _count_of(submission, c) is None and not _blank(submission, c)]
        if unread:
            # ("7 orang" typed: never proposed, and the rapor fell back on "sisanya indikator hasil")
            cells = "; ".join(f"{_cell_of(submission, c)} {labels[c]}" for c in unread)
            out.append(f"butir {item.code}: {cells} tidak terbaca sebagai jumlah (ketik angkanya saja)")
    return tuple(out)


def _violations_cleared(submission: Submission, rubric: Rubric) -> dict[str, object]:
    """This year's counts on record set to 0, with the counts the formula does not use (for what if: never proposed)."""
    out: dict[str, object] = {}
    for item in _percentage_items(rubric):
        if item.formula == "decrease" and any(
            _count_of(submission, c) or not _blank(submission, c) for c in item.denominator
        ):
            # (last year's count stays; this year's and those following it, the sanctions, go to 0)
            out.update((f.code, 0) for f in item.inputs if f.code not in item.numerator)
    return out


def _unusable_indicators(card: ScoreCard, rubric: Rubric) -> tuple[str, ...]:
    """The hasil indicators counted 0 for want of a usable value, as what to do about them ('' parts left out)."""
    indicators = {n.code for n in rubric.indicators()}
    blank = [i.code for i in card.items if i.code in indicators and i.status == "missing"]
    invalid = [i.code for i in card.items if i.code in indicators and i.status == "invalid"]
    said = (f"indikator belum diisi: {', '.join(blank)} (dihitung 0; isi nilainya)",) if blank else ()
    return said + ((f"indikator tidak sah: {', '.join(invalid)} (dihitung 0; perbaiki isiannya)",) if invalid else ())


def _judged_grades(submission: Submission, rubric: Rubric) -> tuple[str, ...]:
    """The graded sub-komponen (LKE AKIP) the evaluator gave a grade below the best: not the unit's to raise.

    Said where the list cannot reach the target: "target tidak tercapai walau semua jawaban terbaik" was all a
    unit heard whose every criterion was met while the evaluator graded three sub-komponen C.
    """
    given = []
    for node in rubric.graded():
        answer = submission.answers.get(node.code)
        if answer is None or not (answer.by_evaluator or answer.evaluator_raw not in (None, "")):
            continue
        scale = rubric.scales[node.scale]
        chosen = parse_choice(scale, answer.raw if answer.by_evaluator else answer.evaluator_raw)
        # Below what the unit's own criteria can earn (BB), not below the best: an evaluator's A (0,9) was named
        # as holding a unit that could reach only BB (0,8) itself.
        own_best = scale.values[node.own_top_grade] if node.own_top_grade else max(scale.values.values())
        if chosen is not None and scale.values[chosen] < own_best:
            given.append(f"{node.code} {chosen}")
    # The criteria the evaluator judged unmet (Ya in the unit's column, Tidak in the evaluator's) are not the
    # unit's to answer either: unnamed, a unit three such criteria from BB heard only "walau semua jawaban terbaik".
    criteria = []
    for node in rubric.graded():
        grade = submission.answers.get(node.code)
        if grade is not None and (grade.by_evaluator or grade.evaluator_raw not in (None, "")):
            continue  # (the evaluator's grade stands whatever its criteria: said above where it holds)
        for item in node.items:
            answer = submission.answers.get(item.code)
            if answer is None or not answer.by_evaluator:
                continue
            scale = rubric.scales[item.scale]
            chosen = parse_choice(scale, answer.raw)
            if chosen is not None and scale.values[chosen] < max(scale.values.values()):
                criteria.append(item.code)
    said: tuple[str, ...] = (
        (f"ditahan nilai huruf evaluator: {', '.join(given)} (penilaian evaluator, bukan jawaban unit)",)
        if given
        else ()
    )
    if criteria:
        said += (
            f"kriteria yang dinilai belum terpenuhi oleh evaluator: {', '.join(criteria)} (lengkapi bukti dukungnya "
            "lalu minta verifikasi ulang)",
        )
    return said


def _percentage_actions(
    submission: Submission, card: ScoreCard, rubric: Rubric, values: Mapping[str, ItemScore]
) -> list[Action]:
    """Percentage items brought to 100 % through their counts: all of those due reported, no violation more.

    They were never proposed: a unit one percentage short of a WBBM area minimum was told its target hung on
    the national surveys. A count left blank is proposed too (an answer left blank is); a divisor that is 0
    or blank is not (nobody to report, or a number only the unit knows).
    """
    st = _structure(rubric)
    out = []
    for item in _percentage_items(rubric):
        current = values[item.code]
        if current.status == "ok" and current.value >= 1.0 - 1e-12:
            continue
        counts = {f.code: _count_of(submission, f.code) for f in item.inputs}
        typed: list[tuple[str, int | float]]
        if item.formula == "decrease":  # (before − after) / before: no violation this year
            # (sanctions of this year's violations, n3 > 0, say there were some: 0 this year is no step either)
            others = [f.code for f in item.inputs if f.code not in (*item.numerator, *item.denominator)]
            if (
                any(counts[c] is None for c in item.numerator)
                or any(counts[c] or not _blank(submission, c) for c in item.denominator)
                or any(counts[c] for c in others)
            ):
                # This year's violations, once counted, stay counted until January: "Jumlah pelanggaran tahun ini
                # = 0" was proposed to 21 of 22 units in need of mentoring, every one with violations already on
                # record — a step no unit can take. Only a count left blank is proposed (none, if none happened):
                # "7 orang" typed is a count to retype as a number (its finding says so), not a 0 to propose.
                # What the counted ones hold back, unreachable_because says.
                continue
            typed = [(c, 0) for c in item.denominator]
        else:  # top / bottom: the first part of the numerator makes up what is missing
            if any(counts[c] is None for c in item.denominator):
                continue
            bottom = fsum(counts[c] or 0.0 for c in item.denominator)
            first, *others = item.numerator
            rest = fsum(counts[c] or 0.0 for c in others)
            if bottom <= 0 or bottom - rest < 0:
                continue
            typed = [(first, _as_count(bottom - rest)), *((c, 0) for c in others if counts[c] is None)]
        if not typed:
            continue
        # The counts the formula does not use follow at 100 % (sanctions of this year's violations, complaints
        # still in progress): left as they were, the proposal contradicted itself (0 violations, 6 sanctioned).
        used = {*item.numerator, *item.denominator}
        typed += [(f.code, 0) for f in item.inputs if f.code not in used and counts[f.code]]
        changes: tuple[tuple[str, object], ...] = tuple(typed)
        node = st.node_of[item.code]
        if item.code in st.linked:
            gain = score(_with_answers(submission, dict(changes)), rubric).index - card.index
        else:  # its own move in a plain sub-komponen, to 1: as exact as re-scoring, without it
            gain = (1.0 - current.value) / len(node.items) * node.weight
        if gain > 1e-12:
            shown = _percent_shown(current.value) if current.status == "ok" else _blank_or_mistyped(submission, item)
            labels = _input_labels(rubric)
            how = "; ".join(f"{_cell_of(submission, c)} {labels[c]} = {as_typed(v)}" for c, v in typed)
            # A count the evaluator entered (or agreed) moves only when the evaluator enters it again: the step is
            # the evaluator's, not one of the unit's own (diffrev19: "3 langkah unit sendiri juga mencapai target"
            # counted one whose count stood in Jawaban Evaluator, and re-scored they fell short).
            theirs = card.checked[0] > 0 and any(_decided(submission, c) for c, _ in typed)
            out.append(Action(item.code, item.question, shown, "100%", gain, (), changes, how, by_evaluator=theirs))
    return out


@per_rubric
def _percentage_items(rubric: Rubric) -> tuple[Item, ...]:
    """The percentage items, in rubric order (found once per rubric, not per workbook)."""
    return tuple(item for item in rubric.items() if item.computed)


@per_rubric
def _input_labels(rubric: Rubric) -> dict[str, str]:
    """Every Jumlah count's label, by code (built once per rubric, not per workbook)."""
    return {f.code: f.label for i in rubric.items() for f in i.inputs}


def _answer_cell(submission: Submission, code: str) -> str:
    """Where an answer is typed ("LKE!K23"), the cell alone; "" where the workbook does not say."""
    answer = submission.answers.get(code)
    return f"{sheet_ref(answer.sheet)}!{answer.cell}" if answer is not None and answer.cell else ""


def _decided(submission: Submission, code: str, valid: bool = True) -> bool:
    """Whether the answer read is the evaluator's (see :attr:`Action.by_evaluator`), or a ``valid`` one it agreed.

    An answer marked "sesuai" or ✓ counts as verified: proposed as one of "N jawaban diperbaiki", typing over it
    raised the verified index with the mark still beside it, nobody verifying again. A ✓ beside a blank or an
    answer that is none ("YA BENAR") agrees with nothing: filling it is the unit's.
    """
    answer = submission.answers.get(code)
    return answer is not None and (answer.by_evaluator or (answer.evaluator_agreed and valid))


def _cell_of(submission: Submission, code: str) -> str:
    """Where a count is typed: "LKE!K256" (its code where the workbook does not say)."""
    answer = submission.answers.get(code)
    if answer is None or not answer.cell:
        return code
    # The verified index counts the evaluator's entry there: the unit mends its data, the evaluator the cell
    # (a unit's rapor read "LKE!O274 (Jawaban Evaluator) … = 5", as if the OPD were to type it).
    whose = " (Jawaban Evaluator, diubah evaluator setelah data unit diperbaiki)" if answer.by_evaluator else ""
    return f"{sheet_ref(answer.sheet)}!{answer.cell}{whose}"


def _typed(raw: object) -> object:
    """An invalid entry as the action list shows it: text or a number, never the date a cell held.

    A date typed into a Ya/Tidak item (Excel makes one of "1/3") went into the JSON as a date object:
    ``pmprb score --format json`` and the whole ``pmprb run`` ended with an internal error.
    """
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"  # as the spreadsheet shows it (and the finding quotes it)
    if isinstance(raw, str):
        return visible(raw)  # (ESC ] 0 ; … BEL in an answer cell retitled the terminal showing the rapor.md)
    if isinstance(raw, int | float):
        return raw
    return raw.isoformat() if isinstance(raw, datetime.date | datetime.time) else str(raw)


def _blank_or_mistyped(submission: Submission, item: Item) -> str:
    """What a percentage that cannot be computed holds: a count mistyped ('dua'), or none."""
    for field in item.inputs:
        answer = submission.answers.get(field.code)
        count = _count_of(submission, field.code)
        # A negative count (-3) is as invalid as 'dua': it was shown "(kosong)" beside its E403.
        if answer is not None and str(answer.raw or "").strip() and (count is None or count < 0):
            typed = as_typed(answer.raw, "id") if isinstance(answer.raw, float) else _typed(answer.raw)
            return f"({field.code} '{typed}' tidak sah)"
    return "(kosong)"


def _percent_shown(value: float) -> str:
    """A percentage as the action list shows it: 50 %, and 99,60 % (not 100 %) for 249 of 250."""
    percent = value * 100
    return f"{format_id(percent, 0 if abs(percent - round(percent)) < 1e-9 else 2)}%"


def _blank(submission: Submission, code: str) -> bool:
    """Whether an answer cell is empty (spaces only count as empty): not typed, as opposed to typed unreadably."""
    answer = submission.answers.get(code)
    raw = answer.raw if answer is not None else None
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _count_of(submission: Submission, code: str) -> float | None:
    """A Jumlah count as scoring reads it (``None`` where scoring reads none: blank, negative, a fraction, too large).

    A mistyped -1 was taken at its word: "sudah melaporkan = -1 + 3 + 0 = 2" was proposed with a gain of
    1,00 that re-scoring never gave (the -1 stays invalid, the percentage 0), and a list "cukup untuk
    mencapai target" fell short. Unread, a count is proposed like a blank one, or holds the item back.
    """
    answer = submission.answers.get(code)
    number = parse_number(answer.raw, whole=True) if answer is not None else None
    if number is not None and (number > MOST_COUNTED or abs(number - round(number)) > 1e-9):
        # 12,5 is PMPRB-E412 and counts nothing: proposed "= 12,5", it "reached" what scoring never gave. A NIP
        # pasted as a count is PMPRB-E403 and counts nothing either: its percentage was brought to 100 % by
        # proposing the same 18 digits as the numerator, a gain re-scoring never gave (jsonrev).
        return None
    if number is None or number >= 0:
        return number
    return 0.0 if number >= -1e-9 else None  # (float noise below 0 reads as 0, as scoring reads it)


def _as_count(value: float) -> int | float:
    """A count to type: whole when it is whole, else without float noise (0,3, not 0,30000000000000004)."""
    value = round(value, 9)
    return int(value) if float(value).is_integer() else value


def _grade_actions(
    submission: Submission,
    card: ScoreCard,
    rubric: Rubric,
    values: Mapping[str, ItemScore],
    delta: Callable[[Mapping[str, object]], float],
) -> list[Action]:
    """Grades of graded sub-komponen (LKE AKIP) to improve, never above what their criteria support.

    A grade given (valid or not: "B+" counts 0) is raised to the grade every criterion met supports, with the
    criteria still unmet made Ya in the same action (criteria alone add nothing under a grade given). Raising
    it only to what the criteria met so far support ("E" → "D") set too low a ceiling: a reachable target was
    said unreachable "because of hasil indicators", which LKE AKIP does not have. A grade the evaluator gave
    is the evaluator's: not proposed.
    """
    out = []
    best = _best_answers(rubric)
    for node in rubric.graded():
        current = values.get(node.code)
        given = submission.answers.get(node.code)
        # (the list is made from the verified view, where the evaluator's grade stands at its own cell)
        if current is None or given is None or given.by_evaluator or given.evaluator_raw not in (None, ""):
            continue
        scale = rubric.scales[node.scale]
        unmet = [i.code for i in node.items if values[i.code].value < 1.0 - 1e-12 and i.code in best]
        # A criterion the evaluator judged unmet is the evaluator's, not the unit's to set: proposed, it claimed
        # a gain re-scoring never gave ("penuhi kriteria 1.c.6", already Ya in the unit's column).
        judged = [c for c in unmet if (a := submission.answers.get(c)) is not None and a.by_evaluator]
        unmet = [c for c in unmet if c not in judged]
        reachable = 1.0 - len(judged) / len(node.items) if node.items else 1.0
        blank = current.status != "invalid" and given.raw in (None, "")
        # A grade the unit typed above what its criteria support counts as they do (PMPRB-W423, W427): the
        # criteria raise it, the grade typed stays. Shown as "C" and proposed as the BB already typed, with
        # each criterion listed again on its own (+5,40 for the +2,70 they add).
        typed = parse_choice(scale, given.raw) if not blank and current.status == "ok" else None
        lowered = typed is not None and typed != current.answer
        if current.status == "invalid":
            shown: object = _typed(given.raw)
        elif lowered:
            if not unmet:
                continue
            shown = f"{typed} (dihitung {current.answer})"
        elif current.status == "ok" and not blank:
            shown = current.answer
        elif blank and unmet:
            # A blank grade is the one its criteria support: one criterion more rarely crosses a band (each
            # alone adds 0, so none was proposed), and "tidak tercapai walau semua jawaban terbaik" was said of
            # a unit that every criterion met takes from 60,35 to 77,15 (BB). The criteria go together.
            shown = current.answer or "(kosong)"
        else:
            continue
        changes: tuple[tuple[str, object], ...] = ()
        question = node.name
        proposed = _derived_grade(node, scale, reachable)  # every criterion the unit can meet: their grade
        if unmet:  # the criteria still unmet, with the grade all of them support (never above it)
            # A blank grade stays blank: the criteria make it. A grade typed is raised with them, also one typed
            # above what its criteria support so far but below what they will ("B (dihitung C)"): left as
            # typed, it capped the criteria at B while the action said "→ BB" and the steps needed were short.
            raised = not blank and not (lowered and typed is not None and scale.values[typed] >= scale.values[proposed])
            changes = (*((c, best[c][1]) for c in unmet), *(((node.code, proposed),) if raised else ()))
            question = f"{node.name} (penuhi kriteria {', '.join(unmet)})"
        if current.status == "ok" and scale.values[proposed] <= scale.values[str(current.answer)]:
            continue  # already that grade or above it (W415 speaks of one above)
        gain = delta(dict(changes) if changes else {node.code: proposed})
        if gain <= 1e-12:
            continue
        # An A typed over criteria counted CC stays typed: "A (dihitung CC)" → "BB" read as lowering the A.
        above = lowered and typed is not None and scale.values[typed] > scale.values[proposed]
        to: object = f"{typed} (dihitung {proposed})" if above else proposed
        cell = _answer_cell(submission, node.code)
        out.append(
            Action(
                node.code,
                question,
                shown,
                to,
                gain,
                (),
                changes,
                cell=cell,
                by_evaluator=_decided(submission, node.code, current.status == "ok"),
            )
        )
    return out


def _derived_grade(node: Node, scale: Scale, share: float) -> str:
    """The grade a share of criteria met supports (the rubric's ``derive`` table, as scoring reads it)."""
    return next((g for minimum, g in node.derive if share >= minimum - 1e-12), scale.choices[-1])


def _towards_verdict(
    submission: Submission, card: ScoreCard, rubric: Rubric, verdict: Verdict, actions: list[Action]
) -> tuple[tuple[Action, ...], int]:
    """The actions reordered for a verdict (WBK), and how many of the first ones pass it together.

    A verdict is missed on minimums (an area under 60 % of its weight, pengungkit under 40), not on the index
    alone. Ranked by gain alone, the list filled one short area with answers before the next: 35 answers
    where 15 passed. So answers are taken one at a time by how much of the shortfalls still open they close
    (an area's, pengungkit's, the index's), the largest first, until none is open; the rest follow by gain.
    Greedy, not exhaustive: a review of 398 units short in several areas found it one answer longer than the
    fewest in 21, and never longer than the order by gain. An answer listed after what it needs still comes
    after it. Passing is checked by full re-scoring.
    """
    needs = _shortfalls(rubric, card, verdict)
    under = _ancestors(rubric)
    by_code = {a.code: a for a in actions}
    ordered: list[Action] = []
    taken: set[str] = set()
    remaining = list(actions)

    def closes(action: Action) -> float:
        return fsum(
            min(action.gain, need) for key, need in needs.items() if need > 1e-9 and key in under.get(action.code, ())
        )

    def take(action: Action) -> None:
        for needed in action.after:  # a gate first, with its own share of the shortfalls
            if needed in by_code and needed not in taken:
                take(by_code[needed])
        for key in list(needs):
            if key in under.get(action.code, ()):
                needs[key] -= action.gain
        ordered.append(action)
        taken.add(action.code)

    while remaining and any(need > 1e-9 for need in needs.values()):
        best = max(remaining, key=closes)  # the first of equals: the larger gain, as ranked
        if closes(best) <= 1e-12:
            break  # what is still open no answer closes (a survey): the rest by gain
        take(best)
        remaining = [a for a in remaining if a.code not in taken]
    ordered += remaining
    actions = ordered

    def passes_with(chosen: Sequence[Action]) -> bool:
        rescored = score(_with_answers(submission, proposed_changes(chosen)), rubric)
        return any(v.code == verdict.code and v.passed for v in rescored.verdicts)

    def passes(k: int) -> bool:
        return passes_with(actions[:k])

    needed = _shortest(actions, passes)
    if needed > 1:
        # The greedy order can take a step a later one made unneeded (an area's shortfall closed twice over): 18
        # steps, one a data target, where the other 17 passed WBK (1–3 steps too many in 15 of 40 ZI units). Each
        # step is dropped, the last taken first, where the others still pass without it (nor need it first).
        chosen = list(actions[:needed])
        for action in reversed(actions[:needed]):
            trial = [a for a in chosen if a is not action]
            if not any(action.code in a.after for a in trial) and passes_with(trial):
                chosen = trial
        if len(chosen) < needed:
            kept = {id(a) for a in chosen}
            actions = chosen + [a for a in actions if id(a) not in kept]
            needed = _shortest(actions, passes)
    return tuple(actions), needed


def _shortfalls(rubric: Rubric, card: ScoreCard, verdict: Verdict) -> dict[str, float]:
    """How far each node (or "pengungkit", "index") is under its minimum, for a verdict and those it requires."""
    places = rubric.predikat_decimals  # every score as shown, as scoring.judge compares them

    def shown(value: float) -> float:
        return float(rounded_half_up(value, places))

    scores = {n.code: shown(n.score) for n in card.nodes}
    totals = {"index": shown(card.index), "pengungkit": shown(card.pengungkit), "hasil": shown(card.hasil)}
    needs: dict[str, float] = {}
    chain: Verdict | None = verdict
    while chain is not None:
        for key, minimum in chain.minimums.items():
            gap = minimum - (totals[key] if key in totals else scores[key])
            if gap > 1e-9:
                needs[key] = max(needs.get(key, 0.0), gap)
        for area in rubric.areas():
            if chain.area_share and area.role == "pengungkit":
                gap = chain.area_share * area.weight - scores[area.code]
                if gap > 1e-9:
                    needs[area.code] = max(needs.get(area.code, 0.0), gap)
        chain = target_verdict(rubric, chain.requires) if chain.requires else None
    return needs


@per_rubric
def _ancestors(rubric: Rubric) -> dict[str, frozenset[str]]:
    """Item (or node) code → the nodes above it and itself, with "index" and its root's role ("pengungkit")."""
    out: dict[str, frozenset[str]] = {}

    def visit(node: Node, above: tuple[str, ...]) -> None:
        here = (*above, node.code)
        out[node.code] = frozenset(here)  # a graded sub-komponen is proposed by its own code
        for item in node.items:
            out[item.code] = frozenset(here)
        for child in node.children:
            visit(child, here)

    for root in rubric.roots:
        visit(root, ("index", root.role))
    return out


def _with_unlocked(
    actions: list[Action],
    held: list[Action],
    st: _Structure,
    delta: Callable[[Mapping[str, object]], float],
    canonical: Mapping[str, object],
) -> list[Action]:
    """The ranked actions with the answers a dependency holds at zero put back, each after what it needs.

    Raising c, scaled by a gate b that gives 0, adds nothing on its own, so c never ranks; yet b and c
    together may be exactly what reaches the target (left out, the list would say it cannot be reached).
    Each held answer is listed with the gain it adds once its sources (transitively) are done, after the
    last of them, and among the actions after it by that gain: right after its gate when it adds more
    than what follows, further down when it adds less (placed at once after its gate, a small one pushed
    a larger gain out of the shortest prefix, which then needed one answer more). A chain
    (e × d × c × b) resolves in turn: d follows c once c is listed. An answer whose sources cannot
    improve, or that still adds nothing, stays out. So does one whose prerequisite (a checked gate) the
    answers listed before it leave unmet.
    """
    out = list(actions)
    keys = [_rank_key(a.gain, a.code) for a in out]  # kept beside ``out``: compared for every insertion
    # The codes of ``out`` in its order, kept beside it too: the few sources an answer needs are found by a
    # scan in C, where a dict of every code's place, made again for each held answer, cost more than the rest.
    codes = [a.code for a in out]
    listed = set(codes)
    # Sources before what they scale (a source has fewer sources than its dependents), so that each is
    # listed, with its own gain, before anything that needs it is placed.
    pending = sorted(held, key=lambda a: (len(st.needs(a.code)), a.code))
    while pending:
        waiting: list[Action] = []
        for action in pending:
            position = {s: codes.index(s) for s in st.needs(action.code) if s in listed}
            needs = sorted(position, key=position.__getitem__)
            done = proposed_changes(out[position[s]] for s in needs)
            # (a merged copy, made in C, costs less than a ChainMap's Python-level lookups: 5,8 vs 8,5 M
            # instructions per workbook for the whole action list in bench_instructions)
            gates = _gates_reaching(st, action.code)
            if _unmet_with(action.code, gates, canonical, done):
                waiting.append(action)
                continue
            # Only the prerequisites its answer still waits for: c checked on b ≠ D, b on a ≠ Tidak, with a =
            # Tidak and b = B, waits for a alone (b = B meets c's once a is Ya), yet was listed after b → A too,
            # one answer more than the shortest list. (A source of its value always stays: it sets the gain.)
            for source in [s for s in reversed(needs) if s not in st.sources.get(action.code, ())]:
                if len(needs) == 1:
                    break  # (it waits for its last one: it was held at the answers as they are)
                fewer = [s for s in needs if s != source]
                without = proposed_changes(out[position[s]] for s in fewer)
                if not _unmet_with(action.code, gates, canonical, without):
                    needs, done = fewer, without
            if action.code in st.deps_of:
                gain = delta({**done, action.code: action.proposed}) - delta(done) if needs else 0.0
            else:  # held by a checked gate only: what it adds does not depend on its prerequisite's answer
                gain = action.gain if needs else 0.0
            if gain > 1e-12:
                at = position[needs[-1]] + 1
                key = _rank_key(gain, action.code)
                while at < len(out) and keys[at] < key:
                    at += 1
                # (built directly: dataclasses.replace looks up every field each time)
                out.insert(
                    at,
                    Action(
                        action.code,
                        action.question,
                        action.current,
                        action.proposed,
                        gain,
                        tuple(needs),
                        action.changes,
                        action.how,
                        action.cell,
                        action.by_evaluator,
                    ),
                )
                keys.insert(at, key)
                codes.insert(at, action.code)
                listed.add(action.code)
            else:
                waiting.append(action)
        if len(waiting) == len(pending):
            break
        pending = waiting
    return out


def _gates_reaching(st: _Structure, code: str) -> tuple[Dependency, ...]:
    """The checked gates that decide whether ``code``'s prerequisite is met, in :func:`unmet_prerequisites`' order.

    Those on the item itself and on its prerequisites (transitively): no other gate changes its verdict there.
    Kept per structure (once per rubric).
    """
    found = st.gates_reaching.get(code)
    if found is None:
        chain = {code, *st.prerequisites.get(code, ())}
        found = st.gates_reaching[code] = tuple(g for g in st.gates if g.item in chain)
    return found


def _unmet_with(
    code: str, gates: Sequence[Dependency], canonical: Mapping[str, object], changed: Mapping[str, object]
) -> bool:
    """Whether ``code`` is in ``unmet_prerequisites(gates, {**canonical, **changed})``, without the merged copy."""
    unmet: set[str] = set()
    for gate in gates:
        if gate.item in unmet:
            continue
        source = gate.source
        answer = changed[source] if source in changed else canonical.get(source)
        if answer in gate.answers or source in unmet:
            unmet.add(gate.item)
    return code in unmet


@functools.lru_cache(maxsize=4096)
def _rank_key(gain: float, code: str) -> tuple[float, str]:
    """The order of the action list: larger gain first (equal to 12 decimals counts equal), then code.

    Remembered: a workbook's actions are ordered again and again (the list, the held answers put back, the
    fewer-together search), and round(…, 12) formats the float as decimal digits each time.
    """
    return -round(gain, 12), code


def _sources(deps_of: Mapping[str, Sequence[Dependency]], code: str) -> tuple[str, ...]:
    """The items an item's value depends on, directly or through other items."""
    found: dict[str, None] = {}  # (in the order found; a list's `in` made a chain of 3 000 take 50 s)
    frontier = [code]
    while frontier:
        for dep in deps_of.get(frontier.pop(), ()):
            if dep.source not in found:
                found[dep.source] = None
                frontier.append(dep.source)
    return tuple(found)


def _clear_of_edges(
    rubric: Rubric, index: float, fast_delta: Callable[[int], float | None], prefixes: tuple[int, ...]
) -> bool:
    """Whether the indices after each given prefix of actions are far (1e-9) from any rounding edge.

    The incremental index differs from a full re-scoring only in the last float digits (about 1e-13);
    away from a rounding edge both round, and so band, the same.
    """
    scale = 10.0**rubric.predikat_decimals
    for n in prefixes:
        delta = fast_delta(n) if n else 0.0
        if delta is None:
            return False
        shifted = (index + delta) * scale
        # Half-up rounding to the shown decimals flips where the fraction is one half.
        if abs(shifted - math.floor(shifted) - 0.5) / scale < 1e-9:
            return False
    return True


def own_answers_reach(
    submission: Submission, card: ScoreCard, rubric: Rubric, target: str, actions: Sequence[Action], needed: int
) -> int:
    """How far down ``actions`` the unit's own steps alone reach the target, when the plan needs the evaluator.

    The shortest plan may raise an answer the evaluator judged (``by_evaluator``): it rises only when the
    evaluator verifies again, which the unit cannot make happen by a date. Mentoring then asks what the unit's
    own answers reach without it (a review: one re-verification reached BB where three of the unit's own answers
    did too, and the rapor showed only the first). The steps are those of the same ranking with the evaluator's
    left out, and so is any step listed after one of them (a gate the evaluator judged holds it at its gain);
    the least prefix is found by full re-scoring (reaching is monotone in it: answers only improve).

    Returns k such that the own steps of ``actions[:k]`` reach the target, -1 when all of them do not, and 0
    when there is nothing to tell: the plan needs no evaluator step, or no plan reaches or is needed.
    """
    if needed <= 0 or not any(a.by_evaluator for a in actions[:needed]):
        return 0
    theirs = {a.code for a in actions if a.by_evaluator}
    places = [n for n, a in enumerate(actions) if not a.by_evaluator and theirs.isdisjoint(a.after)]
    own = [actions[n] for n in places]

    def reaches(k: int) -> bool:
        return meets_target(rubric, score(_with_answers(submission, proposed_changes(own[:k])), rubric), target)

    found = _shortest(own, reaches)
    return -1 if found < 0 else places[found - 1] + 1


def _shortest(actions: list[Action], reaches: Callable[[int], bool]) -> int:
    """The least k such that the first k actions reach the target, or -1 when even all do not."""
    if not actions or not reaches(len(actions)):
        return -1
    low, high = 1, len(actions)
    while low < high:
        mid = (low + high) // 2
        if reaches(mid):
            high = mid
        else:
            low = mid + 1
    return low


@dataclass(frozen=True)
class RankInput:
    """What ranking needs of one unit."""

    file: str
    submission: Submission
    card: ScoreCard
    verified: ScoreCard | None
    actions: tuple[Action, ...] | None = None
    actions_needed: int = 0
    held_by: tuple[str, ...] = ()
    own_reach: int = 0


def rank_units(
    units: Sequence[RankInput],
    rubric: Rubric,
    registry: Registry | None,
    target: str,
    *,
    with_actions: bool = True,
) -> tuple[Ranked, ...]:
    """Rank every unit overall and within its jenis, with gap to target and (optionally) its action list."""
    rows = []
    for u in units:
        unit = None
        if registry is not None:
            unit = registry.of_workbook(u.submission.unit_code, u.submission.unit_name)
        kode = unit.kode if unit else u.submission.unit_code
        nama = unit.nama if unit else u.submission.unit_name
        jenis = unit.jenis if unit else jenis_of(nama, u.submission.unit_jenis)
        # The verified index (with the evaluator's answers) ranks when an evaluator has answered.
        ranking_card = u.verified or u.card
        rows.append((u, kode, nama, jenis, ranking_card))
    rows.sort(key=lambda r: (-rounded_half_up(r[4].index, rubric.predikat_decimals), r[1], r[0].file))
    keys = [rounded_half_up(r[4].index, rubric.predikat_decimals) for r in rows]
    overall = competition_ranks(keys)
    in_jenis: dict[int, int] = {}
    by_jenis: dict[str, list[int]] = {}
    for n, r in enumerate(rows):
        by_jenis.setdefault(r[3], []).append(n)
    for members in by_jenis.values():
        for n, rank in zip(members, competition_ranks([keys[m] for m in members]), strict=True):
            in_jenis[n] = rank
    out = []
    for n, (u, kode, nama, jenis, card) in enumerate(rows):
        actions: tuple[Action, ...] = ()
        needed = 0
        held_by = u.held_by
        own_reach = u.own_reach
        if u.actions is not None:
            actions, needed = u.actions, u.actions_needed  # computed where the file was read
        elif with_actions:
            view = u.submission if u.verified is None else evaluator_submission(u.submission, rubric)
            actions, needed = action_list(view, card, rubric, target)
            held_by = unreachable_because(view, rubric, target, actions) if needed < 0 else ()
            own_reach = own_answers_reach(view, card, rubric, target, actions, needed)
        out.append(
            Ranked(
                file=u.file,
                kode=kode,
                nama=nama,
                jenis=jenis,
                period=u.submission.period,
                index=card.index,
                predikat=card.predikat,
                rank=overall[n],
                rank_in_jenis=in_jenis[n],
                target=target,
                gap=gap_to(rubric, card.index, target),
                meets_target=meets_target(rubric, card, target),
                actions=actions,
                actions_needed=needed,
                self_index=u.card.index,
                verified_index=u.verified.index if u.verified else None,
                held_by=held_by,
                checked=u.verified.checked if u.verified else (0, 0),
                own_reach=own_reach,
            )
        )
    return tuple(out)


def unchecked_prerequisites(rubric: Rubric) -> dict[str, str]:
    """What a verdict asks beyond the workbook, by verdict code: WBBM is for a unit already named WBK.

    The minimums of WBBM include those of WBK, so "requires WBK" adds nothing the LKE can show; the
    designation itself (given by Kemenpan-RB) is in no workbook. A unit meeting WBBM's minimums in its first
    month read "Wilayah Birokrasi Bersih dan Melayani: memenuhi syarat".
    """
    return {
        v.code: f"prasyarat berpredikat {v.requires} (ditetapkan Kemenpan-RB) tidak tercatat di LKE dan tidak "
        "diperiksa pmprb"
        for v in rubric.verdicts
        if v.requires
    }


def default_target(rubric: Rubric) -> str:
    """The rubric's own target (a predikat, or WBK for Zona Integritas), or BB (the seeds' next step)."""
    return rubric.target or ("BB" if any(b.code == "BB" for b in rubric.predikat) else rubric.predikat[0].code)
