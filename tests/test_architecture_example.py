"""The example kind of docs/architecture.md, taken from the page as written: registered in
KINDS, it loads a rule, passes the rule's examples and finds what it should in a text."""

from __future__ import annotations

import os
import re
import sys
import types

import pytest
import yaml

from newslint import docgen
from newslint.explain import explain_kind
from newslint.kinds import KINDS
from newslint.report import ReportContext, formatter
from newslint.rule import RuleError, build_rule
from newslint.testing import lint_with, run_examples

DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "architecture.md")
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.M | re.S)
MODULE = "newslint.kinds.doubled_word"


def blocks() -> dict[str, str]:
    """The page's titled code blocks: title -> content."""
    with open(DOC, encoding="utf-8") as handle:
        text = handle.read()
    out = {}
    for block in FENCE.finditer(text):
        title = re.search(r'title="([^"]+)"', block.group("info"))
        if title:
            out[title.group(1)] = block.group("body")
    return out


@pytest.fixture
def kind(monkeypatch):
    """The example module, imported from the page under its documented name, and registered."""
    source = blocks()["newslint/kinds/doubled_word.py"]
    module = types.ModuleType(MODULE)
    module.__file__ = DOC
    monkeypatch.setitem(sys.modules, MODULE, module)  # dataclasses and type hints look it up
    exec(compile(source, DOC, "exec"), module.__dict__)
    monkeypatch.setitem(KINDS, "doubled-word", module.DoubledWordKind)
    return module.DoubledWordKind


@pytest.fixture
def rule(kind):
    data = yaml.safe_load(blocks()["rules/style/doubled-word.yaml"])
    return build_rule("style.doubled-word", data, "rules/style/doubled-word.yaml")


def test_the_page_registers_the_kind_in_kinds():
    with open(DOC, encoding="utf-8") as handle:
        text = handle.read()
    assert '"doubled-word": DoubledWordKind,' in text
    assert "from newslint.kinds.doubled_word import DoubledWordKind" in text


def test_the_rule_passes_its_own_examples(rule):
    results = run_examples(rule)
    assert results and all(r.passed for r in results), [r.detail for r in results if not r.passed]


def test_the_kind_finds_doubled_words_through_the_engine(rule):
    text = "Council votes\n\nThe the council met. She had had enough.\n\nIt closed the\nthe bridge."
    findings = lint_with(rule, text)
    assert [(f.line, f.column, f.end_line, f.match, f.message) for f in findings] == [
        (3, 1, 3, "The the", "'The' twice in a row"),
        (5, 11, 6, "the\nthe", "'the' twice in a row"),
    ]
    report = formatter("text")(findings, ReportContext(rules=[rule]))
    assert "example.txt:3:1: warning [style.doubled-word] 'The' twice in a row" in report


def test_its_parameters_are_checked_like_any_kind(kind):
    base = {"kind": "doubled-word", "message": "{word}", "summary": "s"}
    assert build_rule("style.x", {**base, "min-length": 4}, "x.yaml").kind.min_length == 4
    with pytest.raises(RuleError, match="min-length: must be 1 or more"):
        build_rule("style.x", {**base, "min-length": 0}, "x.yaml")
    with pytest.raises(RuleError, match="unknown key 'max-length'"):
        build_rule("style.x", {**base, "max-length": 3}, "x.yaml")
    with pytest.raises(RuleError, match="unknown placeholder"):
        build_rule("style.x", {**base, "message": "{speaker}"}, "x.yaml")


def test_the_generated_docs_describe_the_new_kind_with_nothing_more_to_write(kind):
    assert "`allowed` | a list of strings |" in explain_kind("doubled-word")
    schema = docgen.rule_schema()
    branch = next(b["then"] for b in schema["allOf"] if b["if"]["properties"]["kind"]["const"] == "doubled-word")
    assert branch["properties"]["min-length"]["type"] == "integer"
