"""A one-entry memo of what several rules work out from the same blocks of one document."""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from newslint.document import Block

Answer = TypeVar("Answer")


class LastBlocks(Generic[Answer]):
    """Remembers the answer of `compute(blocks, *params)` for the last blocks asked about.

    The engine runs every rule over one document before the next, so rules that share a
    computation (boilerplate-line and recurring-line their lines, the near-copy and paraphrase
    rules their similar pairs) ask about the same blocks in a row. The blocks are held, so
    none can be freed and its id reused; an answer `keep` refuses (a huge document's) is not
    held, and is computed again when asked again. The last call is held as one tuple,
    replaced whole, so a reader in another thread sees an old call or a new one, never half."""

    def __init__(self, compute: Callable[..., Answer], keep: Callable[[Answer], bool] = lambda _: True) -> None:
        self._compute = compute
        self._keep = keep
        self._last: tuple[tuple[Block, ...], tuple[Hashable, ...], Answer | None] = ((), (), None)

    def __call__(self, blocks: Sequence[Block], *params: Hashable) -> Answer:
        """The answer for these blocks (compared by identity) and parameters."""
        asked, asked_params, answer = self._last
        if answer is not None and asked_params == params and len(asked) == len(blocks):
            if all(map(operator.is_, asked, blocks)):
                return answer
        answer = self._compute(blocks, *params)
        self._last = (tuple(blocks), params, answer) if self._keep(answer) else ((), (), None)
        return answer
