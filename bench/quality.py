"""Quality of the default rules, per rule, on every development set of ../shared/corpus.

    python bench/quality.py [--corpus DIR] [--only SECTION]... [--limit N] [--show N] [--write-measured]

Reads ../shared/corpus when it is there (it is never copied into the project) and skips
cleanly, exit 0, when it is not. Findings of severity warning or error count as "flagged";
info findings are counted apart. Sections (`--only`, repeatable):

- reference: which annotated defect line of example-article.txt each pack flags;
- pipeline:  pipeline-dev, extractor output with labelled lines: boilerplate lines flagged
             (recall, also without dragnet's reader comments) and content lines flagged
             (false positives) per source and extractor, and per rule the boilerplate,
             content and unlabelled lines it flags (its precision on labelled lines);
- gold:      pipeline-gold, clean copy: documents with a warning or error, per rule;
- bbc:       bbc-dev, clean copy: the same, and the corpus rules over the whole set as one
             JSONL file, against the set's exact duplicates;
- aeb:       aeb-dev, extractor residue (lines not in the truth) and truth lines flagged;
- repos:     content repositories (bench/content_repos.py): posts with a warning or error;
- inject:    recall per pack and defect type on bench/inject.py's defects (BBC hosts);
- unseen:    the held-out check, bench/inject_unseen.py: defects in phrasings the rules were
             never shown, in pipeline-gold articles.

Writes a machine-readable summary to bench/out/quality.json and ends with a per-rule table.
`--write-measured` (a full run only) also writes newslint/measured.json, the figures
`newslint explain RULE` shows. bench/README.md explains every figure.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gzip
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from newslint import corpus as corpus_pass  # noqa: E402
from newslint.config import Config  # noqa: E402
from newslint.finding import Finding, Severity  # noqa: E402
from newslint.lint import lint_item  # noqa: E402
from newslint.readers import read_bytes  # noqa: E402
from newslint.runner import build_rules, lint_documents  # noqa: E402
from newslint.text import normalize  # noqa: E402

DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
OUT = os.path.join(HERE, "out", "quality.json")
MEASURED = os.path.join(ROOT, "newslint", "measured.json")
SECTIONS = ("reference", "pipeline", "gold", "bbc", "aeb", "repos", "inject", "lines", "unseen")
ALIASES = {"clean": "bbc", "residual": "aeb", "generalisation": "inject"}  # the earlier names
# The sets newslint/measured.json is made from: --write-measured needs them all, whole.
MEASURED_SECTIONS = ("pipeline", "gold", "bbc", "unseen")

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


# --- shared helpers -----------------------------------------------------------------------


def flagged(finding: Finding) -> bool:
    """A warning or error: what 'flagged' means throughout."""
    return finding.severity >= Severity.WARNING


def pack_of(rule_id: str) -> str:
    return rule_id.split(".")[0]


def ranked(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """(key, count) pairs, most first, ties by key: the same order every run (most_common
    keeps insertion order on ties, which varies with the order findings come in)."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def pct(part: float, whole: float, digits: int = 1) -> str:
    return f"{100 * part / whole:.{digits}f}%" if whole else "–"


def ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def lint(text: str, rules, config, path: str = "doc.txt") -> list[Finding]:
    """Findings for one text read as `path`'s format."""
    return lint_documents(read_bytes(path, text.encode("utf-8"), config.read), rules, config)


def jsonl_records(path: str, limit: int | None = None) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class Slim(NamedTuple):
    """What the line tally needs of a Finding (a run over pipeline-dev holds a quarter million)."""

    rule: str
    field: str | None
    line: int
    end_line: int
    end_column: int
    severity: Severity


def slim(f: Finding) -> Slim:
    return Slim(f.rule, f.field, f.line, f.end_line, f.end_column, f.severity)


class CorpusRun:
    """Documents linted one by one and signed for the corpus rules, as `newslint check` does
    over one dataset; `collate()` then gives the corpus rules' findings over all of them."""

    def __init__(self, rules, config) -> None:
        self.rules, self.config = rules, config
        self.signing = corpus_pass.corpus_rules(rules)
        self.signed: list = []

    def lint(self, path: str, data: bytes) -> list[Finding]:
        """The per-document findings of the documents in `data` read as `path`'s format."""
        findings: list[Finding] = []
        for item in read_bytes(path, data, self.config.read):
            linted = lint_item(
                item, self.rules, signing=self.signing, report_unused=self.config.report_unused_suppressions
            )
            findings.extend(linted.findings)
            if linted.signed is not None:
                self.signed.append(linted.signed)
        return findings

    def collate(self) -> list[Finding]:
        return corpus_pass.collate(self.rules, self.signed) if self.signing else []


@dataclass
class Results:
    """Everything measured: per set aggregates, per rule per set figures, seconds per section."""

    rules: Sequence  # the Rule objects of the run
    sets: dict = field(default_factory=dict)
    per_rule: dict = field(default_factory=lambda: collections.defaultdict(dict))
    seconds: dict = field(default_factory=dict)
    other_severity: dict = field(default_factory=dict)  # ids that are no rule (newslint.*): severity seen

    def rule(self, rule_id: str, set_name: str) -> dict:
        return self.per_rule[rule_id].setdefault(set_name, {})

    def severity(self, rule_id: str) -> str:
        found = [r.severity.label for r in self.rules if r.id == rule_id]
        return found[0] if found else self.other_severity.get(rule_id, "?")


# --- 1. reference article -----------------------------------------------------------------


def reference(corpus: str, rules, config, results: Results) -> None:
    """The reference article, line by line."""
    with open(os.path.join(corpus, "example-article.txt"), encoding="utf-8") as handle:
        findings = lint(handle.read(), rules, config)
    by_line = collections.defaultdict(set)
    for f in findings:
        by_line[f.line].add(f.rule)
    print("## Reference article\n\n| line | defect | expected pack | flagged by |\n|---|---|---|---|")
    missed = 0
    for line, (what, packs) in REFERENCE.items():
        got = by_line.get(line, set())
        ok = any(pack_of(r) in packs for r in got)
        missed += not ok
        print(f"| {line} | {what} | {', '.join(sorted(packs))} | {', '.join(sorted(got)) or '**MISSED**'} |")
    extra = sorted((ln, r) for ln, rs in by_line.items() if ln not in REFERENCE for r in rs)
    print(f"\nMissed lines: {missed} of {len(REFERENCE)}. Findings on other lines: {extra}\n")
    results.sets["reference"] = {"defect_lines": len(REFERENCE), "caught": len(REFERENCE) - missed}


# --- 2. pipeline-dev: labelled extractor lines ----------------------------------------------


def record_key(record: dict) -> str:
    """A pipeline record's id in the run: the two extractors' records of a page share `id`."""
    return f"{record['id']}#{record.get('extractor', '')}"


def record_bytes(record: dict) -> bytes:
    """A pipeline record as one JSONL line newslint reads: `text` the body, `title` the headline
    (when there is one), and the page's `url` and dataset `source`, which name the source a
    corpus rule groups documents by (the url's host where known)."""
    data = {"id": record_key(record), "text": record["text"]}
    if (record.get("title") or "").strip():
        data["title"] = record["title"]
    if record.get("url"):
        data["url"] = record["url"]
    if record.get("source"):
        data["source"] = record["source"]
    return json.dumps(data).encode("utf-8")


def record_findings(record: dict, rules, config) -> list[Finding]:
    """A pipeline record's per-document findings."""
    return lint_documents(read_bytes("pipeline-dev.jsonl", record_bytes(record), config.read), rules, config)


def text_lines(finding: Finding) -> range:
    """0-based indices of the lines of the body field a finding covers (line i <-> labels[i])."""
    last = finding.end_line
    if last > finding.line and finding.end_column <= 1:  # ends at the very start of a line
        last -= 1
    return range(finding.line - 1, max(last, finding.line))


def line_hits(
    findings: Iterable[Finding], n_lines: int, body: str = "text"
) -> tuple[dict[str, set[int]], list[Finding]]:
    """rule -> the body lines (0-based) its findings cover, and the findings on no body line
    (on the title, or on the document as a whole)."""
    hits: dict[str, set[int]] = collections.defaultdict(set)
    elsewhere = []
    for f in findings:
        if f.field != body:
            elsewhere.append(f)
            continue
        hits[f.rule].update(i for i in text_lines(f) if 0 <= i < n_lines)
    return hits, elsewhere


SOURCES = ("dragnet", "cleaneval", "trafilatura-eval")
EXTRACTORS = ("trafilatura", "html-text")
LABEL_KEY = {"boilerplate": "boilerplate", "content": "content", None: "null"}


@dataclass
class PartTally:
    """Line counts for one source/extractor pair (or all of them)."""

    records: int = 0
    lines: collections.Counter = field(default_factory=collections.Counter)  # label -> lines
    flagged: collections.Counter = field(default_factory=collections.Counter)  # label -> lines with a warning/error
    with_info: collections.Counter = field(default_factory=collections.Counter)  # label -> lines with any finding
    furniture_lines: int = 0  # boilerplate lines that are not reader comments
    furniture_flagged: int = 0

    def add(self, other: PartTally) -> None:
        self.records += other.records
        self.lines.update(other.lines)
        self.flagged.update(other.flagged)
        self.with_info.update(other.with_info)
        self.furniture_lines += other.furniture_lines
        self.furniture_flagged += other.furniture_flagged

    def summary(self) -> dict:
        b, c = self.lines["boilerplate"], self.lines["content"]
        return {
            "records": self.records,
            "boilerplate_lines": b,
            "content_lines": c,
            "null_lines": self.lines["null"],
            "boilerplate_flagged": self.flagged["boilerplate"],
            "content_flagged": self.flagged["content"],
            "null_flagged": self.flagged["null"],
            "recall": ratio(self.flagged["boilerplate"], b),
            "false_positive_rate": ratio(self.flagged["content"], c),
            "furniture_lines": self.furniture_lines,
            "recall_without_comments": ratio(self.furniture_flagged, self.furniture_lines),
            "recall_with_info": ratio(self.with_info["boilerplate"], b),
            "false_positive_rate_with_info": ratio(self.with_info["content"], c),
        }


def covered(findings: Iterable[Finding], n_lines: int) -> set[int]:
    """The body lines (0-based) any of the findings covers."""
    hits, _ = line_hits(findings, n_lines)
    return set().union(*hits.values()) if hits else set()


def tally_record(
    record: dict, findings: list[Finding], part: PartTally, per_rule: dict, examples: dict, show: int
) -> None:
    """Add one labelled record's lines to `part` and to `per_rule` (rule -> label -> lines)."""
    labels = record["labels"]
    comments = set(record.get("comment_lines") or ())
    lines = record["text"].split("\n")
    hits, _ = line_hits(findings, len(labels))
    any_serious = covered([f for f in findings if flagged(f)], len(labels))
    any_hit = set().union(*hits.values()) if hits else set()
    part.records += 1
    for i, label in enumerate(labels):
        key = LABEL_KEY[label]
        part.lines[key] += 1
        part.flagged[key] += i in any_serious
        part.with_info[key] += i in any_hit
        if label == "boilerplate" and i not in comments:
            part.furniture_lines += 1
            part.furniture_flagged += i in any_serious
    for rule_id, indices in hits.items():
        counts = per_rule.setdefault(rule_id, collections.Counter())
        for i in indices:
            key = LABEL_KEY[labels[i]]
            counts[key] += 1
            if key == "boilerplate" and i not in comments:
                counts["furniture"] += 1
            if key == "content" and len(examples[rule_id]) < show:
                examples[rule_id].append(f"{record['id']} ({record['extractor']}) line {i + 1}: {short(lines[i])!r}")


def pipeline_records(path: str, limit: int | None) -> Iterator[dict]:
    """pipeline-dev's records; with `limit`, the first `limit` of each source and extractor."""
    seen: collections.Counter = collections.Counter()
    for record in jsonl_records(path):
        name = f"{record['source']}/{record['extractor']}"
        if limit is None or seen[name] < limit:
            seen[name] += 1
            yield record


def pipeline(corpus: str, rules, config, results: Results, limit: int | None, show: int) -> None:
    """pipeline-dev: boilerplate recall and content false positives, per part and per rule."""
    parts: dict[str, PartTally] = collections.defaultdict(PartTally)
    per_rule: dict[str, dict[str, collections.Counter]] = collections.defaultdict(dict)  # part -> rule -> counts
    fp_examples: dict[str, list[str]] = collections.defaultdict(list)
    title_findings: collections.Counter = collections.Counter()
    missed: list[str] = []
    sampler = random.Random(0)
    path = os.path.join(corpus, "pipeline-dev.jsonl.gz")
    # Pass 1: each extractor's output is one dataset (as a pipeline runs one extractor), every
    # record linted and signed; then the corpus rules over that dataset.
    found: dict[str, list[Slim]] = {}
    for extractor in EXTRACTORS:
        run = CorpusRun(rules, config)
        for record in pipeline_records(path, limit):
            if record["extractor"] == extractor:
                findings = run.lint(f"pipeline-dev-{extractor}.jsonl", record_bytes(record))
                found[record_key(record)] = [slim(f) for f in findings]
        for f in run.collate():
            found.setdefault(str(f.record), []).append(slim(f))
        del run
    # Pass 2: the findings against the labels.
    for record in pipeline_records(path, limit):
        name = f"{record['source']}/{record['extractor']}"
        findings = found.pop(record_key(record))
        _, elsewhere = line_hits(findings, len(record["labels"]))
        title_findings.update(f.rule for f in elsewhere)
        tally_record(record, findings, parts[name], per_rule[name], fp_examples, show)
        if show and sampler.random() < 0.02:  # a few unflagged boilerplate lines, for reading by hand
            hit = covered([f for f in findings if flagged(f)], len(record["labels"]))
            lines = record["text"].split("\n")
            left = [
                i
                for i, label in enumerate(record["labels"])
                if label == "boilerplate" and i not in hit and i not in set(record.get("comment_lines") or ())
            ]
            if left:
                i = sampler.choice(left)
                missed.append(f"{record['id']} ({record['extractor']}) line {i + 1}: {short(lines[i])!r}")

    # Aggregates: per part, per extractor, per source, all.
    groups: dict[str, PartTally] = {}
    order = [f"{s}/{e}" for s in (*SOURCES, "all") for e in (*EXTRACTORS, "all")]
    for key in order:
        source, extractor = key.split("/")
        for name, tally in parts.items():
            if source in ("all", name.split("/")[0]) and extractor in ("all", name.split("/")[1]):
                groups.setdefault(key, PartTally()).add(tally)
    results.sets["pipeline-dev"] = {key: tally.summary() for key, tally in groups.items()}

    print("## pipeline-dev: labelled extractor output\n")
    print(
        "Boilerplate recall is the share of boilerplate lines with a warning or error; FP rate the share of content lines with one.\n"
    )
    print(
        "| source | extractor | records | boilerplate lines | recall | recall w/o comments | content lines | FP rate | recall / FP incl. info |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for key, tally in groups.items():
        s = tally.summary()
        source, extractor = key.split("/")
        print(
            f"| {source} | {extractor} | {s['records']} | {s['boilerplate_lines']} | {pct(s['boilerplate_flagged'], s['boilerplate_lines'])} | "
            f"{pct(tally.furniture_flagged, tally.furniture_lines)} | {s['content_lines']} | {pct(s['content_flagged'], s['content_lines'], 2)} | "
            f"{pct(tally.with_info['boilerplate'], s['boilerplate_lines'])} / {pct(tally.with_info['content'], s['content_lines'], 2)} |"
        )

    # Per rule: pooled over every part, with the recall on each extractor's output.
    pooled: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    by_extractor: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for name, rule_counts in per_rule.items():
        extractor = name.split("/")[1]
        for rule_id, counts in rule_counts.items():
            pooled[rule_id].update(counts)
            by_extractor[rule_id, extractor].update(counts)
    total = groups.get("all/all", PartTally())
    print(
        "\nPer rule (every finding of the rule, whatever its severity; precision = boilerplate / (boilerplate + content)):\n"
    )
    print(
        "| rule | severity | boilerplate | content | null | precision | recall trafilatura | recall html-text | content lines flagged |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for rule_id, counts in sorted(pooled.items(), key=lambda kv: -(kv[1]["boilerplate"] + kv[1]["content"])):
        b, c = counts["boilerplate"], counts["content"]
        recall = {}
        for extractor in ("trafilatura", "html-text"):
            whole = groups.get(f"all/{extractor}")
            recall[extractor] = ratio(
                by_extractor[rule_id, extractor]["boilerplate"], whole.lines["boilerplate"] if whole else 0
            )
        entry = results.rule(rule_id, "pipeline-dev")
        entry.update(
            {
                "boilerplate": b,
                "content": c,
                "null": counts["null"],
                "precision": ratio(b, b + c),
                "recall": ratio(b, total.lines["boilerplate"]),
                "recall_without_comments": ratio(counts["furniture"], total.furniture_lines),
                "recall_trafilatura": recall["trafilatura"],
                "recall_html_text": recall["html-text"],
                "false_positive_rate": ratio(c, total.lines["content"]),
                "by_part": {
                    name: dict(per_rule[name][rule_id]) for name in sorted(per_rule) if rule_id in per_rule[name]
                },
            }
        )
        print(
            f"| {rule_id} | {results.severity(rule_id)} | {b} | {c} | {counts['null']} | {pct(b, b + c)} | "
            f"{pct(by_extractor[rule_id, 'trafilatura']['boilerplate'], groups['all/trafilatura'].lines['boilerplate'] if 'all/trafilatura' in groups else 0, 2)} | "
            f"{pct(by_extractor[rule_id, 'html-text']['boilerplate'], groups['all/html-text'].lines['boilerplate'] if 'all/html-text' in groups else 0, 2)} | "
            f"{pct(c, total.lines['content'], 2)} |"
        )
    if title_findings:
        print("\nFindings on the title (not labelled): " + ", ".join(f"{r} {n}" for r, n in ranked(title_findings)))
    if show:
        print("\nContent lines flagged, by rule (first few):")
        for rule_id in sorted(fp_examples):
            for line in fp_examples[rule_id]:
                print(f"- {rule_id}: {line}")
        print("\nBoilerplate lines (not comments) left unflagged, a sample:")
        for line in missed[:show]:
            print(f"- {line}")
    print()


# --- 3./4. clean copy: pipeline-gold and bbc-dev ----------------------------------------------


def clean_tally(name: str, documents: Iterable[tuple[str, list[Finding]]], results: Results, show: int) -> None:
    """Documents with a warning or error, and per rule its documents and findings."""
    corpus_ids = {r.id for r in results.rules if r.corpus}
    n = bad = noted = bad_alone = 0
    docs: collections.Counter = collections.Counter()
    counts: collections.Counter = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for doc_id, findings in documents:
        n += 1
        bad += any(flagged(f) for f in findings)
        bad_alone += any(flagged(f) and f.rule not in corpus_ids for f in findings)
        noted += bool(findings)
        for f in findings:
            results.other_severity.setdefault(f.rule, f.severity.label)
            counts[f.rule] += 1
            if len(examples[f.rule]) < show:
                examples[f.rule].append(f"{doc_id} line {f.line}: {short(f.match, 90)!r}")
        docs.update({f.rule for f in findings})
    results.sets[name] = {
        "documents": n,
        "flagged": bad,
        "share": ratio(bad, n),
        "with_any_finding": noted,
        "flagged_by_document_rules": bad_alone,
        "share_by_document_rules": ratio(bad_alone, n),
    }
    print(
        f"{bad} of {n} documents ({pct(bad, n, 2)}) have a warning or error ({bad_alone}, {pct(bad_alone, n, 2)}, leaving the corpus rules out); "
        f"{noted} ({pct(noted, n, 2)}) have any finding, info included.\n"
    )
    print("| rule | severity | documents | per 1,000 | findings |\n|---|---|---:|---:|---:|")
    for rule_id, count in ranked(docs):
        results.rule(rule_id, name).update(
            {"documents": count, "per_1000": round(1000 * count / n, 2), "findings": counts[rule_id]}
        )
        print(f"| {rule_id} | {results.severity(rule_id)} | {count} | {1000 * count / n:.1f} | {counts[rule_id]} |")
    if show:
        print()
        for rule_id in sorted(examples):
            for line in examples[rule_id]:
                print(f"- {rule_id}: {line}")
    print()


def gold(corpus: str, rules, config, results: Results, limit: int | None, show: int) -> None:
    """pipeline-gold: clean copy, each text read as a plain-text article."""
    print("## pipeline-gold: clean copy (dragnet and CleanEval gold texts)\n")
    print("Each text read as a plain-text article (its first line the headline) in a directory named for its source")
    print("(the url's host where known, else dragnet or cleaneval), all of them one run for the corpus rules.\n")
    run = CorpusRun(rules, config)
    found: dict[str, list[Finding]] = {}
    paths: dict[str, str] = {}
    for record in jsonl_records(os.path.join(corpus, "pipeline-gold.jsonl.gz"), limit):
        path = gold_path(record)
        paths[path] = record["id"]
        found[record["id"]] = run.lint(path, record["text"].encode("utf-8"))
    for f in run.collate():
        found[paths[f.path]].append(f)
    clean_tally("pipeline-gold", found.items(), results, show)


def gold_path(record: dict) -> str:
    """Where a gold text stands as a file: its directory is its source for the corpus rules."""
    host = urlsplit(record.get("url") or "").hostname
    name = record["id"].replace("/", "_")
    return f"pipeline-gold/{host or record['source']}/{name}.txt"


def bbc(corpus: str, rules, config, results: Results, limit: int | None, show: int) -> None:
    """bbc-dev: clean copy per article, then the corpus rules over the set as one JSONL file."""
    print("## bbc-dev: clean copy (BBC News, 2004-2005)\n")
    print("Read as one JSONL file (title the headline): the corpus rules see every article of the set.\n")
    records = list(jsonl_records(os.path.join(corpus, "bbc-dev.jsonl.gz"), limit))
    run = CorpusRun(rules, config)
    by_record: dict[str, list[Finding]] = {}
    for record in records:
        data = json.dumps({"id": record["id"], "title": record["title"], "text": record["text"]}).encode("utf-8")
        by_record[str(record["id"])] = run.lint("bbc-dev.jsonl", data)
    corpus_findings = run.collate()
    for f in corpus_findings:
        by_record[str(f.record)].append(f)
    clean_tally("bbc-dev", by_record.items(), results, show)

    # The corpus rules, against the set's exact duplicates (same text after normalising).
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for record in records:
        groups[normalize(record["text"])].append(str(record["id"]))
    duplicated = {doc for ids in groups.values() if len(ids) > 1 for doc in ids}
    n_groups = sum(len(ids) > 1 for ids in groups.values())
    print("### Corpus rules over bbc-dev\n")
    print(
        f"Exact duplicate articles: {len(duplicated)} in {n_groups} groups (a flagged copy is a true finding; the first of a group need not be flagged).\n"
    )
    print(
        "| rule | severity | findings | documents | in an exact-duplicate group | others |\n|---|---|---:|---:|---:|---:|"
    )
    per_rule_docs: dict[str, set[str]] = collections.defaultdict(set)
    counts: collections.Counter = collections.Counter()
    for f in corpus_findings:
        per_rule_docs[f.rule].add(str(f.record))
        counts[f.rule] += 1
    for rule_id in sorted(per_rule_docs):
        docs = per_rule_docs[rule_id]
        inside = len(docs & duplicated)
        results.rule(rule_id, "bbc-dev-corpus").update(
            {
                "findings": counts[rule_id],
                "documents": len(docs),
                "in_duplicate_groups": inside,
                "others": len(docs) - inside,
            }
        )
        print(
            f"| {rule_id} | {results.severity(rule_id)} | {counts[rule_id]} | {len(docs)} | {inside} | {len(docs) - inside} |"
        )
    serious_docs = {str(f.record) for f in corpus_findings if flagged(f)}
    # Clean copy with a false warning or error: a corpus finding on an exact duplicate is true.
    corpus_ids = {r.id for r in rules if r.corpus}
    false_docs = {
        doc
        for doc, findings in by_record.items()
        if any(flagged(f) and not (f.rule in corpus_ids and doc in duplicated) for f in findings)
    }
    results.sets["bbc-dev"].update(
        {"flagged_not_duplicates": len(false_docs), "share_not_duplicates": ratio(len(false_docs), len(records))}
    )
    print(
        f"Articles with a warning or error other than a corpus finding on an exact duplicate: {len(false_docs)} of {len(records)} ({pct(len(false_docs), len(records), 2)}).\n"
    )
    results.sets["bbc-dev-corpus"] = {
        "duplicate_documents": len(duplicated),
        "duplicate_groups": n_groups,
        "findings": len(corpus_findings),
        "flagged_documents": len(serious_docs),
        "flagged_in_duplicate_groups": len(serious_docs & duplicated),
        "duplicate_copies_flagged": ratio(len(serious_docs & duplicated), len(duplicated) - n_groups),
    }
    print(
        f"\nDocuments with a corpus warning or error: {len(serious_docs)}, of them in an exact-duplicate group {len(serious_docs & duplicated)} "
        f"(copies beyond the first of each group: {len(duplicated) - n_groups})."
    )
    if show:
        for f in corpus_findings[:show]:
            print(f"- {f.rule} {f.record}: {short(f.message, 140)}")
    print()


# --- 5. aeb-dev: extractor residue ----------------------------------------------------------


def aeb(corpus: str, rules, config, results: Results, limit: int | None, show: int) -> None:
    """aeb-dev: lines an extractor kept that the truth lacks (residue) against truth lines."""
    chrome_packs = ("scraping", "repetition")
    kept_total = kept_flagged = truth_total = truth_flagged = 0
    residue_lines = in_truth_lines = residue_serious = in_truth_serious = 0
    per_rule: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    missed, false_hits = [], []
    for record in jsonl_records(os.path.join(corpus, "aeb-dev.jsonl.gz"), limit):
        truth_lines = [t for t in record["truth"].split("\n") if t.strip()]
        truth_norm = {normalize(t) for t in truth_lines}
        truth_blob = normalize(record["truth"])
        # Truth lines: the truth itself linted as a document (scraping/repetition, as before).
        findings = lint("\n\n".join(truth_lines), rules, config)
        hit_lines = {f.line for f in findings if pack_of(f.rule) in chrome_packs}
        truth_total += len(truth_lines)
        truth_flagged += len(hit_lines)
        false_hits.extend(
            (record["id"], f.rule, short(f.match, 90)) for f in findings if pack_of(f.rule) in chrome_packs
        )
        for extractor in ("trafilatura", "justext"):
            text = record.get(extractor) or ""
            lines = text.split("\n")
            findings = lint(text, rules, config)
            chrome_lines = {f.line for f in findings if pack_of(f.rule) in chrome_packs}
            serious_lines = {ln for f in findings if flagged(f) for ln in range(f.line, f.end_line + 1)}
            rule_lines: dict[str, set[int]] = collections.defaultdict(set)
            for f in findings:
                rule_lines[f.rule].update(range(f.line, f.end_line + 1))
            for i, raw in enumerate(lines, start=1):
                norm = normalize(raw)
                if not norm:
                    continue
                residue = not (norm in truth_norm or norm in truth_blob)
                residue_lines += residue
                in_truth_lines += not residue
                residue_serious += residue and i in serious_lines
                in_truth_serious += (not residue) and i in serious_lines
                for rule_id, got in rule_lines.items():
                    if i in got:
                        per_rule[rule_id]["residue" if residue else "truth"] += 1
                if not residue:
                    continue
                kept_total += 1
                if i in chrome_lines:
                    kept_flagged += 1
                elif len(missed) < 400:
                    missed.append(short(raw, 120))
    print("## aeb-dev: extractor residue\n")
    print(
        f"Extractor lines not in truth flagged by scraping/repetition (any severity): {kept_flagged} of {kept_total} ({pct(kept_flagged, kept_total)})"
    )
    print(
        f"Truth lines flagged by scraping/repetition when the truth is linted alone: {truth_flagged} of {truth_total} ({pct(truth_flagged, truth_total, 2)})"
    )
    print(
        f"Extractor lines with a warning or error: residue {residue_serious} of {residue_lines} ({pct(residue_serious, residue_lines)}), "
        f"lines in the truth {in_truth_serious} of {in_truth_lines} ({pct(in_truth_serious, in_truth_lines, 2)})\n"
    )
    results.sets["aeb-dev"] = {
        "residue_lines": residue_lines,
        "residue_flagged": residue_serious,
        "recall": ratio(residue_serious, residue_lines),
        "truth_lines_in_output": in_truth_lines,
        "truth_lines_flagged": in_truth_serious,
        "false_positive_rate": ratio(in_truth_serious, in_truth_lines),
        "chrome_pack_recall_any_severity": ratio(kept_flagged, kept_total),
        "truth_alone_flagged_by_chrome_packs": ratio(truth_flagged, truth_total),
    }
    print("| rule | severity | residue lines | truth lines | precision |\n|---|---|---:|---:|---:|")
    for rule_id, counts in sorted(per_rule.items(), key=lambda kv: -sum(kv[1].values())):
        r, t = counts["residue"], counts["truth"]
        results.rule(rule_id, "aeb-dev").update(
            {"residue": r, "truth": t, "precision": ratio(r, r + t), "recall": ratio(r, residue_lines)}
        )
        print(f"| {rule_id} | {results.severity(rule_id)} | {r} | {t} | {pct(r, r + t)} |")
    print()
    for item in false_hits[:show]:
        print(f"- truth hit: {item}")
    for item in missed[:show]:
        print(f"- missed: {item!r}")
    print()


# --- 6. content repositories ------------------------------------------------------------------


def repos(corpus: str, results: Results, show: int) -> None:
    """Content repositories checked as pre-commit and CI would (bench/content_repos.py)."""
    from bench import content_repos

    root = os.path.join(corpus, "content-repos")
    print("## Content repositories (authored posts; nearly every warning or error is false)\n")
    if not os.path.isdir(root):
        print(f"not found at {root}: skipped\n")
        return
    total = bad = 0
    findings_per_rule: collections.Counter = collections.Counter()
    posts_per_rule: dict[str, set] = collections.defaultdict(set)
    print("| repository | posts | with a warning or error |\n|---|---:|---:|")
    examples = []
    for name in sorted(os.listdir(root)):
        repo = os.path.join(root, name)
        try:
            findings = content_repos.findings_of(repo)
        except SystemExit as exc:  # the CLI failed (a broken rule file in the work tree, say): report, go on
            print(f"\n{exc}\n\ncontent repositories: skipped\n")
            return
        posts = content_repos.posts_in(repo)
        serious = {f["path"] for f in findings if f["severity"] in ("warning", "error")}
        total += posts
        bad += len(serious)
        for f in findings:
            results.other_severity.setdefault(f["rule"], f["severity"])
            findings_per_rule[f["rule"]] += 1
            posts_per_rule[f["rule"]].add((name, f["path"]))
            if len(examples) < show and f["severity"] in ("warning", "error"):
                examples.append(f"{name}/{f['path']}:{f['line']} {f['rule']} {short(f['match'], 80)!r}")
        print(f"| {name} | {posts} | {len(serious)} ({pct(len(serious), posts)}) |")
    print(f"| all | {total} | {bad} ({pct(bad, total)}) |\n")
    results.sets["content-repos"] = {"posts": total, "flagged": bad, "share": ratio(bad, total)}
    print("| rule | severity | findings | posts |\n|---|---|---:|---:|")
    for rule_id, count in ranked(findings_per_rule):
        results.rule(rule_id, "content-repos").update({"findings": count, "posts": len(posts_per_rule[rule_id])})
        print(f"| {rule_id} | {results.severity(rule_id)} | {count} | {len(posts_per_rule[rule_id])} |")
    for line in examples:
        print(f"- {line}")
    print()


# --- 7./8. injected defects ---------------------------------------------------------------------


@dataclass
class Catch:
    """Whether one injected defect was caught: by which rules, and by a warning or error."""

    rules: set[str]
    serious: bool


def catches(
    findings: Sequence[Finding], lines: Iterable[int], accept: Iterable[str], known: set[tuple[str, str]] = frozenset()
) -> Catch:
    """The rules of an accepted pack with a finding on one of `lines` (1-based) that is not
    one of the host's own findings (`known`: (rule, match) pairs of the clean host)."""
    lines, accept = set(lines), set(accept)
    hits = [
        f
        for f in findings
        if pack_of(f.rule) in accept
        and (f.rule, f.match) not in known
        and lines & set(range(f.line, max(f.end_line, f.line) + 1))
    ]
    return Catch({f.rule for f in hits}, any(flagged(f) for f in hits))


def injection_report(
    name: str, outcomes: list[tuple[str, str, Catch]], results: Results, misses: dict[str, list[str]]
) -> None:
    """Recall per pack and per defect type, and which rules caught what."""
    packs: dict[str, list[int]] = collections.defaultdict(
        lambda: [0, 0, 0]
    )  # injected, caught, caught by warning/error
    types: dict[str, list] = {}
    by_rule: collections.Counter = collections.Counter()
    for label, pack, catch in outcomes:
        types.setdefault(label, [pack, 0, 0, 0])
        packs[pack][0] += 1
        packs[pack][1] += bool(catch.rules)
        packs[pack][2] += catch.serious
        types[label][1] += 1
        types[label][2] += bool(catch.rules)
        types[label][3] += catch.serious
        by_rule.update(catch.rules)
    print(
        "| pack | injected | caught (warning/error) | recall | caught incl. info | recall incl. info |\n|---|---:|---:|---:|---:|---:|"
    )
    for pack in sorted(packs):
        n, c, s = packs[pack]
        print(f"| {pack} | {n} | {s} | {pct(s, n)} | {c} | {pct(c, n)} |")
    print("\n| defect type | pack | injected | recall | incl. info |\n|---|---|---:|---:|---:|")
    for label, (pack, n, c, s) in types.items():
        print(f"| {label} | {pack} | {n} | {pct(s, n, 0)} | {pct(c, n, 0)} |")
    results.sets[name] = {
        "packs": {
            p: {
                "injected": n,
                "caught": s,
                "recall": ratio(s, n),
                "caught_with_info": c,
                "recall_with_info": ratio(c, n),
            }
            for p, (n, c, s) in sorted(packs.items())
        },
        "types": {
            label: {"pack": pack, "injected": n, "caught": s, "caught_with_info": c}
            for label, (pack, n, c, s) in types.items()
        },
    }
    print("\nCaught by rule: " + ", ".join(f"{r} {n}" for r, n in ranked(by_rule)))
    for rule_id, count in by_rule.items():
        pack = pack_of(rule_id)
        injected = packs[pack][0] if pack in packs else 0
        results.rule(rule_id, name).update(
            {
                "caught": count,
                "pack_injected": injected,
                "share_of_pack": ratio(count, injected),
                "pack_recall": ratio(packs[pack][2], injected) if injected else None,
            }
        )
    for label, items in sorted(misses.items()):
        print(f"- {label} missed e.g.: {items}")
    print()


def inject(corpus: str, rules, config, results: Results, limit: int | None) -> None:
    """bench/inject.py's defects in BBC articles (the phrasings the rules were written with)."""
    from bench.inject import injected_documents

    outcomes = []
    misses: dict[str, list[str]] = collections.defaultdict(list)
    for doc in injected_documents(corpus, per_injector=min(60, limit or 60)):
        catch = catches(lint(doc.text, rules, config), doc.lines, {doc.pack})
        outcomes.append((doc.label, doc.pack, catch))
        if not catch.rules and len(misses[doc.label]) < 3:
            misses[doc.label].append(doc.text.split("\n")[min(doc.lines) - 1][:100])
    print("## Injected defects, bench/inject.py (dev phrasings, BBC hosts)\n")
    injection_report("inject", outcomes, results, misses)


# Left out when real lines are judged one at a time: a line from another page is off the
# host's topic whatever it is, and this rule says just that.
OFF_TOPIC = "scraping.off-topic-line"


def lines(corpus: str, rules, config, results: Results, limit: int | None, show: int) -> None:
    """bench/real_lines.py: real furniture and article lines of pipeline-dev, one per clean article."""
    from bench.real_lines import injected_documents

    count = min(400, limit or 400)
    known_of: dict[str, set[tuple[str, str]]] = {}
    print("## Real lines one at a time, bench/real_lines.py (pipeline-dev html-text lines in BBC articles)\n")
    print(f"Each line alone between two paragraphs; {OFF_TOPIC} left out (any line from another page is off topic).\n")
    print(
        "| lines | set in | with a warning or error | share | with any finding | share |\n|---|---:|---:|---:|---:|---:|"
    )
    summary = {}
    for label, name in (("boilerplate", "furniture"), ("content", "article")):
        n = serious = anything = 0
        by_rule: collections.Counter = collections.Counter()
        examples: list[str] = []
        for doc in injected_documents(corpus, label, count):
            findings = [f for f in lint(doc.text, rules, config) if f.rule != OFF_TOPIC]
            rows = doc.text.split("\n")
            # The host article's own findings are not the line's: the article linted without it.
            headline = rows[0]
            if headline not in known_of:
                host = "\n".join(t for i, t in enumerate(rows, 1) if i not in doc.lines)
                known_of[headline] = {(f.rule, f.match) for f in lint(host, rules, config)}
            catch = catches(findings, doc.lines, {"scraping", "repetition"}, known_of[headline])
            n += 1
            serious += catch.serious
            anything += bool(catch.rules)
            by_rule.update(catch.rules)
            line = rows[min(doc.lines) - 1]
            if (catch.serious if label == "content" else not catch.rules) and len(examples) < show:
                examples.append(short(line, 90))
        print(f"| {name} | {n} | {serious} | {pct(serious, n)} | {anything} | {pct(anything, n)} |")
        summary[name] = {"lines": n, "flagged": serious, "share": ratio(serious, n), "with_info": anything}
        summary[name]["by_rule"] = dict(ranked(by_rule))
        summary[name]["examples"] = examples
    results.sets["real-lines"] = summary
    for name, found in summary.items():
        rules_text = ", ".join(f"{r} {k}" for r, k in found["by_rule"].items())
        print(f"\n{name} lines, by rule: {rules_text or 'none'}")
        what = "flagged" if name == "article" else "missed"
        for example in found["examples"]:
            print(f"- {what}: {example!r}")
    print()


def unseen(corpus: str, rules, config, results: Results, limit: int | None) -> None:
    """bench/inject_unseen.py: the held-out check. Misses are counted, not printed (keep it held out)."""
    from bench.inject_unseen import injected_documents

    known_of: dict[str, set[tuple[str, str]]] = {}
    outcomes = []
    for doc in injected_documents(corpus, per_injector=min(30, limit or 30)):
        if doc.host not in known_of:
            known_of[doc.host] = {(f.rule, f.match) for f in lint(doc.host, rules, config)}
        catch = catches(lint(doc.text, rules, config), doc.lines, doc.accept, known_of[doc.host])
        outcomes.append((doc.label, doc.pack, catch))
    print(f"## Held-out injected defects, bench/inject_unseen.py ({len(known_of)} pipeline-gold hosts)\n")
    print("Phrasings the rules were never shown; the missed phrasings are not printed, so that nobody tunes to them.\n")
    injection_report("inject-unseen", outcomes, results, {})


# --- summary ----------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def summary_table(results: Results) -> None:
    """The compact per-rule table."""
    print("## Per rule\n")
    print(
        "clean copy: documents with a finding of the rule per 1,000 (pipeline-gold, bbc-dev); pipeline: precision on labelled lines and"
    )
    print(
        "share of all boilerplate lines flagged in trafilatura / html-text output; repos: findings (posts); held-out: share of its pack's held-out defects it catches.\n"
    )
    print(
        "| rule | severity | clean copy per 1,000 (gold, bbc) | pipeline precision | pipeline recall (traf / html) | content repos findings | held-out caught |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    ids = sorted(set(results.per_rule) | {r.id for r in results.rules})
    corpus_ids = {r.id for r in results.rules if r.corpus}
    for rule_id in ids:
        sets = results.per_rule.get(rule_id, {})
        clean = ", ".join(
            f"{sets.get(name, {}).get('per_1000', 0.0):.1f}" if name in results.sets else "–"
            for name in ("pipeline-gold", "bbc-dev")
        )
        p = sets.get("pipeline-dev", {})
        if "pipeline-dev" in results.sets:
            precision = (
                f"{fmt(p.get('precision'))} ({p.get('boilerplate', 0)}/{p.get('boilerplate', 0) + p.get('content', 0)})"
            )
            recall = f"{fmt(p.get('recall_trafilatura') or 0.0, 2)} / {fmt(p.get('recall_html_text') or 0.0, 2)}"
        else:
            precision = recall = "–"
        c = sets.get("content-repos", {})
        repos_cell = f"{c.get('findings', 0)} ({c.get('posts', 0)})" if "content-repos" in results.sets else "–"
        u = sets.get("inject-unseen", {})
        held = (
            fmt(u.get("share_of_pack") or 0.0, 0)
            if "inject-unseen" in results.sets and rule_id not in corpus_ids
            else "–"
        )
        if rule_id in corpus_ids:
            bc = sets.get("bbc-dev-corpus", {})
            clean += f"; bbc corpus {bc.get('findings', 0)}" if "bbc-dev-corpus" in results.sets else ""
        print(f"| {rule_id} | {results.severity(rule_id)} | {clean} | {precision} | {recall} | {repos_cell} | {held} |")
    print()


def aggregates(results: Results) -> None:
    """The headline figures, in a few lines."""
    print("## Aggregates\n")
    p = results.sets.get("pipeline-dev", {})
    for key, s in p.items():
        print(
            f"- pipeline-dev {key}: boilerplate recall {fmt(s['recall'])} (without comments {fmt(s['recall_without_comments'])}), "
            f"content lines flagged {fmt(s['false_positive_rate'], 2)}"
        )
    for name in ("pipeline-gold", "bbc-dev"):
        if name in results.sets:
            s = results.sets[name]
            extra = (
                f"; {s['flagged_not_duplicates']} ({fmt(s['share_not_duplicates'], 2)}) leaving out corpus findings on exact duplicates"
                if "flagged_not_duplicates" in s
                else ""
            )
            print(
                f"- {name}: {s['flagged']} of {s['documents']} documents ({fmt(s['share'], 2)}) with a warning or error "
                f"({fmt(s['share_by_document_rules'], 2)} by the per-document rules alone{extra})"
            )
    if "content-repos" in results.sets:
        s = results.sets["content-repos"]
        print(f"- content repos: {s['flagged']} of {s['posts']} posts ({fmt(s['share'])}) with a warning or error")
    for name in ("inject", "inject-unseen"):
        if name in results.sets:
            print(
                f"- {name} recall (warning/error): "
                + ", ".join(f"{pack} {fmt(v['recall'], 0)}" for pack, v in results.sets[name]["packs"].items())
            )
    print()


def commit_id() -> str:
    """HEAD, with "+changes" when rule or code files under rules/ or newslint/ differ from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no", "--", "rules", "newslint")
        new = [
            p
            for p in git("ls-files", "--others", "--exclude-standard", "--", "rules", "newslint").split("\n")
            if p.endswith((".py", ".yaml"))
        ]
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+changes" if changed or new else "")


def measured(results: Results, date: str, commit: str) -> dict:
    """The figures `newslint explain RULE` shows (newslint/measured.json)."""
    sets = results.sets
    dev = sets["pipeline-dev"]["all/all"]
    unseen_packs = sets["inject-unseen"]["packs"]
    out = {
        "date": date,
        "commit": commit,
        "made_by": "python bench/quality.py --write-measured",
        "sets": {
            "pipeline-dev": f"{dev['records']:,} trafilatura and html-text outputs of news, blog and web pages, every line labelled boilerplate or content",
            "pipeline-gold": f"{sets['pipeline-gold']['documents']:,} clean texts of the same pages",
            "bbc-dev": f"{sets['bbc-dev']['documents']:,} clean BBC News articles of 2004-2005",
            "inject-unseen": f"{sum(v['injected'] for v in unseen_packs.values()):,} defects in phrasings the rules never saw, injected into pipeline-gold articles (bench/inject_unseen.py)",
        },
        "rules": {},
    }
    for rule in sorted(results.rules, key=lambda r: r.id):
        sets_of = results.per_rule.get(rule.id, {})
        p = sets_of.get("pipeline-dev", {})
        pack = pack_of(rule.id)
        heldout = sets_of.get("inject-unseen", {})
        entry = {
            "severity": rule.severity.label,
            "pipeline_boilerplate_lines": p.get("boilerplate", 0),
            "pipeline_content_lines": p.get("content", 0),
            "pipeline_precision": p.get("precision"),
            "pipeline_recall": p.get("recall") or 0.0,
            "clean_per_1000": {
                name: sets_of.get(name, {}).get("per_1000", 0.0) for name in ("pipeline-gold", "bbc-dev")
            },
        }
        if pack in unseen_packs and not rule.corpus:  # one defect per document: nothing for a corpus rule to see
            entry["heldout"] = {
                "pack": pack,
                "caught": heldout.get("caught", 0),
                "pack_defects": unseen_packs[pack]["injected"],
                "pack_recall": unseen_packs[pack]["recall"],
            }
        if rule.corpus:
            bbc_corpus = sets_of.get("bbc-dev-corpus", {})
            entry["bbc_corpus"] = {
                "findings": bbc_corpus.get("findings", 0),
                "on_exact_duplicates": bbc_corpus.get("in_duplicate_groups", 0),
            }
        out["rules"][rule.id] = entry
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sections the corpus allows; write bench/out/quality.json."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument(
        "--only",
        action="append",
        metavar="SECTION",
        choices=list(SECTIONS) + list(ALIASES),
        help="run only this section (repeatable): " + ", ".join(SECTIONS),
    )
    parser.add_argument(
        "--limit",
        type=int,
        help="documents per set (per source/extractor pair on pipeline-dev, per defect type on injections), for a quick run",
    )
    parser.add_argument("--show", type=int, default=5, help="examples to print per rule or section (default 5)")
    parser.add_argument(
        "--json", default=OUT, help=f"where to write the summary (default {os.path.relpath(OUT, ROOT)})"
    )
    parser.add_argument(
        "--write-measured",
        action="store_true",
        help="also write newslint/measured.json (needs a full run of pipeline, gold, bbc and unseen)",
    )
    args = parser.parse_args(argv)
    if not os.path.isdir(args.corpus):
        print(f"corpus not found at {args.corpus}: skipping quality measurements")
        return 0
    only = [ALIASES.get(s, s) for s in (args.only or SECTIONS)]
    if args.write_measured and (args.limit is not None or not set(MEASURED_SECTIONS) <= set(only)):
        print(f"--write-measured needs a run of {', '.join(MEASURED_SECTIONS)} without --limit", file=sys.stderr)
        return 2
    # bench/content_repos.py runs `python -m newslint` in a child: the same newslint as this one.
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH", "")) if p)
    config = Config()
    rules, errors = build_rules(config)
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        return 2
    results = Results(rules)
    corpus, limit, show = args.corpus, args.limit, args.show
    runners = {
        "reference": lambda: reference(corpus, rules, config, results),
        "pipeline": lambda: pipeline(corpus, rules, config, results, limit, show),
        "gold": lambda: gold(corpus, rules, config, results, limit, show),
        "bbc": lambda: bbc(corpus, rules, config, results, limit, show),
        "aeb": lambda: aeb(corpus, rules, config, results, limit, show),
        "repos": lambda: repos(corpus, results, show),
        "inject": lambda: inject(corpus, rules, config, results, limit),
        "lines": lambda: lines(corpus, rules, config, results, limit, show),
        "unseen": lambda: unseen(corpus, rules, config, results, limit),
    }
    started = time.perf_counter()
    print(f"# newslint quality ({len(rules)} rules{f', --limit {limit}' if limit else ''})\n")
    for section in SECTIONS:
        if section in only:
            t0 = time.perf_counter()
            runners[section]()
            results.seconds[section] = round(time.perf_counter() - t0, 1)
            sys.stdout.flush()
    results.seconds["total"] = round(time.perf_counter() - started, 1)
    aggregates(results)
    summary_table(results)
    print("Seconds per section: " + ", ".join(f"{k} {v}" for k, v in results.seconds.items()))
    date = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    commit = commit_id()
    summary = {
        "date": date,
        "commit": commit,
        "limit": limit,
        "sections": [s for s in SECTIONS if s in only],
        "seconds": results.seconds,
        "sets": results.sets,
        "rules": {r: dict(sorted(v.items())) for r, v in sorted(results.per_rule.items())},
        "severity": {r.id: r.severity.label for r in rules},
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
    print(f"Wrote {os.path.relpath(args.json)}")
    if args.write_measured:
        with open(MEASURED, "w", encoding="utf-8") as handle:
            json.dump(measured(results, date, commit), handle, indent=1, ensure_ascii=False, sort_keys=False)
            handle.write("\n")
        print(f"Wrote {os.path.relpath(MEASURED)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
