"""The site configuration: who issues certificates here, who approves them, how long they last.

It is read from ``qa-check.toml`` in the working folder, or from the file ``--config`` names,
and travels in every certificate's payload, so that the page and ``verify`` need nothing but the
certificate. A site without one still issues complete certificates: the issuer is then "not
configured". A typo in a key is an error, never a setting silently left out.
"""

from __future__ import annotations

import os
import re
import stat
import string
import tomllib
import zoneinfo
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from qa_check.certificates import photos
from qa_check.certificates.page import glyphs
from qa_check.core.errors import (
    ConfigError,
    InputError,
    Location,
    Problem,
    dotted,
    pydantic_messages,
)
from qa_check.core.messages import Message, msg, printable
from qa_check.engine.models import AnswerError
from qa_check.files.safe_yaml import read_text

CONFIG_NAME = "qa-check.toml"
"""The configuration looked for in the working folder when ``--config`` names none."""
MAX_CONFIG_BYTES = 64 * 1024
"""A configuration is a dozen lines; a file this large is refused unread."""
MAX_VALID_MONTHS = 120
MAX_URL_CHARS = 80
"""A verification address with the certificate id must stay one line in the page's footer and
keep the fixed-size QR code at version 6 or less: from version 9 (some 150 characters) the
code no longer always decodes from a 150 dpi scan."""


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who issues the certificates (a lab, a warehouse), as the page names them."""

    name: str
    address: str | None = None
    accreditation: str | None = None
    """Free text, e.g. an accreditation or registration number."""
    logo: bytes | None = None
    """The logo as a JPEG thumbnail (``photos.thumbnail``), ready to draw."""


@dataclass(frozen=True, slots=True)
class Site:
    """The configuration certificates are issued under; empty when there is none."""

    issuer: Issuer | None = None
    """None: the page says the issuer is not configured."""
    approver: str | None = None
    """Who approves the certificates: the page gives them a line to sign on."""
    valid_months: int | None = None
    """The site's validity in months; a checklist's shorter ``valid_months`` still wins."""
    verify_url: str | None = None
    """The base address of the site ``qa-check publish`` writes: the QR code then holds the
    address of the certificate's page there, ``<verify_url>/c/QC-…/``."""
    timezone: str | None = None
    """The site's IANA time zone (``Asia/Shanghai``): how the site's own times are read and
    shown (times are stored in UTC). It stays out of the certificate's payload."""
    lab: Lab | None = None
    """What a lab's test report adds (report numbers, conditioning, equipment); None: nothing.
    It reaches the payload as its ``report`` part, not its ``site`` part."""


@dataclass(frozen=True, slots=True)
class Conditioning:
    """How samples are conditioned before the tests (ISO 2233: 23 °C / 50 % RH, 24 h)."""

    standard: str | None = None
    temperature_c: float | None = None
    humidity_rh: float | None = None
    hours: float | None = None


@dataclass(frozen=True, slots=True)
class Equipment:
    """One instrument the tests use, with the calibration an auditor asks for."""

    name: str
    asset: str | None = None
    """The lab's own number for it."""
    calibration: str | None = None
    """The calibration certificate's number."""
    due: date | None = None
    """When its calibration falls due."""


@dataclass(frozen=True, slots=True)
class Lab:
    """The report-grade parts of a site's configuration, each optional."""

    numbering: str | None = None
    """The report number's format, its ``{prefix}`` filled in; None: no report numbers."""
    conditioning: Conditioning | None = None
    equipment: tuple[Equipment, ...] = ()


NO_SITE = Site()
"""No configuration: certificates say their issuer is not configured."""


# --- values: the same rules for the TOML file and for a certificate's payload ------------------


def _stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _one_line(value: str) -> str:
    """Text without control characters: a line break or a bidi override forges the page."""
    if printable(value) != value:
        raise AnswerError(msg("not_valid_here", value=value, hint=msg("hint_plain_text")))
    return value


def _drawable(value: str) -> str:
    """Text the certificate font can draw; it is printed on every page."""
    gaps = glyphs.missing(_one_line(value))
    if gaps:
        raise AnswerError(msg("font_lacks", chars=glyphs.describe(gaps)))
    return value


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_WEB_ADDRESS = re.compile(
    rf"https?://{_LABEL}(?:\.{_LABEL})*(?::[0-9]{{1,5}})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?",
    re.ASCII,
)
"""http or https, a host name (an optional port), then a path: no user name, query or fragment,
since the certificate id is appended as one more path segment."""


def _web_address(value: str) -> str:
    """An http(s) address with a host, nothing a QR reader or a browser would take otherwise."""
    if _WEB_ADDRESS.fullmatch(value) is None:
        raise AnswerError(msg("not_valid_here", value=value, hint=msg("cert_hint_verify_url")))
    return value


PageText = Annotated[str, BeforeValidator(_stripped), AfterValidator(_drawable)]
"""One line of text the page prints: stripped, no control characters, every one drawable."""
IssuerName = Annotated[PageText, Field(min_length=1, max_length=200)]
Address = Annotated[PageText, Field(min_length=1, max_length=300)]
Accreditation = Annotated[PageText, Field(min_length=1, max_length=300)]
Approver = Annotated[PageText, Field(min_length=1, max_length=200)]
ValidMonths = Annotated[int, Field(ge=1, le=MAX_VALID_MONTHS)]
VerifyUrl = Annotated[
    str,
    BeforeValidator(_stripped),
    Field(min_length=1, max_length=MAX_URL_CHARS),
    AfterValidator(_web_address),
]
"""The base address of a site's online check, ``https://qa.example.com/verify``."""
def _time_zone(value: str) -> str:
    """A zone the tz database knows, so that every later reading of the site's times agrees."""
    try:
        zoneinfo.ZoneInfo(value)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise AnswerError(msg("not_valid_here", value=value, hint=msg("hint_time_zone"))) from None
    return value


TimeZone = Annotated[
    str, BeforeValidator(_stripped), Field(min_length=1, max_length=64), AfterValidator(_time_zone)
]
"""An IANA time zone name, ``Asia/Shanghai``."""
LogoPath = Annotated[str, Field(min_length=1, max_length=1024), AfterValidator(_one_line)]
ShortText = Annotated[PageText, Field(min_length=1, max_length=100)]
"""A name or number on a report's line: an instrument, a calibration, a standard."""
MAX_NUMBER_CHARS = 40
DEFAULT_NUMBERING = "{prefix}-{year}-{seq:06d}"
"""A report number when ``[report] number`` does not say: ``DGL-2026-000123``."""
NUMBER_FIELDS = frozenset({"prefix", "year", "seq"})


def _numbering(value: str) -> str:
    """A report number format: ``{seq}`` once (numbers must differ), ``{prefix}``, ``{year}``.

    Checked by formatting an example, so that no later certificate can fail on it.
    """
    hint = msg("report_hint_number")
    try:
        parsed = [(name, convert) for _, name, _, convert in string.Formatter().parse(value)]
        fields = [name for name, _ in parsed if name is not None]
        example = value.format(prefix="P", year=2026, seq=1)
    except (ValueError, KeyError, IndexError, AttributeError):
        raise AnswerError(msg("not_valid_here", value=value, hint=hint)) from None
    converted = any(convert is not None for _, convert in parsed)
    if set(fields) - NUMBER_FIELDS or fields.count("seq") != 1 or converted or not example:
        raise AnswerError(msg("not_valid_here", value=value, hint=hint))
    return value


Numbering = Annotated[
    PageText, Field(min_length=1, max_length=MAX_NUMBER_CHARS), AfterValidator(_numbering)
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _IssuerTable(_Strict):
    name: IssuerName
    address: Address | None = None
    logo: LogoPath | None = None
    """A JPEG or PNG file, relative to the configuration file."""
    accreditation: Accreditation | None = None


class _SignatoryTable(_Strict):
    approver: Approver | None = None


class _CertificateTable(_Strict):
    valid_months: ValidMonths | None = None
    verify_url: VerifyUrl | None = None


class _SiteTable(_Strict):
    timezone: TimeZone | None = None


class _ReportTable(_Strict):
    prefix: Annotated[ShortText, Field(max_length=20)] | None = None
    number: Numbering | None = None


class _ConditioningTable(_Strict):
    standard: ShortText | None = None
    temperature_c: Annotated[float, Field(ge=-70, le=100)] | None = None
    humidity_rh: Annotated[float, Field(ge=0, le=100)] | None = None
    hours: Annotated[float, Field(gt=0, le=10_000)] | None = None


class _EquipmentTable(_Strict):
    name: ShortText
    asset: ShortText | None = None
    calibration: ShortText | None = None
    due: date | None = None


class _Config(_Strict):
    """``qa-check.toml``: optional tables, no other key."""

    issuer: _IssuerTable | None = None
    signatory: _SignatoryTable | None = None
    certificate: _CertificateTable | None = None
    site: _SiteTable | None = None
    report: _ReportTable | None = None
    conditioning: _ConditioningTable | None = None
    equipment: Annotated[list[_EquipmentTable], Field(max_length=12)] | None = None


# --- reading ------------------------------------------------------------------------------


def load_site(explicit: Path | None = None) -> Site:
    """The configuration ``explicit`` names, else ``./qa-check.toml``, else an empty Site.

    Raises ConfigError with every problem located (file, line, key).
    """
    path = Path(CONFIG_NAME) if explicit is None else explicit
    if explicit is None and not os.path.lexists(path):
        return NO_SITE
    return read_site(path)


def read_site(path: Path) -> Site:
    """The site configuration in the TOML file ``path``; ConfigError saying what is wrong."""
    where = Location(str(path))
    try:
        text = read_text(path, limit=MAX_CONFIG_BYTES)
    except InputError as exc:
        raise ConfigError(exc.problems) from None
    data = _parse(text, where)
    try:
        config = _Config.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(where.at(line=_line(text, found), field=dotted(found) or None), message)
            for found, message in pydantic_messages(exc.errors(), data)
        ]
        raise ConfigError(sorted(problems, key=lambda p: p.location.line or 0)) from None
    issuer = config.issuer
    logo: bytes | None = None
    if issuer is not None and issuer.logo is not None:
        made = _logo(path.parent, issuer.logo)
        if isinstance(made, Message):
            place = where.at(line=_line(text, ("issuer", "logo")), field="issuer.logo")
            raise ConfigError([Problem(place, made)])
        logo = made
    return Site(
        None if issuer is None else Issuer(issuer.name, issuer.address, issuer.accreditation, logo),
        config.signatory.approver if config.signatory else None,
        config.certificate.valid_months if config.certificate else None,
        config.certificate.verify_url if config.certificate else None,
        config.site.timezone if config.site else None,
        _lab(config),
    )


def _lab(config: _Config) -> Lab | None:
    """The report-grade parts of a configuration; None when it has none of them."""
    report, found = config.report, config.conditioning
    conditioning = None if found is None else Conditioning(**found.model_dump())
    equipment = tuple(Equipment(**table.model_dump()) for table in config.equipment or ())
    numbering = None
    if report is not None:
        prefix = (report.prefix or "").replace("{", "{{").replace("}", "}}")
        numbering = (report.number or DEFAULT_NUMBERING).replace("{prefix}", prefix)
    if numbering is None and conditioning is None and not equipment:
        return None
    return Lab(numbering, conditioning, equipment)


_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def _parse(text: str, where: Location) -> object:
    """The TOML document as data; a syntax error names its line (tomllib puts it in words)."""
    try:
        return tomllib.loads(text)
    except RecursionError:  # inline tables nested thousands deep
        raise ConfigError([Problem(where, msg("config_too_deep"))]) from None
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        found = _POSITION.search(reason)
        if found is None:
            line = None
        elif found.group(1) is None:  # the end of the document: its last line that has text
            line = text.rstrip().count("\n") + 1
        else:
            line = int(found.group(1))
            reason = reason[: found.start()] + f" (column {found.group(2)})"
        problem = Problem(where.at(line=line), msg("config_invalid_toml", reason=reason))
        raise ConfigError([problem]) from None


_TABLE = re.compile(r"\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(?:#.*)?")
_ARRAY = re.compile(r"\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]\s*(?:#.*)?")
_KEY = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")


def _line(text: str, path: tuple[str | int, ...]) -> int | None:
    """The line ``path`` (``issuer.name``, else ``issuer``) is written on, or None.

    tomllib tells no positions, so they are found in the text: a ``[table]`` header, or a key
    at the start of a line in its table, when written exactly once. A key spelled otherwise
    (dotted, quoted, in an inline table) falls back to its table's line, or gets none: a line
    is never guessed.
    """
    places: dict[tuple[str, ...], list[int]] = {}
    table: tuple[str, ...] = ()
    arrays: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):  # TOML's lines, not Unicode's
        header = _TABLE.fullmatch(line)
        array = _ARRAY.fullmatch(line)
        if header is not None:
            table = (header.group(1),)
            places.setdefault(table, []).append(number)
        elif array is not None:  # ``[[equipment]]``: its n-th table is ``equipment.n``
            name = array.group(1)
            arrays[name] = arrays.get(name, -1) + 1
            table = (name, str(arrays[name]))
            places.setdefault(table, []).append(number)
        elif line.lstrip().startswith("["):
            table = ("[",)  # an array of tables or a dotted header: nothing here is looked up
        elif (key := _KEY.match(line)) is not None:
            places.setdefault((*table, key.group(1)), []).append(number)
    for end in range(len(path), 0, -1):
        lines = places.get(tuple(str(part) for part in path[:end]), [])
        if len(lines) == 1:
            return lines[0]
    return None


def _logo(folder: Path, name: str) -> bytes | Message:
    """The logo file ``name`` (relative to ``folder``) as a thumbnail, or why it cannot be.

    ``photos`` reads it, as it reads a record's photos: JPEG or PNG only, its size checked
    from its header before it is decoded.
    """
    path = folder / name
    try:
        real = Path(os.path.realpath(path, strict=True))
        mode = real.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return msg("config_logo_missing", path=str(path))
    except OSError as exc:
        return msg("photo_cannot_open", path=str(path), reason=exc.strerror or str(exc))
    if not stat.S_ISREG(mode):
        return msg("config_logo_not_file", path=str(path))
    return photos.thumbnail(real, name)
