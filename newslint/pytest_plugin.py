"""pytest plugin: `pytest --newslint` lints content files as test items; a `newslint` fixture and marker.

Loaded by every pytest run through the `pytest11` entry point, so everything beyond option
registration is imported lazily, only when `--newslint` (or `newslint = true` in the ini
file) turns the plugin on.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

import pytest

CACHE_FORMAT = 1
RECORD_READER = "records"
_STATE = pytest.StashKey["ContentSession"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """--newslint, --newslint-verbose and the `newslint` ini option."""
    group = parser.getgroup("newslint", "lint news and article text files as test items")
    group.addoption("--newslint", action="store_true", default=False, help="collect the content files the newslint config selects (and its gates and rule cases) as test items")
    group.addoption("--newslint-verbose", action="store_true", default=False, help="print whether each content file was linted or taken from the cache")
    parser.addini("newslint", type="bool", default=False, help="run newslint as if --newslint were given")


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker; when enabled, load the newslint config once for the session."""
    config.addinivalue_line("markers", "newslint(select=None, ignore=None, config=None): settings for the `newslint` fixture in this test")
    if not (config.getoption("newslint") or config.getini("newslint")):
        return
    from newslint.config import ConfigError, find_config, load_config

    start = str(config.invocation_params.dir)
    try:
        newslint_config = load_config(find_config(start))
    except ConfigError as exc:
        raise pytest.UsageError(f"newslint: {exc}") from None
    config.stash[_STATE] = ContentSession(config, newslint_config, str(config.invocation_params.dir))
    config.pluginmanager.register(CacheCounter(config.getoption("newslint_verbose")), "newslint-cache-counter")


def _state(config: pytest.Config) -> "ContentSession | None":
    return config.stash.get(_STATE, None)


# ---------------------------------------------------------------- the per-process session state


@dataclass(frozen=True)
class FileOutcome:
    """What linting one file gave: its records, documents, findings, and whether it came from the cache."""

    records: tuple[Any, ...]
    documents: int
    findings: tuple[Any, ...]  # newslint.finding.Finding
    from_cache: bool


class ContentSession:
    """Rules, cache and results shared by every newslint item of one pytest process."""

    def __init__(self, pytest_config: pytest.Config, newslint_config: Any, invocation_dir: str) -> None:
        self.pytest_config = pytest_config
        self.config = newslint_config
        self.invocation_dir = invocation_dir
        self._rules: tuple[list, list] | None = None
        self._cache_key: list | None = None
        self._outcomes: dict[str, FileOutcome] = {}
        self._records: dict[str, tuple[Any, ...]] = {}
        self._case_results: dict[str, list] = {}
        self._all_rules: dict[str, Any] | None = None
        self._corpus_findings: list | None = None
        self.content_files: list[str] = []  # every content file collected, in collection order
        self.cache_stats = {"linted": 0, "cached": 0}

    def rules(self) -> tuple[list, list]:
        """(rules, rule errors) of the newslint config, loaded once."""
        if self._rules is None:
            from newslint.runner import build_rules

            self._rules = build_rules(self.config)
        return self._rules

    def shown(self, path: str) -> str:
        """A path as the CLI run from the invocation directory would print it."""
        rel = os.path.relpath(path, self.invocation_dir)
        return path if rel.startswith("..") else rel.replace(os.sep, "/")

    def wants(self, path: str) -> bool:
        """True when the newslint config selects this file as content."""
        return self.config.is_included(path) and not self.config.is_excluded(path)

    def file_rules(self) -> list:
        """The selected rules that look at one document at a time."""
        from newslint import corpus

        return [r for r in self.rules()[0] if not corpus.is_corpus_rule(r)]

    def corpus_rules(self) -> list:
        """The selected rules that compare documents with each other (run once, as one item)."""
        from newslint import corpus

        return corpus.corpus_rules(self.rules()[0])

    def corpus_findings(self) -> list:
        """Findings of the corpus rules over every collected content file, computed once per process."""
        if self._corpus_findings is None:
            from newslint import corpus
            from newslint.runner import check_file

            rules = self.corpus_rules()
            results = [check_file(path, rules, self.config) for path in dict.fromkeys(self.content_files)] if rules else []
            findings = [f for r in results for f in r.findings] + corpus.collate(rules, list(corpus.iter_signatures(results)))
            by_path = {path: self.shown(path) for path in self.content_files}
            self._corpus_findings = sorted((replace(f, path=by_path.get(f.path, f.path)) for f in findings), key=lambda f: f.sort_key())
        return self._corpus_findings

    def case_results(self, path: str) -> list:
        """Every result of one case file, run once per process against every configured rule."""
        if path not in self._case_results:
            from newslint.ruleset import load_rules
            from newslint.runner import rule_roots
            from newslint.testing import run_case_file

            if self._all_rules is None:
                # Unselected rules too: a rule's cases run whether or not the config selects it.
                self._all_rules = {r.id: r for r in load_rules(rule_roots(self.config))[0]}
            self._case_results[path] = run_case_file(path, self._all_rules)
        return self._case_results[path]

    # Cache: pytest's config.cache (absent under `-p no:cacheprovider`), one entry per file.

    def _cache(self) -> Any:
        return getattr(self.pytest_config, "cache", None)

    def cache_key(self) -> list:
        """What every file's cache entry depends on besides the file: config text and rule set."""
        if self._cache_key is None:
            from newslint import __version__
            from newslint.ruleset import rule_files
            from newslint.runner import rule_roots

            config_bytes = b""
            if self.config.path and os.path.isfile(self.config.path):
                with open(self.config.path, "rb") as handle:
                    config_bytes = handle.read()
            digest = hashlib.sha256(__version__.encode())
            for root in rule_roots(self.config):
                for path, rule_id in rule_files(root) if os.path.isdir(root) else []:
                    digest.update(rule_id.encode() + b"\0")
                    with open(path, "rb") as handle:
                        digest.update(hashlib.sha256(handle.read()).digest())
            self._cache_key = [CACHE_FORMAT, hashlib.sha256(config_bytes).hexdigest(), digest.hexdigest()]
        return self._cache_key

    def _entry_name(self, path: str) -> str:
        return "newslint/files/" + hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:32]

    def _file_key(self, path: str) -> list | None:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return [stat.st_mtime_ns, stat.st_size] + self.cache_key()

    def _cached(self, path: str) -> dict | None:
        cache, key = self._cache(), self._file_key(path)
        if cache is None or key is None:
            return None
        entry = cache.get(self._entry_name(path), None)
        if isinstance(entry, dict) and entry.get("key") == key:
            return entry
        return None

    def records(self, path: str) -> tuple[Any, ...]:
        """The record ids of a record file (None for file-level problems), from the cache or a read."""
        if path not in self._records:
            entry = self._cached(path)
            if entry is not None:
                self._records[path] = tuple(entry["records"])
            else:
                from newslint.readers import ReadProblem, read_file

                items = list(read_file(path, self.config.read))
                ids = [item.record for item in items]
                if not ids or any(isinstance(item, ReadProblem) and item.record is None for item in items):
                    ids.insert(0, None)  # an item for problems with the file as a whole
                self._records[path] = tuple(dict.fromkeys(ids))
        return self._records[path]

    def outcome(self, path: str) -> FileOutcome:
        """The findings of one file: from this process, the pytest cache, or a fresh lint."""
        if path in self._outcomes:
            return self._outcomes[path]
        from newslint.finding import Finding

        entry = self._cached(path)
        if entry is not None:
            findings = tuple(Finding.from_dict(f) for f in entry["findings"])
            outcome = FileOutcome(tuple(entry["records"]), entry["documents"], findings, True)
        else:
            outcome = self._lint(path)
        self._outcomes[path] = outcome
        return outcome

    def _lint(self, path: str) -> FileOutcome:
        from newslint.runner import check_file

        key = self._file_key(path)
        result = check_file(path, self.file_rules(), self.config)
        shown = self.shown(path)
        findings = tuple(replace(f, path=shown) if f.path == path else f for f in result.findings)
        records = self.records(path) if is_record_file(path) else (None,)
        cache = self._cache()
        if cache is not None and key is not None:
            cache.set(self._entry_name(path), {"key": key, "records": list(records), "documents": result.documents, "findings": [f.to_dict() for f in findings]})
        return FileOutcome(records, result.documents, findings, False)


def is_record_file(path: str) -> bool:
    """True for formats with one document per record (JSONL, JSON, CSV)."""
    from newslint.readers import READERS

    return READERS.get(os.path.splitext(path)[1].lower(), ("", ""))[0] == RECORD_READER


# ---------------------------------------------------------------- collection


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Content files, rule files and case files under the config's rule-dirs."""
    state = _state(parent.config)
    if state is None:
        return None
    path = str(file_path)
    for root in state.config.rule_dirs:
        if _is_under(path, root):
            return _rule_dir_file(file_path, parent, root)
    if state.wants(path):
        return ContentFile.from_parent(parent, path=file_path)
    return None


def _is_under(path: str, root: str) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(root) + os.sep)


def _rule_dir_file(file_path: Path, parent: pytest.Collector, root: str) -> pytest.Collector | None:
    from newslint.ruleset import CASES_DIR

    if file_path.suffix not in (".yaml", ".yml") or file_path.name.startswith((".", "_")):
        return None
    rel = os.path.relpath(str(file_path), root).replace(os.sep, "/")
    if rel.startswith(CASES_DIR + "/"):
        return CaseFile.from_parent(parent, path=file_path)
    return RuleFile.from_parent(parent, path=file_path, root=root)


class ContentFile(pytest.File):
    """A content file: one item, or one item per record for JSONL/JSON/CSV."""

    def collect(self):
        """Items for the file (or each of its records)."""
        state = _state(self.config)
        path = str(self.path)
        state.content_files.append(path)
        if not is_record_file(path):
            yield ContentItem.from_parent(self, name="newslint", record=None, first=True)
            return
        for i, record in enumerate(state.records(path)):
            name = "newslint" if record is None else f"newslint[{_printable(record)}]"
            yield ContentItem.from_parent(self, name=name, record=record, first=i == 0)


def _printable(record: Any) -> str:
    return " ".join(str(record).split())


class FindingsFailed(Exception):
    """Raised by an item whose file or record has findings; reported without a traceback."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


class ContentItem(pytest.Item):
    """The findings of one file or one record."""

    def __init__(self, *, record: Any, first: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.record = record
        self.first = first
        self.add_marker("newslint")

    def runtest(self) -> None:
        """Fail with the findings in text format; with gates configured, gates decide instead."""
        from newslint.report.text import render_line

        state = _state(self.config)
        path = str(self.path)
        outcome = state.outcome(path)
        self.user_properties.append(("newslint_cache", "cached" if outcome.from_cache else "linted"))
        known = set(outcome.records)
        mine = [f for f in outcome.findings if f.record == self.record or (self.first and f.record not in known)]
        failing = [f for f in mine if f.severity >= state.config.fail_on]
        if not failing:
            return
        lines = [render_line(f) for f in failing]
        input_errors = any(f.rule == "newslint.input-error" for f in failing)
        if state.config.gates and not input_errors:
            # Like the CLI: with gates configured, the gate items decide; findings are tolerated.
            pytest.xfail("newslint findings tolerated by gates:\n" + "\n".join(lines))
        raise FindingsFailed(lines)

    def repr_failure(self, excinfo, style=None) -> str:
        """The findings as the CLI prints them, no traceback."""
        if isinstance(excinfo.value, FindingsFailed):
            return "\n".join(excinfo.value.lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        """Points at the content file."""
        shown = _state(self.config).shown(str(self.path))
        where = shown if self.record is None else f"{shown} record {self.record}"
        return self.path, None, f"newslint {where}"


# ---------------------------------------------------------------- rule examples and case files


class RuleFile(pytest.File):
    """A custom rule: one item per inline example."""

    def __init__(self, *, root: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.root = root

    def collect(self):
        """Load the rule; each example becomes an item (a rule that does not load: one failing item)."""
        from newslint.rule import RuleError, load_rule, rule_id_for
        from newslint.testing import check_case

        try:
            rule = load_rule(str(self.path), rule_id_for(str(self.path), self.root))
        except RuleError as exc:
            yield RuleCaseItem.from_parent(self, name="load", run=_failing_case(str(exc)))
            return
        for i, text in enumerate(rule.examples.fail):
            name = f"examples.fail[{i}]"
            yield RuleCaseItem.from_parent(self, name=name, run=_case_runner(check_case, rule, name, text, True, str(self.path)))
        for i, text in enumerate(rule.examples.pass_):
            name = f"examples.pass[{i}]"
            yield RuleCaseItem.from_parent(self, name=name, run=_case_runner(check_case, rule, name, text, False, str(self.path)))


def _case_runner(check_case, rule, name, text, should_fail, source):
    return lambda: check_case(rule, name, text, should_fail, source=source)


def _failing_case(detail: str):
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
            yield RuleCaseItem.from_parent(self, name="load", run=_failing_case(str(exc)))
            return
        names = [str(case.get("name", f"cases[{i}]")) for i, case in enumerate(cases)]
        for i, name in enumerate(names):
            shown = name if names.count(name) == 1 else f"{name} [{i}]"
            yield RuleCaseItem.from_parent(self, name=shown, run=_case_file_runner(self, i))


def _case_file_runner(case_file: CaseFile, index: int):
    def run():
        state = _state(case_file.config)
        results = state.case_results(str(case_file.path))
        return results[index] if index < len(results) else results[0]

    return run


class RuleCaseItem(pytest.Item):
    """One rule example or case, run through newslint.testing."""

    def __init__(self, *, run, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._run = run

    def runtest(self) -> None:
        """Fail with the harness's explanation."""
        result = self._run()
        if not result.passed:
            raise FindingsFailed([f"{result.rule} :: {result.name}: {result.detail}"])

    def repr_failure(self, excinfo, style=None) -> str:
        """The harness's explanation, no traceback."""
        if isinstance(excinfo.value, FindingsFailed):
            return "\n".join(excinfo.value.lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        """Points at the rule or case file."""
        return self.path, None, f"newslint rule case {self.name}"


# ---------------------------------------------------------------- session items: rule errors, gates


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """After the content files: one item for rule errors (if any) and one per data-quality gate.

    tryfirst: runs before -k/-m deselection, so gates always measure every collected file.
    """
    state = _state(config)
    if state is None or not state.content_files:
        return
    if state.rules()[1]:
        items.append(RuleErrorsItem.from_parent(session, name="newslint-rules", nodeid="newslint-rules"))
    if state.corpus_rules():
        items.append(CorpusItem.from_parent(session, name="newslint-corpus", nodeid="newslint-corpus"))
    for gate in state.config.gates:
        name = f"newslint-gate[{gate.selector}]"
        items.append(GateItem.from_parent(session, name=name, nodeid=name, gate=gate))


class RuleErrorsItem(pytest.Item):
    """Fails with every rule or override error of the newslint config."""

    def runtest(self) -> None:
        """List the errors, as `newslint check` would before exiting 2."""
        raise FindingsFailed([f"newslint: rule error: {e}" for e in _state(self.config).rules()[1]])

    def repr_failure(self, excinfo, style=None) -> str:
        """The errors, no traceback."""
        if isinstance(excinfo.value, FindingsFailed):
            return "\n".join(excinfo.value.lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        """Points at the config file."""
        return self.config.invocation_params.dir, None, "newslint rules"


class CorpusItem(pytest.Item):
    """The cross-document checks (duplicate headlines, near-duplicate articles) over every content file."""

    def runtest(self) -> None:
        """Fail with the corpus findings in text format; with gates configured, gates decide."""
        from newslint.report.text import render_line

        state = _state(self.config)
        failing = [f for f in state.corpus_findings() if f.severity >= state.config.fail_on]
        if not failing:
            return
        lines = [render_line(f) for f in failing]
        if state.config.gates:
            pytest.xfail("newslint corpus findings tolerated by gates:\n" + "\n".join(lines))
        raise FindingsFailed(lines)

    def repr_failure(self, excinfo, style=None) -> str:
        """The findings, no traceback."""
        if isinstance(excinfo.value, FindingsFailed):
            return "\n".join(excinfo.value.lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        """Names the check."""
        return self.config.invocation_params.dir, None, "newslint corpus checks"


class GateItem(pytest.Item):
    """One data-quality gate over every collected content file."""

    def __init__(self, *, gate: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gate = gate

    def runtest(self) -> None:
        """Evaluate the gate (linting files this process has not seen, or taking them from the cache)."""
        from newslint import gates

        state = _state(self.config)
        outcomes = [state.outcome(path) for path in dict.fromkeys(state.content_files)]
        findings = [f for o in outcomes for f in o.findings] + state.corpus_findings()
        (result,) = gates.evaluate([self.gate], findings, sum(o.documents for o in outcomes))
        table = gates.render_table([result])
        self.user_properties.append(("newslint_gate", table.splitlines()[-1]))
        if not result.passed:
            raise FindingsFailed(table.splitlines())

    def repr_failure(self, excinfo, style=None) -> str:
        """The gate table row, no traceback."""
        if isinstance(excinfo.value, FindingsFailed):
            return "\n".join(excinfo.value.lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        """Points at the config file that sets the gate."""
        state = _state(self.config)
        return state.config.path or self.config.invocation_params.dir, None, f"newslint gate {self.gate.selector}"


# ---------------------------------------------------------------- reporting


class CacheCounter:
    """Counts linted and cached items; reports from xdist workers arrive in the controller too."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.counts = {"linted": 0, "cached": 0}
        self.files: dict[str, str] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Tally one item's cache use."""
        if report.when != "call":
            return
        for name, value in report.user_properties:
            if name == "newslint_cache":
                self.counts[value] += 1
                self.files[report.nodeid.split("::")[0]] = value

    def pytest_terminal_summary(self, terminalreporter) -> None:
        """`newslint: N items linted, M from the cache`; per file with --newslint-verbose."""
        if self.verbose:
            for nodeid, value in sorted(self.files.items()):
                terminalreporter.write_line(f"newslint {value}: {nodeid}")
        terminalreporter.write_line(f"newslint: {self.counts['linted']} items linted, {self.counts['cached']} from the cache")


# ---------------------------------------------------------------- the `newslint` fixture


class Linter:
    """The `newslint` fixture: lint strings and files inside a test, with the project's config."""

    def __init__(self, config: Any, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> None:
        self.config = config
        self.select = tuple(select)
        self.ignore = tuple(ignore)

    def lint(self, text: str, path: str = "x.txt", select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> list:
        """Findings of one text; `path`'s extension picks the format."""
        from newslint import lint_text

        return lint_text(text, path, config=self.config, select=self.select if select is None else select, ignore=self.ignore if ignore is None else ignore)

    def lint_file(self, path: "str | os.PathLike[str]", select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> list:
        """Findings of one file (or every file under a directory)."""
        from newslint import lint_paths

        return lint_paths([os.fspath(path)], config=self.config, select=self.select if select is None else select, ignore=self.ignore if ignore is None else ignore)


@pytest.fixture
def newslint(request: pytest.FixtureRequest) -> Linter:
    """A Linter using the nearest newslint config; `@pytest.mark.newslint(select=..., ignore=..., config=...)` adjusts it."""
    from newslint.config import find_config, load_config

    marker = request.node.get_closest_marker("newslint")
    options = dict(marker.kwargs) if marker else {}
    config_path = options.get("config")
    if config_path is None:
        config_path = find_config(str(request.config.invocation_params.dir))
    return Linter(load_config(os.fspath(config_path) if config_path else None), options.get("select", ()), options.get("ignore", ()))
