"""On-disk cache of parsed and compiled rules (and of data built once, such as the lexicon's
hashes), so a pre-commit run on one file starts fast.

The key covers everything a loaded rule depends on: newslint's version and the content of
its source files (an editable install changes without a new version), the Python and
`regex` versions, and the path and content of every rule file and pack list under the rule
roots. Content, not size and mtime: `cp -p`, `rsync -a` and `tar` keep those across an
edit. Config overrides are applied after loading, so they need no key. Rule sets with
python rules are never stored (their code is allowed or not on every run).

A cache must not be a way to run code (docs/security.md). Plain data (the installed packs'
entry points, the LSH bands) is stored as JSON and checked again by its user on loading;
compiled rules are pickled, and a pickle runs code when loaded, so every file is read only
from a directory owned by this user that nobody else may write to, and only when the file
itself is owned by this user and writable by nobody else. A directory that fails the check
is not used (the rules are loaded from YAML). Anything that goes wrong reading or writing
the cache only means the rules are loaded from YAML again. Set NEWSLINT_CACHE_DIR to move
the cache, or NEWSLINT_NO_CACHE=1 to turn it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import regex

if TYPE_CHECKING:
    from newslint.rule import Rule, RuleError

T = TypeVar("T")


def cache_dir() -> str | None:
    """Where cached rule sets live, or None when caching is off."""
    if os.environ.get("NEWSLINT_NO_CACHE"):
        return None
    base = os.environ.get("NEWSLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "newslint"
    )
    return base


def _owner_only(st: os.stat_result) -> bool:
    """Owned by this user and writable by no group or other user (POSIX; elsewhere, the
    per-user profile directory's permissions are what protects the cache)."""
    if not hasattr(os, "geteuid"):
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def trusted_directory(directory: str, create: bool = False) -> bool:
    """True when `directory` may hold the cache: a directory owned by this user that no one
    else can write to (made so, mode 0700, when `create` and it does not exist yet)."""
    try:
        if create and not os.path.lexists(directory):
            parent = os.path.dirname(os.path.abspath(directory))
            os.makedirs(parent, exist_ok=True)
            os.mkdir(directory, 0o700)
        st = os.stat(directory)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and _owner_only(st)


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


def _add_files(
    digest, root: str, endings: tuple[str, ...], skip: tuple[str, ...] = (), skip_top: tuple[str, ...] = ()
) -> None:
    """Path and content digest of every file ending in `endings` under `root`, in a fixed
    order; directories named in `skip` are left out at any depth, those in `skip_top` only
    directly under `root`."""
    for dirpath, dirnames, filenames in os.walk(root):
        top = dirpath == root
        dirnames[:] = sorted(
            d for d in dirnames if d not in skip and d != "__pycache__" and not (top and d in skip_top)
        )
        for name in sorted(filenames):
            if name.endswith(endings):
                path = os.path.join(dirpath, name)
                try:
                    with open(path, "rb") as handle:
                        content = hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
                except OSError:
                    continue
                digest.update(f"\0{path}|{content}".encode())


def cached(
    roots: Sequence[str], load: Callable[[], tuple[list[Rule], list[RuleError]]]
) -> tuple[list[Rule], list[RuleError]]:
    """`load()`'s (value, errors) from the cache when the rule files are unchanged.

    Only error-free loads are stored: errors must be reported on every run. Nor are rule
    sets with python rules: whether their code may run is decided on every run, and a
    stored one would import its module on loading."""
    rules, errors = cached_value(
        "rules",
        rule_set_key(roots),
        load,
        keep=lambda loaded: not loaded[1] and not any(rule.kind_name == "python" for rule in loaded[0]),
    )
    return list(rules), list(errors)  # an empty set is plain data, cached as JSON, read back as tuples


def cached_value(
    prefix: str,
    key: str,
    load: Callable[[], T],
    keep: Callable[[T], bool] = lambda value: True,
    valid: Callable[[object], bool] = lambda value: True,
) -> T:
    """`load()`'s value from the cache file `<prefix>-<key>.json` (plain data: strings,
    numbers, lists, which come back as tuples, and mappings) or `.pickle` (anything else),
    or loaded and stored (when `keep` says so) if there is none or what is there is not `valid`."""
    directory = cache_dir()
    if directory is None or not trusted_directory(directory):
        value = load()
        if directory is not None and keep(value) and trusted_directory(directory, create=True):
            _store(directory, prefix, key, value)
        return value
    for path, reader in (
        (_path(directory, prefix, key, "json"), _read_json),
        (_path(directory, prefix, key, "pickle"), pickle.load),
    ):
        try:
            value = _read(path, reader)
        except Exception:  # missing, stale, unreadable or not ours: load it again
            continue
        if valid(value):
            try:
                os.utime(path)  # in use: keep it from being pruned
            except OSError:
                pass
            return value
    value = load()
    if keep(value):
        kept = _store(directory, prefix, key, value)
        _prune(directory, keep=kept)
    return value


def cached_bytes(
    prefix: str, key: str, load: Callable[[], bytes], valid: Callable[[bytes], bool] = lambda value: True
) -> bytes:
    """`load()`'s bytes from the cache file `<prefix>-<key>.bin`, or loaded and stored (when
    what is there is missing or not `valid`). Raw bytes run no code when read; the file is
    read from this user's cache only, as the rest."""
    directory = cache_dir()
    if directory is not None and trusted_directory(directory):
        path = _path(directory, prefix, key, "bin")
        try:
            value = _read(path, lambda handle: handle.read())
            if valid(value):
                return value
        except Exception:  # missing, unreadable or not ours: load it again
            pass
    value = load()
    if directory is not None and trusted_directory(directory, create=True):
        kept = _write(directory, _path(directory, prefix, key, "bin"), value)
        _prune(directory, keep=kept)
    return value


def _path(directory: str, prefix: str, key: str, ending: str) -> str:
    return os.path.join(directory, f"{prefix}-{key}.{ending}")


def _read(path: str, reader: Callable[[Any], Any]) -> Any:
    """The value in a cache file, read only if the file is this user's alone (checked on the
    open file, so it cannot be swapped between the check and the read)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode) or not _owner_only(st):
            raise PermissionError(f"{path} is not this user's alone")
        return reader(handle)


def _read_json(handle) -> Any:
    return _tuples(json.load(handle))


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def _plain(value: Any, depth: int = 0) -> bool:
    """True for data JSON holds as it is: strings, numbers, booleans, None, lists or tuples
    and mappings with string keys."""
    if depth > 20:
        return False
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False


STALE_SECONDS = 30 * 24 * 3600
_ENDINGS = (".pickle", ".json", ".bin")


def _prune(directory: str, keep: str | None) -> None:
    """Delete rule sets unused for a month (other projects' entries stay while in use)."""
    now = time.time()
    try:
        for name in os.listdir(directory):
            path = os.path.join(directory, name)
            if name.endswith(_ENDINGS) and path != keep and now - os.path.getmtime(path) > STALE_SECONDS:
                os.unlink(path)
    except OSError:
        pass


def _store(directory: str, prefix: str, key: str, value: object) -> str | None:
    """Write the value (JSON when it is plain data, else a pickle); its path, or None."""
    try:
        plain = _plain(value)
        if plain:
            payload = json.dumps(value, separators=(",", ":")).encode()
        else:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a rule that cannot be pickled: no cache, no harm
        return None
    return _write(directory, _path(directory, prefix, key, "json" if plain else "pickle"), payload)


def _write(directory: str, path: str, payload: bytes) -> str | None:
    """Write the bytes to `path` atomically (a parallel run never reads half a file), mode
    0600; the path, or None when it could not be written (a read-only home: no harm)."""
    import tempfile  # only when writing: a cached run need not import it

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")  # mode 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
        return path
    except Exception:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except Exception:
                pass
        return None
