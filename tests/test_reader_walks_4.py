"""The readers' fourth round of cheaper walks, each checked against the slower way it replaces: an HTML
page is split into lines for its suppression comments only when a comment starts with ``gklint``."""

from __future__ import annotations

import pytest

from gklint.model import Directive
from gklint.plugin import Reader
from gklint.readers.html import HtmlReader

PAGE = "<html><body>\n{comment}\n<p>第一段</p>\n<p>第二段</p>\n</body></html>\n"


def directives_of(page: str) -> tuple[Directive, ...]:
    return HtmlReader().read("page.html", page.encode()).directives


def scanned(page: str) -> tuple[Directive, ...]:
    """What scanning every line of the page finds, as the reader did for every page with a comment."""
    return Reader.directives_in(page.splitlines())


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- gklint: disable-next-line=GK107 -->",
        "<!--gklint: disable=GK1-->",
        "<!--\u3000GKLINT: disable-file=ALL -->",  # any whitespace str.strip() strips, any case
        "<!-- g\u212alint: disable=GK2 -->",  # the Kelvin sign lower-cases to "k"
        "  <!-- gklint -->",  # names gklint but says nothing: an invalid directive, still reported
        "<!-- gklint: enable=GK1 --> <!-- note -->",  # not a comment line of its own: nothing
    ],
)
def test_a_page_whose_comments_start_with_gklint_is_scanned_line_by_line(comment: str) -> None:
    page = PAGE.format(comment=comment)
    assert directives_of(page) == scanned(page)


@pytest.mark.parametrize(
    "comment",
    ["<!-- 正文开始 -->", "<!-- about gklint: disable=GK1 -->", "<!-- gk lint: disable=GK1 -->", ""],
)
def test_a_page_whose_comments_do_not_start_with_gklint_has_no_directives(comment: str) -> None:
    page = PAGE.format(comment=comment)
    assert directives_of(page) == scanned(page) == ()


def test_directives_keep_their_lines_among_many_other_comments() -> None:
    noise = "\n".join(f"<!-- 栏目 {n} -->" for n in range(50))
    page = PAGE.format(comment=f"{noise}\n<!-- gklint: disable-next-line=GK107 -->")
    (directive,) = directives_of(page)
    assert (directive.kind, directive.codes, directive.location.line, directive.target_line) == (
        "disable-next-line",
        ("GK107",),
        52,
        53,
    )
