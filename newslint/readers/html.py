"""HTML reader: the visible text of a page as blocks, every character mapped to its source.

Uses the standard library's HTMLParser (no dependency; it reports the line and column of
each event and tolerates broken markup). Entities are decoded here rather than by the
parser, so each decoded character keeps the span of the entity it came from.
"""

from __future__ import annotations

import html
import re
import collections
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import BinaryIO, Iterator

from newslint.document import BLOCKQUOTE, FOOTNOTE, HEADING, HEADLINE, ITEM, PARAGRAPH, Block, MappedText, make_document
from newslint.readers import ReadOptions, ReadProblem, ReadResult
from newslint.readers.decoding import decode_document, empty_document
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
KIND_OF_TAG = {"li": ITEM, "blockquote": BLOCKQUOTE, **{f"h{n}": HEADING for n in range(2, 7)}}
# White space that must be rewritten as one space: runs, and lone tabs or line breaks.
ODD_SPACE = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]")
ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][-.a-zA-Z0-9]*);?")
FOOTNOTE_ID = re.compile(r"^(fn|footnote|endnote)[-_:]?\w", re.IGNORECASE)


def _looks_like_footnote(attrs: dict[str, str]) -> bool:
    """Best effort: <li id="fn1">, class="footnotes", role="doc-endnote" and the like."""
    classes = attrs.get("class", "").lower()
    role = attrs.get("role", "").lower()
    return bool(FOOTNOTE_ID.match(attrs.get("id", ""))) or "footnote" in classes or "endnote" in classes or role in ("doc-endnote", "doc-endnotes", "doc-footnote")


def _is_backlink(attrs: dict[str, str]) -> bool:
    """The little arrow in a footnote that links back to its marker: not part of the note."""
    classes = attrs.get("class", "").lower()
    return attrs.get("role", "") == "doc-backlink" or "backref" in classes or "footnote-back" in classes or attrs.get("href", "").startswith("#fnref")


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

    @property
    def hidden(self) -> bool:
        """True when text here is not shown: blocked, or in <head> but not in its <title>."""
        return self.blocked or (self.in_head and not self.in_title)


ROOT = Open("", False, False, False, False, False, (PARAGRAPH, ""))


class VisibleText(HTMLParser):
    """Collects visible text into blocks, tagged 'h1' or 'title' where that matters."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[Open] = []
        self.open_count: collections.Counter[str] = collections.Counter()
        self.blocks: list[tuple[Block, str]] = []
        self.out = MappedText()
        self.space: tuple[int, int] | None = None  # white space seen since the last text

    def source_offset(self) -> int:
        """Source offset of the event being handled."""
        line, column = self.getpos()
        return self.line_starts[min(line, len(self.line_starts)) - 1] + column

    @property
    def top(self) -> Open:
        """The innermost open element (a neutral root when none is open)."""
        return self.stack[-1] if self.stack else ROOT

    def _hidden(self) -> bool:
        return self.top.hidden

    def _kind(self) -> tuple[str, str]:
        """(block kind, 'h1' | 'title' | '') from the open elements, innermost first."""
        return (FOOTNOTE, "") if self.top.footnote else self.top.kind

    def _push(self, tag: str, footnote: bool, hidden: bool) -> None:
        parent = self.top
        in_head = parent.in_head or tag == "head"
        in_title = parent.in_title or tag == "title"
        if tag in ("h1", "title"):
            kind = ((HEADLINE if tag == "h1" else PARAGRAPH), tag)
        else:
            kind = (KIND_OF_TAG[tag], "") if tag in KIND_OF_TAG else parent.kind
        self.stack.append(
            Open(tag, parent.blocked or hidden, parent.footnote or footnote, in_head, in_title, parent.pre or tag == "pre", kind)
        )
        self.open_count[tag] += 1

    def _close_from(self, index: int) -> None:
        """Close the element at `index` and everything opened inside it."""
        for element in self.stack[index:]:
            self.open_count[element.tag] -= 1
        del self.stack[index:]

    def _innermost(self, tag: str) -> int:
        """Index of the innermost open `tag` (searched from the top: usually one step)."""
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                return i
        return -1

    def flush(self) -> None:
        """End the current block."""
        kind, role = self._kind()
        block = self.out.block(kind)
        if block is not None:
            self.blocks.append((block, role))
        self.out = MappedText()
        self.space = None

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
        if self.open_count["head"] and (tag == "body" or tag not in HEAD_TAGS):
            self._close_from(self._innermost("head"))  # the page forgot </head>
        if tag in BLOCK_TAGS:
            self.flush()
        if tag in VOID_TAGS:
            return
        if tag in SELF_CLOSING_SIBLINGS and self.stack and self.stack[-1].tag == tag:
            self._close_from(len(self.stack) - 1)
        values = {k: v or "" for k, v in attrs}
        footnote = tag in BLOCK_TAGS and _looks_like_footnote(values)
        hidden = tag in HIDDEN_TAGS or (tag == "a" and _is_backlink(values)) or "hidden" in values
        self._push(tag, footnote, hidden)

    def handle_endtag(self, tag: str) -> None:
        """Close an element (and any left open inside it); stray end tags are ignored."""
        if tag in BLOCK_TAGS:
            self.flush()
        if self.open_count[tag]:
            self._close_from(self._innermost(tag))

    def handle_data(self, data: str) -> None:
        """Visible text: white space runs collapse to one space (kept mapped to the run)."""
        if self._hidden():
            return
        start = self.source_offset()
        if self.top.pre:
            for i, line in enumerate(data.split("\n")):
                if i:
                    self.flush()  # preformatted lines are lines
                self._collapse(line, start)
                start += len(line) + 1
        else:
            self._collapse(data, start)

    def _collapse(self, data: str, start: int) -> None:
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
        if self._hidden():
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
    source, problems = decode_document(path, stream.read())
    yield from problems
    if source is None:
        return
    blocks, metadata, complaint = html_blocks(source)
    if complaint:
        yield ReadProblem(path, complaint)
    if not blocks:
        yield empty_document(path, "no visible text outside scripts, styles and comments")
        return
    yield make_document(path, blocks, {None: source}, metadata=metadata, directives=find_directives(source))
