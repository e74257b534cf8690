"""Small text utilities shared by check kinds: words, normalisation, title case."""

from __future__ import annotations

import functools
import unicodedata

import regex

WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")


def words(text: str) -> list[str]:
    """The words of a text, in order."""
    return WORD.findall(text)


@functools.lru_cache(maxsize=16384)
def word_count(text: str) -> int:
    """How many words a text has (cached: many rules ask about the same blocks)."""
    return len(WORD.findall(text))


@functools.lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Case-folded words separated by single spaces: for comparing blocks and headlines."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(WORD.findall(folded))


# Words a title-case headline leaves in lower case.
SMALL_WORDS = frozenset("a an the and but or nor for so yet as at by in of off on per to up via vs from into onto over with".split())


def is_title_case(text: str, min_words: int = 4) -> bool:
    """True for a line like 'Tensions Escalate as Putin Calls Leaders Terrorists' (not ALL CAPS)."""
    ws = [w for w in words(text) if not w[0].isdigit()]
    if len(ws) < min_words or all(w.isupper() for w in ws):
        return False
    significant = [w for w in ws if w.casefold() not in SMALL_WORDS]
    if len(significant) < 2:
        return False
    capital = sum(1 for w in significant if w[0].isupper())
    return capital / len(significant) >= 0.85
