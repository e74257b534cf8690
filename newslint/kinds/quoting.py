"""Finding quotations in text: straight, curly and guillemet quotes, with their spans."""

from __future__ import annotations

from dataclasses import dataclass

import regex

# Opening quote -> the closing quotes that may end it.
PAIRS = {'"': '"', "“": "”", "„": "“”", "«": "»", "‘": "’", "'": "'"}
_QUOTE = regex.compile(
    r"""(?<![\p{L}\p{N}])(?:"(?P<a>[^"\n]{2,}?)"|“(?P<b>[^”\n]{2,}?)”|„(?P<c>[^“”\n]{2,}?)[“”]|«(?P<d>[^»\n]{2,}?)»|"""
    r"""‘(?P<e>[^’\n]{2,}?)’(?![\p{L}])|'(?P<f>[^'\n]{2,}?)'(?![\p{L}]))"""
)


@dataclass(frozen=True)
class Quote:
    """One quotation: span of the whole quote (marks included) and of its inner text."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    text: str

    @property
    def words(self) -> int:
        """Number of words inside the quote."""
        return len(self.text.split())


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in a text, in order. Single quotes count only when they hold a clause."""
    quotes = []
    for m in _QUOTE.finditer(text):
        group = next(g for g in "abcdef" if m.group(g) is not None)
        inner = m.group(group)
        if group in "ef" and len(inner.split()) < 3:
            continue  # 'n', 'til, and the like: apostrophes, not quotes
        quotes.append(Quote(m.start(), m.end(), m.start(group), m.end(group), inner))
    return quotes


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quotation, marks included."""
    return [(q.start, q.end) for q in find_quotes(text)]
