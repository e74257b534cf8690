"""Template syntax in Markdown (Liquid, Jinja/Nunjucks/Django, Go/Hugo, MDX/JSX): found and masked.

Static-site generators run a template engine over a post before or after the Markdown:
`{{ site.baseurl }}`, `{% link a.md %}`, `{{< img src="a.jpg" alt="..." >}}`, `{: .class}`,
`<Chart data={x} />`. None of that is prose. `mask` replaces every character of such syntax
with MASK (line breaks kept), so the Markdown parser sees the same lines and columns, and
readers then drop MASK characters from the blocks they build: positions in the file stay
exact. A tag's arguments (an `alt=`, a `caption=`) are masked with the tag: they are
attribute values, not the article's text, and quoted arguments are what made quote rules fire.
The body of a paired tag (`{{< note >}}text{{< /note >}}`) is text and stays, except for
tags whose body is code or a comment (highlight, raw, comment).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

# U+2060 WORD JOINER: not white space and not punctuation to markdown-it (so a masked span
# neither ends a paragraph nor changes emphasis), and never in real prose next to a tag.
MASK = "\u2060"

SYNTAXES = ("liquid", "jinja", "hugo", "kramdown", "mdx")
AUTO = "auto"

# Tags whose body is code or a comment: from the opening to the closing tag, all goes.
_OPAQUE: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("liquid", re.compile(r"\{%-?\s*comment\s*-?%\}"), re.compile(r"\{%-?\s*endcomment\s*-?%\}")),
    ("liquid", re.compile(r"\{%-?\s*highlight\b[^%{}]{0,200}%\}"), re.compile(r"\{%-?\s*endhighlight\s*-?%\}")),
    ("hugo", re.compile(r"\{\{<\s*highlight\b[^<>]{0,200}>\}\}"), re.compile(r"\{\{<\s*/\s*highlight\s*>\}\}")),
    ("hugo", re.compile(r"\{\{/\*"), re.compile(r"\*/\}\}")),
)
# `{% raw %}...{% endraw %}`: the tags go, the body is shown as written (usually in code).
_RAW_OPEN = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_CLOSE = re.compile(r"\{%-?\s*endraw\s*-?%\}")

# Delimiters of a tag or expression, and the longest span one may have (a shortcode's
# arguments may run over lines): syntax -> (opening, closing, limit).
_DELIMITERS: dict[str, tuple[tuple[str, str, int], ...]] = {
    # {{ expr }}, {{- expr -}}, {% tag %}: Liquid, Jinja, Nunjucks, Django, Go templates alike.
    "liquid": (("{{", "}}", 400), ("{%", "%}", 400)),
    "jinja": (("{#", "#}", 2000),),
    # Hugo shortcodes, with markdown ({{% %}}) or not ({{< >}}).
    "hugo": (("{{<", ">}}", 2000), ("{{%", "%}}", 2000)),
}
_PATTERNS: dict[str, re.Pattern[str]] = {
    # kramdown/Pandoc attribute lists: {: .class}, {:toc}, {#anchor}, {.class #id}.
    "kramdown": re.compile(r"\{:[^{}\n]*\}|\{[#.][\w-][^{}\n]*\}"),
    # MDX: import/export lines, JSX components (a capitalised tag name) and {expressions}.
    "mdx": re.compile(
        r"^(?:import|export)\s[^\n]*(?:\n[ \t]+[^\n]*)*$"
        r"|</?[A-Z][\w.]*(?:\s(?:[^<>{}]|\{[^{}]*\})*)?/?>"
        r"|\{[^{}\n]*\}",
        re.MULTILINE,
    ),
}
# Cheap tests before the full patterns: most posts have no template syntax at all.
_HINTS = {
    "liquid": ("{{", "{%"),
    "jinja": ("{#",),
    "hugo": ("{{<", "{{%"),
    "kramdown": ("{:", "{#", "{."),
    "mdx": ("import ", "export ", "<", "{"),
}


def resolve(setting: str | Iterable[str]) -> tuple[str, ...]:
    """The syntaxes a `template-syntax` setting names ("auto": all of them but MDX's JSX,
    which a .mdx file adds; "none": none). Raises ValueError naming an unknown one."""
    if isinstance(setting, str):
        if setting == AUTO:
            return tuple(s for s in SYNTAXES if s != "mdx")
        if setting == "none":
            return ()
        setting = [setting]
    chosen = tuple(setting)
    unknown = [s for s in chosen if s not in SYNTAXES]
    if unknown:
        raise ValueError(
            f"unknown template syntax {unknown[0]!r}; expected 'auto', 'none' or a list of {', '.join(SYNTAXES)}"
        )
    return chosen


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = MASK


def _occurrences(source: str, needle: str) -> list[int]:
    """Offsets of every occurrence of a plain string (found by str.find, in C)."""
    found, at = [], source.find(needle)
    while at >= 0:
        found.append(at)
        at = source.find(needle, at + 1)
    return found


def paired_spans(source: str, opener: re.Pattern[str], closer: re.Pattern[str]) -> list[tuple[int, int, int, int]]:
    """(start, body start, body end, end) of each opening tag with the first closing tag after
    it. Linear in the text whatever it holds: an unclosed tag costs one look-up."""
    closers = [(m.start(), m.end()) for m in closer.finditer(source)]
    starts = [c[0] for c in closers]
    spans, resume = [], 0
    for m in opener.finditer(source):
        if m.start() < resume:
            continue
        k = bisect.bisect_left(starts, m.end())
        if k == len(starts):
            break
        spans.append((m.start(), m.end(), *closers[k]))
        resume = closers[k][1]
    return spans


def _delimited(source: str, opening: str, closing: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of each `opening ... closing` span no longer than `limit` characters."""
    closes = _occurrences(source, closing)
    spans, resume = [], 0
    for at in _occurrences(source, opening):
        if at < resume:
            continue
        k = bisect.bisect_left(closes, at + len(opening))
        if k < len(closes) and closes[k] + len(closing) - at <= limit:
            spans.append((at, closes[k] + len(closing)))
            resume = closes[k] + len(closing)
    return spans


def mask(source: str, syntaxes: Iterable[str]) -> str:
    """The source with every character of template syntax replaced by MASK (line breaks kept)."""
    active = [s for s in syntaxes if any(hint in source for hint in _HINTS[s])]
    if not active:
        return source
    chars = list(source)
    shown: list[tuple[int, int]] = []  # bodies of raw tags: shown as written, never masked
    for syntax, opener, closer in _OPAQUE:
        if syntax in active:
            for start, _, _, end in paired_spans(source, opener, closer):
                _blank(chars, start, end)
    if "liquid" in active:
        for start, body, body_end, end in paired_spans(source, _RAW_OPEN, _RAW_CLOSE):
            _blank(chars, start, body)
            _blank(chars, body_end, end)
            shown.append((body, body_end))
    spans = [span for syntax in active for spec in _DELIMITERS.get(syntax, ()) for span in _delimited(source, *spec)]
    spans += [m.span() for syntax in active if syntax in _PATTERNS for m in _PATTERNS[syntax].finditer(source)]
    shown_starts = [a for a, _ in shown]
    for start, end in spans:
        k = bisect.bisect_right(shown_starts, start) - 1
        if chars[start] == MASK or (k >= 0 and start < shown[k][1]):
            continue
        _blank(chars, start, end)
    return "".join(chars)
