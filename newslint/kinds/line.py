"""`line` kind: flag a line that is, as a whole, navigation text, a template header, etc."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import ClassVar, Iterator, Sequence

import regex

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError, compile_regex, search
from newslint.prefilter import Trigger, any_of, phrases_trigger, regex_trigger
from newslint.text import is_title_case, word_count

# Trailing decoration that does not change what a line is: "Read also:", "Latest »", "Share ›".
_TRIM = regex.compile(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$")
# Numbered backreferences and whole-pattern inline flags: such a pattern cannot join others.
_NOT_COMBINABLE = regex.compile(r"\\[1-9]|\\g<\d|\(\?[a-zA-Z]+\)|\(\?P=|\(\?&|\(\?\d|\(\?R\)|\(\?\|")


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
def block_lines(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, line) of every non-blank line of a block, shared by all the line rules."""
    lines = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((offset, line))
        offset += len(line) + 1
    return tuple(lines)


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
    not_first: bool = False  # skip the first line of the scope (the real headline or lede)
    isolated: bool = False  # only lines whose neighbours do not match too (a run is a list)
    min_run: int = 1  # only runs of at least this many matching lines in a row (link lists)
    unless: tuple[str, ...] = ()  # regexes: a line that matches one of these is never flagged

    fields: ClassVar[tuple[str, ...]] = ("match",)
    _phrases: frozenset = field(init=False, repr=False, compare=False, default=frozenset())
    _patterns: tuple = field(init=False, repr=False, compare=False, default=())
    _unless: tuple = field(init=False, repr=False, compare=False, default=())
    _contains: tuple = field(init=False, repr=False, compare=False, default=())
    _any: tuple = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        if not (self.phrases or self.patterns or self.contains or self.title_case):
            raise KindError("phrases", "give 'phrases', 'patterns', 'contains' or 'title-case: true'")
        lists = {name: list(ws) for name, ws in self.lists.items()}
        object.__setattr__(self, "_phrases", frozenset(normalize_line(p) for p in self.phrases))
        object.__setattr__(
            self,
            "_patterns",
            tuple(
                compile_regex(rf"^(?:{p})$", f"patterns[{i}]", ignore_case=self.ignore_case, **lists)
                for i, p in enumerate(self.patterns)
            ),
        )
        object.__setattr__(
            self, "_contains", tuple(compile_regex(p, f"contains[{i}]", ignore_case=self.ignore_case, **lists) for i, p in enumerate(self.contains))
        )
        object.__setattr__(self, "_any", self._combined(lists))
        object.__setattr__(
            self, "_unless", tuple(compile_regex(p, f"unless[{i}]", ignore_case=self.ignore_case, **lists) for i, p in enumerate(self.unless))
        )

    def _combined(self, lists: dict[str, list[str]]) -> tuple:
        """`patterns` as one anchored alternation and `contains` as another: two searches a line.

        Only a yes/no is needed, so an alternation is equivalent, unless a pattern refers to
        a group by number or sets flags for the whole pattern; then they stay separate."""
        if any(_NOT_COMBINABLE.search(p) for p in (*self.patterns, *self.contains)):
            return self._patterns + self._contains
        alternations = []
        if self.patterns:
            alternations.append("^(?:" + "|".join(f"(?:{p})" for p in self.patterns) + ")$")
        if self.contains:
            alternations.append("|".join(f"(?:{p})" for p in self.contains))
        return tuple(compile_regex(a, "patterns", ignore_case=self.ignore_case, **lists) for a in alternations)

    def trigger(self) -> Trigger | None:
        """Literals a line needs to match a phrase, pattern or `contains` (prefilter.py)."""
        if self.title_case:
            return None
        lists = {name: list(ws) for name, ws in self.lists.items()}
        triggers = [regex_trigger(p, lists) for p in (*self.patterns, *self.contains)]
        if self._phrases:
            triggers.append(phrases_trigger(self._phrases))  # normalized: what lines are compared to
        return any_of(triggers)

    def block_local(self) -> bool:
        """Lines are judged alone unless neighbours or the first line matter."""
        return not (self.not_first or self.isolated or self.min_run > 1)

    def matches(self, line: str) -> bool:
        """True when this whole line is what the rule looks for."""
        stripped, n = line_facts(line)
        if n < self.min_words or (self.max_words and n > self.max_words):
            return False
        matched = (
            (self._phrases and normalized_line(stripped) in self._phrases)
            or any(search(p, stripped) for p in self._any)
            # The ending test first: it rejects almost every prose line for free.
            or (self.title_case and not stripped.endswith((".", "?", "!", ":", '"', "”")) and is_title_case(stripped, max(self.min_words, 1)))
        )
        return bool(matched) and not any(search(u, stripped) for u in self._unless)

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield a hit spanning each matching line (without its surrounding white space)."""
        lines = [(block, offset, line) for block in blocks for offset, line in block_lines(block.text)]
        matched = [self.matches(line) for _, _, line in lines]
        if self.min_run > 1:
            matched = _keep_runs(matched, self.min_run)
        for i, (block, offset, line) in enumerate(lines):
            if not matched[i] or (i == 0 and self.not_first):
                continue
            if self.isolated and ((i > 0 and matched[i - 1]) or (i + 1 < len(lines) and matched[i + 1])):
                continue
            lead = len(line) - len(line.lstrip())
            yield Hit(block, offset + lead, offset + len(line.rstrip()))


def _keep_runs(matched: list[bool], length: int) -> list[bool]:
    """Keep only the matches that belong to a run of at least `length` in a row."""
    kept = [False] * len(matched)
    start = 0
    for i in range(len(matched) + 1):
        if i == len(matched) or not matched[i]:
            if i - start >= length:
                kept[start:i] = [True] * (i - start)
            start = i + 1
    return kept
