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

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import regex

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError, compile_regex, search
from newslint.kinds.boilerplate_features import DENSITY, FULL, Unit, densest, units_of

# What may close a header line: "Related articles:", "Comments »", "Read more...".
_CLOSING = " \t:.…»›>"


@dataclass(frozen=True)
class TrailingSectionKind:
    """Flags every line from a header line that stands after the article's densest stretch
    of text (or from the start of a comment thread, see thread-headers) to the end of the
    text: one hit per block of the section."""

    # Header lines, each matched against the whole line, less a closing colon, full stop,
    # ellipsis or arrow ("Related articles:", "Comments »").
    patterns: tuple[str, ...] = ()
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore_case: bool = True
    # Words a line may have beyond this many before it counts toward the article's stretch
    # (boilerplate_features.densest): the higher, the denser the text the article must be.
    density: int = DENSITY
    max_header_words: int = 12  # a longer line is prose, never a section's header
    # Headers of a reader-comment thread ("34 comments"): they open the section wherever they
    # stand after the article's first full paragraph (a long thread can outweigh the article
    # in words), when at least min-thread-signs of the next thread-reach lines read as a
    # thread's: a commenter's "Jane says:", a "Reply" link, a score.
    thread_headers: tuple[str, ...] = ()
    thread_signs: tuple[str, ...] = ()
    min_thread_signs: int = 2
    thread_reach: int = 30
    # A thread whose header the extractor dropped: this many thread signs within thread-reach
    # lines of each other open the section at the first of them (0: a header is needed).
    min_signs_without_header: int = 0

    fields: ClassVar[tuple[str, ...]] = ("match", "header", "header_line")
    _header: regex.Pattern | None = field(init=False, repr=False, compare=False, default=None)
    _thread_header: regex.Pattern | None = field(init=False, repr=False, compare=False, default=None)
    _thread_sign: regex.Pattern | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if not self.patterns:
            raise KindError("patterns", "give the header lines that open a section after the article")
        if self.density < 1 or self.max_header_words < 1:
            raise KindError("density", "density and max-header-words must be at least 1")
        if self.thread_headers and not self.thread_signs:
            raise KindError("thread-signs", "thread-headers need thread-signs: the lines that confirm a thread")
        if self.min_thread_signs < 1 or self.thread_reach < self.min_thread_signs:
            raise KindError("min-thread-signs", "give 1 <= min-thread-signs <= thread-reach")
        if self.min_signs_without_header and not (2 <= self.min_signs_without_header <= self.thread_reach + 1):
            raise KindError("min-signs-without-header", "give 0 (off) or 2 up to thread-reach + 1")
        if self.min_signs_without_header and not self.thread_signs:
            raise KindError("min-signs-without-header", "needs thread-signs")
        object.__setattr__(self, "_header", self._alternation("patterns", self.patterns, whole=True))
        if self.thread_signs:
            if self.thread_headers:
                header = self._alternation("thread-headers", self.thread_headers, whole=True)
                object.__setattr__(self, "_thread_header", header)
            object.__setattr__(self, "_thread_sign", self._alternation("thread-signs", self.thread_signs))

    def _alternation(self, key: str, patterns: tuple[str, ...], whole: bool = False) -> regex.Pattern:
        """The patterns as one regex (anchored at both ends when `whole`); each is compiled
        alone first, so an error names it."""
        lists = {name: list(words) for name, words in self.lists.items()}
        sources = [f"(?:{p})" for p in patterns]
        for i, source in enumerate(sources):
            compile_regex(source, f"{key}[{i}]", ignore_case=self.ignore_case, **lists)
        joined = "|".join(sources)
        return compile_regex(f"^(?:{joined})$" if whole else joined, key, ignore_case=self.ignore_case, **lists)

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield a hit for each block of the section after the article, the header's included."""
        units = units_of(blocks)
        _, last = densest(units, self.density)
        if last < 0:
            return  # no line long enough to be an article's: nothing to come after it
        found = [k for k in (self._header_after(units, last), self._thread_start(units)) if k is not None]
        if not found:
            return
        start = min(found)
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
        return next((k for k in range(last + 1, len(units)) if self._is_header(self._header, units[k])), None)

    def _thread_start(self, units: Sequence[Unit]) -> int | None:
        """The index of the first thread header after the first full paragraph that lines like
        a comment thread's follow (or, with min-signs-without-header, of the first of enough
        such lines close together), or None."""
        header, sign = self._thread_header, self._thread_sign
        if sign is None:
            return None
        first = next((k for k, unit in enumerate(units) if unit.words >= FULL), len(units))
        # Headers and signs are short lines ("Jane says:", "Reply"): the paragraphs between
        # them are never searched, and each line is searched once.
        short = [k for k in range(first + 1, len(units)) if units[k].words <= self.max_header_words]
        signs = [k for k in short if search(sign, units[k].text)]
        unheaded = self.min_signs_without_header
        for k in short:
            # The signs in the thread-reach lines after line k, counted from the sorted list.
            after = bisect.bisect_right(signs, k)
            following = bisect.bisect_right(signs, k + self.thread_reach) - after
            if header is not None and self._is_header(header, units[k]):
                if following >= self.min_thread_signs:
                    return k
            elif unheaded and after and signs[after - 1] == k and 1 + following >= unheaded:
                return k
        return None

    def _is_header(self, header: regex.Pattern, unit: Unit) -> bool:
        """True when the whole line, less a closing mark, is one of the headers."""
        return unit.words <= self.max_header_words and search(header, unit.text.rstrip(_CLOSING)) is not None
