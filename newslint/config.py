"""Configuration: [tool.newslint] in pyproject.toml, .newslint.yaml or newslint.toml; nearest wins."""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field, replace
from typing import Any

from newslint.finding import Severity
from newslint.params import brief
from newslint.readers import MAX_DOCUMENT_BYTES, SUPPRESSION_MODES, ReadOptions, templates
from newslint.rule import unique_key_loader
from newslint.ruleset import Selection

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# In one directory a dedicated file wins over pyproject.toml (as with ruff and mypy).
CONFIG_FILES = (".newslint.yaml", ".newslint.yml", "newslint.toml", "pyproject.toml")
KNOWN_KEYS = {
    "select": "list of rule ids or packs to run (default: all enabled rules)",
    "extend-select": "list of rule ids or packs to add to the selection",
    "ignore": "list of rule ids or packs to skip",
    "per-file-ignores": "mapping of file glob -> list of rule ids or packs",
    "rule-dirs": "list of directories with custom rule packs (<dir>/<pack>/<rule>.yaml)",
    "builtin-rules": "true or false: load the built-in packs (default true)",
    "rules": "mapping of rule id -> {severity, message, or kind parameters}",
    "files": "list of globs of files to check in directories",
    "exclude": "list of globs of files and directories to skip",
    "fail-on": "error, warning or info: the lowest severity that fails the run",
    "fields": "mapping with title, body, id: record field names (lists allowed)",
    "suppress-field": "record or front-matter key that lists rules to disable for that document",
    "report-unused-suppressions": "true or false",
    "inline-suppressions": "whose own suppressions count: 'authored' (default: Markdown and text files), 'all' (HTML pages and JSONL/CSV records too) or 'none'",
    "gates": "mapping of rule id or pack -> {max-findings, max-rate}",
    "template-syntax": "Markdown template syntax to mask: 'auto' (default), 'none', or a list of liquid, jinja, hugo, kramdown, mdx",
    "max-document-bytes": "the largest document checked, in bytes or with a unit ('16MiB', the default; 0: no limit): a file, or one record of a dataset; a bigger one is an input error",
}
DEFAULT_FILES = ("*.txt", "*.md", "*.markdown", "*.mdx", "*.html", "*.htm", "*.jsonl", "*.ndjson", "*.json", "*.csv")
_WILDCARD = re.compile(r"[*?\[]")
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".tox",
    ".nox",
    "build",
    "dist",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
)


class ConfigError(Exception):
    """The configuration is invalid; the message names the file and key."""


@dataclass(frozen=True)
class Gate:
    """A data-quality gate: how many findings (or flagged documents) a selector may have."""

    selector: str
    max_findings: int | None = None
    max_rate: float | None = None


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know besides the paths."""

    path: str | None = None
    root: str = "."
    selection: Selection = field(default_factory=Selection)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_dirs: tuple[str, ...] = ()
    builtin_rules: bool = True
    rule_overrides: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    files: tuple[str, ...] = DEFAULT_FILES
    exclude: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    read: ReadOptions = field(default_factory=ReadOptions)
    report_unused_suppressions: bool = False
    gates: tuple[Gate, ...] = ()
    # Trust (docs/security.md): set by the command line or the API, never by a config file,
    # which is data a content repository's author controls.
    allow_python_rules: bool = False  # python rules may be imported from anywhere on sys.path
    follow_links: bool = False  # follow symbolic links out of the checked tree too
    no_repo_rules: bool = False  # rule-dirs and python rules left out (--no-repo-rules)
    link_roots: tuple[str, ...] = ()  # more directories links may lead into (besides root and cwd)

    def overrides(self) -> dict[str, dict[str, Any]]:
        """rule id -> override mapping."""
        return {rule_id: dict(items) for rule_id, items in self.rule_overrides}

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """Selectors ignored for one file by per-file-ignores."""
        rel = self.relative(path)
        out: list[str] = []
        for pattern, selectors in self.per_file_ignores:
            if _glob_match(rel, pattern):
                out.extend(selectors)
        return tuple(out)

    def relative(self, path: str) -> str:
        """A path relative to the config root, with forward slashes."""
        full, root = os.path.abspath(path), os.path.abspath(self.root)
        # Files under the root (nearly all) are cut out directly: relpath would make both
        # paths absolute again and compare them part by part, and a walk asks twice per file.
        # (Not the root itself, nor POSIX's "//a", which abspath keeps and relpath reads as "/a".)
        prefix = root if root.endswith(os.sep) else root + os.sep
        rel = full[len(prefix) :] if full.startswith(prefix) else ""
        if not rel or rel.startswith(os.sep):
            rel = os.path.relpath(full, root)
        return rel.replace(os.sep, "/")

    def is_excluded(self, path: str) -> bool:
        """True when the path or one of its parent directories matches an exclude glob."""
        rel = self.relative(path)
        parts = rel.split("/")
        # A pattern without wildcards matches exactly when it names one of the path's parts:
        # one set lookup instead of several fnmatch calls per part (thousands of files).
        named = {os.path.normcase(p) for p in parts}
        for pattern in DEFAULT_EXCLUDE + self.exclude:
            if not _WILDCARD.search(pattern) and "/" not in pattern:
                if os.path.normcase(pattern) in named:
                    return True
            elif _glob_match(rel, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts):
                return True
        return False

    def is_included(self, path: str) -> bool:
        """True when a file found in a directory walk matches the `files` globs."""
        rel = self.relative(path)
        name = rel.rsplit("/", 1)[-1]
        return any(_glob_match(rel, g) or fnmatch.fnmatch(name, g) for g in self.files)


_SIZE = re.compile(r"\s*(\d{1,15})\s*([kmgt]i?b?|b)?\s*", re.IGNORECASE)


def parse_size(value: Any) -> int:
    """A size in bytes from a whole number or a string with a unit ('500kB', '16MiB', '1G':
    k, M, G, T are powers of 1000, KiB, MiB, GiB, TiB of 1024); ValueError otherwise."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    match = _SIZE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(
            f"expected a size in bytes such as 16777216, '500kB' or '16MiB' (0: no limit), got {brief(value)}"
        )
    unit = (match.group(2) or "").lower()
    base = 1024 if "i" in unit else 1000
    return int(match.group(1)) * (base ** "bkmgt".index(unit[0]) if unit[:1] not in ("", "b") else 1)


def _glob_match(rel: str, pattern: str) -> bool:
    pattern = pattern.rstrip("/")
    if fnmatch.fnmatch(rel, pattern):
        return True
    # "drafts/**" and "drafts" both cover everything under drafts/.
    base = pattern[:-3] if pattern.endswith("/**") else pattern
    return rel.startswith(base + "/") or ("/" not in pattern and fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pattern))


def find_config(start: str = ".") -> str | None:
    """The nearest config file from `start` upwards (pyproject.toml only with [tool.newslint])."""
    directory = os.path.abspath(start)
    while True:
        for name in CONFIG_FILES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                if name != "pyproject.toml" or _has_newslint_table(candidate):
                    return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _has_newslint_table(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return False
    try:
        tool = tomllib.loads(raw.decode("utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        # Broken TOML is only ours to report when it holds a newslint table; then silently
        # skipping it would lint with settings the user did not write.
        if b"tool.newslint" in raw:
            raise ConfigError(f"{path}: invalid TOML, so its [tool.newslint] settings cannot be read: {exc}") from None
        return False
    return isinstance(tool, dict) and "newslint" in tool


def load_config(path: str | None) -> Config:
    """Read a config file (None: defaults rooted at the current directory)."""
    if path is None:
        return Config(root=os.getcwd())
    import yaml  # here: a run without a YAML config (or rule to parse) does not import PyYAML

    try:
        if path.endswith(".toml"):
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
            if os.path.basename(path) == "pyproject.toml":
                data = data.get("tool", {}).get("newslint", {})
        else:
            with open(path, encoding="utf-8") as handle:
                # A key given twice is an error here too, not a silent last-one-wins.
                data = yaml.load(handle, Loader=unique_key_loader()) or {}  # noqa: S506 - a SafeLoader subclass
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid config file: {exc}") from None
    except (ValueError, RecursionError) as exc:  # an integer of 4,300+ digits, or nesting too deep
        raise ConfigError(f"{path}: invalid config file: {type(exc).__name__}: {str(exc)[:200]}") from None
    return parse_config(data, path)


def _list(path: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key}: expected a list of strings, got {brief(value)}")
    return tuple(value)


def _text(path: str, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{path}: {key}: expected a string, got {type(value).__name__} {brief(value)}")
    return value[:100]  # enough for any valid value; an error message quotes no more


def _mapping(path: str, key: str, value: Any, what: str) -> dict:
    # Keys are globs, rule ids or selectors: a number or a list there is a typo, not a crash later.
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {key}: expected a mapping of {what}")
    for name in value:
        if not isinstance(name, str):
            raise ConfigError(f"{path}: {key}: {brief(name)} is not a string; expected a mapping of {what}")
    return value


def parse_config(data: Any, path: str) -> Config:
    """Validate a config mapping; unknown keys and wrong types raise ConfigError."""
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of newslint settings, got {type(data).__name__}")
    root = os.path.dirname(os.path.abspath(path))
    for key in data:
        if key not in KNOWN_KEYS:
            known = "\n  ".join(f"{k}: {v}" for k, v in KNOWN_KEYS.items())
            raise ConfigError(f"{path}: unknown key {brief(key)}. Known keys:\n  {known}")
    config = Config(path=path, root=root)
    selection = Selection(
        select=_list(path, "select", data.get("select", [])),
        extend_select=_list(path, "extend-select", data.get("extend-select", [])),
        ignore=_list(path, "ignore", data.get("ignore", [])),
    )
    pfi = _mapping(path, "per-file-ignores", data.get("per-file-ignores", {}), "glob -> list of rules")
    per_file = tuple((glob, _list(path, f"per-file-ignores.{glob}", v)) for glob, v in sorted(pfi.items()))
    rule_dirs = tuple(
        os.path.normpath(os.path.join(root, d)) for d in _list(path, "rule-dirs", data.get("rule-dirs", []))
    )
    rules = _mapping(path, "rules", data.get("rules", {}), "rule id -> mapping of settings")
    for rule_id, settings in rules.items():
        _mapping(path, f"rules.{rule_id}", settings, "settings (severity, message or the kind's parameters)")
    overrides = tuple((rid, tuple(sorted(v.items()))) for rid, v in sorted(rules.items()))
    try:
        fail_on = Severity.parse(_text(path, "fail-on", data.get("fail-on", "warning")))
    except ValueError as exc:
        raise ConfigError(f"{path}: fail-on: {exc}") from None
    for key in ("builtin-rules", "report-unused-suppressions"):
        if not isinstance(data.get(key, True), bool):
            raise ConfigError(f"{path}: {key}: expected true or false")
    return replace(
        config,
        selection=selection,
        per_file_ignores=per_file,
        rule_dirs=rule_dirs,
        builtin_rules=data.get("builtin-rules", True),
        rule_overrides=overrides,
        files=_list(path, "files", data["files"]) if "files" in data else DEFAULT_FILES,
        exclude=_list(path, "exclude", data.get("exclude", [])),
        fail_on=fail_on,
        read=replace(
            _read_options(
                path,
                data.get("fields", {}),
                data.get("suppress-field"),
                data.get("template-syntax", "auto"),
                data.get("inline-suppressions", "authored"),
            ),
            max_document_bytes=_size(path, "max-document-bytes", data.get("max-document-bytes", MAX_DOCUMENT_BYTES)),
        ),
        report_unused_suppressions=data.get("report-unused-suppressions", False),
        gates=_gates(path, data.get("gates", {})),
    )


def _read_options(
    path: str, fields: Any, suppress_field: Any, template_syntax: Any, inline_suppressions: Any = "authored"
) -> ReadOptions:
    if not isinstance(fields, dict):
        raise ConfigError(f"{path}: fields: expected a mapping with title, body and/or id")
    unknown = set(fields) - {"title", "body", "id"}
    if unknown:
        raise ConfigError(f"{path}: fields: unknown key(s) {sorted(unknown)}; expected title, body, id")
    options = ReadOptions()
    if "title" in fields:
        options = replace(options, title_fields=_list(path, "fields.title", fields["title"]))
    if "body" in fields:
        options = replace(options, body_fields=_list(path, "fields.body", fields["body"]))
    if "id" in fields:
        options = replace(options, id_fields=_list(path, "fields.id", fields["id"]))
    if suppress_field is not None:
        if not isinstance(suppress_field, str):
            raise ConfigError(f"{path}: suppress-field: expected a string")
        options = replace(options, suppress_field=suppress_field)
    if inline_suppressions not in SUPPRESSION_MODES:
        raise ConfigError(
            f"{path}: inline-suppressions: expected one of {', '.join(SUPPRESSION_MODES)}, got {brief(inline_suppressions)}"
        )
    options = replace(options, inline_suppressions=inline_suppressions)
    if not isinstance(template_syntax, str):
        template_syntax = _list(path, "template-syntax", template_syntax)
    try:
        options = replace(options, template_syntax=templates.resolve(template_syntax))
    except ValueError as exc:
        raise ConfigError(f"{path}: template-syntax: {exc}") from None
    return options


def _size(path: str, key: str, value: Any) -> int:
    try:
        return parse_size(value)
    except ValueError as exc:
        raise ConfigError(f"{path}: {key}: {exc}") from None


def _gates(path: str, data: Any) -> tuple[Gate, ...]:
    _mapping(path, "gates", data, "rule id or pack -> {max-findings, max-rate}")
    gates = []
    for selector, limits in sorted(data.items()):
        if not isinstance(limits, dict) or not limits or set(limits) - {"max-findings", "max-rate"}:
            raise ConfigError(f"{path}: gates.{selector}: expected a mapping with max-findings and/or max-rate")
        mf, mr = limits.get("max-findings"), limits.get("max-rate")
        if mf is not None and (not isinstance(mf, int) or isinstance(mf, bool) or mf < 0):
            raise ConfigError(f"{path}: gates.{selector}.max-findings: expected a whole number >= 0")
        if mr is not None and (not isinstance(mr, (int, float)) or isinstance(mr, bool) or not 0 <= mr <= 1):
            raise ConfigError(f"{path}: gates.{selector}.max-rate: expected a share between 0 and 1 (e.g. 0.02)")
        gates.append(Gate(selector, mf, float(mr) if mr is not None else None))
    return tuple(gates)
