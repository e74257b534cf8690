"""Data-quality gates: per rule or pack limits on findings and on the share of flagged documents."""

from __future__ import annotations

import os

from cliutil import run, write
from newslint.config import Gate, parse_config
from newslint.finding import Finding, Severity
from newslint.gates import evaluate, render_table


def finding(path: str, rule: str, record: str | int | None = None, line: int = 1) -> Finding:
    """A minimal finding of `rule` in one document."""
    return Finding(path, line, 1, line, 2, rule, Severity.WARNING, "m", record=record)


FINDINGS = [
    finding("a.txt", "scraping.nav-line"),
    finding("a.txt", "scraping.nav-line", line=4),
    finding("a.txt", "scraping.ad-label", line=6),
    finding("b.txt", "scraping.ad-label"),
    finding("c.jsonl", "scraping.nav-line", record=1),
    finding("c.jsonl", "scraping.nav-line", record=2),
    finding("c.jsonl", "footnotes.undefined", record=2),
]


def test_rate_counts_flagged_documents_not_findings():
    (result,) = evaluate([Gate("scraping", max_rate=0.5)], FINDINGS, documents=10)
    assert (result.documents, result.flagged, result.findings) == (10, 4, 6)
    assert result.rate == 0.4
    assert result.passed


def test_rate_above_the_limit_fails():
    (result,) = evaluate([Gate("scraping", max_rate=0.1)], FINDINGS, documents=10)
    assert result.rate == 0.4 and not result.passed


def test_gate_by_rule_id():
    (result,) = evaluate([Gate("scraping.ad-label", max_findings=1)], FINDINGS, documents=10)
    assert (result.flagged, result.findings) == (2, 2)
    assert not result.passed
    (exact,) = evaluate([Gate("scraping.ad-label", max_findings=2)], FINDINGS, documents=10)
    assert exact.passed, "the limit itself is allowed"


def test_records_count_as_separate_documents():
    (result,) = evaluate([Gate("footnotes", max_rate=0.0)], FINDINGS, documents=3)
    assert (result.flagged, result.findings) == (1, 1)
    assert not result.passed


def test_both_limits_must_hold():
    (result,) = evaluate([Gate("scraping", max_findings=100, max_rate=0.2)], FINDINGS, documents=10)
    assert not result.passed
    (result,) = evaluate([Gate("scraping", max_findings=5, max_rate=1.0)], FINDINGS, documents=10)
    assert not result.passed


def test_no_documents_is_a_zero_rate():
    (result,) = evaluate([Gate("scraping", max_rate=0.0)], [], documents=0)
    assert result.rate == 0.0 and result.passed


def test_gates_from_config_evaluate_in_selector_order():
    config = parse_config({"gates": {"scraping": {"max-rate": 0.25}, "footnotes": {"max-findings": 0}}}, "c.yaml")
    results = evaluate(config.gates, FINDINGS, documents=20)
    assert [(r.gate.selector, r.passed) for r in results] == [("footnotes", False), ("scraping", True)]
    assert results[1].rate == 0.2


def test_render_table():
    results = evaluate([Gate("footnotes", max_findings=0), Gate("scraping", max_rate=0.5)], FINDINGS, documents=10)
    lines = render_table(results).splitlines()
    assert len(lines) == 3
    assert lines[0].split() == ["gate", "documents", "flagged", "rate", "findings", "limit", "result"]
    assert lines[1].split() == ["footnotes", "10", "1", "10.00%", "1", "max-findings", "0", "FAIL"]
    assert lines[2].split() == ["scraping", "10", "4", "40.00%", "6", "max-rate", "50.00%", "pass"]
    # Columns line up: every row starts its 'documents' cell at the same place.
    assert len({line.index(cell) for line, cell in zip(lines, ("documents", "10", "10"), strict=True)}) == 1
    assert render_table(results) == render_table(results)


def test_gates_do_not_excuse_a_crashed_rule(tmp_path, monkeypatch):
    write(
        tmp_path / "rules" / "house" / "boom.yaml",
        "kind: python\nmessage: m\nsummary: s\nfunction: custom_rule_funcs:broken\n",
    )
    write(tmp_path / ".newslint.yaml", "builtin-rules: false\nrule-dirs: [rules]\ngates:\n  house: {max-rate: 1.0}\n")
    write(tmp_path / "a.txt", "Council votes\n\nThe council voted.\n")
    # The rule's function lives in tests/custom_rule_funcs.py: put tests/ on the child's path.
    monkeypatch.setenv("PYTHONPATH", os.path.dirname(__file__))
    result = run(tmp_path, "check", "--allow-python-rules", "a.txt")
    # 2: a crashed rule means part of the data was not checked (issue 15), not "findings" (1).
    assert result.returncode == 2 and "newslint.rule-crash" in result.stdout
