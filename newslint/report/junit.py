"""JUnit XML format: one test case per checked file, failing when it has warnings or errors.

Its findings are listed in the text format (escaped, one a line, records at their physical line)."""

from __future__ import annotations

import itertools
import re
import tempfile
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence

from newslint.finding import Finding, Severity
from newslint.report.common import printable
from newslint.report.text import render_line

# Characters XML 1.0 cannot hold at all, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """The text without the characters XML 1.0 forbids (control characters, lone surrogates)."""
    return _NOT_XML.sub("", text)


def _files(findings: Sequence[Finding], context) -> list[str]:
    files = list(dict.fromkeys(getattr(context, "files", ()) or ()))
    # Findings for a path the context does not list still get a test case, after the rest.
    listed = set(files)
    files += sorted({f.path for f in findings if f.path not in listed})
    return files


def testcase(path: str, findings: Sequence[Finding]) -> ET.Element:
    """The test case of one file: a failure listing its findings when any is a warning or worse."""
    name = xml_safe(printable(path))
    case = ET.Element("testcase", {"classname": name, "name": name})
    listing = xml_safe("".join(render_line(f) + "\n" for f in findings))
    if any(f.severity >= Severity.WARNING for f in findings):
        count = len(findings)
        failure = ET.SubElement(
            case, "failure", {"message": f"{count} finding{'s' if count != 1 else ''}", "type": "newslint"}
        )
        failure.text = listing
    elif findings:
        # Info findings do not fail the file but stay visible in the report.
        ET.SubElement(case, "system-out").text = listing
    return case


def render(findings: Sequence[Finding], context=None) -> str:
    """A JUnit XML report with one testsuite "newslint"."""
    return "".join(pieces(findings, context))


def _whole(findings: Iterable[Finding], context) -> str:
    findings = list(findings)
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    return _document([testcase(path, by_path.get(path, [])) for path in _files(findings, context)])


def _document(cases: list[ET.Element], failures: int | None = None, tests: int | None = None) -> str:
    tests = len(cases) if tests is None else tests
    failures = sum(1 for c in cases if c.find("failure") is not None) if failures is None else failures
    counts = {"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": "0"}
    suites = ET.Element("testsuites", {"name": "newslint", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "newslint", **counts})
    suite.extend(cases)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def pieces(findings: Iterable[Finding], context=None) -> Iterator[str]:
    """The report in pieces, a test case at a time, as render writes it whole.

    The findings are gone through twice (the counts come first), so they must be a
    collection. In report order a file's findings are neighbours: each file's case is
    written when its turn comes (the context's order of files), kept in a temporary file
    until then, so that only one file's findings are held at a time."""
    worst: dict[str, Severity] = {}
    ordered = True
    path = None
    for finding in findings:
        if finding.path != path:
            ordered = ordered and (path is None or finding.path > path)
            path = finding.path
        worst[path] = max(worst.get(path, finding.severity), finding.severity)
    if not ordered or not worst:  # out of order, or no listing at all: it is small
        yield _whole(findings, context)
        return
    files = list(dict.fromkeys(getattr(context, "files", ()) or ()))
    listed = set(files)
    files += sorted(p for p in worst if p not in listed)
    failures = sum(1 for p in files if p in worst and worst[p] >= Severity.WARNING)
    marker = f"newslint-case-{uuid.uuid4().hex}"
    placeholder = ET.Element("testcase", {"classname": marker, "name": marker})
    alone = ET.tostring(placeholder, encoding="unicode")  # (before indent gives it a tail)
    before, after = _document([placeholder], failures, len(files)).split(alone)
    yield before
    for number, text in enumerate(_cases(findings, files, worst)):
        yield text if number == 0 else _CASE_SEPARATOR + text
    yield after


# Between two test cases, inside the testsuite element (two levels deep).
_CASE_SEPARATOR = "\n    "


def _case_text(case: ET.Element) -> str:
    ET.indent(case, level=2)
    return ET.tostring(case, encoding="unicode")


def _cases(findings: Iterable[Finding], files: list[str], worst: dict[str, Severity]) -> Iterator[str]:
    """The text of each file's case in the order of `files`, from findings in report order."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass") as held:
        waiting: dict[str, tuple[int, int]] = {}  # path -> where its case's text is in `held`
        turn = 0  # files[turn] is the next case to write

        def due() -> Iterator[str]:  # the cases ready from the one whose turn it is
            nonlocal turn
            while turn < len(files):
                name = files[turn]
                if name in waiting:
                    start, length = waiting.pop(name)
                    held.seek(start)
                    yield held.read(length)
                elif name not in worst:
                    yield _case_text(testcase(name, []))
                else:
                    return  # its findings are still to come
                turn += 1

        yield from due()
        for name, group in itertools.groupby(findings, key=lambda f: f.path):
            text = _case_text(testcase(name, list(group)))
            if files[turn] == name:
                yield text
                turn += 1
                yield from due()
            else:
                held.seek(0, 2)
                waiting[name] = (held.tell(), len(text))
                held.write(text)
        yield from due()
