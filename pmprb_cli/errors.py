"""Exceptions: raised only when pmprb cannot continue with an input or a configuration.

Problems inside a readable workbook are :class:`~pmprb_cli.models.Finding` records, not exceptions.
"""

from __future__ import annotations


class PmprbError(Exception):
    """Base class of every error pmprb reports to the user."""

    code = "PMPRB-E000"
    hint = ""

    def __init__(self, message: str, *, code: str | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if hint:
            self.hint = hint


class RubricError(PmprbError):
    """A rubric file is missing, unreadable or inconsistent."""

    code = "PMPRB-E901"


class UsageError(PmprbError):
    """The command line or the configuration asks for something impossible."""

    code = "PMPRB-E902"


class WorkbookError(PmprbError):
    """A workbook cannot be read at all (not a spreadsheet, encrypted, too large, hostile)."""

    code = "PMPRB-E101"


class RegistryError(PmprbError):
    """The daftar perangkat daerah (registry CSV) is missing, unreadable or inconsistent."""

    code = "PMPRB-E903"


class RunBusy(PmprbError):
    """Another pmprb run holds the lock of the history database; this one did not start."""

    code = "PMPRB-E904"
