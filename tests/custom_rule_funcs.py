"""User functions for the `python` kind tests."""

from newslint.kinds.base import Hit


def shouting(document, blocks, options):
    """Flag words in capitals longer than options['min'] letters."""
    for block in blocks:
        for word in block.text.split():
            if word.isupper() and len(word) >= options.get("min", 4):
                start = block.text.index(word)
                yield Hit(block, start, start + len(word), {"word": word})


def broken(document, blocks, options):
    """Always fails, to show a crashing rule does not stop the run."""
    raise RuntimeError("boom")
    yield  # pragma: no cover


def wrong_type(document, blocks, options):
    """Yields something that is not a Hit."""
    yield (0, 1)
