"""Write N synthetic annual reports (text) for the benchmarks: many agencies, two years each, faults planted.

    python benchmarks/generate.py OUT_DIR --count 1000 [--seed 1]

Each report is the package's clean example with its own agency name and year; about one in five
gets a planted fault (a broken total, a wrong year, a carry-over that differs from last year's), so
that the rules have findings to report. The output depends only on ``--count`` and ``--seed``.
"""

from __future__ import annotations

import argparse
import random
from importlib import resources
from pathlib import Path

CITIES = "东西南北中前后左右上"
OFFICES = ("教育局", "财政局", "民政局", "司法局", "交通运输局")
OFFICES += ("水利局", "农业农村局", "商务局", "文化旅游局", "卫生健康委员会")
CARRIED_OUT = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |"
CARRIED_IN = "| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 3 | 0 | 3 |"


def base_text() -> str:
    return resources.files("gklint").joinpath("testdata/clean-2023.md").read_text(encoding="utf-8")


def agency(index: int) -> str:
    city = CITIES[index % len(CITIES)] + CITIES[(index // len(CITIES)) % len(CITIES)]
    return f"{city}市第{index // 100 + 1}区{OFFICES[index % len(OFFICES)]}"


def report(base: str, index: int, rng: random.Random) -> str:
    year = 2022 + index % 2
    text = base.replace("示例市示例局", agency(index // 2)).replace("2023", str(year))
    fault = rng.random()
    if fault < 0.07:
        text = text.replace(CARRIED_OUT, CARRIED_OUT.replace("| 2 | 3 |", "| 2 | 4 |"))
    elif fault < 0.14:
        text = text.replace(CARRIED_IN, CARRIED_IN.replace("| 3 | 0 | 3 |", "| 2 | 0 | 2 |"))
    elif fault < 0.2:
        text = text.replace(f"至{year}年12月31日", f"至{year + 1}年12月31日", 1)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = base_text()
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(args.count):
        folder = args.out / f"{index // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"report-{index:06d}.md").write_text(report(base, index, rng), encoding="utf-8")


if __name__ == "__main__":
    main()
