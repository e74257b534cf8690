"""Text helpers: the plain-text fast path gives exactly what the WORD regex gives."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kindutil import reference_normalize, reference_word_count
from newslint.text import normalize, plain_words, word_count

# ASCII with the punctuation the plain path accepts, and characters that must leave it:
# NFKC splits "½" and "ﬁ", case folding makes "ß" "ss", "K" is the Kelvin sign, "’" joins words.
PIECES = list("abzAZ019 '-’\n.…“”‘–—£€\u00a0½ßKİﬁé\u0301ς²Ⅻ!?_") + [
    "it's",
    "-x",
    "x-",
    "a--b",
    "rock-n-roll",
    "'quoted'",
]
texts = st.one_of(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.text(max_size=40))


@settings(max_examples=500)
@given(texts)
def test_normalize_and_word_count_match_the_regex_definition(text: str) -> None:
    assert normalize(text) == reference_normalize(text)
    assert word_count(text) == reference_word_count(text)


@given(texts)
def test_plain_words_are_the_normalized_words_or_none(text: str) -> None:
    found = plain_words(text)
    assert found is None or list(found) == reference_normalize(text).split()


def test_plain_text_takes_the_fast_path_and_other_text_does_not() -> None:
    assert plain_words("The “council” voted – £5m, it's said.") == ("the", "council", "voted", "5m", "it's", "said")
    assert plain_words("Straße") is None and plain_words("naïve") is None


def test_loose_joiners_split_words_as_the_regex_does() -> None:
    # Every short string of letters, digits, joiners and spaces: plain_words blanks the loose
    # joiners and splits, which must give the regex's words (joiners only inside a word).
    for length in range(7):
        for chars in itertools.product("a1'- ", repeat=length):
            text = "".join(chars)
            assert plain_words(text) == tuple(re.findall(r"[a-z0-9]+(?:['\-][a-z0-9]+)*", text)), text


def _title_case_by_definition(text: str, min_words: int) -> bool:
    """is_title_case as first written: WORD tokens, digits out, not all caps, 85% of the
    significant words capitalised."""
    from newslint.text import SMALL_WORDS, WORD

    ws = [w for w in WORD.findall(text) if not w[0].isdigit()]
    if len(ws) < min_words or all(w.isupper() for w in ws):
        return False
    significant = [w for w in ws if w.casefold() not in SMALL_WORDS]
    if len(significant) < 2:
        return False
    return sum(1 for w in significant if w[0].isupper()) / len(significant) >= 0.85


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Mayor",
                "the",
                "Of",
                "OF",
                "vote",
                "9th",
                "UK",
                "X-Ray",
                "don't",
                "Élan",
                "ñu",
                "’s",
                "-",
                ".",
                "Ǆemal",
                "ǅ",
            ]
        ),
        max_size=12,
    ),
    st.integers(1, 5),
)
def test_title_case_is_its_definition(parts, min_words):
    from newslint.text import is_title_case

    text = " ".join(parts)
    assert is_title_case(text, min_words) == _title_case_by_definition(text, min_words)
