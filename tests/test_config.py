"""Configuration: discovery (nearest wins), validation with clear errors, selection, file globs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newslint.config import ConfigError, find_config, load_config, parse_config
from newslint.finding import Severity
from newslint.ruleset import Selection
from newslint.runner import build_rules, collect_files, rules_for

RULE = "kind: line\nmessage: m\nsummary: s\nphrases: [{phrase}]\n"


def write(path: Path, text: str) -> Path:
    """Write a file, creating its directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_rules(root: Path, *rule_ids: str) -> Path:
    """A rule dir with one simple line rule per id."""
    for rule_id in rule_ids:
        pack, name = rule_id.split(".")
        write(root / pack / f"{name}.yaml", RULE.format(phrase=name))
    return root


def config_error(data: object, path: str = "/proj/.newslint.yaml") -> str:
    """The text of the ConfigError parse_config raises for `data`."""
    with pytest.raises(ConfigError) as info:
        parse_config(data, path)
    text = str(info.value)
    assert text.startswith(path)
    return text


# --- discovery ------------------------------------------------------------------------------


def test_pyproject_table_is_found(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.newslint]\nselect = ["scraping"]\nfail-on = "error"\n')
    path = find_config(str(tmp_path))
    assert path == str(tmp_path / "pyproject.toml")
    config = load_config(path)
    assert config.selection.select == ("scraping",)
    assert config.fail_on is Severity.ERROR
    assert config.root == str(tmp_path)


def test_pyproject_without_table_is_skipped(tmp_path):
    write(tmp_path / "newslint.toml", 'ignore = ["footnotes"]\n')
    write(tmp_path / "sub" / "pyproject.toml", "[tool.black]\nline-length = 99\n")
    assert find_config(str(tmp_path / "sub")) == str(tmp_path / "newslint.toml")
    assert load_config(str(tmp_path / "newslint.toml")).selection.ignore == ("footnotes",)


def test_nearest_config_wins_from_a_subdirectory(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.newslint]\nignore = ["scraping"]\n')
    write(tmp_path / "articles" / ".newslint.yaml", "ignore: [footnotes]\n")
    deep = tmp_path / "articles" / "2024" / "june"
    deep.mkdir(parents=True)
    assert find_config(str(deep)) == str(tmp_path / "articles" / ".newslint.yaml")
    assert find_config(str(tmp_path)) == str(tmp_path / "pyproject.toml")


def test_dedicated_file_wins_over_pyproject_in_the_same_directory(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.newslint]\nignore = ["scraping"]\n')
    write(tmp_path / "newslint.toml", 'ignore = ["footnotes"]\n')
    assert find_config(str(tmp_path)) == str(tmp_path / "newslint.toml")
    write(tmp_path / ".newslint.yaml", "ignore: [repetition]\n")
    assert find_config(str(tmp_path)) == str(tmp_path / ".newslint.yaml")


def test_no_config_anywhere(tmp_path):
    start = tmp_path / "a"
    start.mkdir()
    found = find_config(str(start))
    # Only a config above tmp_path (none on a clean machine) could be found.
    assert found is None or not found.startswith(str(tmp_path))


def test_newslint_toml_and_yaml_read_the_same(tmp_path):
    toml = load_config(
        str(
            write(
                tmp_path / "t" / "newslint.toml",
                'select = ["scraping"]\n[rules."scraping.nav-line"]\nseverity = "error"\n',
            )
        )
    )
    yaml = load_config(
        str(
            write(
                tmp_path / "y" / ".newslint.yaml",
                "select: [scraping]\nrules:\n  scraping.nav-line: {severity: error}\n",
            )
        )
    )
    assert toml.selection == yaml.selection
    assert toml.overrides() == yaml.overrides() == {"scraping.nav-line": {"severity": "error"}}


def test_invalid_toml_names_the_file(tmp_path):
    path = write(tmp_path / "newslint.toml", "select = [\n")
    with pytest.raises(ConfigError) as info:
        load_config(str(path))
    assert str(info.value).startswith(str(path)) and "invalid config file" in str(info.value)


def test_invalid_yaml_names_the_file(tmp_path):
    path = write(tmp_path / ".newslint.yaml", "select: [scraping\n")
    with pytest.raises(ConfigError) as info:
        load_config(str(path))
    assert str(info.value).startswith(str(path)) and "invalid config file" in str(info.value)


# --- validation -----------------------------------------------------------------------------


def test_unknown_key_lists_known_keys():
    text = config_error({"selcet": ["scraping"]})
    assert "unknown key 'selcet'" in text
    for key in ("select", "ignore", "per-file-ignores", "rule-dirs", "gates", "fields"):
        assert f"\n  {key}:" in text


def test_config_that_is_not_a_mapping():
    assert "expected a mapping" in config_error(["select"])


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"select": 3}, "select: expected a list of strings, got 3"),
        ({"ignore": ["a", 1]}, "ignore: expected a list of strings"),
        ({"per-file-ignores": ["x"]}, "per-file-ignores: expected a mapping"),
        ({"per-file-ignores": {"*.md": 3}}, "per-file-ignores.*.md: expected a list of strings"),
        ({"rules": ["a.b"]}, "rules: expected a mapping of rule id -> mapping"),
        ({"rules": {"a.b": "error"}}, "rules.a.b: expected a mapping of settings"),
        ({"per-file-ignores": {1: ["a"]}}, "per-file-ignores: 1 is not a string"),
        ({"gates": {2: {"max-rate": 0.1}}}, "gates: 2 is not a string"),
        ({"fail-on": "fatal"}, "fail-on: unknown severity 'fatal'"),
        ({"builtin-rules": "no"}, "builtin-rules: expected true or false"),
        ({"report-unused-suppressions": 1}, "report-unused-suppressions: expected true or false"),
        ({"files": {"a": 1}}, "files: expected a list of strings"),
        ({"fields": ["title"]}, "fields: expected a mapping"),
        ({"fields": {"headline": "h"}}, "fields: unknown key(s) ['headline']"),
        ({"suppress-field": 3}, "suppress-field: expected a string"),
    ],
)
def test_wrong_types(data, expected):
    assert expected in config_error(data)


def test_a_single_string_is_a_one_item_list():
    assert parse_config({"select": "scraping"}, "c.yaml").selection.select == ("scraping",)


def test_fail_on_and_defaults():
    assert parse_config({}, "c.yaml").fail_on is Severity.WARNING
    assert parse_config({"fail-on": "info"}, "c.yaml").fail_on is Severity.INFO


def test_fields_for_records():
    read = parse_config(
        {"fields": {"title": "headline", "body": ["text", "lede"], "id": "url"}, "suppress-field": "skip"}, "c.yaml"
    ).read
    assert read.title_fields == ("headline",)
    assert read.body_fields == ("text", "lede")
    assert read.id_fields == ("url",)
    assert read.suppress_field == "skip"


@pytest.mark.parametrize(
    "gates, expected",
    [
        ([1], "gates: expected a mapping"),
        ({"scraping": 0.1}, "gates.scraping: expected a mapping with max-findings and/or max-rate"),
        ({"scraping": {}}, "gates.scraping: expected a mapping"),
        ({"scraping": {"max-share": 0.1}}, "gates.scraping: expected a mapping with max-findings"),
        ({"scraping": {"max-rate": 2}}, "gates.scraping.max-rate: expected a share between 0 and 1"),
        ({"scraping": {"max-rate": True}}, "gates.scraping.max-rate"),
        ({"scraping": {"max-findings": -1}}, "gates.scraping.max-findings: expected a whole number >= 0"),
        ({"scraping": {"max-findings": 1.5}}, "gates.scraping.max-findings"),
    ],
)
def test_gates_validation(gates, expected):
    assert expected in config_error({"gates": gates})


def test_gates_parse():
    (gate,) = parse_config({"gates": {"scraping": {"max-rate": 0.1, "max-findings": 4}}}, "c.yaml").gates
    assert (gate.selector, gate.max_rate, gate.max_findings) == ("scraping", 0.1, 4)


# --- rules: rule-dirs, select / ignore / extend-select --------------------------------------


def _config(tmp_path: Path, **settings: object):
    make_rules(tmp_path / "custom", "alpha.one", "alpha.two", "beta.three")
    data = {"builtin-rules": False, "rule-dirs": ["custom"], **{k.replace("_", "-"): v for k, v in settings.items()}}
    return parse_config(data, str(tmp_path / ".newslint.yaml"))


def _ids(config, extra=None) -> list[str]:
    rules, errors = build_rules(config, extra)
    assert errors == []
    return [r.id for r in rules]


def test_rule_dirs_are_relative_to_the_config_file(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = _config(tmp_path)
    assert config.rule_dirs == (str(tmp_path / "custom"),)
    assert _ids(config) == ["alpha.one", "alpha.two", "beta.three"]


def test_select_by_pack_and_id(tmp_path):
    assert _ids(_config(tmp_path, select=["alpha"])) == ["alpha.one", "alpha.two"]
    assert _ids(_config(tmp_path, select=["beta.three", "alpha.one"])) == ["alpha.one", "beta.three"]


def test_ignore_by_pack_and_id(tmp_path):
    assert _ids(_config(tmp_path, ignore=["alpha"])) == ["beta.three"]
    assert _ids(_config(tmp_path, ignore=["alpha.two"])) == ["alpha.one", "beta.three"]


def test_extend_select_adds_to_select(tmp_path):
    assert _ids(_config(tmp_path, select=["beta"], extend_select=["alpha.two"])) == ["alpha.two", "beta.three"]


def test_disabled_rule_runs_only_when_named(tmp_path):
    write(tmp_path / "custom" / "beta" / "off.yaml", RULE.format(phrase="Switched off") + "enabled: false\n")
    assert "beta.off" not in _ids(_config(tmp_path))
    assert "beta.off" not in _ids(_config(tmp_path, select=["beta"]))
    assert "beta.off" in _ids(_config(tmp_path, extend_select=["beta.off"]))


def test_api_selection_replaces_config_select_and_keeps_config_ignore(tmp_path):
    config = _config(tmp_path, select=["alpha"], ignore=["alpha.two"])
    assert _ids(config, Selection(select=("beta",))) == ["beta.three"]
    assert _ids(config, Selection(select=("alpha",))) == ["alpha.one"]
    assert _ids(config, Selection(extend_select=("beta.three",))) == ["alpha.one", "beta.three"]


def test_unknown_selector_is_an_error_naming_the_config(tmp_path):
    config = _config(tmp_path, select=["alpah"], ignore=["beta.four"])
    _, errors = build_rules(config)
    texts = sorted(str(e) for e in errors)
    assert len(texts) == 2
    assert all(t.startswith(str(tmp_path / ".newslint.yaml")) for t in texts)
    assert "'alpah' names no rule or pack" in texts[0]
    assert "'beta.four' names no rule or pack" in texts[1]


def test_unknown_selector_in_per_file_ignores(tmp_path):
    config = _config(tmp_path, per_file_ignores={"drafts/*": ["gamma"]})
    _, errors = build_rules(config)
    assert len(errors) == 1 and "'gamma' names no rule or pack" in str(errors[0])


def test_per_file_ignores(tmp_path):
    config = _config(tmp_path, per_file_ignores={"drafts/**": ["alpha"], "*.md": ["beta.three"]})
    rules, _ = build_rules(config)
    assert [r.id for r in rules_for(str(tmp_path / "drafts" / "x" / "a.txt"), rules, config)] == ["beta.three"]
    assert [r.id for r in rules_for(str(tmp_path / "notes" / "a.md"), rules, config)] == ["alpha.one", "alpha.two"]
    assert [r.id for r in rules_for(str(tmp_path / "a.txt"), rules, config)] == ["alpha.one", "alpha.two", "beta.three"]


# --- files / exclude ------------------------------------------------------------------------


def _tree(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "c.py", "drafts/d.txt", "keep/e.html", "node_modules/f.txt", "keep/old.txt"):
        write(tmp_path / name, "Headline\n\nBody text.\n")


def _found(tmp_path: Path, config, paths=None, **kwargs) -> list[str]:
    found = collect_files([str(p) for p in (paths or [tmp_path])], config, **kwargs)
    return [os.path.relpath(p, tmp_path).replace(os.sep, "/") for p in found]


def test_default_globs_and_default_excludes(tmp_path):
    _tree(tmp_path)
    config = parse_config({}, str(tmp_path / ".newslint.yaml"))
    assert _found(tmp_path, config) == ["a.txt", "b.md", "drafts/d.txt", "keep/e.html", "keep/old.txt"]


def test_files_and_exclude_globs(tmp_path):
    _tree(tmp_path)
    config = parse_config({"files": ["*.txt"], "exclude": ["drafts", "keep/old.*"]}, str(tmp_path / ".newslint.yaml"))
    assert _found(tmp_path, config) == ["a.txt"]


def test_named_files_are_checked_unless_force_exclude(tmp_path):
    _tree(tmp_path)
    config = parse_config({"exclude": ["drafts/**"]}, str(tmp_path / ".newslint.yaml"))
    named = [tmp_path / "drafts" / "d.txt", tmp_path / "a.txt"]
    assert _found(tmp_path, config, named) == ["drafts/d.txt", "a.txt"]
    assert _found(tmp_path, config, named, force_exclude=True) == ["a.txt"]


def test_named_file_with_another_extension_is_checked(tmp_path):
    _tree(tmp_path)
    config = parse_config({}, str(tmp_path / ".newslint.yaml"))
    assert _found(tmp_path, config, [tmp_path / "c.py"]) == ["c.py"]


def test_same_file_twice_is_checked_once(tmp_path):
    _tree(tmp_path)
    config = parse_config({}, str(tmp_path / ".newslint.yaml"))
    assert _found(tmp_path, config, [tmp_path / "a.txt", tmp_path / "a.txt"]) == ["a.txt"]


def test_exclude_fast_path_for_plain_names_agrees_with_glob_matching():
    """Names without wildcards are looked up in a set; the answer is what the globs give."""
    import fnmatch
    import itertools

    from newslint.config import DEFAULT_EXCLUDE, Config, _glob_match

    def by_globs(rel, patterns):
        parts = rel.split("/")
        return any(_glob_match(rel, p) or any(fnmatch.fnmatch(part, p) for part in parts) for p in patterns)

    names = [".git", "venv", "build", "x", "a.b", "drafts", "src", "y.txt", "builds"]
    for pattern in [".git", "a.b", "drafts/", "x*", "src/y.txt", "build"]:
        config = Config(root=".", exclude=(pattern,))
        for depth in (1, 2, 3):
            for parts in itertools.product(names, repeat=depth):
                rel = "/".join(parts)
                assert config.is_excluded(rel) == by_globs(rel, DEFAULT_EXCLUDE + (pattern,)), (rel, pattern)


_segments = st.lists(st.sampled_from(["a", "b.txt", "..", ".", "drafts", "x y", ""]), max_size=5)


@example(root="/", parts=[], absolute=True)  # the root itself, when it is /
@example(root="/", parts=["", "a"], absolute=True)  # "//a": abspath keeps the two slashes
@given(
    root=st.sampled_from([".", "a", "a/b.txt", "..", "/", "/tmp", "/tmp/a/"]), parts=_segments, absolute=st.booleans()
)
def test_relative_is_relpath_from_the_root(root, parts, absolute):
    """The quick cut for paths under the root gives what os.path.relpath gives."""
    from newslint.config import Config

    path = ("/" if absolute else "") + "/".join(parts) or "."
    expected = os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
    assert Config(root=root).relative(path) == expected


def test_broken_toml_with_a_newslint_table_is_reported(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.newslint]\nselect = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        find_config(str(tmp_path))


def test_broken_toml_without_newslint_is_someone_elses(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.other\n")
    found = find_config(str(tmp_path))
    assert found is None or not found.startswith(str(tmp_path))


def test_a_config_key_given_twice_is_an_error(tmp_path):
    (tmp_path / ".newslint.yaml").write_text("select: [scraping]\nselect: [footnotes]\n")
    with pytest.raises(ConfigError, match="given twice"):
        load_config(str(tmp_path / ".newslint.yaml"))
