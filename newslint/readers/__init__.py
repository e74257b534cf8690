"""Readers turn one file into Documents (or ReadProblems); one module per input format."""

from __future__ import annotations

import dataclasses
import importlib
import io
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newslint.document import Document

# No article comes near this; a document of this size already takes about 800 MB to check.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """How to read records and text: field names and the like, from the config."""

    title_fields: tuple[str, ...] = ("title", "headline")
    body_fields: tuple[str, ...] = ("body", "text", "content")
    id_fields: tuple[str, ...] = ("id",)
    suppress_field: str = "newslint_disable"
    # Markdown template syntax to mask (newslint.readers.templates.SYNTAXES); "auto" is all but MDX.
    template_syntax: tuple[str, ...] = ("liquid", "jinja", "hugo", "kramdown")
    # Which documents' own suppressions (comments, front-matter key, record field) count:
    # "authored" (Markdown and text: written by the people who run the check), "all", "none".
    inline_suppressions: str = "authored"
    # The largest document read, in bytes (0: no limit): a file for the formats read whole,
    # one record for JSONL, CSV and JSON. Checking a document costs many times its size in
    # memory (about 50 times for a record), so a bigger one is reported, not read.
    max_document_bytes: int = MAX_DOCUMENT_BYTES


# Rule ids of the findings readers produce.
INPUT_ERROR = "newslint.input-error"
EMPTY_DOCUMENT = "newslint.empty-document"


@dataclass(frozen=True)
class ReadProblem:
    """Input newslint could not fully read: reported as an error finding, never a crash."""

    path: str
    message: str
    line: int = 1
    column: int = 1
    record: str | int | None = None
    rule: str = INPUT_ERROR
    severity: str = "error"


ReadResult = Document | ReadProblem
# A reader gets the path to show in findings, a binary stream and the options. Record
# readers iterate the stream so that a huge dataset is never held in memory at once.
Reader = Callable[[str, BinaryIO, ReadOptions], Iterator[ReadResult]]


# The one registry of readers: extension -> (module, function). Modules are imported only
# when a file of their format turns up, which keeps start-up fast for pre-commit runs.
READERS: dict[str, tuple[str, str]] = {
    ".txt": ("plaintext", "read"),
    ".text": ("plaintext", "read"),
    ".md": ("markdown", "read"),
    ".markdown": ("markdown", "read"),
    ".mdx": ("markdown", "read_mdx"),
    ".html": ("html", "read"),
    ".htm": ("html", "read"),
    ".jsonl": ("records", "read_jsonl"),
    ".ndjson": ("records", "read_jsonl"),
    ".json": ("records", "read_json"),
    ".csv": ("records", "read_csv"),
}


# Readers of files people write and check themselves; the others (HTML pages, JSONL/CSV/JSON
# records) usually hold scraped or collected data, which must not switch off its own checks.
AUTHORED_READERS = frozenset({"plaintext", "markdown"})
SUPPRESSION_MODES = ("authored", "all", "none")


def obeys_suppressions(path: str, options: ReadOptions) -> bool:
    """True when the documents read from `path` may silence findings themselves."""
    if options.inline_suppressions == "all":
        return True
    if options.inline_suppressions == "none":
        return False
    return READERS.get(os.path.splitext(path)[1].lower(), READERS[".txt"])[0] in AUTHORED_READERS


def without_suppressions(path: str, items: Iterator[ReadResult], options: ReadOptions) -> Iterator[ReadResult]:
    """The documents as read, their own suppressions dropped when they may not use them."""
    if obeys_suppressions(path, options):
        yield from items
        return
    for item in items:
        if isinstance(item, Document) and item.directives:
            item = dataclasses.replace(item, directives=())
        yield item


def too_large(
    path: str, what: str, size: int, limit: int, line: int = 1, record: str | int | None = None
) -> ReadProblem:
    """The input error for a document bigger than max-document-bytes (`what`: 'the file', 'record 4')."""
    return ReadProblem(
        path,
        f"{what} is {size:,} bytes, more than max-document-bytes ({limit:,}); it was not checked. "
        "Raise the limit with --max-document-bytes or the config key max-document-bytes, or split it.",
        line=line,
        record=record,
    )


def is_record_format(path: str) -> bool:
    """True for formats holding many records (JSONL, JSON, CSV), where the limit is per record."""
    return READERS.get(os.path.splitext(path)[1].lower(), READERS[".txt"])[0] == "records"


def is_jsonl(path: str) -> bool:
    """True for a JSON Lines file (one record per line: it can be split for parallel runs)."""
    return READERS.get(os.path.splitext(path)[1].lower()) == ("records", "read_jsonl")


def reader_for(path: str) -> Reader:
    """The reader for a path, chosen by extension; plain text for anything unknown."""
    module, function = READERS.get(os.path.splitext(path)[1].lower(), READERS[".txt"])
    return getattr(importlib.import_module(f"newslint.readers.{module}"), function)


def read_bytes(path: str, data: bytes, options: ReadOptions | None = None) -> Iterator[ReadResult]:
    """Read already-loaded bytes as the format the path's extension names."""
    options = options or ReadOptions()
    limit = options.max_document_bytes
    if limit and len(data) > limit and not is_record_format(path):
        yield too_large(path, "the file", len(data), limit)
        return
    yield from without_suppressions(path, reader_for(path)(path, io.BytesIO(data), options), options)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return name
    return "not a regular file"


class NotRegularFile(OSError):
    """A FIFO, device, socket or directory where a file was expected."""


def open_regular(path: str) -> BinaryIO:
    """Open a regular file for reading, never blocking on a FIFO or reading a device: the
    open does not wait (O_NONBLOCK) and what was opened is checked before any read, so a
    file swapped for a FIFO or a link to /dev/zero after the runner looked is refused too."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"not a regular file ({file_kind(mode)})")
        if flags & getattr(os, "O_NONBLOCK", 0):
            import fcntl

            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_file(path: str, options: ReadOptions | None = None) -> Iterator[ReadResult]:
    """Read a file from disk; an unreadable file (or one that is not a regular file) becomes a ReadProblem."""
    try:
        handle = open_regular(path)
    except NotRegularFile as exc:
        yield ReadProblem(path, f"{exc}; it was not read")
        return
    except OSError as exc:
        yield ReadProblem(path, f"cannot read file: {exc.strerror or exc}")
        return
    options = options or ReadOptions()
    with handle:
        limit = options.max_document_bytes
        if limit and not is_record_format(path):
            size = os.fstat(handle.fileno()).st_size
            if size > limit:  # never read: a document this big could take gigabytes to check
                yield too_large(path, "the file", size, limit)
                return
        yield from without_suppressions(path, reader_for(path)(path, handle, options), options)
