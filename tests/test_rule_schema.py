"""docs/rule.schema.json, generated from the kinds (newslint/docgen.py): it accepts the rules
newslint accepts and refuses the wrong keys and types newslint refuses."""

from __future__ import annotations

import copy
import json
import os

import pytest
import yaml

from newslint import docgen, params
from newslint.explain import _plain
from newslint.kinds import KINDS
from newslint.kinds.contract import mode_parameters
from newslint.rule import COMMON_KEYS, RuleError, build_rule
from newslint.ruleset import BUILTIN_RULES, rule_files

jsonschema = pytest.importorskip("jsonschema")

DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs")
SCHEMA = docgen.rule_schema()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
RULE_FILES = rule_files(BUILTIN_RULES)

# A valid rule of each kind no built-in rule uses.
BASES = {
    "substitution": {"kind": "substitution", "message": "m", "summary": "s", "swap": {"alot": "a lot"}},
    "metric": {"kind": "metric", "message": "m", "summary": "s", "metric": "words", "min": 50},
}


def errors(data) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(data)]


def test_the_schema_is_a_valid_draft_7_schema_with_one_branch_per_kind():
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert [branch["if"]["properties"]["kind"]["const"] for branch in SCHEMA["allOf"]] == sorted(KINDS)
    assert set(SCHEMA["properties"]) == set(COMMON_KEYS)


def test_the_committed_schema_is_the_generated_one():
    with open(os.path.join(DOCS, docgen.SCHEMA_JSON), encoding="utf-8") as handle:
        assert json.load(handle) == SCHEMA, f"docs/rule.schema.json is out of date: run `{docgen.REGENERATE}`"


@pytest.mark.parametrize("path", [p for p, _ in RULE_FILES], ids=[rule_id for _, rule_id in RULE_FILES])
def test_every_built_in_rule_file_validates(path):
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert errors(data) == []


def _bases() -> dict[str, dict]:
    """A valid rule of every kind but python (which the loader imports only when allowed)."""
    out = dict(BASES)
    for path, _ in RULE_FILES:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        out.setdefault(data["kind"], data)
    return out


def test_the_bases_cover_every_kind_but_python():
    assert set(_bases()) == set(KINDS) - {"python"}


@pytest.mark.parametrize("kind", sorted(set(KINDS) - {"python"}))
def test_every_parameter_written_out_with_its_value_validates(kind):
    base = _bases()[kind]
    rule = build_rule("pack.rule", base, "pack/rule.yaml")
    full = {**{k: v for k, v in base.items() if k in COMMON_KEYS}, **_plain(params.options_of(rule.kind))}
    assert errors(full) == []
    build_rule("pack.rule", full, "pack/rule.yaml")  # and newslint takes it too


def _wrong_value(schema: dict):
    """A value of the wrong JSON type for a property schema (None when anything goes)."""
    if "enum" in schema:
        return "no-such-value"
    types = {s.get("type") for s in schema.get("anyOf", [schema])}
    if None in types:
        return None
    if "string" not in types:
        return "some text"
    return {"not": "a string"} if "object" not in types else ["a list"]


@pytest.mark.parametrize("kind", sorted(set(KINDS) - {"python"}))
def test_a_wrong_type_or_an_unknown_key_fails_in_the_schema_as_in_newslint(kind):
    base = _bases()[kind]
    build_rule("pack.rule", base, "pack/rule.yaml")
    branch = next(b["then"] for b in SCHEMA["allOf"] if b["if"]["properties"]["kind"]["const"] == kind)
    checked = 0
    for key, schema in branch["properties"].items():
        if key in COMMON_KEYS or schema.get("doNotSuggest"):
            continue
        wrong = _wrong_value(schema)
        if wrong is None:
            continue
        data = {**copy.deepcopy(base), key: wrong}
        assert errors(data), f"the schema takes {key}: {wrong!r} for kind {kind}"
        with pytest.raises(RuleError) as refused:
            build_rule("pack.rule", data, "pack/rule.yaml")
        assert str(refused.value.key).startswith((key, key.replace("-", "_"))), str(refused.value)
        checked += 1
    assert checked
    unknown = {**base, "no-such-key": 1}
    assert any("'no-such-key' was unexpected" in e for e in errors(unknown))
    with pytest.raises(RuleError, match="unknown key"):
        build_rule("pack.rule", unknown, "pack/rule.yaml")


def test_the_common_keys_are_checked():
    base = BASES["metric"]
    assert errors({**base, "severity": "fatal"})
    assert errors({**base, "scope": "everywhere"})
    assert errors({**base, "examples": {"fail": "not a list"}})
    assert errors({**base, "examples": {"flagged": []}})
    assert errors({**base, "outranks": ["no-dot"]})
    assert errors({**base, "enabled": "yes"})
    assert errors({**base, "kind": "no-such-kind"})
    assert errors({k: v for k, v in base.items() if k != "summary"})


def test_a_required_parameter_is_required_and_a_snake_case_key_is_taken():
    assert errors({k: v for k, v in BASES["metric"].items() if k != "metric"})
    assert errors({"kind": "python", "message": "m", "summary": "s"})
    assert not errors({"kind": "python", "message": "m", "summary": "s", "function": "mod:func"})
    snake = {"kind": "pattern", "message": "m", "summary": "s", "patterns": ["x"], "ignore_case": True}
    assert not errors(snake)
    build_rule("pack.rule", snake, "pack/rule.yaml")
    assert errors({**snake, "ignore_case": "yes"})


def test_the_rule_in_the_custom_rules_guide_validates_and_names_the_schema():
    import re

    with open(os.path.join(DOCS, "custom-rules.md"), encoding="utf-8") as handle:
        guide = handle.read()
    block = re.search(
        r'^```yaml title="newsroom_rules/newsroom/wire-credit.yaml"\n(.*?)^```$', guide, re.M | re.S
    ).group(1)
    assert block.startswith("# yaml-language-server: $schema=") and "rule.schema.json" in block.split("\n", 1)[0]
    assert errors(yaml.safe_load(block)) == []


@pytest.mark.parametrize("kind", sorted(k for k, cls in KINDS.items() if mode_parameters(cls) is not None))
def test_a_parameter_the_mode_does_not_read_fails_in_the_schema_as_in_newslint(kind):
    base = _bases()[kind]
    read = mode_parameters(KINDS[kind])[base["mode"]]
    defaults = build_rule("pack.rule", base, "pack/rule.yaml").kind
    checked = 0
    for f in params.parameter_fields(KINDS[kind]):
        if f.name == "mode" or f.name in read:
            continue
        for key in dict.fromkeys((f.name.replace("_", "-"), f.name)):
            data = {**base, key: _plain(getattr(defaults, f.name))}  # a value of the right type
            assert errors(data), f"the schema takes {key} in mode {base['mode']}"
            with pytest.raises(RuleError) as refused:
                build_rule("pack.rule", data, "pack/rule.yaml")
            assert refused.value.key == key
            checked += 1
    assert checked
