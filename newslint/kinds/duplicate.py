"""`duplicate` kind: repeated blocks, teaser copies, paraphrases and a repeated headline."""

from __future__ import annotations

import collections
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal, NamedTuple

import regex

from newslint.document import HEADLINE, STRUCTURE, Block, Document
from newslint.kinds.base import Hit
from newslint.kinds.block_memo import LastBlocks
from newslint.text import normalize, plain_words, word_count, words

# Words a teaser without an ellipsis must share with the opening of the paragraph it copies:
# fewer, and parallel list items ("Land used for ...") pass for teasers.
TEASER_OPENING = 8
TEASER_CANDIDATES = 16
TEASER_END = regex.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")
Mode = Literal["exact", "headline", "teaser", "near"]

# All ASCII but digits and the space: deleted from a plain key, what is left splits into
# its words with digits (bytes.translate deletes several times faster than str.translate).
_NOT_DIGIT_OR_SPACE = bytes(c for c in range(128) if not (chr(c).isdigit() or c == 32))
# Past this many words a stem cache starts over: enough for any real vocabulary of a run.
_STEMS_KEPT = 1 << 16


class Stems(dict):
    """Word -> its content stem (None for a stopword or a word of two characters or less),
    filled as words come: news repeats its vocabulary, so most words are looked up in C."""

    def __init__(self, stop: frozenset[str]) -> None:
        super().__init__()
        self.stop = stop

    def __missing__(self, word: str) -> str | None:
        if len(self) >= _STEMS_KEPT:
            self.clear()
        # A six-letter prefix is a cheap stem: "negotiations"/"negotiating", "terrorist"/"terrorism".
        stem = self[word] = None if len(word) <= 2 or word in self.stop else word[:6]
        return stem


@functools.lru_cache(maxsize=16)
def stems_for(stop: frozenset[str]) -> Stems:
    """One Stems per stopword list, shared by the rules that use it."""
    return Stems(stop)


# Per document, the near-copy and paraphrase rules ask for the same blocks' content words.
@functools.lru_cache(maxsize=1024)
def content_words(stop: frozenset[str], tokens: tuple[str, ...]) -> frozenset[str]:
    """The content stems of a block's words (stopwords and words of two letters left out)."""
    stems = stems_for(stop)
    content = set(map(stems.__getitem__, tokens))
    content.discard(None)
    return frozenset(content)


@functools.lru_cache(maxsize=1024)
def least_shared(size: int, min_jaccard: float) -> int:
    """The fewest shared words k with k / size >= min_jaccard (size + 1 if none): a block of
    `size` content words is similar enough to no block it shares fewer with."""
    # The Jaccard index divides by the union, never smaller than size: it is at most k / size.
    return next((k for k in range(size + 1) if k / size >= min_jaccard), size + 1)


# A NamedTuple, not a frozen dataclass: one is made per block, and the dataclass's
# __init__ (object.__setattr__ per field) cost a sixth of facts().
class Facts(NamedTuple):
    """normalize(text), its words and word_count(text): what every mode asks of a block."""

    key: str
    tokens: tuple[str, ...]  # key.split(), kept: splitting is most of the cost
    words: int
    plain: bool  # ASCII but for some punctuation: `tokens` are exactly the text's words, lowered


# Only the blocks of one document need to share: a small cache keeps little text alive.
@functools.lru_cache(maxsize=2048)
def facts(text: str) -> Facts:
    """The Facts of a text (cached: the four duplicate rules ask about the same blocks)."""
    found = plain_words(text)
    if found is None:
        key = normalize(text)
        return Facts(key, tuple(key.split()), word_count(text), False)
    return Facts(" ".join(found), found, len(found), True)


def teaser_end(text: str) -> regex.Match | None:
    """TEASER_END.search(text), skipped when the text has no ellipsis at all."""
    # Every alternative of TEASER_END contains one of the two.
    if "..." in text or "…" in text:
        return TEASER_END.search(text)
    return None


# Between a page's title and the site's name: "Talks stall | BBC News", "Talks stall - Reuters".
# How a page's <title> sets the site's name apart: a pipe (spaced or not), or a dash, colon,
# slash, tilde or guillemet with spaces on both sides.
_SITE_SEPARATOR = regex.compile(r"\s*\|\s*|\s+(?:-|–|—|:|::|/|~|»|›|·|•)\s+")
# A site's name (or section) in brackets closing the line, or as a label before it.
_SITE_IN_BRACKETS = regex.compile(r"\s+[(\[][^()\[\]]{1,40}[)\]]\s*$")
_SITE_LABEL = regex.compile(r"^[^:.!?]{1,40}:\s+")


def headline_cores(text: str, labelled: bool = False) -> list[str]:
    """The headline as written, then without a site's name after (or before) a separator or
    in closing brackets; with `labelled`, also without a short label and colon before it
    ("Portvale Gazette: ..."), which only a copy is asked for (a headline's own "Brexit: ..."
    is part of it)."""
    cores = [text]
    parts = _SITE_SEPARATOR.split(text)
    if len(parts) > 1:
        cores.append(max(parts, key=len))
    bracketed = _SITE_IN_BRACKETS.search(text)
    if bracketed:
        cores.append(text[: bracketed.start()])
    if labelled:
        label = _SITE_LABEL.match(text)
        if label:
            cores.append(text[label.end() :])
    return list(dict.fromkeys(core for core in cores if core))


@dataclass(frozen=True)
class DuplicateKind:
    """Compares blocks of one document with each other (or with the headline)."""

    mode: Mode
    min_words: int = 4
    threshold: float = 0.5  # `near`: share of the shorter block's content words found in the other
    min_jaccard: float = 0.3  # `near`: and shared words over all words of both blocks
    stopwords: tuple[str, ...] = ()  # `near`: words that do not count as content
    max_numbers: float = 1.0  # `near`: skip blocks where more than this share of words are
    # numbers (recipes, tables, price lists repeat their vocabulary by nature)
    max_copies: int = 0  # `exact`: text found more often than this is structure (a repeated
    # interview question, a recipe label), not a scraping copy; 0 = no limit
    # `headline`: above the article's first full paragraph (of `lede-words` words or more; in
    # a short text, its first paragraph) one plain copy is the page's own heading, as
    # extractors give it; further copies and copies with a site's name count.
    below_lede: bool = False
    lede_words: int = 20
    # `exact`: a short line without a closing full stop listed among short lines (a table of
    # contents, a list of the questions to come) and again over a full paragraph (their
    # section heading) is the article's structure, not a copy.
    skip_contents: bool = True
    # `teaser`: a block made of a longer block's opening words and at most this many words of
    # its own, not ending a sentence, is a teaser copy whatever its link says ("Read more",
    # "Continue reading »"); 0 looks only for the ellipsis.
    teaser_tail: int = 0

    fields: ClassVar[tuple[str, ...]] = ("match", "other_line", "similarity")
    # The parameters each mode reads (contract.mode_parameters): a rule may set no other.
    modes: ClassVar[dict[str, tuple[str, ...]]] = {
        "exact": ("min_words", "max_copies", "skip_contents", "lede_words"),
        "headline": ("min_words", "below_lede", "lede_words"),
        "teaser": ("min_words", "teaser_tail"),
        "near": ("min_words", "threshold", "min_jaccard", "stopwords", "max_numbers"),
    }
    _stop: frozenset = field(init=False, repr=False, compare=False, default=frozenset())

    def __post_init__(self) -> None:
        object.__setattr__(self, "_stop", frozenset(w.casefold() for w in self.stopwords))

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield one hit per later copy, naming the line of the earlier one."""
        if self.mode == "headline":
            yield from self._headline(document, blocks)
        elif self.mode == "exact":
            yield from self._exact(document, blocks)
        elif self.mode == "teaser":
            yield from self._teaser(document, blocks)
        else:
            yield from self._near(document, blocks)

    def _headline(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        headline = document.headline
        if headline is None or facts(headline.text).words < self.min_words:
            return
        targets = {facts(core).key for core in headline_cores(headline.text) if facts(core).words >= self.min_words}
        body = [b for b in blocks if b is not headline]
        longest = max(facts(core).words for core in headline_cores(headline.text)) + 12  # a site's name is short
        copies = [self._is_copy(b.text, targets, longest) for b in body]
        lede = 0
        if self.below_lede:
            # The first full paragraph that is not a copy; in a short text, the first that is not.
            others = [i for i, copy in enumerate(copies) if not copy]
            lede = next(
                (i for i in others if facts(body[i].text).words >= self.lede_words), others[0] if others else len(body)
            )
        # Above the lede one copy is the page's own heading (the last one, nearest the text);
        # more copies, or a copy that carries the site's name (a <title> line), are leftovers.
        heading = max((i for i, copy in enumerate(copies[:lede]) if copy), default=-1)
        for i, (block, copy) in enumerate(zip(body, copies, strict=True)):
            if not copy:
                continue
            if self.below_lede and i > lede and self._heads_the_article(body, i):
                continue  # below a notice or teaser paragraph, after chrome, over the story: its heading
            if i > lede or i != heading or facts(block.text).key not in targets:
                yield _hit(document, block, headline)
            elif facts(block.text).key != facts(headline.text).key:
                # The page's heading is the headline without the site's name the headline
                # carries: the headline line is the page's <title>, kept by the extractor.
                yield _hit(document, headline, block)

    def _heads_the_article(self, body: Sequence[Block], i: int) -> bool:
        """True when a headline copy sits where the article's own heading does: after a line
        that is not a full paragraph, and over one that is (a byline and a date may stand
        between them)."""
        before = facts(body[i - 1].text).words if i > 0 else 0
        after = [facts(b.text).words for b in body[i + 1 : i + 1 + HEADING_REACH]]
        return before < self.lede_words and _full_paragraph_soon(after, self.lede_words)

    @staticmethod
    def _is_copy(text: str, targets: set[str], longest: int) -> bool:
        """True when a block is the headline, or the headline with a site's name beside it."""
        found = facts(text)
        if found.key in targets:
            return True
        # A core is the text cut at a separator, a bracket or a label's colon, never inside a
        # word: its words run on in the text's, so a target not in the key is in no core.
        return (
            found.words <= longest
            and any(target in found.key for target in targets)
            and any(facts(core).key in targets for core in headline_cores(text, labelled=True)[1:])
        )

    def _exact(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        found = [facts(b.text) for b in blocks]
        keys = [f.key if f.words >= self.min_words else "" for f in found]
        words = [f.words for f in found]
        counts = collections.Counter(keys)
        seen: dict[str, int] = {}
        for i, (block, key) in enumerate(zip(blocks, keys, strict=True)):
            if not key or (self.max_copies and counts[key] > self.max_copies):
                continue
            if key not in seen:
                seen[key] = i
                continue
            # Of two copies, the one among the article's full paragraphs is the article's; the
            # one among short lines (a teaser box, a sidebar) is the leftover. Alike: the later.
            first = seen[key]
            if (
                self.skip_contents
                and not block.text.rstrip().endswith((".", "!", "…"))
                and self._contents_and_heading(words, first, i)
            ):
                continue
            if _context_words(blocks, first) < self.lede_words <= _context_words(blocks, i) or (
                first == 0
                and words[first] < self.lede_words
                and not blocks[first].text.rstrip().endswith((".", "!", "?", "…"))
                and _full_paragraph_soon(words[i + 1 :], self.lede_words)
            ):
                # A title-like first line (no sentence end), copied as the heading of the
                # article (over its byline and first full paragraph), is the page's title an
                # extractor kept: that copy is the leftover.
                yield _hit(document, blocks[first], block)
            else:
                yield _hit(document, block, blocks[first])

    def _contents_and_heading(self, words: Sequence[int], a: int, b: int) -> bool:
        """True when blocks a and b (of `words` words each), copies of a short line, are a
        contents entry (short lines on both sides) and the heading it lists (over a full
        paragraph)."""
        if words[a] >= self.lede_words:
            return False

        def heads(k: int) -> bool:
            return k + 1 < len(words) and words[k + 1] >= self.lede_words

        def listed(k: int) -> bool:
            around = [words[j] for j in (k - 1, k + 1) if 0 <= j < len(words)]
            return bool(around) and max(around) < self.lede_words

        return (heads(a) and listed(b)) or (heads(b) and listed(a))

    def _teaser(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        normalized: list[str] = []  # filled at the first teaser: most documents have none
        reported = set()
        for i, block in enumerate(blocks):
            cut = teaser_end(block.text)
            if not cut:
                continue
            prefix = facts(block.text[: cut.start()])
            if prefix.words < self.min_words:
                continue
            normalized = normalized or [facts(b.text).key for b in blocks]
            for j, other in enumerate(normalized):
                if j != i and len(other) > len(prefix.key) and other.startswith(prefix.key):
                    reported.add(i)
                    yield _hit(document, block, blocks[j])
                    break
        if self.teaser_tail:
            yield from self._cut_copies(document, blocks, reported)

    def _cut_copies(self, document: Document, blocks: Sequence[Block], reported: set[int]) -> Iterator[Hit]:
        """Teasers whatever their link says: a block that is the opening words of a longer block
        (not the headline), then one to `teaser-tail` words of its own that do not end a
        sentence (a "read more" link in any words)."""
        opening = max(self.min_words, TEASER_OPENING)
        starts: dict[tuple[str, ...], list[int]] = {}
        tokens = [facts(b.text).tokens for b in blocks]
        for j, opened in enumerate(tokens):
            if len(opened) >= opening:
                starts.setdefault(opened[:opening], []).append(j)
        for i, short in enumerate(tokens):
            if i in reported or len(short) < opening or blocks[i].kind == HEADLINE or blocks[i].kind in STRUCTURE:
                continue  # a headline may well open as its lede does; an author's list items alike
            if blocks[i].text.rstrip().endswith((".", "!", "?", '"', "”")):
                continue  # a sentence of its own: a link's label does not end as one
            # A few candidates at most: thousands of blocks opening alike are a list, and
            # trying each against each would be quadratic.
            for j in starts.get(short[:opening], ())[:TEASER_CANDIDATES]:
                longer = tokens[j]
                if j == i or len(longer) <= len(short) or blocks[j].kind == HEADLINE:
                    continue
                shared = next((k for k, (a, b) in enumerate(zip(short, longer, strict=False)) if a != b), len(short))
                if 0 < len(short) - shared <= self.teaser_tail and len(longer) - shared >= self.teaser_tail:
                    yield _hit(document, blocks[i], blocks[j])
                    break

    def _numeric(self, text: str, facts_: Facts) -> bool:
        if facts_.plain:  # the words are in the key; ASCII digits are the only digits there
            total = facts_.words
            numbers = len(facts_.key.encode("ascii").translate(None, _NOT_DIGIT_OR_SPACE).split())
        else:
            tokens = words(text)
            total = len(tokens)
            numbers = sum(any(c.isdigit() for c in t) for t in tokens)
        return bool(total) and numbers / total > self.max_numbers

    def _near(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        # Whether each block is judged at all (teasers and lists of figures are not), asked
        # only of the rare pair that is similar enough: most blocks never need the answer.
        judged: dict[int, bool] = {}
        for block, size, key, candidates in near_candidates(blocks, self._stop, self.min_words, self.min_jaccard):
            for other, other_size, other_key, shared in candidates:
                small = min(size, other_size)
                if not small:  # (min-words 0) copies are let go before dividing by zero, as ever
                    if key == other_key or key.startswith(other_key) or other_key.startswith(key):
                        continue
                    if not self._judged(other, judged):
                        continue  # blocks not judged never divided by zero: ask before
                    if not self._judged(block, judged):
                        break
                similarity = shared / small
                if similarity < self.threshold:
                    continue
                if key == other_key or key.startswith(other_key) or other_key.startswith(key):
                    continue  # exact copies and teasers have their own modes
                if not self._judged(other, judged):
                    continue  # as if it had never been compared
                if self._judged(block, judged):
                    yield _hit(document, block, other, {"similarity": f"{similarity:.0%}"})
                break

    def _judged(self, block: Block, judged: dict[int, bool]) -> bool:
        """False for a teaser (it has its own mode) or a list of figures; remembered per block."""
        known = judged.get(id(block))
        if known is None:
            known = judged[id(block)] = not (teaser_end(block.text) or self._numeric(block.text, facts(block.text)))
        return known


# (block, content size, key, [(earlier block, its size, its key, content words shared)]).
NearCandidates = list[tuple[Block, int, str, list[tuple[Block, int, str, int]]]]


def _near_candidates(
    blocks: Sequence[Block], stop: frozenset[str], min_words: int, min_jaccard: float
) -> NearCandidates:
    """Each block long enough to judge, with the earlier blocks (in order) whose content words
    overlap its own by `min_jaccard` or more (by Jaccard index): what every near-copy rule
    of these parameters compares, whatever its threshold."""
    earlier: list[tuple[Block, int, int, str]] = []
    found: NearCandidates = []
    # With content in every block and a positive bound, a pair must share least_shared words.
    prunable = min_words >= 1 and min_jaccard > 0
    # Each content word of the document is a bit, each block's content a mask: the words two
    # blocks share are counted by one AND and a bit count, in C.
    bits: dict[str, int] = {}
    for block in blocks:
        facts_ = facts(block.text)
        if facts_.plain and facts_.words < min_words:
            continue  # content is a subset of the words (of the key: NFKC may split "½")
        content = content_words(stop, facts_.tokens)
        size = len(content)
        if size < min_words:
            continue  # too short to judge
        mask = 0
        for word in content:
            bit = bits.get(word)
            if bit is None:
                bit = bits[word] = 1 << len(bits)
            mask |= bit
        need = least_shared(size, min_jaccard) if prunable else 0
        candidates = []
        for other, other_mask, other_size, other_key in earlier:
            shared = (mask & other_mask).bit_count()
            if shared < need:
                continue  # most pairs: the Jaccard index is at most shared / size
            small, large = (size, other_size) if size < other_size else (other_size, size)
            if small and (small / large < min_jaccard or shared / (size + other_size - shared) < min_jaccard):
                continue  # Jaccard is at most small/large (float division is monotonic)
            candidates.append((other, other_size, other_key, shared))
        found.append((block, size, facts_.key, candidates))
        earlier.append((block, mask, size, facts_.key))
    return found


# The near-copy and paraphrase rules compare the same blocks with the same parameters in a
# row: the pairs are found once. A document of thousands of blocks is not held.
near_candidates = LastBlocks(_near_candidates, keep=lambda found: len(found) <= 5000)


# A heading stands this many blocks at most above its article's first full paragraph (a
# byline and a date between them).
HEADING_REACH = 3


def _full_paragraph_soon(following: Sequence[int], full: int) -> bool:
    """True when one of the first HEADING_REACH of the word counts of the blocks following a
    heading is `full` or more: the heading is over its article."""
    return any(n >= full for n in following[:HEADING_REACH])


def _context_words(blocks: Sequence[Block], i: int) -> float:
    """How many words the blocks either side of blocks[i] have, on average."""
    around = [facts(blocks[j].text).words for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
    return sum(around) / len(around) if around else 0.0


def _hit(document: Document, block: Block, other: Block, extra: dict | None = None) -> Hit:
    line, _ = document.position(other.field, other.source_start(0))
    return Hit(block, 0, len(block.text), {"other_line": str(line), **(extra or {})})
