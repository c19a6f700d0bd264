"""Certificate content: the canonical record a certificate embeds, its digest, id and file name.

A certificate is rendered from its payload alone: the record, the checklists it was judged
against (as data), photo thumbnails, the issue time and the language. ``verify`` re-renders the
embedded payload and compares, so nothing outside the PDF is needed to check it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qa_check import __version__, photos
from qa_check.errors import CertificateError, Location, Problem
from qa_check.fileio import safe_stem
from qa_check.i18n import LANGUAGES, Message
from qa_check.validate import SkuResult, Verdict

FORMAT_ID = "qa-check/certificate@1"
ATTACHMENT_NAME = "qa-check-record.json"
GENERATOR = f"qa-check {__version__}"


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo named by the record, as the JPEG thumbnail the certificate shows."""

    name: str
    jpeg: bytes


@dataclass(frozen=True, slots=True)
class Payload:
    """Everything a certificate shows is rendered from this, and it is embedded in the PDF."""

    record: dict[str, Any]
    checklists: tuple[dict[str, Any], ...]
    photos: tuple[Photo, ...]
    issued_at: datetime
    lang: str
    generator: str = GENERATOR

    def content(self) -> dict[str, Any]:
        """The payload as JSON data, without its digest."""
        return {
            "format": FORMAT_ID,
            "generator": self.generator,
            "issued_at": self.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "lang": self.lang,
            "record": self.record,
            "checklists": list(self.checklists),
            "photos": [
                {"name": p.name, "jpeg_base64": base64.b64encode(p.jpeg).decode("ascii")}
                for p in self.photos
            ],
        }

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON of the content: what the QR code and the page print."""
        return hashlib.sha256(canonical_json(self.content())).hexdigest()

    @property
    def certificate_id(self) -> str:
        """``QC-`` and the first 12 digest digits: short enough to read out, tied to content."""
        head = self.digest[:12].upper()
        return f"QC-{head[:4]}-{head[4:8]}-{head[8:]}"

    def to_json(self) -> bytes:
        """The embedded attachment: readable JSON with the digest it must match."""
        document = {**self.content(), "digest": f"sha256:{self.digest}"}
        text = json.dumps(document, ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")


def canonical_json(data: object) -> bytes:
    """One byte string per value: no spaces, UTF-8, keys in their order.

    Keys are not sorted: the order of a record's checklists and answers is the order the page
    shows them in, so it is part of what the digest covers.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def read_payload(data: bytes, where: str) -> tuple[Payload, str]:
    """Parse an embedded attachment into its payload and the digest it claims.

    Raises CertificateError when it is not a payload this version can read, or its photos are
    not thumbnails ``certify`` makes (too many, too big, not JPEG): they are decoded on verify.
    """
    location = Location(where, field=ATTACHMENT_NAME)
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT_ID:
            raise ValueError(f"not a {FORMAT_ID} document")
        claimed = str(document["digest"]).removeprefix("sha256:")
        issued = datetime.strptime(document["issued_at"], "%Y-%m-%dT%H:%M:%SZ")
        if document["lang"] not in LANGUAGES:
            raise ValueError(f"unknown language {document['lang']!r}")
        listed = list(document["photos"])
        many = photos.too_many(len(listed))
        if many is not None:
            raise CertificateError([Problem(location, many)])
        payload = Payload(
            record=dict(document["record"]),
            checklists=tuple(dict(c) for c in document["checklists"]),
            photos=tuple(
                Photo(str(p["name"]), base64.b64decode(p["jpeg_base64"], validate=True))
                for p in listed
            ),
            issued_at=issued.replace(tzinfo=UTC),
            lang=str(document["lang"]),
            generator=str(document["generator"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise CertificateError([Problem(location, f"unreadable embedded record: {exc}")]) from None
    for photo in payload.photos:
        bad = photos.embedded_problem(photo.name, photo.jpeg)
        if bad is not None:
            raise CertificateError([Problem(location, bad)])
    return payload, claimed


def build_payload(
    result: SkuResult, photos: Sequence[Photo], issued_at: datetime, lang: str
) -> Payload:
    """The payload of a judged record (PASS or FAIL) at an issue time, in a language."""
    if result.record is None or result.verdict is Verdict.INVALID:
        raise CertificateError([Problem(result.location, "an INVALID record gets no certificate")])
    unset = {"finished_at"} if result.record.finished_at is None else None
    record = result.record.model_dump(mode="json", exclude=unset)
    by_key = {item.checklist.checklist.key: item.checklist.data for item in result.items}
    return Payload(record, tuple(by_key.values()), tuple(photos), issued_at.astimezone(UTC), lang)


def issue_time(text: str | None) -> datetime:
    """``--issued-at`` as an aware time to the second; now (UTC) when not given."""
    if text is None:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise CertificateError(
            [
                Problem(
                    Location("--issued-at"),
                    f"{text!r} is not a time with a zone, e.g. 2026-11-23T09:00:00+08:00",
                )
            ]
        )
    return moment.astimezone(UTC).replace(microsecond=0)


def certificate_name(sku: str, verdict: Verdict, inspected_at: datetime) -> str:
    """``SKU_VERDICT_DATE.pdf``: a plain file name whatever the SKU holds.

    The SKU part is ``safe_stem``: ``a/b`` and ``a_b`` never share a file.
    """
    return f"{safe_stem(sku)}_{verdict.value}_{inspected_at.date().isoformat()}.pdf"


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
    for index, name in enumerate(record.photos):
        path = photos.find(folder, name)
        if isinstance(path, Path) and path not in made:
            made[path] = photos.thumbnail(path, name)
        jpeg = made[path] if isinstance(path, Path) else path
        if isinstance(jpeg, Message):
            problems.append(Problem(result.location.at(field=f"photos[{index}]"), jpeg))
        else:
            shown.append(Photo(name, jpeg))
    if problems:
        raise CertificateError(problems)
    return tuple(shown)
