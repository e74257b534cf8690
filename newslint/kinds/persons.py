"""People named in an article: titled persons ("President Vladimir Putin") and who a lede is about.

The self-named-speaker rule asks whether a quote names its own speaker in the third person;
that needs the surnames the article gives a title, found fast by TitleStarts.
"""

from __future__ import annotations

import bisect
import collections
import itertools
from collections.abc import Sequence

import ahocorasick
import regex

from newslint.document import Block
from newslint.kinds import base
from newslint.kinds.quoting import LETTER

# Titles the fast person scan can take: ASCII words and single spaces ("Vice President").
PLAIN_TITLE = regex.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")
# Characters that are surely spaces to `regex`'s \s, and printable ASCII that cannot be one
# nor start a name (which starts with a capital letter).
_ASCII_SPACES = frozenset(" \t\n\r\x0b\x0c")
_NO_NAME_START = frozenset(chr(c) for c in range(33, 127)) - frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class TitleStarts:
    """The person pattern's matches in texts, tried only where a title stands as a whole word.

    A match is a title (any case) not after a letter, then a full stop or a space: in a copy
    of the text folded to ASCII words between spaces, " title " is there. Aho-Corasick finds
    those few places; a PhraseFinder would try every place the title's letters are, as in
    "making" for "king" and "report" for "Rep"."""

    def __init__(self, titles: Sequence[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for title in sorted(set(titles)):
            word = f" {title.lower()} "
            self._automaton.add_word(word, len(word))
        self._automaton.make_automaton()

    def finditer(self, person: regex.Pattern, texts: Sequence[str]) -> list[regex.Match]:
        """What person.finditer(text) yields for each text in turn (as PhraseFinder gives it).

        `person` matches a title, an optional full stop, spaces and then a capital letter:
        it is not tried where something else follows the title."""
        # All texts in one pass (a per-text pass costs more than the scan itself), each
        # starting one past the end of the one before.
        joined = "\n".join(texts)
        # The leading space stands for the start: offset k there is k - 1 in `joined`.
        words = " " + base.ascii_word_chars(joined)
        candidates = set()
        for last, length in self._automaton.iter(words):
            # words[last], the space after the title, is joined[last - 1]: skip a full stop
            # and ASCII spaces after it; a lower-case letter, digit or sign there starts no
            # name. Most titles in running text are such ("the mayor said").
            after = last if joined[last - 1] == "." else last - 1
            while after < len(joined) and joined[after] in _ASCII_SPACES:
                after += 1
            if after < len(joined) and joined[after] not in _NO_NAME_START:
                candidates.add(last - length + 1)
        starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        matches: list[regex.Match] = []
        resume = 0
        for at in sorted(candidates):
            if at < resume:
                continue  # inside the previous match: finditer does not look for overlaps
            i = bisect.bisect_right(starts, at) - 1
            text = texts[i]
            # A title may run on into the next text ("Vice" "President"): its match fails.
            m = base.match(person, text, at - starts[i])
            if m is not None:
                matches.append(m)
                resume = starts[i] + m.end()
        return matches


def main_person(blocks: Sequence[Block], persons: set[str]) -> str | None:
    """The person named most often in these blocks; None on a tie or when nobody is."""
    counts: collections.Counter[str] = collections.Counter()
    for block in blocks:
        for key in persons:
            if key not in block.text:
                continue  # the cheap test first: a lede names few of the article's people
            counts[key] += _whole_words(block.text, key)
    ranked = [kv for kv in counts.most_common(2) if kv[1] > 0]
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _whole_words(text: str, key: str) -> int:
    r"""len(regex.findall(r"(?<![\p{L}])KEY(?![\p{L}])", text)) for a literal, non-empty key.

    A pattern made for each key is compiled for each document: finding the key costs far less."""
    count, at, last = 0, text.find(key), len(text) - len(key)
    while at >= 0:
        if (at == 0 or not LETTER.match(text, at - 1)) and (at == last or not LETTER.match(text, at + len(key))):
            count += 1
            at = text.find(key, at + len(key))  # findall goes on after a match
        else:
            at = text.find(key, at + 1)
    return count


def names_in_third_person(quote_text: str, key: str, speaker: str | None, titles: frozenset[str]) -> bool:
    """True when the quote names its speaker by surname, not preceded by someone else's first name."""
    if key not in quote_text:
        return False  # the cheap test first: most quotes never mention their speaker
    own_names = set((speaker or "").split()) | titles
    for m in regex.finditer(
        rf"(?<![\p{{L}}])(?:(\p{{Lu}}[\p{{L}}'’\-]*)\s+)?{regex.escape(key)}(?![\p{{L}}])", quote_text
    ):
        first = m.group(1)
        if first and first not in own_names:
            continue  # "Nick Brown" in a quote from Gordon Brown is another person
        return True
    return False
