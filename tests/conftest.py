from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from pmprb_cli.cli import app
from pmprb_cli.models import Rubric
from pmprb_cli.rubric import load_rubric

# No per-example deadline: on a shared CI machine a 200 ms example took 575 ms, and Hypothesis failed the run
# (DeadlineExceeded, FlakyFailure) on unmodified code. Speed is the benchmarks' to prove, not a unit test's.
settings.register_profile("pmprb", deadline=None)
settings.load_profile("pmprb")

ROOT = Path(__file__).resolve().parents[1]


def _official_folder() -> Path:
    """The folder of the official workbooks (not in the repository): $PMPRB_OFFICIAL_DIR, else ../shared beside
    the clone, else the project's shared folder on the maintainers' machine (a fresh clone elsewhere, as CI
    makes, skipped every official test)."""
    given = os.environ.get("PMPRB_OFFICIAL_DIR")
    candidates = [Path(given)] if given else []
    candidates += [ROOT.parent / "shared" / "domain" / "official", Path("/work/shared/domain/official")]
    return next((c for c in candidates if c.is_dir()), candidates[0])


OFFICIAL = _official_folder() / "LKE_RB_BPS_2015_zdp2430-lkerb.xlsx"


@pytest.fixture(autouse=True)
def _language_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--lang en` and `--debug` set PMPRB_LANG and PMPRB_DEBUG for the process (workers inherit them);
    each test starts from (and returns to) the default."""
    monkeypatch.delenv("PMPRB_LANG", raising=False)
    monkeypatch.delenv("PMPRB_DEBUG", raising=False)
    from pmprb_cli import cli

    monkeypatch.setitem(cli._state, "debug", False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def rubric_2014() -> Rubric:
    return load_rubric("lke-rb-2014")


@pytest.fixture
def official_path() -> Path:
    if not OFFICIAL.exists():
        pytest.skip(
            f"official workbook not present at {OFFICIAL} (../shared is absent on this machine; set PMPRB_OFFICIAL_DIR)"
        )
    return OFFICIAL


def invoke(args: list[str], expected_code: int = 0, **kwargs: object):  # type: ignore[no-untyped-def]
    """Run the CLI and assert its exit code; surface unexpected exceptions."""
    result = CliRunner().invoke(app, args, catch_exceptions=False, **kwargs)  # type: ignore[arg-type]
    assert result.exit_code == expected_code, (result.exit_code, result.output)
    return result
