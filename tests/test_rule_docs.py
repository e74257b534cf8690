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


def test_explain_says_how_to_fix_after_why():
    from newslint.explain import explain

    rule = next(r for r in RULES if r.id == "footnotes.lone-marker")
    text = explain(rule)
    assert "## How to fix\n\n" + rule.fix + "\n" in text
    assert text.index("## Why is this bad?") < text.index("## How to fix") < text.index("## Flagged")


def test_explain_leaves_out_how_to_fix_when_a_rule_has_none():
    from newslint.explain import explain
    from newslint.rule import build_rule

    rule = build_rule(
        "house.shout",
        {"kind": "pattern", "message": "m", "summary": "s", "why": "w", "patterns": ["SHOUT"]},
        "house/shout.yaml",
    )
    text = explain(rule)
    assert "## Why is this bad?" in text and "How to fix" not in text
