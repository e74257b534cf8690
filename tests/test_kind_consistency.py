"""Unit tests for the `consistency` kind."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindutil import make_rule, run, spans
from newslint.document import Document
from newslint.engine import Triggered
from newslint.kinds.base import FOLD_TO_ASCII
from newslint.kinds.consistency import ConsistencyKind, casing_hits, first_words
from newslint.prefilter import TriggerIndex
from newslint.readers import ReadProblem, read_bytes
from newslint.rule import RuleError


def test_first_spelling_wins_and_each_later_variant_is_flagged_once():
    rule = make_rule("consistency", groups=[["Kyiv", "Kiev"]], scope="all", message="{match} after {first}{later}")
    findings = run(rule, "Kiev talks\n\nIn Kyiv, officials met. Kiev said no.\n\nKyiv agreed. So did Kyiv.")
    assert spans(findings) == [(3, 4, "Kyiv")]
    assert findings[0].suggestion == "Kiev"
    assert findings[0].message == "Kyiv after Kiev; again on line 5"


def test_single_spelling_is_clean():
    rule = make_rule("consistency", groups=[["Gaddafi", "Qaddafi"]])
    assert run(rule, "Head\n\nGaddafi ruled. Gaddafi fell.") == []


def test_casing_with_following_name():
    rule = make_rule("consistency", casing=[r"russian president"], followed_by=r"\s+\p{Lu}")
    text = "Head\n\nRussian President Putin spoke. The russian president, he said. Russian president Putin left."
    assert [f.match for f in run(rule, text)] == ["Russian president"]


def test_one_spelling_group_is_an_error():
    with pytest.raises(RuleError, match=r"groups\[0\]"):
        make_rule("consistency", groups=[["Kyiv"]])


# The gates (a document-wide spelling search, a per-block word check for casing) must never
# skip a hit: compare with scanning every block. "İ", the long "ſ" and the Kelvin sign "K"
# match "i", "s" and "k" case-insensitively, so text holding them must not be judged by its
# ASCII lower case.
TITLE_LISTS = {
    "titles": ("president", "prime minister", "king"),
    "modifiers": ("russian", "u.s.", "us"),
    "compound": ("prime minister",),
}
TITLE_PHRASES = st.tuples(
    st.sampled_from(["Russian", "russian", "RUSSİAN", "U.S.", "us", "xus", "Uſ", "éus", ""]),
    st.sampled_from([" ", "\u00a0", "  ", "\n", "-"]),
    st.sampled_from(
        [
            "President",
            "president",
            "PRESİDENT",
            "Prime Minister",
            "prime minister",
            "prime\u00a0minister",
            "\u212aing",
            "King",
            "making",
        ]
    ),
    st.sampled_from([" Putin", " putin", "", "“", "’s"]),
).map("".join)
TITLE_TEXTS = st.lists(st.one_of(TITLE_PHRASES, st.sampled_from(["x", "“", "é", ". ", " ", "\n\n"])), max_size=12).map(
    " ".join
)
SPELLINGS = [
    ["Kyiv", "Kiev"],
    ["Zelensky", "Zelenskyy"],
    ["al Qaeda", "Al Qaeda", "al-Qaeda"],
    ["Xi Jinping", "Jinping Xi"],
]
SPELLING_PIECES = [v for group in SPELLINGS for v in group] + [
    "Kyivan",
    "Kie",
    " ",
    "\n\n",
    "x",
    "’s",
    "Al",
    "Qaeda",
    "Xi",
]


def document(text: str) -> Document:
    """The one document the plain-text reader makes of `text`."""
    (doc,) = [d for d in read_bytes("a.txt", text.encode("utf-8")) if not isinstance(d, ReadProblem)]
    return doc


def described(hits) -> list[tuple]:
    """Comparable facts of hits."""
    # "later" is worked out from the hits' own positions (check() names their lines).
    return [
        (h.block.text, h.start, h.end, {k: v for k, v in h.values.items() if k != "later"}, h.suggestion) for h in hits
    ]


@settings(max_examples=300, deadline=None)
@given(TITLE_TEXTS)
def test_casing_gate_never_skips_a_hit(body):
    doc = document("Head\n\n" + body)
    blocks = doc.blocks_in("all")
    for pattern in [r"\L<modifiers>\s+\L<titles>|\L<compound>", r"\L<titles>", r"\L<modifiers> \L<titles>"]:
        kind = ConsistencyKind(casing=(pattern,), followed_by=r"\s+\p{Lu}", lists=TITLE_LISTS)
        assert kind._casing[0][1], "the pattern is one whose starts are proposed"
        slow = casing_hits(kind._casing[0][0], blocks)
        assert described(kind.check(doc, blocks)) == described(slow)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SPELLING_PIECES), max_size=30).map("".join))
def test_spelling_gate_never_skips_a_hit(body):
    doc = document("Head\n\n" + body)
    blocks = doc.blocks_in("all")
    kind = ConsistencyKind(groups=tuple(tuple(g) for g in SPELLINGS))
    assert described(kind.check(doc, blocks)) == described(kind.spelling_hits(blocks))


@settings(max_examples=300, deadline=None)
@given(st.one_of(TITLE_TEXTS, st.lists(st.sampled_from(SPELLING_PIECES), max_size=30).map("".join)))
def test_trigger_skips_only_blocks_without_hits(body):
    # The engine hands a block-local kind only the blocks its trigger allows.
    doc = document("Head\n\n" + body)
    blocks = doc.blocks_in("all")
    pattern = r"\L<modifiers>\s+\L<titles>|\L<compound>"
    kind = ConsistencyKind(
        groups=tuple(tuple(g) for g in SPELLINGS), casing=(pattern,), followed_by=r"\s+\p{Lu}", lists=TITLE_LISTS
    )
    assert kind.block_local() and kind.trigger() is not None
    index = TriggerIndex([kind.trigger()])
    allowed = [b for b in blocks if index.satisfied(b.text)]
    assert described(kind.check(doc, allowed)) == described(kind.check(doc, blocks))


@settings(max_examples=300, deadline=None)
@given(TITLE_TEXTS)
def test_proposed_starts_are_every_word_start(body):
    # The reference: a first word with no ASCII letter or digit of the folded text before or
    # after it (the scan blanks every other character, so "prime\u00a0minister" is proposed too).
    kind = ConsistencyKind(casing=(r"\L<modifiers>\s+\L<titles>|\L<compound>",), lists=TITLE_LISTS)
    folded = " " + body.translate(FOLD_TO_ASCII) + " "
    alone = [
        (p, w)
        for p in range(len(body))
        for w in kind._first
        if folded.startswith(w, p + 1) and not re.match("[a-z0-9]", folded[p + 1 + len(w)])
    ]
    expected = [p for p, _ in alone if not re.match("[a-z0-9]", folded[p])]
    proposed = kind._proposed(body)
    assert proposed == sorted(set(proposed)) and set(expected) <= set(proposed)  # more is allowed


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SPELLING_PIECES + ["KYIV", "kiev", "ZELENSKY"]), max_size=30).map("".join))
def test_noted_literals_skip_only_documents_spelling_each_group_one_way(body):
    # Handed the engine's scan, most documents are never scanned again.
    doc = document("Head\n\n" + body)
    kind = ConsistencyKind(groups=tuple(tuple(g) for g in SPELLINGS))
    found = Triggered.scan(TriggerIndex([kind.trigger()], extra=kind.noted_literals()), doc).found
    blocks = doc.blocks_in("all")
    assert kind._noted(found, blocks) is not None
    assert described(kind.check(doc, blocks, found)) == described(kind.spelling_hits(blocks))


def test_casing_gate_keeps_letters_that_fold_to_ascii():
    # Lowered, "PRESİDENT" is not "president" nor "\u212aing" "king", yet the pattern matches both.
    kind = ConsistencyKind(casing=(r"\L<modifiers>\s+\L<titles>",), followed_by=r"\s+\p{Lu}", lists=TITLE_LISTS)
    for first, variant in [("Russian PRESİDENT", "Russian PResİdent"), ("Russian King", "Russian \u212aing")]:
        doc = document(f"Head\n\n{first} Putin spoke.\n\n{variant} Putin left.")
        assert [doc.blocks[2].text[h.start : h.end] for h in kind.check(doc, doc.blocks)] == [variant]


def test_casing_gate_admits_words_of_several_runs():
    kind = ConsistencyKind(
        casing=(r"\L<modifiers>\s+\L<titles>|\L<compound>",), followed_by=r"\s+\p{Lu}", lists=TITLE_LISTS
    )
    for first, variant in [("Prime Minister", "prime minister"), ("U.S. President", "U.S. president")]:
        doc = document(f"Head\n\nThe {first} Putin spoke.\n\nThen {variant} Putin left.")
        assert [doc.blocks[2].text[h.start : h.end] for h in kind.check(doc, doc.blocks)] == [variant]


def test_overlapping_spellings_are_all_found():
    # "Jinping Xi" starts inside "Xi Jinping", which the scan rejects here ("x" before it).
    kind = ConsistencyKind(groups=(("Xi Jinping", "Jinping Xi"),))
    doc = document("Head\n\nXi Jinping spoke.\n\nxXi Jinping Xi spoke.")
    assert [h.values["first"] for h in kind.check(doc, doc.blocks)] == ["Xi Jinping"]


def test_only_whitespace_joined_lists_are_gated():
    lists = {"a": ("x",), "b": ("y",), "accented": ("é",)}
    assert first_words(r"\L<a>\s+\L<b>|\L<a>", lists) == {"x"}
    for pattern in [
        r"\L<a>\s*\L<b>",
        r"\L<a>\L<b>",
        r"(?:\L<a>)",
        r"\L<a>|y",
        r"former \L<a>",
        r"\L<a>\|\L<b>",
        r"\L<accented>",
    ]:
        assert first_words(pattern, lists) is None, pattern


def test_a_closing_look_behind_leaves_the_lists_gated():
    lists = {"a": ("x",), "b": ("y",)}
    # What stands before a match is checked after the word: the match still starts at a list word.
    assert first_words(r"\L<a>(?<=(?:^|[,\(]\s*|the\s+)\L<a>)", lists) == {"x"}
    assert first_words(r"\L<a>(?<!y\s\L<a>)", lists) == {"x"}
    # An unescaped bracket in a class makes the last group uncertain: scanned whole.
    assert first_words(r"\L<a>(?<=(?:^|[,(]\s*)\L<a>)", lists) is None
    assert first_words(r"\L<a>(?=\s)", lists) is None  # a look-ahead is not passed over


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.text("ab.", max_size=3), min_size=2, max_size=3), min_size=1, max_size=3),
    st.text("ab. \n", max_size=30),
)
def test_spelling_gate_finds_prefixes_and_overlaps(groups, body):
    # Spellings that are prefixes, suffixes and infixes of each other, or empty.
    kind = ConsistencyKind(groups=tuple(tuple(g) for g in groups))
    doc = document("Head\n\n" + body)
    blocks = doc.blocks_in("all")
    assert described(kind.check(doc, blocks)) == described(kind.spelling_hits(blocks))


def test_followed_by_keeps_its_case_under_ignore_case():
    rule = make_rule("consistency", casing=[r"prime minister"], scope="all", **{"followed-by": r"\s+\p{Lu}\p{Ll}"})
    assert (
        run(rule, "Head\n\nPrime Minister Ephraim Inoni vowed to act. Later the prime minister has given instructions.")
        == []
    )


def test_a_capital_at_a_sentence_start_is_not_another_casing():
    rule = make_rule("consistency", casing=[r"chief executive"], scope="all", **{"followed-by": r"\s+\p{Lu}\p{Ll}"})
    assert run(rule, "Head\n\nChief executive Geoff Dixon spoke. Qantas chief executive Geoff Dixon left.") == []
    assert spans(run(rule, "Head\n\nChief Executive Geoff Dixon spoke. Qantas chief executive Geoff Dixon left.")) == [
        (3, 43, "chief executive")
    ]


def test_same_style_compares_different_titles():
    rule = make_rule(
        "consistency",
        scope="all",
        **{"same-style": [r"home secretary|foreign secretary"], "followed-by": r"\s+\p{Lu}\p{Ll}"},
    )
    (found,) = run(rule, "Head\n\nHome Secretary Charles Clarke spoke. Later foreign secretary Jack Straw replied.")
    assert found.match == "foreign secretary" and found.suggestion is None
