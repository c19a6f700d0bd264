"""verify of signed certificates: each forgery gets its status, its reason and its exit code.

The certificates come from ``certify --keys`` (conftest's ``signed`` and ``unsigned``); every
forgery is made from a copy. Checked in-process (``verify``) and as users run it (``qa-check
verify``, exit code, stdout and stderr).
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import pem  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from reportlab.lib import colors
from typer.testing import CliRunner, Result

from conftest import CHECKLISTS, JUDGED_AT, PASSING_RECORD, Certified, bounded
from qa_check.certificates.page import frame
from qa_check.certificates.payload import (
    Payload,
    SignedBy,
    build_payload,
    load_photos,
    read_payload,
)
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.certificates.signing.keys import (
    CA_CERT,
    SIGNING_CERT,
    SIGNING_KEY,
    KeyInfo,
    init_keys,
    load_signing_key,
    read_keys,
)
from qa_check.certificates.signing.signer import Signer
from qa_check.certificates.signing.trust import Trust, load_trust
from qa_check.certificates.verify import Status, Verification, embedded_record, verify
from qa_check.cli.app import app
from qa_check.core import messages
from qa_check.core.errors import Location, dotted
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord, judge

runner = CliRunner()

LAB_ONE = "Lab One 深圳"
UNUSABLE_SIGNER = "which no trusted certificate vouches for; --trust names the CA certificate"


def run(*args: str | Path) -> Result:
    """``qa-check verify`` in this process (validity judged as of ``JUDGED_AT``)."""
    return runner.invoke(app, ["verify", *map(str, args), "-c", str(CHECKLISTS)])


def payload_of(path: Path) -> Payload:
    data = path.read_bytes()
    return read_payload(embedded_record(data, str(path)), str(path))[0]


def put(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def trusting(*folders: Path) -> Trust:
    return load_trust([folder / CA_CERT for folder in folders])


def untrusted_reason(info: KeyInfo) -> str:
    return f"signed by {info.issuer} (key {info.fingerprint[:16]}…), {UNUSABLE_SIGNER}" + (
        " the issuer hands out"
    )


def signed_line(info: KeyInfo) -> str:
    return f"    signed by {info.issuer}, key {info.fingerprint[:16]}…\n"


@pytest.fixture(scope="module")
def one(signing_keys: Path) -> KeyInfo:
    return read_keys(signing_keys)


@pytest.fixture(scope="module")
def two(other_keys: Path) -> KeyInfo:
    return read_keys(other_keys)


@pytest.fixture(scope="module")
def signer_one(signing_keys: Path) -> Signer:
    return Signer(load_signing_key(signing_keys, None, now=JUDGED_AT))


@pytest.fixture(scope="module")
def signer_two(other_keys: Path) -> Signer:
    return Signer(load_signing_key(other_keys, None, now=JUDGED_AT))


# --- genuine ----------------------------------------------------------------------------------


def test_a_genuine_signed_certificate_is_valid(
    signed: Certified, signing_keys: Path, one: KeyInfo, registry: Registry
) -> None:
    found = verify(signed.passed, registry, trust=trusting(signing_keys), require_signature=True)
    payload = payload_of(signed.passed)
    assert found == Verification(
        Status.VALID,
        str(signed.passed),
        payload.certificate_id,
        "TWS-EB-001",
        "PASS",
        (),
        LAB_ONE,
        one.fingerprint,
    )
    assert found.passed
    assert payload.signer == SignedBy(LAB_ONE, one.fingerprint)
    failed = verify(signed.failed, registry, trust=trusting(signing_keys))
    assert (failed.status, failed.verdict, failed.reasons) == (Status.VALID, "FAIL", ())


@pytest.mark.parametrize("how", ["--trust", "--keys"])
def test_verify_of_genuine_signed_certificates_exits_0(
    signed: Certified, signing_keys: Path, one: KeyInfo, how: str
) -> None:
    """With the CA handed out (--trust), or the key folder's own CA (--keys, no --trust)."""
    given = signing_keys / CA_CERT if how == "--trust" else signing_keys
    done = run(signed.passed, signed.failed, how, given, "--require-signature")
    passed, failed = payload_of(signed.passed), payload_of(signed.failed)
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout == (
        f"VALID     {signed.passed}  {passed.certificate_id}  TWS-EB-001  PASS\n"
        + signed_line(one)
        + f"VALID     {signed.failed}  {failed.certificate_id}  TWS-EB-FAIL  FAIL\n"
        + signed_line(one)
    )


def test_the_key_folder_given_by_qa_check_keys_is_trusted_too(
    signed: Certified, signing_keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_CHECK_KEYS", str(signing_keys))
    done = run(signed.passed)
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout.startswith("VALID     ")


def test_pyhankos_own_validator_accepts_what_certify_signed(
    signed: Certified, signing_keys: Path
) -> None:
    _, _, ca = pem.unarmor((signing_keys / CA_CERT).read_bytes())
    for path in (signed.passed, signed.failed):
        [embedded] = PdfFileReader(io.BytesIO(path.read_bytes())).embedded_signatures
        context = ValidationContext(
            trust_roots=[asn1_x509.Certificate.load(ca)], moment=JUDGED_AT, allow_fetching=False
        )
        status = validate_pdf_signature(embedded, context)
        assert status.bottom_line
        assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE
        assert status.signing_cert.subject.native["common_name"] == LAB_ONE


# --- untrusted --------------------------------------------------------------------------------


def test_a_key_no_trusted_ca_vouches_for_is_untrusted(
    signed: Certified, other_keys: Path, one: KeyInfo, registry: Registry
) -> None:
    found = verify(signed.passed, registry, trust=trusting(other_keys))
    assert (found.status, found.reasons) == (Status.UNTRUSTED, (untrusted_reason(one),))
    assert (found.signer, found.fingerprint) == (LAB_ONE, one.fingerprint)
    assert not found.passed
    nobody = verify(signed.passed, registry)  # no --trust, no key folder: nobody is trusted
    assert (nobody.status, nobody.reasons) == (Status.UNTRUSTED, (untrusted_reason(one),))


def test_verify_of_an_untrusted_signer_exits_1_naming_it(
    signed: Certified, other_keys: Path, one: KeyInfo
) -> None:
    done = run(signed.passed, "--trust", other_keys / CA_CERT)
    assert (done.exit_code, done.stderr) == (1, "")
    assert done.stdout == (
        f"UNTRUSTED {signed.passed}\n" + signed_line(one) + f"    ! {untrusted_reason(one)}\n"
    )


def test_as_a_command_an_untrusted_signer_prints_no_traceback(
    signed: Certified, other_keys: Path, one: KeyInfo
) -> None:
    """pyHanko logs a traceback when it finds no path to a trusted CA: not on the user's screen."""
    args: list[str | Path] = [sys.executable, "-m", "qa_check", "verify", signed.passed]
    trust: list[str | Path] = [
        "-c",
        CHECKLISTS,
        "--trust",
        other_keys / CA_CERT,
        "--at",
        "2026-11-23T12:00:00Z",
    ]
    done = bounded([*args, *trust])
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.startswith(f"UNTRUSTED {signed.passed}\n")


# --- edited and signed again ------------------------------------------------------------------


@pytest.fixture(scope="module")
def edited(signed: Certified) -> Payload:
    """The FAIL certificate's payload, its drop height raised to pass: the page names Lab One."""
    payload = payload_of(signed.failed)
    record: dict[str, Any] = copy.deepcopy(payload.record)
    record["answers"]["drop-test"] = payload_of(signed.passed).record["answers"]["drop-test"]
    return replace(payload, record=record)


def test_the_signed_file_is_its_unsigned_revision_and_the_signature(signed: Certified) -> None:
    """What the forgeries below start from: render the payload again, the bytes before signing."""
    data = signed.failed.read_bytes()
    unsigned = render(payload_of(signed.failed), Location("x")).pdf
    assert data.startswith(unsigned)
    [embedded] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    contents = data.index(b"/Contents <", len(unsigned)) + len(b"/Contents ")
    assert list(embedded.byte_range)[0:2] == [0, contents]


def test_edited_and_signed_by_another_key_is_untrusted_when_only_the_first_is(
    tmp_path: Path,
    edited: Payload,
    signer_two: Signer,
    signing_keys: Path,
    two: KeyInfo,
    registry: Registry,
) -> None:
    forged = put(
        tmp_path, "forged.pdf", signer_two.sign(render(edited, Location("x")).pdf, JUDGED_AT)
    )
    found = verify(forged, registry, trust=trusting(signing_keys))
    assert (found.status, found.reasons) == (Status.UNTRUSTED, (untrusted_reason(two),))
    assert found.signer == "Lab Two"
    done = run(forged, "--trust", signing_keys / CA_CERT)
    assert (done.exit_code, done.stderr) == (1, "")
    assert done.stdout == (
        f"UNTRUSTED {forged}\n" + signed_line(two) + f"    ! {untrusted_reason(two)}\n"
    )


def test_edited_and_signed_by_another_trusted_key_is_tampered_the_page_names_the_first(
    tmp_path: Path,
    edited: Payload,
    signer_two: Signer,
    signing_keys: Path,
    other_keys: Path,
    one: KeyInfo,
    two: KeyInfo,
    registry: Registry,
) -> None:
    assert edited.signer == SignedBy(LAB_ONE, one.fingerprint)
    forged = put(
        tmp_path, "forged.pdf", signer_two.sign(render(edited, Location("x")).pdf, JUDGED_AT)
    )
    found = verify(forged, registry, trust=trusting(signing_keys, other_keys))
    differs = (
        f"the certificate names signing key {one.fingerprint[:16]}…, but key"
        f" {two.fingerprint[:16]}… signed the file"
    )
    assert (found.status, found.reasons) == (Status.TAMPERED, (differs,))
    assert (found.certificate_id, found.sku) == (edited.certificate_id, "TWS-EB-FAIL")
    done = run(forged, "--trust", signing_keys / CA_CERT, "--trust", other_keys / CA_CERT)
    assert (done.exit_code, done.stderr) == (1, "")
    assert done.stdout == (
        f"TAMPERED  {forged}  {edited.certificate_id}  TWS-EB-FAIL\n"
        + signed_line(two)
        + f"    ! {differs}\n"
    )


def test_edited_naming_and_signed_by_a_trusted_key_is_that_keys_certificate(
    tmp_path: Path,
    edited: Payload,
    signer_two: Signer,
    signing_keys: Path,
    other_keys: Path,
    two: KeyInfo,
    registry: Registry,
) -> None:
    """Trusting a CA is trusting what its keys sign: Lab Two vouches for this one, by name."""
    own = replace(edited, signer=SignedBy(two.issuer, two.fingerprint))
    forged = put(tmp_path, "own.pdf", signer_two.sign(render(own, Location("x")).pdf, JUDGED_AT))
    found = verify(forged, registry, trust=trusting(signing_keys, other_keys))
    assert (found.status, found.verdict, found.signer) == (Status.VALID, "PASS", "Lab Two")
    assert verify(forged, registry, trust=trusting(signing_keys)).status is Status.UNTRUSTED


# --- changed after signing --------------------------------------------------------------------


def test_an_incremental_update_after_signing_is_tampered(
    tmp_path: Path, signed: Certified, signing_keys: Path, one: KeyInfo, registry: Registry
) -> None:
    data = signed.passed.read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.set_info(
        generic.DictionaryObject(  # type: ignore[no-untyped-call]
            {generic.NameObject("/Title"): generic.TextStringObject("Approved by the buyer")}
        )
    )
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    added = len(out.getvalue()) - len(data)
    path = put(tmp_path, "updated.pdf", out.getvalue())
    reason = (
        f"{added:,} bytes were added after the signature (an incremental update): changed after"
        " signing"
    )
    found = verify(path, registry, trust=trusting(signing_keys))
    assert (found.status, found.reasons, found.signer) == (Status.TAMPERED, (reason,), LAB_ONE)
    done = run(path, "--keys", signing_keys)
    assert (done.exit_code, done.stderr) == (1, "")
    assert done.stdout == f"TAMPERED  {path}\n" + signed_line(one) + f"    ! {reason}\n"


BROKEN = "the signature does not match the file: it was changed after signing"


def _signature_hex(data: bytes) -> tuple[int, int]:
    """Where the signature's hex digits start and where its zero padding starts."""
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    return start, start + len(data[start:end].rstrip(b"0"))


@pytest.mark.parametrize("where", ["signed range", "signature value", "signature header"])
def test_one_byte_changed_is_tampered(
    tmp_path: Path, signed: Certified, signing_keys: Path, one: KeyInfo, where: str
) -> None:
    """A byte under the signature, a digit of the ECDSA value, or of the CMS structure."""
    data = bytearray(signed.passed.read_bytes())
    start, padding = _signature_hex(bytes(data))
    at = {
        "signed range": data.index(b"/Producer") + 2,
        "signature value": padding - 10,
        "signature header": start,
    }[where]
    data[at] = ord("0") if data[at] != ord("0") else ord("1")
    path = put(tmp_path, "changed.pdf", bytes(data))
    done = run(path, "--keys", signing_keys)
    assert (done.exit_code, done.stderr) == (1, "")
    if where == "signature header":  # 0x30, the SEQUENCE tag, made 0x00
        assert done.stdout.startswith(
            f"TAMPERED  {path}\n    ! the signature cannot be read: ValueError: Error parsing"
            " asn1crypto.cms.ContentInfo - "
        )
    else:
        assert done.stdout == f"TAMPERED  {path}\n" + signed_line(one) + f"    ! {BROKEN}\n"


def test_a_truncated_signed_file_is_tampered_or_not_a_certificate(
    tmp_path: Path, signed: Certified, signing_keys: Path, one: KeyInfo
) -> None:
    data = signed.passed.read_bytes()
    payload = payload_of(signed.passed)
    inside = data.rindex(b"/Contents <") + len(b"/Contents <") + 100
    cuts = {
        "last.pdf": data[:-1],
        "end.pdf": data[:-200],
        "inside.pdf": data[:inside],
        "head.pdf": data[:2000],
    }
    paths = [put(tmp_path, name, cut) for name, cut in cuts.items()]
    done = run(*paths, "--keys", signing_keys)
    assert done.exit_code == 2
    assert done.stdout == (
        f"TAMPERED  {paths[0]}\n"
        + signed_line(one)
        + "    ! the file ends 1 bytes before the end of what its signature covers: it was cut"
        " short, or its signature moved\n"
        + f"TAMPERED  {paths[1]}\n"
        + "    ! the signature cannot be read: PdfReadError: EOF marker not found\n"
        + f"TAMPERED  {paths[2]}  {payload.certificate_id}  TWS-EB-001\n"
        + f"    ! the certificate says {LAB_ONE} signed it, but it carries no signature: it was"
        " removed\n" + f"NOT A CERTIFICATE  {paths[3]}\n"
    )
    assert done.stderr.startswith(f"error: {paths[3]}: ")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_the_signature_removed_is_tampered(
    tmp_path: Path, signed: Certified, signing_keys: Path, registry: Registry
) -> None:
    payload = payload_of(signed.passed)
    path = put(tmp_path, "bare.pdf", render(payload, Location("x")).pdf)
    removed = (
        f"the certificate says {LAB_ONE} signed it, but it carries no signature: it was removed"
    )
    found = verify(path, registry, trust=trusting(signing_keys))
    assert (found.status, found.reasons, found.signer) == (Status.TAMPERED, (removed,), "")
    done = run(path, "--keys", signing_keys)
    assert (done.exit_code, done.stderr) == (1, "")
    assert done.stdout == (
        f"TAMPERED  {path}  {payload.certificate_id}  TWS-EB-001\n    ! {removed}\n"
    )


# --- an expired signing certificate ------------------------------------------------------------

OLD_KEYS = datetime(2023, 11, 23, tzinfo=UTC)
OLD_ISSUE = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def expired_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keys made three years ago, signing for one: expired on 2024-11-23."""
    folder = tmp_path_factory.mktemp("expired") / "keys"
    init_keys(folder, "Old Lab", None, now=OLD_KEYS, signing_years=1)
    return folder


@pytest.fixture(scope="module")
def signed_in_2024(
    tmp_path_factory: pytest.TempPathFactory, expired_keys: Path, registry: Registry
) -> Path:
    """A certificate of a record inspected in May 2024, signed while the key was valid."""
    data = copy.deepcopy(PASSING_RECORD)
    data["inspected_at"] = "2024-05-20T10:15:00+08:00"
    origin = Location("old.yaml", 1)
    result = judge(
        RawRecord(data, origin, lambda p: origin.at(field=dotted(p) or None)),
        registry,
        checks=CHECKS,
    )
    info = read_keys(expired_keys)
    payload = build_payload(
        result, load_photos(result), OLD_ISSUE, "en", signer=SignedBy(info.issuer, info.fingerprint)
    )
    signer = Signer(load_signing_key(expired_keys, None, now=OLD_ISSUE))
    path = tmp_path_factory.mktemp("old") / "old.pdf"
    path.write_bytes(signer.sign(render(payload, origin).pdf, OLD_ISSUE))
    return path


def test_signed_while_valid_judged_after_the_signing_certificate_expired_is_untrusted(
    signed_in_2024: Path, expired_keys: Path, registry: Registry
) -> None:
    expired = "signed by Old Lab, whose signing certificate expired on 2024-11-23"
    found = verify(signed_in_2024, registry, trust=trusting(expired_keys))
    assert (found.status, found.reasons, found.signer) == (Status.UNTRUSTED, (expired,), "Old Lab")
    done = run(signed_in_2024, "--keys", expired_keys)
    assert (done.exit_code, done.stderr) == (1, "")
    assert done.stdout.startswith(f"UNTRUSTED {signed_in_2024}\n    signed by Old Lab, key ")
    assert done.stdout.endswith(f"    ! {expired}\n")


def test_judged_while_the_signing_certificate_was_valid_it_is_valid(
    signed_in_2024: Path, expired_keys: Path
) -> None:
    done = run(signed_in_2024, "--keys", expired_keys, "--at", "2024-06-02T00:00:00Z")
    assert (done.exit_code, done.stderr) == (0, "")
    assert re.fullmatch(
        rf"VALID     {re.escape(str(signed_in_2024))}  QC-[0-9A-F-]{{14}}  TWS-EB-001  PASS\n"
        r"    signed by Old Lab, key [0-9A-F]{16}…\n",
        done.stdout,
    )


# --- the register: revoked and stale -----------------------------------------------------------


def copied(signed: Certified, folder: Path) -> Certified:
    out = folder / "out"
    shutil.copytree(signed.out, out)
    return Certified(out, out / signed.passed.name, out / signed.failed.name)


def test_a_revoked_certificate_is_revoked_with_the_register(
    tmp_path: Path, signed: Certified, signing_keys: Path, one: KeyInfo
) -> None:
    mine = copied(signed, tmp_path)
    certificate_id = payload_of(mine.passed).certificate_id
    why = ["--why", "wrong batch", "--register", str(mine.register), "--keys", str(signing_keys)]
    revoke = runner.invoke(app, ["register", "revoke", certificate_id, *why])
    assert revoke.exit_code == 0, revoke.stderr
    done = run(mine.passed, mine.failed, "--keys", signing_keys, "--register", mine.register)
    assert (done.exit_code, done.stderr) == (1, "")
    lines = done.stdout.splitlines(keepends=True)
    assert lines[:2] == [
        f"REVOKED   {mine.passed}  {certificate_id}  TWS-EB-001  PASS\n",
        signed_line(one),
    ]
    assert re.fullmatch(r"    ! revoked on 2\d{3}-\d\d-\d\dT[\d:]+Z: wrong batch\n", lines[2])
    assert lines[3:] == [
        f"VALID     {mine.failed}  {payload_of(mine.failed).certificate_id}  TWS-EB-FAIL  FAIL\n",
        signed_line(one),
    ]
    without = run(mine.passed, "--keys", signing_keys)  # the file alone cannot know
    assert (without.exit_code, without.stdout.split()[0]) == (0, "VALID")


def test_a_certificate_superseded_by_a_newer_one_is_stale_with_the_register(
    tmp_path: Path, signed: Certified, signing_keys: Path, one: KeyInfo
) -> None:
    mine = copied(signed, tmp_path)
    older = put(tmp_path, "older.pdf", mine.passed.read_bytes())
    records = str(signed.out.parent / "records")
    later = ["--issued-at", "2026-11-23T10:00:00+08:00", "-c", str(CHECKLISTS), "--jobs", "1"]
    again = runner.invoke(
        app,
        [
            "certify",
            records,
            "-o",
            str(mine.out),
            "-q",
            "--force",
            "--keys",
            str(signing_keys),
            *later,
        ],
    )
    assert (again.exit_code, again.stderr) == (1, "")  # the FAIL
    old_id, new_id = payload_of(older).certificate_id, payload_of(mine.passed).certificate_id
    assert old_id != new_id
    done = run(older, mine.passed, "--keys", signing_keys, "--register", mine.register)
    assert (done.exit_code, done.stderr) == (1, "")
    assert done.stdout == (
        f"STALE     {older}  {old_id}  TWS-EB-001  PASS\n"
        + signed_line(one)
        + f"    ! superseded: {new_id} was issued later for the same SKU\n"
        + f"VALID     {mine.passed}  {new_id}  TWS-EB-001  PASS\n"
        + signed_line(one)
    )


# --- unsigned ---------------------------------------------------------------------------------


def test_an_unsigned_certificate_is_unsigned_and_fails_only_when_a_signature_is_required(
    unsigned: Certified, signing_keys: Path
) -> None:
    certificate_id = payload_of(unsigned.passed).certificate_id
    head = f"UNSIGNED  {unsigned.passed}  {certificate_id}  TWS-EB-001  PASS\n"
    done = run(unsigned.passed, "--keys", signing_keys)
    assert (done.exit_code, done.stdout, done.stderr) == (0, head, "")
    required = run(unsigned.passed, "--keys", signing_keys, "--require-signature")
    assert (required.exit_code, required.stderr) == (1, "")
    assert required.stdout == (
        head + "    ! not signed, and --require-signature asks for a signature\n"
    )


# --- the renderer changes; the badge is forged ----------------------------------------------


def test_a_renderer_change_keeps_signed_certificates_valid_and_unsigned_ones_not(
    signed: Certified, unsigned: Certified, signing_keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = render(payload_of(unsigned.passed), Location("x")).pdf
    monkeypatch.setattr(frame, "GREEN", colors.HexColor("#2E7D32"))  # a new palette
    assert render(payload_of(unsigned.passed), Location("x")).pdf != before
    done = run(signed.passed, unsigned.passed, "--keys", signing_keys)
    assert (done.exit_code, done.stderr) == (1, "")
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"VALID     {signed.passed}  ")
    assert lines[2:] == [
        f"TAMPERED  {unsigned.passed}  {payload_of(unsigned.passed).certificate_id}  TWS-EB-001",
        "    ! the page is not what its embedded record renders to: it was edited after issue",
    ]


def test_a_badge_drawn_pass_for_a_fail_record_is_tampered_though_a_trusted_key_signed(
    tmp_path: Path,
    signed: Certified,
    signer_one: Signer,
    signing_keys: Path,
    one: KeyInfo,
    monkeypatch: pytest.MonkeyPatch,
    registry: Registry,
) -> None:
    payload = payload_of(signed.failed)
    real = messages.word

    def passing(key: str, lang: str) -> str:
        return real("cert_PASS" if key == "cert_FAIL" else key, lang)

    with monkeypatch.context() as patched:
        patched.setattr(frame, "word", passing)
        page = render(payload, Location("x")).pdf
    path = put(tmp_path, "badge.pdf", signer_one.sign(page, payload.issued_at))
    badge = "the page shows PASS / PASS, but its record is FAIL"  # on each of its pages
    found = verify(path, registry, trust=trusting(signing_keys))
    assert (found.status, found.reasons, found.signer) == (Status.TAMPERED, (badge,), LAB_ONE)
    done = run(path, "--keys", signing_keys)
    assert (done.exit_code, done.stderr) == (1, "")
    assert done.stdout == (
        f"TAMPERED  {path}  {payload.certificate_id}  TWS-EB-FAIL\n"
        + signed_line(one)
        + f"    ! {badge}\n"
    )


# --- the signature's layout, by qa-check's own rules (signature wrapping) ---------------------


def _byte_range(data: bytes) -> tuple[int, int, int, int, re.Match[bytes]]:
    found = re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)\] *", data)
    assert found is not None
    first, start, end, length = (int(value) for value in found.groups())
    return first, start, end, length, found


def _ranged(data: bytes, ranges: tuple[int, int, int, int]) -> bytes:
    """``data`` with its /ByteRange written anew, padded to the width it had."""
    *_, found = _byte_range(data)
    text = b"/ByteRange [" + b" ".join(b"%d" % value for value in ranges) + b"]"
    width = found.end() - found.start()
    assert len(text) <= width
    return data[: found.start()] + text.ljust(width) + data[found.end() :]


def _wider_gap(data: bytes) -> bytes:
    """The unsigned gap grown over 10 bytes of what follows the signature."""
    first, start, end, length, _ = _byte_range(data)
    return _ranged(data, (first, start, end + 10, length - 10))


def _literal_contents(data: bytes) -> bytes:
    """The signature as a literal string in the gap, the room it frees to hide things in.

    The same signature bytes, so the signed ranges still hash to what was signed and end at the
    file's end: all a library checks.
    """
    _, start, end, _, _ = _byte_range(data)
    [embedded] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    escaped = bytes(embedded.pkcs7_content)
    for special in (b"\\", b"(", b")"):
        escaped = escaped.replace(special, b"\\" + special)
    escaped = escaped.replace(b"\r", b"\\r").replace(b"\n", b"\\n")
    literal = b"(" + escaped + b")"
    hidden = b" % hidden: 9 0 obj << /Badge (PASS) >> endobj "
    return data[:start] + (literal + hidden).ljust(end - start) + data[end:]


def test_a_library_alone_accepts_the_literal_contents_that_qa_check_refuses(
    signed: Certified, signing_keys: Path
) -> None:
    """Why qa-check checks the layout itself: pyHanko finds this intact and the whole file."""
    forged = _literal_contents(signed.failed.read_bytes())
    [embedded] = PdfFileReader(io.BytesIO(forged)).embedded_signatures
    status = validate_pdf_signature(embedded, trusting(signing_keys).context(JUDGED_AT))
    assert (status.intact, status.valid) == (True, True)
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE


def _null_ranges(data: bytes) -> bytes:
    """Universal signature forgery: ranges that sign nothing."""
    return _ranged(data, (0, 0, 0, 0))


def _not_from_zero(data: bytes) -> bytes:
    first, start, end, length, _ = _byte_range(data)
    return _ranged(data, (first + 5, start, end, length))


WRAPPED = "the {size:,} bytes the signature leaves out are not exactly its own hex string:"


@pytest.mark.parametrize(
    ("forge", "reason"),
    [
        pytest.param(_wider_gap, WRAPPED, id="the gap holds more than the signature"),
        pytest.param(_literal_contents, WRAPPED, id="the contents a literal string"),
        pytest.param(_not_from_zero, "the signed byte ranges [5 ", id="ranges not from 0"),
        pytest.param(_null_ranges, "the signed byte ranges [0 0 0 0]", id="ranges of nothing"),
    ],
)
def test_a_signature_laid_out_otherwise_is_tampered_by_our_own_rules(
    tmp_path: Path, signed: Certified, signing_keys: Path, forge: Any, reason: str
) -> None:
    data = signed.failed.read_bytes()
    forged = forge(data)
    assert len(forged) == len(data) and forged != data
    _, start, end, _, _ = _byte_range(forged)
    path = put(tmp_path, "wrapped.pdf", forged)
    found = verify(path, trust=trusting(signing_keys))
    assert found.status is Status.TAMPERED
    assert found.reasons[0].startswith(reason.format(size=end - start))


def test_a_second_signature_is_tampered_though_both_keys_are_trusted(
    tmp_path: Path, signed: Certified, signing_keys: Path, other_keys: Path
) -> None:
    """A second signature, by another trusted key, in a field of its own."""
    second = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
        str(other_keys / SIGNING_KEY), str(other_keys / SIGNING_CERT)
    )
    assert second is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(signed.passed.read_bytes()))
    out = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Second"), second)
    twice = put(tmp_path, "twice.pdf", out.getvalue())
    found = verify(twice, trust=trusting(signing_keys, other_keys))
    reason = "2 signatures: qa-check signs a certificate once, so signatures were added after issue"
    assert (found.status, found.reasons, found.signer) == (Status.TAMPERED, (reason,), "Lab Two")
