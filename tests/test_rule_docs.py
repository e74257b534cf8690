"""The built-in rules document themselves: every one says what it finds, why and how to fix it."""

from __future__ import annotations

import pytest

from newslint.ruleset import BUILTIN_RULES, load_rules

RULES, ERRORS = load_rules([BUILTIN_RULES])


def test_the_built_in_rules_load():
    assert not ERRORS
    assert len(RULES) > 40


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_built_in_rule_has_summary_why_and_fix(rule):
    for key in ("summary", "why", "fix"):
        text = getattr(rule, key)
        assert text.strip(), f"{rule.path}: '{key}' is missing or empty"
    assert len(rule.fix) <= 400, f"{rule.path}: keep 'fix' short, a few lines"
