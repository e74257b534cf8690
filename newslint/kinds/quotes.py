"""`quotes` kind: quotations without a speaker, bare-quote headlines, self-naming, truncation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import regex

from newslint.document import HEADLINE, Block, Document
from newslint.kinds import base
from newslint.kinds.base import Hit, KindError, compile_regex, phrase_regex, search
from newslint.kinds.persons import PLAIN_TITLE, TitleStarts, main_person, names_in_third_person
from newslint.kinds.quote_windows import Window, top_quotes, window_of, windows
from newslint.kinds.quoting import LETTER, LETTER_OR_DIGIT, NAME, Attribution, Attributor, Quote, find_quotes, surname
from newslint.text import is_title_case, normalize

Mode = Literal["unattributed", "bare-headline", "self-named", "truncated", "conflicting-speakers"]
NEEDS_CUES = ("unattributed", "self-named", "conflicting-speakers")
ELLIPSIS_END = regex.compile(r"(?:\.\s?\.\s?\.|…|\[(?:\.\.\.|…)\])[\s.,;:!?]*$")
LAST_WORD = regex.compile(r"([\p{L}\p{N}'’\-]+)\W*$")
# An unclosed quote running to a paragraph's end mid-sentence is cut when at least this long.
UNCLOSED_CUT_WORDS = 8
# How far after a closing quote mark its attribution is looked for (a name and a verb), and the
# marks that would show the sentence went on.
ATTRIBUTION_REACH = 60
_MARK = regex.compile(r"[.,;:!?()\[\]\"“”]")


@dataclass(frozen=True)
class QuotesKind:
    """Analyses quotations: their cue verbs and speakers, headline quotes and cut-off quotes."""

    mode: Mode
    cue_verbs: tuple[str, ...] = ()  # said, told, according to...: what attributes a quote
    pronouns: tuple[str, ...] = ("he", "she", "they", "it", "we", "i", "you")
    window: int = 250  # characters either side of a quote searched for its cue
    min_words: int = 1  # shorter quotes are scare quotes or terms, not speech
    not_speech: tuple[str, ...] = ()  # "dubbed", "titled": a quote right after these is a name
    person_titles: tuple[str, ...] = ()  # Mr, President...: a name after one is a person
    dangling_words: tuple[str, ...] = ()  # but, and...: a quote cut after one is truncated
    partial_quotes: bool = True  # `unattributed`, `truncated`: also judge quotes that start in lower case
    any_ellipsis: bool = False  # `truncated`: flag every quote ending in an ellipsis
    # `truncated`: also a quote cut with no ellipsis at all: one that runs unclosed to the end
    # of a paragraph that stops mid-sentence, or that closes right after one of these words,
    # which never end an English sentence ('would "fight it to the" courts'); unlike the
    # dangling words, not the prepositions and adverbs English does end on ("hoped for",
    # "not yet"). Empty: only quotes with an ellipsis.
    cut_words: tuple[str, ...] = ()
    lede_blocks: int = 3  # `self-named`: paragraphs that tell whom a bare headline quote is from

    fields: ClassVar[tuple[str, ...]] = ("match", "speaker", "other_speaker", "other_line", "word")
    # The parameters each mode reads (contract.mode_parameters): a rule may set no other.
    # Every mode that attributes quotes reads the attributor's cue-verbs, pronouns and window.
    modes: ClassVar[dict[str, tuple[str, ...]]] = {
        "unattributed": ("cue_verbs", "pronouns", "window", "min_words", "not_speech", "partial_quotes"),
        "bare-headline": (),
        "self-named": ("cue_verbs", "pronouns", "window", "min_words", "person_titles", "lede_blocks"),
        "truncated": ("dangling_words", "partial_quotes", "any_ellipsis", "cut_words", "cue_verbs"),
        "conflicting-speakers": ("cue_verbs", "pronouns", "window", "min_words"),
    }
    _attributor: Attributor | None = field(init=False, repr=False, compare=False, default=None)
    _not_speech: regex.Pattern | None = field(init=False, repr=False, compare=False, default=None)
    _not_speech_reach: int = field(init=False, repr=False, compare=False, default=0)
    _person: regex.Pattern | None = field(init=False, repr=False, compare=False, default=None)
    _person_finder: base.PhraseFinder | None = field(init=False, repr=False, compare=False, default=None)
    _title_starts: TitleStarts | None = field(init=False, repr=False, compare=False, default=None)
    _dangling: frozenset = field(init=False, repr=False, compare=False, default=frozenset())
    _cut_words: frozenset = field(init=False, repr=False, compare=False, default=frozenset())
    _titles: frozenset = field(init=False, repr=False, compare=False, default=frozenset())

    def __post_init__(self) -> None:
        for key in ("cue_verbs", "pronouns", "not_speech", "person_titles", "dangling_words", "cut_words"):
            for i, word in enumerate(getattr(self, key)):
                if not word.strip():
                    raise KindError(f"{key.replace('_', '-')}[{i}]", "empty word in list")
        for key in ("window", "min_words", "lede_blocks"):
            if getattr(self, key) < 1:
                raise KindError(key.replace("_", "-"), f"must be at least 1, got {getattr(self, key)}")
        if self.mode in NEEDS_CUES and not self.cue_verbs:
            raise KindError("cue-verbs", f"mode '{self.mode}' needs a list of cue verbs (said, told, ...)")
        if self.mode == "self-named" and not self.person_titles:
            raise KindError(
                "person-titles",
                "mode 'self-named' needs person titles (Mr, President, ...) to tell people from organisations",
            )
        if self.mode == "truncated" and not self.dangling_words and not self.any_ellipsis:
            raise KindError(
                "dangling-words", "mode 'truncated' needs dangling words (but, and, ...) or any-ellipsis: true"
            )
        cue = phrase_regex(self.cue_verbs, "cue-verbs")
        if cue is not None:
            pronouns = frozenset(p.casefold() for p in self.pronouns)
            object.__setattr__(self, "_attributor", Attributor(cue, pronouns, self.window))
        # "dubbed" must sit right before the quote (a word or two of slack) to make it a name.
        if self.not_speech:
            object.__setattr__(
                self,
                "_not_speech",
                compile_regex(
                    r"(?<![\p{L}])\L<words>\W{0,3}$", "not-speech", ignore_case=True, words=list(self.not_speech)
                ),
            )
            # A match is a listed word (one character per character: V0 folds case simply),
            # up to 3 more characters and `$` (the end, or before a newline just ahead of it).
            object.__setattr__(self, "_not_speech_reach", max(len(w) for w in self.not_speech) + 4)
        if self.person_titles:
            source = rf"(?<![\p{{L}}])(?i:\L<titles>)\.?\s+(?P<name>{NAME})"
            person = compile_regex(source, "person-titles", titles=list(self.person_titles))
            object.__setattr__(self, "_person", person)
            # Every match starts with a title, so the pattern need only be tried where one is
            # (found case-folded, as for cue phrases); that needs ASCII titles.
            if all(t.isascii() for t in self.person_titles):
                object.__setattr__(self, "_person_finder", base.PhraseFinder(person, frozenset(self.person_titles)))
            if all(PLAIN_TITLE.fullmatch(t) for t in self.person_titles):
                object.__setattr__(self, "_title_starts", TitleStarts(self.person_titles))
        object.__setattr__(self, "_dangling", frozenset(w.casefold() for w in self.dangling_words))
        object.__setattr__(self, "_cut_words", frozenset(w.casefold() for w in self.cut_words))
        object.__setattr__(self, "_titles", frozenset(w for t in self.person_titles for w in (t, t.capitalize())))

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield one hit per offending quote (or headline), as the mode says."""
        if self.mode == "bare-headline":
            yield from self._bare_headline(blocks)
        elif self.mode == "truncated":
            yield from self._truncated(blocks)
        elif self.mode == "unattributed":
            yield from self._unattributed(blocks)
        elif self.mode == "self-named":
            yield from self._self_named(document, blocks)
        else:
            yield from self._conflicting(document, blocks)

    # --- modes ------------------------------------------------------------------------------

    def _bare_headline(self, blocks: Sequence[Block]) -> Iterator[Hit]:
        for block in blocks:
            if block.kind != HEADLINE:
                continue
            quotes = [q for q in find_quotes(block.text) if q.depth == 0]
            outside = block.text
            for q in reversed(quotes):
                outside = outside[: q.start] + outside[q.end :]
            if quotes and not LETTER_OR_DIGIT.search(outside):
                yield Hit(block, quotes[0].start, quotes[-1].end)

    def _truncated(self, blocks: Sequence[Block]) -> Iterator[Hit]:
        for block in blocks:
            for q in find_quotes(block.text):
                if not self.partial_quotes and self._starts_lower(q):
                    continue
                cut = ELLIPSIS_END.search(q.text)
                if cut is None:
                    word = self._cut_short(block, q) if self._cut_words else None
                    if word is not None:
                        yield Hit(block, q.start, q.end, {"word": word})
                    continue
                last = LAST_WORD.search(q.text[: cut.start()])
                word = last.group(1) if last else ""
                if self.any_ellipsis or word.casefold() in self._dangling:
                    yield Hit(block, q.start, q.end, {"word": word})

    def _cut_short(self, block: Block, q: Quote) -> str | None:
        """The last word of a quote cut off with no ellipsis, or None: a top-level quote of a
        few words whose text stops on a letter, either running unclosed to the end of a
        paragraph that ends so, or closed right after a dangling word."""
        inner = q.text.rstrip()
        if q.depth or q.words < 3 or not inner[-1:].isalnum():
            return None  # a sentence's end, a comma or a dash closes it: not cut
        last = LAST_WORD.search(inner)
        word = last.group(1) if last else ""
        folded = word.casefold()
        if not q.closed:
            # A line of verse or a title opening with a quote mark is short: a cut quote is speech
            # (long, or stopping on a word no sentence ends on: "the people who rely on").
            long_enough = q.words >= UNCLOSED_CUT_WORDS or folded in self._dangling
            return word if long_enough and block.text.rstrip()[-1:].isalnum() else None
        if folded in self._cut_words:
            return word
        # Speech closed with no mark before its attribution ("... the people of" said Jane Doe)
        # lost the end of its sentence and its comma: after any dangling word.
        return word if folded in self._dangling and self._attributed_right_after(block, q) else None

    def _attributed_right_after(self, block: Block, q: Quote) -> bool:
        """True when a cue verb follows the closing mark within a few words, no mark between."""
        if self._attributor is None:
            return False
        after = block.text[q.end : q.end + ATTRIBUTION_REACH]
        cue = search(self._attributor.cue, after)
        return cue is not None and not _MARK.search(after, 0, cue.start()) and len(after[: cue.start()].split()) <= 4

    def _unattributed(self, blocks: Sequence[Block]) -> Iterator[Hit]:
        body = [b for b in blocks if b.kind != HEADLINE]
        chain_ok = False  # the last quote before this one was attributed or continued a speaker
        # Runs of this turn too short to be speech, not yet asked whether they are attributed:
        # only a later run that may be flagged needs to know (most often none comes before the
        # turn ends). _is_speech costs too much to ask it of every run.
        put_off: list[tuple[Window, list[Quote]]] = []
        for block, context in zip(body, windows(body), strict=True):
            if not context.own:
                chain_ok = False  # a paragraph without quotes ends the previous speaker's turn
                put_off.clear()
                continue
            for run in _runs(block.text, context.own):
                if chain_ok:
                    continue  # it continues the speaker's turn, and so does what follows it
                if all(self._too_short(q) for q in run):
                    put_off.append((context, run))  # it could only start a turn, not be flagged
                    continue
                # Back-to-back quotes are one utterance: '"A. "B," he said' attributes both.
                attributed = any(self._is_attributed(c, q) for c, earlier in put_off for q in earlier)
                put_off.clear()
                if attributed or any(self._is_attributed(context, q) for q in run):
                    chain_ok = True
                    continue
                # Unattributed: speech is flagged (and the turn stays ended); a scare quote or
                # title needs no speaker, so it is neither flagged nor starts a turn.
                for q in run:
                    if self._is_speech(context.text, q, context.offset + q.start):
                        yield Hit(block, q.start, q.end)

    def _self_named(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        persons_found: list[set[str]] = []

        def persons() -> set[str]:
            if not persons_found:
                persons_found.append(self._persons(document))
            return persons_found[0]

        body = [b for b in document.blocks if b.kind != HEADLINE]
        # Built once a quote needs its attribution: the window of each body block, and what
        # body.index(block) gives without a scan per block.
        contexts: tuple[Window, ...] = ()
        first_index: dict[Block, int] = {}
        for block in blocks:
            if block.kind == HEADLINE:
                for q, speaker, key in self._headline_speakers(block, body, persons):
                    if (
                        q.words >= self.min_words
                        and names_in_third_person(q.text, key, speaker, self._titles)
                        and key in persons()
                    ):
                        yield Hit(block, q.start, q.end, {"speaker": speaker})
                continue
            for q in top_quotes(block.text):
                if not q.closed or q.words < self.min_words:
                    continue  # where an unclosed quote really ends, and so who said it, is a guess
                # A hit needs the speaker's surname in the quote and among the titled persons.
                # Windows and attribution cost more than the scan for persons, and few quotes
                # hold a titled person's surname at all.
                if not any(key in q.text for key in persons()):
                    continue
                if not first_index:
                    contexts = windows(body)
                    for i, b in enumerate(body):
                        first_index.setdefault(b, i)
                at = first_index.get(block)
                context = contexts[at] if at is not None else window_of(None, block.text, None)
                found = self._attribution(context, q)  # memoised: conflicting-speakers may have asked
                if (
                    found
                    and found.key is not None
                    and names_in_third_person(q.text, found.key, found.speaker, self._titles)
                    and found.key in persons()
                ):
                    yield Hit(block, q.start, q.end, {"speaker": found.speaker or ""})  # named: a speaker

    def _conflicting(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        body = [b for b in blocks if b.kind != HEADLINE]
        # Attribution is the costly part, and only a quote whose text holds or is held by
        # another's can conflict (or be the earlier one of a conflict): rule the rest out
        # first, from the quote texts alone. Most documents have no such pair at all.
        eligible = [
            (i, q) for i, b in enumerate(body) for q in top_quotes(b.text) if q.closed and q.words >= self.min_words
        ]
        if len(eligible) < 2:
            return
        paired = _paired([(i, q, normalize(q.text)) for i, q in eligible])
        if not paired:
            return
        contexts = windows(body)
        seen: list[tuple[str, Attribution, Block, int]] = []
        for i, q, text in paired:
            block, context = body[i], contexts[i]
            found = self._attribution(context, q)
            if found is None or not found.named:
                continue
            for other_text, other, other_block, other_start in seen:
                if other.key != found.key and (text in other_text or other_text in text):
                    line, _ = document.position(other_block.field, other_block.source_start(other_start))
                    values = {
                        "speaker": found.speaker or "",
                        "other_speaker": other.speaker or "",
                        "other_line": str(line),
                    }
                    yield Hit(block, q.start, q.end, values)
                    break
            else:
                seen.append((text, found, block, q.start))  # q.start: an offset in its own block

    # --- helpers ------------------------------------------------------------------------------

    def _cues(self) -> Attributor:
        """The attributor, which every mode that attributes quotes has (it needs cue verbs)."""
        assert self._attributor is not None, f"mode {self.mode!r} has no cue verbs"
        return self._attributor

    def _attribution(self, context: Window, q: Quote) -> Attribution | None:
        """The attribution of one of the context's own quotes (shared by rules with equal word lists)."""
        attributor = self._cues()
        key = (attributor, q.start)
        memo = context.attributions
        if key not in memo:
            memo[key] = attributor.attribute_at(
                context.text, context.offset + q.start, context.offset + q.end, context.quoted, True
            )
        return memo[key]

    def _is_attributed(self, context: Window, q: Quote) -> bool:
        """Whether _attribution finds one, without working out the speaker when it is not known yet."""
        attributor = self._cues()
        key = (attributor, q.start)
        if key in context.attributions:
            return context.attributions[key] is not None
        memo = context.attributed
        if key not in memo:
            memo[key] = (
                attributor.attribute_at(
                    context.text, context.offset + q.start, context.offset + q.end, context.quoted, False
                )
                is not None
            )
        return memo[key]

    @staticmethod
    def _starts_lower(q: Quote) -> bool:
        """True for a quoted fragment of a sentence: its first letter is lower case."""
        first_letter = LETTER.search(q.text)
        return first_letter is not None and first_letter.group().islower()

    def _too_short(self, q: Quote) -> bool:
        """The cheap part of `not _is_speech`: too few words, or a phrase in a sentence of the writer's."""
        if q.words < self.min_words:
            return True
        return not self.partial_quotes and self._starts_lower(q)

    def _is_speech(self, text: str, q: Quote, start: int) -> bool:
        """False for short quotes, titles ("Lord of the Rings") and names ("dubbed 'the Iron Lady'").

        `start`: where the quote starts in `text`, its window."""
        if self._too_short(q) or is_title_case(q.text, min_words=2):
            return False
        if q.closed and _MENTIONED.match(text, start + q.end - q.start):
            return False  # '"If it isn't broke, don't fix it" doesn't work here': the writer's own sentence goes on
        # Searched only where a match can start: the list costs the `regex` module per character.
        lo = max(0, start - 40, start - self._not_speech_reach)
        if self._not_speech is not None and base.search(self._not_speech, text, lo, start):
            return False
        return True

    def _persons(self, document: Document) -> set[str]:
        """Surnames the document gives a person's title ("President Vladimir Putin" -> Putin)."""
        person = self._person
        assert person is not None, "mode 'self-named' has person titles"
        if self._title_starts is not None:
            return {
                surname(m.group("name")) for m in self._title_starts.finditer(person, [b.text for b in document.blocks])
            }
        keys = set()
        for block in document.blocks:
            found: Iterable[regex.Match]
            if self._person_finder is not None:
                found = self._person_finder.finditer(block.text, 0, len(block.text))
            else:
                found = person.finditer(block.text, timeout=base.REGEX_TIMEOUT)
            for m in found:
                keys.add(surname(m.group("name")))
        return keys

    def _headline_speakers(
        self, headline: Block, body: list[Block], persons: Callable[[], set[str]]
    ) -> Iterator[tuple[Quote, str, str]]:
        """Each headline quote with its speaker: named in the headline, else the lede's main person."""
        lede_person = None
        for q in (q for q in find_quotes(headline.text) if q.depth == 0):
            named = self._headline_attribution(headline.text, q)
            if named:
                yield q, named, surname(named)
                continue
            if lede_person is None:
                lede_person = main_person(body[: self.lede_blocks], persons()) or ""
            if lede_person:
                yield q, lede_person, lede_person

    def _headline_attribution(self, text: str, q: Quote) -> str | None:
        # Headline styles: `Putin: "..."`, `"..." - Putin`, `"...", says Putin`.
        before = regex.search(rf"({NAME})\s*:\s*$", text[: q.start])
        if before:
            return before.group(1)
        after = regex.match(rf"\s*[,.]?\s*[-–—]\s*({NAME})", text[q.end :])
        if after:
            return after.group(1)
        attributor = self._cues()
        found = attributor.attribute_span(text, q.end, len(text)) or attributor.attribute_span(text, 0, q.start)
        return found.speaker if found and found.named else None


# After a quotation's closing mark: the writer's sentence going on in lower case (the quote
# is a phrase mentioned in it, not speech that needs a speaker), unless a cue came first.
_MENTIONED = regex.compile(r"[,;:]?[ \t]+(?!(?:he|she|they|it|we|i|you|the|a|an|his|her|their|its)\b)\p{Ll}")


def _paired(quotes: list[tuple[int, Quote, str]]) -> list[tuple[int, Quote, str]]:
    """The (block, quote, normalized text) entries whose text holds or is held by another's, in order."""
    paired = [False] * len(quotes)
    # Shortest first: a text can only be held by one at least as long as itself.
    order = sorted(range(len(quotes)), key=lambda k: len(quotes[k][2]))
    for n, a in enumerate(order):
        short = quotes[a][2]
        for b in order[n + 1 :]:
            if short in quotes[b][2]:
                paired[a] = paired[b] = True
    return [entry for entry, keep in zip(quotes, paired, strict=True) if keep]


def _runs(text: str, quotes: Sequence[Quote]) -> list[list[Quote]]:
    """Quotes grouped into runs with nothing but spaces and punctuation between them."""
    runs: list[list[Quote]] = []
    for q in quotes:
        if runs and not LETTER_OR_DIGIT.search(text, runs[-1][-1].end, q.start):
            runs[-1].append(q)
        else:
            runs.append([q])
    return runs
