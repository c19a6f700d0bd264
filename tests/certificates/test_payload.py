"""Certificate content: safe file names, the payload and its digest, issue times, photos."""

from __future__ import annotations

import base64
import io
import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from qa_check.certificates.formats import FORMAT_ID
from qa_check.certificates.payload import (
    Payload,
    Photo,
    SignedBy,
    build_payload,
    canonical_json,
    certificate_name,
    grouped_fingerprint,
    load_photos,
    qr_content,
    read_payload,
    read_utc_text,
    record_data,
    utc_text,
)
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.site import NO_SITE, Issuer, Site
from qa_check.certificates.validity import page_time
from qa_check.core.errors import CertificateError, Location
from qa_check.engine import models as m
from qa_check.engine.checklists import Registry, content_hash
from qa_check.engine.judge import RawRecord, SkuResult, Verdict, judge

INSPECTED = datetime(2026, 11, 20, 10, 15, tzinfo=UTC)
ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
KEY = "3F5A9C0D1E2B4A6877C1D0E9F8A7B6C5D4E3F2A1B0C9D8E7F6A5B4C3D2E1F0A9"
"""A signing certificate's SHA-256 fingerprint, as ``keys`` gives it."""


@pytest.mark.parametrize(
    ("sku", "expected"),
    [
        ("TWS-EB-001", "TWS-EB-001_PASS_2026-11-20.pdf"),
        ("KETTLE-1.7", "KETTLE-1.7_PASS_2026-11-20.pdf"),
        ("../../x", "x-"),
        ("a/b", "a_b-"),
        ("a\\b", "a_b-"),
        ("..", "sku-"),
        ("/etc/passwd", "etc_passwd-"),
        ("杯子 01", "01-"),
        (".hidden", "hidden-"),
    ],
)
def test_file_names_stay_plain_whatever_the_sku(sku: str, expected: str) -> None:
    name = certificate_name(sku, Verdict.PASS, INSPECTED)
    assert name.startswith(expected)
    assert name.endswith("_PASS_2026-11-20.pdf")
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert Path(name).name == name


def test_skus_that_clean_up_alike_get_different_names() -> None:
    names = {certificate_name(sku, Verdict.FAIL, INSPECTED) for sku in ("a/b", "a_b", "a b")}
    assert len(names) == 3


def test_the_date_is_the_inspection_date_in_its_own_zone() -> None:
    late = datetime.fromisoformat("2026-11-20T23:30:00+08:00")
    assert certificate_name("X", Verdict.FAIL, late).endswith("_FAIL_2026-11-20.pdf")


def test_a_language_other_than_english_is_named_so_that_neither_replaces_the_other() -> None:
    assert certificate_name("X", Verdict.PASS, INSPECTED, "en") == "X_PASS_2026-11-20.pdf"
    assert certificate_name("X", Verdict.PASS, INSPECTED, "zh") == "X_PASS_2026-11-20_zh.pdf"
    both = certificate_name("X", Verdict.PASS, INSPECTED, "en+zh")
    assert both == "X_PASS_2026-11-20_en+zh.pdf"


def judged(registry: Registry, data: dict[str, Any], where: Path) -> SkuResult:
    origin = Location(str(where))
    return judge(
        RawRecord(data, origin, lambda path: origin), registry, explain=True, checks=CHECKS
    )


def test_the_payload_round_trips_through_its_json(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    result = judged(registry, record, tmp_path / "r.yaml")
    jpeg = io.BytesIO()
    Image.new("RGB", (4, 3)).save(jpeg, "JPEG")
    photo = Photo("photos/a.jpg", jpeg.getvalue())
    payload = build_payload(result, [photo], ISSUED, "zh")
    document = json.loads(payload.to_json())
    assert document["format"] == FORMAT_ID
    assert document["digest"] == f"sha256:{payload.digest}"
    assert document["record"]["sku"] == "TWS-EB-001"
    assert [c["id"] for c in document["checklists"]] == list(record["checklists"])
    again, claimed = read_payload(payload.to_json(), "cert.pdf")
    assert again == payload
    assert claimed == payload.digest
    assert re.fullmatch(r"QC-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", payload.certificate_id)


PLAIN_PHOTOS = {
    "sku": "LAMP-220",
    "product_name": "LED台灯 LED Desk Lamp",
    "product": {
        "electrical": "yes",
        "gross_weight_kg": "1.8",
        "length_cm": 48,
        "width_cm": 22,
        "height_cm": 14,
    },
    "inspector": "王芳",
    "site": "Dongguan QA Lab 1",
    "inspected_at": "2026-11-18T14:05:00+08:00",
    "checklists": {"drop-test": 1},
    "answers": {"drop-test": {"drop_height_m": "1.2"}},
    "photos": ["photos/LAMP-220-stack.jpg", "photos/LAMP-220-drop-corner.jpg"],
}


def test_a_record_naming_photos_by_file_keeps_the_record_data_it_had_before_captions() -> None:
    """Pinned as qa-check wrote it before captions existed: the digest and id stay the same."""
    data = record_data(m.Record.model_validate(PLAIN_PHOTOS))
    assert canonical_json(data).decode() == (
        '{"sku":"LAMP-220","product_name":"LED台灯 LED Desk Lamp","product":{"electrical":true,'
        '"gross_weight_kg":1.8,"length_cm":48.0,"width_cm":22.0,"height_cm":14.0},'
        '"inspector":"王芳","site":"Dongguan QA Lab 1","inspected_at":"2026-11-18T14:05:00+08:00",'
        '"checklists":{"drop-test":"1"},"answers":{"drop-test":{"drop_height_m":"1.2"}},'
        '"photos":["photos/LAMP-220-stack.jpg","photos/LAMP-220-drop-corner.jpg"]}'
    )


@pytest.mark.parametrize(
    ("photos", "held"),
    [
        (["photos/a.jpg"], ["photos/a.jpg"]),
        ([{"file": "photos/a.jpg"}], ["photos/a.jpg"]),
        (
            [
                {"file": "photos/a.jpg", "caption": "Drop 4, corner 2-3-5: no damage"},
                "photos/b.jpg",
            ],
            [
                {"file": "photos/a.jpg", "caption": "Drop 4, corner 2-3-5: no damage"},
                "photos/b.jpg",
            ],
        ),
    ],
)
def test_a_payload_holds_a_caption_only_when_given_and_verify_reads_both_forms(
    registry: Registry, record: dict[str, Any], tmp_path: Path, photos: list[Any], held: list[Any]
) -> None:
    (tmp_path / "photos").mkdir()
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / "photos" / name).write_bytes(b"")  # judging checks they exist
    record["photos"] = photos
    result = judged(registry, record, tmp_path / "r.yaml")
    assert result.verdict is Verdict.PASS
    payload = build_payload(result, (), ISSUED, "en")
    assert payload.record["photos"] == held
    again, _ = read_payload(payload.to_json(), "cert.pdf")
    assert again == payload
    reread = m.Record.model_validate(again.record)
    assert result.record is not None
    assert reread.photos == result.record.photos


def _jpeg(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size).save(buffer, "JPEG")
    return buffer.getvalue()


SITE = Site(
    Issuer("Lab 1", "Road 1", "No. 7", _jpeg((240, 80))),
    "Wang Fang",
    6,
    "https://qa.example.com/verify",
)


def test_the_site_travels_in_the_payload(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    result = judged(registry, record, tmp_path / "r.yaml")
    payload = build_payload(result, [], ISSUED, "en", SITE)
    assert payload.site == SITE
    document = json.loads(payload.to_json())
    assert list(document)[:8] == [
        "format",
        "generator",
        "issued_at",
        "lang",
        "site",
        "signer",
        "report",
        "record",
    ]
    assert SITE.issuer is not None and SITE.issuer.logo is not None
    assert document["site"] == {
        "issuer": {
            "name": "Lab 1",
            "address": "Road 1",
            "accreditation": "No. 7",
            "logo_jpeg_base64": base64.b64encode(SITE.issuer.logo).decode("ascii"),
        },
        "approver": "Wang Fang",
        "valid_months": 6,
        "verify_url": "https://qa.example.com/verify",
    }
    again, claimed = read_payload(payload.to_json(), "cert.pdf")
    assert (again, claimed) == (payload, payload.digest)


@pytest.mark.parametrize(
    ("format_id", "qr"),
    [
        (FORMAT_ID, "https://qa.example.com/verify/c/{id}/"),  # the page publish writes
        ("qa-check/certificate@4", "https://qa.example.com/verify/{id}"),  # 0.5.0's, kept
    ],
)
def test_the_qr_code_holds_the_published_page_unless_its_format_held_the_bare_address(
    registry: Registry, record: dict[str, Any], tmp_path: Path, format_id: str, qr: str
) -> None:
    result = judged(registry, record, tmp_path / "r.yaml")
    payload = replace(build_payload(result, [], ISSUED, "en", SITE), format=format_id)
    assert qr_content(payload) == qr.format(id=payload.certificate_id)


@pytest.mark.parametrize(
    ("site", "data"),
    [
        (NO_SITE, {"issuer": None, "approver": None, "valid_months": None, "verify_url": None}),
        (
            Site(Issuer("Lab 1")),
            {
                "issuer": {
                    "name": "Lab 1",
                    "address": None,
                    "accreditation": None,
                    "logo_jpeg_base64": None,
                },
                "approver": None,
                "valid_months": None,
                "verify_url": None,
            },
        ),
    ],
)
def test_what_is_not_configured_is_null_and_reads_back(
    registry: Registry, record: dict[str, Any], tmp_path: Path, site: Site, data: dict[str, Any]
) -> None:
    result = judged(registry, record, tmp_path / "r.yaml")
    payload = build_payload(result, [], ISSUED, "en", site)
    assert json.loads(payload.to_json())["site"] == data
    assert read_payload(payload.to_json(), "cert.pdf")[0].site == site


def test_the_signer_travels_in_the_payload_and_reads_back(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    result = judged(registry, record, tmp_path / "r.yaml")
    signer = SignedBy("东莞示例实验室 Lab 1", KEY)
    payload = build_payload(result, [], ISSUED, "zh", SITE, signer=signer)
    assert payload.signer == signer
    document = json.loads(payload.to_json())
    assert document["format"] == FORMAT_ID == "qa-check/certificate@5"
    assert document["signer"] == {"name": "东莞示例实验室 Lab 1", "fingerprint": KEY}
    again, claimed = read_payload(payload.to_json(), "cert.pdf")
    assert (again, claimed) == (payload, payload.digest)
    assert again.signer == signer
    unsigned = build_payload(result, [], ISSUED, "zh", SITE)
    assert unsigned.signer is None
    assert json.loads(unsigned.to_json())["signer"] is None
    assert read_payload(unsigned.to_json(), "cert.pdf")[0] == unsigned


def test_the_signer_is_content_another_key_is_another_certificate(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    result = judged(registry, record, tmp_path / "r.yaml")
    unsigned = build_payload(result, [], ISSUED, "en")
    signed = build_payload(result, [], ISSUED, "en", signer=SignedBy("Lab 1", KEY))
    other_key = build_payload(result, [], ISSUED, "en", signer=SignedBy("Lab 1", "0" * 64))
    other_name = build_payload(result, [], ISSUED, "en", signer=SignedBy("Lab 2", KEY))
    payloads = [unsigned, signed, other_key, other_name]
    assert len({p.digest for p in payloads}) == len({p.certificate_id for p in payloads}) == 4
    chinese = build_payload(result, [], ISSUED, "zh", signer=SignedBy("Lab 1", KEY))
    assert chinese.certificate_id == signed.certificate_id  # the language is not


@pytest.mark.parametrize(
    ("signer", "expected"),
    [
        pytest.param(
            {"name": "Lab 1", "fingerprint": KEY.lower()},
            f"cert.pdf [signer.fingerprint]: '{KEY.lower()}' is not valid"
            " here: use the 64 upper-case hex digits of a SHA-256 fingerprint",
            id="lower-case fingerprint",
        ),
        pytest.param(
            {"name": "Lab 1", "fingerprint": KEY[:-1]},
            f"cert.pdf [signer.fingerprint]: '{KEY[:-1]}' is not valid"
            " here: use the 64 upper-case hex digits of a SHA-256 fingerprint",
            id="63 digits",
        ),
        pytest.param(
            {"name": "Lab 1", "fingerprint": KEY + "\n"},
            f"cert.pdf [signer.fingerprint]: '{KEY}\\n' is not valid"
            " here: use the 64 upper-case hex digits of a SHA-256 fingerprint",
            id="a line break after it",
        ),
        pytest.param(
            {"name": "Lab 1", "fingerprint": 5},
            "cert.pdf [signer.fingerprint]: '5' is not valid here: use the 64 upper-case hex"
            " digits of a SHA-256 fingerprint",
            id="a number (kept as text by parse_json)",
        ),
        pytest.param(
            {"name": "", "fingerprint": KEY},
            "cert.pdf [signer.name]: empty: write something here",
            id="no name",
        ),
        pytest.param(
            {"name": "x" * 201, "fingerprint": KEY},
            "cert.pdf [signer.name]: too long: at most 200 characters, got 201",
            id="a name too long",
        ),
        pytest.param(
            {"name": "Lab\u202e1", "fingerprint": KEY},
            "cert.pdf [signer.name]: 'Lab\\u202e1' is not valid here:"
            " use text without line breaks or control characters",
            id="a bidi override in the name",
        ),
        pytest.param(
            {"name": "Lab 1"},
            "cert.pdf [signer.fingerprint]: required",
            id="no fingerprint",
        ),
        pytest.param(
            {"name": "Lab 1", "fingerprint": KEY, "key": "x"},
            "cert.pdf [signer.key]: unknown field",
            id="another key",
        ),
    ],
)
def test_a_signer_that_is_not_a_name_and_a_fingerprint_is_refused(
    registry: Registry,
    record: dict[str, Any],
    tmp_path: Path,
    signer: dict[str, Any],
    expected: str,
) -> None:
    payload = build_payload(judged(registry, record, tmp_path / "r.yaml"), [], ISSUED, "en")
    document = json.loads(payload.to_json())
    document["signer"] = signer
    with pytest.raises(CertificateError) as caught:
        read_payload(json.dumps(document).encode(), "cert.pdf")
    assert [str(problem) for problem in caught.value.problems] == [expected]


def test_a_payload_without_the_signer_key_is_unreadable(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    payload = build_payload(judged(registry, record, tmp_path / "r.yaml"), [], ISSUED, "en")
    document = json.loads(payload.to_json())
    del document["signer"]
    with pytest.raises(CertificateError, match="unreadable embedded record"):
        read_payload(json.dumps(document).encode(), "cert.pdf")


def test_a_fingerprint_is_grouped_in_fours() -> None:
    grouped = grouped_fingerprint(KEY)
    assert grouped.startswith("3F5A 9C0D 1E2B 4A68 ")
    assert grouped.split() == [KEY[i : i + 4] for i in range(0, 64, 4)]
    assert len(grouped) == 64 + 15


def test_one_record_and_issue_time_have_one_id_in_every_language(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    result = judged(registry, record, tmp_path / "r.yaml")
    english, chinese = (build_payload(result, [], ISSUED, lang, SITE) for lang in ("en", "zh"))
    assert english.digest != chinese.digest
    assert english.certificate_id == chinese.certificate_id
    later = build_payload(result, [], ISSUED + timedelta(seconds=1), "en", SITE)
    assert later.certificate_id != english.certificate_id
    elsewhere = build_payload(result, [], ISSUED, "en")
    assert elsewhere.certificate_id != english.certificate_id


def test_an_issue_time_before_the_inspection_ended_is_refused(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    result = judged(registry, record, tmp_path / "r.yaml")
    assert result.record is not None
    before = result.record.inspected_at - timedelta(minutes=1)
    with pytest.raises(CertificateError) as caught:
        build_payload(result, [], before, "en")
    [problem] = caught.value.problems
    assert str(problem).startswith("--issued-at: issued 2026-11-20 ")
    assert str(problem).endswith(
        f"before the inspection ended ({page_time(result.record.inspected_at)}):"
        " a certificate cannot come first"
    )
    assert build_payload(result, [], result.record.inspected_at, "en").issued_at is not None


@pytest.mark.parametrize(
    "change",
    [
        lambda p: Payload(p.record, p.checklists, p.photos, datetime(2026, 1, 1, tzinfo=UTC), "en"),
        lambda p: Payload(p.record, p.checklists, p.photos, p.issued_at, "zh"),
        lambda p: Payload(
            {**p.record, "site": "elsewhere"}, p.checklists, p.photos, p.issued_at, "en"
        ),
        lambda p: Payload(p.record, p.checklists, (Photo("x.jpg", b"1"),), p.issued_at, "en"),
        lambda p: Payload(p.record, p.checklists[:1], p.photos, p.issued_at, "en"),
        lambda p: Payload(p.record, p.checklists, p.photos, p.issued_at, "en", Site(Issuer("L"))),
        lambda p: Payload(p.record, p.checklists, p.photos, p.issued_at, "en", Site(None, "A")),
        lambda p: Payload(p.record, p.checklists, p.photos, p.issued_at, "en", Site(None, None, 6)),
        lambda p: Payload(
            p.record, p.checklists, p.photos, p.issued_at, "en", Site(Issuer("L", None, None, b"x"))
        ),
        lambda p: Payload(
            p.record, p.checklists, p.photos, p.issued_at, "en", Site(verify_url="https://a.b")
        ),
        lambda p: Payload(
            p.record, p.checklists, p.photos, p.issued_at, "en", signer=SignedBy("Lab 1", KEY)
        ),
    ],
)
def test_the_digest_covers_every_part(
    registry: Registry, record: dict[str, Any], tmp_path: Path, change: Any
) -> None:
    payload = build_payload(judged(registry, record, tmp_path / "r.yaml"), (), ISSUED, "en")
    assert change(payload).digest != payload.digest


@pytest.mark.parametrize(
    "text",
    [
        b"not json",
        b"[]",
        b'{"format": "other@1"}',
        b'{"format": "qa-check/certificate@1"}',
        b'{"format": "qa-check/certificate@2"}',
        b'{"format": "qa-check/certificate@2", "digest": "x", "issued_at": "2026-11-23T01:00:00Z",'
        b' "lang": "fr", "record": {}, "checklists": [], "checklist_sha256": {}, "photos": [],'
        b' "generator": "g"}',
    ],
)
def test_an_unreadable_payload_is_an_error(text: bytes) -> None:
    with pytest.raises(CertificateError, match="unreadable embedded record"):
        read_payload(text, "cert.pdf")


def test_numbers_arrive_as_text_and_are_numbers_again(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    """parse_json keeps numbers as typed; the record is read as certify wrote it."""
    payload = build_payload(judged(registry, record, tmp_path / "r.yaml"), (), ISSUED, "en")
    assert b'"gross_weight_kg":0.45' in payload.to_json()
    again, claimed = read_payload(payload.to_json(), "cert.pdf")
    assert again.record["product"]["gross_weight_kg"] == 0.45
    assert (again.digest, claimed) == (payload.digest, payload.digest)


def test_the_payload_records_each_checklists_content_hash(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    payload = build_payload(judged(registry, record, tmp_path / "r.yaml"), (), ISSUED, "en")
    hashes = payload.content()["checklist_sha256"]
    drop = registry.get("drop-test", "2")
    assert drop is not None
    assert hashes["drop-test@2"] == content_hash(drop.data)
    assert list(hashes) == [f"{c['id']}@{c['version']}" for c in payload.checklists]
    document = json.loads(payload.to_json())
    document["checklist_sha256"]["drop-test@2"] = "0" * 64
    with pytest.raises(CertificateError, match="the embedded checklist drop-test@2 was changed"):
        read_payload(json.dumps(document).encode(), "cert.pdf")


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 11, 23, 1, 0, tzinfo=UTC), "2026-11-23T01:00:00Z"),
        (datetime(999, 12, 31, tzinfo=UTC), "0999-12-31T00:00:00Z"),
        (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00Z"),
        (datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), "9999-12-31T23:59:59Z"),
        (datetime.fromisoformat("2026-11-23T09:00:00+08:00"), "2026-11-23T01:00:00Z"),
    ],
)
def test_times_are_written_in_one_exact_format_and_read_back(moment: datetime, text: str) -> None:
    assert utc_text(moment) == text
    assert read_utc_text(text) == moment


@pytest.mark.parametrize(
    "text",
    [
        "999-12-31T00:00:00Z",
        "2026-11-23T01:00:00",
        "2026-11-23T01:00:00+00:00",
        "2026-11-23 01:00:00Z",
        "2026-11-23T01:00:00Z\n",
        "2026-11-23T01:00:00.5Z",
        "２０２６-11-23T01:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z",
        "0000-01-01T00:00:00Z",
    ],
)
def test_any_other_time_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        read_utc_text(text)


def test_an_invalid_record_gets_no_payload(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    del record["inspector"]
    result = judged(registry, record, tmp_path / "r.yaml")
    assert result.verdict is Verdict.INVALID
    with pytest.raises(CertificateError, match="INVALID record gets no certificate"):
        build_payload(result, (), ISSUED, "en")


@pytest.mark.parametrize("entry", ["photos/big.png", {"file": "photos/big.png", "caption": "Top"}])
def test_photos_become_jpeg_thumbnails(
    registry: Registry, record: dict[str, Any], tmp_path: Path, entry: object
) -> None:
    (tmp_path / "photos").mkdir()
    Image.new("RGB", (2000, 1000), (200, 30, 30)).save(tmp_path / "photos" / "big.png")
    record["photos"] = [entry]
    photos = load_photos(judged(registry, record, tmp_path / "r.yaml"))
    assert [p.name for p in photos] == ["photos/big.png"]
    with Image.open(io.BytesIO(photos[0].jpeg)) as thumb:
        assert thumb.format == "JPEG"
        assert max(thumb.size) == 480


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        ("../secret.png", "a path inside the record's folder"),
        ("/etc/hostname", "a path inside the record's folder"),
        ("C:\\\\photos\\\\a.png", "a path inside the record's folder"),
        ("missing.png", "no photo file"),
        ("notes.txt", "not a readable JPEG or PNG image"),
    ],
)
def test_photo_problems_are_located(
    registry: Registry, record: dict[str, Any], tmp_path: Path, photo: str, message: str
) -> None:
    (tmp_path / "notes.txt").write_text("not an image", encoding="utf-8")
    record["photos"] = [photo]
    with pytest.raises(CertificateError, match=message) as caught:
        load_photos(judged(registry, record, tmp_path / "r.yaml"))
    assert caught.value.problems[0].location.field == "photos[0]"
