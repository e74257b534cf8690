"""Corpus-wide checks: per-document signatures during the run, then grouping and findings after it.

Only signatures are kept (a normalized headline, a 512-byte MinHash, hashed paragraph openings),
never the documents, and documents are compared only within groups sharing a key (a headline,
an LSH band, a paragraph opening), so memory and time grow about linearly with the corpus.
The same functions run on Dask (newslint.dask), so both give identical findings.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

from newslint.document import Document
from newslint.engine import crash_finding
from newslint.finding import Finding
from newslint.overlaps import one_per_defect, outranking
from newslint.kinds import CORPUS_KIND_TYPES
from newslint.kinds.corpus_kinds import CorpusNearDuplicateKind, DocRef, Member, Related
from newslint.readers import ReadProblem, read_bytes
from newslint.rule import Rule
from newslint.suppressions import apply_suppressions

# Separates the documents of a corpus rule's example or test case: a line of three dashes.
DOCUMENT_SEPARATOR = "\n---\n"


@dataclass(frozen=True)
class DocumentSignatures:
    """What the corpus pass keeps of one document: who it is, its suppressions, its signatures."""

    doc: DocRef  # carries the document's inline suppressions
    signatures: tuple[tuple[str, Any], ...]  # (rule id, that rule's signature)


def is_corpus_rule(rule: Rule) -> bool:
    """True for rules whose kind compares documents with each other."""
    return isinstance(rule.check, CORPUS_KIND_TYPES)


def corpus_rules(rules: Iterable[Rule]) -> list[Rule]:
    """The corpus rules among `rules`, in id order."""
    return sorted((r for r in rules if is_corpus_rule(r)), key=lambda r: r.id)


def prepare(rules: Iterable[Rule]) -> None:
    """Do the corpus rules' one-time set-up (the LSH bands of near-duplicate rules) now."""
    for rule in corpus_rules(rules):
        if isinstance(rule.check, CorpusNearDuplicateKind):
            rule.check.prepare()


def sign(document: Document, rules: Sequence[Rule]) -> tuple[DocumentSignatures | None, list[Finding]]:
    """Signatures of one document for the corpus rules; a failing rule becomes an error finding."""
    signatures: list[tuple[str, Any]] = []
    errors: list[Finding] = []
    for rule in rules:
        try:
            signature = rule.check.signature(document, document.blocks_in(rule.scope))
        except Exception as exc:  # one broken rule must not stop the run
            errors.append(crash_finding(document, rule, exc))
            continue
        if signature is not None:
            signatures.append((rule.id, signature))
    if not signatures:
        return None, errors
    return DocumentSignatures(DocRef(document.path, document.record, document.directives, document.authored), tuple(signatures)), errors


def members_of(rule: Rule, signed: Iterable[DocumentSignatures]) -> list[Member]:
    """The documents that have a signature for `rule`, in report order."""
    members = [Member(d.doc, sig) for d in signed for rule_id, sig in d.signatures if rule_id == rule.id]
    return sorted(members, key=lambda m: m.doc.sort_key())


def relate_group(rule: Rule, key: int, members: Sequence[Member]) -> list[Related]:
    """The pairs one group of documents sharing a key yields (members in any order)."""
    return list(rule.check.relate(key, sorted(members, key=lambda m: m.doc.sort_key())))


def relate_all(rule: Rule, members: Iterable[Member]) -> set[Related]:
    """Group the members by key and relate within each group: never all pairs of the corpus."""
    members = list(members)
    probes = [rule.check.probe_keys(m.signature) for m in members]
    wanted = None if any(p is None for p in probes) else {key for p in probes for key in p}
    keys, owners = array("Q"), array("q")
    for i, member in enumerate(members):
        for key in rule.check.keys(member.signature):
            if wanted is None or key in wanted:
                keys.append(key)
                owners.append(i)
    related: set[Related] = set()
    for key, group in shared_keys(keys, owners):
        related.update(relate_group(rule, key, [members[j] for j in group]))
    return related


def shared_keys(keys: array, owners: array) -> Iterator[tuple[int, list[int]]]:
    """(key, its owners ascending) for every key held more than once, keys ascending."""
    # Nearly every key of a corpus is held once (a 100k-document corpus has over a million),
    # so they are counted first, in C, and only the shared ones get a list of owners.
    groups: dict[int, list[int]] = {key: [] for key, count in Counter(keys).items() if count > 1}
    for key, owner in zip(keys, owners):
        group = groups.get(key)
        if group is not None:
            group.append(owner)  # owners arrive ascending
    for key in sorted(groups):
        yield key, groups[key]


def findings_of(rule: Rule, related: Iterable[Related]) -> list[Finding]:
    """One finding per target place, naming its earliest related documents; suppressions applied."""
    by_target: dict[tuple, list[Related]] = defaultdict(list)
    for pair in related:
        by_target[pair.target, pair.place].append(pair)
    findings: list[Finding] = []
    for (target, place), pairs in by_target.items():
        # A pair found in several groups (two documents sharing several LSH bands) counts once.
        pairs = sorted(set(pairs), key=lambda p: p.other.sort_key())
        named = pairs[: rule.check.max_named]
        values = {**dict(named[0].values), "match": place.match, "rule": rule.id}
        values["others"] = ", ".join(p.other.name for p in named)
        finding = Finding(target.path, place.line, place.column, place.end_line, place.end_column, rule.id, rule.severity_in(target.authored),
                          rule.format_message(values), match=place.match, record=target.record, field=place.field)
        kept, _ = apply_suppressions([finding], target.directives)
        findings.extend(kept)
    return sorted(findings, key=Finding.sort_key)


def collate(rules: Sequence[Rule], signed: Sequence[DocumentSignatures]) -> list[Finding]:
    """Every corpus rule's findings over the signed documents of a run, in report order."""
    findings: list[Finding] = []
    for rule in corpus_rules(rules):
        findings.extend(findings_of(rule, relate_all(rule, members_of(rule, signed))))
    return sorted(one_per_defect(findings, outranking(rules)), key=Finding.sort_key)


def split_documents(text: str) -> list[str]:
    """The documents of a multi-document example: texts separated by a line '---'."""
    return [part for part in ("\n" + text + "\n").split(DOCUMENT_SEPARATOR)]


def lint_corpus_texts(rule: Rule, texts: Sequence[str], fmt: str = "txt") -> list[Finding]:
    """One corpus rule over several texts read as documents example-1.txt, example-2.txt, ..."""
    findings: list[Finding] = []
    signed: list[DocumentSignatures] = []
    for i, text in enumerate(texts, 1):
        for item in read_bytes(f"example-{i}.{fmt}", text.strip("\n").encode("utf-8")):
            if isinstance(item, ReadProblem):
                continue  # an empty part is simply not a document of the example
            signature, errors = sign(item, [rule])
            findings.extend(errors)
            if signature is not None:
                signed.append(signature)
    return findings + collate([rule], signed)


def iter_signatures(results: Iterable[Any]) -> Iterator[DocumentSignatures]:
    """The signatures held by runner FileResults (those of files with corpus rules)."""
    for result in results:
        yield from getattr(result, "signatures", ())


# Record formats hold many documents in one file, so one such file is already a corpus.
RECORD_EXTENSIONS = (".jsonl", ".ndjson", ".json", ".csv")


def worth_running(files: Sequence[str]) -> bool:
    """False for a run over one article file (a pre-commit hook): nothing to compare it with.

    Skipping the corpus pass there also skips the MinHash of the article and the choice of
    the LSH bands (or its look-up in the cache).
    """
    return len(files) > 1 or any(f.lower().endswith(RECORD_EXTENSIONS) for f in files)
