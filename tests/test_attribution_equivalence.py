"""The caches the quote rules share must give each rule, and each text, its own answer; the fast
scans must find exactly what the plain `regex` scans find."""

from __future__ import annotations

import random
import re

import regex

from kindutil import quotes_rule
from newslint.engine import lint_document
from newslint.kinds import base, quoting
from newslint.kinds.base import phrase_regex
from newslint.kinds.quoting import SENTENCE_BREAK, Attributor, find_quotes
from newslint.readers import read_bytes
from newslint.rule import build_rule
from newslint.testing import lint_with

PRONOUNS = frozenset({"he", "she", "they"})
TITLES = ["Mr", "Mrs", "President"]


def attributor(cues: list[str]) -> Attributor:
    return Attributor(phrase_regex(cues, "cue-verbs"), PRONOUNS, 250)


def first_attribution(who: Attributor, text: str):
    quotes = find_quotes(text)
    return who.attribute(text, quotes[0], [q for q in quotes if q.depth == 0])


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
    flagged = (
        'Lee doubts talks\n\nPresident Ann Lee doubted the talks.\n\n"Nobody trusts Lee to keep her word," Lee said.'
    )
    company = 'Acme profits\n\nAcme said profits rose.\n\n"Acme has had a record year," Acme said.'
    assert [f.line for f in lint_with(self_named, flagged) if f.rule == "test.quotes"] == [5]
    assert [f.line for f in lint_with(self_named, company) if f.rule == "test.quotes"] == []


def lint_together(rules, text: str) -> dict[str, list[int]]:
    """Lines each rule flags when all of them run on one document, in this order."""
    (document,) = read_bytes("example.txt", text.encode("utf-8"))
    lines: dict[str, list[int]] = {r.id: [] for r in rules}
    for finding in lint_document(document, rules):
        lines[finding.rule].append(finding.line)
    return lines


def named_rule(rule_id: str, mode: str, **options):
    data = {
        "kind": "quotes",
        "mode": mode,
        "message": "m {speaker}",
        "summary": "s",
        "severity": "warning",
        "scope": "all",
        **options,
    }
    return build_rule(rule_id, data, "test.yaml")


def test_rules_with_different_parameters_on_one_document_get_their_own_answers():
    # The rules share one analysis of each paragraph; its memo must keep them apart.
    text = 'Talks\n\nThe talks began.\n\n"We will win the vote on Monday," she quipped.\n\nThe vote was close.'
    base = {"min-words": 3}
    rules = [
        named_rule("a.said", "unattributed", **{**base, "cue-verbs": ["said"]}),
        named_rule("b.quipped", "unattributed", **{**base, "cue-verbs": ["said", "quipped"]}),
        named_rule("c.said-again", "unattributed", **{**base, "cue-verbs": ["said"]}),
        named_rule("d.no-pronouns", "unattributed", **{**base, "cue-verbs": ["said", "quipped"], "pronouns": ["it"]}),
    ]
    for order in (rules, rules[::-1]):
        assert lint_together(order, text) == {"a.said": [5], "b.quipped": [], "c.said-again": [5], "d.no-pronouns": []}


def test_window_is_part_of_the_shared_answer():
    # The cue is in the quote's own sentence, but more than 40 characters after it.
    text = 'Talks\n\n"We will not let the library close while I am here," the mayor of the town, who has led the council for many years, said.'
    near = named_rule("a.near", "unattributed", **{"cue-verbs": ["said"], "min-words": 3, "window": 40})
    far = named_rule("b.far", "unattributed", **{"cue-verbs": ["said"], "min-words": 3, "window": 1000})
    assert lint_together([near, far], text) == {"a.near": [3], "b.far": []}
    assert lint_together([far, near], text) == {"a.near": [3], "b.far": []}


def test_conflicting_and_self_named_share_answers_and_stay_right():
    text = 'Row\n\nPresident Ann Lee spoke.\n\n"Nobody trusts Lee to keep the library open," said Ann Lee.\n\n"Nobody trusts Lee to keep the library open," said Tom Park.'
    cues = {"cue-verbs": ["said"]}
    rules = [
        named_rule("a.conflict", "conflicting-speakers", **cues, **{"min-words": 4}),
        named_rule("b.self", "self-named", **cues, **{"person-titles": TITLES}),
    ]
    assert lint_together(rules, text) == {"a.conflict": [7], "b.self": [5]}
    assert lint_together(rules[::-1], text) == {"a.conflict": [7], "b.self": [5]}


# --- the fast scans give exactly what the plain `regex` scans give ----------------------------

FUZZ = list("ab.!?…'\"”’»)]( \n\tXY1ſKİı") + [
    " said ",
    " Said ",
    "SAYS",
    "according to",
    "according  to",
    "went on",
    "ſaid",
    "\u00a0",
    "\x1c",
    "Mr. ",
]


def fuzz_texts(count: int) -> list[str]:
    rng = random.Random(7)
    return ["".join(rng.choice(FUZZ) for _ in range(rng.randint(1, 40))) for _ in range(count)]


def windows(text: str):
    for lo in range(0, len(text) + 1, 3):
        for hi in range(lo, len(text) + 1, 5):
            yield lo, hi


def test_sentence_breaks_are_those_of_finditer():
    for text in fuzz_texts(150):
        for lo, hi in windows(text):
            assert list(quoting._sentence_breaks(text, lo, hi)) == [
                m.span() for m in SENTENCE_BREAK.finditer(text, lo, hi)
            ], (text, lo, hi)


def test_phrase_finder_gives_the_matches_of_finditer():
    patterns = [
        phrase_regex(["said", "say", "says", "went on", "went", "according to", "k", "I", "i", "s"], "cue-verbs"),
        phrase_regex(["said", "Say", "to"], "cue-verbs", ignore_case=False),
    ]
    for cue in patterns:
        finder = base.PhraseFinder.of(cue)
        assert finder is not None
        for text in fuzz_texts(150):
            for lo, hi in windows(text):
                expected = [m.span() for m in cue.finditer(text, lo, hi)]
                assert [m.span() for m in finder.finditer(text, lo, hi)] == expected, (text, lo, hi)


def test_fold_to_ascii_agrees_with_the_table_wherever_it_matters():
    """Same length, and the same character wherever either side is ASCII, over every code point."""
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)
    chunks = [everything[i : i + 500] for i in range(0, len(everything), 500)]
    chunks += ["Straße İstanbul ſaid Kelvin", "ıi Iİ", "plain ASCII Text", "“Quoted” — text"]
    for chunk in chunks:
        fast, table = base.fold_to_ascii(chunk), chunk.translate(base.FOLD_TO_ASCII)
        assert len(fast) == len(table)
        assert all(a == b for a, b in zip(fast, table, strict=True) if a.isascii() or b.isascii()), chunk


def test_ascii_word_chars_keeps_places_and_only_ascii_word_characters():
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)
    for chunk in [everything[i : i + 500] for i in range(0, len(everything), 500)] + [
        "Said İstanbul ſaid KELVIN 42, x-y"
    ]:
        blanked = base.ascii_word_chars(chunk)
        assert len(blanked) == len(chunk)
        assert set(blanked) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
        folded = chunk.translate(base.FOLD_TO_ASCII)
        assert all(b == (f if f.isascii() and f.isalnum() else " ") for b, f in zip(blanked, folded, strict=True)), (
            chunk
        )


def test_phrase_finder_only_takes_patterns_it_can_stand_for():
    assert base.PhraseFinder.of(phrase_regex(["said", "told"], "cue-verbs")) is not None
    assert base.PhraseFinder.of(phrase_regex(["said", "déclaré"], "cue-verbs")) is None  # not ASCII
    assert base.PhraseFinder.of(regex.compile(r"\bsaid\b")) is None
    full_case = regex.compile(base.PHRASE_SOURCE, regex.V1 | regex.IGNORECASE, phrases=["said"])
    assert base.PhraseFinder.of(full_case) is None


def test_ascii_case_twins_are_all_that_ignorecase_matches_to_ascii():
    others = "".join(chr(i) for i in range(0x80, 0x110000) if not 0xD800 <= i <= 0xDFFF)
    twins: dict[str, set[str]] = {}
    for code in range(0x80):
        for m in regex.compile(r"\L<l>", regex.V0 | regex.IGNORECASE, l=[chr(code)]).finditer(others):
            twins.setdefault(m.group(), set()).add(chr(code).lower())
    assert twins == {ch: {ascii} for ch, ascii in base._ASCII_CASE_TWINS.items()}


def test_break_candidates_see_every_space_the_regex_module_sees():
    # _BREAK_CANDIDATE (standard library) must find a break wherever SENTENCE_BREAK can start one.
    chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)
    spaces = set(regex.findall(r"\s", chars))
    assert spaces <= set(re.findall(r"\s", chars))


def test_not_speech_search_from_its_reach_finds_what_the_whole_window_finds():
    kind = named_rule(
        "a.quotes",
        "unattributed",
        **{"cue-verbs": ["said"], "not-speech": ["dubbed", "so-called", "the words", "ſo", "known as"]},
    ).kind
    alphabet = list("ab \n.,'\"“-") + [
        "dubbed",
        "DUBBED",
        "ſo-called",
        "So-Called",
        "the  words",
        "the words",
        "known as",
        "xknown as",
    ]
    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        for end in range(len(text) + 1):
            whole = kind._not_speech.search(text, max(0, end - 40), end)
            near = kind._not_speech.search(text, max(0, end - 40, end - kind._not_speech_reach), end)
            assert (whole is None) == (near is None), (text, end)


def test_is_attributed_agrees_with_attribute():
    who = attributor(["said", "told", "according to", "went on"])
    alphabet = list("ab .!?\n“”\"':,") + [
        " said ",
        " Said ",
        "Mr Lee",
        " he ",
        "told",
        "According to",
        "went on",
        "Ann Lee: ",
    ]
    rng = random.Random(11)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        quotes = find_quotes(text)
        top = [q for q in quotes if q.depth == 0]
        for q in top:
            assert who.is_attributed(text, q, top) == (who.attribute(text, q, top) is not None), (text, q)


def test_person_finder_gives_the_matches_of_the_title_pattern():
    kind = named_rule(
        "a.self",
        "self-named",
        **{"cue-verbs": ["said"], "person-titles": ["Mr", "Vice President", "President", "chief executive", "Sir"]},
    ).kind
    assert kind._person_finder is not None
    alphabet = list("ab .\n'-") + [
        "Mr",
        "mr.",
        "MR ",
        "Mr. ",
        "Vice President ",
        "vice  President",
        "President",
        "ſir ",
        "SIR",
        "Chief Executive ",
        "chief executive",
        "Ann",
        "Lee",
        "de ",
        "K",
        "Bank of America",
        "xMr ",
    ]
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        expected = [(m.span(), m.group("name")) for m in kind._person.finditer(text)]
        assert [(m.span(), m.group("name")) for m in kind._person_finder.finditer(text, 0, len(text))] == expected, text


def test_person_titles_outside_ascii_are_searched_by_the_pattern():
    kind = named_rule("a.self", "self-named", **{"cue-verbs": ["said"], "person-titles": ["Mr", "Präsident"]}).kind
    assert kind._person_finder is None
