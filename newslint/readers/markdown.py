"""Markdown reader: prose blocks from markdown-it tokens, inline markup stripped, source mapped.

Block structure (paragraphs, headings, quotes, lists, tables, footnotes, front matter) is
read here; the text of each inline token is tied to the file in markdown_inline.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, BinaryIO

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

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
    verbatim_block,
    without_char,
)
from newslint.readers import ReadOptions, ReadProblem, ReadResult, markdown_depth, templates
from newslint.readers.decoding import empty_document, whole_text
from newslint.readers.html import html_blocks
from newslint.readers.markdown_inline import InlineWalk, content_offsets, line_table
from newslint.readers.records import field_directive
from newslint.suppressions import find_directives

CONTAINERS = {"blockquote_open": BLOCKQUOTE, "list_item_open": ITEM, "footnote_reference_open": FOOTNOTE}
CLOSERS = {"blockquote_close", "list_item_close", "footnote_reference_close"}
NOT_PROSE = {"code_block", "fence"}
# Inline tokens whose text is the content's own: text, and line breaks kept as "\n".
_PLAIN_TOKENS = frozenset({"text", "softbreak"})

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
        md.block.ruler.before(
            "heading", "kramdown_heading", _kramdown_heading, {"alt": ["paragraph", "reference", "blockquote"]}
        )
        _PARSER = md
    return _PARSER


_KRAMDOWN_HEADING = re.compile(r"(#{1,6})(?=[^#\s])")


def _kramdown_heading(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
    """`##Background`: kramdown and Jekyll take a heading without the space CommonMark wants."""
    pos = state.bMarks[start_line] + state.tShift[start_line]
    end = state.eMarks[start_line]
    if state.is_code_block(start_line):
        return False
    m = _KRAMDOWN_HEADING.match(state.src, pos, end)
    if m is None:
        return False
    if silent:
        return True
    level = len(m.group(1))
    state.line = start_line + 1
    token = state.push("heading_open", f"h{level}", 1)
    token.markup = m.group(1)
    token.map = [start_line, state.line]
    token = state.push("inline", "", 0)
    token.content = state.src[m.end() : end].strip().rstrip("#").strip()
    token.map = [start_line, state.line]
    token.children = []
    token = state.push("heading_close", f"h{level}", -1)
    token.markup = m.group(1)
    return True


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
        return (
            {},
            None,
            [
                ReadProblem(
                    path,
                    f"front matter is not valid YAML ({reason}); it was ignored. Fix the YAML between the --- lines.",
                    line=line,
                    column=column,
                )
            ],
        )
    if data is None:
        return {}, None, []
    if not isinstance(data, dict):
        return (
            {},
            None,
            [
                ReadProblem(
                    path,
                    f"front matter should be a mapping of keys to values, got {type(data).__name__}; it was ignored",
                    line=2,
                    severity="warning",
                )
            ],
        )
    problems: list[ReadProblem] = []
    body_lines = range(token.map[0] + 1, max(token.map[1] - 1, token.map[0] + 1)) if token.map else range(0)
    for key in options.title_fields:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            problems.append(
                ReadProblem(
                    path,
                    f"front-matter '{key}' should be text, got {type(value).__name__}; it was not used as the headline",
                    line=2,
                    severity="warning",
                )
            )
            continue
        return data, _title_block(key, value, source, lines, body_lines), problems
    return data, None, problems


# A title with inline markup, an entity or an escape is read as rendered inline Markdown.
_TITLE_MARKUP = re.compile(r"[&<*_`\\\[]")


def _title_block(
    key: str, value: str, source: str, lines: Sequence[tuple[int, int]], body_lines: range
) -> Block | None:
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
            title = value.strip()
            if not _TITLE_MARKUP.search(title):
                return verbatim_block(HEADLINE, source, begin, begin + len(title))
            # Themes render the title as HTML (Jekyll as is, Hugo often through markdownify):
            # "What We&#8217;ve Learned" and "<em>Our</em> plan" show as text, not markup.
            out = MappedText()
            InlineWalk(title, list(range(begin, begin + len(title))), out).walk(
                parser().parseInline(title)[0].children or ()
            )
            return out.block(HEADLINE)
        # Quoted with escapes, folded or block scalar: map the value to its whole span.
        last = n
        while last + 1 in body_lines and (
            source[lines[last + 1][0] : lines[last + 1][0] + 1] in (" ", "\t")
            or lines[last + 1][0] == lines[last + 1][1]
        ):
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


def _footnote_marker(
    out: MappedText, label: str, first_line: int, first_offset: int, source: str, lines: Sequence[tuple[int, int]]
) -> None:
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
            block_kind = (
                HEADING if heading_level else CELL if in_cell else (containers[-1] if containers else PARAGRAPH)
            )
            if block_kind == PARAGRAPH and _emphasised_whole(tok.children or ()):
                block_kind = HEADING  # "**Background**" alone: the author's subheading
            plain = None if in_cell or footnote_label is not None else _plain_text(tok, lines, source, block_kind)
            if plain is not None:
                blocks.append((plain, heading_level))
                continue
            offsets = content_offsets(tok.content, tok.map[0], lines, source, row_cursor if in_cell else None)
            if in_cell and offsets:
                row_cursor = offsets[-1] - lines[tok.map[0]][0] + 1
            out = MappedText()
            if footnote_label is not None and containers and containers[-1] == FOOTNOTE:
                _footnote_marker(
                    out, footnote_label, tok.map[0], offsets[0] if offsets else lines[tok.map[0]][0], source, lines
                )
                footnote_label = None
            InlineWalk(tok.content, offsets, out).walk(tok.children or ())
            block = out.block(block_kind)
            if block is not None:
                blocks.append((block, heading_level))
    return blocks


_OPENERS = {"strong_open": "strong_close", "em_open": "em_close"}


def _emphasised_whole(children: Sequence[Token]) -> bool:
    """True when a paragraph is one run of bold or italic text, as authors write subheadings."""
    inner = [c for c in children if not (c.type == "text" and not c.content.strip(templates.MASK + " \t"))]
    if len(inner) < 3 or inner[0].type not in _OPENERS or inner[-1].type != _OPENERS[inner[0].type]:
        return False
    depth = 0
    for child in inner[:-1]:
        depth += child.type == inner[0].type
        depth -= child.type == inner[-1].type
        if depth == 0:
            return False
    return True


def _plain_text(tok: Token, lines: Sequence[tuple[int, int]], source: str, kind: str) -> Block | None:
    """The block of an inline token that is only text and soft line breaks (no markup, escape
    or entity) standing verbatim in the file, copied straight from it; None when it needs
    the InlineWalk.

    Most paragraphs of an article are such text, on one line or hard-wrapped; mapping them
    character by character costs more than markdown-it's own parsing of them. The block maps
    every character where the InlineWalk's would (in one segment instead of one per line)."""
    content = tok.content
    children = tok.children
    if not content or not children or not tok.map or content != content.strip():
        return None
    if any(child.type not in _PLAIN_TOKENS for child in children):
        return None
    if "".join("\n" if child.type == "softbreak" else child.content for child in children) != content:
        return None
    start, end = lines[tok.map[0]]
    first = content.split("\n", 1)[0]
    begin = start + len(source[start:end].rstrip()) - len(first)
    # Equal to the file from the first line's text on: no indented, space-ended or CR-ended
    # line, no closing '#' run, no NUL that markdown-it replaced.
    if begin < start or source[begin : begin + len(content)] != content:
        return None
    block = verbatim_block(kind, source, begin, begin + len(content))
    # Soft-wrapped lines read as one paragraph, as rendered; each space stands for its line break.
    return replace(block, text=content.replace("\n", " ")) if "\n" in content else block


# Preformatted text and code in an HTML block: from the opening to the closing tag.
_HTML_CODE = tuple(
    (re.compile(rf"<{tag}\b[^<>]*>", re.IGNORECASE), re.compile(rf"</{tag}\s*>", re.IGNORECASE))
    for tag in ("pre", "code", "kbd", "samp")
)


def html_block_text(source: str, tokens: Sequence[Token], lines: Sequence[tuple[int, int]]) -> list[tuple[Block, int]]:
    """The visible text of the HTML blocks (`<div>`, `<p>`, `<figure>`...) as blocks, read by
    the HTML reader over the source with everything else blanked, so positions stay exact.
    Their markup is the author's; their text is prose like any other."""
    chars = [c if c in "\r\n" else " " for c in source]
    for tok in tokens:
        if tok.type == "html_block" and tok.map:
            start, end = lines[tok.map[0]][0], lines[min(tok.map[1], len(lines)) - 1][1]
            chars[start:end] = source[start:end]
    # Preformatted text and code in an HTML block are code, as fenced code is.
    kept = "".join(chars)
    for opener, closer in _HTML_CODE:
        for start, _, _, end in templates.paired_spans(kept, opener, closer):
            chars[start:end] = [c if c in "\r\n" else " " for c in chars[start:end]]
    blocks, _, _ = html_blocks("".join(chars))
    return [(replace(b, kind=HEADING) if b.kind == HEADLINE else b, 0) for b in blocks]


def _choose_headline(blocks: list[tuple[Block, int]]) -> list[Block]:
    """The first h1 (else the first heading) becomes the headline."""
    levels = [level for _, level in blocks if level]
    if not levels:
        return [b for b, _ in blocks]
    wanted = 1 if 1 in levels else levels[0]
    chosen = next(i for i, (_, level) in enumerate(blocks) if level == wanted)
    return [replace(b, kind=HEADLINE) if i == chosen else b for i, (b, _) in enumerate(blocks)]


# Front matter as the front-matter plugin finds it: never masked, it is YAML, not a template.
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?:.*?\r?\n)?---[ \t]*(?:\r?\n|$)", re.DOTALL)


def masked_templates(source: str, syntaxes: Sequence[str]) -> str:
    """The source with template syntax after the front matter masked (templates.mask)."""
    if not syntaxes:
        return source
    front = _FRONT_MATTER.match(source)
    cut = front.end() if front else 0
    return source[:cut] + templates.mask(source[cut:], syntaxes)


def read_mdx(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """Read an MDX article: Markdown with JSX components, imports and {expressions} masked."""
    syntaxes = options.template_syntax
    yield from read(
        path, stream, replace(options, template_syntax=(*syntaxes, "mdx") if "mdx" not in syntaxes else syntaxes)
    )


def read(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """Read a Markdown article."""
    original = yield from whole_text(path, stream)
    if original is None:
        return
    # The parser and the block builder see the masked text (same length, same lines); the
    # Document keeps the file as written for positions and suppressions.
    source = masked_templates(original, options.template_syntax)
    tokens, too_deep = markdown_depth.parse(parser(), source, path)
    yield from too_deep  # nesting past markdown-it's limit: reported, the rest still read
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
    if any(tok.type == "html_block" for tok in tokens):
        found = sorted(found + html_block_text(source, tokens, lines), key=lambda item: item[0].source_start(0))
    if source is not original:
        found = [
            (b, level) for b, level in ((without_char(b, templates.MASK), level) for b, level in found) if b is not None
        ]
    if headline is not None:
        blocks = [headline] + [b for b, _ in found]
    else:
        blocks = _choose_headline(found)
    if not blocks:
        # A post of front matter alone (a redirect stub, a page built from its metadata) is a
        # normal thing in a site's repository: worth a mention, not a warning.
        yield replace(empty_document(path, "no prose outside front matter, code and HTML blocks"), severity="info")
        return
    directives.extend(find_directives(_masked(source, tokens, lines)))
    yield make_document(path, blocks, {None: original}, metadata=metadata, directives=directives, authored=True)
