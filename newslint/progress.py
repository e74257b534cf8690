"""A one-line progress display on stderr for long runs, shown only when stderr is a terminal."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")

# Short runs (pre-commit on a few files) finish before a display would help.
SHOW_AFTER_SECONDS = 1.0
REDRAW_SECONDS = 0.1


def progress(
    items: Iterable[T],
    total: int,
    stream: TextIO | None = None,
    documents: Callable[[T], int] = lambda item: 0,
    size: Callable[[T], int] = lambda item: 1,
    unit: str = "files",
) -> Iterator[T]:
    """Yield `items` unchanged while drawing 'done/total, documents' on a terminal.

    `size` weighs each item (bytes, for a run where one huge file is most of the work, shown
    in MB); by default each item counts one of `unit`. Nothing is drawn when the stream is
    not a terminal (CI logs, pipes, files), so reports and logs stay clean; the line is
    erased at the end."""
    stream = stream if stream is not None else sys.stderr
    if not _is_terminal(stream):
        yield from items
        return
    start = last = time.monotonic()
    done = docs = 0
    drawn = False
    try:
        for item in items:
            done += size(item)
            docs += documents(item)
            now = time.monotonic()
            if now - start >= SHOW_AFTER_SECONDS and now - last >= REDRAW_SECONDS:
                amount = f"{done / 1e6:.1f}/{total / 1e6:.1f} MB" if unit == "bytes" else f"{done}/{total} {unit}"
                stream.write(f"\r\x1b[Knewslint: {amount}, {docs} documents, {now - start:.0f} s")
                stream.flush()
                last, drawn = now, True
            yield item
    finally:  # also when interrupted: the line never stays half-drawn before an error message
        if drawn:
            with contextlib.suppress(OSError, ValueError):
                stream.write("\r\x1b[K")
                stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False
