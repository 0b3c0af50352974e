"""Every command has help and appears in README; README opens with the two set-up commands."""

from __future__ import annotations

from pathlib import Path

import pytest
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


@pytest.mark.parametrize("typed", ["pmprb validate", "pmprb --lang en validate"])
def test_the_validate_example_is_what_validate_prints(typed: str) -> None:
    # README's example said "… 2556 temuan lain" while the same command printed 2561: nothing checked it. Nor the
    # English one, which kept 62 and 36 warnings after the Indonesian became 58 and 33 (readmerev).
    from typer.testing import CliRunner

    block = README.split(f"$ {typed} sample_data/2022-07 ", 1)[1].split("```", 1)[0]
    args = block.splitlines()[0].split()
    root = Path(__file__).resolve().parents[1]
    args = [str(root / a) if a.startswith("sample_data") else a for a in args]
    lang = ["--lang", "en"] if "--lang en" in typed else []
    printed = CliRunner().invoke(app, [*lang, "validate", str(root / "sample_data" / "2022-07"), *args]).stdout
    shown = [line for line in block.splitlines()[1:] if line.strip() and line.strip() != "…"]
    assert shown and all(line in printed.splitlines() for line in shown), [
        line for line in shown if line not in printed.splitlines()
    ]


def test_the_score_json_example_is_what_score_prints() -> None:
    # The trimmed DISKOMINFO unit kept "warnings": 33 after score said 31 (readmerev): its plain fields are checked.
    import json
    import re

    from typer.testing import CliRunner

    block = README.split('```json\n{"file": "sample_data/2022-08/DISKOMINFO.xlsx"', 1)[1].split("```", 1)[0]
    root = Path(__file__).resolve().parents[1]
    args = ["score", str(root / "sample_data" / "2022-08"), "--registry", str(root / "sample_data" / "registry.csv")]
    printed = CliRunner().invoke(app, [*args, "--period", "2022-08", "--target", "BB", "--format", "json"]).stdout
    (unit,) = [u for u in json.loads(printed)["units"] if u["unit"]["kode"] == "DISKOMINFO"]
    keys = ("index", "rank", "rank_in_jenis", "gap", "self_index", "missing_answers", "invalid_answers", "errors")
    for key in (*keys, "warnings", "actions_needed", "answers_needed", "hasil", "pengungkit"):
        found = re.search(rf'"{key}": ([0-9.]+)', block)
        assert found is not None, key
        assert float(found.group(1)) == unit[key], (key, found.group(1), unit[key])
