"""`duplicate` kind: repeated blocks, teaser copies, paraphrases and a repeated headline."""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from typing import ClassVar, Iterator, Literal, Sequence

import regex

from newslint.document import Block, Document
from newslint.kinds.base import Hit
from newslint.text import normalize, word_count, words

TEASER_END = regex.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")
Mode = Literal["exact", "headline", "teaser", "near"]


@dataclass(frozen=True)
class DuplicateKind:
    """Compares blocks of one document with each other (or with the headline)."""

    mode: Mode
    min_words: int = 4
    threshold: float = 0.5  # `near`: share of the shorter block's content words found in the other
    min_jaccard: float = 0.3  # `near`: and shared words over all words of both blocks
    stopwords: tuple[str, ...] = ()  # `near`: words that do not count as content
    max_numbers: float = 1.0  # `near`: skip blocks where more than this share of words are
    # numbers (recipes, tables, price lists repeat their vocabulary by nature)
    max_copies: int = 0  # `exact`: text found more often than this is structure (a repeated
    # interview question, a recipe label), not a scraping copy; 0 = no limit

    fields: ClassVar[tuple[str, ...]] = ("match", "other_line", "similarity")
    _stop: frozenset = field(init=False, repr=False, compare=False, default=frozenset())

    def __post_init__(self) -> None:
        object.__setattr__(self, "_stop", frozenset(w.casefold() for w in self.stopwords))

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield one hit per later copy, naming the line of the earlier one."""
        if self.mode == "headline":
            yield from self._headline(document, blocks)
        elif self.mode == "exact":
            yield from self._exact(document, blocks)
        elif self.mode == "teaser":
            yield from self._teaser(document, blocks)
        else:
            yield from self._near(document, blocks)

    def _long_enough(self, text: str) -> bool:
        return word_count(text) >= self.min_words

    def _headline(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        headline = document.headline
        if headline is None or not self._long_enough(headline.text):
            return
        target = normalize(headline.text)
        for block in blocks:
            if block is not headline and normalize(block.text) == target:
                yield _hit(document, block, headline)

    def _exact(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        keys = [normalize(b.text) if self._long_enough(b.text) else "" for b in blocks]
        counts = collections.Counter(keys)
        seen: dict[str, Block] = {}
        for block, key in zip(blocks, keys):
            if not key or (self.max_copies and counts[key] > self.max_copies):
                continue
            if key in seen:
                yield _hit(document, block, seen[key])
            else:
                seen[key] = block

    def _teaser(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        normalized = [normalize(b.text) for b in blocks]
        for i, block in enumerate(blocks):
            cut = TEASER_END.search(block.text)
            if not cut or not self._long_enough(block.text[: cut.start()]):
                continue
            prefix = normalize(block.text[: cut.start()])
            for j, other in enumerate(normalized):
                if j != i and len(other) > len(prefix) and other.startswith(prefix):
                    yield _hit(document, block, blocks[j])
                    break

    def _content(self, text: str) -> frozenset[str]:
        # A six-letter prefix is a cheap stem: "negotiations"/"negotiating", "terrorist"/"terrorism".
        return frozenset(w[:6] for w in normalize(text).split() if len(w) > 2 and w not in self._stop)

    def _numeric(self, text: str) -> bool:
        tokens = words(text)
        return bool(tokens) and sum(any(c.isdigit() for c in t) for t in tokens) / len(tokens) > self.max_numbers

    def _near(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        earlier: list[tuple[Block, frozenset[str], str]] = []
        for block in blocks:
            content = self._content(block.text)
            if len(content) < self.min_words or TEASER_END.search(block.text) or self._numeric(block.text):
                continue  # too short to judge; teasers have their own mode; lists of figures
            key = normalize(block.text)
            for other, other_content, other_key in earlier:
                if key == other_key or key.startswith(other_key) or other_key.startswith(key):
                    continue  # exact copies and teasers have their own modes
                shared = len(content & other_content)
                similarity = shared / min(len(content), len(other_content))
                jaccard = shared / len(content | other_content)
                if similarity >= self.threshold and jaccard >= self.min_jaccard:
                    yield _hit(document, block, other, {"similarity": f"{similarity:.0%}"})
                    break
            earlier.append((block, content, key))


def _hit(document: Document, block: Block, other: Block, extra: dict | None = None) -> Hit:
    line, _ = document.position(other.field, other.source_start(0))
    return Hit(block, 0, len(block.text), {"other_line": str(line), **(extra or {})})
