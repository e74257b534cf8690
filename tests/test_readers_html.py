"""The HTML reader: visible text only, block kinds, entity mapping, headline choice, broken markup."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

import newslint
import readerutil
from newslint.document import Document
from newslint.readers import ReadOptions, ReadProblem, read_bytes
from readerutil import position_of

PAGE = """\
<!DOCTYPE html>
<html><head><title>Council votes | Example News</title>
<meta charset="utf-8"><style>p { color: red }</style>
<script>var s = "<p>not text</p>";</script>
</head>
<body>
<nav><a href="#main">Skip to content</a></nav>
<h1>Council &amp; mayor <em>agree</em></h1>
<p>The council   voted on
   Tuesday to pass the <a href="/b">budget</a>&nbsp;&#8217;s plan.</p>
<p>First line<br>Second line</p>
<ul><li>One</li><li>Two</ul>
<blockquote><p>&ldquo;It was close,&rdquo; she said.</p></blockquote>
<h2>Next <span>steps</span></h2>
<noscript>Enable JavaScript</noscript><template><p>Hidden</p></template>
<!-- a comment that is not prose -->
<section class="footnotes"><ol><li id="fn1"><p>The amendment was tabled. <a href="#fnref1" class="footnote-back">&#8617;</a></p></li></ol></section>
</body></html>
"""


def read(
    text: str | bytes, name: str = "a.html", options: ReadOptions | None = None
) -> tuple[list[Document], list[ReadProblem]]:
    return readerutil.read(text, name, options)


def only_document(text: str | bytes, name: str = "a.html", options: ReadOptions | None = None) -> Document:
    return readerutil.only_document(text, name, options)


def test_visible_blocks_and_kinds():
    doc = only_document(PAGE)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Skip to content"),
        ("headline", "Council & mayor agree"),
        ("paragraph", "The council voted on Tuesday to pass the budget\u00a0\u2019s plan."),
        ("paragraph", "First line"),
        ("paragraph", "Second line"),
        ("item", "One"),
        ("item", "Two"),
        ("blockquote", "\u201cIt was close,\u201d she said."),
        ("heading", "Next steps"),
        ("footnote", "The amendment was tabled."),
    ]
    assert doc.metadata["title"] == "Council votes | Example News"


def test_positions_point_into_the_page():
    doc = only_document(PAGE)
    assert position_of(doc, "Skip") == (7, 22)
    assert position_of(doc, "Council &") == (8, 5)
    assert position_of(doc, "& mayor") == (8, 13)  # the entity
    assert position_of(doc, "mayor") == (8, 19)  # after the entity
    assert position_of(doc, "agree") == (8, 29)  # after an inline tag
    assert position_of(doc, "Tuesday") == (10, 4)  # a collapsed line break before it
    assert position_of(doc, "budget") == (10, 37)
    assert position_of(doc, "\u2019s") == (10, 53)  # a numeric reference after &nbsp;
    assert position_of(doc, "Second line") == (11, 18)
    assert position_of(doc, "steps") == (14, 16)
    assert position_of(doc, "The amendment") == (17, 48)


def test_collapsed_white_space_maps_to_the_whole_run():
    doc = only_document("<p>a  \n  b</p>")
    block = doc.blocks[0]
    assert block.text == "a b"
    assert (block.source_start(1), block.source_end(2)) == (4, 9)


def test_entities_map_to_their_whole_span():
    doc = only_document("<p>x &amp; y &#x2014; z &bogus; AT&T</p>")
    block = doc.blocks[0]
    assert block.text == "x & y \u2014 z &bogus; AT&T"
    amp = block.text.index("&")
    dash = block.text.index("\u2014")
    assert (block.source_start(amp), block.source_end(amp + 1)) == (5, 10)
    assert (block.source_start(dash), block.source_end(dash + 1)) == (13, 21)
    assert position_of(doc, "&bogus;") == (1, 25)


def test_hidden_elements_are_not_prose():
    doc = only_document(PAGE)
    text = "\n".join(b.text for b in doc.blocks)
    for hidden in ("not text", "color", "Enable JavaScript", "Hidden", "comment", "\u21a9"):
        assert hidden not in text


def test_headline_is_h1_else_title():
    doc = only_document(
        "<html><head><title>Only &amp; title</title></head><body><p>Body.</p><h2>Sub</h2></body></html>"
    )
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("headline", "Only & title"),
        ("paragraph", "Body."),
        ("heading", "Sub"),
    ]
    doc = only_document("<h1>First</h1><p>Body.</p><h1>Second</h1>")
    assert [b.kind for b in doc.blocks] == ["headline", "paragraph", "heading"]


def test_footnote_like_elements():
    doc = only_document(
        '<p>Claim.<sup><a href="#fn-1">1</a></sup></p><div class="footnote"><p>1. A note.</p></div><aside role="doc-endnote">Another.</aside>'
    )
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Claim.1"),
        ("footnote", "1. A note."),
        ("footnote", "Another."),
    ]


def test_table_cells_and_divs_delimit_blocks():
    doc = only_document("<table><tr><td>Team</td><td>Score</td></tr></table><div>Latest<div>Nested</div>tail</div>")
    assert [b.text for b in doc.blocks] == ["Team", "Score", "Latest", "Nested", "tail"]


def test_malformed_html_does_not_crash():
    for source in [
        "<p>unclosed <b>bold",
        "</div></p>stray end tags",
        "<p <<>>& &#; &#xZZ; <a href='x>broken",
        "<script>never closed",
        "<!-- unclosed comment",
        "<li>a<li>b<p>c<p>d",
    ]:
        docs, problems = read(source)
        for doc in docs:
            for block in doc.blocks:
                for i in range(len(block.text)):
                    assert 0 <= block.source_start(i) <= block.source_end(i + 1) <= len(source)
        assert docs or problems


def test_implied_end_of_head():
    doc = only_document("<html><head><title>T</title><div>Visible body text</div>")
    assert [b.text for b in doc.blocks] == ["T", "Visible body text"]


def test_directives_in_comments():
    # A page is scraped data: its own comments count only when the config says so (issue 15).
    doc = only_document(
        "<!-- newslint: disable scraping -->\n<p>Text</p>\n<p>More</p> <!-- newslint: disable-line footnotes -->\n",
        options=ReadOptions(inline_suppressions="all"),
    )
    assert [(d.action, d.rules, d.line) for d in doc.directives] == [
        ("disable", ("scraping",), 1),
        ("disable-next-line", ("footnotes",), 3),
    ]


def test_undecodable_bytes_empty_and_textless_pages():
    docs, problems = read(b"<p>Caf\xe9</p>")
    assert docs[0].blocks[0].text == "Caf\ufffd" and "invalid UTF-8" in problems[0].message
    assert (problems[0].line, problems[0].column) == (1, 7)
    docs, problems = read(b"")
    assert docs == [] and [(p.rule, p.severity) for p in problems] == [("newslint.empty-document", "warning")]
    docs, problems = read("<script>x()</script><!-- only a comment -->")
    assert docs == [] and problems[0].rule == "newslint.empty-document"


def test_byte_order_mark_is_not_text():
    doc = only_document(codecs.BOM_UTF8 + b"<h1>Title</h1>")
    assert doc.headline.text == "Title"
    assert doc.position(None, doc.headline.source_start(0)) == (1, 5)


def test_finding_positions_end_to_end():
    text = "<html>\n<body>\n  <ul class=menu><li><a href='#c'>Skip to content</a></li></ul>\n  <h1>A story</h1>\n  <p>The council voted.</p>\n</body>\n</html>\n"
    findings = newslint.lint_text(text, path="x.html", select=["scraping.nav-line"])
    assert [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in findings] == [
        ("scraping.nav-line", 3, 35, 3, 50)
    ]


HTML_PIECES = st.sampled_from(
    list("ab <>/&;#=\"'\n\t!-")
    + [
        "&amp;",
        "&#x41;",
        "&nbsp;",
        "<p>",
        "</p>",
        "<br>",
        "<h1>",
        "</h1>",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "<li id=fn1>",
        "é",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(HTML_PIECES, max_size=60).map("".join))
def test_any_html_reads_without_crashing_and_maps_inside_the_file(source):
    for item in read_bytes("a.html", source.encode("utf-8")):
        if isinstance(item, Document):
            for block in item.blocks:
                assert block.text and block.text == block.text.strip()
                for i in range(len(block.text)):
                    assert 0 <= block.source_start(i) <= block.source_end(i + 1) <= len(source)


def test_deeply_nested_html_reads_in_linear_time():
    # 50,000 nested <div>s took minutes when every tag walked the whole open-element stack;
    # an operation count, not a timer: the block must come out with its exact position.
    depth = 50_000
    source = "<html><body>" + "<div>" * depth + "<p>Skip to content</p>" + "</div>" * depth + "</body></html>"
    (document,) = list(read_bytes("deep.html", source.encode()))
    (block,) = document.blocks
    assert block.text == "Skip to content"
    assert document.position(None, block.source_start(0)) == (1, source.index("Skip") + 1)
