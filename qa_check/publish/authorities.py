"""The issuer's CA certificates the site publishes, with the fingerprints its index prints."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from qa_check.certificates.payload import grouped_fingerprint
from qa_check.certificates.signing.keys import CA_CERT, full_name
from qa_check.certificates.signing.trust import load_trust
from qa_check.publish.build import Signed
from qa_check.publish.pages import Authority


def issuer_files(keys: Path | None, ca_files: Sequence[Path]) -> Signed:
    """The CA certificates of ``ca_files``, else of the key folder ``keys``; none: nothing.

    InputError naming a file that is not a certificate (``load_trust``'s checks).
    """
    paths = list(ca_files) or ([keys / CA_CERT] if keys is not None else [])
    if not paths:
        return Signed()
    authorities = []
    pem = []
    for der in load_trust(paths).roots:
        cert = x509.load_der_x509_certificate(der)
        digest = hashlib.sha256(der).hexdigest().upper()
        authorities.append(Authority(full_name(cert.subject), grouped_fingerprint(digest)))
        pem.append(cert.public_bytes(Encoding.PEM))
    return Signed(b"".join(pem), tuple(authorities))
