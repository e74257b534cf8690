"""Render a rule's documentation from the rule itself: what it does, why, how to fix, examples, options."""

from __future__ import annotations

import json
import os

import yaml

from newslint import params
from newslint.rule import Rule


def display_path(path: str) -> str:
    """A rule file's path without machine-specific prefixes: built-ins as `rules/<pack>/<rule>.yaml`
    (their place in the repository; a wheel installs them as newslint/rules/), the same in every install."""
    from newslint.ruleset import BUILTIN_RULES

    builtin = os.path.abspath(BUILTIN_RULES)
    absolute = os.path.abspath(path)
    if absolute.startswith(builtin + os.sep):
        return "rules/" + os.path.relpath(absolute, builtin).replace(os.sep, "/") + " (built-in)"
    try:
        return os.path.relpath(absolute).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return path


def _block(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))


def explain(rule: Rule) -> str:
    """Markdown documentation for one rule."""
    out = [f"# {rule.id}", "", f"{rule.summary}", ""]
    out += [
        f"- kind: `{rule.kind_name}`",
        f"- severity: {rule.severity.label}",
        f"- scope: {rule.scope}",
        f"- message: `{rule.message}`",
        f"- defined in: {display_path(rule.path)}",
        "",
    ]
    out += described(rule)
    out += examples(rule)
    out += _measured(rule)
    out += _speed(rule)
    options = params.options_of(rule.kind)
    if options:
        dumped = yaml.safe_dump(_plain(options), sort_keys=False, allow_unicode=True, width=100).rstrip()
        out += [
            "## Options",
            "",
            'Override any of these under `[tool.newslint.rules."' + rule.id + '"]`:',
            "",
            _block(dumped),
            "",
        ]
    return "\n".join(out).rstrip() + "\n"


def described(rule: Rule, level: int = 2) -> list[str]:
    """The "What it does", "Why is this bad?" and "How to fix" sections (headings at `level`)."""
    h = "#" * level
    out = [f"{h} What it does", "", rule.summary, ""]
    if rule.why:
        out += [f"{h} Why is this bad?", "", rule.why, ""]
    if rule.fix:
        out += [f"{h} How to fix", "", rule.fix, ""]
    return out


def examples(rule: Rule, level: int = 2) -> list[str]:
    """The "Flagged" and "Not flagged" sections: the rule's examples as indented code."""
    h = "#" * level
    out = []
    if rule.examples.fail:
        out += [f"{h} Flagged", ""] + [_block(t) + "\n" for t in rule.examples.fail]
    if rule.examples.pass_:
        out += [f"{h} Not flagged", ""] + [_block(t) + "\n" for t in rule.examples.pass_]
    return out


# Per-rule figures measured on the team's development data (bench/quality.py --write-measured).
MEASURED_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "measured.json")


def load_measured(path: str | None = None) -> dict:
    """The measured figures, or {} when the file is missing or unreadable (explain works without)."""
    try:
        with open(path or MEASURED_PATH, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("rules"), dict) else {}


def _per_1000(value: float) -> str:
    return f"{value:.1f}" if value else "0"


def precision(figures: dict) -> tuple[int, int] | None:
    """(boilerplate, all) labelled extractor lines a rule flags, by its measured figures; None
    when it flags none (its precision is not known)."""
    b, c = figures.get("pipeline_boilerplate_lines", 0), figures.get("pipeline_content_lines", 0)
    return (b, b + c) if b + c else None


def data_sets(data: dict) -> list[str]:
    """The line that says which data the measured figures come from (none without sets)."""
    sets = data.get("sets", {})
    return ["Data: " + "; ".join(f"{name}: {about}" for name, about in sets.items()) + "."] if sets else []


def _measured(rule: Rule, data: dict | None = None, level: int = 2, sets: bool = True) -> list[str]:
    """A "Measured" section for a built-in rule with figures in measured.json; nothing otherwise.

    `sets`: end with the line about the data sets (a page of many rules says it once)."""
    data = load_measured() if data is None else data
    figures = data.get("rules", {}).get(rule.id) if data else None
    if not figures or not display_path(rule.path).endswith("(built-in)"):
        return []
    out = ["#" * level + " Measured", ""]
    intro = f"Measured {data.get('date', 'on an unknown date')}"
    intro += f" at commit {data['commit']}" if data.get("commit") else ""
    intro += f" (`{data.get('made_by', 'bench/quality.py')}`) with this rule at severity {figures.get('severity', '?')}"
    if figures.get("severity") and figures["severity"] != rule.severity.label:
        intro += f" (it is {rule.severity.label} here)"
    out += [intro + "; figures on other text differ (bench/README.md says how they are made).", ""]
    flagged = precision(figures)
    if flagged:
        b, total = flagged
        out.append(
            f"- Precision on labelled extractor lines (pipeline-dev): {100 * b / total:.0f}%: {b:,} of the {total:,} labelled "
            f"lines it flags are boilerplate, {total - b:,} are article text. It flags {100 * figures.get('pipeline_recall', 0):.2f}% of all boilerplate lines."
        )
    else:
        out.append("- Precision on labelled extractor lines (pipeline-dev): not known, it flags no labelled line.")
    clean = figures.get("clean_per_1000", {})
    if clean:
        out.append(
            "- Clean copy with a finding of this rule: "
            + ", ".join(f"{_per_1000(v)} per 1,000 articles of {name}" for name, v in clean.items())
            + "."
        )
    corpus = figures.get("bbc_corpus")
    if isinstance(corpus, dict):
        out.append(
            f"- Over bbc-dev as one corpus: {corpus.get('findings', 0)} findings, {corpus.get('on_exact_duplicates', 0)} of them on "
            "articles the set really holds twice (the per-1,000 figure above counts those too)."
        )
    held = figures.get("heldout")
    if held and held.get("pack_defects"):
        pack_recall = held.get("pack_recall")
        whole = (
            f"; the whole {held['pack']} pack catches {100 * pack_recall:.0f}% with a warning or error"
            if pack_recall is not None
            else ""
        )
        out.append(
            f"- Held-out injected defects (inject-unseen): it catches {held['caught']} of the {held['pack_defects']} {held['pack']} "
            f"defects ({100 * held['caught'] / held['pack_defects']:.0f}%){whole}."
        )
    if sets and data_sets(data):
        out += ["", *data_sets(data)]
    return out + [""]


def _speed(rule: Rule) -> list[str]:
    """How the literal prefilter (newslint/prefilter.py) spares this rule clean text."""
    where = "blocks" if rule.block_local else "documents"
    if rule.trigger is None:
        return [
            "## Speed",
            "",
            f"Runs on every {where[:-1]}: newslint found no literal text every match must contain.",
            "",
        ]
    shown = [
        " and ".join(
            "(" + " or ".join(f"`{s}`" for s in sorted(clause)[:6]) + (" or …" if len(clause) > 6 else "") + ")"
            for clause in alternative
        )
        for alternative in rule.trigger.alternatives[:8]
    ]
    more = [f"- … and {len(rule.trigger.alternatives) - 8} more"] if len(rule.trigger.alternatives) > 8 else []
    intro = f"Runs only on {where} that contain, in any case, one of these combinations (it cannot match elsewhere):"
    return ["## Speed", "", intro, "", *[f"- {s}" for s in shown], *more, ""]


def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def explain_kind(name: str) -> str:
    """Markdown reference for one check kind: its docstring and every YAML parameter."""
    import dataclasses
    import inspect
    import typing

    from newslint.kinds import KINDS
    from newslint.kinds.contract import mode_parameters

    cls: type[typing.Any] = KINDS[name]  # the kinds share no base class; each declares its ClassVar fields
    hints = typing.get_type_hints(cls)
    out = [
        f"## kind: `{name}`",
        "",
        inspect.cleandoc(cls.__doc__ or ""),
        "",
        "| parameter | type | default |",
        "|---|---|---|",
    ]
    for f in params.parameter_fields(cls):
        if f.default is not dataclasses.MISSING:
            default = json.dumps(_plain(f.default), ensure_ascii=False)
        elif f.default_factory is not dataclasses.MISSING:
            default = json.dumps(_plain(f.default_factory()), ensure_ascii=False)
        else:
            default = "required"
        cells = (params.describe(hints[f.name]), default)  # a pipe would end the cell
        out.append(f"| `{f.name.replace('_', '-')}` | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    modes = mode_parameters(cls)
    if modes is not None:
        out += ["", "Each `mode` reads only some of the parameters; a rule that sets another is refused:", ""]
        for mode, read in modes.items():
            names = ", ".join(f"`{n.replace('_', '-')}`" for n in read) or "no other parameter"
            out.append(f"- `{mode}`: {names}")
    placeholders = ", ".join(f"`{{{p}}}`" for p in sorted(set(cls.fields) | {"match", "rule"}))
    out += ["", f"Message placeholders: {placeholders}.", ""]
    return "\n".join(out)
