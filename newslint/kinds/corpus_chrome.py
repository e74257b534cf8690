"""`corpus-recurring-line` kind: a line that recurs across documents of one source is site chrome.

Crawl pipelines find boilerplate at scale this way: menus, footers, share bars and legal
lines are the same on every page of a site, while an article's sentences are its own. A
document's short lines are hashed (normalised: case, punctuation and white space folded);
documents are grouped by line and source, so only documents sharing a line are compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterator, Sequence
from urllib.parse import urlsplit

from newslint.document import STRUCTURE, Block, Document
from newslint.kinds.base import Hit, KindError
from newslint.kinds.boilerplate_features import units_of
from newslint.kinds.corpus_kinds import Member, Place, Related, place_of, stable_hash
from newslint.kinds.duplicate import headline_cores
from newslint.text import normalize


@dataclass(frozen=True)
class ChromeSignature:
    """One document's short lines: (hash of source and line, where the line is), first use only."""

    lines: tuple[tuple[int, Place], ...]


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

    fields: ClassVar[tuple[str, ...]] = ("match", "others", "count")

    def __post_init__(self) -> None:
        for key in ("min_documents", "max_words", "max_lines", "max_named"):
            if getattr(self, key) < (2 if key == "min_documents" else 1):
                raise KindError(key.replace("_", "-"), f"must be at least {2 if key == 'min_documents' else 1}")

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Nothing per document: the corpus pass reports after every document is read."""
        return iter(())

    def source_of(self, document: Document) -> str:
        """The document's source: a record field or front-matter key, else its directory."""
        for name in self.source_fields:
            value = document.metadata.get(name)
            if isinstance(value, str) and value.strip():
                value = value.strip()
                host = urlsplit(value).hostname if "://" in value else None
                return (host or value).casefold().removeprefix("www.")
        return document.path.rsplit("/", 1)[0] if "/" in document.path else ""

    def signature(self, document: Document, blocks: Sequence[Block]) -> ChromeSignature | None:
        """The hashes and places of the document's short lines (each distinct line once)."""
        if document.authored and not self.authored_documents:
            return None
        source = self.source_of(document)
        # The document's own headline recurs as a link on the site's other pages: here it
        # is the title, not chrome.
        headline = document.headline
        own = {normalize(core) for core in headline_cores(headline.text)} if headline is not None else set()
        seen: set[int] = set()
        lines: list[tuple[int, Place]] = []
        for unit in units_of(blocks):
            if unit.words > self.max_words or (self.skip_structure and unit.block.kind in STRUCTURE):
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
        return ChromeSignature(tuple(lines)) if lines else None

    def keys(self, signature: ChromeSignature) -> list[int]:
        """Documents are compared only with those sharing a line of the same source."""
        return [hashed for hashed, _ in signature.lines]

    def probe_keys(self, signature: ChromeSignature) -> None:
        """Every key starts a comparison."""
        return None

    def relate(self, key: int, members: Sequence[Member]) -> Iterator[Related]:
        """Every document with a line that `min-documents` documents share, naming others."""
        holders = list(dict.fromkeys(m.doc for m in members))
        if len(holders) < self.min_documents:
            return
        count = str(len(holders))
        for member in members:
            place = next(p for hashed, p in member.signature.lines if hashed == key)
            for other in [d for d in holders if d != member.doc][: self.max_named]:
                yield Related(member.doc, place, other, (("count", count),))
