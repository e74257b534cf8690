"""The benchmark generator is deterministic, realistic in shape, and its defects are found."""

from __future__ import annotations

import json
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "bench"))
generate = pytest.importorskip("generate")


def test_same_seed_same_articles_other_seed_other_articles():
    first = [a.text() for a in generate.Generator(7).articles(30)]
    again = [a.text() for a in generate.Generator(7).articles(30)]
    other = [a.text() for a in generate.Generator(8).articles(30)]
    assert first == again
    assert first != other


def test_articles_have_headline_paragraphs_and_quotes():
    articles = list(generate.Generator(1).articles(200))
    assert all(5 <= len(a.paragraphs) for a in articles)
    assert all(a.title and "\n" not in a.title for a in articles)
    assert sum("said" in a.text() for a in articles) > 150
    assert any("[1]" in a.paragraphs[0] for a in articles)


def test_defect_counts_follow_the_rates():
    generator = generate.Generator(3)
    n = 2000
    list(generator.articles(n))
    for name in ("nav-line", "relay-attribution", "kyiv-kiev", "unreferenced-footnote"):
        expected = generate.DEFECT_RATES[name] * n
        assert 0.6 * expected <= generator.counts[name] <= 1.4 * expected, name


def test_jsonl_and_txt_writers(tmp_path):
    count = generate.write_jsonl(str(tmp_path / "a.jsonl"), generate.Generator(1).articles(12))
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert count == len(lines) == 12
    assert set(json.loads(lines[0])) == {"id", "title", "body"}
    assert generate.write_txt(str(tmp_path / "txt"), generate.Generator(1).articles(150)) == 150
    assert sorted(os.listdir(tmp_path / "txt")) == ["0000", "0001"]


def test_byte_budget_stops_generation():
    articles = list(generate.Generator(1).articles(max_bytes=50_000))
    size = sum(len(a.text().encode()) for a in articles)
    assert 50_000 <= size < 50_000 + max(len(a.text().encode()) for a in articles) + 1


def test_newslint_finds_the_injected_nav_lines_and_corpus_duplicates(tmp_path):
    from newslint.config import Config
    from newslint.ruleset import BUILTIN_RULES, load_rules
    from newslint.runner import all_findings, check_files

    generator = generate.Generator(5)
    path = str(tmp_path / "news.jsonl")
    generate.write_jsonl(path, generator.articles(300))
    rules = [
        r for r in load_rules([BUILTIN_RULES])[0] if r.id in ("scraping.nav-line", "repetition.near-duplicate-article")
    ]
    findings = all_findings(check_files([path], rules, Config(root=str(tmp_path)), jobs=1), rules)
    near = {f.record for f in findings if f.rule == "repetition.near-duplicate-article"}
    injected = {
        f"a{i:07d}" for i, a in enumerate(generate.Generator(5).articles(300), 1) if "near-duplicate" in a.defects
    }
    assert injected and injected <= near
    nav = sum(1 for f in findings if f.rule == "scraping.nav-line")
    assert nav >= generator.counts["nav-line"] * 0.5


def test_markdown_and_html_copies_hold_the_same_text(tmp_path):
    """The format benchmark compares like with like: each copy reads as the same block texts
    (a "[1] ..." note line is a footnote in text but a paragraph in Markdown and HTML)."""
    run = pytest.importorskip("run")
    from newslint.readers import read_file

    txt = tmp_path / "txt"
    generate.write_txt(str(txt), generate.Generator(3).articles(20))
    copies = {ext: run.as_format(str(txt), str(tmp_path / ext), ext) for ext in ("md", "html")}
    for name in run.files_under(str(txt)):
        (plain,) = read_file(name)
        expected = [b.text for b in plain.blocks]
        for ext, root in copies.items():
            other = os.path.join(root, os.path.relpath(name, str(txt)))[: -len(".txt")] + "." + ext
            (document,) = read_file(other)
            assert [b.text for b in document.blocks] == expected, (ext, name)


def test_compare_reads_callgrinds_count_and_states_the_change():
    compare = pytest.importorskip("compare")
    stderr = "==61== Events    : Ir\n==61== Collected : 2013167286\n==61==\n==61== I   refs:      2,013,167,286\n"
    assert compare.instructions_from(stderr) == 2013167286
    assert compare.instructions_from("valgrind: command not found") is None
    assert compare.change(200, 150) == "-25.0%" and compare.change(200, 202) == "+1.0%"
    assert compare.change(0, 5) == "n/a"
