"""Fit the boilerplate kind's weights on extractor output with labelled lines.

    python bench/fit_boilerplate.py [--corpus DIR] [--write] [--limit N]

Reads ../shared/corpus/pipeline-dev.jsonl.gz (every line of two extractors' output labelled
boilerplate or content; see the corpus README) as newslint reads a JSONL dataset, computes the
features of every line (newslint/kinds/boilerplate_features.py), and fits a logistic
regression (L2, Newton's method). Pages are split 70/30 by a hash of their id: the weights
come from the 70, the figures from the 30. Reader comments (dragnet's comment_lines) are
left out of fitting: they are prose, no line feature can tell them apart. The clean copy of the
training pages (pipeline-gold.jsonl.gz) is fitted as content lines too (--gold-weight); that
of the held-out pages gives the share of articles in which a threshold would flag a line.

With --write, the weights and bias replace those in rules/scraping/boilerplate-line.yaml
(the threshold stays as written there: choose it from the table). Skips cleanly when the
corpus is absent. Needs numpy (the test extra has it).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from newslint.document import Document  # noqa: E402
from newslint.kinds.boilerplate_features import FEATURES, all_features, units_of  # noqa: E402
from newslint.readers import ReadOptions  # noqa: E402
from newslint.readers.records import record_results  # noqa: E402

RULE = os.path.join(os.path.dirname(HERE), "rules", "scraping", "boilerplate-line.yaml")
NAMES = list(FEATURES)
MAX_WORDS = 25


def document_of(record: dict, index: int) -> Document | None:
    """The record read as newslint reads a JSONL dataset (title as headline, text as body)."""
    fields = {"id": record["id"], "title": record.get("title") or "", "text": record["text"]}
    for item in record_results("pipeline-dev.jsonl", fields, index, ReadOptions()):
        if isinstance(item, Document):
            return item
    return None


def labelled_units(document: Document, labels: list, comments: set[int]):
    """(features, label, is_comment, words) of each body line with a label."""
    units = units_of(document.blocks_in("body"))
    for unit, found in zip(units, all_features(units, MAX_WORDS), strict=True):
        line = document.position(unit.block.field, unit.block.source_start(unit.start))[0] - 1
        label = labels[line] if 0 <= line < len(labels) else None
        if label is None:
            continue
        yield found, label == "boilerplate", line in comments, unit.words


def held_out(page_id: str) -> bool:
    """30% of pages, chosen by a hash of the id (both extractors of a page go together)."""
    return int(hashlib.sha1(page_id.encode()).hexdigest()[:8], 16) % 10 < 3


def vector(found: dict[str, float]):
    import numpy as np

    return np.array([found.get(name, 0.0) for name in NAMES])


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
    args = parser.parse_args()
    path = os.path.join(args.corpus, "pipeline-dev.jsonl.gz")
    if not os.path.exists(path):
        print(f"{path} not found: skipping")
        return 0
    import numpy as np

    rows, labels, groups, split, comments, words = [], [], [], [], [], []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle, 1):
            if args.limit and index > args.limit:
                break
            record = json.loads(line)
            document = document_of(record, index)
            if document is None:
                continue
            group = f"{record['source']}/{record['extractor']}"
            for found, label, comment, n in labelled_units(
                document, record["labels"], set(record.get("comment_lines", ()))
            ):
                rows.append(found)
                labels.append(label)
                groups.append(group)
                split.append(held_out(record["id"]))
                comments.append(comment)
                words.append(n)
    # The clean copy of the training pages, every line content: the extractor output has few
    # of an article's own subheads and short lines, so without it the fit learns that any
    # short capitalised line is furniture. It counts as one more group of the fit.
    if args.gold_weight:
        for found in gold_units(args.corpus, args.limit):
            rows.append(found)
            labels.append(False)
            groups.append("gold (clean copy)")
            split.append(True)  # figures stay on extractor output; `train` below takes these
            comments.append(False)
            words.append(0)
    gold_row = np.array([g == "gold (clean copy)" for g in groups])
    judged = np.array([r is not None for r in rows])
    X = np.array([vector(r) if r is not None else np.zeros(len(NAMES)) for r in rows])
    y = np.array(labels, dtype=float)
    test = np.array(split)
    comment = np.array(comments)
    group_names = sorted(set(groups))
    group = np.array([group_names.index(g) for g in groups])
    # Each source/extractor pair weighs the same in the fit, whatever its size.
    share = np.bincount(group, minlength=len(group_names)).astype(float)
    w = 1.0 / share[group]
    w[gold_row] *= args.gold_weight
    train = judged & ((~test & ~comment) | gold_row)
    test &= ~gold_row
    bias, beta = fit(X[train], y[train], w[train] / w[train].mean(), l2=args.l2)
    p = np.where(judged, 1.0 / (1.0 + np.exp(-np.clip(bias + X @ beta, -30, 30))), 0.0)
    print(f"{len(rows)} labelled lines ({int(y.sum())} boilerplate), {int(train.sum())} used to fit\n")
    print("| feature | weight |\n|---|---|")
    for name, value in sorted(zip(NAMES, beta, strict=True), key=lambda t: -abs(t[1])):
        print(f"| {name} | {value:+.2f} |")
    print(f"| (bias) | {bias:+.2f} |\n")
    gold = clean_copy(args.corpus, bias, beta, args.limit)
    print(
        "Held-out pages: boilerplate lines flagged (furniture: comments left out) / content lines flagged; their clean articles with a flagged line"
    )
    print(
        "| threshold | "
        + " | ".join(f"{g} recall / content" for g in group_names)
        + " | all recall / content | gold articles |"
    )
    print("|---" * (len(group_names) + 3) + "|")
    for threshold in (0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99):
        cells = []
        for k in list(range(len(group_names))) + [None]:
            mask = test & (True if k is None else group == k)
            furniture = mask & (y == 1) & ~comment
            content = mask & (y == 0)
            recall = (p[furniture] > threshold).mean() if furniture.any() else float("nan")
            false = (p[content] > threshold).mean() if content.any() else float("nan")
            cells.append(f"{recall:.1%} / {false:.2%}")
        flagged_gold = sum(1 for doc in gold if max(doc, default=0.0) > threshold) / max(len(gold), 1)
        print(f"| {threshold} | " + " | ".join(cells) + f" | {flagged_gold:.1%} |")
    if args.show:
        texts = examples(args.corpus, bias, beta, args.limit)
        print("\nHighest-scoring clean-copy lines:")
        for prob, text in texts[: args.show]:
            print(f"  {prob:.3f} {text[:110]!r}")
    if args.write:
        write_weights(bias, beta)
        print(f"\nwrote the weights into {RULE}")
    return 0


def gold_units(corpus: str, limit: int):
    """Features of every line of the clean copy of the training pages (not the held-out 30%)."""
    for record, units in gold_documents(corpus, limit):
        if not held_out(record["id"]):
            for found in all_features(units, MAX_WORDS):
                # Furniture the annotators kept (bylines, dates, credits, copyright lines) is
                # left out, as the labels of the extractor output leave it out (null).
                if found is None or not FURNITURE.isdisjoint(found):
                    continue
                yield found


FURNITURE = frozenset({"byline", "copyright", "date-or-time"})


def gold_documents(corpus: str, limit: int):
    """(record, body lines) of each pipeline-gold article, read as a JSONL dataset is."""
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
            if docs:
                yield record, units_of(docs[0].blocks_in("body"))


def probability(found: dict[str, float], bias: float, beta) -> float:
    """The fitted model's probability for one line's features."""
    import numpy as np

    return float(1.0 / (1.0 + np.exp(-(bias + vector(found) @ beta))))


def clean_copy(corpus: str, bias: float, beta, limit: int) -> list[list[float]]:
    """Per clean article of the held-out pages: the probability of each of its lines."""
    return [
        [probability(f, bias, beta) for f in all_features(units, MAX_WORDS) if f is not None]
        for record, units in gold_documents(corpus, limit)
        if held_out(record["id"])
    ]


def examples(corpus: str, bias: float, beta, limit: int) -> list[tuple[float, str]]:
    """(probability, text) of the held-out clean-copy lines, highest first."""
    found = []
    for record, units in gold_documents(corpus, limit):
        if held_out(record["id"]):
            for unit, f in zip(units, all_features(units, MAX_WORDS), strict=True):
                if f is not None:
                    found.append((probability(f, bias, beta), unit.text))
    return sorted(found, reverse=True)


def write_weights(bias: float, beta) -> None:
    """Replace the `weights:` mapping and `bias:` of the rule file, keeping the rest."""
    with open(RULE, encoding="utf-8") as handle:
        text = handle.read()
    block = "weights:\n" + "".join(f"  {name}: {value:.3f}\n" for name, value in zip(NAMES, beta, strict=True))
    text = re.sub(r"(?m)^weights:\n(?:  .*\n)*", block, text)
    text = re.sub(r"(?m)^bias: .*$", f"bias: {bias:.3f}", text)
    with open(RULE, "w", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":
    sys.exit(main())
