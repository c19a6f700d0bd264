"""verify: the issuer a page prints must be whoever signed it; older formats get a note instead.

Made with the library, as an attacker with qa-check's code would make them: a payload naming
one issuer, drawn, and signed by a trusted key of another name. The earlier-format case starts
from a certificate 0.5.0 issued (format @4), re-issued under a site naming another lab.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import DATA, JUDGED_AT, Certified
from qa_check.certificates.formats import FORMAT_ID, FORMATS
from qa_check.certificates.payload import Payload, SignedBy, read_payload
from qa_check.certificates.render import render
from qa_check.certificates.signing.keys import CA_CERT, KeyInfo, load_signing_key, read_keys
from qa_check.certificates.signing.signer import Signer
from qa_check.certificates.signing.trust import load_trust
from qa_check.certificates.site import Issuer, Site
from qa_check.certificates.verify import Status, Verification, embedded_record, verify
from qa_check.core.errors import Location
from qa_check.core.messages import in_lang
from qa_check.engine.checklists import Registry

RELEASED_SIGNED = DATA / "released" / "0.5.0" / "LAMP-220_PASS_2026-11-18_signed.pdf"
ELSEWHERE = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"


def payload_of(path: Path) -> Payload:
    return read_payload(embedded_record(path.read_bytes(), str(path)), str(path))[0]


@pytest.fixture(scope="module")
def lab_one(signing_keys: Path) -> KeyInfo:
    return read_keys(signing_keys)


def signed_as(payload: Payload, keys: Path, path: Path, registry: Registry) -> Verification:
    """``payload`` drawn, signed with the key in ``keys``, and verified trusting that key."""
    signer = Signer(load_signing_key(keys, None, now=JUDGED_AT))
    path.write_bytes(signer.sign(render(payload, Location("x")).pdf, JUDGED_AT))
    return verify(path, registry, trust=load_trust([keys / CA_CERT]))


def test_a_signer_named_otherwise_on_the_page_than_in_its_key_is_tampered(
    tmp_path: Path, signed: Certified, signing_keys: Path, lab_one: KeyInfo, registry: Registry
) -> None:
    """The signer part names the right key but another name, which the page prints."""
    payload = replace(payload_of(signed.passed), signer=SignedBy("SGS", lab_one.fingerprint))
    found = signed_as(payload, signing_keys, tmp_path / "renamed.pdf", registry)
    assert found.status is Status.TAMPERED
    assert found.reasons == (
        f"the page names the issuer “SGS”, but the file was signed by “{lab_one.issuer}”",
    )
    assert in_lang(found.reasons[0], "zh") == (
        f"页面写明的签发机构为“SGS”，但文件由“{lab_one.issuer}”签名"
    )


def test_the_issuer_and_signer_agreeing_is_valid_without_a_note(
    tmp_path: Path, signed: Certified, signing_keys: Path, lab_one: KeyInfo, registry: Registry
) -> None:
    payload = replace(payload_of(signed.passed), site=Site(Issuer(lab_one.issuer, "Road 1")))
    found = signed_as(payload, signing_keys, tmp_path / "agreeing.pdf", registry)
    assert (found.status, found.reasons, found.notes) == (Status.VALID, (), ())


@pytest.fixture(scope="module")
def older_elsewhere(signing_keys: Path, lab_one: KeyInfo) -> Payload:
    """0.5.0's signed certificate (format @4) issued again under a site naming another lab."""
    released = payload_of(RELEASED_SIGNED)
    assert released.format in FORMATS and released.format != FORMAT_ID
    site = Site(Issuer(ELSEWHERE))
    return replace(released, site=site, signer=SignedBy(lab_one.issuer, lab_one.fingerprint))


def test_an_earlier_format_naming_another_issuer_keeps_verifying_with_a_note(
    tmp_path: Path,
    older_elsewhere: Payload,
    signing_keys: Path,
    lab_one: KeyInfo,
    registry: Registry,
) -> None:
    found = signed_as(older_elsewhere, signing_keys, tmp_path / "older.pdf", registry)
    assert (found.status, found.reasons, found.verdict) == (Status.VALID, (), "PASS")
    [note] = found.notes
    fmt = older_elsewhere.format
    assert note == (
        f"note: the page names the issuer “{ELSEWHERE}” and “{lab_one.issuer}” signed it;"
        f" certificates of {fmt} were issued without checking that the two agree"
    )
    assert in_lang(note, "zh") == (
        f"注：页面写明的签发机构为“{ELSEWHERE}”，签名者为“{lab_one.issuer}”；{fmt} 格式的证书"
        "签发时未核对二者是否一致"
    )
    assert f"    {note}" in found.lines()


def test_the_same_pair_in_todays_format_is_tampered(
    tmp_path: Path, older_elsewhere: Payload, signing_keys: Path, registry: Registry
) -> None:
    """Only the format differs from the note's case: today's certify refuses such a pair."""
    today = replace(payload_of(RELEASED_SIGNED), format=FORMAT_ID)
    payload = replace(today, site=older_elsewhere.site, signer=older_elsewhere.signer)
    found = signed_as(payload, signing_keys, tmp_path / "today.pdf", registry)
    assert found.status is Status.TAMPERED
    assert [ELSEWHERE in found.reasons[0], found.notes] == [True, ()]
