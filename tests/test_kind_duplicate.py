"""Unit tests for the `duplicate` kind: exact, headline, teaser and near modes."""

from kindutil import make_rule, run, spans


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
