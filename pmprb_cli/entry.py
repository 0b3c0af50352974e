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


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


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
        _tolerant_streams()
        from pmprb_cli.cli import main as cli_main
    except Terminated:
        sys.exit(143)
    except KeyboardInterrupt:
        sys.exit(130)
    cli_main()
