"""A lot certificate's payload: built from a judged lot, its digest and id, read back as hostile."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import DATA
from qa_check.certificates.formats import FORMAT_ID
from qa_check.certificates.lot_payload import (
    LOT_FORMAT_ID,
    LotPayload,
    build_lot_payload,
    lot_certificate_name,
    read_any_payload,
    read_lot_payload,
)
from qa_check.certificates.payload import SignedBy
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.core.errors import CertificateError, Location
from qa_check.core.messages import in_lang
from qa_check.engine.checklists import Registry
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import SkuResult, Verdict
from qa_check.records.read import read_records, record_files

PAPER = DATA / "lots" / "earbuds-lot-paper.yaml"
ISSUED = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
KEY = "3F5A9C0D1E2B4A6877C1D0E9F8A7B6C5D4E3F2A1B0C9D8E7F6A5B4C3D2E1F0A9"


def judged_lot(registry: Registry, path: Path = PAPER) -> SkuResult:
    [result] = judge_all(read_records(record_files([path]), registry), registry, checks=CHECKS)
    return result


def test_a_lot_payload_embeds_the_lot_as_read_and_every_checklist_it_was_judged_against(
    registry: Registry,
) -> None:
    result = judged_lot(registry)
    payload = build_lot_payload(result, ISSUED, "en")
    content = payload.content()
    assert list(content) == [
        "format",
        "generator",
        "issued_at",
        "lang",
        "site",
        "signer",
        "lot",
        "checklists",
        "checklist_sha256",
    ]
    assert content["format"] == LOT_FORMAT_ID
    assert content["lot"]["lot"] == "PO-4471-A"
    assert content["lot"]["defects"][0]["units"] == ["3", "17", "52", "61"]
    assert list(content["checklist_sha256"]) == [
        "packaging-stack@2",
        "label-placement@3",
        "drop-test@2",
        "compression-test@2",
    ]


def test_its_id_is_the_same_in_every_language_and_changes_with_the_lot(
    registry: Registry,
) -> None:
    result = judged_lot(registry)
    english = build_lot_payload(result, ISSUED, "en")
    chinese = build_lot_payload(result, ISSUED, "zh")
    assert english.certificate_id == chinese.certificate_id
    assert english.digest != chinese.digest
    signed = build_lot_payload(result, ISSUED, "en", signer=SignedBy("Lab", KEY))
    assert signed.certificate_id != english.certificate_id


def test_the_attachment_reads_back_as_the_same_payload(registry: Registry) -> None:
    payload = build_lot_payload(judged_lot(registry), ISSUED, "en+zh", signer=SignedBy("Lab", KEY))
    data = payload.to_json()
    for read in (read_lot_payload, read_any_payload):
        again, claimed = read(data, "x.pdf")
        assert isinstance(again, LotPayload)
        assert (again, claimed) == (payload, payload.digest)
        assert again.certificate_id == payload.certificate_id


def test_a_changed_checklist_or_a_missing_part_is_named(registry: Registry) -> None:
    payload = build_lot_payload(judged_lot(registry), ISSUED, "en")
    document = json.loads(payload.to_json())
    document["checklists"][0]["title"]["en"] = "Something else"
    with pytest.raises(CertificateError) as changed:
        read_lot_payload(json.dumps(document).encode(), "x.pdf")
    [problem] = changed.value.problems
    assert problem.location == Location("x.pdf", field="checklist_sha256")
    assert "packaging-stack@2" in problem.message
    document = json.loads(payload.to_json())
    del document["signer"]
    with pytest.raises(CertificateError) as missing:
        read_lot_payload(json.dumps(document).encode(), "x.pdf")
    assert [p.location.field for p in missing.value.problems] == ["signer"]


def test_a_sku_certificates_payload_is_not_read_as_a_lots(registry: Registry) -> None:
    data = b'{\n"format": "' + FORMAT_ID.encode() + b'"\n}\n'
    with pytest.raises(CertificateError) as refused:
        read_lot_payload(data, "x.pdf")
    assert LOT_FORMAT_ID in refused.value.problems[0].message


def test_no_certificate_is_issued_before_the_lot_was_inspected(registry: Registry) -> None:
    result = judged_lot(registry)
    with pytest.raises(CertificateError) as early:
        build_lot_payload(result, datetime(2026, 11, 20, 1, 0, tzinfo=UTC), "en")
    [problem] = early.value.problems
    assert problem.location == Location("--issued-at")
    assert "2026-11-20 10:15 +08:00" in in_lang(problem.message, "en")


def test_an_invalid_lot_gets_no_payload(registry: Registry, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(PAPER.read_text("utf-8").replace("inspected: 80", "inspected: 79"), "utf-8")
    result = judged_lot(registry, broken)
    assert result.verdict is Verdict.INVALID
    with pytest.raises(CertificateError):
        build_lot_payload(result, ISSUED, "en")


@pytest.mark.parametrize(
    ("sku", "lot", "lang", "name"),
    [
        ("TWS-EB-001", "PO-4471-A", "en", "TWS-EB-001_PO-4471-A_REJECT_2026-11-20.pdf"),
        ("TWS-EB-001", "PO-4471-A", "zh", "TWS-EB-001_PO-4471-A_REJECT_2026-11-20_zh.pdf"),
        ("A/B", "lot 7", "en+zh", "A_B-998d3ed8_lot_7-83012bd6_REJECT_2026-11-20_en+zh.pdf"),
    ],
)
def test_a_lot_certificate_is_named_by_its_sku_lot_and_decision(
    sku: str, lot: str, lang: str, name: str
) -> None:
    inspected = datetime(2026, 11, 20, 10, 15, tzinfo=UTC)
    assert lot_certificate_name(sku, lot, "REJECT", inspected, lang) == name


def test_a_payload_claiming_an_issue_before_the_inspection_is_not_drawn(
    registry: Registry,
) -> None:
    payload = build_lot_payload(judged_lot(registry), ISSUED, "en")
    early = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    forged = LotPayload(payload.record, payload.checklists, (), early, "en", format=LOT_FORMAT_ID)
    with pytest.raises(CertificateError) as refused:
        render(forged, Location("x.pdf"))
    [problem] = refused.value.problems
    assert problem.location == Location("x.pdf", field="issued_at")
    assert "2026-11-20 10:15 +08:00" in in_lang(problem.message, "en")
