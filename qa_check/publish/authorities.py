"""What the issuer's keys give the site: its CA certificates and the signed revocation list."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from qa_check.certificates.payload import grouped_fingerprint
from qa_check.certificates.register import Register
from qa_check.certificates.signing.keys import CA_CERT, fingerprint, full_name, load_signing_key
from qa_check.certificates.signing.revocations import revocation_list, sign_unsigned
from qa_check.certificates.signing.trust import load_trust
from qa_check.publish.build import Signed
from qa_check.publish.pages import Authority


def issuer_files(
    keys: Path | None,
    ca_files: Sequence[Path],
    revocations: bytes | None = None,
    trusted: Sequence[Path] = (),
) -> Signed:
    """The CA certificates to publish, each once, and ``revocations``.

    Those of ``ca_files``, else of the key folder ``keys``; then the other sites' ``trusted``
    (``publish --trust``). InputError naming a file that is not a certificate.
    """
    paths = list(ca_files) or ([keys / CA_CERT] if keys is not None else [])
    paths += trusted
    authorities = []
    pem = []
    for der in dict.fromkeys(load_trust(paths).roots if paths else ()):
        cert = x509.load_der_x509_certificate(der)
        shown = grouped_fingerprint(fingerprint(cert))
        authorities.append(Authority(full_name(cert.subject), shown))
        pem.append(cert.public_bytes(Encoding.PEM))
    return Signed(b"".join(pem), tuple(authorities), revocations)


def signed_revocations(
    keys: Path,
    passphrase: bytes | None,
    registers: Sequence[Path],
    now: datetime,
    next_update_days: int,
    *,
    trusted: Sequence[Path] = (),
) -> tuple[bytes, list[str]]:
    """``revocations.json`` of ``registers``, signed with ``keys``' key, and what it signed now.

    Revocations made before they were signed are signed first, in their registers, and named in
    the second part (``sign_unsigned``), for the publisher to see what the key now vouches for.
    KeysError for a key that cannot sign, RevocationListError for a revocation whose signature
    does not check, or that another site's key made under a CA neither the folder's nor among
    ``trusted`` (InputError for a file there that is not one).
    """
    authorities = [x509.load_der_x509_certificate(der) for der in load_trust(trusted).roots]
    key = load_signing_key(keys, passphrase, now=now)
    with contextlib.ExitStack() as stack:
        opened = [stack.enter_context(Register.open(path, create=False)) for path in registers]
        signed_now = [name for register in opened for name in sign_unsigned(register, key)]
        later = now + timedelta(days=next_update_days)
        listed = revocation_list(
            opened, key, this_update=now, next_update=later, authorities=authorities
        )
        return listed, signed_now
