"""The pre-commit hook, run for real: `pre-commit try-repo` on a temporary content repository."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOOKS_FILE = os.path.join(PROJECT, ".pre-commit-hooks.yaml")
CLEAN = "Council approves the new budget\n\nThe council voted on Tuesday to approve the budget.\n"
DEFECTIVE = "Council delays the harbour plan\n\nSkip to content\n\nThe council delayed the harbour plan again.\n"
needs_pre_commit = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed (pip install -e '.[test]')"
)


def _git(cwd: str, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _init_repo(path: str) -> None:
    os.makedirs(path, exist_ok=True)
    _git(path, "init", "-q")
    _git(path, "config", "user.name", "newslint tests")
    _git(path, "config", "user.email", "tests@newslint.invalid")
    _git(path, "config", "commit.gpgsign", "false")


def _snapshot_project(target: str) -> None:
    """Copy the project's working tree (tracked and new, not ignored files) into a fresh repo.

    try-repo on a dirty checkout only picks up modified tracked files, so a snapshot commit
    is what makes the test see exactly the code under test.
    """
    if os.path.isdir(os.path.join(PROJECT, ".git")):
        listed = _git(PROJECT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
        files = [f for f in listed if f and os.path.isfile(os.path.join(PROJECT, f))]
    else:
        skip = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis"}
        files = []
        for dirpath, dirnames, filenames in os.walk(PROJECT):
            dirnames[:] = [d for d in dirnames if d not in skip and not d.endswith(".egg-info")]
            files.extend(os.path.relpath(os.path.join(dirpath, n), PROJECT) for n in filenames)
    _init_repo(target)
    for rel in files:
        os.makedirs(os.path.dirname(os.path.join(target, rel)) or target, exist_ok=True)
        shutil.copy2(os.path.join(PROJECT, rel), os.path.join(target, rel))
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "snapshot of newslint under test")


def _try_repo(content: str, project: str, store: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=store, PRE_COMMIT_COLOR="never", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", project, "newslint", "--all-files", "--verbose"],
        cwd=content,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hook_manifest_is_valid():
    hooks = yaml.safe_load(open(HOOKS_FILE, encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "newslint"
    assert hook["language"] == "python"
    assert hook["entry"] == "newslint check --force-exclude"
    assert hook["require_serial"] is True
    assert {"markdown", "html", "plain-text", "json", "csv"} <= set(hook["types_or"])
    files = re.compile(hook["files"])
    for name in ("a.md", "b.html", "c.txt", "d.json", "e.csv", "f.jsonl", "g.ndjson", "H.JSONL"):
        assert files.search(name), name
    for name in ("setup.py", "image.png", "notes.jsonl.bak"):
        assert not files.search(name), name


@needs_pre_commit
def test_manifest_loads_with_pre_commit_and_tags_exist():
    from identify.identify import ALL_TAGS
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(HOOKS_FILE)
    assert set(hook["types_or"]) <= ALL_TAGS


@needs_pre_commit
@pytest.mark.slow
def test_try_repo_fails_on_defect_then_passes_when_fixed(tmp_path):
    project = str(tmp_path / "newslint-snapshot")
    _snapshot_project(project)
    content = str(tmp_path / "content")
    _init_repo(content)
    (tmp_path / "content" / ".newslint.yaml").write_text("select: [scraping.nav-line]\n", encoding="utf-8")
    (tmp_path / "content" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "content" / "harbour.txt").write_text(DEFECTIVE, encoding="utf-8")
    # A file the hook must not pass to newslint: its type is not in the hook's filter.
    (tmp_path / "content" / "script.py").write_text("print('Skip to content')\n", encoding="utf-8")
    _git(content, "add", "-A")
    store = str(tmp_path / "pre-commit-store")

    failed = _try_repo(content, project, store)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "harbour.txt:3:1: warning [scraping.nav-line]" in output, output
    assert "clean.txt:" not in output
    assert "script.py" not in output

    (tmp_path / "content" / "harbour.txt").write_text(DEFECTIVE.replace("Skip to content\n\n", ""), encoding="utf-8")
    _git(content, "add", "-A")
    passed = _try_repo(content, project, store)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "scraping.nav-line" not in passed.stdout
    assert re.search(r"newslint\.+Passed", passed.stdout), passed.stdout
