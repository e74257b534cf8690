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
import hashlib
import importlib.resources
import re
import unicodedata

from newslint import rulecache

# The list is a JSON object of word -> count, the words in lower case without escapes.
_ENTRY = re.compile(rb'"([^"\\]+)"\s*:\s*\d')


@functools.cache
def _english() -> array.array:
    """The hashes of the dictionary's words, sorted: 1.3 MB, where the words themselves as a
    set or the parsed JSON would hold 13-27 MB in every process that checks names. Built
    once (about 0.15 s) and kept in the user's cache (newslint.rulecache), from which a run
    reads it in milliseconds: a pre-commit run on one file need not build it again."""
    resource = importlib.resources.files("spellchecker").joinpath("resources/en.json.gz")
    packed = resource.read_bytes()
    key = hashlib.blake2b(packed, digest_size=12).hexdigest()  # the list itself: a new release, a new key
    hashes = array.array("q")
    # A cache file cut short or written by something else is built again, never misread.
    hashes.frombytes(
        rulecache.cached_bytes(
            "lexicon", key, lambda: _built(packed), valid=lambda data: len(data) % hashes.itemsize == 0 and bool(data)
        )
    )
    return hashes


def _built(packed: bytes) -> bytes:
    """The sorted hashes of the words of the gzipped JSON list, as bytes (native order)."""
    words = _ENTRY.findall(gzip.decompress(packed))
    return array.array("q", sorted(map(_hash, words))).tobytes()


def _hash(word: bytes) -> int:
    """A 64-bit hash that is the same in every process (str hashes are salted per process)."""
    return int.from_bytes(hashlib.blake2b(word, digest_size=8).digest(), "little", signed=True)


def is_english_word(word: str) -> bool:
    """True when the dictionary holds the word, compared as the list writes its words: in lower
    case, composed (NFC). A false match needs two of 160,000 words' 64-bit hashes to collide."""
    hashes = _english()
    key = _hash(unicodedata.normalize("NFC", word).lower().encode("utf-8"))
    at = bisect.bisect_left(hashes, key)
    return at < len(hashes) and hashes[at] == key


def size() -> int:
    """How many words the dictionary holds (0 would mean its format changed: tests check)."""
    return len(_english())
