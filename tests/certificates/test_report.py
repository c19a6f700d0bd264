"""A test report's fields in the payload: they travel, read back, and stay out of older formats."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from qa_check.certificates.formats import FORMAT_ID, FORMATS
from qa_check.certificates.payload import Payload, build_payload, canonical_json, read_payload
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.report import NO_REPORT, Report, report_for, report_number
from qa_check.certificates.site import Conditioning, Equipment, Issuer, Lab, Site
from qa_check.core.errors import CertificateError, Location
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord, SkuResult, judge

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
LAB = Lab(
    "DGL-{year}-{seq:06d}",
    Conditioning("ISO 2233", 23.0, 50.0, 24.0),
    (
        Equipment("Drop tester", "DT-01", "CAL-2026-0412", date(2027, 4, 30)),
        Equipment("Balance"),
    ),
)
REPORT = report_for(LAB, "DGL-2026-000123")


def judged(registry: Registry, data: dict[str, Any], where: Path) -> SkuResult:
    origin = Location(str(where))
    return judge(
        RawRecord(data, origin, lambda path: origin), registry, explain=True, checks=CHECKS
    )


def payload_of(
    registry: Registry, record: dict[str, Any], tmp_path: Path, lang: str = "en"
) -> Payload:
    result = judged(registry, record, tmp_path / "r.yaml")
    return build_payload(result, [], ISSUED, lang, Site(Issuer("Lab 1")), report=REPORT)


def test_the_report_travels_in_the_payload_and_reads_back(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    record |= {"sample_quantity": 3, "received_on": "2026-11-17"}
    payload = payload_of(registry, record, tmp_path)
    document = json.loads(payload.to_json())
    assert document["format"] == FORMAT_ID and FORMATS[FORMAT_ID].report
    assert document["report"] == {
        "number": "DGL-2026-000123",
        "conditioning": {
            "standard": "ISO 2233",
            "temperature_c": 23.0,
            "humidity_rh": 50.0,
            "hours": 24.0,
        },
        "equipment": [
            {
                "name": "Drop tester",
                "asset": "DT-01",
                "calibration": "CAL-2026-0412",
                "due": "2027-04-30",
            },
            {"name": "Balance", "asset": None, "calibration": None, "due": None},
        ],
    }
    assert (document["record"]["sample_quantity"], document["record"]["received_on"]) == (
        3,
        "2026-11-17",
    )
    again, claimed = read_payload(payload.to_json(), "cert.pdf")
    assert (again, claimed) == (payload, payload.digest)
    assert again.report == REPORT


def test_what_is_not_configured_is_null_and_a_record_without_sample_fields_omits_them(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    result = judged(registry, record, tmp_path / "r.yaml")
    payload = build_payload(result, [], ISSUED, "en")
    document = json.loads(payload.to_json())
    assert document["report"] == {"number": None, "conditioning": None, "equipment": []}
    assert "sample_quantity" not in document["record"]
    assert "received_on" not in document["record"]
    assert read_payload(payload.to_json(), "cert.pdf")[0].report == NO_REPORT


def test_the_record_digest_is_the_same_in_every_language_the_payload_digest_is_not(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    made = {lang: payload_of(registry, record, tmp_path, lang) for lang in ("en", "zh", "en+zh")}
    assert len({payload.record_digest for payload in made.values()}) == 1
    assert len({payload.certificate_id for payload in made.values()}) == 1
    assert len({payload.digest for payload in made.values()}) == 3
    english = made["en"]
    assert english.record_digest == _sha256(canonical_json(english.record))
    assert english.record_digest != english.digest


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_report_is_content_another_number_is_another_certificate(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    result = judged(registry, record, tmp_path / "r.yaml")
    first = build_payload(result, [], ISSUED, "en", report=Report("A-1"))
    second = build_payload(result, [], ISSUED, "en", report=Report("A-2"))
    assert first.certificate_id != second.certificate_id
    assert first.record_digest == second.record_digest


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            lambda report: report["conditioning"].update(humidity_rh=150.0),
            "conditioning.humidity_rh",
        ),
        (lambda report: report["equipment"][0].update(due="2027-13-01"), "equipment[0].due"),
        (lambda report: report["equipment"][0].update(name="line\nbreak"), "equipment[0].name"),
        (lambda report: report.update(number="x" * 61), "number"),
        (lambda report: report.update(extra=1), "extra"),
        (lambda report: report["equipment"].extend([report["equipment"][0]] * 12), "equipment"),
    ],
)
def test_a_report_part_that_certify_would_not_write_is_refused_located(
    registry: Registry,
    record: dict[str, Any],
    tmp_path: Path,
    change: Any,
    field: str,
) -> None:
    document = json.loads(payload_of(registry, record, tmp_path).to_json())
    change(document["report"])
    with pytest.raises(CertificateError) as caught:
        read_payload(json.dumps(document, ensure_ascii=False).encode(), "cert.pdf")
    located = [str(problem.location) for problem in caught.value.problems]
    assert located == [f"cert.pdf [report.{field}]"]


def test_an_older_format_has_no_report_part_and_one_added_is_foreign(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    older = "qa-check/certificate@4"
    result = judged(registry, record, tmp_path / "r.yaml")
    payload = build_payload(result, [], ISSUED, "en")
    document = {k: v for k, v in json.loads(payload.to_json()).items() if k != "report"}
    document["format"] = older
    again = Payload(
        payload.record, payload.checklists, (), ISSUED, "en", payload.site, format=older
    )
    document["digest"] = f"sha256:{again.digest}"
    read, _ = read_payload(json.dumps(document, ensure_ascii=False).encode(), "cert.pdf")
    assert (read.format, read.report, "report" in read.content()) == (older, NO_REPORT, False)
    document["report"] = {"number": None, "conditioning": None, "equipment": []}
    with pytest.raises(CertificateError, match=r"\[report\]: .*not part of qa-check/certificate@4"):
        read_payload(json.dumps(document, ensure_ascii=False).encode(), "cert.pdf")


@pytest.mark.parametrize(
    ("numbering", "issued", "zone", "number"),
    [
        ("DGL-{year}-{seq:06d}", "2026-11-23T01:00:00+00:00", None, "DGL-2026-000123"),
        ("DGL-{year}-{seq:06d}", "2026-12-31T20:00:00+00:00", "Asia/Shanghai", "DGL-2027-000123"),
        ("DGL-{year}-{seq:06d}", "2026-12-31T20:00:00+00:00", None, "DGL-2026-000123"),
        ("R{seq}", "2026-11-23T01:00:00+00:00", None, "R123"),
        ("{seq:04d}/{year}", "2026-11-23T01:00:00+00:00", None, "0123/2026"),
    ],
)
def test_a_report_number_is_its_format_with_the_issue_year_in_the_sites_zone(
    numbering: str, issued: str, zone: str | None, number: str
) -> None:
    assert report_number(numbering, 123, datetime.fromisoformat(issued), zone) == number
