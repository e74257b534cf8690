"""Literal prefilters at run time: which rules a block's literals allow to run.

Most articles contain none of what a rule looks for. Every match of a regex such as
`sources?\\s+(?:said|told)` contains the string "source"; when the folded text of a
block has no "source" in it, the regex cannot match and the rule need not run there. This
is the idea behind RE2's FilteredRE2 and hyperscan's literal factoring. newslint/literals.py
works out each rule's Trigger (the literals) when rules load; here one Aho-Corasick pass per
block finds which of all the rules' literals occur, and so which rules may match.

A trigger only ever makes a rule skip text on which its regexes find nothing.
"""

from __future__ import annotations

import bisect
import functools
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import ahocorasick

from newslint.document import Block

# Full case folding plus two repairs, because the `regex` module's IGNORECASE matches "i"
# to "İ" (which folds to "i" + U+0307) and "I" to "ı" (which folds to itself).
_FOLD_MORE = str.maketrans({"\u0307": None, "\u0131": "i"})
_SECOND = operator.itemgetter(1)

Clause = frozenset  # of folded strings: a text satisfies it when it contains any one
Requirement = tuple  # of Clauses: a text satisfies it when it satisfies every clause


def fold(text: str) -> str:
    """Text as prefilters compare it: case-folded; U+0307 dropped and dotless i dotted."""
    folded = text.casefold()
    return folded.translate(_FOLD_MORE) if "\u0307" in folded or "\u0131" in folded else folded


@dataclass(frozen=True)
class Trigger:
    """A rule may match a text only if the text satisfies one of these requirements."""

    alternatives: tuple[Requirement, ...]

    def literals(self) -> set[str]:
        """Every literal the trigger looks at."""
        return {literal for requirement in self.alternatives for clause in requirement for literal in clause}

    def found_in(self, present: frozenset[str] | set[str]) -> bool:
        """True when the literals present in a text allow a match (the rule must run on it)."""
        return any(all(not present.isdisjoint(clause) for clause in requirement) for requirement in self.alternatives)


def any_of(triggers: Iterable[Trigger | None]) -> Trigger | None:
    """A trigger for 'one of these may match'; None when one of them constrains nothing."""
    alternatives: list[Requirement] = []
    for trigger in triggers:
        if trigger is None:
            return None
        alternatives.extend(trigger.alternatives)
    return Trigger(tuple(dict.fromkeys(alternatives))) if alternatives else None


@dataclass(frozen=True)
class LiteralHits:
    """The literals found in a text, each occurrence with the offset of its last character
    (ascending, as the automaton reports them)."""

    ends: list[int]
    literals: list[str]

    def within(self, start: int, end: int) -> frozenset[str]:
        """The literals with an occurrence inside text[start:end]."""
        first, last = bisect.bisect_left(self.ends, start), bisect.bisect_left(self.ends, end)
        return frozenset(
            literal
            for at, literal in zip(self.ends[first:last], self.literals[first:last], strict=True)
            if at - len(literal) + 1 >= start
        )


@dataclass(frozen=True)
class FoundLiterals:
    """What the engine's literal scan found in each block of one document, for one rule list.

    The engine makes one per document and hands it to the kinds that asked for literals
    (contract.ReadsLiterals); it is never kept on the Document. Blocks go by id(): a kind
    asks about the blocks of the document the scan was made for."""

    blocks: Mapping[int, frozenset[str]]  # id(block) -> the literals found in it
    # id(block) -> where they are, for blocks of several lines whose folding kept offsets
    hits: Mapping[int, LiteralHits]
    _lines: dict[int, dict[int, frozenset[str]]] = field(default_factory=dict, compare=False, repr=False)

    def in_block(self, block: Block) -> frozenset[str] | None:
        """The literals found in a block (None: it was not scanned)."""
        return self.blocks.get(id(block))

    def by_line(self, block: Block) -> dict[int, frozenset[str]] | None:
        """The literals found in each line of a block, by the offset of the line in
        block.text (None: where they are in it is not known)."""
        hits = self.hits.get(id(block))
        if hits is None:
            return None
        found = self._lines.get(id(block))  # every line rule asks about the same lines
        if found is None:
            found = self._lines[id(block)] = {}
            start = 0
            for line in block.text.split("\n"):
                found[start] = hits.within(start, start + len(line))
                start += len(line) + 1
        return found


def indices(mask: int) -> frozenset[int]:
    """The positions of the set bits of a mask."""
    return frozenset(i for i in range(mask.bit_length()) if mask >> i & 1)


class TriggerTable:
    """Which of many triggers a set of literals satisfies.

    A literal maps straight to the triggers it satisfies alone (one-clause alternatives) and
    to the clause bits it sets in alternatives of several clauses, so the work per text grows
    with the literals present, not with the number of rules or alternatives."""

    def __init__(self, triggers: Sequence[Trigger | None], extra: Iterable[str] = ()) -> None:
        """Index the triggers; `extra` literals satisfy none of them but may be present too."""
        direct: dict[str, set[int]] = {}  # literal -> triggers it satisfies by itself
        # An alternative of several clauses gets one bit per clause, then a guard bit that is
        # never set. A literal maps to the clause bits it sets, so that the literals of a text
        # OR together, and adding a 1 at each alternative's first bit carries into its guard
        # exactly when every clause is met: big-int arithmetic in C, not a loop over pairs.
        self._slots: dict[str, int] = {}  # literal -> the clause bits it sets
        self._firsts = 0  # the first clause bit of every alternative
        self._guards = 0  # the guard bit of every alternative
        self._owner: dict[int, int] = {}  # guard bit (its value) -> bit of the trigger it satisfies
        slot = 0
        for index, trigger in enumerate(triggers):
            for requirement in trigger.alternatives if trigger else ():
                if len(requirement) == 1:
                    for literal in requirement[0]:
                        direct.setdefault(literal, set()).add(index)
                    continue
                for position, clause in enumerate(requirement):
                    for literal in clause:
                        self._slots[literal] = self._slots.get(literal, 0) | 1 << (slot + position)
                guard = 1 << (slot + len(requirement))
                self._firsts |= 1 << slot
                self._guards |= guard
                self._owner[guard] = 1 << index
                slot += len(requirement) + 1
        self.literals = frozenset(direct.keys() | self._slots.keys() | set(extra))
        # Sets of trigger indices as bit masks: OR-ing ints costs far less than set unions.
        self._direct = {literal: sum(1 << i for i in direct.get(literal, ())) for literal in self.literals}
        self._with_slots = frozenset(self._slots)  # for a set intersection in C

    def satisfied_mask(self, present: frozenset[str]) -> int:
        """The triggers that literals present in a text satisfy (each literal one of
        self.literals), as a bit mask: bit i is set when trigger i is satisfied."""
        found = functools.reduce(operator.or_, map(self._direct.__getitem__, present), 0)
        partly = present & self._with_slots
        if partly:
            met = functools.reduce(operator.or_, map(self._slots.__getitem__, partly))
            complete = (met + self._firsts) & self._guards
            while complete:  # usually none or one: most texts meet few alternatives in full
                guard = complete & -complete
                found |= self._owner[guard]
                complete ^= guard
        return found

    def satisfied_by(self, present: frozenset[str]) -> frozenset[int]:
        """Indices of the triggers that literals present in a text satisfy (each of them
        one of self.literals)."""
        return indices(self.satisfied_mask(present))


class TriggerIndex(TriggerTable):
    """Which of many triggers a text satisfies, from one Aho-Corasick pass over the text.

    The `extra` literals are scanned for too: they satisfy no trigger, but literals_in
    reports them (the literals a kind asks for, contract.ReadsLiterals)."""

    def __init__(self, triggers: Sequence[Trigger | None], extra: Iterable[str] = ()) -> None:
        super().__init__(triggers, extra)
        self._automaton = ahocorasick.Automaton()
        for literal in sorted(self.literals):
            self._automaton.add_word(literal, literal)
        if self.literals:
            self._automaton.make_automaton()

    def literals_in(self, text: str) -> frozenset[str]:
        """The indexed literals that occur in the folded text."""
        if not self.literals:
            return frozenset()
        return frozenset(map(_SECOND, self._automaton.iter(fold(text))))  # (end, literal) pairs

    def literal_hits(self, text: str) -> tuple[frozenset[str], LiteralHits | None]:
        """literals_in(text), and where each occurrence lies in `text`: None when folding
        turned a character into more or fewer than one, so folded offsets are not the text's."""
        if not self.literals:
            return frozenset(), None
        folded = fold(text)
        hits = list(self._automaton.iter(folded))
        present = frozenset(map(_SECOND, hits))
        # Folding turns every character into one or more, but for U+0307, which it drops: with
        # no U+0307 and the length unchanged, each character became exactly one.
        if len(folded) != len(text) or "\u0307" in text:
            return present, None
        return present, LiteralHits([last for last, _ in hits], [literal for _, literal in hits])

    def satisfied(self, text: str) -> frozenset[int]:
        """Indices of the triggers the text satisfies (a rule with any other index cannot match)."""
        return self.satisfied_by(self.literals_in(text))
