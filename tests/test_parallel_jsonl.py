"""A big JSONL file is checked in ranges by several workers, with the same output as one."""

from __future__ import annotations

import itertools
import json

from newslint import runner
from newslint.config import Config
from newslint.readers.records import split_jsonl
from newslint.ruleset import BUILTIN_RULES, load_rules

RULES, _ = load_rules([BUILTIN_RULES])


def write_dataset(path, records: int) -> None:
    lines = []
    for i in range(records):
        if i % 7 == 3:
            lines.append("")  # blank lines do not count as records
        if i % 11 == 5:
            lines.append("{not json")  # a broken record keeps its line number and index
        record = {
            "title": f"Harbour strike day {i % 5}",
            "text": f"Skip to content\n\nDock workers met on day {i}. Officials in Kyiv and Kiev spoke.",
        }
        if i % 2:
            record["id"] = f"r{i}"  # half the records are known by their 1-based index only
        lines.append(json.dumps(record))
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")


def run(path, jobs: int) -> list[dict]:
    results = list(runner.check_files([str(path)], RULES, Config(), jobs=jobs))
    return [result.documents for result in results], [f.to_dict() for f in runner.all_findings(results, RULES)]


def test_ranges_cover_the_file_and_number_lines_and_records(tmp_path):
    path = tmp_path / "big.jsonl"
    write_dataset(path, 300)
    ranges = split_jsonl(str(path), 4, 1000)
    assert len(ranges) >= 3
    assert ranges[0].start == 0 and ranges[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(ranges))
    data = path.read_bytes()
    for part in ranges[1:]:
        assert data[part.start - 1 : part.start] == b"\n"
        before = data[: part.start].split(b"\n")[:-1]
        assert part.first_line == len(before) + 1
        assert part.records_before == sum(1 for line in before if line.strip())


def test_split_run_gives_the_same_findings_as_a_whole_run(tmp_path, monkeypatch):
    path = tmp_path / "big.jsonl"
    write_dataset(path, 400)
    whole_documents, whole = run(path, jobs=1)
    monkeypatch.setattr(runner, "SPLIT_BYTES", 2000)
    split_documents, split = run(path, jobs=2)
    assert split == whole and split_documents == whole_documents == [400]
    assert any(f["rule"] == "repetition.duplicate-headline-corpus" for f in split)  # the corpus pass saw every range
    assert any(f["rule"] == "newslint.input-error" for f in split)


def test_small_files_are_not_split(tmp_path):
    path = tmp_path / "small.jsonl"
    write_dataset(path, 5)
    assert split_jsonl(str(path), 8, 1 << 20) == []


def test_crlf_lines_and_no_final_newline_split_the_same(tmp_path, monkeypatch):
    path = tmp_path / "crlf.jsonl"
    write_dataset(path, 200)
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n").rstrip("\r\n")
    path.write_bytes(text.encode("utf-8"))
    whole = run(path, jobs=1)
    monkeypatch.setattr(runner, "SPLIT_BYTES", 1500)
    assert len(split_jsonl(str(path), 8, 1500)) >= 3
    assert run(path, jobs=2) == whole


def test_one_process_also_checks_a_huge_file_range_by_range(tmp_path, monkeypatch):
    """At --jobs 1 a huge file is still cut (so progress moves), with the same findings."""
    path = tmp_path / "big.jsonl"
    write_dataset(path, 400)
    whole = run(path, jobs=1)
    monkeypatch.setattr(runner, "SPLIT_BYTES", 2000)
    monkeypatch.setattr(runner, "MAX_RANGE_BYTES", 4000)
    units = runner.work_units([str(path)], jobs=1)
    assert len(units) >= 5 and sum(u.size for u in units) == path.stat().st_size
    assert run(path, jobs=1) == whole
