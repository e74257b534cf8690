"""A pack's `_lists.yaml` shares word lists with its rules; rules and config override by name."""

import pytest

from newslint.rule import RuleError, load_rule
from newslint.ruleset import load_rules
from newslint.testing import lint_with

RULE = """kind: pattern
message: "{match}"
summary: relayed
patterns: ['reported by \\L<outlets>']
"""


def write_pack(tmp_path, lists_text, rule_text=RULE):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "_lists.yaml").write_text(lists_text)
    (pack / "relay.yaml").write_text(rule_text)
    return pack


def test_rule_uses_the_pack_list(tmp_path):
    pack = write_pack(tmp_path, "outlets: [Gazette, Herald]\n")
    rule = load_rule(str(pack / "relay.yaml"), "house.relay")
    assert [f.match for f in lint_with(rule, "Head\n\nIt was reported by Herald staff.")] == ["reported by Herald"]


def test_rules_own_list_wins_and_config_override_merges_by_name(tmp_path):
    pack = write_pack(tmp_path, "outlets: [Gazette]\nother: [x]\n", RULE + "lists:\n  outlets: [Courier]\n")
    rule = load_rule(str(pack / "relay.yaml"), "house.relay")
    assert rule.raw["lists"] == {"outlets": ["Courier"], "other": ["x"]}
    overridden = rule.with_overrides({"lists": {"outlets": ["Times"]}}, "cfg")
    assert overridden.raw["lists"] == {"outlets": ["Times"], "other": ["x"]}


def test_lists_file_is_not_a_rule_and_kinds_without_lists_ignore_it(tmp_path):
    pack = write_pack(tmp_path, "outlets: [Gazette]\n")
    (pack / "dup.yaml").write_text("kind: duplicate\nmode: exact\nmessage: m\nsummary: s\n")
    rules, errors = load_rules([str(tmp_path)])
    assert errors == [] and [r.id for r in rules] == ["house.dup", "house.relay"]


def test_broken_lists_file_names_itself(tmp_path):
    pack = write_pack(tmp_path, "outlets: Gazette\n")
    with pytest.raises(RuleError, match=r"_lists\.yaml.*mapping of list name"):
        load_rule(str(pack / "relay.yaml"), "house.relay")


def test_editing_the_pack_lists_reloads_the_rule_in_process(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLINT_NO_CACHE", "1")
    pack = write_pack(tmp_path, "outlets: [Gazette]\n")
    assert load_rules([str(tmp_path)])[0][0].raw["lists"]["outlets"] == ["Gazette"]
    (pack / "_lists.yaml").write_text("outlets: [Herald, Courier]\n")
    assert load_rules([str(tmp_path)])[0][0].raw["lists"]["outlets"] == ["Herald", "Courier"]
