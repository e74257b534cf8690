"""A time limit on each regex call, kept by a timer signal instead of a clock read per call.

Every user regex runs under a time limit so that a catastrophic pattern cannot hang CI. The
`regex` module can enforce one itself (`timeout=`), but it then reads the process CPU clock, a
system call, at the start of every call: about 1.7 µs on a virtual machine, where the cheapest
search costs 0.2 µs. On hard-wrapped text the line rules make several calls per line, and
the clock reads came to a tenth of a run.

The module also looks for pending signals every 256 steps of a match. So while `guarding()`
is in force, an interval timer ticks every quarter of the limit (process CPU time, like the
module's own clock), and its handler raises TimeoutError inside a regex call that has been
running for four ticks. The regex helpers in kinds/base.py then call without `timeout=`.

The same ticks keep a CPU budget per rule and document (set_document_budget, start_rule,
end_rule): a rule whose calls are each quick but together run on and on is stopped with
BudgetExceeded once it has run through the ticks of its budget, counted without a clock read.

The timer is used only where it can be: in the main thread (Python runs signal handlers
there), on platforms with setitimer, and when nothing else has claimed the signal. In every
other case (Dask worker threads, Windows, a program with its own SIGVTALRM handler) the
helpers pass `timeout=` as before, so a limit is always kept.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

# Timer ticks a call may run through before it is stopped: the limit is 4 to 5 ticks.
_TICKS = 4
# CPU time one rule may spend on one document, all its calls together: a pattern that takes
# a second a paragraph stays under the per-call limit but would keep CI busy for minutes.
# Linear-time work grows with the document, so a big document gets more.
RULE_BUDGET_SECONDS = 10.0
RULE_BUDGET_SECONDS_PER_MB = 5.0


class BudgetExceeded(TimeoutError):
    """A rule used up its CPU budget on one document (all its work, not one regex call)."""


_SIGNAL = getattr(signal, "SIGVTALRM", None)
_TIMER = getattr(signal, "ITIMER_VIRTUAL", None)


class _Guard(threading.local):
    """Per-thread state: whether the timer guards this thread, and which call is running."""

    active = False  # the timer guards this thread: regex calls may skip `timeout=`
    started = 0  # number of guarded calls started so far
    running = 0  # number of the guarded call in progress, 0 between calls
    seen = 0  # the call the last tick found running
    ticks = 0  # ticks since then that found the same call still running
    limit = 0.0  # seconds a call may take (for the error message)
    budget_ticks = 0  # ticks a rule may run through on the current document (0: no budget)
    rule_ticks = -1  # ticks since the current rule started on it; -1 between rules
    budget = 0.0  # that budget in seconds (for the error message)


GUARD = _Guard()


def set_document_budget(characters: int) -> None:
    """Before a document's rules run: the CPU budget each of them gets on it (timer only)."""
    guard = GUARD
    if guard.active:
        guard.budget = RULE_BUDGET_SECONDS + RULE_BUDGET_SECONDS_PER_MB * characters / 1e6
        guard.budget_ticks = max(1, round(guard.budget / (guard.limit / _TICKS)))


def start_rule() -> None:
    """A rule starts on the document: its budget starts counting (no clock read: ticks)."""
    GUARD.rule_ticks = 0


def end_rule() -> None:
    """The rule is done with the document (or failed)."""
    GUARD.rule_ticks = -1


def _tick(signum: int, frame: object) -> None:
    """Timer signal: stop the regex call in progress if it has run for too many ticks, and
    the rule in progress if it has used up its budget on the document."""
    guard = GUARD  # the handler runs in the main thread, so this is the main thread's state
    if guard.rule_ticks >= 0 and guard.budget_ticks:
        guard.rule_ticks += 1
        if guard.rule_ticks >= guard.budget_ticks:
            # Raised again a few ticks later if the rule swallows it and goes on (a python
            # rule's `except Exception`), not at once: the engine is reporting it meanwhile.
            guard.rule_ticks -= _TICKS
            raise BudgetExceeded(f"used more than {guard.budget:g} s of CPU time on this document")
    if guard.running == 0 or guard.running != guard.seen:
        guard.seen, guard.ticks = guard.running, 0
        return
    guard.ticks += 1
    if guard.ticks >= _TICKS:
        guard.seen = guard.ticks = 0
        raise TimeoutError(f"regular expression ran for more than {guard.limit:g} s")


def _armable() -> tuple[int, int] | None:
    """(signal, timer) when the timer may be used: main thread, setitimer present, signal
    unclaimed; None otherwise."""
    if _SIGNAL is None or _TIMER is None or threading.current_thread() is not threading.main_thread():
        return None
    if signal.getsignal(_SIGNAL) not in (signal.SIG_DFL, _tick):
        return None  # somebody else's handler (None: one installed outside Python)
    return (_SIGNAL, _TIMER) if signal.getitimer(_TIMER) == (0.0, 0.0) else None


@contextlib.contextmanager
def guarding(limit: float) -> Iterator[None]:
    """Within the block, regex calls in this thread run under a `limit`-second timer.

    Nested use keeps the outer timer. Where the timer cannot be used, nothing changes and
    the regex helpers keep passing `timeout=` themselves."""
    guard = GUARD
    armable = None if guard.active or limit <= 0 else _armable()
    if armable is None:
        yield
        return
    signum, timer = armable
    previous = signal.signal(signum, _tick)
    guard.limit, guard.running, guard.seen, guard.ticks = limit, 0, 0, 0
    signal.setitimer(timer, limit / _TICKS, limit / _TICKS)
    guard.active = True
    try:
        yield
    finally:
        guard.active = False
        guard.budget_ticks, guard.rule_ticks = 0, -1
        signal.setitimer(timer, 0.0, 0.0)
        # A tick raised just before the timer stopped may still be pending (valgrind, for
        # one, delivers signals late). Ignoring the signal discards it: restoring the
        # default straight away would let it end the process ("Virtual timer expired").
        signal.signal(signum, signal.SIG_IGN)
        signal.signal(signum, previous)


def _forget_in_child() -> None:
    """A forked child inherits the guard's state and handler but not the timer: start unguarded."""
    GUARD.active = False
    GUARD.running = 0
    GUARD.budget_ticks, GUARD.rule_ticks = 0, -1
    if _SIGNAL is not None and signal.getsignal(_SIGNAL) is _tick:
        signal.signal(_SIGNAL, signal.SIG_DFL)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)
