"""GitHub Actions format: one `::error`/`::warning`/`::notice` workflow command per finding.

A dataset record's annotation goes on the physical line of the file (the JSONL line; the CSV
line within the field), and its message starts with the record, field, line and column in
the field. Text from the data is escaped, so it can neither end the command nor start one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from newslint.finding import Finding, Severity
from newslint.report.common import printable, with_record

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: line breaks and control characters as visible escapes
    (one command, one line, no terminal control), and `%` the way the runner unescapes it."""
    return printable(text).replace("%", "%25")


def escape_property(text: str) -> str:
    """Escape a property value: like data, plus the `:` and `,` that delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def title(finding: Finding) -> str:
    """The annotation's title: the rule id."""
    return finding.rule


def positions(finding: Finding) -> tuple[tuple[str, str], ...]:
    """The position properties: the finding's own for a file; the physical lines for a
    record (its column counts within a field; line 1 when its place is unknown)."""
    if finding.record is not None:
        lines = finding.file_lines() or (1, 1)
        return (("line", str(lines[0])), ("endLine", str(lines[1])))
    return (
        ("line", str(finding.line)),
        ("col", str(finding.column)),
        ("endLine", str(finding.end_line)),
        ("endColumn", str(finding.end_column)),
    )


def render_line(finding: Finding) -> str:
    """One finding as a workflow command line."""
    properties = (("file", finding.path), *positions(finding), ("title", title(finding)))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = with_record(finding, finding.message)
    if finding.suggestion:
        message += f" (suggestion: {finding.suggestion})"
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(message)}"


def render(findings: Sequence[Finding], context=None) -> str:
    """Every finding as a workflow command, one a line."""
    return "".join(pieces(findings, context))


def pieces(findings: Iterable[Finding], context=None) -> Iterator[str]:
    """The report a line at a time."""
    return (render_line(f) + "\n" for f in findings)
