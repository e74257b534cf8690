"""Caches hold data, not code, and go stale on content (issue 15, cases 2 and 15)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from newslint import rulecache
from newslint.ruleset import load_rules

RULE = "kind: line\nmessage: m\nsummary: s\nphrases: [{phrase}]\n"
POSIX = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX ownership and modes")


class Planted:
    """A pickle that creates a file when loaded: what an attacker would put in the cache."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(directory))
    monkeypatch.delenv("NEWSLINT_NO_CACHE", raising=False)
    return directory


def write_rule(root, phrase: str) -> None:
    (root / "house").mkdir(parents=True, exist_ok=True)
    (root / "house" / "nav.yaml").write_text(RULE.format(phrase=phrase), encoding="utf-8")


def plant(path, marker) -> None:
    import pickle

    path.write_bytes(pickle.dumps(Planted(str(marker))))


@POSIX
def test_a_pickle_in_a_cache_directory_others_can_write_is_never_loaded(tmp_path, cache):
    root = tmp_path / "rules"
    write_rule(root, "Skip to content")
    cache.mkdir()
    os.chmod(cache, 0o777)  # e.g. NEWSLINT_CACHE_DIR=/tmp/shared
    marker = tmp_path / "ran"
    plant(cache / f"rules-{rulecache.rule_set_key([str(root)])}.pickle", marker)
    rules, errors = load_rules([str(root)])
    assert not marker.exists()
    assert errors == [] and rules[0].id == "house.nav"


@POSIX
def test_a_cache_file_others_can_write_is_never_loaded(tmp_path, cache):
    root = tmp_path / "rules"
    write_rule(root, "Skip to content")
    load_rules([str(root)])  # makes the directory, mode 0700
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o700
    (entry,) = cache.glob("rules-*.pickle")
    marker = tmp_path / "ran"
    plant(entry, marker)
    os.chmod(entry, 0o666)
    from newslint import ruleset

    ruleset._RULE_CACHE.clear()
    rules, errors = load_rules([str(root)])
    assert not marker.exists() and errors == [] and rules[0].id == "house.nav"


@POSIX
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_a_cache_file_owned_by_someone_else_is_never_loaded(tmp_path, cache):
    root = tmp_path / "rules"
    write_rule(root, "Skip to content")
    load_rules([str(root)])
    (entry,) = cache.glob("rules-*.pickle")
    marker = tmp_path / "ran"
    plant(entry, marker)
    os.chown(entry, 65534, 65534)  # nobody
    from newslint import ruleset

    ruleset._RULE_CACHE.clear()
    load_rules([str(root)])
    assert not marker.exists()


@POSIX
def test_a_symlinked_cache_file_is_never_followed(tmp_path, cache):
    root = tmp_path / "rules"
    write_rule(root, "Skip to content")
    cache.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    elsewhere = tmp_path / "planted.pickle"
    plant(elsewhere, marker)
    (cache / f"rules-{rulecache.rule_set_key([str(root)])}.pickle").symlink_to(elsewhere)
    load_rules([str(root)])
    assert not marker.exists()


def test_plain_data_is_cached_as_json_not_pickle(tmp_path, cache):
    assert rulecache.cached_value("packs", "k1", lambda: [("house", "house_rules", "house-rules")]) == [
        ("house", "house_rules", "house-rules")
    ]
    assert json.loads((cache / "packs-k1.json").read_text()) == [["house", "house_rules", "house-rules"]]
    assert not list(cache.glob("*.pickle"))
    # Read back as tuples, as the loaders build them.
    assert rulecache.cached_value("packs", "k1", lambda: pytest.fail("should come from the cache")) == (
        ("house", "house_rules", "house-rules"),
    )


def test_a_rule_edited_with_the_same_size_and_mtime_is_reloaded(tmp_path, cache):
    # cp -p, rsync -a and tar keep size and mtime: the key is the content.
    root = tmp_path / "rules"
    write_rule(root, "Skip to content")
    path = root / "house" / "nav.yaml"
    before = os.stat(path)
    assert load_rules([str(root)])[0][0].kind.matches("Skip to content")
    write_rule(root, "Most read today")  # same length as "Skip to content"
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    rules, _ = load_rules([str(root)])
    assert rules[0].kind.matches("Most read today") and not rules[0].kind.matches("Skip to content")


def test_the_cli_sees_a_rule_edited_with_the_same_size_and_mtime(tmp_path, cache):
    write_rule(tmp_path / "rules", "Skip to content")
    (tmp_path / ".newslint.yaml").write_text("builtin-rules: false\nrule-dirs: [rules]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Council votes\n\nMost read today\n\nThe council voted.\n", encoding="utf-8")
    path = tmp_path / "rules" / "house" / "nav.yaml"
    before = os.stat(path)
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(cache)}
    first = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "a.txt"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stdout + first.stderr
    write_rule(tmp_path / "rules", "Most read today")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    second = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "a.txt"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 1 and "house.nav" in second.stdout


MODULE = "from newslint.kinds.base import Hit\n\ndef loud(document, blocks, options):\n    for block in blocks:\n        start = block.text.find({word!r})\n        if start >= 0:\n            yield Hit(block, start, start + {size})\n"


def _pytest(repo, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--newslint", "-p", "cacheprovider", "-q", "-p", "no:randomly"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_pytest_plugins_file_cache_follows_a_python_rules_source_and_the_files_content(tmp_path):
    repo = tmp_path / "repo"
    (repo / "rules" / "house").mkdir(parents=True)
    (repo / "rules" / "house" / "loud.yaml").write_text(
        "kind: python\nmessage: m\nsummary: s\nfunction: loud_rule:loud\n", encoding="utf-8"
    )
    (repo / ".newslint.yaml").write_text(
        "builtin-rules: false\nrule-dirs: [rules]\nfiles: ['*.txt']\n", encoding="utf-8"
    )
    (repo / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    article = repo / "a.txt"
    article.write_text("Council votes\n\nThe MAYOR said no.\n", encoding="utf-8")
    modules = tmp_path / "mod"
    modules.mkdir()
    (modules / "loud_rule.py").write_text(MODULE.format(word="MAYOR", size=5), encoding="utf-8")
    env = {
        **os.environ,
        "NEWSLINT_ALLOW_PYTHON_RULES": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(modules), os.environ.get("PYTHONPATH", "")])),
    }
    first = _pytest(repo, env)
    assert "1 failed" in first.stdout, first.stdout
    # The rule's code changes, its YAML does not: the cached failure must not be replayed.
    (modules / "loud_rule.py").write_text(MODULE.format(word="NOBODY", size=6), encoding="utf-8")
    second = _pytest(repo, env)
    assert "1 passed" in second.stdout and "0 from the cache" in second.stdout, second.stdout
    # The article changes with its size and mtime kept: linted again, not taken from the cache.
    before = os.stat(article)
    article.write_text("Council votes\n\nThe NOBODY said no.\n", encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    third = _pytest(repo, env)
    assert "1 failed" in third.stdout and "0 from the cache" in third.stdout, third.stdout
