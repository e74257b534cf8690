"""Site chrome found by recurrence: a short line in several documents of one source."""

from __future__ import annotations

import json

import pytest

from kindutil import make_rule
from newslint.config import Config
from newslint.rule import RuleError
from newslint.runner import all_findings, check_files
from newslint.testing import lint_corpus_texts


def rule(**options):
    # Most tests are about recurrence itself: the template check (for files whose directory
    # is their source) is off unless a test asks for it.
    options.setdefault("template-documents", 0)
    return make_rule("corpus-recurring-line", rule_id="scraping.recurring", message="{count}: {others}", **options)


STORY = "The council voted on Tuesday to close the old bridge for repairs that could take most of the year."


def test_a_line_in_enough_documents_is_flagged_in_each_naming_others() -> None:
    texts = [f"Story {i}\n\n{STORY} Part {i}.\n\nMore from Portvale" for i in range(3)]
    found = lint_corpus_texts(rule(), texts)
    assert [(f.match, f.line) for f in found] == [("More from Portvale", 5)] * 3
    assert found[0].message.startswith("3: ")


def test_too_few_documents_or_long_lines_are_not_chrome() -> None:
    assert lint_corpus_texts(rule(), [f"Story {i}\n\n{STORY}\n\nMore from Portvale" for i in range(2)]) == []
    assert lint_corpus_texts(rule(**{"max-words": 5}), [f"Story {i}\n\n{STORY}" for i in range(4)]) == []


def write_records(path, rows) -> str:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return str(path)


def test_documents_recur_only_within_their_source(tmp_path) -> None:
    rows = [
        {
            "id": str(i),
            "title": f"Story {i}",
            "text": f"{STORY}\n\nAutos",
            "url": f"https://{'a' if i < 2 else 'b'}.example/{i}",
        }
        for i in range(4)
    ]
    data = write_records(tmp_path / "crawl.jsonl", rows)
    r = rule(**{"min-documents": 2})
    found = all_findings(check_files([data], [r], Config()), [r])
    assert sorted(f.record for f in found) == ["0", "1", "2", "3"]
    r3 = rule(**{"min-documents": 3})
    assert all_findings(check_files([data], [r3], Config()), [r3]) == []


def test_authored_documents_are_left_alone_unless_asked(tmp_path) -> None:
    paths = []
    for i in range(3):
        post = tmp_path / f"p{i}.md"
        post.write_text(f"---\ntitle: Post {i}\n---\n\n{STORY}\n\nThanks for reading!\n", encoding="utf-8")
        paths.append(str(post))
    assert all_findings(check_files(paths, [rule()], Config()), [rule()]) == []
    asked = rule(**{"authored-documents": True})
    assert len(all_findings(check_files(paths, [asked], Config()), [asked])) == 3


def test_min_documents_must_be_at_least_two() -> None:
    with pytest.raises(RuleError, match="min-documents"):
        rule(**{"min-documents": 1})


def test_a_documents_own_headline_is_not_chrome_where_it_is_the_title() -> None:
    texts = [f"Bridge to close\n\n{STORY}\n\nBridge to close"] + [
        f"Story {i}\n\n{STORY} Part {i}.\n\nBridge to close" for i in range(3)
    ]
    found = lint_corpus_texts(rule(), texts)
    # In the first it is the document's own title (and does not count); in the others, a link.
    assert [(f.line, f.match) for f in found] == [(5, "Bridge to close")] * 3
    assert lint_corpus_texts(rule(), texts[:3]) == []


def test_a_subhead_between_the_articles_paragraphs_is_structure_not_chrome() -> None:
    texts = [
        f"Story {i}\n\n{STORY} Part {i}.\n\nIngredients\n\n{STORY} Then part {i} again.\n\nMore from Portvale"
        for i in range(3)
    ]
    found = lint_corpus_texts(rule(), texts)
    assert {f.match for f in found} == {"More from Portvale"}
    # The same line above the first paragraph, where bylines and section labels stand, is chrome.
    texts = [f"Story {i}\n\nIngredients\n\n{STORY} Part {i}.\n\n{STORY} Then part {i}." for i in range(3)]
    assert {f.match for f in lint_corpus_texts(rule(), texts)} == {"Ingredients"}
    assert {
        f.match
        for f in lint_corpus_texts(
            rule(**{"skip-subheads": False}), [f"Story {i}\n\n{STORY} {i}.\n\nWhy?\n\n{STORY} {i}." for i in range(3)]
        )
    } == {"Why?"}


def test_by_directory_a_line_counts_where_its_documents_share_a_template() -> None:
    templated = rule(**{"template-documents": 20})
    alone = [f"Story {i}\n\n{STORY} Part {i}.\n\nWhy?\n\nA closing word on part {i}." for i in range(3)]
    assert lint_corpus_texts(templated, alone) == []
    site = [f"Story {i}\n\n{STORY} Part {i}.\n\nMore from Portvale\n\nContact the newsroom" for i in range(3)]
    assert {f.match for f in lint_corpus_texts(templated, site)} == {"More from Portvale", "Contact the newsroom"}
    # Enough documents are evidence by themselves, and a source field is never second-guessed.
    assert len(lint_corpus_texts(rule(**{"template-documents": 3}), alone)) == 3


def test_a_source_field_needs_no_template(tmp_path) -> None:
    rows = [{"id": str(i), "title": f"Story {i}", "text": f"{STORY}\n\nAutos", "domain": "a.example"} for i in range(3)]
    data = write_records(tmp_path / "crawl.jsonl", rows)
    r = rule(**{"template-documents": 20})
    assert len(all_findings(check_files([data], [r], Config()), [r])) == 3
