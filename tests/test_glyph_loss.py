"""Row labels mangled past the typo budget (glyphs lost from a PDF's text layer, a garbled export):
the row is known by where it stands, between the rows before and after it in the template, and
binds as itself with a label-mismatch note, never as a stray value of the row above."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.binder.labels import Labels, Token
from gklint.model import Document, Location, Report
from gklint.readers.docx import DocxReader
from gklint.readers.html import HtmlReader
from gklint.readers.pdf import PdfReader
from gklint.readers.text import TextReader
from gklint.template import RowSpec
from gklint.templates.national import APPLICATIONS, NATIONAL_2019, NATIONAL_2021
from gklint.text import normalize_label
from tests.conftest import run_json
from tests.render.docx import render_docx
from tests.render.html import render_html
from tests.render.pdf import render_pdf, synthetic_content
from tests.render.text import tab_rows

TEMPLATES = [NATIONAL_2021, NATIONAL_2019]
HONGZE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "full" / "hongze-2023.pdf"

# Glyphs lost inside, at the start, and from a row of table A; each well past the typo budget.
WITHHELD_2 = ("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
WITHHELD_1 = ("1.属于国家秘密", "1.国秘")  # the first leaf, right after its group label
LICENSING = ("行政许可", "许可")


def render(fmt: str, relabel: dict[str, str]) -> Document:
    content = synthetic_content(variant=3)
    readers: dict[str, Callable[[], Document]] = {
        "pdf": lambda: PdfReader().read("r.pdf", render_pdf(content, labels=relabel)),
        "html": lambda: HtmlReader().read("r.html", render_html(content, "plain", relabel)),
        "docx": lambda: DocxReader().read("r.docx", render_docx(content, relabel=relabel)),
        "text": lambda: TextReader().read("r.txt", _relabelled(tab_rows(content), relabel).encode()),
    }
    return readers[fmt]()


def _relabelled(text: str, relabel: dict[str, str]) -> str:
    for label, found in relabel.items():
        text = text.replace(label, found)
    return text


def typos(report: Report) -> dict[str | None, tuple[str, str]]:
    return {n.place.row: (n.found, n.expected) for n in report.notes if n.kind == "label-mismatch"}


def other_notes(report: Report) -> list[str]:
    return [n.kind for n in report.notes if n.kind != "label-mismatch"]


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx", "text"])
@pytest.mark.parametrize(("key", "table", "label"), [
    ("withheld.2", "applications", WITHHELD_2),
    ("withheld.1", "applications", WITHHELD_1),
    ("licensing", "active", LICENSING),
])  # fmt: skip
def test_mangled_label_binds_as_its_row(fmt: str, key: str, table: str, label: tuple[str, str]) -> None:
    clean = bind(render(fmt, {}), TEMPLATES)
    mangled = bind(render(fmt, dict([label])), TEMPLATES)

    assert typos(mangled) == {key: (label[1], label[0])}
    assert other_notes(mangled) == other_notes(clean) == []
    for row_key, row in clean.tables[table].items():
        assert {c: cell.raw for c, cell in mangled.tables[table][row_key].items()} == {
            c: cell.raw for c, cell in row.items()
        }, row_key


def test_mangled_label_is_one_label_mismatch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One GK105 naming the right label, and nothing else changes: no GK010 for the row above, no GK104."""
    content = synthetic_content(variant=3)
    found = {}
    for name, relabel in (("clean", {}), ("mangled", dict([WITHHELD_2]))):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(render_pdf(content, labels=relabel))
        _, data = run_json(capsys, str(path))
        found[name] = [(f["code"], f["message"]) for f in data["findings"]]
    added = [f for f in found["mangled"] if f not in found["clean"]]
    assert added == [("GK105", "「2.其他法律行政止公开」与模板不一致，应为「2.其他法律行政法规禁止公开」")]
    assert len(found["mangled"]) == len(found["clean"]) + 1


# --------------------------------------------------------------------------- what position alone does not earn


def tokens(*rows: list[str]) -> list[Token]:
    return [
        Token(text, normalize_label(text), Location(line=r + 1), (0, r), c)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]


ZEROS = ["0"] * 7


def matched_keys(stream: list[Token]) -> list[str | None]:
    """The row each cell of the stream is the label of, as the table binder sees it."""
    labels = Labels.of(APPLICATIONS)
    lost = labels.lost_rows(stream)
    keys: list[str | None] = []
    for token in stream:
        match = (lost[token], False) if token in lost else labels.match(token.norm)
        keys.append(match[0].key if match and isinstance(match[0], RowSpec) else None)
    return keys


def test_lost_label_between_its_neighbours_is_recovered() -> None:
    stream = tokens(["1.属于国家秘密", *ZEROS], ["2.其他法律行政止公开", *ZEROS], ["3.危及“三安全一稳定”", *ZEROS])
    assert matched_keys(stream)[::8] == ["withheld.1", "withheld.2", "withheld.3"]


@pytest.mark.parametrize("text", ["备注：以上数据截至年底", "5.其他法律行政止公开"])
def test_text_unlike_the_lost_label_stays_a_value(text: str) -> None:
    stream = tokens(["1.属于国家秘密", *ZEROS], [text, *ZEROS], ["3.危及“三安全一稳定”", *ZEROS])
    assert matched_keys(stream)[8] is None


def test_too_many_values_for_the_lost_row_keeps_it_unbound() -> None:
    stream = tokens(["1.属于国家秘密", *ZEROS], ["2.其他法律行政止公开", *ZEROS, "5"], ["3.危及“三安全一稳定”", *ZEROS])
    assert matched_keys(stream)[8] is None


def test_one_text_cell_for_two_lost_rows_is_not_guessed() -> None:
    stream = tokens(["1.属于国家秘密", *ZEROS], ["2.其他法律行政止公开", *ZEROS], ["4.保护第三方合法权益", *ZEROS])
    assert matched_keys(stream)[8] is None


def test_two_lost_rows_in_a_run_are_recovered_in_order() -> None:
    stream = tokens(
        ["1.属于国家秘密", *ZEROS],
        ["2.其他法律行政止公开", *ZEROS],
        ["3.危及三安", *ZEROS],
        ["4.保护第三方合法权益", *ZEROS],
    )
    assert matched_keys(stream)[::8] == ["withheld.1", "withheld.2", "withheld.3", "withheld.4"]


# --------------------------------------------------------------------------- the real report


def test_real_wps_pdf_binds_the_glyph_lost_row() -> None:
    if not HONGZE.is_file():
        pytest.skip("the real reports (../shared/corpus) are not present")
    report = bind(PdfReader().read(str(HONGZE), HONGZE.read_bytes()), TEMPLATES)
    applications = report.applications
    assert applications is not None
    assert typos(report) == {"withheld.2": ("2.其他法律行政止公开", "2.其他法律行政法规禁止公开")}
    assert [cell.raw for cell in applications["withheld.1"].values()] == ["1", "0", "0", "0", "0", "0", "1"]
    assert [cell.raw for cell in applications["withheld.2"].values()] == ["0"] * 7
    withheld = [n for n in report.notes if (n.place.row or "").startswith("withheld.")]
    assert [n.kind for n in withheld] == ["label-mismatch"]  # no row-shape above it, no row-missing
