"""A one-line progress display on stderr for long runs, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, TextIO, TypeVar

T = TypeVar("T")

# Short runs (pre-commit on a few files) finish before a display would help.
SHOW_AFTER_SECONDS = 1.0
REDRAW_SECONDS = 0.1


def progress(items: Iterable[T], total: int, stream: TextIO | None = None, documents=lambda item: 0) -> Iterator[T]:
    """Yield `items` unchanged while drawing 'files done/total, documents' on a terminal.

    Nothing is drawn when the stream is not a terminal (CI logs, pipes, files), so reports
    and logs stay clean; the line is erased at the end."""
    stream = stream if stream is not None else sys.stderr
    if not _is_terminal(stream):
        yield from items
        return
    start = last = time.monotonic()
    done = docs = 0
    drawn = False
    for item in items:
        done += 1
        docs += documents(item)
        now = time.monotonic()
        if now - start >= SHOW_AFTER_SECONDS and now - last >= REDRAW_SECONDS:
            stream.write(f"\r\x1b[Knewslint: {done}/{total} files, {docs} documents, {now - start:.0f} s")
            stream.flush()
            last, drawn = now, True
        yield item
    if drawn:
        stream.write("\r\x1b[K")
        stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False
