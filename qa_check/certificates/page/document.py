"""PDF plumbing: the document and its page template, "page n of m", the issue date, the attachment.

Rendering is deterministic: reportlab's invariant mode, the dates set to the issue time, and the
payload embedded as a file attachment that ``verify`` reads back.
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from qa_check.certificates.page import fonts
from qa_check.certificates.page.style import FOOTER, HEADER, MARGIN, PAGE_WIDTH, SIDE
from qa_check.certificates.payload import ATTACHMENT_NAME, Payload

Decorate = Callable[[Canvas, int, int], None]
"""Draws page n of m's header and footer on a canvas."""


def pdf(
    story: list[Flowable],
    decorate: Decorate,
    payload: Payload,
    *,
    title: str,
    author: str,
    subject: str,
    lang: str,
    header: float = HEADER,
) -> bytes:
    """The PDF of ``story`` flowed over A4 pages, each decorated; the first files the payload.

    ``header`` is the height ``decorate`` draws the header in, above the body.
    """

    def around(canvas: Canvas, number: int, total: int) -> None:
        decorate(canvas, number, total)
        if number == 1:
            _stamp(canvas, payload.issued_at)
            _attach(canvas, ATTACHMENT_NAME, payload.to_json())

    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=SIDE,
        rightMargin=SIDE,
        topMargin=MARGIN + header,
        bottomMargin=MARGIN + FOOTER,
        title=title,
        author=author,
        subject=subject,
        creator=payload.generator,
        producer=payload.generator,
        invariant=True,
        initialFontName=fonts.REGULAR,
        lang=lang,
    )
    body = Frame(
        SIDE,
        MARGIN + FOOTER,
        PAGE_WIDTH,
        A4[1] - 2 * MARGIN - header - FOOTER,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    document.addPageTemplates([PageTemplate("page", [body])])
    document.build(story, canvasmaker=partial(NumberedCanvas, around))
    return buffer.getvalue()


class NumberedCanvas(Canvas):
    """A canvas that keeps its pages until the end, to draw "page n of m" on each.

    reportlab knows the page count only once the body has flowed; each page's drawing is held
    and its header and footer drawn at ``save``. The certificate and the summary both use it.
    """

    def __init__(self, decorate: Decorate, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self._decorate = decorate
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        """Hold the page's drawing; it is drawn at ``save``, once the count is known."""
        self._held.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        """Draw every held page with its header and footer, then write the file."""
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            super().showPage()
        super().save()


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
