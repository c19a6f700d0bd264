from __future__ import annotations

from typing import Any

import pytest

from conftest import DATA, ROOT, with_sku
from qa_check.certificates.preflight import CHECKS
from qa_check.core.errors import Location, Problem, dotted
from qa_check.engine import dispatch
from qa_check.engine.checklists import Registry
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import RawRecord, SkuResult, Verdict, judge
from qa_check.records.read import read_records, record_files


def raw(data: object) -> RawRecord:
    def locate(path: tuple[str | int, ...]) -> Location:
        return Location("r.yaml", field=dotted(path) or None)

    return RawRecord(data, Location("r.yaml", 1), locate)


def test_judge_all_turns_unreadable_input_into_invalid_results(
    registry: Registry, record: dict[str, Any]
) -> None:
    problem = Problem(Location("x.yaml", 3), "invalid YAML: oops")
    results = list(judge_all([raw(record), problem, raw(None)], registry, checks=CHECKS))
    assert [r.verdict for r in results] == [Verdict.PASS, Verdict.INVALID, Verdict.INVALID]
    assert results[1].problems == (problem,)
    assert results[1].location == problem.location
    assert results[1].sku is None


def test_judging_a_batch_survives_a_bug_on_one_record(
    registry: Registry, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_judge = judge

    def broken_for_b(source: RawRecord, registry: Registry, **options: Any) -> SkuResult:
        if isinstance(source.data, dict) and source.data.get("sku") == "B":
            raise RecursionError("maximum recursion depth exceeded")
        return real_judge(source, registry, **options)

    monkeypatch.setattr(dispatch, "judge", broken_for_b)
    results = list(
        judge_all([raw(with_sku(record, sku)) for sku in "ABC"], registry, checks=CHECKS)
    )
    assert [r.verdict for r in results] == [Verdict.PASS, Verdict.INVALID, Verdict.PASS]
    [problem] = results[1].problems
    assert problem.location == Location("r.yaml", 1)
    assert "(RecursionError: maximum recursion depth exceeded)" in problem.message


def test_a_lot_record_is_judged_as_a_lot_and_a_sku_record_as_a_record(registry: Registry) -> None:
    lot_file = DATA / "lots" / "earbuds-lot-paper.yaml"
    sku_file = ROOT / "examples" / "lamp-220-pass.yaml"
    files = record_files([lot_file, sku_file])
    lot, sku = judge_all(read_records(files, registry), registry, checks=CHECKS)
    assert lot.lot is not None and lot.lot.lot == "PO-4471-A"
    assert lot.verdict is Verdict.FAIL  # REJECT: 6 major defects, Re 6
    assert sku.lot is None and sku.verdict is Verdict.PASS
