"""``--format html``: the page people read. The tables on the national grid with each bound value,
the cells findings are about highlighted and numbered, the messages beside them, the run's statistics;
self-contained. tests/test_html_browser.py renders it in headless Chromium."""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html as lxml_html

from gklint.cli import main
from tests.conftest import EXAMPLES, SEEDS, seed_files
from tests.render.content import ReportContent
from tests.render.docx import render_docx
from tests.render.html import render_html
from tests.render.pdf import render_pdf
from tests.render.synth import consistent_values, make_content

Capsys = pytest.CaptureFixture[str]
CORPUS = SEEDS.parent / "corpus" / "full"
Page = lxml_html.HtmlElement


def report(agency: str, seed: int, edit: Callable[[dict], None]) -> ReportContent:  # type: ignore[type-arg]
    values = consistent_values(random.Random(seed), busy=0.5)
    edit(values)
    return make_content(values, 2023, agency)


def wrong_total(values: dict) -> None:  # type: ignore[type-arg]
    row = values["applications"]["disclosed"]
    row["total"] = str(int(row["total"]) + 2)  # GK201 on the row, GK202 on （七）总计's column


def blank_cell(values: dict) -> None:  # type: ignore[type-arg]
    zeros = [row for row in values["applications"].values() if row["research"] == "0"]
    zeros[-1]["research"] = ""  # GK107, a 0 left blank


def wrong_review(values: dict) -> None:  # type: ignore[type-arg]
    values["review_litigation"]["review"]["total"] = "99"  # GK203


def build_run(folder: Path) -> Path:
    """Every source format in one folder, each with its own mistakes, plus a README (skipped) and
    an unreadable PDF (GK002)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", folder / "mistakes-2023.txt")
    shutil.copyfile(EXAMPLES / "clean-2023.md", folder / "clean-2023.md")
    relabel = {"5.属于三类内部事务信息": "5.属于三类内容事务信息"}  # GK105 on the row's label
    (folder / "bing.html").write_bytes(render_html(report("丙区丙局", 5, wrong_total), relabel=relabel))
    (folder / "ding.docx").write_bytes(render_docx(report("丁县丁局", 6, blank_cell)))
    (folder / "wu.pdf").write_bytes(render_pdf(report("戊市戊局", 7, wrong_review)))
    (folder / "scanned.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    (folder / "README.md").write_text("# 说明\n\n各单位年报放在这里。\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_run(tmp_path_factory.mktemp("html") / "reports")


def render(capsys: Capsys, *args: str) -> tuple[str, list[dict]]:  # type: ignore[type-arg]
    """The html page and the findings (from the json format) of ``gklint check ARGS``."""
    main(["check", *args, "--format", "html"])
    page = capsys.readouterr().out
    main(["check", *args, "--format", "json"])
    return page, json.loads(capsys.readouterr().out)["findings"]


def section(page: Page, path: str) -> Page:
    (found,) = page.xpath("//section[@data-path=$path]", path=path)
    return found


def note_of(found: Page, element: Page) -> list[str]:
    """The texts of the notes an element's markers link to."""
    targets = [a.get("href")[1:] for a in element.xpath(".//sup/a")]
    return [found.xpath(f'.//li[@id="{t}"]')[0].text_content() for t in targets]


def drawn(found: Page) -> set[str]:
    return {t.get("data-table") for t in found.xpath('.//table[@class="grid"]')}


def assert_findings_on_their_cells(page: Page, findings: list[dict]) -> int:  # type: ignore[type-arg]
    """Every finding about a drawn cell, row or header is highlighted there by its severity, and
    its marker links to a note with its message; the others are listed by part. Returns the
    number of findings checked on a cell."""
    on_cells = 0
    for finding in findings:
        found, place = section(page, finding["path"]), finding["logical"]
        if place["table"] not in drawn(found):
            notes = found.xpath('.//h3[contains(., "按部分")]/following::ol[@class="notes"]//li')
            assert any(finding["message"] in li.text_content() for li in notes), finding["message"]
            continue
        if place["row"] and place["column"]:
            table, row, column = place["table"], place["row"], place["column"]
            xpath = f'.//td[@data-table="{table}" and @data-row="{row}" and @data-col="{column}"]'
            on_cells += 1
        elif place["row"]:
            xpath = f'.//table[@data-table="{place["table"]}"]//th[@data-row="{place["row"]}"]'
        elif place["column"]:
            xpath = f'.//table[@data-table="{place["table"]}"]//th[@data-col="{place["column"]}"]'
        else:
            notes = found.xpath(f'.//table[@data-table="{place["table"]}"]/following-sibling::ol[1]//li')
            assert any(finding["message"] in li.text_content() for li in notes)
            continue
        element = found.xpath(xpath)[0]
        assert "sev-" in element.get("class", ""), (finding["code"], xpath)
        assert any(finding["message"] in text for text in note_of(found, element)), finding["message"]
    return on_cells


def test_one_report_all_its_findings_where_they_belong(capsys: Capsys) -> None:
    path = str(EXAMPLES / "mistakes-2023.txt")
    text, findings = render(capsys, path)
    page = lxml_html.fromstring(text)

    assert assert_findings_on_their_cells(page, findings) == 6
    found = section(page, findings[0]["path"])
    fee = found.xpath('.//td[@data-row="fees" and @data-col="amount"]')[0]
    assert fee.get("class").split() == ["invalid", "sev-error"] and fee.text == "3662300元"
    assert found.xpath('.//th[@data-col="in_force"]')[0].get("class") == "sev-warning"  # the header typo
    assert "样例县样例局" in found.xpath('.//dl[@class="meta"]')[0].text_content()
    assert "2022年1月1日起至2022年12月31日止" in found.text_content()  # the period as stated
    assert not page.xpath("//svg")  # one report: no run summary


def test_every_cell_of_the_national_grid_is_drawn(capsys: Capsys) -> None:
    text, _ = render(capsys, str(EXAMPLES / "clean-2023.md"))
    page = lxml_html.fromstring(text)
    counts = {t.get("data-table"): len(t.xpath(".//td")) for t in page.xpath('//table[@class="grid"]')}
    assert counts == {"active": 2 * 3 + 4, "applications": 25 * 7, "review_litigation": 15}
    new_total = page.xpath('//td[@data-row="new" and @data-col="total"]')[0]
    assert new_total.text == "123" and not new_total.get("class")
    assert "未发现问题" in page.text_content()


def test_every_format_of_a_run(run_folder: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(run_folder.parent)
    text, findings = render(capsys, "reports")
    page = lxml_html.fromstring(text)

    assert assert_findings_on_their_cells(page, findings) >= 10
    codes = {(Path(f["path"]).name, f["code"]) for f in findings}
    assert {("bing.html", "GK105"), ("ding.docx", "GK107"), ("wu.pdf", "GK203")} <= codes
    wu = section(page, "reports/wu.pdf")
    assert re.search(r"GK203.*（第 \d+ 页）", wu.text_content())  # a PDF finding names its page
    ding = section(page, "reports/ding.docx")
    (blank,) = ding.xpath('.//td[@data-col="research" and contains(@class, "sev-warning")]')
    assert blank.get("class").split() == ["blank", "sev-warning"] and not blank.text
    assert re.search(r"（表格 \d+ / 行 \d+ / 列 \d+）", " ".join(note_of(ding, blank)))  # a Word finding names its cell
    scanned = section(page, "reports/scanned.pdf")
    assert "未能读取为年度报告" in scanned.text_content() and "GK002" in scanned.text_content()
    assert "reports/README.md" in page.xpath('//h3[contains(., "跳过")]/following-sibling::ul[1]')[0].text_content()


def test_run_summary_worst_first_with_links_and_a_chart(run_folder: Path, capsys: Capsys) -> None:
    text, findings = render(capsys, str(run_folder))
    page = lxml_html.fromstring(text)

    rows = page.xpath('//h3[contains(., "问题多的在前")]/following-sibling::table[1]/tbody/tr')
    errors = [int(row.xpath("./td")[4].text) for row in rows]
    assert errors == sorted(errors, reverse=True) and len(rows) == 6
    targets = [row.xpath(".//a")[0].get("href")[1:] for row in rows]
    assert [s.get("id") for s in page.xpath("//section")] == targets  # each link reaches its report
    bars = {t.text.split()[0]: int(t.getnext().getnext().text) for t in page.xpath("//svg/text") if t.text[:2] == "GK"}
    assert bars == {code: sum(1 for f in findings if f["code"] == code) for code in bars}
    assert set(bars) == {f["code"] for f in findings}
    agencies = page.xpath('//h3[.="按机关"]/following-sibling::table[1]//td[1]/text()')
    assert {"丙区丙局", "丁县丁局", "戊市戊局", "样例县样例局", "示例市示例局"} <= set(agencies)


def test_english(capsys: Capsys) -> None:
    text, findings = render(capsys, str(EXAMPLES / "mistakes-2023.txt"), "--lang", "en")
    page = lxml_html.fromstring(text)
    assert page.get("lang") == "en" and "Annual report check results" in text
    assert all(f["message_en"] in page.text_content() for f in findings)


def test_self_contained_and_deterministic(run_folder: Path, capsys: Capsys) -> None:
    text, _ = render(capsys, str(run_folder))
    page = lxml_html.fromstring(text)
    assert not page.xpath("//script | //link | //img | //iframe | //object | //@src | //@srcset")
    assert all(href.startswith("#") for href in page.xpath("//@href"))
    assert (
        "url(" not in text
        and "@import" not in text
        and "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    policy = page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in policy
    again, _ = render(capsys, str(run_folder), "--jobs", "2")
    assert again == text


def test_names_and_text_are_escaped(tmp_path: Path, capsys: Capsys) -> None:
    source = tmp_path / 'a<b>&"x.txt'  # a file name is shown in text and in attributes
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", source)
    text, findings = render(capsys, str(source))
    page = lxml_html.fromstring(text)
    assert "<b>" not in text and "&lt;b&gt;&amp;" in text
    assert section(page, findings[0]["path"]) is not None  # the attribute holds the path exactly


def test_real_reports(capsys: Capsys) -> None:
    if not CORPUS.is_dir() or not seed_files():
        pytest.skip("the real reports (../shared/corpus, ../shared/seeds) are not present")
    text, findings = render(capsys, str(CORPUS), str(SEEDS))
    page = lxml_html.fromstring(text)
    assert assert_findings_on_their_cells(page, findings) >= 4
    hongze = section(page, next(f["path"] for f in findings if f["path"].endswith("hongze-2023.pdf")))
    (other,) = hongze.xpath('.//th[@data-row="other"]')  # table 三 drawn as the 2019 row it keeps
    assert other.text_content() == "（六）其他处理"
    review = hongze.xpath('.//td[@data-row="review" and @data-col="total"]')[0]
    assert review.get("class") == "sev-error" and "第 4 页" in " ".join(note_of(hongze, review))


def test_a_blank_cell_shows_its_note_number_bracketed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A blank cell with a finding shows [n], never a bare n that reads as the cell's value."""
    out = tmp_path / "report.html"
    main(["check", str(EXAMPLES / "mistakes-2023.txt"), "--format", "html", "-o", str(out)])
    capsys.readouterr()
    page = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    blank = page.xpath('.//td[@data-row="withheld.8"][@data-col="natural_person"]')[0]
    assert re.fullmatch(r"\[\d+\]", blank.text_content())
