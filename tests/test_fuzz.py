"""A fuzzing target (Hypothesis) over every reader and the engine with the default rules.

Each example is a file of one format (txt, md, mdx, html, jsonl, json, csv), written to disk
and checked the way `newslint check` checks it (runner.check_file, then the corpus pass);
either well-formed content from article-like pieces, or raw bytes. The properties:

- nothing crashes: no exception, and no newslint.internal-error, rule-crash or rule-timeout
  finding (those are how the runner reports a crash it caught);
- every span is in bounds: a finding's lines and columns lie inside the text it counts in
  (the file, or the record's field), start before end; in plain text and in records the
  match is the text of the span;
- it is deterministic: a second run gives the same findings, and so does a run whose
  findings are spilled to disk (newslint.spool) a few at a time.

CI runs a bounded number of examples per format (NEWSLINT_FUZZ_EXAMPLES, 200 by default:
about 10 s on one core). To fuzz for longer on purpose:

    NEWSLINT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py -n 2
"""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint import runner
from newslint.config import Config
from newslint.document import Document
from newslint.finding import Finding
from newslint.readers import ReadOptions, is_record_format, read_file
from newslint.spool import FindingSpool

EXAMPLES = int(os.environ.get("NEWSLINT_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
CONFIG = Config()
RULES, ERRORS = runner.build_rules(CONFIG)  # the default rules, corpus rules included
CRASHES = {"newslint.internal-error", "newslint.rule-crash", "newslint.rule-timeout"}
FORMATS = ["txt", "md", "mdx", "html", "jsonl", "json", "csv"]

LINES = st.sampled_from(
    [
        "Skip to content",
        "Read also:",
        "Advertisement",
        "Share on Facebook",
        "Photo: Reuters/Jane Doe",
        "Council votes to close the bridge",
        "The council voted on Tuesday to close the old bridge for repairs.",
        "“We will not back down,” he said.",
        '"Nobody knows," sources say, as reported by TASS.',
        "The minister visited Kyiv and later Kiev.",
        "Russian President Putin and Russian president Putin.",
        "Officials met in Geneva[1] and Vienna[2].",
        "[1] war-and-conflicts",
        "[2]: Reuters, 12 May",
        "[edit]",
        "Talks would continue after the holidays, officials said...",
        "&amp; &nbsp; <div>",
        "Ã©tÃ© mojibake",
        "<!-- newslint: disable -->",
        "<!-- newslint: disable-next-line scraping -->",
        "",
        "   ",
        "\t",
        "…",
    ]
)
# Markup of the formats read whole, so their parsers meet their own syntax half-formed too.
MARKUP = {
    "txt": [],
    "md": [
        "# ",
        "## ",
        "- ",
        "  - ",
        "> ",
        "1. ",
        "```",
        "~~~",
        "---",
        "title: x",
        "| a | b |",
        "|---|---|",
        "[^1]: note",
        "{% raw %}",
        "{{ x }}",
        "<div>",
        "</div>",
        "***",
        "    code",
    ],
    "mdx": [
        "# ",
        "- ",
        "> ",
        "import X from 'x'",
        "export const a = 1",
        "<Note>",
        "</Note>",
        "{/* c */}",
        "{props.x}",
        "---",
        "title: x",
    ],
    "html": [
        "<p>",
        "</p>",
        "<h1>",
        "</h1>",
        "<title>",
        "</title>",
        "<br>",
        "<script>",
        "</script>",
        "<style>",
        "<!--",
        "-->",
        "<li>",
        "<div class='nav'>",
        "</div>",
        "&amp;",
        "&#x2014;",
        "<a href='#'>",
        "</a>",
    ],
}
PIECE = st.one_of(LINES, st.text(st.characters(exclude_categories=("Cs",)), max_size=20))


@st.composite
def whole_file(draw, fmt: str) -> bytes:
    """A text, Markdown, MDX or HTML file of article-like lines and half-formed markup."""
    parts = []
    for _ in range(draw(st.integers(0, 14))):
        markup = MARKUP[fmt]
        prefix = draw(st.sampled_from(markup)) if markup and draw(st.booleans()) else ""
        parts.append(prefix + draw(PIECE) + draw(st.sampled_from(["\n", "\n\n", "\r\n", " "])))
    text = "".join(parts)
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


FIELD = st.lists(PIECE, max_size=6).map(lambda parts: "\n\n".join(parts))
RECORD = st.fixed_dictionaries(
    {"title": st.one_of(PIECE, st.none(), st.integers())},
    optional={
        "body": FIELD,
        "text": FIELD,
        "id": st.one_of(st.text(max_size=4), st.integers(-2, 5)),
        "url": st.sampled_from(["https://a.example/x", "b"]),
        "newslint_disable": st.sampled_from([True, "scraping", 3]),
    },
)
BROKEN = st.sampled_from(
    ["{not json", "[1, 2]", '"text"', "1" * 5000, "{" * 200, '{"body": 1}', "", "  ", '{"title": "x"}']
)


@st.composite
def records_file(draw, fmt: str) -> bytes:
    """A JSONL, JSON or CSV file of records, some of them broken."""
    records = draw(st.lists(RECORD, max_size=8))
    if fmt == "jsonl":
        lines = [json.dumps(r, ensure_ascii=draw(st.booleans())) for r in records]
        for _ in range(draw(st.integers(0, 2))):
            lines.insert(draw(st.integers(0, len(lines))), draw(BROKEN))
        return "\n".join(lines).encode("utf-8")
    if fmt == "json":
        data = records[0] if len(records) == 1 and draw(st.booleans()) else records
        text = json.dumps(data, indent=draw(st.sampled_from([None, 1])), ensure_ascii=False)
        if draw(st.integers(0, 5)) == 0:
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(BROKEN) + text[at:]
        return text.encode("utf-8")
    out = io.StringIO()
    columns = draw(st.sampled_from([["id", "title", "body"], ["title", "text", "url"], ["body"], ["x", "y"]]))
    writer = csv.writer(out)
    writer.writerow(columns)
    for record in records:
        writer.writerow(["" if record.get(c) is None else record.get(c) for c in columns])
    text = out.getvalue()
    if text and draw(st.integers(0, 4)) == 0:  # a stray quote, an unbalanced field
        at = draw(st.integers(0, len(text)))
        text = text[:at] + '"' + text[at:]
    return text.encode("utf-8")


def well_formed(fmt: str) -> st.SearchStrategy[bytes]:
    return records_file(fmt) if fmt in ("jsonl", "json", "csv") else whole_file(fmt)


ANY_BYTES = st.one_of(
    st.binary(max_size=400),
    st.lists(
        st.sampled_from(
            [
                b"{",
                b"}",
                b'"',
                b",",
                b"\n",
                b"\r",
                b"<p>",
                b"#",
                b"- ",
                b"---\n",
                b"\xff",
                b"\xc3",
                b"\x00",
                b"[1]",
                b"\\u",
                b"text",
            ]
        ),
        max_size=40,
    ).map(b"".join),
)


def check(directory, fmt: str, data: bytes) -> None:
    path = os.path.join(directory, f"example.{fmt}")
    with open(path, "wb") as handle:
        handle.write(data)
    # A limit that small documents stay under but some examples cross, so that path runs too.
    config = Config(read=ReadOptions(max_document_bytes=300)) if len(data) % 3 == 0 else CONFIG
    result = runner.check_file(path, RULES, config)
    findings = runner.all_findings([result], RULES)
    assert not [f for f in findings if f.rule in CRASHES], findings
    in_bounds(path, fmt, findings, config)
    again = runner.all_findings([runner.check_file(path, RULES, config)], RULES)
    assert [f.to_dict() for f in again] == [f.to_dict() for f in findings]
    with FindingSpool(limit=2) as spool:
        runner.collect([result], RULES, spool)
        assert [f.to_dict() for f in spool] == [f.to_dict() for f in findings]


def in_bounds(path: str, fmt: str, findings: list[Finding], config: Config) -> None:
    """Each finding's span lies in the text it counts in (as the reader read it)."""
    texts: dict[tuple, list[str]] = {}  # several when records share an id
    for item in read_file(path, config.read):
        if isinstance(item, Document):
            for field, text in item.sources.items():
                texts.setdefault((item.record, field), []).append(text)
    verbatim = fmt == "txt" or is_record_format(path)  # the match is the span's text
    for f in findings:
        assert f.line >= 1 and f.column >= 1 and (f.line, f.column) <= (f.end_line, f.end_column), f
        candidates = texts.get((f.record, f.field))
        if candidates is not None:  # (None: about a record as a whole, or a file read as nothing)
            assert any(_inside(f, text, verbatim) for text in candidates), f


def _inside(f: Finding, text: str, verbatim: bool) -> bool:
    lines = text.split("\n")
    if (
        f.end_line > len(lines)
        or f.column > len(lines[f.line - 1]) + 1
        or f.end_column > len(lines[f.end_line - 1]) + 1
    ):
        return False
    if not verbatim:
        return True
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return f.match == text[starts[f.line - 1] + f.column - 1 : starts[f.end_line - 1] + f.end_column - 1]


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    return str(tmp_path_factory.mktemp("fuzz"))


def test_the_default_rules_load():
    assert RULES and not ERRORS


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=st.data())
def test_well_formed_files(directory, fmt, data):
    check(directory, fmt, data.draw(well_formed(fmt)))


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=ANY_BYTES)
def test_any_bytes(directory, fmt, data):
    check(directory, fmt, data)
