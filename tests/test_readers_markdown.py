"""The Markdown reader: block kinds, stripped inline markup, exact positions, headline, suppressions."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

import newslint
import readerutil
from newslint.document import Document
from newslint.readers import ReadOptions, ReadProblem, read_bytes
from readerutil import block_with, position_of

ARTICLE = """\
---
title: "Council votes on budget"
author: Jane Roe
---

# Council votes on budget

The *city* council voted on **Tuesday** to pass the [budget](https://example.com/b "Budget")
after a long debate &amp; a late amendment.[^1]

> The vote was close, said the mayor.

- First item
- Second item

```
Skip to content
```

    indented code is not prose

<div>An HTML block</div>

## What happens next

[^1]: The amendment was tabled by two members.
"""


def read(
    text: str | bytes, name: str = "a.md", options: ReadOptions | None = None
) -> tuple[list[Document], list[ReadProblem]]:
    return readerutil.read(text, name, options)


def only_document(text: str | bytes, name: str = "a.md", options: ReadOptions | None = None) -> Document:
    return readerutil.only_document(text, name, options)


def test_blocks_and_kinds():
    doc = only_document(ARTICLE)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("headline", "Council votes on budget"),
        ("heading", "Council votes on budget"),
        (
            "paragraph",
            "The city council voted on Tuesday to pass the budget after a long debate & a late amendment.[^1]",
        ),
        ("blockquote", "The vote was close, said the mayor."),
        ("item", "First item"),
        ("item", "Second item"),
        ("paragraph", "An HTML block"),  # its markup is markup, its text is prose
        ("heading", "What happens next"),
        ("footnote", "[^1]: The amendment was tabled by two members."),
    ]
    assert doc.metadata["author"] == "Jane Roe"


def test_code_is_not_prose_and_html_blocks_are_their_text():
    doc = only_document(ARTICLE)
    text = "\n".join(b.text for b in doc.blocks)
    assert "Skip to content" not in text
    assert "indented code" not in text
    assert "<div>" not in text and position_of(doc, "An HTML block") == (22, 6)


def test_positions_after_markup_point_into_the_file():
    doc = only_document(ARTICLE)
    assert position_of(doc, "Council votes") == (2, 9)  # the front-matter title value, inside quotes
    assert position_of(doc, "The city") == (8, 1)
    assert position_of(doc, "city") == (8, 6)  # after an emphasis marker
    assert position_of(doc, "council") == (8, 12)
    assert position_of(doc, "Tuesday") == (8, 31)  # after a strong marker
    assert position_of(doc, "to pass") == (8, 41)
    assert position_of(doc, "budget after") == (8, 54)  # link text, "[" removed
    assert position_of(doc, "after") == (9, 1)  # the link target and title are gone
    assert position_of(doc, "& a late") == (9, 21)  # the entity itself
    assert position_of(doc, "a late") == (9, 27)  # just after the entity
    assert position_of(doc, "[^1]") == (9, 44)
    assert position_of(doc, "The vote") == (11, 3)
    assert position_of(doc, "Second item") == (14, 3)
    assert position_of(doc, "What happens") == (24, 4)  # after front matter and code blocks
    assert position_of(doc, "[^1]: The") == (26, 1)


def test_inline_markup_is_removed_and_each_character_stays_mapped():
    source = "Read <span class=x>the</span> `code` at <https://example.org> \\*now\\* ![a photo](p.jpg) &copy; 2024, [more][ref].\n\n[ref]: https://example.org/more\n"
    doc = only_document(source)
    (block,) = doc.blocks
    assert block.text == "Read the  at https://example.org *now*  © 2024, more."  # inline code is code, not prose
    for needle, column in [
        ("the", 20),
        ("https", 42),
        ("*now", 63),
        ("now", 65),
        ("©", 89),
        ("2024", 96),
        ("more.", 103),
    ]:
        assert doc.position(None, block.source_start(block.text.index(needle))) == (1, column), needle


def test_escapes_and_entities_map_to_their_whole_source_span():
    doc = only_document("A &amp; B\n")
    block = doc.blocks[0]
    amp = block.text.index("&")
    assert (block.source_start(amp), block.source_end(amp + 1)) == (2, 7)


def test_hard_wrapped_lines_read_as_one_rendered_paragraph_with_each_line_mapped():
    doc = only_document("First line of a paragraph\n  second line of it.\n")
    (block,) = doc.blocks
    assert block.kind == "paragraph"
    assert block.text == "First line of a paragraph second line of it."  # as rendered
    assert position_of(doc, "second") == (2, 3)


def test_crlf_line_endings_keep_positions():
    doc = only_document("# Title\r\n\r\nOne *two*\r\nthree\r\n")
    assert doc.blocks[1].text == "One two three"
    assert position_of(doc, "two") == (3, 6)
    assert position_of(doc, "three") == (4, 1)


def test_headline_is_first_h1_else_first_heading():
    doc = only_document("## Kicker\n\n# The headline\n\nBody text.\n")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Kicker"),
        ("headline", "The headline"),
        ("paragraph", "Body text."),
    ]
    doc = only_document("## Only a subheading\n\nBody text.\n\n### Deeper\n")
    assert [b.kind for b in doc.blocks] == ["headline", "paragraph", "heading"]
    doc = only_document("Setext title\n============\n\nBody text.\n")
    assert doc.headline.text == "Setext title"
    doc = only_document("Just a paragraph.\n")
    assert doc.headline is None


def test_front_matter_title_wins_and_maps_to_its_value():
    doc = only_document("---\ndate: 2024-01-02\ntitle: Plain title\n---\n# Heading one\n\nBody.\n")
    assert doc.headline.text == "Plain title"
    assert doc.position(None, doc.headline.source_start(0)) == (3, 8)
    assert block_with(doc, "Heading one").kind == "heading"


def test_front_matter_title_with_escapes_maps_to_the_value_span():
    doc = only_document('---\ntitle: "Say \\"hi\\""\n---\nBody.\n')
    assert doc.headline.text == 'Say "hi"'
    assert doc.position(None, doc.headline.source_start(0))[0] == 2


def test_broken_front_matter_is_reported_and_the_body_is_still_read():
    docs, problems = read("---\ntitle: [unclosed\n---\n# Real title\n\nBody.\n")
    assert len(problems) == 1 and "front matter is not valid YAML" in problems[0].message
    assert problems[0].line >= 2
    assert docs[0].headline.text == "Real title"


def test_footnotes_keep_their_marker_and_file_order():
    source = "Claim one.[^a] Claim two.[^2]\n\n[^a]: First note\n    continues here.\n\n    Second paragraph of it.\n\nMore body after the notes.\n\n[^2]:\n    Note on its own line.\n"
    doc = only_document(source)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Claim one.[^a] Claim two.[^2]"),
        ("footnote", "[^a]: First note continues here."),
        ("footnote", "Second paragraph of it."),
        ("paragraph", "More body after the notes."),
        ("footnote", "[^2]: Note on its own line."),
    ]
    assert position_of(doc, "continues") == (4, 5)
    assert position_of(doc, "Note on its") == (11, 5)


def test_table_cells_are_paragraphs():
    doc = only_document("| Team | Score |\n|------|------:|\n| Reds | *3* |\n")
    assert [b.text for b in doc.blocks] == ["Team", "Score", "Reds", "3"]
    assert position_of(doc, "3") == (3, 11)


def test_inline_directives_are_found_but_not_inside_code():
    source = "<!-- newslint: disable scraping -->\n\nText.\n\n```\n<!-- newslint: disable-file -->\n```\n\nMore <!-- newslint: disable-line attribution --> text.\n"
    doc = only_document(source)
    assert [(d.action, d.rules, d.line) for d in doc.directives] == [
        ("disable", ("scraping",), 1),
        ("disable-next-line", ("attribution",), 9),
    ]


def test_front_matter_suppression_key():
    doc = only_document("---\nnewslint_disable: [scraping.nav-line, footnotes]\n---\nBody.\n")
    assert [(d.action, d.rules) for d in doc.directives] == [("disable-file", ("scraping.nav-line", "footnotes"))]
    doc = only_document("---\nquiet: scraping, repetition\n---\nBody.\n", options=ReadOptions(suppress_field="quiet"))
    assert doc.directives[0].rules == ("scraping", "repetition")


def test_front_matter_suppression_of_the_wrong_type_is_reported():
    docs, problems = read("---\nnewslint_disable: {a: 1}\n---\nBody.\n")
    assert len(docs) == 1 and docs[0].directives == ()
    assert "newslint_disable" in problems[0].message and problems[0].severity == "warning"


def test_undecodable_bytes_are_reported_and_the_rest_is_read():
    docs, problems = read(b"# Title\n\nCaf\xe9 society.\n")
    assert len(problems) == 1 and "invalid UTF-8" in problems[0].message
    assert (problems[0].line, problems[0].column) == (3, 4)
    assert docs[0].blocks[1].text == "Caf\ufffd society."


def test_empty_file_and_file_without_prose():
    for text in ("", "  \n\n"):
        docs, problems = read(text)
        assert docs == [] and [(p.rule, p.severity) for p in problems] == [("newslint.empty-document", "warning")]
    docs, problems = read("```\ncode only\n```\n")
    assert docs == [] and problems[0].rule == "newslint.empty-document"
    docs, problems = read("---\nredirect: /new\n---\n")
    assert docs == [] and [(p.rule, p.severity) for p in problems] == [("newslint.empty-document", "info")]


def test_byte_order_mark_is_not_text():
    doc = only_document(codecs.BOM_UTF8 + b"# Title\n\nBody.\n")
    assert doc.headline.text == "Title"
    assert doc.position(None, doc.headline.source_start(0)) == (1, 3)


def test_finding_positions_end_to_end():
    text = "---\ntitle: A story\n---\n\nSome *intro* text.\n\n**Skip to content**\n"
    findings = [f for f in newslint.lint_text(text, path="x.md", select=["scraping.nav-line"])]
    assert [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in findings] == [
        ("scraping.nav-line", 7, 3, 7, 18)
    ]


def test_every_kept_character_maps_to_itself():
    doc = only_document(ARTICLE)
    decoded = {"&": "&amp;"}
    for block in doc.blocks:
        for i, ch in enumerate(block.text):
            start, end = block.source_start(i), block.source_end(i + 1)
            written = ARTICLE[start:end]
            assert written == ch or decoded.get(ch) == written or (ch == " " and written == "\n"), (
                block.text,
                i,
                written,
            )


ODD_INPUTS = [
    "[unclosed link(\n\n*a **b* c**\n",
    "\t- tabbed item\n\t\tcontinued\n",
    "> quote\n> > nested *em\nlazy line*\n",
    "1. one\n\n   para in item with `code\nspanning` lines\n",
    "# Heading with trailing hashes ##   \n\n###### \n",
    "![img [nested]](u 'title') text [a](<b c> \"t\") end\\\nnext",
    "text with NUL \0 and a \\\n hard break",
    "[^x]: orphan note\n\nbody[^missing]\n",
    "---\ntitle:\n---\n",
]


def test_odd_markdown_never_crashes_and_spans_stay_in_the_file():
    for source in ODD_INPUTS:
        docs, problems = read(source)
        for doc in docs:
            for block in doc.blocks:
                for i in range(len(block.text)):
                    assert 0 <= block.source_start(i) <= block.source_end(i + 1) <= len(source), (source, block)


def test_unreferenced_and_unresolved_footnotes_are_kept():
    doc = only_document("[^x]: Orphan note.\n\nBody with[^missing] marker.\n")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("footnote", "[^x]: Orphan note."),
        ("paragraph", "Body with[^missing] marker."),
    ]


MARKDOWN_PIECES = st.sampled_from(
    list("ab *_[]()!<>&;#`\\\n\t-:|^1.\"'")
    + ["&amp;", "<!--", "-->", "[^1]", "---\n", "```\n", "    ", "\r\n", "é", "\0"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=60).map("".join))
def test_any_markdown_reads_without_crashing_and_maps_inside_the_file(source):
    for item in read_bytes("a.md", source.encode("utf-8")):
        if isinstance(item, Document):
            for block in item.blocks:
                assert block.text and block.text == block.text.strip()
                for i in range(len(block.text)):
                    assert 0 <= block.source_start(i) <= block.source_end(i + 1) <= len(source)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=30))
def test_runs_of_offsets_break_where_the_file_jumps(offsets):
    """InlineWalk emits text in runs contiguous in the file; its breaks come from C iterators."""
    from newslint.document import MappedText
    from newslint.readers.markdown_inline import InlineWalk

    walk = InlineWalk("x" * len(offsets), offsets, MappedText())
    assert walk._breaks == [k for k in range(1, len(offsets)) if offsets[k] != offsets[k - 1] + 1]
    contiguous = list(range(7, 7 + len(offsets)))
    assert InlineWalk("x" * len(offsets), contiguous, MappedText())._breaks == []


def _mapped(block) -> tuple:
    """A block as findings see it: kind, text, and where each character and span end lie."""
    n = len(block.text)
    return (
        block.kind,
        block.text,
        [block.source_start(i) for i in range(n)],
        [block.source_end(i) for i in range(n + 1)],
    )


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(list("ab #>-*_`[]()!&;\\\t\0é\r") + ["&amp;", "  ", "# ", "> ", "- ", "1. ", "==", "\n"]),
            max_size=12,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_plain_text_copied_straight_gives_the_blocks_the_walk_gives(parts):
    """_plain_text skips the InlineWalk for text-only paragraphs: the blocks must map alike."""
    from newslint.readers import markdown

    source = "\n\n".join("".join(p) for p in parts).encode("utf-8")
    fast = [_mapped(b) for d in read_bytes("a.md", source) if isinstance(d, Document) for b in d.blocks]
    original = markdown._plain_text
    markdown._plain_text = lambda *args: None
    try:
        slow = [_mapped(b) for d in read_bytes("a.md", source) if isinstance(d, Document) for b in d.blocks]
    finally:
        markdown._plain_text = original
    assert fast == slow
