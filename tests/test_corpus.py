"""Corpus-wide checks: duplicate headlines, near-duplicate articles and teasers across documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusutil import STORY
from newslint import corpus
from newslint.config import Config
from newslint.kinds.corpus_kinds import CorpusNearDuplicateKind
from newslint.readers import read_bytes
from newslint.ruleset import BUILTIN_RULES, load_rules
from newslint.runner import all_findings, check_files
from newslint.testing import lint_corpus_texts, split_documents

RULES, _ = load_rules([BUILTIN_RULES])
BY_ID = {r.id: r for r in RULES}
CORPUS_IDS = [
    "repetition.cross-article-teaser",
    "repetition.duplicate-headline-corpus",
    "repetition.near-duplicate-article",
]
CORPUS = [BY_ID[i] for i in CORPUS_IDS]

OTHER = (
    "The public library opened a new reading room on Saturday with space for two hundred readers, a "
    "children's corner and a small cafe run by volunteers from the neighbourhood. The librarian said "
    "the room had been planned for ten years and was paid for by a bequest from a former teacher."
)


def write(directory, name: str, text: str) -> str:
    path = os.path.join(str(directory), name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def run(paths, jobs: int = 1, rules=CORPUS):
    config = Config(root=os.getcwd())
    return all_findings(check_files(paths, rules, config, jobs=jobs), rules)


def test_names_the_earlier_document_across_files(tmp_path):
    a = write(tmp_path, "a.txt", f"Harbour strike ends after nine days\n\n{STORY}\n")
    b = write(tmp_path, "b.txt", f"Harbour strike ends after nine days\n\n{OTHER}\n")
    c = write(tmp_path, "c.txt", f"Dockers back at work\n\n{STORY}\n")
    found = [(f.path, f.rule, f.line, f.message) for f in run([a, b, c])]
    assert found == [
        (b, "repetition.duplicate-headline-corpus", 1, f"The same headline is on 2 documents; earlier: {a}"),
        (c, "repetition.near-duplicate-article", 1, f"Near-duplicate of {a} (100% similar)"),
    ]


def test_records_of_a_jsonl_file_are_named_by_record(tmp_path):
    lines = [
        {"id": "r1", "title": "Harbour strike ends after nine days", "body": STORY},
        {"id": "r2", "title": "Library opens reading room", "body": OTHER},
        # The same story with one more sentence: 90% of its word 5-grams are shared.
        {"id": "r3", "title": "Dockers back at work", "body": STORY + " Talks on pensions will resume in the spring."},
    ]
    path = write(tmp_path, "news.jsonl", "".join(json.dumps(r) + "\n" for r in lines))
    findings = run([path])
    assert [(f.record, f.rule, f.field) for f in findings] == [("r3", "repetition.near-duplicate-article", "title")]
    assert f"{path} (record r1)" in findings[0].message


def test_teaser_points_at_the_cut_off_block(tmp_path):
    a = write(
        tmp_path,
        "a.txt",
        "Budget approved\n\nThe council approved the budget.\n\nDock workers at the city harbour returned to work on Thursday after a nine-day...\n",
    )
    b = write(tmp_path, "b.txt", f"Harbour strike ends\n\n{STORY}\n")
    [finding] = run([a, b])
    assert (finding.path, finding.rule, finding.line, finding.column) == (a, "repetition.cross-article-teaser", 5, 1)
    assert finding.match.endswith("nine-day...") and b in finding.message


def test_output_is_identical_with_one_and_two_jobs(tmp_path):
    paths = [
        write(tmp_path, f"{i:02d}.txt", f"Harbour strike ends after nine days\n\n{STORY if i % 2 else OTHER}\n")
        for i in range(12)
    ]
    one, two = run(paths, jobs=1), run(paths, jobs=2)
    assert one == two
    # Every later copy of each body (5 + 5); the shared headline counts only where the bodies
    # differ (01 after 00): elsewhere it is part of the near-duplicate's finding.
    assert len(one) == 10 + 1


def test_a_cluster_of_copies_names_at_most_max_named_earlier_documents(tmp_path):
    paths = [write(tmp_path, f"{i}.txt", f"Harbour strike ends after nine days\n\n{OTHER}\n") for i in range(8)]
    rule = BY_ID["repetition.duplicate-headline-corpus"]
    last = [f for f in run(paths, rules=[rule]) if f.path == paths[-1]][0]
    assert last.message.count(".txt") == rule.kind.max_named == 5
    assert "on 8 documents" in last.message


def test_inline_suppression_silences_a_corpus_finding(tmp_path):
    a = write(tmp_path, "a.txt", f"Harbour strike ends after nine days\n\n{OTHER}\n")
    b = write(
        tmp_path,
        "b.txt",
        f"<!-- newslint: disable repetition.duplicate-headline-corpus -->\nHarbour strike ends after nine days\n\n{OTHER}\n",
    )
    assert [f for f in run([a, b]) if f.rule == "repetition.duplicate-headline-corpus"] == []


def test_signature_is_small_and_keeps_no_text():
    [document] = [d for d in read_bytes("a.txt", f"Harbour strike\n\n{STORY}".encode())]
    rule = BY_ID["repetition.near-duplicate-article"]
    signed, errors = corpus.sign(document, [rule])
    assert errors == []
    values, place = signed.signatures[0][1]
    assert len(values) == 4 * rule.kind.num_perm
    assert place.match == "Harbour strike"


def test_documents_are_compared_only_within_groups(monkeypatch):
    calls = []
    kind = BY_ID["repetition.near-duplicate-article"].kind
    original = CorpusNearDuplicateKind.similarity

    def counting(self, a, b):
        calls.append(1)
        return original(self, a, b)

    monkeypatch.setattr(CorpusNearDuplicateKind, "similarity", counting)
    texts = [f"Story {i}\n\n" + " ".join(f"w{i}x{j}" for j in range(80)) for i in range(40)]
    members = []
    for i, text in enumerate(texts):
        [document] = list(read_bytes(f"{i}.txt", text.encode()))
        members.append(corpus.Member(corpus.DocRef(document.path), kind.signature(document, document.blocks)))
    assert corpus.relate_all(BY_ID["repetition.near-duplicate-article"], members) == set()
    assert len(calls) < 40  # all pairs would be 780 comparisons


def test_a_crashing_signature_is_an_error_finding_and_the_run_goes_on(tmp_path):
    class Broken:
        max_named = 1

        def signature(self, document, blocks):
            raise RuntimeError("boom")

    rule = replace(BY_ID["repetition.duplicate-headline-corpus"], kind=Broken())
    [document] = list(read_bytes("a.txt", b"Harbour strike ends after nine days\n\nText."))
    signed, errors = corpus.sign(document, [rule])
    assert signed is None and "boom" in errors[0].message and errors[0].rule == "newslint.rule-crash"


def test_one_article_file_skips_the_corpus_pass_but_datasets_and_several_files_do_not():
    assert not corpus.worth_running(["a.txt"])
    assert corpus.worth_running(["a.txt", "b.md"])
    assert corpus.worth_running(["news.JSONL"])


def test_multi_document_examples_split_on_a_dashes_line():
    assert split_documents("one\n---\ntwo\n---\nthree") == ["\none", "two", "three\n"]


def test_cli_json_output_includes_corpus_findings(tmp_path):
    a = write(tmp_path, "a.txt", f"Harbour strike ends after nine days\n\n{OTHER}\n")
    b = write(tmp_path, "b.txt", f"Harbour strike ends after nine days\n\n{STORY}\n")
    command = [sys.executable, "-m", "newslint", "check", "--isolated", "--select", "repetition", "-f", "json", a, b]
    out = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    data = json.loads(out.stdout)
    assert [(d["path"], d["rule"]) for d in data] == [(b, "repetition.duplicate-headline-corpus")]
    skipped = subprocess.run(command[:4] + ["--no-corpus"] + command[4:], capture_output=True, text=True, cwd=tmp_path)
    assert json.loads(skipped.stdout) == []


def test_cli_profile_prints_phases_and_rules_to_stderr(tmp_path):
    a = write(tmp_path, "a.txt", "Harbour strike ends\n\nSkip to content\n\nDockers returned.\n")
    out = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--isolated", "--profile", a],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert (
        "scraping.nav-line" in out.stdout and "newslint profile" not in out.stdout and "newslint profile" in out.stderr
    )
    for name in ("read", "parse", "rules", "output", "scraping.nav-line", "(engine: literal scan, suppressions)"):
        assert f"  {name} " in out.stderr
    # The rule rows (the engine's included) add up to the rules phase.
    rows = out.stderr.split("  rule ", 1)[1].splitlines()[1:]
    phase = next(float(line.split()[1]) for line in out.stderr.splitlines() if line.startswith("  rules "))
    assert abs(sum(float(row.split()[-2]) for row in rows) - phase) < 0.002


@pytest.mark.parametrize("rule_id", CORPUS_IDS)
def test_examples_need_two_documents_to_fire(rule_id):
    rule = BY_ID[rule_id]
    from newslint.testing import lint_with

    first_document_only = rule.examples.fail[0].split("\n---\n")[0]
    assert lint_with(rule, rule.examples.fail[0])
    assert lint_with(rule, first_document_only) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("ab Z9'-’\u0301\u00e9ß½ﬁ.…\t")), max_size=15), min_size=1, max_size=5
    )
)
def test_body_words_are_the_words_of_its_blocks(texts):
    """The near-duplicate signature takes the body's words block by block: words never span blocks."""
    from newslint.kinds.duplicate import facts
    from newslint.text import normalize

    assert [w for t in texts for w in facts(t).tokens] == normalize("\n".join(texts)).split()


def test_minhash_signatures_are_equal_in_every_process(tmp_path):
    """Signatures are compared across worker processes and Dask nodes: no per-process salt."""
    path = write(tmp_path, "a.txt", f"Harbour strike ends after nine days\n\n{STORY}\n")
    code = (
        "import sys\n"
        "from newslint.ruleset import BUILTIN_RULES, load_rules\n"
        "from newslint.readers import read_file\n"
        "from newslint.config import Config\n"
        "rule = {r.id: r for r in load_rules([BUILTIN_RULES])[0]}['repetition.near-duplicate-article']\n"
        "(document,) = [d for d in read_file(sys.argv[1], Config().read)]\n"
        "print(rule.kind.signature(document, document.blocks_in(rule.scope))[0].hex())\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, path],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1 and len(outputs.pop().strip()) == 128 * 8


def _variant_pairs(count: int, words: int, changed: int, seed: int) -> list[tuple[str, str]]:
    """Pairs of 'articles' of random words where the second changes `changed` words of the first."""
    import random

    generator = random.Random(seed)
    pairs = []
    for _ in range(count):
        first = [f"w{generator.randrange(10**6)}" for _ in range(words)]
        second = list(first)
        for position in generator.sample(range(words), changed):
            second[position] = f"x{generator.randrange(10**6)}"
        pairs.append(("Headline one\n\n" + " ".join(first), "Headline two\n\n" + " ".join(second)))
    return pairs


def test_near_duplicates_are_found_at_the_rate_the_bands_promise():
    """LSH is probabilistic: measure it over many pairs instead of trusting one example.

    A pair is reported when it shares a whole band (about 97% of pairs 85% similar, with the
    bands lsh_bands chooses) and its estimated similarity reaches 0.8 (about 93% of them)."""
    rule = BY_ID["repetition.near-duplicate-article"]
    nearly_same = _variant_pairs(200, 120, 1, seed=9)  # Jaccard of the 5-gram sets about 0.92
    close = _variant_pairs(200, 120, 2, seed=7)  # about 0.85
    far = _variant_pairs(200, 120, 12, seed=8)  # about 0.4: must never be reported

    def found(pairs) -> int:
        return sum(bool(lint_corpus_texts(rule, pair)) for pair in pairs)

    assert found(nearly_same) >= 196
    assert found(close) >= 160  # 174 with rensa 0.5; datasketch's even weights would give about 130
    assert found(far) == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "cc", "dé"]), max_size=12), st.integers(1, 6))
def test_shingles_are_the_word_n_grams(tokens, size):
    from newslint.kinds.corpus_kinds import shingles

    expected = [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)] or [" ".join(tokens)]
    assert shingles(tokens, size) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0, 1, 7, 2**63, 2**64 - 1, 12345]), st.integers(0, 6)), max_size=40))
def test_shared_keys_are_the_keys_held_more_than_once_with_their_owners(pairs):
    from array import array

    pairs = sorted(pairs, key=lambda p: p[1])  # members hand their keys over in order
    keys, owners = array("Q", [k for k, _ in pairs]), array("q", [o for _, o in pairs])
    expected = [(key, [o for k, o in pairs if k == key]) for key in sorted({k for k, _ in pairs})]
    assert list(corpus.shared_keys(keys, owners)) == [(key, group) for key, group in expected if len(group) > 1]
