"""The command line end to end, through `python -m newslint` in a scratch project directory."""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ET

import pytest

from cliutil import JSON_KEYS, run, write
from newslint.rule import load_rule
from newslint.ruleset import BUILTIN_RULES

ARTICLE = "Skip to content\n\nCouncil approves new budget\n\nThe city council approved the budget on Tuesday after a long debate.\n"
CLEAN = "Council approves new budget\n\nThe city council approved the budget on Tuesday after a long debate.\n"
NAV = ("--select", "scraping.nav-line")

# Two custom rules in pack "house", and their expected matches in HOUSE_ARTICLE.
WIRE_RULE = """\
kind: pattern
severity: warning
message: "Wire credit left in the text: {match}"
summary: A wire-service credit in the body.
patterns: ['\\((?:Reuters|AP)\\)']
examples:
  fail: ["Prices rise\n\nLONDON (Reuters) - Prices rose."]
  pass: ["Prices rise\n\nReuters reported that prices rose."]
"""
SHOUT_RULE = """\
kind: pattern
severity: error
message: "Shouted label: {match}"
summary: A shouted breaking-news label.
patterns: ['\\bBREAKING\\b']
examples:
  fail: ["Council votes\n\nBREAKING: the council voted."]
  pass: ["Council votes\n\nThe council is breaking new ground."]
"""
HOUSE_ARTICLE = "Skip to content\n\nCouncil votes\n\nBREAKING: LONDON (Reuters) - The council voted on Tuesday.\n"


@pytest.fixture
def project(tmp_path):
    """A project directory with its own config (so no config above tmp_path leaks in) and one defective article."""
    write(tmp_path / ".newslint.yaml", "fail-on: warning\n")
    write(tmp_path / "article.txt", ARTICLE)
    return tmp_path


@pytest.fixture
def house(project):
    """The project with the custom `house` pack in rules/ and an article both house rules flag."""
    write(project / ".newslint.yaml", "rule-dirs: [rules]\n")
    write(project / "rules" / "house" / "wire-credit.yaml", WIRE_RULE)
    write(project / "rules" / "house" / "shouting.yaml", SHOUT_RULE)
    write(project / "house.txt", HOUSE_ARTICLE)
    return project


def rules_found(result: subprocess.CompletedProcess) -> list[str]:
    """The rule ids of a JSON report."""
    return [f["rule"] for f in json.loads(result.stdout)]


# --- every format -----------------------------------------------------------------------------


def parse_text(out: str) -> list[tuple]:
    return [
        tuple(line.split(": ", 1)[0].rsplit(":", 2)) + (line.split("[", 1)[1].split("]", 1)[0],)
        for line in out.splitlines()
    ]


def parse_json(out: str) -> list[tuple]:
    return [(f["path"], str(f["line"]), str(f["column"]), f["rule"]) for f in json.loads(out)]


def parse_jsonl(out: str) -> list[tuple]:
    return [(f["path"], str(f["line"]), str(f["column"]), f["rule"]) for f in map(json.loads, out.splitlines())]


def parse_github(out: str) -> list[tuple]:
    found = []
    for line in out.splitlines():
        assert line.startswith("::warning ")
        props = dict(p.split("=", 1) for p in line[len("::warning ") :].split("::", 1)[0].split(","))
        found.append((props["file"], props["line"], props["col"], props["title"]))
    return found


def parse_sarif(out: str) -> list[tuple]:
    run_ = json.loads(out)["runs"][0]
    found = []
    for res in run_["results"]:
        location = res["locations"][0]["physicalLocation"]
        region = location["region"]
        found.append(
            (location["artifactLocation"]["uri"], str(region["startLine"]), str(region["startColumn"]), res["ruleId"])
        )
    return found


def parse_junit(out: str) -> list[tuple]:
    root = ET.fromstring(out.encode("utf-8"))
    assert root.find("testsuite").get("failures") == "1"
    return [parse_text(case.find("failure").text)[0] for case in root.iter("testcase")]


PARSERS = {
    "text": parse_text,
    "json": parse_json,
    "jsonl": parse_jsonl,
    "github": parse_github,
    "sarif": parse_sarif,
    "junit": parse_junit,
}


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_every_format_parses_and_holds_the_finding(project, fmt):
    result = run(project, "check", *NAV, "--format", fmt, "article.txt")
    assert result.returncode == 1, result.stderr
    assert PARSERS[fmt](result.stdout) == [("article.txt", "1", "1", "scraping.nav-line")]


# --- exit status ------------------------------------------------------------------------------


def test_exit_status_follows_fail_on_and_exit_zero(project):
    write(project / "clean.txt", CLEAN)
    assert run(project, "check", *NAV, "clean.txt").returncode == 0
    assert run(project, "check", *NAV, "article.txt").returncode == 1
    assert run(project, "check", *NAV, "--fail-on", "error", "article.txt").returncode == 0
    assert run(project, "check", *NAV, "--fail-on", "info", "article.txt").returncode == 1
    exit_zero = run(project, "check", *NAV, "--exit-zero", "article.txt")
    assert exit_zero.returncode == 0 and "scraping.nav-line" in exit_zero.stdout


def test_unknown_option_is_a_usage_error(project):
    result = run(project, "check", "--no-such-option", "article.txt")
    assert result.returncode == 2
    assert "usage:" in result.stderr and "--no-such-option" in result.stderr


def test_unknown_config_key_is_an_error_naming_file_and_key(project):
    write(project / ".newslint.yaml", "selekt: [scraping]\n")
    result = run(project, "check", "article.txt")
    assert result.returncode == 2
    assert ".newslint.yaml" in result.stderr and "'selekt'" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_broken_custom_rule_is_an_error_naming_file_and_key(house):
    write(
        house / "rules" / "house" / "broken.yaml",
        "kind: pattern\nmessage: 'x'\nsummary: Broken.\npatterns: ['(unclosed']\n",
    )
    result = run(house, "check", "article.txt")
    assert result.returncode == 2
    assert os.path.join("house", "broken.yaml") in result.stderr and "patterns[0]" in result.stderr
    assert "Traceback" not in result.stderr


# --- options ------------------------------------------------------------------------------------


def test_output_file(project):
    result = run(project, "check", *NAV, "--format", "json", "-o", "report.json", "article.txt")
    assert result.returncode == 1 and result.stdout == ""
    report = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in report] == ["scraping.nav-line"]


def test_statistics_go_to_stderr(project):
    write(project / "second.txt", ARTICLE)
    result = run(project, "check", *NAV, "--statistics", "article.txt", "second.txt")
    assert result.stdout.count("[scraping.nav-line]") == 2
    counts = [line.split() for line in result.stderr.splitlines()]
    assert ["2", "scraping.nav-line"] in counts
    assert "2  findings in 2 documents from 2 files" in result.stderr


@pytest.mark.parametrize(
    "options, expected",
    [
        (["--select", "house"], ["house.shouting", "house.wire-credit"]),
        (["--select", "house.wire-credit"], ["house.wire-credit"]),
        (
            ["--select", "house,scraping.nav-line", "--ignore", "house.shouting"],
            ["scraping.nav-line", "house.wire-credit"],
        ),
        (["--select", "house,scraping.nav-line", "--ignore", "house"], ["scraping.nav-line"]),
    ],
)
def test_select_and_ignore_by_pack_and_rule_id(house, options, expected):
    result = run(house, "check", "--format", "json", *options, "house.txt")
    assert rules_found(result) == expected


def test_stdin_with_stdin_filename(project):
    result = run(project, "check", *NAV, "--format", "json", "-", "--stdin-filename", "x.md", stdin=ARTICLE)
    assert result.returncode == 1, result.stderr
    (finding,) = json.loads(result.stdout)
    assert (finding["path"], finding["line"], finding["column"], finding["rule"]) == ("x.md", 1, 1, "scraping.nav-line")


@pytest.fixture
def tree(project):
    """docs/ with included, not-included and excluded articles, all defective."""
    write(project / ".newslint.yaml", "files: ['*.txt', '*.rst']\nexclude: ['docs/drafts/**']\n")
    for name in ("docs/a.txt", "docs/sub/deeper/b.rst", "docs/sub/c.md", "docs/drafts/d.txt"):
        write(project / name, ARTICLE)
    return project


def test_directory_is_walked_with_files_and_exclude(tree):
    result = run(tree, "check", *NAV, "--format", "json", "docs")
    paths = [f["path"] for f in json.loads(result.stdout)]
    assert paths == ["docs/a.txt", "docs/sub/deeper/b.rst"]


def test_force_exclude_applies_to_files_named_explicitly(tree):
    named = run(tree, "check", *NAV, "--format", "json", "docs/drafts/d.txt")
    assert [f["path"] for f in json.loads(named.stdout)] == ["docs/drafts/d.txt"]
    forced = run(tree, "check", *NAV, "--format", "json", "--force-exclude", "docs/drafts/d.txt")
    assert forced.returncode == 0 and json.loads(forced.stdout) == []


# --- the JSON contract and determinism -------------------------------------------------------


def test_json_contract_keys_in_order(project):
    result = run(project, "check", *NAV, "--format", "json", "article.txt")
    (finding,) = json.loads(result.stdout)
    assert list(finding) == JSON_KEYS
    assert finding == {
        "path": "article.txt",
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 16,
        "rule": "scraping.nav-line",
        "severity": "warning",
        "message": finding["message"],
        "match": "Skip to content",
        "record": None,
        "field": None,
        "suggestion": None,
    }
    assert "Skip to content" in finding["message"]


def test_output_is_byte_identical_across_runs_and_jobs(project):
    for i in range(6):
        write(project / "many" / f"{i}.txt", ARTICLE if i % 2 else CLEAN + "\nSkip to content\n")
    runs = [run(project, "check", "--format", "json", "--jobs", jobs, "many") for jobs in ("1", "1", "2")]
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert len({f["path"] for f in json.loads(runs[0].stdout) if f["rule"] == "scraping.nav-line"}) == 6


def test_undecodable_file_among_good_files(project):
    write(project / "good" / "a.txt", ARTICLE)
    write(project / "good" / "b.txt", ARTICLE)
    write(project / "good" / "bad.txt", b"Council votes\n\nThe caf\xe9 opened.\n")
    result = run(project, "check", *NAV, "--format", "json", "--jobs", "2", "good")
    # 2, not 1: an input error means part of the data was not checked as written (issue 15).
    assert result.returncode == 2
    findings = [(f["path"], f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)]
    assert findings == [
        ("good/a.txt", "scraping.nav-line", 1, 1),
        ("good/b.txt", "scraping.nav-line", 1, 1),
        ("good/bad.txt", "newslint.input-error", 3, 8),
    ]


# --- rules, explain, test-rules --------------------------------------------------------------


def test_rules_lists_builtin_and_custom_rules(house):
    result = run(house, "rules")
    assert result.returncode == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert {"scraping.nav-line", "house.wire-credit", "house.shouting"} <= set(ids)
    as_json = json.loads(run(house, "rules", "--format", "json", "--select", "house").stdout)
    assert [(r["id"], r["severity"]) for r in as_json] == [
        ("house.shouting", "error"),
        ("house.wire-credit", "warning"),
    ]


def test_explain_shows_summary_why_and_an_example(project):
    rule = load_rule(os.path.join(BUILTIN_RULES, "scraping", "nav-line.yaml"), "scraping.nav-line")
    result = run(project, "explain", "scraping.nav-line")
    assert result.returncode == 0
    assert rule.summary in result.stdout
    assert rule.why.splitlines()[0] in result.stdout
    assert rule.examples.fail[0].splitlines()[0] in result.stdout
    # The same label in an editable and a wheel install, with no machine-specific prefix.
    assert "- defined in: rules/scraping/nav-line.yaml (built-in)" in result.stdout


def test_explain_unknown_rule_exits_2_with_a_hint(project):
    close = run(project, "explain", "scraping.nav")
    assert close.returncode == 2 and "did you mean" in close.stderr and "scraping.nav-line" in close.stderr
    unknown = run(project, "explain", "nosuch.rule")
    assert unknown.returncode == 2 and "newslint rules" in unknown.stderr


def test_test_rules_reports_passing_and_failing_examples(tmp_path):
    write(tmp_path / ".newslint.yaml", "fail-on: warning\n")
    rules = tmp_path / "myrules"
    write(rules / "house" / "wire-credit.yaml", WIRE_RULE)
    passing = run(tmp_path, "test-rules", "myrules")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert passing.stdout.strip().endswith("2 passed, 0 failed")
    # An example the rule cannot flag: the harness must say which rule and example failed.
    write(rules / "house" / "shouting.yaml", SHOUT_RULE.replace("BREAKING: the council", "The council"))
    failing = run(tmp_path, "test-rules", "myrules")
    assert failing.returncode == 1
    assert "FAILED house.shouting :: examples.fail[0]" in failing.stdout
    assert failing.stdout.strip().endswith("3 passed, 1 failed")


def test_test_rules_on_a_directory_tests_its_opt_in_rules_too(tmp_path):
    # An opt-in rule (enabled: false) does not run unless selected, but its examples and case
    # file are still the directory's tests: "no rule is loaded" would be a false failure.
    rules = tmp_path / "myrules"
    write(rules / "house" / "wire-credit.yaml", "enabled: false\n" + WIRE_RULE)
    write(
        rules / "cases" / "house.wire-credit.yaml",
        'cases:\n  - name: dateline credit\n    fail: "Prices rise\\n\\nLONDON (AP) - Prices rose."\n',
    )
    result = run(tmp_path, "test-rules", "myrules")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("3 passed, 0 failed")


def test_kinds_reference_lists_every_kind_and_its_parameters(tmp_path):
    from newslint.kinds import KINDS

    result = run(tmp_path, "kinds")
    assert result.returncode == 0
    for name in KINDS:
        assert f"## kind: `{name}`" in result.stdout
    assert "| `max-words` | a whole number | 0 |" in result.stdout
    unknown = run(tmp_path, "kinds", "nope")
    assert unknown.returncode == 2 and "consistency" in unknown.stderr


def test_missing_path_and_unwritable_output_exit_2(tmp_path):
    write(tmp_path / "a.txt", "Council votes\n\nThe council voted.\n")
    missing = run(tmp_path, "check", "--isolated", "nope.txt")
    assert missing.returncode == 2 and "nope.txt" in missing.stderr
    unwritable = run(tmp_path, "check", "--isolated", "a.txt", "-o", str(tmp_path / "no" / "dir" / "out.json"))
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr


def test_stdin_filename_gets_its_per_file_ignores(tmp_path):
    write(tmp_path / ".newslint.yaml", "select: [scraping.nav-line]\nper-file-ignores:\n  'drafts/*': [scraping]\n")
    text = "Skip to content\n\nCouncil votes\n\nThe council voted.\n"
    ignored = run(tmp_path, "check", "-", "--stdin-filename", "drafts/a.txt", stdin=text)
    checked = run(tmp_path, "check", "-", "--stdin-filename", "news/a.txt", stdin=text)
    assert ignored.returncode == 0 and ignored.stdout == ""
    assert checked.returncode == 1 and "news/a.txt:1:1" in checked.stdout
