"""Each certificate's status at the publish time, read from one or more registers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qa_check.certificates.register import Entry, Register
from qa_check.publish.statuses import Status, read_registers

NOW = datetime(2026, 12, 6, 19, 30, tzinfo=UTC)
LAB = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"


def entry(number: int = 1, **changes: object) -> Entry:
    """A registered PASS file as certify registers it now; ``number`` makes its id and SKU."""
    made = Entry(
        certificate_id=f"QC-0000-0000-{number:04X}",
        lang="en",
        sku=f"SKU-{number}",
        product=f"Product {number} 产品",
        verdict="PASS",
        digest=f"{number:064x}",
        checklists=(("drop-test", "1", "a" * 64),),
        inspected_at="2026-11-20T10:15:00+08:00",
        issued_at=f"2026-11-23T01:{number % 60:02d}:00Z",
        file=f"SKU-{number}_PASS_2026-11-20.pdf",
        signer="",
        file_sha256=f"{number:x}".rjust(64, "e"),
        issuer=LAB,
        valid_until="2027-11-20",
    )
    return replace(made, **changes)  # type: ignore[arg-type]


def registered(path: Path, *entries: Entry, revoke: tuple[str, ...] = ()) -> Path:
    """A register at ``path`` holding ``entries``, ``revoke`` revoked; its path."""
    with Register.open(path, create=True) as register:
        register.add(entries)
        for certificate_id in revoke:
            register.revoke(certificate_id, "issued from the wrong batch", NOW)
    return path


@pytest.mark.parametrize(
    ("entries", "revoke", "status", "why"),
    [
        ([entry(1)], (), Status.VALID, "a PASS within its validity"),
        ([entry(1, verdict="FAIL", valid_until="")], (), Status.ISSUED, "a FAIL has no validity"),
        ([entry(1, valid_until="2026-12-05")], (), Status.EXPIRED, "past its last valid day"),
        ([entry(1, valid_until="2026-12-07")], (), Status.VALID, "its last valid day to come"),
        ([entry(1), entry(2, sku="SKU-1")], (), Status.SUPERSEDED, "a newer one of its SKU"),
        ([entry(1, valid_until="2026-01-01"), entry(2, sku="SKU-1")], (), Status.SUPERSEDED, ""),
        ([entry(1), entry(2, sku="SKU-1")], ("QC-0000-0000-0001",), Status.REVOKED, "first"),
        ([entry(1, valid_until="")], (), Status.VALID, "an older row: validity unknown"),
    ],
)
def test_each_status_and_its_precedence(
    tmp_path: Path, entries: list[Entry], revoke: tuple[str, ...], status: Status, why: str
) -> None:
    path = registered(tmp_path / "r.sqlite", *entries, revoke=revoke)
    read = read_registers([path], NOW, include_fail=True)
    first = next(c for c in read.certificates if c.certificate_id == "QC-0000-0000-0001")
    assert first.status is status, why


def test_the_last_valid_day_ends_in_the_inspections_time_zone(tmp_path: Path) -> None:
    """2026-12-06 ends at 16:00 UTC in +08:00: at 19:30 UTC it is past, in -08:00 it is not."""
    east = entry(1, valid_until="2026-12-06")
    west = entry(2, valid_until="2026-12-06", inspected_at="2026-11-20T10:15:00-08:00")
    path = registered(tmp_path / "r.sqlite", east, west)
    found = read_registers([path], NOW, include_fail=False).certificates
    assert [c.status for c in found] == [Status.EXPIRED, Status.VALID]


def test_fail_certificates_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    path = registered(tmp_path / "r.sqlite", entry(1), entry(2, verdict="FAIL", valid_until=""))
    hidden = read_registers([path], NOW, include_fail=False)
    assert ([c.certificate_id for c in hidden.certificates], hidden.private) == (
        ["QC-0000-0000-0001"],
        1,
    )
    shown = read_registers([path], NOW, include_fail=True)
    assert [c.verdict for c in shown.certificates] == ["PASS", "FAIL"]


def test_several_registers_are_one_a_newer_certificate_in_another_supersedes(
    tmp_path: Path,
) -> None:
    shenzhen = registered(tmp_path / "a.sqlite", entry(1), entry(3))
    dongguan = registered(
        tmp_path / "b.sqlite", entry(2, sku="SKU-1"), entry(3), revoke=("QC-0000-0000-0003",)
    )
    found = read_registers([shenzhen, dongguan], NOW, include_fail=False).certificates
    assert [(c.certificate_id, c.status, c.superseded_by) for c in found] == [
        ("QC-0000-0000-0001", Status.SUPERSEDED, "QC-0000-0000-0002"),
        ("QC-0000-0000-0003", Status.REVOKED, None),  # kept once, revoked by the other register
        ("QC-0000-0000-0002", Status.VALID, None),
    ]


def test_a_certificate_in_two_languages_lists_each_file_and_its_hash(tmp_path: Path) -> None:
    english = entry(1)
    chinese = entry(1, lang="zh", file_sha256="f" * 64)
    unhashed = entry(2, file_sha256="")  # registered before 0.6.0 kept the file's hash
    path = registered(tmp_path / "r.sqlite", english, chinese, unhashed)
    found = read_registers([path], NOW, include_fail=False).certificates
    assert [c.files for c in found] == [
        (("en", english.file_sha256), ("zh", "f" * 64)),
        (),
    ]


def test_an_id_certify_never_makes_is_left_out(tmp_path: Path) -> None:
    hostile = entry(1, certificate_id="../../etc")
    path = registered(tmp_path / "r.sqlite", hostile, entry(2))
    read = read_registers([path], NOW, include_fail=False)
    assert ([c.certificate_id for c in read.certificates], read.unusable) == (
        ["QC-0000-0000-0002"],
        1,
    )


def test_the_status_object_has_the_contracts_keys_and_no_names(tmp_path: Path) -> None:
    path = registered(tmp_path / "r.sqlite", entry(1), revoke=("QC-0000-0000-0001",))
    [cert] = read_registers([path], NOW, include_fail=False).certificates
    assert cert.status_object("2026-12-06T19:30:00Z") == {
        "format": "qa-check-status@1",
        "certificate_id": "QC-0000-0000-0001",
        "status": "REVOKED",
        "status_as_of": "2026-12-06T19:30:00Z",
        "sku": "SKU-1",
        "product": "Product 1 产品",
        "verdict": "PASS",
        "issuer": LAB,
        "inspected_at": "2026-11-20T10:15:00+08:00",
        "issued_at": "2026-11-23T01:01:00Z",
        "valid_until": "2027-11-20",
        "revoked": {"at": "2026-12-06T19:30:00Z", "why": "issued from the wrong batch"},
        "superseded_by": None,
        "files": [{"lang": "en", "sha256": "e" * 63 + "1"}],
        "page": "c/QC-0000-0000-0001/",
    }


def test_a_file_hash_two_certificates_claim_is_listed_for_neither(tmp_path: Path) -> None:
    """Attack: a row claiming another certificate's file (its SHA-256) for itself, revoked."""
    genuine = entry(1)
    claim = entry(2, file_sha256=genuine.file_sha256, issuer="Evil Lab")
    own = entry(2, lang="zh", file_sha256="c" * 64)  # the claimant's own file stays
    path = registered(tmp_path / "r.sqlite", genuine, claim, own, revoke=(claim.certificate_id,))
    read = read_registers([path], NOW, include_fail=False)
    assert read.disputed == 1
    assert [(c.certificate_id, c.files) for c in read.certificates] == [
        (genuine.certificate_id, ()),
        (claim.certificate_id, (("zh", "c" * 64),)),
    ]
