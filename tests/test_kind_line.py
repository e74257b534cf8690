"""Unit tests for the `line` kind."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindutil import make_rule, run, spans
from newslint.kinds.line import block_lines, normalize_line
from newslint.prefilter import FoundLiterals
from newslint.rule import RuleError
from newslint.text import word_count


def test_phrase_line_ignores_case_and_decoration():
    rule = make_rule("line", phrases=["Read also"], scope="all")
    assert spans(run(rule, "Head\n\nBody text here.\n\n  » READ ALSO: «  ")) == [(5, 3, "» READ ALSO: «")]


def test_phrase_inside_sentence_is_not_a_line():
    rule = make_rule("line", phrases=["Read also"])
    assert run(rule, "Head\n\nRead also the report, the mayor said.") == []


def test_pattern_must_match_the_whole_line():
    rule = make_rule("line", patterns=[r"\d+ comments"])
    assert spans(run(rule, "Head\n\n12 comments\n\nThere were 12 comments on the post.")) == [(3, 1, "12 comments")]


def test_max_words_limits_long_lines():
    rule = make_rule("line", patterns=[r"sign up.*"], max_words=5)
    assert run(rule, "Head\n\nSign up for the paper and receive a free tote bag today.") == []
    assert len(run(rule, "Head\n\nSign up now.")) == 1


def test_contains_max_words_searches_longer_lines_for_contains_only():
    rule = make_rule("line", patterns=[r"photo: .*"], contains=[r"\. photo: \S+$"], max_words=5, contains_max_words=40)
    long_line = "Head\n\nThe bridge will shut in May for a year of repairs, the council said. Photo: Jane"
    # Past max-words only the `contains` part is looked for, and only it is the finding.
    assert spans(run(rule, long_line)) == [(3, 68, ". Photo: Jane")]
    assert spans(run(rule, "Head\n\nPhoto: Jane Doe")) == [(3, 1, "Photo: Jane Doe")]
    # A whole-line pattern is not tried on a long line, nor is anything past contains-max-words.
    assert run(rule, "Head\n\nPhoto: " + " ".join(["word"] * 10)) == []
    assert run(rule, "Head\n\n" + "word " * 40 + "said. Photo: Jane") == []


def test_end_anchored_contains_are_found_from_the_end():
    from newslint.kinds.line import _end_anchored

    assert _end_anchored(r"\. photo: \S+$") and _end_anchored(r"x\\$")
    assert not _end_anchored(r"price \$") and not _end_anchored(r"photo: \S+")
    rule = make_rule("line", contains=[r"\. photo: \S+$", r"credit: \w+"], max_words=5, contains_max_words=60)
    assert len(rule.kind._from_end) >= 1  # the end-anchored one has a reverse form


CREDIT_TAIL = [r"[.!?]\s*(?:photo|image)\s*(?:by|:)\s*[^.!?]{1,40}$", r"\((?:ap|afp)(?:\s+photo)?\)\s*$"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "bridge", "said.", "Photo:", "photo", "by", "Jane", "(AP)", "(afp photo)", "!", "x"]),
        min_size=6,
        max_size=40,
    )
)
def test_the_search_from_the_end_changes_no_finding(words):
    """With and without the reverse pre-check, the same run-on spans: it only skips lines the
    forward search would not match."""
    text = "Head\n\n" + " ".join(words)
    rule = make_rule("line", contains=CREDIT_TAIL, max_words=5, contains_max_words=60)
    with_check = spans(run(rule, text))
    rule.kind._from_end.clear()
    assert spans(run(rule, text)) == with_check


def test_contains_max_words_needs_contains_and_a_lower_max_words():
    with pytest.raises(RuleError, match="contains-max-words"):
        make_rule("line", patterns=[r"x"], max_words=5, contains_max_words=40)
    with pytest.raises(RuleError, match="contains-max-words"):
        make_rule("line", contains=[r"x"], max_words=50, contains_max_words=40)


def test_title_case_and_isolation():
    rule = make_rule("line", title_case=True, min_words=4, isolated=True, scope="paragraphs")
    one = "Head\n\nThe vote was close.\n\nMayor Faces Anger Over Harbour Costs\n\nIt passed."
    assert spans(run(rule, one)) == [(5, 1, "Mayor Faces Anger Over Harbour Costs")]
    listing = "Head\n\nOur picks.\n\nMayor Faces Anger Over Harbour Costs\nCouncil Approves Bridge Repair Budget\n\nMore soon."
    assert run(rule, listing) == []


def test_normalize_line():
    assert normalize_line("  • Latest News ›") == "latest news"


def test_needs_something_to_match():
    with pytest.raises(RuleError, match="phrases"):
        make_rule("line")


def test_min_run_keeps_only_long_runs():
    rule = make_rule("line", patterns=[r"[A-Z]\w+ \w+"], min_run=3, ignore_case=False)
    text = "Head\n\nAlpha one\nBeta two\n\nsentence here.\n\nGamma three\nDelta four\nEpsilon five"
    assert [f.line for f in run(rule, text)] == [8, 9, 10]


def test_contains_matches_anywhere_but_reports_the_whole_line():
    rule = make_rule("line", contains=[r"\baffiliate links\b"], max_words=40)
    found = spans(run(rule, "Head\n\nThis post contains affiliate links to shops.\n\nNo links here."))
    assert found == [(3, 1, "This post contains affiliate links to shops.")]


# Per-block skipping of parts (LineKind._parts): only a part's own trigger may rule it out.


def _body(text: str):
    """A document of a headline and `text`, and the blocks of `text`."""
    from newslint.readers import read_bytes

    item = next(iter(read_bytes("a.txt", f"Head\n\n{text}".encode())))
    return item, list(item.blocks[1:])


def _found_literals(blocks, literals) -> FoundLiterals:
    """What an engine run would hand the kind: `literals` found in each of the blocks."""
    return FoundLiterals({id(block): frozenset(literals) for block in blocks}, {})


def _found(item, rule, blocks, found: FoundLiterals | None = None) -> list[str]:
    return [h.block.text[h.start : h.end] for h in rule.kind.check(item, blocks, found)]


def test_a_part_without_trigger_runs_where_the_others_are_skipped():
    rule = make_rule("line", patterns=[r"share on \w+", r"\d+:\d+"], phrases=["Read more"], scope="all")
    assert rule.trigger is None and {"share on ", "read"} <= rule.noted
    item, blocks = _body("Share on Facebook\n3:12\nRead more")
    # The engine found none of the rule's literals there.
    assert _found(item, rule, blocks, _found_literals(blocks, ())) == ["3:12"]
    # All of them: every part may match.
    assert _found(item, rule, blocks, _found_literals(blocks, rule.noted)) == ["Share on Facebook", "3:12", "Read more"]


def test_without_found_literals_every_part_runs():
    rule = make_rule("line", patterns=[r"share on \w+", r"\d+:\d+"], scope="all")
    item, blocks = _body("Share on Facebook\n3:12")
    assert _found(item, rule, blocks) == ["Share on Facebook", "3:12"]
    assert _found(item, rule, blocks, FoundLiterals({}, {})) == ["Share on Facebook", "3:12"]  # blocks not scanned


def test_parts_that_cannot_join_an_alternation_are_skipped_one_by_one():
    rule = make_rule("line", patterns=[r"(share) on \w+ \1", r"(\d+):\1"], scope="all")
    item, blocks = _body("share on x share\n12:12\n12:13")
    assert _found(item, rule, blocks, _found_literals(blocks, ())) == ["12:12"]
    assert len(run(rule, "Head\n\nshare on x share\n12:12")) == 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 \t.,-'’/|»İıßſ\u0307\u00a0", max_size=40))
def test_a_line_of_n_words_normalises_to_2n_minus_1_characters_or_more(line):
    """Why a line of many words cannot be one of the (short) phrases: see LineKind._matches."""
    stripped = line.strip()
    n = word_count(stripped)
    assert len(normalize_line(stripped)) >= 2 * n - 1


def _reference_lines(rule, text: str) -> list[int]:
    """Which lines a line rule flags, by its definition: every line of the scope in a list,
    matched alone, then runs, first line and neighbours applied (numbers of the text's lines)."""
    from newslint.readers import read_bytes

    (document,) = read_bytes("a.txt", text.encode())
    kind = rule.kind
    lines = []
    for block in document.blocks_in(rule.scope):
        for offset, line, *_ in block_lines(block.text):
            lines.append((document.position(None, block.source_start(offset))[0], kind.matches(line)))
    flags = [matched for _, matched in lines]
    if kind.min_run > 1:
        flags = [
            any(
                all(flags[j] for j in range(s, s + kind.min_run))
                for s in range(max(0, i - kind.min_run + 1), i + 1)
                if s + kind.min_run <= len(flags)
            )
            for i in range(len(flags))
        ]
    found = []
    for i, (number, _) in enumerate(lines):
        if not flags[i] or (i == 0 and kind.not_first):
            continue
        if kind.isolated and ((i > 0 and flags[i - 1]) or (i + 1 < len(flags) and flags[i + 1])):
            continue
        found.append(number)
    return found


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Alpha Beta Gamma Delta", "Read more", "plain words here.", "", "Breaking News Today Now", "x"]
        ),
        min_size=1,
        max_size=12,
    ),
    st.booleans(),
    st.booleans(),
    st.integers(1, 3),
    st.integers(0, 4),
)
def test_flags_what_the_definition_gives(lines, not_first, isolated, min_run, max_words):
    """check() keeps no list of every line; it must flag exactly what the list-based definition does."""
    rule = make_rule(
        "line",
        phrases=["read more"],
        title_case=True,
        not_first=not_first,
        isolated=isolated,
        min_run=min_run,
        max_words=max_words,
        scope="all",
    )
    text = "\n".join(lines)
    if not text.strip():
        return
    assert [f.line for f in run(rule, text)] == _reference_lines(rule, text)


def test_between_words_keeps_only_lines_set_between_full_paragraphs():
    long = "The council voted on Tuesday to close the old bridge for repairs that could take most of the year."
    rule = make_rule("line", scope="paragraphs", **{"title-case": True, "min-words": 3, "between-words": 15})
    text = f"Head\n\n{long}\n\nMayor Faces Growing Anger Over Costs\n\n{long} Again.\n\nShort line here.\n\nAnother Title Case Line Here\n\n{long}"
    assert [f.line for f in run(rule, text)] == [5]
