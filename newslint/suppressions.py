"""Inline suppressions: `<!-- newslint: disable RULE -->` and friends, and applying them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex

from newslint.document import Directive
from newslint.finding import Finding

DIRECTIVE = regex.compile(
    r"<!--\s*newslint:\s*(disable-next-line|disable-line|disable-file|disable|enable)\b([^>]*?)\s*-->"
)
ACTIONS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")


def parse_rule_list(text: str) -> tuple[str, ...]:
    """'scraping.nav-line, footnotes' -> ('scraping.nav-line', 'footnotes'); empty means all."""
    return tuple(part for part in regex.split(r"[\s,]+", text.strip()) if part)


def find_directives(source: str, field: str | None = None) -> list[Directive]:
    """Every newslint comment in a source text, with the line each one applies to."""
    directives = []
    lines = source.split("\n")
    for m in DIRECTIVE.finditer(source):
        line = source.count("\n", 0, m.start()) + 1
        action = m.group(1)
        if action == "disable-line":
            action, target = "disable-next-line", line
        elif action == "disable-next-line":
            target = line + 1
            # The next line with text: blank lines and further directive comments between
            # the comment and the prose are common (one comment per rule, stacked).
            while target <= len(lines) and _is_blank_or_directive(lines[target - 1]):
                target += 1
        else:
            target = line
        directives.append(Directive(action, parse_rule_list(m.group(2)), target, field, comment_line=line))
    return directives


def _is_blank_or_directive(line: str) -> bool:
    stripped = line.strip()
    return not stripped or DIRECTIVE.fullmatch(stripped) is not None


def file_directive(rules: Iterable[str], field: str | None = None) -> Directive:
    """A directive that silences rules for a whole document (front matter, record field)."""
    return Directive("disable-file", tuple(rules), 0, field)


def rule_matches(selector: str, rule_id: str) -> bool:
    """A selector names a rule id, its pack, or every rule ('all')."""
    return selector in ("all", rule_id) or rule_id.startswith(selector + ".")


def _covers(directive: Directive, rule_id: str) -> bool:
    return not directive.rules or any(rule_matches(s, rule_id) for s in directive.rules)


def _suppressor(finding: Finding, directives: Sequence[Directive]) -> Directive | None:
    """The directive that silences a finding, if any."""
    active: Directive | None = None
    for d in directives:
        if (d.field or None) != (finding.field or None) and d.action != "disable-file":
            continue
        if not _covers(d, finding.rule):
            continue
        if d.action == "disable-file":
            return d
        if d.action == "disable-next-line" and d.line == finding.line:
            return d
        if d.line <= finding.line:
            if d.action == "disable":
                active = d
            elif d.action == "enable":
                active = None
    return active


def apply_suppressions(
    findings: Iterable[Finding], directives: Sequence[Directive]
) -> tuple[list[Finding], list[Directive]]:
    """Drop suppressed findings; also return the directives that suppressed nothing."""
    if not directives:
        return list(findings), []
    ordered = sorted(directives, key=lambda d: d.line)
    used: set[int] = set()
    kept = []
    for finding in findings:
        if finding.rule.startswith("newslint."):
            kept.append(finding)  # input and engine errors are never silenced inline
            continue
        by = _suppressor(finding, ordered)
        if by is None:
            kept.append(finding)
        else:
            used.add(id(by))
    unused = [d for d in ordered if d.action != "enable" and id(d) not in used]
    return kept, unused
