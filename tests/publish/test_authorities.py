"""The CA certificates a site publishes, and its revocation list signed with the issuer's key."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_statuses import NOW, entry, registered

from qa_check.certificates.register import Register
from qa_check.certificates.signing.keys import CA_CERT, init_keys
from qa_check.core.errors import InputError
from qa_check.publish.authorities import issuer_files, signed_revocations

ISSUER = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lab") / "keys"
    init_keys(folder, ISSUER, None, now=datetime(2026, 1, 1, tzinfo=UTC))
    return folder


def test_the_key_folders_ca_is_published_with_its_full_name_and_fingerprint(keys: Path) -> None:
    signed = issuer_files(keys, [])
    assert signed.ca_pem == (keys / CA_CERT).read_bytes()
    [authority] = signed.authorities
    assert ISSUER in authority.name
    assert len(authority.fingerprint.split()) == 16  # 64 hex digits in groups of four
    assert issuer_files(None, []).ca_pem == b""  # nothing to publish


def test_a_file_that_is_no_certificate_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.pem"
    other.write_text("not a certificate", "utf-8")
    with pytest.raises(InputError, match=r"no X\.509 certificate"):
        issuer_files(None, [other])


def test_revocations_made_unsigned_are_signed_and_listed(keys: Path, tmp_path: Path) -> None:
    """A revocation of an earlier version (no signature) is signed when the site is published."""
    path = registered(tmp_path / "r.sqlite", entry(1), entry(2), revoke=("QC-0000-0000-0002",))
    data, signed_now = signed_revocations(keys, None, [path], NOW, 7)
    listed = json.loads(data)
    assert signed_now == ["QC-0000-0000-0002"]
    assert (listed["this_update"], listed["next_update"]) == (
        "2026-12-06T19:30:00Z",
        "2026-12-13T19:30:00Z",
    )
    assert [r["certificate_id"] for r in listed["revoked_certificates"]] == ["QC-0000-0000-0002"]
    with Register.open(path, create=False) as register:
        [(_, _, _, signer, signature, certificate)] = register.revocations()
    assert signer and signature and certificate  # sealed in the register too
