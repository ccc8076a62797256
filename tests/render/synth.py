"""Synthetic reports: consistent table values and plausible prose for an invented agency.

``consistent_values`` draws numbers so that every relation of the format holds (T1, T2, T3, C1);
``make_content`` wraps them in a report with a title, a statistics period and the six parts.
Used by the property tests (through ``random.Random`` seeded by hypothesis) and to build the
example reports shipped in ``examples/``.
"""

from __future__ import annotations

import random

from gklint.templates.national import APPLICANTS, OUTCOMES, RESULT_ROWS, REVIEW_GROUPS
from tests.render.content import ReportContent, Values

PEOPLE = APPLICANTS[:-1]


def _row(counts: list[int]) -> dict[str, str]:
    return {**{c: str(n) for c, n in zip(PEOPLE, counts)}, "total": str(sum(counts))}


def consistent_values(rng: random.Random, busy: float = 0.5) -> Values:
    """Table values in which every relation holds; ``busy`` is the share of non-zero cells."""

    def small(high: int = 9) -> int:
        return rng.randint(1, high) if rng.random() < busy else 0

    results = {row.key: [small(5) for _ in PEOPLE] for row in RESULT_ROWS}
    totals = [sum(results[k][i] for k in results) for i in range(len(PEOPLE))]
    carried_in = [min(small(3), t) for t in totals]
    carried_out = [small(3) for _ in PEOPLE]
    new = [t + o - i for t, o, i in zip(totals, carried_out, carried_in)]
    applications = {
        "new": _row(new),
        "carried_in": _row(carried_in),
        **{k: _row(v) for k, v in results.items()},
        "results_total": _row(totals),
        "carried_out": _row(carried_out),
    }
    review = {}
    for group in REVIEW_GROUPS:
        parts = [small(4) for _ in OUTCOMES[:-1]]
        review[group] = {**dict(zip(OUTCOMES, map(str, parts))), "total": str(sum(parts))}
    in_force = rng.randint(0, 40)
    active = {
        "regulations": {"issued": "0", "abolished": "0", "in_force": "0"},
        "normative_documents": {"issued": str(small(6)), "abolished": str(small(3)), "in_force": str(in_force)},
        "licensing": {"decisions": str(rng.randint(0, 3000))},
        "penalty": {"decisions": str(rng.randint(0, 500))},
        "enforcement": {"decisions": str(rng.randint(0, 50))},
        "fees": {"amount": f"{rng.randint(0, 99999) / 100:.2f}"},
    }
    return {"active": active, "applications": applications, "review_litigation": review}


def make_content(values: Values, year: int = 2023, agency: str = "示例市示例局") -> ReportContent:
    """A complete report around ``values``: title, preamble with the period, six parts of prose."""
    new = values["applications"]["new"]["total"]
    return ReportContent(
        title=f"{agency}{year}年政府信息公开工作年度报告",
        preamble=[
            f"本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号的要求编制。"
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        ],
        sections={
            1: [
                f"（一）主动公开情况。{year}年，本局通过门户网站主动公开政府信息，及时发布政策文件和工作动态。",
                f"（二）依申请公开情况。{year}年，本局共收到政府信息公开申请{new}件，均在法定期限内答复。",
                "（三）政府信息管理情况。落实公开前保密审查，动态更新政府信息公开目录。",
                "（四）政府信息公开平台建设情况。优化门户网站政府信息公开专栏，栏目设置规范。",
                "（五）监督保障情况。将政府信息公开工作纳入年度考核，开展业务培训。",
            ],
            2: [],
            3: [],
            4: [],
            5: ["存在的问题是主动公开的深度还不够。下一步将加强政策解读，提高公开质量。"],
            6: [f"本局{year}年度未收取信息处理费。"],
        },
        values=values,
    )
