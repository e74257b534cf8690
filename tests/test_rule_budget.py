"""A CPU budget per rule and document, not only per regex call (issue 15, case 12): a rule
whose calls each stay under the 2 s limit used to run for minutes on one document."""

from __future__ import annotations

import json
import signal
import sys
import time

import pytest

from newslint import runner, watchdog
from newslint.config import Config
from newslint.rule import build_rule

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "setitimer") or sys.platform == "win32", reason="the budget is kept by the timer"
)

# About 0.2 s of backtracking per paragraph: under the per-call limit, 12 s for 60 of them.
SLOW = build_rule(
    "house.slow", {"kind": "pattern", "message": "m", "summary": "s", "patterns": ["(x|x)+y"]}, "rules/house/slow.yaml"
)
QUICK = build_rule(
    "house.quick",
    {"kind": "pattern", "message": "m", "summary": "s", "phrases": ["Sources say"]},
    "rules/house/quick.yaml",
)


def slow_article(paragraphs: int = 60) -> str:
    return (
        "Council votes\n\n" + "\n\n".join("y " + "x" * 20 for _ in range(paragraphs)) + "\n\nSources say it passed.\n"
    )


def test_a_rule_that_is_slow_on_every_paragraph_is_stopped_per_document(tmp_path, monkeypatch):
    monkeypatch.setattr(watchdog, "RULE_BUDGET_SECONDS", 1.0, raising=False)
    monkeypatch.setattr(watchdog, "RULE_BUDGET_SECONDS_PER_MB", 0.0, raising=False)
    records = [
        {"id": "slow-1", "title": "Votes", "body": slow_article()},
        {"id": "quick", "title": "Votes", "body": "Sources say it passed."},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    started = time.process_time()
    result = runner.check_file(str(path), [QUICK, SLOW], Config())
    spent = time.process_time() - started
    assert spent < 6, spent  # 12 s or more without a budget
    found = [(f.record, f.rule) for f in result.findings]
    assert ("slow-1", "newslint.rule-timeout") in found
    assert ("slow-1", "house.quick") in found and (
        "quick",
        "house.quick",
    ) in found  # the other rule and document are checked
    (timeout,) = [f for f in result.findings if f.rule == "newslint.rule-timeout"]
    assert (
        "house.slow" in timeout.message
        and "rules/house/slow.yaml" in timeout.message
        and "CPU time on this document" in timeout.message
    )


def test_the_budget_grows_with_the_document():
    with watchdog.guarding(2.0):
        watchdog.set_document_budget(1_000)
        small = watchdog.GUARD.budget
        watchdog.set_document_budget(100_000_000)
        big = watchdog.GUARD.budget
    assert small == pytest.approx(watchdog.RULE_BUDGET_SECONDS, abs=0.1) and big > 100 * small / 2


def test_no_budget_counts_outside_a_rule():
    with watchdog.guarding(0.2):
        watchdog.set_document_budget(10)
        started = time.process_time()
        while time.process_time() - started < 0.5:  # engine work between rules is never stopped
            pass
    assert watchdog.GUARD.rule_ticks == -1
