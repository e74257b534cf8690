"""`trailing-section` kind: the part of a page after its article, opened by a header line.

A page goes on after its story: reader comments, related links, tags, an about-the-site box,
each opened by a short header ("12 comments", "Related stories", "Tags"). An extractor that
keeps them writes that header and everything under it after the article's last paragraph.
The article is found by its density of text alone (the stretch of lines whose words most
exceed a few per line, boilerplate_features.densest); a header line after that stretch opens
a section that runs to the end of the text. A subhead inside the story stands within the
densest stretch, so the same words there are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import regex

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError, compile_regex
from newslint.kinds.boilerplate_features import DENSITY, Unit, densest, units_of

# What may close a header line: "Related articles:", "Comments »", "Read more...".
_CLOSING = " \t:.…»›>"


@dataclass(frozen=True)
class TrailingSectionKind:
    """Flags every line from a header line that stands after the article's densest stretch
    of text to the end of the text: one hit per block of the section."""

    # Header lines, each matched against the whole line, less a closing colon, full stop,
    # ellipsis or arrow ("Related articles:", "Comments »").
    patterns: tuple[str, ...] = ()
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore_case: bool = True
    # Words a line may have beyond this many before it counts toward the article's stretch
    # (boilerplate_features.densest): the higher, the denser the text the article must be.
    density: int = DENSITY
    max_header_words: int = 12  # a longer line is prose, never a section's header

    fields: ClassVar[tuple[str, ...]] = ("match", "header", "header_line")
    _header: regex.Pattern | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if not self.patterns:
            raise KindError("patterns", "give the header lines that open a section after the article")
        if self.density < 1 or self.max_header_words < 1:
            raise KindError("density", "density and max-header-words must be at least 1")
        lists = {name: list(words) for name, words in self.lists.items()}
        sources = [f"(?:{p})" for p in self.patterns]
        for i, source in enumerate(sources):  # each alone first: an error names the pattern
            compile_regex(source, f"patterns[{i}]", ignore_case=self.ignore_case, **lists)
        header = compile_regex("|".join(sources), "patterns", ignore_case=self.ignore_case, **lists)
        object.__setattr__(self, "_header", header)

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield a hit for each block of the section after the article, the header's included."""
        units = units_of(blocks)
        _, last = densest(units, self.density)
        if last < 0:
            return  # no line long enough to be an article's: nothing to come after it
        start = self._header_after(units, last)
        if start is None:
            return
        header = units[start]
        header_line, _ = document.position(header.block.field, header.block.source_start(header.start))
        extra = {"header": header.text, "header_line": str(header_line)}
        section = units[start:]
        first = 0
        for k in range(1, len(section) + 1):
            if k == len(section) or section[k].block is not section[first].block:
                block = section[first].block
                yield Hit(block, section[first].start, section[k - 1].end, extra)
                first = k

    def _header_after(self, units: Sequence[Unit], last: int) -> int | None:
        """The index of the first header line after units[last], or None."""
        assert self._header is not None
        for k in range(last + 1, len(units)):
            unit = units[k]
            if unit.words <= self.max_header_words and self._header.fullmatch(unit.text.rstrip(_CLOSING)):
                return k
        return None
