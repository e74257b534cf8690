"""Placeholder until the format lands."""

def render(findings, context=None):
    raise NotImplementedError
