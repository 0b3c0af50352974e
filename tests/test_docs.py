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


def test_the_validate_example_is_what_validate_prints() -> None:
    # README's example said "… 2556 temuan lain" while the same command printed 2561: nothing checked it.
    from typer.testing import CliRunner

    block = README.split("$ pmprb validate sample_data/2022-07 ", 1)[1].split("```", 1)[0]
    args = block.splitlines()[0].split()
    root = Path(__file__).resolve().parents[1]
    args = [str(root / a) if a.startswith("sample_data") else a for a in args]
    printed = CliRunner().invoke(app, ["validate", str(root / "sample_data" / "2022-07"), *args]).stdout
    shown = [line for line in block.splitlines()[1:] if line.strip() and line.strip() != "…"]
    assert shown and all(line in printed.splitlines() for line in shown), [
        line for line in shown if line not in printed.splitlines()
    ]
