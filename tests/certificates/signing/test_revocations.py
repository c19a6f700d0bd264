"""revocations.py: the signed revocation list, built from registers and read as hostile input."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import JUDGED_AT
from qa_check.certificates.register import Entry, Register
from qa_check.certificates.signing.keys import CA_CERT, SigningKey, load_signing_key
from qa_check.certificates.signing.revocation_seal import (
    pem_of,
    revocation_bytes,
    sealer,
    sign_bytes,
)
from qa_check.certificates.signing.revocations import (
    FORMAT,
    MAX_LIST_BYTES,
    RevocationListError,
    Withdrawn,
    read_revocation_list,
    revocation_list,
    sign_unsigned,
    signed_bytes,
)
from qa_check.certificates.signing.rotation import rotate_keys
from qa_check.certificates.signing.trust import Trust, load_trust
from qa_check.core.errors import RegisterError
from qa_check.core.messages import msg

THIS_UPDATE = datetime(2026, 11, 22, tzinfo=UTC)
NEXT_UPDATE = datetime(2026, 11, 29, tzinfo=UTC)
REVOKED_AT = datetime(2026, 11, 21, 8, 30, tzinfo=UTC)


def entry(number: int) -> Entry:
    return Entry(
        certificate_id=f"QC-0000-0000-{number:04X}",
        lang="en",
        sku=f"SKU-{number}",
        product="Lamp 台灯",
        verdict="PASS",
        digest=f"{number:064x}",
        checklists=(),
        inspected_at="2026-11-20T10:15:00+08:00",
        issued_at="2026-11-20T03:00:00Z",
        file=f"SKU-{number}_PASS.pdf",
        signer="",
    )


@pytest.fixture
def key(signing_keys: Path) -> SigningKey:
    return load_signing_key(signing_keys, None, now=JUDGED_AT)


@pytest.fixture
def trust(signing_keys: Path) -> Trust:
    return load_trust([signing_keys / CA_CERT])


def register_with(path: Path, *revoked: int, key: SigningKey | None = None) -> Register:
    """A register of three certificates, ``revoked`` ones revoked (unsigned without ``key``)."""
    register = Register.open(path, create=True)
    register.add([entry(1), entry(2), entry(3)])
    for number in revoked:
        seal = sealer(key) if key is not None else None
        register.revoke(
            f"QC-0000-0000-{number:04X}", f"wrong photo 照片 {number}", REVOKED_AT, seal
        )
    return register


def made(registers: list[Register], key: SigningKey) -> bytes:
    return revocation_list(registers, key, this_update=THIS_UPDATE, next_update=NEXT_UPDATE)


def test_a_list_names_each_revocation_and_reads_back(
    tmp_path: Path, key: SigningKey, trust: Trust
) -> None:
    with register_with(tmp_path / "r.sqlite", 2, key=key) as register:
        data = made([register], key)
    document = json.loads(data)
    assert document["format"] == FORMAT == "qa-check-revocations@1"
    assert (document["issuer"], document["this_update"], document["next_update"]) == (
        "Lab One 深圳",
        "2026-11-22T00:00:00Z",
        "2026-11-29T00:00:00Z",
    )
    [listed] = document["revoked_certificates"]
    assert {k: listed[k] for k in ("certificate_id", "revoked_at", "why", "signer")} == {
        "certificate_id": "QC-0000-0000-0002",
        "revoked_at": "2026-11-21T08:30:00Z",
        "why": "wrong photo 照片 2",
        "signer": key.info.fingerprint,
    }
    assert document["signing_certificate"].startswith("-----BEGIN CERTIFICATE-----")
    assert document["ca_certificate"] == (key.info.ca_file).read_text("ascii")
    read = read_revocation_list(data, "site/revocations.json", trust, JUDGED_AT)
    assert (read.issuer, read.stale, list(read.keys)) == ("Lab One 深圳", None, [])
    [(certificate_id, revoked)] = read.certificates.items()
    assert (certificate_id, revoked.revoked_at, revoked.why, revoked.source) == (
        "QC-0000-0000-0002",
        REVOKED_AT,
        "wrong photo 照片 2",
        "site/revocations.json",
    )


def test_unsigned_revocations_are_signed_when_the_list_is_made(
    tmp_path: Path, key: SigningKey, trust: Trust
) -> None:
    with register_with(tmp_path / "r.sqlite", 1, 3) as register:  # made before keys signed them
        assert [row[3:] for row in register.revocations()] == [("", "", ""), ("", "", "")]
        data = made([register], key)
        rows = register.revocations()
        assert sign_unsigned(register, key) == []  # nothing left to sign
    assert {row[3] for row in rows} == {key.info.fingerprint}
    assert {row[5] for row in rows} == {pem_of(key.cert)}  # the certificate beside each seal
    read = read_revocation_list(data, "r.json", trust, JUDGED_AT)
    assert sorted(read.certificates) == ["QC-0000-0000-0001", "QC-0000-0000-0003"]


def test_a_row_written_without_the_key_is_never_published(
    tmp_path: Path, key: SigningKey, other_keys: Path
) -> None:
    other = load_signing_key(other_keys, None, now=JUDGED_AT)
    register_with(tmp_path / "r.sqlite", 2, key=other).close()
    with sqlite3.connect(tmp_path / "r.sqlite") as db:  # a seal with no certificate beside it
        db.execute("UPDATE revocations SET signer_certificate = ''")
    db.close()
    with (
        Register.open(tmp_path / "r.sqlite", create=False) as register,
        pytest.raises(RevocationListError) as refused,
    ):
        made([register], key)
    [problem] = refused.value.problems
    assert problem.show() == (
        f"{tmp_path / 'r.sqlite'} [QC-0000-0000-0002]: the revocation of QC-0000-0000-0002 is"
        " not signed by this key folder's signing key or a retired one (written without the"
        " key?): it is not published"
    )


def test_several_registers_list_a_certificate_once_with_its_first_revocation(
    tmp_path: Path, key: SigningKey, trust: Trust
) -> None:
    with (
        register_with(tmp_path / "a.sqlite", 1, key=key) as first,
        Register.open(tmp_path / "b.sqlite", create=True) as second,
    ):
        second.add([entry(1)])
        second.revoke("QC-0000-0000-0001", "later", REVOKED_AT + timedelta(days=1))
        data = made([second, first], key)
    read = read_revocation_list(data, "r.json", trust, JUDGED_AT)
    assert read.certificates["QC-0000-0000-0001"].why == "wrong photo 照片 1"


def test_past_its_next_update_the_list_is_read_with_a_warning(
    tmp_path: Path, key: SigningKey, trust: Trust
) -> None:
    with register_with(tmp_path / "r.sqlite", 2, key=key) as register:
        data = made([register], key)
    late = read_revocation_list(data, "r.json", trust, NEXT_UPDATE + timedelta(seconds=1))
    assert late.stale == msg("rev_stale", file="r.json", at="2026-11-29T00:00:00Z")
    assert list(late.certificates) == ["QC-0000-0000-0002"]  # what it revokes stays revoked


def test_a_next_update_before_this_update_is_refused(tmp_path: Path, key: SigningKey) -> None:
    with register_with(tmp_path / "r.sqlite") as register, pytest.raises(RevocationListError):
        revocation_list([register], key, this_update=NEXT_UPDATE, next_update=THIS_UPDATE)


def test_after_a_rotation_the_old_keys_revocations_still_check(
    tmp_path: Path, signing_keys: Path, key: SigningKey
) -> None:
    folder = tmp_path / "keys"
    shutil.copytree(signing_keys, folder)
    with register_with(tmp_path / "r.sqlite", 1, key=key) as register:
        now = datetime.now(UTC)
        rotate_keys(folder, None, now=now)
        new = load_signing_key(folder, None, now=now)
        revoked_key = (key.info.fingerprint, "laptop stolen", now)
        register.revoke_key(*revoked_key, sealer(new, keys=True))
        data = revocation_list([register], new, this_update=now, next_update=now + timedelta(7))
    document = json.loads(data)
    assert len(document["earlier_signing_certificates"]) == 1  # the old key's, for its entry
    read = read_revocation_list(data, "r.json", load_trust([folder / CA_CERT]), now)
    assert list(read.keys) == [key.info.fingerprint]
    assert read.keys[key.info.fingerprint].why == "laptop stolen"


# --- the reader refuses, each refusal located ---------------------------------------------------


def resigned(
    change: Callable[[dict[str, Any]], None],
) -> Callable[[dict[str, Any], SigningKey], bytes]:
    """An edit made by someone who holds the key: the list signed again after ``change``."""

    def edit(document: dict[str, Any], key: SigningKey) -> bytes:
        change(document)
        document["signature"] = sign_bytes(key, signed_bytes(document))
        return json.dumps(document, ensure_ascii=False).encode("utf-8")

    return edit


def plain(
    change: Callable[[dict[str, Any]], None],
) -> Callable[[dict[str, Any], SigningKey], bytes]:
    """An edit made without the key."""

    def edit(document: dict[str, Any], key: SigningKey) -> bytes:
        change(document)
        return json.dumps(document, ensure_ascii=False).encode("utf-8")

    return edit


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _drop(name: str) -> Callable[[dict[str, Any]], None]:
    return lambda document: document.pop(name)


REFUSALS: list[tuple[str, Callable[[dict[str, Any], SigningKey], bytes], str]] = [
    ("not json", lambda document, key: b'{"format": ', "r.json:1: invalid JSON"),
    ("not utf-8", lambda document, key: b'{"format": "\xff"}', "r.json: not UTF-8 text"),
    (
        "a key twice",
        lambda document, key: b'{"format": "a", "format": "b"}',
        "r.json:1: invalid JSON",
    ),
    ("a list", lambda document, key: b"[]", "r.json: not a revocation list (format -,"),
    (
        "another format",
        plain(_set(("format",), "qa-check-revocations@2")),
        "r.json: not a revocation list (format qa-check-revocations@2,",
    ),
    (
        "a field missing",
        plain(_drop("revoked_certificates")),
        "r.json [revoked_certificates]: ",
    ),
    (
        "a list for a text",
        plain(_set(("revoked_certificates", 0, "why"), ["x"])),
        "r.json [revoked_certificates.0.why]: ",
    ),
    (
        "a reason edited",
        plain(_set(("revoked_certificates", 0, "why"), "no reason")),
        "r.json: the revocation list's signature does not match its content",
    ),
    (
        "a revocation removed",
        plain(_set(("revoked_certificates",), [])),
        "r.json: the revocation list's signature does not match its content",
    ),
    (
        "the signature not base64",
        plain(_set(("signature",), "!!")),
        "r.json: the revocation list's signature does not match its content",
    ),
    (
        "the signing certificate damaged",
        plain(_set(("signing_certificate",), "-----BEGIN CERTIFICATE-----\nAAAA\n")),
        "r.json [signing_certificate]: not a readable certificate (PEM)",
    ),
    (
        "an entry's signer changed, the list signed again",
        resigned(_set(("revoked_certificates", 0, "signer"), "F" * 64)),
        "r.json [QC-0000-0000-0002]: the revocation of QC-0000-0000-0002 does not carry",
    ),
    (
        "an entry's reason changed, the list signed again",
        resigned(_set(("revoked_certificates", 0, "why"), "edited")),
        "r.json [QC-0000-0000-0002]: the revocation of QC-0000-0000-0002 does not carry",
    ),
    (
        "another issuer named, the list signed again",
        resigned(_set(("issuer",), "Lab Two")),
        "r.json [issuer]: the list names Lab Two as its issuer but is signed by Lab One 深圳",
    ),
    (
        "a time as people write it",
        resigned(_set(("next_update",), "2026-11-29 08:00")),
        "r.json [next_update]: not a UTC time as qa-check writes it",
    ),
    (
        "too large",
        lambda document, key: b" " * (MAX_LIST_BYTES + 1),
        "r.json: larger than 16,777,216 bytes",
    ),
]


@pytest.mark.parametrize(
    ("edit", "said"), [(e, s) for _, e, s in REFUSALS], ids=[n for n, *_ in REFUSALS]
)
def test_the_reader_refuses_what_is_not_the_issuers_list(
    tmp_path: Path,
    key: SigningKey,
    trust: Trust,
    edit: Callable[[dict[str, Any], SigningKey], bytes],
    said: str,
) -> None:
    with register_with(tmp_path / "r.sqlite", 2, key=key) as register:
        document = json.loads(made([register], key))
    with pytest.raises(RevocationListError) as refused:
        read_revocation_list(edit(document, key), "r.json", trust, JUDGED_AT)
    assert refused.value.problems[0].show().startswith(said)


def test_a_list_signed_under_a_ca_nobody_trusts_is_refused(
    tmp_path: Path, key: SigningKey, other_keys: Path
) -> None:
    with register_with(tmp_path / "r.sqlite", 2, key=key) as register:
        data = made([register], key)
    with pytest.raises(RevocationListError) as refused:
        read_revocation_list(data, "r.json", load_trust([other_keys / CA_CERT]), JUDGED_AT)
    [problem] = refused.value.problems
    assert problem.show() == (
        f"r.json: the revocation list is signed by Lab One 深圳, key {key.info.fingerprint[:16]}…,"
        " which no trusted CA vouches for (--trust FILE names the issuer's ca-cert.pem)"
    )
    with pytest.raises(RevocationListError):  # and trusting nothing trusts no list
        read_revocation_list(data, "r.json", Trust(()), JUDGED_AT)


# --- what verify holds certificates to ------------------------------------------------------------


def test_withdrawn_keys_untrust_what_they_signed_after_and_note_what_they_signed_before(
    tmp_path: Path, key: SigningKey, trust: Trust
) -> None:
    fingerprint = key.info.fingerprint
    row = (fingerprint, "2026-11-21T08:30:00Z", "laptop stolen", "", "", "")
    withdrawn = Withdrawn.of([], [row], "r.sqlite")
    after = withdrawn.signer(fingerprint, REVOKED_AT)
    before = withdrawn.signer(fingerprint, REVOKED_AT - timedelta(seconds=1))
    unknown_time = withdrawn.signer(fingerprint, None)
    assert after is not None and before is not None and unknown_time is not None
    assert (after.untrusted, before.untrusted, unknown_time.untrusted) == (True, False, True)
    assert after.message == (
        f"signed at 2026-11-21T08:30:00Z by the key {fingerprint[:16]}…, withdrawn on"
        " 2026-11-21T08:30:00Z: laptop stolen (r.sqlite)"
    )
    assert withdrawn.signer("A" * 64, REVOKED_AT) is None
    assert withdrawn.certificate("QC-0000-0000-0001") is None


def test_a_damaged_registers_key_revocation_is_a_located_error() -> None:
    row = ("AB" * 32, "yesterday", "x", "", "", "")
    with pytest.raises(RegisterError) as refused:
        Withdrawn.of([], [row], "r.sqlite")
    assert refused.value.problems[0].show() == (
        f"r.sqlite [{'AB' * 32}]: not a UTC time as qa-check writes it (2026-12-06T19:30:00Z)"
    )


def test_revocation_bytes_are_the_documented_canonical_json() -> None:
    assert (
        revocation_bytes("QC-0000-0000-0002", "2026-11-21T08:30:00Z", "照片")
        == (
            '{"format":"qa-check-revocation@1","id":"QC-0000-0000-0002",'
            '"revoked_at":"2026-11-21T08:30:00Z","why":"照片"}'
        ).encode()
    )
    key_bytes = revocation_bytes("AB" * 32, "2026-11-21T08:30:00Z", "x", key=True)
    assert key_bytes.startswith(b'{"format":"qa-check-key-revocation@1","id":"ABAB')
