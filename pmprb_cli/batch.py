"""One kabupaten batch: every workbook of a period read, checked, scored and ranked.

It is the object that merge, rapor, history and export all start from.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from pmprb_cli.checks import SECOND_SENDINGS, folder_period, unit_key
from pmprb_cli.models import Rubric, Severity, rounded_half_up, shown_difference
from pmprb_cli.pipeline import OTHER_PERIOD, Assessment, FileResult, Progress, finish, never_ranked, read_paths
from pmprb_cli.ranking import Ranked, RankInput, rank_units, target_verdict
from pmprb_cli.registry import Registry, jenis_of

AWARD_PD = "Perangkat daerah terbaik"
AWARD_KECAMATAN = "Kecamatan terbaik"
AWARD_KELURAHAN = "Kelurahan terbaik"
#: Jenis not counted as perangkat daerah for its award: each has its own.
_OWN_AWARD = ("kecamatan", "kelurahan")


@dataclass(frozen=True)
class Batch:
    """A scored, ranked batch of one period.

    ``ranked`` holds the readable units, best first; ``assessment`` every file (failed ones too) with its
    findings, plus the batch findings and the registry units that sent nothing.
    """

    rubric: Rubric
    period: str | None
    target: str
    registry: Registry | None
    kabupaten: str
    assessment: Assessment
    ranked: tuple[Ranked, ...]
    invalid_policy: str = "score"

    @functools.cached_property
    def kabupaten_named(self) -> str:
        """The kabupaten given, else the one every readable workbook's Identitas names ('' if they differ).

        A report without --kabupaten was "Rapor PMPRB Kabupaten", every workbook saying "Kabupaten Contoh".
        (Only a title: workbooks are held to the kabupaten given, never to this one.)
        """
        if self.kabupaten:
            return self.kabupaten
        named = {
            " ".join(r.submission.kabupaten.split())
            for r in self.assessment.results
            if r.submission is not None and isinstance(r.submission.kabupaten, str) and r.submission.kabupaten.strip()
        }
        return named.pop() if len(named) == 1 else ""

    @functools.cached_property
    def processed_period(self) -> str:
        """The period the batch was processed as: ``--period``, else the one most of its workbooks state ("")."""
        return self.period or folder_period(r.submission for r in self.assessment.results if r.submission is not None)

    @functools.cached_property
    def _file_names(self) -> dict[str, str]:
        from pmprb_cli.output import assessment_names

        return assessment_names(self.assessment)

    def shown_name(self, file: str) -> str:
        """A file as people are shown it: its name, with the folders that tell apart files of one name.

        The evaluator's verifikasi/DINKES.xlsx and the unit's DINKES.xlsx were both "DINKES.xlsx" in the rapor
        ("Unit ini juga mengirim DINKES.xlsx …; yang dinilai di rapor ini DINKES.xlsx").
        """
        from pmprb_cli.output import display_name

        return self._file_names.get(file) or display_name(file)

    def result_for(self, ranked: Ranked) -> FileResult:
        """The file result behind a ranked unit."""
        return self._results_by_file[ranked.file]

    @functools.cached_property
    def _results_by_file(self) -> dict[str, FileResult]:
        # (a search of every result for each unit page made the rapor of N units cost N², 1000 units: minutes)
        return {r.file: r for r in self.assessment.results}

    @functools.cached_property
    def paths_longest_first(self) -> tuple[tuple[str, ...], bool]:
        """Every input's path, longest first; and whether each holds ".xls" (its workbook suffix).

        Longest first: replaced in a text before the paths it holds. A text without ".xls" then names none.
        """
        files = tuple(sorted((r.file for r in self.assessment.results), key=len, reverse=True))
        return files, all(".xls" in f.casefold() for f in files)

    @functools.cached_property
    def files_by_unit(self) -> dict[str, tuple[str, ...]]:
        """Every readable file of the batch by its unit's key (:func:`~pmprb_cli.checks.unit_key`), in order."""
        out: dict[str, list[str]] = {}
        for r in self.assessment.results:
            if r.submission is not None:
                out.setdefault(unit_key(r.submission, self.registry), []).append(r.file)
        return {k: tuple(v) for k, v in out.items()}

    @functools.cached_property
    def _ranked_by_file(self) -> dict[str, Ranked]:
        return {r.file: r for r in self.ranked}

    def why_not_ranked(self, result: FileResult) -> str:
        """:func:`not_ranked_reason`, naming the unit's file ranked instead of a second sending (PMPRB-E304)."""
        ranked = self._ranked_file_of_unit.get(self.unit_named(result)[0])
        ranked_file = self.shown_name(ranked) if ranked is not None and ranked != result.file else ""
        return not_ranked_reason(result, self.period, self.rubric, ranked_file=ranked_file)

    @functools.cached_property
    def _ranked_file_of_unit(self) -> dict[str, str]:
        """The file ranked for each unit, by kode (looked up once per batch, not once per file not ranked)."""
        out: dict[str, str] = {}
        for r in self.ranked:
            out.setdefault(r.kode, r.file)
        return out

    def unit_named(self, result: FileResult) -> tuple[str, str, str]:
        """(kode, nama, jenis) of a readable file's unit, ranked or not (a second copy, --invalid skip).

        As ranking names it: the registry's unit where the workbook names one, else what the workbook says.
        An unranked second copy showed no jenis in the rekap, CSV and JSON.
        """
        ranked = self._ranked_by_file.get(result.file)
        if ranked is not None:
            return ranked.kode, ranked.nama, ranked.jenis
        sub = result.submission
        if sub is None:
            return "", "", ""
        unit = self.registry.of_workbook(sub.unit_code, sub.unit_name) if self.registry is not None else None
        if unit is not None:
            return unit.kode, unit.nama, unit.jenis
        return sub.unit_code, sub.unit_name, jenis_of(sub.unit_name, sub.unit_jenis)

    @property
    def target_text(self) -> str:
        """The target as a sentence names it: "predikat BB", or "WBK" (a verdict, passed or not)."""
        return self.target if target_verdict(self.rubric, self.target) is not None else f"predikat {self.target}"

    @property
    def below_target(self) -> tuple[Ranked, ...]:
        """Units that do not reach the target predikat, largest gap first (they need pendampingan)."""
        return tuple(sorted((r for r in self.ranked if not r.meets_target), key=lambda r: (-r.gap, r.kode)))

    @property
    def unranked_registered(self) -> int:
        """How many registry units have no ranked workbook (missing, unreadable, or not ranked); 0 without one.

        Only when a folder was read (single files say nothing of the others).
        """
        registry = self.registry
        if registry is None or not self.assessment.missing_checked:
            return 0
        ranked = {r.kode.casefold() for r in self.ranked}
        return sum(1 for u in registry.units if u.kode.casefold() not in ranked)

    @property
    def outside_registry(self) -> tuple[Ranked, ...]:
        """The ranked units the registry does not hold (PMPRB-E301): none of the registered, yet ranked."""
        registry = self.registry
        return () if registry is None else tuple(r for r in self.ranked if registry.by_kode(r.kode) is None)

    @property
    def verified_count(self) -> int:
        """How many ranked units are ranked on a verified index (the evaluator filled Jawaban Evaluator)."""
        return sum(1 for r in self.ranked if r.verified_index is not None)

    @property
    def raised_by_evaluator(self) -> tuple[Ranked, ...]:
        """Ranked units whose Jawaban Evaluator column gives a higher index than their own answers (W417).

        Said in every summary: the column is open in the unit's file, and a unit that fills it itself ranks on it.
        """
        decimals = self.rubric.predikat_decimals  # (as shown, as W417 compares them)
        return tuple(
            r
            for r in self.ranked
            if r.verified_index is not None and shown_difference(r.verified_index, r.self_index, decimals) > 0
        )

    @property
    def _award_candidates(self) -> list[Ranked]:
        """The units an award may go to: those that pass a pass/fail target (WBK, WBBM), else those above 0.

        "Kecamatan terbaik" went to a kecamatan that failed WBK on its verified answers, by its index alone.
        """
        if len(self.ranked) < 2:
            return []  # (a unit judged alone, a ZI unit kerja's own run, is best of nothing: "★ Kecamatan terbaik")
        if target_verdict(self.rubric, self.target) is not None:
            return [r for r in self.ranked if r.meets_target]
        # (three empty workbooks, all at 0,00: "★ Perangkat daerah terbaik (bersama)" went to two of them; the
        # index as shown, as ranks compare it: 0,003 is 0,00)
        return [
            r
            for r in self.ranked
            if rounded_half_up(r.index, self.rubric.predikat_decimals) > 0 and not self.answered_nothing(r)
        ]

    def answered_nothing(self, ranked: Ranked) -> bool:
        """Whether the unit answered none of its workbook's questions (its index only the kabupaten's hasil).

        Workbooks carrying only the kabupaten-wide hasil figures all scored 36,61 and tied: each was named
        "Perangkat daerah terbaik (bersama)" mid-month, when only blank workbooks had come in.
        """
        card = self.result_for(ranked).card
        return card is not None and card.answered_own == 0

    def no_award_reason(self, kecamatan: bool) -> str:
        """Why the award of a kind (kecamatan, or perangkat daerah) has no winner where that kind is ranked.

        "" when it has a winner or no unit of that kind is ranked.
        """
        return self.no_award_reason_of("kecamatan" if kecamatan else "")

    def no_award_reason_of(self, jenis: str) -> str:
        """:meth:`no_award_reason` of the award of ``jenis`` ("kecamatan", "kelurahan"; "": perangkat daerah)."""
        among = [r for r in self.ranked if r.jenis == jenis] if jenis else self._perangkat_daerah(self.ranked)
        if not among or (self.best_of(jenis) if jenis else self.best_perangkat_daerah):
            return ""
        if len(self.ranked) < 2:
            return "hanya satu unit yang dinilai"
        if target_verdict(self.rubric, self.target) is not None:
            return f"tidak satu pun mencapai {self.target}"
        zero = [rounded_half_up(r.index, self.rubric.predikat_decimals) == 0 for r in among]
        if all(zero):
            return "semua berindeks 0"
        if not any(zero) and all(self.answered_nothing(r) for r in among):
            return "tidak satu pun menjawab butir LKE-nya; nilainya hanya dari angka hasil"
        return "semua berindeks 0 atau tidak menjawab butir LKE-nya"

    def best_of(self, jenis: str) -> tuple[Ranked, ...]:
        """The units ranked first within a jenis among the award candidates (several when tied)."""
        among = [r for r in self._award_candidates if r.jenis == jenis]
        if not among:
            return ()
        top = min(r.rank for r in among)
        return tuple(r for r in among if r.rank == top)

    @functools.cached_property
    def read_instead(self) -> dict[str, str]:
        """Each unreadable file whose unit is scored from another file: that file (see Assessment.read_instead)."""
        out = {}
        for failed in self.assessment.failed:
            instead = self.assessment.read_instead(failed.file, self.registry)
            if instead:
                out[failed.file] = instead
        return out

    @functools.cached_property
    def awards(self) -> dict[str, str]:
        """The award of each winning file: "Kecamatan terbaik", "Perangkat daerah terbaik (bersama)".

        One wording for the rapor's ★ and the rekap's Penghargaan column.
        """
        said: dict[str, str] = {}
        for best, award in (
            (self.best_perangkat_daerah, AWARD_PD),
            (self.best_of("kecamatan"), AWARD_KECAMATAN),
            (self.best_of("kelurahan"), AWARD_KELURAHAN),
        ):
            for r in best:
                # (the ★ beside each of two tied units read as each one's alone)
                said[r.file] = award + (" (bersama)" if len(best) > 1 else "")
        return said

    @staticmethod
    def _perangkat_daerah(ranked: Sequence[Ranked]) -> list[Ranked]:
        """The units that compete for "Perangkat daerah terbaik": every jenis but kecamatan and kelurahan."""
        return [r for r in ranked if r.jenis not in _OWN_AWARD]

    @property
    def best_perangkat_daerah(self) -> tuple[Ranked, ...]:
        """The best units that are neither kecamatan nor kelurahan, among the award candidates (several when tied)."""
        others = self._perangkat_daerah(self._award_candidates)
        if not others:
            return ()
        top = min(r.rank for r in others)  # ranks compare the index as shown, so ties are ties on screen
        return tuple(r for r in others if r.rank == top)


def build_batch(
    paths: Sequence[str],
    rubric: Rubric,
    *,
    registry: Registry | None = None,
    period: str | None = None,
    target: str,
    kabupaten: str = "",
    jobs: int = 1,
    keep_answers: bool = True,
    keep_warnings: bool = True,
    progress: Progress | None = None,
    invalid: str = "score",
    missing_units: bool = True,
    not_read: Sequence[str] = (),
) -> Batch:
    """Read, check, score and rank every workbook of a batch.

    ``invalid`` is the policy for workbooks with errors: ``score`` ranks them with their findings shown
    (missing answers count 0), ``skip`` leaves them out of the ranking (still listed with their status).
    ``not_read``: the files of the folders read that are no workbook (see :func:`pipeline.finish`).
    """
    results = read_paths(
        paths,
        rubric,
        registry,
        period,
        progress,
        target=target,
        jobs=jobs,
        keep_answers=keep_answers,
        keep_warnings=keep_warnings,
    )
    return batch_from_results(
        results,
        rubric,
        registry=registry,
        period=period,
        target=target,
        kabupaten=kabupaten,
        invalid=invalid,
        missing_units=missing_units,
        not_read=not_read,
    )


def batch_from_results(
    results: Sequence[FileResult],
    rubric: Rubric,
    *,
    registry: Registry | None,
    period: str | None,
    target: str,
    kabupaten: str = "",
    invalid: str = "score",
    missing_units: bool = True,
    not_read: Sequence[str] = (),
) -> Batch:
    """Rank per-file results (read now, or kept by the monthly run's cache) into a :class:`Batch`."""
    assessment = finish(
        results,
        registry,
        missing_units=missing_units,
        kabupaten=kabupaten,
        rubric=rubric,
        period=period,
        not_read=not_read,
    )
    inputs = []
    seen: set[str] = set()
    duplicates = set(assessment.batch_findings)
    # The file of a unit that ranks is the one without E304, I508 or I509 (saved last); the others are looked at after
    # it, and rank only when it is skipped (--invalid skip). Inputs keep the order of the files.
    second = {f.file for f in duplicates if f.code in SECOND_SENDINGS}
    order = {r.file: n for n, r in enumerate(assessment.results)}
    for r in sorted(assessment.results, key=lambda r: r.file in second):
        # --invalid skip judges a file by its own errors: a unit's second file (E304, a batch finding) is
        # the duplicate handled below, so a clean revision still ranks when the first file is skipped.
        # (E207 of a template whose answers this rubric reads — a renamed copy of its rubric — blocks nothing.)
        own_errors = any(
            f.severity is Severity.ERROR and f not in duplicates and f.code != "PMPRB-E207" for f in r.findings
        )
        if r.submission is None or r.card is None or (invalid == "skip" and (r.failed or own_errors)):
            continue
        if never_ranked(r, rubric):
            continue  # another month's, rubric's or kabupaten's workbook is not this month's result
        key = unit_key(r.submission, registry)
        if key and key in seen:
            continue  # a unit sent twice (PMPRB-E304): the file changed last ranks, the other is listed
        seen.add(key)
        inputs.append(
            RankInput(r.file, r.submission, r.card, r.verified, r.actions, r.actions_needed, r.held_by, r.own_reach)
        )
    inputs.sort(key=lambda i: order[i.file])
    ranked = rank_units(inputs, rubric, registry, target)
    return Batch(rubric, period, target, registry, kabupaten, assessment, ranked, invalid)


def not_ranked_reason(
    result: FileResult,
    period: str | None,
    rubric: Rubric | None = None,
    *,
    pointer: bool = False,
    ranked_file: str = "",
) -> str:
    """Why a readable file is not ranked, in a person's words: the unit's other file, another period, errors.

    ``pointer``: whether to point at the rapor's table of second sendings (the rapor's own; the rekap and the
    score table pointed at a „Unit mengirim dua kali” they do not have, and never named the file ranked).
    ``ranked_file``: the unit's file ranked instead, named (see :meth:`Batch.why_not_ranked`).
    """
    if any(f.code == "PMPRB-E304" for f in result.findings):
        said = "kiriman lain unit yang sama" + (f", yang diperingkat {ranked_file}" if ranked_file else "")
        return said + (" (lihat „Unit mengirim dua kali”)" if pointer else "")
    if any(f.code == "PMPRB-I508" for f in result.findings):
        return "salinan persis berkas lain unit yang sama (PMPRB-I508)"
    if any(f.code == "PMPRB-I509" for f in result.findings):
        return "jawaban dan bukti dukungnya sama dengan berkas lain unit yang sama (PMPRB-I509)"
    sub = result.submission
    why = never_ranked(result, rubric)  # the one rule of what never ranks; here only put in words
    if why == OTHER_PERIOD and sub is not None:
        # (without --period, the month most of the folder's workbooks state: pipeline.finish)
        return f"buku kerja periode {sub.period}, bukan {period or 'periode sebagian besar buku kerja'}"
    if why == "PMPRB-E308" and sub is not None:
        return f"buku kerja {sub.kabupaten}, kabupaten lain (PMPRB-E308)"
    if why == "PMPRB-E309":
        return "lembar Identitas dan kepala lembar LKE menyebut dua unit berbeda (PMPRB-E309)"
    if why == "PMPRB-E210":
        other = next(f.value for f in result.findings if f.code == "PMPRB-E210")
        return f"lebih cocok dengan rubrik {other}: nilainya dengan rubrik ini tidak berarti (PMPRB-E210)"
    if why == "PMPRB-E207" and sub is not None:
        return f"templat rubrik {sub.rubric_id}: jawabannya tidak terbaca dengan rubrik ini (PMPRB-E207)"
    return f"{result.count(Severity.ERROR)} kesalahan (--invalid skip)"
