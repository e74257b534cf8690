"""The on-disk rule cache: hits while nothing changed, misses after any rule file changes."""

import pytest

from newslint import rulecache
from newslint.ruleset import load_rules

RULE = "kind: line\nmessage: m\nsummary: s\nphrases: [{phrase}]\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(directory))
    monkeypatch.delenv("NEWSLINT_NO_CACHE", raising=False)
    return directory


def write_rule(root, phrase, name="nav.yaml"):
    pack = root / "house"
    pack.mkdir(parents=True, exist_ok=True)
    (pack / name).write_text(RULE.format(phrase=phrase))


def test_second_load_comes_from_the_cache(tmp_path, cache, monkeypatch):
    write_rule(tmp_path / "rules", "Skip to content")
    first, errors = load_rules([str(tmp_path / "rules")])
    assert errors == [] and len(list(cache.iterdir())) == 1
    monkeypatch.setattr("newslint.ruleset._load_rules", lambda roots: pytest.fail("should not reload"))
    second, _ = load_rules([str(tmp_path / "rules")])
    assert [r.id for r in second] == [r.id for r in first]
    assert second[0].kind.matches("Skip to content")


def test_an_edited_rule_file_is_reloaded(tmp_path, cache):
    root = tmp_path / "rules"
    write_rule(root, "Skip to content")
    load_rules([str(root)])
    write_rule(root, "Most read today")
    rules, _ = load_rules([str(root)])
    assert rules[0].kind.matches("Most read today")


def test_editing_a_case_file_keeps_the_cached_rules(tmp_path, cache, monkeypatch):
    root = tmp_path / "rules"
    write_rule(root, "Skip to content")
    (root / "cases").mkdir()
    case = root / "cases" / "house.nav.yaml"
    case.write_text("cases:\n  - {name: a, fail: x}\n")
    load_rules([str(root)])
    case.write_text("cases:\n  - {name: a, fail: x}\n  - {name: b, pass: y}\n")
    monkeypatch.setattr("newslint.ruleset._load_rules", lambda roots: pytest.fail("should not reload"))
    assert [r.id for r in load_rules([str(root)])[0]] == ["house.nav"]


def test_a_new_rule_file_is_picked_up(tmp_path, cache):
    root = tmp_path / "rules"
    write_rule(root, "Skip to content")
    load_rules([str(root)])
    write_rule(root, "Latest", name="latest.yaml")
    assert [r.id for r in load_rules([str(root)])[0]] == ["house.latest", "house.nav"]


def test_errors_are_never_cached(tmp_path, cache):
    root = tmp_path / "rules"
    (root / "house").mkdir(parents=True)
    (root / "house" / "bad.yaml").write_text("kind: nope\nmessage: m\nsummary: s\n")
    for _ in range(2):
        rules, errors = load_rules([str(root)])
        assert rules == [] and "unknown kind" in str(errors[0])
    assert not cache.exists() or list(cache.iterdir()) == []


def test_caching_can_be_turned_off_and_a_broken_cache_is_ignored(tmp_path, cache, monkeypatch):
    root = tmp_path / "rules"
    write_rule(root, "Skip to content")
    monkeypatch.setenv("NEWSLINT_NO_CACHE", "1")
    load_rules([str(root)])
    assert not cache.exists()
    monkeypatch.delenv("NEWSLINT_NO_CACHE")
    load_rules([str(root)])
    (entry,) = cache.iterdir()
    entry.write_bytes(b"not a pickle")
    rules, errors = load_rules([str(root)])
    assert errors == [] and rules[0].id == "house.nav"


def test_key_changes_with_the_roots(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert rulecache.rule_set_key([str(tmp_path / "a")]) != rulecache.rule_set_key([str(tmp_path / "b")])
    assert rulecache.rule_set_key([str(tmp_path / "a")]) == rulecache.rule_set_key([str(tmp_path / "a")])


def test_key_changes_with_newslints_own_source(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    (package / "kinds").mkdir(parents=True)
    (package / "kinds" / "x.py").write_text("A = 1\n")
    monkeypatch.setattr(rulecache, "PACKAGE", str(package))
    before = rulecache.rule_set_key([])
    (package / "kinds" / "x.py").write_text("A = 22\n")
    assert rulecache.rule_set_key([]) != before
