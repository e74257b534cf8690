"""`boilerplate` kind: a line scored as page furniture on general features, not phrase lists."""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from newslint.document import Block, Document
from newslint.kinds.base import Hit, KindError
from newslint.kinds.boilerplate_features import (
    CONTEXT,
    FEATURES,
    PROSE,
    PROSE_LOGIT,
    Unit,
    all_features,
    context,
    probability,
    units_of,
)

# Named in a finding when the lines around it pushed its score up by this much (log-odds).
NEIGHBOURS_DECIDED = 0.5


@dataclass(frozen=True)
class BoilerplateKind:
    """Flags a line whose weighted features (boilerplate_features.FEATURES) score above the
    threshold: a logistic model whose weights come from the rule (bench/fit_boilerplate.py)."""

    weights: dict[str, float] = field(default_factory=dict)  # feature -> weight (log-odds)
    bias: float = 0.0
    # The second stage (boilerplate_features.CONTEXT): the first stage's log-odds of the line
    # and the probabilities of its neighbours, weighed again. Empty: one stage only.
    context_weights: dict[str, float] = field(default_factory=dict)
    context_bias: float = 0.0
    # A line whose own features alone score above this is flagged whatever its neighbours:
    # a lone byline or copyright line among prose (the second stage, fitted on stretches,
    # would let it pass). 1 turns this off.
    line_threshold: float = 1.0
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
        unknown = sorted(set(self.context_weights) - set(CONTEXT))
        if unknown:
            raise KindError(f"context-weights.{unknown[0]}", f"unknown input; expected one of: {', '.join(CONTEXT)}")
        if not 0 < self.threshold < 1:
            raise KindError("threshold", f"a probability between 0 and 1, got {self.threshold}")
        if not 0 < self.line_threshold <= 1:
            raise KindError("line-threshold", f"a probability above 0, at most 1, got {self.line_threshold}")
        if self.max_words < 1 or self.reasons < 0:
            raise KindError("max-words", "max-words must be at least 1 and reasons at least 0")

    def logit(self, found: dict[str, float]) -> float:
        """The first stage's log-odds that a line with these features is boilerplate."""
        return self.bias + sum(self.weights.get(name, 0.0) * value for name, value in found.items())

    def scored(self, blocks: Sequence[Block]) -> list[tuple[Unit, dict[str, float], float, float]]:
        """Every judged line of the blocks: its features, probability, and how much its
        neighbours added to its log-odds (0 without the second stage)."""
        units = units_of(blocks)
        if all(u.words > self.max_words for u in units):
            return []  # all full paragraphs (most news copy): nothing to judge
        found = all_features(units, self.max_words)
        first = [self.logit(f) if f is not None else PROSE_LOGIT for f in found]
        judged = [(i, f) for i, f in enumerate(found) if f is not None]
        decided = self.decide(first, [i for i, _ in judged])
        return [(units[i], f, *d) for (i, f), d in zip(judged, decided, strict=True)]

    def decide(self, first: Sequence[float], at: Sequence[int] | None = None) -> list[tuple[float, float]]:
        """From every line's first-stage log-odds (PROSE_LOGIT for a line too long to judge),
        the probability of each line (or of the lines at the indexes `at`) and how much its
        neighbours lifted it (bench/fit_boilerplate.py reports its figures through this too)."""
        lines = range(len(first)) if at is None else at
        if not self.context_weights:
            return [(probability(first[i]), 0.0) for i in lines]
        weights = [self.context_weights.get(name, 0.0) for name in CONTEXT]
        out = []
        for i, near in zip(lines, context(first, lines), strict=True):
            chance = probability(self.context_bias + sum(map(operator.mul, weights, near)))
            alone = probability(first[i])
            if alone > max(chance, self.line_threshold):
                out.append((alone, 0.0))  # strong enough by itself
                continue
            # Against neighbours that are prose: how much the lines around it lifted it.
            push = sum(w * (v - PROSE) for w, v in zip(weights[1:], near[1:], strict=True))
            out.append((chance, push))
        return out

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield a hit for each line scoring above the threshold, naming what decided it."""
        if document.authored and not self.authored_documents:
            return
        for unit, found, chance, neighbours in self.scored(blocks):
            if chance <= self.threshold or (self.skip_structure and "structure" in found):
                continue
            pushes = sorted(((self.weights.get(n, 0.0) * v, n) for n, v in found.items()), reverse=True)
            named = [FEATURES[n] for push, n in pushes[: self.reasons] if push > 0]
            if neighbours > NEIGHBOURS_DECIDED and self.reasons:
                named = [*named[: self.reasons - 1], "among lines that read as furniture"]
            yield Hit(unit.block, unit.start, unit.end, {"probability": f"{chance:.0%}", "reasons": ", ".join(named)})
