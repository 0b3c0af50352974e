"""The daftar perangkat daerah: the kabupaten's list of units, read from a CSV ``kode,nama,jenis[,alias]``.

The file is typed by people, usually exported from Excel, so it is read tolerantly (UTF-8 with or without
BOM, ``,`` or ``;`` as separator, spaces and letter case in headers ignored) and validated strictly: every
problem is reported at once, each naming the file, the line and what to fix, in a single
:class:`~pmprb_cli.errors.RegistryError`. A unit's kode later becomes a file name, so it may hold only
characters that are safe in a path on every operating system.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from pmprb_cli.errors import (
    RegistryError,
    UsageError,
    decoded_text,
    has_utf16_mark,
    os_reason,
    undecodable,
    windows_path_hint,
)
from pmprb_cli.files import MAX_NAME, without_hidden_characters

#: A kota's kelurahan fill LKE too: registered as "lainnya" (the only way), one won "Perangkat daerah terbaik" over
#: every dinas (kotarev). They rank as their own jenis, with an award of their own.
JENIS = ("dinas", "badan", "sekretariat", "inspektorat", "kecamatan", "kelurahan", "rsud", "lainnya")
ALIAS_SEPARATOR = "|"
#: The unit kode the kabupaten LKE (usulan) pmprb export writes gives: the kabupaten's own LKE, no unit's.
KABUPATEN_KODE = "KABUPATEN"
_JENIS_LABEL = {"rsud": "RSUD"}


def jenis_label(jenis: str) -> str:
    """A jenis as people write it (Dinas, RSUD): the rapor's and the rekap's word alike."""
    return _JENIS_LABEL.get(jenis, jenis.capitalize())


MAX_BYTES = 1_000_000
_SAFE_KODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_COLUMNS = {"kode": "kode", "nama": "nama", "jenis": "jenis", "alias": "alias", "aliases": "alias"}
_REQUIRED = ("kode", "nama", "jenis")
#: Short forms of a jenis as registries write them (without a trailing dot).
_JENIS_SHORT = {
    "kec": "kecamatan",
    "kel": "kelurahan",
    "rumah sakit": "rsud",
    "rs": "rsud",
    "rsu": "rsud",
    "setda": "sekretariat",
    "setwan": "sekretariat",
    "sekretariat daerah": "sekretariat",
    "insp": "inspektorat",
    "itda": "inspektorat",
    "bdn": "badan",
}
_MAX_REPORTED = 20
# Words at the start of a unit's name that say its jenis, for a unit given by name only (--unit).
#: The jenis of perangkat daerah proper (not kecamatan, not lainnya).
_PERANGKAT_DAERAH = frozenset({"dinas", "badan", "sekretariat", "inspektorat", "rsud"})
_JENIS_PREFIX = (
    ("dinas", "dinas"),
    ("badan", "badan"),
    ("sekretariat", "sekretariat"),
    ("inspektorat", "inspektorat"),
    ("kecamatan", "kecamatan"),
    # (as names are written: "Kec. Sukamaju" won "perangkat daerah terbaik" as a unit of jenis lainnya)
    ("kec.", "kecamatan"),
    ("kec ", "kecamatan"),
    ("kelurahan", "kelurahan"),
    ("kel.", "kelurahan"),
    ("rsud", "rsud"),
    ("rumah sakit", "rsud"),
)


@dataclass(frozen=True)
class Unit:
    """One perangkat daerah: its stable kode, its name, its jenis and other names it is known by."""

    kode: str
    nama: str
    jenis: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.nama, *self.aliases)


@dataclass(frozen=True)
class Registry:
    """The validated list of units, in file order, and the file it came from."""

    units: tuple[Unit, ...]
    path: str
    #: The aliases lent by a later registry (:meth:`knowing_kodes_of`), as :func:`_name_key` keys them.
    lent: frozenset[str] = frozenset()

    @functools.cached_property
    def _kodes(self) -> dict[str, Unit]:
        # Looked up for every file of a batch: a scan of the registry each time was quadratic in the units.
        out: dict[str, Unit] = {}
        for unit in self.units:
            out.setdefault(unit.kode.casefold(), unit)
        return out

    @functools.cached_property
    def _names(self) -> dict[str, Unit]:
        out: dict[str, Unit] = {}
        for unit in self.units:
            for name in unit.names():
                out.setdefault(_name_key(name), unit)
        return out

    def by_kode(self, kode: str) -> Unit | None:
        """The unit with this kode (letter case ignored), or ``None``."""
        return self._kodes.get(kode.strip().casefold())

    def by_name(self, name: str) -> Unit | None:
        """The unit with this name or alias (letter case and spacing ignored), or ``None``."""
        return self._names.get(_name_key(name))

    def is_current_kode(self, unit: Unit, kode: str) -> bool:
        """Whether ``kode`` is the unit's kode, or one a later registry lent it (:meth:`knowing_kodes_of`)."""
        key = _name_key(kode)
        return key == _name_key(unit.kode) or (key in self.lent and self.by_name(kode) is unit)

    def by_alias(self, text: str) -> Unit | None:
        """The unit one of whose own aliases is ``text``: not its name, nor a kode a later registry lent it."""
        key = _name_key(text)
        unit = self._names.get(key)
        if unit is None or key == _name_key(unit.nama) or key in self.lent:
            return None
        return unit

    def is_name_of(self, unit: Unit, text: str) -> bool:
        """Whether ``text`` is the unit's name (letter case and spacing ignored)."""
        return _name_key(text) == _name_key(unit.nama)

    def find(self, text: str) -> Unit | None:
        """The unit named by kode, name or alias, or ``None``."""
        return self.by_kode(text) or self.by_name(text)

    def of_workbook(self, code: str, name: str) -> Unit | None:
        """The unit a workbook names: by its kode; else by its name or alias; else by its kode as an alias.

        The last for a unit whose kode changed, its old kode kept as an alias: its workbooks still say it.
        """
        found = (self.by_kode(code) if code else None) or (self.find(name) if name else None)
        return found or (self.by_name(code) if code else None)

    def knowing_kodes_of(self, current: Registry) -> tuple[Registry, tuple[str, ...]]:
        """This (recorded) registry, its units also known by the kodes ``current`` gives them since; and those.

        A late July workbook made on today's template carries today's kode (DISDIKBUD, alias DISDIK): run with
        July's registry, it was an unknown unit ranked beside DISDIK's own July file — one unit counted twice.
        A current unit whose kode or aliases name exactly one unit here lends it its kode and aliases (those
        this registry does not know); a merger (two units here) lends nothing: neither is the merged unit.
        Returns the kodes lent (as ``alias→kode`` pairs) so that a run can key its results by them.
        """
        lent: dict[int, list[str]] = {}
        for unit in current.units:
            known = {id(u): u for u in (self.by_kode(k) for k in (unit.kode, *unit.aliases)) if u is not None}
            if len(known) != 1:
                continue
            (then,) = known.values()
            new = [k for k in (unit.kode, *unit.aliases) if self.find(k) is None]
            if new:
                lent.setdefault(id(then), []).extend(new)
        if not lent:
            return self, ()
        units = tuple(replace(u, aliases=(*u.aliases, *lent.get(id(u), ()))) for u in self.units)
        given = frozenset(_name_key(k) for kodes in lent.values() for k in kodes)
        return Registry(units, self.path, self.lent | given), tuple(
            sorted(f"{k}→{u.kode}" for u in self.units for k in lent.get(id(u), ()))
        )

    def with_aliases_of(self, earlier: Iterable[Registry]) -> Registry:
        """This registry, each unit also known by the kodes and aliases it had in earlier registries.

        A rename in two steps (DISKOMINFO → DKIS in 2023, alias DISKOMINFO; DKIS → DISKOMINFOSANTIK in 2024,
        alias DKIS): today's registry names DKIS only, and the months under DISKOMINFO left the unit's trend.
        The registries the history kept still tell: DKIS's row then had the alias DISKOMINFO. Followed to its
        end, never through a merger (two units of an earlier registry among one unit's names: neither is it),
        and never to a kode or name that is another unit's today.
        """
        earlier = tuple(earlier)
        if not earlier:
            return self
        added: dict[int, list[str]] = {}
        for unit in self.units:
            names = {_name_key(n): n for n in (unit.kode, *unit.aliases)}
            for _ in range(16):  # (a chain of renames, one a year, is short; a cycle ends here)
                grown = False
                own = _name_key(unit.kode)
                for then in earlier:
                    # An alias may hold the old unit's name, not its kode ("Dinas Kesehatan" for DINKES, as README
                    # allows): that unit is found by its name in the registry it was run with.
                    matched = {
                        id(u): u
                        for key, n in names.items()
                        if (u := then.by_kode(n) or (then.by_name(n) if key != own else None)) is not None
                    }
                    if len(matched) != 1:
                        continue
                    (old,) = matched.values()
                    if (owner := self.find(old.kode)) is not None and owner is not unit:
                        # That row is another unit's past (its kode is that unit's today): a new unit whose alias
                        # is the other's former name took its old kodes, and its months.
                        continue
                    # A row that was itself a merger (DISKOPERINDAG, aliases DISKOP|DISPERINDAG, given the kode
                    # DKUPP since): its own kode is the unit's past, its aliases are two other units'. Taken too,
                    # they made DKUPP a merger of its own and its months as DISKOPERINDAG left its trend.
                    merger = bool(old.aliases) and _merger_row(old, earlier)
                    for name in (old.kode,) if merger else (old.kode, *old.aliases):
                        key = _name_key(name)
                        other = self.find(name)
                        if key in names or (other is not None and other is not unit):
                            continue
                        names[key] = name
                        added.setdefault(id(unit), []).append(name)
                        grown = True
                if not grown:
                    break
        if not added:
            return self
        units = tuple(replace(u, aliases=(*u.aliases, *added.get(id(u), ()))) for u in self.units)
        return Registry(units, self.path, self.lent)

    def closest(self, text: str) -> Unit | None:
        """The unit whose kode, name or alias is most like ``text`` (a suggestion for a typo), or ``None``."""
        keyed: dict[str, Unit] = {}
        for unit in self.units:
            for label in (unit.kode, *unit.names()):
                keyed.setdefault(_name_key(label), unit)
        match = difflib.get_close_matches(_name_key(text), list(keyed), n=1, cutoff=0.6)
        return keyed[match[0]] if match else None


def _name_key(text: str) -> str:
    return " ".join(without_hidden_characters(text).casefold().split())


def _clean(text: str) -> str:
    # Excel exports carry non-breaking spaces and doubled spaces; names compare without them, and without
    # the bidirectional controls that would show them reversed.
    # A charset mix-up leaves control characters (0x19 for ’): a template showed "Ma_x0019_rang".
    text = _CONTROL.sub("", without_hidden_characters(text))
    return " ".join(text.replace("\xa0", " ").split())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # (tabs and line ends count as spaces)


def load_registry(path: str | Path) -> Registry:
    """Read and validate a registry CSV; raise :class:`RegistryError` naming file, line and problem."""
    return parse_registry(read_registry_bytes(path), str(path))


def read_registry_bytes(path: str | Path) -> bytes:
    """The bytes of a registry CSV (at most :data:`MAX_BYTES`); a problem raises :class:`RegistryError`."""
    where = str(path)
    file = Path(path)
    try:
        if stat.S_ISDIR(file.stat().st_mode):
            raise RegistryError(
                f"{where}: adalah folder, bukan berkas",
                hint="Berikan berkas CSV daftar unit pada --registry (atau kunci 'registry' di pmprb.toml).",
            )
        # Opened without waiting: a FIFO nobody writes to hung the run (it now reads as empty), while a pipe
        # that is written to (--registry <(…)) is read as a file is. At most MAX_BYTES + 1 are read.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            os.set_blocking(fd, True)
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise RegistryError(f"{where}: berkas terlalu besar (lebih dari {MAX_BYTES // 1_000_000} MB)")
    except FileNotFoundError as exc:
        raise RegistryError(
            f"{where}: berkas daftar unit tidak ditemukan",
            hint=windows_path_hint(str(file)) or "Periksa jalur yang diberikan pada --registry.",
        ) from exc
    except OSError as exc:
        raise RegistryError(f"{where}: tidak dapat dibaca ({os_reason(exc)})") from exc
    return data


def _utf16_without_mark(data: bytes) -> bool:
    """Text saved as UTF-16 without its mark: a NUL beside nearly every other byte (a stray NUL is not that)."""
    head = data[:4096]
    return len(head) >= 8 and head.count(0) * 4 >= len(head)


_SEP_LINE = re.compile(r'"?sep=(.)"?', re.IGNORECASE)


def _empty_registry(where: str) -> RegistryError:
    return RegistryError(
        f"{where}, baris 1: berkas kosong; baris pertama harus judul kolom kode,nama,jenis",
        hint="Tulis judul kolom kode,nama,jenis lalu satu baris per unit (contoh: daftar-unit.csv pmprb init).",
    )


def _refuse_an_unclosed_quote(text: str, delimiter: str, where: str) -> None:
    """Refuse a registry whose quote opened on some line is never closed: every line after it is one cell.

    Read leniently, the rest of the file was one name or alias: "baris 3: jenis kosong" of a line that looked
    right, or, in the alias column, the units after it silently gone (covrev, diffrev22). A closed quote over
    two lines is a name written so, and stays.
    """
    if '"' not in text:
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    began = 1
    try:
        for _ in reader:
            began = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return  # (said by the lenient reading that follows, where it matters)
        raise RegistryError(
            f'{where}, baris {began}: tanda kutip (") dibuka tetapi tidak ditutup; baris {began} sampai akhir berkas '
            f"(baris {reader.line_num}) terbaca sebagai satu sel",
            hint="Tutup tanda kutip itu (atau hapus) di baris yang disebut, lalu simpan ulang daftar unit.",
        ) from None


def parse_registry(data: bytes, where: str) -> Registry:
    """Validate registry CSV bytes; ``where`` names the file in every message."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        # A workbook given as the registry was "baris 1: bukan teks UTF-8", of a file that is no text at all.
        raise RegistryError(
            f"{where}: adalah buku kerja Excel, bukan berkas CSV",
            hint="Buka daftar unit di Excel, lalu Simpan Sebagai 'CSV UTF-8 (Comma delimited)' dan berikan berkas "
            ".csv itu (kolom kode,nama,jenis[,alias]).",
        )
    marked_utf16 = has_utf16_mark(data)  # Excel's "Teks Unicode": tab-separated UTF-16
    if not marked_utf16 and _utf16_without_mark(data):
        # UTF-16 without its mark ("Unicode Text" of old Excel) decodes as UTF-8 with a NUL after each letter:
        # dozens of "nama '' sudah dipakai" followed, and no word of the encoding.
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise RegistryError(
            f"{where}, baris {line}: memuat karakter NUL; berkas ini tampaknya teks UTF-16, bukan CSV UTF-8",
            hint="Simpan ulang dari Excel sebagai 'CSV UTF-8 (Comma delimited)'.",
        )
    try:
        text = decoded_text(data)
    except UnicodeDecodeError as exc:
        what, line, byte = undecodable(exc, data)
        # (the byte named: a no-break space 0xa0 or Word's ’ 0x92 of an ANSI save, in a name that looks right)
        raise RegistryError(
            f"{where}, baris {line}: {what} ({byte}"
            + ("; berkas disimpan sebagai ANSI/Windows-1252?)" if what == "bukan teks UTF-8" else ")"),
            hint="Simpan ulang dari Excel sebagai 'CSV UTF-8 (Comma delimited)' / 'CSV UTF-8 (Dibatasi koma)'.",
        ) from exc
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first:
        raise _empty_registry(where)
    # Indonesian Excel writes ';' because ',' is the decimal separator there.
    # The first of the most frequent ("," on a tie); a tab first in UTF-16 with its mark, Excel's tab-separated
    # "Teks Unicode" ("keterangan (gabungan, pecahan, dll)" in its header was split on commas).
    delimiter = max(("\t", ",", ";") if marked_utf16 else (",", ";", "\t"), key=first.count)
    declared = _SEP_LINE.fullmatch(first.strip(" \r\n\ufeff"))  # (not a tab: "sep=\t" names it)
    if declared:
        # Excel's "sep=;" first line names the delimiter (and is no header): "kolom kode, nama, jenis tidak ada di
        # judul kolom (sep=, )" said nothing of it.
        delimiter = declared.group(1)
        at = text.index(first)
        text = text[:at] + " " * len(first) + text[at + len(first) :]  # (blank: the line numbers stay)
    _refuse_an_unclosed_quote(text, delimiter, where)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[str] = []
    header: list[str] | None = None
    units: list[Unit] = []
    seen_kode: dict[str, int] = {}
    seen_name: dict[str, tuple[int, str]] = {}
    ended = 0  # (the line the row before ended on: a quoted cell may run over lines)
    try:
        for row in reader:
            line = ended = reader.line_num
            cells = [_clean(c) for c in row]
            if not any(cells):
                continue
            if header is None:
                header = _winning_titles([c.casefold() for c in cells])
                titled = {_column_key(title) for title in header}
                missing = [c for c in _REQUIRED if c not in titled]
                if missing:
                    raise RegistryError(
                        f"{where}, baris {line}: kolom {', '.join(missing)} tidak ada di judul kolom "
                        f"({', '.join(cells)}); judul yang diharapkan: kode,nama,jenis[,alias]",
                        hint="Baris pertama berkas harus berisi judul kolom kode,nama,jenis (alias boleh).",
                    )
                _refuse_repeated_columns(header, cells, where, line)
                continue
            if all(not c or _NUMBERED.fullmatch(c) for c in cells) and not any(
                v for title, v in zip(header, cells, strict=False) if _column_key(title)
            ):
                # A row numbered ahead in a "No" column, nothing else typed (Excel's filled-down 1, 2, 3 …): no unit,
                # and it was "kode kosong; nama kosong; jenis kosong", three times per numbered row. Only a number:
                # a unit typed "10;DISDIK;…" into a ',' file's No column is no numbered row (diffrev13).
                continue
            unit, errors = _row_unit(header, cells, line)
            if errors:
                apart = _separated_otherwise(header, row, delimiter)
                if apart is not None:
                    # Rows added in Indonesian Excel to the comma-separated file init writes came back ';'-separated:
                    # "kode 'DISDIK;Dinas Pendidikan;dinas' mengandung karakter …", "nama kosong", "jenis kosong".
                    named = {"\t": "tab", ",": "','", ";": "';'"}
                    problems.append(
                        f"{where}, baris {line}: dipisah {named[apart]}, sedangkan judul kolom dipisah "
                        f"{named[delimiter]}; simpan ulang seluruh berkas dengan satu pemisah (Simpan Sebagai "
                        "'CSV UTF-8 (Dibatasi koma)')"
                    )
                    continue
            problems.extend(f"{where}, baris {line}: {e}" for e in errors)
            if unit is None:
                # Its kode still counts for the rows after it: a kode given twice, one row with a bad jenis, was
                # said only once that jenis was fixed ("ditolak sekaligus" took two rounds).
                kode = next((v.strip() for h, v in zip(header, cells, strict=False) if _column_key(h) == "kode"), "")
                if kode and (previous := seen_kode.get(kode.casefold())) is not None:
                    problems.append(f"{where}, baris {line}: kode '{kode}' ganda (sudah dipakai di baris {previous})")
                elif kode:
                    seen_kode[kode.casefold()] = line
                continue
            previous = seen_kode.get(unit.kode.casefold())
            if previous is not None:
                problems.append(f"{where}, baris {line}: kode '{unit.kode}' ganda (sudah dipakai di baris {previous})")
                continue
            seen_kode[unit.kode.casefold()] = line
            for name in unit.names():
                other = seen_name.get(_name_key(name))
                if other is not None and other[1] != unit.kode:
                    problems.append(
                        f"{where}, baris {line}: nama/alias '{name}' sudah dipakai unit {other[1]} (baris {other[0]})"
                    )
                seen_name.setdefault(_name_key(name), (line, unit.kode))
            units.append(unit)
    except csv.Error as exc:
        # (Python's own words were printed: "CSV tidak sah (field larger than field limit (131072))")
        if "field larger than field limit" in str(exc):
            limit = f"{csv.field_size_limit():,}".replace(",", ".")
            problems.append(
                f'{where}, baris {ended + 1}: sel lebih dari {limit} karakter; biasanya karena tanda kutip (") yang '
                "tidak ditutup, sehingga sel itu berlanjut sampai akhir berkas"
            )
        else:
            problems.append(f"{where}, baris {reader.line_num}: CSV tidak sah ({exc})")
    for unit in units:
        for alias in unit.aliases:
            other_line = seen_kode.get(alias.casefold())
            if other_line is not None and alias.casefold() != unit.kode.casefold():
                # A merged unit's old kode kept as an alias beside the old unit's own row: each file went to one
                # of the two without a word, the merged unit ranked on half of its parts.
                problems.append(
                    f"{where}, baris {seen_kode[unit.kode.casefold()]}: alias '{alias}' unit {unit.kode} adalah kode "
                    f"unit di baris {other_line}; hapus baris unit lama itu (bila sudah digabung) atau aliasnya"
                )
    if header is None:
        raise _empty_registry(where)
    if problems:
        shown = problems[:_MAX_REPORTED]
        more = len(problems) - len(shown)
        raise RegistryError(
            "\n".join(shown) + (f"\n… dan {more} masalah lain" if more else ""),
            hint="Perbaiki baris yang disebut di berkas daftar unit, lalu jalankan ulang.",
        )
    if not units:
        raise RegistryError(f"{where}: tidak berisi satu unit pun di bawah judul kolom")
    return Registry(tuple(units), where)


def _column_key(title: str) -> str | None:
    """The field a header cell titles: kode, nama, jenis, or alias, also under a longer title.

    "Alias (pisahkan dengan |)" or "Singkatan/Alias" was no column pmprb knew, so dropped without a word: a
    renamed unit's old kode was lost, and its workbook was "tidak ada di daftar" while the unit had "belum mengirim".
    """
    if title.startswith(_OTHER_COLUMN):
        return None
    key = _COLUMNS.get(title)
    if key is None and _ALIAS_TITLE.search(title):
        return "alias"
    if key is None:
        # "Kode Unit", "Nama Perangkat Daerah", "Nama OPD", "Jenis Unit" (the workbook's own labels): refused as
        # "kolom kode tidak ada" while a longer alias title was taken.
        # "Perangkat Daerah" or "OPD" over the names and "Nama Lain" over the aliases (setuprev): "kolom nama tidak
        # ada di judul kolom", or another name of each unit dropped as a column pmprb did not know.
        spaced = " ".join(title.split())
        found = _UNIT_TITLE.fullmatch(spaced)
        return found.group(1) if found else _NAME_TITLES.get(spaced)
    return key


_ALIAS_TITLE = re.compile(r"\balias|\bsingkatan\b")
#: Marks a longer title beside the exact one of its field: another column ("Kode Unit", the SIPD code, beside kode).
_OTHER_COLUMN = "\x00"


def _winning_titles(header: list[str]) -> list[str]:
    """The header with each longer title beside its field's exact one marked as another column.

    "kode,nama,jenis,Nama OPD" (or a "Kode Unit" of the SIPD code beside kode) was refused, "kolom nama ada 2 kali",
    once longer titles were read: a registry that loaded the day before stopped every cron run.
    """
    # (not alias: "alias" beside "Singkatan" are two columns of other names, refused as before, none dropped)
    exact = {_COLUMNS[title] for title in header if title in _COLUMNS} - {"alias"}
    return [
        _OTHER_COLUMN + title if title not in _COLUMNS and _column_key(title) in exact else title for title in header
    ]


#: A cell of a "No" column: 1, 2., 10).
_NUMBERED = re.compile(r"\d{1,6}[.)]?")
_UNIT_TITLE = re.compile(r"(kode|nama|jenis)(?: (?:unit(?: kerja)?|opd|skpd|perangkat daerah|pd|satuan kerja|satker))?")
#: Whole titles of the name or alias column without the word "nama"/"alias" ("Nama SKPD" is read above).
_NAME_TITLES = {
    "perangkat daerah": "nama",
    "unit kerja": "nama",
    "opd": "nama",
    "skpd": "nama",
    "satuan kerja": "nama",
    "nama lain": "alias",
    "nama lainnya": "alias",
    "nama lain unit": "alias",
}


def _refuse_repeated_columns(header: list[str], cells: list[str], where: str, line: int) -> None:
    """Refuse a header naming one column twice (two ``nama`` columns, or ``alias`` and ``aliases``).

    The last of the two silently won: a sheet with an old and a new ``nama`` column named every unit by the one
    further right, whichever was meant.
    """
    columns: dict[str, list[int]] = {}
    for number, title in enumerate(header, start=1):
        key = _column_key(title)
        if key:
            columns.setdefault(key, []).append(number)
    repeated = {key: numbers for key, numbers in columns.items() if len(numbers) > 1}
    if repeated:
        said = "; ".join(
            f"kolom {key} ada {len(numbers)} kali (kolom ke-{', ke-'.join(map(str, numbers))}: "
            f"{', '.join(cells[n - 1] for n in numbers)})"
            for key, numbers in repeated.items()
        )
        raise RegistryError(
            f"{where}, baris {line}: {said}",
            hint="Sisakan satu kolom untuk setiap judul (hapus atau ganti judul kolom yang lama), lalu jalankan ulang.",
        )


def _aliases(cell: str) -> tuple[str, ...]:
    """The aliases in an alias cell: separated by ``|``, or by commas or semicolons between one-word aliases.

    "DISDIK, DIKBUD" was one alias nobody's workbook says; a comma inside a name ("Dinas Pekerjaan Umum,
    Perumahan …") keeps it one alias, since a part of more than one word is read as part of a name.
    """
    parts = [_clean(x) for x in cell.split(ALIAS_SEPARATOR)]
    split: list[str] = []
    for part in parts:
        pieces = [_clean(x) for x in re.split(r"[,;]", part)]
        if len(pieces) > 1 and not any(re.search(r"\s", p) for p in pieces):
            split.extend(pieces)
        else:
            split.append(part)
    return tuple(a for a in split if a)


def _separated_otherwise(header: list[str], row: list[str], delimiter: str) -> str | None:
    """The other separator a row is written with, where split by it the row is a unit: a kode, a name, a jenis.

    (Only then: a name holding commas in a ';' file, or a blank jenis, is no row of another separator.)
    """
    raw = delimiter.join(row)
    for other in (",", ";", "\t"):
        if other == delimiter or other not in raw:
            continue
        cells = [_clean(c) for c in next(csv.reader([raw], delimiter=other), [])]
        fields = {_column_key(t): v for t, v in zip(header, cells, strict=False) if _column_key(t)}
        jenis = fields.get("jenis", "").casefold().strip(" .")
        if (
            _SAFE_KODE.match(fields.get("kode", ""))
            and fields.get("nama")
            and (jenis in JENIS or jenis in _JENIS_SHORT)
        ):
            return other
    return None


def _kode_problem(kode: str) -> str:
    """What makes a kode unsafe, named, and a kode that would do.

    "mengandung karakter yang tidak aman" left the admin guessing which character of 'Dinas/Kes 01' was meant.
    """
    rule = "hanya huruf, angka, titik, garis bawah dan tanda hubung; diawali huruf atau angka; paling panjang 64"
    names = {" ": "spasi", "\t": "tab", "/": "garis miring '/'", "\\": "garis miring terbalik '\\'"}
    bad = list(dict.fromkeys(c for c in kode if not re.fullmatch(r"[A-Za-z0-9._-]", c)))
    said: list[str] = []
    if bad:
        shown = [names.get(c, f"'{c}'" if c.isprintable() else f"karakter U+{ord(c):04X}") for c in bad[:3]]
        said.append("memuat " + ", ".join(shown) + (f" dan {len(bad) - 3} karakter lain" if len(bad) > 3 else ""))
    if not re.match(r"[A-Za-z0-9]", kode):
        said.append(f"diawali '{kode[0]}'")
    if ".." in kode:
        said.append("memuat '..'")
    if len(kode) > 64:
        said.append(f"{len(kode)} karakter")
    safe = re.sub(r"\.{2,}", ".", re.sub(r"[^A-Za-z0-9._-]+", "-", kode)).strip("._-")[:64].rstrip("._-")
    suggestion = f"; mungkin '{safe}'?" if safe and _SAFE_KODE.match(safe) else ""
    return f"{'; '.join(said)} ({rule}){suggestion}"


def _row_unit(header: list[str], cells: list[str], line: int) -> tuple[Unit | None, list[str]]:
    """The unit on one data row and the problems found on it."""
    errors: list[str] = []
    if len(cells) > len(header) and any(cells[len(header) :]):
        errors.append(
            f"ada {len(cells)} kolom padahal judul hanya {len(header)}; "
            "beri tanda kutip pada nama yang mengandung pemisah kolom"
        )
        return None, errors
    fields: dict[str, str] = {}
    for title, value in zip(header, cells, strict=False):
        key = _column_key(title)
        if key:
            fields[key] = value
    kode, nama, jenis = fields.get("kode", ""), fields.get("nama", ""), fields.get("jenis", "").casefold()
    if not kode:
        errors.append("kode kosong")
    elif not _SAFE_KODE.match(kode) or ".." in kode:
        errors.append(f"kode '{kode}' tidak aman untuk nama berkas: {_kode_problem(kode)}")
    elif kode.casefold() == KABUPATEN_KODE.casefold():
        # (the kode of the kabupaten LKE pmprb export writes: a unit of it was skipped as that usulan; diffrev15)
        errors.append(
            f"kode '{kode}' dipakai pmprb untuk LKE kabupaten (usulan) yang ditulis pmprb export; pakai kode lain, "
            "mis. PEMDA"
        )
    if not nama:
        errors.append("nama kosong")
    elif len(nama) > MAX_NAME:
        # A 5000-letter name (a paste gone wrong) made the rapor's award card three printed pages long.
        errors.append(f"nama {len(nama)} karakter, lebih dari {MAX_NAME}: periksa isi selnya")
    if jenis not in JENIS:
        # A typo suggests what it is near ("dinsa" → dinas); another kind of unit ("uptd", "satuan" for Satpol PP),
        # read as 'rsud' and 'badan' at a looser cutoff, is 'lainnya'.
        close = difflib.get_close_matches(jenis, JENIS, n=1, cutoff=0.7)
        # A short form ("kec", "Kec.", "rumah sakit", "setda") is its jenis, and a name saying its jenis
        # ("Kecamatan Alpha") tells it: "mungkin 'lainnya'?" took Kecamatan Alpha out of the best-kecamatan race.
        short = _JENIS_SHORT.get(jenis.strip(" ."), "") or (jenis_of(nama) if jenis else "")
        guess = close or ([short] if short and short != "lainnya" else ["lainnya"])
        suggestion = f"; mungkin '{guess[0]}'?"
        at = next((n for n, title in enumerate(header) if _column_key(title) == "jenis"), len(cells))
        shifted = [c for c in cells[at + 1 :] if c.strip().casefold() in JENIS]
        if jenis and shifted and not close:  # (a typo, "inspektorta" beside an alias "rsud", is a typo)
            # `DISDIKPORA,Dinas Pendidikan, Pemuda dan Olahraga,dinas,` under an alias column: "jenis 'Pemuda dan
            # Olahraga' tidak dikenal; mungkin 'lainnya'?", the name's comma never named.
            errors.append(
                f"jenis '{fields['jenis']}' tidak dikenal dan '{shifted[0]}' ada di kolom sesudahnya: nama yang "
                f'mengandung pemisah kolom (koma) memecah barisnya; beri tanda kutip pada nama itu, mis. "{nama}, '
                f'{fields["jenis"]}"'
            )
        elif jenis:
            errors.append(f"jenis '{fields['jenis']}' tidak dikenal{suggestion} (pilihan: {', '.join(JENIS)})")
        else:
            errors.append(f"jenis kosong (pilihan: {', '.join(JENIS)})")
    named = jenis_of(nama) if nama and jenis in JENIS else "lainnya"
    if named == "kelurahan" and jenis == "lainnya":
        # Before pmprb knew kelurahan, "lainnya" was the only way to register one: a kota's registry is read as it
        # means, not refused on the night of the upgrade (a cron run stopped, exit 2; diffrev17).
        jenis = "kelurahan"
    # "Dinas" filled down over the kecamatan rows (an Excel drag): Kecamatan Cibenda became "perangkat daerah
    # terbaik" and no kecamatan had an award, unsaid. A kecamatan's name says what it is; so does a dinas', badan's
    # or RSUD's registered as kecamatan ("Sekretariat Kecamatan …" may be either: left as registered).
    if (
        (named == "kecamatan" and jenis in _PERANGKAT_DAERAH)
        or (jenis == "kecamatan" and named in _PERANGKAT_DAERAH and named != "sekretariat")
        # ("Kelurahan Sukasari" registered as kecamatan, or as a dinas, took another kind's award; kotarev)
        or (named == "kelurahan" and jenis != "kelurahan")
    ):
        lowered = _clean(nama).casefold()
        said = next((nama[: len(p)].strip(" .") for p, j in _JENIS_PREFIX if lowered.startswith(p)), nama)
        errors.append(
            f"jenis '{fields['jenis']}' untuk '{nama}', yang namanya diawali {said}: mungkin '{named}'? (jenis "
            "menentukan penghargaan perangkat daerah, kecamatan dan kelurahan terbaik)"
        )
    if errors:
        return None, errors
    return Unit(kode=kode, nama=nama, jenis=jenis, aliases=_aliases(fields.get("alias", ""))), []


def unit_from_name(name: str) -> Unit:
    """A unit given on the command line by name only: kode from the name, jenis from its first word."""
    nama = _clean(name)
    kode = re.sub(r"[^a-z0-9]+", "-", nama.casefold()).strip("-")[:64].strip("-")
    if not kode:
        raise RegistryError(
            f"Nama unit '{name}' tidak menghasilkan kode berkas (butuh huruf atau angka)",
            hint="Berikan nama unit yang berisi huruf atau angka, atau pakai --registry.",
        )
    return Unit(kode=kode, nama=nama, jenis=jenis_of(nama))


def jenis_of(nama: str, stated: str = "") -> str:
    """A unit's jenis without a registry.

    The one stated (a template's Identitas sheet) when pmprb knows it, else the first word of its name
    ("Kecamatan Cibenda" → kecamatan), else ``lainnya``.
    """
    if stated in JENIS:
        return stated
    lowered = _clean(nama).casefold()
    return next((j for prefix, j in _JENIS_PREFIX if lowered.startswith(prefix)), "lainnya")


def select_units(registry_path: str | None, unit: str | None) -> tuple[Unit, ...]:
    """The units to make templates for: the whole registry, one unit of it, or one unit given by name.

    Raises :class:`RegistryError` when the registry is invalid or does not hold the unit asked for.
    """
    if registry_path is None:
        if unit is None:
            raise UsageError("Berikan --registry BERKAS atau --unit NAMA.")
        return (unit_from_name(unit),)
    registry = load_registry(registry_path)
    if unit is None:
        return registry.units
    found = registry.find(unit)
    if found is not None:
        return (found,)
    near = registry.closest(unit)
    suggestion = f" Mungkin maksudnya '{near.nama}' (kode {near.kode})?" if near else ""
    raise RegistryError(
        f"{registry.path}: unit '{unit}' tidak ada di daftar.{suggestion}",
        hint="Sebut unit dengan kode, nama atau alias yang tertulis di daftar unit.",
    )


V = TypeVar("V")


def merger_units(registry: Registry, registries: Iterable[Registry]) -> tuple[str, ...]:
    """The kodes of ``registry``'s units that are a merger of two units of one of ``registries``."""
    registries = tuple(registries)
    return tuple(u.kode for u in registry.units if u.aliases and _merger_row(u, registries))


def _merger_row(unit: Unit, registries: Iterable[Registry]) -> bool:
    """Whether two of a unit's kode and aliases were each a unit's kode in one of ``registries``."""
    names = (unit.kode, *unit.aliases)
    return any(len({id(u) for u in (r.by_kode(n) for n in names) if u is not None}) > 1 for r in registries)


def renamed_kodes(registry: Registry | None) -> dict[str, str]:
    """Old kode (as :func:`_name_key` keys it) → current kode, for every alias or name that is no unit's kode now.

    A workbook whose kode is a unit's name or alias is that unit's (:meth:`Registry.of_workbook`), so its
    months recorded under that kode are too. So are those under its kode in other letters: DINKES retyped
    "Dinkes" in the registry made the unit "baru" in the rapor and dropped it from the kabupaten's change.
    """
    if registry is None:
        return {}
    return {
        _name_key(name): unit.kode
        for unit in registry.units
        for name in (unit.kode, *unit.names())
        if name == unit.kode or registry.by_kode(name) is None
    }


def merged_kodes(
    kodes_by_period: Iterable[Iterable[str]],
    renamed: Mapping[str, str],
    registered: Iterable[Iterable[str]] = (),
) -> frozenset[str]:
    """The current kodes (as :func:`_name_key` keys them) two units became: a merger, not a rename.

    Told by the record: two kodes that are now one unit's (its kode or its aliases) were scored in one same
    period, so each was a unit of its own then. Judged over every period, not month by month: with one of
    the two silent the month before the merger, the merged unit was compared with the other alone. Or two
    of its kodes were units of one registry a period was run with (``registered``): two units never scored
    in one month were still two. Its kode beside an old one there is a merger only where that kode was scored
    no later than the old one last was: a unit renamed in two steps (the new row added before the old one
    was removed, then scored after it) is no merger. ``kodes_by_period`` in period order.
    """
    periods = [{_name_key(k) for k in kodes} for kodes in kodes_by_period]
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for n, keys in enumerate(periods):
        for key in keys:
            first.setdefault(key, n)
            last[key] = n
    merged: set[str] = set()
    for keys, listed in (*((k, False) for k in periods), *(({_name_key(k) for k in r}, True) for r in registered)):
        members: dict[str, set[str]] = {}
        for key in keys:
            members.setdefault(_name_key(renamed.get(key, key)), set()).add(key)
        for now, group in members.items():
            if len(group) < 2:
                continue
            old = group - {now}
            if not listed or len(old) > 1 or any(first.get(now, len(periods)) <= last.get(o, -1) for o in old):
                merged.add(now)
    return frozenset(merged)


#: What a merged unit's own kode is kept under in a month before the merger (see :func:`before_merger`): no
#: kode is spelt so, so that month pairs with none of the merged unit's, and still counts in its own average.
PRE_MERGER = "\x00"


class ListedKodes(frozenset[str]):
    """The kodes of the units of a registry the history kept, with the periods it was run with.

    ``mergers``: the kodes of its units that were a merger there (their aliases two units of another registry).
    """

    periods: tuple[str, ...]
    mergers: frozenset[str]

    def __new__(cls, kodes: Iterable[str], periods: tuple[str, ...] = (), mergers: Iterable[str] = ()) -> ListedKodes:
        """The kodes, the periods run with that registry, and its mergers."""
        made = super().__new__(cls, kodes)
        made.periods = periods
        made.mergers = frozenset(_name_key(k) for k in mergers)
        return made


def merger_rows(registered: Iterable[Iterable[str]]) -> frozenset[str]:
    """The kodes (keyed) that some registry the history kept held as a merger (see :class:`ListedKodes`)."""
    return frozenset(k for kodes in registered for k in getattr(kodes, "mergers", ()))


def listed_by_period(registered: Iterable[Iterable[str]]) -> dict[str, frozenset[str]]:
    """The kodes each period's registry listed, by period (from :class:`ListedKodes`; others say no period)."""
    out: dict[str, frozenset[str]] = {}
    for kodes in registered:
        for period in getattr(kodes, "periods", ()):
            out[period] = out.get(period, frozenset()) | frozenset(kodes)
    return out


def before_merger(
    kodes_by_period: Sequence[Iterable[str]],
    renamed: Mapping[str, str],
    merged: frozenset[str],
    listed: Sequence[Iterable[str]] = (),
    mergers: frozenset[str] = frozenset(),
) -> list[frozenset[str]]:
    """For each period (in order), the mergers (:func:`merged_kodes`) whose own kode there was a unit before it.

    A merged unit that kept one of the old kodes (DISKOP and DISPERINDAG became DISKOP) was compared with the
    old DISKOP alone ("▲ +34,22", the whole kabupaten change), where a merger under a new kode is "baru":
    up to the last month another of its kodes was scored, or listed in that month's registry (``listed``,
    aligned with the periods: the other unit silent the month before the merger, still registered), its own
    kode is the old unit's.
    """
    last_other: dict[str, int] = {}
    # A unit split back out of a merger (DISKOP and DISPERINDAG became DISKOPERINDAG in February, DISKOP again in
    # March, alias DISKOPERINDAG): it goes on from the merger (README's Pemecahan), but its own months before
    # the merger (``mergers``: a registry kept that merger's row) are the old DISKOP's: January's DISKOP was
    # compared with February's DISKOPERINDAG, and February's published change moved after March's run.
    first_merger: dict[str, int] = {}
    for n, scored in enumerate(kodes_by_period):
        kodes = [*scored, *(listed[n] if n < len(listed) else ())]
        for kode in kodes:
            key = _name_key(kode)
            now = _name_key(renamed.get(key, key))
            if now in merged and now != key:
                last_other[now] = n
            if key in mergers and now != key:
                first_merger.setdefault(now, n)
    return [
        frozenset(now for now, last in last_other.items() if n <= last)
        | frozenset(now for now, first in first_merger.items() if n < first)
        for n in range(len(kodes_by_period))
    ]


def is_merger(kode: str, merged: frozenset[str]) -> bool:
    """Whether a kode is one of ``merged`` (:func:`merged_kodes`): letter case and spacing ignored."""
    return _name_key(kode) in merged


def under_current_kodes(
    by_kode: Mapping[str, V],
    renamed: Mapping[str, str],
    merged: frozenset[str] = frozenset(),
    before: frozenset[str] = frozenset(),
) -> dict[str, V]:
    """One month's values by kode, each old kode moved under its unit's current kode (see :func:`renamed_kodes`).

    Moved, not copied: copied, a unit counted twice in that month's average (61,94 for 61,83). The old kodes
    of a unit that is a merger (``merged``, see :func:`merged_kodes`; or two of them in this month) stay as
    they were: neither alone is the merged unit's past. The rapor and ``pmprb history`` pair a unit's months
    through this one rule. A merger's own kode in a month ``before`` it (:func:`before_merger`) was the old unit:
    kept under :data:`PRE_MERGER` and its kode, paired with nothing.
    """
    out = {PRE_MERGER + k if before and _name_key(k) in before else k: v for k, v in by_kode.items()}
    moved: dict[str, list[str]] = {}
    for kode in out:
        if kode.startswith(PRE_MERGER):
            continue  # (the old unit's, paired with nothing: its key reads as the kode once its mark is dropped)
        new = renamed.get(_name_key(kode))
        if new is not None and new not in out and _name_key(new) not in merged:
            moved.setdefault(new, []).append(kode)
    for new, (old, *others) in moved.items():
        if not others:
            out[new] = out.pop(old)
    return out
