"""The public Python API: lint_text, lint_paths, Finding round trips."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import newslint
from cliutil import JSON_KEYS
from newslint import Finding, Severity
from newslint.config import Config, load_config
from newslint.rule import RuleError

RULES = {
    "alpha.menu": 'kind: line\nmessage: "Menu: {match}"\nsummary: s\nscope: all\nphrases: [Skip to content]\n',
    "alpha.weasel": 'kind: pattern\nmessage: "Weasel: {match}"\nsummary: s\nignore-case: true\nphrases: [sources say]\n',
    "beta.relay": 'kind: pattern\nmessage: "Relay: {match}"\nsummary: s\nseverity: info\nphrases: [as reported by]\n',
}
ARTICLE = "Skip to content\n\nCouncil votes on budget\n\nThe vote passed, sources say, as reported by TASS.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with three custom rules and a .newslint.yaml that loads only them."""
    for rule_id, text in RULES.items():
        pack, name = rule_id.split(".")
        (tmp_path / "rules" / pack).mkdir(parents=True, exist_ok=True)
        (tmp_path / "rules" / pack / f"{name}.yaml").write_text(text, encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("builtin-rules: false\nrule-dirs: [rules]\n", encoding="utf-8")
    (tmp_path / "articles" / "sub").mkdir(parents=True)
    (tmp_path / "articles" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "articles" / "sub" / "a.txt").write_text("Headline\n\nSources say so.\n", encoding="utf-8")
    return tmp_path


def summary(findings: list[Finding]) -> list[tuple]:
    """(file name, line, column, rule) of each finding."""
    return [(Path(f.path).name, f.line, f.column, f.rule) for f in findings]


def test_lint_text_with_a_config_path(project):
    findings = newslint.lint_text(ARTICLE, "story.txt", config=str(project / ".newslint.yaml"))
    assert summary(findings) == [
        ("story.txt", 1, 1, "alpha.menu"),
        ("story.txt", 5, 18, "alpha.weasel"),
        ("story.txt", 5, 31, "beta.relay"),
    ]
    menu, weasel, relay = findings
    assert (menu.end_line, menu.end_column, menu.match) == (1, 16, "Skip to content")
    assert weasel.message == "Weasel: sources say" and weasel.severity is Severity.WARNING
    assert relay.severity is Severity.INFO


def test_lint_text_with_a_config_object_and_none(project, monkeypatch):
    config = load_config(str(project / ".newslint.yaml"))
    with_object = newslint.lint_text(ARTICLE, config=config)
    monkeypatch.chdir(project / "articles")
    with_nearest = newslint.lint_text(ARTICLE)
    assert with_object == with_nearest
    assert [f.path for f in with_object] == ["<text>"] * 3


def test_lint_text_select_and_ignore(project):
    config = str(project / ".newslint.yaml")
    assert [f.rule for f in newslint.lint_text(ARTICLE, config=config, select=["alpha"])] == [
        "alpha.menu",
        "alpha.weasel",
    ]
    assert [f.rule for f in newslint.lint_text(ARTICLE, config=config, ignore=["alpha.menu"])] == [
        "alpha.weasel",
        "beta.relay",
    ]
    assert [f.rule for f in newslint.lint_text(ARTICLE, config=config, select=["alpha"], ignore=["alpha.weasel"])] == [
        "alpha.menu"
    ]


def test_lint_text_unknown_selector_raises_rule_error(project):
    with pytest.raises(RuleError) as info:
        newslint.lint_text(ARTICLE, config=str(project / ".newslint.yaml"), select=["gamma"])
    assert "'gamma' names no rule or pack" in str(info.value)


def test_lint_text_rejects_a_wrong_config_type():
    with pytest.raises(TypeError) as info:
        newslint.lint_text("text", config={"select": ["a"]})
    assert "Config" in str(info.value)


def test_lint_text_picks_the_reader_from_the_path(project):
    markdown = "---\ntitle: Council votes\n---\n\n```\nsources say\n```\n\nSources say it passed.\n"
    findings = newslint.lint_text(markdown, "story.md", config=str(project / ".newslint.yaml"), select=["alpha.weasel"])
    assert summary(findings) == [("story.md", 9, 1, "alpha.weasel")], "code blocks are not prose"


def test_lint_paths_with_config_path_object_and_none(project, monkeypatch):
    config_path = str(project / ".newslint.yaml")
    by_path = newslint.lint_paths([str(project / "articles")], config=config_path)
    assert summary(by_path) == [
        ("b.txt", 1, 1, "alpha.menu"),
        ("b.txt", 5, 18, "alpha.weasel"),
        ("b.txt", 5, 31, "beta.relay"),
        ("a.txt", 3, 1, "alpha.weasel"),
    ]
    assert [f.path for f in by_path] == sorted(f.path for f in by_path)
    assert newslint.lint_paths([str(project / "articles")], config=load_config(config_path)) == by_path
    monkeypatch.chdir(project)
    assert newslint.lint_paths(["articles"], config=None) == newslint.lint_paths(["articles"], config=config_path)


def test_lint_paths_parallel_equals_serial(project):
    config = str(project / ".newslint.yaml")
    serial = newslint.lint_paths([str(project / "articles")], config=config, jobs=1)
    assert newslint.lint_paths([str(project / "articles")], config=config, jobs=2) == serial


def test_lint_paths_select_and_missing_file(project):
    config = str(project / ".newslint.yaml")
    missing = str(project / "articles" / "gone.txt")
    findings = newslint.lint_paths([str(project / "articles" / "b.txt"), missing], config=config, select=["beta"])
    assert [(Path(f.path).name, f.rule) for f in findings] == [
        ("b.txt", "beta.relay"),
        ("gone.txt", "newslint.input-error"),
    ]
    assert "no such file" in findings[1].message


@pytest.mark.parametrize(
    "finding",
    [
        Finding("a.txt", 3, 5, 3, 9, "scraping.nav-line", Severity.WARNING, "msg", match="Menu"),
        Finding(
            "d.jsonl",
            1,
            1,
            2,
            4,
            "footnotes.undefined",
            Severity.ERROR,
            "m",
            match="[1]",
            record=7,
            field="body",
            suggestion="x",
        ),
        Finding("d.csv", 1, 1, 1, 1, "newslint.input-error", Severity.INFO, "m", record="story-12"),
    ],
)
def test_finding_round_trip(finding):
    data = finding.to_dict()
    assert list(data) == JSON_KEYS
    assert Finding.from_dict(json.loads(json.dumps(data))) == finding


def test_findings_sort_by_path_record_line_column_rule():
    a = Finding("a.txt", 2, 1, 2, 2, "b.rule", Severity.INFO, "m")
    b = Finding("a.txt", 2, 1, 2, 2, "a.rule", Severity.INFO, "m")
    c = Finding("a.txt", 1, 9, 1, 10, "z.rule", Severity.INFO, "m")
    d = Finding("b.jsonl", 1, 1, 1, 1, "a.rule", Severity.INFO, "m", record=10)
    e = Finding("b.jsonl", 1, 1, 1, 1, "a.rule", Severity.INFO, "m", record=9)
    f = Finding("b.jsonl", 1, 1, 1, 1, "a.rule", Severity.INFO, "m")
    assert sorted([a, b, c, d, e, f], key=Finding.sort_key) == [c, b, a, f, e, d]


def test_lint_paths_runs_the_corpus_pass(tmp_path):
    headline = "Council votes to close the old river bridge"
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"{headline}\n\nThe vote in {name} was close and took six hours.\n")
    findings = newslint.lint_paths(
        [str(tmp_path)], config=Config(root=str(tmp_path)), select=["repetition.duplicate-headline-corpus"]
    )
    assert [(os.path.basename(f.path), f.rule) for f in findings] == [("b.txt", "repetition.duplicate-headline-corpus")]


def test_lint_text_with_a_lone_surrogate_reports_it_and_checks_the_rest():
    # A str may hold what UTF-8 cannot: before, lint_text raised UnicodeEncodeError.
    findings = newslint.lint_text("Skip to content\n\nThe \ud800 vote passed.", select=["scraping.nav-line"])
    assert [(f.rule, f.line, f.column) for f in findings] == [
        ("scraping.nav-line", 1, 1),
        ("newslint.input-error", 3, 5),
    ]
    assert "lone surrogate" in findings[1].message
