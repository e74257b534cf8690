"""The lexicon's hashes are built once and read back from the user's cache as raw bytes."""

from __future__ import annotations

import glob
import os

import pytest

from newslint import lexicon, rulecache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(directory))
    monkeypatch.delenv("NEWSLINT_NO_CACHE", raising=False)
    lexicon._english.cache_clear()
    yield directory
    lexicon._english.cache_clear()


def test_the_hashes_are_stored_and_read_back_the_same(cache) -> None:
    built = lexicon._english()
    (stored,) = glob.glob(str(cache / "lexicon-*.bin"))
    assert os.path.getsize(stored) == len(built) * built.itemsize
    lexicon._english.cache_clear()
    assert lexicon._english() == built  # from the file this time
    assert lexicon.is_english_word("London") and not lexicon.is_english_word("Netanyahou")


def test_a_damaged_cache_file_is_built_again(cache) -> None:
    lexicon._english()
    (stored,) = glob.glob(str(cache / "lexicon-*.bin"))
    with open(stored, "wb") as handle:
        handle.write(b"abc")  # not a whole number of hashes
    lexicon._english.cache_clear()
    assert lexicon.size() > 100_000
    assert os.path.getsize(stored) == lexicon.size() * 8


def test_cached_bytes_loads_once_and_refuses_what_is_not_valid(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "c"))
    calls = []

    def load() -> bytes:
        calls.append(1)
        return b"12345678"

    assert rulecache.cached_bytes("t", "k", load) == b"12345678"
    assert rulecache.cached_bytes("t", "k", load) == b"12345678"
    assert len(calls) == 1
    assert rulecache.cached_bytes("t", "k", load, valid=lambda data: False) == b"12345678"
    assert len(calls) == 2


def test_without_a_cache_the_hashes_are_built_in_memory(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("NEWSLINT_NO_CACHE", "1")
    lexicon._english.cache_clear()
    try:
        assert lexicon.size() > 100_000
        assert not (tmp_path / "c").exists()
    finally:
        lexicon._english.cache_clear()
