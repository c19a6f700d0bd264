"""Issuing certificates for a batch: judge, render, name and write one PDF per SKU.

INVALID records get no certificate; neither does a record whose certificate cannot be drawn
(a character the font lacks, a SKU Code 128 cannot carry, a missing photo): it becomes INVALID
with the reason, and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from qa_check.certificate import build_payload, certificate_name, load_photos
from qa_check.checklists import Registry
from qa_check.config import Site
from qa_check.errors import CertificateError, Location, Problem, WriteError
from qa_check.fileio import atomic_write
from qa_check.i18n import msg
from qa_check.pdf import render
from qa_check.validate import RawRecord, SkuResult, Verdict, internal_error, judge_all


@dataclass(frozen=True, slots=True)
class Issued:
    """One record's result and the certificate written for it (None when INVALID)."""

    result: SkuResult
    path: Path | None = None


def issue_all(
    sources: Iterable[RawRecord | Problem],
    registry: Registry,
    out: Path,
    issued_at: datetime,
    lang: str,
    *,
    site: Site,
) -> Iterator[Issued]:
    """Certify each record into ``out``, issued under ``site``'s configuration.

    A file is only ever written directly inside ``out``.
    """
    written: dict[str, Location] = {}
    for result in judge_all(sources, registry, explain=True):
        if result.verdict is Verdict.INVALID or result.record is None:
            yield Issued(result)
            continue
        record = result.record
        name = certificate_name(record.sku, result.verdict, record.inspected_at, lang)
        target = out / name
        if target.parent != out or name in written:
            other = written.get(name)
            taken = msg("cert_name_taken", other=str(other), name=name)
            problem = Problem(
                result.location, taken if other else msg("cert_no_safe_name", name=name)
            )
            yield Issued(_invalid(result, [problem]))
            continue
        try:
            photos = load_photos(result)
            payload = build_payload(result, photos, issued_at, lang, site)
            pdf = render(payload, result.location).pdf
        except CertificateError as exc:
            yield Issued(_invalid(result, exc.problems))
            continue
        except Exception as exc:  # the batch's boundary, as in judge_all
            yield Issued(_invalid(result, list(internal_error(result.location, exc).problems)))
            continue
        try:
            atomic_write(target, pdf)
        except WriteError as exc:  # a full disk, say: this record is INVALID, the batch goes on
            yield Issued(_invalid(result, exc.problems))
            continue
        written[name] = result.location
        yield Issued(result, target)


def _invalid(result: SkuResult, problems: list[Problem]) -> SkuResult:
    return replace(result, verdict=Verdict.INVALID, problems=(*result.problems, *problems))
