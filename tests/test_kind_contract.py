"""The kind contract (newslint/kinds/contract.py): every registered kind has one of its two
shapes, corpus kinds are told apart by shape alone, and a kind that declares nothing for the
prefilter is handed every block of its scope."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

import pytest

from newslint.document import Block, Document
from newslint.engine import lint_document
from newslint.kinds import KINDS
from newslint.kinds.base import Hit
from newslint.kinds.contract import CorpusKind, ReadsLiterals, is_corpus_kind, prefilter_of
from newslint.readers import read_bytes
from newslint.rule import build_rule
from newslint.ruleset import BUILTIN_RULES, load_rules

RULES, _ = load_rules([BUILTIN_RULES])
CORPUS_STEPS = ("signature", "keys", "probe_keys", "relate")


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_is_a_frozen_dataclass_of_one_shape(name):
    cls = KINDS[name]
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
    assert isinstance(cls.fields, tuple) and (cls.__doc__ or "").strip()
    checks = callable(getattr(cls, "check", None))
    compares = all(callable(getattr(cls, step, None)) for step in CORPUS_STEPS)
    assert checks != compares, f"{name}: a kind checks documents or compares them, not both or neither"
    if compares:
        assert "max_named" in {f.name for f in dataclasses.fields(cls)}


def test_the_corpus_rules_are_those_whose_kind_compares_documents():
    corpus = {r.id for r in RULES if r.corpus}
    assert corpus == {r.id for r in RULES if r.kind_name.startswith("corpus-")}
    assert all(is_corpus_kind(r.kind) == isinstance(r.kind, CorpusKind) == r.corpus for r in RULES)


def test_the_kinds_that_read_literals_declare_them():
    readers = {r.kind_name for r in RULES if isinstance(r.kind, ReadsLiterals)}
    assert readers == {"pattern", "line", "consistency"}
    for rule in RULES:
        assert (rule.trigger, rule.block_local, rule.noted) == prefilter_of(rule.kind)


@dataclass(frozen=True)
class RecordingKind:
    """Records the blocks it is handed, and finds nothing."""

    fields: ClassVar[tuple[str, ...]] = ("match",)
    seen: list = dataclasses.field(default_factory=list, compare=False)

    def check(self, document: Document, blocks: Sequence[Block]) -> Iterator[Hit]:
        """Nothing; remembers what it was given."""
        self.seen.append([b.text for b in blocks])
        return iter(())


def test_a_kind_that_declares_nothing_gets_every_block_of_its_scope(monkeypatch):
    monkeypatch.setitem(KINDS, "recording", RecordingKind)
    rule = build_rule("test.recording", {"kind": "recording", "message": "m", "summary": "s", "scope": "all"}, "t.yaml")
    assert (rule.trigger, rule.block_local, rule.noted, rule.corpus) == (None, False, frozenset(), False)
    text = "Council votes\n\nSkip to content\n\nSources said the vote was close.\n\n[1] A note."
    (document,) = read_bytes("a.txt", text.encode("utf-8"))
    lint_document(document, [*RULES, rule])  # beside rules the prefilter skips here and there
    assert rule.kind.seen == [[b.text for b in document.blocks]]
