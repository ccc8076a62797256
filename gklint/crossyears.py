"""The cross-year rules of a whole run, in the workers.

Once every file is read, each report whose agency has a report of the year before in the run gets
the cross-year rules (GK6xx). Unpacking two reports and comparing them is real work, a tenth of a
sweep of text reports: done in this process after the workers had finished, it left one core idle
at the end of every run. So the pairs go to the same executor as the files did, each task carrying
the two reports' packed bytes and its file's settings; a worker unpacks them into a history of its
own that holds only the year before, which is all a cross-year rule asks of it. Results come from
the file's cache entry where both years are unchanged (a comparison made here is written
into it); a task that goes over its budget is done here.
"""

from __future__ import annotations

import io
from array import array
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from gklint.budget import Exceeded
from gklint.config import Settings
from gklint.engine import check_report
from gklint.history import History, unpack_report
from gklint.model import Finding
from gklint.outcome import Outcome
from gklint.sequences import ItemSequence
from gklint.spill import Slots

if TYPE_CHECKING:
    from gklint.runner import Linter

Pair = tuple[bytes, bytes, Settings]  # (the report's packed bytes, the year before's, its settings)


def cross_year_findings(
    linter: Linter, outcomes: Sequence[Outcome], history: History, reports: Sequence[int]
) -> Slots[list[Finding]]:
    """The cross-year findings of the files numbered in ``reports`` (those whose outcome holds a
    report's facts), by file number; a file without any has no slot set (a sweep's are kept on
    disk, like its outcomes)."""
    found: Slots[list[Finding]] = Slots(len(outcomes))
    wanted = array("q")
    for index in reports:
        outcome = outcomes[index]
        previous = _previous(outcome, history)
        if previous is None:
            continue
        cached = _cached(outcome, previous)
        if cached is None:
            wanted.append(index)
        elif cached:
            found[index] = cached

    def arrived(position: int, result: list[Finding] | Exceeded) -> None:
        index = wanted[position]  # its outcome is read back (from disk in a sweep) only when needed
        if isinstance(result, Exceeded):  # too much for a worker's budget: compared here, as before
            result = compared_here(linter, outcomes[index], history)
        elif linter.cache is not None:
            outcome = outcomes[index]
            _keep(linter, outcome, _previous(outcome, history), result, history)
        if result:
            found[index] = result

    def compare(pair: Pair) -> list[Finding]:
        packed, previous, settings = pair
        before = History(spill=io.BytesIO())
        before.add_packed(previous)
        return check_report(unpack_report(packed), linter.active_rules(settings), before)

    pairs = _Pairs(outcomes, wanted, history)
    linter.isolated(compare, pairs, linter.jobs_for(len(pairs)), None, arrived)
    return found


def compared_here(linter: Linter, outcome: Outcome, history: History | None) -> list[Finding]:
    """The cross-year rules' findings for one outcome, in this process; from its cache entry when
    neither year's report changed."""
    facts = outcome.facts
    previous = history.previous_digest(facts.key) if history is not None and facts is not None else None
    if history is None or facts is None or previous is None:
        return []
    cached = _cached(outcome, previous)
    if cached is not None:
        return cached
    found = check_report(history.unpack(facts), linter.active_rules(outcome.settings), history)
    _keep(linter, outcome, previous, found, history)
    return found


def _cached(outcome: Outcome, previous: str) -> list[Finding] | None:
    """The findings the file's cache entry holds for the comparison with the year before's report
    of digest ``previous``, if it holds that one."""
    known = outcome.cross_year
    return list(known[1]) if known is not None and known[0] == previous else None


def _keep(linter: Linter, outcome: Outcome, previous: str | None, found: list[Finding], history: History) -> None:
    """Write the file's cache entry again, with the comparison's findings in it."""
    facts = outcome.facts
    if previous is None or linter.cache is None or not outcome.key or facts is None:
        return
    packed = facts.packed or history.packed(facts.record)  # the history keeps the bytes of what it holds
    whole = replace(outcome, facts=replace(facts, packed=packed, record=-1), cross_year=(previous, found))
    linter.cache.put(outcome.key, whole.stored())


def _previous(outcome: Outcome, history: History) -> str | None:
    facts = outcome.facts
    return history.previous_digest(facts.key) if facts is not None else None


class _Pairs(ItemSequence[Pair]):
    """The tasks, each built when the executor sends it: a sweep never holds every pair's bytes."""

    def __init__(self, outcomes: Sequence[Outcome], wanted: array[int], history: History) -> None:
        self.outcomes = outcomes
        self.wanted = wanted
        self.history = history

    def __len__(self) -> int:
        return len(self.wanted)

    def item(self, position: int) -> Pair:
        outcome = self.outcomes[self.wanted[position]]
        assert outcome.facts is not None
        previous = self.history.previous_record(outcome.facts.key)
        assert previous is not None
        return self.history.packed(outcome.facts.record), self.history.packed(previous), outcome.settings
