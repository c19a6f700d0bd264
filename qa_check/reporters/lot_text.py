"""Lots in plain text: a sampling plan as a table people read at a terminal or print."""

from __future__ import annotations

import unicodedata

from qa_check.core.messages import in_lang, msg, word
from qa_check.engine.aql import LotPlan

_COLUMNS = (10, 7, 8, 8, 13)
"""Display widths of the plan's columns but the last, as ``lot_plan_columns`` lays them out."""


def plan_text(plan: LotPlan, lang: str) -> str:
    """The plan: a head line, one row per defect class, how to draw the units, the sources."""
    head = msg(
        "lot_plan_head",
        size=plan.lot_size,
        level=plan.level.value,
        severity=msg(f"lot_{plan.severity.value}"),
        letter=plan.letter,
        sample=plan.sample,
    )
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
