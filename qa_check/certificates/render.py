"""A certificate from its payload alone: the payload's record judged again, then drawn.

The record is judged against the checklists the payload embeds, not the installed ones, so
that the page can only show what its record and checklists give; the page (``page``) draws
that judgement. Rendering is deterministic: the same payload gives the same bytes, which
``verify`` relies on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from qa_check.certificates.lot_payload import LotPayload, judge_lot_payload
from qa_check.certificates.page.draw import draw_page
from qa_check.certificates.page.lot import draw_lot_page
from qa_check.certificates.payload import Payload, canonical_json
from qa_check.certificates.preflight import CHECKS
from qa_check.core.errors import CertificateError, Location, dotted
from qa_check.engine.checklists import Registry, registry_from_data
from qa_check.engine.judge import RawRecord, SkuResult, Verdict, judge

_REGISTRIES: dict[bytes, Registry] = {}


class Rendered(NamedTuple):
    """A certificate PDF and the judgement it shows."""

    pdf: bytes
    result: SkuResult


def render(payload: Payload, origin: Location) -> Rendered:
    """The certificate PDF of a payload; raises CertificateError when it cannot be drawn."""
    result = judged(payload, origin)
    drawn = draw_lot_page if isinstance(payload, LotPayload) else draw_page
    return Rendered(drawn(payload, result, origin), result)


def judged(payload: Payload, origin: Location) -> SkuResult:
    """The judgement a payload's page shows: its record against its own checklists.

    Raises CertificateError when the record is INVALID: no certificate shows that.
    """
    raw = RawRecord(payload.record, origin, lambda path: origin.at(field=dotted(path) or None))
    registry = _registry(payload.checklists, origin)
    if isinstance(payload, LotPayload):  # a lot is judged as a lot: each unit through judge
        result = judge_lot_payload(payload, raw, registry)
    else:
        result = judge(raw, registry, explain=True, files=False, checks=CHECKS)
    if result.verdict is Verdict.INVALID:
        raise CertificateError(list(result.problems))
    return result


def _registry(checklists: Sequence[dict[str, Any]], origin: Location) -> Registry:
    """Checklists compiled once per batch: every record of a batch embeds the same ones."""
    key = canonical_json(list(checklists))
    registry = _REGISTRIES.get(key)
    if registry is None:
        registry = registry_from_data(checklists, origin.file)
        if len(_REGISTRIES) > 16:
            _REGISTRIES.clear()
        _REGISTRIES[key] = registry
    return registry
