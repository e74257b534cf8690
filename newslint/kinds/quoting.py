"""Quotations in text: find them (straight, curly, single, guillemet, nested) and who said them."""

from __future__ import annotations

import functools
import re  # the standard library's: fast scans for plain characters; `regex` decides the rest
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from newslint.kinds import base

# Opening mark -> the marks that may close it. Straight marks close themselves; „ closes with
# “ (German) or ”; » opens a German »quote«.
CLOSERS = {
    '"': '"',
    "“": '”"',
    "„": '“”"',
    "‟": '”"',
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "‘": "’'",
    "‚": "‘’",
    "'": "'’",
    "「": "」",
    "『": "』",
}
SINGLE = frozenset("‘’‚'‹›")
MARKS = frozenset(CLOSERS) | frozenset("”’»«›‹」』")
# A plain set of characters: the standard library scans for it several times faster.
_MARK = re.compile("[" + re.escape("".join(sorted(MARKS))) + "]")
LETTER = regex.compile(r"\p{L}")
LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")
# A single-quoted span needs this many words to count as a quotation at top level, so that
# 'n', 'til or a lone scare-quoted word are not mistaken for one.
MIN_SINGLE_WORDS = 2


@dataclass(frozen=True)
class Quote:
    """One quotation: span of the whole quote (marks included) and of its inner text."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    text: str
    depth: int = 0  # 0 for a top-level quote, 1 for a quote inside it...
    closed: bool = True  # False: no closing mark before the end of the block

    @property
    def words(self) -> int:
        """Number of words inside the quote."""
        return len(self.text.split())


# Cached: find_quotes asks about the characters around every mark of every block.
@functools.lru_cache(maxsize=4096)
def _is_alnum(ch: str) -> bool:
    return bool(ch) and LETTER_OR_DIGIT.match(ch) is not None


@functools.lru_cache(maxsize=4096)
def find_quotes(text: str) -> tuple[Quote, ...]:
    """Every quotation in a text, outer ones before the quotes nested in them, in start order.

    A mark opens when the next character is not a space and the previous one is not a letter
    or digit; it closes when the previous character is not a space and the next one is not a
    letter or digit. So apostrophes (don't, Kyiv's) and inch marks (5") are left alone. A
    double quote still open at the end of the text runs to the end (a quote continued in the
    next paragraph); an unclosed single quote is dropped as an apostrophe.
    """
    if text.isascii() and '"' not in text and "'" not in text:
        return ()  # most paragraphs: two memchr scans instead of a regex over the text
    stack: list[tuple[str, int]] = []  # (opening mark, offset)
    found: list[Quote] = []
    for i in _mark_offsets(text):
        mark = text[i]
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        before_alnum, after_alnum = _is_alnum(before), _is_alnum(after)
        if before_alnum and after_alnum and mark in "’'":
            continue  # an apostrophe inside a word: the most common mark, so tested first
        can_close = bool(before) and not before.isspace() and not after_alnum
        can_open = bool(after) and not after.isspace() and not before_alnum
        if mark == '"' and can_open and not can_close and stack and stack[-1] == ('"', i - 1):
            stack[-1] = ('"', i)  # a doubled mark (""word) is a typo for one
            continue
        if mark == '"' and not can_close and not can_open and (not after or after.isspace()):
            can_close = True  # 'word, " said' -- a stray space before the closing mark
        opener = _open_entry(stack, mark) if can_close else None
        if opener is not None:
            while stack[-1] != opener:
                stack.pop()  # openers never closed inside this quote were apostrophes or typos
            stack.pop()
            _add(found, text, opener[0], opener[1], i + 1, i, len(stack), closed=True)
        elif can_open and mark in CLOSERS:
            if mark == '"' and stack and stack[-1][0] == '"':
                # No straight quote nests in another: the open one lost its closing mark, as
                # when paragraphs of one long quote were run together ('online. "But it').
                opener = stack.pop()
                _add(found, text, opener[0], opener[1], i, len(text[:i].rstrip()), len(stack), closed=False)
            stack.append((mark, i))
    # Only the outermost unclosed double quote survives: it runs to the end of the block.
    if stack and stack[0][0] not in SINGLE:
        _add(found, text, stack[0][0], stack[0][1], len(text), len(text), 0, closed=False)
    found.sort(key=lambda q: (q.start, q.depth))
    # A tuple: the result is cached and shared by every rule that looks at this block.
    return tuple(found)


def _mark_offsets(text: str) -> list[int]:
    """Offsets of the quotation marks in a text, in order."""
    if not text.isascii():
        return [m.start() for m in _MARK.finditer(text)]
    # Only " and ' can be there: str.find looks for one at memchr speed, the regex tries
    # every character.
    offsets = []
    for mark in "\"'":
        at = text.find(mark)
        while at >= 0:
            offsets.append(at)
            at = text.find(mark, at + 1)
    offsets.sort()
    return offsets


def _open_entry(stack: list[tuple[str, int]], mark: str) -> tuple[str, int] | None:
    for entry in reversed(stack):
        if mark in CLOSERS[entry[0]]:
            return entry
        if entry[0] not in SINGLE:
            return None  # a single mark may not close past an open double quote
    return None


def _add(
    found: list[Quote], text: str, mark: str, start: int, end: int, inner_end: int, depth: int, closed: bool
) -> None:
    inner_start = start + 1
    inner = text[inner_start:inner_end]
    if not inner.strip():
        return
    if mark in SINGLE and depth == 0 and len(inner.split()) < MIN_SINGLE_WORDS:
        return
    found.append(Quote(start, end, inner_start, inner_end, inner, depth, closed))


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every top-level quotation, marks included."""
    return [(q.start, q.end) for q in find_quotes(text) if q.depth == 0]


# --- who said it -----------------------------------------------------------------------------

# Where one sentence ends and the next begins: a full stop after two letters (so "Mr." and
# "U.S." do not end one), or ! ? …, then closing marks, space and a capital; or a blank line.
SENTENCE_BREAK = regex.compile(
    r"""(?<=(?:(?:\p{Ll}{2}|\p{Lu}{2}|\p{N}|[)\]])[.!?…]|[!?…])['"”’»)]*)\s+(?=["“‘'«(]?[\p{Lu}\p{N}])|\n\s*\n"""
)
# Where a SENTENCE_BREAK match can start: at a space after [.!?…] and closing marks (where
# its lookbehind can end), or at a newline. The `regex` pattern is slow to scan (its
# lookbehind is tried at every character); only these few positions need it.
_BREAK_CANDIDATE = re.compile(r"""[.!?…]['"”’»)]*(?=\s)|\n""")
_BREAK_MARKS = frozenset(""".!?…'"”’»)""")

# A capitalised run of words: a person or organisation name ("Vladimir Putin", "Mr Greenspan",
# "Bank of America"). Small lower-case particles may sit inside ("Jean de la Fontaine").
# Only initials and a few abbreviations may end in a full stop: "Mr Wood. In Japan" is two.
_NAME_WORD = r"(?:(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Sen|Rep|Gov|Prof|Lt|Capt|\p{Lu})\.|\p{Lu}[\p{L}'’\-]*)"
NAME = rf"{_NAME_WORD}(?:\s+(?:(?:de|da|del|der|van|von|bin|al|la|le|of)\s+)*{_NAME_WORD})*"
# Capitalised words that start sentences rather than names.
NOT_NAMES = frozenset(
    "The A An And But Or So Yet In On At Of For From With By To As If When While After Before "
    "Since However Meanwhile Still Also Then This That These Those There Here Its His Her Their "
    "Our Your My Some Many Most Such Both Each Every One Another Other Mr Mrs Ms Dr".split()
)
# Words that may stand between a speaker and the cue verb: "Smith also said", "he has told".
_BETWEEN = r"(?:(?:also|then|later|earlier|again|further|once|now|has|have|had|was|is|were|would|will|did|does|\p{Ll}+ly)\s+){0,2}"


@dataclass(frozen=True)
class Attribution:
    """Who a quote is given to: the cue (said, told...) and the speaker named by it, if any."""

    cue_start: int
    cue_end: int
    speaker: str | None = None  # as written: "Vladimir Putin", "he"; None when no name is near
    key: str | None = None  # the surname, for comparing speakers; None for pronouns

    @property
    def named(self) -> bool:
        """True when the speaker is a name rather than a pronoun or nobody."""
        return self.key is not None


# What a case-insensitive named list matches to an ASCII letter besides its two cases: not
# the dotless ı, which a case-insensitive literal "i" matches (base.FOLD_TO_ASCII).
_LIST_TWINS = str.maketrans({"\u0130": "i", "\u017f": "s"})


def _fold_for_lists(text: str) -> str:
    """The text with each character a named list matches to an ASCII letter turned into
    that letter in lower case, each in its place (lower() does the Kelvin sign, and of all
    characters only U+0130 lowers to two)."""
    if not text.isascii() and ("\u0130" in text or "\u017f" in text):
        text = text.translate(_LIST_TWINS)
    return text.lower()


class CueSpans:
    """The (start, end) of a case-insensitive phrase_regex's matches, as its finditer gives
    them, without running the regex.

    The `regex` module takes microseconds to match a case-insensitive named list at one
    place. Aho-Corasick over the folded text (_fold_for_lists) finds every phrase that
    occurs at a place, and the pattern asks nothing more than that no letter or digit
    stand just before the phrase or just after it (the end of the span counts as none): of
    the phrases at a place, the list takes the longest that passes, as `regex` does."""

    def __init__(self, phrases: frozenset[str]) -> None:
        self._automaton = base.phrase_automaton(phrases)

    @classmethod
    def of(cls, cue: regex.Pattern) -> CueSpans | None:
        """The finder of a case-insensitive phrase_regex of ASCII phrases; None for any other pattern."""
        phrases = base.ascii_phrases(cue)
        return cls(phrases) if phrases is not None and cue.flags & regex.IGNORECASE else None

    def spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """What [m.span() for m in cue.finditer(text, start, end)] gives."""
        lengths: dict[int, list[int]] = {}
        for last, length in self._automaton.iter(_fold_for_lists(text[start:end])):
            lengths.setdefault(start + last - length + 1, []).append(length)
        found: list[tuple[int, int]] = []
        resume = start
        for at in sorted(lengths):
            # The lookbehind sees the text before `start` too; finditer does not look for
            # overlaps.
            if at < resume or (at and _is_alnum(text[at - 1])):
                continue
            for length in sorted(lengths[at], reverse=True):
                if at + length == end or not _is_alnum(text[at + length]):
                    found.append((at, at + length))
                    resume = at + length
                    break
        return found


class Attributor:
    """Finds the cue verb and speaker of a quote from word lists given by the rule."""

    def __init__(self, cue: regex.Pattern, pronouns: frozenset[str], window: int) -> None:
        self._cue = cue
        self._pronouns = pronouns
        self._window = window
        self._phrases = CueSpans.of(cue)
        pronoun_alt = "|".join(sorted((regex.escape(p) for p in pronouns), key=len, reverse=True)) or "(?!)"
        self._before_cue = regex.compile(
            rf"(?:(?P<name>{NAME})|(?i:(?<![\p{{L}}])(?P<pronoun>{pronoun_alt})))(?:\s*,[^,\n]{{1,80}},)?\s+{_BETWEEN}$"
        )
        self._after_cue = regex.compile(rf"^\s+(?:(?P<name>{NAME})|(?P<pronoun>(?i:{pronoun_alt}))(?![\p{{L}}]))")
        # Two rules with the same word lists are the same attributor: they share cached answers.
        # The cue words live in the pattern's named list, not in its source text.
        lists = tuple(sorted(cue.named_lists.items(), key=lambda item: item[0]))
        self._config = (cue.pattern, cue.flags, lists, pronouns, window)
        self._hash = hash(self._config)

    # Read-only: the cached answers are keyed on these, so they must not change afterwards.
    @property
    def cue(self) -> regex.Pattern:
        """The pattern of the cue words (said, told, according to...)."""
        return self._cue

    @property
    def pronouns(self) -> frozenset[str]:
        """Case-folded pronouns that may stand for a speaker."""
        return self._pronouns

    @property
    def window(self) -> int:
        """Characters either side of a quote searched for its cue."""
        return self._window

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Attributor) and self._config == other._config

    def __hash__(self) -> int:
        return self._hash

    def attribute(self, text: str, quote: Quote, others: Sequence[Quote]) -> Attribution | None:
        """The attribution of `quote` in `text`: a cue in its sentence, or in the next or previous one."""
        return self.attribute_at(text, quote.start, quote.end, tuple((q.start, q.end) for q in others), True)

    def is_attributed(self, text: str, quote: Quote, others: Sequence[Quote]) -> bool:
        """True when attribute() finds an attribution (its speaker is not worked out)."""
        return (
            self.attribute_at(text, quote.start, quote.end, tuple((q.start, q.end) for q in others), False) is not None
        )

    def attribute_at(
        self, text: str, start: int, end: int, quoted: Sequence[tuple[int, int]], speaker: bool
    ) -> Attribution | None:
        """attribute() for the quote text[start:end], `quoted` the (start, end) of the quotes in
        text (cues inside them are someone's words); without `speaker`, the speaker is not looked for."""
        before_limit = max(0, start - self.window)
        after_limit = min(len(text), end + self.window)
        # Nearest first: the rest of its sentence, the start of it, the next and the previous
        # sentence. Each is worked out only when those before hold no cue (most quotes stop at one).
        this_end = _sentence_end(text, end, after_limit)
        found = self._cue_in(text, end, this_end, False, quoted, speaker)
        if found is not None:
            return found
        this_start = _sentence_start(text, before_limit, start)
        found = self._cue_in(text, this_start, start, True, quoted, speaker)
        if found is not None:
            return found
        # The next sentence, within the quote's paragraph: a cue opening the next paragraph
        # belongs to what that paragraph says, not to a quotation standing alone before it,
        # unless the paragraph points back to it ("That was the message from ...", "So said ...").
        paragraph_end = text.find("\n\n", this_end, after_limit)
        next_limit = (
            after_limit if paragraph_end < 0 or _POINTS_BACK.match(text, paragraph_end, after_limit) else paragraph_end
        )
        if (this_end == end or text[end:this_end].strip() in ("", ".", "!", "?")) and this_end < next_limit:
            found = self._cue_in(
                text, this_end, _sentence_end(text, this_end, next_limit, skip_first=True), False, quoted, speaker
            )
            if found is not None:
                return found
        if this_start > before_limit:
            found = self._cue_in(
                text,
                _sentence_start(text, before_limit, max(before_limit, this_start - 1)),
                this_start,
                True,
                quoted,
                speaker,
            )
            if found is not None:
                return found
        return (
            self._colon_intro(text, this_start, start)
            or _dash_credit(text, end, after_limit)
            or _speaker_label(text, start)
        )

    def _colon_intro(self, text: str, start: int, end: int) -> Attribution | None:
        """`As Gavin Cox put it: "..."`: a quote introduced by a colon after a person's name;
        `To quote Alan Turing, "..."` and `In the words of ..., "..."` with a comma."""
        intro = text[start:end]
        if not regex.search(r":\s*$", intro) and not _QUOTING_INTRO.search(intro):
            return None
        words = list(regex.finditer(rf"{NAME}|(?<![\p{{L}}])\p{{L}}+(?![\p{{L}}])", intro))
        for m in reversed(words):
            name = _strip_name(m.group()) if m.group()[:1].isupper() else None
            if name:
                return Attribution(start + m.start(), start + m.end(), name, surname(name))
        for m in reversed(words):
            if m.group().casefold() in self.pronouns:
                return Attribution(start + m.start(), start + m.end(), m.group(), None)
        return None

    def attribute_span(self, text: str, start: int, end: int) -> Attribution | None:
        """The first cue in text[start:end] and its speaker (for context outside a quote)."""
        return self._cue_in(text, start, end, False, (), True)

    def _cue_in(
        self, text: str, start: int, end: int, last: bool, quoted: Sequence[tuple[int, int]], speaker: bool
    ) -> Attribution | None:
        if end <= start:
            return None
        if self._phrases is not None:
            found = self._phrases.spans(text, start, end)
        else:
            found = [m.span() for m in self.cue.finditer(text, start, end, timeout=base.REGEX_TIMEOUT)]
        matches = [span for span in found if not any(s <= span[0] < e for s, e in quoted)]
        if not matches:
            return None
        cue_start, cue_end = matches[-1] if last else matches[0]
        if not speaker:
            return Attribution(cue_start, cue_end)
        who = self._speaker(text, max(start, cue_start - 120), cue_start, cue_end, min(len(text), cue_end + 60))
        key = surname(who) if who and who.casefold() not in self.pronouns else None
        return Attribution(cue_start, cue_end, who, key)

    def _speaker(self, text: str, lo: int, cue_start: int, cue_end: int, hi: int) -> str | None:
        m = self._before_cue.search(text[lo:cue_start])
        if m:
            speaker = _strip_name(m.group("name")) if m.group("name") else m.group("pronoun")
            if speaker:
                return speaker
        m = self._after_cue.match(text[cue_end:hi])
        if m:
            return _strip_name(m.group("name")) if m.group("name") else m.group("pronoun")
        return None


# A paragraph that opens by pointing back at the words before it: its cue attributes them.
_POINTS_BACK = regex.compile(r"\s*(?:That|This|Those|These|Such|So)\b")
# `To quote Alan Turing, "..."`, `In the words of the Buddha, "..."`: the name before the comma.
_QUOTING_INTRO = regex.compile(r"(?i:\b(?:to quote|quoting|in the words of|as put by))\s+[^,.;:!?]{1,60},\s*$")
# A credit after a quotation, edited-prose style: `"..." – The Buddha`, `"..." ― Sun Tzu`,
# `"..." - Albert Einstein` (bold or linked in the Markdown, plain text once read), in the
# same paragraph or opening the next one. The dash must be set off by spaces or start the
# paragraph, so a hyphenated word does not count.
_DASH_CREDIT = regex.compile(
    rf"[\s,.;:!?'\"”’»)]*(?:\n\s*\n\s*[-–—―~]+|\s+[-–—―~]+|[–—―]+)\s*(?P<name>{NAME}|\p{{Lu}}\S*)"
)
# A transcript's speaker label opening the paragraph: `Ryan: ...`, `U.S. CBP team: ...`, `Q: ...`.
_SPEAKER_LABEL = regex.compile(
    rf"(?:^|\n\s*\n)[ \t]*(?P<name>{NAME}|[\p{{Lu}}][\p{{L}}.’'-]*(?:\s+[\p{{L}}.’'-]+){{0,4}})\s*:\s"
)


def _dash_credit(text: str, end: int, hi: int) -> Attribution | None:
    """The speaker credited after a dash right after the quote ending at `end`."""
    m = _DASH_CREDIT.match(text, end, hi)
    if m is None:
        return None
    name = _strip_name(m.group("name")) or m.group("name")
    return Attribution(m.start("name"), m.end("name"), name, surname(name))


def _speaker_label(text: str, start: int) -> Attribution | None:
    """The speaker label of the paragraph (within `text`) where the quote at `start` stands."""
    para = text.rfind("\n\n", 0, start)
    para = 0 if para < 0 else para
    m = _SPEAKER_LABEL.match(text, para, start)
    if m is None or m.group("name").casefold() in ("note", "update", "correction", "editor's note", "warning"):
        return None
    name = m.group("name")
    return Attribution(m.start("name"), m.end("name"), name, surname(name))


def surname(name: str) -> str:
    """The surname of a name as written: 'Mr Alan Greenspan' -> 'Greenspan', 'Putin's' -> 'Putin'."""
    last = name.split()[-1].rstrip(".")
    for suffix in ("'s", "’s"):
        last = last.removesuffix(suffix)
    return last


def _strip_name(name: str) -> str | None:
    parts = name.split()
    while (
        parts
        and parts[0].rstrip(".") in NOT_NAMES
        and len(parts) > 1
        and parts[0].rstrip(".") not in ("Mr", "Mrs", "Ms", "Dr")
    ):
        parts.pop(0)
    if not parts or (len(parts) == 1 and parts[0].rstrip(".") in NOT_NAMES):
        return None
    return " ".join(parts)


def _sentence_start(text: str, lo: int, pos: int) -> int:
    """Offset where the sentence holding `pos` begins, not before `lo`."""
    start = lo
    for _, end in _sentence_breaks(text, lo, pos):
        start = end
    return start


# Cached: rules with different cue lists ask it about the same quotes of the same windows.
@functools.lru_cache(maxsize=4096)
def _sentence_end(text: str, pos: int, hi: int, skip_first: bool = False) -> int:
    """Offset where the sentence holding `pos` ends (the next sentence break), not after `hi`."""
    for start, _ in _sentence_breaks(text, pos, hi):
        if skip_first and start <= pos:
            continue
        return start
    return hi


def _sentence_breaks(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """The spans SENTENCE_BREAK.finditer(text, lo, hi) finds, tried only where one can start."""
    # A run of marks that ends at lo makes lo a candidate: scan from where that run starts.
    scan = lo
    while scan > 0 and text[scan - 1] in _BREAK_MARKS:
        scan -= 1
    resume = lo
    for candidate in _BREAK_CANDIDATE.finditer(text, scan, hi):
        at = candidate.start() if candidate.group() == "\n" else candidate.end()
        if at < resume:
            continue  # inside the previous break: finditer does not look for overlaps
        m = SENTENCE_BREAK.match(text, at, hi)
        if m is not None:
            yield m.span()
            resume = m.end()
