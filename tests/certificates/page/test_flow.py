"""Where the results table breaks between pages, and what the next page repeats."""

from __future__ import annotations

from typing import Any

from qa_check.certificates.page.flow import FULL_PAGE, LEAST_ON_LAST_PAGE, FlowingTable

ROW = 10.0


def flowing(sections: dict[str, int], ending: float = ROW) -> tuple[FlowingTable, list[str]]:
    """A table like the results: a column heading, per section a heading and ``n`` rows, the
    closing row; each heading kept with its first row, the closing row with the row above."""
    names = ["columns"]
    commands: list[tuple[Any, ...]] = []
    headings = []
    for section, count in sections.items():
        headings.append(len(names))
        commands.append(("NOSPLIT", (0, len(names)), (-1, len(names) + 1)))
        names += [f"heading {section}", *(f"{section}{n}" for n in range(1, count + 1))]
    commands.append(("NOSPLIT", (0, len(names) - 1), (-1, len(names))))
    names.append("closing")
    table = FlowingTable(
        [[name] for name in names],
        colWidths=[100],
        rowHeights=[ROW] * (len(names) - 1) + [ending],
        repeatRows=1,
    )
    table.setStyle(commands)
    table.headings = frozenset(id(table._cellvalues[row][0]) for row in headings)  # type: ignore[attr-defined]
    return table, names


def parts(table: FlowingTable, room: float) -> list[list[str]]:
    return [[row[0] for row in part._cellvalues] for part in table.split(100, room)]


def test_a_heading_never_ends_a_page() -> None:
    table, _ = flowing({"A": 3, "B": 30})
    first, second = parts(table, 6.5 * ROW)  # room for the columns, A, A1-A3 and B's heading
    assert first == ["columns", "heading A", "A1", "A2", "A3"]
    assert second[:3] == ["columns", "heading B", "B1"]


def test_a_continued_section_repeats_the_columns_and_its_heading() -> None:
    table, _ = flowing({"A": 3, "B": 30})
    first, second = parts(table, 9.5 * ROW)
    assert first[-1] == "B3"
    assert second[:3] == ["columns", "heading B", "B4"]
    rest = table.split(100, 9.5 * ROW)[1]
    assert isinstance(rest, FlowingTable)  # it splits the same way on the next page
    third = parts(rest, 8.5 * ROW)[1]
    assert third[:3] == ["columns", "heading B", "B10"]


def test_the_last_page_takes_rows_from_the_page_before_rather_than_stand_nearly_empty() -> None:
    rows = int(FULL_PAGE // ROW)
    table, names = flowing({"A": rows - 2})  # one row and the closing row more than a page
    first, second = parts(table, FULL_PAGE)
    assert first + second[2:] == names
    assert len(second) * ROW >= LEAST_ON_LAST_PAGE
    assert second[:2] == ["columns", "heading A"]
    assert second[-2:] == [names[-2], "closing"]


def test_a_part_longer_than_a_page_is_not_held_back() -> None:
    rows = int(FULL_PAGE // ROW)
    table, _ = flowing({"A": 3 * rows})
    first, _second = parts(table, FULL_PAGE)
    assert len(first) == rows
