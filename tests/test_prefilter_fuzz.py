"""Trying to break the literal prefilter (newslint/prefilter.py): a trigger must never make a
rule miss a finding, whatever the text or the regex syntax.

Each test compares the filtered path with the plain one: `lint_document` (trigger index,
skipped blocks, skipped patterns, PhraseFinder) against `run_rule` without `triggered`, or a
trigger's verdict against `regex.search`. Holes it found are kept as regression tests at
the end, so the fuzzers here generate only syntax the analysis should get right."""

from __future__ import annotations

import dataclasses
import os
import random
import re
import warnings
from collections.abc import Callable

import pytest
import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newslint.config import parse_config
from newslint.document import Document
from newslint.engine import lint_document, run_rule, settle
from newslint.finding import Finding
from newslint.kinds.base import PhraseFinder, phrase_regex
from newslint.kinds.line import normalize_line
from newslint.literals import regex_trigger
from newslint.prefilter import TriggerIndex
from newslint.readers import ReadProblem, read_bytes
from newslint.rule import Rule, RuleError, build_rule
from newslint.ruleset import BUILTIN_RULES, load_rules
from newslint.testing import load_cases

RULES, _ERRORS = load_rules([BUILTIN_RULES])
CASES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rules", "cases")
LOCAL_RULES = [r for r in RULES if not r.corpus]
TRIGGERED_RULES = [r for r in LOCAL_RULES if r.trigger is not None]
CONFIG = parse_config({}, "<test>")


def _fast(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))


def _documents(text: str, fmt: str = "txt") -> list[Document]:
    return [
        d for d in read_bytes(f"article.{fmt}", text.encode("utf-8"), CONFIG.read) if not isinstance(d, ReadProblem)
    ]


def _unfiltered(document: Document, rules: list[Rule]) -> list[Finding]:
    """What lint_document would report if there were no prefilter at all."""
    return settle([f for rule in rules for f in run_rule(rule, document)], document, rules)[0]


def _assert_same_findings(text: str, rules: list[Rule], fmt: str = "txt") -> None:
    for document in _documents(text, fmt):
        expected = _unfiltered(document, rules)
        got = lint_document(document, rules)
        assert got == expected, f"prefilter changed the findings on {text!r}"


def _may_match(pattern: str, text: str, lists: dict | None = None) -> bool:
    trigger = regex_trigger(pattern, lists)
    return trigger is None or 0 in TriggerIndex([trigger]).satisfied(text)


# --- mutations that keep a text matching under IGNORECASE, or nearly --------------------------

# Case twins the `regex` module's IGNORECASE matches, and look-alikes it does not.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "s": ("S", "ſ"),
    "S": ("s", "ſ"),
    "k": ("K", "\u212a"),
    "K": ("k", "\u212a"),
    "i": ("I", "İ", "ı"),
    "I": ("i", "ı", "İ"),
    "ß": ("ẞ", "ss", "SS"),
    "σ": ("ς", "Σ"),
    "'": ("’", "‘", "ʼ"),
    '"': ("“", "”", "«", "»"),
    " ": ("\u00a0", "\t", "  ", "\u2009", "\n"),
    "\n": ("\r\n", "\n\n", "\u2028"),
    "-": ("‐", "–", "—"),
    "e": ("E", "é", "e\u0301"),
}
_LIGATURES = {"fi": "ﬁ", "fl": "ﬂ", "ff": "ﬀ", "st": "ﬆ"}
_NOISE = [
    "ΟΔΟΣ οδος",
    "İSTANBUL ıstanbul",
    "STRASSE straße",
    "K\u212a",
    "😀",
    "\u0307",
    "ǅ",
    "«»",
    "[",
    "^",
    "²",
    "&amp;",
    "<b>",
]


def _mutate(text: str, rnd: random.Random) -> str:
    """Swap case, spaces, quotes and letters for their twins; add noise; keep most of the text."""
    rate = rnd.choice([0.0, 0.02, 0.1, 0.3, 1.0])
    out = []
    for ch in text:
        r = rnd.random()
        if r < rate * 0.4:
            out.append(ch.swapcase() if rnd.random() < 0.5 else (ch.upper() if rnd.random() < 0.5 else ch.lower()))
        elif r < rate * 0.8 and ch in _VARIANTS:
            out.append(rnd.choice(_VARIANTS[ch]))
        elif r < rate * 0.85 and ch.isascii() and ch.isalpha():
            out.append(chr(ord(ch) + 0xFEE0))  # fullwidth letter
        elif r < rate * 0.9 and ch.isalpha():
            out.append(ch + rnd.choice("\u0301\u0307\u0308"))
        else:
            out.append(ch)
    result = "".join(out)
    if rnd.random() < 0.3:
        for plain, ligature in _LIGATURES.items():
            result = result.replace(plain, ligature)
    if rnd.random() < 0.3:
        at = rnd.randrange(len(result) + 1)
        result = result[:at] + rnd.choice(_NOISE) + result[at:]
    if rnd.random() < 0.2:
        result = result.replace("\n", "\r\n")
    return result


def _texts_of(rule: Rule) -> list[str]:
    """The rule's inline examples and its case file's texts (pass texts too: near misses)."""
    texts = [*rule.examples.fail, *rule.examples.pass_]
    try:
        _, cases = load_cases(os.path.join(CASES, f"{rule.id}.yaml"))
    except RuleError:
        cases = []
    texts += [c.get("fail") or c.get("pass") for c in cases if not c.get("options") and c.get("format", "txt") == "txt"]
    return [t for t in texts if isinstance(t, str)]


ALL_TEXTS = {rule.id: _texts_of(rule) for rule in LOCAL_RULES}


# --- built-in rules: the filtered engine finds what the plain run finds ------------------------


@pytest.mark.parametrize("rule", TRIGGERED_RULES, ids=lambda r: r.id)
@_fast(12)
@given(rnd=st.randoms(use_true_random=False), extra=st.integers(0, 2))
def test_builtin_rule_finds_the_same_on_mutated_examples(rule: Rule, rnd: random.Random, extra: int) -> None:
    own = ALL_TEXTS[rule.id]
    paragraphs = [_mutate(rnd.choice(own), rnd)]
    for _ in range(extra):  # another rule's example next to it: other literals, other blocks
        paragraphs.append(_mutate(rnd.choice(ALL_TEXTS[rnd.choice(LOCAL_RULES).id]), rnd))
    rnd.shuffle(paragraphs)
    _assert_same_findings("\n\n".join(paragraphs), [rule])


@_fast(25)
@given(
    rnd=st.randoms(use_true_random=False), count=st.integers(1, 5), fmt=st.sampled_from(["txt", "txt", "md", "html"])
)
def test_all_rules_together_find_the_same_on_mutated_examples(rnd: random.Random, count: int, fmt: str) -> None:
    pieces = [_mutate(rnd.choice(ALL_TEXTS[rnd.choice(LOCAL_RULES).id]), rnd) for _ in range(count)]
    rules = list(LOCAL_RULES)
    rnd.shuffle(rules)  # other positions in the trigger index
    _assert_same_findings("A headline\n\n" + "\n\n".join(pieces), rules, fmt)


@pytest.mark.parametrize("rule", LOCAL_RULES, ids=lambda r: r.id)
def test_builtin_rule_finds_the_same_on_its_own_examples(rule: Rule) -> None:
    for text in ALL_TEXTS[rule.id]:
        _assert_same_findings(text, [rule])
        _assert_same_findings(text, LOCAL_RULES)


# --- generated regexes in `regex`-module syntax, each with a text it matches -----------------

ALPHABET = "abcsSkKiIſİıßẞσςΣé -'’&<>#,:"
_LIST_WORDS = st.lists(st.text(alphabet="abcsSkiIß -'", min_size=1, max_size=8), min_size=1, max_size=5)
_SEP = "\x01"  # between the elements of a sequence: nothing, or white space in verbose mode
_GROUP = "\x02"  # a fresh group name, numbered when the pattern is assembled

# (source, a text it matches)
Piece = tuple[str, str]

_CLASSES: list[Piece] = [
    ("[abc]", "b"),
    ("[Ss]", "s"),
    ("[sſK]", "K"),
    ("[a-f]", "c"),
    ("[^xyz]", "q"),
    (r"\d", "7"),
    (r"\w", "w"),
    (r"\s", " "),
    (".", "z"),
    (r"\p{L}", "L"),
    (r"\p{Lu}", "U"),
    (r"\P{L}", "1"),
    (r"\pL", "x"),
    (r"[\p{L}\d]", "x"),
    (r"\X", "e\u0301"),
    (r"\N{LATIN SMALL LETTER E WITH ACUTE}", "é"),
    (r"\x41", "A"),
    (r"\u00e9", "é"),
    (r"\t", "\t"),
    (r"\N{EM DASH}", "—"),
    ("[-a]", "-"),
    ("[]a]", "]"),
    (r"[\]]", "]"),
    ("[ ]", " "),
    (r"[\s\S]", "?"),
    ("[ǅ]", "ǆ"),
    (r"\#", "#"),
    (r"\ ", " "),
    (r"\{", "{"),
    ("}", "}"),
    ("]", "]"),
    ("#", "#"),
    (",", ","),
    ("x{", "x{"),
    ("y{1,2", "y{1,2"),
    ("z{}", "z{}"),
    ("q{a,b}", "q{a,b}"),
    (r"\101", "A"),
    (r"\0", "\0"),
]
_ZERO_WIDTH: list[str] = [
    r"\b",
    r"\B",
    "^",
    "$",
    r"\A",
    r"\Z",
    r"\m",
    r"\M",
    r"\K",
    "(?#note)",
    "(?!qqq)",
    "(?<!qqq)",
    "(?:)",
]


def _literal() -> st.SearchStrategy[Piece]:
    return st.text(alphabet=ALPHABET, min_size=1, max_size=6).map(lambda w: (regex.escape(w), w))


def _atoms(lists: dict[str, list[str]]) -> st.SearchStrategy[Piece]:
    named = st.sampled_from(sorted(lists)).flatmap(lambda n: st.sampled_from(lists[n]).map(lambda w: (f"\\L<{n}>", w)))
    return st.one_of(
        _literal(),
        _literal(),
        _literal(),
        st.sampled_from(_CLASSES),
        named,
        st.sampled_from(_ZERO_WIDTH).map(lambda z: (z, "")),
    )


_REPEATS: list[tuple[str, Callable[[str], str]]] = [
    ("{2}", lambda w: w * 2),
    ("{1,3}", lambda w: w),
    ("{0,2}", lambda w: ""),
    ("*", lambda w: ""),
    ("+", lambda w: w),
    ("?", lambda w: w),
    ("++", lambda w: w),
    ("*+", lambda w: w),
    ("{1,2}+", lambda w: w),
    ("+?", lambda w: w),
    ("{2,}", lambda w: w * 2),
    ("{,2}", lambda w: w),
    ("??", lambda w: ""),
]


def _combine(inner: st.SearchStrategy[Piece]) -> st.SearchStrategy[Piece]:
    def seq(parts: list[Piece]) -> Piece:
        return _SEP.join(p for p, _ in parts), "".join(w for _, w in parts)

    def alt(parts: tuple[list[Piece], int, bool]) -> Piece:
        branches, pick, empty = parts
        sources = [p for p, _ in branches] + ([""] if empty else [])
        return "(?:" + "|".join(sources) + ")", branches[pick % len(branches)][1]

    def repeat(parts: tuple[Piece, int]) -> Piece:
        (source, witness), which = parts
        suffix, text = _REPEATS[which]
        return f"(?:{source}){suffix}", text(witness)

    wrappers = [
        "({})",
        f"(?P<{_GROUP}>{{}})",
        f"(?<{_GROUP}>{{}})",
        "(?>{})",
        "(?i:{})",
        "(?-i:{})",
        "(?s:{})",
        "(?x:{})",
    ]
    return st.one_of(
        st.lists(inner, min_size=1, max_size=4).map(seq),
        st.tuples(st.lists(inner, min_size=1, max_size=4), st.integers(0, 3), st.booleans()).map(alt),
        st.tuples(inner, st.integers(0, len(_REPEATS) - 1)).map(repeat),
        st.tuples(inner, st.sampled_from(wrappers)).map(lambda p: (p[1].replace("{}", p[0][0], 1), p[0][1])),
        inner.map(lambda p: (f"(?=(?:{p[0]}))(?:{p[0]})", p[1])),  # lookahead on what follows
        inner.map(lambda p: (f"(?:{p[0]})(?<=(?:{p[0]}))", p[1])),  # lookbehind on what precedes
    )


_VERBOSE_GAPS = ["", " ", "\n", "\t", "  # a comment\n", " (?#x) "]


def _assemble(source: str, verbose: bool, rnd: random.Random) -> str:
    numbers = iter(range(1000))
    source = re.sub(_GROUP, lambda _: f"g{next(numbers)}", source)
    return re.sub(_SEP, lambda _: rnd.choice(_VERBOSE_GAPS) if verbose else "", source)


@st.composite
def _regex_cases(draw: st.DrawFn) -> tuple[str, str, dict[str, list[str]], bool]:
    """(pattern, text near a match, named lists, ignore case)."""
    lists = {"outlets": draw(_LIST_WORDS), "verbs": draw(_LIST_WORDS)}
    source, witness = draw(st.recursive(_atoms(lists), _combine, max_leaves=10))
    rnd = draw(st.randoms(use_true_random=False))
    flags = draw(st.sampled_from(["", "", "(?i)", "(?x)", "(?s)", "(?m)", "(?ix)"]))
    pattern = flags + _assemble(source, "x" in flags, rnd)
    noise = draw(st.text(alphabet=ALPHABET, max_size=4))
    text = noise + (_mutate(witness, rnd) if draw(st.booleans()) else witness) + noise[::-1]
    return pattern, text, lists, draw(st.booleans())


def _compiled(pattern: str, lists: dict[str, list[str]], ignore_case: bool) -> regex.Pattern | None:
    used = {k: v for k, v in lists.items() if f"\\L<{k}>" in pattern}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return regex.compile(pattern, regex.V0 | (regex.IGNORECASE if ignore_case else 0), **used)
    except (regex.error, IndexError, KeyError, TypeError, ValueError):
        return None


@_fast(250)
@given(_regex_cases())
def test_a_generated_regex_never_matches_where_its_trigger_says_it_cannot(case: tuple) -> None:
    pattern, text, lists, ignore_case = case
    compiled = _compiled(pattern, lists, ignore_case)
    assume(compiled is not None)
    if compiled.search(text, timeout=1.0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the stdlib parser warns about "[["
            assert _may_match(pattern, text, lists), (
                f"{pattern!r} (ignore case: {ignore_case}, lists {lists}) matches {text!r}"
            )


# Pieces of regex syntax, glued at random: a differential test of the two parsers.
_SOUP = [
    *"abcAB\\()[]{},120*+?|^$.-# \n:<>=!PpLNXxeisdwbBKmMV&'uZAGg\t_~@%QERrf",
    "(?",
    "(?x)",
    "(?i)",
    "(?#",
    "\\L<w>",
    "\\p{L}",
    "{1,2}",
    "{,2}",
    "{2}",
    "{2,}",
    "[[:",
    ":]]",
    "(?<n>",
    "(?P<n>",
    "(?=",
    "(?!",
    "(?<=",
    "(?<!",
    "(?>",
    "(?:",
    "(?i:",
    "(?-i:",
    "\\N{DIGIT ONE}",
    "abc",
    "xyz",
    "[^",
    "++",
    "?+",
    "\\X",
    "\\K",
    "\\m",
    "\\M",
    "\\d",
    "\\s",
    "\\w",
    "\\0",
    "\\x41",
    "(?P=n)",
    "(?(",
    "(?|",
    "(?r)",
    "(?V1)",
    "(?1)",
    "(?R)",
    "\\G",
]
_SOUP_TEXT = [*"abcABxyz1 {},:-#<>=!_\n\t", "abc", "xyz", "ab", "12"]


@_fast(200)
@given(
    st.lists(st.sampled_from(_SOUP), min_size=2, max_size=9).map("".join),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_random_syntax_never_matches_where_its_trigger_says_it_cannot(
    pattern: str, rnd: random.Random, ignore_case: bool
) -> None:
    lists = {"w": ["ab", "xyz"]}
    compiled = _compiled(pattern, lists, ignore_case)
    assume(compiled is not None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trigger = regex_trigger(pattern, lists)
    assume(trigger is not None)
    index = TriggerIndex([trigger])
    chars = [*pattern, *_SOUP_TEXT]
    for _ in range(60):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randrange(1, 10)))
        try:
            found = compiled.search(text, timeout=0.5)
        except TimeoutError:
            continue
        assert not found or 0 in index.satisfied(text), f"{pattern!r} matches {text!r}"


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?x) sources? \s+ (?:said|told)  # anonymous", "sources\ttold"),
        (r"(?x)according\ to[ ]the\#1", "according to the#1"),
        (r"(?x)abc[#]def", "abc#def"),
        (r"(?x: a b c )xyz", "abcxyz"),
        (r"(?#comment\)with(parens)abcdef", "abcdef"),
        (r"abc(?x) d e f", "abcdef"),  # a global flag mid-pattern: the stdlib refuses, no trigger
        (r"(?i)\N{LATIN CAPITAL LETTER SHARP S}trasse", "ßtrasse"),
        (r"(?i)kelvin", "\u212aELVIN"),
        (r"(?i)ſource", "SOURCE"),
        (r"(?i)İstanbul", "istanbul"),
        (r"(?i)ıstanbul", "Istanbul"),
        (r"(?i)οδος", "ΟΔΟΣ"),
        (r"(?i)ﬁnal", "ﬁNAL"),
        (r"sources\K said", "sources said"),
        (r"\msaid\M", "said"),
        (r"abc(?=\X)\Xdef", "abcqdef"),
        (r"(?<=\L<outlets>) reported", "TASS reported"),
        (r"x[[.a.]]yz", "x.]yz"),
        (r"abc{,}d", "abd"),
        (r"abc\d{2,}+x", "abc123x"),
        (r"(?>abc|ab)cde", "abccde"),
        (r"(?:abc)++def", "abcabcdef"),
        (r"(abc)?(?(1)def|ghi)", "ghi"),
        (r"(?P<q>abc)(?P=q)xyz", "abcabcxyz"),
        (r"\p{ Lu }abc", "Xabc"),
        (r"\p{^L}abc", "1abc"),
    ],
)
def test_tricky_syntax_does_not_hide_a_match(pattern: str, text: str) -> None:
    lists = {"outlets": ["TASS", "Xinhua"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compiled = regex.compile(pattern, regex.V0, **({"outlets": lists["outlets"]} if "\\L<" in pattern else {}))
        assert compiled.search(text), "the example itself must match"
        assert _may_match(pattern, text, lists)


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:cookie){e<=1}",
        r"(?:cookie){1<=e<=2}",
        r"(?:cookie){i<=1,d<=1}",
        r"(?:cookie){2i+1d<3}",
        r"(?:cookie){e<=1:[a-z]}",
        r"[[:alpha:]]+ cookie",
        r"[^[:digit:]]cookie",
        r"(?V1)[[a-z]--[q]]cookie",
        r"(?V1)cookie",
        r"(?r)cookie",
        r"(?|(cookie)|(biscuit))",
        r"\Gcookie",
        r"(cookie)(?1)",
        r"(?R)?cookie",
        r"(?<c>cookie)(?&c)",
        r"(cookie)\g<1>",
        r"(?f)cookie",
        r"(?w)cookie",
        r"(?b)(?:cookie){e<=1}",
        r"(?e)(?:cookie){e<=1}",
        r"(?p)cookie",
        r"\L<missing> cookie",
    ],
)
def test_syntax_the_analysis_does_not_understand_gets_no_trigger(pattern: str) -> None:
    assert regex_trigger(pattern, {"other": ["x"]}) is None


# --- PhraseFinder: the automaton's candidates plus the regex give the regex's own matches -----

_PHRASE_ALPHABET = "abcsik'- "
_TEXT_PIECES = [
    "a",
    "b",
    "S",
    "ſ",
    "K",
    "\u212a",
    "İ",
    "ı",
    "I",
    "'",
    "’",
    "-",
    " ",
    "\u00a0",
    "\n",
    "1",
    "é",
    "😀",
    "x",
    "_",
]


@st.composite
def _phrase_cases(draw: st.DrawFn) -> tuple[list[str], str, bool, int, int]:
    phrases = draw(
        st.lists(st.text(alphabet=_PHRASE_ALPHABET, min_size=1, max_size=7).filter(str.strip), min_size=1, max_size=6)
    )
    rnd = draw(st.randoms(use_true_random=False))
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        if rnd.random() < 0.6:
            parts.append(_mutate(rnd.choice(phrases), rnd) if rnd.random() < 0.5 else rnd.choice(phrases))
        else:
            parts.append("".join(rnd.choice(_TEXT_PIECES) for _ in range(rnd.randrange(4))))
    text = "".join(parts)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return phrases, text, draw(st.booleans()), start, end


@_fast(400)
@given(_phrase_cases())
def test_phrase_finder_gives_what_the_phrase_regex_gives(case: tuple) -> None:
    phrases, text, ignore_case, start, end = case
    cue = phrase_regex(phrases, "phrases", ignore_case=ignore_case)
    finder = PhraseFinder.of(cue)
    assert finder is not None
    expected = [(m.span(), m.group(), m.groupdict()) for m in cue.finditer(text, 0, len(text))]
    assert [(m.span(), m.group(), m.groupdict()) for m in finder.finditer(text, 0, len(text))] == expected
    expected = [m.span() for m in cue.finditer(text, start, end)]
    assert [m.span() for m in finder.finditer(text, start, end)] == expected


def test_phrase_finder_refuses_non_ascii_phrases_and_other_patterns() -> None:
    assert PhraseFinder.of(phrase_regex(["ſaid"], "p")) is None
    assert PhraseFinder.of(regex.compile(r"\L<phrases>", regex.I, phrases=["said"])) is None


# --- custom rules written like a user would --------------------------------------------------


@st.composite
def _user_rules(draw: st.DrawFn) -> tuple[list[dict], list[str]]:
    """One to three pattern/line rule files with lists, unless, requires, quotes; and lines near them.

    The rules are built by the test: compiling here would shrink the `regex` cache, which calls
    the global `random` inside a strategy."""
    lists = {"outlets": draw(_LIST_WORDS), "verbs": draw(_LIST_WORDS)}
    rnd = draw(st.randoms(use_true_random=False))
    rules: list[dict] = []
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        pieces = draw(st.lists(st.recursive(_atoms(lists), _combine, max_leaves=6), min_size=1, max_size=3))
        patterns = [_assemble(p, False, rnd) for p, _ in pieces]
        used = {k: v for k, v in lists.items() if any(f"\\L<{k}>" in p for p in patterns)}
        kind = draw(st.sampled_from(["pattern", "line"]))
        data: dict = {
            "kind": kind,
            "message": "m {match}",
            "summary": "s",
            "severity": "warning",
            "scope": draw(st.sampled_from(["all", "body", "prose", "headline"])),
            "ignore-case": draw(st.booleans()),
        }
        if used:
            data["lists"] = used
        if kind == "pattern":
            data["patterns"] = patterns
            if draw(st.booleans()):
                data["phrases"] = draw(
                    st.lists(
                        st.text(alphabet=_PHRASE_ALPHABET, min_size=1, max_size=7).filter(str.strip),
                        min_size=1,
                        max_size=3,
                    )
                )
                lines += data["phrases"]
            data["outside-quotes"] = draw(st.booleans())
            if draw(st.booleans()):
                data["unless"] = ["zzz"]
            if draw(st.booleans()):
                data["requires"] = draw(st.sampled_from(["a", "s", r"\w", "(?i)k"]))
        else:
            split = draw(st.integers(0, len(patterns)))
            data["patterns"], data["contains"] = patterns[:split], patterns[split:]
            if draw(st.booleans()):
                data["phrases"] = draw(
                    st.lists(
                        st.text(alphabet=_LINE_ALPHABET, min_size=1, max_size=9).filter(str.strip),
                        min_size=1,
                        max_size=3,
                    )
                )
                lines += [f"{p} »" for p in data["phrases"]]
            data.update(
                draw(
                    st.sampled_from(
                        [
                            {},
                            {},
                            {"not-first": True},
                            {"isolated": True},
                            {"min-run": 2},
                            {"max-words": 3},
                            {"title-case": True},
                            {"min-words": 2},
                        ]
                    )
                )
            )
        rules.append(data)
        lines += [w for _, w in pieces]
    return rules, lines


@_fast(120)
@given(_user_rules(), st.randoms(use_true_random=False), st.booleans())
def test_user_rules_find_the_same_with_the_prefilter(case: tuple, rnd: random.Random, with_builtins: bool) -> None:
    datas, lines = case
    rules = []
    for n, data in enumerate(datas):
        try:
            rules.append(build_rule(f"user.r{n}", data, "user.yaml"))
        except RuleError:
            continue
    assume(rules)
    body = []
    for _ in range(rnd.randrange(1, 7)):
        line = (
            rnd.choice(lines)
            if lines and rnd.random() < 0.7
            else rnd.choice(["Plain text here.", "“Quoted words” said she.", "x"])
        )
        line = _mutate(line, rnd) if rnd.random() < 0.5 else line
        body.append(line if rnd.random() < 0.7 else f'"{line}"')
    text = rnd.choice(lines + ["Headline"]) + "\n\n" + rnd.choice(["\n", "\n\n"]).join(body)
    if with_builtins:  # the user's rules at other positions, among rules with other literals
        rules = [*rnd.sample(TRIGGERED_RULES, 3), *rules]
    _assert_same_findings(text, rules)


_LINE_ALPHABET = "abcsik'- »:.·日本éßİı²’\u0301\u00a0"


@_fast(100)
@given(
    st.lists(st.text(alphabet=_LINE_ALPHABET, min_size=1, max_size=12).filter(str.strip), min_size=1, max_size=4),
    st.randoms(use_true_random=False),
)
def test_a_line_matches_a_phrase_exactly_when_it_normalises_to_it(phrases: list[str], rnd: random.Random) -> None:
    """The line kind's shortcut (n words normalise to 2n - 1 characters or more) refuses no line."""
    data = {"kind": "line", "message": "m", "summary": "s", "phrases": phrases}
    try:
        kind = build_rule("user.lines", data, "user.yaml").kind
    except RuleError:
        assume(False)
    wanted = {normalize_line(p) for p in phrases}
    for _ in range(20):
        line = (
            _mutate(rnd.choice(phrases), rnd)
            if rnd.random() < 0.7
            else "".join(rnd.choice(_LINE_ALPHABET) for _ in range(rnd.randrange(1, 12)))
        )
        line = line.replace("\n", " ").replace("\r", " ").replace("\u2028", " ")
        assume(line.strip())
        assert kind.matches(line) == (normalize_line(line.strip()) in wanted), (phrases, line)


# --- holes found while fuzzing (each made a rule miss a real match; fixed, kept as regressions) --


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?:cookie){e}", "cookle"),
        (r"(?:cookie){s}", "cookle"),
        (r"(?:cookie){i,s}", "cooking"),
        (r"(?:cookie){d}", "cooke"),
    ],
)
def test_fuzzy_constraints_without_a_bound_get_no_trigger(pattern: str, text: str) -> None:
    assert regex.search(pattern, text)
    assert _may_match(pattern, text)


@pytest.mark.parametrize("pattern", [r"[[:^digit:]]cookie", r"[[:^space:]]+cookie"])
def test_negated_posix_classes_get_no_trigger(pattern: str) -> None:
    assert regex.search(pattern, "xcookie")  # the class is "not a digit"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _may_match(pattern, "xcookie")


@pytest.mark.parametrize(
    "pattern", [r"(?x)xyz{1, 3}", r"(?x)xyz{1 }", r"(?x)xyz{ 1,3 }", r"(?x)(?:cookie){1, 2} policy"]
)
def test_verbose_repeats_with_spaces_do_not_hide_a_match(pattern: str) -> None:
    text = "xyz" if pattern.endswith("}") else "cookiepolicy"  # verbose: the space is not matched
    assert regex.search(pattern, text)
    assert _may_match(pattern, text)


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\x1c", "\x85", "\u2028"])
def test_verbose_unicode_white_space_does_not_hide_a_match(space: str) -> None:
    """Releases of `regex` disagree on whether verbose mode skips Unicode white space; the
    trigger must let through whatever the installed release matches, either way."""
    pattern = f"(?x)cookie{space}policy"
    texts = ["cookiepolicy", f"cookie{space}policy"]
    matched = [text for text in texts if regex.search(pattern, text)]
    assert matched, "the installed regex matches neither reading of the pattern"
    for text in matched:
        assert _may_match(pattern, text), text


@pytest.mark.parametrize(
    ("letter", "twin"), [("\u0264", "\ua7cb"), ("\u019b", "\ua7dc"), ("\ua7cd", "\ua7cc"), ("\U00010d70", "\U00010d50")]
)
def test_newer_unicode_case_pairs_fold_alike(letter: str, twin: str) -> None:
    pattern = f"{letter}lpha"
    assert regex.search(pattern, f"{twin}LPHA", regex.IGNORECASE | regex.V0)
    assert _may_match(pattern, f"{twin}LPHA")


def test_analysing_a_pattern_emits_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        regex_trigger(r"x[[a]yz")


def test_a_rule_without_a_trigger_still_finds_its_matches() -> None:
    """A pattern rule whose trigger was dropped must not skip its patterns by literals the
    engine never looked for (fixed in bc33865; was a silent miss)."""
    data = {"kind": "pattern", "message": "m", "summary": "s", "patterns": ["cookie policy", "privacy notice"]}
    rule = dataclasses.replace(build_rule("user.cookies", data, "user.yaml"), trigger=None, block_local=False)
    (document,) = _documents("Headline\n\nRead our cookie policy.")
    assert _unfiltered(document, [rule]) and lint_document(document, [rule]) == _unfiltered(document, [rule])
