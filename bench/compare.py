"""Compare the work tree with another commit: instructions, system time and findings.

    python bench/compare.py                  # the work tree against HEAD
    python bench/compare.py --base 094b6aa   # against any commit

Seconds on a shared machine move by 10-30% from run to run and from day to day, more than
most changes gain. So each side runs once under valgrind's callgrind, which counts the
instructions the process executes: the same count on every run, whatever else the machine
is doing. Callgrind sees user space only, so the system time of a plain run is shown too
(system calls, such as a clock read per regex call, cost time there). Each side also checks
the same files without valgrind, and the findings of the two sides are compared: a speed-up
should find the same.

The inputs are small (default 100 generated articles as .txt, .md, .md wrapped at 78
columns and .html, and the first 200 BBC articles of ../shared/corpus when it is there),
because callgrind runs about 50 times slower than the program.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile

from run import as_format, generate, write_bbc_articles

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions_from(stderr: str) -> int | None:
    """The instruction count callgrind reports on stderr ('Collected : N'), None if absent."""
    found = _COLLECTED.search(stderr)
    return int(found.group(1)) if found else None


def change(base: float, now: float) -> str:
    """now relative to base, as a signed percentage."""
    return f"{(now - base) / base:+.1%}" if base else "n/a"


def inputs(work: str, docs: int) -> list[tuple[str, str, list[str]]]:
    """(label, path, extra newslint options) of every input, written under `work`."""
    txt = os.path.join(work, "txt")
    generate("txt", txt, "--docs", str(docs))
    found = [
        (f"{docs} generated .txt", txt, []),
        (f"{docs} generated .txt, --no-corpus", txt, ["--no-corpus"]),
        (f"{docs} generated .md, --no-corpus", as_format(txt, os.path.join(work, "md"), "md"), ["--no-corpus"]),
        (
            f"{docs} generated .md wrapped at 78, --no-corpus",
            as_format(txt, os.path.join(work, "md-wrapped"), "md", 78),
            ["--no-corpus"],
        ),
        (f"{docs} generated .html, --no-corpus", as_format(txt, os.path.join(work, "html"), "html"), ["--no-corpus"]),
    ]
    bbc = write_bbc_articles(os.path.join(work, "bbc"), limit=2 * docs)
    if bbc:
        found.insert(1, (f"{2 * docs} BBC articles .txt", bbc, []))
    return found


def side_env(root: str, cache: str) -> dict[str, str]:
    """The environment that runs the newslint of `root` (ahead of the installed one) with its own rule cache."""
    # A fixed hash seed: set and dict orders, and so the instruction count, vary with it.
    env = dict(os.environ, PYTHONPATH=root, NEWSLINT_CACHE_DIR=cache, PYTHONHASHSEED="0")
    env.pop("NEWSLINT_NO_CACHE", None)
    return env


def imported_from(root: str, cache: str) -> str:
    """Where the newslint that a side runs is imported from (it must be under `root`)."""
    os.makedirs(cache, exist_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", "import newslint; print(newslint.__file__)"],
        env=side_env(root, cache),
        cwd=cache,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def rule_options(root: str, cache: str) -> list[str]:
    """The options that make a side run its own rules. An editable install maps the package
    newslint.rules to the rules/ of the checkout it was made from, so a side whose rules
    live at its top (rules/, not newslint/rules/) would get that checkout's: it is given a
    config that loads its own rules/ instead of the built-in packs."""
    if not os.path.isdir(os.path.join(root, "rules")) or os.path.isdir(os.path.join(root, "newslint", "rules")):
        return ["--isolated"]
    os.makedirs(cache, exist_ok=True)
    config = os.path.join(cache, "newslint.toml")
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(f"builtin-rules = false\nrule-dirs = [{json.dumps(os.path.join(root, 'rules'))}]\n")
    return ["--config", config]


def measure(root: str, cache: str, path: str, extra: list[str]) -> dict:
    """Findings and system seconds of one plain run, and instructions of one callgrind run."""
    command = [
        sys.executable,
        "-m",
        "newslint",
        "check",
        *rule_options(root, cache),
        "-j",
        "1",
        "-f",
        "json",
        *extra,
        path,
    ]
    # Run from the cache directory: `python -m` puts the working directory first on sys.path,
    # where a checkout's own newslint would shadow PYTHONPATH's.
    run = {"env": side_env(root, cache), "cwd": cache, "capture_output": True, "text": True}
    subprocess.run(command, **run)  # warms the rule cache
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    plain = subprocess.run(command, **run)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    traced = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command], **run)
    return {
        "findings": plain.stdout,
        "count": len(json.loads(plain.stdout)) if plain.stdout.strip().startswith("[") else None,
        "sys": after.ru_stime - before.ru_stime,
        "instructions": instructions_from(traced.stderr),
    }


def main(argv: list[str] | None = None) -> int:
    """Measure both sides on every input and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="HEAD", help="commit to compare the work tree with (default HEAD)")
    parser.add_argument(
        "--docs", type=int, default=100, help="generated articles (default 100; BBC articles: twice that)"
    )
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("compare.py needs valgrind (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="newslint-compare-")
    base_root = os.path.join(work, "base")
    subprocess.run(
        ["git", "-C", ROOT, "worktree", "add", "--detach", base_root, args.base], check=True, capture_output=True
    )
    try:
        import compileall

        for root in (ROOT, base_root):  # both read cached bytecode, as installs do
            compileall.compile_dir(os.path.join(root, "newslint"), quiet=1)
        for root, cache in ((ROOT, "cache-now"), (base_root, "cache-base")):
            where = imported_from(root, os.path.join(work, cache))
            if not where.startswith(os.path.join(root, "newslint")):
                print(f"the side at {root} imports newslint from {where or 'nowhere'}", file=sys.stderr)
                return 2
        print(f"work tree of {ROOT} against {args.base}; inputs in {work}", file=sys.stderr)
        rows = [
            "| input | base M instructions | now M instructions | change | base sys s | now sys s | findings |\n",
            "|---|---:|---:|---:|---:|---:|---|\n",
        ]
        for label, path, extra in inputs(work, args.docs):
            print(label, file=sys.stderr)
            base = measure(base_root, os.path.join(work, "cache-base"), path, extra)
            now = measure(ROOT, os.path.join(work, "cache-now"), path, extra)
            same = "same" if base["findings"] == now["findings"] else f"DIFFER ({base['count']} -> {now['count']})"
            if base["instructions"] is None or now["instructions"] is None:
                counts = ["n/a", "n/a", "n/a"]
            else:
                counts = [
                    f"{base['instructions'] / 1e6:,.0f}",
                    f"{now['instructions'] / 1e6:,.0f}",
                    change(base["instructions"], now["instructions"]),
                ]
            rows.append(f"| {label} | {' | '.join(counts)} | {base['sys']:.2f} | {now['sys']:.2f} | {same} |\n")
        print("".join(rows))
    finally:
        subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", base_root], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
