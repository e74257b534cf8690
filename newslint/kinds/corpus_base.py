"""What a corpus kind receives (Member) and yields (Related), and the helpers corpus kinds share.

The steps of a corpus kind are in newslint/kinds/contract.py (CorpusKind); these are the
values that pass between them and newslint.corpus, which chains them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from newslint.document import Block, Directive, Document


@dataclass(frozen=True)
class DocRef:
    """Which document a signature belongs to, in report order (path, then record)."""

    path: str
    record: str | int | None = None
    # Inline suppressions travel with the document so that corpus findings honour them too.
    directives: tuple[Directive, ...] = field(default=(), compare=False)
    authored: bool = field(default=False, compare=False)  # an authored document (Rule.severity_in)

    def sort_key(self) -> tuple:
        """Report order: by path, then records by index when numeric, by id otherwise."""
        if self.record is None:
            return (self.path, 0, 0, "")
        if isinstance(self.record, int):
            return (self.path, 1, self.record, "")
        return (self.path, 2, 0, str(self.record))

    @property
    def name(self) -> str:
        """How a finding names this document: the path, plus the record for datasets."""
        return self.path if self.record is None else f"{self.path} (record {self.record})"


class Place(NamedTuple):
    """Where a corpus finding points in its document, already in file coordinates."""

    # A NamedTuple, not a dataclass: a corpus run keeps a few per document, so size counts.

    line: int
    column: int
    end_line: int
    end_column: int
    field: str | None
    match: str


@dataclass(frozen=True)
class Member:
    """One document's signature for one corpus rule, with its identity."""

    doc: DocRef
    signature: Any


@dataclass(frozen=True)
class Related:
    """A pair found in a group: `target` (at `place`) gets a finding naming `other`."""

    target: DocRef
    place: Place
    other: DocRef
    values: tuple[tuple[str, str], ...] = ()


def pack_place(place: Place) -> tuple:
    """A Place as plain values (marshal writes them compactly)."""
    return tuple(place)


def unpack_place(values: tuple) -> Place:
    """pack_place undone."""
    return Place(*values)


def place_of(document: Document, block: Block | None, start: int = 0, end: int | None = None) -> Place:
    """A Place for a span of a block (the whole first line of the document when block is None)."""
    if block is None:
        block = document.blocks[0] if document.blocks else None
        if block is None:
            return Place(1, 1, 1, 1, None, "")
        end = len(block.text.split("\n", 1)[0])
    end = len(block.text) if end is None else end
    line, column = document.position(block.field, block.source_start(start))
    end_line, end_column = document.position(block.field, block.source_end(end))
    return Place(line, column, end_line, end_column, block.field, block.text[start:end])


def stable_hash(text: str) -> int:
    """A 64-bit hash that is the same in every process (Python's hash() is salted per process)."""
    return stable_hash_bytes(text.encode("utf-8"))


def stable_hash_bytes(data: bytes) -> int:
    """stable_hash of bytes as they are."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")
