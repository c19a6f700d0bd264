"""The issuing site's signing keys: a small local CA and a signing certificate issued under it.

Others trust the CA certificate (``ca-cert.pem``, the file to hand out); certificates are signed
with the signing key. The private keys never leave the folder: PKCS#8 PEM, encrypted when a
passphrase is given, mode 0600 in a 0700 folder, written atomically so that no moment exists
when another account could read them. Nothing here prints or asks: problems are KeysErrors.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import TypeAdapter, ValidationError

from qa_check.certificates.site import IssuerName
from qa_check.core.errors import Location, Problem, QaCheckError, pydantic_messages
from qa_check.core.messages import Message, msg
from qa_check.files.fileio import atomic_write, os_reason, read_regular

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

CA_CERT = "ca-cert.pem"
CA_KEY = "ca-key.pem"
SIGNING_CERT = "signing-cert.pem"
SIGNING_KEY = "signing-key.pem"
MAX_PEM_BYTES = 64 * 1024
"""A key or certificate file is a few hundred bytes; a larger one is refused unread."""
MAX_PASSPHRASE_BYTES = 1023
"""The longest passphrase the key encryption (OpenSSL's PEM routines) takes."""


class KeysError(QaCheckError):
    """A signing key cannot be made or used: missing, loose permissions, wrong passphrase."""


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """The public side of a key folder: what ``keys show`` prints and a signed page names."""

    folder: Path
    issuer: str
    """The issuer's whole name, as the signing certificate's subject carries it."""
    fingerprint: str
    """SHA-256 of the signing certificate's DER, 64 upper-case hex digits."""
    ca_fingerprint: str
    """SHA-256 of the CA certificate's DER, 64 upper-case hex digits."""
    not_after: datetime
    """The signing certificate's last moment (UTC)."""
    ca_file: Path
    """``ca-cert.pem``: hand this out; verifiers trust certificates signed under it."""


def _fail(where: Path | str, message: Message | str) -> KeysError:
    return KeysError([Problem(Location(str(where)), message)])


_ISSUER = TypeAdapter(IssuerName)


def _issuer_name(issuer: str) -> str:
    """The name as the site configuration's issuer name must be: one line the page can draw."""
    try:
        return _ISSUER.validate_python(issuer)
    except ValidationError as exc:
        messages = [message for _, message in pydantic_messages(exc.errors(), issuer)]
        raise KeysError([Problem(Location("--issuer"), m) for m in messages]) from None


def years_after(moment: datetime, years: int) -> datetime:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


NAME_ATTRIBUTE_BYTES = 64
"""X.509's bound on a common or organisation name (ub-common-name), as cryptography counts it:
UTF-8 bytes, so 21 Chinese characters already reach it."""
FULL_NAME = x509.ObjectIdentifier("2.5.4.13")  # description
"""The subject attribute that holds the issuer's whole name (bounded at 1,024 characters), which
pdfsig's distinguished name and ``verify`` show; the common name holds what fits."""


def shortened(name: str, limit: int = NAME_ATTRIBUTE_BYTES) -> str:
    """``name`` within ``limit`` UTF-8 bytes: whole when it fits, else shortened.

    Cut at a space (or, in text without one, between characters) and ended with an ellipsis.
    """
    if len(name.encode("utf-8")) <= limit:
        return name
    room = limit - len("…".encode())
    cut = name
    while len(cut.encode("utf-8")) > room:
        cut = cut[:-1]
    spaced = cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut
    return spaced.rstrip() + "…"


def _name(common_name: str, organisation: str) -> x509.Name:
    """A subject with what X.509 allows in its bounded names, the whole name beside them."""
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, shortened(common_name)),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, shortened(organisation)),
    ]
    if shortened(organisation) != organisation:
        attributes.append(x509.NameAttribute(FULL_NAME, organisation))
    return x509.Name(attributes)


def full_name(subject: x509.Name) -> str:
    """The issuer's name a certificate's subject carries, whole.

    The FULL_NAME attribute when the name was too long for the common name; keys of earlier
    versions have only the common name.
    """
    for oid in (FULL_NAME, NameOID.COMMON_NAME):
        found = subject.get_attributes_for_oid(oid)
        if found:
            return str(found[0].value)
    return ""


def _key_usage(*, sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not sign,
        crl_sign=not sign,
        encipher_only=False,
        decipher_only=False,
    )


def init_keys(
    folder: Path,
    issuer: str,
    passphrase: bytes | None,
    *,
    now: datetime,
    ca_years: int = 20,
    signing_years: int = 10,
) -> KeyInfo:
    """Create the CA and the signing key and certificate in ``folder``; refuse to replace any.

    ``now`` is when both certificates start (tests give a past time for an expired one).
    """
    _check_passphrase(folder, passphrase)
    name = _issuer_name(issuer)
    for file in (SIGNING_KEY, SIGNING_CERT, CA_KEY, CA_CERT):
        if os.path.lexists(folder / file):
            raise _fail(folder / file, msg("keys_already_there"))
    start = now.astimezone(UTC).replace(microsecond=0)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    signing_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"{shortened(name, NAME_ATTRIBUTE_BYTES - len(' CA'))} CA", name)
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(years_after(start, ca_years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(sign=False), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    until = years_after(start, signing_years)
    signing_cert = signing_certificate(name, signing_key, (ca_cert, ca_key), start, until)
    _private_folder(folder)
    pem = serialization.Encoding.PEM
    # The keys first: a folder with certificates but no key is never left by a failed init.
    atomic_write(folder / CA_KEY, private_pem(ca_key, passphrase), mode=0o600)
    atomic_write(folder / SIGNING_KEY, private_pem(signing_key, passphrase), mode=0o600)
    atomic_write(folder / CA_CERT, ca_cert.public_bytes(pem))
    atomic_write(folder / SIGNING_CERT, signing_cert.public_bytes(pem))
    return read_keys(folder)


def signing_certificate(
    name: str,
    signing_key: ec.EllipticCurvePrivateKey,
    ca: tuple[x509.Certificate, ec.EllipticCurvePrivateKey],
    start: datetime,
    until: datetime,
) -> x509.Certificate:
    """A signing certificate for ``signing_key`` under the CA (its certificate and key).

    ``keys init`` makes the first, ``keys rotate`` the next ones.
    """
    ca_cert, ca_key = ca
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())  # as init made it
    return (
        x509.CertificateBuilder()
        .subject_name(_name(name, name))
        .issuer_name(ca_cert.subject)
        .public_key(signing_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(sign=True), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(signing_key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )


def private_pem(key: ec.EllipticCurvePrivateKey, passphrase: bytes | None) -> bytes:
    """A private key as the folder keeps it: PKCS#8 PEM, encrypted when there is a passphrase."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    pem, pkcs8 = serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8
    return key.private_bytes(pem, pkcs8, encryption)


def _private_folder(folder: Path) -> None:
    """Make ``folder`` 0700 when this makes it (or it is empty): a folder of the user's is kept."""
    try:
        existed = folder.is_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not existed or not any(folder.iterdir()):
            folder.chmod(0o700)
    except OSError as exc:
        raise _fail(folder, msg("cannot_write", reason=os_reason(exc))) from exc


def has_keys(folder: Path) -> bool:
    """Whether ``folder`` holds a signing key (then certify signs by default)."""
    return os.path.lexists(folder / SIGNING_KEY)


def read_keys(folder: Path) -> KeyInfo:
    """The public parts of the key folder: no passphrase needed."""
    _require(folder)
    signing = read_certificate(folder / SIGNING_CERT)
    ca = read_certificate(folder / CA_CERT)
    return KeyInfo(
        folder=folder,
        issuer=full_name(signing.subject),
        fingerprint=fingerprint(signing),
        ca_fingerprint=fingerprint(ca),
        not_after=signing.not_valid_after_utc,
        ca_file=folder / CA_CERT,
    )


def _require(folder: Path) -> None:
    if not has_keys(folder):
        raise _fail(folder, msg("keys_missing"))


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of a certificate's DER, 64 upper-case hex digits."""
    der = cert.public_bytes(serialization.Encoding.DER)
    return hashlib.sha256(der).hexdigest().upper()


def needs_passphrase(folder: Path) -> bool:
    """Whether the signing key is encrypted (so a passphrase must be given to sign)."""
    _require(folder)
    return b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in _read(folder / SIGNING_KEY)


def _read(path: Path) -> bytes:
    """A small file's bytes; KeysError when it cannot be read, or is a link or a special file."""
    try:
        data = read_regular(path, MAX_PEM_BYTES)
    except OSError as exc:
        raise _fail(path, os_reason(exc)) from exc
    if len(data) > MAX_PEM_BYTES:
        raise _fail(path, msg("keys_corrupt"))
    return data


def read_certificate(path: Path) -> x509.Certificate:
    """A PEM certificate file; KeysError when it is missing or not one."""
    data = _read(path)
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError:
        raise _fail(path, msg("keys_corrupt")) from None


def check_private(folder: Path) -> None:
    """KeysError when a private key file there can be read by group or others (say chmod 600)."""
    for path in (folder / SIGNING_KEY, folder / CA_KEY):
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            continue  # the CA key may live elsewhere; a missing signing key is told apart
        except OSError as exc:
            raise _fail(path, os_reason(exc)) from exc
        if stat.S_IMODE(mode) & 0o077:
            raise _fail(path, msg("keys_loose", path=str(path)))


def read_private_key(path: Path, passphrase: bytes | None) -> ec.EllipticCurvePrivateKey:
    """A private key file, checked to be its owner's only; KeysError saying what is wrong."""
    check_private(path.parent)
    data = _read(path)
    encrypted = b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in data
    if encrypted and not passphrase:
        raise _fail(path, msg("keys_passphrase_needed"))
    _check_passphrase(path, passphrase)
    key: PrivateKeyTypes
    try:
        key = serialization.load_pem_private_key(data, passphrase if encrypted else None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        wrong = encrypted and b"-----END ENCRYPTED PRIVATE KEY-----" in data
        raise _fail(path, msg("keys_wrong_passphrase" if wrong else "keys_corrupt")) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise _fail(path, msg("keys_corrupt"))
    return key


def _check_passphrase(where: Path, passphrase: bytes | None) -> None:
    """A passphrase too long to use is said plainly, before the key library refuses it."""
    if passphrase is not None and len(passphrase) > MAX_PASSPHRASE_BYTES:
        raise _fail(
            where,
            msg("keys_passphrase_too_long", n=len(passphrase), limit=MAX_PASSPHRASE_BYTES),
        )


@dataclass(frozen=True, slots=True)
class SigningKey:
    """What signing needs, loaded and checked: the key, its certificate, the CA above it."""

    info: KeyInfo
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    ca: x509.Certificate


def load_signing_key(folder: Path, passphrase: bytes | None, *, now: datetime) -> SigningKey:
    """The signing key, decrypted and checked against its certificate, the CA and ``now``."""
    info = read_keys(folder)
    cert = read_certificate(folder / SIGNING_CERT)
    ca = read_certificate(folder / CA_CERT)
    check_private(folder)
    key = read_private_key(folder / SIGNING_KEY, passphrase)
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if key.public_key().public_bytes(der, public) != cert.public_key().public_bytes(der, public):
        raise _fail(folder / SIGNING_CERT, msg("keys_mismatch", key=str(folder / SIGNING_KEY)))
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        mismatch = msg("keys_not_under_ca", ca=str(folder / CA_CERT))
        raise _fail(folder / SIGNING_CERT, mismatch) from None
    moment = now.astimezone(UTC)
    if moment > cert.not_valid_after_utc:
        when = cert.not_valid_after_utc.strftime("%Y-%m-%d %H:%M UTC")
        raise _fail(folder / SIGNING_CERT, msg("keys_expired", when=when))
    if moment < cert.not_valid_before_utc:
        when = cert.not_valid_before_utc.strftime("%Y-%m-%d %H:%M UTC")
        raise _fail(folder / SIGNING_CERT, msg("keys_not_yet_valid", when=when))
    return SigningKey(info, key, cert, ca)
