"""`corpus-recurring-line` kind: a line that recurs across documents of one source is site chrome.

Crawl pipelines find boilerplate at scale this way: menus, footers, share bars and legal
lines are the same on every page of a site, while an article's sentences are its own. A
document's short lines are hashed (normalised: case, punctuation and white space folded);
documents are grouped by line and source, so only documents sharing a line are compared.
"""

from __future__ import annotations

import marshal
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from newslint.document import STRUCTURE, Block, Document
from newslint.kinds.base import KindError
from newslint.kinds.boilerplate_features import FULL, body_span, units_of
from newslint.kinds.corpus_base import Member, Place, Related, place_of, stable_hash
from newslint.kinds.duplicate import headline_cores
from newslint.text import normalize


@dataclass(frozen=True)
class ChromeSignature:
    """One document's short lines (first use of each), packed: a document may have hundreds,
    and the corpus pass keeps them for every document of the run. Per line: the hash of its
    source and text (8 bytes), where it is (line, column, end line, end column: 4 or 8 bytes
    each), its field, and its text, stored once in `text`, up to its entry in `ends`."""

    hashes: bytes  # little-endian 64-bit integers
    positions: bytes  # four little-endian integers per line, 32-bit (64-bit when one is too big)
    fields: tuple[str | None, ...]
    text: str
    ends: bytes  # little-endian 32-bit integers: where each line's text ends in `text`
    by_directory: bool = False  # the source is the file's directory (no field named one)

    @classmethod
    def of(cls, lines: Sequence[tuple[int, Place]], by_directory: bool = False) -> ChromeSignature:
        """The packed form of (hash, place) pairs."""
        count = len(lines)
        numbers = [n for _, place in lines for n in place[:4]]
        size = "I" if max(numbers, default=0) < 1 << 32 else "Q"
        ends, end = [], 0
        for _, place in lines:
            end += len(place.match)
            ends.append(end)
        return cls(
            struct.pack(f"<{count}Q", *(hashed for hashed, _ in lines)),
            struct.pack(f"<{4 * count}{size}", *numbers),
            tuple(place.field for _, place in lines),
            "".join(place.match for _, place in lines),
            struct.pack(f"<{count}I" if end < 1 << 32 else f"<{count}Q", *ends),
            by_directory,
        )

    def __len__(self) -> int:
        return len(self.hashes) // 8

    def keys(self) -> tuple[int, ...]:
        """The hash of each line."""
        return struct.unpack(f"<{len(self)}Q", self.hashes)

    def place(self, index: int) -> Place:
        """Where line `index` is, and its text."""
        count = len(self)
        width = len(self.positions) // (4 * count)
        line, column, end_line, end_column = struct.unpack_from(
            f"<4{'I' if width == 4 else 'Q'}", self.positions, 16 * index if width == 4 else 32 * index
        )
        step = len(self.ends) // count
        at = f"<{'I' if step == 4 else 'Q'}"
        start = struct.unpack_from(at, self.ends, step * (index - 1))[0] if index else 0
        end = struct.unpack_from(at, self.ends, step * index)[0]
        return Place(line, column, end_line, end_column, self.fields[index], self.text[start:end])

    @property
    def lines(self) -> tuple[tuple[int, Place], ...]:
        """(hash, place) of every line."""
        return tuple((hashed, self.place(i)) for i, hashed in enumerate(self.keys()))


@dataclass(frozen=True)
class CorpusRecurringLineKind:
    """Flags a short line found in `min-documents` or more documents of the same source."""

    min_documents: int = 3
    max_words: int = 12  # longer lines are the article's own sentences
    min_letters: int = 2  # a line of a digit or a dash is not chrome by itself
    # Record fields (or front-matter keys) that name a document's source, first present wins;
    # a URL gives its host. Without one, a file's directory is its source.
    source_fields: tuple[str, ...] = ("domain", "site", "host", "url", "source")
    max_lines: int = 400  # short lines kept per document (bounds the signature)
    max_named: int = 3
    authored_documents: bool = False  # Markdown posts: a repeated footer there is the author's
    skip_structure: bool = True  # an author's headings, list items and table cells
    # A short line between the article's full paragraphs that heads one is a subhead of the
    # article ("Ingredients", "Why?", "Getting started"): a site's template repeats those
    # across its articles, and so do unrelated sites, but they are structure, not chrome.
    skip_subheads: bool = True
    # A directory is weaker evidence of one site than a domain or url field: files from many
    # sites may share one. There, a line recurring in fewer than this many documents counts
    # only in documents that share a second line with another holder (a site's template
    # repeats several lines; unrelated texts share a stock phrase such as "Why?" at most).
    # 0: never asked.
    template_documents: int = 20

    fields: ClassVar[tuple[str, ...]] = ("match", "others", "count")

    def __post_init__(self) -> None:
        for key in ("min_documents", "max_words", "max_lines", "max_named"):
            if getattr(self, key) < (2 if key == "min_documents" else 1):
                raise KindError(key.replace("_", "-"), f"must be at least {2 if key == 'min_documents' else 1}")

    def source_of(self, document: Document) -> tuple[str, bool]:
        """The document's source (a record field or front-matter key, else its directory),
        and whether it is the directory."""
        for name in self.source_fields:
            value = document.metadata.get(name)
            if isinstance(value, str) and value.strip():
                value = value.strip()
                host = urlsplit(value).hostname if "://" in value else None
                return (host or value).casefold().removeprefix("www."), False
        return (document.path.rsplit("/", 1)[0] if "/" in document.path else ""), True

    def signature(self, document: Document, blocks: Sequence[Block]) -> ChromeSignature | None:
        """The hashes and places of the document's short lines (each distinct line once)."""
        if document.authored and not self.authored_documents:
            return None
        source, by_directory = self.source_of(document)
        # The document's own headline recurs as a link on the site's other pages: here it
        # is the title, not chrome.
        headline = document.headline
        own = {normalize(core) for core in headline_cores(headline.text)} if headline is not None else set()
        seen: set[int] = set()
        lines: list[tuple[int, Place]] = []
        units = units_of(blocks)
        first, last = body_span(units) if self.skip_subheads else (-1, -1)
        for i, unit in enumerate(units):
            if unit.words > self.max_words or (self.skip_structure and unit.block.kind in STRUCTURE):
                continue
            if first < i < last and units[i + 1].words >= FULL:
                continue
            key = normalize(unit.text)
            if sum(c.isalpha() for c in key) < self.min_letters or key in own:
                continue
            hashed = stable_hash(f"{source}\0{key}")
            if hashed in seen:
                continue
            seen.add(hashed)
            lines.append((hashed, place_of(document, unit.block, unit.start, unit.end)))
            if len(lines) >= self.max_lines:
                break
        return ChromeSignature.of(lines, by_directory) if lines else None

    def keys(self, signature: ChromeSignature) -> list[int]:
        """Documents are compared only with those sharing a line of the same source."""
        return list(signature.keys())

    def probe_keys(self, signature: ChromeSignature) -> None:
        """Every key starts a comparison."""
        return None

    def pack(self, signature: ChromeSignature) -> bytes:
        """The signature as bytes (unpack gives it back)."""
        return marshal.dumps(
            (
                signature.hashes,
                signature.positions,
                signature.fields,
                signature.text,
                signature.ends,
                signature.by_directory,
            )
        )

    def unpack(self, data: bytes) -> ChromeSignature:
        """A packed signature."""
        return ChromeSignature(*marshal.loads(data))

    def relate(self, key: int, members: Sequence[Member]) -> Iterator[Related]:
        """Every document with a line that `min-documents` documents share, naming others."""
        holders = list(dict.fromkeys(m.doc for m in members))
        if len(holders) < self.min_documents:
            return
        count = str(len(holders))
        # Each holder's member, for the template test, which only a small group needs.
        first: dict[Any, Member] = {}
        if len(holders) < self.template_documents:
            for member in members:
                first.setdefault(member.doc, member)
        for member in members:
            # holders are distinct, so at most one of the first max-named + 1 is the member's own
            # document: the others are the first max-named of all holders but it (a line on every
            # page of a site has tens of thousands of holders; going through them all for each
            # one was quadratic).
            others = [d for d in holders[: self.max_named + 1] if d != member.doc][: self.max_named]
            if (
                member.signature.by_directory
                and len(holders) < self.template_documents
                and not _shares_another_line(member, [first[d] for d in holders if d != member.doc], key)
            ):
                continue
            place = member.signature.place(member.signature.keys().index(key))
            for other in others:
                yield Related(member.doc, place, other, (("count", count),))


def _shares_another_line(member: Member, others: Sequence[Member], key: int) -> bool:
    """True when one of the other documents has a second line of the member's besides `key`:
    pages of one site share their template's lines, unrelated texts share one stock phrase."""
    own = set(member.signature.keys())
    own.discard(key)
    return any(not own.isdisjoint(other.signature.keys()) for other in others)
