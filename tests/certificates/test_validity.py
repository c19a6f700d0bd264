"""A certificate's times: issue times, times as the page prints them, and validity."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from qa_check.certificates.payload import GENERATOR, build_payload
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.certificates.site import Site
from qa_check.certificates.validity import (
    DEFAULT_VALID_MONTHS,
    expired,
    has_validity,
    issue_time,
    page_time,
    valid_months,
    valid_until,
)
from qa_check.certificates.verify import Status, verify
from qa_check.core.errors import CertificateError, Location
from qa_check.engine import models as m
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord, judge

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def test_the_page_prints_times_with_four_year_digits() -> None:
    assert page_time(datetime.fromisoformat("2026-11-20T10:15:00+08:00")) == (
        "2026-11-20 10:15 +08:00"
    )
    assert page_time(datetime.fromisoformat("0999-01-02T03:04:00-05:30")) == (
        "0999-01-02 03:04 -05:30"
    )
    assert page_time(datetime(999, 12, 31, 23, 0, tzinfo=UTC), utc=True) == "0999-12-31 23:00 UTC"
    assert page_time(datetime.fromisoformat("2026-11-20T10:15:00+08:00"), utc=True) == (
        "2026-11-20 02:15 UTC"
    )


def test_issue_times() -> None:
    assert issue_time("2026-11-23T09:00:00+08:00") == ISSUED
    assert issue_time("0999-12-31T00:00:00+00:00") == datetime(999, 12, 31, tzinfo=UTC)
    now = issue_time(None)
    assert now.tzinfo is UTC and now.microsecond == 0
    for wrong in ("2026-11-23T09:00:00", "tomorrow"):
        with pytest.raises(CertificateError, match="not a time with a zone"):
            issue_time(wrong)
    for beyond in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:30:00-01:00"):
        with pytest.raises(CertificateError, match="outside the times") as caught:
            issue_time(beyond)
        assert caught.value.problems[0].location == Location("--issued-at")


@pytest.mark.parametrize(
    ("inspected", "months", "last_day"),
    [
        ("2026-11-20T10:15:00+08:00", 12, date(2027, 11, 20)),
        ("2026-08-31T10:00:00+08:00", 6, date(2027, 2, 28)),
        ("2027-08-31T10:00:00+08:00", 6, date(2028, 2, 29)),
        ("2026-11-20T23:30:00-05:00", 1, date(2026, 12, 20)),  # its own zone's day
        ("9999-06-01T00:00:00+00:00", 12, date.max),
    ],
)
def test_a_certificate_is_valid_for_months_from_the_inspection(
    record: dict[str, Any], inspected: str, months: int, last_day: date
) -> None:
    data = {**record, "inspected_at": inspected}
    assert valid_until(m.Record.model_validate(data), months) == last_day


@pytest.mark.parametrize(
    ("checklist_months", "site_months", "months"),
    [
        (None, None, DEFAULT_VALID_MONTHS),
        (6, None, 6),
        (None, 24, 24),  # the site's default replaces 12
        (None, 3, 3),
        (6, 9, 6),  # a checklist's shorter validity still wins
        (9, 6, 6),
    ],
)
def test_the_shortest_validity_of_the_checklists_and_the_site_counts(
    registry: Registry, checklist_months: int | None, site_months: int | None, months: int
) -> None:
    shipped = [compiled.checklist for compiled in registry]
    assert all(checklist.valid_months is None for checklist in shipped)
    assert DEFAULT_VALID_MONTHS == 12
    changed = shipped[0].model_copy(update={"valid_months": checklist_months})
    assert valid_months([changed, *shipped[1:]], Site(valid_months=site_months)) == months


def test_a_certificate_expires_when_its_last_day_ends_in_the_inspections_zone(
    record: dict[str, Any],
) -> None:
    inspected = m.Record.model_validate(record)  # 2026-11-20T10:15:00+08:00
    last_day = valid_until(inspected, 12)
    end = datetime.fromisoformat("2027-11-21T00:00:00+08:00")
    assert not expired(inspected, last_day, end - timedelta(seconds=1))
    assert expired(inspected, last_day, end)
    assert not expired(inspected, date.max, datetime.max.replace(tzinfo=UTC))


@pytest.mark.parametrize(
    ("verdict", "generator", "has"),
    [
        ("PASS", GENERATOR, True),
        ("PASS", "qa-check 0.2.0", True),
        ("FAIL", GENERATOR, False),  # a report of a failure: no last valid day
        ("FAIL", "qa-check 0.6.0", False),
        ("FAIL", "qa-check 0.5.0", True),  # the releases that printed one keep it
        ("FAIL", "qa-check 0.3.0", True),
        ("FAIL", "made up", False),
    ],
)
def test_a_fail_has_a_validity_only_from_the_releases_that_printed_one(
    verdict: str, generator: str, has: bool
) -> None:
    assert has_validity(verdict, generator) is has


@pytest.mark.parametrize(
    ("load", "verdict", "status"),
    [("200", "PASS", Status.EXPIRED), ("12", "FAIL", Status.UNSIGNED)],
)
def test_a_fail_certificate_never_expires_and_a_pass_does(
    registry: Registry,
    record: dict[str, Any],
    tmp_path: Path,
    load: str,
    verdict: str,
    status: Status,
) -> None:
    """The page prints no last valid day on a FAIL, and verify finds none to pass."""
    record["answers"]["compression-test"]["applied_load_kg"] = load
    origin = Location(str(tmp_path / "r.yaml"))
    result = judge(
        RawRecord(record, origin, lambda _: origin), registry, explain=True, checks=CHECKS
    )
    assert result.verdict.value == verdict
    path = tmp_path / "r.pdf"
    path.write_bytes(render(build_payload(result, (), ISSUED, "en"), origin).pdf)
    found = verify(path, at=datetime(2031, 1, 1, tzinfo=UTC))
    assert (found.status, found.verdict) == (status, verdict)
