"""The revocation list ``revocations.json``: the site's revocations, signed, for anyone to check.

A register reaches only whoever holds the file. The list travels instead: ``publish`` writes it
into the site, or the issuer sends it, and ``verify --revocations FILE`` reports a certificate
it names REVOKED on a machine with no register, as an X.509 revocation list does. Format
``qa-check-revocations@1``, a JSON object (UTF-8)::

    format                        "qa-check-revocations@1"
    issuer                        the signing key's full issuer name
    this_update, next_update      UTC, "2026-12-06T19:30:00Z": when it was made, when the next
                                  one is due (a reader warns past it; the verdict stands)
    revoked_certificates          [{certificate_id, revoked_at, why, signer, signature}]
    revoked_signing_certificates  [{fingerprint, revoked_at, why, signer, signature}]
    signing_certificate           PEM: the certificate of the key that signed the list
    ca_certificate                PEM: the CA above it (the reader trusts a CA of its own)
    earlier_signing_certificates  [PEM]: retired signing certificates that signed entries
    sealing_certificates          [{certificate, ca_certificate}] (PEM): other sites' signing
                                  certificates that signed entries, each with its CA
    signature                     base64 ECDSA-SHA256 of the canonical JSON of all the rest

Each entry keeps its own signature (``revocation_seal``), checked against the signing
certificate it names, which the list carries. Canonical JSON: ``json.dumps(rest,
sort_keys=True, ensure_ascii=False, separators=(",", ":"))`` in UTF-8. The reader takes the file
as hostile: bounded, strict JSON, every refusal a located RevocationListError, never a crash.

Several sites, one list: after ``register merge`` an entry may be sealed by another site's
key. ``publish --trust B-ca.pem`` lists it only when the register row carries its sealing
certificate, that certificate was issued by the publishing key folder's CA or a CA given with
--trust, and the seal checks; the certificate and its CA then travel in
``sealing_certificates``. What a reader trusts: the CA of the list's signer, nothing more. The
list's signature vouches for every field, these certificates included, so an entry sealed
under another site's CA is believed on the list signer's word once its seal checks against the
certificate, and that certificate against the CA beside it. Trusting that other CA as well
changes nothing; trusting it instead of the signer's does not make the list readable.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from pydantic import BaseModel, ConfigDict, ValidationError

from qa_check.certificates.payload import read_utc_text, utc_text
from qa_check.certificates.register import MAX_WHY, Register, Sealed
from qa_check.certificates.signing.keys import SigningKey, fingerprint, full_name
from qa_check.certificates.signing.revocation_seal import (
    checks,
    pem_of,
    revocation_bytes,
    sealer,
    sign_bytes,
)
from qa_check.certificates.signing.rotation import retired_certificates
from qa_check.certificates.signing.trust import Trust
from qa_check.core.errors import (
    InputError,
    Location,
    Problem,
    QaCheckError,
    RegisterError,
    pydantic_messages,
)
from qa_check.core.messages import Message, msg, printable
from qa_check.files.fileio import read_regular
from qa_check.files.safe_json import parse_json
from qa_check.files.safe_yaml import cannot_read

FORMAT = "qa-check-revocations@1"
LIST_NAME = "revocations.json"
"""The list's name in a published site (``SITE/revocations.json``)."""
MAX_LIST_BYTES = 16 * 1024 * 1024
"""A list takes about 330 bytes a revocation (10,000 make 3.3 MB): 16 MiB holds some 50,000.
Larger is refused unread."""


class RevocationListError(QaCheckError):
    """A revocation list cannot be read or believed: not JSON, another format, edited, untrusted."""


@dataclass(frozen=True, slots=True)
class Revoked:
    """One revocation as a list (or a register) has it, and where it was read."""

    revoked_at: datetime
    why: str
    source: str
    """The list's file (or the register) that says so, for the reason a reader sees."""


@dataclass(frozen=True, slots=True)
class RevocationList:
    """A revocation list, its signature checked: what it withdraws, and until when it holds."""

    source: str
    issuer: str
    this_update: datetime
    next_update: datetime
    certificates: dict[str, Revoked]
    """Certificate id -> its revocation."""
    keys: dict[str, Revoked]
    """Signing certificate fingerprint (64 upper-case hex) -> its revocation."""
    stale: Message | None = None
    """A warning when the list is read past its next update; None when it is current."""


def sign_unsigned(register: Register, key: SigningKey) -> list[str]:
    """Sign the register's revocations made before they were signed; what was signed.

    ``publish`` calls it with the site's key: each keeps its own time and reason, and now names
    the key that vouches for it. The file cannot tell a revocation of an earlier version from a
    row written into it without a key, so the publisher is shown each one signed (certificate
    ids, then signing-key fingerprints).
    """
    signed: list[str] = []
    for keys in (False, True):
        unsigned = [row[:3] for row in register.revocations(keys=keys) if not row[4]]
        seal = sealer(key, keys=keys)
        register.add_seals([(name, *seal(name, at, why)) for name, at, why in unsigned], keys=keys)
        signed += [name for name, _, _ in unsigned]
    return signed


def revocation_list(
    registers: Sequence[Register],
    key: SigningKey,
    *,
    this_update: datetime,
    next_update: datetime,
    authorities: Sequence[x509.Certificate] = (),
) -> bytes:
    """The signed revocation list of ``registers``, as ``revocations.json`` holds it.

    Unsigned revocations are signed first (``sign_unsigned``). Each revocation's signature is
    checked against the key folder's signing certificate or a retired one, else against the
    certificate the row carries (another site's, after ``register merge``) when that chains
    directly to the folder's CA or one of ``authorities`` (``publish --trust``). Any other row,
    such as one written without a key, is a RevocationListError naming the register and the
    id, never published. A certificate revoked in several registers is listed once, with its
    first revocation.
    """
    if next_update <= this_update:
        raise RevocationListError([Problem(Location("next_update"), msg("rev_bad_window"))])
    own = {key.info.fingerprint: key.cert}
    own |= {old.fingerprint: old.certificate for old in retired_certificates(key.info.folder)}
    others: dict[str, tuple[x509.Certificate, x509.Certificate]] = {}
    tables: tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]] = ({}, {})
    for register in registers:
        sign_unsigned(register, key)
        for keys, table in zip((False, True), tables, strict=True):
            for name, at, why, signer, signature, carried in register.revocations(keys=keys):
                where = Location(str(register.path), field=name)
                sealed_by = own.get(signer)
                if sealed_by is None:
                    sealed_by, ca = _vouched(name, signer, carried, (key.ca, *authorities), where)
                    others[signer] = (sealed_by, ca)
                if not checks(sealed_by, revocation_bytes(name, at, why, key=keys), signature):
                    raise RevocationListError([Problem(where, msg("rev_row_forged", id=name))])
                kept = table.get(name)
                if kept is None or at < kept["revoked_at"]:
                    named = "fingerprint" if keys else "certificate_id"
                    table[name] = {named: name, "revoked_at": at, "why": why}
                    table[name] |= {"signer": signer, "signature": signature}
    certificates, keys_revoked = (
        sorted(table.values(), key=lambda entry: (entry["revoked_at"], *entry.values()))
        for table in tables
    )
    used = {entry["signer"] for entry in (*certificates, *keys_revoked)} - {key.info.fingerprint}
    earlier = sorted(used & own.keys())
    document: dict[str, Any] = {
        "format": FORMAT,
        "issuer": key.info.issuer,
        "this_update": utc_text(this_update),
        "next_update": utc_text(next_update),
        "revoked_certificates": certificates,
        "revoked_signing_certificates": keys_revoked,
        "signing_certificate": pem_of(key.cert),
        "ca_certificate": pem_of(key.ca),
        "earlier_signing_certificates": [pem_of(own[signer]) for signer in earlier],
        "sealing_certificates": [
            {"certificate": pem_of(sealed_by), "ca_certificate": pem_of(ca)}
            for sealed_by, ca in (others[signer] for signer in sorted(used - own.keys()))
        ],
    }
    document["signature"] = sign_bytes(key, signed_bytes(document))
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _vouched(
    name: str,
    signer: str,
    carried: str,
    authorities: Sequence[x509.Certificate],
    where: Location,
) -> tuple[x509.Certificate, x509.Certificate]:
    """The sealing certificate a row carries, and which of ``authorities`` issued it.

    RevocationListError when the row carries none (or not the one it names), or when no CA
    of ``authorities`` issued it: the message names its issuer and fingerprint, and --trust.
    """
    try:
        certificate = x509.load_pem_x509_certificate(carried.encode("utf-8"))
    except ValueError:
        raise RevocationListError([Problem(where, msg("rev_row_forged", id=name))]) from None
    if fingerprint(certificate) != signer:
        raise RevocationListError([Problem(where, msg("rev_row_forged", id=name))])
    for ca in authorities:
        try:
            certificate.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature):
            continue
        return certificate, ca
    issuer = full_name(certificate.subject)
    untrusted = msg("sites_row_untrusted", id=name, issuer=issuer, key=signer[:16])
    raise RevocationListError([Problem(where, untrusted)])


def signed_bytes(document: dict[str, Any]) -> bytes:
    """What the list's signature covers: every field but the signature, canonical JSON."""
    rest = {name: value for name, value in document.items() if name != "signature"}
    text = json.dumps(rest, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    revoked_at: str
    why: str
    signer: str
    signature: str


class _CertificateEntry(_Entry):
    certificate_id: str


class _KeyEntry(_Entry):
    fingerprint: str


class _Sealer(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    certificate: str
    ca_certificate: str


class _List(BaseModel):
    """The list's shape; fields a later ``@1`` writer adds are covered by the signature."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)
    format: str
    issuer: str
    this_update: str
    next_update: str
    revoked_certificates: list[_CertificateEntry]
    revoked_signing_certificates: list[_KeyEntry]
    signing_certificate: str
    ca_certificate: str
    earlier_signing_certificates: list[str] = []
    sealing_certificates: list[_Sealer] = []
    signature: str


def load_revocation_list(path: Path, trust: Trust, moment: datetime) -> RevocationList:
    """The list in the file at ``path``, read bounded (see ``read_revocation_list``)."""
    try:
        data = read_regular(path, MAX_LIST_BYTES)
    except OSError as exc:
        raise RevocationListError([Problem(Location(str(path)), cannot_read(exc))]) from None
    return read_revocation_list(data, str(path), trust, moment)


def read_revocation_list(data: bytes, where: str, trust: Trust, moment: datetime) -> RevocationList:
    """The list in ``data`` (from the file ``where``), checked at ``moment``.

    RevocationListError, located at ``where``, when it is too large, not UTF-8 JSON, not of
    this format, edited (the signature, or an entry's, does not check), or signed by a key
    that chains to none of the ``trust`` certificates. Read past its next update, it is
    returned with a ``stale`` warning: what it revokes stays revoked.
    """
    here = Location(where)
    if len(data) > MAX_LIST_BYTES:
        raise RevocationListError([Problem(here, msg("rev_too_large", limit=MAX_LIST_BYTES))])
    parsed = _parsed(data, where)
    shape = _shaped(parsed, where)
    signer = _certificate(shape.signing_certificate, here.at(field="signing_certificate"))
    try:
        sign_checks = checks(signer, signed_bytes(parsed), shape.signature)
    except ValueError:
        sign_checks = False
    if not sign_checks:
        raise RevocationListError([Problem(here, msg("rev_bad_signature"))])
    this_update, next_update = (
        _time(text, here.at(field=name))
        for name, text in (("this_update", shape.this_update), ("next_update", shape.next_update))
    )
    _trusted(signer, trust, this_update, here)
    if shape.issuer != full_name(signer.subject):
        named = msg("rev_issuer_differs", named=shape.issuer, signer=full_name(signer.subject))
        raise RevocationListError([Problem(here.at(field="issuer"), named)])
    signers = {fingerprint(signer): signer}
    for number, pem in enumerate(shape.earlier_signing_certificates):
        place = here.at(field=f"earlier_signing_certificates.{number}")
        earlier = _certificate(pem, place)
        _trusted(earlier, trust, None, place)
        signers[fingerprint(earlier)] = earlier
    for number, sealer_pems in enumerate(shape.sealing_certificates):
        sealing = _sealing(sealer_pems, here.at(field=f"sealing_certificates.{number}"))
        signers.setdefault(fingerprint(sealing), sealing)
    certificates = {
        entry.certificate_id.upper(): _entry(entry, entry.certificate_id, signers, here, keys=False)
        for entry in shape.revoked_certificates
    }
    keys = {
        entry.fingerprint.upper(): _entry(entry, entry.fingerprint, signers, here, keys=True)
        for entry in shape.revoked_signing_certificates
    }
    stale = None
    if moment > next_update:
        stale = msg("rev_stale", file=where, at=utc_text(next_update))
    return RevocationList(where, shape.issuer, this_update, next_update, certificates, keys, stale)


def _parsed(data: bytes, where: str) -> dict[str, Any]:
    """The file as strict JSON, an object naming this format."""
    here = Location(where)
    try:
        parsed = parse_json(data.decode("utf-8"), where)
    except UnicodeDecodeError:
        raise RevocationListError([Problem(here, msg("rev_not_utf8"))]) from None
    except InputError as exc:
        raise RevocationListError(exc.problems) from None
    named = parsed.get("format") if isinstance(parsed, dict) else None
    if named != FORMAT:
        shown = printable(str(named))[:60] if isinstance(named, str) else "-"
        raise RevocationListError([Problem(here, msg("rev_wrong_format", found=shown))])
    assert isinstance(parsed, dict)
    return parsed


def _shaped(parsed: dict[str, Any], where: str) -> _List:
    try:
        return _List.model_validate(parsed)
    except ValidationError as exc:
        found = pydantic_messages(exc.errors(), parsed)
        problems = [
            Problem(Location(where, field=".".join(map(str, path))), message)
            for path, message in found
        ]
        raise RevocationListError(problems) from None


def _certificate(pem: str, where: Location) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem.encode("utf-8"))
    except ValueError:
        raise RevocationListError([Problem(where, msg("rev_bad_certificate"))]) from None


def _sealing(pems: _Sealer, where: Location) -> x509.Certificate:
    """Another site's sealing certificate, which must be its CA's: the list vouches for both."""
    certificate = _certificate(pems.certificate, where)
    try:
        certificate.verify_directly_issued_by(_certificate(pems.ca_certificate, where))
    except (ValueError, TypeError, InvalidSignature):
        raise RevocationListError([Problem(where, msg("sites_sealer_unchained"))]) from None
    return certificate


def _time(text: str, where: Location) -> datetime:
    try:
        return read_utc_text(text)
    except ValueError:
        raise RevocationListError([Problem(where, msg("rev_bad_time"))]) from None


def _trusted(
    signer: x509.Certificate, trust: Trust, moment: datetime | None, where: Location
) -> None:
    """Nothing when ``signer`` was issued by a trusted certificate (and valid at ``moment``)."""
    for root in trust.roots:
        try:
            signer.verify_directly_issued_by(x509.load_der_x509_certificate(root))
        except (ValueError, TypeError, InvalidSignature):
            continue
        if moment is None or signer.not_valid_before_utc <= moment <= signer.not_valid_after_utc:
            return
    name = full_name(signer.subject)
    untrusted = msg("rev_untrusted", issuer=name, key=fingerprint(signer)[:16])
    raise RevocationListError([Problem(where, untrusted)])


def _entry(
    entry: _Entry,
    name: str,
    signers: dict[str, x509.Certificate],
    here: Location,
    *,
    keys: bool,
) -> Revoked:
    """One entry, its own signature checked against the certificate it names."""
    where = here.at(field=name)
    signer = signers.get(entry.signer)
    data = revocation_bytes(name, entry.revoked_at, entry.why, key=keys)
    if signer is None or not checks(signer, data, entry.signature):
        raise RevocationListError([Problem(where, msg("rev_entry_forged", id=printable(name)))])
    if not entry.why.strip() or len(entry.why) > MAX_WHY:
        raise RevocationListError([Problem(where, msg("rev_bad_why"))])
    return Revoked(_time(entry.revoked_at, where), printable(entry.why), here.file)


@dataclass(frozen=True, slots=True)
class KeyWithdrawn:
    """A certificate's signer was withdrawn: UNTRUSTED when it signed after, else a note."""

    message: Message
    untrusted: bool


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """What ``verify`` holds certificates to.

    The revocation lists given, and the signing certificates the register withdrew.
    """

    certificates: dict[str, Revoked]
    keys: dict[str, Revoked]

    @classmethod
    def of(
        cls,
        lists: Sequence[RevocationList],
        register_keys: Sequence[Sealed] = (),
        register: str = "",
    ) -> Withdrawn:
        """The lists' revocations, the first of each kept, and a register's key revocations.

        RegisterError for a register row whose time is not one qa-check wrote (a damaged file).
        """
        certificates: dict[str, Revoked] = {}
        keys: dict[str, Revoked] = {}
        for name, at, why, *_ in register_keys:
            try:
                keys[name] = Revoked(read_utc_text(at), printable(why), register)
            except ValueError:
                where = Location(register, field=printable(name))
                raise RegisterError([Problem(where, msg("rev_bad_time"))]) from None
        for found in lists:
            for table, listed in ((certificates, found.certificates), (keys, found.keys)):
                for name, revoked in listed.items():
                    kept = table.get(name)
                    if kept is None or revoked.revoked_at < kept.revoked_at:
                        table[name] = revoked
        return cls(certificates, keys)

    def certificate(self, certificate_id: str) -> Message | None:
        """Why a list revokes this certificate; None when none does."""
        revoked = self.certificates.get(certificate_id.upper())
        if revoked is None:
            return None
        at = utc_text(revoked.revoked_at)
        return msg("rev_listed", at=at, why=revoked.why, file=revoked.source)

    def signer(self, signer: str, signed_at: datetime | None) -> KeyWithdrawn | None:
        """What withdrawing the signing certificate ``signer`` means for a signature it made.

        ``signed_at`` is the signer's own claim; None (it claims none) is not trusted.
        """
        revoked = self.keys.get(signer)
        if revoked is None:
            return None
        values = {"key": signer[:16], "at": utc_text(revoked.revoked_at), "why": revoked.why}
        values["file"] = revoked.source
        if signed_at is not None and signed_at < revoked.revoked_at:
            return KeyWithdrawn(msg("rev_key_before", signed=utc_text(signed_at), **values), False)
        shown = utc_text(signed_at) if signed_at is not None else "-"
        return KeyWithdrawn(msg("rev_key_after", signed=shown, **values), True)
