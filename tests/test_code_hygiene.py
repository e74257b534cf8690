"""The code passes its linters: `ruff check`, `ruff format --check` and `mypy`, each as
configured in pyproject.toml, run from the repository top (the test extra installs them)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(module: str, *args: str) -> subprocess.CompletedProcess:
    """`python -m MODULE ARGS` in the repository top, skipped where MODULE is not installed."""
    pytest.importorskip(module)
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=PROJECT, capture_output=True, text=True, timeout=600
    )


def _assert_clean(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"


def test_ruff_finds_nothing():
    # No cache: a test run leaves nothing in the tree.
    _assert_clean(_run("ruff", "check", "--no-cache", "."))


def test_ruff_format_would_change_nothing():
    _assert_clean(_run("ruff", "format", "--check", "--no-cache", "."))


def test_mypy_finds_nothing(tmp_path):
    # The files to check come from pyproject.toml; the cache goes to a temporary directory.
    _assert_clean(_run("mypy", "--cache-dir", str(tmp_path / "mypy-cache")))
