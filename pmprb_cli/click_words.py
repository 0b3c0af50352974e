"""Click's usage errors in pmprb's words: the one place that reads Click's English.

Click (vendored by Typer) says its usage errors in English ("Missing option '--period'."): the cron case of
``pmprb run`` without ``--period`` reached an operator that way. :func:`usage_words` turns that text into
the message and hint pmprb gives for every usage error (PMPRB-E902), in the language of the run. Click's
exception classes are recognised by name (:func:`is_usage_error`): Typer's vendored Click is private and
changes between releases. A message this table does not know is still said, prefixed, never lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# (Click's English, pmprb's Indonesian, pmprb's English); {0}, {1}… are the pattern's groups.
_PATTERNS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.S), indonesian, english)
    for pattern, indonesian, english in (
        (r"Missing option (.+)\.$", "opsi {0} wajib diisi", "option {0} is required"),
        (r"Missing argument (.+)\.$", "argumen {0} wajib diisi", "argument {0} is required"),
        (r"Missing parameter:? (.+?)\.?$", "{0} wajib diisi", "{0} is required"),
        (
            r"No such option: (\S+?)\.?(?:\s+(?:Did you mean (.+?)\?|\(Possible options: (.+?)\))\.?)?$",
            "opsi {0} tidak dikenal",
            "unknown option {0}",
        ),
        (
            r"No such command '(.+?)'\.(?:\s+Did you mean (.+?)\?)?$",
            "perintah '{0}' tidak dikenal",
            "unknown command '{0}'",
        ),
        (r"Option '(.+)' requires an argument\.$", "opsi '{0}' memerlukan nilai", "option '{0}' needs a value"),
        # (Click 8.2 and Typer's vendored copy write "argument(s)")
        (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", "argumen berlebih: {0}", "unexpected arguments: {0}"),
        (
            r"Option '(.+)' does not take a value\.$",
            "opsi '{0}' tidak menerima nilai (tulis {0} saja)",
            "option '{0}' takes no value (write {0} alone)",
        ),
        (
            r"Invalid value for (.+?): '(.*)' is not one of (.+)\.$",
            "nilai '{1}' untuk {0} bukan salah satu dari {2}",
            "value '{1}' for {0} is not one of {2}",
        ),
        (
            r"Invalid value for (.+?): '(.*)' is not a valid int\w*(?: range)?\.$",
            "nilai '{1}' untuk {0} bukan bilangan bulat",
            "value '{1}' for {0} is not a whole number",
        ),
        (
            r"Invalid value for (.+?): (.+?) is not in the range (.+?)\.$",
            "nilai {1} untuk {0} di luar rentang: {2}",
            "value {1} for {0} is out of range: {2}",
        ),
        (r"Invalid value for (.+?): (.+?)\.?$", "nilai tidak sah untuk {0}: {1}", "invalid value for {0}: {1}"),
    )
)
#: Options other tools spell so, and what they are here (an option, and a value where it takes one): Click's
#: own guess for ``--json`` was "--jobs?".
_FAMILIAR: dict[str, tuple[str, str]] = {
    **{o: ("--format", o[2:]) for o in ("--json", "--csv", "--md", "--html", "--table")},
    "--markdown": ("--format", "md"),
    **{o: ("--out", "") for o in ("--output", "--output-dir", "--outdir", "--dir", "--keluaran", "--hasil")},
    **{o: ("--jobs", "") for o in ("--threads", "--workers", "--processes", "--parallel", "--cpus", "--cores")},
    # (and --quiet itself, on merge and report, which have none: "Maksudnya --out?")
    **{o: ("--quiet", "") for o in ("--silent", "--diam", "--quiet")},
    **{o: ("--period", "") for o in ("--periode", "--month", "--bulan")},
    **{o: ("--rubric", "") for o in ("--rubrik", "--lke")},
    **{o: ("--registry", "") for o in ("--daftar", "--units", "--daftar-unit")},
    **{o: ("--target", "") for o in ("--predikat", "--sasaran")},
    **{o: ("--kabupaten", "") for o in ("--kab", "--kota", "--pemda")},
}


def _familiar_guess(unknown: str, options: Mapping[str, Sequence[str]]) -> str | None:
    """What an option spelt as other tools spell it is here ("--format json"); ``None`` for no familiar spelling.

    "" for a familiar spelling this command has no answer to (`merge --json`): Click's nearest spelling
    ("--jobs?") would mislead. A value is named only where the option lists its choices and has it.
    """
    option, value = _FAMILIAR.get(unknown.casefold(), (None, ""))
    if option is None:
        return None
    if option not in options:
        return ""
    if value and value not in options[option]:
        return ""  # (report --format takes html,md, not json)
    return f"{option} {value}" if value else option


#: Options of pmprb itself, written before the command (``pmprb --config F run``), not after it.
GLOBAL_OPTIONS = ("--config", "--debug", "--lang", "--version")


_BOUNDS = re.compile(r"^(?:(-?[\d.]+)(<=?))?x(?:(<=?)(-?[\d.]+))?$")


def _range_words(spec: str, *, english: bool) -> str:
    """Click's range notation (``x>=1``, ``0<=x<=100``) in words: at least 1; from 0 to 100."""
    lower = re.fullmatch(r"x(>=?)(-?[\d.]+)", spec)
    if lower:
        strict = lower.group(1) == ">"
        if english:
            return f"{'more than' if strict else 'at least'} {lower.group(2)}"
        return f"harus {'lebih dari' if strict else 'paling kecil'} {lower.group(2)}"
    bounds = _BOUNDS.match(spec)
    if bounds and bounds.group(1) and bounds.group(4):
        low, high = bounds.group(1), bounds.group(4)
        return f"from {low} to {high}" if english else f"harus {low} sampai {high}"
    if bounds and bounds.group(4):
        strict = bounds.group(3) == "<"
        if english:
            return f"{'less than' if strict else 'at most'} {bounds.group(4)}"
        return f"harus {'kurang dari' if strict else 'paling besar'} {bounds.group(4)}"
    return spec


def is_usage_error(exc: BaseException) -> bool:
    """A Click usage error (bad option, missing value…) other than the help shown for a bare command."""
    names = {c.__name__ for c in type(exc).__mro__}
    return "UsageError" in names and "NoArgsIsHelpError" not in names


def usage_words(
    text: str,
    command_path: str,
    commands: Sequence[str],
    *,
    english: bool,
    options: Mapping[str, Sequence[str]] | None = None,
) -> tuple[str, str]:
    """The message and the hint for Click's ``text`` about ``command_path`` (``pmprb run``).

    ``options`` are the command's own (each with its choices, if it has any): a familiar spelling of one of them
    (``--json``, ``--output``) is answered with it rather than Click's nearest spelling.
    """
    text = " ".join(text.split())
    message = f"wrong usage: {text}" if english else f"pemakaian salah: {text}"
    unknown = guess = ""
    for pattern, indonesian, in_english in _PATTERNS:
        found = pattern.match(text)
        if found is None:
            continue
        groups = [g or "" for g in found.groups()]
        if "is not in the range" in pattern.pattern:
            groups[2] = _range_words(groups[2], english=english)
        message = (in_english if english else indonesian).format(*groups)
        if pattern.pattern.startswith("No such"):
            unknown, guess = groups[0], next((g for g in groups[1:] if g), "")  # Click's own guess, if any
            familiar = _familiar_guess(unknown, options or {})
            guess = guess if familiar is None else familiar
            if not guess and pattern.pattern.startswith("No such command"):
                import difflib  # only for a mistyped command

                close = difflib.get_close_matches(unknown, commands, n=1)
                guess = f"'{close[0]}'" if close else ""
        break
    see = f"See `{command_path} --help`." if english else f"Lihat `{command_path} --help`."
    # A value with spaces left unquoted ("--out Paket Agustus 2022", "--config Folder Kab/pmprb.toml") reads as
    # more arguments, or as a command: said so, the way out first.
    spaced = message.startswith(("argumen berlebih", "unexpected arguments")) or (
        text.startswith("No such command") and ("/" in unknown or "\\" in unknown or "." in unknown)
    )
    if spaced and command_path.split()[-1] == "run" and text.startswith("Got unexpected extra argument"):
        # `pmprb run masuk/2022-08` was told to quote values with spaces, and of an --out run does not have.
        see = (
            "pmprb run takes no path: it reads the inbox pmprb.toml names for the period, e.g. "
            "pmprb run --period 2022-08. "
            if english
            else "pmprb run tidak menerima jalur: folder masuknya diambil dari kunci inbox di pmprb.toml untuk "
            "periode itu, mis. pmprb run --period 2022-08. "
        ) + see
    elif spaced:
        # (`history extra` was told of an --out history does not have)
        example = '--out "Paket Agustus 2022"' if options is None or "--out" in options else '"Dinas Kesehatan"'
        quote = (
            f"Put a value that holds spaces in quotes, e.g. {example}. "
            if english
            else f"Apit nilai yang memuat spasi dengan tanda kutip, mis. {example}. "
        )
        see = quote + see
    if unknown in GLOBAL_OPTIONS:
        where = f"pmprb {unknown} … {command_path.split()[-1]} …"
        hint = (
            f"Common options come before the command: {where}"
            if english
            else (f"Opsi umum ditulis sebelum perintah: {where}")
        )
    elif guess:
        hint = f"Did you mean {guess}? {see}" if english else f"Maksudnya {guess}? {see}"
    else:
        hint = see
    message = message[0].upper() + message[1:] + ("" if message.endswith((".", "?")) else ".")
    return message, hint


# Click's help in Indonesian, like every other word pmprb prints: its headings, usage line, value kinds
# and option notes. Translated where Click writes them (the formatter), so its columns stay aligned.
_HEADINGS = {"Arguments": "Argumen", "Options": "Opsi", "Commands": "Perintah"}
_TERMS = ((re.compile(r"<int range>|<int>|<float>"), "<angka>"), (re.compile(r"<str>"), "<teks>"))
_NOTES = (
    (re.compile(r"\[default: ([^\]]*)\]"), r"[bawaan: \1]"),
    (re.compile(r"\[required\]"), "[wajib]"),
)
# Alone ("[x>=1]") or after the default ("[bawaan: 0; 0<=x<=86400]"), which was left in Click's notation.
_RANGE_NOTE = re.compile(r"(?:(?<=\[)|(?<=; ))(x[<>]=?-?[\d.]+|-?[\d.]+<=?x<=?-?[\d.]+)(?=\])")


def _term(text: str) -> str:
    for pattern, words in _TERMS:
        text = pattern.sub(words, text)
    return text


def _note(text: str) -> str:
    for pattern, words in _NOTES:
        text = pattern.sub(words, text)
    return _RANGE_NOTE.sub(lambda m: _range_words(m.group(1), english=False).removeprefix("harus "), text)


def indonesian_formatter(base: type[Any]) -> type[Any]:
    """A subclass of Click's help formatter that writes its own words in Indonesian."""

    class IndonesianFormatter(base):  # type: ignore[misc]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            args = args.replace("[OPTIONS]", "[OPSI]").replace("COMMAND [ARGS]...", "PERINTAH [ARGUMEN]...")
            # (a required argument's metavar came in braces, "{RUBRIK}", which an operator may copy)
            args = re.sub(r"\{([A-Z|.]+)\}", r"\1", args)
            super().write_usage(prog, args, "Pemakaian: " if prefix is None else prefix)

        def section(self, name: str) -> Any:
            return super().section(_HEADINGS.get(name, name))

        def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
            super().write_dl([(_term(term), _note(text)) for term, text in rows], *args, **kwargs)

    return IndonesianFormatter
