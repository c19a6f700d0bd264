"""PDF certificates: one A4 page per SKU, rendered from its payload alone.

The payload is judged again here (so the page can only show what its record and checklists
give) and embedded as an attachment. Rendering is deterministic: the same payload gives the
same bytes, which is what ``verify`` relies on.
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepInFrame,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from qa_check import fonts, glyphs, rules
from qa_check import models as m
from qa_check.certificate import (
    ATTACHMENT_NAME,
    Payload,
    canonical_json,
    page_time,
    valid_months,
    valid_until,
)
from qa_check.checklists import Registry, registry_from_data
from qa_check.errors import CertificateError, Location, Problem, dotted
from qa_check.i18n import in_lang, msg, word
from qa_check.validate import (
    SEVERITY_ORDER,
    ItemResult,
    Outcome,
    RawRecord,
    SkuResult,
    Verdict,
    judge,
    sku_barcode_problem,
)

GREEN = colors.HexColor("#1B7F3B")
RED = colors.HexColor("#C62828")
GREY = colors.HexColor("#6B7280")
LIGHT_GREEN = colors.HexColor("#E3F4E8")
LIGHT_RED = colors.HexColor("#FBE4E4")
LIGHT_GREY = colors.HexColor("#F1F2F4")
RULE_LINE = colors.HexColor("#C9CDD3")
PAGE_WIDTH = A4[0] - 28 * mm
MARGIN = 12 * mm
CODE_STRIP = 34 * mm
"""The bottom strip with the QR code and the barcode: drawn at a fixed size, never shrunk."""
BARCODE_X = 50 * mm
BARCODE_ROOM = A4[0] - 14 * mm - BARCODE_X
MIN_MODULE = 0.2 * mm

_REGISTRIES: dict[bytes, Registry] = {}


class Rendered(NamedTuple):
    """A certificate PDF and the judgement it shows."""

    pdf: bytes
    result: SkuResult


def render(payload: Payload, origin: Location) -> Rendered:
    """The certificate PDF of a payload; raises CertificateError when it cannot be drawn."""
    result = judge(
        RawRecord(payload.record, origin, lambda path: origin.at(field=dotted(path) or None)),
        _registry(payload.checklists, origin),
        explain=True,
        files=False,
    )
    if result.verdict is Verdict.INVALID:
        raise CertificateError(list(result.problems))
    return Rendered(_Page(payload, result, origin).build(), result)


def _registry(checklists: Sequence[dict[str, Any]], origin: Location) -> Registry:
    """Checklists compiled once per batch: every record of a batch embeds the same ones."""
    key = canonical_json(list(checklists))
    registry = _REGISTRIES.get(key)
    if registry is None:
        registry = registry_from_data(checklists, origin.file)
        if len(_REGISTRIES) > 16:
            _REGISTRIES.clear()
        _REGISTRIES[key] = registry
    return registry


class _Page:
    """One certificate being laid out; collects characters the font cannot draw."""

    def __init__(self, payload: Payload, result: SkuResult, origin: Location) -> None:
        fonts.register()
        self.payload = payload
        self.result = result
        self.origin = origin
        self.lang = 1 if payload.lang == "zh" else 0
        # Each hashes the whole payload (photos included): worked out once, printed thrice.
        self.digest = payload.digest
        self.certificate_id = payload.certificate_id
        self.missing: dict[str, list[str]] = {}
        base = ParagraphStyle(
            "base",
            fontName=fonts.REGULAR,
            bulletFontName=fonts.REGULAR,
            fontSize=7.6,
            leading=9.6,
            textColor=colors.black,
        )
        self.styles = {
            "base": base,
            "small": ParagraphStyle("small", base, fontSize=6.6, leading=8.2, textColor=GREY),
            "label": ParagraphStyle("label", base, textColor=GREY),
            "head": ParagraphStyle("head", base, fontName=fonts.BOLD),
            "title": ParagraphStyle("title", base, fontName=fonts.BOLD, fontSize=17, leading=21),
            "section": ParagraphStyle(
                "section", base, fontName=fonts.BOLD, fontSize=10, leading=13, spaceBefore=5
            ),
            "verdict": ParagraphStyle(
                "verdict",
                base,
                fontName=fonts.BOLD,
                fontSize=30,
                leading=34,
                alignment=TA_CENTER,
                textColor=colors.white,
            ),
        }

    # --- text -------------------------------------------------------------------------------

    def word(self, key: str) -> str:
        """A certificate word from the catalogue, in the page's language."""
        return word(f"cert_{key}", self.payload.lang)

    def text(self, value: m.Text) -> str:
        """``value`` in the page's language."""
        return value.zh if self.lang else value.en

    def para(self, text: str, style: str = "base", where: str = "certificate text") -> Paragraph:
        """A paragraph of plain text (never markup), checked against the font.

        ``where`` is the record field the text comes from (``product_name``, ``answers.…``),
        or words saying which checklist text it is.
        """
        gaps = fonts.missing(text)
        if gaps:
            found = self.missing.setdefault(where, [])
            found.extend(char for char in gaps if char not in found)
        markup = escape(" ".join(text.split()))
        chosen = self.styles[style]
        if any(ord(char) >= 0x2E80 for char in text):
            chosen = ParagraphStyle(f"{style}-cjk", chosen, wordWrap="CJK")
        return Paragraph(markup, chosen)

    # --- parts ------------------------------------------------------------------------------

    def build(self) -> bytes:
        record = self.result.record
        assert record is not None  # judged PASS or FAIL
        self.sku_code = self.barcode(record.sku)
        story = [
            self.header(),
            Spacer(1, 3 * mm),
            *self.identity(),
            *self.failures(),
            *[part for checklist in self.checklists() for part in checklist],
            *self.photos(),
            Spacer(1, 3 * mm),
            self.para(self.validity(record), "head"),
            self.para(self.word("void"), "head"),
            self.para(self.word("verify"), "small"),
        ]
        if self.missing:
            problems = [
                Problem(
                    self.origin.at(field=where),
                    f"the certificate font cannot show {glyphs.describe(chars)}",
                )
                if _is_field(where)
                else Problem(
                    self.origin,
                    f"the certificate font cannot show {glyphs.describe(chars)} (in {where})",
                )
                for where, chars in self.missing.items()
            ]
            raise CertificateError(problems)
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=14 * mm,
            rightMargin=14 * mm,
            topMargin=MARGIN,
            bottomMargin=MARGIN + CODE_STRIP,
            title=f"{self.word('title')}: {record.sku} {self.result.verdict.value}",
            author=record.inspector,
            subject=record.product_name,
            creator=self.payload.generator,
            producer=self.payload.generator,
            invariant=True,
            initialFontName=fonts.REGULAR,
            lang="zh-CN" if self.lang else "en",
        )
        frame_height = A4[1] - 2 * MARGIN - CODE_STRIP - 1
        page = KeepInFrame(PAGE_WIDTH, frame_height, story, mode="shrink")
        document.build([page], onFirstPage=self.finish_canvas)
        return buffer.getvalue()

    def finish_canvas(self, canvas: Canvas, _document: object) -> None:
        """Draw the code strip, fix the PDF's dates to the issue time, attach the payload."""
        payload = self.payload
        top = MARGIN + CODE_STRIP
        canvas.setStrokeColor(RULE_LINE)
        canvas.setLineWidth(0.6)
        canvas.line(14 * mm, top - 1 * mm, A4[0] - 14 * mm, top - 1 * mm)
        qr = _Qr(f"{self.certificate_id} sha256:{self.digest}", 30 * mm)
        qr.wrapOn(canvas, 30 * mm, 30 * mm)
        qr.drawOn(canvas, 14 * mm, MARGIN)
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.BOLD, 9)
        certificate = f"{self.word('certificate')} {self.certificate_id}"
        canvas.drawString(BARCODE_X, top - 6 * mm, certificate)
        canvas.setFont(fonts.REGULAR, 6.5)
        canvas.drawString(BARCODE_X, top - 10 * mm, f"SHA-256 {self.digest}")
        self.sku_code.wrapOn(canvas, BARCODE_ROOM, 20 * mm)
        self.sku_code.drawOn(canvas, BARCODE_X, MARGIN + 3 * mm)
        _stamp(canvas, payload.issued_at)
        _attach(canvas, ATTACHMENT_NAME, payload.to_json())

    def header(self) -> Table:
        verdict = self.result.verdict.value
        colour = GREEN if self.result.verdict is Verdict.PASS else RED
        badge = _table(
            [[self.para(self.word(verdict), "verdict")]],
            colWidths=[62 * mm],
            rowHeights=[20 * mm],
            style=TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), colour),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            ),
        )
        titles = [self.para(self.word("title"), "title"), self.para(self.word("subtitle"), "label")]
        return _table(
            [[titles, badge]],
            colWidths=[PAGE_WIDTH - 62 * mm, 62 * mm],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )

    def identity(self) -> list[Flowable]:
        """Who, what, when, against which checklists; which certificate, issued when."""
        record = self.result.record
        assert record is not None
        product = record.product
        attributes = "; ".join(
            [
                self.word("electrical" if product.electrical else "not_electrical"),
                f"{self.word('gross')} {rules.show(product.gross_weight_kg)} kg",
                f"{self.word('package')} {rules.show(product.length_cm)} x"
                f" {rules.show(product.width_cm)} x {rules.show(product.height_cm)} cm",
            ]
        )
        payload = self.payload
        rows = [
            ("sku", record.sku, "sku"),
            ("product", record.product_name, "product_name"),
            *[
                (name, text, name)
                for name in m.PARTY_FIELDS
                if (text := getattr(record, name)) is not None
            ],
            ("attributes", attributes, "product"),
            ("inspector", record.inspector, "inspector"),
            ("site", record.site, "site"),
            ("inspected", page_time(record.inspected_at), "inspected_at"),
            ("checklists", ", ".join(self.result.checklists), "checklists"),
            ("certificate", self.certificate_id, "certificate"),
            ("issued", page_time(payload.issued_at, utc=True), "issued"),
            ("digest", f"SHA-256 {self.digest}", "digest"),
        ]
        bold = ("sku", "product", "applicant")  # what a reviewer looks for first
        body = [
            [
                self.para(self.word(key), "label"),
                self.para(value, "head" if key in bold else "base", field),
            ]
            for key, value, field in rows
        ]
        info = _table(body, colWidths=[24 * mm, PAGE_WIDTH - 24 * mm])
        info.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                    ("LINEBELOW", (0, 0), (-1, -2), 0.25, RULE_LINE),
                ]
            )
        )
        return [info]

    def barcode(self, sku: str) -> Flowable:
        """The SKU as Code 128; a SKU Code 128 cannot carry is an error, never a wrong code."""
        outside = sku_barcode_problem(sku)
        if outside is not None:
            raise CertificateError([Problem(self.origin.at(field="sku"), outside)])
        modules = Code128(sku, barWidth=1, quiet=False).wrap(A4[0], A4[1])[0]
        if modules * MIN_MODULE > BARCODE_ROOM:
            raise CertificateError(
                [
                    Problem(
                        self.origin.at(field="sku"),
                        f"a SKU of {len(sku)} characters is too long for a Code 128 that scans"
                        f" on the page (bars of {MIN_MODULE / mm:.1f} mm would need"
                        f" {modules * MIN_MODULE / mm:.0f} mm, the page has"
                        f" {BARCODE_ROOM / mm:.0f} mm)",
                    )
                ]
            )
        code = Code128(
            sku,
            barHeight=11 * mm,
            barWidth=min(0.33 * mm, BARCODE_ROOM / modules),
            quiet=False,
            humanReadable=True,
            fontName=fonts.REGULAR,
            fontSize=7,
        )
        code.validate()  # type: ignore[no-untyped-call]
        if not code.valid:  # belt and braces: reportlab drops what it cannot encode
            raise CertificateError([Problem(self.origin.at(field="sku"), "not encodable")])
        return code

    def failures(self) -> list[Flowable]:
        failed = sorted(
            (item for item in self.result.items if item.outcome is Outcome.FAIL),
            key=lambda item: SEVERITY_ORDER[item.item.item.severity],
        )
        if not failed:
            return []
        rows: list[list[Any]] = [
            [
                self.para(self.word(key), "head")
                for key in ("rule", "item", "requirement", "recorded", "action")
            ]
        ]
        for item in failed:
            spec = item.item.item
            where = f"checklist {item.checklist.checklist.key}, item {spec.id}"
            rows.append(
                [
                    self.para(spec.rule, "head"),
                    self.para(self.text(spec.label or spec.prompt), where=where),
                    self.para(item.requirement.get(self.payload.lang, ""), where=where),
                    self.para(self.recorded(item), where=_field(item)),
                    self.para(self.text(spec.corrective), where=where),
                ]
            )
        widths = [13 * mm, 46 * mm, 42 * mm, 28 * mm]
        widths.append(PAGE_WIDTH - sum(widths))
        table = _table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), LIGHT_RED),
                    ("BOX", (0, 0), (-1, -1), 0.8, RED),
                    ("LINEBELOW", (0, 0), (-1, -2), 0.25, RED),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return [
            Spacer(1, 3 * mm),
            self.para(self.word("failed"), "section"),
            Spacer(1, 1 * mm),
            table,
        ]

    def validity(self, record: m.Record) -> str:
        """The last valid day, and how it was counted."""
        months = valid_months(
            (item.checklist.checklist for item in self.result.items), self.payload.site
        )
        until = valid_until(record, months).isoformat()
        return in_lang(msg("cert_valid_until", date=until, months=months), self.payload.lang)

    def checklists(self) -> list[list[Flowable]]:
        sections: dict[str, list[ItemResult]] = {}
        for item in self.result.items:
            sections.setdefault(item.checklist.checklist.key, []).append(item)
        return [self.section(items) for items in sections.values()]

    def section(self, items: list[ItemResult]) -> list[Flowable]:
        checklist = items[0].checklist.checklist
        where = f"checklist {checklist.key}"
        heading = f"{self.text(checklist.title)}  ·  {checklist.key}"
        rows: list[list[Any]] = [
            [
                self.para(self.word(key), "head")
                for key in ("rule", "item", "requirement", "recorded", "result")
            ]
        ]
        styles: list[tuple[Any, ...]] = []
        extras: list[Flowable] = []
        for row, item in enumerate(items, start=1):
            spec = item.item.item
            item_where = f"{where}, item {spec.id}"
            requirement = item.requirement.get(self.payload.lang, "")
            rows.append(
                [
                    self.para(spec.rule),
                    self.para(self.text(spec.label or spec.prompt), where=item_where),
                    self.para(requirement, where=item_where),
                    self.para(self.recorded(item), where=_field(item)),
                    self.para(self.word(item.outcome.value), "head"),
                ]
            )
            shade = {Outcome.PASS: LIGHT_GREEN, Outcome.FAIL: LIGHT_RED}.get(
                item.outcome, LIGHT_GREY
            )
            styles.append(("BACKGROUND", (4, row), (4, row), shade))
            if item.outcome is Outcome.NOT_APPLICABLE:
                styles.append(("TEXTCOLOR", (0, row), (-1, row), GREY))
            if (
                isinstance(spec.answer, m.SeriesAnswer)
                and item.outcome is not Outcome.NOT_APPLICABLE
            ):
                extras.append(self.grid(item, items))
        widths = [13 * mm, 62 * mm, 52 * mm, 0.0, 16 * mm]
        widths[3] = PAGE_WIDTH - sum(widths)
        table = _table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE_LINE),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                    *styles,
                ]
            )
        )
        return [self.para(heading, "section", where), table, *extras]

    def grid(self, series: ItemResult, items: list[ItemResult]) -> Flowable:
        """A series (the drops) as positions x drops, with the context it was done in."""
        answer = series.item.item.answer
        assert isinstance(answer, m.SeriesAnswer)
        expected = rules.series_expected(series.item.item)
        show_in = rules.labeller(answer, self.payload.lang)
        width = max(group.count for group in answer.groups)
        header = [self.para(self.word("position"), "head")] + [
            self.para(self.word("drop").format(n), "head") for n in range(1, width + 1)
        ]
        rows: list[list[Any]] = [header]
        styles: list[tuple[Any, ...]] = []
        values = iter(series.value)
        for row, group in enumerate(answer.groups, start=1):
            cells: list[Any] = [self.para(self.text(group.name), "head")]
            for column in range(1, group.count + 1):
                value = next(values)
                cells.append(self.para(show_in(value), where=_field(series)))
                if expected is not None:
                    shade = LIGHT_GREEN if value == expected else LIGHT_RED
                    styles.append(("BACKGROUND", (column, row), (column, row), shade))
            cells += [""] * (width - group.count)
            rows.append(cells)
        context = [
            f"{self.text(other.item.item.label or other.item.item.prompt)}: {self.recorded(other)}"
            for other in items
            if isinstance(other.item.item.answer, m.ChoiceAnswer | m.NumberAnswer)
            and other.outcome is not Outcome.NOT_APPLICABLE
        ]
        first = 24 * mm
        table = _table(rows, colWidths=[first] + [(PAGE_WIDTH * 0.62 - first) / width] * width)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, RULE_LINE),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREY),
                    *styles,
                ]
            )
        )
        caption = self.para("  ·  ".join(context), "head", where="drop context")
        outer = _table([[table, caption]], colWidths=[PAGE_WIDTH * 0.62, PAGE_WIDTH * 0.38])
        outer.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (0, 0), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return outer

    def recorded(self, item: ItemResult) -> str:
        if item.outcome is Outcome.NOT_APPLICABLE:
            return "—"
        answer = item.item.item.answer
        expected = rules.series_expected(item.item.item)
        if isinstance(answer, m.SeriesAnswer) and expected is not None:
            good = sum(1 for value in item.value if value == expected)
            show_in = rules.labeller(answer, self.payload.lang)
            return f"{show_in(expected)} {good}/{len(item.value)}"
        return rules.display(answer, item.value, self.payload.lang)

    def photos(self) -> list[Flowable]:
        if not self.payload.photos:
            return []
        cells: list[list[Any]] = []
        for photo in self.payload.photos:
            reader = ImageReader(io.BytesIO(photo.jpeg))
            width, height = reader.getSize()
            scale = min(40 * mm / width, 30 * mm / height)
            image = Image(io.BytesIO(photo.jpeg), width * scale, height * scale)
            cells.append([image, self.para(photo.name, "small", "photos")])
        per_row = 4
        rows: list[list[Any]] = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
        rows[-1] += [""] * (per_row - len(rows[-1]))
        table = _table(rows, colWidths=[PAGE_WIDTH / per_row] * per_row)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return [self.para(self.word("photos"), "section"), table]


_RECORD_FIELDS = frozenset(m.Record.model_fields)


def _is_field(where: str) -> bool:
    """True when ``where`` names a record field rather than describing checklist text."""
    return where.split(".", maxsplit=1)[0].split("[", maxsplit=1)[0] in _RECORD_FIELDS


def _field(item: ItemResult) -> str:
    return f"answers.{item.item.checklist_id}.{item.item.item_id}"


def _table(rows: list[list[Any]], **options: Any) -> Table:
    """A left-aligned table whose empty cells use the embedded font (Helvetica otherwise)."""
    table = Table(rows, hAlign="LEFT", **options)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)]))
    return table


class _Qr(QrCode):
    """reportlab's QR flowable at a fixed square size."""

    def __init__(self, value: str, size: float) -> None:
        super().__init__(value, width=size, height=size, qrLevel="M", qrBorder=2)


def _stamp(canvas: Canvas, moment: datetime) -> None:
    """Set the document's creation and modification dates to the issue time (UTC).

    reportlab's invariant mode fixes them to 2000-01-01; its TimeStamp is the only way in.
    """
    stamp = TimeStamp(invariant=True)
    utc = moment.utctimetuple()
    stamp.t = calendar.timegm(utc)
    stamp.lt = utc
    stamp.YMDhms = tuple(utc)[:6]
    stamp.dhh = stamp.dmm = 0
    canvas._doc._timeStamp = stamp  # type: ignore[attr-defined]


def _attach(canvas: Canvas, name: str, data: bytes) -> None:
    """Embed ``data`` as a file attachment that PDF readers list (and ``verify`` reads)."""
    document = canvas._doc  # type: ignore[attr-defined]
    stream = PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("EmbeddedFile"),
                "Subtype": PDFName("application#2Fjson"),
                "Params": PDFDictionary({"Size": len(data)}),
            }
        ),
        data,
        filters=[PDFZCompress],
    )
    reference = document.Reference(stream)
    spec = PDFDictionary(
        {
            "Type": PDFName("Filespec"),
            "F": PDFString(name),
            "UF": PDFString(name),
            "Desc": PDFString("qa-check record, checklists and photos this certificate shows"),
            "AFRelationship": PDFName("Source"),
            "EF": PDFDictionary({"F": reference, "UF": reference}),
        }
    )
    spec_ref = document.Reference(spec)
    names = PDFDictionary(
        {"EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(name), spec_ref])})}
    )
    canvas.setCatalogEntry("Names", names)
    canvas.setCatalogEntry("AF", PDFArray([spec_ref]))
