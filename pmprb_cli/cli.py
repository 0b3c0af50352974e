"""The command line: a thin shell over the library. The only module that imports typer.

Exit codes (also in README and ``pmprb --help``):
0 all good; 1 some input had problems (reported; the rest processed); 2 usage or configuration error;
3 internal error (a short message; the traceback only with ``--debug``); 4 (run, export) another pmprb process
holds the history lock, nothing was done.
"""

from __future__ import annotations

import atexit
import contextlib
import enum
import errno
import functools
import gc
import io
import json
import os
import re
import shlex
import stat
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Annotated, Any, TypeVar, cast

import typer
from typer.core import TyperCommand, TyperGroup

from pmprb_cli import __version__
from pmprb_cli.errors import PmprbError, SystemRefusal, UsageError, os_reason, windows_path_hint

EXIT_HELP = (
    "Kode keluar: 0 semua baik; 1 ada masukan bermasalah (dilaporkan, sisanya tetap diproses); "
    "2 kesalahan pemakaian, konfigurasi atau sistem (disk penuh, folder hanya-baca); "
    "3 kesalahan internal (jejak lengkap hanya dengan --debug); "
    "4 riwayat sedang dipakai proses pmprb lain (run, export): tidak ada yang dikerjakan; "
    "129 sesi terminal/SSH terputus (SIGHUP); 130 dihentikan dengan Ctrl-C; 141 pembaca keluaran menutupnya "
    "(mis. `| head`); 143 dihentikan (SIGTERM)."
)


class ExitCode(enum.IntEnum):
    """The exit-code contract."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3
    BUSY = 4
    HUNG_UP = 129  # SIGHUP (128 + 1): the terminal or SSH session went away; stopped as SIGTERM stops it
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    PIPE_CLOSED = 141  # the reader of stdout closed it, as `| head` does (128 + SIGPIPE)
    TERMINATED = 143  # SIGTERM (128 + 15): stopped as Ctrl-C stops it


class Format(enum.StrEnum):
    """Output formats of the data commands."""

    table = "table"
    json = "json"
    csv = "csv"


class ShowFormat(enum.StrEnum):
    """Output formats of ``rubric show``."""

    table = "table"
    json = "json"
    toml = "toml"


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _say_error(code: str, message: str, hint: str, *, english: bool = False) -> None:
    """An error and its hint on stderr, labelled in the language of the message (pmprb's own are Indonesian)."""
    err = _stderr()
    # A message may quote a file's content (a registry line): its control characters never reach the terminal.
    message, hint = _CONTROL_CHARACTERS.sub("", message), _CONTROL_CHARACTERS.sub("", hint)
    err.print(f"{'Error' if english else 'Galat'} [{code}]: {message}", markup=False)
    if hint:
        err.print(f"{'Hint' if english else 'Saran'}: {hint}", markup=False)


#: The values of options given as free text (a list: "html,md"), for the guess at a familiar spelling (--html).
_FREE_CHOICES = {("report", "--format"): ("html", "md")}


@contextlib.contextmanager
def _usage_said_as_pmprb() -> Iterator[None]:
    """Click's usage errors said as pmprb's own (PMPRB-E902, exit 2), in the language of the run."""
    try:
        yield
    except Exception as exc:
        from pmprb_cli.click_words import is_usage_error, usage_words

        if not is_usage_error(exc):
            raise  # typer.Exit of --version and --help among them: that path stays light (no catalogue)
        from pmprb_cli.catalogue import language

        english = language() == "en"
        format_message = getattr(exc, "format_message", None)
        text = str(format_message() if callable(format_message) else exc)
        path = getattr(getattr(exc, "ctx", None), "command_path", "") or "pmprb"
        ctx = getattr(exc, "ctx", None)
        group: Any = getattr(ctx, "command", None)  # the group the mistyped command was looked up in
        commands = list(group.list_commands(ctx)) if hasattr(group, "list_commands") else []
        # (the command's options and their choices: "--json" is answered "--format json", where --format has it)
        options = {
            opt: tuple(getattr(param.type, "choices", ()) or _FREE_CHOICES.get((getattr(group, "name", ""), opt), ()))
            for param in getattr(group, "params", ())
            for opt in getattr(param, "opts", ())
        }
        message, hint = usage_words(text, path, commands, english=english, options=options)
        _say_error("PMPRB-E902", message, hint, english=english)
        raise typer.Exit(ExitCode.USAGE) from None


_HELP_OPTION_TEXT = "Tampilkan bantuan ini lalu keluar."


def _said_in_indonesian(option: Any) -> Any:
    """The --help option with its text in the language of every other help text."""
    if option is not None:
        option.help = _HELP_OPTION_TEXT
    return option


def _help_in_indonesian(command: Any, ctx: Any) -> str:
    """A command's help written by a formatter that says Click's own words (headings, notes) in Indonesian."""
    from pmprb_cli.click_words import indonesian_formatter

    base = type(ctx.make_formatter())
    formatter = indonesian_formatter(base)(width=ctx.terminal_width, max_width=ctx.max_content_width)
    command.format_help(ctx, formatter)
    return str(formatter.getvalue()).rstrip("\n")


class _Command(TyperCommand):
    """pmprb's commands: as Typer's, with their help (Click's headings and notes too) in Indonesian."""

    def get_help_option(self, ctx: Any) -> Any:
        return _said_in_indonesian(super().get_help_option(ctx))

    def get_help(self, ctx: Any) -> str:
        return _help_in_indonesian(self, ctx)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except Exception as exc:
            # Click's parser raises "Option '--format' requires an argument" without the command's context: the
            # hint then sent the user to `pmprb --help`, which lists no --format. Given this command's.
            if getattr(exc, "ctx", False) is None and parent is not None:
                exc.ctx = type(parent)(self, info_name=info_name, parent=parent)  # type: ignore[attr-defined]
            raise


#: pmprb's own options (before the command); those that take a value, then the flags.
_GLOBAL_WITH_VALUE = ("--config", "--lang")
_GLOBAL_FLAGS = ("--debug",)


def global_options_first(args: list[str], ctx: Any = None) -> list[str]:
    """The arguments with pmprb's own options moved before the command when written after it.

    ``pmprb run --period 2022-08 --config /srv/pmprb.toml`` (how a crontab line is often written) was refused
    with "Opsi --config tidak dikenal". No command has an option of these names; ``--`` ends the search.
    Written last without its value, such an option is said to need one (it was "tidak dikenal", and the hint
    sent the user to write before the command what README allows after it).
    """
    head: list[str] = []
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        takes_value = args[i] in _GLOBAL_WITH_VALUE and i + 1 < len(args)
        head += args[i : i + 2] if takes_value else args[i : i + 1]
        i += 2 if takes_value else 1
    moved: list[str] = []
    kept: list[str] = []
    rest = args[i:]
    j = 0
    while j < len(rest):
        arg = rest[j]
        if arg == "--":
            kept += rest[j:]
            break
        name = arg.split("=", 1)[0]
        if name in _GLOBAL_WITH_VALUE and "=" not in arg and j + 1 == len(rest):
            # (Click's own error, from the module Typer takes it from: a vendored copy in recent versions)
            exceptions = sys.modules[typer.BadParameter.__module__]
            raise exceptions.BadOptionUsage(name, f"Option '{name}' requires an argument.", ctx)
        if name in _GLOBAL_WITH_VALUE and ("=" in arg or j + 1 < len(rest)):
            step = 1 if "=" in arg else 2
            moved += rest[j : j + step]
            j += step
        elif arg in _GLOBAL_FLAGS:
            moved.append(arg)
            j += 1
        else:
            kept.append(arg)
            j += 1
    return head + moved + kept


class _Commands(TyperGroup):
    """pmprb's command groups: parse and dispatch as Typer does, usage errors said as pmprb's own."""

    def get_help_option(self, ctx: Any) -> Any:
        return _said_in_indonesian(super().get_help_option(ctx))

    def get_help(self, ctx: Any) -> str:
        return _help_in_indonesian(self, ctx)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _usage_said_as_pmprb():
            return super().make_context(*args, **kwargs)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the top level: pmprb's own options may follow the command, as cron lines do
            args = global_options_first(args, ctx)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        with _usage_said_as_pmprb():
            return super().invoke(ctx)


#: -h as well: "pmprb run -h" was "Opsi -h tidak dikenal" to a user who typed what most tools take.
_HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    cls=_Commands,
    name="pmprb",
    help="pmprb — menilai, memeriksa dan melaporkan LKE PMPRB perangkat daerah.\n\n" + EXIT_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
    context_settings=_HELP_OPTIONS,
)
rubric_app = typer.Typer(
    cls=_Commands, help="Daftar, tampilkan dan periksa rubrik.", no_args_is_help=True, context_settings=_HELP_OPTIONS
)
app.add_typer(rubric_app, name="rubric")

_state: dict[str, Any] = {"debug": os.environ.get("PMPRB_DEBUG", "") not in ("", "0")}

F = TypeVar("F", bound=Callable[..., Any])


def _stderr() -> Any:
    from rich.console import Console

    class _Stderr(Console):
        def on_broken_pipe(self) -> None:
            # rich ends with exit 1 ("ada masukan bermasalah") when the reader goes away: a usage error piped
            # `2>&1 | head -1` exited 1, not 2 (wheelrev). What is left unsaid is dropped; the exit stays the command's.
            self.quiet = True
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stderr.fileno())
                os.close(devnull)

    # (emoji=False: a cell typed "A:B:C" was quoted "A🅱C", a registry line "root:x:0" as "root❌0")
    width = _width_when_columns_unusable()
    return _Stderr(stderr=True, highlight=False, soft_wrap=True, emoji=False, width=width, height=_height_beside(width))


def _say_waiting(said: str) -> None:
    """Tell the terminal that the command waits for another pmprb's lock (``--wait``), and whose."""
    _stderr().print(said[:1].upper() + said[1:] + " …", markup=False)


def _hanging(line: str, console: Any) -> str:
    """A line wrapped to a terminal's width, each further line indented under the first's text.

    Wrapped by the terminal, a finding's "Saran:" ran on from column 0 into the next finding. (A file or a
    pipe keeps each line whole: grep reads it.)
    """
    if not console.is_terminal or len(line) <= console.width:
        return line
    import textwrap

    indent = " " * (len(line) - len(line.lstrip(" ")) + 2)
    return textwrap.fill(
        line, width=console.width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )


def _height_beside(width: int | None) -> int | None:
    """The height to give rich with a width: given alone, a dumb terminal's width stayed 80 (rich reads both)."""
    if width is None:
        return None
    lines = os.environ.get("LINES", "")
    return int(lines) if lines.strip().isdigit() and int(lines) > 0 else 25


def _width_when_columns_unusable() -> int | None:
    """80 when ``COLUMNS`` says a width nothing fits in (``COLUMNS=0`` in a cron job); else None (rich decides).

    rich took a width of 0 from it and printed nothing: every error of a cron run went unsaid, exit 2 alone.
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.strip().isdigit() and os.environ.get("TERM") == "dumb" and int(columns) >= 20:
        # (rich takes 80 for a dumb terminal whatever COLUMNS says: a 60-column one broke each line twice)
        return int(columns)
    return 80 if columns.strip().isdigit() and int(columns) < 20 else None


def _stdout() -> Any:
    from rich.console import Console

    class _Stdout(Console):
        def on_broken_pipe(self) -> None:
            # rich ends with exit 1 ("problem inputs" in pmprb's contract) when the reader goes away.
            self.quiet = True
            _stdout_to_devnull()
            raise SystemExit(ExitCode.PIPE_CLOSED)

    # A table piped to a file or a cron log keeps its full width rather than 80 columns; a line of text is not
    # broken at that width (a finding's file name went to the line before, and `grep PMPRB-W410` lost it).
    tty = sys.stdout.isatty()
    return _Stdout(
        highlight=False,
        emoji=False,
        soft_wrap=not tty,
        width=(width := _width_when_columns_unusable() if tty else 250),
        height=_height_beside(width),
    )


class _PipeText:
    """stdout for a large text, a few KB per write when it is a pipe, so that a closed pipe is said.

    One 178 KB write into `| head -c 10` was taken in part (64 KB) by the pipe and the rest dropped without
    an error: exit 0 where README promises 141. A write of at most PIPE_BUF bytes is whole or refused.
    """

    def __init__(self) -> None:
        self.pipe = False
        with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
            self.pipe = stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode)

    def write(self, text: str) -> int:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # (a stream of text only: written as it takes it)
            return sys.stdout.write(text)
        # JSON, CSV and Markdown are UTF-8 whatever the locale: under LANG=C or a Latin-1 one, "“menuju WBK”" was
        # written "?menuju WBK?" (the same inputs, other bytes) and "×" as one Latin-1 byte, no JSON reader's.
        sys.stdout.flush()
        data = text.encode("utf-8", "surrogateescape")
        step = 4096 if self.pipe else len(data) or 1
        for start in range(0, len(data), step):
            buffer.write(data[start : start + step])
            buffer.flush()
        return len(text)


def _write_out(text: str) -> None:
    _PipeText().write(text)


def _stdout_to_devnull() -> None:
    """Point stdout at /dev/null: its reader is gone, and the interpreter's flush at exit must not fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _streams_flushed() -> OSError | None:
    """Flush stdout and stderr now; one that cannot be written (a full disk) is pointed at /dev/null.

    Left to the interpreter's exit, the failed flush of a cron job's `>> run.log` on a full disk printed
    "Exception ignored … OSError: [Errno 28]" in English and made the exit code 120, not the 2 its log recorded.
    Returns why stdout could not be written, if it could not.
    """
    refused: OSError | None = None
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError) as exc:
            if stream is sys.stdout and isinstance(exc, OSError):
                refused = exc
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)
    return refused


_OS_ERROR_HINT = SystemRefusal.hint


def _os_error_words(exc: OSError) -> str:
    """What the system refused, in Indonesian, with the path it concerns."""
    reason = os_reason(exc)
    where = exc.filename if exc.filename is not None else ""
    if _output_refused(exc):
        # (a write without a path is the output itself: `pmprb score … > hasil.json` on a full disk)
        return f"Sistem menolak menulis keluaran (mis. stdout yang dialihkan ke berkas): {reason}"
    return f"Sistem menolak: {where}: {reason}" if where else f"Sistem menolak: {reason}"


def _output_refused(exc: OSError) -> bool:
    """A write refused for room, with no path: the output stream itself (stdout redirected to a full disk)."""
    room = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
    return exc.filename is None and exc.errno in room


def _os_error_hint(exc: OSError) -> str:
    """The hint for a refusal: "folder itu" only where a path was named."""
    if _output_refused(exc):
        return "Periksa ruang kosong dan izin tempat keluaran ditulis (df -h), lalu jalankan ulang."
    if exc.errno == errno.ENAMETOOLONG:
        return "Pendekkan nama berkas atau folder yang disebut, lalu jalankan ulang."
    return _OS_ERROR_HINT


def in_config_folder_for_its_inbox(fn: F) -> F:
    """Run a command that reads the period's inbox pmprb.toml names inside pmprb.toml's folder, as `run` does.

    Its files are then named from there ("masuk/2022-08/BPKAD.xlsx") whatever the working folder: from "/" they
    were "tmp/kab/masuk/…", from a folder beside it the whole path, and `score --period` from a cron's folder
    matched neither the run's files nor another cron's (detrev). Paths typed on the command line are made
    absolute first: they still mean what they meant from the working folder.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        config = None if kwargs.get("paths") or not kwargs.get("period") else _config()
        if config is None:
            return fn(*args, **kwargs)
        from pmprb_cli.config import absolute_from_here
        from pmprb_cli.files import in_folder

        for key in ("out", "registry", "templates", "rubric"):
            typed = kwargs.get(key)
            # (a Windows path is left as typed, for the refusal that names it: "--out /tmp/x/D:\rekap\…")
            if typed and (key != "rubric" or _names_a_file(typed)) and "\\" not in typed:
                try:
                    kwargs[key] = absolute_from_here(typed)
                except FileNotFoundError:  # (the working folder removed since: "Sistem menolak: tidak ada")
                    raise UsageError(
                        f"Folder kerja tempat perintah ini dijalankan sudah tidak ada, sehingga --{key} {typed} tidak "
                        "menunjuk ke mana pun",
                        hint=f"Sebutkan jalur lengkapnya (mis. --{key} {config.root / typed}), atau jalankan dari "
                        "folder yang ada.",
                    ) from None
        with in_folder(config.root):
            return fn(*args, **kwargs)

    return cast("F", wrapper)


def _names_a_file(rubric: str) -> bool:
    """Whether ``--rubric`` names a file rather than a shipped rubric's id."""
    return os.path.exists(rubric) or rubric.endswith(".toml") or "/" in rubric or os.sep in rubric


def guarded(fn: F) -> F:
    """Map errors to the exit-code contract; never show a traceback without --debug."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            code = fn(*args, **kwargs)
        except typer.Exit:
            raise
        except PmprbError as exc:
            _say_error(exc.code, exc.message, exc.hint)
            raise typer.Exit(ExitCode.USAGE) from None
        except KeyboardInterrupt as exc:
            from pmprb_cli.entry import Terminated

            # Exit 130 with nothing said read as a crash; the run log said this, the terminal did not.
            _stop_progress()
            with contextlib.suppress(OSError, ValueError):
                _stderr().print(
                    f"Dihentikan ({exc.signal_name if isinstance(exc, Terminated) else 'Ctrl-C'}) sebelum selesai: "
                    "setiap berkas yang sudah ditulis utuh (tidak ada berkas setengah jadi), tetapi keluaran ke "
                    "layar atau pipa terpotong. Jalankan lagi perintah yang sama untuk menyelesaikannya.",
                    markup=False,
                )
            raise typer.Exit(exc.exit_code if isinstance(exc, Terminated) else ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            # The reader of stdout went away (`pmprb score … | head`): nothing left to say to it.
            # 141 = 128 + SIGPIPE, as `yes | head` ends.
            _stdout_to_devnull()
            raise typer.Exit(ExitCode.PIPE_CLOSED) from None
        except OSError as exc:
            # The system refused an output, the history or a settings file (a read-only or full disk, a
            # folder without permission): the environment's problem, said with the path; inputs never get
            # here (each is reported in its file's line).
            _say_error("PMPRB-E905", _os_error_words(exc), _os_error_hint(exc))
            raise typer.Exit(ExitCode.USAGE) from None
        except Exception as exc:  # the last line of defence: a short message, exit 3
            err = _stderr()
            if _state["debug"]:
                err.print(traceback.format_exc(), markup=False)
            err.print(
                f"Kesalahan internal pmprb ({type(exc).__name__}: {exc}). "
                "Jalankan ulang dengan --debug dan laporkan keluarannya.",
                markup=False,
            )
            raise typer.Exit(ExitCode.INTERNAL) from None
        raise typer.Exit(int(code or 0))

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        print(f"pmprb {__version__}")
        raise typer.Exit()


def _files_in_indonesian() -> None:
    """Files pmprb writes (rekap, rapor, validasi, paket, templat) are in Indonesian whatever --lang says.

    They are what the kabupaten reads and keeps: a PMPRB_LANG=en left in an adviser's shell wrote English
    findings under Indonesian headings, and rewrote every output of an unchanged period. --lang en is for
    what validate and score print.
    """
    os.environ["PMPRB_LANG"] = "id"


def _set_language(value: str | None) -> str | None:
    # Set while the options are parsed, before the command is looked up: a mistyped command after
    # --lang en is then said in English too.
    if value:
        if value.strip().lower() not in ("id", "en"):
            # (in the language the error is said in: PMPRB_LANG=en gave "Invalid value for '--lang': 'xx' bukan …")
            english = os.environ.get("PMPRB_LANG", "").strip().lower().startswith("en")
            said = (
                "is not a language pmprb speaks; choose id or en"
                if english
                else "bukan bahasa yang tersedia; pilih id atau en"
            )
            raise typer.BadParameter(f"'{value}' {said}.")
        os.environ["PMPRB_LANG"] = value.strip().lower()
    return value


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Tampilkan versi lalu keluar.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Tampilkan jejak lengkap bila terjadi kesalahan.")] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="<id|en>",
            callback=_set_language,
            is_eager=True,
            help="Bahasa yang dicetak validate (temuan dan ringkasannya) dan bahasa temuan yang dicetak score: id "
            "(bawaan) atau en; tabel nilai dan daftar tindakan score, berkas keluaran (rekap, rapor, paket) dan "
            "bantuan selalu berbahasa Indonesia. Juga PMPRB_LANG.",
        ),
    ] = None,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            help="Berkas pengaturan (bawaan: ./pmprb.toml bila ada); opsi perintah menang.",
            metavar="BERKAS",
        ),
    ] = None,
) -> None:
    """Opsi umum."""
    said = os.environ.get("PMPRB_LANG", "").strip().lower()
    if not lang and said and not said.startswith(("id", "en")):
        # --lang xx is refused; PMPRB_LANG=xx fell back to Indonesian without a word.
        _stderr().print(f"PMPRB_LANG='{said[:20]}' bukan bahasa yang tersedia (id atau en); dipakai id.", markup=False)
    _state["config"] = config
    _state.pop("settings", None)  # read afresh in every invocation (tests run many in one process)
    if debug:
        _state["debug"] = True
        os.environ["PMPRB_DEBUG"] = "1"  # workers too: a file's internal error is raised, not reported


RubricOption = Annotated[
    str | None,
    typer.Option(
        "--rubric",
        "-r",
        help="Id rubrik bawaan (lihat `pmprb rubric list`) atau jalur berkas .toml (bawaan: rubric di pmprb.toml, "
        "atau rubrik yang membuat buku kerjanya).",
        metavar="ID|BERKAS",
    ),
]
PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Buku kerja (.xlsx, .xlsm, .xls) atau folder berisinya, subfoldernya ikut dibaca (bawaan: folder masuk "
        "periode --period dari pmprb.toml). Berkas dan folder tersembunyi serta berkas kunci Excel/LibreOffice "
        "dilewati; berkas lain (.ods, .csv, .xlsb, PDF, arsip .zip/.rar) disebut tetapi tidak dinilai, kecuali bukti "
        "dukung: PDF dan gambar di subfolder, .zip tanpa buku kerja.",
        show_default=False,
        metavar="JALUR...",
    ),
]
RegistryOption = Annotated[
    str | None,
    typer.Option("--registry", help="Daftar perangkat daerah (CSV kode,nama,jenis[,alias]).", metavar="BERKAS"),
]
PeriodOption = Annotated[
    str | None, typer.Option("--period", help="Periode yang diproses, TTTT-BB (mis. 2022-07).", metavar="TTTT-BB")
]
TargetOption = Annotated[
    str | None,
    typer.Option(
        "--target",
        "-t",
        help="Predikat target, atau WBK/WBBM untuk Zona Integritas (bawaan: target di pmprb.toml, atau target "
        "bawaan rubrik).",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Jumlah proses paralel, paling banyak sebanyak inti (bawaan: semua inti; 1 bila kurang dari 16 berkas).",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Tanpa bilah kemajuan dan ringkasan di stderr.")]
WaitOption = Annotated[
    int,
    typer.Option(
        "--wait",
        min=0,
        max=86400,
        metavar="DETIK",
        help="Bila proses pmprb lain (run atau export, dengan tangan atau cron) sedang memakai riwayat, tunggu "
        "selama itu dulu (mis. 1800 untuk cron); bawaan 0: berhenti seketika dengan kode keluar 4.",
    ),
]


class InvalidPolicy(enum.StrEnum):
    """What to do with workbooks that have errors."""

    score = "score"
    skip = "skip"


def _check_period(period: str | None) -> None:
    if period is not None:
        from pmprb_cli.config import check_period

        check_period(period)


def _progress(quiet: bool) -> Any:
    """A rich progress callback on stderr when it is a terminal, else None (cron logs stay clean)."""
    if quiet or not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    bar = Progress(console=_stderr(), transient=True)
    task = bar.add_task("Membaca buku kerja", total=None)
    started = False

    def update(done: int, total: int) -> None:
        # Started at the first workbook read, stopped at the last and at exit whatever happens between: started
        # up front, a command that read none (`run` with nothing changed, an empty folder) left it running, the
        # summary redirected to a file went to the terminal instead and the cursor stayed hidden after exit.
        nonlocal started
        if not started:
            started = True
            atexit.register(bar.stop)
            _state["progress"] = bar  # (stopped before "Dihentikan …" and before an exit that skips atexit)
            bar.start()
        bar.update(task, completed=done, total=total)
        if done >= total:
            bar.stop()

    return update


def _stop_progress() -> None:
    """Stop the progress bar if one runs: its line cleared and the terminal's cursor shown again.

    Ctrl-C during `score` left "Dihentikan …" glued to the bar's line and, with workers (an exit that skips
    atexit), the cursor hidden at the shell prompt until `reset`.
    """
    bar = _state.pop("progress", None)
    if bar is not None:
        with contextlib.suppress(Exception):
            bar.stop()
        with contextlib.suppress(Exception):
            bar.console.show_cursor(True)  # (stop() shows nothing when Ctrl-C came while the bar started)


def _batch_args(
    files: list[str],
    rubric: str | None,
    registry: str | None,
    period: str | None,
    target: str | None,
    jobs: int | None,
    quiet: bool = False,
) -> dict[str, Any]:
    """The keyword arguments of ``build_batch`` from the shared options, pmprb.toml filling what flags omit."""
    from pmprb_cli.pipeline import default_jobs
    from pmprb_cli.registry import load_registry

    target_given = target is not None
    rubric, target = _conf("rubric", rubric), _conf("target", target)
    registry, jobs = _conf("registry", registry), _conf("jobs", jobs)
    _check_period(period)
    loaded = _rubric_for(rubric, files, quiet)
    from pmprb_cli.ranking import default_target, target_named

    if target is not None and not target_given and target_named(loaded, target) is None:
        # pmprb.toml's target belongs to pmprb.toml's rubric: `--rubric pmprb-2020` beside `target = "WBBM"`
        # was refused for a target nobody asked for (so was a rubric recognised from the workbooks where
        # pmprb.toml names none).

        if not quiet:
            _stderr().print(
                f"Target {target} dari berkas pengaturan bukan target rubrik {loaded.id}: dipakai target bawaannya, "
                f"{default_target(loaded)} (ubah dengan --target).",
                markup=False,
            )
        target = None
    return {
        "rubric": loaded,
        "registry": load_registry(registry) if registry else None,
        "period": period,
        "target": _target(loaded, target),
        "jobs": _jobs(jobs, len(files), default_jobs()),
        "progress": _progress(quiet),
    }


@app.command("score", cls=_Command)
@guarded
@in_config_folder_for_its_inbox
def score_command(
    paths: PathsArgument = None,
    rubric: RubricOption = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, json atau csv.")] = Format.table,
    target: TargetOption = None,
    registry: RegistryOption = None,
    period: PeriodOption = None,
    invalid: Annotated[
        InvalidPolicy, typer.Option("--invalid", help="Buku kerja berkesalahan: score (dinilai) atau skip.")
    ] = InvalidPolicy.score,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
) -> int:
    """Hitung indeks, predikat, peringkat, jarak ke target dan nilai tiap area setiap buku kerja."""
    from pmprb_cli import output
    from pmprb_cli.batch import build_batch
    from pmprb_cli.pipeline import expand_paths, not_workbooks

    inputs = _input_paths("score", paths, period, quiet)
    files = _without_settings_and_outputs(expand_paths(inputs), paths, period, registry)
    args = _batch_args(files, rubric, registry, period, target, jobs, quiet)
    batch = build_batch(
        files,
        keep_answers=False,
        keep_warnings=False,
        invalid=invalid.value,
        missing_units=_reads_folders(inputs),
        kabupaten=_conf("kabupaten", None) or "",
        not_read=not_workbooks(inputs),
        **args,
    )
    if not quiet:
        _say_unlike_recorded("nilai", batch, registry)
    if fmt is Format.json:
        output.write_score_json(batch, _PipeText())
    elif fmt is Format.csv:
        _write_out(output.csv_text(batch))
    else:
        console = _stdout()
        width = console.width if sys.stdout.isatty() else None  # a file or a pipe keeps every column
        if any(r.card is not None for r in batch.assessment.results):
            if width is not None and width < output.NARROW_WIDTH:
                for line in output.score_list_lines(batch):
                    console.print(line, markup=False, highlight=False)
            else:
                console.print(output.score_table(batch, width))
            for line in output.summary_lines(batch, width):
                console.print(line, markup=False, highlight=False)
        else:
            # (an empty table and the whole area legend for a rekap or a folder of unreadable files)
            from pmprb_cli.catalogue import language

            console.print(
                "No unit's workbook could be scored here; why is below."
                if language() == "en"
                else "Tidak ada buku kerja unit yang dapat dinilai di sini; sebabnya di bawah.",
                markup=False,
                highlight=False,
            )
    names = output.assessment_names(batch.assessment)
    notes = output.failed_lines(batch.assessment.failed, names)
    if not quiet:
        notes += output.failed_lines(batch.assessment.skipped_inputs, names)
    errors = [f for f in batch.assessment.findings if f.severity.value == "error"]
    if fmt is Format.table and not quiet:
        from pmprb_cli.catalogue import language
        from pmprb_cli.models import Severity

        total = sum(r.count(s) for r in batch.assessment.results for s in Severity)
        en = language() == "en"
        if total:
            notes.append(
                f"{total} finding{output.plural(total)} ({len(errors)} error{output.plural(len(errors))}); "
                "details: pmprb validate."
                if en
                else f"{total} temuan ({len(errors)} kesalahan); rincian: pmprb validate."
            )
        notes += ["  " + output.finding_line(f, names) for f in errors[:10]]
        if len(errors) > 10:
            more = len(errors) - 10
            notes.append(
                f"  … and {more} more error{output.plural(more)} (all of them: pmprb validate)."
                if en
                else f"  … dan {more} kesalahan lain (semuanya: pmprb validate)."
            )
    from pmprb_cli.catalogue import language

    en = language() == "en"
    if not quiet:
        # (a PDF beside the workbooks, or alone: score said "sebabnya di bawah" and then nothing of it; the folders
        # as the batch read them, not listed again)
        notes += output.not_workbook_lines(batch.assessment.not_read, en=en)
    if not files:
        notes.append(
            "No workbook (.xlsx) on the paths read." if en else "Tidak ada buku kerja (.xlsx) pada jalur yang dibaca."
        )
    elif not batch.assessment.results:
        notes.append(
            "No unit's LKE on the paths read: only kabupaten files (rekap)."
            if en
            else "Tidak ada LKE unit pada jalur yang dibaca: yang ada hanya berkas kabupaten (rekap)."
        )
    if notes:
        err = _stderr()  # rich is imported only when there is something to say (a cron run often has not)
        for line in notes:
            err.print(line, markup=False)
    if not batch.assessment.results:
        return ExitCode.FINDINGS
    # What has_errors asks, from the error list already sorted above (the batch's findings are sorted per ask).
    return ExitCode.FINDINGS if batch.assessment.failed or errors else ExitCode.OK


@app.command("validate", cls=_Command)
@guarded
@in_config_folder_for_its_inbox
def validate_command(
    paths: PathsArgument = None,
    rubric: RubricOption = None,
    registry: RegistryOption = None,
    period: PeriodOption = None,
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f", help="table atau json.")] = ShowFormat.table,
    strict: Annotated[bool, typer.Option("--strict", help="Peringatan juga membuat kode keluar 1.")] = False,
    max_findings: Annotated[
        int | None, typer.Option("--max-findings", min=0, help="Tampilkan paling banyak N temuan.", metavar="N")
    ] = None,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
) -> int:
    """Periksa buku kerja: temuan per sel yang dapat diperbaiki operator OPD, ringkasan per berkas."""
    rubric, registry, jobs = _conf("rubric", rubric), _conf("registry", registry), _conf("jobs", jobs)
    from pmprb_cli import output
    from pmprb_cli.pipeline import assess_paths, default_jobs, expand_paths, not_workbooks
    from pmprb_cli.registry import load_registry

    _check_period(period)
    inputs = _input_paths("validate", paths, period, quiet)
    files = _without_settings_and_outputs(expand_paths(inputs), paths, period, registry)
    loaded = _rubric_for(rubric, files, quiet)
    units = load_registry(registry) if registry else None
    assessment = assess_paths(
        files,
        loaded,
        units,
        period,
        _progress(quiet),
        jobs=_jobs(jobs, len(files), default_jobs()),
        keep_answers=False,
        missing_units=_reads_folders(inputs),
        kabupaten=_conf("kabupaten", None) or "",
        not_read=not_workbooks(inputs),
    )
    if fmt is ShowFormat.json:
        _write_out(output.validate_json(assessment, loaded, period, max_findings))
    else:
        console = _stdout()
        marks = output.status_marks(console.encoding)
        for line in output.validate_lines(assessment, max_findings, marks, units):
            console.print(_hanging(line, console), markup=False, highlight=False)
        from pmprb_cli.catalogue import language

        for line in output.not_workbook_lines(assessment.not_read, en=language() == "en"):
            console.print(line, markup=False, highlight=False)
    if not files:
        # "0 berkas — 0 sah …" and exit 0 for a folder holding no workbook (or a PDF only): as score says it.
        from pmprb_cli.catalogue import language

        _stderr().print(
            "No workbook (.xlsx) on the paths read."
            if language() == "en"
            else "Tidak ada buku kerja (.xlsx) pada jalur yang dibaca.",
            markup=False,
        )
        return ExitCode.FINDINGS
    if strict and not assessment.has_errors and assessment.has_warnings():
        # Every file said "sah", "0 ada kesalahan", and exit 1: `validate --strict || echo GAGAL` failed with
        # nothing saying why.
        from pmprb_cli.catalogue import language
        from pmprb_cli.models import Severity

        warned = sum(1 for f in assessment.findings if f.severity is Severity.WARNING)
        _stderr().print(
            f"--strict: {warned} warning(s) make the exit code 1."
            if language() == "en"
            else f"--strict: {warned} peringatan membuat kode keluar 1 (tanpa --strict: 0).",
            markup=False,
        )
        return ExitCode.FINDINGS
    if assessment.has_errors or (assessment.skipped and not assessment.results):
        return ExitCode.FINDINGS  # (only kabupaten files read: no unit's LKE was checked)
    return ExitCode.OK


def _rubric_for(option: str | None, files: list[str], quiet: bool = False) -> Any:
    """The rubric named, or the one that made the workbooks (said on stderr), or the default."""
    from pmprb_cli.models import visible
    from pmprb_cli.pipeline import RubricNotGiven, detect_rubric
    from pmprb_cli.rubric import load_rubric, shipped_rubrics

    if option is not None:
        chosen = load_rubric(option)
        if not quiet:
            _say_a_copy_posing_as_shipped(chosen)
        return chosen
    try:
        found = detect_rubric(files, list(shipped_rubrics()), load_rubric)
    except RubricNotGiven as exc:
        from pmprb_cli.output import display_name

        named = visible(exc.rubric_id)
        names = [display_name(f) for f in exc.files]
        # (of the files sampled, not all: "dan 7 lagi" was said of 20; diffrev24)
        shown = ", ".join(names[:3]) + (" dan lainnya" if len(names) > 3 else "")
        raise UsageError(
            f"Buku kerja {shown} dibuat dari rubrik {named}, yang bukan rubrik bawaan pmprb; tanpa berkas rubrik itu "
            "tidak ada yang dinilai",
            hint=f"Sebutkan berkas rubrik {named} dengan --rubric BERKAS.toml, atau tuliskan di pmprb.toml (rubric = "
            '"…"); minta berkasnya dari Bagian Organisasi bila tidak ada.',
        ) from None
    if found is None:
        return load_rubric(None)
    if not quiet:
        from pmprb_cli.catalogue import language

        said = (
            f"Rubric recognised from the workbook: {found.id} v{found.version} (change it with --rubric)."
            if language() == "en"
            else f"Rubrik dikenali dari buku kerja: {found.id} v{found.version} (ubah dengan --rubric)."
        )
        _stderr().print(said, markup=False)
    return found


def _say_a_copy_posing_as_shipped(rubric: Any) -> None:
    """Say on stderr what `rubric check` says of a copy with a shipped rubric's id, version or claims.

    Said by `rubric check` alone: a copy with its own weights, id and version kept, was used by score and run
    without a word, every output naming it as the official rubric, and its copied scores_as hid PMPRB-W208.
    """
    from pmprb_cli.rubric import claims_refuted, posing_as_shipped

    for said in (posing_as_shipped(rubric), claims_refuted(rubric)):
        if said:
            _stderr().print(f"Perhatian: rubrik {rubric.path}: {said}", markup=False)


def _target(rubric: Any, target: str | None) -> str:
    from pmprb_cli.ranking import default_target, target_choices, target_named

    if target is None:
        return default_target(rubric)
    found = target_named(rubric, target)  # bb is BB
    if found is None:
        what = "predikat atau verdict" if rubric.verdicts else "predikat"
        raise UsageError(f"Target '{target}' bukan {what} rubrik {rubric.id}", hint=target_choices(rubric, target))
    return found


def _jobs(requested: int | None, files: int, cores: int) -> int:
    # Starting workers costs more than it saves for a handful of files.
    if requested is not None:
        return requested
    return 1 if files < 16 else cores


@rubric_app.command("list", cls=_Command)
@guarded
def rubric_list() -> int:
    """Daftar rubrik bawaan."""
    from pmprb_cli.rubric import load_rubric, shipped_rubrics

    for rid in shipped_rubrics():
        r = load_rubric(rid)
        print(f"{r.id}\tv{r.version}\t{r.years()}\t{r.title} — {r.regulation}")
    return ExitCode.OK


@rubric_app.command("show", cls=_Command)
@guarded
def rubric_show(
    rubric_id: Annotated[str, typer.Argument(help="Id rubrik atau jalur berkas .toml.", metavar="RUBRIK")],
    fmt: Annotated[
        ShowFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, json, atau toml (berkas rubrik itu sendiri: disalin dan diubah, menjadi rubrik kabupaten).",
        ),
    ] = ShowFormat.table,
) -> int:
    """Tampilkan pohon rubrik: komponen, area, sub-komponen, butir, bobot."""
    from pmprb_cli.rubric import canonical_text, read_rubric
    from pmprb_cli.rubric_view import rubric_to_dict, rubric_tree

    r, source = read_rubric(rubric_id)
    if fmt is ShowFormat.toml:
        # The shipped rubrics lie inside the installed package: README's "salin dari pmprb_cli/rubrics/" found no
        # such folder for whoever installed pmprb with pip (wheelrev).
        _write_out(canonical_text(source).decode("utf-8"))
    elif fmt is ShowFormat.json:
        _write_out(json.dumps(rubric_to_dict(r), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        _stdout().print(rubric_tree(r))
    return ExitCode.OK


@rubric_app.command("check", cls=_Command)
@guarded
def rubric_check(
    path: Annotated[str, typer.Argument(help="Berkas rubrik .toml (atau id bawaan).", metavar="BERKAS")],
) -> int:
    """Periksa berkas rubrik: struktur, bobot, skala, ketergantungan, pita predikat."""
    from pmprb_cli.rubric import claims_refuted, load_rubric, posing_as_shipped

    r = load_rubric(path)
    print(
        f"Rubrik {r.id} v{r.version} sah: {len(r.areas())} area, "
        f"{sum(1 for n in r.nodes() if n.kind in ('sub', 'graded'))} sub-komponen, {len(r.items())} butir, "
        f"{len(r.indicators())} indikator hasil, {len(r.dependencies)} ketergantungan, "
        f"{len(r.predikat)} predikat; sha256 {r.checksum[:12]}…"
    )
    for warning in (posing_as_shipped(r), claims_refuted(r)):
        if warning:
            _stderr().print(f"Perhatian: {warning}", markup=False)
    return ExitCode.OK


class CodesFormat(enum.StrEnum):
    """Output formats of ``codes``."""

    table = "table"
    json = "json"
    md = "md"


_PLACEHOLDERS_ID = {"value": "‹nilai›", "detail": "‹rincian›", "item": "‹butir›", "sheet": "‹lembar›", "cell": "‹sel›"}
_PLACEHOLDERS_EN = {"value": "‹value›", "detail": "‹detail›", "item": "‹item›", "sheet": "‹sheet›", "cell": "‹cell›"}


@app.command("codes", cls=_Command)
@guarded
def codes_command(
    fmt: Annotated[CodesFormat, typer.Option("--format", "-f", help="table, json atau md.")] = CodesFormat.table,
) -> int:
    """Katalog kode temuan (stabil, tidak pernah dipakai ulang) dan kode galat pmprb sendiri."""
    from pmprb_cli.catalogue import CATALOGUE, RETIRED, catalogue_markdown, language
    from pmprb_cli.errors import PROGRAM_ERRORS

    en = language() == "en"
    if fmt is CodesFormat.md:
        _write_out(catalogue_markdown())
    elif fmt is CodesFormat.json:
        rows: list[dict[str, object]] = [
            {
                "code": t.code,
                "severity": t.severity.value,
                "title": t.title_en if en else t.title_id,
                "hint": t.hint_en if en else t.hint_id,
            }
            for t in CATALOGUE.values()
        ]
        rows += [
            {"code": code, "severity": "program", "title": title_en if en else title_id, "exit_code": exit_code}
            for code, exit_code, title_id, title_en in PROGRAM_ERRORS
        ]
        rows += [  # (as the Markdown and README list them: the title, and why in the hint)
            {
                "code": code,
                "severity": "retired",
                "title": "Retired" if en else "Tidak dipakai lagi",
                "hint": why_en if en else why_id,
            }
            for code, (why_id, why_en) in RETIRED.items()
        ]
        _write_out(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        # For a person: the level in the user's language and the hint under each code (README carries the same).
        levels = {"error": "error", "warning": "warning", "info": "info"} if en else {
            "error": "kesalahan", "warning": "peringatan", "info": "info"
        }  # fmt: skip
        for t in CATALOGUE.values():
            print(f"{t.code}  {levels[t.severity.value]:<10}  {t.title_en if en else t.title_id}")
            hint = (t.hint_en if en else t.hint_id).format(**_PLACEHOLDERS_EN if en else _PLACEHOLDERS_ID)
            print(f"    {'Hint' if en else 'Saran'}: {hint}")
        print()
        print("pmprb's own errors (not findings):" if en else "Galat pmprb sendiri (bukan temuan buku kerja):")
        for code, exit_code, title_id, title_en in PROGRAM_ERRORS:
            said = f"exit code {exit_code}" if en else f"kode keluar {exit_code}"
            print(f"{code}  {said:<13}  {title_en if en else title_id}")
        print()
        print("Codes no longer given (never reused):" if en else "Kode yang tidak dipakai lagi (tidak dipakai ulang):")
        for code, (why_id, why_en) in RETIRED.items():
            print(f"{code}  {why_en if en else why_id}")
    return ExitCode.OK


@app.command("template", cls=_Command)
@guarded
def template_command(
    out: Annotated[str, typer.Option("--out", "-o", help="Folder tujuan; dibuat bila belum ada.", metavar="FOLDER")],
    rubric: Annotated[
        str | None,
        typer.Option("--rubric", "-r", help="Id rubrik bawaan atau jalur berkas .toml.", metavar="ID|BERKAS"),
    ] = None,
    registry: Annotated[
        str | None,
        typer.Option(
            "--registry", help="Daftar unit (CSV kode,nama,jenis[,alias]): satu templat per unit.", metavar="BERKAS"
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="Satu unit: kode/nama dari --registry, atau nama unit bila tanpa daftar."),
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="Periode TTTT-BB (bawaan: bulan ini).", metavar="TTTT-BB")
    ] = None,
    kabupaten: Annotated[
        str, typer.Option("--kabupaten", help="Nama kabupaten/kota di identitas LKE (bawaan: pmprb.toml).")
    ] = "",
    prefill: Annotated[
        list[str] | None,
        typer.Option(
            "--prefill",
            help="Folder (atau berkas) kiriman periode sebelumnya: jawaban sah dan bukti dukung tiap unit mengisi "
            "awal templatnya, untuk diperiksa dan diperbarui unit (jawaban evaluator tidak dibawa).",
            metavar="FOLDER|BERKAS",
        ),
    ] = None,
) -> int:
    """Buat templat LKE (.xlsx) untuk setiap unit: berkode, berdaftar pilihan, terkunci, dengan rumus Nilai."""
    _files_in_indonesian()
    _refuse_a_windows_path("--out", out)
    rubric, registry = _conf("rubric", rubric), _conf("registry", registry)
    kabupaten_given = bool(kabupaten)
    kabupaten = _conf("kabupaten", kabupaten or None) or ""
    no_config = (
        "Tidak ada pmprb.toml di folder ini: jalankan dari folder pmprb.toml (mis. cd /srv/pmprb) atau sebut dengan "
        "--config BERKAS; tanpa pengaturan, "
    )
    if rubric is None:
        # (run from another folder, "Sebutkan rubrik" and then "Berikan --registry" never said pmprb.toml was missed)
        raise UsageError(
            "Sebutkan rubrik templat: --rubric ID (atau kunci 'rubric' di pmprb.toml)",
            hint=no_config + "sebut --rubric dan --registry (atau --unit)." if _config() is None else "",
        )
    if registry is None and unit is None and _config() is None:
        raise UsageError(
            "Berikan --registry BERKAS atau --unit NAMA.", hint=no_config + "sebut --registry atau --unit."
        )
    import datetime
    from pathlib import Path

    from pmprb_cli.models import first_named
    from pmprb_cli.rubric import load_rubric
    from pmprb_cli.template import make_templates

    folder = Path(out)
    before = set(folder.glob("*.xlsx")) if folder.is_dir() else set()
    period_given = period is not None
    # A folder named for its month ("templat/2022-10", "2022_10") gives the period when --period is not given:
    # the day's month, unsaid, made September's templates at the end of August (every one came back E303).
    month = re.search(r"(?<!\d)(20\d\d)[-_]?(0[1-9]|1[0-2])(?!\d)", folder.name)
    folder_month = f"{month.group(1)}-{month.group(2)}" if month else ""
    loaded = load_rubric(rubric)
    period = period or folder_month or datetime.date.today().strftime("%Y-%m")
    _refuse_templates_in_an_inbox(folder, period, prefill or ())
    for given in prefill or ():
        if not os.path.lexists(given) and not windows_path_hint(given):
            # README's monthly step, followed in the first month, was "Jalur tidak ditemukan: masuk/2022-07/" with a
            # hint about spelling and quotes (setuprev): nothing was sent the month before pmprb was first used.
            raise UsageError(
                f"--prefill {given}: folder atau berkas itu tidak ada",
                hint="Pada bulan pertama memakai pmprb belum ada kiriman bulan lalu: buat templatnya tanpa --prefill. "
                "Bila ada, periksa ejaannya (biasanya folder masuk bulan lalu, mis. masuk/2022-07).",
            )
    paths, started, skipped = make_templates(
        out, loaded, period=period, registry=registry, unit=unit, kabupaten=kabupaten, prefill=prefill or ()
    )
    for path in paths:
        print(path)
    new = sum(1 for p in paths if p not in before)
    from pmprb_cli.config import EXAMPLE_LINE, still_init_example

    if not kabupaten_given and _config() is not None and still_init_example(_config()):
        _stderr().print(EXAMPLE_LINE, markup=False)
    # Run again after the registry grew, it writes the new units' templates and leaves the others as they were.
    from pmprb_cli.history import period_label  # (the period is said, and where it came from)

    when = f" untuk periode {period_label(period)}" + (
        "" if period_given else " (dari nama folder --out)" if folder_month else " (bulan ini: --period tidak disebut)"
    )
    if new == len(paths):
        _stderr().print(f"{new} templat LKE baru ditulis ke {out}{when}", markup=False)
    else:
        said = f"{new} baru, {len(paths) - new} sudah ada dan sama (tidak ditulis ulang)"
        _stderr().print(f"{len(paths)} templat LKE di {out}{when}: {said}", markup=False)
    if folder_month and folder_month != period:
        # (--period given, the folder naming another month: the folder said one month, the workbooks another)
        _stderr().print(
            f"Perhatian: folder {out} menyebut {folder_month}, tetapi templatnya periode {period} (--period).",
            markup=False,
        )
    written = {p.name.casefold(): p.name for p in paths}
    stale = sorted(p.name for p in before if written.get(p.name.casefold(), p.name) != p.name)
    if stale:
        # A kode whose case was fixed in the registry (dinkes → DINKES) left dinkes.xlsx beside the new DINKES.xlsx,
        # unsaid: the unit got two templates (setuprev).
        listed = ", ".join(f"{name} (kini {written[name.casefold()]})" for name in stale)
        _stderr().print(
            f"Perhatian: {out} masih memuat templat lama yang namanya hanya berbeda huruf besar-kecil: {listed}; "
            "hapus yang lama agar unit tidak menerima dua templat.",
            markup=False,
        )
    if prefill:
        earlier = sorted({c.period for c in started.values()})
        blank = [p.name for p in paths if str(p) not in started]
        shown = first_named(blank, 10)
        _stderr().print(
            f"Diisi awal: {len(started)} dari {len(paths)} templat"
            + (f", dari kiriman periode {', '.join(earlier)}" if earlier else "")
            + (
                # (a unit whose sending was left out, KEC-SUKAMAJU.xlsx holding Mekarsari's LKE, was said to have
                # sent nothing, beside "Tidak dibawa: KEC-SUKAMAJU.xlsx (PMPRB-W306 …)")
                f"; tanpa jawaban yang dibawa (templat kosong; tidak mengirim, atau kirimannya tidak dibawa, lihat "
                f"di bawah): {shown}"
                if blank and earlier and skipped
                else f"; tanpa kiriman di sana (templat kosong): {shown}"
                if blank and earlier
                else f"; tidak ada kiriman yang dibawa (templat kosong): {shown}"
                if blank
                else ""
            )
            # (no "Templat yang sudah ada dan berbeda tidak ditimpa": a template that differs refuses the whole
            # run before anything is written, so the ones here are the same as those just made)
            + ".",
            markup=False,
        )
        if blank and earlier and _config() is not None:
            _said_earlier_sendings(_config(), blank, min(earlier))
        later = [p for p in earlier if len(p) == 7 and p[4] == "-" and p >= period]  # (TTTT-BB only: not "Agustus")
        if later:
            # `--period 2022-07 --prefill 2022-08/` (a typo for 2022-09) started July from August, unsaid: the
            # workbooks came back as another month's (E303) or second sendings.
            _stderr().print(
                f"Perhatian: diisi awal dari kiriman periode {', '.join(later)}, tidak sebelum {period}; periksa "
                "--period dan folder --prefill (biasanya folder masuk bulan lalu).",
                markup=False,
            )
        for name, reset in sorted({(Path(c.source).name, c.year_reset) for c in started.values() if c.year_reset}):
            # (January started from December carried 2022's violations as 2023's, unsaid)
            _stderr().print(f"{name}: tahun baru — {'; '.join(reset)}.", markup=False)
        emptied = [(Path(c.source).name, c.left_blank, c.left_why) for c in started.values() if c.left_blank]
        for name, left, why in sorted(emptied):
            # (emptied unsaid: the operator found last month's answers gone and no word of why)
            listed = first_named([f"{code} {typed}" for code, typed in left], 10)
            listed += " (daftar lengkap di lembar Petunjuk templatnya)" if len(left) > 10 else ""
            _stderr().print(
                f"{name}: {len(left)} jawaban {why} tidak dibawa (dikosongkan di templat; isi ulang): {listed}.",
                markup=False,
            )
        if skipped:  # (nothing carried from a folder of another rubric's files said only "0 dari 40")
            from pmprb_cli.catalogue import CATALOGUE
            from pmprb_cli.output import distinct_names

            # (with the folders that tell apart files of one name: `--prefill juni --prefill juli` named
            # "DINKES.xlsx (PMPRB-E303: Periode tidak sesuai)" of June's, a valid June workbook July's replaced)
            # (the files carried too: a neighbour's lain/DINKES.xlsx beside the DINKES.xlsx carried)
            named_as = distinct_names([*(f for f, _ in skipped), *(c.source for c in started.values())])
            titles = {
                **{c: t.title_id for c, t in CATALOGUE.items()},
                "PMPRB-E303": "ada kiriman bulan yang lebih baru",
            }
            named = [
                f"{named_as[f]} ({code}: {titles[code]})"
                if code in titles
                else f"{named_as[f]} ({code})"
                if code
                else named_as[f]
                for f, code in skipped
            ]
            _stderr().print(f"Tidak dibawa: {first_named(named, 10, '; ')}.", markup=False)
            if any(code == "PMPRB-E301" for _, code in skipped):
                # (a kode changed without an alias: a blank template for DISDIKBUD, and no word of the way out;
                # `run` gives it, template did not; reorgrev)
                _stderr().print(
                    "Kiriman berkode yang tidak ada di daftar unit tidak dibawa; bila itu kode lama unit yang berganti "
                    "kode, tulis kode lama itu di kolom alias unitnya di daftar unit, hapus templat kosongnya, lalu "
                    "jalankan perintah ini lagi.",
                    markup=False,
                )
    instrument = loaded.out_of_years_note(period)
    if instrument:  # before the units fill it, not after the rapim
        _stderr().print(f"Perhatian: {instrument}", markup=False)
    # Files of the prefill folder that could not be read at all (PMPRB-E1xx) are input problems, as in every
    # other command: "Diisi awal: 0 dari 40" over a folder of damaged files exited 0.
    unreadable = sum(1 for _, code in skipped if code.startswith("PMPRB-E1"))
    if unreadable:
        _stderr().print(f"Kode keluar 1: {unreadable} berkas di folder --prefill tidak dapat dibaca.", markup=False)
        return ExitCode.FINDINGS
    return ExitCode.OK


@app.command("merge", cls=_Command)
@guarded
@in_config_folder_for_its_inbox
def merge_command(
    out: Annotated[
        str, typer.Option("--out", "-o", help="Berkas .xlsx tujuan (buku kerja kabupaten).", metavar="BERKAS")
    ],
    paths: PathsArgument = None,
    rubric: RubricOption = None,
    registry: RegistryOption = None,
    period: PeriodOption = None,
    target: TargetOption = None,
    kabupaten: Annotated[
        str, typer.Option("--kabupaten", help="Nama kabupaten/kota di judul dan lembar Info (bawaan: pmprb.toml).")
    ] = "",
    jobs: JobsOption = None,
) -> int:
    """Gabungkan LKE semua unit menjadi satu buku kerja kabupaten: rekap, per area, jawaban, temuan, usulan LKE."""
    _files_in_indonesian()
    _refuse_a_windows_path("--out", out)
    from pmprb_cli.checks import pemda_word
    from pmprb_cli.merging import merge, merge_inputs
    from pmprb_cli.pipeline import not_workbooks

    kabupaten = _conf("kabupaten", kabupaten or None) or ""
    inputs = _input_paths("merge", paths, period)
    files = _without_settings_and_outputs(merge_inputs(inputs, out), paths, period, registry)
    args = _batch_args(files, rubric, registry, period, target, jobs)
    merged = merge(
        files,
        args.pop("rubric"),
        out,
        kabupaten=kabupaten,
        missing_units=_reads_folders(inputs),
        not_read=not_workbooks(inputs),
        **args,
    )
    assessment = merged.batch.assessment
    _say_unlike_recorded("rekap", merged.batch, registry)
    err = _stderr()
    word = pemda_word(merged.batch.kabupaten_named)  # (as the rekap's Info sheet calls it)
    # (of files named one by one, or without a registry, who has not sent is not known: "0 belum mengirim" was
    # printed of a 40-unit registry beside two files, where the rekap said completeness went unchecked; covrev)
    checked = merged.batch.registry is not None and assessment.missing_checked
    err.print(
        f"Buku kerja {word}: {merged.path} ({len(merged.batch.ranked)} unit dinilai, "
        f"{len(assessment.failed)} berkas tidak dapat dinilai, "
        + (f"{len(assessment.missing_units)} belum mengirim" if checked else "kelengkapan kiriman tidak diperiksa")
        + (f", {len(assessment.skipped)} berkas {word} dilewati)" if assessment.skipped else ")"),
        markup=False,
    )
    # Which file and why, as report and run say it: merge exited 1 naming neither.
    from pmprb_cli.output import assessment_names, failed_lines

    names = assessment_names(assessment)
    for line in failed_lines(assessment.failed, names):
        err.print(line, markup=False)
    _say_not_read(assessment.not_read)
    _say_files_with_errors(merged.batch, names)
    if assessment.missing_units:
        # (two of 80 units in early in the month: one line of 1 000 characters; run names 15)
        from pmprb_cli.models import first_named

        err.print("Belum mengirim: " + first_named([u.kode for u in assessment.missing_units], 15), markup=False)
    return ExitCode.FINDINGS if assessment.has_errors or not assessment.results else ExitCode.OK


def _refuse_report_in_an_inbox(out: str, inputs: Sequence[str]) -> None:
    """Refuse a report --out that is a folder read as the inbox, as export refuses its package there.

    `report masuk/2022-08 --out masuk/2022-08` wrote 82 pages there; the next validate of the folder told the
    operator to save pmprb's own pages "sebagai .xlsx". (A rekap merged there is recognised and skipped.)
    """
    from pathlib import Path

    from pmprb_cli.files import is_inside

    for given in inputs:
        # (the folder itself: pages in a folder under it, `report . --out rapor`, are never read as submissions)
        if os.path.isdir(given) and is_inside(Path(given), Path(out)) and is_inside(Path(out), Path(given)):
            raise UsageError(
                f"--out {out} adalah folder masuk {given}: halaman rapor akan terbaca sebagai kiriman unit pada "
                "pemeriksaan berikutnya. Tidak ada yang ditulis",
                hint="Tulis rapor di luar folder masuk, mis. --out rapor-TTTT-BB/.",
            )


def _refuse_a_windows_path(option: str, path: str) -> None:
    """Refuse an output path typed with Windows' backslash: it made one file or folder named that whole here.

    Such a name cannot be opened on Windows, and a share shows it mangled; input paths got the hint already.
    """
    hint = windows_path_hint(path)
    if hint and not os.path.lexists(path):  # (a folder of that very name, made on purpose here, is written to)
        raise UsageError(
            f"{option} {path}: pemisah folder \\ tidak dipakai di sistem ini. Tidak ada yang ditulis", hint=hint
        )


def _said_earlier_sendings(config: Any, blank: Sequence[str], carried_from: str) -> None:
    """Name where each unit given a blank template sent last, within the year before the month carried from."""
    from pathlib import Path

    from pmprb_cli.history import period_label
    from pmprb_cli.models import first_named
    from pmprb_cli.monthly import shown_path
    from pmprb_cli.template import earlier_sendings

    found = earlier_sendings(
        lambda period: Path(config.root, config.inbox_for(period)), [Path(name).stem for name in blank], carried_from
    )
    if found:
        named = [f"{k}.xlsx di {shown_path(f)} ({period_label(p)})" for k, (f, p) in found.items()]
        _stderr().print(
            f"Kiriman terakhir unit bertemplat kosong: {first_named(named, 10, '; ')}. Untuk mengisinya awal dari "
            "sana, hapus templat kosongnya lalu jalankan lagi dengan --prefill folder itu ditambahkan (kiriman terbaru "
            "tiap unit yang dibawa).",
            markup=False,
        )


def _refuse_templates_in_an_inbox(folder: os.PathLike[str], period: str, prefill: Sequence[str]) -> None:
    """Refuse templates written where submissions are read: the period's inbox, or the folder prefilled from.

    `template --period 2022-07 --out masuk/2022-07 --prefill masuk/2022-06/` put 40 templates in July's inbox:
    the next run counted them as 40 submissions ("0 unit belum mengirim"), each scored on June's answers.
    """
    from pathlib import Path

    from pmprb_cli.files import is_inside

    config = _config()
    # The inbox of any period its path names too: `template --out masuk/2022-09` without --period (this month)
    # put 40 templates in September's inbox.
    periods = [period, *(p for p in Path(os.path.abspath(folder)).parts if re.fullmatch(r"\d{4}-\d{2}", p))]
    inboxes = [(config.inbox_for(p), f"folder masuk periode {p}") for p in periods] if config is not None else []
    inboxes += [(Path(p), f"folder --prefill {p}") for p in prefill if os.path.isdir(p)]
    # A file named as the prefill: its very folder (where last month's sendings lie), not the folders under it
    # (`--prefill DINKES.xlsx --out templat/` from the kabupaten's folder is as it should be).
    beside = [(Path(p).parent, f"folder berkas --prefill {p}") for p in prefill if os.path.isfile(p)]
    for inbox, named in inboxes + [(b, n) for b, n in beside if os.path.realpath(folder) == os.path.realpath(b)]:
        if is_inside(Path(folder), inbox):
            raise UsageError(
                f"--out {folder} ada di {named}: templat di sana akan terbaca sebagai kiriman unit (dinilai dan "
                "dihitung sudah mengirim). Tidak ada yang ditulis",
                hint="Tulis templat di luar folder masuk, mis. --out templat/TTTT-BB/, lalu kirim ke unit.",
            )


def _say_not_read(not_read: Sequence[str]) -> None:
    """The files of the folders read that pmprb does not read, as score and validate name them.

    merge and report said nothing of "LKE DLH.xlsx.pdf": the unit was only "belum mengirim" there (messyrev).
    """
    from pmprb_cli.output import not_workbook_lines

    for line in not_workbook_lines(not_read):
        _stderr().print(line, markup=False)


def _say_files_with_errors(batch: Any, names: Mapping[str, str]) -> None:
    """Name the readable files whose errors make the exit code 1, as `run` names them (merge and report)."""
    from pmprb_cli.output import files_with_errors, problems_line

    line = problems_line(files_with_errors(batch, names))
    if line:
        _stderr().print(line, markup=False)
        _stderr().print("Rincian tiap temuan: pmprb validate dengan masukan yang sama.", markup=False)


@app.command("report", cls=_Command)
@guarded
@in_config_folder_for_its_inbox
def report_command(
    out: Annotated[
        str, typer.Option("--out", "-o", help="Folder tujuan rapor; dibuat bila belum ada.", metavar="FOLDER")
    ],
    paths: PathsArgument = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="html, md, atau keduanya: html,md (bawaan: report_format, atau html,md)."),
    ] = None,
    target: TargetOption = None,
    templates: Annotated[
        str | None,
        typer.Option("--templates", help="Folder templat Jinja pengganti (sebagian atau semua).", metavar="FOLDER"),
    ] = None,
    rubric: RubricOption = None,
    registry: RegistryOption = None,
    period: PeriodOption = None,
    kabupaten: Annotated[
        str, typer.Option("--kabupaten", help="Nama kabupaten/kota di judul rapor (bawaan: pmprb.toml).")
    ] = "",
    jobs: JobsOption = None,
) -> int:
    """Tulis rapor kabupaten (index) dan rapor setiap unit: HTML mandiri dan Markdown."""
    _files_in_indonesian()
    _refuse_a_windows_path("--out", out)
    templates = _conf("templates", templates)
    kabupaten = _conf("kabupaten", kabupaten or None) or ""
    from pmprb_cli.batch import build_batch
    from pmprb_cli.output import assessment_names, failed_lines
    from pmprb_cli.pipeline import expand_paths, not_workbooks
    from pmprb_cli.reporting import (
        linked_pages,
        other_format_left,
        parse_formats,
        remove_stale_pages,
        render_reports,
        written_summary,
    )

    formats = parse_formats(_conf("report_format", fmt) or "html,md")
    if os.path.exists(out) and not os.path.isdir(out):  # (said after every workbook was read and scored)
        raise UsageError(
            f"Jalur --out {out} bukan folder", hint="Berikan folder untuk rapor, mis. --out rapor-TTTT-BB/."
        )
    inputs = _input_paths("report", paths, period)
    _refuse_report_in_an_inbox(out, inputs)
    files = _without_settings_and_outputs(expand_paths(inputs), paths, period, registry)
    args = _batch_args(files, rubric, registry, period, target, jobs)
    batch = build_batch(
        files, kabupaten=kabupaten, missing_units=_reads_folders(inputs), not_read=not_workbooks(inputs), **args
    )
    _say_unlike_recorded("rapor", batch, registry)
    points, alike, registered, kept = _months_before(batch.period, batch.rubric)
    if batch.registry is not None and kept:
        from dataclasses import replace

        # (a unit's kodes of two renames ago, which only the registries the history kept still name)
        batch = replace(batch, registry=batch.registry.with_aliases_of(kept))
    linked = linked_pages(out)  # (before this report replaces the index that links them)
    written = render_reports(
        batch, out, formats, templates_dir=templates, history=points, alike=alike, registered=registered
    )
    removed = remove_stale_pages(out, written, linked, formats)
    for path in written:
        print(path)
    err = _stderr()
    names = assessment_names(batch.assessment)
    for line in failed_lines((*batch.assessment.failed, *batch.assessment.skipped_inputs), names):
        err.print(line, markup=False)
    _say_not_read(batch.assessment.not_read)
    _say_files_with_errors(batch, names)
    err.print(written_summary(written), markup=False)
    if removed:
        # (a unit no longer in the batch: its page from an earlier report showed its old rank)
        from pmprb_cli.models import first_named

        err.print(
            f"{len(removed)} halaman rapor lama dihapus (ditulis pmprb sebelumnya, tidak termasuk rapor ini): "
            + first_named(removed, 6),
            markup=False,
        )
    for left in other_format_left(out, formats):
        err.print(
            f"Perhatian: {left} di {out} adalah rapor sebelumnya dalam format lain, tidak diperbarui rapor ini; "
            f"buka halaman index.{formats[0]}, atau tulis kedua format: --format html,md.",
            markup=False,
        )
    return ExitCode.FINDINGS if batch.assessment.has_errors or not batch.assessment.results else ExitCode.OK


# --------------------------------------------------------------------------- pmprb.toml and the monthly run

V = TypeVar("V")


def _say_unlike_recorded(command: str, batch: Any, registry: str | None) -> None:
    """A line when the period is recorded in the history with other settings than this command used.

    After the rubric, target or registry changed mid-year, `report --period` of an earlier month scored its
    workbooks with today's pmprb.toml (a June rapor on pmprb-2020 and target BB where June was recorded on
    lke-rb-2014 with B) without a word, where `run` and `export` use the recorded ones and say so.
    """
    config = _config()
    if config is None or not batch.period:
        return
    from pmprb_cli.history import recorded_settings

    stored = recorded_settings(config.history, batch.period)
    if stored is None:
        return
    import hashlib
    import pathlib

    from pmprb_cli.models import visible
    from pmprb_cli.rapor import same_rubric, versions_alike

    def said(text: str) -> str:  # (a history is a file anyone may have edited: no control sequence printed)
        return visible(text if len(text) <= 40 else text[:39] + "…")

    rubric = batch.rubric
    changes = []
    was = (stored["rubric_id"], stored["rubric_version"], stored["rubric_checksum"])
    if not same_rubric(was, (rubric.id, rubric.version, rubric.checksum), versions_alike(rubric)):
        changes.append(f"rubrik {said(was[0])} v{said(was[1])} → {rubric.id} v{rubric.version}")
    if stored["target"] != batch.target:
        changes.append(f"target {said(stored['target']) or '(kosong)'} → {batch.target}")
    path = _conf("registry", registry)
    try:
        sha = hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest() if path else ""
    except OSError:
        sha = stored["registry_sha256"]  # (read by the batch already, or said there)
    if stored["registry_sha256"] and sha != stored["registry_sha256"]:
        changes.append("daftar unit")
    if changes:
        _stderr().print(
            f"Perhatian: periode {batch.period} tercatat di riwayat dengan pengaturan lain ({'; '.join(changes)}); "
            f"{command} ini memakai pengaturan sekarang, bukan yang tercatat. Rekap dan rapor yang tercatat: "
            f"{config.output_for(batch.period)} (ditulis pmprb run).",
            markup=False,
        )


def _months_before(
    period: str | None, rubric: Any
) -> tuple[tuple[Any, ...], Any, tuple[frozenset[str], ...], tuple[Any, ...]]:
    """What the rapor reads of the history: the points before ``period``, versions alike, registries kept.

    The registries as their kodes and whole (:meth:`~pmprb_cli.history.History.kept_registries`). Points
    when pmprb.toml keeps a history; the rubric versions that score alike by the rubric's word and those the
    history kept (rapor.versions_alike). ``pmprb report`` run alone drew no change where ``pmprb run`` did,
    with the same history at hand.
    """
    config = _config()
    if not period or config is None or not os.path.isfile(config.history):
        return (), None, (), ()
    from pmprb_cli.history import History
    from pmprb_cli.rapor import versions_alike

    with History.open(config.history, create=False) as history:
        points = tuple(p for p in history.points() if p.period < period)
        alike = versions_alike(rubric, *history.recorded_rubrics())
        return points, alike, history.registered_kodes(), history.kept_registries()


def _config() -> Any:
    """The settings of this invocation (``--config`` or ``./pmprb.toml``), read once; ``None`` without a file."""
    if "settings" not in _state:
        from pmprb_cli.config import load_config

        _state["settings"] = load_config(_state.get("config"))
    return _state["settings"]


def _conf(key: str, value: V | None) -> V | None:
    """The flag's value when given, else the setting ``key`` of pmprb.toml, else ``None``: flags always win."""
    if value is not None:
        return value
    config = _config()
    return None if config is None else cast("V | None", getattr(config, key))


def _without_settings_and_outputs(
    files: list[str], paths: list[str] | None, period: str | None, registry: str | None = None
) -> list[str]:
    """The period's inbox files without those in its output folder, where pmprb.toml puts it inside the inbox.

    `run` leaves its own outputs out; `validate --period` read the run's nilai-2022-08.csv as an unreadable
    workbook (E102) and `score` said it too. Nor is the registry a workbook where it is kept among them
    (``--registry``, or pmprb.toml's). Files named on the command line are read as named.
    """
    from pmprb_cli.files import without_file

    files = without_file(files, _conf("registry", registry), named=paths or ())
    config = _config() if not paths and period else None
    if config is None:
        return files
    from pathlib import Path

    from pmprb_cli.files import is_inside

    output, inbox = Path(config.output_for(period)), Path(config.inbox_for(period))
    if not is_inside(output, inbox) or is_inside(inbox, output):
        # (the inbox inside the outputs, or the same folder: nothing is set apart — every workbook read, as before)
        return files
    return [f for f in files if not is_inside(Path(f), output)]


def _input_paths(command: str, paths: list[str] | None, period: str | None, quiet: bool = False) -> list[str]:
    """The paths given, else the inbox folder of ``--period`` that pmprb.toml names (said on stderr)."""
    if paths and any(not p.strip() for p in paths):
        # `pmprb validate "$FOLDER"` with FOLDER unset: the empty path would read the working folder.
        raise UsageError(
            "Jalur kosong ('') di antara jalur yang diberikan",
            hint="Variabel yang dipakai sebagai jalur mungkin kosong; sebutkan berkas atau folder LKE.",
        )
    if paths:
        return paths
    config = _config()
    if config is None or not period:
        raise UsageError(
            "Sebutkan berkas atau folder LKE yang dibaca",
            hint=f"Contoh: pmprb {command} masuk/2022-08/ … Dengan pmprb.toml, --period TTTT-BB saja cukup: "
            "folder masuk periode itu yang dibaca.",
        )
    _check_period(period)
    inbox = config.inbox_for(period)
    if not inbox.is_dir():
        raise UsageError(
            f"Folder masuk periode {period} tidak ada: {inbox}",
            hint=f"Letakkan LKE unit di folder itu (pola 'inbox' di {config.path}), atau sebutkan jalurnya.",
        )
    if not quiet:
        # Said every time: a script whose list of files came out empty reads the whole inbox instead.
        from pmprb_cli.catalogue import language

        said = (
            f"No path given: reading the inbox of period {period}: {inbox}"
            if language() == "en" and command in ("validate", "score")
            else f"Tanpa jalur berkas: membaca folder masuk periode {period}: {inbox}"
        )
        _stderr().print(said, markup=False)
    # Named from pmprb.toml's folder, where the command now works (see in_config_folder_for_its_inbox), as `run`
    # names them: the files' names in JSON and the rekap's Info sheet do not change with where the kabupaten
    # folder lives, nor with the folder the command was started from.
    try:
        relative = os.path.relpath(inbox)
    except ValueError:  # (another drive on Windows: no relative path; it was "Kesalahan internal")
        return [str(inbox)]
    return [relative if not relative.startswith("..") else str(inbox)]


def _reads_folders(inputs: list[str]) -> bool:
    """Whether the inputs name a folder (a period's inbox): only then has a unit that is absent sent nothing.

    An operator checking their own workbook names the file; the registry's other units are not missing from it.
    """
    return any(os.path.isdir(p) for p in inputs)


def _require_config(command: str) -> Any:
    config = _config()
    if config is None:
        from pathlib import Path

        from pmprb_cli.config import CONFIG_NAME, notepad_twin

        raise UsageError(
            f"pmprb {command} memerlukan berkas pengaturan pmprb.toml",
            hint=notepad_twin(Path(CONFIG_NAME))
            or "Buat dengan `pmprb init`, jalankan dari folder berkas itu, atau sebut dengan --config BERKAS.",
        )
    return config


def _busy(exc: PmprbError) -> int:
    err = _stderr()
    err.print(f"Galat [{exc.code}]: {exc.message}", markup=False)
    err.print(f"Saran: {exc.hint}", markup=False)
    return ExitCode.BUSY


@app.command("init", cls=_Command)
@guarded
def init_command(
    folder: Annotated[
        str,
        typer.Argument(
            help="Folder tujuan; dibuat bila belum ada (bawaan: folder ini).", metavar="FOLDER", show_default=False
        ),
    ] = ".",
    kabupaten: Annotated[str, typer.Option("--kabupaten", help="Nama kabupaten/kota yang ditulis ke pmprb.toml.")] = "",
    rubric: Annotated[
        str | None,
        typer.Option(
            "--rubric",
            "-r",
            help="Id rubrik bawaan (lihat `pmprb rubric list`) atau jalur berkas .toml yang ditulis ke pmprb.toml "
            "(bawaan: pmprb-2020).",
            metavar="ID|BERKAS",
        ),
    ] = None,
) -> int:
    """Tulis pmprb.toml berkomentar dan contoh daftar unit (CSV); berkas yang sudah ada tidak pernah ditimpa."""
    _files_in_indonesian()
    _refuse_a_windows_path("FOLDER", folder)
    from pmprb_cli.checks import kind_unsaid
    from pmprb_cli.config import init_project

    err = _stderr()
    code = ExitCode.OK
    init_files = init_project(folder, kabupaten=kabupaten, rubric=rubric or "")
    for file in init_files:
        if file.written:  # (stdout lists what was written: a script read the files kept as its own)
            print(file.path)
        err.print(f"{'ditulis' if file.written else 'sudah ada, tidak ditimpa'}: {file.path}", markup=False)
        if file.other_rubric:
            # "sudah ada, tidak ditimpa" and exit 0: the user took the folder for a ZI one, and it stayed RB.
            code = ExitCode.FINDINGS
            err.print(
                f"Perhatian: {file.path} memakai rubrik {file.other_rubric}, bukan {rubric} yang diminta; berkas itu "
                f"tidak diubah. Untuk instrumen atau rubrik lain pakai folder sendiri, mis. pmprb init "
                f"{os.path.splitext(os.path.basename(rubric or ''))[0] or 'lain'} --rubric {rubric}; atau ubah "
                "kunci rubric di berkas itu.",
                markup=False,
            )
        if file.other_kabupaten:
            # A corrected --kabupaten on a second init was kept unsaid: every rapor and package kept the typo.
            code = ExitCode.FINDINGS
            err.print(
                f'Perhatian: {file.path} memakai kabupaten "{file.other_kabupaten}", bukan "{kabupaten}" yang diminta; '
                "berkas itu tidak diubah. Ubah kunci kabupaten di berkas itu bila nama yang diminta yang benar.",
                markup=False,
            )
    written = any(f.written and f.path.name == "pmprb.toml" for f in init_files)
    if written and rubric and rubric.lower().endswith(".toml") and not os.path.isfile(rubric):
        # (exit 0 and nothing said: the next command refused "'rubrik/kab.toml' bukan rubrik bawaan")
        err.print(
            f"Perhatian: berkas rubrik {rubric} belum ada; tulis berkas itu di sana sebelum menjalankan perintah lain "
            f"(mis. pmprb rubric show pmprb-2020 --format toml > {shlex.quote(rubric)}, lalu ubah isinya).",
            markup=False,
        )
    if written and kabupaten and kind_unsaid(kabupaten):
        # "Bogor" alone is taken as either pemda of that name: Kota Bogor's workbooks ranked among Kabupaten
        # Bogor's without a word (diffrev18). Said where the name is chosen.
        err.print(
            f'Perhatian: "{kabupaten}" tidak menyebut Kabupaten atau Kota, sehingga buku kerja Kabupaten {kabupaten} '
            f"maupun Kota {kabupaten} diterima sebagai milik pemda ini. Tulis nama lengkapnya (mis. "
            f'"Kabupaten {kabupaten}" atau "Kota {kabupaten}") di kunci kabupaten pmprb.toml.',
            markup=False,
        )
    if not kabupaten and written:
        # Templates carry the name: corrected only after they went out, every workbook then named another
        # kabupaten than the settings (PMPRB-E308).
        err.print(
            'Perhatian: kabupaten ditulis "Kabupaten Contoh" (tanpa --kabupaten): ganti dengan nama kabupaten/kota '
            "Anda di pmprb.toml sebelum membuat templat, karena templat membawa nama itu.",
            markup=False,
        )
    if any(f.written for f in init_files):
        # (every later command reads pmprb.toml from the folder it is run in: "Sebutkan rubrik templat" followed)
        try:
            here = os.getcwd()
        except OSError:  # (the working folder removed: init wrote its files, then stopped with exit 2)
            here = ""
        there = "" if os.path.abspath(folder) == here else f"pindah ke foldernya (cd {shlex.quote(folder)}); "
        err.print(
            f"Berikutnya: {there}sunting pmprb.toml dan daftar unit; buat templat LKE setiap unit dengan pmprb "
            "template --out templat/TTTT-BB --period TTTT-BB dan bagikan; letakkan LKE yang kembali di "
            "masuk/TTTT-BB/, lalu jalankan pmprb run --period TTTT-BB.",
            markup=False,
        )
    return code


@app.command("run", cls=_Command)
@guarded
def run_command(
    period: Annotated[
        str, typer.Option("--period", help="Periode yang dijalankan, TTTT-BB (mis. 2022-07).", metavar="TTTT-BB")
    ],
    jobs: JobsOption = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Tanpa bilah kemajuan; ringkasan dicetak hanya bila kode keluar bukan 0 dan ada yang berubah atau "
            "perlu dikatakan sejak run terakhir (cron mengirim surel hanya bila ada yang perlu dilihat). Ringkasan "
            "selalu ada di log.",
        ),
    ] = False,
    rescore: Annotated[
        bool,
        typer.Option(
            "--rescore",
            help="Nilai ulang periode lama dengan pengaturan sekarang (target, rubrik, daftar unit); tanpa ini "
            "periode yang periode sesudahnya sudah dijalankan dinilai dengan pengaturan yang tercatat di riwayat.",
        ),
    ] = False,
    wait: WaitOption = 0,
) -> int:
    """Jalankan satu periode tanpa bertanya (untuk cron): validasi, nilai, rekap, rapor, riwayat, ringkasan."""
    _files_in_indonesian()
    from pmprb_cli.errors import RunBusy
    from pmprb_cli.monthly import run_period, summary_lines

    config = _require_config("run")
    try:
        result = run_period(
            config,
            period,
            jobs=jobs,
            progress=_progress(quiet),
            rescore=rescore,
            wait=wait,
            waiting=None if quiet else _say_waiting,
        )
    except RunBusy as exc:
        return _busy(exc)
    if quiet and result.exit_code == 0 and not result.log_lost and result.history_upgraded is None:
        # (cron mails whatever a job prints: the nightly re-run that changed nothing mailed two lines a night)
        # (but once the history's schema upgrade, which older pmprb cannot read back: said in the log only; migrev)
        return 0
    lines = summary_lines(config, result)
    exit_code = result.exit_code
    if result.log_lost:
        # The run is done (and recorded); exit 2, as for a summary stdout could not take (faultrev: it was "gagal",
        # exit 2 and no summary at all, of a run whose history had been committed).
        done = "keluaran dan riwayat sudah ditulis" if result.recorded or result.written else "run sudah selesai"
        exit_code = 2
        # (one exit code said: "Kode keluar 1: …" above it, then "Kode keluar 2", read as two; diffrev13)
        instead = f", bukan {result.exit_code}," if result.exit_code else ""
        lines.append(
            f"Galat sistem: log {config.log} tidak dapat ditulis sejak tengah run ({result.log_lost}); {done}, "
            "tetapi sebagian ringkasan ini tidak ada di log. Periksa ruang kosong dan izin folder log (df -h, "
            f"ls -ld). Kode keluar run ini 2{instead} karena lognya tidak lengkap."
        )
    if quiet and result.unchanged and len(lines) == 2:
        # Nothing changed and nothing else to say: mid-month, with workbooks still in error (exit 1), the same
        # "tidak ada perubahan … Kode keluar 1" was mailed every night. The exit code and the log keep it.
        return result.exit_code
    try:
        for line in lines:
            print(line)
        sys.stdout.flush()
    except OSError as exc:
        # The log's last line said "kode keluar 1" of a run that left with 2 (stdout on a full disk).
        from pmprb_cli.errors import os_reason
        from pmprb_cli.monthly import RunLog, _local_now

        if isinstance(exc, BrokenPipeError):  # (`| head`: the reader closed the pipe; 141, as README says)
            said = f"ringkasan tidak dicetak seluruhnya (pembacanya menutup pipa); kode keluar {ExitCode.PIPE_CLOSED}"
        else:
            said = f"ringkasan tidak dapat dicetak ({os_reason(exc)}); kode keluar 2"
        with contextlib.suppress(PmprbError, OSError):  # (a log that cannot be written changes no exit code)
            RunLog(config.log, period, _local_now)(said)
        if isinstance(exc, BrokenPipeError):
            raise
        # ("Sistem menolak: disk penuh" named no path, its hint "folder itu" no folder, of a run whose outputs
        # and history were written)
        done = "keluaran dan riwayat sudah ditulis" if result.recorded or result.written else "run sudah selesai"
        raise SystemRefusal(
            f"Ringkasan run tidak dapat dicetak ke keluaran standar (stdout): {os_reason(exc)}; {done}",
            hint=f"Arahkan stdout ke berkas yang dapat ditulis, atau baca ringkasannya di log {config.log}.",
        ) from exc
    return exit_code


@app.command("history", cls=_Command)
@guarded
def history_command(
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Kode (atau nama) satu unit.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, json atau csv.")] = Format.table,
) -> int:
    """Tren dari riwayat: indeks per bulan dan per triwulan, untuk kabupaten atau satu unit (--unit)."""
    from pmprb_cli.history import (
        History,
        PeriodRecord,
        find_unit,
        is_merged_unit,
        months_not_scored,
        months_without_units,
        old_kodes_of,
        other_kabupaten,
        other_kabupaten_line,
        trend,
        trend_csv,
        trend_json,
    )
    from pmprb_cli.models import Rubric
    from pmprb_cli.rapor import versions_alike
    from pmprb_cli.registry import renamed_kodes
    from pmprb_cli.rubric import load_rubric, shipped_rubrics
    from pmprb_cli.scoring import predikat_for

    if unit is not None and not unit.strip():
        # `pmprb history --unit "$KODE"` with KODE unset printed the kabupaten's trend under a unit's name.
        raise UsageError("--unit kosong", hint="Sebut kode atau nama unit, mis. --unit DINKES, atau tanpa --unit.")
    config = _require_config("history")
    rubric = load_rubric(config.rubric)
    registry = None
    if config.registry:
        from pmprb_cli.errors import RegistryError
        from pmprb_cli.registry import load_registry

        try:
            registry = load_registry(config.registry)  # a unit's old kodes, kept as aliases, are its past
        except RegistryError as exc:
            if unit:
                raise
            # The kabupaten's trend needs no registry (it only pairs a changed kode's months): say, go on.
            _stderr().print(
                f"Daftar unit tidak terbaca ({exc.code}); kode unit yang berganti tidak dipasangkan dengan kode "
                "lamanya. Perbaiki dengan pmprb validate atau pmprb run.",
                markup=False,
            )
    with History.open(config.history, create=False) as history:
        if registry is not None:
            # (its kodes of two renames ago, which only the registries the history kept still name)
            registry = registry.with_aliases_of(history.kept_registries())
        found = find_unit(history, unit, registry) if unit else None
        recorded = history.recorded_rubrics()
        scored_with = {r.checksum: r for r in recorded} | {rubric.checksum: rubric}
        shipped = shipped_rubrics()

        def rubric_of(record: PeriodRecord) -> Rubric:
            # Each month on the rubric it was scored with (kept in the history): pmprb.toml may name another now.
            # A file an early history did not keep: the shipped rubric of that id, else today's (as before).
            kept = scored_with.get(record.rubric_checksum)
            if kept is None:
                if record.rubric_id != rubric.id and record.rubric_id in shipped:
                    with contextlib.suppress(PmprbError):
                        kept = load_rubric(record.rubric_id)
                scored_with[record.rubric_checksum] = kept = kept or rubric  # (parsed once, not once a month)
            return kept

        def month_predikat(value: float, record: PeriodRecord) -> str:
            return predikat_for(rubric_of(record), value).code

        old = old_kodes_of(found[0], registry) if found else ()
        asked = registry.by_kode(unit) if registry is not None and unit else None
        if (
            found
            and asked is not None
            and asked.kode.casefold() != found[0].casefold()
            and not is_merged_unit(history, asked.kode, registry)  # (a merged unit's parts keep their months)
        ):
            # The unit asked for by its kode today, never scored under it yet (renamed twice: its months are
            # under the kodes it had): those months and its own kode's, found by an old kode of it.
            named = (asked.kode, *old_kodes_of(asked.kode, registry), *old)
            old = tuple(dict.fromkeys(k for k in named if k.casefold() != found[0].casefold()))
        rows = trend(
            history,
            month_predikat,
            found[0] if found else None,
            rubric.predikat_decimals,
            old,
            renamed_kodes(registry),
            pass_fail={v.code for r in scored_with.values() for v in r.verdicts},
            alike=versions_alike(rubric, *recorded),
        )
        periods = history.periods()
        latest = history.period(periods[-1]) if periods else None
        title = rubric_of(latest).short_title if latest is not None else rubric.short_title
        # A unit's months without a score: the table read as consecutive months (June, August).
        gaps = months_not_scored(periods, rows) if found else []
        # (the kabupaten's months that ranked nobody: the table ended at August, September recorded, unsaid)
        empty = months_without_units(periods, rows) if not found else []
        # A month the unit sent a readable file that did not rank (another month's or another unit's
        # template) was said "tidak mengirim, atau berkasnya tidak dapat dinilai".
        kodes = {k.casefold() for k in (found[0], *old)} if found else set()
        sent_unranked = [
            p for p in gaps if (record := history.period(p)) and any(i.kode.casefold() in kodes for i in record.inputs)
        ]
        others = other_kabupaten(history, config.kabupaten)
        # A merger that kept one old unit's kode (DISKOP absorbed DISPERINDAG): DISKOP's own months before it are
        # no part of the merged unit's trend, and no `--unit` showed them, unsaid.
        own_before: list[tuple[str, float]] = []
        if found and registry is not None and is_merged_unit(history, found[0], registry):
            shown_months = {r.period for r in rows if r.level == "bulan"}
            first = min(shown_months, default="")
            own_before = [
                (p, v)
                for p, v in history.db.execute(
                    "SELECT period, index_value FROM units WHERE kode = ? COLLATE NOCASE ORDER BY period", (found[0],)
                )
                if p not in shown_months and p < first
            ]
    if others:
        # (on stderr beside JSON and CSV, which stay data; below the table otherwise, as its other notes)
        warn = other_kabupaten_line(others, config.kabupaten)
        if fmt is not Format.table:
            _stderr().print(warn, markup=False)
    if fmt is Format.json:
        _write_out(trend_json(rows, config.kabupaten, found, gaps, empty))
    elif fmt is Format.csv:
        _write_out(trend_csv(rows, config.kabupaten, found[0] if found else ""))
    else:
        out = _stdout()
        if rows:  # (an empty table, then "no period at all", of a history whose one month ranked nobody)
            out.print(_trend_table(rows, config.kabupaten, found, title, out.width, periods))
        if empty:
            from pmprb_cli.history import period_label

            files = ", ".join(f"validasi-{p}.json" for p in empty)
            _stdout().print(
                f"Tanpa unit yang dinilai: {', '.join(period_label(p) for p in empty)} (periode itu tercatat, tetapi "
                f"tidak ada buku kerja yang dapat diperingkat; rinciannya di {files}).",
                markup=False,
            )
        if others:
            _stdout().print(warn, markup=False)
        if found and sent_unranked:
            from pmprb_cli.history import period_label

            said = ", ".join(period_label(p) for p in sent_unranked)
            files = ", ".join(f"validasi-{p}.json" for p in sent_unranked)
            _stdout().print(
                f"Tidak diperingkat pada {said}: berkasnya ada, tetapi tidak diperingkat (rinciannya di {files}).",
                markup=False,
            )
            gaps = [p for p in gaps if p not in sent_unranked]
        if found and gaps:
            from pmprb_cli.history import period_label

            said = ", ".join(period_label(p) for p in gaps)
            # A unit taken off the registry was said "tidak mengirim" for every month since; so was one merged
            # into another unit (its kode now that unit's alias).
            now = registry.of_workbook(found[0], found[1]) if registry is not None else None
            if registry is not None and now is None:
                why = (
                    f"{found[0]} tidak lagi ada di daftar unit {config.registry}, atau tidak mengirim, atau "
                    "berkasnya tidak dapat dinilai"
                )
            elif now is not None and now.kode.casefold() != found[0].casefold():
                why = (
                    f"{found[0]} kini tercatat sebagai {now.kode} ({now.nama}) di daftar unit: pmprb history "
                    f"--unit {now.kode}; atau tidak mengirim, atau berkasnya tidak dapat dinilai"
                )
            else:
                why = "tidak mengirim, atau berkasnya tidak dapat dinilai"
            _stdout().print(f"Tidak dinilai pada {said} ({why}).", markup=False)
        if found and own_before:
            from pmprb_cli.history import period_label
            from pmprb_cli.models import format_number

            months = ", ".join(f"{period_label(p)} (indeks {format_number(v, 2)})" for p, v in own_before)
            _stdout().print(
                f"Sebelum digabung: {found[0]} dinilai sebagai unit sendiri pada {months}; bulan-bulan itu tidak "
                "dibandingkan dengan unit gabungan (perubahannya dimulai dari bulan pertamanya).",
                markup=False,
            )
    if not rows and not empty:
        _stderr().print("Riwayat belum memuat periode apa pun untuk pilihan ini.", markup=False)
    return ExitCode.OK


def _trend_table(
    rows: Any,
    kabupaten: str,
    unit: tuple[str, str] | None,
    instrument: str,
    width: int = 200,
    periods: Sequence[str] = (),
) -> Any:
    """The trend as a table; on a terminal narrower than 80 columns, as one line per period with every figure.

    ``periods``: the months the history records (a unit's quarter ended in a month it was not scored in).

    rich shortens cells to fit: a 50-column terminal showed "62,…" for an index and "-0,…" for a change.
    """
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from pmprb_cli.output import plain

    title = f"Tren {instrument} — {unit[0]} {unit[1]}" if unit else f"Tren {instrument} — {kabupaten or 'kabupaten'}"
    heads = ["Periode", "Unit" if unit is None else "Peringkat", "Indeks", "Predikat", "Perubahan"]
    heads += ["Mencapai target" if unit is None else "Target"] + ([] if unit is None else ["Indeks mandiri"])
    cells = _trend_cells(rows, unit, periods)
    notes = _trend_notes(rows, unit)
    if width < 80:
        lines = [Text(plain(title))]
        for row in cells:
            figures = [f"{row[1]} unit" if unit is None else f"peringkat {row[1]}", f"indeks {row[2]} ({row[3]})"]
            figures += [f"perubahan {row[4]}", f"{heads[5].lower()} {row[5]}"]
            figures += [f"indeks mandiri {row[6]}"] if unit is not None else []
            lines.append(Text(plain(f"{row[0]}: {'; '.join(figures)}")))
        lines += [Text(note) for note in notes]
        return Group(*lines)
    # Text, not markup: a unit's name "[/x]" ended the command with exit 3, "[link=…]" made a hyperlink.
    table = Table(title=Text(plain(title)), title_justify="left")
    for n, head in enumerate(heads):
        table.add_column(head, justify="left" if n in (0, 5) else "center" if n == 3 else "right")
    for n, row in enumerate(cells):
        if n and rows[n].level != rows[n - 1].level:
            table.add_section()
        table.add_row(*row)
    if notes:
        table.caption = "\n".join(notes)
        table.caption_justify = "left"
    return table


def _trend_cells(rows: Any, unit: tuple[str, str] | None, periods: Sequence[str] = ()) -> list[list[str]]:
    """Each period's figures as shown: period, units (or rank), index, predikat, change, target, self index."""
    from pmprb_cli.history import period_before, period_label
    from pmprb_cli.models import format_id

    out = []
    for row in rows:
        change = "—" if row.change is None else ("+" if row.change > 0 else "") + format_id(row.change)
        change += " †" if row.basis_changed else ""
        if row.since is not None and row.since != period_before(row.period):
            change += f" (sejak {period_label(row.since)})"  # a month nobody ran: not a month's change
        if row.rubric_changed:
            change += " (rubrik lain)"  # no change measured from a month scored with another rubric
        reach = f"{row.meets_target} dari {row.units}" if unit is None else ("ya" if row.meets_target else "belum")
        label = period_label(row.period)
        if row.level == "triwulan" and int(row.month[5:]) % 3:
            # Triwulan III with July and August only read as the finished quarter, as in the rapor.
            month = period_label(row.month).split()[0]
            end = f"{row.month[:5]}{int(row.month[5:]) + 3 - int(row.month[5:]) % 3:02d}"
            # A quarter whose last months were run and scored nobody (a unit's: scored it not), or never run while
            # a later month was, is over: "(s.d. Agustus)" read as unfinished, where the rapor said "(nilai Agu
            # 2022; Sep 2022 tidak dinilai)".
            over = any(p > end for p in periods)
            rest = [f"{row.month[:5]}{m:02d}" for m in range(int(row.month[5:]) + 1, int(end[5:]) + 1)]
            after = [p for p in rest if p in periods or over]
            label += (
                f" (nilai {month}; {', '.join(period_label(p).split()[0] for p in after)} tidak dinilai)"
                if after
                else f" (s.d. {month})"
            )
        cells = [
            label,
            str(row.units if unit is None else row.rank),
            format_id(row.index),
            row.predikat or "—",
            change,
            f"{reach} ({row.target})",
        ]
        if unit is not None:
            cells.append("—" if row.self_index is None else format_id(row.self_index))
        out.append(cells)
    return out


def _trend_notes(rows: Any, unit: tuple[str, str] | None) -> list[str]:
    """What the trend's marks mean, under it."""
    notes = []
    if unit is None:
        # Juli 65,86 beside Juni 61,83 with +4,43 read as a wrong subtraction.
        notes.append("Perubahan: selisih rata-rata indeks unit yang dinilai di kedua periode.")
    if any(row.rubric_changed for row in rows):
        notes.append("— (rubrik lain): periode sebelumnya dinilai dengan rubrik lain; indeksnya tidak sebanding.")
    if any(row.basis_changed for row in rows):
        notes.append(
            "†: sebagian unit itu terverifikasi di satu periode dan mandiri di periode lainnya, atau evaluator "
            "mengisi jumlah jawaban yang berbeda: rata-rata perubahannya juga memuat beda itu."
            if unit is None
            else "†: indeks terverifikasi di satu periode dan mandiri di periode lainnya, atau evaluator mengisi "
            "jumlah jawaban yang berbeda: perubahannya memuat beda itu."
        )
    return notes


@app.command("export", cls=_Command)
@guarded
def export_command(
    period: Annotated[
        str,
        typer.Option("--period", help="Periode paket, TTTT-BB, yang sudah dijalankan (pmprb run).", metavar="TTTT-BB"),
    ],
    out: Annotated[
        str, typer.Option("--out", "-o", help="Folder tujuan paket; dibuat bila belum ada.", metavar="FOLDER")
    ],
    make_zip: Annotated[bool, typer.Option("--zip", help="Tulis juga satu berkas .zip berisi seluruh paket.")] = False,
    wait: WaitOption = 0,
) -> int:
    """Paket untuk Kemenpan-RB: LKE kabupaten (usulan), buku kerja kabupaten, indeks bukti dukung, manifest.json."""
    _files_in_indonesian()
    _refuse_a_windows_path("--out", out)
    from pmprb_cli.errors import RunBusy
    from pmprb_cli.export import coverage, coverage_warning, export_package
    from pmprb_cli.models import first_named

    config = _require_config("export")
    _check_period(period)
    if out.lower().endswith(".zip") and not os.path.isdir(out):
        # `--out paket.zip` made a folder named paket.zip, which the clerk then could not attach to an e-mail.
        raise UsageError(
            f"--out {out} adalah nama folder tujuan paket, bukan nama berkas zip. Tidak ada yang ditulis",
            hint=f"Pakai --out {out[:-4] or 'paket'} --zip: zip-nya ditulis di folder itu sebagai "
            f"{_zip_named(period, config.kabupaten)}.",
        )
    try:
        exported = export_package(config, period, out, make_zip=make_zip, wait=wait, waiting=_say_waiting)
    except RunBusy as exc:
        return _busy(exc)
    for path in exported.paths:
        print(path)
    _stderr().print(
        f"Paket Kemenpan-RB periode {period}: {len(exported.paths)} berkas di {out} "
        + (
            "(semua ditulis)."
            if len(exported.written) == len(exported.paths)
            else f"({len(exported.written)} ditulis, sisanya sudah sama)."
        ),
        markup=False,
    )
    if exported.replaced:
        _stderr().print(
            f"Zip paket periode ini dengan nama lama diganti oleh "
            f"{next(p.name for p in exported.paths if p.suffix == '.zip')}: {first_named(exported.replaced, 5)} "
            "dihapus (buatan pmprb, tidak diubah sejak itu).",
            markup=False,
        )
    if exported.as_recorded:
        _stderr().print(
            f"Pengaturan tercatat dipakai: paket dibuat dengan pengaturan saat periode {period} dicatat, bukan "
            f"pengaturan pmprb.toml sekarang ({'; '.join(exported.as_recorded)}).",
            markup=False,
        )
    if not period.endswith("-09") and exported.batch.rubric.instrument == "rb":
        # (a June package written without a word, the README's own example 2022-08: the submission is September's;
        # PMPRB's calendar, not LKE AKIP's or a ZI proposal's, which were told of it all the same)
        _stderr().print(
            f"Catatan: PMPRB dikirim ke Kemenpan-RB dengan data September; paket ini periode {period} (untuk "
            f"pemeriksaan atau arsip). Untuk pengiriman: pmprb export --period {period[:4]}-09.",
            markup=False,
        )
    outside = exported.batch.rubric.out_of_years_note(period)
    if outside:
        # (run and the rapor said it; the package for the ministry went out without a word, exit 0)
        _stderr().print(f"Perhatian: {outside}", markup=False)
    verified, partly = exported.batch.verified_count, coverage(exported.batch).units_verified_partly
    if verified:
        # (run said "1 memakai indeks terverifikasi evaluator (hanya sebagian jawaban)"; the package nothing)
        some = (
            ""
            if not partly
            else " (evaluatornya hanya mengisi sebagian jawaban)"
            if partly == verified
            else (f" ({partly} di antaranya evaluatornya hanya mengisi sebagian jawaban)")
        )
        _stderr().print(
            f"Dasar penilaian paket: {verified} unit dengan indeks terverifikasi evaluator{some}, "
            f"{len(exported.batch.ranked) - verified} unit dengan indeks mandiri.",
            markup=False,
        )
    warning = coverage_warning(exported.batch)
    if warning:
        _stderr().print(warning, markup=False)
    if exported.others:
        # Another period's package in the same folder: sent whole, it went out beside a manifest of this one.
        shown = first_named(exported.others, 5)
        _stderr().print(
            f"Perhatian: folder {out} juga berisi berkas yang bukan bagian paket ini ({shown}); manifest.json hanya "
            f"menjelaskan paket periode {period}. Kirim hanya berkas yang tercantum di manifest.json (atau --zip), "
            "atau pakai folder tersendiri tiap periode.",
            markup=False,
        )
    if exported.rekap_differs:
        _stderr().print(
            f"Perhatian: rekap paket disusun dari rekap yang berbeda dengan yang ditulis pmprb run terakhir untuk "
            f"{period} (sejak itu pmprb diperbarui, atau periode sebelumnya dijalankan ulang sehingga perubahan "
            f"yang dibandingkan rekap berbeda). Jalankan ulang pmprb run --period {period} agar rapor, rekap "
            "dan paket sama, lalu ekspor lagi.",
            markup=False,
        )
    # Written, but standing on missing, unreadable or erroneous workbooks: 1, as `run` says of the same inputs
    # (`pmprb export … && kirim` sent an incomplete package with 0).
    if warning or exported.rekap_differs:
        # (both said when both hold: the changed rekap went unsaid beside the inputs' problems; diffrev20)
        why = " dan ".join(
            w
            for w, said in (
                ("disusun dari masukan yang bermasalah", warning),
                ("rekapnya berbeda dari rekap run terakhir", exported.rekap_differs),
            )
            if said
        )
        _stderr().print(f"Kode keluar 1: paket ditulis, tetapi {why} (lihat di atas).", markup=False)
        return ExitCode.FINDINGS
    return ExitCode.OK


def _zip_named(period: str, kabupaten: str) -> str:
    from pmprb_cli.export import zip_name

    return zip_name(period, kabupaten)


def _workers_started() -> bool:
    pipeline = sys.modules.get("pmprb_cli.pipeline")
    return pipeline is not None and bool(pipeline.worker_processes_started())


def main() -> None:
    """Run the app (the console script is :func:`pmprb_cli.entry.main`, which loads this module)."""
    try:
        app(prog_name="pmprb")
    except SystemExit as exc:
        from pmprb_cli.entry import signals_noted, termination_exit_code

        if exc.code == ExitCode.INTERRUPTED and termination_exit_code():
            exc = SystemExit(termination_exit_code())  # (typer's 130 for the Terminated a late SIGTERM raised)
        unwritten = _streams_flushed()
        if isinstance(unwritten, BrokenPipeError):
            sys.exit(ExitCode.PIPE_CLOSED)  # (its reader is gone: `pmprb rubric list | head -1`, nothing to say)
        if unwritten is not None and exc.code in (0, 1, None):
            # What a command printed fitted in the buffer; the disk was full when it was flushed: exit 0 (or 120
            # from the interpreter's own flush, in English) for output nobody got.
            with contextlib.suppress(OSError):
                _say_error("PMPRB-E905", _os_error_words(unwritten), _os_error_hint(unwritten))
            _streams_flushed()
            sys.exit(ExitCode.USAGE)
        stopped = exc.code in (ExitCode.INTERRUPTED, ExitCode.TERMINATED, ExitCode.HUNG_UP) and _workers_started()
        if stopped or signals_noted():
            # (a run whose exit is logged, or whose stop is said, ends with that exit now: see signals_noted)
            # Everything is said and written; what is left is Python's exit joining the workers. Once (in
            # 70 interrupted runs) a worker blocked on a result nobody read held that join for good, after
            # "kode keluar 143" was logged. The workers die with this process (PR_SET_PDEATHSIG).
            with contextlib.suppress(Exception):
                _stop_progress()
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(int(exc.code or 0))
        # Everything is said and written. Python's exit then walked every object still alive for reference
        # cycles (a batch's thousand results and their answers: 18 ms of 29 after `score` of 1000 workbooks),
        # only to free them as the process ends. Frozen, they are left to the operating system; files, logs and
        # the history are closed by then (with statements, atexit), and nothing of pmprb waits on a collection.
        gc.freeze()
        raise exc from None
    except KeyboardInterrupt as exc:  # Ctrl-C outside a command (while options are read): no traceback either
        from pmprb_cli.entry import Terminated

        _streams_flushed()
        sys.exit(exc.exit_code if isinstance(exc, Terminated) else ExitCode.INTERRUPTED)
    except BrokenPipeError:  # --version or --help into a closed pipe
        _stdout_to_devnull()
        _streams_flushed()
        sys.exit(ExitCode.PIPE_CLOSED)
    except OSError as exc:  # --version or --help into a full disk (`pmprb --help > /dev/full`)
        _stdout_to_devnull()
        with contextlib.suppress(OSError):
            _say_error("PMPRB-E905", _os_error_words(exc), _os_error_hint(exc))
        # (stderr full too, as in cron's `>> run.log 2>&1`: what it holds unwritten made the exit 120)
        _streams_flushed()
        sys.exit(ExitCode.USAGE)
