"""pytest items for the files under a config's rule-dirs: each rule's inline examples and each case of a case file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newslint.pytest_items import PlainFailure, PlainFailureItem
from newslint.pytest_session import content_session


def collect_rule_dir_file(file_path: Path, parent: pytest.Collector, root: str) -> pytest.Collector | None:
    """A CaseFile for `<root>/cases/*.yaml`, a RuleFile for any other rule YAML, None for the rest."""
    from newslint.ruleset import CASES_DIR

    if file_path.suffix not in (".yaml", ".yml") or file_path.name.startswith((".", "_")):
        return None
    rel = os.path.relpath(str(file_path), root).replace(os.sep, "/")
    if rel.startswith(CASES_DIR + "/"):
        return CaseFile.from_parent(parent, path=file_path)
    return RuleFile.from_parent(parent, path=file_path, root=root)


class RuleFile(pytest.File):
    """A custom rule: one item per inline example."""

    def __init__(self, *, root: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.root = root

    def collect(self):
        """Load the rule; each example becomes an item (a rule that does not load: one failing item)."""
        from newslint.rule import RuleError, load_rule, rule_id_for

        source = str(self.path)
        try:
            rule = load_rule(source, rule_id_for(source, self.root))
        except RuleError as exc:
            yield RuleCaseItem.from_parent(self, name="load", run=_load_failure(str(exc)))
            return
        for kind, texts, should_fail in (("fail", rule.examples.fail, True), ("pass", rule.examples.pass_, False)):
            for i, text in enumerate(texts):
                name = f"examples.{kind}[{i}]"
                yield RuleCaseItem.from_parent(
                    self, name=name, run=_example_runner(rule, name, text, should_fail, source)
                )


def _example_runner(rule: Any, name: str, text: str, should_fail: bool, source: str) -> Callable[[], Any]:
    from newslint.testing import check_case

    return lambda: check_case(rule, name, text, should_fail, source=source)


def _load_failure(detail: str) -> Callable[[], Any]:
    from newslint.testing import CaseResult

    return lambda: CaseResult("", "load", False, detail)


class CaseFile(pytest.File):
    """A case file `<rule-dir>/cases/<rule-id>.yaml`: one item per named case."""

    def collect(self):
        """An item per case; a malformed file is one failing item."""
        from newslint.rule import RuleError
        from newslint.testing import load_cases

        try:
            _, cases = load_cases(str(self.path))
        except RuleError as exc:
            yield RuleCaseItem.from_parent(self, name="load", run=_load_failure(str(exc)))
            return
        names = [str(case.get("name", f"cases[{i}]")) for i, case in enumerate(cases)]
        for i, name in enumerate(names):
            shown = name if names.count(name) == 1 else f"{name} [{i}]"
            yield RuleCaseItem.from_parent(self, name=shown, run=_case_runner(self, i))


def _case_runner(case_file: CaseFile, index: int) -> Callable[[], Any]:
    def run():
        results = content_session(case_file.config).case_results(str(case_file.path))
        return results[index] if index < len(results) else results[0]

    return run


class RuleCaseItem(PlainFailureItem):
    """One rule example or case, run through newslint.testing."""

    def __init__(self, *, run: Callable[[], Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._run = run

    def runtest(self) -> None:
        """Fail with the harness's explanation."""
        result = self._run()
        if not result.passed:
            raise PlainFailure([f"{result.rule} :: {result.name}: {result.detail}"])

    def reportinfo(self):
        """Points at the rule or case file."""
        return self.path, None, f"newslint rule case {self.name}"
