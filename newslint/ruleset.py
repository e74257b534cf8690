"""Find rule files (built-in packs, rule-dirs) and choose which rules run (select/ignore)."""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import pathlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newslint import rulecache
from newslint.kinds import python as python_rules
from newslint.rule import PACK_LISTS, Rule, RuleError, load_rule, rule_id_for
from newslint.suppressions import rule_matches


def _builtin_rules() -> str:
    """The directory of the built-in packs: the package newslint.rules, which pyproject.toml
    maps to rules/ at the repository top (a wheel installs it as newslint/rules/)."""
    root = importlib.resources.files("newslint.rules")
    # Rules are loaded with os.walk and open(), so they must be files on disk, as they are in
    # a wheel or editable install (not in a zip import).
    if not isinstance(root, pathlib.Path):
        raise RuntimeError(
            f"newslint's built-in rules are not a directory on disk ({root!r}); install newslint unzipped"
        )
    return str(root)


BUILTIN_RULES = _builtin_rules()
PACKS = ("scraping", "repetition", "footnotes", "attribution", "consistency")
CASES_DIR = "cases"


def rule_files(root: str) -> list[tuple[str, str]]:
    """(path, rule id) of every rule YAML under `root`, sorted; a single pack dir works too."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        # A root's cases/ holds test case files (`newslint test-rules DIR`), not a pack.
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith((".", "_")) and not (d == CASES_DIR and dirpath == root)
        )
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")) and not name.startswith((".", "_")):
                path = os.path.join(dirpath, name)
                found.append((path, rule_id_for(path, root)))
    return found


# Parsed rules by file identity, in this process: the API and the pytest fixture lint many
# small texts, and rule sets with errors are never cached on disk (rulecache.py), so this
# keeps even those from being re-read per call. The pack's shared lists are part of the key.
_RULE_CACHE: dict[tuple, Rule | RuleError] = {}


def _content_key(path: str) -> bytes | None:
    """A digest of the file's bytes: a rule edited in place with its size and mtime kept
    (`cp -p`, `rsync -a`, `tar`) is still a new rule."""
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return None


def _load_cached(path: str, rule_id: str) -> Rule | RuleError:
    own = _content_key(path)
    # Whether a python rule may be imported is part of what was loaded.
    key = (
        (path, rule_id, own, _content_key(os.path.join(os.path.dirname(path), PACK_LISTS)), python_rules.policy_key())
        if own
        else None
    )
    if key is not None and key in _RULE_CACHE:
        return _RULE_CACHE[key]
    try:
        loaded: Rule | RuleError = load_rule(path, rule_id)
    except RuleError as exc:
        loaded = exc
    if key is not None:
        _RULE_CACHE[key] = loaded
    return loaded


def load_rules(roots: Iterable[str]) -> tuple[list[Rule], list[RuleError]]:
    """Load every rule under the roots; collect all errors instead of stopping at the first.

    Error-free rule sets come from the on-disk cache (rulecache.py) while no file changed."""
    roots = list(roots)
    return rulecache.cached(roots, lambda: _load_rules(roots))


def _load_rules(roots: Sequence[str]) -> tuple[list[Rule], list[RuleError]]:
    rules: dict[str, Rule] = {}
    errors: list[RuleError] = []
    for root in roots:
        if not os.path.isdir(root):
            errors.append(RuleError(root, "rule-dirs", "no such directory"))
            continue
        # Rules of the built-in and installed packs may be python rules; others need leave.
        with python_rules.loading_from(root):
            loaded_here = [(path, rule_id, _load_cached(path, rule_id)) for path, rule_id in rule_files(root)]
        for path, rule_id, loaded in loaded_here:
            if isinstance(loaded, RuleError):
                errors.append(loaded)
                continue
            rule = loaded
            if rule_id in rules:
                errors.append(
                    RuleError(
                        path,
                        None,
                        f"rule id {rule_id!r} is already defined by {rules[rule_id].path}; rename the file or its pack directory",
                    )
                )
                continue
            rules[rule_id] = rule
    return sorted(rules.values(), key=lambda r: r.id), errors


@dataclass(frozen=True)
class Selection:
    """Which rules run: ruff-style select / extend-select / ignore by pack or rule id."""

    select: tuple[str, ...] = ()  # empty: every enabled rule
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def chooses(self, rule: Rule) -> bool:
        """True when the rule runs under this selection."""
        # An opt-in rule (enabled: false) runs only when named by its id, not by its pack.
        explicit = rule.id in self.select + self.extend_select
        if self.select:
            chosen = any(rule_matches(s, rule.id) for s in self.select)
        else:
            chosen = rule.enabled
        chosen = chosen or any(rule_matches(s, rule.id) for s in self.extend_select)
        if not rule.enabled and not explicit:
            chosen = False
        return chosen and not any(rule_matches(s, rule.id) for s in self.ignore)

    def then(self, override: Selection) -> Selection:
        """This (config) selection with a command-line or API one on top, ruff-style.

        The override's `select` replaces this one's select and extend-select; its
        extend-select adds to them; ignores from both apply.
        """
        if override.select:
            select, extend = override.select, override.extend_select
        else:
            select, extend = self.select, self.extend_select + override.extend_select
        return Selection(select=select, extend_select=extend, ignore=self.ignore + override.ignore)

    def unknown(self, rules: Sequence[Rule]) -> list[str]:
        """Selectors that name no rule or pack: a typo the user should hear about."""
        return [
            s
            for s in self.select + self.extend_select + self.ignore
            if s != "all" and not any(rule_matches(s, r.id) for r in rules)
        ]

    def apply(self, rules: Sequence[Rule]) -> list[Rule]:
        """The chosen rules, in id order."""
        return [r for r in rules if self.chooses(r)]
