"""Fit the boilerplate kind's weights on extractor output with labelled lines.

    python bench/fit_boilerplate.py [--corpus DIR] [--write] [--limit N] [--gold-weight W] [--show N]

Reads ../shared/corpus/pipeline-dev.jsonl.gz (every line of two extractors' output labelled
boilerplate or content; see the corpus README) as newslint reads a JSONL dataset, computes the
features of every line (newslint/kinds/boilerplate_features.py), and fits two logistic
regressions (L2, Newton's method): the first on the features of each line, the second on its
first-stage log-odds and the first-stage probabilities of the lines around it
(boilerplate_features.CONTEXT: furniture comes in stretches). Pages are split 70/30 by a
hash of their id: the weights come from the 70, the figures from the 30. Reader comments
(dragnet's comment_lines) are left out of fitting: they are prose, no line feature can tell
them apart. The clean copy of the training pages (pipeline-gold.jsonl.gz) is fitted as
content lines too (--gold-weight), less the furniture its annotators kept; that of the
held-out pages gives the share of articles in which a threshold would flag a line.

With --write, the weights and biases of both stages replace those in
rules/scraping/boilerplate-line.yaml (the threshold stays as written there: choose it from
the table). Skips cleanly when the corpus is absent. Needs numpy (the test extra has it).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from newslint.document import Document  # noqa: E402
from newslint.kinds.boilerplate_features import (  # noqa: E402
    CONTEXT,
    FEATURES,
    PROSE_LOGIT,
    all_features,
    context,
    units_of,
)
from newslint.readers import ReadOptions  # noqa: E402
from newslint.readers.records import record_results  # noqa: E402

RULE = os.path.join(os.path.dirname(HERE), "rules", "scraping", "boilerplate-line.yaml")
NAMES = list(FEATURES)
INPUTS = list(CONTEXT)
MAX_WORDS = 25
GOLD = "gold (clean copy)"
# Furniture the gold's annotators kept (bylines, dates, credits, copyright lines) is not
# fitted as content, as the labels of the extractor output leave such lines out (null).
FURNITURE = frozenset({"byline", "copyright", "date-or-time"})


@dataclass
class Page:
    """One text's lines: their features (None: too long to judge), labels (None: unlabelled;
    True: boilerplate) and texts, and whether each is a reader comment."""

    group: str
    held_out: bool
    found: list
    labels: list
    comments: list
    texts: list


def document_of(record: dict, index: int) -> Document | None:
    """The record read as newslint reads a JSONL dataset (title as headline, text as body)."""
    fields = {"id": record["id"], "title": record.get("title") or "", "text": record["text"]}
    for item in record_results("pipeline-dev.jsonl", fields, index, ReadOptions()):
        if isinstance(item, Document):
            return item
    return None


def extractor_page(record: dict, document: Document) -> Page:
    """An extractor's output with the label of each of its lines."""
    units = units_of(document.blocks_in("body"))
    labels, comments = record["labels"], set(record.get("comment_lines", ()))
    lines = [document.position(u.block.field, u.block.source_start(u.start))[0] - 1 for u in units]
    return Page(
        f"{record['source']}/{record['extractor']}",
        held_out(record["id"]),
        all_features(units, MAX_WORDS),
        [labels[n] == "boilerplate" if 0 <= n < len(labels) and labels[n] is not None else None for n in lines],
        [n in comments for n in lines],
        [u.text for u in units],
    )


def gold_pages(corpus: str, limit: int):
    """Each pipeline-gold article as a page of content lines, read as a JSONL dataset is."""
    path = os.path.join(corpus, "pipeline-gold.jsonl.gz")
    if not os.path.exists(path):
        return
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle, 1):
            if limit and index > limit:
                break
            record = json.loads(line)
            head, _, body = record["text"].partition("\n\n")
            fields = {"id": record["id"], "title": head, "text": body or head}
            docs = [d for d in record_results("gold.jsonl", fields, index, ReadOptions()) if isinstance(d, Document)]
            if not docs:
                continue
            units = units_of(docs[0].blocks_in("body"))
            found = all_features(units, MAX_WORDS)
            labels = [None if f is not None and not FURNITURE.isdisjoint(f) else False for f in found]
            yield Page(GOLD, held_out(record["id"]), found, labels, [False] * len(units), [u.text for u in units])


def held_out(page_id: str) -> bool:
    """30% of pages, chosen by a hash of the id (both extractors of a page go together)."""
    return int(hashlib.sha1(page_id.encode()).hexdigest()[:8], 16) % 10 < 3


def vector(found: dict[str, float], names: list[str]):
    import numpy as np

    return np.array([found.get(name, 0.0) for name in names])


def fit(X, y, w, l2: float = 1.0, steps: int = 30):
    """Weighted L2 logistic regression by Newton's method: (bias, weights)."""
    import numpy as np

    Xb = np.hstack([np.ones((X.shape[0], 1)), X])
    beta = np.zeros(Xb.shape[1])
    penalty = np.full(Xb.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(Xb @ beta, -30, 30)))
        gradient = Xb.T @ (w * (p - y)) + penalty * beta
        hessian = (Xb * (w * p * (1 - p))[:, None]).T @ Xb + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta[0], beta[1:]


@dataclass
class Model:
    """Both stages' weights, applied as the kind applies them."""

    bias: float
    beta: object
    context_bias: float = 0.0
    context_beta: object = None
    line_threshold: float = 1.0

    def first(self, page: Page) -> list[float]:
        """The first stage's log-odds of every line (PROSE_LOGIT for a line too long to judge)."""
        return [self.bias + float(vector(f, NAMES) @ self.beta) if f is not None else PROSE_LOGIT for f in page.found]

    def second_inputs(self, page: Page) -> list[list[float]]:
        """The second stage's inputs of every line."""
        return [list(row) for row in context(self.first(page))]

    def probabilities(self, page: Page) -> list[float]:
        """The final probability of every line, decided as the kind decides it."""
        from newslint.kinds.boilerplate import BoilerplateKind

        kind = BoilerplateKind(
            weights=dict(zip(NAMES, map(float, self.beta), strict=True)),
            bias=float(self.bias),
            context_weights=dict(zip(INPUTS, map(float, self.context_beta), strict=True))
            if self.context_beta is not None
            else {},
            context_bias=float(self.context_bias),
            line_threshold=self.line_threshold,
        )
        return [chance for chance, _ in kind.decide(self.first(page))]


def training_rows(pages: list[Page], rows_of, gold_weight: float):
    """(X, y, w, train, test, comment, group, group names) over the labelled, judged lines."""
    import numpy as np

    X, y, groups, test, comment = [], [], [], [], []
    for page in pages:
        for row, found, label, is_comment in zip(rows_of(page), page.found, page.labels, page.comments, strict=True):
            if found is None or label is None:
                continue
            X.append(row)
            y.append(float(label))
            groups.append(page.group)
            test.append(page.held_out)
            comment.append(is_comment)
    names = sorted(set(groups))
    group = np.array([names.index(g) for g in groups])
    # Each source/extractor pair weighs the same in the fit, whatever its size.
    w = 1.0 / np.bincount(group, minlength=len(names)).astype(float)[group]
    gold = group == names.index(GOLD) if GOLD in names else np.zeros(len(group), bool)
    w[gold] *= gold_weight
    test, comment = np.array(test), np.array(comment)
    train = ~test & ~comment & (~gold | (gold_weight > 0))
    return np.array(X), np.array(y), w, train, test & ~gold, comment, group, names


def main() -> int:
    """Fit, report on held-out pages and clean copy, optionally write the rule's weights."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=os.path.join(os.path.dirname(HERE), "..", "shared", "corpus"))
    parser.add_argument("--write", action="store_true", help="write the fitted weights into the rule")
    parser.add_argument("--limit", type=int, default=0, help="records to read (0: all)")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--show", type=int, default=0, help="print the N highest-scoring clean-copy lines")
    parser.add_argument(
        "--gold-weight",
        type=float,
        default=1.0,
        help="weight of the clean copy of the training pages, as content lines, against the extractor output (0: leave it out)",
    )
    parser.add_argument(
        "--line-threshold",
        type=float,
        default=0.97,
        help="the rule's line-threshold: a line whose first stage alone scores above it is flagged",
    )
    args = parser.parse_args()
    path = os.path.join(args.corpus, "pipeline-dev.jsonl.gz")
    if not os.path.exists(path):
        print(f"{path} not found: skipping")
        return 0
    pages: list[Page] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle, 1):
            if args.limit and index > args.limit:
                break
            record = json.loads(line)
            document = document_of(record, index)
            if document is not None:
                pages.append(extractor_page(record, document))
    # The clean copy: the extractor output has few of an article's own subheads and short
    # lines, so without it the fit learns that any short capitalised line is furniture.
    gold = list(gold_pages(args.corpus, args.limit))
    pages += [page for page in gold if not page.held_out]

    X, y, w, train, test, comment, group, names = training_rows(
        pages, lambda page: [vector(f, NAMES) if f is not None else None for f in page.found], args.gold_weight
    )
    bias, beta = fit(X[train], y[train], w[train] / w[train].mean(), l2=args.l2)
    model = Model(bias, beta, line_threshold=args.line_threshold)
    Z, *_ = training_rows(pages, model.second_inputs, args.gold_weight)
    model.context_bias, model.context_beta = fit(Z[train], y[train], w[train] / w[train].mean(), l2=args.l2)
    report(model, pages, gold, y, test, comment, group, names, int(train.sum()))
    if args.show:
        print("\nHighest-scoring held-out clean-copy lines:")
        lines = [
            (p, t) for page in gold if page.held_out for p, t in zip(model.probabilities(page), page.texts, strict=True)
        ]
        for prob, text in sorted(lines, reverse=True)[: args.show]:
            print(f"  {prob:.3f} {text[:110]!r}")
    if args.write:
        write_weights(model)
        print(f"\nwrote the weights into {RULE}")
    return 0


def report(model: Model, pages, gold, y, test, comment, group, names, fitted: int) -> None:
    """The weights, then recall and false positives per threshold on the held-out pages."""
    import numpy as np

    print(f"{len(y)} labelled lines ({int(y.sum())} boilerplate), {fitted} used to fit\n")
    print("| feature | weight |\n|---|---|")
    for name, value in sorted(zip(NAMES, model.beta, strict=True), key=lambda t: -abs(t[1])):
        print(f"| {name} | {value:+.2f} |")
    print(f"| (bias) | {model.bias:+.2f} |\n")
    print("| second stage | weight |\n|---|---|")
    for name, value in zip(INPUTS, model.context_beta, strict=True):
        print(f"| {name} | {value:+.2f} |")
    print(f"| (bias) | {model.context_bias:+.2f} |\n")
    p = np.array(
        [
            prob
            for page in pages
            for prob, f, label in zip(model.probabilities(page), page.found, page.labels, strict=True)
            if f is not None and label is not None
        ]
    )
    articles = [
        max((prob for prob, f in zip(model.probabilities(page), page.found, strict=True) if f is not None), default=0.0)
        for page in gold
        if page.held_out
    ]
    print(
        "Held-out pages: boilerplate lines flagged (furniture: comments left out) / content lines flagged; their clean articles with a flagged line"
    )
    shown = [k for k, name in enumerate(names) if name != GOLD]
    print(
        "| threshold | "
        + " | ".join(f"{names[k]} recall / content" for k in shown)
        + " | all recall / content | gold articles |"
    )
    print("|---" * (len(shown) + 3) + "|")
    for threshold in (0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99):
        cells = []
        for k in [*shown, None]:
            mask = test & (True if k is None else group == k)
            furniture = mask & (y == 1) & ~comment
            content = mask & (y == 0)
            recall = (p[furniture] > threshold).mean() if furniture.any() else float("nan")
            false = (p[content] > threshold).mean() if content.any() else float("nan")
            cells.append(f"{recall:.1%} / {false:.2%}")
        flagged = sum(1 for top in articles if top > threshold) / max(len(articles), 1)
        print(f"| {threshold} | " + " | ".join(cells) + f" | {flagged:.1%} |")


def write_weights(model: Model) -> None:
    """Replace both stages' weights and biases in the rule file, keeping the rest."""
    with open(RULE, encoding="utf-8") as handle:
        text = handle.read()
    first = "weights:\n" + "".join(f"  {name}: {value:.3f}\n" for name, value in zip(NAMES, model.beta, strict=True))
    second = "context-weights:\n" + "".join(
        f"  {name}: {value:.3f}\n" for name, value in zip(INPUTS, model.context_beta, strict=True)
    )
    text = re.sub(r"(?m)^weights:\n(?:  .*\n)*", first, text)
    text = re.sub(r"(?m)^bias: .*$", f"bias: {model.bias:.3f}", text)
    if re.search(r"(?m)^context-weights:", text):
        text = re.sub(r"(?m)^context-weights:\n(?:  .*\n)*", second, text)
        text = re.sub(r"(?m)^context-bias: .*$", f"context-bias: {model.context_bias:.3f}", text)
    else:
        text = text.rstrip("\n") + f"\ncontext-bias: {model.context_bias:.3f}\n" + second
    with open(RULE, "w", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":
    sys.exit(main())
