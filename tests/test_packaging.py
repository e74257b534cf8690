"""The built-in packs ship in the wheel: rules/ at the repository top is the package newslint.rules."""

from __future__ import annotations

import importlib.resources
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from newslint.ruleset import BUILTIN_RULES, CASES_DIR, PACKS

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(PROJECT, "rules")


def _pyproject() -> dict:
    with open(os.path.join(PROJECT, "pyproject.toml"), "rb") as handle:
        return tomllib.load(handle)


def _repo_rule_files() -> set[str]:
    """Every pack file in the repository's rules/, as `<pack>/<file>`."""
    return {
        f"{pack}/{name}"
        for pack in sorted(os.listdir(RULES))
        if pack != CASES_DIR and os.path.isdir(os.path.join(RULES, pack)) and not pack.startswith(("_", "."))
        for name in os.listdir(os.path.join(RULES, pack))
        if name.endswith((".yaml", ".yml"))
    }


def test_pyproject_lists_every_package_and_maps_the_rules():
    # A mapped package cannot be found by `packages.find`, so the list is explicit: a new
    # subpackage of newslint/ that is not added here would be missing from the wheel.
    setuptools = _pyproject()["tool"]["setuptools"]
    on_disk = {
        os.path.relpath(dirpath, PROJECT).replace(os.sep, ".")
        for dirpath, dirnames, filenames in os.walk(os.path.join(PROJECT, "newslint"))
        if "__init__.py" in filenames and "__pycache__" not in dirpath
    }
    assert set(setuptools["packages"]) == on_disk | {"newslint.rules"}
    assert setuptools["package-dir"] == {"newslint.rules": "rules"}


def test_builtin_rules_are_found_through_importlib_resources():
    root = importlib.resources.files("newslint.rules")
    assert os.path.samefile(str(root), BUILTIN_RULES)
    for pack in PACKS:
        assert any(entry.name.endswith(".yaml") for entry in root.joinpath(pack).iterdir()), (
            f"no rules of pack {pack!r} in {root}"
        )


def test_the_editable_install_reads_the_repository_rules():
    # Running the tests from a checkout means testing the rules in it, not an installed copy.
    assert os.path.samefile(BUILTIN_RULES, RULES)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> str:
    """A wheel built from a copy of what the build reads (no build/ or egg-info left in the checkout)."""
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("newslint", "rules"):
        shutil.copytree(os.path.join(PROJECT, name), source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(os.path.join(PROJECT, name), source / name)
    dist = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = [str(dist / n) for n in os.listdir(dist) if n.endswith(".whl")]
    return wheel


def test_the_wheel_holds_every_pack_file_and_no_cases(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    shipped = {
        n[len("newslint/rules/") :] for n in names if n.startswith("newslint/rules/") and n.endswith((".yaml", ".yml"))
    }
    assert shipped == _repo_rule_files()
    assert {"newslint/rules/__init__.py", "newslint/py.typed"} <= names


def test_a_wheel_install_finds_the_same_rules(wheel, tmp_path):
    # Installed without dependencies into a directory of its own: they come from this venv.
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), wheel],
        check=True,
        timeout=300,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = dict(os.environ, PYTHONPATH=str(target), NEWSLINT_NO_CACHE="1", PYTHONUTF8="1")

    def newslint(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "newslint", *args], cwd=outside, env=env, capture_output=True, text=True, check=True
        ).stdout

    where = subprocess.run(
        [sys.executable, "-c", "from newslint.ruleset import BUILTIN_RULES; print(BUILTIN_RULES)"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Not the checkout's rules/ (which this venv's editable install would also offer).
    assert os.path.samefile(where, target / "newslint" / "rules")

    def here(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "newslint", *args], cwd=outside, capture_output=True, text=True
        ).stdout

    assert newslint("rules", "--isolated") == here("rules", "--isolated")
    article = os.path.join(PROJECT, "examples", "article.txt")
    found = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--isolated", "--format", "json", article],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
    )
    assert found.returncode == 1 and found.stdout == here("check", "--isolated", "--format", "json", article)
