"""Memory that does not grow with the findings of a run (issue 15, case 16): findings go to
disk in sorted runs and come back merged in report order, and the report is written a
piece at a time, byte for byte as before."""

from __future__ import annotations

import gc
import io
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint import cli, spool
from newslint.finding import Finding, RecordPlace, Severity, placed_record, record_place
from newslint.report import FORMAT_NAMES, ReportContext, formatter, report_pieces
from newslint.spool import FindingSpool

RECORDS = [
    None,
    1,
    2,
    "r1",
    "r10",
    placed_record(3, RecordPlace(4)),
    placed_record("k", RecordPlace(5, (("title", 5), ("body", 6)), True)),
]
TEXT = st.text(st.characters(), max_size=6)  # lone surrogates too: they are data
FINDINGS = st.builds(
    Finding,
    path=st.sampled_from(["a.txt", "b/c.jsonl", "./a.txt", "z.md"]),
    line=st.integers(1, 3),
    column=st.integers(1, 3),
    end_line=st.integers(1, 3),
    end_column=st.integers(1, 4),
    rule=st.sampled_from(["scraping.nav-line", "attribution.relay", "newslint.input-error"]),
    severity=st.sampled_from(list(Severity)),
    message=TEXT,
    match=TEXT,
    record=st.sampled_from(RECORDS),
    field=st.sampled_from([None, "body", "title", ""]),
    suggestion=st.one_of(st.none(), TEXT),
)


def exact(finding: Finding) -> tuple:
    """Everything a finding carries, where its record is in its file included."""
    return (finding.to_dict(place=True), type(finding.record).__name__, record_place(finding.record))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(FINDINGS, max_size=12), max_size=8), st.integers(1, 10))
def test_the_spool_gives_back_what_sorted_would_whatever_it_spills(batches, limit):
    everything = [f for batch in batches for f in batch]
    with FindingSpool(limit=limit) as kept:
        for batch in batches:
            kept.add(batch)
        assert kept.spilled == (0 if len(everything) < limit else kept.spilled)
        expected = [exact(f) for f in sorted(everything, key=Finding.sort_key)]  # stable: equal keys in the order added
        assert [exact(f) for f in kept] == expected
        assert [exact(f) for f in kept] == expected  # a second pass reads the runs again
        assert len(kept) == len(everything)
        assert kept.tally.count == {r: sum(f.rule == r for f in everything) for r in {f.rule for f in everything}}
        assert kept.tally.worst == {
            r: max(f.severity for f in everything if f.rule == r) for r in {f.rule for f in everything}
        }


def test_spilled_runs_are_plain_data_in_a_file_nobody_else_sees():
    with FindingSpool(limit=2) as kept:
        for line in range(5, 0, -1):
            kept.add([Finding("a.txt", line, 1, 1, 2, "r", Severity.INFO, "m")])
        assert kept.spilled == 2 and [f.line for f in kept] == [1, 2, 3, 4, 5] and kept._file is not None
        assert not hasattr(kept._file, "name") or isinstance(
            kept._file.name, int
        )  # deleted on creation: only a descriptor
    assert kept._file is None


ARTICLE = "Headline number {i}\n\nSkip to content\n\nThe council voted on day {i}. Sources say it passed. Read also: more news.\n"


@pytest.fixture
def dataset(tmp_path):
    rows = [
        {
            "id": f"r{i % 37}" if i % 3 else i,
            "title": f"Council votes on the bridge plan {i % 4}",
            "body": ARTICLE.format(i=i) + ("\nSkip to content" * (i % 3)),
        }
        for i in range(300)
    ]
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.format(i=1), encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "z.txt").write_text(ARTICLE.format(i=2), encoding="utf-8")
    return tmp_path


def run_cli(monkeypatch, capsys, directory, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(directory)
    monkeypatch.setenv("NEWSLINT_NO_CACHE", "1")
    status = cli.main(["check", "--isolated", "-j", "1", *args, "data.jsonl", "b.txt", "a"])
    return status, capsys.readouterr().out


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_a_spilled_run_writes_the_same_report(dataset, monkeypatch, capsys, fmt):
    status, whole = run_cli(monkeypatch, capsys, dataset, "-f", fmt)
    assert whole.count("nav-line") > 300  # findings enough to spill many runs
    monkeypatch.setattr(spool, "SPILL_FINDINGS", 50)
    spilled_status, spilled = run_cli(monkeypatch, capsys, dataset, "-f", fmt, "--statistics")
    assert (spilled_status, spilled) == (status, whole)


def test_the_report_is_written_in_pieces_and_findings_are_not_all_held(dataset, monkeypatch, capsys):
    monkeypatch.setattr(spool, "SPILL_FINDINGS", 50)
    writes: list[int] = []
    alive: list[int] = []

    class Watching(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(len(text))
            if len(writes) % 100 == 0:
                alive.append(sum(1 for o in gc.get_objects() if isinstance(o, Finding)))
            return super().write(text)

    out = Watching()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.chdir(dataset)
    monkeypatch.setenv("NEWSLINT_NO_CACHE", "1")
    cli.main(["check", "--isolated", "-j", "1", "-f", "json", "data.jsonl", "b.txt", "a"])
    report = json.loads(out.getvalue())
    assert len(report) > 1000
    assert max(writes) < 2000  # a finding at a time, never the whole report (the old code wrote it in one piece)
    assert alive and max(alive) < len(report) / 2  # never every finding in memory at once


def test_sarif_occurrences_are_counted_as_before_when_paths_share_a_uri():
    # 'a.txt' and './a.txt' are one artifact: their findings are apart in report order.
    nav = dict(
        line=1,
        column=1,
        end_line=1,
        end_column=5,
        rule="scraping.nav-line",
        severity=Severity.WARNING,
        message="m",
        match="Skip",
    )
    findings = sorted([Finding(p, **nav) for p in ("a.txt", "./a.txt", "b.txt", "a.txt")], key=Finding.sort_key)
    rendered = formatter("sarif")(findings, ReportContext())
    log = json.loads(rendered)
    prints = [r["partialFingerprints"]["newslint/v1"] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == 4
    assert "".join(report_pieces("sarif")(findings, ReportContext())) == rendered


def test_pieces_join_to_the_whole_report_in_any_order():
    rng = random.Random(3)
    base = [
        Finding(
            rng.choice(["a.txt", "b.txt", "./a.txt"]),
            rng.randint(1, 3),
            1,
            1,
            2,
            rng.choice(["x.y", "z.w"]),
            rng.choice(list(Severity)),
            "m",
            rng.choice(["", "Skip"]),
            rng.choice(RECORDS),
        )
        for _ in range(60)
    ]
    for findings in (base, sorted(base, key=Finding.sort_key)):
        context = ReportContext(files=["b.txt", "a.txt"])
        for fmt in FORMAT_NAMES:
            assert "".join(report_pieces(fmt)(findings, context)) == formatter(fmt)(findings, context)


def test_a_parallel_run_lets_go_of_each_result_once_taken(tmp_path):
    import weakref

    from newslint import runner
    from newslint.config import Config
    from newslint.ruleset import BUILTIN_RULES, load_rules

    rules = [r for r in load_rules([BUILTIN_RULES])[0] if r.id == "scraping.nav-line"]
    paths = []
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(ARTICLE.format(i=i), encoding="utf-8")
        paths.append(str(tmp_path / f"{i}.txt"))
    taken = []
    for _unit, result in runner.check_units(runner.work_units(paths, 2), rules, Config(), jobs=2):
        taken.append(weakref.ref(result))
        del result
        if len(taken) == 4:
            gc.collect()
            # The old code kept every future, and each future its result, to the end of the run.
            assert [ref() is None for ref in taken[:3]] == [True, True, True]
    assert len(taken) == 6


def test_findings_from_a_generator_are_spilled_as_they_come():
    held = []

    def many():
        for line in range(1000, 0, -1):
            held.append(len(kept._buffer))
            yield Finding("a.txt", line, 1, line, 2, "r", Severity.INFO, "m")

    with FindingSpool(limit=100) as kept:
        kept.add(many())
        assert max(held) <= 100 and kept.spilled == 10  # the old add took the whole generator in first
        assert [f.line for f in kept] == list(range(1, 1001)) and len(kept) == 1000
