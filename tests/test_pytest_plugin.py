"""The pytest plugin (newslint/pytest_plugin.py), driven through pytester."""

from __future__ import annotations

import re

import pytest

# pytester's in-process runs drop modules first imported inside them; importing the engine
# here keeps one copy of its classes (isinstance checks on corpus kinds) across those runs.
import newslint.corpus  # noqa: F401
import newslint.runner  # noqa: F401

pytest_plugins = ["pytester"]

CONFIG = "select: [scraping.nav-line]\n"
CLEAN = "Council approves the budget\n\nThe council voted on Tuesday to approve the budget.\n"
DEFECTIVE = "Harbour plan delayed again\n\nSkip to content\n\nThe council delayed the harbour plan.\n"
FEED = (
    '{"id": "a1", "title": "Council votes", "body": "The council voted on Tuesday."}\n'
    '{"id": "a2", "title": "Harbour plan", "body": "Skip to content\\n\\nThe council delayed the plan."}\n'
    '{"id": "a3", "title": "School opens", "body": "The new school opened on Monday."}\n'
)


@pytest.fixture
def content(pytester: pytest.Pytester) -> pytest.Pytester:
    """A content project: config, one clean and one defective article."""
    pytester.makefile(".yaml", **{".newslint": CONFIG})
    pytester.mkdir("articles")
    (pytester.path / "articles" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (pytester.path / "articles" / "harbour.txt").write_text(DEFECTIVE, encoding="utf-8")
    return pytester


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("--newslint", "-p", "cacheprovider", *args)


def test_clean_passes_and_defect_fails_with_cli_text_and_no_traceback(content):
    result = _run(content, "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*articles/clean.txt::newslint PASSED*",
            "*articles/harbour.txt::newslint FAILED*",
            "articles/harbour.txt:3:1: warning [scraping.nav-line] Navigation text left in the article: 'Skip to content'",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "def runtest" not in result.stdout.str()
    # reportinfo names the file in the failure headline
    result.stdout.fnmatch_lines(["*newslint articles/harbour.txt*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_without_the_option_nothing_is_collected(content):
    result = content.runpytest("-p", "cacheprovider")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert "newslint:" not in result.stdout.str()


def test_ini_option_enables_the_plugin(content):
    content.makeini("[pytest]\nnewslint = true\n")
    result = content.runpytest("-p", "cacheprovider")
    result.assert_outcomes(passed=1, failed=1)


def test_disabled_plugin_imports_no_newslint_machinery(pytester):
    pytester.makepyfile(
        test_probe="""
        import sys

        def test_nothing_heavy_imported():
            loaded = sorted(m for m in sys.modules if m.startswith("newslint."))
            assert loaded == ["newslint.finding", "newslint.pytest_plugin"], loaded
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_unchanged_files_come_from_the_cache_on_rerun(content):
    first = _run(content, "--newslint-verbose")
    first.assert_outcomes(passed=1, failed=1)
    first.stdout.fnmatch_lines(["newslint linted: articles/clean.txt", "newslint: 2 items linted, 0 from the cache"])

    second = _run(content, "--newslint-verbose")
    # Cached results keep their outcome: the defective file still fails, without a re-lint.
    second.assert_outcomes(passed=1, failed=1)
    second.stdout.fnmatch_lines(
        [
            "newslint cached: articles/clean.txt",
            "newslint cached: articles/harbour.txt",
            "newslint: 0 items linted, 2 from the cache",
        ]
    )
    assert "articles/harbour.txt:3:1: warning [scraping.nav-line]" in second.stdout.str()

    (content.path / "articles" / "harbour.txt").write_text(
        DEFECTIVE.replace("Skip to content\n\n", ""), encoding="utf-8"
    )
    third = _run(content, "--newslint-verbose")
    third.assert_outcomes(passed=2)
    third.stdout.fnmatch_lines(["newslint cached: articles/clean.txt", "newslint linted: articles/harbour.txt"])


def test_config_change_invalidates_the_cache(content):
    _run(content).assert_outcomes(passed=1, failed=1)
    content.makefile(".yaml", **{".newslint": CONFIG + "ignore: [scraping.nav-line]\n"})
    result = _run(content, "--newslint-verbose")
    assert "names no rule" not in result.stdout.str()
    result.stdout.fnmatch_lines(["newslint: 2 items linted, 0 from the cache"])


def test_rule_file_change_invalidates_the_cache(content):
    content.makefile(".yaml", **{".newslint": "select: [custom]\nrule-dirs: [myrules]\n"})
    rule = content.path / "myrules" / "custom" / "harbour.yaml"
    rule.parent.mkdir(parents=True)
    rule.write_text(
        'kind: pattern\nmessage: "word: {match}"\nsummary: Flags a word.\nphrases: ["harbour"]\nignore-case: true\n',
        encoding="utf-8",
    )
    _run(content).assert_outcomes(passed=1, failed=1)
    rule.write_text(
        'kind: pattern\nmessage: "word: {match}"\nsummary: Flags a word.\nphrases: ["council"]\nignore-case: true\n',
        encoding="utf-8",
    )
    result = _run(content, "--newslint-verbose")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["newslint: 2 items linted, 0 from the cache"])


def test_xdist_gives_the_same_results(content):
    (content.path / "articles" / "feed.jsonl").write_text(FEED, encoding="utf-8")
    serial = _run(content, "-rA")
    parallel = _run(content, "-n", "2", "-rA")
    assert serial.parseoutcomes() == parallel.parseoutcomes() == {"passed": 3, "failed": 2}

    def verdicts(result: pytest.RunResult) -> list[str]:
        return sorted(line for line in result.stdout.lines if re.match(r"(PASSED|FAILED) ", line))

    assert verdicts(serial) == verdicts(parallel)


def test_config_files_and_exclude_select_the_content(content):
    content.makefile(".yaml", **{".newslint": CONFIG + "files: ['*.md', '*.txt']\nexclude: ['drafts/**']\n"})
    content.mkdir("drafts")
    (content.path / "drafts" / "wip.txt").write_text(DEFECTIVE, encoding="utf-8")
    (content.path / "articles" / "page.md").write_text(
        "# Budget\n\nSkip to content\n\nThe council met.\n", encoding="utf-8"
    )
    (content.path / "articles" / "notes.html").write_text("<p>Skip to content</p>", encoding="utf-8")
    result = _run(content, "--collect-only", "-q")
    collected = sorted(line for line in result.stdout.lines if "::" in line)
    assert collected == ["articles/clean.txt::newslint", "articles/harbour.txt::newslint", "articles/page.md::newslint"]


def test_jsonl_records_are_separate_items(content):
    (content.path / "articles" / "feed.jsonl").write_text(FEED, encoding="utf-8")
    result = _run(content, "-v", "articles/feed.jsonl")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*articles/feed.jsonl::newslint[[]a1[]] PASSED*",
            "*articles/feed.jsonl::newslint[[]a2[]] FAILED*",
            "*articles/feed.jsonl::newslint[[]a3[]] PASSED*",
            "articles/feed.jsonl:2:1: warning [[]scraping.nav-line[]] record a2, field body, line 1, column 1: *",
        ]
    )


def test_broken_record_file_is_a_failing_item_not_a_crash(content):
    (content.path / "articles" / "broken.jsonl").write_text(
        '{"id": "ok", "title": "T", "body": "Fine text here."}\n{not json\n', encoding="utf-8"
    )
    result = _run(content, "articles/broken.jsonl")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*articles/broken.jsonl*error [[]newslint.input-error[]]*"])
    assert "Traceback" not in result.stdout.str()


def test_gates_are_items_and_tolerate_findings_within_the_limit(content):
    (content.path / "articles" / "feed.jsonl").write_text(FEED, encoding="utf-8")
    content.makefile(".yaml", **{".newslint": CONFIG + "gates:\n  scraping: {max-rate: 0.5}\n"})
    passing = _run(content, "-rA")
    # 5 documents, 2 flagged: 40% <= 50%, so the gate passes and the findings are tolerated.
    passing.assert_outcomes(passed=4, xfailed=2)
    passing.stdout.fnmatch_lines(["PASSED newslint-gate[[]scraping[]]"])

    content.makefile(
        ".yaml",
        **{".newslint": CONFIG + "gates:\n  scraping: {max-rate: 0.2}\n  scraping.nav-line: {max-findings: 5}\n"},
    )
    failing = _run(content, "-rA")
    failing.assert_outcomes(passed=4, failed=1, xfailed=2)
    failing.stdout.fnmatch_lines(
        [
            "gate*documents*flagged*rate*findings*limit*result",
            "scraping*5*2*40.00%*2*max-rate 20.00%*FAIL",
            "PASSED newslint-gate[[]scraping.nav-line[]]",
        ]
    )


def test_tolerated_findings_are_xfailed_without_traceback_formatting(content, monkeypatch):
    # An xfail raised through pytest.xfail() went through pytest's full traceback formatting
    # (every frame's source read and parsed) before becoming xfailed: 6x slower with gates.
    import _pytest.nodes

    formatted: list[str] = []
    format_traceback = _pytest.nodes.Node._repr_failure_py

    def counting(self, excinfo, style=None):
        formatted.append(self.nodeid)
        return format_traceback(self, excinfo, style)

    monkeypatch.setattr(_pytest.nodes.Node, "_repr_failure_py", counting)
    content.makefile(".yaml", **{".newslint": CONFIG + "gates:\n  scraping: {max-rate: 0.5}\n"})
    reprec = content.inline_run("--newslint", "-p", "cacheprovider")
    reprec.assertoutcome(passed=2, skipped=1)  # inline_run counts xfailed as skipped
    (report,) = [r for r in reprec.getreports("pytest_runtest_logreport") if hasattr(r, "wasxfail")]
    assert (report.nodeid, report.when) == ("articles/harbour.txt::newslint", "call")
    finding = (
        "articles/harbour.txt:3:1: warning [scraping.nav-line] Navigation text left in the article: 'Skip to content'"
    )
    assert report.wasxfail == "newslint findings tolerated by gates:\n" + finding
    assert report.longrepr == finding, "the findings as text, not a formatted traceback"
    assert formatted == []

    # What the user sees: an xfail, its findings with -rx, and under --runxfail a plain failure.
    shown = _run(content, "-rx")
    shown.assert_outcomes(passed=2, xfailed=1)
    shown.stdout.fnmatch_lines(
        ["XFAIL articles/harbour.txt::newslint - newslint findings tolerated by gates:", finding]
    )
    run_anyway = _run(content, "--runxfail")
    run_anyway.assert_outcomes(passed=2, failed=1)
    run_anyway.stdout.fnmatch_lines(["*newslint articles/harbour.txt*", finding])
    for result in (shown, run_anyway):
        assert "Traceback" not in result.stdout.str() and "def runtest" not in result.stdout.str()
    assert formatted == []


def test_rule_errors_are_one_failing_item(content):
    content.makefile(".yaml", **{".newslint": CONFIG + "rules:\n  scraping.nav-line: {severity: loud}\n"})
    result = _run(content, "-rA")
    result.stdout.fnmatch_lines(["*newslint: rule error:*severity*", "FAILED newslint-rules*"])


CUSTOM_RULE = """\
kind: pattern
message: "Wire credit left in the text: '{match}'"
summary: A wire-service credit line.
phrases: ["(AP)"]
examples:
  fail: ["Harbour plan\\n\\nLONDON (AP) The council met."]
  pass: ["Harbour plan\\n\\nThe council met."]
"""

CUSTOM_CASES = """\
cases:
  - name: credit in the dateline
    fail: "Harbour plan\\n\\nPARIS (AP) Talks resumed."
  - name: no credit
    pass: "Harbour plan\\n\\nTalks resumed."
  - name: wrongly expected finding
    fail: "Harbour plan\\n\\nNothing to see."
"""


def test_custom_rule_examples_and_cases_are_collected(content):
    content.makefile(".yaml", **{".newslint": "select: [newsroom]\nrule-dirs: [newsroom_rules]\nfiles: ['*.txt']\n"})
    (content.path / "newsroom_rules" / "newsroom").mkdir(parents=True)
    (content.path / "newsroom_rules" / "cases").mkdir()
    (content.path / "newsroom_rules" / "newsroom" / "wire-credit.yaml").write_text(CUSTOM_RULE, encoding="utf-8")
    (content.path / "newsroom_rules" / "cases" / "newsroom.wire-credit.yaml").write_text(CUSTOM_CASES, encoding="utf-8")
    result = _run(content, "-v", "newsroom_rules")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*newsroom_rules/cases/newsroom.wire-credit.yaml::credit in the dateline PASSED*",
            "*newsroom_rules/cases/newsroom.wire-credit.yaml::wrongly expected finding FAILED*",
            "*newsroom_rules/newsroom/wire-credit.yaml::examples.fail[[]0[]] PASSED*",
            "*newsroom_rules/newsroom/wire-credit.yaml::examples.pass[[]0[]] PASSED*",
            "newsroom.wire-credit :: wrongly expected finding: expected a finding, got none*",
        ]
    )


def test_broken_custom_rule_is_one_failing_item(content):
    content.makefile(".yaml", **{".newslint": "rule-dirs: [myrules]\n"})
    (content.path / "myrules" / "newsroom").mkdir(parents=True)
    (content.path / "myrules" / "newsroom" / "bad.yaml").write_text(
        "kind: nope\nmessage: m\nsummary: s\n", encoding="utf-8"
    )
    result = _run(content, "myrules")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*bad.yaml: kind: unknown kind 'nope'*"])


def test_fixture_and_marker(content):
    content.makepyfile(
        test_articles="""
        import pytest

        def test_lint_string(newslint):
            findings = newslint.lint("Headline here\\n\\nSkip to content\\n\\nBody text.")
            assert [(f.line, f.column, f.rule) for f in findings] == [(3, 1, "scraping.nav-line")]

        def test_lint_file(newslint):
            findings = newslint.lint_file("articles/harbour.txt")
            assert [f.path for f in findings] == ["articles/harbour.txt"]

        @pytest.mark.newslint(ignore=["scraping.nav-line"])
        def test_marker_changes_the_selection(newslint):
            assert newslint.lint("Headline here\\n\\nSkip to content\\n\\nBody text.") == []
        """
    )
    # The fixture works with or without --newslint.
    content.runpytest("-p", "no:cacheprovider", "test_articles.py").assert_outcomes(passed=3)


def test_marker_is_registered(pytester):
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.newslint(*"])


def test_plugin_is_registered_through_the_pytest11_entry_point():
    from importlib.metadata import entry_points

    points = {p.name: p.value for p in entry_points(group="pytest11")}
    assert points.get("newslint") == "newslint.pytest_plugin"


def test_cross_document_checks_are_one_item(content):
    # The rule is info by default (a shared headline is often a series); fail on it here.
    content.makefile(".yaml", **{".newslint": "select: [repetition.duplicate-headline-corpus]\nfail-on: info\n"})
    (content.path / "articles" / "copy.txt").write_text(
        CLEAN.replace("The council voted", "Members voted"), encoding="utf-8"
    )
    serial = _run(content, "-rA")
    # Per-file items pass (the rule only compares documents); the corpus item fails once.
    serial.assert_outcomes(passed=3, failed=1)
    serial.stdout.fnmatch_lines(["FAILED newslint-corpus*"])
    assert "articles/copy.txt:1:1:" in serial.stdout.str() or "articles/clean.txt:1:1:" in serial.stdout.str()
    assert "repetition.duplicate-headline-corpus" in serial.stdout.str()
    parallel = _run(content, "-n", "2")
    assert parallel.parseoutcomes() == serial.parseoutcomes()
