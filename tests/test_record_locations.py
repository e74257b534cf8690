"""Dataset files end to end: CI formats point at the physical line of each record (issue 12,
item 8), output is safe from the data (issue 15, item 13) and broken input is reported, not
lost (issue 15, items 3 and 6)."""

from __future__ import annotations

import json
import re

import pytest

from cliutil import run
from newslint import runner
from newslint.config import Config
from newslint.report import FORMAT_NAMES, ReportContext, formats
from newslint.ruleset import BUILTIN_RULES, load_rules

NAV = ("--select", "scraping.nav-line")
CLEAN = "The council met on Tuesday. The vote passed after a long debate."
# Record r4 is line 4 of a five-line file; its defect is on line 3 of its body.
JSONL = "".join(
    json.dumps(
        {
            "id": f"r{i}",
            "title": "Council votes",
            "body": "The council met.\n\nSkip to content\n\nThe vote passed." if i == 4 else CLEAN,
        }
    )
    + "\n"
    for i in range(1, 6)
)
# Record 2's title takes lines 5-6 and its body starts on line 6: body line 3 is file line 8.
CSV = 'id,title,body\n1,T,"The council met.\n\nFine text."\n2,"Multi\nline title","Para one.\n\nSkip to content\n\nThe vote passed."\n3,T,Short.\n'


@pytest.fixture
def data(tmp_path):
    (tmp_path / "a.jsonl").write_text(JSONL, encoding="utf-8")
    (tmp_path / "b.csv").write_text(CSV, encoding="utf-8")
    return tmp_path


def test_every_ci_format_points_at_the_record_line(data):
    text = run(data, "check", *NAV, "a.jsonl", "b.csv").stdout.splitlines()
    assert [line.split(": warning")[0] for line in text] == ["a.jsonl:4:1", "b.csv:8:1"]
    assert "record r4, field body, line 3, column 1: Navigation text" in text[0]
    github = run(data, "check", *NAV, "-f", "github", "a.jsonl", "b.csv").stdout.splitlines()
    assert [re.search(r"file=([^,]*),line=(\d+)", line).groups() for line in github] == [
        ("a.jsonl", "4"),
        ("b.csv", "8"),
    ]
    sarif = json.loads(run(data, "check", *NAV, "-f", "sarif", "a.jsonl", "b.csv").stdout)
    results = sarif["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [4, 8]
    assert [r["properties"]["fieldRegion"]["startLine"] for r in results] == [3, 3]
    junit = run(data, "check", *NAV, "-f", "junit", "a.jsonl", "b.csv").stdout
    assert "a.jsonl:4:1: warning" in junit and "b.csv:8:1: warning" in junit
    # The JSON contract is unchanged: the line within the field, the record's id.
    (first, second) = json.loads(run(data, "check", *NAV, "-f", "json", "a.jsonl", "b.csv").stdout)
    assert (first["line"], first["record"], first["field"]) == (3, "r4", "body")
    assert (second["line"], second["record"], second["field"]) == (3, "2", "body")


def test_record_locations_are_the_same_at_every_jobs_count(data):
    (data / "c.jsonl").write_text(JSONL.replace('"r', '"c'), encoding="utf-8")
    for name in FORMAT_NAMES:
        outputs = {run(data, "check", "-f", name, "-j", jobs, ".").stdout for jobs in ("1", "2")}
        assert len(outputs) == 1, name


def test_split_jsonl_ranges_keep_record_lines(tmp_path, monkeypatch):
    path = tmp_path / "big.jsonl"
    lines = [
        json.dumps(
            {"id": f"r{i}", "title": f"Harbour day {i}", "body": f"Dock workers met on day {i}.\n\nSkip to content"}
        )
        for i in range(300)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rules, _ = load_rules([BUILTIN_RULES])
    rules = [r for r in rules if r.id == "scraping.nav-line"]
    whole = runner.all_findings(runner.check_files([str(path)], rules, Config(), jobs=1), rules)
    monkeypatch.setattr(runner, "SPLIT_BYTES", 2000)
    split = runner.all_findings(runner.check_files([str(path)], rules, Config(), jobs=2), rules)
    assert len(split) == 300 and [f.file_lines() for f in split] == [f.file_lines() for f in whole]
    assert all(f.file_lines() == (int(f.record[1:]) + 1,) * 2 for f in split)
    assert formats()["github"](split, ReportContext()) == formats()["github"](whole, ReportContext())


def test_a_record_id_cannot_forge_a_workflow_command_in_the_text_output(tmp_path):
    forged = "x\n::error file=a.txt,line=1::forged\x1b[31m"
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": forged, "body": "Skip to content\n\nThe vote."}) + "\n", encoding="utf-8"
    )
    out = run(tmp_path, "check", *NAV, "a.jsonl").stdout
    assert out.count("\n") == 1 and "\x1b" not in out
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())


def test_a_lone_surrogate_in_a_record_does_not_crash_any_format(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"id": "x\\ud800", "body": "Skip to content\\n\\nThe \\udc00 vote."}\n', encoding="utf-8"
    )
    for name in FORMAT_NAMES:
        result = run(tmp_path, "check", *NAV, "-f", name, "a.jsonl")
        assert result.returncode == 1 and "Traceback" not in result.stderr and "nav-line" in result.stdout, name


def test_a_csv_quote_left_open_is_reported_and_the_rest_checked(tmp_path):
    rows = ["id,title,body"] + [
        f"{i},Title {i},Article {i}: Skip to content" if i % 100 == 0 else f"{i},Title {i},Article {i} text."
        for i in range(1, 1001)
    ]
    rows[3] = '3,"Title 3,Article 3 with its quote left open.'
    (tmp_path / "a.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    findings = json.loads(run(tmp_path, "check", "-f", "json", "--select", "scraping", "a.csv").stdout)
    errors = [f for f in findings if f["rule"] == "newslint.input-error"]
    assert [(f["line"], f["record"]) for f in errors] == [(4, "3")]
    # The rows after the broken one were read (before: swallowed into record 3, exit 0).
    result = run(tmp_path, "check", "--select", "scraping", "a.csv")
    assert result.returncode != 0 and "a.csv:4:1: error [newslint.input-error] record 3: line 4:" in result.stdout


def test_a_huge_json_integer_is_an_input_error_and_the_run_goes_on(tmp_path):
    big = '{"id": "b", "n": ' + "9" * 5000 + ', "body": "Text."}\n'
    (tmp_path / "a.jsonl").write_text(
        big + json.dumps({"id": "c", "body": "Skip to content\n\nThe vote."}) + "\n", encoding="utf-8"
    )
    (tmp_path / "b.json").write_text("[" + big.strip() + "]", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Skip to content\n\nThe vote.\n", encoding="utf-8")
    for jobs in ("1", "2"):
        result = run(tmp_path, "check", *NAV, "-j", jobs, "-f", "json", ".")
        assert "Traceback" not in result.stderr
        found = [(f["path"], f["rule"], f["record"]) for f in json.loads(result.stdout)]
        assert found == [
            ("a.jsonl", "newslint.input-error", 1),
            ("a.jsonl", "scraping.nav-line", "c"),
            ("b.json", "newslint.input-error", None),
            ("c.txt", "scraping.nav-line", None),
        ]
