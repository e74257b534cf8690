"""Helpers shared by the reader tests: read a text, find a block and where it sits in the file."""

from __future__ import annotations

from newslint.document import Block, Document
from newslint.readers import ReadOptions, ReadProblem, read_bytes


def read(text: str | bytes, name: str, options: ReadOptions | None = None) -> tuple[list[Document], list[ReadProblem]]:
    """Documents and problems from reading `text` as the file `name` (its extension picks the reader)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    items = list(read_bytes(name, data, options))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, ReadProblem)]


def only_document(text: str | bytes, name: str, options: ReadOptions | None = None) -> Document:
    """The one document of a text that must read without problems."""
    docs, problems = read(text, name, options)
    assert problems == [] and len(docs) == 1, problems
    return docs[0]


def block_with(doc: Document, needle: str) -> Block:
    """The first block whose text contains `needle`."""
    return next(b for b in doc.blocks if needle in b.text)


def position_of(doc: Document, needle: str) -> tuple[int, int]:
    """line:col in the file of the first character of `needle` as it appears in block text."""
    block = block_with(doc, needle)
    return doc.position(block.field, block.source_start(block.text.index(needle)))
