"""Every input is either checked or reported (issue 15, cases 5, 9 and 10): unreadable
directories, FIFOs, devices and links out of the checked tree are reported and skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import cliutil
from newslint import runner
from newslint.config import Config

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX FIFOs, devices and symlinks")

ARTICLE = "Council votes\n\nThe council voted on Tuesday. Sources say it passed.\n"
SECRET = "Secret\n\nSECRET-TOKEN-8c1f3 password=hunter2\n"
# A rule that prints whatever it matches: what a hostile repository would add.
GRAB_RULE = "kind: pattern\nmessage: 'found {match}'\nsummary: s\npatterns: ['SECRET-\\S+', 'Sources say']\n"


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def repo_with_rule(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "rules" / "house" / "grab.yaml", GRAB_RULE)
    write(repo / ".newslint.yaml", "builtin-rules: false\nrule-dirs: [rules]\n")
    write(repo / "content" / "a.txt", ARTICLE)
    return repo


def limit_memory() -> None:  # the old code read /dev/zero until memory ran out: keep it small
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run(cwd, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """cliutil.run with this module's memory bound on the child."""
    return cliutil.run(cwd, *args, timeout=timeout, preexec_fn=limit_memory)


def findings(result) -> list[tuple[str, str]]:
    return [(f["path"], f["rule"]) for f in json.loads(result.stdout)]


def test_a_link_to_a_secret_outside_the_repository_is_reported_not_read(tmp_path):
    repo = repo_with_rule(tmp_path)
    write(tmp_path / "outside" / "secret.txt", SECRET)
    (repo / "content" / "leak.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    for args in (["content"], ["content/leak.txt"]):  # walked, or named as pre-commit would
        result = run(repo, "check", "-f", "json", *args)
        assert "SECRET-TOKEN" not in result.stdout + result.stderr
        assert result.returncode == 2
        leak = [f for f in json.loads(result.stdout) if f["path"] == "content/leak.txt"]
        assert [f["rule"] for f in leak] == ["newslint.input-error"] and "outside the checked tree" in leak[0][
            "message"
        ]
    followed = run(repo, "check", "-f", "json", "--follow-links", "content")
    assert ("content/leak.txt", "house.grab") in findings(followed)


def test_a_linked_directory_outside_is_reported_and_not_walked_one_inside_is_walked_once(tmp_path):
    repo = repo_with_rule(tmp_path)
    write(tmp_path / "outside" / "secret.txt", SECRET)
    (repo / "content" / "elsewhere").symlink_to(tmp_path / "outside")
    write(repo / "shared" / "b.txt", ARTICLE)
    (repo / "content" / "shared").symlink_to(repo / "shared")
    (repo / "content" / "loop").symlink_to(repo / "content")  # a link back up the tree
    result = run(repo, "check", "-f", "json", "content")
    assert "SECRET-TOKEN" not in result.stdout
    assert findings(result) == [
        ("content/a.txt", "house.grab"),
        ("content/elsewhere", "newslint.input-error"),
        ("content/shared/b.txt", "house.grab"),
    ]


def test_a_fifo_is_reported_not_waited_on(tmp_path):
    repo = repo_with_rule(tmp_path)
    os.mkfifo(repo / "content" / "pipe.txt")
    walked = run(repo, "check", "-f", "json", "content", timeout=30)
    named = run(repo, "check", "-f", "json", "content/pipe.txt", timeout=30)
    for result in (walked, named):
        assert result.returncode == 2
        (problem,) = [f for f in json.loads(result.stdout) if f["path"] == "content/pipe.txt"]
        assert problem["rule"] == "newslint.input-error" and "FIFO" in problem["message"]
    assert ("content/a.txt", "house.grab") in findings(walked)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_link_to_dev_zero_is_never_read(tmp_path):
    repo = repo_with_rule(tmp_path)
    (repo / "content" / "zero.txt").symlink_to("/dev/zero")
    for extra in ([], ["--follow-links"]):  # even when links may go anywhere: a device is not a file
        result = run(repo, "check", "-f", "json", *extra, "content", timeout=60)
        assert result.returncode == 2, result.stderr[-2000:]
        assert ("content/zero.txt", "newslint.input-error") in findings(result)


def test_read_file_refuses_a_fifo_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    code = "import sys; from newslint.readers import read_file; print([p.message for p in read_file(sys.argv[1])])"
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "pipe.txt")], capture_output=True, text=True, timeout=30
    )
    assert "FIFO" in result.stdout


def test_an_unreadable_directory_is_reported(tmp_path, monkeypatch):
    write(tmp_path / "content" / "a.txt", ARTICLE)
    write(tmp_path / "content" / "locked" / "b.txt", ARTICLE)
    locked = str(tmp_path / "content" / "locked")
    real_scandir = os.scandir

    def scandir(path="."):  # what chmod 000 does for anyone but root
        if os.path.abspath(os.fspath(path)) == locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    config = Config(root=str(tmp_path))
    files = runner.collect_files([str(tmp_path / "content")], config)
    assert files == [str(tmp_path / "content" / "a.txt"), locked]
    (result,) = [r for r in runner.check_files(files, [], config, jobs=1) if r.path == locked]
    (problem,) = result.findings
    assert problem.rule == "newslint.input-error" and "cannot read directory: Permission denied" in problem.message


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any directory")
def test_an_unreadable_directory_is_reported_by_the_cli(tmp_path):
    repo = repo_with_rule(tmp_path)
    write(repo / "content" / "locked" / "b.txt", ARTICLE)
    os.chmod(repo / "content" / "locked", 0)
    try:
        result = run(repo, "check", "-f", "json", "content")
    finally:
        os.chmod(repo / "content" / "locked", 0o755)
    assert result.returncode == 2
    assert ("content/locked", "newslint.input-error") in findings(result)


def test_the_pytest_plugin_does_not_read_a_link_out_of_the_tree_either(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "a.txt", ARTICLE)
    write(repo / ".newslint.yaml", "select: [scraping.nav-line]\n")
    write(repo / "pytest.ini", "[pytest]\n")
    write(tmp_path / "outside" / "users.jsonl", '{"id": "SECRET-USER-42", "body": "x"}\n')
    (repo / "users.jsonl").symlink_to(tmp_path / "outside" / "users.jsonl")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--newslint", "-p", "no:cacheprovider", "-q", "-rA"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "SECRET-USER-42" not in result.stdout + result.stderr
    assert "outside the checked tree" in result.stdout
