"""`newslint check --profile`: time per phase (read, parse, rules, corpus, output) and per rule.

The normal run has no timing code at all: `--profile` runs files through the profiled loop
below instead of newslint.runner.check_files, in one process, so each rule's time is its own.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Sequence, TextIO

from newslint import corpus
from newslint.config import Config
from newslint.engine import lint_document, problem_finding
from newslint.finding import Finding
from newslint.readers import ReadProblem, read_bytes, read_file
from newslint.rule import Rule
from newslint.runner import STDIN, FileResult, rules_for

PHASES = ("read", "parse", "read+parse", "rules", "corpus-signatures", "corpus", "output")
# Files up to this size are read whole first, so reading and parsing are timed apart.
WHOLE_FILE_LIMIT = 64 * 1024 * 1024


@dataclass
class Profile:
    """Seconds spent per phase and per rule, and how much input they covered."""

    phases: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    rules: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    bytes_read: int = 0
    documents: int = 0

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
        lines = [f"newslint profile: {self.documents} documents, {mb:.2f} MB, {total:.3f} s "
                 f"({mb / total:.2f} MB/s, {self.documents / total:.0f} documents/s; one process)"]
        lines.append(f"  {'phase':<28} {'seconds':>9} {'share':>6}")
        for name in PHASES:
            if name in self.phases:
                lines.append(f"  {name:<28} {self.phases[name]:9.4f} {self.phases[name] / total:6.1%}")
        if self.rules:
            rule_total = sum(self.rules.values()) or 1e-9
            lines.append(f"  {'rule':<40} {'seconds':>9} {'of rules':>8}")
            for rule_id, seconds in sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"  {rule_id:<40} {seconds:9.4f} {seconds / rule_total:8.1%}")
        return "\n".join(lines) + "\n"

    def print(self, stream: TextIO = sys.stderr) -> None:
        """Write the table (to stderr by default, so it never mixes with the report)."""
        stream.write(self.render())


@dataclass(frozen=True)
class TimedCheck:
    """Wraps a kind so the time its hits take (including stamping them) is charged to its rule."""

    inner: Any
    rule_id: str
    profile: Profile

    def check(self, document: Any, blocks: Any) -> Iterator[Any]:
        """The inner kind's hits, timed."""
        start = time.perf_counter()
        try:
            yield from self.inner.check(document, blocks)
        finally:
            self.profile.rules[self.rule_id] += time.perf_counter() - start


def timed_rules(rules: Sequence[Rule], profile: Profile) -> list[Rule]:
    """Copies of the per-document rules whose checks are timed (corpus rules are timed by phase)."""
    return [r if corpus.is_corpus_rule(r) else replace(r, check=TimedCheck(r.check, r.id, profile)) for r in rules]


def _read(path: str) -> bytes:
    if path == STDIN:
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def check_file(path: str, rules: Sequence[Rule], config: Config, profile: Profile, stdin_name: str = "<stdin>") -> FileResult:
    """newslint.runner.check_file with each phase timed (files up to 64 MB are read whole, then parsed)."""
    shown = stdin_name if path == STDIN else path
    if path != STDIN and not os.path.exists(path):
        return FileResult(shown, 0, (problem_finding(ReadProblem(shown, "no such file or directory")),))
    file_rules = rules_for(path, rules, config)
    signing = corpus.corpus_rules(file_rules)
    checked = timed_rules(file_rules, profile)
    findings: list[Finding] = []
    signatures: list = []
    documents = 0
    parse_phase = "parse"
    if path != STDIN and os.path.getsize(path) > WHOLE_FILE_LIMIT:
        # A big dataset streams, as in a normal run, so memory stays bounded; reading and
        # parsing then interleave and are timed together.
        profile.bytes_read += os.path.getsize(path)
        items = read_file(path, config.read)
        parse_phase = "read+parse"
    else:
        with profile.phase("read"):
            try:
                data = _read(path)
            except OSError as exc:
                return FileResult(shown, 0, (problem_finding(ReadProblem(shown, f"cannot read file: {exc.strerror or exc}")),))
        profile.bytes_read += len(data)
        items = read_bytes(shown, data, config.read)
    while True:
        with profile.phase(parse_phase):
            item = next(items, None)
        if item is None:
            break
        if isinstance(item, ReadProblem):
            findings.append(problem_finding(item))
            continue
        documents += 1
        with profile.phase("rules"):
            findings.extend(lint_document(item, checked, config.report_unused_suppressions))
        if signing:
            with profile.phase("corpus-signatures"):
                signed, errors = corpus.sign(item, signing)
            findings.extend(errors)
            if signed is not None:
                signatures.append(signed)
    profile.documents += documents
    return FileResult(shown, documents, tuple(findings), tuple(signatures))


def check_files(files: Sequence[str], rules: Sequence[Rule], config: Config, profile: Profile, stdin_name: str = "<stdin>") -> list[FileResult]:
    """Every file through the profiled loop, in order, in this process."""
    return [check_file(path, rules, config, profile, stdin_name) for path in files]
