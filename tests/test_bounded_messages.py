"""Error messages never build unbounded strings (issue 15, case 11): a few hundred bytes of
nested YAML aliases stand for billions of items, and the old messages wrote them all out
before cutting them to 60 characters."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="resource limits")


def bomb(levels: int = 9) -> str:
    """A YAML flow list of `levels` nested aliases: 9**levels strings when written out."""
    lines = ['[&a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f" &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return ",".join(lines) + "]"


def limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def run(cwd, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
    )


@pytest.mark.parametrize(
    "rule",
    [
        "kind: line\nmessage: m\nsummary: s\nphrases: {bomb}\n",  # a list of strings holding lists
        "kind: line\nmessage: m\nsummary: s\nseverity: {bomb}\nphrases: [Menu]\n",
        "kind: {bomb}\nmessage: m\nsummary: s\n",
        "kind: line\nmessage: m\nsummary: s\nscope: {bomb}\nphrases: [Menu]\n",
    ],
)
def test_a_rule_file_of_nested_aliases_is_a_short_error(tmp_path, rule):
    text = rule.replace("{bomb}", bomb())
    assert len(text.encode()) < 1000
    (tmp_path / "rules" / "house").mkdir(parents=True)
    (tmp_path / "rules" / "house" / "bomb.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Council votes\n\nThe council voted.\n", encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("builtin-rules: false\nrule-dirs: [rules]\n", encoding="utf-8")
    result = run(tmp_path, "check", "a.txt")
    assert result.returncode == 2 and "bomb.yaml" in result.stderr, result.stderr[-500:]
    assert len(result.stderr) < 1000 and "MemoryError" not in result.stderr


@pytest.mark.parametrize("key", ["select", "exclude", "fail-on", "per-file-ignores", "template-syntax"])
def test_a_config_of_nested_aliases_is_a_short_error(tmp_path, key):
    value = bomb() if key != "per-file-ignores" else "{'a/*': " + bomb() + "}"
    (tmp_path / ".newslint.yaml").write_text(f"{key}: {value}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Council votes\n\nThe council voted.\n", encoding="utf-8")
    result = run(tmp_path, "check", "a.txt")
    assert result.returncode == 2 and ".newslint.yaml" in result.stderr, result.stderr[-500:]
    assert len(result.stderr) < 1000


def test_a_config_override_of_nested_aliases_is_a_short_error(tmp_path):
    (tmp_path / ".newslint.yaml").write_text(
        "rules:\n  scraping.nav-line:\n    phrases: " + bomb() + "\n", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text("Council votes\n\nThe council voted.\n", encoding="utf-8")
    result = run(tmp_path, "check", "a.txt")
    assert result.returncode == 2 and "scraping.nav-line" in result.stderr, result.stderr[-500:]
    assert len(result.stderr) < 1000


def test_brief_writes_out_only_a_little_of_any_value():
    from newslint.params import brief

    # 9**12 strings if written out. In a child with 1 GB of address space: a brief() that
    # wrote the value out would fail there (out of memory), not hang or swamp this machine.
    code = f"import yaml; from newslint.params import brief; print(len(brief(yaml.safe_load({bomb(12)!r}))))"
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, preexec_fn=limit_memory
    )
    assert child.returncode == 0 and int(child.stdout) <= 60, child.stderr[-500:]
    assert "..." in brief("x" * 10_000) and len(brief("x" * 10_000)) <= 60
    assert brief(10**5000).startswith("<int")  # longer than repr() will write
