"""The file runner: find files, take what the cache holds, lint the rest (``gklint.linting``), each
file within its budget, and put the results in order.

Linting one file is a pure function of (bytes, settings, plugins): that is what makes the worker
processes safe and the output identical whatever the order or number of jobs. Each file is read,
bound and checked in a worker process under the run's time and memory limits (``gklint.workers``);
a file that goes over gets one GK002 naming the limit, and the run goes on.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from gklint import __version__
from gklint.budget import DEFAULT_BUDGET, Budget, Exceeded
from gklint.cache import Cache, fingerprint
from gklint.config import Resolver, Settings
from gklint.crossyears import compared_here, cross_year_findings
from gklint.diagnostics import KERNEL_RULES, UNSUPPORTED_FORMAT
from gklint.digests import Digests
from gklint.discovery import Target, discover, display_path
from gklint.engine import ActiveRule, selected_rules
from gklint.executors import LOCAL, Executor
from gklint.history import Facts, History
from gklint.inplace import run_here
from gklint.manager import Plugins
from gklint.model import FileResult, RunResult
from gklint.outcome import (
    STORED_FIELDS,
    Outcome,
    Stored,
    completed,
    finished,
    over_budget,
    plain_result,
    result_fields,
    result_from,
)
from gklint.paths import FolderShared, suffix_of, suffixes_of
from gklint.reader import Reader
from gklint.rule import Compared
from gklint.scheduling import InOrder, Paired, Picked, collector_paused, processors
from gklint.source import Refused
from gklint.spill import Slots
from gklint.template import Template

Progress = Callable[[int, int], None]  # (files done, files in all), called as each file is done
T = TypeVar("T")
R = TypeVar("R")
__all__ = ["Linter", "Outcome", "Target", "discover", "display_path"]  # discovery lives in gklint.discovery


def _sniffs(reader: Reader, head: bytes) -> bool:
    try:
        return reader.sniff(head)
    except Exception:  # a sniffer that raises simply does not claim the file
        return False


@dataclass(frozen=True)
class Linter:
    """The configured pipeline: plugins, the resolver of each file's settings, the per-file budget."""

    plugins: Plugins
    resolver: Resolver
    skip_non_reports: bool = False  # also for files named explicitly (pre-commit names every file)
    published: str = ""  # --published: the publication date, for every rule that reads it from metadata
    keep_tables: bool = False  # put each report's tables on its sheet (a formatter draws them)
    budget: Budget = DEFAULT_BUDGET
    cache: Cache | None = None  # None: no content cache (--no-cache, or a library caller)
    executor: Executor = LOCAL  # where phase one runs (gklint.executors)
    _claiming: dict[str, list[tuple[Reader, str]]] = field(default_factory=dict, init=False, compare=False, repr=False)
    _templates: list[Template] = field(default_factory=list, init=False, compare=False, repr=False)
    _compared: list[Compared | None] = field(default_factory=list, init=False, compare=False, repr=False)

    def active_rules(self, settings: Settings) -> list[ActiveRule]:
        """The rules ``settings`` select, each with its severity and a copy of its options."""
        return selected_rules(self.plugins, settings)

    def reader_for(self, path: Path | str, head: bytes) -> tuple[Reader, str] | None:
        """The reader of the file's suffix; but a container format's file whose first bytes its reader
        does not know and another reader does (a web page saved as 年报.doc or .docx, a PDF named
        .doc) goes to that one. A line-based suffix (.txt, .md) is its reader's whatever it holds."""
        for reader, plugin in self._readers_claiming(suffix_of(path).lower()):
            if reader.line_based or _sniffs(reader, head):
                return reader, plugin
            return self._sniffing(head) or (reader, plugin)
        return self._sniffing(head)

    def _sniffing(self, head: bytes) -> tuple[Reader, str] | None:
        return next(((reader, plugin) for reader, plugin in self.plugins.readers if _sniffs(reader, head)), None)

    def _readers_claiming(self, suffix: str) -> list[tuple[Reader, str]]:
        """The readers of ``suffix``, asked once a suffix: they are all loaded by then, so the answer stays."""
        claiming = self._claiming.get(suffix)
        if claiming is None:
            claiming = self._claiming[suffix] = self.plugins.readers_claiming(suffix)
        return claiming

    def templates(self) -> list[Template]:
        """The loaded report formats, looked up once (every file asks, a note beside the reports too)."""
        if not self._templates:
            self._templates.extend(template for template, _ in self.plugins.templates)
        return self._templates

    def compared(self) -> Compared | None:
        """What the cross-year rules compare of a report, all of them together (``Rule.compares``):
        None when one of them does not say, or none is loaded. Every loaded rule counts, selected or
        not: a report's facts serve the other reports' rules, whatever settings those have."""
        if not self._compared:
            declared = [rule.compares for rule, _ in self.plugins.rules.values() if rule.history]
            together: Compared | None = Compared() if declared else None
            for compares in declared:
                together = together | compares if together is not None and compares is not None else None
            self._compared.append(together)
        return self._compared[0]

    def known_codes(self) -> list[str]:
        """Every code a finding may have: the kernel's and the installed rules'."""
        return sorted({*KERNEL_RULES, *self.plugins.keys("gklint_rules")})

    def suffixes(self) -> set[str]:
        return self.plugins.reader_suffixes()

    def lint_file(self, path: Path, explicit: bool = True) -> FileResult:
        """Lint one file on its own, in this process (no other years to compare with, no budget)."""
        return self.finish(self.examine(path, explicit))

    def examine(
        self,
        path: Path | str,
        explicit: bool = True,
        keep_report: bool = False,
        settings: Settings | None = None,
        shown: str | None = None,
        whole: bool = True,
    ) -> Outcome:
        """Phase one, in this process: read, bind and run the single-report rules (``shown``: the
        name findings show, when the caller knows it; with ``keep_report``, the outcome keeps the
        compact report, whole or, without ``whole``, only what the cross-year rules compare)."""
        shown = shown or display_path(path)
        settings = settings or self.resolver.settings_for(path)
        import gklint.linting as linting  # the binder and what it needs: not for a run the cache answers

        return linting.examine_file(self, path, shown, settings, explicit, keep_report, whole)

    def finish(
        self, outcome: Outcome, history: History | None = None, undecided: frozenset[str] = frozenset()
    ) -> FileResult:
        """Phase two: cross-year rules, then selection, severities and suppression comments (a comment
        that could cover an ``undecided`` code is not called unused yet)."""
        return finished(outcome, compared_here(self, outcome, history), undecided)

    def run(
        self,
        paths: Sequence[str],
        lang: str = "zh",
        history_paths: Sequence[str] = (),
        targets: Sequence[Target] | None = None,  # found beforehand by the caller (gklint.discovery)
        progress: Progress | None = None,
        stream: Callable[[FileResult], None] | None = None,
    ) -> RunResult:
        """Lint ``paths`` (or ``targets``); ``stream`` gets each file's result in order as soon as it and
        every file before it are read (without the cross-year findings, which come with the run)."""
        files = list(targets) if targets is not None else discover(paths, self.suffixes(), self.resolver)
        later = self.plugins.history_codes()
        compares = len(files) > 1 or bool(history_paths)  # one file alone has no other year to meet
        history = History() if later and compares else None
        early: InOrder[FileResult] | None = InOrder(stream) if stream else None
        results: Slots[FileResult] = Slots(len(files), result_fields, result_from, plain_result)
        reports = array("q")  # the files whose outcome waits for the cross-year rules, by number

        def take(index: int, outcome: Outcome) -> bool:
            """A file without a report to compare across years is finished as it arrives; the
            others are held until every file is read."""
            if history is not None and outcome.facts is not None:
                reports.append(index)
                if early is not None:
                    early.add(index, finished(outcome, [], later))
                return True
            result, printed = completed(outcome, history is not None, later, [])
            results[index] = result
            if early is not None:
                early.add(index, printed)
            return False

        with collector_paused():
            outcomes = self.examine_all(files, False, progress, take, history)
            if history is not None:
                for facts in self._history_reports(history_paths):
                    history.add(facts)
                reports = array("q", sorted(reports))  # in file order, whatever order they arrived in
                cross = cross_year_findings(self, outcomes, history, reports)
                for index in reports:
                    results[index] = completed(outcomes[index], True, later, cross.get(index, []))[0]
                history.close()
        infos = {**KERNEL_RULES, **self.plugins.rule_infos()}
        sources = self.plugins.source_traits()
        files_done = results if results.on_disk else tuple(results)
        return RunResult(files_done, infos, __version__, lang=lang, sources=sources)

    def examine_all(
        self,
        files: Sequence[Target],
        keep_report: bool = False,
        progress: Progress | None = None,
        take: Callable[[int, Outcome], bool] | None = None,
        history: History | None = None,
    ) -> Sequence[Outcome]:
        """Phase one for every file: from the cache, else in a worker within the budget; in ``files``
        order. With ``take``, each outcome is given to ``take(index, outcome)`` as soon as it is
        known, and kept only when it returns True (the slots of the others stay unset). With a
        ``history``, each report's facts go there as they arrive (the outcome keeps a reference);
        else they are kept only with ``keep_report``."""
        # files of one folder share their settings; a broken configuration stops the run here
        settings_of = FolderShared(lambda name: self.resolver.settings_for(name, is_file=True))
        tasks = Paired(files, lambda target: settings_of(target.name))
        outcomes: Slots[Outcome] = Slots(len(files))
        keep = keep_report or history is not None or self.cache is not None  # an entry serves later runs too

        def settle(index: int, outcome: Outcome) -> None:
            if outcome.facts is not None and history is not None:
                outcome.facts = history.add(outcome.facts)  # each outcome is this run's own object
            elif outcome.facts is not None and not keep_report:
                outcome.facts = None
            if take is None or take(index, outcome):
                outcomes[index] = outcome

        keys: list[str | None] = [None] * len(files)
        missing = (
            array("q", range(len(files)))
            if self.cache is None
            else self._from_cache_all(tasks, keys, keep_report, settle)
        )
        if not missing:
            return outcomes  # every file from the cache: no reader, binder or worker is needed
        # imported once, before the workers fork, not in every worker
        self.plugins.load_readers(suffixes_of(files[i].name for i in missing))
        import gklint.linting  # noqa: F401 (the binder and the rules' engine)

        def examine(task: tuple[Target, Settings]) -> Stored:
            """Phase one of a file, answered without its settings: the caller has them."""
            target, settings = task
            return self.examine(target.name, target.explicit, keep, settings, target.shown, keep_report).stored()

        def arrived(position: int, result: Stored | Exceeded) -> None:
            index = missing[position]
            target, settings = tasks[index]
            if isinstance(result, Exceeded):
                settle(index, over_budget(target.path, settings, result, self.budget))
                return
            outcome = Outcome.restored(result, settings, keys[index])
            self._to_cache(keys[index], outcome)
            settle(index, outcome)

        done_before = len(files) - len(missing)
        tick = None if progress is None else (lambda done, total: progress(done_before + done, len(files)))
        picked = Picked(tasks, missing)
        here = run_here(examine, picked[0], self.budget.timeout, self.budget.memory) if self._lone(picked) else None
        if here is not None:
            arrived(0, here)
            if tick is not None:
                tick(1, 1)
        else:
            self.isolated(examine, picked, self.jobs_for(len(missing)), tick, arrived)
        return outcomes

    def _lone(self, tasks: Sequence[tuple[Target, Settings]]) -> bool:
        """Whether ``tasks`` is one file that this process may lint within the budget (``gklint.inplace``):
        run by the local executor with limits, every reader its suffix names interruptible, every rule
        gklint's own."""
        if len(tasks) != 1 or self.executor is not LOCAL or not self.budget.isolated:
            return False
        claiming = self._readers_claiming(suffix_of(tasks[0][0].name).lower())
        return bool(claiming) and all(reader.interruptible for reader, _ in claiming) and self.plugins.rules_all_own()

    def _from_cache_all(
        self,
        tasks: Paired[Target, Settings],
        keys: list[str | None],
        whole: bool,
        settle: Callable[[int, Outcome], None],
    ) -> array[int]:
        """Each file's cache key in ``keys``; the outcomes the cache has given to ``settle``; the
        numbers of the files it has none for."""
        contexts: dict[tuple[int, bool], str] = {}  # settings objects live as long as ``tasks``
        missing = array("q")  # the files to lint now, by number: a sweep's list of them costs 8 bytes a file
        assert self.cache is not None
        digests = self.cache.digests()
        for index, (target, settings) in enumerate(tasks):
            key = keys[index] = self._cache_key(target, settings, contexts, whole, digests)
            cached = self._from_cache(key, settings)
            if cached is None:
                missing.append(index)
            else:
                settle(index, cached)
        digests.store()
        return missing

    def _cache_key(
        self,
        target: Target,
        settings: Settings,
        contexts: dict[tuple[int, bool], str],
        whole: bool,
        digests: Digests,
    ) -> str | None:
        """Everything a file's outcome depends on: its bytes, its name, the settings that apply to it
        (``contexts`` keeps the settings' text by object: files of one folder share one), and whether
        its facts keep the ``whole`` report."""
        if self.cache is None or (self.resolver.aliases and target.path in self.resolver.aliases):
            return None  # no cache, or a report read from stdin (its temporary name never comes back)
        try:
            content = digests.of(target.name, self.budget.max_size)
        except Refused:
            return None  # the worker says why
        which = (id(settings), target.explicit)
        if which not in contexts:
            contexts[which] = self._context(settings, target.explicit, whole)
        return self.cache.key(content, target.shown, contexts[which])

    def _context(self, settings: Settings, explicit: bool, whole: bool) -> str:
        severities = {code: int(severity) for code, severity in settings.severities.items()}
        return fingerprint(
            [
                explicit,
                whole,  # the entry keeps the whole compact report (extract) or what is compared
                self.skip_non_reports,
                self.published,
                self.keep_tables,
                settings.select,
                settings.ignore,
                severities,
                settings.options,
                [self.budget.timeout, self.budget.memory, self.budget.max_size],
            ]
        )

    def _from_cache(self, key: str | None, settings: Settings) -> Outcome | None:
        entry = self.cache.get(key) if key is not None and self.cache is not None else None
        if not isinstance(entry, tuple) or len(entry) != len(STORED_FIELDS) or key is None:
            return None  # none, or not an entry of this shape
        return Outcome.restored(entry, settings, key)

    def _to_cache(self, key: str | None, outcome: Outcome) -> None:
        """Keep an outcome for later runs, unless it depends on this machine rather than on the file:
        no reader for it (LibreOffice may be installed tomorrow)."""
        if (
            key is not None
            and self.cache is not None
            and not any(f.code == UNSUPPORTED_FORMAT.code for f in outcome.findings)
        ):
            self.cache.put(key, outcome.stored())

    def _history_reports(self, paths: Sequence[str]) -> list[Facts]:
        """Reports under --history folders: read and bound only, never linted or reported."""

        def history_report(target: Target) -> Facts | None:
            import gklint.linting as linting  # only when there is an old report to read

            return linting.history_facts(self, target)

        files = discover(paths, self.suffixes())
        found = self.isolated(history_report, files, self.jobs_for(len(files)))
        return [r for r in found if isinstance(r, Facts)]

    def isolated(
        self,
        fn: Callable[[T], R],
        tasks: Sequence[T],
        jobs: int,
        progress: Progress | None = None,
        on_result: Callable[[int, R | Exceeded], None] | None = None,
    ) -> list[R | Exceeded]:
        if not tasks:
            return []  # nothing to run: no executor to start (a warm run has every file already)
        return self.executor.run(self, fn, tasks, jobs, progress, on_result)

    def jobs_for(self, files: int) -> int:
        return self.resolver.jobs or max(1, min(processors(), files // 8))
