"""Record readers (JSONL/NDJSON, JSON, CSV): one Document per record, each field its own source.

Positions of findings count within the field (`Block.field`). A ReadProblem about a record as
a whole has no field, so its line/column point into the file where that is known (the JSONL
line, the CSV row) and are 1:1 otherwise. Every record id carries a RecordPlace (the physical
line of the record and of each field), which the formats CI reads as file positions use.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from newslint.document import HEADLINE, Directive, make_document, verbatim_block
from newslint.finding import RecordPlace, placed_record
from newslint.readers import ReadOptions, ReadProblem, ReadResult, too_large
from newslint.readers.decoding import decode, empty_document, whole_text
from newslint.readers.plaintext import plain_blocks
from newslint.suppressions import file_directive, find_directives, parse_rule_list

# Article bodies are far longer than the csv module's default 128 KiB field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def field_directive(
    path: str, key: str, value: Any, record: str | int | None = None
) -> tuple[Directive | None, ReadProblem | None]:
    """A front-matter key or record field listing rules to silence -> a whole-document directive."""
    if value is None or value is False or value == "" or value == []:
        return None, None
    if value is True:
        rules: tuple[str, ...] = ("all",)
    elif isinstance(value, str):
        rules = parse_rule_list(value)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        rules = tuple(rule for v in value for rule in parse_rule_list(v))
    else:
        return None, ReadProblem(
            path,
            f"'{key}' should list rule ids or packs (a list or a comma-separated string), "
            f"got {type(value).__name__}; it was ignored",
            record=record,
            severity="warning",
        )
    return (file_directive(rules), None) if rules else (None, None)


def _first_present(keys: Iterable[str], record: dict) -> str | None:
    return next((k for k in keys if k in record), None)


def record_results(
    path: str, record: Any, index: int, options: ReadOptions, line: int = 1, place: RecordPlace | None = None
) -> Iterator[ReadResult]:
    """One parsed record -> a Document, or ReadProblems saying why it could not be checked.

    `place` (where the record is in its file) travels on the record id to every finding."""
    if not isinstance(record, dict):
        yield ReadProblem(
            path,
            f'record {index} is a JSON {_json_type(record)}, not an object; expected {{"title": ..., "body": ...}}',
            line=line,
            record=placed_record(index, place),
        )
        return
    id_key = _first_present(options.id_fields, record)
    ident: str | int = index
    if id_key is not None and record[id_key] is not None and str(record[id_key]) != "":
        ident = str(record[id_key])
    ident = placed_record(ident, place)
    body_key = _first_present(options.body_fields, record)
    if body_key is None:
        fields = ", ".join(repr(k) for k in record) or "none"
        expected = ", ".join(repr(k) for k in options.body_fields)
        yield ReadProblem(
            path,
            f"record has no body field: it has {fields}; expected one of {expected}. "
            "Set the body field name with `fields.body` in the newslint config.",
            line=line,
            record=ident,
        )
        return
    body = record[body_key]
    if not isinstance(body, str):
        yield ReadProblem(
            path,
            f"field '{body_key}' should be a string of article text, got {_json_type(body)}",
            line=line,
            record=ident,
        )
        return
    sources: dict[str | None, str] = {body_key: body}
    blocks = []
    directives = find_directives(body, body_key)
    title_key = _first_present(options.title_fields, record)
    if title_key is not None and record[title_key] is not None:
        title = record[title_key]
        if isinstance(title, (int, float)) and not isinstance(title, bool):
            title = str(title)
        if isinstance(title, str):
            sources[title_key] = title
            start = len(title) - len(title.lstrip())
            end = len(title.rstrip())
            if end > start:
                blocks.append(verbatim_block(HEADLINE, title, start, end, title_key))
            directives.extend(find_directives(title, title_key))
        else:
            yield ReadProblem(
                path,
                f"field '{title_key}' should be a string headline, got {_json_type(title)}; it was not checked",
                line=line,
                record=ident,
                severity="warning",
            )
    if options.suppress_field in record:
        directive, problem = field_directive(path, options.suppress_field, record[options.suppress_field], ident)
        if problem:
            yield replace(problem, line=line)
        if directive:
            directives.append(directive)
    if not body.strip():
        yield empty_document(path, f"field '{body_key}' has no text", line=line, record=ident)
        return
    blocks.extend(plain_blocks(body, field=body_key, find_headline=False))
    metadata = {
        k: v for k, v in record.items() if k not in (body_key, title_key) and isinstance(v, (str, int, float, bool))
    }
    yield make_document(path, blocks, sources, record=ident, metadata=metadata, directives=directives)


def _first_words(exc: Exception, limit: int = 160) -> str:
    """An exception's message, cut short (no unbounded strings from the data in messages)."""
    text = str(exc)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number" if isinstance(value, (int, float)) else type(value).__name__)


def _no_records(path: str) -> ReadProblem:
    return empty_document(path, "no records to check")


def read_jsonl(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """JSON Lines, one record per line, read line by line so memory stays constant."""
    yield from read_jsonl_lines(path, bounded_lines(stream, options.max_document_bytes), options)


@dataclass(frozen=True)
class LongLine:
    """A line longer than max-document-bytes, read past without being kept: its size in bytes."""

    size: int


# Lines longer than the limit are skipped in pieces of this size, never held whole.
_SKIP_CHUNK = 1 << 20


def bounded_lines(stream: BinaryIO, limit: int, length: int | None = None) -> Iterator[bytes | LongLine]:
    """The lines of a binary stream (line ends kept), a LongLine in place of each line over
    `limit` bytes (0: no limit), until `length` bytes are read (None: to the end)."""
    while length is None or length > 0:
        raw = stream.readline(limit + 1) if limit else stream.readline()
        if not raw:
            return
        if length is not None:
            length -= len(raw)
        if not limit or len(raw) <= limit or (len(raw) == limit + 1 and raw.endswith(b"\n")):
            yield raw
            continue
        size = len(raw)
        while not raw.endswith(b"\n") and (length is None or length > 0):
            raw = stream.readline(_SKIP_CHUNK)
            if not raw:
                break
            size += len(raw)
            if length is not None:
                length -= len(raw)
        yield LongLine(size - raw.endswith(b"\n"))


def text_size(texts: list[str], limit: int) -> int:
    """The UTF-8 size of decoded text where it may be over `limit` (a count that is not over
    it otherwise): characters are counted first, and a character is at most four bytes."""
    chars = sum(map(len, texts))
    if 4 * chars <= limit:
        return chars
    return sum(len(t.encode("utf-8", "surrogatepass")) for t in texts)


@dataclass(frozen=True)
class LineRange:
    """Bytes [start, end) of a JSONL file, cut at line ends, for one worker of a parallel run."""

    start: int
    end: int
    first_line: int  # the line number of the range's first line
    records_before: int  # records (non-blank lines) in the file before the range


def split_jsonl(path: str, parts: int, min_bytes: int) -> list[LineRange]:
    """Cut a big JSONL file into about `parts` ranges at line ends (none if it is small).

    One sequential pass counts lines and records, so each range knows the line number and
    record index it starts at, and findings are the same as reading the file whole."""
    size = os.path.getsize(path)
    if parts < 2 or size < 2 * min_bytes:
        return []
    target = max(min_bytes, size // parts)
    ranges: list[LineRange] = []
    start = position = 0
    first_line = line = 1
    records_before = records = 0
    filled = False  # the line read so far holds more than white space
    with open(path, "rb") as handle:
        # Lines are read in pieces of at most a megabyte: a huge line is never held whole.
        for raw in iter(lambda: handle.readline(_SKIP_CHUNK), b""):
            position += len(raw)
            filled = filled or bool(raw.strip())
            if not raw.endswith(b"\n") and position < size:
                continue  # the line goes on in the next piece
            records += filled
            filled = False
            line += 1
            if position - start >= target and position < size:
                ranges.append(LineRange(start, position, first_line, records_before))
                start, first_line, records_before = position, line, records
    if not ranges or records == 0:
        return []
    ranges.append(LineRange(start, size, first_line, records_before))
    return ranges


def read_jsonl_range(path: str, options: ReadOptions, part: LineRange) -> Iterator[ReadResult]:
    """The records of one range of a JSONL file, numbered as in the whole file."""
    with open(path, "rb") as handle:
        handle.seek(part.start)
        lines = bounded_lines(handle, options.max_document_bytes, part.end - part.start)
        yield from read_jsonl_lines(path, lines, options, part.first_line, part.records_before, whole_file=False)


def read_jsonl_lines(
    path: str,
    lines: Iterable[bytes | LongLine],
    options: ReadOptions,
    first_line: int = 1,
    records_before: int = 0,
    whole_file: bool = True,
) -> Iterator[ReadResult]:
    """Records from JSONL lines; line numbers and record indexes continue from the given ones."""
    index = records_before
    for number, raw in enumerate(lines, first_line):
        if isinstance(raw, LongLine):  # (bounded_lines) read past, never kept
            index += 1
            yield too_large(
                path,
                f"line {number}: the record",
                raw.size,
                options.max_document_bytes,
                line=number,
                record=placed_record(index, RecordPlace(number)),
            )
            continue
        if not raw.strip():
            continue  # blank lines separate nothing and hold no data
        index += 1
        place = RecordPlace(number)
        text, problem = decode(path, raw, record=placed_record(index, place))
        if problem:
            yield replace(problem, line=number, message=f"line {number}: {problem.message}")
        try:
            record = json.loads(text)
        except RecursionError:
            yield ReadProblem(
                path,
                f"line {number}: JSON nested too deeply to read; the record was skipped.",
                line=number,
                record=placed_record(index, place),
            )
            continue
        except json.JSONDecodeError as exc:
            yield ReadProblem(
                path,
                f"line {number} is not valid JSON ({exc.msg} at column {exc.colno}); "
                "each line must hold one JSON object. The record was skipped.",
                line=number,
                column=exc.colno,
                record=placed_record(index, place),
            )
            continue
        except ValueError as exc:  # a number Python will not read, such as an integer of over 4,300 digits
            yield ReadProblem(
                path,
                f"line {number}: cannot read this JSON record ({_first_words(exc)}); the record was skipped.",
                line=number,
                record=placed_record(index, place),
            )
            continue
        yield from record_results(path, record, index, options, line=number, place=place)
    if whole_file and index == 0:
        yield _no_records(path)


def read_json(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """A JSON file holding an array of record objects, or a single object."""
    text = yield from whole_text(path, stream)
    if text is None:
        return
    try:
        data, starts = _load_json(text)
    except RecursionError:
        yield ReadProblem(path, "JSON nested too deeply to read; expected an array of objects or one object")
        return
    except json.JSONDecodeError as exc:
        yield ReadProblem(
            path,
            f"not valid JSON: {exc.msg}; expected an array of objects or one object",
            line=exc.lineno,
            column=exc.colno,
        )
        return
    except ValueError as exc:  # a number Python will not read, such as an integer of over 4,300 digits
        yield ReadProblem(path, f"cannot read the JSON ({_first_words(exc)}); nothing in the file was checked")
        return
    lines = _line_numbers(text, starts)
    limit = options.max_document_bytes
    if isinstance(data, dict):
        if limit and text_size([text], limit) > limit:
            yield too_large(path, "the file", text_size([text], limit), limit)
            return
        yield from record_results(path, data, 1, options, line=lines[0], place=RecordPlace(lines[0]))
        return
    if not isinstance(data, list):
        yield ReadProblem(path, f"the file holds a JSON {_json_type(data)}; expected an array of objects or one object")
        return
    if not data:
        yield _no_records(path)
    ends = [*starts[1:], len(text)]
    for index, (record, line) in enumerate(zip(data, lines, strict=True), 1):
        place = RecordPlace(line)
        size = (
            text_size([text[starts[index - 1] : ends[index - 1]]], limit)
            if limit and ends[index - 1] - starts[index - 1] > limit // 4
            else 0
        )
        if size > limit:  # (the file is read whole: JSONL files are read a record at a time)
            yield too_large(
                path, f"line {line}: the record", size, limit, line=line, record=placed_record(index, place)
            )
            continue
        yield from record_results(path, record, index, options, line=line, place=place)


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_DECODER = json.JSONDecoder()


def _matched(pattern: re.Pattern[str], text: str, at: int = 0) -> re.Match[str]:
    """pattern.match for a pattern that cannot fail at `at` (it may match nothing)."""
    match = pattern.match(text, at)
    assert match is not None, pattern.pattern
    return match


def _load_json(text: str) -> tuple[Any, list[int]]:
    """json.loads(text), and where each element of a top-level array starts (the offset of
    the value itself when it is not an array), so that records know their line."""
    at = _matched(_JSON_SPACE, text).end()
    if not text.startswith("[", at):
        return json.loads(text), [at]
    items: list[Any] = []
    starts: list[int] = []
    at = _matched(_JSON_SPACE, text, at + 1).end()
    if text.startswith("]", at):
        end = at + 1
    else:
        while True:
            value, end = _JSON_DECODER.raw_decode(text, at)
            items.append(value)
            starts.append(at)
            end = _matched(_JSON_SPACE, text, end).end()
            if text.startswith("]", end):
                end += 1
                break
            if not text.startswith(",", end):
                raise json.JSONDecodeError("Expecting ',' delimiter", text, end)
            at = _matched(_JSON_SPACE, text, end + 1).end()
    end = _matched(_JSON_SPACE, text, end).end()
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return items, starts


def _line_numbers(text: str, offsets: list[int]) -> list[int]:
    """The 1-based line of each offset (offsets ascending)."""
    lines, line, last = [], 1, 0
    for offset in offsets:
        line += text.count("\n", last, offset)
        last = offset
        lines.append(line)
    return lines


def _decoded_lines(path: str, stream: BinaryIO, problems: list[ReadProblem], taken: list[str]) -> Iterator[str]:
    """Decode a byte stream line by line (line endings kept for csv), noting undecodable lines
    in `problems` and appending every line to `taken` (the lines of the row being read)."""
    append = taken.append
    for number, raw in enumerate(stream, 1):
        text, problem = decode(path, raw)
        if problem:
            problems.append(replace(problem, line=number, message=f"line {number}: {problem.message}"))
        append(text)
        yield text


class _RowLines:
    """The decoded lines of a CSV file for csv.reader: which lines each row took (and the
    physical number of its first), and lines given back to be read again."""

    def __init__(self, path: str, stream: BinaryIO, problems: list[ReadProblem]) -> None:
        self._taken: list[str] = []
        self._lines = _decoded_lines(path, stream, problems, self._taken)
        self._next = 1  # the physical line number of the next row's first line

    def reader(self) -> Iterator[list[str]]:
        """A csv reader of the lines not yet read (after read_again, the lines given back first)."""
        return csv.reader(self._lines)

    def take_row(self) -> tuple[int, list[str]]:
        """The number of the first line read since the last call, and those lines."""
        first, row = self._next, self._taken[:]
        self._next += len(row)
        self._taken.clear()
        return first, row

    def read_again(self, first: int, lines: list[str]) -> None:
        """Give back lines `first`, `first + 1`...: the next reader() reads them before the rest."""
        self._lines = itertools.chain(_remembered(lines, self._taken), self._lines)
        self._next = first


def _remembered(lines: list[str], taken: list[str]) -> Iterator[str]:
    for text in lines:
        taken.append(text)
        yield text


# csv's default dialect (not strict): a field opened by a quote runs to the quote that closes
# it ("" is a quote inside it); anything after that quote joins the field up to the comma.
_QUOTED_FIELD = re.compile(r'"(?:[^"]+|"")*(")?')
_UNQUOTED_FIELD = re.compile(r"[^,\r\n]*")
# A quoted field taking in this many lines that read as complete rows (and hardly anything
# else) is a quote left open that swallowed the rows after it, not an article.
RUNAWAY_ROWS = 10
# No article has a field this many lines long; a field that has is reported (and checked).
MAX_FIELD_LINES = 10_000


def _field_starts(text: str) -> tuple[list[int], bool]:
    """Where each field of one CSV row starts in the row's text, and whether the last field
    is a quoted one that is never closed (csv.reader then ends the row at the end of the file)."""
    starts: list[int] = []
    at = 0
    while True:
        starts.append(at)
        if text.startswith('"', at):
            match = _matched(_QUOTED_FIELD, text, at)  # at a '"'
            if match.group(1) is None:
                return starts, True
            at = match.end()
        at = _matched(_UNQUOTED_FIELD, text, at).end()
        if not text.startswith(",", at):
            return starts, False
        at += 1


@dataclass(frozen=True)
class _RowShape:
    """Where the fields of one CSV row of several lines are: the physical line each starts on,
    and the field spanning the most lines (its index, first and last line, and whether it
    ends as a well-formed quoted field does: "unclosed" runs to the end of the file, "loose"
    goes on after its closing quote)."""

    field_lines: list[int]
    longest: int
    first: int
    last: int
    ending: str  # "closed", "unclosed" or "loose"


def _field_lines(first: int, row: list[str]) -> list[int]:
    """The physical line each field of a CSV row starting on line `first` starts on: a quoted
    field's line breaks are the file's, one for one."""
    return list(itertools.accumulate((value.count("\n") for value in row[:-1]), initial=first))


def _row_shape(first: int, lines: list[str], row: list[str]) -> _RowShape:
    breaks = [value.count("\n") for value in row]
    field_lines = _field_lines(first, row)
    longest = max(range(len(row)), key=breaks.__getitem__)
    start, end = field_lines[longest], field_lines[longest] + breaks[longest]
    if end >= first + len(lines):
        return _RowShape(field_lines, longest, start, first + len(lines) - 1, "unclosed")
    # A well-formed quoted field's last line starts with the value's last line, quotes
    # doubled, then the closing quote and a comma or the end of the row.
    value = row[longest]
    tail = value[value.rfind("\n") + 1 :].replace('"', '""')
    raw = lines[end - first]
    if raw.startswith(tail + '"') and raw[len(tail) + 1 : len(tail) + 2] in ("", ",", "\r", "\n"):
        ending = "closed"
    else:
        ending = "unclosed" if raw.rstrip("\r\n") == tail and end == first + len(lines) - 1 else "loose"
    return _RowShape(field_lines, longest, start, end, ending)


def _opening_column(first: int, lines: list[str], shape: _RowShape) -> int:
    """The column of the field's opening quote on its first line (for messages)."""
    text = "".join(lines[: shape.first - first + 1])
    starts = _field_starts(text)[0]
    at = starts[shape.longest] if shape.longest < len(starts) else len(text)
    return at - (text.rfind("\n", 0, at) + 1) + 1


def _rows(count: int) -> str:
    return "1 line that reads as a row of its own" if count == 1 else f"{count} lines that read as rows of their own"


def _runaway_problem(
    path: str, first: int, lines: list[str], row: list[str], shape: _RowShape, header: list[str], record: str | int
) -> tuple[ReadProblem | None, bool]:
    """A problem for a quoted field that ran away with the rows after it (True: read the lines
    after its first one again as rows), that is never closed, or that is far too long."""
    span = shape.last - shape.first + 1
    broken = shape.ending != "closed"  # no well-formed field ends that way
    if span < 2 or (span <= RUNAWAY_ROWS and not broken):
        return None, False
    inside = lines[shape.first - first + 1 : shape.last - first + 1]
    # Lines of a dataset's rows hold the header's number of commas and follow each other with
    # no blank line between them; an article's paragraphs rarely do either.
    rows = 0
    if len(header) >= 2 and (
        broken or 4 * row[shape.longest].count("\n\n") <= len(inside)
    ):  # (most articles: a quick no)
        rows = sum(1 for t in inside if t.count(",") == len(header) - 1 and t.strip())
    runaway = len(header) >= 2 and rows >= (1 if broken else RUNAWAY_ROWS) and 4 * rows >= 3 * len(inside)
    if not (runaway or broken or span > MAX_FIELD_LINES):
        return None, False
    name = header[shape.longest] if shape.longest < len(header) else f"column {shape.longest + 1}"
    column = _opening_column(first, lines, shape)
    where = f"line {shape.first}: the quoted field '{name}' opened here (column {column})"
    ends = "is never closed" if shape.ending == "unclosed" else f"runs on to line {shape.last}"
    if runaway:
        message = (
            f"{where} {ends}, taking in {_rows(rows)}: its quote is probably unbalanced. "
            f"This record was not checked; the lines after line {shape.first} were read as rows."
        )
        return ReadProblem(path, message, line=shape.first, column=column, record=record), True
    if shape.ending == "unclosed":
        message = f"{where} {ends}: it runs to the end of the file (line {shape.last}). Its text was checked as one field; check the quote."
        return ReadProblem(path, message, line=shape.first, column=column, record=record), False
    if shape.ending == "loose":
        message = f"{where} {ends}, where text follows its closing quote: a quote inside it is probably not doubled. Its text was checked as read; check the quotes."
        return ReadProblem(path, message, line=shape.first, column=column, record=record, severity="warning"), False
    message = f"{where} {ends}: {span} lines, far more than any article. Its text was checked as one field; check for an unbalanced quote."
    return ReadProblem(path, message, line=shape.first, column=column, record=record, severity="warning"), False


def _row_id(row: list[str], columns: dict[str, int], options: ReadOptions, index: int, before: int) -> str | int:
    """A row's id as record_results would take it, if its column comes before field `before`
    (fields after a broken one are not what they seem); its index otherwise."""
    name = _first_present(options.id_fields, columns)
    i = columns[name] if name is not None else len(row)
    return row[i] if i < min(before, len(row)) and row[i] != "" else index


def read_csv(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """CSV with a header row; one record per row (fields may span lines).

    Each record knows the physical line of its row and of its title and body fields. A quote
    left open that swallows the rows after it is reported at the line where it opened, and
    those rows are read again, so no record vanishes without a word."""
    problems: list[ReadProblem] = []
    source = _RowLines(path, stream, problems)
    reader = source.reader()
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield from problems
        yield ReadProblem(path, f"cannot read the CSV header: {exc}")
        return
    header_first, header_lines = source.take_row()
    yield from problems
    problems.clear()
    if header and len(header_lines) > 1 and _field_starts("".join(header_lines))[1]:
        yield ReadProblem(
            path,
            f"line {header_first}: a quoted field in the CSV header is never closed (it runs to line {header_first + len(header_lines) - 1}, the end of the file); nothing was checked",
        )
        return
    if not header or not any(h.strip() for h in header):
        yield empty_document(path, "no CSV header row")
        return
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        columns.setdefault(name, i)
    body_key = _first_present(options.body_fields, columns)
    if body_key is None:
        found = ", ".join(repr(h) for h in header)
        expected = ", ".join(repr(k) for k in options.body_fields)
        yield ReadProblem(
            path,
            f"no body column: the header has {found}; expected one of {expected}. "
            "Set the body column name with `fields.body` in the newslint config.",
        )
        return
    located = [
        (name, columns[name])
        for name in dict.fromkeys((*options.title_fields, *options.body_fields))
        if name in columns
    ]
    index = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            start_line, lines = source.take_row()
            index += 1
            yield from problems
            problems.clear()
            at = f" (at line {start_line + len(lines) - 1})" if len(lines) > 1 else ""
            yield ReadProblem(
                path,
                f"line {start_line}: broken CSV row ({exc}{at}); the row was skipped",
                line=start_line,
                record=placed_record(index, RecordPlace(start_line)),
            )
            continue
        start_line, lines = source.take_row()
        yield from problems
        problems.clear()
        if not row:
            continue  # a blank line is not a record
        index += 1
        place = RecordPlace(start_line, verbatim=True)
        if len(lines) > 1:
            shape = _row_shape(start_line, lines, row)
            place = RecordPlace(
                start_line, tuple((name, shape.field_lines[i]) for name, i in located if i < len(row)), verbatim=True
            )
            problem, again = _runaway_problem(
                path,
                start_line,
                lines,
                row,
                shape,
                header,
                placed_record(_row_id(row, columns, options, index, shape.longest), place),
            )
            if problem is not None:
                yield problem
            if again:
                source.read_again(shape.first + 1, lines[shape.first - start_line + 1 :])
                reader = source.reader()
                continue
        limit = options.max_document_bytes
        size = text_size(lines, limit) if limit else 0
        del lines
        if size > limit:
            ident = _row_id(row, columns, options, index, len(row))
            yield too_large(
                path, f"line {start_line}: the record", size, limit, line=start_line, record=placed_record(ident, place)
            )
            continue
        if columns[body_key] >= len(row):
            yield ReadProblem(
                path,
                f"line {start_line}: the row has {len(row)} field(s) but the header has {len(header)}; no '{body_key}' value to check",
                line=start_line,
                record=placed_record(index, place),
            )
            continue
        # A short row lacks its trailing columns; those fields are absent, not empty.
        record = {name: row[i] for name, i in columns.items() if i < len(row)}
        yield from record_results(path, record, index, options, line=start_line, place=place)
    yield from problems
    if index == 0:
        yield _no_records(path)
