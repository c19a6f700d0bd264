"""Lots in plain text: a sampling plan as a table, and a judged lot under its verdict line."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from qa_check.core.messages import in_lang, msg, printable, word
from qa_check.engine.aql import LotPlan
from qa_check.engine.judge import SkuResult, Verdict

if TYPE_CHECKING:
    from qa_check.engine.lots import LotOutcome

_COLUMNS = (10, 7, 8, 8, 13)
"""Display widths of the plan's columns but the last, as ``lot_plan_columns`` lays them out."""


def plan_text(plan: LotPlan, lang: str) -> str:
    """The plan: a head line, one row per defect class, how to draw the units, the sources."""
    head = plan.head()
    lines = [in_lang(head, lang), "", word("lot_plan_columns", lang)]
    for found in plan.classes:
        cells = (
            word(f"lot_{found.defect_class}", lang),
            str(found.aql),
            found.letter,
            str(found.sample),
            str(found.accept),
            str(found.reject),
        )
        lines.append(
            "".join(_pad(cell, width) for cell, width in zip(cells, _COLUMNS, strict=False))
            + cells[-1]
        )
    lines.append("")
    whole = plan.units >= plan.lot_size
    lines.append(word("lot_plan_whole", lang) if whole else in_lang(_draw(plan), lang))
    sources = msg("lot_plan_source", sources="; ".join(plan.sources))
    lines.append(in_lang(sources, lang))
    return "\n".join(lines) + "\n"


def _draw(plan: LotPlan) -> str:
    return msg("lot_plan_draw", units=plan.units)


def _pad(text: str, width: int) -> str:
    """``text`` then spaces to ``width`` columns: a Chinese character takes two."""
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(width - used, 1)


def lot_lines(lot: LotOutcome, lang: str) -> list[str]:
    """The lines under a judged lot's verdict line: its plan, each class's count and decision.

    Every defect is named under its class, with the unit and item behind it and where it is
    written.
    """
    plan = lot.plan
    head = msg(
        "lot_line",
        lot=printable(lot.lot),
        size=plan.lot_size,
        level=plan.level.value,
        severity=msg(f"lot_{plan.severity.value}"),
        letter=plan.letter,
    )
    lines = [f"    {in_lang(head, lang)}"]
    for count in lot.classes:
        found = count.plan
        line = msg(
            "lot_class_line",
            name=msg(f"lot_{found.defect_class}"),
            aql=str(found.aql),
            found=count.found,
            sample=found.sample,
            accept=found.accept,
            reject=found.reject,
            decision=msg("lot_accept" if count.accepted else "lot_reject"),
        )
        lines.append(f"    {in_lang(line, lang)}")
        for defect in count.defects:
            values = {"checklist": defect.checklist, "item": defect.item, "rule": defect.rule}
            if defect.unit is None:
                said = msg("lot_paper_line", count=defect.count, **values)
            else:
                said = msg("lot_defect_line", unit=defect.unit, **values)
            lines.append(f"      - {in_lang(said, lang)}  ({defect.location.show(lang)})")
    if lot.tests is not None and lot.tests.verdict is not Verdict.INVALID:
        tests = msg("lot_tests_line", units=lot.test_units, verdict=lot.tests.verdict.value)
        lines.append(f"    {in_lang(tests, lang)}")
        lines += [
            f"      - {failure.rule} {failure.checklist} {failure.item} [{failure.severity}]"
            f"  ({failure.location.show(lang)})"
            for failure in lot.tests.failures
        ]
    return lines


def lot_verdict(result: SkuResult, lang: str) -> str:
    """ACCEPT or REJECT for a judged lot, INVALID as for a record; padded to 9 columns."""
    if result.verdict is Verdict.INVALID:
        return _pad(result.verdict.value, 9)
    return _pad(word("lot_accept" if result.verdict is Verdict.PASS else "lot_reject", lang), 9)
