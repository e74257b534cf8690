"""Names spelt two ways in one document, found by similarity rather than from a list.

A name is a capitalised word in mid-sentence. Two names are one name misspelt or
transliterated differently when they differ by one letter added, dropped or changed inside
the word, by two neighbouring letters swapped, by a known transliteration swap (ou/u, kh/h,
ph/f, ai/ei, y/i, a doubled letter), or only in their vowels (Mohammed/Muhammad) — but not
at the end, where English inflects (German/Germany, Smith/Smiths, Obama/Obama's), and not
when both are common in the article.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator, Sequence

import regex

from newslint.document import Block

# A capital, then lower case, a capital inside only before lower case (McDonald, DeSantis).
_NAME = regex.compile(r"(?<![\p{L}\p{N}'’.-])\p{Lu}\p{Ll}(?:\p{Lu}?\p{Ll})+(?:-\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}])")
# Where a sentence may start just before a word: a capital there may be an ordinary word.
_SENTENCE_START = regex.compile(r"(?:^|[.!?…:;]['\"”’)]*\s+|[\"“‘(]\s*)$")
# Spelling swaps of transliteration, tried on both sides.
_SWAPS = (
    ("ou", "u"),
    ("kh", "h"),
    ("ph", "f"),
    ("ai", "ei"),
    ("y", "i"),
    ("ck", "k"),
    ("dj", "j"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("oo", "u"),
    ("ee", "i"),
    ("ch", "sh"),
    ("mac", "mc"),
)


def _one_edit_inside(a: str, b: str) -> bool:
    """True when b is a with one letter changed, added or dropped, or two neighbours swapped,
    never the first letter and no change of the last one alone (Texan/Texas); an added
    ending is ruled out by the caller."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if i == 0:
        return False
    if len(a) == len(b):
        if i < len(a) - 1 and a[i + 1 :] == b[i + 1 :]:
            # One letter for another: in a short name as often another name (Rider/Riker,
            # Cahan/Cahen, Kellan/Kellen) as a slip.
            return len(a) >= MIN_SUBSTITUTION_LENGTH
        # Two letters inside the word swapped (Tverdovsky/Tverdvosky), the commonest slip.
        # Not the last two: that changes the ending (Sharda/Sharad, Hamdi/Hamid are two names).
        return i + 2 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if len(a) > len(b):
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def _swapped(a: str, b: str) -> bool:
    """True when one transliteration swap turns a into b."""
    for x, y in _SWAPS:
        for s, t in ((x, y), (y, x)):
            # At the start only a swap that keeps the first letter (Schevchenko, MacDonald).
            start = a.find(s, 0 if s[0] == t[0] else 1)
            while start >= 0:
                if a[:start] + t + a[start + len(s) :] == b:
                    return True
                start = a.find(s, start + 1)
    return False


def similar(a: str, b: str) -> bool:
    """True when two lower-cased names look like one name spelt two ways."""
    if a != b and _without_marks(a) == _without_marks(b):
        return True  # Ibrahimović/Ibrahimovic: one name, its diacritics kept or dropped
    if a.endswith("s") and b.endswith("s"):
        a, b = a[:-1], b[:-1]  # plurals inflect before the s too: Germans/Germanys, Americas/Americans
    if a.startswith(b) or b.startswith(a):
        return False
    if a[:1] != b[:1]:
        return _same_consonants(a, b)
    return _one_edit_inside(a, b) or _swapped(a, b) or _same_consonants(a, b)


def _without_marks(word: str) -> str:
    """The word without its diacritics (combining marks after decomposition)."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


_VOWELS = frozenset("aeiouy")
_NO_VOWELS = str.maketrans(dict.fromkeys(_VOWELS))  # str.translate deletes them in C
_SHAPE = str.maketrans(dict.fromkeys(_VOWELS, "a"))  # every vowel the same: the word's shape
# Consonants a transliteration keeps: two spellings of one name that differ only in their
# vowels (Mohammed/Muhammad, Osama/Usama) have at least this many in common, in order.
MIN_CONSONANTS = 4
# Shorter words share their consonants by chance (Garden/Gordon, Miller/Muller).
MIN_VOWEL_SWAP_LENGTH = 7


def _same_consonants(a: str, b: str) -> bool:
    """True when a and b end alike and have the same consonants in the same order
    (MIN_CONSONANTS or more), differing only in vowels, as transliterations of one name do."""
    if a[-1] != b[-1] or min(len(a), len(b)) < MIN_VOWEL_SWAP_LENGTH or len(a) != len(b):
        return False  # a different ending is another name (Christian/Christine), not a spelling
    if a[0] != b[0] and not (a[0] in _VOWELS and b[0] in _VOWELS):
        return False  # a dropped first vowel makes another word (Eastern/Stern, Arthur/Rather)
    ka = a.translate(_NO_VOWELS)
    if len(ka) < MIN_CONSONANTS or ka != b.translate(_NO_VOWELS):
        return False
    # Vowels for vowels, the consonants where they were (Mohammed/Muhammad); vowels moved
    # around the same consonants make another name (Mohamed/Mahmoud).
    return a.translate(_SHAPE) == b.translate(_SHAPE)


_WORD_START = regex.compile(r"(?<!\S)\p{Lu}")


def _prose(text: str) -> bool:
    """True for running prose: most words in lower case (a title-case heading capitalises
    ordinary words, which would pass for names)."""
    words = text.count(" ") + text.count("\n") + 1
    return words >= 6 and len(_WORD_START.findall(text)) <= 0.5 * words


def names_in(blocks: Sequence[Block], min_length: int) -> list[tuple[Block, regex.Match]]:
    """Capitalised words of at least `min_length` letters in running prose, in document order
    (at a sentence start too: mid_sentence() tells them apart, for the few that matter).

    The words are first gathered by splitting on white space, which costs little; only a
    document with two similar ones is scanned for where its names are."""
    prose = [b for b in blocks if _prose(b.text)]
    words = set()
    for block in prose:
        words.update(_candidates(min_length).findall(block.text))
    if not any(True for _ in _similar_pairs(words)):
        return []
    return [(b, m) for b in prose for m in _NAME.finditer(b.text) if m.end() - m.start() >= min_length]


@functools.lru_cache(maxsize=8)
def _candidates(min_length: int) -> regex.Pattern:
    """Capitalised words of at least `min_length` letters (hyphenated too, as _NAME finds
    them), found in one scan (a rough first look)."""
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}])\p{{Lu}}\p{{Ll}}(?:(?:\p{{Lu}}?\p{{Ll}}){{{max(1, min_length - 2)},}}(?:-\p{{Lu}}\p{{Ll}}+)?"
        r"|(?:\p{Lu}?\p{Ll})+-\p{Lu}\p{Ll}+)(?![\p{L}\p{N}])"
    )


# Words compared with each other at most, per first two letters and length.
MAX_BUCKET = 200


def _similar_pairs(words) -> Iterator[tuple[str, str]]:
    """Pairs of the words that could be one name spelt two ways. Only words that share their
    first two letters and differ in length by at most one are compared (a one-letter change
    or a transliteration swap leaves both alike), and words with the same consonants in the
    same order (spellings that differ in their vowels only)."""
    buckets: dict[tuple[str, int], list[str]] = {}
    # A letter added or dropped at the second place (Tschaikovsky/Tchaikovsky) puts the two
    # in different buckets: long words are compared by first letter and last three as well.
    ends: dict[tuple[str, str], list[str]] = {}
    skeletons: dict[str, list[str]] = {}
    for word in words:
        bucket, end, skeleton = _keys(word)
        buckets.setdefault(bucket, []).append(word)
        if end is not None:
            ends.setdefault(end, []).append(word)
        if skeleton is not None:
            skeletons.setdefault(skeleton, []).append(word)
    seen: set[tuple[str, str]] = set()
    # (Any order: variant_pairs sorts what it yields, and names_in only asks whether any.)
    for (start, length), group in buckets.items():
        if len(group) > MAX_BUCKET:
            continue  # hundreds of capitalised words of one shape: a list or an index, not prose
        candidates = group + buckets.get((start, length + 1), [])[:MAX_BUCKET]
        for i, a in enumerate(group):
            for b in candidates[i + 1 :]:
                if _similar_words(a, b):
                    seen.add((a, b))
                    yield a, b
    groups = [(group, False) for group in skeletons.values()] + [(group, True) for group in ends.values()]
    for group, by_ends in groups:
        if 1 < len(group) <= MAX_BUCKET:
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if (a, b) in seen or (b, a) in seen or (by_ends and _second_letter_changed(a, b)):
                        continue
                    if _similar_words(a, b):
                        seen.add((a, b))
                        yield a, b


# Words and pairs of a run's documents recur (names, and capitalised words opening
# sentences): what is worked out of them is kept for the next document.
@functools.lru_cache(maxsize=1 << 16)
def _keys(word: str) -> tuple[tuple[str, int], tuple[str, str] | None, str | None]:
    """Where _similar_pairs files a word: by first two letters and length, by first letter
    and last three (a long word), and by its consonants (enough of them)."""
    folded = word.casefold()
    skeleton = folded.translate(_NO_VOWELS)
    return (
        (folded[:2], len(word)),
        (folded[0], folded[-3:]) if len(folded) >= MIN_SECOND_LETTER_LENGTH else None,
        skeleton if len(skeleton) >= MIN_CONSONANTS else None,
    )


@functools.lru_cache(maxsize=1 << 16)
def _similar_words(a: str, b: str) -> bool:
    """similar() of two words as written."""
    return similar(a.casefold(), b.casefold())


# Shorter names that differ by one letter for another are often two names.
MIN_SUBSTITUTION_LENGTH = 7
# Shorter names that differ from the second letter on are often two names (David/Dravid).
MIN_SECOND_LETTER_LENGTH = 7


def _second_letter_changed(a: str, b: str) -> bool:
    """True when only the second letter differs (Maguire/McGuire, Hebei/Hubei): another name
    far more often than a slip, so only the first two letters' buckets compare such words."""
    a, b = a.casefold(), b.casefold()
    return len(a) == len(b) and a[0] == b[0] and a[1] != b[1] and a[2:] == b[2:]


def mid_sentence(block: Block, m: regex.Match) -> bool:
    """True when a capitalised word does not open a sentence (where any word is capitalised)."""
    return _SENTENCE_START.search(block.text, max(0, m.start() - 4), m.start()) is None


def written_in_lower_case(words: Sequence[str], blocks: Sequence[Block]) -> bool:
    """True when one of the words also stands in lower case in the blocks: an ordinary word
    ("While", "White"), capitalised where a sentence or title starts, not a name."""
    pattern = regex.compile(
        r"(?<![\p{L}\p{N}])(?:" + "|".join(regex.escape(w.lower()) for w in words) + r")(?![\p{L}\p{N}])"
    )
    return any(pattern.search(b.text) for b in blocks)


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
    pairs = [
        (a, b) if order[a] < order[b] else (b, a)
        for a, b in _similar_pairs(counts)
        if min(counts[a], counts[b]) < max_common
    ]
    yield from sorted(pairs, key=lambda pair: (order[pair[0]], order[pair[1]]))
