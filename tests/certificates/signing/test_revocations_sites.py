"""revocations.py across sites: another site's seals listed under --trust, and what a reader trusts.

Site A (``signing_keys``, "Lab One 深圳") publishes; site B (``other_keys``, "Lab Two") revoked
one of its certificates with its own key, and the rows met in one register (``register merge``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from test_revocations import NEXT_UPDATE, REVOKED_AT, THIS_UPDATE, entry

from conftest import JUDGED_AT, KEYS_MADE
from qa_check.certificates.register import Register
from qa_check.certificates.signing.keys import (
    CA_CERT,
    SigningKey,
    init_keys,
    load_signing_key,
)
from qa_check.certificates.signing.revocation_seal import pem_of, sealer, sign_bytes
from qa_check.certificates.signing.revocations import (
    RevocationListError,
    read_revocation_list,
    revocation_list,
    signed_bytes,
)
from qa_check.certificates.signing.trust import load_trust

B_REVOKED = "QC-0000-0000-0002"


@pytest.fixture
def site_a(signing_keys: Path) -> SigningKey:
    return load_signing_key(signing_keys, None, now=JUDGED_AT)


@pytest.fixture
def site_b(other_keys: Path) -> SigningKey:
    return load_signing_key(other_keys, None, now=JUDGED_AT)


def merged(tmp_path: Path, site_a: SigningKey, sealed_by: SigningKey) -> Path:
    """A register holding A's revocation of QC-…-0001 and ``sealed_by``'s of QC-…-0002."""
    path = tmp_path / "all.sqlite"
    with Register.open(path, create=True) as register:
        register.add([entry(1), entry(2), entry(3)])
        register.revoke("QC-0000-0000-0001", "wrong photo A", REVOKED_AT, sealer(site_a))
        register.revoke(B_REVOKED, "wrong batch B", REVOKED_AT, sealer(sealed_by))
    return path


def made(path: Path, key: SigningKey, *authorities: x509.Certificate) -> bytes:
    with Register.open(path, create=False) as register:
        return revocation_list(
            [register],
            key,
            this_update=THIS_UPDATE,
            next_update=NEXT_UPDATE,
            authorities=authorities,
        )


def test_a_row_sealed_by_a_trusted_sites_key_is_listed_with_its_certificate_and_ca(
    tmp_path: Path, site_a: SigningKey, site_b: SigningKey
) -> None:
    document = json.loads(made(merged(tmp_path, site_a, site_b), site_a, site_b.ca))
    listed = {e["certificate_id"]: e["signer"] for e in document["revoked_certificates"]}
    assert listed == {
        "QC-0000-0000-0001": site_a.info.fingerprint,
        B_REVOKED: site_b.info.fingerprint,
    }
    assert document["sealing_certificates"] == [
        {"certificate": pem_of(site_b.cert), "ca_certificate": pem_of(site_b.ca)}
    ]
    assert document["earlier_signing_certificates"] == []  # no retired key of A's signed


def test_without_trust_the_refusal_names_the_sealer_and_trust(
    tmp_path: Path, site_a: SigningKey, site_b: SigningKey
) -> None:
    path = merged(tmp_path, site_a, site_b)
    with pytest.raises(RevocationListError) as refused:
        made(path, site_a)
    [problem] = refused.value.problems
    assert problem.show() == (
        f"{path} [{B_REVOKED}]: the revocation of {B_REVOKED} is signed by Lab Two, key"
        f" {site_b.info.fingerprint[:16]}…, whose CA is neither this key folder's nor one given"
        " with --trust: publish with --trust FILE naming that site's ca-cert.pem, or it is not"
        " published"
    )


def _blank_certificate(db: sqlite3.Connection) -> None:
    db.execute(
        "UPDATE revocations SET signer_certificate = '' WHERE certificate_id = ?", (B_REVOKED,)
    )


def _edited_reason(db: sqlite3.Connection) -> None:
    db.execute("UPDATE revocations SET why = 'edited' WHERE certificate_id = ?", (B_REVOKED,))


def _other_signer_named(db: sqlite3.Connection) -> None:
    db.execute("UPDATE revocations SET signer = ? WHERE certificate_id = ?", ("F" * 64, B_REVOKED))


def _not_a_certificate(db: sqlite3.Connection) -> None:
    db.execute(
        "UPDATE revocations SET signer_certificate = 'garbage' WHERE certificate_id = ?",
        (B_REVOKED,),
    )


@pytest.mark.parametrize(
    "forge",
    [_blank_certificate, _edited_reason, _other_signer_named, _not_a_certificate],
    ids=["no certificate", "reason edited", "another signer named", "not a certificate"],
)
def test_a_forged_row_is_refused_even_under_trust(
    tmp_path: Path, site_a: SigningKey, site_b: SigningKey, forge: Any
) -> None:
    path = merged(tmp_path, site_a, site_b)
    with sqlite3.connect(path) as db:
        forge(db)
    db.close()
    with pytest.raises(RevocationListError) as refused:
        made(path, site_a, site_b.ca)
    [problem] = refused.value.problems
    assert problem.show() == (
        f"{path} [{B_REVOKED}]: the revocation of {B_REVOKED} is not signed by this key folder's"
        " signing key or a retired one (written without the key?): it is not published"
    )


def test_a_key_under_a_ca_nobody_trusts_is_refused_though_another_is_trusted(
    tmp_path: Path, site_a: SigningKey, site_b: SigningKey
) -> None:
    init_keys(tmp_path / "forger", "Lab Two", None, now=KEYS_MADE)  # B's name, its own CA
    forger = load_signing_key(tmp_path / "forger", None, now=JUDGED_AT)
    with pytest.raises(RevocationListError) as refused:
        made(merged(tmp_path, site_a, forger), site_a, site_b.ca)
    assert forger.info.fingerprint[:16] in refused.value.problems[0].show()
    assert "--trust" in refused.value.problems[0].show()


# --- what a reader trusts ----------------------------------------------------------------------


def test_the_lists_signer_vouches_for_another_sites_entry(
    tmp_path: Path, site_a: SigningKey, site_b: SigningKey, signing_keys: Path, other_keys: Path
) -> None:
    """Trusting A's CA is enough; B's as well changes nothing; B's alone is not A's list."""
    data = made(merged(tmp_path, site_a, site_b), site_a, site_b.ca)
    a_only = load_trust([signing_keys / CA_CERT])
    both = load_trust([signing_keys / CA_CERT, other_keys / CA_CERT])
    for trust in (a_only, both):
        read = read_revocation_list(data, "site/revocations.json", trust, JUDGED_AT)
        assert sorted(read.certificates) == ["QC-0000-0000-0001", B_REVOKED]
        assert read.certificates[B_REVOKED].why == "wrong batch B"
    with pytest.raises(RevocationListError) as refused:
        read_revocation_list(data, "r.json", load_trust([other_keys / CA_CERT]), JUDGED_AT)
    assert "is signed by Lab One 深圳" in refused.value.problems[0].show()


def _resigned(data: bytes, key: SigningKey, edit: Any) -> bytes:
    """The list edited by ``edit`` and signed again with A's key: the signer vouches for it."""
    document = json.loads(data)
    edit(document)
    document["signature"] = sign_bytes(key, signed_bytes(document))
    return json.dumps(document).encode("utf-8")


def test_a_sealing_certificate_not_issued_by_the_ca_beside_it_is_refused(
    tmp_path: Path, site_a: SigningKey, site_b: SigningKey, signing_keys: Path
) -> None:
    data = made(merged(tmp_path, site_a, site_b), site_a, site_b.ca)

    def wrong_ca(document: dict[str, Any]) -> None:
        document["sealing_certificates"][0]["ca_certificate"] = pem_of(site_a.ca)

    with pytest.raises(RevocationListError) as refused:
        read_revocation_list(
            _resigned(data, site_a, wrong_ca),
            "r.json",
            load_trust([signing_keys / CA_CERT]),
            JUDGED_AT,
        )
    assert refused.value.problems[0].show() == (
        "r.json [sealing_certificates.0]: a signing certificate the list carries was not issued"
        " by the CA beside it: the revocation list was edited"
    )


def test_an_entry_whose_sealer_the_list_does_not_carry_is_refused(
    tmp_path: Path, site_a: SigningKey, site_b: SigningKey, signing_keys: Path
) -> None:
    data = made(merged(tmp_path, site_a, site_b), site_a, site_b.ca)

    def dropped(document: dict[str, Any]) -> None:
        document["sealing_certificates"] = []

    with pytest.raises(RevocationListError) as refused:
        read_revocation_list(
            _resigned(data, site_a, dropped),
            "r.json",
            load_trust([signing_keys / CA_CERT]),
            JUDGED_AT,
        )
    assert refused.value.problems[0].show() == (
        f"r.json [{B_REVOKED}]: the revocation of {B_REVOKED} does not carry its signer's"
        " signature: the list was edited"
    )


def test_another_sites_withdrawn_signing_key_is_listed_and_read_back(
    tmp_path: Path, site_a: SigningKey, site_b: SigningKey, signing_keys: Path
) -> None:
    path = merged(tmp_path, site_a, site_b)
    with Register.open(path, create=False) as register:
        register.revoke_key("AB" * 32, "laptop stolen", REVOKED_AT, sealer(site_b, keys=True))
    data = made(path, site_a, site_b.ca)
    [listed] = json.loads(data)["revoked_signing_certificates"]
    assert (listed["fingerprint"], listed["signer"]) == ("AB" * 32, site_b.info.fingerprint)
    read = read_revocation_list(data, "r.json", load_trust([signing_keys / CA_CERT]), JUDGED_AT)
    assert read.keys["AB" * 32].why == "laptop stolen"
    with pytest.raises(RevocationListError):
        made(path, site_a)  # B's CA not named: neither of B's revocations is published
