"""The progress display: drawn on a terminal for long runs, never in logs or pipes."""

import io

from newslint import progress as progress_module
from newslint.progress import progress


class FakeTerminal(io.StringIO):
    """A StringIO that says it is a terminal."""

    def isatty(self):
        return True


def test_nothing_is_written_when_stderr_is_not_a_terminal():
    stream = io.StringIO()
    assert list(progress(range(5), 5, stream)) == [0, 1, 2, 3, 4]
    assert stream.getvalue() == ""


def test_a_terminal_sees_counts_and_the_line_is_erased_at_the_end(monkeypatch):
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(progress_module, "REDRAW_SECONDS", 0.0)
    stream = FakeTerminal()
    items = list(progress(["a", "b", "c"], 3, stream, documents=lambda item: 2))
    assert items == ["a", "b", "c"]
    text = stream.getvalue()
    assert "3/3 files, 6 documents" in text and text.endswith("\r\x1b[K")


def test_short_runs_draw_nothing_even_on_a_terminal():
    stream = FakeTerminal()
    list(progress(range(3), 3, stream))
    assert stream.getvalue() == ""


def test_bytes_are_shown_in_megabytes(monkeypatch):
    """A run over one huge JSONL file moves range by range, weighed in bytes."""
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(progress_module, "REDRAW_SECONDS", 0.0)
    stream = FakeTerminal()
    ranges = [(8_000_000, 100), (8_000_000, 120), (4_500_000, 60)]
    list(progress(ranges, 20_500_000, stream, documents=lambda r: r[1], size=lambda r: r[0], unit="bytes"))
    text = stream.getvalue()
    assert "8.0/20.5 MB, 100 documents" in text and "20.5/20.5 MB, 280 documents" in text


def test_an_interrupted_run_erases_the_line_too(monkeypatch):
    # Ctrl-C or SIGTERM during a run: the error message must not follow a half-drawn line.
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(progress_module, "REDRAW_SECONDS", 0.0)

    def interrupted():
        yield "a"
        raise KeyboardInterrupt

    stream = FakeTerminal()
    try:
        list(progress(interrupted(), 2, stream))
    except KeyboardInterrupt:
        pass
    assert stream.getvalue().endswith("\r\x1b[K")
