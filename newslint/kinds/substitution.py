"""`substitution` kind: flag a wrong word or phrase and suggest the right one."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError, compile_regex, finditer


@dataclass(frozen=True)
class SubstitutionKind:
    """Each key of `swap` (a whole-word phrase, or a regex with `regex: true`) -> its suggestion."""

    swap: dict[str, str]
    ignore_case: bool = False
    regex: bool = False  # keys are regexes; the suggestion may use \\1 group references

    fields: ClassVar[tuple[str, ...]] = ("match", "suggestion")
    _pairs: tuple = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        if not self.swap:
            raise KindError("swap", "give at least one 'bad: good' pair")
        pairs = []
        for bad, good in sorted(self.swap.items()):
            source = bad if self.regex else r"(?<![\p{L}\p{N}])" + _escape(bad) + r"(?![\p{L}\p{N}])"
            pairs.append((compile_regex(source, f"swap.{bad}", ignore_case=self.ignore_case), good))
        object.__setattr__(self, "_pairs", tuple(pairs))

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield a hit with a suggestion for every occurrence of a bad form."""
        for block in blocks:
            for pattern, good in self._pairs:
                for m in finditer(pattern, block.text):
                    if m.end() == m.start():
                        continue
                    suggestion = m.expand(good) if self.regex else _match_case(m.group(), good)
                    if suggestion == m.group():
                        continue
                    yield Hit(block, m.start(), m.end(), {"suggestion": suggestion}, suggestion)


def _escape(phrase: str) -> str:
    import regex

    return regex.escape(phrase).replace(r"\ ", r"\s+")


def _match_case(found: str, good: str) -> str:
    """Keep a sentence-initial capital: 'Alot' -> 'A lot'."""
    if found[:1].isupper() and good[:1].islower():
        return good[:1].upper() + good[1:]
    return good
