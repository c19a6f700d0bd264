"""Verifying a certificate: its signature, its embedded record, its page, and whether it holds.

In the order a reader needs them: a signed certificate's PDF signature must be intact and cover
the whole file, and its signer must chain to a trusted certificate (``--trust``, or the key
folder's CA); then the embedded record must match its digest, and the page must show what the
record says. An unsigned certificate proves integrity only, by rendering its record again and
comparing byte for byte: anyone with qa-check can issue one for a record they made up, and a
reportlab upgrade draws other bytes. A signed one proves who issued it and that nobody changed
it since, so it stays VALID when the renderer changes: then its page is read instead, for the
verdict the record gives.

A certificate file comes from anyone, so it is read as hostile: at most MAX_CERTIFICATE_BYTES
of a regular file, and whatever its embedded payload or signature holds ends as a reason, never
a crash.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pypdf import PdfReader
from pypdf.generic import (
    ContentStream,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
)

from qa_check.certificates.formats import FORMAT_ID, FORMATS
from qa_check.certificates.lot_payload import read_any_payload
from qa_check.certificates.page.frame import VERDICT_FORM
from qa_check.certificates.page.lot import decision_key
from qa_check.certificates.payload import (
    ATTACHMENT_NAME,
    GENERATOR,
    OtherVersion,
    Payload,
    SignedBy,
)
from qa_check.certificates.render import judged, render
from qa_check.certificates.signing.trust import Signature, Trust, read_signature
from qa_check.certificates.validity import (
    expired,
    has_validity,
    page_time,
    valid_months,
    valid_until,
)
from qa_check.core.errors import CertificateError, Location, Problem, QaCheckError
from qa_check.core.formats import SUMMARY_FORMAT_ID
from qa_check.core.lookalike import where_differ
from qa_check.core.messages import LANGUAGES, Message, in_lang, msg, printable, word
from qa_check.engine.checklists import (
    ABSENT,
    CompiledChecklist,
    Registry,
    content_hash,
    differences,
)
from qa_check.engine.judge import SkuResult
from qa_check.files.fileio import NotRegularFile, read_regular
from qa_check.files.safe_yaml import cannot_read

if TYPE_CHECKING:
    from qa_check.certificates.register import Register
    from qa_check.certificates.signing.revocations import Withdrawn

MAX_CERTIFICATE_BYTES = 32 * 1024 * 1024
"""A certificate larger than this is refused unread: one page with thumbnails is far smaller."""
MAX_REASONS = 5
"""Reasons listed for one certificate; a crafted record can have thousands."""
MAX_CHANGES = 3
"""Differences named per changed checklist: enough to see what changed, short enough to read."""


class Status(StrEnum):
    """The outcome for a certificate file; VALID and UNSIGNED pass, unless a signature is required.

    VALID: signed by a trusted key, unchanged since, its page showing its record. UNSIGNED: no
    signature, and the file is exactly what its record renders to. TAMPERED: something was
    changed. UNTRUSTED: signed, but by a key no trusted certificate vouches for (or one that
    expired, or was withdrawn before it signed). REVOKED: the register or a revocation list
    says it was withdrawn. STALE: genuine, but a newer one was issued for the SKU, or it was
    judged against a checklist whose installed copy (same id@version) now says something
    else. EXPIRED: genuine, but past its last valid day.
    """

    VALID = "VALID"
    UNSIGNED = "UNSIGNED"
    TAMPERED = "TAMPERED"
    UNTRUSTED = "UNTRUSTED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    STALE = "STALE"


PASSING = frozenset({Status.VALID, Status.UNSIGNED})
_UNREGISTERED = frozenset({Status.TAMPERED, Status.UNTRUSTED, Status.REVOKED})
"""Statuses the register has nothing to add to (REVOKED: a revocation list said it first)."""
"""The statuses ``verify`` exits 0 for; ``--require-signature`` makes UNSIGNED a reason."""


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome for one certificate file, with the reasons when it is not VALID."""

    status: Status
    file: str
    certificate_id: str = ""
    sku: str = ""
    verdict: str = ""
    reasons: tuple[str, ...] = ()
    signer: str = ""
    """Who signed it, as their certificate names them; empty when unsigned."""
    fingerprint: str = ""
    """The SHA-256 of the signing certificate, 64 upper-case hex digits; empty when unsigned."""
    notes: tuple[str, ...] = ()
    """What was checked where it is less than every byte (an older version's page): no failure."""

    @property
    def passed(self) -> bool:
        """True for the statuses ``verify`` exits 0 for."""
        return self.status in PASSING and not self.reasons

    def lines(self, lang: str = "en") -> list[str]:
        """The outcome as ``verify`` prints it, its notes and reasons in ``lang``; all printable.

        A SKU or a reason comes from the file: a newline in it must not print a line of its own
        (a forged ``VALID`` under a TAMPERED one).
        """
        shown = [self.file, self.certificate_id, self.sku, self.verdict]
        head = "  ".join(printable(value) for value in shown if value)
        lines = [f"{self.status.value:<10}{head}"]
        if self.signer:
            signed = msg("cert_signed_line", name=self.signer, key=self.fingerprint[:16])
            lines.append(f"    {printable(in_lang(signed, lang))}")
        lines += [f"    {printable(in_lang(note, lang))}" for note in self.notes]
        return lines + [f"    ! {printable(in_lang(r, lang))}" for r in self.reasons]


def verify(
    path: Path,
    installed: Registry | None = None,
    at: datetime | None = None,
    *,
    trust: Trust | None = None,
    require_signature: bool = False,
    register: Register | None = None,
    withdrawn: Withdrawn | None = None,
) -> Verification:
    """Check one certificate file; compare its checklists with ``installed`` ones.

    A signature is checked against ``trust`` (none: no signer is trusted). A genuine certificate
    whose last valid day ended before ``at`` (default: now) is EXPIRED; ``register`` says
    whether it was revoked or superseded; ``withdrawn``, what revocation lists (and the register's
    withdrawn signing certificates) say.

    Raises CertificateError when the file is no qa-check certificate at all (not a regular
    file, too large, not a PDF, no embedded record) or is of a format this version does not
    read (before 0.2.0, or newer than it).
    """
    where = str(path)
    data = read_certificate(path)
    moment = at or now()
    reader, attachment = _opened(data, where)
    signature = read_signature(data, trust or Trust(()), moment)
    found = _examine(
        _File(data, reader), attachment, where, signature, installed=installed, moment=moment
    )
    if isinstance(found, Problem):
        raise CertificateError([found])
    if found.status is Status.UNSIGNED and require_signature:
        found = replace(found, reasons=(msg("cert_signature_required"), *found.reasons))
    if withdrawn is not None and found.status is not Status.TAMPERED:
        found = _withdrawn(found, withdrawn, signature)
    if register is not None and found.status not in _UNREGISTERED:
        found = _registered(found, register)
    return found


def _withdrawn(
    found: Verification, withdrawn: Withdrawn, signature: Signature | None
) -> Verification:
    """UNTRUSTED when its signer was withdrawn before it signed; REVOKED when a list names it."""
    key = withdrawn.signer(signature.fingerprint, signature.signed_at) if signature else None
    if key is not None and key.untrusted:
        return replace(found, status=Status.UNTRUSTED, reasons=(key.message, *found.reasons))
    if key is not None:
        found = replace(found, notes=(*found.notes, key.message))
    listed = withdrawn.certificate(found.certificate_id) if found.certificate_id else None
    if listed is None or found.status is Status.UNTRUSTED:
        return found
    return replace(found, status=Status.REVOKED, reasons=(listed, *found.reasons))


def now() -> datetime:
    """The time validity is judged at when ``--at`` does not say."""
    return datetime.now(UTC)


def read_certificate(path: Path) -> bytes:
    """The bytes of a certificate file, read bounded.

    Read by ``read_regular``: a FIFO or a device such as /dev/zero is refused instead of read
    forever, and a symbolic link is not followed; at most one byte over the limit is read, to
    tell a file that is too large.
    """
    where = Location(str(path))
    try:
        data = read_regular(path, MAX_CERTIFICATE_BYTES)
    except (NotRegularFile, IsADirectoryError):
        raise CertificateError([Problem(where, msg("cert_not_regular"))]) from None
    except OSError as exc:
        raise CertificateError([Problem(where, cannot_read(exc))]) from None
    if len(data) > MAX_CERTIFICATE_BYTES:
        raise CertificateError([Problem(where, msg("cert_too_large", limit=MAX_CERTIFICATE_BYTES))])
    return data


class _File(NamedTuple):
    """A certificate file's bytes, and the PDF they read as."""

    data: bytes
    reader: PdfReader


def _examine(
    file: _File,
    attachment: bytes,
    where: str,
    signature: Signature | None,
    *,
    installed: Registry | None,
    moment: datetime,
) -> Verification | Problem:
    """The one error boundary: whatever the embedded payload holds ends as a TAMPERED reason.

    ``read_payload`` checks the payload's shape, but judging and drawing were written for
    records people type, not for data made to break them: anything they raise on an embedded
    payload means it is not what qa-check wrote. A format this version does not read comes back
    as a Problem: it is not judged at all.
    """
    found = Verification(Status.TAMPERED, where)
    if signature is not None:
        found = replace(found, signer=signature.name, fingerprint=signature.fingerprint)
        if signature.problem is not None:  # nothing the file says can be believed
            status = Status.TAMPERED if signature.tampered else Status.UNTRUSTED
            return replace(found, status=status, reasons=(signature.problem,))
    try:
        payload, claimed = read_any_payload(attachment, where)
        sku = payload.record.get("sku", "")
        found = replace(found, certificate_id=payload.certificate_id, sku=str(sku))
        if claimed != payload.digest:
            changed = msg("cert_digest_changed", actual=payload.digest[:16], claimed=claimed[:16])
            return replace(found, reasons=(changed,))
        issuer = _issuer_mismatch(payload, signature)
        checked = issuer if _issuer_checked(payload.format) else None
        mismatch = tuple(m for m in (_signer_mismatch(payload.signer, signature), checked) if m)
        if mismatch:
            return replace(found, reasons=mismatch)
        origin = Location(where, field=ATTACHMENT_NAME)
        shown = _page_shows(file, payload, origin, signed=signature is not None)
        if isinstance(shown, Message):
            return replace(found, reasons=(shown,))
        result, note = shown
        status = Status.UNSIGNED if signature is None else Status.VALID
        notes = tuple(said for said in (note, issuer) if said)  # issuer: an earlier format's
        verdict = result.verdict.value if result.lot is None else result.lot.decision
        found = replace(found, status=status, verdict=verdict, notes=notes)
        return _holding(found, payload, result, installed, moment)
    except OtherVersion as exc:
        return exc.problems[0]
    except QaCheckError as exc:
        return replace(found, reasons=_reasons(exc.problems))
    except Exception as exc:  # the boundary: a crafted payload is TAMPERED, never a traceback
        error = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return replace(found, reasons=(msg("cert_unrenderable", error=error),))


def _signer_mismatch(named: SignedBy | None, signature: Signature | None) -> Message | None:
    """Why the signer the page names is not the one that signed the file (None: it is).

    A certificate issued to be signed names its signer in the record; cut back to before its
    signature, it is a genuine unsigned file that must not pass as one.
    """
    if named is None and signature is None:
        return None
    if signature is None:
        assert named is not None
        return msg("cert_signature_removed", name=named.name)
    if named is None or named.fingerprint != signature.fingerprint:
        shown = msg("cert_absent") if named is None else named.fingerprint[:16]
        return msg("cert_signer_differs", named=shown, actual=signature.fingerprint[:16])
    return None


def _issuer_mismatch(payload: Payload, signature: Signature | None) -> Message | None:
    """Why the issuer the page names is not who signed it (None: it is, or the page names none).

    The page prints the site's ``[issuer] name`` and, under it, the signer the payload names; a
    trusted key signing a page that names another lab would lend that lab its trust, so the
    signature's whole name must be both (the payload's signer only when it names this key:
    another key is ``_signer_mismatch``'s reason). A format issued before ``certify`` refused
    such a pair gets a note instead (``_issuer_checked``): it keeps verifying as it did.
    """
    if signature is None:
        return None
    signer = payload.signer
    named = [] if payload.site.issuer is None else [payload.site.issuer.name]
    named += [signer.name] if signer and signer.fingerprint == signature.fingerprint else []
    printed = next((name for name in named if name != signature.name), None)
    if printed is None:
        return None
    if _issuer_checked(payload.format):
        differs = msg("issuer_page_differs", printed=printed, signer=signature.name)
        return differs + (where_differ(printed, signature.name) or "")
    older = payload.format
    return msg("issuer_page_differs_older", printed=printed, signer=signature.name, format=older)


def _issuer_checked(format_id: str) -> bool:
    """True for the formats ``certify`` issues only when issuer and signer agree: today's.

    The SKU formats before it (FORMATS) were issued without that check; a lot certificate's
    format is not among them, and came with it.
    """
    return format_id == FORMAT_ID or format_id not in FORMATS


class _Shown(NamedTuple):
    """The judgement a page shows, and what was checked where it is less than every byte."""

    result: SkuResult
    note: Message | None = None


def _page_shows(
    file: _File, payload: Payload, origin: Location, *, signed: bool
) -> _Shown | Message:
    """The record's judgement, when the page shows it; else why the page is not the record's.

    Signed, the signature vouches for every byte, and another reportlab, font or qa-check
    version would draw other ones: the page's verdict badge is read instead, and must say the
    verdict the record is judged to. Unsigned, the page must be what the record renders to,
    byte for byte, where this version and its renderer can draw it so; an older version's page,
    or one another renderer build drew, is checked by what it says (``_page_says``).
    """
    if signed:
        result = judged(payload, origin)
        badges = _badges(file.reader)
        wanted = {word(decision_key(result), lang) for lang in LANGUAGES}
        if badges and all(badge in wanted for badge in badges):
            return _Shown(result)
        shown = " / ".join(printable(badge) for badge in badges) or msg("cert_absent")
        return msg("cert_badge_differs", verdict=result.verdict.value, shown=shown)
    if payload.generator != GENERATOR:
        result = judged(payload, origin)
        wrong = _page_says(file, payload, result)
        note = msg("cert_checked_older", generator=payload.generator)
        return wrong if wrong is not None else _Shown(result, note)
    expected = render(payload, origin)
    if file.data == expected.pdf:
        return _Shown(expected.result)
    if _one_revision(file.data) and _drawing(file.reader) == _drawing(_read(expected.pdf)):
        return _Shown(expected.result, msg("cert_checked_drawing"))
    return msg("cert_page_edited")


def _page_says(file: _File, payload: Payload, result: SkuResult) -> Message | None:
    """Why an unsigned page of another qa-check version is not its record's (None: it is).

    That version drew it; this one cannot draw it again byte for byte. What every released
    version printed is checked instead: the certificate id and the record's digest, and the
    verdict badge saying the verdict the record is judged to, and no other; and that the file
    is one revision, as issued, with nothing appended.
    """
    if not _one_revision(file.data):
        return msg("cert_page_edited")
    lines = [line.strip() for text in _texts(file.reader) for line in text.splitlines()]
    flat = "".join("".join(lines).split())
    printed = payload.record_digest if FORMATS[payload.format].report else payload.digest
    if payload.certificate_id not in flat or printed not in flat:
        return msg("cert_page_edited")
    verdicts = {word(f"cert_{v}", lang): v for v in ("PASS", "FAIL") for lang in LANGUAGES}
    badges = [line for line in lines if line in verdicts]
    if badges and all(verdicts[badge] == result.verdict.value for badge in badges):
        return None
    shown = " / ".join(dict.fromkeys(badges)) or msg("cert_absent")
    return msg("cert_badge_differs", verdict=result.verdict.value, shown=shown)


def _one_revision(data: bytes) -> bool:
    """True for a PDF as written once: one ``startxref``, one ``%%EOF``, and nothing after it.

    An incremental update adds a cross-reference and an end of its own.
    """
    end = b"%%EOF"
    ends = data.count(end) == 1 and data.rstrip(b"\r\n").endswith(end)
    return ends and data.count(b"startxref") == 1


def _texts(reader: PdfReader) -> list[str]:
    """The text of each page, as a PDF reader extracts it."""
    return [page.extract_text() for page in reader.pages]


def _read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _drawing(reader: PdfReader) -> list[object]:
    """What the file says and each page draws, whatever build of the PDF library wrote it.

    The document information, then per page its links and the operators and their operands,
    the forms they draw followed, images by the hash of their pixels; resource names (``/F1``,
    ``/FormXob.3a…``) by the order they are first used, and numbers to three decimals: the
    things another build may write otherwise. A colour, a word, a line, a link or an image
    changed is a difference.
    """
    names: dict[str, str] = {}
    drawn: list[object] = [_operand(dict(reader.metadata or {}), names)]
    for page in reader.pages:
        links = [_operand(link.get_object().get("/A"), names) for link in page.get("/Annots", [])]
        resources = page.get("/Resources")
        drawn += [links, _operations(page.get_contents(), resources, reader, names, 0)]
    return drawn


MAX_FORM_DEPTH = 4
"""Forms inside forms followed this deep: qa-check's pages nest one; a crafted file, forever."""


def _operations(
    content: PdfObject | None,
    resources: PdfObject | None,
    reader: PdfReader,
    names: dict[str, str],
    depth: int,
) -> list[object]:
    """What one content stream draws, and the forms and images it draws, as ``_drawing`` says."""
    if content is None or depth > MAX_FORM_DEPTH:
        return []
    stream = content if isinstance(content, ContentStream) else ContentStream(content, reader)
    found = resources.get_object() if resources is not None else None
    xobjects = found.get("/XObject") if isinstance(found, DictionaryObject) else None
    listed = xobjects.get_object() if xobjects is not None else None
    forms = listed if isinstance(listed, DictionaryObject) else DictionaryObject()
    drawn: list[object] = []
    for operands, operator in stream.operations:
        drawn.append((operator, [_operand(value, names) for value in operands]))
        inner = (
            forms[operands[0]].get_object()
            if operator == b"Do" and operands and operands[0] in forms
            else None
        )
        if isinstance(inner, StreamObject) and inner.get("/Subtype") == "/Form":
            drawn.append(_operations(inner, inner.get("/Resources"), reader, names, depth + 1))
        elif isinstance(inner, StreamObject):  # an image: its pixels, however compressed
            drawn.append(hashlib.sha256(inner.get_data()).hexdigest())
    return drawn


def _operand(value: object, names: dict[str, str]) -> object:
    """One operand as compared: see ``_drawing``."""
    if isinstance(value, NameObject):
        return names.setdefault(str(value), f"/R{len(names)}")
    if isinstance(value, (FloatObject, NumberObject)):
        return round(float(value), 3)
    if isinstance(value, (list, tuple)):
        return [_operand(item, names) for item in value]
    if isinstance(value, dict):
        return {str(key): _operand(item, names) for key, item in value.items()}
    if isinstance(value, IndirectObject):
        return _operand(value.get_object(), names)
    return value


def _badges(reader: PdfReader) -> list[str]:
    """What each page's verdict badge says ("" when a page has none).

    The badge is the form XObject named VERDICT_FORM, its word marked as ActualText: read from
    that one small stream, without decoding the page's fonts.
    """
    badges: list[str] = []
    for page in reader.pages:
        resources = page.get("/Resources")
        forms = resources.get_object().get("/XObject") if resources is not None else None
        said = ""
        for name, form in (forms.get_object() if forms is not None else {}).items():
            if str(name).endswith(VERDICT_FORM):
                said = _actual_text(ContentStream(form.get_object(), reader))
        badges.append(said)
    return badges


def _actual_text(stream: ContentStream) -> str:
    """The ActualText of the first marked-content span in ``stream``; "" when there is none."""
    for operands, operator in stream.operations:
        if operator == b"BDC" and len(operands) == 2 and hasattr(operands[1], "get"):
            return str(operands[1].get("/ActualText", ""))
    return ""


def _holding(
    found: Verification,
    payload: Payload,
    result: SkuResult,
    installed: Registry | None,
    moment: datetime,
) -> Verification:
    """A genuine certificate's standing: STALE against ``installed`` checklists, EXPIRED."""
    compiled = [item.checklist for item in result.items]
    if result.lot is not None:  # a lot's judgement lists no items: the checklists it used
        compiled = list(result.judged_against)
    judged_against = {checklist.checklist.key: checklist for checklist in compiled}
    stale = _stale(judged_against.values(), installed) if installed is not None else ()
    if stale:
        found = replace(found, status=Status.STALE, reasons=stale)
    if not has_validity(result.verdict.value, payload.generator):
        return found  # a FAIL's report of a failure: nothing to expire
    months = valid_months([c.checklist for c in judged_against.values()], payload.site)
    late = _expired(result, months, moment)
    if late is not None:
        found = replace(found, status=Status.EXPIRED, reasons=(late, *found.reasons))
    return found


def _registered(found: Verification, register: Register) -> Verification:
    """REVOKED or STALE as the register has it: withdrawn, or superseded by a newer one."""
    rows = register.find(found.certificate_id)
    revoked = next((row for row in rows if row.status == "revoked"), None)
    if revoked is not None:
        why = msg("cert_revoked", at=revoked.revoked_at, why=revoked.revoked_why)
        return replace(found, status=Status.REVOKED, reasons=(why, *found.reasons))
    newer, lot = next(((row.superseded_by, row.lot) for row in rows if row.superseded_by), ("", ""))
    if newer:
        superseded = (
            msg("lots2_superseded", id=newer, lot=lot) if lot else msg("cert_superseded", id=newer)
        )
        status = found.status if found.status is Status.EXPIRED else Status.STALE
        return replace(found, status=status, reasons=(*found.reasons, superseded))
    return found


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
    return _opened(data, where)[1]


def _opened(data: bytes, where: str) -> tuple[PdfReader, bytes]:
    """The file read as a PDF, and its embedded record; CertificateError when it has none."""
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
    return reader, found[-1]


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
