"""`python` kind: the escape hatch, a user function `package.module:func` that yields Hits.

A python rule runs code, and a content repository's config is data (docs/security.md). So
the kind imports nothing unless it is allowed from outside the repository:

- `--allow-python-rules` on the command line (or `allowing()` / Config.allow_python_rules
  from Python), or the environment variable NEWSLINT_ALLOW_PYTHON_RULES=1;
- or the rule comes from an installed pack (the `newslint.packs` entry point group), whose
  code the user installed. Its module is then never taken from the working directory.

Otherwise the rule is a RuleError naming the file, the `function` key and how to allow it.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError

ALLOW_ENV = "NEWSLINT_ALLOW_PYTHON_RULES"
HOW_TO_ALLOW = (
    "python rules run code, so newslint imports them only when allowed outside the repository: "
    f"pass --allow-python-rules, set {ALLOW_ENV}=1, or install the rule in a pack "
    "(entry point group newslint.packs); see docs/security.md"
)

# Allowed by the caller (--allow-python-rules, the API); and set while rules are loaded from
# an installed pack's directory (ruleset._load_rules sets the root being loaded).
_ALLOWED: contextvars.ContextVar[bool] = contextvars.ContextVar("newslint_python_rules_allowed", default=False)
_SOURCE_ROOT: contextvars.ContextVar[str | None] = contextvars.ContextVar("newslint_rule_root", default=None)
# The repository being checked (the config's directory), besides the working directory: a
# pack's rule never imports its module from there either.
_REPOSITORY: contextvars.ContextVar[str | None] = contextvars.ContextVar("newslint_repository", default=None)
# Functions named by rules of installed packs: a config override of such a rule (its
# severity, options...) builds the kind again and may use them; another function may not.
_PACK_FUNCTIONS: set[str] = set()


def env_allows() -> bool:
    """True when NEWSLINT_ALLOW_PYTHON_RULES is set to 1, true or yes."""
    return os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes")


def explicitly_allowed() -> bool:
    """True when the caller allowed python rules for this run (flag, API or environment)."""
    return _ALLOWED.get() or env_allows()


@contextlib.contextmanager
def allowing(allow: bool = True, repository: str | None = None) -> Iterator[None]:
    """Within the block, python rules may be imported when `allow` (nesting keeps an outer
    yes); `repository` is a directory a pack's rule must not import from."""
    token = _ALLOWED.set(bool(allow) or _ALLOWED.get())
    where = _REPOSITORY.set(repository or _REPOSITORY.get())
    try:
        yield
    finally:
        _REPOSITORY.reset(where)
        _ALLOWED.reset(token)


@contextlib.contextmanager
def loading_from(root: str) -> Iterator[None]:
    """Within the block, rules are loaded from the rule root `root` (a pack's rules may be
    python rules: see is_pack_root, asked only when a python rule turns up)."""
    token = _SOURCE_ROOT.set(root)
    try:
        yield
    finally:
        _SOURCE_ROOT.reset(token)


def policy_key() -> tuple[bool, str | None]:
    """What the current policy depends on, for in-process caches of loaded rules."""
    return explicitly_allowed(), _SOURCE_ROOT.get()


def _from_pack() -> bool:
    root = _SOURCE_ROOT.get()
    return root is not None and is_pack_root(root)


def is_pack_root(root: str) -> bool:
    """True for the built-in packs' directory and the directories of installed packs."""
    from newslint import plugins
    from newslint.ruleset import BUILTIN_RULES

    real = os.path.realpath(root)
    if real == os.path.realpath(BUILTIN_RULES):
        return True
    return real in {os.path.realpath(d) for d in plugins.discover().directories}


def _is_under(path: str, directory: str) -> bool:
    path = os.path.realpath(path)
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def _installed(path: str) -> bool:
    """True for a file of the Python installation or environment (a venv may sit in the repository)."""
    import site

    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, getattr(site, "USER_SITE", None) or ""}
    return any(place and _is_under(path, os.path.realpath(place)) for place in places)


def import_module(module_name: str, shielded: bool) -> Any:
    """Import a rule's (or a pack's) module; `shielded`, never from the working directory or
    the repository: not through a sys.path entry naming either of them (`python -m` and
    `python -m pytest` put the working directory first) or a PYTHONPATH entry inside them,
    nor as a module already imported from there (pytest imports a repository's modules).
    What is found otherwise was installed: site-packages, an editable install's finder."""
    if not shielded:
        return importlib.import_module(module_name)
    here = [os.path.realpath(p) for p in (os.getcwd(), _REPOSITORY.get()) if p]
    from_env = {os.path.realpath(p or os.curdir) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p}
    parts = module_name.split(".")
    for prefix in (".".join(parts[: i + 1]) for i in range(len(parts))):
        loaded = sys.modules.get(prefix)
        origin = getattr(loaded, "__file__", None) if loaded is not None else None
        if origin and any(_is_under(origin, place) for place in here) and not _installed(origin):
            raise ImportError(
                f"{prefix} was already imported from {origin}, in the working directory or the repository"
            )

    def outside(entry: str) -> bool:
        real = os.path.realpath(entry or os.curdir)
        return real not in here and not (real in from_env and any(_is_under(real, place) for place in here))

    saved = list(sys.path)
    sys.path[:] = [entry for entry in saved if outside(entry)]
    try:
        return importlib.import_module(module_name)
    finally:
        sys.path[:] = saved


@dataclass(frozen=True)
class PythonKind:
    """Calls `function(document, blocks, options)`, which yields Hit objects."""

    function: str
    options: dict[str, Any] = field(default_factory=dict)
    extra_fields: tuple[str, ...] = ()  # extra {placeholders} the function fills in Hit.values

    fields: ClassVar[tuple[str, ...]] = ("match",)
    _func: Callable = field(init=False, repr=False, compare=False)  # set by __post_init__, always

    def __post_init__(self) -> None:
        module_name, _, attr = self.function.partition(":")
        if not module_name or not attr:
            raise KindError("function", f"expected 'package.module:function', got {self.function!r:.200}")
        explicit = explicitly_allowed()
        in_pack = not explicit and _from_pack()
        if not (explicit or in_pack or self.function in _PACK_FUNCTIONS):
            raise KindError("function", f"{self.function!r:.200} was not imported: {HOW_TO_ALLOW}")
        try:
            module = import_module(module_name, shielded=not explicit)
        except Exception as exc:  # any import failure is the user's to fix, not a crash
            raise KindError("function", f"cannot import module {module_name!r}: {exc}") from None
        func = getattr(module, attr, None)
        if not callable(func):
            raise KindError("function", f"module {module_name!r} has no function {attr!r}")
        if in_pack:
            _PACK_FUNCTIONS.add(self.function)
        object.__setattr__(self, "_func", func)

    def module_file(self) -> str | None:
        """The source file of the function's module (for cache keys), if it has one."""
        module = sys.modules.get(self.function.partition(":")[0])
        return getattr(module, "__file__", None)

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Run the user's function; anything it yields that is not a Hit is a bug it must fix."""
        for hit in self._func(document, blocks, dict(self.options)):
            if not isinstance(hit, Hit):
                raise TypeError(f"{self.function} yielded {type(hit).__name__}, expected newslint.kinds.base.Hit")
            yield hit
