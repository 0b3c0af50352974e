"""What ``pmprb run`` remembers between runs so that a changed workbook is the only one read again.

Each workbook's :class:`~pmprb_cli.pipeline.FileResult` is kept under a key that digests everything its
result depends on: the file's bytes and path, the rubric, the registry, the period, the target and pmprb's
own code. A key that differs means the unit is read, checked and scored again; the batch (ranks, duplicates,
units that sent nothing) is always rebuilt from the results.

The cache is disposable: a file SQLite cannot open is deleted and started afresh, an entry that cannot be
read back is recomputed. It holds pickled Python objects, so it is created readable by its owner only and
must stay in a folder only the operator can write (the folder of ``pmprb.toml``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import io
import os
import pickle
import sqlite3
import stat
import sys
import zlib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pmprb_cli import __version__
from pmprb_cli.errors import os_reason, sqlite_reason
from pmprb_cli.pipeline import FileResult

_FORMAT = 1
#: The periods whose results are kept (the latest ones): an older period run again reads its files again.
KEPT_PERIODS = 24


def cache_path(database: Path) -> Path:
    """The cache file beside the history database (``riwayat.sqlite`` → ``riwayat.cache.sqlite``)."""
    return database.with_name(f"{database.stem}.cache{database.suffix or '.sqlite'}")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of pmprb's version and of every file of the installed package (code, rubrics, templates).

    A result computed by other code is never reused, even when a developer changes code without a new version.
    """
    digest = hashlib.sha256(f"{__version__}\0{_FORMAT}\0".encode())
    root = resources.files("pmprb_cli")
    stack = [(root, "")]
    entries: list[tuple[str, bytes]] = []
    while stack:
        folder, prefix = stack.pop()
        for entry in folder.iterdir():
            name = prefix + entry.name
            if entry.is_dir():
                if entry.name != "__pycache__":
                    stack.append((entry, name + "/"))
            elif not entry.name.endswith((".pyc", ".pyo")):
                entries.append((name, entry.read_bytes()))
    for name, data in sorted(entries):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def digest(*parts: object) -> str:
    """The SHA-256 of parts joined unambiguously (each part's text, then a NUL)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8") + b"\0")
    return h.hexdigest()


_UNTRUSTED = "tidak aman dipakai"


def _untrusted(path: Path) -> str:
    """Why a cache file (or its journal) may hold what someone else wrote ("" when only its owner can).

    Unpickling runs code: a cache another user owns, or one others may write (made under a loose umask by
    an earlier version), is never read. SQLite rolls a journal left beside the file into it on opening, so
    the journal files are judged too.
    """
    if not hasattr(os, "geteuid"):
        return ""  # (Windows: no owner or mode bits to judge by)
    for part in _parts(path):
        try:
            info = part.lstat()
        except FileNotFoundError:
            continue
        if info.st_uid != os.geteuid():
            return f"{_UNTRUSTED}: {part.name} milik pengguna lain"
        if info.st_mode & 0o022 or not stat.S_ISREG(info.st_mode):
            return f"{_UNTRUSTED}: {part.name} dapat diubah pengguna lain"
    return ""


#: Besides pmprb's own result types: what an answer cell may hold, and the sets a result may carry.
_PLAIN_TYPES = {
    *(("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")),
    *(("builtins", name) for name in ("frozenset", "set")),
}


class _ResultUnpickler(pickle.Unpickler):
    """An unpickler that builds results and nothing else: no function of any module is ever called.

    The owner-only file is the first guard; this is the second. A journal another operator slipped beside
    the cache in a group-writable folder is replayed by SQLite into the file whoever owns it (shown by a
    review: a pickle naming os.system ran as the cron user). Through this unpickler such a pickle fails to
    load: only pmprb's dataclasses and enums (whose construction only assigns fields) and plain value types
    are found, and the entry is recomputed.
    """

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _PLAIN_TYPES:
            return super().find_class(module, name)
        if (module, name) == ("pmprb_cli.models", "_rebuilt"):
            # A record's rebuilder: it calls the class the pickle names (found here too, so one of the types
            # above) with the field values, its texts interned; it runs nothing else.
            return super().find_class(module, name)
        # (only modules already loaded: importing one, pmprb_cli.__main__ say, runs code too)
        if module.startswith("pmprb_cli.") and module in sys.modules and name.isidentifier():
            found = getattr(sys.modules[module], name, None)
            if isinstance(found, type) and (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a result type")


def _parts(path: Path) -> tuple[Path, ...]:
    """The cache file and the journal files SQLite keeps beside it."""
    return (path, *(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm")))


class ResultCache:
    """File results of one database folder, by period and file.

    A cache SQLite refuses (a read-only or full disk, a file made immutable) is not a reason to stop a run:
    it is set aside, every file is read, and ``refused`` says why (the run writes it in its log).
    """

    def __init__(self, path: Path) -> None:
        """Open (or create, owner-readable only) the cache at ``path``."""
        self.path = path
        self.refused = ""
        self.renewed = ""
        #: Stored results of this code found unusable (from another Python, damaged, not a result): each file read
        #: again. Counted for the log: on Python 3.11.2 every entry failed so, every run reading every file, unsaid.
        self.unusable = 0
        self.db: sqlite3.Connection | None = None
        try:
            try:
                self.db = self._connect()
            except sqlite3.DatabaseError:
                # A cache is worth nothing once damaged; the next run fills a new one.
                path.unlink(missing_ok=True)
                self.db = self._connect()
        except (OSError, sqlite3.Error) as exc:
            self._set_aside(exc)

    def _connect(self) -> sqlite3.Connection:
        untrusted = _untrusted(self.path)
        if untrusted:
            # Disposable: what someone else could have written is deleted unread and the cache made anew (said:
            # another operator's next run read every file again with no reason given).
            for part in _parts(self.path):
                with contextlib.suppress(OSError):
                    part.unlink()
            self.renewed = f"cache {self.path} dibuat ulang ({untrusted}); semua berkas dibaca"

        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                # Owner only, whatever the umask: the cache holds pickles, and whoever can write a pickle
                # runs code as whoever reads it (under umask 002 or 000, any operator as the cron user).
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        untrusted = _untrusted(self.path)
        if untrusted:  # (not ours to delete, or created again by someone between the two looks)
            raise PermissionError(untrusted)
        db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            db.execute(
                "CREATE TABLE IF NOT EXISTS results (period TEXT NOT NULL, file TEXT NOT NULL, key TEXT NOT NULL, "
                "result BLOB NOT NULL, code TEXT NOT NULL DEFAULT '', PRIMARY KEY (period, file))"
            )
            if "code" not in {row[1] for row in db.execute("PRAGMA table_info(results)")}:
                db.execute("ALTER TABLE results ADD COLUMN code TEXT NOT NULL DEFAULT ''")  # (a cache of 0.1)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _set_aside(self, exc: Exception, *, writing: bool = False) -> None:
        if isinstance(exc, PermissionError) and exc.args and str(exc.args[0]).startswith(_UNTRUSTED):
            reason = str(exc.args[0])
        else:
            reason = os_reason(exc) if isinstance(exc, OSError) else sqlite_reason(exc)
        # (refused on writing, its results were read: "semua berkas dibaca" was said of 40 results it gave)
        self.refused = (
            f"cache {self.path} tidak dapat diperbarui ({reason}); hasil berkas yang dibaca ulang tidak disimpan"
            if writing
            else f"cache {self.path} tidak dipakai ({reason}); semua berkas dibaca"
        )
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None

    def close(self) -> None:
        """Close the cache."""
        if self.db is not None:
            self.db.close()

    def get(self, period: str, file: str, key: str) -> FileResult | None:
        """The result stored for this file under this key, or ``None``."""
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT key, result FROM results WHERE period = ? AND file = ?", (period, file)
            ).fetchone()
        except sqlite3.Error as exc:
            self._set_aside(exc)
            return None
        if row is None or row[0] != key:
            return None
        try:
            result = _ResultUnpickler(io.BytesIO(zlib.decompress(row[1]))).load()
        except Exception:  # an entry from another Python, damaged, or not a result: recompute it
            self.unusable += 1
            return None
        if isinstance(result, FileResult) and result.file == file:
            return result
        self.unusable += 1
        return None

    def update(self, period: str, keep: Mapping[str, str], fresh: Iterable[tuple[str, FileResult]]) -> None:
        """Store the ``fresh`` results and forget the period's files not in ``keep`` (file → key), at once."""
        if self.db is None:
            return
        try:
            self._update(self.db, period, keep, fresh)
            self._prune(self.db)
        except sqlite3.Error as exc:
            self._set_aside(exc, writing=True)

    @staticmethod
    def _prune(db: sqlite3.Connection) -> None:
        """Forget what no run will ask for again, and give the space back once it is most of the file.

        A result of other pmprb code is never reused (its key holds the code), and only the latest
        :data:`KEPT_PERIODS` periods are kept: the cache grew by about 0,4 MB a month, and after an upgrade
        all of it was dead weight.
        """
        code = code_fingerprint()
        # (other code's results first, so that the periods kept are periods this code can use)
        for statement, args in (
            ("FROM results WHERE code <> ?", (code,)),
            (
                "FROM results WHERE period NOT IN (SELECT DISTINCT period FROM results ORDER BY period DESC LIMIT ?)",
                (KEPT_PERIODS,),
            ),
        ):
            if db.execute(f"SELECT COUNT(*) {statement}", args).fetchone()[0]:  # (a repeated run writes nothing)
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.execute(f"DELETE {statement}", args)
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
        free, pages = (db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("freelist_count", "page_count"))
        if free > 256 and free * 2 > pages:  # (at least 1 MB at 4 KB pages, and most of the file)
            db.execute("VACUUM")

    @staticmethod
    def _update(
        db: sqlite3.Connection, period: str, keep: Mapping[str, str], fresh: Iterable[tuple[str, FileResult]]
    ) -> None:
        newer = db.execute("SELECT COUNT(DISTINCT period) FROM results WHERE period > ?", (period,)).fetchone()[0]
        if newer >= KEPT_PERIODS:
            return  # (a period too old to keep: stored, it was pruned at once, and every re-run rewrote the file)
        db.execute("BEGIN IMMEDIATE")
        try:
            for file, result in fresh:
                blob = zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 6)
                db.execute(
                    "INSERT OR REPLACE INTO results (period, file, key, result, code) VALUES (?, ?, ?, ?, ?)",
                    (period, file, keep[file], blob, code_fingerprint()),
                )
            stored = [r[0] for r in db.execute("SELECT file FROM results WHERE period = ?", (period,))]
            for file in stored:
                if file not in keep:
                    db.execute("DELETE FROM results WHERE period = ? AND file = ?", (period, file))
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
