"""Peak memory of `newslint check` on big inputs: a JSONL dataset of N MB, and one huge document.

    python bench/memory.py --jsonl-mb 50 200              # default rules, -j 1, -f json -o /dev/null
    python bench/memory.py --jsonl-mb 1000 --jobs 2       # the issue's 1 GB case, two workers
    python bench/memory.py --document-mb 20 200           # one document of that size, three shapes
    python bench/memory.py --jsonl-mb 50 --format sarif   # another report format

Each measurement runs `newslint check --isolated` in a fresh child interpreter (`--child`),
which reports its own peak RSS (VmHWM on Linux, else resource.getrusage) and that of its
worker processes (RUSAGE_CHILDREN: the largest one, not their sum), the seconds it took
after imports, the exit status and the report's size. Data is generated with bench/generate.py
(same seed, same bytes) into a temporary directory (or --workdir) and removed afterwards
unless --keep. Memory, like speed, is measured here and never asserted by a test.

The single-document shapes: `text` (paragraphs separated by blank lines, a .txt file),
`line` (the same text on one line, a .txt file) and `record` (the text as the body of one
JSONL record). Past `max-document-bytes` (16 MiB by default) a document is reported as an
input error and not read: pass --max-document-bytes to measure what it would cost.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def own_peak_mb() -> float:
    """This process's peak RSS in MB: VmHWM where Linux gives it (ru_maxrss survives exec, so
    it would count the parent's memory at the time it started this process), else ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(args: list[str]) -> dict:
    """Run `newslint check ARGS` in this process; what it cost."""
    from newslint.cli import main

    start = time.perf_counter()
    status = main(["check", "--isolated", *args])
    seconds = time.perf_counter() - start
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # (forked while this one was small)
    return {"seconds": seconds, "status": status, "peak_mb": own_peak_mb(), "workers_peak_mb": workers}


def measure(args: list[str], output: str | None = None) -> dict:
    """One child run; its result plus the report's size when it was written to a file."""
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", *args], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if output and os.path.exists(output) and output != os.devnull:
        result["report_mb"] = os.path.getsize(output) / 1e6
    return result


def generate_jsonl(path: str, mb: float, seed: int = 2) -> int:
    """A JSONL file of about `mb` MB of generated articles; the number of records."""
    from generate import Generator, write_jsonl

    return write_jsonl(path, Generator(seed).articles(max_bytes=int(mb * 1e6)))


def generate_document(directory: str, mb: float, shape: str) -> str:
    """One document of about `mb` MB of generated paragraphs, written in `shape`."""
    from generate import Generator

    paragraphs: list[str] = []
    size = 0
    for article in Generator(4).articles(max_bytes=int(mb * 1e6)):
        paragraphs.extend(article.paragraphs)
        size += sum(len(p) + 2 for p in article.paragraphs)
    title = "One very long document"
    if shape == "record":
        path = os.path.join(directory, f"document-{mb:g}.jsonl")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(
                json.dumps({"id": "huge", "title": title, "body": "\n\n".join(paragraphs)}, ensure_ascii=False) + "\n"
            )
        return path
    path = os.path.join(directory, f"document-{mb:g}-{shape}.txt")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(title + "\n\n" + (" ".join(paragraphs) if shape == "line" else "\n\n".join(paragraphs)) + "\n")
    return path


def row(label: str, size_mb: float, result: dict) -> str:
    """One Markdown table row."""
    if "error" in result:
        return f"| {label} | {size_mb:.0f} | failed: {result['error'][:80]} | | | | | |"
    rate = size_mb / result["seconds"] if result["seconds"] else float("nan")
    return (
        f"| {label} | {size_mb:.0f} | {result['seconds']:.1f} | {rate:.2f} | {result['peak_mb']:.0f} | "
        f"{result['workers_peak_mb']:.0f} | {result.get('report_mb', 0):.1f} | {result['status']} |"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        print(json.dumps(child(argv[1:])))
        return 0
    if argv[:1] == ["--make-document"]:  # in a process of its own: the text is held whole
        print(generate_document(argv[1], float(argv[2]), argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jsonl-mb", type=float, nargs="*", default=[], help="JSONL sizes to measure, in MB")
    parser.add_argument(
        "--document-mb", type=float, nargs="*", default=[], help="single-document sizes to measure, in MB"
    )
    parser.add_argument("--shapes", nargs="+", default=["text", "line", "record"], choices=["text", "line", "record"])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--format", default="json")
    parser.add_argument("--max-document-bytes", help="passed on to newslint check")
    parser.add_argument("--extra", default="", help="more newslint check options, space-separated (e.g. '--no-corpus')")
    parser.add_argument("--workdir", help="where to generate data (default: a temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the generated data and reports")
    args = parser.parse_args(argv)
    if not args.jsonl_mb and not args.document_mb:
        parser.error("give --jsonl-mb and/or --document-mb")
    work = args.workdir or tempfile.mkdtemp(prefix="newslint-memory-")
    os.makedirs(work, exist_ok=True)
    common = ["-j", str(args.jobs), "-f", args.format, "--exit-zero", *args.extra.split()]
    if args.max_document_bytes:
        common += ["--max-document-bytes", args.max_document_bytes]
    print(f"`newslint check --isolated {' '.join(common)}`; peak RSS of the main process and of its largest worker\n")
    print(
        "| input | MB | seconds | MB/s | peak MB | workers' peak MB | report MB | status |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    )
    try:
        for mb in args.jsonl_mb:
            path = os.path.join(work, f"data-{mb:g}.jsonl")
            records = generate_jsonl(path, mb)
            report = os.path.join(work, f"report-{mb:g}.{args.format}")
            result = measure([*common, "-o", report, path], report)
            print(row(f"JSONL, {records} records", os.path.getsize(path) / 1e6, result), flush=True)
            if not args.keep:
                os.remove(path)
                if os.path.exists(report):
                    os.remove(report)
        for mb in args.document_mb:
            for shape in args.shapes:
                made = subprocess.run(
                    [sys.executable, os.path.abspath(__file__), "--make-document", work, str(mb), shape],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                path = made.stdout.strip()
                result = measure([*common, "-o", os.devnull, path])
                print(row(f"one document ({shape})", os.path.getsize(path) / 1e6, result), flush=True)
                if not args.keep:
                    os.remove(path)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
