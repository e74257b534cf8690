"""Output formats: one module per format; FORMATS is the only registry of them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from newslint.finding import Finding
from newslint.rule import Rule


@dataclass(frozen=True)
class ReportContext:
    """What a formatter may need besides the findings: the rules that ran, files checked."""

    rules: Sequence[Rule] = ()
    files: Sequence[str] = ()
    documents: int = 0
    version: str = ""


Formatter = Callable[[Sequence[Finding], ReportContext], str]
# The same report in pieces, to write as they come: a run's findings need never be one string.
Pieces = Callable[[Iterable[Finding], ReportContext], Iterator[str]]


# The one registry of output formats: name -> (module, the whole report, the report in
# pieces). A module is imported only when its format is asked for (the XML and SARIF ones
# cost start-up time for nothing).
FORMATS: dict[str, tuple[str, str, str]] = {
    "text": ("text", "render", "pieces"),
    "json": ("jsonfmt", "render_json", "json_pieces"),
    "jsonl": ("jsonfmt", "render_jsonl", "jsonl_pieces"),
    "github": ("github", "render", "pieces"),
    "sarif": ("sarif", "render", "pieces"),
    "junit": ("junit", "render", "pieces"),
}
FORMAT_NAMES = tuple(FORMATS)


def formatter(name: str) -> Formatter:
    """The formatter for a format name (KeyError for an unknown one)."""
    module, function, _ = FORMATS[name]
    return getattr(importlib.import_module(f"newslint.report.{module}"), function)


def report_pieces(name: str) -> Pieces:
    """The report of a format in pieces, which joined are the formatter's report. The findings may be
    any collection in report order (SARIF and JUnit go through them twice), such as the
    findings a big run keeps on disk (newslint.spool)."""
    module, _, function = FORMATS[name]
    return getattr(importlib.import_module(f"newslint.report.{module}"), function)


def formats() -> dict[str, Formatter]:
    """Format name -> formatter, for every format (imports them all)."""
    return {name: formatter(name) for name in FORMATS}
