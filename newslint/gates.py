"""Data-quality gates: fail only when a rule or pack flags more than the agreed share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newslint.config import Gate
from newslint.finding import Finding, Severity
from newslint.suppressions import rule_matches


@dataclass(frozen=True)
class GateResult:
    """One gate's verdict with the numbers behind it."""

    gate: Gate
    documents: int
    flagged: int
    findings: int

    @property
    def rate(self) -> float:
        """Share of checked documents with at least one finding of the gate's rules."""
        return self.flagged / self.documents if self.documents else 0.0

    @property
    def passed(self) -> bool:
        """True when neither limit is exceeded."""
        if self.gate.max_findings is not None and self.findings > self.gate.max_findings:
            return False
        return not (self.gate.max_rate is not None and self.rate > self.gate.max_rate)

    def limit(self) -> str:
        """The limits as text."""
        parts = []
        if self.gate.max_findings is not None:
            parts.append(f"max-findings {self.gate.max_findings}")
        if self.gate.max_rate is not None:
            parts.append(f"max-rate {self.gate.max_rate:.2%}")
        return ", ".join(parts)


def unchecked(findings: Sequence[Finding]) -> bool:
    """True when part of the data went unchecked (unreadable input, a rule crashed or timed
    out): no gate can vouch for that, so it fails the run even when every gate passes."""
    return any(f.rule.startswith("newslint.") and f.severity >= Severity.ERROR for f in findings)


def evaluate(gates: Sequence[Gate], findings: Sequence[Finding], documents: int) -> list[GateResult]:
    """Each gate's result over a run."""
    results = []
    for gate in gates:
        mine = [f for f in findings if rule_matches(gate.selector, f.rule)]
        flagged = len({(f.path, f.record) for f in mine})
        results.append(GateResult(gate, documents, flagged, len(mine)))
    return results


def render_table(results: Sequence[GateResult]) -> str:
    """A plain-text summary table."""
    rows = [("gate", "documents", "flagged", "rate", "findings", "limit", "result")]
    for r in results:
        rows.append(
            (
                r.gate.selector,
                str(r.documents),
                str(r.flagged),
                f"{r.rate:.2%}",
                str(r.findings),
                r.limit(),
                "pass" if r.passed else "FAIL",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n" for row in rows)
