"""pytest plugin: `pytest --newslint` lints content files as test items; a `newslint` fixture and marker.

Loaded by every pytest run through the `pytest11` entry point, so everything beyond option
registration is imported lazily, only when `--newslint` (or `newslint = true` in the ini
file) turns the plugin on: the session state lives in newslint/pytest_session.py, the items
in newslint/pytest_items.py and newslint/pytest_rule_items.py.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """--newslint, --newslint-verbose and the `newslint` ini option."""
    group = parser.getgroup("newslint", "lint news and article text files as test items")
    group.addoption(
        "--newslint",
        action="store_true",
        default=False,
        help="collect the content files the newslint config selects (and its gates and rule cases) as test items",
    )
    group.addoption(
        "--newslint-verbose",
        action="store_true",
        default=False,
        help="print whether each content file was linted or taken from the cache",
    )
    parser.addini("newslint", type="bool", default=False, help="run newslint as if --newslint were given")


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker; when enabled, load the newslint config once for the session."""
    config.addinivalue_line(
        "markers", "newslint(select=None, ignore=None, config=None): settings for the `newslint` fixture in this test"
    )
    if not _enabled(config):
        return
    from newslint.config import ConfigError, find_config, load_config
    from newslint.pytest_session import SESSION_KEY, ContentSession

    start = str(config.invocation_params.dir)
    try:
        newslint_config = load_config(find_config(start))
    except ConfigError as exc:
        raise pytest.UsageError(f"newslint: {exc}") from None
    config.stash[SESSION_KEY] = ContentSession(config, newslint_config, start)
    config.pluginmanager.register(CacheCounter(config.getoption("newslint_verbose")), "newslint-cache-counter")


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("newslint") or config.getini("newslint"))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Content files, rule files and case files under the config's rule-dirs."""
    if not _enabled(parent.config):
        return None
    from newslint.pytest_items import ContentFile
    from newslint.pytest_rule_items import collect_rule_dir_file
    from newslint.pytest_session import content_session

    content = content_session(parent.config)
    path = str(file_path)
    for root in content.config.rule_dirs:
        if _is_under(path, root):
            return collect_rule_dir_file(file_path, parent, root)
    if content.selects(path):
        return ContentFile.from_parent(parent, path=file_path)
    return None


def _is_under(path: str, root: str) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(root) + os.sep)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """After the content files: one item for rule errors (if any) and one per data-quality gate.

    tryfirst: runs before -k/-m deselection, so gates always measure every collected file.
    """
    if not _enabled(config):
        return
    from newslint.pytest_items import CorpusItem, GateItem, RuleErrorsItem
    from newslint.pytest_session import content_session

    content = content_session(config)
    if not content.content_files:
        return
    if content.rule_errors():
        items.append(RuleErrorsItem.from_parent(session, name="newslint-rules", nodeid="newslint-rules"))
    if content.corpus_rules():
        items.append(CorpusItem.from_parent(session, name="newslint-corpus", nodeid="newslint-corpus"))
    for gate in content.config.gates:
        name = f"newslint-gate[{gate.selector}]"
        items.append(GateItem.from_parent(session, name=name, nodeid=name, gate=gate))


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
                cache_use = str(value)  # "linted" or "cached", as ContentItem set it
                self.counts[cache_use] += 1
                self.files[report.nodeid.split("::")[0]] = cache_use

    def pytest_terminal_summary(self, terminalreporter) -> None:
        """`newslint: N items linted, M from the cache`; per file with --newslint-verbose."""
        if self.verbose:
            for nodeid, value in sorted(self.files.items()):
                terminalreporter.write_line(f"newslint {value}: {nodeid}")
        terminalreporter.write_line(
            f"newslint: {self.counts['linted']} items linted, {self.counts['cached']} from the cache"
        )


# ---------------------------------------------------------------- the `newslint` fixture


class Linter:
    """The `newslint` fixture: lint strings and files inside a test, with the project's config."""

    def __init__(self, config: Any, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> None:
        self.config = config
        self.select = tuple(select)
        self.ignore = tuple(ignore)

    def lint(
        self, text: str, path: str = "x.txt", select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
    ) -> list:
        """Findings of one text; `path`'s extension picks the format."""
        from newslint import lint_text

        return lint_text(
            text,
            path,
            config=self.config,
            select=self.select if select is None else select,
            ignore=self.ignore if ignore is None else ignore,
        )

    def lint_file(
        self, path: str | os.PathLike[str], select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
    ) -> list:
        """Findings of one file (or every file under a directory)."""
        from newslint import lint_paths

        return lint_paths(
            [os.fspath(path)],
            config=self.config,
            select=self.select if select is None else select,
            ignore=self.ignore if ignore is None else ignore,
        )


@pytest.fixture
def newslint(request: pytest.FixtureRequest) -> Linter:
    """A Linter using the nearest newslint config; `@pytest.mark.newslint(select=..., ignore=..., config=...)` adjusts it."""
    from newslint.config import find_config, load_config

    marker = request.node.get_closest_marker("newslint")
    options = dict(marker.kwargs) if marker else {}
    config_path = options.get("config")
    if config_path is None:
        config_path = find_config(str(request.config.invocation_params.dir))
    return Linter(
        load_config(os.fspath(config_path) if config_path else None),
        options.get("select", ()),
        options.get("ignore", ()),
    )
