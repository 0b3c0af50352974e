"""Render the rapor: the kabupaten page and one page per unit, as self-contained HTML and as Markdown.

The only module that imports jinja2. One :class:`jinja2.Environment` renders every page: autoescape on for
HTML and SVG (unit names come from workbooks and are untrusted), off for Markdown, where the ``md`` filter
escapes instead; ``StrictUndefined`` so a misspelt field fails loudly rather than printing nothing.

Templates live in ``pmprb_cli/templates/`` so the wheel carries them (``templates/`` at the repository root
points there). ``--templates DIR`` is searched first, so a kabupaten can replace one template or all.

Charts are inline SVG drawn by ``_charts.html`` from numbers :mod:`pmprb_cli.rapor` computes (why templates
rather than a plotting library: see the head of that file).

Numbers and months are written the Indonesian way by babel (71,41; 1.234; Juli 2022). Values are first
rounded half up to the decimals shown, as predikat and ranks are (babel alone would round half to even).
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import math
import os
import re
import threading
import time
import traceback
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path

import jinja2
import jinja2.sandbox
import markupsafe
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from pmprb_cli import __version__
from pmprb_cli.batch import Batch
from pmprb_cli.checks import masked_contacts
from pmprb_cli.errors import SystemRefusal, UsageError, os_reason, windows_path_hint
from pmprb_cli.files import same_file_named, write_if_changed
from pmprb_cli.models import Severity, format_gain, rounded_half_up, sheet_ref
from pmprb_cli.output import display_name
from pmprb_cli.rapor import PERIOD, Alike, HistoryPoint, KabupatenView, kabupaten_view, page_file_name, unit_view
from pmprb_cli.registry import jenis_label

__all__ = [
    "FORMATS",
    "HistoryPoint",
    "default_templates_dir",
    "environment",
    "parse_formats",
    "render_pages",
    "render_reports",
]

LOCALE = "id_ID"
FORMATS = ("html", "md")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
# Characters Markdown would read as markup; "!" needs no escape once "[" has one.
# "~" too: "~~coret~~" in a unit's name struck it through in GitHub's Markdown, in every table.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~])")


def default_templates_dir() -> Path:
    """The templates shipped with pmprb (``templates/`` at the repository root is a link to this folder)."""
    return Path(__file__).resolve().with_name("templates")


# --------------------------------------------------------------------------- filters


# Python's own grouping with the separators swapped: what babel's id_ID pattern "#,##0.00" gives (the same
# text for 200 000 values and 0–4 decimals, checked), 12 times faster. A rapor of 500 units spent 13 of its
# 37 seconds in babel's format_decimal.
_INDONESIAN_SEPARATORS = str.maketrans(",.", ".,")


def num(value: float | None, decimals: int = 2) -> str:
    """A number in Indonesian form with fixed decimals (71,41; 1.234,50); ``—`` for none."""
    if value is None:
        return "—"
    shown = rounded_half_up(value, decimals)
    shown = abs(shown) if shown == 0 else shown  # never -0,00
    return f"{shown:,.{decimals}f}".translate(_INDONESIAN_SEPARATORS)


def signed(value: float | None, decimals: int = 2) -> str:
    """A change with its sign (+1,23; -0,50; 0,00); ``—`` for none."""
    if value is None:
        return "—"
    shown = rounded_half_up(value, decimals)
    text = num(float(abs(shown)), decimals)
    return text if shown == 0 else ("+" if shown > 0 else "-") + text


def count(value: int) -> str:
    """A whole number in Indonesian form (1.234)."""
    return f"{value:,}".translate(_INDONESIAN_SEPARATORS)


def percent(share: float) -> str:
    """A share as a whole percentage (64%)."""
    return str(format_percent(rounded_half_up(share * 100, 0) / 100, locale=LOCALE))


def share(value: float) -> str:
    """An area's share of its weight to two decimals (69,50%), as the rekap's Per Area sheet shows it.

    Against the 70,01 % line it is coloured by, a whole percent read "70%" for 69,50 % (red) and for 70,33 %
    (green) alike.
    """
    return f"{num(value * 100)}%"


def answer(value: object) -> str:
    """An answer as people typed it: text as is, numbers in Indonesian form, ``(kosong)`` for none."""
    if value is None or value == "":
        return "(kosong)"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return str(format_decimal(rounded_half_up(value, 2), format="#,##0.##", locale=LOCALE))


def periode(period: str, short: bool = False) -> str:
    """``2022-07`` → Juli 2022 (Jul 2022); ``2022-Q3`` → Triwulan III 2022 (TW III 2022); else as given."""
    month = PERIOD.match(period)
    if month and int(month.group(1)) > 0:  # (a workbook's "0000-08": no date has year 0)
        day = datetime.date(int(month.group(1)), int(month.group(2)), 1)
        return str(format_date(day, "MMM y" if short else "MMMM y", locale=LOCALE))
    quarter = _QUARTER.match(period)
    if quarter:
        return f"{'TW' if short else 'Triwulan'} {_ROMAN[quarter.group(2)]} {quarter.group(1)}"
    return period


def md(text: object) -> str:
    """Text safe inside Markdown (tables included): special characters escaped, line breaks joined."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def clip(text: str, limit: int = 40) -> str:
    """Text cut to ``limit`` characters with an ellipsis (chart labels), its last word kept where it is short.

    Names of one kind differ at their end: "UPTD Puskesmas Kecamatan Sukamaju" and "… Sukamakmur" were both
    "UPTD Puskesmas Kecamatan Sukama…" on the chart.
    """
    if len(text) <= limit:
        return text
    words = text.split()
    last = words[-1] if len(words) > 1 else ""
    if not last or len(last) > limit // 3:
        return text[: limit - 1].rstrip() + "…"
    return text[: limit - 2 - len(last)].rstrip() + "… " + last


def clips(labels: Iterable[str], limit: int = 40) -> list[str]:
    """Each label :func:`clip`-ped, two different labels never clipped alike.

    "UPTD Puskesmas Kecamatan Cikarang Utara" and "… Tambun Utara" were both "UPTD Puskesmas Kecamatan… Utara":
    on the projected chart, where no tooltip shows, nobody could tell which bar was below target. Labels that
    collide keep more of their last words; where those words do not fit, the part around where the names first
    differ ("…s Kecamatan Cikarang Utara Dinas…").
    """
    texts = list(labels)
    out = [clip(t, limit) for t in texts]
    for kept in range(2, limit):
        alike = _alike(texts, out)
        if not alike:
            return out
        out = [(_clip_end(t, limit, kept) or s) if s in alike else s for t, s in zip(texts, out, strict=True)]
    for group in _alike(texts, out).values():
        # Each around where it parts from the name nearest it ("… Tambun Utara" and "… Tambun Utara II" part
        # later than the group does).
        apart = _parting(group)
        out = [_clip_around(t, limit, apart[t]) if t in apart else s for t, s in zip(texts, out, strict=True)]
    for group in _alike(texts, out).values():
        # Still alike (two groups met): numbered, the full names in the chart's table and tooltips.
        numbered = {t: n for n, t in enumerate(sorted(group), start=1)}
        out = [_numbered(s, limit, numbered[t]) if t in numbered else s for t, s in zip(texts, out, strict=True)]
    return out


def _parting(group: Collection[str]) -> dict[str, int]:
    """Each text with the length it shares with the text nearest it: in sorted order, a neighbour's (linear)."""
    ordered = sorted(group)
    shared = [len(os.path.commonprefix(pair)) for pair in itertools.pairwise(ordered)]
    return {t: max(shared[n - 1] if n else 0, shared[n] if n < len(shared) else 0) for n, t in enumerate(ordered)}


def _alike(texts: Sequence[str], shorts: Sequence[str]) -> dict[str, set[str]]:
    """The clipped labels that stand for more than one text, each with those texts."""
    shown: dict[str, set[str]] = {}
    for text, short in zip(texts, shorts, strict=True):
        shown.setdefault(short, set()).add(text)
    return {short: full for short, full in shown.items() if len(full) > 1}


def _numbered(label: str, limit: int, n: int) -> str:
    suffix = f"… ({n})"
    return label[: limit - len(suffix)].rstrip("… ") + suffix


def _clip_end(text: str, limit: int, kept: int) -> str | None:
    """``text`` in ``limit`` characters keeping its last ``kept`` words whole; None where they do not fit."""
    tail = " ".join(text.split()[-kept:])
    if len(tail) > limit - 6:
        return None
    return text[: limit - 2 - len(tail)].rstrip() + "… " + tail


def _clip_around(text: str, limit: int, differ: int) -> str:
    """``text`` in ``limit`` characters around position ``differ``, where it parts from names clipped alike."""
    if len(text) <= limit:
        return text
    start = max(0, min(differ - limit // 3, len(text) - (limit - 1)))
    head = "…" if start else ""
    room = limit - len(head)
    body = text[start : start + room]
    if start + room < len(text):
        body = body[: room - 1] + "…"
    return head + body


def css_string(text: object, limit: int = 0) -> markupsafe.Markup:
    """Text as a quoted CSS string inside a <style> element (the printed page's running footer).

    Every character but letters, digits and spaces is written as a hex escape, so no quote, backslash or
    ``</style>`` in a unit's name can end the string or the element. Text already escaped for HTML (a rendered
    block) is unescaped first: CSS shows it literally. ``limit``: at most that many characters, the last "…"
    (a 300-letter name without a space ran across the printed footer over its page number).
    """
    plain_text = text.unescape() if isinstance(text, markupsafe.Markup) else str(text)
    plain_text = " ".join(plain_text.split())
    if 0 < limit < len(plain_text):
        # The name is cut, the period after the last " — " kept: "… Agustus 20…" could be any year's page.
        head, dash, tail = plain_text.rpartition(" — ")
        if head and len(tail) < limit // 2:
            plain_text = head[: limit - len(tail) - len(dash) - 1].rstrip() + "…" + dash + tail
        else:
            plain_text = plain_text[: limit - 1].rstrip() + "…"
    # The space after each escape ends it and is swallowed by CSS: without it the space after a comma went
    # too ("Pembangunan,Riset" on every printed page).
    body = "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x} " for c in plain_text)
    return markupsafe.Markup(f'"{body}"')


def px(value: float) -> str:
    """A chart coordinate: one decimal, locale-free (SVG syntax, not a number people read)."""
    return f"{value:.1f}"


class _KabupatenTemplates(jinja2.FileSystemLoader):
    """A kabupaten's own templates (--templates): one not saved as UTF-8 is a usage error naming it.

    Notepad's "ANSI" (cp1252) is what a Windows editor often saves: "Rapor PMPRB é" in one byte stopped the run with
    exit 3, "kesalahan internal", and no file named.
    """

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        folder = Path(self.searchpath[0])
        path = folder / template
        if path.is_symlink() or path.exists():
            # A link out of the folder ("secret.md" → /etc/passwd, then {% include %}) put that file into the rapor;
            # a FIFO named index.md was passed over without a word.
            real, root = os.path.realpath(path), os.path.realpath(folder)
            if os.path.commonpath([real, root]) != root:
                raise UsageError(
                    f"Templat {path} menunjuk ke luar folder templat ({real})",
                    hint="Simpan templat sebagai berkas biasa di folder itu sendiri, bukan tautan ke tempat lain.",
                )
            if os.path.exists(real) and not os.path.isfile(real):
                raise UsageError(f"Templat {path} bukan berkas biasa", hint="Simpan templat sebagai berkas teks biasa.")
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            path = Path(self.searchpath[0]) / template
            raise UsageError(
                f"Templat {path} bukan teks UTF-8 (bita {exc.object[exc.start]:#04x} pada posisi {exc.start})",
                hint="Simpan ulang templat itu sebagai UTF-8 (Notepad: Simpan sebagai → Pengodean UTF-8).",
            ) from exc


#: Units in one index chart: printed, a chart is at most one page (an SVG cannot split), and 200 units on one
#: page had labels of 1.6 pt; 40 print at 7.5 pt.
CHART_ROWS = 40


#: A page of a kabupaten's own template is stopped past this many seconds or characters: two nested loops of
#: range(100000) kept `pmprb run` busy for hours, holding the history's lock against the next night's cron,
#: and {{ 'x' * 10**8 }} wrote an index.md of 100 MB. (pmprb's own pages take under a second and 2 MB.) The
#: whole rapor has RAPOR_SECONDS: 1 000 unit pages of 29 s each held the lock for eight hours. Where the system
#: allows (POSIX), a page may take PAGE_MEMORY more memory than pmprb held before it: "x"|center(10**9) and a
#: list grown in a loop took gigabytes, then the kernel's OOM killer ended the run without a word.
PAGE_SECONDS = 30.0
RAPOR_SECONDS = 600.0
PAGE_CHARS = 64 * 1024 * 1024
PAGE_MEMORY = 1024 * 1024 * 1024


class TemplateOverrun(Exception):
    """A kabupaten's template ran past a bound: ``kind`` is "time", "total", "size" or "memory"."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind
        self.page = ""  # (the page's template, when stopped between its lines)


class _BoundedSandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, each page bounded in time, size and memory (see :func:`_render`)."""

    # Not folded at compile time, so seen at run time: "x" * 10**10 asked for 10 GB, 10 ** 10 ** 10 never ended.
    intercepted_binops = frozenset({"*", "**"})
    deadline = math.inf
    #: What the deadline is: this page's or the whole rapor's.
    deadline_kind = "time"

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: object, right: object) -> object:
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 4096:
            raise TemplateOverrun("size")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > PAGE_CHARS:
                    raise TemplateOverrun("size")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: object, *args: object, **kwargs: object) -> object:  # noqa: N805
        # (every call a loop makes: the watchdog's stand-in where there is none, not CPython)
        __self.check_time()
        return super().call(__context, __obj, *args, **kwargs)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateOverrun(self.deadline_kind)


class _PageStopped(TemplateOverrun):
    """Raised in the rendering thread when a page's time is up (see :func:`_watchdog`)."""

    def __init__(self) -> None:
        super().__init__("time")


class _RaporStopped(TemplateOverrun):
    """Raised in the rendering thread when the whole rapor's time is up."""

    def __init__(self) -> None:
        super().__init__("total")


@contextlib.contextmanager
def _watchdog(seconds: float, kind: str) -> Iterator[None]:
    """Stop the Python code run within after ``seconds``, in any thread and on every system.

    A timer raises the overrun in this thread at its next instruction: a page of loops over a list or a string
    makes no call and writes nothing, and where no alarm signal stopped it (Windows, a thread) it ran for hours.
    """
    try:
        import ctypes

        set_async = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):
        yield  # (not CPython: the calls and chunks of the page still look at the clock)
        return
    ident = ctypes.c_ulong(threading.get_ident())
    stopped = ctypes.py_object(_RaporStopped if kind == "total" else _PageStopped)
    lock = threading.Lock()
    state = {"ended": False, "fired": False}

    def stop() -> None:
        with lock:
            if not state["ended"]:
                set_async(ident, stopped)
                state["fired"] = True

    timer = threading.Timer(max(seconds, 0.001), stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:  # (no stop from now on)
            state["ended"] = True
        if state["fired"]:
            # One set just as the page ended is raised here, not at a later line. Not cleared with NULL: where none
            # is pending, CPython 3.11 then keeps looking for one at every call, and under a profiler or coverage
            # the process spun for ever, deaf to SIGTERM (covrev: the test suite's coverage run never ended).
            try:
                _pending_raised()
            except (_PageStopped, _RaporStopped):
                pass
        timer.cancel()
        timer.join()


def _pending_raised() -> None:
    """Nothing: a call, at whose start CPython raises an asynchronous exception set for this thread."""


@contextlib.contextmanager
def _memory_cap(extra: int) -> Iterator[None]:
    """Let the code run within take at most ``extra`` more address space, where the system tells and allows it."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError, IndexError):
        yield  # (Windows, macOS: not bounded)
        return
    cap = held + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # (already bounded as tightly by whoever started pmprb)
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _render(env: jinja2.Environment, name: str, until: float = math.inf, **context: object) -> str:
    """One page; a kabupaten's template bounded in time (``until``: the rapor's), size and memory."""
    if not isinstance(env, _BoundedSandbox):
        return env.get_template(name).render(**context)
    now = time.monotonic()
    env.deadline, env.deadline_kind = min((now + PAGE_SECONDS, "time"), (until, "total"))
    parts: list[str] = []
    size = 0
    try:
        # (the memory cap outside the watchdog: stopped, the page's own limit is always put back)
        with _memory_cap(PAGE_MEMORY), _watchdog(env.deadline - now, env.deadline_kind):
            # Compiled within the bounds too: Jinja works out a filter of constants as it compiles,
            # {{ ("x"|center(1500000000))|length }} took 1,5 GB before any bound looked.
            template = env.get_template(name)
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > PAGE_CHARS:
                    raise TemplateOverrun("size")
                env.check_time()
                parts.append(chunk)
    except MemoryError as exc:
        parts.clear()
        overrun = TemplateOverrun("memory")
        overrun.page = name
        raise overrun from exc
    except TemplateOverrun as exc:
        exc.page = name
        raise
    finally:
        env.deadline = math.inf
    return "".join(parts)


def _refuse_misnamed(folder: Path) -> None:
    """Refuse a kabupaten's template named almost as pmprb's ("Index.html", "unit.htm", "unit.MD").

    Such a file is never looked up (the name must be exact where file names tell case apart): pmprb's own
    template was used, with no word of the kabupaten's.
    """
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return  # (said by the loader, which reads the folder next)
    shipped = {name.casefold(): name for name in os.listdir(default_templates_dir())}
    for name in sorted(names):
        key = name.casefold()
        meant = shipped.get(key) or (shipped.get(key + "l") if key.endswith(".htm") else None)
        if meant is not None and name != meant and not (folder / meant).is_file():
            raise UsageError(
                f"Templat {folder / name} tidak akan dipakai: nama templat harus persis {meant}",
                hint=f"Ganti nama berkas itu menjadi {meant} (huruf kecil, akhiran sama persis), lalu jalankan ulang.",
            )


def environment(templates_dir: str | Path | None = None) -> jinja2.Environment:
    """The one Jinja environment: ``templates_dir`` (if given) first, then the shipped templates."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        folder = Path(templates_dir)
        if not folder.is_dir():
            raise UsageError(
                # (a file given was "tidak ditemukan", though it was there)
                f"Folder templat {folder} adalah berkas, bukan folder"
                if folder.exists()
                else f"Folder templat tidak ditemukan: {folder}",
                hint=("" if folder.exists() else windows_path_hint(str(templates_dir)))
                or "Berikan folder berisi index.html, unit.html, index.md atau unit.md pada --templates.",
            )
        _refuse_misnamed(folder)
        loaders.append(_KabupatenTemplates(folder))
    loaders.append(jinja2.FileSystemLoader(default_templates_dir()))
    # A kabupaten's own templates are rendered in Jinja's sandbox: {{ cycler.__init__.__globals__.os.popen("id") }}
    # ran a shell command, and range(10**10) took every byte of memory. An immutable one: rendered before the
    # rekap and the history are written from the same data, `{% set _ = r.submission.answers.clear() %}` left
    # the rekap's Jawaban sheet empty.
    kind = jinja2.Environment if templates_dir is None else _BoundedSandbox
    env = kind(
        loader=jinja2.ChoiceLoader(loaders),
        # Escaped unless Markdown or CSS: a kabupaten's partial "_tabel.htm" or "_tabel.j2" printed a unit name
        # "<a href=…>Sesi habis: masuk ulang</a>" as a live link.
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "svg", "xml"), disabled_extensions=("md", "css"), default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        num=num,
        signed=signed,
        gain=format_gain,
        count=count,
        percent=percent,
        share=share,
        answer=answer,
        periode=periode,
        md=md,
        clip=clip,
        clips=clips,
        px=px,
        css_string=css_string,
        jenis=lambda j: jenis_label(str(j)),
        basename=_file_shown,
        wrappable=wrappable,
        sheetref=sheet_ref,
    )
    env.globals.update(version=__version__, severity=Severity, chart_rows=CHART_ROWS)
    return env


@jinja2.pass_context
def _file_shown(context: jinja2.runtime.Context, path: object) -> str:
    """A file as the page's batch shows it (folders that tell apart files of one name), controls made visible.

    verifikasi/DINKES.xlsx and the unit's DINKES.xlsx were both "DINKES.xlsx" in "Unit mengirim dua kali".
    """
    batch = getattr(context.get("kab"), "batch", None)
    return page_file_name(batch, str(path)) if batch is not None else masked_contacts(display_name(str(path)))


def wrappable(value: object, longest: int = 16) -> markupsafe.Markup:
    """A file name (HTML) that may break after - _ . and every ``longest`` characters of a run without them.

    Printed on A4, "KEC-CIBENDA.xls|x" and "DISPERTA.xl|sx": a cell that may break anywhere gives the table no
    reason to keep a name's parts whole. With these break points only, a cell is as wide as its longest part.
    Names and messages take ``longest=24``: Indonesian words run past 16 letters ("Pertanggungjawab|an",
    "Ketenagalistrika|n" broke on a phone). No break is put before a mark or joiner that belongs with the
    character before it (an accent, a ZWJ emoji sequence).
    """
    text = str(value)
    pieces, current, run, flags = [], "", 0, 0
    for n, ch in enumerate(text):
        current += ch
        run = 0 if ch in "-_. " else run + 1
        flags = flags + 1 if _REGIONAL <= ch <= _REGIONAL_LAST else 0  # (a flag is two letters: "🇮|🇩" was split)
        joined = n + 1 < len(text) and (_belongs_before(text[n + 1]) or flags % 2 == 1)
        if (ch in "-_." or run >= longest) and not joined and ch != "\u200d":
            pieces.append(current)
            current, run = "", 0
    pieces.append(current)
    return markupsafe.Markup("<wbr>").join(markupsafe.escape(p) for p in pieces if p)


_REGIONAL, _REGIONAL_LAST = "\U0001f1e6", "\U0001f1ff"


def _belongs_before(char: str) -> bool:
    """A mark, joiner or selector that belongs with the character before it."""
    import unicodedata

    # (Sk: an emoji's skin tone, "👍|🏽" was split)
    skin = "\U0001f3fb" <= char <= "\U0001f3ff"
    return skin or bool(unicodedata.combining(char)) or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cs")


# --------------------------------------------------------------------------- options


def parse_formats(text: str) -> tuple[str, ...]:
    """``"html,md"`` → ``("html", "md")``; an unknown format is a usage error."""
    wanted = [part.strip().casefold() for part in text.split(",") if part.strip()]
    unknown = [w for w in wanted if w not in FORMATS]
    if unknown or not wanted:
        raise UsageError(
            f"Format rapor tidak dikenal: {', '.join(unknown) or '(kosong)'}",
            hint="Pilih html, md atau keduanya: --format html,md.",
        )
    return tuple(f for f in FORMATS if f in wanted)


# --------------------------------------------------------------------------- rendering


def _tidy(text: str) -> str:
    # Template whitespace should not show in a diff: no trailing spaces, at most one blank line, one final newline.
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def render_pages(
    batch: Batch,
    formats: Sequence[str] = FORMATS,
    templates_dir: str | Path | None = None,
    history: Sequence[HistoryPoint] | None = None,
    foreign: Collection[str] = (),
    alike: Alike | None = None,
    registered: Iterable[Collection[str]] = (),
) -> dict[str, str]:
    """Every page of the rapor as ``{file name: text}``: ``index.<fmt>`` and ``<page>.<fmt>`` per unit.

    No unit page takes a name in ``foreign`` (see :func:`foreign_pages`). ``alike``: the rubric versions that
    score alike (rapor.versions_alike). Raises :class:`UsageError` for a broken template from
    ``templates_dir`` (named with its line).
    """
    return dict(iter_pages(batch, formats, templates_dir, history, foreign, alike, registered)[1])


def iter_pages(
    batch: Batch,
    formats: Sequence[str] = FORMATS,
    templates_dir: str | Path | None = None,
    history: Sequence[HistoryPoint] | None = None,
    foreign: Collection[str] = (),
    alike: Alike | None = None,
    registered: Iterable[Collection[str]] = (),
    view: KabupatenView | None = None,
) -> tuple[tuple[str, ...], Iterator[tuple[str, str]]]:
    """The names of the rapor's pages, in order, and the pages themselves made one at a time, in that order.

    What :func:`render_pages` gives as one dict, for a writer that writes each page as it is made (the monthly
    run: a page's text is dropped once written, not held with every other page's).
    """
    env = environment(templates_dir)
    kab = view if view is not None else kabupaten_view(batch, history or (), foreign, alike, registered)
    names = (
        *(f"index.{fmt}" for fmt in formats),
        *(f"{row.page}.{fmt}" for row in kab.units for fmt in formats),
        *(f"{p.page}.{fmt}" for p in kab.unreadable_pages for fmt in formats),
    )

    def pages() -> Iterator[tuple[str, str]]:
        try:
            until = time.monotonic() + RAPOR_SECONDS
            for fmt in formats:
                yield _page(f"index.{fmt}", _render(env, f"index.{fmt}", until, page=kab, kab=kab, fmt=fmt))
            for row in kab.units:
                view = unit_view(kab, row)
                for fmt in formats:
                    text = _render(env, f"unit.{fmt}", until, page=view, kab=kab, fmt=fmt)
                    yield _page(f"{row.page}.{fmt}", text)
            for unread in kab.unreadable_pages:
                for fmt in formats:
                    text = _render(env, f"unreadable.{fmt}", until, page=unread, kab=kab, fmt=fmt)
                    yield _page(f"{unread.page}.{fmt}", text)
        except TemplateOverrun as exc:
            bound = {
                "time": f"halamannya tidak selesai dalam {PAGE_SECONDS:.0f} detik (perulangan yang terlalu "
                "panjang atau tanpa akhir?)",
                "total": f"seluruh rapor tidak selesai dalam {RAPOR_SECONDS:.0f} detik",
                "size": f"halamannya menghasilkan lebih dari {PAGE_CHARS // (1024 * 1024)} MB",
                "memory": f"halamannya memerlukan lebih dari {PAGE_MEMORY // (1024 * 1024 * 1024)} GB memori",
            }[exc.kind]
            where = _template_line(exc)
            raise UsageError(
                f"Templat {exc.page if where == '?' else where} dihentikan: {bound}",
                hint=f"Periksa perulangan dan perkalian di templat {templates_dir}; templat bawaan ada di "
                f"{default_templates_dir()}.",
            ) from exc
        except jinja2.TemplateNotFound as exc:
            if templates_dir is None:
                raise
            # "Templat _kop_surat.md tidak dapat dirender: kesalahan sintaks" named the missing file as the one
            # that failed, and not the template and line that include it.
            where = _template_line(exc, own_name=False)
            raise UsageError(
                f"Templat {where} menyertakan '{exc.name}', yang tidak ada di {templates_dir} maupun templat bawaan",
                hint=f"Periksa nama templat yang disertakan (include/import/extends) dan salin berkasnya ke "
                f"{templates_dir}; templat bawaan ada di {default_templates_dir()}.",
            ) from exc
        except jinja2.TemplateError as exc:
            if templates_dir is None:
                raise  # a fault in the shipped templates is pmprb's own bug: exit 3, detail with --debug
            raise UsageError(
                f"Templat {_template_line(exc)} tidak dapat dirender: {_jinja_reason(exc)}",
                hint=f"Periksa templat di {templates_dir}; templat bawaan ada di {default_templates_dir()}.",
            ) from exc
        except UsageError:
            raise  # (a template not UTF-8, or a link out of the folder: said as such)
        except Exception as exc:
            if templates_dir is None:
                raise
            # {{ 1/0 }} or a template that includes itself was "Kesalahan internal pmprb", exit 3, no template named.
            raise UsageError(
                f"Templat {_template_line(exc)} tidak dapat dirender ({type(exc).__name__})",
                hint=f"Periksa templat di {templates_dir}; templat bawaan ada di {default_templates_dir()}.",
            ) from exc

    def _page(name: str, text: str) -> tuple[str, str]:
        # A page of a kabupaten's own template says pmprb made it too, so that a later run knows it from the
        # operator's own files (foreign_pages) and may replace or remove it.
        return name, _marked(_tidy(text)) if templates_dir is not None else _tidy(text)

    return names, pages()


_MARK = "<!-- Dibuat dengan pmprb "
#: How far from a page's start its generator line is looked for, and from its end its closing line.
_HEAD_BYTES, _TAIL_BYTES = 2048, 4096


def _marked(text: str) -> str:
    """A page with pmprb's closing mark (an HTML comment, unseen in HTML and Markdown alike) unless it has one."""
    data = text.encode()
    if _is_marked(data[:_HEAD_BYTES], data[-_TAIL_BYTES:]):
        return text
    return text + ("" if text.endswith("\n") else "\n") + f"{_MARK}{__version__} -->\n"


def _is_marked(head: bytes, tail: bytes) -> bool:
    return (
        b'<meta name="generator" content="pmprb ' in head or b"\nDibuat dengan pmprb " in tail or _MARK.encode() in tail
    )


#: Jinja's commonest complaints about a kabupaten's own template, in the user's words; any other is kept as
#: Jinja's English, marked as such ("'kabupaten_nama' is undefined" reached an evaluator as it was).
_JINJA_REASONS = (
    (re.compile(r"'(.+)' is undefined"), "nama '{0}' tidak dikenal (periksa ejaannya di templat bawaan)"),
    (re.compile(r"'(.+)' has no attribute '(.+)'"), "'{0}' tidak punya bagian '{1}'"),
    (re.compile(r"no filter named '(.+)'", re.I), "penyaring (filter) '{0}' tidak ada"),
    (re.compile(r"no test named '(.+)'", re.I), "uji (test) '{0}' tidak ada"),
    (re.compile(r"Unexpected end of template.*"), "templat berakhir sebelum blok ditutup (endif/endfor hilang?)"),
    (re.compile(r"Encountered unknown tag '(.+?)'.*"), "tag '{0}' tidak dikenal atau tidak pada tempatnya"),
    (re.compile(r"unexpected '(.+)'"), "'{0}' tidak pada tempatnya"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), "seharusnya '{0}', tertulis '{1}'"),
    # (what the sandbox refuses, and a list read past its end, were "kesalahan sintaks" in Jinja's English)
    (
        re.compile(r"access to attribute '(.+?)' of '(.+?)' object is unsafe"),
        "bagian '{0}' dari '{1}' tidak boleh dipakai di templat kabupaten (ditolak sandbox)",
    ),
    (re.compile(r"(.+?) object has no element (.+)"), "'{0}' tidak punya unsur ke-{1} (hitungan mulai dari 0)"),
)


def _jinja_reason(exc: jinja2.TemplateError) -> str:
    """Why Jinja refused a template, in Indonesian where known; else Jinja's message, marked as its own."""
    message = " ".join(str(exc.message or exc).split())
    for pattern, words in _JINJA_REASONS:
        found = pattern.fullmatch(message.rstrip("."))
        if found:
            return words.format(*found.groups())
    return f"kesalahan templat (pesan Jinja: {message})"


def made_by_pmprb(path: Path) -> bool:
    """Whether a rapor page is one pmprb wrote: its generator line (HTML), closing line (Markdown) or mark."""
    try:
        if not path.is_file() or path.is_symlink():
            return False
        with path.open("rb") as page:
            head = page.read(_HEAD_BYTES)
            page.seek(max(0, path.stat().st_size - _TAIL_BYTES))
            return _is_marked(head, page.read())
    except OSError:
        return False


def foreign_pages(folder: Path, own: Collection[str] = ()) -> frozenset[str]:
    """The names (casefolded, no suffix) of the pages in ``folder`` that pmprb did not write: never a unit's.

    ``own``: file names recorded as this folder's outputs, pmprb's whatever they hold. The unit pages the
    folder's rapor index links to are pmprb's too: an earlier pmprb wrote pages of a kabupaten's own template
    without a mark, and each was taken for the operator's ("DINKES-2.md" beside it, at every run).
    """
    try:
        entries = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return frozenset()
    linked = linked_pages(folder)
    return frozenset(
        p.stem.casefold()
        for p in entries
        if p.suffix.lower() in (".html", ".md")
        and p.name not in own
        and p.stem.casefold() not in linked
        and not made_by_pmprb(p)
    )


def refuse_foreign_files(folder: Path, names: Iterable[str], own: Collection[str] = ()) -> None:
    """Refuse to replace a file in ``folder`` that pmprb did not write (a web root's index.html, a unit's LKE).

    Unit pages step aside (``DINKES-2.html``); the rapor index and the kabupaten workbook have fixed names and
    were replaced. ``own``: names recorded as the folder's outputs. A rapor page is pmprb's by its mark, a
    workbook by its marker property; an empty file holds nothing to lose.
    """
    from pmprb_cli.merging import is_merged_workbook

    found = []
    for name in names:
        path = folder / name
        if name in own or not os.path.lexists(path):
            continue
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_size == 0:
                continue
        except OSError:
            pass
        ours = is_merged_workbook(path) if name.endswith(".xlsx") else made_by_pmprb(path)
        if not ours:
            found.append(name)
    if found:
        raise UsageError(
            f"Folder {folder} sudah memuat {', '.join(found)}, yang bukan tulisan pmprb; pmprb tidak menimpanya. "
            "Tidak ada yang ditulis",
            hint="Tulis ke folder lain (--out, atau kunci output di pmprb.toml), atau pindahkan berkas itu lebih "
            "dulu bila memang tidak diperlukan.",
        )


_PAGE_LINK = {
    "html": re.compile(r'href="([A-Za-z0-9._-]+)\.html[#"]'),
    # An unescaped "](": the md filter writes every "]" and "\\" of a name escaped, so a unit named
    # "x](README.md)" cannot make the index seem to link the operator's README.md (and have it replaced).
    "md": re.compile(r"(?<!\\)(?:\\\\)*\]\(([A-Za-z0-9._-]+)\.md[#)]"),
}


def linked_pages(folder: str | Path) -> frozenset[str]:
    """The page names (casefolded) the rapor index in ``folder`` links to (its own name aside)."""
    found: set[str] = set()
    for fmt, link in _PAGE_LINK.items():
        try:
            with (Path(folder) / f"index.{fmt}").open("rb") as page:
                text = page.read(20_000_000).decode("utf-8", "replace")
        except OSError:
            continue
        found.update(m.group(1).casefold() for m in link.finditer(text))
    found.discard("index")
    return frozenset(found)


def _template_line(exc: BaseException, *, own_name: bool = True) -> str:
    """``name baris N`` of the template line that failed: a syntax error says it, a render error's traceback does.

    ``own_name``: whether the error's own ``name`` is the failing template's (a missing template's is not).
    """
    name, line = (getattr(exc, "name", None), getattr(exc, "lineno", None)) if own_name else (None, None)
    if not name:
        # Jinja maps rendering frames back to the template file and line.
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            filename = frame.f_code.co_filename
            if filename.endswith((".html", ".htm", ".md", ".css", ".svg", ".xml", ".j2", ".jinja", ".txt")):
                name, line = Path(filename).name, lineno
    return f"{name or '?'}{f' baris {line}' if line else ''}"


def render_reports(
    batch: Batch,
    out_dir: str | Path,
    formats: Sequence[str] = FORMATS,
    templates_dir: str | Path | None = None,
    history: Sequence[HistoryPoint] | None = None,
    alike: Alike | None = None,
    registered: Iterable[Collection[str]] = (),
) -> tuple[Path, ...]:
    """Render every page and write it into ``out_dir`` atomically; return the paths, index first.

    Every page is rendered before the first is written, so a broken template writes nothing. A page whose
    bytes are already there is left untouched (a repeated monthly run changes nothing).
    """
    folder = Path(out_dir)
    pages = render_pages(batch, formats, templates_dir, history, foreign_pages(folder), alike, registered)
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            f"Jalur --out {folder} bukan folder", hint="Berikan folder untuk rapor, mis. --out rapor-TTTT-BB/."
        )
    refuse_foreign_files(folder, (n for n in pages if n.startswith("index.")))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The index last: written first, a full disk left August's index linking July's unit pages (37 of them),
        # unsaid. Stopped part-way now, the old index stands over its own pages and a few new ones.
        written = {
            name: _write(folder / name, pages[name].encode("utf-8"))
            for name in sorted(pages, key=lambda n: n.startswith("index."))
        }
        return tuple(written[name] for name in pages)
    except OSError as exc:
        raise SystemRefusal(
            f"Tidak dapat menulis rapor ke {folder}: {os_reason(exc)}; halaman indeks belum diperbarui, sebagian "
            "halaman unit mungkin sudah — jalankan ulang perintah yang sama setelah masalahnya diatasi"
        ) from exc


def _write(path: Path, data: bytes) -> Path:
    write_if_changed(path, data)  # a page already holding these bytes is left untouched
    return path


def remove_stale_pages(
    folder: str | Path, written: Collection[Path], linked: Collection[str], formats: Collection[str]
) -> list[str]:
    """Delete the unit pages of the report before that this one did not write again; their names.

    A unit that left the batch (its file gone, or now a second sending) kept its page from the report before:
    its old rank beside an index listing it "belum mengirim". Only a page the old index linked to (``linked``,
    read before this report replaced it), in a format written now, and that says pmprb made it goes: an
    operator's copy of a page (an archive, notes added) and the other format's pages stay.
    """
    folder = Path(folder)
    kept = {p.name for p in written}
    suffixes = {f".{f}" for f in formats}
    removed = []
    try:
        pages = sorted(
            p for p in folder.iterdir() if p.suffix in suffixes and p.name not in kept and p.stem.casefold() in linked
        )
        for page in pages:
            if made_by_pmprb(page) and not same_file_named(page, written):
                page.unlink()
                removed.append(page.name)
    except OSError as exc:
        raise SystemRefusal(f"Tidak dapat menghapus rapor lama di {folder}: {os_reason(exc)}") from exc
    return removed


def other_format_left(folder: str | Path, formats: Collection[str]) -> list[str]:
    """The index pages pmprb wrote earlier in ``folder`` in a format this report did not write (left as they are).

    `report --format md` into the folder of last month's HTML rapor left index.html showing last month beside
    this month's index.md, without a word; the pages are the operator's to keep, so they are named, not deleted.
    """
    folder = Path(folder)
    return [
        index.name for index in (folder / f"index.{f}" for f in FORMATS if f not in formats) if made_by_pmprb(index)
    ]


def written_summary(paths: Iterable[Path]) -> str:
    """One line saying how many pages were written and where."""
    paths = list(paths)
    folder = paths[0].parent if paths else Path(".")
    return f"{count(len(paths))} halaman rapor ada di {folder}"
