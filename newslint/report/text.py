"""Text format: `path:line:col: severity [rule] message`, one finding a line.

A dataset record's finding points at the physical line of the file (the JSONL line; the CSV
line within the field) and names the record, field, line and column in the field before the
message. Everything from the data is escaped (newlines, control characters), so a finding is
always one line and no line can pass for a GitHub workflow command."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from newslint.finding import Finding
from newslint.report.common import not_a_command, printable, with_record


def location(finding: Finding) -> str:
    """`path:line:col` in the file (line 1 for a record whose place in it is unknown)."""
    if finding.record is None:
        return f"{finding.path}:{finding.line}:{finding.column}"
    lines = finding.file_lines() or (1, 1)
    return f"{finding.path}:{lines[0]}:1"  # the column is the field's, given in the message


def render_line(finding: Finding) -> str:
    """One finding as a text line."""
    line = f"{location(finding)}: {finding.severity.label} [{finding.rule}] {with_record(finding, finding.message)}"
    if finding.suggestion:
        line += f" (suggestion: {finding.suggestion})"
    return not_a_command(printable(line))


def render(findings: Sequence[Finding], context=None) -> str:
    """Every finding on its own line."""
    return "".join(pieces(findings, context))


def pieces(findings: Iterable[Finding], context=None) -> Iterator[str]:
    """The report a line at a time."""
    return (render_line(f) + "\n" for f in findings)
