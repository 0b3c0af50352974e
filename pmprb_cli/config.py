"""The kabupaten's settings file, ``pmprb.toml``: read once, validated, frozen.

Every command reads it when present (``--config FILE`` names one; otherwise ``./pmprb.toml``); a flag given
on the command line always wins over the file. Relative paths in the file are relative to the file's own
folder, so ``cd /srv/pmprb && pmprb run`` and ``pmprb --config /srv/pmprb/pmprb.toml run`` do the same.

Every problem stops loading with a :class:`~pmprb_cli.errors.UsageError` that names the file and the key,
e.g. ``pmprb.toml: kunci 'jobs': harus bilangan bulat 1 atau lebih, bukan 'banyak'``.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tomli

from pmprb_cli.errors import (
    PmprbError,
    SystemRefusal,
    UsageError,
    decoded_text,
    os_reason,
    toml_problem,
    windows_path_hint,
)

CONFIG_NAME = "pmprb.toml"
REGISTRY_NAME = "daftar-unit.csv"
PLACEHOLDER = "{period}"
#: The keys whose value is a pattern holding ``{period}``; every other path is one file for all periods.
_PATTERN_KEYS = ("inbox", "output")
MAX_BYTES = 1_000_000
_BRACES = re.compile(r"\{[^{}]*\}|[{}]")
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
_PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
#: The years a period may name: a typo (0000-08, 2202-08) crashed the rapor's dates and the zip's timestamps.
PERIOD_YEARS = range(2000, 2100)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DEFAULTS: dict[str, object] = {
    "kabupaten": "",
    "inbox": "masuk/{period}/",
    "output": "keluaran/{period}/",
    "history": "riwayat.sqlite",
    "log": "pmprb-run.log",
    "report_format": "html,md",
}
_KEYS = (
    "kabupaten",
    "rubric",
    "target",
    "registry",
    "inbox",
    "output",
    "history",
    "log",
    "jobs",
    "report_format",
    "templates",
)


@dataclass(frozen=True)
class Config:
    """The validated settings of one kabupaten; every path is absolute.

    ``inbox`` and ``output`` are patterns holding ``{period}``; :meth:`inbox_for` and :meth:`output_for`
    fill them in. ``rubric`` is a shipped id or an absolute path to a rubric file.
    """

    path: Path
    kabupaten: str
    rubric: str | None
    target: str | None
    registry: str | None
    inbox: str
    output: str
    history: Path
    log: Path
    jobs: int | None
    report_format: str
    templates: str | None

    @property
    def root(self) -> Path:
        """The folder of the settings file: relative paths start here."""
        return self.path.parent

    def inbox_for(self, period: str) -> Path:
        """The folder where the workbooks of ``period`` arrive."""
        return Path(self.inbox.replace(PLACEHOLDER, period))

    def output_for(self, period: str) -> Path:
        """The folder where the outputs of ``period`` go."""
        return Path(self.output.replace(PLACEHOLDER, period))

    def where(self, key: str) -> str:
        """``pmprb.toml: kunci 'key'``: how a message names a setting."""
        return f"{self.path}: kunci '{key}'"


def find_config(explicit_path: str | None) -> Path | None:
    """The settings file to read: the one named, else ``./pmprb.toml`` when present, else ``None``."""
    if explicit_path is not None:
        path = Path(explicit_path)
        if path.is_dir():  # "--config keluaran/" said "tidak ditemukan" of a folder that is there
            raise UsageError(
                f"--config {path} adalah folder, bukan berkas pengaturan",
                hint=f"Sebut berkasnya, mis. --config {path / CONFIG_NAME}.",
            )
        if not path.is_file():
            raise UsageError(
                f"Berkas pengaturan tidak ditemukan: {path}",
                hint=notepad_twin(path)
                or windows_path_hint(str(explicit_path))
                or "Periksa jalur --config, atau buat berkasnya dengan `pmprb init`.",
            )
        return path
    default = Path(CONFIG_NAME)
    return default if default.is_file() else None


def notepad_twin(path: Path) -> str:
    """A hint when ``path`` is missing but Notepad saved it with ``.txt`` added ("pmprb.toml.txt"); else ""."""
    saved = path.with_name(path.name + ".txt")
    if path.name and saved.is_file():
        return f"Ada {saved.name}: Notepad menambahkan .txt; ganti namanya menjadi {path.name}."
    return ""


def load_config(explicit_path: str | None) -> Config | None:
    """Read and validate the settings file (``--config`` or ``./pmprb.toml``); ``None`` when there is none."""
    path = find_config(explicit_path)
    return None if path is None else read_config(path)


def absolute_from_here(path: str | Path) -> str:
    """``path`` made absolute from the working folder as the shell names it (``$PWD``), when that is it.

    `cd /srv/pmprb` (a symlink to /data/pmprb) then ``pmprb run`` read the config's ``inbox = "../bersama/…"``
    from /data, where ``--config /srv/pmprb/pmprb.toml`` read it from /srv.
    """
    shell = os.environ.get("PWD", "")
    if not os.path.isabs(path) and os.path.isabs(shell):
        with contextlib.suppress(OSError):
            if os.path.samefile(shell, os.curdir):
                return os.path.normpath(os.path.join(shell, path))
    return os.path.abspath(path)


def read_config(path: str | Path) -> Config:
    """Read and validate one settings file; raise :class:`UsageError` naming the file and the key."""
    file = Path(absolute_from_here(path))
    try:
        if file.stat().st_size > MAX_BYTES:
            raise UsageError(f"{file}: berkas pengaturan terlalu besar")
        raw = file.read_bytes()
        text = decoded_text(raw)  # Notepad of old saves a BOM first, or UTF-16
        data = tomli.loads(text)
    except OSError as exc:
        raise UsageError(f"{file}: tidak dapat dibaca ({os_reason(exc)})") from exc
    except RecursionError as exc:  # y = [[[[… a thousand deep: the parser recurses once per bracket
        raise UsageError(
            f"{file}: larik atau tabel bersarang terlalu dalam", hint="pmprb.toml hanya memuat kunci = nilai."
        ) from exc
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as exc:
        # (`target = "A"` appended while line 14 already set it, a Windows path in double quotes: each said
        # "teks diapit tanda kutip", which misled)
        problem, hint = toml_problem(
            exc, raw, 'Setiap baris berbentuk kunci = nilai; teks diapit tanda kutip, mis. target = "BB".'
        )
        raise UsageError(f"{file}: {problem}", hint=hint) from exc
    return _Reader(file, data, text).build()


class _Reader:
    def __init__(self, path: Path, data: dict[str, Any], text: str = "") -> None:
        self.path = path
        self.data = data
        self.text_lines = text.splitlines()

    def fail(self, key: str, problem: str, hint: str = "") -> UsageError:
        # The line too, as a TOML error says it: "kunci 'targt'" sent the reader searching a 60-line file.
        return UsageError(f"{self.path}{self._line_of(key)}: kunci '{key}': {problem}", hint=hint)

    def _line_of(self, key: str) -> str:
        written = re.compile(rf"""\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
        found = next((n for n, line in enumerate(self.text_lines, start=1) if written.match(line)), None)
        return f", baris {found}" if found else ""

    def text(self, key: str) -> str | None:
        value = self.data.get(key, _DEFAULTS.get(key))
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(key, f"harus teks dalam tanda kutip, bukan {_shown(value)}", f'Contoh: {key} = "…"')
        return value.strip()

    def path_value(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        if not value:
            raise self.fail(key, "tidak boleh kosong", "Hapus barisnya untuk memakai nilai bawaan.")
        if _CONTROL.search(value):
            # history = "D:\temp\riwayat.sqlite" in double quotes: TOML reads \t and \r as a tab and a carriage
            # return, and the history went, without a word, into a file named "D:<TAB>emp<CR>iwayat.sqlite".
            raise self.fail(
                key,
                f"{_shown(value)} memuat karakter kendali (tab atau baris baru): di antara tanda kutip ganda, "
                "\\ diikuti huruf dibaca sebagai kode (\\t = tab)",
                "Tulis jalur dengan garis miring /, mis. masuk/{period}/ atau /data/riwayat.sqlite"
                + ("" if os.sep == "/" else ", atau di antara tanda kutip tunggal: 'D:\\data\\riwayat.sqlite'")
                + ".",
            )
        if os.sep == "/" and (_WINDOWS_DRIVE.match(value) or "\\" in value):
            # 'D:\data\daftar-unit.csv' (single quotes keep the backslashes) was "berkas /srv/kab/D:\data\… tidak
            # ditemukan; jalur relatif dihitung dari folder pmprb.toml": a Windows path on this machine.
            raise self.fail(
                key,
                f"{_shown(value)} adalah jalur Windows; mesin ini memakai jalur dengan garis miring /",
                "Tulis jalur di mesin ini, mis. /data/masuk/{period}/ atau relatif dari folder pmprb.toml "
                "(masuk/{period}/), dengan / bukan \\.",
            )
        if key not in _PATTERN_KEYS and _BRACES.search(value):
            # history = "keluaran/{period}/r.sqlite" made a folder named "{period}": one history holds every month.
            raise self.fail(
                key,
                f"tidak memakai {PLACEHOLDER} atau tanda kurung kurawal lain, bukan {_shown(value)}",
                f"Satu berkas untuk semua periode; hanya inbox dan output yang memuat {PLACEHOLDER}.",
            )
        return os.path.normpath(self.path.parent / os.path.expanduser(value))

    def pattern(self, key: str) -> str:
        value = self.text(key) or ""
        found = _BRACES.findall(value)
        if PLACEHOLDER not in found or any(b != PLACEHOLDER for b in found):
            raise self.fail(
                key,
                f"harus memuat {PLACEHOLDER} (dan tanda kurung kurawal lain tidak), bukan {_shown(value)}",
                f'Contoh: {key} = "{_DEFAULTS[key]}"; {PLACEHOLDER} diganti periode TTTT-BB.',
            )
        resolved = self.path_value(key)
        assert resolved is not None  # a default exists for every pattern key
        return resolved

    def build(self) -> Config:
        for name, value in self.data.items():
            header = re.compile(rf"\s*\[+\s*[\"']?{re.escape(name)}\b")
            line = next((n for n, text in enumerate(self.text_lines, start=1) if header.match(text)), None)
            if isinstance(value, dict) and line is not None:
                # "[pmprb]" above the keys (as other tools' files have) was "kunci 'pmprb': tidak dikenal", no line,
                # and a hint listing the very keys the file held. (A key = {…} is an unknown key, said below.)
                raise UsageError(
                    f"{self.path}, baris {line}: bagian [{name}] tidak dikenal; pmprb.toml tidak memakai judul bagian",
                    hint=f"Hapus baris [{name}]: setiap kunci (kabupaten = …, inbox = …) ditulis langsung, tanpa "
                    "judul bagian di atasnya.",
                )
        unknown = sorted(set(self.data) - set(_KEYS))
        if unknown:
            key = unknown[0]
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"Maksudnya '{close[0]}'?" if close else f"Kunci yang dikenal: {', '.join(_KEYS)}."
            raise self.fail(key, "tidak dikenal", hint)
        history = self.path_value("history")
        log = self.path_value("log")
        assert history is not None and log is not None  # both have defaults
        config = Config(
            path=self.path,
            kabupaten=self.text("kabupaten") or "",
            rubric=self._rubric(),
            target=self.text("target") or None,
            registry=self._existing("registry"),
            inbox=self.pattern("inbox"),
            output=self.pattern("output"),
            history=Path(history),
            log=Path(log),
            jobs=self._jobs(),
            report_format=self._formats(),
            templates=self._existing("templates", folder=True),
        )
        if config.target is not None:
            config = replace(config, target=self._check_target(config))
        self._log_apart(config)
        return config

    def _log_apart(self, config: Config) -> None:
        """Refuse a log that is another file pmprb reads or keeps, or inside a period's inbox or output folder.

        ``log = "registry.csv"`` (a history line copied, its key renamed): each run appended its lines to the
        registry, and the next was refused for a kode '2026-12-06T…'; an OPD's workbook, the history or
        pmprb.toml itself were changed the same way.
        """
        from pmprb_cli.cache import cache_path
        from pmprb_cli.history import lock_path

        def same(path: Path | str) -> str:
            return os.path.normcase(os.path.realpath(path))

        log = same(config.log)
        others: list[tuple[Path | str | None, str]] = [
            (config.path, "berkas pengaturan ini"),
            (config.history, "riwayat (history)"),
            (cache_path(config.history), "cache riwayat"),
            (lock_path(config.history), "berkas kunci riwayat"),
            (f"{config.history}-journal", "jurnal riwayat"),
            (f"{config.history}-wal", "jurnal riwayat"),
            (config.registry, "daftar unit (registry)"),
            (config.rubric if config.rubric and os.sep in config.rubric else None, "berkas rubrik"),
        ]
        what = next((f"sama dengan {w}" for p, w in others if p is not None and _same_file(p, config.log, same)), "")
        for key, words in (("inbox", "folder masuk"), ("output", "folder keluaran")):
            head, _, tail = same(getattr(config, key)).partition(PLACEHOLDER)
            inside = re.compile(re.escape(head) + r"\d{4}-\d{2}" + re.escape(tail) + r"[/\\]")
            if not what and inside.match(log):
                what = f"berada di dalam {words} sebuah periode ({key} = {_shown(self.text(key) or '')})"
        if what:
            raise self.fail(
                "log",
                f"{config.log} {what}; setiap run menambahkan catatannya ke sana dan merusaknya",
                'Tulis log ke berkas tersendiri di luar folder masuk dan keluaran, misalnya log = "pmprb-run.log".',
            )

    def _rubric(self) -> str | None:
        from pmprb_cli.rubric import shipped_rubrics

        value = self.text("rubric")
        if not value:
            return None
        if value in shipped_rubrics():
            self._no_edited_copy_beside(value)
            return value
        path = self.path_value("rubric")
        if path is None or not Path(path).is_file():
            raise self.fail(
                "rubric",
                f"'{value}' bukan rubrik bawaan ({', '.join(shipped_rubrics())}) dan bukan berkas yang ada",
                (notepad_twin(Path(path)) if path is not None else "")
                or "Lihat `pmprb rubric list`, atau tulis jalur berkas .toml relatif terhadap pmprb.toml.",
            )
        return path

    def _no_edited_copy_beside(self, rubric_id: str) -> None:
        """Refuse a shipped rubric's id when an edited copy of it, of the same version, stands beside pmprb.toml.

        Such a copy was ignored without a word: the kabupaten believed its weights were in use. Compared as
        TOML (a Notepad save, CRLF or a BOM, is no edit); a copy of another version is a copy, not an edit.
        """
        from pmprb_cli.rubric import parsed_toml, shipped_contents

        beside = self.path.parent / f"{rubric_id}.toml"
        try:
            if not beside.is_file() or beside.stat().st_size > MAX_BYTES * 64:
                return
            raw = beside.read_bytes()
        except OSError:
            return
        copy = parsed_toml(raw)
        if copy is None:
            # An edit that does not even parse ("weight = 2,5") was ignored in silence, the shipped rubric used.
            try:
                tomli.loads(decoded_text(raw))
            except (UnicodeDecodeError, tomli.TOMLDecodeError) as exc:
                problem, hint = toml_problem(exc, raw, "")
                raise self.fail(
                    "rubric",
                    f"'{rubric_id}' adalah rubrik bawaan, tetapi di folder ini ada {beside.name} yang {problem}",
                    (hint + " " if hint else "")
                    + f'Untuk memakai berkas itu tulis rubric = "{beside.name}"; untuk memakai rubrik bawaan, ganti '
                    "nama atau pindahkan berkas itu.",
                ) from exc
            except RecursionError:
                pass  # (nested a thousand deep: no edit of the shipped file)
            return
        shipped = shipped_contents(rubric_id)
        version = shipped.get("version")
        if copy == shipped or copy.get("version") != version:
            return
        raise self.fail(
            "rubric",
            f"'{rubric_id}' adalah rubrik bawaan v{version}, tetapi di folder ini ada {beside.name} versi yang "
            "sama dengan isi yang berbeda",
            f'Untuk memakai berkas itu tulis rubric = "{beside.name}" dan beri version sendiri (mis. '
            f'"{version}-kab"); untuk memakai rubrik bawaan, ganti nama atau pindahkan berkas itu.',
        )

    def _existing(self, key: str, folder: bool = False) -> str | None:
        path = self.path_value(key)
        if path is None:
            return None
        ok = Path(path).is_dir() if folder else Path(path).is_file()
        if not ok:
            what = "folder" if folder else "berkas"
            if not folder and Path(path).is_dir():
                # ("berkas …/daftar tidak ditemukan" of a folder that is there sent the reader looking for it)
                raise self.fail(
                    key, f"{path} adalah folder, bukan berkas", "Tulis jalur berkasnya, mis. daftar/daftar-unit.csv."
                )
            if folder and Path(path).exists():
                raise self.fail(key, f"{path} adalah berkas, bukan folder", "Tulis jalur foldernya.")
            if Path(path).exists():  # (a FIFO or a device was "tidak ditemukan")
                raise self.fail(key, f"{path} bukan berkas biasa", "Tulis jalur berkas CSV biasa.")
            raise self.fail(
                key,
                f"{what} {path} tidak ditemukan",
                notepad_twin(Path(path)) or "Jalur relatif dihitung dari folder pmprb.toml.",
            )
        return path

    def _jobs(self) -> int | None:
        value = self.data.get("jobs")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail("jobs", f"harus bilangan bulat 1 atau lebih, bukan {_shown(value)}", "Contoh: jobs = 4")
        return value

    def _formats(self) -> str:
        value = self.text("report_format") or ""
        wanted = [p.strip().casefold() for p in value.split(",") if p.strip()]
        if not wanted or any(w not in ("html", "md") for w in wanted):
            raise self.fail(
                "report_format",
                f"harus html, md atau html,md, bukan {_shown(value)}",
                hint='Contoh: report_format = "html,md" (rapor HTML dan Markdown), atau "html" saja, atau "md".',
            )
        return ",".join(f for f in ("html", "md") if f in wanted)

    def _check_target(self, config: Config) -> str:
        """The target as the rubric spells it ("bb" is BB, as on the command line).

        Without a ``rubric`` key the rubric is the command's (``--rubric``, or recognised from the workbooks) and
        the target is checked there: `score --rubric zi-2021 --target WBK` was refused for pmprb.toml's
        ``target = "WBK"`` "bukan predikat rubrik pmprb-2020", a rubric nobody named.
        """
        from pmprb_cli.rubric import load_rubric

        if config.rubric is None:
            return config.target or ""
        try:
            rubric = load_rubric(config.rubric)
        except PmprbError as exc:
            raise self.fail("rubric", exc.message, exc.hint) from exc
        from pmprb_cli.ranking import target_choices, target_named

        found = target_named(rubric, config.target or "")
        if found is None:
            what = "predikat atau verdict" if rubric.verdicts else "predikat"
            raise self.fail(
                "target",
                f"'{config.target}' bukan {what} rubrik {rubric.id}",
                target_choices(rubric, config.target or ""),
            )
        return found


def _same_file(path: Path | str, log: Path, same: Any) -> bool:
    """Whether ``log`` names ``path``: by name, or as one file under two names (a hard link, a share's case)."""
    if same(path) == same(log):
        return True
    with contextlib.suppress(OSError):
        return os.path.samefile(path, log)
    return False


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def check_period(period: str) -> str:
    """The period itself when it is ``TTTT-BB`` of a year 2000–2099; else a :class:`UsageError`.

    Whole and in ASCII digits: 2022-08 with a line end passed ``^…$`` and was written into templates with it;
    full-width digits matched a Unicode digit class and every 2022-08 workbook was "periode lain".
    """
    if not _PERIOD.fullmatch(period):
        from pmprb_cli.layout import normalise_period

        # "08-2022", "Agustus 2022", "2022-8": read as a workbook's period is, and offered (not taken: a command
        # line is typed once and rerun by cron; what it means is the operator's to confirm).
        meant = normalise_period(period[:40])
        guess = f"Maksudnya {meant}? " if _PERIOD.fullmatch(meant) and int(meant[:4]) in PERIOD_YEARS else ""
        # (repr: a line end or a tab in it shown, not printed)
        raise UsageError(
            f"Periode {period!r} tidak sah", hint=guess + "Tulis periode sebagai TTTT-BB, misalnya 2022-07."
        )
    if int(period[:4]) not in PERIOD_YEARS:
        raise UsageError(
            f"Periode '{period}' di luar tahun {PERIOD_YEARS[0]}–{PERIOD_YEARS[-1]}",
            hint="Periksa tahunnya (salah ketik?); tulis periode sebagai TTTT-BB, misalnya 2022-07.",
        )
    return period


# --------------------------------------------------------------------------- pmprb init

#: The kabupaten ``pmprb init`` writes without --kabupaten.
EXAMPLE_KABUPATEN = "Kabupaten Contoh"


def still_init_example(config: Config) -> bool:
    """Whether pmprb.toml still names the kabupaten ``pmprb init`` wrote as an example (the file init wrote).

    Said by init once and never again: templates went out named "Kabupaten Contoh", the rapor was titled so,
    and correcting it later refused every workbook (PMPRB-E308). A settings file of its own (the demo's Kabupaten
    Contoh) does not start as init's does.
    """
    if config.kabupaten != EXAMPLE_KABUPATEN:
        return False
    try:
        with config.path.open("rb") as handle:
            head = handle.read(len(_INIT_FIRST_LINE.encode()) + 3)
    except OSError:
        return False
    return head.decode("utf-8", "replace").lstrip("\ufeff").startswith(_INIT_FIRST_LINE)


_INIT_FIRST_LINE = "# pmprb.toml — pengaturan pmprb untuk satu kabupaten/kota."

EXAMPLE_LINE = (
    f'Perhatian: kabupaten di pmprb.toml masih "{EXAMPLE_KABUPATEN}", contoh dari pmprb init: ganti dengan nama '
    "kabupaten/kota Anda sebelum templat dibagikan; templat, rapor dan buku kerja kabupaten memakai nama itu, dan "
    "setelah templat dibagikan mengubahnya membuat setiap buku kerja dianggap dari kabupaten lain (PMPRB-E308)."
)


CONFIG_TEMPLATE = """\
# pmprb.toml — pengaturan pmprb untuk satu kabupaten/kota.
#
# Setiap perintah pmprb membaca berkas ini bila ada di folder kerja (atau yang disebut dengan --config);
# opsi di baris perintah selalu menang atas isi berkas ini. Jalur relatif dihitung dari folder berkas ini,
# bukan dari folder tempat pmprb dijalankan.

# Nama kabupaten/kota: judul rapor, buku kerja kabupaten dan LKE kabupaten.
kabupaten = {kabupaten}

# Rubrik penilaian: id bawaan (lihat `pmprb rubric list`) atau jalur berkas .toml buatan tim percepatan.
rubric = {rubric}

# Target kabupaten: {target_choices}.
# Rapor menyebut jarak setiap unit ke target ini dan siapa yang perlu pendampingan.
target = {target}

# Daftar perangkat daerah (CSV kode,nama,jenis[,alias]); `pmprb init` menulis contohnya.
registry = "{registry}"

# Folder tempat buku kerja LKE setiap periode masuk; {{period}} diganti periode TTTT-BB (mis. masuk/2022-07/).
inbox = "masuk/{{period}}/"

# Folder keluaran setiap periode: rekap kabupaten (.xlsx), rapor, nilai dan hasil validasi.
output = "keluaran/{{period}}/"

# Basis data riwayat (SQLite): nilai setiap unit setiap periode, untuk tren bulanan dan triwulanan.
history = "riwayat.sqlite"

# Catatan setiap `pmprb run`, ditambahkan di akhir berkas (satu-satunya keluaran yang memuat jam).
log = "pmprb-run.log"

# Format rapor: "html", "md" atau "html,md".
report_format = "html,md"

# Jumlah proses paralel; tanpa baris ini: satu proses untuk sedikit berkas, semua inti untuk banyak berkas.
# jobs = 4

# Folder templat rapor pengganti (opsional; lihat `pmprb report --templates`).
# templates = "templat-rapor/"
"""

REGISTRY_TEMPLATE = """\
kode,nama,jenis,alias
SETDA,Sekretariat Daerah,sekretariat,Setda
INSP,Inspektorat Daerah,inspektorat,Inspektorat
BAPPEDA,Badan Perencanaan Pembangunan Daerah,badan,Bappeda
DINKES,Dinas Kesehatan,dinas,Dinkes|DKK
RSUD,Rumah Sakit Umum Daerah,rsud,
KEC-SUKAMAJU,Kecamatan Sukamaju,kecamatan,Kec. Sukamaju
"""


@dataclass(frozen=True)
class InitFile:
    """One file ``pmprb init`` considered: where, and whether it wrote it (``False``: it was already there)."""

    path: Path
    written: bool
    #: The rubric an existing pmprb.toml names where ``--rubric`` asked for another ("" otherwise): it stays.
    other_rubric: str = ""
    #: Likewise the kabupaten it names where ``--kabupaten`` asked for another: a corrected name was kept unsaid.
    other_kabupaten: str = ""


def _same_rubric_named(a: str, b: str, folder: Path) -> bool:
    """Whether two rubric settings of one pmprb.toml name the same rubric (an id, or a path from its folder)."""
    from pmprb_cli.rubric import shipped_rubrics

    if a == b or a in shipped_rubrics() or b in shipped_rubrics():
        return a == b
    return os.path.realpath(folder / a) == os.path.realpath(folder / b)  # ("./rubrik/kab.toml" is "rubrik/kab.toml")


def _named_in(path: Path, key: str, default: str) -> str | None:
    """What an existing pmprb.toml names for ``key`` (``default`` when it names none); ``None`` when unreadable."""
    try:
        with path.open("rb") as handle:
            data = tomli.loads(decoded_text(handle.read(1 << 20)))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        return None
    named = data.get(key, default)
    return named if isinstance(named, str) else None


def init_project(folder: str | Path, *, kabupaten: str = "", rubric: str = "") -> tuple[InitFile, ...]:
    """Write a commented ``pmprb.toml`` and a registry template into ``folder``; never overwrite a file."""
    from pmprb_cli.ranking import default_target, target_codes
    from pmprb_cli.rubric import DEFAULT_RUBRIC, load_rubric, shipped_rubrics

    try:
        chosen = load_rubric(rubric or DEFAULT_RUBRIC)
        goal, choices = default_target(chosen), target_codes(chosen)
        verdicts = [v.code for v in chosen.verdicts]
    except PmprbError:
        if not rubric.lower().endswith(".toml"):
            # "--rubric pmprb2020" (a shipped id mistyped) was written, exit 0, and every later command refused
            # the settings: refused here, with the shipped ids. Only a rubric file may be written later.
            raise
        # a rubric file still to be written: the config check will say so when it is read
        goal, choices, verdicts = "BB", ["AA", "A", "BB", "B", "CC", "C", "D"], []
    choice_text = "predikat " + ", ".join(c for c in choices if c not in verdicts)
    if verdicts:  # Zona Integritas: passed or not
        choice_text = f"{' atau '.join(verdicts)} (Zona Integritas: lulus atau tidak), atau {choice_text}"
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} bukan folder", hint="Berikan folder tempat pmprb.toml ditulis.")
    written_rubric = rubric or DEFAULT_RUBRIC
    if rubric and rubric not in shipped_rubrics() and (Path(rubric).is_file() or rubric.lower().endswith(".toml")):
        # pmprb.toml reads its paths from its own folder: "rubrik/kab.toml", found from the working folder
        # here, was written as given, and every later command refused it. One still to be written is taken from
        # the working folder too, as every path given to a command is (covrev: it was written as typed, so read
        # from pmprb.toml's folder, where an existing one was not).
        try:
            written_rubric = os.path.relpath(Path(rubric).resolve(), target.resolve())
        except ValueError:  # (another drive, on Windows)
            written_rubric = str(Path(rubric).resolve())
    texts = {
        CONFIG_NAME: CONFIG_TEMPLATE.format(
            kabupaten=json.dumps(kabupaten or EXAMPLE_KABUPATEN, ensure_ascii=False),
            rubric=json.dumps(written_rubric, ensure_ascii=False),
            registry=REGISTRY_NAME,
            target=json.dumps(goal, ensure_ascii=False),
            target_choices=choice_text,
        ),
        REGISTRY_NAME: REGISTRY_TEMPLATE,
    }
    out = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            path = target / name
            try:
                # O_EXCL: a file that appears between a check and the write is still never overwritten.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                kept = _named_in(path, "rubric", DEFAULT_RUBRIC) if rubric and name == CONFIG_NAME else None
                other = kept is not None and not _same_rubric_named(kept, written_rubric, target)
                named = _named_in(path, "kabupaten", "") if kabupaten and name == CONFIG_NAME else None
                other_kabupaten = named if named is not None and named.strip() != kabupaten.strip() else ""
                out.append(InitFile(path, False, kept if other and kept is not None else "", other_kabupaten))
                continue
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            out.append(InitFile(path, True))
    except OSError as exc:
        raise SystemRefusal(f"Tidak dapat menulis ke {target}: {os_reason(exc)}") from exc
    return tuple(out)
