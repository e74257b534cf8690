"""Test-wide setup: the helper modules are importable, and the rule cache stays in a temp dir."""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))

# Tests write many small rule sets; keep their cached copies out of the user's ~/.cache.
# Set at import so subprocess CLI tests and pytester runs inherit it.
os.environ.setdefault("NEWSLINT_CACHE_DIR", tempfile.mkdtemp(prefix="newslint-test-cache-"))
