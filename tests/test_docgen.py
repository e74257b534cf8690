"""The generated reference docs (newslint/docgen.py, `newslint docs`): fresh, complete, deterministic."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys

import pytest

from newslint import docgen
from newslint.cli import main
from newslint.explain import explain_kind, load_measured, precision
from newslint.kinds import KINDS
from newslint.rule import build_rule

DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs")


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return docgen.render()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> str:
    out = str(tmp_path_factory.mktemp("docs"))
    docgen.write(out)
    return out


@pytest.mark.parametrize("name", docgen.GENERATED)
def test_the_committed_docs_are_what_newslint_docs_generates(regenerated, name):
    fresh = open(os.path.join(regenerated, name), encoding="utf-8", newline="").read()
    path = os.path.join(DOCS, name)
    committed = open(path, encoding="utf-8", newline="").read() if os.path.exists(path) else ""
    if committed != fresh:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(True),
                    fresh.splitlines(True),
                    f"docs/{name} (committed)",
                    f"docs/{name} (generated)",
                )
            )[:40]
        )
        pytest.fail(
            f"docs/{name} is out of date: a rule, a kind or newslint/measured.json changed. "
            f"Regenerate the docs with `{docgen.REGENERATE}` at the repository top and commit them.\n{diff}"
        )


def test_docs_check_says_which_file_is_missing_or_stale(tmp_path, capsys):
    out = str(tmp_path / "docs")
    assert main(["docs", "--check", out]) == 1
    assert "rules.md is out of date; run `newslint docs" in capsys.readouterr().err
    assert main(["docs", out]) == 0
    assert sorted(os.listdir(out)) == sorted(docgen.GENERATED)
    assert main(["docs", "--check", out]) == 0
    with open(os.path.join(out, "kinds.md"), "a", encoding="utf-8") as handle:
        handle.write("edited by hand\n")
    assert main(["docs", "--check", out]) == 1
    err = capsys.readouterr().err
    assert "kinds.md" in err and "rules.md" not in err


def test_the_output_is_the_same_in_another_process_and_directory(tmp_path, generated):
    # Another hash seed, working directory and config: nothing of them may show in the docs.
    (tmp_path / ".newslint.yaml").write_text("select: [scraping]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "newslint", "docs", "out"], cwd=tmp_path, env=env, check=True, capture_output=True
    )
    for name, content in generated.items():
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == content, name


def test_rules_md_documents_every_rule_with_its_fix_and_examples(generated):
    text = generated[docgen.RULES_MD]
    rules = docgen.builtin_rules()
    for rule in rules:
        section = text.split(f"\n### {rule.id}\n", 1)[1].split("\n### ", 1)[0]
        assert "#### How to fix\n\n" + rule.fix in section
        assert "#### Why is this bad?\n\n" + rule.why in section
        assert f"- severity: {rule.severity.label}" in section
        assert all(example in section for example in rule.examples.fail + rule.examples.pass_)
        assert f"(kinds.md#kind-{rule.kind_name})" in section


def test_rules_md_shows_measured_precision_where_known(generated):
    text = generated[docgen.RULES_MD]
    figures = load_measured()["rules"]["scraping.nav-line"]
    b, total = precision(figures)
    assert f"| [scraping.nav-line](#scrapingnav-line) | warning | {100 * b / total:.0f}% |" in text
    section = text.split("\n### scraping.nav-line\n", 1)[1].split("\n### ", 1)[0]
    assert "#### Measured" in section and f"{b:,} of the {total:,} labelled lines" in section


def test_rules_md_without_measured_figures_has_no_measured_section():
    text = docgen.render(measured={})[docgen.RULES_MD]
    assert "Measured" not in text
    assert "| [scraping.nav-line](#scrapingnav-line) | warning | - |" in text


def test_rules_md_lists_the_parameters_a_rule_sets_shortened_and_escaped():
    rule = build_rule(
        "house.pipes",
        {
            "kind": "pattern",
            "message": "m",
            "summary": "s",
            "why": "w",
            "fix": "f",
            "patterns": ["a|b"] + [f"word{i}" for i in range(60)],
        },
        "house/pipes.yaml",
    )
    section = "\n".join(docgen.rule_markdown(rule, {}))
    row = next(line for line in section.splitlines() if line.startswith("| `patterns` |"))
    assert "a\\|b" in row and "… " in row and "more]" in row
    assert "ignore-case" not in section  # only what the rule sets; the kind's defaults are in kinds.md


def test_kinds_md_holds_what_newslint_kinds_prints_for_every_kind(generated):
    text = generated[docgen.KINDS_MD]
    for name in KINDS:
        assert explain_kind(name).rstrip("\n") in text
    for key in docgen.COMMON_KEY_DOCS:
        assert f"| `{key}` |" in text


def test_a_rule_key_without_a_description_stops_the_generator(monkeypatch):
    monkeypatch.delitem(docgen.COMMON_KEY_DOCS, "fix")
    with pytest.raises(docgen.DocError, match="fix"):
        docgen.kinds_markdown([])


def test_anchors_are_the_ones_github_makes():
    assert docgen.anchor("scraping.nav-line") == "scrapingnav-line"
    assert docgen.anchor("kind: `corpus-near-duplicate`") == "kind-corpus-near-duplicate"
