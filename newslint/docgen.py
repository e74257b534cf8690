"""The reference docs, generated from the rules and kinds themselves: `newslint docs [--check] [OUTDIR]`.

Writes three files (default directory: docs/):

- rules.md: every built-in rule: what it does, why, how to fix, examples, measured figures
  (newslint/measured.json) and the parameters its file sets;
- kinds.md: the keys every rule has, then every check kind's docstring and parameters (the
  text `newslint kinds` prints);
- rule.schema.json: a JSON Schema of a rule file, one `if`/`then` per kind, built from the
  kinds' dataclass fields, so that editors check and complete rule YAML.

The output depends only on the installed newslint (built-in rules, kinds, measured.json),
never on a config, the clock or the machine, so a test can regenerate the files and compare
them with the committed ones (tests/test_docgen.py). A CLI command rather than a script
under docs/: it ships in the wheel, so a user can write the schema of the version installed.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import re
import sys
import types
import typing
from collections.abc import Sequence
from typing import Any

from newslint import params
from newslint.document import SCOPES
from newslint.explain import (
    _measured,
    _plain,
    data_sets,
    described,
    display_path,
    explain_kind,
    load_measured,
    precision,
)
from newslint.kinds import KINDS
from newslint.kinds.contract import mode_parameters
from newslint.rule import COMMON_KEYS, REQUIRED_KEYS, Rule, RuleError

RULES_MD, KINDS_MD, SCHEMA_JSON = "rules.md", "kinds.md", "rule.schema.json"
GENERATED = (RULES_MD, KINDS_MD, SCHEMA_JSON)
REGENERATE = "newslint docs"  # run at the repository top; writes docs/
SEVERITIES = ("error", "warning", "info")

# What each key common to every rule means (rule.py COMMON_KEYS): (type, description).
COMMON_KEY_DOCS: dict[str, tuple[str, str]] = {
    "kind": ("a kind's name", "The check that does the work; the rule's other keys are that kind's parameters."),
    "severity": (
        "one of: error, warning, info",
        "How sure a finding is to be a defect: `error` almost surely, `warning` likely, `info` worth a look. Default: warning.",
    ),
    "authored-severity": (
        "one of: error, warning, info",
        "The severity in authored documents (Markdown), where what the rule finds is more often the author's choice. Default: the same as `severity`.",
    ),
    "message": (
        "a string",
        "The finding's message; `{placeholders}` are filled in (`{match}`, `{rule}` and the kind's own).",
    ),
    "summary": ("a string", "One line: what the rule finds (`newslint rules`, the docs)."),
    "why": ("a string", "Why what it finds is a defect."),
    "fix": ("a string", "How to fix what it finds."),
    "scope": ("one of: " + ", ".join(SCOPES), "Which blocks the rule sees. Default: body."),
    "examples": (
        "a mapping with `fail` and `pass` lists of strings",
        "Texts the rule must flag and texts it must leave alone; run as tests by `newslint test-rules`.",
    ),
    "enabled": ("true or false", "false: an opt-in rule, run only when selected by its id. Default: true."),
    "outranks": (
        "a list of rule ids",
        "Rules whose findings on the same span this rule's replace (one finding per defect).",
    ),
}


class DocError(Exception):
    """The docs cannot be generated (a built-in rule does not load, a type has no schema)."""


def builtin_rules() -> list[Rule]:
    """Every built-in rule, in id order; DocError when one does not load."""
    from newslint.ruleset import BUILTIN_RULES, load_rules

    rules, errors = load_rules([BUILTIN_RULES])
    if errors:
        raise DocError("; ".join(str(e) for e in errors))
    return sorted(rules, key=lambda r: r.id)


def render(rules: Sequence[Rule] | None = None, measured: dict | None = None) -> dict[str, str]:
    """File name -> content of every generated file."""
    rules = builtin_rules() if rules is None else list(rules)
    measured = load_measured() if measured is None else measured
    return {
        RULES_MD: rules_markdown(rules, measured),
        KINDS_MD: kinds_markdown(rules),
        SCHEMA_JSON: json.dumps(rule_schema(), indent=2, ensure_ascii=False) + "\n",
    }


def write(outdir: str) -> list[str]:
    """Write the generated files into `outdir`; returns their paths."""
    os.makedirs(outdir, exist_ok=True)
    written = []
    for name, content in render().items():
        path = os.path.join(outdir, name)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        written.append(path)
    return written


def stale(outdir: str) -> list[str]:
    """The generated files in `outdir` that are missing or differ from what newslint generates."""
    out = []
    for name, content in render().items():
        try:
            with open(os.path.join(outdir, name), encoding="utf-8", newline="") as handle:
                current = handle.read()
        except OSError:
            current = None
        if current != content:
            out.append(os.path.join(outdir, name))
    return out


# --- rules.md ---------------------------------------------------------------------------------

_HEADER = "<!-- Generated by `{command}` from {sources}. Do not edit: change those and run `{command}`. -->"


def anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation but hyphens dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _code(text: str) -> str:
    """An inline code span that holds `text` whatever backticks it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fenced(text: str) -> list[str]:
    """A fenced code block holding `text` verbatim."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", text, fence, ""]


def _cell(text: str) -> str:
    """Text for a Markdown table cell: pipes escaped, one line."""
    return text.replace("|", "\\|").replace("\n", " ")


def _packs(rules: Sequence[Rule]) -> list[str]:
    from newslint.ruleset import PACKS

    found = {r.pack for r in rules}
    return [p for p in PACKS if p in found] + sorted(found - set(PACKS))


def _brief_value(value: Any, limit: int = 100) -> str:
    """A parameter value as JSON, shortened to about `limit` characters (deterministically)."""
    plain = _plain(value)
    text = json.dumps(plain, ensure_ascii=False)
    if len(text) <= limit:
        return text
    if isinstance(plain, list):
        shown: list[str] = []
        for item in plain:
            piece = json.dumps(item, ensure_ascii=False)
            if shown and sum(len(s) + 2 for s in shown) + len(piece) > limit:
                break
            shown.append(piece if len(piece) <= limit else piece[: limit - 1] + "…")
        rest = len(plain) - len(shown)
        return "[" + ", ".join(shown) + (f", … {rest} more]" if rest else "]")
    if isinstance(plain, dict):
        names = list(plain)
        shown_names: list[str] = []
        for name in names:
            if shown_names and sum(len(n) + 2 for n in shown_names) + len(name) > limit:
                break
            shown_names.append(name)
        rest = len(names) - len(shown_names)
        return (
            "{"
            + ", ".join(f"{json.dumps(n, ensure_ascii=False)}: …" for n in shown_names)
            + (f", … {rest} more}}" if rest else "}")
        )
    return text[: limit - 1] + "…"


def _set_parameters(rule: Rule) -> list[tuple[str, Any]]:
    """The kind parameters the rule's file (or its pack's `_lists.yaml`) sets, in file order."""
    options = params.options_of(rule.kind)
    out = []
    for key in rule.raw:
        if key in COMMON_KEYS or not isinstance(key, str):
            continue
        name = key.replace("_", "-")
        if name in options:
            out.append((name, options[name]))
    return out


def rule_markdown(rule: Rule, measured: dict) -> list[str]:
    """One rule's section of rules.md."""
    severity = rule.severity.label
    if rule.authored_severity is not None and rule.authored_severity != rule.severity:
        severity += f" ({rule.authored_severity.label} in authored documents: Markdown)"
    out = [f"### {rule.id}", ""]
    out.append(f"- kind: [`{rule.kind_name}`](kinds.md#{anchor('kind: ' + rule.kind_name)})")
    out.append(f"- severity: {severity}")
    out.append(f"- scope: {rule.scope}")
    if not rule.enabled:
        out.append("- opt-in: off unless selected by its id")
    out.append(f"- message: {_code(rule.message)}")
    if rule.outranks:
        out.append("- outranks: " + ", ".join(f"[{r}](#{anchor(r)})" for r in rule.outranks))
    where = f"rules/{rule.pack}/{os.path.basename(rule.path)}"
    out += [f"- defined in: [{where}](../{where})", ""]
    out += described(rule, level=4)
    if rule.examples.fail:
        out += ["#### Flagged", ""]
        for text in rule.examples.fail:
            out += _fenced(text)
    if rule.examples.pass_:
        out += ["#### Not flagged", ""]
        for text in rule.examples.pass_:
            out += _fenced(text)
    out += _measured(rule, measured, level=4, sets=False)
    set_here = _set_parameters(rule)
    out += ["#### Parameters", ""]
    if set_here:
        out += ["| parameter | value |", "|---|---|"]
        out += [f"| `{name}` | {_cell(_code(_brief_value(value)))} |" for name, value in set_here]
        out.append("")
    kind_link = f"[`{rule.kind_name}`](kinds.md#{anchor('kind: ' + rule.kind_name)})"
    rest = "The other parameters" if set_here else "The parameters"
    out += [
        f"{rest} of the kind {kind_link} keep their defaults. Override any under "
        f'`[tool.newslint.rules."{rule.id}"]`; `newslint explain {rule.id}` shows every value in full.',
        "",
    ]
    return out


def _precision(rule: Rule, measured: dict) -> str:
    figures = measured.get("rules", {}).get(rule.id)
    flagged = precision(figures) if figures and display_path(rule.path).endswith("(built-in)") else None
    return f"{100 * flagged[0] / flagged[1]:.0f}%" if flagged else "-"


def rules_markdown(rules: Sequence[Rule], measured: dict) -> str:
    """docs/rules.md."""
    packs = _packs(rules)
    out = [
        _HEADER.format(
            command=REGENERATE, sources="the rule files (rules/<pack>/<rule>.yaml) and newslint/measured.json"
        ),
        "",
    ]
    out += ["# Built-in rules", ""]
    out += [
        f"{len(rules)} rules in {len(packs)} packs. Severity: `error` almost surely a defect, `warning` likely, "
        "`info` worth a look; where measured, the figures below say how often a finding was right. "
        "`newslint explain RULE` shows the same text in the terminal; [kinds.md](kinds.md) lists every "
        "kind's parameters, and [architecture.md](architecture.md) how a rule runs.",
        "",
    ]
    for pack in packs:
        out += [
            f"- [{pack}](#{anchor(pack)}): "
            + ", ".join(f"[{r.id.split('.', 1)[1]}](#{anchor(r.id)})" for r in rules if r.pack == pack)
        ]
    out.append("")
    if measured.get("rules"):
        out += [
            f"Measured figures come from `{measured.get('made_by', 'bench/quality.py')}` "
            f"({measured.get('date', 'date unknown')}). Precision is the share of the labelled extractor lines "
            'a rule flags that are labelled boilerplate ("-": it flags none, or was not measured): it measures '
            "the rules that look for page furniture; for the others (attribution, consistency, most footnotes) "
            "the rate of findings on clean copy, in each rule's Measured section, says more.",
            "",
        ]
        out += data_sets(measured) + [""]
    for pack in packs:
        members = [r for r in rules if r.pack == pack]
        out += [f"## {pack}", "", "| rule | severity | precision | what it finds |", "|---|---|---|---|"]
        out += [
            f"| [{r.id}](#{anchor(r.id)}) | {r.severity.label} | {_precision(r, measured)} | {_cell(r.summary)} |"
            for r in members
        ]
        out.append("")
        for rule in members:
            out += rule_markdown(rule, measured)
    return "\n".join(out).rstrip() + "\n"


# --- kinds.md ---------------------------------------------------------------------------------


def kinds_markdown(rules: Sequence[Rule]) -> str:
    """docs/kinds.md: the common keys, then `newslint kinds` for every kind."""
    missing = [k for k in COMMON_KEYS if k not in COMMON_KEY_DOCS]
    if missing:
        raise DocError(f"newslint/docgen.py COMMON_KEY_DOCS does not describe the rule key(s) {', '.join(missing)}")
    out = [_HEADER.format(command=REGENERATE, sources="the kinds (newslint/kinds/) and newslint/rule.py"), ""]
    out += ["# Check kinds", ""]
    out += [
        "A rule's `kind` chooses the check that does the work. Its other keys are the keys every "
        "rule has (below) or parameters of its kind, written with hyphens (`ignore-case`). "
        "`newslint kinds [KIND]` prints the same reference; [rules.md](rules.md) documents the "
        "built-in rules, [architecture.md](architecture.md) how to write a kind, and "
        "[rule.schema.json](rule.schema.json) lets an editor check a rule file "
        "([custom-rules.md](custom-rules.md) says how).",
        "",
    ]
    out += ["## Keys of every rule", "", "| key | type | required | meaning |", "|---|---|---|---|"]
    for key in COMMON_KEYS:
        kind_of, meaning = COMMON_KEY_DOCS[key]
        out.append(f"| `{key}` | {_cell(kind_of)} | {'yes' if key in REQUIRED_KEYS else 'no'} | {_cell(meaning)} |")
    out.append("")
    for name in sorted(KINDS):
        out.append(explain_kind(name).rstrip("\n"))
        using = [r.id for r in rules if r.kind_name == name]
        if using:
            out += [
                "",
                "Built-in rules of this kind: " + ", ".join(f"[{r}](rules.md#{anchor(r)})" for r in using) + ".",
            ]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# --- rule.schema.json -------------------------------------------------------------------------


def json_type(tp: Any) -> dict:
    """The JSON Schema of a kind parameter's type hint (the types newslint.params accepts)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is Any:
        return {}
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    if tp in simple:
        return {"type": simple[tp]}
    if origin in (list, tuple):
        return {"type": "array", "items": json_type(args[0])} if args else {"type": "array"}
    if origin is dict:
        return {"type": "object", "additionalProperties": json_type(args[1])} if args else {"type": "object"}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        options = [{"type": "null"} if a is type(None) else json_type(a) for a in args]
        return {"anyOf": options}
    raise DocError(f"no JSON Schema for the parameter type {tp!r}; add it to newslint/docgen.py json_type")


def _default(f: dataclasses.Field) -> tuple[bool, Any]:
    if f.default is not dataclasses.MISSING:
        return True, _plain(f.default)
    if f.default_factory is not dataclasses.MISSING:
        return True, _plain(f.default_factory())
    return False, None


def kind_schema(name: str) -> dict:
    """The `then` of one kind: its parameters, nothing else but the common keys."""
    cls = KINDS[name]
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {key: True for key in COMMON_KEYS}
    aliases: dict[str, Any] = {}
    conditions: list[dict] = []  # all must hold: required keys, and what each mode refuses
    for f in params.parameter_fields(cls):
        key = f.name.replace("_", "-")
        has_default, default = _default(f)
        about = params.describe(hints[f.name])
        schema = {
            **json_type(hints[f.name]),
            "description": f"{about}; default: {json.dumps(default, ensure_ascii=False)}"
            if has_default
            else f"{about}; required",
        }
        if has_default:
            schema["default"] = default
        properties[key] = schema
        if key != f.name:  # params.build takes `ignore_case` for `ignore-case` too; editors need not offer it
            aliases[f.name] = {**schema, "description": f"the same as `{key}`", "doNotSuggest": True}
        if not has_default:
            conditions.append(
                {"anyOf": [{"required": [key]}, {"required": [f.name]}]} if key != f.name else {"required": [key]}
            )
    then: dict[str, Any] = {"properties": {**properties, **aliases}, "additionalProperties": False}
    modes = mode_parameters(cls)
    if modes is not None:  # a parameter the chosen mode does not read is refused, as by params.build
        conditions += [_mode_branch(cls, mode, read) for mode, read in modes.items()]
    if conditions:
        then["allOf"] = conditions
    return then


def _mode_branch(cls: type, mode: str, read: tuple[str, ...]) -> dict:
    """The part of a kind's schema for one mode: the parameters it does not read are refused."""
    unread = [f.name for f in params.parameter_fields(cls) if f.name != "mode" and f.name not in read]
    keys = list(dict.fromkeys(key for name in unread for key in (name.replace("_", "-"), name)))
    return {
        "if": {"properties": {"mode": {"const": mode}}, "required": ["mode"]},
        "then": {"properties": {key: False for key in keys}},
    }


def _first_paragraph(doc: str | None) -> str:
    return " ".join(inspect.cleandoc(doc or "").split("\n\n")[0].split())


def rule_schema() -> dict:
    """The JSON Schema (draft-07) of a rule file: common keys, and per kind its parameters only."""
    severity = {"type": "string", "enum": list(SEVERITIES)}
    doc = {key: COMMON_KEY_DOCS[key][1] for key in COMMON_KEYS}
    kinds = sorted(KINDS)
    common: dict[str, Any] = {
        "kind": {
            "type": "string",
            "enum": kinds,
            "enumDescriptions": [_first_paragraph(KINDS[k].__doc__) for k in kinds],
        },
        "severity": severity,
        "authored-severity": severity,
        "message": {"type": "string"},
        "summary": {"type": "string"},
        "why": {"type": "string"},
        "fix": {"type": "string"},
        "scope": {"type": "string", "enum": list(SCOPES)},
        "examples": {
            "type": "object",
            "properties": {
                "fail": {"type": "array", "items": {"type": "string"}},
                "pass": {"type": "array", "items": {"type": "string"}},
            },
            "additionalProperties": False,
        },
        "enabled": {"type": "boolean"},
        "outranks": {"type": "array", "items": {"type": "string", "pattern": "\\."}},
    }
    missing = [k for k in COMMON_KEYS if k not in common]
    if missing:
        raise DocError(f"newslint/docgen.py rule_schema has no schema for the rule key(s) {', '.join(missing)}")
    properties = {key: {**common[key], "description": doc[key]} for key in COMMON_KEYS}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "newslint rule",
        "description": f"A newslint rule file (<pack>/<rule>.yaml). Generated by `{REGENERATE}` from the kinds; see docs/kinds.md.",
        "type": "object",
        "required": list(REQUIRED_KEYS),
        "properties": properties,
        "allOf": [
            {"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]}, "then": kind_schema(name)}
            for name in kinds
        ],
    }


def main(outdir: str, check: bool) -> int:
    """`newslint docs [--check] [OUTDIR]`: write the docs, or (--check) say which are stale."""
    try:
        if check:
            outdated = stale(outdir)
            for path in outdated:
                print(f"{path} is out of date; run `{REGENERATE} {outdir}` to regenerate it", file=sys.stderr)
            return 1 if outdated else 0
        for path in write(outdir):
            print(f"wrote {path}")
    except (DocError, RuleError) as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return 2
    return 0
