"""A title that names the year the report was published in, not the year it is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.readers.markdown import MarkdownReader
from gklint.templates.national import NATIONAL_2019, NATIONAL_2021
from tests.conftest import EXAMPLES, run_json

TITLE = "# 示例市示例局2023年政府信息公开工作年度报告"


def _report(tmp_path: Path, title_year: int, signed: str | None) -> Path:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert TITLE in text
    text = text.replace(TITLE, TITLE.replace("2023", str(title_year)))
    if signed is not None:
        text = text.rstrip("\n") + f"\n\n示例市示例局\n{signed}\n"
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    return path


def _year(path: Path) -> int | None:
    return bind(MarkdownReader().read(str(path), path.read_bytes()), [NATIONAL_2021, NATIONAL_2019]).year


def test_a_title_naming_the_year_it_was_signed_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Period 2023, signed in January 2024, titled 2024: a report about 2023 whose title is wrong."""
    path = _report(tmp_path, 2024, "2024年1月20日")
    assert _year(path) == 2023
    _, data = run_json(capsys, str(path))
    assert [(f["code"], f["message_id"], f["line"]) for f in data["findings"]] == [("GK302", "title-year", 1)]


def test_a_title_naming_the_year_it_was_published_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _report(tmp_path, 2024, None)
    _, data = run_json(capsys, str(path), "--published", "2024-01-25")
    assert [(f["code"], f["message_id"]) for f in data["findings"]] == [("GK302", "title-year")]


@pytest.mark.parametrize("signed", [None, "2025年1月20日"])
def test_the_title_stands_when_nothing_dates_it_against_the_period(
    signed: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Undated, or signed the year after the title's: the period is what is wrong (or late)."""
    path = _report(tmp_path, 2024, signed)
    assert _year(path) == 2024
    _, data = run_json(capsys, str(path), "--select", "GK302")
    assert [(f["code"], f["message_id"]) for f in data["findings"]] == [("GK302", "year")]
