"""Bytes to text: UTF-8 with or without BOM; undecodable bytes are reported, never dropped."""

from __future__ import annotations

import codecs
from collections.abc import Generator
from typing import BinaryIO

from newslint.readers import EMPTY_DOCUMENT, ReadProblem


def decode(path: str, data: bytes, record: str | int | None = None) -> tuple[str, ReadProblem | None]:
    """Decode UTF-8 (BOM stripped); bad bytes become U+FFFD and a ReadProblem pointing at the first."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    data = data[bom:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        problem = ReadProblem(
            path,
            f"invalid UTF-8 at byte {exc.start + bom} (0x{data[exc.start]:02x}); the bytes were "
            "replaced with U+FFFD and the rest was checked. Re-save the file as UTF-8.",
            line=line,
            column=column,
            record=record,
        )
        return data.decode("utf-8", errors="replace"), problem


def empty_document(path: str, why: str, line: int = 1, record: str | int | None = None) -> ReadProblem:
    """The warning for a document with nothing to check (an empty file, field or record set)."""
    return ReadProblem(
        path, f"empty document: {why}", line=line, record=record, rule=EMPTY_DOCUMENT, severity="warning"
    )


def whole_text(path: str, stream: BinaryIO) -> Generator[ReadProblem, None, str | None]:
    """The preamble every reader of a whole file shares: read and decode it, yield its
    problems, and return its text, or None when there is nothing to check (a binary or
    empty file). A reader writes `source = yield from whole_text(path, stream)`."""
    data = stream.read()
    if _looks_binary(data):
        yield ReadProblem(
            path,
            "looks like a binary file (NUL bytes or mostly invalid UTF-8), not text; it was not checked. Exclude it with `exclude` in the config.",
        )
        return None
    source, problem = decode(path, data)
    if problem:
        yield problem
    if not source.strip():
        yield empty_document(path, "nothing to check")
        return None
    return source


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than a tenth of the first 8 KB undecodable: an image, a PDF, a zip."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    decoded = head.decode("utf-8", errors="replace")
    # The last few bytes may be a character cut in half by the 8 KB window.
    return decoded.count("\ufffd") > max(8, len(decoded) // 10)
