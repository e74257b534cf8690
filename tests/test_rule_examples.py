"""Every built-in rule's inline examples and case file run as tests through newslint.testing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from newslint.ruleset import BUILTIN_RULES, PACKS, load_rules
from newslint.testing import case_files, load_cases, run_case_file, run_examples

# Case files sit beside the rules, where `newslint new-rule` puts a user's: rules/cases/<rule-id>.yaml.
PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(PROJECT, "rules", "cases")
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


def test_test_rules_command_passes_on_the_builtin_packs():
    # What a user runs on their own rule directory, run on ours from the repository root.
    result = subprocess.run(
        [sys.executable, "-m", "newslint", "test-rules", "rules/"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every example and case of every rule, opt-in rules (enabled: false) included.
    examples = sum(len(r.examples.fail) + len(r.examples.pass_) for r in RULES)
    cases = sum(len(load_cases(path)[1]) for path in case_files(CASES))
    assert result.stdout.strip().endswith(f"{examples + cases} passed, 0 failed")
