"""The daftar perangkat daerah: tolerant reading, strict validation, lookups, as case tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmprb_cli.errors import PmprbError, RegistryError, UsageError
from pmprb_cli.registry import JENIS, Registry, Unit, load_registry, select_units, unit_from_name

GOOD = (
    "kode,nama,jenis,alias\n"
    "dinkes,Dinas Kesehatan,dinas,Dinkes|DKK\n"
    "bappeda,Badan Perencanaan Pembangunan Daerah,badan,\n"
    "kec-sukamaju,Kecamatan Sukamaju,kecamatan,Kec. Sukamaju\n"
    "rsud,RSUD Kabupaten Contoh,RSUD,\n"
)


def write(tmp_path: Path, text: str | bytes, name: str = "unit.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_reads_units_in_file_order(tmp_path: Path) -> None:
    registry = load_registry(write(tmp_path, GOOD))
    assert [u.kode for u in registry.units] == ["dinkes", "bappeda", "kec-sukamaju", "rsud"]
    assert registry.units[0] == Unit("dinkes", "Dinas Kesehatan", "dinas", ("Dinkes", "DKK"))
    assert registry.units[3].jenis == "rsud"  # letter case of jenis ignored
    assert registry.path.endswith("unit.csv")


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("bom", b"\xef\xbb\xbf" + GOOD.encode()),
        ("semicolon", GOOD.replace(",", ";").encode()),
        ("crlf", GOOD.replace("\n", "\r\n").encode()),
        ("header case and spaces", GOOD.replace("kode,nama,jenis,alias", " KODE , Nama,Jenis ,Alias").encode()),
        ("blank lines", ("\n" + GOOD.replace("\nbappeda", "\n\n,,,\nbappeda")).encode()),
        ("non-breaking spaces", GOOD.replace("Dinas Kesehatan", "Dinas\xa0 Kesehatan ").encode()),
        # Excel's "sep=;" line naming the delimiter, before the header: "kolom kode … tidak ada (sep=, )".
        ("sep line", b"\xef\xbb\xbfsep=;\r\n" + GOOD.replace(",", ";").replace("\n", "\r\n").encode()),
        ("sep tab", b"sep=\t\r\n" + GOOD.replace(",", "\t").replace("\n", "\r\n").encode()),
    ],
)
def test_tolerates_what_excel_writes(tmp_path: Path, label: str, data: bytes) -> None:
    if label in ("semicolon", "sep line", "sep tab"):  # the alias separator is | either way
        data = data.replace(b"Dinkes;DKK", b"Dinkes|DKK").replace(b"Dinkes\tDKK", b"Dinkes|DKK")
    registry = load_registry(write(tmp_path, data))
    assert registry.by_kode("dinkes") == Unit("dinkes", "Dinas Kesehatan", "dinas", ("Dinkes", "DKK")), label
    assert len(registry.units) == 4


def test_control_characters_leave_names(tmp_path: Path) -> None:
    # A charset mix-up in LibreOffice put 0x19 where ’ was: the template showed "Kecamatan Ma_x0019_rang".
    text = "kode,nama,jenis\nKEC-MARANG,Kecamatan Ma\x19rang\x7f,kecamatan\nDINKES,Dinas\tKesehatan,dinas\n"
    units = load_registry(write(tmp_path, text)).units
    assert [u.nama for u in units] == ["Kecamatan Marang", "Dinas Kesehatan"]


@pytest.mark.parametrize(
    "header",
    [
        "Kode Unit,Nama Unit,Jenis Unit",
        "kode,Nama Perangkat Daerah,jenis",
        "Kode OPD,Nama OPD,Jenis",
        "KODE,NAMA,JENIS",
        # (setuprev: "kolom nama tidak ada di judul kolom" of each)
        "Kode SKPD,Nama SKPD,Jenis SKPD",
        "kode,Perangkat Daerah,jenis",
        "Kode,OPD,Jenis",
    ],
)
def test_the_usual_indonesian_column_titles_are_read(tmp_path: Path, header: str) -> None:
    # "Kode Unit,Nama Unit,Jenis Unit" (the workbook's own labels) and "Nama OPD" were refused, "kolom kode tidak
    # ada di judul kolom", while a longer alias title was read.
    units = load_registry(write(tmp_path, f"{header}\ndinkes,Dinas Kesehatan,dinas\n")).units
    assert [(u.kode, u.nama, u.jenis) for u in units] == [("dinkes", "Dinas Kesehatan", "dinas")]


@pytest.mark.parametrize(
    "header", ["kode,nama,jenis,Nama OPD", "kode,Kode Unit,nama,jenis", "kode,nama,jenis,Jenis Unit"]
)
def test_a_longer_title_beside_the_exact_one_is_another_column(tmp_path: Path, header: str) -> None:
    # A registry with the SIPD code as "Kode Unit" beside kode, or a "Nama OPD" beside nama, loaded before longer
    # titles were read; then it was refused, "kolom kode ada 2 kali", and every cron run stopped.
    row = {"kode": "dinkes", "nama": "Dinas Kesehatan", "jenis": "dinas"}
    cells = [row.get(title, "1.02.01") for title in header.split(",")]
    units = load_registry(write(tmp_path, f"{header}\n{','.join(cells)}\n")).units
    assert [(u.kode, u.nama, u.jenis) for u in units] == [("dinkes", "Dinas Kesehatan", "dinas")]


def test_nama_lain_is_the_alias_column(tmp_path: Path) -> None:
    # It was a column pmprb did not know, dropped without a word: the unit's other name never matched a workbook.
    units = load_registry(write(tmp_path, "kode,nama,jenis,Nama Lain\nDISDIK,Dinas Pendidikan,dinas,DIKBUD\n")).units
    assert units[0].aliases == ("DIKBUD",)


def test_rows_numbered_ahead_and_nothing_else_are_no_units(tmp_path: Path) -> None:
    # Excel's "No" column filled down past the units: each such row was "kode kosong; nama kosong; jenis kosong".
    text = "No,kode,nama,jenis\n1,DISDIK,Dinas Pendidikan,dinas\n2,,,\n3,,,\n"
    assert [u.kode for u in load_registry(write(tmp_path, text)).units] == ["DISDIK"]
    # (a unit typed "10;DISDIK;…" into the No column of a ',' file is no numbered row: it went unsaid; diffrev13)
    with pytest.raises(RegistryError, match="baris 3: dipisah ';', sedangkan judul kolom dipisah ','"):
        load_registry(write(tmp_path, "No,kode,nama,jenis\n1,DINKES,Dinas Kesehatan,dinas\n10;DISDIK;Dinas P;dinas\n"))
    # (a row with its kode but no name is still a problem)
    with pytest.raises(RegistryError, match="baris 3: nama kosong"):
        load_registry(write(tmp_path, "No,kode,nama,jenis\n1,DISDIK,Dinas Pendidikan,dinas\n2,DINKES,,dinas\n"))


def test_an_unclosed_quote_is_named_on_its_own_line(tmp_path: Path) -> None:
    # "baris 3: jenis kosong" was said of a line that looked right; the quote on line 2 took it into one cell. A cell
    # beyond the csv module's limit was "CSV tidak sah (field larger than field limit (131072))" (covrev).
    with pytest.raises(RegistryError) as caught:
        load_registry(
            write(tmp_path, 'kode,nama,jenis\nBPKAD,"Badan Pengelolaan,badan\nDINKES,Dinas Kesehatan,dinas\n')
        )
    said = str(caught.value)
    assert 'baris 2: tanda kutip (") dibuka tetapi tidak ditutup; baris 2 sampai akhir berkas (baris 3)' in said, said
    assert "jenis kosong" not in said
    # In the alias column the units after it were gone without a word; on the last line, "jenis kosong" (diffrev22).
    alias = 'kode,nama,jenis,alias\nDINKES,Dinas Kesehatan,dinas,"Dinkes\nDINSOS,Dinas Sosial,dinas,Dinsos\n'
    with pytest.raises(RegistryError, match="baris 2: tanda kutip"):
        load_registry(write(tmp_path, alias))
    with pytest.raises(RegistryError, match="baris 3: tanda kutip"):
        load_registry(write(tmp_path, 'kode,nama,jenis\nBPKAD,Badan,badan\nDINKES,"Dinas Kesehatan,dinas\n'))
    # A quote closed over two lines beside a real mistake is that mistake, not a quote left open.
    with pytest.raises(RegistryError) as caught:
        load_registry(write(tmp_path, 'kode,nama,jenis\nBPKAD,"Badan\nPengelolaan, Keuangan",\nDINKES,Dinkes,dinas\n'))
    assert "jenis kosong" in str(caught.value) and "tanda kutip" not in str(caught.value)
    with pytest.raises(RegistryError) as caught:
        load_registry(write(tmp_path, 'kode,nama,jenis\nBPKAD,"Badan,badan\n' + ("X," + "a" * 1000 + ",dinas\n") * 200))
    said = str(caught.value)
    assert "baris 2: sel lebih dari 131.072 karakter; biasanya karena tanda kutip" in said and "field" not in said
    # A name written over two lines within its quotes is one name.
    registry = load_registry(
        write(tmp_path, 'kode,nama,jenis\nBPKAD,"Badan\nPengelolaan",badan\nDINKES,Dinkes,dinas\n')
    )
    assert [u.kode for u in registry.units] == ["BPKAD", "DINKES"]


@pytest.mark.parametrize(
    ("kode", "said"),
    [
        (
            "DIS DIK",
            "memuat spasi (hanya huruf, angka, titik, garis bawah dan tanda hubung; diawali huruf atau angka; "
            "paling panjang 64); mungkin 'DIS-DIK'?",
        ),
        ("Dinas/Kes 01", "memuat garis miring '/', spasi "),
        (".hidden", "diawali '.' "),
        ("a..b", "memuat '..' "),
        ("x" * 65, "65 karakter "),
        ("DINKÉS", "memuat 'É' "),
    ],
)
def test_an_unsafe_kode_names_what_is_wrong_with_it(tmp_path: Path, kode: str, said: str) -> None:
    # "mengandung karakter yang tidak aman" left the admin guessing which character was meant (setuprev).
    with pytest.raises(RegistryError) as caught:
        load_registry(write(tmp_path, f"kode,nama,jenis\n{kode},Dinas Kesehatan,dinas\n"))
    assert f"kode '{kode}' tidak aman untuk nama berkas: {said}" in str(caught.value)


def test_quoted_name_with_separator(tmp_path: Path) -> None:
    text = 'kode,nama,jenis\npupr,"Dinas Pekerjaan Umum, Perumahan dan Kawasan Permukiman",dinas\n'
    assert load_registry(write(tmp_path, text)).units[0].nama.startswith("Dinas Pekerjaan Umum, Perumahan")


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinas\nDINKES,Dinas Lain,dinas\n", 3, "kode 'DINKES' ganda"),
        ("kode,nama,jenis\ndinkes,Dinas Kesehatan,dinass\n", 2, "mungkin 'dinas'"),
        # Another kind of unit is 'lainnya', not the nearest spelling ("uptd" → 'rsud', "satuan" → 'badan').
        ("kode,nama,jenis\nuptd-a,UPTD Puskesmas A,uptd\n", 2, "mungkin 'lainnya'"),
        ("kode,nama,jenis\nsatpolpp,Satuan Polisi Pamong Praja,satuan\n", 2, "mungkin 'lainnya'"),
        # A short form is its jenis, and so is a name that says it: "mungkin 'lainnya'" took Kecamatan Alpha out of
        # the best-kecamatan race.
        ("kode,nama,jenis\nkec-a,Kecamatan Alpha,kec\n", 2, "mungkin 'kecamatan'"),
        ("kode,nama,jenis\nkec-a,Alpha,Kec.\n", 2, "mungkin 'kecamatan'"),
        ("kode,nama,jenis\nrsud,RSUD Sehat,rumah sakit\n", 2, "mungkin 'rsud'"),
        ("kode,nama,jenis\nsetda,Sekretariat Daerah,setda\n", 2, "mungkin 'sekretariat'"),
        ("kode,nama,jenis\ninsp,Inspektorat Daerah,insp\n", 2, "mungkin 'inspektorat'"),
        ("kode,nama,jenis\nkec-b,Kecamatan Beta,wilayah\n", 2, "mungkin 'kecamatan'"),
        ("kode,nama,jenis\ndinkes,Dinas Kesehatan,puskesmas\n", 2, "jenis 'puskesmas' tidak dikenal"),
        ("kode,nama,jenis\ndinkes,Dinas Kesehatan,\n", 2, "jenis kosong"),
        ("kode,nama,jenis\ndinkes,,dinas\n", 2, "nama kosong"),
        ("kode,nama,jenis\ndinkes," + "X" * 5000 + ",dinas\n", 2, "nama 5000 karakter, lebih dari 200"),
        ("kode,nama,jenis\n,Dinas Kesehatan,dinas\n", 2, "kode kosong"),
        ("kode,nama\ndinkes,Dinas Kesehatan\n", 1, "kolom jenis tidak ada"),
        ("nama,jenis\nDinas Kesehatan,dinas\n", 1, "kolom kode tidak ada"),
        ("kode,nama,jenis\n../../etc,Dinas Jahat,dinas\n", 2, "tidak aman"),
        ("kode,nama,jenis\ndinas/kes,Dinas Kesehatan,dinas\n", 2, "tidak aman"),
        ("kode,nama,jenis\ndinas kes,Dinas Kesehatan,dinas\n", 2, "tidak aman"),
        ("kode,nama,jenis\n.hidden,Dinas Kesehatan,dinas\n", 2, "tidak aman"),
        ("kode,nama,jenis\na..b,Dinas Kesehatan,dinas\n", 2, "tidak aman"),
        ("kode,nama,jenis\nCON:,Dinas Kesehatan,dinas\n", 2, "tidak aman"),
        ("kode,nama,jenis\n" + "x" * 65 + ",Dinas Kesehatan,dinas\n", 2, "tidak aman"),
        ("kode,nama,jenis\npupr,Dinas Pekerjaan Umum, Perumahan,dinas\n", 2, "ada 4 kolom padahal judul hanya 3"),
        # (the kode of the kabupaten LKE export writes: a unit of it was skipped as that usulan; diffrev15)
        ("kode,nama,jenis\nKabupaten,Kabupaten Contoh,lainnya\n", 2, "dipakai pmprb untuk LKE kabupaten (usulan)"),
        # The same comma under an alias column (init writes one): "jenis 'Perumahan' tidak dikenal; mungkin 'lainnya'?"
        (
            "kode,nama,jenis,alias\npupr,Dinas Pekerjaan Umum, Perumahan,dinas,\n",
            2,
            "'dinas' ada di kolom sesudahnya: nama yang mengandung pemisah kolom (koma) memecah barisnya",
        ),
        # A jenis typo beside an alias that is a jenis word is a typo, not a comma.
        (
            "kode,nama,jenis,alias\nRSUD,Rumah Sakit Umum Daerah,rsu,RSUD\n",
            2,
            "jenis 'rsu' tidak dikenal; mungkin 'rsud'?",
        ),
        (
            "kode,nama,jenis\na,Dinas Satu,dinas\nb,dinas satu,dinas\n",
            3,
            "nama/alias 'dinas satu' sudah dipakai unit a",
        ),
        ("kode,nama,jenis,alias\na,Dinas Satu,dinas,DS\nb,Dinas Dua,dinas,ds\n", 3, "nama/alias 'ds' sudah dipakai"),
        # A merged unit's old kode as its alias, the old unit's row still there: files went to either unsaid.
        (
            "kode,nama,jenis,alias\nDISPERINDAG,Dinas Perindag,dinas,\nDISKOPERINDAG,Dinas Koperindag,dinas,DISPERINDAG\n",
            3,
            "alias 'DISPERINDAG' unit DISKOPERINDAG adalah kode unit di baris 2",
        ),
        # Two columns of one title: the one further right silently named every unit.
        (
            "kode,nama,jenis,nama\ndinkes,Dinas Kesehatan,dinas,Dinkes Lama\n",
            1,
            "kolom nama ada 2 kali (kolom ke-2, ke-4: nama, nama)",
        ),
        ("kode,nama,jenis,alias,aliases\na,Dinas A,dinas,x,y\n", 1, "kolom alias ada 2 kali (kolom ke-4, ke-5"),
        ("kode,nama,jenis\n", 0, "tidak berisi satu unit pun"),
        ("", 1, "berkas kosong"),
    ],
)
def test_validation_names_file_line_and_problem(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    message = caught.value.message
    assert str(path) in message
    if line:
        assert f"baris {line}:" in message
    assert problem in message
    assert caught.value.code == "PMPRB-E903"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = "kode,nama,jenis\na,Dinas A,dinas\na,Dinas B,dinas\nc,,kecamatn\n"
    with pytest.raises(RegistryError) as caught:
        load_registry(write(tmp_path, text))
    lines = caught.value.message.splitlines()
    assert [ln.split(": ", 1)[0].rsplit(", ", 1)[1] for ln in lines] == ["baris 3", "baris 4", "baris 4"]
    assert "nama kosong" in lines[1] and "mungkin 'kecamatan'" in lines[2]


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, b"kode,nama,jenis\nx,Dinas X,dinas\ny,Dinas Pemuda dan Olahraga " + b"\xe9,dinas\n")
    with pytest.raises(RegistryError, match="baris 3: bukan teks UTF-8") as caught:
        load_registry(path)
    assert "CSV UTF-8" in caught.value.hint
    # The byte named: a no-break space (0xa0) of an ANSI save looks like any space in the name.
    assert "(bita 0xe9; berkas disimpan sebagai ANSI/Windows-1252?)" in caught.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="tidak ditemukan"):
        load_registry(tmp_path / "tidak-ada.csv")


def test_registry_error_is_a_pmprb_error() -> None:
    assert issubclass(RegistryError, PmprbError) and RegistryError.__doc__


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return load_registry(write(tmp_path, GOOD))


@pytest.mark.parametrize(
    ("text", "kode"),
    [
        ("dinkes", "dinkes"),
        ("DINKES", "dinkes"),
        ("Dinas Kesehatan", "dinkes"),
        ("  dinas   kesehatan ", "dinkes"),
        ("dkk", "dinkes"),
        ("kec. sukamaju", "kec-sukamaju"),
        ("Dinas Sosial", None),
    ],
)
def test_find_by_kode_name_or_alias(registry: Registry, text: str, kode: str | None) -> None:
    found = registry.find(text)
    assert (found.kode if found else None) == kode


@pytest.mark.parametrize(
    ("typo", "kode"),
    [("Dinas Kesehatn", "dinkes"), ("kecamatan suka maju", "kec-sukamaju"), ("bapeda", "bappeda"), ("zzz", None)],
)
def test_closest_suggests_a_unit(registry: Registry, typo: str, kode: str | None) -> None:
    near = registry.closest(typo)
    assert (near.kode if near else None) == kode


@pytest.mark.parametrize(
    ("name", "kode", "jenis"),
    [
        ("Dinas Kesehatan", "dinas-kesehatan", "dinas"),
        ("RSUD dr. Soekardjo", "rsud-dr-soekardjo", "rsud"),
        ("Rumah Sakit Umum Daerah", "rumah-sakit-umum-daerah", "rsud"),
        ("Kecamatan Mekar Sari", "kecamatan-mekar-sari", "kecamatan"),
        ("../../Satpol PP", "satpol-pp", "lainnya"),
        ('=HYPERLINK("http://x","klik")', "hyperlink-http-x-klik", "lainnya"),
    ],
)
def test_unit_from_name(name: str, kode: str, jenis: str) -> None:
    unit = unit_from_name(name)
    assert (unit.kode, unit.jenis, unit.nama) == (kode, jenis, name)
    assert unit.jenis in JENIS


def test_unit_from_name_without_letters() -> None:
    with pytest.raises(RegistryError):
        unit_from_name("../..")


def test_select_units(tmp_path: Path) -> None:
    path = str(write(tmp_path, GOOD))
    assert len(select_units(path, None)) == 4
    assert [u.kode for u in select_units(path, "DKK")] == ["dinkes"]
    assert select_units(None, "Dinas Sosial")[0].kode == "dinas-sosial"
    with pytest.raises(RegistryError, match="Mungkin maksudnya 'Dinas Kesehatan'"):
        select_units(path, "Dinas Kesehatn")
    with pytest.raises(UsageError):
        select_units(None, None)


def test_names_that_look_alike_are_one_name(tmp_path: Path) -> None:
    # "Dinas\u200b Sosial" and "Dinas Sosial" were two units that looked like one in every output; "Café"
    # typed with a combining accent (NFD) in a workbook was not the registry's "Café" (NFC): E301.
    with pytest.raises(RegistryError, match="sudah dipakai unit dinsos"):
        load_registry(write(tmp_path, "kode,nama,jenis\ndinsos,Dinas Sosial,dinas\nlain,Dinas\u200b Sosial,dinas\n"))
    registry = load_registry(write(tmp_path, "kode,nama,jenis\ndispar,Dinas Pariwisata Caf\u00e9,dinas\n"))
    assert registry.units[0].nama == "Dinas Pariwisata Caf\u00e9"
    found = registry.of_workbook("", "Dinas Pariwisata Cafe\u0301")
    assert found is not None and found.kode == "dispar"
    nfd = load_registry(write(tmp_path, "kode,nama,jenis\ndispar,Dinas Pariwisata Cafe\u0301,dinas\n"))
    assert nfd.units[0].nama == "Dinas Pariwisata Caf\u00e9"  # kept composed, as every output shows it


def test_a_utf16_registry_without_its_mark_is_said_to_be_utf16(tmp_path: Path) -> None:
    # Decoded as UTF-8 with a NUL after each letter, it gave dozens of "nama '' sudah dipakai".
    path = tmp_path / "daftar.csv"
    path.write_bytes("kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\n".encode("utf-16-le"))
    with pytest.raises(RegistryError) as said:
        load_registry(path)
    assert "baris 1: memuat karakter NUL; berkas ini tampaknya teks UTF-16" in said.value.message


def test_a_utf16_registry_with_its_mark_is_read_tab_separated_or_not(tmp_path: Path) -> None:
    # Excel's "Teks Unicode" (UTF-16 with its mark, tab-separated) was "memuat karakter NUL … simpan ulang".
    path = tmp_path / "daftar.txt"
    path.write_bytes("kode\tnama\tjenis\nDINKES\tDinas Kesehatan, Kab\tdinas\n".encode("utf-16"))
    assert [(u.kode, u.nama) for u in load_registry(path).units] == [("DINKES", "Dinas Kesehatan, Kab")]
    path.write_bytes(b"\xfe\xff" + "kode;nama;jenis\nDINKES;Dinas Kesehatan;dinas\n".encode("utf-16-be"))
    assert [u.kode for u in load_registry(path).units] == ["DINKES"]


def test_a_utf16_registry_with_commas_in_its_header_is_still_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "daftar.txt"
    header = "kode\tnama\tjenis\tketerangan (gabungan, pecahan, ganti nama, dll)\n"  # as many commas as tabs
    path.write_bytes((header + "DINKES\tDinas Kesehatan\tdinas\t\n").encode("utf-16"))
    assert [u.kode for u in load_registry(path).units] == ["DINKES"]


def test_a_damaged_utf16_registry_is_said_to_be_utf16(tmp_path: Path) -> None:
    path = tmp_path / "daftar.txt"
    path.write_bytes("kode\tnama\tjenis\nA\tB\tdinas\n".encode("utf-16") + b"\x00\xd8\x41\x00")
    with pytest.raises(RegistryError, match="baris 3: teks UTF-16 yang rusak") as caught:
        load_registry(path)
    assert "ANSI" not in caught.value.message  # (its mark says what it is: no ANSI save)


def test_an_empty_registry_says_what_to_write(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_bytes(b"")
    with pytest.raises(RegistryError) as said:
        load_registry(path)
    assert "berkas kosong" in said.value.message and "kode,nama,jenis" in said.value.hint


def test_a_stray_nul_in_a_utf8_registry_is_not_taken_for_utf16(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_bytes(b"kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\nDISDIK,Dinas Pendidikan\x00,dinas\n")
    assert [u.kode for u in load_registry(path).units] == ["DINKES", "DISDIK"]


@pytest.mark.parametrize("title", ["Alias (pisahkan dengan |)", "Singkatan/Alias", "ALIASES lama"])
def test_an_alias_column_under_a_longer_title_is_read(tmp_path: Path, title: str) -> None:
    # The renamed unit's old kode under "Alias (pisahkan dengan |)" was dropped without a word: its workbook was
    # "tidak ada di daftar" and the unit "belum mengirim".
    text = f"kode;nama;jenis;{title}\nDINKESKB;Dinas Kesehatan;dinas;DINKES|DKK\n"
    registry = load_registry(write(tmp_path, text))
    assert registry.units[0].aliases == ("DINKES", "DKK")
    assert registry.find("DINKES") is not None


@pytest.mark.parametrize("head", [b"PK\x03\x04\x14\x00\x06\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])
def test_a_workbook_given_as_the_registry_is_said_to_be_one(tmp_path: Path, head: bytes) -> None:
    path = tmp_path / "daftar-unit.xlsx"
    path.write_bytes(head + bytes(range(256)) * 4)
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    assert "adalah buku kerja Excel, bukan berkas CSV" in str(caught.value)
    assert "CSV UTF-8" in (caught.value.hint or "")


@pytest.mark.parametrize(
    ("cell", "aliases"),
    [
        ("DISDIK|DIKBUD", ("DISDIK", "DIKBUD")),
        # Commas or semicolons between one-word aliases were one alias no workbook says.
        ("DISDIK, DIKBUD", ("DISDIK", "DIKBUD")),
        ("DISDIK;DIKBUD|Dinas Pendidikan", ("DISDIK", "DIKBUD", "Dinas Pendidikan")),
        # A comma inside a name keeps the name whole.
        ("Dinas Pekerjaan Umum, Perumahan", ("Dinas Pekerjaan Umum, Perumahan",)),
        ("DPU, Dinas PU", ("DPU, Dinas PU",)),
        ("DISDIK,", ("DISDIK",)),
    ],
)
def test_aliases_of_one_word_are_split_on_commas_too(tmp_path: Path, cell: str, aliases: tuple[str, ...]) -> None:
    text = f'kode,nama,jenis,alias\ndisdik,Dinas Pendidikan dan Kebudayaan,dinas,"{cell}"\n'
    assert load_registry(write(tmp_path, text)).units[0].aliases == aliases


def test_an_alias_naming_another_units_former_name_takes_none_of_its_past() -> None:
    # DISKOMINFO → DKIS "Dinas Komunikasi, Informatika dan Statistik" (2023), statistics split off since: a new
    # DISSTAT lists its parent's former name as alias. Matched by that name, DISSTAT took DKIS's old kode
    # DISKOMINFO, and renamed_kodes gave DKIS's 2022 months to DISSTAT.
    from pmprb_cli.registry import renamed_kodes

    r2022 = Registry((Unit("DISKOMINFO", "Dinas Komunikasi dan Informatika", "dinas"),), "2022.csv")
    r2023 = Registry(
        (Unit("DKIS", "Dinas Komunikasi, Informatika dan Statistik", "dinas", ("DISKOMINFO",)),), "2023.csv"
    )
    today = Registry(
        (
            Unit("DKIS", "Dinas Komunikasi dan Informatika", "dinas"),
            Unit("DISSTAT", "Dinas Statistik", "dinas", ("Dinas Komunikasi, Informatika dan Statistik",)),
        ),
        "2025.csv",
    )
    known = today.with_aliases_of([r2022, r2023])
    assert [u.aliases for u in known.units] == [("DISKOMINFO",), ("Dinas Komunikasi, Informatika dan Statistik",)]
    assert renamed_kodes(known)["diskominfo"] == "DKIS"
    # A unit renamed with its former name as alias still finds its past by that name.
    then = Registry((Unit("DINKES", "Dinas Kesehatan", "dinas"),), "2022.csv")
    now = Registry((Unit("DINKESPPKB", "Dinas Kesehatan dan KB", "dinas", ("Dinas Kesehatan",)),), "2023.csv")
    assert now.with_aliases_of([then]).units[0].aliases == ("Dinas Kesehatan", "DINKES")


def test_a_kode_given_twice_is_said_beside_a_bad_jenis_in_one_pass(tmp_path: Path) -> None:
    # Row 2's jenis wrong, row 3 repeating row 2's kode: only the jenis was said; the kode given twice came
    # after the fix ("ditolak sekaligus" took two rounds).
    path = tmp_path / "daftar.csv"
    path.write_text("kode,nama,jenis\nDB,Dinas B,dinsa\nDB,Dinas B Lagi,dinas\nDC,Dinas C,dinas\n", encoding="utf-8")
    with pytest.raises(RegistryError) as refused:
        load_registry(str(path))
    said = str(refused.value.message)
    assert "baris 2: jenis 'dinsa'" in said and "baris 3: kode 'DB' ganda (sudah dipakai di baris 2)" in said, said


def test_a_kecamatan_given_another_jenis_is_refused_with_the_one_its_name_says(tmp_path: Path) -> None:
    # "Dinas" filled down over the kecamatan rows: Kecamatan Cibenda won "perangkat daerah terbaik" and no kecamatan
    # had an award, with no word of it. (A unit named otherwise stays as registered: "UPTD Puskesmas" lainnya.)
    text = (
        "kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\nKEC-CIBENDA,Kecamatan Cibenda,dinas\n"
        "DISPORA,Dinas Pemuda dan Olahraga,kecamatan\nKEC-X,Kec. Sukamaju,kecamatan\nUPTD,Kecamatan Baru (UPT),lainnya\n"
        "SEKCAM,Sekretariat Kecamatan Sukamaju,kecamatan\nKEC-Y,Kec.Sukajadi,badan\n"
    )
    with pytest.raises(RegistryError) as caught:
        load_registry(write(tmp_path, text))
    lines = caught.value.message.splitlines()
    assert len(lines) == 3, lines  # ("Sekretariat Kecamatan …" may be either: left as registered)
    assert (
        "baris 3: jenis 'dinas' untuk 'Kecamatan Cibenda', yang namanya diawali Kecamatan: mungkin 'kecamatan'?"
        in (lines[0])
    )
    assert "baris 4: jenis 'kecamatan' untuk 'Dinas Pemuda dan Olahraga'" in lines[1] and "mungkin 'dinas'?" in lines[1]
    assert "baris 8: jenis 'badan' untuk 'Kec.Sukajadi', yang namanya diawali Kec: mungkin 'kecamatan'?" in lines[2]


def test_a_row_separated_otherwise_than_its_header_is_said_as_such(tmp_path: Path) -> None:
    # Rows added in Indonesian Excel to the comma-separated registry init writes came back ';'-separated: three
    # wrong messages each ("kode … tidak aman", "nama kosong", "jenis kosong").
    text = (
        "kode,nama,jenis\nDINKES,Dinas Kesehatan,dinas\nDISDIK;Dinas Pendidikan;dinas;Disdik\n"
        "DP3A;Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB;dinas;\n"
    )
    with pytest.raises(RegistryError) as caught:
        load_registry(write(tmp_path, text))
    lines = caught.value.message.splitlines()
    said = "dipisah ';', sedangkan judul kolom dipisah ','; simpan ulang seluruh berkas dengan satu pemisah"
    assert len(lines) == 2 and all(said in line for line in lines), lines
    assert "baris 3:" in lines[0] and "baris 4:" in lines[1]
    # A ';' file whose name holds commas and whose jenis is blank says the blank jenis, not another separator.
    text = "kode;nama;jenis\nDP3A;Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk;;\n"
    with pytest.raises(RegistryError) as caught:
        load_registry(write(tmp_path, text, "b.csv"))
    assert "jenis kosong" in caught.value.message and "dipisah" not in caught.value.message
