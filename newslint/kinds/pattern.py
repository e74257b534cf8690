"""`pattern` kind: flag every match of regexes or literal phrases inside blocks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import regex

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError, PhraseFinder, compile_regex, finditer, phrase_regex, search
from newslint.kinds.quoting import quoted_spans
from newslint.literals import phrases_trigger, regex_trigger
from newslint.prefilter import FoundLiterals, Trigger, TriggerTable, any_of


@dataclass(frozen=True)
class PatternKind:
    """Flags each match of `patterns` (regexes) or `phrases` (whole-word literals)."""

    patterns: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore_case: bool = False
    outside_quotes: bool = False  # skip matches inside quotation marks
    unless: tuple[str, ...] = ()  # skip a match whose sentence matches one of these regexes
    requires: str = ""  # a cheap regex a block must contain before the patterns run (speed)

    fields: ClassVar[tuple[str, ...]] = ("match",)
    _compiled: tuple = field(init=False, repr=False, compare=False, default=())
    _finders: tuple = field(init=False, repr=False, compare=False, default=())  # per pattern, or None
    # The patterns' triggers, when every pattern has one (their literals: _table.literals).
    _table: TriggerTable | None = field(init=False, repr=False, compare=False, default=None)
    _allowed: dict = field(init=False, repr=False, compare=False, default_factory=dict)  # literals -> patterns
    _each: tuple = field(init=False, repr=False, compare=False, default=())  # every pattern's trigger, or None
    _unless: tuple = field(init=False, repr=False, compare=False, default=())
    _requires: regex.Pattern | None = field(init=False, repr=False, compare=False, default=None)
    extra_fields: tuple[str, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        if not self.patterns and not self.phrases:
            raise KindError("patterns", "give at least one of 'patterns' or 'phrases'")
        lists = {name: list(words) for name, words in self.lists.items()}
        compiled = [
            compile_regex(p, f"patterns[{i}]", ignore_case=self.ignore_case, **lists)
            for i, p in enumerate(self.patterns)
        ]
        phrases = phrase_regex(self.phrases, "phrases", ignore_case=self.ignore_case)
        if phrases is not None:
            compiled.append(phrases)
        object.__setattr__(self, "_compiled", tuple(compiled))
        # A phrase list is found with an automaton, then confirmed by its own regex (same matches).
        object.__setattr__(self, "_finders", tuple(PhraseFinder.of(c) if c is phrases else None for c in compiled))
        triggers = self._pattern_triggers()
        object.__setattr__(self, "_each", tuple(triggers))
        # Only when every pattern has one can the literals found in a block decide each
        # pattern (noted_literals).
        if all(triggers) and len(triggers) > 1:
            object.__setattr__(self, "_table", TriggerTable(triggers))
        # Named groups become {placeholders} the message may use.
        object.__setattr__(self, "extra_fields", tuple(sorted({g for c in compiled for g in c.groupindex})))
        if self.requires:
            object.__setattr__(
                self, "_requires", compile_regex(self.requires, "requires", ignore_case=self.ignore_case, **lists)
            )
        object.__setattr__(
            self,
            "_unless",
            tuple(compile_regex(p, f"unless[{i}]", ignore_case=True) for i, p in enumerate(self.unless)),
        )

    def _pattern_triggers(self) -> list[Trigger | None]:
        """The trigger of each compiled pattern, in the order of _compiled."""
        lists = {name: list(words) for name, words in self.lists.items()}
        triggers = [regex_trigger(p, lists) for p in self.patterns]
        if self.phrases:
            triggers.append(phrases_trigger(self.phrases))
        return triggers

    def trigger(self) -> Trigger | None:
        """Literals one of the patterns or phrases needs (see newslint/literals.py)."""
        return any_of(self._each)

    def block_local(self) -> bool:
        """Matches are found block by block."""
        return True

    def noted_literals(self) -> frozenset[str]:
        """The literals of every pattern, when each has some: check() then tries in a block
        only the patterns whose literals it holds (none otherwise: every pattern is tried)."""
        return self._table.literals if self._table is not None else frozenset()

    def check(self, document: Document, blocks: Sequence[Block], found: FoundLiterals | None = None) -> Iterator[Hit]:
        """Yield one hit per match; named groups become message placeholders."""
        everything = range(len(self._compiled))
        for block in blocks:
            if self._requires is not None and not search(self._requires, block.text):
                continue
            chosen = self._possible(found.in_block(block)) if found is not None else everything
            quotes = None  # found once a match needs them: most blocks have no match
            for i in chosen:
                finder = self._finders[i]
                matches = (
                    finder.finditer(block.text, 0, len(block.text))
                    if finder
                    else finditer(self._compiled[i], block.text)
                )
                for m in matches:
                    if m.end() == m.start():
                        continue
                    if self.outside_quotes:
                        if quotes is None:
                            quotes = quoted_spans(block.text)
                        if any(s <= m.start() < e for s, e in quotes):
                            continue
                    if self._unless and self._excused(block.text, m):
                        continue
                    values = {k: v for k, v in m.groupdict().items() if v is not None}
                    yield Hit(block, m.start(), m.end(), values)

    def _possible(self, present: frozenset[str] | None) -> Sequence[int]:
        """The patterns (indices, in order) whose literals the block holds; all when unknown."""
        table = self._table
        if present is None or table is None:  # literals are noted only for a rule with a table
            return range(len(self._compiled))
        present = present & table.literals
        chosen = self._allowed.get(present)
        if chosen is None:
            if len(self._allowed) >= 4096:
                self._allowed.clear()
            chosen = self._allowed[present] = tuple(sorted(table.satisfied_by(present)))
        return chosen

    def _excused(self, text: str, m: regex.Match) -> bool:
        # The sentence around the match: from the previous sentence end to the next one.
        left = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start()))
        right_candidates = [i for i in (text.find(". ", m.end()), text.find("\n", m.end())) if i >= 0]
        right = min(right_candidates) if right_candidates else len(text)
        sentence = text[left + 1 : right + 1]
        return any(search(u, sentence) for u in self._unless)
