"""`cohesion` kind: a headline-like line about something the rest of the article never mentions.

A subhead introduces the section under it, so it shares words with the story; the title of
another story (a related link an extractor kept) or a menu does not. Lexical cohesion is a
general signal: it asks nothing of the line's phrasing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import regex

from newslint.document import HEADLINE, STRUCTURE, Block, Document
from newslint.kinds.base import Hit, KindError
from newslint.kinds.boilerplate_features import Unit, units_of
from newslint.kinds.duplicate import content_words, facts

# A line ending so is a sentence, a label or a clause, not a title.
_NOT_A_TITLE_END = frozenset('.!?:;,…"”’)]')
_WORD = regex.compile(r"\p{L}[\p{L}'’-]*")


@dataclass(frozen=True)
class CohesionKind:
    """Flags a headline-like line set between full paragraphs, or a menu-like line anywhere,
    whose content words (stems) appear nowhere else in the document, headline included."""

    stopwords: tuple[str, ...] = ()  # words that are no content
    # lists["sections"], the names of a site's sections (the pack's _lists.yaml): a line of
    # capitalised words only (a name, a place, a title-case heading) is judged only when it
    # lists min-menu-items words and names a section, as a menu does, and then wherever it
    # stands (menus open and close pages).
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    min_menu_items: int = 5
    min_words: int = 3
    max_words: int = 16
    min_content: int = 3  # content words the line needs: fewer say too little to judge
    max_shared: int = 0  # content words it may share with the rest and still be flagged
    between_words: int = 15  # the lines before and after it have at least this many words
    min_document_words: int = 80  # a shorter text has too few words to tell a topic by

    fields: ClassVar[tuple[str, ...]] = ("match",)
    _stop: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())
    _sections: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())

    def __post_init__(self) -> None:
        if not 1 <= self.min_words <= self.max_words:
            raise KindError("min-words", "give 1 <= min-words <= max-words")
        if self.min_content < 1 or self.max_shared < 0:
            raise KindError("min-content", "min-content must be at least 1 and max-shared at least 0")
        object.__setattr__(self, "_stop", frozenset(w.casefold() for w in self.stopwords))
        object.__setattr__(self, "_sections", frozenset(w.casefold() for w in self.lists.get("sections", ())))

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield a hit for each title-like line between paragraphs, and each menu-like line
        anywhere, that shares no words with the story."""
        units = units_of(blocks)
        candidates = [i for i in range(len(units)) if self._candidate(units, i)]
        if not candidates:
            return  # most documents: no line looks like a title between paragraphs, or a menu
        # The headline's words are the story's too (whether or not the scope holds it).
        headline = document.headline
        extra = [headline] if headline is not None and all(b is not headline for b in blocks) else []
        if sum(u.words for u in units) + sum(facts(b.text).words for b in extra) < self.min_document_words:
            return  # too few words to tell a topic by
        stems = [content_words(self._stop, facts(u.text).tokens) for u in units]
        used = Counter(stem for found in stems for stem in found)  # in how many lines
        for block in extra:
            used.update({stem: 2 for stem in content_words(self._stop, facts(block.text).tokens)})
        for i in candidates:
            mine = stems[i]
            if len(mine) >= self.min_content and sum(used[s] > 1 for s in mine) <= self.max_shared:
                yield Hit(units[i].block, units[i].start, units[i].end)

    def _candidate(self, units: Sequence[Unit], i: int) -> bool:
        """A short line opening with a capital, without a closing mark, not an author's
        heading or list item, that is either a title between two full paragraphs or a menu
        wherever it stands. A line whose every content word is capitalised (a name, a place,
        a title-case heading) is judged only as a menu.

        (A title after the last paragraph was tried: on clean copy that is far more often a
        sign-off.)"""
        unit = units[i]
        if not (
            self.min_words <= unit.words <= self.max_words
            and unit.block.kind not in STRUCTURE
            and unit.block.kind != HEADLINE
            and unit.text[0].isupper()
            and unit.text[-1] not in _NOT_A_TITLE_END
        ):
            return False
        if self._names_only(unit.text):
            return self._menu(unit.text)
        return 0 < i < len(units) - 1 and min(units[i - 1].words, units[i + 1].words) >= self.between_words

    def _names_only(self, text: str) -> bool:
        """True when every content word is capitalised: a name, a place or a title-case heading."""
        content = [w for w in _WORD.findall(text) if len(w) >= 3 and w.casefold() not in self._stop]
        return all(w[0].isupper() for w in content)

    def _menu(self, text: str) -> bool:
        """True for a run of at least min-menu-items words, every one capitalised and none a
        stop word (a title-case headline has its "in", "and" or "Your"), one naming a section."""
        found = _WORD.findall(text)
        return (
            len(found) >= self.min_menu_items
            and all(w[0].isupper() and w.casefold() not in self._stop for w in found)
            and any(w.casefold() in self._sections for w in found)
        )
