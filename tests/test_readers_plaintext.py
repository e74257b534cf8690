"""The plain-text reader and byte decoding: headline choice, paragraph joining, positions, bad input."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newslint
from newslint.document import Document
from newslint.readers import ReadProblem, read_bytes
from newslint.readers.decoding import decode
from newslint.readers.plaintext import plain_blocks

ARTICLE = """\
Skip to content

Council votes on budget

The council voted on Tuesday to pass the
budget after a long debate.
Read also: Mayor resigns
[1] The amendment was tabled.
<!-- newslint: disable-next-line scraping -->
Latest
"""


def read(data: str | bytes, name: str = "a.txt") -> tuple[list[Document], list[ReadProblem]]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    items = list(read_bytes(name, raw))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, ReadProblem)]


def test_blocks_kinds_and_headline():
    (doc,), problems = read(ARTICLE)
    assert problems == []
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Skip to content"),  # a skip link is never the headline
        ("headline", "Council votes on budget"),
        ("paragraph", "The council voted on Tuesday to pass the\nbudget after a long debate."),
        ("paragraph", "Read also: Mayor resigns"),
        ("footnote", "[1] The amendment was tabled."),
        ("paragraph", "Latest"),
    ]


def test_positions_are_those_of_the_file():
    (doc,), _ = read(ARTICLE)
    wrapped = doc.blocks[2]
    assert doc.position(None, wrapped.source_start(wrapped.text.index("budget"))) == (6, 1)
    assert doc.position(None, doc.blocks[4].source_start(0)) == (8, 1)


def test_indented_lines_start_at_their_text():
    blocks = plain_blocks("Title\n\n    Indented paragraph.\n")
    assert blocks[1].text == "Indented paragraph." and blocks[1].source_start(0) == 11


def test_a_line_ending_a_sentence_is_not_joined_with_the_next():
    blocks = plain_blocks("Headline\nfirst sentence ends here.\nlower-case next line.\n", find_headline=False)
    assert [b.text for b in blocks] == ["Headline\nfirst sentence ends here.", "lower-case next line."]


def test_plain_blocks_for_a_record_field():
    blocks = plain_blocks("One.\n\nTwo.", field="body", find_headline=False)
    assert [(b.kind, b.field, b.text) for b in blocks] == [("paragraph", "body", "One."), ("paragraph", "body", "Two.")]


def test_directives_are_found():
    (doc,), _ = read(ARTICLE)
    assert [(d.action, d.rules, d.line) for d in doc.directives] == [("disable-next-line", ("scraping",), 10)]


def test_crlf_lines():
    (doc,), _ = read("Title\r\n\r\nBody line one\r\ncontinues.\r\n")
    assert [b.text for b in doc.blocks] == ["Title", "Body line one\r\ncontinues."]
    assert doc.position(None, doc.blocks[1].source_start(15)) == (4, 1)


def test_undecodable_bytes_are_reported_with_their_place_and_the_rest_is_read():
    (doc,), problems = read(b"Title\n\nCaf\xe9 society \xff.\n")
    assert doc.blocks[1].text == "Caf\ufffd society \ufffd."
    (problem,) = problems
    assert (problem.line, problem.column, problem.severity) == (3, 4, "error")
    assert "byte 10" in problem.message and "0xe9" in problem.message and "UTF-8" in problem.message


def test_decode_counts_bytes_in_the_file_as_given():
    text, problem = decode("a.txt", codecs.BOM_UTF8 + b"ab\x80", record=3)
    assert text == "ab\ufffd"
    assert (problem.line, problem.column, problem.record) == (1, 3, 3)
    assert "byte 5" in problem.message  # counted with the three BOM bytes
    assert decode("a.txt", "naïve".encode()) == ("naïve", None)


def test_byte_order_mark_is_not_text():
    (doc,), problems = read(codecs.BOM_UTF8 + b"Title\n\nBody.\n")
    assert problems == [] and doc.headline.text == "Title"
    assert doc.position(None, doc.headline.source_start(0)) == (1, 1)


def test_empty_and_comment_only_files():
    for data in (b"", b" \n\n", codecs.BOM_UTF8, b"<!-- newslint: disable -->\n"):
        docs, problems = read(data)
        assert docs == [] and [(p.rule, p.severity) for p in problems] == [("newslint.empty-document", "warning")], data


def test_unknown_extension_reads_as_plain_text():
    docs, _ = read("Title\n\nBody.", name="notes.rst")
    assert docs[0].headline.text == "Title"


def test_finding_positions_end_to_end():
    findings = newslint.lint_text(
        "A headline\n\nBody text.\n   Skip to content\n", path="x.txt", select=["scraping.nav-line"]
    )
    assert [(f.line, f.column, f.end_line, f.end_column) for f in findings] == [(4, 4, 4, 19)]


def test_regex_space_is_the_regex_modules_white_space():
    import sys

    import regex

    from newslint.readers.plaintext import REGEX_SPACE

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and regex.fullmatch(r"\s", chr(c))}
    assert spaces == set(REGEX_SPACE)


@given(st.one_of(st.text(alphabet=".!?:;…\"'”’)]x \t\u00a0\u2028\x1c\x1f\r", max_size=12), st.text(max_size=12)))
def test_closes_is_the_closes_regex(line):
    import regex

    from newslint.readers.plaintext import closes

    assert closes(line) == bool(regex.search(r"""[.!?:;…"'”’)\]]\s*$""", line))


@pytest.mark.parametrize("data", [b"\x00\x01PNG\x00" * 50, bytes(range(128, 256)) * 40])
@pytest.mark.parametrize("name", ["image.txt", "image.md", "image.html", "image.json"])
def test_a_binary_file_is_one_input_error(data, name):
    # Every reader of a whole file shares one preamble (readers.decoding.whole_text).
    items = list(read_bytes(name, data))
    assert len(items) == 1 and "binary" in items[0].message
