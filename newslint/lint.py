"""One item a reader gives (a Document or a ReadProblem) to its findings and corpus signatures.

Every way of running newslint goes through lint_item once per document: the runner
(runner.check_file, and through it the pytest session and the Dask path over files), the
Python API on strings, the Dask path over records and the rule test harness. So they
report the same findings for the same document, and an engine failure on one document is
reported the same way by all of them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newslint import corpus
from newslint.document import Document
from newslint.engine import internal_error, lint_document, problem_finding
from newslint.finding import Finding
from newslint.readers import ReadProblem
from newslint.rule import Rule

Phase = Callable[[str], contextlib.AbstractContextManager[None]]


def untimed(name: str) -> contextlib.AbstractContextManager[None]:
    """A phase that times nothing (runner.Timer.phase without --profile)."""
    return contextlib.nullcontext()


@dataclass(frozen=True)
class Linted:
    """What one item gave: its findings, its signatures for the corpus rules, and whether it
    was a document (a ReadProblem is not)."""

    findings: tuple[Finding, ...]
    signed: corpus.DocumentSignatures | None = None
    document: bool = False


def lint_item(
    item: Document | ReadProblem,
    rules: Sequence[Rule],
    *,
    signing: Sequence[Rule] = (),
    report_unused: bool = False,
    phase: Phase = untimed,
) -> Linted:
    """The findings of `rules` on one item, suppressions applied, in report order (a reader's
    problem is a finding of its own), and its signatures for the corpus rules of `signing`.

    An exception from the engine becomes a `newslint.internal-error` finding for this
    document; `phase` times the rules and the signatures (--profile)."""
    if isinstance(item, ReadProblem):
        return Linted((problem_finding(item),))
    try:
        with phase("rules"):
            findings = lint_document(item, rules, report_unused)
    except Exception as exc:  # the engine's own bug, on this document only
        findings = [
            internal_error(
                item.path,
                f"checking this document failed with {describe(exc)}; its other findings are lost",
                item.record,
            )
        ]
    if not signing:
        return Linted(tuple(findings), None, True)
    with phase("corpus-signatures"):
        signed, errors = corpus.sign(item, signing)
    return Linted((*findings, *errors), signed, True)


def describe(exc: BaseException) -> str:
    """An exception as a finding's message names it: its type and the start of its text."""
    text = str(exc)
    return f"{type(exc).__name__}: {text[:200]}{'...' if len(text) > 200 else ''}" if text else type(exc).__name__
