"""The package the kabupaten sends to Kemenpan-RB for a period: ``pmprb export``.

Four files, plus a zip of them on request:

- ``LKE-kabupaten-usulan-<period>.xlsx`` (a kota's ``LKE-kota-usulan-…``): the kabupaten LKE in the LKE layout
  (a pmprb template of the rubric, so ``pmprb score`` reads it back), answered with the proposal of
  :mod:`pmprb_cli.proposal` and, for numbers, with the value every unit copied from the kabupaten's own data when
  they all agree. A proposal for the assessors' consensus, not an official score;
- ``rekap-<period>.xlsx``: the kabupaten workbook, the same bytes ``pmprb run`` writes;
- ``bukti-dukung-<period>.csv``: every bukti dukung given, one row per unit and item (text that starts
  like a formula is neutralised);
- ``manifest.json``: the period, the rubric and its checksum, and the SHA-256 and size of every file.

The package is made from the inputs recorded by the last ``pmprb run`` of the period and refuses inputs that
changed since, so what is sent is what the rapim saw. Same inputs, same bytes (the zip included: entries
sorted, dated the first day of the period).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmprb_cli import __version__
from pmprb_cli.batch import Batch
from pmprb_cli.cache import ResultCache, cache_path
from pmprb_cli.checks import (
    masked_contacts,
    names_local_file,
    one_pemda_written,
    pemda_word,
    sent_evidence,
    unit_of_unreadable,
    web_without_scheme,
)
from pmprb_cli.config import PLACEHOLDER, Config, check_period
from pmprb_cli.errors import SystemRefusal, UsageError, os_reason
from pmprb_cli.files import from_common_folder, is_inside, safe_cell, without_hidden_characters, write_all_or_none
from pmprb_cli.history import History, PeriodRecord, hold_lock, period_recorded
from pmprb_cli.models import Rubric, ScoreCard, Severity, first_named
from pmprb_cli.monthly import (
    Inputs,
    Setup,
    as_recorded,
    changes_named,
    input_changes,
    load_batch,
    pmprb_command,
    prepare,
    recorded_differences,
    rekap_movement,
    settings_changes,
    with_history,
)
from pmprb_cli.rapor import kabupaten_view
from pmprb_cli.registry import KABUPATEN_KODE, Unit
from pmprb_cli.workbook import usulan_sheet

if TYPE_CHECKING:
    from pmprb_cli.merging import Movement  # (xlsxwriter: imported where a rekap is written)

MANIFEST = "manifest.json"


def package_names(period: str, kabupaten_lke: bool = True, word: str = "kabupaten") -> dict[str, str]:
    """File name → what it is, in the order of the manifest (no kabupaten LKE for a unit-level LKE: ZI).

    ``word``: what the pemda is called (:func:`~pmprb_cli.checks.pemda_word`): a kota's package went to the
    ministry as "LKE-kabupaten-usulan-…", "buku kerja kabupaten" (kotaword).
    """
    usulan = ", usulan LKE" if kabupaten_lke else ""
    return {
        f"LKE-{word}-usulan-{period}.xlsx": f"LKE {word} (usulan untuk konsensus asesor), tata letak LKE",
        f"rekap-{period}.xlsx": f"buku kerja {word}: rekap, per area, jawaban, temuan{usulan}, info sumber",
        f"bukti-dukung-{period}.csv": "indeks bukti dukung: unit, butir, tautan atau nama dokumen",
    }


def zip_name(period: str, kabupaten: str = "") -> str:
    """The name of the zip written with ``--zip``: the pemda's name in it ("paket-kemenpanrb-kabupaten-contoh-…").

    Every pemda's package was "paket-kemenpanrb-2022-09.zip": at the ministry, hundreds of one name, saved over
    each other or as "(1)", "(2)".
    """
    import unicodedata

    folded = unicodedata.normalize("NFKD", kabupaten).encode("ascii", "ignore").decode().casefold()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60].strip("-")
    return f"paket-kemenpanrb-{slug + '-' if slug else ''}{period}.zip"


def ranked_cards(batch: Batch) -> list[ScoreCard]:
    """The card each ranked unit is ranked by (the evaluator's where given), in rank order."""
    cards = []
    for ranked in batch.ranked:
        result = batch.result_for(ranked)
        card = result.verified or result.card
        if card is not None:
            cards.append(card)
    return cards


def lke_bytes(batch: Batch) -> bytes:
    """The kabupaten LKE (usulan) as an LKE workbook of the batch's rubric."""
    from pmprb_cli.proposal import propose, proposed_answers, usulan_index_line
    from pmprb_cli.template import template_bytes

    kabupaten = batch.kabupaten_named or "Kabupaten"
    # (the kode stays KABUPATEN for a kota too: it is how pmprb knows the file again, and no registry may take it)
    unit = Unit(KABUPATEN_KODE, kabupaten, "lainnya")
    word = pemda_word(batch.kabupaten_named)  # (as the template writer and the rekap take it)
    cards = ranked_cards(batch)
    absent = batch.unranked_registered
    rows = propose(batch.rubric, cards, absent, word)
    adapted = adapted_parts(batch.rubric)
    note = (
        f"USULAN untuk konsensus asesor, bukan nilai resmi: disusun pmprb dari LKE {len(cards)} unit "
        f"(aturannya di lembar '{usulan_sheet(word)}' buku kerja rekap-{batch.period}.xlsx). "
        f"{usulan_index_line(batch.rubric, rows, cards, absent, word)}"
        + (
            f" {len(adapted)} bagian rubrik {batch.rubric.id} diadaptasi, bukan dari peraturan (daftarnya di "
            f"manifest.json, rubric.adapted; rinciannya: pmprb rubric show {batch.rubric.id})."
            if adapted
            else ""
        )
    )
    return template_bytes(
        batch.rubric,
        unit,
        batch.period or "",
        batch.kabupaten_named,
        answers=proposed_answers(rows),
        usulan=True,
        note=note,
    )


def adapted_parts(rubric: Rubric) -> list[str]:
    """The codes of the rubric's nodes and items marked adapted (not from the regulation), in rubric order.

    A Kemenpan-RB reader of the package took pmprb-2020's 73 adapted parts (reform and hasil weights from
    other sources) for the regulation's own instrument: the rapor footnoted them, the package said nothing.
    """
    return [n.code for n in rubric.nodes() if n.status == "adapted"] + [
        i.code for i in rubric.items() if i.status == "adapted"
    ]


_WEB_LINK = re.compile(r"https?://", re.IGNORECASE)
#: An address that runs something where it is opened (as evidence text: a link saved without what it shows).
# ("Data: SK Bupati" is a sentence: data: only with a media type, as a data address has one)
_SCRIPT_LINK = re.compile(
    r"\s*(?:javascript:|vbscript:|data:\s*(?:[a-z]+/[\w.+-]+)?[;,]|ms-[a-z-]+:(?!\s)|search-ms:)", re.IGNORECASE
)


def evidence_csv(batch: Batch) -> bytes:
    """Every bukti dukung of the ranked units, as shown and the link behind it (UTF-8 with BOM).

    Columns ``unit,nama_unit,butir,pertanyaan,bukti_dukung,tautan``: ``tautan`` is the target of a HYPERLINK
    formula or cell hyperlink whose shown text differs from it (the link reviewers open).
    """
    rubric = batch.rubric
    labels: dict[str, str] = {}
    for item in rubric.items():
        labels[item.code] = item.question
        labels.update({f.code: f.label for f in item.inputs})
    labels.update({n.code: n.name for n in rubric.nodes() if n.kind in ("indicator", "graded")})
    order = rubric.answer_codes()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["unit", "nama_unit", "butir", "pertanyaan", "bukti_dukung", "tautan"])
    for ranked in sorted(batch.ranked, key=lambda r: (r.kode.casefold(), r.file)):
        sub = batch.result_for(ranked).submission
        if sub is None:
            continue
        for code in order:
            answer = sub.answers.get(code)
            if answer is None or not answer.has_evidence:
                continue
            link = answer.evidence_link
            if link and web_without_scheme(link):
                # "bit.ly/SK-TimRB", "drive.google.com/…" (Google Sheets takes a HYPERLINK so): opened as a web page
                # by the spreadsheet, it was marked "jangan dibuka" here.
                link = "https://" + link.strip()
            elif link and not _WEB_LINK.match(link.strip()):
                # javascript:, file://\\server (a click sends Windows credentials), data: … passed as the link a
                # reviewer opens: marked, as the rekap leaves them unclickable.
                link = f"(bukan alamat web, jangan dibuka) {link}"
            elif not link and _SCRIPT_LINK.match(answer.evidence):
                # A HYPERLINK("javascript:…"; "SK Tim RB") saved without its value: the link is the evidence
                # text itself, and went out unmarked.
                link = f"(bukan alamat web, jangan dibuka) {answer.evidence.strip()}"
            elif not link and names_local_file(answer.evidence.strip()):
                # "\\fileserver\bukti\SK.pdf" typed as text: a path on the unit's computer or office network,
                # which Kemenpan-RB's reviewer cannot open; the row read as evidence given.
                link = "(bukan alamat web: berkas di komputer atau jaringan unit, tidak dapat dibuka peninjau)"
            # (a contact, a path on the unit's computer, an account, a number: not sent; see sent_evidence)
            shown, link = sent_evidence(answer.evidence.strip(), link)
            row = (ranked.kode, ranked.nama, code, labels.get(code, ""), shown, link)
            # Raw NUL, ESC and BEL from evidence cells (_x001B_) reached the CSV, and U+202E reordered a link.
            writer.writerow([safe_cell(without_hidden_characters(v)) for v in row])
    # The BOM lets Excel open the file as UTF-8 (names with é, ’ …) by double-click.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def manifest_bytes(batch: Batch, inputs: Inputs, files: Mapping[str, bytes]) -> bytes:
    """``manifest.json``: period, rubric checksum, and the SHA-256 of every file of the package.

    Schema: pmprb_cli/schemas/manifest.schema.json; a key added or renamed here (or a field of :class:`Coverage`)
    goes there too (tests/test_monthly.py).
    """
    described = package_names(batch.period or "", batch.rubric.kabupaten_lke, pemda_word(batch.kabupaten_named))
    # (by where they lie in the inbox: no server's or PC's folders in what is sent out)
    named = {
        f: masked_contacts(p)  # (a phone number in a file's name masked, as in the package's rekap)
        for f, p in from_common_folder([*inputs.files, *(r.file for r in batch.assessment.results)]).items()
    }
    doc = {
        "format": "pmprb-paket-kemenpanrb/1",
        "period": batch.period,
        "kabupaten": batch.kabupaten_named,
        "target": batch.target,
        "pmprb": __version__,
        "rubric": {
            "id": batch.rubric.id,
            "version": batch.rubric.version,
            "sha256": batch.rubric.checksum,
            # (what is not from the regulation, as the rapor footnotes it)
            "adapted": adapted_parts(batch.rubric),
            # (a 2014–2019 rubric used for 2022 went out unsaid: the receiver sees the years and the mismatch)
            "years": batch.rubric.years(),
            "period_in_years": not batch.rubric.out_of_years_note(batch.period),
        },
        "files": [
            {"name": n, "sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d), "description": described.get(n, "")}
            for n, d in files.items()
        ],
        "units": len(batch.ranked),
        "coverage": dataclasses.asdict(coverage(batch, named)),
        "inputs": [{"file": named.get(f, f), "sha256": inputs.hashes[f]} for f in inputs.files],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Coverage:
    """Whose workbooks the package stands on: ranked units, registry units without one, files left out.

    An evaluator sending the package should see that 8 of 40 units make up the proposal before the ministry
    does (the manifest said only ``"units": 8``).
    """

    registry_units: int | None
    units_ranked: int
    units_missing: list[str] | None  # None: files were named one by one, no unit was looked for
    #: Ranked units the registry does not hold (PMPRB-E301): in the package, yet none of the registry's units.
    units_not_in_registry: list[str] | None
    files_not_ranked: list[str]
    files_unreadable: list[str]
    #: Ranked workbooks with errors: the empty or invalid answers in them count 0 in the package.
    files_with_errors: list[str]
    #: Registered units that sent only files that could not be read (named for them): "7 unit terdaftar tidak
    #: dinilai" in the proposal stood on 5 missing ones, the other 2 left to be worked out from file names.
    units_unreadable: list[str] | None = None
    #: Ranked units on the evaluator's verified index, and those of them whose evaluator read only some answers.
    units_verified: int = 0
    units_verified_partly: int = 0


def coverage(batch: Batch, named: Mapping[str, str] | None = None) -> Coverage:
    """The package's :class:`Coverage`, from the batch it is made of; files as ``named`` names them (if given)."""
    assessment = batch.assessment
    ranked = {r.file for r in batch.ranked}
    shown = named or {}
    return Coverage(
        registry_units=len(batch.registry.units) if batch.registry is not None else None,
        units_ranked=len(batch.ranked),
        units_missing=[u.kode for u in assessment.missing_units] if assessment.missing_checked else None,
        units_not_in_registry=sorted(r.kode or r.nama for r in batch.outside_registry)
        if batch.registry is not None
        else None,
        files_not_ranked=sorted(
            shown.get(r.file, r.file) for r in assessment.results if r.file not in ranked and r.failed is None
        ),
        files_unreadable=sorted(shown.get(f.file, f.file) for f in assessment.failed),
        files_with_errors=sorted(
            shown.get(r.file, r.file) for r in batch.ranked if batch.result_for(r).count(Severity.ERROR)
        ),
        units_unreadable=_units_unreadable(batch) if batch.registry is not None else None,
        units_verified=batch.verified_count,
        units_verified_partly=sum(
            1 for r in batch.ranked if r.verified_index is not None and r.checked[0] < r.checked[1]
        ),
    )


def _units_unreadable(batch: Batch) -> list[str]:
    """Registered units not ranked whose file (named for them) could not be read."""
    assert batch.registry is not None
    ranked = {r.kode for r in batch.ranked}
    units = (unit_of_unreadable(batch.registry, f.file) for f in batch.assessment.failed)
    return sorted({u.kode for u in units if u is not None and u.kode not in ranked})


#: The units missing named one by one in export's warning; the rest are counted (all are in the manifest).
_NAMED = 10


def coverage_warning(batch: Batch) -> str:
    """A sentence for the evaluator when the package stands on fewer units than the registry holds ('' if not)."""
    said = coverage(batch)
    parts = []
    if said.units_missing:
        # (named, as run names them: "1 dari 28 unit belum mengirim" left the evaluator to open the manifest)
        named = ", ".join(said.units_missing[:_NAMED])
        more = len(said.units_missing) - _NAMED
        named += f" dan {more} unit lagi" if more > 0 else ""
        parts.append(f"{len(said.units_missing)} dari {said.registry_units} unit belum mengirim buku kerja ({named})")
    if said.files_unreadable:
        # (whose: "7 unit terdaftar tidak dinilai" in the proposal beside "5 belum mengirim; 3 berkas")
        theirs = said.units_unreadable or []
        # (units, not files: DINKES's two unreadable files were "2 berkas …, 1 di antaranya milik …: DINKES")
        owners = f" (unit terdaftar yang karenanya tidak dinilai: {first_named(theirs, 10)})" if theirs else ""
        parts.append(f"{len(said.files_unreadable)} berkas tidak dapat dinilai{owners}")
    if said.files_not_ranked:
        named = first_named([Path(f).name for f in said.files_not_ranked], 5)
        parts.append(f"{len(said.files_not_ranked)} berkas tidak diperingkat ({named}; alasannya di rekap)")
    if said.units_not_in_registry:
        # (the rapor said so; the package for the ministry said 39 ranked of 40 registered, one of them DISBUN)
        outside = said.units_not_in_registry
        parts.append(f"{len(outside)} unit berperingkat tidak ada di daftar unit (PMPRB-E301: {', '.join(outside)})")
    made = f"LKE {pemda_word(batch.kabupaten_named)} (usulan) dan rekap" if batch.rubric.kabupaten_lke else "Rekap"
    sentences = []
    if parts:
        sentences.append(
            f"Perhatian: {'; '.join(parts)}. {made} disusun dari {said.units_ranked} unit berperingkat"
            f"{' saja' if said.registry_units is None or said.units_ranked < said.registry_units else ''} "
            "(rinciannya di manifest.json, bagian coverage)."
        )
    if said.files_with_errors:
        # The run said "15 buku kerja dengan kesalahan"; the package sent to the ministry said nothing of them.
        sentences.append(
            f"{'Perhatian: ' if not parts else ''}{len(said.files_with_errors)} dari {said.units_ranked} buku kerja "
            f"berperingkat memuat kesalahan, tetapi tetap masuk {made if batch.rubric.kabupaten_lke else 'rekap'} "
            "(jawaban kosong atau tidak sah dihitung 0; daftarnya di manifest.json, coverage.files_with_errors; "
            "rinciannya pmprb validate)."
        )
    return " ".join(sentences)


def zip_bytes(files: Mapping[str, bytes], period: str) -> bytes:
    """A zip of ``files`` whose bytes depend only on them: sorted entries, fixed date, mode and compression."""
    year, month = (int(p) for p in period.split("-"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(year, month, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below means the same everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def package_files(batch: Batch, inputs: Inputs, movement: Movement | None = None) -> dict[str, bytes]:
    """Every file of the package by name, the manifest last.

    ``movement``: each unit's change since the previous period, as the run's rekap shows it (the package's rekap
    is the run's, byte for byte).
    """
    from pmprb_cli.merging import merged_bytes

    period = batch.period or ""
    lke, rekap, bukti = package_names(period, word=pemda_word(batch.kabupaten_named))
    files = {lke: lke_bytes(batch)} if batch.rubric.kabupaten_lke else {}  # none for Zona Integritas
    # (the pemda's working notes left out: see merged_bytes' sending)
    files.update({rekap: merged_bytes(batch, movement=movement, sending=True), bukti: evidence_csv(batch)})
    files[MANIFEST] = manifest_bytes(batch, inputs, files)
    return files


@dataclass(frozen=True)
class Exported:
    """What ``pmprb export`` wrote: every path, and which of them changed."""

    paths: tuple[Path, ...]
    written: tuple[Path, ...]
    batch: Batch
    #: Files in the folder that are not this package's (another period's, sent with it by mistake).
    others: tuple[str, ...] = ()
    #: The settings of pmprb.toml that differ from the period's recorded ones, which were used instead.
    as_recorded: tuple[str, ...] = ()
    #: The package's rekap is not the one `pmprb run` last wrote for the period (pmprb upgraded since).
    rekap_differs: bool = False
    #: pmprb's own zips of the period under an earlier name, removed (the new zip replaces them).
    replaced: tuple[str, ...] = ()


def _what_changed(stored: PeriodRecord, inputs: Inputs, setup: Setup, changes: Sequence[tuple[str, str]]) -> str:
    """What the refusal is about, as ": DINKES.xlsx (berubah); pengaturan: daftar unit" ('' if nothing named).

    ``changes``: the inputs' (:func:`~pmprb_cli.monthly.input_changes`).
    """
    from pmprb_cli.output import display_name

    # (a version that scores as the recorded one, whose file the history does not keep: still a change)
    settings = recorded_differences(stored, setup)
    said = ([changes_named(changes)] if changes else []) + ([f"pengaturan: {', '.join(settings)}"] if settings else [])
    if not said and inputs.copies:
        # Same bytes, but a unit's two files: when each changed decides which ranks, so their times count.
        copies = ", ".join(display_name(f) for f in sorted(inputs.copies))
        said = [f"waktu ubah berkas unit yang mengirim dua kali ({copies}), yang menentukan berkas mana yang dinilai"]
    return f": {'; '.join(said)}" if said else ""


def _refuse_another_periods_package(folder: Path, period: str) -> None:
    """Refuse a folder holding another period's package: its manifest.json would be replaced by this one's.

    (August exported into ``paket-2022-09/`` left September's files beside August's manifest.)
    """
    kept = _folder_manifest(folder)  # (none, or not one pmprb wrote: nothing it describes is overwritten unsaid)
    other = kept.get("period") if kept is not None else None
    if isinstance(other, str) and other != period:
        raise UsageError(
            f"Folder {folder} berisi paket periode {other} ({MANIFEST}); paket {period} akan menimpa manifest-nya",
            hint=f"Pakai folder tersendiri tiap periode, mis. --out paket-{period}/.",
        )


def _refuse_overwriting_others(folder: Path, files: Mapping[str, bytes]) -> None:
    """Refuse to replace a file of the package pmprb did not write, or that was changed since it wrote it.

    The kabupaten LKE is a starting point for the assessors' consensus: their edits, saved in it, were
    replaced by the next export without a word ("1 ditulis, sisanya sudah sama"), as was a unit's workbook
    kept under the rekap's name. A file is replaced only when the folder's manifest records its very bytes
    (pmprb wrote it and nobody changed it since), or when it is empty.
    """
    manifest = _folder_manifest(folder)
    recorded = _manifest_files(manifest) if manifest is not None else None
    kept = []
    for name, data in files.items():
        path = folder / name
        if not os.path.lexists(path):
            continue
        if not path.is_file() or path.is_symlink():
            kept.append(f"{name} (bukan berkas biasa)")
            continue
        try:
            size = path.stat().st_size
            with open(path, "rb") as stream:
                current = hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError as exc:
            raise SystemRefusal(f"Tidak dapat membaca {path}: {os_reason(exc)}") from exc
        ours = (name.endswith(".zip") and _our_zip(path)) or (  # (a zip answers for itself: its own manifest)
            recorded is not None and (name == MANIFEST or current == recorded.get(name))
        )
        if size and not ours and current != hashlib.sha256(data).hexdigest():
            kept.append(name)
    if kept:
        raise UsageError(
            f"Folder {folder} sudah memuat {', '.join(kept)}, yang bukan tulisan pmprb export atau sudah diubah "
            "sejak ditulis (mis. hasil konsensus asesor di LKE kabupaten); pmprb tidak menimpanya. Tidak ada yang "
            "ditulis",
            hint="Simpan dulu berkas itu di tempat lain atau ganti namanya bila memang tidak diperlukan lagi, atau "
            "ekspor ke folder baru (--out FOLDER).",
        )


def _our_zip(path: Path) -> bool:
    """Whether a zip is a package pmprb wrote and nobody changed: its manifest's files, each as recorded there.

    The folder's manifest cannot hold the hash of the zip that holds it, and an earlier package's zip (before
    a late workbook, or written by an earlier pmprb) holds an earlier manifest: the zip is checked against its
    own. A zip edited since (the assessors' consensus added to it) was replaced by the next export.
    """
    return _own_zip_manifest(path) is not None


def _own_zip_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest of a zip pmprb wrote and nobody changed (see :func:`_our_zip`), else None."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = {i.filename: i for i in archive.infolist()}
            if MANIFEST not in infos or any(i.file_size > 1 << 28 for i in infos.values()):
                return None
            own = _parsed_manifest(archive.read(infos[MANIFEST]))
            recorded = _manifest_files(own) if own is not None else None
            if own is None or recorded is None or set(infos) != {*recorded, MANIFEST}:
                return None
            same = all(hashlib.sha256(archive.read(infos[n])).hexdigest() == sha for n, sha in recorded.items())
            return own if same else None
    except (OSError, zipfile.BadZipFile, ValueError, NotImplementedError, EOFError):
        return None


def _earlier_own_zip(path: Path, period: str, kabupaten: str) -> bool:
    """Whether ``path`` is this pemda's own package of ``period`` under a name pmprb gave it before.

    Only the name pmprb gave it (without the pemda's name, or with the name its manifest records, respelled
    since), its manifest this pemda's and this period's: an archive copy ("…-terkirim-2022-08.zip") or a
    neighbouring kabupaten's package in the same folder was deleted as "nama lama".
    """
    manifest = _own_zip_manifest(path)
    if manifest is None or manifest.get("period") != period:
        return False
    recorded = str(manifest.get("kabupaten") or "")
    if not one_pemda_written(recorded, kabupaten):
        return False
    return path.name in (f"paket-kemenpanrb-{period}.zip", zip_name(period, recorded))


def _folder_manifest(folder: Path) -> dict[str, Any] | None:
    """The folder's manifest.json read (at most 1 MiB), or ``None`` without a readable one."""
    try:
        with open(folder / MANIFEST, "rb") as stream:
            return _parsed_manifest(stream.read(1 << 20))
    except OSError:
        return None


def _parsed_manifest(data: bytes) -> dict[str, Any] | None:
    try:
        kept = json.loads(data)
    except (ValueError, RecursionError):  # (a manifest nested a thousand deep ended export with exit 3)
        return None
    return kept if isinstance(kept, dict) else None


def _manifest_files(manifest: Mapping[str, Any]) -> dict[str, str] | None:
    """The SHA-256 of each file a manifest lists; ``None`` when it is not one pmprb wrote."""
    listed = manifest.get("files")
    if not str(manifest.get("format", "")).startswith("pmprb-paket-kemenpanrb/") or not isinstance(listed, list):
        return None
    return {str(f["name"]): str(f["sha256"]) for f in listed if isinstance(f, dict) and "name" in f and "sha256" in f}


def _not_recorded(config: Config, period: str) -> UsageError:
    return UsageError(
        f"Periode {period} belum tercatat di riwayat {config.history}",
        hint=f"Jalankan dulu `pmprb run --period {period}`; paket dibuat dari masukan run itu.",
    )


def _period_folder_holding(pattern: str, folder: Path) -> Path | None:
    """The folder of some period that ``pattern`` (inbox or output, with {period}) names and ``folder`` is in.

    (Only this period's inbox was refused: July's package written into August's inbox was read as August's;
    with "masuk/LKE-{period}/" no period's folder was recognised at all.)
    """
    before, placeholder, after = pattern.partition(PLACEHOLDER)
    if not placeholder:
        return Path(pattern) if is_inside(folder, Path(pattern)) else None
    shape = re.compile(re.escape(before) + r"(\d{4}-\d{2})" + re.escape(after.rstrip("/" + os.sep)) + r"(?:[/\\]|$)")
    for shown in {os.path.abspath(folder), os.path.realpath(folder)}:
        found = shape.match(shown + os.sep)
        if found is not None:
            holding = Path(pattern.replace(PLACEHOLDER, found.group(1)))
            if is_inside(folder, holding):
                return holding
    return None


def export_package(
    config: Config,
    period: str,
    out: str | Path,
    *,
    make_zip: bool = False,
    wait: float = 0.0,
    waiting: Callable[[str], None] | None = None,
) -> Exported:
    """Write the Kemenpan-RB package of a period into ``out``; the period must be recorded with these inputs."""
    check_period(period)  # ("2022-13 belum tercatat; jalankan pmprb run --period 2022-13", which then refused it)
    try:
        setup = prepare(config, period)
    except UsageError:
        if period_recorded(config.history, period) is False:
            # "folder masuk … untuk periode 2022-09 tidak ada" for a month never run: the inbox was not the news.
            raise _not_recorded(config, period) from None
        raise
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {folder} bukan folder", hint="Berikan folder untuk paket, mis. --out kirim-TTTT/.")
    inbox = setup.inbox if is_inside(setup.inbox, folder) else _period_folder_holding(config.inbox, folder)
    if inbox is not None:
        raise UsageError(
            f"--out {folder} bertumpang tindih dengan folder masuk {inbox}",
            hint="Buku kerja paket akan terbaca sebagai kiriman unit pada run berikutnya; pilih folder di luar folder "
            "masuk.",
        )
    output = _period_folder_holding(config.output, folder)
    if output is not None:
        # The next `pmprb run` (cron, that night) rewrote the rekap there, and the manifest beside it no longer
        # told its bytes.
        raise UsageError(
            f"--out {folder} berada di folder keluaran run {output}",
            hint="pmprb run menulis ulang berkas di sana, dan paketnya tidak lagi sesuai manifest.json; pilih "
            f"folder lain, mis. paket/{period}.",
        )
    _refuse_another_periods_package(folder, period)
    with hold_lock(config.history, f"pmprb export {period}", wait, waiting, reader=True):
        with History.open(config.history, create=False) as history:
            stored = history.period(period)
            if stored is None:
                raise _not_recorded(config, period)
            # The package is the recorded period's: with the settings it was scored with, when the history
            # keeps them (pmprb.toml may have moved on since: a new registry, a higher target).
            setup = as_recorded(setup, stored, history, exact=True) or setup
            if setup.config.kabupaten != stored.kabupaten and one_pemda_written(
                setup.config.kabupaten, stored.kabupaten
            ):
                # The pemda's name respelled since ("Kab. Contoh"): the package is the period's as recorded (its
                # inputs' key holds the name), not refused as changed for the spelling alone.
                setup = replace(setup, config=replace(setup.config, kabupaten=stored.kabupaten))
            setup = with_history(setup, history)
            points = tuple(p for p in history.points() if p.period < period)  # (as the run's rapor and rekap read)
        cache = ResultCache(cache_path(config.history))
        try:
            inputs, batch, _ = load_batch(setup, cache, config.jobs)
        finally:
            cache.close()
        if inputs.key != stored.input_key:
            # (the same workbooks under other paths: a folder moved, or paths an earlier pmprb recorded whole)
            changes = input_changes(stored, inputs)
            moved = all(kind.startswith("sama,") for _, kind in changes or [("", "")])
            raise UsageError(
                (
                    f"Jalur masukan periode {period} berubah sejak `pmprb run` terakhir (isinya sama)"
                    if moved and not settings_changes(stored, setup)
                    else f"Masukan atau pengaturan periode {period} berubah sejak `pmprb run` terakhir"
                )
                + _what_changed(stored, inputs, setup, changes),
                hint=f"Jalankan ulang `pmprb run --period {period}` agar paket sama dengan rapor dan riwayat"
                + (
                    # (only where the period's settings were not recorded: recorded ones are used, and a changed
                    # target was told to be put back though export went on with the recorded one; readmerev)
                    ". Bila yang berubah pengaturannya (daftar unit, target, rubrik, nama kabupaten), kembalikan "
                    "dulu pengaturan periode itu (nama kabupaten: kunci kabupaten di pmprb.toml, sama dengan yang "
                    "tertulis di buku kerja unit); `--rescore` menilai ulang dengan pengaturan kini dan menulis ulang "
                    "riwayatnya."
                    if settings_changes(stored, setup)
                    else "."
                ),
            )
        if not batch.ranked:
            # A full package of 0 units, its LKE saying 186 items were left "dari data kabupaten": no package.
            raise UsageError(
                f"Periode {period} tidak punya unit berperingkat: tidak ada yang dapat dikirim; paket tidak ditulis",
                hint=f"Lihat sebabnya di validasi-{period}.json atau dengan "
                f"{pmprb_command(config, f'validate --period {period}')}.",
            )
        view = kabupaten_view(batch, points, (), setup.alike, setup.registered)
        files = package_files(batch, inputs, rekap_movement(view))
        # pmprb's own zip of this period, left as written, goes on with the package: left out (an export
        # without --zip after a late workbook), it stood beside the new files holding the old manifest (5
        # units ranked of 6), said only as "bukan bagian paket ini".
        named = zip_name(period, setup.config.kabupaten)
        # Its own zip under an earlier name (before the pemda's name was in it, or the name respelled since) is
        # replaced by this one: left, it stood beside the new files holding the old manifest.
        earlier = sorted(
            p
            for p in folder.glob(f"paket-kemenpanrb-*{period}.zip")
            if p.name != named and _earlier_own_zip(p, period, setup.config.kabupaten)
        )
        if make_zip or earlier or _our_zip(folder / named):
            files[named] = zip_bytes(files, period)
        _refuse_overwriting_others(folder, files)
        try:
            written = [folder / n for n in write_all_or_none(folder, files)]
        except OSError as exc:
            kept = " (paket yang sudah ada di sana tetap utuh, tidak diubah)" if (folder / MANIFEST).exists() else ""
            raise SystemRefusal(f"Tidak dapat menulis paket ke {folder}: {os_reason(exc)}{kept}") from exc
        replaced = []
        for path in earlier:
            with contextlib.suppress(OSError):  # (not removed: named below among the folder's other files)
                path.unlink()
                replaced.append(path.name)
    package = {folder / n for n in files}
    others = sorted(p.name for p in folder.iterdir() if p not in package and not p.name.startswith("."))
    # Same inputs, but a pmprb upgraded since the run writes another rekap (a column added): the package
    # then differs from what the rapim saw, unsaid.
    _, name, _ = package_names(period)
    ran = dict(stored.outputs).get(name)
    if ran is not None:
        from pmprb_cli.merging import merged_bytes

        # (compared as the run wrote it: the package's copy leaves out the pemda's working notes)
        differs = ran != hashlib.sha256(merged_bytes(batch, movement=rekap_movement(view))).hexdigest()
    else:
        differs = False
    return Exported(
        tuple(folder / n for n in files),
        tuple(written),
        batch,
        tuple(others),
        setup.as_recorded,
        differs,
        tuple(replaced),
    )
