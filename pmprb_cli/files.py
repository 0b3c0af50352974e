"""Writing outputs so that nothing is ever half written: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import time
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

#: pmprb's temporary files and folders: ``.<name>.<12 hex>.tmp`` (see :func:`_staged`).
TEMPORARY = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")
#: A temporary older than this is a killed writer's, not a running one's (a 1 000-unit rekap takes a minute).
LEFTOVER_AGE_S = 600
_swept: set[str] = set()


def sweep_leftovers(folder: Path) -> None:
    """Remove the temporaries a killed pmprb left in ``folder`` (once a process; only those over 10 minutes old).

    A report, template, merge or export killed between writing a file aside and renaming it left its
    ``.index.md.<hex>.tmp`` there, and every later one added more beside the package (3,8 MB after four). Only
    old ones go: another pmprb writing into the same folder now keeps its own.
    """
    key = os.path.abspath(folder)
    if key in _swept:
        return
    _swept.add(key)
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not TEMPORARY.match(entry.name) or entry.is_symlink():
                continue
            with contextlib.suppress(OSError):
                if now - _newest_mtime(entry) < LEFTOVER_AGE_S:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)  # (a large rekap's streaming files)
                else:
                    os.unlink(entry.path)


def _newest_mtime(entry: os.DirEntry[str]) -> float:
    """When a temporary was last written: for a folder (a large rekap's streaming files), its newest file's time.

    Writing into a file leaves its folder's time as it was: a rekap streaming for over ten minutes would have
    its folder swept away under it.
    """
    newest = entry.stat(follow_symlinks=False).st_mtime
    if entry.is_dir(follow_symlinks=False):
        with os.scandir(entry.path) as inside:
            for item in inside:
                newest = max(newest, item.stat(follow_symlinks=False).st_mtime)
    return newest


def atomic_write(path: Path, data: bytes, mode: int = 0o666) -> None:
    """Write ``data`` to ``path`` atomically.

    A reader (the rapim screen, a cron job) or a crash never sees half a file; the leading dot of the
    temporary name keeps `pmprb score DIR` from reading it, and a killed run's leftovers are recognisable.
    The umask decides the permissions of a new file (0o666 less it), as for any file a program creates: under
    ``umask 002`` the operators of one group may each run pmprb (0o644 here kept a second operator out). A file
    replaced keeps the permissions it had.
    """
    tmp = _staged(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _staged(path: Path, data: bytes, mode: int) -> Path:
    """``data`` written whole and synced to a new temporary file beside ``path``; its name (removed on failure)."""
    sweep_leftovers(path.parent)
    tmp = temporary_beside(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # A file replaced keeps its permissions and, where this user may give it, its group: run by hand under
        # umask 022, then by cron under 077, the 8 pages rewritten became owner-only beside 78 others readable by
        # the evaluators' group (index and rekap too). A link replaced by the file takes what its target had.
        try:
            before = os.stat(path)
        except OSError:
            before = None
        if before is not None and stat.S_ISREG(before.st_mode):
            os.chmod(tmp, stat.S_IMODE(before.st_mode) & 0o777)
            if hasattr(os, "chown") and before.st_gid != os.stat(tmp).st_gid:
                with contextlib.suppress(OSError):
                    os.chown(tmp, -1, before.st_gid)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


#: The longest file name most file systems take (ext4, NTFS, APFS: 255 bytes or UTF-16 units).
NAME_MAX_BYTES = 255


def temporary_beside(path: Path, reserve: int = 0) -> Path:
    """A new temporary name beside ``path``: ``.<name>.<12 hex>.tmp``, the name cut to fit the file system.

    The 18 characters added made an ``--out`` name of 238–255 bytes, legal on every system, fail as "nama
    terlalu panjang" though the output itself would have fitted. ``reserve``: bytes left free for a name made
    from this one (SQLite's ``-journal``).
    """
    room = NAME_MAX_BYTES - len(".") - len(".000000000000.tmp") - reserve
    name = path.name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return path.with_name(f".{name}.{secrets.token_hex(6)}.tmp")


def same_file_named(path: Path, names: Collection[Path]) -> bool:
    """Whether ``path`` is one of ``names`` under another spelling (case-insensitive or normalising file systems).

    On a Windows share, macOS or Windows, "rapor/DINKES.html" left by last month's run and "rapor/dinkes.html"
    written now (its kode retyped in lower case) are one file: deleting the first as stale deleted the page just
    written, and the index linked to nothing.
    """
    folded = _folded(path.name)
    for other in names:
        if _folded(other.name) == folded:
            with contextlib.suppress(OSError):
                if os.path.samefile(path, other):
                    return True
    return False


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name.casefold())


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data`` (its size first: most changed files differ there)."""
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data


def write_if_changed(path: Path, data: bytes, mode: int = 0o666) -> bool:
    """Write ``data`` atomically unless the file already holds exactly these bytes; ``True`` when written.

    Leaving identical files alone keeps a repeated monthly run from touching anything.
    """
    if _holds(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data, mode)
    return True


def write_all_or_none(folder: Path, files: dict[str, bytes], mode: int = 0o666) -> list[str]:
    """Write every changed file of ``files`` (names in ``folder``), or none: returns the names written.

    Each is written whole beside its place first; only when all are on disk are they renamed into place, in
    the order given (a manifest last). A package whose write failed half-way (a full disk) kept its old
    manifest, zip and evidence index beside a new rekap: a folder that looked complete and contradicted itself.
    """
    changed = [(name, data) for name, data in files.items() if not _holds(folder / name, data)]
    made = [p for p in (folder, *folder.parents) if not p.exists()]  # (the folders this write makes, deepest first)
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in changed:
            staged.append((_staged(folder / name, data, mode), folder / name))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        # (a full disk left the --out folders it had made, empty, where the operator looked for a package)
        with contextlib.suppress(OSError):
            for empty in made:
                empty.rmdir()
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    return [name for name, _ in changed]


#: Names Windows keeps for devices, with any suffix (casefolded): CON.xlsx or com0.html cannot be created there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))})


def from_common_folder(paths: Collection[str]) -> dict[str, str]:
    """Each path relative to the folder that holds them all ("DINKES.xlsx", "Kiriman WA/DISDIK.xlsx").

    What a package sent out of the pemda names its inputs by: relative to pmprb.toml, an inbox on a synced folder
    read "../../home/budi.santoso/GoogleDrive/PMPRB/masuk/2022-08/BAPENDA.xlsx" (privrev). With "/" between
    folders whatever the system, so the bytes are the same everywhere.
    """
    if not paths:
        return {}
    try:
        base = os.path.commonpath([os.path.dirname(p) or "." for p in paths])
    except ValueError:  # (absolute and relative together, or two Windows drives: left as they are)
        return {p: Path(p).as_posix() for p in paths}
    return {p: Path(os.path.relpath(p, base or ".")).as_posix() for p in paths}


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies inside it."""
    a, b = os.path.realpath(path), os.path.realpath(folder)
    return a == b or a.startswith(b.rstrip(os.sep) + os.sep)


def is_windows_reserved(stem: str) -> bool:
    """Whether a file name (without suffix, or with: ``NUL.tar.gz``) is a device name on Windows."""
    return stem.split(".")[0].rstrip(" ").casefold() in WINDOWS_RESERVED


# What a spreadsheet reads as the start of a formula (or a field separator smuggled into a CSV cell).
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")


# Bidirectional controls reorder what follows them: "Kecamatan\u202eidajakuS" shows as "Kecamatan Sukajadi"
# reversed in every page and sheet ("Trojan Source"). Invisible ones (zero-width space and joiners, word
# joiner, byte order mark, soft hyphen) made "Dinas\u200b Sosial" a second unit that looked like the first in
# every output. A name never needs either.
_HIDDEN = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # bidirectional
    + [0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]  # invisible
    # control characters but tab and line ends (C1 too: U+009D starts a terminal hyperlink or window title)
    + [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
)


#: The longest unit name taken (the longest real OPD name, "Dinas Pemberdayaan Perempuan, Perlindungan Anak,
#: Pengendalian Penduduk dan Keluarga Berencana", has 93 characters).
MAX_NAME = 200


def capped_name(text: str) -> str:
    """A unit's name as a workbook gives it, at most :data:`MAX_NAME` characters; "…" ends one cut short.

    A registry refuses a longer name; a workbook's Identitas is not refused for it, but a 10 000-letter
    name printed the rapor on 29 pages instead of 3.
    """
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1].rstrip() + "…"


def without_hidden_characters(text: str) -> str:
    """Text without bidirectional controls, invisible or control characters, composed (NFC) as it is compared.

    For names of units as read from any input: "Café" typed with a combining accent (NFD) is the registry's
    "Café". Tabs and line ends stay (callers make them spaces).
    """
    if text.isascii() and text.isprintable():
        return text
    import unicodedata

    return unicodedata.normalize("NFC", text.translate(_HIDDEN))


#: The most characters a cell holds (Excel's limit; xlsxwriter cuts longer text without a mark).
CELL_TEXT_LIMIT = 32_767
_CUT_MARK = " … [dipotong pmprb: teks lebih dari 32.767 karakter]"


def within_cell_limit(text: str) -> str:
    """Text that fits a cell: cut with a mark that says so (40.000 characters of bukti dukung were cut unsaid)."""
    if len(text) > CELL_TEXT_LIMIT:
        return text[: CELL_TEXT_LIMIT - len(_CUT_MARK)] + _CUT_MARK
    return text


def safe_cell(value: object) -> object:
    """A value safe to write into a spreadsheet or CSV cell: formulas become inert text."""
    if isinstance(value, str) and value.startswith(_RISKY_START):
        return "'" + value
    return value


def modified_ns(path: str) -> int:
    """When a file was last changed (ns), or 0 when it cannot be looked at."""
    try:
        return os.stat(path).st_mtime_ns
    except (OSError, ValueError):
        return 0


def without_file(files: list[str], kept: str | None, named: Sequence[str] = ()) -> list[str]:
    """``files`` found in folders without ``kept`` (the registry, kept beside the workbooks), unless it was named.

    The clerk keeps daftar-unit.csv in the inbox folder: read as a unit's workbook it was an unreadable file
    (PMPRB-E102, "teks CSV") in every command and every run, and the batch exited 1.
    """
    if not kept:
        return files
    try:
        real = os.path.realpath(kept)
    except (OSError, ValueError):
        return files
    if any(os.path.realpath(n) == real for n in named if n):
        return files
    return [f for f in files if os.path.realpath(f) != real]


@contextlib.contextmanager
def in_folder(folder: Path) -> Iterator[None]:
    """Work inside ``folder``, then go back; where the working folder was removed, stay (there is no going back).

    A cron job started in a folder since removed stopped with "Sistem menolak: tidak ada" and no path, its
    --config absolute: contextlib.chdir asks for the folder it is leaving first.
    """
    try:
        before: str | None = os.getcwd()
    except FileNotFoundError:
        before = None
    os.chdir(folder)
    try:
        yield
    finally:
        if before is not None:
            os.chdir(before)
