"""A Document is an article split into Blocks whose offsets map back to the file as given."""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Block kinds a reader may produce.
HEADLINE = "headline"
HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
BLOCKQUOTE = "blockquote"
FOOTNOTE = "footnote"
CELL = "cell"  # a table cell

BLOCK_KINDS = (HEADLINE, HEADING, PARAGRAPH, ITEM, BLOCKQUOTE, FOOTNOTE, CELL)
# Blocks an author lays out (a section heading, a list, a table): rules that look for page
# chrome need more evidence there than a familiar phrase.
STRUCTURE = frozenset({HEADING, ITEM, CELL})

# The one registry of rule scopes: scope name -> the block kinds a rule with it sees.
SCOPES: dict[str, frozenset[str]] = {
    "all": frozenset(BLOCK_KINDS),
    "body": frozenset(BLOCK_KINDS) - {HEADLINE},
    "text": frozenset(BLOCK_KINDS) - {HEADLINE, HEADING},  # the body without its section headings
    # Running prose. List items and table cells are an author's structure, not paragraphs:
    # the same item in two lists of a changelog is no duplicated paragraph, a linked name in a
    # list no stray headline, a quoted line of feedback in a list no quote that needs a speaker.
    "paragraphs": frozenset({PARAGRAPH, BLOCKQUOTE}),
    "prose": frozenset({PARAGRAPH, ITEM, BLOCKQUOTE, FOOTNOTE}),
    "headline": frozenset({HEADLINE}),
    "headings": frozenset({HEADLINE, HEADING}),
    "footnotes": frozenset({FOOTNOTE}),
    "paragraph": frozenset({PARAGRAPH}),  # paragraphs alone: no block quotes set off by the author
    "items": frozenset({ITEM}),
    "cells": frozenset({CELL}),
}


@dataclass(frozen=True)
class Segment:
    """A run of block text taken from the source: text[ts:ts+tl] came from source[ss:ss+sl]."""

    text_start: int
    source_start: int
    text_length: int
    source_length: int

    @property
    def linear(self) -> bool:
        """True when the text is a verbatim copy, so offsets map one to one."""
        return self.text_length == self.source_length


@dataclass(frozen=True)
class Block:
    """One unit of an article (headline, paragraph, footnote...) and its source map."""

    kind: str
    text: str
    segments: tuple[Segment, ...]
    field: str | None = None

    def source_start(self, offset: int) -> int:
        """Source offset of the character at text offset `offset`."""
        seg = self._segment_at(offset)
        if seg.linear:
            return seg.source_start + (offset - seg.text_start)
        return seg.source_start

    def source_end(self, offset: int) -> int:
        """Source offset just past the character before text offset `offset` (exclusive end)."""
        if offset <= 0:
            return self.source_start(0)
        seg = self._segment_at(offset - 1)
        if seg.linear:
            return seg.source_start + (offset - seg.text_start)
        return seg.source_start + seg.source_length

    @functools.cached_property
    def _starts(self) -> list[int]:
        # Cached on first use (cached_property writes __dict__, which a frozen dataclass allows).
        return [s.text_start for s in self.segments]

    def _segment_at(self, offset: int) -> Segment:
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        return self.segments[i]


def verbatim_block(kind: str, source: str, start: int, end: int, field: str | None = None) -> Block:
    """A block whose text is exactly source[start:end]."""
    return Block(kind, source[start:end], (Segment(0, start, end - start, end - start),), field)


class MappedText:
    """Builds block text piece by piece while recording where each piece came from."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0

    def copy(self, source: str, start: int, end: int) -> None:
        """Append source[start:end] verbatim."""
        self.replace(source[start:end], start, end)

    def replace(self, text: str, source_start: int, source_end: int) -> None:
        """Append `text`, which stands for source[source_start:source_end] (e.g. a decoded entity)."""
        if not text:
            return
        self._segments.append(Segment(self._length, source_start, len(text), source_end - source_start))
        self._parts.append(text)
        self._length += len(text)

    def __len__(self) -> int:
        return self._length

    def text(self) -> str:
        """The text built so far."""
        return "".join(self._parts)

    def block(self, kind: str, field: str | None = None) -> Block | None:
        """The finished Block with surrounding white space trimmed, or None if it is blank."""
        text = self.text()
        if text and not text[0].isspace() and not text[-1].isspace():
            return Block(kind, text, tuple(self._segments), field)  # nothing to trim: the segments as they are
        left = len(text) - len(text.lstrip())
        right = len(text.rstrip())
        if right <= left:
            return None
        segments = []
        for seg in self._segments:
            lo, hi = max(seg.text_start, left), min(seg.text_start + seg.text_length, right)
            if hi <= lo:
                continue
            if seg.linear:
                shift = lo - seg.text_start
                segments.append(Segment(lo - left, seg.source_start + shift, hi - lo, hi - lo))
            else:
                segments.append(Segment(lo - left, seg.source_start, hi - lo, seg.source_length))
        return Block(kind, text[left:right], tuple(segments), field)


def without_char(block: Block, char: str) -> Block | None:
    """The block with every `char` taken out (None when nothing but white space is left);
    the rest keeps its exact source positions."""
    if char not in block.text:
        return block
    out = MappedText()
    text = block.text
    for seg in block.segments:
        piece = text[seg.text_start : seg.text_start + seg.text_length]
        if not seg.linear:
            out.replace(piece.replace(char, ""), seg.source_start, seg.source_start + seg.source_length)
            continue
        start = 0
        for run in piece.split(char):
            out.replace(run, seg.source_start + start, seg.source_start + start + len(run))
            start += len(run) + 1
    return out.block(block.kind, block.field)


@dataclass(frozen=True)
class Directive:
    """An inline suppression: disable/enable/disable-next-line for some rules at a source line."""

    action: str  # "disable" | "enable" | "disable-next-line" | "disable-file"
    rules: tuple[str, ...]  # empty means every rule
    line: int
    field: str | None = None
    comment_line: int = 0  # where the comment itself is (0: same as `line`), for unused reports


class LineIndex:
    """Turns source offsets into 1-based (line, column) pairs counted in code points."""

    def __init__(self, source: str) -> None:
        # Per line, not per character: str.split and accumulate do the scanning in C.
        self._starts = [0, *itertools.accumulate(len(line) + 1 for line in source.split("\n")[:-1])]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a source offset."""
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


@dataclass(frozen=True)
class Document:
    """An article: its blocks, the source text of each field, and reader metadata."""

    path: str
    blocks: tuple[Block, ...]
    sources: Mapping[str | None, str]
    record: str | int | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    directives: tuple[Directive, ...] = ()
    # Written by its authors in a markup that states its structure (Markdown), rather than
    # extracted from a page: its short lines and headings are choices, not leftovers.
    authored: bool = False
    # Caches of what the fields above determine (each is worked out once per document).
    _indexes: dict = field(default_factory=dict, compare=False, repr=False)  # field -> its LineIndex
    _scopes: dict = field(default_factory=dict, compare=False, repr=False)  # scope -> its blocks

    @property
    def headline(self) -> Block | None:
        """The headline block, if the reader found one."""
        for block in self.blocks:
            if block.kind == HEADLINE:
                return block
        return None

    def blocks_in(self, scope: str) -> list[Block]:
        """The blocks a rule with this scope sees, in document order."""
        cached = self._scopes.get(scope)
        if cached is None:  # every rule asks: compute each scope once per document
            kinds = SCOPES[scope]
            cached = self._scopes[scope] = [b for b in self.blocks if b.kind in kinds]
        return list(cached)

    def position(self, field_name: str | None, offset: int) -> tuple[int, int]:
        """(line, column) of a source offset in the given field's source text."""
        index = self._indexes.get(field_name)
        if index is None:
            index = self._indexes[field_name] = LineIndex(self.sources.get(field_name, ""))
        return index.position(offset)


def make_document(
    path: str,
    blocks: Iterable[Block],
    sources: Mapping[str | None, str],
    record: str | int | None = None,
    metadata: Mapping[str, Any] | None = None,
    directives: Iterable[Directive] = (),
    authored: bool = False,
) -> Document:
    """Build a Document; a convenience that freezes the iterables."""
    return Document(
        path=path,
        blocks=tuple(blocks),
        sources=dict(sources),
        record=record,
        metadata=dict(metadata or {}),
        directives=tuple(directives),
        authored=authored,
    )
