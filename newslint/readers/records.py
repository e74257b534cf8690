"""Record readers (JSONL/NDJSON, JSON, CSV): one Document per record, each field its own source.

Positions of findings count within the field (`Block.field`). A ReadProblem about a record as
a whole has no field, so its line/column point into the file where that is known (the JSONL
line, the CSV row) and are 1:1 otherwise.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from dataclasses import dataclass, replace
from typing import Any, BinaryIO, Iterable, Iterator

from newslint.document import HEADLINE, Directive, make_document, verbatim_block
from newslint.readers import ReadOptions, ReadProblem, ReadResult
from newslint.readers.decoding import decode, empty_document
from newslint.readers.plaintext import plain_blocks
from newslint.suppressions import file_directive, find_directives, parse_rule_list

# Article bodies are far longer than the csv module's default 128 KiB field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))



def field_directive(path: str, key: str, value: Any, record: str | int | None = None) -> tuple[Directive | None, ReadProblem | None]:
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


def record_results(path: str, record: Any, index: int, options: ReadOptions, line: int = 1) -> Iterator[ReadResult]:
    """One parsed record -> a Document, or ReadProblems saying why it could not be checked."""
    if not isinstance(record, dict):
        yield ReadProblem(path, f"record {index} is a JSON {_json_type(record)}, not an object; expected {{\"title\": ..., \"body\": ...}}", line=line, record=index)
        return
    id_key = _first_present(options.id_fields, record)
    ident: str | int = index
    if id_key is not None and record[id_key] is not None and str(record[id_key]) != "":
        ident = str(record[id_key])
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
        yield ReadProblem(path, f"field '{body_key}' should be a string of article text, got {_json_type(body)}", line=line, record=ident)
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
            yield ReadProblem(path, f"field '{title_key}' should be a string headline, got {_json_type(title)}; it was not checked", line=line, record=ident, severity="warning")
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
    metadata = {k: v for k, v in record.items() if k not in (body_key, title_key) and isinstance(v, (str, int, float, bool))}
    yield make_document(path, blocks, sources, record=ident, metadata=metadata, directives=directives)


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number" if isinstance(value, (int, float)) else type(value).__name__)


def _no_records(path: str) -> ReadProblem:
    return empty_document(path, "no records to check")


def read_jsonl(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """JSON Lines, one record per line, read line by line so memory stays constant."""
    yield from read_jsonl_lines(path, stream, options)


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
    with open(path, "rb") as handle:
        for raw in handle:
            position += len(raw)
            line += 1
            records += bool(raw.strip())
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
        yield from read_jsonl_lines(path, _lines_until(handle, part.end - part.start), options, part.first_line, part.records_before, whole_file=False)


def _lines_until(handle: BinaryIO, length: int) -> Iterator[bytes]:
    while length > 0:
        raw = handle.readline()
        if not raw:
            return
        length -= len(raw)
        yield raw


def read_jsonl_lines(path: str, lines: Iterable[bytes], options: ReadOptions, first_line: int = 1, records_before: int = 0, whole_file: bool = True) -> Iterator[ReadResult]:
    """Records from JSONL lines; line numbers and record indexes continue from the given ones."""
    index = records_before
    for number, raw in enumerate(lines, first_line):
        if not raw.strip():
            continue  # blank lines separate nothing and hold no data
        index += 1
        text, problem = decode(path, raw, record=index)
        if problem:
            yield replace(problem, line=number, message=f"line {number}: {problem.message}")
        try:
            record = json.loads(text)
        except RecursionError:
            yield ReadProblem(path, f"line {number}: JSON nested too deeply to read; the record was skipped.", line=number, record=index)
            continue
        except json.JSONDecodeError as exc:
            yield ReadProblem(
                path,
                f"line {number} is not valid JSON ({exc.msg} at column {exc.colno}); "
                "each line must hold one JSON object. The record was skipped.",
                line=number,
                column=exc.colno,
                record=index,
            )
            continue
        yield from record_results(path, record, index, options, line=number)
    if whole_file and index == 0:
        yield _no_records(path)


def read_json(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """A JSON file holding an array of record objects, or a single object."""
    text, problem = decode(path, stream.read())
    if problem:
        yield problem
    if not text.strip():
        yield empty_document(path, "nothing to check")
        return
    try:
        data = json.loads(text)
    except RecursionError:
        yield ReadProblem(path, "JSON nested too deeply to read; expected an array of objects or one object")
        return
    except json.JSONDecodeError as exc:
        yield ReadProblem(path, f"not valid JSON: {exc.msg}; expected an array of objects or one object", line=exc.lineno, column=exc.colno)
        return
    if isinstance(data, dict):
        yield from record_results(path, data, 1, options)
        return
    if not isinstance(data, list):
        yield ReadProblem(path, f"the file holds a JSON {_json_type(data)}; expected an array of objects or one object")
        return
    if not data:
        yield _no_records(path)
    for index, record in enumerate(data, 1):
        yield from record_results(path, record, index, options)


def _decoded_lines(path: str, stream: BinaryIO, problems: list[ReadProblem]) -> Iterator[str]:
    """Decode a byte stream line by line (line endings kept for csv), noting undecodable lines."""
    for number, raw in enumerate(stream, 1):
        text, problem = decode(path, raw)
        if problem:
            problems.append(replace(problem, line=number, message=f"line {number}: {problem.message}"))
        yield text


def read_csv(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[ReadResult]:
    """CSV with a header row; one record per row (fields may span lines)."""
    problems: list[ReadProblem] = []
    reader = csv.reader(_decoded_lines(path, stream, problems))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield from problems
        yield ReadProblem(path, f"cannot read the CSV header: {exc}")
        return
    yield from problems
    problems.clear()
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
    index = 0
    while True:
        start_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            index += 1
            yield from problems
            problems.clear()
            yield ReadProblem(path, f"line {reader.line_num}: broken CSV row ({exc}); the row was skipped", line=reader.line_num, record=index)
            continue
        yield from problems
        problems.clear()
        if not row:
            continue  # a blank line is not a record
        index += 1
        if columns[body_key] >= len(row):
            yield ReadProblem(path, f"line {start_line}: the row has {len(row)} field(s) but the header has {len(header)}; no '{body_key}' value to check", line=start_line, record=index)
            continue
        # A short row lacks its trailing columns; those fields are absent, not empty.
        record = {name: row[i] for name, i in columns.items() if i < len(row)}
        yield from record_results(path, record, index, options, line=start_line)
    yield from problems
    if index == 0:
        yield _no_records(path)
