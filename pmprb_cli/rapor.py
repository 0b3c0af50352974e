"""What a rapor shows: the kabupaten page and each unit's page, computed from a :class:`Batch`, without markup.

The templates (rendered by :mod:`pmprb_cli.reporting`) only lay these records out and draw the charts. Every
value comes from the batch, its rubric and the history given, never from the clock and never from a path
beyond a file's name, so the same inputs give the same pages.

History is a sequence of :class:`HistoryPoint` (one unit in one earlier period); the monthly run reads it
from its database. Periods are ``YYYY-MM``; a triwulan is shown by its last month present (the capaian at
the end of the quarter), written ``YYYY-Qn`` so the templates can name it.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pmprb_cli.batch import AWARD_KECAMATAN, AWARD_KELURAHAN, AWARD_PD, Batch, not_ranked_reason
from pmprb_cli.catalogue import CATALOGUE
from pmprb_cli.checks import masked_contacts, one_pemda_written, unit_key, unit_of_unreadable
from pmprb_cli.files import is_windows_reserved, without_hidden_characters
from pmprb_cli.models import (
    Answer,
    FailedInput,
    Finding,
    Node,
    NodeScore,
    Rubric,
    ScoreCard,
    Severity,
    Submission,
    Verdict,
    VerdictResult,
    as_typed,
    denoised,
    fsum,
    rounded_half_up,
    sheet_ref,
    shown_difference,
    visible,
)
from pmprb_cli.output import number_ranges, rounding_edge_words, typed_values
from pmprb_cli.pipeline import FileResult, findings_for_evaluator, perhaps_sent_words
from pmprb_cli.ranking import (
    Action,
    Ranked,
    indicator_parts,
    meets_target,
    predikat_order,
    target_band,
    target_floor,
    target_verdict,
    unchecked_prerequisites,
)
from pmprb_cli.registry import (
    JENIS,
    Registry,
    Unit,
    before_merger,
    jenis_label,
    listed_by_period,
    merged_kodes,
    merger_rows,
    renamed_kodes,
    under_current_kodes,
)
from pmprb_cli.rubric import area_names, parse_choice
from pmprb_cli.scoring import evaluator_answered, evaluator_checked, predikat_for

PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
NEXT_ACTIONS = 5
# More findings of one code than this become one row listing every cell (146 empty Bukti Dukung cells
# would otherwise bury the two errors that matter).
GROUP_AT = 10
UNREACHABLE_ACTIONS = 10
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# "index" would overwrite the kabupaten page; the others cannot be created on Windows.


@dataclass(frozen=True)
class HistoryPoint:
    """One unit's result in an earlier period, as the history keeps it."""

    period: str
    kode: str
    index: float
    predikat: str
    #: Whether that index was the verified one (an evaluator answered): a change across the two bases is no
    #: progress of the unit's ("Sejak Juli +1,67" was August verified against July self-assessed). ``None``:
    #: not known (a period recorded by the first version of the history).
    verified: bool | None = False
    #: The rubric that period was scored with: (id, version, checksum); empty parts are not known.
    rubric: tuple[str, str, str] = ("", "", "")
    #: How many answers of that verified index the evaluator gave (``None``: self-assessed, or not known).
    evaluator_answers: int | None = None
    #: The kabupaten that period was recorded for ("": not known).
    kabupaten: str = ""
    #: The target that period was recorded with ("": not known).
    target: str = ""


def evaluation_basis(verified_index: float | None, evaluator_answers: int | None) -> int | None:
    """What an index stands on: ``None`` self-assessed, else the evaluator's answers behind it (-1: not known)."""
    if verified_index is None:
        return None
    return -1 if evaluator_answers is None else evaluator_answers


def bases_differ(a: int | None, b: int | None) -> bool:
    """Whether two indexes stand on different bases (a change between them carries that difference: the †).

    Verified and self-assessed, or verified on other numbers of the evaluator's answers (both known).
    """
    if (a is None) != (b is None):
        return True
    return a is not None and b is not None and a >= 0 and b >= 0 and a != b


#: The kode of the one point that stands for a period run with no unit scored (every file unreadable).
NO_UNIT = ""

#: What a unit ranked without a kode is kept under, with its file: no kode is spelt so, so it pairs with no
#: month of any unit, and still counts in its month's average (left out, the August rapor said July's average
#: was 58,21 over 2 units where July's run, rapor and `pmprb history` said 65,92 over 3).
WITHOUT_KODE = "\x01"

#: Classes of rubric versions, as (id, version), that score alike (see :func:`versions_alike`).
Alike = frozenset[frozenset[tuple[str, str]]]


def same_rubric(a: tuple[str, str, str], b: tuple[str, str, str], alike: Alike = frozenset()) -> bool:
    """Whether two periods were scored alike: one rubric id and version, or two versions that score alike.

    One version: the checksum too, where both know it. ``alike``: the classes of versions that score exactly
    alike (v1.1.1 scores as v1.1.0); two versions in no class together are two rubrics. An index under
    another rubric (other weights, another instrument) is no point on the same trend: a switch to Zona
    Integritas read as "▼ -39,68 sejak Juni".
    """
    if not a[0] or not b[0]:
        return True  # (not known: a point recorded without it)
    if a[0] != b[0]:
        return False
    if a[1] == b[1]:
        if a[2] == b[2] or not a[2] or not b[2]:
            return True
        # Two files of one version that score alike (a comment added): ``alike`` holds their ``version@checksum``.
        a, b = (a[0], f"{a[1]}@{a[2]}", ""), (b[0], f"{b[1]}@{b[2]}", "")
    return any((a[0], a[1]) in c and (b[0], b[1]) in c for c in alike)


def versions_alike(*rubrics: Rubric) -> Alike:
    """The versions that score alike: each rubric's own and its ``scores_as``, joined through those they share.

    Given the current rubric and those the history kept: with July recorded as v1.1.3 (scores as 1.1.2) and
    pmprb.toml now on v1.2.0 (scores as 1.1.3), June's v1.1.2 and July were judged by v1.2.0's word alone —
    "rubrik lain" — and July's change left the trend while the rapor of that month still showed it.

    A claim is checked wherever the claimed version is at hand: only rubrics of one scoring form
    (:attr:`Rubric.scoring_form`) join. A kabupaten's copy with its own A–D values kept the shipped file's
    ``scores_as = ["1.1.0", "1.1.1"]`` and was trended through 1.1.0 as the shipped 1.1.2 ("+4,27", 0,84 of
    it the change of formula). A version no rubric at hand has joins each form that claims it, none to another.
    """
    forms: dict[tuple[str, str], set[str]] = {}
    for rubric in rubrics:
        forms.setdefault((rubric.id, rubric.version), set()).add(rubric.scoring_form)
    parent: dict[tuple[str, str, str], tuple[str, str, str]] = {}

    def root(node: tuple[str, str, str]) -> tuple[str, str, str]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for rubric in rubrics:
        form = rubric.scoring_form  # (a claimed version is taken in the claimer's form)
        for version in rubric.scores_as:
            if form not in forms.get((rubric.id, version), {form}):
                continue  # the claimed version is at hand and scores otherwise
            a, b = root((rubric.id, rubric.version, form)), root((rubric.id, version, form))
            if a != b:
                parent[a] = b
    classes: dict[tuple[str, str, str], set[tuple[str, str]]] = {}
    for node in list(parent):
        classes.setdefault(root(node), set()).add(node[:2])
    # Files of one version whose bytes differ but not their scoring form (a kabupaten's own rubric with a comment
    # added): one class of ``version@checksum``. Its trend read "rubrik lain … dengan isi lain" and dropped
    # every month before.
    files: dict[tuple[str, str, str], set[str]] = {}
    for rubric in rubrics:
        files.setdefault((rubric.id, rubric.version, rubric.scoring_form), set()).add(rubric.checksum)
    same_form = [{(i, f"{v}@{c}") for c in sums} for (i, v, _), sums in files.items() if len(sums) > 1]
    return frozenset(frozenset(c) for c in [*classes.values(), *same_form] if len(c) > 1)


@dataclass(frozen=True)
class Bar:
    """One bar or point of a chart: its label, its value, the length of its track, its tone and its link."""

    label: str
    value: float
    limit: float = 0.0
    tone: str = "neutral"
    href: str = ""
    #: For a triwulan whose last month is not in yet: the month (``YYYY-MM``) its bar stands for.
    through: str = ""
    #: For such a triwulan: its later months that were run without a score (the quarter is over, not unfinished).
    unscored: tuple[str, ...] = ()
    #: For a month of a trend: the index its own target asked (its period's recorded target), None if not known.
    floor: float | None = None
    #: That target, where the trend's targets differ ("" otherwise): the chart's text names each point's.
    target: str = ""


@dataclass(frozen=True)
class UnitRow:
    """One ranked unit as the kabupaten page lists it."""

    ranked: Ranked
    page: str
    file_name: str
    award: str
    previous: float | None
    answered: float
    missing: int
    invalid: int
    no_evidence: int
    errors: int
    warnings: int
    evaluator_changes: int

    #: The evaluator's entries pmprb could not use, said as findings (a "tidak sesuai" in words, a choice typed
    #: in Catatan Evaluator): a row reading "0,00 selisih, 5 diisi" looked confirmed (verifrev).
    evaluator_findings: int = 0
    #: The decimals the rubric shows an index with: changes are differences of indexes as shown.
    decimals: int = 2
    #: The answers blank or invalid, each counted 0, in the index shown (the verified one where there is one):
    #: "1 jawaban kosong atau tidak sah, dihitung 0" stood beside a verified 100,00 whose evaluator had
    #: answered the item the unit left blank (``missing`` and ``invalid`` are the unit's own filling).
    zeroed: int = 0
    #: The predikat of the unit's own answers, and whether they met the target (verified units: it may differ).
    self_predikat: str = ""
    self_meets_target: bool = False
    #: Whether the previous period's index was a verified one (``None`` without a previous period).
    previous_verified: bool | None = None
    #: How many answers of the previous period's verified index the evaluator gave (``None``: not known).
    previous_checked: int | None = None
    #: Scored in no earlier period of the history (a new unit, or its first sending): no change, and not
    #: "tidak dinilai pada Juni" either — said of a unit created in April as of one that skipped a month.
    first_time: bool = False
    #: Ranked, yet not in the registry (PMPRB-E301): an award to it says so, as the page's banner does.
    unregistered: bool = False
    #: The files whose answers and bukti dukung this one's equal (PMPRB-W313): an award to it says so (two
    #: copies shared "Perangkat daerah terbaik (bersama)" on page 1, W313 said only on their own pages).
    same_answers_as: tuple[str, ...] = ()

    @property
    def previous_basis(self) -> str:
        """Which index the previous period's was, when it is not the kind this period's is ("" otherwise)."""
        if self.previous_verified is None:
            return ""
        then = evaluation_basis(0.0 if self.previous_verified else None, self.previous_checked)
        now = evaluation_basis(self.ranked.verified_index, self.ranked.checked[0])
        if not bases_differ(now, then):
            return ""
        if then is not None and now is not None:
            # Both verified, on other numbers of the evaluator's answers: 2 of 201 in July, all in August read
            # as the unit's "-22,65" with no †.
            return f"terverifikasi dengan {then} jawaban evaluator, kini {now}"
        return "terverifikasi" if then is not None else "mandiri"

    @property
    def checked(self) -> str:
        """How many answers of the verified index are the evaluator's: "67 dari 201" ("" unverified)."""
        done, asked = self.ranked.checked
        return f"{done} dari {asked}" if self.ranked.verified_index is not None else ""

    @property
    def basis(self) -> str:
        """What the ranked index stands on, for the ranking table: "terverifikasi", "sebagian (17 dari 201)"."""
        if self.ranked.verified_index is None:
            return "mandiri"
        return f"sebagian ({self.checked})" if self.partly_checked else "terverifikasi"

    @property
    def partly_checked(self) -> bool:
        """Verified on some answers only: an award to it says so (1 answer of 201 read as "terverifikasi")."""
        done, asked = self.ranked.checked
        return self.ranked.verified_index is not None and done < asked

    @property
    def target_lost_in_verification(self) -> bool:
        """Met the target on the unit's own answers, not on the evaluator's: the rapor said only two numbers."""
        return self.ranked.verified_index is not None and self.self_meets_target and not self.ranked.meets_target

    @property
    def target_won_in_verification(self) -> bool:
        """Met the target on the evaluator's answers, not on the unit's own: said one way only, the other unsaid."""
        return self.ranked.verified_index is not None and not self.self_meets_target and self.ranked.meets_target

    @property
    def change(self) -> float | None:
        """Index points gained since the previous period, or ``None`` without history."""
        return None if self.previous is None else shown_difference(self.ranked.index, self.previous, self.decimals)

    @property
    def over_claim(self) -> float | None:
        """Self-assessed minus verified index, as shown (positive: the unit claimed more than the evaluator found).

        The sign of the rekap's "Selisih mandiri − terverifikasi" and of JSON ``over_claim``: the rapor said
        "Terverifikasi − mandiri" -1,77 beside the rekap's 1,77 for one unit, read at one rapim.
        """
        verified = self.ranked.verified_index
        return None if verified is None else shown_difference(self.ranked.self_index, verified, self.decimals)

    @property
    def jenis_label(self) -> str:
        """The jenis as people write it."""
        return jenis_label(self.ranked.jenis)


@dataclass(frozen=True)
class Footnote:
    """A note the rubric gives for adapted nodes (not from the regulation), and the nodes it covers."""

    number: int
    note: str
    nodes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class GradeRow:
    """One graded sub-komponen of a unit (LKE AKIP): its nilai huruf, where it comes from, and its points."""

    code: str
    name: str
    grade: str
    #: "evaluator", "unit" (as typed), "unit, dibaca X" (typed above its criteria), or "dari kriteria (N%)".
    source: str
    score: float
    weight: float


@dataclass(frozen=True)
class AreaRow:
    """One area of a unit against its weight, with the footnotes that apply inside it."""

    code: str
    name: str
    weight: float
    score: float
    marks: tuple[int, ...]
    #: The unit's own score of the area when an evaluator verified (the over-claim per area was in JSON only).
    self_score: float | None = None
    decimals: int = 2
    #: When verified: how many of the area's answers asked of the evaluator it gave, of how many (as the unit's own
    #: count). An area nobody checked stood under "Nilai terverifikasi" with "Selisih 0,00", as if confirmed.
    checked: tuple[int, int] | None = None

    @property
    def over_claim(self) -> float | None:
        """Self-assessed minus verified score of the area, as shown (``None`` unverified)."""
        return None if self.self_score is None else shown_difference(self.self_score, self.score, self.decimals)

    @property
    def share(self) -> float:
        """The score as shown, as a share of the weight: as the rekap's Per Area and the target's judgement.

        Of the full score, "1,03 / 1,50 → 68%" stood beside the rekap's 68,67 %, and 2,10 / 3 read 70% as BB's
        share while it was judged (as shown) below BB's 70,01 %.
        """
        if not self.weight:
            return 0.0
        return denoised(float(rounded_half_up(self.score, self.decimals)) / self.weight)


@dataclass(frozen=True)
class ActionRow:
    """One proposed answer with the footnotes of the rubric nodes above it."""

    action: Action
    marks: tuple[int, ...]
    #: The Bukti Dukung cell of an answer the unit raises, where it is empty ("LKE!M250"; "" where it holds one):
    #: raised without it, the answer is one the evaluator does not verify (PMPRB-W410).
    evidence_to_fill: str = ""

    @property
    def by_evaluator(self) -> bool:
        """The answer shown as "Jawaban kini" is the evaluator's (the ranked index reads it), not the unit's."""
        return self.action.by_evaluator


@dataclass(frozen=True)
class OwnPlan:
    """What the unit's own answers reach while its plan waits on the evaluator's re-verification.

    A plan of one re-verified answer was the whole page of a unit whose three own answers reached BB too: the
    unit cannot make the evaluator verify again by a date (mentorrev).
    """

    #: The unit's own steps that reach the target (0: they do not, the evaluator's re-verification is needed).
    steps: int
    #: Those of them listed above, by their numbers there ("1–15, 17–23").
    listed: str
    #: Those not listed above, numbered after them.
    beyond: tuple[ActionRow, ...]


def page_file_name(batch: Batch, file: str) -> str:
    """A file as the rapor names it: as the batch shows it, a phone number or NIK in its name masked.

    The rapor is shown at the rapim: "LKE Dinkes - Budi 0812….xlsx" put an operator's number on the screen, where
    files naming no unit are not named at all (privrev).
    """
    return masked_contacts(batch.shown_name(file))


def _own_plan(r: Ranked, rows: Sequence[ActionRow]) -> OwnPlan | None:
    """The unit's own plan beside one that needs the evaluator (None when it needs none)."""
    if not r.own_reach or r.actions_needed <= 0:
        return None
    own = r.own_steps
    places = {row.action.code: n for n, row in enumerate(rows[: r.actions_needed], start=1)}
    codes = {a.code for a in own}
    return OwnPlan(
        len(own),
        number_ranges([places[a.code] for a in own if a.code in places]),
        tuple(row for row in rows if row.action.code in codes and row.action.code not in places),
    )


def _not_repeated(rows: Sequence[ActionRow], before: Sequence[ActionRow]) -> tuple[ActionRow, ...]:
    """The steps beyond the target without those an earlier step already takes (a grade raised with its criteria).

    LKE AKIP's "Langkah berikutnya" listed "2.c … (penuhi kriteria 2.c.3, 2.c.6, 2.c.7) CC → BB +4,50", then 2.c.3,
    2.c.6 and 2.c.7 each as a step of its own (+1,50), which added nothing once the grade's step was taken
    (mentorrev).
    """
    taken = {code for row in before for code, _ in row.action.changes}
    out: list[ActionRow] = []
    for row in rows:
        if row.action.code in taken:
            continue
        out.append(row)
        taken.update(code for code, _ in row.action.changes)
    return tuple(out)


def _evidence_to_fill(action: Action, answer: Answer | None, column: str) -> str:
    """The empty Bukti Dukung cell of an answer a step raises ("" where it holds one, or the step is data).

    An OPD followed its rapor's steps and sent nine raised answers with no bukti dukung (nine PMPRB-W410): the
    list named neither the cell nor the evidence it asks (mentorrev).
    """
    if answer is None or not column or action.reported or action.by_evaluator or answer.has_evidence:
        return ""
    return f"{sheet_ref(answer.sheet)}!{column}{answer.row}"


@dataclass(frozen=True)
class FindingRow:
    """One finding to fix, or several of one code gathered with every cell they name."""

    severity: Severity
    code: str
    where: str
    item: str
    message: str
    hint: str
    count: int = 1


@dataclass(frozen=True)
class EvaluatorRow:
    """One item the evaluator answered differently from the unit, or wrote a note on (Catatan Evaluator)."""

    code: str
    question: str
    unit_answer: object
    evaluator_answer: str
    sheet: str
    cell: str
    note: str = ""
    #: Whether the evaluator's answer differs; if not, ``evaluator_answer`` says what the cell held ("" agreed).
    changed: bool = True


@dataclass(frozen=True)
class Trend:
    """Index by month and by triwulan (periods ``YYYY-MM`` / ``YYYY-Qn``), oldest first."""

    months: tuple[Bar, ...]
    quarters: tuple[Bar, ...]


@dataclass(frozen=True)
class KabupatenView:
    """Everything the kabupaten page shows."""

    batch: Batch
    period: str
    target_floor: float
    #: The verdict the target names (WBK), or None for a predikat.
    target_verdict: Verdict | None
    units: tuple[UnitRow, ...]
    by_jenis: tuple[tuple[str, tuple[UnitRow, ...]], ...]
    best_pd: tuple[UnitRow, ...]
    best_kecamatan: tuple[UnitRow, ...]
    best_kelurahan: tuple[UnitRow, ...]
    below: tuple[UnitRow, ...]
    evaluated: tuple[UnitRow, ...]
    #: Units ranked on their own answers whose evaluator's entries were found but none could be used (a choice in
    #: Catatan Evaluator, PMPRB-W440): on page 1 they were "mandiri" like any unit nobody checked (verifrev).
    evaluator_unread: tuple[UnitRow, ...]
    average: float | None
    average_predikat: str
    distribution: tuple[Bar, ...]
    #: Zona Integritas: units by the highest verdict they pass (WBBM, WBK), then those passing none.
    verdict_bars: tuple[Bar, ...]
    index_bars: tuple[Bar, ...]
    failed: tuple[FailedInput, ...]
    #: The registered unit each unreadable file is named after (by file): "Kecamatan Cibenda (KEC-CIBENDA)". The
    #: unit counted as having sent appeared nowhere by name, only its file.
    failed_units: Mapping[str, str]
    unranked: tuple[FileResult, ...]
    #: A page for each registered unit whose every file could not be read: its head got no paper at the rapim,
    #: the unit named only in a table on page 12 of the kabupaten's rapor (printrev).
    unreadable_pages: tuple[UnreadablePage, ...]
    missing_units: tuple[Unit, ...]
    #: Of the missing units, those whose file may be among the inputs, by kode: what to say (PMPRB-E301).
    perhaps_sent: Mapping[str, str]
    duplicates: tuple[Finding, ...]
    registry_size: int
    previous_period: str
    previous_average: float | None
    previous_count: int
    trend: Trend | None
    past: Mapping[str, Mapping[str, HistoryPoint]]
    #: Earlier periods scored with another rubric, left out of the trend and the changes, in words ("": none).
    other_rubric: str = ""
    #: Earlier periods of the trend recorded for a kabupaten named otherwise, in words ("": none).
    other_kabupaten: str = ""
    #: A registry was given but single files were read: who sent nothing is not known.
    completeness_unchecked: bool = False
    #: Units of the previous period at the target's predikat or better (``None``: no previous period, or a
    #: pass/fail target a predikat cannot tell): the "Mencapai target 18" card said nothing of July's 11.
    previous_meeting: int | None = None
    #: The previous period's own target where it differed from this one's, and how many met that one.
    previous_target: str = ""
    previous_meeting_then: int | None = None
    #: Compared across a new year: the items whose counts are the year's, which start again in January (their
    #: move since December is the calendar's: 40 of 40 units "up" on violations, said as progress).
    new_year_items: tuple[str, ...] = ()
    #: The kodes (casefolded) each earlier period's recorded registry listed, by period, where the history kept it.
    listed_then: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: Each earlier period's own recorded target (today's where not known), by period: its trend is judged so.
    targets_then: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_read(self) -> tuple[str, ...]:
        """The files of the inbox pmprb does not read that no unit listed as not sent is told of.

        "scan rapat.pdf", "LKE.rar": named on the terminal only, where the rapor said nothing of them (messyrev).
        The page counts them without their names, which may name a person ("KTP Budi … NIK ….pdf"; privrev).
        """
        told = {file for file, _, _ in self.batch.assessment.perhaps_sent().values()}
        return tuple(f for f in self.batch.assessment.not_read if f not in told)

    def unlisted_then(self, period: str, kode: str) -> bool:
        """Whether ``period``'s recorded registry is known and held the unit under none of its kodes.

        A unit split off again (DISPERINDAG, part of DISKOPERINDAG from July to September) was "tidak dinilai
        (tidak mengirim …)" for months it was no unit of, and "—" instead of "baru" (reorgrev).
        """
        return _unlisted(self.listed_then, period, self.batch, kode)

    @property
    def average_tone(self) -> str:
        """The average card's colour: the average as shown against the target ("" for a pass/fail target).

        Compared unrounded, 70,007 was "70,01 · predikat BB" in the below-target red.
        """
        if self.target_verdict is not None or self.average is None:
            return ""
        return _tone(self.rubric, self.average, self.batch.target)

    @property
    def rubric(self) -> Rubric:
        """The rubric the batch was scored with."""
        return self.batch.rubric

    @property
    def incomplete_answers(self) -> int:
        """How many units scored have an answer blank or invalid (each counted 0).

        Said beside those who sent nothing: "Belum lengkap 0" read as "the data is complete" over 14 units at 99 %.
        """
        return sum(1 for u in self.units if u.zeroed)

    @property
    def unranked_reasons(self) -> dict[str, str]:
        """Why each readable file is not ranked, by file: a unit's other file, another period, or its errors."""
        return {
            res.file: not_ranked_reason(res, self.batch.period, self.batch.rubric, pointer=True)
            for res in self.unranked
        }

    @property
    def data_steps(self) -> bool:
        """Whether a step towards the target of a unit below it is a figure to report (a count, an achievement)."""
        return any(a.reported for u in self.below for a in u.ranked.actions[: max(u.ranked.actions_needed, 0)])

    @property
    def verdict_rows(self) -> tuple[tuple[Bar, str], ...]:
        """The verdict bars with what each means ("Wilayah Bebas dari Korupsi"; "belum memenuhi syarat")."""
        notes = self.prerequisites
        verdicts = self.rubric.verdicts
        # Each unit once, at the highest it meets: "WBK 1" beside the rekap's "memenuhi syarat WBK 2" (which
        # counts the WBBM unit too) read as two numbers for one thing.
        higher = {v.code: f"; belum {after.code}" for v, after in zip(verdicts, verdicts[1:], strict=False)}
        labels = {
            v.code: v.label
            + higher.get(v.code, "")
            + (f" — syarat nilainya terpenuhi; {notes[v.code]}" if v.code in notes else "")
            for v in verdicts
        }
        return tuple((b, labels.get(b.label, "belum memenuhi syarat")) for b in self.verdict_bars)

    @property
    def prerequisites(self) -> dict[str, str]:
        """What a verdict asks beyond the workbook, by verdict (see ranking.unchecked_prerequisites)."""
        return unchecked_prerequisites(self.rubric)

    @property
    def registry_sent(self) -> int:
        """How many registry units sent a workbook (readable or not: the unreadable ones are listed apart)."""
        return self.registry_size - len(self.missing_units) if self.registry_size else 0

    @property
    def registered_unranked(self) -> int:
        """Registered units without a rank this period: not sent, or sent only what could not be scored or ranked.

        The card of the index counted files ("4 belum mengirim atau tak terbaca" beside "29 dari 31 unit"):
        a stray file, and a ranked unit's broken second copy, were counted as units without a score.
        """
        if not self.registry_size:
            return 0
        return max(self.registry_size - (len(self.units) - len(self.batch.outside_registry)), 0)

    @property
    def coverage_note(self) -> str:
        """Said under the title when fewer units are ranked than the registry holds: whom the figures cover.

        With 1 of 40 units sent, the rapor named the kabupaten's worst unit its best without a word.
        """
        registry = self.batch.registry
        if not self.registry_size or self.completeness_unchecked or registry is None:
            return ""  # (files named one by one: the other units were not looked for)
        # A unit missing from the registry (PMPRB-E301) may still rank: it is not one of the registered.
        outside = len(self.batch.outside_registry)
        registered = len(self.units) - outside
        if registered >= self.registry_size and not outside:
            return ""
        said = f"Peringkat, rata-rata dan penghargaan periode ini mencakup {registered} dari {self.registry_size} "
        said += "unit terdaftar"
        if registered < self.registry_size:
            said += (
                "; unit lain belum mengirim, berkasnya tidak dapat dinilai atau tidak diperingkat (lihat Kelengkapan "
                "data)"
            )
        if outside:
            said += f"; {outside} unit yang diperingkat tidak ada di daftar unit (PMPRB-E301)"
        return said + "."

    @property
    def unreadable_page_of(self) -> dict[str, str]:
        """The page of the unit each unreadable file belongs to, by file (only units with no readable file)."""
        return {f.file: p.page for p in self.unreadable_pages for f in p.failed}

    @property
    def unchanged_units(self) -> int:
        """Ranked units without a change since the previous period: not scored then, but scored before."""
        return sum(1 for u in self.units if u.previous is None and not u.first_time) if self.previous_period else 0

    @property
    def first_time_units(self) -> int:
        """Ranked units scored in no earlier period (new units, or their first sending)."""
        return sum(1 for u in self.units if u.first_time) if self.previous_period else 0

    @property
    def compared(self) -> tuple[UnitRow, ...]:
        """The units scored both now and in the previous period."""
        return tuple(u for u in self.units if u.previous is not None)

    @property
    def basis_changed_units(self) -> tuple[UnitRow, ...]:
        """The units of :attr:`compared` whose index changed basis (verified one period, self-assessed the other)."""
        return tuple(u for u in self.compared if u.previous_basis)

    @property
    def average_change(self) -> float | None:
        """The change of the mean index of the units scored in both periods, as the two means show.

        Like with like: comparing the two averages would count a unit that reported only this month as
        progress or decline of the kabupaten. The difference of the two means as shown, not the mean of the
        units' rounded changes: the same eight units at 71,31 → 71,34 were said to move +0,02.
        """
        means = self.compared_means
        return None if means is None else shown_difference(means[1], means[0], self.compared[0].decimals)

    @property
    def compared_means(self) -> tuple[float, float] | None:
        """The mean index of the units scored in both periods, then and now: what :attr:`average_change` is of.

        Shown beside it: "berubah rata-rata ▲ +3,60" was the difference of two means printed nowhere (65,86 and
        69,46), and nobody could check it.
        """
        pairs = [(u.ranked.index, u.previous) for u in self.compared if u.previous is not None]
        if not pairs:
            return None
        now, then = (statistics.fmean(side) for side in zip(*pairs, strict=True))
        return then, now


@dataclass(frozen=True)
class UnitView:
    """Everything one unit's page shows."""

    row: UnitRow
    card: ScoreCard
    self_card: ScoreCard
    komponen: tuple[NodeScore, ...]
    areas: tuple[AreaRow, ...]
    area_bars: tuple[Bar, ...]
    to_target: tuple[ActionRow, ...]
    following: tuple[ActionRow, ...]
    findings: tuple[FindingRow, ...]
    #: Findings about the evaluator's own cells (Jawaban Evaluator): for the evaluator, not the unit.
    evaluator_findings: tuple[FindingRow, ...]
    evaluator: tuple[EvaluatorRow, ...]
    footnotes: tuple[Footnote, ...]
    verdicts: tuple[VerdictResult, ...]
    trend: Trend | None
    #: The parts of the rubric made only of hasil indicators (national results no answer of the unit raises),
    #: named where an unreachable target is explained: "A.II Hasil Antara …, B Hasil" for pmprb-2020.
    indicator_parts: tuple[str, ...] = ()
    #: Earlier months of the history in which this unit was not scored (sent nothing, or nothing readable),
    #: from its first month on: the trend table would otherwise read as consecutive months.
    trend_gaps: tuple[str, ...] = ()
    #: Other workbooks this unit sent for the period, not the one ranked (a second sending, set aside).
    other_sendings: tuple[str, ...] = ()
    #: The graded sub-komponen (LKE AKIP's twelve nilai huruf), the central result of such a rubric: the page
    #: showed only its four komponen (akiprev).
    grades: tuple[GradeRow, ...] = ()
    #: The unit's own plan while the one above waits on the evaluator's re-verification (see OwnPlan).
    own_plan: OwnPlan | None = None
    #: Why the plan takes a step more than its shown gains say (an index at a rounding edge); "" otherwise.
    edge_note: str = ""

    @property
    def ranked(self) -> Ranked:
        """The unit's place in the batch."""
        return self.row.ranked

    @property
    def parts_shown_sum(self) -> float | None:
        """The sum of the komponen as shown (2 decimals each) when it is not the index as shown; else ``None``.

        "PENGUNGKIT 44,58, HASIL 30,44, Indeks 75,03": added on a slide, 75,02. Each is rounded on its own.
        """
        if len(self.komponen) < 2:
            return None
        shown = sum(rounded_half_up(n.score, 2) for n in self.komponen)
        return float(shown) if shown != rounded_half_up(self.card.index, 2) else None

    @property
    def finding_count(self) -> int:
        """How many findings to fix, grouped rows counted in full."""
        return sum(f.count for f in self.findings)

    @property
    def evaluator_finding_count(self) -> int:
        """How many findings are the evaluator's (its column): with the unit's, the file's count in the rekap.

        "63 temuan di berkas BPKAD.xlsx" beside the rekap's 68: the 5 in the evaluator's column were not said.
        """
        return sum(f.count for f in self.evaluator_findings)

    @property
    def unreachable(self) -> bool:
        """Whether even every proposed answer together does not reach the target (hasil holds it back)."""
        return self.ranked.actions_needed < 0


# --------------------------------------------------------------------------- names and periods


def safe_stem(text: str) -> str:
    """``text`` reduced to [A-Za-z0-9._-]: no '..', no leading or trailing dot, dash or underscore, ≤ 64."""
    stem = re.sub(r"\.{2,}", ".", _UNSAFE.sub("-", text)).strip(".-_")
    return stem[:64].rstrip(".-_")


def page_names(ranked: Iterable[Ranked], foreign: Collection[str] = ()) -> dict[str, str]:
    """A safe page name (no suffix) for every ranked unit, keyed by its file; unique even ignoring case.

    From the unit's kode, or without one from its workbook's file name, never from the unit's name. Names in
    ``foreign`` (casefolded: pages in the folder that pmprb did not write) are never given: a workbook whose
    Identitas said "Kode unit: README" overwrote the operator's README.md beside the rapor, and once that
    workbook was gone the next run deleted it as its own stale page.
    """
    out: dict[str, str] = {}
    taken: set[str] = set(foreign)
    # Units with a kode first: an unregistered copy named KEC-MARGAHAYU.xlsx (no kode) took the page
    # KEC-MARGAHAYU, and the registered unit of that kode got KEC-MARGAHAYU-2.
    for r in sorted(ranked, key=lambda r: (not r.kode, r.kode, r.file)):
        out[r.file] = free_page_name(safe_stem(r.kode) or safe_stem(Path(r.file).stem) or "unit", taken)
    return out


def free_page_name(base: str, taken: set[str]) -> str:
    """``base`` as a page name no other page has (casefolded in ``taken``, which it joins): "DINKES", "DINKES-2".

    Never "index" (the kabupaten's page) nor a name Windows reserves (CON, NUL…).
    """
    if base.split(".")[0].casefold() == "index" or is_windows_reserved(base):
        base = f"unit-{base}"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name.casefold())
    return name


def quarter_of(period: str) -> str:
    """``2022-07`` → ``2022-Q3``."""
    year, month = period.split("-")
    return f"{year}-Q{(int(month) - 1) // 3 + 1}"


def batch_period(batch: Batch) -> str:
    """The period the batch was run for, else the one most of its workbooks state, else ``""``."""
    if batch.period:
        return batch.period
    found = Counter(r.period for r in batch.ranked if PERIOD.match(r.period))
    return min(found, key=lambda p: (-found[p], p)) if found else ""


def _grade_rows(rubric: Rubric, card: ScoreCard, result: FileResult) -> tuple[GradeRow, ...]:
    """Each graded sub-komponen with its grade as counted, said where it comes from."""
    graded = rubric.graded()
    if not graded:
        return ()
    items = {i.code: i for i in card.items}
    points = {n.code: n.score for n in card.nodes}
    answers = result.submission.answers if result.submission is not None else {}
    verified = result.verified is not None and card is result.verified
    out = []
    for node in graded:
        item = items.get(node.code)
        grade = str(item.answer) if item is not None and item.answer is not None else "—"
        answer = answers.get(node.code)
        typed = parse_choice(rubric.scales[node.scale], answer.raw) if answer is not None and answer.raw else None
        if verified and answer is not None and evaluator_answered(answer):
            source = "evaluator"
        elif verified and answer is not None and answer.evaluator_agreed and typed is not None:
            source = "diisi unit, disetujui evaluator"
        elif typed is None:
            criteria = [items[i.code].value for i in node.items if i.code in items]
            share = f" ({fsum(criteria) / len(criteria) * 100:.0f}%)" if criteria else ""  # (whole: no decimal mark)
            source = f"dari kriteria{share}"
        elif typed != grade:
            source = f"diisi unit {typed}, dibaca {grade}"
        else:
            source = "diisi unit"
        out.append(GradeRow(node.code, node.name, grade, source, points.get(node.code, 0.0), node.weight))
    return tuple(out)


def _history(
    history: Sequence[HistoryPoint],
    period: str,
    registry: Registry | None = None,
    registered: Iterable[Collection[str]] = (),
) -> dict[str, dict[str, HistoryPoint]]:
    """Earlier periods only (the batch is the current one), as period → kode → point, oldest first.

    A kode since changed, the old one kept as an alias in the registry, is read as the new kode: the unit's
    trend went on under it ("tidak dinilai pada Juli" was said of a unit scored in July as DISKOMINFO). See
    :func:`~pmprb_cli.registry.under_current_kodes` for how (moved, not copied; mergers left as they were).
    """
    for point in history:
        if not PERIOD.match(point.period):
            raise ValueError(f"HistoryPoint period {point.period!r} is not YYYY-MM")
    out: dict[str, dict[str, HistoryPoint]] = {}
    for point in sorted(history, key=lambda h: (h.period, h.kode, h.index)):
        if not period or point.period < period:
            points = out.setdefault(point.period, {})
            if point.kode != NO_UNIT:  # (a month run with no unit scored: there, empty)
                points[point.kode] = point
    if registry is not None:
        renamed = renamed_kodes(registry)
        by_period: dict[str, set[str]] = {}
        for point in history:
            if point.kode != NO_UNIT:
                by_period.setdefault(point.period, set()).add(point.kode)
        # (and the kodes of the registries the months were run with: see History.registered_kodes)
        ordered = sorted(by_period)
        merged = merged_kodes([by_period[p] for p in ordered], renamed, registered)
        listed = listed_by_period(registered)
        before = before_merger(
            [by_period[p] for p in ordered],
            renamed,
            merged,
            [listed.get(p, frozenset()) for p in ordered],
            merger_rows(registered),
        )
        befores = dict(zip(ordered, before, strict=True))
        out = {
            period: under_current_kodes(points, renamed, merged, befores.get(period, frozenset()))
            for period, points in out.items()
        }
    return out


#: The tone of a month the unit was not scored in: a place on the time axis, no point.
NOT_SCORED = "missing"


def _targets_then(history: Iterable[HistoryPoint], periods: Iterable[str], rubric: Rubric, now: str) -> dict[str, str]:
    """Each earlier period's own recorded target (today's where not known, or not one of this rubric's).

    The trend judged every month against today's target: raised B → BB → A each January, 36 months of a unit
    that met each year's target were all "di bawah target" under one line "Target A" (longrev). From every point
    of the history, a month with no unit scored too (its point has no kode; diffrev15).
    """
    recorded = {h.period: h.target for h in history if h.target}
    out = {}
    for period in periods:
        then = recorded.get(period, "")
        known = then in predikat_order(rubric) or target_verdict(rubric, then) is not None
        out[period] = then if then and known else now
    return out


def _trend_of(
    rubric: Rubric,
    series: Sequence[tuple[str, float]],
    targets: Mapping[str, str],
    now: str,
    gaps: Sequence[str] = (),
) -> Trend:
    """:func:`_trend` with each month judged, and its target line drawn, by its own period's target."""
    target_of = {**targets, **{p: targets.get(p, now) for p, _ in series}}  # (a month not scored keeps its own)
    tones = {p: _tone(rubric, v, target_of[p]) for p, v in series}
    named = target_of if len({target_of[p] for p, _ in series}) > 1 else {}  # (one target: the line's label says it)
    return _trend(series, tones, gaps, {p: target_floor(rubric, t) for p, t in target_of.items()}, named)


def _trend(
    series: Sequence[tuple[str, float]],
    tone_of: Mapping[str, str],
    gaps: Sequence[str] = (),
    floors: Mapping[str, float] | None = None,
    targets: Mapping[str, str] | None = None,
) -> Trend:
    floors, targets = floors or {}, targets or {}
    months = tuple(
        Bar(p, v, tone=tone_of.get(p, "neutral"), floor=floors.get(p), target=targets.get(p, "")) for p, v in series
    )
    if gaps:
        # June then August, evenly spaced, drew one straight line across July as if it had been scored.
        holes = tuple(Bar(p, 0.0, tone=NOT_SCORED, floor=floors.get(p)) for p in gaps)
        months = tuple(sorted(months[:-1] + holes, key=lambda b: b.label)) + months[-1:]
    last: dict[str, Bar] = {}
    for bar in months:
        if PERIOD.match(bar.label) and bar.tone != NOT_SCORED:
            q = quarter_of(bar.label)
            # July's index drawn as "TW III" read as the finished quarter: an unfinished one says its month.
            through = "" if int(bar.label[5:]) % 3 == 0 else bar.label
            last[q] = Bar(q, bar.value, tone=bar.tone, through=through, floor=bar.floor, target=bar.target)
    labels = {bar.label for bar in months if PERIOD.match(bar.label)}
    latest = max(labels, default="")
    for q, bar in last.items():
        # August scored, September run without it (or never run while October was): "s.d. Agustus" read as a
        # quarter still going on.
        if not bar.through:
            continue
        end = int(bar.through[5:]) + 3 - int(bar.through[5:]) % 3
        rest = [f"{bar.through[:5]}{m:02d}" for m in range(int(bar.through[5:]) + 1, end + 1)]
        after = tuple(p for p in rest if p in gaps or (p not in labels and latest > rest[-1]))
        if after:
            last[q] = dataclasses.replace(bar, unscored=after)
    return Trend(months, tuple(last.values()))


# --------------------------------------------------------------------------- the kabupaten page


def _jenis_order(jenis: str) -> tuple[int, str]:
    return (JENIS.index(jenis) if jenis in JENIS else len(JENIS), jenis)


def _unit_row(
    batch: Batch,
    r: Ranked,
    page: str,
    award: str,
    previous: float | None,
    previous_verified: bool | None = None,
    previous_checked: int | None = None,
    first_time: bool = False,
    unregistered: bool = False,
) -> UnitRow:
    result = batch.result_for(r)
    card = result.card
    findings = result.findings
    items = card.asked if card else 0
    missing = card.missing if card else 0
    invalid = card.invalid if card else 0
    shown = result.verified or card
    return UnitRow(
        ranked=r,
        page=page,
        file_name=page_file_name(batch, r.file),
        award=award,
        previous=previous,
        answered=(items - missing - invalid) / items if items else 0.0,
        missing=missing,
        invalid=invalid,
        no_evidence=sum(1 for f in findings if f.code == "PMPRB-W410"),
        errors=sum(1 for f in findings if f.severity is Severity.ERROR),
        warnings=sum(1 for f in findings if f.severity is Severity.WARNING),
        decimals=batch.rubric.predikat_decimals,
        zeroed=shown.missing + shown.invalid if shown else 0,
        evaluator_changes=sum(1 for f in findings if f.code == "PMPRB-I502"),
        evaluator_findings=result.unread_by_evaluator,
        self_predikat=card.predikat if card else "",
        self_meets_target=meets_target(batch.rubric, card, r.target) if card else False,
        previous_verified=previous_verified,
        previous_checked=previous_checked,
        first_time=first_time,
        unregistered=unregistered,
        same_answers_as=tuple(sorted({f.value for f in findings if f.code == "PMPRB-W313" and f.value})),
    )


@dataclass(frozen=True)
class UnreadablePage:
    """The page of a registered unit that sent only files pmprb could not read: which, why, and what to do."""

    page: str
    unit: Unit
    failed: tuple[FailedInput, ...]

    @property
    def jenis_label(self) -> str:
        """The jenis as people write it."""
        return jenis_label(self.unit.jenis)


def _unreadable_pages(batch: Batch, taken: Collection[str]) -> tuple[UnreadablePage, ...]:
    """A page for each registered unit whose files could none be read, named apart from every other page."""
    registry = batch.registry
    if registry is None:
        return ()
    used = {name.casefold() for name in taken}
    out = []
    for unit, _ in batch.assessment.unreadable_units(registry):
        failed = tuple(f for f in batch.assessment.failed if unit_of_unreadable(registry, f.file) is unit)
        out.append(UnreadablePage(free_page_name(safe_stem(unit.kode) or "unit", used), unit, failed))
    return tuple(out)


def _failed_units(batch: Batch) -> dict[str, str]:
    """Each unreadable file named after a registered unit (its kode or name as the file's name): that unit."""
    registry = batch.registry
    out: dict[str, str] = {}
    if registry is None:
        return out
    for failed in batch.assessment.failed:
        unit = unit_of_unreadable(registry, failed.file)
        if unit is not None:
            instead = batch.read_instead.get(failed.file)
            # (a revision cut short beside the older file that ranks: which one the unit is scored from)
            out[failed.file] = f"{unit.nama} ({unit.kode})" + (
                f"; dinilai dari {page_file_name(batch, instead)}" if instead else ""
            )
    return out


def kabupaten_view(
    batch: Batch,
    history: Sequence[HistoryPoint] = (),
    foreign: Collection[str] = (),
    alike: Alike | None = None,
    registered: Iterable[Collection[str]] = (),
) -> KabupatenView:
    """The kabupaten page of a batch, with the change since the latest earlier period of ``history``.

    ``foreign``: page names not to give (see :func:`page_names`). ``alike``: the versions that score alike
    (by default the batch rubric's word only; a run adds the rubrics its history kept).
    """
    rubric = batch.rubric
    period = batch_period(batch)
    now = (rubric.id, rubric.version, rubric.checksum)
    alike = versions_alike(rubric) if alike is None else alike
    other = sorted({(p.period, p.rubric) for p in history if not same_rubric(p.rubric, now, alike)})
    # Periods scored with another rubric are left out of the trend and of every change (said on the page).
    past = _history([p for p in history if same_rubric(p.rubric, now, alike)], period, batch.registry, registered)
    previous_period = next(reversed(past), "")
    before = past.get(previous_period, {})
    pages = page_names(batch.ranked, foreign)
    rows: dict[str, UnitRow] = {}
    ever = {kode for points in past.values() for kode in points}
    listed = {p: frozenset(k.casefold() for k in kodes) for p, kodes in listed_by_period(registered).items()}
    outside = {r.file for r in batch.outside_registry}  # (as the page's banner counts them)
    for r in batch.ranked:
        award = batch.awards.get(r.file, "")
        point = before.get(r.kode) if r.kode else None
        rows[r.file] = _unit_row(
            batch,
            r,
            pages[r.file],
            award,
            point.index if point else None,
            point.verified if point else None,
            point.evaluator_answers if point else None,
            # (no kode: not known, not new; a unit split off again since the month before: new again)
            first_time=bool(past)
            and bool(r.kode)
            and (r.kode not in ever or (r.kode not in before and _unlisted(listed, previous_period, batch, r.kode))),
            unregistered=r.file in outside,
        )
    units = tuple(rows[r.file] for r in batch.ranked)
    jenis = sorted({u.ranked.jenis for u in units}, key=_jenis_order)
    by_jenis = tuple((j, tuple(u for u in units if u.ranked.jenis == j)) for j in jenis)
    average = statistics.fmean(u.ranked.index for u in units) if units else None
    counts = Counter(u.ranked.predikat for u in units)
    order = predikat_order(rubric)
    bands = sorted(rubric.predikat, key=lambda b: order[b.code])
    # A verdict's target (WBK) is met by minimums no band tells: six BB and A units drawn green beside
    # "Mencapai target: 0" (BB starts at 70, WBK at 75). Its bands are information only, as the page says.
    verdict_target = target_verdict(rubric, batch.target) is not None
    distribution = tuple(
        Bar(
            b.code,
            counts[b.code],
            tone="neutral"
            if verdict_target
            else "ok"
            if order[b.code] <= order[target_band(rubric, batch.target)]
            else "low",
        )
        for b in bands
    )
    verdict_bars = _verdict_bars(batch, rubric)
    index_bars = tuple(
        Bar(u.ranked.nama or u.file_name, u.ranked.index, tone="ok" if u.ranked.meets_target else "low", href=u.page)
        for u in units
    )
    trend = None
    targets_then = _targets_then(history, past, rubric, batch.target)
    if past:
        series = [(p, statistics.fmean(h.index for h in pts.values())) for p, pts in past.items() if pts]
        if average is not None:
            series.append((period or "kini", average))
        # (a month run with no unit scored: a place on the time axis, "tidak dinilai", as on a unit's page)
        gaps = tuple(p for p, pts in past.items() if not pts and series and p > series[0][0])
        trend = _trend_of(rubric, series, targets_then, batch.target, gaps)
    return KabupatenView(
        batch=batch,
        period=period,
        target_floor=target_floor(rubric, batch.target),
        target_verdict=target_verdict(rubric, batch.target),
        units=units,
        by_jenis=by_jenis,
        best_pd=tuple(u for u in units if u.award.startswith(AWARD_PD)),
        best_kecamatan=tuple(u for u in units if u.award.startswith(AWARD_KECAMATAN)),
        best_kelurahan=tuple(u for u in units if u.award.startswith(AWARD_KELURAHAN)),
        below=tuple(rows[r.file] for r in batch.below_target),
        # Largest over-claim first (ties in rank order): who claimed most beyond what the evaluator found.
        evaluated=tuple(
            sorted((u for u in units if u.ranked.verified_index is not None), key=lambda u: -(u.over_claim or 0.0))
        ),
        evaluator_unread=tuple(u for u in units if u.ranked.verified_index is None and u.evaluator_findings),
        average=average,
        average_predikat=predikat_for(rubric, average).code if average is not None else "",
        distribution=distribution,
        verdict_bars=verdict_bars,
        index_bars=index_bars,
        failed=batch.assessment.failed,
        failed_units=_failed_units(batch),
        unreadable_pages=_unreadable_pages(batch, {*pages.values(), *foreign}),
        unranked=tuple(res for res in batch.assessment.results if res.submission is not None and res.file not in rows),
        missing_units=batch.assessment.missing_units,
        perhaps_sent={
            kode: perhaps_sent_words(page_file_name(batch, file), typed, other)
            for kode, (file, typed, other) in batch.assessment.perhaps_sent().items()
        },
        duplicates=_without_paths((f for f in batch.assessment.batch_findings if f.code == "PMPRB-E304"), batch),
        # Which registry units sent nothing is known only when a folder was read, not single files.
        registry_size=len(batch.registry.units) if batch.registry and batch.assessment.missing_checked else 0,
        completeness_unchecked=batch.registry is not None and not batch.assessment.missing_checked,
        previous_period=previous_period,
        previous_average=statistics.fmean(h.index for h in before.values()) if before else None,
        previous_count=len(before),
        previous_meeting=_meeting(rubric, batch.target, before.values()) if before else None,
        # The month before judged against another target (raised for the new year): its own count beside the one
        # against today's ("Desember 2022: 2 dari 39" of a December whose rapor said 20 met BB, unsaid).
        previous_target=then if (then := _target_of(before.values())) not in ("", batch.target) else "",
        previous_meeting_then=_meeting(rubric, then, before.values()) if then not in ("", batch.target) else None,
        new_year_items=_counted_by_year(rubric) if previous_period[:4] < period[:4] and previous_period else (),
        trend=trend,
        past=past,
        other_rubric=_other_rubric_note(other, rubric, period),
        other_kabupaten=_other_kabupaten_note(history, past, batch.kabupaten_named),
        listed_then=listed,
        targets_then=targets_then,
    )


def _unlisted(listed: Mapping[str, frozenset[str]], period: str, batch: Batch, kode: str) -> bool:
    """:meth:`KabupatenView.unlisted_then`, before the view is made."""
    kodes = listed.get(period)
    if kodes is None or not kode:
        return False
    unit = batch.registry.by_kode(kode) if batch.registry is not None else None
    return not any(k.casefold() in kodes for k in (kode, *(unit.aliases if unit is not None else ())))


def _counted_by_year(rubric: Rubric) -> tuple[str, ...]:
    """The items whose counts are the year's (violations this year against last): they start again in January."""
    return tuple(f"{i.code} {i.question}" for i in rubric.items() if i.formula == "decrease")


def _target_of(points: Iterable[HistoryPoint]) -> str:
    """The target a period's points were recorded with ("" when not known, or not one)."""
    targets = {p.target for p in points}
    return targets.pop() if len(targets) == 1 else ""


def _meeting(rubric: Rubric, target: str, points: Iterable[HistoryPoint]) -> int | None:
    """How many of ``points`` hold the target's predikat or better (``None`` for a pass/fail target)."""
    order = predikat_order(rubric)
    if target_verdict(rubric, target) is not None or target not in order:
        return None
    return sum(1 for p in points if p.predikat in order and order[p.predikat] <= order[target])


def _other_kabupaten_note(
    history: Sequence[HistoryPoint], past: Mapping[str, Mapping[str, HistoryPoint]], kabupaten: str
) -> str:
    """What the rapor says of the trend's periods recorded for a kabupaten named otherwise ("" when none were).

    `run` and `history` said a history copied from another kabupaten; the rapor compared with its months
    ("Sejak Juli ▼ -36,83") without a word.
    """
    named = {h.period: h.kabupaten for h in history if h.period in past and h.kabupaten.strip()}
    # (one pemda written otherwise, "Kab. Contoh", is no other kabupaten: the checks of the workbooks agree)
    others = [
        (p, name) for p, name in sorted(named.items()) if kabupaten.strip() and not one_pemda_written(name, kabupaten)
    ]
    if not others:
        return ""
    from pmprb_cli.history import recorded_elsewhere

    return (
        f"{recorded_elsewhere(others, kabupaten)}; tren dan perubahan di rapor ini dihitung terhadap periode itu. "
        "Bila riwayat itu salinan dari kabupaten lain, angka perubahannya bukan kemajuan unit di kabupaten ini."
    )


def _other_rubric_note(other: Sequence[tuple[str, tuple[str, str, str]]], rubric: Rubric, period: str) -> str:
    """What the rapor says of earlier periods scored with another rubric ("" when none were)."""
    earlier = [(p, r) for p, r in other if not period or p < period]
    if not earlier:
        return ""
    from pmprb_cli.history import period_label

    used = sorted(
        {f"{r[0]} v{r[1]}" + (" dengan isi lain" if r[:2] == (rubric.id, rubric.version) else "") for _, r in earlier}
    )
    first, last = period_label(earlier[0][0]), period_label(earlier[-1][0])
    span = first if first == last else f"{first} s.d. {last}"
    return (
        f"Periode {span} dinilai dengan rubrik lain ({', '.join(used)}); tren dan perubahan di rapor ini hanya "
        f"memakai periode yang dinilai dengan rubrik {rubric.id} v{rubric.version}, karena indeks dari rubrik "
        "berbeda tidak sebanding."
    )


def _without_paths(findings: Iterable[Finding], batch: Batch) -> tuple[Finding, ...]:
    """Findings whose messages name other inputs as people are shown them (:meth:`Batch.shown_name`).

    A rapor shows no more of the folders than tell apart files of one name.
    """
    files, every_xls = batch.paths_longest_first
    out = []
    for f in findings:
        message = f.message
        # A message without ".xls" names no input whose path holds it (all, as a rule): left as it is without a
        # search for each path of the batch (each page of a rapor of N units searched N paths, sorted anew).
        if not every_xls or ".xls" in message.casefold():
            for path in files:
                if path in message:
                    message = message.replace(path, page_file_name(batch, path))
        out.append(f if message == f.message else dataclasses.replace(f, message=message))
    return tuple(out)


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _where(f: Finding) -> str:
    return f"{sheet_ref(f.sheet)}!{f.cell}" if f.cell else visible(f.sheet)  # (see output.finding_line)


def finding_rows(findings: Sequence[Finding]) -> tuple[FindingRow, ...]:
    """Errors before warnings, each in sheet order; more than :data:`GROUP_AT` of a code are a row per hint.

    One hint per row: gathered by code alone, 30 E401 of Ya/Tidak, A–E and count items left the Saran column
    empty (their hints differ), and 161 E402 lost what was typed; ``validate`` told the same file each.
    """
    ordered = sorted(findings, key=lambda f: (_SEVERITY_ORDER[f.severity], f.sort_key()))
    by_code = Counter(f.code for f in ordered)
    by_kind = Counter((f.code, f.hint) for f in ordered)
    rows: list[FindingRow] = []
    grouped: set[tuple[str, str]] = set()
    for f in ordered:
        kind = (f.code, f.hint)
        # Many of a code are gathered, a row per hint: 30 E402 over four scales (7 or 8 each) were 30 rows.
        if by_code[f.code] <= GROUP_AT or by_kind[kind] == 1:
            rows.append(FindingRow(f.severity, f.code, _where(f), f.item, f.message, f.hint))
            continue
        if kind in grouped:
            continue
        grouped.add(kind)
        same = [g for g in ordered if (g.code, g.hint) == kind]
        places: dict[str, list[str]] = {}
        for g in same:
            places.setdefault(g.sheet, []).extend([g.cell] if g.cell else [])
        where = "; ".join(
            f"{sheet_ref(sheet)}!{', '.join(cells)}" if cells else visible(sheet) for sheet, cells in places.items()
        )
        title = CATALOGUE[f.code].title_id if f.code in CATALOGUE else f.message
        if typed := typed_values(same):
            title += " (" + ", ".join(f"'{v}'" for v in typed[:3]) + (", …" if len(typed) > 3 else "") + ")"
        items = len({g.item for g in same if g.item})
        rows.append(FindingRow(f.severity, f.code, where, f"{items} butir" if items else "", title, f.hint, len(same)))
    return tuple(rows)


def _verdict_bars(batch: Batch, rubric: Rubric) -> tuple[Bar, ...]:
    """Ranked units by the highest verdict each passes (WBBM before WBK), and those passing none ("belum")."""
    if not rubric.verdicts:
        return ()
    highest: Counter[str] = Counter()
    for ranked in batch.ranked:
        result = batch.result_for(ranked)
        card = result.verified or result.card
        passed = [v.code for v in card.verdicts if v.passed] if card is not None else []
        highest[passed[-1] if passed else ""] += 1  # verdicts come lowest first (WBBM requires WBK)
    target = target_verdict(rubric, batch.target)
    met = {v.code for v in rubric.verdicts[rubric.verdicts.index(target) :]} if target is not None else set()
    bars = [Bar(v.code, highest[v.code], tone="ok" if v.code in met else "low") for v in reversed(rubric.verdicts)]
    return (*bars, Bar(f"belum {rubric.verdicts[0].code}", highest[""], tone="low"))


def _keeps_pace(rubric: Rubric, area: AreaRow, pace: float) -> bool:
    """Whether an area's score, as shown, holds the target's share of its weight (as a verdict judges it)."""
    return float(rounded_half_up(area.score, rubric.predikat_decimals)) >= pace * area.weight - 1e-9


def _tone(rubric: Rubric, index: float, target: str) -> str:
    """A trend point's colour: at the target's index or above (a verdict's other minimums are not in a trend)."""
    if target_verdict(rubric, target) is not None:
        shown = float(rounded_half_up(index, rubric.predikat_decimals))
        return "ok" if shown >= target_floor(rubric, target) - 1e-9 else "low"
    order = predikat_order(rubric)
    return "ok" if order[predikat_for(rubric, index).code] <= order[target] else "low"


# --------------------------------------------------------------------------- a unit's page


# The rubric's notes cite the design notes it was built from ("(PMPRB-2020.md R1)", "(R2)", "(S5)"): documents an
# OPD has never seen, which filled a printed page of every unit's rapor. The rapor says the rest of the note.
_DESIGN_REFERENCE = re.compile(r"\s*\((?:[\w-]+\.md\b[^)]*|[RSF]\d+)\)")
_TRAILING_REFERENCE = re.compile(r",\s*[RSF]\d+(?=\))")  # "(SAKIP 14 dari 20, S1)"


def plain_note(note: str) -> str:
    """A rubric note as an OPD reads it: without references to the rubric's design notes."""
    return _TRAILING_REFERENCE.sub("", _DESIGN_REFERENCE.sub("", note))


def _footnotes(rubric: Rubric) -> tuple[tuple[Footnote, ...], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """Footnotes for adapted nodes, one per distinct note; the marks of each area and each item.

    An area is marked with every note inside it; an item with the notes of the nodes above it.
    """
    numbers: dict[str, int] = {}
    members: dict[str, list[tuple[str, str]]] = {}
    for node in rubric.nodes():
        if node.status == "adapted" and node.note:
            note = plain_note(node.note)
            numbers.setdefault(note, len(numbers) + 1)
            members.setdefault(note, []).append((node.code, node.name))
    own = {n.code: numbers[plain_note(n.note)] for n in rubric.nodes() if n.note and n.status == "adapted"}
    area_marks = {a.code: tuple(sorted({own[n.code] for n in a.walk() if n.code in own})) for a in rubric.areas()}
    item_marks: dict[str, tuple[int, ...]] = {}

    def visit(node: Node, above: tuple[int, ...]) -> None:
        chain = (*above, own[node.code]) if node.code in own else above
        for item in node.items:
            item_marks[item.code] = tuple(sorted(set(chain)))
        for child in node.children:
            visit(child, chain)

    for root in rubric.roots:
        visit(root, ())
    notes = tuple(Footnote(n, note, tuple(members[note])) for note, n in numbers.items())
    return notes, area_marks, item_marks


def _evaluator_rows(rubric: Rubric, result: FileResult) -> tuple[EvaluatorRow, ...]:
    # Every code an evaluator can answer: items, their Jumlah fields, hasil indicators and graded rows.
    questions = {i.code: i.question for i in rubric.items()}
    questions.update({f.code: f"{i.question} — {f.label}" for i in rubric.items() for f in i.inputs})
    questions.update({n.code: n.name for n in (*rubric.indicators(), *rubric.graded())})
    answers = result.submission.answers if result.submission else {}
    # A grade the unit typed above what its criteria support, shown as counted: "A" beside the evaluator's B read
    # as the evaluator lowering it, where A counted CC and B raised the index (PMPRB-W417).
    scale_of = {n.code: rubric.scales[n.scale] for n in rubric.graded()}
    counted = {i.code: i.answer for i in result.card.items if i.code in scale_of} if result.card else {}

    def unit_answer(answer: Answer | None) -> object:
        if answer is None or answer.raw in (None, ""):
            return ""
        # (a right-to-left override typed in a cell reversed the rest of the row on the page: shown escaped, as
        # the findings show it, since it may be why the answer is not valid)
        typed = visible(answer.raw) if isinstance(answer.raw, str) else answer.raw
        scale, shown = scale_of.get(answer.code), counted.get(answer.code)
        if scale is not None and shown is not None and parse_choice(scale, answer.raw) not in (None, shown):
            return f"{typed} (dihitung {shown})"
        return typed

    out = []
    for f in (f for f in result.findings if f.code == "PMPRB-I502"):
        answer = answers.get(f.item)
        note = without_hidden_characters(answer.evaluator_note) if answer is not None else ""
        question = questions.get(f.item, "")
        out.append(EvaluatorRow(f.item, question, unit_answer(answer), f.value, visible(f.sheet), f.cell, note))
    # The evaluator's notes on answers kept as they were: why, what is missing. They reached no output at all.
    changed = {row.code for row in out}
    # What the evaluator's cell held, said: "(tidak diubah)" stood beside an unreadable "Tdak" (the unit's answer
    # used, W419) and beside a cell left blank, as beside a "sesuai".
    unread = {
        (f.sheet, f.cell): f.code for f in result.findings if f.code in ("PMPRB-W419", "PMPRB-W420", "PMPRB-W424")
    }
    for code, answer in answers.items():
        if answer.evaluator_note and code not in changed:
            question = questions.get(code, "")
            note = without_hidden_characters(answer.evaluator_note)
            raw = answer.evaluator_raw
            said = ""
            if (answer.sheet, answer.evaluator_cell) in unread:
                typed = visible(raw) if isinstance(raw, str) else as_typed(raw) if isinstance(raw, float) else str(raw)
                which = unread[answer.sheet, answer.evaluator_cell]
                said = f"tidak terbaca: '{typed}' ({which}), jawaban unit dipakai"
            elif (raw is None or (isinstance(raw, str) and not raw.strip())) and not answer.evaluator_agreed:
                said = "(tidak diisi)"
            out.append(
                EvaluatorRow(code, question, unit_answer(answer), said, visible(answer.sheet), answer.cell, note, False)
            )
    if result.verified is not None and result.card is not None:
        # The unit's answers a gate the evaluator judged unmet zeroed (Road Map a "Tidak": d and e, left as the unit
        # gave them, counted 0): the table showed one row for a drop it explained a third of.
        own = {f.cell for f in result.card.findings if f.code == "PMPRB-I506"}
        listed = {row.code for row in out}
        for f in result.findings:
            if f.code == "PMPRB-I506" and f.cell not in own and f.item not in listed:
                # (said as pmprb's: in the Catatan evaluator column it read as the evaluator's own words; verifrev)
                note = f"Catatan pmprb, bukan evaluator: {f.message} (prasyarat menurut Jawaban Evaluator)"
                question, given = questions.get(f.item, ""), unit_answer(answers.get(f.item))
                out.append(EvaluatorRow(f.item, question, given, "", visible(f.sheet), f.cell, note, False))
    return tuple(out)


def _other_sendings(batch: Batch, ranked: FileResult) -> tuple[str, ...]:
    """The unit's other workbooks of the period, told apart as the duplicate check tells them (PMPRB-E304)."""
    if ranked.submission is None:
        return ()
    key = unit_key(ranked.submission, batch.registry)
    # (looked up, not searched: a search of every result for each page made the rapor of N units cost N²)
    others = [page_file_name(batch, file) for file in batch.files_by_unit.get(key, ()) if file != ranked.file]
    # And its files that could not be read: "LKE DINKES revisi.xlsx" cut short, its page silent of it (messyrev).
    others += [
        f"{page_file_name(batch, f.file)} (tidak dapat dibaca, {f.code})"
        for f in batch.assessment.failed
        if batch.read_instead.get(f.file) == ranked.file
    ]
    return tuple(others)


def _checked_by_area(rubric: Rubric, submission: Submission) -> dict[str, tuple[int, int]]:
    """Per area, the answers the evaluator gave, of those asked of the evaluator there, as the card counts them.

    Counted as the unit's "Evaluator mengisi 5 dari 201" is: an unreadable entry is none, and the criteria of an
    LKE AKIP sub-komponen the evaluator graded are asked no more (diffrev22: areas that summed to 92 of 89).
    """
    entered, asked = evaluator_checked(submission, rubric)
    out: dict[str, tuple[int, int]] = {}
    for area in rubric.areas():
        codes = {c for node in area.walk() for c in (node.code, *(i.code for i in node.items))}
        codes |= {f.code for node in area.walk() for i in node.items for f in i.inputs}
        out[area.code] = (len(codes & entered), len(codes & asked))
    return out


def unit_view(kab: KabupatenView, row: UnitRow) -> UnitView:
    """One unit's page: areas, actions towards the target, findings, evaluator differences and trend."""
    batch = kab.batch
    rubric = batch.rubric
    result = batch.result_for(row.ranked)
    assert result.card is not None  # every ranked unit was scored
    card = result.verified or result.card
    footnotes, area_marks, item_marks = _footnotes(rubric)
    own = {a.code: a.score for a in result.card.areas()} if result.verified is not None else {}
    places = rubric.predikat_decimals
    answers = result.submission.answers if result.submission else {}
    checked = (
        _checked_by_area(rubric, result.submission)
        if result.verified is not None and result.submission is not None
        else {}
    )
    areas = tuple(
        AreaRow(
            a.code,
            area_names(rubric)[a.code],
            a.weight,
            a.score,
            area_marks.get(a.code, ()),
            own.get(a.code),
            places,
            checked.get(a.code),
        )
        for a in card.areas()
    )
    r = row.ranked
    evidence_column = result.submission.evidence_column if result.submission else ""
    rows = tuple(
        ActionRow(a, item_marks.get(a.code, ()), _evidence_to_fill(a, answers.get(a.code), evidence_column))
        for a in r.actions
    )
    own_plan = _own_plan(r, rows)
    if r.actions_needed > 0:
        to_target = rows[: r.actions_needed]
        # (not again those the unit's own plan lists just above it: the same steps twice, numbered otherwise)
        beyond = {row.action.code for row in own_plan.beyond} if own_plan is not None else set()
        following = _not_repeated([w for w in rows[r.actions_needed :] if w.action.code not in beyond], to_target)
        following = following[:NEXT_ACTIONS]
    else:
        to_target, following = (
            (),
            _not_repeated(rows, ())[: UNREACHABLE_ACTIONS if r.actions_needed < 0 else NEXT_ACTIONS],
        )
    shown_findings = [f for f in result.findings if f.severity is not Severity.INFO]
    # What is about the evaluator's own cells (an entry not read) is the evaluator's to mend: listed under
    # "perbaiki … lalu kirim ulang" it told the OPD to edit it. (W417, a raised index, stays the unit's: it
    # is most often the unit typing in that column.) Only real cells: a workbook without an evaluator column
    # moved its sheet-level E202 here and told the unit it had nothing to fix.
    # The whole column, not only answers' cells: the evaluator's 50 on a "% (otomatis)" row (W420, not an
    # answer's cell) was listed for the unit to fix.
    for_evaluator = findings_for_evaluator(shown_findings, answers)
    # (by identity: 9 000 entries on heading rows made a list's `in` 110 million comparisons, 40 s a page)
    theirs = {id(f) for f in for_evaluator}
    to_fix = finding_rows(_without_paths((f for f in shown_findings if id(f) not in theirs), batch))
    trend = None
    gaps: tuple[str, ...] = ()
    if r.kode and any(r.kode in pts for pts in kab.past.values()):
        series = [(p, pts[r.kode].index) for p, pts in kab.past.items() if r.kode in pts]
        gaps = tuple(
            p
            for p, pts in kab.past.items()
            if p > series[0][0] and r.kode not in pts and not kab.unlisted_then(p, r.kode)
        )
        series.append((kab.period or "kini", r.index))
        trend = _trend_of(rubric, series, kab.targets_then, batch.target, gaps)
    roots = {n.code for n in rubric.roots}
    # An area keeps pace with the target when it holds the target's share of its weight (70,01 % for BB),
    # or the share a verdict asks of every area (60 % for WBK).
    verdict = kab.target_verdict
    pace = verdict.area_share if verdict is not None and verdict.area_share else kab.target_floor / rubric.index_max
    plain = {a.code: a.name for a in rubric.areas()}
    return UnitView(
        row=row,
        card=card,
        self_card=result.card,
        komponen=tuple(n for n in card.nodes if n.code in roots),
        areas=areas,
        area_bars=tuple(
            # (the chart's label keeps the area's own name: its code tells the parts apart, a clipped label not)
            Bar(
                f"{a.code} {plain[a.code]}",
                a.score,
                limit=a.weight,
                tone="ok" if _keeps_pace(rubric, a, pace) else "low",
            )
            for a in areas
        ),
        to_target=to_target,
        following=following,
        own_plan=own_plan,
        edge_note=rounding_edge_words(r, rubric),
        findings=to_fix,
        evaluator_findings=finding_rows(_without_paths(for_evaluator, batch)),
        evaluator=_evaluator_rows(rubric, result),
        footnotes=footnotes,
        verdicts=card.verdicts,
        trend=trend,
        indicator_parts=indicator_parts(rubric),
        trend_gaps=gaps,
        # The unit's other sendings of the period, set aside (PMPRB-E304): its page said nothing of them, only
        # the kabupaten's Kelengkapan did.
        other_sendings=_other_sendings(batch, result),
        grades=_grade_rows(rubric, card, result),
    )
