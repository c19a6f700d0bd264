"""The text report, compared against exact expected text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Literal

import pytest

from qa_check.certificates.verify import Status, Verification
from qa_check.core.errors import Location, Problem
from qa_check.core.messages import Message, msg
from qa_check.engine.judge import Failure, SkuResult, Summary, Verdict
from qa_check.engine.models import Text
from qa_check.reporters.text import CertifyReporter, TextReporter, VerifyReporter

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
    assert TextReporter().result(result) == (
        "FAIL     L-2  Lamp  (lamp.yaml:1)\n"
        "    - DT-3 drop-test@1 drops [critical]\n"
        "      required: intact: 3 at corner, 3 at edge, 3 at face\n"
        "      recorded: intact: corner 3/3, edge 3/3, face 2/3"
        "  (lamp.yaml:40 [answers.drop-test.drops])\n"
        "      action:   Reinforce the packaging and repeat all drops.\n"
    )


def test_in_chinese_the_labels_and_the_action_are_chinese() -> None:
    result = SkuResult(Verdict.FAIL, Location("lamp.yaml", 1), "L-2", "Lamp", failures=(FAILURE,))
    assert TextReporter("zh").result(result) == (
        "FAIL     L-2  Lamp  (lamp.yaml:1)\n"
        "    - DT-3 drop-test@1 drops [critical]\n"
        "      要求：intact: 3 at corner, 3 at edge, 3 at face\n"
        "      记录：intact: corner 3/3, edge 3/3, face 2/3"
        "  (lamp.yaml:40 [answers.drop-test.drops])\n"
        "      整改：加固包装后重新进行全部跌落。\n"
    )


def test_in_chinese_a_requirement_that_knows_its_chinese_is_shown_in_chinese() -> None:
    failure = replace(FAILURE, requirement=Message(">= 1.2 m", "不低于 1.2 m"))
    result = SkuResult(Verdict.FAIL, Location("lamp.yaml", 1), "L-2", "Lamp", failures=(failure,))
    assert "      要求：不低于 1.2 m\n" in TextReporter("zh").result(result)
    assert "      required: >= 1.2 m\n" in TextReporter().result(result)


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


def test_invalid_in_chinese_shows_the_chinese_message_and_row() -> None:
    problem = Problem(
        Location("s.csv", row=3, field="gross_weight_kg"),
        msg("not_positive", unit="kg", value="-1"),
    )
    result = SkuResult(Verdict.INVALID, Location("s.csv", row=3), problems=(problem,))
    assert TextReporter("zh").result(result) == (
        "INVALID  ?  (s.csv 第 3 行)\n"
        "    ! s.csv 第 3 行 [gross_weight_kg]: 必须大于 0 kg，实际为 -1\n"
    )


def test_a_plain_problem_text_is_shown_as_it_is_in_either_language() -> None:
    problem = Problem(Location("a.yaml", 2), "something only in English")
    result = SkuResult(Verdict.INVALID, Location("a.yaml", 1), problems=(problem,))
    assert "    ! a.yaml:2: something only in English\n" in TextReporter("zh").result(result)


def test_summary_in_chinese() -> None:
    summary = Summary(passed=2, failed=1, invalid=4)
    assert TextReporter("zh").finish(summary) == "\n共 7 条记录：2 条合格，1 条不合格，4 条无效\n"
    assert (
        TextReporter("zh").finish(Summary(passed=1))
        == "\n共 1 条记录：1 条合格，0 条不合格，0 条无效\n"
    )


def test_certify_summary_in_both_languages(tmp_path: Path) -> None:
    result = SkuResult(Verdict.PASS, Location("a.yaml", 1), "A-1", "Lamp")
    english = CertifyReporter(tmp_path / "out")
    english.issued(result, tmp_path / "out" / "A-1.pdf")
    assert english.finish(Summary(passed=1)).endswith(
        f"\n1 certificate in {tmp_path}/out/\nthe batch's summary: {tmp_path}/out/summary.pdf,"
        " summary.csv, summary.json\n"
    )
    chinese = CertifyReporter(tmp_path / "out", "zh")
    chinese.issued(result, tmp_path / "out" / "A-1.pdf")
    chinese.issued(result, tmp_path / "out" / "A-1b.pdf")
    assert chinese.finish(Summary(passed=2)) == (
        f"\n共 2 条记录：2 条合格，0 条不合格，0 条无效\n2 份证书已保存到 {tmp_path}/out/\n"
        f"批次汇总：{tmp_path}/out/summary.pdf、summary.csv、summary.json\n"
    )


@pytest.mark.parametrize(
    ("lang", "line", "summary"),
    [
        (
            "en",
            "PASS     A-1  Lamp  -> {out}/A-1.pdf (unchanged, kept)\n",
            "2 certificates in {out}/\n1 of them there already for the same record, not drawn"
            " again (--force draws them again)\n"
            "the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n",
        ),
        (
            "zh",
            "PASS     A-1  Lamp  -> {out}/A-1.pdf （记录未变，保留原证书）\n",
            "2 份证书已保存到 {out}/\n其中 1 份已存在且记录未变，未重新生成（--force 重新生成）\n"
            "批次汇总：{out}/summary.pdf、summary.csv、summary.json\n",
        ),
    ],
)
def test_certify_marks_and_counts_the_certificates_kept_from_an_earlier_run(
    tmp_path: Path, lang: Literal["en", "zh"], line: str, summary: str
) -> None:
    out = tmp_path / "out"
    result = SkuResult(Verdict.PASS, Location("a.yaml", 1), "A-1", "Lamp")
    reporter = CertifyReporter(out, lang)
    assert reporter.issued(result, out / "A-1.pdf", kept=True) == line.format(out=out)
    reporter.issued(result, out / "A-2.pdf")
    assert reporter.finish(Summary(passed=2)).endswith(summary.format(out=out))


def test_verify_prints_each_certificate_and_names_a_file_that_is_none() -> None:
    reporter = VerifyReporter()
    tampered = Verification(Status.TAMPERED, "b.pdf", "QC-1", "A-1", reasons=("edited",))
    unchecked = reporter.unchecked("c.pdf", [Problem(Location("c.pdf"), "not a PDF file")])
    text = reporter.start() + reporter.verified(tampered) + unchecked + reporter.finish()
    assert text == "TAMPERED  b.pdf  QC-1  A-1\n    ! edited\nNOT A CERTIFICATE  c.pdf\n"


def test_certify_names_the_summary_files_only_when_they_were_written(tmp_path: Path) -> None:
    """What could not be written goes to stderr; the counts and certificates are printed."""
    reporter = CertifyReporter(tmp_path / "out")
    reporter.issued(SkuResult(Verdict.PASS, Location("a.yaml", 1), "A-1"), tmp_path / "out" / "A")
    unwritten = [Problem(Location("summary.pdf"), "cannot write: No space left on device")]
    assert reporter.finish(Summary(passed=1), unwritten=unwritten, summarized=False) == (
        f"\n1 record: 1 passed, 0 failed, 0 invalid\n1 certificate in {tmp_path}/out/\n"
    )
