"""Each revocation's own signature: who withdrew it, and that the key's holder did.

A revocation withdraws a certificate or a signing certificate. A register is a file anyone
with write access can change; a revocation signed with the signing key is one only the key's
holder made. The signature is ECDSA P-256 with SHA-256, DER-encoded, in base64, over
``revocation_bytes``; the signer is named by its certificate's fingerprint, and the certificate
is kept beside the seal: after ``register merge`` a register holds other sites' seals, which
``publish --trust`` checks against them.
"""

from __future__ import annotations

import base64
import binascii
import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from qa_check.certificates.register import Seal
from qa_check.certificates.signing.keys import SigningKey

CERTIFICATE_REVOCATION = "qa-check-revocation@1"
"""What a certificate's revocation signs, by name: a certificate id."""
KEY_REVOCATION = "qa-check-key-revocation@1"
"""What a signing certificate's revocation signs, by name: its fingerprint."""


def revocation_bytes(named: str, revoked_at: str, why: str, *, key: bool = False) -> bytes:
    r"""The exact bytes a revocation's signature covers.

    The UTF-8 of the JSON object ``{"format": F, "id": ID, "revoked_at": AT, "why": WHY}``,
    keys sorted, no white space between tokens, non-ASCII characters as they are (not
    ``\u`` escapes): Python's ``json.dumps(..., sort_keys=True, ensure_ascii=False,
    separators=(",", ":"))``. F is ``qa-check-revocation@1`` and ID the certificate id as
    printed (``QC-XXXX-XXXX-XXXX``); for a signing certificate's revocation (``key``), F is
    ``qa-check-key-revocation@1`` and ID its SHA-256 fingerprint, 64 upper-case hex digits.
    AT is the register's UTC text (``2026-11-23T17:12:14Z``), WHY the reason as recorded. The
    format names what is withdrawn, so that one signature cannot pass for the other kind.
    """
    document = {
        "format": KEY_REVOCATION if key else CERTIFICATE_REVOCATION,
        "id": named,
        "revoked_at": revoked_at,
        "why": why,
    }
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def sign_bytes(key: SigningKey, data: bytes) -> str:
    """``data`` signed with the signing key: base64 of the DER ECDSA-SHA256 signature."""
    return base64.b64encode(key.key.sign(data, ec.ECDSA(hashes.SHA256()))).decode("ascii")


def checks(certificate: x509.Certificate, data: bytes, signature: str) -> bool:
    """Whether ``signature`` (base64) is the certificate's key's signature of ``data``."""
    public = certificate.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        return False
    try:
        public.verify(base64.b64decode(signature, validate=True), data, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def pem_of(certificate: x509.Certificate) -> str:
    """The certificate as PEM text, as a register and a revocation list keep it."""
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def sealer(key: SigningKey, *, keys: bool = False) -> Seal:
    """What ``Register.revoke`` (``revoke_key`` with ``keys``) signs each revocation with."""

    def seal(named: str, revoked_at: str, why: str) -> tuple[str, str, str]:
        data = revocation_bytes(named, revoked_at, why, key=keys)
        return key.info.fingerprint, sign_bytes(key, data), pem_of(key.cert)

    return seal
