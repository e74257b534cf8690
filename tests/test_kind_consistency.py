"""Unit tests for the `consistency` kind."""

import pytest

from kindutil import make_rule, run, spans
from newslint.rule import RuleError


def test_first_spelling_wins_and_later_variants_are_flagged():
    rule = make_rule("consistency", groups=[["Kyiv", "Kiev"]], scope="all")
    findings = run(rule, "Kiev talks\n\nIn Kyiv, officials met. Kiev said no. Kyiv agreed.")
    assert spans(findings) == [(3, 4, "Kyiv"), (3, 39, "Kyiv")]
    assert findings[0].suggestion == "Kiev"


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
