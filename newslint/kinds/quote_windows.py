"""Paragraph windows for the quote rules: a block with its neighbours, and the quotes of all three.

An attribution may sit in the paragraph before or after a quote ("...," she said. / "..."),
so the quote rules attribute within a window of three blocks. Windows are cached by the
texts themselves: every quote rule walks the same paragraphs of a document.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from newslint.document import Block
from newslint.kinds.quoting import Attribution, Attributor, Quote, find_quotes

# Between the blocks of the window we hand to the attributor, so sentences stay apart.
BLOCK_GAP = "\n\n"


@dataclass(frozen=True)
class Window:
    """A block with its neighbours joined around it, so attribution may cross a block edge."""

    text: str
    offset: int  # where the block's own text starts inside `text`
    quoted: tuple[tuple[int, int], ...]  # (start, end) of the window's top-level quotes, in `text`
    own: tuple[Quote, ...]  # the block's own top-level quotes, in the block's coordinates
    # (attributor, quote start) -> its attribution; in `attributed`, whether it has one.
    # Worked out once for every rule that asks.
    attributions: dict[tuple[Attributor, int], Attribution | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    attributed: dict[tuple[Attributor, int], bool] = field(default_factory=dict, compare=False, repr=False)


def windows(body: Sequence[Block]) -> tuple[Window, ...]:
    """Each block with the previous and next body blocks around it, and the quotes of all three."""
    return _windows_of(tuple(b.text for b in body))


@functools.lru_cache(maxsize=256)
def _windows_of(texts: tuple[str, ...]) -> tuple[Window, ...]:
    # Cached by the texts themselves: every quote rule walks the same paragraphs of a document.
    last = len(texts) - 1
    # Most paragraphs hold no quote: no window is built for them.
    return tuple(
        window_of(texts[i - 1] if i > 0 else None, text, texts[i + 1] if i < last else None)
        if find_quotes(text)
        else NO_QUOTES
        for i, text in enumerate(texts)
    )


# What a block without a quotation of its own gets: no rule looks at its window.
NO_QUOTES = Window("", 0, (), ())


@functools.lru_cache(maxsize=4096)
def top_quotes(text: str) -> tuple[Quote, ...]:
    """The top-level quotes of a block (the only ones the windows hold)."""
    quotes = find_quotes(text)
    if not quotes or all(q.depth == 0 for q in quotes):
        return quotes  # no quote at all (most often), or no nested one: nothing to drop
    return tuple(q for q in quotes if q.depth == 0)


# Cached by the three texts: rules whose scopes differ still share the windows they have in common.
@functools.lru_cache(maxsize=1024)
def window_of(before: str | None, own_text: str, after: str | None) -> Window:
    """The window of a block between its neighbours (None: none there); NO_QUOTES when the
    block has no top-level quote of its own."""
    own = top_quotes(own_text)
    if not own:
        return NO_QUOTES
    # Quotes are found per block so that one left open cannot run into the next block.
    text, quoted = own_text, _spans(own, 0)
    offset = 0
    if before is not None:
        offset = len(before) + len(BLOCK_GAP)
        text, quoted = before + BLOCK_GAP + own_text, _spans(top_quotes(before), 0) + _spans(own, offset)
    if after is not None:
        quoted += _spans(top_quotes(after), len(text) + len(BLOCK_GAP))
        text += BLOCK_GAP + after
    return Window(text, offset, quoted, own)


def _spans(quotes: tuple[Quote, ...], by: int) -> tuple[tuple[int, int], ...]:
    """(start, end) of the quotes, moved `by` characters."""
    return tuple((q.start + by, q.end + by) for q in quotes)
