"""The rules of the house (docs/architecture.md), checked on every import of the source tree.

* The kernel imports no plugin: it finds readers, rules, formatters, templates and rulesets through
  the ``gklint`` entry-point group only.
* A plugin imports nothing of gklint but ``gklint.plugin``, besides its own modules.
* A plugin imports no sibling plugin; a helper module beside plugins (one that is no entry point)
  belongs to the one plugin that uses it.

Imports are read with ``ast`` from every module (inside functions and ``TYPE_CHECKING`` blocks too);
nothing is imported or run.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_API = "gklint.plugin"
PLUGIN_FOLDERS = ("gklint.readers", "gklint.rules", "gklint.formatters", "gklint.templates", "gklint.rulesets")
PACKAGE_DIRS = {"gklint.rulesets": "rulesets"}  # pyproject's package-dir: the rulesets ship inside gklint


@dataclass(frozen=True)
class Tree:
    """The modules of a source tree (name -> source) and the plugins' entry-point targets."""

    modules: Mapping[str, str]
    plugins: frozenset[str]  # modules (or packages) registered in the ``gklint`` group

    def unit_of(self, module: str) -> str | None:
        """The plugin a module is (part of), or None."""
        return next((p for p in self.plugins if module == p or module.startswith(p + ".")), None)

    def in_plugin_folder(self, module: str) -> bool:
        return self.unit_of(module) is not None or module.startswith(tuple(f + "." for f in PLUGIN_FOLDERS))

    def resolve(self, name: str) -> str | None:
        """The module of the tree an imported name stands for (its longest known prefix)."""
        parts = name.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.modules:
                return candidate
        return None


def imported_names(module: str, source: str, is_package: bool) -> Iterator[str]:
    """Every module name an import statement of the source names (``from a import b``: ``a`` and ``a.b``)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def violations(tree: Tree, packages: frozenset[str] = frozenset()) -> list[str]:
    """Every import that breaks a rule of the house, said as ``importer -> imported: why``."""
    found: list[str] = []
    helper_users: dict[str, set[str]] = {}
    for module, source in sorted(tree.modules.items()):
        unit = tree.unit_of(module)
        targets = {tree.resolve(n) for n in imported_names(module, source, module in packages)} - {None, module}
        for target in sorted(t for t in targets if t is not None):
            problem = _problem(tree, module, unit, target)
            if problem:
                found.append(f"{module} -> {target}: {problem}")
            elif unit is not None and tree.unit_of(target) is None and tree.in_plugin_folder(target):
                helper_users.setdefault(target, set()).add(unit)
    for helper, users in sorted(helper_users.items()):
        if len(users) > 1:
            found.append(
                f"{helper}: a helper shared by the plugins {', '.join(sorted(users))} (siblings share nothing)"
            )
    return found


def _problem(tree: Tree, module: str, unit: str | None, target: str) -> str:
    target_unit = tree.unit_of(target)
    if not tree.in_plugin_folder(module):  # the kernel
        return "the kernel imports a plugin" if tree.in_plugin_folder(target) else ""
    if target == PUBLIC_API or (unit is not None and target_unit == unit):
        return ""
    if target_unit is not None:
        return "a plugin imports a sibling plugin"
    if tree.in_plugin_folder(target):
        return ""  # a helper beside the plugins: whose it is is checked over the whole tree
    return "a plugin imports gklint beyond gklint.plugin" if target.split(".")[0] == "gklint" else ""


# --------------------------------------------------------------------------- the real tree


def _module_name(path: Path, base: Path, prefix: str = "") -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([p for p in (prefix,) if p] + parts)


def source_tree() -> tuple[Tree, frozenset[str]]:
    """gklint, its shipped rulesets, and every plugin distribution under plugins/."""
    modules: dict[str, str] = {}
    packages: set[str] = set()
    roots = [(ROOT / "gklint", ROOT, "")]
    roots += [(ROOT / folder, ROOT / folder, package) for package, folder in PACKAGE_DIRS.items()]
    roots += [(d, d.parent, "") for d in sorted(ROOT.glob("plugins/*/*")) if (d / "__init__.py").is_file()]
    plugins: set[str] = set()
    for pyproject in [ROOT / "pyproject.toml", *sorted(ROOT.glob("plugins/*/pyproject.toml"))]:
        points = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["entry-points"]["gklint"]
        plugins.update(target.split(":")[0] for target in points.values())
    for folder, base, prefix in roots:
        for path in sorted(folder.rglob("*.py")):
            name = _module_name(path, base, prefix)
            modules[name] = path.read_text(encoding="utf-8")
            if path.name == "__init__.py":
                packages.add(name)
    return Tree(modules, frozenset(plugins)), frozenset(packages)


def test_the_source_tree_keeps_the_rules_of_the_house() -> None:
    tree, packages = source_tree()
    assert {"gklint.readers.pdf", "gklint.rules.totals", "gklint.formatters.sarif", "gklint_hunan"} <= tree.plugins
    assert "gklint.engine" in tree.modules and "gklint.rulesets" in tree.modules
    assert violations(tree, packages) == []


# --------------------------------------------------------------------------- the check itself

PLUGINS = frozenset({"gklint.readers.text", "gklint.readers.pdf", "gklint.rules.narrative", "province"})


def tree_of(**sources: str) -> Tree:
    modules = {name.replace("__", "."): source for name, source in sources.items()}
    names = ("gklint.plugin", "gklint.model", "gklint.binder", "gklint.readers.text", "gklint.readers.pdf")
    known = dict.fromkeys((*names, "gklint.rules.narrative"), "")
    return Tree({**known, **modules}, PLUGINS)


@pytest.mark.parametrize(
    ("sources", "why"),
    [
        ({"gklint__runner": "from gklint.readers.text import TextReader"}, "the kernel imports a plugin"),
        ({"gklint__engine": "def f():\n    import gklint.readers.pdf.layout"}, "the kernel imports a plugin"),
        ({"gklint__readers__pdf__layout": "from gklint.model import Location"}, "beyond gklint.plugin"),
        ({"province__rules": "from gklint.binder import bind"}, "beyond gklint.plugin"),
        ({"gklint__readers__pdf__ocr": "from gklint.readers.text import blocks"}, "sibling"),
        ({"gklint__readers__pdf": "from gklint.readers import text"}, "sibling"),
        ({"province": "from gklint.rules.narrative import NarrativeRule"}, "sibling"),
        (
            {
                "gklint__rules__shared": "",
                "gklint__rules__narrative": "from gklint.rules import shared",
                "province__fees": "from gklint.rules.shared import x",
            },
            "a helper shared",
        ),
    ],
)
def test_a_forbidden_import_is_reported(sources: dict[str, str], why: str) -> None:
    found = violations(tree_of(**sources), packages=frozenset({"gklint.readers.pdf"}))
    assert found and any(why in line for line in found), found


def test_what_the_house_allows_is_not_reported() -> None:
    allowed = tree_of(
        gklint__runner="from gklint.model import Document\nfrom gklint.plugin import Reader",
        gklint__readers__pdf="from .layout import blocks\nfrom gklint.plugin import Document",
        gklint__readers__pdf__layout="from gklint.readers.pdf.lines import Line\nimport pdfminer",
        gklint__readers__pdf__lines="from gklint.plugin import Location",
        gklint__rules__narrative_text="import re",
        gklint__rules__narrative="from gklint.rules.narrative_text import statements",
        province="from gklint.plugin import Rule\nfrom province.fees import FeeRule",
        province__fees="from gklint.plugin import Rule",
    )
    assert violations(allowed, packages=frozenset({"gklint.readers.pdf", "province"})) == []


def test_no_module_is_much_over_400_lines() -> None:
    tree, _ = source_tree()
    long = {name: lines for name, source in tree.modules.items() if (lines := source.count("\n")) > 420}
    assert long == {}, "split these by concern (docs/architecture.md)"
