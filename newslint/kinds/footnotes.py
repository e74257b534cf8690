"""`footnotes` kind: note definitions against body markers (unreferenced, undefined, duplicated...).

What counts as what:

- a *definition* is a block (in the rule's scope) whose text starts with a note marker:
  `[1]`, `[1]:`, `[^1]`, `[^label]:`, `^1 ` or a superscript number `¹ `. The plain-text
  and Markdown readers make such lines `footnote` blocks; a block that is nothing but a
  marker ("[3]") is an empty definition. `[n]` and `^n` definitions need a number, so
  "[Photo] caption" or "[Updated] ..." lines are not notes.
- a *marker* is a reference inside any other text (and inside other notes): `[^1]` (Markdown,
  unambiguous), `[1]` / `[1, 2]` / `[1-3]`, superscript digits `¹²`, `^1`, and, only when
  `marker-styles` lists `parenthesis`, `(1)` — off by default because "(1) ... (2) ..."
  enumerations are common in prose.
- labels compare as written for `[^label]` and as numbers otherwise, so `¹` in the body
  references a `[1]` note.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import regex

from newslint.document import FOOTNOTE, Block, Document
from newslint.kinds.base import Hit, KindError, finditer
from newslint.prefilter import Trigger

Mode = Literal["unreferenced", "undefined", "duplicate", "order", "empty"]
Style = Literal["markdown", "bracket", "superscript", "caret", "parenthesis"]

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGITS = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_SUP = f"[{SUPERSCRIPT_DIGITS}]"

DEFINITION = regex.compile(
    r"\A[ \t]*(?P<marker>\[\^(?P<markdown>[\w.-]{1,30})\]:?"
    r"|\[(?P<bracket>\d{1,3})\]:?"
    r"|\^(?P<caret>\d{1,3})(?=\s|\Z)"
    rf"|(?P<superscript>{_SUP}{{1,3}})(?=\s|\Z))"
)
# One alternative per marker style; a style left out of `marker-styles` is never searched.
MARKER_PATTERNS: dict[str, str] = {
    "markdown": r"\[\^(?P<markdown>[\w.-]{1,30})\]",
    # Not "[1](url)": that is a Markdown link whose text happens to be a number.
    "bracket": r"(?<!\[)\[(?P<bracket>\d{1,3}(?:\s*[,–—-]\s*\d{1,3}){0,9})\](?![(:])",
    "superscript": rf"(?P<superscript>{_SUP}+(?:[,⁻]{_SUP}+){{0,9}})",
    "caret": r"(?<=[\p{L}\p{P}])\^(?P<caret>\d{1,3})(?!\d)",
    "parenthesis": r"(?<=[\p{L}\p{P}])\((?P<parenthesis>\d{1,2})\)",
}
UNAMBIGUOUS_STYLES = frozenset({"markdown"})
MAX_RANGE = 50  # "[1-3]" expands to 1, 2, 3; a wider "range" is a year span, not notes
_CONTENT = regex.compile(r"[\p{L}\p{N}]")


@dataclass(frozen=True)
class Definition:
    """A note definition: its block, normalised label and the span of its leading marker."""

    block: Block
    label: str
    start: int
    end: int
    style: str

    @property
    def number(self) -> int | None:
        """The note number, or None for a named Markdown label like [^source]."""
        return int(self.label) if self.label.isdecimal() else None

    @property
    def empty(self) -> bool:
        """True when nothing but white space and punctuation follows the marker."""
        return not _CONTENT.search(self.block.text, self.end)


@dataclass(frozen=True)
class Marker:
    """A reference to one or more notes in running text."""

    block: Block
    labels: tuple[str, ...]
    start: int
    end: int
    style: str


@dataclass(frozen=True)
class FootnotesKind:
    """Compares a document's note definitions with the markers that reference them."""

    mode: Mode
    marker_styles: tuple[Style, ...] = ("markdown", "bracket", "superscript", "caret")
    # `undefined`: report ambiguous markers ([1], ¹) only when the document has notes, since
    # "[1]" may cite a bibliography that is not part of the text.
    require_notes: bool = True
    # A superscript right after one of these (or after a digit) is a unit or power: 5 km², 10³.
    units: tuple[str, ...] = ("m", "km", "cm", "mm", "ft", "in", "mi", "yd", "sq")

    fields: ClassVar[tuple[str, ...]] = ("match", "label", "other_line", "problem", "notes", "referenced")
    # The parameters each mode reads (contract.mode_parameters): a rule may set no other.
    # Only the modes that look for markers read their styles and units.
    modes: ClassVar[dict[str, tuple[str, ...]]] = {
        "unreferenced": ("marker_styles", "units"),
        "undefined": ("marker_styles", "require_notes", "units"),
        "duplicate": (),
        "order": (),
        "empty": (),
    }
    # Set by __post_init__, always.
    _markers: regex.Pattern = field(init=False, repr=False, compare=False)
    _unit: regex.Pattern = field(init=False, repr=False, compare=False)
    _unit_window: int = field(init=False, repr=False, compare=False, default=1)

    def __post_init__(self) -> None:
        if not self.marker_styles:
            raise KindError("marker-styles", f"list at least one marker style: {', '.join(MARKER_PATTERNS)}")
        source = "|".join(MARKER_PATTERNS[s] for s in dict.fromkeys(self.marker_styles))
        object.__setattr__(self, "_markers", regex.compile(source))
        for i, unit in enumerate(self.units):
            if not unit.strip() or any(ch.isspace() for ch in unit):
                raise KindError(f"units[{i}]", f"a unit is one word without spaces, got {unit!r}")
        units = "|".join(regex.escape(u) for u in sorted(self.units, key=len, reverse=True))
        unit_end = rf"(?:\d|(?<![\p{{L}}])(?:{units}))\Z" if units else r"\d\Z"
        object.__setattr__(self, "_unit", regex.compile(unit_end))
        object.__setattr__(self, "_unit_window", max((len(u) for u in self.units), default=1))

    def trigger(self) -> Trigger | None:
        """Every note and every marker but "(1)" holds "[", "^" or a superscript digit."""
        if "parenthesis" in self.marker_styles:
            return None  # parentheses are in every article: nothing to filter on
        return Trigger(((frozenset({"[", "^", *SUPERSCRIPT_DIGITS}),),))

    def block_local(self) -> bool:
        """Notes and markers are compared across blocks."""
        return False

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Yield a hit at each note or marker the chosen `mode` finds wrong."""
        definitions = [d for d in map(definition_of, blocks) if d is not None]
        if self.mode == "duplicate":
            yield from _duplicates(document, definitions)
        elif self.mode == "order":
            yield from _out_of_order(definitions)
        elif self.mode == "empty":
            yield from (_definition_hit(d) for d in definitions if d.empty)
        elif self.mode == "unreferenced":
            yield from self._unreferenced(blocks, definitions)
        else:
            yield from self._undefined(blocks, definitions)

    def markers(self, blocks: Sequence[Block]) -> list[Marker]:
        """Every marker in the blocks' running text (a definition's own marker excluded)."""
        found = []
        for block in blocks:
            own = definition_of(block)
            for m in finditer(self._markers, block.text, own.end if own else 0):
                style = m.lastgroup
                # Only the few characters before the superscript can hold a unit or a digit.
                if style == "superscript" and self._unit.search(
                    block.text, max(0, m.start() - self._unit_window), m.start()
                ):
                    continue
                labels = _labels(style, m.group(style))
                if labels:
                    found.append(Marker(block, labels, m.start(), m.end(), style))
        return found

    def _unreferenced(self, blocks: Sequence[Block], definitions: list[Definition]) -> Iterator[Hit]:
        if not definitions:
            return  # nothing to be unreferenced: spare the marker scan
        referenced = {label for marker in self.markers(blocks) for label in marker.labels}
        count = len({d.label for d in definitions})
        used = len({d.label for d in definitions} & referenced)
        for d in definitions:
            if d.label not in referenced:
                yield _definition_hit(d, notes=str(count), referenced=str(used))

    def _undefined(self, blocks: Sequence[Block], definitions: list[Definition]) -> Iterator[Hit]:
        defined = {d.label for d in definitions}
        if not defined and any(b.kind == FOOTNOTE for b in blocks):
            return  # notes without numbered labels (an HTML list of notes): nothing to match against
        for marker in self.markers(blocks):
            if not defined and self.require_notes and marker.style not in UNAMBIGUOUS_STYLES:
                continue
            missing = [label for label in marker.labels if label not in defined]
            if missing:
                yield Hit(
                    marker.block, marker.start, marker.end, {"label": ", ".join(missing), "notes": str(len(defined))}
                )


def definition_of(block: Block) -> Definition | None:
    """The note a block defines, if its text starts with a note marker."""
    m = DEFINITION.match(block.text)
    if m is None:
        return None
    style = next(name for name in ("markdown", "bracket", "caret", "superscript") if m.group(name) is not None)
    labels = _labels(style, m.group(style))
    return Definition(block, labels[0], m.start("marker"), m.end("marker"), style) if labels else None


def _labels(style: str, raw: str) -> tuple[str, ...]:
    """Normalised labels a marker's text names: "1, 3-4" -> ("1", "3", "4"); ¹ -> ("1",)."""
    if style == "markdown":
        return (str(int(raw)) if raw.isdecimal() else raw,)
    raw = raw.translate(_TO_DIGITS).replace("⁻", "-")
    labels: list[str] = []
    for part in regex.split(r"\s*,\s*", raw.strip()):
        bounds = [p for p in regex.split(r"\s*[–—-]\s*", part) if p]
        if len(bounds) == 2 and 0 <= int(bounds[1]) - int(bounds[0]) <= MAX_RANGE:
            labels.extend(str(n) for n in range(int(bounds[0]), int(bounds[1]) + 1))
        elif len(bounds) == 1:
            labels.append(str(int(bounds[0])))
        else:
            return ()  # "[2004-1999]" or "[3-4-5]": not a note reference
    return tuple(labels)


def _definition_hit(d: Definition, **values: str) -> Hit:
    return Hit(d.block, d.start, d.end, {"label": d.label, **values})


def _duplicates(document: Document, definitions: list[Definition]) -> Iterator[Hit]:
    first: dict[str, Definition] = {}
    for d in definitions:
        if d.label in first:
            earlier = first[d.label]
            line, _ = document.position(earlier.block.field, earlier.block.source_start(earlier.start))
            yield _definition_hit(d, other_line=str(line))
        else:
            first[d.label] = d


def _out_of_order(definitions: list[Definition]) -> Iterator[Hit]:
    # A repeated number is the `duplicate` mode's finding; here it only must not count twice.
    seen: set[int] = set()
    highest = 0
    for d in definitions:
        number = d.number
        if number is None or number in seen:
            continue
        seen.add(number)
        if number < highest:
            yield _definition_hit(d, problem=f"it comes after [{highest}]")
        elif number > highest + 1:
            missing = f"[{highest + 1}]" if number == highest + 2 else f"[{highest + 1}]-[{number - 1}]"
            yield _definition_hit(d, problem=f"{missing} {'is' if number == highest + 2 else 'are'} missing before it")
        highest = max(highest, number)
