"""JUnit XML format: one test case per checked file, failing when it has warnings or errors.

Its findings are listed in the text format (escaped, one a line, records at their physical line)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Sequence

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
        failure = ET.SubElement(case, "failure", {"message": f"{count} finding{'s' if count != 1 else ''}", "type": "newslint"})
        failure.text = listing
    elif findings:
        # Info findings do not fail the file but stay visible in the report.
        ET.SubElement(case, "system-out").text = listing
    return case


def render(findings: Sequence[Finding], context=None) -> str:
    """A JUnit XML report with one testsuite "newslint"."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    cases = [testcase(path, by_path.get(path, [])) for path in _files(findings, context)]
    failures = sum(1 for c in cases if c.find("failure") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0"}
    suites = ET.Element("testsuites", {"name": "newslint", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "newslint", **counts})
    suite.extend(cases)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
