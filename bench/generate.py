"""Deterministic generator of realistic news articles with defects injected at known rates.

    python bench/generate.py --docs 2000 --txt /tmp/articles          # one .txt per article
    python bench/generate.py --docs 100000 --jsonl /tmp/news.jsonl    # one record per line
    python bench/generate.py --mb 200 --jsonl /tmp/big.jsonl          # until the file is 200 MB

Same seed, same bytes. Each article has a headline, 5-30 paragraphs of sentences, quotes
with "..., said X", sometimes footnotes; defects are injected per article with the rates in
DEFECT_RATES and counted, so a benchmark or test knows how many to expect.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

# Share of articles that get each defect (one draw per article and defect).
DEFECT_RATES: dict[str, float] = {
    "nav-line": 0.10,  # "Skip to content" / "Read also:" line
    "repeated-paragraph": 0.06,  # a paragraph appears twice
    "teaser-copy": 0.06,  # a paragraph's opening cut with "..." before the paragraph itself
    "relay-attribution": 0.05,  # "as reported by TASS"
    "kyiv-kiev": 0.05,  # the article spells the city both ways
    "unreferenced-footnote": 0.05,  # "[1] ..." note with no [1] marker in the body
    "duplicate-headline": 0.02,  # the headline of an earlier article
    "near-duplicate": 0.02,  # an earlier article's body with a sentence added
    "cross-article-teaser": 0.03,  # a teaser of an earlier article's paragraph
}
NAV_LINES = ("Skip to content", "Read also:", "Latest", "Share on Facebook", "Advertisement")
RELAYS = ("TASS", "RIA Novosti", "Reuters", "Interfax", "Xinhua")

SUBJECTS = (
    "The council",
    "The ministry",
    "Local officials",
    "The company",
    "Police",
    "Researchers",
    "The union",
    "Prosecutors",
    "The central bank",
    "Residents",
    "The government",
    "Engineers",
    "The mayor's office",
    "Opposition leaders",
    "The hospital",
    "Investors",
    "Farmers",
    "The court",
    "Teachers",
    "Firefighters",
)
VERBS = (
    "approved",
    "rejected",
    "announced",
    "delayed",
    "criticised",
    "welcomed",
    "reviewed",
    "proposed",
    "investigated",
    "questioned",
    "postponed",
    "defended",
    "expanded",
    "cut",
    "reported",
    "confirmed",
)
OBJECTS = (
    "a plan to rebuild the river bridge",
    "new rules for short-term rentals",
    "the budget for next year",
    "a pay offer for nurses",
    "the closure of two rural schools",
    "an inquiry into the contract",
    "plans for a new tram line",
    "a ban on night flights",
    "the merger of the two utilities",
    "emergency funding for flood repairs",
    "a tax on sugary drinks",
    "the sale of the harbour land",
    "a pilot scheme for free bus travel",
    "the results of the water tests",
    "the new housing targets",
)
TAILS = (
    "on Tuesday",
    "after months of talks",
    "despite strong protests",
    "in a narrow vote",
    "late on Friday",
    "following a public consultation",
    "for the second time this year",
    "without giving a reason",
    "amid rising costs",
    "ahead of the elections",
    "in a statement",
    "at a meeting in the city hall",
)
EXTRAS = (
    "Critics said the decision came too late.",
    "The figures have not been independently verified.",
    "A final vote is expected next month.",
    "Similar schemes have been tried in other regions.",
    "The cost is estimated at 4.2 million euros.",
    "Officials declined to give further details.",
    "The decision affects about 12,000 households.",
    "Talks will resume after the holidays.",
)
PLACES = ("Kyiv", "Lviv", "Odesa", "Brussels", "Warsaw", "Vilnius", "Riga", "Tallinn", "Prague", "Vienna")
PEOPLE = (
    "Maria Kovalenko",
    "John Miller",
    "Ana Petrova",
    "David Okafor",
    "Laura Schmidt",
    "Tomas Novak",
    "Sofia Rossi",
    "Pieter de Vries",
    "Elena Popescu",
    "James Carter",
    "Irina Melnyk",
    "Marco Bianchi",
)
ROLES = (
    "a spokesperson for the ministry",
    "the mayor",
    "a local resident",
    "the union leader",
    "an economist at the university",
    "the head of the agency",
    "a council member",
)
QUOTES = (
    "We will not accept this decision",
    "This is a step in the right direction",
    "The people of this city deserve better",
    "We need more time to study the proposal",
    "Nobody told us about the changes",
    "The numbers simply do not add up",
    "We are working closely with our partners",
    "It is too early to draw conclusions",
)
HEAD_WORDS = (
    "Council",
    "Ministry",
    "Bridge",
    "Budget",
    "Strike",
    "Schools",
    "Tram",
    "Harbour",
    "Flood",
    "Tax",
    "Vote",
    "Talks",
    "Police",
    "Court",
    "Hospital",
    "Farmers",
    "Rents",
    "Water",
    "Airport",
    "Energy",
)
HEAD_VERBS = ("approves", "rejects", "delays", "backs", "halts", "expands", "cuts", "reviews", "plans", "ends")


@dataclass
class Article:
    """One generated article: what it says and which defects it carries."""

    id: str
    title: str
    paragraphs: list[str]
    defects: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The article as a plain-text file: headline, blank line, paragraphs."""
        return self.title + "\n\n" + "\n\n".join(self.paragraphs) + "\n"

    def record(self) -> dict:
        """The article as a JSONL record."""
        return {"id": self.id, "title": self.title, "body": "\n\n".join(self.paragraphs)}


class Generator:
    """Articles from a seeded random stream; keeps a few earlier articles to copy defects from."""

    def __init__(self, seed: int = 1) -> None:
        self.random = random.Random(seed)
        self.counts: Counter[str] = Counter()
        self._recent: list[Article] = []

    def _sentence(self) -> str:
        r = self.random
        text = f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(TAILS)}"
        if r.random() < 0.4:
            text += f" in {r.choice(PLACES)}"
        return text + ". " + (r.choice(EXTRAS) if r.random() < 0.3 else "")

    def _quote(self) -> str:
        r = self.random
        return f"\u201c{r.choice(QUOTES)},\u201d said {r.choice(PEOPLE)}, {r.choice(ROLES)}."

    def _paragraph(self) -> str:
        r = self.random
        parts = [self._sentence().strip() for _ in range(r.randint(1, 4))]
        if r.random() < 0.3:
            parts.append(self._quote())
        return " ".join(parts)

    def article(self, number: int) -> Article:
        """The next article; defects drawn at DEFECT_RATES."""
        r = self.random
        title = f"{r.choice(HEAD_WORDS)} {r.choice(HEAD_VERBS)} {r.choice(OBJECTS)} in {r.choice(PLACES)}"
        title = title[0].upper() + title[1:]
        paragraphs = [self._paragraph() for _ in range(r.randint(5, 30))]
        article = Article(f"a{number:07d}", title, paragraphs)
        hit = {name: r.random() < rate for name, rate in DEFECT_RATES.items()}
        earlier = self._recent[r.randrange(len(self._recent))] if self._recent else None
        if hit["near-duplicate"] and earlier:
            article.paragraphs = list(earlier.paragraphs)
            article.paragraphs[-1] += " " + r.choice(EXTRAS)  # a republished copy with a line added
            article.defects.append("near-duplicate")
        if hit["duplicate-headline"] and earlier:
            article.title = earlier.title
            article.defects.append("duplicate-headline")
        if hit["nav-line"]:
            article.paragraphs.insert(r.randint(0, len(article.paragraphs)), r.choice(NAV_LINES))
            article.defects.append("nav-line")
        if hit["repeated-paragraph"]:
            article.paragraphs.append(r.choice(article.paragraphs[:-1] or article.paragraphs))
            article.defects.append("repeated-paragraph")
        if hit["teaser-copy"]:
            i = r.randrange(len(article.paragraphs))
            words = article.paragraphs[i].split()
            if len(words) > 12:
                article.paragraphs.insert(i, " ".join(words[:10]) + "...")
                article.defects.append("teaser-copy")
        if hit["cross-article-teaser"] and earlier:
            words = r.choice(earlier.paragraphs).split()
            if len(words) > 14:
                article.paragraphs.append(" ".join(words[:12]) + "\u2026")
                article.defects.append("cross-article-teaser")
        if hit["relay-attribution"]:
            article.paragraphs.insert(
                1, f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)}, as reported by {r.choice(RELAYS)}."
            )
            article.defects.append("relay-attribution")
        if hit["kyiv-kiev"]:
            article.paragraphs.insert(1, f"Officials in Kyiv {r.choice(VERBS)} {r.choice(OBJECTS)}.")
            article.paragraphs.append(f"The talks in Kiev {r.choice(TAILS)} were described as difficult.")
            article.defects.append("kyiv-kiev")
        if r.random() < 0.15:  # a real footnote: marker in the body and its definition
            article.paragraphs[0] += " [1]"
            article.paragraphs.append("[1] Figures from the national statistics office.")
        if hit["unreferenced-footnote"]:
            article.paragraphs.append("[2] Source: regional press office.")
            article.defects.append("unreferenced-footnote")
        self.counts.update(article.defects)
        self._recent = (self._recent + [article])[-50:]
        return article

    def articles(self, count: int | None = None, max_bytes: int | None = None) -> Iterator[Article]:
        """`count` articles, or articles until about `max_bytes` of text."""
        size = 0
        number = 0
        while (count is None or number < count) and (max_bytes is None or size < max_bytes):
            number += 1
            article = self.article(number)
            size += len(article.text().encode("utf-8"))
            yield article


def write_txt(directory: str, articles: Iterator[Article]) -> int:
    """One .txt per article under `directory` (100 per subfolder); returns the count."""
    n = 0
    for n, article in enumerate(articles, 1):
        sub = os.path.join(directory, f"{(n - 1) // 100:04d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"{article.id}.txt"), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(article.text())
    return n


def write_jsonl(path: str, articles: Iterator[Article]) -> int:
    """One JSON record per line; returns the count."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        n = 0
        for article in articles:
            handle.write(json.dumps(article.record(), ensure_ascii=False) + "\n")
            n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, help="number of articles")
    parser.add_argument("--mb", type=float, help="generate about this many MB of article text instead")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--txt", metavar="DIR", help="write one .txt per article under DIR")
    parser.add_argument("--jsonl", metavar="FILE", help="write one record per line to FILE")
    args = parser.parse_args(argv)
    if not (args.txt or args.jsonl) or bool(args.txt) == bool(args.jsonl):
        parser.error("give exactly one of --txt DIR or --jsonl FILE")
    if args.docs is None and args.mb is None:
        parser.error("give --docs N or --mb SIZE")
    generator = Generator(args.seed)
    articles = generator.articles(args.docs, int(args.mb * 1e6) if args.mb else None)
    n = write_txt(args.txt, articles) if args.txt else write_jsonl(args.jsonl, articles)
    print(json.dumps({"documents": n, "defects": dict(sorted(generator.counts.items()))}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
