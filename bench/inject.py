"""Inject known defects into clean articles, to measure recall per pack (bench/quality.py).

Phrasings are deliberately different from the reference article and from the rules' own
examples, so the recall says how well the rules generalise, not whether they memorised.
Clean articles come from ../shared/corpus/bbc-dev.jsonl.gz when present, else from a few
articles written here.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

FALLBACK = [
    (
        "Harbour plan approved after long debate",
        [
            "Councillors in Portvale have approved a plan to redevelop the old harbour after a debate lasting more than six hours.",
            "The scheme will replace the fish market with 400 flats, a marina and a public square, the council said.",
            "Opposition members argued that the cost had risen by a third since the plan was first published last spring.",
            '"We have listened to residents and changed the design twice," said council leader Ann Moss.',
            "Work is expected to start next year and to take about four years to complete.",
        ],
    ),
    (
        "Rail operator fined over late trains",
        [
            "The regulator has fined a regional rail operator 2m pounds after a year of late and cancelled trains.",
            "Only 61% of services arrived on time in the twelve months to March, well below the 85% target.",
            "The company said staff shortages and ageing trains were to blame and apologised to passengers.",
            '"Passengers deserve better, and this penalty reflects that," a spokesperson for the regulator said.',
            "The operator has until the end of the year to publish an improvement plan.",
        ],
    ),
]


@dataclass(frozen=True)
class Injected:
    """One article with one injected defect: the pack that should flag it and on which lines."""

    text: str
    pack: str
    lines: frozenset[int]
    label: str


Article = tuple[str, list[str]]
# An injector gets (rng, headline, paragraphs) and returns (headline, paragraphs, indexes of
# the defective blocks, where index 0 is the headline and i >= 1 is paragraph i - 1).
Injector = Callable[[random.Random, str, list[str]], tuple[str, list[str], list[int]]]


def _insert(paragraphs: list[str], at: int, *new: str) -> list[str]:
    return paragraphs[:at] + list(new) + paragraphs[at:]


def _lines_line(rng, headline, paragraphs, choices, where="any"):
    line = rng.choice(choices)
    at = {"start": 0, "end": len(paragraphs)}.get(where, rng.randrange(1, len(paragraphs)))
    return headline, _insert(paragraphs, at, line), [at + 1]


SCRAPING_LINES = [
    "Skip to navigation",
    "Most Read",
    "Related Stories",
    "More on this story",
    "Top Stories",
    "You might also like",
    "Share this article",
    "Share on WhatsApp",
    "Follow us on Twitter",
    "Sign up for our politics newsletter",
    "Subscribe to continue reading",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Image copyright Getty Images",
    "Photo: Jane Roe/AP",
    "Featured image via Wikimedia Commons",
    "We use cookies to personalise content and ads.",
    "Click here to read the full report",
    "Continue reading",
    "Loading...",
    "42 Comments",
    "Key Takeaways",
    "Looking Ahead",
    "Final Thoughts",
    "Print this page",
    "Email this story",
    "Related: Markets slide as oil jumps",
    "Home > Business > Economy",
    "Trending Now",
    "Already a subscriber? Sign in",
    "Manage cookie settings",
    "Editor's Picks",
]


def scraping_line(rng, headline, paragraphs):
    """A navigation, widget, prompt, credit or template line between paragraphs."""
    return _lines_line(rng, headline, paragraphs, SCRAPING_LINES, where=rng.choice(["start", "end", "any"]))


def scraping_inline(rng, headline, paragraphs):
    """An entity, tag, mojibake or wiki leftover inside a sentence."""
    i = rng.randrange(len(paragraphs))
    words = paragraphs[i].split(" ")
    k = rng.randrange(1, max(2, len(words) - 1))
    junk = rng.choice(
        ["&nbsp;", "&#8220;", "<br>", "</span>", "â€œ", "â€”", "Ã¨", "[citation needed]", "[edit]", "&quot;"]
    )
    words.insert(k, junk)
    return headline, paragraphs[:i] + [" ".join(words)] + paragraphs[i + 1 :], [i + 1]


def repeated_headline(rng, headline, paragraphs):
    """The headline again somewhere in the body."""
    at = rng.randrange(1, len(paragraphs) + 1)
    return headline, _insert(paragraphs, at, headline), [at + 1]


def duplicate_paragraph(rng, headline, paragraphs):
    """A paragraph copied further down."""
    i = rng.randrange(len(paragraphs))
    at = rng.randrange(i + 1, len(paragraphs) + 1)
    return headline, _insert(paragraphs, at, paragraphs[i]), [at + 1]


def teaser_copy(rng, headline, paragraphs):
    """The first words of a paragraph cut off with an ellipsis, placed just before it."""
    candidates = [i for i, p in enumerate(paragraphs) if len(p.split()) >= 12] or [0]
    i = rng.choice(candidates)
    words = paragraphs[i].split()
    cut = " ".join(words[: rng.randrange(6, min(len(words) - 2, 20) + 1)]) if len(words) > 8 else " ".join(words[:-1])
    teaser = cut.rstrip(",;:") + rng.choice(["...", "…", " ...", " [...]"])
    return headline, _insert(paragraphs, i, teaser), [i + 1]


SYNONYMS = {
    "said": "stated",
    "says": "states",
    "rise": "increase",
    "rose": "climbed",
    "fell": "dropped",
    "company": "firm",
    "firm": "company",
    "big": "large",
    "large": "big",
    "plan": "proposal",
    "increase": "rise",
    "buy": "purchase",
    "sell": "offload",
    "people": "individuals",
    "government": "administration",
    "expected": "anticipated",
    "also": "additionally",
    "help": "assist",
    "show": "reveal",
    "shows": "reveals",
    "start": "begin",
    "new": "fresh",
}


def paraphrase(rng, headline, paragraphs):
    """A spun copy of a long paragraph: synonyms swapped, a clause moved."""
    candidates = [i for i, p in enumerate(paragraphs) if len(p.split()) >= 18] or [
        max(range(len(paragraphs)), key=lambda j: len(paragraphs[j]))
    ]
    i = rng.choice(candidates)
    words = [SYNONYMS.get(w, w) for w in paragraphs[i].split()]
    if "," in paragraphs[i]:
        head, _, tail = " ".join(words).partition(", ")
        spun = tail[:1].upper() + tail[1:].rstrip(".") + ", " + head[:1].lower() + head[1:] + "."
    else:
        spun = "In other words, " + " ".join(words)
    at = rng.randrange(i + 1, len(paragraphs) + 1)
    return headline, _insert(paragraphs, at, spun), [at + 1]


STRAY_HEADLINES = [
    "Markets Slide as Oil Prices Jump to Record High",
    "Minister Vows Crackdown on Online Scams",
    "Storm Forces Closure of Coastal Roads Across the Region",
    "Star Striker Signs New Five-Year Deal",
    "Inflation Falls Faster Than Economists Expected",
    "Hospital Waiting Lists Reach New Peak",
]


def stray_headline(rng, headline, paragraphs):
    """Another story's title-case headline between two paragraphs."""
    return _lines_line(rng, headline, paragraphs, STRAY_HEADLINES)


NOTES = [
    "Figures from the annual report of the national statistics office.",
    "The company declined to comment on the figures when contacted.",
    "Interview conducted by telephone on the day of publication.",
    "Exchange rates at the close of trading on Friday.",
]


def notes_without_markers(rng, headline, paragraphs):
    """Numbered notes at the end, none referenced in the body."""
    notes = [f"[{n}] {rng.choice(NOTES)}" for n in (1, 2)]
    start = len(paragraphs)
    return headline, paragraphs + notes, [start + 1, start + 2]


def duplicate_note_numbers(rng, headline, paragraphs):
    """Notes numbered 1, 2, 1 with markers in the body."""
    body = list(paragraphs)
    body[0] = body[0].rstrip(".") + " [1]."
    body[-1] = body[-1].rstrip(".") + " [2]."
    notes = [f"[1] {NOTES[0]}", f"[2] {NOTES[1]}", f"[1] {NOTES[2]}"]
    return headline, body + notes, [len(body) + 3]


def taxonomy_slug(rng, headline, paragraphs):
    """A CMS section slug in a note or sentence."""
    slug = rng.choice(
        [
            "politics-and-government",
            "world-news",
            "business-and-economy",
            "arts-and-culture",
            "science-and-technology",
            "health-news",
            "us-news",
        ]
    )
    i = rng.randrange(len(paragraphs))
    text = paragraphs[i].rstrip(".") + f", filed under {slug}."
    return headline, paragraphs[:i] + [text] + paragraphs[i + 1 :], [i + 1]


def bare_quote_headline(rng, headline, paragraphs):
    """A headline that is only a quotation."""
    quote = rng.choice(
        [
            "\u201cWe cannot keep paying for their mistakes\u201d",
            "'This is the worst deal in a generation'",
            '"Nobody told us the plant would close"',
        ]
    )
    return quote, paragraphs, [0]


def truncated_quote(rng, headline, paragraphs):
    """A quotation cut off mid-sentence."""
    i = rng.randrange(len(paragraphs))
    quote = rng.choice(
        [
            '"We were ready to sign, and then..."',
            "\u201cThe numbers looked fine until\u2026\u201d",
            "'They promised a refund, but...'",
        ]
    )
    return headline, paragraphs[:i] + [paragraphs[i] + " " + quote] + paragraphs[i + 1 :], [i + 1]


ATTRIBUTION_SENTENCES = [
    "The deal was agreed in principle last week, as reported by Xinhua.",
    "The minister will resign before the summer, according to RIA Novosti.",
    "The bank is preparing to cut 500 jobs, people familiar with the matter said.",
    "Sources close to the board say the chairman will step down.",
    "The company plans to move its headquarters abroad, according to an unnamed official.",
    "The regulator intends to block the merger before the end of the year.",
    "Many experts believe the decision was rushed.",
    "It is widely believed that the talks will fail.",
    "The government aims to silence its critics ahead of the vote.",
    "The figures, first reported by Bloomberg, show a sharp fall in orders.",
]


def attribution_sentence(rng, headline, paragraphs):
    """Relay, anonymous, weasel or intent-claim sentence as its own paragraph."""
    return _lines_line(rng, headline, paragraphs, ATTRIBUTION_SENTENCES)


VARIANTS = [
    ("Kyiv", "Kiev"),
    ("Gadhafi", "Qaddafi"),
    ("al-Qaeda", "al-Qaida"),
    ("Odesa", "Odessa"),
    ("Kharkiv", "Kharkov"),
    ("Zelenskyy", "Zelensky"),
]


def variant_spelling(rng, headline, paragraphs):
    """One name spelled two ways in two inserted sentences (either may be flagged)."""
    a, b = rng.choice(VARIANTS)
    first = (
        f"Officials in {a} have been following the case closely."
        if a[0].isupper() and " " not in a
        else f"Analysts linked the group to {a} last year."
    )
    second = (
        f"A spokesman for {b} said there would be no further comment."
        if b[0].isupper()
        else f"Others doubted any link to {b}."
    )
    at = rng.randrange(0, len(paragraphs))
    paragraphs = _insert(paragraphs, at, first)
    at2 = rng.randrange(at + 1, len(paragraphs) + 1)
    return headline, _insert(paragraphs, at2, second), [at + 1, at2 + 1]


def title_casing(rng, headline, paragraphs):
    """The same title before a name cased two ways (either may be flagged)."""
    title = rng.choice(
        [
            ("US President", "US president"),
            ("Prime Minister", "prime minister"),
            ("French Foreign Minister", "French foreign minister"),
        ]
    )
    name = rng.choice(["Maria Lopez", "John Adair", "Helen Park"])
    first = f"{title[0]} {name} welcomed the news on Monday."
    second = f"Later, {title[1]} {name} said more work was needed."
    at = rng.randrange(0, len(paragraphs))
    paragraphs = _insert(paragraphs, at, first)
    at2 = rng.randrange(at + 1, len(paragraphs) + 1)
    return headline, _insert(paragraphs, at2, second), [at + 1, at2 + 1]


# The one registry of injectors: name -> (pack, function).
INJECTORS: dict[str, tuple[str, Injector]] = {
    "scraping-line": ("scraping", scraping_line),
    "scraping-inline": ("scraping", scraping_inline),
    "repeated-headline": ("repetition", repeated_headline),
    "duplicate-paragraph": ("repetition", duplicate_paragraph),
    "teaser-copy": ("repetition", teaser_copy),
    "paraphrase": ("repetition", paraphrase),
    "stray-headline": ("repetition", stray_headline),
    "notes-without-markers": ("footnotes", notes_without_markers),
    "duplicate-note-numbers": ("footnotes", duplicate_note_numbers),
    "taxonomy-slug": ("footnotes", taxonomy_slug),
    "bare-quote-headline": ("attribution", bare_quote_headline),
    "truncated-quote": ("attribution", truncated_quote),
    "attribution-sentence": ("attribution", attribution_sentence),
    "variant-spelling": ("consistency", variant_spelling),
    "title-casing": ("consistency", title_casing),
}


def clean_articles(corpus: str | None, limit: int = 120) -> list[Article]:
    """Clean (headline, paragraphs) pairs: BBC articles when the corpus is there."""
    path = os.path.join(corpus, "bbc-dev.jsonl.gz") if corpus else ""
    if not path or not os.path.exists(path):
        return FALLBACK
    articles = []
    for line in gzip.open(path, "rt", encoding="utf-8"):
        record = json.loads(line)
        paragraphs = [p.strip() for p in record["text"].split("\n") if p.strip()]
        if len(paragraphs) >= 4:
            articles.append((record["title"].strip(), paragraphs))
        if len(articles) >= limit:
            break
    return articles


def render(headline: str, paragraphs: list[str]) -> str:
    """Headline and paragraphs separated by blank lines: block i is on line 2i + 1."""
    return "\n\n".join([headline] + paragraphs) + "\n"


def injected_documents(corpus: str | None = None, per_injector: int = 60, seed: int = 7) -> Iterator[Injected]:
    """`per_injector` articles per defect type, each with exactly one injected defect."""
    rng = random.Random(seed)
    articles = clean_articles(corpus)
    for name, (pack, inject) in INJECTORS.items():
        for n in range(per_injector):
            headline, paragraphs = articles[(n * 7 + len(name)) % len(articles)]
            new_headline, new_paragraphs, blocks = inject(rng, headline, list(paragraphs))
            lines = frozenset(2 * b + 1 for b in blocks)
            yield Injected(render(new_headline, new_paragraphs), pack, lines, name)
