"""pytest items for content files and records, rule errors, corpus checks and data-quality gates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pytest

from newslint import gates
from newslint.pytest_session import content_session, is_record_file

if TYPE_CHECKING:  # pytest's public names for these are pytest.xfail.Exception and none
    from _pytest._code.code import TerminalRepr
    from _pytest.outcomes import XFailed
else:
    XFailed = pytest.xfail.Exception


class PlainFailure(Exception):
    """An item's failure as the lines newslint prints (findings, errors, a gate row); shown without a traceback."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


class Tolerated(XFailed):
    """Findings the gates tolerate: the item is xfailed, its findings the reason, with no traceback.

    Raised instead of calling pytest.xfail(): pytest builds a failure's report (repr_failure)
    before its skipping plugin turns it into an xfail, and for an imperative xfail that means
    the full traceback, each of its ~20 frames' source files read and parsed: about 0.1 s an
    item, so a cached run in which the gates tolerate hundreds of files took 6x as long as one
    without gates. Being an xfail exception, the report is `xfailed` (and a failure with the
    findings under --runxfail, as before), and PlainFailureItem.repr_failure returns its lines.
    """

    def __init__(self, label: str, lines: Sequence[str]) -> None:
        super().__init__(f"{label} tolerated by gates:\n" + "\n".join(lines))
        self.lines = list(lines)


class PlainFailureItem(pytest.Item):
    """A newslint item: a PlainFailure or Tolerated is reported as its lines, anything else as pytest would."""

    def repr_failure(self, excinfo, style=None) -> str | TerminalRepr:
        """The failure's lines, no traceback."""
        if isinstance(excinfo.value, (PlainFailure, Tolerated)):
            return "\n".join(excinfo.value.lines)
        return super().repr_failure(excinfo, style)


def fail_on_findings(findings: Sequence, newslint_config: Any, label: str, input_errors_fail: bool) -> None:
    """Fail with the findings at or above fail_on, in text format; with gates configured, xfail instead.

    Like the CLI: with gates configured, the gate items decide and findings are tolerated,
    except unchecked data (unreadable input, a crashed rule) when `input_errors_fail` is set.
    """
    from newslint.report.text import render_line

    failing = [f for f in findings if f.severity >= newslint_config.fail_on]
    if not failing:
        return
    lines = [render_line(f) for f in failing]
    unchecked = input_errors_fail and gates.unchecked(failing)
    if newslint_config.gates and not unchecked:
        raise Tolerated(label, lines)
    raise PlainFailure(lines)


class ContentFile(pytest.File):
    """A content file: one item, or one item per record for JSONL/JSON/CSV."""

    def collect(self):
        """Items for the file (or each of its records)."""
        session = content_session(self.config)
        path = str(self.path)
        session.content_files.append(path)
        if not is_record_file(path):
            yield ContentItem.from_parent(self, name="newslint", record=None, first=True)
            return
        for i, record in enumerate(session.record_ids(path)):
            name = "newslint" if record is None else f"newslint[{_one_line(record)}]"
            yield ContentItem.from_parent(self, name=name, record=record, first=i == 0)


def _one_line(record: Any) -> str:
    return " ".join(str(record).split())


class ContentItem(PlainFailureItem):
    """The findings of one file or one record; the first item also gets findings of no known record."""

    def __init__(self, *, record: Any, first: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.record = record
        self.first = first
        self.add_marker("newslint")

    def runtest(self) -> None:
        """Fail with the findings in text format; with gates configured, gates decide instead."""
        session = content_session(self.config)
        outcome = session.outcome(str(self.path))
        self.user_properties.append(("newslint_cache", "cached" if outcome.from_cache else "linted"))
        known = set(outcome.records)
        mine = [f for f in outcome.findings if f.record == self.record or (self.first and f.record not in known)]
        fail_on_findings(mine, session.config, "newslint findings", input_errors_fail=True)

    def reportinfo(self):
        """Points at the content file."""
        shown = content_session(self.config).display_path(str(self.path))
        where = shown if self.record is None else f"{shown} record {self.record}"
        return self.path, None, f"newslint {where}"


class RuleErrorsItem(PlainFailureItem):
    """Fails with every rule or override error of the newslint config."""

    def runtest(self) -> None:
        """List the errors, as `newslint check` would before exiting 2."""
        raise PlainFailure([f"newslint: rule error: {e}" for e in content_session(self.config).rule_errors()])

    def reportinfo(self):
        """Points at the config file."""
        return self.config.invocation_params.dir, None, "newslint rules"


class CorpusItem(PlainFailureItem):
    """The cross-document checks (duplicate headlines, near-duplicate articles) over every content file."""

    def runtest(self) -> None:
        """Fail with the corpus findings in text format; with gates configured, gates decide."""
        session = content_session(self.config)
        fail_on_findings(session.corpus_findings(), session.config, "newslint corpus findings", input_errors_fail=False)

    def reportinfo(self):
        """Names the check."""
        return self.config.invocation_params.dir, None, "newslint corpus checks"


class GateItem(PlainFailureItem):
    """One data-quality gate over every collected content file."""

    def __init__(self, *, gate: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gate = gate

    def runtest(self) -> None:
        """Evaluate the gate (linting files this process has not seen, or taking them from the cache)."""
        from newslint import gates

        session = content_session(self.config)
        outcomes = [session.outcome(path) for path in dict.fromkeys(session.content_files)]
        findings = [f for o in outcomes for f in o.findings] + session.corpus_findings()
        (result,) = gates.evaluate([self.gate], findings, sum(o.documents for o in outcomes))
        table = gates.render_table([result])
        self.user_properties.append(("newslint_gate", table.splitlines()[-1]))
        if not result.passed:
            raise PlainFailure(table.splitlines())

    def reportinfo(self):
        """Points at the config file that sets the gate."""
        session = content_session(self.config)
        return session.config.path or self.config.invocation_params.dir, None, f"newslint gate {self.gate.selector}"
