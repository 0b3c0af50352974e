"""Writing outputs so that nothing is ever half written: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def atomic_write(path: Path, data: bytes, mode: int = 0o666) -> None:
    """Write ``data`` to ``path`` atomically.

    A reader (the rapim screen, a cron job) or a crash never sees half a file; the leading dot of the
    temporary name keeps `pmprb score DIR` from reading it, and a killed run's leftovers are recognisable.
    The umask decides the permissions (0o666 less it), as for any file a program creates: under ``umask 002``
    the operators of one group may each run pmprb (0o644 here kept a second operator out).
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes, mode: int = 0o666) -> bool:
    """Write ``data`` atomically unless the file already holds exactly these bytes; ``True`` when written.

    Leaving identical files alone keeps a repeated monthly run from touching anything.
    """
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data, mode)
    return True


# What a spreadsheet reads as the start of a formula (or a field separator smuggled into a CSV cell).
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")


# Bidirectional controls reorder what follows them: "Kecamatan\u202eidajakuS" shows as "Kecamatan Sukajadi"
# reversed in every page and sheet ("Trojan Source"). A name never needs them.
_BIDI_CONTROLS = dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def without_bidi_controls(text: str) -> str:
    """Text with its bidirectional control characters removed (names of units, as read from any input)."""
    return text if text.isascii() else text.translate(_BIDI_CONTROLS)


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
