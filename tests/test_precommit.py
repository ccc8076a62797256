"""The pre-commit hook, run for real: `pre-commit try-repo` and `pre-commit run` in throwaway repositories.

pre-commit installs gklint from a clone of this repository into its own virtualenv (about ten
seconds a time with a package index), so these tests are slow-ish but stay in the default run. The
hook repository is a clone of HEAD with the working tree's `.pre-commit-hooks.yaml` committed on
top: on a clean checkout (CI) that is exactly this repository; on a working copy it does not pick
up half-done edits elsewhere in the tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
BAD_NAME = "样例 年报 2023.txt"
# A PDF the PDF reader's tests ship; it has warnings only, so it does not fail the hook.
PDF_FIXTURE = Path("tests/fixtures/pdf/synthetic_ruled.pdf")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without git's per-repository variables (set when pytest itself runs in a hook)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "PRE_COMMIT"}
    return {**env, "GIT_CONFIG_NOSYSTEM": "1", **extra}


def git(cwd: Path, *args: str) -> str:
    identity = ["-c", "user.name=gklint tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]
    done = subprocess.run(
        ["git", *identity, *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("pre_commit")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        cwd=cwd,
        env=clean_env(PRE_COMMIT_HOME=str(home)),
        capture_output=True,
        encoding="utf-8",
        errors="replace",
    )
    if done.returncode == 3 and "No matching distribution" in done.stdout + done.stderr:
        pytest.skip("pre-commit could not build the hook environment (no package index reachable)")
    return done


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module: `run` builds the hook's virtualenv once (try-repo uses its own)."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / ".git").exists():
        pytest.skip("this checkout is not a git repository")
    clone = tmp_path_factory.mktemp("hook") / "gklint"
    git(ROOT, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone))
    shutil.copyfile(MANIFEST, clone / ".pre-commit-hooks.yaml")
    if git(clone, "status", "--porcelain"):
        git(clone, "add", ".pre-commit-hooks.yaml")
        git(clone, "commit", "--quiet", "-m", "hook manifest from the working tree")
    return clone


def has_pdf_reader(hook_repo: Path) -> bool:
    return (hook_repo / "gklint" / "readers" / "pdf.py").exists() and (hook_repo / PDF_FIXTURE).exists()


def consumer(root: Path, files: dict[str, Path]) -> Path:
    """A repository of reports, committed."""
    root.mkdir()
    git(root, "init", "--quiet")
    for name, source in files.items():
        shutil.copyfile(source, root / name)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "reports")
    return root


def good_reports(hook_repo: Path) -> dict[str, Path]:
    files = {"clean-2023.md": EXAMPLES / "clean-2023.md", "年报.TXT": EXAMPLES / "clean-2023.md"}
    if has_pdf_reader(hook_repo):
        files["年报.PDF"] = hook_repo / PDF_FIXTURE
    return files


def test_the_manifest_is_valid() -> None:
    pytest.importorskip("pre_commit")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_try_repo_fails_on_a_bad_report(tmp_path: Path, home: Path, hook_repo: Path) -> None:
    files = {**good_reports(hook_repo), "mistakes-2023.txt": EXAMPLES / "mistakes-2023.txt"}
    files[BAD_NAME] = EXAMPLES / "mistakes-2023.txt"
    repo = consumer(tmp_path / "reports", files)

    done = pre_commit(repo, home, "try-repo", str(hook_repo), "gklint", "--all-files")

    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "mistakes-2023.txt:3:59: GK302 [error]" in output
    assert f"{BAD_NAME}:32:56: GK401 [error]" in output
    # every file was handed to gklint, the upper-case .TXT (and .PDF) included
    assert f"检查 {len(files)} 个文件" in output, output


def test_try_repo_passes_on_good_reports(tmp_path: Path, home: Path, hook_repo: Path) -> None:
    files = good_reports(hook_repo)
    repo = consumer(tmp_path / "reports", files)

    done = pre_commit(repo, home, "try-repo", str(hook_repo), "gklint", "--all-files", "--verbose")

    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Passed" in output and f"检查 {len(files)} 个文件" in output
    if "年报.PDF" in files:
        assert "年报.PDF:p." in output  # its warnings are shown, and do not fail the hook


def test_the_documented_config_runs_the_hook(tmp_path: Path, home: Path, hook_repo: Path) -> None:
    repo = consumer(tmp_path / "reports", {BAD_NAME: EXAMPLES / "mistakes-2023.txt", "notes.csv": MANIFEST})
    rev = git(hook_repo, "rev-parse", "HEAD")
    config = f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: gklint\n"
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git(repo, "add", ".pre-commit-config.yaml")

    done = pre_commit(repo, home, "run", "--all-files")

    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{BAD_NAME}:3:59: GK302 [error]" in output
    assert "检查 1 个文件" in output, "the .csv and the config file are not reports: the hook's `files` skips them"
