"""AQL sampling plans against the standard's tables, typed here from the printed standard.

The expected values below are written out by hand, resolved (each arrow already followed),
and not read from ``qa_check/engine/sampling/``: a wrong cell or arrow in the data fails here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from qa_check.core.errors import UsageError
from qa_check.engine.aql import (
    DEFAULT_AQL,
    Level,
    Severity,
    aql_columns,
    code_letter,
    parse_aqls,
    plan_lot,
)

# ISO 2859-1 Table 1, general levels: (smallest lot, largest lot, letters at I, II, III).
BANDS = [
    (2, 8, "A A B"),
    (9, 15, "A B C"),
    (16, 25, "B C D"),
    (26, 50, "C D E"),
    (51, 90, "C E F"),
    (91, 150, "D F G"),
    (151, 280, "E G H"),
    (281, 500, "F H J"),
    (501, 1200, "G J K"),
    (1201, 3200, "H K L"),
    (3201, 10000, "J L M"),
    (10001, 35000, "K M N"),
    (35001, 150000, "L N P"),
    (150001, 500000, "M P Q"),
    (500001, 10_000_000, "N Q R"),
]
AQLS = ("0.65", "1.0", "1.5", "2.5", "4.0", "6.5")
# Table 2-A (normal), resolved: per code letter, "sample:Ac/Re" for each AQL of AQLS.
NORMAL = {
    "A": "20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1",
    "B": "20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1",
    "C": "20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 8:1/2",
    "D": "20:0/1 13:0/1 8:0/1 5:0/1 13:1/2 8:1/2",
    "E": "20:0/1 13:0/1 8:0/1 20:1/2 13:1/2 13:2/3",
    "F": "20:0/1 13:0/1 32:1/2 20:1/2 20:2/3 20:3/4",
    "G": "20:0/1 50:1/2 32:1/2 32:2/3 32:3/4 32:5/6",
    "H": "80:1/2 50:1/2 50:2/3 50:3/4 50:5/6 50:7/8",
    "J": "80:1/2 80:2/3 80:3/4 80:5/6 80:7/8 80:10/11",
    "K": "125:2/3 125:3/4 125:5/6 125:7/8 125:10/11 125:14/15",
    "L": "200:3/4 200:5/6 200:7/8 200:10/11 200:14/15 200:21/22",
    "M": "315:5/6 315:7/8 315:10/11 315:14/15 315:21/22 200:21/22",
    "N": "500:7/8 500:10/11 500:14/15 500:21/22 315:21/22 200:21/22",
    "P": "800:10/11 800:14/15 800:21/22 500:21/22 315:21/22 200:21/22",
    "Q": "1250:14/15 1250:21/22 800:21/22 500:21/22 315:21/22 200:21/22",
    "R": "2000:21/22 1250:21/22 800:21/22 500:21/22 315:21/22 200:21/22",
}
# Table 2-B (tightened), resolved, for the letters of the published level II examples.
TIGHTENED = {
    "F": "32:0/1 20:0/1 13:0/1 32:1/2 20:1/2 20:2/3",
    "G": "32:0/1 20:0/1 50:1/2 32:1/2 32:2/3 32:3/4",
    "H": "32:0/1 80:1/2 50:1/2 50:2/3 50:3/4 50:5/6",
    "J": "125:1/2 80:1/2 80:2/3 80:3/4 80:5/6 80:8/9",
    "K": "125:1/2 125:2/3 125:3/4 125:5/6 125:8/9 125:12/13",
}
LEVELS = (Level.I, Level.II, Level.III)


def _expected(row: str, aql: str) -> tuple[int, int, int]:
    sample, _, numbers = row.split()[AQLS.index(aql)].partition(":")
    accept, _, reject = numbers.partition("/")
    return int(sample), int(accept), int(reject)


def test_the_published_example_lot_1200_level_ii() -> None:
    plan = plan_lot(1200, Level.II, Severity.NORMAL, {"major": Decimal("2.5")})
    assert (plan.letter, plan.sample) == ("J", 80)
    major = plan.classes[1]
    assert (major.defect_class, major.sample, major.accept, major.reject) == ("major", 80, 5, 6)
    numbers = [(found.defect_class, found.accept, found.reject) for found in plan.classes]
    assert numbers == [("critical", 0, 1), ("major", 5, 6), ("minor", 7, 8)]


@pytest.mark.parametrize(("smallest", "largest", "letters"), BANDS)
@pytest.mark.parametrize("aql", AQLS)
def test_every_band_at_levels_i_ii_iii_and_every_usual_aql(
    smallest: int, largest: int, letters: str, aql: str
) -> None:
    for level, letter in zip(LEVELS, letters.split(), strict=True):
        for size in (smallest, largest):
            assert code_letter(size, level) == letter, (size, level)
            plan = plan_lot(size, level, Severity.NORMAL, {"major": Decimal(aql)})
            sample, accept, reject = _expected(NORMAL[letter], aql)
            major = plan.classes[1]
            found = (major.sample, major.accept, major.reject)
            assert found == (min(sample, size), accept, reject), (size, level, aql)


@pytest.mark.parametrize("letter", sorted(TIGHTENED))
def test_tightened_plans(letter: str) -> None:
    size = next(low for low, _, letters in BANDS if letters.split()[1] == letter)
    for aql in AQLS:
        plan = plan_lot(size, Level.II, Severity.TIGHTENED, {"minor": Decimal(aql)})
        minor = plan.classes[2]
        assert (minor.sample, minor.accept, minor.reject) == _expected(TIGHTENED[letter], aql)


def test_tightened_lot_1200_rejects_earlier_than_normal() -> None:
    plan = plan_lot(1200, severity=Severity.TIGHTENED)
    assert [(found.accept, found.reject) for found in plan.classes] == [(0, 1), (3, 4), (5, 6)]


def test_a_class_led_by_an_arrow_gets_its_own_sample_and_the_lot_draws_the_largest() -> None:
    plan = plan_lot(50, Level.II, aqls={"major": Decimal("0.65")})
    samples = {found.defect_class: (found.letter, found.sample) for found in plan.classes}
    assert samples == {"critical": ("D", 8), "major": ("F", 20), "minor": ("E", 13)}
    assert plan.units == 20


def test_critical_zero_is_ac_0_re_1_on_the_lots_sample() -> None:
    for size in (10, 1200, 200_000):
        plan = plan_lot(size)
        critical = plan.classes[0]
        assert (critical.aql, critical.accept, critical.reject) == (Decimal(0), 0, 1)
        assert (critical.letter, critical.sample) == (plan.letter, plan.sample)


def test_special_levels_keep_samples_small() -> None:
    letters = [code_letter(10_000, level) for level in (Level.S1, Level.S2, Level.S3, Level.S4)]
    assert letters == ["C", "D", "F", "G"]
    assert code_letter(600_000, Level.S4) == "K"


def test_a_lot_no_larger_than_its_sample_is_inspected_whole() -> None:
    plan = plan_lot(5, Level.II, aqls={"major": Decimal("0.65")})
    assert plan.classes[1].sample == 5
    assert plan.units == 5


def test_defaults_and_aql_parsing() -> None:
    assert {"critical": 0, "major": Decimal("2.5"), "minor": Decimal("4.0")} == DEFAULT_AQL
    assert parse_aqls("major=1.5, minor=4") == {"major": Decimal("1.5"), "minor": Decimal(4)}
    assert parse_aqls("") == {}
    assert Decimal("0.065") in aql_columns()
    assert Decimal("1000") in aql_columns()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("major", "is not CLASS=AQL"),
        ("cosmetic=2.5", "is not CLASS=AQL"),
        ("major=2.6", "major=2.6: the sampling tables have no such AQL"),
        ("major=lots", "major=lots: the sampling tables have no such AQL"),
    ],
)
def test_a_wrong_aql_is_a_usage_error_saying_what(text: str, says: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_aqls(text)
    [problem] = raised.value.problems
    assert says in problem.message
    assert problem.location.file == "--aql"


def test_a_lot_has_two_units_at_least() -> None:
    with pytest.raises(UsageError) as raised:
        plan_lot(1)
    assert "a lot has at least 2 units" in raised.value.problems[0].message


@pytest.mark.parametrize("severity", list(Severity))
def test_every_cell_of_every_table_leads_to_a_plan(severity: Severity) -> None:
    for smallest, _, _ in BANDS:
        for level in Level:
            for aql in aql_columns():
                plan = plan_lot(smallest, level, severity, {"minor": aql})
                assert plan.classes[2].reject == plan.classes[2].accept + 1
