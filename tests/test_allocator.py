"""The allocator setting a batch makes: glibc only, once, never against the user's own settings."""

from __future__ import annotations

import os
import platform
import sys

import pytest

from pmprb_cli import allocator


def test_batch_keeps_freed_memory_on_glibc_only(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("MALLOC_")]:
        monkeypatch.delenv(key)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    monkeypatch.setattr(allocator, "_state", {})
    expected = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert allocator.keep_freed_memory() is expected
    assert allocator.keep_freed_memory() is expected  # once per process: the second call only answers


def test_users_own_malloc_settings_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allocator, "_state", {})
    monkeypatch.setenv("MALLOC_ARENA_MAX", "2")
    assert allocator.keep_freed_memory() is False


def test_glibc_tunables_of_the_user_win(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("MALLOC_")]:
        monkeypatch.delenv(key)
    monkeypatch.setattr(allocator, "_state", {})
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1000000")
    assert allocator.keep_freed_memory() is False


def test_python_without_ctypes_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("MALLOC_")]:
        monkeypatch.delenv(key)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    monkeypatch.setattr(allocator, "_state", {})
    monkeypatch.setitem(sys.modules, "ctypes", None)  # what a Python built without libffi has: ImportError
    assert allocator.keep_freed_memory() is False
