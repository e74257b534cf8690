"""Helpers shared by the reader tests: find a block by its text and where it sits in the file."""

from __future__ import annotations

from newslint.document import Block, Document


def block_with(doc: Document, needle: str) -> Block:
    """The first block whose text contains `needle`."""
    return next(b for b in doc.blocks if needle in b.text)


def position_of(doc: Document, needle: str) -> tuple[int, int]:
    """line:col in the file of the first character of `needle` as it appears in block text."""
    block = block_with(doc, needle)
    return doc.position(block.field, block.source_start(block.text.index(needle)))
