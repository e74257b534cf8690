"""Public harness for rule tests: inline examples and case files, for our tests and users'.

A case file `<rule-id>.yaml` holds named cases::

    rule: scraping.nav-line          # optional: defaults to the file name
    cases:
      - name: skip link at the top
        fail: "Skip to content\\n\\nThe council voted."
        expect: ["1:1"]              # optional line:col of each finding
      - name: ordinary sentence
        pass: "The council voted to skip the vote."
        options: {max-words: 3}      # optional parameter overrides
        format: md                   # optional: txt (default), md, html

A corpus rule (kind corpus-*) compares documents, so its examples and cases hold several
documents separated by a line `---`; they are read as example-1.txt, example-2.txt, ...
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from newslint.corpus import DocumentSignatures, collate
from newslint.finding import Finding
from newslint.lint import lint_item
from newslint.readers import ReadProblem, read_bytes
from newslint.rule import Rule, RuleError


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one example or case: passed, and if not, why."""

    rule: str
    name: str
    passed: bool
    detail: str = ""
    source: str = ""


# Separates the documents of a corpus rule's example or test case: a line of three dashes.
DOCUMENT_SEPARATOR = "\n---\n"


def lint_with(rule: Rule, text: str, fmt: str = "txt") -> list[Finding]:
    """Findings of one rule on a text read as format `fmt` (txt, md, html, jsonl, csv)."""
    if rule.corpus:  # corpus rules compare documents: a text holds several, split by '---'
        return lint_corpus_texts(rule, split_documents(text), fmt)
    findings: list[Finding] = []
    for item in read_bytes(f"example.{fmt}", text.encode("utf-8")):
        # The rule's findings and newslint's errors (a reader's problem, the rule's timeout or
        # crash, an engine failure): check_case fails a case on the latter.
        findings.extend(lint_item(item, [rule]).findings)
    return findings


def split_documents(text: str) -> list[str]:
    """The documents of a multi-document example: texts separated by a line '---'."""
    return [part for part in ("\n" + text + "\n").split(DOCUMENT_SEPARATOR)]


def lint_corpus_texts(rule: Rule, texts: Sequence[str], fmt: str = "txt") -> list[Finding]:
    """One corpus rule over several texts read as documents example-1.txt, example-2.txt, ..."""
    findings: list[Finding] = []
    signed: list[DocumentSignatures] = []
    for i, text in enumerate(texts, 1):
        for item in read_bytes(f"example-{i}.{fmt}", text.strip("\n").encode("utf-8")):
            if isinstance(item, ReadProblem):
                continue  # an empty part is simply not a document of the example
            linted = lint_item(item, [rule], signing=[rule])
            findings.extend(linted.findings)
            if linted.signed is not None:
                signed.append(linted.signed)
    return findings + collate([rule], signed)


def check_case(
    rule: Rule, name: str, text: str, should_fail: bool, expect: Sequence[str] = (), fmt: str = "txt", source: str = ""
) -> CaseResult:
    """Run one case and compare with what it expects."""
    findings = lint_with(rule, text, fmt)
    errors = [f for f in findings if f.rule.startswith("newslint.")]
    got = [f"{f.line}:{f.column}" for f in findings if f.rule == rule.id]
    if errors:
        return CaseResult(rule.id, name, False, "; ".join(f.message for f in errors), source)
    if should_fail and not got:
        return CaseResult(rule.id, name, False, f"expected a finding, got none in {text!r:.120}", source)
    if not should_fail and got:
        return CaseResult(
            rule.id,
            name,
            False,
            f"expected no finding, got {len(got)} at {', '.join(got)}: {[f.match for f in findings][:3]}",
            source,
        )
    if expect and sorted(got) != sorted(expect):
        return CaseResult(
            rule.id, name, False, f"expected findings at {', '.join(expect)}, got {', '.join(got) or 'none'}", source
        )
    return CaseResult(rule.id, name, True, source=source)


def run_examples(rule: Rule) -> list[CaseResult]:
    """Every inline example of a rule as a case."""
    results = [
        check_case(rule, f"examples.fail[{i}]", text, True, source=rule.path)
        for i, text in enumerate(rule.examples.fail)
    ]
    results += [
        check_case(rule, f"examples.pass[{i}]", text, False, source=rule.path)
        for i, text in enumerate(rule.examples.pass_)
    ]
    return results


def load_cases(path: str) -> tuple[str, list[dict[str, Any]]]:
    """(rule id, cases) of a case file; a malformed file raises RuleError naming the problem."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleError(path, None, f"cannot read case file: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise RuleError(path, "cases", "expected a mapping with a 'cases' list")
    rule_id = data.get("rule") or os.path.splitext(os.path.basename(path))[0]
    for i, case in enumerate(data["cases"]):
        if not isinstance(case, dict) or ("fail" in case) == ("pass" in case):
            raise RuleError(path, f"cases[{i}]", "each case needs exactly one of 'fail' or 'pass' (a text)")
        unknown = set(case) - {"name", "fail", "pass", "expect", "options", "format"}
        if unknown:
            raise RuleError(
                path,
                f"cases[{i}]",
                f"unknown key(s) {sorted(unknown)}; expected name, fail/pass, expect, options, format",
            )
    return rule_id, data["cases"]


def run_case_file(path: str, rules: dict[str, Rule]) -> list[CaseResult]:
    """Run every case of a case file against the named rule."""
    rule_id, cases = load_cases(path)
    base = rules.get(rule_id)
    if base is None:
        return [CaseResult(rule_id, os.path.basename(path), False, f"no rule {rule_id!r} is loaded", path)]
    results = []
    for i, case in enumerate(cases):
        name = case.get("name", f"cases[{i}]")
        try:
            rule = base.with_overrides(case["options"], f"{path} [{name}]") if case.get("options") else base
        except RuleError as exc:
            results.append(CaseResult(rule_id, name, False, str(exc), path))
            continue
        should_fail = "fail" in case
        text = case["fail"] if should_fail else case["pass"]
        expect = [str(e) for e in case.get("expect", [])]
        results.append(check_case(rule, name, text, should_fail, expect, case.get("format", "txt"), path))
    return results


def case_files(directory: str) -> list[str]:
    """Every case file (*.yaml) under a directory, sorted."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames.sort()
        out.extend(os.path.join(dirpath, n) for n in sorted(filenames) if n.endswith((".yaml", ".yml")))
    return out


def run_all(rules: Iterable[Rule], case_dirs: Iterable[str] = ()) -> list[CaseResult]:
    """Inline examples of every rule, then every case file in the given directories."""
    rules = list(rules)
    results = [r for rule in rules for r in run_examples(rule)]
    by_id = {r.id: r for r in rules}
    for directory in case_dirs:
        for path in case_files(directory):
            try:
                results.extend(run_case_file(path, by_id))
            except RuleError as exc:
                results.append(CaseResult(os.path.basename(path), "case file", False, str(exc), path))
    return results
