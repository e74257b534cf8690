"""The corpus pass's signatures kept packed (issue 15, case 16): a few dozen bytes of memory
per document, the packed signatures on disk past a limit, documents and signatures rebuilt
exactly as they were signed, and the same findings."""

from __future__ import annotations

import json
import os
import sys
import tracemalloc
from array import array

import pytest

from newslint import corpus, runner
from newslint.config import Config
from newslint.document import Document
from newslint.finding import record_place
from newslint.kinds.corpus_chrome import ChromeSignature
from newslint.kinds.corpus_kinds import Place
from newslint.readers import read_bytes
from newslint.ruleset import BUILTIN_RULES, load_rules

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "bench"))
generate = pytest.importorskip("generate")

RULES, _ = load_rules([BUILTIN_RULES])
CORPUS = corpus.corpus_rules(RULES)
STORY = (
    "The council voted on Tuesday to close the old bridge for repairs that could take most of the year, officials said."
)


def signed_documents(items) -> list[corpus.DocumentSignatures]:
    out = []
    for item in items:
        if isinstance(item, Document):
            signed, errors = corpus.sign(item, CORPUS)
            assert errors == []
            if signed is not None:
                out.append(signed)
    return out


def mixed_documents() -> list[corpus.DocumentSignatures]:
    """Documents of every kind of identity: JSONL and CSV records (ids, indexes, places of
    fields), a text file, a Markdown post with its own suppressions (authored)."""
    rows = [
        {
            "id": f"r{i}",
            "title": "Council votes to close the old bridge",
            "body": f"{STORY}\n\nMore from Portvale\n\nRead more...",
        }
        for i in range(3)
    ]
    rows.append(
        {
            "title": "Council votes to close the old bridge",
            "text": STORY + " Talks went on for the whole day and night...",
        }
    )
    jsonl = "".join(json.dumps(r) + "\n" for r in rows).encode()
    csv = f'id,title,body\nc1,Bridge closes,"{STORY}\n\nMore from Portvale"\n,Bridge closes again,{STORY}\n'.encode()
    md = f"---\ntitle: Bridge closes\n---\n\n<!-- newslint: disable repetition -->\n\n{STORY}\n\nThanks for reading!\n".encode()
    items = [
        *read_bytes("crawl/a.jsonl", jsonl),
        *read_bytes("crawl/b.csv", csv),
        *read_bytes("posts/c.md", md),
        *read_bytes("d.txt", f"Bridge closes\n\n{STORY}\n".encode()),
    ]
    return signed_documents(items)


def identity(member: corpus.Member) -> tuple:
    doc = member.doc
    return (
        doc.path,
        doc.record,
        type(doc.record).__name__,
        record_place(doc.record),
        doc.directives,
        doc.authored,
        member.signature,
    )


@pytest.mark.parametrize("memory_bytes", [None, 0])  # 0: every packed signature in the file
def test_documents_and_signatures_come_back_as_they_were_signed(memory_bytes):
    signed = mixed_documents()
    assert any(s.doc.directives for s in signed) and any(s.doc.authored for s in signed)
    with corpus.SignatureStore(RULES, memory_bytes=memory_bytes) as store:
        store.extend(signed)
        assert len(store) == len(signed) and (store._blob.file is not None) == (memory_bytes == 0)
        for rule in CORPUS:
            expected = corpus.members_of(rule, signed)  # the objects as they were signed
            stored = store.members(rule)
            assert [identity(m) for m in stored] == [identity(m) for m in expected]
            assert [stored.signature(i) for i in range(len(stored))] == [m.signature for m in expected]


def test_the_same_findings_whatever_is_on_disk(tmp_path, monkeypatch):
    articles = list(generate.Generator(5).articles(150))
    path = tmp_path / "crawl.jsonl"
    path.write_text(
        "".join(
            json.dumps({**a.record(), "url": f"https://site{i % 2}.example/{i}"}) + "\n" for i, a in enumerate(articles)
        ),
        encoding="utf-8",
    )
    whole = runner.all_findings(runner.check_files([str(path)], CORPUS, Config()), CORPUS)
    assert {f.rule for f in whole} >= {"repetition.near-duplicate-article", "repetition.duplicate-headline-corpus"}
    monkeypatch.setattr(corpus, "SIGNATURE_MEMORY_BYTES", 1000)
    assert runner.all_findings(runner.check_files([str(path)], CORPUS, Config()), CORPUS) == whole


def test_a_document_costs_a_few_dozen_bytes_of_memory_once_stored():
    articles = list(generate.Generator(6).articles(400))
    items = [d for a in articles for d in read_bytes("crawl.jsonl", (json.dumps(a.record()) + "\n").encode())]
    signed = signed_documents(items)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        store = corpus.SignatureStore(RULES, memory_bytes=0)
        store.extend(signed)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # The objects as signed took about 3 KB a document (a DocRef and its record id with its
    # place, a Place and its text per rule, a MinHash, paragraph hashes...).
    assert kept / len(signed) < 150, kept / len(signed)
    store.close()


def test_recurring_lines_are_packed_and_their_text_is_kept_once():
    lines = [(i * 7919, Place(i + 1, 1, i + 1, 10 + i % 5, "body", f"Menu item {i}")) for i in range(400)]
    signature = ChromeSignature.of(lines)
    assert signature.lines == tuple(lines) and list(signature.keys()) == [h for h, _ in lines]
    assert signature.place(57) == lines[57][1]
    text = sum(len(p.match) for _, p in lines)
    assert len(signature.hashes) + len(signature.positions) + len(signature.ends) == 400 * (8 + 16 + 4)
    assert len(signature.text) == text
    kind = [r for r in CORPUS if r.id == "scraping.recurring-line"][0].kind
    packed = kind.pack(signature)
    assert (
        kind.unpack(packed) == signature and len(packed) < 400 * 40 + text
    )  # a (hash, Place) pair of objects was ~250 bytes
    big = ChromeSignature.of([(1, Place(2**33, 1, 2**33, 4, None, "abc"))])  # a number past 32 bits
    assert big.lines == ((1, Place(2**33, 1, 2**33, 4, None, "abc")),)


def test_shared_keys_never_hold_every_key():
    keys = array("Q", ((i * 0x9E3779B97F4A7C15) & (2**64 - 1) for i in range(300_000)))
    keys.extend(keys[:50])  # 50 keys held twice
    owners = array("q", range(len(keys)))
    tracemalloc.start()
    try:
        shared = list(corpus.shared_keys(keys, owners))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sorted(group for _, group in shared) == [[i, 300_000 + i] for i in range(50)]
    assert peak < 12_000_000, peak  # a dict (or Counter) of every key: about 30 MB


def test_corpus_findings_settled_a_document_at_a_time_are_those_settled_all_at_once(tmp_path, monkeypatch):
    from newslint import spool
    from newslint.overlaps import one_per_defect, outranking

    articles = list(generate.Generator(7).articles(120))
    articles += articles[:10]  # exact copies: a near-duplicate article outranks its duplicate headline
    items = [
        d
        for i, a in enumerate(articles)
        for d in read_bytes("crawl.jsonl", (json.dumps({**a.record(), "id": f"a{i}"}) + "\n").encode())
    ]
    signed = signed_documents(items)
    every = [
        f for rule in CORPUS for f in corpus.findings_of(rule, corpus.relate_all(rule, corpus.members_of(rule, signed)))
    ]
    expected = sorted(one_per_defect(every, outranking(RULES)), key=corpus.Finding.sort_key)  # as collate did before
    assert len(expected) < len(every)  # some were settled away
    monkeypatch.setattr(spool, "SPILL_FINDINGS", 3)
    assert corpus.collate(RULES, signed) == expected


def test_shared_keys_in_several_passes_are_the_same(monkeypatch):
    import random

    rng = random.Random(2)
    keys = array("Q", (rng.getrandbits(64) for _ in range(5000)))
    keys.extend(rng.sample(list(keys), 300))
    keys.extend(k ^ (1 << 63) for k in keys[:40])  # same low bits, other top bits
    owners = array("I", range(len(keys)))
    whole = list(corpus.shared_keys(keys, owners))
    monkeypatch.setattr(corpus, "KEYS_PER_PASS", 700)  # 8 passes
    assert list(corpus.shared_keys(keys, owners)) == whole and len(whole) == 300


def test_a_line_on_every_page_is_related_in_linear_time():
    from newslint.kinds.corpus_kinds import DocRef, Member

    compared = []

    class Counted(DocRef):
        def __eq__(self, other):
            compared.append(1)
            return DocRef.__eq__(self, other)

        __hash__ = DocRef.__hash__

    kind = [r for r in CORPUS if r.id == "scraping.recurring-line"][0].kind
    line = [(42, Place(3, 1, 3, 17, "body", "More from Portvale"))]
    members = [Member(Counted("crawl.jsonl", i), ChromeSignature.of(line)) for i in range(1, 2001)]
    related = list(kind.relate(42, members))
    assert len(related) == 2000 * kind.max_named
    assert [p.other.record for p in related[:3]] == [2, 3, 4] and [p.other.record for p in related[3:6]] == [1, 3, 4]
    assert len(compared) < 20 * len(members)  # every holder against every other: 4 million
