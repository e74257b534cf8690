"""What every output format shares: text from the data made safe to print, and where a
finding is in its file (for a dataset record, the physical line, not the line in the field)."""

from __future__ import annotations

import re

from newslint.finding import Finding

# Characters of the data no report writes raw: C0 and C1 controls and DEL (ANSI escapes and
# other terminal controls start with them), line and paragraph separators, the bidirectional
# overrides and isolates (they reorder what a reader sees), the noncharacters XML cannot hold,
# and lone surrogates (which no UTF-8 output can encode).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# What JSON leaves raw with ensure_ascii=False but a terminal or a UTF-8 encoder would not take.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
# A line the GitHub Actions runner reads as a workflow command (`::error ...`, `##[error]`).
_COMMAND = re.compile(r"\s*(?:::|##\[)")


def _escaped(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """The text on one line, every unsafe character written as a visible escape (`\\n`,
    `\\x1b`, `\\u202e`, `\\ud800`): no line breaks, no terminal control, always encodable."""
    return _UNPRINTABLE.sub(_escaped, text) if _UNPRINTABLE.search(text) else text


def json_safe(text: str) -> str:
    """JSON text with the characters json.dumps(ensure_ascii=False) leaves raw (C1 controls,
    separators, bidi controls, lone surrogates) written as \\u escapes: the same JSON value."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _JSON_RAW.search(text) else text


def not_a_command(line: str) -> str:
    """A report line that starts with a path, made unable to pass for a workflow command: a
    relative path starting with `::` (a file may be named so) gets `./` before it."""
    return "./" + line if _COMMAND.match(line) else line


def record_where(finding: Finding) -> str:
    """Where a record finding is within its record: 'record 4, field body, line 3, column 5'
    ('record 4' for the record as a whole; '' for a file finding). Not escaped."""
    if finding.record is None:
        return ""
    where = f"record {finding.record}"
    if finding.field is not None:
        where += f", field {finding.field}, line {finding.line}, column {finding.column}"
    return where


def with_record(finding: Finding, text: str) -> str:
    """The text, after where the finding is in its record for a record finding. Not escaped."""
    where = record_where(finding)
    return f"{where}: {text}" if where else text
