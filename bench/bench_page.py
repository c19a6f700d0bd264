"""Time qa-check's certificate page in-process against a floor: bare reportlab, same content.

(a) qa-check: ``qa_check.certificates.render.render`` of each example record's payload,
    in English, in this process: judging the payload again, the words, the glyph checks, the
    layout and the PDF.
(b) the floor: the same content (every text, table, photo, the QR code, the barcode and the
    embedded record), taken out of the judged record beforehand, drawn by a short reportlab
    script the way an expert would: plain strings styled by TableStyle where a cell does not
    wrap, a Paragraph where it does, the QR code one path with a fixed mask, rl_accel
    installed, fonts registered once, "page n of m" by the usual deferred canvas. It draws
    the same page layout (page size, margins, columns, type sizes) but none of qa-check's
    code runs in it.

Both are timed in the same run, alternately, as CPU time of this process (one core), --repeat
times each over --rounds passes of all examples. It prints the best ms per certificate of each,
their ratio (and the median ratio of rounds run side by side, steadier on a busy machine) and
the targets of issue 10 (at most 1.5x the floor, at most 24 ms). It reports; it does not fail.

    python bench/bench_page.py [--repeat 7] [--rounds 5]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from itertools import groupby, zip_longest
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from qa_check.certificates.page import fonts
from qa_check.certificates.payload import Payload, build_payload, load_photos
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.certificates.validity import page_time, valid_months, valid_until
from qa_check.core.errors import Location
from qa_check.core.messages import in_lang, msg, word
from qa_check.engine import answers
from qa_check.engine import models as m
from qa_check.engine.checklists import Registry, load_registry
from qa_check.engine.judge import SEVERITY_ORDER, ItemResult, Outcome, RawRecord, Verdict, judge
from qa_check.records.read import read_records, record_files

ROOT = Path(__file__).resolve().parent.parent
ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
HERE = Location("bench")
TARGET_RATIO = 1.5
TARGET_MS = 24.0

SIDE = 14 * mm
WIDTH = A4[0] - 2 * SIDE
MARGIN = 10 * mm
HEADER = 21 * mm
FOOTER = 23 * mm
QR_SIZE = 22 * mm
RESULTS = (13 * mm, 40 * mm, 75 * mm, 38 * mm, 16 * mm)
GREEN = colors.HexColor("#1B7F3B")
RED = colors.HexColor("#C62828")
GREY = colors.HexColor("#6B7280")
LIGHT_GREEN = colors.HexColor("#E3F4E8")
LIGHT_RED = colors.HexColor("#FBE4E4")
LIGHT_GREY = colors.HexColor("#F1F2F4")
LINE = colors.HexColor("#C9CDD3")


def en(key: str, **values: object) -> str:
    return in_lang(msg(key, **values), "en")


# --- the content, taken out of the judged record before any timing ---------------------------


@dataclass
class Section:
    name: str
    standard: str
    rows: list[list[str]] = field(default_factory=list)
    """Rule, item, requirement, recorded, result."""
    failed: list[int] = field(default_factory=list)
    grids: dict[int, tuple[list[str], list[str], list[bool | None]]] = field(default_factory=dict)
    """After row n: entry names, recorded values, whether each is as expected."""
    confirmed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass
class Content:
    passed: bool
    verdict: str
    title: str
    issued_by: str
    sku: str
    certificate: str
    qr: str
    conclusion: str
    identity: list[list[tuple[str, str, bool]]]
    spanned: list[tuple[str, str]]
    failures: list[list[str]]
    sections: list[Section]
    photos: list[tuple[bytes, str]]
    terms: tuple[str, str]
    signer: tuple[str, str]
    hint: str
    document: dict[str, Any]
    info: dict[str, str]


def item_name(item: ItemResult) -> str:
    spec = item.item.item
    return (spec.label or spec.prompt).en


def recorded(item: ItemResult) -> str:
    answer = item.item.item.answer
    expected = answers.series_expected(item.item.item)
    if isinstance(answer, m.SeriesAnswer) and expected is not None:
        good = sum(1 for value in item.value if value == expected)
        return f"{answers.labeller(answer, 'en')(expected)} {good}/{len(item.value)}"
    return answers.display(answer, item.value, "en")


def confirmed(item: ItemResult) -> bool:
    spec = item.item.item
    return (
        item.outcome is Outcome.PASS
        and isinstance(spec.answer, m.YesNoAnswer)
        and isinstance(spec.criterion, m.Equals)
        and item.value is True
    )


def section(items: list[ItemResult]) -> Section:
    checklist = items[0].checklist.checklist
    name = en("cert_checklist_version", title=checklist.title.en, version=checklist.version)
    found = Section(name, checklist.standard.en if checklist.standard else "")
    skipped: dict[str, list[ItemResult]] = {}
    for item in items:
        spec = item.item.item
        if item.outcome is Outcome.NOT_APPLICABLE:
            skipped.setdefault(item.why_not.get("en", ""), []).append(item)
        elif confirmed(item):
            found.confirmed.append((spec.rule, item_name(item)))
        else:
            if item.outcome is Outcome.FAIL:
                found.failed.append(len(found.rows))
            found.rows.append(
                [
                    spec.rule,
                    item_name(item),
                    item.requirement.get("en", ""),
                    recorded(item),
                    word(f"cert_{item.outcome.value}", "en"),
                ]
            )
            if isinstance(spec.answer, m.SeriesAnswer):
                answer = spec.answer
                expected = answers.series_expected(spec)
                names = [
                    en("cert_entry", name=group.name.en, n=n)
                    for group in answer.groups
                    for n in range(1, group.count + 1)
                ]
                shown = [answers.labeller(answer, "en")(value) for value in item.value]
                good = [None if expected is None else v == expected for v in item.value]
                found.grids[len(found.rows) - 1] = (names, shown, good)
    for why, listed in skipped.items():
        because = (
            en("cert_not_applicable_because", reason=why)
            if why
            else word("cert_not_applicable", "en")
        )
        which = "; ".join(f"{item.item.item.rule} {item_name(item)}" for item in listed)
        found.skipped.append(f"{because} {which}")
    return found


def content(payload: Payload, registry: Registry) -> Content:
    """Everything the page shows, as plain text and bytes, in English."""
    raw = RawRecord(payload.record, HERE, lambda path: HERE)
    result = judge(raw, registry, explain=True, files=False, checks=CHECKS)
    record = result.record
    assert record is not None
    product = record.product
    judged = [item for item in result.items if item.outcome is not Outcome.NOT_APPLICABLE]
    failed = [item for item in judged if item.outcome is Outcome.FAIL]
    conclusion = (
        en("cert_fails", failed=len(failed), n=len(judged))
        if failed
        else en("cert_meets", n=len(judged))
    )
    attributes = "; ".join(
        [
            word("cert_electrical" if product.electrical else "cert_not_electrical", "en"),
            f"{word('cert_gross', 'en')} {answers.show(product.gross_weight_kg)} kg",
            f"{word('cert_package', 'en')} {answers.show(product.length_cm)} x"
            f" {answers.show(product.width_cm)} x {answers.show(product.height_cm)} cm",
        ]
    )
    left: list[tuple[str, str]] = [("applicant", record.applicant)] if record.applicant else []
    left.append(("product", record.product_name))
    if record.brand and record.model:
        left.append(("brand_model", f"{record.brand} / {record.model}"))
    elif record.brand or record.model:
        left.append(("brand" if record.brand else "model", record.brand or record.model or ""))
    left.append(("attributes", attributes))
    zone = record.inspected_at.tzinfo
    right = [
        ("site", record.site),
        ("inspector", record.inspector),
        ("inspected", page_time(record.inspected_at)),
        ("issued", page_time(payload.issued_at.astimezone(zone))),
    ]
    identity = [
        [
            (word(f"cert_{cell[0]}", "en"), cell[1] or "", cell[0] in ("product", "applicant"))
            if cell
            else ("", "", False)
            for cell in pair
        ]
        for pair in zip_longest(left, right)
    ]
    sections: dict[str, list[ItemResult]] = {}
    for item in result.items:
        sections.setdefault(item.checklist.checklist.key, []).append(item)
    checklists = [items[0].checklist.checklist for items in sections.values()]
    tested = " · ".join(
        en("cert_checklist_version", title=c.title.en, version=c.version) for c in checklists
    )
    months = valid_months(checklists, payload.site)
    until = valid_until(record, months).isoformat()
    ordered = sorted(failed, key=lambda item: SEVERITY_ORDER[item.item.item.severity])
    return Content(
        passed=result.verdict is Verdict.PASS,
        verdict=word(f"cert_{result.verdict.value}", "en"),
        title=word("cert_title", "en"),
        issued_by=en("cert_issued_by", issuer=msg("cert_not_configured")),
        sku=f"{word('cert_sku', 'en')} {record.sku}",
        certificate=f"{word('cert_certificate', 'en')} {payload.certificate_id}",
        qr=f"{payload.certificate_id} sha256:{payload.digest}",
        conclusion=conclusion,
        identity=identity,
        spanned=[
            (word("cert_issuer", "en"), en("cert_not_configured")),
            (word("cert_tested", "en"), tested),
            (word("cert_digest", "en"), f"SHA-256 {payload.digest}"),
        ],
        failures=[
            [
                item.item.item.rule,
                item_name(item),
                item.requirement.get("en", ""),
                recorded(item),
                item.item.item.corrective.en,
            ]
            for item in ordered
        ],
        sections=[section(items) for items in sections.values()],
        photos=[
            (photo.jpeg, ref.caption or word("cert_photo", "en").format(number))
            for number, (photo, ref) in enumerate(
                zip(payload.photos, record.photos, strict=True), 1
            )
        ],
        terms=(en("cert_valid_until", date=until, months=months), word("cert_void", "en")),
        signer=(record.inspector, word("cert_sign_inspector", "en")),
        hint=word("cert_verify", "en"),
        document={**payload.content(), "digest": f"sha256:{payload.digest}"},
        info={"sku": record.sku, "inspector": record.inspector, "name": record.product_name},
    )


# --- the floor: bare reportlab, the way an expert draws it -------------------------------------

BASE = ParagraphStyle("base", fontName=fonts.REGULAR, fontSize=8.0, leading=9.6)
STYLES = {
    "base": BASE,
    "label": ParagraphStyle("label", BASE, textColor=GREY),
    "head": ParagraphStyle("head", BASE, fontName=fonts.BOLD),
    "confirmed": ParagraphStyle("confirmed", BASE, fontName=fonts.BOLD, textColor=GREEN),
    "section": ParagraphStyle(
        "section", BASE, fontName=fonts.BOLD, fontSize=10, leading=12.5, spaceBefore=3
    ),
    "pass": ParagraphStyle("pass", BASE, fontName=fonts.BOLD, fontSize=10, textColor=GREEN),
    "fail": ParagraphStyle("fail", BASE, fontName=fonts.BOLD, fontSize=10, textColor=RED),
}


class Grid:
    """Rows of cells, and the TableStyle commands that style the plain ones."""

    def __init__(self) -> None:
        self.rows: list[list[Any]] = []
        self.commands: list[tuple[Any, ...]] = []

    def add(self, *cells: tuple[str, float, str] | Flowable | str) -> int:
        """A row; a (text, room, style) cell is a plain string when it fits, else a Paragraph."""
        row = len(self.rows)
        made: list[Any] = []
        for column, cell in enumerate(cells):
            if not isinstance(cell, tuple):
                made.append(cell)
                continue
            text, room, name = cell
            style = STYLES[name]
            if text and stringWidth(text, style.fontName, style.fontSize) <= room:
                made.append(text)
                if name != "base":
                    at = (column, row), (column, row)
                    self.commands.append(("FONTNAME", *at, style.fontName))
                    self.commands.append(("TEXTCOLOR", *at, style.textColor))
            else:
                made.append(Paragraph(escape(text), style))
        self.rows.append(made)
        return row

    def table(
        self, widths: Sequence[float], commands: list[tuple[Any, ...]], **options: Any
    ) -> Table:
        table = Table(self.rows, colWidths=widths, hAlign="LEFT", **options)
        body = ("FONT", (0, 0), (-1, -1), fonts.REGULAR, BASE.fontSize, BASE.leading)
        table.setStyle(TableStyle([body, *commands, *self.commands]))
        return table


PADDED = [
    ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ("TOPPADDING", (0, 0), (-1, -1), 0.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.1),
]


def identity(c: Content) -> Table:
    label = 23 * mm
    wide = WIDTH * 0.6 - label
    widths = [label, wide, label, WIDTH - 2 * label - wide]
    grid = Grid()
    for pair in c.identity:
        cells: list[tuple[str, float, str]] = []
        for side, (name, value, bold) in enumerate(pair):
            cells += [
                (name, label - 3, "label"),
                (value, widths[2 * side + 1] - 3, "head" if bold else "base"),
            ]
        grid.add(*cells)
    first = len(grid.rows)
    for name, value in c.spanned:
        grid.add((name, label - 3, "label"), (value, WIDTH - label - 3, "base"), "", "")
    return grid.table(
        widths,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE),
            ("SPAN", (1, first), (3, first)),
            ("SPAN", (1, first + 1), (3, first + 1)),
            ("SPAN", (1, first + 2), (3, first + 2)),
        ],
    )


def failures(c: Content) -> list[Flowable]:
    widths = [15 * mm, 40 * mm, 44 * mm, 32 * mm]
    widths.append(WIDTH - sum(widths))
    rooms = [width - 12 for width in widths]
    grid = Grid()
    heads = ("cert_rule", "cert_item", "cert_requirement", "cert_recorded", "cert_action")
    grid.add(*[(word(key, "en"), room, "head") for key, room in zip(heads, rooms, strict=True)])
    for row in c.failures:
        styles = ["head", "base", "base", "base", "base"]
        grid.add(*[cell for cell in zip(row, rooms, styles, strict=True)])
    table = grid.table(
        widths,
        [
            ("BACKGROUND", (0, 0), (-1, -1), LIGHT_RED),
            ("BOX", (0, 0), (-1, -1), 0.8, RED),
            ("LINEBELOW", (0, 0), (-1, -2), 0.25, RED),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ],
        repeatRows=1,
    )
    heading = Paragraph(escape(word("cert_failed", "en")), STYLES["section"])
    return [Spacer(1, 2 * mm), heading, Spacer(1, 1 * mm), table]


def drops(names: list[str], values: list[str], good: list[bool | None]) -> Table:
    first = RESULTS[0] + RESULTS[1] * 0.5
    width = (WIDTH - first) / len(names)
    grid = Grid()
    grid.add(
        (word("cert_position", "en"), first - 4, "label"), *[(n, width - 4, "head") for n in names]
    )
    grid.add(
        (word("cert_recorded", "en"), first - 4, "label"), *[(v, width - 4, "base") for v in values]
    )
    shades = [
        ("BACKGROUND", (n, 1), (n, 1), LIGHT_GREEN if ok else LIGHT_RED)
        for n, ok in enumerate(good, start=1)
        if ok is not None
    ]
    return grid.table(
        [first] + [width] * len(names),
        [
            ("GRID", (1, 0), (-1, -1), 0.4, LINE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (1, 0), (-1, 0), LIGHT_GREY),
            *PADDED,
            *shades,
        ],
    )


def yes_answers(pairs: list[tuple[str, str]]) -> Table:
    side = RESULTS[0] + RESULTS[1] * 0.5
    half = (WIDTH - side) / 2
    rule = RESULTS[0] * 0.8
    grid = Grid()
    for first in range(0, len(pairs), 2):
        cells: list[tuple[str, float, str] | str] = [
            (word("cert_confirmed", "en"), side - 4, "confirmed") if first == 0 else ""
        ]
        for code, name in pairs[first : first + 2]:
            cells += [(code, rule - 4, "base"), (name, half - rule - 4, "base")]
        grid.add(*cells, *[""] * (5 - len(cells)))
    return grid.table(
        [side, rule, half - rule, rule, half - rule],
        [("SPAN", (0, 0), (0, -1)), ("VALIGN", (0, 0), (-1, -1), "TOP"), *PADDED],
    )


def results(c: Content) -> Table:
    rooms = [width - 4 for width in RESULTS]
    grid = Grid()
    heads = ("cert_rule", "cert_item", "cert_requirement", "cert_recorded", "cert_result")
    grid.add(*[(word(key, "en"), room, "head") for key, room in zip(heads, rooms, strict=True)])
    commands: list[tuple[Any, ...]] = []
    for part in c.sections:
        heading = grid.add(
            Paragraph(escape(part.name), STYLES["section"]),
            "",
            (part.standard, sum(RESULTS[2:]) - 4, "label"),
            "",
            "",
        )
        commands += [
            ("SPAN", (0, heading), (1, heading)),
            ("SPAN", (2, heading), (-1, heading)),
            ("VALIGN", (0, heading), (-1, heading), "BOTTOM"),
            ("BACKGROUND", (0, heading), (-1, heading), LIGHT_GREY),
        ]
        for number, row in enumerate(part.rows):
            failed = number in part.failed
            styles = ["head" if failed else "base", "base", "base", "base", "head"]
            at = grid.add(*zip(row, rooms, styles, strict=True))
            shade = ("BACKGROUND", (0, at), (-1, at), LIGHT_RED)
            commands.append(shade if failed else ("BACKGROUND", (4, at), (4, at), LIGHT_GREEN))
            if number in part.grids:
                across = grid.add(drops(*part.grids[number]), "", "", "", "")
                commands += [
                    ("SPAN", (0, across), (-1, across)),
                    ("LEFTPADDING", (0, across), (-1, across), 0),
                ]
        if part.confirmed:
            across = grid.add(yes_answers(part.confirmed), "", "", "", "")
            commands += [
                ("SPAN", (0, across), (-1, across)),
                ("LEFTPADDING", (0, across), (-1, across), 0),
            ]
        for line in part.skipped:
            across = grid.add((line, WIDTH - 4, "base"), "", "", "", "")
            commands.append(("SPAN", (0, across), (-1, across)))
    return grid.table(
        RESULTS,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEBELOW", (0, 1), (-1, -2), 0.25, LINE),
            *PADDED,
            *commands,
        ],
        repeatRows=1,
    )


class SignLine(Flowable):
    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 1

    def draw(self) -> None:
        self.canv.setLineWidth(0.5)
        self.canv.line(0, 0.5, self.width, 0.5)


def ending(c: Content) -> Table:
    left = WIDTH * 0.58
    column: list[Flowable] = []
    if c.photos:
        cell = (left - 6 * mm) / 2
        picture = 22 * mm
        grid = Grid()
        cells: list[Any] = []
        for jpeg, caption in c.photos:
            wide, high = ImageReader(io.BytesIO(jpeg)).getSize()
            scale = min(20 * mm / wide, 20 * mm / high)
            cells += [
                Image(io.BytesIO(jpeg), wide * scale, high * scale),
                (caption, cell - picture - 6, "base"),
            ]
        for first in range(0, len(cells), 4):
            chunk = cells[first : first + 4]
            grid.add(*chunk, *[""] * (4 - len(chunk)))
        column += [
            Paragraph(escape(word("cert_photos", "en")), STYLES["section"]),
            grid.table(
                [picture, cell - picture] * 2,
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
            ),
        ]
    column += [
        Spacer(1, 2 * mm),
        Paragraph(escape(c.terms[0]), STYLES["head"]),
        Paragraph(escape(c.terms[1]), BASE),
    ]
    name, role = c.signer
    signature = [
        Paragraph(escape(name), STYLES["head"]),
        Spacer(1, 8 * mm),
        SignLine(),
        Paragraph(escape(role), STYLES["label"]),
    ]
    table = Table([[column, signature]], colWidths=[left, WIDTH - left], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 6 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return table


def qr_path(value: str) -> tuple[int, str]:
    """The QR code (level M, fixed mask) as one path: a rectangle per dark run, in modules."""
    matrix = segno.make_qr(value, error="m", mask=6, boost_error=False).matrix
    count = len(matrix) + 4
    runs = []
    for row, modules in enumerate(matrix):
        column = 2
        for dark, run in groupby(modules):
            length = len(list(run))
            if dark:
                runs.append(f"{column} {count - 3 - row} {length} 1 re")
            column += length
    return count, "\n".join(runs) + "\nf"


class Numbered(Canvas):
    """The usual recipe for "page n of m": hold each page, draw the furniture at save."""

    def __init__(self, furniture: Callable[[Canvas, int, int], None], *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.furniture = furniture
        self.held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self.held.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        for number, state in enumerate(self.held, start=1):
            self.__dict__.update(state)
            self.furniture(self, number, len(self.held))
            super().showPage()
        super().save()


@dataclass
class Furniture:
    """What every page has around the body, made once per certificate."""

    content: Content
    qr: tuple[int, str]
    code: Code128
    hint: Paragraph
    attachment: bytes


def furniture(made: Furniture, canvas: Canvas, number: int, total: int) -> None:
    """Header and footer of page ``number``; the first also gets the attachment."""
    c, qr, code, hint = made.content, made.qr, made.code, made.hint
    top = A4[1] - MARGIN
    right = A4[0] - SIDE
    canvas.setFillColor(GREEN if c.passed else RED)
    canvas.rect(right - 46 * mm, top - 11 * mm, 46 * mm, 11 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(fonts.BOLD, 20)
    canvas.drawCentredString(right - 23 * mm, top - 6.4 * mm, c.verdict)
    canvas.setFillColor(colors.black)
    canvas.setFont(fonts.BOLD, 8.5)
    canvas.drawRightString(right, top - 15 * mm, c.certificate)
    canvas.setFont(fonts.REGULAR, 8.5)
    canvas.drawRightString(right, top - 19 * mm, en("cert_page", n=number, m=total))
    canvas.setFont(fonts.BOLD, 15)
    canvas.drawString(SIDE, top - 15, c.title)
    canvas.setFillColor(GREY)
    canvas.setFont(fonts.REGULAR, 8)
    canvas.drawString(SIDE, top - 26, c.issued_by)
    canvas.setFillColor(colors.black)
    canvas.setFont(fonts.BOLD, 9)
    canvas.drawString(SIDE, top - 36, c.sku)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.6)
    canvas.line(SIDE, top - HEADER + 2 * mm, right, top - HEADER + 2 * mm)
    bottom = MARGIN
    canvas.line(SIDE, bottom + FOOTER - 2 * mm, right, bottom + FOOTER - 2 * mm)
    canvas.saveState()
    canvas.translate(SIDE - 1.5 * mm, bottom)
    canvas.scale(QR_SIZE / qr[0], QR_SIZE / qr[0])
    canvas.addLiteral(qr[1])
    canvas.restoreState()
    x = SIDE + QR_SIZE + 2 * mm
    _, height = hint.wrapOn(canvas, right - x, FOOTER)
    hint.drawOn(canvas, x, bottom + FOOTER - 3 * mm - height)
    code.drawOn(canvas, x, bottom)
    if number == 1:
        attach(canvas, made.attachment)


def attach(canvas: Canvas, data: bytes) -> None:
    document = canvas._doc  # type: ignore[attr-defined]
    stream = PDFStream(
        PDFDictionary(
            {"Type": PDFName("EmbeddedFile"), "Params": PDFDictionary({"Size": len(data)})}
        ),
        data,
        filters=[PDFZCompress],
    )
    reference = document.Reference(stream)
    name = PDFString("qa-check-record.json")
    spec = document.Reference(
        PDFDictionary(
            {
                "Type": PDFName("Filespec"),
                "F": name,
                "UF": name,
                "EF": PDFDictionary({"F": reference}),
            }
        )
    )
    names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray([name, spec])})})
    canvas.setCatalogEntry("Names", names)


def floor(c: Content) -> bytes:
    """The certificate of ``c``, drawn by bare reportlab."""
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=SIDE,
        rightMargin=SIDE,
        topMargin=MARGIN + HEADER,
        bottomMargin=MARGIN + FOOTER,
        title=f"{c.title}: {c.info['sku']}",
        author=c.info["inspector"],
        subject=c.info["name"],
        invariant=True,
        initialFontName=fonts.REGULAR,
    )
    body = Frame(
        SIDE,
        MARGIN + FOOTER,
        WIDTH,
        A4[1] - 2 * MARGIN - HEADER - FOOTER,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document.addPageTemplates([PageTemplate("page", [body])])
    sku = c.info["sku"]
    modules = Code128(sku, barWidth=1, quiet=False).wrap(A4[0], A4[1])[0]
    room = WIDTH - QR_SIZE - 2 * mm
    code = Code128(
        sku,
        barHeight=8 * mm,
        barWidth=min(0.5 * mm, room / modules),
        quiet=False,
        humanReadable=True,
        fontName=fonts.REGULAR,
        fontSize=8,
    )
    attachment = (json.dumps(c.document, ensure_ascii=False, indent=2) + "\n").encode()
    story = [
        Paragraph(escape(c.conclusion), STYLES["pass" if c.passed else "fail"]),
        Spacer(1, 2 * mm),
        identity(c),
        *(failures(c) if c.failures else []),
        Spacer(1, 2 * mm),
        results(c),
        ending(c),
    ]
    hint = Paragraph(escape(c.hint), STYLES["label"])
    draw = partial(furniture, Furniture(c, qr_path(c.qr), code, hint, attachment))
    document.build(story, canvasmaker=partial(Numbered, draw))
    return buffer.getvalue()


# --- timing -------------------------------------------------------------------------------------


def examples(registry: Registry) -> list[tuple[Payload, Location]]:
    """Every example YAML record that judges PASS or FAIL, as an English payload."""
    found = []
    for raw in read_records(
        record_files(sorted((ROOT / "examples").glob("*.yaml"))), registry, "utf-8"
    ):
        if not isinstance(raw, RawRecord):
            continue
        result = judge(raw, registry, explain=True, checks=CHECKS)
        if result.verdict is not Verdict.INVALID:
            found.append(
                (build_payload(result, load_photos(result), ISSUED, "en"), result.location)
            )
    return found


def per_certificate(run: Callable[[], object], rounds: int, count: int) -> float:
    """CPU time of ``rounds`` calls of ``run`` (``count`` certificates each), ms a certificate."""
    start = time.process_time()
    for _ in range(rounds):
        run()
    return (time.process_time() - start) / rounds / count * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    fonts.register()
    registry = load_registry([ROOT / "checklists"])
    payloads = examples(registry)
    contents = [content(payload, registry) for payload, _ in payloads]
    count = len(payloads)

    def qa_check() -> None:
        for payload, origin in payloads:
            render(payload, origin)

    def bare() -> None:
        for found in contents:
            floor(found)

    qa_check()  # warm: fonts parsed, checklists compiled, modules imported
    bare()
    pairs = [  # alternately, so that both meet the machine as it is at the time
        (
            per_certificate(qa_check, options.rounds, count),
            per_certificate(bare, options.rounds, count),
        )
        for _ in range(options.repeat)
    ]
    ours = min(mine for mine, _ in pairs)
    theirs = min(base for _, base in pairs)
    ratio = ours / theirs
    paired = statistics.median(mine / base for mine, base in pairs)
    rounds = f"{options.repeat} x {options.rounds} rounds"
    print(f"examples: {count} certificates (English, no site configured), {rounds}")
    print(f"qa-check: {ours:6.1f} ms per certificate (render in-process, one core, best round)")
    print(f"floor:    {theirs:6.1f} ms per certificate (bare reportlab, the same content)")
    verdict = "OK" if ratio <= TARGET_RATIO else "MISSED"
    print(
        f"ratio:    {ratio:6.2f}x the floor, median of paired rounds {paired:.2f}x"
        f" (target at most {TARGET_RATIO}x: {verdict})"
    )
    verdict = "OK" if ours <= TARGET_MS else "MISSED"
    print(f"target:   at most {TARGET_MS:.0f} ms of one core per certificate: {verdict}")


if __name__ == "__main__":
    main()
