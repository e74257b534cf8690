"""Corpus kinds: checks across the documents of a run (duplicate headlines, near-duplicates, teasers).

A corpus kind's `check` yields nothing: one document alone cannot show a cross-document defect.
Instead each kind has three small steps that newslint.corpus (locally) and newslint.dask (on a
cluster) chain together, so both give the same findings:

- `signature(document, blocks)`: small per-document data, computed where the document is read
  (never the text of the corpus);
- `keys(signature)`: grouping keys (64-bit ints, equal in every process); only documents
  sharing a key are ever compared, so the cost grows with the corpus, not with its square;
- `probe_keys(signature)`: the keys that can start a comparison (None: all of them); groups
  with no probe are dropped before they are built (teasers are rare, openings are not);
- `relate(key, members)`: within one group (members sorted in report order), pairs
  (target, earlier document) where the target gets a finding naming the earlier one.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import operator
import os
import struct
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator, NamedTuple, Sequence

from rensa import CMinHash

from newslint import rulecache
from newslint.document import HEADLINE, Block, Directive, Document
from newslint.kinds.base import Hit, KindError
from newslint.kinds.duplicate import facts, teaser_end
from newslint.text import normalize


@dataclass(frozen=True)
class DocRef:
    """Which document a signature belongs to, in report order (path, then record)."""

    path: str
    record: str | int | None = None
    # Inline suppressions travel with the document so that corpus findings honour them too.
    directives: tuple[Directive, ...] = field(default=(), compare=False)
    authored: bool = field(default=False, compare=False)  # an authored document (Rule.severity_in)

    def sort_key(self) -> tuple:
        """Report order: by path, then records by index when numeric, by id otherwise."""
        if self.record is None:
            return (self.path, 0, 0, "")
        if isinstance(self.record, int):
            return (self.path, 1, self.record, "")
        return (self.path, 2, 0, str(self.record))

    @property
    def name(self) -> str:
        """How a finding names this document: the path, plus the record for datasets."""
        return self.path if self.record is None else f"{self.path} (record {self.record})"


class Place(NamedTuple):
    """Where a corpus finding points in its document, already in file coordinates."""

    # A NamedTuple, not a dataclass: a corpus run keeps a few per document, so size counts.

    line: int
    column: int
    end_line: int
    end_column: int
    field: str | None
    match: str


@dataclass(frozen=True)
class Member:
    """One document's signature for one corpus rule, with its identity."""

    doc: DocRef
    signature: Any


@dataclass(frozen=True)
class Related:
    """A pair found in a group: `target` (at `place`) gets a finding naming `other`."""

    target: DocRef
    place: Place
    other: DocRef
    values: tuple[tuple[str, str], ...] = ()


def place_of(document: Document, block: Block | None, start: int = 0, end: int | None = None) -> Place:
    """A Place for a span of a block (the whole first line of the document when block is None)."""
    if block is None:
        block = document.blocks[0] if document.blocks else None
        if block is None:
            return Place(1, 1, 1, 1, None, "")
        end = len(block.text.split("\n", 1)[0])
    end = len(block.text) if end is None else end
    line, column = document.position(block.field, block.source_start(start))
    end_line, end_column = document.position(block.field, block.source_end(end))
    return Place(line, column, end_line, end_column, block.field, block.text[start:end])


def stable_hash(text: str) -> int:
    """A 64-bit hash that is the same in every process (Python's hash() is salted per process)."""
    return stable_hash_bytes(text.encode("utf-8"))


def stable_hash_bytes(data: bytes) -> int:
    """stable_hash of bytes as they are."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


# (false positive, false negative) weights of the band choice: see lsh_bands.
LSH_WEIGHTS = (0.1, 0.9)


@functools.lru_cache(maxsize=32)
def lsh_bands(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """(start, end) of each LSH band of `num_perm` MinHash values, as datasketch chooses them:
    b bands of r rows that minimise the weighted chance of false positives and negatives at
    `threshold`. Every candidate pair is checked against the threshold afterwards, so a false
    positive costs one comparison while a false negative loses a finding: misses weigh nine
    times more (LSH_WEIGHTS). With datasketch's even weights, 9 bands of 13 rows of 128 values
    would make a pair 84% similar a candidate only 63% of the time; with these, 14 bands of 9
    rows make it one 96% of the time (and a pair 50% similar, 3%).

    datasketch imports scipy to integrate those chances (0.4 s, more than a whole corpus pass
    over a thousand articles), so the answer is kept in newslint's cache directory, keyed by
    the parameters and by the datasketch files that gave it."""

    def choose() -> tuple[tuple[int, int], ...]:
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
        return tuple((i * lsh.r, (i + 1) * lsh.r) for i in range(lsh.b))

    def valid(bands: object) -> bool:  # a damaged cache file is never trusted
        return isinstance(bands, tuple) and bool(bands) and all(
            isinstance(band, tuple) and len(band) == 2 and 0 <= band[0] < band[1] <= num_perm for band in bands
        )

    return rulecache.cached_value("lsh-bands", _bands_key(threshold, num_perm), choose, valid=valid)


def _bands_key(threshold: float, num_perm: int) -> str:
    spec = importlib.util.find_spec("datasketch")  # finds the package without importing it
    where = os.path.dirname(spec.origin) if spec and spec.origin else ""
    try:
        stat = os.stat(os.path.join(where, "lsh.py"))
        version = f"{where}|{stat.st_size}|{stat.st_mtime_ns}"
    except OSError:
        version = where
    return hashlib.sha256(f"{threshold!r}|{num_perm}|{LSH_WEIGHTS}|{version}".encode()).hexdigest()[:32]


def shingles(tokens: list[str], size: int) -> list[str]:
    """The `size`-word shingles of a token list, as text (the whole list when it is shorter)."""
    if len(tokens) <= size:
        return [" ".join(tokens)]
    # zip of shifted copies builds the n-grams in C: a third faster than slicing each one.
    return list(map(" ".join, zip(*(tokens[i:] for i in range(size)))))


def _first_wins(members: Sequence[Member], limit: int, same) -> Iterator[tuple[Member, Member]]:
    # Each member is paired with at most `limit` earlier members: a cluster of k copies costs
    # k * limit comparisons instead of k * k, and the earliest partners are the ones named.
    for i, target in enumerate(members):
        found = 0
        for other in members[:i]:
            if other.doc != target.doc and same(target, other):
                yield target, other
                found += 1
                if found >= limit:
                    break


@dataclass(frozen=True)
class CorpusHeadlineKind:
    """The same headline (after normalisation) on several documents of the corpus."""

    min_words: int = 4
    max_named: int = 5  # name at most this many earlier documents in one finding

    fields: ClassVar[tuple[str, ...]] = ("match", "others", "count")

    def __post_init__(self) -> None:
        if self.max_named < 1:
            raise KindError("max-named", "must be 1 or more")

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Nothing per document: the corpus pass reports after every document is read."""
        return iter(())

    def signature(self, document: Document, blocks: Sequence[Block]) -> tuple[str, Place] | None:
        """The normalized headline and where it is."""
        headline = next((b for b in blocks if b.kind == HEADLINE), None)
        if headline is None:
            return None
        key = normalize(headline.text)
        if len(key.split()) < self.min_words:
            return None
        return key, place_of(document, headline)

    def keys(self, signature: tuple[str, Place]) -> list[int]:
        """Documents are compared only with those that have the same normalized headline."""
        return [stable_hash(signature[0])]

    def probe_keys(self, signature: tuple[str, Place]) -> None:
        """Every key starts a comparison."""
        return None

    def relate(self, key: int, members: Sequence[Member]) -> Iterator[Related]:
        """Every later document with the headline names the earlier ones."""
        for target, other in _first_wins(members, self.max_named, lambda a, b: True):
            yield Related(target.doc, target.signature[1], other.doc, (("count", str(len(members))),))


@dataclass(frozen=True)
class CorpusNearDuplicateKind:
    """Near-duplicate articles: MinHash of word shingles (rensa), candidates by LSH banding (bands as datasketch chooses them)."""

    threshold: float = 0.8  # estimated Jaccard similarity of the shingle sets
    shingle_words: int = 5
    num_perm: int = 128
    min_words: int = 50  # shorter bodies have too few shingles to compare reliably
    max_named: int = 5
    seed: int = 1

    fields: ClassVar[tuple[str, ...]] = ("match", "others", "similarity")
    _bands: tuple = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise KindError("threshold", "expected a similarity between 0 and 1, e.g. 0.8")
        if self.shingle_words < 1:
            raise KindError("shingle-words", "must be 1 or more")
        if not 16 <= self.num_perm <= 1024:
            raise KindError("num-perm", "expected 16 to 1024 permutations (128 is usual)")
        if self.max_named < 1:
            raise KindError("max-named", "must be 1 or more")

    def bands(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each LSH band of the MinHash values, as datasketch chooses them."""
        if not self._bands:
            object.__setattr__(self, "_bands", lsh_bands(self.threshold, self.num_perm))
        return self._bands

    def prepare(self) -> None:
        """Work out the bands now: a parent process that does this before forking workers
        (or shipping the rule to Dask) spares each of them the look-up."""
        self.bands()

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Nothing per document: the corpus pass reports after every document is read."""
        return iter(())

    def signature(self, document: Document, blocks: Sequence[Block]) -> tuple[bytes, Place] | None:
        """The MinHash of the body's word shingles (num_perm 32-bit values) and the headline's place."""
        # Words never span blocks, so the body's words are its blocks' words, which the
        # duplicate rules have usually just computed (facts is cached per block text).
        tokens = [word for b in blocks if b.kind != HEADLINE for word in facts(b.text).tokens]
        if len(tokens) < self.min_words:
            return None
        # rensa's C-MinHash (Rust): hashing the shingles and taking the minima costs about
        # a tenth of a millisecond per article, and importing it a millisecond.
        digest = CMinHash.digests_from_token_sets([shingles(tokens, self.shingle_words)], self.num_perm, self.seed)[0]
        values = struct.pack(f"<{self.num_perm}I", *digest)
        return values, place_of(document, None)

    def keys(self, signature: tuple[bytes, Place]) -> list[int]:
        """One key per LSH band: documents that agree on a whole band become candidates."""
        values = signature[0]
        # The band's number first: equal values in different bands must not meet.
        return [stable_hash_bytes(i.to_bytes(2, "little") + values[start * 4 : end * 4]) for i, (start, end) in enumerate(self.bands())]

    def similarity(self, a: bytes, b: bytes) -> float:
        """Estimated Jaccard similarity: the share of MinHash values two signatures agree on."""
        # map(eq) over the packed values compares them in C (LSH makes ~1 candidate per article).
        layout = f"<{self.num_perm}I"
        return sum(map(operator.eq, struct.unpack(layout, a), struct.unpack(layout, b))) / self.num_perm

    def probe_keys(self, signature: tuple[bytes, Place]) -> None:
        """Every key starts a comparison."""
        return None

    def relate(self, key: int, members: Sequence[Member]) -> Iterator[Related]:
        """Candidates of one band, kept when their estimated similarity reaches the threshold."""
        scores: dict[tuple[DocRef, DocRef], float] = {}

        def close(a: Member, b: Member) -> bool:
            score = self.similarity(a.signature[0], b.signature[0])
            scores[a.doc, b.doc] = score
            return score >= self.threshold

        for target, other in _first_wins(members, self.max_named, close):
            score = scores[target.doc, other.doc]
            yield Related(target.doc, target.signature[1], other.doc, (("similarity", f"{score:.0%}"),))


@dataclass(frozen=True)
class TeaserSignature:
    """A document's teasers (blocks ending '...') and the openings of its paragraphs, hashed."""

    teasers: tuple[tuple[int, int, int, Place], ...]  # (key, long hash or 0, words, place)
    openings: bytes  # packed (key, long hash or 0, words) per paragraph


_OPENING = struct.Struct("<QQI")


@dataclass(frozen=True)
class CorpusTeaserKind:
    """A teaser of one article (a block cut off with '...' or '…') opening another's paragraph."""

    min_words: int = 8  # words a teaser must have; also the length of the grouping key
    long_words: int = 16  # teasers this long are also matched on their first `long-words` words
    max_named: int = 5

    fields: ClassVar[tuple[str, ...]] = ("match", "others")

    def __post_init__(self) -> None:
        if self.min_words < 3:
            raise KindError("min-words", "must be 3 or more: shorter openings repeat by chance")
        if self.long_words <= self.min_words:
            raise KindError("long-words", "must be larger than min-words")
        if self.max_named < 1:
            raise KindError("max-named", "must be 1 or more")

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Nothing per document: the corpus pass reports after every document is read."""
        return iter(())

    def _hashes(self, tokens: list[str]) -> tuple[int, int]:
        key = stable_hash(" ".join(tokens[: self.min_words]))
        long = stable_hash(" ".join(tokens[: self.long_words])) if len(tokens) >= self.long_words else 0
        return key, long

    def signature(self, document: Document, blocks: Sequence[Block]) -> TeaserSignature | None:
        """Hashes of every teaser and of every paragraph opening long enough to contain one."""
        teasers = []
        openings = bytearray()
        for block in blocks:
            cut = teaser_end(block.text)
            text = block.text[: cut.start()] if cut else block.text
            tokens = facts(text).tokens
            if len(tokens) < self.min_words:
                continue
            key, long = self._hashes(tokens)
            if cut:
                teasers.append((key, long, len(tokens), place_of(document, block)))
            else:
                openings += _OPENING.pack(key, long, len(tokens))
        if not teasers and not openings:
            return None
        return TeaserSignature(tuple(teasers), bytes(openings))

    def keys(self, signature: TeaserSignature) -> list[int]:
        """Teasers and paragraph openings meet under the hash of their first min-words words."""
        keys = {t[0] for t in signature.teasers}
        keys.update(key for key, _, _ in _OPENING.iter_unpack(signature.openings))
        return sorted(keys)

    def probe_keys(self, signature: TeaserSignature) -> list[int]:
        """Only keys of teasers start a comparison: paragraph openings no teaser shares are dropped."""
        return [t[0] for t in signature.teasers]

    def relate(self, key: int, members: Sequence[Member]) -> Iterator[Related]:
        """A teaser names the documents that have a longer paragraph starting with its words."""
        teasers = [(target, t) for target in members for t in target.signature.teasers if t[0] == key]
        if not teasers:
            return
        # Openings under this key in report order, and by their long hash, so that a teaser
        # looks at candidates only (a boilerplate opening shared by thousands stays cheap).
        openings: list[tuple[int, Member]] = []
        by_long: dict[int, list[tuple[int, Member]]] = {}
        for member in members:
            for opening_key, long, count in _OPENING.iter_unpack(member.signature.openings):
                if opening_key == key:
                    openings.append((count, member))
                    if long:
                        by_long.setdefault(long, []).append((count, member))
        for target, (_, long, count, place) in teasers:
            candidates = openings if count < self.long_words else by_long.get(long, [])
            named: set[DocRef] = set()
            for length, other in candidates:
                # A teaser of the same article is repetition.teaser-copy's job.
                if other.doc == target.doc or length <= count or other.doc in named:
                    continue
                named.add(other.doc)
                yield Related(target.doc, place, other.doc)
                if len(named) >= self.max_named:
                    break
