"""The page's body: the conclusion, who and what, the failed items, the results, the ending.

It flows over as many pages as it needs, in type that never shrinks; the header and footer
(``frame``) are drawn around it on each page.
"""

from __future__ import annotations

import io
from itertools import zip_longest
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Spacer, Table

from qa_check.certificates.page import report_rows
from qa_check.certificates.page.results import results
from qa_check.certificates.page.style import LIGHT_RED, PAGE_WIDTH, RED, RULE_LINE
from qa_check.certificates.page.words import Words, answer_field, table
from qa_check.certificates.payload import Payload, grouped_fingerprint
from qa_check.certificates.validity import page_time, valid_months, valid_until
from qa_check.core.messages import msg, word
from qa_check.engine import answers
from qa_check.engine import models as m
from qa_check.engine.judge import SEVERITY_ORDER, Outcome, SkuResult, Verdict

PHOTO_SIZE = 20 * mm
"""A photo's longer side on the page: thumbnails to show what was seen, with their captions."""
TABLE_PADDING = 6
"""reportlab's cell padding, left and right, in the tables that keep it."""


class Body:
    """The body of one certificate's page, from its payload and the judgement it shows."""

    def __init__(self, words: Words, payload: Payload, result: SkuResult) -> None:
        record = result.record
        assert record is not None  # judged PASS or FAIL
        self.words = words
        self.payload = payload
        self.result = result
        self.record = record

    def story(self) -> list[Flowable]:
        """Everything under the header, in order, for the page template to flow."""
        return [
            self.words.para(self.conclusion(), "conclusion"),
            Spacer(1, 2 * mm),
            self.identity(),
            *self.failures(),
            Spacer(1, 2 * mm),
            results(self.words, self.result, self.ending()),
        ]

    def conclusion(self) -> str:
        """One sentence under the verdict: how many applicable requirements were met."""
        judged = [item for item in self.result.items if item.outcome is not Outcome.NOT_APPLICABLE]
        failed = sum(item.outcome is Outcome.FAIL for item in judged)
        if failed:
            return self.words.message(msg("cert_fails", failed=failed, n=len(judged)))
        return self.words.message(msg("cert_meets", n=len(judged)))

    def identity(self) -> Table:
        """For whom and what; by whom, where and when; against what; which record."""
        words = self.words
        left, right = self.who_and_what()
        bold = ("sku", "product", "applicant", "report_number")  # what a reviewer looks for first
        label = 23 * mm
        wide = PAGE_WIDTH * 0.6 - label  # the product's side has the longer texts
        widths = [label, wide, label, PAGE_WIDTH - 2 * label - wide]
        right_padding = 3
        rows: list[list[Any]] = []
        lines: list[tuple[Any, ...]] = []
        across = self.across()
        for pair in zip_longest(left, right):
            row: list[Any] = []
            for side, cell in enumerate(pair):
                if cell is None:
                    row += ["", ""]
                    continue
                key, value, field = cell
                style = "head" if key in bold else "base"
                row += [
                    words.cell(_label(words, key), label - right_padding, "label"),
                    words.cell(value, widths[2 * side + 1] - right_padding, style, field),
                ]
                at = (2 * side, len(rows)), (2 * side + 1, len(rows))
                lines.append(("LINEBELOW", *at, 0.25, RULE_LINE))
            rows.append(row)
        for key, value, where in across:
            spanned = PAGE_WIDTH - label - right_padding
            rows.append(
                [
                    words.cell(_label(words, key), label - right_padding, "label"),
                    words.cell(value, spanned, where=where),
                    "",
                    "",
                ]
            )
        return table(
            rows,
            widths,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), right_padding),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                *lines,
                *[
                    style
                    for row in range(len(rows) - len(across), len(rows))
                    for style in (
                        ("SPAN", (1, row), (3, row)),
                        ("LINEBELOW", (0, row), (-1, row), 0.25, RULE_LINE),
                    )
                ],
            ],
        )

    def who_and_what(self) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        """The identity's two columns of (word, value, record field): the product's, the test's."""
        record = self.record
        product = record.product
        attributes = self.words.say(
            lambda lang: word("typeset_clause_separator", lang).join(
                [
                    word("cert_electrical" if product.electrical else "cert_not_electrical", lang),
                    f"{word('cert_gross', lang)} {answers.show(product.gross_weight_kg)} kg",
                    f"{word('cert_package', lang)} {answers.show(product.length_cm)} x"
                    f" {answers.show(product.width_cm)} x {answers.show(product.height_cm)} cm",
                ]
            )
        )
        zone = record.inspected_at.tzinfo
        left = [
            *[
                (name, text, name)
                for name in ("applicant",)
                if (text := getattr(record, name)) is not None
            ],
            ("product", record.product_name, "product_name"),
            *self.brand_and_model(),
            ("attributes", attributes, "product"),
            *report_rows.sample(self.words, record),
            *report_rows.conditioning(self.words, self.payload.report),
        ]
        right = [
            *report_rows.number(self.payload.report),
            ("site", record.site, "site"),
            ("inspector", record.inspector, "inspector"),
            ("inspected", page_time(record.inspected_at), "inspected_at"),
            ("issued", page_time(self.payload.issued_at.astimezone(zone)), "issued"),
        ]
        return left, right

    def across(self) -> list[tuple[str, str, str]]:
        """The identity's rows across the table: the issuer, the checklists, the digest."""
        tested = "\n".join(
            " · ".join(lines)
            for lines in zip(
                *(self.words.checklist_name(c).split("\n") for c in self.tested_against()),
                strict=True,
            )
        )
        if not report_rows.is_report(self.payload):
            return [
                ("issuer", self.issuer_details(), "site configuration"),
                ("tested", tested, "checklists"),
                ("digest", f"SHA-256 {self.payload.digest}", "digest"),
            ]
        return [
            *report_rows.equipment(self.words, self.payload.report),
            ("issuer", self.issuer_details(), "site configuration"),
            ("tested", tested, "checklists"),
            ("digest", f"SHA-256 {self.payload.record_digest}", "digest"),
        ]

    def tested_against(self) -> list[m.Checklist]:
        """The checklists the record was judged against, in the order the page shows them."""
        found: dict[str, m.Checklist] = {}
        for item in self.result.items:
            checklist = item.checklist.checklist
            found.setdefault(checklist.key, checklist)
        return list(found.values())

    def issuer_details(self) -> str:
        """The issuer with its address and accreditation, as configured, on one line.

        A signed certificate adds, on the next line, whose key signed it and the key's
        fingerprint: in the issuer's cell rather than a row of its own, to keep the fullest
        example on one page.
        """
        issuer = self.payload.site.issuer
        if issuer is None:
            details = self.words.message(msg("cert_not_configured"))
        else:
            parts = (issuer.name, issuer.address, issuer.accreditation)
            details = " · ".join(text for text in parts if text)
        signer = self.payload.signer
        if signer is None:
            return details
        key = grouped_fingerprint(signer.fingerprint)
        return f"{details}\n{self.words.message(msg('cert_signed_by', name=signer.name, key=key))}"

    def brand_and_model(self) -> list[tuple[str, str, str]]:
        """The brand and model rows: one row when the record gives both, none when neither."""
        brand, model = self.record.brand, self.record.model
        if brand is not None and model is not None:
            return [("brand_model", f"{brand} / {model}", "brand")]
        if brand is not None:
            return [("brand", brand, "brand")]
        return [] if model is None else [("model", model, "model")]

    def failures(self) -> list[Flowable]:
        """The failed items, most severe first, each with the action it needs; none for a PASS."""
        words = self.words
        failed = sorted(
            (item for item in self.result.items if item.outcome is Outcome.FAIL),
            key=lambda item: SEVERITY_ORDER[item.item.item.severity],
        )
        if not failed:
            return []
        widths = [15 * mm, 40 * mm, 44 * mm, 32 * mm]
        widths.append(PAGE_WIDTH - sum(widths))
        inner = [width - 2 * TABLE_PADDING for width in widths]
        keys = ("rule", "item", "requirement", "recorded", "action")
        rows: list[list[Any]] = [
            [
                words.cell(words.word(key), room, "head")
                for key, room in zip(keys, inner, strict=True)
            ]
        ]
        for item in failed:
            spec = item.item.item
            where = f"checklist {item.checklist.checklist.key}, item {spec.id}"
            rows.append(
                [
                    words.cell(spec.rule, inner[0], "head"),
                    words.cell(words.text(spec.label or spec.prompt), inner[1], where=where),
                    words.cell(words.requirement(item), inner[2], where=where),
                    words.cell(words.recorded(item), inner[3], where=answer_field(item)),
                    words.cell(words.text(spec.corrective), inner[4], where=where),
                ]
            )
        listed = table(
            rows,
            widths,
            [
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT_RED),
                ("BOX", (0, 0), (-1, -1), 0.8, RED),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, RED),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ],
            repeatRows=1,
        )
        return [
            Spacer(1, 2 * mm),
            words.para(words.word("failed"), "section"),
            Spacer(1, 1 * mm),
            listed,
        ]

    def photos(self, room: float) -> list[Flowable]:
        """The record's photos, two to a line in ``room``, each with its caption beside it.

        A file path is no caption a buyer can read: a photo the record does not caption is
        ``Photo 2``.
        """
        words = self.words
        per_row = 2
        cell = room / per_row
        picture = PHOTO_SIZE + 2 * mm
        cells: list[Any] = []
        named = self.record.photos
        for number, (photo, ref) in enumerate(zip(self.payload.photos, named, strict=True), 1):
            reader = ImageReader(io.BytesIO(photo.jpeg))
            width, height = reader.getSize()
            scale = min(PHOTO_SIZE / width, PHOTO_SIZE / height)
            image = Image(io.BytesIO(photo.jpeg), width * scale, height * scale)
            where = f"photos[{number - 1}].caption"
            caption = ref.caption or words.word("photo", number)
            cells += [
                image,
                words.cell(caption, cell - picture - TABLE_PADDING, "base", where),
            ]
        per_line = 2 * per_row
        rows: list[list[Any]] = [cells[i : i + per_line] for i in range(0, len(cells), per_line)]
        rows[-1] += [""] * (per_line - len(rows[-1]))
        pictures = table(
            rows,
            [picture, cell - picture] * per_row,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ],
        )
        return [words.para(words.word("photos"), "section"), pictures]

    def ending(self) -> Table:
        """Photos; the terms (until when a PASS is valid, what voids it earlier); who signs.

        The signatures stand on the right, beside the photos and the terms.
        """
        photos = self.photos(PAGE_WIDTH * 0.58 - 6 * mm) if self.payload.photos else []
        return self.closing(photos, self.terms())

    def terms(self) -> list[Flowable]:
        """A PASS: its last valid day and what voids it earlier. A FAIL: no listing on it.

        A FAIL is a report of a failure: it has no validity (``verify`` never calls it
        EXPIRED), and says that the product may not be listed on the strength of it.
        """
        words = self.words
        if self.result.verdict is Verdict.FAIL:
            return [
                words.para(words.message(msg("typeset_fail_not_listable")), "refusal"),
                words.para(words.message(msg("typeset_fail_retest"))),
            ]
        months = valid_months(self.tested_against(), self.payload.site)
        until = valid_until(self.record, months).isoformat()
        validity = words.message(msg("cert_valid_until", date=until, months=months))
        return [words.para(validity, "head"), words.para(words.word("void"))]

    def closing(self, photos: list[Flowable], terms: list[Flowable]) -> Table:
        """Photos and terms on the left, a line for each signature on the right.

        A test report prints its standard sentence in the shorter column: beside the photos,
        under the signatures; else under the terms.
        """
        words = self.words
        report = report_rows.is_report(self.payload)
        signers = [("inspector", self.record.inspector, "inspector")]
        if self.payload.site.approver is not None:
            signers.append(("approver", self.payload.site.approver, "site configuration"))
        blocks = [
            [
                words.para(name, "head", where),
                Spacer(1, 8 * mm),
                _Line(),
                words.para(words.word(f"sign_{role}"), "label"),
            ]
            if not report
            else [
                Spacer(1, 8 * mm),
                _Line(),
                words.para(report_rows.signed_as(words, role, name), "head", where),
            ]
            for role, name, where in signers
        ]
        signatures = table(
            [blocks],
            [(PAGE_WIDTH * 0.42 - 6 * mm) / len(blocks)] * len(blocks),
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP" if report else "BOTTOM"),  # lines level
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
            ],
        )
        left = PAGE_WIDTH * 0.58
        signed: list[Flowable] = [signatures]
        if report:
            said = words.para(report_rows.statement(words), "head")
            (signed if photos else terms).extend([Spacer(1, 2 * mm), said])
        cells = [[*photos, Spacer(1, 2 * mm), *terms], signed]
        return table(
            [cells],
            [left, PAGE_WIDTH - left],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 6 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
            ],
        )


def _label(words: Words, key: str) -> str:
    """A row's label: a certificate word (``cert_<key>``), or a test report's (``report_…``)."""
    return words.message(msg(key)) if key.startswith("report_") else words.word(key)


class _Line(Flowable):
    """A line to sign or stamp on: the tool never draws a signature it was not given."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 1

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.black)
        self.canv.setLineWidth(0.5)
        self.canv.line(0, 0.5, self.width, 0.5)
