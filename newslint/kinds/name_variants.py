"""Names spelt two ways in one document, found by similarity rather than from a list.

A name is a capitalised word in mid-sentence. Two names are one name misspelt or
transliterated differently when they differ by one letter added, dropped or changed inside
the word, or by a known transliteration swap (ou/u, kh/h, ph/f, ai/ei, y/i, a doubled
letter) — but not at the end, where English inflects (German/Germany, Smith/Smiths,
Obama/Obama's), and not when both are common in the article.
"""

from __future__ import annotations

from typing import Iterator, Sequence

import regex

from newslint.document import Block

_NAME = regex.compile(r"(?<![\p{L}\p{N}'’.-])\p{Lu}\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}])")
# Where a sentence may start just before a word: a capital there may be an ordinary word.
_SENTENCE_START = regex.compile(r"(?:^|[.!?…:;]['\"”’)]*\s+|[\"“‘(]\s*)$")
# Spelling swaps of transliteration, tried on both sides.
_SWAPS = (("ou", "u"), ("kh", "h"), ("ph", "f"), ("ai", "ei"), ("y", "i"), ("ck", "k"), ("dj", "j"), ("tch", "ch"), ("sch", "sh"), ("oo", "u"), ("ee", "i"), ("ch", "sh"))


def _one_edit_inside(a: str, b: str) -> bool:
    """True when b is a with one letter changed, added or dropped, neither the first letter
    nor a change of the last one (Texan/Texas); an added ending is ruled out by the caller."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if i == 0:
        return False
    if len(a) == len(b):
        return i < len(a) - 1 and a[i + 1 :] == b[i + 1 :]
    if len(a) > len(b):
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def _swapped(a: str, b: str) -> bool:
    """True when one transliteration swap turns a into b."""
    for x, y in _SWAPS:
        for s, t in ((x, y), (y, x)):
            start = a.find(s, 1)
            while start >= 0:
                if a[:start] + t + a[start + len(s) :] == b:
                    return True
                start = a.find(s, start + 1)
    return False


def similar(a: str, b: str) -> bool:
    """True when two lower-cased names look like one name spelt two ways."""
    if a.endswith("s") and b.endswith("s"):
        a, b = a[:-1], b[:-1]  # plurals inflect before the s too: Germans/Germanys, Americas/Americans
    if a[:1] != b[:1] or a.startswith(b) or b.startswith(a):
        return False
    return _one_edit_inside(a, b) or _swapped(a, b)


_WORD = regex.compile(r"\p{L}[\p{L}'’-]*")


def _prose(text: str) -> bool:
    """True for running prose: most words in lower case (a title-case heading capitalises
    ordinary words, which would pass for names)."""
    words = _WORD.findall(text)
    return len(words) >= 6 and sum(1 for w in words if w[0].isupper()) <= 0.5 * len(words)


def names_in(blocks: Sequence[Block], min_length: int) -> list[tuple[Block, regex.Match]]:
    """Capitalised words in mid-sentence of running prose, at least `min_length` letters, in
    document order."""
    found = []
    for block in blocks:
        if not _prose(block.text):
            continue
        for m in _NAME.finditer(block.text):
            if len(m.group()) >= min_length and not _SENTENCE_START.search(block.text, max(0, m.start() - 4), m.start()):
                found.append((block, m))
    return found


def variant_pairs(names: Sequence[tuple[Block, regex.Match]], max_common: int) -> Iterator[tuple[str, str]]:
    """(first spelling, other spelling) pairs of one name written two ways, the first used
    first. Pairs where both are used `max_common` times or more are two names (Allan and
    Allen in one family's story)."""
    counts: dict[str, int] = {}
    order: dict[str, int] = {}
    for _, m in names:
        word = m.group()
        counts[word] = counts.get(word, 0) + 1
        order.setdefault(word, len(order))
    # Only names with the same first letter and lengths within one can be similar: compare
    # within those buckets, not every pair of the article's names.
    buckets: dict[tuple[str, int], list[str]] = {}
    for word in sorted(counts, key=order.__getitem__):
        buckets.setdefault((word[0], len(word)), []).append(word)
    for (letter, length), words in sorted(buckets.items(), key=lambda item: order[item[1][0]]):
        candidates = words + buckets.get((letter, length + 1), [])
        for i, a in enumerate(words):
            for b in candidates[i + 1 :]:
                if min(counts[a], counts[b]) >= max_common or not similar(a.casefold(), b.casefold()):
                    continue
                yield (a, b) if order[a] < order[b] else (b, a)
