"""Build a kind's frozen dataclass from YAML options, checking names and types by its hints."""

from __future__ import annotations

import dataclasses
import reprlib
import types
import typing
from collections.abc import Mapping
from typing import Any

from newslint.kinds.base import KindError
from newslint.kinds.contract import mode_parameters


def describe(tp: Any) -> str:
    """A reader-friendly name for a type hint: 'list of strings', 'number'..."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return "any value"
    if tp is str:
        return "a string"
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if origin in (list, tuple):
        return f"a list of {_plural(args[0])}" if args else "a list"
    if origin is dict:
        return f"a mapping of names to {_plural(args[1])}" if args else "a mapping"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(describe(a) for a in args if a is not type(None))
    if origin is typing.Literal:
        return "one of: " + ", ".join(map(str, args))
    return getattr(tp, "__name__", str(tp))


def _plural(tp: Any) -> str:
    # "list of strings", "mapping of names to lists of strings": the plural of describe().
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    simple = {str: "strings", int: "whole numbers", float: "numbers", bool: "true/false values", Any: "values"}
    if tp in simple:
        return simple[tp]
    if origin in (list, tuple):
        return f"lists of {_plural(args[0])}" if args else "lists"
    if origin is dict:
        return f"mappings of names to {_plural(args[1])}" if args else "mappings"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_plural(a) for a in args if a is not type(None))
    return f"values ({describe(tp)})"


def _brief_repr() -> reprlib.Repr:
    short = reprlib.Repr()
    short.maxlevel = 3
    short.maxlist = short.maxtuple = short.maxset = short.maxfrozenset = short.maxdict = 5
    short.maxstring = short.maxother = short.maxlong = 60
    return short


_BRIEF = _brief_repr()


def brief(value: Any, limit: int = 60) -> str:
    """A repr of `value` cut to about `limit` characters, built without ever writing out the
    whole value: YAML aliases make a 400-byte file hold a structure whose full repr would
    not fit in memory (reprlib looks at a few items of a few levels only)."""
    try:
        text = _BRIEF.repr(value)
    except Exception:  # an int too long for repr, say
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def conform(value: Any, tp: Any, key: str) -> Any:
    """Check `value` against type hint `tp`; return it (lists become tuples) or raise KindError."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    wrong = _Wrong(key, tp, value)
    if tp is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        for option in args:
            if option is type(None):
                continue
            try:
                return conform(value, option, key)
            except KindError:
                continue
        raise wrong
    if origin is typing.Literal:
        if value in args:
            return value
        raise KindError(key, f"expected one of: {', '.join(map(str, args))}; got {brief(value)}")
    if tp is bool:
        if isinstance(value, bool):
            return value
        raise wrong
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise wrong
    if tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise wrong
    if tp is str:
        if isinstance(value, str):
            return value
        raise wrong
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            raise wrong
        inner = args[0] if args else Any
        return tuple(conform(v, inner, f"{key}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise wrong
        kt, vt = args if args else (Any, Any)
        return {conform(k, kt, key): conform(v, vt, f"{key}.{k}") for k, v in value.items()}
    raise KindError(key, f"unsupported parameter type {tp!r}")


class _Wrong(KindError):
    """The 'expected X, got Y' error, its message built only if it is raised (conform runs
    for every parameter value, and most are right)."""

    def __init__(self, key: str, tp: Any, value: Any) -> None:
        super().__init__(key, "")
        self._tp, self._value = tp, value

    def __str__(self) -> str:
        return f"expected {describe(self._tp)}, got {type(self._value).__name__} {brief(self._value)}"


def parameter_fields(cls: type) -> list[dataclasses.Field]:
    """The YAML parameters of a kind: its init fields."""
    return [f for f in dataclasses.fields(cls) if f.init]


def build(cls: type, options: dict[str, Any], kind_name: str = "", common_keys: tuple[str, ...] = ()) -> Any:
    """Instantiate kind `cls` from options; unknown, missing or mistyped keys raise KindError.

    `kind_name` and `common_keys` only make the unknown-key message more helpful.
    """
    hints = typing.get_type_hints(cls)
    fields = {f.name.replace("_", "-"): f for f in parameter_fields(cls)}
    kwargs = {}
    written: dict[str, str] = {}  # field name -> the key as the rule wrote it
    for key, value in options.items():
        f = fields.get(key) or fields.get(str(key).replace("_", "-"))
        if f is None:
            known = ", ".join(sorted(fields)) or "(none)"
            kind = f" {brief(kind_name)}" if kind_name else ""
            also = f"; every rule may also have: {', '.join(common_keys)}" if common_keys else ""
            raise KindError(
                key[:100] if isinstance(key, str) else brief(key),
                f"unknown key {brief(key)} for kind{kind}; its keys are: {known}{also}",
            )
        if f.name in kwargs:  # both "ignore-case" and "ignore_case": which one was meant?
            raise KindError(str(key), f"'{f.name.replace('_', '-')}' is given twice (with - and with _); keep one")
        kwargs[f.name] = conform(value, hints[f.name], key)
        written[f.name] = str(key)
    for name, f in fields.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and f.name not in kwargs:
            raise KindError(name, f"missing required key '{name}' ({describe(hints[f.name])})")
    modes = mode_parameters(cls)
    if modes is not None and kwargs.get("mode") in modes:
        _refuse_unread(modes, kwargs["mode"], written)
    try:
        return cls(**kwargs)
    except KindError:
        raise
    except (ValueError, TypeError) as exc:
        raise KindError("kind", str(exc)) from None


def _refuse_unread(modes: Mapping[str, tuple[str, ...]], mode: str, written: Mapping[str, str]) -> None:
    """Refuse a parameter the chosen mode does not read, as an unknown key is refused: a
    rule that sets it would look as if it did something."""
    for name, key in written.items():
        if name != "mode" and name not in modes[mode]:
            users = ", ".join(m for m, read in modes.items() if name in read)
            used = f" (used by: {users})" if users else ""
            raise KindError(key, f"mode '{mode}' does not use '{key}'{used}; remove it or change the mode")


def options_of(kind: Any) -> dict[str, Any]:
    """The parameters of a built kind (of a kind with modes, those its mode reads), for
    `newslint explain` and cache keys."""
    modes = mode_parameters(type(kind))
    read = None if modes is None else {"mode", *modes[kind.mode]}
    return {
        f.name.replace("_", "-"): getattr(kind, f.name)
        for f in parameter_fields(type(kind))
        if read is None or f.name in read
    }
