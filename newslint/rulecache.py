"""On-disk cache of parsed and compiled rules, so a pre-commit run on one file starts fast.

The key covers everything a loaded rule depends on: newslint's version and source files
(an editable install changes without a new version), the Python and `regex` versions, and
the path, size and mtime of every rule file and pack list under the rule roots. Config overrides are applied after loading, so they need no key. Anything that
goes wrong reading or writing the cache only means the rules are loaded from YAML again.
Set NEWSLINT_CACHE_DIR to move the cache, or NEWSLINT_NO_CACHE=1 to turn it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from typing import Callable, Sequence, TypeVar

import regex

T = TypeVar("T")


def cache_dir() -> str | None:
    """Where cached rule sets live, or None when caching is off."""
    if os.environ.get("NEWSLINT_NO_CACHE"):
        return None
    base = os.environ.get("NEWSLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "newslint"
    )
    return base


def rule_set_key(roots: Sequence[str]) -> str:
    """A digest of every input of rule loading under `roots`."""
    from newslint import __version__
    from newslint.ruleset import CASES_DIR

    digest = hashlib.sha256(f"{__version__}|{sys.version}|{regex.__version__}".encode())
    # A wheel installs the built-in packs inside the package (newslint/rules/); they are
    # keyed as a rule root below, like any other.
    _add_files(digest, PACKAGE, (".py",), skip=("rules",))
    for root in roots:
        digest.update(f"\0root:{os.path.abspath(root)}".encode())
        # A root's cases/ holds test cases, not rules (ruleset.rule_files skips it too), so
        # editing a case keeps the cached rules.
        _add_files(digest, root, (".yaml", ".yml"), skip_top=(CASES_DIR,))
    return digest.hexdigest()[:32]


PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _add_files(digest, root: str, endings: tuple[str, ...], skip: tuple[str, ...] = (), skip_top: tuple[str, ...] = ()) -> None:
    """Path, size and mtime of every file ending in `endings` under `root`, in a fixed order;
    directories named in `skip` are left out at any depth, those in `skip_top` only directly under `root`."""
    for dirpath, dirnames, filenames in os.walk(root):
        top = dirpath == root
        dirnames[:] = sorted(d for d in dirnames if d not in skip and d != "__pycache__" and not (top and d in skip_top))
        for name in sorted(filenames):
            if name.endswith(endings):
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                digest.update(f"\0{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())


def cached(roots: Sequence[str], load: Callable[[], tuple[T, list]]) -> tuple[T, list]:
    """`load()`'s (value, errors) from the cache when the rule files are unchanged.

    Only error-free loads are stored: errors must be reported on every run. Nor are rule
    sets with python rules: whether their code may run is decided on every run, and a
    stored one would import its module on loading."""
    return cached_value("rules", rule_set_key(roots), load, keep=lambda loaded: not loaded[1] and not any(rule.kind == "python" for rule in loaded[0]))


def cached_value(prefix: str, key: str, load: Callable[[], T], keep: Callable[[T], bool] = lambda value: True, valid: Callable[[object], bool] = lambda value: True) -> T:
    """`load()`'s value from the cache file `<prefix>-<key>.pickle`, or loaded and stored
    (when `keep` says so) if there is none or what is there is not `valid`."""
    directory = cache_dir()
    if directory is None:
        return load()
    path = os.path.join(directory, f"{prefix}-{key}.pickle")
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
        if valid(value):
            os.utime(path)  # in use: keep it from being pruned
            return value
    except Exception:  # missing, stale or unreadable: load it again
        pass
    value = load()
    if keep(value):
        _store(directory, path, value)
        _prune(directory, keep=path)
    return value


STALE_SECONDS = 30 * 24 * 3600


def _prune(directory: str, keep: str) -> None:
    """Delete rule sets unused for a month (other projects' entries stay while in use)."""
    now = time.time()
    try:
        for name in os.listdir(directory):
            path = os.path.join(directory, name)
            if name.endswith(".pickle") and path != keep and now - os.path.getmtime(path) > STALE_SECONDS:
                os.unlink(path)
    except OSError:
        pass


def _store(directory: str, path: str, value: object) -> None:
    import tempfile  # only when writing: a cached run need not import it

    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a parallel run never reads half a file
    except Exception:  # a read-only home or a rule that cannot be pickled: no cache, no harm
        try:
            os.unlink(tmp)
        except Exception:
            pass
