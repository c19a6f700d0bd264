"""A new signing key under the same CA (``keys rotate``), and the signing certificates retired.

A signing key is replaced when it nears its end, or when it may have been copied. The CA stays:
readers keep trusting the one ``ca-cert.pem`` they were handed, so certificates signed by the
old key keep verifying, as they chain to it. The old signing certificate is kept, public, under
``retired/`` (named by its fingerprint): the revocation list carries it beside the revocations
it signed, so that each one's own signature still checks. Its private key is replaced, never
kept: a retired key signs nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from qa_check.certificates.signing.keys import (
    CA_CERT,
    CA_KEY,
    SIGNING_CERT,
    SIGNING_KEY,
    KeyInfo,
    KeysError,
    fingerprint,
    full_name,
    private_pem,
    read_certificate,
    read_keys,
    read_private_key,
    signing_certificate,
    years_after,
)
from qa_check.core.errors import Location, Problem
from qa_check.core.messages import msg
from qa_check.core.signals import held
from qa_check.files.fileio import atomic_write, os_reason

RETIRED = "retired"
"""The key folder's folder of retired signing certificates, ``<FINGERPRINT>.pem`` each."""
SIGNING_YEARS = 10
"""How long a new signing certificate runs, as ``keys init`` makes it (never past the CA's end)."""
_FINGERPRINT = re.compile(r"[0-9A-F]{64}")


@dataclass(frozen=True, slots=True)
class Retired:
    """A signing certificate no longer used to sign, as ``keys show`` lists it."""

    fingerprint: str
    not_after: datetime
    file: Path
    certificate: x509.Certificate


def rotate_keys(folder: Path, passphrase: bytes | None, *, now: datetime) -> tuple[KeyInfo, Path]:
    """Replace the signing key and certificate with new ones under the same CA.

    ``passphrase`` unlocks the CA key and encrypts the new signing key (``keys init`` used one
    for both). Returns the new key's information and where the old certificate was kept. The
    replacement runs with Ctrl-C held: the new key and its certificate are written together.
    """
    info = read_keys(folder)
    old = read_certificate(folder / SIGNING_CERT)
    ca = read_certificate(folder / CA_CERT)
    if not (folder / CA_KEY).is_file():
        raise KeysError([Problem(Location(str(folder / CA_KEY)), msg("rev_no_ca_key"))])
    ca_key = read_private_key(folder / CA_KEY, passphrase)
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if ca_key.public_key().public_bytes(der, public) != ca.public_key().public_bytes(der, public):
        mismatch = msg("keys_mismatch", key=str(folder / CA_KEY))
        raise KeysError([Problem(Location(str(folder / CA_CERT)), mismatch)])
    start = now.astimezone(UTC).replace(microsecond=0)
    until = min(years_after(start, SIGNING_YEARS), ca.not_valid_after_utc)
    new_key = ec.generate_private_key(ec.SECP256R1())
    new_cert = signing_certificate(full_name(old.subject), new_key, (ca, ca_key), start, until)
    retired = folder / RETIRED / f"{info.fingerprint}.pem"
    pem = serialization.Encoding.PEM
    try:
        retired.parent.mkdir(mode=0o700, exist_ok=True)
        atomic_write(retired, old.public_bytes(pem))
        with held():
            atomic_write(folder / SIGNING_KEY, private_pem(new_key, passphrase), mode=0o600)
            atomic_write(folder / SIGNING_CERT, new_cert.public_bytes(pem))
    except OSError as exc:
        problem = Problem(Location(str(folder)), msg("cannot_write", reason=os_reason(exc)))
        raise KeysError([problem]) from exc
    return read_keys(folder), retired


def retired_certificates(folder: Path) -> list[Retired]:
    """The signing certificates retired from ``folder``, oldest end first.

    A file under ``retired/`` that is no certificate is a KeysError naming it: the folder is
    the site's own, and a damaged file there would hide a revocation's signer.
    """
    found = []
    for path in sorted((folder / RETIRED).glob("*.pem")):
        certificate = read_certificate(path)
        found.append(
            Retired(fingerprint(certificate), certificate.not_valid_after_utc, path, certificate)
        )
    return sorted(found, key=lambda retired: (retired.not_after, retired.fingerprint))


def fingerprint_given(text: str) -> str | None:
    """A fingerprint as typed (groups, colons, lower case) as 64 upper-case hex digits.

    None when it is not one.
    """
    cleaned = re.sub(r"[\s:]", "", text).upper()
    return cleaned if _FINGERPRINT.fullmatch(cleaned) else None
