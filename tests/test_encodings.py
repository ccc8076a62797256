"""Re-encoding a report changes nothing: GB18030, UTF-16, UTF-8 with BOM, CRLF line ends."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_json


def _signature(capsys: pytest.CaptureFixture[str], path: Path) -> list[tuple]:  # type: ignore[type-arg]
    _, data = run_json(capsys, str(path))
    return [(f["code"], f["line"], f["column"], f["message"]) for f in data["findings"]]


@pytest.mark.parametrize("prefix", ["001", "003", "004"])
@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("gb18030"),
        lambda text: text.encode("utf-16"),
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["gb18030", "utf-16", "utf-8-bom", "crlf"],
)
def test_reencoded_seed_gives_the_same_findings(
    seed_copy: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
    prefix: str,
    encode: Callable[[str], bytes],
) -> None:
    path = seed_copy(prefix)
    original = _signature(capsys, path)
    path.write_bytes(encode(path.read_text(encoding="utf-8")))
    assert _signature(capsys, path) == original
    assert original, "the seed has findings to compare"
