"""Signed certificates, checked by pyHanko's own validator: trusted, whole file, reproducible."""

from __future__ import annotations

import asyncio
import io
import os
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import pem  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from conftest import PASSING_RECORD
from qa_check.certificates.payload import ATTACHMENT_NAME, build_payload, load_photos
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.certificates.signing.keys import CA_CERT, KeysError, init_keys
from qa_check.certificates.signing.signer import FIELD_NAME, Signer, SigningSpec, load_signer
from qa_check.certificates.site import NO_SITE
from qa_check.core.errors import Location, dotted
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord, judge

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
MADE = datetime(2026, 1, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def certificate(registry: Registry) -> bytes:
    """A real one-page certificate, as certify draws it before signing."""
    origin = Location("a.yaml", 1)
    raw = RawRecord(PASSING_RECORD, origin, lambda path: origin.at(field=dotted(path) or None))
    result = judge(raw, registry, explain=True, checks=CHECKS)
    payload = build_payload(result, load_photos(result), ISSUED, "en", NO_SITE)
    return render(payload, result.location).pdf


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signing") / "keys"
    init_keys(folder, "深圳 QA Lab", None, now=MADE)
    return folder


@pytest.fixture(scope="module")
def signer(keys: Path) -> Signer:
    return load_signer(SigningSpec(keys, None), now=ISSUED)


def trusting(folder: Path) -> ValidationContext:
    _, _, der = pem.unarmor((folder / CA_CERT).read_bytes())
    return ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], moment=ISSUED)


def validated(pdf: bytes, trusted: Path) -> PdfSignatureStatus:
    [embedded] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    return validate_pdf_signature(embedded, trusting(trusted))


def test_pyhankos_validator_accepts_the_signature_over_the_whole_file(
    certificate: bytes, signer: Signer, keys: Path
) -> None:
    signed = signer.sign(certificate, ISSUED)
    status = validated(signed, keys)
    assert status.bottom_line
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    assert status.modification_level is ModificationLevel.NONE
    assert status.signer_reported_dt == ISSUED
    assert status.signing_cert.subject.native["common_name"] == "深圳 QA Lab"
    assert status.md_algorithm == "sha256"
    [embedded] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    assert embedded.field_name == FIELD_NAME
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert len(embedded.signed_data["certificates"]) == 2  # the signer's and the CA's


def test_the_signature_is_appended_the_certificate_unchanged_before_it(
    certificate: bytes, signer: Signer
) -> None:
    signed = signer.sign(certificate, ISSUED)
    assert signed.startswith(certificate)
    reader = PdfReader(io.BytesIO(signed))
    assert len(reader.pages) == len(PdfReader(io.BytesIO(certificate)).pages)
    assert ATTACHMENT_NAME in reader.attachments  # the embedded record is still there
    widget = reader.get_fields()[FIELD_NAME]  # type: ignore[index]
    assert widget["/FT"] == "/Sig"


def test_a_signature_under_another_ca_is_not_trusted(
    certificate: bytes, signer: Signer, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    init_keys(other, "Some Lab", None, now=MADE)
    status = validated(signer.sign(certificate, ISSUED), other)
    assert (status.intact, status.valid, status.trusted, status.bottom_line) == (
        True,
        True,
        False,
        False,
    )


def test_a_change_after_signing_is_seen(certificate: bytes, signer: Signer, keys: Path) -> None:
    signed = bytearray(signer.sign(certificate, ISSUED))
    at = signed.index(b"/Producer")
    signed[at + 1] = ord("p")
    status = validated(bytes(signed), keys)
    assert not status.intact
    assert not status.bottom_line


def test_an_update_appended_after_signing_leaves_the_file_not_wholly_covered(
    certificate: bytes, signer: Signer, keys: Path
) -> None:
    signed = signer.sign(certificate, ISSUED)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/Lang"] = generic.TextStringObject("fr")
    writer.update_root()  # type: ignore[no-untyped-call]
    appended = io.BytesIO()
    writer.write(appended)  # type: ignore[no-untyped-call]
    status = validated(appended.getvalue(), keys)
    assert status.intact
    assert status.coverage is SignatureCoverageLevel.ENTIRE_REVISION


def test_the_same_pdf_key_and_time_give_the_same_bytes(
    certificate: bytes, signer: Signer, keys: Path
) -> None:
    first = signer.sign(certificate, ISSUED)
    assert signer.sign(certificate, ISSUED) == first
    again = load_signer(SigningSpec(keys, None), now=ISSUED)  # another worker
    assert again.sign(certificate, ISSUED) == first
    later = signer.sign(certificate, ISSUED + timedelta(seconds=1))
    assert later != first
    assert validated(later, keys).signer_reported_dt == ISSUED + timedelta(seconds=1)


def test_the_signing_time_is_the_given_time_whatever_the_zone(
    certificate: bytes, signer: Signer
) -> None:
    shanghai = ISSUED.astimezone(datetime.now().astimezone().tzinfo)
    assert signer.sign(certificate, shanghai) == signer.sign(certificate, ISSUED)
    assert b"/ModDate (D:20261123010000" in signer.sign(certificate, ISSUED)


def test_the_cached_signed_attributes_are_those_pyhanko_builds(signer: Signer) -> None:
    """The template is in use and gives, byte for byte, what pyHanko's own code encodes."""
    cached = signer._signer
    assert cached._template is not None
    settings = PdfCMSSignedAttributes(signing_time=ISSUED)
    for digest in (os.urandom(32), bytes(32), b"\xff" * 32):
        ours = cached.signed_attrs(digest, "sha256", attr_settings=settings, use_pades=True)
        theirs = signers.SimpleSigner.signed_attrs(
            cached, digest, "sha256", attr_settings=settings, use_pades=True
        )
        assert asyncio.run(ours).dump() == asyncio.run(theirs).dump()


def test_the_signature_is_deterministic_ecdsa(signer: Signer) -> None:
    assert signer._signer.sign_raw(b"data", "sha256") == signer._signer.sign_raw(b"data", "sha256")


def test_load_signer_refuses_an_expired_signing_certificate(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    init_keys(folder, "Lab", None, now=datetime(2020, 1, 1, tzinfo=UTC), signing_years=2)
    with pytest.raises(KeysError) as caught:
        load_signer(SigningSpec(folder, None), now=ISSUED)
    assert "the signing certificate expired on 2022-01-01 00:00 UTC" in str(caught.value)


def test_load_signer_needs_the_right_passphrase(tmp_path: Path, certificate: bytes) -> None:
    folder = tmp_path / "k"
    init_keys(folder, "Lab", b"s3cret", now=MADE)
    with pytest.raises(KeysError, match="wrong passphrase"):
        load_signer(SigningSpec(folder, b"guess"), now=ISSUED)
    with pytest.raises(KeysError, match="QA_CHECK_KEY_PASSPHRASE"):
        load_signer(SigningSpec(folder, None), now=ISSUED)
    signer = load_signer(SigningSpec(folder, b"s3cret"), now=ISSUED)
    assert validated(signer.sign(certificate, ISSUED), folder).bottom_line
    signer.close()


def test_the_spec_crosses_to_a_worker_process(keys: Path) -> None:
    spec = SigningSpec(keys, b"pass")
    assert pickle.loads(pickle.dumps(spec)) == spec
