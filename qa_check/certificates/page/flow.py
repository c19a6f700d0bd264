"""How the results table flows over pages: where it may break, and what a new page repeats.

A checklist's heading never ends a page without its first rows; a page that continues a
checklist repeats the column heading and that checklist's heading; the closing block (photos,
terms, signature lines) is the table's last row, kept with the row above it; and a last page
holds at least a third of a page, rows moving down from the page before to fill it, so that no
page is nearly empty.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Table

from qa_check.certificates.page.style import FOOTER, HEADER, MARGIN

FULL_PAGE = A4[1] - 2 * MARGIN - HEADER - FOOTER
"""The body's height on a page with the usual header."""
LEAST_ON_LAST_PAGE = FULL_PAGE * 0.36
"""A last page holds at least this much, where the pages before can spare it: a third of the
page, and a little more, for the padding under its last line."""
FUZZ = 1e-3


class FlowingTable(Table):
    """A table that breaks only where a reader expects and repeats its headings on a new page.

    Row 0 is the column heading. The rows whose first cell is one of ``headings`` are section
    headings: the table never breaks right after one (the ``NOSPLIT`` commands its maker adds
    keep each with its first row), and the part after a break starts with row 0 and the
    heading of the section it continues.
    """

    headings: frozenset[int] = frozenset()
    """``id`` of each section heading's first cell: the cells travel into the split parts."""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """Break where the rows fit, less when the last page would be nearly empty."""
        layout = _layout(self)
        layout._calc(availWidth, availHeight)
        cut = layout._getFirstPossibleSplitRowPosition(availHeight)
        if cut <= 1 or cut >= len(layout._rowHeights):
            return super().split(availWidth, availHeight)
        cut = self._filling_last_page(cut)
        heading = self._heading_above(cut)
        layout.repeatRows = 1 if heading == 0 else (0, heading)
        parts: list[Any] = layout._splitRows(sum(layout._rowHeights[:cut]) + FUZZ)
        return parts

    def onSplit(self, T: Table, byRow: int = 1) -> None:
        """Each part knows the section headings too: it may be split again."""
        T.headings = self.headings  # type: ignore[attr-defined]

    def _heading_above(self, cut: int) -> int:
        """The row of the section heading that row ``cut`` continues; 0 when none (or it is one)."""
        rows = _layout(self)._cellvalues
        heading = max((r for r in range(1, cut + 1) if id(rows[r][0]) in self.headings), default=0)
        return 0 if heading == cut else heading

    def _rest(self, cut: int) -> float:
        """How tall the part after a break before row ``cut`` is, its repeated rows included."""
        heights = _layout(self)._rowHeights
        heading = self._heading_above(cut)
        repeated = heights[0] + (heights[heading] if heading else 0)
        return float(sum(heights[cut:]) + repeated)

    def _filling_last_page(self, cut: int) -> int:
        """An earlier break when the rows after ``cut`` would leave the last page nearly empty.

        Only when they make the last page: a part longer than a page will break again.
        """
        if self._rest(cut) > FULL_PAGE or self._rest(cut) >= LEAST_ON_LAST_PAGE:
            return cut
        layout = _layout(self)
        heights = layout._rowHeights
        for earlier in range(cut - 1, 1, -1):
            fits = layout._getFirstPossibleSplitRowPosition(sum(heights[:earlier]) + FUZZ)
            if fits != earlier:
                continue  # not a place to break
            if self._rest(earlier) > FULL_PAGE:
                break
            if self._rest(earlier) >= LEAST_ON_LAST_PAGE:
                return earlier
        return cut


def _layout(table: Table) -> Any:
    """The table as reportlab measured it: its private, untyped rows and heights."""
    return table
