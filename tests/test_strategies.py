"""newslint.strategies: the strategies generate what they promise, and property-test a rule."""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.config import Config
from newslint.readers import read_bytes
from newslint.ruleset import BUILTIN_RULES, load_rules
from newslint.runner import lint_documents
from newslint.strategies import BOILERPLATE, articles, boilerplate_lines, footnote_blocks, headlines, paragraphs
from newslint.testing import lint_with

RULES, _ = load_rules([BUILTIN_RULES])
NAV_LINE = next(r for r in RULES if r.id == "scraping.nav-line")
NAV_PHRASES = NAV_LINE.raw["phrases"]
QUOTE_MARKS = '"\u201c\u201d'
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(articles())
def test_nav_line_never_flags_generated_prose(text):
    assert lint_with(NAV_LINE, text) == []


@FAST
@given(st.data())
def test_nav_line_flags_an_inserted_boilerplate_line_where_it_is(data):
    line = data.draw(boilerplate_lines(NAV_PHRASES), label="line")
    text = data.draw(articles(boilerplate=st.just(line)), label="article")
    expected = text.split("\n").index(line) + 1
    findings = lint_with(NAV_LINE, text)
    assert [(f.line, f.column, f.match) for f in findings] == [(expected, 1, line)]


@FAST
@given(headlines())
def test_headlines_are_short_title_case_lines(text):
    words = text.split(" ")
    assert 3 <= len(words) <= 8 and all(w[0].isupper() for w in words)
    assert "\n" not in text and not text.endswith((".", "?", "!"))


@FAST
@given(paragraphs(with_quotes=True), paragraphs(with_quotes=False))
def test_paragraphs_with_and_without_quotes(quoted, plain):
    assert any(m in quoted for m in QUOTE_MARKS)
    assert not any(m in plain for m in QUOTE_MARKS)
    assert "\n" not in quoted + plain and plain.endswith(".")


@FAST
@given(boilerplate_lines())
def test_boilerplate_lines_come_from_the_list(line):
    words = regex.sub(r"[^\p{L}\s]", "", line).strip().casefold()
    assert words in {regex.sub(r"[^\p{L}\s]", "", p).strip().casefold() for p in BOILERPLATE}


@FAST
@given(footnote_blocks(min_notes=2, max_notes=5))
def test_footnote_blocks_have_matching_markers_and_definitions(block):
    body, notes = block.split("\n\n")
    markers = [int(n) for n in regex.findall(r"\[(\d+)\]", body)]
    definitions = [int(n) for n in regex.findall(r"^\[(\d+)\] ", notes, flags=regex.M)]
    assert markers == definitions == list(range(1, len(markers) + 1))
    assert 2 <= len(markers) <= 5


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(boilerplate=boilerplate_lines(), footnotes=True, with_quotes=True))
def test_every_builtin_rule_runs_on_generated_articles_without_crashing(text):
    findings = lint_documents(read_bytes("a.txt", text.encode("utf-8")), RULES, Config())
    lines = text.split("\n")
    assert not [f for f in findings if f.rule in ("newslint.rule-crash", "newslint.rule-timeout")]
    for f in findings:
        assert 1 <= f.line <= f.end_line <= len(lines)
        if f.line == f.end_line and f.match:
            assert lines[f.line - 1][f.column - 1 : f.end_column - 1] == f.match
