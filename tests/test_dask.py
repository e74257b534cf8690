"""newslint.dask on a small LocalCluster gives exactly the findings of the local run."""

from __future__ import annotations

import json
import os

import pytest

from corpusutil import STORY

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from newslint.config import Config  # noqa: E402
from newslint.dask import lint_files, lint_records, sorted_findings  # noqa: E402
from newslint.ruleset import BUILTIN_RULES, load_rules  # noqa: E402
from newslint.runner import all_findings, check_files  # noqa: E402

RULES, _ = load_rules([BUILTIN_RULES])
OTHER = (
    "The public library opened a new reading room on Saturday with space for two hundred readers, a "
    'children\'s corner and a small cafe run by volunteers from the neighbourhood. "We waited ten years," '
    "the librarian said. Skip to content"
)


def records() -> list[dict]:
    out = []
    for i in range(30):
        body = [STORY, OTHER, STORY.replace("a week", f"{i} days")][i % 3]
        if i % 5 == 0:
            body += "\n\nDock workers at the city harbour returned to work on Thursday after a nine-day..."
        record = {
            "title": "Harbour strike ends after nine days" if i % 4 == 0 else f"Story number {i} of the day",
            "body": body,
        }
        if i % 2:
            record["id"] = f"r{i}"
        out.append(record)
    return out


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture()
def dataset(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    files = []
    for i, record in enumerate(records()[:12]):
        f = tmp_path / f"article-{i:02d}.txt"
        f.write_text(f"{record['title']}\n\n{record['body']}\n", encoding="utf-8")
        files.append(str(f))
    return str(path), files


def local(paths):
    return all_findings(check_files(paths, RULES, Config(root=os.getcwd()), jobs=1), RULES)


def test_files_on_a_local_cluster_match_the_local_run(client, dataset):
    jsonl, files = dataset
    paths = files + [jsonl]
    expected = local(paths)
    assert any(f.rule == "repetition.near-duplicate-article" for f in expected)
    assert any(f.rule == "repetition.cross-article-teaser" for f in expected)
    got = sorted_findings(lint_files(db.from_sequence(paths, npartitions=4), rules=RULES))
    assert got == expected


def test_a_bag_of_records_matches_the_jsonl_file(client, dataset):
    jsonl, _ = dataset
    expected = local([jsonl])
    bag = db.from_sequence(records(), npartitions=3)
    got = sorted_findings(lint_records(bag, path=jsonl, rules=RULES))
    assert got == expected
    # Records 1, 5, 9, ... (no id field: numbered across partitions) share one headline; where
    # the bodies match too, the near-duplicate finding stands for both.
    repeats = {"repetition.duplicate-headline-corpus", "repetition.near-duplicate-article"}
    assert {f.record for f in got if f.rule in repeats} >= {5, 9, 13, 17, 21, 25, 29}


def test_a_dataframe_of_records_matches_the_jsonl_file(client, dataset):
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    jsonl, _ = dataset
    rows = [{"id": r.get("id", str(i + 1)), "title": r["title"], "body": r["body"]} for i, r in enumerate(records())]
    frame = dd.from_pandas(pd.DataFrame(rows), npartitions=2)
    lines = "".join(json.dumps(r) + "\n" for r in rows)
    expected_path = os.path.join(os.path.dirname(jsonl), "ids.jsonl")
    with open(expected_path, "w", encoding="utf-8") as handle:
        handle.write(lines)
    assert sorted_findings(lint_records(frame, path=expected_path, rules=RULES)) == local([expected_path])
