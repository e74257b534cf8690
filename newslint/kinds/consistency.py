"""`consistency` kind: one document should spell a name and case a title one way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Iterator, Sequence

import regex

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError, compile_regex, finditer


@dataclass(frozen=True)
class ConsistencyKind:
    """Flags the later forms when a document mixes variants of one group, or casings of a term."""

    groups: tuple[tuple[str, ...], ...] = ()  # variant spellings, e.g. [Kyiv, Kiev]
    casing: tuple[str, ...] = ()  # regexes for terms whose casing must not vary
    followed_by: str = ""  # a regex that must follow a casing match (e.g. a capitalised name)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)  # \\L<name> lists for `casing`

    fields: ClassVar[tuple[str, ...]] = ("match", "first", "variants")
    _variants: regex.Pattern | None = field(init=False, repr=False, compare=False, default=None)
    _group_of: dict = field(init=False, repr=False, compare=False, default_factory=dict)
    _casing: tuple = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        if not self.groups and not self.casing:
            raise KindError("groups", "give 'groups' (variant lists) or 'casing' (regexes)")
        group_of: dict[str, int] = {}
        for i, group in enumerate(self.groups):
            if len(group) < 2:
                raise KindError(f"groups[{i}]", "a variant group needs at least two spellings")
            for variant in group:
                group_of.setdefault(variant, i)
        object.__setattr__(self, "_group_of", group_of)
        if group_of:
            # One scan for every spelling of every group: \L<> builds a trie and prefers the
            # longest spelling, so this is as fast as one group and scales to thousands.
            pattern = compile_regex(r"(?<![\p{L}\p{N}])\L<variants>(?![\p{L}\p{N}])", "groups", variants=sorted(group_of))
            object.__setattr__(self, "_variants", pattern)
        tail = f"(?={self.followed_by})" if self.followed_by else ""
        lists = {name: list(words) for name, words in self.lists.items()}
        object.__setattr__(
            self,
            "_casing",
            tuple(compile_regex(rf"(?<![\p{{L}}\p{{N}}])(?:{p})(?![\p{{L}}\p{{N}}]){tail}", f"casing[{i}]", ignore_case=True, **lists) for i, p in enumerate(self.casing)),
        )

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield each occurrence that differs from the first form the document used."""
        if self._variants is not None:
            by_group: dict[int, list] = {}
            for block in blocks:
                for m in finditer(self._variants, block.text):
                    by_group.setdefault(self._group_of[m.group()], []).append((block, m))
            for group in sorted(by_group):
                yield from _report(by_group[group])
        for pattern in self._casing:
            # Same words, different casing: group by case-folded text, compare exact text.
            by_term: dict[str, list] = {}
            for block in blocks:
                for m in finditer(pattern, block.text):
                    by_term.setdefault(m.group().casefold(), []).append((block, m))
            for occurrences in by_term.values():
                yield from _report(occurrences)


def _report(occurrences: list) -> Iterator[Hit]:
    """Hits for every occurrence unlike the first, when there is more than one form."""
    forms = list(dict.fromkeys(m.group() for _, m in occurrences))
    if len(forms) < 2:
        return
    first = forms[0]
    variants = ", ".join(forms)
    for block, m in occurrences:
        if m.group() != first:
            yield Hit(block, m.start(), m.end(), {"first": first, "variants": variants}, first)
