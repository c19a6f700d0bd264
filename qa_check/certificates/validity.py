"""A certificate's times: the issue time, how the page prints times, and until when it is valid.

The page and ``verify`` count validity with the same functions, from the payload alone, so
they always agree.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta, tzinfo

from qa_check.certificates.site import Site
from qa_check.core.errors import CertificateError, Location, Problem
from qa_check.core.messages import Message, msg
from qa_check.engine import models as m
from qa_check.engine.judge import SkuResult, Verdict


def page_time(moment: datetime, *, utc: bool = False) -> str:
    """A time as the page prints it: ``2026-11-20 10:15 +08:00``, or ``… 01:00 UTC``.

    Without ``utc`` the time is shown as recorded, in its own offset.
    """
    if utc:
        moment = moment.astimezone(UTC)
        zone = "UTC"
    else:
        offset = int((moment.utcoffset() or timedelta(0)).total_seconds())
        sign = "-" if offset < 0 else "+"
        hours, rest = divmod(abs(offset), 3600)
        zone = f"{sign}{hours:02d}:{rest // 60:02d}" + (f":{rest % 60:02d}" if rest % 60 else "")
    return f"{day_text(moment)} {moment.hour:02d}:{moment.minute:02d} {zone}"


def day_text(moment: datetime) -> str:
    """``2026-11-20``: the day of ``moment``, in its own zone, always four year digits."""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def issue_time(text: str | None, option: str = "--issued-at") -> datetime:
    """A time option (``--issued-at``, ``--at``) as an aware UTC time; now when not given.

    A time without a zone, or one that has no UTC equivalent in years 1 to 9999
    (``0001-01-01T00:00:00+01:00``), is an error located at the option.
    """
    if text is None:
        return datetime.now(UTC).replace(microsecond=0)
    where = Location(option)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise CertificateError([Problem(where, msg("issued_at_no_zone", value=text))])
    try:
        return moment.astimezone(UTC).replace(microsecond=0)
    except OverflowError:
        raise CertificateError(
            [Problem(where, msg("issued_at_out_of_range", value=text))]
        ) from None


def issued_too_early(record: m.Record, issued_at: datetime) -> Message | None:
    """Why ``issued_at`` cannot be the issue time of ``record``'s certificate, or None."""
    done = record.finished_at or record.inspected_at
    if issued_at >= done:
        return None
    return msg(
        "issued_before_inspection", issued=page_time(issued_at, utc=True), done=page_time(done)
    )


DEFAULT_VALID_MONTHS = 12
"""A certificate's life when neither a checklist nor the site says otherwise: ISTA labs
re-test yearly."""


def valid_months(checklists: Iterable[m.Checklist], site: Site) -> int:
    """How many months a certificate is valid: the shortest its checklists and its site give.

    The page and ``verify`` both count with this, from the payload, so they always agree.
    """
    given = [c.valid_months for c in checklists if c.valid_months is not None]
    if site.valid_months is not None:
        given.append(site.valid_months)
    return min(given, default=DEFAULT_VALID_MONTHS)


def valid_until(record: m.Record, months: int) -> date:
    """The last day a certificate of ``record`` is valid, in the inspection's time zone.

    ``months`` count from the day the inspection ended; a day the month lacks (31 August and
    6 months) becomes the month's last.
    """
    start = (record.finished_at or record.inspected_at).date()
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    if year > MAXYEAR:
        return date.max
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


LAST_FAIL_WITH_VALIDITY = (0, 5, 0)
"""The last release whose FAIL certificates printed a last valid day; later ones print none."""


def has_validity(verdict: str, generator: str) -> bool:
    """Whether a certificate of ``verdict`` issued by ``generator`` has a last valid day.

    A PASS has one. A FAIL is a report of a failure: none, except the FAIL certificates of
    the releases that printed one (up to LAST_FAIL_WITH_VALIDITY), which keep theirs.
    """
    if verdict != "FAIL":
        return True
    release = re.match(r"qa-check (\d+)\.(\d+)\.(\d+)", generator)
    if release is None:
        return False
    return tuple(int(part) for part in release.groups()) <= LAST_FAIL_WITH_VALIDITY


def last_valid_day(result: SkuResult, site: Site) -> str:
    """The last valid day (``YYYY-MM-DD``) a certificate of ``result`` prints, or ``""``.

    What the register keeps, so that a published page shows it without the PDF: a PASS's, as
    its page counts it; a FAIL has none, and neither has a lot's certificate (verify never calls
    it EXPIRED).
    """
    if result.verdict is not Verdict.PASS or result.lot is not None or result.record is None:
        return ""
    months = valid_months([c.checklist for c in result.judged_against], site)
    return valid_until(result.record, months).isoformat()


def expired(record: m.Record, until: date, moment: datetime) -> bool:
    """True when ``moment`` is after the last valid day, ended in the inspection's zone."""
    return ended(until, (record.finished_at or record.inspected_at).tzinfo, moment)


def ended(until: date, zone: tzinfo | None, moment: datetime) -> bool:
    """True when ``moment`` is after the day ``until``, which ends at midnight in ``zone``.

    ``verify`` counts a certificate's validity so, and the published site with it.
    """
    if until == date.max:
        return False
    return moment >= datetime.combine(until + timedelta(days=1), time(), zone)
