"""newslint: a linter and data-quality test suite for news and article text.

Public API: lint_text(), lint_paths(), Finding, Severity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newslint.finding import Finding, Severity

if TYPE_CHECKING:
    from newslint.config import Config
    from newslint.rule import Rule

__all__ = ["Finding", "Severity", "lint_text", "lint_paths", "__version__"]
__version__ = "0.1.0"


def lint_text(
    text: str,
    path: str = "<text>",
    *,
    config: object | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[Finding]:
    """Lint one article given as a string; `path`'s extension picks the format (.txt by default).

    Raises newslint.rule.RuleError when a rule or override is invalid.
    """
    import itertools

    from newslint.readers import read_bytes
    from newslint.runner import lint_documents

    settings, rules = _prepare(config, select, ignore)
    name = path if "." in path.rsplit("/", 1)[-1] else path + ".txt"
    text, problems = _without_surrogates(name, text)
    return lint_documents(
        itertools.chain(problems, read_bytes(name, text.encode("utf-8"), settings.read)), rules, settings, shown=path
    )


def _without_surrogates(path: str, text: str) -> tuple[str, list]:
    """A str may hold lone surrogates (halves of UTF-16 pairs), which are not Unicode text and
    have no UTF-8: each becomes U+FFFD (positions stay), reported once as an input error."""
    import re

    from newslint.readers import ReadProblem

    found = re.search("[\ud800-\udfff]", text)
    if found is None:
        return text, []
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    count = len(re.findall("[\ud800-\udfff]", text))
    message = (
        f"the text holds {count} lone surrogate{'s' if count != 1 else ''} (the first, U+{ord(found.group()):04X}, "
        f"at line {line}, column {column}), which is not Unicode text; each was read as U+FFFD and the rest was checked"
    )
    return re.sub("[\ud800-\udfff]", "\ufffd", text), [ReadProblem(path, message, line=line, column=column)]


def lint_paths(
    paths: Sequence[str],
    *,
    config: object | str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    jobs: int = 1,
) -> list[Finding]:
    """Lint files and directories; `config` is a Config, a config file path, or None (nearest)."""
    from newslint.runner import all_findings, check_files, collect_files

    settings, rules = _prepare(config, select, ignore)
    # Passing the rules lets the corpus pass (duplicate headlines across files) run too.
    return all_findings(check_files(collect_files(list(paths), settings), rules, settings, jobs=jobs), rules)


def _prepare(config: object, select: Sequence[str], ignore: Sequence[str]) -> tuple[Config, list[Rule]]:
    """The Config (`config` itself, loaded from the path it names, or the nearest) and its rules."""
    from newslint.config import Config, find_config, load_config
    from newslint.ruleset import Selection
    from newslint.runner import build_rules

    if config is None:
        config = load_config(find_config())
    elif isinstance(config, str):
        config = load_config(config)
    elif not isinstance(config, Config):
        raise TypeError("config must be a newslint.config.Config, a path, or None")
    rules, errors = build_rules(
        config, Selection(select=tuple(select), ignore=tuple(ignore)) if (select or ignore) else None
    )
    if errors:
        raise errors[0]
    return config, rules
