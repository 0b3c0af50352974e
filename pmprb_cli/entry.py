"""The console-script entry point: as little as possible before pmprb's own error handling is in place.

It is imported before Typer, Click and pmprb's modules, so a Ctrl-C while they load ends with exit 130
and no traceback; and it sets up what every command needs from the process: text that the terminal's
encoding cannot show is replaced rather than fatal (an ISO-8859-1 locale cannot print ✓ or —), and SIGTERM
(an administrator's ``kill``, cron's timeout) stops a batch as Ctrl-C does, workers included.
"""

from __future__ import annotations

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


def _terminate(signum: int, frame: object) -> None:
    raise HungUp if signum == getattr(signal, "SIGHUP", None) else Terminated


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


def _tolerant_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(errors="replace")


def main() -> None:
    """Run the pmprb command line."""
    try:
        signal.signal(signal.SIGTERM, _terminate)
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
