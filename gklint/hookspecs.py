"""The hook specifications: gklint's contract with every plugin, built-in or third-party.

A plugin is any module or object registered under the ``gklint`` entry-point group that
implements some of these hooks with ``@gklint.plugin.hookimpl``. Hooks are always called with
keyword arguments, so a later version may add arguments without breaking existing plugins
(pluggy lets an implementation accept any subset of a spec's arguments). A hook's answer must
depend only on the installed code: it is remembered between runs (``gklint.manifest``), so that a
run imports only the plugins whose answers it needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from gklint.formatter import Formatter
    from gklint.reader import Reader
    from gklint.rule import Rule
    from gklint.template import Template

PROJECT = "gklint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def gklint_readers() -> Sequence[Reader]:
    """Return the format readers this plugin provides (each a ``Reader`` instance)."""
    raise NotImplementedError


@hookspec
def gklint_rules() -> Sequence[type[Rule]]:
    """Return the rule classes this plugin provides (subclasses of ``Rule``)."""
    raise NotImplementedError


@hookspec
def gklint_formatters() -> Sequence[Formatter]:
    """Return the output formatters this plugin provides (each a ``Formatter`` instance)."""
    raise NotImplementedError


@hookspec
def gklint_rulesets() -> Sequence[Path]:
    """Return paths of YAML ruleset files this plugin ships (the file stem is the ruleset name)."""
    raise NotImplementedError


@hookspec
def gklint_templates() -> Sequence[Template]:
    """Return the report templates (national formats, province variants) this plugin knows."""
    raise NotImplementedError
