"""Rule loading: every mistake in a rule file is a RuleError naming the file, key and fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kindutil import make_rule
from newslint.config import parse_config
from newslint.kinds import KINDS
from newslint.kinds.line import LineKind
from newslint.rule import RuleError, build_rule, load_rule
from newslint.ruleset import load_rules
from newslint.runner import build_rules

GOOD = {"kind": "line", "message": "Navigation: '{match}'", "summary": "Menu text.", "phrases": ["Skip to content"]}


def write_rule(root: Path, rule_id: str, text: str) -> Path:
    """Write rule `pack.name` as <root>/<pack>/<name>.yaml and return its path."""
    pack, name = rule_id.split(".", 1)
    path = root / pack / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def rule_error(data: object, path: str = "rules/p/r.yaml") -> RuleError:
    """The RuleError build_rule raises for `data`."""
    with pytest.raises(RuleError) as info:
        build_rule("p.r", data, path)
    assert str(info.value).startswith(path), "every rule error starts with the rule file"
    return info.value


def with_good(**changes: object) -> dict:
    """GOOD with some keys replaced (a value of None removes the key)."""
    data = dict(GOOD)
    for key, value in changes.items():
        key = key.replace("_", "-")
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_good_rule_builds_a_line_kind():
    rule = build_rule("scraping.nav", GOOD, "r.yaml")
    assert rule.id == "scraping.nav" and rule.pack == "scraping"
    assert isinstance(rule.kind, LineKind)
    assert rule.kind.phrases == ("Skip to content",)
    assert rule.severity.label == "warning" and rule.scope == "body"


def test_invalid_yaml_names_line_and_column(tmp_path):
    path = write_rule(tmp_path, "p.broken", "kind: line\nmessage: [unclosed\nsummary: s\n")
    with pytest.raises(RuleError) as info:
        load_rule(str(path), "p.broken")
    text = str(info.value)
    assert text.startswith(str(path))
    assert "invalid YAML" in text
    assert "line 3, column" in text


def test_duplicate_key_names_line(tmp_path):
    path = write_rule(tmp_path, "p.twice", "kind: line\nmessage: m\nsummary: s\nphrases: [Menu]\nphrases: [Home]\n")
    with pytest.raises(RuleError) as info:
        load_rule(str(path), "p.twice")
    assert "line 5, column 1" in str(info.value) and "'phrases' is given twice" in str(info.value)


def test_rule_that_is_not_a_mapping(tmp_path):
    path = write_rule(tmp_path, "p.list", "- kind: line\n")
    with pytest.raises(RuleError) as info:
        load_rule(str(path), "p.list")
    assert "must be a YAML mapping" in str(info.value) and "got list" in str(info.value)


def test_empty_rule_file_is_not_a_mapping(tmp_path):
    path = write_rule(tmp_path, "p.empty", "")
    with pytest.raises(RuleError) as info:
        load_rule(str(path), "p.empty")
    assert "the rule file is empty" in str(info.value) and "kind, message, summary" in str(info.value)


@pytest.mark.parametrize("key", ["kind", "message", "summary"])
def test_missing_required_key(key):
    error = rule_error(with_good(**{key: None}))
    assert error.key == key
    assert f"missing required key '{key}'" in str(error)


def test_unknown_kind_lists_valid_kinds():
    error = rule_error(with_good(kind="regexp"))
    assert error.key == "kind"
    assert "unknown kind 'regexp'" in str(error)
    for name in KINDS:
        assert name in str(error)


def test_unknown_scope_lists_scopes():
    error = rule_error(with_good(scope="sidebar"))
    assert error.key == "scope"
    assert "unknown scope 'sidebar'" in str(error) and "body" in str(error) and "headline" in str(error)


def test_scope_that_is_not_a_string():
    error = rule_error(with_good(scope=["body"]))
    assert error.key == "scope" and "unknown scope ['body']" in str(error)


def test_unknown_severity():
    error = rule_error(with_good(severity="fatal"))
    assert error.key == "severity"
    assert "'fatal'" in str(error) and "error, warning, info" in str(error)


def test_unknown_key_lists_the_kinds_keys():
    error = rule_error(with_good(maxwords=3))
    assert error.key == "maxwords"
    text = str(error)
    assert "kind 'line'" in text
    for key in ("phrases", "patterns", "max-words", "min-words", "title-case"):
        assert key in text
    assert "severity" in text, "the common keys are listed too, so a typo in one is found"


@pytest.mark.parametrize(
    "changes, key, expected",
    [
        ({"phrases": 3}, "phrases", "expected a list of strings, got int 3"),
        ({"min-words": "x"}, "min-words", "expected a whole number, got str 'x'"),
        ({"ignore-case": "yes"}, "ignore-case", "expected true or false"),
        ({"phrases": ["ok", 5]}, "phrases[1]", "expected a string, got int 5"),
        ({"message": 7}, "message", "expected a string"),
        ({"enabled": "no"}, "enabled", "expected true or false"),
        ({"lists": {"outlets": "TASS"}}, "lists.outlets", "expected a list of strings, got str 'TASS'"),
        ({"lists": ["TASS"]}, "lists", "expected a mapping of names to lists of strings"),
    ],
)
def test_wrong_type_names_key_and_expectation(changes, key, expected):
    error = rule_error(with_good(**{k.replace("-", "_"): v for k, v in changes.items()}))
    assert error.key == key
    assert expected in str(error)


def test_bad_regex_names_the_pattern_index():
    error = rule_error({"kind": "pattern", "message": "m", "summary": "s", "patterns": ["fine", "(unclosed"]})
    assert error.key == "patterns[1]"
    assert "invalid regular expression '(unclosed'" in str(error)

    first = rule_error({"kind": "pattern", "message": "m", "summary": "s", "patterns": ["[z-a]"]})
    assert first.key == "patterns[0]"


def test_named_list_pattern_builds_and_matches():
    rule = build_rule(
        "p.r",
        {
            "kind": "pattern",
            "message": "{match}",
            "summary": "s",
            "patterns": [r"\b\L<outlets>\b"],
            "lists": {"outlets": ["TASS", "RIA"]},
        },
        "r.yaml",
    )
    compiled = rule.kind._compiled[0]
    assert [m.group() for m in compiled.finditer("as reported by TASS and RIA")] == ["TASS", "RIA"]


def test_named_list_pattern_without_the_list_is_an_error():
    error = rule_error({"kind": "pattern", "message": "m", "summary": "s", "patterns": [r"\L<outlets>"]})
    assert error.key == "patterns[0]"
    assert "named list" in str(error)


def test_unknown_placeholder_in_message():
    error = rule_error(with_good(message="Found {mtach}"))
    assert error.key == "message"
    assert "unknown placeholder {mtach}" in str(error) and "match" in str(error)


def test_broken_message_template():
    error = rule_error(with_good(message="Found {match"))
    assert error.key == "message"
    assert "{{" in str(error)


def test_named_group_is_an_allowed_placeholder():
    rule = build_rule(
        "p.r",
        {"kind": "pattern", "message": "by {outlet}", "summary": "s", "patterns": [r"(?P<outlet>TASS)"]},
        "r.yaml",
    )
    assert rule.format_message({"outlet": "TASS"}) == "by TASS"


@pytest.mark.parametrize(
    "examples, key",
    [
        (["a"], "examples"),
        ({"fails": ["a"]}, "examples"),
        ({"fail": "a"}, "examples.fail"),
        ({"pass": [1]}, "examples.pass"),
    ],
)
def test_bad_examples_shape(examples, key):
    error = rule_error(with_good(examples=examples))
    assert error.key == key
    assert "list" in str(error)


def test_python_kind_with_unimportable_module(monkeypatch):
    monkeypatch.setenv("NEWSLINT_ALLOW_PYTHON_RULES", "1")  # else it is never imported at all
    error = rule_error({"kind": "python", "message": "m", "summary": "s", "function": "no_such_module_xyz:check"})
    assert error.key == "function"
    assert "cannot import module 'no_such_module_xyz'" in str(error)


def test_python_kind_with_malformed_function():
    error = rule_error({"kind": "python", "message": "m", "summary": "s", "function": "just_a_name"})
    assert error.key == "function" and "package.module:function" in str(error)


def test_rule_ids_come_from_pack_and_file(tmp_path):
    write_rule(tmp_path / "mine", "local.menu", "kind: line\nmessage: m\nsummary: s\nphrases: [Menu]\n")
    rules, errors = load_rules([str(tmp_path / "mine")])
    assert errors == []
    assert [r.id for r in rules] == ["local.menu"]


def test_duplicate_rule_id_across_two_dirs(tmp_path):
    body = "kind: line\nmessage: m\nsummary: s\nphrases: [Menu]\n"
    first = write_rule(tmp_path / "one", "local.menu", body)
    second = write_rule(tmp_path / "two", "local.menu", body)
    rules, errors = load_rules([str(tmp_path / "one"), str(tmp_path / "two")])
    assert [r.path for r in rules] == [str(first)]
    assert len(errors) == 1
    assert str(errors[0]).startswith(str(second))
    assert "'local.menu' is already defined by" in str(errors[0]) and str(first) in str(errors[0])


def test_nonexistent_rule_dir(tmp_path):
    missing = str(tmp_path / "nowhere")
    rules, errors = load_rules([missing])
    assert rules == []
    assert len(errors) == 1
    assert errors[0].key == "rule-dirs" and missing in str(errors[0]) and "no such directory" in str(errors[0])


def test_load_rules_collects_every_error_and_keeps_good_rules(tmp_path):
    root = tmp_path / "rules"
    write_rule(root, "a.good", "kind: line\nmessage: m\nsummary: s\nphrases: [Menu]\n")
    write_rule(root, "a.bad-kind", "kind: nope\nmessage: m\nsummary: s\n")
    write_rule(root, "b.bad-yaml", "kind: [\n")
    write_rule(root, "b.bad-regex", "kind: pattern\nmessage: m\nsummary: s\npatterns: ['(']\n")
    write_rule(root, "b.good", "kind: pattern\nmessage: m\nsummary: s\nphrases: [sources say]\n")
    rules, errors = load_rules([str(root)])
    assert [r.id for r in rules] == ["a.good", "b.good"]
    failed = sorted(e.path.rsplit("/", 1)[-1] for e in errors)
    assert failed == ["bad-kind.yaml", "bad-regex.yaml", "bad-yaml.yaml"]


def _override_config(tmp_path: Path, rules: dict) -> tuple:
    root = tmp_path / "rules"
    write_rule(root, "local.menu", "kind: line\nmessage: m\nsummary: s\nphrases: [Menu]\n")
    config_path = str(tmp_path / ".newslint.yaml")
    config = parse_config({"builtin-rules": False, "rule-dirs": ["rules"], "rules": rules}, config_path)
    return build_rules(config), config_path


def test_config_override_changes_severity_and_parameters(tmp_path):
    (rules, errors), _ = _override_config(tmp_path, {"local.menu": {"severity": "error", "max-words": 3}})
    assert errors == []
    (rule,) = rules
    assert rule.severity.label == "error"
    assert rule.kind.max_words == 3 and rule.kind.phrases == ("Menu",)


def test_bad_config_override_is_a_rule_error_naming_the_config(tmp_path):
    (rules, errors), config_path = _override_config(tmp_path, {"local.menu": {"max-words": "three"}})
    assert len(errors) == 1
    text = str(errors[0])
    assert text.startswith(config_path) and "rules.local.menu" in text
    assert "max-words" in text and "expected a whole number" in text
    assert [r.id for r in rules] == ["local.menu"], "the rule still runs with its own settings"


def test_override_of_unknown_rule(tmp_path):
    (_, errors), config_path = _override_config(tmp_path, {"local.menuu": {"severity": "info"}})
    assert len(errors) == 1
    assert (
        str(errors[0]).startswith(config_path)
        and "rules.local.menuu" in str(errors[0])
        and "no such rule" in str(errors[0])
    )


def test_override_with_unknown_key(tmp_path):
    (_, errors), _ = _override_config(tmp_path, {"local.menu": {"sevrity": "info"}})
    assert len(errors) == 1 and "sevrity" in str(errors[0]) and "unknown key" in str(errors[0])


def test_a_list_escaped_by_mistake_is_an_error_on_the_pattern_not_on_the_kind():
    data = {"kind": "pattern", "message": "m", "summary": "s", "lists": {"w": ["ab"]}, "patterns": ["\\\\L<w>x"]}
    with pytest.raises(RuleError) as err:
        build_rule("test.escaped-list", data, "r.yaml")
    assert "r.yaml: patterns[0]: invalid regular expression" in str(err.value) and "one backslash" in str(err.value)


def test_a_format_spec_in_a_message_is_a_load_error():
    with pytest.raises(RuleError, match=r"message.*bad template"):
        make_rule("pattern", patterns=["x"]).with_overrides({"message": "x {match:d}"}, "<test>")


def test_a_parameter_spelled_both_ways_is_an_error():
    data = {
        "kind": "pattern",
        "message": "m",
        "summary": "s",
        "patterns": ["x"],
        "ignore-case": True,
        "ignore_case": False,
    }
    with pytest.raises(RuleError, match="given twice"):
        build_rule("test.rule", data, "<test>")
