"""Unit tests for the `python` kind."""

import pytest

from kindutil import make_rule, run, spans
from newslint.kinds.python import ALLOW_ENV
from newslint.rule import RuleError


@pytest.fixture(autouse=True)
def allowed(monkeypatch):
    """python rules are off unless allowed outside the repository (docs/security.md)."""
    monkeypatch.setenv(ALLOW_ENV, "1")


def test_user_function_hits_and_options():
    rule = make_rule("python", function="custom_rule_funcs:shouting", options={"min": 5}, extra_fields=["word"])
    rule = rule.with_overrides({"message": "loud {word}"}, "<test>")
    findings = run(rule, "Head\n\nThe MAYOR said NO to the BRIDGE today.")
    assert spans(findings) == [(3, 5, "MAYOR"), (3, 26, "BRIDGE")]
    assert findings[0].message == "loud MAYOR"


def test_crashing_function_becomes_an_error_finding():
    rule = make_rule("python", function="custom_rule_funcs:broken")
    findings = run(rule, "Head\n\nText.")
    assert [f.rule for f in findings] == ["newslint.rule-crash"]
    assert "boom" in findings[0].message


def test_wrong_yield_type_is_reported():
    rule = make_rule("python", function="custom_rule_funcs:wrong_type")
    assert "expected newslint.kinds.base.Hit" in run(rule, "Head\n\nText.")[0].message


@pytest.mark.parametrize(
    "spec, fragment",
    [
        ("nomodule_xyz:f", "cannot import"),
        ("custom_rule_funcs:nope", "no function"),
        ("justaname", "package.module:function"),
    ],
)
def test_bad_function_specs(spec, fragment):
    with pytest.raises(RuleError, match=fragment):
        make_rule("python", function=spec)
