# gklint's pytest plugin is opt-in: installing gklint must not change how pytest runs other
# projects. This folder enables it: its collector runs the rules_*.yaml case files beside this
# one, and `gklint_lint` is the fixture that lints a text. (Importing them here, rather than
# `pytest_plugins = ["gklint.testing"]`, also works when pytest starts from a parent folder.)
from gklint.testing import gklint_lint, pytest_collect_file  # noqa: F401
