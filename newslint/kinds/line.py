"""`line` kind: flag a line that is, as a whole, navigation text, a template header, etc."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import regex

from newslint.document import STRUCTURE, Block, Document
from newslint.kinds.base import Hit, KindError, compile_regex, search
from newslint.literals import phrases_trigger, regex_trigger
from newslint.prefilter import FoundLiterals, Trigger, TriggerTable, any_of
from newslint.text import is_title_case, word_count

# Trailing decoration that does not change what a line is: "Read also:", "Latest »", "Share ›".
_TRIM = regex.compile(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$")
# A line ending so is a sentence, not a stray headline.
_SENTENCE_ENDS = (".", "?", "!", ":", '"', "”")
# Numbered backreferences and whole-pattern inline flags: such a pattern cannot join others.
_NOT_COMBINABLE = regex.compile(r"\\[1-9]|\\g<\d|\(\?[a-zA-Z]+\)|\(\?P=|\(\?&|\(\?\d|\(\?R\)|\(\?\|")


def _end_anchored(source: str) -> bool:
    """True when a pattern ends with `$` (not `\\$`): it matches at the end of the text (unless an
    alternative at its top level does not), so it is cheapest searched from there. Whether a
    pattern matches is the same searched from either end; only the speed depends on this."""
    body = source.rstrip()
    if not body.endswith("$"):
        return False
    escapes = len(body[:-1]) - len(body[:-1].rstrip("\\"))
    return escapes % 2 == 0


def normalize_line(text: str) -> str:
    """Case-folded line without surrounding punctuation, arrows and bullets; spaces folded."""
    return " ".join(_TRIM.sub("", text).casefold().split())


@functools.lru_cache(maxsize=16384)
def line_facts(line: str) -> tuple[str, int]:
    """(stripped line, word count), computed once for all the line rules."""
    stripped = line.strip()
    return stripped, word_count(stripped)


@functools.lru_cache(maxsize=16384)
def normalized_line(stripped: str) -> str:
    """normalize_line, cached: only rules with phrases need it, and they share it."""
    return normalize_line(stripped)


@functools.lru_cache(maxsize=4096)
def block_lines(text: str) -> tuple[tuple[int, str, str, int], ...]:
    """(offset, line, stripped line, word count) of every non-blank line of a block, worked
    out once for all the line rules."""
    lines = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((offset, line, *line_facts(line)))
        offset += len(line) + 1
    return tuple(lines)


@dataclass(frozen=True)
class _Parts:
    """What to try on the lines of one block: the phrases or not, and which searches."""

    phrases: bool
    searches: tuple  # compiled regexes: a line matches when one of them matches it


# Sets of literals present a rule remembers the parts of (then it starts again).
_MAX_CHOICES = 1024


@dataclass(frozen=True)
class LineKind:
    """Flags lines that match a phrase or regex as a whole (not a word inside a sentence)."""

    phrases: tuple[str, ...] = ()  # compared after case folding and trimming punctuation
    patterns: tuple[str, ...] = ()  # must match the whole stripped line
    contains: tuple[str, ...] = ()  # found anywhere in the line (faster than '.*X.*' patterns)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore_case: bool = True
    title_case: bool = False  # match a title-case line (a stray headline) instead
    min_words: int = 0
    max_words: int = 0  # 0 = no limit
    # Lines longer than max-words, up to this many words, are still searched for `contains`
    # (a credit or notice run on at the end of a long paragraph); 0: max-words for all.
    contains_max_words: int = 0
    not_first: bool = False  # skip the first line of the scope (the real headline or lede)
    isolated: bool = False  # only lines whose neighbours do not match too (a run is a list)
    # Only lines between two lines of at least this many words (0: any): a line set between
    # full paragraphs, not one of a run of names, addresses or links.
    between_words: int = 0
    min_run: int = 1  # only runs of at least this many matching lines in a row (link lists)
    unless: tuple[str, ...] = ()  # regexes: a line that matches one of these is never flagged
    # Phrases that nothing but page chrome uses ("skip to content"): flagged in every block.
    chrome_phrases: tuple[str, ...] = ()
    # Headings, list items and table cells are an author's structure ("## Background",
    # "- See also"): when true, only chrome-phrases are flagged there.
    skip_structure: bool = False

    fields: ClassVar[tuple[str, ...]] = ("match",)
    _phrases: frozenset = field(init=False, repr=False, compare=False, default=frozenset())
    _chrome: frozenset = field(init=False, repr=False, compare=False, default=frozenset())
    _unless: tuple = field(init=False, repr=False, compare=False, default=())
    # Each of patterns + contains compiled alone, and the trigger of each (None: may match anywhere).
    _singles: tuple = field(init=False, repr=False, compare=False, default=())
    _triggers: tuple = field(init=False, repr=False, compare=False, default=())
    _phrases_trigger: Trigger | None = field(init=False, repr=False, compare=False, default=None)
    _phrases_anywhere: bool = field(init=False, repr=False, compare=False, default=False)  # phrases without trigger
    _separate: bool = field(init=False, repr=False, compare=False, default=False)  # patterns that cannot be combined
    # The triggers of the phrases (part 0) and of each of patterns + contains (parts 1, 2, ...).
    _table: TriggerTable | None = field(init=False, repr=False, compare=False, default=None)
    # A line of more words than this cannot normalise to one of the phrases (see _matches).
    _phrase_words: int = field(init=False, repr=False, compare=False, default=0)
    _everything: _Parts = field(init=False, repr=False, compare=False, default=_Parts(False, ()))
    # What is tried on a line past max-words (contains-max-words): `contains` only.
    _long_everything: _Parts = field(init=False, repr=False, compare=False, default=_Parts(False, ()))
    _long_untriggered: tuple = field(init=False, repr=False, compare=False, default=())
    _untriggered: tuple = field(
        init=False, repr=False, compare=False, default=()
    )  # searches of the parts without trigger
    _choices: dict = field(init=False, repr=False, compare=False, default_factory=dict)  # literals present -> _Parts
    # For each search of `contains` parts that all end in `$`: the same pattern compiled to
    # search from the end of the text (regex's REVERSE). Whether such a pattern matches a
    # line at all is found at its end, not by trying every place of a long paragraph: about
    # ten times faster, and only a line it does match is searched forward for the span.
    _from_end: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        if not (self.phrases or self.chrome_phrases or self.patterns or self.contains or self.title_case):
            raise KindError("phrases", "give 'phrases', 'chrome-phrases', 'patterns', 'contains' or 'title-case: true'")
        if self.contains_max_words and not (self.contains and 0 < self.max_words < self.contains_max_words):
            raise KindError(
                "contains-max-words",
                "give it with 'contains' and a 'max-words' below it: it searches longer lines for 'contains' only",
            )
        lists = {name: list(ws) for name, ws in self.lists.items()}
        object.__setattr__(self, "_chrome", frozenset(normalize_line(p) for p in self.chrome_phrases))
        object.__setattr__(self, "_phrases", frozenset(normalize_line(p) for p in self.phrases) | self._chrome)
        patterns = tuple(
            compile_regex(rf"^(?:{p})$", f"patterns[{i}]", ignore_case=self.ignore_case, **lists)
            for i, p in enumerate(self.patterns)
        )
        contains = tuple(
            compile_regex(p, f"contains[{i}]", ignore_case=self.ignore_case, **lists)
            for i, p in enumerate(self.contains)
        )
        object.__setattr__(self, "_singles", patterns + contains)
        for source, compiled in zip(self.contains, contains, strict=True):
            if _end_anchored(source):
                self._find_from_end(compiled, lists)
        object.__setattr__(
            self,
            "_unless",
            tuple(
                compile_regex(p, f"unless[{i}]", ignore_case=self.ignore_case, **lists)
                for i, p in enumerate(self.unless)
            ),
        )
        object.__setattr__(self, "_triggers", tuple(regex_trigger(p, lists) for p in (*self.patterns, *self.contains)))
        phrases = phrases_trigger(self._phrases) if self._phrases else None
        object.__setattr__(self, "_phrases_trigger", phrases)
        object.__setattr__(self, "_phrases_anywhere", bool(self._phrases) and phrases is None)
        object.__setattr__(self, "_phrase_words", (max(map(len, self._phrases), default=0) + 1) // 2)
        object.__setattr__(self, "_separate", any(_NOT_COMBINABLE.search(p) for p in (*self.patterns, *self.contains)))
        everything = tuple(range(len(self._singles)))
        object.__setattr__(self, "_everything", _Parts(bool(self._phrases), self._combined(everything, lists)))
        contained = everything[len(self.patterns) :]
        object.__setattr__(self, "_long_everything", _Parts(False, self._combined(contained, lists)))
        if phrases or any(self._triggers):
            object.__setattr__(self, "_table", TriggerTable((phrases, *self._triggers)))
            untriggered = tuple(i for i in everything if self._triggers[i] is None)
            searches = self._everything.searches if untriggered == everything else self._combined(untriggered, lists)
            object.__setattr__(self, "_untriggered", searches)
            untriggered = tuple(i for i in contained if self._triggers[i] is None)
            object.__setattr__(self, "_long_untriggered", self._combined(untriggered, lists))

    def _combined(self, chosen: tuple[int, ...], lists: dict[str, list[str]]) -> tuple:
        """The chosen ones of patterns + contains as one anchored alternation and one plain one.

        Only a yes/no is needed, so an alternation is equivalent, unless a pattern refers to
        a group by number or sets flags for the whole pattern; then they stay separate."""
        if self._separate:
            return tuple(self._singles[i] for i in chosen)
        sources = (*self.patterns, *self.contains)
        anchored = [sources[i] for i in chosen if i < len(self.patterns)]
        anywhere = [sources[i] for i in chosen if i >= len(self.patterns)]
        # The `contains` that end in `$` apart from the others: they can be found from the end.
        # (A line that both groups match reports the other group's span: searched first.)
        at_end = [p for p in anywhere if _end_anchored(p)]
        elsewhere = [p for p in anywhere if not _end_anchored(p)]
        alternations = []
        if anchored:
            alternations.append("^(?:" + "|".join(f"(?:{p})" for p in anchored) + ")$")
        for group in (elsewhere, at_end):
            if group:
                alternations.append("|".join(f"(?:{p})" for p in group))
        compiled = tuple(compile_regex(a, "patterns", ignore_case=self.ignore_case, **lists) for a in alternations)
        if at_end:
            self._find_from_end(compiled[-1], lists)
        return compiled

    def _find_from_end(self, pattern: regex.Pattern, lists: dict[str, list[str]]) -> None:
        """Note the reverse form of an end-anchored search (none if regex will not have it)."""
        try:
            reverse = compile_regex(f"(?r){pattern.pattern}", "contains", ignore_case=self.ignore_case, **lists)
        except KindError:
            return
        self._from_end[pattern] = reverse

    def trigger(self) -> Trigger | None:
        """Literals a line needs to match a phrase, pattern or `contains` (literals.py)."""
        if self.title_case:
            return None
        triggers = list(self._triggers)  # of patterns + contains, worked out at load
        if self._phrases:
            triggers.append(self._phrases_trigger)  # of the normalized phrases: what lines are compared to
        return any_of(triggers)

    def noted_literals(self) -> frozenset[str]:
        """The literals of the phrases and of each pattern, found in every block even when
        trigger() is None, so check() skips the parts a block (or line) cannot match."""
        return self._table.literals if self._table is not None else frozenset()

    def block_local(self) -> bool:
        """Lines are judged alone unless neighbours or the first line matter."""
        return not (self.not_first or self.isolated or self.min_run > 1 or self.between_words)

    def matches(self, line: str) -> bool:
        """True when this whole line is what the rule looks for."""
        stripped, n = line_facts(line)
        low, high = self._word_limits()
        if low <= n <= high:
            return self._matches(stripped, n, self._everything)
        return high < n <= self.contains_max_words and self._contained(stripped, self._long_everything) is not None

    def _word_limits(self) -> tuple[int, int]:
        """The fewest and most words a line may have (min-words, max-words; 0: no limit)."""
        return self.min_words, self.max_words or 1 << 30

    def _matches(self, stripped: str, n: int, parts: _Parts) -> bool:
        """True when a line that fits matches one of `parts` (or is title case) and no `unless`."""
        # Loops, not any() over generators: this runs for every line of every line rule.
        # Each word is a run of letters or digits that normalising keeps, and words are
        # apart: a line of n words normalises to 2n - 1 characters or more.
        if not (parts.phrases and n <= self._phrase_words and normalized_line(stripped) in self._phrases):
            for pattern in parts.searches:
                if search(pattern, stripped):
                    break
            else:
                # The ending test first: it rejects almost every prose line for free.
                if not (
                    self.title_case
                    and not stripped.endswith(_SENTENCE_ENDS)
                    and is_title_case(stripped, max(self.min_words, 1))
                ):
                    return False
        return not self._excused(stripped)

    def _excused(self, stripped: str) -> bool:
        """True when one of the `unless` patterns matches the line: it is never flagged."""
        for pattern in self._unless:
            if search(pattern, stripped):
                return True
        return False

    def _is_chrome(self, stripped: str, n: int) -> bool:
        """True when a line of an author's structure is one of the chrome phrases."""
        if not (self._chrome and n <= self._phrase_words and normalized_line(stripped) in self._chrome):
            return False
        return not self._excused(stripped)

    def _parts(self, present: frozenset[str] | None, long_line: bool = False) -> _Parts:
        """The phrases and patterns that may match a line, given the literals the engine
        found in it or in its block (all of this rule's, see noted_literals; None: unknown);
        for a line past max-words (`long_line`), the `contains` searches that may.

        A part is left out only when those literals do not satisfy its own trigger."""
        table = self._table
        if present is None or table is None:  # literals are noted only for a rule with a table
            return self._long_everything if long_line else self._everything
        # Keyed by the rule's own literals in the line, which decide the parts: lines with
        # the same ones (most often none) skip working out which triggers they satisfy.
        key = present & table.literals
        parts = self._choices.get((key, long_line))
        if parts is None:
            if len(self._choices) >= _MAX_CHOICES:
                self._choices.clear()
            parts = self._choices[key, long_line] = self._choose(table.satisfied_by(key), long_line)
        return parts

    def _choose(self, allowed: frozenset[int], long_line: bool = False) -> _Parts:
        """The parts to try when the triggers of `allowed` parts (0: the phrases) are met.

        One pattern a block allows runs alone next to those without a trigger; for more,
        one search of all of them costs less than a search each."""
        if long_line:
            everything, untriggered, phrases = self._long_everything, self._long_untriggered, False
        else:
            everything, untriggered = self._everything, self._untriggered
            phrases = self._phrases_anywhere or (bool(self._phrases) and 0 in allowed)
        first = len(self.patterns) if long_line else 0  # a long line is searched for `contains` only
        chosen = [
            i for i, trigger in enumerate(self._triggers) if i >= first and trigger is not None and i + 1 in allowed
        ]
        if len(chosen) > 1 and not self._separate:
            return _Parts(phrases, everything.searches)
        return _Parts(phrases, untriggered + tuple(self._singles[i] for i in chosen))

    def check(self, document: Document, blocks: Sequence[Block], found: FoundLiterals | None = None) -> Iterator[Hit]:
        """Yield a hit spanning each matching line (without its surrounding white space)."""
        noted = found if self._table is not None else None  # literals are noted only for a rule with a table
        low, high = self._word_limits()
        matched: list[tuple[int, Block, int, int]] = []  # (number of the line in the scope, block, span)
        words_of: list[int] = []  # words of every line in the scope, by number
        number = 0
        for block in blocks:
            lines = block_lines(block.text)
            if self.skip_structure and block.kind in STRUCTURE:
                for offset, line, stripped, n in lines:
                    if low <= n <= high and self._is_chrome(stripped, n):
                        matched.append((number, block, *_trimmed(offset, line)))
                    words_of.append(n)
                    number += 1
                continue
            # In a hard-wrapped paragraph each line has its own literals: most lines lack
            # the ones that made the block a candidate.
            by_line = noted.by_line(block) if noted is not None and len(lines) > 1 else None
            parts = None if noted is not None else self._everything  # decided once a line fits the word limits
            for offset, line, stripped, n in lines:
                if low <= n <= high:  # most lines of prose are too long
                    if by_line is not None:
                        parts = self._parts(by_line[offset])
                    elif parts is None:
                        parts = self._parts(noted.in_block(block) if noted is not None else None)
                    if self._matches(stripped, n, parts):
                        matched.append((number, block, *_trimmed(offset, line)))
                elif high < n <= self.contains_max_words:
                    present = (
                        by_line[offset] if by_line is not None else noted.in_block(block) if noted is not None else None
                    )
                    span = self._contained(stripped, self._parts(present, long_line=True))
                    if span is not None:  # the run-on part only: the line is a paragraph
                        start = offset + len(line) - len(line.lstrip())
                        matched.append((number, block, start + span[0], start + span[1]))
                words_of.append(n)
                number += 1
        if self.min_run > 1:
            matched = _in_runs(matched, self.min_run)
        kept = {m[0] for m in matched} if self.isolated else ()
        for number, block, start, end in matched:
            if number == 0 and self.not_first:
                continue
            if self.isolated and (number - 1 in kept or number + 1 in kept):
                continue
            if self.between_words and not (
                0 < number < len(words_of) - 1 and min(words_of[number - 1], words_of[number + 1]) >= self.between_words
            ):
                continue
            yield Hit(block, start, end)

    def _contained(self, stripped: str, parts: _Parts) -> tuple[int, int] | None:
        """Where in a line past max-words the first of the `contains` searches matches (None:
        none does, or an `unless` matches the line)."""
        for pattern in parts.searches:
            from_end = self._from_end.get(pattern)
            if from_end is not None and search(from_end, stripped) is None:
                continue  # the cheap test first: most paragraphs end with no credit
            m = search(pattern, stripped)
            if m is not None:
                return None if self._excused(stripped) else m.span()
        return None


def _trimmed(offset: int, line: str) -> tuple[int, int]:
    """The span of a line in its block without its surrounding white space."""
    return offset + len(line) - len(line.lstrip()), offset + len(line.rstrip())


def _in_runs(matched: list[tuple], length: int) -> list[tuple]:
    """The matched lines (numbered first) that belong to a run of `length` or more in a row."""
    kept: list[tuple] = []
    run: list[tuple] = []
    for m in matched:
        if run and m[0] != run[-1][0] + 1:
            if len(run) >= length:
                kept.extend(run)
            run = []
        run.append(m)
    if len(run) >= length:
        kept.extend(run)
    return kept
