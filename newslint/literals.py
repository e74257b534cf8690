"""Which literals every match of a rule's regex or phrase list must contain (its Trigger).

The regex is parsed with the standard library's parser (the only one that gives a tree;
`regex`-module syntax is mapped to it, or the pattern is refused), and the analysis is
conservative: whatever it cannot prove gives no trigger, and the rule then runs on all
text. Case does not matter: literals are compared folded (prefilter.fold).
"""

from __future__ import annotations

import functools
import re
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import regex

from newslint.prefilter import Clause, Requirement, Trigger, fold

# The standard library's parser is the only one that gives a tree (re._parser since 3.11,
# where the old top-level modules are deprecated; re._constants does not exist before).
if sys.version_info >= (3, 11):
    from re import _constants as sre
    from re import _parser as sre_parse
else:
    import sre_constants as sre
    import sre_parse

# A clause of more alternatives than this is not worth keeping (a named list of names).
MAX_LITERALS = 200
_REPEATS = tuple(
    op for op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)) if op is not None
)
# Words in almost every article: poor literals to filter on (see _best).
_COMMON_WORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his in is it its more new not of on one or our "
    "people said say says she some than that the their there they this to two was we were which who will with would you".split()
)
# Punctuation too common in prose for a literal made only of it to filter anything. A slash
# is not: 2% of BBC paragraphs have one, and it is what bylines, breadcrumbs and credits
# ("Getty Images/AFP") are made of.
_COMMON_PUNCTUATION = set(",.:;'\"-()!?")

# Syntax of the `regex` module that the stdlib parser would misread (POSIX classes, fuzzy
# matching, version 1 sets, flags it lacks): the analysis gives up on these patterns.
_UNSUPPORTED = re.compile(
    r"\[:\^?\w+:\]"  # POSIX classes, negated too
    r"|\{[^}]*[eisd<>][^}]*\}"  # fuzzy constraints: {e}, {i,s}, {e<=1}, {1<=e<=3}
    r"|\(\?[a-zA-Z]*[Vpwbef]|\(\?[|&R(\d]"
)
_UNSUPPORTED_ESCAPE = re.compile(r"\\[gG]|\\L(?!<\w+>)")
# Escapes whose braces hold a name, not a repeat or fuzzy constraint: \p{Greek}, \N{BULLET}.
_NAMED_ESCAPE = re.compile(r"\\[pPN]\{[^}]*\}")
# Any escaped character (an escaped backslash as one).
_ESCAPE = re.compile(r"\\.", re.DOTALL)
# In verbose mode the `regex` module also skips Unicode white space and spaces inside {m,n};
# the stdlib does neither, so such patterns are left unanalysed.
_VERBOSE = re.compile(r"\(\?[a-zA-Z]*x[a-zA-Z]*(?:-[a-zA-Z]*)?[:)]")
_VERBOSE_TROUBLE = re.compile(r"[^\S\t\n\v\f\r ]|[\x1c-\x1f\x85]|\{[^}]*\s[^}]*\}")
# Escapes only the `regex` module knows, mapped to a stand-in with the same shape.
_TOKEN = re.compile(r"\\\\|\\[pP]\{[^}]*\}|\\[pP][A-Za-z]|\\L<(\w+)>|\\[XmMK]|\(\?<(?![=!])(\w+)>|\\.|.", re.DOTALL)


@functools.cache
def stable_case(char: str) -> bool:
    """True when every character the installed `regex` module matches to `char` under
    IGNORECASE folds (prefilter.fold) to what `char` folds to.

    The `regex` module can know a newer Unicode than Python's str.casefold (U+0264 gained
    the capital U+A7CB in Unicode 16), so this is asked of the module itself, once per
    character: a literal is only built from characters that pass."""
    partners = regex.findall(regex.escape(char), _every_character(), regex.IGNORECASE | regex.V0)
    target = fold(char)
    return all(fold(partner) == target for partner in partners)


@functools.lru_cache(maxsize=1)
def _every_character() -> str:
    """Every code point of the planes that have cased letters (BMP and SMP), surrogates left out."""
    return "".join(chr(code) for code in range(0x20000) if not 0xD800 <= code <= 0xDFFF)


def regex_trigger(pattern: str, lists: Mapping[str, Sequence[str]] | None = None) -> Trigger | None:
    """Trigger of one regex (case-insensitive or not), or None when nothing could be proven."""
    requirement = regex_requirement(pattern, lists)
    return Trigger((requirement,)) if requirement else None


def phrases_trigger(phrases: Iterable[str]) -> Trigger | None:
    """Trigger of whole-phrase matching: a phrase needs each of its (longest) words."""
    alternatives = []
    for phrase in phrases:
        words = [w for w in fold(phrase).split() if all(map(stable_case, w))]
        requirement = _best([frozenset({w}) for w in words], minimum=2)
        if not requirement:
            return None
        alternatives.append(requirement)
    return Trigger(tuple(dict.fromkeys(alternatives))) if alternatives else None


def regex_requirement(pattern: str, lists: Mapping[str, Sequence[str]] | None = None) -> Requirement:
    """Clauses every match of `pattern` satisfies (empty: nothing could be proven)."""
    source = _to_stdlib_syntax(pattern, lists or {})
    if source is None:
        return ()
    try:
        with warnings.catch_warnings():  # "possible nested set" and the like: not the user's concern here
            warnings.simplefilter("ignore")
            tree = sre_parse.parse(source)  # case does not matter: literals are compared folded
        return _best(_analyse(list(tree.data)).as_clauses())
    except (re.error, RecursionError, OverflowError, ValueError, IndexError, TypeError):
        return ()


def blank_escapes(pattern: str) -> str:
    """The pattern with every escaped character (and its backslash) blanked, offsets kept: what
    is left of brackets and marks is syntax ("\\(?(?-i:" is an optional "(" and a group, not
    a conditional)."""
    return _ESCAPE.sub("__", pattern)


def _to_stdlib_syntax(pattern: str, lists: Mapping[str, Sequence[str]]) -> str | None:
    """The pattern in stdlib syntax with the same literals, or None if that is not possible."""
    plain = _NAMED_ESCAPE.sub("", pattern)
    if _UNSUPPORTED_ESCAPE.search(plain) or _UNSUPPORTED.search(blank_escapes(plain)):
        return None
    if _VERBOSE.search(pattern) and _VERBOSE_TROUBLE.search(pattern):
        return None
    out = []
    for m in _TOKEN.finditer(pattern):
        token = m.group()
        if m.group(1):  # \L<name>: the named list, spelled out
            words = lists.get(m.group(1))
            if not words:
                return None
            out.append("(?:" + "|".join(re.escape(w) for w in words) + ")")
        elif m.group(2):
            out.append(f"(?P<{m.group(2)}>")
        elif token[:2] in ("\\p", "\\P"):
            out.append("\\w")  # a class: contributes no literal, whatever it is
        elif token == "\\X":
            out.append("(?s:.)")
        elif token in ("\\m", "\\M", "\\K"):
            out.append("(?:)")  # zero-width
        else:
            out.append(token)
    return "".join(out)


@dataclass(frozen=True)
class _Info:
    """What a parsed node says about its matches: all of them (exact), or clauses they meet."""

    exact: frozenset[str] | None = None  # every string the node can match, when few and known
    clauses: tuple[Clause, ...] = ()

    def as_clauses(self) -> list[Clause]:
        """Clauses only: the exact set becomes one clause (useless if it holds "")."""
        exact = _prune(set(self.exact)) if self.exact else None
        return [*self.clauses, *([exact] if exact else [])]


_NOTHING = _Info()
_ZERO_WIDTH = _Info(frozenset({""}))


def _analyse(items: list) -> _Info:
    """Info of a sequence: exact sets multiply while small; every element's clauses hold."""
    clauses: list[Clause] = []
    run: frozenset[str] = frozenset({""})  # the strings the current run of elements matches
    whole = True  # no element broke the run: `run` is exact for the whole sequence
    for op, av in items:
        info = _node(op, av)
        clauses.extend(info.clauses)
        if info.exact is not None and len(info.exact) * len(run) <= MAX_LITERALS:
            run = frozenset(a + b for a in run for b in info.exact)
            continue
        if "" not in run:
            clauses.append(_prune(set(run)) or run)  # the run so far still holds as a clause
        run = info.exact if info.exact is not None else frozenset({""})
        whole = False
    if whole:
        return _Info(run, tuple(clauses))
    if "" not in run:
        clauses.append(_prune(set(run)) or run)
    return _Info(None, tuple(clauses))


def _node(op, av) -> _Info:
    """Info of one parsed node."""
    if op is sre.LITERAL:
        return _Info(frozenset({fold(chr(av))})) if stable_case(chr(av)) else _NOTHING
    if op is sre.IN:
        return _class_info(av)
    if op is sre.SUBPATTERN:
        return _analyse(list(av[3]))
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _analyse(list(av))
    if op is sre.BRANCH:
        infos = [_analyse(list(branch)) for branch in av[1]]
        exacts = [i.exact for i in infos if i.exact is not None]
        if len(exacts) == len(infos):
            union = frozenset[str]().union(*exacts)
            if len(union) <= MAX_LITERALS:
                return _Info(union)
        # Any branch may match: one clause, the union of each branch's best clause.
        best = [_best(i.as_clauses(), 1) for i in infos]
        clause = _prune(set().union(*(b[0] for b in best))) if all(best) else None
        return _Info(None, (clause,)) if clause else _NOTHING
    if op in _REPEATS:
        low, high, sub = av
        info = _analyse(list(sub))
        if low == 0 and high == 1 and info.exact is not None:
            return _Info(info.exact | {""})
        if low == high == 1:
            return info
        return _Info(None, tuple(info.as_clauses())) if low >= 1 else _NOTHING
    if op is sre.ASSERT:  # a positive lookaround: zero-width, but its text is there too
        return _Info(frozenset({""}), tuple(_analyse(list(av[1])).as_clauses()))
    if op in (sre.AT, sre.ASSERT_NOT):
        return _ZERO_WIDTH  # matches no text, so its neighbours are adjacent
    return _NOTHING  # other classes, any character, backreferences, conditionals


# A character class of ASCII letters is worth its few members as literals ([Ss]); one of
# characters outside ASCII, rare in prose, is worth many (the C1 controls of mojibake,
# [\x80-\x9f], which a branch of single characters also compiles to).
_FEW_CLASS_MEMBERS = 8
_RARE_CLASS_MEMBERS = 64


def _class_info(items: list) -> _Info:
    """Info of a character class: the exact set of its characters, when it is a short list."""
    codes: list[int] = []
    for item_op, value in items:
        if item_op is sre.LITERAL:
            codes.append(value)
        elif item_op is sre.RANGE and value[1] - value[0] < _RARE_CLASS_MEMBERS and value[0] >= 0x80:
            codes.extend(range(value[0], value[1] + 1))
        else:
            return _NOTHING  # a negated class, a category, a wide range
    limit = _RARE_CLASS_MEMBERS if all(code >= 0x80 for code in codes) else _FEW_CLASS_MEMBERS
    if not codes or len(codes) > limit or not all(stable_case(chr(code)) for code in codes):
        return _NOTHING
    return _Info(frozenset(fold(chr(code)) for code in codes))  # [Ss], [ÐÑ]


def _best(clauses: list[Clause], keep: int = 3, minimum: int = 3) -> Requirement:
    """The most selective few clauses worth scanning for, most selective first.

    Clauses of common words ("the", "said") are kept only when nothing else is there: each
    occurrence costs a step of the scan and they rarely rule a text out."""
    useful = [c for c in set(clauses) if all(_useful(s, minimum) for s in c)]
    rare = [c for c in useful if c.isdisjoint(_COMMON_WORDS)]
    # Two-letter words of a phrase ("la", "us") turn up inside most paragraphs' words: when the
    # phrase has a longer word, scanning for the short one only adds work.
    longer = [c for c in rare if all(_useful(s, 3) for s in c)]
    rare = longer or rare
    return (
        tuple(sorted(rare, key=_score, reverse=True)[:keep])
        if rare
        else tuple(sorted(useful, key=_score, reverse=True)[:1])
    )


def _useful(literal: str, minimum: int = 3) -> bool:
    """Worth scanning for: long enough, non-ASCII, or with a symbol rare in prose ('<', '&', '@')."""
    if len(literal) >= minimum or not literal.isascii():
        return True
    return any(not (c.isalnum() or c.isspace() or c in _COMMON_PUNCTUATION) for c in literal)


def _score(clause: Clause) -> tuple[int, int, tuple[str, ...]]:
    """Prefer clauses whose shortest literal is longest (rarer), then smaller ones."""
    return min(len(s) for s in clause), -len(clause), tuple(sorted(clause))


def _prune(literals: set[str]) -> Clause | None:
    """Drop literals that contain another one (implied); None when too many to be cheap."""
    if not literals or "" in literals:
        return None
    kept = {s for s in literals if not any(o != s and o in s for o in literals)}
    return frozenset(kept) if len(kept) <= MAX_LITERALS else None
