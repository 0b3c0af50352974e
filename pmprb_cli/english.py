"""The details of unreadable files in English, for ``--lang en``.

The guard and the readers say why a file cannot be read in Indonesian, the language of everything pmprb
writes; the finding around that detail is in the user's language, so under ``--lang en`` the sentence read
"The workbook is corrupt or truncated: arsip zip rusak atau terpotong". Each known detail is matched whole
and said in English; a detail not known here stays as it is (never a wrong translation).
"""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[str, str], ...] = (
    # First: a sheet's reason is any of the others ("lembar 'LKE': xl/… memuat lebih dari …" read as one).
    (r"lembar '(?P<s>.+?)': (?P<r>.*)", r"sheet '\g<s>': \g<r>"),
    (r"berisi lebih dari (?P<n>\S+) elemen XML", r"holds more than \g<n> XML elements"),
    (r"berkas tidak ditemukan", "file not found"),
    (r"folder tidak dapat dibuka: (?P<r>.+)", r"folder cannot be opened: \g<r>"),
    (r"ukuran (?P<n>\S+) bita melebihi batas (?P<m>\S+)", r"size \g<n> bytes exceeds the limit of \g<m>"),
    (r"ukuran melebihi batas (?P<m>\S+) bita", r"size exceeds the limit of \g<m> bytes"),
    (r"bukan berkas biasa", "not a regular file"),
    (r"folder", "a folder"),
    (r"pipa", "a pipe"),
    (r"perangkat", "a device"),
    (r"berkas kosong", "empty file"),
    (r"dilindungi kata sandi \(terenkripsi\)", "password-protected (encrypted)"),
    (r"dilindungi kata sandi \(bagian arsip terenkripsi\)", "password-protected (an archive part is encrypted)"),
    (
        r"terenkripsi oleh label sensitivitas atau pembatasan akses Microsoft 365 \(bukan kata sandi\)",
        "encrypted by a Microsoft 365 sensitivity label or access restriction (not a password)",
    ),
    (r"buku kerja biner Excel \(\.xlsb\); simpan sebagai \.xlsx", "an Excel binary workbook (.xlsb); save it as .xlsx"),
    (
        r"dokumen Office lama yang bukan buku kerja \(mis\. Word \.doc\)",
        "an old Office document, not a workbook (e.g. Word .doc)",
    ),
    (r"dokumen Office lain \(Word/PowerPoint\)", "another Office document (Word/PowerPoint)"),
    (r"berkas OpenDocument \(\.ods\); simpan sebagai \.xlsx", "an OpenDocument file (.ods); save it as .xlsx"),
    (r"teks CSV", "CSV text"),
    (r"halaman HTML", "an HTML page"),
    (
        r"halaman HTML \(biasanya halaman galat atau halaman masuk Google Drive/WhatsApp Web yang tersimpan "
        r"dengan nama buku kerja\)",
        "an HTML page (usually an error or sign-in page of Google Drive/WhatsApp Web saved under a workbook's name)",
    ),
    (
        r"Unduh ulang buku kerjanya \(Google Drive: klik kanan › Download, setelah masuk dengan akun yang diberi "
        r"akses\), atau minta unit mengirimnya lagi sebagai lampiran \.xlsx\.",
        "Download the workbook again (Google Drive: right-click › Download, signed in with an account given access), "
        "or ask the unit to send it again as an .xlsx attachment.",
    ),
    (r"gambar \(foto atau pindaian\)", "an image (a photo or a scan)"),
    (r"halaman HTML \(buku kerja yang disimpan sebagai halaman web\)", "an HTML page (a workbook saved as a web page)"),
    (
        r"Minta unit mengirim buku kerja LKE-nya \(\.xlsx\); bila berkas ini bukti dukung, pindahkan ke subfolder "
        r"\(mis\. bukti/\), yang tidak dibaca sebagai LKE\.",
        "Ask the unit for its LKE workbook (.xlsx); if this file is bukti dukung, move it into a subfolder (e.g. "
        "bukti/), which is not read as an LKE.",
    ),
    (
        r"Buka lembarnya di Google Sheets, unduh dengan File › Download › Microsoft Excel \(\.xlsx\), lalu taruh "
        r"berkas \.xlsx itu di folder masuk menggantikan pintasan ini\.",
        "Open the sheet in Google Sheets, download it with File › Download › Microsoft Excel (.xlsx), and put that "
        ".xlsx file in the inbox in place of this shortcut.",
    ),
    (r"teks XML/HTML", "XML/HTML text"),
    (r"dokumen PDF", "a PDF document"),
    (r"format tidak dikenal", "unknown format"),
    (
        r"berkas kunci yang dibuat Excel atau LibreOffice selama sebuah buku kerja terbuka, bukan buku kerjanya",
        "a lock file Excel or LibreOffice makes while a workbook is open, not the workbook",
    ),
    (
        r"berkas kunci yang dibuat Excel atau LibreOffice selama (?P<f>.+) terbuka, bukan buku kerjanya",
        r"a lock file Excel or LibreOffice makes while \g<f> is open, not the workbook",
    ),
    (
        r"Tutup buku kerja itu di Excel atau LibreOffice, lalu berikan buku kerja itu sendiri\.",
        "Close that workbook in Excel or LibreOffice, then give the workbook itself.",
    ),
    (
        r"Tutup (?P<f>.+) di Excel atau LibreOffice, lalu berikan (?P=f) sendiri\.",
        r"Close \g<f> in Excel or LibreOffice, then give \g<f> itself.",
    ),
    (
        r"arsip zip rusak atau terpotong \(daftar isinya tidak terbaca\)",
        "the zip archive is damaged or cut short (its list of contents cannot be read)",
    ),
    (
        r"arsip zip berisi (?P<f>.+); ekstrak dulu buku kerjanya",
        r"a zip archive holding \g<f>; extract the workbook first",
    ),
    (
        r"Ekstrak arsip itu \(klik kanan › Extract All / Ekstrak di sini\), taruh buku kerjanya di folder masuk, lalu "
        r"pindahkan arsip zip-nya keluar dari folder itu\.",
        "Extract the archive (right-click › Extract All), put its workbooks in the inbox folder, then move the zip "
        "archive out of that folder.",
    ),
    (
        r"Izinnya di komputer ini, bukan berkasnya: beri akun yang menjalankan pmprb izin membaca \(ls -l untuk "
        r"melihat pemiliknya; chmod o\+r untuk berkas, o\+rx untuk folder\), lalu jalankan ulang\.",
        "The permission on this computer, not the file, is at fault: give the account running pmprb read access "
        "(ls -l shows the owner; chmod o+r for a file, o+rx for a folder), then run again.",
    ),
    (r"arsip zip tanpa xl/workbook\.xml", "a zip archive without xl/workbook.xml"),
    (
        r"Di Excel, Beranda › Sensitivitas: pilih label tanpa enkripsi \(mis\. Umum/Publik\), atau minta pemberi "
        r"label mencabut pembatasan aksesnya; simpan, lalu kirim ulang\. Menyimpan ulang saja tidak menghapus label "
        r"itu\.",
        "In Excel, Home › Sensitivity: choose a label without encryption (e.g. General/Public), or ask whoever set "
        "the label to lift its access restriction; save, then send again. Saving again alone keeps the label.",
    ),
    (r"arsip memuat dua bagian dengan nama yang sama", "the archive holds two parts of the same name"),
    (
        r"arsip memuat dua bagian yang namanya hanya berbeda huruf besar-kecil",
        "the archive holds two parts whose names differ only in case",
    ),
    (
        r"Excel dan LibreOffice tidak pernah menulis DTD: simpan ulang buku kerjanya dari Excel atau LibreOffice, "
        r"atau salin isiannya ke templat baru dari pmprb template\.",
        "Excel and LibreOffice never write a DTD: save the workbook again from Excel or LibreOffice, or copy its "
        "answers into a new template from pmprb template.",
    ),
    (
        r"Kirim berkas \.xlsx asli yang disimpan dari Excel atau LibreOffice; berkas ini dikemas ulang dengan program "
        r"arsip\.",
        "Send the original .xlsx file saved from Excel or LibreOffice; this one was repacked with an archiver.",
    ),
    (r"isi arsip menyatakan (?P<n>\S+) bita \(bom zip\)", r"its contents claim \g<n> bytes (zip bomb)"),
    (
        r"bagian (?P<p>.+) tidak ditemukan di arsip \(terpotong\?\)",
        r"part \g<p> is missing from the archive (cut short?)",
    ),
    (
        r"bagian (?P<p>.+) rusak: data terkompresinya tidak dapat dibuka \(pesan teknis zlib: (?P<e>.*)\)",
        r"part \g<p> is damaged: its compressed data cannot be inflated (zlib's technical message: \g<e>)",
    ),
    (
        r"bagian (?P<p>.+) mengembang melebihi (?P<n>\S+) bita yang dinyatakan \(bom zip\)",
        r"part \g<p> inflates beyond the \g<n> bytes it declares (zip bomb)",
    ),
    (
        r"bagian (?P<p>.+) mengembang (?P<r>\S+)× menjadi (?P<n>\S+) bita \(bom zip\)",
        r"part \g<p> inflates \g<r> times, to \g<n> bytes (zip bomb)",
    ),
    (r"tautan ke folder yang memuatnya: (?P<t>.+)", r"a link to a folder that holds it: \g<t>"),
    (
        r"bagian (?P<p>.+) menyatakan (?P<n>\S+) bita, melebihi batas (?P<m>\S+) \(bom zip\)",
        r"part \g<p> declares \g<n> bytes, beyond the limit of \g<m> (zip bomb)",
    ),
    (
        r"bagian (?P<p>.+) berukuran (?P<n>\S+) bita setelah dibuka, melebihi batas (?P<m>\S+): biasanya ribuan "
        r"kolom atau baris kosong yang diberi format — LibreOffice menulisnya begitu saat formulir resmi disimpan "
        r"sebagai \.xlsx — \(hapus kolom sesudah kolom terakhir tabel sampai ujung "
        r"lembar: pilih, klik kanan › Hapus Kolom; begitu pula baris di bawah tabel; lalu simpan\)",
        r"part \g<p> is \g<n> bytes once inflated, beyond the limit of \g<m>: usually thousands of empty columns "
        r"or rows given a format — LibreOffice writes them so when the official form is saved as .xlsx — (delete "
        r"the columns after the table's last one to the sheet's end: select them, "
        r"right-click › Delete Columns; the rows below the table likewise; then save)",
    ),
    (
        r"bagian (?P<p>.+) dikemas dengan kompresi (?P<m>.+), yang tidak dapat dibuka Excel atau LibreOffice",
        r"part \g<p> is packed with compression \g<m>, which neither Excel nor LibreOffice opens",
    ),
    (
        r"bagian (?P<p>.+) memuat lebih dari (?P<n>\S+) unsur XML, jauh melebihi buku kerja mana pun; salin isian "
        r"ke templat baru dari pmprb template",
        r"part \g<p> holds more than \g<n> XML elements, far beyond any workbook; copy the answers into a new "
        r"template from pmprb template",
    ),
    (
        r"bagian (?P<p>.+) memuat (?P<n>\S+) format sel, melebihi (?P<m>\S+) \(Excel sendiri membuat paling banyak "
        r"64\.000\); salin isian ke templat baru dari pmprb template",
        r"part \g<p> holds \g<n> cell formats, beyond \g<m> (Excel itself makes at most 64,000); copy the answers "
        r"into a new template from pmprb template",
    ),
    (r"buku kerja mendaftar dua lembar bernama '(?P<s>.*)'", r"the workbook lists two sheets named '\g<s>'"),
    (r"bagian (?P<p>.+) rusak \(ukuran atau CRC tidak cocok\)", r"part \g<p> is damaged (size or CRC mismatch)"),
    (r"bagian (?P<p>.+) terpotong", r"part \g<p> is cut short"),
    (
        r"(?P<p>.+) bukan teks UTF-16 yang sah \(pesan teknis: (?P<e>.*)\)",
        r"\g<p> is not valid UTF-16 text (technical message: \g<e>)",
    ),
    (r"(?P<p>.+) memuat DTD/entitas XML \(bom XML\)", r"\g<p> holds a DTD or XML entities (XML bomb)"),
    (
        r"(?P<p>.+) memuat lebih dari (?P<n>\S+) instruksi atau komentar, atau lebih dari (?P<m>\S+) bita, "
        r"sebelum elemen akar",
        r"\g<p> holds more than \g<n> instructions or comments, or more than \g<m> bytes, before its root element",
    ),
    (r"(?P<p>.+) memuat lebih dari (?P<n>\S+) teks", r"\g<p> holds more than \g<n> texts"),
    (
        r"(?P<p>.+) menyatakan (?P<n>\S+) teks, melebihi batas (?P<m>\S+)",
        r"\g<p> declares \g<n> texts, beyond the limit of \g<m>",
    ),
    (
        r"(?P<p>.+) menyatakan (?P<n>\d+) digit teks, melebihi batas (?P<m>\S+)",
        r"\g<p> declares a count of \g<n> digits, beyond the limit of \g<m>",
    ),
    (r"(?P<p>.+) menyebut uniqueCount lebih dari (?P<n>\S+) kali", r"\g<p> gives uniqueCount more than \g<n> times"),
    (
        r"buku kerja berisi lebih dari (?P<n>\S+) elemen XML di lembar-lembarnya",
        r"the workbook holds more than \g<n> XML elements in its sheets",
    ),
    (r"struktur XML lembar tidak dapat dipotong sesudah selnya", "the sheet's XML cannot be cut after its cells"),
    (
        r"berkas \.xls terpotong \(catatan terakhirnya tidak utuh\)",
        ".xls file cut short (its last record is incomplete)",
    ),
    (
        r"(?P<n>\S+) sel merujuk teks yang tidak ada di berkas \(berkas memuat (?P<m>\S+) teks\), isinya hilang: "
        r"(?P<c>.+)",
        r"\g<n> cell(s) refer to texts the file does not hold (it holds \g<m> texts), their content lost: \g<c>",
    ),
    (r"pesan teknis pembaca: (?P<e>.*)", r"the reader's technical message: \g<e>"),
    (
        r"salah satu bagiannya terpotong atau isinya tidak dikenali \(pesan teknis pembaca: (?P<e>.*)\)",
        r"one of its parts is cut short or its content not recognised (the reader's technical "
        r"message: \g<e>)",
    ),
    (
        r"sel merujuk teks yang tidak ada di berkas \(pesan teknis pembaca: (?P<e>.*)\)",
        r"a cell refers to a text the file does not hold (the reader's technical message: \g<e>)",
    ),
    (
        r"isi berkas rusak \(pembaca menemukan rujukan di luar datanya\) \(pesan teknis pembaca: (?P<e>.*)\)",
        r"the file's content is damaged (the reader found a reference beyond its data) (the reader's technical "
        r"message: \g<e>)",
    ),
    (
        r"buku kerja mendaftar lembar (?P<s>.+), tetapi tidak satu pun ada di arsip \(bagian lembarnya, atau "
        r"(?P<p>\S+) yang menunjuknya, hilang atau rusak\)",
        r"the workbook lists sheets \g<s>, but none of them is in the archive (their parts, or \g<p> that points "
        r"to them, missing or damaged)",
    ),
    (
        r"isi XML lembar rusak atau terpotong \(pesan teknis pembaca: (?P<e>.*)\)",
        r"the sheet's XML is damaged or cut short (the reader's technical message: \g<e>)",
    ),
    (r"(?P<p>.+) tidak sah \((?P<e>.*)\)", r"\g<p> is not valid (\g<e>)"),
    (r"format 'Strict Open XML Spreadsheet'", "the 'Strict Open XML Spreadsheet' format"),
    (r"tidak ada lembar kerja", "no worksheet"),
    (
        r"lebih dari (?P<n>\d+) lembar kerja \(hapus lembar yang tidak diperlukan, lalu kirim ulang\)",
        r"more than \g<n> worksheets (delete the sheets not needed, then send it again)",
    ),
    (
        r"lembar '(?P<s>.*)' terdaftar di buku kerja, tetapi isinya tidak ada di arsip",
        r"sheet '\g<s>' is listed in the workbook, but its content is not in the archive",
    ),
    (r"bagian (?P<p>.+) kosong", r"the part \g<p> is empty"),
    (
        r"bagian (?P<p>.+) terpotong atau rusak \(XML-nya tidak utuh pada baris (?P<n>\d+)\)",
        r"the part \g<p> is cut short or damaged (its XML is broken at line \g<n>)",
    ),
    (r"struktur berkas \.xls tidak dapat diurai", "the .xls file structure cannot be parsed"),
    (r"sistem berkas hanya-baca", "read-only file system"),
    (r"disk penuh", "disk full"),
    (r"kuota disk habis", "disk quota exceeded"),
    (r"izin ditolak", "permission denied"),
    (r"tidak ada", "does not exist"),
    (r"bagian jalurnya bukan folder", "part of its path is not a folder"),
    (
        r"ditolak sistem: nama atau tempat yang tidak diterima sistem berkasnya \(mis\. di /proc\)",
        "refused by the system: a name or place its file system does not accept (e.g. under /proc)",
    ),
    (r"perangkat atau pipa tanpa pembaca", "a device or pipe without a reader"),
    (r"perangkat yang tidak dapat ditulis", "a device that cannot be written"),
    (r"berada di sistem berkas lain", "on another file system"),
    (r"berkas melebihi batas ukuran sistem berkasnya", "the file exceeds its file system's size limit"),
    (r"folder tidak kosong", "folder not empty"),
    (
        r"Lembar '(?P<s>.*)' baris (?P<r>\d+) memuat judul kolom LKE, tetapi tanpa judul (?P<m>.*): ketik kembali "
        r"judul itu persis di sel judul kolomnya pada baris itu \(seperti di templat\), lalu kirim ulang\.",
        r"Sheet '\g<s>' row \g<r> holds LKE column titles, but not \g<m>: type each such title again exactly in "
        r"its column's title cell on that row (as in the template), then send the file again.",
    ),
    (
        r"Lembar '(?P<s>.*)' sel (?P<c>[A-Z]+\d+) berisi '(?P<t>.*)', bukan judul 'Jawaban': ketik Jawaban saja di "
        r"sel itu \(seperti di templat\), lalu kirim ulang\.",
        r"Sheet '\g<s>' cell \g<c> holds '\g<t>', not the title 'Jawaban': type Jawaban alone in that cell (as in the "
        r"template), then send the file again.",
    ),
    (
        r"Lembar '(?P<s>.*)' baris (?P<r>\d+) memuat (?P<t>.*), tidak satu pun berjudul 'Jawaban': ketik Jawaban saja "
        r"di judul kolom yang berisi jawaban periode yang dilaporkan, lalu kirim ulang\.",
        r"Sheet '\g<s>' row \g<r> holds \g<t>, none of them titled 'Jawaban': type Jawaban alone as the title of the "
        r"column holding the answers of the period reported, then send the file again.",
    ),
    (r"folder jaringan terputus \(pasang ulang sharenya\)", "network folder disconnected (mount the share again)"),
    (r"folder jaringan tidak menjawab", "network folder not answering"),
    (r"kesalahan sistem (?P<c>E[A-Z0-9]+): (?P<w>.*)", r"system error \g<c>: \g<w>"),
)
_COMPILED = tuple((re.compile(pattern + r"\Z", re.S), english) for pattern, english in _PATTERNS)
_INDONESIAN_THOUSANDS = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b")


def detail_in_english(detail: str) -> str:
    """An Indonesian detail of an unreadable file in English, when it is one pmprb writes; else unchanged."""
    for pattern, english in _COMPILED:
        found = pattern.match(detail)
        if found is not None:
            said = found.expand(english)
            if "r" in found.groupdict():  # a nested reason is translated too, before its thousands change
                said = said.replace(found["r"], detail_in_english(found["r"]))
            # 839.100.168 (Indonesian thousands) reads 839,100,168 in English.
            return _INDONESIAN_THOUSANDS.sub(lambda m: m.group(0).replace(".", ","), said)
    return detail
