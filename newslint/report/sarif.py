"""SARIF 2.1.0 format, shaped for GitHub code scanning: rules, results, stable fingerprints."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import pathlib
import urllib.parse
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from newslint.explain import explain
from newslint.finding import Finding, Severity
from newslint.readers import EMPTY_DOCUMENT, INPUT_ERROR
from newslint.report.common import json_safe, printable, with_record
from newslint.rule import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/newslint/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "newslint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Severity says how sure a rule is of a defect, which is what SARIF calls precision.
PRECISION = {Severity.ERROR: "high", Severity.WARNING: "medium", Severity.INFO: "low"}
# GitHub ranks non-security alerts by `problem.severity`.
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
# Findings newslint reports about its own run (unreadable input, a crashing rule).
ENGINE_RULES = {
    INPUT_ERROR: "The input could not be read or parsed, so it was not (fully) checked.",
    EMPTY_DOCUMENT: "The document holds no text to check.",
    "newslint.rule-timeout": "A rule's regular expression timed out on a document.",
    "newslint.rule-crash": "A rule failed with an exception on a document.",
    "newslint.unused-suppression": "An inline suppression silenced no finding.",
}


def artifact_uri(path: str, root: str | None = None) -> str:
    """The path as a URI reference relative to %SRCROOT% (the current directory), forward
    slashes; an absolute `file:` URI for a file outside it."""
    root = root or os.getcwd()
    if os.path.isabs(path):
        relative = os.path.relpath(path, root) if os.path.splitdrive(path)[0] == os.path.splitdrive(root)[0] else ".."
        # A file outside the root (or on another drive) keeps its absolute path.
        if relative == ".." or relative.startswith(".." + os.sep):
            try:
                return pathlib.Path(path).as_uri()
            except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
                return "file://" + _quoted(pathlib.Path(path).as_posix())
        path = relative
    normal = os.path.normpath(path).replace(os.sep, "/")
    return _quoted(normal)


def _quoted(path: str) -> str:
    # A name that was not valid UTF-8 on disk holds surrogate escapes: quote its own bytes.
    try:
        return urllib.parse.quote(path, safe="/", errors="surrogateescape")
    except UnicodeEncodeError:
        return urllib.parse.quote(path, safe="/", errors="surrogatepass")


def artifact_location(uri: str) -> dict[str, str]:
    """An artifactLocation: a relative URI is resolved against %SRCROOT%; an absolute one
    stands alone (SARIF forbids a uriBaseId beside it)."""
    if urllib.parse.urlsplit(uri).scheme:
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": SRCROOT}


def _text(text: str) -> dict[str, str]:
    return {"text": text}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A reportingDescriptor for one loaded rule."""
    full = rule.why or rule.summary
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": _text(rule.summary),
        "fullDescription": _text(full),
        "help": {"text": f"{rule.summary}\n\n{full}" if rule.why else rule.summary, "markdown": explain(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": [rule.pack],
            "precision": PRECISION[rule.severity],
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }


def engine_descriptor(rule_id: str, severity: Severity, description: str) -> dict[str, Any]:
    """A reportingDescriptor for a finding id with no rule file (newslint's own findings)."""
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": _text(description),
        "fullDescription": _text(description),
        "help": {"text": description, "markdown": f"# {rule_id}\n\n{description}\n"},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {
            "tags": [rule_id.split(".", 1)[0]],
            "precision": "very-high",
            "problem.severity": PROBLEM_SEVERITY[severity],
        },
    }


def descriptors(findings: Iterable[Finding], context: Any) -> list[dict[str, Any]]:
    """Every rule that ran, then every other rule id found in the findings, each once."""
    return _descriptors(_survey(findings, context)[0], context)


def _group(finding: Finding) -> tuple:
    """The file, record and field of a finding, as report order sorts them."""
    key = finding.sort_key()
    return key[:3]


def _survey(findings: Iterable[Finding], context: Any) -> tuple[dict[str, Severity], set[str] | None]:
    """One pass over the findings: the rule ids no rule of the context has, with their highest
    severity; and the URIs that several paths share ('a.txt' and './a.txt'), or None when the
    findings are not in report order (by file, record and field)."""
    known = {r.id for r in getattr(context, "rules", ()) or ()}
    others: dict[str, Severity] = {}
    paths: dict[str, str] = {}
    shared: set[str] | None = set()
    path = group = None
    for finding in findings:
        if finding.rule not in known:
            others[finding.rule] = max(others.get(finding.rule, finding.severity), finding.severity)
        if shared is None:
            continue
        if finding.path != path:
            path = finding.path
            uri = artifact_uri(path)
            if paths.setdefault(uri, path) != path:
                shared.add(uri)
        here = _group(finding)
        if group is not None and here < group:
            shared = None  # out of order: every count is kept to the end
        group = here
    return others, shared


def _descriptors(others: dict[str, Severity], context: Any) -> list[dict[str, Any]]:
    rules = list(getattr(context, "rules", ()) or ())
    out = [rule_descriptor(r) for r in rules]
    for rule_id in sorted(others):
        description = ENGINE_RULES.get(rule_id) or f"Reported by newslint: {rule_id}."
        out.append(engine_descriptor(rule_id, others[rule_id], description))
    return out


def _normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def fingerprint(finding: Finding, uri: str, occurrence: int) -> str:
    """A hash of what was found and where, but not of the line: it survives edits above it."""
    what = _normalized(finding.match) or _normalized(finding.message)
    parts = (
        finding.rule,
        uri,
        "" if finding.record is None else str(finding.record),
        finding.field or "",
        what,
        str(occurrence),
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()  # a lone surrogate is data too


def _region(finding: Finding) -> dict[str, int]:
    """The region in the file: a record finding's physical lines (its columns count within
    a field, given in properties; line 1 when the record's place is unknown)."""
    if finding.record is not None:
        lines = finding.file_lines() or (1, 1)
        return {"startLine": max(lines[0], 1), "endLine": max(lines[1], lines[0], 1)}
    return _clamped(finding)


def _clamped(finding: Finding) -> dict[str, int]:
    # SARIF (and GitHub) need 1-based positions and an end that does not precede the start.
    line, column = max(finding.line, 1), max(finding.column, 1)
    end_line = max(finding.end_line, line)
    end_column = max(finding.end_column, 1)
    if end_line == line:
        end_column = max(end_column, column)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _message(finding: Finding) -> str:
    text = finding.message
    if finding.suggestion:
        text += f" (suggestion: {finding.suggestion})"
    return printable(with_record(finding, text))


def result(finding: Finding, rule_index: int, uri: str, occurrence: int) -> dict[str, Any]:
    """One SARIF result."""
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": artifact_location(uri), "region": _region(finding)}
    }
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": _text(_message(finding)),
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, uri, occurrence)},
    }
    if finding.record is not None:
        record = str(finding.record)
        qualified = f"{uri}[{record}]" + (f".{finding.field}" if finding.field else "")
        location["logicalLocations"] = [
            {
                "name": finding.field or record,
                "fullyQualifiedName": qualified,
                "kind": "property" if finding.field else "object",
            }
        ]
        properties: dict[str, Any] = {"record": finding.record, "field": finding.field}
        if finding.field is not None:
            properties["fieldRegion"] = _clamped(finding)  # lines and columns within the field
        out["properties"] = properties
    return out


def document(findings: Sequence[Finding], context: Any = None) -> dict[str, Any]:
    """The SARIF log as a Python mapping."""
    others, shared = _survey(findings, context)
    rules = _descriptors(others, context)
    return _log(rules, list(_results(findings, rules, shared)), context)


def _results(
    findings: Iterable[Finding], rules: list[dict[str, Any]], shared: set[str] | None
) -> Iterator[dict[str, Any]]:
    """The result of each finding, with its occurrence among the findings of the same rule,
    file, record, field and text. In report order those are neighbours, so the counts of a
    record's findings are dropped after it (memory stays small on a big run); not for a URI
    that several paths share (their findings are apart), nor when the findings are not in
    report order (`shared` None), whose counts are kept to the end."""
    index = {d["id"]: i for i, d in enumerate(rules)}
    kept: dict[tuple, int] = {}  # counts for the shared URIs
    local: dict[tuple, int] = {}  # counts for the record (or file) at hand
    group = None
    path: str | None = None
    uri = ""  # the URI of `path`
    for finding in findings:
        if finding.path != path:
            path = finding.path
            uri = artifact_uri(path)
        if shared is None or uri in shared:
            seen = kept
        else:
            here = _group(finding)
            if here != group:
                local = {}
                group = here
            seen = local
        key = (
            finding.rule,
            uri,
            finding.record,
            finding.field,
            _normalized(finding.match) or _normalized(finding.message),
        )
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        yield result(finding, index[finding.rule], uri, occurrence)


def _log(rules: list[dict[str, Any]], results: list, context: Any) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": "newslint", "informationUri": INFORMATION_URI}
    version = getattr(context, "version", "") if context is not None else ""
    if version:
        driver["version"] = version
        driver["semanticVersion"] = version
    driver["rules"] = rules
    root = pathlib.Path(os.getcwd()).as_uri().rstrip("/") + "/"
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"uri": root}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(findings: Sequence[Finding], context: Any = None) -> str:
    """The SARIF log as indented JSON, newline-terminated."""
    return "".join(pieces(findings, context))


# How deep the results sit in the log: {"runs": [{"results": [ ...: four levels of two spaces.
_RESULT_INDENT = "\n" + " " * 8


def pieces(findings: Iterable[Finding], context: Any = None) -> Iterator[str]:
    """The log in pieces, a result at a time, exactly as json.dumps(indent=2) writes it whole.

    The findings are gone through twice (the rules section, which comes first, lists the
    ids found), so they must be a collection, not a one-pass iterator."""
    others, shared = _survey(findings, context)
    rules = _descriptors(others, context)
    results = _results(findings, rules, shared)
    first = next(results, None)
    if first is None:
        yield json_safe(json.dumps(_log(rules, [], context), ensure_ascii=False, indent=2)) + "\n"
        return
    # The log around its results: a placeholder result that nothing in it can contain.
    marker = json.dumps(f"newslint-results-{uuid.uuid4().hex}")
    before, after = json.dumps(_log(rules, [json.loads(marker)], context), ensure_ascii=False, indent=2).split(marker)
    yield json_safe(before)
    separator = ""
    for item in itertools.chain((first,), results):
        # JSON strings hold no raw line breaks: each one is the indentation's.
        yield json_safe(separator + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", _RESULT_INDENT))
        separator = "," + _RESULT_INDENT
    yield json_safe(after) + "\n"
