"""HTML reader: the visible text of a page as blocks, every character mapped to its source.

Uses the standard library's HTMLParser (no dependency; it reports the line and column of
each event and tolerates broken markup). Entities are decoded here rather than by the
parser, so each decoded character keeps the span of the entity it came from.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import BinaryIO

from newslint.document import (
    BLOCKQUOTE,
    CELL,
    FOOTNOTE,
    HEADING,
    HEADLINE,
    ITEM,
    PARAGRAPH,
    Block,
    MappedText,
    make_document,
)
from newslint.readers import ReadOptions, ReadProblem, ReadResult
from newslint.readers.decoding import empty_document, whole_text
from newslint.suppressions import find_directives

# Elements that start and end a block of text; inline elements (a, span, em...) do not.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section "
    "summary table tbody td tfoot th thead title tr ul br option legend".split()
)
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Never visible prose. <head> is handled apart: its <title> is the page's headline.
HIDDEN_TAGS = frozenset("script style noscript template svg math".split())
HEAD_TAGS = frozenset("title meta link style script base noscript template".split())
# An element of one of these closes an open element of the same name (<li>a<li>b).
SELF_CLOSING_SIBLINGS = frozenset("p li dt dd tr td th option".split())
KIND_OF_TAG = {"li": ITEM, "blockquote": BLOCKQUOTE, "td": CELL, "th": CELL, **{f"h{n}": HEADING for n in range(2, 7)}}
# White space that must be rewritten as one space: runs, and lone tabs or line breaks.
# (Written so that each match must begin at one of five characters, which the regex engine
# looks for quickly.)
ODD_SPACE = re.compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")
ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][-.a-zA-Z0-9]*);?")
FOOTNOTE_ID = re.compile(r"^(fn|footnote|endnote)[-_:]?\w", re.IGNORECASE)


def _looks_like_footnote(attrs: dict[str, str]) -> bool:
    """Best effort: <li id="fn1">, class="footnotes", role="doc-endnote" and the like."""
    classes = attrs.get("class", "").lower()
    role = attrs.get("role", "").lower()
    return (
        bool(FOOTNOTE_ID.match(attrs.get("id", "")))
        or "footnote" in classes
        or "endnote" in classes
        or role in ("doc-endnote", "doc-endnotes", "doc-footnote")
    )


def _is_backlink(attrs: dict[str, str]) -> bool:
    """The little arrow in a footnote that links back to its marker: not part of the note."""
    classes = attrs.get("class", "").lower()
    return (
        attrs.get("role", "") == "doc-backlink"
        or "backref" in classes
        or "footnote-back" in classes
        or attrs.get("href", "").startswith("#fnref")
    )


@dataclass(frozen=True)
class Open:
    """An open element and what it inherits from its ancestors, so that no question about the
    open elements has to walk the whole stack (deeply nested pages stay linear)."""

    tag: str
    blocked: bool  # inside script, style, a back-link, a hidden element...
    footnote: bool
    in_head: bool
    in_title: bool
    pre: bool
    kind: tuple[str, str]  # (block kind, 'h1' | 'title' | '') of the innermost marked element
    # Derived once here rather than per text node: is text here shown, and as what block?
    hidden: bool = field(init=False)  # blocked, or in <head> but not in its <title>
    block_kind: tuple[str, str] = field(init=False)  # `kind`, unless inside a footnote

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", self.blocked or (self.in_head and not self.in_title))
        object.__setattr__(self, "block_kind", (FOOTNOTE, "") if self.footnote else self.kind)

    def child(self, tag: str, footnote: bool, hidden: bool) -> Open:
        """The element `tag` opened inside this one."""
        if tag in ("h1", "title"):
            kind = ((HEADLINE if tag == "h1" else PARAGRAPH), tag)
        else:
            kind = (KIND_OF_TAG[tag], "") if tag in KIND_OF_TAG else self.kind
        return Open(
            tag,
            self.blocked or hidden,
            self.footnote or footnote,
            self.in_head or tag == "head",
            self.in_title or tag == "title",
            self.pre or tag == "pre",
            kind,
        )


ROOT = Open("", False, False, False, False, False, (PARAGRAPH, ""))


class VisibleText(HTMLParser):
    """Collects visible text into blocks, tagged 'h1' or 'title' where that matters."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        # Per line, not per character: str.split and accumulate do the scanning in C.
        self.line_starts = [0, *itertools.accumulate(len(line) + 1 for line in source.split("\n")[:-1])]
        self.stack: list[Open] = []
        self.top = ROOT  # the innermost open element (a neutral root when none is open)
        self.open_count: dict[str, int] = {}
        # A page opens the same few kinds of element again and again: each (parent, tag,
        # footnote, hidden) becomes an Open once. Keyed by id: every Open made is a value here.
        self.children: dict[tuple[int, str, bool, bool], Open] = {}
        self.blocks: list[tuple[Block, str]] = []
        self.out = MappedText()  # the block being built
        self.space: tuple[int, int] | None = None  # white space seen since the last text

    def source_offset(self) -> int:
        """Source offset of the event being handled."""
        line, column = self.getpos()
        return self.line_starts[min(line, len(self.line_starts)) - 1] + column

    def _push(self, tag: str, footnote: bool, hidden: bool) -> None:
        parent = self.top
        key = (id(parent), tag, footnote, hidden)
        child = self.children.get(key)
        if child is None:
            child = self.children[key] = parent.child(tag, footnote, hidden)
        self.stack.append(child)
        self.top = child
        self.open_count[tag] = self.open_count.get(tag, 0) + 1

    def _close_from(self, index: int) -> None:
        """Close the element at `index` and everything opened inside it."""
        counts = self.open_count
        for element in self.stack[index:]:
            counts[element.tag] -= 1
        del self.stack[index:]
        self.top = self.stack[-1] if self.stack else ROOT

    def _innermost(self, tag: str) -> int:
        """Index of the innermost open `tag` (searched from the top: usually one step)."""
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                return i
        return -1

    def flush(self) -> None:
        """End the current block."""
        self.space = None
        if not len(self.out):
            return  # most block tags end no text
        kind, role = self.top.block_kind
        block = self.out.block(kind)
        if block is not None:
            self.blocks.append((block, role))
        self.out = MappedText()

    def _text(self, text: str, start: int, end: int) -> None:
        if self.space is not None and len(self.out):
            s, e = self.space
            self.out.replace(" ", s, e)
        self.space = None
        self.out.replace(text, start, end)

    def _spaces(self, start: int, end: int) -> None:
        if self.space is None:
            self.space = (start, end)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element: a block element ends the current block."""
        if self.open_count.get("head") and (tag == "body" or tag not in HEAD_TAGS):
            self._close_from(self._innermost("head"))  # the page forgot </head>
        if tag in BLOCK_TAGS:
            self.flush()
        if tag in VOID_TAGS:
            return
        if tag in SELF_CLOSING_SIBLINGS and self.top.tag == tag:
            self._close_from(len(self.stack) - 1)
        if attrs:
            values = {k: v or "" for k, v in attrs}
            footnote = tag in BLOCK_TAGS and _looks_like_footnote(values)
            hidden = tag in HIDDEN_TAGS or (tag == "a" and _is_backlink(values)) or "hidden" in values
        else:  # what the two tests answer for no attributes
            footnote, hidden = False, tag in HIDDEN_TAGS
        self._push(tag, footnote, hidden)

    def handle_endtag(self, tag: str) -> None:
        """Close an element (and any left open inside it); stray end tags are ignored."""
        if tag in BLOCK_TAGS:
            self.flush()
        if self.open_count.get(tag):
            self._close_from(self._innermost(tag))

    def handle_data(self, data: str) -> None:
        """Visible text: white space runs collapse to one space (kept mapped to the run)."""
        top = self.top
        if top.hidden:
            return
        start = self.source_offset()
        if top.pre:
            for i, line in enumerate(data.split("\n")):
                if i:
                    self.flush()  # preformatted lines are lines
                self._collapse(line, start)
                start += len(line) + 1
        else:
            self._collapse(data, start)

    def _collapse(self, data: str, start: int) -> None:
        # Most text nodes hold no odd white space (a few C scans say so, far cheaper than the
        # regular expression), and most of the others are nothing but white space.
        if not ("\n" in data or "  " in data or "\t" in data or "\r" in data or "\f" in data):
            self._chunk(data, 0, len(data), start)
            return
        if not data.strip(" \t\n\r\f"):
            self._spaces(start, start + len(data))  # one run, all of it
            return
        # Text between odd white space (not a lone plain space) is copied in one piece.
        pos = 0
        for m in ODD_SPACE.finditer(data):
            self._chunk(data, pos, m.start(), start)
            self._spaces(start + m.start(), start + m.end())
            pos = m.end()
        self._chunk(data, pos, len(data), start)

    def _chunk(self, data: str, a: int, b: int, start: int) -> None:
        """data[a:b] holds no white space but single plain spaces."""
        if a < b and data[a] == " ":
            self._spaces(start + a, start + a + 1)
            a += 1
        trailing = a < b and data[b - 1] == " "
        if trailing:
            b -= 1
        if a < b:
            self._text(data[a:b], start + a, start + b)
        if trailing:
            self._spaces(start + b, start + b + 1)

    def _reference(self) -> None:
        if self.top.hidden:
            return
        start = self.source_offset()
        m = ENTITY.match(self.source, start)
        if not m:
            return
        raw = m.group()
        decoded = html.unescape(raw)
        if decoded.strip(" \t\n\r\f") == "":
            self._spaces(m.start(), m.end())
        else:
            self._text(decoded, m.start(), m.end())

    def handle_entityref(self, name: str) -> None:
        """&amp; and friends: decoded, mapped to the whole entity."""
        self._reference()

    def handle_charref(self, name: str) -> None:
        """&#8217; and &#x2019;: decoded, mapped to the whole reference."""
        self._reference()


def html_blocks(source: str) -> tuple[list[Block], dict[str, str], str | None]:
    """Blocks of visible text, metadata (the <title>), and a parser complaint if it gave up."""
    parser = VisibleText(source)
    complaint = None
    try:
        parser.feed(source)
        parser.close()
    except Exception as exc:  # the stdlib parser is lenient, but a crash must not stop the run
        complaint = f"the HTML parser stopped near line {parser.getpos()[0]} ({type(exc).__name__}: {exc}); text after that point was not checked"
    parser.flush()
    found = parser.blocks
    metadata: dict[str, str] = {}
    titles = [b for b, role in found if role == "title"]
    if titles:
        metadata["title"] = titles[0].text
    has_h1 = any(role == "h1" for _, role in found)
    blocks: list[Block] = []
    headline_taken = False
    for block, role in found:
        if role == "title":
            if has_h1 or headline_taken:
                continue  # "Headline | Site" repeats the <h1>; kept in metadata instead
            block = replace(block, kind=HEADLINE)
        elif role == "h1" and headline_taken:
            block = replace(block, kind=HEADING)
        headline_taken = headline_taken or block.kind == HEADLINE
        blocks.append(block)
    return blocks, metadata, complaint


def read(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """Read an HTML page."""
    source = yield from whole_text(path, stream)
    if source is None:
        return
    blocks, metadata, complaint = html_blocks(source)
    if complaint:
        yield ReadProblem(path, complaint)
    if not blocks:
        yield empty_document(path, "no visible text outside scripts, styles and comments")
        return
    yield make_document(path, blocks, {None: source}, metadata=metadata, directives=find_directives(source))
