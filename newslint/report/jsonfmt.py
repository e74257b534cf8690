"""JSON (an array) and JSON Lines formats, exactly the fields of the contract in DESIGN.md."""

from __future__ import annotations

import json
from typing import Sequence

from newslint.finding import Finding


def render_json(findings: Sequence[Finding], context=None) -> str:
    """A JSON array of finding objects, indented, newline-terminated."""
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"


def render_jsonl(findings: Sequence[Finding], context=None) -> str:
    """One compact JSON object per line."""
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in findings)
