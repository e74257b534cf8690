"""`boilerplate` kind: a line scored as page furniture on general features, not phrase lists."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError
from newslint.kinds.boilerplate_features import FEATURES, Unit, all_features, units_of


@dataclass(frozen=True)
class BoilerplateKind:
    """Flags a line whose weighted features (boilerplate_features.FEATURES) score above the
    threshold: a logistic model whose weights come from the rule (bench/fit_boilerplate.py)."""

    weights: dict[str, float] = field(default_factory=dict)  # feature -> weight (log-odds)
    bias: float = 0.0
    threshold: float = 0.9  # probability above which a line is flagged
    max_words: int = 25  # longer lines are prose and are not judged
    reasons: int = 3  # features named in the message, the strongest first
    # An author's headings, list items and table cells are structure: short by nature, and
    # never in the extractor output the weights were fitted on.
    skip_structure: bool = True
    # The weights were fitted on extractor output; an authored document (Markdown) is not
    # that population, and its short lines are the author's choice. True judges it anyway.
    authored_documents: bool = False

    fields: ClassVar[tuple[str, ...]] = ("match", "probability", "reasons")

    def __post_init__(self) -> None:
        if not self.weights:
            raise KindError("weights", "give the feature weights (bench/fit_boilerplate.py fits them)")
        unknown = sorted(set(self.weights) - set(FEATURES))
        if unknown:
            raise KindError(f"weights.{unknown[0]}", f"unknown feature; expected one of: {', '.join(FEATURES)}")
        if not 0 < self.threshold < 1:
            raise KindError("threshold", f"a probability between 0 and 1, got {self.threshold}")
        if self.max_words < 1 or self.reasons < 0:
            raise KindError("max-words", "max-words must be at least 1 and reasons at least 0")

    def score(self, found: dict[str, float]) -> float:
        """The probability that a line with these features is boilerplate."""
        logit = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in found.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, logit))))

    def scored(self, blocks: Sequence[Block]) -> list[tuple[Unit, dict[str, float], float]]:
        """Every judged line of the blocks with its features and probability."""
        units = units_of(blocks)
        if all(u.words > self.max_words for u in units):
            return []  # all full paragraphs (most news copy): nothing to judge
        return [
            (u, f, self.score(f))
            for u, f in zip(units, all_features(units, self.max_words), strict=True)
            if f is not None
        ]

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield a hit for each line scoring above the threshold, naming what decided it."""
        if document.authored and not self.authored_documents:
            return
        for unit, found, probability in self.scored(blocks):
            if probability <= self.threshold or (self.skip_structure and "structure" in found):
                continue
            pushes = sorted(((self.weights.get(n, 0.0) * v, n) for n, v in found.items()), reverse=True)
            named = [FEATURES[n] for push, n in pushes[: self.reasons] if push > 0]
            yield Hit(
                unit.block, unit.start, unit.end, {"probability": f"{probability:.0%}", "reasons": ", ".join(named)}
            )
