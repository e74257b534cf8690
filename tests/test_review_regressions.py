"""Regression tests for problems found in review: each one crashed, hung or misreported."""

from __future__ import annotations

import os

import pytest

from kindutil import make_rule, run
from newslint import rulecache
from newslint.config import ConfigError, find_config
from newslint.kinds import base
from newslint.readers import read_bytes
from newslint.rule import RuleError, build_rule
from test_cli import run as cli
from test_cli import write

CATASTROPHIC = "(a|a)+b"


def test_a_catastrophic_unless_regex_times_out_instead_of_hanging(monkeypatch):
    monkeypatch.setattr(base, "REGEX_TIMEOUT", 0.2)
    rule = make_rule("pattern", patterns=["x"], unless=[CATASTROPHIC])
    findings = run(rule, "Head\n\n" + "a" * 40 + "x")
    assert [f.rule for f in findings] == ["newslint.rule-timeout"]


@pytest.mark.parametrize("path, data", [("deep.jsonl", "[" * 100_000 + "\n"), ("deep.json", "[" * 100_000)])
def test_deeply_nested_json_is_a_read_problem(path, data):
    (problem,) = list(read_bytes(path, data.encode()))
    assert "nested too deeply" in problem.message


def test_a_format_spec_in_a_message_is_a_load_error():
    with pytest.raises(RuleError, match=r"message.*bad template"):
        make_rule("pattern", patterns=["x"]).with_overrides({"message": "x {match:d}"}, "<test>")


@pytest.mark.parametrize("data", [b"\x00\x01PNG\x00" * 50, bytes(range(128, 256)) * 40])
def test_a_binary_file_is_one_input_error(data):
    items = list(read_bytes("image.txt", data))
    assert len(items) == 1 and "binary" in items[0].message


def test_broken_toml_with_a_newslint_table_is_reported(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.newslint]\nselect = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        find_config(str(tmp_path))


def test_broken_toml_without_newslint_is_someone_elses(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.other\n")
    found = find_config(str(tmp_path))
    assert found is None or not found.startswith(str(tmp_path))


def test_cli_missing_path_and_unwritable_output_exit_2(tmp_path):
    write(tmp_path / "a.txt", "Council votes\n\nThe council voted.\n")
    missing = cli(tmp_path, "check", "--isolated", "nope.txt")
    assert missing.returncode == 2 and "nope.txt" in missing.stderr
    unwritable = cli(tmp_path, "check", "--isolated", "a.txt", "-o", str(tmp_path / "no" / "dir" / "out.json"))
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr


def test_stdin_filename_gets_its_per_file_ignores(tmp_path):
    write(tmp_path / ".newslint.yaml", "select: [scraping.nav-line]\nper-file-ignores:\n  'drafts/*': [scraping]\n")
    text = "Skip to content\n\nCouncil votes\n\nThe council voted.\n"
    ignored = cli(tmp_path, "check", "-", "--stdin-filename", "drafts/a.txt", stdin=text)
    checked = cli(tmp_path, "check", "-", "--stdin-filename", "news/a.txt", stdin=text)
    assert ignored.returncode == 0 and ignored.stdout == ""
    assert checked.returncode == 1 and "news/a.txt:1:1" in checked.stdout


def test_gates_do_not_excuse_a_crashed_rule(tmp_path, monkeypatch):
    write(tmp_path / "rules" / "house" / "boom.yaml", "kind: python\nmessage: m\nsummary: s\nfunction: custom_rule_funcs:broken\n")
    write(tmp_path / ".newslint.yaml", "builtin-rules: false\nrule-dirs: [rules]\ngates:\n  house: {max-rate: 1.0}\n")
    write(tmp_path / "a.txt", "Council votes\n\nThe council voted.\n")
    # The rule's function lives in tests/custom_rule_funcs.py: put tests/ on the child's path.
    monkeypatch.setenv("PYTHONPATH", os.path.dirname(__file__))
    result = cli(tmp_path, "check", "--allow-python-rules", "a.txt")
    # 2: a crashed rule means part of the data was not checked (issue 15), not "findings" (1).
    assert result.returncode == 2 and "newslint.rule-crash" in result.stdout


def test_rule_cache_key_follows_newslint_source(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    write(package / "kinds" / "x.py", "A = 1\n")
    monkeypatch.setattr(rulecache, "PACKAGE", str(package))
    before = rulecache.rule_set_key([])
    write(package / "kinds" / "x.py", "A = 22\n")
    assert rulecache.rule_set_key([]) != before


def test_deeply_nested_html_reads_in_linear_time():
    # 50,000 nested <div>s took minutes when every tag walked the whole open-element stack;
    # an operation count, not a timer: the block must come out with its exact position.
    depth = 50_000
    source = "<html><body>" + "<div>" * depth + "<p>Skip to content</p>" + "</div>" * depth + "</body></html>"
    (document,) = list(read_bytes("deep.html", source.encode()))
    (block,) = document.blocks
    assert block.text == "Skip to content"
    assert document.position(None, block.source_start(0)) == (1, source.index("Skip") + 1)


def test_a_parameter_spelled_both_ways_is_an_error():
    data = {"kind": "pattern", "message": "m", "summary": "s", "patterns": ["x"], "ignore-case": True, "ignore_case": False}
    with pytest.raises(RuleError, match="given twice"):
        build_rule("test.rule", data, "<test>")


def test_a_config_key_given_twice_is_an_error(tmp_path):
    from newslint.config import load_config

    (tmp_path / ".newslint.yaml").write_text("select: [scraping]\nselect: [footnotes]\n")
    with pytest.raises(ConfigError, match="given twice"):
        load_config(str(tmp_path / ".newslint.yaml"))
