"""`metric` kind: document-level ratios with thresholds, in the style of Gopher/FineWeb filters."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

import regex

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError
from newslint.text import words

_SYMBOL = regex.compile(r"[#{}<>|\\^~`*=_\[\]]")
_ELLIPSIS_END = regex.compile(r"(?:\.\.\.|…)\s*$")
_BULLET = regex.compile(r"^\s*[•·▪►\-*]\s")


def _lines(blocks: Sequence[Block]) -> list[str]:
    return [line for b in blocks for line in b.text.split("\n") if line.strip()]


def _words(blocks: Sequence[Block]) -> list[str]:
    return [w for b in blocks for w in words(b.text)]


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


# The one registry of metrics: name -> function of the in-scope blocks.
METRICS: dict[str, Callable[[Sequence[Block]], float]] = {
    "words": lambda bs: float(len(_words(bs))),
    "mean-word-length": lambda bs: _ratio(sum(map(len, _words(bs))), len(_words(bs))),
    "symbol-ratio": lambda bs: _ratio(sum(len(_SYMBOL.findall(b.text)) for b in bs), len(_words(bs))),
    "ellipsis-line-ratio": lambda bs: _ratio(sum(1 for ln in _lines(bs) if _ELLIPSIS_END.search(ln)), len(_lines(bs))),
    "bullet-line-ratio": lambda bs: _ratio(sum(1 for ln in _lines(bs) if _BULLET.match(ln)), len(_lines(bs))),
    "uppercase-word-ratio": lambda bs: _ratio(
        sum(1 for w in _words(bs) if len(w) > 1 and w.isupper()), len(_words(bs))
    ),
    "duplicate-line-ratio": lambda bs: _ratio(len(_lines(bs)) - len(set(_lines(bs))), len(_lines(bs))),
    "replacement-char-ratio": lambda bs: _ratio(sum(b.text.count("\ufffd") for b in bs), sum(len(b.text) for b in bs)),
}


@dataclass(frozen=True)
class MetricKind:
    """Flags a document whose `metric` falls below `min` or above `max`."""

    metric: str
    min: float | None = None
    max: float | None = None
    min_words: int = 0  # skip documents shorter than this (ratios mean little on them)

    fields: ClassVar[tuple[str, ...]] = ("match", "metric", "value", "limit")

    def __post_init__(self) -> None:
        if self.metric not in METRICS:
            raise KindError("metric", f"unknown metric {self.metric!r}; expected one of: {', '.join(sorted(METRICS))}")
        if self.min is None and self.max is None:
            raise KindError("min", "give 'min', 'max' or both")

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield one document-level hit when the metric is out of bounds."""
        if not blocks or len(_words(blocks)) < self.min_words:
            return
        value = METRICS[self.metric](blocks)
        if self.min is not None and value < self.min:
            limit = f"minimum {self.min:g}"
        elif self.max is not None and value > self.max:
            limit = f"maximum {self.max:g}"
        else:
            return
        yield Hit(None, values={"metric": self.metric, "value": f"{value:.3g}", "limit": limit})
