"""verify: the issuer a page prints must be whoever signed it; older formats get a note instead.

Made with the library, as an attacker with qa-check's code would make them: a payload naming
one issuer, drawn, and signed by a trusted key of another name. The earlier-format case starts
from a certificate 0.5.0 issued (format @4), re-issued under a site naming another lab.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import DATA, JUDGED_AT, Certified
from qa_check.certificates.formats import FORMAT_ID, FORMATS
from qa_check.certificates.page.words import Words
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


ALIKE = [  # (how the page's issuer is made from the signer's name, where the two part)
    pytest.param(
        lambda name: name.replace(" ", "\u00a0", 1),
        "at character 4, U+00A0 NO-BREAK SPACE against U+0020 SPACE",
        id="no-break-space",
    ),
    pytest.param(
        lambda name: "\uff2c" + name[1:],
        "at character 1, U+FF2C FULLWIDTH LATIN CAPITAL LETTER L against"
        " U+004C LATIN CAPITAL LETTER L",
        id="full-width",
    ),
]


@pytest.mark.parametrize(("printed", "said"), ALIKE)
def test_a_page_issuer_differing_from_the_signer_unseen_is_tampered_saying_where(
    tmp_path: Path,
    signed: Certified,
    signing_keys: Path,
    lab_one: KeyInfo,
    registry: Registry,
    printed: Callable[[str], str],
    said: str,
) -> None:
    """Attack: the page's issuer prints as the trusted signer's name but is other text."""
    assert lab_one.issuer.startswith("Lab One")
    name = printed(lab_one.issuer)
    payload = replace(payload_of(signed.passed), site=Site(Issuer(name, "Road 1")))
    found = signed_as(payload, signing_keys, tmp_path / "alike.pdf", registry)
    assert found.status is Status.TAMPERED
    assert (
        f"the page names the issuer “{name}”, but the file was signed by “{lab_one.issuer}”"
        f" (the two look alike but are not the same text: {said})"
    ) in found.reasons


@pytest.mark.parametrize(
    "printed",
    [
        pytest.param(lambda name: name.replace("a", "\u0430"), id="cyrillic"),
        pytest.param(lambda name: name + "\u200b", id="zero-width-space"),
        pytest.param(lambda name: "\u202e" + name, id="right-to-left-override"),
        pytest.param(lambda name: name + " ", id="trailing-space"),  # the record reads it trimmed
    ],
)
def test_a_page_issuer_in_look_alike_letters_or_invisible_ones_is_tampered(
    tmp_path: Path,
    signed: Certified,
    signing_keys: Path,
    lab_one: KeyInfo,
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
    printed: Callable[[str], str],
) -> None:
    """Attack: Cyrillic letters that look Latin; characters that print as nothing; a space.

    certify refuses to draw a character its font cannot show; an attacker's copy need not,
    and verify then names the character, or finds the record changed, before the issuer.
    """
    monkeypatch.setattr(Words, "refuse_missing", lambda self, origin: None)
    name = printed(lab_one.issuer)
    assert name != lab_one.issuer
    payload = replace(payload_of(signed.passed), site=Site(Issuer(name, "Road 1")))
    found = signed_as(payload, signing_keys, tmp_path / "alike.pdf", registry)
    assert found.status is Status.TAMPERED and found.reasons
