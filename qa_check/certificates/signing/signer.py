"""PAdES signatures on certificates: an invisible signature field, signed with the site's key.

A worker loads the key once (``load_signer``) and signs every PDF it draws. pyHanko writes the
signature as an incremental update; what it would redo for every file is done once here: the
private key is loaded once, the signed attributes (all constant but the document's digest) are
encoded once and the digest put into a copy of their bytes, the space for the signature is
known, and one event loop serves every signature. The same PDF, key and signing time give the
same bytes: ECDSA is deterministic (RFC 6979) and the new trailer /ID is derived, not random.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import cms  # type: ignore[import-untyped]  # no types shipped
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import DocumentMetadata
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko_certvalidator.registry import SimpleCertificateStore

from qa_check.certificates.signing.keys import KeyInfo, SigningKey, load_signing_key

FIELD_NAME = "QACheckSignature"
"""The invisible signature field every certificate gets."""
_DIGEST = "sha256"
_DIGEST_BYTES = 32
_SPARE_BYTES = 64
"""Room beyond the measured signature: an ECDSA signature's length varies by a few bytes."""


@dataclass(frozen=True, slots=True)
class SigningSpec:
    """What a worker needs to load the key once: picklable, so it crosses to the process."""

    folder: Path
    passphrase: bytes | None


class _CachedSigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner with the key loaded once and the signed attributes encoded once.

    ECDSA signatures are deterministic (RFC 6979), so the same document gives the same bytes.
    """

    def __init__(self, key: SigningKey) -> None:
        der = serialization.Encoding.DER
        pkcs8 = serialization.PrivateFormat.PKCS8
        private_der = key.key.private_bytes(der, pkcs8, serialization.NoEncryption())
        super().__init__(
            signing_cert=asn1_x509.Certificate.load(key.cert.public_bytes(der)),
            signing_key=asn1_keys.PrivateKeyInfo.load(private_der),
            cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
                [asn1_x509.Certificate.load(key.ca.public_bytes(der))]
            ),
        )
        self._key = key.key
        self._template: tuple[bytes, int] | None = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """ECDSA over ``data`` with the key loaded once, deterministic (RFC 6979)."""
        if digest_algorithm != _DIGEST:
            raise ValueError(f"unexpected digest {digest_algorithm}")
        algorithm = ec.ECDSA(hashes.SHA256(), deterministic_signing=True)
        return self._key.sign(data, algorithm)

    async def signed_attrs(
        self, data_digest: bytes, digest_algorithm: str, *args: Any, **kwargs: Any
    ) -> Any:
        """The signed attributes pyHanko builds: bytes encoded once, the digest put in."""
        learned = digest_algorithm == _DIGEST and len(data_digest) == _DIGEST_BYTES
        if self._template is None or not learned or not _as_learned(args, kwargs):
            return await super().signed_attrs(data_digest, digest_algorithm, *args, **kwargs)
        encoded, at = self._template
        spliced = encoded[:at] + data_digest + encoded[at + _DIGEST_BYTES :]
        return cms.CMSAttributes.load(spliced)

    async def learn_template(self, **kwargs: Any) -> None:
        """Encode the signed attributes once; keep them only if splicing matches pyHanko.

        Two digests that differ in every byte show where the digest sits; a third is then built
        both ways and must come out byte for byte the same, else pyHanko builds them every time.
        """
        first, second, check = (bytes([n]) * _DIGEST_BYTES for n in (0x00, 0xFF, 0x5A))
        build = super().signed_attrs
        encoded = [(await build(digest, _DIGEST, **kwargs)).dump() for digest in (first, second)]
        at = encoded[0].find(first)
        end = at + _DIGEST_BYTES
        if at < 0 or encoded[1] != encoded[0][:at] + second + encoded[0][end:]:
            return
        self._template = (encoded[0], at)
        built = (await build(check, _DIGEST, **kwargs)).dump()
        spliced = (await self.signed_attrs(check, _DIGEST, **kwargs)).dump()
        if built != spliced:
            self._template = None


def _as_learned(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether pyHanko asks for the attributes the template holds: PAdES, nothing added."""
    settings = kwargs.get("attr_settings")
    return (
        not args
        and kwargs.get("use_pades") is True
        and kwargs.get("is_pdf_sig", True) is True
        and kwargs.get("content_type", "data") == "data"
        and not kwargs.get("dry_run")
        and kwargs.get("timestamper") is None
        and (
            settings is None
            or (settings.cades_signed_attrs is None and settings.adobe_revinfo_attr is None)
        )
    )


class _FixedTimeMetadata(DocumentMetadata):
    """Document metadata whose "now" is the signing time: the new /ModDate is reproducible."""

    _moment: datetime

    def __init__(self, moment: datetime) -> None:
        object.__setattr__(self, "_moment", moment)
        super().__init__()

    def __setattr__(self, name: str, value: object) -> None:
        if name == "last_modified" and value == "now":
            value = self._moment
        object.__setattr__(self, name, value)


class Signer:
    """Signs certificates with one key: loaded once per process, reused for each PDF."""

    def __init__(self, key: SigningKey) -> None:
        self.info: KeyInfo = key.info
        self._signer = _CachedSigner(key)
        self._meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm=_DIGEST,
        )
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(
            self._signer.learn_template(
                attr_settings=PdfCMSSignedAttributes(), use_pades=True, is_pdf_sig=True
            )
        )
        self._reserved = self._measure()

    def _measure(self) -> int:
        """Bytes to reserve for the signature: one real signature's size, with room to spare."""
        signed = self._loop.run_until_complete(
            self._signer.async_sign(
                bytes(32),
                _DIGEST,
                use_pades=True,
                signed_attr_settings=PdfCMSSignedAttributes(),
            )
        )
        return 2 * (len(signed.dump()) + _SPARE_BYTES)  # hex digits in /Contents

    def close(self) -> None:
        """Close the event loop (a worker ends; the signer is not used again)."""
        self._loop.close()

    def sign(self, pdf: bytes, signing_time: datetime) -> bytes:
        """``pdf`` with a PAdES signature appended as an incremental update."""
        return self._loop.run_until_complete(self._sign(pdf, signing_time))

    async def _sign(self, pdf: bytes, signing_time: datetime) -> bytes:
        moment = signing_time.astimezone(UTC)
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        writer._meta = _FixedTimeMetadata(moment)  # pyHanko's ModDate would be the clock's
        first_id = writer.document_id[0]
        seed = hashlib.sha256(pdf).digest() + moment.isoformat().encode()
        second_id = hashlib.sha256(seed + self.info.fingerprint.encode()).digest()[:16]
        writer._document_id = generic.ArrayObject(  # pyHanko's second part would be random
            [generic.ByteStringObject(first_id), generic.ByteStringObject(second_id)]
        )
        pdf_signer = signers.PdfSigner(self._meta, signer=self._signer)
        session = pdf_signer.init_signing_session(writer)
        session.system_time = moment
        prepared = session.prepare_tbs_document(validation_info=None, bytes_reserved=self._reserved)
        output = BytesIO()
        digested, _ = prepared.digest_tbs_document(output=output)
        signed = await prepared.perform_signature(
            document_digest=digested.document_digest,
            pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=moment),
        )
        await signed.post_signature_processing(output)
        return output.getvalue()


def load_signer(spec: SigningSpec, *, now: datetime) -> Signer:
    """The signer for the key in ``spec.folder``; KeysError when it cannot sign at ``now``."""
    return Signer(load_signing_key(spec.folder, spec.passphrase, now=now))
