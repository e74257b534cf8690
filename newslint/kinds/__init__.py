"""Check kinds: one module each; KINDS is the only registry of them.

What a kind is, receives, yields and may declare: newslint/kinds/contract.py. A kind that
compares documents (a CorpusKind) is told apart by its shape, not by a list of its own.
"""

from __future__ import annotations

from newslint.kinds.boilerplate import BoilerplateKind
from newslint.kinds.cohesion import CohesionKind
from newslint.kinds.consistency import ConsistencyKind
from newslint.kinds.contract import Kind
from newslint.kinds.corpus_chrome import CorpusRecurringLineKind
from newslint.kinds.corpus_kinds import CorpusHeadlineKind, CorpusNearDuplicateKind, CorpusTeaserKind
from newslint.kinds.duplicate import DuplicateKind
from newslint.kinds.footnotes import FootnotesKind
from newslint.kinds.line import LineKind
from newslint.kinds.metric import MetricKind
from newslint.kinds.pattern import PatternKind
from newslint.kinds.python import PythonKind
from newslint.kinds.quotes import QuotesKind
from newslint.kinds.substitution import SubstitutionKind
from newslint.kinds.trailing import TrailingSectionKind

KINDS: dict[str, type[Kind]] = {
    "pattern": PatternKind,
    "line": LineKind,
    "substitution": SubstitutionKind,
    "consistency": ConsistencyKind,
    "duplicate": DuplicateKind,
    "footnotes": FootnotesKind,
    "metric": MetricKind,
    "boilerplate": BoilerplateKind,
    "cohesion": CohesionKind,
    "trailing-section": TrailingSectionKind,
    "python": PythonKind,
    "quotes": QuotesKind,
    "corpus-headline": CorpusHeadlineKind,
    "corpus-near-duplicate": CorpusNearDuplicateKind,
    "corpus-teaser": CorpusTeaserKind,
    "corpus-recurring-line": CorpusRecurringLineKind,
}
