"""Tests of the quote finder, cue and speaker detection, and each mode of the `quotes` kind."""

from __future__ import annotations

import pytest

from kindutil import quotes_rule as rule
from newslint.kinds.base import phrase_regex
from newslint.kinds.quoting import Attributor, find_quotes, quoted_spans, surname
from newslint.rule import RuleError, build_rule
from newslint.ruleset import BUILTIN_RULES, load_rules
from newslint.testing import lint_with

CUES = ["said", "says", "told", "asked", "added", "according to", "insisted"]
TITLES = ["Mr", "Mrs", "Ms", "President", "Mayor"]


def texts(text: str) -> list[str]:
    return [q.text for q in find_quotes(text)]


def positions(r, text: str) -> list[str]:
    return [f"{f.line}:{f.column}" for f in lint_with(r, text) if f.rule == "test.quotes"]


# --- finding quotes --------------------------------------------------------------------------


def test_straight_double_quotes():
    assert texts('"We will win," he said. "Soon."') == ["We will win,", "Soon."]


def test_curly_double_quotes_and_their_span():
    text = "He said “we will win” today."
    (quote,) = find_quotes(text)
    assert (quote.start, quote.end) == (8, 21)
    assert text[quote.inner_start : quote.inner_end] == "we will win"
    assert quote.closed and quote.depth == 0


def test_single_quotes_versus_apostrophes():
    assert texts("He said 'we won't go back' today") == ["we won't go back"]
    assert texts("The players' union and Kyiv's mayor met") == []
    assert texts("rock 'n' roll") == []  # a one-word single-quoted span is not a quotation
    assert texts("‘We can’t stay,’ she said.") == ["We can’t stay,"]


def test_guillemets_and_german_quotes():
    assert texts("«Bonjour mon ami», dit-il.") == ["Bonjour mon ami"]
    assert texts("„Guten Tag“, sagte er.") == ["Guten Tag"]
    assert texts("»Guten Tag«, sagte er.") == ["Guten Tag"]


def test_nested_quotes_come_after_their_outer_quote():
    quotes = find_quotes("“He told me ‘never again’ and left,” she said.")
    assert [(q.text, q.depth) for q in quotes] == [("He told me ‘never again’ and left,", 0), ("never again", 1)]
    assert quoted_spans("“He told me ‘never again’ and left,” she said.") == [(0, 36)]


def test_multi_sentence_quote_is_one_quote():
    assert texts('"We tried. It failed. We will try again," she said.') == ["We tried. It failed. We will try again,"]


def test_unclosed_quote_runs_to_the_end_of_the_text():
    (quote,) = find_quotes('She said: "We will keep going until')
    assert quote.text == "We will keep going until" and not quote.closed


def test_run_together_paragraphs_of_one_quote():
    quotes = find_quotes('"Government plays a role online. "But it should do more," said Mr Davies.')
    assert [q.text for q in quotes] == ["Government plays a role online.", "But it should do more,"]
    assert [q.closed for q in quotes] == [False, True]


def test_inch_marks_stray_spaces_and_doubled_marks():
    assert texts('A 5" screen and "a real quote" here') == ["a real quote"]
    assert texts('"It is bad for savers, " said Mr Silva. "Very bad."') == ["It is bad for savers, ", "Very bad."]
    assert texts('pay an ""unfair and inadequate" sum') == ["unfair and inadequate"]


@pytest.mark.parametrize(
    "text",
    ["\"He said 'no way out of this' today,\" she said.", '\'a "b" c d\' "e\'s f" 5" \'g', "don't \"\"x\" y ' z'"],
)
def test_ascii_texts_find_the_marks_as_other_texts_do(text):
    # ASCII text looks for its two marks with str.find; a non-ASCII letter at the end
    # sends the same text through the regex scan.
    assert find_quotes(text) == tuple(q for q in find_quotes(text + " \u00e9") if q.end <= len(text))


def test_empty_quotes_are_ignored():
    assert texts('He said "" and left') == []


# --- cue verbs and speakers ------------------------------------------------------------------


def attribute(text: str):
    attributor = Attributor(phrase_regex(CUES, "cue-verbs"), frozenset({"he", "she", "they", "it", "we"}), 250)
    quotes = find_quotes(text)
    return attributor.attribute(text, quotes[0], [q for q in quotes if q.depth == 0])


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"We will win," said Mr Alan Smith.', "Mr Alan Smith"),
        ('"Why negotiate with terrorists?" Putin asked, in comments to reporters.', "Putin"),
        ('"We will win," he said.', "he"),
        ('Robert Sinche, head of strategy at the bank, said: "The dollar will rise."', "Robert Sinche"),
        ('The Kremlin also said on Monday: "Talks are possible."', "Kremlin"),
        ('"We will win," according to Ann Lee.', "Ann Lee"),
        ('As Gavin Cox put it: "It will be tough to build one."', "Gavin Cox"),
        ('Mr Park said the deal was unbalanced. "It gives away far too much."', "Mr Park"),
    ],
)
def test_speaker_detection(text, speaker):
    found = attribute(text)
    assert found is not None and found.speaker == speaker


def test_pronoun_speakers_have_no_key_and_names_do():
    assert attribute('"We will win," he said.').key is None
    assert attribute('"We will win," said Mr Alan Smith.').key == "Smith"
    assert surname("President Vladimir Putin's") == "Putin"


def test_a_sentence_stop_ends_a_name():
    found = attribute('"Japan has problems," says Mr Wood. In Japan, as in Europe, growth is slow.')
    assert found.speaker == "Mr Wood" and found.key == "Wood"


def test_no_cue_means_no_attribution():
    assert attribute('The minister doubted the talks. "They propose a truce, but we know better."') is None


def test_cue_inside_another_quote_does_not_attribute():
    assert attribute('"We will never sign it." "They said no to everything."') is None


# --- modes ------------------------------------------------------------------------------------


def test_unattributed_flags_a_quote_with_no_cue_and_allows_continuation():
    r = rule("unattributed", **{"cue-verbs": CUES, "min-words": 4, "scope": "paragraphs"})
    text = 'Talks stall\n\nThe talks began.\n\n"Nobody believes the offer is serious."\n\nThe vote was close.'
    assert positions(r, text) == ["5:1"]
    continued = 'Talks stall\n\n"We will not sign this deal," said Mr Park.\n\n"It gives away far too much."\n\n"We will keep talking though."'
    assert positions(r, continued) == []


def test_unattributed_looks_for_the_next_sentence_inside_the_quotes_paragraph_only():
    r = rule("unattributed", **{"cue-verbs": CUES, "min-words": 4, "scope": "paragraphs"})
    alone = 'Talks\n\nThe talks began.\n\n"Nobody believes the offer is serious."\n\nMr Park said the vote was close.'
    assert positions(r, alone) == ["5:1"]
    same_paragraph = 'Talks\n\nThe talks began.\n\n"Nobody believes the offer is serious." Mr Park said so twice.'
    assert positions(r, same_paragraph) == []
    points_back = 'Talks\n\nThe talks began.\n\n"Nobody believes the offer is serious."\n\nThat is what Mr Park said.'
    assert positions(r, points_back) == []


def test_unattributed_chain_ends_at_a_paragraph_without_quotes():
    r = rule("unattributed", **{"cue-verbs": CUES, "min-words": 4, "scope": "paragraphs"})
    text = 'Talks\n\n"We will not sign this deal," said Mr Park.\n\nThe talks ended.\n\nMarkets fell.\n\n"Nobody believes the offer is serious."'
    assert positions(r, text) == ["9:1"]


def test_unattributed_skips_partial_quotes_when_asked():
    text = 'Talks\n\nThis year the report calls for "a new approach to trade talks with partners".'
    assert positions(rule("unattributed", **{"cue-verbs": ["said"], "min-words": 4}), text) == ["3:32"]
    assert (
        positions(rule("unattributed", **{"cue-verbs": ["said"], "min-words": 4, "partial-quotes": False}), text) == []
    )


def test_unattributed_not_speech_words():
    text = 'Film\n\nBy fans the campaign was dubbed "Keep the lights on for everyone".'
    assert positions(rule("unattributed", **{"cue-verbs": ["said"], "min-words": 4}), text) == ["3:33"]
    assert (
        positions(rule("unattributed", **{"cue-verbs": ["said"], "min-words": 4, "not-speech": ["dubbed"]}), text) == []
    )


def test_unattributed_leaves_a_quote_the_writers_sentence_goes_on_from():
    r = rule("unattributed", **{"cue-verbs": ["said"], "min-words": 4})
    assert positions(r, 'Apps\n\n"If it is not broke, do not fix it" does not work for mobile apps.') == []
    assert positions(r, 'Apps\n\n"What does a product manager do all day?" is a question I hear a lot.') == []
    assert positions(r, 'Apps\n\nThe app was late. "If it is not broke, do not fix it." The team moved on.') == ["3:19"]


@pytest.mark.parametrize(
    "text",
    [
        "Wisdom\n\n“Know your enemy and know yourself and you need not fear a hundred battles.” ― Sun Tzu",
        "Wisdom\n\n“Peace comes from within. Do not seek it without.” – The Buddha",
        "Wisdom\n\n“Peace comes from within. Do not seek it without.”\n\n— Siddhartha Gautama, teacher",
        "Wisdom\n\nTo quote Alan Turing, “Sometimes it is the people no one imagines anything of who do great things.”",
        "Interview\n\nRyan: The way we put it is, “Build the thing people need and nothing else at all.”",
        "Interview\n\n“We listen to our users and we will keep on listening,” affirmed the programme manager.",
    ],
)
def test_unattributed_knows_the_attribution_conventions_of_edited_prose(text):
    (builtin,) = [r for r in load_rules([BUILTIN_RULES])[0] if r.id == "attribution.unattributed-quote"]
    assert positions(builtin, text) == []


def test_bare_headline():
    r = rule("bare-headline", scope="headline")
    assert positions(r, '"Is it possible to talk to them?"\n\nThe president spoke.') == ["1:1"]
    assert positions(r, 'Putin: "Is it possible to talk to them?"\n\nThe president spoke.') == []
    assert positions(r, 'Talks stall\n\n"Is it possible to talk to them?"') == []


def test_self_named_headline_uses_the_lede_person():
    r = rule("self-named", **{"cue-verbs": CUES, "person-titles": TITLES})
    text = '"Why talk to officials backed by Putin?"\n\nPresident Vladimir Putin doubted the talks.\n\nPutin said the offer came late.'
    findings = lint_with(r, text)
    assert [(f.line, f.column) for f in findings] == [(1, 1)]
    assert findings[0].message == "m Putin"


def test_self_named_body_quote_and_organisations():
    r = rule("self-named", **{"cue-verbs": CUES, "person-titles": TITLES})
    assert positions(r, 'Talks\n\nMs Lee spoke.\n\n"Nobody doubts that Lee keeps her word," said Ann Lee.') == ["5:1"]
    assert positions(r, 'Acme\n\nAcme said profits rose.\n\n"Acme has had a record year," Acme said.') == []


def test_truncated_dangling_word_and_any_ellipsis():
    r = rule("truncated", **{"dangling-words": ["but", "and"]})
    findings = lint_with(r, 'Talks\n\n"They propose a truce, but..." and "I just don\'t know…"')
    assert [(f.line, f.column) for f in findings] == [(3, 1)]
    assert len(lint_with(rule("truncated", **{"any-ellipsis": True}), 'Talks\n\n"I just don\'t know…" she said.')) == 1


def test_conflicting_speakers():
    r = rule(
        "conflicting-speakers",
        **{"cue-verbs": CUES, "min-words": 4, "message": "{speaker} vs {other_speaker} on {other_line}"},
    )
    text = (
        'Row\n\n"We will not close the library," said Mayor Ann Lee.\n\n"We will not close the library," said Tom Park.'
    )
    findings = lint_with(r, text)
    assert [(f.line, f.column) for f in findings] == [(5, 1)]
    assert findings[0].message == "Tom Park vs Mayor Ann Lee on 3"
    same = 'Row\n\n"We will not close the library," said Mayor Ann Lee.\n\n"We will not close the library," Lee said.'
    assert lint_with(r, same) == []


def test_conflicting_speakers_names_the_line_of_the_earlier_quote_after_a_long_paragraph():
    """{other_line} is where the earlier quote is, whatever paragraphs come before it."""
    r = rule("conflicting-speakers", **{"cue-verbs": CUES, "min-words": 4, "message": "{other_line}"})
    long = "The council met on Tuesday to discuss the budget. " * 6
    text = f'Row\n\n{long}\n\n"We will not close the library," said Mayor Ann Lee.\n\n"We will not close the library," said Tom Park.'
    (finding,) = lint_with(r, text)
    assert (finding.line, finding.message) == (7, "5")


def test_conflicting_speakers_pairs_a_quote_held_in_a_longer_one_and_skips_the_rest():
    r = rule("conflicting-speakers", **{"cue-verbs": CUES, "min-words": 4, "message": "{speaker} vs {other_speaker}"})
    text = (
        'Row\n\n"The budget is fine," said Ann Lee.\n\n"We will not close the library," said Mayor Ann Lee.'
        '\n\n"We will not close the library this year or next," said Tom Park.\n\n"Rates will rise," said Tom Park.'
    )
    findings = lint_with(r, text)
    assert [(f.line, f.message) for f in findings] == [(7, "Tom Park vs Mayor Ann Lee")]


def test_self_named_skips_quotes_without_a_titled_surname_but_not_one_that_has_it():
    r = rule("self-named", **{"cue-verbs": CUES, "person-titles": TITLES})
    text = 'Talks\n\nMr Bo Lee spoke.\n\n"We will win," said Bo Lee.\n\n"Vote for Lee\'s plan," said Bo Lee.'
    assert positions(r, text) == ["7:1"]
    # Lee is nobody's surname with a title here, so no quote is his own.
    assert positions(r, text.replace("Mr Bo Lee", "Bo Lee")) == []


@pytest.mark.parametrize(
    "texts",
    [
        ["Mr Lee and MR. Kim met President Ann Park, then the Prime Minister Bo."],
        ["making Lee and report Kim: no titles", '(Mr Lee) met "Mrs Kim" and Mayor\u00a0Bo'],
        ["5Mr Foo, _Mr Bar and xMr Baz", "\u212aing Olaf and \u017fir Tom, \u0130 Mr \u00c9mile"],
        ["The talks stalled, said the Vice", "President Lee of the club"],
        ["", "Mr", "Mr Lee", "President", "Mr Mrs Lee"],
        # What follows a title decides whether the pattern is tried there at all.
        [
            "the mayor said, Mr. lee, Mr.Lee, Mr 5 Lee, Mr\tLee, Mr\x1cLee, Mr . Lee, Mr..Lee",
            "Mayor \u0130lkay, Mayor \u00e9va, Mr\u2009Lee, Mr, Lee",
        ],
        ["King", "Mr ", "Lee Mr\n", "Mr\n\nLee and sir\u212ay"],
    ],
)
def test_the_fast_title_scan_finds_what_the_person_pattern_finds(texts):
    from newslint.kinds.quotes import QuotesKind

    kind = QuotesKind(
        mode="self-named", cue_verbs=tuple(CUES), person_titles=tuple(TITLES + ["Prime Minister", "King", "Sir"])
    )
    fast = [(m.start(), m.group()) for m in kind._title_starts.finditer(kind._person, texts)]
    slow = [(m.start(), m.group()) for text in texts for m in kind._person_finder.finditer(text, 0, len(text))]
    assert fast == slow


@pytest.mark.parametrize(
    "text", ["", "Lee", "Lees Lee", "Lee-Lee", "LeeLee Lee", "\u00e9Lee Lee\u00e9 (Lee)", "aaa aa", "Lee\u2019s"]
)
@pytest.mark.parametrize("key", ["Lee", "aa", "Lee\u2019"])
def test_whole_word_count_is_what_the_regex_finds(text, key):
    import regex

    from newslint.kinds.persons import _whole_words

    assert _whole_words(text, key) == len(regex.findall(rf"(?<![\p{{L}}]){regex.escape(key)}(?![\p{{L}}])", text))


def test_unattributed_scare_quotes_still_start_a_turn_when_speech_follows():
    r = rule("unattributed", **{"cue-verbs": CUES, "min-words": 4, "scope": "paragraphs"})
    # The short quote is attributed, so the speech after it continues the same turn.
    attributed = 'Talks\n\n"Never," said Mr Park.\n\n"Nobody believes the offer is serious."'
    assert positions(r, attributed) == []
    # Not attributed: the speech after it is flagged; with a paragraph without quotes
    # between them the short quote's attribution no longer matters.
    assert positions(r, attributed.replace("said", "left")) == ["5:1"]
    assert positions(r, attributed.replace('\n\n"Nobody', '\n\nHe left.\n\n"Nobody')) == ["7:1"]


def test_cue_spans_are_the_spans_of_the_phrase_regex():
    import random

    from newslint.kinds.quoting import CueSpans

    rnd = random.Random(5)
    pieces = [
        "a",
        "b",
        "S",
        "\u017f",
        "K",
        "\u212a",
        "\u0130",
        "\u0131",
        "I",
        "i",
        "'",
        "\u2019",
        "-",
        " ",
        "\u00a0",
        "\n",
        "1",
        "\u00e9",
        "x",
        "_",
    ]
    for _ in range(1500):
        phrases = ["".join(rnd.choice("abcsik'- ") for _ in range(rnd.randint(1, 6))) for _ in range(rnd.randint(1, 5))]
        phrases = [p for p in phrases if p.strip()] or ["said"]
        cue = phrase_regex(phrases, "cue-verbs")
        finder = CueSpans.of(cue)
        parts = [
            rnd.choice(phrases).upper()
            if rnd.random() < 0.3
            else rnd.choice(phrases)
            if rnd.random() < 0.6
            else rnd.choice(pieces)
            for _ in range(rnd.randint(1, 8))
        ]
        text = "".join(parts)
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        assert finder.spans(text, start, end) == [m.span() for m in cue.finditer(text, start, end)], (
            phrases,
            text,
            start,
            end,
        )


def test_cue_spans_fold_as_a_named_list_does():
    from newslint.kinds.quoting import CueSpans

    # A case-insensitive named list takes \u017f for s, the Kelvin sign for k and \u0130 for i,
    # but not the dotless \u0131 (which a case-insensitive literal i matches).
    cue = phrase_regex(["said", "kit", "say", "saying"], "cue-verbs")
    text = "\u017fAID \u212ait sa\u0130d sa\u0131d sayings, saying"
    assert (
        CueSpans.of(cue).spans(text, 0, len(text))
        == [m.span() for m in cue.finditer(text)]
        == [(0, 4), (5, 8), (9, 13), (28, 34)]
    )
    assert CueSpans.of(phrase_regex(["said"], "cue-verbs", ignore_case=False)) is None


def test_pattern_outside_quotes_uses_the_quote_finder():
    data = {
        "kind": "pattern",
        "message": "m",
        "summary": "s",
        "phrases": ["some say"],
        "ignore-case": True,
        "outside-quotes": True,
    }
    r = build_rule("test.pattern", data, "test.yaml")
    assert lint_with(r, "Tax\n\n“Some say it will fail,” she said.") == []
    assert len(lint_with(r, "Tax\n\nSome say it will fail.")) == 1


# --- parameters are checked when the rule loads ----------------------------------------------


@pytest.mark.parametrize(
    "options, key",
    [
        ({"mode": "sideways"}, "mode"),
        ({"mode": "unattributed"}, "cue-verbs"),
        ({"mode": "unattributed", "cue-verbs": ["said", " "]}, "cue-verbs[1]"),
        ({"mode": "unattributed", "cue-verbs": ["said"], "window": 0}, "window"),
        ({"mode": "unattributed", "cue-verbs": ["said"], "min-words": "six"}, "min-words"),
        ({"mode": "self-named", "cue-verbs": ["said"]}, "person-titles"),
        ({"mode": "truncated"}, "dangling-words"),
        ({"mode": "truncated", "dangling-words": ["but"], "lede-blocks": -1}, "lede-blocks"),
        ({"mode": "bare-headline", "speakers": ["x"]}, "speakers"),
        ({"mode": "unattributed", "cue-verbs": "said"}, "cue-verbs"),
    ],
)
def test_invalid_parameters_name_the_key(options, key):
    data = {"kind": "quotes", "message": "m", "summary": "s", **options}
    with pytest.raises(RuleError) as info:
        build_rule("test.quotes", data, "test.yaml")
    assert info.value.key == key
    assert "test.yaml" in str(info.value)
