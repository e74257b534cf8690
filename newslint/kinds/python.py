"""`python` kind: the escape hatch, a user function `package.module:func` that yields Hits."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterator, Sequence

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError


@dataclass(frozen=True)
class PythonKind:
    """Calls `function(document, blocks, options)`, which yields Hit objects."""

    function: str
    options: dict[str, Any] = field(default_factory=dict)
    extra_fields: tuple[str, ...] = ()  # extra {placeholders} the function fills in Hit.values

    fields: ClassVar[tuple[str, ...]] = ("match",)
    _func: Callable | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        module_name, _, attr = self.function.partition(":")
        if not module_name or not attr:
            raise KindError("function", f"expected 'package.module:function', got {self.function!r}")
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # any import failure is the user's to fix, not a crash
            raise KindError("function", f"cannot import module {module_name!r}: {exc}") from None
        func = getattr(module, attr, None)
        if not callable(func):
            raise KindError("function", f"module {module_name!r} has no function {attr!r}")
        object.__setattr__(self, "_func", func)

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Run the user's function; anything it yields that is not a Hit is a bug it must fix."""
        for hit in self._func(document, blocks, dict(self.options)):
            if not isinstance(hit, Hit):
                raise TypeError(f"{self.function} yielded {type(hit).__name__}, expected newslint.kinds.base.Hit")
            yield hit
