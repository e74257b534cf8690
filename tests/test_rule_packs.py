"""Third-party rule packs found through the `newslint.packs` entry point group (newslint/plugins.py)."""

from __future__ import annotations

import os

import pytest

from newslint import lint_text, plugins
from newslint.config import Config, parse_config
from newslint.runner import build_rules, rule_roots

RULE = 'kind: pattern\nmessage: "Wire credit: {match}"\nsummary: A wire credit.\nphrases: ["(AP)"]\n'


def _distribution(site, name: str, entry_points: str, files: dict[str, str]) -> None:
    """A minimal installed distribution: package files plus a .dist-info with entry_points.txt."""
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[newslint.packs]\n{entry_points}\n", encoding="utf-8")
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch):
    directory = tmp_path / "site"
    directory.mkdir()
    monkeypatch.syspath_prepend(str(directory))
    return directory


def _newsroom_pack(site) -> None:
    """An installed distribution whose package `newsroom_rules` holds the pack `newsroom`."""
    _distribution(
        site,
        "newsroom-rules",
        "newsroom = newsroom_rules",
        {
            "newsroom_rules/__init__.py": "",
            "newsroom_rules/newsroom/wire-credit.yaml": RULE,
        },
    )


def test_package_entry_point_adds_a_selectable_pack(site):
    _newsroom_pack(site)
    found = plugins.discover()
    assert found.errors == ()
    assert found.directories == (str(site / "newsroom_rules"),)
    roots = rule_roots(Config())
    assert roots.index(str(site / "newsroom_rules")) == 1  # right after the built-ins
    # The config is a content repository's, not site-packages': a pack is never imported
    # from the repository (docs/security.md).
    rules, errors = build_rules(parse_config({"select": ["newsroom"]}, str(site.parent / "repo" / ".newslint.yaml")))
    assert errors == [] and [r.id for r in rules] == ["newsroom.wire-credit"]
    findings = lint_text("Harbour plan\n\nLONDON (AP) The council met.", config=Config(), select=["newsroom"])
    assert [(f.rule, f.line, f.column) for f in findings] == [("newsroom.wire-credit", 3, 8)]


def test_function_entry_point_returning_a_directory(site, tmp_path):
    packs = tmp_path / "elsewhere"
    (packs / "desk").mkdir(parents=True)
    (packs / "desk" / "credit.yaml").write_text(RULE, encoding="utf-8")
    _distribution(
        site,
        "desk-rules",
        "desk = desk_rules:rules_dir",
        {
            "desk_rules.py": f"def rules_dir():\n    return {str(packs)!r}\n",
        },
    )
    assert plugins.discover().directories == (str(packs),)
    rules, errors = build_rules(Config(), None)
    assert errors == [] and "desk.credit" in {r.id for r in rules}


def test_builtin_rules_false_also_skips_installed_packs(site):
    _newsroom_pack(site)
    assert rule_roots(Config(builtin_rules=False)) == []


@pytest.mark.parametrize(
    "entry, files, message",
    [
        ("broken = no_such_module_for_newslint", {}, "cannot load: ModuleNotFoundError"),
        (
            "broken = broken_raises:where",
            {"broken_raises.py": "def where():\n    raise RuntimeError('boom')\n"},
            "the function failed: RuntimeError: boom",
        ),
        (
            "broken = broken_missing:where",
            {"broken_missing.py": "def where():\n    return '/no/such/dir/for/newslint'\n"},
            "is not a directory",
        ),
        (
            "broken = broken_number:where",
            {"broken_number.py": "where = 42\n"},
            "expected a package or a function returning a directory",
        ),
    ],
)
def test_a_broken_entry_point_is_a_rule_error_not_a_crash(site, entry, files, message):
    _distribution(site, "broken-rules", entry, files)
    found = plugins.discover()
    assert found.directories == ()
    (error,) = found.errors
    assert "entry point broken" in str(error) and "broken-rules" in str(error) and message in str(error)
    rules, errors = build_rules(Config())
    assert any(message in str(e) for e in errors)
    assert rules  # the built-in rules still load


def test_plugins_module_directory_of_plain_module(site):
    (site / "plain_mod.py").write_text("", encoding="utf-8")
    import importlib

    module = importlib.import_module("plain_mod")
    assert plugins.directory_of_module(module) == str(site)
    assert os.path.isdir(plugins.directory_of_module(plugins))


def test_the_cached_entry_point_list_sees_a_newly_installed_pack(site):
    """Discovery is cached on disk, keyed on the sys.path directories: an install shows at once."""
    assert plugins.discover().directories == ()
    assert plugins.discover().directories == ()  # the second call is served from the cache
    _distribution(
        site, "late-rules", "late = late_rules", {"late_rules/__init__.py": "", "late_rules/late/credit.yaml": RULE}
    )
    assert plugins.discover().directories == (str(site / "late_rules"),)
