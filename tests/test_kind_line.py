"""Unit tests for the `line` kind."""

import pytest

from kindutil import make_rule, run, spans
from newslint.kinds.line import normalize_line
from newslint.rule import RuleError


def test_phrase_line_ignores_case_and_decoration():
    rule = make_rule("line", phrases=["Read also"], scope="all")
    assert spans(run(rule, "Head\n\nBody text here.\n\n  » READ ALSO: «  ")) == [(5, 3, "» READ ALSO: «")]


def test_phrase_inside_sentence_is_not_a_line():
    rule = make_rule("line", phrases=["Read also"])
    assert run(rule, "Head\n\nRead also the report, the mayor said.") == []


def test_pattern_must_match_the_whole_line():
    rule = make_rule("line", patterns=[r"\d+ comments"])
    assert spans(run(rule, "Head\n\n12 comments\n\nThere were 12 comments on the post.")) == [(3, 1, "12 comments")]


def test_max_words_limits_long_lines():
    rule = make_rule("line", patterns=[r"sign up.*"], max_words=5)
    assert run(rule, "Head\n\nSign up for the paper and receive a free tote bag today.") == []
    assert len(run(rule, "Head\n\nSign up now.")) == 1


def test_title_case_and_isolation():
    rule = make_rule("line", title_case=True, min_words=4, isolated=True, scope="paragraphs")
    one = "Head\n\nThe vote was close.\n\nMayor Faces Anger Over Harbour Costs\n\nIt passed."
    assert spans(run(rule, one)) == [(5, 1, "Mayor Faces Anger Over Harbour Costs")]
    listing = "Head\n\nOur picks.\n\nMayor Faces Anger Over Harbour Costs\nCouncil Approves Bridge Repair Budget\n\nMore soon."
    assert run(rule, listing) == []


def test_normalize_line():
    assert normalize_line("  • Latest News ›") == "latest news"


def test_needs_something_to_match():
    with pytest.raises(RuleError, match="phrases"):
        make_rule("line")


def test_min_run_keeps_only_long_runs():
    rule = make_rule("line", patterns=[r"[A-Z]\w+ \w+"], min_run=3, ignore_case=False)
    text = "Head\n\nAlpha one\nBeta two\n\nsentence here.\n\nGamma three\nDelta four\nEpsilon five"
    assert [f.line for f in run(rule, text)] == [8, 9, 10]


def test_contains_matches_anywhere_but_reports_the_whole_line():
    rule = make_rule("line", contains=[r"\baffiliate links\b"], max_words=40)
    found = spans(run(rule, "Head\n\nThis post contains affiliate links to shops.\n\nNo links here."))
    assert found == [(3, 1, "This post contains affiliate links to shops.")]
