"""The kind contract: what a kind receives, what it yields, and what it may declare.

A kind is a frozen dataclass whose init fields are its parameters (newslint.params builds
it from a rule's YAML). It has one of two shapes:

- a DocumentKind checks one document: `check(document, blocks)` yields Hits;
- a CorpusKind compares documents: it keeps a signature of each one and relates the
  documents that share a key; newslint.corpus chains its steps after every file is read.

Everything else is optional, and leaving it out is always correct: a kind that declares
nothing for the prefilter gets every block of its scope, on every document.
docs/architecture.md explains each part; KINDS (newslint/kinds/__init__.py) registers them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from newslint.document import Block, Document
from newslint.kinds.base import Hit
from newslint.kinds.corpus_base import Member, Related
from newslint.prefilter import FoundLiterals, Trigger


class DocumentKind(Protocol):
    """A kind that checks one document at a time."""

    # The {placeholders} a rule's message may use besides {match} and {rule}.
    fields: ClassVar[tuple[str, ...]]

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterable[Hit]:
        """The hits in `blocks` (the blocks of the rule's scope, in document order) of
        `document`; neither may be changed, and the same input gives the same hits."""
        ...


@runtime_checkable
class CorpusKind(Protocol):
    """A kind that compares the documents of a run: its check is these steps, not check()."""

    fields: ClassVar[tuple[str, ...]]

    @property
    def max_named(self) -> int:
        """A finding names at most this many earlier documents (a parameter of every corpus kind)."""
        ...

    def signature(self, document: Document, blocks: Sequence[Block]) -> Any | None:
        """Small, picklable data about one document (never its text), or None to leave it out."""
        ...

    def keys(self, signature: Any) -> Iterable[int]:
        """64-bit grouping keys (corpus_base.stable_hash): only documents sharing one are compared."""
        ...

    def probe_keys(self, signature: Any) -> Iterable[int] | None:
        """The keys that can start a comparison (None: all of them)."""
        ...

    def relate(self, key: int, members: Sequence[Member]) -> Iterable[Related]:
        """Within one group (members in report order): each target and the earlier document
        its finding names."""
        ...


# What a rule holds (Rule.kind): a kind of one shape or the other.
Kind = DocumentKind | CorpusKind


# --- optional declarations ---------------------------------------------------------------


@runtime_checkable
class Prefiltered(Protocol):
    """A kind that can name the literals a text needs before it can match (prefilter.py)."""

    def trigger(self) -> Trigger | None:
        """Literals without which check() finds nothing (None: cannot tell)."""
        ...

    def block_local(self) -> bool:
        """True when leaving out the blocks whose literals fail the trigger changes no hit:
        each block's hits depend on that block alone, or (consistency) a block without the
        literals adds nothing any hit depends on."""
        ...


@runtime_checkable
class ReadsLiterals(Protocol):
    """A kind that skips parts of itself (the patterns of a pattern rule) by the literals
    the engine's scan found in each block; the engine finds its noted_literals in every
    block and hands check() what it found."""

    def noted_literals(self) -> frozenset[str]:
        """Folded literals (prefilter.fold) to find in every block, even when the rule's
        trigger is None."""
        ...

    def check(self, document: Document, blocks: Sequence[Block], found: FoundLiterals | None = None) -> Iterable[Hit]:
        """DocumentKind.check; `found` holds every noted literal in each block (None: not
        scanned, so every part must run)."""
        ...


@runtime_checkable
class PacksSignatures(Protocol):
    """A corpus kind whose signatures pack into bytes, so a run keeps them compactly."""

    def pack(self, signature: Any) -> bytes:
        """The signature as bytes."""
        ...

    def unpack(self, data: bytes) -> Any:
        """The signature pack() made these bytes from."""
        ...


@runtime_checkable
class Prepares(Protocol):
    """A kind with one-time set-up that a parent process does before rules are pickled to
    its workers (or to a cluster), so that each of them is spared it."""

    def prepare(self) -> None:
        """Do the set-up now."""
        ...


@runtime_checkable
class NamesPlaceholders(Protocol):
    """A kind whose message placeholders are known only once it is built (a pattern rule's
    named groups), besides its `fields`."""

    @property
    def extra_fields(self) -> tuple[str, ...]:
        """The further {placeholders} its hits fill in."""
        ...


def placeholders_of(kind: Kind) -> frozenset[str]:
    """Every {placeholder} a rule of this kind may use in its message."""
    extra = kind.extra_fields if isinstance(kind, NamesPlaceholders) else ()
    return frozenset({"match", "rule", *kind.fields, *extra})


def is_corpus_kind(kind: object) -> bool:
    """True for a kind that compares documents (CorpusKind) rather than checking one."""
    return isinstance(kind, CorpusKind)


def prefilter_of(kind: object) -> tuple[Trigger | None, bool, frozenset[str]]:
    """What a kind declares for the prefilter: its trigger, whether it is block-local, and
    the literals it reads; a kind that declares nothing runs everywhere."""
    trigger, block_local = (kind.trigger(), kind.block_local()) if isinstance(kind, Prefiltered) else (None, False)
    noted = kind.noted_literals() if isinstance(kind, ReadsLiterals) else frozenset()
    return trigger, block_local, noted


def mode_parameters(cls: type) -> Mapping[str, tuple[str, ...]] | None:
    """The parameters each mode of a kind reads, for a kind with a `mode` (None otherwise).

    A kind whose `mode` picks one of several checks declares a ClassVar `modes`: mode ->
    the names of the fields it reads. A rule that sets a field its mode does not read is
    refused (params.build), as a key the kind does not know would be."""
    return getattr(cls, "modes", None)
