"""SARIF 2.1.0 format, shaped for GitHub code scanning: rules, results, stable fingerprints."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import urllib.parse
from typing import Any, Sequence

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


def descriptors(findings: Sequence[Finding], context: Any) -> list[dict[str, Any]]:
    """Every rule that ran, then every other rule id found in the findings, each once."""
    rules = list(getattr(context, "rules", ()) or ())
    out = [rule_descriptor(r) for r in rules]
    known = {r.id for r in rules}
    others: dict[str, Severity] = {}
    for finding in findings:
        if finding.rule not in known:
            others[finding.rule] = max(others.get(finding.rule, finding.severity), finding.severity)
    for rule_id in sorted(others):
        description = ENGINE_RULES.get(rule_id) or f"Reported by newslint: {rule_id}."
        out.append(engine_descriptor(rule_id, others[rule_id], description))
    return out


def _normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def fingerprint(finding: Finding, uri: str, occurrence: int) -> str:
    """A hash of what was found and where, but not of the line: it survives edits above it."""
    what = _normalized(finding.match) or _normalized(finding.message)
    parts = (finding.rule, uri, "" if finding.record is None else str(finding.record), finding.field or "", what, str(occurrence))
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
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact_location(uri), "region": _region(finding)}}
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
            {"name": finding.field or record, "fullyQualifiedName": qualified, "kind": "property" if finding.field else "object"}
        ]
        properties: dict[str, Any] = {"record": finding.record, "field": finding.field}
        if finding.field is not None:
            properties["fieldRegion"] = _clamped(finding)  # lines and columns within the field
        out["properties"] = properties
    return out


def document(findings: Sequence[Finding], context: Any = None) -> dict[str, Any]:
    """The SARIF log as a Python mapping."""
    rules = descriptors(findings, context)
    index = {d["id"]: i for i, d in enumerate(rules)}
    seen: dict[tuple, int] = {}
    results = []
    for finding in findings:
        uri = artifact_uri(finding.path)
        key = (finding.rule, uri, finding.record, finding.field, _normalized(finding.match) or _normalized(finding.message))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        results.append(result(finding, index[finding.rule], uri, occurrence))
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
    return json_safe(json.dumps(document(findings, context), ensure_ascii=False, indent=2)) + "\n"
