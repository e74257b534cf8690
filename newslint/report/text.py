"""Text format: `path:line:col: severity [rule] message`, one finding a line."""

from __future__ import annotations

from typing import Sequence

from newslint.finding import Finding


def location(finding: Finding) -> str:
    """`path:line:col`, with the record and field for dataset findings."""
    where = finding.path
    if finding.record is not None:
        where += f"[{finding.record}]"
        if finding.field:
            where += f".{finding.field}"
    return f"{where}:{finding.line}:{finding.column}"


def render_line(finding: Finding) -> str:
    """One finding as a text line."""
    line = f"{location(finding)}: {finding.severity.label} [{finding.rule}] {finding.message}"
    if finding.suggestion:
        line += f" (suggestion: {finding.suggestion})"
    return line


def render(findings: Sequence[Finding], context=None) -> str:
    """Every finding on its own line."""
    return "".join(render_line(f) + "\n" for f in findings)
