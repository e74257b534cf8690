"""Unit tests for the `pattern` kind."""

import pytest

from kindutil import make_rule, run, spans
from newslint.kinds import base
from newslint.rule import RuleError


def test_regex_matches_with_positions():
    rule = make_rule("pattern", patterns=[r"\bfoo+\b"])
    assert spans(run(rule, "Head\n\nA foo and a fooo.")) == [(3, 3, "foo"), (3, 13, "fooo")]


def test_phrases_are_whole_words_and_case_insensitive():
    rule = make_rule("pattern", phrases=["sources say"], ignore_case=True)
    found = spans(run(rule, "Head\n\nSources say the deal is off. Resources saying nothing."))
    assert found == [(3, 1, "Sources say")]


def test_named_list_and_named_group_placeholder():
    rule = make_rule(
        "pattern", patterns=[r"reported by (?P<outlet>\L<outlets>)"], lists={"outlets": ["TASS", "Interfax"]}
    )
    rule = rule.with_overrides({"message": "via {outlet}"}, "<test>")
    findings = run(rule, "Head\n\nThe claim, as reported by TASS, spread.")
    assert [f.message for f in findings] == ["via TASS"]


def test_outside_quotes_skips_quoted_matches():
    rule = make_rule("pattern", phrases=["allegedly"], outside_quotes=True)
    text = 'Head\n\n"He allegedly lied," she said. The firm allegedly paid.'
    assert [f.column for f in run(rule, text)] == [text.split("\n")[2].index("allegedly paid") + 1]


def test_unless_excuses_the_sentence():
    rule = make_rule("pattern", phrases=["intends to"], unless=[r"\bsaid\b"])
    text = "Head\n\nThe firm intends to sell. He said he intends to stay."
    assert [f.column for f in run(rule, text)] == [10]


def test_no_patterns_is_a_load_error():
    with pytest.raises(RuleError, match="patterns"):
        make_rule("pattern")


def test_bad_regex_names_the_key():
    with pytest.raises(RuleError, match=r"patterns\[1\].*invalid regular expression"):
        make_rule("pattern", patterns=["ok", "(unclosed"])


def test_unknown_placeholder_is_a_load_error():
    with pytest.raises(RuleError, match="placeholder"):
        make_rule("pattern", patterns=["x"]).with_overrides({"message": "{nope}"}, "<test>")


def test_a_catastrophic_unless_regex_times_out_instead_of_hanging(monkeypatch):
    monkeypatch.setattr(base, "REGEX_TIMEOUT", 0.2)
    rule = make_rule("pattern", patterns=["x"], unless=["(a|a)+b"])
    findings = run(rule, "Head\n\n" + "a" * 40 + "x")
    assert [f.rule for f in findings] == ["newslint.rule-timeout"]
