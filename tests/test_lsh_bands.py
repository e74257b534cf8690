"""The LSH bands of the near-duplicate check: datasketch's choice, computed without scipy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.kinds import corpus_kinds
from newslint.kinds.corpus_kinds import LSH_WEIGHTS, band_errors, lsh_bands, optimal_bands


def _simpson(f, lo: float, hi: float, steps: int = 4000) -> float:
    """The integral of f over [lo, hi] by Simpson's rule (an independent check of band_errors)."""
    if hi <= lo:
        return 0.0
    h = (hi - lo) / steps
    inner = sum((4 if i % 2 else 2) * f(lo + i * h) for i in range(1, steps))
    return (f(lo) + inner + f(hi)) * h / 3


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 1.0), st.integers(1, 40), st.integers(1, 40))
def test_band_errors_are_the_integrals_of_the_candidate_probability(threshold, bands, rows):
    def candidate(s: float) -> float:
        return 1 - (1 - s**rows) ** bands

    false_positive, false_negative = band_errors(threshold, bands, rows)
    assert false_positive == pytest.approx(_simpson(candidate, 0.0, threshold), abs=1e-9)
    assert false_negative == pytest.approx(_simpson(lambda s: 1 - candidate(s), threshold, 1.0), abs=1e-9)


@pytest.mark.parametrize("threshold", [1e-6, 0.01, 0.5, 0.999, 1.0])
@pytest.mark.parametrize("bands, rows", [(1, 1), (1, 1024), (1024, 1), (32, 32), (3, 300)])
def test_band_errors_stay_finite_and_in_range_at_the_extremes(threshold, bands, rows):
    """Powers that underflow (0.01**1024) or a threshold of 1 neither fail nor leave [0, 1]."""
    false_positive, false_negative = band_errors(threshold, bands, rows)
    assert -1e-12 <= false_positive <= threshold + 1e-12
    assert -1e-12 <= false_negative <= 1 - threshold + 1e-12
    if threshold == 1.0:
        assert false_negative == 0.0


def test_bands_for_the_default_rule_weigh_against_misses():
    """0.8 of 128 values: 14 bands of 9 rows (even weights would give 9 of 13)."""
    bands = lsh_bands(0.8, 128)
    assert bands == tuple((i * 9, (i + 1) * 9) for i in range(14))
    assert optimal_bands(0.8, 128, (0.5, 0.5)) == (9, 13)
    # A pair 84% similar must become a candidate almost always, not two times in three.
    rows = bands[0][1] - bands[0][0]
    assert 1 - (1 - 0.84**rows) ** len(bands) > 0.95


@pytest.mark.parametrize("num_perm", [16, 50, 128, 256])
@pytest.mark.parametrize("weights", [LSH_WEIGHTS, (0.5, 0.5)])
def test_band_choice_is_datasketchs(num_perm, weights):
    """The same (bands, rows) as datasketch's MinHashLSH (which integrates with scipy) for
    thresholds 0.05, 0.10, ... 1.0; runs where datasketch is installed (the test extra)."""
    datasketch = pytest.importorskip("datasketch")
    for step in range(1, 21):
        threshold = step / 20
        try:
            lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=num_perm, weights=weights)
        except ValueError as refused:
            # datasketch chooses, then refuses a single band (an index of one band is a
            # lookup of equal signatures); newslint keeps it: one band of every value.
            assert "b < 2" in str(refused)
            assert optimal_bands(threshold, num_perm, weights)[0] == 1, threshold
            continue
        assert optimal_bands(threshold, num_perm, weights) == (lsh.b, lsh.r), threshold


@pytest.mark.parametrize("threshold", [0.3, 0.8, 0.95])
def test_band_choice_is_datasketchs_for_the_most_permutations(threshold):
    datasketch = pytest.importorskip("datasketch")
    lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=1024, weights=LSH_WEIGHTS)
    assert optimal_bands(threshold, 1024, LSH_WEIGHTS) == (lsh.b, lsh.r)


def test_the_band_choice_imports_neither_scipy_nor_numpy_and_is_cached(tmp_path):
    code = (
        "import sys\n"
        "from newslint.kinds.corpus_kinds import lsh_bands\n"
        "bands = lsh_bands(0.8, 128)\n"
        "print(len(bands), 'scipy' in sys.modules or 'numpy' in sys.modules)\n"
    )
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("NEWSLINT_NO_CACHE", None)
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    (cached,) = (tmp_path / "cache").glob("lsh-bands-*.json")
    assert len(json.loads(cached.read_text())) == 14
    second = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert first == second == ["14", "False"]


def test_a_damaged_band_cache_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("NEWSLINT_NO_CACHE", raising=False)
    corpus_kinds.lsh_bands.cache_clear()
    good = corpus_kinds.lsh_bands(0.7, 64)
    # Plain data is cached as JSON, never as a pickle (a cache must not run code).
    (cached,) = tmp_path.glob("lsh-bands-*.json")
    for damage in [((0, 999),), "not bands", ()]:
        cached.write_text(json.dumps(damage))
        corpus_kinds.lsh_bands.cache_clear()
        assert corpus_kinds.lsh_bands(0.7, 64) == good
        assert json.loads(cached.read_text()) == [list(band) for band in good]  # and the file is mended
    cached.write_bytes(b"\x00garbage")
    corpus_kinds.lsh_bands.cache_clear()
    assert corpus_kinds.lsh_bands(0.7, 64) == good
    corpus_kinds.lsh_bands.cache_clear()


@pytest.mark.parametrize("threshold, num_perm", [(0.01, 16), (1.0, 16), (0.5, 1024), (1.0, 1024)])
def test_bands_are_valid_at_the_kinds_limits(threshold, num_perm):
    """The kind accepts thresholds in (0, 1] and 16 to 1024 permutations."""
    bands = optimal_bands(threshold, num_perm, LSH_WEIGHTS)
    assert bands[0] >= 1 and bands[1] >= 1 and bands[0] * bands[1] <= num_perm


def test_a_threshold_of_one_is_one_band_of_every_value_and_finds_equal_bodies():
    """datasketch refuses to index with a single band; the kind accepts threshold 1."""
    from dataclasses import replace

    from newslint.ruleset import BUILTIN_RULES, load_rules
    from newslint.testing import lint_corpus_texts

    rule = {r.id: r for r in load_rules([BUILTIN_RULES])[0]}["repetition.near-duplicate-article"]
    rule = replace(rule, kind=replace(rule.kind, threshold=1.0))
    body = " ".join(f"word{i}" for i in range(80))
    assert rule.kind.bands() == ((0, rule.kind.num_perm),)
    assert len(lint_corpus_texts(rule, ["One\n\n" + body, "Two\n\n" + body])) == 1
    assert lint_corpus_texts(rule, ["One\n\n" + body, "Two\n\n" + body.replace("word5 ", "other ")]) == []
