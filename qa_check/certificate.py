"""Certificate content: the canonical record a certificate embeds, its digest, id and file name.

A certificate is rendered from its payload alone: the record, the checklists it was judged
against (as data), photo thumbnails, the issue time and the language. ``verify`` re-renders the
embedded payload and compares, so nothing outside the PDF is needed to check it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError  # Pillow comes with reportlab

from qa_check import __version__
from qa_check.errors import CertificateError, Location, Problem
from qa_check.fileio import escapes_folder, safe_stem
from qa_check.i18n import LANGUAGES, msg
from qa_check.validate import SkuResult, Verdict

FORMAT_ID = "qa-check/certificate@1"
ATTACHMENT_NAME = "qa-check-record.json"
GENERATOR = f"qa-check {__version__}"
THUMBNAIL_PIXELS = 480


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
            "issued_at": utc_text(self.issued_at),
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


# --- times: one exact format, written and read here only -------------------------------------

_UTC_TEXT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z", re.ASCII)


def utc_text(moment: datetime) -> str:
    """``2026-11-23T01:00:00Z``: the issue time as the payload holds it, always four year digits.

    Written field by field: ``strftime("%Y")`` gives ``999`` for the year 999 on Linux, which
    no strict reader takes back.
    """
    utc = moment.astimezone(UTC)
    return f"{_date(utc)}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"


def read_utc_text(text: str) -> datetime:
    """The time ``utc_text`` wrote, and nothing else; ValueError for any other text."""
    found = _UTC_TEXT.fullmatch(text)
    if found is None:
        raise ValueError(text)
    year, month, day, hour, minute, second = map(int, found.groups())
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def page_time(moment: datetime, *, utc: bool = False) -> str:
    """A time as the page prints it: ``2026-11-20 10:15 +08:00``, or ``… 01:00 UTC``.

    Without ``utc`` the time is shown as recorded, in its own offset.
    """
    if utc:
        moment = moment.astimezone(UTC)
        zone = "UTC"
    else:
        offset = int((moment.utcoffset() or timedelta(0)).total_seconds())
        sign = "-" if offset < 0 else "+"
        hours, rest = divmod(abs(offset), 3600)
        zone = f"{sign}{hours:02d}:{rest // 60:02d}" + (f":{rest % 60:02d}" if rest % 60 else "")
    return f"{_date(moment)} {moment.hour:02d}:{moment.minute:02d} {zone}"


def _date(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def read_payload(data: bytes, where: str) -> tuple[Payload, str]:
    """Parse an embedded attachment into its payload and the digest it claims.

    Raises CertificateError when it is not a payload this version can read.
    """
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT_ID:
            raise ValueError(f"not a {FORMAT_ID} document")
        claimed = str(document["digest"]).removeprefix("sha256:")
        issued = read_utc_text(document["issued_at"])
        if document["lang"] not in LANGUAGES:
            raise ValueError(f"unknown language {document['lang']!r}")
        payload = Payload(
            record=dict(document["record"]),
            checklists=tuple(dict(c) for c in document["checklists"]),
            photos=tuple(
                Photo(str(p["name"]), base64.b64decode(p["jpeg_base64"], validate=True))
                for p in document["photos"]
            ),
            issued_at=issued,
            lang=str(document["lang"]),
            generator=str(document["generator"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise CertificateError(
            [Problem(Location(where, field=ATTACHMENT_NAME), f"unreadable embedded record: {exc}")]
        ) from None
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
    """``--issued-at`` as an aware UTC time to the second; now (UTC) when not given.

    A time without a zone, or one that has no UTC equivalent in years 1 to 9999
    (``0001-01-01T00:00:00+01:00``), is a located ``--issued-at`` error.
    """
    if text is None:
        return datetime.now(UTC).replace(microsecond=0)
    where = Location("--issued-at")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise CertificateError([Problem(where, msg("issued_at_no_zone", value=text))])
    try:
        return moment.astimezone(UTC).replace(microsecond=0)
    except OverflowError:
        raise CertificateError(
            [Problem(where, msg("issued_at_out_of_range", value=text))]
        ) from None


def certificate_name(sku: str, verdict: Verdict, inspected_at: datetime) -> str:
    """``SKU_VERDICT_DATE.pdf``: a plain file name whatever the SKU holds.

    The SKU part is ``safe_stem``: ``a/b`` and ``a_b`` never share a file.
    """
    return f"{safe_stem(sku)}_{verdict.value}_{inspected_at.date().isoformat()}.pdf"


def load_photos(result: SkuResult) -> tuple[Photo, ...]:
    """Thumbnails of the photos a record names, found beside the record file.

    Raises CertificateError naming every photo that is outside the record's folder, missing or
    not an image.
    """
    record = result.record
    if record is None or not record.photos:
        return ()
    base = Path(result.location.file).parent
    photos: list[Photo] = []
    problems: list[Problem] = []
    for index, name in enumerate(record.photos):
        where = result.location.at(field=f"photos[{index}]")
        if escapes_folder(name):
            problems.append(
                Problem(where, f"{name!r}: a photo is a path inside the record's folder")
            )
            continue
        try:
            with Image.open(base / name) as image:
                image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
                buffer = io.BytesIO()
                image.convert("RGB").save(buffer, "JPEG", quality=85)
        except FileNotFoundError:
            problems.append(Problem(where, f"no photo file {base / name}"))
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            problems.append(Problem(where, f"{name}: not a readable image ({exc})"))
        else:
            photos.append(Photo(name, buffer.getvalue()))
    if problems:
        raise CertificateError(problems)
    return tuple(photos)
