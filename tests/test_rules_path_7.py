"""The rules' shared work per report: each shortcut gives what the plain definition gives.

A report's failing balances are decided once for every rule (``Report.failing_balances``), its cells
grouped by status once (``Report.cells_with``), the narrative statements found with the year
mentions of a sentence read once and a clause tried only against the topics its nouns introduce;
the engine makes a rule's metadata and read-only options once per run. Each is checked here against
the definition it replaces, on reports drawn at random with faults of every kind planted.
"""

from __future__ import annotations

import dataclasses
import pickle
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gklint.binder import bind
from gklint.bounds import bound_document
from gklint.config import Layer, Resolver
from gklint.engine import ActiveRule, check_report, selected_rules
from gklint.model import Cell, CellStatus, Finding, Location, LogicalPlace, Report, Severity
from gklint.plugin import Rule, RuleContext
from gklint.relations import Balance, Failure, failing, failures, suspect
from gklint.rules import narrative_sentences, narrative_text, narrative_topics, narrative_years
from gklint.runner import Linter
from gklint.testing import _plugins
from tests.render.synth import consistent_values, make_content
from tests.render.text import pipe_rows

WRITTEN = ("-3", "2.5", "", "/", "若干", "0", "12", "0.5", "—", "无", "7.25", "1,000")
PROSE = [
    "2023年，本局共收到政府信息公开申请{a}件，办结{b}件，结转下年度继续办理{c}件。",
    "2022年收到申请{a}件；本年度新收申请{b}件，其中自然人{c}件。",
    "全年受理政府信息公开申请{a}件，行政复议{b}件，行政诉讼{c}件。",
    "制发规范性文件{a}件，废止{b}件，现行有效{c}件。",
    "本年度行政许可{a}件，行政处罚{b}件；2024年将继续推进。",
    "共有{a}件申请顺延至2024年答复，{b}件正在办理中，结转至下一年度。",
]


def _linter() -> Linter:
    plugins = _plugins()
    return Linter(plugins, Resolver({name: path for name, (path, _) in plugins.rulesets.items()}, Layer("test")))


def _report(linter: Linter, folder: Path, seed: int) -> Report:
    """A 2023 report whose cells are rewritten at random (negative, fractional, blank, "/", text)."""
    rng = random.Random(seed)
    values = consistent_values(rng, busy=rng.choice((0.2, 0.9)))
    cells = [(table, row, column) for table, rows in values.items() for row, cols in rows.items() for column in cols]
    for table, row, column in rng.sample(cells, rng.randint(0, 6)):
        values[table][row][column] = rng.choice(WRITTEN)
    content = make_content(values, 2023, "示例市示例局")
    numbers = {name: rng.randint(0, 40) for name in "abc"}
    content.sections[1] = [rng.choice(PROSE).format(**numbers) for _ in range(3)]
    path = folder / f"{seed:03d}.txt"
    path.write_text(pipe_rows(content), encoding="utf-8")
    data = path.read_bytes()
    chosen = linter.reader_for(path, data[:512])
    assert chosen is not None
    return bind(bound_document(chosen[0].read(str(path), data)), linter.templates())


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[Report]:
    linter, folder = _linter(), tmp_path_factory.mktemp("reports")
    return [_report(linter, folder, seed) for seed in range(40)]


def test_the_failing_balances_are_those_that_fail(reports: list[Report]) -> None:
    seen = 0
    for report in reports:
        balances = list(report.all_balances())
        assert report.failing_balances == tuple(b for b in balances if b.fails())
        seen += len(report.failing_balances)
    assert seen, "some planted fault breaks a balance"


def _failures_by_definition(balances: list[Balance], relation: str) -> list[Failure]:
    every = [b for b in balances if b.fails()]
    return [Failure(b, *b.sums(), suspect(b, every)) for b in every if b.relation == relation]


def test_failures_of_a_relation_are_as_defined(reports: list[Report]) -> None:
    for report in reports:
        for relation in report.balances:
            expected = _failures_by_definition(list(report.all_balances()), relation)
            assert list(failures(report.all_balances(), relation)) == expected


def _cell(rng: random.Random, place: LogicalPlace) -> Cell:
    status = rng.choice([CellStatus.OK] * 6 + [CellStatus.BLANK, CellStatus.NA, CellStatus.INVALID, CellStatus.MISSING])
    value: int | Decimal | None = None
    if status is CellStatus.OK:
        value = rng.choice((rng.randint(-2, 9), Decimal(rng.randint(0, 900)) / 100, True))
    return Cell("x", value, status, Location(line=1), place)


def test_failing_decides_odd_balances_as_fails_does() -> None:
    """Money, booleans, blanks counted as 0, empty sides: the plain loop must defer to ``fails``."""
    rng = random.Random(7)
    for _ in range(3000):
        places = [LogicalPlace(table="t", row=str(i), column="c") for i in range(rng.randint(0, 6))]
        cells = [_cell(rng, place) for place in places]
        cut = rng.randint(0, len(cells))
        zeros = frozenset(c.place for c in cells if rng.random() < 0.5)
        balance = Balance("T9", "row", "r", tuple(cells[:cut]), tuple(cells[cut:]), zeros)
        fresh = Balance("T9", "row", "r", tuple(cells[:cut]), tuple(cells[cut:]), zeros)
        assert failing([balance]) == ((balance,) if fresh.fails() else ())


def test_cells_by_status_keep_the_tables_order(reports: list[Report]) -> None:
    for report in reports:
        every = [cell for table in report.tables.values() for cell in table.cells()]
        for status in CellStatus:
            assert report.cells_with(status) == tuple(c for c in every if c.status is status)


def _other_year_by_prefix(sentence: str, clause_end: int, year: int | None) -> bool:
    """The definition: the last year the sentence names up to the clause's end is another year than
    this one or the next (2022年, 上年, 去年), not this one (2023年, 本年, 今年)."""
    digits = str.maketrans("〇零○一二三四五六七八九", "000123456789")
    told = [(m.end(), True) for m in re.finditer(r"(?:上一?年度?|去年|前一年)(?!度?结转)", sentence)]
    told += [(m.end(), False) for m in re.finditer(r"本年|今年", sentence)]
    if year is not None:
        for m in re.finditer(r"((?:19|20)\d{2}|二[〇零○][一二三四五六七八九〇零○]{2})\s*年", sentence):
            told.append((m.end(), int(m.group(1).translate(digits)) not in (year, year + 1)))
    named = [mention for mention in told if mention[0] <= clause_end]  # named in full before the clause ends
    return max(named)[1] if named else False


def test_a_sentence_s_years_are_found_once_as_in_every_prefix() -> None:
    rng = random.Random(3)
    pieces = ["2023年", "2022 年", "2024年", "2019", "年", "收到申请3件", "，", "12023年", "20", "23年", "。"]
    pieces += ["本年", "上年", "去年", "本年度", "上年度结转"]
    for _ in range(3000):
        sentence = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        year = rng.choice((None, 2023))
        told = narrative_years.years_told(sentence, year)
        for clause_end in range(len(sentence) + 1):
            found = bool(told) and narrative_years.another_year(told, clause_end)
            assert found == _other_year_by_prefix(sentence, clause_end, year), (sentence, clause_end)


def _topic_by_definition(clause: str, sentence: str, next_year: str) -> str | None:
    topics = narrative_topics.TOPICS
    found = [name for name, topic in topics.items() if narrative_topics._is_about(topic, clause, sentence, next_year)]
    return found[0] if len(found) == 1 else None


def test_a_clause_is_tried_against_the_topics_its_nouns_introduce() -> None:
    words = [w for topic in narrative_topics.TOPICS.values() for w in (*topic.nouns, *topic.verbs, *topic.excluded)]
    words += ["3件", "本局", "2024"]
    rng = random.Random(5)
    for _ in range(5000):
        clause = "".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        sentence = clause + rng.choice(("", "申请", "答复"))
        assert narrative_topics.topic_of(clause, sentence, "2024") == _topic_by_definition(clause, sentence, "2024")


class _Greedy(Rule):
    """A rule that writes into its options."""

    code = "GK997"
    name = "greedy"
    severity = Severity.INFO
    summary = ("贪心", "greedy")
    messages = {"x": ("x", "x")}

    def check(self, report: Report, ctx: RuleContext) -> list[Finding]:
        ctx.options["seen"] = True  # type: ignore[index]
        return []


def test_a_rule_cannot_change_its_options_for_the_next_report(reports: list[Report]) -> None:
    active = ActiveRule(_Greedy, "test", Severity.INFO, {"limit": 3})
    found = check_report(reports[0], [active]) + check_report(reports[1], [active])
    assert [f.code for f in found] == ["GK099", "GK099"]
    assert active.options == {"limit": 3}


def test_the_selected_rules_are_made_once_per_settings() -> None:
    linter = _linter()
    settings = linter.resolver.settings_for(Path("a.txt"))
    first, second = selected_rules(linter.plugins, settings), selected_rules(linter.plugins, settings)
    assert first == second and first is not second
    assert all(a is b for a, b in zip(first, second, strict=True))
    first.clear()  # a caller's list is its own
    assert selected_rules(linter.plugins, settings) == second


def test_a_finding_stays_frozen_plain_data() -> None:
    finding = Finding("GK201", "row-total", Severity.ERROR, "甲", "a", "r.txt", args=(("k", "v"),), actual="3")
    again = pickle.loads(pickle.dumps(finding))
    assert again == finding and hash(again) == hash(finding) and repr(again) == repr(finding)
    assert dataclasses.replace(finding, fix=None) == finding and dataclasses.replace(finding, actual="4") != finding
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.code = "GK202"  # type: ignore[misc]
    fields: dict[str, Any] = {f.name: getattr(finding, f.name) for f in dataclasses.fields(finding)}
    assert Finding(**fields) == finding


def _statements_by_definition(sentence: str, year: int | None, next_year: str) -> list[tuple[int, int, str, int]]:
    """The sentence read clause by clause, every clause searched on its own (as before the shortcut)."""
    found, previous, normative, opened, previous_topic, received = [], None, False, False, None, False
    for match in re.finditer(r"(?:[^。；;！？!?\n,]|(?<=\d),(?=\d{3}))+", sentence):
        clause = match.group(0)
        named = narrative_topics.ANY_NOUN.search(clause) is not None
        included = narrative_text._INCLUDED.search(clause)  # 16件(含上年结转1件): new and carried in
        carried_included = included is not None and "结转" in included.group(0)
        clause = narrative_text._INCLUDED.sub("", clause)
        if _other_year_by_prefix(sentence, match.end(), year):  # another year's clause: skipped
            previous, previous_topic, normative = None, None, False
            continue
        if opened or narrative_text.OPENER.search(clause):
            opened = True  # a breakdown: only the kinds of result are read
            paired = narrative_text._respectively(match.start(), match.end(), clause, sentence, next_year)
            found.extend(paired or narrative_text._results(match.start(), clause, sentence, year, next_year))
            continue
        topic = narrative_topics.topic_of(clause, sentence, next_year) if named else None
        if topic is None and normative:
            topic = narrative_text._inherited(clause, sentence, next_year)
        if topic is None and not named and previous_topic in ("received", "applications", "carried_in", "handled"):
            topic = narrative_text._handled_after(clause, sentence, next_year, previous_topic)
        if topic is None and narrative_topics.ANY_NOUN.search(clause) and narrative_text._LIST_MARK.search(clause):
            found.extend(narrative_text._listed(match.start(), clause, sentence, year, next_year))
        if carried_included and topic == "received":
            topic = "applications"
        normative = topic is not None and topic.startswith("normative")
        value = narrative_text._value(clause, topic, year) if topic else None
        pieces = narrative_text._normative_pieces(match.start(), clause, sentence, year, next_year)
        if named and value is None and pieces:  # 制发规范性文件4件、废止2件: each piece on its own
            found.extend(pieces)
            previous, previous_topic, normative = match, pieces[-1][2], True
            continue
        start = match.start()
        if topic == "carried_out" and value is None and previous is not None and narrative_text._countless(clause):
            value, start = narrative_text._pending_count(previous.group(0)), previous.start()
        after_applications = previous_topic in ("received", "handled", narrative_text.CONCLUDED) or (
            previous_topic == "carried_in" and received
        )
        all_of_them = narrative_text._ALL_OF_THEM_HANDLED.search(clause) and narrative_text.exact_counts(clause) == []
        if (topic is None and after_applications and narrative_text._ALL_HANDLED.search(clause)) or all_of_them:
            topic, value = "carried_out", 0
        year_end = narrative_text._AT_YEAR_END.search(sentence[: match.end()])
        if topic is None and narrative_text._PENDING.search(clause) and year_end and "申请" in sentence:
            value = narrative_text._pending_count(clause)
            topic = "carried_out" if value is not None else None
        if topic is not None and value is not None:
            received = received or topic == "received"
            found.append((start, match.end(), topic, value))
        if topic is None and not named and narrative_text.exact_counts(clause) == []:
            continue  # a clause that counts nothing does not part the clauses around it
        previous, previous_topic = match, topic
    return found


def test_a_sentence_read_once_gives_the_statements_of_its_clauses_read_one_by_one() -> None:
    rng = random.Random(11)
    words = [w for topic in narrative_topics.TOPICS.values() for w in (*topic.nouns, *topic.verbs, *topic.excluded)]
    words += ["其中", "包括", "分别为", "3件", "12件", "两件", "约5件", "2022年", "2024年", "本局", "正在办理"]
    words += ["收到申请3件", "办结申请2件", "制发规范性文件4件", "废止2件", "现行有效9件", "1件正在办理中"] * 8
    words += ["本年", "上年", "2023年", "共办结3件", "已全部按时办结", "答复2件", "上年结转1件", "均已办结"] * 4
    words += ["截至12月31日", "尚有2件申请正在办理中"] * 4
    separators = ["，", ",", "", "", "、"]
    for _ in range(4000):
        sentence = "".join(rng.choice(words) + rng.choice(separators) for _ in range(rng.randint(1, 7)))
        year = rng.choice((None, 2023))
        next_year = str(year + 1) if year else "\0"
        expected = _statements_by_definition(sentence, year, next_year)
        assert list(narrative_text._sentence_statements(sentence, year, next_year)) == expected, sentence


def test_a_sentence_s_clauses_are_where_the_expression_finds_them() -> None:
    rng = random.Random(13)
    pieces = ["1", "300", "12", ",", ",", "，", "收到", "件", "٣", "00", "。", "\n", " "]
    for _ in range(5000):
        sentence = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        spans = [m.span() for m in narrative_sentences._CLAUSES.finditer(sentence)]
        assert list(narrative_sentences.clause_spans(sentence)) == spans, sentence
