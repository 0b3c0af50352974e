"""Emit results as a rich table, JSON or CSV. Machine formats never contain markup.

Text from workbooks is untrusted: in CSV every cell that a spreadsheet could run (starting with = + - @,
a tab or a carriage return) is neutralised with a leading apostrophe; in tables, control characters are
removed and rich markup is never interpreted.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pmprb_cli.models import FailedInput, Finding, Rubric, ScoreCard, Severity
from pmprb_cli.pipeline import ScoreRun

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A value safe to write into a spreadsheet or CSV cell: formulas become inert text."""
    if isinstance(value, str) and value.startswith(_RISKY_START):
        return "'" + value
    return value


def plain(text: str) -> str:
    """Text with terminal control characters removed."""
    return _CONTROL.sub("", text)


def format_id(value: float, decimals: int = 2) -> str:
    """A number in Indonesian form: 71,41; 1.234,50."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def display_name(file: str) -> str:
    """The file name shown to people (the path's last part)."""
    return Path(file).name


# --------------------------------------------------------------------------- JSON


def card_to_dict(card: ScoreCard, rubric: Rubric) -> dict[str, Any]:
    """A score card as JSON-ready data, full precision."""
    roots = {n.code: n for n in rubric.roots}
    area_komponen = {a.code: r.code for r in rubric.roots for a in r.walk() if a.level == "area"}
    errors = sum(1 for f in card.findings if f.severity is Severity.ERROR)
    return {
        "file": card.file,
        "unit": {"kode": card.unit_code, "nama": card.unit_name},
        "period": card.period,
        "index": card.index,
        "predikat": card.predikat,
        "predikat_label": card.predikat_label,
        "pengungkit": card.pengungkit,
        "hasil": card.hasil,
        "komponen": [
            {"code": n.code, "name": n.name, "weight": n.weight, "score": n.score}
            for n in card.nodes
            if n.code in roots
        ],
        "areas": [
            {
                "code": a.code,
                "name": a.name,
                "komponen": area_komponen.get(a.code, ""),
                "weight": a.weight,
                "score": a.score,
            }
            for a in card.areas()
        ],
        "missing_answers": card.missing,
        "invalid_answers": card.invalid,
        "errors": errors,
        "warnings": sum(1 for f in card.findings if f.severity is Severity.WARNING),
    }


def failed_to_dict(failed: FailedInput) -> dict[str, str]:
    """A failed input as JSON-ready data."""
    return {"file": failed.file, "code": failed.code, "message": failed.message, "hint": failed.hint}


def score_json(run: ScoreRun, rubric: Rubric) -> str:
    """The JSON document of ``pmprb score``: deterministic, keys sorted."""
    doc = {
        "rubric": {"id": rubric.id, "version": rubric.version, "checksum": rubric.checksum},
        "policy": {
            "missing_answer": "dihitung 0 dan dilaporkan sebagai temuan PMPRB-E401",
            "invalid_answer": "dihitung 0 dan dilaporkan sebagai temuan PMPRB-E402/E403/E404",
            "cached_values": "tidak dipakai; semua nilai dihitung ulang dari jawaban",
        },
        "units": [card_to_dict(c, rubric) for c in run.cards],
        "failed": [failed_to_dict(f) for f in run.failed],
        "findings": [f.to_dict() for f in run.findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --------------------------------------------------------------------------- CSV


def score_csv(run: ScoreRun, rubric: Rubric, stream: TextIO) -> None:
    """One row per unit, one column per area; full precision; text neutralised."""
    writer = csv.writer(stream, lineterminator="\n")
    areas = rubric.areas()
    writer.writerow(
        ["file", "kode", "nama", "periode", "index", "predikat", "pengungkit", "hasil"]
        + [f"{a.code} {a.name}" for a in areas]
        + ["jawaban_kosong", "jawaban_tidak_sah"]
    )
    for card in run.cards:
        scores = {a.code: a.score for a in card.areas()}
        writer.writerow(
            [safe_cell(v) for v in (card.file, card.unit_code, card.unit_name, card.period)]
            + [repr(card.index), card.predikat, repr(card.pengungkit), repr(card.hasil)]
            + [repr(scores[a.code]) for a in areas]
            + [card.missing, card.invalid]
        )


def csv_text(run: ScoreRun, rubric: Rubric) -> str:
    """The CSV of ``pmprb score`` as a string."""
    buffer = io.StringIO()
    score_csv(run, rubric, buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- tables


def score_table(run: ScoreRun, rubric: Rubric) -> Any:
    """A rich renderable: per workbook file, unit, index, predikat and each area (two decimals)."""
    from rich.table import Table
    from rich.text import Text

    areas = rubric.areas()
    table = Table(title=f"Nilai PMPRB — rubrik {rubric.id} v{rubric.version}", show_lines=False)
    table.add_column("Berkas", overflow="fold")
    table.add_column("Instansi/Unit", overflow="fold")
    table.add_column("Indeks", justify="right", no_wrap=True)
    table.add_column("Predikat", justify="center", no_wrap=True)
    for area in areas:
        table.add_column(area.code, justify="right", no_wrap=True)
    table.add_column("Catatan", overflow="fold")
    for card in run.cards:
        notes = []
        if card.missing:
            notes.append(f"{card.missing} jawaban kosong (dihitung 0)")
        if card.invalid:
            notes.append(f"{card.invalid} jawaban tidak sah (dihitung 0)")
        scores = {a.code: a.score for a in card.areas()}
        table.add_row(
            Text(plain(display_name(card.file))),
            Text(plain(card.unit_name or "—")),
            format_id(card.index),
            card.predikat,
            *(format_id(scores[a.code]) for a in areas),
            Text("; ".join(notes)),
        )
    return table


def area_legend(rubric: Rubric) -> str:
    """One line per area code with its name and weight, shown under the table."""
    return "\n".join(f"  {a.code:<7} {a.name} (bobot {format_id(a.weight)})" for a in rubric.areas())


def failed_lines(failed: Sequence[FailedInput]) -> list[str]:
    """Human lines for failed inputs: file, code, message, hint."""
    out = []
    for f in failed:
        out.append(f"{display_name(f.file)}: [{f.code}] {f.message}")
        if f.hint:
            out.append(f"    Saran: {f.hint}")
    return out


def finding_line(f: Finding) -> str:
    """One human line for a finding: file, sheet!cell, code, message."""
    where = f"{f.sheet}!{f.cell}" if f.cell else f.sheet
    return plain(f"{display_name(f.file)} {where}: [{f.code}] {f.message}")
