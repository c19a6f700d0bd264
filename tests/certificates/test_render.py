"""A certificate from its payload alone: its record judged against its own checklists, drawn."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from qa_check.certificates.payload import Payload, build_payload
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.core.errors import CertificateError, Location, dotted
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord, Verdict, judge

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
ORIGIN = Location("r.yaml", 1)


def payload_of(registry: Registry, record: dict[str, Any]) -> Payload:
    raw = RawRecord(record, ORIGIN, lambda path: ORIGIN.at(field=dotted(path) or None))
    return build_payload(judge(raw, registry, explain=True, checks=CHECKS), (), ISSUED, "en")


def test_the_page_shows_the_judgement_of_the_payloads_own_checklists(
    registry: Registry, record: dict[str, Any]
) -> None:
    payload = payload_of(registry, record)
    rendered = render(payload, ORIGIN)
    assert rendered.result.verdict is Verdict.PASS
    assert rendered.result.judged_against[0].data == payload.checklists[0]
    assert rendered.pdf.startswith(b"%PDF-") and render(payload, ORIGIN).pdf == rendered.pdf


def test_a_payload_whose_record_its_checklists_find_invalid_gets_no_page(
    registry: Registry, record: dict[str, Any]
) -> None:
    payload = payload_of(registry, record)
    unsigned = {key: value for key, value in payload.record.items() if key != "inspector"}
    with pytest.raises(CertificateError) as caught:
        render(replace(payload, record=unsigned), Location("c.pdf"))
    assert [problem.location.field for problem in caught.value.problems] == ["inspector"]
