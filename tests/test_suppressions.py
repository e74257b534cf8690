"""Inline suppressions: `<!-- newslint: ... -->` comments in plain text, and how they apply."""

from __future__ import annotations

from pathlib import Path

import pytest

import newslint
from newslint.config import parse_config
from newslint.document import Directive, make_document, verbatim_block
from newslint.engine import lint_document
from newslint.finding import Finding, Severity
from newslint.rule import build_rule
from newslint.suppressions import apply_suppressions, find_directives

RULES = {
    "alpha.weasel": 'kind: pattern\nmessage: "Weasel: {match}"\nsummary: s\nignore-case: true\nphrases: [sources say]\n',
    "alpha.relay": 'kind: pattern\nmessage: "Relay: {match}"\nsummary: s\nignore-case: true\nphrases: [as reported by]\n',
    "beta.vague": 'kind: pattern\nmessage: "Vague: {match}"\nsummary: s\nignore-case: true\nphrases: [some say]\n',
}
HEADLINE = "Council votes on budget\n\n"


@pytest.fixture
def config(tmp_path: Path):
    """A config that loads only three custom rules in packs alpha and beta."""
    for rule_id, text in RULES.items():
        pack, name = rule_id.split(".")
        (tmp_path / "rules" / pack).mkdir(parents=True, exist_ok=True)
        (tmp_path / "rules" / pack / f"{name}.yaml").write_text(text, encoding="utf-8")
    return parse_config({"builtin-rules": False, "rule-dirs": ["rules"]}, str(tmp_path / ".newslint.yaml"))


def hits(config, text: str, unused: bool = False) -> list[tuple[int, str]]:
    """(line, rule) of each finding on a plain text."""
    if unused:
        from dataclasses import replace

        config = replace(config, report_unused_suppressions=True)
    return [(f.line, f.rule) for f in newslint.lint_text(HEADLINE + text, config=config)]


def test_without_directives_every_rule_reports(config):
    text = "Sources say it passed.\nSome say it failed, as reported by TASS.\n"
    assert hits(config, text) == [(3, "alpha.weasel"), (4, "beta.vague"), (4, "alpha.relay")]


def test_disable_enable_range(config):
    text = (
        "Sources say one.\n"
        "<!-- newslint: disable alpha.weasel -->\n"
        "Sources say two.\n"
        "Some say three.\n"
        "<!-- newslint: enable alpha.weasel -->\n"
        "Sources say four.\n"
    )
    assert hits(config, text) == [(3, "alpha.weasel"), (6, "beta.vague"), (8, "alpha.weasel")]


def test_disable_without_enable_runs_to_the_end(config):
    text = "Sources say one.\n<!-- newslint: disable alpha.weasel -->\nSources say two.\n\nSources say three.\n"
    assert hits(config, text) == [(3, "alpha.weasel")]


def test_disable_by_pack_and_enable_one_rule(config):
    text = (
        "<!-- newslint: disable alpha -->\n"
        "Sources say one, as reported by TASS.\n"
        "<!-- newslint: enable alpha.relay -->\n"
        "Sources say two, as reported by RIA.\n"
    )
    assert hits(config, text) == [(6, "alpha.relay")]


def test_disable_without_rule_list_silences_every_rule(config):
    text = "<!-- newslint: disable -->\nSources say, some say, as reported by TASS.\n<!-- newslint: enable -->\nSome say.\n"
    assert hits(config, text) == [(6, "beta.vague")]


def test_disable_next_line_skips_blank_lines(config):
    text = "<!-- newslint: disable-next-line alpha.weasel -->\n\n\nSources say one.\nSources say two.\n"
    assert hits(config, text) == [(7, "alpha.weasel")]


def test_stacked_disable_next_line_comments_apply_to_the_same_text_line(config):
    text = "<!-- newslint: disable-next-line alpha.weasel -->\n<!-- newslint: disable-next-line beta -->\nSources say, some say.\n"
    assert hits(config, text) == []


def test_disable_next_line_only_for_named_rules(config):
    text = "<!-- newslint: disable-next-line beta.vague -->\nSources say, some say.\n"
    assert hits(config, text) == [(4, "alpha.weasel")]


def test_disable_line_on_the_same_line(config):
    text = "Sources say one. <!-- newslint: disable-line alpha.weasel -->\nSources say two.\n"
    assert hits(config, text) == [(4, "alpha.weasel")]


def test_disable_file_anywhere_in_the_file(config):
    text = "Sources say one, some say.\n\n<!-- newslint: disable-file alpha -->\n"
    assert hits(config, text) == [(3, "beta.vague")]


def test_several_rules_in_one_directive(config):
    text = (
        "<!-- newslint: disable-next-line alpha.weasel, beta.vague -->\nSources say, some say, as reported by TASS.\n"
    )
    assert hits(config, text) == [(4, "alpha.relay")]


def test_unused_suppressions_are_reported_only_when_asked(config):
    text = "<!-- newslint: disable-next-line beta.vague -->\nSources say one.\n"
    assert hits(config, text) == [(4, "alpha.weasel")]
    findings = newslint.lint_text(HEADLINE + text, config=_with_unused(config))
    unused = [f for f in findings if f.rule == "newslint.unused-suppression"]
    assert len(unused) == 1
    assert unused[0].severity is Severity.INFO
    assert unused[0].line == 3, "reported at the comment, not at the text line it targets"
    assert "disable-next-line" in unused[0].message and "beta.vague" in unused[0].message


def test_used_suppressions_are_not_reported(config):
    text = "<!-- newslint: disable alpha.weasel -->\nSources say one.\n"
    assert hits(config, text, unused=True) == []


def test_engine_errors_are_never_suppressed():
    finding = Finding("a.txt", 1, 1, 1, 1, "newslint.rule-timeout", Severity.ERROR, "timed out")
    kept, unused = apply_suppressions([finding], [Directive("disable-file", (), 0)])
    assert kept == [finding]
    assert len(unused) == 1


def test_engine_errors_survive_a_disable_all_comment(config, tmp_path, monkeypatch):
    (tmp_path / "crashing_rule_for_suppressions.py").write_text(
        "def check(document, blocks, options):\n    raise RuntimeError('boom')\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("NEWSLINT_ALLOW_PYTHON_RULES", "1")  # python rules run only when allowed
    (tmp_path / "rules" / "beta" / "crash.yaml").write_text(
        "kind: python\nmessage: m\nsummary: s\nfunction: crashing_rule_for_suppressions:check\n", encoding="utf-8"
    )
    text = "<!-- newslint: disable-file -->\nSources say one.\n"
    assert hits(config, text) == [(1, "newslint.rule-crash")]


def weasel_rule():
    """A pattern rule for "sources say" in any field."""
    return build_rule(
        "alpha.weasel",
        {
            "kind": "pattern",
            "message": "{match}",
            "summary": "s",
            "phrases": ["sources say"],
            "ignore-case": True,
            "scope": "all",
        },
        "r.yaml",
    )


def test_field_specific_directives_apply_only_to_their_field():
    rule = weasel_rule()
    title, body = "Sources say it passed", "Sources say it failed."
    document = make_document(
        "a.jsonl",
        [
            verbatim_block("headline", title, 0, len(title), "title"),
            verbatim_block("paragraph", body, 0, len(body), "body"),
        ],
        {"title": title, "body": body},
        record=1,
        directives=[Directive("disable", ("alpha.weasel",), 1, "title")],
    )
    findings = lint_document(document, [rule])
    assert [(f.field, f.match) for f in findings] == [("body", "Sources say")]


def test_file_directive_from_a_record_field_covers_every_field():
    rule = weasel_rule()
    body = "Sources say it failed."
    document = make_document(
        "a.jsonl",
        [verbatim_block("paragraph", body, 0, len(body), "body")],
        {"body": body},
        record=1,
        directives=[Directive("disable-file", ("alpha",), 0, "newslint_disable")],
    )
    assert lint_document(document, [rule]) == []


def test_find_directives_lines_and_rules():
    source = "a\n<!-- newslint: disable x.y, z -->\nb\n<!--newslint:enable-->\n"
    assert find_directives(source) == [
        Directive("disable", ("x.y", "z"), 2, comment_line=2),
        Directive("enable", (), 4, comment_line=4),
    ]


def test_find_directives_next_line_target_and_comment_line():
    source = "<!-- newslint: disable-next-line x -->\n\n  \nText\n"
    assert find_directives(source) == [Directive("disable-next-line", ("x",), 4, comment_line=1)]


def _with_unused(config):
    from dataclasses import replace

    return replace(config, report_unused_suppressions=True)
