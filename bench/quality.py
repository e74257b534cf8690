"""Quality measurements against ../shared/corpus (skips cleanly when it is absent).

    python bench/quality.py [--corpus DIR] [--show N]

1. reference article: which annotated defect lines each pack flags;
2. clean copy (bbc-dev): share of articles with any warning or error, and each of them;
3. residual boilerplate (aeb-dev): share of extractor-kept, truth-missing lines flagged by
   scraping/repetition rules, and share of truth lines flagged;
4. generalisation: recall per pack on clean articles with injected defects (bench/inject.py).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from newslint.config import Config  # noqa: E402
from newslint.finding import Severity  # noqa: E402
from newslint.readers import read_bytes  # noqa: E402
from newslint.runner import build_rules, lint_documents  # noqa: E402
from newslint.text import normalize  # noqa: E402

# The defect lines of example-article.txt, from ../shared/corpus/README.md, with the packs
# that should flag each.
REFERENCE = {
    1: ("nav text", {"scraping"}),
    3: ("quoted headline, bare quote naming its speaker", {"attribution", "repetition"}),
    5: ("lede paraphrased; truncated quote", {"attribution", "repetition"}),
    7: ("teaser copy of line 8", {"repetition"}),
    8: ("paraphrased lede; truncated quote", {"attribution", "repetition"}),
    10: ("repeated headline", {"repetition"}),
    12: ("mid-body headline", {"repetition"}),
    16: ("relay attribution (Interfax)", {"attribution"}),
    22: ("state-media relay (TASS)", {"attribution"}),
    24: ("template header", {"scraping"}),
    28: ("template header", {"scraping"}),
    32: ("footnote without marker", {"footnotes"}),
    34: ("footnote; unattributed intent claim", {"footnotes", "attribution"}),
    36: ("duplicated footnote number; taxonomy slug", {"footnotes"}),
    38: ("duplicated footnote number; taxonomy slugs", {"footnotes"}),
    40: ("nav text", {"scraping"}),
    42: ("nav text", {"scraping"}),
}


def lint(text: str, rules, config, path="doc.txt"):
    """Findings for one text read as `path`'s format."""
    return lint_documents(read_bytes(path, text.encode("utf-8"), config.read), rules, config)


def reference(corpus: str, rules, config) -> None:
    """Bar 1: the reference article, line by line."""
    path = os.path.join(corpus, "example-article.txt")
    with open(path, encoding="utf-8") as handle:
        findings = lint(handle.read(), rules, config)
    by_line = collections.defaultdict(set)
    for f in findings:
        by_line[f.line].add(f.rule)
    print("## 1. Reference article\n\n| line | defect | expected pack | flagged by |\n|---|---|---|---|")
    missed = 0
    for line, (what, packs) in REFERENCE.items():
        got = by_line.get(line, set())
        ok = any(r.split(".")[0] in packs for r in got)
        missed += not ok
        print(f"| {line} | {what} | {', '.join(sorted(packs))} | {', '.join(sorted(got)) or '**MISSED**'} |")
    extra = sorted((ln, r) for ln, rs in by_line.items() if ln not in REFERENCE for r in rs)
    print(f"\nMissed lines: {missed} of {len(REFERENCE)}. Findings on other lines: {extra}\n")


def clean_copy(corpus: str, rules, config, show: int) -> None:
    """Bar 2: BBC articles with any warning or error."""
    path = os.path.join(corpus, "bbc-dev.jsonl.gz")
    n = 0
    flagged = []
    per_rule = collections.Counter()
    for line in gzip.open(path, "rt", encoding="utf-8"):
        record = json.loads(line)
        n += 1
        text = record["title"] + "\n\n" + record["text"]
        bad = [f for f in lint(text, rules, config) if f.severity >= Severity.WARNING]
        if bad:
            flagged.append((record["id"], bad))
            for rule in {f.rule for f in bad}:
                per_rule[rule] += 1
    print(f"## 2. Clean copy (bbc-dev)\n\n{len(flagged)} of {n} articles ({len(flagged) / n:.2%}) have a warning or error.")
    print("Per rule: " + ", ".join(f"{r} {c}" for r, c in per_rule.most_common()) + "\n")
    for rid, bad in flagged[:show]:
        for f in bad[:3]:
            print(f"- {rid} {f.rule} line {f.line}: {f.match[:100]!r}")
    print()


def residual(corpus: str, rules, config, show: int) -> None:
    """Bar 3: extractor residue vs truth lines on aeb-dev."""
    path = os.path.join(corpus, "aeb-dev.jsonl.gz")
    kept_total = kept_flagged = truth_total = truth_flagged = 0
    missed, false_hits = [], []
    for line in gzip.open(path, "rt", encoding="utf-8"):
        record = json.loads(line)
        truth_lines = [t for t in record["truth"].split("\n") if t.strip()]
        truth_norm = {normalize(t) for t in truth_lines}
        truth_blob = normalize(record["truth"])
        # Truth lines: lint the truth itself as a document.
        findings = lint("\n\n".join(truth_lines), rules, config)
        hit_lines = {f.line for f in findings if f.rule.split(".")[0] in ("scraping", "repetition")}
        truth_total += len(truth_lines)
        truth_flagged += len(hit_lines)
        for f in findings:
            if f.rule.split(".")[0] in ("scraping", "repetition") and len(false_hits) < 200:
                false_hits.append((record["id"], f.rule, f.match[:90]))
        for extractor in ("trafilatura", "justext"):
            text = record.get(extractor) or ""
            lines = text.split("\n")
            findings = lint(text, rules, config)
            flagged_lines = {f.line for f in findings if f.rule.split(".")[0] in ("scraping", "repetition")}
            for i, raw in enumerate(lines, start=1):
                norm = normalize(raw)
                if not norm or norm in truth_norm or norm in truth_blob:
                    continue
                kept_total += 1
                if i in flagged_lines:
                    kept_flagged += 1
                elif len(missed) < 400:
                    missed.append(raw.strip()[:120])
    print("## 3. Residual boilerplate (aeb-dev)\n")
    print(f"Extractor lines not in truth flagged by scraping/repetition: {kept_flagged} of {kept_total} ({kept_flagged / max(kept_total, 1):.1%})")
    print(f"Truth lines flagged: {truth_flagged} of {truth_total} ({truth_flagged / max(truth_total, 1):.2%})\n")
    for item in false_hits[:show]:
        print(f"- truth hit: {item}")
    for item in missed[:show]:
        print(f"- missed: {item!r}")
    print()


def generalisation(rules, config, corpus: str) -> None:
    """Bar 4: recall per pack on injected defects."""
    from bench.inject import injected_documents

    total = collections.Counter()
    caught = collections.Counter()
    misses = collections.defaultdict(list)
    by_type = collections.defaultdict(lambda: [0, 0])
    for doc in injected_documents(corpus):
        findings = lint(doc.text, rules, config)
        lines = {(f.line, f.rule.split(".")[0]) for f in findings}
        total[doc.pack] += 1
        by_type[doc.label][0] += 1
        if any(pack == doc.pack and line in doc.lines for line, pack in lines):
            caught[doc.pack] += 1
            by_type[doc.label][1] += 1
        elif len(misses[doc.label]) < 3:
            misses[doc.label].append(doc.text.split("\n")[min(doc.lines) - 1][:100])
    print("## 4. Generalisation (injected defects)\n\n| pack | injected | caught | recall |\n|---|---|---|---|")
    for pack in sorted(total):
        print(f"| {pack} | {total[pack]} | {caught[pack]} | {caught[pack] / total[pack]:.1%} |")
    print("\n| defect type | injected | caught |\n|---|---|---|")
    for label, (n, c) in by_type.items():
        print(f"| {label} | {n} | {c} ({c / n:.0%}) |")
    for label, items in sorted(misses.items()):
        print(f"- {label} missed e.g.: {items}")
    print()


def main() -> int:
    """Run the measurements that the corpus allows."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=os.path.join(os.path.dirname(HERE), "..", "shared", "corpus"))
    parser.add_argument("--show", type=int, default=15, help="examples to print per section")
    parser.add_argument("--only", choices=["reference", "clean", "residual", "generalisation"], action="append")
    args = parser.parse_args()
    if not os.path.isdir(args.corpus):
        print(f"corpus not found at {args.corpus}: skipping quality measurements")
        return 0
    config = Config()
    rules, errors = build_rules(config)
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        return 2
    only = set(args.only or ["reference", "clean", "residual", "generalisation"])
    if "reference" in only:
        reference(args.corpus, rules, config)
    if "clean" in only:
        clean_copy(args.corpus, rules, config, args.show)
    if "residual" in only:
        residual(args.corpus, rules, config, args.show)
    if "generalisation" in only and os.path.exists(os.path.join(HERE, "inject.py")):
        generalisation(rules, config, args.corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
