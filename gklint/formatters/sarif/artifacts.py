"""Where a file stands for SARIF: artifact locations relative to the repository root (``%SRCROOT%``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gklint.plugin import FileResult, RunResult, repository_root

SRCROOT = "%SRCROOT%"


class Artifacts:
    """Maps finding paths (relative to the run's root, or absolute) to SARIF artifact locations."""

    def __init__(self, run: RunResult) -> None:
        cwd = Path.cwd().resolve()
        self.base = (cwd / run.root).resolve()
        self.root = repository_root(cwd)
        self.index = {r.path: i for i, r in enumerate(run.files)}
        self.run = run

    def absolute(self, path: str) -> Path:
        # follow symlinks (GitHub does not display alerts in symlinked paths); realpath, unlike
        # resolve(), does not raise on a symlink loop
        return Path(os.path.realpath(self.base / path))

    def repository_path(self, path: str) -> str:
        """The path relative to the repository root, or absolute outside it (what fingerprints hash)."""
        target = self.absolute(path)
        try:
            return target.relative_to(self.root).as_posix()
        except ValueError:
            return target.as_posix()

    def location(self, path: str) -> dict[str, Any]:
        target = self.absolute(path)
        try:
            relative = target.relative_to(self.root)
        except ValueError:
            location: dict[str, Any] = {"uri": target.as_uri()}  # outside the repository: nothing to be relative to
        else:
            location = {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": SRCROOT}
        if path in self.index:
            location["index"] = self.index[path]
        return location

    def artifact(self, result: FileResult) -> dict[str, Any]:
        location = self.location(result.path)
        location.pop("index", None)
        artifact: dict[str, Any] = {"location": location}
        mime = self.run.source_of(result).mime_type
        if mime:
            artifact["mimeType"] = mime
        properties = {"gklint/format": result.format, "gklint/skipped": result.skipped or None}
        artifact["properties"] = {k: v for k, v in properties.items() if v}
        if not artifact["properties"]:
            del artifact["properties"]
        return artifact
