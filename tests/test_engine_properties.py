"""Engine properties (Hypothesis) over every built-in rule, and how slow or crashing rules fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newslint
from newslint.config import parse_config
from newslint.engine import lint_document, problem_finding
from newslint.finding import Finding
from newslint.kinds import base
from newslint.readers import ReadProblem, read_bytes
from newslint.ruleset import BUILTIN_RULES, load_rules

# Every built-in rule, opt-in ones too. A rule file another helper is still writing may fail
# to load; the properties are about the engine, so they run with the rules that do load.
ALL_RULES, _LOAD_ERRORS = load_rules([BUILTIN_RULES])
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

UNICODE = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be encoded
ARTICLE_LINES = st.sampled_from(
    [
        "Skip to content",
        "Read also:",
        "Latest",
        "Advertisement",
        "Share on Facebook",
        "Photo: Reuters",
        "Russian President Vladimir Putin said on Tuesday that talks would continue.",
        "Russian president Vladimir Putin said talks would continue...",
        "“We will not back down,” he said.",
        '"Nobody knows," sources say, as reported by TASS.',
        "The minister visited Kyiv and later Kiev.",
        "[1] war-and-conflicts",
        "Officials met in Geneva[1] and Vienna[2].",
        "[2]: Reuters, 12 May",
        "[edit]",
        "Tensions Escalate as Putin Calls Western Leaders Terrorists",
        "&amp; &nbsp; <div>",
        "Ã©tÃ© mojibake",
        "",
        "   ",
        "\t\tIndented with tabs",
        "<!-- newslint: disable -->",
        "<!-- newslint: enable -->",
        "<!-- newslint: disable-next-line scraping -->",
        "…",
    ]
)
LINE = st.one_of(ARTICLE_LINES, ARTICLE_LINES.map(lambda s: s + "..."), st.text(UNICODE, max_size=40))
ENDING = st.sampled_from(["\n", "\r\n", "\n\n", "\t\n", "\r\n\r\n"])


@st.composite
def articles(draw) -> str:
    """Article-like text: boilerplate, quotes, notes, repeats, CRLF, tabs, a BOM sometimes."""
    lines = draw(st.lists(LINE, max_size=14))
    if lines and draw(st.booleans()):
        lines.append(draw(st.sampled_from(lines)))  # a repeated line or paragraph
    text = "".join(line + draw(ENDING) for line in lines)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


def lint_all(text: str, path: str = "article.txt") -> list[Finding]:
    """Every built-in rule over one text read as `path`'s format."""
    findings: list[Finding] = []
    for item in read_bytes(path, text.encode("utf-8")):
        if isinstance(item, ReadProblem):
            findings.append(problem_finding(item))
        else:
            findings.extend(lint_document(item, ALL_RULES))
    return sorted(findings, key=Finding.sort_key)


def as_read(text: str) -> str:
    """The text as the plain-text reader sees it: one leading BOM is not part of the article."""
    return text[1:] if text.startswith("\ufeff") else text


def span_text(source: str, finding: Finding) -> str:
    """The source text between a finding's start and end positions (1-based, end exclusive)."""
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    start = starts[finding.line - 1] + finding.column - 1
    end = starts[finding.end_line - 1] + finding.end_column - 1
    return source[start:end]


def check_properties(text: str) -> None:
    """The span, match, order and determinism properties for one text."""
    findings = lint_all(text)
    # The engine turns a crashing or hanging rule into a finding; for built-in rules that is a bug.
    assert not [f for f in findings if f.rule in ("newslint.rule-crash", "newslint.rule-timeout")]
    source = as_read(text)
    lines = source.split("\n")
    for f in findings:
        assert 1 <= f.line <= f.end_line <= len(lines), f
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, f
        assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1, f
        assert (f.line, f.column) <= (f.end_line, f.end_column), f
        assert f.match == span_text(source, f), f
    assert findings == sorted(findings, key=Finding.sort_key)
    assert lint_all(text) == findings


def test_builtin_rules_load():
    assert ALL_RULES, "the properties need at least one built-in rule"


@PROPERTY_SETTINGS
@given(st.text(UNICODE))
def test_any_unicode_text(text):
    check_properties(text)


@PROPERTY_SETTINGS
@given(articles())
def test_article_like_text(text):
    check_properties(text)


@pytest.mark.parametrize("path", ["a.md", "a.html", "a.jsonl", "a.csv"])
@settings(max_examples=40, deadline=None)
@given(text=articles())
def test_other_readers_never_raise(path, text):
    findings = lint_all(text, path)
    assert not [f for f in findings if f.rule in ("newslint.rule-crash", "newslint.rule-timeout")]
    for f in findings:
        assert f.line >= 1 and f.column >= 1 and (f.line, f.column) <= (f.end_line, f.end_column), f
    assert findings == lint_all(text, path)


def test_known_examples():
    for text in ("", "\n", "\r\n", "\ufeff", "\ufeffSkip to content\r\n\r\nBody text.", "a\rb\x85c\u2028d\n"):
        check_properties(text)


# --- rules that time out or crash ------------------------------------------------------------


def write_rules(tmp_path: Path, rules: dict[str, str]):
    """Custom rules only, and a config that loads just them."""
    for rule_id, text in rules.items():
        pack, name = rule_id.split(".")
        (tmp_path / "rules" / pack).mkdir(parents=True, exist_ok=True)
        (tmp_path / "rules" / pack / f"{name}.yaml").write_text(text, encoding="utf-8")
    return parse_config({"builtin-rules": False, "rule-dirs": ["rules"]}, str(tmp_path / ".newslint.yaml"))


def test_catastrophic_regex_becomes_an_error_finding_and_the_run_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "REGEX_TIMEOUT", 0.2)
    config = write_rules(
        tmp_path,
        {
            "custom.slow": "kind: pattern\nmessage: m\nsummary: s\nscope: all\npatterns: ['(a|a)+b']\n",
            "custom.menu": 'kind: line\nmessage: "Menu: {match}"\nsummary: s\nscope: all\nphrases: [Skip to content]\n',
        },
    )
    (tmp_path / "slow.txt").write_text("Skip to content\n\n" + "a" * 30 + "\n", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("Skip to content\n\nNothing slow here.\n", encoding="utf-8")
    findings = newslint.lint_paths([str(tmp_path / "slow.txt"), str(tmp_path / "fine.txt")], config=config)
    got = [(Path(f.path).name, f.line, f.rule, f.severity.label) for f in findings]
    assert got == [
        ("fine.txt", 1, "custom.menu", "warning"),
        ("slow.txt", 1, "custom.menu", "warning"),
        ("slow.txt", 1, "newslint.rule-timeout", "error"),
    ]
    timeout = findings[-1]
    assert "custom.slow" in timeout.message and "timed out" in timeout.message
    assert str(tmp_path / "rules" / "custom" / "slow.yaml") in timeout.message


def test_crashing_python_rule_becomes_an_error_finding_and_the_run_goes_on(tmp_path, monkeypatch):
    (tmp_path / "crashing_rule_for_engine.py").write_text(
        "def check(document, blocks, options):\n    yield from ()\n    raise ValueError('cannot parse ' + document.path)\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("NEWSLINT_ALLOW_PYTHON_RULES", "1")  # python rules run only when allowed
    config = write_rules(
        tmp_path,
        {
            "custom.crash": "kind: python\nmessage: m\nsummary: s\nfunction: crashing_rule_for_engine:check\n",
            "custom.weasel": "kind: pattern\nmessage: m\nsummary: s\nignore-case: true\nphrases: [sources say]\n",
        },
    )
    findings = newslint.lint_text("Headline\n\nSources say so.\n", "story.txt", config=config)
    assert [(f.line, f.rule) for f in findings] == [(1, "newslint.rule-crash"), (3, "custom.weasel")]
    crash = findings[0]
    assert crash.severity.label == "error" and crash.path == "story.txt"
    assert "custom.crash" in crash.message and "ValueError: cannot parse" in crash.message


def test_python_rule_yielding_a_non_hit_is_a_crash_finding(tmp_path, monkeypatch):
    (tmp_path / "bad_yield_rule_for_engine.py").write_text(
        "def check(document, blocks, options):\n    yield 'oops'\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("NEWSLINT_ALLOW_PYTHON_RULES", "1")
    config = write_rules(
        tmp_path, {"custom.bad": "kind: python\nmessage: m\nsummary: s\nfunction: bad_yield_rule_for_engine:check\n"}
    )
    (finding,) = newslint.lint_text("Headline\n\nBody.\n", config=config)
    assert finding.rule == "newslint.rule-crash" and "yielded str, expected newslint.kinds.base.Hit" in finding.message
