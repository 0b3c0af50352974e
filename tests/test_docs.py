"""Every command has help and appears in README; README opens with the two set-up commands."""

from __future__ import annotations

from pathlib import Path

import typer

from pmprb_cli.catalogue import CATALOGUE, catalogue_markdown
from pmprb_cli.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    root = typer.main.get_command(app)
    names = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):
            names.extend(f"{name} {sub}" for sub in cmd.commands)
        else:
            names.append(name)
        assert cmd.help, f"{name} has no help"
    return names


def test_every_command_is_in_readme() -> None:
    for name in _commands():
        assert f"pmprb {name}" in README, name


def test_readme_opens_with_setup_commands() -> None:
    head = README[:1500]
    assert "make demo" in head and "make test" in head


def test_every_code_is_documented() -> None:
    for code in CATALOGUE:
        assert code in README, code
    assert catalogue_markdown() in README, "README's code table differs from `pmprb codes --format md`"
    # Its "tingkat" in Indonesian, as `pmprb codes` and the rekap say it (it read "error", "warning", "retired").
    levels = {row.split(" | ")[1] for row in catalogue_markdown().splitlines()[2:]}
    assert levels == {"kesalahan (error)", "peringatan (warning)", "info", "program", "tidak dipakai"}
