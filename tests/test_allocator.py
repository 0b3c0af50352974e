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
    monkeypatch.setattr(allocator, "_state", {})
    expected = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert allocator.keep_freed_memory() is expected
    assert allocator.keep_freed_memory() is expected  # once per process: the second call only answers


def test_users_own_malloc_settings_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allocator, "_state", {})
    monkeypatch.setenv("MALLOC_ARENA_MAX", "2")
    assert allocator.keep_freed_memory() is False
