"""Unit tests for the `duplicate` kind: exact, headline, teaser and near modes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kindutil import make_rule, reference_normalize, reference_word_count, run, spans
from newslint.document import Document
from newslint.kinds.duplicate import TEASER_END, DuplicateKind, facts, least_shared, teaser_end
from newslint.readers import ReadProblem, read_bytes
from newslint.text import normalize, word_count, words


def test_exact_duplicate_points_at_later_copy_and_names_the_first():
    rule = make_rule("duplicate", mode="exact", min_words=3)
    rule = rule.with_overrides({"message": "repeats {other_line}"}, "<test>")
    findings = run(rule, "Head\n\nOne two three four.\n\nOther text here now.\n\none TWO three four!")
    assert spans(findings) == [(7, 1, "one TWO three four!")]
    assert findings[0].message == "repeats 3"


def test_headline_repeated_in_body():
    rule = make_rule("duplicate", mode="headline", min_words=3)
    assert [f.line for f in run(rule, "Bridge will close soon\n\nText.\n\nBridge will close soon")] == [5]


def test_short_headline_not_compared():
    rule = make_rule("duplicate", mode="headline", min_words=3)
    assert run(rule, "Latest\n\nLatest") == []


def test_teaser_prefix_with_ascii_and_unicode_ellipsis():
    rule = make_rule("duplicate", mode="teaser", min_words=4, scope="all")
    text = "Head\n\nThe council voted to close the...\nThe council voted to close the bridge.\n\nA b c d e…"
    assert [f.line for f in run(rule, text)] == [3]


def test_near_duplicate_paraphrase_but_not_unrelated():
    rule = make_rule("duplicate", mode="near", min_words=6, threshold=0.5, min_jaccard=0.3, scope="paragraphs")
    text = (
        "Head\n\nThe city council voted on Tuesday to close the old river bridge for urgent repairs.\n\n"
        "On Tuesday the city council decided to shut the old river bridge for urgent repairs.\n\n"
        "Commuters will need the ferry, which adds forty minutes to most journeys into town."
    )
    assert [f.line for f in run(rule, text)] == [5]


# The fast paths must give exactly what normalize/word_count/words and a plain pair loop give.
# The alphabet mixes the ASCII path's punctuation with text that must leave it: NFKC splits
# "½" and "ﬁ", case folding turns "ß" into "ss", "K" is the Kelvin sign, "’" joins words.
TRICKY = list("abzAZ019 '-’\n.…“”‘–—£€\u00a0½ßKİﬁé\u0301ς²Ⅻ!?") + ["...", "[…]", "the ", "bridge ", "council "]
tricky_texts = st.lists(st.sampled_from(TRICKY), max_size=30).map("".join)


@given(tricky_texts)
def test_facts_are_normalize_and_word_count(text):
    found = facts(text)
    assert (found.key, found.words) == (normalize(text), word_count(text))
    assert (found.key, found.words) == (reference_normalize(text), reference_word_count(text))
    if found.plain:  # _numeric and the short-block exit read the words off the key
        assert found.key.split() == [w.lower() for w in words(text)]


@given(tricky_texts)
def test_teaser_end_is_the_regex(text):
    fast, slow = teaser_end(text), TEASER_END.search(text)
    assert (fast and fast.span()) == (slow and slow.span())


def reference_near(kind: DuplicateKind, document, blocks):
    """The straightforward `near` algorithm: every pair, from normalize and words."""
    earlier = []
    for block in blocks:
        key = normalize(block.text)
        content = frozenset(w[:6] for w in key.split() if len(w) > 2 and w not in kind._stop)
        tokens = words(block.text)
        numeric = bool(tokens) and sum(any(c.isdigit() for c in t) for t in tokens) / len(tokens) > kind.max_numbers
        if len(content) < kind.min_words or TEASER_END.search(block.text) or numeric:
            continue
        for other, other_content, other_key in earlier:
            if key == other_key or key.startswith(other_key) or other_key.startswith(key):
                continue
            shared = len(content & other_content)
            similarity = shared / min(len(content), len(other_content))
            jaccard = shared / len(content | other_content)
            if similarity >= kind.threshold and jaccard >= kind.min_jaccard:
                yield block, other, f"{similarity:.0%}"
                break
        earlier.append((block, content, key))


VOCABULARY = [
    "council",
    "councils",
    "bridge",
    "closed",
    "repairs",
    "engineers",
    "cracks",
    "the",
    "and",
    "2024",
    "12th",
    "£40",
    "abc½def",
    "abc1",
    "2def",
    "half-term",
    "don’t",
    "Straße",
    "strasse",
    "½",
    "ﬁnal",
    "final",
    "Tuesday…",
    "...",
]
paragraphs = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(paragraphs, min_size=2, max_size=6),
    st.sampled_from([0, 1, 2, 3, 4]),
    st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0]),
    st.sampled_from([0.0, 0.2, 0.3, 0.6]),
    st.sampled_from([0.0, 0.12, 0.5, 1.0]),
)
def test_near_matches_the_straightforward_pair_loop(body, min_words, threshold, min_jaccard, max_numbers):
    kind = DuplicateKind(
        "near",
        min_words=min_words,
        threshold=threshold,
        min_jaccard=min_jaccard,
        max_numbers=max_numbers,
        stopwords=("the", "and"),
    )
    doc = document("Head\n\n" + "\n\n".join(body))
    blocks = doc.blocks_in("paragraphs")
    fast = outcome(lambda: [(h.block, h.values["other_line"], h.values["similarity"]) for h in kind.check(doc, blocks)])
    slow = outcome(
        lambda: [
            (block, str(doc.position(other.field, other.source_start(0))[0]), similarity)
            for block, other, similarity in reference_near(kind, doc, blocks)
        ]
    )
    assert fast == slow


def outcome(run):
    """What `run` returns, or the type of what it raises (min-words 0 can divide by zero)."""
    try:
        return run()
    except ZeroDivisionError as exc:
        return type(exc)


@given(st.integers(1, 300), st.floats(0.0, 1.5) | st.sampled_from([0.1, 0.2, 0.3, 1 / 3, 0.7, 1.0]))
def test_least_shared_is_the_first_count_at_the_bound(size, min_jaccard):
    k = least_shared(size, min_jaccard)
    assert k == size + 1 or k / size >= min_jaccard
    assert all(j / size < min_jaccard for j in range(min(k, size + 1)))


def test_near_pair_at_exactly_the_jaccard_bound_is_a_hit():
    # 3 of 10 content words shared: jaccard is exactly 0.3, as is the size bound that prunes pairs.
    kind = DuplicateKind("near", min_words=3, threshold=0.5, min_jaccard=0.3)
    doc = document("Head\n\nalpha bravo charlie\n\ndelta echo foxtrot golf hotel india juliet alpha bravo charlie")
    assert [h.values["similarity"] for h in kind.check(doc, doc.blocks_in("paragraphs"))] == ["100%"]


def test_near_counts_the_words_nfkc_makes():
    # "abc½def" is one word, but normalize makes it "abc1 2def": two content words.
    kind = DuplicateKind("near", min_words=2, threshold=0.5, min_jaccard=0.3)
    doc = document("Head\n\nabc½def\n\nghi abc1 2def")
    assert [h.values["similarity"] for h in kind.check(doc, doc.blocks_in("paragraphs"))] == ["100%"]


def test_near_with_min_words_0_lets_copies_of_an_empty_content_go():
    # As the plain loop: "ab cd ef" starts with "ab cd" (no content words) and is let go
    # before the similarity divides by the empty set's size.
    kind = DuplicateKind("near", min_words=0)
    doc = document("Head\n\nab cd\n\nab cd ef")
    assert list(kind.check(doc, doc.blocks_in("paragraphs"))) == []


def document(text: str) -> Document:
    """The one document the plain-text reader makes of `text`."""
    (doc,) = [d for d in read_bytes("a.txt", text.encode("utf-8")) if not isinstance(d, ReadProblem)]
    return doc


LEDE = (
    "The council voted on Tuesday to close the old bridge for repairs that could take most of the year, officials said."
)


def test_headline_copies_count_below_the_lede_only_when_asked():
    text = (
        f"Bridge to close for repairs\n\nHome\n\nBridge to close for repairs\n\n{LEDE}\n\nBridge to close for repairs"
    )
    everywhere = make_rule("duplicate", mode="headline", scope="text")
    below = make_rule("duplicate", mode="headline", scope="text", **{"below-lede": True})
    assert [f.line for f in run(everywhere, text)] == [5, 9]
    assert [f.line for f in run(below, text)] == [9]


def test_a_headline_with_a_site_name_matches_its_copy_without_it():
    rule = make_rule("duplicate", mode="headline", scope="text")
    assert [
        f.line
        for f in run(rule, f"Bridge to close for repairs | Portvale Gazette\n\n{LEDE}\n\nBridge to close for repairs")
    ] == [5]
    assert [
        f.line
        for f in run(rule, f"Bridge to close for repairs\n\n{LEDE}\n\nBridge to close for repairs - Portvale Gazette")
    ] == [5]


def test_above_the_lede_only_extra_or_site_named_copies_count():
    below = make_rule("duplicate", mode="headline", scope="text", **{"below-lede": True})
    text = f"Bridge to close for repairs\n\nBridge to close for repairs | Portvale Gazette\n\nHome\n\nBridge to close for repairs\n\n{LEDE}"
    assert [f.line for f in run(below, text)] == [3]
    twice = f"Bridge to close for repairs\n\nBridge to close for repairs\n\nBridge to close for repairs\n\n{LEDE}"
    assert [f.line for f in run(below, twice)] == [3]


def test_of_two_copies_the_one_among_short_lines_is_reported():
    rule = make_rule("duplicate", mode="exact", scope="paragraphs", **{"min-words": 8})
    teaser = "Engineers found cracks in two of its piers during an inspection in March this year."
    text = f"Head\n\nMenu\n\n{teaser}\n\nSport\n\n{LEDE}\n\n{teaser}\n\n{LEDE} Again."
    assert [f.line for f in run(rule, text)] == [5]


def test_a_headline_copy_over_the_story_after_a_notice_is_its_heading():
    notice = "We use cookies to give you the best experience on our website and to show you ads that matter to you."
    below = make_rule("duplicate", mode="headline", scope="text", **{"below-lede": True})
    text = f"Bridge to close for repairs\n\n{notice}\n\nMenu\n\nBridge to close for repairs\n\n{LEDE}\n\n{LEDE} Again.\n\nBridge to close for repairs"
    assert [f.line for f in run(below, text)] == [13]


def test_a_contents_entry_and_the_heading_it_lists_are_not_copies():
    rule = make_rule("duplicate", mode="exact", scope="paragraphs", **{"min-words": 8})
    questions = [
        "Which court does the case of divorce have to be in?",
        "Do the children automatically live with their mother?",
    ]
    text = f"Divorce law\n\n{questions[0]}\n\n{questions[1]}\n\n{questions[0]}\n\n{LEDE}\n\n{questions[1]}\n\n{LEDE} Again."
    assert run(rule, text) == []
    assert [
        f.line
        for f in run(
            make_rule("duplicate", mode="exact", scope="paragraphs", **{"min-words": 8, "skip-contents": False}), text
        )
    ] == [5, 7]
    # A sentence copied into a box of short lines is still a copy, and so is a heading twice over paragraphs.
    sentence = "Engineers found cracks in two of its piers during an inspection in March."
    assert [
        f.line for f in run(rule, f"Head\n\nMenu\n\n{sentence}\n\nSport\n\n{LEDE}\n\n{sentence}\n\n{LEDE} Again.")
    ] == [5]
    twice = f"Head\n\n{LEDE}\n\n{questions[0]}\n\n{LEDE} More.\n\n{questions[0]}\n\n{LEDE} Again."
    assert len(run(rule, twice)) == 1


def test_a_headline_that_is_the_heading_with_a_sites_name_is_the_pages_title():
    below = make_rule("duplicate", mode="headline", scope="text", **{"below-lede": True})
    text = f"Bridge to close for repairs | Portvale Gazette\n\nBridge to close for repairs\n\n{LEDE}\n\n{LEDE} Again."
    assert [(f.line, f.match) for f in run(below, text)] == [(1, "Bridge to close for repairs | Portvale Gazette")]
    # The site's name in brackets, a spaced slash or tilde, or a label before the copy, count as well.
    for copy in ("Bridge to close for repairs (Portvale Gazette)", "Portvale Gazette: Bridge to close for repairs"):
        assert [f.line for f in run(below, f"Bridge to close for repairs\n\n{LEDE}\n\n{LEDE} Again.\n\n{copy}")] == [7]
    # A headline's own kicker is part of it: a subhead that repeats the rest is not its copy.
    assert run(below, f"Brexit: what happens next for the talks\n\nWhat happens next for the talks\n\n{LEDE}") == []


def test_a_teaser_is_a_paragraphs_opening_words_whatever_link_ends_it():
    teaser = make_rule("duplicate", mode="teaser", scope="all", **{"min-words": 5, "teaser-tail": 5})
    for end in ("Continue reading »", "Full story", "(more)"):
        text = f"Head\n\n{LEDE[:60].rsplit(' ', 1)[0]} {end}\n\n{LEDE}"
        assert [f.line for f in run(teaser, text)] == [3], end
    # A paragraph's first words as a line of their own, or ending a sentence, are a subhead or
    # a pull quote; two paragraphs that open alike and go their own ways are not a teaser.
    assert run(teaser, f"Head\n\n{LEDE[:60].rsplit(' ', 1)[0]}\n\n{LEDE}") == []
    other = "The council voted on Tuesday to close the old bridge for good, after a decade of arguments."
    assert run(teaser, f"Head\n\n{other}\n\n{LEDE}") == []
    # Without teaser-tail only an ellipsis marks a teaser.
    plain = make_rule("duplicate", mode="teaser", scope="all", **{"min-words": 5})
    assert run(plain, f"Head\n\n{LEDE[:60].rsplit(' ', 1)[0]} Full story\n\n{LEDE}") == []


def test_an_authors_list_items_that_open_alike_are_not_teasers():
    teaser = make_rule("duplicate", mode="teaser", scope="all", **{"min-words": 5, "teaser-tail": 5})
    items = (
        "* Bump github.com/onsi/gomega from 1.28.0 to 1.29.0 in /api\n"
        "* Bump github.com/onsi/gomega from 1.28.0 to 1.30.0 in /api/v2/client/tools"
    )
    post = f"---\ntitle: Release notes\n---\n\n{LEDE}\n\n{items}\n"
    assert run(teaser, post, fmt="md") == []


_PIECES = st.sampled_from(
    [
        "Talks stall",
        "Bridge to close",
        "Café reopens",
        "O'Neill quits",
        "BBC News",
        "Reuters",
        " | ",
        "|",
        " - ",
        " : ",
        " (The Gazette)",
        "Gazette: ",
        "in May",
        "’s",
        "!",
        "  ",
    ]
)


@given(st.lists(_PIECES, min_size=1, max_size=5).map("".join), st.lists(_PIECES, min_size=1, max_size=6).map("".join))
def test_a_copy_with_a_site_name_is_found_with_or_without_the_substring_shortcut(headline: str, text: str) -> None:
    """_is_copy looks for a site's name only in a text whose key holds a target: the words of
    a core (the text cut at a separator, bracket or label) run on in the text's."""
    from newslint.kinds.duplicate import headline_cores

    targets = {facts(core).key for core in headline_cores(headline) if facts(core).key}
    longest = 40
    found = facts(text)
    slow = found.key in targets or (
        found.words <= longest and any(facts(core).key in targets for core in headline_cores(text, labelled=True)[1:])
    )
    assert DuplicateKind._is_copy(text, targets, longest) == slow


WORDS = [
    "bridge",
    "council",
    "repair",
    "vote",
    "river",
    "traffic",
    "winter",
    "budget",
    "school",
    "harbour",
    "ferry",
    "engineer",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=9), min_size=1, max_size=12),
    st.sampled_from([0.3, 0.4, 0.5, 0.6, 0.85]),
    st.integers(min_value=1, max_value=4),
)
def test_near_candidates_are_every_earlier_block_similar_enough(paragraphs, min_jaccard, min_words):
    """Prefix filtering finds exactly the pairs a comparison of every pair would."""
    from newslint.document import Block
    from newslint.kinds.duplicate import _near_candidates, content_words, facts

    blocks = [Block("paragraph", " ".join(words) or "x", ()) for words in paragraphs]
    stop = frozenset()
    got = [
        (b.text, [(o.text, shared) for o, _, _, shared in cands])
        for b, _, _, cands in _near_candidates(blocks, stop, min_words, min_jaccard)
    ]
    judged = [(b, content_words(stop, facts(b.text).tokens)) for b in blocks]
    judged = [
        (b, c)
        for b, c in judged
        if len(c) >= min_words and not (facts(b.text).plain and facts(b.text).words < min_words)
    ]
    expected = []
    for j, (b, c) in enumerate(judged):
        similar = [(o.text, len(c & oc)) for o, oc in judged[:j] if len(c & oc) / len(c | oc) >= min_jaccard]
        expected.append((b.text, similar))
    assert got == expected
