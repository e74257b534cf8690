"""Whether a word is in an English dictionary of words and well-known names (pyspellchecker's).

consistency.name-variants asks it of the two spellings it suspects are one name: when both
are words the dictionary knows (Learning and Leaning, Hunter and Hunger, London and Lyndon,
Susan and Sudan), they are two words, not one spelt two ways; a misspelling or a rare
transliteration (Guatamala, Netanyahou, Mourinio) is not in it.
"""

from __future__ import annotations

import array
import bisect
import functools
import gzip
import importlib.resources
import re
import unicodedata

# The list is a JSON object of word -> count, the words in lower case without escapes.
_ENTRY = re.compile(rb'"([^"\\]+)"\s*:\s*\d')


@functools.cache
def _english() -> array.array:
    """The hashes of the dictionary's words, sorted: 1.3 MB, where the words themselves as a
    set or the parsed JSON would hold 13-27 MB in every process that checks names."""
    resource = importlib.resources.files("spellchecker").joinpath("resources/en.json.gz")
    data = gzip.decompress(resource.read_bytes())
    return array.array("q", sorted(map(hash, _ENTRY.findall(data))))  # about 0.1 s, once


def is_english_word(word: str) -> bool:
    """True when the dictionary holds the word, compared as the list writes its words: in lower
    case, composed (NFC). A false match needs two of 160,000 words' 64-bit hashes to collide."""
    hashes = _english()
    key = hash(unicodedata.normalize("NFC", word).lower().encode("utf-8"))
    at = bisect.bisect_left(hashes, key)
    return at < len(hashes) and hashes[at] == key


def size() -> int:
    """How many words the dictionary holds (0 would mean its format changed: tests check)."""
    return len(_english())
