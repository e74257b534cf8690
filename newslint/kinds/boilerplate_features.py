"""Features of a line of text in its document that tell page furniture from prose.

General signals, not phrasings: how long the line is, how it ends, how much of it is
capitalised, stop words, digits, dates, links, separators, where it stands in the document,
how long its neighbours are, whether it repeats. The boilerplate kind weighs them (weights
fitted by bench/fit_boilerplate.py on extractor output with labelled lines).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from newslint.document import STRUCTURE, Block
from newslint.kinds.block_memo import LastBlocks

# Every feature a weight may be given for, with what it means in a finding's message.
FEATURES: dict[str, str] = {
    "one-word": "a single word",
    "two-or-three-words": "two or three words",
    "four-to-six-words": "four to six words",
    "seven-to-twelve-words": "seven to twelve words",
    "no-end-mark": "no closing punctuation",
    "ends-with-colon": "ends with a colon",
    "capitalised-share": "mostly capitalised words",
    "title-like": "a short title-case line",
    "all-caps": "all in capitals",
    "stop-word-share": "stop words, as in running prose",
    "digit-share": "mostly digits",
    "date-or-time": "a date or time",
    "link-or-address": "a link, e-mail address or handle",
    "separators": "items set apart by | • · » or /",
    "chrome-vocabulary": "words of menus, widgets and notices",
    "section-names": "names of a news site's sections",
    "first-lines": "among the first lines",
    "last-lines": "among the last lines",
    "before-body": "before the article's first full paragraph",
    "far-before-body": "well before the article's first full paragraph",
    "after-body": "after the article's last full paragraph",
    "far-after-body": "well after the article's last full paragraph",
    "no-body": "in a text without a full paragraph",
    "short-run": "in a run of short lines",
    "long-run": "in a run of ten or more short lines (a menu, an archive list, a footer)",
    "run-outside-body": "in a run of short lines outside the article's paragraphs",
    "short-neighbours": "between short lines",
    "heads-a-paragraph": "followed by a full paragraph, as a heading is",
    "section-heading": "a heading between the article's paragraphs",
    "reader-command": "an instruction to the reader about the page (share, print, follow...)",
    "page-reference": "speaks of the page itself (this article, our newsletter...)",
    "outside-main-text": "outside the densest stretch of text (the article)",
    "far-from-main-text": "well away from the densest stretch of text (the article)",
    "outside-any-text": "outside the stretch of lines that holds the page's text at all",
    "long-neighbours": "between long paragraphs",
    "repeated": "repeated in the document",
    "structure": "a heading, list item or table cell",
    "sentences": "two or more sentences",
    "byline": "a byline",
    "copyright": "a copyright or rights line",
}

# Words of running English prose (function words): their share is high in sentences and low
# in menus, labels and credits.
STOP_WORDS = frozenset(
    "a an the and or but if then than so as of at by for from in into on onto to with without "
    "about after before over under between through during while is are was were be been being "
    "has have had do does did will would can could should may might must shall this that these "
    "those it its he she they we you i his her their our your my them him us me who whom whose "
    "which what when where why how not no nor also only just very more most some any all each "
    "other such there here said says".split()
)
# Words page chrome is made of (menus, share bars, sign-in prompts, notices, credits). A
# feature, weighed with the rest: the line's share of them, not a list of phrases to match.
CHROME_WORDS = frozenset(
    "home menu search navigation skip main sections section topics topic tags tag categories "
    "category related more read next previous prev back top latest popular trending share "
    "shares shared tweet print email e-mail facebook twitter linkedin whatsapp pinterest reddit "
    "instagram youtube follow like subscribe subscribed subscription newsletter sign login log "
    "logout register account password comment comments reply replies post posted permalink "
    "advertisement advertising ad ads sponsored promoted cookies cookie privacy policy terms "
    "conditions rights reserved copyright contact about sitemap feedback help faq rss feed "
    "photo photos image images gallery video videos watch listen podcast credit credits getty "
    "reuters afp ap updated published click here view views loading continue".split()
)
# The standard library's engine: these run on every short line of every document, and it
# scans several times faster than the `regex` module for patterns without Unicode classes.
# The sections a news site's menu lists. Ordinary words in a sentence; a line made of them is a menu.
SECTION_WORDS = frozenset(
    "news world uk us u.s. business politics sport sports football soccer cricket tennis golf "
    "tech technology science health entertainment culture arts opinion opinions lifestyle travel "
    "weather video videos live local national international markets money economy education "
    "environment climate style food books music film films movies tv television fashion autos "
    "cars motoring horoscopes puzzles crosswords games obituaries jobs property classifieds "
    "features analysis sections more podcasts newsletters".split()
)
# What a page's controls ask of the reader, as the first word of a short line: "Print this
# story", "Share on X", "Sign up for...", "Follow us". A verb, not a phrasing: any object follows.
UI_VERBS = frozenset(
    "email e-mail print share save send listen follow subscribe click tap read watch view download "
    "join register add like tweet pin bookmark comment reply report sign log see get discover explore "
    "browse visit contact leave rate vote donate shop order skip jump scroll enlarge expand close "
    "hide show load toggle select choose submit search go return continue".split()
)
_PAGE_REFERENCE = re.compile(
    r"(?i)\b(?:this|the|our)\s+(?:article|story|stories|page|post|site|website|video|gallery|slideshow|"
    r"author|newsletter|podcast|app|feed|series|section|newsroom)s?\b"
)
_WORD = re.compile(r"[^\W_][\w'’.\-]*")
_DATE_OR_TIME = re.compile(
    r"(?i)\b(?:\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"(?:19|20)\d{2}-\d{2}-\d{2}|\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)"
)
_LINK = re.compile(
    r"(?i)(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+|(?<![\w])@\w{2,}|\b\w+\.(?:com|org|net|co\.uk|gov|edu)\b"
)
_SEPARATOR = re.compile(r"\s[|•·»›¦/]\s|\s[|•·]|[|•·]\s")
_SENTENCE_END = regex.compile(r"[.!?…][\"'”’)]?\s+\p{Lu}")
_BYLINE = regex.compile(r"^(?i:by|written by|posted by|reporting by|words by)\s+\p{Lu}")  # a capital after: a name
# Every character but the separators _SEPARATOR needs: a line made only of these has none.
_SEPARATORS = frozenset("|•·»›¦/")
_COPYRIGHT = re.compile(r"(?i)©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved")
_DIGITS = "0123456789"
_END_MARKS = frozenset(".!?\"'”’):;…]")
# Units at most this far from either end count as first or last lines.
EDGE = 5
# A line of this many words or more is a full paragraph: the article body lies between the
# first and the last of them. A line of at most SHORT words is short (a menu item, a label).
FULL = 20
SHORT = 5
# Short lines in a row that make a run (a menu, a list of links, a footer); a long one; and
# the length from which a run outside the article's paragraphs is as good as chrome (98% of
# such lines were furniture in labelled extractor output).
RUN = 3
LONG_RUN = 10
FAR = 10  # lines from the article's first or last full paragraph that count as far
OUTSIDE_RUN = 5
# Past this many words a line is counted roughly: no feature tells 40 words from 41.
LONG = 40
# The article is the stretch of lines with the most words beyond this many per line (the
# maximum-sum run of words - DENSITY): long lines add to it, runs of short ones cost it.
# At SPARSE words per line the stretch takes in nearly all of a page's text, lists and
# short paragraphs too: what lies outside it even then is menus and footers.
DENSITY = 10
SPARSE = 3


@dataclass(frozen=True)
class Unit:
    """A line of text as the boilerplate kind judges it: where it is and what it is."""

    block: Block
    start: int  # offsets of the line (its surrounding white space left out) in block.text
    end: int
    text: str
    words: int

    @functools.cached_property
    def tokens(self) -> tuple[str, ...]:
        """The words themselves, found only for the lines a feature looks into."""
        return tuple(_WORD.findall(self.text))

    @functools.cached_property
    def normal(self) -> str:
        """The words, case-folded and joined: what a repeated line is compared by."""
        return " ".join(self.tokens).casefold()


MAX_KEPT_UNITS = 5000


def _lines_of_blocks(blocks: Sequence[Block]) -> tuple[Unit, ...]:
    """Every non-blank line of the blocks, in order."""
    units = []
    for block in blocks:
        text = block.text
        if "\n" not in text and text.strip() == text:  # most blocks: one line, already trimmed
            if text:
                units.append(Unit(block, 0, len(text), text, count_words(text)))
            continue
        offset = 0
        for line in block.text.split("\n"):
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                units.append(Unit(block, offset + lead, offset + lead + len(stripped), stripped, count_words(stripped)))
            offset += len(line) + 1
    return tuple(units)


# boilerplate-line checks a document and recurring-line signs it right after, over the same
# blocks; a huge document is not kept alive for the next call (its lines are found twice).
units_of = LastBlocks(_lines_of_blocks, keep=lambda units: len(units) <= MAX_KEPT_UNITS)


# Tokens of punctuation that white space sets apart in menus and bylines: not words.
_LONE_MARKS = (" | ", " · ", " • ", " / ", " - ", " – ", " — ", " » ", " › ")


def count_words(text: str) -> int:
    """Words of a line, counted by its white space (in C), marks standing alone left out (on
    a line long enough to be prose whatever they are, they are not looked for)."""
    rough = len(text.split())
    return rough if rough > LONG else rough - sum(map(text.count, _LONE_MARKS))


@dataclass(frozen=True)
class Layout:
    """What a unit's features need to know of the whole document, worked out once."""

    repeats: dict[str, int]  # normalized line -> how many units have it
    body: tuple[int, int]  # indexes of the first and last full paragraph (-1, -1: none)
    main: tuple[int, int]  # indexes of the first and last line of the densest stretch (-1, -1: none)
    text: tuple[int, int]  # the same at SPARSE words per line: the page's text at all
    runs: tuple[int, ...]  # per unit, the length of the run of short lines it is in (0: not short)


def layout(units: Sequence[Unit], max_words: int) -> Layout:
    """The document-wide facts the features of each unit use."""
    repeats: dict[str, int] = {}
    for unit in units:
        if unit.words <= max_words:
            key = unit.normal
            repeats[key] = repeats.get(key, 0) + 1
    runs = [0] * len(units)
    i = 0
    while i < len(units):
        if units[i].words > SHORT:
            i += 1
            continue
        j = i
        while j < len(units) and units[j].words <= SHORT:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = j
    return Layout(repeats, body_span(units), densest(units, DENSITY), densest(units, SPARSE), tuple(runs))


def body_span(units: Sequence[Unit]) -> tuple[int, int]:
    """The indexes of the first and last full paragraph ((-1, -1) when there is none)."""
    full = [i for i, u in enumerate(units) if u.words >= FULL]
    return (full[0], full[-1]) if full else (-1, -1)


def densest(units: Sequence[Unit], density: int) -> tuple[int, int]:
    """The first and last index of the stretch of lines whose words, less `density` per line,
    sum highest (Kadane's maximum subarray): the article among a page's menus, lists and
    footers, found by its density of text alone. (-1, -1) when no line is long enough."""
    best, span = 0, (-1, -1)
    total, start = 0, 0
    for i, unit in enumerate(units):
        if total <= 0:
            total, start = 0, i
        total += min(unit.words, LONG) - density
        if total > best:
            best, span = total, (start, i)
    return span


def features(units: Sequence[Unit], i: int, facts: Layout) -> dict[str, float]:
    """The features of units[i] (only those that are not zero)."""
    unit = units[i]
    text, n = unit.text, unit.words
    found: dict[str, float] = {}
    if n <= 1:
        found["one-word"] = 1.0
    elif n <= 3:
        found["two-or-three-words"] = 1.0
    elif n <= 6:
        found["four-to-six-words"] = 1.0
    elif n <= 12:
        found["seven-to-twelve-words"] = 1.0
    last = text[-1]
    if last not in _END_MARKS:
        found["no-end-mark"] = 1.0
    elif last == ":":
        found["ends-with-colon"] = 1.0
    tokens = unit.tokens
    # map() over C methods rather than generator loops: this runs for every short line.
    initials = [t[0] for t in tokens]
    alphabetic = sum(map(str.isalpha, initials))
    if alphabetic:
        capitalised = sum(map(str.isupper, initials)) / alphabetic
        found["capitalised-share"] = capitalised
        if capitalised >= 0.7 and 3 <= n <= 12 and "no-end-mark" in found:
            found["title-like"] = 1.0
        if text.isupper() and sum(map(str.isalpha, text)) >= 2:
            found["all-caps"] = 1.0
    if tokens:
        lowered = list(map(str.casefold, tokens))
        if n <= 8 and lowered[0] in UI_VERBS:
            found["reader-command"] = 1.0
        found["stop-word-share"] = sum(map(STOP_WORDS.__contains__, lowered)) / len(tokens)
        chrome = sum(map(CHROME_WORDS.__contains__, lowered)) / len(tokens)
        if chrome:
            found["chrome-vocabulary"] = chrome
        sections = sum(map(SECTION_WORDS.__contains__, lowered)) / len(tokens)
        if sections:
            found["section-names"] = sections
    visible = len(text) - text.count(" ")
    # Counting each digit (in C) beats testing each character, on the ASCII lines most are.
    digits = sum(map(text.count, _DIGITS)) if text.isascii() else sum(map(str.isdigit, text))
    if visible and digits:
        found["digit-share"] = digits / visible
    # Each pattern is tried only where a character it needs is there (most lines lack them).
    if (digits or "day" in text) and _DATE_OR_TIME.search(text):
        found["date-or-time"] = 1.0
    if ("@" in text or "." in text or "/" in text) and _LINK.search(text):
        found["link-or-address"] = 1.0
    if not _SEPARATORS.isdisjoint(text) and _SEPARATOR.search(text):
        found["separators"] = 1.0
    if i < EDGE:
        found["first-lines"] = 1.0
    if len(units) - 1 - i < EDGE:
        found["last-lines"] = 1.0
    body_first, body_last = facts.body
    if body_first < 0:
        found["no-body"] = 1.0
    elif i < body_first:
        found["before-body"] = 1.0
        if body_first - i > FAR:
            found["far-before-body"] = 1.0
    elif i > body_last:
        found["after-body"] = 1.0
        if i - body_last > FAR:
            found["far-after-body"] = 1.0
    main_first, main_last = facts.main
    if main_first >= 0 and not main_first <= i <= main_last:
        found["outside-main-text"] = 1.0
        if min(abs(i - main_first), abs(i - main_last)) > FAR:
            found["far-from-main-text"] = 1.0
    text_first, text_last = facts.text
    if text_first >= 0 and not text_first <= i <= text_last:
        found["outside-any-text"] = 1.0
    if facts.runs[i] >= RUN:
        found["short-run"] = 1.0
    if facts.runs[i] >= LONG_RUN:
        found["long-run"] = 1.0
    if facts.runs[i] >= OUTSIDE_RUN and ("before-body" in found or "after-body" in found):
        found["run-outside-body"] = 1.0
    neighbours = [units[j].words for j in (i - 1, i + 1) if 0 <= j < len(units)]
    if neighbours and max(neighbours) <= 4:
        found["short-neighbours"] = 1.0
    elif neighbours and sum(neighbours) / len(neighbours) >= 20:
        found["long-neighbours"] = 1.0
    if i + 1 < len(units) and units[i + 1].words >= FULL:
        found["heads-a-paragraph"] = 1.0
        # Between full paragraphs and heading one, a short line is a subhead in the
        # article's own structure far more often than page furniture.
        if body_first < i < body_last:
            found["section-heading"] = 1.0
    if facts.repeats.get(unit.normal, 0) > 1:
        found["repeated"] = 1.0
    if unit.block.kind in STRUCTURE:
        found["structure"] = 1.0
    if ("." in text or "!" in text or "?" in text or "…" in text) and _SENTENCE_END.search(text):
        found["sentences"] = 1.0
    if ("his" in text or "he " in text or "ur " in text) and _PAGE_REFERENCE.search(text):  # this, the, our
        found["page-reference"] = 1.0
    if text[:1] in "BbWwPpRr" and _BYLINE.match(text):
        found["byline"] = 1.0
    if (
        "©" in text or "opyright" in text or "OPYRIGHT" in text or "eserved" in text or "(c)" in text or "(C)" in text
    ) and _COPYRIGHT.search(text):
        found["copyright"] = 1.0
    return found


def all_features(units: Sequence[Unit], max_words: int) -> list[dict[str, float] | None]:
    """The features of every unit; None for a unit longer than `max_words` (prose, not judged)."""
    facts = layout(units, max_words)
    return [features(units, i, facts) if unit.words <= max_words else None for i, unit in enumerate(units)]


# The second stage: furniture comes in stretches (a menu, a footer, a list of links), so a
# line's neighbours' scores say much about it. Each line's first-stage log-odds and the
# probabilities of the lines around it, weighed again by the rule's `context-weights`.
# context() gives each line's inputs in this order, "self" first.
CONTEXT = {
    "self": "the line's own features",
    "previous": "the line before reads as furniture",
    "next": "the line after reads as furniture",
    "previous-three": "the three lines before read as furniture",
    "next-three": "the three lines after read as furniture",
    "previous-ten": "the ten lines before read as furniture",
    "next-ten": "the ten lines after read as furniture",
}
# How far the wide context looks each way: a page's menus, link lists and footers run for
# dozens of lines, a subhead or a list in the article for a few.
WIDE = 10
# A line too long to judge is prose: this is its first-stage log-odds as a neighbour.
PROSE_LOGIT = -4.0
# Beyond either end of the text a neighbour is unknown: an even chance.
UNKNOWN = 0.5


def probability(logit: float) -> float:
    """The probability for log-odds (bounded, so no exp() overflows)."""
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, logit))))


PROSE = probability(PROSE_LOGIT)


def context(logits: Sequence[float], at: Sequence[int] | None = None) -> list[tuple[float, ...]]:
    """The second stage's inputs, in CONTEXT's order, of every line (or of the lines at the
    indexes `at`: only the lines short enough to judge need them) from every line's
    first-stage log-odds."""
    probs = [PROSE if logit == PROSE_LOGIT else probability(logit) for logit in logits]
    sums = [0.0]  # prefix sums: the mean of any stretch in constant time
    for p in probs:
        sums.append(sums[-1] + p)
    last = len(probs)
    rows: list[tuple[float, ...]] = []
    for i in range(last) if at is None else at:
        near_from, near_to = max(0, i - 3), min(last, i + 4)
        wide_from, wide_to = max(0, i - WIDE), min(last, i + 1 + WIDE)
        rows.append(
            (
                logits[i],
                probs[i - 1] if i else UNKNOWN,
                probs[i + 1] if i + 1 < last else UNKNOWN,
                (sums[i] - sums[near_from]) / (i - near_from) if i > near_from else UNKNOWN,
                (sums[near_to] - sums[i + 1]) / (near_to - i - 1) if near_to > i + 1 else UNKNOWN,
                (sums[i] - sums[wide_from]) / (i - wide_from) if i > wide_from else UNKNOWN,
                (sums[wide_to] - sums[i + 1]) / (wide_to - i - 1) if wide_to > i + 1 else UNKNOWN,
            )
        )
    return rows
