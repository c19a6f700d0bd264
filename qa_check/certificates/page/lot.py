"""A lot certificate's page: the sampling plan, the defects per class, the destructive tests.

Built from the SKU certificate's blocks (its header and footer, words, tables, PDF document),
with the lot's own title and an ACCEPT or REJECT badge. Like the SKU page it draws what it is
given, the payload and the lot's judgement, and judges nothing.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from qa_check.certificates.page import document, fonts
from qa_check.certificates.page.frame import (
    BADGE_HEIGHT,
    BADGE_WIDTH,
    VERDICT_FORM,
    PageFrame,
    _utf16_hex,
)
from qa_check.certificates.page.results import CELL_PADDINGS, results
from qa_check.certificates.page.style import (
    GREEN,
    LIGHT_RED,
    PAGE_LANGUAGES,
    PAGE_WIDTH,
    RED,
    RULE_LINE,
    SIDE,
    styles,
)
from qa_check.certificates.page.words import Plain, Words, one_line, table
from qa_check.certificates.payload import Payload, grouped_fingerprint
from qa_check.certificates.validity import page_time
from qa_check.core.errors import Location
from qa_check.core.messages import Message, msg, word
from qa_check.engine.judge import SkuResult
from qa_check.engine.lots import ClassCount, LotOutcome

PLAN_COLUMNS = (
    28 * mm,
    16 * mm,
    22 * mm,
    20 * mm,
    14 * mm,
    14 * mm,
    22 * mm,
    PAGE_WIDTH - 136 * mm,
)
"""Class, AQL, code letter, sample, Ac, Re, defects found, decision."""
DEFECT_COLUMNS = (24 * mm, 24 * mm, 42 * mm, PAGE_WIDTH - 108 * mm, 18 * mm)
"""Class, unit, checklist, item, rule."""


def decision_key(result: SkuResult) -> str:
    """The catalogue key of the word a page's badge says for ``result``: ACCEPT/REJECT for a lot."""
    if result.lot is not None:
        return "lot_accept" if result.lot.accepted else "lot_reject"
    return f"cert_{result.verdict.value}"


def draw_lot_page(payload: Payload, result: SkuResult, origin: Location) -> bytes:
    """The certificate PDF of a lot's ``payload``, showing ``result``, its ACCEPT or REJECT.

    Raises CertificateError, located under ``origin``, when it cannot be drawn: characters the
    font lacks, a SKU Code 128 cannot carry.
    """
    fonts.register()
    lot = result.lot
    assert lot is not None  # a lot judged ACCEPT or REJECT
    langs = PAGE_LANGUAGES[payload.lang]
    words = Words(langs, styles(len(langs) > 1, GREEN if lot.accepted else RED))
    frame = LotFrame(words, payload, result, origin)
    story = LotBody(words, payload, result, lot).story()
    words.refuse_missing(origin)
    return document.pdf(
        story,
        frame.draw,
        payload,
        title=f"{word('lotcert_title', langs[0])}: {result.sku} {lot.lot} {lot.decision}",
        author=str(payload.record.get("inspector", "")),
        subject=result.product_name or "",
        lang="zh-CN" if langs == ("zh",) else "en",
    )


class LotFrame(PageFrame):
    """The SKU page's header and footer, titled for a lot, its badge saying ACCEPT or REJECT."""

    def page_heading(self, sku: str, room: float) -> list[Paragraph | Plain]:
        """The header's left column: the lot certificate's title, the issuer, the SKU and lot."""
        words = self.words
        title = words.say(lambda lang: word("lotcert_title", lang))
        lot = self.result.lot
        named = f"{one_line(words.word('sku'))} {sku}"
        if lot is not None:
            named += f"  ·  {one_line(_say(words, 'lotcert_lot'))} {lot.lot}"
        return [
            words.cell(one_line(title, "  "), room, "title"),
            words.cell(self.issued_by(), room, "label", "site configuration"),  # the header grows
            words.cell(named, room, "sku", "lot"),
        ]

    def draw_badge(self, canvas: Any, top: float) -> None:
        """The badge, as the form VERDICT_FORM: ACCEPT or REJECT in the page's last language."""
        left = A4[0] - SIDE - BADGE_WIDTH
        lot = self.result.lot
        accepted = lot is not None and lot.accepted
        canvas.beginForm(VERDICT_FORM)
        canvas.setFillColor(GREEN if accepted else RED)
        canvas.rect(left, top - BADGE_HEIGHT, BADGE_WIDTH, BADGE_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        said = word(decision_key(self.result), self.words.langs[-1])
        canvas.setFont(fonts.BOLD, 20)
        canvas.addLiteral(f"/Span <</ActualText <{_utf16_hex(said)}>>> BDC")
        canvas.drawCentredString(left + BADGE_WIDTH / 2, top - BADGE_HEIGHT + 4.6 * mm, said)
        canvas.addLiteral("EMC")
        canvas.endForm()


class LotBody:
    """The body of a lot's page: conclusion, identity, plan, defects, tests, issue."""

    def __init__(self, words: Words, payload: Payload, result: SkuResult, lot: LotOutcome) -> None:
        self.words = words
        self.payload = payload
        self.result = result
        self.lot = lot

    def story(self) -> list[Flowable]:
        """Everything under the header, in order, for the page template to flow."""
        words = self.words
        return [
            words.para(self.conclusion(), "conclusion"),
            Spacer(1, 2 * mm),
            self.identity(),
            words.para(_say(words, "lotcert_plan"), "section"),
            self.plan(),
            words.para(
                words.message(msg("lot_plan_source", sources="; ".join(self.lot.plan.sources))),
                "label",
            ),
            words.para(_say(words, "lotcert_defects"), "section"),
            *self.defects(),
            words.para(_say(words, "lotcert_tests"), "section"),
            *self.tests(),
        ]

    def conclusion(self) -> str:
        """One sentence under the badge: the decision, and what decided a rejection."""
        lot, words = self.lot, self.words
        size = lot.plan.lot_size
        if lot.accepted:
            said = msg("lotcert_accepted", lot=lot.lot, size=size, inspected=lot.inspected)
            return words.message(said)
        why = [
            msg(
                "lotcert_why_class",
                found=count.found,
                name=msg(f"lot_{name}"),
                reject=count.plan.reject,
            )
            for count in lot.classes
            if not count.accepted
            for name in (count.plan.defect_class,)
        ]
        if lot.tests is not None and lot.tests.verdict.value == "FAIL":
            why.append(msg("lotcert_why_tests"))
        joined = Message("; ".join(why), "；".join(part.zh for part in why))
        return words.message(msg("lotcert_rejected", lot=lot.lot, size=size, why=joined))

    def identity(self) -> Table:
        """Who and what: the SKU and product, the lot and its plan, where, when and by whom."""
        words, record, plan = self.words, self.payload.record, self.lot.plan
        issued = self.payload.issued_at
        inspected = self.lot.inspected_at
        zone = inspected.tzinfo if inspected is not None else None
        severity = _say(words, f"lot_{plan.severity.value}")
        rows = [
            (words.word("product"), str(record.get("product_name", "")), "product_name"),
            (words.word("site"), str(record.get("site", "")), "site"),
            (_say(words, "lotcert_lot_size"), f"{plan.lot_size:,}", "lot_size"),
            (words.word("inspector"), str(record.get("inspector", "")), "inspector"),
            (_say(words, "lotcert_level"), f"{plan.level.value} · {severity}", "level"),
            (words.word("inspected"), page_time(inspected) if inspected else "", "inspected_at"),
            (_say(words, "lotcert_letter"), f"{plan.letter} · {plan.units:,}", "plan"),
            (words.word("issued"), page_time(issued.astimezone(zone)), "issued"),
        ]
        across = [
            (words.word("issuer"), self.issuer(), "site configuration"),
            (words.word("digest"), f"SHA-256 {self.payload.digest}", "digest"),
        ]
        label = 26 * mm
        wide = PAGE_WIDTH / 2 - label
        cells: list[list[Any]] = []
        for left, right in zip(rows[::2], rows[1::2], strict=True):
            cells.append([*self._pair(left, label, wide), *self._pair(right, label, wide)])
        for key, value, where in across:
            cells.append([*self._pair((key, value, where), label, PAGE_WIDTH - label), "", ""])
        spans = [
            ("SPAN", (1, row), (3, row)) for row in range(len(cells) - len(across), len(cells))
        ]
        return table(
            cells,
            [label, wide, label, wide],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE_LINE),
                *spans,
            ],
        )

    def _pair(self, cell: tuple[str, str, str], label: float, wide: float) -> list[Any]:
        key, value, where = cell
        words = self.words
        return [words.cell(key, label - 3, "label"), words.cell(value, wide - 3, "base", where)]

    def issuer(self) -> str:
        """The issuer as configured, and whose key signs, when signed."""
        issuer = self.payload.site.issuer
        if issuer is None:
            details = self.words.message(msg("cert_not_configured"))
        else:
            details = " · ".join(
                t for t in (issuer.name, issuer.address, issuer.accreditation) if t
            )
        signer = self.payload.signer
        if signer is None:
            return details
        key = grouped_fingerprint(signer.fingerprint)
        return f"{details}\n{self.words.message(msg('cert_signed_by', name=signer.name, key=key))}"

    def plan(self) -> Table:
        """Each class: its AQL, the plan its cell leads to, the defects found, the decision."""
        words = self.words
        keys = ("class", "aql", "letter", "sample", "ac", "re", "found", "decision")
        rows: list[list[Any]] = [
            [
                words.cell(_say(words, f"lotcert_col_{key}"), width - 4, "head")
                for key, width in zip(keys, PLAN_COLUMNS, strict=True)
            ]
        ]
        marks: list[tuple[Any, ...]] = []
        for number, count in enumerate(self.lot.classes, start=1):
            plan = count.plan
            decision = _say(words, "lot_accept" if count.accepted else "lot_reject")
            values = (
                _say(words, f"lot_{plan.defect_class}"),
                str(plan.aql),
                plan.letter,
                f"{plan.sample:,}",
                str(plan.accept),
                str(plan.reject),
                str(count.found),
                decision,
            )
            rows.append([words.cell(v, w - 4) for v, w in zip(values, PLAN_COLUMNS, strict=True)])
            if not count.accepted:
                marks.append(("BACKGROUND", (0, number), (-1, number), LIGHT_RED))
        return table(rows, PLAN_COLUMNS, [*_GRID, *marks], repeatRows=1)

    def defects(self) -> list[Flowable]:
        """Every defect counted, by class, with the unit and the item behind it."""
        words = self.words
        rows: list[list[Any]] = []
        for count in self.lot.classes:
            rows += self._defect_rows(count)
        if not rows:
            return [words.para(_say(words, "lotcert_no_defects"))]
        keys = ("class", "unit", "checklist", "item", "rule")
        head = [
            words.cell(_say(words, f"lotcert_col_{key}"), width - 4, "head")
            for key, width in zip(keys, DEFECT_COLUMNS, strict=True)
        ]
        return [table([head, *rows], DEFECT_COLUMNS, _GRID, repeatRows=1)]

    def _defect_rows(self, count: ClassCount) -> list[list[Any]]:
        words = self.words
        name = _say(words, f"lot_{count.plan.defect_class}")
        labels = self._labels()
        rows = []
        for defect in count.defects:
            unit = (
                str(defect.unit)
                if defect.unit is not None
                else words.message(msg("lotcert_not_noted", count=defect.count))
            )
            item = labels.get((defect.checklist, defect.item), defect.item)
            values = (name, unit, defect.checklist, item, defect.rule)
            rows.append(
                [
                    words.cell(v, w - 4, where="lot")
                    for v, w in zip(values, DEFECT_COLUMNS, strict=True)
                ]
            )
        return rows

    def _labels(self) -> dict[tuple[str, str], str]:
        """Each item's name on certificates (its label, else its prompt), by checklist and id."""
        found: dict[tuple[str, str], str] = {}
        for checklist in self.payload.checklists:
            for item in checklist.get("items", []):
                text: dict[str, str] = item.get("label") or item.get("prompt") or {}
                key = str(checklist.get("id")), str(item.get("id"))
                found[key] = "\n".join(
                    dict.fromkeys(text.get(lang, "") for lang in self.words.langs)
                )
        return found

    def tests(self) -> list[Flowable]:
        """The destructive tests: on how many units, their verdict, and every item's result."""
        words, tests = self.words, self.lot.tests
        if tests is None:
            return [words.para(_say(words, "lotcert_no_tests"))]
        verdict = msg(f"cert_{tests.verdict.value}")
        said = words.message(msg("lot_tests_line", units=self.lot.test_units, verdict=verdict))
        nothing_closes = Spacer(1, 0)  # the lot page closes after its own tables
        return [words.para(said), Spacer(1, 1 * mm), results(words, tests, nothing_closes)]


_GRID: list[tuple[Any, ...]] = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
    ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE_LINE),
    *CELL_PADDINGS,
]
"""The look of the plan's and the defects' tables: the results table's."""


def _say(words: Words, key: str) -> str:
    """A catalogue word in the page's languages."""
    return words.say(lambda lang: word(key, lang))
