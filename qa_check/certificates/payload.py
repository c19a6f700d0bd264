"""Certificate content: the canonical record a certificate embeds, its digest, id and file name.

A certificate is rendered from its payload alone: the record, the checklists it was judged
against (as data), photo thumbnails, the site configuration it was issued under (issuer, logo,
approver, validity), the issue time and the language. ``verify`` re-renders the embedded
payload and compares, so nothing outside the PDF is needed to check it.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Strict, ValidationError

from qa_check import __version__
from qa_check.certificates import photos
from qa_check.certificates.formats import FORMAT_ID, FORMATS, Format
from qa_check.certificates.report import NO_REPORT, Report, read_report, report_data
from qa_check.certificates.site import (
    NO_SITE,
    Accreditation,
    Address,
    Approver,
    Issuer,
    IssuerName,
    Site,
    ValidMonths,
    VerifyUrl,
)
from qa_check.certificates.validity import day_text, issued_too_early
from qa_check.core.errors import (
    CertificateError,
    InputError,
    Location,
    Problem,
    dotted,
    pydantic_messages,
)
from qa_check.core.languages import CertificateLang
from qa_check.core.messages import Message, msg
from qa_check.engine import models as m
from qa_check.engine.checklists import content_hash
from qa_check.engine.judge import SkuResult, Verdict
from qa_check.files.fileio import safe_stem
from qa_check.files.safe_json import parse_json

ATTACHMENT_NAME = "qa-check-record.json"
DEFAULT_LANG = "en"
"""The language a certificate is issued in unless told otherwise; its file name says no other."""
GENERATOR = f"qa-check {__version__}"
MAX_PAYLOAD_BYTES = 16 * 1024 * 1024
"""An embedded record larger than this is refused unread: thumbnails are a few dozen KB each."""


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo named by the record, as the JPEG thumbnail the certificate shows."""

    name: str
    jpeg: bytes


@dataclass(frozen=True, slots=True)
class SignedBy:
    """Whose key signs the certificate PDF: the page prints it and the payload carries it.

    The PDF signature itself proves the key; naming it in the payload ties the record's digest
    and certificate id to it, so a certificate re-signed by another key is another certificate.
    """

    name: str
    """The signing certificate's name (its CN): the issuer, as ``keys init`` was told."""
    fingerprint: str
    """64 upper-case hex digits: the SHA-256 of the signing certificate (DER)."""


FINGERPRINT = re.compile(r"[0-9A-F]{64}", re.ASCII)
"""A key fingerprint as the payload holds it (``fullmatch``)."""


def grouped_fingerprint(fingerprint: str) -> str:
    """``AB12 CD34 …``: a fingerprint in groups of four, as a person compares it by eye."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


@dataclass(frozen=True, slots=True)
class Payload:
    """Everything a certificate shows is rendered from this, and it is embedded in the PDF."""

    record: dict[str, Any]
    checklists: tuple[dict[str, Any], ...]
    photos: tuple[Photo, ...]
    issued_at: datetime
    lang: str
    site: Site = NO_SITE
    """The site configuration (``qa-check.toml``) it was issued under; empty when none."""
    generator: str = GENERATOR
    signer: SignedBy | None = None
    """The key that signs the PDF; None for an unsigned certificate."""
    format: str = FORMAT_ID
    """The payload's format, one of FORMATS: an older one when read from an older certificate."""
    report: Report = NO_REPORT
    """A test report's number, conditioning and equipment (formats with a ``report`` part)."""
    checklist_sha256: dict[str, str] = field(init=False, repr=False, compare=False)
    """``id@version`` -> content hash of each checklist, as the payload records them."""
    digest: str = field(init=False, repr=False, compare=False)
    """SHA-256 of the canonical JSON of the content, language included: what the QR code holds
    (and what pages before format @5 printed)."""
    record_digest: str = field(init=False, repr=False, compare=False)
    """SHA-256 of the canonical JSON of the record alone: the same in every language, and what
    the page of format @5 on prints."""
    certificate_id: str = field(init=False, repr=False, compare=False)
    """``QC-`` and 12 hex digits: short enough to read out, tied to content.

    The digits come from the content without its language, so that the English and the
    Chinese certificate of one record and issue time carry the same id. The site
    configuration is content: another issuer, logo, approver or validity is another id; so is
    the signer.
    """

    def __post_init__(self) -> None:
        """Hash the content once: the page, its QR code, the attachment and verify all need it."""
        object.__setattr__(self, "checklist_sha256", checklist_hashes(self.checklists))
        content = self.content()
        object.__setattr__(self, "digest", hashlib.sha256(canonical_json(content)).hexdigest())
        object.__setattr__(self, "certificate_id", certificate_id_of(content))
        record = hashlib.sha256(canonical_json(self.record)).hexdigest()
        object.__setattr__(self, "record_digest", record)

    def content(self) -> dict[str, Any]:
        """The payload as JSON data, without its digest: the keys of its format, in its order."""
        spec = FORMATS[self.format]
        content: dict[str, Any] = {
            "format": self.format,
            "generator": self.generator,
            "issued_at": utc_text(self.issued_at),
            "lang": self.lang,
        }
        if spec.site:
            content["site"] = _site_data(self.site, verify_url=spec.verify_url)
        if spec.signer:
            content["signer"] = _signer_data(self.signer)
        if spec.report:
            content["report"] = report_data(self.report)
        return content | {
            "record": self.record,
            "checklists": list(self.checklists),
            "checklist_sha256": dict(self.checklist_sha256),
            "photos": [{"name": p.name, "jpeg_base64": _base64(p.jpeg)} for p in self.photos],
        }

    def to_json(self) -> bytes:
        """The embedded attachment: JSON with the digest it must match, a top-level key a line.

        Each value is written compact, by the json module's C encoder: indenting all of it
        takes the pure-Python one, a tenth of a certificate's time.
        """
        document = {**self.content(), "digest": f"sha256:{self.digest}"}
        entries = b",\n".join(
            json.dumps(key).encode("ascii") + b": " + canonical_json(value)
            for key, value in document.items()
        )
        return b"{\n" + entries + b"\n}\n"


def certificate_id_of(content: dict[str, Any]) -> str:
    """The id of a certificate's content (a payload's ``content()``): its hash, but the language.

    Format @2 took the digest's head, language and all: its certificates keep the id they have.
    """
    spec = FORMATS.get(content.get("format", ""))
    if spec is None or spec.id_without_lang:
        content = {key: value for key, value in content.items() if key != "lang"}
    head = hashlib.sha256(canonical_json(content)).hexdigest()[:12].upper()
    return f"QC-{head[:4]}-{head[4:8]}-{head[8:]}"


QR_KEY_DIGITS = 16
"""How much of the signing key's fingerprint a signed certificate's QR code carries."""


def qr_content(payload: Payload) -> str:
    """What a certificate's QR code holds.

    With the site's ``verify_url``: the address of the certificate's page on the site ``publish``
    writes there, ``<verify_url>/c/<id>/`` (format @4's: ``<verify_url>/<id>``). Else, to check
    offline, the id, the digest and, when signed, the start of the signing key's fingerprint: all
    upper case, QR's alphanumeric mode (version 4 or 5 instead of 6 or 7: larger modules).
    """
    url = payload.site.verify_url
    if url is not None:
        spec = FORMATS.get(payload.format)
        if spec is not None and not spec.qr_page:
            return f"{url.rstrip('/')}/{payload.certificate_id}"
        return f"{url.rstrip('/')}/c/{payload.certificate_id}/"
    text = f"{payload.certificate_id} SHA256:{payload.digest.upper()}"
    if payload.signer is not None:
        text += f" KEY:{payload.signer.fingerprint[:QR_KEY_DIGITS]}"
    return text


def _site_data(site: Site, *, verify_url: bool = True) -> dict[str, Any]:
    """The site as a payload holds it: every key of its format present, null when not configured."""
    issuer = site.issuer
    data: dict[str, Any] = {
        "issuer": None
        if issuer is None
        else {
            "name": issuer.name,
            "address": issuer.address,
            "accreditation": issuer.accreditation,
            "logo_jpeg_base64": None if issuer.logo is None else _base64(issuer.logo),
        },
        "approver": site.approver,
        "valid_months": site.valid_months,
    }
    if verify_url:
        data["verify_url"] = site.verify_url
    return data


def _signer_data(signer: SignedBy | None) -> dict[str, str] | None:
    """The signer as a payload holds it: name and fingerprint, or null when unsigned."""
    return None if signer is None else {"name": signer.name, "fingerprint": signer.fingerprint}


def _base64(jpeg: bytes) -> str:
    return base64.b64encode(jpeg).decode("ascii")


def canonical_json(data: object) -> bytes:
    """One byte string per value: no spaces, UTF-8, keys in their order.

    Keys are not sorted: the order of a record's checklists and answers is the order the page
    shows them in, so it is part of what the digest covers.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def checklist_hashes(checklists: Sequence[dict[str, Any]]) -> dict[str, str]:
    """``id@version`` -> content hash of each checklist: what installed ones are compared by."""
    return {f"{c.get('id')}@{c.get('version')}": content_hash(c) for c in checklists}


# --- times: one exact format, written and read here only -------------------------------------

_UTC_TEXT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z", re.ASCII)


def utc_text(moment: datetime) -> str:
    """``2026-11-23T01:00:00Z``: the issue time as the payload holds it, always four year digits.

    Written field by field: ``strftime("%Y")`` gives ``999`` for the year 999 on Linux, which
    no strict reader takes back.
    """
    utc = moment.astimezone(UTC)
    return f"{day_text(utc)}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"


def read_utc_text(text: str) -> datetime:
    """The time ``utc_text`` wrote, and nothing else; ValueError for any other text."""
    found = _UTC_TEXT.fullmatch(text)
    if found is None:
        raise ValueError(text)
    year, month, day, hour, minute, second = map(int, found.groups())
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- the embedded attachment ------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _PhotoData(_Strict):
    name: str
    jpeg_base64: str


def _json_whole_number(value: object) -> object:
    """A whole number as ``parse_json`` keeps it, ``12``, as an int; anything else as it is."""
    if isinstance(value, str) and re.fullmatch(r"-?(?:0|[1-9][0-9]{0,9})", value, re.ASCII):
        return int(value)
    return value


class _IssuerData(_Strict):
    name: IssuerName
    address: Address | None
    accreditation: Accreditation | None
    logo_jpeg_base64: str | None


class _SiteData(_Strict):
    """The site part: the same values ``qa-check.toml`` allows, every key present."""

    issuer: _IssuerData | None
    approver: Approver | None
    valid_months: Annotated[ValidMonths | None, BeforeValidator(_json_whole_number)]
    verify_url: VerifyUrl | None = None
    """Absent from format @3, which had no verify address."""


def _fingerprint(value: str) -> str:
    if FINGERPRINT.fullmatch(value) is None:
        raise m.AnswerError(msg("not_valid_here", value=value, hint=msg("cert_hint_fingerprint")))
    return value


class _SignerData(_Strict):
    """The signer part: a name as an issuer's, and a SHA-256 fingerprint."""

    name: IssuerName
    fingerprint: Annotated[str, AfterValidator(_fingerprint)]


class _Document(_Strict):
    """The attachment's shape, checked before any of it is used; parts a format lacks are None."""

    format: str
    generator: str
    issued_at: str
    lang: Annotated[CertificateLang, Strict(False)]  # the text a file holds, as a member
    site: dict[str, Any] | None = None
    signer: dict[str, Any] | None = None
    report: dict[str, Any] | None = None
    record: dict[str, Any]
    checklists: list[dict[str, Any]]
    checklist_sha256: dict[str, str]
    photos: list[_PhotoData]
    digest: str


class OtherVersion(CertificateError):
    """A certificate format this version cannot read: older than @2, or newer than it knows."""


def read_payload(data: bytes, where: str) -> tuple[Payload, str]:
    """Parse an embedded attachment into its payload and the digest it claims.

    Any format in FORMATS is read, whichever qa-check version wrote it; another one raises
    OtherVersion, saying what to do.

    Whatever the bytes hold, the answer is a payload or a CertificateError with located
    reasons: the size is checked before decoding, the JSON is read by ``parse_json`` (depth
    measured first, numbers kept as text) and every part is checked for its type. The record
    is read as ``certify`` wrote it (a Record, dumped again), which turns its numbers, kept as
    text, back into numbers; each checklist's recorded hash must be that of its content; the
    site holds what a configuration may, its logo a thumbnail as ``certify`` makes them.
    """
    here = Location(where, field=ATTACHMENT_NAME)
    document, spec = _document(data, here)
    problems: list[Problem] = []
    record = _validated(m.Record, document.record, here, "record")
    if isinstance(record, list):
        problems += record
    issued = _time(document.issued_at, here, problems)
    site = NO_SITE if document.site is None else _site(document.site, spec, here, problems)
    signer = _signer(document.signer, here, problems)
    report = read_report(document.report, here, problems)
    thumbnails = _photos(document.photos, here, problems)
    hashes = checklist_hashes(document.checklists)
    none = msg("cert_absent")
    for key in dict.fromkeys([*hashes, *document.checklist_sha256]):
        actual, claimed = hashes.get(key), document.checklist_sha256.get(key)
        if actual != claimed:
            changed = msg(
                "cert_checklist_hash", key=key, actual=actual or none, claimed=claimed or none
            )
            problems.append(Problem(here.at(field="checklist_sha256"), changed))
    if not isinstance(record, list) and issued is not None:
        early = issued_too_early(record, issued)
        if early is not None:
            problems.append(Problem(here.at(field="issued_at"), early))
    if problems or isinstance(record, list) or issued is None or site is None:
        raise CertificateError(problems)
    payload = Payload(
        record_data(record),
        tuple(document.checklists),
        thumbnails,
        issued,
        document.lang,
        site,
        document.generator,
        signer,
        spec.id,
        report,
    )
    return payload, document.digest.removeprefix("sha256:")


_FORMAT_NUMBER = re.compile(r"qa-check/certificate@([0-9]{1,6})", re.ASCII)


def parse_attachment(data: bytes, here: Location) -> object:
    """A certificate's attachment as JSON data; CertificateError saying why it cannot be read.

    Read as hostile: its size before it is decoded, then UTF-8 and ``parse_json``.
    """
    if len(data) > MAX_PAYLOAD_BYTES:
        size = msg("cert_record_too_large", size=len(data), limit=MAX_PAYLOAD_BYTES)
        raise _unreadable([Problem(here, size)])
    try:
        return parse_json(data.decode("utf-8"), str(here))
    except UnicodeDecodeError as exc:
        raise _unreadable([Problem(here, msg("cert_not_utf8", byte=exc.start))]) from None
    except InputError as exc:
        raise _unreadable(exc.problems) from None


def _document(data: bytes, here: Location) -> tuple[_Document, Format]:
    """The attachment as a document of its format's shape; CertificateError saying why not.

    The parts must be exactly its format's, in any order: a part the format did not have would
    be outside its digest.
    """
    parsed = parse_attachment(data, here)
    if not isinstance(parsed, dict):
        raise _unreadable([Problem(here, msg("cert_not_format", format=FORMAT_ID))])
    spec = FORMATS.get(str(parsed.get("format")))
    if spec is None:
        raise _other_format(parsed, here)
    document = _validated(_Document, parsed, here, "")
    if isinstance(document, list):
        raise _unreadable(document)
    parts = _parts(parsed, _shape(spec.id), spec, here)
    if parts:
        raise _unreadable(parts)
    return document, spec


def _parts(
    data: dict[str, Any], shape: Iterable[str], spec: Format, here: Location, prefix: str = ""
) -> list[Problem]:
    """A problem for each part of ``shape`` that ``data`` lacks, and each it has beyond it."""
    wanted = set(shape)
    return [
        Problem(
            here.at(field=f"{prefix}{key}"),
            msg("cert_part_needed" if key in wanted else "cert_part_foreign", format=spec.id),
        )
        for key in sorted(wanted ^ data.keys())
    ]


@functools.cache
def _shape(format_id: str) -> frozenset[str]:
    """The top-level keys of a payload of a format: those of its content, and the digest."""
    empty = Payload({}, (), (), datetime(2000, 1, 1, tzinfo=UTC), DEFAULT_LANG, format=format_id)
    return frozenset(empty.content()) | {"digest"}


def _other_format(parsed: dict[str, Any], here: Location) -> CertificateError:
    """Why a payload of no format this version reads is not checked, and what to do instead."""
    found = _FORMAT_NUMBER.fullmatch(str(parsed.get("format")))
    generator = parsed.get("generator")
    ours = isinstance(generator, str) and generator.startswith("qa-check ")
    if found is None or not ours:
        return _unreadable([Problem(here, msg("cert_not_format", format=FORMAT_ID))])
    shown = {"generator": str(generator)[:40], "format": str(parsed.get("format"))[:40]}
    newest = int(FORMAT_ID.rpartition("@")[2])
    key = "cert_format_newer" if int(found[1]) > newest else "cert_format_older"
    return OtherVersion([Problem(here.at(field="format"), msg(key, this=GENERATOR, **shown))])


def _unreadable(problems: list[Problem]) -> CertificateError:
    """An attachment that is no payload at all: bytes, JSON or shape."""
    return CertificateError(
        [Problem(p.location, msg("cert_unreadable_record", detail=p.message)) for p in problems]
    )


def _time(text: str, here: Location, problems: list[Problem]) -> datetime | None:
    """The issue time, or None and a problem: only the exact format ``utc_text`` writes."""
    try:
        return read_utc_text(text)
    except ValueError:
        problems.append(Problem(here.at(field="issued_at"), msg("cert_bad_time", value=text)))
        return None


def _site(
    data: dict[str, Any], spec: Format, here: Location, problems: list[Problem]
) -> Site | None:
    """The site configuration a certificate was issued under, or None and the problems.

    Its keys are exactly those of its format's site part. The logo is decoded when the page is
    drawn again, so it must be a thumbnail ``certify`` makes, checked before it is decoded.
    """
    found = _validated(_SiteData, data, here, "site")
    if isinstance(found, list):
        problems += found
        return None
    shape = _site_data(NO_SITE, verify_url=spec.verify_url)
    parts = _parts(data, shape, spec, here, "site.")
    if parts:
        problems += parts
        return None
    issuer = found.issuer
    if issuer is None:
        return Site(None, found.approver, found.valid_months, found.verify_url)
    logo = None
    if issuer.logo_jpeg_base64 is not None:
        where = here.at(field="site.issuer.logo_jpeg_base64")
        try:
            logo = base64.b64decode(issuer.logo_jpeg_base64, validate=True)
        except binascii.Error:
            problems.append(Problem(where, msg("cert_not_base64")))
            return None
        if photos.embedded_problem("logo", logo) is not None:
            kb = photos.MAX_EMBEDDED_BYTES // 1024
            problems.append(
                Problem(where, msg("cert_logo_bad", pixels=photos.THUMBNAIL_PIXELS, kb=kb))
            )
            return None
    named = Issuer(issuer.name, issuer.address, issuer.accreditation, logo)
    return Site(named, found.approver, found.valid_months, found.verify_url)


def _signer(
    data: dict[str, Any] | None, here: Location, problems: list[Problem]
) -> SignedBy | None:
    """Who signed, as the payload names them; None when unsigned, or a problem."""
    if data is None:
        return None
    found = _validated(_SignerData, data, here, "signer")
    if isinstance(found, list):
        problems += found
        return None
    return SignedBy(found.name, found.fingerprint)


def _photos(
    listed: Sequence[_PhotoData], here: Location, problems: list[Problem]
) -> tuple[Photo, ...]:
    """The thumbnails as bytes; a problem for each that is not one ``certify`` makes.

    They are decoded when the page is drawn again, so too many, too big or not JPEG is refused
    here, before any is decoded.
    """
    many = photos.too_many(len(listed))
    if many is not None:
        problems.append(Problem(here.at(field="photos"), many))
        return ()
    found: list[Photo] = []
    for index, photo in enumerate(listed):
        where = here.at(field=f"photos[{index}].jpeg_base64")
        try:
            jpeg = base64.b64decode(photo.jpeg_base64, validate=True)
        except binascii.Error:
            problems.append(Problem(where, msg("cert_not_base64")))
            continue
        bad = photos.embedded_problem(photo.name, jpeg)
        if bad is not None:
            problems.append(Problem(where, bad))
        else:
            found.append(Photo(photo.name, jpeg))
    return tuple(found)


_Model = TypeVar("_Model", bound=BaseModel)


def _validated(
    model: type[_Model], data: object, here: Location, prefix: str
) -> _Model | list[Problem]:
    """``data`` as ``model``, or a located problem for each thing wrong with it."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        return [
            Problem(here.at(field=".".join(filter(None, (prefix, dotted(path)))) or None), text)
            for path, text in pydantic_messages(exc.errors(), data)
        ]


def record_data(record: m.Record) -> dict[str, Any]:
    """A record as a payload holds it: JSON data, with optional fields only when given.

    An absent field is left out rather than written as null, so that a record without the
    newer fields keeps the payload, digest and certificate id it had before they existed.
    """
    optional = ("finished_at", *m.PARTY_FIELDS, "photos_skipped", *m.SAMPLE_FIELDS)
    unset = {name for name in optional if getattr(record, name) is None}
    if not record.not_done:
        unset.add("not_done")
    return record.model_dump(mode="json", exclude=unset)


def build_payload(
    result: SkuResult,
    photos: Sequence[Photo],
    issued_at: datetime,
    lang: str,
    site: Site = NO_SITE,
    *,
    signer: SignedBy | None = None,
    report: Report = NO_REPORT,
) -> Payload:
    """The payload of a judged record (PASS or FAIL) at an issue time, in a language, at a site.

    ``signer`` names the key that will sign the PDF; None for an unsigned certificate;
    ``report`` holds what the site's lab adds (its number drawn from the register).

    Raises CertificateError, located at ``--issued-at``, for an issue time before the
    inspection: a certificate cannot vouch for a test that had not happened yet.
    """
    if result.record is None or result.verdict is Verdict.INVALID:
        raise CertificateError([Problem(result.location, "an INVALID record gets no certificate")])
    early = issued_too_early(result.record, issued_at)
    if early is not None:
        raise CertificateError([Problem(Location("--issued-at"), early)])
    return Payload(
        record_data(result.record),
        tuple(compiled.data for compiled in result.judged_against),
        tuple(photos),
        issued_at.astimezone(UTC),
        lang,
        site,
        signer=signer,
        report=report,
    )


def certificate_name(
    sku: str, verdict: Verdict, inspected_at: datetime, lang: str = DEFAULT_LANG
) -> str:
    """``SKU_VERDICT_DATE.pdf``, or ``SKU_VERDICT_DATE_zh.pdf``, ``…_en+zh.pdf``: a plain name.

    The SKU part is ``safe_stem`` (``a/b`` and ``a_b`` never share a file); a language other
    than the default is named, so that certifying again in Chinese keeps the English file.
    """
    language = "" if lang == DEFAULT_LANG else f"_{lang}"
    return f"{safe_stem(sku)}_{verdict.value}_{day_text(inspected_at)}{language}.pdf"


def load_photos(result: SkuResult) -> tuple[Photo, ...]:
    """Thumbnails of the photos a record names, found beside the record file.

    ``photos`` finds and reads them, as ``validate`` finds them; a file named twice is decoded
    once. Raises CertificateError naming every photo that cannot be shown, and why.
    """
    record = result.record
    if record is None or not record.photos:
        return ()
    many = photos.too_many(len(record.photos))
    if many is not None:
        raise CertificateError([Problem(result.location.at(field="photos"), many)])
    folder = Path(result.location.file).parent
    made: dict[Path, bytes | Message] = {}
    shown: list[Photo] = []
    problems: list[Problem] = []
    for index, photo in enumerate(record.photos):
        path = photos.find(folder, photo.file)
        if isinstance(path, Path) and path not in made:
            made[path] = photos.thumbnail(path, photo.file)
        jpeg = made[path] if isinstance(path, Path) else path
        if isinstance(jpeg, Message):
            problems.append(Problem(result.location.at(field=f"photos[{index}]"), jpeg))
        else:
            shown.append(Photo(photo.file, jpeg))
    if problems:
        raise CertificateError(problems)
    return tuple(shown)
