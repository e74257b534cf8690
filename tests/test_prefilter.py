"""Literal prefilters (newslint/prefilter.py): a trigger never hides a match the regex finds."""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kindutil import make_rule
from newslint.config import parse_config
from newslint.engine import Triggered, lint_document, run_rule, settle, trigger_index
from newslint.finding import Finding
from newslint.literals import phrases_trigger, regex_requirement, regex_trigger
from newslint.overlaps import one_per_defect, outranking
from newslint.prefilter import Trigger, TriggerIndex, TriggerTable, fold
from newslint.readers import read_bytes
from newslint.ruleset import BUILTIN_RULES, load_rules

# Letters whose case folding is tricky next to plain ones, so matches under IGNORECASE
# cross between them: the long s, the Kelvin sign, dotted and dotless i, sharp s.
ALPHABET = "abAB -.sSſkKKiIİıß"


def _atoms() -> st.SearchStrategy[str]:
    literals = st.text(alphabet=ALPHABET, min_size=3, max_size=6).map(regex.escape)
    classes = st.sampled_from(["[ab]", "[Aa]", "[sS]", "[^a]", ".", r"\w", r"\s", "[ſK]", "[<>]"])
    return st.one_of(literals, literals, literals, literals, classes)


def _regexes() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.lists(inner, min_size=1, max_size=4).map("".join),
            st.tuples(inner, inner).map(lambda p: f"(?:{p[0]}|{p[1]})"),
            st.tuples(inner, st.sampled_from(["*", "+", "?", "{2}", "{1,2}", "{0,1}"])).map(
                lambda p: f"(?:{p[0]}){p[1]}"
            ),
            inner.map(lambda p: f"(?={p})"),
            inner.map(lambda p: f"(?!{p})"),
            inner.map(lambda p: f"(?<![a-z]){p}\\b"),
            inner.map(lambda p: f"(?i:{p})"),
            inner.map(lambda p: f"(?P<g>{p})"),
        )

    return st.recursive(_atoms(), extend, max_leaves=12)


def _may_match(pattern: str, text: str, lists: dict | None = None) -> bool:
    trigger = regex_trigger(pattern, lists)
    return trigger is None or 0 in TriggerIndex([trigger]).satisfied(text)


# Case variants the `regex` module matches under IGNORECASE and a naive lower() would miss.
_TWINS = {"s": "ſ", "k": "\u212a", "i": "İ", "I": "ı", "ß": "ẞ", "a": "A", "b": "B"}


@st.composite
def _texts_near(draw: st.DrawFn, pattern: str) -> str:
    """A text that often matches the pattern: a generated match with some letters swapped."""
    try:
        text = draw(st.from_regex(pattern, fullmatch=False))
    except Exception:  # a shape from_regex does not support: random text will do
        text = draw(st.text(alphabet=ALPHABET, max_size=30))
    swaps = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(_TWINS.get(c, c) if swap else c for c, swap in zip(text, swaps, strict=True))


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data(), _regexes(), st.booleans())
def test_a_trigger_never_hides_a_match(data: st.DataObject, pattern: str, ignore_case: bool) -> None:
    text = data.draw(_texts_near(pattern))
    compiled = regex.compile(pattern, regex.V0 | (regex.IGNORECASE if ignore_case else 0))
    if compiled.search(text):
        assert _may_match(pattern, text), f"{pattern!r} matches {text!r} but its trigger says it cannot"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abcſKİıß -", min_size=1, max_size=8), min_size=1, max_size=5),
    st.text(alphabet="abcABCſKİıß -", max_size=40),
)
def test_a_phrase_trigger_never_hides_a_phrase(phrases: list[str], text: str) -> None:
    compiled = regex.compile(r"\L<phrases>", regex.IGNORECASE | regex.V0, phrases=phrases)
    trigger = phrases_trigger(phrases)
    if compiled.search(text) and trigger is not None:
        assert 0 in TriggerIndex([trigger]).satisfied(text)


def test_folding_agrees_with_ignorecase_matching_for_every_cased_character() -> None:
    """Any two characters the `regex` module matches to each other under IGNORECASE fold alike."""
    related: dict[str, set[str]] = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        for other in {char.lower(), char.upper(), char.casefold(), char.title()}:
            if len(other) == 1 and other != char and not 0xD800 <= ord(other) <= 0xDFFF:
                related.setdefault(char, set()).add(other)
                related.setdefault(other, set()).add(char)
    mismatched = []
    for char, others in related.items():
        for other in others | {o2 for o in others for o2 in related.get(o, ())}:
            if (
                other != char
                and regex.fullmatch(regex.escape(char), other, regex.IGNORECASE | regex.V0)
                and fold(char) != fold(other)
            ):
                mismatched.append((char, other))
    assert not mismatched


@pytest.mark.parametrize(
    ("pattern", "lists", "expected"),
    [
        (r"sources?\s+(?:said|told)", None, ({"source"},)),  # "said" is too common to scan for
        (r"sources?\s+(?:claimed|told)", None, ({"source"}, {"claimed", "told"})),
        (r"[Aa]ccording\s+to", None, ({"according"},)),
        (r"\L<outlets>\s+reported", {"outlets": ["TASS", "Xinhua"]}, ({"reported"}, {"tass", "xinhua"})),
        (r"(?<name>cookie)s?\s+policy", None, ({"policy"}, {"cookie"})),
        (r"(?=\p{Ll}+-\p{Ll})(?:news|world)-(?:uk|us)", None, ({"news-uk", "news-us", "world-uk", "world-us"},)),
        (r"&(?:amp|lt);", None, ({"&amp;", "&lt;"},)),
        (r"[\w ]+/\s*\w+", None, ({"/"},)),  # a slash is rare in prose
        (r"\d+:\d+", None, ()),  # a colon is not
        # Characters outside ASCII are rare in prose: a class of many of them is still a literal
        # set (the C1 controls of mojibake), written as a range or as a branch of characters.
        (r"[\x80-\x9f]", None, ({chr(c) for c in range(0x80, 0xA0)},)),
        (
            "(?:" + "|".join(f"\\x{c:02x}" for c in range(0x80, 0xA0)) + ")+",
            None,
            ({chr(c) for c in range(0x80, 0xA0)},),
        ),
        (r"[abcdefghij]xyz", None, ({"xyz"},)),  # ten ASCII letters: not worth scanning for one of
        (r"(?<!&)#(?:3[4-9]);", None, ({"#3"},)),  # an ASCII range ends the literal; "#" is rare
    ],
)
def test_requirements_name_the_literals_of_common_shapes(pattern: str, lists: dict | None, expected: tuple) -> None:
    assert {frozenset(c) for c in regex_requirement(pattern, lists)} == {frozenset(c) for c in expected}


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:cookie){e<=1}",  # fuzzy matching: the literal need not occur as written
        r"[[:alpha:]]+ said",  # a POSIX class the stdlib parser would misread
        r"(?V1)[[a-z]--[q]]said",  # version-1 set operations
        r"(?|(said)|(told))",  # branch reset
        r"\w+\s+\w+",  # no literal at all
        r"a|bc",  # a branch with only a short literal: not worth scanning for
        r"\(?(?-i:[A-Z]+)",  # (an escaped bracket before a group is read as such, not as a conditional)
    ],
)
def test_unprovable_patterns_get_no_trigger(pattern: str) -> None:
    assert regex_trigger(pattern) is None


def test_a_fuzzy_pattern_still_runs_on_text_without_its_literal() -> None:
    assert regex.search(r"(?:cookie){e<=1}", "cookle") and _may_match(r"(?:cookie){e<=1}", "cookle")


def test_the_index_reports_only_triggers_whose_every_clause_is_met() -> None:
    index = TriggerIndex([regex_trigger(r"sources?\s+claimed"), None, regex_trigger(r"according\s+to\s+TASS")])
    assert index.satisfied("Sources CLAIMED so.") == {0}
    assert index.satisfied("sources told us; according to tass.") == {2}
    assert index.satisfied("nothing here") == frozenset()


RULES, _ERRORS = load_rules([BUILTIN_RULES])
CONFIG = parse_config({}, "<test>")
LINES = st.sampled_from(
    [
        "Officials said the talks would continue, according to TASS.",
        "Sources close to the matter say the bid is off.",
        "Read more: world-middle-east news",
        "Some people say the plan will fail.",
        "We use cookies. Accept all cookies?",
        "Subscribe to our newsletter",
        "The &amp; and &#233; entities stayed &lt;b&gt;",
        "Ã© and â€™ are mojibake.",
        "Disclaimer: the views expressed are the author's own.",
        "SOURCES SAID the ſource of İstanbul's unrest was unclear.",
        "The council met on Tuesday to discuss the budget for next year.",
        "Officials met in Geneva[1] and Vienna² last week.",
        "[1] Talks began in 2019.",
        "[3]",
        "^2 A caret note.",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(LINES, min_size=1, max_size=3).map("\n".join), min_size=1, max_size=6))
def test_prefiltered_findings_equal_unfiltered_findings(paragraphs: list[str]) -> None:
    """The engine's literal prefilter changes how fast rules run, never what they find."""
    text = "A headline\n\n" + "\n\n".join(paragraphs)
    for item in read_bytes("article.txt", text.encode("utf-8"), CONFIG.read):
        unfiltered = settle([f for rule in RULES for f in run_rule(rule, item)], item, RULES)[0]
        assert lint_document(item, RULES) == unfiltered


def test_explain_says_which_text_a_rule_runs_on() -> None:
    from newslint.explain import explain

    by_id = {rule.id: rule for rule in RULES}
    assert "Runs only on blocks that contain" in explain(by_id["attribution.anonymous-source"])
    assert "`understood`" in explain(by_id["attribution.anonymous-source"])
    assert "Runs on every document" in explain(by_id["repetition.stray-headline"])


def test_literals_noted_for_one_rule_list_do_not_leak_into_another() -> None:
    """A pattern rule skips patterns by the literals its own run found, never another run's:
    the scan is the engine's, for one document and one rule list, and the document keeps none."""
    relay = [r for r in RULES if r.id == "attribution.relay"]
    text = "A headline\n\nThe talks, as reported by the Gazette, went well."
    item = next(iter(read_bytes("a.txt", text.encode("utf-8"), CONFIG.read)))
    others = [r for r in RULES if r.id == "scraping.nav-line"]
    lint_document(item, others)  # scans for the literals of nav-line's list only
    assert [f.rule for f in run_rule(relay[0], item)] == ["attribution.relay"]
    assert [f.rule for f in lint_document(item, relay)] == ["attribution.relay"]


def test_extra_literals_are_found_but_satisfy_no_trigger() -> None:
    index = TriggerIndex([regex_trigger(r"sources?\s+claimed")], extra={"breadcrumb", "claimed"})
    assert index.literals_in("Sources claimed a Breadcrumb") == {"source", "claimed", "breadcrumb"}
    assert index.satisfied("a breadcrumb") == frozenset() and index.satisfied("sources claimed") == {0}
    assert TriggerIndex([None], extra={"menu"}).literals_in("Main MENU") == {"menu"}


# Literals with case twins and with characters that fold to two (ß, ﬁ) or none (U+0307).
_HIT_LITERALS = ["ss", "s\nk", "kiss", "fi", "file", "ab", "b a", "is", "i\u0307s", "ſk"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + "ﬁ\u0307fle", max_size=12), min_size=1, max_size=5))
@example(["as", "kb"])  # "s\nk" ends in the second line but starts in the first
def test_the_literals_of_a_line_are_those_found_in_it_alone(lines: list[str]) -> None:
    """Where the engine notes literals per line, a line gets exactly what scanning it alone finds."""
    index = TriggerIndex([None], extra=_HIT_LITERALS)
    text = "\n".join(lines)
    present, hits = index.literal_hits(text)
    assert present == index.literals_in(text)
    aligned = len(fold(text)) == len(text) and "\u0307" not in text
    assert (hits is not None) == aligned
    if hits is None:
        return
    start = 0
    for line in lines:
        assert hits.within(start, start + len(line)) == index.literals_in(line), line
        start += len(line) + 1


def test_a_literal_across_a_line_break_belongs_to_neither_line() -> None:
    index = TriggerIndex([None], extra={"read more", "read"})
    present, hits = index.literal_hits("Read\nmore Read more")
    assert present == {"read", "read more"}
    assert hits.within(0, 4) == {"read"} and hits.within(5, 19) == {"read", "read more"}


_LITERALS = st.sampled_from(["a", "b", "c", "d", "e", "f"])
_TRIGGERS = st.none() | st.builds(
    Trigger,
    st.lists(
        st.lists(st.frozensets(_LITERALS, min_size=1, max_size=3), min_size=1, max_size=4).map(tuple),
        min_size=1,
        max_size=4,
    ).map(tuple),
)


@given(st.lists(_TRIGGERS, max_size=8), st.frozensets(_LITERALS))
def test_a_trigger_table_agrees_with_each_trigger_asked_alone(triggers: list, present: frozenset) -> None:
    """The table's bit arithmetic says what Trigger.found_in says, trigger by trigger."""
    table = TriggerTable(triggers)
    expected = {i for i, trigger in enumerate(triggers) if trigger is not None and trigger.found_in(present)}
    assert table.satisfied_by(present & table.literals) == expected


def test_a_trigger_table_answers_for_a_set_of_literals() -> None:
    table = TriggerTable([regex_trigger(r"sources?\s+claimed"), None, phrases_trigger(["read aloud", "home"])])
    assert table.literals == {"source", "claimed", "read", "aloud", "home"}
    assert table.satisfied_by(frozenset({"source", "claimed", "home"})) == {0, 2}
    assert table.satisfied_by(frozenset({"read"})) == frozenset()  # "read aloud" needs both words


def test_line_rules_without_a_trigger_ask_the_engine_for_their_parts_literals() -> None:
    credit = next(r for r in RULES if r.id == "scraping.image-credit")
    assert credit.trigger is None and "caption" in credit.noted  # "\d+ of \d+" has no literal
    item = next(iter(read_bytes("a.txt", b"A headline\n\nImage caption", CONFIG.read)))
    found = Triggered.scan(trigger_index([credit]), item).found
    assert "caption" in found.in_block(item.blocks[-1])


def test_the_scan_of_a_rule_list_looks_for_every_literal_its_kinds_read() -> None:
    """What lets a kind trust the literals it is handed: their absence in a block is proof."""
    index = trigger_index(RULES)
    assert all(rule.noted <= index.literals for rule in RULES)
    assert any(rule.noted for rule in RULES)


LINE_RULES = [rule for rule in RULES if rule.kind_name == "line"]
# Lines that hit each part of the line rules (phrases; patterns with and without a trigger),
# near misses, and the lines of the rules' own examples.
NAV_LINES = [
    "Home > World > Europe",
    "News / Politics / UK",
    "Skip to content",
    "  » READ ALSO: «  ",
    "Read more: Mayor defends cuts",
    "Photo: John Smith/Reuters",
    "Getty Images",
    "AP",
    "John Smith / AFP via Getty Images",
    "3 of 12 photos",
    "12/40",
    "Credit...Doug Mills/The New York Times",
    "Facebook | Twitter | WhatsApp",
    "Print this article",
    "a a",
    "X, VK",
    "Share on Facebook",
    "1.2k shares",
    "Updated: 14 March 2024, 09:12",
    "12.03.2024 10:15",
    "5 min read",
    "3 hours ago",
    "Residents read more about the home of the gallery.",
    "The photo of 12 of 40 pages, print and share.",
    "SHARE ON ſACEBOOK",
    "Home › İstanbul › News",
    "Most Read Today",
    "Leia também",
    "ЧИТАЙТЕ ТАКЖЕ",
    "Straße › Home › News",
    "ﬁle photo",
    "Photo: Jane Doe/Getty Images\u0307",
    "Read more: Straße closes",
    *sorted(
        {
            line
            for rule in LINE_RULES
            for text in (*rule.examples.fail, *rule.examples.pass_)
            for line in text.split("\n")
            if line
        }
    ),
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(NAV_LINES), min_size=1, max_size=3).map("\n".join), min_size=1, max_size=6))
def test_line_rules_find_the_same_with_and_without_the_noted_literals(paragraphs: list[str]) -> None:
    """Skipping the parts of a line rule that a block's literals rule out changes nothing."""
    text = "A headline\n\n" + "\n\n".join(paragraphs)
    for fmt in ("txt", "md"):
        for item in read_bytes(f"article.{fmt}", text.encode("utf-8"), CONFIG.read):
            every = [f for rule in LINE_RULES for f in run_rule(rule, item)]
            # One finding per defect, as lint_document settles them (a widget label outranks
            # the generic control label on the same line).
            unfiltered = sorted(one_per_defect(every, outranking(LINE_RULES)), key=Finding.sort_key)
            assert lint_document(item, LINE_RULES) == unfiltered


_PARTS = {
    "phrases": st.lists(
        st.sampled_from(["read more", "home", "Skip to content", "ab", "read"]), min_size=1, max_size=3
    ),
    "patterns": st.lists(
        st.sampled_from(
            [r"read more:? \w+", r"\d+/\d+", r"\w+ > \w+", r"(ab)+ \1", r"share on \L<nets>", r"(?:home|ab)"]
        ),
        min_size=1,
        max_size=3,
    ),
    "contains": st.lists(
        st.sampled_from([r"\bcredit:", r"\d of \d", r"\bab\b", r"(?i:SHARE)"]), min_size=1, max_size=2
    ),
}


@st.composite
def _line_rule_options(draw: st.DrawFn) -> dict:
    """Parameters of a line rule; the test builds it (compiling in a strategy may touch `random`)."""
    options = {key: draw(parts) for key, parts in _PARTS.items() if draw(st.booleans())} or {"phrases": ["home"]}
    for key, values in (
        ("not_first", st.booleans()),
        ("isolated", st.booleans()),
        ("min_run", st.integers(1, 2)),
        ("max_words", st.integers(0, 4)),
    ):
        options[key] = draw(values)
    return {**options, "ignore_case": draw(st.booleans()), "lists": {"nets": ["x", "facebook"]}}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _line_rule_options(),
    st.lists(
        st.sampled_from(
            [
                "Read more: cuts",
                "HOME",
                "12/40",
                "a > b",
                "ab ab",
                "ab",
                "Share on X",
                "Credit: me",
                "1 of 2 x",
                "read",
                "Read  More",
                "prose, prose.",
            ]
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_a_line_rule_finds_the_same_with_and_without_the_noted_literals(options: dict, lines: list[str]) -> None:
    rule = make_rule("line", scope="all", **options)
    text = "Head\n\n" + "\n".join(lines) + "\n\n" + "\n\n".join(lines)
    for item in read_bytes("article.txt", text.encode("utf-8"), CONFIG.read):
        assert lint_document(item, [rule]) == sorted(run_rule(rule, item), key=Finding.sort_key)


def test_a_pattern_rule_handed_no_literals_tries_every_pattern() -> None:
    relay = next(r for r in RULES if r.id == "attribution.relay")
    item = next(
        iter(read_bytes("a.txt", b"A headline\n\nThe talks, as reported by the Gazette, went well.", CONFIG.read))
    )
    assert relay.noted  # it reads literals when the engine has them
    assert list(relay.kind.check(item, item.blocks))
    assert [f.rule for f in run_rule(relay, item)] == ["attribution.relay"]


def test_a_literal_character_must_fold_like_every_case_partner_the_regex_module_knows() -> None:
    """stable_case asks the installed regex module: letters whose partners fold alike pass,
    and a letter with a partner newer than Python's Unicode (if this regex knows one) fails."""
    from newslint.literals import stable_case

    assert all(stable_case(c) for c in "aAsSkKiIzZ09-&[é€")
    newer = regex.fullmatch(regex.escape("\u0264"), "\ua7cb", regex.IGNORECASE | regex.V0)
    assert stable_case("\u0264") == (not newer or "\ua7cb".casefold() == "\u0264")
