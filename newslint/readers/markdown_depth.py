"""markdown-it's nesting limit, reported instead of silently dropping the rest of a document.

markdown-it stops building blocks where lists and quotes nest deeper than `maxNesting`
tokens, and skips every line of the enclosing structure after that point: a list ten levels
deep (CommonMark preset, 20 tokens) lost the rest of the article without a word. Here the
limit is raised to MAX_NESTING (about 50 nested lists or 100 nested quotes: Python's
recursion limit stays far away); a document that still goes deeper gets an input error at
the line where it does, and the lines markdown-it skipped after it are parsed again on
their own, so the text after a deep structure is read. Text nested deeper than the limit
itself is not read as Markdown (its lines come out as code, which is not prose): the input
error says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from newslint.readers import ReadProblem

MAX_NESTING = 100
# Each pass reads what one too-deep structure hid; a file of many gets one report for the rest.
MAX_PASSES = 20
# A list level opens two tokens (list, item), a quote one.
_LIMITS = f"more than {MAX_NESTING // 2} nested lists or {MAX_NESTING} nested quotes"


def _too_deep(tokens: Sequence[Token], limit: int) -> list[tuple[int, int, Token]]:
    """(start line, end line, token) of each opening token at the last level markdown-it
    allows: the block tokenizer stopped inside them."""
    return [(t.map[0], t.map[1], t) for t in tokens if t.nesting == 1 and t.level + 1 >= limit and t.map]


def _blank_except(source: str, keep: range) -> str:
    """The source with every line outside `keep` (0-based line numbers) made blank, lengths kept."""
    lines = source.split("\n")
    return "\n".join(line if n in keep else " " * len(line) for n, line in enumerate(lines))


def _after_top_level_block(tokens: list[Token], inner: Token) -> int:
    """The position just after the top-level block holding `inner`, so that tokens of the
    lines after it keep document order."""
    position = next(i for i, t in enumerate(tokens) if t is inner)
    for i in range(position + 1, len(tokens)):
        if tokens[i].nesting == -1 and tokens[i].level == 0:
            return i + 1
    return len(tokens)


def parse(md: MarkdownIt, source: str, path: str) -> tuple[list[Token], list[ReadProblem]]:
    """markdown-it's tokens for `source`, with the lines it skipped at its nesting limit
    parsed again; and an input error for each place the limit was reached."""
    if md.options.get("maxNesting", 0) < MAX_NESTING:
        md.options["maxNesting"] = MAX_NESTING
    limit = md.options["maxNesting"]
    tokens = md.parse(source)
    problems: list[ReadProblem] = []
    pending = _too_deep(tokens, limit)
    passes = 0
    while pending:
        start, end, token = pending.pop(0)
        if passes == MAX_PASSES:
            problems.append(
                ReadProblem(
                    path,
                    f"Markdown nested too deep ({_LIMITS}) in {len(pending) + 1} more places from line {start + 1}; the text there was not read",
                    line=start + 1,
                )
            )
            break
        passes += 1
        problems.append(
            ReadProblem(
                path,
                f"Markdown nested too deep ({_LIMITS}) at line {start + 1}: the text nested that deep was not read; the rest of the document was",
                line=start + 1,
            )
        )
        if end <= start + 1:
            continue
        # markdown-it skipped lines start+1 .. end-1 too: read them on their own, where they are.
        again = md.parse(_blank_except(source, range(start + 1, end)))
        at = _after_top_level_block(tokens, token)
        tokens[at:at] = again
        pending.extend(p for p in _too_deep(again, limit) if p[0] > start)
        pending.sort(key=lambda p: p[0])
    return tokens, problems
