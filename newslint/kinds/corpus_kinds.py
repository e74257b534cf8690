"""Corpus kinds: checks across the documents of a run (duplicate headlines, near-duplicates, teasers).

One document alone cannot show a cross-document defect, so these kinds have no `check`:
they implement the corpus steps of the kind contract (newslint/kinds/contract.py,
CorpusKind), which newslint.corpus (locally) and newslint.dask (on a cluster) chain
together, so both give the same findings. Each also packs its signatures (`pack`/`unpack`):
a run keeps every document's signatures until the last document is read, packed one after
another in a few arrays (newslint.corpus.SignatureStore), a few hundred bytes per document
instead of a dozen Python objects each.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import marshal
import math
import operator
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rensa import CMinHash

from newslint import rulecache
from newslint.document import HEADLINE, Block, Document
from newslint.kinds.base import KindError
from newslint.kinds.corpus_base import (
    DocRef,
    Member,
    Place,
    Related,
    pack_place,
    place_of,
    stable_hash,
    stable_hash_bytes,
    unpack_place,
)
from newslint.kinds.duplicate import facts, teaser_end
from newslint.text import normalize

# (false positive, false negative) weights of the band choice: see lsh_bands.
LSH_WEIGHTS = (0.1, 0.9)


@functools.lru_cache(maxsize=32)
def lsh_bands(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """(start, end) of each LSH band of `num_perm` MinHash values, as datasketch chooses them:
    b bands of r rows that minimise the weighted chance of false positives and negatives at
    `threshold` (optimal_bands). Every candidate pair is checked against the threshold
    afterwards, so a false positive costs one comparison while a false negative loses a
    finding: misses weigh nine times more (LSH_WEIGHTS). With datasketch's even weights, 9
    bands of 13 rows of 128 values would make a pair 84% similar a candidate only 63% of the
    time; with these, 14 bands of 9 rows make it one 96% of the time (and a pair 50% similar, 3%).

    The answer is kept in newslint's cache directory (as JSON), keyed by the parameters and by
    the source of this module, which computes it."""

    def choose() -> tuple[tuple[int, int], ...]:
        bands, rows = optimal_bands(threshold, num_perm, LSH_WEIGHTS)
        return tuple((i * rows, (i + 1) * rows) for i in range(bands))

    def valid(bands: object) -> bool:  # a damaged cache file is never trusted
        return (
            isinstance(bands, tuple)
            and bool(bands)
            and all(isinstance(band, tuple) and len(band) == 2 and 0 <= band[0] < band[1] <= num_perm for band in bands)
        )

    return rulecache.cached_value("lsh-bands", _bands_key(threshold, num_perm), choose, valid=valid)


def _bands_key(threshold: float, num_perm: int) -> str:
    try:
        with open(__file__, "rb") as handle:
            method = hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    except OSError:
        method = ""
    return hashlib.sha256(f"{threshold!r}|{num_perm}|{LSH_WEIGHTS}|{method}".encode()).hexdigest()[:32]


def optimal_bands(threshold: float, num_perm: int, weights: tuple[float, float]) -> tuple[int, int]:
    """(b, r): the b bands of r rows (b * r <= num_perm) with the least weighted sum of
    band_errors at `threshold`, weights (false positive, false negative). The candidates are
    tried in datasketch's order (MinHashLSH's _optimal_param) and the first strictly best is
    kept, so the choice is datasketch's (tests/test_lsh_bands.py compares them); the integrals
    are incomplete beta functions here, where datasketch imports scipy to integrate them
    numerically. Unlike datasketch, a single band (threshold 1) is allowed."""
    false_positive_weight, false_negative_weight = weights
    best, choice = math.inf, (0, 0)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive, false_negative = band_errors(threshold, bands, rows)
            error = false_positive * false_positive_weight + false_negative * false_negative_weight
            if error < best:
                best, choice = error, (bands, rows)
    return choice


def band_errors(threshold: float, bands: int, rows: int) -> tuple[float, float]:
    """(false positive, false negative) areas of LSH with `bands` bands of `rows` rows: a pair
    of similarity s becomes a candidate with probability P(s) = 1 - (1 - s**rows)**bands; the
    false positive area is the integral of P over [0, threshold], the false negative area that
    of 1 - P over [threshold, 1].

    With u = s**r, the integral of (1 - s**r)**b over [0, t] is B(t**r; 1/r, b + 1) / r, where
    B(x; p, q), the integral of u**(p-1) * (1-u)**(q-1) over [0, x], is the incomplete beta
    function: its continued fraction converges fast for x below (p + 1) / (p + q + 2), and
    B(x; p, q) = B(p, q) - B(1 - x; q, p) gives the rest."""
    p, q = 1.0 / rows, bands + 1.0
    x = threshold**rows
    whole = math.exp(math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q))  # B(p, q)
    # x**p * (1 - x)**q, the factor of both fractions (x**p is the threshold itself).
    factor = threshold * math.exp(q * math.log1p(-x)) if x < 1.0 else 0.0
    if x < (p + 1.0) / (p + q + 2.0):
        below = factor / p * _beta_fraction(p, q, x)
        above = whole - below
    else:
        above = factor / q * _beta_fraction(q, p, 1.0 - x)
        below = whole - above
    return threshold - below / rows, above / rows


def _beta_fraction(p: float, q: float, x: float) -> float:
    """The continued fraction of the incomplete beta function, by the modified Lentz method
    (Numerical Recipes, section 6.4): B(x; p, q) = x**p * (1-x)**q / p * this."""
    tiny = 1e-300  # stands in for a zero denominator
    c, d = 1.0, 1.0 - (p + q) * x / (p + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    fraction = d
    for m in range(1, 10_000):
        even = m * (q - m) * x / ((p + 2 * m - 1.0) * (p + 2 * m))
        odd = -(p + m) * (p + q + m) * x / ((p + 2 * m) * (p + 2 * m + 1.0))
        for term in (even, odd):
            d = 1.0 + term * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + term / c
            c = c if abs(c) > tiny else tiny
            fraction *= d * c
        if abs(d * c - 1.0) < 1e-15:
            return fraction
    raise ArithmeticError(f"the incomplete beta fraction for p={p}, q={q}, x={x} did not converge")


def shingles(tokens: list[str], size: int) -> list[str]:
    """The `size`-word shingles of a token list, as text (the whole list when it is shorter)."""
    if len(tokens) <= size:
        return [" ".join(tokens)]
    # zip of shifted copies builds the n-grams in C: a third faster than slicing each one (the
    # shortest copy ends it, hence strict=False).
    return list(map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False)))


def _first_wins(members: Sequence[Member], limit: int, same) -> Iterator[tuple[Member, Member]]:
    # Each member is paired with at most `limit` earlier members: a cluster of k copies costs
    # k * limit comparisons instead of k * k, and the earliest partners are the ones named.
    for i, target in enumerate(members):
        found = 0
        for other in itertools.islice(members, i):  # (a slice would copy i members each time)
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

    def signature(self, document: Document, blocks: Sequence[Block]) -> tuple[int, Place] | None:
        """The hash of the normalized headline and where the headline is."""
        headline = next((b for b in blocks if b.kind == HEADLINE), None)
        if headline is None:
            return None
        key = normalize(headline.text)
        if len(key.split()) < self.min_words:
            return None
        return stable_hash(key), place_of(document, headline)

    def keys(self, signature: tuple[int, Place]) -> list[int]:
        """Documents are compared only with those that have the same normalized headline."""
        return [signature[0]]

    def probe_keys(self, signature: tuple[int, Place]) -> None:
        """Every key starts a comparison."""
        return None

    def pack(self, signature: tuple[int, Place]) -> bytes:
        """The signature as bytes (unpack gives it back)."""
        return marshal.dumps((signature[0], pack_place(signature[1])))

    def unpack(self, data: bytes) -> tuple[int, Place]:
        """A packed signature."""
        key, place = marshal.loads(data)
        return key, unpack_place(place)

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
        return [
            stable_hash_bytes(i.to_bytes(2, "little") + values[start * 4 : end * 4])
            for i, (start, end) in enumerate(self.bands())
        ]

    def similarity(self, a: bytes, b: bytes) -> float:
        """Estimated Jaccard similarity: the share of MinHash values two signatures agree on."""
        # map(eq) over the packed values compares them in C (LSH makes ~1 candidate per article).
        layout = f"<{self.num_perm}I"
        return sum(map(operator.eq, struct.unpack(layout, a), struct.unpack(layout, b))) / self.num_perm

    def probe_keys(self, signature: tuple[bytes, Place]) -> None:
        """Every key starts a comparison."""
        return None

    def pack(self, signature: tuple[bytes, Place]) -> bytes:
        """The signature as bytes (unpack gives it back)."""
        return marshal.dumps((signature[0], pack_place(signature[1])))

    def unpack(self, data: bytes) -> tuple[bytes, Place]:
        """A packed signature."""
        values, place = marshal.loads(data)
        return values, unpack_place(place)

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

    def _hashes(self, tokens: Sequence[str]) -> tuple[int, int]:
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

    def pack(self, signature: TeaserSignature) -> bytes:
        """The signature as bytes (unpack gives it back)."""
        return marshal.dumps(
            (
                tuple((key, long, words, pack_place(place)) for key, long, words, place in signature.teasers),
                signature.openings,
            )
        )

    def unpack(self, data: bytes) -> TeaserSignature:
        """A packed signature."""
        teasers, openings = marshal.loads(data)
        return TeaserSignature(
            tuple((key, long, words, unpack_place(place)) for key, long, words, place in teasers), openings
        )

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
