"""`newslint new-rule PACK/NAME --kind KIND`: write a rule skeleton and its case file."""

from __future__ import annotations

import dataclasses
import os
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from newslint.document import Block, Document
from newslint.kinds import KINDS
from newslint.kinds.base import Hit
from newslint.params import describe, parameter_fields

# Pack and rule names become file names and rule ids (`pack.name`), so keep them plain.
NAME = regex.compile(r"[a-z0-9][a-z0-9_-]*")
HEADLINE = "Council approves the new budget"
BODY = "The council voted on Tuesday to approve the budget for next year."


class ScaffoldError(Exception):
    """The name, kind or target is not usable; the message says what to do instead."""


@dataclass(frozen=True)
class Skeleton:
    """The kind-specific part of a rule skeleton: its parameters and examples."""

    parameters: str  # YAML lines with the kind's parameters, TODO comments included
    fail: str  # an article text the skeleton flags
    passes: str  # an article text the skeleton leaves alone
    placeholders: str = "{match}"  # what the message template shows


def _article(*body: str) -> str:
    return "\n\n".join((HEADLINE,) + body)


# One skeleton per kind. Each one loads and its examples pass as written: the TODO markers
# tell the user what to replace, and the case file's TODO case fails until they do.
SKELETONS: dict[str, Skeleton] = {
    "line": Skeleton(
        "# A line that consists only of one of these phrases (case and punctuation ignored).\n"
        'phrases: ["TODO replace with a navigation label"]\n',
        _article("TODO replace with a navigation label", BODY),
        _article(BODY),
    ),
    "pattern": Skeleton(
        "# Whole-word phrases and/or regular expressions to flag anywhere in the text.\n"
        'phrases: ["TODO replace with a phrase"]\n'
        "# patterns: ['\\bTODO\\b']\n"
        "ignore-case: true\n",
        _article("The mayor said TODO replace with a phrase on Tuesday."),
        _article(BODY),
    ),
    "substitution": Skeleton(
        '# wrong form -> suggested form (whole words).\nswap:\n  "TODO-wrong": "TODO-right"\n',
        _article("The TODO-wrong figure was published on Tuesday."),
        _article("The TODO-right figure was published on Tuesday."),
        "'{match}' -> '{suggestion}'",
    ),
    "consistency": Skeleton(
        "# Variant spellings of one name: a document should use only one of them.\n"
        "groups:\n"
        '  - ["TODO-Kyiv", "TODO-Kiev"]\n',
        _article("The delegation arrived in TODO-Kyiv on Monday.", "Talks in TODO-Kiev ended on Tuesday."),
        _article("The delegation arrived in TODO-Kyiv on Monday.", "Talks in TODO-Kyiv ended on Tuesday."),
        "'{match}' differs from '{first}' used earlier",
    ),
    "duplicate": Skeleton(
        "# exact | headline | teaser | near (paraphrase; see `threshold`).\n"
        "mode: exact  # TODO choose the mode\n"
        "min-words: 4\n",
        _article(BODY, BODY),
        _article(BODY, "The mayor said the vote was a relief for the city's schools."),
        "'{match}' repeats line {other_line}",
    ),
    "metric": Skeleton(
        "# A document-level measure and its bounds (see `newslint explain` of a metric rule).\n"
        "metric: words  # TODO choose the metric\n"
        "min: 5  # TODO set the bound\n",
        _article("Too short."),
        _article(BODY),
        "{metric} is {value}, {limit}",
    ),
    "python": Skeleton(
        "# TODO point this at your own function `package.module:function`, importable from\n"
        "# where newslint runs. It gets (document, blocks, options) and yields\n"
        "# newslint.kinds.base.Hit(block, start, end); this example flags the word TODO:\n"
        "#\n"
        "#   from newslint.kinds.base import Hit\n"
        "#   def flag_todo(document, blocks, options):\n"
        "#       for block in blocks:\n"
        "#           start = block.text.find(options.get('word', 'TODO'))\n"
        "#           if start >= 0:\n"
        "#               yield Hit(block, start, start + len(options.get('word', 'TODO')))\n"
        "function: newslint.scaffold:flag_todo\n"
        "options: {word: TODO}\n",
        _article("The TODO figures are not final."),
        _article(BODY),
    ),
}


def flag_todo(document: Document, blocks: Sequence[Block], options: dict) -> Iterator[Hit]:
    """The `python` skeleton's example check: every occurrence of `options['word']`."""
    word = str(options.get("word", "TODO"))
    for block in blocks:
        start = block.text.find(word)
        while word and start >= 0:
            yield Hit(block, start, start + len(word))
            start = block.text.find(word, start + len(word))


def generic_skeleton(kind: str) -> Skeleton:
    """For a kind without a hand-written skeleton: list its parameters for the user to fill in."""
    cls = KINDS[kind]
    hints = typing.get_type_hints(cls)
    lines = [
        f"# TODO parameters of kind {kind!r} (required ones uncommented; see `newslint explain` of a rule of this kind):"
    ]
    for f in parameter_fields(cls):
        key = f.name.replace("_", "-")
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        prefix = "" if required else "# "
        lines.append(f"{prefix}{key}: TODO  # {describe(hints[f.name])}")
    return Skeleton("\n".join(lines) + "\n", _article("TODO a text this rule must flag."), _article(BODY))


def parse_rule_name(spec: str) -> tuple[str, str]:
    """'newsroom/wire-credit' (or 'newsroom.wire-credit') -> ('newsroom', 'wire-credit')."""
    pack, sep, name = spec.replace(".", "/", 1).partition("/")
    if not sep or not NAME.fullmatch(pack) or not NAME.fullmatch(name):
        raise ScaffoldError(
            f"bad rule name {spec!r}: expected PACK/NAME in lower case letters, digits, '-' or '_' (e.g. newsroom/wire-credit)"
        )
    return pack, name


def _quote(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, escapes and all.
    import json

    return json.dumps(text, ensure_ascii=False)


def rule_text(pack: str, name: str, kind: str) -> str:
    """The rule skeleton YAML for one kind."""
    skeleton = SKELETONS.get(kind) or generic_skeleton(kind)
    return (
        f"# Rule {pack}.{name}: replace every TODO, then run `newslint test-rules <dir>`.\n"
        f"kind: {kind}\n"
        "severity: warning  # error | warning | info\n"
        f'message: "TODO say what is wrong: {skeleton.placeholders}"\n'
        "summary: TODO one line saying what this rule flags.\n"
        "why: |\n"
        "  TODO why this is a defect and what the editor should do about it.\n"
        "scope: body  # all | body | paragraphs | prose | headline | headings | footnotes\n"
        f"{skeleton.parameters}"
        "examples:\n"
        f"  fail: [{_quote(skeleton.fail)}]\n"
        f"  pass: [{_quote(skeleton.passes)}]\n"
    )


def case_text(pack: str, name: str, kind: str) -> str:
    """The case file skeleton: a passing pair, and a TODO case that fails until it is replaced."""
    skeleton = SKELETONS.get(kind) or generic_skeleton(kind)
    return (
        f"# Cases for {pack}.{name}; `newslint test-rules <dir>` runs them.\n"
        "# Each case has a name and exactly one of fail (must be flagged) or pass (must not);\n"
        "# optional: expect [line:col, ...], options {parameter overrides}, format txt|md|html.\n"
        f"rule: {pack}.{name}\n"
        "cases:\n"
        "  - name: skeleton example is flagged\n"
        f"    fail: {_quote(skeleton.fail)}\n"
        "  - name: skeleton example is clean\n"
        f"    pass: {_quote(skeleton.passes)}\n"
        "  - name: TODO replace with a real article this rule must flag\n"
        f"    fail: {_quote(_article('Replace this paragraph with a real one that shows the defect.'))}\n"
    )


@dataclass(frozen=True)
class Written:
    """The files new-rule wrote."""

    rule: str
    cases: str


def new_rule(spec: str, kind: str, directory: str) -> Written:
    """Write `<directory>/<pack>/<name>.yaml` and `<directory>/cases/<pack>.<name>.yaml`; never overwrite."""
    pack, name = parse_rule_name(spec)
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind {kind!r}; expected one of: {', '.join(sorted(KINDS))}")
    if pack == "cases":
        raise ScaffoldError("'cases' is reserved for case files; choose another pack name")
    rule_path = os.path.join(directory, pack, f"{name}.yaml")
    case_path = os.path.join(directory, "cases", f"{pack}.{name}.yaml")
    for path in (rule_path, os.path.join(directory, pack, f"{name}.yml"), case_path):
        if os.path.exists(path):
            raise ScaffoldError(f"{path} already exists; not overwriting it (delete it or choose another name)")
    os.makedirs(os.path.dirname(rule_path), exist_ok=True)
    os.makedirs(os.path.dirname(case_path), exist_ok=True)
    # "x" mode: a file created between the check above and here is still never overwritten.
    with open(rule_path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(rule_text(pack, name, kind))
    with open(case_path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(case_text(pack, name, kind))
    return Written(rule_path, case_path)
