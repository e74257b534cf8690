"""The boilerplate kind: features of a line in its document, a weighted score, a finding that says why."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindutil import make_rule, run
from newslint.kinds.boilerplate_features import FEATURES, all_features, units_of
from newslint.readers import read_bytes
from newslint.rule import RuleError

ARTICLE = (
    "Council closes bridge\n\n"
    "Home | News | Sport | Weather\n\n"
    "The council voted on Tuesday to close the old bridge for repairs that could take most of the year, officials said.\n\n"
    "Engineers found cracks in two of its piers during an inspection in March, and traffic will be diverted through the town.\n\n"
    "Share this article\n\n"
    "© 2024 Portvale Gazette. All rights reserved."
)


def features_of(text: str, fmt: str = "txt") -> dict[str, dict[str, float]]:
    (document,) = list(read_bytes(f"a.{fmt}", text.encode()))
    units = units_of(document.blocks_in("body"))
    return {u.text: f for u, f in zip(units, all_features(units, 25), strict=True) if f is not None}


def test_features_describe_shape_place_and_vocabulary() -> None:
    found = features_of(ARTICLE)
    menu = found["Home | News | Sport | Weather"]
    assert {"separators", "no-end-mark", "before-body", "four-to-six-words"} <= set(menu) and menu[
        "capitalised-share"
    ] == 1.0
    assert menu["chrome-vocabulary"] == pytest.approx(1 / 4)  # "home"
    assert {"copyright", "after-body", "last-lines"} <= set(found["© 2024 Portvale Gazette. All rights reserved."])
    prose = found[
        "The council voted on Tuesday to close the old bridge for repairs that could take most of the year, officials said."
    ]
    assert "no-end-mark" not in prose and prose["stop-word-share"] > 0.3 and "before-body" not in prose


def test_long_lines_are_not_judged() -> None:
    long = " ".join(["word"] * 30) + "."
    (document,) = list(read_bytes("a.txt", f"Head\n\n{long}".encode()))
    units = units_of(document.blocks_in("body"))
    assert all_features(units, 25) == [None]


def rule(**options):
    weights = {
        "chrome-vocabulary": 6.0,
        "copyright": 5.0,
        "separators": 2.0,
        "no-end-mark": 1.0,
        "stop-word-share": -4.0,
    }
    return make_rule("boilerplate", weights=weights, bias=-3.0, threshold=0.8, **options)


def test_a_line_scoring_above_the_threshold_is_flagged_with_its_reasons() -> None:
    findings = run(rule(), ARTICLE)
    assert [f.match for f in findings] == [
        "Home | News | Sport | Weather",
        "© 2024 Portvale Gazette. All rights reserved.",
    ]
    assert all(f.rule == "test.rule" for f in findings)


def test_the_message_names_the_features_that_decided() -> None:
    (finding, *_) = run(
        make_rule(
            "boilerplate",
            message="{probability}: {reasons}",
            weights={"separators": 9.0, "no-end-mark": 1.0},
            bias=-5.0,
            threshold=0.9,
        ),
        ARTICLE,
    )
    assert finding.message == "99%: items set apart by | • · » or /, no closing punctuation"


def test_authored_documents_and_structure_are_not_judged_unless_asked() -> None:
    post = "---\ntitle: Notes\n---\n\nThe team met in March to plan the work for the year ahead, as it does each spring.\n\n## Contact\n\nPrivacy Policy | Terms\n\n- Privacy Policy | Terms\n"
    assert run(rule(), post, "md") == []
    assert [f.match for f in run(rule(**{"authored-documents": True}), post, "md")] == ["Privacy Policy | Terms"]
    everything = rule(**{"authored-documents": True, "skip-structure": False})
    assert [f.match for f in run(everything, post, "md")] == [
        "Contact",
        "Privacy Policy | Terms",
        "Privacy Policy | Terms",
    ]


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"weights": {}}, "weights"),
        ({"weights": {"shouty": 1.0}}, "weights.shouty"),
        ({"weights": {"one-word": 1.0}, "threshold": 1.5}, "threshold"),
    ],
)
def test_bad_parameters_are_rule_errors_naming_the_key(options, key) -> None:
    with pytest.raises(RuleError) as error:
        make_rule("boilerplate", **options)
    assert error.value.key == key


def test_every_feature_has_a_description() -> None:
    assert all(FEATURES.values())


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), max_size=12))
def test_any_text_scores_between_zero_and_one_and_spans_stay_in_the_line(lines) -> None:
    text = "Head\n\n" + "\n\n".join(lines)
    kind = rule().kind
    (document,) = [d for d in read_bytes("a.txt", text.encode()) if hasattr(d, "blocks")] or [None]
    if document is None:
        return
    for unit, _, probability, _ in kind.scored(document.blocks_in("body")):
        assert 0.0 <= probability <= 1.0
        assert unit.block.text[unit.start : unit.end] == unit.text


def test_the_densest_stretch_of_text_is_the_article() -> None:
    found = features_of(ARTICLE)
    assert "outside-main-text" in found["Home | News | Sport | Weather"]
    assert (
        "outside-main-text"
        not in found[
            "Engineers found cracks in two of its piers during an inspection in March, and traffic will be diverted through the town."
        ]
    )


def test_context_is_each_lines_log_odds_and_its_neighbours_probabilities() -> None:
    from newslint.kinds.boilerplate_features import CONTEXT, UNKNOWN, context, probability

    first, middle, last = (dict(zip(CONTEXT, row, strict=True)) for row in context([2.0, -4.0, 0.0]))
    assert first == {
        "self": 2.0,
        "previous": UNKNOWN,
        "next": probability(-4.0),
        "previous-three": UNKNOWN,
        "next-three": pytest.approx((probability(-4.0) + 0.5) / 2),
        "previous-ten": UNKNOWN,
        "next-ten": pytest.approx((probability(-4.0) + 0.5) / 2),
    }
    assert middle["previous"] == probability(2.0) and middle["next"] == 0.5
    assert (
        last["previous-three"] == pytest.approx((probability(2.0) + probability(-4.0)) / 2)
        and last["next-three"] == UNKNOWN
    )


def test_the_wide_context_is_the_mean_of_ten_lines_each_way() -> None:
    from newslint.kinds.boilerplate_features import CONTEXT, context, probability

    logits = [float(k % 5) - 2 for k in range(30)]
    probs = [probability(x) for x in logits]
    row = dict(zip(CONTEXT, context(logits)[15], strict=True))
    assert row["previous-ten"] == pytest.approx(sum(probs[5:15]) / 10)
    assert row["next-ten"] == pytest.approx(sum(probs[16:26]) / 10)
    assert row["previous-three"] == pytest.approx(sum(probs[12:15]) / 3)
    near_end = dict(zip(CONTEXT, context(logits)[27], strict=True))
    assert near_end["next-ten"] == pytest.approx(sum(probs[28:30]) / 2)


def test_context_of_some_lines_is_their_rows_of_the_whole() -> None:
    from newslint.kinds.boilerplate_features import context

    logits = [2.0, -4.0, 0.0, 1.5, -4.0, 3.0]
    assert context(logits, [1, 4]) == [context(logits)[1], context(logits)[4]]


def test_decide_on_some_lines_is_decide_on_all_of_them_there() -> None:
    from newslint.kinds.boilerplate import BoilerplateKind

    kind = BoilerplateKind(
        weights={"one-word": 1.0},
        context_weights={"self": 1.0, "previous": 2.0, "next-three": 1.5},
        context_bias=-1.0,
        line_threshold=0.97,
    )
    logits = [4.0, -4.0, 0.5, 5.0, -4.0, 1.0]
    everything = kind.decide(logits)
    assert kind.decide(logits, [0, 2, 5]) == [everything[0], everything[2], everything[5]]

    # A line its own features decide above line-threshold keeps that, whatever its neighbours.
    damped = BoilerplateKind(
        weights={"one-word": 1.0}, context_weights={"self": 1.0, "previous": -6.0}, line_threshold=0.97
    )
    assert damped.decide(logits, [3]) == [(pytest.approx(0.9933, abs=1e-4), 0.0)]


MENU = "\n\n".join(["Home", "News", "Sport", "Weather", "Contact"])
STORY = (
    "The council voted on Tuesday to close the old bridge for repairs that could take most of the year, officials said.\n\n"
    "Engineers found cracks in two of its piers during an inspection in March, and traffic will be diverted."
)


def test_the_second_stage_lifts_a_line_among_furniture_and_names_it() -> None:
    one = {"weights": {"one-word": 1.0, "stop-word-share": -4.0}, "bias": -2.0}
    lone = f"Head\n\n{STORY}\n\nNews\n\n{STORY}"
    among = f"Head\n\n{STORY}\n\n{MENU}"
    assert run(make_rule("boilerplate", threshold=0.5, **one), among) == []
    two = make_rule(
        "boilerplate",
        message="{reasons}",
        threshold=0.5,
        **one,
        **{"context-weights": {"self": 1.0, "previous": 3.0, "next": 3.0}},
    )
    found = run(two, among)
    assert {f.match for f in found} >= {"Sport", "Weather"} and "among lines that read as furniture" in found[1].message
    assert run(two, lone) == []


def test_a_line_strong_enough_alone_is_flagged_whatever_its_neighbours() -> None:
    weights = {
        "weights": {"copyright": 8.0},
        "bias": -2.0,
        "context-weights": {"self": 0.2, "next": 1.0},
        "context-bias": -3.0,
    }
    text = f"Head\n\n{STORY}\n\n© 2024 Portvale Gazette\n\n{STORY}"
    assert run(make_rule("boilerplate", threshold=0.9, **weights), text) == []
    found = run(make_rule("boilerplate", threshold=0.9, **weights, **{"line-threshold": 0.99}), text)
    assert [f.match for f in found] == ["© 2024 Portvale Gazette"]


def test_unknown_context_inputs_and_bad_line_thresholds_are_refused() -> None:
    with pytest.raises(RuleError, match="context-weights.nearby"):
        rule(**{"context-weights": {"nearby": 1.0}})
    with pytest.raises(RuleError, match="line-threshold"):
        rule(**{"line-threshold": 0})


def test_units_of_the_same_blocks_are_reused_and_other_blocks_are_not() -> None:
    from newslint.kinds import boilerplate_features as features

    text = b"Headline\n\nOne short line\n\nA paragraph of the article, long enough."
    (first,) = read_bytes("a.txt", text)
    (second,) = read_bytes("a.txt", text)
    units = features.units_of(first.blocks_in("body"))
    assert features.units_of(first.blocks_in("body")) is units  # the same blocks: the same answer
    other = features.units_of(second.blocks_in("body"))
    assert other is not units and other == features._lines_of_blocks(second.blocks_in("body"))
    assert [u.text for u in other] == [u.text for u in units]
