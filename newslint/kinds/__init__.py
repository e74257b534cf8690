"""Check kinds: one module each; KINDS is the only registry of them."""

from __future__ import annotations

from newslint.kinds.boilerplate import BoilerplateKind
from newslint.kinds.consistency import ConsistencyKind
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

KINDS: dict[str, type] = {
    "pattern": PatternKind,
    "line": LineKind,
    "substitution": SubstitutionKind,
    "consistency": ConsistencyKind,
    "duplicate": DuplicateKind,
    "footnotes": FootnotesKind,
    "metric": MetricKind,
    "boilerplate": BoilerplateKind,
    "python": PythonKind,
    "quotes": QuotesKind,
    "corpus-headline": CorpusHeadlineKind,
    "corpus-near-duplicate": CorpusNearDuplicateKind,
    "corpus-teaser": CorpusTeaserKind,
    "corpus-recurring-line": CorpusRecurringLineKind,
}
# The kinds that compare documents with each other (newslint.corpus runs them after the rest).
CORPUS_KIND_TYPES = (CorpusHeadlineKind, CorpusNearDuplicateKind, CorpusTeaserKind, CorpusRecurringLineKind)
