"""Names spelt two ways that no list holds, found by similarity."""

from __future__ import annotations

import pytest

import newslint
from newslint.kinds.name_variants import similar


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("mourinho", "mourinio"),
        ("netanyahu", "netanyahou"),
        ("beckham", "beckam"),
        ("tiananmen", "tienanmen"),
        ("phillip", "philip"),
        ("tverdovsky", "tverdvosky"),  # two letters swapped
        ("pennsylvania", "pennsyvlania"),
        ("ibrahimović", "ibrahimovic"),  # diacritics kept and dropped
        ("schevchenko", "shevchenko"),  # a transliteration swap at the start that keeps the first letter
        ("macdonald", "mcdonald"),
    ],
)
def test_one_name_spelt_two_ways(a, b) -> None:
    assert similar(a, b) and similar(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("german", "germany"),
        ("texan", "texas"),
        ("israel", "israeli"),
        ("germans", "germanys"),
        ("americas", "americans"),
        ("gaddafi", "qaddafi"),
        ("sharda", "sharad"),  # the last two letters swapped: another ending, another name
        ("hamdi", "hamid"),
    ],
)
def test_inflections_and_other_first_letters_are_not_variants(a, b) -> None:
    assert not similar(a, b)


def test_pairs_differing_at_the_second_letter_are_compared_only_when_long_and_not_a_substitution() -> None:
    from newslint.kinds.name_variants import _similar_pairs

    assert [set(pair) for pair in _similar_pairs({"Tchaikovsky", "Tschaikovsky"})] == [{"Tchaikovsky", "Tschaikovsky"}]
    assert list(_similar_pairs({"Maguire", "McGuire"})) == []  # another name more often than a slip
    assert list(_similar_pairs({"David", "Dravid"})) == []  # short: two names


def test_names_with_a_capital_inside_are_names_too() -> None:
    text = (
        "Carmaker\n\nShares in DaimlerChrysler rose on Tuesday after the carmaker reported strong sales in Asia.\n\n"
        "Analysts said DaimlerChrysler had done well, and that DaimerChrysler would gain further next year."
    )
    assert findings(text) == ["DaimerChrysler"]


def test_short_names_one_letter_apart_and_vowels_moved_around_are_two_names() -> None:
    for a, b in [("rider", "riker"), ("cahan", "cahen"), ("kellan", "kellen"), ("mohamed", "mahmoud")]:
        assert not similar(a, b), (a, b)
    assert similar("milosovic", "milosevic")  # a long name: a slip


def findings(text: str) -> list[str]:
    return [f.match for f in newslint.lint_text(text, "a.txt", select=["consistency.name-variants"])]


def test_a_misspelt_name_in_prose_is_flagged_once_naming_its_other_lines() -> None:
    text = (
        "Chelsea win\n\nThe manager, Jose Mourinho, praised the defence after the match on Sunday.\n\n"
        "Later Mourinio said the title race was open, and the players agreed with him.\n\n"
        "Fans chanted for Mourinio as the team left the ground in the evening."
    )
    (found,) = newslint.lint_text(text, "a.txt", select=["consistency.name-variants"])
    assert found.match == "Mourinio" and found.line == 5 and found.message.endswith("again on line 7")


def test_title_case_headings_and_two_well_used_names_are_left_alone() -> None:
    assert (
        findings("Hunter Games\n\nThe Hunger Games Review And Other Stories From The Week\n\nThe book was by a Hunter.")
        == []
    )
    text = (
        "Family\n\nAllan said the farm would stay in the family for another generation.\n\n"
        "Allen, his cousin, said Allan had always wanted that, and Allen agreed with Allan."
    )
    assert findings(text) == []


def test_an_ordinary_word_written_in_lower_case_elsewhere_is_not_a_name() -> None:
    text = (
        "Grants\n\nThe programme ran at the National Cancer Institute, and While at the White House the team met "
        "weekly.\n\nwhile the grants were small, the work went on for the whole year, the report said."
    )
    assert findings(text) == []


def test_spellings_that_differ_only_in_their_vowels_are_one_name() -> None:
    from newslint.kinds.name_variants import similar

    assert similar("mohammed", "muhammad") and similar("ancelotti", "ancelotta") is False
    assert not similar("christian", "christine")  # another ending: another name
    assert not similar("osama", "usama")  # too few consonants to tell


def test_the_dictionary_is_loaded_and_knows_words_and_names_but_not_misspellings() -> None:
    from newslint import lexicon

    assert lexicon.size() > 100_000  # 0 would mean pyspellchecker's file format changed
    for word in ("learning", "Leaning", "HUNGER", "London", "Lyndon", "Susan", "Sudan"):
        assert lexicon.is_english_word(word), word
    for word in ("Guatamala", "Netanyahou", "Mourinio", "Shakesepeare", ""):
        assert not lexicon.is_english_word(word), word


def _name_variant_findings(text: str, skip: bool) -> list:
    from newslint.config import parse_config

    config = parse_config({"rules": {"consistency.name-variants": {"skip-dictionary-pairs": skip}}}, "newslint.yaml")
    return newslint.lint_text(text, config=config, select=["consistency.name-variants"])


@pytest.mark.parametrize(
    ("first", "later"),
    [("Learning", "Leaning"), ("Brighton", "Brighten"), ("Stanford", "Stamford"), ("Hartford", "Hertford")],
)
def test_two_dictionary_words_are_not_one_name_misspelt(first, later) -> None:
    text = (
        f"Notes\n\nThe report from {first} Street was read out at the meeting on Monday night.\n\n"
        f"A second report, from {later} Road, was held over until the meeting next week."
    )
    assert _name_variant_findings(text, skip=True) == []
    assert [f.match for f in _name_variant_findings(text, skip=False)] == [later]
