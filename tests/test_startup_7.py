"""The collector around a command: paused while it runs, and left paused when the command is the
process's own (the process ends with it), restored for a caller that runs ``main`` itself."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gklint.cli import main
from tests.conftest import EXAMPLES

REPORT = EXAMPLES / "mistakes-2023.txt"

# Logs each collection the process (not a worker) runs once a check's machinery is imported.
COLLECTIONS = """
import gc, os, sys

_parent = os.getpid()

def _log(phase, info):
    if phase == "start" and os.getpid() == _parent and "gklint.runner" in sys.modules:
        with open(os.environ["GKLINT_TEST_GC_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{info['generation']}\\n")

gc.callbacks.append(_log)
"""


def _collections_during(tmp_path: Path, *command: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(COLLECTIONS, encoding="utf-8")
    log = tmp_path / "collections.log"
    log.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(hook),
        "GKLINT_MANIFEST_DIR": str(tmp_path / "cache"),
        "GKLINT_TEST_GC_LOG": str(log),
    }
    result = subprocess.run(
        [sys.executable, *command], capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path
    )
    return result, log.read_text(encoding="utf-8").split() if log.exists() else []


def test_a_one_file_check_runs_no_collection_once_its_command_began(tmp_path: Path) -> None:
    _collections_during(tmp_path, "-m", "gklint", "check", "--no-cache", str(REPORT))  # the manifest, the code
    result, collections = _collections_during(tmp_path, "-m", "gklint", "check", "--no-cache", str(REPORT))
    assert result.returncode == 1 and "GK" in result.stdout
    assert collections == []


def test_the_hook_sees_a_collection_the_process_runs(tmp_path: Path) -> None:
    """The log above is real: a collection the process asks for after the command is logged."""
    probe = f"import gc, gklint.cli\ngklint.cli.main(['check', '--no-cache', {str(REPORT)!r}])\ngc.collect()\n"
    result, collections = _collections_during(tmp_path, "-c", probe)
    assert result.returncode == 0 and "GK" in result.stdout
    assert collections[-1:] == ["2"]  # and, the collector resumed, perhaps one of its own before


@pytest.mark.parametrize("enabled", [True, False])
def test_main_called_by_a_caller_leaves_the_collector_as_it_found_it(
    enabled: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    was_enabled = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        code = main(["--version"])
        state = gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()
    assert code == 0 and capsys.readouterr().out.startswith("gklint ")
    assert state is enabled


def _found_by_path_objects(start: Path) -> Path | None:
    """``find_config`` as it was written with path objects: the reference for the text walk."""
    from gklint.config import CONFIG_FILES, has_gklint_table

    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        for name in CONFIG_FILES:
            if (folder / name).is_file():
                return folder / name
        if has_gklint_table(folder / "pyproject.toml"):
            return folder / "pyproject.toml"
        if (folder / ".git").exists():
            return None
    return None


def test_the_nearest_config_is_found_as_the_path_walk_finds_it(tmp_path: Path) -> None:
    from gklint.config import find_config

    layouts = [
        {},
        {"a/.gklint.yaml": "lang: en\n"},
        {"a/b/.gklint.yml": "", "a/.gklint.yaml": ""},
        {"a/b/pyproject.toml": "[project]\nname = 'x'\n"},  # no [tool.gklint]: not a config, the walk goes on
        {"a/b/pyproject.toml": "[tool.gklint]\nlang = 'en'\n", "a/.gklint.yaml": ""},
        {"a/b/.git/HEAD": "", "a/.gklint.yaml": ""},  # the repository root bounds the search
        {"a/b/c/.gklint.yaml/x": "", "a/.gklint.yaml": ""},  # a folder of that name is no config file
    ]
    found = set()
    for number, layout in enumerate(layouts):
        root = tmp_path / str(number)
        deep = root / "a" / "b" / "c"
        deep.mkdir(parents=True)
        (root / "a" / "link").symlink_to(deep, target_is_directory=True)
        for name, text in layout.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        link = root / "a" / "link"
        for start in [deep, deep / "r.txt", link, link / "r.txt", root / "a", Path("relative")]:
            assert find_config(start) == _found_by_path_objects(start), (layout, start)
            found.add(find_config(start))
    assert tmp_path.resolve() / "4" / "a" / "b" / "pyproject.toml" in found and None in found
