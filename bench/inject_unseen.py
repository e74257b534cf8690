"""Held-out defect injection: defects in phrasings the rules and bench/inject.py never used.

bench/inject.py's phrasings were written by the people who wrote the rules, and its hosts are
the BBC articles the rules were tuned on. This injector is the held-out check
(`python bench/quality.py --only unseen`): the phrasings below were written from what real
pages, extractors and rewriting tools produce (menus of real sites, WordPress share bars,
wire-service bylines and credits, state-media relays as wire copy writes them, misspelt
names, ...) without looking at which of them the rules catch, and the hosts are clean
articles of ../shared/corpus/pipeline-gold.jsonl.gz (other sites and years), chosen by shape
with a fixed seed.

Keep it held out: do not tune rules against these phrasings or add them to rule lists or
examples. They also avoid the examples quoted in issue 13 (the team tunes on those), and
tests/test_bench_quality.py fails when a rule's examples or case files or bench/inject.py
come to share one. When a rule improves because of a phrasing here, the figure stops meaning anything;
add new phrasings instead (and say so in bench/README.md, since the figures then change).

Each defect says which packs may catch it (`accept`): a related-story link line is both
boilerplate (scraping) and a stray headline (repetition), for instance. `pack` is the pack
its recall is reported under.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

Article = tuple[str, list[str]]
# An injector gets (rng, headline, paragraphs) and returns (headline, paragraphs, blocks):
# block 0 is the headline, block i >= 1 is paragraph i - 1 (as in bench/inject.py).
Injector = Callable[[random.Random, str, list[str]], tuple[str, list[str], list[int]]]


@dataclass(frozen=True)
class Injected:
    """One host article with one injected defect."""

    text: str  # the article with the defect
    host: str  # the same article without it (for telling new findings from the host's own)
    pack: str  # the pack the defect's recall is reported under
    accept: frozenset[str]  # packs whose finding on one of `lines` counts as catching it
    lines: frozenset[int]  # 1-based lines of `text` that hold the defect
    label: str  # the defect type (an INJECTORS key)


# Hosts when the corpus is absent (tests, a fresh checkout): invented articles.
FALLBACK: list[Article] = [
    (
        "Library reopens after two-year refit",
        [
            "The central library in Dunmore reopened on Saturday after a refit that took two years and cost 14 million dollars.",
            "The building now has a children's floor, a recording studio and study rooms that can be booked online.",
            "More than 3,000 people came through the doors on the first day, staff said, many of them to return books borrowed before the closure.",
            '"People kept asking us when they could come back, and now they can," said head librarian Rosa Delgado.',
            "The old reading room, with its painted ceiling, has been restored and will host concerts in the evenings.",
            "Opening hours are longer than before the refit, with the library open until nine on weekdays.",
        ],
    ),
    (
        "Ferry service to island cut to three days a week",
        [
            "The ferry to Carrick Island will sail only three days a week from next month because one of its two boats needs repairs.",
            "Islanders said the cut would make it hard to get to hospital appointments and to take goods to market.",
            "The operator said the repairs were unavoidable and would take at least ten weeks.",
            '"We know this is a difficult time for the island and we are sorry," a spokesman for the operator said.',
            "A charter boat will carry urgent freight on the days the ferry does not sail.",
            "The island's council has asked the regional government to pay for a replacement vessel.",
        ],
    ),
]


# --- hosts ------------------------------------------------------------------------------

END_MARKS = tuple('.!?"\u201d\u2019)')


def host_of(text: str) -> Article | None:
    """A gold text as (headline, paragraphs) when it has the shape of an article, else None.

    Shape only (never the rules' findings), so the hosts do not change when the rules do:
    a first paragraph short enough to be a headline, 6-40 paragraphs after it, most of them
    sentences, and at most 1,500 words."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) < 7 or len(paragraphs) > 41:
        return None
    headline, body = paragraphs[0], paragraphs[1:]
    if not 3 <= len(headline.split()) <= 16 or headline.endswith(".") or headline.startswith(("(", "[", '"')):
        return None
    sentences = [p for p in body if len(p.split()) >= 12 and p.endswith(END_MARKS)]
    words = sum(len(p.split()) for p in paragraphs)
    if len(sentences) < max(5, 0.6 * len(body)) or words > 1500:
        return None
    return headline, body


def load_hosts(corpus: str | None, count: int = 160, seed: int = 13) -> list[Article]:
    """`count` article-shaped clean texts of pipeline-gold (dragnet pages), in a seeded order."""
    path = os.path.join(corpus, "pipeline-gold.jsonl.gz") if corpus else ""
    if not path or not os.path.exists(path):
        return list(FALLBACK)
    found = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["source"] != "dragnet":  # news and blog pages; CleanEval is general web text
                continue
            host = host_of(record["text"])
            if host is not None:
                found.append((record["id"], host))
    found.sort()
    random.Random(seed).shuffle(found)
    return [host for _, host in found[:count]]


# --- helpers ----------------------------------------------------------------------------


def _insert(paragraphs: list[str], at: int, *new: str) -> list[str]:
    return paragraphs[:at] + list(new) + paragraphs[at:]


def _line_between(rng: random.Random, headline: str, paragraphs: list[str], text: str, where: str = "any"):
    at = {"start": 0, "end": len(paragraphs)}.get(where, rng.randrange(1, len(paragraphs)))
    return headline, _insert(paragraphs, at, text), [at + 1]


def _where(rng: random.Random) -> str:
    return rng.choice(["start", "end", "any", "any"])


def _long(paragraphs: list[str], words: int = 15) -> list[int]:
    found = [i for i, p in enumerate(paragraphs) if len(p.split()) >= words]
    return found or list(range(len(paragraphs)))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])", text) if s]


# --- scraping: page furniture ---------------------------------------------------------------

MENUS = [
    "News | Sport | Weather | Travel | Money | Motoring | Jobs",
    "World U.S. Politics Business Tech Health Entertainment Style Travel",
    "Lottery Results",
    "Obituaries",
    "Real Estate",
    "Crosswords & Games",
    "e-Edition",
    "Local News \u00b7 Crime \u00b7 Courts \u00b7 Schools \u00b7 Traffic",
    "You are here: Front page / Regional / County council",
    "\u00ab Older Entries | Newer Entries \u00bb",
    "Page 2 of 4",
    "1 2 3 4 5 Next \u203a Last \u00bb",
    "About | Advertise | Careers | Corrections | Terms of Service",
    "Most Emailed",
    "MORE FROM OPINION",
    "Elsewhere on the web",
    "Newsletters Podcasts Events Store",
    "Sign In Register",
]

WIDGETS = [
    "Print Email Font Resize",
    "Text size: A A A",
    "Reprints & Permissions",
    "Share this: Click to share on Twitter (Opens in new window)",
    "Click to email a link to a friend (Opens in new window)",
    "Facebook Twitter Google+ Reddit StumbleUpon",
    "Recommend this story",
    "View Comments (24)",
    "Tweet 14 Like 62 +1",
    "Post to Facebook Post to Twitter Send by email",
    "Share Article via Facebook Share Article via Twitter",
    "AddThis Sharing Buttons",
    "Email Article | Print Article | Comments (3)",
    "Bookmark and Share",
]

BYLINES = [
    "By Karen Whitfield and Omar Haddad, Staff Writers",
    "By JONATHAN PRICE / Associated Press",
    "Posted by admin on March 4, 2012 at 9:12am",
    "Published 11:42 AM EDT Jun 3, 2019",
    "Updated: Tue, 12 Nov 2019 06:45:12 GMT",
    "2019-11-19T05:45:00+00:00",
    "Last updated on 14 February 2013, 16:02",
    "First published on Wed 5 Sep 2018 11.30 BST",
    "Dec. 4, 2012 | 3:17 p.m.",
    "Story by Mara Lind | Photos by Jo Ng",
    "Thursday 07 March 2013",
    "Special to The Herald-Courier",
    "Staff Reporter",
    "4 min read",
]

CREDITS = [
    "Photo: Getty Images",
    "(Photo by Chip Vance/Getty Images)",
    "Image: Reuters/Kim Sung-ho",
    "Credit: AFP via Getty Images",
    "Photograph: Andy Rain/EPA",
    "AP Photo/Evan Fuller",
    "Picture: Supplied",
    "Pic: PA Wire",
    "(Courtesy photo)",
    "Illustration by Dana Ortiz for The Daily Ledger",
]

CONTACTS = [
    "Write to Lena Ortiz at lena.ortiz@dailyledger.com",
    "Reporting by Ana Ruiz in Madrid; Editing by Mark Heinrich",
    "Additional reporting by Priya Nair in New Delhi.",
    "Contact reporter Sam Okafor at 555-0142 or sokafor@heraldcourier.com.",
    "Associated Press writers Tom Lee in Seoul and Mari Tanaka in Tokyo contributed to this report.",
    "Got a news tip? Email us at tips@metrodesk.com",
    "Compiled by staff from wire reports.",
    "This story has been corrected to show the meeting is on Thursday, not Tuesday.",
]

NOTICES = [
    "Copyright 2012 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "\u00a9 2013 Northfield Media Group, Inc.",
    "Something went wrong. Please refresh the page and try again.",
    "Your browser does not support the video element.",
    "Please enable JavaScript to view the comments powered by Disqus.",
    "This video is no longer available.",
    "Sorry, this content is not available in your region.",
    "Enter your email address to receive notifications of new posts by email.",
    "Get our morning headlines delivered to your inbox.",
    "This article is for subscribers only. Already have an account? Log in.",
    "Advertisement - Continue Reading Below",
    "Sponsored Links",
    "By clicking Submit, you agree to our Terms and acknowledge our Privacy Notice.",
    "Comments are moderated and may take up to 24 hours to appear.",
]

RELATED = [
    "Man charged after crash on A38 near Derby",
    "Council tax to rise by 5% in April",
    "Five things we learned from the budget",
    "Police name woman found dead in flat",
    "Lampard leaves Everton by mutual consent",
    "Watch: Firefighters rescue dog from frozen lake",
    "Gallery: Best pictures from the county show",
    "Inside the race to build a cheaper robot vacuum",
    "Why house prices keep rising",
    "Teen arrested over school threats",
]

GLUE = ["", " ", "\u00a0", "  "]


def menu_line(rng, headline, paragraphs):
    """A site menu, breadcrumb, pager or section word as its own line."""
    return _line_between(rng, headline, paragraphs, rng.choice(MENUS), _where(rng))


def widget_line(rng, headline, paragraphs):
    """A share, print, comment or reprint widget in wordings of real share bars."""
    return _line_between(rng, headline, paragraphs, rng.choice(WIDGETS), rng.choice(["start", "end", "any"]))


def byline_dateline(rng, headline, paragraphs):
    """A byline, dateline, timestamp or reading-time line near the top (sometimes the end)."""
    at = rng.choice([0, 0, 1, len(paragraphs)])
    return headline, _insert(paragraphs, at, rng.choice(BYLINES)), [at + 1]


def credit_run_on(rng, headline, paragraphs):
    """A photo credit run onto the end of a body line, as extractors glue captions on."""
    i = rng.choice(_long(paragraphs))
    text = paragraphs[i] + rng.choice(GLUE) + rng.choice(CREDITS)
    return headline, paragraphs[:i] + [text] + paragraphs[i + 1 :], [i + 1]


def credit_line(rng, headline, paragraphs):
    """A photo credit as its own line."""
    return _line_between(rng, headline, paragraphs, rng.choice(CREDITS))


def contact_line(rng, headline, paragraphs):
    """A reporter credit, contact line or correction note at the end."""
    return _line_between(rng, headline, paragraphs, rng.choice(CONTACTS), rng.choice(["end", "end", "any"]))


def notice_line(rng, headline, paragraphs):
    """A legal notice, player error, comment-system prompt, newsletter box or ad slot."""
    return _line_between(rng, headline, paragraphs, rng.choice(NOTICES), _where(rng))


def related_link(rng, headline, paragraphs):
    """Another story's headline in sentence case, as a related-stories box leaves it."""
    return _line_between(rng, headline, paragraphs, rng.choice(RELATED))


# "&#39;" with its ampersand lost, other entity spellings, and a doubly mis-decoded apostrophe.
APOSTROPHE_JUNK = ["#39;", "&#039;", "&rsquo;", "\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2", "&#x27;"]
AMPERSAND_JUNK = ["&amp;amp;", "#38;", "&#160;"]
CURRENCY_JUNK = ["\u00c2\u00a35m", "\u00c2\u00a0", "&pound;20"]


def _apostrophe_word(rng, paragraphs) -> tuple[int, str] | None:
    found = [(i, m.start()) for i, p in enumerate(paragraphs) for m in re.finditer(r"(?<=\w)['\u2019](?=\w)", p)]
    return rng.choice(found) if found else None


def entity_remnant(rng, headline, paragraphs):
    """An entity or encoding leftover not written as bench/inject.py writes it."""
    kind = rng.choice(["apostrophe", "apostrophe", "ampersand", "pound", "replacement"])
    hit = _apostrophe_word(rng, paragraphs) if kind in ("apostrophe", "replacement") else None
    if hit is not None:
        i, at = hit
        junk = rng.choice(APOSTROPHE_JUNK) if kind == "apostrophe" else "\ufffd"
        text = paragraphs[i][:at] + junk + paragraphs[i][at + 1 :]
        return headline, paragraphs[:i] + [text] + paragraphs[i + 1 :], [i + 1]
    i = rng.choice(_long(paragraphs))
    words = paragraphs[i].split(" ")
    k = rng.randrange(1, len(words))
    words.insert(k, rng.choice(AMPERSAND_JUNK if kind == "ampersand" else CURRENCY_JUNK))
    return headline, paragraphs[:i] + [" ".join(words)] + paragraphs[i + 1 :], [i + 1]


# --- repetition -----------------------------------------------------------------------------

SITE_SUFFIXES = [
    " | Sky News",
    " - The Washington Post",
    " \u2013 NBC News",
    " | Reuters",
    " - CNN.com",
    " :: Slashdot",
    " | Local News | dailyherald.com",
    " - Yahoo! News",
]


def suffixed_headline(rng, headline, paragraphs):
    """The page title ("Headline | Site") above the headline, or again after the body."""
    titled = headline + rng.choice(SITE_SUFFIXES)
    if rng.random() < 0.6:  # html-text's layout: the <title> first, then the headline
        return titled, [headline] + paragraphs, [0, 1]
    return headline, paragraphs + [titled], [len(paragraphs) + 1]


TEASER_ENDS = [
    " (more\u2026)",
    " Read more \u00bb",
    " \u2192 Continue reading",
    "\u2026 Full story",
    " [Read the rest]",
    " ... read on",
]


def teaser_more(rng, headline, paragraphs):
    """The first sentence (or first words) of a paragraph with a 'read more' link, above it."""
    i = rng.choice(_long(paragraphs, 20))
    sentences = _sentences(paragraphs[i])
    if len(sentences) > 1 and rng.random() < 0.5:
        teaser = sentences[0]
    else:
        words = paragraphs[i].split()
        teaser = " ".join(words[: max(5, min(len(words) - 3, rng.randrange(10, 25)))])
    teaser = teaser.rstrip(" ,;:") + rng.choice(TEASER_ENDS)
    at = rng.choice([0, i])
    return headline, _insert(paragraphs, at, teaser), [at + 1]


SPIN = {
    "announced": "unveiled",
    "important": "significant",
    "because": "since",
    "about": "roughly",
    "many": "numerous",
    "need": "require",
    "needs": "requires",
    "use": "utilise",
    "used": "utilised",
    "get": "obtain",
    "make": "create",
    "told": "informed",
    "think": "believe",
    "before": "prior to",
    "after": "following",
    "said": "noted",
    "says": "notes",
    "more": "additional",
    "show": "demonstrate",
    "try": "attempt",
    "but": "yet",
    "very": "extremely",
    "big": "major",
    "small": "minor",
    "start": "commence",
    "find": "discover",
    "found": "discovered",
    "help": "aid",
    "buy": "acquire",
    "people": "persons",
    "children": "kids",
    "car": "vehicle",
    "house": "home",
    "job": "role",
    "money": "funds",
    "problem": "issue",
    "problems": "issues",
    "quickly": "rapidly",
    "often": "frequently",
    "went": "headed",
    "want": "wish",
    "wants": "wishes",
    "keep": "retain",
    "month": "period",
    "week": "seven days",
    "also": "furthermore",
    "plan": "scheme",
    "work": "labour",
}
COMMON_OPENING_WORDS = frozenset(
    "The A An It This That But And In On At For Some Many Most Their His Her Its There These Those When While After Before If As".split()
)
OPENERS = ["Notably, ", "What's more, ", "Put simply, ", "It is worth noting that ", "Essentially, "]


def spun_paragraph(rng, headline, paragraphs):
    """A spun copy of a paragraph: other synonyms, sentences reordered, an opener added."""
    i = rng.choice(_long(paragraphs, 25))
    sentences = _sentences(re.sub(r"\b[a-z]+\b", lambda m: SPIN.get(m.group(), m.group()), paragraphs[i]))
    if len(sentences) > 1:
        sentences = sentences[1:] + sentences[:1]
    spun = " ".join(sentences)
    first = spun.split(" ", 1)[0]
    spun = rng.choice(OPENERS) + (first.lower() + spun[len(first) :] if first in COMMON_OPENING_WORDS else spun)
    at = rng.randrange(i + 1, len(paragraphs) + 1)
    return headline, _insert(paragraphs, at, spun), [i + 1, at + 1]


def typographic_copy(rng, headline, paragraphs):
    """A paragraph again further down with its typography changed (an AMP or print copy)."""
    i = rng.choice(_long(paragraphs))
    text = paragraphs[i]
    for old, new in (
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u2018", "'"),
        ("\u2019", "'"),
        ("\u2014", " -- "),
        ("\u2013", "-"),
    ):
        text = text.replace(old, new)
    text = text.replace(" per cent", "%") if " per cent" in text else text.replace("%", " percent")
    if text == paragraphs[i]:  # nothing typographic to change: the spacing a copy-paste leaves
        text = text.replace(", ", " , ", 1).replace(". ", ".  ")
    at = rng.randrange(i + 1, len(paragraphs) + 1)
    return headline, _insert(paragraphs, at, text), [i + 1, at + 1]


# --- footnotes ------------------------------------------------------------------------------

SLUGS = [
    "parks-and-recreation",
    "weddings-and-celebrations",
    "jobs-and-careers",
    "arts-and-entertainment",
    "crime-and-courts",
    "money-and-markets",
    "home-and-garden",
    "science-and-environment",
    "education-and-schools",
    "local-politics",
]
NOTES_TEXT = [
    "Figures are for the calendar year and were revised in the spring.",
    "Survey of 1,204 adults carried out online in the first week of the month.",
    "The court papers were seen by this newspaper.",
    "Prices include sales tax.",
    "Estimate by the county planning department.",
]


def lone_marker(rng, headline, paragraphs):
    """A footnote marker such as '[7]' in the prose, and no notes anywhere."""
    i = rng.choice(_long(paragraphs))
    marker = f"[{rng.randrange(2, 15)}]"
    sentences = _sentences(paragraphs[i])
    k = rng.randrange(len(sentences))
    sentences[k] = (
        sentences[k].rstrip() + marker
        if rng.random() < 0.5
        else re.sub(r"([.!?][\"\u201d]?)$", marker + r"\1", sentences[k])
    )
    return headline, paragraphs[:i] + [" ".join(sentences)] + paragraphs[i + 1 :], [i + 1]


def slug_leftover(rng, headline, paragraphs):
    """A section slug outside any known list: on a line of its own, or inside a note."""
    slug = rng.choice(SLUGS)
    if rng.random() < 0.5:
        return _line_between(
            rng,
            headline,
            paragraphs,
            rng.choice([slug, f"{slug} {rng.choice(SLUGS)}", f"{slug}, {rng.choice(SLUGS)}"]),
            "end",
        )
    body = list(paragraphs)
    body[0] = body[0].rstrip(".") + "[1]."
    note = f"[1] {rng.choice(NOTES_TEXT)} {slug}"
    return headline, body + [note], [len(body) + 1]


def unmarked_notes(rng, headline, paragraphs):
    """A notes list after a 'Sources' heading, none of it referenced in the body."""
    start = rng.randrange(1, 4)
    notes = [f"[{start + k}] {text}" for k, text in enumerate(rng.sample(NOTES_TEXT, 2))]
    heading = rng.choice(["Sources", "Notes:", "References"])
    at = len(paragraphs) + 1
    return headline, paragraphs + [heading] + notes, [at + 1, at + 2]


def repeated_note_number(rng, headline, paragraphs):
    """Notes 1, 2, 3 referenced in the body, and a second note 2 at the end."""
    body = list(paragraphs)
    for n, i in enumerate(sorted(rng.sample(range(len(body)), 3)), 1):
        body[i] = body[i].rstrip(".") + f" [{n}]."
    texts = rng.sample(NOTES_TEXT, 4)
    notes = [f"[1] {texts[0]}", f"[2] {texts[1]}", f"[3] {texts[2]}", f"[2] {texts[3]}"]
    return headline, body + notes, [len(body) + 4]


# --- attribution ----------------------------------------------------------------------------

STATE_RELAYS = [
    "Iran's state-run Press TV said the talks would resume in Vienna next week.",
    "Turkey's state-run Anadolu Agency reported that the army had retaken the town overnight.",
    "Vietnam's official VNA news agency said three people were killed in the blast.",
    "KCNA, the North's official news agency, said the launch was a routine exercise.",
    "Iran's semi-official Tasnim news agency reported that the tanker had been released.",
    "The country's state broadcaster said the curfew would be lifted on Sunday.",
    "The talks ended without agreement, China's official Xinhua news agency said.",
    "Russia's RIA news agency quoted a defence ministry official as saying the drills were over.",
    "Belarusian state media said the opposition leader had left the country.",
    "The ministry's statement, carried by the official Saudi Press Agency, gave no details.",
    "Egypt's state-run Al-Ahram newspaper said the bridge would reopen next month.",
    "Footage broadcast on state TV showed the president visiting the front.",
]
RELAYS = [
    "The newspaper reported, citing two people with knowledge of the talks, that a deal was close.",
    "The plans were first disclosed by a local television station on Friday.",
    "A report in the regional daily suggested the factory could close within a year.",
    "The figures were leaked to a news website on Tuesday night.",
]
CLAIMS = [
    "The Herald understands the board will meet again before the end of the month.",
    "It is thought the decision was taken at the last minute.",
    "There are fears the closure could cost hundreds of jobs.",
    "Insiders claim the chief executive had already made up his mind.",
    "The move is widely seen as an attempt to win back younger voters.",
    "Critics have long argued that the scheme was doomed from the start.",
    "The council is determined to push the plan through regardless of the objections.",
    "Officials privately admit the target will be missed.",
    "The company quietly hopes the row will blow over before the summer.",
]
LONE_QUOTES = [
    "\u201cWe will not be bullied into signing something we do not believe in.\u201d",
    "\u201cThis is a sad day for everyone who worked here.\u201d",
    "'Nobody can say we were not warned.'",
    '"It was chaos from the moment the doors opened."',
    "\u201cThe money simply isn't there, and everyone knows it.\u201d",
    "\u00abWe have done everything that was asked of us.\u00bb",
]
CUT_QUOTES = [
    "\u00abWe have always said that if the money came through we could\u2026\u00bb",
    "\u2018They told us the road would be finished by May, although\u2026\u2019",
    "\u201cThe problem is that nobody has asked the people who",
    "''If the inspectors had come a week earlier, we might have...''",
    "\u201eWe are not against the plan as such, but \u2026\u201c",
]
QUOTE_HEADLINES = [
    "\u2018We lost everything in one night\u2019",
    "\u00abNobody listened to us\u00bb",
    "''I would do it all again''",
    "\u201cIt felt like the end of the world\u201d",
    "\u2018This is not over\u2019",
]
SELF_NAMED = [
    "\u201cMs Patel has always been clear that the budget must balance,\u201d said Ms Patel.",
    "\u201cThe governor acted within the law,\u201d the governor said.",
    "\u201cI think Coach Rivera has earned another season,\u201d Rivera told reporters.",
]


def state_media_relay(rng, headline, paragraphs):
    """A claim relayed from state media, phrased as wire copy phrases it."""
    return _line_between(rng, headline, paragraphs, rng.choice(STATE_RELAYS))


def media_relay(rng, headline, paragraphs):
    """A claim known only from another outlet's report."""
    return _line_between(rng, headline, paragraphs, rng.choice(RELAYS))


def unattributed_claim(rng, headline, paragraphs):
    """A claim of fact or intent with nobody to stand behind it."""
    return _line_between(rng, headline, paragraphs, rng.choice(CLAIMS))


def lone_quote(rng, headline, paragraphs):
    """A quotation paragraph with no speaker, here or in the paragraphs around it."""
    at = rng.randrange(1, len(paragraphs))
    return headline, _insert(paragraphs, at, rng.choice(LONE_QUOTES)), [at + 1]


def cut_quote(rng, headline, paragraphs):
    """A quotation cut off mid-sentence, in quote styles other than bench/inject.py's."""
    i = rng.choice(_long(paragraphs))
    text = paragraphs[i] + " " + rng.choice(CUT_QUOTES)
    return headline, paragraphs[:i] + [text] + paragraphs[i + 1 :], [i + 1]


def quote_headline(rng, headline, paragraphs):
    """The headline replaced by a bare quotation."""
    return rng.choice(QUOTE_HEADLINES), paragraphs, [0]


def self_named(rng, headline, paragraphs):
    """A quotation that names the person it is attributed to."""
    return _line_between(rng, headline, paragraphs, rng.choice(SELF_NAMED))


# --- consistency ----------------------------------------------------------------------------

NAME_VARIANTS = [
    ("Mubarak", "Moubarak"),
    ("Ahmadinejad", "Ahmadinedjad"),
    ("Sarkozy", "Sarkosy"),
    ("Schwarzenegger", "Schwarzeneger"),
    ("Tchaikovsky", "Tchaikovski"),
    ("Khrushchev", "Khruschev"),
    ("Zuckerberg", "Zuckerburg"),
    ("Erdogan", "Erdo\u011fan"),
    ("Medvedev", "Medvedyev"),
    ("Villeneuve", "Villenueve"),
    ("Ouattara", "Ouatara"),
    ("Lukashenko", "Lukashenka"),
    ("Yanukovych", "Yanukovich"),
]
TITLE_PAIRS = [
    ("Transport Secretary Alan Price", "culture secretary Joan Hart"),
    ("Chief Constable Ian Moss", "deputy chief constable Sue Barr"),
    ("Defense Secretary Mark Ellis", "secretary of state Dana Voss"),
    ("Attorney General Ruth Kane", "attorney general Ruth Kane"),
    ("Finance Minister Paulo Reis", "finance minister Paulo Reis"),
    ("Chief Executive Tom Hale", "chief executive Tom Hale"),
    ("Education Secretary Lucy Grant", "health secretary Owen Pike"),
    ("Mayor Carla Diaz", "mayor Carla Diaz"),
]


def name_variant(rng, headline, paragraphs):
    """One person's name spelt two ways in two sentences (an unlisted misspelling)."""
    a, b = rng.choice(NAME_VARIANTS)
    if rng.random() < 0.5:
        a, b = b, a
    first = rng.choice(
        [
            f"{a} did not respond to a request for comment.",
            f"Supporters of {a} gathered outside the building.",
            f"The remarks were a clear reference to {a}.",
        ]
    )
    second = rng.choice(
        [
            f"A spokesman for {b} later denied the report.",
            f"Aides to {b} said the matter was closed.",
            f"It was not the first time {b} had faced such questions.",
        ]
    )
    at = rng.randrange(0, len(paragraphs))
    paragraphs = _insert(paragraphs, at, first)
    at2 = rng.randrange(at + 1, len(paragraphs) + 1)
    return headline, _insert(paragraphs, at2, second), [at + 1, at2 + 1]


def mixed_titles(rng, headline, paragraphs):
    """Titles before names cased two ways, on the same title or on different ones."""
    upper, lower = rng.choice(TITLE_PAIRS)
    first = rng.choice([f"{upper} visited the site on Wednesday.", f"The report was sent to {upper} last month."])
    second = rng.choice(
        [
            f"On Friday, {lower} said the review would be published.",
            f"A letter from {lower} was read out at the meeting.",
        ]
    )
    at = rng.randrange(0, len(paragraphs))
    paragraphs = _insert(paragraphs, at, first)
    at2 = rng.randrange(at + 1, len(paragraphs) + 1)
    return headline, _insert(paragraphs, at2, second), [at + 1, at2 + 1]


# The registry: name -> (pack reported under, packs that may catch it, function).
SCRAPING_OR_REPETITION = frozenset({"scraping", "repetition"})
INJECTORS: dict[str, tuple[str, frozenset[str], Injector]] = {
    "menu-line": ("scraping", frozenset({"scraping"}), menu_line),
    "widget-line": ("scraping", frozenset({"scraping"}), widget_line),
    "byline-dateline": ("scraping", frozenset({"scraping"}), byline_dateline),
    "credit-run-on": ("scraping", frozenset({"scraping"}), credit_run_on),
    "credit-line": ("scraping", frozenset({"scraping"}), credit_line),
    "contact-line": ("scraping", frozenset({"scraping"}), contact_line),
    "notice-line": ("scraping", frozenset({"scraping"}), notice_line),
    "related-link": ("scraping", SCRAPING_OR_REPETITION, related_link),
    "entity-remnant": ("scraping", frozenset({"scraping"}), entity_remnant),
    "suffixed-headline": ("repetition", SCRAPING_OR_REPETITION, suffixed_headline),
    "teaser-more": ("repetition", SCRAPING_OR_REPETITION, teaser_more),
    "spun-paragraph": ("repetition", frozenset({"repetition"}), spun_paragraph),
    "typographic-copy": ("repetition", frozenset({"repetition"}), typographic_copy),
    "lone-marker": ("footnotes", frozenset({"footnotes"}), lone_marker),
    "slug-leftover": ("footnotes", frozenset({"footnotes", "scraping"}), slug_leftover),
    "unmarked-notes": ("footnotes", frozenset({"footnotes"}), unmarked_notes),
    "repeated-note-number": ("footnotes", frozenset({"footnotes"}), repeated_note_number),
    "state-media-relay": ("attribution", frozenset({"attribution"}), state_media_relay),
    "media-relay": ("attribution", frozenset({"attribution"}), media_relay),
    "unattributed-claim": ("attribution", frozenset({"attribution"}), unattributed_claim),
    "lone-quote": ("attribution", frozenset({"attribution"}), lone_quote),
    "cut-quote": ("attribution", frozenset({"attribution"}), cut_quote),
    "quote-headline": ("attribution", frozenset({"attribution"}), quote_headline),
    "self-named": ("attribution", frozenset({"attribution"}), self_named),
    "name-variant": ("consistency", frozenset({"consistency"}), name_variant),
    "mixed-titles": ("consistency", frozenset({"consistency"}), mixed_titles),
}

# Every phrasing above, for the test that keeps them apart from the rules' own examples.
PHRASINGS: tuple[str, ...] = tuple(
    MENUS
    + WIDGETS
    + BYLINES
    + CREDITS
    + CONTACTS
    + NOTICES
    + RELATED
    + STATE_RELAYS
    + RELAYS
    + CLAIMS
    + LONE_QUOTES
    + CUT_QUOTES
    + QUOTE_HEADLINES
    + SELF_NAMED
    + SLUGS
    + NOTES_TEXT
    + APOSTROPHE_JUNK
    + AMPERSAND_JUNK
    + CURRENCY_JUNK
    + [s.strip() for s in SITE_SUFFIXES + TEASER_ENDS]
    + [name for pair in NAME_VARIANTS for name in pair]
)


def render(headline: str, paragraphs: Sequence[str]) -> str:
    """Headline and paragraphs separated by blank lines: block i is on line 2i + 1."""
    return "\n\n".join([headline, *paragraphs]) + "\n"


def injected_documents(
    corpus: str | None = None, per_injector: int = 30, seed: int = 2027, hosts: Sequence[Article] | None = None
) -> Iterator[Injected]:
    """`per_injector` host articles per defect type, each with exactly one injected defect."""
    rng = random.Random(seed)
    articles = list(hosts) if hosts is not None else load_hosts(corpus)
    for n_type, (name, (pack, accept, inject)) in enumerate(INJECTORS.items()):
        for n in range(per_injector):
            headline, paragraphs = articles[(n * 11 + n_type * 5) % len(articles)]
            new_headline, new_paragraphs, blocks = inject(rng, headline, list(paragraphs))
            lines = frozenset(2 * b + 1 for b in blocks)
            yield Injected(
                render(new_headline, new_paragraphs), render(headline, paragraphs), pack, accept, lines, name
            )
