"""The core functions the commands call: expand paths, read, score. No printing here."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pmprb_cli.catalogue import CATALOGUE, language
from pmprb_cli.errors import PmprbError, UsageError, WorkbookError
from pmprb_cli.layout import read_submission, sha256_of
from pmprb_cli.models import FailedInput, Finding, Rubric, ScoreCard, Severity, Submission
from pmprb_cli.scoring import score
from pmprb_cli.workbook import open_workbook
from pmprb_cli.xlsx_guard import read_file_bytes

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files named, plus the workbooks inside folders named (recursively, sorted, no lock or hidden files)."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [
                str(p)
                for p in path.rglob("*")
                if p.suffix.lower() in WORKBOOK_SUFFIXES
                and not p.name.startswith(("~$", ".~lock", "."))
                and not any(part.startswith(".") for part in p.relative_to(path).parts[:-1])
            ]
            out.extend(sorted(found))
        elif path.exists() or path.is_symlink():
            out.append(str(path))
        else:
            raise UsageError(
                f"Jalur tidak ditemukan: {raw}",
                hint="Periksa ejaan jalur; gunakan tanda kutip bila nama folder mengandung spasi.",
            )
    seen: set[str] = set()
    unique = []
    for p in out:
        key = os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


@dataclass(frozen=True)
class Loaded:
    """One input read: the submission and what reading it found, or why it failed."""

    file: str
    submission: Submission | None
    findings: tuple[Finding, ...]
    failed: FailedInput | None


def load(path: str, rubric: Rubric) -> Loaded:
    """Read one workbook safely; every failure becomes a :class:`FailedInput`, never an exception."""
    try:
        data = read_file_bytes(path)
        view = open_workbook(path, data)
        submission, findings = read_submission(view, rubric, path, sha256_of(data))
    except WorkbookError as exc:
        return Loaded(path, None, (), failed_input(path, exc))
    return Loaded(path, submission, tuple(findings), None)


def failed_input(path: str, exc: PmprbError) -> FailedInput:
    """A :class:`FailedInput` in the user's language from a workbook error."""
    ftype = CATALOGUE.get(exc.code)
    if ftype is None:
        return FailedInput(path, exc.code, exc.message, exc.hint)
    en = language() == "en"
    template = ftype.message_en if en else ftype.message_id
    hint = ftype.hint_en if en else ftype.hint_id
    fields = {"detail": exc.message, "value": "", "item": "", "sheet": "", "cell": ""}
    return FailedInput(path, exc.code, template.format(**fields), hint.format(**fields))


@dataclass(frozen=True)
class ScoreRun:
    """The result of scoring a batch."""

    cards: tuple[ScoreCard, ...]
    failed: tuple[FailedInput, ...]
    findings: tuple[Finding, ...]

    @property
    def has_problems(self) -> bool:
        """True when an input failed or any error-severity finding exists."""
        return bool(self.failed) or any(f.severity is Severity.ERROR for f in self.findings)


def score_paths(paths: Iterable[str], rubric: Rubric) -> ScoreRun:
    """Read and score every path; failures are collected, the batch goes on."""
    cards: list[ScoreCard] = []
    failed: list[FailedInput] = []
    findings: list[Finding] = []
    for path in paths:
        loaded = load(path, rubric)
        if loaded.failed is not None:
            failed.append(loaded.failed)
            continue
        assert loaded.submission is not None
        card = score(loaded.submission, rubric)
        cards.append(card)
        findings.extend(loaded.findings)
        findings.extend(card.findings)
    return ScoreRun(tuple(cards), tuple(failed), tuple(sorted(findings, key=lambda f: f.sort_key())))
