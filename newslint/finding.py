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
    def parse(cls, value: str) -> Severity:
        """Read 'error' / 'warning' / 'info' (any case); raise ValueError otherwise."""
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r}; expected one of: error, warning, info") from None


@dataclass(frozen=True)
class RecordPlace:
    """Where a dataset record sits in its file, for the formats CI reads as file positions.

    A finding's `line`/`column` count within its record's field (the JSON contract); the
    text, github, sarif and junit formats point at the physical line of the file instead."""

    line: int  # the physical line the record starts on
    fields: tuple[tuple[str, int], ...] = ()  # field -> physical line its value starts on
    verbatim: bool = False  # the fields' lines are lines of the file (CSV), not escapes inside one line (JSON)

    def file_lines(self, field: str | None, line: int, end_line: int) -> tuple[int, int]:
        """The physical lines (start, end) of lines `line`..`end_line` of `field`."""
        start = dict(self.fields).get(field, self.line) if field is not None else self.line
        if field is None or not self.verbatim:
            return start, start
        return start + max(line, 1) - 1, start + max(end_line, line, 1) - 1


class _PlacedStr(str):
    """A record id (str) that also knows its RecordPlace; equal to the plain id in every way."""

    place: RecordPlace


class _PlacedInt(int):
    """A record index (int) that also knows its RecordPlace; equal to the plain index in every way."""

    place: RecordPlace


def placed_record(record: str | int, place: RecordPlace | None) -> str | int:
    """The record id carrying where the record is in its file.

    The id travels unchanged through the engine, the corpus pass and worker processes onto
    every Finding of the record (json writes it as the plain id), so readers need no other
    channel to tell the report formats where a record is."""
    if place is None or isinstance(record, bool):
        return record
    placed: Any = _PlacedInt(record) if isinstance(record, int) else _PlacedStr(record)
    placed.place = place
    return placed


def record_place(record: object) -> RecordPlace | None:
    """The RecordPlace of a record id made by placed_record (None for a plain id)."""
    return getattr(record, "place", None) if isinstance(record, (_PlacedStr, _PlacedInt)) else None


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

    def file_lines(self) -> tuple[int, int] | None:
        """The physical lines (start, end) of the file this finding is on; None when unknown.

        A file finding's own lines. A record finding's come from its record's RecordPlace (the
        JSONL line; the CSV line within the field); a record read from no file has none."""
        if self.record is None:
            return self.line, self.end_line
        place = record_place(self.record)
        if place is None:
            return None
        return place.file_lines(self.field, self.line, self.end_line)

    def to_dict(self, place: bool = True) -> dict[str, Any]:
        """The JSON contract's fields; key order is fixed so output is byte-for-byte stable.

        For a record whose place in its file is known, "record_place" follows, so that
        from_dict gives back a finding the CI formats point at the same line (caches, worker
        results). `place=False` leaves it out: the json formats write exactly the contract."""
        data = {
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
        where = record_place(self.record) if place else None
        if where is not None:
            data["record_place"] = {
                "line": where.line,
                "fields": [list(f) for f in where.fields],
                "verbatim": where.verbatim,
            }
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Inverse of to_dict, used by caches and distributed runs."""
        record = data.get("record")
        where = data.get("record_place")
        if where is not None and record is not None:
            fields = tuple((str(name), int(line)) for name, line in where.get("fields", ()))
            record = placed_record(record, RecordPlace(int(where["line"]), fields, bool(where.get("verbatim"))))
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
            record=record,
            field=data.get("field"),
            suggestion=data.get("suggestion"),
        )
