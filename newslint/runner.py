"""Lint many files: find them, pick each file's rules, read, check, optionally in parallel."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from newslint import corpus, plugins
from newslint.config import Config
from newslint.document import Document
from newslint.engine import internal_error, problem_finding, regex_time_limit
from newslint.finding import Finding
from newslint.kinds import python as python_rules
from newslint.lint import describe, lint_item, untimed
from newslint.readers import ReadProblem, file_kind, is_jsonl, open_regular, read_bytes, read_file, without_suppressions

if TYPE_CHECKING:  # the records reader is imported only when a JSONL file is split
    from newslint.readers.records import LineRange
from newslint.rule import Rule, RuleError
from newslint.ruleset import BUILTIN_RULES, Selection, load_rules
from newslint.spool import FindingSpool
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


def load_configured_rules(
    config: Config, installed: plugins.InstalledPacks | None = None
) -> tuple[list[Rule], list[RuleError]]:
    """Every rule under the config's roots (selected or not), python rules allowed only as
    the config's caller says (never the config file itself: docs/security.md)."""
    with python_rules.allowing(config.allow_python_rules, repository=config.root):
        return load_rules(rule_roots(config, installed))


def build_rules(config: Config, extra: Selection | None = None) -> tuple[list[Rule], list[RuleError]]:
    """Load, override and select the rules for a run; every problem is collected as a RuleError."""
    with python_rules.allowing(config.allow_python_rules, repository=config.root):
        return _build_rules(config, extra)


def _build_rules(config: Config, extra: Selection | None) -> tuple[list[Rule], list[RuleError]]:
    # Entry-point discovery scans every installed distribution: do it once per run.
    installed = plugins.discover() if config.builtin_rules else plugins.InstalledPacks((), ())
    rules, errors = load_configured_rules(config, installed)
    errors.extend(installed.errors)  # an installed pack whose entry point is broken: say which and why
    by_id = {r.id: r for r in rules}
    source = config.path or "config"
    for rule_id, override in config.overrides().items():
        if rule_id not in by_id:
            # Under --no-repo-rules the config may well tune rules of the rule-dirs left out.
            if not config.no_repo_rules:
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
    named = ([] if config.no_repo_rules else [config.selection, Selection(ignore=ignored_per_file)]) + (
        [extra] if extra else []
    )
    for selector in dict.fromkeys(s for chosen in named for s in chosen.unknown(rules)):
        errors.append(
            RuleError(source, "select/ignore", f"{selector!r} names no rule or pack; `newslint rules` lists them")
        )
    return selection.apply(rules), errors


def collect_files(paths: Sequence[str], config: Config, force_exclude: bool = False) -> list[str]:
    """Files to check: named files as given, directories walked with the files/exclude globs.

    Nothing found is dropped without a word: a directory the walk cannot read, a FIFO,
    device or socket that matches the globs, and a symbolic link that leads out of the
    checked tree are listed too, and check_file reports each of them instead of reading it.
    Linked directories are walked only when they lead inside the tree (and once each)."""
    found: list[str] = []
    seen: set[str] = set()
    roots = link_roots(config)
    for path in paths:
        if path == STDIN:
            found.append(path)
        elif os.path.isdir(path):
            seen.add(os.path.realpath(path))
            _walk(path, config, roots, seen, found)
        elif not (force_exclude and config.is_excluded(path)):
            found.append(path)
    return list(dict.fromkeys(found))


def _walk(top: str, config: Config, roots: tuple[str, ...], seen: set[str], found: list[str]) -> None:
    """os.walk's order (a directory's files, then its sub-directories, each sorted by name)."""
    try:
        with os.scandir(top) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        found.append(os.path.normpath(top))  # unreadable: check_file says why
        return
    directories = []
    for entry in entries:
        full = os.path.join(top, entry.name)
        try:
            is_dir = entry.is_dir()  # follows a link
        except OSError:
            is_dir = False
        if is_dir:
            if not config.is_excluded(full):
                directories.append((entry, full))
        elif config.is_included(full) and not config.is_excluded(full):
            found.append(os.path.normpath(full))
    for entry, full in directories:
        real = os.path.realpath(full)
        if entry.is_symlink() and not config.follow_links and not _inside(real, roots):
            found.append(os.path.normpath(full))  # a link out of the tree: reported, not walked
        elif real not in seen:  # a link back up the tree is walked once
            seen.add(real)
            _walk(full, config, roots, seen, found)


def link_roots(config: Config) -> tuple[str, ...]:
    """Where symbolic links may lead: the config's directory (the repository), the working
    directory, and the directories named on the command line (Config.link_roots)."""
    return tuple(dict.fromkeys(os.path.realpath(p) for p in (config.root, os.getcwd(), *config.link_roots)))


def _inside(real: str, roots: Sequence[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def rules_for(path: str, rules: Sequence[Rule], config: Config, stdin_name: str = "<stdin>") -> list[Rule]:
    """The rules that apply to one file after per-file-ignores (stdin goes by --stdin-filename)."""
    shown = stdin_name if path == STDIN else path
    ignored = config.ignored_for(shown) if shown != "<stdin>" else ()
    if not ignored:
        return list(rules)
    return [r for r in rules if not any(rule_matches(s, r.id) for s in ignored)]


class Timer(Protocol):
    """What `--profile` plugs into check_file: phase timing and rules that time themselves."""

    def phase(self, name: str) -> contextlib.AbstractContextManager[None]:
        """A context that charges its time to a phase (read, parse, rules...)."""

    def timed(self, rules: Sequence[Rule]) -> list[Rule]:
        """The rules, wrapped so each one's time is charged to it."""

    def whole_file(self, path: str) -> bool:
        """True to read the file whole first (so read and parse are timed apart)."""


def _documents(
    path: str, config: Config, stdin_name: str, timer: Timer | None, part: LineRange | None = None
) -> Iterator[Document | ReadProblem]:
    if part is not None:
        from newslint.readers.records import read_jsonl_range

        yield from without_suppressions(path, read_jsonl_range(path, config.read, part), config.read)
    elif path == STDIN:
        yield from read_bytes(stdin_name, sys.stdin.buffer.read(), config.read)
    elif timer is not None and timer.whole_file(path):
        with timer.phase("read"):
            try:
                with open_regular(path) as handle:
                    data = handle.read()
            except OSError as exc:
                yield ReadProblem(path, f"cannot read file: {exc.strerror or exc}")
                return
        yield from read_bytes(path, data, config.read)
    else:
        yield from read_file(path, config.read)  # streams: records are read one at a time


def check_file(
    path: str,
    rules: Sequence[Rule],
    config: Config,
    stdin_name: str = "<stdin>",
    timer: Timer | None = None,
    part: LineRange | None = None,
) -> FileResult:
    """Read one file (or one `part` of a big JSONL file) and lint every document in it.

    Nothing raised while reading or checking one document stops the run: a reader that
    fails becomes a `newslint.internal-error` finding for the rest of the file, a document
    whose checks fail one for that document. `timer` is only for --profile."""
    file_rules = rules_for(path, rules, config, stdin_name)
    phase = timer.phase if timer is not None else untimed
    checked = timer.timed(file_rules) if timer is not None else file_rules
    findings: list[Finding] = []
    documents = 0
    # The corpus pass keeps small per-document signatures (newslint/corpus.py), not documents.
    signing = corpus.corpus_rules(file_rules)
    signatures: list = []
    shown = stdin_name if path == STDIN else path
    if path != STDIN:
        refused = refuse(path, config)
        if refused is not None:
            return FileResult(shown, 0, (problem_finding(refused),))
    items = _documents(path, config, stdin_name, timer, part)
    parse = "parse" if timer is not None and (path == STDIN or timer.whole_file(path)) else "read+parse"
    with regex_time_limit():  # armed once for the file: lint_document's own is then a no-op
        while True:
            try:
                with phase(parse):
                    item = next(items, None)
            except Exception as exc:  # a reader bug: report it, keep what was read, go on
                where = f"{_part_name(part)} " if part is not None else ""
                findings.append(
                    internal_error(
                        shown,
                        f"reading {where}stopped after {documents} document(s) with {describe(exc)}; the rest was not checked",
                    )
                )
                break
            if item is None:
                break
            linted = lint_item(
                item, checked, signing=signing, report_unused=config.report_unused_suppressions, phase=phase
            )
            documents += linted.document
            findings.extend(linted.findings)
            if linted.signed is not None:
                signatures.append(linted.signed)
    return FileResult(shown, documents, tuple(findings), tuple(signatures))


def refuse(path: str, config: Config) -> ReadProblem | None:
    """Why a path is not read at all, or None when it may be: it does not exist, it is a
    symbolic link out of the checked tree (unless --follow-links), or it is not a regular
    file (a FIFO would block the run, /dev/zero would never end; a directory that could
    not be read is listed by collect_files to be reported here)."""
    if not os.path.lexists(path):
        return ReadProblem(path, "no such file or directory")
    if os.path.islink(path) and not config.follow_links:
        real = os.path.realpath(path)
        if not _inside(real, link_roots(config)):
            return ReadProblem(
                path, f"symbolic link to {real}, outside the checked tree; it was not read (--follow-links reads it)"
            )
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return ReadProblem(path, f"cannot read file: {exc.strerror or exc}")
    if stat.S_ISDIR(mode):
        try:
            with os.scandir(path) as listing:
                next(listing, None)
        except OSError as exc:
            return ReadProblem(path, f"cannot read directory: {exc.strerror or exc}; the files in it were not checked")
        return ReadProblem(path, "a directory, not a file; it was not read")
    if not stat.S_ISREG(mode):
        return ReadProblem(path, f"not a regular file ({file_kind(mode)}); it was not read")
    return None


def _part_name(part: LineRange) -> str:
    return f"bytes {part.start}-{part.end} (from line {part.first_line})"


# Worker state for parallel runs: set once per worker process by the initializer.
_WORKER: tuple[Sequence[Rule], Config] | None = None


def _init_worker(rules: Sequence[Rule], config: Config, parent: int) -> None:
    global _WORKER
    _WORKER = (rules, config)
    # Ctrl-C reaches the whole process group: the parent stops the workers itself, with
    # SIGTERM, whose handler a forked worker must not inherit from the command line's.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """On Linux, have the kernel end this worker when the parent process dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # no prctl: the parent's own clean-up still stops the workers
        return
    if os.getppid() != parent:  # the parent died before the call: nobody will collect our work
        os._exit(1)


def _check_in_worker(tasks: list[tuple[str, LineRange | None]]) -> list[FileResult]:
    assert _WORKER is not None
    return [check_file(path, *_WORKER, part=part) for path, part in tasks]


# A JSONL file bigger than twice this is cut into ranges that are checked one by one (or by
# several workers side by side), so progress shows and memory stays bounded on huge files.
SPLIT_BYTES = 8 * 1024 * 1024
# Ranges of a huge file are at most about this big, so progress moves even at --jobs 1, and
# what one range's result holds until the run takes it in (its findings and signatures,
# several times the range's size) stays small.
MAX_RANGE_BYTES = 16 * 1024 * 1024


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
            current = FileResult(
                current.path,
                current.documents + result.documents,
                current.findings + result.findings,
                current.signatures + result.signatures,
            )
            continue
        if current is not None:
            yield current
        current = result
    if current is not None:
        yield current


def check_units(
    units: Sequence[WorkUnit], rules: Sequence[Rule], config: Config, jobs: int = 0, stdin_name: str = "<stdin>"
) -> Iterator[tuple[WorkUnit, FileResult]]:
    """Check units of work, in parallel when jobs != 1 and there are several; in input order.

    A worker that dies (killed by the OOM killer, say) loses the units it held: each is
    checked once more in a process of its own, and one lost again is reported as a
    `newslint.internal-error` finding instead of its results. Interrupted (Ctrl-C, SIGTERM),
    the workers are stopped before the exception goes on."""
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
    chunks = _chunks(units, max(1, len(units) // (jobs * 8)))
    with _Pools(rules, config) as pools:
        pool = pools.new(min(jobs, len(units)))
        futures = [pool.submit(_check_in_worker, [(u.path, u.part) for u in chunk]) for chunk in chunks]
        # By index, not zip(): a future keeps its result, and zip keeps its last tuple.
        for index in range(len(chunks)):
            try:
                results = futures[index].result()
            except Exception:  # the pool broke (a worker died) or a result could not come back
                yield from pools.recover(list(zip(chunks[index:], futures[index:], strict=True)), jobs)
                return
            futures[index] = None  # let the result go once it is taken
            for unit, result in zip(chunks[index], results, strict=True):
                yield unit, result
            results = result = None


def _chunks(units: Sequence[WorkUnit], count: int) -> list[list[WorkUnit]]:
    """Units in chunks for the workers, in order: `count` units a chunk, but no more bytes than
    a range of a big file (a chunk's results come back at once, several times its size)."""
    chunks: list[list[WorkUnit]] = []
    size = 0
    for unit in units:
        if not chunks or len(chunks[-1]) >= count or size + unit.size > MAX_RANGE_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(unit)
        size += unit.size
    return chunks


class _Pools:
    """The worker pools of one parallel run; leaving the block stops every worker still running."""

    def __init__(self, rules: Sequence[Rule], config: Config) -> None:
        self.rules, self.config = rules, config
        self.pools: list = []

    def __enter__(self) -> _Pools:
        return self

    def new(self, workers: int):
        """A pool of `workers` forked processes holding the rules and config."""
        # Imported here: a run over one file (a pre-commit hook) never needs a pool, and
        # multiprocessing brings socket, selectors and more (about 10 ms).
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        # fork keeps start-up cheap: compiled rules are inherited, not pickled per task.
        context = get_context("fork") if sys.platform != "win32" else None
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.rules, self.config, os.getpid()),
        )
        self.pools.append(pool)
        return pool

    def recover(self, pending: list, jobs: int) -> Iterator[tuple[WorkUnit, FileResult]]:
        """The results of (chunk, future) pairs of a broken pool, in order: chunks whose
        results came back as they are, the units of the others checked again one a process."""
        from concurrent.futures import wait

        wait([future for _, future in pending])  # a broken pool fails every pending future at once
        kept: list[tuple[WorkUnit, FileResult | None]] = []
        for chunk, future in pending:
            results = None if future.exception() is not None else future.result()
            kept.extend(zip(chunk, results, strict=True) if results is not None else ((unit, None) for unit in chunk))
        retried = iter(self.isolated([unit for unit, result in kept if result is None], jobs))
        for unit, result in kept:
            yield (unit, result) if result is not None else next(retried)

    def isolated(self, units: Sequence[WorkUnit], jobs: int) -> Iterator[tuple[WorkUnit, FileResult]]:
        """Check each unit in a one-worker pool of its own (up to `jobs` at a time), in order;
        a unit whose worker is lost again is reported instead of checked."""
        from concurrent.futures import FIRST_COMPLETED, wait

        done: dict[int, FileResult] = {}
        running: dict = {}  # future -> (position, pool)
        following = 0
        for position, unit in enumerate(units):
            while len(running) >= jobs:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                self._collect(finished, running, units, done)
                while following in done:
                    yield units[following], done.pop(following)
                    following += 1
            pool = self.new(1)
            running[pool.submit(_check_in_worker, [(unit.path, unit.part)])] = (position, pool)
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            self._collect(finished, running, units, done)
        while following in done:
            yield units[following], done.pop(following)
            following += 1

    def _collect(self, finished, running: dict, units: Sequence[WorkUnit], done: dict[int, FileResult]) -> None:
        for future in finished:
            position, pool = running.pop(future)
            unit = units[position]
            try:
                (done[position],) = future.result()
            except Exception as exc:
                what = f"{_part_name(unit.part)} of this file" if unit.part is not None else "this file"
                message = f"the worker process checking {what} was lost twice ({describe(exc)}: killed, or out of memory?); it was not checked"
                done[position] = FileResult(
                    unit.path, 0, (internal_error(unit.path, message, line=unit.part.first_line if unit.part else 1),)
                )
            pool.shutdown(wait=True)
            self.pools.remove(pool)

    def __exit__(self, kind, exc, tb) -> None:
        for pool in self.pools:
            if kind is not None:  # interrupted or failed: do not wait for the work in hand
                # (ProcessPoolExecutor has no public way to stop running workers before 3.14.)
                for process in list((getattr(pool, "_processes", None) or {}).values()):
                    process.terminate()
            pool.shutdown(wait=True, cancel_futures=True)


def check_files(
    files: Sequence[str], rules: Sequence[Rule], config: Config, jobs: int = 0, stdin_name: str = "<stdin>"
) -> Iterator[FileResult]:
    """Check files, in parallel when jobs != 1 and there is enough work; results in input order."""
    units = work_units(files, jobs or os.cpu_count() or 1)
    yield from merge_parts(result for _, result in check_units(units, rules, config, jobs, stdin_name))


def all_findings(results: Iterable[FileResult], rules: Sequence[Rule] = ()) -> list[Finding]:
    """Every finding of the results in report order, with the corpus rules' findings when `rules` are given."""
    with FindingSpool(limit=sys.maxsize) as spool:
        collect(results, rules, spool)
        return list(spool)


def collect(
    results: Iterable[FileResult],
    rules: Sequence[Rule],
    spool: FindingSpool,
    corpus_phase: contextlib.AbstractContextManager[None] | None = None,
) -> tuple[int, list[str]]:
    """Add the findings of the results (as they come: a run's results are never all held)
    and then those of the corpus rules among `rules` to the spool; (documents, paths checked).

    Only the corpus signatures of the documents are kept until every result is in (the
    corpus pass needs them all); `corpus_phase` times the pass (--profile)."""
    documents = 0
    paths: list[str] = []
    with corpus.SignatureStore(rules) as signed:  # packed, and on disk past a few dozen MB
        for result in results:
            documents += result.documents
            if not paths or paths[-1] != result.path:  # the ranges of one file follow each other
                paths.append(result.path)
            spool.add(result.findings)
            signed.extend(result.signatures)
        if any(r.corpus for r in rules):  # the corpus pass runs once every document has been read
            if spool.spilled:  # a big run: the findings in hand go to disk before the corpus pass
                spool.flush()
            with corpus_phase or contextlib.nullcontext():
                try:
                    spool.add(corpus.corpus_findings(rules, signed))
                except Exception as exc:  # the per-document findings are still worth reporting
                    spool.add(
                        [
                            internal_error(
                                paths[0] if paths else "<corpus>",
                                f"the corpus checks failed with {describe(exc)}; duplicates across documents were not looked for",
                            )
                        ]
                    )
    return documents, paths


def lint_documents(
    items: Iterable[Document | ReadProblem], rules: Sequence[Rule], config: Config, shown: str | None = None
) -> list[Finding]:
    """Lint already-read documents (used by the Python API on strings)."""
    findings: list[Finding] = []
    for item in items:
        findings.extend(lint_item(item, rules, report_unused=config.report_unused_suppressions).findings)
    if shown is not None:
        from dataclasses import replace

        findings = [replace(f, path=shown) for f in findings]
    return sorted(findings, key=Finding.sort_key)
