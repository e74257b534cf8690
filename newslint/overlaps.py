"""One finding per defect: overlapping findings of one rule merge, and a rule that outranks
another (its YAML `outranks` list) drops the other's finding on the same span."""

from __future__ import annotations

import bisect
import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence

from newslint.finding import Finding


def _place(f: Finding) -> tuple:
    """What two findings must share to be about the same text: file, record and field."""
    return (f.path, f.record, f.field)


def _span(f: Finding) -> tuple[tuple[int, int], tuple[int, int]]:
    """(start, end) of a finding; an empty span covers its first character."""
    start, end = (f.line, f.column), (f.end_line, f.end_column)
    return start, max(end, (f.line, f.column + 1))


def _overlap(a: Finding, b: Finding) -> bool:
    """True when the two spans share a character."""
    (a_start, a_end), (b_start, b_end) = _span(a), _span(b)
    return a_start < b_end and b_start < a_end


def outranking(rules: Sequence) -> dict[str, frozenset[str]]:
    """weaker rule id -> the ids of the rules that outrank it (their YAML `outranks` lists)."""
    return _outranking(tuple((rule.id, tuple(rule.outranks)) for rule in rules if rule.outranks))


@functools.lru_cache(maxsize=16)
def _outranking(declared: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, frozenset[str]]:
    # Every document of a run asks about the same rule list: worked out once.
    stronger: dict[str, set[str]] = defaultdict(set)
    for rule_id, weaker_ids in declared:
        for weaker in weaker_ids:
            stronger[weaker].add(rule_id)
    return {weaker: frozenset(ids) for weaker, ids in stronger.items()}


def one_per_defect(findings: Sequence[Finding], stronger: Mapping[str, frozenset[str]]) -> list[Finding]:
    """The findings without repeats, in their order: of a rule's overlapping findings the
    first stays; a finding that overlaps one of a rule outranking it goes."""
    if len(findings) < 2:
        return list(findings)
    dropped: set[int] = set()
    by_rule: dict[tuple, list[Finding]] = defaultdict(list)  # (place, rule) -> findings kept
    for f in sorted(findings, key=lambda f: (f.line, f.column)):
        kept = by_rule[(_place(f), f.rule)]
        if kept and _overlap(kept[-1], f):
            dropped.add(id(f))
        else:
            kept.append(f)
    # A rule's kept findings do not overlap one another, so their starts and ends rise together:
    # the only one that can overlap a span is the last that starts before the span ends.
    starts = {key: [_span(g)[0] for g in kept] for key, kept in by_rule.items()}
    for f in findings:
        if id(f) in dropped or f.rule not in stronger:
            continue
        f_start, f_end = _span(f)
        for rule in stronger[f.rule]:
            key = (_place(f), rule)
            k = bisect.bisect_left(starts.get(key, []), f_end) - 1
            if k >= 0 and _span(by_rule[key][k])[1] > f_start:
                dropped.add(id(f))
                break
    return [f for f in findings if id(f) not in dropped] if dropped else list(findings)
