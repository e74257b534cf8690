"""Output formats: one module per format; FORMATS is the only registry of them."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Sequence

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


# The one registry of output formats: name -> (module, function). A module is imported only
# when its format is asked for (the XML and SARIF ones cost start-up time for nothing).
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "render"),
    "json": ("jsonfmt", "render_json"),
    "jsonl": ("jsonfmt", "render_jsonl"),
    "github": ("github", "render"),
    "sarif": ("sarif", "render"),
    "junit": ("junit", "render"),
}
FORMAT_NAMES = tuple(FORMATS)


def formatter(name: str) -> Formatter:
    """The formatter for a format name (KeyError for an unknown one)."""
    module, function = FORMATS[name]
    return getattr(importlib.import_module(f"newslint.report.{module}"), function)


def formats() -> dict[str, Formatter]:
    """Format name -> formatter, for every format (imports them all)."""
    return {name: formatter(name) for name in FORMATS}
