"""The history database: every unit's result in every period, for the trend over months and triwulan.

SQLite from the standard library, one file beside ``pmprb.toml``. What it promises:

- **versioned schema**: ``PRAGMA user_version`` holds the version; :data:`MIGRATIONS` upgrade an older file
  step by step inside one transaction, so a file is either fully upgraded or untouched. A file from a newer
  pmprb is refused rather than misread.
- **whole periods only**: :meth:`History.replace` deletes and re-inserts a period in one transaction; a run
  killed at any point leaves the previous content (SQLite's rollback journal undoes a half transaction when
  the file is next opened). A period whose record would not change is not written at all, so a repeated
  run leaves the file byte for byte as it was.
- **one writer**: :func:`hold_lock` takes an exclusive, non-blocking lock on ``<database>.lock`` for the
  whole run; a second run stops at once with :class:`~pmprb_cli.errors.RunBusy`.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import errno
import functools
import hashlib
import io
import json
import math
import os
import re
import shutil
import sqlite3
import stat
import sys
import time
import zlib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import ParamSpec, TypeVar

from pmprb_cli.errors import PmprbError, RunBusy, SystemRefusal, UsageError, os_reason, sqlite_reason
from pmprb_cli.files import NAME_MAX_BYTES, sweep_leftovers, temporary_beside
from pmprb_cli.models import Rubric, denoised, shown_difference, visible
from pmprb_cli.rapor import WITHOUT_KODE, Alike, HistoryPoint, bases_differ, evaluation_basis, same_rubric
from pmprb_cli.registry import (
    ListedKodes,
    Registry,
    before_merger,
    is_merger,
    listed_by_period,
    merged_kodes,
    merger_rows,
    merger_units,
    renamed_kodes,
    under_current_kodes,
)

# --------------------------------------------------------------------------- schema


def _v1(db: sqlite3.Connection) -> None:
    """Version 1: what the rapor's trend needs, the index and predikat of each unit in each period."""
    db.execute(
        "CREATE TABLE periods (period TEXT PRIMARY KEY, kabupaten TEXT NOT NULL, rubric_id TEXT NOT NULL, "
        "rubric_version TEXT NOT NULL, target TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE units (period TEXT NOT NULL, file TEXT NOT NULL, kode TEXT NOT NULL, nama TEXT NOT NULL, "
        "jenis TEXT NOT NULL, index_value REAL NOT NULL, predikat TEXT NOT NULL, PRIMARY KEY (period, file))"
    )


def _v2(db: sqlite3.Connection) -> None:
    """Version 2: area scores, self and evaluator index, finding counts, input hashes, run keys, outputs."""
    for column in (
        "rubric_checksum TEXT NOT NULL DEFAULT ''",
        "registry_sha256 TEXT NOT NULL DEFAULT ''",
        "input_key TEXT NOT NULL DEFAULT ''",
        "run_key TEXT NOT NULL DEFAULT ''",
        "exit_code INTEGER NOT NULL DEFAULT 0",
        "missing_units INTEGER NOT NULL DEFAULT 0",
        "outputs TEXT NOT NULL DEFAULT '[]'",
    ):
        db.execute(f"ALTER TABLE periods ADD COLUMN {column}")
    for column in (
        "input_sha256 TEXT NOT NULL DEFAULT ''",
        "self_index REAL",
        "verified_index REAL",
        "pengungkit REAL NOT NULL DEFAULT 0",
        "hasil REAL NOT NULL DEFAULT 0",
        "rank INTEGER NOT NULL DEFAULT 0",
        "rank_in_jenis INTEGER NOT NULL DEFAULT 0",
        "meets_target INTEGER NOT NULL DEFAULT 0",
        "gap REAL NOT NULL DEFAULT 0",
        "errors INTEGER NOT NULL DEFAULT 0",
        "warnings INTEGER NOT NULL DEFAULT 0",
        "infos INTEGER NOT NULL DEFAULT 0",
        "missing_answers INTEGER NOT NULL DEFAULT 0",
        "invalid_answers INTEGER NOT NULL DEFAULT 0",
        "status TEXT NOT NULL DEFAULT ''",
    ):
        db.execute(f"ALTER TABLE units ADD COLUMN {column}")
    # Version 1 kept one index per unit: without an evaluator it is the self-assessed one.
    db.execute("UPDATE units SET self_index = index_value WHERE self_index IS NULL")
    db.execute(
        "CREATE TABLE areas (period TEXT NOT NULL, file TEXT NOT NULL, position INTEGER NOT NULL, "
        "code TEXT NOT NULL, name TEXT NOT NULL, weight REAL NOT NULL, score REAL NOT NULL, verified_score REAL, "
        "PRIMARY KEY (period, file, code))"
    )
    db.execute(
        "CREATE TABLE inputs (period TEXT NOT NULL, file TEXT NOT NULL, sha256 TEXT NOT NULL, "
        "status TEXT NOT NULL, kode TEXT NOT NULL, PRIMARY KEY (period, file))"
    )
    db.execute("CREATE INDEX units_by_kode ON units (kode, period)")


def _v3(db: sqlite3.Connection) -> None:
    """Version 3: the rubric file and registry CSV the periods were scored with, each kept once by its SHA-256.

    A past period's record names them by checksum (``rubric_checksum``, ``registry_sha256``); with their bytes
    it can be run again, and exported, with its own settings after pmprb.toml has moved on.
    """
    db.execute("CREATE TABLE settings_files (sha256 TEXT PRIMARY KEY, kind TEXT NOT NULL, content BLOB NOT NULL)")


def _v4(db: sqlite3.Connection) -> None:
    """Version 4: each kept settings file's name, which the rekap and rapor show ("Daftar unit: …")."""
    # Five development builds of 2026-12-04 wrote version 3 with this column already in it: their histories
    # were refused as "bukan basis data riwayat pmprb yang sah (duplicate column name: name)".
    if "name" not in {row[1] for row in db.execute("PRAGMA table_info(settings_files)")}:
        db.execute("ALTER TABLE settings_files ADD COLUMN name TEXT NOT NULL DEFAULT ''")


def _v5(db: sqlite3.Connection) -> None:
    """Version 5: how many answers the evaluator gave behind each verified index (NULL: not known).

    The same units sent the same answers in July and August; the evaluator checked 2 answers of one in July
    and all 201 in August: "-22,65" with no †, the † saying only a change between verified and self-assessed.
    """
    # (a file set back to an earlier version by hand keeps the column: upgraded all the same)
    if "evaluator_answers" not in {row[1] for row in db.execute("PRAGMA table_info(units)")}:
        db.execute("ALTER TABLE units ADD COLUMN evaluator_answers INTEGER")


def _v6(db: sqlite3.Connection) -> None:
    """Version 6: which pmprb release scored each period ('' where not known).

    After an upgrade the rapor compared August, scored by the new code, with July as the old code had scored it
    ("▲ +4,64" where +4,56 was the change in answers), and nothing said so (migrev). A file this version writes is
    refused by older pmprb, which would score it back in silence.
    """
    if "scored_by" not in {row[1] for row in db.execute("PRAGMA table_info(periods)")}:
        db.execute("ALTER TABLE periods ADD COLUMN scored_by TEXT NOT NULL DEFAULT ''")


#: SQLite's primary result code for a write to a database opened read-only (a file the user may not write).
_SQLITE_READONLY = 8
#: What SQLite adds to the history's name for its rollback journal.
_JOURNAL = "-journal"

#: Migration ``n`` takes a file from version ``n`` to ``n + 1``; append, never edit or reorder.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3, _v4, _v5, _v6)
SCHEMA_VERSION = len(MIGRATIONS)


def _outputs(text: object) -> tuple[tuple[str, str], ...] | None:
    """A period's ``outputs`` column read: (name, SHA-256) pairs, or ``None`` when it is not what pmprb writes."""
    try:
        pairs = json.loads(text) if isinstance(text, str) else None
        return tuple((str(n), str(h)) for n, h in pairs) if isinstance(pairs, list) else None
    except (TypeError, ValueError, RecursionError):  # (an entry that is not a [name, sha256] pair)
        return None


# --------------------------------------------------------------------------- records

#: What a value pmprb writes looks like, per table and column (SQLite conditions; a row failing one is
#: refused on open). Numbers finite and within reason (9e999 is stored as infinity), texts of bounded length.
_PERIOD_CHECK = (
    "typeof({c}) = 'text' AND {c} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' AND substr({c}, 6) BETWEEN '01' AND '12'"
)
_TEXT_CHECK = "typeof({c}) = 'text' AND length({c}) <= 65536"
_NUMBER_CHECK = "typeof({c}) IN ('real', 'integer') AND {c} BETWEEN -1e9 AND 1e9"
_WHOLE_CHECK = "typeof({c}) = 'integer' AND {c} BETWEEN -1e9 AND 1e9"


def _checks(columns: dict[str, str]) -> dict[str, str]:
    kinds = {"period": _PERIOD_CHECK, "text": _TEXT_CHECK, "number": _NUMBER_CHECK, "whole": _WHOLE_CHECK}
    out = {}
    for column, kind in columns.items():
        check = kinds[kind.removesuffix("?")].format(c=column)
        out[column] = f"{column} IS NULL OR ({check})" if kind.endswith("?") else check
    return out


_VALUE_CHECKS: dict[str, dict[str, str]] = {
    "periods": _checks(
        {"period": "period", **dict.fromkeys(("kabupaten", "rubric_id", "rubric_version", "target"), "text")}
        | dict.fromkeys(("rubric_checksum", "registry_sha256", "input_key", "run_key"), "text")
        | {"exit_code": "whole", "missing_units": "whole"}
        # (outputs: a JSON list, one entry per file written; checked where it is read)
    ),
    "units": _checks(
        {"period": "period", **dict.fromkeys(("file", "kode", "nama", "jenis", "predikat", "status"), "text")}
        | dict.fromkeys(("index_value", "pengungkit", "hasil", "gap"), "number")
        | dict.fromkeys(("self_index", "verified_index"), "number?")
        | dict.fromkeys(
            ("rank", "rank_in_jenis", "meets_target", "errors", "warnings", "infos", "missing_answers"), "whole"
        )
        | {"invalid_answers": "whole", "input_sha256": "text", "evaluator_answers": "whole?"}
    ),
    "areas": _checks(
        {"period": "period", "file": "text", "code": "text", "name": "text", "position": "whole"}
        | {"weight": "number", "score": "number", "verified_score": "number?"}
    ),
    "inputs": _checks({"period": "period", **dict.fromkeys(("file", "sha256", "status", "kode"), "text")}),
}


@dataclass(frozen=True)
class AreaRecord:
    """One area of one unit: its weight, the self-assessed score and the verified one (evaluator's answers)."""

    code: str
    name: str
    weight: float
    score: float
    verified_score: float | None


@dataclass(frozen=True)
class UnitRecord:
    """One ranked unit in one period."""

    file: str
    kode: str
    nama: str
    jenis: str
    input_sha256: str
    index: float
    predikat: str
    self_index: float | None
    verified_index: float | None
    pengungkit: float
    hasil: float
    rank: int
    rank_in_jenis: int
    meets_target: bool
    gap: float
    errors: int
    warnings: int
    infos: int
    missing_answers: int
    invalid_answers: int
    status: str
    areas: tuple[AreaRecord, ...] = ()
    #: How many answers of the verified index the evaluator gave (``None``: self-assessed, or not known).
    evaluator_answers: int | None = None


@dataclass(frozen=True)
class InputRecord:
    """One input file of a period, readable or not, with its SHA-256."""

    file: str
    sha256: str
    status: str
    kode: str


@dataclass(frozen=True)
class PeriodRecord:
    """Everything the history keeps of one period. ``units`` and ``inputs`` are sorted by file.

    ``input_key`` digests the inputs and settings; ``run_key`` also the pmprb code and the earlier history the
    rapor showed. ``outputs`` are (name in the output folder, SHA-256) of every file the run wrote.
    """

    period: str
    kabupaten: str
    rubric_id: str
    rubric_version: str
    rubric_checksum: str
    target: str
    registry_sha256: str
    input_key: str
    run_key: str
    exit_code: int
    missing_units: int
    outputs: tuple[tuple[str, str], ...]
    units: tuple[UnitRecord, ...]
    inputs: tuple[InputRecord, ...]
    #: The pmprb release that scored the period ("" when recorded before the history kept it).
    scored_by: str = ""


_PERIOD_COLUMNS = tuple(f.name for f in fields(PeriodRecord) if f.name not in ("units", "inputs"))
_UNIT_COLUMNS = tuple("index_value" if f.name == "index" else f.name for f in fields(UnitRecord) if f.name != "areas")


# --------------------------------------------------------------------------- the database


_T = TypeVar("_T")
#: How long a write waits for another program reading the history (a database viewer, a backup) to let go.
BUSY_WAIT_S = 30.0
#: SQLite's result codes for a file that is not a database, or a damaged one (SQLITE_CORRUPT, SQLITE_NOTADB).
_NOT_A_HISTORY = frozenset({11, 26})
_P = ParamSpec("_P")


def _refused(path: object, exc: sqlite3.Error) -> PmprbError:
    """SQLite's refusal of the history (a read-only, full, locked or damaged file), said with its path.

    The hint fits the cause: "pulihkan dari cadangan" said of a history merely held open by a viewer, or of a
    full disk, sent an operator to restore a database that was intact.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED: another program holds it (a viewer, a backup)
        hint = (
            f"Program lain (penampil basis data, skrip cadangan) membuka riwayat lebih dari {BUSY_WAIT_S:g} detik: "
            "tutup, lalu jalankan ulang perintah ini. Riwayat tidak rusak: tidak ada yang tercatat setengah jalan."
        )
    elif primary == 13:  # SQLITE_FULL
        hint = "Kosongkan ruang disk, lalu jalankan ulang. Riwayat tidak rusak: perubahannya dibatalkan utuh."
    elif primary == _SQLITE_READONLY:  # (a file the user may not write: "pulihkan dari cadangan" said of it)
        hint = (
            "Beri akun yang menjalankan pmprb izin menulis berkas itu dan foldernya (ls -l, lsattr), lalu jalankan "
            "ulang. Riwayat tidak rusak: perintah yang hanya membaca (history, export) tetap dapat memakainya."
        )
    else:
        hint = (
            "Periksa izin, atribut (lsattr) dan ruang kosong berkas itu dan foldernya; pulihkan dari cadangan "
            "bila rusak, lalu jalankan ulang."
        )
    return SystemRefusal(f"Riwayat {path} tidak dapat dibaca atau ditulis: {sqlite_reason(exc)}", hint=hint)


def _refusals_said(method: Callable[_P, _T]) -> Callable[_P, _T]:
    """Say SQLite's refusals met by a method or function whose first argument is the History.

    Without this, a history made read-only between two runs was "Kesalahan internal" (exit 3).
    """

    @functools.wraps(method)
    def said(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            history = args[0]
            raise _refused(history.path if isinstance(history, History) else "", exc) from exc

    return said


def period_recorded(path: str | Path, period: str) -> bool | None:
    """Whether the history at ``path`` records ``period``, read-only and without waiting; ``None``: cannot tell."""
    file = Path(path)
    if not file.exists():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=0)) as db:
            return db.execute("SELECT 1 FROM periods WHERE period = ?", (period,)).fetchone() is not None
    except (OSError, sqlite3.Error):
        return None


def recorded_settings(path: str | Path, period: str) -> dict[str, str] | None:
    """The rubric, target and registry hash ``period`` was recorded with, read-only; ``None``: not recorded, or unknown.

    For the commands that read a period without recording it (report, merge, score): they neither upgrade nor
    wait for the history.
    """
    file = Path(path)
    if not file.is_file():
        return None
    columns = ("rubric_id", "rubric_version", "rubric_checksum", "target", "registry_sha256")
    try:
        with contextlib.closing(sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=0)) as db:
            row = db.execute(f"SELECT {', '.join(columns)} FROM periods WHERE period = ?", (period,)).fetchone()
    except (OSError, sqlite3.Error):
        return None  # (a version 1 history keeps no checksum: nothing to compare)
    # (text as stored, whatever was put there: shown only through visible(), cut short)
    return None if row is None else dict(zip(columns, ("" if v is None else str(v)[:200] for v in row), strict=True))


class History:
    """An open history database at the current schema version."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        """Wrap an open connection; use :meth:`open`."""
        self.db = connection
        self.path = path
        self._kept_rubrics: dict[str, tuple[bool, Rubric | None]] = {}
        self._registered: tuple[frozenset[str], ...] | None = None
        self._kept: tuple[Registry, ...] | None = None
        self._kept_shas: tuple[str, ...] = ()  # (the registry_sha256 of each of _kept)
        #: The schema version the file had before this opening upgraded it, and the copy kept of it (run only).
        self.upgraded_from: tuple[int, Path] | None = None

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> History:
        """Open (creating it when ``create``) and upgrade the database; errors name the file."""
        file = Path(path)
        if file.is_dir():
            raise UsageError(
                f"{file}: adalah folder, bukan berkas riwayat",
                hint="Arahkan kunci 'history' di pmprb.toml ke sebuah berkas, misalnya keluaran/riwayat.sqlite.",
            )
        longest = NAME_MAX_BYTES - len(_JOURNAL)
        if len(file.name.encode("utf-8", "surrogateescape")) > longest:
            # (SQLite's journal beside it could not be made: "periksa izin berkas dan foldernya" was said)
            raise UsageError(
                f"{file}: nama berkas riwayat lebih dari {longest} bita; jurnal SQLite di sampingnya "
                f"(…{_JOURNAL}) tidak akan muat",
                hint="Pendekkan nama berkas pada kunci 'history' di pmprb.toml, mis. keluaran/riwayat.sqlite.",
            )
        if not create and not file.is_file():
            raise UsageError(
                f"Belum ada riwayat di {file}", hint="Riwayat terisi setelah `pmprb run --period TTTT-BB` pertama."
            )
        with contextlib.suppress(OSError):
            if file.is_file() and file.stat().st_size == 0:
                # Taken for a new history, it dropped every earlier month from the trend without a word and
                # the rapor of the month was rewritten without it. (pmprb fills a file it creates at once.)
                raise UsageError(
                    f"{file}: berkas riwayat kosong (0 bita); riwayat periode sebelumnya tidak ada di sana",
                    hint="Bila riwayat memang baru dimulai, hapus berkas kosong itu lalu jalankan lagi; bila "
                    "seharusnya berisi bulan-bulan sebelumnya, pulihkan dari cadangan.",
                )
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            if create and not file.exists():
                _create(file)
            # isolation_level=None: transactions are begun and ended here, explicitly.
            connection = sqlite3.connect(file, isolation_level=None, timeout=BUSY_WAIT_S)
        except OSError as exc:
            raise SystemRefusal(f"{file}: basis data riwayat tidak dapat dibuka ({os_reason(exc)})") from exc
        except sqlite3.Error as exc:
            raise SystemRefusal(f"{file}: basis data riwayat tidak dapat dibuka ({sqlite_reason(exc)})") from exc
        history = cls(connection, file)
        try:
            history.check_made_by_pmprb()  # (before anything writes: a foreign database got pmprb's tables)
            history.check_schema()  # (before anything reads a table: a view there runs whatever it says)
            history.check_integrity()  # (before an upgrade writes into it)
            if not create and 0 < history.version < SCHEMA_VERSION:
                # Read commands upgrade a copy in memory; the file stays as it is. Upgraded in place, a history
                # an older pmprb wrote was refused by that pmprb's cron run the next night ("berskema versi 5,
                # lebih baru") after one look with `pmprb history`; read-only (an evaluator's access, an
                # archived copy), it was "tidak dapat dibaca atau ditulis".
                copy = sqlite3.connect(":memory:", isolation_level=None)
                connection.backup(copy)
                connection.close()
                connection = copy
                history = cls(connection, file)
            elif 0 < history.version < SCHEMA_VERSION:
                history.upgraded_from = (history.version, history.keep_before_upgrade())
            history.migrate()
            history.check_values()
        except sqlite3.DatabaseError as exc:
            connection.close()
            # SQLITE_ERROR while upgrading: tables that are not the ones its version number says (user_version
            # reset on a full history: "table periods already exists", said as a permission problem).
            if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF not in (*_NOT_A_HISTORY, 1):
                raise _refused(file, exc) from exc
            raise UsageError(
                f"{file}: bukan basis data riwayat pmprb yang sah ({sqlite_reason(exc)})",
                hint="Periksa kunci 'history' di pmprb.toml; pulihkan berkas dari cadangan bila rusak.",
            ) from exc
        except BaseException:
            connection.close()
            raise
        return history

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> History:
        """Use as a context manager that closes the database."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the database."""
        self.close()

    @property
    def version(self) -> int:
        """The schema version of the file."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def keep_before_upgrade(self) -> Path:
        """A copy of the file as it is, beside it (``riwayat.sqlite.skema4``), before a run upgrades it.

        The older pmprb refuses the upgraded file: a site going back to it has this copy (the months run since
        are not in it). A name already taken gets a number: ``riwayat.sqlite.skema4-2``.
        """
        kept = self.path.with_name(f"{self.path.name}.skema{self.version}")
        n = 1
        while os.path.lexists(kept):
            # (one kept before, then gone back to and run on by the older pmprb: that copy lacks those months)
            n += 1
            kept = self.path.with_name(f"{self.path.name}.skema{self.version}-{n}")
        tmp = temporary_beside(kept)
        try:
            # The file's bytes: the run holds the lock (no other pmprb writes it) and has read it (no journal is
            # left to roll back). Through SQLite's backup in memory, a 300 MB history took 912 MB.
            shutil.copyfile(self.path, tmp)
            os.chmod(tmp, stat.S_IMODE(os.stat(self.path).st_mode))  # (as private as the history)
            os.replace(tmp, kept)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise SystemRefusal(
                f"{kept}: salinan riwayat sebelum diperbarui ke skema {SCHEMA_VERSION} tidak dapat ditulis "
                f"({os_reason(exc)}); riwayat tidak diubah"
            ) from exc
        return kept

    def migrate(self) -> None:
        """Bring the file to :data:`SCHEMA_VERSION`, all steps in one transaction."""
        if self.version == SCHEMA_VERSION:
            return
        if self.version < 0:
            raise UsageError(
                f"{self.path}: bukan basis data riwayat pmprb yang sah (versi skema {self.version})",
                hint="Periksa kunci 'history' di pmprb.toml; pulihkan berkas dari cadangan bila rusak.",
            )
        if self.version > SCHEMA_VERSION:
            raise UsageError(
                f"{self.path}: riwayat ini berskema versi {self.version}, lebih baru dari pmprb ini "
                f"(versi {SCHEMA_VERSION})",
                hint="Perbarui pmprb; berkas riwayat tidak diubah.",
            )
        with self._transaction():
            # Read again inside the transaction: another process may have upgraded the file meanwhile.
            for step in range(self.version, SCHEMA_VERSION):
                MIGRATIONS[step](self.db)
                self.db.execute(f"PRAGMA user_version = {step + 1}")

    def check_made_by_pmprb(self) -> None:
        """Refuse a database pmprb did not make: schema version 0 (pmprb creates every history at version 1 or more).

        An empty SQLite file (a viewer or ``sqlite3 … vacuum`` made it) was taken for a new history: the month's
        rapor lost its trend without a word. Another program's database got pmprb's tables written into it, by
        ``pmprb history`` too, a command that only reads.
        """
        if self.version != 0:
            return
        tables = [row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' LIMIT 4")]
        ours = self.db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('periods', 'units')"
        ).fetchone()[0]
        if ours == 2:
            # (a history whose version was reset by hand: not another program's file)
            raise UsageError(
                f"{self.path}: bukan basis data riwayat pmprb yang sah (versi skema 0, padahal berisi tabel "
                "riwayat: diubah di luar pmprb)",
                hint="Pulihkan berkas riwayat dari cadangan; berkas tidak diubah.",
            )
        if tables:
            shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
            raise UsageError(
                f"{self.path}: bukan basis data riwayat pmprb (basis data SQLite lain, dengan tabel {shown}); "
                "berkas tidak diubah",
                hint="Arahkan kunci 'history' di pmprb.toml ke berkas riwayat pmprb (mis. keluaran/riwayat.sqlite); "
                "berkas ini milik program lain, biarkan.",
            )
        raise UsageError(
            f"{self.path}: basis data SQLite kosong, bukan riwayat pmprb; riwayat periode sebelumnya tidak ada di sana",
            hint="Periksa kunci 'history' di pmprb.toml: berkas riwayat dibuat oleh pmprb run. Bila riwayat memang "
            "baru dimulai, hapus berkas itu lalu jalankan lagi; bila seharusnya berisi bulan-bulan sebelumnya, "
            "pulihkan dari cadangan.",
        )

    def check_schema(self) -> None:
        """Refuse what pmprb never creates in a history: a view, a trigger, a virtual table.

        A view in place of a table made `run` and `history` loop in SQLite's C code, deaf to cron's SIGTERM; a
        trigger rewrote every recorded index to 99,5 (AA) while `run` said "dicatat".
        """
        found = self.db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') "
            "OR (type = 'table' AND upper(ltrim(sql)) LIKE 'CREATE VIRTUAL%') ORDER BY type, name LIMIT 1"
        ).fetchone()
        if found is None:
            return
        kind = {"view": "tampilan (VIEW)", "trigger": "pemicu (TRIGGER)"}.get(found[0], "tabel virtual")
        name = visible(str(found[1]))[:60]
        drop = {"view": "VIEW", "trigger": "TRIGGER"}.get(found[0], "TABLE")
        raise UsageError(
            f"{self.path}: riwayat memuat {kind} '{name}' yang tidak pernah dibuat pmprb (diubah di luar pmprb); "
            "tidak ada yang dibaca atau diubah",
            hint=f'Pulihkan riwayat dari cadangan, atau hapus objek itu (sqlite3 <berkas> "DROP {drop} …;") bila '
            "Anda tahu asalnya, lalu jalankan ulang.",
        )

    def check_integrity(self) -> None:
        """Refuse a damaged file (SQLite's integrity check), naming the damage; nothing is read or written."""
        # An index page overwritten by another (quick_check says "ok") gave May 104
        # units and no June in `history`, and `run` wrote on into the damaged file. The whole check reads every
        # page once: 0,06 s for a year of a kabupaten (2,3 MB).
        damage = [row[0] for row in self.db.execute("PRAGMA integrity_check(3)")]
        if damage != ["ok"]:
            indexes_only = all(" index " in f" {said} " for said in damage)
            # Said in Indonesian; SQLite's own words (English, several lines) follow on one line, named as its,
            # cut at a word: "(*** in database main *** \nOn tree page 156 cell 6: Rowi)" read as noise.
            detail = " ".join(" ".join(str(said).replace("*** in database main ***", "").split()) for said in damage)
            if len(detail) > 120:
                detail = detail[:120].rsplit(" ", 1)[0] + " …"
            raise UsageError(
                f"{self.path}: berkas riwayat rusak — {'indeksnya' if indexes_only else 'isi tabelnya'} tidak utuh "
                f"menurut pemeriksaan integritas SQLite (rincian SQLite: {detail}); tidak ada yang dibaca atau diubah",
                hint="Pulihkan riwayat dari cadangan, lalu jalankan ulang."
                + (
                    ' Yang rusak hanya indeksnya: tanpa cadangan, `sqlite3 <berkas> "REINDEX;"` menyusunnya '
                    "kembali dari tabelnya."
                    if indexes_only
                    else ""
                ),
            )

    def check_values(self) -> None:
        """Refuse a history holding a value pmprb never writes (edited by hand, or damaged), naming where.

        An index 'abc' or 9e999, or a period 2022-13, ended `history` and `run` with "Kesalahan internal"
        (exit 3); a 20 MB unit name made `history --unit` run for minutes. One scan per table, on open.
        """
        for table, checks in _VALUE_CHECKS.items():
            bad = " OR ".join(f"NOT ({check})" for check in checks.values())
            row = self.db.execute(f"SELECT rowid, * FROM {table} WHERE {bad} LIMIT 1").fetchone()
            if row is None:
                continue
            columns = [d[0] for d in self.db.execute(f"SELECT rowid, * FROM {table} LIMIT 0").description]
            column = next(
                c
                for c, check in checks.items()
                if not self.db.execute(f"SELECT {check} FROM {table} WHERE rowid = ?", (row[0],)).fetchone()[0]
            )
            raise self._not_written_by_pmprb(table, row[0], column, row[columns.index(column)])
        for rowid, outputs in self.db.execute("SELECT rowid, outputs FROM periods"):  # (one row per month)
            if _outputs(outputs) is None:
                raise self._not_written_by_pmprb("periods", rowid, "outputs", outputs)

    def _not_written_by_pmprb(self, table: str, rowid: int, column: str, value: object) -> UsageError:
        return UsageError(
            f"{self.path}: riwayat memuat nilai yang tidak ditulis pmprb (tabel {table}, baris {rowid}, kolom "
            f"{column}: {repr(value)[:60]}); tidak ada yang diubah",
            hint="Riwayat diubah di luar pmprb atau rusak: pulihkan dari cadangan, atau arahkan kunci 'history' "
            "di pmprb.toml ke berkas lain.",
        )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            # SQLite has already rolled back after some errors (a full disk): a second ROLLBACK then failed
            # with "cannot rollback - no transaction is active", which hid the cause in every later run.
            if self.db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------- reading

    @_refusals_said
    def periods(self) -> tuple[str, ...]:
        """Every recorded period, oldest first."""
        return tuple(r[0] for r in self.db.execute("SELECT period FROM periods ORDER BY period"))

    @_refusals_said
    def kabupaten_names(self) -> tuple[tuple[str, str], ...]:
        """Each recorded period with the kabupaten it was recorded for: (period, kabupaten), oldest first."""
        return tuple(self.db.execute("SELECT period, kabupaten FROM periods ORDER BY period"))

    @_refusals_said
    def rubrics(self) -> tuple[tuple[str, str, str, str], ...]:
        """Each recorded period with the rubric it was scored with: (period, id, version, checksum)."""
        return tuple(
            self.db.execute("SELECT period, rubric_id, rubric_version, rubric_checksum FROM periods ORDER BY period")
        )

    @_refusals_said
    def scored_by(self) -> tuple[tuple[str, str], ...]:
        """Each recorded period with the pmprb release that scored it, oldest first."""
        return tuple(self.db.execute("SELECT period, scored_by FROM periods ORDER BY period"))

    @_refusals_said
    def period(self, period: str) -> PeriodRecord | None:
        """The record of one period, or ``None``."""
        row = self.db.execute(
            f"SELECT {', '.join(_PERIOD_COLUMNS)} FROM periods WHERE period = ?", (period,)
        ).fetchone()
        if row is None:
            return None
        values = dict(zip(_PERIOD_COLUMNS, row, strict=True))
        values["outputs"] = _outputs(values["outputs"]) or ()  # (checked on open)
        return PeriodRecord(**values, units=self.units(period), inputs=self._inputs(period))

    @_refusals_said
    def units(self, period: str) -> tuple[UnitRecord, ...]:
        """The units of one period, sorted by file, with their areas."""
        areas: dict[str, list[AreaRecord]] = {}
        for file, *area in self.db.execute(
            "SELECT file, code, name, weight, score, verified_score FROM areas WHERE period = ? "
            "ORDER BY file, position",
            (period,),
        ):
            areas.setdefault(file, []).append(AreaRecord(*area))
        out = []
        for row in self.db.execute(
            f"SELECT {', '.join(_UNIT_COLUMNS)} FROM units WHERE period = ? ORDER BY file", (period,)
        ):
            values = dict(zip(_UNIT_COLUMNS, row, strict=True))
            values["index"] = values.pop("index_value")
            values["meets_target"] = bool(values["meets_target"])
            out.append(UnitRecord(**values, areas=tuple(areas.get(values["file"], ()))))
        return tuple(out)

    def _inputs(self, period: str) -> tuple[InputRecord, ...]:
        rows = self.db.execute(
            "SELECT file, sha256, status, kode FROM inputs WHERE period = ? ORDER BY file", (period,)
        )
        return tuple(InputRecord(*r) for r in rows)

    @_refusals_said
    def registered_kodes(self) -> tuple[frozenset[str], ...]:
        """The kodes of the units of each registry a period was run with (those the history kept, read once).

        Two units merged since, one of them silent in every month the other was scored, were scored in no
        month together; the registry of a month lists both, and tells a merger from a rename.
        """
        if self._registered is None:
            periods_of: dict[str, list[str]] = {}
            for period, sha in self.db.execute("SELECT period, registry_sha256 FROM periods ORDER BY period"):
                periods_of.setdefault(sha, []).append(period)
            kept = self.kept_registries()  # (first: it finds the hashes too)
            self._registered = tuple(
                ListedKodes((u.kode for u in r.units), tuple(periods_of.get(sha, ())), merger_units(r, kept))
                for sha, r in zip(self._kept_shas, kept, strict=True)
            )
        return self._registered

    @_refusals_said
    def kept_registries(self) -> tuple[Registry, ...]:
        """Each registry a period was run with that the history kept and this pmprb reads (parsed once)."""
        if self._kept is None:
            from pmprb_cli.errors import RegistryError
            from pmprb_cli.registry import parse_registry

            found = []
            found_shas = []
            shas = self.db.execute("SELECT DISTINCT registry_sha256 FROM periods WHERE registry_sha256 <> ''")
            for (sha,) in sorted(shas):
                kept = self.settings_file(sha)
                if kept is None:
                    continue
                try:
                    found.append(parse_registry(kept[1], kept[0] or "daftar unit"))
                except RegistryError:
                    continue  # (refused by this pmprb: the months scored together still tell)
                found_shas.append(sha)
            self._kept = tuple(found)
            self._kept_shas = tuple(found_shas)
        return self._kept

    @_refusals_said
    def points(self) -> tuple[HistoryPoint, ...]:
        """One point per unit per period: what the rapor draws its trend from.

        A unit ranked without a kode is under :data:`~pmprb_cli.rapor.WITHOUT_KODE` and its file. A period with
        no unit scored has one point without a kode (:data:`~pmprb_cli.rapor.NO_UNIT`).
        """
        rows = self.db.execute(
            # Whether the index was a verified one; unknown (NULL) for a row kept by version 1, which stored no
            # evaluator index (nor an input hash): its index may have been either.
            "SELECT u.period, u.kode, u.index_value, u.predikat, CASE WHEN u.verified_index IS NOT NULL THEN 1 "
            "WHEN u.input_sha256 = '' THEN NULL ELSE 0 END, p.rubric_id, p.rubric_version, p.rubric_checksum, "
            "u.evaluator_answers, p.kabupaten, u.file, p.target "
            "FROM units u JOIN periods p ON p.period = u.period ORDER BY u.period, u.kode, u.file"
        )
        points = [
            HistoryPoint(
                p,
                k or WITHOUT_KODE + f,
                float(i),
                str(d),
                None if v is None else bool(v),
                (str(r), str(rv), str(c)),
                e,
                str(n),
                str(t or ""),
            )
            for p, k, i, d, v, r, rv, c, e, n, f, t in rows
        ]
        # A period run with no unit scored (every file unreadable) is a month of the trend all the same: one
        # point without a kode stands for it. The rapor took the month before it as "the previous period"
        # (DINKES "sejak Januari +2,51") where `pmprb history` said "—" (not scored in February).
        empty = self.db.execute(
            "SELECT p.period, p.rubric_id, p.rubric_version, p.rubric_checksum, p.kabupaten, p.target FROM periods p "
            "WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.period = p.period) ORDER BY p.period"
        )
        points += [
            # (with its target: the trend's target line took today's across such a month; diffrev15)
            HistoryPoint(p, "", math.nan, "", None, (str(r), str(rv), str(c)), kabupaten=str(n), target=str(t or ""))
            for p, r, rv, c, n, t in empty
        ]
        return tuple(sorted(points, key=lambda h: h.period))

    @_refusals_said
    def dump(self) -> dict[str, list[tuple[object, ...]]]:
        """Every row of every table, sorted: a comparable picture of the whole database (tests, support)."""
        tables = [r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(self.db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}

    @_refusals_said
    def settings_file(self, sha256: str) -> tuple[str, bytes] | None:
        """The name and bytes of a rubric file or registry CSV kept by its SHA-256 (``None``: not kept, or damaged)."""
        if not sha256:
            return None
        row = self.db.execute("SELECT name, content FROM settings_files WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            return None
        try:
            data = zlib.decompress(bytes(row[1]))
        except zlib.error:
            return None
        return (str(row[0]), data) if hashlib.sha256(data).hexdigest() == sha256 else None

    def kept_rubric(self, checksum: str, rubric_id: str) -> tuple[bool, Rubric | None]:
        """Whether the history kept this rubric file, and its rubric (``None`` when refused by this pmprb).

        Parsed once per history opened: the instrument guard and the versions alike (rapor.versions_alike)
        both ask, on every run.
        """
        if checksum not in self._kept_rubrics:
            from pmprb_cli.rubric import rubric_from_bytes

            kept = self.settings_file(checksum)
            rubric = None
            if kept is not None:
                with contextlib.suppress(PmprbError):
                    rubric = rubric_from_bytes(kept[1], Path(kept[0] or f"{rubric_id}.toml"))
            self._kept_rubrics[checksum] = (kept is not None, rubric)
        return self._kept_rubrics[checksum]

    def recorded_rubrics(self) -> tuple[Rubric, ...]:
        """The rubrics the recorded periods were scored with, from the files the history kept.

        Their ``scores_as`` say which versions score alike (rapor.versions_alike); a kept file this pmprb
        refuses, or one not kept (an early history), says nothing and is left out.
        """
        rows = self.db.execute("SELECT DISTINCT rubric_checksum, rubric_id FROM periods ORDER BY rubric_checksum")
        found = (self.kept_rubric(checksum, rubric_id)[1] for checksum, rubric_id in rows.fetchall())
        return tuple(r for r in found if r is not None)

    # ------------------------------------------------------------------- writing

    @_refusals_said
    def keep_settings_files(self, files: Mapping[str, tuple[str, bytes]]) -> bool:
        """Keep each file (kind → (file name, bytes); kinds ``rubrik``, ``daftar unit``) not kept yet.

        ``False`` when none was new: a repeated run finds them all and writes nothing, so the file stays byte
        for byte as it was.
        """
        new = {}
        for kind, (name, data) in files.items():
            sha256 = hashlib.sha256(data).hexdigest()
            if data and self.db.execute("SELECT 1 FROM settings_files WHERE sha256 = ?", (sha256,)).fetchone() is None:
                new[sha256] = (kind, name, data)
        if not new:
            return False
        with self._transaction():
            for sha256, (kind, name, data) in sorted(new.items()):
                self.db.execute(
                    "INSERT OR IGNORE INTO settings_files (sha256, kind, name, content) VALUES (?, ?, ?, ?)",
                    (sha256, kind, name, zlib.compress(data, 9)),
                )
        return True

    @_refusals_said
    def check_writable(self) -> None:
        """Take the write lock and give it back: a program holding it is met before a run writes its outputs.

        A DB browser with unsaved edits held it: the run rewrote the period's rekap, rapor and nilai files, then
        found the history locked and stopped, outputs and history disagreeing with nothing said of it.
        """
        # (EXCLUSIVE, as a commit needs it: a viewer's read transaction blocks the commit, not BEGIN IMMEDIATE;
        # and a statement that writes, which a file opened read-only refuses where BEGIN alone passes)
        self.db.execute("BEGIN EXCLUSIVE")
        try:
            self.db.execute("DELETE FROM periods WHERE 0")
        finally:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")

    @_refusals_said
    def replace(self, record: PeriodRecord, before_commit: Callable[[], None] | None = None) -> bool:
        """Replace one period in one transaction; ``False`` (nothing written) when the record is unchanged."""
        if self.period(record.period) == record:
            return False
        with self._transaction():
            for table in ("areas", "inputs", "units", "periods"):
                self.db.execute(f"DELETE FROM {table} WHERE period = ?", (record.period,))
            values = [getattr(record, c) for c in _PERIOD_COLUMNS]
            values[_PERIOD_COLUMNS.index("outputs")] = json.dumps([list(o) for o in record.outputs])
            self._insert("periods", _PERIOD_COLUMNS, values)
            for unit in record.units:
                row = [getattr(unit, "index" if c == "index_value" else c) for c in _UNIT_COLUMNS]
                self._insert("units", ("period", *_UNIT_COLUMNS), [record.period, *row])
                for n, a in enumerate(unit.areas):
                    self._insert(
                        "areas",
                        ("period", "file", "position", "code", "name", "weight", "score", "verified_score"),
                        [record.period, unit.file, n, a.code, a.name, a.weight, a.score, a.verified_score],
                    )
            for i in record.inputs:
                self._insert("inputs", ("period", "file", "sha256", "status", "kode"), [record.period, *vars_of(i)])
            if before_commit is not None:
                before_commit()
        return True

    def _insert(self, table: str, columns: Sequence[str], values: Sequence[object]) -> None:
        marks = ", ".join("?" for _ in columns)
        self.db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", list(values))


def _create(file: Path) -> None:
    """A new, empty history at ``file``: built beside it, put in place once whole.

    Created here, not by SQLite (always 0o644): the umask decides, as for every file pmprb writes. Built
    aside: a first run killed between creating the file and writing its schema left 0 bytes, which every
    later run refuses (an empty history is never taken for a new one).
    """
    sweep_leftovers(file.parent)  # (a first run killed before the link below left its copy)
    tmp = temporary_beside(file, reserve=len(_JOURNAL))
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        connection = sqlite3.connect(tmp, isolation_level=None)
        try:
            History(connection, tmp).migrate()
        finally:
            connection.close()
        try:
            os.link(tmp, file)  # never over a history another run put there meanwhile
        except FileExistsError:
            pass
        except OSError:
            if not file.exists():  # (a file system without hard links)
                os.replace(tmp, file)
    finally:
        tmp.unlink(missing_ok=True)


def vars_of(record: InputRecord) -> list[object]:
    """The fields of an input record, in declaration order."""
    return [getattr(record, f.name) for f in fields(record)]


# --------------------------------------------------------------------------- the lock


if sys.platform == "win32":
    import msvcrt

    # Windows locks byte ranges that others then cannot read: lock one byte far past the holder's note.
    _LOCK_OFFSET = 1 << 20

    def _try_lock(fd: int, shared: bool = False) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int, shared: bool = False) -> None:
        # (shared: a reader's, through a handle opened read-only; it still waits for a run's exclusive lock)
        fcntl.lockf(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)


def _read_note(fd: int) -> str:
    """Who holds the lock, as its holder wrote it ("pid 123, pmprb run 2022-07"); said otherwise when stale.

    A reader sharing the lock (an export without write access) writes no note: the note left was of a run
    long ended, and the refused run named that pid, by now perhaps another process's.
    """
    os.lseek(fd, 0, os.SEEK_SET)
    note = os.read(fd, 200).decode("utf-8", "replace").strip()
    found = re.match(r"pid (\d+),", note)
    if found is not None and not _alive(int(found.group(1))):
        return (
            "mungkin pmprb export pengguna lain, yang hanya membaca; catatan di berkas kunci dari proses yang sudah "
            "selesai"
        )
    return note


def _alive(pid: int) -> bool:
    """Whether a process of this pid runs here (a pid from another computer of a share may read as not)."""
    if pid == os.getpid() or os.name == "nt":
        return True  # (on Windows os.kill ends the process it is given: never asked there)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, OverflowError):
        return True  # (someone else's process: alive)
    return True


def lock_path(database: Path) -> Path:
    """The lock file beside the database."""
    return database.with_name(database.name + ".lock")


@contextlib.contextmanager
def hold_lock(
    database: Path,
    what: str,
    wait: float = 0.0,
    waiting: Callable[[str], None] | None = None,
    *,
    reader: bool = False,
) -> Iterator[None]:
    """Hold the exclusive lock of ``database`` for the block; raise :class:`RunBusy` when taken.

    ``wait``: seconds to wait for the lock first (``--wait``), trying again every second; 0 raises at once.
    ``waiting`` is told once, in words, who holds it when the wait begins: `--wait 1800` was half an hour of
    silence, on the terminal and in the log (killed by cron then, its log said nothing of the wait).
    The 06:00 cron run of the 1st found someone's run by hand under way and stopped with exit 4, for a
    month: waiting on pmprb's own lock waits for any pmprb, by hand or not (``flock run.lock`` before it
    waited only for those that took run.lock too).

    A POSIX record lock (``lockf``), not ``flock``: it belongs to this process alone, so worker processes
    forked by a parallel run do not inherit it, and the operating system releases it when this process ends,
    however it ends; a killed run never leaves a stale lock, even while its orphaned workers finish. The lock
    file is never deleted (that would let two processes lock two different files). On Windows a ``msvcrt``
    byte-range lock plays the same part. ``what`` (e.g.
    ``pmprb run 2022-07``) is written into the file for the message to a second run.

    ``reader``: a process that only reads the history (export) goes on without the lock where the history's
    folder is a read-only file system, on which no run can write it either: `export` was refused there
    ("Tidak dapat membuat berkas kunci … hanya-baca") while `history` read the same site.
    """
    path = lock_path(database)
    flags = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOINHERIT", 0)
    shared = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o666)
    except OSError as exc:
        if reader and exc.errno == errno.EROFS:
            yield
            return
        # Another staff member's history, readable here but not writable: `history` read it while `export`
        # was refused "Tidak dapat membuat berkas kunci … izin ditolak" of a lock file that was there. A
        # reader takes a shared lock through a read-only handle (a run's exclusive one still keeps it out).
        fd = -1
        if reader and exc.errno in (errno.EACCES, errno.EPERM) and os.name != "nt" and path.is_file():
            with contextlib.suppress(OSError):
                fd, shared = os.open(path, os.O_RDONLY | flags), True
        if fd < 0:
            verb = "membuka" if path.exists() else "membuat"
            denied = exc.errno in (errno.EACCES, errno.EPERM)
            raise SystemRefusal(
                f"Tidak dapat {verb} berkas kunci {path}: {os_reason(exc)}",
                hint=f"Perlu izin tulis pada berkas kunci dan folder riwayat {path.parent}: minta pemiliknya memberi "
                "izin tulis kepada pengguna ini (mis. grup yang sama dan chmod g+w), lalu jalankan ulang."
                if denied
                else "",
            ) from exc
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                _try_lock(fd, shared)
                break
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN, errno.EDEADLK):
                    raise SystemRefusal(f"Tidak dapat mengunci {path}: {os_reason(exc)}") from exc
                if time.monotonic() < deadline:
                    if waiting is not None:
                        holder = _read_note(fd)
                        waiting(
                            f"menunggu riwayat {database} yang sedang dipakai proses pmprb lain"
                            + (f" ({holder})" if holder else "")
                            + f", paling lama {wait:g} detik"
                        )
                        waiting = None
                    time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
                    continue
                holder = _read_note(fd)
                waited = f" (sudah ditunggu {wait:g} detik)" if wait > 0 else ""
                raise RunBusy(
                    f"Riwayat {database} sedang dipakai oleh proses pmprb lain"
                    + (f" ({holder})" if holder else "")
                    + f"{waited}; proses ini tidak dijalankan dan tidak mengubah apa pun.",
                    hint="Tunggu proses itu selesai lalu jalankan ulang; `--wait 1800` membuat run dan export "
                    "menunggu sampai 30 menit (di crontab juga, lihat README bagian cron).",
                ) from None
        if not shared:
            note = f"pid {os.getpid()}, {what}\n".encode()
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, note.ljust(200))  # a fixed length: no truncation, which Windows refuses on a locked file
            except OSError as exc:
                # A full disk where the history lives was said of stdout ("mis. stdout yang dialihkan"), no path.
                raise SystemRefusal(f"Tidak dapat menulis berkas kunci {path}: {os_reason(exc)}") from exc
        yield
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- the trend


@dataclass(frozen=True)
class TrendRow:
    """One row of ``pmprb history``: a month, or a triwulan shown by its last month present.

    For the kabupaten, ``index`` is the mean index of the units ranked that month and ``units`` how many;
    for one unit (``--unit``), its own index (the verified one when an evaluator answered, as it ranks), its
    self-assessed index, rank and finding counts.
    """

    level: str  # "bulan" or "triwulan"
    period: str  # 2022-07, or 2022-Q3
    month: str  # the month the values come from
    units: int
    index: float
    predikat: str
    change: float | None
    meets_target: int
    target: str
    rank: int | None = None
    self_index: float | None = None
    verified_index: float | None = None
    errors: int | None = None
    warnings: int | None = None
    #: A change measured across two bases (verified in one period, self-assessed in the other), for a unit or
    #: for one of the units of the kabupaten's mean change: the rapor marks it (†); a change of +6,03 read as
    #: progress when it was the evaluator's column appearing.
    basis_changed: bool = False
    #: The period ``change`` is measured from: the row before in the history, which is not the month (or
    #: triwulan) right before when a whole month was never run (June → August read as a month's change).
    since: str | None = None
    #: The rubric the month was scored with ("pmprb-2020 v1.1.1"); ``rubric_changed`` when the row before was
    #: scored with another one and no earlier row with this one: no change is measured across rubrics (a
    #: switch to ZI read as "-39,68"); with an earlier row on this rubric, the change is since that one.
    rubric: str = ""
    rubric_changed: bool = False
    #: A unit's row: how many answers of its verified index the evaluator gave (``None``: none, or not known).
    evaluator_answers: int | None = None
    #: Each area's score as ranked (the verified one where the evaluator answered), by code in rubric order; for
    #: the kabupaten, the mean over its units that month. An analyst following an area month by month had only
    #: the rekap of each month to read it from (datarev2). JSON only: the CSV keeps one column per field.
    areas: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def as_written(self) -> dict[str, object]:
        """:meth:`to_dict` with every number's float noise off, as JSON and CSV write it (models.denoised)."""
        values = {k: denoised(v) if isinstance(v, float) else v for k, v in self.to_dict().items()}
        values["areas"] = {code: denoised(score) for code, score in self.areas}
        return values


def quarter_of(period: str) -> str:
    """``2022-07`` → ``2022-Q3``."""
    year, month = period.split("-")
    return f"{year}-Q{(int(month) - 1) // 3 + 1}"


@_refusals_said
def trend(
    history: History,
    predikat_of: Callable[[float, PeriodRecord], str],
    kode: str | None = None,
    decimals: int = 2,
    old_kodes: Sequence[str] = (),
    renamed: Mapping[str, str] | None = None,
    pass_fail: Collection[str] = (),
    alike: Alike = frozenset(),
) -> tuple[TrendRow, ...]:
    """The months, then the triwulan, of the kabupaten (mean of its units) or of one unit (``kode``).

    A month whose target is one of ``pass_fail`` (WBK, WBBM: passed or not, unit by unit) gives the
    kabupaten's mean no predikat letter, as the rapor gives it none: "87,57 (A)" read as a grade nobody has.
    ``predikat_of(mean, record)``: the kabupaten mean's predikat on the rubric that month was scored with (July's
    65,86 became BB in every past month once pmprb.toml named a rubric whose BB starts at 65).

    A unit's months scored under an old kode (``old_kodes``, its aliases in the registry) are its months, as
    the rapor reads them; a month with two of them (two units since merged into it) is none of its months.
    For the kabupaten's change, ``renamed`` (:func:`~pmprb_cli.registry.renamed_kodes`) pairs a unit's month
    under its old kode with its month under the new one, as the rapor pairs them.

    A row's ``change`` is measured as the rapor measures it: for the kabupaten, the mean change of the units
    ranked in both months (a difference of two means over different units moved with who sent, not with
    progress: +3,30 here where the rapor said +3,06); for a unit, the change since the month (or triwulan)
    right before, and none after a gap (it read as a month's change what was two months'). Changes are
    differences of indexes as shown with ``decimals`` (70,25 → 75,03 is +4,78, never +4,77).
    """
    months: list[TrendRow] = []
    periods = history.periods()
    records = {period: history.period(period) for period in periods}
    scored = [{u.kode for u in r.units if u.kode} for r in records.values() if r]
    registered = history.registered_kodes()
    merged = merged_kodes(scored, renamed or {}, registered)
    # A merged unit's own kode, up to the last month another of its kodes was scored or registered, was the old
    # unit's.
    listed = listed_by_period(registered)
    before = before_merger(
        scored, renamed or {}, merged, [listed.get(p, frozenset()) for p in periods], merger_rows(registered)
    )
    befores = dict(zip(periods, before, strict=True))
    # A merged unit's old kodes are not its past, even in a month only one of them was scored.
    old = set() if kode is not None and is_merger(kode, merged) else {k.casefold() for k in old_kodes}
    # month → kode → (index, its basis: see evaluation_basis), for the kabupaten's change
    indexes: dict[str, dict[str, tuple[float, int | None]]] = {}
    rubric_of: dict[str, tuple[str, str, str]] = {}
    for period in periods:
        record = records[period]
        assert record is not None
        rubric_of[period] = (record.rubric_id, record.rubric_version, record.rubric_checksum)
        if kode is None:
            units = record.units
            if not units:
                continue
            mean = math.fsum(u.index for u in units) / len(units)  # exactly rounded: the same in every output
            indexes[period] = under_current_kodes(
                {u.kode: (u.index, evaluation_basis(u.verified_index, u.evaluator_answers)) for u in units if u.kode},
                renamed or {},
                merged,
                befores[period],
            )
            row = TrendRow(
                "bulan",
                period,
                period,
                len(units),
                mean,
                "" if record.target in pass_fail else predikat_of(mean, record),
                None,
                sum(1 for u in units if u.meets_target),
                record.target,
                areas=_mean_areas(units),
            )
        else:
            if is_merger(kode, befores[period]):
                continue  # the old unit of that kode, before the merger: none of the merged unit's months
            found = [u for u in record.units if u.kode.casefold() == kode.casefold()]
            if not found:
                found = [u for u in record.units if u.kode.casefold() in old]
                if len({u.kode.casefold() for u in found}) != 1:
                    continue
            u = found[0]
            row = TrendRow(
                "bulan",
                period,
                period,
                1,
                u.index,
                u.predikat,
                None,
                int(u.meets_target),
                record.target,
                rank=u.rank,
                self_index=u.self_index,
                verified_index=u.verified_index,
                errors=u.errors,
                warnings=u.warnings,
                evaluator_answers=u.evaluator_answers,
                areas=tuple((a.code, _ranked_score(a)) for a in u.areas),
            )
        months.append(_replace(row, rubric=f"{record.rubric_id} v{record.rubric_version}"))
    last: dict[str, TrendRow] = {}
    for row in months:
        last[quarter_of(row.period)] = row  # the capaian at the end of the triwulan: its last month present
    quarters = [_replace(r, level="triwulan", period=q) for q, r in last.items()]

    def alike_months(a: str, b: str) -> bool:
        return same_rubric(rubric_of[a], rubric_of[b], alike)

    if kode is None:
        changed = (
            *_kabupaten_change(months, indexes, decimals, alike_months, [p for p in periods if p not in indexes]),
            *_kabupaten_change(quarters, indexes, decimals, alike_months),
        )
    else:
        last_month = {quarter_of(p): p for p in periods}  # (periods are in order: the last month of each)
        changed = (
            *_unit_change(months, {p: p for p in periods}, decimals, alike_months),
            *_unit_change(quarters, last_month, decimals, alike_months),
        )
    return changed


def _ranked_score(area: AreaRecord) -> float:
    """An area's score as its unit ranks: the verified one where the evaluator answered."""
    return area.score if area.verified_score is None else area.verified_score


def _mean_areas(units: Sequence[UnitRecord]) -> tuple[tuple[str, float], ...]:
    """Each area's mean score over the units, in the order of the first unit's areas; none unless all hold theirs.

    (A history whose areas were kept for 2 units of 40 gave the mean of those 2 beside "units: 40"; hostrev11.)
    """
    if not all(u.areas for u in units):
        return ()
    scores: dict[str, list[float]] = {}
    for unit in units:
        for area in unit.areas:
            scores.setdefault(area.code, []).append(_ranked_score(area))
    return tuple((code, math.fsum(values) / len(values)) for code, values in scores.items())


def _comparable_before(
    rows: Sequence[TrendRow], n: int, alike_months: Callable[[str, str], bool]
) -> tuple[TrendRow | None, bool]:
    """The latest row before ``rows[n]`` scored with its rubric, and whether the row right before was not.

    A change is measured within one rubric, as the rapor measures it: March after a February scored with the
    kabupaten's own rubric is compared with January ("+10,00 (sejak Januari 2022)"), where the rapor said that
    and the history said "— (rubrik lain)".
    """
    row = rows[n]
    other = n > 0 and not alike_months(rows[n - 1].month, row.month)
    for before in reversed(rows[:n]):
        if alike_months(before.month, row.month):
            return before, other
    return None, other


def _replace(row: TrendRow, **changes: object) -> TrendRow:
    values = row.to_dict() | changes
    return TrendRow(**values)  # type: ignore[arg-type]


def _kabupaten_change(
    rows: Sequence[TrendRow],
    indexes: Mapping[str, Mapping[str, tuple[float, int | None]]],
    decimals: int,
    alike_months: Callable[[str, str], bool],
    empty: Collection[str] = (),
) -> list[TrendRow]:
    """Each row with the change of the mean index, since the row before on its rubric, of the units ranked in both.

    ``empty``: months run that ranked no unit. One between two months leaves no change, as for every unit of
    them and in the rapor (March "+1,86 (sejak Januari)" here, none in the rapor, whose previous was February).

    ``basis_changed`` when one of those units changed basis (verified in one month, self-assessed in the
    other): the mean carries that difference too, as the unit's own change does. No unit in both: no change.
    """
    out = []
    for n, row in enumerate(rows):
        change, across = None, False
        before, other = _comparable_before(rows, n, alike_months)
        if before is not None and any(before.month < p < row.month and alike_months(p, row.month) for p in empty):
            before = None
        if before is not None:
            now, then = indexes.get(row.month, {}), indexes.get(before.month, {})
            both = sorted(set(now) & set(then))
            # The difference of their two means as shown (the same units at 71,31 → 71,34 moved +0,03, not the
            # +0,02 the mean of their rounded changes made).
            change = (
                shown_difference(
                    math.fsum(now[k][0] for k in both) / len(both),
                    math.fsum(then[k][0] for k in both) / len(both),
                    decimals,
                )
                if both
                else None
            )
            across = any(bases_differ(now[k][1], then[k][1]) for k in both)
        since = before.period if before is not None and change is not None else None
        out.append(
            _replace(row, change=change, basis_changed=across, since=since, rubric_changed=other and before is None)
        )
    return out


def _unit_change(
    rows: Sequence[TrendRow],
    month_of: Mapping[str, str],
    decimals: int,
    alike_months: Callable[[str, str], bool],
) -> list[TrendRow]:
    """Each row with its change since the row before, when that row is the period right before it.

    ``month_of``: every period recorded, in order (months, or triwulan), with the month that scores it. The
    period right before is the latest earlier one on the row's rubric: a unit absent from it has no change.
    """
    in_order = list(month_of)
    out = []
    for n, row in enumerate(rows):
        before, other = _comparable_before(rows, n, alike_months)
        place = in_order.index(row.period)
        previous = next((p for p in reversed(in_order[:place]) if alike_months(month_of[p], row.month)), None)
        follows = before is not None and before.period == previous
        change = shown_difference(row.index, before.index, decimals) if follows and before is not None else None
        across = (
            follows
            and before is not None
            and bases_differ(
                evaluation_basis(row.verified_index, row.evaluator_answers),
                evaluation_basis(before.verified_index, before.evaluator_answers),
            )
        )
        since = before.period if follows and before is not None else None
        out.append(
            _replace(row, change=change, basis_changed=across, since=since, rubric_changed=other and previous is None)
        )
    return out


MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_ROMAN = ("I", "II", "III", "IV")


def period_before(period: str) -> str:
    """The month or triwulan right before: ``2022-01`` → ``2021-12``; ``2022-Q1`` → ``2021-Q4``."""
    year, part = period.split("-")
    if part.startswith("Q"):
        quarter = int(part[1:])
        return f"{year}-Q{quarter - 1}" if quarter > 1 else f"{int(year) - 1}-Q4"
    month = int(part)
    return f"{year}-{month - 1:02d}" if month > 1 else f"{int(year) - 1}-12"


def period_label(period: str) -> str:
    """``2022-07`` → ``Juli 2022``; ``2022-Q3`` → ``Triwulan III 2022``."""
    year, part = period.split("-")
    if part.startswith("Q"):
        return f"Triwulan {_ROMAN[int(part[1:]) - 1]} {year}"
    return f"{MONTHS[int(part) - 1]} {year}"


def other_kabupaten(history: History, kabupaten: str, period: str = "") -> tuple[tuple[str, str], ...]:
    """The recorded periods (but ``period``) of a kabupaten named otherwise than ``kabupaten``: (period, name).

    A history copied with another kabupaten's folder was used without a word: the rapor measured "▼ -36,83"
    against the other kabupaten's units (their kodes the same) and `history` showed its months under this name.
    """
    from pmprb_cli.checks import one_pemda_written

    # (one pemda written otherwise, "Kabupaten Contoh" then "Kab. Contoh", was called another kabupaten's
    # history in every summary and rapor, for good)
    return tuple(
        (p, name) for p, name in history.kabupaten_names() if p != period and not one_pemda_written(name, kabupaten)
    )


def recorded_elsewhere(others: Sequence[tuple[str, str]], kabupaten: str) -> str:
    """What :func:`other_kabupaten`'s periods are, said the same by `run`, `history` and the rapor."""
    names = list(dict.fromkeys(visible(name) for _, name in others))
    months = [period_label(p) for p, _ in others]
    shown = ", ".join(months[:3]) + (f" dan {len(months) - 3} periode lain" if len(months) > 3 else "")
    return (
        f"Perhatian: riwayat mencatat {shown} untuk kabupaten bernama lain ({'; '.join(names[:3])}), bukan "
        f"{visible(kabupaten)}"
    )


def other_kabupaten_line(others: Sequence[tuple[str, str]], kabupaten: str) -> str:
    """The warning for :func:`other_kabupaten`'s periods: which, whose, and what to do."""
    return (
        f"{recorded_elsewhere(others, kabupaten)}: perubahan dan tren dihitung terhadap periode itu. Bila riwayat "
        "itu salinan dari kabupaten lain, arahkan kunci history di pmprb.toml ke berkas baru; bila nama kabupaten "
        "di pmprb.toml sengaja diubah, periode itu tetap tercatat dengan nama lamanya."
    )


@_refusals_said
def find_unit(history: History, text: str, registry: Registry | None = None) -> tuple[str, str]:
    """(kode, nama) of the unit named by kode, name or registry alias (letter case ignored).

    A usage error otherwise: a registered unit never scored is said to be one (a unit added in August was
    "not in the history … did you mean KEC-SUKAMAJU?"), anything else with the closest kode as suggestion.
    """
    names: dict[str, str] = {}
    periods_of: dict[str, set[str]] = {}
    rows = history.db.execute("SELECT kode, nama, period FROM units WHERE kode <> '' ORDER BY period, file")
    for kode, nama, period in rows:
        names[kode] = nama  # the latest name wins
        periods_of.setdefault(kode.casefold(), set()).add(period)
    registered = registry.of_workbook(text, text) if registry is not None else None
    exact = next((k for k in names if k.casefold() == " ".join(text.casefold().split())), None)
    if registered is not None and exact is not None and exact.casefold() != registered.kode.casefold():
        # One of the units merged into this one (two of its old kodes scored in one month, or listed in one
        # month's registry): its own months, not the merged unit's ("--unit DISPERINDAG" showed DISKOPERINDAG's
        # two months, not its twelve).
        if is_merged_unit(history, registered.kode, registry):
            return exact, names[exact]
    if registered is not None:
        # Its kode, or an old kode kept as its alias (the history keeps the kode each month was scored under).
        # Letter case ignored, as everywhere else a kode is matched: alias "Diskominfo" is kode DISKOMINFO.
        recorded = {k.casefold(): k for k in names}
        for kode in (registered.kode, *registered.aliases):
            found = recorded.get(kode.casefold())
            if found is not None:
                return found, names[found]
    key = " ".join(text.casefold().split())
    for kode, nama in names.items():
        if key in (kode.casefold(), " ".join(nama.casefold().split())):
            if registry is not None and key != kode.casefold() and registry.of_workbook(kode, "") is not None:
                # A name it had then, its kode since an alias (Dinas Pendidikan, now DISDIKBUD): the unit's whole
                # history, as its old kode finds it ("--unit 'Dinas Pendidikan'" showed two months of twelve).
                return find_unit(history, kode, registry)
            return kode, nama  # (a kode since changed, its history recorded under the old one)
    if registered is not None:
        raise UsageError(
            f"Unit {registered.kode} ({registered.nama}) terdaftar tetapi belum pernah dinilai di riwayat "
            f"{history.path}",
            hint="Riwayat mencatat unit sejak run pertama yang membaca buku kerjanya (pmprb run --period TTTT-BB).",
        )
    labels = {k.casefold(): k for k in names} | {" ".join(n.casefold().split()): k for k, n in names.items()}
    # (0,7: at 0,6 "DINKES" was "Maksudnya INSP?")
    close = difflib.get_close_matches(key, list(labels), n=1, cutoff=0.7)
    hint = f"Maksudnya {labels[close[0]]}?" if close else "Lihat kode unit di daftar unit (registry)."
    raise UsageError(f"Unit '{text}' tidak ada di riwayat {history.path}", hint=hint)


def is_merged_unit(history: History, kode: str, registry: Registry | None) -> bool:
    """Whether the registry's unit ``kode`` is two units of the history merged (not one unit renamed)."""
    periods_of: dict[str, set[str]] = {}
    for unit_kode, period in history.db.execute("SELECT kode, period FROM units WHERE kode <> ''"):
        periods_of.setdefault(unit_kode.casefold(), set()).add(period)
    months = sorted({p for scored_in in periods_of.values() for p in scored_in})
    scored = [{k for k, scored_in in periods_of.items() if p in scored_in} for p in months]
    return is_merger(kode, merged_kodes(scored, renamed_kodes(registry), history.registered_kodes()))


def old_kodes_of(kode: str, registry: Registry | None) -> tuple[str, ...]:
    """The other kodes a unit's months may be recorded under: the aliases of its registry entry."""
    unit = registry.by_kode(kode) if registry is not None else None
    if registry is None or unit is None:
        return ()
    # Not an alias that is another unit's kode now: that unit's months are its own (the rapor reads them so).
    return tuple(a for a in unit.aliases if a.casefold() != kode.casefold() and registry.by_kode(a) is None)


def months_not_scored(periods: Sequence[str], rows: Sequence[TrendRow]) -> list[str]:
    """A unit's recorded months without its score, from its first month on (its trend rows are those it has)."""
    scored = [r.period for r in rows if r.level == "bulan"]
    return [p for p in periods if scored and p > scored[0] and p not in scored]


def months_without_units(periods: Sequence[str], rows: Sequence[TrendRow]) -> list[str]:
    """The kabupaten's recorded months in which no unit was ranked (they give no row of its trend)."""
    scored = {r.period for r in rows if r.level == "bulan"}
    return [p for p in periods if p not in scored]


def trend_json(
    rows: Sequence[TrendRow],
    kabupaten: str,
    unit: tuple[str, str] | None,
    not_scored: Sequence[str] = (),
    without_units: Sequence[str] = (),
) -> str:
    """The JSON of ``pmprb history``: months and triwulan, keys sorted; a unit's months without a score.

    ``without_units``: the kabupaten's recorded months that ranked no unit (September, recorded with one
    unreadable file, was missing from the months without a word).

    Schema: pmprb_cli/schemas/history.schema.json; a key added or renamed here (or a field of :class:`TrendRow`)
    goes there too (tests/test_monthly.py).
    """
    doc = {
        "kabupaten": kabupaten,
        "unit": {"kode": unit[0], "nama": unit[1], "not_scored": list(not_scored)} if unit else None,
        "months_without_units": list(without_units),
        "months": [r.as_written() for r in rows if r.level == "bulan"],
        "quarters": [r.as_written() for r in rows if r.level == "triwulan"],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def trend_csv(rows: Sequence[TrendRow], kabupaten: str = "", kode: str = "") -> str:
    """The CSV of ``pmprb history``: one row per month, then per triwulan (column ``level``); to 10 decimals.

    Each row ends with the kabupaten and the unit's kode (empty for the kabupaten's trend): a provincial dashboard
    loading several kabupaten's files could not tell their rows apart (JSON had both).
    """
    from pmprb_cli.files import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [f.name for f in fields(TrendRow) if f.name != "areas"]  # (areas: JSON only, see TrendRow)
    writer.writerow([*names, "kabupaten", "kode"])
    for row in rows:
        written = row.as_written()
        writer.writerow(
            ["" if v is None else repr(v) if isinstance(v, float) else v for v in (written[n] for n in names)]
            + [safe_cell(kabupaten), safe_cell(kode)]
        )
    return buffer.getvalue()
