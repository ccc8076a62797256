"""Render report content as HTML the way portals and Word publish it, and a synthetic sample report.

``render_html(content, style)`` lays out the title, the preamble, the six part headings with their
paragraphs, and the three national tables with real rowspan/colspan. Styles:

* ``plain``: a bare UTF-8 page with ``<meta charset>``;
* ``portal``: a portal page: banner, ``<nav>`` menu, breadcrumb, scripts and styles, the report
  inside a layout table, a sidebar and a footer; charset by ``<meta http-equiv>``; empty cells
  written ``&nbsp;``; a ``PubDate`` meta tag;
* ``gbk``: GBK bytes under ``<meta charset="gb2312">``; ``nocharset``: GBK bytes, nothing declared;
* ``split-br`` / ``split-p``: long labels broken in two inside their cells by ``<br>`` or ``<p>``.

Regenerate the committed fixtures with ``python -m tests.render.html --out tests/fixtures/html``.
"""

from __future__ import annotations

import argparse
import html
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gklint.templates.national import APPLICANTS, APPLICATIONS, OUTCOMES, REVIEW_GROUPS
from tests.render.content import TABLE_OF_PART, GridCell, ReportContent, table_grid

PUBLISHED = "2024-01-20"


@dataclass(frozen=True)
class HtmlStyle:
    portal: bool = False
    encoding: str = "utf-8"  # of the bytes
    declare: str | None = "meta"  # "meta" (<meta charset>), "http-equiv", or None
    declared: str = "utf-8"  # the charset name the page declares
    split: str | None = None  # "br" or "p": labels broken in two inside their cells
    blank: str = ""  # markup of an empty value cell


STYLES = {
    "plain": HtmlStyle(),
    "portal": HtmlStyle(portal=True, declare="http-equiv", blank="&nbsp;"),
    "gbk": HtmlStyle(encoding="gb18030", declared="gb2312"),
    "nocharset": HtmlStyle(encoding="gb18030", declare=None),
    "split-br": HtmlStyle(split="br"),
    "split-p": HtmlStyle(split="p", blank="&nbsp;"),
}


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def split_label(text: str, markup: str | None) -> str:
    """The label broken in two at its middle (labels are long; a cell wraps them)."""
    if markup is None or len(text) < 4:
        return _esc(text)
    middle = len(text) // 2
    head, tail = _esc(text[:middle]), _esc(text[middle:])
    return f"{head}<br>{tail}" if markup == "br" else f"<p>{head}</p><p>{tail}</p>"


def _cell(cell: GridCell, style: HtmlStyle, relabel: Mapping[str, str]) -> str:
    spans = "".join(
        f' {name}="{value}"' for name, value in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if value > 1
    )
    if cell.key is not None:
        body = _esc(cell.text) if cell.text.strip() else style.blank
        if style.portal and body != style.blank:
            body = f"<span>{body}</span>"
    else:
        body = split_label(relabel.get(cell.text, cell.text), style.split)
    return f"<td{spans}>{body}</td>"


def render_table(content: ReportContent, key: str, style: HtmlStyle, relabel: Mapping[str, str]) -> list[str]:
    lines = ['<table border="1" cellspacing="0" cellpadding="2">']
    for row in table_grid(content, key):
        lines.append("<tr>" + "".join(_cell(cell, style, relabel) for cell in row) + "</tr>")
    lines.append("</table>")
    return lines


def _parts(content: ReportContent) -> list[int]:
    tables = {part for part, key in TABLE_OF_PART.items() if key in content.values}
    return sorted(set(content.sections) | set(content.headings) | tables)


def report_lines(content: ReportContent, style: HtmlStyle, relabel: Mapping[str, str]) -> list[str]:
    lines = []
    if content.title:
        lines.append(f'<h1 class="title">{_esc(content.title)}</h1>')
        if style.portal:
            lines.append(f'<div class="info"><span>发布时间：{PUBLISHED}</span> <span>来源：本机关</span></div>')
    lines += [f"<p>{_esc(text)}</p>" for text in content.preamble]
    for number in _parts(content):
        lines.append(f"<h2>{_esc(content.heading(number))}</h2>")
        lines += [f"<p>{_esc(text)}</p>" for text in content.sections.get(number, [])]
        key = TABLE_OF_PART.get(number)
        if key in content.values:
            lines += render_table(content, key, style, relabel)
    return lines


def _head(content: ReportContent, style: HtmlStyle) -> list[str]:
    lines = ["<head>"]
    if style.declare == "meta":
        lines.append(f'<meta charset="{style.declared}">')
    elif style.declare == "http-equiv":
        lines.append(f'<meta http-equiv="Content-Type" content="text/html; charset={style.declared}">')
    lines.append(f"<title>{_esc(content.title or '政府信息公开工作年度报告')}</title>")
    if style.portal:
        lines += [
            f'<meta name="PubDate" content="{PUBLISHED} 09:30">',
            '<meta name="SiteName" content="示例市人民政府">',
            "<style>body { font-size: 16px; } .nav li { display: inline; }</style>",
            '<script>var siteName = "示例市人民政府"; document.title = siteName;</script>',
        ]
    lines.append("</head>")
    return lines


_PORTAL_TOP = [
    '<div class="banner">示例市人民政府门户网站</div>',
    '<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
    '<li><a href="/hdjl/">互动交流</a></li><li><a href="/zwfw/">政务服务</a></li></ul></nav>',
    '<div class="crumb" role="navigation">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> '
    "&gt; 政府信息公开年度报告</div>",
    '<script type="text/javascript">document.write("<p>一、脚本写出的文字</p>");</script>',
    '<table width="100%" class="layout"><tr><td width="75%">',
    '<table width="100%"><tr><td><div id="zoom" class="content">',
]
_PORTAL_BOTTOM = [
    "</div></td></tr></table>",
    '</td><td><aside class="side"><h3>相关链接</h3><ul><li>国务院办公厅</li><li>示例省人民政府</li></ul>'
    "</aside></td></tr></table>",
    '<div class="tools"><button>打印本页</button><button>关闭窗口</button></div>',
    "<footer><p>主办单位：示例市人民政府办公室</p><p>网站标识码：0000000000 备案号：示ICP备00000000号</p></footer>",
    '<script>(function () { var s = "统计"; })();</script>',
]


def render_html(
    content: ReportContent, style: str | HtmlStyle = "plain", relabel: Mapping[str, str] | None = None
) -> bytes:
    """The report as an HTML page; ``relabel`` maps template labels to labels as a report wrote them."""
    chosen = STYLES[style] if isinstance(style, str) else style
    labels = dict(relabel or {})
    lines = ["<!DOCTYPE html>", '<html lang="zh-CN">', *_head(content, chosen), "<body>"]
    body = report_lines(content, chosen, labels)
    lines += [*_PORTAL_TOP, *body, *_PORTAL_BOTTOM] if chosen.portal else body
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines).encode(chosen.encoding)


# --------------------------------------------------------------------------- a synthetic report


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def sample_content(seed: int = 2023) -> ReportContent:
    """A made-up but consistent 2023 report: every table relation of the national format holds."""
    rng = random.Random(seed)
    people = APPLICANTS[:-1]
    results = [r.key for r in APPLICATIONS.rows if r.key not in ("new", "carried_in", "results_total", "carried_out")]
    table_b: dict[str, dict[str, str]] = {key: {} for key in (r.key for r in APPLICATIONS.rows)}
    for column in people:
        leaves = {key: (rng.choice((0, 0, 0, 1, 2, 5)) if column == "natural_person" else rng.choice((0, 0, 1)))
                  for key in results}  # fmt: skip
        handled = sum(leaves.values())
        carried_out, carried_in = rng.randint(0, 2), rng.randint(0, 1)
        numbers = {**leaves, "results_total": handled, "carried_out": carried_out, "carried_in": carried_in,
                   "new": handled + carried_out - carried_in}  # fmt: skip
        if numbers["new"] < 0:
            numbers["carried_in"], numbers["new"] = 0, handled + carried_out
        for key, value in numbers.items():
            table_b[key][column] = str(value)
    for row in table_b.values():
        row["total"] = str(sum(int(row[c]) for c in people))
    table_c: dict[str, dict[str, str]] = {}
    for group in REVIEW_GROUPS:
        counts = _split(rng, rng.randint(0, 6), 4)
        table_c[group] = {o: str(n) for o, n in zip(OUTCOMES, [*counts, sum(counts)])}
    table_a = {
        "regulations": {"issued": "0", "abolished": "0", "in_force": "0"},
        "normative_documents": {"issued": "3", "abolished": "1", "in_force": str(rng.randint(10, 40))},
        "licensing": {"decisions": str(rng.randint(50, 900))},
        "penalty": {"decisions": str(rng.randint(0, 60))},
        "enforcement": {"decisions": str(rng.randint(0, 9))},
        "fees": {"amount": f"{rng.randint(0, 500)}.{rng.randint(0, 9999):04d}"},
    }
    new_total = table_b["new"]["total"]
    return ReportContent(
        title="示例市示例局2023年政府信息公开工作年度报告",
        preamble=[
            "本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息公开办公室的通知要求编制。",
            "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
        ],
        sections={
            1: [
                f"（一）主动公开。本年度通过门户网站主动公开政府信息{rng.randint(100, 900)}条。",
                f"（二）依申请公开。本年度共收到政府信息公开申请{new_total}件，均在法定期限内答复。",
                "（三）政府信息管理。完善信息发布审核制度，落实保密审查。",
                "（四）平台建设。持续优化门户网站信息公开专栏。",
                "（五）监督保障。将政务公开纳入年度绩效考核。",
            ],
            2: [],
            3: [],
            4: [],
            5: ["主要问题是公开内容的及时性有待提高。下一步将加强培训，规范发布流程。"],
            6: ["本年度未收取信息处理费。"],
        },
        values={"active": table_a, "applications": table_b, "review_litigation": table_c},
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic HTML fixtures.")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    content = sample_content()
    for name in STYLES:
        (args.out / f"{name}.html").write_bytes(render_html(content, name))


if __name__ == "__main__":
    main()
