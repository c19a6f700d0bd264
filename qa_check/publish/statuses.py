"""Each registered certificate's standing at the publish time, as the site states it.

One or more registers (several sites, shards) are read as one: a certificate is kept once
(every file, in every language, that any of them holds), revoked when any of them revoked it,
and superseded by the newest certificate of its SKU (or of its SKU's lot) across them all.
Status precedence, as the site's contract fixes it: REVOKED, SUPERSEDED, EXPIRED, then VALID
for a PASS or ACCEPT, ISSUED for a FAIL or REJECT (a report of a failure has no validity).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from qa_check.certificates.register import Register, Row
from qa_check.certificates.validity import ended

STATUS_FORMAT = "qa-check-status@1"
CERTIFICATE_ID = re.compile(r"QC-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", re.ASCII)
"""An id as certify makes it: the only ids that become a folder of the site."""
SHA256 = re.compile(r"[0-9a-f]{64}", re.ASCII)
PUBLIC_VERDICTS = frozenset({"PASS", "ACCEPT"})


class Status(StrEnum):
    """A published certificate's status: the word is the same on every language's page."""

    VALID = "VALID"
    REVOKED = "REVOKED"
    SUPERSEDED = "SUPERSEDED"
    EXPIRED = "EXPIRED"
    ISSUED = "ISSUED"


@dataclass(frozen=True, slots=True)
class Certificate:
    """A certificate as the site shows it: no inspector, tester or approver, ever."""

    certificate_id: str
    status: Status
    sku: str
    product: str
    verdict: str
    """PASS or FAIL; ACCEPT or REJECT for a lot's certificate."""
    issuer: str
    inspected_at: str
    issued_at: str
    valid_until: str | None
    """The last valid day; None for a FAIL, a lot, or a row registered before it was kept."""
    revoked: tuple[str, str] | None
    """(when, why) of its revocation."""
    superseded_by: str | None
    files: tuple[tuple[str, str], ...]
    """(language, SHA-256) of each file issued, for the files whose hash the register kept."""
    lot: str = ""

    @property
    def page(self) -> str:
        """Its page's folder, relative to the site's root."""
        return f"c/{self.certificate_id}/"

    def status_object(self, as_of: str) -> dict[str, Any]:
        """The contract's status object, ``as_of`` being the publish time it states."""
        revoked = None if self.revoked is None else {"at": self.revoked[0], "why": self.revoked[1]}
        return {
            "format": STATUS_FORMAT,
            "certificate_id": self.certificate_id,
            "status": self.status.value,
            "status_as_of": as_of,
            "sku": self.sku,
            "product": self.product,
            "verdict": self.verdict,
            "issuer": self.issuer,
            "inspected_at": self.inspected_at,
            "issued_at": self.issued_at,
            "valid_until": self.valid_until,
            "revoked": revoked,
            "superseded_by": self.superseded_by,
            "files": [{"lang": lang, "sha256": sha} for lang, sha in self.files],
            "page": self.page,
        }


@dataclass(frozen=True, slots=True)
class Read:
    """What the registers hold for the site: its certificates, and the rows left out."""

    certificates: list[Certificate]
    private: int
    """FAIL and REJECT certificates not published (``--include-fail`` publishes them)."""
    unusable: int
    """Rows whose id is not one certify makes: never a folder of the site."""
    disputed: int = 0
    """File hashes that more than one certificate claims: published for none of them."""


def read_registers(paths: Sequence[Path], now: datetime, *, include_fail: bool) -> Read:
    """The certificates of ``paths`` to publish, each with its status at ``now``, oldest first."""
    rows: dict[tuple[str, str], Row] = {}
    newest: dict[tuple[str, str], tuple[str, str]] = {}
    revoked: dict[str, tuple[str, str]] = {}
    unusable = 0
    for path in paths:
        with Register.open(path, create=False) as register:
            for row in register.rows():
                if not CERTIFICATE_ID.fullmatch(row.certificate_id):
                    unusable += 1
                    continue
                rows.setdefault((row.certificate_id, row.lang), row)
                if row.revoked_at:
                    revoked.setdefault(row.certificate_id, (row.revoked_at, row.revoked_why))
                latest = row.superseded_by or row.certificate_id
                key = (row.sku, row.lot)
                if latest == row.certificate_id and newest.get(key, ("", ""))[0] <= row.issued_at:
                    newest[key] = (row.issued_at, latest)
    made: list[Certificate] = []
    private = 0
    for files in _by_certificate(rows.values()):
        first = files[0]
        verdict = first.decision or first.verdict
        if verdict not in PUBLIC_VERDICTS and not include_fail:
            private += 1
            continue
        latest = newest.get((first.sku, first.lot), ("", first.certificate_id))[1]
        superseded = latest if latest != first.certificate_id else None
        made.append(
            _certificate(files, verdict, revoked.get(first.certificate_id), superseded, now)
        )
    disputed = _disputed(made)
    if disputed:
        made = [_without(cert, disputed) for cert in made]
    return Read(made, private, unusable, len(disputed))


def _disputed(certificates: Iterable[Certificate]) -> set[str]:
    """The file hashes claimed by two certificates or more.

    One file is one certificate: a second claim (a register handed over, a merged site's row)
    would make a reader dropping the genuine file see another certificate, revoked or of
    another issuer. Which claim is true the site cannot tell, so it vouches for neither.
    """
    owner: dict[str, str] = {}
    disputed = set()
    for cert in certificates:
        for _, sha in cert.files:
            if owner.setdefault(sha, cert.certificate_id) != cert.certificate_id:
                disputed.add(sha)
    return disputed


def _without(cert: Certificate, disputed: set[str]) -> Certificate:
    kept = tuple(file for file in cert.files if file[1] not in disputed)
    return cert if len(kept) == len(cert.files) else replace(cert, files=kept)


def _by_certificate(rows: Iterable[Row]) -> Iterator[list[Row]]:
    """The rows grouped by certificate, in the order first seen (issue order)."""
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.certificate_id, []).append(row)
    yield from grouped.values()


def _certificate(
    files: list[Row],
    verdict: str,
    revoked: tuple[str, str] | None,
    superseded: str | None,
    now: datetime,
) -> Certificate:
    first = files[0]
    until = next((row.valid_until for row in files if row.valid_until), "") or None
    status = Status.VALID if verdict in PUBLIC_VERDICTS else Status.ISSUED
    if revoked is not None:
        status = Status.REVOKED
    elif superseded is not None:
        status = Status.SUPERSEDED
    elif until is not None and _past(until, first.inspected_at, now):
        status = Status.EXPIRED
    return Certificate(
        certificate_id=first.certificate_id,
        status=status,
        sku=first.sku,
        product=first.product,
        verdict=verdict,
        issuer=next((row.issuer for row in files if row.issuer), ""),
        inspected_at=first.inspected_at,
        issued_at=first.issued_at,
        valid_until=until,
        revoked=revoked,
        superseded_by=superseded,
        files=tuple(
            (row.lang, row.file_sha256) for row in files if SHA256.fullmatch(row.file_sha256)
        ),
        lot=first.lot,
    )


def _past(last_day: str, inspected_at: str, now: datetime) -> bool:
    """Whether ``now`` is after ``last_day``, which ends in the inspection's time zone.

    As ``verify`` counts it (``validity.expired``); a time the register holds without a zone,
    or a day that is no date, counts in UTC, and an unreadable day never expires.
    """
    try:
        day = date.fromisoformat(last_day)
    except ValueError:
        return False
    try:
        zone = datetime.fromisoformat(inspected_at).tzinfo or UTC
    except ValueError:
        zone = UTC
    return ended(day, zone, now)
