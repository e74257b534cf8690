"""The findings of a run, in report order, without holding them all in memory.

A run over a big dataset has hundreds of thousands of findings, and the report lists them
sorted (path, record, line, column, rule: Finding.sort_key), not in the order the files were
read. So findings are kept in a buffer; when it fills, it is sorted and written to a
temporary file as one sorted run; at the end the runs are merged (heapq.merge) as the report
is written. Sorting is stable and the merge takes equal keys from earlier runs first, so
the order is exactly that of sorted() over every finding in the order they were added.

The runs hold plain tuples written with marshal (no code runs when they are read back),
in a file that is deleted as soon as it is created (tempfile.TemporaryFile): only this
process can read it, and nothing is left behind if the run is killed.
"""

from __future__ import annotations

import heapq
import marshal
import struct
import tempfile
from typing import IO, Iterable, Iterator

from newslint.finding import Finding, RecordPlace, Severity, placed_record, record_place

# Findings held in memory before a sorted run is written out (about 25 MB of them).
SPILL_FINDINGS = 40_000
# Findings per piece of a run: a run is read back a piece at a time while merging.
PIECE_FINDINGS = 1_000
_LENGTH = struct.Struct("<Q")


def _plain(finding: Finding) -> tuple:
    """A finding as marshal-able values (a record id keeps where its record is in the file)."""
    record = finding.record
    where = record_place(record)
    if isinstance(record, int) and not isinstance(record, bool):
        record = int(record)
    elif isinstance(record, str):
        record = str(record)
    place = None if where is None else (where.line, where.fields, where.verbatim)
    return (finding.path, finding.line, finding.column, finding.end_line, finding.end_column, finding.rule, int(finding.severity),
            finding.message, finding.match, record, place, finding.field, finding.suggestion)


def _finding(values: tuple) -> Finding:
    path, line, column, end_line, end_column, rule, severity, message, match, record, place, field, suggestion = values
    if place is not None:
        record = placed_record(record, RecordPlace(*place))
    return Finding(path, line, column, end_line, end_column, rule, Severity(severity), message, match, record, field, suggestion)


class Tally:
    """What the exit status and --statistics need, counted as findings arrive: findings per
    rule and the highest severity of each rule."""

    def __init__(self) -> None:
        self.count: dict[str, int] = {}
        self.worst: dict[str, Severity] = {}

    def add(self, finding: Finding) -> None:
        rule = finding.rule
        self.count[rule] = self.count.get(rule, 0) + 1
        if finding.severity > self.worst.get(rule, 0):
            self.worst[rule] = finding.severity

    def __len__(self) -> int:
        return sum(self.count.values())


class FindingSpool:
    """Findings added in any order, given back in report order as often as asked for.

    Up to `limit` findings stay in memory; past that, sorted runs go to a temporary file
    and only a piece of each run is in memory while they are merged. Use it as a context
    manager (or call close) to delete the file."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = max(1, SPILL_FINDINGS if limit is None else limit)
        self.tally = Tally()
        self._buffer: list[Finding] = []
        self._sorted = True  # the buffer is in report order
        self._runs: list[list[tuple[int, int]]] = []  # each run: (offset, length) of its pieces
        self._file: IO[bytes] | None = None

    def add(self, findings: Iterable[Finding]) -> None:
        """Keep these findings (spilling a sorted run to disk when the buffer is full)."""
        buffer, tally = self._buffer, self.tally
        before = len(buffer)
        for finding in findings:
            buffer.append(finding)
            tally.add(finding)
        if len(buffer) > before:
            self._sorted = False
        if len(buffer) >= self.limit:
            self._spill()

    def __len__(self) -> int:
        return len(self.tally)

    @property
    def spilled(self) -> int:
        """How many sorted runs were written to disk."""
        return len(self._runs)

    def flush(self) -> None:
        """Write the findings in memory to disk now (a sorted run), if there are any."""
        if self._buffer:
            self._spill()

    def _spill(self) -> None:
        self._buffer.sort(key=Finding.sort_key)
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="newslint-findings-")
        handle = self._file
        handle.seek(0, 2)
        pieces = []
        for start in range(0, len(self._buffer), PIECE_FINDINGS):
            data = marshal.dumps([_plain(f) for f in self._buffer[start : start + PIECE_FINDINGS]])
            pieces.append((handle.tell(), len(data)))
            handle.write(data)
        self._runs.append(pieces)
        self._buffer = []
        self._sorted = True

    def _read(self, pieces: list[tuple[int, int]]) -> Iterator[Finding]:
        handle = self._file
        assert handle is not None
        for offset, length in pieces:
            handle.seek(offset)  # runs are read in turns: each piece says where it is
            for values in marshal.loads(handle.read(length)):
                yield _finding(values)

    def __iter__(self) -> Iterator[Finding]:
        """Every finding in report order (a fresh pass each time)."""
        if not self._sorted:
            self._buffer.sort(key=Finding.sort_key)
            self._sorted = True
        if not self._runs:
            return iter(self._buffer)
        if self._file is not None:
            self._file.flush()
        runs = [self._read(pieces) for pieces in self._runs]
        return heapq.merge(*runs, list(self._buffer), key=Finding.sort_key)

    def close(self) -> None:
        """Delete the temporary file; the spool is empty afterwards (its tally stays)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._runs, self._buffer = [], []

    def __enter__(self) -> "FindingSpool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
