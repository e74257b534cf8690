"""Run newslint on a Dask cluster: per-document checks on workers, corpus checks as a grouping.

Install with `pip install 'newslint[dask]'`. Nothing here collects the corpus on one node:
workers read and check documents and keep only findings and small signatures; the corpus
checks group signatures by key (headline hash, LSH band, paragraph opening) with a Dask
shuffle and compare only within a group; only findings come back to the caller. The
functions are those of the local run (newslint.runner, newslint.corpus), so the findings
are identical.

Python API::

    import dask.bag as db
    from newslint.dask import lint_records, lint_files

    records = db.read_text("shards/*.jsonl").map(json.loads)   # or df.to_bag(format="dict")
    findings = lint_records(records, path="shards").compute()   # list of newslint.Finding
    findings = lint_files(db.from_sequence(paths, npartitions=64)).compute()
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import dask
import dask.bag as db

from newslint import corpus
from newslint.config import Config
from newslint.finding import Finding
from newslint.kinds.corpus_base import stable_hash
from newslint.lint import lint_item
from newslint.overlaps import one_per_defect, outranking
from newslint.readers import ReadOptions
from newslint.readers.records import record_results
from newslint.rule import Rule
from newslint.runner import FileResult, check_file

LOCAL = "local"


def _rules_and_config(
    config: Config | str | None, select: Sequence[str], ignore: Sequence[str], rules: Sequence[Rule] | None
) -> tuple[list[Rule], Config]:
    from newslint import _prepare

    if rules is not None:
        chosen, settings = list(rules), config if isinstance(config, Config) else Config(root=os.getcwd())
    else:
        settings, chosen = _prepare(config, select, ignore)
    corpus.prepare(chosen)  # the LSH bands travel to the workers with the rules
    return chosen, settings


def _check_partition(paths: Iterable[str], rules: Sequence[Rule], config: Config) -> list[FileResult]:
    return [check_file(path, rules, config) for path in paths]


def _check_records(
    records: Iterable[Any], start: int, path: str, rules: Sequence[Rule], config: Config
) -> list[FileResult]:
    # One FileResult per record keeps the bag's elements small and uniform.
    options = config.read if isinstance(config.read, ReadOptions) else ReadOptions()
    signing = corpus.corpus_rules(rules)
    out = []
    for offset, record in enumerate(records):
        linted = [
            lint_item(item, rules, signing=signing, report_unused=config.report_unused_suppressions)
            for item in record_results(path, record, start + offset + 1, options)
        ]
        findings = tuple(f for one in linted for f in one.findings)
        signatures = tuple(one.signed for one in linted if one.signed is not None)
        out.append(FileResult(path, sum(one.document for one in linted), findings, signatures))
    return out


def check_paths_bag(paths: db.Bag, rules: Sequence[Rule], config: Config) -> db.Bag:
    """A bag of FileResults: every file of the bag read and checked on the workers."""
    return paths.map_partitions(_check_partition, rules, config)


def check_records_bag(records: db.Bag, rules: Sequence[Rule], config: Config, path: str = "records") -> db.Bag:
    """A bag of FileResults, one per record (a dict with title/body/id fields); records without
    an id are numbered from 1 across the whole bag, as the JSONL reader numbers lines."""
    lengths = records.map_partitions(lambda part: [sum(1 for _ in part)]).compute()
    starts = [sum(lengths[:i]) for i in range(len(lengths))]
    parts = [
        dask.delayed(_check_records)(part, start, path, rules, config)
        for part, start in zip(records.to_delayed(), starts, strict=True)
    ]
    return db.from_delayed(parts)


def _members(result: FileResult, rule_id: str) -> list[corpus.Member]:
    out = []
    for signed in result.signatures:
        for rid, signature in signed.signatures:
            if rid == rule_id:
                out.append(corpus.Member(signed.doc, signature))
    return out


def _related_of_group(group: tuple[int, list], rule: Rule) -> list[corpus.Related]:
    key, members = group
    return corpus.relate_group(rule, key, [m for _, m in members]) if len(members) > 1 else []


def _target_key(pair: corpus.Related) -> int:
    # Grouping keys must hash alike in every worker process: ints do, str and tuples may not.
    return stable_hash(
        repr((pair.target.path, pair.target.record, pair.place.line, pair.place.column, pair.place.field))
    )


def corpus_findings_bag(results: db.Bag, rules: Sequence[Rule]) -> db.Bag:
    """A bag of the corpus rules' findings, computed by grouping on the cluster (no all pairs)."""
    bags = []
    for rule in corpus.corpus_rules(rules):
        members = results.map(_members, rule.id).flatten()
        keyed = members.map(lambda m, rule=rule: [(key, m) for key in corpus.kind_of(rule).keys(m.signature)]).flatten()
        groups = keyed.groupby(lambda km: km[0], npartitions=max(1, results.npartitions))
        related = groups.map(_related_of_group, rule).flatten()  # findings_of drops repeats
        per_target = related.groupby(_target_key, npartitions=max(1, results.npartitions))
        bags.append(per_target.map(lambda kv, rule=rule: corpus.findings_of(rule, kv[1])).flatten())
    if not bags:
        return db.from_sequence([], npartitions=1)
    # One finding per defect across corpus rules, as corpus.collate: settled document by document.
    stronger = outranking(rules)
    per_document = db.concat(bags).groupby(
        lambda f: stable_hash(repr((f.path, f.record))), npartitions=max(1, results.npartitions)
    )
    return per_document.map(lambda kv: one_per_defect(kv[1], stronger)).flatten()


def findings_bag(results: db.Bag, rules: Sequence[Rule]) -> db.Bag:
    """Per-document findings and corpus findings of a bag of FileResults."""
    per_document = results.map(lambda r: list(r.findings)).flatten()
    return db.concat([per_document, corpus_findings_bag(results, rules)])


def lint_files(
    paths: db.Bag,
    *,
    config: Config | str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    rules: Sequence[Rule] | None = None,
) -> db.Bag:
    """Findings (a lazy bag) of the files named by a bag of paths the workers can read."""
    rules, config = _rules_and_config(config, select, ignore, rules)
    return findings_bag(check_paths_bag(paths, rules, config), rules)


def lint_records(
    records: Any,
    *,
    path: str = "records",
    config: Config | str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    rules: Sequence[Rule] | None = None,
) -> db.Bag:
    """Findings (a lazy bag) of a Dask bag of record dicts or a Dask dataframe of records.

    Findings name `path` and each record's id field (or its 1-based index in the bag).
    """
    if hasattr(records, "to_bag"):  # a Dask dataframe: one dict per row
        records = records.to_bag(format="dict")
    rules, config = _rules_and_config(config, select, ignore, rules)
    return findings_bag(check_records_bag(records, rules, config, path), rules)


def sorted_findings(bag: db.Bag) -> list[Finding]:
    """Compute a findings bag and return it in the one report order."""
    return sorted(bag.compute(), key=Finding.sort_key)


def client_for(address: str):
    """A distributed Client: a LocalCluster for 'local', else the scheduler at `address`."""
    from distributed import Client, LocalCluster

    if address == LOCAL:
        return Client(LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, dashboard_address=None))
    return Client(address)


def check_on_dask(
    files: Sequence[str], rules: Sequence[Rule], config: Config, address: str, partitions: int | None = None
) -> tuple[list[Finding], int, list[str]]:
    """What `newslint check --dask ADDRESS` runs: (findings, documents, files) of the files."""
    if any(f == "-" for f in files):
        raise ValueError("--dask cannot read stdin: name files the workers can read")
    with client_for(address):
        paths = (
            db.from_sequence(list(files), npartitions=partitions or max(1, min(len(files), 256)))
            if files
            else db.from_sequence([], npartitions=1)
        )
        results = check_paths_bag(paths, rules, config).persist()
        documents = sum(results.map(lambda r: r.documents).compute()) if files else 0
        findings = sorted_findings(findings_bag(results, rules))
    return findings, documents, list(files)
