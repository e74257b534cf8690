"""Kinds with a `mode` (quotes, footnotes, duplicate): each mode declares the parameters it
reads, and a rule that sets one its mode does not read is refused, naming the key."""

from __future__ import annotations

import typing

import pytest

from newslint import params
from newslint.config import load_config
from newslint.explain import explain
from newslint.kinds import KINDS
from newslint.kinds.contract import mode_parameters
from newslint.rule import COMMON_KEYS, RuleError, build_rule
from newslint.ruleset import BUILTIN_RULES, load_rules
from newslint.runner import build_rules

MODED = sorted(name for name, cls in KINDS.items() if mode_parameters(cls) is not None)
BUILTIN = load_rules([BUILTIN_RULES])[0]
# A value of the right type for each parameter a test sets where its mode does not read it.
VALUES = {int: 2, float: 0.5, bool: False, str: "x"}


def _value(cls: type, name: str):
    """A valid value for the parameter (the rest are lists: of words, or of choices)."""
    hint = typing.get_type_hints(cls)[name]
    if hint in VALUES:
        return VALUES[hint]
    (item, *_) = typing.get_args(hint)
    return list(typing.get_args(item)[:1]) if typing.get_origin(item) is typing.Literal else ["but"]


def _base(kind: str, mode: str) -> dict:
    """A rule of `kind` in `mode` with what the mode needs and nothing else."""
    needs = {"cue-verbs": ["said"], "person-titles": ["Mr"]} if kind == "quotes" else {}
    read = {name.replace("_", "-") for name in mode_parameters(KINDS[kind])[mode]}
    data = {"kind": kind, "mode": mode, "message": "m", "summary": "s", **{k: v for k, v in needs.items() if k in read}}
    if kind == "quotes" and mode == "truncated":
        data["dangling-words"] = ["but"]
    return data


def _unread() -> list[tuple[str, str, str]]:
    """(kind, mode, parameter) for every parameter a mode does not read."""
    out = []
    for kind in MODED:
        modes = mode_parameters(KINDS[kind])
        for mode, read in modes.items():
            for f in params.parameter_fields(KINDS[kind]):
                if f.name != "mode" and f.name not in read:
                    out.append((kind, mode, f.name))
    return out


def test_the_kinds_with_a_mode_declare_what_each_mode_reads():
    assert MODED == ["duplicate", "footnotes", "quotes"]


@pytest.mark.parametrize("kind", MODED)
def test_every_mode_is_declared_and_every_parameter_is_read_by_some_mode(kind):
    cls = KINDS[kind]
    modes = mode_parameters(cls)
    assert set(modes) == set(typing.get_args(typing.get_type_hints(cls)["mode"]))
    fields = {f.name for f in params.parameter_fields(cls)} - {"mode"}
    declared = {name for read in modes.values() for name in read}
    assert declared <= fields, f"not parameters of {kind}: {declared - fields}"
    assert fields <= declared, f"no mode of {kind} reads {fields - declared}"


@pytest.mark.parametrize("kind", MODED)
def test_a_rule_may_set_every_parameter_its_mode_reads(kind):
    cls = KINDS[kind]
    for mode, read in mode_parameters(cls).items():
        data = _base(kind, mode)
        for name in read:
            data.setdefault(name.replace("_", "-"), _value(cls, name))
        build_rule("pack.rule", data, "pack/rule.yaml")


@pytest.mark.parametrize(("kind", "mode", "name"), _unread(), ids=lambda v: str(v))
def test_a_parameter_the_mode_does_not_read_is_an_error_naming_the_key(kind, mode, name):
    key = name.replace("_", "-")
    data = {**_base(kind, mode), key: _value(KINDS[kind], name)}
    with pytest.raises(RuleError) as refused:
        build_rule("pack.rule", data, "pack/rule.yaml")
    assert refused.value.key == key
    assert f"pack/rule.yaml: {key}: mode '{mode}' does not use '{key}'" in str(refused.value)


def test_the_key_is_named_as_the_rule_wrote_it_and_the_modes_that_read_it_are_named():
    data = {**_base("duplicate", "teaser"), "max_copies": 3}
    with pytest.raises(RuleError, match=r"max_copies: mode 'teaser' does not use 'max_copies' \(used by: exact\)"):
        build_rule("pack.rule", data, "pack/rule.yaml")
    data = {**_base("quotes", "bare-headline"), "min-words": 3}
    with pytest.raises(RuleError, match=r"used by: unattributed, self-named, conflicting-speakers\)"):
        build_rule("pack.rule", data, "pack/rule.yaml")


def test_an_unknown_key_is_still_reported_as_unknown():
    with pytest.raises(RuleError, match="unknown key 'no-such-key' for kind 'footnotes'"):
        build_rule("pack.rule", {**_base("footnotes", "order"), "no-such-key": 1}, "pack/rule.yaml")


def test_no_built_in_rule_sets_a_parameter_its_mode_does_not_read():
    checked = 0
    for rule in BUILTIN:
        modes = mode_parameters(type(rule.kind))
        if modes is None:
            continue
        read = {name.replace("_", "-") for name in modes[rule.kind.mode]}
        assert set(rule.raw) - set(COMMON_KEYS) - {"mode"} <= read, rule.id
        checked += 1
    assert checked >= 15


def test_a_config_override_of_a_parameter_the_mode_does_not_read_is_an_error(tmp_path):
    config = tmp_path / "newslint.toml"
    config.write_text('[rules."footnotes.duplicate-number"]\nunits = ["ha"]\n', encoding="utf-8")
    _, errors = build_rules(load_config(str(config)))
    assert [(e.key, "mode 'duplicate' does not use 'units'" in str(e)) for e in errors] == [("units", True)]


def test_options_and_explain_list_only_what_the_mode_reads():
    rule = next(r for r in BUILTIN if r.id == "footnotes.duplicate-number")
    assert params.options_of(rule.kind) == {"mode": "duplicate"}
    lone = next(r for r in BUILTIN if r.id == "footnotes.lone-marker")
    assert set(params.options_of(lone.kind)) == {"mode", "marker-styles", "require-notes", "units"}
    assert "units" not in explain(rule) and "units" in explain(lone)
