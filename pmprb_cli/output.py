"""Emit results as a rich table, JSON or CSV. Machine formats never contain markup.

Text from workbooks is untrusted: in CSV every cell that a spreadsheet could run (starting with = + - @,
a tab or a carriage return) is neutralised with a leading apostrophe; in tables, control characters are
removed and rich markup is never interpreted.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO

from pmprb_cli.batch import Batch
from pmprb_cli.catalogue import CATALOGUE, EVALUATOR_ENTRY_UNUSED, language
from pmprb_cli.checks import SECOND_SENDINGS, unit_key, unit_of_unreadable
from pmprb_cli.files import safe_cell
from pmprb_cli.json_text import compact
from pmprb_cli.models import (
    FailedInput,
    Finding,
    Node,
    Rubric,
    ScoreCard,
    Severity,
    as_typed,
    denoised,
    first_named,
    format_gain,
    format_id,
    rounded_half_up,
    sheet_ref,
    shown_difference,
    visible,
)
from pmprb_cli.pipeline import ACTIONS_KEPT, Assessment, FileResult, perhaps_sent_words
from pmprb_cli.ranking import Action, Ranked, indicator_parts, target_verdict, unchecked_prerequisites
from pmprb_cli.registry import Registry
from pmprb_cli.rubric import per_rubric

#: C0 controls but tab and line feed, DEL, and every C1 control: terminals act on the 8-bit ones too (U+009D
#: starts an OSC: a hyperlink or a window title).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


#: How many units a line names as not having sent (the rest are counted, and all are in JSON).
_MISSING_NAMED = 15


def plain(text: str) -> str:
    """Text with terminal control characters removed."""
    return _CONTROL.sub("", text)


def display_name(file: str) -> str:
    """The file name shown to people (the path's last part), its control characters made visible.

    A name holding a line break printed across two lines, breaking every line-by-line reader of the output.
    """
    return _visible(Path(file).name)


_visible = visible  # (a file's name: its controls and bidirectional characters shown escaped)


def distinct_names(files: Sequence[str]) -> dict[str, str]:
    """Each file's name as shown, with as many of its folders as tell apart files of the same name.

    ``a/DINKES.xlsx`` and ``b/DINKES.xlsx`` both showed as DINKES.xlsx: nobody could tell which ranked.
    """
    shown = {f: _visible(Path(f).name) for f in files}
    depth = 1
    while depth < 64:
        seen: dict[str, int] = {}
        for name in shown.values():
            seen[name] = seen.get(name, 0) + 1
        clashing = [f for f, name in shown.items() if seen[name] > 1]
        if not clashing:
            break
        depth += 1
        for f in clashing:
            parts = Path(f).parts
            shown[f] = _visible("/".join(parts[-depth:]))
    # Names that only look alike ("DINAS A.xlsx" and "DINAS\xa0A.xlsx") show their odd spaces escaped.
    looks: dict[str, set[str]] = {}
    for name in shown.values():
        looks.setdefault(_look(name), set()).add(name)
    alike = {name for names in looks.values() if len(names) > 1 for name in names}
    return {f: _every_space_shown(name) if name in alike else name for f, name in shown.items()}


def _look(name: str) -> str:
    """A name as it looks: every kind of space a plain one."""
    return "".join(" " if ch.isspace() else ch for ch in name)


def _every_space_shown(name: str) -> str:
    return "".join(ch.encode("unicode_escape").decode() if ch.isspace() and ch != " " else ch for ch in name)


# --------------------------------------------------------------------------- score


ACTIONS_BEYOND = ACTIONS_KEPT  # actions listed beyond those needed to reach the target


@per_rubric
def _node_komponen(rubric: Rubric) -> dict[str, str]:
    """The komponen of every node, by code (walked once per rubric, not once per unit)."""
    return {a.code: r.code for r in rubric.roots for a in r.walk()}


def _node_rows(card: ScoreCard, verified: ScoreCard | None, rubric: Rubric, level: str) -> list[dict[str, Any]]:
    """The score of each node at ``level`` (areas, parts) as ranked, and both sides where an evaluator answered.

    As ranked: verified where an evaluator answered.
    """
    komponen_of = _node_komponen(rubric)
    own = {a.code: a.score for a in card.nodes if a.level == level} if verified is not None else {}
    rows: list[dict[str, Any]] = []
    for a in (verified or card).nodes:
        if a.level != level:
            continue
        score = denoised(a.score)
        row: dict[str, Any] = {
            "code": a.code,
            "name": a.name,
            "komponen": komponen_of.get(a.code, ""),
            "weight": a.weight,
            "score": score,
        }
        if verified is not None:
            row["self_score"] = denoised(own[a.code])
            row["verified_score"] = score
        rows.append(row)
    return rows


def _scored_period(batch: Batch, typed: str, ranked: Ranked | None) -> str:
    """A unit's period as TTTT-BB: the batch's for a ranked unit (its workbook may say "Agustus" only, W310).

    (The column mixed "2022-08", "Agustus" and "Triwulan III 2022" for units ranked in one period.)
    """
    return batch.period if ranked is not None and batch.period else typed


def unit_dict(batch: Batch, result: FileResult, ranked: Ranked | None) -> dict[str, Any]:
    """One unit of ``pmprb score --format json``: scores to 10 decimals (no float noise), rank, target, actions."""
    rubric = batch.rubric
    card = result.card
    sub = result.submission
    assert card is not None and sub is not None
    roots = {n.code for n in rubric.roots}
    has_role = {r.role for r in rubric.roots}
    requires = {v.code: v.requires for v in rubric.verdicts if v.requires}
    verified = result.verified
    # The scores that rank and that every other output shows: the evaluator's answers where given.
    shown = verified or card
    return {
        "file": result.file,
        "unit": dict(zip(("kode", "nama", "jenis"), batch.unit_named(result), strict=True)),
        "period": _scored_period(batch, sub.period, ranked),
        "status": result.status,
        # Every score with its float noise off (models.denoised), as the rekap writes it: 30.441, not
        # 30.441000000000003.
        "index": denoised(shown.index),
        "predikat": shown.predikat,
        "predikat_label": shown.predikat_label,
        "pengungkit": denoised(shown.pengungkit) if "pengungkit" in has_role else None,
        "hasil": denoised(shown.hasil) if "hasil" in has_role else None,
        "komponen": [
            {"code": n.code, "name": n.name, "weight": n.weight, "score": denoised(n.score)}
            for n in shown.nodes
            if n.code in roots
        ],
        "areas": _node_rows(card, verified, rubric, "area"),
        # The parts (bagian) a komponen is divided into first, where a rubric has them: Zona Integritas's hasil is
        # two parts of indicators and no area, and its WBK/WBBM minimums are set on them (jsonrev: they were in
        # the verdicts' prose only, "B.I … 11,73 < 18,25").
        "parts": _node_rows(card, verified, rubric, "bagian"),
        # A graded rubric's nilai huruf as counted (LKE AKIP: its twelve grades are its result; empty otherwise).
        "grades": _grade_rows(shown, rubric),
        # "passed" is the minimums met; a prerequisite designation (WBBM: already WBK) is in no workbook.
        "verdicts": [
            {
                "code": v.code,
                "label": v.label,
                "passed": v.passed,
                "unmet": list(v.unmet),
                "requires": requires.get(v.code),
                "requires_checked": False if v.code in requires else None,
            }
            for v in shown.verdicts
        ],
        "self_index": denoised(card.index),
        "self_predikat": card.predikat,
        "verified_index": denoised(verified.index) if verified else None,
        # As the rapor and the rekap show it (the difference of the two indexes as shown): every digit of
        # 1,655 rounded to 1,66 where the pages said 1,65.
        "over_claim": denoised(shown_difference(card.index, verified.index, rubric.predikat_decimals))
        if verified
        else None,
        # How much of the verified index is the evaluator's: the rest of the answers are the unit's own.
        "verified_answers": verified.checked[0] if verified else None,
        "answers_asked": verified.checked[1] if verified else None,
        "rank": ranked.rank if ranked else None,
        "rank_in_jenis": ranked.rank_in_jenis if ranked else None,
        # Why a readable file has no rank, as the CSV's alasan_tidak_diperingkat says it (jsonrev: a program had to
        # match finding codes against the policy to tell a second sending from --invalid skip or another period).
        "not_ranked_reason": None if ranked else batch.why_not_ranked(result),
        "target": batch.target,
        "gap": denoised(ranked.gap) if ranked else None,
        "meets_target": ranked.meets_target if ranked else None,
        "actions": [
            {
                "code": a.code,
                "question": a.question,
                "current": a.current,
                "proposed": a.proposed,
                "gain": denoised(a.gain),
                "after": list(a.after),
                # What applying it sets when more than its own answer: a percentage's counts, a grade's criteria.
                **({"set": {k: _finite(v) for k, v in a.changes}} if a.changes else {}),
                **({"how": a.how} if a.how else {}),
                **({"cell": a.cell} if a.cell else {}),
                **({"by_evaluator": True} if a.by_evaluator else {}),
            }
            for a in (
                ranked.actions[: max(ranked.actions_needed, ranked.own_reach, 0) + ACTIONS_BEYOND] if ranked else ()
            )
        ],
        "actions_needed": ranked.actions_needed if ranked else None,
        "answers_needed": ranked.answers_needed if ranked else None,
        # While the plan waits on the evaluator's re-verification: the unit's own steps that reach the target.
        "own_actions_needed": (len(ranked.own_steps) if ranked.own_reach > 0 else -1)
        if ranked and ranked.own_reach
        else None,
        "own_actions": [a.code for a in ranked.own_steps] if ranked else [],
        # A verdict target no answer reaches: the minimums still missed with every proposal applied.
        "held_by": list(ranked.held_by) if ranked else [],
        "missing_answers": card.missing,
        "invalid_answers": card.invalid,
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
    }


def _grade_rows(card: ScoreCard, rubric: Rubric) -> list[dict[str, object]]:
    """Each graded sub-komponen's grade as counted ("" where none is read) and its points of its weight."""
    graded = rubric.graded()
    if not graded:
        return []
    grades = {i.code: i.answer for i in card.items}
    points = {n.code: n.score for n in card.nodes}
    return [
        {
            "code": node.code,
            "name": node.name,
            "grade": "" if grades.get(node.code) is None else str(grades[node.code]),
            "score": denoised(points.get(node.code, 0.0)),
            "weight": node.weight,
        }
        for node in graded
    ]


def _finite(value: object) -> object:
    """A proposed value as JSON can hold it: a count past any float (1e308 typed as a total) is no number.

    ``Infinity`` written bare made the whole `score --format json` invalid: jq and JSON.parse refused it.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def failed_to_dict(failed: FailedInput) -> dict[str, str]:
    """A failed input as JSON-ready data."""
    return {"file": failed.file, "code": failed.code, "message": failed.message, "hint": failed.hint}


def _unit_of_failed(batch: Batch, file: str) -> dict[str, str] | None:
    """The registry's unit an unreadable file is named for (DINKES.xlsx, "DINKES revisi.xlsx"), or None."""
    unit = unit_of_unreadable(batch.registry, file) if batch.registry is not None else None
    return {"kode": unit.kode, "nama": unit.nama, "jenis": unit.jenis} if unit is not None else None


def _ordered(batch: Batch) -> list[tuple[FileResult, Ranked | None]]:
    """Ranked units first in rank order, then readable units left out of the ranking (``--invalid skip``)."""
    by_file = {r.file: r for r in batch.assessment.results}
    out: list[tuple[FileResult, Ranked | None]] = [(by_file[r.file], r) for r in batch.ranked]
    ranked_files = {r.file for r in batch.ranked}
    out.extend((r, None) for r in batch.assessment.results if r.card is not None and r.file not in ranked_files)
    return out


def score_doc(batch: Batch, *, with_units: bool = True) -> dict[str, Any]:
    """The JSON document of ``pmprb score`` (``with_units=False``: everything but ``units``).

    Schema: pmprb_cli/schemas/score.schema.json; a key added or renamed here goes there too (tests/test_cli.py).
    """
    rubric = batch.rubric
    ordered = _ordered(batch)
    indices = [r.index for r in batch.ranked]
    doc: dict[str, Any] = {
        "rubric": {"id": rubric.id, "version": rubric.version, "checksum": rubric.checksum},
        # Without --period, the month the batch was processed as (the one most workbooks state; the others are
        # PMPRB-E303): "period": null beside a ranking of August said no month at all.
        "period": batch.processed_period or None,
        "target": batch.target,
        "policy": {
            "missing_answer": "dihitung 0 dan dilaporkan sebagai temuan PMPRB-E401 (PMPRB-E410: rumus tanpa hasil)",
            "invalid_answer": "dihitung 0 dan dilaporkan sebagai temuan PMPRB-E402/E403/E404/E409/E412",
            "cached_values": "tidak dipakai; semua nilai dihitung ulang dari jawaban",
            "invalid_workbooks": "dinilai dan diperingkat dengan temuannya"
            if batch.invalid_policy == "score"
            else "tidak diperingkat (--invalid skip); tetap dicantumkan dengan statusnya",
            "findings": "hanya temuan kesalahan (yang mengubah nilai); peringatan: pmprb validate",
            "actions": f"tindakan yang diperlukan untuk target ditambah {ACTIONS_BEYOND} berikutnya",
            "ranking": "menurut indeks terverifikasi (jawaban evaluator bila ada), dibulatkan "
            f"{rubric.predikat_decimals} desimal; nilai sama berperingkat sama (1, 2, 2, 4)",
        },
        "summary": {
            # Units that rank (averaged, awarded); a unit's second file and --invalid skip are listed apart.
            "units": len(batch.ranked),
            "not_ranked": len(ordered) - len(batch.ranked),
            # math.fsum: exactly rounded, whatever the order (the rekap's and history's mean, to the last bit)
            "average_index": denoised(math.fsum(indices) / len(indices)) if indices else None,
            # (by kode; a unit known by its name only, an official form without a registry, by its name: four
            # such units below target were ["", "", "", ""])
            "below_target": [_kode_or_name(r) for r in batch.below_target],
            "best_perangkat_daerah": [_kode_or_name(r) for r in batch.best_perangkat_daerah],
            "best_kecamatan": [_kode_or_name(r) for r in batch.best_of("kecamatan")],
            "best_kelurahan": [_kode_or_name(r) for r in batch.best_of("kelurahan")],
            "missing_units": [u.kode for u in batch.assessment.missing_units],
        },
        # (with the unit its file is named for, as the CSV's row gives it: a JSON reader had only the file name)
        "failed": [{**failed_to_dict(f), "unit": _unit_of_failed(batch, f.file)} for f in batch.assessment.failed],
        "skipped": [failed_to_dict(f) for f in batch.assessment.skipped_inputs],
        "not_read": list(batch.assessment.not_read),
        # Errors change scores (an answer counted 0) and are listed; warnings and information are counted
        # per unit and listed by `pmprb validate`.
        "findings": [f.to_dict() for f in batch.assessment.findings if f.severity is Severity.ERROR],
    }
    if with_units:
        doc["units"] = [unit_dict(batch, result, ranked) for result, ranked in ordered]
    return doc


class Writes(Protocol):
    """Where text is written: a text stream, or pmprb's stdout that says a closed pipe."""

    def write(self, text: str, /) -> int:
        """Write ``text``; the number of characters written."""
        ...


def write_score_json(batch: Batch, stream: Writes) -> None:
    """Write the JSON of ``pmprb score`` unit by unit: deterministic, keys sorted, compact.

    Streaming keeps memory flat however many workbooks a batch holds; the text is what
    ``json_text.compact(score_doc(batch))`` gives. Compact because it is large and meant for programs;
    ``jq .`` shows it indented.
    """
    doc = score_doc(batch, with_units=False)
    doc["units"] = None  # a placeholder so that the keys stay in sorted order
    stream.write("{")
    for n, key in enumerate(sorted(doc)):
        stream.write(("," if n else "") + compact(key) + ":")
        if key != "units":
            stream.write(compact(doc[key]))
            continue
        stream.write("[")
        for m, (result, ranked) in enumerate(_ordered(batch)):
            stream.write(("," if m else "") + compact(unit_dict(batch, result, ranked)))
        stream.write("]")
    stream.write("}\n")


def score_json(batch: Batch) -> str:
    """The JSON text of ``pmprb score`` as a string (see :func:`write_score_json`)."""
    buffer = io.StringIO()
    write_score_json(batch, buffer)
    return buffer.getvalue()


def _kode_or_name(ranked: Ranked) -> str:
    """How the JSON summary names a unit: its kode, else its name, else its file."""
    return ranked.kode or ranked.nama or display_name(ranked.file)


def _number(value: float) -> str:
    """A score in CSV: every digit, without float noise (0.9, not 0.8999999999999999; models.denoised)."""
    return repr(denoised(value))


def csv_text(batch: Batch) -> str:
    """One row per unit, one column per area; every digit to 10 decimals; text neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    areas = batch.rubric.areas()
    header = (
        ["file", "kode", "nama", "jenis", "periode", "rank", "rank_jenis", "index", "predikat", "pengungkit", "hasil"]
        + [f"{a.code} {a.name}" for a in areas]
        + ["target", "gap", "memenuhi_target", "indeks_mandiri", "predikat_mandiri", "indeks_terverifikasi", "status"]
        + ["jawaban_kosong", "jawaban_tidak_sah"]
        # The over-claim as every page shows it, and how many of the answers the evaluator's column gave.
        + ["selisih_mandiri_terverifikasi", "jawaban_diperiksa_evaluator", "jawaban_diminta"]
        # Zona Integritas: WBK, WBBM — the minimums met; WBBM's prerequisite (already WBK) is never checked.
        + [f"lulus_{v.code}" for v in batch.rubric.verdicts]
        + [f"prasyarat_{v.code}_diperiksa" for v in batch.rubric.verdicts if v.requires]
        # Last, so no column moves: which rows count (appended month by month, a unit's second file and another
        # month's workbook left in the inbox were counted twice, "rank" empty their only mark; datarev2), and the
        # month processed, which a row's own "periode" need not be.
        + ["diperingkat", "alasan_tidak_diperingkat", "periode_proses"]
    )
    writer.writerow(header)
    processed = batch.processed_period
    places = batch.rubric.predikat_decimals
    has_role = {r.role for r in batch.rubric.roots}  # (LKE AKIP has neither: empty, as JSON's null, never 0)
    for result, ranked in _ordered(batch):
        card = result.card
        sub = result.submission
        assert card is not None and sub is not None
        shown = result.verified or card  # as ranked, and as every other output shows it
        scores = {a.code: a.score for a in shown.areas()}
        kode, nama, jenis = batch.unit_named(result)
        writer.writerow(
            # (a path's control characters made visible: `cat nilai.csv` cleared the screen)
            [
                safe_cell(v)
                for v in (_visible(result.file), kode, nama, jenis, _scored_period(batch, sub.period, ranked))
            ]
            + [ranked.rank if ranked else "", ranked.rank_in_jenis if ranked else ""]
            + [_number(shown.index), shown.predikat]
            + [_number(getattr(shown, role)) if role in has_role else "" for role in ("pengungkit", "hasil")]
            + [_number(scores[a.code]) for a in areas]
            + [batch.target, _number(ranked.gap) if ranked else "", (ranked.meets_target if ranked else "")]
            + [
                _number(card.index),
                card.predikat,
                _number(result.verified.index) if result.verified else "",
                result.status,
            ]
            + [card.missing, card.invalid]
            + (
                [_number(shown_difference(card.index, result.verified.index, places)), *result.verified.checked]
                if result.verified
                else ["", "", ""]
            )
            + [v.passed for v in shown.verdicts]
            + [False for v in batch.rubric.verdicts if v.requires]
            + [ranked is not None, "" if ranked else safe_cell(batch.why_not_ranked(result)), processed]
        )
    # A workbook that could not be read has a row too, status "unreadable" and no score (JSON's failed[]): it
    # vanished from the CSV, its unit nowhere in a sheet built from it. The unit its file is named after, if any.
    registry = batch.registry
    for result in batch.assessment.results:
        if result.failed is None:
            continue
        unit = unit_of_unreadable(registry, result.file) if registry is not None else None
        named = (unit.kode, unit.nama, unit.jenis) if unit is not None else ("", "", "")
        row: list[object] = [safe_cell(v) for v in (_visible(result.file), *named)] + [""] * (len(header) - 4)
        row[header.index("status")] = "unreadable"
        assert result.failed is not None
        row[-3:] = [False, f"tidak dapat dibaca ({result.failed.code})", processed]
        writer.writerow(row)
    return buffer.getvalue()


def display_areas(rubric: Rubric) -> list[tuple[str, str, tuple[Node, ...]]]:
    """Columns for a table: the rubric's areas, one column per area name.

    Areas sharing a name (pemenuhan, hasil antara and reform of one area in pmprb-2020) are summed into
    one column labelled 1, 2, …; otherwise each area keeps its code.
    """
    groups: dict[str, list[Node]] = {}
    for area in rubric.areas():
        groups.setdefault(" ".join(area.name.casefold().split()), []).append(area)
    if all(len(g) == 1 for g in groups.values()):
        return [(a.code, a.name, (a,)) for a in rubric.areas()]
    return [(str(n), g[0].name, tuple(g)) for n, g in enumerate(groups.values(), start=1)]


#: Below this many columns the area scores leave the table (they are listed under it for one unit):
#: squeezed beside the other columns they read "4…" and the notes vanish.
AREA_COLUMNS_FROM_WIDTH = 150


def areas_fit(batch: Batch, width: int | None) -> bool:
    """Whether the score table keeps its area columns at a terminal's ``width`` (``None``: no terminal, yes).

    Below :data:`AREA_COLUMNS_FROM_WIDTH` never; above it, when the table's narrowest form fits: 12 areas need
    some 164 columns, and from 150 to 163 rich cut the table's right edge ("75,68" in Catatan read "75,").
    """
    if width is None:
        return True
    if width < AREA_COLUMNS_FROM_WIDTH:
        return False
    from rich.console import Console
    from rich.measure import Measurement

    # (measured without a bound: a measurement is clamped to the width it is given)
    console = Console(width=10_000, file=io.StringIO())
    table = _score_table(batch, display_areas(batch.rubric))
    return Measurement.get(console, console.options, table).minimum <= width


def score_table(batch: Batch, width: int | None = None) -> Any:
    """A rich renderable: rank, file, unit, index, predikat, gap and each area (two decimals).

    Given a ``width`` (a terminal's) the area columns are left out where they do not fit (:func:`areas_fit`).
    """
    return _score_table(batch, display_areas(batch.rubric) if areas_fit(batch, width) else [])


def _score_table(batch: Batch, columns: list[tuple[str, str, tuple[Node, ...]]]) -> Any:
    from rich.table import Table
    from rich.text import Text

    rubric = batch.rubric
    title = _score_title(batch)
    verdicts = bool(rubric.verdicts)
    table = Table(title=Text(plain(title)), show_lines=False)  # (a rubric's own title: never markup)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Berkas", overflow="fold", min_width=8)
    table.add_column("Unit", overflow="fold", min_width=12)
    table.add_column("Indeks", justify="right", no_wrap=True)
    table.add_column("Predikat", justify="center", no_wrap=True)
    # (not "Kurang": the name of predikat C, in the column beside it; the rekap says "Jarak ke target")
    table.add_column("Jarak", justify="right", no_wrap=True)
    if verdicts:  # ZI is passed or not (WBK, WBBM): the predikat letter is information only
        table.add_column("Lulus", justify="center", no_wrap=True)
    for label, _, _ in columns:
        table.add_column(label, justify="right", no_wrap=True)
    table.add_column("Catatan", overflow="fold", min_width=10)
    for row in _score_rows(batch, columns):
        table.add_row(
            row.rank,
            Text(plain(row.file)),
            Text(plain(row.unit)),
            row.index,
            row.predikat,
            row.gap,
            *([row.passed] if verdicts else []),
            *row.areas,
            Text(plain(row.notes)),  # (E308 quotes the workbook's Identitas)
        )
    return table


#: Below this terminal width the score table is a list, one unit a paragraph: rich cropped the table's
#: Catatan, then Predikat and Kurang, and cut the title's "target BB" to "target B" at 60 columns.
NARROW_WIDTH = 80


def score_list_lines(batch: Batch) -> list[str]:
    """The score table as lines, for a narrow terminal: every figure of a row, nothing cropped."""
    rubric = batch.rubric
    lines = [_score_title(batch)]
    for row in _score_rows(batch, []):
        gap = "; mencapai target" if row.gap == "—" else f"; kurang {row.gap}" if row.gap else ""
        passed = f"; lulus: {row.passed}" if rubric.verdicts else ""
        notes = f"; {row.notes}" if row.notes else ""
        lines.append(plain(f"{row.rank}. {row.unit} ({row.file}): {row.index} {row.predikat}{gap}{passed}{notes}"))
    return lines


def _score_title(batch: Batch) -> str:
    """The score table's title. Zona Integritas and AKIP are not PMPRB: it says which evaluation it is."""
    rubric = batch.rubric
    return f"Nilai {rubric.short_title} — rubrik {rubric.id} v{rubric.version} — target {batch.target}"


@dataclass(frozen=True)
class _ScoreRow:
    rank: str
    file: str
    unit: str
    index: str
    predikat: str
    gap: str
    passed: str
    areas: tuple[str, ...]
    notes: str


def _score_rows(batch: Batch, columns: Sequence[tuple[str, str, tuple[Node, ...]]]) -> Iterator[_ScoreRow]:
    """Each scored file's row of the score table, as text, in its order."""
    rubric = batch.rubric
    ordered = _ordered(batch)
    names = distinct_names([r.file for r, _ in ordered])
    for result, ranked in ordered:
        card = result.card
        assert card is not None
        notes = []
        shown = result.verified or card
        # The answers counted 0 in the index this row shows: a blank the evaluator answered is not one.
        if shown.missing:
            notes.append(f"{shown.missing} jawaban kosong (dihitung 0)")
        if shown.invalid:
            notes.append(f"{shown.invalid} jawaban tidak sah (dihitung 0)")
        if result.verified is not None:
            done, asked = result.verified.checked
            notes.append(
                f"mandiri {format_id(card.index)}, terverifikasi {format_id(result.verified.index)} "
                f"(evaluator mengisi {done} dari {asked} jawaban)"
            )
        if ranked is None:
            notes.append(f"tidak diperingkat: {batch.why_not_ranked(result)}")
        scores = {a.code: a.score for a in shown.areas()}
        yield _ScoreRow(
            str(ranked.rank) if ranked else "—",
            names[result.file],
            (ranked.nama if ranked else card.unit_name) or "—",
            format_id(shown.index),
            shown.predikat,
            # Unranked: no gap to speak of ("—" beside it read as "target reached"). A unit whose index is
            # enough for WBK but whose other conditions are not read "—" too, as the rapor's "syarat lain" says.
            "" if ranked is None else _gap_cell(ranked, bool(target_verdict(rubric, batch.target))),
            ", ".join(v.code for v in shown.verdicts if v.passed) or "tidak",
            tuple(_shown_sum(scores[a.code] for a in group) for _, _, group in columns),
            "; ".join(notes),
        )


def _gap_cell(ranked: Ranked, pass_fail: bool) -> str:
    """The "Kurang" cell: the index points still missing, "—" when the target is met, else "syarat lain"."""
    if ranked.gap:
        return format_id(ranked.gap)
    return "—" if ranked.meets_target or not pass_fail else "syarat lain"


def summary_lines(batch: Batch, width: int | None = None) -> list[str]:
    """The lines under the table: legend, best units, who is below target and what would close the gap.

    With one unit (an OPD operator checking its own file) each area's score stands in the legend, and the
    answers that reach the target are listed; awards and the average, which compare units, are left out.
    """
    rubric = batch.rubric
    lines = []
    one = batch.ranked[0] if len(batch.ranked) == 1 else None
    shown_card = None
    if one is not None:
        result = batch.result_for(one)
        shown_card = result.verified or result.card
    in_table = areas_fit(batch, width)
    if not in_table and shown_card is None:
        lines.append(f"  (nilai per area tidak ditampilkan pada lebar {width} kolom; lihat --format csv atau json)")
    for label, name, group in display_areas(rubric) if in_table or shown_card is not None else []:
        parts = " + ".join(a.code for a in group) if len(group) > 1 else ""
        weight = format_id(sum(a.weight for a in group))
        own = ""
        if shown_card is not None:
            scores = {a.code: a.score for a in shown_card.areas()}
            own = f": {_shown_sum(scores[a.code] for a in group)}"
        lines.append(f"  {label:<8} {name} (bobot {weight}{'; ' + parts if parts else ''}){own}")
    if len(batch.ranked) > 1:
        average = math.fsum(r.index for r in batch.ranked) / len(batch.ranked)
        lines.append("")
        lines.append(f"Rata-rata indeks: {format_id(average)} ({len(batch.ranked)} unit{basis_words(batch)}).")
        lines += raised_by_evaluator_lines(batch)
        best = batch.best_perangkat_daerah
        # Under a pass/fail target (WBK, WBBM) an award goes only to a unit that passes, and never to an index
        # of 0: where none is given, said (the line was left out, as if the kabupaten had no kecamatan).
        if best:
            lines.append("Perangkat daerah terbaik: " + ", ".join(_award_named(batch, r) for r in best))
        elif why := batch.no_award_reason(kecamatan=False):
            lines.append(f"Perangkat daerah terbaik: tidak ada ({why})")
        kec = batch.best_of("kecamatan")
        if kec:
            lines.append("Kecamatan terbaik: " + ", ".join(_award_named(batch, r) for r in kec))
        elif why := batch.no_award_reason(kecamatan=True):
            lines.append(f"Kecamatan terbaik: tidak ada ({why})")
        if kel := batch.best_of("kelurahan"):
            lines.append("Kelurahan terbaik: " + ", ".join(_award_named(batch, r) for r in kel))
        elif why := batch.no_award_reason_of("kelurahan"):
            lines.append(f"Kelurahan terbaik: tidak ada ({why})")
    lines += unread_by_evaluator_lines(batch)  # (one unit too: `pmprb score BAPPEDA.xlsx`)
    lines += copied_answers_lines(batch.assessment, batch.registry)
    lines += prerequisite_lines(batch)
    below = batch.below_target
    if below:
        lines.append("")
        lines.append(f"Di bawah target {batch.target} — perlu pendampingan ({len(below)}):")
        # LKE AKIP: the grades a unit gives itself reach BB at most (A and AA are the evaluator's).
        tops = {n.own_top_grade for n in rubric.graded() if n.own_top_grade}
        for r in below:
            if r.actions_needed > 0:
                # Figures reported as they are (no violation this year, 100 % penyederhanaan) are a target, not an
                # answer to retype: "1 jawaban diperbaiki cukup" of a unit whose one step was zero violations
                # misled a rapim. Counted as the rapor counts them (Action.reported).
                data = sum(1 for a in r.actions[: r.actions_needed] if a.reported)
                # (the evaluator's answers are raised by a verification, not by the OPD: said apart)
                theirs = sum(1 for a in r.actions[: r.actions_needed] if a.by_evaluator and not a.reported)
                by_unit = r.answers_needed - data - theirs
                # (what the unit does, with its evidence: "5 jawaban diperbaiki … cukup" read, at a rapim, as
                # answers to retype to reach the target, and was no sentence)
                steps = [f"memperbaiki {by_unit} jawaban beserta bukti dukungnya"] if by_unit > 0 else []
                steps += [f"meminta verifikasi ulang {theirs} jawaban evaluator"] if theirs else []
                steps += [f"memenuhi {data} sasaran capaian"] if data else []
                listed = ", ".join(steps[:-1]) + " dan " + steps[-1] if len(steps) > 1 else "".join(steps)
                plan = f"cukup {listed} untuk mencapai target"
                if r.answers_needed != r.actions_needed:  # a grade's step types its criteria with it
                    plan = f"{r.actions_needed} langkah ({plan})"
            elif r.held_by:  # a verdict: the minimums that hold it with every answer at its best
                # (a blank divisor is the unit's to fill, not pmprb's to propose: "walau semua jawaban terbaik"
                # read as out of reach what two empty cells held)
                # (so do criteria the evaluator judged unmet: the unit's evidence, not its answers, can move them)
                waits = any(h.startswith(("pembagi butir", "kriteria yang dinilai")) for h in r.held_by)
                # LKE AKIP for A: the evaluator's re-verification it asks for gives BB at most; the grades above
                # are the evaluator's alone, said here as when no evaluator grade holds it.
                bands = [b.code for b in rubric.predikat]  # (best first; a grade's letter names its band)
                higher = bands[: min(bands.index(g) for g in tops)] if tops and tops <= set(bands) else []
                # (whatever else holds it: with only a criterion judged unmet named, a unit aiming at AA was sent to
                # have it re-verified, which reaches 80,60 at best)
                above = (
                    f"; nilai huruf di atas {', '.join(sorted(tops))} hanya diberikan evaluator"
                    if r.target in higher
                    else ""
                )
                plan = (
                    (
                        "belum tercapai dengan jawaban yang dapat diusulkan"
                        if waits
                        else "tidak tercapai walau semua jawaban terbaik"
                    )
                    + "; masih kurang: "
                    + "; ".join(r.held_by)
                    + above
                )
            elif r.actions_needed < 0:
                held = ", ".join(indicator_parts(rubric))
                # LKE AKIP: a unit's own grades reach BB at most (A and AA are the evaluator's): said, as the
                # rapor's unit page says it ("target tidak tercapai walau semua jawaban terbaik" gave no reason).
                evaluators = (
                    f": nilai huruf di atas {', '.join(sorted(tops))} hanya diberikan evaluator" if tops else ""
                )
                plan = "target tidak tercapai walau semua jawaban terbaik" + (
                    f": sisanya indikator hasil ({held})" if held else evaluators
                )
            else:
                plan = ""
            # A verdict may be missed with the index above its minimum: then the gap is not the news.
            short = f"kurang {format_id(r.gap)}" if r.gap > 0 or not target_verdict(rubric, r.target) else "syarat lain"
            if r.own_reach and one is None:
                plan += f"; {own_plan_words(r)}"
            lines.append(plain(f"  - {r.nama or r.kode}: {format_id(r.index)} ({r.predikat}), {short}; {plan}"))
            if one is not None and r.actions_needed > 0:  # the operator's own file: which answers, in order
                # A list of answers to raise read as answers to retype: what it lists is work to do first.
                lines.append(
                    "    Ubah jawaban hanya bila kegiatannya memang sudah terlaksana dan bukti dukungnya ada; "
                    "angka capaian dilaporkan apa adanya."
                )
                to_target = r.actions[: max(r.actions_needed, 0)]
                lines += [_step_line(n, action) for n, action in enumerate(to_target, start=1)]
                if edge := rounding_edge_words(r, rubric):
                    lines.append(plain(f"    {edge}"))
                if r.own_reach:
                    # The plan waits on the evaluator: what the unit's own answers reach meanwhile, the steps
                    # listed above by their numbers, those beyond them written out.
                    places = {a.code: n for n, a in enumerate(to_target, start=1)}
                    own_steps = r.own_steps
                    own_numbers = [places[a.code] for a in own_steps if a.code in places]
                    beyond = [a for a in own_steps if a.code not in places]
                    own_said = f" — nomor {number_ranges(own_numbers)} di atas" if own_numbers else ""
                    own_said += (", ditambah:" if own_numbers else ":") if beyond else ""
                    lines.append(plain(f"    {own_plan_words(r).capitalize()}{own_said}"))
                    lines += [_step_line(n, a) for n, a in enumerate(beyond, start=len(to_target) + 1)]
    if batch.invalid_policy == "skip":
        ranked = {r.file for r in batch.ranked}
        from pmprb_cli.pipeline import never_ranked

        # Only those left out for their errors: a unit ranked through its revision was told "perbaiki lalu nilai
        # ulang" of its older file (a second sending, E304), as was another month's or kabupaten's workbook.
        skipped = [
            r
            for r in batch.assessment.results
            if r.status == "invalid"
            and r.file not in ranked
            and not any(f.code in SECOND_SENDINGS for f in r.findings)
            and not never_ranked(r, batch.rubric)
        ]
        if skipped:
            # Left out of the ranking, not out of mind: they too need mentoring, starting with their errors.
            names = ", ".join(plain(r.submission.unit_name or display_name(r.file)) for r in skipped if r.submission)
            lines.append("")
            lines.append(f"Tidak diperingkat karena ada kesalahan (--invalid skip; perbaiki lalu nilai ulang): {names}")
    if batch.assessment.missing_units:
        perhaps = batch.assessment.perhaps_sent()
        shown = assessment_names(batch.assessment) if perhaps else {}
        lines.append("")
        missing = [
            plain(
                u.kode
                if u.kode not in perhaps
                else f"{u.kode} ({perhaps_sent_words(_shown_as(shown, perhaps[u.kode][0]), *perhaps[u.kode][1:])})"
            )
            for u in batch.assessment.missing_units
        ]
        # (as run names them: 78 of 80 units early in the month made one line of 1 000 characters)
        more = " (semuanya di --format json)" if len(missing) > _MISSING_NAMED else ""
        lines.append("Belum mengirim: " + first_named(missing, _MISSING_NAMED) + more)
    return lines


def _award_named(batch: Batch, ranked: Ranked) -> str:
    """An award's unit with its index, and what the rapor's card says beside it: not registered, errors."""
    result = batch.result_for(ranked)
    caveats = []
    if any(f.code == "PMPRB-E301" for f in result.findings):
        caveats.append("tidak ada di daftar unit, PMPRB-E301")
    if errors := result.count(Severity.ERROR):
        caveats.append(f"buku kerjanya memuat {errors} kesalahan")
    return plain(f"{ranked.nama} ({format_id(ranked.index)}" + "".join(f"; {c}" for c in caveats) + ")")


def _step_line(n: int, action: Action) -> str:
    """One numbered step of an operator's action list, as `pmprb score` prints it."""
    # A percentage is its counts (data, cell by cell), a grade comes with the criteria it needs.
    typed = [f"{c} = {_answer_shown(v)}" for c, v in action.changes if c != action.code]
    said = f"; sasaran isian data: {action.how}" if action.how else ""
    where = f" ({action.cell})" if action.cell else ""
    verify = "; jawaban evaluator: lengkapi bukti dukungnya, lalu minta verifikasi ulang" if action.by_evaluator else ""
    # (its gain counted once its gate is raised, as the rapor marks it: "+0,27" of a step whose whole gain waited
    # on step 17 read as its own; mentorrev)
    after = f"; setelah {', '.join(action.after)}" if action.after else ""
    return plain(
        f"      {n}. {action.code}{where}: {_answer_shown(action.current)} → "
        f"{_answer_shown(action.proposed)} ({format_gain(action.gain)})"
        + (said or (f"; isian: {', '.join(typed)}" if typed else ""))
        + after
        + verify
    )


def _shown_as(names: Mapping[str, str], file: str) -> str:
    """A file as a batch's names show it; a file not read (a PDF, an archive), which they do not hold, by its name."""
    return names.get(file) or display_name(file)


def rounding_edge_words(r: Ranked, rubric: Rubric) -> str:
    """Why the plan takes one step more than its shown gains say, when the index lands at a rounding edge.

    66,77 and +1,32, +1,13, +0,79 add up to the gap of 3,24 as shown, yet the plan listed a fourth step with no
    word why: unrounded, the three reach 70,004999…, shown 70,00, still B (mentorrev). Said only where the
    steps before the last hold no dependency (their gains then add up as the index does).
    """
    k = r.actions_needed
    if k < 2 or r.gap <= 0 or target_verdict(rubric, r.target) is not None:
        return ""
    before = r.actions[: k - 1]
    if any(a.after for a in r.actions[:k]):
        return ""
    places = rubric.predikat_decimals
    shown = sum(rounded_half_up(a.gain, places) for a in before)
    if shown < rounded_half_up(r.gap, places):
        return ""
    added = math.fsum(a.gain for a in before)
    reached = r.index + added
    if rounded_half_up(reached, places) >= rounded_half_up(r.index + r.gap, places):
        return ""  # (what the steps say is what they reach: nothing to explain)
    steps = f"langkah 1–{k - 1}" if k > 2 else "langkah 1"
    return (
        f"Tambahan {steps}, dijumlah tanpa pembulatan, {_cut(added)} (tampil {format_id(float(shown))}): indeks "
        f"menjadi {_cut(reached)}, tampil {format_id(reached, places)}, belum {format_id(r.index + r.gap, places)}; "
        f"karena itu langkah {k} diperlukan."
    )


def _cut(value: float, decimals: int = 5) -> str:
    """A number cut (not rounded) to ``decimals``: 70,00499 for 70,0049999, which rounded would read 70,00500."""
    return format_id(math.floor(value * 10**decimals) / 10**decimals, decimals)


def own_plan_words(r: Ranked) -> str:
    """What the unit's own answers reach while the plan waits on the evaluator's re-verification."""
    if r.own_reach < 0:
        return "tanpa verifikasi ulang evaluator, jawaban unit sendiri tidak cukup untuk mencapai target"
    return f"tanpa verifikasi ulang evaluator, {len(r.own_steps)} langkah unit sendiri juga mencapai target"


def number_ranges(numbers: Sequence[int]) -> str:
    """1, 2, 3, 5, 7, 8 as "1–3, 5, 7–8": the steps of a list named by their numbers."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def _answer_shown(value: object) -> str:
    """An answer as people type it: '(kosong)' for none, a number without its float dress (3,5; 100)."""
    if value is None or value == "" or value == "(kosong)":  # (the action list's own word for no answer)
        return "(kosong)"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return as_typed(float(value))
    return f"'{value}'"


def assessment_names(assessment: Assessment) -> dict[str, str]:
    """Every file of a batch by the name shown for it, folders added where two share a name (:func:`distinct_names`).

    Two units' ``LKE.xlsx`` in their own folders: "LKE.xlsx LKE!K195: [PMPRB-E402] …" did not say whose.
    """
    return distinct_names(
        [
            *(r.file for r in (*assessment.results, *assessment.skipped)),
            *(f.file for f in (*assessment.failed, *assessment.skipped_inputs)),
        ]
    )


def failed_lines(failed: Sequence[FailedInput], names: Mapping[str, str] | None = None) -> list[str]:
    """Human lines for failed inputs: file (as ``names`` shows it), code, message, hint."""
    out = []
    for f in failed:
        out.append(plain(f"{_shown(f.file, names)}: [{f.code}] {f.message}"))
        if f.hint:
            # (under --lang en the hint is English: "Saran:" before it was the one Indonesian word left)
            out.append(plain(f"    {_WORDS[language()]['hint']}: {f.hint}"))
    return out


def files_with_errors(batch: Batch, names: Mapping[str, str] | None = None) -> list[str]:
    """Each readable file with errors, by name: "SETDA.xlsx (1 kesalahan)", and why where it is not ranked.

    (`merge` and `report` exited 1 over fifteen such files naming none of them; `run` names them so.)
    """
    from pmprb_cli.batch import not_ranked_reason

    ranked = {r.file for r in batch.ranked}
    return [
        f"{_shown(r.file, names)} ({r.count(Severity.ERROR)} kesalahan"
        + ("" if r.file in ranked else f", tidak diperingkat: {not_ranked_reason(r, batch.period, batch.rubric)}")
        + ")"
        for r in batch.assessment.results
        if r.count(Severity.ERROR)
    ]


def problems_line(problems: Sequence[str], limit: int | None = 10) -> str:
    """The line "Bermasalah: A (…); B (…); dan 5 berkas lagi" ('' when there is none)."""
    if not problems:
        return ""
    shown = problems if limit is None else problems[:limit]
    more = len(problems) - len(shown)
    return plain("Bermasalah: " + "; ".join(shown) + (f"; dan {more} berkas lagi" if more > 0 else ""))


def _shown(file: str, names: Mapping[str, str] | None) -> str:
    """A file's name as ``names`` (from :func:`assessment_names`) shows it, else its own name."""
    return names[file] if names is not None and file in names else display_name(file)


def finding_line(f: Finding, names: Mapping[str, str] | None = None) -> str:
    """One human line for a finding: file (as ``names`` shows it), sheet!cell, code, message."""
    # (the sheet's own name stays in the Finding, which is compared with the workbook's; shown, its controls are
    # escaped: a sheet named "LKE\u202eKCOL" reversed the rest of every line naming it)
    where = f"{sheet_ref(f.sheet)}!{f.cell}" if f.cell else visible(f.sheet)
    return plain(f"{_shown(f.file, names)} {where}: [{f.code}] {f.message}")


# --------------------------------------------------------------------------- validate


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def by_severity(findings: Sequence[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; within each, by file, sheet, row, column, code."""
    return sorted(findings, key=lambda f: (_SEVERITY_ORDER[f.severity], f.sort_key()))


def _folder_period(assessment: Assessment) -> str:
    from pmprb_cli.checks import folder_period

    return folder_period(r.submission for r in assessment.results if r.submission is not None)


def validate_doc(
    assessment: Assessment, rubric: Rubric, period: str | None, max_findings: int | None
) -> dict[str, Any]:
    """The JSON document of ``pmprb validate`` (schema: pmprb_cli/schemas/validate.schema.json).

    An unreadable file's failure is among ``findings`` too (an error without a sheet or cell), so that
    ``summary.errors`` + ``warnings`` + ``info`` is ``total_findings``, as every reader of the list expects.
    """
    unreadable = (Finding(f.code, Severity.ERROR, f.file, f.message, f.hint) for f in assessment.failed)
    findings = by_severity((*assessment.findings, *unreadable))
    shown = findings if max_findings is None else findings[:max_findings]
    perhaps = assessment.perhaps_sent()
    files: list[dict[str, Any]] = []
    for r in assessment.results:
        sub = r.submission
        files.append(
            {
                "file": r.file,
                "status": r.status,
                "unit": {"kode": sub.unit_code, "nama": sub.unit_name} if sub else None,
                "period": sub.period if sub else None,
                "errors": r.count(Severity.ERROR) + (1 if r.failed else 0),
                "warnings": r.count(Severity.WARNING),
                "info": r.count(Severity.INFO),
                "failed": failed_to_dict(r.failed) if r.failed else None,
            }
        )
    return {
        "rubric": {"id": rubric.id, "version": rubric.version, "checksum": rubric.checksum},
        "period": period or _folder_period(assessment) or None,
        "summary": {
            "files": len(files),
            "valid": sum(1 for f in files if f["status"] == "valid"),
            "invalid": sum(1 for f in files if f["status"] == "invalid"),
            "unreadable": sum(1 for f in files if f["status"] == "unreadable"),
            "errors": sum(r.count(Severity.ERROR) + (1 if r.failed else 0) for r in assessment.results),
            "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
            "info": sum(1 for f in findings if f.severity is Severity.INFO),
            "missing_units": len(assessment.missing_units),
            "skipped": len(assessment.skipped),
        },
        "files": files,
        "skipped": [failed_to_dict(f) for f in assessment.skipped_inputs],
        "findings": [f.to_dict() for f in shown],
        "total_findings": len(findings),
        "truncated": len(shown) < len(findings),
        "max_findings": max_findings,
        # Each with the file that may be its own, where one is (a PDF, another month's, another pemda's): the text
        # said it, the JSON left a reader to match names (diffrev21).
        "missing_units": [
            {"kode": u.kode, "nama": u.nama, "jenis": u.jenis, "file": perhaps.get(u.kode, (None,))[0]}
            for u in assessment.missing_units
        ],
        # (a unit's LKE sent as a PDF or in a .rar was named on the terminal only; messyrev)
        "not_read": list(assessment.not_read),
    }


def write_validate_json(
    assessment: Assessment, rubric: Rubric, period: str | None, max_findings: int | None, stream: TextIO
) -> None:
    """Write the JSON text of ``pmprb validate`` to ``stream``: deterministic, keys sorted, indented.

    The text is ``json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True)`` byte for byte, written
    piece by piece: ``json.dumps`` with an indent runs json's Python encoder, which first gathers every
    piece of the text in one list (some 40 small strings a finding: 1000 workbooks, 180 MB for a 26 MB text).
    """
    doc = validate_doc(assessment, rubric, period, max_findings)
    pieces: list[str] = []
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=True).iterencode(doc):
        pieces.append(piece)
        if len(pieces) == 4096:  # (joined a few thousand at a time: one write per piece cost half as much again)
            stream.write("".join(pieces))
            pieces.clear()
    pieces.append("\n")
    stream.write("".join(pieces))


def validate_json(assessment: Assessment, rubric: Rubric, period: str | None, max_findings: int | None) -> str:
    """The JSON text of ``pmprb validate``: deterministic, keys sorted."""
    buffer = io.StringIO()
    write_validate_json(assessment, rubric, period, max_findings, buffer)
    return buffer.getvalue()


def validate_json_bytes(assessment: Assessment, rubric: Rubric, period: str | None, max_findings: int | None) -> bytes:
    """:func:`validate_json` encoded as UTF-8, without the whole text ever held as one string."""
    raw = io.BytesIO()
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
    write_validate_json(assessment, rubric, period, max_findings, text)
    text.flush()
    data = raw.getvalue()
    text.detach()
    return data


#: Validation status words for Indonesian documents (the kabupaten workbook, the rapor).
STATUS_ID = {"valid": "sah", "invalid": "ada kesalahan", "unreadable": "tidak dapat dinilai"}

_WORDS = {
    "id": {
        "valid": "sah",
        "invalid": "ada kesalahan",
        "unreadable": "tidak dapat dinilai",
        "counts": "{e} kesalahan, {w} peringatan, {i} info",
        "period": "periode",
        "findings": "Temuan:",
        "times": "{n} kali",
        "times_cut": "{n} kali (semuanya di --format json)",
        "hint": "Saran",
        "more": "… {n} temuan lain tidak ditampilkan (--max-findings).",
        "failed": "Berkas yang gagal dibaca: ",
        "read_instead": "Catatan: unit ini dinilai dari {file}. Bila berkas ini revisi yang lebih baru, minta "
        "unitnya mengirim ulang; bila bukan, hapus berkas ini dari folder masuk.",
        "missing": "Belum mengirim ({n}):",
        "summary": "Ringkasan: {n} berkas — {valid} sah, {invalid} ada kesalahan, {unreadable} tidak dapat dinilai.",
        "skipped": "dilewati",
        "skipped_summary": " Dilewati: {n} berkas kabupaten (rekap atau LKE usulan, bukan LKE unit).",
    },
    "en": {
        "valid": "valid",
        "invalid": "has errors",
        "unreadable": "unreadable",
        "counts": "{e} error{es}, {w} warning{ws}, {i} info",
        "period": "period",
        "findings": "Findings:",
        "times": "{n} times",
        "times_cut": "{n} times (all of them in --format json)",
        "hint": "Hint",
        "more": "… {n} more finding{s} not shown (--max-findings).",
        "failed": "Files that could not be read: ",
        "read_instead": "Note: this unit is scored from {file}. If this file is a newer revision, ask the unit to "
        "send it again; if not, delete it from the inbox.",
        "missing": "Sent nothing ({n}):",
        "summary": "Summary: {n} file{s} — {valid} valid, {invalid} with errors, {unreadable} unreadable.",
        "skipped": "skipped",
        "skipped_summary": " Skipped: {n} kabupaten file{s} (rekap or LKE usulan, not a unit's LKE).",
    },
}


def _shown_sum(scores: Iterable[float]) -> str:
    """Parts' scores added as shown (2 decimals each): ZI's column "A.I.2 + A.II.2" read 4,23 beside 2,22 + 2,00."""
    return format_id(float(sum(rounded_half_up(s, 2) for s in scores)))


def plural(n: int) -> str:
    """The English plural ending of a count's noun ("1 file", "2 files"); Indonesian words take none."""
    return "" if n == 1 else "s"


#: More findings of one code in one file than this are one line (172 lines for 172 empty Bukti Dukung cells
#: buried the operator's three errors).
GROUP_FINDINGS_AT = 5


def _grouped(findings: Sequence[Finding]) -> list[list[Finding]]:
    """The findings in order, those of one code and one hint in one file gathered where they are more than a few.

    One hint per group: gathered by code alone, six E402 of Ya/Tidak and A/B/C/D items were told "Gunakan
    salah satu pilihan: Ya / Tidak", the first one's hint, and a "mungkin maksudnya" was lost.
    """
    counts = Counter((f.file, f.code, f.hint) for f in findings)
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    out: list[list[Finding]] = []
    for f in findings:
        key = (f.file, f.code, f.hint)
        if counts[key] <= GROUP_FINDINGS_AT:
            out.append([f])
        elif key in groups:
            groups[key].append(f)
        else:
            groups[key] = [f]
            out.append(groups[key])
    return out


#: The unmet prerequisite a PMPRB-W405 message names ("padahal A.I.7.iv.c = Tidak,", "although … ,").
_PREREQUISITE_SAID = re.compile(r"(?:padahal|although) (.+?); (?:menurut prasyarat|by that gate)")

#: The cells a group line names before it cuts short (a screenful: 60 cells are about 6 lines).
_PLACES_SHOWN = 60

#: Findings about an entry as typed, whose group line shows what was typed.
_TYPED_CODES = frozenset({"PMPRB-E402", "PMPRB-E403", "PMPRB-E404", "PMPRB-E409", "PMPRB-W407", "PMPRB-W419"})


def typed_values(group: Sequence[Finding]) -> list[str]:
    """What was typed, where it matters ('Ok', 'Baik'): the distinct entries of a group, each cut short."""
    if group[0].code not in _TYPED_CODES:
        return []
    return list(dict.fromkeys(v for g in group if (v := " ".join((g.shown or g.value).split())[:30])))


def _group_line(group: Sequence[Finding], words: Mapping[str, str], names: Mapping[str, str] | None = None) -> str:
    """One line for many findings of one code in one file: where (the first cells), how many, what."""
    f = group[0]
    cells = list(dict.fromkeys(g.cell for g in group if g.cell))
    if len(cells) < len(group) and all(g.item for g in group):
        # Items placed at one cell (E202 of a workbook of another rubric: "J195, J195, J195, …" sixteen times):
        # their codes tell them apart.
        cells = []
    places = cells or list(dict.fromkeys(g.item for g in group if g.item))  # (E202 without a cell: its items)
    # Every cell up to a screenful: an operator fixing 42 blank answers needs each of them, not the first 8.
    cut = len(places) > _PLACES_SHOWN
    shown = ", ".join(places[:_PLACES_SHOWN]) + (", …" if cut else "")
    sheet = visible(f.sheet)
    where = f"{sheet_ref(f.sheet)}!{shown}" if cells else f"{sheet} ({shown})" if shown else sheet
    title = CATALOGUE[f.code].title_en if language() == "en" else CATALOGUE[f.code].title_id
    typed = typed_values(group)
    if typed:
        title += " (" + ", ".join(f"'{v}'" for v in typed[:3]) + (", …" if len(typed) > 3 else "") + ")"
    elif f.code == "PMPRB-W405":
        # Which prerequisites: the hint says "perbaiki di sana", and only each single line named where.
        causes = list(dict.fromkeys(m[1] for g in group if (m := _PREREQUISITE_SAID.search(g.message))))
        title += " (" + "; ".join(causes[:4]) + ("; …" if len(causes) > 4 else "") + ")"
    times = words["times_cut" if cut else "times"].format(n=len(group))
    return plain(f"{_shown(f.file, names)} {where}: [{f.code}] {title} — {times}")


def basis_words(batch: Batch) -> str:
    """Which index the units are ranked on, when the evaluator verified some: "; 7 terverifikasi, 33 mandiri".

    An average of 7 verified and 33 self-assessed indexes read as one figure, the one basis said on page 6.
    """
    verified = batch.verified_count
    if not verified:
        return ""
    # (a unit whose evaluator read 17 of 201 answers counted as verified like one read whole)
    partly = sum(1 for r in batch.ranked if r.verified_index is not None and r.checked[0] < r.checked[1])
    some = (
        ""
        if not partly
        else " (hanya sebagian jawaban)"
        if partly == verified
        else f" ({partly} di antaranya hanya sebagian jawaban)"
    )
    return f"; {verified} memakai indeks terverifikasi evaluator{some}, {len(batch.ranked) - verified} indeks mandiri"


def raised_by_evaluator_lines(batch: Batch, limit: int = 5) -> list[str]:
    """Units whose Jawaban Evaluator column raised their ranked index, by name (PMPRB-W417)."""
    raised = batch.raised_by_evaluator
    if not raised:
        return []
    named = [plain(f"{r.nama or r.kode} ({format_id(r.self_index)} → {format_id(r.index)})") for r in raised[:limit]]
    more = f" dan {len(raised) - limit} unit lagi" if len(raised) > limit else ""
    return [
        "Perhatian: Jawaban Evaluator menaikkan indeks " + ", ".join(named) + more + "; peringkat memakai indeks "
        "itu. Pastikan kolom itu diisi evaluator, bukan unit (PMPRB-W417)."
    ]


def prerequisite_lines(batch: Batch) -> list[str]:
    """What "Lulus WBBM" does not say: the prerequisite designation, checked nowhere, for the units shown so."""
    notes = unchecked_prerequisites(batch.rubric)
    lines = []
    for code, note in notes.items():
        ranked = {r.file for r in batch.ranked}  # (a unit's second file is no unit)
        cards = (r.verified or r.card for r in batch.assessment.results if r.file in ranked)
        passed = sum(1 for c in cards if c is not None and _passed(c, code))
        if passed:
            lines.append(f"{code} ({passed} unit): syarat nilainya terpenuhi; {note}.")
    return lines


def _passed(card: ScoreCard, code: str) -> bool:
    return any(v.code == code and v.passed for v in card.verdicts)


def not_workbook_lines(files: Sequence[str], limit: int = 5, *, en: bool = False) -> list[str]:
    """The files of an inbox pmprb does not read, by name: a unit whose LKE came as a PDF is no silent miss.

    ``en``: in English (validate and score under --lang en; the run summary is Indonesian).
    """
    from pmprb_cli.pipeline import ARCHIVE_SUFFIXES

    archives = [f for f in files if f.rstrip(" .").lower().endswith(ARCHIVE_SUFFIXES)]
    others = [f for f in files if f not in archives]
    lines: list[str] = []
    if others:
        names = [plain(display_name(f)) for f in others]
        lines.append(
            f"Not read (no .xlsx/.xlsm/.xls workbook): {first_named(names, limit, en=True)} — save the LKE as .xlsx "
            "(Excel or LibreOffice: Save As, Excel 2007-365)."
            if en
            else f"Tidak dibaca (bukan buku kerja .xlsx/.xlsm/.xls): {first_named(names, limit)} — simpan LKE sebagai "
            ".xlsx (Excel atau LibreOffice: Simpan Sebagai, Excel 2007-365)."
        )
    if archives:
        # (with its folder where it lies in a subfolder: "Kiriman WA/LKE DINKES.rar"; one beside the workbooks by
        # its name, as the PDF beside it: "2022-08/bukti DLH.rar" named the inbox; detrev)
        top = min((Path(f).parent for f in files), key=lambda folder: len(folder.parts))
        names = [
            plain(Path(f).name if Path(f).parent == top else f"{Path(f).parent.name}/{Path(f).name}") for f in archives
        ]
        lines.append(
            f"Archives not read (pmprb does not open them): {first_named(names, limit, en=True)} — if one holds a "
            "unit's LKE, extract the workbook into the inbox."
            if en
            else f"Arsip tidak dibaca (pmprb tidak membukanya): {first_named(names, limit)} — bila berisi LKE unit, "
            "ekstrak buku kerjanya ke folder masuk."
        )
    return lines


def _codes_listed(codes: Collection[str]) -> str:
    """Finding codes in order, the prefix said once: "PMPRB-W214, W419, W420"."""
    return "PMPRB-" + ", ".join(c.removeprefix("PMPRB-") for c in sorted(codes))


def unread_by_evaluator_lines(batch: Batch, limit: int = 5) -> list[str]:
    """Files whose evaluator entries the verified score could not read or use (EVALUATOR_ENTRY_UNUSED), by name.

    Only validate and the unit's rapor said so: a run summary read "0 buku kerja dengan kesalahan" and the
    Inspektorat believed its twelve verdicts ("tdk", "B+") counted, while the unit's answers stood for them.
    """
    counts = {r.file: r.unread_by_evaluator for r in batch.assessment.results if r.unread_by_evaluator}
    if not counts:
        return []
    names = distinct_names(list(counts))
    named = [plain(f"{names[file]} ({n})") for file, n in counts.items()]
    shown = first_named(named, limit)
    return [
        f"Perhatian: Jawaban Evaluator tidak terbaca atau tidak terpakai, jawaban unit yang dipakai: "
        f"{sum(counts.values())} isian di {shown} ({_codes_listed(EVALUATOR_ENTRY_UNUSED)}; rinciannya: pmprb "
        "validate)."
    ]


def copied_answers_lines(assessment: Assessment, registry: Registry | None, limit: int = 5) -> list[str]:
    """Workbooks holding the same answers and bukti dukung as another unit's (PMPRB-W313), group by group.

    A warning, so the summaries, which count and name errors, left it out: BPKAD and BAPPEDA ranked on one set
    of answers and the summary cron mailed said nothing of it.
    """
    # Each unit once in a group, by its file that ranks (without E304 or I508) where it has one: "BPKAD (lama).xlsx
    # = BPKAD.xlsx" named a unit's own resend a copy. A unit's second file copied by another unit still counts.
    by_unit: dict[str, dict[str, str]] = {}
    for r in sorted(assessment.results, key=lambda r: any(f.code in SECOND_SENDINGS for f in r.findings)):
        sub = r.submission
        if sub is not None and any(f.code == "PMPRB-W313" for f in r.findings):
            # (the unit as W313 itself tells units apart)
            by_unit.setdefault(sub.answers_digest, {}).setdefault(unit_key(sub, registry) or r.file, r.file)
    order = {r.file: n for n, r in enumerate(assessment.results)}
    groups = {
        digest: sorted(units.values(), key=order.__getitem__) for digest, units in by_unit.items() if len(units) > 1
    }
    if not groups:
        return []
    names = distinct_names([f for files in groups.values() for f in files])
    shown = first_named([plain(" = ".join(names[f] for f in files)) for files in groups.values()], limit)
    pairs = all(len(files) == 2 for files in groups.values())
    return [
        f"Perhatian: jawaban dan bukti dukung sama persis di {shown} (PMPRB-W313): "
        + ("salah satunya tampaknya salinan isi yang lain" if pairs else "isinya tampaknya disalin dari satu unit")
        + "; periksa berkasnya sebelum memakai nilainya."
    ]


#: Findings that explain others of their file (an entry on a row that is no item: answers pasted shifted).
_EXPLAINS_OTHERS = frozenset({"PMPRB-W214"})


def _explaining_first(findings: Sequence[Finding]) -> list[Finding]:
    """The findings in order, those that explain their file's others (W214) moved before that file's first one.

    Within its own file only: moved before everything, three shifted files' W214 filled --max-findings 3 and
    another file's error went unsaid.
    """
    explained = {f.file for f in findings if f.code not in _EXPLAINS_OTHERS}
    explaining: dict[str, list[Finding]] = {}
    for f in findings:
        if f.code in _EXPLAINS_OTHERS and f.file in explained:
            explaining.setdefault(f.file, []).append(f)
    if not explaining:
        return list(findings)
    out: list[Finding] = []
    for f in findings:
        if f.code in _EXPLAINS_OTHERS and f.file in explained:
            continue
        out += explaining.pop(f.file, [])
        out.append(f)
    return out


def status_marks(encoding: str) -> tuple[str, str]:
    """The marks of a valid and an invalid file where text goes out in ``encoding``: ✓ and ✗, or [OK] and [X]."""
    try:
        "✓✗".encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return "[OK]", "[X]"
    return "✓", "✗"


def validate_lines(
    assessment: Assessment,
    max_findings: int | None,
    marks: tuple[str, str] = ("✓", "✗"),
    registry: Registry | None = None,
) -> list[str]:
    """The human report of ``pmprb validate``: one line per file, the findings, the units missing."""
    words = _WORDS[language()]
    lines: list[str] = []
    names = assessment_names(assessment)
    for r in assessment.results:
        name = names[r.file]
        if r.failed is not None:
            lines.append(plain(f"{marks[1]} {name}: {words['unreadable']} — [{r.failed.code}] {r.failed.message}"))
            if r.failed.hint:
                lines.append(plain(f"      {words['hint']}: {r.failed.hint}"))
            instead = assessment.read_instead(r.file, registry)
            if instead:
                lines.append(plain("      " + words["read_instead"].format(file=names[instead])))
            continue
        mark = marks[0] if r.status == "valid" else marks[1]
        errors, warnings = r.count(Severity.ERROR), r.count(Severity.WARNING)
        # English plurals ("1 errors" was printed); the Indonesian words take none and ignore these.
        counts = words["counts"].format(
            e=errors,
            w=warnings,
            i=r.count(Severity.INFO),
            es=plural(errors),
            ws=plural(warnings),
        )
        # Who and which month the workbook says it is: last month's file sent again reads "sah" otherwise.
        sub = r.submission
        said = ", ".join(
            part
            for part in (sub.unit_name if sub else "", f"{words['period']} {sub.period}" if sub and sub.period else "")
            if part
        )
        lines.append(plain(f"{mark} {name}: {words[r.status]} — " + (f"{said} — " if said else "") + counts))
    for r in assessment.skipped:
        if r.failed is not None:
            lines.append(plain(f"– {names[r.file]}: {words['skipped']} — [{r.failed.code}] {r.failed.message}"))
    # What explains the others first: answers pasted one row low gave 69 E401/E402 in ten groups, and the W214
    # that names the shift came 11th, cut off by --max-findings 10.
    findings = _explaining_first(by_severity(assessment.findings))
    # Gathered before --max-findings cuts the list (it counts lines), so a group says its whole count.
    groups = _grouped(findings)
    shown_groups = groups if max_findings is None else groups[:max_findings]
    shown = [f for group in shown_groups for f in group]
    if shown:
        lines.append("")
        lines.append(words["findings"])
        for group in shown_groups:
            f = group[0]
            if len(group) == 1:
                lines.append("  " + finding_line(f, names))
            else:
                lines.append("  " + _group_line(group, words, names))
            if f.hint:
                lines.append(plain(f"      {words['hint']}: {f.hint}"))
    if len(shown) < len(findings):
        lines.append("  " + words["more"].format(n=len(findings) - len(shown), s=plural(len(findings) - len(shown))))
    failed = [r for r in assessment.results if r.failed is not None]
    if failed:
        lines.append("")
        lines.append(words["failed"] + ", ".join(names[r.file] for r in failed))
    if assessment.missing_units:
        lines.append("")
        lines.append(words["missing"].format(n=len(assessment.missing_units)))
        perhaps = assessment.perhaps_sent()
        en = language() == "en"
        for unit in assessment.missing_units:
            maybe = perhaps.get(unit.kode)
            said = (
                "" if maybe is None else " — " + perhaps_sent_words(_shown_as(names, maybe[0]), *maybe[1:], english=en)
            )
            lines.append(plain(f"  - {unit.kode} {unit.nama}{said}"))
    per_status = {s: sum(1 for r in assessment.results if r.status == s) for s in ("valid", "invalid", "unreadable")}
    lines.append("")
    summary = words["summary"].format(n=len(assessment.results), s=plural(len(assessment.results)), **per_status)
    if assessment.skipped:
        summary += words["skipped_summary"].format(n=len(assessment.skipped), s=plural(len(assessment.skipped)))
    lines.append(summary)
    return lines
