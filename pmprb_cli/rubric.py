"""Load rubric data files (TOML) into validated, frozen :class:`~pmprb_cli.models.Rubric` objects.

A rubric is data: the tim percepatan of a kabupaten may copy a shipped file, change weights or texts,
and pass it with ``--rubric FILE``. Every inconsistency stops loading with a message that names the file
and the key path, e.g. ``komponen[0].area[2].sub[1].weight``.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

import tomli

from pmprb_cli.errors import RubricError, decoded_text, os_reason, toml_problem, windows_path_hint
from pmprb_cli.models import (
    Dependency,
    InputField,
    Item,
    Node,
    PredikatBand,
    Rubric,
    Scale,
    Verdict,
    fsum,
)

DEFAULT_RUBRIC = "pmprb-2020"
_CHILD_KEYS = ("bagian", "area", "sub", "indicator")
# The keys each table may hold: a misspelt one ("enforced", "percent_decimal", a weight on an item) was
# ignored in silence and the rubric scored by its default — every index of the kabupaten off, said nowhere.
_TOP_KEYS = (
    "id", "title", "short_title", "regulation", "version", "year", "last_year", "scores_as", "sources", "notes",
    "index_max", "predikat_decimals", "percent_decimals", "target", "area_term", "kabupaten_lke",
    "unit_grade_by_criteria", "scales", "komponen", "dependency", "predikat", "verdict", "proposal",
)  # fmt: skip
# Per level: a key read at another level only ("role" on an area, [[…item]] under an area, written one level
# too high) was ignored and its item never scored, with the rubric checked "sah".
_COMMON_KEYS = ("code", "name", "weight", "status", "note", "guidance")
_NODE_KEYS = {
    "komponen": (*_COMMON_KEYS, "role", *_CHILD_KEYS),
    "bagian": (*_COMMON_KEYS, *_CHILD_KEYS),
    "area": (*_COMMON_KEYS, *_CHILD_KEYS),
    "sub": (*_COMMON_KEYS, "kind", "scale", "derive", "item", *_CHILD_KEYS),
    "indicator": (*_COMMON_KEYS, "scale", "conversion", "divisor"),
}
_ITEM_KEYS = (
    "code", "question", "scale", "options", "evidence", "status", "note", "formula", "input", "numerator",
    "denominator", "before", "after", "zero_denominator",
)  # fmt: skip
_SCALE_KEYS = ("kind", "title", "values", "aliases", "min", "max")
_DEPENDENCY_KEYS = ("item", "source", "kind", "answers", "enforce", "note")
_PREDIKAT_KEYS = ("code", "label", "lower", "upper", "lower_inclusive", "upper_inclusive")
_VERDICT_KEYS = ("code", "label", "minimums", "area_share", "requires")
_INPUT_KEYS = ("code", "label")
# Grades from best to worst, as the answer scales and the AKIP grades write them.
_GRADE_ORDER = ("AA", "A", "BB", "B", "CC", "C", "D", "E")
_WEIGHT_TOLERANCE = 1e-9
#: A template's LKE rows (nodes, items and their Jumlah inputs) and nesting at most: a rubric past them wrote a
#: template pmprb cannot read back (rows beyond xlsx_guard.MAX_ROW; a Jawaban column beyond CZ), and its
#: operators were told to "isi templat yang dibagikan kabupaten". The shipped rubrics use 295 rows and 5 levels.
MAX_LKE_ROWS = 5000
MAX_DEPTH = 10
#: A rubric file at most (the largest shipped, pmprb-2020, is 0,12 MB for 295 rows; 5.000 rows with long notes
#: stay well under it): read no further.
MAX_RUBRIC_BYTES = 8_000_000
_PERCENT = Scale(id="", title="%", kind="number", minimum=0.0, maximum=1.0)
_NUMBER_EXPR = re.compile(r"^\s*\d+(?:[.,]\d+)?(?:\s*[*/]\s*\d+(?:[.,]\d+)?)*\s*$")


# --------------------------------------------------------------------------- discovery


def shipped_rubrics() -> dict[str, Path]:
    """The rubric files shipped in the package, by id (file stem)."""
    folder = resources.files("pmprb_cli") / "rubrics"
    out: dict[str, Path] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            out[entry.name[: -len(".toml")]] = Path(str(entry))
    return dict(sorted(out.items()))


def resolve_rubric(id_or_path: str | None) -> Path:
    """Find a rubric by shipped id or by file path."""
    name = id_or_path or DEFAULT_RUBRIC
    shipped = shipped_rubrics()
    if name in shipped:
        return shipped[name]
    path = Path(name)
    if path.suffix.lower() == ".toml" or path.exists():
        if path.exists() and not path.is_file():
            # ("tidak ditemukan" of /dev/zero or a folder that is there)
            raise RubricError(
                f"Berkas rubrik {path} {'adalah folder' if path.is_dir() else 'bukan berkas biasa'}",
                hint="Berikan id rubrik bawaan (lihat `pmprb rubric list`) atau jalur berkas .toml.",
            )
        if not path.is_file():
            saved = path.with_name(path.name + ".txt")
            raise RubricError(
                f"Berkas rubrik tidak ditemukan: {path}",
                # Notepad saves "rubrik-kab.toml" as "rubrik-kab.toml.txt" unless told "Semua berkas".
                hint=f"Ada {saved.name}: Notepad menambahkan .txt; ganti namanya menjadi {path.name}."
                if saved.is_file()
                else windows_path_hint(name)
                or "Berikan id rubrik bawaan (lihat `pmprb rubric list`) atau jalur berkas .toml.",
            )
        return path
    import difflib  # (only for a name not found)

    close = difflib.get_close_matches(name.casefold(), list(shipped), n=1, cutoff=0.6)
    raise RubricError(
        f"Rubrik '{name}' tidak dikenal. Tersedia: {', '.join(shipped)}",
        hint=(f"Maksudnya {close[0]}? " if close else "")
        + "Lihat `pmprb rubric list`, atau berikan jalur berkas .toml.",
    )


def parsed_toml(raw: bytes) -> dict[str, Any] | None:
    """A rubric file's contents as TOML (a byte-order mark allowed), or ``None`` when they do not parse."""
    try:
        return tomli.loads(decoded_text(raw))
    except (UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        return None


@functools.cache
def shipped_contents(rubric_id: str) -> dict[str, Any]:
    """A shipped rubric's contents as TOML: a copy compared with them is no edit for a Notepad save (CRLF, BOM)."""
    return tomli.loads(shipped_rubrics()[rubric_id].read_text(encoding="utf-8"))


def posing_as_shipped(rubric: Rubric) -> str:
    """What to say of a rubric file that carries a shipped rubric's id and version with other contents ("": none).

    A kabupaten's copy with its own weights, id and version unchanged, was printed in every run, rapor and
    rekap as "pmprb-2020 v1.1.2 (PermenPANRB Nomor 26 …)", the label of the official rubric.
    """
    shipped = shipped_rubrics().get(rubric.id)
    if shipped is None or Path(rubric.path).resolve() == shipped.resolve():
        return ""
    try:
        official = load_rubric(rubric.id)
        copy = parsed_toml(Path(rubric.path).read_bytes())
    except (RubricError, OSError):
        return ""
    if official.version != rubric.version or copy is None or copy == shipped_contents(rubric.id):
        return ""
    return (
        f"berkas ini memakai id dan versi rubrik bawaan ({rubric.id} v{rubric.version}) tetapi isinya berbeda: "
        "keluaran akan menamainya seperti rubrik resmi. Beri id atau version sendiri (mis. version = "
        f'"{rubric.version}-kab").'
    )


def claims_refuted(rubric: Rubric) -> str:
    """What to say of a rubric file whose ``scores_as`` names a shipped rubric's versions it does not score as.

    A kabupaten's copy kept the shipped ``scores_as = ["1.1.0", "1.1.1"]`` beside its own A–D values: `rubric
    check` said "sah", and the trend would have joined it to the shipped rubric's months (rapor.versions_alike
    now checks such a claim wherever the claimed rubric is at hand; this says so before the first run).
    """
    shipped = shipped_rubrics().get(rubric.id)
    if shipped is None or not rubric.scores_as or Path(rubric.path).resolve() == shipped.resolve():
        return ""
    try:
        official = load_rubric(rubric.id)
    except RubricError:
        return ""
    claimed = [v for v in rubric.scores_as if v in (official.version, *official.scores_as)]
    if not claimed or official.scoring_form == rubric.scoring_form:
        return ""
    return (
        f"scores_as menyebut versi {', '.join(claimed)}, yang menilai seperti rubrik bawaan {official.id} "
        f"v{official.version}, tetapi penilaian berkas ini berbeda (bobot, nilai jawaban atau aturan): tren tidak "
        "akan membandingkannya dengan bulan yang dinilai rubrik bawaan. Hapus versi itu dari scores_as."
    )


def load_rubric(id_or_path: str | None = None) -> Rubric:
    """Load and validate a rubric by id or path; raise :class:`RubricError` naming file and key."""
    return read_rubric(id_or_path)[0]


def read_rubric(id_or_path: str | None = None) -> tuple[Rubric, bytes]:
    """:func:`load_rubric`, with the file's bytes (the history keeps them to score a past period again)."""
    path = resolve_rubric(id_or_path)
    try:
        with open(path, "rb") as handle:
            raw_bytes = handle.read(MAX_RUBRIC_BYTES + 1)
    except OSError as exc:
        raise RubricError(f"{path}: tidak dapat dibaca ({os_reason(exc)})") from exc
    if len(raw_bytes) > MAX_RUBRIC_BYTES:
        # (a 76 MB file of 10^6 items was parsed whole, 8 s and 684 MB, before its size was refused)
        raise RubricError(
            f"{path}: lebih dari {MAX_RUBRIC_BYTES // 1_000_000} MB; rubrik bawaan terbesar 0,12 MB",
            hint="Periksa berkasnya: sebuah rubrik tidak sebesar itu (paling banyak 5.000 baris LKE).",
        )
    return rubric_from_bytes(raw_bytes, path), raw_bytes


def canonical_text(raw_bytes: bytes) -> bytes:
    """A rubric file's text as UTF-8 without a byte-order mark, each line ended by LF (where its lines are found).

    A UTF-16 file's messages had lost their line numbers: its codes were looked for in its raw bytes.
    """
    return decoded_text(raw_bytes).replace("\r\n", "\n").encode("utf-8")


def rubric_from_bytes(raw_bytes: bytes, path: Path) -> Rubric:
    """Validate a rubric file's bytes; ``path`` names it in every message."""
    if raw_bytes.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        # A unit's LKE given as --rubric was "bukan teks UTF-8 (bita 0xd5 di baris 1)", with Notepad's hint.
        raise RubricError(
            f"{path}: adalah buku kerja Excel, bukan berkas rubrik (.toml)",
            hint="Berikan id rubrik bawaan (daftarnya: pmprb rubric list), mis. --rubric pmprb-2020, atau berkas "
            ".toml rubrik kabupaten; buku kerja LKE diberikan sebagai masukan, bukan sebagai rubrik.",
        )
    try:
        data = tomli.loads(decoded_text(raw_bytes))  # a BOM (old Notepad) is not TOML
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as exc:
        problem, hint = toml_problem(exc, raw_bytes, _CHECK_HINT)
        raise RubricError(f"{path}: {problem}", hint=hint) from exc
    except RecursionError as exc:  # a = [[[[… a thousand deep: the parser recurses once per bracket
        raise RubricError(f"{path}: larik atau tabel bersarang terlalu dalam", hint=_CHECK_HINT) from exc
    try:
        # The checksum is of the file's bytes, as histories and templates record it (of the text, a kabupaten's
        # CRLF rubric recorded before became "another rubric" after an upgrade: its trend broken, its export
        # refused, W208 on every workbook). Its lines are found in the text.
        return _Builder(path, data, hashlib.sha256(raw_bytes).hexdigest(), canonical_text(raw_bytes)).build()
    except (TypeError, AttributeError, ValueError, LookupError, ArithmeticError, RecursionError) as exc:
        # A key of the wrong kind the builder reads without its own check (sources = 5): every named check
        # above says file and key; this says at least the file, never a traceback.
        raise RubricError(
            f"{path}: isi rubrik tidak sah ({type(exc).__name__}: {str(exc)[:200]})", hint=_CHECK_HINT
        ) from exc


_CHECK_HINT = "Bandingkan dengan rubrik bawaan (`pmprb rubric show ID`), lalu jalankan `pmprb rubric check BERKAS`."
_THIRDS_HINT = (
    'Bobot yang tidak habis dibagi ditulis sebagai pecahan dalam tanda kutip, mis. weight = "35/3" untuk '
    "sepertiga dari 35, agar jumlahnya tepat; lalu jalankan `pmprb rubric check BERKAS`."
)


def _weights_hint(total: float, want: float) -> str:
    """Fractions suggested where the sums are a rounding apart; the check otherwise (20 for 21 is no third)."""
    return _THIRDS_HINT if abs(total - want) < 1e-3 else _CHECK_HINT


def _apart(total: float, want: float, name: str = "bobot") -> str:
    """Two sums that differ, with as many decimals as show the difference: "60 ≠ 60" told nothing.

    (3 × 11,6666667 is 35,0000001, not 35: shown with the digits that differ.)
    """
    for decimals in range(0, 13):
        shown = f"{total:.{decimals}f}", f"{want:.{decimals}f}"
        if shown[0] != shown[1]:
            break
    return f"{shown[0]} ≠ {name} {shown[1]}"


# --------------------------------------------------------------------------- building


class _Builder:
    def __init__(self, path: Path, data: dict[str, Any], checksum: str, raw: bytes = b"") -> None:
        self.path = path
        self.data = data
        self.checksum = checksum
        self.raw = raw
        self.scales: dict[str, Scale] = {}
        self.item_scale: dict[str, Scale] = {}
        #: The codes of answered and computed items: what a dependency may join (not indicators or grades).
        self.item_codes: set[str] = set()
        self.rows = 0
        self.codes: set[str] = set()
        self.folded_codes: set[str] = set()  # (DINKES.a and dinkes.A: one code where a workbook is read)
        #: The codes of the nodes and items being built, outermost first: where a mistake is.
        self.inside: list[str] = []

    def fail(self, key: str, message: str, hint: str = "") -> RubricError:
        place = self.place()
        return RubricError(
            f"{self.path.name}: {key}: {message}" + (f" ({place})" if place else ""),
            hint=hint or f"Perbaiki kunci {key} di {self.path}; lalu jalankan `pmprb rubric check {self.path}`.",
        )

    def place(self) -> str:
        """The node or item being built and the line of its code, for a message: "di A.I.5, baris 412".

        A key path alone ("komponen[0].bagian[0].area[4].weight", counted from 0) had the editor count table
        headers in a file of 2 500 lines.
        """
        if not self.inside:
            return ""
        return self.place_of(self.inside[-1])

    def place_of(self, code: str) -> str:
        """A node or item and the line of its code ("di A.I.5, baris 412")."""
        line = re.search(rb'(?m)^[ \t]*code[ \t]*=[ \t]*["\']' + re.escape(code.encode()) + rb'["\']', self.raw)
        if line is None:
            return f"di {code}"
        number = self.raw[: line.start()].count(b"\n") + 1
        return f"di {code}, baris {number}"

    def known_keys(self, table: Mapping[str, Any], where: str, allowed: tuple[str, ...]) -> None:
        """Refuse a key this table does not have (a typo, or a key written at the wrong level)."""
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                raise self.fail(
                    f"{where}.{key}" if where else str(key),
                    "kunci tidak dikenal",
                    (f"Maksudnya '{close[0]}'? " if close else "")
                    + f"Kunci yang dikenal di sini: {', '.join(allowed)}. Perbaiki di {self.path}; lalu jalankan "
                    f"`pmprb rubric check {self.path}`.",
                )

    def decimals(self, table: Mapping[str, Any], key: str, default: int | None) -> Any:
        """A number of decimals (a whole number 0–6), or ``default`` when the key is not written."""
        value = table.get(key, default)
        if value is not default and (type(value) is not int or not 0 <= value <= 6):  # bool is an int too
            raise self.fail(key, "harus bilangan bulat 0–6")
        return value

    def get(self, table: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...]) -> Any:
        if key not in table:
            raise self.fail(f"{where}.{key}" if where else key, "wajib ada")
        value = table[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self.fail(f"{where}.{key}" if where else key, f"jenis salah ({type(value).__name__})")
        return value

    def code(self, table: Mapping[str, Any], where: str) -> str:
        """A node's, item's or input's code: one word (workbooks carry it in the Kode column), never twice."""
        code: str = self.get(table, "code", where, str)
        if code.split() != [code]:
            raise self.fail(f"{where}.code", f"kode {code!r} harus satu kata tanpa spasi")
        # A template cuts a cell at 32.767 characters (a 100.000-letter code then read as another, E202), and a
        # code starting like a formula was written as one into the rekap's Jawaban sheet.
        if len(code) > 64 or not code.isprintable() or code.startswith(("=", "+", "-", "@")):
            raise self.fail(
                f"{where}.code", f"kode {code[:70]!r} harus 1–64 karakter terbaca dan tidak diawali = + - @"
            )
        self.plain_letters(code, f"{where}.code", "kode")
        if code.casefold() in self.folded_codes:
            raise self.fail(f"{where}.code", f"kode '{code}' ganda")
        self.codes.add(code)
        self.folded_codes.add(code.casefold())
        return code

    def sources(self, value: Any) -> tuple[str, ...]:
        """The sources a rubric names: a list of texts, or one text (as earlier versions read it)."""
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise self.fail("sources", f'harus daftar teks, mis. sources = ["PermenPANRB …"], bukan {value!r}')
        return tuple(str(s) for s in value)

    def label_code(self, code: str, key: str) -> str:
        """A predikat or verdict code: short, one line, no quote, not starting like a formula.

        It is written into workbook formulas (COUNTIF) and conditional formats: a quote in it made a formula of
        the rubric's. Only what could do that is refused, so a kabupaten's "C.C" read before still reads.
        """
        # (* ? ~ < > are COUNTIF's wildcards and comparisons: "B*" counted 34 of 40 units; [ ] are terminal markup)
        bad = set(code) & set('"*?~<>[]')
        if not code or len(code) > 20 or bad or not code.isprintable() or code.startswith(("=", "+", "-", "@")):
            raise self.fail(key, f'kode {code!r} harus 1–20 karakter tanpa " * ? ~ < > [ ] dan tidak diawali = + - @')
        self.plain_letters(code, key, "kode")
        return code

    def plain_letters(self, text: str, key: str, what: str) -> None:
        """Refuse a letter that only looks Latin: Cyrillic А, Greek Α, fullwidth Ａ.

        Typed in from an annex copied out of a PDF, or on a phone: "sah", then every workbook's 'A' was E402
        "bukan pilihan yang sah … Gunakan salah satu pilihan: А / B / C", a target "BB" no band (its "ВВ"), and
        items whose codes read the same as the template's scored unranked, with nothing to see (rubrikrev).
        """
        for ch in text:
            if ch.isascii() or not ch.isalnum():
                continue
            name = unicodedata.name(ch, "")
            if name.startswith("LATIN ") and unicodedata.normalize("NFKC", ch) == ch:
                continue  # (é, ñ: Latin, and what they look like)
            raise self.fail(
                key,
                f"{what} {text!r} memuat '{ch}' (U+{ord(ch):04X} {name or 'tanpa nama'}), huruf yang hanya tampak "
                "seperti huruf Latin biasa: ketik ulang dengan papan ketik biasa",
            )

    def number(self, value: Any, key: str) -> float:
        if isinstance(value, bool):
            raise self.fail(key, "harus angka")
        if isinstance(value, int | float):
            # nan passed every check (a comparison with it is false) and crashed the template writer.
            if isinstance(value, float) and not math.isfinite(value):
                raise self.fail(key, f"harus angka terhingga, bukan {value!r}")
            return self._bounded(value, key)
        if isinstance(value, str) and _NUMBER_EXPR.match(value):
            try:
                return self._bounded(_fraction_expr(value), key)
            except ZeroDivisionError:
                raise self.fail(key, f"pembagian dengan nol: {value!r}") from None
            except _TooManyFactors:
                raise self.fail(key, f"lebih dari {_MAX_FACTORS} bilangan dikalikan atau dibagi") from None
            except (ValueError, OverflowError):  # (5 000 digits: Python's "Exceeds the limit (4300 digits)")
                raise self.fail(key, "angka terlalu besar (paling banyak 1.000.000.000.000)") from None
        raise self.fail(key, f'harus angka atau pecahan seperti "3*0.5/3.5", bukan {value!r}')

    def _bounded(self, value: float | Fraction, key: str) -> float:
        """A number of a rubric within ±10^12.

        1e308 overflowed later, said in English ("cannot convert float infinity to integer"), and a 309-digit
        weight was printed whole in the message.
        """
        if not -_MAX_NUMBER <= value <= _MAX_NUMBER:
            raise self.fail(key, "angka terlalu besar (paling banyak 1.000.000.000.000)")
        return float(value)

    def build(self) -> Rubric:
        d = self.data
        self.known_keys(d, "", _TOP_KEYS)
        rid = self.get(d, "id", "", str)
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", rid):
            # Written into every template's Identitas and said in hints (--rubric ID): id = "a\nb" came back from
            # its own template as "a b", another rubric (E207), and "--rubric a b" was no command.
            raise self.fail(
                "id",
                f'{rid[:70]!r} harus 1–64 huruf, angka, titik, garis bawah atau tanda hubung, mis. "pmprb-2020-kab"',
            )
        for key in ("title", "regulation", "version"):
            self.get(d, key, "", str)
        year = self.get(d, "year", "", int)
        last_year = self.get(d, "last_year", "", int) if "last_year" in d else None
        if last_year is not None and last_year < year:
            raise self.fail("last_year", f"tahun terakhir {last_year} sebelum tahun pertama (year = {year})")
        scores_as = self.get(d, "scores_as", "", list) if "scores_as" in d else []
        if not all(isinstance(v, str) for v in scores_as):
            raise self.fail("scores_as", 'harus daftar versi, mis. ["1.1.0"]')
        index_max = self.number(d.get("index_max", 100), "index_max")
        decimals = self.decimals(d, "predikat_decimals", 2)
        if decimals != 2:
            # Every output shows an index, a gap and a change with two decimals: with 1, "70,04 B, kurang 0,10"
            # and two units shown 75,05 ranked apart. The bands are banded as shown, so only 2 is consistent.
            raise self.fail("predikat_decimals", "harus 2 (indeks ditampilkan dan dipita dengan dua desimal)")
        percent_decimals = self.decimals(d, "percent_decimals", None)  # not written: full precision
        self.scales = {sid: self.build_scale(sid, table) for sid, table in self.get(d, "scales", "", dict).items()}
        komponen = self.get(d, "komponen", "", list)
        roots = tuple(self.build_node(t, f"komponen[{n}]", "komponen") for n, t in enumerate(komponen))
        total = fsum(r.weight for r in roots)
        if abs(total - index_max) > _WEIGHT_TOLERANCE * max(1.0, index_max):
            raise self.fail(
                "komponen",
                f"jumlah bobot komponen {_apart(total, index_max, 'index_max')}",
                hint=_weights_hint(total, index_max),
            )
        self.check_placement(roots)
        rubric = Rubric(
            id=rid,
            title=d["title"],
            regulation=d["regulation"],
            year=year,
            version=d["version"],
            sources=self.sources(d.get("sources", [])),
            scales=self.scales,
            roots=roots,
            dependencies=self.build_dependencies(d.get("dependency", [])),
            predikat=self.build_predikat(self.get(d, "predikat", "", list), index_max),
            checksum=self.checksum,
            path=str(self.path),
            index_max=index_max,
            predikat_decimals=decimals,
            percent_decimals=percent_decimals,
            notes=str(d.get("notes", "")),
            verdicts=self.build_verdicts(d.get("verdict", []), roots, index_max),
            last_year=last_year,
            scores_as=tuple(scores_as),
            kabupaten_lke=self.get(d, "kabupaten_lke", "", bool) if "kabupaten_lke" in d else True,
            unit_grade_by_criteria=(
                self.get(d, "unit_grade_by_criteria", "", bool) if "unit_grade_by_criteria" in d else False
            ),
            short_title=self.get(d, "short_title", "", str) if "short_title" in d else "PMPRB",
            area_term=self.get(d, "area_term", "", str) if "area_term" in d else "area",
        )
        bands = {_code_key(b.code): b.code for b in rubric.predikat}
        for n, verdict in enumerate(rubric.verdicts):
            if _code_key(verdict.code) in bands:
                # (verdict "baik" beside predikat "Baik": --target Baik, typed as the predikat, chose the verdict)
                raise self.fail(
                    f"verdict[{n}].code", f"'{verdict.code}' sama dengan predikat '{bands[_code_key(verdict.code)]}'"
                )
        target = str(d.get("target", ""))
        if target and target not in {*(b.code for b in rubric.predikat), *(v.code for v in rubric.verdicts)}:
            raise self.fail("target", f"'{target}' bukan salah satu predikat atau verdict")
        return dataclasses.replace(rubric, target=target, proposal=self.build_proposal(d.get("proposal", {})))

    def build_scale(self, sid: str, table: Any) -> Scale:
        where = f"scales.{sid}"
        if not isinstance(table, dict):
            raise self.fail(where, "harus tabel")
        self.known_keys(table, where, _SCALE_KEYS)
        kind = self.get(table, "kind", where, str)
        title = str(table.get("title", sid))
        if kind == "number":
            lo = self.number(self.get(table, "min", where, (int, float)), f"{where}.min")
            hi = self.number(self.get(table, "max", where, (int, float)), f"{where}.max")
            if not lo < hi:
                raise self.fail(where, f"min {lo:g} harus lebih kecil dari max {hi:g}")
            if lo < 0:  # (an index of -25,00 came of min = -100)
                raise self.fail(f"{where}.min", "tidak boleh negatif: nilai di bawah 0 membuat indeks negatif")
            return Scale(id=sid, title=title, kind="number", minimum=lo, maximum=hi)
        if kind != "choice":
            raise self.fail(f"{where}.kind", f"'{kind}' tidak dikenal (choice, number)")
        raw_values = self.get(table, "values", where, dict)
        if not raw_values:
            raise self.fail(f"{where}.values", "tidak boleh kosong")
        values = {str(k): self.number(v, f"{where}.values.{k}") for k, v in raw_values.items()}
        for canonical, value in values.items():
            if value < 0:
                raise self.fail(f"{where}.values.{canonical}", "tidak boleh negatif")
        for canonical in values:
            if not canonical.strip() or canonical != canonical.strip():
                raise self.fail(f"{where}.values", f"jawaban {canonical!r} kosong atau diawali/diakhiri spasi")
            self.plain_letters(canonical, f"{where}.values", "jawaban")
        spellings: dict[str, str] = {}
        for canonical in values:
            other = spellings.setdefault(normalise_spelling(canonical), canonical)
            if other != canonical:
                # {B = 0.5, b = 0.4}: "B" scored 0.5, "B " and "(b)" 0.4 — one answer, two values.
                raise self.fail(
                    f"{where}.values",
                    f"jawaban '{other}' dan '{canonical}' sama bila huruf besar-kecil, spasi dan titik diabaikan",
                )
        self.check_grades(where, values)
        aliases = table.get("aliases", {})
        if not isinstance(aliases, dict):  # (["y"] said "dictionary update sequence element #0 …")
            raise self.fail(f"{where}.aliases", 'harus tabel jawaban → daftar ejaan, mis. { Ya = ["y", "iya"] }')
        for canonical, extra in aliases.items():
            if canonical not in values:
                raise self.fail(f"{where}.aliases.{canonical}", "bukan salah satu jawaban di values")
            if not isinstance(extra, list):
                raise self.fail(f"{where}.aliases.{canonical}", "harus daftar ejaan")
            for spelling in extra:
                self.plain_letters(str(spelling), f"{where}.aliases.{canonical}", "ejaan")
                key = normalise_spelling(str(spelling))
                if spellings.get(key, canonical) != canonical:
                    raise self.fail(f"{where}.aliases.{canonical}", f"ejaan '{spelling}' sudah milik {spellings[key]}")
                spellings[key] = canonical
        return Scale(id=sid, title=title, kind="choice", values=values, spellings=spellings)

    def check_grades(self, where: str, values: Mapping[str, float]) -> None:
        """Letter answers are worth less from A down, and skip no letter: B and C swapped, or C left out.

        A scale with C and B's values swapped passed and moved every index by up to 2,8 points; one without
        C read 570 answers of C as invalid and told 40 units to answer A, B or D.
        """
        grades = [g for g in _GRADE_ORDER if g in values]
        if len(grades) != len(values) or len(grades) < 2:
            return  # (Ya/Tidak, or answers in words: no order to check)
        singles = [g for g in grades if len(g) == 1]
        expected = [chr(c) for c in range(ord("A"), ord(singles[-1]) + 1)] if singles else []
        if singles != expected:
            missing = ", ".join(g for g in expected if g not in singles)
            raise self.fail(f"{where}.values", f"huruf {missing} tidak ada di antara {', '.join(grades)}")
        for better, worse in itertools.pairwise(grades):
            if values[better] < values[worse]:
                raise self.fail(
                    f"{where}.values",
                    f"{worse} ({values[worse]:g}) bernilai lebih dari {better} ({values[better]:g}): tertukar?",
                )

    def check_placement(self, roots: tuple[Node, ...]) -> None:
        """Every node and item sits under the parent its code names, when its code names another node.

        In TOML an ``[[…item]]`` block belongs to whatever table comes before it: one pasted under the wrong
        sub-komponen was scored there in silence (39 of 40 units' indexes changed).
        """
        nodes = {node.code for root in roots for node in root.walk()}

        def visit(node: Node) -> None:
            for code in (*(c.code for c in node.children), *(i.code for i in node.items)):
                named = code.rpartition(".")[0]
                if named and named != node.code and named in nodes:
                    raise RubricError(
                        f"{self.path.name}: {code} ditulis di bawah {node.code}, padahal kodenya menyebut induk "
                        f"{named} ({self.place_of(code)})",
                        hint=f"Pindahkan bloknya ke bawah {named} (dalam TOML sebuah blok [[…]] milik tabel di "
                        f"atasnya), atau perbaiki kodenya; lalu jalankan `pmprb rubric check {self.path}`.",
                    )
            for child in node.children:
                visit(child)

        for root in roots:
            visit(root)

    def build_node(self, table: Any, where: str, level: str, role: str = "") -> Node:
        if not isinstance(table, dict):
            raise self.fail(where, "harus tabel")
        code = self.code(table, where)
        self.count_row(where)
        if len(self.inside) > MAX_DEPTH:  # (the komponen is level 0: ten levels below it, not nine)
            raise self.fail(where, f"bertingkat terlalu dalam: paling banyak {MAX_DEPTH} tingkat di bawah komponen")
        self.inside.append(code)
        try:
            self.known_keys(table, where, _NODE_KEYS[level])
            return self._build_node(table, where, level, role, code)
        finally:
            self.inside.pop()

    def _build_node(self, table: dict[str, Any], where: str, level: str, role: str, code: str) -> Node:
        name = self.get(table, "name", where, str)
        weight = self.number(self.get(table, "weight", where, (int, float, str)), f"{where}.weight")
        if weight < 0:
            raise self.fail(f"{where}.weight", "tidak boleh negatif")
        if level == "komponen":
            role = str(table.get("role", "pengungkit"))
            if role not in ("pengungkit", "hasil", "total"):
                raise self.fail(f"{where}.role", f"'{role}' tidak dikenal (pengungkit, hasil, total)")
        common: dict[str, Any] = {
            "code": code,
            "name": name,
            "weight": weight,
            "level": level,
            "role": role,
            "status": str(table.get("status", "official")),
            "note": str(table.get("note", "")),
            "guidance": str(table.get("guidance", "")),
        }
        if level == "indicator":
            return self.build_indicator(table, where, common)
        nested = [key for key in _CHILD_KEYS if key in table]
        if "item" in table and nested:
            # Only one of the two is read: items written beside nested sub-komponen were never scored.
            raise self.fail(
                f"{where}.item",
                f"sub-komponen ini punya butir dan {nested[0]} sekaligus; butirnya tidak akan dinilai "
                "(blok [[…item]] ditulis setingkat terlalu tinggi atau rendah?)",
            )
        kind = table.get("kind")
        if level == "sub" and kind is not None and kind != "graded":
            # "Graded" (a capital G) scored the sub by its share of criteria, its grade scale unread.
            raise self.fail(f"{where}.kind", f"{kind!r} tidak dikenal (graded)")
        if level == "sub" and kind is None and ("scale" in table or "derive" in table):
            raise self.fail(
                f"{where}.{'scale' if 'scale' in table else 'derive'}",
                'hanya untuk sub-komponen bernilai huruf (kind = "graded"); di sini tidak akan dibaca',
            )
        if level == "sub" and kind == "graded":
            return self.build_graded(table, where, common)
        if level == "sub" and "sub" not in table:
            items = table.get("item", [])
            if not isinstance(items, list) or not items:
                raise self.fail(f"{where}.item", "sub-komponen harus punya paling sedikit satu butir")
            built = tuple(self.build_item(t, f"{where}.item[{n}]") for n, t in enumerate(items))
            return Node(kind="sub", items=built, **common)
        children: list[Node] = []
        for key in _CHILD_KEYS:
            for n, child in enumerate(table.get(key, [])):
                children.append(self.build_node(child, f"{where}.{key}[{n}]", key, role))
        if not children:
            raise self.fail(where, "tidak punya anak (bagian/area/sub/indicator)")
        total = fsum(c.weight for c in children)
        if abs(total - weight) > _WEIGHT_TOLERANCE * max(1.0, weight):
            raise self.fail(
                f"{where}.weight", f"jumlah bobot anak {_apart(total, weight)}", hint=_weights_hint(total, weight)
            )
        return Node(kind="group", children=tuple(children), **common)

    def build_graded(self, table: dict[str, Any], where: str, common: dict[str, Any]) -> Node:
        sid = self.get(table, "scale", where, str)
        scale = self.scales.get(sid)
        if scale is None or scale.kind != "choice":
            raise self.fail(f"{where}.scale", f"skala nilai '{sid}' harus skala choice di [scales]")
        if not all(0 <= v <= 1 for v in scale.values.values()):
            raise self.fail(f"{where}.scale", f"nilai skala '{sid}' harus pecahan 0–1 dari bobot")
        items = table.get("item", [])
        if not isinstance(items, list) or not items:
            raise self.fail(f"{where}.item", "sub-komponen bernilai huruf harus punya kriteria")
        built = tuple(self.build_item(t, f"{where}.item[{n}]") for n, t in enumerate(items))
        rules: list[tuple[float, str]] = []
        for n, rule in enumerate(table.get("derive", [])):
            key = f"{where}.derive[{n}]"
            if not isinstance(rule, list) or len(rule) != 2 or rule[1] not in scale.values:
                raise self.fail(key, f"harus [bagian, nilai] dengan nilai dari skala {sid}")
            # "0.75" means at least 75 %; ">0.75" means more than 75 % (LKE AKIP bands are open below).
            bound = str(rule[0]).strip()
            strict = bound.startswith(">")
            value = self.number(bound.lstrip(">") if strict else rule[0], key)
            rules.append((value + (1e-9 if strict else 0.0), str(rule[1])))
        if rules and [r[0] for r in rules] != sorted((r[0] for r in rules), reverse=True):
            raise self.fail(f"{where}.derive", "aturan harus berurutan dari bagian terbesar")
        self.item_scale[common["code"]] = scale
        return Node(kind="graded", items=built, scale=sid, derive=tuple(rules), **common)

    def build_indicator(self, table: dict[str, Any], where: str, common: dict[str, Any]) -> Node:
        sid = self.get(table, "scale", where, str)
        scale = self.scales.get(sid)
        if scale is None:
            raise self.fail(f"{where}.scale", f"skala '{sid}' tidak ada di [scales]")
        conversion = str(table.get("conversion", "linear"))
        if conversion == "linear":
            if scale.kind != "number":
                raise self.fail(f"{where}.conversion", "konversi linear butuh skala number")
            divisor = self.number(table.get("divisor", scale.maximum), f"{where}.divisor")
            if divisor <= 0:
                raise self.fail(f"{where}.divisor", "harus positif")
            if divisor != scale.maximum:
                # (divisor = 2 on a 0–4 scale: an answer of 4 scored twice the weight, an index of 140,00; 1000 on
                # 0–100, a zero too many: a tenth of it at most, said nowhere)
                raise self.fail(
                    f"{where}.divisor",
                    f"{divisor:g} bukan nilai tertinggi skala '{sid}' ({scale.maximum:g}): jawaban tertinggi "
                    + ("akan melebihi" if divisor < scale.maximum else "tidak akan pernah mencapai")
                    + " bobot indikator (hapus divisor, atau samakan dengan nilai tertinggi skala)",
                )
        elif "divisor" in table:
            raise self.fail(f"{where}.divisor", f"hanya untuk konversi linear; konversi {conversion} tidak membacanya")
        elif conversion == "choice":
            if scale.kind != "choice" or not all(0 <= v <= 1 for v in scale.values.values()):
                raise self.fail(f"{where}.conversion", "konversi choice butuh skala choice bernilai 0–1")
            divisor = 0.0
        elif conversion == "lookup":
            if scale.kind != "choice":
                raise self.fail(f"{where}.conversion", "konversi lookup butuh skala choice")
            if max(scale.values.values()) > common["weight"] + _WEIGHT_TOLERANCE:
                raise self.fail(f"{where}.scale", f"poin skala '{sid}' melebihi bobot {common['weight']:g}")
            if max(scale.values.values()) < common["weight"] - _WEIGHT_TOLERANCE:
                # Opini's weight raised from 3 to 6 with WTP still 3 points: every answer at its best gave 97.
                raise self.fail(
                    f"{where}.scale",
                    f"poin tertinggi skala '{sid}' ({max(scale.values.values()):g}) di bawah bobot "
                    f"{common['weight']:g}: indikator ini tidak pernah mencapai bobotnya (samakan keduanya)",
                )
            divisor = 0.0
        else:
            raise self.fail(f"{where}.conversion", f"'{conversion}' tidak dikenal (linear, choice, lookup)")
        self.item_scale[common["code"]] = scale
        return Node(
            kind="indicator",
            scale=sid,
            conversion=cast(Any, conversion),
            divisor=divisor,
            **common,
        )

    def count_row(self, where: str, rows: int = 1) -> None:
        """One more LKE row (or ``rows``): refused past :data:`MAX_LKE_ROWS`, before the rest is built."""
        self.rows += rows
        if self.rows > MAX_LKE_ROWS:
            raise self.fail(
                where,
                f"rubrik melebihi {MAX_LKE_ROWS:,} baris LKE".replace(",", ".")
                + " (komponen, area, butir dan isian jumlah)",
                hint="Bagi rubrik ini menjadi beberapa rubrik yang lebih kecil; templat sebesar itu tidak dapat "
                "diisi dan dibaca kembali.",
            )

    def build_item(self, table: Any, where: str) -> Item:
        if not isinstance(table, dict):
            raise self.fail(where, "harus tabel")
        code = self.code(table, where)
        self.count_row(where)
        self.inside.append(code)
        try:
            self.known_keys(table, where, _ITEM_KEYS)
            return self._build_item(table, where, code)
        finally:
            self.inside.pop()

    def _build_item(self, table: dict[str, Any], where: str, code: str) -> Item:
        if "formula" in table:
            return self.build_computed_item(table, where, code)
        sid = self.get(table, "scale", where, str)
        scale = self.scales.get(sid)
        if scale is None:
            raise self.fail(f"{where}.scale", f"skala '{sid}' tidak ada di [scales]")
        if scale.kind == "choice" and not all(0 <= v <= 1 for v in scale.values.values()):
            raise self.fail(f"{where}.scale", f"nilai skala '{sid}' harus di antara 0 dan 1 untuk butir")
        if scale.kind == "choice" and max(scale.values.values()) < 1:
            # ({ Ya = 0.1, Tidak = 0 }, a typo: every answer at its best scored 46,00 "Kurang", said nowhere)
            raise self.fail(
                f"{where}.scale",
                f"jawaban terbaik skala '{sid}' bernilai {max(scale.values.values()):g}, bukan 1: butir ini tidak "
                "pernah mencapai bobotnya (beri jawaban terbaik nilai 1)",
            )
        self.item_scale[code] = scale
        self.item_codes.add(code)
        return Item(
            code=code,
            question=self.get(table, "question", where, str),
            scale=sid,
            options=self.options(table, where),
            evidence=self.evidence(table, where),
            status=str(table.get("status", "official")),
            note=str(table.get("note", "")),
        )

    def build_computed_item(self, table: dict[str, Any], where: str, code: str) -> Item:
        formula = self.get(table, "formula", where, str)
        fields: list[InputField] = []
        for n, t in enumerate(table.get("input", [])):
            key = f"{where}.input[{n}]"
            if isinstance(t, dict):
                self.known_keys(t, key, _INPUT_KEYS)
            field_code = self.code(t, key)
            fields.append(InputField(code=field_code, label=self.get(t, "label", key, str)))
        known = {f.code for f in fields}
        if formula == "ratio":
            numerator = tuple(self.get(table, "numerator", where, list))
            denominator = tuple(self.get(table, "denominator", where, list))
            # (an empty list passed check, then every workbook failed as an internal error, E109)
            for key, codes in (("numerator", numerator), ("denominator", denominator)):
                if not codes:
                    raise self.fail(f"{where}.{key}", "tidak boleh kosong: tulis kode isian [[input]]-nya")
        elif formula == "decrease":
            numerator = (self.get(table, "before", where, str),)
            denominator = (self.get(table, "after", where, str),)
        else:
            raise self.fail(f"{where}.formula", f"'{formula}' tidak dikenal (ratio, decrease)")
        for ref in (*numerator, *denominator):
            if ref not in known:
                raise self.fail(where, f"'{ref}' bukan kode masukan [[input]] butir ini")
        zero = str(table.get("zero_denominator", "unanswered"))
        if zero not in ("one", "zero", "unanswered"):
            raise self.fail(f"{where}.zero_denominator", f"'{zero}' tidak dikenal (one, zero, unanswered)")
        self.item_scale[code] = _PERCENT
        self.item_codes.add(code)
        self.count_row(where, len(fields))
        return Item(
            code=code,
            question=self.get(table, "question", where, str),
            scale="",
            options=self.options(table, where),
            evidence=self.evidence(table, where),
            status=str(table.get("status", "official")),
            note=str(table.get("note", "")),
            formula=cast(Any, formula),
            inputs=tuple(fields),
            numerator=numerator,
            denominator=denominator,
            zero_denominator=cast(Any, zero),
        )

    def options(self, table: Mapping[str, Any], where: str) -> tuple[str, ...]:
        """An item's ``options``: a list of texts (a text was written into the template one letter a line)."""
        options = table.get("options", [])
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            raise self.fail(f"{where}.options", 'harus daftar teks, mis. ["a. …", "b. …"]')
        return tuple(options)

    def evidence(self, table: Mapping[str, Any], where: str) -> bool:
        """An item's ``evidence``: true or false (the text "tidak" was read as true)."""
        return self.flag(table, "evidence", False, where)

    def flag(self, table: Mapping[str, Any], key: str, default: bool, where: str) -> bool:
        """A true-or-false key, refused as text: "false" in quotes was read as true (``lower_inclusive``)."""
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.{key}", f"harus true atau false (tanpa tanda petik), bukan {value!r}")
        return value

    def build_proposal(self, table: Any) -> dict[str, tuple[tuple[float, str], ...]]:
        """``[proposal]``: per choice scale, ``[bagian, jawaban]`` bands, largest share first, the last at 0.

        ``"1"`` means every unit gave the best answer; ``">0.5"`` more than half (as in ``derive``).
        """
        if not isinstance(table, dict):
            raise self.fail("proposal", 'harus tabel, mis. [proposal] ABCD = [["1", "A"], [">0.5", "B"], …]')
        out: dict[str, tuple[tuple[float, str], ...]] = {}
        for sid, bands in table.items():
            where = f"proposal.{sid}"
            scale = self.scales.get(sid)
            if scale is None or scale.kind != "choice":
                raise self.fail(where, f"'{sid}' harus skala choice di [scales]")
            if not isinstance(bands, list) or not bands:
                raise self.fail(where, "harus daftar [bagian, jawaban]")
            rules: list[tuple[float, str]] = []
            for n, band in enumerate(bands):
                key = f"{where}[{n}]"
                if not isinstance(band, list) or len(band) != 2 or str(band[1]) not in scale.values:
                    raise self.fail(key, f"harus [bagian, jawaban] dengan jawaban dari skala {sid}")
                bound = str(band[0]).strip()
                strict = bound.startswith(">")
                value = self.number(bound.lstrip(">") if strict else band[0], key)
                if not 0 <= value <= 1:
                    raise self.fail(key, "bagian harus di antara 0 dan 1")
                rules.append((value + (1e-9 if strict else 0.0), str(band[1])))
            if [r[0] for r in rules] != sorted((r[0] for r in rules), reverse=True):
                raise self.fail(where, "aturan harus berurutan dari bagian terbesar")
            if rules[-1][0] != 0:
                raise self.fail(where, 'aturan terakhir harus ["0", jawaban] agar setiap keadaan punya usulan')
            out[str(sid)] = tuple(rules)
        return out

    def build_verdicts(self, entries: Any, roots: tuple[Node, ...], index_max: float) -> tuple[Verdict, ...]:
        if not isinstance(entries, list):
            raise self.fail("verdict", "harus daftar [[verdict]]")
        # The most each minimum's score can be: "pengungkit = 61" on a komponen of 60, or an area_share of 6 for
        # 0,6, was "sah", and no workbook, however perfect, passed (100,00 "belum WBK").
        tops = {"index": index_max, **{n.code: self.top(n) for r in roots for n in r.walk()}}
        for role in ("pengungkit", "hasil"):
            tops[role] = fsum(self.top(r) for r in roots if r.role == role)
        verdicts: list[Verdict] = []
        for n, t in enumerate(entries):
            where = f"verdict[{n}]"
            if isinstance(t, dict):
                self.known_keys(t, where, _VERDICT_KEYS)
            minimums = {}
            for key, value in dict(t.get("minimums", {})).items():
                if key not in tops:  # (an item's code: "isi rubrik tidak sah (KeyError: 'A.I.1.i.a')")
                    raise self.fail(f"{where}.minimums.{key}", "bukan index/pengungkit/hasil atau kode simpul")
                minimums[str(key)] = self.number(value, f"{where}.minimums.{key}")
                if minimums[str(key)] > tops[str(key)] + _WEIGHT_TOLERANCE:
                    raise self.fail(
                        f"{where}.minimums.{key}",
                        f"{minimums[str(key)]:g} melebihi nilai tertinggi {key} ({tops[str(key)]:g}): tidak ada unit "
                        "yang dapat memenuhinya",
                    )
            area_share = self.number(t.get("area_share", 0), f"{where}.area_share")
            if not 0 <= area_share <= 1:
                raise self.fail(f"{where}.area_share", f"{area_share:g} harus pecahan 0–1 (mis. 0.6 untuk 60%)")
            requires = str(t.get("requires", ""))
            if requires and requires not in {v.code for v in verdicts}:
                raise self.fail(f"{where}.requires", f"'{requires}' harus verdict yang ditulis lebih dulu")
            code = self.label_code(self.get(t, "code", where, str), f"{where}.code")
            if _code_key(code) in {_code_key(v.code) for v in verdicts}:
                raise self.fail(f"{where}.code", f"verdict '{code}' ganda")
            verdicts.append(
                Verdict(
                    code=code,
                    label=str(t.get("label", "")),
                    minimums=minimums,
                    area_share=area_share,
                    requires=requires,
                )
            )
        return tuple(verdicts)

    def top(self, node: Node) -> float:
        """The most a node can score: its weight, a linear indicator's scale top over its divisor, a group's sum."""
        if node.kind == "group":
            return fsum(self.top(child) for child in node.children)
        if node.kind == "indicator" and node.conversion == "linear":
            return self.scales[node.scale].maximum / node.divisor * node.weight
        return node.weight

    def build_dependencies(self, entries: Any) -> tuple[Dependency, ...]:
        if not isinstance(entries, list):
            raise self.fail("dependency", "harus daftar [[dependency]]")
        if len(entries) > _MAX_DEPENDENCIES:
            # (30 layers of 40 items, each scaled by the layer before: "sah", then one workbook took 164 s)
            raise self.fail("dependency", f"{len(entries)} ketergantungan; paling banyak {_MAX_DEPENDENCIES}")
        deps: list[Dependency] = []
        first_of: dict[tuple[object, ...], int] = {}  # (each dependency's first entry, by what makes it the same)
        for n, t in enumerate(entries):
            where = f"dependency[{n}]"
            if isinstance(t, dict):
                self.known_keys(t, where, _DEPENDENCY_KEYS)
            item = self.get(t, "item", where, str)
            source = self.get(t, "source", where, str)
            kind = self.get(t, "kind", where, str)
            for key, code in (("item", item), ("source", source)):
                if code not in self.item_scale:
                    raise self.fail(f"{where}.{key}", f"butir '{code}' tidak ada di rubrik")
                if code not in self.item_codes:
                    # An indicator's or a grade's value is computed after dependencies are applied: one as the
                    # source read 0 (BB read as 0, its criteria all Ya), one as the item was never lowered.
                    raise self.fail(
                        f"{where}.{key}",
                        f"'{code}' indikator atau sub-komponen bernilai huruf, bukan butir: ketergantungan hanya "
                        "antarbutir (yang dijawab atau persentase)",
                    )
            answers = tuple(str(a) for a in t.get("answers", []))
            if kind == "zero_when":
                if not answers:
                    raise self.fail(f"{where}.answers", "zero_when butuh daftar jawaban")
                scale = self.item_scale[source]
                if scale.kind != "choice":  # (a % item's scale has no name: "bukan pilihan skala " said nothing)
                    raise self.fail(
                        f"{where}.source",
                        f"butir '{source}' dijawab dengan angka, bukan pilihan: zero_when butuh butir berpilihan",
                    )
                for answer in answers:
                    if answer not in scale.values:
                        raise self.fail(f"{where}.answers", f"'{answer}' bukan pilihan skala {scale.id}")
            elif kind != "scale":
                raise self.fail(f"{where}.kind", f"'{kind}' tidak dikenal (scale, zero_when)")
            enforce = str(t.get("enforce", "score"))
            if enforce not in ("score", "check"):
                raise self.fail(f"{where}.enforce", f"'{enforce}' tidak dikenal (score, check)")
            if kind == "scale" and enforce == "check":
                # (shown "diperiksa (PMPRB-W405)", yet nothing checked it: only zero_when gates are checked)
                raise self.fail(
                    f"{where}.enforce",
                    'enforce = "check" hanya untuk kind = "zero_when"; kind = "scale" selalu dihitung (score)',
                )
            if item == source:
                raise self.fail(where, f"butir {item} bergantung pada dirinya sendiri")
            # A scale written twice scaled the item twice (b × a × a: 62,50 where 70,00 was due). Two zero_when
            # gates on one pair may differ (one scored, one only checked; other answers): only exact twins go.
            same: tuple[object, ...] = (item, source, kind, *(() if kind == "scale" else (answers, enforce)))
            twin = first_of.setdefault(same, n)
            if twin != n:
                raise self.fail(where, f"sama dengan dependency[{twin}] ({kind}: {item} ← {source}); hapus salah satu")
            deps.append(
                Dependency(
                    item=item,
                    kind=cast(Any, kind),
                    source=source,
                    answers=answers,
                    enforce=cast(Any, enforce),
                    note=str(t.get("note", "")),
                )
            )
        scored = [d for d in deps if d.enforce == "score"]
        # (one item gating 3 000: the action list of one workbook took 47 s, quadratic; the shipped rubrics: 4.
        # Checked gates count too: the action list walks them as prerequisites.)
        for role, counted in (
            ("prasyarat bagi", Counter(d.source for d in deps)),
            ("bergantung pada", Counter(d.item for d in deps)),
        ):
            code, count = max(counted.items(), key=lambda c: (c[1], c[0]), default=("", 0))
            if count > _MAX_FAN:
                raise self.fail("dependency", f"butir {code} {role} {count} butir; paling banyak {_MAX_FAN}")
        chain = _longest_chain(scored)
        if chain is None:
            raise self.fail("dependency", "siklus ketergantungan: " + _cycle_shown(_find_cycle(scored)))
        checked = _longest_chain(deps)
        if checked is None:
            # A cycle through a checked gate scores nothing, but the action list waits on it for ever: a target
            # two answers away was "tidak tercapai walau semua jawaban terbaik" (rubrikrev). None is meant.
            said = _cycle_shown(_find_cycle(deps))
            raise self.fail("dependency", 'siklus ketergantungan (lewat enforce = "check"): ' + said)
        chain = max(chain, checked, key=len)
        if len(chain) > _MAX_CHAIN:
            # (1 500 items each gated by the one before passed the check; scoring then failed on every workbook,
            # "kesalahan internal: RecursionError")
            raise self.fail(
                "dependency",
                f"rantai ketergantungan {len(chain)} butir ({chain[0]} → … → {chain[-1]}); paling panjang {_MAX_CHAIN}",
            )
        return tuple(deps)

    def build_predikat(self, entries: list[Any], index_max: float) -> tuple[PredikatBand, ...]:
        bands: list[PredikatBand] = []
        for n, t in enumerate(entries):
            where = f"predikat[{n}]"
            if isinstance(t, dict):
                self.known_keys(t, where, _PREDIKAT_KEYS)
            band = PredikatBand(
                code=self.label_code(self.get(t, "code", where, str), f"{where}.code"),
                label=str(t.get("label", "")),
                lower=self.number(self.get(t, "lower", where, (int, float)), f"{where}.lower"),
                upper=self.number(self.get(t, "upper", where, (int, float)), f"{where}.upper"),
                lower_inclusive=self.flag(t, "lower_inclusive", False, where),
                upper_inclusive=self.flag(t, "upper_inclusive", True, where),
            )
            if band.lower >= band.upper:
                raise self.fail(where, f"lower {band.lower:g} harus lebih kecil dari upper {band.upper:g}")
            for key, edge in (("lower", band.lower), ("upper", band.upper)):
                if abs(edge * 100 - round(edge * 100)) > 1e-6:
                    # Indices are banded as shown, with two decimals: B above 60,125 began at 60,13, and the
                    # gap to it was said 0,02 from 60,12.
                    raise self.fail(f"{where}.{key}", f"{edge!r} paling banyak dua desimal (indeks dipita dua desimal)")
            twin = next((b.code for b in bands if _code_key(b.code) == _code_key(band.code)), None)
            if twin is not None:
                # The 80–90 band retyped "AA": four units at 80,5–82 shown AA. "Baik" beside "baik": --target
                # matches either, and the rekap's COUNTIF (blind to case) counted both bands' units in each.
                raise self.fail(f"{where}.code", f"predikat '{band.code}' ganda (sama dengan '{twin}')")
            bands.append(band)
        ordered = sorted(bands, key=lambda b: b.lower)
        if not ordered or ordered[0].lower != 0 or ordered[-1].upper != index_max:
            raise self.fail("predikat", f"pita predikat harus menutup 0–{index_max:g}")
        for below, above in zip(ordered, ordered[1:], strict=False):
            if below.upper != above.lower or below.upper_inclusive == above.lower_inclusive:
                raise self.fail(
                    "predikat",
                    f"pita {below.code} dan {above.code} harus bersambung di {below.upper:g} "
                    "tanpa celah atau tumpang tindih",
                )
        if not ordered[0].lower_inclusive or not ordered[-1].upper_inclusive:
            raise self.fail("predikat", f"0 dan {index_max:g} harus termasuk dalam pita")
        return tuple(sorted(bands, key=lambda b: -b.lower))


#: The largest number a rubric may write (weights are tens, scale tops hundreds; a count scale may be large).
_MAX_NUMBER = 1e12


#: The most numbers a weight's expression may multiply or divide ("3*1/4" has three): each step's fraction
#: grows, and 100 000 factors took minutes before the bound on its value was reached.
_MAX_FACTORS = 20


def _code_key(code: str) -> str:
    """A predikat or verdict code as spreadsheets' COUNTIF and --target compare it: without regard to case.

    Upper-cased first: "ı" and "I" are one letter to LibreOffice's COUNTIF, which casefold alone keeps apart.
    """
    return code.upper().casefold()


class _TooManyFactors(ValueError):
    """An expression of more than :data:`_MAX_FACTORS` numbers."""


def _fraction_expr(text: str) -> Fraction:
    tokens = re.findall(r"[*/]|\d+(?:[.,]\d+)?", text)
    if len(tokens) > 2 * _MAX_FACTORS:
        raise _TooManyFactors
    value = Fraction(tokens[0].replace(",", "."))
    for op, num in zip(tokens[1::2], tokens[2::2], strict=True):
        operand = Fraction(num.replace(",", "."))
        value = value * operand if op == "*" else value / operand
    return value


#: The longest chain of dependencies a rubric may hold (the shipped ones: 3 items).
_MAX_CHAIN = 50
#: The most items one item may gate, or be gated by (the shipped ones: 4 and 2).
_MAX_FAN = 50
#: The most dependencies a rubric may hold (the shipped ones: 39): the action list weighs every one, for each unit.
_MAX_DEPENDENCIES = 500


def _longest_chain(deps: list[Dependency]) -> list[str] | None:
    """The longest chain of items each depending on the next (item → source → …); None when there is a cycle.

    Walked without recursion (Kahn's order): a chain of thousands is measured, not a RecursionError.
    """
    sources: dict[str, list[str]] = {}
    waiting: dict[str, int] = {}  # (how many of an item's sources are not placed yet)
    for d in deps:
        sources.setdefault(d.item, []).append(d.source)
        waiting[d.item] = waiting.get(d.item, 0) + 1
        waiting.setdefault(d.source, 0)
    dependents: dict[str, list[str]] = {}
    for item, its in sources.items():
        for source in its:
            dependents.setdefault(source, []).append(item)
    ready = sorted(code for code, n in waiting.items() if n == 0)
    best: dict[str, list[str]] = {code: [code] for code in ready}
    placed = 0
    while ready:
        code = ready.pop()
        placed += 1
        for item in dependents.get(code, ()):
            if len(best[code]) + 1 > len(best.get(item, [])):
                best[item] = [item, *best[code]]
            waiting[item] -= 1
            if waiting[item] == 0:
                ready.append(item)
    if placed < len(waiting):
        return None
    return max(best.values(), key=len, default=[])


def _cycle_shown(cycle: list[str]) -> str:
    """A cycle as refused, "a → b → a"; a long one by its ends and its length."""
    shown = cycle if len(cycle) <= 12 else [*cycle[:5], "…", *cycle[-3:]]
    return " → ".join(shown) + (f" ({len(cycle) - 1} butir)" if shown is not cycle else "")


def _find_cycle(deps: list[Dependency]) -> list[str]:
    """A cycle of items each depending on the next, as [a, b, …, a]; [] when there is none.

    Walked without recursion: a cycle closing a chain of 1 500 items was "RecursionError" in Python's words.
    """
    graph: dict[str, list[str]] = {}
    for d in deps:
        graph.setdefault(d.item, []).append(d.source)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if start in state:
            continue
        path: list[str] = [start]
        todo: list[Iterator[str]] = [iter(graph.get(start, ()))]
        state[start] = 1
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                todo.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(graph.get(nxt, ())))
    return []


# --------------------------------------------------------------------------- derived, per rubric

T = TypeVar("T")


def per_rubric(build: Callable[[Rubric], T]) -> Callable[[Rubric], T]:
    """Memoise something derived from a rubric object: a batch asks for it once per workbook.

    Keyed by the object itself (rubrics hold dicts and are not hashable); a few entries at most.
    """
    cache: dict[int, tuple[Rubric, T]] = {}

    @functools.wraps(build)
    def get(rubric: Rubric) -> T:
        hit = cache.get(id(rubric))
        if hit is not None and hit[0] is rubric:
            return hit[1]
        value = build(rubric)
        if len(cache) > 16:
            cache.clear()
        cache[id(rubric)] = (rubric, value)
        return value

    return get


@per_rubric
def area_parts(rubric: Rubric) -> dict[str, str]:
    """The part of each area whose name another area shares ("pemenuhan", "hasil antara", "reform"), else "".

    ZI and PMPRB-2020 have each area twice or three times: the unit's table listed "MANAJEMEN PERUBAHAN" twice
    with other figures and only the codes to tell them apart. The part is its bagian's name up to " area"
    ("HASIL ANTARA AREA PERUBAHAN" is "hasil antara"): whole, it pushed the area's own name out of a chart label.
    """
    parent = {c.code: n for n in rubric.nodes() for c in n.children}
    named = Counter(" ".join(a.name.casefold().split()) for a in rubric.areas())
    parts = {}
    for area in rubric.areas():
        above = parent.get(area.code)
        shared = named[" ".join(area.name.casefold().split())] > 1
        part = " ".join(above.name.casefold().split()).split(" area ")[0] if above is not None else ""
        parts[area.code] = part if shared and above is not None and above.level != "komponen" else ""
    return parts


@per_rubric
def area_names(rubric: Rubric) -> dict[str, str]:
    """Each area's name, with its part (:func:`area_parts`) where another area has the same name."""
    parts = area_parts(rubric)
    return {a.code: a.name + (f" ({parts[a.code]})" if parts[a.code] else "") for a in rubric.areas()}


@per_rubric
def trusted_scores_as(rubric: Rubric) -> tuple[str, ...]:
    """The versions a rubric scores as by its word, none where a shipped rubric shows the word false.

    A kabupaten's copy with its own weights kept the shipped ``scores_as``: workbooks made from the shipped
    rubric (v1.1.1) were taken as made from the copy, PMPRB-W208 unsaid (see :func:`claims_refuted`).
    """
    return () if claims_refuted(rubric) else rubric.scores_as


# --------------------------------------------------------------------------- answers


# (with the quotes a word processor curls: “A” pasted from Word was E402 with no suggestion)
_SPELLING_STRIP = " \t\r\n.)(:;'\"“”‘’„‚«»"


# Characters that show nothing (zero-width spaces and joiners, a byte-order mark, a soft hyphen): pasted
# from a web form or a chat, "Ya" followed by one looked right and was refused.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
#: Digits on both sides of a space (any kind of space): grouping, or a typing error.
_SPACED_DIGITS = re.compile(r"\d\s+\d")
#: A number grouped in thousands by single spaces ("1 234", "-12 500 000,5").
_SPACE_GROUPED = re.compile(r"[-+'’‘＇]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?")


def normalise_spelling(text: str) -> str:
    """The key under which an answer spelling is looked up: case, spaces, punctuation and width ignored.

    NFKC folds the fullwidth forms an Asian input method types (Ｙａ) into plain letters.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    return " ".join(text.strip(_SPELLING_STRIP).casefold().split())


def parse_choice(scale: Scale, raw: object) -> str | None:
    """The canonical answer a typed value stands for, or ``None`` if it is not in the scale."""
    if isinstance(raw, str) and raw in scale.values:
        return raw  # the dropdown's own spelling: by far the most common case
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw)
    if not text.isascii():
        # "(c)" and "(e)" typed in Excel or LibreOffice are AutoCorrected to © and € as they are typed.
        text = _AUTOCORRECTED.get(text.strip(), text)
    return scale.spellings.get(normalise_spelling(text))


_AUTOCORRECTED = {"©": "(c)", "€": "(e)"}


# Thousands grouped the Indonesian way (1.250) or the English way (1,250), one separator throughout.
GROUPED_WHOLE = re.compile(r"\+?[1-9]\d{0,2}([.,])\d{3}(?:\1\d{3})*")
# Grouped thousands that can only be thousands: a decimal separator after them ("1.234,5", "1,234.5"), or the
# same separator twice ("12.500.000"). Read as the number they are, so that a value beyond its scale is said as
# such (E403), not "bukan angka" (E404).
_GROUPED_UNAMBIGUOUS = re.compile(
    r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+,\d+|[-+]?[1-9]\d{0,2}(?:,\d{3})+\.\d+|[-+]?[1-9]\d{0,2}([.,])\d{3}(?:\1\d{3})+"
)


@per_rubric
def percent_scales(rubric: Rubric) -> dict[str, str]:
    """The numeric items and indicators scored on 0–100, each with its scale shown ("0–100")."""
    return {code: shown for code, shown in numeric_scales(rubric).items() if shown == "0–100"}


@per_rubric
def numeric_scales(rubric: Rubric) -> dict[str, str]:
    """The numeric items and indicators answered directly (not counts), each with its scale shown ("0–5")."""
    numeric = {n.code: n.scale for n in rubric.indicators()}
    numeric.update({i.code: i.scale for i in rubric.items() if not i.computed})
    scales = rubric.scales
    return {
        code: f"{scales[sid].minimum:g}–{scales[sid].maximum:g}"
        for code, sid in numeric.items()
        if scales[sid].kind == "number"
    }


_APOSTROPHES = frozenset("'’‘＇")


def parse_number(raw: object, *, whole: bool = False) -> float | None:
    """A number typed as a number or as text ("3,8", "70.05"), or ``None``.

    ``whole`` for a count (a Jumlah row): a count has no fraction, so "1.250" and "1,250" are 1250 (as an
    Indonesian writes a thousand), not 1,25; elsewhere one separator is the decimal one ("3,8" is 3.8).
    """
    if isinstance(raw, bool):
        return None
    number: float | None = None
    if isinstance(raw, int | float):
        try:
            number = float(raw)
        except OverflowError:  # (a 400-digit whole number read as an int: "kesalahan internal", the file dropped)
            return None
    elif isinstance(raw, str):
        if _SPACED_DIGITS.search(raw.strip()) and not _SPACE_GROUPED.fullmatch(
            re.sub(r"\s", " ", raw.translate(_INVISIBLE)).strip()
        ):
            # A space is a thousands separator only between groups of three ("1 234"): "61 4" is no number
            # (it was 614, "di luar rentang 0–100", where the unit meant 61,4 or 61).
            return None
        text = raw.strip().replace(" ", "")
        if not text.isascii():
            # "1\u00a0234" (a no-break space from a PDF or web page) and a zero-width space pasted before "85"
            # were E404, counted 0, though shown exactly as the "1 234" and "85" that were read.
            text = re.sub(r"\s", "", text.translate(_INVISIBLE))
        # An apostrophe kept as a character ("'85", pasted from an export that forces text; ’ from autocorrect),
        # as a choice's is.
        if text[:1] in _APOSTROPHES:
            text = text[1:]
        if whole and GROUPED_WHOLE.fullmatch(text):
            number = float(text.replace(".", "").replace(",", ""))
        elif re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?", text):
            number = float(text.replace(",", "."))
        elif _GROUPED_UNAMBIGUOUS.fullmatch(text):
            # (the separator written last is the decimal one when both are; a single kind is grouping only)
            grouping = "." if "," not in text or -1 < text.rfind(".") < text.rfind(",") else ","
            number = float(text.replace(grouping, "").replace(",", "."))
    # 1E+400 in a cell (or 400 digits typed) reads as infinity: no count or score is that; it would make
    # the index NaN and the predikat undefined.
    return number if number is not None and math.isfinite(number) else None
