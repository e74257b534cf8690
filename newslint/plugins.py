"""Third-party rule packs installed as Python packages, found through the `newslint.packs` entry point group.

A distribution ships packs by declaring, in its pyproject.toml::

    [project.entry-points."newslint.packs"]
    newsroom = "newsroom_rules"            # a package whose directory holds <pack>/<rule>.yaml
    # or: newsroom = "newsroom_rules:rules_dir"   a function returning that directory

The directory is a rule root like a `rule-dirs` entry: each sub-directory is a pack, each
YAML file in it a rule with id `<pack>.<rule>`.
"""

from __future__ import annotations

import hashlib
import os
import sys
import types
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newslint import rulecache
from newslint.rule import RuleError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "newslint.packs"


@dataclass(frozen=True)
class InstalledPacks:
    """The rule roots of every installed pack distribution, and what went wrong loading others."""

    directories: tuple[str, ...]
    errors: tuple[RuleError, ...]


def discover() -> InstalledPacks:
    """Resolve every `newslint.packs` entry point to a directory, sorted by entry point name."""
    directories: list[str] = []
    errors: list[RuleError] = []
    packs = declared()
    if not packs:
        return InstalledPacks((), ())
    import importlib.metadata  # only with packs installed: a 7 ms import

    for name, value, distribution in packs:
        try:
            directories.append(resolve(importlib.metadata.EntryPoint(name, value, GROUP), distribution))
        except RuleError as exc:
            errors.append(exc)
    return InstalledPacks(tuple(dict.fromkeys(directories)), tuple(errors))


def declared() -> list[tuple[str, str, str | None]]:
    """(name, value, distribution) of each entry point of the group, sorted, without repeats.

    Reading every installed distribution's metadata costs about 15 ms, a tenth of a
    pre-commit run, so the list is cached while no directory on sys.path changes (installing
    or removing a distribution changes its site-packages directory)."""
    return rulecache.cached_value("packs", _sys_path_key(), _scan)


def _scan() -> list[tuple[str, str, str | None]]:
    from importlib.metadata import entry_points

    found: dict[tuple[str, str], str | None] = {}
    for point in sorted(entry_points(group=GROUP), key=lambda p: (p.name, p.value)):
        # The same distribution can appear twice on sys.path (e.g. editable + site-packages).
        dist = getattr(point, "dist", None)
        found.setdefault((point.name, point.value), dist.name if dist is not None else None)
    return [(name, value, dist) for (name, value), dist in found.items()]


def _sys_path_key() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for entry in sys.path:
        try:
            stamp = os.stat(entry or ".").st_mtime_ns
        except OSError:
            stamp = -1
        digest.update(f"\0{entry}|{stamp}".encode())
    return digest.hexdigest()[:32]


def _where(point: EntryPoint, distribution: str | None) -> str:
    owner = f" of distribution {distribution!r}" if distribution else ""
    return f"entry point {point.name} = {point.value!r}{owner} (group {GROUP})"


def resolve(point: EntryPoint, distribution: str | None = None) -> str:
    """The rule root one entry point names; a broken one raises RuleError saying how to fix it."""
    where = _where(point, distribution)
    try:
        target = _load(point)
    except Exception as exc:  # any import error in a third-party package is its author's to fix
        raise RuleError(where, None, f"cannot load: {type(exc).__name__}: {exc}") from None
    directory: object  # what the entry point gives: checked below
    if isinstance(target, types.ModuleType):
        directory = directory_of_module(target)
    elif callable(target):
        try:
            directory = target()
        except Exception as exc:
            raise RuleError(where, None, f"the function failed: {type(exc).__name__}: {exc}") from None
    else:
        directory = target
    if not isinstance(directory, (str, os.PathLike)):
        raise RuleError(
            where, None, f"expected a package or a function returning a directory, got {type(directory).__name__}"
        )
    path = os.fspath(directory)
    if not os.path.isdir(path):
        raise RuleError(where, None, f"{path} is not a directory; it should hold <pack>/<rule>.yaml files")
    return os.path.abspath(path)


def _load(point: EntryPoint) -> object:
    """What an entry point names, its module imported from where packages are installed,
    never from the working directory or the repository (a repository could hold a
    same-named package; docs/security.md)."""
    from newslint.kinds.python import explicitly_allowed, import_module

    target = import_module(point.module, shielded=not explicitly_allowed())
    for attr in filter(None, (point.attr or "").split(".")):
        target = getattr(target, attr)
    return target


def directory_of_module(module: types.ModuleType) -> str | None:
    """A package's directory (first __path__ entry) or a plain module's containing directory."""
    paths = list(getattr(module, "__path__", None) or [])
    if paths:
        return paths[0]
    file = getattr(module, "__file__", None)
    return os.path.dirname(file) if file else None
