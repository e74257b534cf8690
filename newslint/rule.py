"""Load and validate one YAML rule file; every mistake is a RuleError naming file and key."""

from __future__ import annotations

import functools
import os
import string
from dataclasses import dataclass, field
from typing import Any

from newslint import params
from newslint.document import SCOPES
from newslint.finding import Severity
from newslint.kinds import KINDS
from newslint.kinds.base import KindError
from newslint.kinds.contract import Kind, is_corpus_kind, placeholders_of, prefilter_of
from newslint.prefilter import Trigger

# Keys every rule may have; everything else belongs to the rule's kind.
COMMON_KEYS = (
    "kind",
    "severity",
    "authored-severity",
    "message",
    "summary",
    "why",
    "fix",
    "scope",
    "examples",
    "enabled",
    "outranks",
)
REQUIRED_KEYS = ("kind", "message", "summary")


@functools.cache
def unique_key_loader() -> type:
    """A SafeLoader that rejects a key given twice (PyYAML would silently keep the last).

    Built on first use: a run served from the rule cache never imports PyYAML (~11 ms)."""
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
            seen: set = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, str) and key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key!r} is given twice; keep one", key_node.start_mark
                    )
                seen.add(key if isinstance(key, str) else id(key_node))
            return super().construct_mapping(node, deep)

    return UniqueKeyLoader


class RuleError(Exception):
    """A rule (or a config override of one) is invalid; the message says where and how to fix it."""

    def __init__(self, path: str, key: str | None, message: str) -> None:
        self.path, self.key = path, key
        where = f"{path}: {key}" if key else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Examples:
    """A rule's inline examples: texts it must flag and texts it must leave alone."""

    fail: tuple[str, ...] = ()
    pass_: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A validated rule: identity, presentation, and the built kind that does the work."""

    id: str
    kind_name: str  # the rule's `kind:`, a name in KINDS
    kind: Kind  # an instance of KINDS[kind_name], built from the rule's parameters
    severity: Severity
    message: str
    summary: str
    why: str = ""
    fix: str = ""  # how to fix what it finds
    scope: str = "body"
    examples: Examples = field(default_factory=Examples)
    enabled: bool = True
    # Rules whose finding on the same span says less about the same defect: theirs is dropped.
    outranks: tuple[str, ...] = ()
    # The severity in an authored document (Markdown), where what the rule finds is more
    # often the author's choice; None: the same as `severity`.
    authored_severity: Severity | None = None
    path: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    # What the kind declared for the prefilter (contract.prefilter_of), read once at load.
    # Literals a text needs for this rule to find anything; the engine skips texts without.
    trigger: Trigger | None = field(default=None, compare=False, repr=False)
    block_local: bool = False  # the trigger may skip single blocks, not only whole documents
    # Literals the engine finds in every block and hands the kind's check (contract.ReadsLiterals).
    noted: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    # True when the kind compares documents (contract.CorpusKind) rather than checking one:
    # asked of every rule for every document, so worked out once, here (and by replace()).
    corpus: bool = field(init=False, default=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "corpus", is_corpus_kind(self.kind))

    @property
    def pack(self) -> str:
        """The pack a rule belongs to: the part of its id before the dot."""
        return self.id.split(".", 1)[0]

    def severity_in(self, authored: bool) -> Severity:
        """The severity of a finding in a document that is authored (Markdown) or not."""
        return self.authored_severity if authored and self.authored_severity is not None else self.severity

    def format_message(self, values: dict[str, str]) -> str:
        """The message with {placeholders} filled in."""
        return self.message.format_map(_Defaulting(values))

    def with_overrides(self, overrides: dict[str, Any], source: str) -> Rule:
        """A copy with config overrides (severity, message, kind parameters), re-validated.

        `lists` merge by name, so overriding one word list keeps the others."""
        merged = dict(self.raw)
        merged.update(overrides)
        if isinstance(overrides.get("lists"), dict) and isinstance(self.raw.get("lists"), dict):
            merged["lists"] = {**self.raw["lists"], **overrides["lists"]}
        return build_rule(self.id, merged, source)


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return ""


def rule_id_for(path: str, root: str) -> str:
    """rules/scraping/nav-line.yaml under `root` -> 'scraping.nav-line'."""
    rel = os.path.relpath(path, root)
    parts = rel.replace(os.sep, "/").split("/")
    name = os.path.splitext(parts[-1])[0]
    pack = parts[-2] if len(parts) >= 2 else os.path.basename(os.path.abspath(root))
    return f"{pack}.{name}"


PACK_LISTS = "_lists.yaml"


def load_rule(path: str, rule_id: str) -> Rule:
    """Read and validate the rule at `path`, with its pack's shared word lists (`_lists.yaml`)."""
    data = _read_yaml(path)
    shared = os.path.join(os.path.dirname(path), PACK_LISTS)
    if isinstance(data, dict) and os.path.isfile(shared) and "kind" in data:
        lists = _read_yaml(shared)
        if not isinstance(lists, dict) or not all(isinstance(v, list) for v in lists.values()):
            raise RuleError(shared, None, "expected a mapping of list name -> list of words or phrases")
        kind_cls = KINDS.get(data["kind"]) if isinstance(data["kind"], str) else None
        # Only kinds with a `lists` parameter take them; a rule's own lists win by name.
        if kind_cls is not None and "lists" in {f.name for f in params.parameter_fields(kind_cls)}:
            own = data.get("lists")
            data = {**data, "lists": {**lists, **(own if isinstance(own, dict) else {})}}
    return build_rule(rule_id, data, path)


def _read_yaml(path: str) -> Any:
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=unique_key_loader())  # noqa: S506 - a SafeLoader subclass
    except OSError as exc:
        raise RuleError(path, None, f"cannot read rule file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise RuleError(path, None, f"rule file is not UTF-8: {exc}") from None
    except (ValueError, RecursionError) as exc:  # an integer of 4,300+ digits, or nesting too deep
        raise RuleError(path, None, f"cannot read rule file: {type(exc).__name__}: {str(exc)[:200]}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(path, None, f"{where}invalid YAML: {problem}") from None


def build_rule(rule_id: str, data: Any, path: str) -> Rule:
    """Validate a rule's parsed YAML mapping and build the Rule."""
    if data is None:
        raise RuleError(path, None, "the rule file is empty; a rule needs at least: " + ", ".join(REQUIRED_KEYS))
    if not isinstance(data, dict):
        raise RuleError(path, None, f"a rule file must be a YAML mapping of keys, got {type(data).__name__}")
    for key in REQUIRED_KEYS:
        if key not in data:
            raise RuleError(path, key, f"missing required key '{key}'")
    kind_name = data["kind"]
    kind_cls = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind_cls is None:
        raise RuleError(
            path, "kind", f"unknown kind {params.brief(kind_name)}; expected one of: {', '.join(sorted(KINDS))}"
        )
    for key in ("message", "summary", "why", "fix"):
        if key in data and not isinstance(data[key], str):
            raise RuleError(path, key, f"expected a string, got {type(data[key]).__name__}")
    try:
        severity = Severity.parse(_word(data.get("severity", "warning")))
    except ValueError as exc:
        raise RuleError(path, "severity", str(exc)) from None
    scope = data.get("scope", "body")
    if not isinstance(scope, str) or scope not in SCOPES:
        raise RuleError(path, "scope", f"unknown scope {params.brief(scope)}; expected one of: {', '.join(SCOPES)}")
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise RuleError(path, "enabled", "expected true or false")
    authored_severity = None
    if "authored-severity" in data:
        try:
            authored_severity = Severity.parse(data["authored-severity"])
        except ValueError as exc:
            raise RuleError(path, "authored-severity", str(exc)) from None
    outranks = data.get("outranks", [])
    if not isinstance(outranks, list) or not all(isinstance(r, str) and "." in r for r in outranks):
        raise RuleError(
            path,
            "outranks",
            "expected a list of rule ids (pack.rule) whose findings on the same span this rule's replace",
        )
    options = {k: v for k, v in data.items() if k not in COMMON_KEYS}
    try:
        kind = params.build(kind_cls, options, kind_name, COMMON_KEYS)
    except KindError as exc:
        raise RuleError(path, exc.key, str(exc)) from None
    _check_placeholders(path, data["message"], kind)
    trigger, block_local, noted = prefilter_of(kind)
    return Rule(
        id=rule_id,
        kind_name=kind_name,
        kind=kind,
        severity=severity,
        message=data["message"],
        summary=data["summary"].strip(),
        why=(data.get("why") or "").strip(),
        fix=(data.get("fix") or "").strip(),
        scope=scope,
        examples=_examples(path, data.get("examples")),
        enabled=enabled,
        outranks=tuple(outranks),
        authored_severity=authored_severity,
        path=path,
        raw=dict(data),
        trigger=trigger,
        block_local=block_local,
        noted=noted,
    )


def _word(value: Any) -> str:
    """A setting that must be one short word, never written out whole in an error message."""
    if not isinstance(value, str):
        raise ValueError(f"expected a word, got {type(value).__name__} {params.brief(value)}")
    return value[:100]


def _check_placeholders(path: str, message: str, kind: Kind) -> None:
    allowed = placeholders_of(kind)
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}
    except ValueError as exc:
        raise RuleError(path, "message", f"bad template ({exc}); write literal braces as {{{{ and }}}}") from None
    for name in sorted(names):
        if name not in allowed:
            raise RuleError(
                path, "message", f"unknown placeholder {{{name}}}; this kind offers: {', '.join(sorted(allowed))}"
            )
    try:  # a format spec such as {match:d} must work on the text values the engine fills in
        message.format_map({name: "" for name in allowed})
    except (ValueError, IndexError, KeyError) as exc:
        raise RuleError(
            path, "message", f"bad template ({exc}); placeholders are text: write {{match}}, not {{match:d}}"
        ) from None


def _examples(path: str, data: Any) -> Examples:
    if data is None:
        return Examples()
    if not isinstance(data, dict) or set(data) - {"fail", "pass"}:
        raise RuleError(path, "examples", "expected a mapping with 'fail' and/or 'pass' lists of texts")
    out = {}
    for key in ("fail", "pass"):
        texts = data.get(key) or []
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise RuleError(path, f"examples.{key}", "expected a list of texts")
        out[key] = tuple(texts)
    return Examples(fail=out["fail"], pass_=out["pass"])
