"""Unit tests for the `metric` kind."""

import pytest

from kindutil import make_rule, run
from newslint.kinds.metric import METRICS
from newslint.rule import RuleError


def test_below_minimum_words():
    rule = make_rule("metric", metric="words", min=10)
    rule = rule.with_overrides({"message": "{metric}={value} ({limit})"}, "<test>")
    findings = run(rule, "Head\n\nToo short.")
    assert [f.message for f in findings] == ["words=2 (minimum 10)"]
    assert findings[0].line == 3  # a document-level finding points at the first block in scope


def test_ellipsis_ratio_above_maximum():
    rule = make_rule("metric", metric="ellipsis-line-ratio", max=0.4)
    assert len(run(rule, "Head\n\nOne...\n\nTwo...\n\nThree.")) == 1
    assert run(rule, "Head\n\nOne.\n\nTwo.\n\nThree...") == []


def test_min_words_skips_tiny_documents():
    rule = make_rule("metric", metric="uppercase-word-ratio", max=0.1, min_words=20)
    assert run(rule, "Head\n\nALL CAPS HERE.") == []


def test_every_metric_runs_on_empty_scope_values():
    for name, fn in METRICS.items():
        assert fn([]) == 0.0, name


def test_unknown_metric_and_missing_bounds():
    with pytest.raises(RuleError, match="unknown metric"):
        make_rule("metric", metric="nope", min=1)
    with pytest.raises(RuleError, match="min"):
        make_rule("metric", metric="words")
