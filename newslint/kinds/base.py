"""What a check kind yields (Hit) and the helpers kinds share for regexes and word lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Protocol, runtime_checkable

import regex

from newslint.document import Block
from newslint.prefilter import Trigger

# Every user regex runs with this timeout (seconds per call) so a catastrophic pattern
# cannot hang CI; the engine turns the TimeoutError into an error finding.
REGEX_TIMEOUT = 2.0


@dataclass(frozen=True)
class Hit:
    """A raw match from a kind: a span of one block; the engine stamps everything else."""

    block: Block | None  # None: about the whole document (reported at its first block)
    start: int = 0
    end: int = 0
    values: Mapping[str, str] = field(default_factory=dict)  # extra {placeholders}
    suggestion: str | None = None


@runtime_checkable
class Prefiltered(Protocol):
    """A kind that can name the literals a text needs before it can match (prefilter.py)."""

    def trigger(self) -> Trigger | None:
        """Literals without which check() finds nothing (None: cannot tell)."""

    def block_local(self) -> bool:
        """True when a block's hits depend on that block alone (so clean blocks can be skipped)."""


class KindError(ValueError):
    """A kind parameter is invalid; `key` names it so the rule loader can say where."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def compile_regex(pattern: str, key: str, *, ignore_case: bool = False, **lists: list[str]) -> regex.Pattern:
    """Compile a user regex (with optional \\L<name> lists) or raise KindError naming the key."""
    flags = regex.V0 | (regex.IGNORECASE if ignore_case else 0)
    try:
        return regex.compile(pattern, flags, **{k: v for k, v in lists.items() if f"\\L<{k}>" in pattern})
    except (regex.error, TypeError, IndexError, KeyError) as exc:
        raise KindError(key, f"invalid regular expression {pattern!r}: {exc}") from None


def phrase_regex(phrases: list[str] | tuple[str, ...], key: str, *, ignore_case: bool = True) -> regex.Pattern | None:
    """One regex matching any of the literal phrases as whole words (None if there are none)."""
    if not phrases:
        return None
    # \L<list> lets the regex module build a trie: fast for thousands of phrases.
    return compile_regex(r"(?<![\p{L}\p{N}])\L<phrases>(?![\p{L}\p{N}])", key, ignore_case=ignore_case, phrases=list(phrases))


def finditer(pattern: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None):
    """pattern.finditer with the newslint timeout."""
    return pattern.finditer(text, pos, len(text) if endpos is None else endpos, timeout=REGEX_TIMEOUT)


def search(pattern: regex.Pattern, text: str, pos: int = 0):
    """pattern.search with the newslint timeout."""
    return pattern.search(text, pos, timeout=REGEX_TIMEOUT)
