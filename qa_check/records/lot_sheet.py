"""A blank lot sheet: one row per unit to draw, to count each unit's defects by class on paper.

CSV for any spreadsheet, and xlsx (XlsxWriter, imported only here) with the plan above the
rows, the header frozen and only whole numbers of defects accepted in the class columns.
"""

from __future__ import annotations

import csv
import io

from qa_check.core.messages import in_lang, word
from qa_check.engine.aql import DEFECT_CLASSES, LotPlan

SHEET_NAMES = ("lot-sheet.csv", "lot-sheet.xlsx")


def _header(lang: str) -> list[str]:
    unit = word("lot_sheet_unit", lang)
    classes = [word(f"lot_{name}", lang) for name in DEFECT_CLASSES]
    return [unit, *classes, word("lot_sheet_notes", lang)]


def lot_sheet_csv(plan: LotPlan, lang: str) -> str:
    """The sheet as CSV: a header, then a numbered row per unit to draw."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_header(lang))
    blank = [""] * (len(DEFECT_CLASSES) + 1)
    for unit in range(1, plan.units + 1):
        writer.writerow([unit, *blank])
    return buffer.getvalue()


def lot_sheet_xlsx(plan: LotPlan, lang: str) -> bytes:
    """The sheet as a workbook: the plan, each class's Ac/Re, then the unit rows."""
    import xlsxwriter  # type: ignore[import-untyped]  # noqa: PLC0415 (heavy, and only here)

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("lot")
    bold = book.add_format({"bold": True})
    head = plan.head()
    sheet.write(0, 0, in_lang(head, lang), bold)
    for row, found in enumerate(plan.classes, start=1):
        sheet.write_row(
            row,
            0,
            [
                word(f"lot_{found.defect_class}", lang),
                f"AQL {found.aql}",
                f"{found.letter} {found.sample}",
                f"Ac {found.accept}",
                f"Re {found.reject}",
            ],
        )
    top = len(plan.classes) + 2
    sheet.write_row(top, 0, _header(lang), bold)
    for unit in range(1, plan.units + 1):
        sheet.write_number(top + unit, 0, unit)
    whole = {"validate": "integer", "criteria": ">=", "value": 0}
    sheet.data_validation(top + 1, 1, top + plan.units, len(DEFECT_CLASSES), whole)
    sheet.freeze_panes(top + 1, 1)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, len(DEFECT_CLASSES) + 1, 14)
    book.close()
    return buffer.getvalue()
