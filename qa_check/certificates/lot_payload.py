"""A lot certificate's content: the lot record, its checklists, the site, the issue and the signer.

It is a payload like a SKU certificate's (digest and id made the same way, embedded the same
way, signed and registered the same way), of its own format: its record is a lot record
(``kind: lot``), judged again by ``engine.lots`` whenever the page is drawn or verified, and a
reader of SKU certificates never takes one for the other.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import Strict

from qa_check.certificates.formats import FORMAT_ID, FORMATS
from qa_check.certificates.payload import (
    Payload,
    SignedBy,
    _signer,
    _signer_data,
    _site,
    _site_data,
    _Strict,
    _time,
    _unreadable,
    _validated,
    checklist_hashes,
    parse_attachment,
    read_payload,
    utc_text,
)
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.site import NO_SITE, Site
from qa_check.certificates.validity import day_text, page_time
from qa_check.core.errors import CertificateError, Location, Problem
from qa_check.core.languages import CertificateLang
from qa_check.core.messages import msg
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord, SkuResult, Verdict
from qa_check.engine.lots import judge_lot
from qa_check.files.fileio import safe_stem

LOT_FORMAT_ID = "qa-check/lot-certificate@1"
"""The lot certificates' format; it grows as the SKU certificates' does, never changes."""
_LOT_HEAD = b'{\n"format": "qa-check/lot-certificate@'
"""How a lot payload's attachment starts (``to_json`` writes the format first)."""


class LotPayload(Payload):
    """A lot certificate's payload: ``record`` holds the lot record as it was read."""

    __slots__ = ()

    def content(self) -> dict[str, Any]:
        """The payload as JSON data, without its digest, in the order its format lays it out."""
        return {
            "format": self.format,
            "generator": self.generator,
            "issued_at": utc_text(self.issued_at),
            "lang": self.lang,
            "site": _site_data(self.site),
            "signer": _signer_data(self.signer),
            "lot": self.record,
            "checklists": list(self.checklists),
            "checklist_sha256": dict(self.checklist_sha256),
        }


def build_lot_payload(
    result: SkuResult,
    issued_at: datetime,
    lang: str,
    site: Site = NO_SITE,
    *,
    signer: SignedBy | None = None,
) -> LotPayload:
    """The payload of a judged lot (ACCEPT or REJECT), issued at a time, in a language, at a site.

    Raises CertificateError, located at ``--issued-at``, for an issue time before the lot was
    inspected.
    """
    lot = result.lot
    if lot is None or result.verdict is Verdict.INVALID:
        raise CertificateError([Problem(result.location, "an INVALID lot gets no certificate")])
    early = issued_too_early(lot.inspected_at, issued_at)
    if early is not None:
        raise CertificateError([Problem(Location("--issued-at"), early)])
    return LotPayload(
        lot.record,
        tuple(compiled.data for compiled in result.judged_against),
        (),
        issued_at.astimezone(UTC),
        lang,
        site,
        signer=signer,
        format=LOT_FORMAT_ID,
    )


def judge_lot_payload(payload: LotPayload, raw: RawRecord, registry: Registry) -> SkuResult:
    """The judgement a lot certificate shows: its lot, judged against its own checklists.

    An issue time before the lot was inspected is a CertificateError, as the lot's certificate
    could not have been issued then (``read_payload`` refuses the same of a SKU's).
    """
    result = judge_lot(raw, registry, checks=CHECKS)
    lot = result.lot
    early = None if lot is None else issued_too_early(lot.inspected_at, payload.issued_at)
    if early is not None:
        raise CertificateError([Problem(raw.origin.at(field="issued_at"), early)])
    return result


def issued_too_early(inspected_at: datetime | None, issued_at: datetime) -> str | None:
    """Why a lot inspected at ``inspected_at`` cannot have its certificate issued then, or None."""
    if inspected_at is None or issued_at >= inspected_at:
        return None
    issued, done = page_time(issued_at, utc=True), page_time(inspected_at)
    return msg("issued_before_inspection", issued=issued, done=done)


def lot_certificate_name(
    sku: str, lot: str, decision: str, inspected_at: datetime, lang: str
) -> str:
    """``SKU_LOT_ACCEPT_DATE.pdf`` (``…_zh.pdf``, ``…_en+zh.pdf``): beside the SKU's own."""
    language = "" if lang == "en" else f"_{lang}"
    return f"{safe_stem(sku)}_{safe_stem(lot)}_{decision}_{day_text(inspected_at)}{language}.pdf"


class _LotDocument(_Strict):
    """The attachment's shape: every part present (site and signer may be null), no other."""

    format: str
    generator: str
    issued_at: str
    lang: Annotated[CertificateLang, Strict(False)]  # the text a file holds, as a member
    site: dict[str, Any] | None
    signer: dict[str, Any] | None
    lot: dict[str, Any]
    checklists: list[dict[str, Any]]
    checklist_sha256: dict[str, str]
    digest: str


def read_any_payload(data: bytes, where: str) -> tuple[Payload, str]:
    """An embedded attachment as a lot payload or a SKU certificate's, and the digest it claims."""
    if data.startswith(_LOT_HEAD):
        return read_lot_payload(data, where)
    return read_payload(data, where)


def read_lot_payload(data: bytes, where: str) -> tuple[LotPayload, str]:
    """Parse a lot certificate's attachment; CertificateError with located reasons when it is not.

    Read as hostile, as ``read_payload`` reads a SKU certificate's: the size before decoding,
    the JSON by ``parse_json``, each part's type; the lot itself is judged when the page is
    drawn again, which refuses what a lot record may not hold.
    """
    here = Location(where, field="qa-check-record.json")
    parsed = parse_attachment(data, here)
    if not isinstance(parsed, dict) or parsed.get("format") != LOT_FORMAT_ID:
        raise _unreadable([Problem(here, msg("cert_not_format", format=LOT_FORMAT_ID))])
    document = _validated(_LotDocument, parsed, here, "")
    if isinstance(document, list):
        raise _unreadable(document)
    problems: list[Problem] = []
    issued = _time(document.issued_at, here, problems)
    spec = FORMATS[FORMAT_ID]  # the site part as the newest SKU format holds it
    site = NO_SITE if document.site is None else _site(document.site, spec, here, problems)
    signer = _signer(document.signer, here, problems)
    hashes, claimed = checklist_hashes(document.checklists), document.checklist_sha256
    for key in dict.fromkeys([*hashes, *claimed]):
        if hashes.get(key) != claimed.get(key):
            none = msg("cert_absent")
            shown = {"actual": hashes.get(key) or none, "claimed": claimed.get(key) or none}
            changed = msg("cert_checklist_hash", key=key, **shown)
            problems.append(Problem(here.at(field="checklist_sha256"), changed))
    if problems or issued is None or site is None:
        raise CertificateError(problems)
    payload = LotPayload(
        document.lot,
        tuple(document.checklists),
        (),
        issued,
        document.lang,
        site,
        document.generator,
        signer,
        LOT_FORMAT_ID,
    )
    return payload, document.digest.removeprefix("sha256:")
