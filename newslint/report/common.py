"""What every output format shares: where a finding is in its file (for a dataset record,
the physical line, not the line in the field)."""

from __future__ import annotations

from newslint.finding import Finding

def record_where(finding: Finding) -> str:
    """Where a record finding is within its record: 'record 4, field body, line 3, column 5'
    ('record 4' for the record as a whole; '' for a file finding). Not escaped."""
    if finding.record is None:
        return ""
    where = f"record {finding.record}"
    if finding.field is not None:
        where += f", field {finding.field}, line {finding.line}, column {finding.column}"
    return where


def with_record(finding: Finding, text: str) -> str:
    """The text, after where the finding is in its record for a record finding. Not escaped."""
    where = record_where(finding)
    return f"{where}: {text}" if where else text
