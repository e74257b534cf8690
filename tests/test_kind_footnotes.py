"""The `footnotes` kind: note definitions, body markers, and each mode's analysis."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.document import Document, make_document
from newslint.kinds import KINDS
from newslint.kinds.footnotes import FootnotesKind, definition_of
from newslint.readers import ReadProblem, read_bytes
from newslint.readers.plaintext import plain_blocks
from newslint.rule import RuleError, build_rule, load_rule
from newslint.testing import lint_with

PACK = os.path.join(os.path.dirname(__file__), os.pardir, "rules", "footnotes")

# 1 2 1 2 with no marker in the body: the shape of the garbled notes in scraped articles.
GARBLED = (
    "Talks stall in Istanbul\n"
    "\n"
    "The talks ended without agreement.\n"
    "\n"
    "[1] Both sides left early.\n"
    "\n"
    "[2] A prisoner exchange was agreed.\n"
    "\n"
    "[1] The talks were brief.\n"
    "\n"
    "[2] Another round is not planned.\n"
)


def document(text: str, path: str = "a.txt") -> Document:
    """The one document a reader makes of `text`."""
    (doc,) = [d for d in read_bytes(path, text.encode("utf-8")) if not isinstance(d, ReadProblem)]
    return doc


def hits(mode: str, text: str, **options) -> list[tuple[int, int, str, dict]]:
    """(line, column, matched text, values) of each hit of a kind in `mode` on a plain text."""
    doc = document(text)
    out = []
    for hit in FootnotesKind(mode, **options).check(doc, doc.blocks_in("body")):
        line, column = doc.position(hit.block.field, hit.block.source_start(hit.start))
        out.append((line, column, hit.block.text[hit.start : hit.end], dict(hit.values)))
    return out


def positions(mode: str, text: str, **options) -> list[str]:
    """'line:col' of each hit."""
    return [f"{line}:{column}" for line, column, _, _ in hits(mode, text, **options)]


def article(body: str, *notes: str) -> str:
    """A headline, one body paragraph, and the given note lines, blank-line separated."""
    return "\n\n".join(["Council approves budget", body, *notes]) + "\n"


def test_registered_as_a_kind():
    assert KINDS["footnotes"] is FootnotesKind


@pytest.mark.parametrize(
    "text, label, marker",
    [
        ("[1] The vote was 7 to 2.", "1", "[1]"),
        ("[12]: The vote was 7 to 2.", "12", "[12]:"),
        ("[^1]: The vote was 7 to 2.", "1", "[^1]:"),
        ("[^01] The vote was 7 to 2.", "1", "[^01]"),
        ("[^vote-count]: The vote was 7 to 2.", "vote-count", "[^vote-count]:"),
        ("^3 The vote was 7 to 2.", "3", "^3"),
        ("² The vote was 7 to 2.", "2", "²"),
        ("[4]", "4", "[4]"),
    ],
)
def test_definition_styles(text, label, marker):
    block = document(article("The council met.", text)).blocks[-1]
    definition = definition_of(block)
    assert definition is not None
    assert (definition.label, block.text[definition.start : definition.end]) == (label, marker)


@pytest.mark.parametrize(
    "text", ["[Photo] The council chamber.", "[2019] UKSC 5 was cited.", "[edit]", "The council [1] met."]
)
def test_lines_that_are_not_notes(text):
    doc = document(article("The council met.", text))
    assert definition_of(doc.blocks[-1]) is None


@pytest.mark.parametrize(
    "body, labels",
    [
        ("Approved.[1] Again.[^2] Then³ and later.^4", [("1",), ("2",), ("3",), ("4",)]),
        ("Approved.[1, 3-4][5–6]", [("1", "3", "4"), ("5", "6")]),
        ("Approved.¹,²", [("1", "2")]),
        ("Approved by 40 km² and 10³ voters.", []),  # a unit and a power
        ("See [1](https://example.org) for more.", []),  # a Markdown link
        ("The mayor [1999-2004] approved it [2004-1999].", []),  # year spans, not ranges
        ("Steps (1) and (2) follow.", []),  # parenthesis markers are off by default
    ],
)
def test_marker_styles(body, labels):
    doc = document(article(body))
    assert [m.labels for m in FootnotesKind("undefined").markers(doc.blocks_in("body"))] == labels


def test_units_are_data():
    doc = document(article("Sold 40 hectares² and 3 km² of land."))
    kind = FootnotesKind("undefined", units=("hectares",))
    assert [(m.block.text[m.start : m.end], m.labels) for m in kind.markers(doc.blocks_in("body"))] == [("²", ("2",))]


def test_parenthesis_markers_when_enabled():
    doc = document(article("The council approved it.(1) Steps (2) follow."))
    kind = FootnotesKind("undefined", marker_styles=("parenthesis",))
    # "Steps (2)" has a space before the parenthesis: an enumeration, not a marker.
    assert [m.labels for m in kind.markers(doc.blocks_in("body"))] == [("1",)]


def test_unreferenced_garbled_notes():
    found = hits("unreferenced", GARBLED)
    assert [(line, match) for line, _, match, _ in found] == [(5, "[1]"), (7, "[2]"), (9, "[1]"), (11, "[2]")]
    assert found[0][3] == {"label": "1", "notes": "2", "referenced": "0"}


def test_unreferenced_counts_markers_of_every_style_and_from_notes():
    text = article("Approved.¹ Opposed.[^2]", "[1] Seven votes; see [3].", "[2] Two votes.", "[3] Absent.", "[4] Late.")
    found = hits("unreferenced", text)
    assert [(match, values["referenced"], values["notes"]) for _, _, match, values in found] == [("[4]", "3", "4")]


def test_undefined_markers():
    text = article("Approved.[1] Opposed.[2] Absent.⁵", "[1] Seven votes.")
    assert [(match, values["label"]) for _, _, match, values in hits("undefined", text)] == [("[2]", "2"), ("⁵", "5")]


def test_undefined_range_names_only_the_missing_labels():
    text = article("Approved.[1-3]", "[1] Seven votes.", "[3] Absent.")
    assert [values["label"] for _, _, _, values in hits("undefined", text)] == ["2"]


def test_undefined_ambiguous_markers_need_notes():
    text = article("Crime fell, as research found [4] and ⁵.")
    assert hits("undefined", text) == []
    assert positions("undefined", text, require_notes=False) == ["3:31", "3:39"]


def test_undefined_markdown_marker_without_any_notes():
    assert positions("undefined", article("Approved.[^vote]")) == ["3:10"]


def test_duplicate_names_the_first_line():
    found = hits("duplicate", GARBLED)
    assert [(line, values["other_line"]) for line, _, _, values in found] == [(9, "5"), (11, "7")]


def test_duplicate_across_styles():
    assert positions("duplicate", article("Approved.[1]", "[1] Seven votes.", "[^1]: Two votes.")) == ["7:1"]


@pytest.mark.parametrize(
    "numbers, expected",
    [
        ((1, 2, 3), []),
        ((1, 2, 4), [("4", "[3] is missing before it")]),
        ((1, 5), [("5", "[2]-[4] are missing before it")]),
        ((2, 3), [("2", "[1] is missing before it")]),
        ((1, 3, 2), [("3", "[2] is missing before it"), ("2", "it comes after [3]")]),
        ((1, 2, 1, 2), []),  # repeats are the duplicate mode's
    ],
)
def test_order(numbers, expected):
    text = article("Approved.", *(f"[{n}] Note {n}." for n in numbers))
    assert [(values["label"], values["problem"]) for _, _, _, values in hits("order", text)] == expected


def test_order_ignores_named_notes():
    assert hits("order", article("Approved.[^b][^a]", "[^b]: Second.", "[^a]: First.")) == []


@pytest.mark.parametrize(
    "note, empty",
    [("[2]", True), ("[2]:", True), ("[2] —", True), ("[^2]:  .", True), ("[2] 7-2.", False), ("[2] Two.", False)],
)
def test_empty(note, empty):
    text = article("Approved.[1][2]", "[1] Seven votes.", note)
    assert positions("empty", text) == (["7:1"] if empty else [])


def test_hit_spans_the_definition_marker():
    ((line, column, match, _),) = hits("empty", article("Approved.", "  [7]: ..."))
    assert (line, column, match) == (5, 3, "[7]:")


MODES = ("unreferenced", "undefined", "duplicate", "order", "empty")
ALL_STYLES = ("markdown", "bracket", "superscript", "caret", "parenthesis")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]^:()0123456789¹²³⁴⁻٣,-– \n\tkmab.")) | st.characters(), max_size=80))
def test_never_crashes_and_hits_lie_inside_their_block(body):
    source = "Headline\n\n" + body
    doc = make_document("x.txt", plain_blocks(source), {None: source})
    for mode in MODES:
        for hit in FootnotesKind(mode, marker_styles=ALL_STYLES).check(doc, doc.blocks_in("body")):
            assert 0 <= hit.start < hit.end <= len(hit.block.text)


def _rule(**changes):
    data = {"kind": "footnotes", "mode": "unreferenced", "message": "Footnote [{label}]", "summary": "s."}
    data.update(changes)
    return build_rule("footnotes.test", data, "test.yaml")


@pytest.mark.parametrize(
    "changes, key",
    [
        ({"mode": "bogus"}, "mode"),
        ({"mode": None}, "mode"),
        ({"marker-styles": []}, "marker-styles"),
        ({"marker-styles": ["roman"]}, "marker-styles[0]"),
        ({"units": ["k m"]}, "units[0]"),
        ({"require-notes": "yes"}, "require-notes"),
        ({"modes": "empty"}, "modes"),
        ({"message": "Footnote {nope}"}, "message"),
    ],
)
def test_invalid_parameters_name_the_key(changes, key):
    with pytest.raises(RuleError) as info:
        _rule(**changes)
    assert info.value.key == key
    assert f"test.yaml: {key}:" in str(info.value)


def test_missing_mode_is_named():
    data = {"kind": "footnotes", "message": "m", "summary": "s."}
    with pytest.raises(RuleError, match=r"test.yaml: mode: missing required key 'mode'"):
        build_rule("footnotes.test", data, "test.yaml")


def test_valid_parameters_build():
    rule = _rule(
        mode="undefined", **{"marker-styles": ["bracket", "parenthesis"], "units": ["ha"], "require-notes": False}
    )
    assert rule.kind.marker_styles == ("bracket", "parenthesis")
    assert rule.kind.units == ("ha",)


def _markdown_ready() -> bool:
    from newslint.readers import markdown

    return callable(getattr(markdown, "read", None))


markdown_only = pytest.mark.skipif(not _markdown_ready(), reason="newslint/readers/markdown.py has no read() yet")
MARKDOWN = "# Council approves budget\n\nThe council approved the budget.[^1] The mayor objected.[^2]\n\n[^1]: The vote was 7 to 2.\n"


@markdown_only
def test_markdown_marker_and_definition():
    rule = load_rule(os.path.join(PACK, "undefined.yaml"), "footnotes.undefined")
    findings = lint_with(rule, MARKDOWN, "md")
    assert [(f.line, f.column, f.match) for f in findings] == [(3, 57, "[^2]")]
    unreferenced = load_rule(os.path.join(PACK, "unreferenced.yaml"), "footnotes.unreferenced")
    assert lint_with(unreferenced, MARKDOWN, "md") == []


@markdown_only
@pytest.mark.parametrize(
    "rule_name, notes, expected",
    [
        ("unreferenced", "[^3]: Nobody points here.\n", [(7, 1)]),
        ("duplicate-number", "[^1]: The vote was close.\n", [(7, 1)]),
        ("out-of-order", "[^3]: A gap.\n", [(7, 1)]),
    ],
)
def test_markdown_definitions(rule_name, notes, expected):
    rule = load_rule(os.path.join(PACK, f"{rule_name}.yaml"), f"footnotes.{rule_name}")
    text = MARKDOWN.replace("[^2]", "") + "\n" + notes
    assert [(f.line, f.column) for f in lint_with(rule, text, "md")] == expected


@markdown_only
def test_markdown_empty_definition():
    rule = load_rule(os.path.join(PACK, "empty.yaml"), "footnotes.empty")
    assert [(f.line, f.column) for f in lint_with(rule, MARKDOWN + "\n[^2]:\n", "md")] == [(7, 1)]
