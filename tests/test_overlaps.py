"""One finding per defect: overlapping spans of a rule merge; declared precedence across rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newslint
from newslint.finding import Finding, Severity
from newslint.overlaps import _overlap, one_per_defect, outranking
from newslint.rule import RuleError, build_rule


def finding(rule: str, line: int, column: int, end_column: int, record: str | None = None) -> Finding:
    return Finding("a.txt", line, column, line, end_column, rule, Severity.WARNING, "m", record=record)


def test_overlapping_findings_of_one_rule_keep_the_first() -> None:
    found = [finding("a.x", 3, 3, 22), finding("a.x", 3, 10, 27), finding("a.x", 3, 16, 27), finding("a.x", 3, 30, 40)]
    assert one_per_defect(found, {}) == [found[0], found[3]]


def test_a_rule_drops_the_findings_it_outranks_on_the_same_span_only() -> None:
    strong, weak, elsewhere = (
        finding("r.headline", 5, 1, 20),
        finding("r.stray", 5, 1, 20),
        finding("r.stray", 9, 1, 20),
    )
    stronger = {"r.stray": frozenset({"r.headline"})}
    assert one_per_defect([strong, weak, elsewhere], stronger) == [strong, elsewhere]


def test_findings_in_other_records_never_overlap() -> None:
    a, b = finding("a.x", 1, 1, 9, record="1"), finding("a.x", 1, 1, 9, record="2")
    assert one_per_defect([a, b], {}) == [a, b]


def test_outranking_reads_the_rules() -> None:
    rule = build_rule(
        "r.strong",
        {"kind": "pattern", "message": "m", "summary": "s", "patterns": ["x"], "outranks": ["r.weak"]},
        "<t>",
    )
    assert outranking([rule]) == {"r.weak": frozenset({"r.strong"})}


def test_outranks_must_name_rules() -> None:
    with pytest.raises(RuleError, match="outranks"):
        build_rule(
            "r.strong",
            {"kind": "pattern", "message": "m", "summary": "s", "patterns": ["x"], "outranks": "r.weak"},
            "<t>",
        )


def test_one_anonymous_source_is_one_finding() -> None:
    found = newslint.lint_text(
        "Talks go on\n\nA senior party source said the talks would go on.",
        "a.txt",
        select=["attribution.anonymous-source"],
    )
    assert [f.match for f in found] == ["senior party source"]


def test_a_repeated_headline_is_not_also_a_stray_headline_or_a_duplicate() -> None:
    text = "Tensions Escalate as Mayor Calls Critics Liars\n\nThe council met.\n\nTensions Escalate as Mayor Calls Critics Liars\n\nIt voted."
    assert [f.rule for f in newslint.lint_text(text, "a.txt", select=["repetition"])] == [
        "repetition.headline-repeated"
    ]


def test_one_spelling_mix_is_one_finding_naming_the_other_lines() -> None:
    text = "Talks\n\nHezbollah agreed.\n\nHizbollah waited.\n\nHizbollah denied it, then Hizbollah agreed."
    (found,) = newslint.lint_text(text, "a.txt", select=["consistency.variant-spelling"])
    assert found.line == 5 and found.message.endswith("again on line 7")


SPANS = st.lists(
    st.tuples(st.sampled_from(["a.x", "b.y"]), st.integers(1, 3), st.integers(1, 20), st.integers(0, 10)), max_size=25
)


@given(SPANS)
def test_what_stays_is_a_subset_with_no_overlap_left_within_a_rule(spans) -> None:
    found = [finding(rule, line, column, column + length) for rule, line, column, length in spans]
    kept = one_per_defect(found, {"b.y": frozenset({"a.x"})})
    assert all(any(k is f for f in found) for k in kept)
    for i, a in enumerate(kept):
        for b in kept[i + 1 :]:
            assert not (a.rule == b.rule and _overlap(a, b))
            assert not (a.rule == "b.y" and b.rule == "a.x" and _overlap(a, b)) and not (
                a.rule == "a.x" and b.rule == "b.y" and _overlap(a, b)
            )
    assert one_per_defect(kept, {"b.y": frozenset({"a.x"})}) == kept
