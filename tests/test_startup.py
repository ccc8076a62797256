"""Linting a text report must not pay for the heavy readers: no lxml, no pdfminer imported."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import EXAMPLES


def test_text_report_run_imports_neither_lxml_nor_pdfminer() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gklint", "check", str(EXAMPLES / "clean-2023.md")],
        capture_output=True,
        text=True,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "gklint" in imported  # the import log is real
    assert not {"lxml", "pdfminer", "docx", "charset_normalizer"} & imported
