"""Benchmark newslint against proselint and a floor, on generated articles; writes bench/RESULTS.md.

    python bench/run.py                 # the full run (several minutes)
    python bench/run.py --quick         # small sizes, to check the harness

Every measurement runs in a fresh child process (`--child NAME ...`) that times its own work
(after imports) and reports its peak RSS, so numbers do not leak into each other. The floor
is reading every file plus one regex pass: newslint's throughput is reported as a ratio to
it and to proselint (run in-process through its Python API over the same files).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

CORPUS_RULES = "repetition.duplicate-headline-corpus,repetition.near-duplicate-article,repetition.cross-article-teaser"


def peak_mb() -> float:
    """Peak resident memory of this process in MB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def files_under(path: str) -> list[str]:
    """Every file under a directory (or the file itself), sorted."""
    if os.path.isfile(path):
        return [path]
    return sorted(os.path.join(d, n) for d, _, names in os.walk(path) for n in names)


# --- children: each prints one JSON object ---------------------------------------------


def child_floor(path: str) -> dict:
    """Read every file and run one regex over it: the least any linter must do."""
    pattern = re.compile(r"Skip to content|Read also|\[\d+\]|\.\.\.$", re.M)
    start = time.perf_counter()
    size = hits = 0
    for name in files_under(path):
        with open(name, encoding="utf-8") as handle:
            text = handle.read()
        size += len(text.encode("utf-8"))
        hits += len(pattern.findall(text))
    return {"seconds": time.perf_counter() - start, "bytes": size, "hits": hits}


def child_newslint(path: str, jobs: int, *extra: str) -> dict:
    """newslint check over the path (report written to /dev/null), timed after imports."""
    from newslint.cli import main

    size = sum(os.path.getsize(f) for f in files_under(path))
    start = time.perf_counter()
    status = main(["check", "--isolated", "-j", str(jobs), "-f", "json", "-o", os.devnull, "--exit-zero", *extra, path])
    return {"seconds": time.perf_counter() - start, "bytes": size, "status": status}


def child_proselint(path: str) -> dict:
    """proselint's own Python API (LintFile.lint, as its CLI runs it) over the same files."""
    from pathlib import Path

    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    config = dict(DEFAULT, max_errors=10**9)  # do not stop at its default error cap
    files = files_under(path)
    start = time.perf_counter()
    errors = sum(len(LintFile(Path(f)).lint(config)) for f in files)
    return {"seconds": time.perf_counter() - start, "bytes": sum(os.path.getsize(f) for f in files), "errors": errors}


CHILDREN = {"floor": child_floor, "newslint": child_newslint, "proselint": child_proselint}


def run_child(name: str, *args: str) -> dict:
    """Run one measurement in a fresh interpreter; its JSON result plus its peak memory."""
    out = subprocess.run([sys.executable, __file__, "--child", name, *args], capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the benchmark ------------------------------------------------------------------------


def machine() -> dict:
    """CPU model, cores, Python, load: what the numbers were measured on."""
    model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), model)
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load": os.getloadavg(),
        "commit": commit or "unknown",
    }


def generate(kind: str, target: str, *args: str) -> dict:
    """Run bench/generate.py; its JSON summary."""
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "generate.py"), f"--{kind}", target, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def compile_package() -> None:
    """Write newslint's bytecode once, as installing it does. With PYTHONDONTWRITEBYTECODE set
    (or a read-only checkout) an editable install would compile its sources on every timed run."""
    import compileall

    import newslint

    compileall.compile_dir(os.path.dirname(newslint.__file__), quiet=1)


def latency(command: list[str], runs: int) -> float:
    """Median wall time in ms of a command, interpreter start included."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def profile_rules(path: str, top: int) -> list[tuple[str, float, str]]:
    """(rule, seconds, share) of the slowest rules from `newslint check --profile -j1`."""
    out = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--isolated", "--profile", "-f", "json", "-o", os.devnull, path],
        capture_output=True,
        text=True,
    )
    rows = []
    in_rules = False
    for line in out.stderr.splitlines():
        if line.strip().startswith("rule "):
            in_rules = True
            continue
        parts = line.split()
        if in_rules and len(parts) == 3:
            rows.append((parts[0], float(parts[1]), parts[2]))
        elif (
            not in_rules
            and len(parts) == 3
            and parts[0] in ("read", "parse", "read+parse", "rules", "corpus-signatures", "corpus", "output")
        ):
            rows.append(("phase:" + parts[0], float(parts[1]), parts[2]))
    return rows[: top + 6]


def mbps(result: dict) -> str:
    if "error" in result:
        return "failed: " + result["error"][:60]
    return f"{result['bytes'] / 1e6 / result['seconds']:.2f}"


def throughput_table(path: str, documents: int) -> list[str]:
    """Markdown rows: the floor, newslint at one and all cores, proselint, on the same files."""
    rows = [("floor (read + one regex)", run_child("floor", path))]
    rows.append(("newslint --jobs 1", run_child("newslint", path, "1")))
    rows.append(("newslint --jobs 1 --no-corpus", run_child("newslint", path, "1", "--no-corpus")))
    rows.append((f"newslint --jobs {os.cpu_count()}", run_child("newslint", path, str(os.cpu_count()))))
    rows.append(("proselint (1 process)", run_child("proselint", path)))
    floor, prose = rows[0][1], rows[-1][1]
    lines = [
        "\n| tool | seconds | MB/s | documents/s | peak MB | x floor time | x proselint speed |\n|---|---:|---:|---:|---:|---:|---:|\n"
    ]
    for name, r in rows:
        if "error" in r:
            lines.append(f"| {name} | {mbps(r)} | | | | | |\n")
            continue
        ratio_floor = r["seconds"] / floor["seconds"] if "seconds" in floor else float("nan")
        ratio_prose = prose["seconds"] / r["seconds"] if "seconds" in prose else float("nan")
        lines.append(
            f"| {name} | {r['seconds']:.2f} | {mbps(r)} | {documents / r['seconds']:.0f} | {r['peak_mb']:.0f} | {ratio_floor:.1f} | {ratio_prose:.2f} |\n"
        )
    print("".join(lines), file=sys.stderr)
    return lines


def as_format(txt: str, target: str, extension: str, wrap: int = 0) -> str:
    """The .txt articles under `txt` rewritten as Markdown or HTML files (same words) under `target`.

    A plain article is already valid Markdown (first line as a `#` heading); `wrap` hard-wraps
    its paragraphs at that many columns, as many repositories keep them. HTML wraps the
    headline in <h1> and each paragraph in <p>, inside a page skeleton."""
    import html
    import textwrap

    for name in files_under(txt):
        with open(name, encoding="utf-8") as handle:
            headline, _, body = handle.read().partition("\n\n")
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        if wrap:
            paragraphs = [textwrap.fill(p, wrap, break_long_words=False, break_on_hyphens=False) for p in paragraphs]
        if extension == "md":
            text = f"# {headline}\n\n" + "\n\n".join(paragraphs) + "\n"
        else:
            text = (
                f"<!doctype html>\n<html><head><title>{html.escape(headline)}</title></head>\n<body><article>\n<h1>{html.escape(headline)}</h1>\n"
                + "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
                + "</article></body></html>\n"
            )
        out = os.path.join(target, os.path.relpath(name, txt))[: -len(".txt")] + "." + extension
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text)
    return target


def format_table(txt: str, work: str) -> list[str]:
    """Markdown rows: the same articles as .txt, .md and .html, at one core without the corpus pass."""
    lines = ["\n| input | MB | seconds | MB/s | parse seconds (`--profile`) |\n|---|---:|---:|---:|---:|\n"]
    for extension, wrap in (("txt", 0), ("md", 0), ("md", 78), ("html", 0)):
        name = f"{extension}-wrapped" if wrap else extension
        path = txt if extension == "txt" else as_format(txt, os.path.join(work, name), extension, wrap)
        result = run_child("newslint", path, "1", "--no-corpus")
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "newslint",
                "check",
                "--isolated",
                "-j",
                "1",
                "--no-corpus",
                "--profile",
                "-o",
                os.devnull,
                path,
            ],
            capture_output=True,
            text=True,
        )
        parse = sum(
            float(line.split()[1])
            for line in out.stderr.splitlines()
            if line.split()[:1] in (["parse"], ["read+parse"])
        )
        label = f".{extension}, wrapped at {wrap} columns" if wrap else f".{extension}"
        lines.append(
            f"| {label} | {result.get('bytes', 0) / 1e6:.1f} | {result.get('seconds', float('nan')):.2f} | {mbps(result)} | {parse:.2f} |\n"
        )
    print("".join(lines), file=sys.stderr)
    return lines


BBC = os.path.join(HERE, "..", "..", "shared", "corpus", "bbc-dev.jsonl.gz")


def write_bbc_articles(directory: str, limit: int | None = None) -> str | None:
    """The clean BBC articles of the shared corpus (the first `limit`) as .txt files (title,
    blank line, text), if the corpus is there."""
    import gzip
    import itertools

    if not os.path.exists(BBC):
        return None
    os.makedirs(directory, exist_ok=True)
    with gzip.open(BBC, "rt", encoding="utf-8") as records:
        for number, line in enumerate(itertools.islice(records, limit)):
            record = json.loads(line)
            with open(os.path.join(directory, f"{number:04d}.txt"), "w", encoding="utf-8") as handle:
                handle.write(record["title"] + "\n\n" + record["text"])
    return directory


def bbc_count(directory: str) -> int:
    """How many articles write_bbc_articles wrote."""
    return len(files_under(directory))


def main(argv: list[str] | None = None) -> int:
    """Run everything and write the results file."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:  # a measurement child: the rest are its arguments, options included
        name, *rest = argv[1:]
        result = CHILDREN[name](*[int(a) if a.isdigit() else a for a in rest])
        result["peak_mb"] = peak_mb()
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description="Benchmark newslint; writes bench/RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the harness in a minute")
    parser.add_argument("--docs", type=int, default=2000, help="articles in the throughput corpus (default 2000)")
    parser.add_argument(
        "--jsonl-mb", type=float, nargs="+", default=[20, 200], help="JSONL sizes (MB) for the memory test"
    )
    parser.add_argument(
        "--corpus-docs", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes for the corpus checks"
    )
    parser.add_argument("--runs", type=int, default=15, help="runs for the latency median")
    parser.add_argument("--workdir", help="where to generate data (default: a temporary directory)")
    parser.add_argument("--output", default=os.path.join(HERE, "RESULTS.md"))
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.jsonl_mb, args.corpus_docs, args.runs = 200, [2, 8], [1000, 3000], 3
    work = args.workdir or tempfile.mkdtemp(prefix="newslint-bench-")
    compile_package()
    info = machine()
    lines = [
        "# newslint benchmark results\n",
        f"`python bench/run.py{' --quick' if args.quick else ''}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {info['commit']}.\n",
        f"Machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, {info['platform']}. "
        f"Load average at start: {', '.join(f'{x:.2f}' for x in info['load'])} (the machine is shared: numbers are noisy).\n",
    ]

    print(f"generating {args.docs} articles in {work}", file=sys.stderr)
    txt = os.path.join(work, "txt")
    summary = generate("txt", txt, "--docs", str(args.docs))
    size = sum(os.path.getsize(f) for f in files_under(txt)) / 1e6
    lines.append(f"\n## Throughput: {args.docs} generated articles, {size:.1f} MB of .txt files\n")
    lines.append(f"Injected defects: {', '.join(f'{k} {v}' for k, v in summary['defects'].items())}.\n")
    lines += throughput_table(txt, args.docs)
    bbc = write_bbc_articles(os.path.join(work, "bbc"))
    if bbc:
        bbc_size = sum(os.path.getsize(f) for f in files_under(bbc)) / 1e6
        lines.append(
            f"\n## Throughput on real articles: the {bbc_count(bbc)} clean BBC articles of ../shared/corpus ({bbc_size:.1f} MB of .txt files)\n"
        )
        lines.append(
            "Real copy has more quotes, names and attributions than the generated articles; this is the corpus the issue's proselint figure (about 0.4 MB/s) comes from.\n"
        )
        lines += throughput_table(bbc, bbc_count(bbc))

    lines.append(
        "\n## Throughput by input format: the same generated articles as text, Markdown and HTML (`--jobs 1 --no-corpus`)\n"
    )
    lines.append(
        "Content repositories are mostly Markdown: parsing it (markdown-it-py, with source maps) costs more than reading text.\n"
    )
    lines += format_table(txt, work)

    lines.append(
        "\n## Time per phase and rule (`newslint check --profile`, one process)\n\n| phase or rule | seconds | share |\n|---|---:|---:|\n"
    )
    for rule, seconds, share in profile_rules(txt, 12):
        lines.append(f"| {rule} | {seconds:.3f} | {share} |\n")

    print("latency", file=sys.stderr)
    small = os.path.join(work, "small.txt")
    with open(small, "w", encoding="utf-8") as handle:
        handle.write(
            "Bridge closes for repairs\n\nSkip to content\n\nThe council voted on Tuesday to close the bridge, officials said.\n"
        )
    lines.append(
        f"\n## One small file, as pre-commit runs it (median of {args.runs} runs, interpreter start included)\n\n| command | ms |\n|---|---:|\n"
    )
    lines.append(f"| python -c pass | {latency([sys.executable, '-c', 'pass'], args.runs):.0f} |\n")
    lines.append(
        f"| newslint check small.txt | {latency([sys.executable, '-m', 'newslint', 'check', '--isolated', small], args.runs):.0f} |\n"
    )
    lines.append(
        f"| proselint check small.txt | {latency([sys.executable, '-m', 'proselint', 'check', small], args.runs):.0f} |\n"
    )

    lines.append(
        "\n## Memory on large JSONL files (`--jobs 1`): streaming keeps it flat\n\n"
        "Reading, parsing and one cheap rule (`--select scraping.nav-line --no-corpus`) isolate the streaming "
        "path from rule cost; the corpus column runs only the three corpus rules, whose signatures (about 2 KB "
        "per document in memory) are the one thing that grows with the corpus. Peak memory with every rule is in the "
        "throughput table.\n\n"
        "| JSONL | documents | seconds | MB/s | peak MB, streaming | peak MB, corpus rules |\n|---|---:|---:|---:|---:|---:|\n"
    )
    for mb in args.jsonl_mb:
        print(f"jsonl {mb} MB", file=sys.stderr)
        path = os.path.join(work, f"big-{mb:g}.jsonl")
        made = generate("jsonl", path, "--mb", str(mb), "--seed", "2")
        plain = run_child("newslint", path, "1", "--select", "scraping.nav-line", "--no-corpus")
        with_corpus = run_child("newslint", path, "1", "--select", CORPUS_RULES)
        actual = os.path.getsize(path) / 1e6
        lines.append(
            f"| {actual:.0f} MB | {made['documents']} | {plain.get('seconds', float('nan')):.1f} | {mbps(plain)} | {plain.get('peak_mb', float('nan')):.0f} | {with_corpus.get('peak_mb', float('nan')):.0f} |\n"
        )
        os.remove(path)

    lines.append(
        "\n## Corpus checks alone (`--select` the three corpus rules, `--profile`, one process)\n\n| documents | MB | total s | read+parse s | signatures s | grouping+findings s | corpus findings | peak MB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    for docs in args.corpus_docs:
        print(f"corpus {docs}", file=sys.stderr)
        path = os.path.join(work, f"corpus-{docs}.jsonl")
        generate("jsonl", path, "--docs", str(docs), "--seed", "3")
        start = time.perf_counter()
        out = subprocess.run(
            [
                sys.executable,
                os.path.join(HERE, "run.py"),
                "--child",
                "newslint",
                path,
                "1",
                "--select",
                CORPUS_RULES,
                "--profile",
            ],
            capture_output=True,
            text=True,
        )
        total = time.perf_counter() - start
        phases = {
            p.split()[0]: float(p.split()[1])
            for p in out.stderr.splitlines()
            if len(p.split()) == 3
            and p.split()[0] in ("read", "parse", "read+parse", "rules", "corpus-signatures", "corpus")
        }
        result = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else {}
        count = subprocess.run(
            [
                sys.executable,
                "-m",
                "newslint",
                "check",
                "--isolated",
                "-j",
                "1",
                "--select",
                CORPUS_RULES,
                "-f",
                "jsonl",
                path,
            ],
            capture_output=True,
            text=True,
        ).stdout.count("\n")
        lines.append(
            f"| {docs} | {os.path.getsize(path) / 1e6:.0f} | {total:.1f} | {phases.get('read', 0) + phases.get('parse', 0) + phases.get('read+parse', 0):.1f} | {phases.get('corpus-signatures', 0):.1f} | {phases.get('corpus', 0):.2f} | {count} | {result.get('peak_mb', float('nan')):.0f} |\n"
        )
        os.remove(path)
    lines.append(f"\nLoad average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}.\n")
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write("".join(lines))
    print("".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
