"""Reading a certificate's PDF signature: is it intact, does it cover the file, who vouches for it.

First by qa-check's own rules, the one layout its signer writes: one signature, whose byte
ranges are ``[0, a, b, c]`` with the second ending at the file's end and the bytes between them
exactly the signature's hex string. A library's "covers the whole file" compares sizes only, and
a signature moved or wrapped around hidden objects passes it. Then pyHanko validates: the signed
bytes hash to what was signed, the signature is the signer key's, and the signer's certificate
chains to one of the trusted certificates (the CAs a site hands out, given with ``--trust`` or
found in the key folder). Nothing is fetched from the network: a qa-check CA publishes no
revocation lists, revocation is the register's job.

Whatever a crafted file holds, the answer is a ``Signature`` with a reason, never a crash.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from qa_check.certificates.signing.keys import FULL_NAME
from qa_check.core.errors import InputError, Location, Problem
from qa_check.core.messages import Message, msg, printable
from qa_check.files.fileio import read_regular
from qa_check.files.safe_yaml import cannot_read

MAX_TRUST_BYTES = 1024 * 1024
"""A file of trusted certificates is a few KB; one this large is refused unread."""


@dataclass(frozen=True, slots=True)
class Trust:
    """The certificates a signer must chain to, as DER; none: no signature is trusted."""

    roots: tuple[bytes, ...]
    _contexts: dict[datetime, ValidationContext] = field(
        default_factory=dict, repr=False, compare=False
    )

    def context(self, moment: datetime) -> ValidationContext:
        """The validation context at ``moment``, made once: pyHanko caches the paths it built.

        Only the last moment's is kept: a command judges every file at one moment.
        """
        found = self._contexts.get(moment)
        if found is None:
            roots = [asn1_x509.Certificate.load(der) for der in self.roots]
            found = ValidationContext(trust_roots=roots, moment=moment, allow_fetching=False)
            self._contexts.clear()
            self._contexts[moment] = found
        return found


@dataclass(frozen=True, slots=True)
class Signature:
    """A file's signature as checked: who signed it, and what is wrong with it (None: nothing)."""

    name: str
    fingerprint: str
    """SHA-256 of the signing certificate, 64 upper-case hex digits."""
    problem: Message | None = None
    tampered: bool = False
    """The problem is the file's integrity (TAMPERED), not whether the signer is trusted."""
    signed_at: datetime | None = None
    """When the signer says it signed (the CMS signing time): a key withdrawn before it is not
    trusted. None when the signature claims no time."""


def load_trust(paths: Sequence[Path]) -> Trust:
    """The certificates in ``paths`` (PEM, one or more each, or DER); InputError naming the file."""
    roots: list[bytes] = []
    problems: list[Problem] = []
    for path in paths:
        where = Location(str(path))
        try:
            data = read_regular(path, MAX_TRUST_BYTES)
        except OSError as exc:
            problems.append(Problem(where, cannot_read(exc)))
            continue
        found = _certificates(data) if len(data) <= MAX_TRUST_BYTES else []
        if not found:
            problems.append(Problem(where, msg("trust_not_certificate")))
        roots += found
    if problems:
        raise InputError(problems)
    return Trust(tuple(roots))


def _certificates(data: bytes) -> list[bytes]:
    """Each X.509 certificate in ``data`` as DER: PEM blocks, or one DER certificate."""
    try:
        if b"-----BEGIN" in data:
            return [c.public_bytes(Encoding.DER) for c in x509.load_pem_x509_certificates(data)]
        return [x509.load_der_x509_certificate(data).public_bytes(Encoding.DER)]
    except ValueError:
        return []


def read_signature(data: bytes, trust: Trust, moment: datetime) -> Signature | None:
    """The file's signature, checked at ``moment`` against ``trust``; None when it has none.

    In the order a reader needs it: every signature intact, the last one covering the whole
    file (anything appended after signing is an edit), then each signer trusted.
    """
    for name in ("pyhanko", "pyhanko_certvalidator"):  # its findings are reasons, not log lines
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as exc:  # a crafted or cut file: pyHanko raises many kinds
        if b"/ByteRange" not in data:
            return None
        return Signature("", "", _unreadable(exc), tampered=True)
    if not signatures:
        return None
    if len(signatures) > 1:
        name, fingerprint = _named(signatures[-1])
        added = msg("cert_signature_count", n=len(signatures))
        return Signature(name, fingerprint, added, tampered=True)
    [embedded] = signatures
    laid_out = _layout_problem(embedded, data)
    if laid_out is not None:
        name, fingerprint = _named(embedded)
        return Signature(name, fingerprint, laid_out, tampered=True)
    return _checked(embedded, len(data), trust, moment)


_HEX_STRING = re.compile(rb"<[0-9A-Fa-f]*>")


def _layout_problem(embedded: Any, data: bytes) -> Message | None:
    """Why the signature is not laid out as qa-check's signer lays it out (None: it is).

    ``/ByteRange`` must be ``[0, a, b, c]``, and the bytes from ``a`` to ``b`` exactly the hex
    string of ``/Contents``: anything else in that unsigned gap (an object, a second copy of the
    signature) is hidden beside it. Bytes after ``b + c`` are an update appended after signing,
    which pyHanko's coverage check names; a second range past the file's end is a file cut
    short, or a range moved.
    """
    try:
        ranges = [int(value) for value in embedded.byte_range]
    except (TypeError, ValueError):
        ranges = []
    if len(ranges) != 4 or ranges[0] != 0 or not 0 < ranges[1] < ranges[2] or ranges[3] < 0:
        return msg("cert_signature_ranges", ranges=_shown_ranges(embedded), size=len(data))
    _, start, end, length = ranges
    if end + length > len(data):
        return msg("cert_signature_short", size=end + length - len(data))
    if end + length < len(data):
        return None  # appended after signing: _checked says how many bytes
    gap = data[start:end]
    try:
        contents = bytes.fromhex(gap[1:-1].decode("ascii"))
    except ValueError:
        contents = None
    if _HEX_STRING.fullmatch(gap) is None or contents != embedded.pkcs7_content:
        return msg("cert_signature_gap", size=len(gap))
    return None


def _shown_ranges(embedded: Any) -> str:
    """The ``/ByteRange`` as the file has it, short: it comes from a hostile file."""
    return printable(" ".join(str(value) for value in list(embedded.byte_range)[:8]))[:80]


def _named(embedded: Any) -> tuple[str, str]:
    """Who a signature names, or nothing when it names no one readable."""
    try:
        return _who(embedded.signer_cert)
    except Exception:  # a crafted signature: its problem is reported, not its signer's
        return "", ""


def _checked(embedded: Any, size: int, trust: Trust, moment: datetime) -> Signature:
    """One embedded signature of a file of ``size`` bytes, validated by pyHanko."""
    try:
        certificate = embedded.signer_cert
        name, fingerprint = _who(certificate)
    except Exception as exc:  # no signer certificate in the signature: not one anybody made
        return Signature("", "", _unreadable(exc), tampered=True)
    try:
        status = validate_pdf_signature(embedded, trust.context(moment))
    except Exception as exc:  # a malformed signature, or one pyHanko cannot follow
        return Signature(name, fingerprint, _unreadable(exc), tampered=True)
    if not (status.intact and status.valid):
        return Signature(name, fingerprint, msg("cert_signature_broken"), tampered=True)
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        *_, start, length = list(embedded.byte_range)  # pyHanko's ArrayObject cannot slice
        changed = msg("cert_signature_appended", size=size - start - length)
        return Signature(name, fingerprint, changed, tampered=True)
    if status.trusted:
        return Signature(name, fingerprint, signed_at=_signing_time(embedded))
    since, until = certificate.not_valid_before, certificate.not_valid_after
    if moment < since:
        early = msg("cert_signer_not_yet", name=name, date=since.isoformat(timespec="minutes"))
        return Signature(name, fingerprint, early)
    if until < moment:
        late = msg("cert_signer_expired", name=name, date=until.date().isoformat())
        return Signature(name, fingerprint, late)
    untrusted = msg("cert_signer_untrusted", name=name, key=fingerprint[:16])
    return Signature(name, fingerprint, untrusted)


def _signing_time(embedded: Any) -> datetime | None:
    """The signing time the signature claims, in UTC; None when it claims none readable."""
    try:
        claimed = embedded.self_reported_timestamp
    except Exception:  # a time pyHanko cannot parse claims nothing
        return None
    return claimed.astimezone(UTC) if isinstance(claimed, datetime) else None


def _who(certificate: Any) -> tuple[str, str]:
    """The signer's name and its SHA-256 fingerprint.

    The name is the whole one the subject carries beside a shortened common name (``keys``'s
    FULL_NAME, which asn1crypto knows by its dotted number), else the common name.
    """
    subject = certificate.subject.native
    whole = subject.get(FULL_NAME.dotted_string)
    name = str(whole or subject.get("common_name") or subject.get("organization_name") or "")
    fingerprint = hashlib.sha256(certificate.dump()).hexdigest().upper()
    return name, fingerprint


def _unreadable(exc: Exception) -> Message:
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    return msg("cert_signature_unreadable", detail=detail)
