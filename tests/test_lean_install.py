"""The CLI and the pre-commit hook run on the runtime dependencies alone: no test or numeric libraries."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTICLE = os.path.join(PROJECT, "examples", "article.txt")
# Installed by the test extra, not by `pip install newslint`.
NOT_INSTALLED = ("pytest", "_pytest", "hypothesis", "numpy", "scipy", "datasketch", "pandas", "dask", "jsonschema")


def _run_without(code: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter where importing any of NOT_INSTALLED fails."""
    blocker = "import sys\n" + "".join(f"sys.modules[{name!r}] = None\n" for name in NOT_INSTALLED)
    return subprocess.run(
        [sys.executable, "-c", blocker + code, *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_the_cli_runs_every_kind_and_the_corpus_pass_without_test_libraries(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(open(ARTICLE, encoding="utf-8").read(), encoding="utf-8")
    code = (
        "from newslint.cli import main\n"
        "for args in (['check', '--isolated', '-f', 'json', '-o', sys.argv[3], sys.argv[1], sys.argv[2]], ['explain', 'repetition.near-duplicate-article'], ['rules', '--isolated']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as stop:\n"
        "        print('exit', stop.code)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('newslint.pytest', 'newslint.strategies'))))\n"
    )
    # No cache: the LSH bands of the near-duplicate rule are chosen in this process.
    env = dict(os.environ, NEWSLINT_NO_CACHE="1")
    report = tmp_path / "report.json"
    done = _run_without(code, ARTICLE, str(copy), str(report), env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"  # neither the pytest plugin nor the strategies
    assert "repetition.duplicate-headline-corpus" in report.read_text(encoding="utf-8")  # the corpus pass ran


def test_the_strategies_without_hypothesis_say_how_to_install_it():
    done = _run_without("import newslint.strategies\n")
    assert done.returncode == 1
    assert "ModuleNotFoundError: newslint.strategies needs Hypothesis" in done.stderr
    assert "pip install 'newslint[strategies]'" in done.stderr


def test_the_pytest_plugin_is_registered_for_pytest_to_load():
    (plugin,) = [entry for entry in importlib.metadata.entry_points(group="pytest11") if entry.name == "newslint"]
    assert plugin.value == "newslint.pytest_plugin"
    requires = importlib.metadata.requires("newslint") or []
    runtime = [r.split(";")[0] for r in requires if "extra ==" not in r]
    assert not [r for r in runtime if r.startswith(("pytest", "hypothesis", "numpy", "scipy", "datasketch"))], runtime
