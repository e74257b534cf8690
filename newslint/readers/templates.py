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

import re
from typing import Iterable

# U+2060 WORD JOINER: not white space and not punctuation to markdown-it (so a masked span
# neither ends a paragraph nor changes emphasis), and never in real prose next to a tag.
MASK = "\u2060"

SYNTAXES = ("liquid", "jinja", "hugo", "kramdown", "mdx")
AUTO = "auto"

# Bodies that are code or comments: the whole span from the opening to the closing tag goes.
_OPAQUE_BLOCKS = re.compile(
    r"\{%-?\s*(comment|highlight)\b.*?\{%-?\s*end\1\s*-?%\}"  # Liquid / Jekyll
    r"|\{\{<\s*highlight\b.*?\{\{<\s*/\s*highlight\s*>\}\}"  # Hugo
    r"|\{\{/\*.*?\*/\}\}",  # Go template comment
    re.DOTALL,
)
# `{% raw %}...{% endraw %}`: the tags go, the body is shown as written (usually in code).
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)

_PATTERNS: dict[str, re.Pattern[str]] = {
    # {{ expr }}, {{- expr -}}: Liquid, Jinja, Nunjucks, Django, Go templates alike.
    "liquid": re.compile(r"\{\{(?![<%]).{0,400}?\}\}|\{%.{0,400}?%\}", re.DOTALL),
    "jinja": re.compile(r"\{#.{0,2000}?#\}", re.DOTALL),
    # Hugo shortcodes, with markdown ({{% %}}) or not ({{< >}}); the closing delimiter may
    # sit on a later line when the arguments are long.
    "hugo": re.compile(r"\{\{<.{0,2000}?>\}\}|\{\{%.{0,2000}?%\}\}", re.DOTALL),
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
_HINTS = {"liquid": ("{{", "{%"), "jinja": ("{#",), "hugo": ("{{<", "{{%"), "kramdown": ("{:", "{#", "{."), "mdx": ("import ", "export ", "<", "{")}


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
        raise ValueError(f"unknown template syntax {unknown[0]!r}; expected 'auto', 'none' or a list of {', '.join(SYNTAXES)}")
    return chosen


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = MASK


def mask(source: str, syntaxes: Iterable[str]) -> str:
    """The source with every character of template syntax replaced by MASK (line breaks kept)."""
    active = [s for s in syntaxes if any(hint in source for hint in _HINTS[s])]
    if not active:
        return source
    chars = list(source)
    raw_bodies: list[tuple[int, int]] = []
    if "liquid" in active or "hugo" in active:
        for m in _OPAQUE_BLOCKS.finditer(source):
            _blank(chars, m.start(), m.end())
    if "liquid" in active:
        for m in _RAW.finditer(source):
            _blank(chars, m.start(), m.start(1))
            _blank(chars, m.end(1), m.end())
            raw_bodies.append((m.start(1), m.end(1)))
    for syntax in active:
        for m in _PATTERNS[syntax].finditer(source):
            if chars[m.start()] == MASK or any(a <= m.start() < b for a, b in raw_bodies):
                continue
            _blank(chars, m.start(), m.end())
    return "".join(chars)
