"""Which files are reports: a report that binds nothing is never skipped in silence; look-alikes and the
blank national form are skipped in folder runs; a report older than the national formats gets one
finding, not a list of everything the format has and it lacks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, run_json

FULL = ROOT.parent / "shared" / "corpus" / "full"
TITLE = "# 示例市示例局2023年政府信息公开工作年度报告"

RUN_TOGETHER = (
    "当前位置： 首页政务公开政府信息公开年报 示例区2021年度政府信息公开工作年度报告 来源：示例区人民政府 "
    "根据《中华人民共和国政府信息公开条例》要求，我区编制完成了本报告。本报告所列数据的统计期限自2021年1月1日起"
    "至2021年12月31日止。总体情况 2021年，我区坚持以公开为常态。主动公开政府信息情况 规章 0 0 0 行政规范性文件 "
    "3 1 20 收到和处理政府信息公开申请情况 自然人 商业企业 科研机构 217 1 0 0 0 0 218\n"
)
WORK_REPORT = (
    "2024年政府工作报告\n——2024年1月15日在示例市第十七届人民代表大会第四次会议上\n各位代表：\n"
    "现在，我代表市人民政府，向大会报告工作，请予审议。\n一、2023年工作回顾\n过去一年，全市地区生产总值增长5.2%。\n"
    "二、2024年工作安排\n坚持稳中求进。\n"
)
FINAL_ACCOUNTS = (
    "示例市示例局2023年度部门决算\n目录\n第一部分 部门概况\n一、部门职责\n二、机构设置\n"
    "第二部分 2023年度部门决算表\n一、收入支出决算总表\n"
)
BULLETIN = (
    "示例市2023年国民经济和社会发展统计公报\n示例市统计局\n2024年3月20日\n"
    "一、综合\n初步核算，全年全市地区生产总值1234.5亿元。\n二、农业\n全年粮食种植面积100万亩。\n"
)
PRE_FORMAT = (
    "# 示例市示例局2017年政府信息公开工作年度报告\n\n"
    "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。\n\n"
    "一、概述\n2017年，本局认真贯彻落实《条例》。\n二、主动公开政府信息情况\n全年主动公开政府信息120条。\n"
    "三、依申请公开政府信息情况\n全年收到申请3件。\n四、政府信息公开的收费及减免情况\n未收取费用。\n"
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n六、政府信息公开工作存在的主要问题及改进情况\n"
    "公开内容有待丰富。\n七、其他需要报告的事项\n无。\n"
)


def clean() -> str:
    return (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")


def blank_form(title: str) -> str:
    """The national form as published: the example's layout with a placeholder title, no figures."""
    text = clean().replace(TITLE, f"# {title}").replace("2023年", "XX年")
    return "\n".join(
        re.sub(r"\| [\d.]+ (?=\|)", "|  ", line) if line.startswith("|") else line for line in text.split("\n")
    )


def folder_run(tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], *args: str) -> dict:  # type: ignore[type-arg]
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(folder), *args)
    return data


def by_file(data: dict) -> dict[str, tuple[bool, list[str]]]:  # type: ignore[type-arg]
    """file name -> (skipped, codes)."""
    codes: dict[str, list[str]] = {}
    for finding in data["findings"]:
        codes.setdefault(Path(finding["path"]).name, []).append(finding["code"])
    return {
        Path(f["path"]).name: (bool(f["skipped"]), sorted(codes.get(Path(f["path"]).name, []))) for f in data["files"]
    }


def test_look_alikes_and_the_blank_form_are_skipped_and_reports_are_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "work-report.txt": WORK_REPORT,
        "final-accounts.txt": FINAL_ACCOUNTS,
        "bulletin.txt": BULLETIN,
        "form.md": blank_form("XX（行政机关名称）XX年政府信息公开工作年度报告"),
        "format.md": blank_form("中华人民共和国政府信息公开工作年度报告格式"),
        "run-together.txt": RUN_TOGETHER,
        "clean.md": clean(),
    }
    result = by_file(folder_run(tmp_path, capsys, files))
    assert result == {
        "bulletin.txt": (True, []),
        "clean.md": (False, []),
        "final-accounts.txt": (True, []),
        "form.md": (True, []),
        "format.md": (True, []),
        "run-together.txt": (False, ["GK002"]),
        "work-report.txt": (True, []),
    }


READMES = {
    "repository.md": "# 年报仓库\n\n本仓库存放本局历年的政府信息公开工作年度报告，每年一份。\n\n提交前运行 gklint。\n",
    "tool.md": "# 政府信息公开工作年度报告检查工具\n\n用法：gklint check 年报/\n",
    "notes.txt": "编写说明\n各科室请于一月底前把本科室的政府信息公开工作年度报告素材交办公室汇总。\n",
}


def test_a_readme_that_speaks_of_annual_reports_is_no_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A README or note in a repository of reports names 政府信息公开工作年度报告 without being one
    (no title with it, no year before it): skipped in a folder run and by the pre-commit hook's
    --skip-non-reports, as the documentation says; a file titled as a report still is one."""
    files = {**READMES, "titled.md": "# 政府信息公开工作年度报告\n\n（正文待补）\n", "run-together.txt": RUN_TOGETHER}
    expected = {name: (True, []) for name in READMES}
    expected.update({"titled.md": (False, ["GK002"]), "run-together.txt": (False, ["GK002"])})
    assert by_file(folder_run(tmp_path, capsys, files)) == expected
    named = [str(tmp_path / "reports" / name) for name in READMES]
    _, data = run_json(capsys, *named, "--skip-non-reports")
    assert data["findings"] == [] and all(f["skipped"] for f in data["files"])


def test_a_report_that_binds_nothing_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = folder_run(tmp_path, capsys, {"run-together.txt": RUN_TOGETHER}, "--skip-non-reports")
    [finding] = data["findings"]
    assert finding["code"] == "GK002"
    assert "示例区2021年度政府信息公开工作年度报告" in finding["message"]
    assert "找不到六个部分的标题，也找不到统计表格" in finding["message"]
    assert "none of the six part headings and none of the tables" in finding["message_en"]


def test_a_page_that_holds_the_report_as_an_attachment_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        "<html><head><title>某局2022年政府信息公开工作年度报告</title></head><body>"
        "<p>某局2022年政府信息公开工作年度报告</p>"
        "<p>附件：<a href='/u/2023/report.pdf'>某局2022年政府信息公开工作年度报告.pdf</a></p></body></html>"
    )
    data = folder_run(tmp_path, capsys, {"attachment.html": page}, "--skip-non-reports")
    [finding] = data["findings"]
    assert finding["code"] == "GK002"
    assert "正文在附件「某局2022年政府信息公开工作年度报告.pdf」中" in finding["message"]


def test_the_blank_form_named_explicitly_says_what_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "form.md"
    path.write_text(blank_form("XX（行政机关名称）XX年政府信息公开工作年度报告"), encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert [(f["code"], f["message_en"]) for f in data["findings"]] == [
        ("GK002", "the blank national report form (no agency, no year), not an agency's annual report")
    ]


def test_a_filled_in_report_that_cites_the_format_is_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = clean().replace(TITLE, TITLE + "\n\n按照《中华人民共和国政府信息公开工作年度报告格式》")
    data = folder_run(tmp_path, capsys, {"report.md": text})
    assert by_file(data) == {"report.md": (False, [])}


@pytest.mark.parametrize(
    "text",
    [
        PRE_FORMAT,
        PRE_FORMAT.replace("\n", " ").replace("# ", ""),  # run together: nothing of the template binds
    ],
)
def test_a_report_older_than_the_formats_gets_one_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    data = folder_run(tmp_path, capsys, {"2017.txt": text})
    assert [(f["code"], f["message_en"]) for f in data["findings"]] == [
        ("GK113", "the 2017 report predates the national formats (2019 onwards): parts and tables are not checked")
    ]


def test_a_2019_report_missing_its_parts_is_still_told_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = PRE_FORMAT.replace("2017", "2019")
    codes = by_file(folder_run(tmp_path, capsys, {"2019.txt": text}))["2019.txt"][1]
    assert "GK113" not in codes and "GK101" in codes and "GK103" in codes


def test_crawled_real_reports_are_never_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = sorted(FULL.glob("pingtan-20*.txt"))
    if not pages:
        pytest.skip("the real reports (../shared/corpus/full) are not present")
    folder = tmp_path / "crawled"
    folder.mkdir()
    for page in pages:
        shutil.copyfile(page, folder / page.name)
    _, data = run_json(capsys, str(folder))
    result = by_file(data)
    assert set(result) == {p.name for p in pages}
    assert all(not skipped and codes for skipped, codes in result.values())
