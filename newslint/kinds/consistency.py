"""`consistency` kind: one document should spell a name and case a title one way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar, Iterable, Iterator, Sequence

import regex

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError, compile_regex, finditer

# A casing pattern made only of \L<name> lists joined by whitespace (`\L<a>\s+\L<b>|\L<c>`)
# can only match where every list of one branch has a word, standing apart from letters
# and digits: each run of letters and digits in that word is a whole run of the text.
_LIST = regex.compile(r"\\L<(\w+)>")
_SPACES = regex.compile(r"(?:\\s\+?| )+")
# Characters that are neither letter nor digit and not case-equivalent to any ASCII character:
# a block that is otherwise ASCII matches case-insensitive ASCII words only in lower().
_NOT_PLAIN = re.compile(r"[^\x00-\x7f\u00a0“”‘’…–—£€]")
# Lowers ASCII letters, keeps digits, blanks the rest: str.split then gives a word's runs.
_RUN_CHARS = str.maketrans({c: c.lower() if c.isalnum() else " " for c in map(chr, range(128))})


@dataclass(frozen=True)
class ListGate:
    """Whether a text's runs of letters and digits hold all the runs of some word of a list."""

    single: frozenset[str]  # the words that are one run
    multiple: tuple[frozenset[str], ...]  # the runs of each other word
    anchors: frozenset[str]  # the longest run of each other word: most texts have none

    @classmethod
    def of(cls, words: Iterable[str]) -> ListGate:
        """The gate for a list of ASCII words, each with a letter or digit."""
        runs = [w.translate(_RUN_CHARS).split() for w in words]
        multiple = [r for r in runs if len(r) > 1]
        return cls(frozenset(r[0] for r in runs if len(r) == 1), tuple(map(frozenset, multiple)), frozenset(max(r, key=len) for r in multiple))

    @property
    def runs(self) -> frozenset[str]:
        """Every run of every word."""
        return self.single.union(*self.multiple)

    def admits(self, runs: set[str]) -> bool:
        """Whether some word of the list can stand in a text with these runs."""
        if not runs.isdisjoint(self.single):
            return True
        return not runs.isdisjoint(self.anchors) and any(word <= runs for word in self.multiple)


Gate = tuple[tuple[ListGate, ...], ...]  # any branch with a word of each of its lists


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
    _spellings: re.Pattern | None = field(init=False, repr=False, compare=False, default=None)
    _by_first: dict = field(init=False, repr=False, compare=False, default_factory=dict)
    _casing: tuple = field(init=False, repr=False, compare=False, default=())  # (regex, Gate | None)
    _run_finder: re.Pattern | None = field(init=False, repr=False, compare=False, default=None)

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
            object.__setattr__(self, "_spellings", compile_trie(group_of))
            by_first: dict[str, list[str]] = {}
            for variant in group_of:
                by_first.setdefault(variant[:1], []).append(variant)
            object.__setattr__(self, "_by_first", by_first)
        tail = f"(?={self.followed_by})" if self.followed_by else ""
        lists = {name: list(words) for name, words in self.lists.items()}
        patterns = [
            compile_regex(rf"(?<![\p{{L}}\p{{N}}])(?:{p})(?![\p{{L}}\p{{N}}]){tail}", f"casing[{i}]", ignore_case=True, **lists) for i, p in enumerate(self.casing)
        ]
        gates = [word_gate(p, self.lists) for p in self.casing]
        # One scan per block finds the runs of every gate's words (runs never overlap).
        runs = {run for gate in gates if gate for branch in gate for words in branch for run in words.runs}
        finder = compile_trie(runs, "[^a-z0-9](", ")(?![a-z0-9])") if runs else None
        object.__setattr__(self, "_run_finder", finder)
        object.__setattr__(self, "_casing", tuple(zip(patterns, gates if finder else [None] * len(gates))))

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield each occurrence that differs from the first form the document used."""
        if self._variants is not None:
            yield from self.spelling_hits(self._mixed_blocks(blocks))
        if self._casing:
            runs = [self._gate_runs(b.text) for b in blocks] if self._run_finder else [None] * len(blocks)
            for pattern, gate in self._casing:
                yield from casing_hits(pattern, [b for b, r in zip(blocks, runs) if gate is None or r is None or _opens(gate, r)])

    def spelling_hits(self, blocks: Sequence[Block]) -> Iterator[Hit]:
        """The variant-group hits among these blocks, every one of them scanned."""
        by_group: dict[int, list] = {}
        for block in blocks:
            for m in finditer(self._variants, block.text):
                by_group.setdefault(self._group_of[m.group()], []).append((block, m))
        for group in sorted(by_group):
            yield from _report(by_group[group])

    def _gate_runs(self, text: str) -> set[str] | None:
        """The runs of gate words in the text, lowered, if it is ASCII but for punctuation;
        else None (no gate applies)."""
        if not text.isascii() and _NOT_PLAIN.search(text):
            return None
        return set(self._run_finder.findall(" " + text.lower()))  # the space: a run at the start

    def _mixed_blocks(self, blocks: Sequence[Block]) -> list[Block]:
        """The blocks holding a spelling of a group the document spells two ways or more."""
        # Every form a scan can find is a substring of the text, and a group with one form
        # has nothing to report. Blocks are scanned whole, so each keeps exactly its matches.
        if self._spellings is None:
            return list(blocks)
        text = "\n".join(b.text for b in blocks)
        spelled: dict[int, set[str]] = {}
        if "" in self._group_of:  # a substring of every text
            spelled[self._group_of[""]] = {""}
        m = self._spellings.search(text)
        while m:  # from every start, not past each match: spellings may overlap
            for variant in self._by_first.get(text[m.start() : m.start() + 1], ()):
                if text.startswith(variant, m.start()):
                    spelled.setdefault(self._group_of[variant], set()).add(variant)
            m = self._spellings.search(text, m.start() + 1)
        mixed = [v for forms in spelled.values() if len(forms) > 1 for v in forms]
        return [b for b in blocks if any(v in b.text for v in mixed)] if mixed else []


def compile_trie(words: Iterable[str], before: str = "", after: str = "") -> re.Pattern | None:
    """trie_regex compiled between `before` and `after`; None if too deeply nested to compile."""
    try:
        return re.compile(before + "(?:" + trie_regex(words) + ")" + after)
    except (RecursionError, re.error, OverflowError):  # thousands of nested prefixes
        return None


def trie_regex(words: Iterable[str]) -> str:
    """A stdlib regex matching any of the words, factored by common prefix (fast to search)."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: dict) -> str:
    alternatives = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    if "" in node:  # a word ends here and longer ones go on
        return f"(?:{body})?"
    return body


def word_gate(pattern: str, lists: dict[str, tuple[str, ...]]) -> Gate | None:
    """For a pattern of whitespace-joined lists, per branch a ListGate of each list; None
    for any other pattern, or a list with a word the gate cannot judge (always scanned)."""
    gate = []
    for branch in pattern.split("|"):
        parts = _LIST.split(branch)  # joiner, name, joiner, name, ..., joiner
        names, joins = parts[1::2], parts[0::2]
        if not names or joins[0] or joins[-1] or not all(_SPACES.fullmatch(j) for j in joins[1:-1]):
            return None
        words = [lists.get(name, ()) for name in names]
        if not all(words) or not all(w.isascii() and w.translate(_RUN_CHARS).strip() for ws in words for w in ws):
            return None  # a word without letters or digits would pass any text
        # Inside a match each list's word has whitespace or the pattern's own boundary on both sides.
        gate.append(tuple(ListGate.of(ws) for ws in words))
    return tuple(gate)


def casing_hits(pattern: regex.Pattern, blocks: Sequence[Block]) -> Iterator[Hit]:
    """The hits of one casing pattern among these blocks, every one of them scanned."""
    # Same words, different casing: group by case-folded text, compare exact text.
    by_term: dict[str, list] = {}
    for block in blocks:
        for m in finditer(pattern, block.text):
            by_term.setdefault(m.group().casefold(), []).append((block, m))
    for occurrences in by_term.values():
        yield from _report(occurrences)


def _opens(gate: Gate, runs: set[str]) -> bool:
    """Whether some branch of the gate has a word of each of its lists among the runs."""
    return any(all(lists.admits(runs) for lists in branch) for branch in gate)


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
