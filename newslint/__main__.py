"""`python -m newslint` runs the command line."""

import os
import sys

# `python -m newslint` puts the working directory first on sys.path, so a content
# repository's `yaml.py` or `regex.py` would be imported in place of the real ones by the
# imports still to come. The repository is data (docs/security.md): take it off the path.
if (
    sys.path
    and not getattr(sys.flags, "safe_path", False)
    and os.path.realpath(sys.path[0] or os.curdir) == os.path.realpath(os.getcwd())
):
    del sys.path[0]

from newslint.cli import main  # noqa: E402

sys.exit(main())
