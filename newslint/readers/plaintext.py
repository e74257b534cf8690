"""Plain text reader: one block per paragraph line; the first real line is the headline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import regex

from newslint.document import FOOTNOTE, HEADLINE, PARAGRAPH, Block, make_document, verbatim_block
from newslint.readers import ReadOptions, ReadResult
from newslint.readers.decoding import empty_document, whole_text
from newslint.suppressions import find_directives

# A headline is never a skip link or a lone menu word: the scraper put those first.
NOT_A_HEADLINE = regex.compile(
    r"(?i)^\W*(skip to (main )?(content|navigation|main)|jump to (content|navigation)|menu|"
    r"search|home|main menu|navigation|toggle navigation|close|sign in|log in|subscribe|"
    r"advertisement|cookies?.*|accept( all)?( cookies)?)\W*$"
)
# A note line: "[1] text", "[^1]: text", "[^source]: text", "^1 text", or a bare "[3]".
FOOTNOTE_LINE = regex.compile(r"^\s*(?:\[\d{1,3}\]:?|\[\^[\w-]{1,20}\]:?|\^\d{1,3}\s)(?:\s*\S|\s*$)")
COMMENT_LINE = regex.compile(r"^\s*<!--.*-->\s*$")
# A line ending in one of these closes its paragraph; otherwise a following line that
# starts in lower case is a hard-wrapped continuation of it.
CLOSING_MARKS = frozenset(""".!?:;…"'”’)]""")
# The white space that may follow them: \s of the `regex` module (str.isspace but for
# \x1c-\x1f), written out; tests compare it with the module and closes() with the regex
# [.!?:;…"'”’)\]]\s*$ it stands for, without a regex scan of every line.
REGEX_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def closes(line: str) -> bool:
    """True when the line ends in a closing mark (and white space)."""
    return line.rstrip(REGEX_SPACE)[-1:] in CLOSING_MARKS


def _lines(source: str) -> Iterator[tuple[int, int]]:
    # Split on "\n" only, like LineIndex: form feeds and U+2028 are not line breaks here.
    start = 0
    for line in source.split("\n"):
        yield start, start + len(line.rstrip("\r"))
        start += len(line) + 1


def plain_blocks(source: str, field: str | None = None, find_headline: bool = True) -> list[Block]:
    """Split plain text into blocks: hard-wrapped lines join, other lines stand alone."""
    units: list[list[int]] = []  # [start, end] of each unit
    previous_open = False
    for start, end in _lines(source):
        line = source[start:end]
        if not line.strip() or ("<!--" in line and COMMENT_LINE.match(line)):
            previous_open = False
            continue
        stripped = line.lstrip()
        continues = previous_open and stripped[:1].islower() and not FOOTNOTE_LINE.match(line)
        if continues:
            units[-1][1] = end
        else:
            units.append([start + len(line) - len(stripped), end])
        previous_open = not closes(line)
    blocks = []
    headline_found = not find_headline
    for start, end in units:
        text = source[start:end]
        end = start + len(text.rstrip())
        if not headline_found and not NOT_A_HEADLINE.match(text):
            kind = HEADLINE
            headline_found = True
        elif FOOTNOTE_LINE.match(text):
            kind = FOOTNOTE
        else:
            kind = PARAGRAPH
        blocks.append(verbatim_block(kind, source, start, end, field))
    return blocks


def read(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """Read a plain-text article."""
    source = yield from whole_text(path, stream)
    if source is None:
        return
    blocks = plain_blocks(source)
    if not blocks:
        yield empty_document(path, "only comments, nothing to check")
        return
    yield make_document(path, blocks, {None: source}, directives=find_directives(source))
