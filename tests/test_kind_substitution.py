"""Unit tests for the `substitution` kind."""

import pytest

from kindutil import make_rule, run
from newslint.rule import RuleError


def test_swap_suggests_and_keeps_capital():
    rule = make_rule("substitution", swap={"alot": "a lot"}, ignore_case=True)
    findings = run(rule, "Head\n\nAlot changed. It cost alot.")
    assert [(f.match, f.suggestion) for f in findings] == [("Alot", "A lot"), ("alot", "a lot")]


def test_whole_words_only():
    rule = make_rule("substitution", swap={"Kiev": "Kyiv"})
    assert run(rule, "Head\n\nKievan Rus was a state.") == []


def test_regex_swap_with_groups():
    rule = make_rule("substitution", swap={r"(\d+) per cent": r"\1%"}, regex=True)
    assert [f.suggestion for f in run(rule, "Head\n\nPrices rose 5 per cent.")] == ["5%"]


def test_empty_swap_is_an_error():
    with pytest.raises(RuleError, match="swap"):
        make_rule("substitution", swap={})
