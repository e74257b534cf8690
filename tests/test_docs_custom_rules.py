"""Runs docs/custom-rules.md: writes its titled files and runs its console commands in order."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass

import pytest

DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "custom-rules.md")
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.M | re.S)
TITLE = re.compile(r'title="(?P<path>[^"]+)"')
EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")


@dataclass(frozen=True)
class Step:
    """Write a file, or run a command and check its exit status and output."""

    kind: str  # "file" or "command"
    text: str  # the file's content or the command line
    path: str = ""
    status: int = 0
    expected: tuple[str, ...] = ()


def steps(markdown: str) -> list[Step]:
    """Every titled code block and every `$` command of the console blocks, in document order."""
    out: list[Step] = []
    for block in FENCE.finditer(markdown):
        info, body = block.group("info").strip(), block.group("body")
        title = TITLE.search(info)
        if title:
            out.append(Step("file", body, path=title.group("path")))
        elif info.split(" ")[0] in ("console", "bash"):
            command: str | None = None
            expected: list[str] = []
            for line in body.splitlines() + ["$ "]:
                if line.startswith("$ "):
                    if command:
                        status = EXIT.search(command)
                        out.append(
                            Step(
                                "command",
                                EXIT.sub("", command),
                                status=int(status.group(1)) if status else 0,
                                expected=tuple(expected),
                            )
                        )
                    command, expected = line[2:].strip(), []
                elif line.strip():
                    expected.append(line.rstrip())
    return out


def _pip_install_here(site: str) -> list[str]:
    # The doc says `pip install .`; the test installs into a private directory (on PYTHONPATH
    # for the later commands) so the environment running the tests is left as it was.
    return [sys.executable, "-m", "pip", "install", "--no-deps", "--target", site, "."]


def test_the_doc_has_steps_for_every_stage():
    found = steps(open(DOC, encoding="utf-8").read())
    commands = [s.text for s in found if s.kind == "command"]
    assert any(c.startswith("newslint new-rule") for c in commands)
    assert any(c.startswith("newslint test-rules") for c in commands)
    assert any("--newslint" in c for c in commands)
    assert "pip install ." in commands
    assert any(s.path == ".newslint.yaml" for s in found)


@pytest.mark.slow
def test_every_command_in_the_doc_works(tmp_path):
    site = str(tmp_path / "site")
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = site
    env.pop("PYTEST_ADDOPTS", None)
    work = tmp_path / "content"
    work.mkdir()
    for step in steps(open(DOC, encoding="utf-8").read()):
        if step.kind == "file":
            target = work / step.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(step.text, encoding="utf-8")
            continue
        argv = _pip_install_here(site) if step.text == "pip install ." else shlex.split(step.text)
        if argv[0] == "python":
            argv[0] = sys.executable
        done = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, timeout=300)
        output = done.stdout + done.stderr
        assert done.returncode == step.status, (
            f"$ {step.text}\nexit {done.returncode}, expected {step.status}\n{output}"
        )
        for line in step.expected:
            assert line in output, f"$ {step.text}\nexpected output line {line!r} in:\n{output}"
        if not step.expected and step.text.startswith("newslint check"):
            assert done.stdout == "", f"$ {step.text} should print nothing:\n{output}"
