"""Real lines, one at a time: page furniture and article lines of pipeline-dev set into clean articles.

bench/inject.py writes its defects in its own words, so its recall says how well the rules
know those words. Here the lines come from real pages instead: each line that
../shared/corpus/pipeline-dev.jsonl.gz labels boilerplate (reader comments left out) or content,
two to thirty words long, is set alone between two paragraphs of a clean BBC article. A
furniture line found there is found by what it is, with no menu or footer around it to give it
away; an article line flagged there is a line of real copy the rules take for furniture.

This is development data (the rules may be tuned on it); bench/inject_unseen.py stays the
held-out check.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import random
from collections.abc import Iterator

from bench.inject import Injected, clean_articles, render

# The lines are drawn from html-text's output: it keeps every line of the page, so its
# boilerplate lines are what any extractor may leave, and its content lines are the article's.
EXTRACTOR = "html-text"
MIN_WORDS, MAX_WORDS = 2, 30


def labelled_lines(corpus: str, label: str) -> list[str]:
    """The distinct lines of pipeline-dev's html-text records with this label (not reader
    comments), of MIN_WORDS to MAX_WORDS words, sorted."""
    return _lines_by_label(corpus).get(label, [])


@functools.lru_cache(maxsize=2)
def _lines_by_label(corpus: str) -> dict[str, list[str]]:
    """labelled_lines for every label, from one read of the file (both kinds of line are
    asked for in one run)."""
    path = os.path.join(corpus, "pipeline-dev.jsonl.gz")
    found: dict[str, set[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for raw in handle:
            record = json.loads(raw)
            if record["extractor"] != EXTRACTOR:
                continue
            comments = set(record.get("comments") or ())
            lines = record["text"].split("\n")
            for i, (line, got) in enumerate(zip(lines, record["labels"], strict=False)):
                text = line.strip()
                if got is not None and i not in comments and MIN_WORDS <= len(text.split()) <= MAX_WORDS:
                    found.setdefault(got, set()).add(text)
    return {label: sorted(texts) for label, texts in found.items()}


def injected_documents(corpus: str, label: str, count: int = 400, seed: int = 11) -> Iterator[Injected]:
    """`count` clean articles, each with one real line of `label` set between two paragraphs
    (never before the second, so the headline and lede stay the article's)."""
    rng = random.Random(seed)
    lines = list(labelled_lines(corpus, label))  # a copy: the cached list is not shuffled
    rng.shuffle(lines)
    articles = [a for a in clean_articles(corpus, limit=400) if len(a[1]) >= 4]
    for n, line in enumerate(lines[:count]):
        headline, paragraphs = articles[n % len(articles)]
        at = rng.randrange(2, len(paragraphs))
        new = paragraphs[:at] + [line] + paragraphs[at:]
        # render() puts block i (0: the headline) on line 2i + 1; the line is block at + 1.
        yield Injected(render(headline, new), "scraping", frozenset({2 * (at + 1) + 1}), label)
