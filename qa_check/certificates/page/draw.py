"""A certificate's page, drawn from its payload and the judgement the payload gives.

One A4 page per SKU, more when the body needs them: every page has the same header and footer
(``frame``) around the body (``body``, ``results``), in the page's languages (``words``), and
the first files the payload (``document``). The page draws what it is given and judges
nothing: the same payload and judgement give the same bytes, which ``verify`` relies on.
"""

from __future__ import annotations

from qa_check.certificates.page import document, fonts
from qa_check.certificates.page.body import Body
from qa_check.certificates.page.frame import PageFrame
from qa_check.certificates.page.style import GREEN, PAGE_LANGUAGES, RED, styles
from qa_check.certificates.page.words import Words
from qa_check.certificates.payload import Payload
from qa_check.core.errors import Location
from qa_check.core.messages import word
from qa_check.engine.judge import SkuResult, Verdict


def draw_page(payload: Payload, result: SkuResult, origin: Location) -> bytes:
    """The certificate PDF of ``payload``, showing ``result`` (PASS or FAIL): its judgement.

    Raises CertificateError, located under ``origin``, when it cannot be drawn: characters the
    font lacks, a SKU Code 128 cannot carry.
    """
    fonts.register()
    record = result.record
    assert record is not None  # judged PASS or FAIL
    langs = PAGE_LANGUAGES[payload.lang]
    verdict = GREEN if result.verdict is Verdict.PASS else RED
    words = Words(langs, styles(len(langs) > 1, verdict))
    frame = PageFrame(words, payload, result, origin)
    story = Body(words, payload, result).story()
    words.refuse_missing(origin)
    return document.pdf(
        story,
        frame.draw,
        payload,
        title=f"{word('cert_title', langs[0])}: {record.sku} {result.verdict.value}",
        author=record.inspector,
        subject=record.product_name,
        lang="zh-CN" if langs == ("zh",) else "en",
        header=frame.height,
    )
