"""The summary's bar charts: failures by rule and by checklist, drawn as vectors, not pictures.

Names (``CP-2 Stacking load applied``, ``Drop test, version 2``) stand at the left of their
bars, most failures first; counts are whole numbers, so the axis never shows 0.5.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from qa_check.certificates.page import fonts

RED = colors.HexColor("#C62828")
MOST_BARS = 20
"""Bars in a chart: the names failed most (summary.json and summary.csv count them all)."""
NARROWEST = 0.2
"""No character of the font is narrower than this share of its size: a bound on what fits."""
NAME_SHARE = 0.42
"""The share of the width the names may take at most; a longer name is cut with an ellipsis."""


def bar_chart(counted: dict[str, int], width: float, size: float) -> Drawing:
    """``counted`` (name -> failures, most first) as horizontal bars with their counts."""
    shown = list(counted.items())[:MOST_BARS]
    names = [fitted(name, width * NAME_SHARE, size) for name, _ in shown]
    room = max(stringWidth(name, fonts.REGULAR, size) for name in names) + 3 * mm
    bar = 5 * mm
    drawing = Drawing(width, bar * len(shown) + 12 * mm, initialFontName=fonts.REGULAR)
    chart = HorizontalBarChart()
    chart.x, chart.y = round(room), round(8 * mm)
    chart.width, chart.height = round(width - room - 12 * mm), round(bar * len(shown))
    chart.data = [[count for _, count in reversed(shown)]]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = size
    chart.valueAxis.labels.fontName = fonts.REGULAR
    chart.valueAxis.labels.fontSize = size
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, -(-max(chart.data[0]) // 5))  # whole numbers only
    chart.valueAxis.forceZero = True
    chart.bars[0].fillColor = RED
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.REGULAR
    chart.barLabels.fontSize = size
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing


def fitted(text: str, width: float, size: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` at ``size``."""
    if stringWidth(text, fonts.REGULAR, size) <= width:
        return text
    text = text[: int(width / (size * NARROWEST))]
    while len(text) > 1 and stringWidth(text + "…", fonts.REGULAR, size) > width:
        text = text[:-1]
    return text + "…"
