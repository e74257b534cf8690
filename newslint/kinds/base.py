"""What a kind yields (Hit) or raises (KindError), and the helpers kinds share for regexes and word lists.

The rest of the kind contract is in newslint/kinds/contract.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick
import regex

from newslint.document import Block
from newslint.watchdog import GUARD

# Every user regex runs with this time limit (seconds per call) so a catastrophic pattern
# cannot hang CI; the engine turns the TimeoutError into an error finding (watchdog.py).
REGEX_TIMEOUT = 2.0


@dataclass(frozen=True)
class Hit:
    """A raw match from a kind: a span of one block; the engine stamps everything else."""

    block: Block | None  # None: about the whole document (reported at its first block)
    start: int = 0
    end: int = 0
    values: Mapping[str, str] = field(default_factory=dict)  # extra {placeholders}
    suggestion: str | None = None


class KindError(ValueError):
    """A kind parameter is invalid; `key` names it so the rule loader can say where."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def compile_regex(pattern: str, key: str, *, ignore_case: bool = False, **lists: list[str]) -> regex.Pattern:
    """Compile a user regex (with optional \\L<name> lists) or raise KindError naming the key."""
    flags = regex.V0 | (regex.IGNORECASE if ignore_case else 0)
    named: dict[str, Any] = {
        k: v for k, v in lists.items() if f"\\L<{k}>" in pattern
    }  # regex takes the lists as keywords
    try:
        return regex.compile(pattern, flags, **named)
    except ValueError as exc:  # a list given but not used: "\\L<name>" is an escaped backslash, then text
        raise KindError(
            key, f"invalid regular expression {pattern!r}: {exc}; to use a list write \\L<name> with one backslash"
        ) from None
    except (regex.error, TypeError, IndexError, KeyError) as exc:
        raise KindError(key, f"invalid regular expression {pattern!r}: {exc}") from None


def phrase_regex(phrases: list[str] | tuple[str, ...], key: str, *, ignore_case: bool = True) -> regex.Pattern | None:
    """One regex matching any of the literal phrases as whole words (None if there are none)."""
    if not phrases:
        return None
    # \L<list> lets the regex module build a trie: fast for thousands of phrases.
    return compile_regex(
        r"(?<![\p{L}\p{N}])\L<phrases>(?![\p{L}\p{N}])", key, ignore_case=ignore_case, phrases=list(phrases)
    )


def finditer(pattern: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None):
    """pattern.finditer with the newslint timeout (the module's own: the matches come later)."""
    return pattern.finditer(text, pos, len(text) if endpos is None else endpos, timeout=REGEX_TIMEOUT)


def search(pattern: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
    """pattern.search within the newslint time limit."""
    return _limited(pattern.search, text, pos, len(text) if endpos is None else endpos)


def match(pattern: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
    """pattern.match within the newslint time limit."""
    return _limited(pattern.match, text, pos, len(text) if endpos is None else endpos)


def _limited(method, text: str, pos: int, endpos: int) -> regex.Match | None:
    """One regex call, stopped after REGEX_TIMEOUT seconds by the watchdog timer when it
    guards this thread, else by the module's own (slower to start) timeout."""
    guard = GUARD
    if not guard.active:
        return method(text, pos, endpos, timeout=REGEX_TIMEOUT)
    guard.running = guard.started = guard.started + 1  # tells the timer which call is running
    try:
        return method(text, pos, endpos)
    finally:
        guard.running = 0


# Non-ASCII letters that the `regex` module's IGNORECASE matches to an ASCII one ("ſaid" is
# "said"); test_attribution_equivalence checks this against every code point.
_ASCII_CASE_TWINS = {"\u0131": "i", "\u0130": "i", "\u017f": "s", "\u212a": "k"}
FOLD_TO_ASCII = str.maketrans({**{chr(c): chr(c).lower() for c in range(ord("A"), ord("Z") + 1)}, **_ASCII_CASE_TWINS})


def fold_to_ascii(text: str) -> str:
    """The text with every character that IGNORECASE matches to an ASCII letter turned into
    that lower-case letter, each character in its place, as text.translate(FOLD_TO_ASCII).

    Other non-ASCII characters may come out lower-cased: they equal no ASCII character
    either way. str.lower() does all this at C speed except for three of the twins
    (U+0130 lowers to two characters, ı and ſ stay), and a translate table costs a dict
    look-up per character, ten times more."""
    if text.isascii():
        return text.lower()
    if "\u0131" in text or "\u0130" in text or "\u017f" in text:
        return text.translate(FOLD_TO_ASCII)
    return text.lower()  # the Kelvin sign lowers to "k", as in FOLD_TO_ASCII


# Keeps ASCII digits and letters (lowering capitals); every other byte becomes a space.
_WORD_CHAR_BYTES = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else c + 32 if 65 <= c <= 90 else 32 for c in range(256))


def ascii_word_chars(text: str) -> str:
    """The text with each character IGNORECASE takes for an ASCII letter made that letter in
    lower case, ASCII digits kept, and every other character a space, each in its place: in
    it, an ASCII word of any case stands between spaces, found with plain string search."""
    return fold_to_ascii(text).encode("ascii", "replace").translate(_WORD_CHAR_BYTES).decode("ascii")


# The source base.phrase_regex compiles: a named list of phrases between word boundaries.
PHRASE_SOURCE = r"(?<![\p{L}\p{N}])\L<phrases>(?![\p{L}\p{N}])"
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_PHRASE_FLAGS = regex.V0 | regex.UNICODE | regex.IGNORECASE


def ascii_phrases(cue: regex.Pattern) -> frozenset[str] | None:
    """The phrases of a phrase_regex whose phrases are all ASCII; None for any other pattern.

    Lower-casing stands for its IGNORECASE only then (and with V0's simple folding)."""
    phrases = cue.named_lists.get("phrases")
    if cue.pattern != PHRASE_SOURCE or cue.flags & ~_PHRASE_FLAGS or not phrases:
        return None
    return frozenset(phrases) if all(p and p.isascii() for p in phrases) else None


def phrase_automaton(phrases: Iterable[str]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton of the phrases in lower case; each is found with its length."""
    automaton = ahocorasick.Automaton()
    for phrase in sorted(phrases):
        automaton.add_word(phrase.lower(), len(phrase))
    automaton.make_automaton()
    return automaton


class PhraseFinder:
    """The matches of a phrase_regex in a span, as its finditer gives them, but much faster.

    The `regex` module tries every phrase of a named list at every character, which makes a
    list of a hundred cue verbs cost a microsecond per character. An Aho-Corasick automaton
    of the phrases in lower case finds every place where one may start, in case-folded text;
    the pattern itself is then tried only there, so each match is exactly the pattern's own.
    """

    def __init__(self, cue: regex.Pattern, phrases: frozenset[str]) -> None:
        self._cue = cue
        self._automaton = phrase_automaton(phrases)

    @classmethod
    def of(cls, cue: regex.Pattern) -> PhraseFinder | None:
        """A finder for a phrase_regex of ASCII phrases; None for any other pattern."""
        phrases = ascii_phrases(cue)
        return cls(cue, phrases) if phrases is not None else None

    def finditer(self, text: str, start: int, end: int) -> list[regex.Match]:
        """What cue.finditer(text, start, end) yields."""
        folded = fold_to_ascii(text[start:end])
        candidates = sorted({start + last - length + 1 for last, length in self._automaton.iter(folded)})
        # Not inside a word: the pattern's (?<![\p{L}\p{N}]) would refuse it there.
        return matches_at(self._cue, text, [at for at in candidates if not (at and text[at - 1] in _ASCII_ALNUM)], end)


def matches_at(pattern: regex.Pattern, text: str, starts: Sequence[int], end: int | None = None) -> list[regex.Match]:
    """What pattern.finditer(text, ..., end) yields, when every match starts at one of
    `starts` (ascending): the pattern is tried only there."""
    matches: list[regex.Match] = []
    resume = 0
    for at in starts:
        if at < resume:
            continue  # inside the previous match: finditer does not look for overlaps
        m = match(pattern, text, at, end)
        if m is not None:
            matches.append(m)
            resume = m.end()
    return matches
