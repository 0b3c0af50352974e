"""The console-script entry point: as little as possible before pmprb's own error handling is in place.

It is imported before Typer, Click and pmprb's modules, so a Ctrl-C while they load ends with exit 130
and no traceback; and it sets up what every command needs from the process: text that the terminal's
encoding cannot show is replaced rather than fatal (an ISO-8859-1 locale cannot print ✓ or —), and SIGTERM
(an administrator's ``kill``, cron's timeout) stops a batch as Ctrl-C does, workers included.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys


class Terminated(KeyboardInterrupt):
    """SIGTERM received: unwound as Ctrl-C is (the pool cancelled, nothing half-written), exit 143."""

    signal_name = "SIGTERM"
    exit_code = 143


class HungUp(Terminated):
    """SIGHUP received (the SSH session or terminal went away): as SIGTERM, exit 129.

    Python's default for it killed a run on the spot: no "dihentikan" or "kode keluar" in its log, and its
    temporary folder left for a later run to sweep.
    """

    signal_name = "SIGHUP"
    exit_code = 129


#: The exit code of the last SIGTERM or SIGHUP received (0: none): typer turns any KeyboardInterrupt that
#: reaches it, Terminated included, into 130, Ctrl-C's code (a SIGTERM as a command returned exited 130).
_received: list[int] = [0]


def _terminate(signum: int, frame: object) -> None:
    stop = HungUp if signum == getattr(signal, "SIGHUP", None) else Terminated
    _received[0] = stop.exit_code
    _noted_from_now(stop.exit_code, stopping=True)
    raise stop


def _interrupt(signum: int, frame: object) -> None:
    """Ctrl-C, as Python's own handler, the signals after it noted (see :func:`_noted_from_now`)."""
    _noted_from_now(130, stopping=True)
    raise KeyboardInterrupt


def cut_short() -> bool:
    """Whether a second signal came while a stop is under way: a wait for the workers' files is to end now.

    Raised again, as Python's handler does, it landed in the stop's own handling: the run log lost its last lines,
    or said Ctrl-C and 130 where the process exited 143. Noted, it lets the wait end and the stop be logged.
    """
    return bool(_finished[1]) and bool(_finished[2])


def _noted_from_now(exit_code: int, *, stopping: bool = False) -> None:
    """The next SIGTERM, SIGHUP or Ctrl-C is noted, not raised; the one after ends the process with ``exit_code``.

    A second SIGTERM (cron's timeout and then the operator) landed inside the stop's own handling: the run log
    ended at "dihentikan …" without its "kode keluar", or "Dihentikan (SIGTERM) sebelum selesai" went unsaid.
    """
    _finished[0], _finished[2] = exit_code, int(stopping)
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) in (_terminate, _interrupt):
            signal.signal(number, _noted)


def signals_noted() -> bool:
    """Whether signals are noted, not raised: the run's exit is logged, or a stop is under way.

    The process should then end with that exit at once: Python's own shutdown gives SIGTERM back its default
    action for some 60 ms, and a SIGTERM then killed the process (143) after "kode keluar 0" was logged.
    """
    return signal.getsignal(signal.SIGTERM) is _noted


def termination_exit_code() -> int:
    """The exit code of the SIGTERM or SIGHUP received, 0 when none was."""
    return _received[0]


def _noted(signum: int, frame: object) -> None:
    """A signal once a stop is under way, or the exit logged: noted (see :func:`cut_short`); the next ends at once.

    (Said by writing straight to the descriptor: the handler may have interrupted a write to stderr.)
    """
    if _finished[1]:
        with contextlib.suppress(OSError):
            os.write(2, b"Dihentikan seketika.\n")
        os._exit(_finished[0])
    _finished[1] = 1


#: The exit code to end with, whether one signal was noted already, whether a stop (not the end) is under way.
_finished: list[int] = [0, 0, 0]


def finishing(exit_code: int) -> None:
    """From here on SIGTERM, SIGHUP and Ctrl-C do not stop the process: its exit is ``exit_code``, as logged.

    A SIGTERM in the last moments of a run (cron's timeout racing its end) exited 143 or 130 with "Dihentikan
    … sebelum selesai", the log saying "kode keluar 0" and everything written. Only where this module set the
    handlers (the console script): a test runner's own Ctrl-C is left alone.
    """
    if signal.getsignal(signal.SIGTERM) is not _terminate:
        return
    _noted_from_now(exit_code)


def _standard_streams_open() -> None:
    """Closed standard streams (``2>&-`` from a detaching wrapper) opened on /dev/null.

    Python leaves ``sys.stderr`` as ``None`` then: the first message ended the run with exit 3 and nothing in
    its log. And the file opened next would take the free descriptor 2, so anything written to "stderr" (a
    worker, a library) would land in an output file.
    """
    import os

    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, encoding="utf-8", errors="replace", closefd=False))  # noqa: SIM115


#: What a terminal that cannot show a character gets instead (a Windows console in cp437 or cp1252): ✓ and ✗,
#: valid and invalid, both printed "?", and "Tinjau ? Buka Proteksi Lembar".
_PLAIN = {
    # (pmprb's own marks of valid and invalid are chosen plain where the terminal cannot show them, see
    # output.status_marks: here a tick is one the operator typed, and "[OK]" quoted as an answer was nowhere)
    "✓": "\\u2713",
    "✗": "\\u2717",
    "›": ">",
    "→": "->",
    "—": "-",
    "–": "-",
    "−": "-",
    "…": "...",
    "▲": "+",
    "▼": "-",
    "★": "*",
    "≥": ">=",
    "≤": "<=",
    "×": "x",
    "„": '"',
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "†": "#",  # (a footnote mark: "+" beside "+4,43" read as a sign)
}


def _plain_instead(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_PLAIN.get(ch, "?") for ch in text), error.end


def _tolerant_streams() -> None:
    import codecs

    codecs.register_error("pmprb-plain", _plain_instead)
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(errors="pmprb-plain")


def main() -> None:
    """Run the pmprb command line."""
    try:
        signal.signal(signal.SIGTERM, _terminate)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # (not where a parent ignores it)
            signal.signal(signal.SIGINT, _interrupt)
        if hasattr(signal, "SIGHUP") and signal.getsignal(signal.SIGHUP) is signal.SIG_DFL:
            signal.signal(signal.SIGHUP, _terminate)  # (not under nohup, which asks for it to be ignored)
        _standard_streams_open()
        _tolerant_streams()
        from pmprb_cli.cli import main as cli_main
    except Terminated:
        sys.exit(143)
    except KeyboardInterrupt:
        sys.exit(130)
    cli_main()
