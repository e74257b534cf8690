"""Markdown reader: prose blocks from markdown-it tokens, inline markup stripped, source mapped.

markdown-it gives block tokens a line map but inline tokens no positions, so each inline
token is found again in its block's content (a left-to-right walk), and each content
character is tied to its offset in the file through the content's source lines.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from dataclasses import replace
from typing import Any, BinaryIO, Iterator, Sequence

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from newslint.document import (
    BLOCKQUOTE,
    FOOTNOTE,
    HEADING,
    HEADLINE,
    ITEM,
    PARAGRAPH,
    Block,
    MappedText,
    make_document,
    verbatim_block,
)
from newslint.readers import ReadOptions, ReadProblem, ReadResult
from newslint.readers.decoding import decode_document, empty_document
from newslint.readers.records import field_directive
from newslint.suppressions import find_directives

# markdown-it splits lines on these after normalising; our line table must agree with it.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
EMPHASIS = {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}
CONTAINERS = {"blockquote_open": BLOCKQUOTE, "list_item_open": ITEM, "footnote_reference_open": FOOTNOTE}
CLOSERS = {"blockquote_close", "list_item_close", "footnote_reference_close"}
NOT_PROSE = {"code_block", "fence"}

_PARSER: MarkdownIt | None = None


def parser() -> MarkdownIt:
    """The shared CommonMark parser with front matter, footnotes and GFM tables."""
    global _PARSER
    if _PARSER is None:
        md = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin).enable("table")
        # Entities and escapes must stay separate tokens so each maps to its own source span.
        md.disable("text_join")
        # The plugin gives inline notes ^[...] no source map; they stay plain text.
        md.disable("footnote_inline")
        # The tail step moves notes to the end and drops unreferenced ones, which are
        # exactly what a footnote check must see; definitions stay where they are written.
        md.disable("footnote_tail")
        _PARSER = md
    return _PARSER


def line_table(source: str) -> list[tuple[int, int]]:
    """(start, end) source offsets of each line's content, line terminators excluded."""
    lines = []
    start = 0
    for m in LINE_BREAK.finditer(source):
        lines.append((start, m.start()))
        start = m.end()
    lines.append((start, len(source)))
    return lines


def _align(piece: str, line: str, base: int, search_from: int | None) -> list[int]:
    """Source offsets of each character of `piece`, a line of block content taken from `line`."""
    core = piece.strip()
    lead = len(piece) - len(piece.lstrip())
    stripped = line.rstrip()
    if search_from is not None:  # a table cell: the next occurrence along the row
        pos = line.find(core, search_from)
    elif stripped.endswith(core):
        pos = len(stripped) - len(core)
    else:  # an ATX heading with closing hashes
        pos = stripped.rfind(core)
    if pos < 0:
        pos = len(line) - len(line.lstrip())
    offsets = [base + pos] * lead
    count = len(piece) - lead
    inside = max(0, min(count, len(line) - pos))
    offsets.extend(range(base + pos, base + pos + inside))
    offsets.extend([base + len(line)] * (count - inside))
    return offsets


def content_offsets(content: str, first_line: int, lines: Sequence[tuple[int, int]], source: str, search_from: int | None = None) -> list[int]:
    """Source offset of every character of an inline token's content (newlines included)."""
    offsets: list[int] = []
    for i, piece in enumerate(content.split("\n")):
        n = min(first_line + i, len(lines) - 1)
        start, end = lines[n]
        # markdown-it replaced NUL with U+FFFD; compare like with like.
        line = source[start:end].replace("\0", "\ufffd")
        offsets.extend(_align(piece, line, start, search_from))
        offsets.append(end)
    offsets.pop()
    return offsets


def _closing_bracket(content: str, i: int) -> int:
    """Index of the ']' matching the '[' at i (escapes and nesting respected), or -1."""
    depth = 0
    while i < len(content):
        ch = content[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _after_link_tail(content: str, i: int) -> int:
    """Index just past a link's '](url "title")', '][ref]' or ']' starting at or after i."""
    close = content.find("]", i)
    if close < 0:
        return i
    k = close + 1
    if content[k : k + 1] == "[":
        end = content.find("]", k)
        return end + 1 if end >= 0 else k
    if content[k : k + 1] != "(":
        return k
    depth, quote, m = 0, "", k + 1
    while m < len(content):
        ch = content[m]
        if ch == "\\":
            m += 2
            continue
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and content[m - 1] in " \t\n":
            quote = ch
        elif ch == "<" and content[m - 1] == "(":
            end = content.find(">", m)
            m = end if end >= 0 else m
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return m + 1
            depth -= 1
        m += 1
    return k


class InlineWalk:
    """Rebuilds an inline token's visible text, tying each character to the file."""

    def __init__(self, content: str, offsets: list[int], out: MappedText) -> None:
        self.content = content
        self.offsets = offsets
        self.out = out
        self.cursor = 0

    def _at(self, i: int) -> int:
        if not self.offsets:
            return 0
        return self.offsets[min(max(i, 0), len(self.offsets) - 1)]

    @functools.cached_property
    def _breaks(self) -> list[int]:
        """Every k where offsets[k] does not follow offsets[k - 1]: where a contiguous run ends.

        Worked out with C-level iterators: a loop in Python over every character of every
        paragraph cost more than parsing the Markdown."""
        offsets = self.offsets
        if not offsets or offsets == list(range(offsets[0], offsets[0] + len(offsets))):
            return []  # most paragraphs are one run: a list comparison in C settles it
        steps = map(operator.sub, itertools.islice(offsets, 1, None), offsets)
        return list(itertools.compress(itertools.count(1), map((1).__ne__, steps)))

    def _emit(self, text: str, a: int, b: int) -> None:
        """Append text[a:b] (content coordinates), in runs that are contiguous in the file."""
        breaks = self._breaks
        k = bisect.bisect_right(breaks, a)
        i = a
        while i < b:
            j = breaks[k] if k < len(breaks) and breaks[k] < b else b
            self.out.replace(text[i:j], self.offsets[i], self.offsets[i] + (j - i))
            i = j
            k += 1

    def _find(self, needle: str) -> int:
        return self.content.find(needle, self.cursor) if needle else -1

    def _skip(self, needle: str) -> None:
        pos = self._find(needle)
        if pos >= 0:
            self.cursor = pos + len(needle)

    def _text(self, text: str) -> None:
        pos = self._find(text)
        if pos < 0:  # should not happen; keep the text, anchored where we are
            self.out.replace(text, self._at(self.cursor), self._at(self.cursor))
            return
        self._emit(self.content, pos, pos + len(text))
        self.cursor = pos + len(text)

    def walk(self, tokens: Sequence[Token]) -> None:
        """Append the visible text of the inline tokens."""
        for tok in tokens:
            kind = tok.type
            if kind == "text":
                self._text(tok.content)
            elif kind == "text_special":  # an entity or a backslash escape
                pos = self._find(tok.markup)
                if pos < 0:
                    self.out.replace(tok.content, self._at(self.cursor), self._at(self.cursor))
                    continue
                end = pos + len(tok.markup)
                self.out.replace(tok.content, self._at(pos), self._at(end - 1) + 1)
                self.cursor = end
            elif kind in ("softbreak", "hardbreak"):
                pos = self._find("\n")
                if pos >= 0:
                    self._emit(self.content, pos, pos + 1)
                    self.cursor = pos + 1
            elif kind == "code_inline":
                self._code(tok)
            elif kind in EMPHASIS:
                self._skip(tok.markup)
            elif kind == "link_open":
                self._skip("<" if tok.markup == "autolink" else "[")
            elif kind == "link_close":
                if tok.markup == "autolink":
                    self._skip(">")
                else:
                    self.cursor = _after_link_tail(self.content, self.cursor)
            elif kind == "image":  # not prose: neither the alt text nor the target
                start = self._find("![")
                if start >= 0:
                    close = _closing_bracket(self.content, start + 1)
                    self.cursor = _after_link_tail(self.content, close if close >= 0 else start + 2)
            elif kind == "html_inline":
                self._skip(tok.content)
            elif kind == "footnote_ref":  # the marker stays so footnote checks can see it
                self._text(f"[^{tok.meta.get('label', '')}]")

    def _code(self, tok: Token) -> None:
        """Inline code keeps its text; a line break inside it reads as a space."""
        start = self._find(tok.markup)
        if start < 0:
            return
        flat = self.content.replace("\n", " ")
        inner = flat.find(tok.content, start + len(tok.markup))
        if inner >= 0 and tok.content:
            self._emit(flat, inner, inner + len(tok.content))
            self.cursor = inner + len(tok.content)
        else:
            self.cursor = start + len(tok.markup)
        self._skip(tok.markup)


def _front_matter(
    path: str, token: Token, source: str, lines: Sequence[tuple[int, int]], options: ReadOptions
) -> tuple[dict[str, Any], Block | None, list[ReadProblem]]:
    """Front-matter metadata, the headline block from its title key, and any problems."""
    try:
        data = yaml.safe_load(token.content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening ---
        column = mark.column + 1 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, None, [ReadProblem(path, f"front matter is not valid YAML ({reason}); it was ignored. Fix the YAML between the --- lines.", line=line, column=column)]
    if data is None:
        return {}, None, []
    if not isinstance(data, dict):
        return {}, None, [ReadProblem(path, f"front matter should be a mapping of keys to values, got {type(data).__name__}; it was ignored", line=2, severity="warning")]
    problems: list[ReadProblem] = []
    body_lines = range(token.map[0] + 1, max(token.map[1] - 1, token.map[0] + 1)) if token.map else range(0)
    for key in options.title_fields:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            problems.append(ReadProblem(path, f"front-matter '{key}' should be text, got {type(value).__name__}; it was not used as the headline", line=2, severity="warning"))
            continue
        return data, _title_block(key, value, source, lines, body_lines), problems
    return data, None, problems


def _title_block(key: str, value: str, source: str, lines: Sequence[tuple[int, int]], body_lines: range) -> Block | None:
    """A headline block for a front-matter title, mapped to where its value is written."""
    key_line = re.compile(rf"{re.escape(key)}[ \t]*:[ \t]*")
    for n in body_lines:
        start, end = lines[n]
        m = key_line.match(source, start, end)
        if not m:
            continue
        raw = source[m.end() : end]
        found = raw.find(value.strip()) if value.strip() else -1
        if found >= 0 and "\n" not in value.strip():
            begin = m.end() + found
            return verbatim_block(HEADLINE, source, begin, begin + len(value.strip()))
        # Quoted with escapes, folded or block scalar: map the value to its whole span.
        last = n
        while last + 1 in body_lines and (source[lines[last + 1][0] : lines[last + 1][0] + 1] in (" ", "\t") or lines[last + 1][0] == lines[last + 1][1]):
            last += 1
        out = MappedText()
        out.replace(value, m.end(), lines[last][1])
        return out.block(HEADLINE)
    if body_lines:  # written in flow style or similar: anchor at the start of the front matter
        out = MappedText()
        out.replace(value, lines[body_lines.start][0], lines[body_lines.start][0])
        return out.block(HEADLINE)
    return None


def _masked(source: str, tokens: Sequence[Token], lines: Sequence[tuple[int, int]]) -> str:
    """The source with code blocks blanked, so directive examples in code do not count."""
    chars = list(source)
    for tok in tokens:
        if tok.type in NOT_PROSE and tok.map:
            for n in range(tok.map[0], min(tok.map[1], len(lines))):
                start, end = lines[n]
                chars[start:end] = " " * (end - start)
    return "".join(chars)


def _footnote_marker(out: MappedText, label: str, first_line: int, first_offset: int, source: str, lines: Sequence[tuple[int, int]]) -> None:
    """Start a footnote block with its '[^label]:' marker as written in the file."""
    marker = f"[^{label}]:"
    for n in range(first_line, max(first_line - 3, -1), -1):
        start, end = lines[n]
        pos = source.find(marker, start, end)
        if pos >= 0:
            after = pos + len(marker)
            out.copy(source, pos, after)
            gap = source[after:first_offset]
            if gap.strip(" \t") == "":
                out.copy(source, after, first_offset)
            else:
                out.replace(" ", after, first_offset)
            return


def markdown_blocks(source: str, tokens: Sequence[Token], lines: Sequence[tuple[int, int]]) -> list[tuple[Block, int]]:
    """Prose blocks in token order, each with its heading level (0 for non-headings)."""
    blocks: list[tuple[Block, int]] = []
    containers: list[str] = []
    heading_level = 0
    footnote_label: str | None = None
    footnote_line = 0
    in_cell = False
    row_cursor = 0
    for tok in tokens:
        kind = tok.type
        if kind in CONTAINERS:
            containers.append(CONTAINERS[kind])
            if kind == "footnote_reference_open":
                footnote_label = str(tok.meta.get("label"))
                footnote_line = tok.map[0] if tok.map else 0
        elif kind in CLOSERS:
            if kind == "footnote_reference_close" and footnote_label is not None:
                # "[^2]:" with nothing after it: keep the empty note so checks can see it.
                out = MappedText()
                _footnote_marker(out, footnote_label, footnote_line, lines[footnote_line][0], source, lines)
                block = out.block(FOOTNOTE)
                if block is not None:
                    blocks.append((block, 0))
                footnote_label = None
            if containers:
                containers.pop()
        elif kind == "heading_open":
            heading_level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "tr_open":
            row_cursor = 0
        elif kind in ("th_open", "td_open"):
            in_cell = True
        elif kind in ("th_close", "td_close"):
            in_cell = False
        elif kind == "inline" and tok.map:
            block_kind = HEADING if heading_level else (containers[-1] if containers else PARAGRAPH)
            plain = None if in_cell or footnote_label is not None else _plain_line(tok, lines, source, block_kind)
            if plain is not None:
                blocks.append((plain, heading_level))
                continue
            offsets = content_offsets(tok.content, tok.map[0], lines, source, row_cursor if in_cell else None)
            if in_cell and offsets:
                row_cursor = offsets[-1] - lines[tok.map[0]][0] + 1
            out = MappedText()
            if footnote_label is not None and containers and containers[-1] == FOOTNOTE:
                _footnote_marker(out, footnote_label, tok.map[0], offsets[0] if offsets else lines[tok.map[0]][0], source, lines)
                footnote_label = None
            InlineWalk(tok.content, offsets, out).walk(tok.children or ())
            block = out.block(block_kind)
            if block is not None:
                blocks.append((block, heading_level))
    return blocks


def _plain_line(tok: Token, lines: Sequence[tuple[int, int]], source: str, kind: str) -> Block | None:
    """The block of a one-line inline token that is only text (no markup, escape or entity),
    copied straight from its line; None when it needs the InlineWalk.

    Most paragraphs of an article are such lines; mapping them character by character costs
    more than markdown-it's own parsing of them. The result is the block InlineWalk makes."""
    content = tok.content
    children = tok.children
    if not content or "\n" in content or not children or len(children) != 1:
        return None
    if children[0].type != "text" or children[0].content != content or content != content.strip():
        return None
    start, end = lines[tok.map[0]]
    line_end = start + len(source[start:end].rstrip())
    begin = line_end - len(content)
    if begin < start or source[begin:line_end] != content:
        return None  # a closing '#' run, a NUL markdown-it replaced: InlineWalk knows these
    return verbatim_block(kind, source, begin, line_end)


def _choose_headline(blocks: list[tuple[Block, int]]) -> list[Block]:
    """The first h1 (else the first heading) becomes the headline."""
    levels = [level for _, level in blocks if level]
    if not levels:
        return [b for b, _ in blocks]
    wanted = 1 if 1 in levels else levels[0]
    chosen = next(i for i, (_, level) in enumerate(blocks) if level == wanted)
    return [replace(b, kind=HEADLINE) if i == chosen else b for i, (b, _) in enumerate(blocks)]


def read(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """Read a Markdown article."""
    source, problems = decode_document(path, stream.read())
    yield from problems
    if source is None:
        return
    tokens = parser().parse(source)
    lines = line_table(source)
    metadata: dict[str, Any] = {}
    headline: Block | None = None
    directives = []
    if tokens and tokens[0].type == "front_matter":
        metadata, headline, problems = _front_matter(path, tokens[0], source, lines, options)
        yield from problems
        if options.suppress_field in metadata:
            directive, bad = field_directive(path, options.suppress_field, metadata[options.suppress_field])
            if bad:
                yield replace(bad, line=2)
            if directive:
                directives.append(directive)
    found = markdown_blocks(source, tokens, lines)
    if headline is not None:
        blocks = [headline] + [b for b, _ in found]
    else:
        blocks = _choose_headline(found)
    if not blocks:
        yield empty_document(path, "no prose outside front matter, code and HTML blocks")
        return
    directives.extend(find_directives(_masked(source, tokens, lines)))
    yield make_document(path, blocks, {None: source}, metadata=metadata, directives=directives)
