"""Markdown inline text with source maps: each character of an inline token tied to the file.

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
from collections.abc import Sequence

from markdown_it.token import Token

from newslint.document import MappedText

# markdown-it splits lines on these after normalising; our line table must agree with it.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
EMPHASIS = {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}


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


def content_offsets(
    content: str, first_line: int, lines: Sequence[tuple[int, int]], source: str, search_from: int | None = None
) -> list[int]:
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
            elif kind == "softbreak":  # a wrapped line: the paragraph reads on, as rendered
                pos = self._find("\n")
                if pos >= 0:
                    self.out.replace(" ", self._at(pos), self._at(pos) + 1)
                    self.cursor = pos + 1
            elif kind == "hardbreak":  # a <br>: a real line break in the rendered text
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
        """Inline code is left out, as code blocks are: `git commit -m "wip"` or `<script>`
        is the author's literal code, not prose that quote or markup rules should judge."""
        start = self._find(tok.markup)
        if start < 0:
            return
        flat = self.content.replace("\n", " ")
        inner = flat.find(tok.content, start + len(tok.markup))
        self.cursor = inner + len(tok.content) if inner >= 0 and tok.content else start + len(tok.markup)
        self._skip(tok.markup)
