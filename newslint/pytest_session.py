"""State of one `pytest --newslint` process: the config, its rules, the per-file cache and every outcome."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest

CACHE_FORMAT = 2  # 2: content digests, and the loaded rules with their python sources
RECORD_READER = "records"
SESSION_KEY = pytest.StashKey["ContentSession"]()


def content_session(config: pytest.Config) -> ContentSession:
    """The ContentSession of a pytest run the plugin is enabled for (KeyError otherwise): its
    hooks ask only once they know it is, and its items exist only then."""
    return config.stash[SESSION_KEY]


def is_record_file(path: str) -> bool:
    """True for formats with one document per record (JSONL, JSON, CSV)."""
    from newslint.readers import READERS

    return READERS.get(os.path.splitext(path)[1].lower(), ("", ""))[0] == RECORD_READER


@dataclass(frozen=True)
class FileOutcome:
    """What linting one file gave: its records, documents, findings, and whether it came from the cache."""

    records: tuple[Any, ...]
    documents: int
    findings: tuple[Any, ...]  # newslint.finding.Finding
    from_cache: bool


class FileCache:
    """One entry per content file in pytest's config.cache (absent under `-p no:cacheprovider`)."""

    def __init__(
        self, pytest_config: pytest.Config, newslint_config: Any, rules: Callable[[], tuple[list, list]] | None = None
    ) -> None:
        self.pytest_config = pytest_config
        self.config = newslint_config
        self._settings_key: list | None = None
        self._rules = rules  # the session's (rules, errors), for the key

    def _store(self) -> Any:
        return getattr(self.pytest_config, "cache", None)

    def settings_key(self) -> list:
        """What every file's cache entry depends on besides the file: config text, rule set,
        and the code of the python rules that loaded (their module's package, as source)."""
        if self._settings_key is None:
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
            rules = self.rules_key()
            self._settings_key = [CACHE_FORMAT, hashlib.sha256(config_bytes).hexdigest(), digest.hexdigest(), rules]
        return self._settings_key

    def rules_key(self) -> str:
        """A digest of the rules that loaded (a python rule allowed or not changes the set) and
        of every source file of their python rules' top-level packages."""
        from newslint.runner import build_rules

        rules, errors = self._rules() if self._rules is not None else build_rules(self.config)
        digest = hashlib.sha256()
        for rule in rules:
            digest.update(f"{rule.id}\0".encode())
            module_file = getattr(rule.kind, "module_file", None)
            source = module_file() if module_file is not None else None
            for path in _package_sources(source) if source else ():
                with open(path, "rb") as handle:
                    digest.update(path.encode() + b"\0" + hashlib.sha256(handle.read()).digest())
        for error in errors:
            digest.update(f"error\0{error}".encode())
        return digest.hexdigest()

    def file_key(self, path: str) -> list | None:
        """The key an entry for this file must carry to be valid: a digest of its content
        (not its mtime and size, which `cp -p` and `rsync -a` keep) plus the settings key."""
        from newslint.readers import open_regular

        try:
            with open_regular(path) as handle:  # never blocks on a FIFO or reads a device
                content = (
                    hashlib.file_digest(handle, "sha256").hexdigest()
                    if hasattr(hashlib, "file_digest")
                    else hashlib.sha256(handle.read()).hexdigest()
                )
        except OSError:
            return None
        return [content] + self.settings_key()

    def _entry_name(self, path: str) -> str:
        return "newslint/files/" + hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:32]

    def get(self, path: str) -> dict | None:
        """The file's entry when it is still valid, else None."""
        store, key = self._store(), self.file_key(path)
        if store is None or key is None:
            return None
        entry = store.get(self._entry_name(path), None)
        if isinstance(entry, dict) and entry.get("key") == key:
            return entry
        return None

    def put(self, path: str, key: list | None, entry: dict) -> None:
        """Store the file's entry under `key`, taken before the file was read (a later edit invalidates it)."""
        store = self._store()
        if store is not None and key is not None:
            store.set(self._entry_name(path), {"key": key, **entry})


def _package_sources(module_file: str) -> list[str]:
    """The .py files of the top-level package a module file belongs to (the file alone for a
    top-level module): a python rule may keep its logic in helper modules beside it."""
    directory = os.path.dirname(os.path.abspath(module_file))
    if not os.path.isfile(os.path.join(directory, "__init__.py")):
        return [os.path.abspath(module_file)]
    while os.path.isfile(os.path.join(os.path.dirname(directory), "__init__.py")):
        directory = os.path.dirname(directory)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        found.extend(os.path.join(dirpath, name) for name in sorted(filenames) if name.endswith(".py"))
    return found


class ContentSession:
    """Rules, cache and results shared by every newslint item of one pytest process."""

    def __init__(self, pytest_config: pytest.Config, newslint_config: Any, invocation_dir: str) -> None:
        self.config = newslint_config
        self.invocation_dir = invocation_dir
        self.cache = FileCache(pytest_config, newslint_config, self._rules)
        self._rules_and_errors: tuple[list, list] | None = None
        self._outcomes: dict[str, FileOutcome] = {}
        self._record_ids: dict[str, tuple[Any, ...]] = {}
        self._case_results: dict[str, list] = {}
        self._all_rules: dict[str, Any] | None = None
        self._corpus_findings: list | None = None
        self.content_files: list[str] = []  # every content file collected, in collection order

    def _rules(self) -> tuple[list, list]:
        if self._rules_and_errors is None:
            from newslint.runner import build_rules

            self._rules_and_errors = build_rules(self.config)
        return self._rules_and_errors

    def rule_errors(self) -> list:
        """The rule and override errors of the newslint config."""
        return self._rules()[1]

    def file_rules(self) -> list:
        """The selected rules that look at one document at a time."""
        return [r for r in self._rules()[0] if not r.corpus]

    def corpus_rules(self) -> list:
        """The selected rules that compare documents with each other (run once, as one item)."""
        from newslint import corpus

        return corpus.corpus_rules(self._rules()[0])

    def display_path(self, path: str) -> str:
        """A path as the CLI run from the invocation directory would print it."""
        rel = os.path.relpath(path, self.invocation_dir)
        return path if rel.startswith("..") else rel.replace(os.sep, "/")

    def selects(self, path: str) -> bool:
        """True when the newslint config selects this file as content."""
        return self.config.is_included(path) and not self.config.is_excluded(path)

    def corpus_findings(self) -> list:
        """Findings of the corpus rules over every collected content file, computed once per process."""
        if self._corpus_findings is None:
            from newslint.runner import all_findings, check_file

            # The CLI's corpus pass (runner.collect): a failure of the corpus checks is an
            # internal-error finding, the per-document findings kept.
            rules = self.corpus_rules()
            results = (check_file(path, rules, self.config) for path in dict.fromkeys(self.content_files))
            findings = all_findings(results, rules) if rules else []
            by_path = {path: self.display_path(path) for path in self.content_files}
            self._corpus_findings = sorted(
                (replace(f, path=by_path.get(f.path, f.path)) for f in findings), key=lambda f: f.sort_key()
            )
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

    def record_ids(self, path: str) -> tuple[Any, ...]:
        """The record ids of a record file (None for file-level problems), from the cache or a read."""
        if path not in self._record_ids:
            entry = self.cache.get(path)
            if entry is not None:
                self._record_ids[path] = tuple(entry["records"])
            else:
                from newslint.readers import ReadProblem, read_file
                from newslint.runner import refuse

                # A link out of the tree is not read here either (check_file reports it).
                refused = refuse(path, self.config)
                items = [refused] if refused else list(read_file(path, self.config.read))
                ids = [item.record for item in items]
                if not ids or any(isinstance(item, ReadProblem) and item.record is None for item in items):
                    ids.insert(0, None)  # an item for problems with the file as a whole
                self._record_ids[path] = tuple(dict.fromkeys(ids))
        return self._record_ids[path]

    def outcome(self, path: str) -> FileOutcome:
        """The findings of one file: from this process, the pytest cache, or a fresh lint."""
        if path in self._outcomes:
            return self._outcomes[path]
        from newslint.finding import Finding

        entry = self.cache.get(path)
        if entry is not None:
            findings = tuple(Finding.from_dict(f) for f in entry["findings"])
            outcome = FileOutcome(tuple(entry["records"]), entry["documents"], findings, True)
        else:
            outcome = self._lint(path)
        self._outcomes[path] = outcome
        return outcome

    def _lint(self, path: str) -> FileOutcome:
        from newslint.runner import check_file

        key = self.cache.file_key(path)
        result = check_file(path, self.file_rules(), self.config)
        shown = self.display_path(path)
        findings = tuple(replace(f, path=shown) if f.path == path else f for f in result.findings)
        records = self.record_ids(path) if is_record_file(path) else (None,)
        self.cache.put(
            path,
            key,
            {"records": list(records), "documents": result.documents, "findings": [f.to_dict() for f in findings]},
        )
        return FileOutcome(records, result.documents, findings, False)
