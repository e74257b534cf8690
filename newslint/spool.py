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
import itertools
import marshal
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

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
    return (
        finding.path,
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.rule,
        int(finding.severity),
        finding.message,
        finding.match,
        record,
        place,
        finding.field,
        finding.suggestion,
    )


def _finding(values: tuple) -> Finding:
    path, line, column, end_line, end_column, rule, severity, message, match, record, place, field, suggestion = values
    if place is not None:
        record = placed_record(record, RecordPlace(*place))
    return Finding(
        path, line, column, end_line, end_column, rule, Severity(severity), message, match, record, field, suggestion
    )


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


class Spool:
    """Items added in any order, given back sorted by `key` (stably) as often as asked for.

    Up to `limit` items stay in memory; past that, sorted runs go to a temporary file (as
    `encode` makes them marshal-able, `decode` gives them back) and only a piece of each
    run is in memory while they are merged. Use it as a context manager (or call close)
    to delete the file."""

    prefix = "newslint-spool-"

    def __init__(
        self,
        key: Callable[[Any], Any],
        limit: int | None = None,
        encode: Callable[[Any], Any] | None = None,
        decode: Callable[[Any], Any] | None = None,
    ) -> None:
        self.key = key
        self.limit = max(1, SPILL_FINDINGS if limit is None else limit)
        self._encode, self._decode = encode, decode
        self._buffer: list = []
        self._sorted = True  # the buffer is in order
        self._runs: list[list[tuple[int, int]]] = []  # each run: (offset, length) of its pieces
        self._file: IO[bytes] | None = None
        self._count = 0

    def add(self, items: Iterable[Any]) -> None:
        """Keep these items (spilling a sorted run to disk each time the buffer is full: they
        may come from a generator that yields a great many)."""
        items = iter(items)
        while True:
            buffer = self._buffer
            before = len(buffer)
            buffer.extend(itertools.islice(items, max(1, self.limit - before)))
            if len(buffer) == before:
                return
            self._count += len(buffer) - before
            self._sorted = False
            if len(buffer) >= self.limit:
                self._spill()

    def __len__(self) -> int:
        return self._count

    @property
    def spilled(self) -> int:
        """How many sorted runs were written to disk."""
        return len(self._runs)

    def flush(self) -> None:
        """Write the items in memory to disk now (a sorted run), if there are any."""
        if self._buffer:
            self._spill()

    def _spill(self) -> None:
        self._buffer.sort(key=self.key)
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix=self.prefix)
        handle = self._file
        handle.seek(0, 2)
        encode = self._encode
        pieces = []
        for start in range(0, len(self._buffer), PIECE_FINDINGS):
            piece = self._buffer[start : start + PIECE_FINDINGS]
            data = marshal.dumps([encode(item) for item in piece] if encode else piece)
            pieces.append((handle.tell(), len(data)))
            handle.write(data)
        self._runs.append(pieces)
        self._buffer = []
        self._sorted = True

    def _read(self, pieces: list[tuple[int, int]]) -> Iterator[Any]:
        handle = self._file
        assert handle is not None
        decode = self._decode
        for offset, length in pieces:
            handle.seek(offset)  # runs are read in turns: each piece says where it is
            items = marshal.loads(handle.read(length))
            yield from (map(decode, items) if decode else items)

    def __iter__(self) -> Iterator[Any]:
        """Every item in order (a fresh pass each time)."""
        if not self._sorted:
            self._buffer.sort(key=self.key)
            self._sorted = True
        if not self._runs:
            return iter(self._buffer)
        if self._file is not None:
            self._file.flush()
        runs = [self._read(pieces) for pieces in self._runs]
        return heapq.merge(*runs, list(self._buffer), key=self.key)

    def close(self) -> None:
        """Delete the temporary file; the spool is empty afterwards."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._runs, self._buffer = [], []

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FindingSpool(Spool):
    """Findings added in any order, given back in report order (Finding.sort_key), with a
    tally of them (its tally stays after close)."""

    prefix = "newslint-findings-"

    def __init__(self, limit: int | None = None) -> None:
        super().__init__(Finding.sort_key, limit, _plain, _finding)
        self.tally = Tally()

    def add(self, findings: Iterable[Finding]) -> None:
        """Keep these findings (spilling a sorted run to disk when the buffer is full)."""
        tally = self.tally.add
        super().add(_tallied(findings, tally))

    def __len__(self) -> int:
        return len(self.tally)


def _tallied(findings: Iterable[Finding], tally: Callable[[Finding], None]) -> Iterator[Finding]:
    for finding in findings:
        tally(finding)
        yield finding
