"""Checks beyond scoring: small functions that each yield findings for one concern.

Scoring already reports what changes a score (missing, invalid, out-of-range answers, gates, zero
denominators); reading reports structure (items missing, duplicated, unknown, altered). The checks here
add what an evaluator and an OPD operator want to fix before sending: identity against the registry and
the period, the rubric that made the file, numbers typed as text, formulas in answer cells, missing
bukti dukung, cached values that disagree with the recomputed ones, and evaluator answers that differ.

Each check's docstring says what it checks, why, and a failing example.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pmprb_cli.catalogue import Shown, finding, language
from pmprb_cli.files import capped_name, modified_ns, without_hidden_characters
from pmprb_cli.models import (
    Answer,
    Finding,
    Rubric,
    Scale,
    ScoreCard,
    Submission,
    as_typed,
    format_number,
    rounded_half_up,
)
from pmprb_cli.registry import Registry, Unit
from pmprb_cli.rubric import (
    GROUPED_WHOLE,
    normalise_spelling,
    parse_choice,
    parse_number,
    per_rubric,
    percent_scales,
    trusted_scores_as,
)
from pmprb_cli.scoring import (
    agrees_with_an_answer,
    answer_scales,
    evaluator_answered,
    evaluator_entered,
    evaluator_readable,
    likely_choice,
    score_dependencies,
    shown_answer,
)


@dataclass(frozen=True)
class Context:
    """What every check may look at for one workbook."""

    submission: Submission
    card: ScoreCard
    rubric: Rubric
    registry: Registry | None = None
    period: str | None = None
    #: The language of messages, read from the environment once per workbook rather than per finding.
    lang: str = field(default_factory=language)

    @functools.cached_property
    def answers_in_order(self) -> list[tuple[str, Answer]]:
        """The answers sorted by code (several checks walk them; sorted once)."""
        return sorted(self.submission.answers.items(), key=lambda pair: pair[0])


Check = Callable[[Context], Iterator[Finding]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    """Register a check (in definition order, which is also the order of their findings before sorting)."""
    CHECKS.append(fn)
    return fn


def _at_identity(ctx: Context, code: str, key: str, **fields: object) -> Finding:
    """A finding about an identity field, at the Identitas cell that states it (where the workbook has one)."""
    sub = ctx.submission
    sheet = sub.identity_sheet
    cell = sub.identity_cells.get(key) or (sub.identity_cells.get("unit_name", "") if key == "unit_code" else "")
    if (not sheet or not cell) and key in ("unit_code", "unit_name") and sub.head_unit[2]:
        # An official form (no Identitas sheet) names its unit above the LKE table (INSTANSI, F2): the finding
        # named no cell there.
        sheet, cell = sub.sheet, sub.head_unit[2]
    if not sheet or not cell:
        return _at(ctx, code, value=fields.get("value", ""), detail=fields.get("detail", ""))
    return finding(
        code,
        sub.file,
        sheet=sheet,
        cell=cell,
        value=fields.get("value", ""),
        detail=str(fields.get("detail", "")),
        lang=ctx.lang,
    )


def _at(ctx: Context, code: str, answer: Answer | None = None, **fields: object) -> Finding:
    sub = ctx.submission
    return finding(
        code,
        sub.file,
        sheet=answer.sheet if answer else sub.sheet,
        cell=str(fields.pop("cell", answer.cell if answer else "")),
        item=str(fields.pop("item", answer.code if answer else "")),
        value=fields.pop("value", ""),
        detail=str(fields.pop("detail", "")),
        lang=ctx.lang,
    )


@check
def rubric_fingerprint(ctx: Context) -> Iterator[Finding]:
    """The rubric that made a template is the rubric used to score it.

    Why: a workbook made for zi-2021 scored with pmprb-2020 gives a meaningless number.
    Fails: Identitas says ``Rubrik: zi-2021`` and the command runs ``--rubric pmprb-2020`` (PMPRB-E207);
    Identitas says version 1.0.0 of the right rubric while 1.1.0 is in use (PMPRB-W208).
    """
    sub, rubric = ctx.submission, ctx.rubric
    if not sub.rubric_id:
        return
    if sub.rubric_id != rubric.id:
        yield _at(ctx, "PMPRB-E207", value=sub.rubric_id, detail=rubric.id)
    elif sub.rubric_version and sub.rubric_version in trusted_scores_as(rubric):
        return  # made by an earlier version that scores the same (only the rubric's metadata changed)
    elif (sub.rubric_version and sub.rubric_version != rubric.version) or (
        sub.rubric_checksum and sub.rubric_checksum != rubric.checksum
    ):
        made, used = sub.rubric_version or sub.rubric_checksum[:12], rubric.version
        if made == used:  # same version, other bytes (an edited copy): the checksums tell them apart
            word = "checksum" if ctx.lang == "en" else "sidik"
            made, used = f"{made} ({word} {sub.rubric_checksum[:12]})", f"{used} ({word} {rubric.checksum[:12]})"
        yield _at(ctx, "PMPRB-W208", value=made, detail=used)


@check
def unit_in_registry(ctx: Context) -> Iterator[Finding]:
    """The unit named in the workbook is one of the registry's units.

    Why: rankings and the list of units that sent nothing rely on it.
    Fails: ``Kode unit: DINKS`` with a registry holding ``DINKES`` (PMPRB-E301, suggests DINKES).
    """
    if ctx.registry is None or ctx.submission.usulan:
        return  # (the kabupaten's own LKE that export wrote is no unit: "Unit 'KABUPATEN' tidak ada di daftar")
    sub = ctx.submission
    found = ctx.registry.of_workbook(sub.unit_code, sub.unit_name)
    if found is not None:
        if (
            sub.unit_code
            and ctx.registry.by_kode(sub.unit_code) is None
            and (ctx.registry.by_name(sub.unit_code) is None or ctx.registry.is_name_of(found, sub.unit_code))
        ):
            # Known by its name only: DINSOSX passed as Dinas Sosial without a word.
            lost_zeros = (
                sub.unit_code.isascii()
                and sub.unit_code.isdigit()
                and found.kode.isascii()
                and found.kode.isdigit()
                and int(sub.unit_code) == int(found.kode)
            )
            # "01" in the workbook, 1 in a registry saved by Excel: the registry lost its zeros, not the workbook
            # its kode ("Perbaiki Kode unit menjadi 1" went to each of 40 units).
            code = "PMPRB-W311" if lost_zeros else "PMPRB-W307"
            yield _at_identity(ctx, code, "unit_code", value=sub.unit_code, detail=found.kode)
        elif (
            sub.unit_code
            and ctx.registry.by_kode(sub.unit_code) is None
            and ctx.registry.by_alias(sub.unit_code) is found
        ):
            # Known by an alias, an old kode as a rule: DISKOP's workbook on its old template ranked as the
            # merged DISKOPERINDAG without a word. (Not a kode today's registry lent a past period's: a late
            # workbook on today's template is on the newest one.)
            yield _at_identity(
                ctx, "PMPRB-I310", "unit_code", value=sub.unit_code, detail=_unit_said(found.kode, found.nama)
            )
        by_code = (
            (ctx.registry.by_kode(sub.unit_code) or ctx.registry.by_name(sub.unit_code)) if sub.unit_code else None
        )
        by_name = ctx.registry.find(sub.unit_name) if sub.unit_name else None
        if (
            by_code is not None
            and by_name is None
            and sub.unit_name
            and _plainly_other(sub.unit_name, by_code, sub.kabupaten)
        ):
            # DINKES's template filled by Dinas Perikanan (in no registry): ranked as Dinas Kesehatan without a
            # word, and, newer, it set DINKES's own file aside as the "second sending".
            en = language() == "en"
            detail = (
                f"{'code' if en else 'kode'} {_unit_said(by_code.kode, by_code.nama)}, "
                f"{'name' if en else 'nama'} '{capped_name(sub.unit_name)}' "
                f"({'in no row of the registry' if en else 'tidak ada di daftar unit'}); "
                f"{'scored as' if en else 'dinilai sebagai'} {found.kode}"
            )
            yield _at_identity(ctx, "PMPRB-W312", "unit_name", value=sub.unit_name, detail=detail)
        if by_code is not None and by_name is not None and by_code is not by_name:
            # Kode DISKOPERINDAG beside Nama "Dinas Kesehatan": scored as one of the two without a word.
            en = language() == "en"
            detail = (
                f"{'code' if en else 'kode'} {_unit_said(by_code.kode, by_code.nama)}, "
                f"{'name' if en else 'nama'} {_unit_said(by_name.kode, by_name.nama)}; "
                f"{'scored as' if en else 'dinilai sebagai'} {found.kode}"
            )
            yield _at_identity(ctx, "PMPRB-W312", "unit_code", value=sub.unit_code, detail=detail)
        return
    typed = sub.unit_code or sub.unit_name
    near = ctx.registry.closest(typed) if typed else None
    en = language() == "en"
    where = "unit_name" if sub.unit_name and not sub.unit_code else "unit_code"  # (the hint says Kode unit)
    if near is None:
        detail = "none is close" if en else "tidak ada yang mirip"
    else:
        detail = f"{'closest' if en else 'yang paling mirip'}: {near.kode} ({near.nama})"
    yield _at_identity(ctx, "PMPRB-E301", where, value=typed or Shown("(kosong)", "(blank)"), detail=detail)


@check
def unit_stated(ctx: Context) -> Iterator[Finding]:
    """The workbook names its unit (Identitas, or the head of the LKE sheet).

    Why: with both cleared, the unit ranked with no kode and no name, and its unit was listed as having sent
    nothing. It is now the unit its file name names (pipeline, checks.named_by_file), said here.
    Fails: ``DINKES.xlsx`` with Kode unit and Nama unit blank everywhere (PMPRB-W308).
    """
    sub = ctx.submission
    if sub.unit_from_file_name:
        yield _at_identity(ctx, "PMPRB-W308", "unit_code", value=_unit_said(sub.unit_code, sub.unit_name))


@check
def file_named_for_its_unit(ctx: Context) -> Iterator[Finding]:
    """The file name does not name another registered unit than the one the workbook belongs to.

    Why: DISDIK filled DINSOS's template and sent it as DISDIK.xlsx: Dinas Sosial ranked with DISDIK's
    answers, DISDIK was listed as having sent nothing, and DINSOS's own file lost to it as a second copy.
    Fails: ``DISDIK.xlsx`` whose Identitas says DINSOS (PMPRB-W306).
    """
    if ctx.registry is None or _head_names_another_unit(ctx):  # (PMPRB-E309 says it: the file is not ranked)
        return
    sub = ctx.submission
    own = ctx.registry.of_workbook(sub.unit_code, sub.unit_name)
    named = unit_in_file_name(ctx.registry, sub.file)
    if own is not None and named is not None and named.kode != own.kode:
        yield _at_identity(ctx, "PMPRB-W306", "unit_code", value=own.kode, detail=named.kode)


@check
def one_unit_named(ctx: Context) -> Iterator[Finding]:
    """The head of the LKE sheet names the unit the Identitas sheet names.

    Why: DINKES filled DISHUB's template and typed its own unit over the head of the LKE sheet (what the
    operator and the evaluator see), leaving Identitas (what pmprb reads) as it was: Dinas Perhubungan ranked
    with DINKES's answers, DISHUB's own file was left out as its second copy, and DINKES was listed as having
    sent nothing. The file is not ranked (nor counted as either unit's sending) until the two agree.
    Fails: Identitas ``dishub``, head of the LKE sheet ``dinas-kesehatan`` (PMPRB-E309).
    """
    if _head_names_another_unit(ctx):
        sub = ctx.submission
        code, name, cell = sub.head_unit
        # The registered unit the head names, by the registry's name: its kode beside the name left from the
        # template ("Dinas Sosial (DINKES)") named a unit that does not exist, in the message and the hint.
        head = ctx.registry.of_workbook(code, name) if ctx.registry is not None else None
        yield finding(
            "PMPRB-E309",
            sub.file,
            sheet=sub.sheet,
            cell=cell,
            value=_unit_said(sub.unit_code, sub.unit_name),
            detail=_unit_said(head.kode, head.nama) if head is not None else _unit_said(code, name),
        )


def _head_names_another_unit(ctx: Context) -> bool:
    """Whether a template's Identitas and the head of its LKE sheet name two units.

    Registered units are compared; otherwise by kode when both sheets give one, else by name, where a name
    written longer or shorter ("Dinas Kesehatan Kabupaten Contoh") is still the unit's.
    """
    sub = ctx.submission
    code, name, _ = sub.head_unit
    if not sub.identity_sheet or not (code or name):
        return False
    if ctx.registry is not None:
        head, stated = ctx.registry.of_workbook(code, name), ctx.registry.of_workbook(sub.unit_code, sub.unit_name)
        if head is not None and stated is not None:
            return head.kode != stated.kode
    if code and sub.unit_code:
        return code.casefold() != sub.unit_code.casefold()
    if not (name and sub.unit_name):
        return False
    said, named = name.casefold().split(), sub.unit_name.casefold().split()
    shorter, longer = sorted((said, named), key=len)
    # The same words in a row ("Dinas Kesehatan" in "Dinas Kesehatan Kabupaten Uji", "Inspektorat" in
    # "Inspektorat Daerah"); whole words, so "Kecamatan Cibenda" is not "Kecamatan Cibendawangi".
    runs = (longer[i : i + len(shorter)] for i in range(len(longer) - len(shorter) + 1))
    return shorter not in runs


#: Words of a unit's name that say what kind of office it is, not which: shared by most names of a registry.
_GENERIC_NAME_WORDS = frozenset(
    {"dinas", "badan", "kantor", "kecamatan", "kec", "bagian", "sekretariat", "daerah", "kabupaten", "kab"}
    | {"kota", "dan", "unit", "kerja", "perangkat", "satuan", "uptd", "upt", "pemerintah", "pemkab", "the", "of"}
)
#: How a full name (not an abbreviation: "Disbudpar", "DKK", "Setda") starts.
_OFFICE_WORDS = frozenset({"dinas", "badan", "kantor", "kecamatan"})


def _plainly_other(typed: str, unit: Unit, kabupaten: str = "") -> bool:
    """Whether a typed Nama unit is plainly another office's name than ``unit``'s: said only when sure.

    Only a full name ("Dinas …", "Badan …", "Kecamatan …", "Kantor …") with a word of five letters or more
    that names what the office does, none of whose words is in the unit's name, kode or aliases and which no
    abbreviation of either explains: "Dinas Perikanan" is not Dinas Kesehatan's. Abbreviations and short
    forms ("Dinkes", "Disbudpar", "Dinas KUKM", "Setda Kabupaten Contoh", "Sekretariat Dewan") are never
    judged: Indonesian offices shorten their names in too many ways.
    """
    said = normalise_spelling(typed)
    words = _NAME_WORD.findall(said)
    if not words or words[0] not in _OFFICE_WORDS:
        return False
    own = set(_NAME_WORD.findall(normalise_spelling(kabupaten)))  # ("Kab. Contoh" names the kabupaten)
    telling = set(words) - _GENERIC_NAME_WORDS - own
    if not any(len(w) >= 5 for w in telling):
        return False
    letters = "".join(words)
    for name in (*unit.names(), unit.kode):
        known = normalise_spelling(name)
        known_words = set(_NAME_WORD.findall(known))
        known_letters = "".join(_NAME_WORD.findall(known))
        if telling & known_words or said in known or known in said:
            return False
        if any(w in known_letters or known_letters in w for w in telling if len(known_letters) >= 3):
            return False
        if _in_order(letters, known_letters) or _in_order(known_letters, letters):
            return False
    return True


_NAME_WORD = re.compile(r"[0-9a-z]+")


def _in_order(short: str, long: str) -> bool:
    """Whether every letter of ``short`` is in ``long`` in the same order: "dinkes" in "dinaskesehatan"."""
    letters = iter(long)
    return bool(short) and all(ch in letters for ch in short)


def _unit_said(code: str, name: str) -> str:
    name = capped_name(name)  # (the head's name is read as typed: a pasted page would fill the message)
    return f"{name} ({code})" if code and name else code or name


def unit_in_file_name(registry: Registry, file: str) -> Unit | None:
    """The registered unit a file name names as a whole: its kode, name or alias, decorations aside.

    "DISDIK.xlsx", "Dinas Pendidikan (revisi).xlsx", "LKE_DISDIK_2022-07.xlsx", "DINKES.PKM.xlsx" (a kode with
    a dot). Words of a longer name are not taken for a kode: "Bagian Umum SETDA juli.xlsx" names no unit.
    """
    words = file_name_unit(file)
    return registry.find(words) if words else None


def unit_of_unreadable(registry: Registry, file: str) -> Unit | None:
    """The registered unit an unreadable file is named after: its kode or name as the file's name, decorations aside.

    "LKE_DINKES_2022-07.xlsx" cut short left DINKES "belum mengirim" (and "Unit: —" beside the file), where
    "DINKES.xlsx" was counted as sent: read files are matched with :func:`unit_in_file_name`, and so are these.
    """
    stem = Path(file).stem
    return registry.of_workbook(stem, stem) or unit_in_file_name(registry, file)


def file_name_unit(file: str) -> str:
    """A file name without its decorations (form, revision, month, numbers, brackets): what may name a unit."""
    stem = Path(file).stem
    plain = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", stem).replace("_", " ")
    words = [w for w in plain.split() if not any(ch.isdigit() for ch in w) and w.casefold() not in _FILE_NAME_WORDS]
    return " ".join(words)


def named_by_file(sub: Submission, registry: Registry | None) -> Submission:
    """A workbook naming no unit anywhere, as the unit its file name names (registered, else the name itself).

    Identitas and the head of the LKE sheet cleared: it ranked as a unit with no kode and no name, and the
    unit whose file it was was listed as having sent nothing. PMPRB-W308 says so; a file name naming nothing
    stays a blank unit (PMPRB-E301 with a registry).
    """
    if sub.unit_code or sub.unit_name or sub.usulan:
        return sub
    named = unit_in_file_name(registry, sub.file) if registry is not None else None
    if named is not None:
        return dataclasses.replace(sub, unit_code=named.kode, unit_name=named.nama, unit_from_file_name=True)
    words = capped_name(without_hidden_characters(file_name_unit(sub.file)))
    return dataclasses.replace(sub, unit_name=words, unit_from_file_name=True) if words else sub


#: Words a file name carries beside the unit it names: the form, a revision, a month.
_FILE_NAME_WORDS = frozenset(
    """lke pmprb rb zi akip sakip revisi rev final fix baru new copy salinan periode bulan tahun -
    januari februari maret april mei juni juli agustus september oktober november desember
    jan feb mar apr jun jul agu agt ags sep okt nov des""".split()
)


#: A period as pmprb reads it (layout.normalise_period), or the year alone of the official form.
_PERIOD_OR_YEAR = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?")


@check
def period_matches(ctx: Context) -> Iterator[Finding]:
    """The workbook states its period, and it is the period being processed.

    Why: a June workbook sent again in July would be counted as July's progress.
    Fails: no period in Identitas (PMPRB-W302); ``Periode: abc`` (PMPRB-W310; with ``--period``, E303);
    ``Periode: Agustus`` with ``--period 2022-08`` (PMPRB-W216: no year, scored);
    ``Periode: 2022-06`` with ``--period 2022-07`` (PMPRB-E303); a pmprb template stating its year alone
    (PMPRB-W302, scored: the official form's TAHUN row is such a year).
    """
    sub = ctx.submission
    if not sub.period:
        yield _at_identity(ctx, "PMPRB-W302", "period")
    elif not ctx.period and not _PERIOD_OR_YEAR.fullmatch(sub.period):
        # TRUE, 202206 or "abc" as the Periode: "sah", ranked, and shown as the period in every output.
        yield _at_identity(ctx, "PMPRB-W310", "period", value=sub.period)
    elif ctx.period and sub.period != ctx.period:
        from pmprb_cli.layout import month_without_year

        # The official layout states only the year (TAHUN): the year of the period is then all it can say.
        if not _PERIOD_OR_YEAR.fullmatch(sub.period) and month_without_year(sub.period) == int(ctx.period[5:]):
            # "Agustus" typed for August: no year, no other month. The unit went unranked as "periode Agustus"
            # where a period left empty was only warned of (W302).
            yield _at_identity(ctx, "PMPRB-W216", "period", value=sub.period, detail=ctx.period)
        elif not (len(sub.period) == 4 and sub.period.isdigit() and ctx.period.startswith(sub.period + "-")):
            yield _at_identity(ctx, "PMPRB-E303", "period", value=sub.period, detail=ctx.period)
        elif sub.layout == "template":
            # A pmprb template states its month: "2019" alone (the head's cleared too) was accepted for every
            # month of 2019 without a word, last month's file as this month's.
            yield _at_identity(ctx, "PMPRB-W302", "period")


@check
def rubric_in_force(ctx: Context) -> Iterator[Finding]:
    """The period is one of the evaluation years of the rubric's instrument.

    Why: each regulation replaces the last one (14/2014 to 2019, 26/2020 to 2022); an index computed with a
    replaced instrument does not compare with that year's evaluation. Informational: a pemda may keep an
    instrument on purpose, and a rubric of its own states its own years.
    Fails: ``--period 2023-08`` with pmprb-2020 (2020–2022) (PMPRB-I211).
    """
    period = ctx.period or ctx.submission.period
    year = period[:4] if period else ""
    if year.isdigit() and not ctx.rubric.in_force(int(year)):
        detail = f"{ctx.rubric.id} ({ctx.rubric.regulation.split(' tentang ')[0]}), {ctx.rubric.years()}"
        yield _at_identity(ctx, "PMPRB-I211", "period", value=period, detail=detail)


@check
def answers_typed_well(ctx: Context) -> Iterator[Finding]:
    """Answer cells hold typed values: no formula, no number typed as text.

    Why: a formula answer changes when another cell changes; a number stored as text is read, but a
    spreadsheet sorts and sums it wrongly.
    Fails: ``=IF(B2>0;"Ya";"Tidak")`` in Jawaban (PMPRB-W408); ``'3,8`` typed as text (PMPRB-W407).
    """
    numeric, counts = _numeric_codes(ctx.rubric), _count_codes(ctx.rubric)
    for code, answer in ctx.answers_in_order:
        if answer.is_formula:
            # (without a stored result it is PMPRB-E410, said in scoring; a TRUE or FALSE is how LibreOffice saves
            # a typed TRUE, as the formula TRUE(): no formula the unit wrote, and no answer, said by E402/E404)
            if answer.raw not in (None, "") and not isinstance(answer.raw, bool):
                yield _at(ctx, "PMPRB-W408", answer, value=answer.raw)
        elif code in numeric and isinstance(answer.raw, str):
            number = parse_number(answer.raw, whole=code in counts)  # read as scoring reads it
            if number is None or (code in counts and not number.is_integer()):
                # ("1,5" as a count: E412 counts it 0, and W407 beside it said "its value is still read")
                continue
            scale = _number_ranges(ctx.rubric).get(code)
            if scale is not None and not scale[0] - 1e-9 <= number <= scale[1] + 1e-9:
                # (beyond the scale E403 counts it 0: "Nilainya tetap dibaca pmprb" beside it contradicted it)
                continue
            thousands = (
                parse_number(answer.raw, whole=True)
                if code not in counts and GROUPED_WHOLE.fullmatch(answer.raw.strip().replace(" ", ""))
                else None
            )
            low, high = _number_ranges(ctx.rubric).get(code, (0.0, 0.0))
            if thousands is not None and low <= thousands <= high:
                # '1.250' is a thousand and more to an Indonesian, 1,25 to the reading, and the scale takes
                # both: "its value is still read" (W407) made a thousandfold difference look harmless. Where
                # the thousands reading is off the scale ('3,125' on 0–4), the decimal one is the only one.
                not_ = "bukan" if ctx.lang == "id" else "not"
                detail = f"{as_typed(number, ctx.lang)}, {not_} {as_typed(thousands or 0, ctx.lang)}"
                yield _at(ctx, "PMPRB-W422", answer, value=answer.raw, detail=detail)
            else:
                yield _at(ctx, "PMPRB-W407", answer, value=answer.raw, detail=as_typed(number, ctx.lang))


@per_rubric
def _numeric_codes(rubric: Rubric) -> frozenset[str]:
    """The codes whose answers are numbers: numeric items and indicators, and percentage inputs."""
    numeric = {n.code for n in rubric.indicators() if rubric.scales[n.scale].kind == "number"}
    for item in rubric.items():
        if item.computed:
            numeric.update(f.code for f in item.inputs)
        elif rubric.scales[item.scale].kind == "number":
            numeric.add(item.code)
    return frozenset(numeric)


@per_rubric
def _number_ranges(rubric: Rubric) -> dict[str, tuple[float, float]]:
    """The scale range of every numeric item and indicator (not the Jumlah inputs: counts have none)."""
    scales = rubric.scales
    named = [(n.code, n.scale) for n in rubric.indicators()]
    named += [(i.code, i.scale) for i in rubric.items() if not i.computed]
    return {code: (scales[sid].minimum, scales[sid].maximum) for code, sid in named if scales[sid].kind == "number"}


@per_rubric
def _count_codes_in_order(rubric: Rubric) -> tuple[str, ...]:
    return tuple(sorted(_count_codes(rubric)))


@per_rubric
def _count_codes(rubric: Rubric) -> frozenset[str]:
    """The Jumlah inputs of percentage items: whole counts."""
    return frozenset(f.code for item in rubric.items() if item.computed for f in item.inputs)


@check
def percentages_typed_as_percentages(ctx: Context) -> Iterator[Finding]:
    """A number on a 0–100 scale is not a fraction below 1.

    Why: 75% typed in Excel is stored as 0.75; on a 0–100 scale it scores a hundredth of what was meant,
    and it is within range, so nothing else says so.
    Fails: ``75%`` typed in the Capaian kinerja cell of pmprb-2020 (PMPRB-W412), or a ratio formula's 1.
    """
    for code, scale in percent_scales(ctx.rubric).items():
        answer = ctx.submission.answers.get(code)
        number = parse_number(answer.raw) if answer is not None else None
        # A cell formatted as a percentage was read as the percentage it shows (PMPRB-I504).
        # (1 too: 100% kept as a fraction, a ratio formula's or a pasted value, is the commonest of them)
        if answer is not None and number is not None and 0 < number <= 1 and not answer.percent_cell:
            yield _at(ctx, "PMPRB-W412", answer, value=number, detail=scale)
        # The evaluator's 0,6 for a unit's 72 cut the ranked (verified) index by 5,00 with only I502 to say so.
        # (a fraction left here was not in a %-formatted cell: those were read as the percentage they show)
        judged = parse_number(answer.evaluator_raw) if answer is not None and answer.evaluator_cell else None
        if answer is not None and judged is not None and 0 < judged <= 1:
            yield _at(ctx, "PMPRB-W412", answer, cell=answer.evaluator_cell, value=judged, detail=scale)


@check
def evidence_present(ctx: Context) -> Iterator[Finding]:
    """Answered items that expect bukti dukung have a link or document name.

    Why: assessors do not accept an answer without evidence; Kemenpan-RB checks it in September.
    Fails: ``A.I.1.a`` answered ``Ya`` with an empty Bukti Dukung cell (PMPRB-W410).
    Only where the workbook has a Bukti Dukung column (the official layout has none). An answer at its scale's
    lowest choice, worth 0 ("Tidak", "E"), needs none: there is no document of what was not done, and the hint's
    "-" or "tidak ada" never cleared it (150 of 1 392 W410 in the sample's August, a --strict exit 1 for good).
    """
    sub = ctx.submission
    if sub.layout != "template":
        return
    answers = sub.answers
    file, column, lang = sub.file, sub.evidence_column, ctx.lang
    scales = ctx.rubric.item_scales()
    for item_code, codes in _evidence_items(ctx.rubric):
        if len(codes) == 1:  # most items are answered in one cell
            one = answers.get(codes[0])
            if (
                one is not None
                and not one.has_evidence
                and one.raw not in (None, "")
                and not asks_no_evidence(scales.get(item_code), one.raw)
            ):
                # (what _at builds, without its keyword dict: a workbook has dozens of these)
                cell = one.evidence_from or (f"{column}{one.row}" if column else one.cell)  # _evidence_cell
                yield finding("PMPRB-W410", file, sheet=one.sheet, cell=cell, item=item_code, lang=lang)
            continue
        given = [answers[c] for c in codes if c in answers]
        answered = False
        for a in given:
            if a.has_evidence:
                break  # evidence given: nothing to say whatever the answers are
            answered = answered or a.raw not in (None, "")
        else:
            if answered:
                yield _at(ctx, "PMPRB-W410", given[0], item=item_code, cell=_evidence_cell(sub, given[0]))


#: Bukti dukung that names a file on the operator's own computer: a drive letter, a file: link, a home folder.
# (and a Windows share, \\fileserver\pmprb\…: opened inside the office only, never by Kemenpan-RB)
# Anywhere a new entry of the cell starts ("SK Tim RB; D:\BUKTI\SK.pdf", "https://…\nC:\Users\…", "Ada di D:\…"),
# and as Macs, phones and shares write it (/Volumes/…, /storage/emulated/0/…, smb://…, //fileserver/… — a server's
# name without a dot: with one, "//ekinerja.sukamaju.go.id/login", it is a web address). "File: SK Bupati ….pdf"
# is a word, not a file: link (which is file:/…).
_LOCAL_PATH = re.compile(
    r"(?:^|[\s;,(\[\"'])(?:file:/|smb://|afp://|[A-Za-z]:[\\/]|~[\\/]|/home/|/Users/|/Volumes/|/storage/|/sdcard/"
    r"|Macintosh HD/|\\\\[^\\\s]|//[^/\s.]+/)",
    re.IGNORECASE,
)
# A Windows path without its drive, typed: "Desktop\BUKTI RB\SK.pdf", "Bukti\SK Tim RB.pdf".
_BACKSLASH_FILE = re.compile(r"[^\s\\:]\\[^\\\n]*\.[A-Za-z0-9]{2,5}\b")
_WEB = ("https://", "http://", "HTTPS://", "HTTP://")
_LOCAL_MARKS = frozenset(":/\\~")


# A path from the workbook's own folder typed as text: "..\Bukti\roadmap.pdf", "./SK.pdf".
_RELATIVE_PATH = re.compile(r"\s*\.{1,2}[\\/]")
# A link target naming its kind (https:, mailto:, javascript: …): the others are paths from the workbook's folder.
_SCHEME = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.-]*:")
# A web address written without its scheme ("www.…", "bit.ly/SK-TimRB", "drive.google.com/…", "s.id/x"): Excel
# and Google Sheets open such a HYPERLINK as a web page. A file beside the workbook has no host before a slash.
# Its last label is a top-level domain the web has: a folder named "Dok.RB/" or "Bukti.Dukung/" beside the workbook
# is no host.
_HOST_FIRST = re.compile(
    r"(?:www\.|(?:[A-Za-z0-9-]+\.)+(?:com|net|org|id|ly|io|co|me|gl|gd|cc|to|info|biz|app|dev|link|page|site|xyz|"
    r"online|us|uk|au|sg|my|tk|ms|be|gle|edu|gov|int|mil)/)",
    re.IGNORECASE,
)


def web_without_scheme(target: str) -> bool:
    """Whether a link target is a web address written without https:// ("bit.ly/SK", "www.…", "drive.google.com/…")."""
    return _HOST_FIRST.match(target.strip()) is not None and not _SCHEME.match(target)


def names_local_file(text: str, *, link: bool = False) -> bool:
    """Whether bukti dukung ``text`` names a file on a computer or share of the unit (as PMPRB-W434 reads it).

    ``link``: ``text`` is the target of a hyperlink. Excel saves a link to a file on the workbook's own drive
    relative to the workbook ("../../Desktop/SK%20Tim%20RB.pdf", "monev.pdf"): such a target has no
    scheme, and opens only on the computer it was made on. A web address without its scheme ("www.…",
    "bit.ly/SK", "drive.google.com/…") is left alone: spreadsheets open it as one.
    """
    if text.startswith(_WEB) and (
        link or (text.isprintable() and " " not in text and ";" not in text and "," not in text)
    ):
        return False  # (a web link, alone in its cell: most of them; a few searches in C, not a pattern)
    if _LOCAL_MARKS.intersection(text) and (
        _LOCAL_PATH.search(text) or _RELATIVE_PATH.match(text) or ("\\" in text and _BACKSLASH_FILE.search(text))
    ):
        return True
    if not link:
        return False
    target = text.strip()
    return not _SCHEME.match(target) and not target.startswith("#") and not _HOST_FIRST.match(target)


@check
def evidence_reachable(ctx: Context) -> Iterator[Finding]:
    r"""Bukti dukung names something the evaluator can open, not a file on the operator's own computer.

    Why: "C:\Users\Operator\Documents\SK Tim RB.pdf" passed as evidence; nobody else can open it, and
    Kemenpan-RB finds the item without evidence in September.
    Fails: a Bukti Dukung cell ``D:\BUKTI RB\SK.pdf``, or a link ``file:///C:/…`` (PMPRB-W434).
    """
    sub = ctx.submission
    said: set[str] = set()
    for answer in sub.answers.values():
        for text, link in ((answer.evidence_link, True), (answer.evidence, False)):
            # (most cells hold an https link, or a document's name without a colon or slash: one test each)
            if not link and answer.evidence_link:
                break  # (a link that opens: the path shown over it, "D:\BUKTI\SK.pdf" over a Drive link, is a label)
            if text and names_local_file(text, link=link):
                cell = _evidence_cell(sub, answer)
                if cell not in said:
                    said.add(cell)
                    yield finding(
                        "PMPRB-W434",
                        sub.file,
                        sheet=answer.sheet,
                        cell=cell,
                        item=answer.code,
                        value=text,
                        lang=ctx.lang,
                    )
                break


#: Words that say a document exists without naming it (compared as :func:`names_no_document` folds them):
#: "terlampir" in 201 Bukti Dukung cells passed as evidence, nothing attached, nothing for the evaluator to open.
_SAYS_IT_EXISTS = frozenset(
    {"terlampir", "lampiran", "dilampirkan", "ada", "sudah", "lengkap", "ya", "ok", "oke", "v", "x", "✓", "√", "✔"}
    # ("Tersedia", "Sudah diupload", "sudah di upload", "(dokumen fisik …)", "Terlampir (hardcopy)" passed)
    | {"tersedia", "diupload", "diunggah", "upload", "unggah", "terupload", "terunggah", "fisik", "hardcopy"}
)
#: Words that may stand beside them and still name nothing ("lihat lampiran", "ada di atas", "sudah terlampir",
#: "terlampir di LKE", "Terlampir dalam folder", "Ada di Bagian Organisasi", "bukti dukung terlampir"); and a
#: number of up to three digits ("Lampiran 1", "lihat lampiran 3"): no document a reviewer can open.
_NAMES_NOTHING = _SAYS_IT_EXISTS | {
    "lihat",
    "di",
    "atas",
    "bawah",
    "dan",
    "telah",
    "sdh",
    "terlampirkan",
    "dokumen",
    "bukti",
    "dukung",
    "dalam",
    "pada",
    "ke",
    "ini",
    "folder",
    "lke",
    "file",
    "berkas",
    "softcopy",
    "sesuai",
    "bagian",
    "organisasi",
    "kantor",
    "arsip",
    "pendukung",
}
#: A kind of document alone is no document either: "Dokumen pendukung", "Bukti dukung", "Berkas" (carried).
_KIND_ALONE = frozenset({"dokumen", "bukti", "dukung", "pendukung", "berkas"})
_EVIDENCE_WORDS = re.compile(r"[^\W_]+|[✓√✔]")


def names_no_document(text: str) -> bool:
    """Whether Bukti Dukung text only says a document exists ("Terlampir", "Ada, terlampir", "sudah ada ✓").

    Read as people write it: full-width letters, a zero-width space or soft hyphen pasted with it, any
    punctuation between the words ("ada (terlampir)" passed).
    """
    if len(text) > 60 or text.startswith(_WEB):
        # (a longer text names something: a document's title, a path, a sentence; a web link's first word is
        # its scheme, which is none of the words below)
        return False
    folded = unicodedata.normalize("NFKC", without_hidden_characters(text)).casefold()
    # Word by word, stopping at the first that names something (a document's name is told by its first word).
    says = False
    for word in _EVIDENCE_WORDS.finditer(folded):
        if word[0] not in _NAMES_NOTHING and not (word[0].isdigit() and len(word[0]) <= 3):
            return False
        says = says or word[0] in _SAYS_IT_EXISTS or word[0] in _KIND_ALONE
    return says


@check
def evidence_names_a_document(ctx: Context) -> Iterator[Finding]:
    """Bukti dukung names a document or a link, not only that one exists ("terlampir").

    Why: a workbook carries no attachment; "terlampir" in every Bukti Dukung cell passed as evidence, and the
    evaluator had nothing to open.
    Fails: a Bukti Dukung cell ``Terlampir`` or ``sudah ada`` (PMPRB-W435).
    """
    sub = ctx.submission
    if sub.layout != "template":
        return
    said: set[str] = set()
    for answer in sub.answers.values():
        text = answer.evidence
        # (most cells hold a link or a longer name: one length test each)
        if text and not answer.evidence_link and names_no_document(text):
            cell = _evidence_cell(sub, answer)
            if cell not in said:
                said.add(cell)
                yield _at(ctx, "PMPRB-W435", answer, cell=cell, item=answer.code, value=text.strip())


#: Links that reach a person, not a document: a chat, a call, a mail.
_CONTACT_SCHEMES = {
    "tel:": "telepon",
    "mailto:": "e-mail",
    "sms:": "SMS",
    "whatsapp:": "WhatsApp",
    "tg://": "Telegram",  # (not "tg:": "Tg: 12-01-2022", a date, was a Telegram link; diffrev22)
    "line://": "LINE",
}
_CONTACT_HOSTS = {
    "wa.me": "WhatsApp",
    "wa.link": "WhatsApp",
    "whatsapp.com": "WhatsApp",
    "api.whatsapp.com": "WhatsApp",
    "chat.whatsapp.com": "WhatsApp",
    "web.whatsapp.com": "WhatsApp",
    "t.me": "Telegram",
    "telegram.me": "Telegram",
    "line.me": "LINE",
    "lin.ee": "LINE",
}
#: How a contact's link or address begins: what the check looks closer at.
_CONTACT_HOSTS_AT = tuple(f"{www}{host}" for www in ("", "www.") for host in _CONTACT_HOSTS) + tuple(
    f"{www}{host}".upper() for www in ("", "www.") for host in _CONTACT_HOSTS
)
_CONTACT_FIRST = frozenset(h[0] for h in _CONTACT_HOSTS_AT)
_CONTACT_STARTS = (*_CONTACT_SCHEMES, *(s.upper() for s in _CONTACT_SCHEMES), *(f"{h}/" for h in _CONTACT_HOSTS))
#: An Indonesian mobile number as people write it: 0812-3456-7890, +62 812 3456 7890, +62-812…, (0812) 3456 7890,
#: 6281234567890, +62 (812) 3456-7890, (+62) 812…, with the hyphens a word processor puts (U+2010, U+2011) too.
_MOBILE = (
    r"(?:(?:\(\+62\)|\+?62)[-\s.\u2010\u2011]?\(?|\(?0)8\d{1,2}\)?[-\s.\u2010\u2011]?\d{3,4}[-\s.\u2010\u2011]?\d{3,5}"
)
_PHONE = re.compile(rf"(?<![\d/.\-]){_MOBILE}(?![\d/])")
#: A phone number wherever it stands, for masking what is sent out ("Hp.0812…", "Budi-0812…", "wa.me/62812…"),
#: and a NIK or NIP (16 or 18 digits) too: _PHONE alone stops short of those, to tell a contact from a document.
_PHONE_ANYWHERE = re.compile(rf"(?<!\d)(?:{_MOBILE}|\d{{16}}|\d{{18}})(?!\d)")
#: A sum written with the Indonesian thousands separator ("62.850.000.000", a budget): shaped as a number after 62,
#: it was a phone number, W439, and masked when sent (diffrev22).
_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")


def _a_phone(match: re.Match[str]) -> bool:
    """Whether a phone-shaped match is a phone number, not a sum in thousands."""
    return _AMOUNT.fullmatch(match.group().lstrip("+(")) is None


#: An e-mail address, its parts bounded (a search over a whole cell of "aaaa…@b" took 35 ms a cell).
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
#: Words that name a document: a cell holding one beside a number names the document (the number is masked when
#: sent out, the document kept): "SK.pdf; Daftar hadir.pdf (CP 0812-…)" was no contact (diffrev20).
_DOCUMENT_WORDS = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|jpe?g|png|zip|rar)\b|\b(?:sk|surat|peraturan|perbup|perda|perwali|keputusan|"
    r"laporan|notulen|undangan|daftar|nomor|no|nota|berita acara|dokumen|foto|rencana|renstra|renja|lkjip)\b",
    re.IGNORECASE,
)


def _emails_in(text: str) -> list[re.Match[str]]:
    """The e-mail addresses of a text that stand as addresses (not a link's ``authuser=…``).

    Bounded parts: a cell of "aaaa…@b" took 35 ms with an unbounded search; a list of addresses is found whole
    (searched around each "@", the second of two close addresses was missed; hostrev11).
    """
    return [m for m in _EMAIL.finditer(text) if m.start() == 0 or text[m.start() - 1] not in "=/&?"]


def ascii_digits(text: str) -> str:
    """``text`` with other scripts' digits and the fullwidth forms (０８１２, ＋６２) as ASCII, character for character.

    A number typed on a phone set to Arabic, or with a Chinese or Japanese input method, was neither W439 nor
    masked in what was sent out (hostrev11). Same length, so a match found in it masks the same place in ``text``.
    """
    if text.isascii():
        return text
    return "".join(
        ch
        if ch.isascii()
        else chr(ord(ch) - 0xFEE0)
        if "\uff01" <= ch <= "\uff5e"
        else str(unicodedata.decimal(ch))
        if ch.isdecimal()
        else ch
        for ch in text
    )


def names_a_contact(text: str) -> str:
    """What kind of contact a bukti dukung is instead of a document ("WhatsApp", "telepon", "e-mail"), or "".

    "https://wa.me/62812…", "mailto:…", "Hubungi Budi 0812-3456-7890": no document to open, and a person's number
    copied into the rekap and the package sent out (privrev). A link to a document is none, whatever its query
    holds; a text that also names a document or holds a link is none either (its numbers are masked when sent).
    """
    stripped = ascii_digits(text.strip())
    folded = stripped[:24].casefold()
    for scheme, kind in _CONTACT_SCHEMES.items():
        if folded.startswith(scheme):
            return kind
    if folded.startswith(("http://", "https://", "www.")) or "://" in folded:
        if not any(mark in folded for mark in ("wa.", "whatsapp", "t.me", "telegram", "line.me", "lin.ee")):
            return ""  # (nearly every link: a document's, told by its first characters)
        host = stripped.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].casefold().removeprefix("www.")
        return _CONTACT_HOSTS.get(host, "")
    if folded.startswith(tuple(_CONTACT_HOSTS)):
        return _CONTACT_HOSTS[stripped.split("/", 1)[0].casefold()] if "/" in stripped else ""
    if web_without_scheme(stripped) or "http" in stripped.casefold() or _DOCUMENT_WORDS.search(stripped):
        return ""
    # (most cells hold a link or a document's name: the searches only where a number or an address may be)
    if "@" in stripped and _emails_in(stripped):
        return "e-mail"
    if ("08" in stripped or "62" in stripped) and any(_a_phone(m) for m in _PHONE.finditer(stripped)):
        return "telepon"
    return ""


#: What is sent out of the pemda in place of a bukti dukung that is a contact, or a path on the unit's computer.
CONTACT_NOT_SENT = "(kontak, bukan dokumen; tidak disertakan: PMPRB-W439)"
LOCAL_PATH_NOT_SENT = "(jalur berkas di komputer atau jaringan unit; tidak disertakan: PMPRB-W434)"


def sent_evidence(text: str, link: str) -> tuple[str, str]:
    """A bukti dukung as sent out of the pemda (the package's rekap and index): (text, link).

    A contact is no evidence and a person's number: left out (PMPRB-W439). A path on the unit's computer names the
    operator's folders (a Windows user's folder, "budi.santoso") and opens nowhere: left out (PMPRB-W434). Of the
    rest, the signed-in account of a Drive link (``authuser=``) is dropped, and numbers and addresses beside a
    document masked (diffrev20: the package's Jawaban sheet carried what its bukti dukung index left out).
    """
    if names_a_contact(link or text):
        return CONTACT_NOT_SENT, ""
    if names_local_file(text.strip()):
        return LOCAL_PATH_NOT_SENT, ""
    return masked_contacts(without_authuser(text)), masked_contacts(without_authuser(link))


def without_authuser(link: str) -> str:
    """A link (or a text holding links) without any ``authuser=`` parameter: the signed-in account, often an e-mail.

    Every one of them: split at the text's first "?", a second link's account went out (hostrev11).
    """
    if "authuser=" not in link.casefold():
        return link

    def dropped(match: re.Match[str]) -> str:
        joined = bool(match.group(2))  # (another parameter follows it)
        return ("?" if joined else "") if match.group(1) == "?" else ("&" if joined else "")

    return _AUTHUSER.sub(dropped, link)


_AUTHUSER = re.compile(r"([?&])authuser=[^&#\s]*(&?)", re.IGNORECASE)


def masked_contacts(text: str) -> str:
    """A text with its phone numbers and e-mail addresses masked: what is sent out of the pemda of a cell."""
    if "@" in text:
        for match in reversed(_emails_in(text)):
            text = text[: match.start()] + "(alamat e-mail disamarkan)" + text[match.end() :]
    if any(ch.isdigit() for ch in text):
        probe = ascii_digits(text)
        if probe is text:
            return _PHONE_ANYWHERE.sub(lambda m: "(nomor disamarkan)" if _a_phone(m) else m.group(), text)
        for match in reversed([m for m in _PHONE_ANYWHERE.finditer(probe) if _a_phone(m)]):
            text = text[: match.start()] + "(nomor disamarkan)" + text[match.end() :]
    return text


@check
def evidence_names_no_contact(ctx: Context) -> Iterator[Finding]:
    """Bukti dukung names a document, not a person to reach (a WhatsApp link, a phone number, an e-mail).

    Why: "https://wa.me/6281234567890" and "Hubungi Budi 0812-3456-7890" passed as evidence: the evaluator had no
    document to open, and the number went into the rekap and the package sent to Kemenpan-RB (privrev).
    Fails: a Bukti Dukung cell ``https://wa.me/6281234567890`` or ``Hubungi Budi 0812-3456-7890`` (PMPRB-W439).
    """
    sub = ctx.submission
    said: set[str] = set()
    for answer in sub.answers.values():
        text = answer.evidence_link or answer.evidence
        if not text:
            continue
        # (a first look in C for every cell, most of them a document's web link; a closer one for the rest)
        if text.startswith(_WEB) or text[:8].lower().startswith(("http://", "https://")):
            at = 8 if text[4] in "sS" else 7
            if text[at : at + 1] not in _CONTACT_FIRST or not text.startswith(_CONTACT_HOSTS_AT, at):
                continue
        elif not (text.startswith(_CONTACT_STARTS) or "@" in text or "08" in text or "62" in text):
            if text.isascii() or not any(ch.isdecimal() and not ch.isascii() for ch in text):
                continue
        kind = names_a_contact(text)
        if kind:
            cell = _evidence_cell(sub, answer)
            if cell not in said:
                said.add(cell)
                shown = (answer.evidence or text).strip()  # (as the cell shows it)
                yield _at(ctx, "PMPRB-W439", answer, cell=cell, item=answer.code, value=shown, detail=kind)


def _evidence_cell(sub: Submission, answer: Answer) -> str:
    """The Bukti Dukung cell of an answer's row (the answer cell if none: sent there, one finds it so).

    A merged range's first cell for the rows it covers: a local file's path merged over three rows was PMPRB-W434 at
    each, two of them cells nobody can type in.
    """
    if answer.evidence_from:
        return answer.evidence_from
    return f"{sub.evidence_column}{answer.row}" if sub.evidence_column else answer.cell


def asks_no_evidence(scale: Scale | None, raw: object) -> bool:
    """Whether an answer asks for no bukti dukung (W410): no choice at all, or its scale's lowest, worth 0.

    What was not done has no document.

    "X", "0" or "-" on a Ya/Tidak item was told E402 "bukan pilihan" and, beside it, W410 "sudah dijawab tetapi
    bukti dukungnya kosong" of an answer that was none, meant "Tidak" most often (operrev).
    """
    if scale is None or scale.kind != "choice":
        return False
    # (an answer that is none asks as the choice E402 suggests for it: "√", "Ya sudah ada SK" and "Nilai A" were
    # told "mungkin maksudnya 'Ya'/'A'" and nothing of their bukti dukung till the second sending; diffrev23)
    chosen = parse_choice(scale, raw) or likely_choice(scale, raw)
    return chosen is None or scale.values[chosen] == 0 == min(scale.values.values())


@per_rubric
def _evidence_items(rubric: Rubric) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The items that expect bukti dukung, each with the codes whose answers it is given in."""
    return tuple(
        (item.code, tuple(f.code for f in item.inputs) if item.computed else (item.code,))
        for item in rubric.items()
        if item.evidence
    )


@check
def cached_values_agree(ctx: Context) -> Iterator[Finding]:
    """A cached Nilai equals the value pmprb recomputes from the answer.

    Why: workbooks carry broken or stale formulas (the official one has two); people read the cached
    number, pmprb scores the answer, and both should know when they differ.
    Fails: answer ``B`` (0,67) next to a cached Nilai of 1 (PMPRB-W411, both values shown).
    """
    values = {i.code: i.value for i in ctx.card.items}
    for node in ctx.rubric.graded():  # a graded row shows points, its ItemScore holds the share
        values[node.code] = values[node.code] * node.weight
    template = ctx.submission.layout == "template"
    read: set[str] | None = None  # the answers read as valid, looked up only beside an error or text
    for code, answer in ctx.answers_in_order:
        cached = answer.cached_value
        if code not in values or isinstance(cached, bool):
            continue
        expected = values[code]
        if isinstance(cached, str) and (cached.startswith("#") or (template and cached.strip())):
            read = read if read is not None else {i.code for i in ctx.card.items if i.status == "ok"}
            if code not in read:
                continue  # (=1/0 in the answer cell: its E402 says it; the Nilai formula is intact)
            # An error value (#DIV/0!: the Nilai formula broken by hand), or text typed over a template's Nilai
            # formula ('A' there, next to an answer in Jawaban): what the reader sees in its place. (The
            # official formulas show "Error" for an answer they cannot read, which E401/E402 already say.)
            value: object = cached
        elif isinstance(cached, int | float) and abs(float(cached) - expected) > 1e-6:
            value = float(cached)  # (written as each language writes it, kept as Indonesian does)
        elif (
            (cached is None or (isinstance(cached, str) and not cached.strip()))
            and template
            and ctx.submission.cached_index is not None
            and answer.cached_cell
            and answer.raw not in (None, "")
        ):
            # An answered item's Nilai cell empty in a workbook saved calculated (its INDEKS holds a value): the
            # formula was cut or cleared (the answer typed over it, then moved to Jawaban). Unsaid, only W413 was
            # left, whose causes fit none of it, and recalculating changed nothing.
            value = "(blank)" if ctx.lang == "en" else "(kosong)"
        else:
            continue
        where = answer.cached_cell or answer.cell  # the cell that holds the cached value
        shown = as_typed(float(f"{expected:.4g}"), ctx.lang)  # four significant digits, as people write them
        if where != answer.cell:
            # The finding points at the Nilai cell: the answer it was recomputed from is named, with its cell
            # ("(c)" typed in K15 read only "Nilai tersimpan … 0, … hitung ulang … 0,33" at L15).
            typed = _typed_text(answer.raw, ctx.lang)
            gates = _gates_spelled_otherwise(ctx, code)
            shown += (
                f" (answer {typed} at {answer.cell}{gates})"
                if ctx.lang == "en"
                else f" (jawaban {typed} di {answer.cell}{gates})"
            )
        yield _at(ctx, "PMPRB-W411", answer, value=value, detail=shown, cell=where)


#: The runs of spaces Excel's TRIM makes one.
_EXCEL_SPACES = re.compile(" {2,}")


def _gates_spelled_otherwise(ctx: Context, code: str) -> str:
    """The gates of an item typed otherwise than their choice, said where the Nilai of the item differs.

    "Tdk." at K17, read by pmprb as Tidak but not by the template's gate formula, left d and e at 1 on the sheet:
    W411 named their own answers 'A' at K20 and K21, and retyping them (as its hint says) changed nothing.
    """
    said = []
    canonical = {i.code: i.answer for i in ctx.card.items}
    scales = ctx.rubric.item_scales()
    for dep in score_dependencies(ctx.rubric).get(code, ()):
        gate = ctx.submission.answers.get(dep.source)
        chosen = canonical.get(dep.source)
        scale = scales.get(dep.source)
        if dep.kind == "scale" or gate is None or chosen is None or scale is None or not isinstance(gate.raw, str):
            continue  # (a scale dependency reads the gate's Nilai, not its spelling)
        # The template's formula reads the gate as Excel compares: spaces trimmed, case aside, and the rubric's
        # other spellings ("tdk"): 'ya' or ' b ' is read there, and retyping it would change nothing.
        read = {chosen.casefold(), *(k.casefold() for k, v in scale.spellings.items() if v == chosen)}
        if _EXCEL_SPACES.sub(" ", gate.raw).strip(" ").casefold() in read:
            continue
        typed = _typed_text(gate.raw, ctx.lang)
        said.append(
            f"; its gate {dep.source} is typed {typed} at {gate.cell}: type '{chosen}'"
            if ctx.lang == "en"
            else f"; butir prasyaratnya {dep.source} diketik {typed} di {gate.cell}: ketik '{chosen}'"
        )
    return "".join(said)


def _typed_text(raw: object, lang: str) -> str:
    """An answer as typed, quoted (scoring.shown_answer): 'C', '3,25'; (kosong) for none.

    A space of another kind or an invisible character around or inside it is shown escaped: "Ya" with a
    no-break space read 0 by the sheet's TRIM formula, and was quoted 'Ya', the one character to delete hidden.
    """
    if raw is None or raw == "":
        return "(blank)" if lang == "en" else "(kosong)"
    if isinstance(raw, str) and _ODD_SPACE.search(raw):
        shown = _ODD_SPACE.sub(lambda m: m[0].encode("unicode_escape").decode(), raw.strip(" "))
        return f"'{shown[:80]}'"
    return f"'{shown_answer(raw)}'"


#: Whitespace other than the plain space, and the zero-width and format characters pasted with text.
_ODD_SPACE = re.compile(r"[^\S ]|[\u200b-\u200f\u2060\ufeff\u00ad]")


#: A cached index this close to pmprb's shows the same at two decimals (and floats differ in the last bits).
_INDEX_TOLERANCE = 0.005


@check
def cached_totals_agree(ctx: Context) -> Iterator[Finding]:
    """In the official layout, the Nilai a group or percentage row shows equals pmprb's recomputation.

    Why: the official LKE ZI shows Reform 25,576 and a total of 95,576 where its answers give 25,633 and
    95,633 (its LHKASN row counts a wrong denominator): people read the cached totals.
    Fails: a sub-komponen row showing 4,733 where its items give 4,790 (PMPRB-W411 at that row's Nilai).
    """
    cached = ctx.submission.cached_nodes
    if not cached:
        return
    scores = {n.code: n.score for n in ctx.card.nodes} | {i.code: i.value for i in ctx.card.items}
    for code, cell, value in cached:
        expected = scores.get(code)
        if expected is not None and abs(value - expected) >= _INDEX_TOLERANCE:
            yield _at(
                ctx,
                "PMPRB-W411",
                item=code,
                cell=cell,
                value=Shown.number(value, 3),
                detail=format_number(expected, 3, ctx.lang),
            )


@check
def cached_index_agrees(ctx: Context) -> Iterator[Finding]:
    """The index a pmprb template shows in its INDEKS cell equals the index pmprb recomputes.

    Why: the INDEKS cell is the number people read and forward; typed over its formula (or left stale),
    it tells the leadership a different index than the one pmprb ranks. Each item's Nilai is checked by
    PMPRB-W411; this is the total. A cell without a cached value (never calculated) says nothing to check.
    Fails: 85 typed into the INDEKS cell of a workbook whose answers give 62,35 (PMPRB-W413).
    """
    sub = ctx.submission
    cached = sub.cached_index
    if cached is None or cached == "" or isinstance(cached, bool):
        return
    if isinstance(cached, int | float) and math.isfinite(cached):
        # The figures people read, two decimals half up: within 0,005 of each other, 70,001 (70,00, B) beside
        # pmprb's 70,005 (70,01, BB) was no finding, the workbook and the rapor naming two predikat. A difference
        # of float noise alone (a recalculation's last bits) is none.
        same = rounded_half_up(float(cached), 2) == rounded_half_up(ctx.card.index, 2)
        if same or abs(float(cached) - ctx.card.index) < 1e-9:
            return
        shown: object = Shown.number(float(cached), 2)
    else:
        shown = str(cached)  # text (or a date) where the index should be: not the number it should show
    yield finding(
        "PMPRB-W413",
        sub.file,
        sheet=sub.sheet,
        cell=sub.cached_index_cell,
        value=shown,
        detail=format_number(ctx.card.index, 2, ctx.lang),
    )


@per_rubric
def _choice_scales(rubric: Rubric) -> dict[str, Scale]:
    """The choice scale of every code answered by a choice: items, choice indicators, graded rows."""
    out = {code: scale for code, scale in rubric.item_scales().items() if scale.kind == "choice"}
    for node in (*rubric.indicators(), *rubric.graded()):
        scale = rubric.scales[node.scale]
        if scale.kind == "choice":
            out[node.code] = scale
    return out


def _shown(raw: object, lang: str = "id") -> str:
    """An answer as the person typed it: a number read from a cell without its float dress (0, not 0.0)."""
    if isinstance(raw, float) and not isinstance(raw, bool):
        return as_typed(raw, lang)
    return str(raw)


def _as_number(raw: object) -> object:
    """A typed number as the number it stands for; anything else (text, blank) as it is."""
    if raw is None or raw == "":
        return None
    number = parse_number(raw)
    return raw if number is None else number


@check
def agreement_beside_an_answer(ctx: Context) -> Iterator[Finding]:
    """A mark of agreement in Jawaban Evaluator stands beside a unit answer to agree with.

    Why: "sesuai" beside an invalid "Sudah" and ✓ beside a blank were counted as verified answers ("Evaluator
    mengisi 2 dari 201 jawaban") while both items counted 0, and nothing was said to the evaluator.
    Fails: ✓ in Jawaban Evaluator beside an empty Jawaban (PMPRB-W436).
    """
    # Answered items only: a grade left blank is its criteria's (I501), and a Jumlah row the formula does not use
    # changes nothing (W428); "dihitung 0" was said of both.
    scales = _direct_scales(ctx.rubric)
    for code, answer in ctx.answers_in_order:
        if (
            answer.evaluator_agreed
            and answer.evaluator_cell
            and code in scales
            and not agrees_with_an_answer(answer, scales[code])
        ):
            yield _at(ctx, "PMPRB-W436", answer, cell=answer.evaluator_cell)


@per_rubric
def _direct_scales(rubric: Rubric) -> dict[str, Scale]:
    """The scales of the items answered directly (not a grade, not a Jumlah count), by code."""
    graded = {n.code for n in rubric.graded()}
    return {code: scale for code, scale in rubric.item_scales().items() if code not in graded}


@check
def evaluator_differs(ctx: Context) -> Iterator[Finding]:
    """Where an evaluator answered, note every item where the answer differs from the unit's.

    Why: the rapor shows over-claims; the OPD sees what the verifier changed.
    Fails (information, not an error): unit ``A``, evaluator ``B`` (PMPRB-I502).
    """
    if not any(a.evaluator_agreed or a.evaluator_raw not in (None, "") for a in ctx.submission.answers.values()):
        return  # (no evaluator entry: most workbooks of a month)
    choices = _choice_scales(ctx.rubric)
    scales = answer_scales(ctx.rubric)
    counted = {i.code: i.answer for i in ctx.card.items}
    graded = {n.code for n in ctx.rubric.graded()}
    for code, answer in ctx.answers_in_order:
        if code in graded and answer.evaluator_agreed and answer.evaluator_cell and not evaluator_answered(answer):
            # A grade the unit typed above what its criteria support, agreed to ("sesuai", ✓): the evaluator's
            # grade, counted whole in the verified index (scoring.verified_answers). It raised the index with
            # "mengubah 0" said and no row of the rapor's differences.
            typed = parse_choice(choices[code], answer.raw) if code in choices else None
            if typed is not None and counted.get(code) not in (None, typed):
                yield _at(
                    ctx,
                    "PMPRB-I502",
                    Answer(code=code, raw=answer.raw, sheet=answer.sheet, cell=answer.evaluator_cell, row=answer.row),
                    value=Shown(f"{typed} (disetujui)", f"{typed} (agreed)"),
                    detail=f"{typed} (counted {counted[code]})"
                    if ctx.lang == "en"
                    else f"{typed} (dihitung {counted[code]})",
                )
            continue
        # An entry the verified score could not read is not a changed answer (PMPRB-W419 says it).
        if not evaluator_answered(answer) or not evaluator_readable(answer, scales.get(code)):
            continue
        scale = choices.get(code)
        unit: object
        verified: object
        if scale is not None:
            unit, verified = parse_choice(scale, answer.raw), parse_choice(scale, answer.evaluator_raw)
        else:
            # A number (a numeric item, a hasil indicator, a Jumlah field): 2,5 and 2.5 are one answer.
            unit, verified = _as_number(answer.raw), _as_number(answer.evaluator_raw)
        # A unit's grade above what its criteria support counts lower (W423): the evaluator's same letter is a
        # change of the index all the same, and said as one.
        recounted = code in graded and unit is not None and counted.get(code) not in (None, unit)
        # A grade the unit left blank is the one its criteria give: the evaluator's same grade confirms it. Twelve
        # "(kosong) → BB" of an Inspektorat that graded every sub-komponen were "mengubah 12", nine of them the
        # grade the criteria had given (akiprev).
        derived = counted.get(code) if code in graded and unit is None else None
        if derived is not None and verified == derived:
            continue
        if unit != verified or (recounted and verified != counted[code]):
            said = _shown(answer.raw, ctx.lang)
            if recounted:
                said += f" (counted {counted[code]})" if ctx.lang == "en" else f" (dihitung {counted[code]})"
            if derived is not None:
                said = (
                    f"(blank; {derived} by its criteria)" if ctx.lang == "en" else f"(kosong; dari kriteria {derived})"
                )
            yield _at(
                ctx,
                "PMPRB-I502",
                Answer(
                    code=code,
                    raw=answer.raw,
                    sheet=answer.sheet,
                    cell=answer.evaluator_cell or answer.cell,
                    row=answer.row,
                ),
                # (a choice as the rubric writes it: an evaluator's "aa" counted AA was shown "aa")
                # (a number as Indonesian writes it in every language: "0,75" in the JSON under --lang en too)
                value=verified
                if scale is not None and verified is not None
                else Shown(_shown(answer.evaluator_raw), _shown(answer.evaluator_raw, "en")),
                detail=said
                if answer.raw not in (None, "") or derived is not None
                else ("(blank)" if ctx.lang == "en" else "(kosong)"),
            )


def run_checks(ctx: Context) -> list[Finding]:
    """Every registered check's findings for one workbook."""
    out: list[Finding] = []
    for fn in CHECKS:
        out.extend(fn(ctx))
    return out


def _saved_before_written(saved: str, written_ns: int) -> bool:
    """Whether a save time a workbook records can be true: after 1990, and not after its file was last written.

    A day's grace: a time without a zone is local (up to 14 hours off UTC), and a share's clock may differ a little.
    """
    try:
        moment = datetime.fromisoformat(saved.removesuffix("Z")).replace(tzinfo=UTC)
    except ValueError:
        return False
    return moment.year >= 1990 and (not written_ns or moment.timestamp() <= written_ns / 1e9 + 86_400)


def _saved_shown(saved: str) -> str:
    """A workbook's save time as a person reads it: "2022-08-30 12:00 UTC" ("… 19:00" where it names no zone)."""
    shown = saved.replace("T", " ")[:16]
    return f"{shown} UTC" if saved.endswith("Z") else shown


#: The findings that set a unit's file aside for another of the same unit: a second sending (E304), an exact copy
#: (I508), a save of the same answers (I509).
SECOND_SENDINGS = ("PMPRB-E304", "PMPRB-I508", "PMPRB-I509")


#: A file name as a copy is named: "- Salinan", "- Copy", "Copy of", "(1)" (Explorer, a browser's downloads).
_COPY_NAMED = re.compile(r"\bsalinan\b|\bcopy\b|\(\d+\)\s*$", re.IGNORECASE)


def duplicate_units(submissions: Sequence[Submission], registry: Registry | None) -> list[Finding]:
    """The same unit submitted twice in one batch (PMPRB-E304), on every file but the one that ranks.

    The file saved last ranks (a resent correction is newer than what it corrects): by the time each workbook
    says it was saved where every one says one (and they differ), since a file's own time is when it was
    downloaded from WhatsApp or Drive, not saved; else by the files' times, the first in path
    order among files changed within two seconds of it (one copy or checkout writes them all; some disks
    keep times to two seconds); each other file's finding names it. Path order alone
    made the name decide: ``DINKES_revisi.xlsx`` lost to ``DINKES.xlsx``, ``DINKES revisi.xlsx`` won.
    Why: two workbooks for one OPD would both be ranked. Fails: ``dinkes.xlsx`` and ``dinkes (1).xlsx``.
    A file whose name names another registered unit (PMPRB-W306) ranks only when every file of the unit does:
    SETWAN filled SETDA's template and sent it as SETWAN.xlsx after SETDA's own: SETWAN's answers ranked
    first as Sekretariat Daerah and SETDA's own file was the one said to be a second sending.
    """
    groups: dict[str, list[Submission]] = {}
    for sub in submissions:
        key = unit_key(sub, registry)
        if key:
            groups.setdefault(key, []).append(sub)
    out: list[Finding] = []
    for key, group in groups.items():
        if len(group) < 2:
            continue
        others = {id(sub) for sub in group if registry is not None and _named_for_another_unit(registry, sub, key)}
        candidates = [sub for sub in group if id(sub) not in others] or group
        # A file naming the unit's kode (or one a later registry lent it) beats one naming an old kode, one of the
        # unit's aliases: the merged DISKOPERINDAG's own LKE lost to a stray DISKOPUKM.xlsx saved after it, half a
        # dinas ranked as the whole (reorgrev). A mistyped kode (DINKS) or the name in the kode cell is no old kode:
        # the newest-file rule stands (a correction lost to the older file; diffrev13).
        unit = registry.by_kode(key) if registry is not None else None
        old_kode: set[int] = set()
        if unit is not None and registry is not None:
            named_now = any(registry.is_current_kode(unit, s.unit_code) for s in candidates)
            old_kode = {
                id(s)
                for s in candidates
                if named_now
                and not registry.is_current_kode(unit, s.unit_code)
                and registry.by_alias(s.unit_code) is unit
            }
        candidates = [s for s in candidates if id(s) not in old_kode]
        written = {id(s): modified_ns(s.file) for s in candidates}  # (each file looked at once)
        # (a time without a zone beside one in UTC may be hours apart either way: neither decides then; nor does
        # one recorded after the file itself was last written, a PC's clock a year ahead, or a forged 2099)
        saved = {s.saved for s in candidates}
        by_saved = (
            all(saved)
            and len(saved) > 1
            and len({t.endswith("Z") for t in saved}) == 1
            and all(_saved_before_written(s.saved, written[id(s)]) for s in candidates)
        )
        if by_saved:
            latest = max(saved)
            candidates = [s for s in candidates if s.saved == latest]
        changed = [written[id(sub)] for sub in candidates]
        last = max(changed)
        at_once = sum(1 for at in changed if at >= last - _SAME_MOMENT_NS) > 1
        chosen = min(
            (sub for sub, at in zip(candidates, changed, strict=True) if at >= last - _SAME_MOMENT_NS),
            key=lambda sub: (sub.file.casefold(), sub.file),  # (as expand_paths sorts: whatever order it was given)
        )
        # Of exact copies, the one not named as a copy: "dinkes - Salinan.xlsx" sorts before "dinkes.xlsx" and,
        # kept at the same time by Explorer or cp -p, ranked, while the original was told to be deleted.
        newest = chosen
        twins = [sub for sub in group if sub.sha256 == newest.sha256] if newest.sha256 else [newest]
        chosen = min(twins, key=lambda sub: (bool(_COPY_NAMED.search(Path(sub.file).stem)), sub is not newest))
        en = language() == "en"
        for sub in group:
            if sub is chosen:
                continue
            named = Path(chosen.file).name
            if named == Path(sub.file).name:  # a/DINKES.xlsx and b/DINKES.xlsx: the folder tells them apart
                named = f"{Path(chosen.file).parent.name}/{named}"
            # The registry's kode where there is one; else the unit as the workbook writes it, not the lookup key.
            shown = key if registry is not None and registry.by_kode(key) else sub.unit_code or sub.unit_name or key
            if sub.sha256 and sub.sha256 == chosen.sha256:
                # "DINKES - Salinan.xlsx", byte for byte: an error (and exit 1) for a copy that changes nothing.
                out.append(finding("PMPRB-I508", sub.file, sheet=sub.sheet, value=shown, detail=named))
                continue
            if sub.answers_digest and sub.answers_digest == chosen.answers_digest and _same_evaluator_work(sub, chosen):
                # The file saved again by LibreOffice, answers unchanged: "mengirim lebih dari satu buku kerja", an
                # error (exit 1) beside the original, for nothing that changes a score (messyrev).
                out.append(finding("PMPRB-I509", sub.file, sheet=sub.sheet, value=shown, detail=named))
                continue
            if id(sub) in others and id(chosen) not in others:
                why = "this file's name names another unit" if en else "nama berkas ini menyebut unit lain"
            elif id(sub) in old_kode:
                why = (
                    f"this file names the old kode {sub.unit_code.strip()}, the ranked one the unit's kode {shown}"
                    if en
                    else f"berkas ini menyebut kode lama {sub.unit_code.strip()}, yang diperingkat kode unit "
                    f"sekarang {shown}"
                )
            elif by_saved and sub.saved < chosen.saved:
                # "LKE DINKES FINAL.xlsx", saved on 30 August, lost to the 20 August file downloaded after it:
                # "(diubah paling akhir)" was the download's time (messyrev).
                why = (
                    f"saved last, by what each workbook records: {_saved_shown(chosen.saved)}, this file "
                    f"{_saved_shown(sub.saved)}"
                    if en
                    else f"disimpan paling akhir menurut catatan buku kerjanya: {_saved_shown(chosen.saved)}, "
                    f"berkas ini {_saved_shown(sub.saved)}"
                )
            elif at_once:  # "(diubah paling akhir)" of two files saved in the same second: the name chose
                why = (
                    "saved at the same time as another; chosen by name"
                    if en
                    else "disimpan bersamaan dengan berkas lain; dipilih menurut nama"
                )
            else:
                # (the file's own time: its save, or its copy or download into this folder; "diubah paling akhir"
                # read as the unit's last edit, where a WhatsApp download ranked the older answers; messyrev)
                why = (
                    "its file time is the latest: saved, copied or downloaded here (the workbooks record no save "
                    "time to compare); check its answers if in doubt"
                    if en
                    else "waktu berkasnya paling akhir: waktu disimpan, disalin atau diunduh ke folder ini (buku "
                    "kerjanya tidak mencatat waktu simpan yang dapat dibandingkan); periksa jawabannya bila ragu"
                )
            mine, theirs = sub.unit_code.strip(), chosen.unit_code.strip()
            if (
                registry is not None
                and id(sub) not in old_kode  # (said above)
                and mine
                and theirs
                and mine.casefold() != theirs.casefold()
                and (unit := registry.by_kode(mine) or registry.by_alias(mine)) is not None
                and unit is (registry.by_kode(theirs) or registry.by_alias(theirs))
            ):
                # DISKOP.xlsx and DISPERINDAG.xlsx in the month the two merged into DISKOPERINDAG: "kiriman lain unit
                # yang sama … dipilih menurut nama" of another OPD's workbook, with no word of the merger.
                why += (
                    f"; the two files name {mine} and {theirs}, one unit {shown} in the registry (a kode changed, or "
                    f"units merged): merged units send one combined LKE under {shown}"
                    if en
                    else f"; kedua berkas menyebut {mine} dan {theirs}, yang di daftar unit satu unit {shown} "
                    f"(berganti kode, atau digabung): unit yang digabung mengirim satu LKE gabungan dengan kode {shown}"
                )
            checked, notes = _evaluator_work_beyond(sub, chosen)
            if checked:
                # The Inspektorat verified this file, the unit then sent another: the verification was dropped
                # with "dikesampingkan" only, the unit ranked on its own answers. (Also where the ranked file has
                # another evaluator's entries on other items: the Inspektorat's 10 went unsaid beside 3 there.)
                why += (
                    f"; this file holds {checked} Jawaban Evaluator entries the ranked one lacks: copy them there"
                    if en
                    else f"; berkas ini memuat {checked} isian Jawaban Evaluator yang tidak ada di berkas yang "
                    "diperingkat: salin ke sana agar dipakai"
                )
            if notes:
                # (notes alone, no answer changed: they reached the rapor while this file ranked, then no page)
                why += (
                    f"; this file holds {notes} Catatan Evaluator notes the ranked one lacks"
                    if en
                    else f"; berkas ini memuat {notes} Catatan Evaluator yang tidak ada di berkas yang diperingkat"
                )
            out.append(finding("PMPRB-E304", sub.file, sheet=sub.sheet, value=shown, detail=f"{named} ({why})"))
    return out


def _evaluator_work_beyond(sub: Submission, chosen: Submission) -> tuple[int, int]:
    """The evaluator's entries and notes in ``sub`` on items where ``chosen`` has none."""
    entered, noted = _evaluator_work(sub)
    entered_there, noted_there = _evaluator_work(chosen)
    return len(entered - entered_there), len(noted - noted_there)


def _same_evaluator_work(one: Submission, other: Submission) -> bool:
    """Whether two workbooks hold the same evaluator entries, agreement marks and notes (by their digests).

    The evaluator's answers were compared without the agreement marks: the Inspektorat's copy with 201 "sesuai"
    was "the same" as the unit's; and where answers were dropped (score, validate), notes alone went uncounted
    (diffrev16).
    """
    return one.evaluator_digest == other.evaluator_digest


def _evaluator_work(sub: Submission) -> tuple[frozenset[str], frozenset[str]]:
    """The items whose answer the evaluator filled (an agreement mark too), and those the evaluator noted on."""
    if sub.evaluator_work is not None:  # (found before its answers were dropped: score, validate)
        return sub.evaluator_work
    return evaluator_work(sub)


def evaluator_work(sub: Submission) -> tuple[frozenset[str], frozenset[str]]:
    """The items of a submission's answers the evaluator filled, and those with a Catatan Evaluator."""
    answers = sub.answers.items()
    return (
        frozenset(code for code, answer in answers if evaluator_entered(answer)),
        frozenset(code for code, answer in answers if str(answer.evaluator_note or "").strip()),
    )


def _named_for_another_unit(registry: Registry, sub: Submission, kode: str) -> bool:
    """Whether the file's name names a registered unit other than ``kode``, the one its workbook belongs to."""
    named = unit_in_file_name(registry, sub.file)
    return named is not None and named.kode != kode


def answers_of_another_unit(submissions: Sequence[Submission], registry: Registry | None) -> list[Finding]:
    """Two units whose workbooks hold the same answers with the same bukti dukung (PMPRB-W313), on each file.

    Why: BPKAD's LKE sheet held BAPPEDA's rows (every answer, every evidence link naming BAPPEDA's folder) under
    its own head and Identitas: both ranked 22nd at 68,57, "sah", and nothing said so. Only workbooks whose
    answers cite evidence on many items are compared (see :func:`answers_digest`): two units answering
    every item with the best choice and no evidence are not a copy.
    Fails: BAPPEDA's answers and Bukti Dukung pasted into BPKAD's template.
    """
    groups: dict[str, list[Submission]] = {}
    for sub in submissions:
        if sub.answers_digest and not sub.usulan:
            groups.setdefault(sub.answers_digest, []).append(sub)
    out: list[Finding] = []
    for group in groups.values():
        units = {unit_key(sub, registry) for sub in group}
        if len(units) < 2:
            continue  # the same unit twice is E304's (or I508's) to say
        for sub in group:
            other = next(o for o in group if unit_key(o, registry) != unit_key(sub, registry))
            cell = sub.identity_cells.get("unit_code", "")
            sheet = sub.identity_sheet if cell else sub.sheet
            named = other.unit_code or other.unit_name or Path(other.file).stem
            out.append(
                finding("PMPRB-W313", sub.file, sheet=sheet, cell=cell, value=named, detail=Path(other.file).name)
            )
    return out


#: Fewer distinct bukti dukung than this, and equal answers may be two units' own (every item "Ya").
_EVIDENCED_FOR_A_COPY = 10


def answers_digest(submission: Submission) -> str:
    """A digest of a workbook's answers with their evidence, "" when fewer than 10 items cite evidence."""
    answers = submission.answers.values()
    # Distinct evidence: "Terlampir" (or one kabupaten-wide link) on every item of two units' best answers
    # was said to be a copy.
    if len({a.evidence_link or a.evidence for a in answers if a.has_evidence}) < _EVIDENCED_FOR_A_COPY:
        return ""
    # Joined whole, not formatted answer by answer (0,43 ms a workbook, 5 % of scoring one): rows in the
    # sheet's order, which a copied body keeps.
    text = "\x1d".join(
        (
            "\x1e".join(submission.answers),
            repr(tuple(a.raw for a in answers)),
            "\x1e".join(a.evidence for a in answers),
            "\x1e".join(a.evidence_link for a in answers),
        )
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def evaluator_digest(submission: Submission) -> str:
    """A digest of the evaluator's entries, agreement marks and notes, "" when the workbook holds none."""
    work = [
        (code, repr(a.evaluator_raw), a.evaluator_agreed, str(a.evaluator_note or ""))
        for code, a in submission.answers.items()
        if a.evaluator_agreed or a.evaluator_note or a.evaluator_raw not in (None, "")
    ]
    return hashlib.sha256(repr(work).encode("utf-8", "surrogatepass")).hexdigest() if work else ""


def folder_period(submissions: Iterable[Submission]) -> str:
    """The month most workbooks state (a tie: the later one), "" when none states one: a folder's period."""
    months = Counter(s.period for s in submissions if _MONTH.fullmatch(s.period))
    return max(months, key=lambda p: (months[p], p)) if months else ""


def other_periods(submissions: Sequence[Submission]) -> list[Finding]:
    """Without a period given, workbooks of another month than most of the folder's (PMPRB-E303).

    Why: ``score``/``report``/``merge`` of a folder without --period ranked July's, August's and next year's
    workbooks together, gave the rapor one period for all, and ranked a unit's July file over its August one
    (saved later). The month most workbooks state is the folder's; a tie goes to the later month.
    Fails: one 2022-07 workbook among 2022-08 ones, no --period.
    """
    months = Counter(s.period for s in submissions if _MONTH.fullmatch(s.period))
    if len(months) < 2:
        return []
    period = folder_period(submissions)
    out = []
    for sub in submissions:
        if sub.period in months and sub.period != period:
            cell = sub.identity_cells.get("period", "")
            sheet = sub.identity_sheet if cell else sub.sheet
            out.append(finding("PMPRB-E303", sub.file, sheet=sheet, cell=cell, value=sub.period, detail=period))
    return out


_MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")


def other_kabupaten(submissions: Sequence[Submission], kabupaten: str) -> list[Finding]:
    """Workbooks that state another kabupaten than the one processed (PMPRB-E308).

    Why: a neighbour's DINSOS workbook, dropped into the inbox, ranked first and won the award ("Perangkat
    daerah terbaik"), and made our DINSOS, which sent nothing, count as sent. Nothing is said when either
    side names no kabupaten. Fails: Identitas ``Kabupaten: Kabupaten Tetangga`` in a run of Kabupaten Contoh.
    """
    if not stated_kabupaten(kabupaten):
        return []
    out = []
    for sub in submissions:
        if stated_kabupaten(sub.kabupaten) and not same_kabupaten(sub.kabupaten, kabupaten):
            cell = sub.identity_cells.get("kabupaten", "")
            sheet = sub.identity_sheet if cell else sub.sheet
            out.append(finding("PMPRB-E308", sub.file, sheet=sheet, cell=cell, value=sub.kabupaten, detail=kabupaten))
    return out


# How a pemda's name is written ("Pemerintah Daerah Kabupaten Contoh", "Kab. Kep. Selayar", "PEMKAB CONTOH"):
# one form. Words that say nothing of which pemda are dropped; abbreviations written out.
_PEMDA_WORDS = {
    "kab": "kabupaten",
    "pemkab": "kabupaten",
    "pemkot": "kota",
    "pemko": "kota",  # (Sumatra's "Pemko Medan"; diffrev19)
    "kotamadya": "kota",
    "kep": "kepulauan",
    "pemerintah": "",
    "pemda": "",
    "daerah": "",
    # (Jakarta's: "Kota Administrasi Jakarta Selatan", "Kab. Adm. Kep. Seribu"; diffrev18)
    "administrasi": "",
    "adm": "",
    # "Pangkajene Kepulauan" of Kabupaten Pangkajene dan Kepulauan, "Kab. 50 Kota" of Lima Puluh Kota (diffrev18)
    "dan": "",
    "50": "limapuluh",
    "regency": "kabupaten",
    "city": "kota",
}

#: Provinces a pemda's name is followed by, with no comma between: "Kabupaten Bogor Jawa Barat" (diffrev18).
_PROVINCES = tuple(
    sorted(
        (
            "aceh", "sumaterautara", "sumut", "sumaterabarat", "sumbar", "riau", "kepulauanriau", "kepri", "jambi",
            "sumateraselatan", "sumsel", "bengkulu", "lampung", "kepulauanbangkabelitung", "bangkabelitung",
            "babel", "dkijakarta", "jakarta", "jawabarat", "jabar", "jawatengah", "jateng", "diyogyakarta",
            "yogyakarta", "diy", "jawatimur", "jatim", "banten", "bali", "nusatenggarabarat", "ntb",
            "nusatenggaratimur", "ntt", "kalimantanbarat", "kalbar", "kalimantantengah", "kalteng",
            "kalimantanselatan", "kalsel", "kalimantantimur", "kaltim", "kalimantanutara", "kaltara",
            "sulawesiutara", "sulut", "gorontalo", "sulawesitengah", "sulteng", "sulawesibarat", "sulbar",
            "sulawesiselatan", "sulsel", "sulawesitenggara", "sultra", "maluku", "malukuutara", "malut", "papua",
            "papuabarat", "papuabaratdaya", "papuaselatan", "papuatengah", "papuapegunungan",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip


#: Where a pemda's name ends and what follows it begins: "Kotabaru, Kalimantan Selatan", "Kab Kotabaru - Kalsel",
#: "Kota Contoh (Jawa Barat)" named their province without the word "Provinsi" (E308 of a pemda's own units;
#: kotarev).
_AFTER_PEMDA = re.compile(r",|\s[-–/]\s|\(")


def _pemda(text: str) -> tuple[str, str]:
    """(kind, name): "kabupaten"/"kota"/"" and the name with spaces and hyphens gone ("limapuluhkota").

    What follows a comma, " - " or "(" after a name is no part of it (a province: "Kotabaru, Kalimantan Selatan"),
    but a kind said there is the name's: "Bogor (Kota)", "Bogor, Kota" are Kota Bogor's (diffrev17: cut away, the
    neighbour's workbook ranked as the kabupaten's own).
    """
    head, *tail = _AFTER_PEMDA.split(text, maxsplit=1)
    kind, name = _kind_and_name(head)
    if tail and name:
        after = _AFTER_PEMDA.split(tail[0], maxsplit=1)[0]
        # (the pemda written again with its kind, "Bima - Kabupaten Bima", is said of the name too; diffrev18)
        again, named = _kind_and_name(after)
        return kind or _kind_alone(after) or (again if named == name else ""), name
    return _kind_and_name(text)


def _pemda_words(text: str) -> list[str]:
    words = [_PEMDA_WORDS.get(w, w) for w in re.sub(r"[^\w]+", " ", text.casefold()).split()]
    return [w for w in words if w]


def _kind_alone(text: str) -> str:
    """The kind ("kabupaten", "kota") a text is, alone ("(Kota)", ", Kab."); "" for anything else.

    Not a kind said in passing: "Bogor (ibu kota Cibinong)" is no kota (diffrev18).
    """
    words = _pemda_words(text)
    return words[0] if len(words) == 1 and words[0] in ("kabupaten", "kota") else ""


def _kind_and_name(text: str) -> tuple[str, str]:
    words = _pemda_words(text)
    for cut, word in enumerate(words):
        if word in ("provinsi", "prov"):  # "Kabupaten Contoh, Provinsi Jawa Tengah": the province is extra
            words = words[:cut]
            break
    kind = ""
    if words and words[0] in ("kabupaten", "kota"):  # the kind comes first: Lima Puluh Kota is a kabupaten
        kind, words = words[0], words[1:]
    return kind, "".join(words)


def pemda_kind(text: str) -> str:
    """The kind of pemda a text names: "kabupaten", "kota", or "" (a name alone, "Bogor")."""
    return _pemda(text)[0]


def pemda_word(name: str) -> str:
    """The word pmprb's outputs call the pemda named ``name``: "kota" for a kota, else "kabupaten".

    A kota's templates, rekap and package read "KABUPATEN :", "Buku kerja kabupaten" (kotaword). A name that does
    not say its kind ("Bogor", or none) keeps "kabupaten", the word every output had before. A kind after the name
    is its kind ("Bogor Kota", "Bogor City"; hostrev11: a kota's files said "kabupaten"), but for the one kabupaten
    whose name ends so, Lima Puluh Kota.
    """
    kind = pemda_kind(name)
    if not kind:
        words = _pemda_words(_AFTER_PEMDA.split(name, maxsplit=1)[0])
        if len(words) > 1 and words[-1] == "kota" and "".join(words[:-1]) != "limapuluh":
            kind = "kota"
    return "kota" if kind == "kota" else "kabupaten"


def kind_unsaid(text: str) -> bool:
    """Whether a pemda's name says its kind nowhere, so that both pemda of that name are taken as its own.

    "Bogor": Kabupaten Bogor's and Kota Bogor's workbooks alike. Not "Bogor Kota" nor "Pemko Medan", which
    say it (diffrev19: told to write "Kabupaten Bogor Kota", a kota was to become a kabupaten).
    """
    return stated_kabupaten(text) and all(not kind for kind, _ in _readings(text))


def stated_kabupaten(text: str) -> bool:
    """Whether a kabupaten cell names one: not blank, not a placeholder ("-", "....."), not a kind alone."""
    return any(c.isalpha() for c in text) and bool(_pemda(text)[1])


def one_pemda_written(a: str, b: str) -> bool:
    """Whether two writings are one pemda's name written otherwise ("Kab. Contoh", "Kabupaten  Contoh").

    Stricter than :func:`same_kabupaten`: a name without its kind is not taken as either ("Contoh" beside "Kota
    Contoh"). For a history's periods: a history copied from Kota Bekasi's folder into Kabupaten Bekasi's, its
    pmprb.toml saying only "Bekasi", must still be said.
    """
    return _pemda(a) == _pemda(b)


def pemda_key(text: str) -> str:
    """One key for every writing of one pemda's name (:func:`one_pemda_written` of two is equality of keys)."""
    kind, name = _pemda(text)
    return f"{kind}:{name}"


def same_kabupaten(a: str, b: str) -> bool:
    """Whether two writings name one pemda: case, punctuation, spacing and "Kab."/"Pemerintah Daerah" aside.

    Kabupaten Bogor and Kota Bogor are two pemda; "Bogor" alone is taken as either.
    """
    return any(_one_pemda(x, y) for x in _readings(a) for y in _readings(b))


def _one_pemda(a: tuple[str, str], b: tuple[str, str]) -> bool:
    (kind_a, name_a), (kind_b, name_b) = a, b
    if name_a == name_b:
        return not kind_a or not kind_b or kind_a == kind_b
    # A name beginning with "Kota" written apart: "Kota Baru" of Kabupaten Kotabaru, "Kota Waringin Barat", "Kota
    # Mobagu" of Kota Kotamobagu were each another pemda's (kotarev).
    return (kind_a == "kota" and kind_a + name_a == name_b) or (kind_b == "kota" and kind_b + name_b == name_a)


def _readings(text: str) -> set[tuple[str, str]]:
    """The ways a pemda's name may be read: as :func:`_pemda` reads it, and as people also write it.

    Each was PMPRB-E308 for the pemda's own workbook (diffrev18): a kind after the name ("Bogor Kota", "Bogor
    Regency"; read both ways, since Lima Puluh Kota is a kabupaten), a province after it without a comma
    ("Kabupaten Bogor Jawa Barat"; Kota Banda Aceh keeps its Aceh, read both ways too), "Kepulauan" left out
    ("Kabupaten Selayar" of Kabupaten Kepulauan Selayar, "Mentawai"). No reading makes one pemda's name another's.
    """
    kind, name = _pemda(text)
    out = {(kind, name)}
    if not kind:
        words = _pemda_words(_AFTER_PEMDA.split(text, maxsplit=1)[0])
        if len(words) > 1 and words[-1] in ("kabupaten", "kota"):
            out.add((words[-1], "".join(words[:-1])))
    for k, n in list(out):
        for province in _PROVINCES:
            if n.endswith(province) and len(n) > len(province):
                out.add((k, n[: -len(province)]))
                break
    for k, n in list(out):
        if n.startswith("kepulauan") and len(n) > len("kepulauan"):
            out.add((k, n[len("kepulauan") :]))
    return out


#: Files changed this close together were written by one copy or checkout: their order says nothing.
_SAME_MOMENT_NS = 2 * 10**9


def unit_key(sub: Submission, registry: Registry | None) -> str:
    """The registry kode of a submission's unit where known, else its normalised code or name."""
    if registry is not None:
        unit = registry.of_workbook(sub.unit_code, sub.unit_name)
        if unit is not None:
            return unit.kode
    return normalise_spelling(sub.unit_code or sub.unit_name or "")
