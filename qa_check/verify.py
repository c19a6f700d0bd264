"""Verifying a certificate: the embedded record must match its digest and render to this file.

A certificate is genuine when rendering its embedded payload gives back exactly its bytes: the
page, the QR code, the printed digest and the attachment all follow from the payload, so an edit
to any of them shows. This proves integrity, not origin: without a signature, anyone with
qa-check can issue a certificate for a record they made up.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from qa_check.certificate import ATTACHMENT_NAME, GENERATOR, read_payload
from qa_check.errors import CertificateError, Location, Problem, QaCheckError
from qa_check.pdf import render


class Status(StrEnum):
    """VALID: the file is what its record renders to. TAMPERED: something was changed."""

    VALID = "VALID"
    TAMPERED = "TAMPERED"


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome for one certificate file, with the reasons when it is TAMPERED."""

    status: Status
    file: str
    certificate_id: str = ""
    sku: str = ""
    verdict: str = ""
    reasons: tuple[str, ...] = ()


def verify(path: Path) -> Verification:
    """Check one certificate file.

    Raises CertificateError when the file is no qa-check certificate at all (not a PDF, no
    embedded record) or was issued by another qa-check version, which renders differently.
    """
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CertificateError([Problem(Location(where), f"cannot read: {exc.strerror}")]) from None
    attachment = _attachment(data, where)
    try:
        payload, claimed = read_payload(attachment, where)
    except CertificateError as exc:
        return Verification(Status.TAMPERED, where, reasons=(exc.problems[0].message,))
    if payload.generator != GENERATOR:
        raise CertificateError(
            [
                Problem(
                    Location(where),
                    f"issued by {payload.generator}; this is {GENERATOR}, which renders"
                    " differently: verify it with the version that issued it",
                )
            ]
        )
    tampered = Verification(
        Status.TAMPERED, where, payload.certificate_id, str(payload.record.get("sku", ""))
    )
    if claimed != payload.digest:
        reason = (
            "the embedded record was changed: its digest is"
            f" {payload.digest[:16]}…, the certificate says {claimed[:16]}…"
        )
        return replace(tampered, reasons=(reason,))
    try:
        expected = render(payload, Location(where, field=ATTACHMENT_NAME))
    except QaCheckError as exc:
        reason = f"the embedded record does not render: {exc.problems[0]}"
        return replace(tampered, reasons=(reason,))
    if expected.pdf != data:
        reason = "the page is not what its embedded record renders to: it was edited after issue"
        return replace(tampered, reasons=(reason,))
    return replace(tampered, status=Status.VALID, verdict=expected.result.verdict.value)


def _attachment(data: bytes, where: str) -> bytes:
    """The embedded record; CertificateError when the file is not a qa-check certificate."""
    if not data.startswith(b"%PDF-"):
        raise CertificateError([Problem(Location(where), "not a PDF file")])
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # repairs are the tampered case's job
    try:
        attachments = PdfReader(io.BytesIO(data)).attachments
        found = attachments.get(ATTACHMENT_NAME)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise CertificateError([Problem(Location(where), f"unreadable PDF: {exc}")]) from None
    if not found:
        raise CertificateError(
            [Problem(Location(where), f"not a qa-check certificate: no {ATTACHMENT_NAME} inside")]
        )
    return found[-1]
