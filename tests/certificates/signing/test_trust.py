"""trust.py: the CAs a verifier trusts, and a certificate's signature read against them."""

from __future__ import annotations

import io
import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from conftest import JUDGED_AT, Certified
from qa_check.certificates.signing.keys import CA_CERT, SIGNING_CERT, read_keys
from qa_check.certificates.signing.trust import MAX_TRUST_BYTES, Trust, load_trust, read_signature
from qa_check.core.errors import InputError


def der(path: Path) -> bytes:
    return x509.load_pem_x509_certificate(path.read_bytes()).public_bytes(Encoding.DER)


def shown(error: InputError) -> list[str]:
    return [problem.show() for problem in error.problems]


# --- load_trust ------------------------------------------------------------------------------


def test_a_pem_file_of_one_ca_is_trusted_as_its_der(signing_keys: Path) -> None:
    assert load_trust([signing_keys / CA_CERT]) == Trust((der(signing_keys / CA_CERT),))


def test_several_files_and_several_certificates_in_one_pem(
    signing_keys: Path, other_keys: Path, tmp_path: Path
) -> None:
    both = tmp_path / "both.pem"
    both.write_bytes((signing_keys / CA_CERT).read_bytes() + (other_keys / CA_CERT).read_bytes())
    one, two = der(signing_keys / CA_CERT), der(other_keys / CA_CERT)
    assert load_trust([both]).roots == (one, two)
    assert load_trust([other_keys / CA_CERT, signing_keys / CA_CERT]).roots == (two, one)


def test_a_der_file_is_read_too(signing_keys: Path, tmp_path: Path) -> None:
    file = tmp_path / "ca.der"
    file.write_bytes(der(signing_keys / CA_CERT))
    assert load_trust([file]).roots == (file.read_bytes(),)


def test_no_file_trusts_nothing() -> None:
    assert load_trust([]) == Trust(())


def test_every_unusable_file_is_named_at_once(signing_keys: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a certificate\n", encoding="utf-8")
    damaged = tmp_path / "damaged.pem"
    damaged.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    huge = tmp_path / "huge.pem"
    huge.write_bytes((signing_keys / CA_CERT).read_bytes() + b"\n" * MAX_TRUST_BYTES)
    missing = tmp_path / "missing.pem"
    with pytest.raises(InputError) as caught:
        load_trust([signing_keys / CA_CERT, text, damaged, huge, missing])
    problems = shown(caught.value)
    assert len(problems) == 4
    assert [p.split(":")[0] for p in problems] == [str(p) for p in (text, damaged, huge, missing)]
    assert all("certificate" in p for p in problems[:3])
    assert "No such file" in problems[3] or "not found" in problems[3].lower()


def test_a_trust_file_that_is_a_link_or_a_fifo_is_refused(
    signing_keys: Path, tmp_path: Path
) -> None:
    link, fifo = tmp_path / "link.pem", tmp_path / "fifo.pem"
    link.symlink_to(signing_keys / CA_CERT)
    os.mkfifo(fifo)
    with pytest.raises(InputError) as caught:
        load_trust([link, fifo])  # at once: nothing waits for a writer
    assert shown(caught.value) == [
        f"{link}: cannot read file: a symbolic link: qa-check does not follow links here",
        f"{fifo}: cannot read file: not a regular file (a pipe, a device or a socket)",
    ]


def test_a_folder_given_as_trust_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_trust([tmp_path])
    assert shown(caught.value)[0].startswith(f"{tmp_path}:")


def test_a_context_is_made_once_per_moment(signing_keys: Path) -> None:
    trust = load_trust([signing_keys / CA_CERT])
    later = datetime(2027, 1, 1, tzinfo=UTC)
    assert trust.context(JUDGED_AT) is trust.context(JUDGED_AT)
    assert trust.context(later) is not trust.context(JUDGED_AT)


# --- read_signature --------------------------------------------------------------------------


def test_an_unsigned_certificate_has_no_signature(unsigned: Certified, signing_keys: Path) -> None:
    trust = load_trust([signing_keys / CA_CERT])
    assert read_signature(unsigned.passed.read_bytes(), trust, JUDGED_AT) is None


def test_a_signature_by_a_trusted_key_has_no_problem(signed: Certified, signing_keys: Path) -> None:
    info = read_keys(signing_keys)
    found = read_signature(signed.passed.read_bytes(), load_trust([info.ca_file]), JUDGED_AT)
    assert found is not None
    assert (found.name, found.fingerprint, found.problem, found.tampered) == (
        "Lab One 深圳",
        info.fingerprint,
        None,
        False,
    )


def test_a_signature_no_trusted_ca_vouches_for_names_the_signer(
    signed: Certified, signing_keys: Path, other_keys: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fingerprint = read_keys(signing_keys).fingerprint
    for trust in (Trust(()), load_trust([other_keys / CA_CERT])):
        found = read_signature(signed.passed.read_bytes(), trust, JUDGED_AT)
        assert found is not None
        assert (found.name, found.fingerprint, found.tampered) == (
            "Lab One 深圳",
            fingerprint,
            False,
        )
        assert found.problem == (
            f"signed by Lab One 深圳 (key {fingerprint[:16]}…), which no trusted certificate"
            " vouches for; --trust names the CA certificate the issuer hands out"
        )
    # pyHanko logs why it found no path, with a traceback (on stderr, where no logging is set
    # up): the reason above says it, once.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_trusting_the_signing_certificate_itself_pins_that_key(
    signed: Certified, signing_keys: Path, other_keys: Path
) -> None:
    """A verifier may hand --trust the signer's own certificate: then that key alone is trusted."""
    data = signed.passed.read_bytes()
    pinned = read_signature(data, load_trust([signing_keys / SIGNING_CERT]), JUDGED_AT)
    assert pinned is not None
    assert (pinned.problem, pinned.tampered) == (None, False)
    other = read_signature(data, load_trust([other_keys / SIGNING_CERT]), JUDGED_AT)
    assert other is not None
    assert other.problem is not None
    assert other.problem.startswith("signed by Lab One 深圳 (key ")


def test_after_the_signing_certificate_expired_the_signer_is_expired(
    signed: Certified, signing_keys: Path
) -> None:
    info = read_keys(signing_keys)
    later = datetime(2040, 1, 1, tzinfo=UTC)
    found = read_signature(signed.passed.read_bytes(), load_trust([info.ca_file]), later)
    assert found is not None
    assert not found.tampered
    assert found.problem == (
        f"signed by Lab One 深圳, whose signing certificate expired on"
        f" {info.not_after.date().isoformat()}"
    )


def test_before_the_signing_certificate_began_the_signer_is_not_yet_valid(
    signed: Certified, signing_keys: Path
) -> None:
    info = read_keys(signing_keys)
    signing_cert = x509.load_pem_x509_certificate((signing_keys / SIGNING_CERT).read_bytes())
    begins = signing_cert.not_valid_before_utc
    earlier = begins - timedelta(days=1)
    found = read_signature(signed.passed.read_bytes(), load_trust([info.ca_file]), earlier)
    assert found is not None
    assert not found.tampered
    assert found.problem == (
        "signed by Lab One 深圳, whose signing certificate is valid only from"
        f" {begins.isoformat(timespec='minutes')}"
    )


def test_bytes_appended_after_the_signature_are_tampering(
    signed: Certified, signing_keys: Path
) -> None:
    data = signed.passed.read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root["/PageMode"] = generic.NameObject("/UseOutlines")
    writer.update_root()  # type: ignore[no-untyped-call]
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    edited = out.getvalue()
    assert edited.startswith(data)
    found = read_signature(edited, load_trust([signing_keys / CA_CERT]), JUDGED_AT)
    assert found is not None
    assert found.tampered
    assert found.problem == (
        f"{len(edited) - len(data):,} bytes were added after the signature (an incremental"
        " update): changed after signing"
    )


def test_a_byte_changed_under_the_signature_is_tampering(
    signed: Certified, signing_keys: Path
) -> None:
    data = bytearray(signed.passed.read_bytes())
    at = data.index(b"/Producer")
    data[at + 1 : at + 2] = b"p"  # /producer: a key the signer never wrote
    found = read_signature(bytes(data), load_trust([signing_keys / CA_CERT]), JUDGED_AT)
    assert found is not None
    assert found.tampered
    assert found.problem == "the signature does not match the file: it was changed after signing"


@pytest.mark.parametrize(
    ("cut", "problem"),
    [
        (
            1,
            "the file ends 1 bytes before the end of what its signature covers: it was cut short,"
            " or its signature moved",
        ),
        (200, "the signature cannot be read: PdfReadError: EOF marker not found"),
    ],
)
def test_a_signed_file_cut_short_is_tampering(
    signed: Certified, signing_keys: Path, cut: int, problem: str
) -> None:
    short = signed.passed.read_bytes()[:-cut]
    found = read_signature(short, load_trust([signing_keys / CA_CERT]), JUDGED_AT)
    assert found is not None
    assert (found.tampered, found.problem) == (True, problem)


def test_a_file_cut_inside_the_signature_reads_as_the_revision_before_it(
    signed: Certified, signing_keys: Path
) -> None:
    """Its last whole revision is the unsigned one: verify then says the signature is gone."""
    data = signed.passed.read_bytes()
    inside = data.rindex(b"/Contents <") + len(b"/Contents <") + 100
    assert read_signature(data[:inside], load_trust([signing_keys / CA_CERT]), JUDGED_AT) is None
