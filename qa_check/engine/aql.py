"""Lot sampling by AQL: how many units of a lot to inspect, and how many defects reject it.

The numbers are the standard's, as data (``engine/sampling/*.yaml``, each naming its source):
the code letter comes from the lot size and inspection level (ISO 2859-1 Table 1), then each
defect class's AQL picks a cell of the master table of the inspection's severity (Table 2-A
normal, 2-B tightened). A cell is an Ac/Re pair, or an arrow to the first plan below or above
it in its column, so a class may end with another code letter and sample size than the lot's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from qa_check.core.errors import Location, Problem, UsageError
from qa_check.core.messages import Message, msg

TABLES = Path(__file__).parent / "sampling"
DEFECT_CLASSES = ("critical", "major", "minor")
"""The defect classes a lot is judged by, worst first; an item's ``severity`` names its class."""
DEFAULT_AQL = {"critical": Decimal(0), "major": Decimal("2.5"), "minor": Decimal("4.0")}
"""The AQLs agreed when none are named: critical defects are never accepted."""
_DOWN, _UP = "v", "^"


class Level(StrEnum):
    """An inspection level: special S-1 to S-4 (small samples), general I, II (usual), III."""

    S1 = "S-1"
    S2 = "S-2"
    S3 = "S-3"
    S4 = "S-4"
    I = "I"  # noqa: E741 (the standard's name)
    II = "II"
    III = "III"


class Severity(StrEnum):
    """Normal inspection, or tightened after lots were rejected (the switching rules)."""

    NORMAL = "normal"
    TIGHTENED = "tightened"


@dataclass(frozen=True, slots=True)
class ClassPlan:
    """How one defect class is judged: its AQL, the plan its cell leads to, on how many units."""

    defect_class: str
    aql: Decimal
    letter: str
    sample: int
    """Units inspected for this class: the plan's sample, or the whole lot when that is smaller."""
    accept: int
    reject: int


@dataclass(frozen=True, slots=True)
class LotPlan:
    """The sampling plan of a lot: its code letter and each defect class's plan."""

    lot_size: int
    level: Level
    severity: Severity
    letter: str
    sample: int
    """The sample of the lot's code letter (the whole lot when that is smaller)."""
    classes: tuple[ClassPlan, ...]

    @property
    def units(self) -> int:
        """Units to draw: the largest sample of any class; a smaller one takes the first units."""
        return max([self.sample, *(found.sample for found in self.classes)])

    @property
    def sources(self) -> tuple[str, ...]:
        """The standard's tables the plan was read from."""
        return (_letters().source, _table(self.severity).source)

    def head(self) -> Message:
        """The plan in one sentence: the first line of ``lot plan`` and of a blank lot sheet."""
        return msg(
            "lot_plan_head",
            size=self.lot_size,
            level=self.level.value,
            severity=msg(f"lot_{self.severity.value}"),
            letter=self.letter,
            sample=self.sample,
        )


@dataclass(frozen=True, slots=True)
class _Letters:
    source: str
    levels: tuple[str, ...]
    bands: tuple[tuple[int | None, tuple[str, ...]], ...]
    """(largest lot of the band or None, letter per level), smallest lots first."""


@dataclass(frozen=True, slots=True)
class _Table:
    source: str
    aqls: tuple[Decimal, ...]
    letters: tuple[str, ...]
    samples: dict[str, int]
    cells: dict[str, tuple[str, ...]]


def plan_lot(
    lot_size: int,
    level: Level = Level.II,
    severity: Severity = Severity.NORMAL,
    aqls: dict[str, Decimal] | None = None,
) -> LotPlan:
    """The plan for a lot; each class of ``aqls`` (defaults: ``DEFAULT_AQL``) judged on its own.

    An AQL of 0 means no defect of the class is accepted: Ac 0 / Re 1 on the lot's sample.
    """
    if lot_size < 2:
        raise UsageError([Problem(Location("--size"), msg("lot_too_small", size=lot_size))])
    chosen = {**DEFAULT_AQL, **(aqls or {})}
    letter = code_letter(lot_size, level)
    table = _table(severity)
    sample = min(table.samples[letter], lot_size)
    classes = []
    for defect_class in DEFECT_CLASSES:
        aql = chosen[defect_class]
        if aql == 0:
            classes.append(ClassPlan(defect_class, aql, letter, sample, 0, 1))
            continue
        found, accept, reject = _cell(table, letter, aql)
        classes.append(
            ClassPlan(defect_class, aql, found, min(table.samples[found], lot_size), accept, reject)
        )
    return LotPlan(lot_size, level, severity, letter, sample, tuple(classes))


def code_letter(lot_size: int, level: Level) -> str:
    """The sample size code letter of a lot size at an inspection level (Table 1)."""
    letters = _letters()
    column = letters.levels.index(level.value)
    for largest, row in letters.bands:
        if largest is None or lot_size <= largest:
            return row[column]
    raise AssertionError("the last band of Table 1 has no upper end")


def parse_aqls(text: str) -> dict[str, Decimal]:
    """``major=2.5,minor=4.0`` as AQL per class; a located usage error saying what is wrong."""
    known = aql_columns()
    found: dict[str, Decimal] = {}
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        name, equals, value = (piece.strip() for piece in part.partition("="))
        if not equals or name not in DEFECT_CLASSES:
            problem = msg("lot_aql_syntax", part=part, classes=", ".join(DEFECT_CLASSES))
            raise UsageError([Problem(Location("--aql"), problem)])
        try:
            aql = Decimal(value)
        except InvalidOperation:
            aql = Decimal(-1)
        if aql != 0 and aql not in known:
            shown = " ".join(str(column) for column in known)
            problem = msg("lot_aql_unknown", value=value, name=name, aqls=shown)
            raise UsageError([Problem(Location("--aql"), problem)])
        found[name] = aql
    return found


def aql_columns() -> tuple[Decimal, ...]:
    """The AQLs the master tables carry (the same in every severity)."""
    return _table(Severity.NORMAL).aqls


def _cell(table: _Table, letter: str, aql: Decimal) -> tuple[str, int, int]:
    """The plan the cell (letter, aql) leads to: its letter, Ac and Re, arrows followed."""
    column = table.aqls.index(aql)
    row = table.letters.index(letter)
    cell = table.cells[letter][column]
    step = 1 if cell == _DOWN else -1 if cell == _UP else 0
    while cell in (_DOWN, _UP):
        row += step
        if not 0 <= row < len(table.letters):
            raise AssertionError(f"{table.source}: the arrow at {letter}, {aql} leads to no plan")
        cell = table.cells[table.letters[row]][column]
    accept, _, reject = cell.partition("/")
    return table.letters[row], int(accept), int(reject)


@cache
def _letters() -> _Letters:
    data = _load("code_letters.yaml")
    levels = tuple(data["levels"].split())
    bands = tuple(
        (None if largest == "none" else int(largest), tuple(row.split()))
        for largest, row in data["bands"].items()
    )
    return _Letters(data["table"], levels, bands)


@cache
def _table(severity: Severity) -> _Table:
    data = _load(f"{severity.value}.yaml")
    aqls = tuple(Decimal(text) for text in data["aql"].split())
    samples: dict[str, int] = {}
    cells: dict[str, tuple[str, ...]] = {}
    for letter, row in data["rows"].items():
        sample, _, rest = row.partition("|")
        samples[letter] = int(sample)
        cells[letter] = tuple(rest.split())
        if len(cells[letter]) != len(aqls):
            raise AssertionError(f"{data['table']}: row {letter} has not one cell per AQL")
    return _Table(data["table"], aqls, tuple(samples), samples, cells)


def _load(name: str) -> dict[str, Any]:
    """A table shipped with qa-check: its data, as plain strings.

    The YAML reader is imported here, when a plan is made: ``--help`` needs only the enums.
    """
    from qa_check.files.safe_yaml import load_yaml, read_text  # noqa: PLC0415

    path = TABLES / name
    data, _ = load_yaml(read_text(path), str(path))
    assert isinstance(data, dict)
    return data
