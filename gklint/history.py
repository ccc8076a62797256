"""Reports of other years, for the cross-year rules (GK6xx).

Reports are matched by a normalised agency name and the report year: the reports linted in the
same run, plus those found under ``--history DIR``. A run does not keep the reports themselves until
the end: each is reduced to its ``Facts`` (the agency, the year, and what the cross-year rules
compare of the report, ``Rule.compares``, packed into compressed bytes), and ``History`` writes the
packed bytes to a temporary spill file as they arrive, keeping in memory only an index by (agency,
year). Memory stays flat however many reports a run holds; a report is unpacked again only when a
report of the next or previous year asks for it.
"""

from __future__ import annotations

import io
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import IO, Any

from gklint.digest import sha256_hex
from gklint.model import BoundRow, BoundTable, Report
from gklint.rule import Compared
from gklint.spill import Appended, spill_file
from gklint.text import lazy_pattern, normalize_label

_NOISE = lazy_pattern(r"[\"“”《》()（）〔〕]")
Key = tuple[str, int]  # (agency key, year)
IN_MEMORY = 4 << 20  # bytes of packed reports kept in memory before they go to a temporary file


# A government named by its place alone, or with 政府 or 人民政府 after it (湘乡市龙洞镇人民政府);
# a subdistrict with its office or without (新湘路街道办事处).
_GOVERNMENT = lazy_pattern(r"(?<=[市县区镇乡旗州盟])(?:人民)?政府$|(?<=街道)办事处$")


# What some years put before an agency's name and others leave off: the province before a city or
# county (湖南省湘乡市财政局), the party before its committees' offices (中共湘乡市委编办).
_PREFIX = lazy_pattern(r"^(?:中共|中国共产党)?(?:[\u4e00-\u9fff]{2,3}省(?=[\u4e00-\u9fff]{2,8}[市县州盟]))?")


def agency_key(name: str) -> str:
    """A comparable agency name: folded, no spaces or brackets; a government by its place alone
    (湘乡市, 湘乡市政府 and 湘乡市人民政府 alike), and its office in full (政府办 as 政府办公室); a
    committee short (管理委员会 as 管委会);
    without a province or 中共 before it."""
    key = _NOISE.sub("", normalize_label(name)).replace("人民政府", "政府").replace("管理委员会", "管委会")
    key = _PREFIX.sub("", key, count=1)
    if key.endswith("政府办"):
        key += "公室"
    return _GOVERNMENT.sub("", key)


def report_key(report: Report) -> Key | None:
    return (agency_key(report.agency), report.year) if report.agency and report.year else None


def compact(report: Report, compared: Compared | None = None) -> Report:
    """What later rules need of a report: its metadata and what ``compared`` names of its parts
    and bound tables; without ``compared``, every part, bound table and balance. Never the
    document's blocks (phase one's rules have read them)."""
    document = replace(report.document, blocks=(), directives=(), notes=())
    if compared is None:
        return replace(report, document=document)
    sections = {number: report.sections[number] for number in compared.parts if number in report.sections}
    tables = dict(_compared_tables(report, compared.cells))
    return replace(report, document=document, sections=sections, tables=tables, notes=(), balances={})


def _compared_tables(report: Report, cells: Iterable[tuple[str, str, str | None]]) -> Iterator[tuple[str, BoundTable]]:
    """Each bound table that holds a compared cell, with only its compared cells, in its own order."""
    wanted: dict[str, dict[str, set[str] | None]] = {}
    for table_key, row_key, column in cells:
        columns = wanted.setdefault(table_key, {}).get(row_key, set())
        wanted[table_key][row_key] = None if column is None or columns is None else {*columns, column}
    for key, table in report.tables.items():
        rows = wanted.get(key)
        if rows is not None:
            kept = {name: _compared_row(row, rows[name]) for name, row in table.rows.items() if name in rows}
            yield key, BoundTable(key, table.part, kept, location=table.location)


def _compared_row(row: BoundRow, columns: set[str] | None) -> BoundRow:
    if columns is None:
        return row
    return BoundRow(row.key, row.label, {c: cell for c, cell in row.cells.items() if c in columns}, row.location)


@dataclass(frozen=True)
class Facts:
    """One report as a run keeps it until the cross-year rules have run: about a kilobyte."""

    path: str
    key: Key | None  # None when the report names no agency or no year
    packed: bytes  # the compact report, pickled and compressed
    digest: str  # of ``packed``: cross-year findings are cached under both years' digests
    record: int = -1  # where a ``History`` keeps it, once added
    weight: int = 0  # how many of the compared cells hold a value: of two reports of one key, the fuller stands

    @classmethod
    def of(cls, report: Report, compared: Compared | None = None) -> Facts:
        """The facts of a report, keeping what ``compared`` names (``compact``)."""
        import pickle  # a warm run's facts come packed already: it never pickles a report

        kept = compact(report, compared)
        packed = zlib.compress(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL), 1)
        return cls(report.path, report_key(report), packed, sha256_hex(packed), weight=values_held(kept))

    def report(self) -> Report:
        return unpack_report(self.packed)


def values_held(report: Report) -> int:
    """How many cells of the report's bound tables hold a value (a copy whose tables could not be
    read holds none)."""
    return sum(
        cell.value is not None
        for table in report.tables.values()
        for row in table.rows.values()
        for cell in row.cells.values()
    )


FACTS_FIELDS = ("path", "key", "packed", "digest", "record", "weight")  # as ``Facts`` declares them


def facts_from(values: Iterable[Any]) -> Facts:
    """``Facts(*values)`` with its fields set at once, as unpickling sets them: a sweep adds every
    report and a warm run reads every entry, and the frozen constructor sets them one call each."""
    facts = object.__new__(Facts)
    facts.__dict__.update(zip(FACTS_FIELDS, values))
    return facts


def unpack_report(packed: bytes) -> Report:
    import pickle

    report = pickle.loads(zlib.decompress(packed))
    if not isinstance(report, Report):
        raise TypeError("the history holds something that is not a report")
    return report


# A file named as a corrected or revised version of a report (某局2022年报告（更正）.pdf).
_CORRECTED = lazy_pattern(r"更正|修正|修订|更新|勘误")


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


class History:
    """Reports by (agency, year): of several with one key, the one whose compared cells hold the most
    values (a copy whose tables could not be read does not hide a readable one), then one whose file
    name says it is a corrected version (更正, 修订), then the first by path. Reports are added as
    they arrive (in any order), their path and packed bytes written to a spill file at once.

    A national sweep holds one record per report for the whole run, so a record is a few numbers
    in arrays (where its path and bytes lie in the spill file, its digest), not objects."""

    def __init__(self, reports: Iterable[Report | Facts] = (), keep: int = 64, spill: IO[bytes] | None = None) -> None:
        self._digests = bytearray()  # 32 bytes a record
        self._offsets = array("q")  # where a record's path starts in the spill file
        self._path_sizes = array("l")
        self._sizes = array("l")  # of its packed bytes, which follow the path
        self._weights = array("l")  # its ``Facts.weight``
        self._index: dict[Key, int] = {}  # key -> the record that stands for it
        self._unpacked: OrderedDict[int, Report] = OrderedDict()  # the last ``keep`` reports unpacked
        self._keep = keep
        self._spill = Appended(spill or io.BytesIO())  # moved to a temporary file once it grows (``_file``)
        self._settled = spill is not None  # a spill the caller gave stays where it is
        for entry in reports:
            self.add(entry)

    def add(self, entry: Report | Facts) -> Facts:
        """Keep a report; what is returned stands for it (its key, digest and record, not its bytes)."""
        facts = entry if isinstance(entry, Facts) else Facts.of(entry)
        if not facts.packed:
            raise ValueError("a report's facts without their bytes cannot be added")
        record = self._store(facts, bytes.fromhex(facts.digest))
        if facts.key is not None:
            current = self._index.get(facts.key)
            if current is None or self._stands_before(facts, current):
                self._index[facts.key] = record
        return facts_from((facts.path, facts.key, b"", facts.digest, record, facts.weight))

    def _stands_before(self, facts: Facts, record: int) -> bool:
        """Whether ``facts`` should stand for its key rather than the report kept at ``record``."""
        if facts.weight != self._weights[record]:
            return facts.weight > self._weights[record]
        path = self._path(record)
        corrected, other = _CORRECTED.search(_name(facts.path)) is not None, _CORRECTED.search(_name(path)) is not None
        return corrected if corrected != other else facts.path < path

    def add_packed(self, packed: bytes) -> Report:
        """Keep a report given as its packed bytes (a worker comparing two years): unpacked once,
        never packed again. The report."""
        report = unpack_report(packed)
        facts = self.add(Facts(report.path, report_key(report), packed, sha256_hex(packed), weight=values_held(report)))
        self._unpacked[facts.record] = report
        return report

    def _file(self) -> Appended:
        """The spill: in memory for the first few megabytes (a one-file check makes no temporary
        file), then a temporary file."""
        if not self._settled and self._spill.end > IN_MEMORY:
            disk = spill_file("gklint-history-")
            disk.write(self._spill.file.getvalue())  # type: ignore[attr-defined]
            self._spill, self._settled = Appended(disk), True
        return self._spill

    def _store(self, facts: Facts, digest: bytes) -> int:
        path = facts.path.encode("utf-8", "surrogatepass")
        self._offsets.append(self._file().append(path + facts.packed))
        self._path_sizes.append(len(path))
        self._sizes.append(len(facts.packed))
        self._weights.append(facts.weight)
        self._digests += digest
        return len(self._offsets) - 1

    def packed(self, record: int) -> bytes:
        """The packed bytes of a stored report."""
        return self._file().read(self._offsets[record] + self._path_sizes[record], self._sizes[record])

    def _path(self, record: int) -> str:
        stored = self._file().read(self._offsets[record], self._path_sizes[record])
        return stored.decode("utf-8", "surrogatepass")

    def _digest(self, record: int) -> str:
        return self._digests[record * 32 : record * 32 + 32].hex()

    def __len__(self) -> int:
        return len(self._index)

    def close(self) -> None:
        self._spill.close()

    def previous_record(self, key: Key | None) -> int | None:
        """Where the year before's report of this (agency, year) is kept, if the run knows it."""
        return None if key is None else self._index.get((key[0], key[1] - 1))

    def previous_digest(self, key: Key | None) -> str | None:
        """The digest of the year before's report of this (agency, year), if the run knows it."""
        found = self.previous_record(key)
        return self._digest(found) if found is not None else None

    def previous(self, report: Report) -> Report | None:
        """The same agency's report of the year before, if the run knows it."""
        found = self.previous_record(report_key(report))
        return None if found is None else self._load(found)

    def unpack(self, facts: Facts) -> Report:
        """The report of ``facts`` (a report compared both ways is unpacked once)."""
        return self._load(facts.record) if 0 <= facts.record < len(self._offsets) else facts.report()

    def _load(self, record: int) -> Report:
        report = self._unpacked.get(record)
        if report is None:
            report = self._unpacked[record] = unpack_report(self.packed(record))
            if len(self._unpacked) > self._keep:
                self._unpacked.popitem(last=False)
        return report
