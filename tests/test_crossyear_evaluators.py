"""The year-on-year checks evaluators rank by: §一 and §五 copied from last year's report (GK603) and
table values that jump tenfold (GK604), within one run and with --history."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gklint.rules.crossyear import sentences
from tests.conftest import SEEDS, run_json
from tests.render.content import ReportContent, Values
from tests.render.synth import consistent_values, make_content
from tests.render.text import markdown, pipe_rows

AGENCY = "示例县示例局"
PROSE_2022 = {
    1: ["（一）主动公开。全年在门户网站发布工作动态四十余条，并对三项重点政策开展了图文解读。",
        "（二）依申请公开。所有申请均由办公室统一登记，在法定期限内书面答复申请人。",
        "（三）政府信息管理。建立公开前保密审查台账，对拟公开的文件逐件确定公开属性。",
        "（四）平台建设。对政务公开专栏的栏目进行了梳理合并，删除了长期不更新的栏目。",
        "（五）监督保障。把政务公开纳入年度目标考核，全年组织业务培训两次。"],
    5: ["一是政策解读形式比较单一，二是基层人员业务水平参差不齐。",
        "下一步将更多采用图解和视频方式解读政策，并分批组织业务培训。"],
}  # fmt: skip
PROSE_2023 = {
    1: ["（一）主动公开。围绕优化营商环境集中公开了涉企收费清单，并新增了惠企政策专栏。",
        "（二）依申请公开。本年度试行网上申请渠道，申请人可以在线查询办理进度。",
        "（三）政府信息管理。对本机关历年规范性文件开展清理，并在网站集中公布清理结果。",
        "（四）平台建设。完成政务新媒体账号的整合工作，关停了两个长期不活跃的账号。",
        "（五）监督保障。邀请人大代表和群众代表对政务公开工作进行评议。"],
    5: ["存在的问题是政策解读的针对性还需要增强，公开目录的更新还不够及时。",
        "下一步将建立公开目录季度更新机制，并针对企业关心的问题开展专题解读。"],
}  # fmt: skip


def content(year: int, prose: dict[int, list[str]], edit: dict[tuple[str, str, str], str] | None = None) -> str:
    values: Values = consistent_values(random.Random(year), busy=0.4)
    for (table, row, column), text in (edit or {}).items():
        values[table][row][column] = text
    report: ReportContent = make_content(values, year, AGENCY)
    report.sections.update(prose)
    return pipe_rows(report)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def codes_of(data: dict, code: str) -> list[dict]:  # type: ignore[type-arg]
    return [f for f in data["findings"] if f["code"] == code]


# --------------------------------------------------------------------------- GK603


def test_sentences_drop_enumerators_punctuation_headings_and_numbers() -> None:
    text = "（一）主动公开情况。\n1. 本局全年在门户网站发布政策文件20件，解读材料5.5件； 一是加强培训！"
    assert sentences(text) == ["本局全年在门户网站发布政策文件#件解读材料#件"]


def test_a_copy_with_this_years_numbers_is_still_a_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arabic = {n: [p.replace("四十余条", "40余条").replace("两次", "2次") for p in ps] for n, ps in PROSE_2022.items()}
    renumbered = {n: [p.replace("40余条", "55余条").replace("2次", "3次") for p in ps] for n, ps in arabic.items()}
    write(tmp_path, "2022.txt", content(2022, arabic))
    write(tmp_path, "2023.txt", content(2023, renumbered))
    _, data = run_json(capsys, str(tmp_path), "--select", "GK603")
    assert [f["args"]["share"] for f in data["findings"]] == ["100%"]


def test_copied_parts_are_reported_with_their_share(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "2022.txt", content(2022, PROSE_2022))
    write(tmp_path, "2023.txt", content(2023, PROSE_2022))  # the same §一 and §五 as last year
    _, data = run_json(capsys, str(tmp_path), "--select", "GK603")

    (finding,) = codes_of(data, "GK603")
    assert finding["path"].endswith("2023.txt") and finding["severity"] == "warning"
    assert finding["args"]["share"] == "100%" and finding["args"]["total"] == "7"
    assert "2022.txt" in finding["message"] and finding["logical"]["part"] == 1
    assert finding["line"] is not None  # at the heading of §一


def test_own_words_and_partial_copies_below_the_threshold_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    partly = {1: PROSE_2023[1][:3] + PROSE_2022[1][3:], 5: PROSE_2023[5]}  # 2 of 7 sentences repeated
    write(tmp_path, "2022.txt", content(2022, PROSE_2022))
    write(tmp_path, "2023.txt", content(2023, partly))
    _, data = run_json(capsys, str(tmp_path), "--select", "GK603")
    assert data["findings"] == []


def test_threshold_is_a_rule_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mostly = {1: PROSE_2022[1], 5: PROSE_2023[5]}  # 5 of 7 sentences repeated: 71%
    reports = tmp_path / "reports"
    write(reports, "2022.txt", content(2022, PROSE_2022))
    write(reports, "2023.txt", content(2023, mostly))
    _, default = run_json(capsys, str(reports), "--select", "GK603")
    (tmp_path / "strict.yaml").write_text("rules:\n  GK603:\n    threshold: 0.8\n", encoding="utf-8")
    _, relaxed = run_json(capsys, str(reports), "--select", "GK603", "--config", str(tmp_path / "strict.yaml"))

    assert [f["args"]["share"] for f in default["findings"]] == ["71%"]
    assert relaxed["findings"] == []


def test_previous_report_under_history_and_another_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "archive"
    report = make_content(consistent_values(random.Random(1)), 2022, AGENCY)
    report.sections.update(PROSE_2022)
    write(archive, "2022.md", markdown(report))
    current = write(tmp_path / "now", "2023.txt", content(2023, PROSE_2022))

    _, alone = run_json(capsys, str(current), "--select", "GK603")
    _, data = run_json(capsys, str(current), "--select", "GK603", "--history", str(archive))
    assert alone["findings"] == []
    assert [f["path"] for f in codes_of(data, "GK603")] == [data["files"][0]["path"]]


def test_too_little_text_is_not_judged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    short = {1: PROSE_2022[1][:2], 5: []}
    write(tmp_path, "2022.txt", content(2022, short))
    write(tmp_path, "2023.txt", content(2023, short))
    _, data = run_json(capsys, str(tmp_path), "--select", "GK603")
    assert data["findings"] == []


def test_real_report_copied_into_the_next_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = next(iter(sorted(SEEDS.glob("000_*.txt"))), None) if SEEDS.is_dir() else None
    if source is None:
        pytest.skip("the seed reports (../shared/seeds) are not present")
    text = source.read_text(encoding="utf-8")
    write(tmp_path, "2023.txt", text)
    write(tmp_path, "2024.txt", text.replace("2023", "2024"))  # only the years changed
    _, data = run_json(capsys, str(tmp_path), "--select", "GK603")

    (finding,) = data["findings"]
    assert finding["path"].endswith("2024.txt")
    assert finding["args"]["share"] == "100%" and int(finding["args"]["total"]) >= 10  # new years, same text


# --------------------------------------------------------------------------- GK604


def with_new_total(total: int) -> dict[tuple[str, str, str], str]:
    """Table B 本年新收 with ``total`` applications, all from natural persons (T2 and T3 may break:
    only GK604 is selected)."""
    return {("applications", "new", "natural_person"): str(total), ("applications", "new", "total"): str(total)}


def test_tenfold_jump_is_info_at_the_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "2022.txt", content(2022, PROSE_2022, with_new_total(12)))
    write(tmp_path, "2023.txt", content(2023, PROSE_2023, with_new_total(1200)))
    _, data = run_json(capsys, str(tmp_path), "--select", "GK604")

    jumps = [(f["logical"]["table"], f["logical"]["row"], f["logical"]["column"]) for f in codes_of(data, "GK604")]
    assert ("applications", "new", "total") in jumps
    finding = next(f for f in data["findings"] if f["logical"]["row"] == "new")
    assert finding["severity"] == "info" and finding["args"]["ratio"] == "100"
    assert "增大" in finding["message"] and "2022.txt" in finding["message"]


def test_fee_written_in_yuan_one_year_jumps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fee = ("active", "fees", "amount")
    write(tmp_path, "2022.txt", content(2022, PROSE_2022, {fee: "36.62"}))
    write(tmp_path, "2023.txt", content(2023, PROSE_2023, {fee: "366230"}))
    _, data = run_json(capsys, str(tmp_path), "--select", "GK604")
    assert [(f["logical"]["row"], f["args"]["ratio"]) for f in codes_of(data, "GK604")] == [("fees", "10001")]


@pytest.mark.parametrize(
    ("before", "after"),
    [(12, 60), (0, 500), (3, 40), (500, 0)],
    ids=["fivefold", "from-zero", "small-numbers", "to-zero"],
)
def test_ordinary_changes_are_not_jumps(tmp_path: Path, capsys: pytest.CaptureFixture[str], before: int,
                                        after: int) -> None:  # fmt: skip
    licensing = ("active", "licensing", "decisions")
    penalty = ("active", "penalty", "decisions")
    enforcement = ("active", "enforcement", "decisions")
    same = {penalty: "10", enforcement: "1", ("active", "fees", "amount"): "0"}
    write(tmp_path, "2022.txt", content(2022, PROSE_2022, {**with_new_total(before), licensing: str(before), **same}))
    write(tmp_path, "2023.txt", content(2023, PROSE_2023, {**with_new_total(after), licensing: str(after), **same}))
    _, data = run_json(capsys, str(tmp_path), "--select", "GK604")
    assert data["findings"] == []


def test_factor_and_floor_are_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports"
    write(reports, "2022.txt", content(2022, PROSE_2022, with_new_total(30)))
    write(reports, "2023.txt", content(2023, PROSE_2023, with_new_total(100)))
    (tmp_path / "c.yaml").write_text("rules:\n  GK604:\n    factor: 3\n    min_value: 80\n", encoding="utf-8")
    _, default = run_json(capsys, str(reports), "--select", "GK604")
    _, tuned = run_json(capsys, str(reports), "--select", "GK604", "--config", str(tmp_path / "c.yaml"))
    assert [f["logical"]["row"] for f in codes_of(default, "GK604")] == []
    assert "new" in [f["logical"]["row"] for f in codes_of(tuned, "GK604")]
