"""Hypothesis strategies for article text, so rule authors can property-test their rules.

    from hypothesis import given
    from newslint import lint_text
    from newslint.strategies import articles, boilerplate_lines

    @given(articles())
    def test_clean_articles_are_not_flagged(text):
        assert lint_text(text, select=["newsroom.wire-credit"]) == []

Every strategy draws plain, attributed prose from a small news vocabulary: a generated article
has no scraping artifacts unless asked for (`boilerplate=`); with so few words, paragraphs may
resemble each other, so do not use it to test near-duplicate rules for false positives.
Texts use the plain-text layout newslint reads: headline, blank line, paragraphs separated
by blank lines.

Hypothesis is not a dependency of newslint (the linter does not need it): install it, or
`pip install 'newslint[strategies]'`.
"""

from __future__ import annotations

from collections.abc import Sequence

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as missing:
    if missing.name != "hypothesis":
        raise
    raise ModuleNotFoundError(
        "newslint.strategies needs Hypothesis, which newslint does not install: pip install 'newslint[strategies]' (or pip install hypothesis)",
        name="hypothesis",
    ) from missing

NOUNS = (
    "council",
    "mayor",
    "budget",
    "harbour",
    "school",
    "minister",
    "report",
    "court",
    "union",
    "hospital",
    "river",
    "museum",
    "election",
    "bridge",
    "committee",
    "farmer",
    "police",
    "ministry",
    "station",
    "village",
)
VERBS = (
    "approved",
    "delayed",
    "opened",
    "rejected",
    "reviewed",
    "funded",
    "closed",
    "visited",
    "announced",
    "questioned",
    "expanded",
    "inspected",
)
ADJECTIVES = ("new", "regional", "annual", "public", "local", "national", "small", "former", "central", "northern")
TIMES = ("on Monday", "on Tuesday", "last week", "this year", "in March", "after a long debate", "before the summer")
NAMES = ("Anna Novak", "Peter Lindqvist", "Maria Costa", "David Okafor", "Elena Petrova", "James Whitfield")
CUES = ("said", "told reporters", "added", "explained")
QUOTES = (("\u201c", "\u201d"), ('"', '"'))

# Widget and navigation text scrapers leave behind, one line each.
BOILERPLATE = (
    "Skip to content",
    "Skip to main content",
    "Read also:",
    "Read more",
    "Latest",
    "Advertisement",
    "Share on Facebook",
    "Share on Twitter",
    "Subscribe to our newsletter",
    "Accept all cookies",
    "Related articles",
)


def _sentence() -> st.SearchStrategy[str]:
    """`The regional council approved the budget on Tuesday.` and its variations."""
    return st.builds(
        lambda adj, subject, verb, obj, when: f"The {adj} {subject} {verb} the {obj} {when}.",
        st.sampled_from(ADJECTIVES),
        st.sampled_from(NOUNS),
        st.sampled_from(VERBS),
        st.sampled_from(NOUNS),
        st.sampled_from(TIMES),
    )


def _quote_sentence() -> st.SearchStrategy[str]:
    """`"The bridge will open in March," said Anna Novak.` (always attributed)."""
    return st.builds(
        lambda marks, subject, verb, obj, cue, name: (
            f"{marks[0]}The {subject} {verb} the {obj},{marks[1]} {cue} {name}."
            if cue == "said"
            else f"{name} {cue}: {marks[0]}The {subject} {verb} the {obj}.{marks[1]}"
        ),
        st.sampled_from(QUOTES),
        st.sampled_from(NOUNS),
        st.sampled_from(VERBS),
        st.sampled_from(NOUNS),
        st.sampled_from(CUES),
        st.sampled_from(NAMES),
    )


def headlines() -> st.SearchStrategy[str]:
    """A title-case headline of 3 to 8 words, without final punctuation."""
    word = st.sampled_from(NOUNS + VERBS + ADJECTIVES)
    return st.lists(word, min_size=3, max_size=8).map(lambda ws: " ".join(w.capitalize() for w in ws))


def paragraphs(
    with_quotes: bool | None = None, min_sentences: int = 1, max_sentences: int = 4
) -> st.SearchStrategy[str]:
    """One paragraph; with_quotes=True: at least one attributed quote, False: none, None: either."""
    plain = st.lists(_sentence(), min_size=min_sentences, max_size=max_sentences)
    if with_quotes is False:
        return plain.map(" ".join)
    quoted = st.tuples(plain, _quote_sentence(), st.integers(min_value=0, max_value=max_sentences)).map(
        lambda parts: " ".join(parts[0][: parts[2]] + [parts[1]] + parts[0][parts[2] :])
    )
    if with_quotes is True:
        return quoted
    return st.one_of(plain.map(" ".join), quoted)


def boilerplate_lines(phrases: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """A navigation or widget line (from `phrases`, default BOILERPLATE), as scrapers leave it."""
    choices = tuple(phrases) if phrases is not None else BOILERPLATE
    if not choices:
        raise ValueError("boilerplate_lines() needs at least one phrase")
    # Case and trailing decoration vary in scraped text; the words do not.
    decorated = st.tuples(st.sampled_from(choices), st.sampled_from(("", ":", " \u00bb", " \u203a", " >"))).map(
        lambda p: p[0].rstrip(":") + p[1]
    )
    return st.one_of(st.sampled_from(choices), decorated, st.sampled_from(choices).map(str.upper))


def footnote_blocks(min_notes: int = 1, max_notes: int = 4) -> st.SearchStrategy[str]:
    """A paragraph citing markers [1]..[n], a blank line, then the n matching definitions in order."""

    def build(sentences: list[str], sources: list[str]) -> str:
        cited = " ".join(f"{s[:-1]}[{i}]." for i, s in enumerate(sentences, 1))
        notes = "\n".join(f"[{i}] {source}" for i, source in enumerate(sources, 1))
        return f"{cited}\n\n{notes}"

    return st.integers(min_value=min_notes, max_value=max_notes).flatmap(
        lambda n: st.builds(
            build,
            st.lists(_sentence(), min_size=n, max_size=n),
            st.lists(
                st.builds(
                    lambda name, noun: f"{name}, report on the {noun}, 2023.",
                    st.sampled_from(NAMES),
                    st.sampled_from(NOUNS),
                ),
                min_size=n,
                max_size=n,
            ),
        )
    )


def articles(
    min_paragraphs: int = 1,
    max_paragraphs: int = 5,
    with_quotes: bool | None = None,
    boilerplate: st.SearchStrategy[str] | None = None,
    footnotes: bool = False,
) -> st.SearchStrategy[str]:
    """A plain-text article: headline, blank line, paragraphs (distinct, so never duplicates).

    `boilerplate` (e.g. boilerplate_lines()) inserts one such line as its own paragraph at a
    drawn position after the headline; `footnotes` ends the article with a footnote block.
    """
    body = st.lists(paragraphs(with_quotes), min_size=min_paragraphs, max_size=max_paragraphs, unique=True)
    parts = st.tuples(
        headlines(),
        body,
        boilerplate if boilerplate is not None else st.none(),
        st.integers(min_value=0, max_value=max_paragraphs),
        footnote_blocks() if footnotes else st.none(),
    )

    def build(drawn: tuple) -> str:
        headline, paras, extra, where, notes = drawn
        paras = list(paras)
        if extra is not None:
            paras.insert(min(where, len(paras)), extra)
        if notes is not None:
            paras.append(notes)
        return headline + "\n\n" + "\n\n".join(paras) + "\n"

    return parts.map(build)
