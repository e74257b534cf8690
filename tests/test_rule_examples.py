"""Every built-in rule's inline examples and case file run as tests through newslint.testing."""

from __future__ import annotations

import os

import pytest

from newslint.ruleset import BUILTIN_RULES, PACKS, load_rules
from newslint.testing import case_files, run_case_file, run_examples

# Case files sit beside the rules, where `newslint new-rule` puts a user's: rules/cases/<rule-id>.yaml.
CASES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rules", "cases")
RULES, ERRORS = load_rules([BUILTIN_RULES])
BY_ID = {r.id: r for r in RULES}


def test_builtin_rules_load_without_errors():
    assert ERRORS == []
    assert {r.pack for r in RULES} == set(PACKS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_inline_examples(rule):
    assert rule.examples.fail and rule.examples.pass_, f"{rule.id} needs at least one fail and one pass example"
    failures = [f"{r.name}: {r.detail}" for r in run_examples(rule) if not r.passed]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_case_file(rule):
    assert os.path.isfile(os.path.join(CASES, f"{rule.id}.yaml")), f"write rules/cases/{rule.id}.yaml"


@pytest.mark.parametrize("path", case_files(CASES), ids=os.path.basename)
def test_case_file(path):
    failures = [f"{r.name}: {r.detail}" for r in run_case_file(path, BY_ID) if not r.passed]
    assert not failures, "\n".join(failures)
