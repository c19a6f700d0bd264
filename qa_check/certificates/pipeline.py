"""Issuing certificates for a batch: plan here, draw in worker processes, write here.

Plan, record by record as they stream in: judge, name the file, keep a certificate that is
already there for the same record, load the photos, build the payload. Draw: ``render``, a
pure function of the payload, then the signature, in ``jobs`` worker processes that register
the font and load the signing key once each (``jobs=1`` draws here). Finish, in input order:
write each file atomically and report it, with the entry the register keeps of it. Workers
never write, so a run stopped in any way leaves no partial or temporary file.

INVALID records get no certificate; neither does a record whose certificate cannot be drawn
(a character the font lacks, a SKU Code 128 cannot carry, a missing photo, a worker that
crashes on it) or would replace another certificate without ``force``: it becomes INVALID with
the reason, and the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qa_check.certificates import preflight
from qa_check.certificates.lot_payload import (
    build_lot_payload,
    lot_certificate_name,
    read_any_payload,
)
from qa_check.certificates.page import fonts
from qa_check.certificates.payload import (
    Payload,
    SignedBy,
    build_payload,
    canonical_json,
    certificate_id_of,
    certificate_name,
    load_photos,
    utc_text,
)
from qa_check.certificates.pool import Failed, in_order
from qa_check.certificates.register import Entry
from qa_check.certificates.render import render
from qa_check.certificates.report import report_for, report_number
from qa_check.certificates.signing.signer import Signer, SigningSpec, load_signer
from qa_check.certificates.site import Site
from qa_check.certificates.validity import last_valid_day
from qa_check.certificates.verify import embedded_record, read_certificate
from qa_check.core.errors import CertificateError, Location, Problem, RegisterError, WriteError
from qa_check.core.messages import Message, msg
from qa_check.engine.checklists import Registry
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import RawRecord, SkuResult, Verdict, internal_error
from qa_check.engine.lots import LotOutcome
from qa_check.files.fileio import atomic_write


@dataclass(frozen=True, slots=True)
class Issued:
    """One record's result and its certificate (None when INVALID)."""

    result: SkuResult
    path: Path | None = None
    kept: bool = False
    """The certificate was there already, of the same record: not drawn again."""
    entry: Entry | None = None
    """What the register keeps of the certificate (of the one kept, when kept)."""

    @property
    def digest(self) -> str:
        """The certificate's digest (of the one kept, when kept): the summary lists it."""
        return "" if self.entry is None else self.entry.digest


@dataclass(frozen=True, slots=True)
class Signing:
    """How a batch signs: whose key (the page names it), and how a worker loads that key."""

    spec: SigningSpec
    signed_by: SignedBy


Numbers = Callable[[str, str, Callable[[int], str]], str]
"""Where report numbers come from: (issuer, record digest, the n-th's text) -> its number, as
``Register.report_number`` keeps them."""


@dataclass(frozen=True, slots=True)
class Drawing:
    """What a worker needs to draw one certificate: plain data, sent to it whole."""

    payload: Payload
    origin: Location
    signing: SigningSpec | None = None
    """The key to sign with, loaded once per process; None: the certificate is not signed."""


def issue_all(
    sources: Iterable[RawRecord | Problem],
    registry: Registry,
    out: Path,
    issued_at: datetime,
    lang: str,
    *,
    site: Site,
    jobs: int = 1,
    force: bool = False,
    signing: Signing | None = None,
    numbers: Numbers | None = None,
) -> Generator[Issued, None, None]:
    """Certify each record into ``out``, issued under ``site``, drawing ``jobs`` at a time.

    Results come in input order and files are the same for any ``jobs``. A certificate already
    in ``out`` for the same record (its record, checklists, photos, site and language; the
    issue time aside) is kept; one of anything else is replaced only with ``force``. A file is
    only ever written directly inside ``out``. With ``signing``, each certificate is signed.
    A site that numbers its reports takes each record's number from ``numbers`` (a record has
    one number, whatever its language). Closing the generator stops the workers.
    """
    planned = _plan(
        sources,
        registry,
        out=out,
        issued_at=issued_at,
        lang=lang,
        site=site,
        force=force,
        signing=signing,
        numbers=numbers,
    )
    for issued, drawn in in_order(draw, planned, jobs, fonts.register):
        yield issued if drawn is None else _finish(issued, drawn)


def _plan(
    sources: Iterable[RawRecord | Problem],
    registry: Registry,
    *,
    out: Path,
    issued_at: datetime,
    lang: str,
    site: Site,
    force: bool,
    signing: Signing | None,
    numbers: Numbers | None,
) -> Iterator[tuple[Issued, Drawing | None]]:
    """Each record's outcome so far, and the drawing its certificate needs (None: no drawing)."""
    named: dict[str, Location] = {}
    # The worker explains, drawing from the payload.
    for result in judge_all(sources, registry, checks=preflight.CHECKS):
        if result.verdict is Verdict.INVALID or (result.record is None and result.lot is None):
            yield Issued(result), None
            continue
        withdrawn = _withdrawn(result, registry, issued_at)
        if withdrawn:
            yield Issued(_invalid(result, withdrawn)), None
            continue
        name = _file_name(result, lang)
        target = out / name
        if target.parent != out or name in named:
            other = named.get(name)
            taken = msg("cert_name_taken", other=str(other), name=name)
            problem = Problem(
                result.location, taken if other else msg("cert_no_safe_name", name=name)
            )
            yield Issued(_invalid(result, [problem])), None
            continue
        try:
            signer = None if signing is None else signing.signed_by
            payload: Payload
            if result.lot is not None:
                payload = build_lot_payload(result, issued_at, lang, site, signer=signer)
            else:
                photos = load_photos(result)
                payload = build_payload(result, photos, issued_at, lang, site, signer=signer)
                if site.lab is not None:
                    number = _number(payload, site, numbers)
                    payload = replace(payload, report=report_for(site.lab, number))
        except (CertificateError, RegisterError) as exc:  # no number: the register says why
            yield Issued(_invalid(result, exc.problems)), None
            continue
        except Exception as exc:  # the batch's boundary, as in judge_all
            failed = internal_error(result.location, exc)
            yield Issued(_invalid(result, list(failed.problems))), None
            continue
        named[name] = result.location
        there = None if force else _there(target, payload)
        if there is None:
            made = entry(payload, name, result.verdict, result.lot, last_valid_day(result, site))
            issued = Issued(result, target, entry=made)
            spec = None if signing is None else signing.spec
            yield issued, Drawing(payload, result.location, spec)
        elif isinstance(there, _Same):  # the same but for its issue: this entry, as issued then
            made = replace(
                entry(payload, name, result.verdict, result.lot, last_valid_day(result, site)),
                certificate_id=there.certificate_id,
                digest=there.digest,
                issued_at=there.issued_at,
                file_sha256=there.file_sha256,
            )
            yield Issued(result, target, kept=True, entry=made), None
        else:
            yield Issued(_invalid(result, [Problem(result.location, there)])), None


def _number(payload: Payload, site: Site, numbers: Numbers | None) -> str | None:
    """The report number of the payload's record, when the site numbers its reports."""
    numbering = None if site.lab is None else site.lab.numbering
    if numbering is None or numbers is None:
        return None
    issuer = "" if site.issuer is None else site.issuer.name

    def text(seq: int) -> str:
        return report_number(numbering, seq, payload.issued_at, site.timezone)

    return numbers(issuer, payload.record_digest, text)


def _file_name(result: SkuResult, lang: str) -> str:
    """The certificate's file name: a SKU record's, or a lot's (its lot id and decision too)."""
    lot = result.lot
    if lot is not None and lot.inspected_at is not None:
        return lot_certificate_name(result.sku or "", lot.lot, lot.decision, lot.inspected_at, lang)
    record = result.record
    assert record is not None  # judged PASS or FAIL
    return certificate_name(record.sku, result.verdict, record.inspected_at, lang)


def entry(
    payload: Payload,
    file: str,
    verdict: Verdict,
    lot: LotOutcome | None = None,
    valid_until: str = "",
) -> Entry:
    """What the register keeps of the certificate of ``payload``, written as ``file``.

    A lot's certificate also keeps its ``lot``: its id, decision and when it was inspected.
    The issuer's name and ``valid_until`` (``last_valid_day``) are what a published page shows.
    """
    record = payload.record
    checklists = tuple(
        (str(data.get("id")), str(data.get("version")), payload.checklist_sha256[key])
        for data, key in zip(payload.checklists, payload.checklist_sha256, strict=True)
    )
    return Entry(
        certificate_id=payload.certificate_id,
        lang=payload.lang,
        sku=str(record.get("sku", "")),
        product=str(record.get("product_name", "")),
        verdict=verdict.value,
        digest=payload.digest,
        checklists=checklists,
        inspected_at=str(record.get("inspected_at", "")),
        issued_at=utc_text(payload.issued_at),
        file=file,
        signer="" if payload.signer is None else payload.signer.fingerprint,
        lot="" if lot is None else lot.lot,
        decision="" if lot is None else lot.decision,
        lot_inspected_at="" if lot is None or not lot.inspected_at else utc_text(lot.inspected_at),
        issuer="" if payload.site.issuer is None else payload.site.issuer.name,
        valid_until=valid_until,
    )


def draw(drawing: Drawing) -> bytes | tuple[Problem, ...]:
    """The certificate PDF, signed when asked; or why it cannot be drawn.

    In a worker, so it raises for no record. The key is loaded at the first certificate a
    process signs and kept for the others: decrypting it is the slow part of signing.
    """
    try:
        pdf = render(drawing.payload, drawing.origin).pdf
        if drawing.signing is None:
            return pdf
        return _signer(drawing.signing).sign(pdf, drawing.payload.issued_at)
    except CertificateError as exc:
        return tuple(exc.problems)
    except Exception as exc:  # the batch's boundary, as in judge_all
        return internal_error(drawing.origin, exc).problems


_SIGNERS: dict[SigningSpec, Signer] = {}
"""The signing key loaded in this process, by what it was loaded from."""


def _signer(spec: SigningSpec) -> Signer:
    found = _SIGNERS.get(spec)
    if found is None:
        found = _SIGNERS[spec] = load_signer(spec, now=datetime.now(UTC))
    return found


def _finish(issued: Issued, drawn: bytes | tuple[Problem, ...] | Failed) -> Issued:
    """Write a drawn certificate, or make its record INVALID with the reason it has none."""
    result, target = issued.result, issued.path
    assert target is not None  # planned to be drawn
    if isinstance(drawn, Failed):
        if drawn.died:
            problem = Problem(result.location, msg("cert_worker_died"))
            return Issued(_invalid(result, [problem]))
        failed = internal_error(result.location, drawn.error)
        return Issued(_invalid(result, list(failed.problems)))
    if isinstance(drawn, tuple):
        return Issued(_invalid(result, list(drawn)))
    try:
        atomic_write(target, drawn)
    except WriteError as exc:  # a full disk, say: this record is INVALID, the batch goes on
        return Issued(_invalid(result, exc.problems))
    if issued.entry is None:
        return issued
    return replace(issued, entry=replace(issued.entry, file_sha256=_sha256(drawn)))


@dataclass(frozen=True, slots=True)
class _Same:
    """The record's own certificate is there, issued earlier: what its issue made of it.

    The rest of its entry is the new payload's: the same content, or it would not be kept.
    """

    certificate_id: str
    digest: str
    issued_at: str
    file_sha256: str


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _there(target: Path, payload: Payload) -> _Same | Message | None:
    """What is at ``target`` already (None: nothing), or why it stays (needing ``force`` to go).

    Why: it is another record's certificate (named by its id), or no certificate of this
    qa-check version. The record embedded in the file is compared, not the page: ``verify``
    checks the file itself.
    """
    if not (target.exists() or target.is_symlink()):
        return None
    where = str(target)
    try:
        data = read_certificate(target)
        embedded = embedded_record(data, where)
        existing = json.loads(embedded)
        if _without_issue_time(existing) == _without_issue_time(payload.content()):
            content = {key: value for key, value in existing.items() if key != "digest"}
            digest = str(existing["digest"]).removeprefix("sha256:")
            issued = str(existing["issued_at"])
            return _Same(certificate_id_of(content), digest, issued, _sha256(data))
        other = read_any_payload(embedded, where)[0].certificate_id
    except (CertificateError, ValueError, RecursionError):
        return msg("cert_kept_foreign", file=where)
    return msg("cert_kept_other", file=where, id=other)


def _without_issue_time(content: Any) -> bytes | None:
    """A certificate's content as compared for a rerun: all but when it was issued."""
    if not isinstance(content, dict):
        return None
    kept = {key: value for key, value in content.items() if key not in ("issued_at", "digest")}
    return canonical_json(kept)


def _withdrawn(result: SkuResult, registry: Registry, issued_at: datetime) -> list[Problem]:
    """Why no certificate may be issued for a judged record: its withdrawn checklist versions.

    Each version it was judged against that is withdrawn on the issue time's day (UTC, as
    certificates record it) is one problem, naming the version to use; validate still judges
    such a record.
    """
    problems = []
    for compiled in result.judged_against:
        key = compiled.checklist.key
        found = registry.withdrawn(key, issued_at.date())
        if found is not None:
            where = result.location.at(field=f"checklists.{compiled.checklist.id}")
            since = found.since.isoformat()
            problems.append(
                Problem(where, msg("checklist_withdrawn", key=key, since=since, use=found.use))
            )
    return problems


def _invalid(result: SkuResult, problems: list[Problem]) -> SkuResult:
    return replace(result, verdict=Verdict.INVALID, problems=(*result.problems, *problems))
