"""The caches the quote rules share must give each rule, and each text, its own answer."""

from __future__ import annotations

from newslint.kinds.base import phrase_regex
from newslint.kinds.quoting import Attributor, find_quotes
from newslint.rule import build_rule
from newslint.testing import lint_with

PRONOUNS = frozenset({"he", "she", "they"})
TITLES = ["Mr", "Mrs", "President"]


def attributor(cues: list[str]) -> Attributor:
    return Attributor(phrase_regex(cues, "cue-verbs"), PRONOUNS, 250)


def first_attribution(who: Attributor, text: str):
    quotes = find_quotes(text)
    return who.attribute(text, quotes[0], [q for q in quotes if q.depth == 0])


def quotes_rule(mode: str, **options):
    data = {"kind": "quotes", "mode": mode, "message": "m {speaker}", "summary": "s", "severity": "warning", "scope": "all", **options}
    return build_rule("test.quotes", data, "test.yaml")


def test_attributors_with_different_cue_lists_do_not_share_answers():
    # Both cue regexes have the same source text (the words live in a named list).
    text = '"We will win the vote on Monday," she quipped.'
    with_quipped = attributor(["said", "quipped"])
    without = attributor(["said", "told"])
    assert with_quipped.cue.pattern == without.cue.pattern
    assert first_attribution(with_quipped, text).speaker == "she"
    assert first_attribution(without, text) is None
    assert first_attribution(with_quipped, text).speaker == "she"


def test_attributors_with_the_same_lists_are_equal():
    assert attributor(["said", "told"]) == attributor(["said", "told"])
    assert hash(attributor(["said", "told"])) == hash(attributor(["said", "told"]))
    assert attributor(["said", "told"]) != attributor(["said"])


def test_neighbouring_paragraphs_change_the_answer_for_the_same_paragraph():
    # The same middle paragraph is attributed by a cue in the next paragraph, or not at all.
    unattributed = quotes_rule("unattributed", **{"cue-verbs": ["said"], "min-words": 3})
    quote = '"We will not let the library close while I am here."'
    with_cue = f"Library vote\n\nThe council met.\n\n{quote}\n\nThat is what the mayor said."
    without_cue = f"Library vote\n\nThe council met.\n\n{quote}\n\nThe vote was seven to two."
    assert [f.line for f in lint_with(unattributed, with_cue) if f.rule == "test.quotes"] == []
    assert [f.line for f in lint_with(unattributed, without_cue) if f.rule == "test.quotes"] == [5]
    assert [f.line for f in lint_with(unattributed, with_cue) if f.rule == "test.quotes"] == []


def test_self_named_speaker_still_found_when_persons_are_looked_up_late():
    self_named = quotes_rule("self-named", **{"cue-verbs": ["said"], "person-titles": TITLES})
    flagged = 'Lee doubts talks\n\nPresident Ann Lee doubted the talks.\n\n"Nobody trusts Lee to keep her word," Lee said.'
    company = 'Acme profits\n\nAcme said profits rose.\n\n"Acme has had a record year," Acme said.'
    assert [f.line for f in lint_with(self_named, flagged) if f.rule == "test.quotes"] == [5]
    assert [f.line for f in lint_with(self_named, company) if f.rule == "test.quotes"] == []
