"""The `newslint` command line: check, rules, kinds, docs, explain, test-rules, new-rule."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from newslint import __version__
from newslint.config import Config, ConfigError, find_config, load_config
from newslint.finding import Severity
from newslint.kinds.python import ALLOW_ENV
from newslint.rule import Rule, RuleError
from newslint.ruleset import Selection

if TYPE_CHECKING:
    from newslint.runner import FileResult

NO_REPO_RULES_ENV = "NEWSLINT_NO_REPO_RULES"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# Part of the input could not be checked (unreadable or broken input, a rule that crashed or
# timed out, a lost worker): the report is complete for the rest, but never "clean" and
# never mistaken for findings. The same status as a usage or config error.
EXIT_INCOMPLETE = EXIT_ERROR
# Stopped by a signal: 128 + its number, as a shell reports it.
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class Terminated(BaseException):
    """SIGTERM arrived (`timeout`, `docker stop`, a cancelled CI job): stop like Ctrl-C does."""


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _size(value: str) -> int:
    from newslint.config import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    from newslint.report import FORMAT_NAMES

    parser = argparse.ArgumentParser(
        prog="newslint",
        description="Lint news and article text for scraping artifacts, repetition, garbled footnotes and suspicious attributions.",
    )
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--config",
            metavar="FILE",
            help="config file (default: nearest pyproject.toml [tool.newslint], .newslint.yaml or newslint.toml)",
        )
        p.add_argument("--isolated", action="store_true", help="ignore every config file")
        p.add_argument(
            "--select",
            type=_csv,
            default=[],
            metavar="RULES",
            help="comma-separated rule ids or packs to run (replaces the config's)",
        )
        p.add_argument("--extend-select", type=_csv, default=[], metavar="RULES", help="rule ids or packs to add")
        p.add_argument("--ignore", type=_csv, default=[], metavar="RULES", help="rule ids or packs to skip")
        trust(p)

    def trust(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--allow-python-rules",
            action="store_true",
            help=f"let python rules of the config's rule-dirs import and run their code (also {ALLOW_ENV}=1); see docs/security.md",
        )
        p.add_argument(
            "--no-repo-rules",
            action="store_true",
            help=f"ignore the config's rule-dirs and python rules: for CI on forks and other untrusted content (also {NO_REPO_RULES_ENV}=1)",
        )

    check = sub.add_parser("check", help="check files, directories or stdin (-)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .); - reads stdin")
    common(check)
    check.add_argument("-f", "--format", choices=FORMAT_NAMES, default="text", help="output format (default: text)")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    check.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help="lowest severity that makes the exit status 1 (default: warning)",
    )
    check.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (not when part of the input could not be checked: that is 2)",
    )
    check.add_argument("--statistics", action="store_true", help="print counts per rule to stderr")
    check.add_argument(
        "--force-exclude", action="store_true", help="apply the exclude globs to files named on the command line too"
    )
    check.add_argument(
        "--follow-links",
        action="store_true",
        help="follow symbolic links that lead out of the checked tree (by default they are reported and not read)",
    )
    check.add_argument(
        "--stdin-filename",
        default="<stdin>",
        metavar="NAME",
        help="path to report for stdin (its extension picks the format)",
    )
    check.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="worker processes (default: all cores)")
    check.add_argument(
        "--report-unused-suppressions", action="store_true", help="report inline suppressions that silenced nothing"
    )
    check.add_argument(
        "--ignore-inline-suppressions",
        action="store_true",
        help="ignore every suppression written in the files themselves (comments, front matter, record fields); by default only Markdown and text files may use them",
    )
    check.add_argument(
        "--max-document-bytes",
        type=_size,
        metavar="SIZE",
        help="the largest document checked (a file, or one record of a dataset), e.g. 64MiB; 0: no limit (default: the config's max-document-bytes, else 16MiB). A bigger one is reported as an input error",
    )
    check.add_argument(
        "--profile", action="store_true", help="print time per phase and per rule to stderr (runs in one process)"
    )
    check.add_argument(
        "--no-corpus",
        dest="corpus",
        action="store_false",
        help="skip the corpus-wide checks (duplicate headlines and articles across documents)",
    )
    check.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask cluster (scheduler address, or 'local' for a local cluster); needs newslint[dask]",
    )

    rules = sub.add_parser("rules", help="list the rules")
    common(rules)
    rules.add_argument("-f", "--format", choices=["text", "json"], default="text")

    kinds = sub.add_parser("kinds", help="list the check kinds and their YAML parameters")
    kinds.add_argument("kind", nargs="?", metavar="KIND", help="one kind (default: all)")

    docs = sub.add_parser(
        "docs",
        help="write the reference docs (rules.md, kinds.md, rule.schema.json) generated from the built-in rules and kinds",
    )
    docs.add_argument(
        "outdir", nargs="?", default="docs", metavar="OUTDIR", help="directory to write them to (default: docs)"
    )
    docs.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when a file in OUTDIR is missing or out of date"
    )

    explain = sub.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("rule", metavar="RULE")
    common(explain)

    test = sub.add_parser("test-rules", help="run every rule's inline examples and case files")
    test.add_argument("dirs", nargs="*", metavar="DIR", help="rule directories (default: the configured rules) ")
    test.add_argument(
        "--cases",
        action="append",
        default=[],
        metavar="DIR",
        help="directory of <rule-id>.yaml case files (repeatable)",
    )
    common(test)

    new = sub.add_parser("new-rule", help="write a rule skeleton and its case file")
    new.add_argument("name", metavar="PACK/NAME", help="rule to create, e.g. newsroom/wire-credit")
    new.add_argument(
        "--kind",
        required=True,
        metavar="KIND",
        help="check kind: line, pattern, substitution, consistency, duplicate, metric, python, ...",
    )
    new.add_argument(
        "--dir", metavar="DIR", help="rule directory (default: the config's first rule-dirs entry, else ./rules)"
    )
    new.add_argument("--config", metavar="FILE", help="config file whose rule-dirs gives the default --dir")
    new.add_argument("--isolated", action="store_true", help="ignore every config file")
    return parser


def _error(message: str) -> int:
    print(f"newslint: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _load(args: argparse.Namespace) -> Config:
    if args.isolated:
        config = Config(root=os.getcwd())
    else:
        config = load_config(args.config or find_config())
    return _trusted(config, args)


def _trusted(config: Config, args: argparse.Namespace) -> Config:
    """The config with what only the person running newslint decides (docs/security.md)."""
    from dataclasses import replace

    if getattr(args, "no_repo_rules", False) or os.environ.get(NO_REPO_RULES_ENV, "").strip().lower() in (
        "1",
        "true",
        "yes",
    ):
        return replace(config, rule_dirs=(), allow_python_rules=False, no_repo_rules=True)
    return replace(config, allow_python_rules=getattr(args, "allow_python_rules", False))


def _rules(args: argparse.Namespace, config: Config) -> list[Rule]:
    from newslint.runner import build_rules

    extra = None
    if args.select or args.extend_select or args.ignore:
        select = tuple(args.select)
        extra = Selection(select=select, extend_select=tuple(args.extend_select), ignore=tuple(args.ignore))
    rules, errors = build_rules(config, extra)
    if errors:
        raise RuleErrors(errors)
    return rules


class RuleErrors(Exception):
    """Several rule errors, all reported before exiting with status 2."""

    def __init__(self, errors: Sequence[RuleError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


def _run(
    args: argparse.Namespace, files: list[str], rules: list[Rule], config: Config, profiler, spool
) -> tuple[int, list[str]]:
    """Check the files (parallel or profiled, or on Dask), every finding into `spool`; (documents, files checked)."""
    import contextlib

    from newslint import corpus, profile
    from newslint.runner import check_units, collect, work_units

    # A lone article has no corpus to compare against, and the MinHash libraries cost
    # half a second to import: skip the corpus rules for it.
    run_rules = rules if args.corpus and corpus.worth_running(files) else [r for r in rules if not r.corpus]
    if args.dask:
        from newslint.dask import check_on_dask  # ImportError: handled by the caller

        findings, documents, checked = check_on_dask(files, run_rules, config, args.dask)
        spool.add(findings)
        return documents, checked
    results: Iterable[FileResult]
    if profiler:
        results = profile.check_files(files, run_rules, config, profiler, stdin_name=args.stdin_filename)
    else:
        from newslint.progress import progress

        # Progress counts bytes per unit of work: a huge JSONL file moves it range by range.
        units = work_units(files, args.jobs or os.cpu_count() or 1)
        checking = check_units(units, run_rules, config, jobs=args.jobs, stdin_name=args.stdin_filename)
        shown = progress(
            checking,
            sum(u.size for u in units),
            documents=lambda done: done[1].documents,
            size=lambda done: done[0].size,
            unit="bytes",
        )
        results = (result for _, result in shown)
    return collect(results, run_rules, spool, profiler.phase("corpus") if profiler else contextlib.nullcontext())


def _write(report: Iterable[str], output: str | None) -> None:
    """The report, as it comes in pieces, to a file (-o) or stdout; OSError is the caller's to report.

    The file is written beside its final name and renamed over it, so a reader never sees
    half a report and a run that stops early leaves the previous one as it was."""
    if output:
        import tempfile

        directory = os.path.dirname(os.path.abspath(output))
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(output)}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(report)
            # mkstemp makes the file private (0600): give it the mode a plain open() would.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, output)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    else:
        sys.stdout.writelines(report)
        sys.stdout.flush()


def _gate_results(gates: Sequence, findings: Iterable, documents: int) -> list:
    """newslint.gates.evaluate in one pass over the findings, holding none of them."""
    from newslint.gates import GateResult
    from newslint.suppressions import rule_matches

    if not gates:
        return []
    counts = [0] * len(gates)
    flagged: list[set] = [set() for _ in gates]
    matching: dict[str, list[int]] = {}  # rule id -> the gates it counts for
    for finding in findings:
        which = matching.get(finding.rule)
        if which is None:
            which = matching[finding.rule] = [
                i for i, gate in enumerate(gates) if rule_matches(gate.selector, finding.rule)
            ]
        for i in which:
            counts[i] += 1
            flagged[i].add((finding.path, finding.record))
    return [GateResult(gate, documents, len(flagged[i]), counts[i]) for i, gate in enumerate(gates)]


def cmd_check(args: argparse.Namespace) -> int:
    """`newslint check`."""
    # Imported here, not at the top: `newslint rules` and pre-commit start-up stay lean.
    import contextlib
    from dataclasses import replace

    from newslint import gates, profile
    from newslint.report import ReportContext, report_pieces
    from newslint.runner import collect_files
    from newslint.spool import FindingSpool

    config = _load(args)
    rules = _rules(args, config)
    fail_on = Severity.parse(args.fail_on) if args.fail_on else config.fail_on
    if args.report_unused_suppressions:
        config = replace(config, report_unused_suppressions=True)
    if args.ignore_inline_suppressions:
        config = replace(config, read=replace(config.read, inline_suppressions="none"))
    if args.max_document_bytes is not None:
        config = replace(config, read=replace(config.read, max_document_bytes=args.max_document_bytes))
    missing = [p for p in args.paths if p != "-" and not os.path.exists(p)]
    if missing:  # a mistyped path is a usage error, not a finding (ruff and flake8 agree)
        return _error(f"no such file or directory: {', '.join(missing)}")
    if args.jobs < 0:
        return _error("--jobs must be 0 (all cores) or more")
    # Links may lead into the directories named here too (besides the config's and the working directory).
    named = tuple(p for p in args.paths if p != "-" and os.path.isdir(p))
    config = replace(config, follow_links=args.follow_links, link_roots=named)
    files = collect_files(args.paths or ["."], config, force_exclude=args.force_exclude)
    profiler = profile.Profile() if args.profile else None
    # The findings go to disk in sorted runs once there are many, and the report is written
    # from them piece by piece: memory does not grow with the findings of a big run.
    with FindingSpool() as spool:
        try:
            documents, checked = _run(args, files, rules, config, profiler, spool)
        except ImportError as exc:
            if not args.dask:
                raise
            return _error(f"--dask needs the dask extra: pip install 'newslint[dask]' ({exc})")
        with profiler.phase("output") if profiler else contextlib.nullcontext():
            context = ReportContext(rules=rules, files=checked, documents=documents, version=__version__)
            try:
                _write(report_pieces(args.format)(spool, context), args.output)
            except OSError as exc:
                return _error(f"cannot write {args.output}: {exc.strerror or exc}")
        gate_results = _gate_results(config.gates, spool, documents)
    tally = spool.tally
    if profiler:
        profiler.print(sys.stderr)
    if args.statistics:
        for rule_id, count in sorted(tally.count.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"{count:6d}  {rule_id}", file=sys.stderr)
        print(f"{len(tally):6d}  findings in {documents} documents from {len(checked)} files", file=sys.stderr)
    if gate_results:
        print(gates.render_table(gate_results), end="", file=sys.stderr)
    if any(rule.startswith("newslint.") and worst >= Severity.ERROR for rule, worst in tally.worst.items()):
        # Input errors, rules that crashed or timed out, a lost worker: part of the data was
        # not checked (gates.unchecked). No gate can vouch for that, and --exit-zero only
        # forgives findings.
        return EXIT_INCOMPLETE
    if args.exit_zero:
        return EXIT_CLEAN
    if gate_results:
        return EXIT_CLEAN if all(g.passed for g in gate_results) else EXIT_FINDINGS
    return EXIT_FINDINGS if any(worst >= fail_on for worst in tally.worst.values()) else EXIT_CLEAN


def cmd_rules(args: argparse.Namespace) -> int:
    """`newslint rules`."""
    rules = _rules(args, _load(args))
    if args.format == "json":
        data = [
            {
                "id": r.id,
                "kind": r.kind_name,
                "severity": r.severity.label,
                "scope": r.scope,
                "summary": r.summary,
                "path": r.path,
            }
            for r in rules
        ]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_CLEAN
    width = max((len(r.id) for r in rules), default=0)
    for r in rules:
        print(f"{r.id.ljust(width)}  {r.severity.label:<7}  {r.summary}")
    return EXIT_CLEAN


def cmd_kinds(args: argparse.Namespace) -> int:
    """`newslint kinds [KIND]`: the parameter reference, generated from the kinds themselves."""
    from newslint.explain import explain_kind
    from newslint.kinds import KINDS

    if args.kind and args.kind not in KINDS:
        return _error(f"no kind {args.kind!r}; the kinds are: {', '.join(sorted(KINDS))}")
    print("\n".join(explain_kind(name) for name in ([args.kind] if args.kind else sorted(KINDS))), end="")
    return EXIT_CLEAN


def cmd_docs(args: argparse.Namespace) -> int:
    """`newslint docs [--check] [OUTDIR]` (newslint/docgen.py)."""
    from newslint import docgen

    return docgen.main(args.outdir, args.check)


def cmd_explain(args: argparse.Namespace) -> int:
    """`newslint explain RULE`."""
    from newslint.explain import explain
    from newslint.runner import load_configured_rules

    config = _load(args)
    rules, errors = load_configured_rules(config)
    match = [r for r in rules if r.id == args.rule]
    if not match:
        if errors:
            raise RuleErrors(errors)
        close = [r.id for r in rules if args.rule in r.id]
        hint = f"; did you mean: {', '.join(close[:5])}" if close else "; `newslint rules` lists them"
        return _error(f"no rule {args.rule!r}{hint}")
    print(explain(match[0]), end="")
    return EXIT_CLEAN


def cmd_test_rules(args: argparse.Namespace) -> int:
    """`newslint test-rules [DIR]`: inline examples and case files, reported like a test runner."""
    from dataclasses import replace

    from newslint.ruleset import rule_files
    from newslint.testing import run_all

    config = _load(args)
    if args.dirs:
        # Test the directory's rules as written: the config's selection and overrides name
        # rules (often built-in ones) that are not loaded here and would be errors. Opt-in
        # rules (enabled: false) are tested too, as the pytest plugin does: naming a rule by
        # its id selects it.
        dirs = tuple(os.path.abspath(d) for d in args.dirs)
        every = tuple(rule_id for d in dirs if os.path.isdir(d) for _, rule_id in rule_files(d))
        config = replace(
            config, builtin_rules=False, rule_dirs=dirs, selection=Selection(extend_select=every), rule_overrides=()
        )
    rules = _rules(args, config)
    case_dirs = list(args.cases)
    for d in args.dirs:
        for candidate in (os.path.join(d, "cases"), os.path.join(d, "tests", "cases")):
            if os.path.isdir(candidate):
                case_dirs.append(candidate)
    results = run_all(rules, case_dirs)
    failed = [r for r in results if not r.passed]
    for r in failed:
        print(f"FAILED {r.rule} :: {r.name} ({r.source})\n    {r.detail}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def cmd_new_rule(args: argparse.Namespace) -> int:
    """`newslint new-rule PACK/NAME --kind KIND [--dir DIR]`."""
    from newslint.scaffold import ScaffoldError, new_rule

    directory = args.dir
    if directory is None:
        config = _load(args)
        directory = os.path.relpath(config.rule_dirs[0]) if config.rule_dirs else "rules"
    try:
        written = new_rule(args.name, args.kind, directory)
    except ScaffoldError as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(f"cannot write the rule: {exc}")
    print(f"wrote {written.rule}\nwrote {written.cases}")
    allow = (
        " --allow-python-rules" if args.kind == "python" else ""
    )  # its code runs only when allowed (docs/security.md)
    print(f"next: replace the TODOs, then run `newslint test-rules {directory}{allow}`")
    return EXIT_CLEAN


COMMANDS = {
    "check": cmd_check,
    "rules": cmd_rules,
    "kinds": cmd_kinds,
    "docs": cmd_docs,
    "explain": cmd_explain,
    "test-rules": cmd_test_rules,
    "new-rule": cmd_new_rule,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    previous = _stop_on_sigterm()
    try:
        return COMMANDS[args.command](args)
    except ConfigError as exc:
        return _error(str(exc))
    except RuleErrors as exc:
        for error in exc.errors:
            print(f"newslint: rule error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except RuleError as exc:
        return _error(str(exc))
    except BrokenPipeError:
        return EXIT_CLEAN
    except KeyboardInterrupt:
        print("newslint: interrupted; no report was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("newslint: terminated; no report was written", file=sys.stderr)
        return EXIT_TERMINATED
    except Exception:  # a bug in newslint: say so, and never exit 1 (which means findings)
        import traceback

        traceback.print_exc()
        print(
            f"newslint {__version__}: internal error (a bug; please report it with the traceback above)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        _restore_sigterm(previous)


def _stop_on_sigterm():
    """Turn SIGTERM into the Terminated exception (main thread only), so that the workers are
    stopped and no partial report is written; returns the handler it replaced."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        return None

    def stop(signum: int, frame: object) -> None:
        raise Terminated(signum)

    return signal.signal(signal.SIGTERM, stop)


def _restore_sigterm(previous) -> None:
    if previous is not None:
        import signal

        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
