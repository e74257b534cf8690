"""The github, sarif and junit formats, rendered directly from hand-made findings."""

from __future__ import annotations

import json
import os
import pathlib
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newslint.explain import explain
from newslint.finding import Finding, RecordPlace, Severity, placed_record
from newslint.report import FORMAT_NAMES, ReportContext, formats, github, junit, sarif
from newslint.rule import load_rule
from newslint.ruleset import BUILTIN_RULES

NAV_LINE = load_rule(os.path.join(BUILTIN_RULES, "scraping", "nav-line.yaml"), "scraping.nav-line")
SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "fixtures", "sarif", "sarif-2.1.0-subset.schema.json")


def nav(path: str = "news/a.txt", line: int = 3, match: str = "Skip to content", **changes) -> Finding:
    values = dict(
        path=path,
        line=line,
        column=1,
        end_line=line,
        end_column=1 + len(match),
        rule="scraping.nav-line",
        severity=Severity.WARNING,
        message=f"Navigation text left in the article: '{match}'",
        match=match,
    )
    values.update(changes)
    return Finding(**values)


def input_error(path: str = "news/bad.txt") -> Finding:
    return Finding(path, 1, 1, 1, 1, "newslint.input-error", Severity.ERROR, "file is not valid UTF-8 at byte 12")


CONTEXT = ReportContext(
    rules=[NAV_LINE], files=["news/a.txt", "news/b.txt", "news/bad.txt"], documents=3, version="0.1.0"
)


# --- github ---------------------------------------------------------------------------------


def unescape_property(text: str) -> str:
    """What the Actions runner does to a property value (the inverse of escape_property)."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def test_github_warning_command_has_every_position_property():
    out = github.render([nav()], CONTEXT)
    assert out == (
        "::warning file=news/a.txt,line=3,col=1,endLine=3,endColumn=16,title=scraping.nav-line"
        "::Navigation text left in the article: 'Skip to content'\n"
    )


@pytest.mark.parametrize(
    "severity, command", [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")]
)
def test_github_command_follows_severity(severity, command):
    assert github.render([nav(severity=severity)]).startswith(f"::{command} file=")


def test_github_escapes_message_and_properties():
    finding = nav(path="dir,with:odd%name.txt", message="100% sure:\r\nsecond, line")
    line = github.render([finding]).rstrip("\n")
    assert "\n" not in line and "\r" not in line
    head, message = line.split("::", 2)[1:]
    assert message == "100%25 sure:\\r\\nsecond, line"  # line breaks from the data stay visible escapes
    properties = dict(item.split("=", 1) for item in head.split(" ", 1)[1].split(","))
    assert properties["file"] == "dir%2Cwith%3Aodd%25name.txt"
    assert unescape_property(properties["file"]) == finding.path


def test_github_record_finding_names_record_and_field_in_the_message():
    finding = nav(
        path="data.jsonl", line=1, column=5, end_column=20, record=placed_record(7, RecordPlace(4)), field="body"
    )
    line = github.render([finding])
    assert line == (
        "::warning file=data.jsonl,line=4,endLine=4,title=scraping.nav-line"
        "::record 7, field body, line 1, column 5: Navigation text left in the article: 'Skip to content'\n"
    )


def test_github_record_whose_place_is_unknown_goes_on_line_one():
    line = github.render([nav(path="shards", line=3, column=5, record=7, field="body")])
    assert line.startswith(
        "::warning file=shards,line=1,endLine=1,title=scraping.nav-line::record 7, field body, line 3, column 5: "
    )


def test_github_shows_suggestion():
    assert github.render([nav(suggestion="Kyiv")]).rstrip().endswith("(suggestion: Kyiv)")


# --- sarif ----------------------------------------------------------------------------------


def sarif_log(findings, context=CONTEXT) -> dict:
    return json.loads(sarif.render(findings, context))


def test_sarif_validates_against_schema():
    findings = [
        nav(),
        nav(path="news/b.txt", line=9),
        input_error(),
        nav(path="d.jsonl", line=2, record="art-1", field="body"),
    ]
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(sarif_log(findings))]
    assert errors == []


def test_sarif_top_level_and_driver():
    log = sarif_log([nav()])
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    driver = run["tool"]["driver"]
    assert driver["name"] == "newslint"
    assert driver["version"] == driver["semanticVersion"] == "0.1.0"
    assert driver["informationUri"].startswith("https://")


def test_sarif_rule_descriptor_documents_the_rule():
    (descriptor,) = sarif_log([nav()])["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["id"] == "scraping.nav-line"
    assert descriptor["shortDescription"]["text"] == NAV_LINE.summary
    assert descriptor["fullDescription"]["text"] == NAV_LINE.why
    assert descriptor["help"]["markdown"] == explain(NAV_LINE)
    assert NAV_LINE.why in descriptor["help"]["text"]
    assert descriptor["defaultConfiguration"]["level"] == "warning"
    assert descriptor["properties"]["tags"] == ["scraping"]
    assert descriptor["properties"]["precision"] in {"very-high", "high", "medium", "low"}


def test_sarif_adds_engine_rules_found_in_findings():
    run = sarif_log([input_error(), nav()])["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == ["scraping.nav-line", "newslint.input-error"]
    engine = run["tool"]["driver"]["rules"][1]
    assert engine["defaultConfiguration"]["level"] == "error"
    assert engine["help"]["text"] and engine["fullDescription"]["text"]


def test_sarif_results_point_at_their_rules_and_regions():
    run = sarif_log([nav(), input_error(), nav(severity=Severity.INFO, path="news/c.txt")])["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["level"] for r in run["results"]] == ["warning", "error", "note"]
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["message"]["text"]
        (location,) = res["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 1,
        "endLine": 3,
        "endColumn": 16,
    }


def test_sarif_clamps_positions_github_would_reject():
    region = sarif_log([nav(line=0, column=0, end_line=0, end_column=0)])["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"
    ]["region"]
    assert region == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}


def test_sarif_uris_are_relative_with_forward_slashes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    absolute = os.path.join(str(tmp_path), "sub dir", "a.txt")
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif_log([nav(path=absolute), nav(path="./x/../b.txt")])["runs"][0]["results"]
    ]
    assert uris == ["sub%20dir/a.txt", "b.txt"]


def test_sarif_fingerprint_survives_edits_above_the_finding():
    def fingerprint(findings, index=0):
        return sarif_log(findings)["runs"][0]["results"][index]["partialFingerprints"][sarif.FINGERPRINT_KEY]

    before = fingerprint([nav(line=3)])
    assert fingerprint([nav(line=12)]) == before
    assert fingerprint([nav(line=3, match="Skip  to\ncontent")]) == before  # whitespace-normalized
    assert fingerprint([nav(path="news/b.txt")]) != before
    assert fingerprint([nav(match="Read also")]) != before
    # The same text twice in one file: two distinct, stable fingerprints.
    twice = [nav(line=3), nav(line=8)]
    assert fingerprint(twice, 0) == before and fingerprint(twice, 1) not in (before, "")


def test_sarif_record_findings_name_record_and_field():
    res = sarif_log([nav(path="data.jsonl", line=1, record=4, field="body")])["runs"][0]["results"][0]
    assert res["properties"] == {
        "record": 4,
        "field": "body",
        "fieldRegion": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 16},
    }
    (logical,) = res["locations"][0]["logicalLocations"]
    assert logical["name"] == "body" and logical["fullyQualifiedName"] == "data.jsonl[4].body"
    assert "record 4" in res["message"]["text"]


def test_sarif_without_context_still_describes_every_rule():
    log = json.loads(sarif.render([nav()]))
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == ["scraping.nav-line"] and "version" not in driver


# --- junit ----------------------------------------------------------------------------------


def test_junit_one_case_per_file_with_failures_counted():
    findings = [nav(), nav(line=9), nav(path="news/b.txt", severity=Severity.INFO), input_error()]
    root = ET.fromstring(junit.render(findings, CONTEXT).encode("utf-8"))
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "newslint"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == CONTEXT.files
    assert all(c.get("classname") == name for name, c in cases.items())
    failure = cases["news/a.txt"].find("failure")
    assert failure.get("message") == "2 findings"
    assert failure.text.splitlines() == [
        "news/a.txt:3:1: warning [scraping.nav-line] Navigation text left in the article: 'Skip to content'",
        "news/a.txt:9:1: warning [scraping.nav-line] Navigation text left in the article: 'Skip to content'",
    ]
    # An info finding is shown but does not fail its file.
    assert cases["news/b.txt"].find("failure") is None
    assert "[scraping.nav-line]" in cases["news/b.txt"].find("system-out").text
    assert cases["news/bad.txt"].find("failure") is not None


def test_junit_clean_run_has_passing_cases():
    root = ET.fromstring(junit.render([], CONTEXT))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("3", "0")
    assert all(list(c) == [] for c in suite.findall("testcase"))


def test_junit_is_valid_xml_with_markup_and_control_characters():
    nasty = 'a <b> & "c" \x00\x1b\x0b\ufffe end'
    findings = [nav(path='odd<&">.txt', message=nasty, match="x\x01y")]
    text = junit.render(findings, ReportContext(files=['odd<&">.txt']))
    root = ET.fromstring(text.encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case.get("name") == 'odd<&">.txt'
    # Control characters from the data are shown as escapes, not dropped; U+FFFE is escaped too.
    assert 'a <b> & "c" \\x00\\x1b\\x0b\\ufffe end' in case.find("failure").text


def test_junit_reports_findings_for_files_not_listed():
    root = ET.fromstring(junit.render([nav(path="other.txt")], ReportContext(files=["news/a.txt"])))
    assert [c.get("name") for c in root.iter("testcase")] == ["news/a.txt", "other.txt"]
    assert root.find("testsuite").get("failures") == "1"


# --- json ---------------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)  # no lone surrogates: not printable UTF-8
_findings = st.builds(
    Finding,
    path=_text,
    line=st.integers(0, 10**6),
    column=st.integers(0, 10**6),
    end_line=st.integers(0, 10**6),
    end_column=st.integers(0, 10**6),
    rule=_text,
    severity=st.sampled_from(list(Severity)),
    message=_text,
    match=_text,
    record=st.none() | _text | st.integers(-(10**12), 10**12),
    field=st.none() | _text,
    suggestion=st.none() | _text,
)


# Characters json.dumps(ensure_ascii=False) writes raw that the JSON formats write as \\u escapes.
_JSON_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


@given(st.lists(_findings, max_size=4))
def test_json_is_laid_out_exactly_as_json_dumps_with_indent_two(findings):
    expected = json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
    expected = _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", expected)
    out = formats()["json"](findings, CONTEXT)
    assert out == expected
    assert json.loads(out) == [f.to_dict() for f in findings]


# --- every format ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_every_format_is_deterministic(name):
    findings = [nav(), nav(path="d.jsonl", record=2, field="title"), input_error()]
    first = formats()[name](findings, CONTEXT)
    second = formats()[name](
        list(findings), ReportContext(rules=[NAV_LINE], files=list(CONTEXT.files), documents=3, version="0.1.0")
    )
    assert first == second and first.endswith("\n")


# --- record findings at their physical line (issue 12, item 8) --------------------------------

JSONL_RECORD = placed_record("r4", RecordPlace(4))  # record r4 is line 4 of its JSONL file
# A CSV record on lines 5-9 whose body field starts on line 6 (its title took two lines).
CSV_RECORD = placed_record("2", RecordPlace(5, (("title", 5), ("body", 6)), verbatim=True))


def test_text_points_record_findings_at_the_physical_line_and_names_field_and_offset():
    jsonl = nav(path="d.jsonl", line=14, column=3, end_line=14, end_column=18, record=JSONL_RECORD, field="body")
    csv = nav(path="d.csv", line=3, column=1, end_line=3, end_column=16, record=CSV_RECORD, field="body")
    assert formats()["text"]([jsonl, csv], CONTEXT).splitlines() == [
        "d.jsonl:4:1: warning [scraping.nav-line] record r4, field body, line 14, column 3: Navigation text left in the article: 'Skip to content'",
        "d.csv:8:1: warning [scraping.nav-line] record 2, field body, line 3, column 1: Navigation text left in the article: 'Skip to content'",
    ]


def test_a_record_problem_without_a_field_is_at_its_record_line():
    problem = Finding(
        "d.jsonl", 4, 7, 4, 7, "newslint.input-error", Severity.ERROR, "line 4 is not valid JSON", record=JSONL_RECORD
    )
    assert (
        formats()["text"]([problem])
        == "d.jsonl:4:1: error [newslint.input-error] record r4: line 4 is not valid JSON\n"
    )
    assert (
        github.render([problem])
        == "::error file=d.jsonl,line=4,endLine=4,title=newslint.input-error::record r4: line 4 is not valid JSON\n"
    )


def test_github_csv_annotation_spans_the_physical_lines_of_a_multiline_match():
    finding = nav(path="d.csv", line=2, column=5, end_line=3, end_column=4, record=CSV_RECORD, field="body")
    assert github.render([finding]).startswith(
        "::warning file=d.csv,line=7,endLine=8,title=scraping.nav-line::record 2, field body, line 2, column 5: "
    )


def test_sarif_record_result_has_the_physical_region_and_the_field_region_apart():
    finding = nav(path="d.csv", line=3, column=2, end_line=3, end_column=17, record=CSV_RECORD, field="body")
    res = sarif_log([finding])["runs"][0]["results"][0]
    assert res["locations"][0]["physicalLocation"]["region"] == {"startLine": 8, "endLine": 8}
    assert res["properties"] == {
        "record": "2",
        "field": "body",
        "fieldRegion": {"startLine": 3, "startColumn": 2, "endLine": 3, "endColumn": 17},
    }
    assert res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "d.csv[2].body"
    assert res["message"]["text"].startswith("record 2, field body, line 3, column 2: ")


def test_sarif_absolute_uri_has_no_base_and_a_relative_one_has_srcroot(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outside = os.path.join(os.path.dirname(str(tmp_path)), "elsewhere", "a.txt")
    inside = os.path.join(str(tmp_path), "..inside", "b.txt")  # a folder whose name starts with '..'
    locations = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]
        for r in sarif_log([nav(path=outside), nav(path=inside), nav(path="c.txt")])["runs"][0]["results"]
    ]
    assert locations[0] == {"uri": pathlib.Path(outside).as_uri()}  # SARIF: no uriBaseId beside an absolute URI
    assert locations[1] == {"uri": "..inside/b.txt", "uriBaseId": "%SRCROOT%"}
    assert locations[2] == {"uri": "c.txt", "uriBaseId": "%SRCROOT%"}


def test_text_writes_one_finding_per_line_when_a_match_spans_lines():
    finding = nav(
        line=3,
        end_line=4,
        end_column=8,
        match="Skip to\ncontent",
        message="Navigation text left in the article: 'Skip to\ncontent'",
    )
    assert (
        formats()["text"]([finding])
        == "news/a.txt:3:1: warning [scraping.nav-line] Navigation text left in the article: 'Skip to\\ncontent'\n"
    )


# --- output safe from the data (issue 15, item 13) ----------------------------------------------

FORGED = "x\n::error file=a.txt,line=1::forged\r\x1b[31mred\x9b31m\u202etxt.exe\ud800"


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_no_format_writes_control_characters_or_a_forged_workflow_command(name):
    findings = [
        nav(
            path="d.jsonl",
            record=placed_record(FORGED, RecordPlace(2)),
            field="body",
            match=FORGED,
            message=f"Navigation text: '{FORGED}'",
            suggestion=FORGED,
        ),
        nav(path=f"{FORGED}.txt", message="plain"),
        nav(path="::warning::named.txt"),
    ]
    out = formats()[name](findings, ReportContext(rules=[NAV_LINE], files=["d.jsonl"]))
    out.encode("utf-8")  # no lone surrogate: every format can be written as UTF-8
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e\ud800]", out)
    commands = [line for line in out.splitlines() if re.match(r"\s*(::|##\[)", line)]
    if name == "github":
        assert len(commands) == len(out.splitlines()) == 3  # one command per finding, none forged
    else:
        assert commands == []
    if name in ("text", "github"):
        assert len(out.splitlines()) == 3 and "\\x1b[31m" in out and "\\n::error" in out


@pytest.mark.parametrize("name", ["json", "jsonl", "sarif"])
def test_json_formats_keep_the_data_exact(name):
    finding = nav(path="d.jsonl", record=placed_record(FORGED, RecordPlace(2)), field="body", match=FORGED)
    data = json.loads(
        formats()[name]([finding], CONTEXT).splitlines()[0] if name == "jsonl" else formats()[name]([finding], CONTEXT)
    )
    if name == "sarif":
        assert data["runs"][0]["results"][0]["properties"]["record"] == FORGED
    else:
        record = data[0] if name == "json" else data
        assert record["record"] == record["match"] == FORGED
