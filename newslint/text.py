"""Small text utilities shared by readers and check kinds: words, sentences, normalisation."""

from __future__ import annotations

import unicodedata

import regex

WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")
# A sentence ends at . ! ? … followed by space and a capital, quote or digit; abbreviations
# like "U.S. President" are protected by requiring two letters before a period.
SENTENCE_END = regex.compile(
    r"""(?<=(?:\p{Ll}{2}|\p{Lu}{2}|\p{N}|[!?…])[.!?…]?['"”’)]?)\s+(?=["“‘'(]?[\p{Lu}\p{N}])"""
)


def words(text: str) -> list[str]:
    """The words of a text, in order."""
    return WORD.findall(text)


def normalize(text: str) -> str:
    """Case-folded words separated by single spaces: for comparing blocks and headlines."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(WORD.findall(folded))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a text."""
    spans = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def shingles(tokens: list[str], size: int) -> set[tuple[str, ...]]:
    """The set of `size`-word shingles of a token list (the whole list if it is shorter)."""
    if len(tokens) <= size:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


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
