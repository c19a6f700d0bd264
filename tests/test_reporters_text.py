"""The text report, compared against exact expected text."""

from __future__ import annotations

from qa_check.errors import Location, Problem
from qa_check.models import Text
from qa_check.reporters.text import TextReporter
from qa_check.validate import Failure, SkuResult, Summary, Verdict

FAILURE = Failure(
    "drop-test@1",
    "drops",
    "DT-3",
    "critical",
    "intact: 3 at corner, 3 at edge, 3 at face",
    "intact: corner 3/3, edge 3/3, face 2/3",
    Text(en="Reinforce the packaging and repeat all drops.", zh="加固包装后重新进行全部跌落。"),
    Location("lamp.yaml", 40, field="answers.drop-test.drops"),
)


def test_pass_is_one_line() -> None:
    result = SkuResult(Verdict.PASS, Location("a.yaml", 1), "A-1", "台灯 Lamp")
    assert TextReporter().result(result) == "PASS     A-1  台灯 Lamp  (a.yaml:1)\n"


def test_fail_lists_rule_requirement_recorded_action() -> None:
    result = SkuResult(Verdict.FAIL, Location("lamp.yaml", 1), "L-2", "Lamp", failures=(FAILURE,))
    assert TextReporter("zh").result(result) == (
        "FAIL     L-2  Lamp  (lamp.yaml:1)\n"
        "    - DT-3 drop-test@1 drops [critical]\n"
        "      required: intact: 3 at corner, 3 at edge, 3 at face\n"
        "      recorded: intact: corner 3/3, edge 3/3, face 2/3"
        "  (lamp.yaml:40 [answers.drop-test.drops])\n"
        "      action:   加固包装后重新进行全部跌落。\n"
    )


def test_invalid_without_sku_lists_problems() -> None:
    problem = Problem(Location("s.csv", row=3, field="gross_weight_kg"), "must be more than 0 kg")
    result = SkuResult(Verdict.INVALID, Location("s.csv", row=3), problems=(problem,))
    assert TextReporter().result(result) == (
        "INVALID  ?  (s.csv row 3)\n    ! s.csv row 3 [gross_weight_kg]: must be more than 0 kg\n"
    )


def test_summary_counts() -> None:
    summary = Summary(passed=2, failed=1, invalid=0)
    assert TextReporter().start() == ""
    assert TextReporter().finish(summary) == "\n3 records: 2 passed, 1 failed, 0 invalid\n"
    assert TextReporter().finish(Summary(passed=1)) == "\n1 record: 1 passed, 0 failed, 0 invalid\n"
