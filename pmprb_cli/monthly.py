"""The monthly run: validate → score → merge → rapor → history, for one period, as one unattended command.

:func:`run_period` is what ``pmprb run`` and a cron job call. Its promises:

- **nothing asked**: everything comes from :class:`~pmprb_cli.config.Config` and the period;
- **a repeat changes nothing**: the run key (inputs, settings, pmprb's code, the earlier history the rapor
  shows) is kept in the history; when it matches and every output still has its recorded SHA-256, the run
  stops there, writing nothing (the log file aside);
- **a change redoes only what depends on it**: a workbook whose bytes did not change is not read again (its
  result comes from :mod:`pmprb_cli.cache`); every output is rendered and written only when its bytes differ;
- **nothing lost**: each output is written to a temporary file and renamed, the history takes whole periods in
  one transaction, and a lock keeps a second run out. A run killed at any point leaves the earlier periods, and
  this period's last complete record, as they were; the next run completes the work.

Paths of inputs are kept relative to the folder of ``pmprb.toml``, so outputs do not depend on where the
folder lives or where pmprb was started.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import glob
import hashlib
import math
import os
import re
import shlex
import shutil
import stat
import sys
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pmprb_cli import __version__
from pmprb_cli.batch import Batch, batch_from_results
from pmprb_cli.cache import ResultCache, cache_path, code_fingerprint, digest
from pmprb_cli.catalogue import language
from pmprb_cli.checks import pemda_key, unit_key
from pmprb_cli.config import EXAMPLE_LINE, PLACEHOLDER, Config, check_period, still_init_example
from pmprb_cli.entry import finishing
from pmprb_cli.errors import PmprbError, RunBusy, SystemRefusal, UsageError, os_reason
from pmprb_cli.files import (
    in_folder,
    is_inside,
    modified_ns,
    same_file_named,
    sweep_leftovers,
    temporary_beside,
    without_file,
    write_if_changed,
)
from pmprb_cli.history import (
    SCHEMA_VERSION,
    AreaRecord,
    History,
    InputRecord,
    PeriodRecord,
    UnitRecord,
    hold_lock,
    other_kabupaten,
    other_kabupaten_line,
    period_label,
)
from pmprb_cli.models import Rubric, Severity, Submission, first_named, format_id, visible
from pmprb_cli.pipeline import (
    Assessment,
    FileResult,
    Progress,
    default_jobs,
    expand_paths,
    never_ranked,
    not_workbooks,
    read_paths,
)
from pmprb_cli.ranking import default_target, target_choices, target_named, target_verdict
from pmprb_cli.rapor import Alike, HistoryPoint, KabupatenView, kabupaten_view, same_rubric, versions_alike
from pmprb_cli.registry import Registry, Unit, parse_registry, read_registry_bytes

if TYPE_CHECKING:
    from pmprb_cli.merging import Movement  # (xlsxwriter: imported where a rekap is written)

PAUSE_ENV = "PMPRB_TEST_PAUSE"
RESUME_ENV = "PMPRB_TEST_RESUME"
PAUSE_POINTS = (
    "after-lock",
    "after-assess",
    "after-score",
    "after-merge",
    "mid-rapor",
    "before-history",
    "in-transaction",
    "after-history",
)
_RAPOR = "rapor"


def pause(point: str) -> None:
    """Stop at a named point when ``PMPRB_TEST_PAUSE`` names it: the kill and lock tests hold a run here.

    The run says so on stderr, then waits until the file named by ``PMPRB_TEST_RESUME`` exists (at most
    two minutes). Without the variable this does nothing.
    """
    if point not in os.environ.get(PAUSE_ENV, "").split(","):
        return
    sys.stderr.write(f"{PAUSE_ENV} {point} {os.getpid()}\n")
    sys.stderr.flush()
    resume = os.environ.get(RESUME_ENV, "")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (resume and os.path.exists(resume)):
        time.sleep(0.05)


# --------------------------------------------------------------------------- set-up


@dataclass(frozen=True)
class Setup:
    """What a period's run or export works with, every setting resolved and checked."""

    config: Config
    period: str
    rubric: Rubric
    target: str
    registry: Registry | None
    registry_sha256: str
    inbox: Path
    output: Path
    #: The bytes of the rubric file and of the registry CSV (b"" without one): the history keeps them.
    rubric_source: bytes = b""
    registry_csv: bytes = b""
    #: The settings of pmprb.toml set aside for the period's recorded ones (see :func:`as_recorded`).
    as_recorded: tuple[str, ...] = ()
    #: The rubric versions that score alike, by the rubric's word and those of the rubrics the history kept
    #: (rapor.versions_alike); None: the rubric's word only.
    alike: Alike | None = None
    #: Today's kodes of the recorded registry's units ("DISDIKBUD→DISDIK"; Registry.knowing_kodes_of): they
    #: decide which unit a workbook is, so results are keyed by them too (nothing when none is lent).
    kodes_lent: tuple[str, ...] = ()
    #: The kodes of each registry the history's periods were run with (History.registered_kodes): with them
    #: the rapor tells two units merged since from one renamed.
    registered: tuple[frozenset[str], ...] = ()
    #: A period's first run after later ones were recorded: the recorded period whose registry it was run with,
    #: as the registry in force then (see :func:`registry_in_force`); "" when run with pmprb.toml's.
    registry_of: str = ""
    #: Likewise for the target (see :func:`target_in_force`): (the recorded period, pmprb.toml's target set aside).
    target_of: tuple[str, str] = ("", "")

    def settings_files(self) -> dict[str, tuple[str, bytes]]:
        """The files the history keeps so that the period can be scored again as it was (kind → name, bytes)."""
        registry = Path(self.registry.path).name if self.registry is not None else ""
        return {
            "rubrik": (Path(self.rubric.path).name, self.rubric_source),
            "daftar unit": (registry, self.registry_csv),
        }


def prepare(config: Config, period: str) -> Setup:
    """Check the period and load the rubric and the registry; a problem names the setting in pmprb.toml."""
    from pmprb_cli.rubric import read_rubric

    check_period(period)
    try:
        rubric, rubric_source = read_rubric(config.rubric)
    except PmprbError as exc:
        raise UsageError(f"{config.where('rubric')}: {exc.message}", hint=exc.hint) from exc
    # (one read: the bytes hashed and kept are those parsed)
    registry_csv = read_registry_bytes(config.registry) if config.registry else b""
    registry = parse_registry(registry_csv, config.registry) if config.registry else None
    registry_sha = hashlib.sha256(registry_csv).hexdigest() if config.registry else ""
    inbox, output = config.inbox_for(period), config.output_for(period)
    if is_inside(inbox, output):
        raise UsageError(
            f"{config.where('output')}: folder keluaran {output} sama dengan atau memuat folder masuk {inbox}",
            hint='Pisahkan keduanya, mis. inbox = "masuk/{period}/" dan output = "keluaran/{period}/".',
        )
    if not inbox.is_dir():
        # ("folder … tidak ada" of a file in its place, or of a link to a share not mounted, sent the reader to
        # look for a folder that was there)
        lost = _lost_link(inbox)
        why = (
            "adalah berkas, bukan folder"
            if inbox.exists()
            else f"tidak ada: {lost} adalah tautan ke {os.readlink(lost)}, yang tidak ada (share belum terpasang?)"
            if lost is not None
            else "tidak ada"
        )
        raise UsageError(
            f"{config.where('inbox')}: folder {inbox} untuk periode {period} {why}",
            hint="Letakkan buku kerja LKE periode itu di sana, atau periksa pola inbox di pmprb.toml.",
        )
    lost = _lost_link(output)
    if lost is not None:
        # Found only when the first output was written, after every workbook was read: "BELUM-SELESAI.txt: sudah
        # ada (mungkin sebuah berkas di tempat yang semestinya folder)", the link and its target unnamed.
        raise UsageError(
            f"{config.where('output')}: {lost} adalah tautan ke {os.readlink(lost)}, yang tidak ada; keluaran "
            f"{output} tidak dapat dibuat",
            hint="Pasang dulu folder tujuannya (share jaringan), atau ubah pola output di pmprb.toml.",
        )
    blocked = next((p for p in (output, *output.parents) if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        # Found now, before any workbook is read, rather than when the first output is written.
        raise UsageError(
            f"{config.where('output')}: {blocked} adalah berkas, bukan folder; keluaran {output} tidak dapat dibuat",
            hint="Pindahkan atau ganti nama berkas itu, atau ubah pola output di pmprb.toml.",
        )
    target = default_target(rubric) if config.target is None else target_named(rubric, config.target)
    if target is None:
        # (pmprb.toml without a rubric key: its target is checked here, against the rubric run uses)
        raise UsageError(
            f"{config.where('target')}: '{config.target}' bukan predikat rubrik {rubric.id} yang dipakai run "
            "(pmprb.toml tidak menyebut kunci 'rubric')",
            hint=f"{target_choices(rubric, config.target or '')} Atau sebut rubrik target itu: kunci 'rubric'.",
        )
    return Setup(config, period, rubric, target, registry, registry_sha, inbox, output, rubric_source, registry_csv)


def with_history(setup: Setup, history: History) -> Setup:
    """``setup`` with what the history tells of earlier periods: versions alike, kodes registered, former kodes.

    A unit's kodes of earlier registries: renamed twice, DISKOMINFO → DKIS → DISKOMINFOSANTIK. Run and export
    read the period's workbooks alike: export read them with the bare registry, and DISKOMINFO.xlsx was
    PMPRB-E301 in the package (and in the cache, under the key run uses) where run recognised it.
    """
    return replace(
        setup,
        alike=versions_alike(setup.rubric, *history.recorded_rubrics()),
        registered=history.registered_kodes(),
        registry=setup.registry.with_aliases_of(history.kept_registries()) if setup.registry else None,
    )


def _lost_link(path: Path) -> Path | None:
    """The first of ``path`` and its folders that is a symbolic link to nothing (a share not mounted)."""
    return next((p for p in (*reversed(path.parents), path) if p.is_symlink() and not p.exists()), None)


def as_recorded(setup: Setup, stored: PeriodRecord, history: History, *, exact: bool = False) -> Setup | None:
    """``setup`` with the period's recorded rubric, registry and target, or ``None`` when the history lacks them.

    A late workbook for August, run in November after the registry merged two units and the target rose: the
    record of August (and the package sent from it) must stay August's. Each setting that differs from the
    recorded one is taken from the history (which keeps the files by SHA-256 since its version 3).
    ``exact`` (export): a rubric version that scores as the recorded one is replaced by it too, so that the
    package is made of the very inputs recorded (after an upgrade to pmprb-2020 1.1.2, every export of a
    period run with 1.1.1 was refused as "berubah sejak pmprb run terakhir", naming nothing).
    """
    from pmprb_cli.rubric import rubric_from_bytes

    changed = tuple(c for c in settings_changes(stored, setup) if not c.startswith("nama kabupaten "))
    rubric, rubric_source = setup.rubric, setup.rubric_source
    was = (stored.rubric_id, stored.rubric_version, stored.rubric_checksum)
    other_bytes = exact and bool(stored.rubric_checksum) and stored.rubric_checksum != rubric.checksum
    if other_bytes and not any(c.startswith(("rubrik ", "isi berkas rubrik")) for c in changed):
        changed += (f"rubrik {stored.rubric_id} v{stored.rubric_version}, yang menilai sama dengan v{rubric.version}",)
    if not changed:
        return setup
    registry, registry_csv, registry_sha = setup.registry, setup.registry_csv, setup.registry_sha256
    lent: tuple[str, ...] = ()
    try:
        alike = same_rubric(
            was, (rubric.id, rubric.version, rubric.checksum), versions_alike(rubric, *history.recorded_rubrics())
        )
        if other_bytes or not alike:
            kept = history.settings_file(stored.rubric_checksum)
            if kept is None:
                return None
            rubric_source = kept[1]
            today = rubric
            rubric = rubric_from_bytes(rubric_source, Path(kept[0] or f"{stored.rubric_id}.toml"))
            if alike and today.version not in rubric.scores_as:
                # Scores as today's, which says so: a late workbook on today's template is no old version
                # (PMPRB-W208 "kirimkan templat versi terbaru" was said of the newest).
                rubric = replace(rubric, scores_as=(*rubric.scores_as, today.version))
        if _registry_changed(stored, registry_sha):
            if not stored.registry_sha256:  # recorded without one
                registry, registry_csv, registry_sha = None, b"", ""
            else:
                recorded = _recorded_registry(stored, setup, history)
                if recorded is None:
                    return None
                registry, registry_csv, registry_sha, lent = recorded
    except PmprbError as exc:
        # Kept, but refused by this pmprb (a check added since): "tidak tersimpan di riwayat (dicatat pmprb versi
        # lama)" was said of a file the history holds, and export sent the user back to that refused run.
        raise UsageError(
            f"Pengaturan yang tercatat untuk periode {stored.period} tidak lagi diterima pmprb ini: {exc.message}",
            hint=f"Menilai ulang periode itu dengan pengaturan sekarang: pmprb run --period {stored.period} --rescore "
            "(riwayat, rekap dan rapornya ditulis ulang).",
        ) from exc
    return replace(
        setup,
        rubric=rubric,
        target=stored.target,
        registry=registry,
        registry_sha256=registry_sha,
        rubric_source=rubric_source,
        registry_csv=registry_csv,
        as_recorded=changed,
        kodes_lent=lent,
    )


def _recorded_registry(
    stored: PeriodRecord, setup: Setup, history: History
) -> tuple[Registry, bytes, str, tuple[str, ...]] | None:
    """The registry a period was recorded with, its CSV, hash and the kodes today's lends it; None if not kept."""
    kept = history.settings_file(stored.registry_sha256)
    if kept is None:
        return None
    # (named as the file it was read from then: outputs name it, and the rekap must read as it did)
    registry = parse_registry(kept[1], kept[0] or "daftar-unit.csv")
    lent: tuple[str, ...] = ()
    if setup.registry is not None:
        registry, lent = registry.knowing_kodes_of(setup.registry)
    return registry, kept[1], stored.registry_sha256, lent


def registry_in_force(setup: Setup, history: History) -> Setup:
    """A period's first run after later ones were recorded: ``setup`` with the registry in force then.

    July run for the first time after August was run with the merger DISKOP + DISPERINDAG → DISKOPERINDAG:
    with today's registry both July files were one unit's two sendings (PMPRB-E304), DISPERINDAG's dropped
    and DISKOP's index recorded as DISKOPERINDAG's July. The registry in force then is taken to be that of the
    nearest recorded period before it (the change came after it, or with the later ones), else of the nearest
    after it (the change came after that one). Only where today's registry regroups that one's units (merges
    them, or no longer knows one): a unit added since (one forgotten, or new) or a name corrected changes no
    unit the month's files belong to. The units added since are kept beside that registry's (its CSV then one
    written here, kept in the history like any other): alone, it made a forgotten unit's July file PMPRB-E301.
    Only where the history holds that registry's file; ``run --rescore`` scores with pmprb.toml's.
    """
    periods = history.periods()
    earlier = [p for p in periods if p < setup.period]
    near_period = earlier[-1] if earlier else next((p for p in periods if p > setup.period), None)
    near = history.period(near_period) if near_period is not None else None
    if setup.registry is None or near is None or near.registry_sha256 in ("", setup.registry_sha256):
        return setup
    try:
        kept = history.settings_file(near.registry_sha256)
        if kept is None:
            return setup
        then = parse_registry(kept[1], kept[0] or "daftar-unit.csv")
        if not _regrouped(then, setup.registry):
            return setup
        # Units added since, formed of none of its units, are known as today's registry knows them: a unit
        # forgotten then and added with a dissolved one dropped had its July file refused (PMPRB-E301).
        added = tuple(u for u in setup.registry.units if not any(then.by_kode(k) for k in (u.kode, *u.aliases)))
        registry_csv = kept[1] if not added else _registry_csv((*then.units, *added))
        registry = then if not added else parse_registry(registry_csv, then.path)
        registry, lent = registry.knowing_kodes_of(setup.registry)
    except PmprbError:
        return setup  # (refused by this pmprb: today's, as before)
    registry_sha = near.registry_sha256 if not added else hashlib.sha256(registry_csv).hexdigest()
    return replace(
        setup,
        registry=registry,
        registry_csv=registry_csv,
        registry_sha256=registry_sha,
        kodes_lent=lent,
        registry_of=near.period,
    )


def target_in_force(setup: Setup, history: History) -> Setup:
    """A period's first run after later ones were recorded: ``setup`` with the target in force then.

    December run for the first time in January, after pmprb.toml raised the target to A for the new year, was
    judged against A (2 of 39 met it where November's 19 of 40 met BB), and its Triwulan IV with it, unsaid. A
    target is the year's: that of the nearest recorded period of the same year, before it or else after it.
    """
    periods = [p for p in history.periods() if p[:4] == setup.period[:4]]
    earlier = [p for p in periods if p < setup.period]
    near_period = earlier[-1] if earlier else next((p for p in periods if p > setup.period), None)
    near = history.period(near_period) if near_period is not None else None
    if near is None or not near.target or near.target == setup.target:
        return setup
    if target_named(setup.rubric, near.target) is None:
        return setup  # (a target the rubric run with does not know: today's, as before)
    return replace(setup, target=near.target, target_of=(near.period, setup.target))


def _registry_csv(units: Sequence[Unit]) -> bytes:
    """A registry CSV of these units (kept in the history as the period's registry, read back as any other)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kode", "nama", "jenis", "alias"])
    writer.writerows([u.kode, u.nama, u.jenis, "|".join(u.aliases)] for u in units)
    return buffer.getvalue().encode("utf-8")


def _regrouped(then: Registry, now: Registry) -> bool:
    """Whether ``now`` merges units of ``then`` (one unit known by two of their kodes) or knows one of them no more."""
    known: set[str] = set()
    for unit in now.units:
        kodes = {k.casefold() for k in (unit.kode, *unit.aliases)}
        known |= kodes
        if sum(1 for u in then.units if u.kode.casefold() in kodes) > 1:
            return True
    return any(u.kode.casefold() not in known for u in then.units)


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` (outputs then do not depend on where the folders live).

    Outside it too ("../bersama/masuk/2022-09"): an inbox on a share beside /srv/pmprb put the server's absolute
    paths in the manifest and rekap sent to Kemenpan-RB, and moving both folders together made every file
    "baru" and "tidak ada lagi". Absolute only where no relative path exists (another drive on Windows).
    """
    try:
        relative = os.path.relpath(path, root)
    except ValueError:
        return str(path)
    # relpath reads the names only: through a symlinked config folder ("/srv/pmprb" → "/data/pmprb") its ".."
    # led elsewhere, and a stale folder there was read as the month's inbox.
    if os.path.realpath(os.path.join(root, relative)) != os.path.realpath(path):
        return str(path)
    return relative


@dataclass(frozen=True)
class Inputs:
    """The workbooks of a period (paths relative to the config folder), their SHA-256 and the input key."""

    files: tuple[str, ...]
    hashes: Mapping[str, str]
    key: str
    #: The files of a unit that sent more than one, whose modification times are in the key (see ``_inputs``).
    copies: frozenset[str] = frozenset()
    #: The kodes lent by today's registry (Setup.kodes_lent) that some workbook is known by: in the key, as
    #: they decide whose it is. (All of them there, every registry edit changed every past period's key:
    #: `export` refused "berubah sejak pmprb run terakhir" naming nothing.)
    lent: tuple[str, ...] = ()


def collect_inputs(setup: Setup) -> Inputs:
    """List and hash the period's workbooks; call with the config folder as the working directory."""
    files = _inbox_files(setup.config, setup.inbox, setup.output)
    return _inputs(setup, files, {f: _sha256(f) for f in files})


def _inbox_files(config: Config, inbox: Path, output: Path) -> list[str]:
    """A period's workbooks, relative to the config folder: its output folder's and the registry left out."""
    listed = expand_paths([_relative(inbox, config.root)])
    files = [f for f in listed if not is_inside(Path(config.root, f), output)]
    return without_file(files, str(config.registry) if config.registry else None)


def _inputs(
    setup: Setup,
    files: Sequence[str],
    hashes: Mapping[str, str],
    copies: frozenset[str] = frozenset(),
    lent: tuple[str, ...] = (),
) -> Inputs:
    """The inputs and their key: every file's SHA-256, and when each file changed where that matters.

    Of a unit's two files the one changed last ranks (checks.duplicate_units), so theirs are in the key; of
    any other file, a `touch`, a backup restored or a copy without ``-p`` changed the key, and so rewrote the
    history and made `export` refuse ("masukan … berubah") with nothing changed.
    """
    key = digest(
        "inputs",
        setup.period,
        setup.rubric.checksum,
        setup.target,
        setup.registry_sha256,
        *lent,
        setup.config.kabupaten,
        *(f"{f}={hashes[f]}" + (f"@{modified_ns(f)}" if f in copies else "") for f in files),
    )
    return Inputs(tuple(files), dict(hashes), key, copies, lent)


def keyed_with_copies(setup: Setup, inputs: Inputs, results: Sequence[FileResult]) -> Inputs:
    """``inputs`` keyed with the modification times of the files a unit sent more than one of."""
    groups: dict[str, list[str]] = {}
    for r in results:
        if r.submission is not None and (key := unit_key(r.submission, setup.registry)):
            groups.setdefault(key, []).append(r.file)
    copies = frozenset(f for files in groups.values() if len(files) > 1 for f in files)
    named = {n.casefold() for r in results if r.submission is not None for n in _names_typed(r.submission)}
    lent = tuple(pair for pair in setup.kodes_lent if pair.split("→", 1)[0].casefold() in named)
    if copies == inputs.copies and lent == inputs.lent:
        return inputs
    return _inputs(setup, inputs.files, inputs.hashes, copies, lent)


def _names_typed(sub: Submission) -> tuple[str, ...]:
    """What a workbook names its unit by: its kode and name, as typed."""
    return tuple(n.strip() for n in (sub.unit_code, sub.unit_name) if n.strip())


def _sha256(path: str) -> str:
    # Only regular files are opened: a pipe named *.xlsx would block here (the reader reports it instead).
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return ""
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def assess_cached(
    setup: Setup, inputs: Inputs, cache: ResultCache, jobs: int | None, progress: Progress | None = None
) -> tuple[tuple[FileResult, ...], tuple[str, ...], Inputs]:
    """Every file's result, reading only the files the cache has no result for; also returns those files.

    The inputs returned are those the results were read from: a file rewritten between its hashing and its
    reading (an OPD re-uploading during the run) is recorded with the SHA-256 of the bytes parsed and never
    cached, so the next run sees a change and reads it again. (Recorded with the first SHA-256, a half-written
    read stayed "tidak terbaca" in every later run, each saying "tidak ada perubahan".)
    """
    registry = setup.registry
    aliases = digest(*(f"{u.kode}={'|'.join(u.aliases)}" for u in registry.units)) if registry is not None else ""
    keys = {
        f: digest(
            code_fingerprint(),
            language(),  # finding messages are written in the language of the run
            setup.rubric.checksum,
            setup.registry_sha256,
            *setup.kodes_lent,
            aliases,  # (those the history's earlier registries add: export once read without them, E301 cached)
            setup.period,
            setup.target,
            f,
            inputs.hashes[f],
        )
        for f in inputs.files
    }
    found = {f: cache.get(setup.period, f, keys[f]) for f in inputs.files}
    todo = [f for f in inputs.files if found[f] is None or not inputs.hashes[f]]
    if todo:
        workers = jobs or (default_jobs() if len(todo) >= 16 else 1)
        # Results as each file alone gives them: what the batch adds (a unit's second file) is added again
        # at each run, so a cached result never keeps a finding about files that have since changed.
        read = read_paths(todo, setup.rubric, setup.registry, setup.period, progress, target=setup.target, jobs=workers)
        found.update({r.file: r for r in read})
    results = tuple(r for f in inputs.files if (r := found[f]) is not None)
    parsed = {f: r.read_sha256 for f in todo if (r := found[f]) is not None}
    # (No SHA-256 read: the file was refused before its bytes were read, too large say; nothing to compare.)
    rewritten = {f for f, sha in parsed.items() if sha and sha != inputs.hashes[f]}
    # ... unless the system let none be read (E101): gone for a moment between its hashing and its reading, as a
    # sync client or an upload replacing it does. Cached and recorded with the hash taken before, it stayed
    # "berkas tidak ditemukan" in every later run of the period, each saying "tidak ada perubahan".
    rewritten |= {
        f
        for f in todo
        if (r := found[f]) is not None and not r.read_sha256 and r.failed is not None and r.failed.code == "PMPRB-E101"
    }
    # A file without a hash (a pipe, a file that vanished) is never cached, nor one rewritten while read.
    fresh = [(f, r) for f in todo if inputs.hashes[f] and f not in rewritten and (r := found[f]) is not None]
    cache.update(setup.period, keys, fresh)
    if rewritten:
        hashes = {**inputs.hashes, **{f: parsed[f] for f in rewritten}}
        inputs = _inputs(setup, inputs.files, hashes, inputs.copies, inputs.lent)
    return results, tuple(todo), inputs


def batch_of(setup: Setup, results: Sequence[FileResult]) -> Batch:
    """Rank the results into a :class:`Batch`, exactly as :func:`pmprb_cli.batch.build_batch` does after reading."""
    with in_folder(setup.config.root):  # the files are named from there (a unit's two files are compared)
        return batch_from_results(
            results,
            setup.rubric,
            registry=setup.registry,
            period=setup.period,
            target=setup.target,
            kabupaten=setup.config.kabupaten,
            # (named from the folder of pmprb.toml, as the workbooks are: an absolute path put the server's folders
            # in the JSON, which then differed between two copies of a project; diffrev19)
            not_read=not_workbooks([_relative(setup.inbox, setup.config.root)]),
        )


def load_batch(
    setup: Setup, cache: ResultCache, jobs: int | None = None, progress: Progress | None = None
) -> tuple[Inputs, Batch, tuple[str, ...]]:
    """Collect, assess (through the cache) and rank the period's workbooks."""
    with in_folder(setup.config.root):
        inputs = collect_inputs(setup)
        results, recomputed, inputs = assess_cached(setup, inputs, cache, jobs, progress)
        inputs = keyed_with_copies(setup, inputs, results)
    return inputs, batch_of(setup, results), recomputed


# --------------------------------------------------------------------------- outputs


def _clean_temporaries(folder: Path) -> None:
    """Remove what a killed pmprb left half written (only its own ``.name.<hex>.tmp``, over 10 minutes old).

    Every one went, whatever its age: a `pmprb merge --out keluaran/2022-08/…` streaming its rekap beside the
    night's run died "tidak dapat menulis berkas sementara rekap … tidak ada" (the run's lock is not theirs).
    """
    for sub in (folder, folder / _RAPOR):
        if sub.is_dir():
            sweep_leftovers(sub)


def render_outputs(
    setup: Setup, batch: Batch, history: Sequence[HistoryPoint], stored: PeriodRecord | None = None
) -> tuple[tuple[str, ...], Iterator[tuple[str, bytes]]]:
    """The names of the period's outputs in the order they are written, and the outputs made one at a time.

    Each output is made when the writer asks for the next, so only one is held whole at a time: all of them
    held at once (a 1 000-unit batch's pages as text and again as bytes) made most of a run's peak memory.
    The rapor pages are made here, before this returns, and kept compressed: a kabupaten's template that
    fails on one unit's data (the 31st, say) is found before anything is written — made on the way, it left
    the validation, rekap and 30 pages new beside 10 old ones. No rapor page takes the name of a page in the
    folder that pmprb did not write (the period's recorded outputs, ``stored``, are its own).
    """
    from pmprb_cli.merging import merged_bytes
    from pmprb_cli.output import csv_text, score_json, validate_json_bytes
    from pmprb_cli.reporting import foreign_pages, iter_pages, parse_formats

    p = setup.period
    formats = parse_formats(setup.config.report_format)
    own = {n.removeprefix(f"{_RAPOR}/") for n, _ in stored.outputs} if stored else set()
    foreign = foreign_pages(setup.output / _RAPOR, own)
    # One kabupaten view for the rapor and the rekap: the rekap's change column is the rapor's, as computed.
    view = kabupaten_view(batch, history, foreign, setup.alike, setup.registered)
    page_names, pages = iter_pages(batch, formats, setup.config.templates, view=view)
    movement = rekap_movement(view)
    # (level 1: 63 MB of a 1 000-unit rapor kept in some 8 MB, compressed and read back in about a second)
    made_pages = [(name, zlib.compress(text.encode(), 1)) for name, text in pages]
    names = (
        f"validasi-{p}.json",
        f"nilai-{p}.json",
        f"nilai-{p}.csv",
        f"rekap-{p}.xlsx",
        *(f"{_RAPOR}/{name}" for name in page_names),
    )

    def made() -> Iterator[tuple[str, bytes]]:
        yield names[0], validate_json_bytes(batch.assessment, setup.rubric, p, None)
        yield names[1], score_json(batch).encode()
        yield names[2], csv_text(batch).encode()
        yield names[3], merged_bytes(batch, setup.output, movement)
        for name, packed in made_pages:
            yield f"{_RAPOR}/{name}", zlib.decompress(packed)

    return names, made()


def rekap_movement(view: KabupatenView) -> Movement:
    """Each ranked unit's change since the previous period, for the rekap, worded as the rapor's ranking."""
    from pmprb_cli.merging import Movement

    if view.trend is None or not view.previous_period:
        # (the columns all the same, empty: a month's rekap appended to the next kept its columns in place; datarev2)
        return Movement("", {})
    since = period_label(view.previous_period)
    changes: dict[str, tuple[float | None, str]] = {}
    for row in view.units:
        if row.first_time:
            changes[row.ranked.file] = (None, f"baru: belum pernah dinilai sebelum {period_label(view.period)}")
        elif row.previous is None:
            changes[row.ranked.file] = (None, f"tidak dinilai pada {since}")
        elif row.previous_basis:
            changes[row.ranked.file] = (row.change, f"indeks {since} {row.previous_basis}: memuat beda dasar penilaian")
        else:
            changes[row.ranked.file] = (row.change, "")
    return Movement(since, changes)


def _points_of(history: History, period: str) -> tuple[HistoryPoint, ...]:
    """The points of ``period`` a later month's rapor reads (its trend, its changes, its notes)."""
    # (the kabupaten as one pemda's key: a name respelled is what the rapor reads as the same pemda)
    return tuple(
        dataclasses.replace(p, kabupaten=pemda_key(p.kabupaten)) for p in history.points() if p.period == period
    )


def _log_cache(cache: ResultCache, log: Callable[[str], None]) -> None:
    """What the run log says of the cache: refused, made anew, or results it held that could not be used."""
    if cache.refused or cache.renewed:
        log(cache.refused or cache.renewed)
    if cache.unusable:
        log(
            f"{cache.unusable} hasil tersimpan di cache tidak dapat dipakai (dari Python lain atau rusak); "
            "berkasnya dibaca ulang"
        )


def _regular_file(path: Path) -> bool:
    """Whether ``path`` is a file of its own (not a symbolic link, a pipe or a device): safe to open and read.

    A FIFO in the place of an output hung the run for ever, its lock held and every later cron run refused.
    """
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _as_recorded(path: Path, sha: str) -> bool | None:
    """Whether an output holds its recorded SHA-256; ``None`` when it is no regular file that can be read."""
    if not _regular_file(path):
        return None
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() == sha
    except OSError:
        return None


def _intact(folder: Path, outputs: Sequence[tuple[str, str]]) -> bool:
    """Whether every recorded output is still there with its recorded SHA-256."""
    return bool(outputs) and all(_as_recorded(folder / name, sha) for name, sha in outputs)


def _templates_digest(folder: str | None) -> str:
    if folder is None:
        return ""
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
    return digest(*(f"{p.relative_to(folder)}={hashlib.sha256(p.read_bytes()).hexdigest()}" for p in files))


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class RunResult:
    """What a run did. ``unchanged``: the inputs were those of the recorded run and nothing was touched."""

    period: str
    exit_code: int
    unchanged: bool
    output_dir: Path
    inputs: int
    recomputed: tuple[str, ...]
    written: tuple[str, ...]
    kept: tuple[str, ...]
    removed: tuple[str, ...]
    recorded: bool
    later_periods: tuple[str, ...]
    batch: Batch | None
    #: How many inputs are new or changed, and how many are gone, since the period's last recorded run
    #: (None: its first run).
    changed: tuple[int, int] | None = None
    #: The settings that differ from the period's last recorded run (target BB → A, the registry …).
    settings_changed: tuple[str, ...] = ()
    #: Each input new, changed or gone since the period's last recorded run: (file, "baru"/"berubah"/"hilang").
    changes: tuple[tuple[str, str], ...] = ()
    #: The settings of pmprb.toml that differ from the period's recorded ones, which were used instead.
    as_recorded: tuple[str, ...] = ()
    #: The units ranked in the period recorded before this one that the registry no longer holds, and that period.
    left_registry: tuple[tuple[str, str, str], ...] = ()
    left_since: str = ""
    #: A period's first run after later ones were recorded on another rubric: that rubric and its period.
    rubric_apart: tuple[str, str] = ("", "")
    #: The units whose verified index the period's last run used and this one does not (their file now ranked
    #: has no Jawaban Evaluator, or none readable): (kode, verified index then, evaluator's answers then or None,
    #: file now, whether that file holds evaluator entries none of which could be read).
    verified_dropped: tuple[tuple[str, float, int | None, str, bool], ...] = ()
    #: A period's first run after later ones were recorded: the period whose recorded registry it used.
    registry_of: str = ""
    #: The other recorded periods whose kabupaten is named otherwise (a history copied from another kabupaten).
    other_kabupaten: tuple[tuple[str, str], ...] = ()
    #: The history's schema version before this run upgraded it, and the copy of it kept beside it.
    history_upgraded: tuple[int, Path] | None = None
    #: The units whose index moved though their file and the settings did not: (kode, recorded, now).
    rescored: tuple[tuple[str, float, float], ...] = ()
    #: The ranked files that are byte for byte a file of the period recorded before: (file, period, its file).
    resent: tuple[tuple[str, str, str], ...] = ()
    #: The outputs changed since the period's last run, kept before being written again: (name, copy's name).
    edited: tuple[tuple[str, str], ...] = ()
    #: The recorded periods just before this one whose inbox changed since their run: (period, its changes).
    earlier_changed: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    #: A period's first run after later ones: the recorded period whose target it used, and pmprb.toml's.
    target_of: tuple[str, str] = ("", "")
    #: The recorded period before this one and its target, where that was another (raised for the new year).
    previous_target: tuple[str, str] = ("", "")
    #: A period's first run: the period recorded before it, the units new to the registry since, and the old
    #: kodes now aliases ("OLD → NOW"); empty when the registry is laid out as it was then.
    registry_since: tuple[str, tuple[str, ...], tuple[str, ...]] = ("", (), ())
    #: Why the run log could not take its lines from some point of the run on ("" when it took every one).
    log_lost: str = ""
    #: A past period (later ones recorded) whose recorded registry is laid out otherwise than pmprb.toml's: the
    #: kodes of today's registry that one did not hold, and those it held that today's does not.
    registry_apart: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    #: This year's recorded periods before this one, on its rubric, that another pmprb release scored (recorded
    #: before an upgrade): (period, that release, "" where the history did not record it).
    scored_otherwise: tuple[tuple[str, str], ...] = ()
    #: The recorded periods before this one scored with a rubric that does not score as this one: (period, rubric).
    other_rubric_periods: tuple[tuple[str, str], ...] = ()


def registry_apart(now: Registry | None, then: Registry | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The kodes of ``now``'s units that ``then`` did not register, and of ``then``'s that ``now`` does not.

    Kodes, not names: a merged unit's kode, a unit split off again under its old kode, a kecamatan formed later
    are each another unit there (a re-run counts them as not having sent; reorgrev).
    """
    if now is None or then is None:
        return (), ()
    # A unit that goes on under another kode (its old kode its alias now: renamed, or two merged into it) is
    # neither: a rename was "unit baru" and "tidak ada lagi", and --rescore said to count it as not sent (diffrev13).
    return (
        tuple(
            u.kode for u in now.units if then.by_kode(u.kode) is None and not any(then.by_kode(a) for a in u.aliases)
        ),
        tuple(u.kode for u in then.units if now.by_kode(u.kode) is None and now.by_alias(u.kode) is None),
    )


class RunLog:
    """The run log beside the history: appended, one line per step, each with the time (the only clock used)."""

    def __init__(self, path: Path, period: str, now: Callable[[], datetime]) -> None:
        """Log to ``path`` for ``period``; ``now`` gives the time stamped on each line."""
        self.path = path
        self.period = period
        self.now = now
        #: Once set, a line that cannot be written is noted in :attr:`lost` instead of raised (see run_period).
        self.lenient = False
        #: Why the first line the log could not take was lost ("" while none was).
        self.lost = ""

    def __call__(self, message: str) -> None:
        """Append one line."""
        try:
            self._append(message)
        except SystemRefusal as exc:
            if not self.lenient:
                raise
            self.lost = self.lost or exc.message

    def _append(self, message: str) -> None:
        stamp = self.now().isoformat(timespec="seconds")
        # (the period as given: an ESC in a --period cron was given cleared the screen of whoever tailed the log)
        line = f"{stamp} [{visible(self.period)}] pid {os.getpid()}: {message}\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            hint = "Arahkan kunci 'log' di pmprb.toml ke sebuah berkas, misalnya keluaran/pmprb-run.log."
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISDIR(os.stat(self.path).st_mode):
                    raise SystemRefusal(f"Berkas log {self.path} adalah folder", hint=hint)
            # Never waiting to open: a FIFO nobody reads at the log's path hung the run, and its SIGTERM
            # handler, which logs too (cron's timeout sends one signal). A pipe someone reads (/dev/stderr
            # under systemd or Docker) is a log like a file.
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o666)
            except OSError as exc:
                if exc.errno == errno.ENXIO:
                    raise SystemRefusal(
                        f"Berkas log {self.path} tidak dapat dibuka untuk ditulis: pipa yang tidak dibaca siapa pun, "
                        "atau soket",
                        hint=hint,
                    ) from exc
                raise
            os.set_blocking(fd, True)
            with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(line)
        except OSError as exc:
            raise SystemRefusal(f"Berkas log {self.path} tidak dapat ditulis: {os_reason(exc)}") from exc


def _local_now() -> datetime:
    return datetime.now().astimezone()


def _reread(config: Config) -> Config:
    """pmprb.toml read again (after a wait for the lock); its history must be the one whose lock is held."""
    from pmprb_cli.config import read_config

    now = read_config(config.path)
    if now.history != config.history:
        raise UsageError(
            f"{config.path}: history berubah selama run menunggu ({config.history} → {now.history}); tidak ada yang "
            "dikerjakan",
            hint="Jalankan ulang run itu: ia akan mengunci riwayat yang kini disebut pmprb.toml.",
        )
    return now


def run_period(
    config: Config,
    period: str,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    now: Callable[[], datetime] = _local_now,
    rescore: bool = False,
    wait: float = 0.0,
    waiting: Callable[[str], None] | None = None,
) -> RunResult:
    """Run one period end to end (see the module docstring); raise :class:`RunBusy` when another run holds the lock.

    A period already recorded with other settings (target, rubric, registry) while later periods are recorded
    too is refused unless ``rescore``: today's settings would rewrite its record (a September already sent
    to Kemenpan-RB, a year-end predikat) without anyone meaning to.
    """
    log = RunLog(config.log, period, now)
    try:
        setup = prepare(config, period)  # a missing inbox, an unreadable registry: said in the log too
        waited: list[str] = []

        def waits(said: str) -> None:
            waited.append(said)
            log(said)
            if waiting is not None:
                waiting(said)

        with hold_lock(config.history, f"pmprb run {period}", wait, waits):
            if waited:
                # The settings as they are now: the target raised in pmprb.toml while cron's run waited for the
                # run by hand was scored and recorded as it had been before the wait.
                setup = prepare(_reread(config), period)
                log("pengaturan dibaca ulang setelah menunggu")
            log(f"mulai: masuk {setup.inbox}, keluaran {setup.output}")
            # The log took the first line: a line it cannot take later (its disk filled up) stops no run. It
            # stopped one after the history was committed, "gagal" and exit 2 of a finished run, its summary
            # never printed (faultrev); said at the end instead.
            log.lenient = True
            result = _run_locked(setup, jobs or config.jobs, progress, log, rescore)
            with History.open(config.history, create=False) as history, in_folder(config.root):
                result = replace(
                    result,
                    earlier_changed=earlier_inboxes_changed(config, history, period),
                    previous_target=_previous_target(history, result),
                )
    except RunBusy as exc:
        log(f"ditolak [{exc.code}]: {exc.message}; tidak ada yang dikerjakan")
        log("kode keluar 4")
        raise
    except PmprbError as exc:
        log(f"gagal [{exc.code}]: {exc.message}")
        log("kode keluar 2")
        raise
    except OSError as exc:
        # The log of a run that failed must not end at "mulai", as if it still ran (cron reads only the log).
        with contextlib.suppress(PmprbError):
            where = f"{os.fsdecode(exc.filename)}: " if exc.filename is not None else ""
            log(f"gagal [PMPRB-E905]: sistem menolak: {where}{os_reason(exc)}")
            log("kode keluar 2")
        raise
    except Exception as exc:
        with contextlib.suppress(PmprbError):
            log(f"gagal: kesalahan internal pmprb ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})")
            log("kode keluar 3")
        raise
    except KeyboardInterrupt as exc:
        # The log of a run stopped by cron's timeout or an operator must not end at "mulai" as if it ran on.
        # (pmprb_cli.entry.Terminated, SIGTERM, and HungUp, SIGHUP, name their signal and exit code)
        log(
            f"dihentikan ({getattr(exc, 'signal_name', 'Ctrl-C')}) sebelum selesai; keluaran yang sudah ditulis "
            "utuh; riwayat berubah hanya bila baris 'riwayat dicatat' ada di atas"
        )
        log(f"kode keluar {getattr(exc, 'exit_code', 130)}")
        raise
    if result.batch is None and not result.unchanged:
        # (the log of an inbox without a unit's workbook ended "0 keluaran ditulis … kode keluar 1", no why)
        for line in summary_lines(config, result)[:-1]:
            log(line)
    elif result.unchanged:
        for line in _other_periods_lines(config, result):  # (a nightly cron's run changes nothing)
            log(line)
    log(
        "selesai tanpa perubahan"
        if result.unchanged
        else f"selesai: {len(result.recomputed)} berkas dibaca ulang, {len(result.written)} keluaran ditulis, "
        f"{len(result.removed)} dihapus, riwayat {'diperbarui' if result.recorded else 'tetap'}"
    )
    if result.removed:
        log("dihapus (keluaran run sebelumnya yang kini tidak dibuat): " + ", ".join(result.removed))
    if result.batch is not None:  # what the summary says of inputs and scores, for a reader of the log alone
        summary = summary_lines(config, result)
        # Every line but those the log says its own way (below, in full, or above): `run --quiet` prints nothing
        # when it went well, and "Belum mengirim: …" or a copied-answers warning was then nowhere.
        apart = set(change_lines(result) + verified_dropped_lines(result) + problem_lines(result))
        for line in summary[1:]:
            if line and line not in apart and not line.startswith(("Keluaran:", "Riwayat:", "Kode keluar")):
                log(line)
    if result.batch is None and result.changed is not None and result.changed[1]:
        log(f"{result.changed[1]} buku kerja yang tercatat tidak ada lagi di folder masuk; tidak ada yang ditulis")
    for line in change_lines(result, limit=None) + verified_dropped_lines(result) + problem_lines(result, limit=None):
        log(line)
    log(f"kode keluar {result.exit_code}")
    if log.lost:
        result = replace(result, log_lost=log.lost)  # (said with the summary, see the run command)
    finishing(result.exit_code)  # (logged: a SIGTERM now changes nothing, and must not say it stopped the run)
    pause("exit-logged")
    return result


@contextlib.contextmanager
def _upgrade_said(history: History) -> Iterator[None]:
    """A refusal after the history was upgraded says so: "Tidak ada yang ditulis" read as the file untouched."""
    try:
        yield
    except PmprbError as exc:
        if history.upgraded_from is not None:
            version, kept = history.upgraded_from
            said = f"Riwayat sudah diperbarui dari skema {version} ke {SCHEMA_VERSION}; salinan sebelumnya: {kept}."
            exc.hint = f"{exc.hint} {said}" if exc.hint else said
        raise


def _run_locked(
    setup: Setup, jobs: int | None, progress: Progress | None, log: Callable[[str], None], rescore: bool = False
) -> RunResult:
    config, period = setup.config, setup.period
    pause("after-lock")
    if not os.path.exists(config.history):  # (a link to a share not mounted too: the link is there, not the file)
        _refuse_a_lost_history(config, period)
    with History.open(config.history) as history, _upgrade_said(history):
        if history.upgraded_from is not None:
            log(f"riwayat diperbarui dari skema {history.upgraded_from[0]}; salinan lama: {history.upgraded_from[1]}")
        points = tuple(p for p in history.points() if p.period < period)
        later = tuple(p for p in history.periods() if p > period)
        # (with the rubric each was scored with: a later rapor reads only this period's points on its rubric)
        history_later = tuple((p, r) for p in later if (r := history.period(p)) is not None)
        stored = history.period(period)
        _refuse_another_instrument(period, setup, history, rescore)
        # (the kabupaten's name changes no score: a typo fixed in pmprb.toml refuses nothing)
        changed = tuple(c for c in settings_changes(stored, setup) if not c.startswith("nama kabupaten "))
        # A rubric that scores as the recorded one is no change of score, but re-recording the period with it
        # rewrote its rekap, record and package as made with a version nobody used then: kept as recorded.
        other_rubric = stored is not None and stored.rubric_checksum not in ("", setup.rubric.checksum)
        units_apart: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
        if (changed or other_rubric) and later and not rescore:
            # A past period is run again as it was recorded; only --rescore applies today's settings to it.
            as_was = None
            if stored is not None:
                try:
                    as_was = as_recorded(setup, stored, history, exact=True)
                except UsageError:
                    as_was = None  # (the recorded file of an alike rubric is refused now)
                if as_was is None:
                    # The alike rubric's file not kept (an early history) or refused now: today's rubric, as
                    # before; the other settings still as recorded (or refused as ever).
                    as_was = as_recorded(setup, stored, history) if changed else setup
            if as_was is None:
                raise UsageError(
                    f"Periode {period} tercatat dengan pengaturan lain ({'; '.join(changed)}), dan periode "
                    f"sesudahnya ({periods_named(later)}) sudah dijalankan: menjalankannya lagi menulis ulang "
                    "riwayat, rekap dan rapornya dengan pengaturan sekarang. Berkas pengaturan periode itu tidak "
                    "tersimpan di riwayat (dicatat pmprb versi lama)",
                    hint=f"Bila memang itu maksudnya: pmprb run --period {period} --rescore. "
                    + _restore_or_rescore(stored),
                )
            units_apart = registry_apart(setup.registry, as_was.registry)
            setup = as_was
            if setup.as_recorded:
                said = "; ".join(setup.as_recorded)
                log(f"pengaturan tercatat periode ini dipakai, bukan pengaturan sekarang ({said})")
        elif rescore and later and stored is not None and changed:
            # (told that --rescore lays the period out as today's registry does: units formed later "belum mengirim")
            with contextlib.suppress(UsageError):
                as_then = as_recorded(setup, stored, history)
                if as_then is not None:
                    units_apart = registry_apart(setup.registry, as_then.registry)
            if units_apart[0]:
                log(f"dinilai ulang dengan daftar unit sekarang; tidak tercatat saat itu: {', '.join(units_apart[0])}")
        if stored is None and history_later and not rescore:
            setup = registry_in_force(setup, history)
            if setup.registry_of:
                log(f"periode ini dinilai dengan daftar unit yang tercatat untuk {setup.registry_of}")
            setup = target_in_force(setup, history)
            if setup.target_of[0]:
                log(f"periode ini dinilai dengan target {setup.target} yang tercatat untuk {setup.target_of[0]}")
        setup = with_history(setup, history)
        # February run for the first time in November, after pmprb.toml moved to a new rubric in July: scored with
        # today's, without a word, it broke the trend of its quarter and became July's "previous month".
        apart = ("", "")
        if stored is None and history_later:
            next_period, next_record = history_later[0]
            recorded_as = (next_record.rubric_id, next_record.rubric_version, next_record.rubric_checksum)
            now_rubric = (setup.rubric.id, setup.rubric.version, setup.rubric.checksum)
            if not same_rubric(recorded_as, now_rubric, setup.alike or frozenset()):
                apart = (f"{next_record.rubric_id} v{next_record.rubric_version}", next_period)
                log(f"periode ini dinilai dengan rubrik sekarang; {next_period} tercatat dengan {apart[0]}")
        cache = ResultCache(cache_path(config.history))
        try:
            with in_folder(config.root):
                inputs = collect_inputs(setup)
                # The files not read are named in the outputs: one arriving after the month's first run (a unit's
                # PDF) changed nothing written, with --rescore too (diffrev19).
                unread = not_workbooks([_relative(setup.inbox, config.root)])

            now = (setup.rubric.id, setup.rubric.version, setup.rubric.checksum)
            # The earlier months the rapor reads: their figures where on this rubric (or one alike), only that
            # they are there where on another (the page names them). Figures of months on another rubric in the
            # key made a late change to one re-run later months whose rapor never reads it ("Catatan … jalankan
            # ulang" with nothing to write).
            # (with every field the rapor reads of them: the evaluator's answers behind a verified index and the
            # kabupaten recorded, or the rapor re-run as "jalankan ulang" asked said "tidak ada perubahan", stale)
            shown = [
                f"{p.period}/{p.kode}={p.index!r}/{p.predikat}/{p.verified}/{p.evaluator_answers}/{pemda_key(p.kabupaten)}/"
                f"{p.rubric[1]}/{p.rubric[2]}/{p.target}"
                if same_rubric(p.rubric, now, setup.alike or frozenset())
                else f"{p.period}/{p.rubric[0]}/{p.rubric[1]}/{p.rubric[2]}"
                for p in points
            ]

            def run_key_of(inputs: Inputs) -> str:
                return digest(
                    inputs.key,
                    code_fingerprint(),
                    language(),
                    config.report_format,
                    _templates_digest(config.templates),
                    *sorted(set(shown)),
                    *(f"tidak dibaca:{name}" for name in unread),
                )

            if not inputs.files:
                # Nobody has sent anything yet: an input problem (exit 1), and nothing to write or record. Or the
                # recorded workbooks are all gone (a share not mounted, the inbox moved): counted, to be said so.
                gone = (0, len(stored.inputs)) if stored is not None and stored.inputs else None
                return RunResult(
                    period,
                    1,
                    False,
                    setup.output,
                    0,
                    *((), (), (), ()),
                    False,
                    (),
                    None,
                    gone,
                    history_upgraded=history.upgraded_from,
                )
            if not _history_writable(config.history) and not (
                stored is not None and stored.run_key == run_key_of(inputs)
            ):
                # Found only at the end, the run read every workbook and rewrote the rekap, rapor and nilai files,
                # then stopped: outputs that no longer matched the history (chattr +i, a read-only share).
                raise SystemRefusal(
                    f"Riwayat {config.history} tidak dapat ditulis: berkas atau foldernya hanya-baca; tidak ada buku "
                    "kerja yang dibaca dan tidak ada keluaran yang ditulis",
                    hint="Periksa izin dan atribut (lsattr) berkas itu dan foldernya, lalu jalankan ulang.",
                )
            # Unchanged files come from the cache, unread: which files are one unit's copies is known from
            # their results, and only those copies' modification times count (see _inputs).
            with in_folder(config.root):
                results, recomputed, inputs = assess_cached(setup, inputs, cache, jobs, progress)
                inputs = keyed_with_copies(setup, inputs, results)
            run_key = run_key_of(inputs)
            unfinished = (setup.output / UNFINISHED).exists()  # a run stopped while writing: write again
            # (by a run that changes nothing too: a killed run's .DLH.html.<hex>.tmp stayed in rapor/ for good, the
            # period then unchanged every night; faultrev)
            _clean_temporaries(setup.output)
            if (
                stored is not None
                and stored.run_key == run_key
                and _intact(setup.output, stored.outputs)
                and not unfinished
            ):
                # (a period recorded before the history kept them: its settings are today's, kept now once)
                history.keep_settings_files(setup.settings_files())
                with contextlib.suppress(OSError):
                    (setup.output / STALE).unlink(missing_ok=True)  # (its rapor reads the history as it is)
                _log_cache(cache, log)  # (a cache refused and made anew read every file: said here too)
                return RunResult(
                    period,
                    stored.exit_code,
                    True,
                    setup.output,
                    len(inputs.files),
                    *((), (), (), ()),
                    False,
                    # (nothing recorded: no later period's rapor changes; "Catatan … jalankan ulang periode itu"
                    # was logged by every unchanged nightly re-run, and leading nowhere)
                    (),
                    None,
                    as_recorded=setup.as_recorded,
                    history_upgraded=history.upgraded_from,
                    registry_apart=units_apart,
                )
        finally:
            cache.close()
        _log_cache(cache, log)
        log(f"{len(inputs.files)} buku kerja, {len(recomputed)} dibaca ulang")
        pause("after-assess")
        batch = batch_of(setup, results)
        if not batch.assessment.results:
            # Only kabupaten files (a rekap, the LKE usulan) in the inbox: no unit has sent anything yet.
            return RunResult(
                period,
                1,
                False,
                setup.output,
                len(inputs.files),
                recomputed,
                *((), (), ()),
                False,
                (),
                None,
                history_upgraded=history.upgraded_from,
            )
        _refuse_another_kabupaten_everywhere(batch, config)
        _refuse_another_rubric_everywhere(batch, setup, stored)
        names, outputs = render_outputs(setup, batch, points, stored)
        _refuse_foreign_outputs(setup.output, names, stored)
        if stored is None or stored.run_key != run_key:
            # Before any output is written, not after all of them. (A run of the recorded inputs writes no record:
            # it restores a missing output beside a read-only history, as it did, and waits for no reader.)
            history.check_writable()
        # Outputs are written one by one, each atomically: while they are, a note in the folder says so, and
        # stays if the run is stopped (the folder then mixes two runs' files until the next run).
        marker = setup.output / UNFINISHED
        # (after a run stopped half-way its own outputs differ from the record: no one edited them)
        edited = [] if marker.exists() else _keep_edited(setup.output, stored)
        for name, copy in edited:
            log(f"{name} diubah di luar pmprb sejak run terakhir: salinannya disimpan sebagai {copy}")
        _write_note(
            marker,
            _UNFINISHED_TEXT.format(
                period=period, command=pmprb_command(config, f"run --period {period}", anywhere=True)
            ),
        )
        written, kept, sha256 = _write_outputs(setup.output, names, outputs)
        removed = _remove_stale(setup.output, stored, names)
        exit_code = 1 if batch.assessment.has_errors else 0
        changes = input_changes(stored, inputs)
        record = period_record(setup, batch, inputs, run_key, exit_code, sha256)
        pause("before-history")
        history.keep_settings_files(setup.settings_files())
        # What the later months' rapor read of this one, before and after: a bukti dukung link added late changes no
        # point, and "jalankan ulang periode 2023-01, 2023-02" sent the operator to runs with nothing to do.
        read_before = _points_of(history, period) if history_later else ()
        recorded = history.replace(record, before_commit=lambda: pause("in-transaction"))
        later_read = recorded and bool(history_later) and _points_of(history, period) != read_before
        # Only now: stopped before the history was committed (killed, a full disk), the folder showed the new
        # run with no note, while `history` and `export` still gave the old one.
        try:
            marker.unlink(missing_ok=True)
        except OSError as exc:
            # (the history is committed: "Sistem menolak: … BELUM-SELESAI.txt" and exit 2 said a recorded run failed;
            # the marker left makes the next run write the folder again, which is all it costs; faultrev)
            log(f"{UNFINISHED} tidak dapat dihapus ({os_reason(exc)}); run berikutnya menulis ulang folder ini")
        log("riwayat dicatat" if recorded else "riwayat sudah sama, tidak diubah")
        stale = _on_rubric(history_later, setup.rubric, stored, setup.alike) if later_read else ()
        # (the periods marked are named by the standing reminder; the summary's "Catatan" names only the others,
        # or the same advice was said twice; diffrev14)
        stale = _mark_stale(config, period, stale, log)
        with contextlib.suppress(OSError):
            (setup.output / STALE).unlink(missing_ok=True)  # (this period's rapor now reads the history as it is)
        left = _left_registry(history, setup, period)
        since = registry_since(history, setup, period) if stored is None else ("", (), ())
        # Of the period its changes are measured from (once a month is recorded under a new name, it is that one).
        earlier = [p for p in history.periods() if p < period][-1:]
        others = tuple(o for o in other_kabupaten(history, config.kabupaten, period) if [o[0]] == earlier)
        # (with the settings changed too: --rescore across a rubric version said "dihitung ulang", and not which of
        # 26 indexes moved; migrev)
        rescored = rescored_alike(stored, batch, inputs.hashes)
        if rescored:
            log("nilai tercatat berubah walau berkasnya sama: " + _rescored_named(rescored))
        # This year's earlier periods on another rubric, which the trend leaves out ("— (rubrik lain)"): said in the
        # rapor only, an upgrade's new rubric version breaking the year's trend with no word in the summary (migrev).
        # (a new year's new rubric is the evaluation's own change: not said every month of that year)
        now_rubric = (setup.rubric.id, setup.rubric.version, setup.rubric.checksum)
        other_rubric_periods = tuple(
            (p, f"{rid} v{version}")
            for p, rid, version, checksum in history.rubrics()
            if p[:4] == period[:4]
            and p < period
            and not same_rubric((rid, version, checksum), now_rubric, setup.alike or frozenset())
        )
        # And this year's earlier periods on this rubric, which the rapor compares this one with, scored by another
        # pmprb release (before an upgrade). By release, not by the code's fingerprint: any edit of a message or a
        # template changed that, and the same release was said to score "dua cara" (diffrev24).
        on_other_rubric = {p for p, _ in other_rubric_periods}
        scored_otherwise = tuple(
            (p, by)
            for p, by in history.scored_by()
            if p[:4] == period[:4] and p < period and p not in on_other_rubric and by != __version__
        )
        if scored_otherwise:
            log(f"{periods_named([p for p, _ in scored_otherwise])} dinilai pmprb versi lain (sebelum diperbarui)")
        resent = resent_unchanged(history.period(earlier[0]) if earlier else None, batch, inputs.hashes)
        if resent:
            log(f"sama persis dengan kiriman {earlier[0]}: {_resent_named(resent)}")
        pause("after-history")
    return RunResult(
        period,
        exit_code,
        False,
        setup.output,
        len(inputs.files),
        recomputed,
        tuple(written),
        tuple(kept),
        tuple(removed),
        recorded,
        stale,
        batch,
        None
        if stored is None
        else (sum(k in ("baru", "berubah") for _, k in changes), sum(k == "hilang" for _, k in changes)),
        recorded_differences(stored, setup),
        changes + ranked_instead(stored, batch, changes),
        setup.as_recorded,
        *left,
        apart,
        verified_dropped(stored, batch),
        setup.registry_of,
        others,
        history.upgraded_from,
        rescored,
        resent,
        tuple(edited),
        target_of=setup.target_of,
        registry_apart=units_apart,
        registry_since=since,
        scored_otherwise=scored_otherwise,
        other_rubric_periods=other_rubric_periods,
    )


def _restore_or_rescore(stored: PeriodRecord | None) -> str:
    """How a period recorded with other settings can be run as it was: with those settings back in pmprb.toml.

    Unless its rubric version is one this pmprb no longer ships: then only --rescore ("kembalikan dulu
    pengaturannya" could not be done; migrev).
    """
    from pmprb_cli.rubric import load_rubric, shipped_rubrics

    if stored is not None and stored.rubric_id in shipped_rubrics():
        now = load_rubric(stored.rubric_id)
        if now.version != stored.rubric_version and now.checksum != stored.rubric_checksum:
            return (
                f"Rubrik tercatatnya, {stored.rubric_id} v{stored.rubric_version}, tidak dibawa pmprb ini lagi (kini "
                f"v{now.version}): periode itu hanya dapat dinilai ulang dengan --rescore."
            )
    return (
        "Untuk menilai ulang dengan pengaturan periode itu, kembalikan dulu pengaturannya (daftar unit, target, "
        "rubrik) di pmprb.toml."
    )


def verified_dropped(stored: PeriodRecord | None, batch: Batch) -> tuple[tuple[str, float, int | None, str, bool], ...]:
    """The units ranked on the evaluator's answers at the period's last run and on their own answers now.

    The OPD's revision saved over the evaluator's copy (or newer than it) ranked instead, self-assessed: the
    verified 74,05 (10 answers of the Inspektorat) became 75,01 with no word in the summary, log or rapor.
    """
    if stored is None:
        return ()
    now = {r.kode.casefold(): r for r in batch.ranked if r.kode}
    out = []
    for unit in stored.units:
        ranked = now.get(unit.kode.casefold()) if unit.kode else None
        if unit.verified_index is not None and ranked is not None and ranked.verified_index is None:
            # (entries there that none could be read, W419/E411: "tanpa Jawaban Evaluator" was false)
            result = batch.result_for(ranked)
            unread = bool(result.unread_by_evaluator) or any(f.code == "PMPRB-E411" for f in result.findings)
            out.append((unit.kode, unit.verified_index, unit.evaluator_answers, ranked.file, unread))
    return tuple(out)


def rescored_alike(
    stored: PeriodRecord | None, batch: Batch, hashes: Mapping[str, str]
) -> tuple[tuple[str, float, float], ...]:
    """The units whose index as shown moved since the recorded run though their file is the same byte for byte.

    Settings unchanged, that is pmprb's own scoring changed (an upgrade: a blank gate now zeroes what it gates):
    July re-run after an upgrade recorded DISPERKIM 56,77 → 56,69 under "0 baru/berubah", said nowhere.
    """
    if stored is None:
        return ()
    # (by the file's bytes, not its path: an inbox outside the folder recorded by an older pmprb under its whole
    # path, re-run after the upgrade, moved DISPERKIM 56,77 → 56,69 and said nothing; migrev)
    recorded = {(u.kode, u.input_sha256): u for u in stored.units if u.kode and u.input_sha256}
    out = []
    for r in batch.ranked:
        before = recorded.get((r.kode, hashes.get(r.file, "")))
        if before is not None and format_id(before.index) != format_id(r.index):
            out.append((r.kode, before.index, r.index))
    return tuple(out)


def resent_unchanged(
    before: PeriodRecord | None, batch: Batch, hashes: Mapping[str, str]
) -> tuple[tuple[str, str, str], ...]:
    """The ranked files that are, byte for byte, a file recorded for the period before: last month's sent again.

    A workbook that names no month (the official layout: a year only) is not caught by PMPRB-E303: two units'
    July files sent again in August were scored as August's, the rapor reading "0,00 sejak Juli 2022".
    """
    if before is None:
        return ()
    then = {i.sha256: i.file for i in before.inputs if i.sha256}
    return tuple(
        (r.file, before.period, then[sha]) for r in batch.ranked if (sha := hashes.get(r.file, "")) and sha in then
    )


def _resent_named(resent: Sequence[tuple[str, str, str]]) -> str:
    from pmprb_cli.output import display_name

    return first_named([display_name(f) for f, _, _ in resent], 10)


def resent_lines(result: RunResult) -> list[str]:
    """The ranked files that are last period's files sent again unchanged, named."""
    if not result.resent:
        return []
    period = result.resent[0][1]
    return [
        f"Perhatian: {len(result.resent)} berkas sama persis (byte demi byte) dengan kiriman {period_label(period)}, "
        f"dinilai sebagai kiriman periode ini (belum diperbarui unitnya?): {_resent_named(result.resent)}."
    ]


def _rescored_named(rescored: Sequence[tuple[str, float, float]]) -> str:
    return first_named([f"{kode} {format_id(then)} → {format_id(now)}" for kode, then, now in rescored], 10)


def rescored_lines(result: RunResult) -> list[str]:
    """The units whose recorded index changed with nothing of theirs changed, named with both figures."""
    if not result.rescored:
        return []
    if result.settings_changed:
        return [
            "Perhatian: nilai tercatat berubah walau berkasnya sama (pengaturan, dan mungkin cara hitung pmprb, "
            f"berubah sejak run terakhir periode ini): {_rescored_named(result.rescored)}."
        ]
    return [
        "Perhatian: nilai tercatat berubah walau berkas dan pengaturannya sama (cara hitung pmprb berubah sejak "
        f"run terakhir periode ini): {_rescored_named(result.rescored)}."
    ]


def verified_dropped_lines(result: RunResult) -> list[str]:
    """Each unit whose verified index this run no longer uses, said with what the evaluator had given."""
    from pmprb_cli.models import format_id
    from pmprb_cli.output import display_name

    return [
        f"Perhatian: {kode} tidak lagi memakai indeks terverifikasi evaluator ({format_id(index)}"
        + (f", {answers} jawaban evaluator" if answers else "")
        + f", run sebelumnya): berkas yang kini dinilai, {display_name(file)}, "
        + (
            "memuat isian Jawaban Evaluator yang tidak satu pun terbaca (PMPRB-W419/E411; rinciannya: pmprb "
            "validate). Perbaiki isian itu."
            if unread
            else "tanpa Jawaban Evaluator. Salin isian evaluator ke berkas itu, atau minta evaluator memeriksanya lagi."
        )
        for kode, index, answers, file, unread in result.verified_dropped
    ]


def _all_kept_out_by(batch: Batch, code: str, rubric: Rubric | None = None) -> list[FileResult]:
    """The readable workbooks when none ranks and every one is kept out by ``code`` (see never_ranked), else []."""
    readable = [r for r in batch.assessment.results if r.submission is not None]
    if batch.ranked or not readable or not all(never_ranked(r, rubric) == code for r in readable):
        return []
    return readable


def _refuse_another_kabupaten_everywhere(batch: Batch, config: Config) -> None:
    """Refuse a run in which every readable workbook names another kabupaten than pmprb.toml (PMPRB-E308).

    pmprb.toml's kabupaten corrected after the templates went out (``init`` wrote "Kabupaten Contoh"): the run
    said "10 buku kerja dengan kesalahan", wrote a rapor of no unit and recorded the month with none, its 10
    units gone from `history`. That is the setting, not ten workbooks: nothing is written or recorded.
    """
    readable = _all_kept_out_by(batch, "PMPRB-E308")
    if not readable:
        return
    named = sorted({r.submission.kabupaten for r in readable if r.submission is not None})
    raise UsageError(
        f"Semua {len(readable)} buku kerja periode ini menyebut {' / '.join(named)}, sedangkan pengaturan "
        f"menyebut {config.kabupaten} (PMPRB-E308): tidak ada keluaran periode ini yang ditulis dan periode ini "
        "tidak dicatat",
        hint=f"Bila nama di pengaturan yang keliru, perbaiki kunci kabupaten di {config.path}; bila buku kerjanya, "
        "minta unit mengisi nama kabupaten yang benar di lembar Identitas. Lalu jalankan ulang.",
    )


def _refuse_another_rubric_everywhere(batch: Batch, setup: Setup, stored: PeriodRecord | None) -> None:
    """Refuse a run replacing a recorded month of units with none, every workbook another rubric's (PMPRB-E207).

    pmprb.toml moved to lke-rb-2014 ahead of the next period, and the cron re-ran August: its 40 ranked units
    were replaced by a month of none, 80 rapor pages removed, exit 1 as any month. That is the setting, not
    forty workbooks: nothing is written or recorded. A month's first run is not refused: its one early file on
    last year's template is that unit's mistake, said in the outputs, beside the units yet to send.
    """
    if stored is None or not stored.units:
        return
    readable = _all_kept_out_by(batch, "PMPRB-E207", setup.rubric)
    if not readable:
        return
    named = sorted({r.submission.rubric_id for r in readable if r.submission is not None})
    raise UsageError(
        f"Semua {len(readable)} buku kerja periode {setup.period} dibuat dari templat rubrik {' / '.join(named)}, "
        f"sedangkan pengaturan menilai dengan rubrik {setup.rubric.id} (PMPRB-E207), yang butirnya lain: tidak "
        "ada keluaran periode ini yang ditulis dan periode ini tidak dicatat",
        hint=f"Bila rubrik di pengaturan yang keliru, kembalikan kunci rubric di {setup.config.path}. Rubrik baru "
        "berlaku untuk periode yang templatnya dibuat dengan rubrik itu (pmprb template).",
    )


def _registry_of(history: History, period: str, setup: Setup) -> Registry | None:
    """The registry ``period`` was recorded with where it differs from today's (None if the same, or not kept)."""
    stored = history.period(period)
    if setup.registry is None or stored is None or stored.registry_sha256 in ("", setup.registry_sha256):
        return None  # (the same registry as then: every unit it held it still holds; most runs stop here)
    kept = history.settings_file(stored.registry_sha256)
    if kept is None:
        return None
    try:
        return parse_registry(kept[1], kept[0] or "daftar-unit.csv")
    except PmprbError:
        return None


def registry_since(history: History, setup: Setup, period: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Since the period recorded before ``period``: that period, the units new to the registry, the kodes followed.

    The first run after a merger, a split or a new kecamatan said nothing of them (reorgrev): only a unit taken
    off without an alias was named. Each followed kode is ``"OLD → NOW"``, the old kode now an alias of NOW.
    """
    before = [p for p in history.periods() if p < period][-1:]
    then = _registry_of(history, before[0], setup) if before else None
    if then is None or setup.registry is None:
        return "", (), ()
    new, _ = registry_apart(setup.registry, then)
    followed = tuple(
        f"{u.kode} → {unit.kode}"
        for u in then.units
        if setup.registry.by_kode(u.kode) is None and (unit := setup.registry.by_alias(u.kode)) is not None
    )
    return (before[0], new, followed) if new or followed else ("", (), ())


def _left_registry(history: History, setup: Setup, period: str) -> tuple[tuple[tuple[str, str, str], ...], str]:
    """The units ranked in the last period recorded before ``period`` whose kode the registry no longer names.

    A unit renamed the obvious way (new kode and nama, no alias) started its history afresh and nothing
    was said: `history --unit` showed July only. Named, with the alias that keeps the history whole. Each is
    ``(kode, nama, kode now)``, the last the kode today's registry gives its name, if any: a kode changed with the
    name kept broke its trend as silently (the rapor called the unit "baru").
    """
    registry = setup.registry
    before = [p for p in history.periods() if p < period]
    then = _registry_of(history, before[-1], setup) if before else None
    # Only units the registry of that period held: one that sent without being registered (E301) never was.
    if registry is None or then is None:
        return (), ""
    gone = []
    for u in history.units(before[-1]):
        if (then.find(u.kode) or then.find(u.nama)) is None or registry.find(u.kode or u.nama) is not None:
            continue
        if u.nama and registry.by_alias(u.nama) is not None:
            # Its name written as the alias of a unit now (as README allows): followed, or merged. "Berganti kode,
            # nama tetap: DINKES → DINKESPPKB" was said of a name that changed, asking for the alias just given.
            continue
        same_name = registry.by_name(u.nama) if u.nama else None
        gone.append((u.kode, u.nama, same_name.kode if same_name is not None else ""))
    return tuple(gone), before[-1] if gone else ""


def _sender_kode(result: FileResult, rubric: Rubric) -> str:
    """The kode of the unit that sent an unranked file.

    No kode ("") for another kabupaten's file, or one whose LKE head names another unit than its Identitas:
    those are no unit's sending (history --unit said "berkasnya ada" of a unit whose template another filled).
    """
    if result.submission is None or never_ranked(result, rubric) in ("PMPRB-E308", "PMPRB-E309"):
        return ""
    return result.submission.unit_code


def _set_aside_as(assessment: Assessment, code: str) -> int:
    """How many inputs a batch finding set aside as ``code``: PMPRB-I508 (exact copies), I509 (the same answers).

    "41 buku kerja … 40 unit" said nothing of one.
    """
    return sum(1 for f in assessment.batch_findings if f.code == code)


def _on_rubric(
    later: Sequence[tuple[str, PeriodRecord]], rubric: Rubric, before: PeriodRecord | None, alike: Alike | None = None
) -> tuple[str, ...]:
    """The later periods whose rapor this run changes: those on this rubric, or on the one ``before`` had.

    "Catatan: rapor periode 2022-07 s.d. 2022-10 memakai riwayat periode ini" named periods on another
    rubric, whose rapor leaves this period out: rerunning them wrote nothing. A period rescored with another
    rubric still changes the rapor of those on its old one (which now leave it out).
    """
    alike = versions_alike(rubric) if alike is None else alike
    mine = [(rubric.id, rubric.version, rubric.checksum)]
    if before is not None:
        mine.append((before.rubric_id, before.rubric_version, before.rubric_checksum))
    return tuple(
        p
        for p, r in later
        if any(same_rubric((r.rubric_id, r.rubric_version, r.rubric_checksum), m, alike) for m in mine)
    )


#: The note left in a later period's output folder when an earlier period's record changed under its rapor.
STALE = "RIWAYAT-BERUBAH.txt"
_STALE_TEXT = (
    "Riwayat periode {earlier} dicatat ulang sesudah rapor di folder ini dibuat: tren, perubahan dan bulan\n"
    "sebelumnya di rapor ini belum memuatnya. Jalankan ulang: {command}\n"
)


def _mark_stale(config: Config, period: str, later: Sequence[str], log: Callable[[str], None]) -> tuple[str, ...]:
    """Leave :data:`STALE` in each later period's output folder whose rapor reads this period's record.

    "Catatan: rapor periode 2023-01 memakai riwayat periode ini" was said once, by the late run: no later run
    said it again, and January's rapor kept December's old figures (longrev). Each later run names them now
    (:func:`stale_periods`), until the period is run again. Returns the periods it could not mark (no output
    folder, or one that refuses the note), which the summary's "Catatan" names instead.
    """
    unmarked = []
    for other in later:
        folder = config.output_for(other)
        if folder.is_dir():
            command = pmprb_command(config, f"run --period {other}", anywhere=True)
            try:
                _write_note(folder / STALE, _STALE_TEXT.format(earlier=period, command=command))
                continue
            except PmprbError as exc:  # (a note, not the run's work: said in the log)
                log(f"{STALE} tidak dapat ditulis di {folder}: {exc.message}")
        unmarked.append(other)
    return tuple(unmarked)


def stale_periods(config: Config, period: str) -> tuple[str, ...]:
    """The other periods whose rapor an earlier period's new record has made stale (:data:`STALE` there)."""
    return _periods_marked(config, period, STALE)


#: The note left in an output folder while a run writes it (removed once every output is in place).
UNFINISHED = "BELUM-SELESAI.txt"
_UNFINISHED_TEXT = (
    "pmprb run --period {period} sedang menulis keluaran di folder ini dan mencatat riwayatnya.\n"
    "Bila berkas ini masih ada setelah run selesai, run itu terhenti di tengah: berkas di sini bisa campuran\n"
    "run lama dan baru. Jalankan ulang: {command}\n"
)


def _history_writable(path: Path) -> bool:
    """Whether the history and its folder (SQLite writes its journal there) can be written."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _write_note(path: Path, text: str) -> None:
    try:
        write_if_changed(path, text.encode("utf-8"))
    except OSError as exc:
        raise SystemRefusal(f"Tidak dapat menulis {shown_path(path)}: {os_reason(exc)}") from exc


#: Inputs named one by one in the summary as new, changed or gone (the log names all).
_NAMED_CHANGES = 10


#: The kind of change of a recorded input that cannot be read now.
UNREADABLE_NOW = "tidak dapat dibaca sekarang"


def input_changes(stored: PeriodRecord | None, inputs: Inputs) -> tuple[tuple[str, str], ...]:
    """Each input new, changed or gone since the recorded run, by name (none for a period's first run)."""
    if stored is None:
        return ()
    before = {i.file: i.sha256 for i in stored.inputs}
    gone = sorted(set(before) - set(inputs.files))
    moved: dict[str, list[str]] = {}
    for f in reversed(gone):
        if before[f]:
            moved.setdefault(before[f], []).append(f)
    out = []
    for f in inputs.files:
        sha256 = inputs.hashes[f]
        if sha256 and before.get(f) == sha256:
            continue
        if not sha256 and f in before:
            # A file that cannot be read now (permissions, a share's I/O error) is not known to have changed: it
            # was "berubah", and the run of its month advised re-ran it into a record of it unreadable (faultrev).
            if before[f]:
                out.append((f, UNREADABLE_NOW))
            continue
        if f not in before and moved.get(sha256):
            # The same bytes under another path: a folder moved, or recorded by an earlier pmprb as an absolute
            # path ("39 baru …, 39 tidak ada lagi" of workbooks nobody had touched).
            was = moved[sha256].pop()
            gone.remove(was)
            out.append((f, f"sama, jalurnya dulu {was}"))
            continue
        out.append((f, "baru" if f not in before else "berubah"))
    out += [(f, "hilang") for f in gone]
    return tuple(out)


def ranked_instead(
    stored: PeriodRecord | None, batch: Batch, changes: Sequence[tuple[str, str]] = ()
) -> tuple[tuple[str, str], ...]:
    """A unit's other file ranked now than at the recorded run, though no file changed (a backup restored).

    Of a unit's two files the one changed last ranks: an older copy put back with a plain ``cp`` became the
    newest, the index moved 70,31 → 55,29, and the summary said "0 baru/berubah" with nothing named.
    """
    from pmprb_cli.output import display_name

    if stored is None:
        return ()
    before = {u.kode: u.file for u in stored.units if u.kode}
    present = {r.file for r in batch.assessment.results}  # (a file renamed is said "baru" and "hilang")
    # (a revision that arrived is said "baru": that is why it ranks; a copy under another path is not one. A
    # file that changed is said too: the evaluator's verdicts added to the older of two files ranked it instead
    # of the revision, said only "(berubah)".)
    changed = {f for f, kind in changes if kind == "baru"}
    return tuple(
        (r.file, f"kini diperingkat untuk {r.kode}, bukan {display_name(before[r.kode])}")
        for r in batch.ranked
        if r.kode in before and before[r.kode] != r.file and before[r.kode] in present and r.file not in changed
    )


def change_lines(result: RunResult, limit: int | None = _NAMED_CHANGES) -> list[str]:
    """The inputs new, changed or gone since the period's last run, by name: what arrived tonight.

    A cron operator read "1 baru/berubah …, 2 tidak ada lagi" and had to compare folder listings.
    """
    if not result.changes:
        return []
    return ["Sejak run terakhir: " + changes_named(result.changes, limit)]


def changes_named(changes: Sequence[tuple[str, str]], limit: int | None = _NAMED_CHANGES) -> str:
    """``DINKES.xlsx (berubah); DLH.xlsx (hilang); dan 3 berkas lagi``: inputs new, changed or gone, by name."""
    from pmprb_cli.output import display_name

    kinds: dict[str, list[str]] = {}
    for f, kind in changes:  # (one file changed and ranked now: "DINSOS.xlsx (berubah; kini diperingkat …)")
        kinds.setdefault(f, []).append(kind)
    said = [f"{display_name(f)} ({'; '.join(k)})" for f, k in kinds.items()]
    shown = said if limit is None else said[:limit]
    more = len(said) - len(shown)
    return "; ".join(shown) + (f"; dan {more} berkas lagi" if more > 0 else "")


#: How an instrument is named to people.
_INSTRUMENT_NAMES = {"rb": "PMPRB", "zi": "Zona Integritas", "akip": "AKIP"}


def _refuse_another_instrument(period: str, setup: Setup, history: History, rescore: bool) -> None:
    """Refuse to record a period in a history that holds another instrument's (ZI beside PMPRB).

    The history holds one record per period and one trend: a ZI run pointed at the RB history replaced
    August's RB record (the RB trend then read "5 unit, 84,63, A, 3 dari 5 (WBK)"), and a ZI month recorded
    there put "September 2022 … 0,00 D" in the RB trend. A rubric change within an instrument (pmprb-2020 to
    its successor, a kabupaten's own title) is not this: instruments are told by their shape. ``--rescore``
    records anyway a period recorded with the other instrument: the way to replace the records that were the
    mistake, one period at a time. A period not recorded yet is refused even so: `--rescore` as the refusal's
    hint said put AKIP's August into a ZI history, whose trend was then titled "Tren AKIP" over ZI's months.
    """
    now = setup.rubric.instrument
    instruments: dict[tuple[str, str], str | None] = {}  # (each rubric file read once, not once per month)
    others = []
    for p, rid, version, checksum in history.rubrics():
        if (rid, checksum) not in instruments:
            instruments[rid, checksum] = _recorded_instrument(rid, checksum, history)
        if instruments[rid, checksum] not in (None, now):
            others.append((p, rid, version, instruments[rid, checksum] or ""))
    if not others or (rescore and any(o[0] == period for o in others)):
        return  # (asked for: the way to mend a history another instrument's months got into)
    p, rid, version, was_code = next((o for o in others if o[0] == period), others[-1])
    was, said = _INSTRUMENT_NAMES.get(was_code, was_code), _INSTRUMENT_NAMES.get(now, now)
    raise UsageError(
        f"Riwayat {shown_path(setup.config.history)} memuat hasil {was} (rubrik {rid} v{version}; periode "
        f"{periods_named(tuple(o[0] for o in others))}); run ini menilai {said} (rubrik {setup.rubric.id}): satu "
        "riwayat hanya untuk satu instrumen"
        + (f"; --rescore hanya menimpa periode yang tercatat dengan {was}, dan {period} belum" if rescore else "")
        + ". Tidak ada yang ditulis",
        hint=f"Setiap instrumen memakai riwayat dan folder keluarannya sendiri: di pmprb.toml {said}, mis. "
        f'history = "riwayat-{setup.rubric.id}.sqlite" dan output = "keluaran-{setup.rubric.id}/{{period}}/".'
        + f" Bila catatan {was} di riwayat ini memang keliru: pmprb run --period PERIODE --rescore menilai ulang "
        "periode itu dengan pengaturan ini dan menimpa catatannya.",
    )


def _recorded_instrument(rubric_id: str, checksum: str, history: History) -> str | None:
    """The instrument a period was recorded for; ``None`` where it cannot be told."""
    from pmprb_cli.rubric import load_rubric

    kept, rubric = history.kept_rubric(checksum, rubric_id) if checksum else (False, None)
    if kept:  # (parsed once: the versions alike ask again)
        return rubric.instrument if rubric is not None else None
    try:
        return load_rubric(rubric_id).instrument  # (recorded before the history kept rubric files)
    except PmprbError:
        return None


def recorded_differences(stored: PeriodRecord | None, setup: Setup) -> tuple[str, ...]:
    """:func:`settings_changes`, and a rubric version that scores as the recorded one but is another file.

    It changes no score, but the record, rekap and package name the version: run re-recorded June of v1.1.1 as
    v1.1.2 without a word, where export refused it for that very change.
    """
    out = settings_changes(stored, setup)
    rubric = setup.rubric
    if stored is not None and not out and stored.rubric_checksum and stored.rubric_checksum != rubric.checksum:
        out += (f"rubrik {stored.rubric_id} v{stored.rubric_version} → v{rubric.version}, yang menilai sama",)
    return out


def settings_changes(stored: PeriodRecord | None, setup: Setup) -> tuple[str, ...]:
    """What differs in the settings from the period's recorded run, in the summary's words.

    A late June file re-runs July with today's target and registry: July's figures in the history change
    ("17 dari 19 mencapai BB" became "5 dari 19 mencapai A") while the summary said "0 baru/berubah".
    """
    if stored is None:
        return ()
    out = []
    if stored.target != setup.target:
        out.append(f"target {stored.target} → {setup.target}")
    rubric = setup.rubric
    # One rule with the trend's (same_rubric): a version the rubric scores as (v1.1.1 as v1.1.0) is no change,
    # and an empty checksum or registry hash (a period recorded by history version 1) is not known, not changed.
    was = (stored.rubric_id, stored.rubric_version, stored.rubric_checksum)
    if not same_rubric(was, (rubric.id, rubric.version, rubric.checksum), versions_alike(rubric)):
        same_version = was[:2] == (rubric.id, rubric.version)
        out.append(
            f"isi berkas rubrik {rubric.id}"
            if same_version
            else f"rubrik {stored.rubric_id} v{stored.rubric_version} → {rubric.id} v{rubric.version}"
        )
    if _registry_changed(stored, setup.registry_sha256):
        out.append("daftar unit")
    if stored.kabupaten != setup.config.kabupaten:
        # (which name was recorded: "nama kabupaten" alone left the operator to guess what to put back)
        recorded, given = (visible(name) or "(kosong)" for name in (stored.kabupaten, setup.config.kabupaten))
        out.append(f"nama kabupaten {recorded} → {given}")
    return tuple(out)


def _registry_changed(stored: PeriodRecord, registry_sha256: str) -> bool:
    """Whether the registry differs from the period's recorded one.

    A period recorded without one (by history version 2 or later: it has an input key) and run with one has
    changed: units that sent nothing were named where none were. A record of version 1 kept no hash: unknown.
    """
    if stored.registry_sha256:
        return stored.registry_sha256 != registry_sha256
    return bool(stored.input_key and registry_sha256)


def _refuse_foreign_outputs(folder: Path, names: Collection[str], stored: PeriodRecord | None) -> None:
    """Refuse before writing anything when the rekap or rapor index would replace a file pmprb did not write."""
    from pmprb_cli.reporting import refuse_foreign_files

    own = {n for n, _ in stored.outputs} if stored else set()
    fixed = [n for n in names if n.startswith(("rekap-", f"{_RAPOR}/index."))]
    refuse_foreign_files(folder, fixed, own)
    # A folder where an output goes was found half-way, 2 to 24 outputs written, with a hint about disk space
    # (faultrev): refused before anything is written, as a foreign file is.
    taken = [n for n in names if (folder / n).is_dir() and not (folder / n).is_symlink()]
    if taken:
        shown = first_named([shown_path(folder / n) for n in taken], 5)
        raise SystemRefusal(
            f"Tempat keluaran run ditempati folder: {shown}; tidak ada yang ditulis",
            hint="Pindahkan atau ganti nama folder itu (keluaran run ditulis sebagai berkas di sana), lalu jalankan "
            "lagi.",
        )


#: The folder (in the output folder) where a run keeps the outputs changed since it wrote them.
EDITED = "diubah"


def _keep_edited(folder: Path, stored: PeriodRecord | None) -> list[tuple[str, str]]:
    """A copy in ``diubah/`` of each output changed since the period's last run, before it is written again.

    The LKE Kabupaten (usulan) sheet asks the asesor to type the consensus answers into the rekap: saved there,
    the next run (the nightly cron, no input changed) rewrote the file from the workbooks and the answers were
    gone, the summary saying only "1 berkas ditulis". Returns (output, its copy), both relative to ``folder``.
    """
    kept: list[tuple[str, str]] = []
    place = folder / EDITED
    for name, sha in stored.outputs if stored is not None else ():
        path = folder / name
        # Only a file of its own that changed: a symbolic link put in an output's place (to a file elsewhere) is
        # not copied into the published folder, nor is a pipe opened (it would wait for ever); each is replaced,
        # not followed. A file gone is written again: nothing to keep.
        if _as_recorded(path, sha) is not False:
            continue
        inner = place / Path(name).parent  # (diubah/rapor for a rapor page)
        if any(p.is_symlink() or (p.exists() and not p.is_dir()) for p in {place, inner}):
            raise SystemRefusal(
                f"{shown_path(path)} diubah di luar pmprb sejak run terakhir, dan salinannya tidak dapat disimpan: "
                f"{shown_path(inner)} bukan folder (berkas atau tautan); tidak ada yang ditulis",
                hint=f"Pindahkan atau ganti nama {shown_path(inner)}, lalu jalankan lagi.",
            )
        first = copy = place / name
        n = 1
        while copy.exists() or copy.is_symlink():  # (an earlier edit kept there stays)
            n += 1
            copy = first.with_name(f"{first.stem}.{n}{first.suffix}")
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            _copy_whole(path, copy)
        except OSError as exc:
            raise SystemRefusal(
                f"{shown_path(path)} diubah di luar pmprb sejak run terakhir, dan salinannya tidak dapat disimpan di "
                f"{shown_path(copy.parent)}: {os_reason(exc)}; tidak ada yang ditulis"
            ) from exc
        kept.append((name, copy.relative_to(folder).as_posix()))
    return kept


def _copy_whole(source: Path, target: Path) -> None:
    """``source`` copied to ``target`` atomically, by blocks (a rekap replaced by a 768 MB file was read whole)."""
    tmp = temporary_beside(target)
    try:
        shutil.copyfile(source, tmp, follow_symlinks=False)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_outputs(
    folder: Path, names: Sequence[str], outputs: Iterable[tuple[str, bytes]]
) -> tuple[list[str], list[str], dict[str, str]]:
    """Write each output as it comes (``names``: all of them, in order); also returns each one's SHA-256."""
    written: list[str] = []
    kept: list[str] = []
    sha256: dict[str, str] = {}
    rapor = [n for n in names if n.startswith(_RAPOR + "/")]
    halfway = rapor[len(rapor) // 2] if rapor else ""
    for name, data in outputs:
        if name == halfway:
            pause("mid-rapor")
        try:
            changed = write_if_changed(folder / name, data)
        except OSError as exc:  # said with the file it was writing ("disk penuh" named no path)
            raise SystemRefusal(f"Tidak dapat menulis {shown_path(folder / name)}: {os_reason(exc)}") from exc
        (written if changed else kept).append(name)
        sha256[name] = hashlib.sha256(data).hexdigest()
        del data  # (the next output is made while this one's bytes are gone)
        if name.startswith("nilai-") and name.endswith(".csv"):
            pause("after-score")
        if name.startswith("rekap-"):
            pause("after-merge")
    return written, kept, sha256


def _remove_stale(folder: Path, stored: PeriodRecord | None, names: Collection[str]) -> list[str]:
    """Delete outputs of an earlier run that this run no longer makes (a unit's page when it left the batch)."""
    from pmprb_cli.reporting import made_by_pmprb

    stale = {n for n, _ in stored.outputs} if stored else set()
    rapor = folder / _RAPOR
    if rapor.is_dir():
        # A killed run may have written pages it never recorded: those that say pmprb made them. Nothing
        # else goes (a rapor folder linked into a web root lost its README.md and other pages, unnamed).
        stale |= {f"{_RAPOR}/{p.name}" for p in rapor.iterdir() if p.suffix in (".html", ".md") and made_by_pmprb(p)}
    removed = []
    written = [folder / n for n in names]
    for name in sorted(stale - set(names)):
        path = folder / name
        if path.is_file() and not same_file_named(path, written):
            path.unlink()
            removed.append(name)
    return removed


def period_record(
    setup: Setup, batch: Batch, inputs: Inputs, run_key: str, exit_code: int, outputs: Mapping[str, str]
) -> PeriodRecord:
    """The history record of a period's batch (``outputs``: each output's name and SHA-256)."""
    units = []
    kode_of: dict[str, str] = {}
    for r in batch.ranked:
        result = batch.result_for(r)
        card = result.card
        assert card is not None
        kode_of[r.file] = r.kode
        verified = {a.code: a.score for a in result.verified.areas()} if result.verified else {}
        findings = result.findings
        shown = result.verified or card
        units.append(
            UnitRecord(
                file=r.file,
                kode=r.kode,
                nama=r.nama,
                jenis=r.jenis,
                input_sha256=inputs.hashes.get(r.file, ""),
                index=r.index,
                predikat=r.predikat,
                self_index=r.self_index,
                verified_index=r.verified_index,
                pengungkit=shown.pengungkit,
                hasil=shown.hasil,
                rank=r.rank,
                rank_in_jenis=r.rank_in_jenis,
                meets_target=r.meets_target,
                gap=r.gap,
                errors=sum(1 for f in findings if f.severity is Severity.ERROR),
                warnings=sum(1 for f in findings if f.severity is Severity.WARNING),
                infos=sum(1 for f in findings if f.severity is Severity.INFO),
                missing_answers=card.missing,
                invalid_answers=card.invalid,
                status=result.status,
                areas=tuple(AreaRecord(a.code, a.name, a.weight, a.score, verified.get(a.code)) for a in card.areas()),
                evaluator_answers=r.checked[0] if r.verified_index is not None else None,
            )
        )
    records = [
        InputRecord(
            r.file,
            inputs.hashes.get(r.file, ""),
            r.status,
            kode_of.get(r.file, _sender_kode(r, batch.rubric)),
        )
        for r in batch.assessment.results
    ]
    # A skipped input (a rekap in the inbox) is an input too: recorded, so the next run does not call it new.
    records += [InputRecord(r.file, inputs.hashes.get(r.file, ""), "skipped", "") for r in batch.assessment.skipped]
    return PeriodRecord(
        period=setup.period,
        kabupaten=setup.config.kabupaten,
        rubric_id=setup.rubric.id,
        rubric_version=setup.rubric.version,
        rubric_checksum=setup.rubric.checksum,
        target=setup.target,
        registry_sha256=setup.registry_sha256,
        input_key=inputs.key,
        run_key=run_key,
        exit_code=exit_code,
        missing_units=len(batch.assessment.missing_units),
        outputs=tuple(sorted(outputs.items())),
        units=tuple(sorted(units, key=lambda u: u.file)),
        inputs=tuple(sorted(records, key=lambda i: i.file)),
        scored_by=__version__,
    )


# --------------------------------------------------------------------------- summary


def pmprb_command(config: Config, words: str, *, anywhere: bool = False) -> str:
    """``pmprb <words>`` as the operator can type it again: with ``--config`` unless pmprb.toml is the folder's.

    "(atau pmprb validate)" after a run with --config failed as written: "Sebutkan berkas atau folder LKE".
    ``anywhere``: for a note read later, from another folder: the config's absolute path, always.
    """
    if anywhere:
        return f"pmprb --config {shlex.quote(str(config.path.absolute()))} {words}"
    here = Path("pmprb.toml")
    with contextlib.suppress(OSError):
        if here.is_file() and here.samefile(config.path):
            return f"pmprb {words}"
    return f"pmprb --config {shlex.quote(shown_path(config.path))} {words}"


def shown_path(path: Path) -> str:
    """A path as the operator typed it: relative to the working folder when inside it.

    Not from the root folder (systemd's and some crons' working folder), where "tmp/kab/out" reads as wrong.
    """
    try:
        cwd = Path.cwd()
    except OSError:  # (a cron job started in a folder since removed: the run went on, its summary stopped it)
        return str(path)
    return os.path.relpath(path) if cwd != Path(cwd.anchor) and is_inside(path, cwd) else str(path)


def _changes_said(changed: tuple[int, int] | None) -> str:
    """What changed in the inputs since the period's last run, in the words of the summary."""
    if changed is None:
        return "run pertama periode ini"
    new, gone = changed
    return f"{new} baru/berubah sejak run terakhir" + (f", {gone} tidak ada lagi" if gone else "")


def _refuse_a_lost_history(config: Config, period: str) -> None:
    """Refuse to start a new history where outputs of other periods say there was one.

    riwayat.sqlite moved away, or on a share not mounted: a new one was created in silence, and the month's rapor
    rewritten without its trend ("sejak Juni" gone), as if the kabupaten had never run before.
    """
    pattern = re.escape(config.output).replace(re.escape(PLACEHOLDER), r"(\d{4}-\d{2})")
    wildcard = glob.escape(config.output).replace(PLACEHOLDER, "[0-9][0-9][0-9][0-9]-[0-9][0-9]")
    others = sorted(
        found.group(1)
        for folder in glob.glob(wildcard)
        if (found := re.fullmatch(pattern, folder)) is not None
        and found.group(1) != period
        and os.path.isfile(os.path.join(folder, f"nilai-{found.group(1)}.json"))
    )
    if others:
        raise UsageError(
            f"Riwayat {config.history} tidak ada, padahal keluaran periode {periods_named(others)} ada: riwayatnya "
            "hilang, terpindah, atau foldernya belum terpasang; riwayat baru menghapus tren bulan-bulan itu dari "
            "rapor",
            hint="Pulihkan berkas riwayat dari cadangan, atau arahkan kunci 'history' di pmprb.toml ke tempatnya. "
            "Bila memang ingin memulai riwayat baru, pindahkan dulu folder keluaran periode itu.",
        )


def periods_named(periods: Sequence[str]) -> str:
    """A few periods one by one; many as the first, the last and how many (26 were listed after January)."""
    if len(periods) <= 3:
        return ", ".join(periods)
    return f"{periods[0]} s.d. {periods[-1]} ({len(periods)} periode)"


def _upgrade_lines(result: RunResult, config: Config | None = None) -> list[str]:
    """The history's upgrade by this run and where the copy from before it is; earlier periods other code scored.

    Said by every summary. The earlier periods are those the rapor compares this one with.
    """
    lines = []
    if result.history_upgraded is not None:
        version, kept = result.history_upgraded
        lines.append(
            f"Riwayat diperbarui dari skema {version} ke {SCHEMA_VERSION} (pmprb versi lama tidak dapat membacanya "
            f"lagi); salinan sebelum diperbarui: {kept}"
        )
    if result.other_rubric_periods:
        periods = [p for p, _ in result.other_rubric_periods]
        rubrics = sorted({r for _, r in result.other_rubric_periods})
        again = pmprb_command(config, f"run --period {periods[0]} --rescore") if config is not None else ""
        lines.append(
            f"Perhatian: {periods_named(periods)} dinilai dengan rubrik lain ({', '.join(rubrics)}): tren dan "
            'perubahan di rapor tidak membandingkannya dengan periode ini („rubrik lain"). Bila periode itu '
            f"memang dinilai ulang dengan rubrik kini: {again or '--rescore'}, mulai dari yang paling awal."
        )
    if result.scored_otherwise:
        periods = [p for p, _ in result.scored_otherwise]
        releases = sorted({by or "sebelum riwayat mencatatnya" for _, by in result.scored_otherwise})
        first = periods[0]
        again = pmprb_command(config, f"run --period {first}") if config is not None else f"pmprb run --period {first}"
        lines.append(
            f"Perhatian: {periods_named(periods)} dinilai pmprb versi lain ({', '.join(releases)}; kini "
            f"{__version__}): bila cara hitungnya berubah di antaranya, perubahan dan tren di rapor membandingkan "
            f"dua cara hitung. Agar setara, jalankan ulang periode itu, mulai dari yang paling awal ({again}), lalu "
            "periode ini."
        )
    return lines


def summary_lines(config: Config, result: RunResult) -> list[str]:
    """The run's summary for stdout (and the cron log)."""
    from pmprb_cli.models import format_id
    from pmprb_cli.output import (
        basis_words,
        copied_answers_lines,
        not_workbook_lines,
        raised_by_evaluator_lines,
        unread_by_evaluator_lines,
    )
    from pmprb_cli.scoring import predikat_for

    out_dir = shown_path(result.output_dir)
    # (said in every summary: a PDF that arrives after the month's first run changes no workbook, no key)
    ignored = not_workbook_lines(not_workbooks([str(Path(config.root, config.inbox_for(result.period)))]))
    if result.unchanged:
        return [
            f"Periode {result.period}: tidak ada perubahan sejak run terakhir ({result.inputs} buku kerja sama); "
            f"keluaran di {out_dir} dan riwayat tidak diubah"
            + (" (selain skemanya, di bawah)." if result.history_upgraded is not None else "."),
            *_as_recorded_lines(config, result),
            *_upgrade_lines(result),
            *ignored,
            *_other_periods_lines(config, result),
            f"Kode keluar {result.exit_code} (sama dengan run yang tercatat).",
        ]
    batch = result.batch
    if batch is None and result.changed is not None and result.changed[1]:
        # "tidak ada LKE unit" read as nobody having sent yet, of a share that did not mount at 06:00.
        return [
            f"Periode {result.period}: {result.changed[1]} buku kerja yang tercatat untuk periode ini tidak ada lagi "
            f"di folder masuk {shown_path(config.inbox_for(result.period))} (folder jaringan belum terpasang, atau "
            "folder dipindahkan?); tidak ada yang ditulis atau dicatat: keluaran dan riwayat periode ini tetap.",
            *_upgrade_lines(result),
            *ignored,
            *_other_periods_lines(config, result),
            "Kode keluar 1: masukan tidak ada.",
        ]
    if batch is None:
        return [
            f"Periode {result.period}: tidak ada LKE unit (.xlsx) di folder masuk "
            f"{shown_path(config.inbox_for(result.period))}; tidak ada yang ditulis atau dicatat.",
            *_upgrade_lines(result),
            *ignored,
            *_other_periods_lines(config, result),
            "Kode keluar 1: belum ada masukan.",
        ]
    a = batch.assessment
    ranked = batch.ranked
    rubric = batch.rubric
    lines = [
        f"Periode {result.period} — {config.kabupaten or 'kabupaten'}; rubrik {rubric.id} v{rubric.version}; "
        f"target {batch.target}"
        # (the target raised for the new year: January's summary said "target A", not that December's was BB)
        + (
            f" ({period_label(result.previous_target[0])}: {result.previous_target[1]})"
            if result.previous_target[0]
            else ""
        ),
        f"Masukan: {result.inputs} buku kerja ("
        + _changes_said(result.changed)
        + f"); {len(a.failed)} tidak dapat dinilai; "
        + (f"{len(a.skipped)} berkas kabupaten dilewati; " if a.skipped else "")
        + f"{sum(1 for f in a.batch_findings if f.code == 'PMPRB-E304')} kiriman ganda; "
        + (f"{copies} salinan persis (dinilai sekali); " if (copies := _set_aside_as(a, "PMPRB-I508")) else "")
        + (
            f"{again} disimpan ulang dengan jawaban sama (dinilai sekali); "
            if (again := _set_aside_as(a, "PMPRB-I509"))
            else ""
        )
        + f"{len(a.missing_units)} unit belum mengirim; "
        f"{sum(1 for r in a.results if r.count(Severity.ERROR))} buku kerja dengan kesalahan",
    ]
    if still_init_example(config):
        lines.append(EXAMPLE_LINE)
    if a.missing_units:
        # Who, by kode: the summary cron mails counted them and named none (validate and score name them).
        lines.append(f"Belum mengirim: {first_named([u.kode for u in a.missing_units], 15)}")
    lines += change_lines(result) + verified_dropped_lines(result) + rescored_lines(result) + resent_lines(result)
    instrument = rubric.out_of_years_note(result.period)
    if instrument:
        lines.append(f"Perhatian: {instrument}")
    # A copy posing as a shipped rubric (its id and version kept, other weights), or claiming its scoring:
    # said by `rubric check` alone, while every output named the copy as the official rubric.
    from pmprb_cli.rubric import claims_refuted, posing_as_shipped

    lines += [
        f"Perhatian: rubrik {Path(rubric.path).name}: {said}"
        for said in (posing_as_shipped(rubric), claims_refuted(rubric))
        if said
    ]
    lines += _as_recorded_lines(config, result)
    lines += _upgrade_lines(result, config)
    if result.settings_changed:
        lines.append(
            f"Pengaturan berubah sejak run terakhir periode ini ({'; '.join(result.settings_changed)}): nilai, "
            "peringkat dan riwayat periode ini dihitung ulang dengan pengaturan sekarang."
        )
    if ranked:
        mean = math.fsum(r.index for r in ranked) / len(ranked)
        meets = sum(1 for r in ranked if r.meets_target)
        # A pass/fail instrument (Zona Integritas) gives no kabupaten a letter: "87,57 (A)" read as a grade.
        graded = (
            "tanpa predikat: dinilai lulus atau tidak per unit"
            if target_verdict(rubric, batch.target) is not None
            else predikat_for(rubric, mean).code
        )
        lines.append(
            f"Nilai: {len(ranked)} unit dinilai, rata-rata indeks {format_id(mean)} "
            f"({graded}{basis_words(batch)}); {meets} mencapai target, "
            f"{len(ranked) - meets} perlu pendampingan"
        )
        lines += raised_by_evaluator_lines(batch) + unread_by_evaluator_lines(batch)
    else:
        # (a month where nobody ranked had no "Nilai:" line at all: a cron mail read as a summary cut short)
        lines.append("Nilai: tidak ada unit yang dinilai; rapor tanpa peringkat.")
    lines += copied_answers_lines(a, batch.registry)
    lines.append(
        f"Keluaran: {out_dir} — {len(result.written)} berkas ditulis, {len(result.kept)} tidak berubah, "
        f"{len(result.removed)} dihapus; rapor: {shown_path(result.output_dir / _RAPOR / 'index.html')}"
        if "html" in config.report_format
        else f"Keluaran: {out_dir} — {len(result.written)} berkas ditulis, {len(result.kept)} tidak berubah, "
        f"{len(result.removed)} dihapus"
    )
    if result.edited:
        lines.append(
            f"Perhatian: {len(result.edited)} berkas keluaran diubah di luar pmprb sejak run terakhir dan ditulis "
            f"ulang; salinan yang diubah disimpan: "
            + "; ".join(f"{name} → {copy}" for name, copy in result.edited[:_NAMED_PROBLEMS])
            + (f" … (+{len(result.edited) - _NAMED_PROBLEMS})" if len(result.edited) > _NAMED_PROBLEMS else "")
            + ". Isi rekap di salinan, bukan di berkas keluaran: run menulisnya ulang dari buku kerja unit."
        )
    lines.append(
        f"Riwayat: {shown_path(config.history)} — periode {result.period} "
        + ("dicatat" if result.recorded else "sudah tercatat sama, tidak diubah")
    )
    if result.other_kabupaten:
        lines.append(other_kabupaten_line(result.other_kabupaten, config.kabupaten))
    # A unit taken off the registry that still sent: "Tidak lagi di daftar unit: DISPORA (dinilai Januari)" of a
    # unit ranked first this month (PMPRB-E301), as if it had not been scored.
    sending = {r.kode.casefold() for r in result.batch.outside_registry if r.kode} if result.batch else set()
    still = [kode for kode, _, _ in result.left_registry if kode and kode.casefold() in sending]
    if still:
        lines.append(
            f"Tidak lagi di daftar unit tetapi masih mengirim: {first_named(still, _NAMED_PROBLEMS)} — dinilai dan "
            "diperingkat periode ini (PMPRB-E301). Bila unit itu memang sudah tidak ada, keluarkan berkasnya dari "
            "folder masuk; bila masih ada, tambahkan lagi ke daftar unit."
        )
    plain = [
        kode or nama
        for kode, nama, now in result.left_registry
        if not (kode and now) and not (kode and kode.casefold() in sending)
    ]
    if plain:
        lines.append(
            f"Tidak lagi di daftar unit: {first_named(plain, _NAMED_PROBLEMS)} (dinilai "
            f"{period_label(result.left_since)}). Bila unit itu berganti kode atau nama, tulis kode lamanya di "
            "kolom alias unit barunya agar riwayatnya bersambung."
        )
    was, new, followed = result.registry_since
    if was:
        said = [f"unit baru {first_named(list(new), _NAMED_PROBLEMS)}"] if new else []
        said += [f"kode lama yang kini alias {first_named(list(followed), _NAMED_PROBLEMS)}"] if followed else []
        lines.append(f"Daftar unit berubah sejak {period_label(was)}: {'; '.join(said)}.")
    renamed = [f"{kode} → {now}" for kode, _, now in result.left_registry if kode and now]
    if renamed:
        # (a kode changed, the name kept: the rapor called the unit "baru" and its trend started afresh)
        lines.append(
            f"Berganti kode, nama tetap: {first_named(renamed, _NAMED_PROBLEMS)} (kode lama dinilai "
            f"{period_label(result.left_since)}). Tanpa alias riwayatnya mulai dari nol: tulis kode lama di kolom "
            f"alias unit itu, lalu {pmprb_command(config, f'run --period {result.period} --rescore')}."
        )
    lines += problem_lines(result) + ignored + _other_periods_lines(config, result)
    if result.exit_code:
        lines.append(
            f"Kode keluar 1: ada masukan bermasalah; rincian di {out_dir}/validasi-{result.period}.json "
            f"(atau {pmprb_command(config, f'validate --period {result.period}')})."
        )
    return lines


def unfinished_periods(config: Config, period: str) -> tuple[str, ...]:
    """The other periods whose output folder still holds BELUM-SELESAI.txt: a run stopped there, never rerun.

    July's run killed after its rekap (a reboot, cron's timeout) left a complete-looking folder that no later
    run of August mentioned; with the 06:00 job of the month before, nothing ever ran July again.
    """
    return _periods_marked(config, period, UNFINISHED)


def _periods_marked(config: Config, period: str, note: str) -> tuple[str, ...]:
    """The other periods whose output folder holds ``note``."""
    pattern = config.output
    if pattern.count(PLACEHOLDER) != 1:
        return ()
    before, after = pattern.split(PLACEHOLDER)
    found = glob.glob(glob.escape(before) + "[0-9][0-9][0-9][0-9]-[0-9][0-9]" + glob.escape(after.rstrip("/")))
    periods = (m[len(before) : len(before) + 7] for m in found)
    return tuple(sorted(p for p in periods if p != period and (config.output_for(p) / note).is_file()))


def _previous_target(history: History, result: RunResult) -> tuple[str, str]:
    """The recorded period before the run's and its target, where that target was another (else empty)."""
    earlier = [p for p in history.periods() if p < result.period]
    stored = history.period(earlier[-1]) if earlier else None
    if result.batch is None or stored is None or stored.target in ("", result.batch.target):
        return ("", "")
    return (stored.period, stored.target)


#: How many recorded periods before a run's own have their inbox looked at for files changed since their run.
_EARLIER_LOOKED_AT = 2


def earlier_inboxes_changed(
    config: Config, history: History, period: str
) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The recorded periods just before this one whose inbox changed since their run: (period, changes).

    A late December file saved after January's run was never scored: cron runs the month before, nothing of
    January's or February's runs said December's inbox had changed, and only `export` refused it in September.
    Call with the config folder as the working directory (the recorded paths are relative to it).
    """
    out = []
    for other in [p for p in history.periods() if p < period][-_EARLIER_LOOKED_AT:]:
        stored, inbox = history.period(other), config.inbox_for(other)
        if stored is None or not inbox.is_dir():
            continue
        try:
            files = _inbox_files(config, inbox, config.output_for(other))
        except (OSError, PmprbError):
            continue  # (an inbox that cannot be listed now: nothing to compare, and not this run's concern)
        changes = input_changes(stored, Inputs(tuple(files), {f: _sha256(f) for f in files}, ""))
        # (the same bytes under another path change no score; a file not readable now is no late file, and a
        # re-run would only record it unreadable)
        changes = tuple(c for c in changes if not c[1].startswith("sama,") and c[1] != UNREADABLE_NOW)
        if changes:
            out.append((other, changes))
    return tuple(out)


def _other_periods_lines(config: Config, result: RunResult) -> list[str]:
    """What a run says of other periods: an earlier inbox changed since its run, a run stopped unfinished."""
    return [
        f"Perhatian: masukan periode {other} berubah sejak run-nya ({changes_named(changes)}); nilainya belum "
        f"dihitung ulang: {pmprb_command(config, f'run --period {other}')}"
        for other, changes in result.earlier_changed
    ] + _unfinished_lines(config, result.period)


def _unfinished_lines(config: Config, period: str) -> list[str]:
    stale = [p for p in stale_periods(config, period) if p not in unfinished_periods(config, period)]
    lines = []
    if stale:
        shown = periods_named(tuple(stale))
        one = pmprb_command(config, f"run --period {stale[0]}")
        # (the period's place marked, not its text replaced: a --config kab-2022-07/pmprb.toml became kab-$p; diffrev14)
        each = pmprb_command(config, "run --period PERIODE").rsplit("PERIODE", 1)
        rerun = one if len(stale) == 1 else f"for p in {' '.join(stale)}; do {each[0]}$p{each[1]}; done"
        lines.append(
            f"Perhatian: rapor periode {shown} belum memuat riwayat periode sebelumnya yang dicatat ulang sesudahnya "
            f"({STALE} di folder keluarannya); jalankan ulang: {rerun}"
        )
    return lines + [
        f"Perhatian: run periode {other} terhenti sebelum selesai ({UNFINISHED} di "
        f"{shown_path(config.output_for(other))}); jalankan ulang: {pmprb_command(config, f'run --period {other}')}"
        for other in unfinished_periods(config, period)
    ]


def _as_recorded_lines(config: Config, result: RunResult) -> list[str]:
    """What the summary says when a past period was scored with its recorded settings, not pmprb.toml's.

    Or when a past period's first run was scored with today's rubric, the later periods with another.
    """
    said = _recorded_lines(config, result)
    if result.target_of[0] and result.batch is not None:
        of, now = result.target_of
        said.append(
            f"Perhatian: periode {result.period} baru pertama kali dijalankan, sesudah periode yang lebih baru; "
            f"dinilai dengan target {result.batch.target} yang tercatat untuk {of} (periode tercatat terdekat tahun "
            f"itu), bukan target pmprb.toml sekarang ({now}). Untuk menilainya dengan target sekarang: "
            f"{pmprb_command(config, f'run --period {result.period} --rescore')}."
        )
    return said


def _recorded_lines(config: Config, result: RunResult) -> list[str]:
    other, since = result.rubric_apart
    if other:
        rubric = result.batch.rubric if result.batch is not None else None
        now = f"{rubric.id} v{rubric.version}" if rubric is not None else "rubrik pmprb.toml sekarang"
        return [
            f"Perhatian: periode {result.period} baru pertama kali dijalankan dan dinilai dengan {now} (pmprb.toml "
            f"sekarang), sedangkan periode tercatat berikutnya, {since}, dinilai dengan {other}: trennya terputus di "
            "sini. Bila periode ini semestinya dinilai seperti bulan-bulan di sekitarnya, pasang sementara rubrik "
            f"itu di pmprb.toml lalu jalankan {pmprb_command(config, f'run --period {result.period} --rescore')}."
        ]
    if result.registry_of:
        return [
            f"Perhatian: periode {result.period} baru pertama kali dijalankan, sesudah periode yang lebih baru; "
            f"dinilai dengan unit-unit daftar unit yang tercatat untuk {result.registry_of} (periode tercatat "
            "terdekat), karena daftar unit pmprb.toml sekarang menggabungkan atau menghapus sebagian unitnya sesudah "
            "itu; unit yang ditambahkan sesudahnya tetap dikenali. Bila di periode ini penggabungan atau "
            "penghapusan itu sudah berlaku (mis. berkas unit gabungan ditolak sebagai PMPRB-E301): "
            f"{pmprb_command(config, f'run --period {result.period} --rescore')}."
        ]
    new, gone = result.registry_apart
    parts = [f"unit yang belum ada dengan kodenya saat itu: {first_named(list(new), 10)}"] if new else []
    parts += [f"unit tercatat yang kini tidak ada lagi: {first_named(list(gone), 10)}"] if gone else []
    laid_out = f"daftar unit sekarang tersusun lain dari yang tercatat untuk {result.period} ({'; '.join(parts)})"
    if not result.as_recorded:
        if result.batch is not None and new:
            # (--rescore of a month before a reorganisation: those units "belum mengirim" there, said why)
            return [
                f"Perhatian: periode {result.period} dinilai ulang dengan pengaturan sekarang, sedangkan {laid_out}: "
                "unit yang belum ada saat itu terhitung belum mengirim di periode ini."
            ]
        return []
    command = pmprb_command(config, f"run --period {result.period} --rescore")
    if new:
        # `--rescore`, suggested after a merger, a split and a new kecamatan, counted them "belum mengirim" in July
        # and compared the merged unit's LKE with one old half's June (reorgrev).
        return [
            f"Pengaturan tercatat dipakai: periode sesudahnya sudah dijalankan, jadi periode {result.period} dinilai "
            f"dengan pengaturan saat dicatat, bukan pengaturan pmprb.toml sekarang ({'; '.join(result.as_recorded)}). "
            f"{laid_out[0].upper()}{laid_out[1:]}; bila perubahan itu berlaku sesudah {result.period}, biarkan "
            f"periode itu seperti tercatat: {command} menilainya dengan susunan sekarang, dan unit yang belum ada "
            "saat itu terhitung belum mengirim."
        ]
    # (the target now named: a late December's --rescore in January applied the new year's target A to it; longrev)
    target_now = next(
        (c.split("→")[-1].strip() for c in result.as_recorded if c.startswith("target ") and "→" in c), ""
    )
    applied = f", termasuk target {target_now} untuk {period_label(result.period)} juga" if target_now else ""
    return [
        f"Pengaturan tercatat dipakai: periode sesudahnya sudah dijalankan, jadi periode {result.period} dinilai "
        f"dengan pengaturan saat dicatat, bukan pengaturan pmprb.toml sekarang ({'; '.join(result.as_recorded)}). "
        f"Untuk menilainya dengan pengaturan sekarang{applied}: {command}."
    ]


#: Files named one by one in the summary and the log; the rest are counted.
_NAMED_PROBLEMS = 10


def problem_lines(result: RunResult, limit: int | None = _NAMED_PROBLEMS) -> list[str]:
    """The files with problems, by name, and what the run asks next: for the summary and the run log alike.

    A cron operator reading "1 tidak terbaca" had to open validasi-*.json to learn which OPD to call.
    """
    from pmprb_cli.output import distinct_names, files_with_errors, problems_line

    lines: list[str] = []
    batch = result.batch
    if batch is not None:
        a = batch.assessment
        # With the folders that tell apart files of one name: "RSUD.xlsx (tidak dapat dinilai)" of an old copy in
        # masuk/2022-08/lama/ had RSUD asked to send again, its own RSUD.xlsx ranked and fine.
        named = distinct_names([*(f.file for f in a.failed), *(r.file for r in a.results)])
        problems = [f"{named[f.file]} (tidak dapat dinilai, {f.code})" for f in a.failed]
        # Why a file is not ranked, as the rapor says it: "SETDA.xlsx (1 kesalahan, tidak diperingkat)" of last
        # month's workbook sent again left the operator to find PMPRB-E303 in validasi-*.json.
        problems += files_with_errors(batch, named)
        if problems:
            lines.append(problems_line(problems, limit))
    if result.later_periods:
        lines.append(
            f"Catatan: rapor periode {periods_named(result.later_periods)} memakai riwayat periode ini; jalankan "
            "ulang periode itu agar trennya ikut diperbarui."
        )
    return lines
