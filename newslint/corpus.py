"""Corpus-wide checks: per-document signatures during the run, then grouping and findings after it.

Only signatures are kept (a hashed headline, a 512-byte MinHash, hashed paragraph openings,
hashed short lines), never the documents, packed into a few arrays (SignatureStore: about
1 KB per document with the built-in rules), and documents are compared only within groups
sharing a key (a headline, an LSH band, a paragraph opening), so memory and time grow about
linearly with the corpus. The same functions run on Dask (newslint.dask), so both give
identical findings.
"""

from __future__ import annotations

import itertools
import marshal
import os
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, cast, overload

from newslint.document import Document
from newslint.engine import crash_finding
from newslint.finding import Finding, RecordPlace, placed_record, record_place
from newslint.kinds.contract import CorpusKind, PacksSignatures, Prepares
from newslint.kinds.corpus_base import DocRef, Member, Place, Related
from newslint.overlaps import one_per_defect, outranking
from newslint.rule import Rule
from newslint.suppressions import apply_suppressions


@dataclass(frozen=True)
class DocumentSignatures:
    """What the corpus pass keeps of one document: who it is, its suppressions, its signatures."""

    doc: DocRef  # carries the document's inline suppressions
    signatures: tuple[tuple[str, Any], ...]  # (rule id, that rule's signature)


def corpus_rules(rules: Iterable[Rule]) -> list[Rule]:
    """The corpus rules among `rules`, in id order."""
    return sorted((r for r in rules if r.corpus), key=lambda r: r.id)


def kind_of(rule: Rule) -> CorpusKind:
    """The kind of a corpus rule, as the CorpusKind it is."""
    return cast(CorpusKind, rule.kind)


def prepare(rules: Iterable[Rule]) -> None:
    """Do the corpus rules' one-time set-up (the LSH bands of near-duplicate rules) now."""
    for rule in corpus_rules(rules):
        if isinstance(rule.kind, Prepares):
            rule.kind.prepare()


def sign(document: Document, rules: Sequence[Rule]) -> tuple[DocumentSignatures | None, list[Finding]]:
    """Signatures of one document for the corpus rules; a failing rule becomes an error finding."""
    signatures: list[tuple[str, Any]] = []
    errors: list[Finding] = []
    for rule in rules:
        try:
            signature = kind_of(rule).signature(document, document.blocks_in(rule.scope))
        except Exception as exc:  # one broken rule must not stop the run
            errors.append(crash_finding(document, rule, exc))
            continue
        if signature is not None:
            signatures.append((rule.id, signature))
    if not signatures:
        return None, errors
    return DocumentSignatures(
        DocRef(document.path, document.record, document.directives, document.authored), tuple(signatures)
    ), errors


# Packed signatures held in memory before they go to a temporary file (about 25,000 articles).
SIGNATURE_MEMORY_BYTES = 32 * 1024 * 1024


class _Blob:
    """Bytes appended one after another and read back by offset: in memory up to `limit`
    bytes, then in a temporary file (deleted on creation), so that what a big run keeps of
    each document does not stay in memory (the file mostly stays in the page cache)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.memory = bytearray()
        self.file: IO[bytes] | None = None
        self.size = 0

    def append(self, data: bytes) -> int:
        """Keep `data`; where it starts."""
        start = self.size
        if self.file is None and self.size + len(data) > self.limit:
            self.file = tempfile.TemporaryFile(prefix="newslint-signatures-")
            self.file.write(self.memory)
            self.memory = bytearray()
        if self.file is None:
            self.memory += data
        else:
            self.file.seek(0, os.SEEK_END)
            self.file.write(data)
        self.size += len(data)
        return start

    def read(self, start: int, length: int) -> bytes:
        """The `length` bytes kept at `start`."""
        if self.file is None:
            return bytes(self.memory[start : start + length])
        self.file.flush()
        if hasattr(os, "pread"):
            return os.pread(self.file.fileno(), length, start)
        self.file.seek(start)
        return self.file.read(length)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        self.memory = bytearray()


class SignatureStore:
    """The corpus signatures of every document of a run, packed: a run keeps them until its
    last document is read, so a Python object or a dozen per document would make memory
    grow several times faster than these arrays do.

    Per document: its path (an index into the run's paths), its record id and where the
    record is (marshal-ed), whether it is authored, and its inline suppressions (only for
    the few documents that have some). Per corpus rule: each signature as the rule's kind
    packs it (`pack`/`unpack`), and whose it is; the packed signatures themselves go to a
    temporary file once they pass SIGNATURE_MEMORY_BYTES, so memory keeps a few dozen
    bytes per document. Documents and signatures are rebuilt one at a time when the groups
    are formed (StoredMembers)."""

    def __init__(self, rules: Iterable[Rule] = (), memory_bytes: int | None = None) -> None:
        self._blob = _Blob(SIGNATURE_MEMORY_BYTES if memory_bytes is None else memory_bytes)
        self._kinds = {r.id: kind_of(r) for r in corpus_rules(rules)}
        self._paths: list[str] = []
        self._path_index: dict[str, int] = {}
        self._path_of = array("I")
        self._docs = bytearray()  # marshal-ed (record, record place) of each document
        self._doc_ends = array("Q")
        self._authored = bytearray()
        self._directives: dict[int, tuple] = {}
        self._signatures: dict[str, _PackedColumn] = {}
        self._order: tuple[array, array, array] | None = None  # rank, first equal, order (made when first needed)

    def __len__(self) -> int:
        return len(self._path_of)

    def add(self, signed: DocumentSignatures) -> None:
        """Keep one document's signatures."""
        doc = signed.doc
        index = len(self._path_of)
        path = self._path_index.get(doc.path)
        if path is None:
            path = self._path_index[doc.path] = len(self._paths)
            self._paths.append(doc.path)
        self._path_of.append(path)
        self._docs += _pack_record(doc.record)
        self._doc_ends.append(len(self._docs))
        self._authored.append(doc.authored)
        if doc.directives:
            self._directives[index] = doc.directives
        for rule_id, signature in signed.signatures:
            column = self._signatures.get(rule_id)
            if column is None:
                column = self._signatures[rule_id] = _PackedColumn(self._kinds.get(rule_id), self._blob)
            column.add(index, signature)
        self._order = None

    def close(self) -> None:
        """Let go of the packed signatures (and delete their temporary file, if any)."""
        self._blob.close()

    def __enter__(self) -> SignatureStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def extend(self, signed: Iterable[DocumentSignatures]) -> None:
        """Keep the signatures of several documents."""
        for one in signed:
            self.add(one)

    def doc(self, index: int) -> DocRef:
        """The DocRef of document `index` (in the order they were added)."""
        start = self._doc_ends[index - 1] if index else 0
        record = _unpack_record(bytes(self._docs[start : self._doc_ends[index]]))
        return DocRef(
            self._paths[self._path_of[index]], record, self._directives.get(index, ()), bool(self._authored[index])
        )

    def rank(self) -> array:
        """Each document's place in report order (by path, then record; stable)."""
        return self._report_order()[0]

    def first_equal(self) -> array:
        """For each place in report order, the first place holding an equal document (the
        same path and record: a dataset may give two records one id)."""
        return self._report_order()[1]

    def in_report_order(self) -> array:
        """The documents (their indexes) in report order."""
        return self._report_order()[2]

    def _report_order(self) -> tuple[array, array, array]:
        if self._order is None:
            keys = [self.doc(i).sort_key() for i in range(len(self))]
            order = array("I", sorted(range(len(keys)), key=keys.__getitem__))
            rank = array("I", bytes(4 * len(order)))
            first = array("I", bytes(4 * len(order)))
            for place, index in enumerate(order):
                rank[index] = place
                first[place] = first[place - 1] if place and keys[index] == keys[order[place - 1]] else place
            del keys
            self._order = (rank, first, order)
        return self._order

    def members(self, rule: Rule) -> StoredMembers:
        """The documents with a signature for `rule`, in report order."""
        column = self._signatures.get(rule.id)
        if column is None:
            return StoredMembers(self, _PackedColumn(None, self._blob), array("I"))
        rank = self.rank()
        order = array("I", sorted(range(len(column)), key=lambda entry: rank[column.owners[entry]]))
        return StoredMembers(self, column, order)


class _PackedColumn:
    """One corpus rule's signatures: the document of each, and where it is packed in the blob."""

    def __init__(self, kind: CorpusKind | None, blob: _Blob) -> None:
        packs = kind if isinstance(kind, PacksSignatures) else None
        self.pack = packs.pack if packs is not None else None
        self.unpack = packs.unpack if packs is not None else None
        self.blob = blob
        self.owners = array("I")
        self.starts = array("Q")
        self.lengths = array("I")
        self.objects: list = []  # signatures of a kind that cannot pack them, as they are

    def __len__(self) -> int:
        return len(self.owners)

    def add(self, owner: int, signature: Any) -> None:
        self.owners.append(owner)
        if self.pack is None or self.unpack is None:
            self.objects.append(signature)
            return
        data = self.pack(signature)
        self.starts.append(self.blob.append(data))
        self.lengths.append(len(data))

    def get(self, entry: int) -> Any:
        if self.pack is None or self.unpack is None:
            return self.objects[entry]
        return self.unpack(self.blob.read(self.starts[entry], self.lengths[entry]))


class StoredMembers(Sequence[Member]):
    """One rule's members, in report order, rebuilt from a SignatureStore as they are asked for."""

    def __init__(self, store: SignatureStore, column: _PackedColumn, order: array) -> None:
        self._store, self._column, self._order = store, column, order

    def __len__(self) -> int:
        return len(self._order)

    def signature(self, position: int) -> Any:
        """The signature of the member at `position` (its document is not rebuilt)."""
        return self._column.get(self._order[position])

    def document(self, position: int) -> int:
        """The store's index of the member's document."""
        return self._column.owners[self._order[position]]

    @overload
    def __getitem__(self, position: int) -> Member: ...

    @overload
    def __getitem__(self, position: slice) -> list[Member]: ...

    def __getitem__(self, position: int | slice) -> Member | list[Member]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        entry = self._order[position]
        return Member(self._store.doc(self._column.owners[entry]), self._column.get(entry))


def _pack_record(record: str | int | None) -> bytes:
    where = record_place(record)
    plain: int | str | None
    if isinstance(record, bool) or record is None:
        plain = record
    else:
        plain = int(record) if isinstance(record, int) else str(record)
    return marshal.dumps((plain, None if where is None else (where.line, where.fields, where.verbatim)))


def _unpack_record(data: bytes) -> str | int | None:
    record, where = marshal.loads(data)
    return record if where is None else placed_record(record, RecordPlace(*where))


def members_of(rule: Rule, signed: Iterable[DocumentSignatures] | SignatureStore) -> Sequence[Member]:
    """The documents that have a signature for `rule`, in report order."""
    if isinstance(signed, SignatureStore):
        return signed.members(rule)
    members = [Member(d.doc, sig) for d in signed for rule_id, sig in d.signatures if rule_id == rule.id]
    return sorted(members, key=lambda m: m.doc.sort_key())


def relate_group(rule: Rule, key: int, members: Sequence[Member]) -> list[Related]:
    """The pairs one group of documents sharing a key yields (members in any order)."""
    return list(kind_of(rule).relate(key, sorted(members, key=lambda m: m.doc.sort_key())))


def relate_all(rule: Rule, members: Iterable[Member]) -> set[Related]:
    """Group the members by key and relate within each group: never all pairs of the corpus."""
    if not isinstance(members, StoredMembers):
        members = list(members)
    related: set[Related] = set()
    for key, group in _groups(rule, members):
        related.update(relate_group(rule, key, [members[j] for j in group]))
    return related


def _groups(rule: Rule, members: Sequence[Member]) -> Iterator[tuple[int, list[int]]]:
    """(key, the positions of its members) for every key several members hold."""
    kind = kind_of(rule)
    signature = members.signature if isinstance(members, StoredMembers) else (lambda i: members[i].signature)
    # Keys no probe holds start no comparison: with probes (teasers), only their keys count.
    probed: set[int] = set()
    wanted: set[int] | None = probed
    for i in range(len(members)):
        probes = kind.probe_keys(signature(i))
        if probes is None:
            wanted = None
            break
        probed.update(probes)
    keys, owners = array("Q"), array("I")
    for i in range(len(members)):
        for key in kind.keys(signature(i)):
            if wanted is None or key in wanted:
                keys.append(key)
                owners.append(i)
    yield from shared_keys(keys, owners)


# Keys looked at in one pass of shared_keys: its tables are sized for this many at most.
KEYS_PER_PASS = 1 << 20


def shared_keys(keys: array, owners: array) -> Iterator[tuple[int, list[int]]]:
    """(key, its owners ascending) for every key held more than once, keys ascending."""
    # Nearly every key of a corpus is held once (a 100k-document corpus has over a million):
    # a dict or Counter of them all would take about 100 bytes a key. Keys are counted by
    # their low bits first, in a byte table eight or more times longer than there are keys
    # (a count of 0, 1 or 2+ each); only keys whose slot was hit twice can be shared, and
    # only those (the shared ones and about one in eight others) go into a dict. Past a
    # million keys, the keys are taken in several passes, by their top bits (in order).
    passes = 1 << (len(keys) // KEYS_PER_PASS).bit_length() if len(keys) > KEYS_PER_PASS else 1
    for part in range(passes):
        yield from _shared_in(keys, owners, part, passes)


def _shared_in(keys: array, owners: array, part: int, passes: int) -> Iterator[tuple[int, list[int]]]:
    """shared_keys for the keys whose top bits are `part` (of `passes`: a power of two)."""
    whole = passes == 1
    shift = 64 - (passes.bit_length() - 1)
    size = 1 << max(16, (8 * len(keys) // passes).bit_length())
    mask = size - 1
    seen = bytearray(size)
    for key in keys:
        if whole or key >> shift == part:
            slot = key & mask
            if seen[slot] < 2:
                seen[slot] += 1
    groups: dict[int, Any] = {}  # key -> its first owner, then the list of its owners
    for key, owner in zip(keys, owners, strict=True):
        if seen[key & mask] < 2 or not (whole or key >> shift == part):
            continue
        group = groups.get(key)
        if group is None:
            groups[key] = owner
        elif type(group) is int:
            groups[key] = [group, owner]  # owners arrive ascending
        else:
            group.append(owner)
    del seen
    for key in sorted(k for k, group in groups.items() if type(group) is not int):
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
        findings.extend(_finding(rule, target, place, [(p.other, p.values) for p in pairs[: kind_of(rule).max_named]]))
    return sorted(findings, key=Finding.sort_key)


def _finding(rule: Rule, target: DocRef, place: Place, named: Sequence[tuple[DocRef, tuple]]) -> list[Finding]:
    """The finding at a target's place naming `named` (other document, values), if its
    document's suppressions let it through."""
    values = {**dict(named[0][1]), "match": place.match, "rule": rule.id}
    values["others"] = ", ".join(other.name for other, _ in named)
    finding = Finding(
        target.path,
        place.line,
        place.column,
        place.end_line,
        place.end_column,
        rule.id,
        rule.severity_in(target.authored),
        rule.format_message(values),
        match=place.match,
        record=target.record,
        field=place.field,
    )
    kept, _ = apply_suppressions([finding], target.directives)
    return kept


def stored_findings(rule: Rule, store: SignatureStore) -> Iterator[Finding]:
    """findings_of(rule, relate_all(rule, store.members(rule))), without every pair at once.

    Each group's pairs go to a spool (on disk once there are many) as plain values: the
    target and the other document by their place in report order (the first of equal
    ones), the place. Read back by target and place, each target's pairs are together."""
    from newslint.spool import Spool

    members = store.members(rule)
    first = store.first_equal()
    rank = store.rank()
    with Spool(key=_pair_order) as pairs:
        for key, group in _groups(rule, members):
            chosen = [members[j] for j in group]
            where = {id(m.doc): first[rank[members.document(j)]] for m, j in zip(chosen, group, strict=True)}
            equal = {m.doc: where[id(m.doc)] for m in chosen}  # for a pair naming a copy of a member's DocRef
            found = []
            # relate_group's pairs as they come, a batch at a time: a line on every page of a
            # site makes a group of thousands of documents and three pairs each.
            for pair in kind_of(rule).relate(key, sorted(chosen, key=lambda m: m.doc.sort_key())):
                target = where.get(id(pair.target), None)
                other = where.get(id(pair.other), None)
                target = equal[pair.target] if target is None else target
                other = equal[pair.other] if other is None else other
                found.append((target, _place_key(pair.place), other, pair.values))
                if len(found) >= 4096:
                    pairs.add(found)
                    found = []
            pairs.add(found)
        order = store.in_report_order()
        for (target, place), entries in itertools.groupby(pairs, key=lambda p: (p[0], p[1])):
            named = list(dict.fromkeys((named_other, values) for _, _, named_other, values in entries))[
                : kind_of(rule).max_named
            ]
            yield from _finding(
                rule,
                store.doc(order[target]),
                _place_from_key(place),
                [(store.doc(order[o]), values) for o, values in named],
            )


def _place_key(place: Place) -> tuple:
    """A Place as values that sort (a field may be None)."""
    return (
        place.line,
        place.column,
        place.end_line,
        place.end_column,
        place.field is not None,
        place.field,
        place.match,
    )


def _place_from_key(key: Sequence) -> Place:
    """The Place of a _place_key."""
    line, column, end_line, end_column, _, field, match = key
    return Place(line, column, end_line, end_column, field, match)


def _pair_order(pair: tuple) -> tuple:
    target, place, other, _ = pair
    return (target, place[:5], place[5] or "", place[6], other)


def collate(rules: Sequence[Rule], signed: Iterable[DocumentSignatures] | SignatureStore) -> list[Finding]:
    """Every corpus rule's findings over the signed documents of a run, in report order."""
    return list(corpus_findings(rules, signed))


def corpus_findings(rules: Sequence[Rule], signed: Iterable[DocumentSignatures] | SignatureStore) -> Iterator[Finding]:
    """collate's findings as they come, in report order: each rule's findings go to a spool
    (on disk once there are many), and one finding per defect is settled a document at a
    time, so the findings of every rule are never all held at once."""
    from newslint.spool import FindingSpool

    if not isinstance(signed, SignatureStore):
        with SignatureStore(rules) as store:
            store.extend(signed)
            yield from corpus_findings(rules, store)
        return
    with FindingSpool() as pending:
        for rule in corpus_rules(rules):
            pending.add(stored_findings(rule, signed))
        stronger = outranking(rules)
        # one_per_defect compares findings of one document only: settling each document's
        # (in report order) keeps what settling them all at once and then sorting would.
        for _, group in itertools.groupby(pending, key=_document_of):
            yield from one_per_defect(list(group), stronger)


def _document_of(finding: Finding) -> tuple:
    return finding.sort_key()[:2]  # path, record


# Record formats hold many documents in one file, so one such file is already a corpus.
RECORD_EXTENSIONS = (".jsonl", ".ndjson", ".json", ".csv")


def worth_running(files: Sequence[str]) -> bool:
    """False for a run over one article file (a pre-commit hook): nothing to compare it with.

    Skipping the corpus pass there also skips the MinHash of the article and the choice of
    the LSH bands (or its look-up in the cache).
    """
    return len(files) > 1 or any(f.lower().endswith(RECORD_EXTENSIONS) for f in files)
