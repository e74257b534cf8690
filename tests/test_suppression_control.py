"""In-band suppressions under control (issue 15, case 14): scraped pages and dataset records
cannot switch off their own checks by default; authored Markdown and text can, and
--ignore-inline-suppressions (or the config key) turns them all off."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import newslint
from newslint.config import ConfigError, parse_config

NAV = "Skip to content"


def run(cwd, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--select", "scraping.nav-line", "-f", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def flagged(result) -> list[tuple[str, object]]:
    return sorted((f["path"], f["record"]) for f in json.loads(result.stdout) if f["rule"] == "scraping.nav-line")


@pytest.fixture
def data(tmp_path):
    """A dataset whose records and pages try to silence every rule, and authored files that may."""
    records = [
        {"id": "comment", "title": "Votes", "body": f"<!-- newslint: disable -->\n{NAV}\n\nThe council voted."},
        {"id": "field", "title": "Votes", "body": f"{NAV}\n\nThe council voted.", "newslint_disable": True},
        {
            "id": "field-list",
            "title": "Votes",
            "body": f"{NAV}\n\nThe council voted.",
            "newslint_disable": ["scraping"],
        },
    ]
    (tmp_path / "crawl.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (tmp_path / "crawl.csv").write_text(
        f'id,title,body\ncsv,Votes,"<!-- newslint: disable -->\n{NAV}\n\nThe council voted."\n', encoding="utf-8"
    )
    (tmp_path / "page.html").write_text(
        f"<html><body><!-- newslint: disable --><p>{NAV}</p><p>The council voted.</p></body></html>", encoding="utf-8"
    )
    (tmp_path / "post.md").write_text(
        f"---\nnewslint_disable: [scraping]\n---\n# Votes\n\n{NAV}\n\nThe council voted.\n", encoding="utf-8"
    )
    (tmp_path / "note.txt").write_text(
        f"Votes\n\n<!-- newslint: disable-next-line scraping.nav-line -->\n{NAV}\n\nThe council voted.\n",
        encoding="utf-8",
    )
    return tmp_path


ALL_DATA = [
    ("crawl.csv", "csv"),
    ("crawl.jsonl", "comment"),
    ("crawl.jsonl", "field"),
    ("crawl.jsonl", "field-list"),
    ("page.html", None),
]


def test_records_and_pages_cannot_silence_themselves_by_default(data):
    result = run(data, "--isolated", ".")
    assert flagged(result) == ALL_DATA  # the Markdown post and the text note keep their suppressions


def test_ignore_inline_suppressions_ignores_them_everywhere(data):
    result = run(data, "--isolated", "--ignore-inline-suppressions", ".")
    assert flagged(result) == sorted(ALL_DATA + [("note.txt", None), ("post.md", None)])


def test_the_config_key_chooses_whose_suppressions_count(data):
    (data / ".newslint.yaml").write_text("inline-suppressions: none\n", encoding="utf-8")
    assert len(flagged(run(data, "."))) == 7
    (data / ".newslint.yaml").write_text("inline-suppressions: all\n", encoding="utf-8")
    assert flagged(run(data, ".")) == []  # the dataset's owner trusts its records
    (data / ".newslint.yaml").write_text("inline-suppressions: authored\n", encoding="utf-8")
    assert flagged(run(data, ".")) == ALL_DATA
    with pytest.raises(ConfigError, match="inline-suppressions"):
        parse_config({"inline-suppressions": "sometimes"}, "c.yaml")


def test_the_api_follows_the_same_default():
    record = json.dumps({"title": "Votes", "body": f"<!-- newslint: disable -->\n{NAV}\n\nThe council voted."})
    assert [f.rule for f in newslint.lint_text(record + "\n", "a.jsonl", select=["scraping.nav-line"])] == [
        "scraping.nav-line"
    ]
    assert (
        newslint.lint_text(
            f"<!-- newslint: disable -->\n{NAV}\n\nThe council voted.\n", "a.md", select=["scraping.nav-line"]
        )
        == []
    )
