"""Issuing a batch: one PDF per PASS/FAIL record, only inside --out, problems kept per record."""

from __future__ import annotations

import copy
import errno
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import with_sku
from qa_check import issue as issue_module
from qa_check import pdf
from qa_check.certificate import ATTACHMENT_NAME, read_payload
from qa_check.checklists import Registry
from qa_check.config import NO_SITE, Issuer, Site
from qa_check.errors import Location, dotted
from qa_check.issue import issue_all
from qa_check.validate import RawRecord, Verdict

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def raw(data: dict[str, Any], name: str, folder: Path) -> RawRecord:
    origin = Location(str(folder / f"{name}.yaml"), 1)
    return RawRecord(data, origin, lambda path: origin.at(field=dotted(path) or None))


def variant(record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A changed copy; a new SKU comes with its own barcode scan (LB-3)."""
    changed = with_sku(record, changes["sku"]) if "sku" in changes else copy.deepcopy(record)
    return {**changed, **changes}


def test_hostile_skus_never_write_outside_out(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "deep" / "reports"
    skus = ["../../escape", "a/b", "/abs/path", "..", "a\\..\\..\\b", "plain"]
    sources = [raw(variant(record, sku=sku), str(i), tmp_path) for i, sku in enumerate(skus)]
    issued = list(issue_all(sources, registry, out, ISSUED, "en", site=NO_SITE))
    assert [i.result.verdict for i in issued] == [Verdict.PASS] * len(skus)
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(written) == len(skus)
    assert all(path.parent == out for path in written)
    assert {i.path for i in issued} == set(written)


def test_a_batch_goes_on_past_records_that_cannot_be_certified(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    invalid = variant(record)
    del invalid["site"]
    sources = [
        raw(variant(record, sku="OK-1"), "ok1", tmp_path),
        raw(invalid, "invalid", tmp_path),
        raw(variant(record, sku="杯子-01"), "unicode-sku", tmp_path),
        raw(variant(record, sku="OK-2", product_name="Mug \U0001f600"), "emoji", tmp_path),
        raw(variant(record, sku="OK-1"), "again", tmp_path),
        raw(variant(record, sku="OK-3"), "ok3", tmp_path),
    ]
    out = tmp_path / "out"
    issued = list(issue_all(sources, registry, out, ISSUED, "en", site=NO_SITE))
    verdicts = [i.result.verdict for i in issued]
    assert verdicts == [Verdict.PASS, *[Verdict.INVALID] * 4, Verdict.PASS]
    messages = [str(p) for i in issued for p in i.result.problems]
    assert any("Code 128 cannot encode '杯'" in m for m in messages)
    assert any("U+1F600" in m and "[product_name]" in m for m in messages)
    assert any("ok1.yaml:1 already has this SKU, verdict and date" in m for m in messages)
    assert sorted(p.name for p in out.iterdir()) == [
        "OK-1_PASS_2026-11-20.pdf",
        "OK-3_PASS_2026-11-20.pdf",
    ]


def test_pass_and_fail_both_get_certificates(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    failing = variant(record, sku="F-1")
    failing["answers"]["drop-test"]["surface"] = "other"
    issued = list(
        issue_all(
            [raw(record, "p", tmp_path), raw(failing, "f", tmp_path)],
            registry,
            tmp_path / "out",
            ISSUED,
            "zh",
            site=NO_SITE,
        )
    )
    assert [(i.result.verdict, i.path is not None) for i in issued] == [
        (Verdict.PASS, True),
        (Verdict.FAIL, True),
    ]
    assert issued[1].path is not None
    assert issued[1].path.name == "F-1_FAIL_2026-11-20_zh.pdf"
    assert issued[1].path.read_bytes().startswith(b"%PDF-")


def test_a_failed_write_is_reported_on_its_record(
    registry: Registry, record: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("qa_check.fileio.os.fsync", disk_full)
    (issued,) = issue_all(
        [raw(record, "p", tmp_path)], registry, tmp_path, ISSUED, "en", site=NO_SITE
    )
    assert issued.path is None
    assert issued.result.verdict is Verdict.INVALID
    assert str(issued.result.problems[-1]) == (
        f"{tmp_path / 'TWS-EB-001_PASS_2026-11-20.pdf'}: cannot write: No space left on device"
    )


def test_a_record_that_meets_a_bug_is_invalid_and_the_batch_goes_on(
    registry: Registry, record: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_render = pdf.render

    def broken_for_b(payload: Any, origin: Location) -> Any:
        if payload.record["sku"] == "B":
            raise TypeError("unforeseen")
        return real_render(payload, origin)

    monkeypatch.setattr(issue_module, "render", broken_for_b)
    sources = [raw(variant(record, sku=sku), sku, tmp_path) for sku in ("A", "B", "C")]
    issued = list(issue_all(sources, registry, tmp_path / "out", ISSUED, "en", site=NO_SITE))
    assert [i.result.verdict for i in issued] == [Verdict.PASS, Verdict.INVALID, Verdict.PASS]
    [problem] = issued[1].result.problems
    assert str(problem) == (
        f"{tmp_path / 'B.yaml'}:1: qa-check failed on this record (TypeError: unforeseen):"
        " this is a bug in qa-check, please report it with the record;"
        " the other records are judged as usual"
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "A_PASS_2026-11-20.pdf",
        "C_PASS_2026-11-20.pdf",
    ]


def test_each_certificate_carries_the_site_it_was_issued_under(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    site = Site(Issuer("Lab 1", "Road 1"), "Wang Fang", 6)
    sources = [raw(variant(record, sku=sku), sku, tmp_path) for sku in ("A", "B")]
    issued = list(issue_all(sources, registry, tmp_path / "out", ISSUED, "en", site=site))
    for one in issued:
        assert one.path is not None
        embedded = PdfReader(one.path).attachments[ATTACHMENT_NAME][0]
        assert read_payload(embedded, str(one.path))[0].site == site
