"""Unit tests for the `cohesion` kind: a title-like line the rest of the article never mentions."""

import pytest

from kindutil import make_rule, run, spans
from newslint.rule import RuleError

BEFORE = (
    "The council agreed its budget on Tuesday after a long debate over the cost of repairing the old "
    "bridge and the town hall roof, which has leaked since the storms of last winter."
)
AFTER = (
    "Councillors said the repairs could not wait another year, and the leader promised a review of the "
    "spending in the spring, once engineers have reported on the state of the bridge supports."
)
STOP = [
    "the",
    "and",
    "that",
    "with",
    "for",
    "from",
    "said",
    "could",
    "not",
    "once",
    "have",
    "which",
    "has",
    "who",
    "in",
]


def rule(**options):
    defaults = {
        "stopwords": STOP,
        "lists": {"sections": ["news", "sport", "health", "politics"]},
        "scope": "all",
        "min_document_words": 40,
    }
    return make_rule("cohesion", **{**defaults, **options})


def article(line: str, before: str = BEFORE) -> str:
    return f"Council agrees budget\n\n{before}\n\n{line}\n\n{AFTER}"


def test_a_line_sharing_no_word_with_the_story_is_flagged():
    assert spans(run(rule(), article("Pochettino sacked by Tottenham"))) == [(5, 1, "Pochettino sacked by Tottenham")]


def test_a_subhead_that_shares_a_word_with_the_story_is_not():
    assert run(rule(), article("Engineers fear the worst")) == []  # "engineers" is in the next paragraph


def test_a_line_with_a_closing_mark_or_too_few_content_words_is_not_judged():
    assert run(rule(), article("Pochettino sacked by Tottenham.")) == []
    assert run(rule(), article("Pochettino sacked")) == []  # two content words say too little


def test_names_only_are_left_alone_unless_a_menu_naming_a_section():
    assert run(rule(), article("Jane Maria Doe Smith")) == []
    menu = "News Sport Weather Travel Podcasts"
    assert spans(run(rule(), article(menu))) == [(5, 1, menu)]


def test_the_headline_is_the_storys_whatever_the_scope():
    line = "Pochettino sacked by Tottenham"
    text = f"Pochettino sacked\n\n{BEFORE}\n\n{line}\n\n{AFTER}"
    assert run(rule(), text) == [] and run(rule(scope="body"), text) == []
    assert len(run(rule(scope="body"), article(line))) == 1


def test_a_menu_is_judged_wherever_it_stands_and_a_title_case_headline_is_no_menu():
    menu = "News Sport Weather Travel Podcasts"
    top = f"Council agrees budget\n\n{menu}\n\n{BEFORE}\n\n{AFTER}"
    assert spans(run(rule(), top)) == [(3, 1, menu)]
    headline = "Stars Who Live in Sport Towns"  # capitalised stop words, a lower-case "in"
    assert run(rule(), f"Council agrees budget\n\n{headline}\n\n{BEFORE}\n\n{AFTER}") == []


def test_a_line_not_between_full_paragraphs_is_not_judged():
    assert run(rule(), article("Pochettino sacked by Tottenham", before="The budget passed.")) == []


def test_a_short_document_is_not_judged():
    text = "Council agrees budget\n\nThe budget passed on Tuesday after a debate.\n\nPochettino sacked by Tottenham\n\nThe leader promised a review."
    assert run(rule(between_words=5), text) == []
    assert len(run(rule(between_words=5, min_document_words=10), text)) == 1


def test_an_authors_heading_is_structure_not_a_line_of_text():
    text = f"# Council agrees budget\n\n{BEFORE}\n\n## Pochettino sacked by Tottenham\n\n{AFTER}\n"
    assert run(rule(), text, fmt="md") == []


def test_bad_parameters_are_refused():
    with pytest.raises(RuleError, match="min-words"):
        rule(min_words=10, max_words=5)
    with pytest.raises(RuleError, match="min-content"):
        rule(min_content=0)
