"""`newslint new-rule`: the skeletons load, their examples pass, the TODO case fails until replaced."""

from __future__ import annotations

import os

import pytest

from newslint.cli import main
from newslint.kinds import KINDS
from newslint.rule import RuleError
from newslint.ruleset import load_rules
from newslint.scaffold import SKELETONS, ScaffoldError, new_rule, parse_rule_name
from newslint.testing import run_all, run_case_file, run_examples


@pytest.mark.parametrize("kind", sorted(SKELETONS))
def test_skeleton_loads_and_its_examples_pass(tmp_path, kind, monkeypatch):
    monkeypatch.setenv("NEWSLINT_ALLOW_PYTHON_RULES", "1")  # the python skeleton's code runs only when allowed
    written = new_rule(f"newsroom/my-{kind}", kind, str(tmp_path))
    assert written.rule == os.path.join(str(tmp_path), "newsroom", f"my-{kind}.yaml")
    assert written.cases == os.path.join(str(tmp_path), "cases", f"newsroom.my-{kind}.yaml")
    rules, errors = load_rules([str(tmp_path)])
    assert errors == []
    (rule,) = rules
    assert rule.id == f"newsroom.my-{kind}" and rule.kind_name == kind
    assert "TODO" in rule.summary and "TODO" in rule.message
    assert [r.detail for r in run_examples(rule) if not r.passed] == []
    results = {r.name: r for r in run_case_file(written.cases, {rule.id: rule})}
    assert results["skeleton example is flagged"].passed
    assert results["skeleton example is clean"].passed
    todo = results["TODO replace with a real article this rule must flag"]
    assert not todo.passed and "expected a finding" in todo.detail


def test_every_kind_gets_a_skeleton_that_loads_or_names_the_missing_parameter(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLINT_ALLOW_PYTHON_RULES", "1")
    for kind in sorted(KINDS):
        directory = str(tmp_path / kind)
        new_rule(f"pack/{kind}", kind, directory)
        rules, errors = load_rules([directory])
        if kind in SKELETONS:
            assert errors == [] and len(rules) == 1
        else:
            # A kind added without a hand-written skeleton: its required keys are left as TODO,
            # and loading says which key to fill in.
            assert rules or (
                len(errors) == 1 and isinstance(errors[0], RuleError) and os.path.join(kind, "pack") in str(errors[0])
            ), errors
            assert "TODO" in open(os.path.join(directory, "pack", f"{kind}.yaml"), encoding="utf-8").read()


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("newsroom/wire-credit", ("newsroom", "wire-credit")),
        ("newsroom.wire_credit", ("newsroom", "wire_credit")),
        ("a1/b2", ("a1", "b2")),
    ],
)
def test_rule_names(spec, expected):
    assert parse_rule_name(spec) == expected


@pytest.mark.parametrize("spec", ["wire-credit", "News/Wire", "newsroom/", "/x", "a/b/c", "a/b c", "-a/b", "a/é"])
def test_bad_rule_names(spec):
    with pytest.raises(ScaffoldError, match="bad rule name"):
        parse_rule_name(spec)


def test_cli_writes_then_refuses_to_overwrite(tmp_path, capsys):
    directory = str(tmp_path / "rules")
    assert main(["new-rule", "newsroom/wire-credit", "--kind", "pattern", "--dir", directory]) == 0
    out = capsys.readouterr().out
    assert "newsroom/wire-credit.yaml" in out and "cases/newsroom.wire-credit.yaml" in out
    before = open(os.path.join(directory, "newsroom", "wire-credit.yaml"), encoding="utf-8").read()
    assert main(["new-rule", "newsroom/wire-credit", "--kind", "line", "--dir", directory]) == 2
    assert "already exists; not overwriting" in capsys.readouterr().err
    assert open(os.path.join(directory, "newsroom", "wire-credit.yaml"), encoding="utf-8").read() == before


def test_cli_refuses_an_existing_case_file(tmp_path, capsys):
    os.makedirs(tmp_path / "cases")
    (tmp_path / "cases" / "newsroom.x.yaml").write_text("cases: []\n", encoding="utf-8")
    assert main(["new-rule", "newsroom/x", "--kind", "line", "--dir", str(tmp_path)]) == 2
    assert "cases/newsroom.x.yaml already exists" in capsys.readouterr().err
    assert not (tmp_path / "newsroom" / "x.yaml").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["new-rule", "newsroom/x", "--kind", "regexp"], "unknown kind 'regexp'; expected one of:"),
        (["new-rule", "Newsroom", "--kind", "line"], "bad rule name 'Newsroom'"),
        (["new-rule", "cases/x", "--kind", "line"], "'cases' is reserved"),
    ],
)
def test_cli_usage_errors_exit_2(tmp_path, capsys, args, message):
    assert main(args + ["--dir", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


def test_test_rules_finds_the_case_directory_and_fails_on_the_todo_case(tmp_path, capsys):
    directory = str(tmp_path / "rules")
    assert main(["new-rule", "newsroom/wire-credit", "--kind", "pattern", "--dir", directory]) == 0
    capsys.readouterr()
    assert main(["test-rules", directory]) == 1
    out = capsys.readouterr().out
    # 2 inline examples + 2 skeleton cases pass; the TODO case runs (so cases/ was found) and fails.
    assert out.splitlines()[-1] == "4 passed, 1 failed"
    assert "FAILED newsroom.wire-credit :: TODO replace with a real article" in out


def test_default_directory_is_the_configs_first_rule_dir(tmp_path, monkeypatch, capsys):
    (tmp_path / ".newslint.yaml").write_text("rule-dirs: [house_rules]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["new-rule", "house/credit", "--kind", "line"]) == 0
    assert (tmp_path / "house_rules" / "house" / "credit.yaml").is_file()
    assert (tmp_path / "house_rules" / "cases" / "house.credit.yaml").is_file()
    # and the configured run loads the new rule next to the built-ins
    capsys.readouterr()
    assert main(["rules", "--select", "house"]) == 0
    assert capsys.readouterr().out.startswith("house.credit")


def test_without_config_the_default_directory_is_rules(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new-rule", "house/credit", "--kind", "substitution", "--isolated"]) == 0
    results = run_all(load_rules([str(tmp_path / "rules")])[0], [str(tmp_path / "rules" / "cases")])
    assert [r.name for r in results if not r.passed] == ["TODO replace with a real article this rule must flag"]
