"""`newslint check --profile`: time per phase (read, parse, rules, corpus, output) and per rule.

A Profile is the timer newslint.runner.check_file accepts: files run in one process, so each
rule's time is its own. Without --profile the runner times nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, TextIO

from newslint.config import Config
from newslint.rule import Rule
from newslint.runner import STDIN, FileResult, check_file

PHASES = ("read", "parse", "read+parse", "rules", "corpus-signatures", "corpus", "output")
# The row for the part of the rules phase no rule is charged with: the literal scan that
# decides which rules run where, suppressions, and sorting the findings.
ENGINE_ROW = "(engine: literal scan, suppressions)"
# Files up to this size are read whole first, so reading and parsing are timed apart.
WHOLE_FILE_LIMIT = 64 * 1024 * 1024


@dataclass
class Profile:
    """Seconds spent per phase and per rule, and how much input they covered."""

    phases: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    rules: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    bytes_read: int = 0
    documents: int = 0
    # Wrapped rule lists by the ids of the rules they wrap: the same list object for every
    # file, so per-run caches keyed on it (the engine's trigger index) are built once.
    _timed: dict[tuple[int, ...], tuple[Sequence[Rule], list[Rule]]] = field(default_factory=dict, repr=False)

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Add the time spent in the `with` block to phase `name`."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] += time.perf_counter() - start

    def render(self) -> str:
        """The profile as a table: phases, then rules slowest first."""
        total = sum(self.phases.values()) or 1e-9
        mb = self.bytes_read / 1e6
        lines = [
            f"newslint profile: {self.documents} documents, {mb:.2f} MB, {total:.3f} s "
            f"({mb / total:.2f} MB/s, {self.documents / total:.0f} documents/s; one process)"
        ]
        lines.append(f"  {'phase':<28} {'seconds':>9} {'share':>6}")
        for name in PHASES:
            if name in self.phases:
                lines.append(f"  {name:<28} {self.phases[name]:9.4f} {self.phases[name] / total:6.1%}")
        if self.rules:
            rows = dict(self.rules)
            rows[ENGINE_ROW] = max(0.0, self.phases.get("rules", 0.0) - sum(self.rules.values()))
            rule_total = sum(rows.values()) or 1e-9
            lines.append(f"  {'rule':<40} {'seconds':>9} {'of rules':>8}")
            for rule_id, seconds in sorted(rows.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"  {rule_id:<40} {seconds:9.4f} {seconds / rule_total:8.1%}")
        return "\n".join(lines) + "\n"

    def timed(self, rules: Sequence[Rule]) -> list[Rule]:
        """The per-document rules wrapped so their time is charged to them (runner.Timer)."""
        key = tuple(id(rule) for rule in rules)
        if key not in self._timed:
            self._timed[key] = (tuple(rules), timed_rules(rules, self))  # holding them keeps ids unique
        return self._timed[key][1]

    def whole_file(self, path: str) -> bool:
        """Read files up to WHOLE_FILE_LIMIT whole, so read and parse are timed apart;
        bigger ones stream, as in a normal run, so memory stays bounded (runner.Timer)."""
        return os.path.getsize(path) <= WHOLE_FILE_LIMIT

    def print(self, stream: TextIO = sys.stderr) -> None:
        """Write the table (to stderr by default, so it never mixes with the report)."""
        stream.write(self.render())


@dataclass(frozen=True)
class TimedKind:
    """Wraps a document kind so the time its hits take (including stamping them) is charged
    to its rule; the engine hands it what it hands the kind (the rule keeps its declarations)."""

    inner: Any
    rule_id: str
    profile: Profile

    fields: ClassVar[tuple[str, ...]] = ()  # the rule's message was checked against the inner kind's

    def check(self, document: Any, blocks: Any, *found: Any) -> Iterator[Any]:
        """The inner kind's hits, timed."""
        start = time.perf_counter()
        try:
            yield from self.inner.check(document, blocks, *found)
        finally:
            self.profile.rules[self.rule_id] += time.perf_counter() - start


def timed_rules(rules: Sequence[Rule], profile: Profile) -> list[Rule]:
    """Copies of the per-document rules whose kinds are timed (corpus rules are timed by phase)."""
    return [r if r.corpus else replace(r, kind=TimedKind(r.kind, r.id, profile)) for r in rules]


def check_files(
    files: Sequence[str], rules: Sequence[Rule], config: Config, profile: Profile, stdin_name: str = "<stdin>"
) -> list[FileResult]:
    """Every file through runner.check_file with this profile as its timer, in this process."""
    results = []
    for path in files:
        if path != STDIN and os.path.isfile(path):
            profile.bytes_read += os.path.getsize(path)
        result = check_file(path, rules, config, stdin_name, timer=profile)
        profile.documents += result.documents
        results.append(result)
    return results
