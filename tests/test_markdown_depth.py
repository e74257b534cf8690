"""Markdown nested past markdown-it's limit is reported, and the rest is read (issue 15, case 4)."""

from __future__ import annotations

import newslint
from newslint.readers import ReadProblem, read_bytes

TAIL = "\nSkip to content\n\nThe council voted on Tuesday.\n"


def nested_list(depth: int) -> str:
    return "".join("  " * i + f"- item {i}\n" for i in range(depth))


def read(text: str):
    items = list(read_bytes("a.md", text.encode("utf-8")))
    problems = [i for i in items if isinstance(i, ReadProblem)]
    (document,) = [i for i in items if not isinstance(i, ReadProblem)]
    return document, problems


def test_a_list_ten_levels_deep_no_longer_hides_the_rest_of_the_document():
    document, problems = read("# Council votes\n\n" + nested_list(12) + TAIL)
    texts = [b.text for b in document.blocks]
    assert "item 11" in texts and texts[-2:] == ["Skip to content", "The council voted on Tuesday."]
    assert problems == []
    findings = newslint.lint_text("# Council votes\n\n" + nested_list(12) + TAIL, "a.md", select=["scraping.nav-line"])
    assert [(f.rule, f.line) for f in findings] == [("scraping.nav-line", 16)]


def test_nesting_past_the_limit_is_an_input_error_and_the_text_after_it_is_read():
    document, problems = read("# Council votes\n\n" + nested_list(80) + TAIL)
    texts = [b.text for b in document.blocks]
    assert texts[-2:] == ["Skip to content", "The council voted on Tuesday."]
    (problem,) = problems
    assert problem.rule == "newslint.input-error" and problem.line == 52
    assert (
        "nested too deep (more than 50 nested lists or 100 nested quotes)" in problem.message
        and "the rest of the document was" in problem.message
    )


def test_deep_quotes_are_reported_each_and_the_text_between_them_is_read():
    text = "# Council votes\n\n" + (">" * 150 + " deep\n\nBetween the quotes.\n\n") * 3
    document, problems = read(text)
    assert [b.text for b in document.blocks][1:] == ["Between the quotes."] * 3
    assert [p.line for p in problems] == [3, 7, 11]


def test_the_cli_exits_2_for_unread_text(tmp_path):
    import subprocess
    import sys

    (tmp_path / "a.md").write_text("# Council votes\n\n" + nested_list(80) + TAIL, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--isolated", "--select", "scraping.nav-line", "a.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "a.md:52:1: error [newslint.input-error]" in result.stdout and "[scraping.nav-line]" in result.stdout
