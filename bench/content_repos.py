"""False alarms on real content repositories (../shared/corpus/content-repos; skips when absent).

    python bench/content_repos.py [--corpus DIR] [--show N] [--rule RULE] [--sample N]

Each repository is checked as the pre-commit hook and CI would (`newslint check --isolated`
from its root). These are clean, authored posts, so nearly every warning or error is false.
Prints, per repository: posts, posts with a warning or error, findings per rule, and examples.
`--sample N` prints N findings drawn at random (seeded) for reading by hand.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(os.path.dirname(HERE), "..", "shared", "corpus")


def findings_of(repo: str) -> list[dict]:
    """Findings of `newslint check --isolated` run from the repository's root."""
    command = [sys.executable, "-m", "newslint", "check", "--isolated", "--format", "json", "--exit-zero", "."]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"newslint failed in {repo}:\n{done.stderr}")
    return json.loads(done.stdout)


def posts_in(repo: str) -> int:
    """Markdown posts under the repository."""
    return sum(name.endswith(".md") for _, _, names in os.walk(repo) for name in names)


def line_of(repo: str, finding: dict) -> str:
    """The source line a finding points at, for reading by hand."""
    try:
        with open(os.path.join(repo, finding["path"]), encoding="utf-8", errors="replace") as handle:
            return handle.read().split("\n")[finding["line"] - 1].strip()
    except (OSError, IndexError):
        return "?"


def report(repo: str, show: int, rule: str | None, sample: int) -> tuple[int, int]:
    """Print one repository's figures; return (posts, posts flagged)."""
    findings = findings_of(repo)
    serious = [f for f in findings if f["severity"] in ("warning", "error")]
    posts = posts_in(repo)
    flagged = {f["path"] for f in serious}
    per_rule = collections.Counter(f["rule"] for f in serious)
    posts_per_rule = {r: len({f["path"] for f in serious if f["rule"] == r}) for r in per_rule}
    name = os.path.basename(repo.rstrip("/"))
    print(
        f"## {name}: {len(flagged)}/{posts} posts ({100 * len(flagged) / max(posts, 1):.1f}%) with a warning or error"
    )
    for r, count in per_rule.most_common():
        print(f"  {r}: {count} findings in {posts_per_rule[r]} posts")
    chosen = [f for f in serious if rule is None or f["rule"] == rule]
    for f in chosen[:show]:
        print(f"  - {f['path']}:{f['line']} {f['rule']} {f['match'][:80]!r}\n      | {line_of(repo, f)[:160]}")
    if sample:
        print(f"  sample of {min(sample, len(chosen))}:")
        for f in random.Random(0).sample(chosen, min(sample, len(chosen))):
            print(f"  - {f['path']}:{f['line']} {f['rule']} {f['message'][:100]!r}\n      | {line_of(repo, f)[:160]}")
    print()
    return posts, len(flagged)


def main() -> int:
    """Check every repository under content-repos."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--show", type=int, default=0, help="findings to print per repository")
    parser.add_argument("--rule", help="only show findings of this rule")
    parser.add_argument("--sample", type=int, default=0, help="random findings to print per repository")
    args = parser.parse_args()
    root = os.path.join(args.corpus, "content-repos")
    if not os.path.isdir(root):
        print(f"content repositories not found at {root}: skipping")
        return 0
    total = flagged = 0
    for name in sorted(os.listdir(root)):
        posts, bad = report(os.path.join(root, name), args.show, args.rule, args.sample)
        total += posts
        flagged += bad
    print(f"All: {flagged}/{total} posts ({100 * flagged / max(total, 1):.1f}%) with a warning or error")
    return 0


if __name__ == "__main__":
    sys.exit(main())
