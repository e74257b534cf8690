"""The one-entry memo rules share a computation over one document's blocks through."""

from __future__ import annotations

from newslint.kinds.block_memo import LastBlocks
from newslint.readers import read_bytes


def _blocks(text: bytes):
    (document,) = read_bytes("a.txt", text)
    return document.blocks_in("all")


def test_the_same_blocks_and_parameters_are_answered_from_the_memo() -> None:
    calls = []

    def compute(blocks, scale):
        calls.append(scale)
        return [len(b.text) * scale for b in blocks]

    memo = LastBlocks(compute)
    blocks = _blocks(b"Headline\n\nA paragraph.")
    first = memo(blocks, 1)
    assert memo(list(blocks), 1) is first  # the same blocks, in another list
    assert memo(blocks, 2) == [2 * n for n in first]  # other parameters: computed again
    assert calls == [1, 2]


def test_equal_blocks_of_another_document_are_computed_again() -> None:
    memo = LastBlocks(lambda blocks: [b.text for b in blocks])
    first = memo(_blocks(b"Headline\n\nA paragraph."))
    second = memo(_blocks(b"Headline\n\nA paragraph."))
    assert second == first and second is not first


def test_an_answer_keep_refuses_is_not_held() -> None:
    calls = []

    def compute(blocks):
        calls.append(1)
        return tuple(blocks)

    memo = LastBlocks(compute, keep=lambda answer: len(answer) < 2)
    blocks = _blocks(b"Headline\n\nA paragraph.\n\nAnother one.")
    memo(blocks)
    memo(blocks)
    assert len(calls) == 2
