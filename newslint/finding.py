"""Finding and Severity: the one output type every part of newslint produces."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Severity(enum.IntEnum):
    """How sure a rule is that it found a defect; higher is worse."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """The lower-case name used in YAML, config and every output format."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> "Severity":
        """Read 'error' / 'warning' / 'info' (any case); raise ValueError otherwise."""
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r}; expected one of: error, warning, info"
            ) from None


def _record_key(record: str | int | None) -> tuple[int, int, str]:
    # Records sort by index when numeric, by id otherwise; file-level findings first.
    if record is None:
        return (0, 0, "")
    if isinstance(record, int):
        return (1, record, "")
    return (2, 0, record)


@dataclass(frozen=True)
class Finding:
    """One defect at one place: lines and columns are 1-based code points, end exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: Severity
    message: str
    match: str = ""
    record: str | int | None = None
    field: str | None = None
    suggestion: str | None = None

    def sort_key(self) -> tuple:
        """Order of every report: path, record, line, column, rule, then the rest."""
        return (
            self.path,
            _record_key(self.record),
            self.field or "",
            self.line,
            self.column,
            self.rule,
            self.end_line,
            self.end_column,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: key order is fixed so output is byte-for-byte stable."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "match": self.match,
            "record": self.record,
            "field": self.field,
            "suggestion": self.suggestion,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        """Inverse of to_dict, used by caches and distributed runs."""
        return cls(
            path=data["path"],
            line=data["line"],
            column=data["column"],
            end_line=data["end_line"],
            end_column=data["end_column"],
            rule=data["rule"],
            severity=Severity.parse(data["severity"]),
            message=data["message"],
            match=data.get("match", ""),
            record=data.get("record"),
            field=data.get("field"),
            suggestion=data.get("suggestion"),
        )
