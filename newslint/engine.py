"""Run rules over a Document: stamp identity, severity, message and positions; suppress; sort."""

from __future__ import annotations

import functools
import operator
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import cast

from newslint import watchdog
from newslint.document import Block, Document
from newslint.finding import Finding, Severity
from newslint.kinds import base
from newslint.kinds.base import Hit
from newslint.kinds.contract import DocumentKind, ReadsLiterals
from newslint.overlaps import one_per_defect, outranking
from newslint.prefilter import FoundLiterals, TriggerIndex
from newslint.readers import ReadProblem
from newslint.rule import Rule
from newslint.suppressions import apply_suppressions
from newslint.watchdog import guarding


def stamp(rule: Rule, document: Document, hit: Hit, first: Block | None = None) -> Finding:
    """Turn a kind's Hit into a Finding in the coordinates of the file (or record field) as given."""
    block = hit.block
    if block is None:
        # A document-level finding points at the first line of the first block the rule saw.
        block = first or (document.blocks[0] if document.blocks else None)
        start, end = 0, (len(block.text.split("\n", 1)[0]) if block else 0)
    else:
        start, end = hit.start, hit.end
    if block is None:
        line = column = end_line = end_column = 1
        match, field_name = "", None
    else:
        field_name = block.field
        line, column = document.position(field_name, block.source_start(start))
        end_line, end_column = document.position(field_name, block.source_end(end))
        match = block.text[start:end]
    values = {"match": match, "rule": rule.id, **hit.values}
    return Finding(
        path=document.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        rule=rule.id,
        severity=rule.severity_in(document.authored),
        message=rule.format_message(values),
        match=match,
        record=document.record,
        field=field_name,
        suggestion=hit.suggestion,
    )


def engine_finding(document: Document, rule_id: str, message: str, severity: Severity = Severity.ERROR) -> Finding:
    """A finding from newslint itself (rule timed out, rule crashed) for a whole document."""
    return Finding(document.path, 1, 1, 1, 1, rule_id, severity, message, record=document.record)


INTERNAL_ERROR = "newslint.internal-error"


def internal_error(path: str, message: str, record: str | int | None = None, line: int = 1) -> Finding:
    """A `newslint.internal-error` finding: newslint itself failed on part of the input."""
    return Finding(path, line, 1, line, 1, INTERNAL_ERROR, Severity.ERROR, message, record=record)


def crash_finding(document: Document, rule: Rule, exc: Exception) -> Finding:
    """The error finding for a rule that raised on a document (the run goes on)."""
    return engine_finding(
        document, "newslint.rule-crash", f"rule {rule.id} ({rule.path}) failed: {type(exc).__name__}: {exc}"
    )


@dataclass(frozen=True)
class Triggered:
    """Which rules' triggers each block of a document satisfies (rule positions in the list),
    and the literals found there: the engine's prefilter state for one document."""

    by_block: dict[int, int]  # id(block) -> bit mask of the positions of rules that may match there
    anywhere: int  # bit mask: the rules that may match in some block
    found: FoundLiterals  # for the kinds that read literals (contract.ReadsLiterals)

    @classmethod
    def scan(cls, index: TriggerIndex, document: Document) -> Triggered:
        """One automaton pass per block."""
        by_block = {}
        present_in: dict[int, frozenset[str]] = {}
        hits_in = {}
        for block in document.blocks:
            # Where in a block of several lines: line rules can then skip the lines without their literals.
            present, hits = (
                index.literal_hits(block.text) if "\n" in block.text else (index.literals_in(block.text), None)
            )
            present_in[id(block)] = present
            if hits is not None:
                hits_in[id(block)] = hits
            by_block[id(block)] = index.satisfied_mask(present)
        return cls(by_block, functools.reduce(operator.or_, by_block.values(), 0), FoundLiterals(present_in, hits_in))

    def may_match(self, position: int) -> bool:
        """True when the rule at `position` may match in some block of the document."""
        return bool(self.anywhere >> position & 1)


# Trigger indexes of the last few rule lists seen (one per run, or one per rule under test).
_INDEXES: OrderedDict[tuple[int, ...], tuple[Sequence[Rule], TriggerIndex]] = OrderedDict()


def trigger_index(rules: Sequence[Rule]) -> TriggerIndex:
    """The index of every rule's trigger, by position in the list; built once per list."""
    key = tuple(id(rule) for rule in rules)
    cached = _INDEXES.get(key)
    if cached is not None:
        _INDEXES.move_to_end(key)
        return cached[1]
    # A kind that reads literals (contract.ReadsLiterals) is handed all of its own: what the
    # scan of this list finds covers every rule's noted literals.
    index = TriggerIndex([rule.trigger for rule in rules], extra=frozenset().union(*(rule.noted for rule in rules)))
    _INDEXES[key] = (tuple(rules), index)  # holding the rules keeps their ids from being reused
    if len(_INDEXES) > 8:
        _INDEXES.popitem(last=False)
    return index


def run_rule(rule: Rule, document: Document, triggered: Triggered | None = None, position: int = 0) -> list[Finding]:
    """One rule over one document; a slow regex or a crashing rule becomes an error finding.

    With `triggered` (and the rule's position in the list it was built for), a rule whose
    trigger no block satisfies skips the document, a block-local rule skips the blocks that
    do not satisfy it (it could not have matched there), and a kind that reads literals is
    handed the ones found. A corpus rule finds nothing in one document (newslint.corpus)."""
    if rule.corpus:
        return []
    kind = cast(DocumentKind, rule.kind)
    watchdog.start_rule()  # its CPU budget on this document starts counting
    try:
        blocks = document.blocks_in(rule.scope)
        first = blocks[0] if blocks else None
        if rule.trigger is not None and triggered is not None:
            if not triggered.may_match(position):
                return []
            if rule.block_local:
                bit = 1 << position
                blocks = [b for b in blocks if triggered.by_block[id(b)] & bit]
        if rule.noted and triggered is not None:
            hits = cast(ReadsLiterals, kind).check(document, blocks, triggered.found)
        else:
            hits = kind.check(document, blocks)
        return [stamp(rule, document, hit, first) for hit in hits]
    except watchdog.BudgetExceeded as exc:
        return [
            engine_finding(
                document,
                "newslint.rule-timeout",
                f"rule {rule.id} ({rule.path}) {exc}; it was stopped there and its findings on this document are lost",
            )
        ]
    except TimeoutError:
        return [
            engine_finding(
                document,
                "newslint.rule-timeout",
                f"rule {rule.id} ({rule.path}) timed out on this document: its regular expression backtracks catastrophically; simplify the pattern (avoid nested quantifiers like (a+)+)",
            )
        ]
    except Exception as exc:  # a rule bug must not stop the run for every other rule and file
        return [crash_finding(document, rule, exc)]
    finally:
        watchdog.end_rule()


def regex_time_limit() -> AbstractContextManager[None]:
    """The watchdog timer for REGEX_TIMEOUT, for a document or a whole run of them (nested
    use keeps the outer one, so a runner can arm it once per file, not once per document)."""
    return guarding(base.REGEX_TIMEOUT)


def settle(findings: list[Finding], document: Document, rules: Sequence[Rule]) -> tuple[list[Finding], list]:
    """What the rules found on a document, as reported: suppressions applied, one finding per
    defect, sorted; and the suppressions that silenced nothing."""
    findings, unused = apply_suppressions(findings, document.directives)
    return sorted(one_per_defect(findings, outranking(rules)), key=Finding.sort_key), unused


def lint_document(document: Document, rules: Sequence[Rule], report_unused: bool = False) -> list[Finding]:
    """All findings of the rules on one document, suppressions applied, in report order."""
    findings: list[Finding] = []
    triggered = Triggered.scan(trigger_index(rules), document)
    with regex_time_limit():
        watchdog.set_document_budget(sum(len(block.text) for block in document.blocks))
        for position, rule in enumerate(rules):
            if rule.corpus or (rule.trigger is not None and not triggered.may_match(position)):
                continue  # what run_rule would decide first: most rules skip most documents
            findings.extend(run_rule(rule, document, triggered, position))
    findings, unused = settle(findings, document, rules)
    if report_unused:
        for directive in unused:
            names = ", ".join(directive.rules) or "all rules"
            line = max(directive.comment_line or directive.line, 1)
            findings.append(
                Finding(
                    document.path,
                    line,
                    1,
                    line,
                    1,
                    "newslint.unused-suppression",
                    Severity.INFO,
                    f"'{directive.action}' for {names} suppressed nothing; remove it",
                    record=document.record,
                    field=directive.field,
                )
            )
    return sorted(findings, key=Finding.sort_key)


def problem_finding(problem: ReadProblem) -> Finding:
    """A reader's problem (undecodable bytes, broken record, empty file) as a finding."""
    return Finding(
        path=problem.path,
        line=problem.line,
        column=problem.column,
        end_line=problem.line,
        end_column=problem.column,
        rule=problem.rule,
        severity=Severity.parse(problem.severity),
        message=problem.message,
        record=problem.record,
    )
