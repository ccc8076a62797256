"""What rules report, and what formatters are given: findings, per file and per run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from gklint.digest import sha256_hex
from gklint.model.location import NOWHERE, Location, Severity
from gklint.model.metadata import SourceTraits
from gklint.model.report import NO_PLACE, LogicalPlace
from gklint.model.sheet import ReportSheet
from gklint.model.values import by_value

UNKNOWN_SOURCE = SourceTraits()


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class Fix:
    """A suggested fix: the text ``original`` as written at ``location`` becomes ``replacement``.

    ``original`` is kept so that the fix can be found again where a location is coarse (an HTML
    line, a DOCX element) and refused where the source no longer reads so.
    """

    original: str
    replacement: str
    location: Location = NOWHERE


@by_value
@dataclass(frozen=True, init=False, eq=False, repr=False)  # the __init__ below
class Finding:
    """One problem found in one file. Plain data: it pickles, compares and sorts."""

    code: str
    name: str
    severity: Severity
    message: str  # Chinese
    message_en: str
    path: str
    location: Location = NOWHERE
    place: LogicalPlace = NO_PLACE
    message_id: str = ""
    args: tuple[tuple[str, str], ...] = ()
    expected: str | None = None
    actual: str | None = None
    plugin: str = ""
    fix: Fix | None = field(default=None, compare=False)

    def __init__(  # filled in one step, not a frozen setattr per field (see Cell)
        self,
        code: str,
        name: str,
        severity: Severity,
        message: str,
        message_en: str,
        path: str,
        location: Location = NOWHERE,
        place: LogicalPlace = NO_PLACE,
        message_id: str = "",
        args: tuple[tuple[str, str], ...] = (),
        expected: str | None = None,
        actual: str | None = None,
        plugin: str = "",
        fix: Fix | None = None,
    ) -> None:
        self.__dict__.update(
            code=code,
            name=name,
            severity=severity,
            message=message,
            message_en=message_en,
            path=path,
            location=location,
            place=place,
            message_id=message_id,
            args=args,
            expected=expected,
            actual=actual,
            plugin=plugin,
            fix=fix,
        )

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, *self.location.sort_key(), self.code, self.place.describe(), self.message)

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message

    def fingerprint(self, path: str | None = None) -> str:
        """A stable identity that ignores line numbers: code, file, logical place, message and its
        arguments. Baselines and SARIF use it, so moving text above a finding changes nothing."""
        place = self.place
        key = "\x1f".join(
            str(part)
            for part in (self.code, path if path is not None else self.path, place.part, place.table, place.row,
                         place.column, self.message_id, *(f"{k}={v}" for k, v in self.args))
        )  # fmt: skip
        return sha256_hex(key.encode("utf-8"))[:32]


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class FileResult:
    """The findings of one file, sorted."""

    path: str
    findings: tuple[Finding, ...]
    format: str | None = None  # the reader that read it, when one did
    skipped: str = ""  # why a file found in a directory was not linted (e.g. not a report)
    sheet: ReportSheet | None = None  # what the bound report says, for formatters that show it
    late: tuple[Finding, ...] = ()  # those of ``findings`` known only once every file was read (cross-year)
    source: SourceTraits | None = None  # what its reader declared of its sources, when one read it
    # The source lines its findings point at, as (number, text), read from the bytes that were
    # linted: an output shows them without reading the file again (a line not here is read).
    source_lines: tuple[tuple[int, str], ...] = ()

    @property
    def early(self) -> tuple[Finding, ...]:
        """The findings known as soon as this file was read: what a streamed output prints at once."""
        if not self.late:
            return self.findings
        pending = Counter(self.late)
        early = []
        for finding in self.findings:
            if pending[finding]:
                pending[finding] -= 1
            else:
                early.append(finding)
        return tuple(early)

    def revised(self, change: Callable[[Finding], Finding | None]) -> FileResult:
        """This result with each finding changed (None drops it), its late findings changed alike:
        they stay the late part of its findings, as outputs print them apart."""
        changed = [change(finding) for finding in self.findings]
        by_identity = {id(old): new for old, new in zip(self.findings, changed)}  # late ones are its own
        late = (by_identity[id(f)] if id(f) in by_identity else change(f) for f in self.late)
        return replace(
            self,
            findings=tuple(new for new in changed if new is not None),
            late=tuple(new for new in late if new is not None),
        )


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class RunResult:
    """Everything a formatter needs: every file's findings and the rules that could fire."""

    files: Sequence[FileResult]  # a tuple, or for a sweep a sequence kept on disk (gklint.spill)
    rules: Mapping[str, Any]  # code -> RuleInfo, of every loaded rule (for SARIF and docs)
    tool_version: str
    root: str = "."  # the directory paths are relative to (for artifact URIs)
    lang: str = "zh"
    sources: Mapping[str, SourceTraits] = field(default_factory=dict)  # reader name -> what its sources are like

    def source_of(self, result: FileResult) -> SourceTraits:
        """What the file's reader declared of its sources; nothing is assumed of a file no reader read."""
        if result.source is not None:
            return result.source
        return self.sources.get(result.format or "", UNKNOWN_SOURCE)

    @property
    def findings(self) -> Iterator[Finding]:
        for result in self.files:
            yield from result.findings
