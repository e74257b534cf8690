"""max-document-bytes (issue 15, case 16): a document too big to check is an input error
naming the file (and record) and the limit, never read whole, and the rest of the run goes on."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from newslint import runner
from newslint.config import Config, ConfigError, load_config, parse_size
from newslint.readers import MAX_DOCUMENT_BYTES, ReadOptions, read_file
from newslint.readers.records import LongLine, bounded_lines, split_jsonl
from newslint.ruleset import BUILTIN_RULES, load_rules

RULES, _ = load_rules([BUILTIN_RULES])
NAV = [r for r in RULES if r.id == "scraping.nav-line"]
ARTICLE = "Council votes\n\nSkip to content\n\nThe council voted on Tuesday to close the bridge.\n"


def limited(limit: int) -> Config:
    return Config(read=ReadOptions(max_document_bytes=limit))


def findings(paths, config: Config, rules=NAV, jobs: int = 1):
    return runner.all_findings(runner.check_files([str(p) for p in paths], rules, config, jobs=jobs), rules)


def too_large(found):
    return [f for f in found if f.rule == "newslint.input-error" and "max-document-bytes" in f.message]


def test_the_default_limit_is_16_mib_and_a_bigger_file_is_never_read(tmp_path):
    assert ReadOptions().max_document_bytes == MAX_DOCUMENT_BYTES == 16 * 1024 * 1024
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:  # sparse: 17 MiB of NUL bytes that nobody should read
        handle.truncate(17 * 1024 * 1024)
    (problem,) = list(read_file(str(big)))
    assert problem.rule == "newslint.input-error"
    assert "17,825,792 bytes" in problem.message and "max-document-bytes (16,777,216)" in problem.message


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.html", "a.mdx"])
def test_a_file_over_the_limit_is_an_input_error_and_the_others_are_checked(tmp_path, name):
    big, small = tmp_path / name, tmp_path / "small.txt"
    big.write_text(ARTICLE + "More words. " * 20, encoding="utf-8")
    small.write_text(ARTICLE, encoding="utf-8")
    found = findings([big, small], limited(200))
    (error,) = too_large(found)
    assert error.path == str(big) and error.record is None and error.line == 1
    assert f"the file is {big.stat().st_size:,} bytes, more than max-document-bytes (200)" in error.message
    assert [f.path for f in found if f.rule == "scraping.nav-line"] == [str(small)]
    assert not too_large(findings([big], limited(0)))  # 0: no limit


def test_stdin_and_strings_have_the_limit_too():
    from newslint import lint_text

    found = lint_text(ARTICLE, config=limited(20))
    assert [f.rule for f in found] == ["newslint.input-error"] and "max-document-bytes (20)" in found[0].message


def jsonl(path, bodies: list[str]) -> None:
    path.write_text(
        "".join(
            json.dumps({"id": f"r{i}", "title": "Council votes", "body": body}) + "\n"
            for i, body in enumerate(bodies, 1)
        ),
        encoding="utf-8",
    )


def test_a_jsonl_record_over_the_limit_is_reported_at_its_line_and_the_rest_is_read(tmp_path):
    path = tmp_path / "data.jsonl"
    jsonl(
        path,
        ["Skip to content\n\nShort one.", "Skip to content\n\n" + "Long text. " * 500, "Skip to content\n\nShort two."],
    )
    found = findings([path], limited(1000))
    (error,) = too_large(found)
    size = len(path.read_bytes().split(b"\n")[1])
    assert (error.line, error.record) == (2, 2)  # its id is not read: the record's index names it
    assert error.message.startswith(f"line 2: the record is {size:,} bytes, more than max-document-bytes (1,000)")
    assert [(f.record, f.line) for f in found if f.rule == "scraping.nav-line"] == [("r1", 1), ("r3", 1)]


def test_a_split_run_reports_the_same(tmp_path, monkeypatch):
    path = tmp_path / "data.jsonl"
    bodies = [
        f"Skip to content\n\nDock workers met on day {i}." + (" Long text." * 400 if i % 9 == 4 else "")
        for i in range(120)
    ]
    jsonl(path, bodies)
    whole = findings([path], limited(2000), RULES)
    monkeypatch.setattr(runner, "SPLIT_BYTES", 3000)
    assert len(split_jsonl(str(path), 4, 3000)) > 2
    assert findings([path], limited(2000), RULES, jobs=2) == whole
    assert [f.line for f in too_large(whole)] == [i + 1 for i in range(120) if i % 9 == 4]


class Recording(io.BytesIO):
    """A stream that notes the longest piece anyone read from it."""

    longest = 0

    def readline(self, size: int | None = -1) -> bytes:
        piece = super().readline(size)
        self.longest = max(self.longest, len(piece))
        return piece


def test_a_long_line_is_read_past_in_pieces_never_whole():
    huge = b"x" * (5 << 20)
    stream = Recording(b'{"a": 1}\n' + huge + b"\n" + b'{"b": 2}\r\n' + huge)
    lines = list(bounded_lines(stream, 1000))
    assert lines == [b'{"a": 1}\n', LongLine(5 << 20), b'{"b": 2}\r\n', LongLine(5 << 20)]
    assert stream.longest <= 1 << 20
    # At the limit exactly (line end not counted) a line is kept; one byte more and it is not.
    assert list(bounded_lines(io.BytesIO(b"x" * 10 + b"\nyy"), 10)) == [b"x" * 10 + b"\n", b"yy"]
    assert list(bounded_lines(io.BytesIO(b"x" * 11 + b"\nyy"), 10)) == [LongLine(11), b"yy"]
    assert list(bounded_lines(io.BytesIO(b"x" * 11 + b"\nyy"), 0)) == [b"x" * 11 + b"\n", b"yy"]


def test_ranges_of_a_file_with_long_lines_are_cut_as_before(tmp_path, monkeypatch):
    from newslint.readers import records

    monkeypatch.setattr(records, "_SKIP_CHUNK", 7)  # lines read in pieces of 7 bytes
    lines = [b"{}", b"   ", b"", b'{"body": "' + b"y" * 40 + b'"}', b"  {} ", b'{"x": 1}'] * 30
    path = tmp_path / "d.jsonl"
    path.write_bytes(b"\n".join(lines))  # no line end at the end of the file
    ranges = split_jsonl(str(path), 5, 100)
    assert len(ranges) >= 4 and ranges[-1].end == path.stat().st_size
    data = path.read_bytes()
    for part in ranges:
        before = data[: part.start].split(b"\n")[:-1]
        assert part.first_line == len(before) + 1
        assert part.records_before == sum(1 for line in before if line.strip())


def test_csv_and_json_records_over_the_limit(tmp_path):
    long = "Long text. " * 300
    csv_path = tmp_path / "d.csv"
    csv_path.write_text(
        f'id,title,body\nc1,Votes,"Skip to content\n\nShort."\nc2,Votes,"Skip to content\n\n{long}"\nc3,Votes,Skip to content\n',
        encoding="utf-8",
    )
    found = findings([csv_path], limited(1000))
    (error,) = too_large(found)
    assert (error.record, error.line) == ("c2", 5) and error.message.startswith("line 5: the record is ")
    assert [f.record for f in found if f.rule == "scraping.nav-line"] == ["c1", "c3"]
    json_path = tmp_path / "d.json"
    json_path.write_text(
        json.dumps(
            [{"body": "Skip to content\n\nA."}, {"body": "Skip to content\n\n" + long}, {"body": "Skip to content"}],
            indent=1,
        ),
        encoding="utf-8",
    )
    found = findings([json_path], limited(1000))
    (error,) = too_large(found)
    assert error.record == 2 and error.message.startswith("line 5: the record is ")
    assert [f.record for f in found if f.rule == "scraping.nav-line"] == [1, 3]


def test_the_config_key_and_the_command_line(tmp_path):
    assert parse_size("16MiB") == 16 << 20 and parse_size("500kB") == 500_000 and parse_size(0) == 0
    config = tmp_path / ".newslint.yaml"
    config.write_text("max-document-bytes: 2KiB\n", encoding="utf-8")
    assert load_config(str(config)).read.max_document_bytes == 2048
    config.write_text("max-document-bytes: lots\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max-document-bytes: expected a size"):
        load_config(str(config))
    config.write_text("max-document-bytes: 100\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Short\n\nSkip to content\n", encoding="utf-8")

    def check(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "NEWSLINT_NO_CACHE": "1"}
        return subprocess.run(
            [sys.executable, "-m", "newslint", "check", "--select", "scraping.nav-line", *args, "a.txt", "b.txt"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
        )

    out = check()
    assert out.returncode == 1 and "max-document-bytes" not in out.stdout  # 82 bytes is under 100
    out = check("--max-document-bytes", "50")
    assert out.returncode == 2, out.stderr
    assert (
        "a.txt:1:1: error [newslint.input-error] the file is 82 bytes, more than max-document-bytes (50)" in out.stdout
    )
    assert "b.txt:3:1: warning [scraping.nav-line]" in out.stdout  # the run went on
    out = check("--max-document-bytes", "fifty")
    assert out.returncode == 2 and "--max-document-bytes: expected a size" in out.stderr
