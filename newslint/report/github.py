"""GitHub Actions format: one `::error`/`::warning`/`::notice` workflow command per finding."""

from __future__ import annotations

from typing import Sequence

from newslint.finding import Finding, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way the Actions runner unescapes it."""
    # `%` first, so the escapes added afterwards are not escaped again.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: like data, plus the `:` and `,` that delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def title(finding: Finding) -> str:
    """The annotation's title: the rule id, and for dataset findings the record and field."""
    if finding.record is None:
        return finding.rule
    # Record findings count lines within a field, not within the file, so the title must
    # say where they are or the annotation points at a line that means nothing.
    where = f"record {finding.record}"
    if finding.field:
        where += f", field {finding.field}"
    return f"{finding.rule} ({where}, line {finding.line}, column {finding.column})"


def render_line(finding: Finding) -> str:
    """One finding as a workflow command line."""
    properties = (
        ("file", finding.path),
        ("line", str(finding.line)),
        ("col", str(finding.column)),
        ("endLine", str(finding.end_line)),
        ("endColumn", str(finding.end_column)),
        ("title", title(finding)),
    )
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = finding.message
    if finding.suggestion:
        message += f" (suggestion: {finding.suggestion})"
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(message)}"


def render(findings: Sequence[Finding], context=None) -> str:
    """Every finding as a workflow command, one a line."""
    return "".join(render_line(f) + "\n" for f in findings)
