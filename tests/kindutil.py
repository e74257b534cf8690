"""Shared helpers for the per-kind unit tests: build a rule from a dict and lint a text."""

from __future__ import annotations

from newslint.finding import Finding
from newslint.rule import build_rule
from newslint.testing import lint_with


def make_rule(kind: str, rule_id: str = "test.rule", **options):
    """A Rule of `kind` with the given parameters (YAML spelling: hyphens allowed via dict)."""
    data = {"kind": kind, "message": "{match}", "summary": "test rule", "scope": options.pop("scope", "body")}
    data.update({k.replace("_", "-"): v for k, v in options.items()})
    return build_rule(rule_id, data, "<test>")


def quotes_rule(mode: str, **options):
    """A `quotes` rule of `mode`, its message naming the speaker (any of it overridable)."""
    defaults = {"message": "m {speaker}", "severity": "warning", "scope": "all"}
    return make_rule("quotes", rule_id="test.quotes", mode=mode, **{**defaults, **options})


def run(rule, text: str, fmt: str = "txt") -> list[Finding]:
    """Findings of one rule on a text."""
    return lint_with(rule, text, fmt)


def spans(findings) -> list[tuple[int, int, str]]:
    """(line, column, match) of each finding."""
    return [(f.line, f.column, f.match) for f in findings]


def reference_normalize(text: str) -> str:
    """newslint.text.normalize as specified, by the WORD regex alone (no plain-text path)."""
    import unicodedata

    from newslint.text import WORD

    folded = unicodedata.normalize("NFKC", text).casefold()
    # Typography a copy may not share: curly apostrophes and primes are the straight one;
    # invisible characters (soft hyphen, zero-width space/joiners, word joiner, BOM) vanish.
    for mark in "\u2019\u02bc\u2032":
        folded = folded.replace(mark, "'")
    for invisible in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
        folded = folded.replace(invisible, "")
    return " ".join(WORD.findall(folded))


def reference_word_count(text: str) -> int:
    """newslint.text.word_count as specified, by the WORD regex alone."""
    from newslint.text import WORD

    return len(WORD.findall(text))
