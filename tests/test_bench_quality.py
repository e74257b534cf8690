"""The quality harness (bench/quality.py, bench/inject_unseen.py) and the Measured section of explain.

No corpus needed: labelled records, hosts and rules are small fixtures written here.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench import inject_unseen, quality, real_lines  # noqa: E402
from newslint import explain as explain_module  # noqa: E402
from newslint.config import Config  # noqa: E402
from newslint.finding import Finding, Severity  # noqa: E402
from newslint.ruleset import BUILTIN_RULES, load_rules  # noqa: E402

MARKER_RULE = """\
kind: pattern
severity: warning
message: "marker '{match}'"
summary: Flags the word XYZZY, so the tests know exactly which lines hold a finding.
scope: all
patterns:
  - 'XYZZY'
"""
QUIET_RULE = MARKER_RULE.replace("severity: warning", "severity: info").replace("XYZZY", "PLUGH")


@pytest.fixture(scope="module")
def marker_rules(tmp_path_factory):
    root = tmp_path_factory.mktemp("packs")
    os.makedirs(root / "test")
    (root / "test" / "marker.yaml").write_text(MARKER_RULE, encoding="utf-8")
    (root / "test" / "quiet.yaml").write_text(QUIET_RULE, encoding="utf-8")
    rules, errors = load_rules([str(root)])
    assert not errors, errors
    assert sorted(r.id for r in rules) == ["test.marker", "test.quiet"]
    return rules


def finding(line, end_line, end_column=5, field="text", rule="test.marker"):
    return Finding("x.jsonl", line, 1, end_line, end_column, rule, Severity.WARNING, "m", field=field)


# --- line <-> label mapping ---------------------------------------------------------------------


def test_html_text_layout_maps_each_line_to_its_label(marker_rules):
    # html-text output: the <title> first, blocks separated by blank lines; line i <-> labels[i].
    lines = ["Site title XYZZY", "", "Home News XYZZY Sport", "", "The council met on Tuesday.", "", "", "Share XYZZY"]
    record = {"id": "p/1", "title": "Council meets", "text": "\n".join(lines)}
    findings = quality.record_findings(record, marker_rules, Config())
    hits, elsewhere = quality.line_hits(findings, len(lines))
    assert hits["test.marker"] == {0, 2, 7}
    assert [lines[i] for i in sorted(hits["test.marker"])] == [line for line in lines if "XYZZY" in line]
    assert elsewhere == []


def test_title_findings_are_not_mapped_to_body_lines(marker_rules):
    record = {"id": "p/2", "title": "XYZZY headline", "text": "First line.\nSecond XYZZY line."}
    findings = quality.record_findings(record, marker_rules, Config())
    hits, elsewhere = quality.line_hits(findings, 2)
    assert hits["test.marker"] == {1}
    assert [(f.field, f.line) for f in elsewhere] == [("title", 1)]


def test_empty_title_is_not_passed_as_a_headline(marker_rules):
    # With no title the first body line stays a body line (field "text", line 1).
    record = {"id": "p/3", "title": "", "text": "XYZZY at the top\nThe story."}
    findings = quality.record_findings(record, marker_rules, Config())
    assert [(f.field, f.line) for f in findings] == [("text", 1)]


def test_hard_wrapped_lines_keep_their_own_line_numbers(marker_rules):
    # The second line continues the first (no closing mark, lower case): one block, two lines.
    text = "A sentence that runs on\nand ends with XYZZY here.\nNext XYZZY"
    findings = quality.record_findings({"id": "p/4", "title": "", "text": text}, marker_rules, Config())
    hits, _ = quality.line_hits(findings, 3)
    assert hits["test.marker"] == {1, 2}


def test_a_finding_spanning_lines_covers_each_of_them():
    assert list(quality.text_lines(finding(2, 4, end_column=9))) == [1, 2, 3]
    # Ending at column 1 of a line does not cover that line.
    assert list(quality.text_lines(finding(2, 3, end_column=1))) == [1]
    assert list(quality.text_lines(finding(5, 5))) == [4]


def test_line_hits_ignores_lines_past_the_labels():
    hits, _ = quality.line_hits([finding(3, 3), finding(9, 9)], 4)
    assert hits["test.marker"] == {2}


def test_tally_counts_labels_per_rule_and_leaves_comments_out_of_furniture(marker_rules):
    text = "\n".join(["Menu XYZZY", "Story text XYZZY.", "", "Great post XYZZY", "Footer PLUGH", "More story."])
    record = {
        "id": "d/1",
        "source": "dragnet",
        "extractor": "trafilatura",
        "title": "",
        "text": text,
        "labels": ["boilerplate", "content", None, "boilerplate", "boilerplate", "content"],
        "comment_lines": [3],
    }
    findings = quality.record_findings(record, marker_rules, Config())
    part, per_rule, examples = quality.PartTally(), {}, {"test.marker": [], "test.quiet": []}
    quality.tally_record(record, findings, part, per_rule, examples, show=5)
    assert per_rule["test.marker"] == {"boilerplate": 2, "content": 1, "furniture": 1}
    assert per_rule["test.quiet"] == {"boilerplate": 1, "furniture": 1}
    summary = part.summary()
    # Warnings flag lines 1 and 4 (boilerplate) and 2 (content); the info finding on line 5 is not "flagged".
    assert summary["boilerplate_lines"] == 3 and summary["boilerplate_flagged"] == 2
    assert summary["content_lines"] == 2 and summary["content_flagged"] == 1
    assert summary["recall_with_info"] == 1.0
    # Line 4 is a reader comment: furniture is lines 1 and 5, of which line 1 is flagged.
    assert (part.furniture_lines, part.furniture_flagged) == (2, 1)
    assert examples["test.marker"] == ["d/1 (trafilatura) line 2: 'Story text XYZZY.'"]


def test_catches_needs_an_accepted_pack_on_a_defect_line_and_not_a_host_finding():
    f = Finding("doc.txt", 5, 1, 5, 9, "scraping.nav-line", Severity.WARNING, "m", match="Autos")
    info = Finding("doc.txt", 7, 1, 7, 9, "attribution.relay", Severity.INFO, "m", match="said")
    assert quality.catches([f], {5}, {"scraping"}).rules == {"scraping.nav-line"}
    assert quality.catches([f], {5}, {"scraping"}).serious
    assert not quality.catches([f], {3}, {"scraping"}).rules
    assert not quality.catches([f], {5}, {"repetition"}).rules
    assert not quality.catches([f], {5}, {"scraping"}, known={("scraping.nav-line", "Autos")}).rules
    caught = quality.catches([info], {7}, {"attribution"})
    assert caught.rules == {"attribution.relay"} and not caught.serious


def test_quality_skips_cleanly_without_the_corpus(tmp_path, capsys):
    assert quality.main(["--corpus", str(tmp_path / "absent"), "--json", str(tmp_path / "q.json")]) == 0
    assert "corpus not found" in capsys.readouterr().out
    assert not (tmp_path / "q.json").exists()


def test_write_measured_refuses_a_partial_run(tmp_path):
    (tmp_path / "corpus").mkdir()
    assert quality.main(["--corpus", str(tmp_path / "corpus"), "--limit", "5", "--write-measured"]) == 2
    assert quality.main(["--corpus", str(tmp_path / "corpus"), "--only", "gold", "--write-measured"]) == 2


# --- the held-out injector ------------------------------------------------------------------------


def docs(per_injector=3, seed=5):
    return list(inject_unseen.injected_documents(None, per_injector=per_injector, seed=seed))


def test_unseen_injection_is_deterministic_and_covers_every_type():
    first, again = docs(), docs()
    assert first == again
    assert docs(seed=6) != first
    assert {d.label for d in first} == set(inject_unseen.INJECTORS)


@pytest.mark.parametrize("name", sorted(inject_unseen.INJECTORS))
def test_each_injector_puts_its_defect_on_the_lines_it_names(name):
    pack, accept, inject = inject_unseen.INJECTORS[name]
    assert pack in accept
    for n in range(6):
        headline, paragraphs = inject_unseen.FALLBACK[n % 2]
        new_headline, new_paragraphs, blocks = inject(random.Random(n), headline, list(paragraphs))
        text = inject_unseen.render(new_headline, new_paragraphs)
        host = inject_unseen.render(headline, paragraphs)
        lines = text.split("\n")
        assert blocks and all(0 <= b <= len(new_paragraphs) for b in blocks)
        named = [lines[2 * b] for b in blocks]
        assert all(line.strip() for line in named)  # a block's line is never a blank separator
        assert text != host
        # At least one named line is new, or the same text now stands twice (a copy).
        assert any(line not in host.split("\n") or lines.count(line) > 1 for line in named), (name, named)


def test_render_puts_block_i_on_line_2i_plus_1():
    text = inject_unseen.render("Headline", ["One.", "Two."])
    assert text.split("\n")[0] == "Headline" and text.split("\n")[2] == "One." and text.split("\n")[4] == "Two."


def test_host_of_keeps_article_shaped_texts_only():
    body = ["This is a sentence of the article that is long enough to count as one here."] * 8
    assert inject_unseen.host_of("\n\n".join(["A short headline here", *body])) == ("A short headline here", body)
    assert inject_unseen.host_of("\n\n".join(["A headline that ends like a sentence.", *body])) is None
    assert inject_unseen.host_of("\n\n".join(["Headline", *body])) is None  # too short to be a headline
    assert inject_unseen.host_of("\n\n".join(["A short headline here", *body[:3]])) is None
    assert inject_unseen.host_of("\n\n".join(["A short headline here", *(["Menu item"] * 8)])) is None


def test_unseen_phrasings_are_apart_from_rule_examples_and_the_dev_injector():
    """Held out means held out: none of its phrasings is in a rule's examples or cases or in bench/inject.py."""
    seen = [open(os.path.join(ROOT, "bench", "inject.py"), encoding="utf-8").read()]
    rules, _ = load_rules([BUILTIN_RULES])
    for rule in rules:
        seen.extend(rule.examples.fail)
        seen.extend(rule.examples.pass_)
    cases = os.path.join(ROOT, "rules", "cases")
    if os.path.isdir(cases):
        for name in sorted(os.listdir(cases)):
            with open(os.path.join(cases, name), encoding="utf-8") as handle:
                seen.append(handle.read())
    haystack = "\n".join(seen).casefold()
    shared = [p for p in inject_unseen.PHRASINGS if len(p) > 3 and p.casefold() in haystack]
    assert not shared, (
        f"held-out phrasings used in rule examples or bench/inject.py (write new ones there or here): {shared}"
    )


# --- explain: the Measured section ---------------------------------------------------------------

MEASURED = {
    "date": "2026-12-07",
    "commit": "abc1234",
    "made_by": "python bench/quality.py --write-measured",
    "sets": {
        "pipeline-dev": "4491 extractor outputs",
        "pipeline-gold": "2123 clean texts",
        "bbc-dev": "911 BBC articles",
        "inject-unseen": "780 held-out defects",
    },
    "rules": {
        "scraping.nav-line": {
            "severity": "warning",
            "pipeline_boilerplate_lines": 1500,
            "pipeline_content_lines": 12,
            "pipeline_precision": 0.9921,
            "pipeline_recall": 0.0061,
            "clean_per_1000": {"pipeline-gold": 2.4, "bbc-dev": 0.0},
            "heldout": {"pack": "scraping", "caught": 18, "pack_defects": 270, "pack_recall": 0.45},
        },
        "repetition.near-duplicate-article": {
            "severity": "warning",
            "pipeline_boilerplate_lines": 0,
            "pipeline_content_lines": 0,
            "pipeline_precision": None,
            "pipeline_recall": 0.0,
            "clean_per_1000": {"pipeline-gold": 2.4, "bbc-dev": 95.5},
            "bbc_corpus": {"findings": 87, "on_exact_duplicates": 75},
        },
    },
}


@pytest.fixture
def builtin():
    rules, _ = load_rules([BUILTIN_RULES])
    return {r.id: r for r in rules}


def test_explain_shows_measured_figures_for_a_rule_that_has_them(tmp_path, monkeypatch, builtin):
    path = tmp_path / "measured.json"
    path.write_text(json.dumps(MEASURED), encoding="utf-8")
    monkeypatch.setattr(explain_module, "MEASURED_PATH", str(path))
    text = explain_module.explain(builtin["scraping.nav-line"])
    section = text.split("## Measured", 1)[1].split("\n## ", 1)[0]
    assert "2026-12-07" in section and "abc1234" in section
    assert "1,500 of the 1,512 labelled lines" in section and "99%" in section
    assert "2.4 per 1,000 articles of pipeline-gold, 0 per 1,000 articles of bbc-dev" in section
    assert "18 of the 270 scraping defects (7%)" in section and "45%" in section
    assert "4491 extractor outputs" in section
    # It sits before the Speed section, after the examples.
    assert text.index("## Measured") < text.index("## Speed")


def test_explain_shows_a_corpus_rule_with_its_true_duplicates_and_no_precision(tmp_path, monkeypatch, builtin):
    path = tmp_path / "measured.json"
    path.write_text(json.dumps(MEASURED), encoding="utf-8")
    monkeypatch.setattr(explain_module, "MEASURED_PATH", str(path))
    section = explain_module.explain(builtin["repetition.near-duplicate-article"]).split("## Measured", 1)[1]
    assert "not known, it flags no labelled line" in section
    assert "87 findings, 75 of them on articles the set really holds twice" in section
    assert "Held-out" not in section.split("\n## ", 1)[0]


def test_explain_omits_measured_for_a_rule_without_figures(tmp_path, monkeypatch, builtin):
    path = tmp_path / "measured.json"
    path.write_text(json.dumps(MEASURED), encoding="utf-8")
    monkeypatch.setattr(explain_module, "MEASURED_PATH", str(path))
    assert "## Measured" not in explain_module.explain(builtin["scraping.widget-line"])


@pytest.mark.parametrize("content", [None, "{not json", "[]", '{"rules": 3}'])
def test_explain_works_without_a_usable_measured_file(tmp_path, monkeypatch, builtin, content):
    path = tmp_path / "measured.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(explain_module, "MEASURED_PATH", str(path))
    text = explain_module.explain(builtin["scraping.nav-line"])
    assert "## Measured" not in text and "## Speed" in text


def test_measured_figures_are_for_the_built_in_rule_only(tmp_path, monkeypatch):
    # A user's rule that happens to share an id was never measured.
    pack = tmp_path / "rules" / "scraping"
    pack.mkdir(parents=True)
    (pack / "nav-line.yaml").write_text(textwrap.dedent(MARKER_RULE), encoding="utf-8")
    rules, errors = load_rules([str(tmp_path / "rules")])
    assert not errors and rules[0].id == "scraping.nav-line"
    path = tmp_path / "measured.json"
    path.write_text(json.dumps(MEASURED), encoding="utf-8")
    monkeypatch.setattr(explain_module, "MEASURED_PATH", str(path))
    assert "## Measured" not in explain_module.explain(rules[0])


def test_explain_says_when_the_severity_differs_from_the_measured_one(tmp_path, monkeypatch, builtin):
    data = json.loads(json.dumps(MEASURED))
    data["rules"]["scraping.nav-line"]["severity"] = "error"
    path = tmp_path / "measured.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(explain_module, "MEASURED_PATH", str(path))
    assert "severity error (it is warning here)" in explain_module.explain(builtin["scraping.nav-line"])


def test_shipped_measured_file_is_plain_json_with_a_date_and_rules():
    data = explain_module.load_measured()
    if not data:
        pytest.skip("newslint/measured.json not written yet (python bench/quality.py --write-measured)")
    assert data["date"] and isinstance(data["rules"], dict)
    for figures in data["rules"].values():
        assert figures["severity"] in ("info", "warning", "error")
        assert set(figures["clean_per_1000"]) == {"pipeline-gold", "bbc-dev"}


# --- real lines, one at a time --------------------------------------------------------------------


def _real_lines_corpus(tmp_path):
    """A corpus of two BBC-like articles and one html-text record with every kind of line."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paragraphs = "\n".join(f"Paragraph {i} of the story tells what happened next in the town." for i in range(6))
    with gzip.open(corpus / "bbc-dev.jsonl.gz", "wt", encoding="utf-8") as handle:
        for title in ("Harbour wall approved", "Rail fares rise"):
            handle.write(json.dumps({"title": title, "text": paragraphs}) + "\n")
    record = {
        "extractor": "html-text",
        "text": "Home | Sport | Weather\nA comment from a reader here\nThe mayor said the wall would be built.\nx\n"
        + " ".join(["word"] * 40),
        "labels": ["boilerplate", "boilerplate", "content", "boilerplate", "boilerplate"],
        "comments": [1],
    }
    other = dict(record, extractor="trafilatura", text="Only | In | Trafilatura", labels=["boilerplate"])
    with gzip.open(corpus / "pipeline-dev.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n" + json.dumps(other) + "\n")
    return str(corpus)


def test_real_lines_take_html_text_lines_of_the_label_and_length_without_comments(tmp_path):
    corpus = _real_lines_corpus(tmp_path)
    assert real_lines.labelled_lines(corpus, "boilerplate") == ["Home | Sport | Weather"]
    assert real_lines.labelled_lines(corpus, "content") == ["The mayor said the wall would be built."]


def test_real_lines_stand_alone_on_the_line_they_name_and_are_deterministic(tmp_path):
    corpus = _real_lines_corpus(tmp_path)
    first = list(real_lines.injected_documents(corpus, "boilerplate"))
    assert first == list(real_lines.injected_documents(corpus, "boilerplate"))
    (doc,) = first
    lines = doc.text.split("\n")
    (at,) = doc.lines
    assert lines[at - 1] == "Home | Sport | Weather"
    assert lines[at - 2] == "" and lines[at] == ""  # a block of its own
    assert at > 5  # after the headline and the first two paragraphs
