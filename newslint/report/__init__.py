"""Output formats: one module per format; FORMATS is the only registry of them."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    extra_rules: dict[str, str] = field(default_factory=dict)  # engine rule id -> description


Formatter = Callable[[Sequence[Finding], ReportContext], str]


def formats() -> dict[str, Formatter]:
    """Format name -> formatter."""
    from newslint.report import github, jsonfmt, junit, sarif, text

    return {
        "text": text.render,
        "json": jsonfmt.render_json,
        "jsonl": jsonfmt.render_jsonl,
        "github": github.render,
        "sarif": sarif.render,
        "junit": junit.render,
    }


FORMAT_NAMES = ("text", "json", "jsonl", "github", "sarif", "junit")
