"""Helpers for the tests that run the command line: `python -m newslint` in a scratch
directory, and the files it reads there."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping


def run(
    cwd,
    *args: str,
    stdin: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess:
    """Run `python -m newslint ARGS` in `cwd` and capture its output as text: in this
    process's environment with UTF-8 I/O, or in `env` as given."""
    if env is None:
        env = dict(os.environ, PYTHONUTF8="1", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        preexec_fn=preexec_fn,
    )


def write(path, text: str | bytes) -> None:
    """Write a file, making its directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


# The fields of a finding in JSON output, in order: a contract (docs/DESIGN.md).
JSON_KEYS = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "severity",
    "message",
    "match",
    "record",
    "field",
    "suggestion",
]
