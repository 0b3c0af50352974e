"""Exceptions: raised only when pmprb cannot continue with an input or a configuration.

Problems inside a readable workbook are :class:`~pmprb_cli.models.Finding` records, not exceptions.
"""

from __future__ import annotations

import errno
import os
import re


class PmprbError(Exception):
    """Base class of every error pmprb reports to the user."""

    code = "PMPRB-E000"
    hint = ""

    def __init__(self, message: str, *, code: str | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if hint:
            self.hint = hint


class RubricError(PmprbError):
    """A rubric file is missing, unreadable or inconsistent."""

    code = "PMPRB-E901"


class UsageError(PmprbError):
    """The command line or the configuration asks for something impossible."""

    code = "PMPRB-E902"


class WorkbookError(PmprbError):
    """A workbook cannot be read at all (not a spreadsheet, encrypted, too large, hostile)."""

    code = "PMPRB-E101"


class RegistryError(PmprbError):
    """The daftar perangkat daerah (registry CSV) is missing, unreadable or inconsistent."""

    code = "PMPRB-E903"


class SystemRefusal(PmprbError):
    """The system refused an output, the history, the log or a lock: a read-only or full disk, no permission."""

    code = "PMPRB-E905"
    hint = "Periksa izin dan ruang kosong folder itu (df -h, ls -ld), lalu jalankan ulang."


class RunBusy(PmprbError):
    """Another pmprb run holds the lock of the history database; this one did not start."""

    code = "PMPRB-E904"


#: pmprb's own errors, not findings about a workbook: (code, exit code, what it means in Indonesian, in English).
PROGRAM_ERRORS = (
    (
        "PMPRB-E000",
        3,
        "Kesalahan internal pmprb (jejak lengkap dengan --debug)",
        "Internal error (full trace with --debug)",
    ),
    ("PMPRB-E901", 2, "Rubrik tidak dapat dimuat atau tidak konsisten", "Rubric cannot be loaded or is inconsistent"),
    ("PMPRB-E902", 2, "Pemakaian atau pengaturan salah (opsi, periode, pmprb.toml)", "Wrong usage or settings"),
    ("PMPRB-E903", 2, "Daftar unit (registry) tidak dapat dibaca atau tidak konsisten", "Registry cannot be read"),
    ("PMPRB-E904", 4, "Riwayat sedang dipakai proses pmprb lain; tidak ada yang dikerjakan", "History in use"),
    ("PMPRB-E905", 2, "Sistem menolak menulis: disk penuh, hanya-baca atau izin", "The system refused a write"),
)


_OS_REASONS = {
    errno.EROFS: "sistem berkas hanya-baca",
    errno.ENOSPC: "disk penuh",
    errno.EDQUOT: "kuota disk habis",
    errno.EACCES: "izin ditolak",
    errno.EPERM: "izin ditolak",
    errno.ENOENT: "tidak ada",
    errno.ENOTDIR: "bagian jalurnya bukan folder",
    errno.EEXIST: "sudah ada (mungkin sebuah berkas di tempat yang semestinya folder)",
    errno.EISDIR: "adalah folder",
    errno.ELOOP: "tautan simbolik berputar",
    errno.ENAMETOOLONG: "nama terlalu panjang (batas sistem 255 bita per nama; pilih nama yang lebih pendek)",
    errno.EIO: "kesalahan masukan/keluaran disk",
    errno.EMFILE: "terlalu banyak berkas terbuka",
    errno.EBUSY: "sedang dipakai",
    errno.ETXTBSY: "sedang dipakai",
    errno.EAGAIN: "sedang dipakai, coba lagi",
    # ("Invalid argument" for a log at /proc/self/status: the system's English reached the evaluator)
    errno.EINVAL: "ditolak sistem: nama atau tempat yang tidak diterima sistem berkasnya (mis. di /proc)",
    errno.ENXIO: "perangkat atau pipa tanpa pembaca",
    errno.ENODEV: "perangkat yang tidak dapat ditulis",
    errno.EXDEV: "berada di sistem berkas lain",
    errno.EFBIG: "berkas melebihi batas ukuran sistem berkasnya",
    errno.ENOTEMPTY: "folder tidak kosong",
    errno.ESTALE: "folder jaringan terputus (pasang ulang sharenya)",
    errno.ETIMEDOUT: "folder jaringan tidak menjawab",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Indonesian; a rare error in the system's own words, said to be such."""
    if exc.errno in (errno.EEXIST, errno.ENOTDIR) and isinstance(exc.filename, str):
        # "…/afile/rekap.xlsx: sudah ada" of a rekap that did not exist: the file in the way, named.
        import os.path

        path = exc.filename
        ancestors = [path]
        while os.path.dirname(ancestors[-1]) not in ("", ancestors[-1]):
            ancestors.append(os.path.dirname(ancestors[-1]))
        in_the_way = next((a for a in reversed(ancestors) if os.path.isfile(a)), None)
        if in_the_way is not None:
            return f"{in_the_way} adalah berkas, bukan folder"
    said = _OS_REASONS.get(exc.errno or 0)
    if said:
        return said
    if exc.errno and exc.strerror:
        return f"kesalahan sistem {errno.errorcode.get(exc.errno, exc.errno)}: {exc.strerror}"
    return exc.strerror or type(exc).__name__


# SQLite's primary result codes (the low byte of an extended code) for what the system refused.
_SQLITE_REASONS = {
    3: "izin ditolak",  # SQLITE_PERM
    5: "sedang dipakai proses lain",  # SQLITE_BUSY
    6: "sedang dipakai proses lain",  # SQLITE_LOCKED
    8: "berkas atau foldernya hanya-baca",  # SQLITE_READONLY
    10: "kesalahan masukan/keluaran disk",  # SQLITE_IOERR
    11: "berkasnya rusak",  # SQLITE_CORRUPT
    13: "disk penuh",  # SQLITE_FULL
    14: "periksa izin berkas dan foldernya",  # SQLITE_CANTOPEN (said after "tidak dapat dibuka")
    26: "bukan basis data SQLite",  # SQLITE_NOTADB
}


def sqlite_reason(exc: Exception) -> str:
    """Why SQLite refused, in Indonesian (its own words, in English, only for a rare error)."""
    code = getattr(exc, "sqlite_errorcode", None)
    reason = _SQLITE_REASONS.get(code & 0xFF) if isinstance(code, int) else None
    said = " ".join(str(exc).split())
    missing = re.match(r"no such (table|column): (\S+)", said)
    if reason is None and missing:
        # ("no such table: areas": a table dropped by hand, or a file that is not pmprb's history)
        what = "tabel" if missing.group(1) == "table" else "kolom"
        return f"{what} {missing.group(2)} tidak ada (bukan riwayat pmprb, atau sebagian isinya dihapus)"
    return reason or (f"kesalahan SQLite: {said[:120]}" if said else type(exc).__name__)


def has_utf16_mark(raw: bytes) -> bool:
    """Whether text bytes start with a UTF-16 byte-order mark (little- or big-endian)."""
    return raw.startswith((b"\xff\xfe", b"\xfe\xff"))


def decoded_text(raw: bytes, errors: str = "strict") -> str:
    """A text file's bytes as text: UTF-8 (a byte-order mark allowed), or UTF-16 when its mark says so.

    Notepad's "Unicode" and Excel's "Teks Unicode" save UTF-16 with a mark: "bukan teks UTF-8 (bita 0xff di baris
    1)" asked the reader to know what that meant, for a file whose encoding the mark names.
    """
    if has_utf16_mark(raw):
        return raw.decode("utf-16", errors)
    return raw.decode("utf-8-sig", errors)


def undecodable(exc: UnicodeDecodeError, raw: bytes) -> tuple[str, int, str]:
    """Why text bytes ``raw`` do not decode as :func:`decoded_text` reads them: what, the line, the byte.

    ("bukan teks UTF-8", 3, "bita 0xe9"). A file marked UTF-16 with a damaged byte was "bukan teks UTF-8 …
    simpan ulang sebagai UTF-8", of a file whose mark says what it is.
    """
    if has_utf16_mark(raw):
        start = min(exc.start, len(raw) - 1)  # (the utf-16 codec reads the mark: offsets are the file's)
        line = decoded_text(raw[: start - start % 2], "replace").count("\n") + 1
        return "teks UTF-16 yang rusak", line, f"bita ke-{start + 1}"
    # (counted from after the byte-order mark the utf-8-sig codec took off: "bita 0x22 di baris 2" for 0xe9 on 3)
    start = min(exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0), len(raw) - 1)
    return "bukan teks UTF-8", raw[:start].count(b"\n") + 1, f"bita {raw[start]:#04x}"


def windows_path_hint(path: str) -> str:
    """The hint for a path typed with Windows' backslash where folders are separated with / ("" otherwise)."""
    if "\\" not in path or os.sep != "/":
        return ""
    return (
        "Jalur ini ditulis dengan \\ seperti di Windows; di sistem ini pemisah folder adalah /, mis. "
        f"{path.replace(chr(92), '/')}."
    )


#: Characters that look like TOML's own where they are not, as word processors and web pages type them.
_LOOKALIKES = {
    "\u201c": "tanda kutip “ dari Word",
    "\u201d": "tanda kutip ” dari Word",
    "\u2018": "tanda kutip ‘ dari Word",
    "\u2019": "tanda kutip ’ dari Word",
    "\u00a0": "spasi tak terlihat (spasi tak-putus)",
    "\u200b": "karakter tak terlihat (spasi lebar-nol)",
    "\ufeff": "karakter tak terlihat (BOM di tengah berkas)",
    "\u3000": "spasi lebar penuh",
    "\uff1d": "tanda = lebar penuh",
}


def toml_problem(exc: Exception, raw: bytes, usual_hint: str) -> tuple[str, str]:
    """What is wrong with a TOML file that does not parse, in Indonesian, and a hint fitting the mistake.

    People edit pmprb.toml and rubric copies in Notepad: a weight written 1,5, a Windows path in double quotes,
    a key written twice, a file saved as ANSI. "bukan TOML yang sah" with a hint about quotes fitted none.
    """
    if isinstance(exc, UnicodeDecodeError):
        what, line, byte = undecodable(exc, raw)
        return (
            f"{what} ({byte} di baris {line})",
            "Simpan ulang berkas sebagai UTF-8 (Notepad: Simpan Sebagai › Pengodean UTF-8).",
        )
    where = getattr(exc, "lineno", None)
    said = str(exc)
    lines = decoded_text(raw, "replace").splitlines()
    text = lines[where - 1] if isinstance(where, int) and 0 < where <= len(lines) else ""
    if said.startswith(("Cannot overwrite a value", "Cannot declare", "Duplicate inline table key")):
        # (the key named: "sebuah kunci ditulis dua kali" sent the reader comparing every line of the file)
        key = _written_twice(said, lines, where, text)
        return (
            (f"kunci '{key}' ditulis dua kali" if key else "sebuah kunci ditulis dua kali")
            + (f" (yang kedua di baris {where})" if where else ""),
            "Setiap kunci hanya boleh sekali: hapus salah satu barisnya (atau beri # di depannya).",
        )
    hint = usual_hint
    odd = next((c for c in text if c in _LOOKALIKES), "")
    if odd:
        # (Word's “quotes” or a non-breaking space look right on screen: the usual hint, "put the text in
        # quotes as in target = \"BB\"", was what the line seemed to do already)
        hint = f"Baris itu memuat {_LOOKALIKES[odd]} (U+{ord(odd):04X}); ketik ulang barisnya di Notepad" + (
            ', dengan tanda kutip biasa: target = "BB".' if "kutip" in _LOOKALIKES[odd] else "."
        )
    elif re.search(r"=\s*[-+]?\d+,\d", text):
        hint = "Angka desimal ditulis dengan titik: 1.5, bukan 1,5."
    elif "\\" in text and ("escape" in said.casefold() or "hex value" in said.casefold()):
        hint = (
            "Di dalam tanda kutip ganda \\ harus ditulis \\\\; untuk jalur berkas pakai / "
            "(data/daftar-unit.csv), yang juga berlaku di Windows."
        )
    return f"bukan TOML yang sah ({toml_place(exc)})", hint


def _written_twice(said: str, lines: list[str], where: object, text: str) -> str:
    """The key a TOML file writes twice, from the parser's words and the line it stopped at ("" unknown).

    ``jenis = "x"`` then ``[jenis.sub]``: the key written twice is ``jenis``, not the header's ``jenis.sub``.
    """
    declared = re.match(r"Cannot declare \((.*)\) twice", said)
    if declared:
        return ".".join(re.findall(r"'([^']*)'", declared.group(1)))
    inline = re.match(r"Duplicate inline table key '(.+)'", said)
    if inline:
        return inline.group(1)
    header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]", text)
    if header is None:
        assigned = re.match(r"\s*([^=]+?)\s*=", text)
        return assigned.group(1) if assigned else ""
    key = header.group(1)
    if isinstance(where, int):
        import tomli

        try:
            before: object = tomli.loads("\n".join(lines[: where - 1]))
        except (tomli.TOMLDecodeError, RecursionError):
            return key
        parts = [p.strip().strip("\"'") for p in key.split(".")]
        for n, part in enumerate(parts):
            if not isinstance(before, dict) or part not in before:
                break
            before = before[part]
            if not isinstance(before, dict | list):
                return ".".join(parts[: n + 1])  # (a value where the header asks for a table)
    return key


def toml_place(exc: Exception) -> str:
    """Where a TOML file stops parsing, in Indonesian ("baris 3, kolom 5"), or what could not be decoded."""
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if isinstance(line, int) and isinstance(column, int):
        return f"tidak terbaca mulai baris {line}, kolom {column}"
    if isinstance(exc, UnicodeDecodeError):
        return "bukan teks UTF-8"
    return "tidak terbaca"
