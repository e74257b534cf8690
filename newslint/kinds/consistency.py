"""`consistency` kind: one document should spell a name and case a title one way."""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import ahocorasick
import regex

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError, ascii_word_chars, compile_regex, finditer, matches_at
from newslint.kinds.name_variants import mid_sentence, names_in, variant_pairs, written_in_lower_case
from newslint.lexicon import is_english_word
from newslint.literals import blank_escapes, regex_trigger
from newslint.prefilter import FoundLiterals, Trigger, any_of, fold

# A casing pattern made only of \L<name> lists joined by whitespace (`\L<a>\s+\L<b>|\L<c>`)
# can only match where a word of the first list of one of its branches starts.
_LIST = regex.compile(r"\\L<(\w+)>")
_SPACES = regex.compile(r"(?:\\s\+?| )+")
_SECOND = operator.itemgetter(1)  # of the (end, value) pairs an automaton reports


@dataclass(frozen=True)
class ConsistencyKind:
    """Flags the later forms when a document mixes variants of one group, or casings of a term."""

    groups: tuple[tuple[str, ...], ...] = ()  # variant spellings, e.g. [Kyiv, Kiev]
    casing: tuple[str, ...] = ()  # regexes for terms whose casing must not vary
    followed_by: str = ""  # a regex that must follow a casing match (e.g. a capitalised name)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)  # \\L<name> lists for `casing`
    # Regexes whose matches (followed by `followed-by` too) must share one style across the
    # document, whatever the term: its last word capitalised or not ("Home Secretary Charles
    # Clarke" beside "foreign secretary Jack Straw").
    same_style: tuple[str, ...] = ()
    # Names no list holds: capitalised words that look like one name spelt two ways
    # (name_variants.py): Mourinho/Mourinio, Netanyahu/Netanyahou, Beckham/Beckam.
    similar_names: bool = False
    min_name_length: int = 6  # shorter names too often differ by a letter (Jonas, Jones)
    max_common: int = 2  # two spellings each used this often are two names
    # Two spellings that are both in an English dictionary of words and names (lexicon.py)
    # are two words (Learning/Leaning, Susan/Sudan), not one name spelt two ways.
    skip_dictionary_pairs: bool = True

    fields: ClassVar[tuple[str, ...]] = ("match", "first", "variants", "later")
    _variants: regex.Pattern | None = field(init=False, repr=False, compare=False, default=None)
    _group_of: dict = field(init=False, repr=False, compare=False, default_factory=dict)
    _spellings: frozenset = field(init=False, repr=False, compare=False, default=frozenset())  # but ""
    _folds: dict = field(init=False, repr=False, compare=False, default_factory=dict)  # fold -> spellings
    _folded: frozenset = field(init=False, repr=False, compare=False, default=frozenset())  # its keys
    _casing: tuple = field(init=False, repr=False, compare=False, default=())  # (regex, proposed?)
    _styled: tuple = field(init=False, repr=False, compare=False, default=())  # same-style regexes
    _first: frozenset = field(init=False, repr=False, compare=False, default=frozenset())  # of proposed patterns
    _trigger: Trigger | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if not self.groups and not self.casing and not self.same_style and not self.similar_names:
            raise KindError(
                "groups", "give 'groups' (variant lists), 'casing' or 'same-style' (regexes), or 'similar-names: true'"
            )
        if self.min_name_length < 3 or self.max_common < 1:
            raise KindError("min-name-length", "min-name-length must be at least 3 and max-common at least 1")
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
            source = r"(?<![\p{L}\p{N}])\L<variants>(?![\p{L}\p{N}])"
            pattern = compile_regex(source, "groups", variants=sorted(group_of))
            object.__setattr__(self, "_variants", pattern)
            object.__setattr__(self, "_spellings", frozenset(group_of) - {""})
            # A spelling in a text is folded in the folded text (folding goes character by
            # character): the engine's literal scan tells which groups may be spelled twice.
            # Not with "" (in every text) or a line break (a spelling could straddle blocks).
            if "" not in group_of and not any("\n" in v for v in group_of):
                folds: dict[str, tuple[str, ...]] = {}
                for variant in group_of:
                    folds[fold(variant)] = folds.get(fold(variant), ()) + (variant,)
                object.__setattr__(self, "_folds", folds)
                object.__setattr__(self, "_folded", frozenset(folds))
        # The patterns ignore case; what follows them (a capitalised name) must not.
        tail = f"(?=(?-i:{self.followed_by}))" if self.followed_by else ""
        lists = {name: list(words) for name, words in self.lists.items()}
        sources = [rf"(?<![\p{{L}}\p{{N}}])(?:{p})(?![\p{{L}}\p{{N}}]){tail}" for p in self.casing]
        patterns = [
            compile_regex(source, f"casing[{i}]", ignore_case=True, **lists) for i, source in enumerate(sources)
        ]
        firsts = [first_words(p, self.lists) for p in self.casing]
        # One scan per block proposes where a match of any of these patterns may start: a
        # first word in the folded text, after a character that is not an ASCII letter or
        # digit (the pattern's own lookbehind rejects every letter and digit).
        styled = [rf"(?<![\p{{L}}\p{{N}}])(?:{p})(?![\p{{L}}\p{{N}}]){tail}" for p in self.same_style]
        styled_firsts = [first_words(p, self.lists) for p in self.same_style]
        compiled = [compile_regex(s, f"same-style[{i}]", ignore_case=True, **lists) for i, s in enumerate(styled)]
        object.__setattr__(
            self, "_styled", tuple((p, bool(found)) for p, found in zip(compiled, styled_firsts, strict=True))
        )
        object.__setattr__(self, "_first", frozenset(w for found in firsts + styled_firsts if found for w in found))
        object.__setattr__(self, "_casing", tuple((p, bool(found)) for p, found in zip(patterns, firsts, strict=True)))
        triggers = [regex_trigger(source, lists) for source in sources + styled]
        if group_of:
            triggers.append(Trigger(((self._folded,),)) if self._folds else None)
        # Names that no list holds may be anywhere: no literal can rule a block out.
        object.__setattr__(self, "_trigger", None if self.similar_names else any_of(triggers))

    def trigger(self) -> Trigger | None:
        """Literals a block needs to hold a spelling of a group or a casing match (literals.py)."""
        return self._trigger

    def block_local(self) -> bool:
        """True: a block the trigger rules out holds no spelling and no casing match, so it
        adds no form to any group and leaving it out changes no hit in the other blocks."""
        return True

    def noted_literals(self) -> frozenset[str]:
        """The folded spellings of the groups: a document whose blocks hold no group's
        spellings two ways needs no scan for them (see _mixed_blocks)."""
        return self._folded

    def check(self, document: Document, blocks: Sequence[Block], found: FoundLiterals | None = None) -> Iterator[Hit]:
        """Yield one hit per form that differs from the first form the document used, at its
        first use, naming the lines of its other uses."""
        if self._variants is not None:
            yield from self.spelling_hits(self._mixed_blocks(blocks, found), document)
        starts = [self._proposed(b.text) for b in blocks] if self._first and (self._casing or self._styled) else []
        if self._casing:
            for pattern, proposed in self._casing:
                if proposed:
                    yield from _casing_report(
                        (
                            (b, m)
                            for b, found in zip(blocks, starts, strict=True)
                            if found
                            for m in matches_at(pattern, b.text, found)
                        ),
                        document,
                    )
                else:
                    yield from casing_hits(pattern, blocks, document)
        if self.similar_names:
            names = names_in(blocks, self.min_name_length)
            for first, other in variant_pairs(names, self.max_common):
                # A use in mid-sentence says the word is a name; at a sentence's start, only a
                # word no dictionary holds ("Netanyahou said", not "While"). Most pairs stop here.
                uses = [
                    (b, m)
                    for b, m in names
                    if m.group() in (first, other) and (mid_sentence(b, m) or not is_english_word(m.group()))
                ]
                if (
                    {m.group() for _, m in uses} == {first, other}
                    and not written_in_lower_case((first, other), blocks)
                    and not (self.skip_dictionary_pairs and is_english_word(first) and is_english_word(other))
                ):
                    yield from _report(uses, _as_written_plain, document)
        for pattern, proposed in self._styled:
            if proposed:
                styled = [
                    (b, m) for b, at in zip(blocks, starts, strict=True) if at for m in matches_at(pattern, b.text, at)
                ]
            else:
                styled = [(b, m) for b in blocks for m in finditer(pattern, b.text)]
            # A one-word title opening a sentence is capitalised whatever the house style.
            styled = [(b, m) for b, m in styled if " " in m.group().strip() or not _at_sentence_start(b, m)]
            # No suggestion: the other title's words, in the first style, are for the writer to choose.
            for hit in _report(styled, _style, document):
                yield Hit(hit.block, hit.start, hit.end, hit.values)

    def spelling_hits(self, blocks: Sequence[Block], document: Document | None = None) -> Iterator[Hit]:
        """The variant-group hits among these blocks, every one of them scanned."""
        variants = self._variants
        if variants is None:  # no variant groups
            return
        by_group: dict[int, list] = {}
        for block in blocks:
            for m in finditer(variants, block.text):
                by_group.setdefault(self._group_of[m.group()], []).append((block, m))
        for group in sorted(by_group):
            yield from _report(by_group[group], _as_written_plain, document)

    def _proposed(self, text: str) -> list[int]:
        """Where a casing match may start in the text, in order (a superset of where one does)."""
        # Folding keeps every character in place and makes each one that matches an ASCII
        # letter case-insensitively that letter; blanks stand before the first character and
        # after the last. One Aho-Corasick pass finds every blanked word between blanks,
        # overlapping ones too: in a match, the first word is followed by white space (the
        # lists are joined by it) or by the end of the match, where no letter or digit is.
        blanked = " " + ascii_word_chars(text) + " "
        return sorted({end - back for end, back in _start_finder(self._first).iter(blanked)})

    def _mixed_blocks(self, blocks: Sequence[Block], found: FoundLiterals | None = None) -> list[Block]:
        """The blocks holding a spelling of a group the document spells two ways or more."""
        present = self._noted(found, blocks) if found is not None and self._folds else None
        if present is not None:
            possible: dict[int, set[str]] = {}
            for literal in present:
                for variant in self._folds.get(literal, ()):
                    possible.setdefault(self._group_of[variant], set()).add(variant)
            if all(len(forms) < 2 for forms in possible.values()):
                return []  # most documents: every group they name, they spell one way
        # Every form a scan can find is a substring of the text, and a group with one form
        # has nothing to report. Blocks are scanned whole, so each keeps exactly its matches.
        text = "\n".join(b.text for b in blocks)
        spelled: dict[int, set[str]] = {}
        if "" in self._group_of:  # a substring of every text
            spelled[self._group_of[""]] = {""}
        # One Aho-Corasick pass reports every occurrence of every spelling, overlapping ones too.
        for variant in set(map(_SECOND, _spelling_finder(self._spellings).iter(text))) if self._spellings else ():
            spelled.setdefault(self._group_of[variant], set()).add(variant)
        mixed = [v for forms in spelled.values() if len(forms) > 1 for v in forms]
        return [b for b in blocks if any(v in b.text for v in mixed)] if mixed else []

    def _noted(self, found: FoundLiterals, blocks: Sequence[Block]) -> frozenset[str] | None:
        """The folded spellings the engine's literal scan found in these blocks (None: it did
        not scan one of them)."""
        present: list[frozenset[str]] = []
        for block in blocks:
            literals = found.in_block(block)
            if literals is None:
                return None
            present.append(literals)
        return self._folded.intersection(itertools.chain.from_iterable(present))


@functools.lru_cache(maxsize=64)
def _spelling_finder(spellings: frozenset[str]) -> ahocorasick.Automaton:
    """An automaton finding each of the spellings (its value). Built on first use: rules are pickled."""
    automaton = ahocorasick.Automaton()
    for spelling in spellings:
        automaton.add_word(spelling, spelling)
    automaton.make_automaton()
    return automaton


@functools.lru_cache(maxsize=64)
def _start_finder(words: frozenset[str]) -> ahocorasick.Automaton:
    """An automaton finding one of the words, blanked, between blanks; its value is how far
    before the end of the match the word starts. Built on first use: rules are pickled."""
    automaton = ahocorasick.Automaton()
    for word in words:
        key = " " + ascii_word_chars(word) + " "
        automaton.add_word(key, len(key) - 1)
    automaton.make_automaton()
    return automaton


def first_words(pattern: str, lists: dict[str, tuple[str, ...]]) -> frozenset[str] | None:
    """For a pattern of whitespace-joined lists, the words of each branch's first list, lowered;
    None for any other pattern, or a list with a word that is not ASCII or has no letter or
    digit (such a pattern is scanned whole)."""
    first: set[str] = set()
    for branch in _before_lookbehind(pattern).split("|"):
        parts = _LIST.split(branch)  # joiner, name, joiner, name, ..., joiner
        names, joins = parts[1::2], parts[0::2]
        if not names or joins[0] or joins[-1] or not all(_SPACES.fullmatch(j) for j in joins[1:-1]):
            return None
        words = [lists.get(name, ()) for name in names]
        if not all(words) or not all(w.isascii() and any(c.isalnum() for c in w) for ws in words for w in ws):
            return None
        first.update(w.lower() for w in words[0])
    return frozenset(first)


def _before_lookbehind(pattern: str) -> str:
    """The pattern without a look-behind group that closes it ("\\L<offices>(?<=the\\s\\L<offices>)"):
    it checks what stands before a match, not where one may start. Unchanged when the
    pattern does not end so, or when its last group cannot be told for sure (brackets in a
    character class): then first_words finds no list and the pattern is scanned whole."""
    syntax = blank_escapes(pattern)  # same offsets, escaped brackets gone
    if not syntax.endswith(")"):
        return pattern
    depth = 0
    for i in range(len(syntax) - 1, -1, -1):
        if syntax[i] in "()":
            depth += 1 if syntax[i] == ")" else -1
            if depth == 0:
                return pattern[:i] if syntax.startswith(("(?<=", "(?<!"), i) else pattern
    return pattern


def casing_hits(pattern: regex.Pattern, blocks: Sequence[Block], document: Document | None = None) -> Iterator[Hit]:
    """The hits of one casing pattern among these blocks, every one of them scanned."""
    # Same words, different casing: group by case-folded text, compare exact text.
    yield from _casing_report(((block, m) for block in blocks for m in finditer(pattern, block.text)), document)


def _casing_report(matches: Iterable[tuple[Block, regex.Match]], document: Document | None) -> Iterator[Hit]:
    by_term: dict[str, list] = {}
    for block, m in matches:
        by_term.setdefault(m.group().casefold(), []).append((block, m))
    for occurrences in by_term.values():
        # At a sentence start a capital says nothing of the house style: such a use takes its
        # first letter from a use of the same term mid-sentence, if there is one.
        starts = [_at_sentence_start(b, m) for b, m in occurrences]
        letters: dict[str, str] = {}
        for (_, m), start in zip(occurrences, starts, strict=True):
            if not start:
                letters.setdefault(m.group()[1:], m.group()[:1])
        forms = {
            id(m): (letters.get(m.group()[1:], m.group()[:1]) if start else m.group()[:1]) + m.group()[1:]
            for (_, m), start in zip(occurrences, starts, strict=True)
        }
        yield from _report(occurrences, functools.partial(_form_of_match, forms), document)


# Where a sentence starts: the block's start, or after a full stop, question or exclamation
# mark (and closing quotes), or an opening quote there.
_SENTENCE_START = regex.compile(r"(?:^|[.!?…]['\"”’)]*\s+)['\"“‘(]*$")


def _at_sentence_start(block: Block, m: regex.Match) -> bool:
    """True when the match opens a sentence."""
    return _SENTENCE_START.search(block.text, max(0, m.start() - 6), m.start()) is not None


def _form_of_match(forms: dict[int, str], block: Block, m: regex.Match) -> str:
    """The form worked out for a match beforehand (forms: by the id of the match)."""
    return forms[id(m)]


def _as_written_plain(block: Block, m: regex.Match) -> str:
    """A spelling exactly as written."""
    return m.group()


def _style(block: Block, m: regex.Match) -> str:
    """The capitalisation style of a title: of its last word, which a sentence start never touches."""
    last = m.group().split()[-1]
    return "capitalised" if last[:1].isupper() else "lower case"


def _report(
    occurrences: list, form_of: Callable[[Block, regex.Match], str], document: Document | None
) -> Iterator[Hit]:
    """One hit per form (form_of(block, match)) unlike the first, at its first occurrence, when
    there is more than one form; "later" names the lines of its other uses (given the document)."""
    forms_of = [form_of(b, m) for b, m in occurrences]
    forms = list(dict.fromkeys(forms_of))
    if len(forms) < 2:
        return
    firsts = {form: m.group() for form, (_, m) in reversed(list(zip(forms_of, occurrences, strict=True)))}
    first = firsts[forms[0]]
    variants = ", ".join(firsts[f] for f in forms)
    for form in forms[1:]:
        (block, m), *later = [(b, m) for f, (b, m) in zip(forms_of, occurrences, strict=True) if f == form]
        yield Hit(
            block,
            m.start(),
            m.end(),
            {"first": first, "variants": variants, "later": _lines_of(later, document)},
            first,
        )


def _lines_of(uses: list[tuple[Block, regex.Match]], document: Document | None) -> str:
    """ "; again on lines 7, 9" for the uses of a form after its first (empty without a document)."""
    if document is None or not uses:
        return ""
    lines = sorted({document.position(b.field, b.source_start(m.start()))[0] for b, m in uses})
    return f"; again on line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}"
