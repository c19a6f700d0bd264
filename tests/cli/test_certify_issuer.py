"""Issuer and signer agree (issue 24, item 3), as users meet it: certify, run and verify.

A site whose ``[issuer] name`` is not its key's name is refused before anything is written; a
long bilingual name that is the key's signs; and a certificate made as an attacker would make
it, a page naming one lab signed by another lab's trusted key, is TAMPERED, naming both.
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import (
    CHECKLISTS,
    JUDGED_AT,
    KEYS_MADE,
    PASSING_RECORD,
    SIGNED_ISSUED_AT,
    certificates_in,
    given_file,
    write_record,
    written_records,
)
from qa_check.certificates.payload import Payload, SignedBy, read_payload
from qa_check.certificates.render import render
from qa_check.certificates.signing.keys import CA_CERT, init_keys, load_signing_key, read_keys
from qa_check.certificates.signing.signer import Signer
from qa_check.certificates.verify import embedded_record
from qa_check.cli.app import app
from qa_check.core.errors import Location

DONGGUAN = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"
"""The issuer the site configuration names: 69 bytes of UTF-8, more than a common name holds."""
OTHER = "Totally Different Lab"
NAME_LINE = 3
"""The line of ``[issuer] name`` in ``site.toml``."""


def invoke(*args: str | Path, lang: str = "en") -> Result:
    env = {"QA_CHECK_LANG": lang, "QA_CHECK_KEYS": None}
    return CliRunner().invoke(app, [str(arg) for arg in args], env=env)


def certify(record: Path, out: Path, *args: str | Path, lang: str = "en") -> Result:
    at = ("--issued-at", SIGNED_ISSUED_AT)
    return invoke(
        "certify", record, "-o", out, "-c", CHECKLISTS, "--jobs", "1", *at, *args, lang=lang
    )


def verify(path: Path, *trusted: Path, lang: str = "en") -> Result:
    trust = [arg for folder in trusted for arg in ("--trust", folder / CA_CERT)]
    return invoke("verify", path, "-c", CHECKLISTS, *trust, lang=lang)


def payload_of(path: Path) -> Payload:
    return read_payload(embedded_record(path.read_bytes(), str(path)), str(path))[0]


def signer_of(keys: Path) -> Signer:
    return Signer(load_signing_key(keys, None, now=JUDGED_AT))


@pytest.fixture(scope="module")
def other_lab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("other") / "keys"
    init_keys(folder, OTHER, None, now=KEYS_MADE)
    return folder


@pytest.fixture(scope="module")
def dongguan_lab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dongguan") / "keys"
    init_keys(folder, DONGGUAN, None, now=KEYS_MADE)
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("site") / "site.toml"
    path.write_text(f'[issuer]\n# the lab\nname = "{DONGGUAN}"\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_record(tmp_path_factory.mktemp("record") / "pass.yaml", PASSING_RECORD)


def refusal(site: Path, keys: Path, lang: str) -> str:
    """The one error line certify and run print for ``site`` and the other lab's ``keys``."""
    where = f"{site}:{NAME_LINE} [issuer.name]"
    if lang == "zh":
        return (
            f"error: {where}: [issuer] name 为“{DONGGUAN}”，但签名密钥签发给“{OTHER}”：证书必须"
            "由页面所写的签发机构签名，因此未签发任何证书。请将 [issuer] name 改为密钥的名称"
            f"（qa-check keys show --keys {keys} 可显示），或使用为“{DONGGUAN}”生成的密钥签名\n"
        )
    return (
        f"error: {where}: [issuer] name is “{DONGGUAN}”, but the signing key is issued to"
        f" “{OTHER}”: a certificate must be signed by the issuer its page names, so nothing was"
        f" signed. Write the key's name as [issuer] name (qa-check keys show --keys {keys}"
        f" prints it), or sign with the key made for “{DONGGUAN}”\n"
    )


# --- certify and run refuse the pair ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_certify_refuses_a_key_of_another_issuer_before_writing_anything(
    tmp_path: Path, record: Path, site: Path, other_lab: Path, lang: str
) -> None:
    out = tmp_path / "out"
    done = certify(record, out, "--config", site, "--keys", other_lab, lang=lang)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == refusal(site, other_lab, lang)
    assert not out.exists()


def test_run_certify_refuses_it_before_the_first_question(
    tmp_path: Path, run_cli: Any, site: Path, other_lab: Path
) -> None:
    answers = ("--answers", given_file(tmp_path))
    keys = ("--keys", other_lab, "--config", site, "--out", tmp_path / "out")
    result = run_cli("--only", "drop-test", *answers, "--certify", *keys)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == refusal(site, other_lab, "en")
    assert written_records(tmp_path) == []
    assert not (tmp_path / "out").exists()


def test_a_site_naming_no_issuer_signs_and_the_page_names_the_signer(
    tmp_path: Path, record: Path, other_lab: Path
) -> None:
    done = certify(record, tmp_path / "out", "--keys", other_lab, "-q")
    assert (done.exit_code, done.stderr) == (0, "")
    [certificate] = certificates_in(tmp_path / "out")
    text = " ".join(pdf_text(certificate).split())
    assert "Issued by: not configured" in text
    assert f"Digitally signed by {OTHER} · key" in text
    assert verify(certificate, other_lab).stdout.startswith("VALID ")


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout


# --- a long bilingual name that is the key's ------------------------------------------------------


def test_a_long_bilingual_issuer_that_is_the_keys_name_signs_and_verifies_valid(
    tmp_path: Path, record: Path, site: Path, dongguan_lab: Path
) -> None:
    assert len(DONGGUAN.encode()) > 64  # longer than the common name: the key's full name
    assert read_keys(dongguan_lab).issuer == DONGGUAN
    done = certify(record, tmp_path / "out", "--config", site, "--keys", dongguan_lab, "-q")
    assert (done.exit_code, done.stderr) == (0, "")
    [certificate] = certificates_in(tmp_path / "out")
    payload = payload_of(certificate)
    assert payload.site.issuer is not None and payload.site.issuer.name == DONGGUAN
    assert payload.signer is not None and payload.signer.name == DONGGUAN
    checked = verify(certificate, dongguan_lab)
    assert (checked.exit_code, checked.stderr) == (0, "")
    key = read_keys(dongguan_lab).fingerprint[:16]
    assert checked.stdout == (
        f"VALID     {certificate}  {payload.certificate_id}  TWS-EB-001  PASS\n"
        f"    signed by {DONGGUAN}, key {key}…\n"
    )


# --- made as an attacker would: a page naming one lab, signed by another's trusted key ------------


@pytest.fixture(scope="module")
def unsigned_dongguan(tmp_path_factory: pytest.TempPathFactory, record: Path, site: Path) -> Path:
    """The record certified unsigned under the site naming the Dongguan lab."""
    out = tmp_path_factory.mktemp("unsigned") / "out"
    done = certify(record, out, "--config", site, "--no-sign", "-q")
    assert done.exit_code == 0, done.stderr
    [certificate] = certificates_in(out)
    return certificate


@pytest.fixture(scope="module")
def forged(
    tmp_path_factory: pytest.TempPathFactory, unsigned_dongguan: Path, other_lab: Path
) -> tuple[Path, Payload]:
    """The library's way: the Dongguan page, its payload naming the other lab's key, signed by it.

    Only the issuer differs: the signer part names the key that signed.
    """
    other = read_keys(other_lab)
    payload = replace(payload_of(unsigned_dongguan), signer=SignedBy(OTHER, other.fingerprint))
    path = tmp_path_factory.mktemp("forged") / "forged.pdf"
    drawn = render(payload, Location("forged")).pdf
    path.write_bytes(signer_of(other_lab).sign(drawn, JUDGED_AT))
    return path, payload


SAID = {
    "en": (
        "    signed by {name}, key {key}…",
        f"    ! the page names the issuer “{DONGGUAN}”, but the file was signed by “{OTHER}”",
    ),
    "zh": (
        "    签名者：{name}，密钥 {key}…",
        f"    ! 页面写明的签发机构为“{DONGGUAN}”，但文件由“{OTHER}”签名",
    ),
}


@pytest.mark.parametrize("lang", sorted(SAID))
def test_a_page_naming_another_lab_signed_by_a_trusted_key_is_tampered_naming_both(
    forged: tuple[Path, Payload], other_lab: Path, dongguan_lab: Path, lang: str
) -> None:
    path, payload = forged
    key = read_keys(other_lab).fingerprint[:16]
    signed, reason = SAID[lang]
    done = verify(path, other_lab, dongguan_lab, lang=lang)
    assert (done.exit_code, done.stderr) == (1, "")
    assert done.stdout.splitlines() == [
        f"TAMPERED  {path}  {payload.certificate_id}  TWS-EB-001",
        signed.format(name=OTHER, key=key),
        reason,
    ]


def test_an_unsigned_page_signed_afterwards_by_another_lab_is_tampered_naming_both(
    tmp_path: Path, unsigned_dongguan: Path, other_lab: Path
) -> None:
    """The file's way: qa-check's own unsigned PDF, a signature added with the other lab's key."""
    other = read_keys(other_lab)
    forged = tmp_path / "signed-after.pdf"
    at = JUDGED_AT
    forged.write_bytes(signer_of(other_lab).sign(unsigned_dongguan.read_bytes(), at))
    done = verify(forged, other_lab)
    assert (done.exit_code, done.stderr) == (1, "")
    reasons = [line for line in done.stdout.splitlines() if line.startswith("    ! ")]
    assert done.stdout.startswith(f"TAMPERED  {forged}  ")
    assert reasons == [
        f"    ! the certificate names signing key none…, but key {other.fingerprint[:16]}…"
        " signed the file",
        f"    ! the page names the issuer “{DONGGUAN}”, but the file was signed by “{OTHER}”",
    ]
