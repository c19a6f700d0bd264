"""Verifying a certificate: the embedded record must match its digest and render to this file.

A certificate is genuine when rendering its embedded payload gives back exactly its bytes: the
page, the QR code, the printed digest and the attachment all follow from the payload, so an edit
to any of them shows. This proves integrity, not origin: without a signature, anyone with
qa-check can issue a certificate for a record they made up.

A certificate file comes from anyone, so it is read as hostile: at most MAX_CERTIFICATE_BYTES
of a regular file, and whatever its embedded payload holds ends as a reason, never a crash.
"""

from __future__ import annotations

import io
import json
import logging
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pypdf import PdfReader

from qa_check.certificate import (
    ATTACHMENT_NAME,
    OtherVersion,
    expired,
    page_time,
    read_payload,
    valid_months,
    valid_until,
)
from qa_check.checklists import ABSENT, CompiledChecklist, Registry, content_hash, differences
from qa_check.errors import CertificateError, Location, Problem, QaCheckError
from qa_check.i18n import Message, msg, printable
from qa_check.pdf import render
from qa_check.safe_yaml import cannot_read
from qa_check.summary import FORMAT_ID as SUMMARY_FORMAT_ID
from qa_check.validate import SkuResult

MAX_CERTIFICATE_BYTES = 32 * 1024 * 1024
"""A certificate larger than this is refused unread: one page with thumbnails is far smaller."""
MAX_REASONS = 5
"""Reasons listed for one certificate; a crafted record can have thousands."""
MAX_CHANGES = 3
"""Differences named per changed checklist: enough to see what changed, short enough to read."""


class Status(StrEnum):
    """The outcome for a certificate file.

    VALID: the file is what its record renders to. TAMPERED: something was changed. STALE:
    genuine, but judged against a checklist whose installed copy (same id@version) now says
    something else. EXPIRED: genuine, but past its last valid day.
    """

    VALID = "VALID"
    TAMPERED = "TAMPERED"
    EXPIRED = "EXPIRED"
    STALE = "STALE"


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome for one certificate file, with the reasons when it is not VALID."""

    status: Status
    file: str
    certificate_id: str = ""
    sku: str = ""
    verdict: str = ""
    reasons: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The outcome as ``verify`` prints it; every value is made printable.

        A SKU or a reason comes from the file: a newline in it must not print a line of its own
        (a forged ``VALID`` under a TAMPERED one).
        """
        shown = [self.file, self.certificate_id, self.sku, self.verdict]
        head = "  ".join(printable(value) for value in shown if value)
        return [f"{self.status.value:<10}{head}"] + [f"    ! {printable(r)}" for r in self.reasons]


def verify(
    path: Path, installed: Registry | None = None, at: datetime | None = None
) -> Verification:
    """Check one certificate file, and compare its checklists with ``installed`` ones.

    A genuine certificate whose last valid day ended before ``at`` (default: now) is EXPIRED.

    Raises CertificateError when the file is no qa-check certificate at all (not a regular
    file, too large, not a PDF, no embedded record) or was issued by another qa-check version,
    which renders differently.
    """
    where = str(path)
    data = read_certificate(path)
    moment = at or now()
    found = _examine(data, embedded_record(data, where), where, installed, moment)
    if isinstance(found, Problem):
        raise CertificateError([found])
    return found


def now() -> datetime:
    """The time validity is judged at when ``--at`` does not say."""
    return datetime.now(UTC)


def read_certificate(path: Path) -> bytes:
    """The bytes of a certificate file, read bounded.

    Opened without blocking and checked before reading, so that a FIFO or a device such as
    /dev/zero is refused instead of read forever; at most one byte over the limit is read, to
    tell a file that is too large.
    """
    where = Location(str(path))
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise CertificateError([Problem(where, cannot_read(exc))]) from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise CertificateError([Problem(where, msg("cert_not_regular"))])
        with os.fdopen(handle, "rb", closefd=False) as file:
            data = file.read(MAX_CERTIFICATE_BYTES + 1)
    except OSError as exc:
        raise CertificateError([Problem(where, cannot_read(exc))]) from None
    finally:
        os.close(handle)
    if len(data) > MAX_CERTIFICATE_BYTES:
        raise CertificateError([Problem(where, msg("cert_too_large", limit=MAX_CERTIFICATE_BYTES))])
    return data


def _examine(
    data: bytes, attachment: bytes, where: str, installed: Registry | None, moment: datetime
) -> Verification | Problem:
    """The one error boundary: whatever the embedded payload holds ends as a TAMPERED reason.

    ``read_payload`` checks the payload's shape, but judging and drawing were written for
    records people type, not for data made to break them: anything they raise on an embedded
    payload means it is not what qa-check wrote. A certificate of another qa-check version
    comes back as a Problem: it is not judged at all.
    """
    found = Verification(Status.TAMPERED, where)
    try:
        payload, claimed = read_payload(attachment, where)
        sku = payload.record.get("sku", "")
        found = replace(found, certificate_id=payload.certificate_id, sku=str(sku))
        if claimed != payload.digest:
            changed = msg("cert_digest_changed", actual=payload.digest[:16], claimed=claimed[:16])
            return replace(found, reasons=(changed,))
        expected = render(payload, Location(where, field=ATTACHMENT_NAME))
        if expected.pdf != data:
            return replace(found, reasons=(msg("cert_page_edited"),))
        found = replace(found, status=Status.VALID, verdict=expected.result.verdict.value)
        judged = {item.checklist.checklist.key: item.checklist for item in expected.result.items}
        stale = _stale(judged.values(), installed) if installed is not None else ()
        if stale:
            found = replace(found, status=Status.STALE, reasons=stale)
        months = valid_months([c.checklist for c in judged.values()], payload.site)
        late = _expired(expected.result, months, moment)
        if late is not None:
            found = replace(found, status=Status.EXPIRED, reasons=(late, *found.reasons))
        return found
    except OtherVersion as exc:
        return exc.problems[0]
    except QaCheckError as exc:
        return replace(found, reasons=_reasons(exc.problems))
    except Exception as exc:  # the boundary: a crafted payload is TAMPERED, never a traceback
        error = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return replace(found, reasons=(msg("cert_unrenderable", error=error),))


def _expired(result: SkuResult, months: int, moment: datetime) -> Message | None:
    """Why a genuine certificate, valid ``months``, is past its last valid day at ``moment``."""
    record = result.record
    if record is None:
        return None
    until = valid_until(record, months)
    if not expired(record, until, moment):
        return None
    return msg("cert_expired", date=until.isoformat(), at=page_time(moment, utc=True))


def _reasons(problems: list[Problem]) -> tuple[str, ...]:
    """The first few problems, located, and how many more there are."""
    shown = [problem.show() for problem in problems[:MAX_REASONS]]
    if len(problems) > MAX_REASONS:
        shown.append(msg("cert_more_reasons", n=len(problems) - MAX_REASONS))
    return tuple(shown)


def _stale(judged: Iterable[CompiledChecklist], installed: Registry) -> tuple[Message, ...]:
    """A reason for each checklist installed as the same id@version with other content.

    A checklist that is not installed is no reason: the certificate carries what it was judged
    against, and another site need not have it.
    """
    reasons: list[Message] = []
    for embedded in judged:
        current = installed.get(embedded.checklist.id, embedded.checklist.version)
        if current is None or content_hash(current.data) == content_hash(embedded.data):
            continue
        changes = [
            msg("cert_stale_change", path=path, ours=_shown(ours), theirs=_shown(theirs))
            for path, ours, theirs in differences(embedded.data, current.data)
        ]
        if len(changes) > MAX_CHANGES:
            changes[MAX_CHANGES:] = [msg("cert_stale_more", n=len(changes) - MAX_CHANGES)]
        listed = Message("; ".join(changes), "；".join(change.zh for change in changes))
        key = embedded.checklist.key
        reasons.append(msg("cert_stale", key=key, file=current.source, changes=listed))
    return tuple(reasons)


def _shown(value: object) -> str | Message:
    """A checklist value in a message: text as it is, anything else as short JSON."""
    if value is ABSENT:
        return msg("cert_absent")
    if isinstance(value, str):
        return value
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= 60 else text[:59] + "…"


def embedded_record(data: bytes, where: str) -> bytes:
    """The embedded record; CertificateError when the file is not a qa-check certificate."""
    here = Location(where)
    if not data.startswith(b"%PDF-"):
        raise CertificateError([Problem(here, msg("cert_not_pdf"))])
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # repairs are the tampered case's job
    try:
        reader = PdfReader(io.BytesIO(data))
        found = reader.attachments.get(ATTACHMENT_NAME)
    except Exception as exc:  # pypdf raises many kinds on a crafted PDF; each means unreadable
        detail = f"{type(exc).__name__}: {exc}"[:200]
        raise CertificateError([Problem(here, msg("cert_unreadable_pdf", detail=detail))]) from None
    if not found:
        if _is_summary(reader):
            raise BatchSummary([Problem(here, msg("cert_is_summary"))])
        raise CertificateError([Problem(here, msg("cert_no_record", name=ATTACHMENT_NAME))])
    return found[-1]


class BatchSummary(CertificateError):
    """The file is the summary.pdf certify writes beside the certificates: nothing to verify.

    ``verify reports/*.pdf`` names it with the certificates; it is passed over, not an error.
    """


def _is_summary(reader: PdfReader) -> bool:
    try:
        metadata = reader.metadata
    except Exception:  # unreadable: then it is no summary qa-check wrote either
        return False
    return metadata is not None and metadata.subject == SUMMARY_FORMAT_ID
