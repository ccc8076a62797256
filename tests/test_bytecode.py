"""gklint's modules served from a table of their byte-code: the same modules, and never stale ones."""

from __future__ import annotations

import compileall
import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gklint.bytecode import KeptLoader, ModuleTable, modules_kept, table_path
from tests.conftest import EXAMPLES

PACKAGE = "kept_modules_probe"


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package of two modules and a subpackage, compiled, importable, and forgotten afterwards."""
    root = tmp_path / "site" / PACKAGE
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("NAME = 'top'\n", encoding="utf-8")
    (root / "plain.py").write_text("VALUE = 1\n\ndef twice(x):\n    return 2 * x\n", encoding="utf-8")
    (root / "sub" / "__init__.py").write_text("", encoding="utf-8")
    leaf = f"from {PACKAGE}.plain import VALUE\nLEAF = VALUE + 1\n"
    (root / "sub" / "leaf.py").write_text(leaf, encoding="utf-8")
    compileall.compile_dir(str(root), quiet=1)
    monkeypatch.syspath_prepend(str(root.parent))
    monkeypatch.setenv("GKLINT_MANIFEST_DIR", str(tmp_path / "kept"))
    forget()
    yield root
    forget()


def forget() -> None:
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]
    importlib.invalidate_caches()


def load(*names: str) -> dict[str, object]:
    """Import the package's modules with the table active; what each module is, as plain values."""
    forget()
    importlib.import_module(PACKAGE)  # the package itself is Python's, as gklint's is
    with modules_kept(PACKAGE + "."):
        modules = {name: importlib.import_module(f"{PACKAGE}.{name}") for name in names}
    return {
        name: (
            isinstance(module.__spec__.loader, KeptLoader),
            module.__file__,
            module.__cached__,
            getattr(module, "__path__", None),
            {key: value for key, value in vars(module).items() if key.isupper()},
        )
        for name, module in modules.items()
    }


def test_the_second_import_comes_from_the_table_and_gives_the_same_modules(package: Path) -> None:
    first = load("plain", "sub", "sub.leaf")
    assert Path(table_path()).is_file()
    second = load("plain", "sub", "sub.leaf")
    assert all(not kept for kept, *_ in first.values()) and all(kept for kept, *_ in second.values())
    assert {name: rest for name, (_, *rest) in first.items()} == {name: rest for name, (_, *rest) in second.items()}
    assert second["sub.leaf"][4] == {"VALUE": 1, "LEAF": 2}
    assert second["sub"][3] == [str(package / "sub")]
    assert sys.modules[f"{PACKAGE}.plain"].twice(21) == 42  # type: ignore[attr-defined]


@pytest.mark.parametrize("same_size", [False, True])
def test_an_edited_module_is_imported_from_its_source_and_the_table_takes_it(package: Path, same_size: bool) -> None:
    load("plain")
    load("plain")  # from the table
    source = package / "plain.py"
    before = source.stat()
    edited = "VALUE = 7\n\ndef twice(x):\n    return 2 * x\n" if same_size else "VALUE = 70\n"
    source.write_text(edited, encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    compileall.compile_file(str(source), quiet=1, force=True)
    fresh = load("plain")["plain"]
    assert not fresh[0] and fresh[4] == {"VALUE": 7 if same_size else 70}
    again = load("plain")["plain"]
    assert again[0] and again[4] == fresh[4]


@pytest.mark.parametrize("told", [False, True])
def test_without_byte_code_on_disk_the_table_compiles_the_sources(
    package: Path, monkeypatch: pytest.MonkeyPatch, told: bool
) -> None:
    for cached in package.rglob("*.pyc"):
        cached.unlink()
    if told:
        monkeypatch.setattr(sys, "dont_write_bytecode", True)  # PYTHONDONTWRITEBYTECODE
    else:
        monkeypatch.setattr(sys, "pycache_prefix", "/dev/null/gklint-test")  # a cache Python cannot write
    first = load("plain", "sub.leaf")
    second = load("plain", "sub.leaf")
    assert not any(kept for kept, *_ in first.values()) and all(kept for kept, *_ in second.values())
    assert [rest for _, *rest in first.values()] == [rest for _, *rest in second.values()]
    assert not list(package.rglob("*.pyc"))


def test_a_damaged_table_is_ignored_and_made_again(package: Path) -> None:
    load("plain")
    Path(table_path()).write_bytes(b"\x00garbage")
    assert load("plain")["plain"][4] == {"VALUE": 1}
    assert load("plain")["plain"][0]


def test_the_table_serves_only_its_prefix_and_a_package_it_saw(package: Path, tmp_path: Path) -> None:
    load("plain")
    table = ModuleTable(table_path(), PACKAGE + ".")
    assert table.find_spec("json.decoder", None) is None
    assert table.find_spec(f"{PACKAGE}.plain", [str(tmp_path / "elsewhere")]) is None  # another copy of the package
    spec = table.find_spec(f"{PACKAGE}.plain", [str(package)])
    assert spec is not None and spec.origin == str(package / "plain.py")


def test_a_check_run_twice_imports_gklint_from_the_table_and_prints_the_same(tmp_path: Path) -> None:
    program = (
        "import sys\n"
        "from gklint.cli import main\n"
        f"code = main(['check', '--no-cache', {str(EXAMPLES / 'mistakes-2023.txt')!r}])\n"
        "from gklint.bytecode import KeptLoader\n"
        "specs = {n: getattr(m, '__spec__', None) for n, m in sys.modules.items()}\n"
        "kept = [n for n, spec in specs.items() if isinstance(getattr(spec, 'loader', None), KeptLoader)]\n"
        "print('kept', len(kept), 'binder' in ' '.join(kept), code)\n"
    )
    env = {**os.environ, "GKLINT_MANIFEST_DIR": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, check=False)
        for _ in range(3)
    ]
    outputs = [run.stdout.rsplit("kept", 1) for run in runs]
    assert outputs[0][0] == outputs[1][0] == outputs[2][0] and "GK" in outputs[0][0]
    assert outputs[0][1].split()[0] == "0"  # the first run fills the table (and the plugin manifest)
    count, binder, code = outputs[2][1].split()
    assert int(count) > 50 and binder == "True" and code == "1"
