"""The record readers (JSONL/NDJSON, JSON, CSV): one document per record, fields as sources, errors per record."""

from __future__ import annotations

import codecs
import io
import json

import pytest

import newslint
from newslint.document import Document
from newslint.finding import record_place
from newslint.readers import ReadOptions, ReadProblem, read_bytes
from newslint.readers.records import read_jsonl


def read(data: str | bytes, name: str, options: ReadOptions | None = None) -> tuple[list[Document], list[ReadProblem]]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    items = list(read_bytes(name, raw, options))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, ReadProblem)]


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_record_becomes_a_document_with_field_sources():
    body = "Skip to content\n\nThe council voted on Tuesday.\nIt passed the budget.\n\n[1] A note."
    docs, problems = read(jsonl({"id": 42, "title": "  Council votes ", "body": body}), "a.jsonl")
    assert problems == []
    (doc,) = docs
    assert doc.record == "42"
    assert doc.sources == {"title": "  Council votes ", "body": body}
    assert [(b.kind, b.field, b.text) for b in doc.blocks] == [
        ("headline", "title", "Council votes"),
        ("paragraph", "body", "Skip to content"),
        ("paragraph", "body", "The council voted on Tuesday."),
        ("paragraph", "body", "It passed the budget."),
        ("footnote", "body", "[1] A note."),
    ]
    headline = doc.blocks[0]
    assert doc.position("title", headline.source_start(0)) == (1, 3)
    passed = doc.blocks[3]
    assert doc.position("body", passed.source_start(passed.text.index("budget"))) == (4, 15)


def test_record_index_is_used_without_an_id_and_field_names_come_from_options():
    options = ReadOptions(title_fields=("headline",), body_fields=("article",), id_fields=("uid",))
    docs, problems = read(
        jsonl(
            {"headline": "H", "article": "Text one."},
            {"uid": "", "article": "Text two."},
            {"uid": "x-9", "article": "Three."},
        ),
        "a.ndjson",
        options,
    )
    assert problems == []
    assert [d.record for d in docs] == [1, 2, "x-9"]
    assert docs[0].blocks[0].field == "headline" and docs[0].blocks[1].field == "article"


def test_broken_jsonl_line_is_reported_and_the_good_records_are_read():
    data = jsonl({"body": "First."}, "", '{"body": "oops",', {"body": "Third."})
    docs, problems = read(data, "a.jsonl")
    assert [d.blocks[0].text for d in docs] == ["First.", "Third."]
    (problem,) = problems
    assert problem.line == 3 and problem.record == 2  # the blank line is not a record
    assert "line 3" in problem.message and "not valid JSON" in problem.message and "Expecting" in problem.message


def test_record_that_is_not_an_object():
    docs, problems = read(jsonl([1, 2], {"body": "Fine."}, "null"), "a.jsonl")
    assert [d.record for d in docs] == [2]
    assert [(p.record, p.line) for p in problems] == [(1, 1), (3, 3)]
    assert "array, not an object" in problems[0].message and "null, not an object" in problems[1].message


def test_record_without_body_names_fields_and_config_key():
    docs, problems = read(jsonl({"id": 5, "headline": "H", "url": "u"}), "a.jsonl")
    assert docs == []
    (problem,) = problems
    assert problem.record == "5" and problem.severity == "error"
    for word in ("'id'", "'headline'", "'url'", "'body'", "'text'", "'content'", "fields.body"):
        assert word in problem.message


def test_non_string_and_empty_bodies():
    docs, problems = read(jsonl({"body": ["a", "b"]}, {"body": None}, {"body": " \n "}, {"body": "ok"}), "a.jsonl")
    assert [d.record for d in docs] == [4]
    assert [(p.record, p.rule, p.severity) for p in problems] == [
        (1, "newslint.input-error", "error"),
        (2, "newslint.input-error", "error"),
        (3, "newslint.empty-document", "warning"),
    ]
    assert "got array" in problems[0].message and "got null" in problems[1].message


def test_non_text_title_is_reported_and_the_body_still_checked():
    docs, problems = read(jsonl({"title": {"en": "x"}, "body": "Body."}, {"title": 2024, "body": "Body."}), "a.jsonl")
    assert [d.headline.text if d.headline else None for d in docs] == [None, "2024"]
    assert len(problems) == 1 and problems[0].severity == "warning" and "'title'" in problems[0].message


def test_record_suppression_field_and_inline_directives():
    records = [
        {"body": "Text.", "newslint_disable": ["scraping.nav-line", "footnotes"]},
        {"body": "Text.", "newslint_disable": "scraping, repetition"},
        {"body": "One.\n<!-- newslint: disable-next-line scraping -->\nTwo."},
        {"body": "Text.", "newslint_disable": 3},
    ]
    # Records are collected data: their own suppressions count only when the config says so (issue 15).
    docs, problems = read(jsonl(*records), "a.jsonl", ReadOptions(inline_suppressions="all"))
    assert [(d.action, d.rules) for d in docs[0].directives] == [("disable-file", ("scraping.nav-line", "footnotes"))]
    assert docs[1].directives[0].rules == ("scraping", "repetition")
    assert [(d.action, d.line, d.field) for d in docs[2].directives] == [("disable-next-line", 3, "body")]
    assert docs[3].directives == () and problems[0].record == 4 and "newslint_disable" in problems[0].message


def test_undecodable_bytes_in_one_jsonl_line():
    data = b'{"body": "Fine."}\n{"body": "Caf\xe9."}\n'
    docs, problems = read(data, "a.jsonl")
    assert [d.blocks[0].text for d in docs] == ["Fine.", "Caf\ufffd."]
    assert problems[0].record == 2 and problems[0].line == 2 and "invalid UTF-8" in problems[0].message


def test_byte_order_mark_and_crlf():
    docs, problems = read(codecs.BOM_UTF8 + b'{"body": "First."}\r\n{"body": "Second."}\r\n', "a.jsonl")
    assert problems == [] and [d.blocks[0].text for d in docs] == ["First.", "Second."]


def test_empty_jsonl_and_json():
    for data, name in [("", "a.jsonl"), ("\n\n", "a.jsonl"), ("", "a.json"), ("[]", "a.json")]:
        docs, problems = read(data, name)
        assert docs == [] and [(p.rule, p.severity) for p in problems] == [("newslint.empty-document", "warning")], (
            data,
            name,
        )


def test_jsonl_is_read_line_by_line():
    class OneLineAtATime(io.RawIOBase):
        """A stream that fails if anyone reads it whole."""

        def __init__(self, lines: list[bytes]) -> None:
            self.lines = iter(lines)

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            raise AssertionError("the JSONL reader must not read the whole stream")

        def __iter__(self):
            return self.lines

        def readline(self, size: int = -1) -> bytes:  # (lines here are shorter than any limit)
            return next(self.lines, b"")

    stream = OneLineAtATime([b'{"body": "One."}\n', b'{"body": "Two."}\n'])
    results = read_jsonl("a.jsonl", stream, ReadOptions())
    first = next(results)
    assert first.record == 1 and first.blocks[0].text == "One."
    assert next(results).record == 2


def test_json_array_and_single_object():
    docs, problems = read(json.dumps([{"id": 1, "body": "A."}, "text", {"id": 3, "body": "C."}]), "a.json")
    assert [d.record for d in docs] == ["1", "3"] and problems[0].record == 2
    docs, problems = read(json.dumps({"title": "T", "body": "B."}), "a.json")
    assert problems == [] and docs[0].record == 1 and docs[0].headline.text == "T"


def test_broken_and_wrong_shaped_json():
    docs, problems = read('[{"body": "A."},\n  {"body": }]', "a.json")
    assert docs == [] and (problems[0].line, problems[0].column) == (2, 12) and "not valid JSON" in problems[0].message
    docs, problems = read('"just a string"', "a.json")
    assert docs == [] and "expected an array of objects" in problems[0].message


def test_csv_records_with_multiline_fields():
    data = 'id,title,body\r\n7,Council votes,"The council voted.\nIt passed ""the"" budget."\r\n8,,Short text.\r\n'
    docs, problems = read(data, "a.csv")
    assert problems == []
    assert [d.record for d in docs] == ["7", "8"]
    assert [(b.kind, b.text) for b in docs[0].blocks] == [
        ("headline", "Council votes"),
        ("paragraph", "The council voted."),
        ("paragraph", 'It passed "the" budget.'),
    ]
    block = docs[0].blocks[2]
    assert docs[0].position("body", block.source_start(block.text.index("budget"))) == (2, 17)
    assert docs[1].headline is None


def test_csv_without_body_column_is_one_problem():
    docs, problems = read("id,headline,summary\n1,H,S\n2,H,S\n", "a.csv")
    assert docs == []
    (problem,) = problems
    assert problem.record is None
    for word in ("'id'", "'headline'", "'summary'", "'body'", "fields.body"):
        assert word in problem.message


def test_csv_short_row_bom_and_undecodable_bytes():
    data = codecs.BOM_UTF8 + b"title,body\nA,First.\nB\nC,Caf\xe9.\n"
    docs, problems = read(data, "a.csv")
    assert [d.record for d in docs] == [1, 3]
    assert docs[0].headline.text == "A"  # the BOM is not part of the first column name
    assert [(p.record, p.line) for p in problems] == [(2, 3), (None, 4)]
    assert "header has 2" in problems[0].message and "invalid UTF-8" in problems[1].message


def test_csv_with_only_a_header_or_nothing():
    for data in ("", "title,body\n"):
        docs, problems = read(data, "a.csv")
        assert docs == [] and problems[0].rule == "newslint.empty-document"


def test_finding_positions_end_to_end_in_a_record_field():
    data = jsonl({"id": "a1", "title": "A story", "body": "The council met.\n\n  Skip to content\nIt voted."})
    findings = newslint.lint_text(data, path="x.jsonl", select=["scraping.nav-line"])
    assert [(f.record, f.field, f.line, f.column, f.end_column) for f in findings] == [("a1", "body", 3, 3, 18)]


# --- where records are in their file (issue 12, item 8) --------------------------------------


def test_jsonl_record_ids_carry_their_physical_line():
    # Record 4 of a five-line file with a blank line before it: line 5, whatever its fields hold.
    data = jsonl(
        {"id": "r1", "body": "One."},
        {"body": "Two.\n\nThree."},
        {"id": "r3", "body": "x"},
        "",
        {"id": "r4", "body": "A\n\nSkip to content\n\nC"},
    )
    docs, problems = read(data, "a.jsonl")
    assert problems == []
    assert [(d.record, record_place(d.record).line) for d in docs] == [("r1", 1), (2, 2), ("r3", 3), ("r4", 5)]
    findings = newslint.lint_text(data, path="a.jsonl", select=["scraping.nav-line"])
    assert [(f.record, f.line, f.file_lines()) for f in findings] == [("r4", 3, (5, 5))]


def test_jsonl_problems_carry_the_line_of_their_record():
    docs, problems = read(jsonl({"body": "One."}, "{broken", '{"title": "no body"}'), "a.jsonl")
    assert [(p.record, p.line, record_place(p.record).line) for p in problems] == [(2, 2, 2), (3, 3, 3)]


def test_csv_fields_know_the_physical_line_they_start_on():
    data = 'id,title,body\n1,T,"The council met.\n\nFine text."\n2,"Multi\nline title","Para one.\n\nSkip to content\n\nThe vote passed."\n3,T,One line.\n'
    docs, problems = read(data, "a.csv")
    assert problems == []
    places = [record_place(d.record) for d in docs]
    assert [p.line for p in places] == [2, 5, 11]
    assert dict(places[1].fields) == {"title": 5, "body": 6} and places[1].verbatim
    findings = newslint.lint_text(data, path="a.csv", select=["scraping.nav-line"])
    # Line 3 of the body of the record that starts on line 5 is line 8 of the file.
    assert [(f.record, f.field, f.line, f.file_lines()) for f in findings] == [("2", "body", 3, (8, 8))]


def test_json_array_records_know_their_line():
    data = '[\n  {"id": "a", "body": "One."},\n\n  {"id": "b",\n   "body": "Two."}\n]\n'
    docs, problems = read(data, "a.json")
    assert problems == [] and [(d.record, record_place(d.record).line) for d in docs] == [("a", 2), ("b", 4)]
    docs, _ = read('\n\n{"body": "One."}', "b.json")
    assert record_place(docs[0].record).line == 3


# --- a quote left open in a CSV file (issue 15, item 3) --------------------------------------


def _rows(count: int, broken: dict[int, str]) -> str:
    rows = ["id,title,body"] + [broken.get(i, f"{i},Title {i},Article {i} text here.") for i in range(1, count + 1)]
    return "\n".join(rows) + "\n"


def test_csv_quote_never_closed_is_reported_where_it_opened_and_the_rows_after_it_are_read():
    docs, problems = read(_rows(1000, {3: '3,"Title 3,Article 3 with a quote left open.'}), "a.csv")
    assert len(docs) == 999  # before: one record held rows 3..1000 and 998 records vanished
    assert [d.record for d in docs[:3]] == ["1", "2", "4"] and docs[-1].record == "1000"
    (problem,) = problems
    assert (problem.rule, problem.severity, problem.line, problem.column, problem.record) == (
        "newslint.input-error",
        "error",
        4,
        3,
        "3",
    )
    assert "line 4" in problem.message and "never closed" in problem.message and "'title'" in problem.message


def test_csv_quote_closed_many_rows_later_names_the_line_where_it_opened():
    docs, problems = read(
        _rows(1000, {3: '3,"Title 3,Article 3 with a quote left open.', 600: '600,Title 600",Article text.'}), "a.csv"
    )
    assert len(docs) == 999
    (problem,) = problems
    assert problem.line == 4 and "runs on to line 601" in problem.message


def test_csv_quoted_rows_lose_no_record_to_a_quote_left_open():
    data = 'id,body\n1,"Article one."\n2,"Article two, its quote left open.\n3,"Article three."\n4,"Article four."\n'
    docs, problems = read(data, "a.csv")
    assert [d.record for d in docs] == ["1", "3", "4"]  # before: record 3 was swallowed by record 2
    assert [(p.line, p.record) for p in problems] == [(3, "2")]


def test_csv_multiline_articles_are_not_runaways():
    # Even paragraphs that each hold the header's number of commas, when blank lines part them.
    spaced = "\n\n".join(f"Paragraph {i}, with a comma or two, as prose has." for i in range(60))
    # And lines with as many commas as the header (but not mostly) with no blank line between.
    packed = "\n".join(f"Line {i}, a clause" + (", and another." if i % 2 else ".") for i in range(60))
    for body in (spaced, packed):
        data = 'id,title,body\n1,"A title","' + body + '"\n2,T,"Short, one line."\n'
        docs, problems = read(data, "a.csv")
        assert problems == [] and [d.record for d in docs] == ["1", "2"]
        assert docs[0].sources["body"] == body


def test_csv_field_with_text_after_its_closing_quote_is_reported_and_checked():
    data = 'id,body\n1,"Para one.\n\nHe said "hi" there."\n2,"Fine."\n'
    docs, problems = read(data, "a.csv")
    assert [d.record for d in docs] == ["1", "2"]
    (problem,) = problems
    assert (problem.severity, problem.line) == ("warning", 2) and "closing quote" in problem.message


def test_csv_last_field_never_closed_is_reported_and_its_text_checked():
    data = 'id,body\n1,"Fine."\n2,"A last article\n\nthat the file cuts short\n'
    docs, problems = read(data, "a.csv")
    assert [d.record for d in docs] == ["1", "2"] and docs[1].sources["body"].startswith("A last article")
    (problem,) = problems
    assert (problem.severity, problem.line) == ("error", 3) and "never closed" in problem.message


def test_csv_broken_row_is_reported_at_the_line_it_starts_on():
    data = 'id,body\n1,"Fine."\n2,"Two lines\nthe second"\rand a stray carriage return\n3,Three.\n'
    docs, problems = read(data, "a.csv")
    assert [d.record for d in docs] == ["1", "3"]
    assert [(p.line, p.record) for p in problems] == [(3, 2)] and "at line 4" in problems[0].message


# --- numbers Python will not read (issue 15, item 6) -------------------------------------------


def test_jsonl_integer_too_long_to_read_is_an_input_error_for_its_record():
    data = (
        jsonl({"id": "a", "body": "One."})
        + '{"id": "b", "n": '
        + "9" * 5000
        + ', "body": "Two."}\n'
        + jsonl({"id": "c", "body": "Three."})
    )
    docs, problems = read(data, "a.jsonl")
    assert [d.record for d in docs] == ["a", "c"]
    (problem,) = problems
    assert (problem.rule, problem.line, problem.record) == ("newslint.input-error", 2, 2)
    assert "the record was skipped" in problem.message and len(problem.message) < 300


def test_json_file_with_an_integer_too_long_to_read_is_an_input_error():
    docs, problems = read('[{"body": "One.", "n": ' + "9" * 5000 + "}]", "a.json")
    assert docs == [] and problems[0].rule == "newslint.input-error" and "cannot read the JSON" in problems[0].message


@pytest.mark.parametrize("path, data", [("deep.jsonl", "[" * 100_000 + "\n"), ("deep.json", "[" * 100_000)])
def test_deeply_nested_json_is_a_read_problem(path, data):
    (problem,) = list(read_bytes(path, data.encode()))
    assert "nested too deeply" in problem.message
