"""The core functions the commands call: expand paths, read, check, score. No printing here.

One file at a time goes through :func:`assess_file` (read → checks → score, never raising for bad
input), so a batch survives any single file and workers can run it in parallel; batch-level checks
(the same unit twice, units that sent nothing) run once over the results.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import functools
import gc
import multiprocessing
import os
import re
import signal
import stat
import sys
import zipfile
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from pmprb_cli.allocator import keep_freed_memory
from pmprb_cli.catalogue import CATALOGUE, EVALUATOR_ENTRY_UNUSED, Shown, finding, language, value_of
from pmprb_cli.checks import (
    SECOND_SENDINGS,
    Context,
    answers_digest,
    answers_of_another_unit,
    duplicate_units,
    evaluator_digest,
    evaluator_work,
    file_name_unit,
    named_by_file,
    other_kabupaten,
    other_periods,
    pemda_kind,
    run_checks,
    unit_key,
    unit_of_unreadable,
)
from pmprb_cli.errors import PmprbError, SystemRefusal, UsageError, WorkbookError, os_reason, windows_path_hint
from pmprb_cli.files import capped_name
from pmprb_cli.layout import named_rubric, read_submission, sha256_of
from pmprb_cli.models import (
    Answer,
    FailedInput,
    Finding,
    Rubric,
    ScoreCard,
    Severity,
    Submission,
    as_typed,
    format_number,
    shown_difference,
)
from pmprb_cli.ranking import Action, action_list, evaluator_submission, own_answers_reach, unreachable_because
from pmprb_cli.registry import KABUPATEN_KODE, Registry, Unit
from pmprb_cli.rubric import load_rubric, per_rubric, shipped_rubrics
from pmprb_cli.scoring import evaluator_answered, score, verified_answers
from pmprb_cli.workbook import WorkbookView, is_kabupaten_package, is_usulan_package
from pmprb_cli.xlsx_guard import inspect, read_file_bytes, with_padded_values_bounded

#: The code of an input left out on purpose (a kabupaten workbook pmprb wrote): neither unit nor failure.
SKIPPED_CODE = "PMPRB-I503"
#: Every such code: the rekap (I503) and the kabupaten LKE usulan among units' workbooks (I505).
SKIPPED_CODES = frozenset({SKIPPED_CODE, "PMPRB-I505"})

#: What a folder scan picks up: workbooks and templates (an .xltx is read as the .xlsx it is), and what a unit
#: sends in their place. .ods, .xlsb, .csv, .numbers, a zipped workbook and a Google Drive shortcut to a
#: sheet (.gsheet: a link, not the sheet) are not read, but a unit that sent one must hear why (PMPRB-E102,
#: "simpan sebagai .xlsx") rather than be listed as having sent nothing. (Not PDFs: bukti dukung dropped
#: beside the workbooks would each be an unreadable file.)
WORKBOOK_SUFFIXES = (
    *(".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt"),
    *(".ods", ".fods", ".xlsb", ".csv", ".numbers", ".zip", ".gsheet"),
)
#: Actions kept beyond those needed to reach the target (outputs show at most this many more).
ACTIONS_KEPT = 10
Status = Literal["valid", "invalid", "unreadable"]


#: How Excel (~$DINKES.xlsx) and LibreOffice (.~lock.DINKES.xlsx#) name the lock file of a workbook open in them.
_LOCK_PREFIXES = ("~$", ".~lock")


def _is_lock_file(path: Path) -> bool:
    """Whether a file named like a lock file is one: a few hundred bytes, no zip and no .xls.

    A workbook named "~$DINKES.xlsx" (or a 50 KB .xls) is read. Looked at only if it is a plain file: a FIFO
    of that name, opened, blocked the run for ever.
    """
    try:
        info = path.stat()
    except OSError:
        return False  # (read as any file: what fails is said there)
    if not stat.S_ISREG(info.st_mode) or info.st_size > 4096:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return True  # (Excel's lock file of a workbook another user has open: theirs, not readable here)
    return not head.startswith((b"PK", b"\xd0\xcf\x11\xe0"))


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files named, plus the workbooks inside folders named (recursively, sorted, no lock or hidden files)."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(_workbooks_under(path))
        elif (
            path.name.startswith(_LOCK_PREFIXES)
            and any(not Path(p).name.startswith(_LOCK_PREFIXES) for p in paths)
            and _is_lock_file(path)
        ):
            # A shell's *.xlsx took Excel's lock file beside the workbook open in it: "tidak dapat dinilai"
            # and exit 1 for a valid workbook. Left out as in a folder; named alone, it is still said what it is.
            continue
        elif path.exists() or path.is_symlink():
            out.append(str(path))
        else:
            raise UsageError(
                # (a name's bytes that are no UTF-8 shown as \xe9, as PMPRB-E110 shows them, not Python's \udce9)
                f"Jalur tidak ditemukan: {raw.encode('utf-8', 'surrogateescape').decode('utf-8', 'backslashreplace')}",
                # (sample_data\2022-08\DINKES.xlsx, copied from Windows: pmprb.toml's paths got this hint already)
                hint=windows_path_hint(raw)
                or "Periksa ejaan jalur; gunakan tanda kutip bila nama folder mengandung spasi.",
            )
    # Sorted, the files named too: the order they were typed in (or a shell's glob, sorted by its locale) chose
    # which of a unit's two files saved at once ranked and changed the rekap's bytes. Without regard to case, so
    # that "DISHUB (revisi).xlsx" and "dishub (revisi).xlsx" sort alike.
    out.sort(key=lambda f: (f.casefold(), f))
    seen: set[str] = set()
    unique = []
    real_folders: dict[str, str] = {}
    for p in map(printable_path, out):
        key = _real_path(p, real_folders)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _real_path(path: str, real_folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, each folder resolved once.

    A file that is no link is its folder's real path and its name: a thousand workbooks of one folder took
    11 ms of realpath, each component of each path looked at, before the workers could start; now 3.
    """
    folder, name = os.path.split(path)
    if os.name != "posix" or name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    real = real_folders.get(folder)
    if real is None:
        real = real_folders[folder] = os.path.realpath(folder or os.curdir)
    return os.path.join(real, name)


def printable_path(path: str) -> str:
    r"""A path as pmprb shows, hashes and records it.

    A name holding bytes that are not UTF-8 (copied from a Windows share or an old zip) keeps them as ``\xNN``
    escapes: as it is, it could be neither printed nor stored, and one such file stopped a whole run (exit 3).
    Reading the escaped path finds no file; :func:`load` then says why (PMPRB-E110).
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(path).decode("utf-8", "backslashreplace")
        try:
            os.fsencode(text)
        except UnicodeEncodeError:
            # An ASCII file-system encoding (LC_ALL=C, PYTHONUTF8=0): "DINSOS – revisi ✓.xlsx" decoded could not
            # be looked up again, and every command stopped "Kesalahan internal". Escaped, it is said (E111).
            return os.fsencode(path).decode("ascii", "backslashreplace")
        return text
    return path


def _escaped_name(path: str) -> str | None:
    r"""Whose name is not UTF-8 when ``path`` is the :func:`printable_path` of a file: the file's or a folder's.

    ``None`` when no such file exists. A workbook in a folder "kiriman \xe9" was said "berkas tidak ditemukan,
    kirim ulang": only the file's own name was looked at.
    """
    absolute = os.path.isabs(path)
    parts = Path(path).parts
    here = os.fsencode(parts[0]) if absolute else b"."
    names = parts[1:] if absolute else parts
    for n, part in enumerate(names):
        if part in (".", ".."):
            here = os.path.join(here, os.fsencode(part))
            continue
        try:
            entries = os.listdir(here)
        except OSError:
            return None
        real = next((e for e in entries if e.decode("utf-8", "backslashreplace") == part), None)
        if real is None:
            return None
        here = os.path.join(here, real)
        try:
            real.decode("utf-8")
        except UnicodeDecodeError:
            en = language() == "en"
            if n == len(names) - 1:
                return "this file" if en else "berkas ini"
            return f"the folder '{part}' (holding this file)" if en else f"folder '{part}' (tempat berkas ini)"
    return None


def not_workbooks(paths: Sequence[str], limit: int = 20_000) -> list[str]:
    """The files directly in the folders named that pmprb does not read (not .xlsx/.xlsm/.xls).

    DINKES.pdf or DINKES.ods in the inbox read as DINKES "belum mengumpulkan", with nothing said of the file.
    Only the folder itself: bukti dukung kept in subfolders beside the workbooks is expected there. Hidden,
    lock and system files (Thumbs.db, desktop.ini) are no one's sending. At most ``limit`` names, in name
    order (a folder of a million files is no inbox); 1 000 hid a unit's PDF behind a thousand scans of roll calls
    and said "1.000" of 1 001 (hostrev11).
    """
    out: list[str] = []
    for raw in paths:
        try:
            with os.scandir(raw) as entries:
                names = sorted(e.name for e in entries if _is_file(e))
        except OSError:
            continue  # (not a folder, or one that cannot be read: said where the workbooks are listed)
        for name in names:
            if name.startswith(("~$", ".~lock", ".")) or name.casefold() in _SYSTEM_FILES:
                continue
            if name.endswith(_ALTERNATE_STREAM):
                continue  # (Windows' mark of a download, copied to a share as a file of its own)
            if _suffix(name) in WORKBOOK_SUFFIXES:
                continue
            out.append(printable_path(os.path.join(raw, name)))
            if len(out) >= limit:
                return out
        out += _archives_below(raw, limit - len(out))
        if len(out) >= limit:
            return out
    return out


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Whether a folder's entry is a file; not a link that cannot be followed.

    (A loop's ELOOP dropped every other file of the folder from the list; hostrev11.)
    """
    try:
        return entry.is_file()
    except OSError:
        return False


#: Archives pmprb cannot look into. In a subfolder too, one may be a unit's only sending: "Kiriman WA/LKE
#: DINKES.rar" went unsaid, DINKES "belum mengirim" (messyrev). (A .zip is read and said, PMPRB-E102.)
ARCHIVE_SUFFIXES = (".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz")


def _archives_below(folder: str, limit: int) -> list[str]:
    """The archives in the subfolders of a folder (not hidden ones, not through links), in path order."""
    found: list[str] = []
    walked = 0
    for here, dirs, files in os.walk(folder):
        walked += 1
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if here == folder:
            continue  # (its own files are listed with every other file pmprb does not read)
        found += sorted(
            printable_path(os.path.join(here, name))
            for name in files
            if _suffix(name) in ARCHIVE_SUFFIXES and not name.startswith(".")
        )
        if len(found) >= limit or walked > MAX_FOLDERS:
            break
    return found[: max(0, limit)]


#: Files an operating system leaves in a folder.
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db", ".ds_store"})
#: "BPKAD.xlsx:Zone.Identifier": a downloaded file's alternate stream, a file beside it once copied to a Samba or
#: WSL share; said as "tidak dibaca … simpan LKE sebagai .xlsx" of every downloaded workbook.
_ALTERNATE_STREAM = ":Zone.Identifier"


def _suffix(name: str) -> str:
    """A file name's suffix as Windows reads it: trailing spaces and dots are no part of a name there.

    "DISHUB.xlsx." was no workbook: the unit "belum mengirim", told to save as .xlsx what was one.
    """
    stem = name.rstrip(" .")
    if "/" in stem or "\\" in stem:
        return Path(stem).suffix.lower()
    dot = stem.rfind(".")  # (Path's suffix of a bare name, without making a Path: 1,4 µs a file)
    return stem[dot:].lower() if 0 < dot < len(stem) - 1 else ""


#: Folders read under one folder given, at most: an inbox has one per period or per unit; more is a link astray.
MAX_FOLDERS = 10_000


def _holders(folder: Path) -> frozenset[str]:
    """The real paths of every folder above a folder given, as its path is typed and as it really is.

    As typed too: an inbox reached through a link (home/op/masuk-ini → /data/masuk/2022-08) holding a link to
    home/op read that folder's workbooks, which are above the inbox only by the path typed.
    """
    above = {os.path.realpath(p) for p in Path(os.path.abspath(folder)).parents}
    return frozenset(above | {str(p) for p in Path(os.path.realpath(folder)).parents})


def encloses(path: str, holders: frozenset[str]) -> bool:
    """Whether ``path`` is a link to one of ``holders``, the folders above the one given (``..``, ``/``).

    A link to the folder itself or inside it reads nothing new, and is passed over as a loop (a walk reads
    each folder once); one above it reads other periods' workbooks, or the whole disk.
    """
    return os.path.islink(path) and os.path.realpath(path) in holders


def _workbooks_under(folder: Path) -> list[str]:
    """The workbooks in a folder and its subfolders (not hidden ones), and the subfolders that cannot be opened.

    An unopened folder is listed so that reading it is said to fail: left out, it hid its units' workbooks
    and they were called "belum mengumpulkan". Linked folders are followed, each folder read once; a name's
    trailing spaces (left by Windows shares) do not hide its extension.
    """
    found: list[str] = []
    seen: set[str] = set()
    holders = _holders(folder)

    def unreadable(exc: OSError) -> None:
        if exc.filename is not None:
            found.append(os.fsdecode(exc.filename))

    for here, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        real = os.path.realpath(here)
        if real in seen:  # a link back to a folder already read (loop -> .)
            dirs[:] = []
            continue
        seen.add(real)
        if len(seen) > MAX_FOLDERS:
            raise UsageError(
                f"Folder masukan {folder} memuat lebih dari {MAX_FOLDERS:_} folder (termasuk yang ditautkan)".replace(
                    "_", "."
                ),
                hint="Periksa tautan (symlink/shortcut) di folder itu; berikan folder masuk periode saja.",
            )
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        # A link to a folder that holds this one ("arsip -> ..", "semua -> /") read other periods' workbooks as
        # this one's, or walked the whole disk: listed, so that it is said (PMPRB-E106), not followed.
        around = [d for d in dirs if encloses(os.path.join(here, d), holders)]
        if around:
            found += [os.path.join(here, d) for d in around]
            dirs[:] = [d for d in dirs if d not in around]
        # A folder named like a workbook is listed too (and read into): said to be a folder, PMPRB-E106.
        found += [
            os.path.join(here, name)
            for name in (*files, *dirs)
            if _suffix(name) in WORKBOOK_SUFFIXES
            and not name.startswith(".")
            # (Excel's lock file beside a workbook open in it; a workbook only named so is read)
            and not (name.startswith("~$") and _is_lock_file(Path(here, name)))
            and not _evidence_archive(os.path.join(here, name))
        ]
    return found


def _evidence_archive(path: str) -> bool:
    """A .zip in a folder that holds no workbook at all (bukti dukung zipped: PDFs, photos): not an input.

    As PDFs beside the workbooks are not: "Bukti SETDA.zip" was an unreadable workbook (E102, "simpan ulang
    sebagai .xlsx") every night, and cron's exit 1 with it. A zip holding a workbook, or one that cannot be
    looked into (damaged, a directory of its contents over 16 MB, a folder), is still read and said. Its size
    does not matter: only the directory at its end is read (a 54 MB zip of scans was refused as a hostile LKE,
    E105, and cron's exit 1 with it, every night; messyrev).
    """
    if Path(path.rstrip()).suffix.lower() != ".zip":
        return False
    try:
        if not os.path.isfile(path) or not _small_directory(path):
            return False
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
        return False
    # (Excel's own workbooks only: a .csv of data beside the PDFs is evidence too, no LKE)
    return bool(names) and not any(
        n.lower().rstrip().endswith(_EXCEL_SUFFIXES) or n in ("xl/workbook.xml", "content.xml") for n in names
    )


_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt", ".xlsb", ".ods")

#: The largest directory of contents an evidence zip may have to be looked into (some 40 000 scans' names).
_MAX_ZIP_DIRECTORY = 4 * 1024 * 1024


def _small_directory(path: str) -> bool:
    """Whether a zip's directory of contents, by its end record, is small enough to read (a bomb's is not)."""
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        tail_size = min(size, 22 + 65_535)  # (the end record, and the comment it may carry)
        handle.seek(size - tail_size)
        tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return False
    if at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        # A Zip64 archive: zipfile reads its counts from the Zip64 record, whatever the end record says (one
        # claiming 1 entry held 1,5 million: 7,5 s and 666 MB to list; diffrev16). No evidence zip seen is one.
        return False
    entries, directory = (
        int.from_bytes(tail[at + 10 : at + 12], "little"),
        int.from_bytes(tail[at + 12 : at + 16], "little"),
    )
    return entries < 0xFFFF and directory < _MAX_ZIP_DIRECTORY  # (0xFFFF: its real count is in a Zip64 record)


@dataclass(frozen=True)
class Loaded:
    """One input read: the submission and what reading it found, or why it failed."""

    file: str
    submission: Submission | None
    findings: tuple[Finding, ...]
    failed: FailedInput | None
    #: The SHA-256 of the bytes read ("" when none could be read).
    sha256: str = ""


def load(path: str, rubric: Rubric) -> Loaded:
    """Read one workbook safely; every failure becomes a :class:`FailedInput`, never an exception."""
    sha = ""
    try:
        if "\\x" in path and not os.path.lexists(path):
            whose = _escaped_name(path)
            if whose is not None:
                raise WorkbookError(whose, code="PMPRB-E110")
            if codecs.lookup(sys.getfilesystemencoding()).name == "ascii":
                # (a name in UTF-8 escaped by printable_path under LC_ALL=C: "berkas tidak ditemukan, kirim ulang"
                # was said of a file that was there)
                raise WorkbookError("", code="PMPRB-E111")
        data = read_file_bytes(path)
        sha = sha256_of(data)
        package = inspect(path, data)
        if is_kabupaten_package(package):
            # Last month's rekap copied into the inbox, or merge's own output there: not a unit's LKE.
            raise WorkbookError("buku kerja kabupaten", code=SKIPPED_CODE)
        view = WorkbookView(package)
        try:
            submission, findings = read_submission(view, rubric, path, sha)
        except WorkbookError as exc:
            # Values padded with spaces are looked for only now, so usual workbooks never pay for the search.
            padded = with_padded_values_bounded(package) if exc.code in _PADDING_SYMPTOMS else None
            if padded is None:
                raise
            view = WorkbookView(padded)
            submission, findings = read_submission(view, rubric, path, sha)
        findings.extend(_better_rubric(view, rubric, submission, findings))
        if is_usulan_package(package) or _usulan_by_its_identity(submission):
            submission = dataclasses.replace(submission, usulan=True)
    except WorkbookError as exc:
        return Loaded(path, None, (), failed_input(path, exc), sha)
    return Loaded(path, submission, tuple(findings), None, sha)


def _usulan_by_its_identity(submission: Submission) -> bool:
    """Whether a pmprb template names the kabupaten LKE's own kode (export's KABUPATEN) on its Identitas sheet.

    The usulan was known by its custom document property alone: copied into a new workbook (or through a program
    that drops document properties) the consensus ranked as a unit "KABUPATEN", or was scored with a unit's cap on
    its AA and A (consensusrev).
    """
    return (
        bool(submission.rubric_id)
        and submission.unit_code.strip().casefold() == KABUPATEN_KODE.casefold()
        # (its unit is the pemda itself, "Kabupaten Contoh", "Pemerintah Kota Contoh", "Pemkot Contoh": a registry's
        # unit coded KABUPATEN stays a unit; "Pemerintah Kota …" ranked as a unit, its average 63,31 for 65,98: kotarev)
        and bool(pemda_kind(submission.unit_name))  # (export names it "Kabupaten" alone without a name; diffrev17)
    )


def unused_evaluator_entries(findings: Iterable[Finding], submission: Submission, rubric: Rubric) -> list[Finding]:
    """The findings of the evaluator's entries the verified score could not read or use (EVALUATOR_ENTRY_UNUSED).

    One count for every output: the summaries' "Jawaban Evaluator tidak terbaca", page 1's "Temuan isian
    evaluator" and the history's "verified last run, not now" had three sets of codes. A W420 on the unit's own
    "% (otomatis)" row was told as the evaluator's unread entry ("tidak satu pun terbaca"), a ✓ beside a blank
    answer (W436) counted on page 1 but in no summary.
    """
    return [
        f
        for f in findings_for_evaluator(findings, submission.answers)
        if f.code in EVALUATOR_ENTRY_UNUSED and not _counts_by_evaluator(submission, rubric, f)
    ]


def findings_for_evaluator(findings: Iterable[Finding], answers: Mapping[str, Answer]) -> list[Finding]:
    """The warnings and errors about the evaluator's own entries: in its column, and its answers typed elsewhere.

    PMPRB-W440 (a choice in Catatan Evaluator or right of the table) is the evaluator's to move, not the unit's.
    """
    judged = {(a.sheet, a.evaluator_cell.rstrip("0123456789")) for a in answers.values() if a.evaluator_cell}
    return [
        f
        for f in findings
        if f.severity is not Severity.INFO
        and f.cell
        and (f.code == "PMPRB-W440" or (f.sheet, f.cell.rstrip("0123456789")) in judged)
    ]


def _counts_by_evaluator(submission: Submission, rubric: Rubric, said: Finding) -> bool:
    """Whether the evaluator filled a Jumlah of the percentage a W420 is about: its figures were used.

    (25 typed on the "% (otomatis)" row beside Jumlah rows the evaluator filled: the summary said "jawaban unit
    yang dipakai" of a value computed from the evaluator's counts.)
    """
    if said.code != "PMPRB-W420":
        return False
    inputs = _inputs_of(rubric).get(said.item, ())
    return any(evaluator_answered(a) for c in inputs if (a := submission.answers.get(c)) is not None)


@per_rubric
def _inputs_of(rubric: Rubric) -> dict[str, tuple[str, ...]]:
    """Each percentage item's Jumlah codes (built once per rubric)."""
    return {i.code: tuple(f.code for f in i.inputs) for i in rubric.items() if i.computed}


#: What calamine's reading of values padded with spaces looks like: strings read as the first shared text
#: (no header found) or a number that fails to read.
_PADDING_SYMPTOMS = frozenset({"PMPRB-E201", "PMPRB-E103"})

#: Above this share of its items missing, a workbook without a rubric fingerprint is tried on the other
#: shipped rubrics: the official 2014 LKE scored as pmprb-2020 found 146 of 201 items, 16,37 D, and only
#: its 55 E202 said anything.
_MISSING_SHARE_TRIED = 0.1


def _better_rubric(
    view: WorkbookView, rubric: Rubric, submission: Submission, findings: Sequence[Finding]
) -> list[Finding]:
    """PMPRB-E210 when another shipped rubric finds a clearly larger share of the workbook's items.

    Only workbooks that name no rubric (a template names its own: PMPRB-E207) and miss many items are
    tried, so a workbook that fits its rubric costs nothing more.
    """
    expected = len(rubric.answer_codes())
    missing = sum(1 for f in findings if f.code == "PMPRB-E202")
    if submission.rubric_id or not expected or missing <= expected * _MISSING_SHARE_TRIED:
        return []
    own = len(submission.answers) / expected
    best: tuple[float, Rubric, int] | None = None
    for other_id in shipped_rubrics():
        if other_id == rubric.id:
            continue
        other = _shipped_rubric(other_id)
        try:
            found = len(read_submission(view, other, submission.file, "")[0].answers)
        except WorkbookError:
            continue
        share = found / max(1, len(other.answer_codes()))
        if share >= own + 0.1 and (best is None or share > best[0]):
            best = (share, other, found)
    if best is None:
        return []
    share, other, found = best
    detail = (
        f"{found} of its {len(other.answer_codes())} items were found, against {len(submission.answers)} of the "
        f"{expected} items of {rubric.id}"
        if language() == "en"
        else f"{found} dari {len(other.answer_codes())} butirnya ditemukan, sedangkan "
        f"{len(submission.answers)} dari {expected} butir {rubric.id}"
    )
    return [finding("PMPRB-E210", submission.file, sheet=submission.sheet, value=other.id, detail=detail)]


@functools.lru_cache(maxsize=8)
def _shipped_rubric(rubric_id: str) -> Rubric:
    return load_rubric(rubric_id)


def failed_input(path: str, exc: PmprbError) -> FailedInput:
    """A :class:`FailedInput` in the user's language from a workbook error."""
    ftype = CATALOGUE.get(exc.code)
    if ftype is None:
        return FailedInput(path, exc.code, exc.message, exc.hint)
    en = language() == "en"
    template = ftype.message_en if en else ftype.message_id
    hint = ftype.hint_en if en else ftype.hint_id
    detail = exc.message
    if en:
        from pmprb_cli.english import detail_in_english

        detail = detail_in_english(detail)
    fields = {"detail": detail, "value": "", "item": "", "sheet": "", "cell": ""}
    # A hint the error carries is about this file (the rubric its Identitas names): it replaces the general one.
    own_hint = exc.hint
    if en and own_hint:
        from pmprb_cli.english import detail_in_english

        own_hint = detail_in_english(own_hint)
    return FailedInput(path, exc.code, template.format(**fields), own_hint or hint.format(**fields))


@dataclass(frozen=True)
class FileResult:
    """Everything pmprb learned from one file: its submission, findings and scores, or why it failed.

    ``actions`` and ``actions_needed`` hold the action list towards the target, computed where the file
    was read (a worker), so only this small record travels back.
    """

    file: str
    submission: Submission | None
    card: ScoreCard | None
    verified: ScoreCard | None
    findings: tuple[Finding, ...]
    failed: FailedInput | None
    actions: tuple[Action, ...] = ()
    actions_needed: int = 0
    #: A verdict target (WBK) no answer reaches: the minimums still missed with every proposal applied.
    held_by: tuple[str, ...] = ()
    #: (errors, warnings, info) when warnings and information were dropped to keep the result small.
    counts: tuple[int, int, int] | None = None
    #: The SHA-256 of the bytes this result was read from ("" when none were read): a file rewritten while
    #: it was read differs from the SHA-256 taken before (see :func:`pmprb_cli.monthly.assess_cached`).
    read_sha256: str = ""
    #: How many Jawaban Evaluator entries the verified score could not read (PMPRB-W419): every summary names
    #: them, and `pmprb score` drops warnings before it summarises.
    unread_by_evaluator: int = 0
    #: Where the plan needs the evaluator to verify again, how far down ``actions`` the unit's own steps reach
    #: the target alone (see :func:`pmprb_cli.ranking.own_answers_reach`).
    own_reach: int = 0

    @property
    def skipped(self) -> bool:
        """True for an input left out on purpose (a kabupaten workbook), which is neither a unit nor a failure."""
        return self.failed is not None and self.failed.code in SKIPPED_CODES

    @property
    def status(self) -> Status:
        """``unreadable`` when it could not be read, ``invalid`` with any error finding, else ``valid``."""
        if self.failed is not None:
            return "unreadable"
        return "invalid" if any(f.severity is Severity.ERROR for f in self.findings) else "valid"

    def count(self, severity: Severity) -> int:
        """How many findings of a severity this file has."""
        if self.counts is not None:
            return self.counts[(Severity.ERROR, Severity.WARNING, Severity.INFO).index(severity)]
        return sum(1 for f in self.findings if f.severity is severity)


def assess_file(
    path: str,
    rubric: Rubric,
    registry: Registry | None = None,
    period: str | None = None,
    target: str | None = None,
    keep_answers: bool = True,
    keep_warnings: bool = True,
) -> FileResult:
    """Read, check and score one workbook (and its action list when a target is given); never raises.

    Without ``keep_answers`` the result drops per-answer detail and keeps only komponen and area scores;
    without ``keep_warnings`` it keeps only error findings and the counts of the others — what a
    kabupaten-wide score needs, in little memory. A bug that one file sets off is that file's failure
    (PMPRB-E109), not the batch's: the other units are still scored (with ``--debug`` it is raised).
    """
    try:
        return _assess_file(path, rubric, registry, period, target, keep_answers, keep_warnings)
    except Exception as exc:
        if os.environ.get("PMPRB_DEBUG", "") not in ("", "0"):
            raise
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:160]
        return FileResult(path, None, None, None, (), failed_input(path, WorkbookError(detail, code="PMPRB-E109")))


def _evaluator_only(submission: Submission) -> list[Answer]:
    """The items answered in Jawaban Evaluator alone, the unit's Jawaban cell beside it blank."""
    return [a for a in submission.answers.values() if a.raw in (None, "") and a.evaluator_raw not in (None, "")]


def _one_column_off(submission: Submission, off: Sequence[Answer]) -> bool:
    """Whether the unit's answers sit in the evaluator's column: half or more there alone, few beside the unit's.

    An evaluator answers beside the unit's answers: one who filled every row of a workbook the unit had
    answered 67 of 151 items of was told to copy the column into Jawaban and clear it (their work undone).
    An operator who went on in the wrong column left the answers typed first with nothing beside them.
    """
    if len(off) * 2 < len(submission.answers):
        return False
    own = [a for a in submission.answers.values() if a.raw not in (None, "")]
    return _beside_own(own) * 2 < len(own) or not own


def _beside_own(own: Sequence[Answer]) -> int:
    """How many of the unit's own answers have an evaluator's answer or mark beside them."""
    # (a ✓, "sesuai" or "-" beside the unit's answer is the evaluator's too: ticking the agreed rows and filling
    # the blank ones was taken for answers in the wrong column, and the whole verification dropped)
    # (but a "v" beside each of 3 answers an operator typed before going on in the wrong column is no
    # verification: marks count beside a workbook the unit answered in earnest)
    return sum(1 for a in own if evaluator_answered(a) or (a.evaluator_agreed and len(own) >= _MARKS_COUNT_FROM))


#: How many answers the unit typed before agreement marks beside them say an evaluator went over its workbook.
_MARKS_COUNT_FROM = 10


def _answers_in_evaluator_column(submission: Submission, off: Sequence[Answer]) -> Finding:
    """PMPRB-E411 at the first evaluator answer of a workbook whose Jawaban column is blank where it is filled."""
    first = off[0]
    lang = language()
    return finding(
        "PMPRB-E411",
        submission.file,
        sheet=first.sheet,
        cell=first.evaluator_cell,
        item=first.code,
        value=first.evaluator_raw,
        detail=f"{len(off)} {'of' if lang == 'en' else 'dari'} {len(submission.answers)}",
    )


def _assess_file(
    path: str,
    rubric: Rubric,
    registry: Registry | None,
    period: str | None,
    target: str | None,
    keep_answers: bool,
    keep_warnings: bool,
) -> FileResult:
    loaded = load(path, rubric)
    if loaded.submission is None:
        return FileResult(path, None, None, None, (), loaded.failed, read_sha256=loaded.sha256)
    submission = named_by_file(loaded.submission, registry)
    card = score(submission, rubric)
    has_evaluator = any(a.evaluator_raw not in (None, "") or a.evaluator_agreed for a in submission.answers.values())
    verified = score(submission, rubric, use_evaluator=True) if has_evaluator else None
    one_column_off = False  # (PMPRB-E411: the unit's answers typed in the evaluator's column)
    checked = run_checks(Context(submission, card, rubric, registry, period))
    # A deleted row (PMPRB-E202) already says its answer is missing; E401 for it would say it twice.
    deleted = {f.item for f in loaded.findings if f.code == "PMPRB-E202"}
    scored = [f for f in card.findings if not (f.code == "PMPRB-E401" and f.item in deleted)]
    if verified is not None:
        # What the verified score says about the evaluator's own cells is said too: an answer outside the
        # scale, a Jumlah of 0 that leaves a percentage uncomputable. (What it says about the unit's cells,
        # the unit's own score already says, or is the evaluator's doing, not the unit's to fix.)
        judged = {a.evaluator_cell for a in submission.answers.values() if a.evaluator_raw not in (None, "")}
        scored += _worded_for_the_evaluator([f for f in verified.findings if f.cell in judged])
        # A unit's grade the verified criteria (the evaluator's Tidak among them) read lower than the unit's own
        # did: the ranked index lost 0,60 with no word of the cap (PMPRB-W427 said only of the unit's criteria).
        own = {(f.code, f.cell) for f in card.findings}
        capped = [
            dataclasses.replace(f, hint=_VERIFIED_CAP_HINT[language() == "en"])
            for f in verified.findings
            if f.code == "PMPRB-W427" and (f.code, f.cell) not in own
        ]
        if capped:
            # (its blank criteria then count as unmet: W416's "tidak dihitung" beside it said the opposite)
            under = {i.code for n in rubric.graded() if n.code in {f.item for f in capped} for i in n.items}
            scored = [f for f in scored if not (f.code == "PMPRB-W416" and f.item in under)] + capped
        # The unit's own answer a gate the evaluator judged lowered (Road Map a "Tidak" by the evaluator: d and e,
        # the unit's "A", counted 0): the ranked index lost 0,24 where the evaluator's one change explained 0,08,
        # and nothing said so (PMPRB-I506 was said of the unit's own gates only).
        scored += [
            dataclasses.replace(f, hint=_VERIFIED_GATE_HINT[language() == "en"])
            for f in verified.findings
            if f.code == "PMPRB-I506" and f.cell not in judged and (f.code, f.cell) not in own
        ]
        if verified.checked[0] == 0:
            # Nothing the evaluator typed was read ("Tdak", notes): the index is the unit's own, said as such
            # (it read "terverifikasi", evaluator 0 of 151), the unread entries still said (W419).
            verified = None
        elif _one_column_off(submission, off := _evaluator_only(submission)):
            # (one evaluator entry on a blank workbook is an evaluator's, not a column of the unit's answers)
            # The unit typed its answers one column off. They ranked as "terverifikasi" ("evaluator mengisi 201
            # dari 201", or 193 of them after 8 typed in Jawaban) with the workbook said "sah".
            scored.append(_answers_in_evaluator_column(submission, off))
            verified, one_column_off = None, True
        else:
            # Two or more blank answers answered in the evaluator's column alone, nothing of an evaluator's beside
            # the unit's own: an evaluator's (W430, the verification kept), or the operator's answers one column off
            # (100 of 201 there were "sah", exit 0, ranked verified on the operator's own; operrev). Which cannot be
            # told (an evaluator filling only a blank sub-komponen, or the hasil rows, looks the same: a first
            # rule that took them for the operator's dropped a verification, 66,84 → 35,71; diffrev23, diffrev24),
            # so the verification is kept and the unit's blanks stay errors, as blanks are: not fit to send.
            typed = [a for a in submission.answers.values() if a.raw not in (None, "")]
            unsure = len(off) >= 2 and not _beside_own(typed)
            scored = _answered_by_the_evaluator(scored, submission, rubric, keep_errors=unsure)
            scored += _raised_by_evaluator(submission, card, verified, rubric.predikat_decimals)
    if one_column_off:
        checked = [f for f in checked if f.code != "PMPRB-I502"]  # (every row "differs": E411 says why, once)
    # Findings at the evaluator's own cells (W412, W425) are addressed to the evaluator: "rumus Nilai dan INDEKS
    # tidak membaca teks" spoke of formulas that never read the evaluator's column.
    entered = {a.evaluator_cell for a in submission.answers.values() if a.evaluator_cell}
    findings = [
        *_worded_for_the_evaluator([f for f in loaded.findings if f.cell in entered]),
        *(f for f in loaded.findings if f.cell not in entered),
        *scored,
        *_worded_for_the_evaluator([f for f in checked if f.cell in entered]),
        *(f for f in checked if f.cell not in entered),
    ]
    # "80%" typed as text was W425, then W411 at its Nilai cell and W413 at INDEKS for the one cause: the reading
    # finding already says the sheet's formulas read it otherwise; W413 still gives the index the sheet shows.
    explained = {f.item for f in findings if f.code in _NILAI_EXPLAINED and f.item}
    if explained:
        findings = [f for f in findings if not (f.code == "PMPRB-W411" and f.item in explained)]
    if any(f.code == "PMPRB-E207" for f in checked) and not _same_items(submission.rubric_id, rubric):
        findings = _rows_read_with_another_rubric(findings, submission.rubric_id)
    # (said in every summary, warnings kept or not; the evaluator's 20 typed on a "% (otomatis)" row, W420, and a
    # formula without a saved result in its column, W424, are entries not used as well: they went unsaid)
    unread = len(unused_evaluator_entries(findings, submission, rubric))
    counts = None
    if not keep_warnings:
        # Only errors travel back (with the counts of the rest): sorting what is dropped would be waste.
        counts = tuple(
            sum(1 for f in findings if f.severity is s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        )
        findings = [f for f in findings if f.severity is Severity.ERROR]
        card = dataclasses.replace(card, findings=())
        verified = dataclasses.replace(verified, findings=()) if verified else None
    findings.sort(key=lambda f: f.sort_key())
    actions: tuple[Action, ...] = ()
    needed = 0
    held_by: tuple[str, ...] = ()
    own_reach = 0
    if target:
        # Units at target get the list too: the rapor shows what would raise them next.
        ranking_view = submission if verified is None else evaluator_submission(submission, rubric)
        actions, needed = action_list(ranking_view, verified or card, rubric, target)
        if needed < 0:
            held_by = unreachable_because(ranking_view, rubric, target, actions)
        own_reach = own_answers_reach(ranking_view, verified or card, rubric, target, actions, needed)
        # the rest add least; no output shows them
        actions = actions[: max(needed, own_reach, 0) + ACTIONS_KEPT]
    submission = dataclasses.replace(
        submission, answers_digest=answers_digest(submission), evaluator_digest=evaluator_digest(submission)
    )
    if not keep_answers:
        # Workers send back only what the batch needs: no per-answer detail, komponen, part and area scores only, and
        # the grades of a graded rubric (LKE AKIP's nilai huruf, its central result; akiprev).
        summary = _summary_nodes(rubric)
        submission = dataclasses.replace(submission, answers={}, evaluator_work=evaluator_work(submission))
        graded = bool(rubric.graded())
        card = _summary_card(card, summary, graded)
        if verified is not None:
            verified = _summary_card(verified, summary, graded)
    return FileResult(
        path,
        submission,
        card,
        verified,
        tuple(findings),
        None,
        actions,
        needed,
        held_by,
        cast("tuple[int, int, int] | None", counts),
        loaded.sha256,
        unread,
        own_reach,
    )


@per_rubric
def _summary_nodes(rubric: Rubric) -> frozenset[str]:
    """The codes of the nodes a batch summary shows: komponen, parts (bagian), areas, graded sub-komponen and grades."""
    graded = {n.code for n in rubric.graded()}
    shown = ("komponen", "bagian", "area")
    return frozenset(n.code for n in rubric.nodes() if n.level in shown or n in rubric.roots) | graded


def _summary_card(card: ScoreCard, summary: frozenset[str], graded: bool) -> ScoreCard:
    """A score card with only the summary's nodes, and of its items only a graded node's grade (``graded``)."""
    return dataclasses.replace(
        card,
        items=tuple(i for i in card.items if i.code in summary) if graded else (),
        nodes=tuple(n for n in card.nodes if n.code in summary),
    )


@dataclass(frozen=True)
class Assessment:
    """A batch: per-file results plus what only the batch can tell.

    ``batch_findings`` are those only the batch can tell (a unit's second file), each also in the result of
    its file. ``skipped`` holds the inputs left out on purpose (kabupaten workbooks pmprb wrote, found among the
    inputs): outputs name them, nothing counts them as units or as unreadable.
    """

    results: tuple[FileResult, ...]
    batch_findings: tuple[Finding, ...] = ()
    missing_units: tuple[Unit, ...] = field(default=())
    skipped: tuple[FileResult, ...] = ()
    #: Whether the registry's units were checked for a file (false when single files, not a folder, were read).
    missing_checked: bool = True
    #: Units said not to have sent whose file may be among the inputs: (kode, file, the unit the file names,
    #: that unit's kode where it is registered: a file named for the unit holding another unit's LKE).
    #: A workbook naming its unit with a typo and no kode ("Dinas Kesehtan") is no registered unit's (PMPRB-E301
    #: names the closest): the unit it is most like was listed "belum mengirim" beside it, and chased for a
    #: workbook that had arrived. Said as a possibility (:func:`perhaps_sent_words`): the closest is a guess.
    perhaps_sent_files: tuple[tuple[str, str, str, str], ...] = ()
    #: The files of the folders read that pmprb does not read (:func:`not_workbooks`): a PDF, an .ods, an archive.
    not_read: tuple[str, ...] = ()

    @property
    def skipped_inputs(self) -> tuple[FailedInput, ...]:
        """Why each skipped input was left out (file, code, message, hint)."""
        return tuple(r.failed for r in self.skipped if r.failed is not None)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding of the batch, sorted by file, sheet, row, column, code.

        Batch findings are among them once: :func:`finish` added each to the result of its file.
        """
        every = [f for r in self.results for f in r.findings]
        return tuple(sorted(every, key=lambda f: f.sort_key()))

    @property
    def failed(self) -> tuple[FailedInput, ...]:
        """The inputs that could not be read."""
        return tuple(r.failed for r in self.results if r.failed is not None)

    def read_instead(self, file: str, registry: Registry | None = None) -> str:
        """The readable file of the unit an unreadable one is named after ("" if none): what its unit is scored from.

        "LKE DISPERTA (2).xlsx", a download of 0 bytes, was told "kirim ulang berkas LKE yang sudah diisi", with the
        unit's own LKE ranked third; "LKE DINKES revisi.xlsx" cut short said nothing of the older file that then
        ranked (messyrev). By the registry's unit where there is one, else by the kode the file is named with.
        """
        unit = unit_of_unreadable(registry, file) if registry is not None else None
        wanted = {unit.kode.casefold()} if unit is not None else set()
        if unit is None:
            named = file_name_unit(file).casefold()
            if not named:
                return ""
            wanted = {named}
        for r in self.results:
            sub = r.submission
            if sub is None or sub.usulan:
                continue
            key = unit_key(sub, registry) if registry is not None else sub.unit_code.strip()
            set_aside = any(f.code in SECOND_SENDINGS for f in r.findings) or never_ranked(r)
            if key and key.casefold() in wanted and not set_aside:
                return r.file
        return ""

    def unreadable_units(self, registry: Registry) -> tuple[tuple[Unit, FailedInput], ...]:
        """Registered units whose files, named after them, could none be read: each with its first such file.

        They sent (so are not :attr:`missing_units`), yet nothing of theirs is scored: the rekap's Belum Mengirim
        sheet listed neither, and the unit appeared nowhere by name.
        """
        read = {unit_key(r.submission, registry) for r in self.results if r.submission is not None}
        out: dict[str, tuple[Unit, FailedInput]] = {}
        for failed in self.failed:
            unit = unit_of_unreadable(registry, failed.file)
            if unit is not None and unit.kode not in read and unit.kode not in out:
                out[unit.kode] = (unit, failed)
        return tuple(out.values())

    def perhaps_sent(self) -> dict[str, tuple[str, str, str]]:
        """:attr:`perhaps_sent_files` by the unit's kode: (file, the unit the file names, its registered kode)."""
        return {kode: (file, typed, other) for kode, file, typed, other in self.perhaps_sent_files}

    @property
    def cards(self) -> tuple[ScoreCard, ...]:
        """The score cards of the readable inputs, in input order."""
        return tuple(r.card for r in self.results if r.card is not None)

    @property
    def has_errors(self) -> bool:
        """True when an input failed or any error-severity finding exists."""
        return bool(self.failed) or any(f.severity is Severity.ERROR for f in self.findings)

    def has_warnings(self) -> bool:
        """True when any warning exists."""
        return any(f.severity is Severity.WARNING for f in self.findings)


Progress = Callable[[int, int], None]


def assess_paths(
    paths: Iterable[str],
    rubric: Rubric,
    registry: Registry | None = None,
    period: str | None = None,
    progress: Progress | None = None,
    *,
    target: str | None = None,
    jobs: int = 1,
    keep_answers: bool = True,
    keep_warnings: bool = True,
    missing_units: bool = True,
    kabupaten: str = "",
    not_read: Sequence[str] = (),
) -> Assessment:
    """Assess every path, in ``jobs`` processes, then the batch (:func:`finish`); the batch goes on past failures."""
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
    return finish(
        results,
        registry,
        missing_units=missing_units,
        kabupaten=kabupaten,
        rubric=rubric,
        period=period,
        not_read=not_read,
    )


def read_paths(
    paths: Iterable[str],
    rubric: Rubric,
    registry: Registry | None = None,
    period: str | None = None,
    progress: Progress | None = None,
    *,
    target: str | None = None,
    jobs: int = 1,
    keep_answers: bool = True,
    keep_warnings: bool = True,
) -> list[FileResult]:
    """Read, check and score every path on its own, in ``jobs`` processes: what a file alone tells.

    Results come back in input order whatever the number of workers, so output does not depend on it.
    They hold nothing that depends on the other files, so they may be cached per file (the monthly run).
    """
    todo = list(paths)
    # More workers than cores only costs memory: `jobs = 1000` in pmprb.toml started 300 processes (8 GB)
    # for 300 files on 2 cores, three times slower than 2. (Two stay allowed on one core: the parallel path
    # is the one a machine with more cores takes, and it can be checked there too.)
    jobs = max(1, min(jobs, len(todo), max(default_jobs(), 2)))
    if len(todo) >= 8:
        keep_freed_memory()  # before the workers fork: they inherit it (a tenth of a batch's time, see there)
    results: list[FileResult] = []
    if jobs > 1 and not _workers_possible():
        jobs = 1
    if jobs == 1:
        # As in a worker (see _init_worker): what is alive before the batch (modules, the rubric) is frozen out
        # of the cyclic collector's walks, and young objects are collected less often (a workbook's grid,
        # answers and findings mostly die by reference count before a collection would see them).
        threshold = gc.get_threshold()
        frozen = len(todo) >= 8 and gc.isenabled()
        if frozen:
            gc.freeze()
            gc.set_threshold(10_000, 10, 10)
        try:
            for n, path in enumerate(todo, start=1):
                results.append(assess_file(path, rubric, registry, period, target, keep_answers, keep_warnings))
                if progress is not None:
                    progress(n, len(todo))
        finally:
            if frozen:
                gc.set_threshold(*threshold)
                gc.unfreeze()
        return results
    chunks = _chunks(todo, jobs)
    done = 0
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    _POOLS_STARTED.append(jobs)
    # While the workers run, the parent only unpickles their results: acyclic records, hundreds of objects
    # each, which the cyclic collector walked again and again (and once more at exit) — 45 % of the time
    # unpickling took. It is off meanwhile (workers turn it back on), and what is alive before is frozen while
    # the pool runs (workers inherit the freeze: modules and the rubric are never walked in them).
    collecting = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_init_worker,
            initargs=(rubric, registry, period, target, keep_answers, keep_warnings),
        ) as pool:
            # Workers are forked inside map() (its first submit). Ctrl-C stays blocked until they exist, so it
            # never lands in a worker before the worker has set itself to leave Ctrl-C to the parent.
            try:
                with _sigint_held():  # a Ctrl-C held here arrives as this ends: inside the try, so it cancels
                    chunk_iterator = pool.map(_assess_chunk, chunks)
                for chunk_results in chunk_iterator:
                    results.extend(chunk_results)
                    done += len(chunk_results)
                    if progress is not None:
                        progress(done, len(todo))
            except KeyboardInterrupt:
                if sys.stderr is not None and sys.stderr.isatty():
                    # (a person pressed Ctrl-C and saw nothing for as long as the workers' files took)
                    with contextlib.suppress(OSError, ValueError):
                        sys.stderr.write(
                            "\nMenghentikan: menunggu berkas yang sedang dibaca proses pekerja selesai (tidak ada "
                            "yang setengah jadi); tekan Ctrl-C sekali lagi untuk tidak menunggu.\n"
                        )
                        sys.stderr.flush()
                _shut_down_unless_cut_short(pool)  # chunks not started are dropped, not run
                raise
            except OSError:
                # A worker that could not be started (too many open files): the error was said, then the exit
                # waited for ever on the worker already started, blocked on a queue nobody fed.
                _kill_workers(pool)
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            except BrokenProcessPool as exc:
                # A worker killed (the OOM killer's SIGKILL): the pool terminates the others with SIGTERM, which
                # workers ignore (see _init_worker), and waited for ever on one blocked writing its results.
                _kill_workers(pool)
                raise SystemRefusal(
                    "Sebuah proses pekerja pmprb dihentikan sistem di tengah jalan (biasanya karena memori habis); "
                    "tidak ada yang ditulis",
                    hint="Jalankan ulang dengan --jobs lebih kecil (mis. --jobs 1), atau tutup program lain dulu.",
                ) from exc
    finally:
        # The results arrived while collection was off, all in the youngest generation: the first collection after
        # the pool walked every one of them (16 ms for 1000 workbooks, while the parent alone works). Frozen with
        # what was alive before, then all unfrozen into the oldest generation, as any long-lived object ends up:
        # collected as usual again, from there. (Unfrozen also where the caller had collection off: it was left
        # frozen for good; diffrev25.)
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()
    return results


def _workers_possible() -> bool:
    """Whether worker processes can be started here; if not, why is said on stderr and the batch runs in one.

    A pool needs semaphores in /dev/shm: where that is read-only (a hardened server, some containers), run and
    score stopped with "Sistem menolak: sistem berkas hanya-baca" and a hint about the kabupaten's folder,
    which was writable; --jobs 1 worked.
    """
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    try:
        context.Lock()
    except (OSError, ImportError) as exc:  # (ImportError: a Python built without sem_open)
        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        if sys.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(
                    f"Catatan: proses pekerja tidak dapat dibuat ({reason}; biasanya /dev/shm tidak dapat ditulis): "
                    "semua berkas dibaca dalam satu proses, seperti --jobs 1 (hasilnya sama, hanya lebih lama).\n"
                )
        return False
    return True


def _shut_down_unless_cut_short(pool: ProcessPoolExecutor) -> None:
    """Shut a stopped batch's pool down once its workers end the files they hold, or at once on another signal.

    A second Ctrl-C while the workers finished their chunks (up to 16 files each) is noted, not raised (raised,
    it cut the stop's logging short: see :func:`pmprb_cli.entry.cut_short`); it ends the wait, the workers killed.
    """
    from pmprb_cli.entry import cut_short

    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    while manager is not None and manager.is_alive():
        if cut_short():
            _kill(processes)
            manager.join(5)
            return
        manager.join(0.05)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers outright: they ignore SIGTERM (see _init_worker), and one may be blocked for good."""
    _kill(list((getattr(pool, "_processes", None) or {}).values()))


def _kill(processes: Sequence[Any]) -> None:
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.kill()


_POOLS_STARTED: list[int] = []


def worker_processes_started() -> bool:
    """Whether this process has started worker processes (an interrupted run then leaves without joining them)."""
    return bool(_POOLS_STARTED)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back (where the system can) while workers are forked; they arrive as this ends.

    Raised in a fork handler (logging's lock release runs in the parent right after each fork), either
    would be printed as "Exception ignored" and lost: the batch would run on to its end.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _chunks(todo: list[str], jobs: int) -> list[list[str]]:
    """The paths in chunks that shrink towards the end of the batch.

    Chunks amortise the per-task overhead (at most 16 files each); shrinking them as the work left
    shrinks (a share of it per worker, as guided scheduling does) keeps every worker busy to the end,
    where equal chunks would leave one worker finishing its last chunk alone.
    """
    chunks: list[list[str]] = []
    start = 0
    while start < len(todo):
        size = max(1, min(16, (len(todo) - start) // (jobs * 4)))
        chunks.append(todo[start : start + size])
        start += size
    return chunks


_WORKER: dict[str, object] = {}
#: The signals that stop a batch (entry.py): held while a worker forks, ignored by the workers.
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM} | ({signal.SIGHUP} if hasattr(signal, "SIGHUP") else set())


def _init_worker(
    rubric: Rubric,
    registry: Registry | None,
    period: str | None,
    target: str | None,
    keep_answers: bool,
    keep_warnings: bool,
) -> None:
    # Ctrl-C reaches the whole process group. Only the parent acts on it: a worker interrupted while it
    # sends a result back can leave the pool waiting on a half-written pipe for ever (seen once in 35
    # interrupted runs). Workers finish their chunk (at most 16 files) and the pool then shuts down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM too (`timeout`, systemd and `kill -TERM -PGID` signal the whole group): a worker that died
    # while sending its results back left the parent waiting for ever (3 runs in 10). The parent unwinds,
    # cancels what has not started, and the workers end once their chunk is done.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # (an SSH session gone signals the group: as SIGTERM)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # held while it forked
    _end_with_parent()
    # Forked with the parent's collector off (see read_paths): on again, collecting young objects less often
    # (a workbook's grid, answers and findings mostly die by reference count before a collection would see
    # them; 0,35 M instructions a workbook fewer).
    gc.set_threshold(10_000, 10, 10)
    gc.enable()
    _WORKER.update(
        rubric=rubric,
        registry=registry,
        period=period,
        target=target,
        keep_answers=keep_answers,
        keep_warnings=keep_warnings,
    )


def _end_with_parent() -> None:
    """Have the system kill this worker when its parent dies (Linux; elsewhere nothing is done).

    Workers ignore SIGTERM (above): after a ``kill -9`` of pmprb (``timeout -s KILL``, the OOM killer) they
    stayed for ever, blocked writing results nobody reads, holding cron's output pipe open.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)  # the parent died before the request above took effect


def _assess_chunk(paths: list[str]) -> list[FileResult]:
    rubric = cast(Rubric, _WORKER["rubric"])
    registry = cast("Registry | None", _WORKER["registry"])
    period = cast("str | None", _WORKER["period"])
    target = cast("str | None", _WORKER["target"])
    keep = bool(_WORKER["keep_answers"])
    warnings = bool(_WORKER["keep_warnings"])
    return [assess_file(p, rubric, registry, period, target, keep, warnings) for p in paths]


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


#: What a workbook's rows say when read with a rubric they were not made for: items missing, repeated, out of
#: place, unknown. Its rows are not at fault (PMPRB-E207 says what is).
_ROW_CODES = frozenset({"PMPRB-E202", "PMPRB-E204", "PMPRB-W205", "PMPRB-W203"})


def _rows_read_with_another_rubric(findings: list[Finding], rubric_id: str) -> list[Finding]:
    """The row findings of a template read with another rubric, their hints pointing at PMPRB-E207.

    "Jangan menghapus baris pertanyaan; salin baris yang hilang dari templat" and "hapus baris tambahan", 62
    times, on a pmprb-2020 template scored with lke-rb-2014: an operator following them would damage a sound
    workbook.
    """
    hint = (
        f"This workbook's rows are those of rubric '{rubric_id}': change none; see PMPRB-E207."
        if language() == "en"
        else f"Baris buku kerja ini adalah baris rubrik '{rubric_id}': jangan diubah; lihat PMPRB-E207."
    )
    return [dataclasses.replace(f, hint=hint) if f.code in _ROW_CODES else f for f in findings]


def never_ranked(result: FileResult, rubric: Rubric | None = None) -> str:
    """The finding that keeps a readable workbook out of every ranking whatever --invalid says ('' if none).

    Another month's (PMPRB-E303) or kabupaten's (PMPRB-E308) workbook, and a template of another shipped
    rubric whose items differ from ``rubric``'s (PMPRB-E207): one ranked at 0,00 and pulled the average down
    6 points. A template scored with a copy of its rubric under another id (same items, the README's way of
    adapting a rubric) still ranks, its E207 shown. So does a workbook that names no rubric but fits another
    shipped one clearly better (PMPRB-E210: "nilainya tidak berarti"): an official 2014 form in a pmprb-2020 inbox
    ranked last at 22,89 and pulled the average from 74,96 to 48,93.
    """
    codes = {f.code for f in result.findings}
    for code in ("PMPRB-E303", "PMPRB-E308", "PMPRB-E309", "PMPRB-E210"):  # (batch.not_ranked_reason: in words)
        if code in codes:
            return code
    sub = result.submission
    if "PMPRB-E207" in codes and rubric is not None and sub is not None:
        theirs = _answer_codes_of(sub.rubric_id)
        if theirs is not None and theirs != frozenset(rubric.answer_codes()):
            return "PMPRB-E207"
    return ""


def _same_items(rubric_id: str, rubric: Rubric) -> bool:
    """Whether the shipped rubric ``rubric_id`` asks exactly what ``rubric`` asks (a copy under a new id).

    In such a copy a missing or extra row is the operator's doing, and its own hint is the cure. An id that
    is not shipped (a pemda's own rubric) cannot be compared: its rows are not the operator's to change.
    """
    theirs = _answer_codes_of(rubric_id)
    return theirs is not None and theirs == frozenset(rubric.answer_codes())


@functools.cache
def _answer_codes_of(rubric_id: str) -> frozenset[str] | None:
    """The answer codes of a shipped rubric (``None`` for any other id: a pemda's own, or unknown)."""
    if rubric_id not in shipped_rubrics():
        return None
    try:
        return frozenset(load_rubric(rubric_id).answer_codes())
    except PmprbError:
        return None


def finish(
    results: Sequence[FileResult],
    registry: Registry | None,
    *,
    missing_units: bool = True,
    kabupaten: str = "",
    rubric: Rubric | None = None,
    period: str | None = None,
    not_read: Sequence[str] = (),
) -> Assessment:
    """Add the batch-level findings: another kabupaten's workbook, the same unit twice, the units that sent nothing.

    ``not_read``: the files of the folders read that are no workbook pmprb reads (:func:`not_workbooks`). A unit
    that sent only such a file ("LKE DLH.xlsx.pdf") has not sent its LKE; it is listed so, with that file.

    Without a ``period``, a folder's workbooks of another month than most of them are said (PMPRB-E303).

    ``missing_units`` is false when the inputs are single files rather than a folder of the period (an
    operator checking their own workbook): then no unit is said to have sent nothing.

    Inputs left out on purpose (see :attr:`FileResult.skipped`) are set apart first. A batch finding is
    also added to the result of its file, so every count and status of that file says it.
    """
    # The kabupaten LKE (usulan) among units' workbooks would rank as a unit; on its own it is scored.
    usulan = {id(r) for r in results if r.submission is not None and r.submission.usulan}
    if usulan and len(usulan) < sum(1 for r in results if r.submission is not None):
        # (by identity: comparing results field by field would compare every answer of every unit)
        results = [_usulan_skipped(r) if id(r) in usulan else r for r in results]
    skipped = tuple(r for r in results if r.skipped)
    if skipped:
        results = [r for r in results if not r.skipped]
    submissions = [r.submission for r in results if r.submission is not None]
    # Another kabupaten's workbook is no unit of this one: not a second copy of ours, nor a sending of ours.
    foreign = other_kabupaten(submissions, kabupaten)
    if foreign:
        elsewhere = {f.file for f in foreign}
        submissions = [s for s in submissions if s.file not in elsewhere]
    # A folder read without a period: its workbooks of another month than most are not this month's results.
    strays = other_periods(submissions) if period is None and missing_units else []
    if strays:
        stray = {f.file: f for f in strays}
        results = [_with_batch_findings(r, [stray[r.file]]) if r.file in stray else r for r in results]
    # Nor is a workbook that never ranks a unit's copy: the unit's newer July file made its August one "second".
    elsewhen = {r.file for r in results if r.submission is not None and never_ranked(r, rubric)}
    here = [s for s in submissions if s.file not in elsewhen]
    duplicates = [*strays, *foreign, *duplicate_units(here, registry), *answers_of_another_unit(here, registry)]
    if duplicates:
        # Grouped by file once: a list comprehension over every batch finding for every result was quadratic
        # (1 000 workbooks, 800 of them a unit's second file: 800 000 comparisons).
        by_file: dict[str, list[Finding]] = {}
        for f in duplicates:
            by_file.setdefault(f.file, []).append(f)
        results = [_with_batch_findings(r, by_file[r.file]) if r.file in by_file else r for r in results]
    missing: tuple[Unit, ...] = ()
    if registry is not None and missing_units:
        # A unit whose only file is another month's (PMPRB-E303: last month's workbook sent again) has not sent
        # this month's: it was counted as sent, so nobody chased the unit for the workbook the rapim waited on.
        # Nor has a workbook whose two sheets name two units (PMPRB-E309) been sent by either.
        other_month = {
            r.file for r in results if r.file in elsewhen and never_ranked(r, rubric) in ("PMPRB-E303", "PMPRB-E309")
        }
        sent = {unit_key(s, registry) for s in submissions if s.file not in other_month}
        # An unreadable file named after its unit (as pmprb names templates, or by its name: "Dinas
        # Sosial.gsheet") was sent, just not readable.
        for r in results:
            if r.failed is not None:
                named = unit_of_unreadable(registry, r.file)
                sent |= {Path(r.file).stem.casefold(), *((named.kode.casefold(),) if named is not None else ())}
        missing = tuple(u for u in registry.units if u.kode not in sent and u.kode.casefold() not in sent)
    perhaps = _perhaps_sent(results, missing, registry, elsewhen, rubric) if registry is not None and missing else ()
    if registry is not None and missing and not_read:
        perhaps += _sent_unread(not_read, missing, registry, {kode for kode, *_ in perhaps})
    return Assessment(tuple(results), tuple(duplicates), missing, skipped, missing_units, perhaps, tuple(not_read))


def _sent_unread(
    not_read: Sequence[str], missing: Sequence[Unit], registry: Registry, said: Collection[str]
) -> tuple[tuple[str, str, str, str], ...]:
    """Missing units whose name a file pmprb does not read bears: each with that file (:data:`NOT_READ`).

    "LKE DLH.xlsx.pdf" was named on the terminal only: the rekap's Belum Mengirim sheet and the rapor listed DLH
    as having sent nothing, and the clerk chased the OPD for a file it had sent, as a PDF (messyrev, diffrev18).
    """
    kodes = {u.kode for u in missing} - set(said)
    out: dict[str, tuple[str, str, str, str]] = {}
    for file in not_read:
        name = Path(file)
        if name.suffix and Path(name.stem).suffix.lower() in WORKBOOK_SUFFIXES:
            name = name.with_suffix("")  # ("LKE DLH.xlsx.pdf": the workbook's name under the PDF's)
        named = unit_of_unreadable(registry, str(name))
        if named is not None and named.kode in kodes:
            kind = "arsip" if _suffix(file.rstrip(" .")) in ARCHIVE_SUFFIXES else "berkas"
            out.setdefault(named.kode, (named.kode, file, kind, NOT_READ))
    return tuple(out.values())


def _perhaps_sent(
    results: Sequence[FileResult],
    missing: Sequence[Unit],
    registry: Registry,
    elsewhen: Collection[str] = (),
    rubric: Rubric | None = None,
) -> tuple[tuple[str, str, str, str], ...]:
    """:attr:`Assessment.perhaps_sent_files`: each file naming no registered unit, by the missing unit it is like.

    And a file named for a missing unit whose workbook is another registered unit's: DINSOS.xlsx holding DP3A's
    LKE left "Belum mengirim: DINSOS" with no word of the file (only W306 and E304, in the findings). And a
    missing unit's own workbook of another month (``elsewhen``, PMPRB-E303): the rekap's "belum mengirim" had a
    clerk chase an OPD for the file it did send, last month's.
    """
    from pmprb_cli.checks import unit_in_file_name

    kodes = {u.kode for u in missing}
    out: dict[str, tuple[str, str, str, str]] = {}
    for r in results:
        sub = r.submission
        if sub is None or sub.usulan:
            continue
        holder = registry.of_workbook(sub.unit_code, sub.unit_name)
        if r.file in elsewhen and holder is not None and holder.kode in kodes:
            if never_ranked(r, rubric) == OTHER_PERIOD:
                out.setdefault(holder.kode, (holder.kode, r.file, sub.period, OTHER_PERIOD))
            continue
        if holder is not None and holder.kode in kodes and any(f.code == OTHER_KABUPATEN for f in r.findings):
            # (BKPSDM sent its LKE naming "Kabupaten Sebelah": listed bare as not sent, in every summary; messyrev)
            out.setdefault(holder.kode, (holder.kode, r.file, " ".join(sub.kabupaten.split()), OTHER_KABUPATEN))
            continue
        if holder is not None:
            named = unit_in_file_name(registry, r.file)
            if named is not None and named.kode in kodes and named.kode != holder.kode:
                out.setdefault(named.kode, (named.kode, r.file, holder.nama, holder.kode))
            continue
        typed = sub.unit_code or sub.unit_name
        near = registry.closest(typed) if typed else None
        if near is not None and near.kode in kodes:
            out.setdefault(near.kode, (near.kode, r.file, typed, ""))
    return tuple(out.values())


#: A workbook whose Identitas states another period: whatever --invalid says, it never ranks in this one. In
#: :attr:`Assessment.perhaps_sent_files`, in place of a registered kode: the file is the unit's own workbook of
#: another period (its third field is that period).
OTHER_PERIOD = "PMPRB-E303"
#: In the same place: the file is the unit's own workbook naming another kabupaten (its third field is that name).
OTHER_KABUPATEN = "PMPRB-E308"
#: In the same place: the file bears the unit's name but is no workbook pmprb reads (its third field "arsip" for an
#: archive, else "berkas"). No kode is written so (a kode has no space).
NOT_READ = "tidak dibaca"


def perhaps_sent_words(file_name: str, typed: str, registered: str = "", *, english: bool = False) -> str:
    """What a unit listed as not sent is told of the file that may be its own (:meth:`Assessment.perhaps_sent`).

    ``registered``: the kode of the registered unit whose LKE the file holds (a file named for this unit), or
    :data:`OTHER_PERIOD` when the file is the unit's own workbook of period ``typed``.
    """
    if registered == NOT_READ:
        if typed == "arsip":
            if english:
                return f"sent {file_name}, an archive pmprb does not open: extract its workbook into the inbox"
            return f"mengirim {file_name}, arsip yang tidak dibuka pmprb: ekstrak buku kerjanya ke folder masuk"
        if english:
            return f"sent {file_name}, which is no .xlsx/.xlsm/.xls workbook (not read): ask for the LKE as .xlsx"
        return f"mengirim {file_name}, bukan buku kerja .xlsx/.xlsm/.xls (tidak dibaca): minta LKE-nya dalam .xlsx"
    if registered == OTHER_KABUPATEN:
        if english:
            return f"sent {file_name}, but it names {typed}, not this kabupaten (PMPRB-E308)"
        return f"mengirim {file_name}, tetapi buku kerjanya menyebut {typed}, bukan kabupaten ini (PMPRB-E308)"
    if registered == OTHER_PERIOD:
        if english:
            return f"sent {file_name}, but it is the workbook of period {typed}, not this one's (PMPRB-E303)"
        return f"mengirim {file_name}, tetapi itu buku kerja periode {typed}, bukan periode ini (PMPRB-E303)"
    if registered:
        if english:
            return (
                f"perhaps sent: file {file_name} holds the LKE of unit '{capped_name(typed)}' ({registered}), not "
                "this one's (PMPRB-W306)"
            )
        return (
            f"mungkin sudah: berkas {file_name} memuat LKE unit '{capped_name(typed)}' ({registered}), bukan unit ini "
            "(PMPRB-W306)"
        )
    if english:
        return f"perhaps sent: file {file_name} names unit '{capped_name(typed)}', not in the registry (PMPRB-E301)"
    return (
        f"mungkin sudah: berkas {file_name} menyebut unit '{capped_name(typed)}', yang tidak ada di daftar unit "
        "(PMPRB-E301)"
    )


#: What scoring says of a unit's answer it cannot use: blank, not a choice, out of range, not a number, a date.
_UNUSABLE_ANSWER = frozenset({"PMPRB-E401", "PMPRB-E402", "PMPRB-E403", "PMPRB-E404", "PMPRB-E409", "PMPRB-E412"})


#: Hints worded for the evaluator (Indonesian, English), for the findings about an evaluator's own entry whose
#: catalogue hint speaks to the unit: "jawab butir ini dengan pilihan terendahnya" and "tulis penjelasannya di
#: kolom Penjelasan Unit", beside the evaluator's A in Jawaban Evaluator, sent the unit to edit what it had not
#: written.
_EVALUATOR_HINTS = {
    "PMPRB-W405": (
        "Untuk evaluator, bukan unit: bila prasyaratnya memang belum terpenuhi, isi Jawaban Evaluator butir ini "
        "dengan pilihan terendahnya; bila jawaban prasyarat itu yang keliru, isi Jawaban Evaluator prasyarat itu "
        "dengan jawaban yang benar. Rubrik tidak mengubah nilainya karena temuan ini.",
        "For the evaluator, not the unit: if the gate is indeed not met, give this item its lowest choice in "
        "Jawaban Evaluator; if the gate's answer is wrong, give the gate the right answer in its Jawaban "
        "Evaluator. The rubric does not change the score for this finding.",
    ),
    "PMPRB-W412": (
        "Untuk evaluator, bukan unit: bila maksudnya persen, ketik angkanya saja (75) di Jawaban Evaluator, tanpa "
        "tanda %; bila memang pecahan itu, abaikan.",
        "For the evaluator, not the unit: if a percentage is meant, type the number only (75) in Jawaban "
        "Evaluator, without %; if the fraction is meant, ignore this.",
    ),
    "PMPRB-W425": (
        "Untuk evaluator, bukan unit: ketik angkanya saja di Jawaban Evaluator, tanpa % dan tanpa tanda petik "
        "(misalnya 80); nilainya sudah dibaca demikian.",
        "For the evaluator, not the unit: type the number only in Jawaban Evaluator, without % and without an "
        "apostrophe (80, say); it is already read so.",
    ),
    "PMPRB-W406": (
        "Untuk evaluator, bukan unit: periksa isian jumlah di Jawaban Evaluator. Bila memang tidak ada, butir ini "
        "tetap dihitung 0 menurut rubrik; tulis alasannya di Catatan Evaluator.",
        "For the evaluator, not the unit: check the counts in Jawaban Evaluator. If there are indeed none, the "
        "rubric still counts this item 0; write why in Catatan Evaluator.",
    ),
}


#: The hint of a unit's grade capped by the verified criteria alone (the evaluator's Tidak among them): the
#: unit's own hint told it to answer criteria it had answered.
_VERIFIED_CAP_HINT = (
    "Dalam indeks terverifikasi kriteria dibaca dari Jawaban Evaluator bila diisi, dan kriteria yang kosong tidak "
    "terpenuhi: nilai huruf ini dibatasi kriteria yang dinilai evaluator 'Tidak' atau yang belum dijawab. Bila "
    "penilaian evaluator benar, unit cukup melengkapi kriteria yang kosong; bila tidak, bahas dengan evaluator.",
    "In the verified index the criteria are read from Jawaban Evaluator where filled, and blank criteria are unmet: "
    "this grade is capped by the criteria the evaluator judged 'Tidak' or left unanswered. If the evaluator's "
    "judgement is right, the unit need only answer its blank criteria; if not, take it up with the evaluator.",
)


_VERIFIED_GATE_HINT = (
    "Dalam indeks terverifikasi prasyarat dibaca dari Jawaban Evaluator bila diisi: evaluator menilai prasyarat "
    "butir ini tidak terpenuhi, jadi jawaban unit di sini tidak dihitung penuh. Bila penilaian evaluator benar, "
    "penuhi prasyaratnya; bila tidak, bahas dengan evaluator.",
    "In the verified index a gate is read from Jawaban Evaluator where filled: the evaluator judged this item's "
    "gate unmet, so the unit's answer here does not count in full. If the evaluator is right, meet the gate; if "
    "not, take it up with the evaluator.",
)


def _worded_for_the_evaluator(findings: list[Finding]) -> list[Finding]:
    """The verified score's findings at the evaluator's cells, their hints addressed to the evaluator."""
    if not any(f.code in _EVALUATOR_HINTS for f in findings):
        return findings
    en = language() == "en"
    return [
        dataclasses.replace(f, hint=_EVALUATOR_HINTS[f.code][en]) if f.code in _EVALUATOR_HINTS else f for f in findings
    ]


def _answered_by_the_evaluator(
    findings: list[Finding], submission: Submission, rubric: Rubric, *, keep_errors: bool = False
) -> list[Finding]:
    """A blank or invalid unit answer the evaluator answered is PMPRB-W430, not an error "dihitung 0".

    E401 said "dihitung 0" of an item the ranked (verified) index counted at the evaluator's "Ya"; the workbook
    was "ada kesalahan" and left out under --invalid skip, its verified answers complete. ``keep_errors``: the
    error stays beside the W430, where the entries may be the operator's (see the caller).
    """
    if not any(f.code in _UNUSABLE_ANSWER for f in findings):
        return findings  # (most evaluated workbooks: no second reading of the evaluator's column)
    verified, _ = verified_answers(submission.answers, rubric)
    out = []
    for f in findings:
        answer = verified.get(f.item)
        if f.code in _UNUSABLE_ANSWER and answer is not None and answer.by_evaluator:
            shown = f"'{as_typed(answer.raw, language())}'" if isinstance(answer.raw, float) else f"'{answer.raw}'"
            if keep_errors:
                out.append(f)
            f = finding(
                "PMPRB-W430",
                f.file,
                sheet=f.sheet,
                cell=f.cell,
                item=f.item,
                value=value_of(f) or Shown("(kosong)", "(empty)"),
                detail=f"{shown} ({answer.cell})",
            )
        out.append(f)
    return out


def _raised_by_evaluator(submission: Submission, card: ScoreCard, verified: ScoreCard, decimals: int) -> list[Finding]:
    """PMPRB-W417 when the Jawaban Evaluator column gives a higher index than the unit's own answers.

    The column is unlocked in every template (the evaluator fills it in the unit's file), and the ranking uses
    the verified index: an operator who typed 'A' down it ranked 80,39 (A) on answers worth 77,01 (BB), and
    answers typed there instead of in Jawaban counted although E401 said "dihitung 0". Evaluators rarely
    raise an answer; when one did, this warning is read and set aside.
    """
    # The two indexes as shown (70,004 → 70,0051 is 70,00 B → 70,01 BB: the target met on the evaluator's
    # column, unsaid, where a raise of 0,005 on exact values was the test).
    if shown_difference(verified.index, card.index, decimals) <= 0:
        return []
    raised = sum(
        1 for own, checked in zip(card.items, verified.items, strict=True) if checked.value > own.value + 1e-12
    )
    lang = language()
    return [
        finding(
            "PMPRB-W417",
            submission.file,
            sheet=submission.sheet,
            cell=submission.cached_index_cell,
            value=Shown.number(card.index, 2),
            detail=f"{format_number(verified.index, 2, lang)} "
            # (items whose value rose: an AKIP grade its criteria raise counts, cells typed are not the measure)
            f"({raised} {('item' if raised == 1 else 'items') + ' raised' if lang == 'en' else 'butir naik'})",
        )
    ]


#: Readings whose own finding says the workbook's Nilai formula reads the entry otherwise (no W411 beside them).
_NILAI_EXPLAINED = frozenset({"PMPRB-W407", "PMPRB-W425", "PMPRB-W426", "PMPRB-I504"})


def _usulan_skipped(result: FileResult) -> FileResult:
    """The kabupaten LKE (usulan) found among units' workbooks: left out and said (PMPRB-I505)."""
    return FileResult(
        result.file, None, None, None, (), failed_input(result.file, WorkbookError("", code="PMPRB-I505"))
    )


def _with_batch_findings(result: FileResult, found: Sequence[Finding]) -> FileResult:
    """A file's result with the batch findings about it added (once), its counts following."""
    added = [f for f in found if f not in result.findings]
    if not added:
        return result
    counts = result.counts
    if counts is not None:
        extra = [sum(1 for f in added if f.severity is s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
        counts = (counts[0] + extra[0], counts[1] + extra[1], counts[2] + extra[2])
        # Batch findings stay whole, warnings too: made here, they never travelled. (Kept to errors, W313 was
        # dropped, and the summaries that name copies between units had none to name.)
    findings = tuple(sorted((*result.findings, *added), key=lambda f: f.sort_key()))
    return dataclasses.replace(result, findings=findings, counts=counts)


@dataclass(frozen=True)
class ScoreRun:
    """The result of scoring a batch (kept for the score command and its outputs)."""

    cards: tuple[ScoreCard, ...]
    failed: tuple[FailedInput, ...]
    findings: tuple[Finding, ...]

    @property
    def has_problems(self) -> bool:
        """True when an input failed or any error-severity finding exists."""
        return bool(self.failed) or any(f.severity is Severity.ERROR for f in self.findings)


def score_paths(paths: Iterable[str], rubric: Rubric) -> ScoreRun:
    """Read and score every path; failures are collected, the batch goes on."""
    assessment = assess_paths(paths, rubric)
    return ScoreRun(assessment.cards, assessment.failed, assessment.findings)


#: What a rubric id looks like (pmprb-2020, lke-rb-2014-kab): a letter first.
_RUBRIC_ID = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,63}")


class RubricNotGiven(Exception):
    """The workbooks were made from a rubric pmprb does not ship: it must be named (``--rubric FILE``)."""

    def __init__(self, rubric_id: str, files: tuple[str, ...]) -> None:
        super().__init__(rubric_id)
        self.rubric_id, self.files = rubric_id, files


def detect_rubric(paths: Sequence[str], candidates: Sequence[str], load: Callable[[str], Rubric]) -> Rubric | None:
    """The rubric that made these workbooks, by a vote of the first five and five more spread over the rest.

    A pmprb template names its rubric (the fingerprint on its Identitas sheet) and counts twice; any other
    workbook gets the candidate that finds the largest share of its items there. The most votes win; of equals,
    the one named by more templates, then the one read first. The first file alone decided once: "00 ARSIP LKE
    2019.xlsx" (an official 2014 form) sorted first, and 41 pmprb-2020 templates went unranked as "templat
    rubrik lain".
    None when nothing can be read. Candidates are rubric ids, loaded only when tried (parsing every shipped
    rubric was a third of the start-up of ``pmprb check`` on one file).
    """
    get = functools.cache(load)  # each candidate parsed once at most, and only when tried
    fallback = ""
    named_votes: Counter[str] = Counter()
    guessed_votes: Counter[str] = Counter()
    unknown_votes: Counter[str] = Counter()  # templates of a rubric not among the candidates (a kabupaten's own)
    unknown_files: dict[str, list[str]] = {}
    # The first five and five more spread over the rest: three archived forms sorting first ("00 ARSIP LKE
    # 2017…2019") outvoted the 41 templates behind them.
    step = max(1, (len(paths) - 5) // 5)
    sample = [*paths[:5], *paths[5::step][:5]]
    for path in sample:
        try:
            package = inspect(path, read_file_bytes(path))
            if is_kabupaten_package(package):
                continue  # a rekap names no unit's rubric
            # (at most five files: the search for padded values is affordable here, before any reading fails)
            view = WorkbookView(with_padded_values_bounded(package) or package)
        except WorkbookError:
            continue
        named = named_rubric(view)
        if named and named not in candidates and _RUBRIC_ID.fullmatch(named):
            # (a rubric's id: "2022-07" read there from a damaged string table is no rubric; fuzzrev)
            unknown_votes[named] += 1
            unknown_files.setdefault(named, []).append(path)
            continue  # (no vote for the shipped rubric nearest it: the one it names is not that one)
        best: tuple[int, int, Rubric] | None = None
        # The rubric the workbook names is tried first (ties still go to the earlier candidate).
        for n, rubric_id in sorted(enumerate(candidates), key=lambda c: c[1] != named):
            rubric = get(rubric_id)
            try:
                submission, _ = read_submission(view, rubric, path, "")
            except WorkbookError:
                continue
            if submission.rubric_id == rubric.id:
                best = None
                named_votes[rubric.id] += 1
                break
            found = len(submission.answers)
            share = found * 1000 // max(1, len(rubric.answer_codes()))
            key = (share, -n)
            if best is None or key > best[:2]:
                best = (share, -n, rubric)
        if best is not None:
            guessed_votes[best[2].id] += 1
        elif named in candidates and not fallback and not named_votes[named]:
            # Read by none (a template whose Kode column was deleted): its own rubric's error says why, where
            # the first candidate's ("isi templat rubrik pmprb-2020") sent the operator to the wrong form —
            # unless another of the first files is read by some rubric.
            fallback = named
    if unknown_votes and unknown_votes.total() > named_votes.total() + guessed_votes.total():
        # Templates of a kabupaten's own rubric, scored without it: ranked under the shipped rubric nearest it,
        # "Rubrik dikenali dari buku kerja: lke-rb-2014" said of workbooks naming lke-rb-2014-kab (45,93 for
        # the 45,72 their own weights give; rubrikrev). Most of the files read, not one stray template among
        # official forms (the whole folder was refused for it; diffrev23): that one is E207, named.
        rubric_id = unknown_votes.most_common(1)[0][0]
        raise RubricNotGiven(rubric_id, tuple(unknown_files[rubric_id]))
    votes = named_votes + named_votes + guessed_votes  # a template names its rubric: it counts twice a guess
    if votes:
        # The most votes; of equals, the one more templates name, then the one read first (Counter keeps the
        # order first seen). One template among eight official forms made all eight "lebih cocok" with another.
        first = {rubric_id: n for n, rubric_id in enumerate(votes)}
        return get(max(votes, key=lambda r: (votes[r], named_votes[r], -first[r])))
    return get(fallback) if fallback else None
