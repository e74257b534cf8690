"""A repository's config is data: it never makes newslint import code (issue 15, case 1).

Each test's repository holds a module that leaves a marker file when imported: that file
must not appear unless python rules were allowed from outside the repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

import newslint
from newslint.config import Config, load_config
from newslint.rule import RuleError

ARTICLE = "Council votes\n\nThe MAYOR said NO to the BRIDGE today.\n"
RULE = "kind: python\nmessage: 'loud {match}'\nsummary: s\nfunction: {function}\n"
MODULE = textwrap.dedent(
    """
    import os
    from newslint.kinds.base import Hit

    open(os.environ.get("MARKER", "imported.marker"), "w").close()

    def loud(document, blocks, options):
        for block in blocks:
            for word in block.text.split():
                if word.isupper() and len(word) > 2:
                    start = block.text.index(word)
                    yield Hit(block, start, start + len(word))
    """
)


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path):
    """A content repository whose rule-dirs hold a python rule naming its own module."""
    root = tmp_path / "repo"
    write(root / "house_checks.py", MODULE)
    write(root / "rules" / "house" / "loud.yaml", RULE.replace("{function}", "house_checks:loud"))
    write(root / ".newslint.yaml", "builtin-rules: false\nrule-dirs: [rules]\n")
    write(root / "a.txt", ARTICLE)
    return root


def run(cwd, *args: str, env: dict | None = None, module: str = "newslint") -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONUTF8": "1", "MARKER": str(cwd / "imported.marker"), **(env or {})}
    environment.pop("NEWSLINT_ALLOW_PYTHON_RULES", None)
    if env and "NEWSLINT_ALLOW_PYTHON_RULES" in env:
        environment["NEWSLINT_ALLOW_PYTHON_RULES"] = env["NEWSLINT_ALLOW_PYTHON_RULES"]
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
    )


def test_python_m_newslint_does_not_import_the_repositorys_module(repo):
    result = run(repo, "check", "a.txt")
    assert not (repo / "imported.marker").exists()
    assert result.returncode == 2
    # A clear config error naming the file, the key and how to allow it; never a silent skip.
    assert "rules/house/loud.yaml: function:" in result.stderr.replace(os.sep, "/")
    assert "--allow-python-rules" in result.stderr and "NEWSLINT_ALLOW_PYTHON_RULES" in result.stderr


def test_pythonpath_holding_the_repository_changes_nothing(repo):
    result = run(
        repo,
        "check",
        "a.txt",
        env={"PYTHONPATH": os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH", "")]))},
    )
    assert result.returncode == 2 and not (repo / "imported.marker").exists()


def test_an_installed_module_named_by_a_repository_rule_is_not_imported_either(repo):
    write(repo / "rules" / "house" / "loud.yaml", RULE.replace("{function}", '"this:s"'))
    result = run(repo, "check", "-f", "json", "a.txt")
    assert "Beautiful is better than ugly" not in result.stdout + result.stderr  # `import this` prints the Zen
    assert result.returncode == 2 and "was not imported" in result.stderr


def test_allowed_on_the_command_line_or_in_the_environment_the_rule_runs(repo):
    flag = run(
        repo,
        "check",
        "-f",
        "json",
        "--allow-python-rules",
        "a.txt",
        env={"PYTHONPATH": os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH", "")]))},
    )
    assert flag.returncode == 1, flag.stderr
    assert [f["match"] for f in json.loads(flag.stdout)] == ["MAYOR", "BRIDGE"]
    (repo / "imported.marker").unlink()
    env = run(
        repo,
        "check",
        "-f",
        "json",
        "a.txt",
        env={
            "NEWSLINT_ALLOW_PYTHON_RULES": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH", "")])),
        },
    )
    assert env.returncode == 1 and [f["match"] for f in json.loads(env.stdout)] == ["MAYOR", "BRIDGE"]


def test_no_repo_rules_ignores_rule_dirs_and_python_rules(repo):
    write(repo / "rules" / "house" / "word.yaml", "kind: pattern\nmessage: m\nsummary: s\nphrases: [MAYOR]\n")
    result = run(repo, "check", "--no-repo-rules", "--allow-python-rules", "-f", "json", "a.txt")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [] and not (repo / "imported.marker").exists()
    from_env = run(repo, "check", "--allow-python-rules", "a.txt", env={"NEWSLINT_NO_REPO_RULES": "1"})
    assert from_env.returncode == 0 and not (repo / "imported.marker").exists()


def test_no_repo_rules_keeps_working_with_a_config_that_tunes_the_rules_it_leaves_out(repo):
    # The main branch's config selects and tunes its own rule-dirs: a fork's CI must still run.
    write(
        repo / ".newslint.yaml",
        "rule-dirs: [rules]\nselect: [house, scraping.nav-line]\nrules:\n  house.loud:\n    severity: error\n",
    )
    write(repo / "a.txt", "Skip to content\n\n" + ARTICLE)
    result = run(repo, "check", "--no-repo-rules", "-f", "json", "a.txt")
    assert result.returncode == 1, result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)] == ["scraping.nav-line"]
    typo = run(repo, "check", "--no-repo-rules", "--select", "nosuchpack", "a.txt")
    assert typo.returncode == 2 and "nosuchpack" in typo.stderr  # the command line's own selection is still checked


def test_python_m_newslint_takes_the_working_directory_off_sys_path(repo):
    # A repository's yaml.py must not stand in for PyYAML, which the config is read with.
    write(repo / "yaml.py", "import os\nopen(os.environ['MARKER'], 'w').close()\nraise SystemExit('shadowed')\n")
    write(repo / "rules" / "house" / "loud.yaml", "kind: pattern\nmessage: m\nsummary: s\nphrases: [MAYOR]\n")
    result = run(repo, "check", "a.txt")
    assert not (repo / "imported.marker").exists()
    assert result.returncode == 1 and "house.loud" in result.stdout


def test_the_api_does_not_import_either(repo, monkeypatch):
    monkeypatch.chdir(repo)
    monkeypatch.syspath_prepend(str(repo))
    monkeypatch.delenv("NEWSLINT_ALLOW_PYTHON_RULES", raising=False)
    monkeypatch.setenv("MARKER", str(repo / "imported.marker"))
    with pytest.raises(RuleError, match="--allow-python-rules"):
        newslint.lint_text(ARTICLE, config=str(repo / ".newslint.yaml"))
    assert not (repo / "imported.marker").exists() and "house_checks" not in sys.modules
    # The program calling the API may allow them: that is outside the repository.
    from dataclasses import replace

    config = replace(load_config(str(repo / ".newslint.yaml")), allow_python_rules=True)
    assert [f.match for f in newslint.lint_text(ARTICLE, config=config)] == ["MAYOR", "BRIDGE"]
    sys.modules.pop("house_checks", None)


def test_a_config_cannot_allow_python_rules():
    with pytest.raises(Exception, match="unknown key"):
        from newslint.config import parse_config

        parse_config({"allow-python-rules": True}, "x/.newslint.yaml")
    assert Config().allow_python_rules is False


def test_pytest_plugin_does_not_import_the_repositorys_module(repo):
    result = run(repo, "--newslint", "-p", "no:cacheprovider", "-q", module="pytest")
    assert not (repo / "imported.marker").exists()
    assert "newslint-rules" in result.stdout and "--allow-python-rules" in result.stdout


def _fake_installed_pack(site, name: str = "housepack") -> None:
    """A distribution in `site` whose newslint.packs entry point names a pack with a python rule."""
    write(site / name / "__init__.py", "")
    write(site / name / "checks.py", MODULE)
    write(site / name / "house" / "loud.yaml", RULE.replace("{function}", f"{name}.checks:loud"))
    write(site / f"{name}-1.0.dist-info" / "METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    write(site / f"{name}-1.0.dist-info" / "entry_points.txt", f"[newslint.packs]\nhouse = {name}\n")


def test_an_installed_packs_python_rule_runs_without_the_flag(tmp_path):
    site = tmp_path / "site"
    _fake_installed_pack(site)
    content = tmp_path / "content"
    write(content / "a.txt", ARTICLE)
    write(content / ".newslint.yaml", "select: [house]\n")
    env = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH", "")])),
        "NEWSLINT_NO_CACHE": "1",
    }
    result = run(content, "check", "-f", "json", "a.txt", env=env)
    assert result.returncode == 1, result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)] == ["house.loud", "house.loud"]


def test_an_installed_packs_module_is_never_taken_from_the_repository(tmp_path):
    site = tmp_path / "site"
    _fake_installed_pack(site)
    content = tmp_path / "content"
    write(content / "a.txt", ARTICLE)
    write(content / ".newslint.yaml", "select: [house]\n")
    # The repository holds a same-named package and puts itself first on PYTHONPATH.
    write(content / "housepack" / "__init__.py", "")
    write(
        content / "housepack" / "checks.py", "import os\nopen(os.environ['MARKER'] + '.repo', 'w').close()\n" + MODULE
    )
    env = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(content), str(site), os.environ.get("PYTHONPATH", "")])),
        "NEWSLINT_NO_CACHE": "1",
    }
    result = run(content, "check", "-f", "json", "a.txt", env=env)
    assert not (content / "imported.marker.repo").exists()
    assert result.returncode == 1, result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)] == ["house.loud", "house.loud"]


def test_a_config_override_cannot_point_a_packs_python_rule_elsewhere(tmp_path):
    site = tmp_path / "site"
    _fake_installed_pack(site)
    content = tmp_path / "content"
    write(content / "a.txt", ARTICLE)
    write(
        content / "evil.py",
        "import os\nopen(os.environ['MARKER'] + '.evil', 'w').close()\ndef f(d, b, o):\n    return iter(())\n",
    )
    write(content / ".newslint.yaml", "select: [house]\nrules:\n  house.loud:\n    function: 'evil:f'\n")
    env = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(site), str(content), os.environ.get("PYTHONPATH", "")])),
        "NEWSLINT_NO_CACHE": "1",
    }
    result = run(content, "check", "a.txt", env=env)
    assert not (content / "imported.marker.evil").exists()
    assert result.returncode == 2 and "was not imported" in result.stderr
    # An override that keeps the pack's function (a severity, say) is fine.
    write(content / ".newslint.yaml", "select: [house]\nrules:\n  house.loud:\n    severity: error\n")
    result = run(content, "check", "a.txt", env=env)
    assert result.returncode == 1 and "error [house.loud]" in result.stdout
