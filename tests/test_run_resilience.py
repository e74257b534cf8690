"""No crash loses the report (issue 15, case 7): lost workers, signals, crashes and exit codes.

The command line runs in a subprocess; rules that kill or stall their worker are python rules
from a module in a scratch directory, allowed through the environment.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import cliutil
from newslint import lint, runner
from newslint.config import Config
from newslint.rule import build_rule

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and fork")

ARTICLE = "Council votes\n\nThe council voted on Tuesday. Sources say it passed.\n"
RULES_MODULE = textwrap.dedent(
    """
    import os, signal, time
    from newslint.kinds.base import Hit

    def weasel(document, blocks, options):
        for block in blocks:
            start = block.text.find("Sources say")
            if start >= 0:
                yield Hit(block, start, start + len("Sources say"))

    def kill_once(document, blocks, options):
        # The first worker to see POISON dies as the OOM killer would end it; later ones live.
        if any("POISON" in b.text for b in blocks):
            try:
                os.close(os.open(os.environ["KILLED_MARKER"], os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                pass
            else:
                os.kill(os.getpid(), signal.SIGKILL)
        yield from weasel(document, blocks, options)

    def kill_always(document, blocks, options):
        if any("POISON" in b.text for b in blocks):
            os.kill(os.getpid(), signal.SIGKILL)
        yield from weasel(document, blocks, options)

    def stall(document, blocks, options):
        open(os.path.join(os.environ["PIDS"], str(os.getpid())), "w").close()
        time.sleep(120)
        return iter(())
    """
)


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def project(tmp_path, function: str, files: dict[str, str]):
    write(tmp_path / "mod" / "resilience_rules.py", RULES_MODULE)
    write(
        tmp_path / "repo" / "rules" / "house" / "check.yaml",
        f"kind: python\nmessage: m\nsummary: s\nfunction: resilience_rules:{function}\n",
    )
    write(tmp_path / "repo" / ".newslint.yaml", "builtin-rules: false\nrule-dirs: [rules]\n")
    for name, text in files.items():
        write(tmp_path / "repo" / "articles" / name, text)
    return tmp_path / "repo"


def environment(tmp_path) -> dict:
    return {
        **os.environ,
        "PYTHONUTF8": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path / "mod"), os.environ.get("PYTHONPATH", "")])),
        "NEWSLINT_ALLOW_PYTHON_RULES": "1",
        "KILLED_MARKER": str(tmp_path / "killed"),
        "PIDS": str(tmp_path / "pids"),
    }


def run(cwd, env, *args: str) -> subprocess.CompletedProcess:
    """cliutil.run in the environment `env`."""
    return cliutil.run(cwd, *args, env=env)


def files(count: int, poison: int | None = None) -> dict[str, str]:
    return {
        f"a{i:02d}.txt": ARTICLE.replace("Tuesday.", "Tuesday. POISON." if i == poison else "Tuesday.")
        for i in range(count)
    }


def test_a_worker_killed_once_is_retried_and_nothing_is_lost(tmp_path):
    repo = project(tmp_path, "kill_once", files(8, poison=3))
    result = run(repo, environment(tmp_path), "check", "-j", "2", "-f", "json", "articles")
    assert (tmp_path / "killed").exists()  # a worker really died
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)
    assert sorted(f["path"] for f in findings) == [f"articles/a{i:02d}.txt" for i in range(8)]
    assert {f["rule"] for f in findings} == {"house.check"}


def test_a_file_that_kills_its_worker_every_time_is_reported_and_the_rest_checked(tmp_path):
    repo = project(tmp_path, "kill_always", files(8, poison=5))
    result = run(repo, environment(tmp_path), "check", "-j", "2", "-f", "json", "-o", "report.json", "articles")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2  # part of the data was not checked: never 1, which means findings
    findings = json.loads((repo / "report.json").read_text(encoding="utf-8"))
    lost = [f for f in findings if f["rule"] == "newslint.internal-error"]
    assert [f["path"] for f in lost] == ["articles/a05.txt"] and "lost twice" in lost[0]["message"]
    assert sorted(f["path"] for f in findings if f["rule"] == "house.check") == [
        f"articles/a{i:02d}.txt" for i in range(8) if i != 5
    ]


def _start(tmp_path, *args: str) -> tuple[subprocess.Popen, list[int]]:
    repo = project(tmp_path, "stall", files(4))
    (tmp_path / "pids").mkdir()
    write(repo / "report.json", "previous report\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", "check", "-j", "2", "-o", "report.json", *args, "articles"],
        cwd=repo,
        env=environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell without job control starts background commands with SIGINT ignored, and a
        # child inherits that (Python then keeps it ignored): give newslint the default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while len(os.listdir(tmp_path / "pids")) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    workers = [int(name) for name in os.listdir(tmp_path / "pids")]
    assert len(workers) == 2, process.communicate(timeout=5)
    return process, workers


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_workers_and_writes_no_partial_report(tmp_path, signum, status):
    process, workers = _start(tmp_path)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == status, stderr
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "orphaned workers"
    repo = tmp_path / "repo"
    assert (repo / "report.json").read_text(encoding="utf-8") == "previous report\n"
    assert sorted(os.listdir(repo)) == [".newslint.yaml", "articles", "report.json", "rules"]  # no temporary file left


def test_an_internal_crash_exits_2_with_a_message_not_1(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    code = (
        "import sys, newslint.report as report, newslint.cli as cli\n"
        "def broken(name):\n"
        "    def render(findings, context):\n"
        "        raise RuntimeError('formatter bug')\n"
        "    return render\n"
        "report.formatter = report.report_pieces = broken\n"
        "sys.exit(cli.main(['check', '--isolated', 'a.txt']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "internal error" in result.stderr and "formatter bug" in result.stderr


def test_an_unreadable_input_exits_2_with_the_report_complete(tmp_path):
    write(tmp_path / "good.txt", "Skip to content\n\nCouncil votes\n\nThe council voted.\n")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "newslint",
            "check",
            "--isolated",
            "--select",
            "scraping.nav-line",
            "-f",
            "json",
            "good.txt",
            "bad.txt",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert [(f["path"], f["rule"]) for f in json.loads(result.stdout)] == [
        ("bad.txt", "newslint.input-error"),
        ("good.txt", "scraping.nav-line"),
    ]


WEASEL = build_rule(
    "house.weasel", {"kind": "pattern", "message": "m", "summary": "s", "phrases": ["Sources say"]}, "<test>"
)


def test_a_reader_that_fails_midway_keeps_what_it_read_and_reports_the_rest(tmp_path, monkeypatch):
    from newslint.readers import plaintext

    real = plaintext.read

    def failing(path, stream, options):
        yield from real(path, stream, options)
        raise RuntimeError("reader bug")

    monkeypatch.setattr(plaintext, "read", failing)
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", ARTICLE)
    results = list(runner.check_files([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], [WEASEL], Config(), jobs=1))
    for result in results:
        assert result.documents == 1
        assert [f.rule for f in result.findings] == ["house.weasel", "newslint.internal-error"]
        assert "reader bug" in result.findings[1].message and "after 1 document" in result.findings[1].message


def test_a_document_whose_checks_crash_is_reported_and_the_others_checked(tmp_path, monkeypatch):
    real = lint.lint_document

    def crashing(document, rules, report_unused=False):
        if any("POISON" in block.text for block in document.blocks):
            raise RecursionError("engine bug")
        return real(document, rules, report_unused)

    monkeypatch.setattr(lint, "lint_document", crashing)
    write(
        tmp_path / "a.jsonl",
        "\n".join(
            json.dumps({"id": i, "title": "Votes", "body": "Sources say POISON." if i == 2 else "Sources say so."})
            for i in range(1, 4)
        )
        + "\n",
    )
    (result,) = runner.check_files([str(tmp_path / "a.jsonl")], [WEASEL], Config(), jobs=1)
    assert [(f.record, f.rule) for f in result.findings] == [
        ("1", "house.weasel"),
        ("2", "newslint.internal-error"),
        ("3", "house.weasel"),
    ]
    assert "engine bug" in result.findings[1].message
