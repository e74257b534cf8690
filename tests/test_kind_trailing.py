"""Unit tests for the `trailing-section` kind: a page's section after the article, from its header on."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindutil import make_rule, run, spans
from newslint.rule import RuleError

STORY = [
    "The council agreed its budget on Tuesday after a long debate over the cost of repairing the old "
    "bridge and the town hall roof, which has leaked since the storms of last winter.",
    "Councillors said the repairs could not wait another year, and the leader promised a review of the "
    "spending in the spring, once engineers have reported on the state of the bridge supports.",
    "Opposition members voted against the plan, saying that the money should have gone to schools and "
    "to the bus routes that were cut last year, and they promised to raise it again in March.",
]
HEADERS = [r"\d+ comments?|comments?", "related stories|you might also like", r"(?-i:About)\s+(?-i:\p{Lu})\w+"]


def rule(**options):
    return make_rule("trailing-section", **{"patterns": HEADERS, **options})


def page(*after: str, before: tuple[str, ...] = ()) -> str:
    return "\n\n".join(["Council agrees budget", *before, *STORY, *after])


def test_a_comment_section_after_the_article_is_flagged_to_the_end():
    found = run(rule(), page("3 comments", "Great news.\nAbout time too.", "What about the buses?"))
    assert [(f.line, f.end_line) for f in found][0] == (9, 9)
    covered = {line for f in found for line in range(f.line, f.end_line + 1)}
    assert covered == {9, 11, 12, 14}
    assert found[-1].match == "What about the buses?"


def test_the_finding_names_the_header_and_its_line():
    found = run(
        make_rule("trailing-section", patterns=HEADERS, message="{header} @ {header_line}: {match}"),
        page("Related stories", "Bridge to close"),
    )
    assert [f.message for f in found] == [
        "Related stories @ 9: Related stories",
        "Related stories @ 9: Bridge to close",
    ]


def test_a_header_closed_by_a_colon_or_an_arrow_counts():
    assert spans(run(rule(), page("You might also like:", "Bridge to close")))[0] == (9, 1, "You might also like:")
    assert spans(run(rule(), page("Comments »", "Nice")))[0] == (9, 1, "Comments »")


def test_the_same_words_inside_the_story_are_a_subhead():
    text = "\n\n".join(["Council agrees budget", STORY[0], "Comments", STORY[1], STORY[2]])
    assert run(rule(), text) == []


def test_a_header_before_the_story_opens_nothing():
    assert run(rule(), page(before=("Related stories",))) == []


def test_a_long_line_is_never_a_header():
    assert run(rule(max_header_words=1), page("Related stories", "Bridge to close")) == []


def test_a_text_with_no_full_paragraph_has_no_article_to_follow():
    assert run(rule(), "Menu\n\nComments\n\nNice one") == []


def test_case_sensitive_parts_stay_case_sensitive():
    assert spans(run(rule(), page("About Portvale", "Portvale Gazette is a weekly paper.")))[0] == (
        9,
        1,
        "About Portvale",
    )
    assert run(rule(), page("about portvale", "the paper is weekly.")) == []


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"patterns": []}, "patterns"),
        ({"patterns": ["(unclosed"]}, "patterns"),
        ({"patterns": HEADERS, "density": 0}, "density"),
    ],
)
def test_bad_parameters_name_the_key(options, key):
    with pytest.raises(RuleError, match=key):
        make_rule("trailing-section", **options)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abc Comments\n.:", max_size=40), max_size=8))
def test_hits_cover_only_lines_after_the_header_and_never_overlap(tail):
    text = page(*tail)
    found = run(rule(), text)
    lines = [f.line for f in found]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    assert all(f.line >= 9 for f in found)


THREAD = {
    "thread_headers": [r"\d+ comments?"],
    "thread_signs": [r"^\S.{0,40}\s(?:says|said):$", r"^reply$"],
}


def test_a_comment_thread_opens_the_section_even_inside_the_densest_stretch():
    long_comment = STORY[1]  # a commenter writes as much as the reporter
    text = "\n\n".join(
        ["Council agrees budget", STORY[0], "2 comments", "Jane says:", long_comment, "Reply", "Tom says:", STORY[2]]
    )
    assert run(rule(), text) == []  # as a plain header it stands inside the article's stretch
    found = run(rule(**THREAD), text)
    assert found[0].line == 5 and found[-1].match == STORY[2]


def test_a_thread_header_needs_the_signs_of_a_thread_after_it():
    text = "\n\n".join(["Council agrees budget", STORY[0], "2 comments", STORY[1], STORY[2]])
    assert run(rule(**THREAD), text) == []


def test_thread_headers_need_thread_signs():
    with pytest.raises(RuleError, match="thread-signs"):
        rule(thread_headers=["comments"])


def test_a_thread_without_its_header_opens_at_its_first_sign():
    text = "\n\n".join(["Council agrees budget", STORY[0], "Jane says:", STORY[1], "Reply", "Tom says:", STORY[2]])
    assert run(rule(**THREAD), text) == []  # two signs alone do not make a thread without a header
    found = run(rule(**THREAD, min_signs_without_header=3), text)
    assert found[0].line == 5 and found[0].match == "Jane says:"
    too_far = run(rule(**THREAD, min_signs_without_header=3, thread_reach=2), text)
    assert too_far == []


def test_signs_without_a_header_need_a_sensible_count():
    with pytest.raises(RuleError, match="min-signs-without-header"):
        rule(**THREAD, min_signs_without_header=1)
    with pytest.raises(RuleError, match="min-signs-without-header"):
        make_rule("trailing-section", patterns=HEADERS, min_signs_without_header=3)
