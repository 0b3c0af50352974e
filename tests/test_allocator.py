"""The allocator setting a batch makes: glibc only, once, never against the user's own settings."""

from __future__ import annotations

import os
import platform
import sys

import pytest

from pmprb_cli import allocator


@pytest.fixture
def untuned(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A process whose user set no malloc variable, and that has not tuned its allocator yet."""
    for key in [k for k in os.environ if k.startswith("MALLOC_")]:
        monkeypatch.delenv(key)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    monkeypatch.setattr(allocator, "_state", {})
    return monkeypatch


def test_batch_keeps_freed_memory_on_glibc_only(untuned: pytest.MonkeyPatch) -> None:
    expected = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert allocator.keep_freed_memory() is expected
    assert allocator.keep_freed_memory() is expected  # once per process: the second call only answers


@pytest.mark.parametrize(
    ("variable", "value"),
    [("MALLOC_ARENA_MAX", "2"), ("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1000000")],
)
def test_users_own_malloc_settings_win(untuned: pytest.MonkeyPatch, variable: str, value: str) -> None:
    untuned.setenv(variable, value)
    assert allocator.keep_freed_memory() is False


def test_python_without_ctypes_is_left_alone(untuned: pytest.MonkeyPatch) -> None:
    untuned.setitem(sys.modules, "ctypes", None)  # what a Python built without libffi has: ImportError
    assert allocator.keep_freed_memory() is False
