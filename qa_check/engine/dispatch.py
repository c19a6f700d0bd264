"""A stream of records judged, each by its kind: a SKU record by ``judge``, a lot by ``judge_lot``.

The dispatch sits above both judgements so that neither imports the other at run time: lots
judge each unit through ``judge``, and ``judge`` knows nothing of lots.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from qa_check.core.errors import Problem
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord, RecordCheck, SkuResult, Verdict, internal_error, judge
from qa_check.engine.lots import is_lot, judge_lot


def judge_all(
    sources: Iterable[RawRecord | Problem],
    registry: Registry,
    *,
    checks: Sequence[RecordCheck],
    explain: bool = False,
) -> Iterator[SkuResult]:
    """Judge a stream of records; unreadable input becomes an INVALID result, never a stop.

    This is the batch's error boundary: a record that makes judging fail in a way nobody
    foresaw (a bug) is INVALID with the error named, and the records after it are still judged.
    """
    for source in sources:
        if isinstance(source, Problem):
            yield SkuResult(Verdict.INVALID, source.location, problems=(source,))
            continue
        try:
            if is_lot(source.data):
                result = judge_lot(source, registry, checks=checks)
            else:
                result = judge(source, registry, checks=checks, explain=explain)
        except Exception as exc:  # the boundary: the error is reported, not lost
            result = internal_error(source.origin, exc)
        yield result
