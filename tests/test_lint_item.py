"""newslint.lint.lint_item, the one document -> findings step that the runner, the API, the
Dask path and the rule test harness share: the same findings, and an engine failure on one
document reported the same way by each of them."""

from __future__ import annotations

import pytest

import newslint
from newslint import lint
from newslint.config import Config
from newslint.engine import INTERNAL_ERROR, lint_document
from newslint.readers import ReadProblem, read_bytes
from newslint.ruleset import BUILTIN_RULES, load_rules
from newslint.runner import check_file
from newslint.testing import check_case, lint_with

RULES, _ = load_rules([BUILTIN_RULES])
BY_ID = {r.id: r for r in RULES}
ARTICLE = "Harbour strike ends after nine days\n\nSources say the talks went well. Skip to content\n"


def _document():
    (document,) = read_bytes("a.txt", ARTICLE.encode("utf-8"))
    return document


def test_a_document_gives_what_lint_document_gives_and_its_signatures_when_asked():
    signing = [r for r in RULES if r.corpus]
    linted = lint.lint_item(_document(), RULES, signing=signing)
    assert linted.document and linted.findings == tuple(lint_document(_document(), RULES))
    assert linted.signed is not None and {rule_id for rule_id, _ in linted.signed.signatures} <= {r.id for r in signing}
    assert lint.lint_item(_document(), RULES).signed is None


def test_a_reader_problem_is_a_finding_of_its_own_and_no_document():
    linted = lint.lint_item(ReadProblem("a.txt", "broken"), RULES)
    assert not linted.document and linted.signed is None
    assert [(f.rule, f.message) for f in linted.findings] == [("newslint.input-error", "broken")]


def test_an_engine_failure_is_the_same_finding_for_the_runner_the_api_the_harness_and_the_records_path(
    tmp_path, monkeypatch
):
    def crashing(document, rules, report_unused=False):
        raise RecursionError("engine bug")

    monkeypatch.setattr(lint, "lint_document", crashing)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    expected = "checking this document failed with RecursionError: engine bug; its other findings are lost"

    by_runner = check_file(str(tmp_path / "a.txt"), RULES, Config())
    by_api = newslint.lint_text(ARTICLE, "a.txt", config=Config())
    by_harness = lint_with(BY_ID["attribution.weasel"], ARTICLE)
    for findings in (by_runner.findings, by_api, by_harness):
        assert [(f.rule, f.message) for f in findings] == [(INTERNAL_ERROR, expected)]
    assert not check_case(BY_ID["attribution.weasel"], "case", ARTICLE, should_fail=False).passed

    pytest.importorskip("dask.bag")
    from newslint.dask import _check_records

    (by_records,) = _check_records([{"title": "Votes", "body": "Text."}], 0, "records", RULES, Config())
    assert [(f.rule, f.message) for f in by_records.findings] == [(INTERNAL_ERROR, expected)]
