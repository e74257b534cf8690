"""The regex time limit: kept by the watchdog timer in the main thread, by `timeout=` elsewhere."""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
import threading
import time

import pytest
import regex

from newslint.kinds import base
from newslint.watchdog import GUARD, guarding

CATASTROPHIC = regex.compile(r"(a|a)+b")  # tries 2^n ways before failing
RUNAWAY_TEXT = "a" * 40 + "x"
posix_only = pytest.mark.skipif(not hasattr(signal, "setitimer") or sys.platform == "win32", reason="needs setitimer")


def _timer_is_off() -> bool:
    return (
        signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0) and signal.getsignal(signal.SIGVTALRM) == signal.SIG_DFL
    )


@posix_only
def test_the_timer_stops_a_runaway_search_and_is_removed_after(monkeypatch):
    monkeypatch.setattr(base, "REGEX_TIMEOUT", 0.2)
    started = time.process_time()
    with pytest.raises(TimeoutError):
        with guarding(0.2):
            assert GUARD.active
            base.search(CATASTROPHIC, RUNAWAY_TEXT)
    spent = time.process_time() - started
    # The timer counts user CPU time in ticks, process_time() user and system time: under load
    # they part by a few hundredths. Not before about the limit, and long before a runaway's end.
    assert 0.1 <= spent < 5, spent
    assert not GUARD.active and _timer_is_off()


@posix_only
def test_the_timer_stops_a_runaway_match_too():
    with pytest.raises(TimeoutError):
        with guarding(0.2):
            base.match(CATASTROPHIC, RUNAWAY_TEXT)


@posix_only
def test_many_quick_calls_together_longer_than_the_limit_are_not_stopped():
    quick = regex.compile(r"\bcredit\b")
    calls = 0
    with guarding(0.05):
        started = time.process_time()
        while time.process_time() - started < 0.4:  # eight limits of work, no call near one
            base.search(quick, "Photo credit: Jane Doe / Reuters " * 20)
            calls += 1
    assert calls > 100


@posix_only
def test_python_code_between_calls_is_never_stopped():
    with guarding(0.05):
        started = time.process_time()
        while time.process_time() - started < 0.3:
            pass
        assert base.search(regex.compile("b"), "abc") is not None


# A tick made pending just before the timer stops (valgrind delivers signals late), then
# let through once the default action is back: without the guard discarding it, this
# child process would be ended by SIGVTALRM ("Virtual timer expired").
_LATE_TICK = """
import os, signal
from newslint.watchdog import guarding
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGVTALRM})
with guarding(1.0):
    os.kill(os.getpid(), signal.SIGVTALRM)
assert signal.getsignal(signal.SIGVTALRM) == signal.SIG_DFL
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGVTALRM})
print("survived")
"""


@posix_only
def test_a_tick_still_pending_when_the_timer_stops_is_discarded():
    done = subprocess.run([sys.executable, "-c", _LATE_TICK], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "survived"), done.stderr


@posix_only
def test_nested_guarding_keeps_the_outer_timer():
    with guarding(0.4):
        outer = signal.getitimer(signal.ITIMER_VIRTUAL)[1]
        with guarding(0.1):
            assert signal.getitimer(signal.ITIMER_VIRTUAL)[1] == outer
        assert GUARD.active
    assert _timer_is_off()


@posix_only
def test_a_signal_someone_else_handles_is_left_alone(monkeypatch):
    monkeypatch.setattr(base, "REGEX_TIMEOUT", 0.2)

    def theirs(signum, frame):
        pass

    previous = signal.signal(signal.SIGVTALRM, theirs)
    try:
        with guarding(0.2):
            assert not GUARD.active
            assert signal.getsignal(signal.SIGVTALRM) is theirs
            with pytest.raises(TimeoutError):  # the module's own timeout still applies
                base.search(CATASTROPHIC, RUNAWAY_TEXT)
    finally:
        signal.signal(signal.SIGVTALRM, previous)


def test_other_threads_use_the_per_call_timeout(monkeypatch):
    monkeypatch.setattr(base, "REGEX_TIMEOUT", 0.2)
    seen: list[object] = []

    def work() -> None:
        with guarding(0.2):
            seen.append(GUARD.active)
            try:
                base.search(CATASTROPHIC, RUNAWAY_TEXT)
            except TimeoutError as exc:
                seen.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert seen[0] is False and isinstance(seen[1], TimeoutError)


def _child(queue) -> None:
    queue.put((GUARD.active, signal.getsignal(signal.SIGVTALRM) == signal.SIG_DFL))
    try:
        with guarding(0.2):
            active = GUARD.active
            base.search(CATASTROPHIC, RUNAWAY_TEXT)
        queue.put((active, "no timeout"))
    except TimeoutError:
        queue.put((active, "timeout"))


@posix_only
def test_a_forked_child_starts_unguarded_and_can_guard_itself():
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    with guarding(0.2):
        process = context.Process(target=_child, args=(queue,))
        process.start()
        inherited = queue.get(timeout=30)
        own = queue.get(timeout=30)
        process.join(30)
    assert inherited == (False, True)
    assert own == (True, "timeout")


@posix_only
def test_a_file_of_many_documents_arms_the_timer_once(tmp_path, monkeypatch):
    from newslint import runner
    from newslint.config import Config
    from newslint.ruleset import BUILTIN_RULES, load_rules

    rules, _ = load_rules([BUILTIN_RULES])
    path = tmp_path / "records.jsonl"
    path.write_text("".join(f'{{"id": {i}, "title": "Bridge {i}", "body": "Skip to content"}}\n' for i in range(5)))
    armed: list[float] = []
    real = signal.setitimer

    def counting(which, seconds, interval=0.0):
        if seconds:
            armed.append(seconds)
        return real(which, seconds, interval)

    monkeypatch.setattr(signal, "setitimer", counting)
    result = runner.check_file(str(path), rules, Config())
    assert result.documents == 5 and any(f.rule == "scraping.nav-line" for f in result.findings)
    assert len(armed) == 1 and _timer_is_off()
