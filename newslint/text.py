"""Small text utilities shared by check kinds: words, normalisation, title case."""

from __future__ import annotations

import functools
import re
import unicodedata

import regex

WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")

# Plain text (ASCII but for some punctuation) takes a path without the `regex` module:
# there, WORD is exactly [a-z0-9]+(?:['\-][a-z0-9]+)*, and NFKC plus case folding is lower().
# Lowers ASCII letters, keeps digits and joiners, blanks the rest: once no joiner stands
# loose, str.split gives WORD's matches, in C and without a regex. A bytes table: bytes.translate
# is a lookup per byte, several times faster than str.translate with a dict.
_WORD_BYTES = bytes(ord(c.lower()) if c.isalnum() or c in "'-" else 32 for c in map(chr, range(128))) + b" " * 128
_LOOSE_JOINER = re.compile(r"['\-](?<![a-z0-9]['\-])|['\-](?![a-z0-9])")
# Any character but ASCII and punctuation that is neither letter, digit nor word joiner,
# before or after NFKC and case folding: quoted text stays on the plain path.
_NOT_PLAIN = re.compile(r"[^\x00-\x7f\u00a0“”‘…–—£€]")


@functools.lru_cache(maxsize=1024)
def plain_words(text: str) -> tuple[str, ...] | None:
    """normalize(text).split() for plain text, computed without regexes; None for other text.

    Cached for the document at hand: the repetition rules ask it of each block and the line
    rules of each line, which in plain text is most often the same string. (Word tuples are
    big: 16384 of them held 40 MB.)"""
    if text.isascii():
        data = text.encode("ascii")
    elif _NOT_PLAIN.search(text):
        return None
    else:
        data = text.encode("ascii", "replace")  # that punctuation becomes "?"
    blanked = data.translate(_WORD_BYTES).decode("ascii")
    if "'" in blanked or "-" in blanked:
        # Blanking the loose joiners too costs what looking for one did (a quarter of news
        # paragraphs has one: "workers' pay", " - ").
        blanked = _LOOSE_JOINER.sub(" ", blanked)
    return tuple(blanked.split())


def words(text: str) -> list[str]:
    """The words of a text, in order."""
    return WORD.findall(text)


@functools.lru_cache(maxsize=16384)
def word_count(text: str) -> int:
    """How many words a text has (cached: many rules ask about the same blocks)."""
    plain = plain_words(text)
    return len(plain) if plain is not None else len(WORD.findall(text))


@functools.lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Case-folded words separated by single spaces: for comparing blocks and headlines."""
    plain = plain_words(text)
    if plain is not None:
        return " ".join(plain)
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_TYPOGRAPHY)
    return " ".join(WORD.findall(folded))


# What typesetting changes and a copy may not share: curly apostrophes and primes read as
# the straight one (an opening single quote stays a quote mark), and invisible characters
# (soft hyphens, zero-width spaces and joiners, word joiners, byte-order marks) join the
# word they stand in rather than split it.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)


# Words a title-case headline leaves in lower case.
SMALL_WORDS = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs from into onto over with".split()
)


# WORD on ASCII text, case kept: the stdlib finds these in two thirds of the time.
_CASED_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")


def is_title_case(text: str, min_words: int = 4) -> bool:
    """True for a line like 'Tensions Escalate as Putin Calls Leaders Terrorists' (not ALL CAPS)."""
    # Asked of every short line that does not end a sentence: hard-wrapped paragraphs are
    # made of such lines, so this is kept to one pass over the words.
    ws = [w for w in (_CASED_ASCII_WORD.findall(text) if text.isascii() else words(text)) if not w[0].isdigit()]
    if len(ws) < min_words:
        return False
    capital = lower = 0
    all_caps = True
    most_lower = 0.15 * len(ws)  # title case allows at most 15% of the significant words
    for w in ws:
        if all_caps and not w.isupper():
            all_caps = False
        if w.casefold() in SMALL_WORDS:
            continue
        if w[0].isupper():
            capital += 1
        else:
            lower += 1
            if lower > most_lower:
                return False  # more than 15% of all the words, so of the significant ones
    if all_caps or capital + lower < 2:
        return False
    return capital / (capital + lower) >= 0.85
