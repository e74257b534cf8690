"""Lint many files: find them, pick each file's rules, read, check, optionally in parallel."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, ContextManager, Iterable, Iterator, Protocol, Sequence

from newslint import plugins
from newslint import corpus
from newslint.config import Config
from newslint.document import Document
from newslint.engine import lint_document, problem_finding, regex_time_limit
from newslint.finding import Finding
from newslint.readers import ReadProblem, is_jsonl, read_bytes, read_file

if TYPE_CHECKING:  # the records reader is imported only when a JSONL file is split
    from newslint.readers.records import LineRange
from newslint.rule import Rule, RuleError
from newslint.ruleset import BUILTIN_RULES, Selection, load_rules
from newslint.suppressions import rule_matches

STDIN = "-"


@dataclass(frozen=True)
class FileResult:
    """What checking one file produced: how many documents it held and their findings."""

    path: str
    documents: int
    findings: tuple[Finding, ...]
    signatures: tuple = ()  # corpus pass: newslint.corpus.DocumentSignatures of its documents


def rule_roots(config: Config, installed: plugins.InstalledPacks | None = None) -> list[str]:
    """Directories to load rules from: the built-in packs, installed packs, then the config's rule-dirs."""
    # Installed packs (entry point group newslint.packs) come with the built-ins: `builtin-rules:
    # false` (and `newslint test-rules DIR`) turns both off, so a pack under development is never
    # loaded twice when its installed copy is on sys.path too.
    if not config.builtin_rules:
        return list(config.rule_dirs)
    installed = installed or plugins.discover()
    return [BUILTIN_RULES, *installed.directories, *config.rule_dirs]


def build_rules(config: Config, extra: Selection | None = None) -> tuple[list[Rule], list[RuleError]]:
    """Load, override and select the rules for a run; every problem is collected as a RuleError."""
    # Entry-point discovery scans every installed distribution: do it once per run.
    installed = plugins.discover() if config.builtin_rules else plugins.InstalledPacks((), ())
    rules, errors = load_rules(rule_roots(config, installed))
    errors.extend(installed.errors)  # an installed pack whose entry point is broken: say which and why
    by_id = {r.id: r for r in rules}
    source = config.path or "config"
    for rule_id, override in config.overrides().items():
        if rule_id not in by_id:
            errors.append(RuleError(source, f"rules.{rule_id}", "no such rule; `newslint rules` lists them"))
            continue
        try:
            by_id[rule_id] = by_id[rule_id].with_overrides(override, f"{source} [rules.{rule_id}]")
        except RuleError as exc:
            errors.append(exc)
    rules = sorted(by_id.values(), key=lambda r: r.id)
    selection = config.selection.then(extra) if extra else config.selection
    ignored_per_file = tuple(s for _, selectors in config.per_file_ignores for s in selectors)
    # Unknown selectors are checked against every loaded rule, so ignoring a pack in the
    # config and selecting one of its rules on the command line is not called a typo.
    named = [config.selection, Selection(ignore=ignored_per_file)] + ([extra] if extra else [])
    for selector in dict.fromkeys(s for chosen in named for s in chosen.unknown(rules)):
        errors.append(RuleError(source, "select/ignore", f"{selector!r} names no rule or pack; `newslint rules` lists them"))
    return selection.apply(rules), errors


def collect_files(paths: Sequence[str], config: Config, force_exclude: bool = False) -> list[str]:
    """Files to check: named files as given, directories walked with the files/exclude globs."""
    found: list[str] = []
    for path in paths:
        if path == STDIN:
            found.append(path)
        elif os.path.isdir(path):
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not config.is_excluded(os.path.join(dirpath, d)))
                for name in sorted(filenames):
                    full = os.path.join(dirpath, name)
                    if config.is_included(full) and not config.is_excluded(full):
                        found.append(os.path.normpath(full))
        elif not (force_exclude and config.is_excluded(path)):
            found.append(path)
    return list(dict.fromkeys(found))


def rules_for(path: str, rules: Sequence[Rule], config: Config, stdin_name: str = "<stdin>") -> list[Rule]:
    """The rules that apply to one file after per-file-ignores (stdin goes by --stdin-filename)."""
    shown = stdin_name if path == STDIN else path
    ignored = config.ignored_for(shown) if shown != "<stdin>" else ()
    if not ignored:
        return list(rules)
    return [r for r in rules if not any(rule_matches(s, r.id) for s in ignored)]


class Timer(Protocol):
    """What `--profile` plugs into check_file: phase timing and rules that time themselves."""

    def phase(self, name: str) -> ContextManager[None]:
        """A context that charges its time to a phase (read, parse, rules...)."""

    def timed(self, rules: Sequence[Rule]) -> list[Rule]:
        """The rules, wrapped so each one's time is charged to it."""

    def whole_file(self, path: str) -> bool:
        """True to read the file whole first (so read and parse are timed apart)."""


def _untimed(name: str) -> ContextManager[None]:
    return contextlib.nullcontext()


def _documents(path: str, config: Config, stdin_name: str, timer: Timer | None, part: LineRange | None = None) -> Iterator[Document | ReadProblem]:
    if part is not None:
        from newslint.readers.records import read_jsonl_range

        yield from read_jsonl_range(path, config.read, part)
    elif path == STDIN:
        yield from read_bytes(stdin_name, sys.stdin.buffer.read(), config.read)
    elif timer is not None and timer.whole_file(path):
        with timer.phase("read"):
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError as exc:
                yield ReadProblem(path, f"cannot read file: {exc.strerror or exc}")
                return
        yield from read_bytes(path, data, config.read)
    else:
        yield from read_file(path, config.read)  # streams: records are read one at a time


def check_file(path: str, rules: Sequence[Rule], config: Config, stdin_name: str = "<stdin>", timer: Timer | None = None, part: LineRange | None = None) -> FileResult:
    """Read one file (or one `part` of a big JSONL file) and lint every document in it.

    `timer` is only for --profile."""
    file_rules = rules_for(path, rules, config, stdin_name)
    phase = timer.phase if timer is not None else _untimed
    checked = timer.timed(file_rules) if timer is not None else file_rules
    findings: list[Finding] = []
    documents = 0
    # The corpus pass keeps small per-document signatures (newslint/corpus.py), not documents.
    signing = corpus.corpus_rules(file_rules)
    signatures: list = []
    shown = stdin_name if path == STDIN else path
    if not os.path.exists(path) and path != STDIN:
        return FileResult(shown, 0, (problem_finding(ReadProblem(shown, "no such file or directory")),))
    items = _documents(path, config, stdin_name, timer, part)
    parse = "parse" if timer is not None and (path == STDIN or timer.whole_file(path)) else "read+parse"
    with regex_time_limit():  # armed once for the file: lint_document's own is then a no-op
        while True:
            with phase(parse):
                item = next(items, None)
            if item is None:
                break
            if isinstance(item, ReadProblem):
                findings.append(problem_finding(item))
                continue
            documents += 1
            with phase("rules"):
                findings.extend(lint_document(item, checked, config.report_unused_suppressions))
            if signing:
                with phase("corpus-signatures"):
                    signed, errors = corpus.sign(item, signing)
                findings.extend(errors)
                if signed is not None:
                    signatures.append(signed)
    return FileResult(shown, documents, tuple(findings), tuple(signatures))


# Worker state for parallel runs: set once per worker process by the initializer.
_WORKER: tuple[Sequence[Rule], Config] | None = None


def _init_worker(rules: Sequence[Rule], config: Config) -> None:
    global _WORKER
    _WORKER = (rules, config)


def _check_in_worker(unit: tuple[str, LineRange | None]) -> FileResult:
    assert _WORKER is not None
    path, part = unit
    return check_file(path, *_WORKER, part=part)


# A JSONL file bigger than twice this is cut into ranges that are checked one by one (or by
# several workers side by side), so progress shows and memory stays bounded on huge files.
SPLIT_BYTES = 8 * 1024 * 1024
# Ranges of a huge file are at most about this big, so progress moves even at --jobs 1.
MAX_RANGE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class WorkUnit:
    """A whole file, or one range of a big JSONL file, and how many bytes it covers."""

    path: str
    part: LineRange | None
    size: int


def work_units(files: Sequence[str], jobs: int) -> list[WorkUnit]:
    """Units of work in input order: whole files, and big JSONL files in several ranges."""
    units: list[WorkUnit] = []
    for path in files:
        size = os.path.getsize(path) if path != STDIN and os.path.isfile(path) else 0
        ranges = []
        if size >= 2 * SPLIT_BYTES and is_jsonl(path):
            from newslint.readers.records import split_jsonl  # only big datasets need it

            ranges = split_jsonl(path, max(jobs * 4, size // MAX_RANGE_BYTES), SPLIT_BYTES)
        units.extend(WorkUnit(path, part, part.end - part.start) for part in ranges)
        if not ranges:
            units.append(WorkUnit(path, None, size))
    return units


def merge_parts(results: Iterable[FileResult]) -> Iterator[FileResult]:
    """Join the results of consecutive ranges of one file into that file's result."""
    current: FileResult | None = None
    for result in results:
        if current is not None and result.path == current.path:
            current = FileResult(current.path, current.documents + result.documents, current.findings + result.findings, current.signatures + result.signatures)
            continue
        if current is not None:
            yield current
        current = result
    if current is not None:
        yield current


def check_units(units: Sequence[WorkUnit], rules: Sequence[Rule], config: Config, jobs: int = 0, stdin_name: str = "<stdin>") -> Iterator[tuple[WorkUnit, FileResult]]:
    """Check units of work, in parallel when jobs != 1 and there are several; in input order."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(units) < 2:
        for unit in units:
            yield unit, check_file(unit.path, rules, config, stdin_name, part=unit.part)
        return
    local = [u for u in units if u.path == STDIN]
    for unit in local:
        yield unit, check_file(STDIN, rules, config, stdin_name)
    units = [u for u in units if u.path != STDIN]
    corpus.prepare(rules)  # once here rather than once in every worker
    # Imported here: a run over one file (a pre-commit hook) never needs a pool, and
    # multiprocessing brings socket, selectors and more (about 10 ms).
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # fork keeps start-up cheap: compiled rules are inherited, not pickled per task.
    context = get_context("fork") if sys.platform != "win32" else None
    with ProcessPoolExecutor(max_workers=min(jobs, len(units)), mp_context=context, initializer=_init_worker, initargs=(rules, config)) as pool:
        tasks = [(u.path, u.part) for u in units]
        yield from zip(units, pool.map(_check_in_worker, tasks, chunksize=max(1, len(units) // (jobs * 8))))


def check_files(files: Sequence[str], rules: Sequence[Rule], config: Config, jobs: int = 0, stdin_name: str = "<stdin>") -> Iterator[FileResult]:
    """Check files, in parallel when jobs != 1 and there is enough work; results in input order."""
    units = work_units(files, jobs or os.cpu_count() or 1)
    yield from merge_parts(result for _, result in check_units(units, rules, config, jobs, stdin_name))


def all_findings(results: Iterable[FileResult], rules: Sequence[Rule] = ()) -> list[Finding]:
    """Every finding of the results in report order, with the corpus rules' findings when `rules` are given."""
    results = list(results)
    findings = [f for r in results for f in r.findings]
    if rules:  # the corpus pass runs once every document has been read
        findings.extend(corpus.collate(rules, list(corpus.iter_signatures(results))))
    return sorted(findings, key=Finding.sort_key)


def lint_documents(items: Iterable[Document | ReadProblem], rules: Sequence[Rule], config: Config, shown: str | None = None) -> list[Finding]:
    """Lint already-read documents (used by the Python API on strings)."""
    findings: list[Finding] = []
    for item in items:
        if isinstance(item, ReadProblem):
            findings.append(problem_finding(item))
        else:
            findings.extend(lint_document(item, rules, config.report_unused_suppressions))
    if shown is not None:
        from dataclasses import replace

        findings = [replace(f, path=shown) for f in findings]
    return sorted(findings, key=Finding.sort_key)
