"""The built-in rule packs, installed as the package `newslint.rules` (see pyproject.toml).

Only data lives here: `<pack>/<rule>.yaml` files, each pack's `_lists.yaml`, and the packs'
test cases in `cases/<rule-id>.yaml`, which `newslint test-rules rules/` runs. This file
makes the directory an importable package, so `importlib.resources` finds it both in a
wheel install and in an editable one.
"""
