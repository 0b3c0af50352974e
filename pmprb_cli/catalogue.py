"""The one catalogue of finding codes. Codes are stable and never reused.

Numbering: E1xx/W1xx the file; E2xx/W2xx structure; E3xx/W3xx identity; E4xx/W4xx answers;
I5xx information; E9xx configuration. Each entry has an Indonesian and an English text; templates take
``{value}``, ``{item}``, ``{sheet}``, ``{cell}`` and the extra fields a check passes.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from pmprb_cli.models import Finding, Severity, as_typed, format_number, visible


@dataclass(frozen=True)
class FindingType:
    """A finding code with its texts in both languages."""

    code: str
    severity: Severity
    title_id: str
    message_id: str
    hint_id: str
    title_en: str
    message_en: str
    hint_en: str


E, W = Severity.ERROR, Severity.WARNING

#: The findings of an evaluator's entry the verified score could not read or use, where the unit's answer
#: stood instead: every summary's "Jawaban Evaluator tidak terbaca" count, page 1's "Temuan isian evaluator",
#: and the history's "verified last run, not now". W420, W424 and W214 are said of the unit's Jawaban too: they
#: count only on the evaluator's column (see :func:`pmprb_cli.pipeline.unused_evaluator_entries`). Not W415 (a
#: grade above its criteria, used as typed) nor E411 (the unit's own answers typed in the evaluator's column).
EVALUATOR_ENTRY_UNUSED = frozenset({"PMPRB-W214", "PMPRB-W419", "PMPRB-W420", "PMPRB-W424", "PMPRB-W436", "PMPRB-W440"})

_TYPES = (
    FindingType(
        "PMPRB-E101",
        E,
        "Berkas tidak dapat dibaca",
        "Berkas tidak dapat dibaca: {detail}.",
        "Periksa apakah berkas ada dan dapat dibuka; kirim ulang berkas aslinya.",
        "File cannot be read",
        "The file cannot be read: {detail}.",
        "Check that the file exists and opens; send the original file again.",
    ),
    FindingType(
        "PMPRB-E102",
        E,
        "Bukan berkas Excel",
        "Berkas ini bukan buku kerja Excel (.xlsx): {detail}.",
        "Simpan ulang dari Excel atau LibreOffice sebagai 'Excel 2007-365 (.xlsx)'.",
        "Not an Excel workbook",
        "This file is not an Excel workbook (.xlsx): {detail}.",
        "Save it again from Excel or LibreOffice as 'Excel 2007-365 (.xlsx)'.",
    ),
    FindingType(
        "PMPRB-E103",
        E,
        "Berkas rusak",
        "Buku kerja rusak atau terpotong: {detail}.",
        "Bila berkas itu masih disalin atau diunggah ke folder ini, tunggu sampai selesai lalu jalankan ulang; bila "
        "tidak, buka di Excel/LibreOffice, perbaiki bila diminta, lalu simpan ulang sebagai .xlsx.",
        "Corrupt file",
        "The workbook is corrupt or truncated: {detail}.",
        "If the file is still being copied or uploaded into this folder, wait until that ends and run again; if not, "
        "open it in Excel/LibreOffice, repair it if asked, and save it again as .xlsx.",
    ),
    FindingType(
        "PMPRB-E104",
        E,
        "Berkas terenkripsi (kata sandi atau label)",
        "Buku kerja {detail}.",
        "Hapus kata sandi pembukaan berkas lalu kirim ulang: di Excel File > Info > Lindungi Buku Kerja (Protect "
        "Workbook) > Enkripsi dengan Kata Sandi, kosongkan sandinya; di LibreOffice File > Simpan Sebagai, hapus "
        "centang 'Simpan dengan sandi'.",
        "Encrypted file (password or label)",
        "The workbook is {detail}.",
        "Remove the open password and send it again: in Excel File > Info > Protect Workbook > Encrypt with "
        "Password, clear the password; in LibreOffice File > Save As, untick 'Save with password'.",
    ),
    FindingType(
        "PMPRB-E105",
        E,
        "Berkas terlalu besar atau berbahaya",
        "Berkas ditolak demi keamanan: {detail}.",
        "Berkas LKE wajar berukuran di bawah beberapa MB; simpan ulang tanpa data tambahan.",
        "File too large or hostile",
        "The file was refused for safety: {detail}.",
        "An LKE workbook is normally a few MB at most; save it again without extra data.",
    ),
    FindingType(
        "PMPRB-E106",
        E,
        "Bukan berkas biasa",
        "Jalur ini bukan berkas biasa ({detail}); tidak dibaca.",
        "Berikan berkas .xlsx biasa, bukan pipa, perangkat atau folder khusus.",
        "Not a regular file",
        "This path is not a regular file ({detail}); it was not read.",
        "Give a regular .xlsx file, not a pipe, device or special folder.",
    ),
    FindingType(
        "PMPRB-E107",
        E,
        "Berkas kosong",
        "Berkas kosong (0 bita) atau tidak berisi lembar kerja.",
        "Kirim ulang berkas LKE yang sudah diisi.",
        "Empty file",
        "The file is empty (0 bytes) or holds no worksheet.",
        "Send the filled LKE workbook again.",
    ),
    FindingType(
        "PMPRB-W108",
        W,
        "Sel di luar batas diabaikan",
        "Ada sel berisi di luar batas baca ({value}); isinya diabaikan.",
        "Hapus isi sel yang jauh di luar tabel LKE (misalnya di kolom XFD), lalu simpan ulang.",
        "Cells beyond the bound ignored",
        "Cells hold data beyond the read bound ({value}); they were ignored.",
        "Delete the contents far outside the LKE table (for example in column XFD) and save again.",
    ),
    FindingType(
        "PMPRB-E109",
        E,
        "Berkas tidak dapat diproses",
        "pmprb gagal memproses berkas ini (kesalahan internal: {detail}); berkas lain tetap diproses.",
        "Laporkan ke pengelola pmprb bersama berkasnya; jalankan dengan --debug untuk jejak lengkap.",
        "File could not be processed",
        "pmprb failed to process this file (internal error: {detail}); the other files are still processed.",
        "Report it to the pmprb maintainers with the file; run with --debug for the full trace.",
    ),
    FindingType(
        "PMPRB-E110",
        E,
        "Nama berkas tidak terbaca",
        "Nama {detail} memuat bita yang bukan huruf UTF-8 (ditampilkan sebagai \\xNN); berkas tidak dibaca.",
        "Ganti nama itu dengan huruf, angka, spasi, - atau _ saja (misalnya DINSOS.xlsx), lalu jalankan ulang. "
        "Nama seperti ini biasanya terbawa dari folder bersama Windows atau arsip zip lama.",
        "Unreadable file name",
        "The name of {detail} holds bytes that are not UTF-8 text (shown as \\xNN); the file was not read.",
        "Rename it using letters, digits, spaces, - or _ only (for example DINSOS.xlsx), then run again. "
        "Such names usually come from a Windows shared folder or an old zip archive.",
    ),
    FindingType(
        "PMPRB-E111",
        E,
        "Nama berkas tidak terbaca dengan pengaturan bahasa sistem",
        "Nama berkas ini memuat huruf di luar ASCII, sedangkan pmprb dijalankan dengan pengaturan bahasa sistem yang "
        "hanya mengenal ASCII (LC_ALL=C atau LANG=C tanpa UTF-8); berkas tidak dibaca.",
        "Jalankan pmprb dengan LANG=C.UTF-8 (atau PYTHONUTF8=1), misalnya di baris cron: LANG=C.UTF-8 pmprb run …; "
        "atau ganti nama berkas dengan huruf, angka, spasi, - atau _ saja.",
        "File name unreadable under the system's language settings",
        "This file's name holds letters outside ASCII while pmprb runs under language settings that know ASCII only "
        "(LC_ALL=C or LANG=C without UTF-8); the file was not read.",
        "Run pmprb with LANG=C.UTF-8 (or PYTHONUTF8=1), for example in the cron line: LANG=C.UTF-8 pmprb run …; or "
        "rename the file using letters, digits, spaces, - or _ only.",
    ),
    FindingType(
        "PMPRB-E201",
        E,
        "Lembar LKE tidak ditemukan",
        "Tidak ada lembar dengan baris judul kolom LKE yang lengkap (Jawaban, Nilai) di buku kerja ini.",
        "Gunakan templat dari pmprb atau format LKE resmi; jangan ubah judul kolom.",
        "LKE sheet not found",
        "No sheet has the full row of LKE column titles (Jawaban, Nilai) in this workbook.",
        "Use the pmprb template or the official LKE layout; do not rename the column titles.",
    ),
    FindingType(
        "PMPRB-E202",
        E,
        "Butir tidak ditemukan",
        "Butir {item} ({detail}) tidak ada di lembar kerja; tempatnya di sel {cell}: sisipkan baris di situ.",
        "Jangan menghapus baris pertanyaan; salin baris yang hilang dari templat dan sisipkan di tempatnya.",
        "Item missing",
        "Item {item} ({detail}) is not in the worksheet; its place is cell {cell}: insert a row there.",
        "Do not delete question rows; copy the missing row from the template and insert it in its place.",
    ),
    FindingType(
        "PMPRB-W203",
        W,
        "Butir tidak dikenal",
        "Baris pertanyaan '{value}' tidak ada dalam rubrik {detail}.",
        "Operator unit: baris ini tidak dinilai; pindahkan isinya ke kolom Penjelasan Unit butir yang dimaksud, "
        "lalu hapus barisnya. Penilai: bila banyak baris seperti ini, buku kerja dibuat untuk rubrik lain "
        "(nilai dengan --rubric yang sesuai).",
        "Unknown item",
        "The question row '{value}' is not in rubric {detail}.",
        "Unit operator: this row is not scored; move its text to the Penjelasan Unit column of the item meant, "
        "then delete the row. Evaluator: if many rows are like this, the workbook was made for another rubric "
        "(score it with the matching --rubric).",
    ),
    FindingType(
        "PMPRB-E204",
        E,
        "Butir ganda",
        "Butir {item} muncul lebih dari sekali: yang dinilai jawaban di {detail}, baris ini diabaikan.",
        "Hapus baris ganda sehingga setiap butir hanya diisi sekali; bila jawaban yang benar ada di baris ini, "
        "pindahkan ke {detail}.",
        "Duplicate item",
        "Item {item} appears more than once: the answer at {detail} is scored, this row is ignored.",
        "Delete the duplicate row so each item is answered once; if the right answer is on this row, move it to "
        "{detail}.",
    ),
    FindingType(
        "PMPRB-W205",
        W,
        "Teks pertanyaan diubah",
        "Teks pertanyaan butir {item} berbeda dari rubrik: '{value}'.",
        "Kembalikan teks pertanyaan sesuai templat; jawaban tetap dinilai.",
        "Question text altered",
        "The question text of item {item} differs from the rubric: '{value}'.",
        "Restore the question text from the template; the answer is still scored.",
    ),
    FindingType(
        "PMPRB-E206",
        E,
        "Buku kerja tidak cocok dengan rubrik",
        "Buku kerja tidak cocok dengan rubrik: {detail}.",
        "Operator unit: isi templat yang dibagikan kabupaten untuk periode ini. Penilai: nilai berkas ini dengan "
        "rubrik yang membuatnya (--rubric; lembar Identitas templat pmprb menyebutnya, `pmprb rubric list`).",
        "Workbook does not match the rubric",
        "The workbook does not match the rubric: {detail}.",
        "Unit operator: fill the template the kabupaten handed out for this period. Evaluator: score this file "
        "with the rubric it was made for (--rubric; a pmprb template's Identitas sheet names it, `pmprb rubric "
        "list`).",
    ),
    FindingType(
        "PMPRB-E207",
        E,
        "Buku kerja dibuat untuk rubrik lain",
        "Buku kerja ini dibuat dari rubrik '{value}', tetapi dinilai dengan rubrik '{detail}'; bila butir kedua "
        "rubrik berbeda, buku kerja ini tidak diperingkat.",
        "Bila rubrik '{detail}' yang dipakai kabupaten ini, bagikan templatnya (pmprb template) dan minta unit "
        "menyalin jawabannya ke sana; bila berkas ini yang benar, nilai dengan rubriknya (--rubric {value}).",
        "Workbook made for another rubric",
        "This workbook was made from rubric '{value}' but is scored with '{detail}'; if the two rubrics' items "
        "differ, it is not ranked.",
        "If rubric '{detail}' is the kabupaten's, hand out its template (pmprb template) for the unit to copy its "
        "answers into; if this file is the right one, score it with its rubric (--rubric {value}).",
    ),
    FindingType(
        "PMPRB-W208",
        W,
        "Versi rubrik berbeda",
        "Buku kerja dibuat dari versi rubrik {value}; yang dipakai sekarang versi {detail}.",
        "Periksa butir yang berubah antarversi; kirimkan templat versi terbaru ke OPD.",
        "Rubric version differs",
        "The workbook was made from rubric version {value}; version {detail} is in use.",
        "Check the items that changed between versions; send the OPD the latest template.",
    ),
    FindingType(
        "PMPRB-W209",
        W,
        "Lebih dari satu lembar LKE",
        "Buku kerja memuat lembar LKE lain ('{value}', {detail}); yang dinilai hanya lembar '{sheet}'.",
        "Hapus salinan lembar, atau pindahkan jawabannya ke lembar '{sheet}': hanya satu lembar LKE yang dinilai.",
        "More than one LKE sheet",
        "The workbook holds another LKE sheet ('{value}', {detail}); only sheet '{sheet}' is scored.",
        "Delete the copied sheet, or move its answers to sheet '{sheet}': pmprb scores one LKE sheet per workbook.",
    ),
    FindingType(
        "PMPRB-W213",
        W,
        "Lembar Identitas tidak terbaca",
        "Lembar '{sheet}' rusak dan tidak dapat dibaca: unit, periode dan versi rubrik diambil dari kepala lembar "
        "LKE saja, tanpa pemeriksaan lembar itu.",
        "Buka berkas di Excel/LibreOffice, perbaiki bila diminta, lalu simpan ulang; atau salin jawaban ke templat "
        "baru dari pmprb template.",
        "Identitas sheet unreadable",
        "Sheet '{sheet}' is damaged and cannot be read: the unit, period and rubric version are taken from the LKE "
        "sheet's heading alone, without that sheet's checks.",
        "Open the file in Excel/LibreOffice, repair it if asked, then save it again; or copy the answers into a new "
        "template from pmprb template.",
    ),
    FindingType(
        "PMPRB-W214",
        W,
        "Isian di baris yang bukan butir",
        "'{value}' di {cell} tidak dinilai: {detail}.",
        "Bila isian ini jawaban sebuah butir, pindahkan ke sel yang sama di baris pertanyaan butir itu, lalu "
        "kosongkan sel ini. Periksa juga butir-butir di sekitarnya: jawaban yang ditempel bergeser satu baris "
        "membuat setiap butir mendapat jawaban butir tetangganya.",
        "Entry on a row that is no item",
        "'{value}' at {cell} is not scored: {detail}.",
        "If this entry is an item's answer, move it to the same cell of that item's question row, then clear this "
        "cell. Check the items around it too: answers pasted one row off give every item its "
        "neighbour's answer.",
    ),
    FindingType(
        "PMPRB-W215",
        W,
        "Baris LKE tidak berurutan",
        "Baris butir di lembar '{sheet}' tidak lagi berurutan seperti templat (mulai {cell}, butir {item}); "
        "jawabannya tetap dibaca di baris butirnya (menurut Kode, atau teks pertanyaannya bila Kode tidak ikut "
        "diurutkan), tetapi rumus Nilai dan INDEKS lembar itu kini membaca baris lain.",
        "Biasanya lembar itu diurutkan (Data › Urutkan) atau barisnya dipindah: batalkan (Undo), atau salin "
        "jawabannya ke templat baru dari pmprb template (mengurutkan menurut Kode tidak mengembalikan urutan "
        "templat: A.I.10 jatuh sebelum A.I.2). Temuan PMPRB-W411/W413 di lembar ini berasal dari situ.",
        "LKE rows out of order",
        "The item rows of sheet '{sheet}' are no longer in the template's order (from {cell}, item {item}); the "
        "answers are still read on their items' rows (by Kode, or by the question's text where the Kode column was "
        "not sorted with them), but the sheet's Nilai and INDEKS formulas now read other rows.",
        "Usually the sheet was sorted (Data › Sort) or rows were moved: undo it, or copy the answers into a new "
        "template from pmprb template (sorting by Kode does not restore the template's order: A.I.10 comes before "
        "A.I.2). PMPRB-W411/W413 on this sheet come from it.",
    ),
    FindingType(
        "PMPRB-E214",
        E,
        "Dua kolom Jawaban dengan isi berbeda",
        "Lembar '{sheet}' memuat dua kolom berjudul sama ({detail}); {item} di {cell}: '{value}'. Hanya kolom "
        "pertama yang dinilai, padahal jawaban yang dimaksud unit bisa jadi di kolom lain itu.",
        "Hapus kolom yang bukan jawaban unit (misalnya salinan jawaban bulan lalu), atau salin jawabannya ke kolom "
        "yang dinilai, lalu kirim ulang: hanya satu kolom Jawaban yang dinilai.",
        "Two Jawaban columns with different answers",
        "Sheet '{sheet}' holds two columns with the same title ({detail}); {item} at {cell}: '{value}'. Only the "
        "first is scored, while the unit's intended answers may be in the other.",
        "Delete the column that does not hold the unit's answers (a copy of last month's, say), or copy its answers "
        "into the scored column, then send it again: only one Jawaban column is scored.",
    ),
    FindingType(
        "PMPRB-W438",
        W,
        "Kolom Jawaban lain dengan isi berbeda",
        "Lembar '{sheet}' memuat kolom lain berjudul Jawaban ({detail}); {item} di {cell}: '{value}'. Hanya kolom "
        "Jawaban yang dinilai, padahal jawaban bulan ini bisa jadi di kolom lain itu.",
        "Bila jawaban bulan ini ada di kolom lain itu, salin ke kolom Jawaban lalu hapus kolom itu; bila kolom itu "
        "hanya salinan bulan lalu untuk perbandingan, hapus saja sebelum mengirim.",
        "Another Jawaban column with different answers",
        "Sheet '{sheet}' holds another column titled Jawaban ({detail}); {item} at {cell}: '{value}'. Only the "
        "Jawaban column is scored, while this month's answers may be in the other.",
        "If this month's answers are in the other column, copy them into Jawaban and delete that column; if it is "
        "only last month's copy kept for comparison, delete it before sending.",
    ),
    FindingType(
        "PMPRB-E213",
        E,
        "Dua lembar LKE dengan jawaban berbeda",
        "Buku kerja memuat lembar LKE lain ('{value}', {detail}); yang dinilai hanya lembar '{sheet}', padahal "
        "jawaban yang dimaksud unit bisa jadi di lembar lain itu.",
        "Hapus lembar yang bukan jawaban unit, atau pindahkan jawabannya ke lembar '{sheet}', lalu kirim ulang: "
        "hanya satu lembar LKE yang dinilai.",
        "Two LKE sheets with different answers",
        "The workbook holds another LKE sheet ('{value}', {detail}); only sheet '{sheet}' is scored, while the "
        "unit's intended answers may be on the other.",
        "Delete the sheet that does not hold the unit's answers, or move them to sheet '{sheet}', then send it "
        "again: pmprb scores one LKE sheet per workbook.",
    ),
    FindingType(
        "PMPRB-E210",
        E,
        "Buku kerja lebih cocok dengan rubrik lain",
        "Lembar ini lebih cocok dengan rubrik '{value}': {detail}.",
        "Nilainya sekarang tidak berarti, jadi tidak diperingkat. Operator unit: isi templat yang dibagikan "
        "kabupaten untuk periode ini. "
        "Penilai: bila rubrik '{value}' yang benar, nilai dengan --rubric {value} (atau ubah kunci 'rubric' di "
        "pmprb.toml).",
        "Workbook fits another rubric better",
        "This sheet fits rubric '{value}' better: {detail}.",
        "Its score now means nothing, so it is not ranked. Unit operator: fill the template the kabupaten "
        "handed out for this period. "
        "Evaluator: if rubric '{value}' is the right one, score with --rubric {value} (or change the 'rubric' key "
        "of pmprb.toml).",
    ),
    FindingType(
        "PMPRB-I211",
        Severity.INFO,
        "Periode di luar masa rubrik",
        "Periode {value} di luar tahun evaluasi rubrik yang dipakai: {detail}.",
        "Bila pemda sengaja memakai instrumen ini, cukup diketahui; bila tidak, nilai dengan rubrik tahun itu "
        "(--rubric, atau rubrik buatan pemda yang diperiksa dengan pmprb rubric check).",
        "Period outside the rubric's years",
        "Period {value} is outside the evaluation years of the rubric in use: {detail}.",
        "If the pemda uses this instrument on purpose, note it; otherwise score with that year's rubric "
        "(--rubric, or the pemda's own rubric checked with pmprb rubric check).",
    ),
    FindingType(
        "PMPRB-W212",
        W,
        "Kolom Kode tidak ditemukan",
        "Lembar {sheet} templat rubrik '{value}' tidak lagi memiliki kolom Kode: butir dicocokkan dari teks "
        "pertanyaannya, dan butir yang teksnya berulang dapat dinyatakan tidak ada.",
        "Jangan menghapus atau memindahkan kolom Kode: pulihkan kolom itu (Undo, atau salin dari templat asli), "
        "atau buat templat baru dengan pmprb template lalu salin jawabannya.",
        "Kode column not found",
        "Sheet {sheet} of a '{value}' template no longer has its Kode column: items are matched by their question "
        "text, and items whose text repeats may be said missing.",
        "Do not delete or move the Kode column: restore it (Undo, or copy it from the original template), or make "
        "a new template with pmprb template and copy the answers into it.",
    ),
    FindingType(
        "PMPRB-E301",
        E,
        "Unit tidak ada di daftar perangkat daerah",
        "Unit '{value}' tidak ada di daftar perangkat daerah ({detail}).",
        "Perbaiki Kode unit di lembar Identitas dan di baris KODE UNIT di atas tabel lembar LKE (keduanya sama; "
        "buka proteksi lembar bila perlu, tanpa kata sandi); bila kode unit itu berganti, tulis kode lamanya sebagai "
        "alias di daftar unit; bila unit baru, tambahkan ke daftar unit (registry di pmprb.toml atau --registry).",
        "Unit not in the registry",
        "Unit '{value}' is not in the registry ({detail}).",
        "Fix the unit code on the Identitas sheet and on the KODE UNIT line above the LKE sheet's table (the same "
        "in both; unprotect the sheet if need be, no password); if the unit's code changed, write the old code as an "
        "alias in the registry; if the unit is new, add it to the registry (registry in pmprb.toml or --registry).",
    ),
    FindingType(
        "PMPRB-W216",
        W,
        "Periode tanpa tahun",
        "Periode buku kerja '{value}' menyebut bulannya tanpa tahun yang terbaca; dinilai sebagai {detail}, periode "
        "yang sedang diproses.",
        "Ketik periodenya lengkap, misalnya {detail} (atau nama bulan dan tahunnya), di lembar Identitas dan di "
        "baris PERIODE di atas tabel lembar LKE, agar buku kerja ini tidak tertukar dengan bulan yang sama tahun lain.",
        "Period without a year",
        "The workbook's period '{value}' names its month without a readable year; scored as {detail}, the period "
        "being processed.",
        "Type the full period, for example {detail} (or the month's name and its year), on the Identitas sheet and "
        "on the PERIODE line above the LKE sheet's table, so that it cannot be taken for the same month of another "
        "year.",
    ),
    FindingType(
        "PMPRB-W302",
        W,
        "Periode tidak diisi",
        "Buku kerja tidak menyebut periodenya (TTTT-BB).",
        "Isi Periode di lembar Identitas, misalnya 2022-07. Buku kerja tanpa lembar itu (formulir resmi) dinilai "
        "pada periode yang sedang diproses penilai (pmprb run, --period).",
        "Period missing",
        "The workbook does not state its period (YYYY-MM).",
        "Fill Periode on the Identitas sheet, for example 2022-07. A workbook without that sheet (an official "
        "form) is scored in the period the evaluator processes (pmprb run, --period).",
    ),
    FindingType(
        "PMPRB-W310",
        W,
        "Periode tidak terbaca",
        "Periode buku kerja '{value}' bukan periode TTTT-BB (mis. 2022-07) atau tahun.",
        "Ketik periodenya sebagai tahun-bulan, misalnya 2022-07 (atau Juli 2022), di sel itu. Tanpa periode yang "
        "terbaca, buku kerja ini tidak dapat dicocokkan dengan bulan yang dinilai.",
        "Period not readable",
        "The workbook's period '{value}' is no YYYY-MM period (e.g. 2022-07) or year.",
        "Type the period as year-month, for example 2022-07 (or Juli 2022), in that cell. Without a readable "
        "period this workbook cannot be matched with the month being scored.",
    ),
    FindingType(
        "PMPRB-E303",
        E,
        "Periode tidak sesuai",
        "Buku kerja untuk periode {value}, sedangkan yang diproses {detail}; tidak diperingkat di periode ini, dan "
        "tidak dihitung sebagai kiriman unitnya untuk periode ini.",
        "Bila jawabannya memang untuk {detail}, ubah Periode menjadi {detail} di lembar Identitas dan di baris "
        "PERIODE di atas tabel lembar LKE (proteksi lembar tanpa kata sandi: Tinjau › Buka Proteksi Lembar) lalu "
        "kirim ulang; bila bukan, kirim buku kerja periode {detail}; berkas periode lain diletakkan di folder masuk "
        "periode itu (pmprb run), atau diperiksa dengan --period periode itu.",
        "Wrong period",
        "The workbook is for period {value}, while {detail} is being processed; it is not ranked in this period, "
        "and not counted as its unit's workbook for this period.",
        "If the answers are for {detail}, change Periode to {detail} on the Identitas sheet and on the PERIODE line "
        "above the LKE sheet's table (the sheets are protected without a password: Review › Unprotect Sheet) and "
        "send it again; if not, send the {detail} workbook; another month's workbook goes into that month's inbox "
        "(pmprb run), or is checked with --period of that month.",
    ),
    FindingType(
        "PMPRB-E304",
        E,
        "Unit mengirim dua kali",
        "Unit {value} mengirim lebih dari satu buku kerja; yang diperingkat {detail}, bukan berkas ini.",
        "Simpan hanya satu buku kerja per unit per periode; pindahkan kiriman lainnya keluar dari folder masuk "
        "(subfoldernya ikut dibaca).",
        "Unit submitted twice",
        "Unit {value} sent more than one workbook; {detail} is ranked, not this file.",
        "Keep one workbook per unit and period; move the others out of the inbox (its subfolders are read too).",
    ),
    FindingType(
        "PMPRB-W305",
        W,
        "Periode berbeda di dua lembar",
        "Periode di lembar Identitas ({value}) berbeda dengan di kepala lembar {detail}.",
        "Samakan keduanya dengan bulan yang dilaporkan buku kerja ini: periode menentukan bulan tempat LKE dinilai.",
        "Period differs between two sheets",
        "The period on the Identitas sheet ({value}) differs from the head of sheet {detail}.",
        "Make both the month this workbook reports: the period decides the month it is scored in.",
    ),
    FindingType(
        "PMPRB-W306",
        W,
        "Nama berkas menyebut unit lain",
        "Nama berkas menyebut unit {detail}, sedangkan buku kerja ini milik {value} (lembar Identitas); "
        "dinilai sebagai {value}.",
        "Bila buku kerja ini sebenarnya jawaban {detail}, unit itu harus mengisi templatnya sendiri (templat unit "
        "lain menilai unit lain); bila memang milik {value}, ganti nama berkasnya.",
        "File name names another unit",
        "The file name names unit {detail}, while this workbook belongs to {value} (Identitas sheet); it is "
        "scored as {value}.",
        "If these are in fact {detail}'s answers, that unit must fill its own template (another unit's template "
        "scores that unit); if the workbook is {value}'s, rename the file.",
    ),
    FindingType(
        "PMPRB-W308",
        W,
        "Unit tidak disebut di buku kerja",
        "Kode unit dan Nama unit kosong di lembar Identitas dan di atas tabel LKE; dinilai sebagai {value} menurut "
        "nama berkasnya.",
        "Isi Kode unit dan Nama unit di lembar Identitas dan di baris KODE UNIT dan UNIT di atas tabel lembar LKE "
        "(buka proteksi lembar bila perlu, tanpa kata sandi), lalu kirim ulang; tanpanya unit hanya dikenali dari "
        "nama berkas.",
        "Unit not named in the workbook",
        "Unit code and unit name are blank on the Identitas sheet and above the LKE table; scored as {value} after "
        "its file name.",
        "Fill in the unit code and name on the Identitas sheet and on the KODE UNIT and UNIT lines above the LKE "
        "sheet's table (unprotect the sheet if need be, no password), then send it again; without them the unit is "
        "known by its file name only.",
    ),
    FindingType(
        "PMPRB-W307",
        W,
        "Kode unit tidak dikenal, nama dikenal",
        "Kode unit '{value}' tidak ada di daftar unit; buku kerja dikenali dari nama unitnya sebagai {detail}.",
        "Perbaiki Kode unit di lembar Identitas menjadi {detail}, atau tulis '{value}' sebagai alias unit itu di "
        "daftar unit.",
        "Unknown unit code, known name",
        "Unit code '{value}' is not in the registry; the workbook is recognised by its unit name as {detail}.",
        "Correct the unit code on the Identitas sheet to {detail}, or add '{value}' as that unit's alias in the "
        "registry.",
    ),
    FindingType(
        "PMPRB-W311",
        W,
        "Kode unit di daftar unit kehilangan angka 0",
        "Kode unit '{value}' di buku kerja ini tertulis {detail} di daftar unit: angka 0 di depannya hilang di "
        "daftar unit (Excel menghapusnya bila kolom kode berformat Angka); buku kerja dinilai sebagai unit {detail}.",
        "Perbaiki daftar unit, bukan buku kerja: format kolom kode sebagai Teks, ketik ulang '{value}', lalu simpan "
        "sebagai CSV (rapor dan riwayat unit ini memakai kode daftar unit).",
        "Registry unit code lost its leading zeros",
        "Unit code '{value}' of this workbook is {detail} in the registry: its leading zeros were lost in the "
        "registry (Excel drops them from a column formatted as Number); the workbook is scored as unit {detail}.",
        "Correct the registry, not the workbook: format the code column as Text, retype '{value}', then save it "
        "as CSV (the rapor and history of this unit use the registry's code).",
    ),
    FindingType(
        "PMPRB-W312",
        W,
        "Kode unit dan Nama unit menyebut dua unit",
        "Kode unit dan Nama unit di buku kerja ini menyebut dua unit berbeda: {detail}.",
        "Biasanya templat unit lain yang diisi: samakan Kode unit dan Nama unit di lembar Identitas dan di atas "
        "tabel LKE dengan unit yang mengisi, atau isi templat unit itu sendiri (pmprb template).",
        "Unit code and unit name name two units",
        "The unit code and the unit name of this workbook name two different units: {detail}.",
        "Usually another unit's template was filled: make the unit code and name on the Identitas sheet and above "
        "the LKE table those of the unit that filled it, or fill that unit's own template (pmprb template).",
    ),
    FindingType(
        "PMPRB-W313",
        W,
        "Jawaban sama dengan unit lain",
        "Jawaban dan bukti dukung buku kerja ini sama persis dengan buku kerja unit {value} ({detail}); salah satunya "
        "tampaknya salinan isi yang lain.",
        "Setiap unit mengisi jawabannya sendiri: bila isi berkas ini disalin dari unit lain, isi ulang dengan "
        "jawaban dan bukti dukung unit ini lalu kirim ulang; penilai: periksa kedua berkas sebelum memakai nilainya.",
        "Answers equal to another unit's",
        "The answers and bukti dukung of this workbook are exactly those of unit {value}'s workbook ({detail}); one "
        "of them looks like a copy of the other's contents.",
        "Each unit fills its own answers: if this file's contents were copied from another unit, fill in this unit's "
        "own answers and evidence and send it again; evaluator: check both files before using their scores.",
    ),
    FindingType(
        "PMPRB-I310",
        Severity.INFO,
        "Unit dikenali dari alias",
        "Kode unit '{value}' bukan kode unit di daftar unit; kode itu tercatat sebagai alias {detail}, jadi buku "
        "kerja ini dinilai sebagai unit itu.",
        "Cukup diketahui bila '{value}' memang kode lama atau kode baru unit itu (berganti kode, atau digabung); "
        "bila bukan, perbaiki Kode unit di lembar Identitas. Kiriman berikutnya sebaiknya memakai templat unit "
        "itu sendiri (pmprb template).",
        "Unit recognised by an alias",
        "Unit code '{value}' is not a unit code in the registry; it is recorded as an alias of {detail}, so this "
        "workbook is scored as that unit.",
        "Nothing to do if '{value}' is indeed that unit's old or new code (a code change or a merger); otherwise "
        "correct the unit code on the Identitas sheet. Later sendings should use that unit's own template "
        "(pmprb template).",
    ),
    FindingType(
        "PMPRB-E308",
        E,
        "Buku kerja kabupaten lain",
        "Buku kerja ini menyebut {value}, sedangkan yang diproses {detail}; tidak diperingkat dan tidak dihitung "
        "sebagai kiriman unit {detail}.",
        "Bila berkas ini salah kirim (dari pemda lain), keluarkan dari folder masuk; bila unitnya memang unit "
        "{detail}, ketik nama pemda {detail} di sel Kabupaten lembar Identitas dan di baris KABUPATEN di atas tabel "
        "LKE (buka proteksi lembarnya dulu: Tinjau › Buka Proteksi Lembar, tanpa kata sandi) lalu kirim ulang; "
        "bila nama di pmprb.toml yang berubah, samakan.",
        "Workbook of another kabupaten",
        "This workbook names {value}, while {detail} is being processed; it is not ranked, nor counted as a "
        "unit of {detail} having sent.",
        "If the file was sent by mistake (from another pemda), move it out of the inbox; if the unit is one of "
        "{detail}, type {detail} in the Kabupaten cell of the Identitas sheet and the KABUPATEN line above the LKE "
        "table (unprotect the sheet first: Review › Unprotect Sheet, no password), then send it again; if the name "
        "in pmprb.toml changed, make the two agree.",
    ),
    FindingType(
        "PMPRB-E309",
        E,
        "Unit berbeda di dua lembar",
        "Lembar Identitas menyebut unit {value}, sedangkan kepala lembar {sheet} menyebut {detail}; tidak "
        "diperingkat dan tidak dihitung sebagai kiriman unit mana pun.",
        "Biasanya templat unit lain yang diisi: setiap unit mengisi templatnya sendiri (pmprb template), jadi bila "
        "jawaban ini milik {detail}, pindahkan ke templat {detail}. Bila kepala lembar yang salah ketik, samakan "
        "dengan lembar Identitas.",
        "Unit differs between two sheets",
        "The Identitas sheet names unit {value}, while the head of sheet {sheet} names {detail}; not ranked, nor "
        "counted as any unit having sent.",
        "Usually another unit's template was filled: each unit fills its own (pmprb template), so if these are "
        "{detail}'s answers, move them into {detail}'s template. If the head of the sheet was mistyped, make it "
        "the Identitas sheet's.",
    ),
    FindingType(
        "PMPRB-E401",
        E,
        "Jawaban kosong",
        "Butir {item} belum dijawab; dihitung 0.",
        "Isi kolom Jawaban dengan {detail}.",
        "Missing answer",
        "Item {item} has no answer; it counts as 0.",
        "Fill the Jawaban column with {detail}.",
    ),
    FindingType(
        "PMPRB-E402",
        E,
        "Jawaban tidak sesuai pilihan",
        "Jawaban '{value}' pada butir {item} bukan pilihan yang sah; dihitung 0.",
        "Gunakan salah satu pilihan: {detail}.",
        "Answer outside the scale",
        "Answer '{value}' of item {item} is not a valid choice; it counts as 0.",
        "Use one of: {detail}.",
    ),
    FindingType(
        "PMPRB-E403",
        E,
        "Angka di luar rentang",
        "Nilai {value} pada {item} di luar rentang {detail}; dihitung 0.",
        "Isi angka di dalam rentang yang diminta.",
        "Number out of range",
        "Value {value} of {item} is outside the range {detail}; it counts as 0.",
        "Enter a number within the range.",
    ),
    FindingType(
        "PMPRB-E404",
        E,
        "Bukan angka",
        "Isian '{value}' pada {item} bukan angka; {detail}.",
        "Ketik angka saja, tanpa satuan; desimal dengan pemisah spreadsheet Anda (koma bila bahasanya Indonesia, "
        "titik bila Inggris).",
        "Not a number",
        "Value '{value}' of {item} is not a number; {detail}.",
        "Type a number only, without units; decimals with your spreadsheet's separator (a comma when its language "
        "is Indonesian, a point when English).",
    ),
    FindingType(
        "PMPRB-W405",
        W,
        "Jawaban bertentangan dengan butir prasyarat",
        "Butir {item} dijawab '{value}' padahal {detail}; menurut prasyarat itu butir ini semestinya dijawab dengan "
        "pilihan terendahnya.",
        "Bila prasyaratnya memang belum terpenuhi, jawab butir ini dengan pilihan terendahnya; bila prasyarat itu "
        "keliru, perbaiki di sana. Rubrik tidak mengubah nilainya, tetapi asesor akan menanyakannya.",
        "Answer contradicts its gate",
        "Item {item} is answered '{value}' although {detail}; by that gate this item should take its lowest choice.",
        "If the gate is indeed not met, answer this item with its lowest choice; if the gate is wrong, correct "
        "it there. The rubric does not change the score, but assessors will ask.",
    ),
    FindingType(
        "PMPRB-W406",
        W,
        "Persentase tidak dapat dihitung",
        "Butir {item} tidak dapat dihitung karena pembaginya ({detail}) bernilai 0; dihitung 0.",
        "Periksa isian jumlah. Bila memang tidak ada, butir ini tetap dihitung 0 menurut rubrik dan temuan ini tetap "
        "muncul; tulis penjelasannya di kolom Penjelasan Unit untuk asesor.",
        "Percentage cannot be computed",
        "Item {item} cannot be computed because its denominator ({detail}) is 0; it counts as 0.",
        "Check the counts. If there truly are none, the item still counts 0 under the rubric and this finding "
        "stays; explain it in the Penjelasan Unit column for the assessor.",
    ),
    FindingType(
        "PMPRB-I501",
        Severity.INFO,
        "Nilai sub-komponen diturunkan dari kriteria",
        "Sub-komponen {item} belum diberi nilai huruf; pmprb memberi {value} dari {detail} kriteria terpenuhi.",
        "Evaluator dapat mengisi nilai huruf (AA–E) pada baris sub-komponen; A dan AA (di atas memenuhi semua "
        "kriteria) hanya dari penilaian evaluator.",
        "Sub-komponen grade derived from its criteria",
        "Sub-komponen {item} has no grade; pmprb gives {value} from {detail} of criteria met.",
        "The evaluator may enter a grade (AA–E) on the sub-komponen row; A and AA (beyond meeting every criterion) "
        "come only from the evaluator's judgement.",
    ),
    FindingType(
        "PMPRB-W407",
        W,
        "Angka diketik sebagai teks",
        "Isian {item} berupa teks '{value}', bukan angka; dibaca sebagai {detail}.",
        "Ketik ulang sebagai angka, tanpa tanda petik di depan, dengan pemisah desimal spreadsheet Anda: koma (3,8) "
        "bila bahasanya Indonesia, titik (3.8) bila Inggris; angka tersimpan rata kanan di sel, teks rata kiri (bila "
        "tetap rata kiri, format selnya Teks: ubah dulu ke Umum, Format Sel › Umum, lalu ketik ulang). "
        "Nilainya tetap dibaca pmprb, tetapi rumus Nilai templat membacanya 0.",
        "Number typed as text",
        "Entry {item} is the text '{value}', not a number; read as {detail}.",
        "Type it again as a number, without a leading apostrophe, with your spreadsheet's decimal separator: a "
        "comma (3,8) when its language is Indonesian, a point (3.8) when English; a number sits right-aligned in "
        "its cell, text left-aligned (still left-aligned: the cell's format is Text; set it to General first, "
        "Format Cells › General, then type it again). pmprb still reads its value, but the template's Nilai "
        "formula reads 0.",
    ),
    FindingType(
        "PMPRB-W408",
        W,
        "Rumus di sel jawaban",
        "Sel jawaban {item} berisi rumus; hasilnya '{value}' yang dibaca.",
        "Ganti rumus dengan jawaban yang diketik langsung.",
        "Formula in an answer cell",
        "Answer cell {item} holds a formula; its result '{value}' is read.",
        "Replace the formula with a typed answer.",
    ),
    FindingType(
        "PMPRB-E409",
        E,
        "Tanggal atau jam di sel jawaban",
        "Sel jawaban {item} berisi {detail} ({value}); dihitung 0.",
        "Format sel itu tanggal, dan angka yang diketik ulang tetap terbaca tanggal: buka proteksi lembar (Excel: "
        "Tinjau › Buka Proteksi Lembar; LibreOffice: Perkakas › Lindungi Lembar, hapus centangnya; tanpa kata "
        "sandi), ubah format sel itu "
        "ke Umum (Format Sel › Umum), lalu ketik ulang jawabannya.",
        "Date or time in an answer cell",
        "Answer cell {item} holds {detail} ({value}); it counts as 0.",
        "The cell is formatted as a date, so a number typed again still reads as one: unprotect the sheet (Excel: "
        "Review › Unprotect Sheet; LibreOffice: Tools › Protect Sheet; no password), set the cell's format to "
        "General, then type the answer again.",
    ),
    FindingType(
        "PMPRB-E410",
        E,
        "Rumus tanpa hasil",
        "Sel jawaban {item} berisi rumus yang hasilnya kosong atau tidak tersimpan di berkas; dihitung 0.",
        "Ketik jawabannya langsung, tanpa rumus; bila berkas dibuat program dan belum pernah dibuka, buka di Excel "
        "atau LibreOffice lalu simpan ulang agar hasil rumus tersimpan.",
        "Formula without a result",
        "Answer cell {item} holds a formula whose result is empty or not stored in the file; it counts as 0.",
        "Type the answer itself, without a formula; if a program wrote the file and it was never opened, open it "
        "in Excel or LibreOffice and save it again so the formula's result is stored.",
    ),
    FindingType(
        "PMPRB-E411",
        E,
        "Jawaban unit tertulis di kolom Jawaban Evaluator",
        "Kolom Jawaban kosong pada {detail} butir, yang jawabannya ada di kolom Jawaban Evaluator (mulai {item} "
        "'{value}'): jawaban unit tampaknya diketik di kolom evaluator. Dinilai apa adanya: indeks mandiri "
        "menghitung butir-butir itu 0, dan kolom evaluator tidak dipakai sebagai verifikasi.",
        "Salin isi kolom Jawaban Evaluator ke kolom Jawaban (tempel sebagai nilai), kosongkan kolom Jawaban "
        "Evaluator, lalu kirim ulang: kolom itu hanya diisi evaluator, di samping jawaban unit.",
        "Unit's answers typed in the Jawaban Evaluator column",
        "The Jawaban column is blank on {detail} items, whose answers are in the Jawaban Evaluator column (from {item} "
        "'{value}'): the unit's answers seem to have been typed in the evaluator's column. Scored as it is: the "
        "self index counts those items 0, and the evaluator's column is not used as a verification.",
        "Copy the Jawaban Evaluator column into the Jawaban column (paste as values), clear Jawaban Evaluator, then "
        "send it again: only the evaluator fills that column, beside the unit's answers.",
    ),
    FindingType(
        "PMPRB-W410",
        W,
        "Bukti dukung belum diisi",
        "Butir {item} sudah dijawab tetapi bukti dukungnya kosong.",
        "Isi kolom Bukti Dukung dengan tautan atau nama dokumen ('-', 'tidak ada' atau 'nihil' berarti belum ada; "
        "jawaban pilihan terendah, seperti Tidak, tidak memerlukannya).",
        "Bukti dukung missing",
        "Item {item} is answered but has no bukti dukung.",
        "Fill the Bukti Dukung column with a link or a document name ('-', 'tidak ada' or 'nihil' means none yet; an "
        "answer at the lowest choice, such as Tidak, needs none).",
    ),
    FindingType(
        "PMPRB-W411",
        W,
        "Nilai tersimpan berbeda",
        "Nilai tersimpan untuk {item} adalah {value}, sedangkan hasil hitung ulang dari jawabannya {detail}.",
        "pmprb memakai hasil hitung ulang. Biasanya jawabannya ditulis dengan ejaan yang dibaca pmprb tetapi "
        "tidak oleh rumus buku kerja (mis. 'A.', '(b)', angka sebagai teks): ketik persis salah satu pilihan dari "
        "daftar; jawaban yang tampak tepat mungkin memuat spasi atau baris baru tak terlihat dari tempelan: hapus isi "
        "selnya lalu ketik ulang. Bila sel Nilai menampilkan galat (#DIV/0!) atau isian yang diketik di atas "
        "rumusnya, salin kembali sel itu dari templat kosong (pmprb template). Bila tidak, buku kerja belum "
        "dihitung ulang: hitung ulang lalu simpan (Excel: tekan Ctrl+Alt+F9; LibreOffice: tekan Ctrl+Shift+F9, "
        "hitung ulang paksa — membuka dan menyimpan saja tidak menghitung ulang di LibreOffice).",
        "Cached value differs",
        "The workbook's cached value for {item} is {value}; recomputed from the answer: {detail}.",
        "pmprb uses the recomputed value. Usually the answer is spelled in a way pmprb reads but the workbook's "
        "formula does not ('A.', '(b)', a number stored as text): type one of the listed choices exactly. If the "
        "answer looks exact, it may hold an invisible space or line break from pasting: clear the cell and type it "
        "again. If the Nilai cell shows an error (#DIV/0!) or something typed over its formula, copy that cell back "
        "from a blank template (pmprb template). Otherwise the workbook was not recalculated: recalculate, then save "
        "(Excel: press Ctrl+Alt+F9; LibreOffice: press Ctrl+Shift+F9, Recalculate Hard — opening and saving alone "
        "does not recalculate in LibreOffice).",
    ),
    FindingType(
        "PMPRB-W412",
        W,
        "Persen terbaca sebagai pecahan",
        "Isian {item} bernilai {value} pada skala {detail}: persen yang diketik dengan tanda % (75% disimpan "
        "Excel sebagai 0,75) terbaca 100 kali lebih kecil.",
        "Bila maksudnya persen, ketik angkanya saja (75), tanpa tanda %; bila memang {value}, abaikan.",
        "Percentage read as a fraction",
        "Entry {item} is {value} on the scale {detail}: a percentage typed with % (Excel stores 75% as 0.75) "
        "reads a hundred times too small.",
        "If a percentage is meant, type the number only (75), without %; if {value} is meant, ignore this.",
    ),
    FindingType(
        "PMPRB-W413",
        W,
        "Indeks tersimpan berbeda",
        "Sel INDEKS buku kerja ini menampilkan {value}, sedangkan indeks yang dihitung ulang dari jawaban {detail}.",
        "Yang membaca buku kerja melihat {value}; pmprb memakai {detail}. Bila ada butir bertanda PMPRB-W411, W407, "
        "W425 atau W426 (jawaban atau sel Nilai yang tidak dibaca rumus), perbaiki dulu butir itu; baris yang dihapus"
        " (PMPRB-E202) atau berkas yang dinilai dengan rubrik lain juga membuat keduanya berbeda. Bila angka diketik "
        "di atas rumus INDEKS, salin kembali sel INDEKS dari templat kosong unit ini (pmprb template). Bila tidak "
        "satu pun, hitung ulang rumusnya lalu simpan (Excel: tekan Ctrl+Alt+F9; LibreOffice: tekan Ctrl+Shift+F9, "
        "hitung ulang paksa — membuka dan menyimpan saja tidak menghitung ulang di LibreOffice).",
        "Cached index differs",
        "This workbook's INDEKS cell shows {value}; the index recomputed from the answers is {detail}.",
        "Readers of the workbook see {value}; pmprb uses {detail}. If items are marked PMPRB-W411, W407, W425 or W426"
        " (answers or Nilai cells the formulas do not read), fix them first; a deleted row (PMPRB-E202) or a file "
        "scored with another rubric also makes the two differ. If a number was typed over the INDEKS formula, copy "
        "the INDEKS cell back from a blank template of this unit (pmprb template). If none of these, recalculate the "
        "formulas, then save (Excel: press Ctrl+Alt+F9; LibreOffice: press Ctrl+Shift+F9, Recalculate Hard — "
        "opening and "
        "saving alone does not recalculate in LibreOffice).",
    ),
    FindingType(
        "PMPRB-W414",
        W,
        "Jumlah melebihi pembaginya",
        "Butir {item}: jumlah {value} melebihi pembaginya ({detail}); persentasenya dibatasi 100%.",
        "Periksa kedua isian jumlah. Bila yang pertama bagian dari yang kedua (yang sudah melapor dari pegawai yang "
        "wajib melapor), bagian tidak mungkin lebih besar dari keseluruhannya; bila bukan (perubahan yang dibuat "
        "per agen perubahan), lebih dari 100% memang mungkin, dinilai penuh, dan temuan ini boleh diabaikan.",
        "Count exceeds its denominator",
        "Item {item}: the count {value} exceeds its denominator ({detail}); the percentage is capped at 100%.",
        "Check both counts. If the first is part of the second (those who reported, of those who must), a part "
        "cannot exceed its whole; if not (changes made per change agent), over 100% is possible, scores in full, "
        "and this finding may be ignored.",
    ),
    FindingType(
        "PMPRB-W415",
        W,
        "Nilai sub-komponen melampaui kriterianya",
        "Sub-komponen {item} diberi {value}, sedangkan kriteria yang dijawab mendukung paling tinggi {detail}.",
        "Periksa jawaban kriteria atau nilai huruf sub-komponen; pmprb memakai nilai huruf yang diberikan.",
        "Sub-komponen grade above its criteria",
        "Sub-komponen {item} is graded {value}, while its answered criteria support at most {detail}.",
        "Check the criteria answers or the sub-komponen grade; pmprb uses the grade given.",
    ),
    FindingType(
        "PMPRB-W416",
        W,
        "Kriteria belum dijawab",
        "Kriteria {item} belum dijawab; tidak dihitung, karena nilai sub-komponen {value} diisi langsung.",
        "Jawab kriterianya agar nilai huruf sub-komponen dapat diperiksa terhadap kriteria.",
        "Criterion not answered",
        "Criterion {item} has no answer; it does not count, as sub-komponen {value} is graded directly.",
        "Answer the criteria so that the sub-komponen grade can be checked against them.",
    ),
    FindingType(
        "PMPRB-W417",
        W,
        "Jawaban Evaluator menaikkan indeks",
        "Kolom Jawaban Evaluator menaikkan indeks dari {value} (jawaban unit) ke {detail}; peringkat memakai "
        "indeks terverifikasi.",
        "Kolom Jawaban Evaluator hanya diisi evaluator: bila unit yang mengisinya (jawaban tertulis di kolom itu, "
        "bukan di Jawaban), pindahkan jawabannya ke kolom Jawaban lalu kosongkan kolom itu. Bila evaluator memang "
        "menaikkan jawaban, abaikan.",
        "Evaluator answers raise the index",
        "The Jawaban Evaluator column raises the index from {value} (the unit's answers) to {detail}; the "
        "ranking uses the verified index.",
        "Only the evaluator fills Jawaban Evaluator: if the unit did (typing its answers there instead of in "
        "Jawaban), move them to the Jawaban column and clear that column. If the evaluator did raise answers, "
        "set this aside.",
    ),
    FindingType(
        "PMPRB-W418",
        W,
        "Jawaban tertulis di kolom lain",
        "Sel ini berisi '{value}', pilihan butir {item}, sedangkan kolom Jawaban butir itu ({detail}) kosong.",
        "Pindahkan jawabannya ke {detail}: hanya kolom Jawaban yang dinilai (kini dihitung 0). Bila sel ini di "
        "kolom Nilai, salin kembali rumusnya dari templat kosong (pmprb template).",
        "Answer typed in another column",
        "This cell holds '{value}', a choice of item {item}, while that item's Jawaban cell ({detail}) is blank.",
        "Move the answer to {detail}: only the Jawaban column is scored (it now counts 0). If this cell is in the "
        "Nilai column, copy its formula back from a blank template (pmprb template).",
    ),
    FindingType(
        "PMPRB-W419",
        W,
        "Isian evaluator tidak terbaca",
        "Jawaban Evaluator '{value}' untuk {item} bukan pilihan atau angka yang sah; tidak dipakai: {detail}.",
        "Untuk evaluator, bukan unit: tulis di Jawaban Evaluator salah satu pilihan atau angka butir ini, dan "
        "catatannya di kolom Catatan Evaluator.",
        "Evaluator entry unreadable",
        "Jawaban Evaluator '{value}' for {item} is not a valid choice or number; it is not used: {detail}.",
        "For the evaluator, not the unit: type one of this item's choices or a number in Jawaban Evaluator, and "
        "the note in the Catatan Evaluator column.",
    ),
    FindingType(
        "PMPRB-W420",
        W,
        "Angka diketik di baris persentase",
        "Butir {item} adalah persentase yang dihitung dari isian Jumlah di bawahnya; '{value}' yang diketik di "
        "sini tidak dipakai.",
        "Isi baris Jumlah di bawahnya, di kolom yang sama (Jawaban untuk unit, Jawaban Evaluator untuk "
        "evaluator), lalu kosongkan sel ini.",
        "Figure typed on a percentage row",
        "Item {item} is a percentage computed from the Jumlah rows below it; the '{value}' typed here is not used.",
        "Fill the Jumlah rows below it, in the same column (Jawaban for the unit, Jawaban Evaluator for the "
        "evaluator), then clear this cell.",
    ),
    FindingType(
        "PMPRB-E412",
        E,
        "Jumlah bukan bilangan bulat",
        "Isian Jumlah {item} '{value}' bukan bilangan bulat (banyaknya orang, laporan atau dokumen selalu bulat): "
        "persentase butirnya dihitung 0 sampai jumlah ini diperbaiki.",
        "Ketik banyaknya sebagai bilangan bulat, tanpa titik atau koma (1234, bukan 1.234 atau 1,234); bila yang "
        "diketik persentase (misalnya 75%), isi banyaknya: persentase butir ini dihitung pmprb dari baris-baris "
        "Jumlah.",
        "Count is not a whole number",
        "Jumlah entry {item} '{value}' is not a whole number (a number of people, reports or documents is whole): "
        "its item's percentage counts 0 until this count is corrected.",
        "Type the count as a whole number, without a point or comma (1234, not 1.234 or 1,234); if a percentage was "
        "typed (75%, say), type the count: pmprb computes this item's percentage from the Jumlah rows.",
    ),
    FindingType(
        "PMPRB-E413",
        E,
        "Persen di luar skala butir",
        "Sel berformat persen berisi {value}, di luar skala {item} ({detail}): yang dihitung angka tersimpan "
        "itu, bukan persen yang tampil; perbaiki sebelum dikirim.",
        "Ketik nilai pada skala butir itu sendiri (mis. 3,8 untuk skala 0–4), tanpa tanda %; bila % muncul lagi, "
        "buka proteksi lembar (Excel: Tinjau › Buka Proteksi Lembar; LibreOffice: Perkakas › Lindungi Lembar, hapus "
        "centangnya; tanpa kata sandi), ubah format sel ke Umum (Format Sel › Umum) lalu ketik ulang.",
        "Percentage beyond the item's scale",
        "A cell formatted as a percentage holds {value}, beyond the scale of {item} ({detail}): that stored number "
        "is counted, not the percentage shown; correct it before sending.",
        "Type the value on the item's own scale (e.g. 3.8 on a 0–4 scale), without %; if % appears again, set the "
        "sheet's protection off (no password), set the cell's format to General and type it again.",
    ),
    FindingType(
        "PMPRB-W422",
        W,
        "Titik atau koma: ribuan atau desimal?",
        "Isian {item} berupa teks '{value}': dibaca {detail} (tanda itu dianggap desimal).",
        "Periksa maksudnya: untuk ribuan ketik angkanya tanpa titik (1250), untuk desimal ketik dengan koma dan "
        "tanpa tanda petik (1,25); lalu ketik ulang sebagai angka.",
        "Point or comma: thousands or decimals?",
        "Entry {item} is the text '{value}': read as {detail} (the mark taken as a decimal one).",
        "Check what was meant: for thousands type the number without a point (1250), for decimals type it with "
        "a comma and no apostrophe (1,25); then type it again as a number.",
    ),
    FindingType(
        "PMPRB-W423",
        W,
        "Nilai huruf evaluator diisi unit",
        "Sub-komponen {item} diberi {value} di kolom Jawaban; nilai itu hanya dari penilaian evaluator, jadi dibaca "
        "{detail}, nilai tertinggi yang dapat diberikan unit sendiri.",
        "Unit mengisi kriteria (Ya/Tidak) dan boleh mengosongkan nilai huruf; A dan AA diberikan evaluator di "
        "kolom Jawaban Evaluator.",
        "Evaluator's grade typed by the unit",
        "Sub-komponen {item} is graded {value} in the Jawaban column; that grade comes only from the evaluator's "
        "judgement, so it is read as {detail}, the highest a unit may give itself.",
        "The unit answers the criteria (Ya/Tidak) and may leave the grade blank; A and AA are given by the "
        "evaluator in the Jawaban Evaluator column.",
    ),
    FindingType(
        "PMPRB-W424",
        W,
        "Rumus evaluator tanpa hasil",
        "Jawaban Evaluator {item} berupa rumus tanpa hasil tersimpan; tidak terbaca, baris ini memakai jawaban unit.",
        "Untuk evaluator, bukan unit: simpan ulang berkas di Excel atau LibreOffice (hasil rumus ikut tersimpan), "
        "atau ketik jawabannya langsung.",
        "Evaluator formula without a result",
        "Jawaban Evaluator {item} is a formula saved without its result; it cannot be read, and this row uses the "
        "unit's answer.",
        "For the evaluator, not the unit: save the file again in Excel or LibreOffice (the formula's result is saved "
        "with it), or type the answer itself.",
    ),
    FindingType(
        "PMPRB-W425",
        W,
        "Persen diketik sebagai teks",
        "Isian {item} berupa teks '{value}'; dibaca {detail} pada skala 0–100.",
        "Ketik angkanya saja, tanpa % dan tanpa tanda petik (misalnya 80; bila tetap tersimpan sebagai teks, ubah dulu "
        "format selnya ke Umum, Format Sel › Umum): rumus Nilai dan INDEKS di buku kerja tidak membaca teks, "
        "sehingga nilainya di sana kini berbeda dengan nilai pmprb.",
        "Percentage typed as text",
        "Entry {item} is the text '{value}'; read as {detail} on the 0–100 scale.",
        "Type the number only, without % and without an apostrophe (80, say; if it is still stored as text, set the "
        "cell's format to General first, Format Cells › General): the workbook's own Nilai and INDEKS "
        "formulas do not read text, so their figures now differ from pmprb's.",
    ),
    FindingType(
        "PMPRB-W426",
        W,
        "Teks pilihan ditempel utuh",
        "Isian {item} berupa teks sebuah pilihan, '{value}'; dibaca '{detail}'.",
        "Isi sel itu dengan pilihannya saja ('{detail}'; dari daftar bila sel itu punya daftar), bukan teks "
        "pilihannya: rumus Nilai dan INDEKS di buku kerja tidak membaca teks itu, sehingga nilainya di sana kini "
        "berbeda dengan nilai pmprb.",
        "Option text pasted whole",
        "Entry {item} is the text of an option, '{value}'; read as '{detail}'.",
        "Fill the cell with the choice only ('{detail}'; from its list if it has one), not the option's text: the "
        "workbook's own Nilai and INDEKS formulas do not read that text, so their figures now differ from pmprb's.",
    ),
    FindingType(
        "PMPRB-W427",
        W,
        "Nilai huruf unit melampaui kriterianya",
        "Nilai huruf {item} diberi {value} di kolom Jawaban unit, di atas yang didukung kriterianya; dibaca {detail}.",
        "Operator unit: jawab setiap kriteria (Ya/Tidak) dengan bukti dukungnya; nilai huruf unit dihitung "
        "sejauh kriterianya terpenuhi (kriteria kosong dihitung belum terpenuhi), dan boleh dikosongkan. "
        "Nilai di atasnya diberikan evaluator di kolom Jawaban Evaluator.",
        "Unit's grade above its criteria",
        "Grade {item} is {value} in the unit's Jawaban column, above what its criteria support; read as {detail}.",
        "Unit operator: answer every criterion (Ya/Tidak) with its evidence; the unit's grade counts as far as its "
        "criteria are met (a blank criterion counts as not met), and may be left blank. A higher grade is the "
        "evaluator's, in the Jawaban Evaluator column.",
    ),
    FindingType(
        "PMPRB-W428",
        W,
        "Jumlah yang diminta belum diisi",
        "Isian {item} belum diisi; rubrik memintanya, tetapi persentase {value} tidak memakainya (nilai tidak "
        "berubah).",
        "Operator unit: isi banyaknya (0 bila memang tidak ada) agar asesor dapat memeriksanya.",
        "Requested count left blank",
        "Entry {item} is blank; the rubric asks for it, but percentage {value} does not use it (the score does not "
        "change).",
        "Unit operator: fill in the count (0 if there are none) so the assessor can check it.",
    ),
    FindingType(
        "PMPRB-W429",
        W,
        "Jumlah yang diminta tidak sah",
        "Isian {item} '{value}' bukan banyaknya yang sah; persentase {detail} tidak memakainya (nilai tidak berubah).",
        "Operator unit: ketik banyaknya sebagai bilangan bulat 0 atau lebih, tanpa satuan, agar asesor dapat "
        "memeriksanya.",
        "Requested count not valid",
        "Entry {item} '{value}' is not a valid count; percentage {detail} does not use it (the score does not change).",
        "Unit operator: type the count as a whole number, 0 or more, without units, so the assessor can check it.",
    ),
    FindingType(
        "PMPRB-W434",
        W,
        "Bukti dukung di komputer pengisi",
        "Bukti dukung {item} menunjuk berkas di komputer pengisi atau di jaringan kantornya ('{value}'): evaluator "
        "di luar kantor itu dan Kemenpan-RB tidak dapat membukanya.",
        "Unggah dokumennya ke penyimpanan bersama (mis. folder Drive kabupaten) lalu tempel tautan bagikannya di sel "
        "ini, atau tulis nomor dan judul dokumennya.",
        "Bukti dukung on the operator's computer",
        "The bukti dukung of {item} points at a file on the operator's computer or office network ('{value}'): "
        "neither an evaluator outside that office nor Kemenpan-RB can open it.",
        "Upload the document to shared storage (e.g. the kabupaten's Drive folder) and paste its share link in "
        "this cell, or write the document's number and title.",
    ),
    FindingType(
        "PMPRB-W437",
        W,
        "Persen evaluator di luar skala butir",
        "Jawaban Evaluator {item} di sel berformat persen berisi {value}, di luar skala butir itu ({detail}): "
        "yang dihitung dalam indeks terverifikasi angka tersimpan itu, bukan persen yang tampil.",
        "Untuk evaluator, bukan unit: ketik nilai pada skala butir itu sendiri (mis. 3,8 untuk skala 0–4) di Jawaban "
        "Evaluator, tanpa tanda %; bila % muncul lagi, ubah format sel ke Umum (Format Sel › Umum) lalu ketik ulang.",
        "Evaluator's percentage beyond the item's scale",
        "The Jawaban Evaluator of {item}, in a cell formatted as a percentage, holds {value}, beyond the item's scale "
        "({detail}): the verified index counts that stored number, not the percentage shown.",
        "For the evaluator, not the unit: type the value on the item's own scale (e.g. 3.8 on a 0–4 scale) in "
        "Jawaban Evaluator, without %; if % appears again, set the cell's format to General and type it again.",
    ),
    FindingType(
        "PMPRB-W436",
        W,
        "Tanda setuju di samping jawaban yang tidak ada",
        "Jawaban Evaluator {item} berisi tanda setuju (sesuai, ✓) di samping jawaban unit yang kosong atau tidak sah: "
        "tidak ada yang disetujui, dan butir ini tetap dihitung 0 dalam indeks terverifikasi.",
        "Evaluator: ketik jawaban evaluator sendiri di sel ini (pilihan atau angka), atau minta unit melengkapi "
        "jawabannya lalu periksa ulang.",
        "Mark of agreement beside no answer",
        "The Jawaban Evaluator of {item} holds a mark of agreement (sesuai, ✓) beside a blank or invalid unit answer: "
        "nothing is agreed to, and the item still counts 0 in the verified index.",
        "Evaluator: type your own answer in this cell (a choice or a number), or ask the unit to complete its "
        "answer and check again.",
    ),
    FindingType(
        "PMPRB-W440",
        W,
        "Jawaban evaluator di luar kolom Jawaban Evaluator",
        "Sel ini berisi '{value}', pilihan butir {item}, sedangkan Jawaban Evaluator butir itu ({detail}) kosong: "
        "isian ini tidak dinilai.",
        "Evaluator: bila ini jawaban Anda, pindahkan ke {detail} agar masuk indeks terverifikasi (hanya kolom "
        "Jawaban Evaluator yang dinilai); bila ini catatan, tulis kalimatnya lengkap.",
        "Evaluator's answer outside the Jawaban Evaluator column",
        "This cell holds '{value}', a choice of item {item}, while that item's Jawaban Evaluator ({detail}) is blank: "
        "this entry is not scored.",
        "Evaluator: if this is your answer, move it to {detail} so that the verified index counts it (only the "
        "Jawaban Evaluator column is scored); if it is a note, write it out in words.",
    ),
    FindingType(
        "PMPRB-W439",
        W,
        "Bukti dukung berupa kontak, bukan dokumen",
        "Bukti dukung {item} berisi kontak ({detail}), bukan tautan atau nama dokumen: '{value}'.",
        "Tulis tautan atau nama dokumennya. Evaluator memeriksa dokumen, bukan menghubungi orang; dan nomor atau "
        "alamat pribadi di sel ini ikut tersalin ke rekap kabupaten.",
        "Bukti dukung is a contact, not a document",
        "The bukti dukung of {item} holds a contact ({detail}), not a link or a document's name: '{value}'.",
        "Write the document's link or name. The evaluator checks documents, not people to call; and a personal "
        "number or address in this cell is copied into the kabupaten workbook.",
    ),
    FindingType(
        "PMPRB-W435",
        W,
        "Bukti dukung tidak menunjuk dokumen",
        "Bukti dukung {item} berisi '{value}', bukan tautan atau nama dokumen: evaluator tidak tahu dokumen mana yang "
        "dibuka.",
        "Tulis tautan dokumennya (mis. folder Drive kabupaten/kota) atau nomor dan judulnya (mis. 'SK Bupati No. 12 "
        "Tahun 2022 tentang Tim RB', di kota SK Wali Kota); buku kerja tidak membawa lampiran apa pun.",
        "Bukti dukung names no document",
        "The bukti dukung of {item} holds '{value}', not a link or a document's name: the evaluator cannot tell which "
        "document to open.",
        "Write the document's link (e.g. the kabupaten's or kota's Drive folder) or its number and title (e.g. 'SK "
        "Bupati No. 12 Tahun 2022 tentang Tim RB', in a kota an SK Wali Kota); a workbook carries no attachment.",
    ),
    FindingType(
        "PMPRB-W432",
        W,
        "Butir kosong di baris tersembunyi",
        "Baris {value} (butir {item}) tersembunyi — disembunyikan atau tersaring filter — dan jawabannya kosong: "
        "butir ini tidak terlihat saat lembar diisi.",
        "Tampilkan semua baris (pilih seluruh lembar, klik kanan judul baris, Tampilkan/Unhide; atau hapus filter), "
        "lalu jawab butir ini dan kirim ulang.",
        "Blank item in a hidden row",
        "Row {value} (item {item}) is hidden — by hand or by a filter — and its answer is blank: the item does not "
        "show while the sheet is filled in.",
        "Show every row (select the whole sheet, right-click a row heading, Unhide; or clear the filter), then "
        "answer this item and send it again.",
    ),
    FindingType(
        "PMPRB-W431",
        W,
        "Jawaban di dalam sel gabungan",
        "Sel {cell} ({item}) tergabung dalam {detail}: yang tampil di sana isi sel pertamanya, sedangkan yang "
        "dinilai isi sel {cell} sendiri, '{value}' (kosong dihitung 0).",
        "Pisahkan sel gabungan itu (Excel: Beranda › Gabungkan & Ketengahkan › Pisahkan Sel; LibreOffice: Batal "
        "Gabung Sel), lalu isi jawaban setiap butir di barisnya sendiri "
        "dan kirim ulang.",
        "Answer inside merged cells",
        "Cell {cell} ({item}) is part of the merged range {detail}: what shows there is its first cell's content, "
        "while what is scored is cell {cell}'s own, '{value}' (blank counts 0).",
        "Unmerge that range, then fill in each item's answer on its own row and send it again.",
    ),
    FindingType(
        "PMPRB-W430",
        W,
        "Jawaban unit kosong atau tidak sah, evaluator menjawab",
        "Jawaban unit pada {item} '{value}' tidak dapat dinilai; indeks mandiri menghitungnya 0, indeks "
        "terverifikasi (yang diperingkat) memakai jawaban evaluator {detail}.",
        "Bila jawaban di kolom Jawaban Evaluator itu diketik operator unit, bukan evaluator, pindahkan ke kolom "
        "Jawaban butir ini lalu kirim ulang: kolom Jawaban Evaluator hanya untuk evaluator. Bila memang dari "
        "evaluator: operator unit mengisi juga jawaban unit sendiri (penilaian mandiri) pada bulan berikutnya; "
        "berkas tidak perlu dikirim ulang karenanya.",
        "Unit's answer blank or invalid, evaluator answered",
        "The unit's answer to {item} '{value}' cannot be scored; the self index counts it 0, the verified index "
        "(the one ranked) uses the evaluator's answer {detail}.",
        "If the answer in the Jawaban Evaluator column was typed by the unit's operator, not an evaluator, move it "
        "to this item's Jawaban column and send the workbook again: the Jawaban Evaluator column is the "
        "evaluator's only. If it is the evaluator's: the unit's operator fills in the unit's own answer too "
        "(self-assessment) next month; no need to send the workbook again for it.",
    ),
    FindingType(
        "PMPRB-I508",
        Severity.INFO,
        "Salinan persis",
        "Berkas ini salinan persis {detail} (isinya sama, byte demi byte): unit {value} dinilai sekali, dari "
        "berkas itu.",
        "Nilainya tidak berubah; hapus salinan ini dari folder masuk agar tiap unit satu berkas.",
        "Exact copy",
        "This file is an exact copy of {detail} (the same bytes): unit {value} is scored once, from that file.",
        "Its score is unaffected; delete this copy from the inbox so that each unit has one file.",
    ),
    FindingType(
        "PMPRB-I509",
        Severity.INFO,
        "Disimpan ulang dengan jawaban sama",
        "Berkas ini memuat jawaban, bukti dukung dan isian evaluator yang sama dengan {detail} (buku kerja yang "
        "disimpan ulang): unit {value} dinilai sekali, dari berkas itu.",
        "Nilainya tidak berubah; hapus salah satunya dari folder masuk agar tiap unit satu berkas.",
        "Saved again with the same answers",
        "This file holds the same answers, bukti dukung and evaluator entries as {detail} (the workbook saved again): "
        "unit {value} is scored once, from that file.",
        "Its score is unaffected; delete one of them from the inbox so that each unit has one file.",
    ),
    FindingType(
        "PMPRB-I502",
        Severity.INFO,
        "Jawaban evaluator berbeda",
        "Evaluator menjawab '{value}' untuk {item}, unit menjawab '{detail}'.",
        "Informasi untuk rapor: nilai terverifikasi memakai jawaban evaluator.",
        "Evaluator answer differs",
        "The evaluator answered '{value}' for {item}; the unit answered '{detail}'.",
        "Information for the rapor: the verified score uses the evaluator's answer.",
    ),
    FindingType(
        "PMPRB-I503",
        Severity.INFO,
        "Buku kerja kabupaten dilewati",
        "Berkas ini buku kerja kabupaten yang ditulis pmprb (rekap), bukan LKE unit: dilewati.",
        "Jawaban yang diketik di buku kerja kabupaten tidak dinilai. Untuk menilai jawaban konsensus asesor, "
        "ubah jawaban LKE-kabupaten-usulan-TTTT-BB.xlsx (LKE-kota-usulan bagi kota; dari pmprb export) lalu nilai "
        "berkas itu sendiri: pmprb "
        "score <berkas>. Simpan rekap di luar folder masuk.",
        "Kabupaten workbook skipped",
        "This file is a kabupaten workbook written by pmprb (a rekap), not a unit's LKE: skipped.",
        "Answers typed into a kabupaten workbook are not scored. To score the assessors' consensus, change the "
        "answers of LKE-kabupaten-usulan-YYYY-MM.xlsx (LKE-kota-usulan for a kota; from pmprb export) and score "
        "that file alone: pmprb score "
        "<file>. Keep rekap files outside the input folder.",
    ),
    FindingType(
        "PMPRB-I504",
        Severity.INFO,
        "Persen dibaca sebagai persen",
        "Sel berformat persen berisi {value}; dibaca {detail} (tersimpan sebagai pecahan).",
        "Rumus Nilai dan INDEKS di buku kerja ini tetap membaca pecahannya: ketik angkanya tanpa % agar sama (bila % "
        "muncul lagi, buka proteksi lembar tanpa kata sandi dan ubah format sel ke Umum dulu).",
        "Percentage read as a percentage",
        "A cell formatted as a percentage holds {value}; read as {detail} (stored as a fraction).",
        "The workbook's own Nilai and INDEKS formulas still read the fraction: type the number without % (if % "
        "appears again, turn the sheet's protection off, no password, and set the cell's format to General first).",
    ),
    FindingType(
        "PMPRB-I506",
        Severity.INFO,
        "Nilai butir diturunkan butir prasyaratnya",
        "Butir {item} dijawab '{value}' tetapi dihitung {detail}.",
        "Sesuai rubrik, butir ini hanya bernilai penuh bila butir prasyaratnya terpenuhi; bila jawaban "
        "prasyarat itu keliru, perbaiki di sana.",
        "Answer lowered by its gate",
        "Item {item} is answered '{value}' but counts {detail}.",
        "By the rubric this item only counts in full when its gate is met; if the gate's answer is wrong, "
        "correct it there.",
    ),
    FindingType(
        "PMPRB-I507",
        Severity.INFO,
        "Pembagi nol: nilai menurut aturan rubrik",
        "Butir {item}: pembaginya ({detail}) bernilai 0, sehingga persentasenya tidak terdefinisi; menurut aturan "
        "rubrik dihitung {value}.",
        "Bila jumlah itu memang nol, nilai ini sesuai aturan rubrik dan temuan ini tetap muncul sebagai informasi; "
        "tulis penjelasannya di kolom Penjelasan Unit untuk asesor. Bila tidak, isi jumlahnya.",
        "Zero denominator: valued by the rubric's rule",
        "Item {item}: its denominator ({detail}) is 0, so the percentage is undefined; by the rubric's rule it "
        "counts {value}.",
        "If that count truly is zero, this value follows the rubric's rule and the note stays; explain it in the "
        "Penjelasan Unit column for the assessor. If not, fill it in.",
    ),
    FindingType(
        "PMPRB-I505",
        Severity.INFO,
        "LKE usulan kabupaten dilewati",
        "Berkas ini LKE usulan kabupaten yang diekspor pmprb, bukan LKE unit: dilewati di antara LKE unit.",
        "Untuk melihat nilainya, nilai berkas itu sendiri: pmprb score <berkas>; simpan di luar folder masuk.",
        "Kabupaten LKE (usulan) skipped",
        "This file is the kabupaten LKE (usulan) pmprb exported, not a unit's LKE: skipped among the units.",
        "To see its score, score that file alone: pmprb score <file>; keep it outside the inbox.",
    ),
)

CATALOGUE: dict[str, FindingType] = {t.code: t for t in _TYPES}

#: Codes no longer given, each with why (Indonesian, English): never reused for another meaning.
RETIRED: dict[str, tuple[str, str]] = {
    "PMPRB-W433": (
        "Tidak dipakai lagi sejak 2026-12-06: persen yang tampil di luar skala butir kini kesalahan PMPRB-E413 "
        "(angka tersimpan tetap dihitung); sebagai peringatan, unit yang melihat 87,5% pada skala 0–4 dan dinilai "
        "0,875 tidak diberi tahu oleh ringkasan maupun kode keluar.",
        "Retired on 2026-12-06: a percentage shown beyond the item's scale is now error PMPRB-E413 (the stored "
        "number still counted); as a warning, a unit seeing 87.5% on a 0–4 scale and scored 0.875 was told by "
        "neither the summary nor the exit code.",
    ),
    "PMPRB-W421": (
        "Tidak dipakai lagi sejak 2026-12-05: jumlah yang bukan bilangan bulat kini kesalahan PMPRB-E412 "
        "(dihitung 0), bukan peringatan yang menghitung pecahannya.",
        "Retired on 2026-12-05: a count that is not whole is now error PMPRB-E412 (counted 0), not a warning that "
        "counted the fraction.",
    ),
}


def language() -> str:
    """The language of user-facing text: ``id`` unless PMPRB_LANG says ``en``."""
    return "en" if os.environ.get("PMPRB_LANG", "id").strip().lower().startswith("en") else "id"


def finding(
    code: str,
    file: str,
    *,
    sheet: str = "",
    cell: str = "",
    item: str = "",
    value: object = "",
    detail: str = "",
    lang: str | None = None,
) -> Finding:
    """Build a :class:`Finding` from its catalogue entry, in the user's language."""
    lang = lang or language()
    severity, message, hint = _texts(code, lang)
    # The value is kept as Indonesian writes it, whatever the language: the JSON of a finding is the same under
    # --lang en but for its message and hint ("1250,5" there, "1250.5" in the English message).
    said: object = value
    if isinstance(value, Shown):
        said, value = value.en if lang == "en" else value.id, value.id
    elif isinstance(value, bool):
        said = value = "TRUE" if value else "FALSE"  # as a spreadsheet shows a logical value, not Python's True
    elif isinstance(value, float) and not math.isnan(value):
        # 120, not 120.0; in Indonesian 4,5 (1.208 reads as 1208 there)
        said, value = as_typed(value, lang), as_typed(value, "id")
    kept = _shorten(value) if value != "" else ""
    shown = kept if said is value else _shorten(said) if said != "" else ""
    detail = visible(detail)  # (a text of the workbook's, as the value: its controls said, never sent on)
    # A workbook yields dozens of findings; most hints (and some messages) have nothing to fill in.
    if not isinstance(message, str):
        message = message(value=shown, item=item, sheet=sheet, cell=cell, detail=detail)
    if not isinstance(hint, str):
        hint = hint(value=shown, item=item, sheet=sheet, cell=cell, detail=detail)
    return Finding(code, severity, file, message, hint, sheet, cell, item, kept, "" if shown == kept else shown)


def value_of(found: Finding) -> object:
    """A finding's value to give :func:`finding` again (a finding said as another): in both its writings."""
    return Shown(found.value, found.shown) if found.shown else found.value


class Shown(NamedTuple):
    """A finding's value as each language writes it (a number's decimals, "(kosong)"): ``id`` is the one kept."""

    id: str
    en: str

    @classmethod
    def number(cls, value: float, places: int) -> Shown:
        """A figure with ``places`` decimals in both languages."""
        return cls(format_number(value, places, "id"), format_number(value, places, "en"))


_Text = str | Callable[..., str]


@functools.cache
def _texts(code: str, lang: str) -> tuple[Severity, _Text, _Text]:
    """A finding type's severity, message and hint in one language: a plain string, or what fills it in."""
    ftype = CATALOGUE[code]
    message = ftype.message_en if lang == "en" else ftype.message_id
    hint = ftype.hint_en if lang == "en" else ftype.hint_id
    return (
        ftype.severity,
        message.format if "{" in message else message,
        hint.format if "{" in hint else hint,
    )


_SEVERITY_WORDS = {"error": "kesalahan (error)", "warning": "peringatan (warning)", "info": "info"}


def catalogue_markdown() -> str:
    """The catalogue as the Markdown table README carries (a test keeps the two equal)."""
    lines = ["| kode | tingkat | judul | title | saran |", "|---|---|---|---|---|"]
    shown = {"value": "‹nilai›", "detail": "‹rincian›", "item": "‹butir›", "sheet": "‹lembar›", "cell": "‹sel›"}
    for t in CATALOGUE.values():
        hint = t.hint_id.format(**shown)
        # (in Indonesian as the codes table and the rekap say it; the JSON's word beside it for programs)
        tingkat = _SEVERITY_WORDS[t.severity.value]
        lines.append(f"| `{t.code}` | {tingkat} | {t.title_id} | {t.title_en} | {hint} |")
    from pmprb_cli.errors import PROGRAM_ERRORS

    for code, exit_code, title_id, title_en in PROGRAM_ERRORS:
        lines.append(f"| `{code}` | program | {title_id} | {title_en} | kode keluar {exit_code} |")
    for code, (why_id, _) in RETIRED.items():
        lines.append(f"| `{code}` | tidak dipakai | Tidak dipakai lagi | Retired | {why_id} |")
    return "\n".join(lines) + "\n"


def _shorten(value: object, limit: int = 80) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    # An answer cell's ESC ] 0 ; … BEL reached the rapor and the terminal raw: escaped, after the cut so that
    # no escape is cut in half.
    return visible(text)
