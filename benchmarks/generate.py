"""Write N synthetic annual reports for the benchmarks: many agencies, two years each, faults planted.

    python benchmarks/generate.py OUT_DIR --count 1000 [--seed 1] [--formats md,txt,html,docx,pdf]

Reports come in pairs: one agency's 2022 and 2023 reports, whose tables hold every relation of the
format and follow from one year to the next (the carry-over, the stock of normative documents,
volumes of the same order) and whose prose is worded anew each year, so that a clean pair draws no
finding. About one report in five gets a planted fault, of these kinds in turn:

* a broken total (the carry-over row's 总计), which the table rules report;
* a statistics period ending in the wrong year;
* a carry-over that differs between the two years (each year's tables still balance);
* 2023 prose copied from the 2022 report but for its numbers.

With ``--formats``, report ``i`` is written in the ``i``-th format of the list in turn: Markdown
(``md``), plain-text layouts pasted from a portal (``txt``: a cell per line, or a row per line with
tabs), a portal page (``html``), a Word document (``docx``) or a PDF with ruled tables (``pdf``),
drawn by the test renderers (which need the test extras). The output depends only on ``--count``,
``--seed`` and ``--formats``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test renderers

from gklint.templates.national import APPLICANTS
from tests.render.content import ReportContent, Values
from tests.render.synth import consistent_values

CITIES = "东西南北中前后左右上"
OFFICES = (
    *("教育局", "财政局", "民政局", "司法局", "交通运输局"),
    *("水利局", "农业农村局", "商务局", "文化旅游局", "卫生健康委员会"),
)
PEOPLE = APPLICANTS[:-1]
FAULTS = ("total", "period", "carry-over", "copied prose")
FAULT_SHARE = 0.2
# Two wordings of each paragraph of parts 一 and 五: each year of a pair takes the other one.
PROSE = (
    (
        "（一）主动公开情况。{year}年，本单位通过门户网站主动公开政府信息，及时发布政策文件和工作动态。",
        "（一）主动公开情况。{year}年，围绕中心工作做好重点领域信息公开，政策文件发布后同步解读。",
    ),
    (
        "（二）依申请公开情况。{year}年，共收到政府信息公开申请{new}件，均在法定期限内答复。",
        "（二）依申请公开情况。本年度新收政府信息公开申请{new}件，办理流程规范，答复及时。",
    ),
    (
        "（三）政府信息管理情况。落实公开前保密审查，动态更新政府信息公开目录。",
        "（三）政府信息管理情况。健全信息发布审核机制，定期清理已公开的政策文件。",
    ),
    (
        "（四）政府信息公开平台建设情况。优化门户网站政府信息公开专栏，栏目设置规范。",
        "（四）政府信息公开平台建设情况。整合政务新媒体账号，提升网站专栏的检索功能。",
    ),
    (
        "（五）监督保障情况。将政府信息公开工作纳入年度考核，开展业务培训。",
        "（五）监督保障情况。明确专人负责信息公开工作，组织工作人员参加专题培训。",
    ),
)
PROBLEMS = (
    "存在的问题是主动公开的深度还不够。下一步将加强政策解读，提高公开质量。",
    "公开内容的更新频率仍需提高。今后将完善工作机制，回应群众关切。",
)


def agency(pair: int) -> str:
    city = CITIES[pair % len(CITIES)] + CITIES[(pair // len(CITIES)) % len(CITIES)]
    return f"{city}市第{pair // 100 + 1}区{OFFICES[pair % len(OFFICES)]}"


def counts(values: Values, row: str) -> list[int]:
    return [int(values["applications"][row][person]) for person in PEOPLE]


def set_counts(values: Values, row: str, numbers: list[int]) -> None:
    cells = {person: str(n) for person, n in zip(PEOPLE, numbers)}
    values["applications"][row] = {**cells, "total": str(sum(numbers))}


def follow(before: Values, after: Values, rng: random.Random) -> None:
    """Make ``after`` the next year of ``before``: its carry-over, stock and volumes follow on."""
    carried_in, totals = counts(before, "carried_out"), counts(after, "results_total")
    carried_out = [max(out, i - t) for out, i, t in zip(counts(after, "carried_out"), carried_in, totals)]
    set_counts(after, "carried_in", carried_in)
    set_counts(after, "carried_out", carried_out)
    set_counts(after, "new", [t + o - i for t, o, i in zip(totals, carried_out, carried_in)])
    stock, now = before["active"]["normative_documents"], after["active"]["normative_documents"]
    abolished = min(int(now["abolished"]), int(stock["in_force"]) + int(now["issued"]))
    now["abolished"] = str(abolished)
    now["in_force"] = str(int(stock["in_force"]) + int(now["issued"]) - abolished)
    for row in ("licensing", "penalty", "enforcement"):
        after["active"][row]["decisions"] = str(round(int(before["active"][row]["decisions"]) * rng.uniform(0.7, 1.3)))
    fees = float(before["active"]["fees"]["amount"]) * rng.uniform(0.7, 1.3)
    after["active"]["fees"]["amount"] = f"{fees:.2f}"


def year_pair(seed: int, pair: int) -> tuple[Values, Values]:
    rng = random.Random(f"{seed}:{pair}")
    first, second = consistent_values(rng), consistent_values(rng)
    follow(first, second, rng)
    return first, second


def content(values: Values, year: int, pair: int, wording: int) -> ReportContent:
    name, new = agency(pair), values["applications"]["new"]["total"]
    return ReportContent(
        title=f"{name}{year}年政府信息公开工作年度报告",
        preamble=[
            f"本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号的要求编制。"
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        ],
        sections={
            1: [pair_of[wording].format(year=year, new=new) for pair_of in PROSE],
            2: [],
            3: [],
            4: [],
            5: [PROBLEMS[wording]],
            6: [f"本单位{year}年度未收取信息处理费。"],
        },
        values=values,
    )


def plant_in_tables(values: Values, fault: str, year: int) -> None:
    """Plant a fault of the tables before the prose quotes their numbers."""
    if fault == "total":
        carried_out = values["applications"]["carried_out"]
        carried_out["total"] = str(int(carried_out["total"]) + 1)
    elif fault == "carry-over" and year == 2023:  # one request moves from new to carried in
        new, carried_in = counts(values, "new"), counts(values, "carried_in")
        column = max(range(len(PEOPLE)), key=lambda i: new[i])
        if new[column]:
            new[column], carried_in[column] = new[column] - 1, carried_in[column] + 1
            set_counts(values, "new", new)
            set_counts(values, "carried_in", carried_in)
    elif fault == "carry-over":  # one more request new and carried out: next year's carried in differs
        new, carried_out = counts(values, "new"), counts(values, "carried_out")
        set_counts(values, "new", [new[0] + 1, *new[1:]])
        set_counts(values, "carried_out", [carried_out[0] + 1, *carried_out[1:]])


def planted_fault(seed: int, index: int) -> str | None:
    """The fault planted in report ``index``, if any."""
    pair, second = divmod(index, 2)
    rng = random.Random(f"{seed}:{pair}:{second}")
    faults = FAULTS if second else FAULTS[:-1]  # a 2022 report has no earlier prose to copy
    return rng.choice(faults) if rng.random() < FAULT_SHARE else None


def report_content(seed: int, index: int) -> ReportContent:
    """Report ``index``: the ``index % 2``-th year of pair ``index // 2``, perhaps with a fault."""
    pair, second = divmod(index, 2)
    year = 2022 + second
    values = year_pair(seed, pair)[second]
    planted = planted_fault(seed, index)
    wording = (pair + second) % 2
    if planted == "copied prose":
        wording = pair % 2  # the first year's wording, numbers aside
    elif planted:
        plant_in_tables(values, planted, year)
    made = content(values, year, pair, wording)
    if planted == "period":
        made.preamble = [text.replace(f"至{year}年12月31日", f"至{year + 1}年12月31日") for text in made.preamble]
    return made


def base_text() -> str:
    """The package's clean example report, from which the first version of this module made every report."""
    return resources.files("gklint").joinpath("testdata/clean-2023.md").read_text(encoding="utf-8")


def report(base: str, index: int, rng: random.Random) -> str:
    """Report ``index`` of seed 1 as Markdown, for callers of the first version's ``report(base_text(),
    index, rng)``; ``base`` and ``rng`` are no longer used: each report now depends on its index and
    seed alone, so that the two years of a pair agree whatever order they are made in."""
    return _markdown(report_content(1, index), index).decode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default="md", help=f"comma-separated, in turn: {', '.join(RENDERERS)}")
    args = parser.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = set(formats) - set(RENDERERS)
    if unknown:
        parser.error(f"unknown formats: {', '.join(sorted(unknown))} (known: {', '.join(RENDERERS)})")
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(args.count):
        folder = args.out / f"{index // 1000:03d}"
        folder.mkdir(exist_ok=True)
        fmt = formats[index % len(formats)]
        data = RENDERERS[fmt](report_content(args.seed, index), index)
        (folder / f"report-{index:06d}.{fmt}").write_bytes(data)


def _markdown(made: ReportContent, index: int) -> bytes:
    from tests.render.text import markdown

    return markdown(made).encode("utf-8")


def _text(made: ReportContent, index: int) -> bytes:
    from tests.render.text import cell_per_line, tab_rows

    return (tab_rows if index % 4 >= 2 else cell_per_line)(made).encode("utf-8")


def _html(made: ReportContent, index: int) -> bytes:
    from tests.render.html import PUBLISHED, render_html

    published = f"{2023 + index % 2}-01-20"  # in time: a 2022 report published in January 2023
    return render_html(made, "portal").replace(PUBLISHED.encode(), published.encode())


def _docx(made: ReportContent, index: int) -> bytes:
    from tests.render.docx import render_docx

    return render_docx(made)


def _pdf(made: ReportContent, index: int) -> bytes:
    from tests.render.pdf import render_pdf

    return render_pdf(made)


RENDERERS: dict[str, Callable[[ReportContent, int], bytes]] = {
    "md": _markdown,
    "txt": _text,
    "html": _html,
    "docx": _docx,
    "pdf": _pdf,
}


if __name__ == "__main__":
    main()
