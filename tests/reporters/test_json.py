"""The JSON report: one parseable document, streamed piece by piece."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qa_check.certificates.verify import Status, Verification
from qa_check.core.errors import Location, Problem
from qa_check.engine.judge import Failure, SkuResult, Summary, Verdict
from qa_check.engine.models import Text
from qa_check.reporters import (
    Format,
    certify_reporter_for,
    lint_report,
    reporter_for,
    verify_reporter_for,
)
from qa_check.reporters.json import (
    CERTIFY_FORMAT_ID,
    FORMAT_ID,
    LINT_FORMAT_ID,
    VERIFY_FORMAT_ID,
    CertifyJsonReporter,
    JsonReporter,
    VerifyJsonReporter,
    location,
    result_dict,
)


def render(*results: SkuResult) -> dict[str, object]:
    reporter = JsonReporter()
    summary = Summary()
    text = reporter.start()
    for result in results:
        summary.add(result)
        text += reporter.result(result)
    parsed: dict[str, object] = json.loads(text + reporter.finish(summary))
    return parsed


def test_document_shape_and_summary() -> None:
    failure = Failure(
        "drop-test@1",
        "drop_height_m",
        "DT-2",
        "critical",
        ">= 1.2 m",
        "1 m",
        Text(en="Repeat.", zh="重做。"),
        Location("a.yaml", 9, field="answers.drop-test.x"),
    )
    problem = Problem(Location("b.csv", row=2, field="sku"), "required")
    report = render(
        SkuResult(Verdict.PASS, Location("p.yaml", 1), "P-1", "杯子 Mug", ("drop-test@1",)),
        SkuResult(Verdict.FAIL, Location("a.yaml", 1), "A-1", "Lamp", failures=(failure,)),
        SkuResult(Verdict.INVALID, Location("b.csv", row=2), problems=(problem,)),
    )
    assert report["format"] == FORMAT_ID
    assert report["summary"] == {"total": 3, "passed": 1, "failed": 1, "invalid": 1}
    results = report["results"]
    assert isinstance(results, list)
    assert results[0] == {
        "kind": "sku",
        "verdict": "PASS",
        "sku": "P-1",
        "product_name": "杯子 Mug",
        "location": {"file": "p.yaml", "line": 1},
        "checklists": ["drop-test@1"],
        "failures": [],
        "problems": [],
    }
    assert results[1]["failures"][0] == {
        "checklist": "drop-test@1",
        "item": "drop_height_m",
        "rule": "DT-2",
        "severity": "critical",
        "required": ">= 1.2 m",
        "recorded": "1 m",
        "corrective": {"en": "Repeat.", "zh": "重做。"},
        "location": {"file": "a.yaml", "line": 9, "field": "answers.drop-test.x"},
    }
    assert results[2]["problems"] == [
        {"message": "required", "location": {"file": "b.csv", "row": 2, "field": "sku"}}
    ]


def test_empty_report_is_valid_json() -> None:
    assert render()["results"] == []


def test_location_leaves_out_missing_parts() -> None:
    assert location(Location("x.jsonl", 4)) == {"file": "x.jsonl", "line": 4}


def test_reporter_for_picks_by_name() -> None:
    assert isinstance(reporter_for(Format.JSON), JsonReporter)
    assert type(reporter_for(Format.TEXT)).__name__ == "TextReporter"


PASSED = SkuResult(Verdict.PASS, Location("p.yaml", 1), "P-1", "Mug", ("drop-test@1",))
FAILED = SkuResult(Verdict.FAIL, Location("f.yaml", 1), "F-1", "Lamp")
BROKEN = SkuResult(
    Verdict.INVALID, Location("i.yaml", 1), "I-1", problems=(Problem(Location("i.yaml", 3), "x"),)
)


def certified(*issued: tuple[SkuResult, Path | None, bool], interrupted: bool = False) -> Any:
    reporter = CertifyJsonReporter(Path("out"))
    summary = Summary(interrupted=interrupted)
    text = reporter.start()
    for result, path, kept in issued:
        summary.add(result)
        text += reporter.issued(result, path, kept=kept)
    return json.loads(text + reporter.finish(summary))


def test_certify_report_gives_each_result_its_certificate_or_null() -> None:
    report = certified(
        (PASSED, Path("out/P-1_PASS.pdf"), True),
        (FAILED, Path("out/F-1_FAIL.pdf"), False),
        (BROKEN, None, False),
    )
    assert report["format"] == CERTIFY_FORMAT_ID
    results = report["results"]
    assert results[0] == {
        **result_dict(PASSED),
        "certificate": "out/P-1_PASS.pdf",
        "kept": True,
    }
    assert [(r["certificate"], r["kept"]) for r in results[1:]] == [
        ("out/F-1_FAIL.pdf", False),
        (None, False),
    ]
    assert results[2]["problems"] == [{"message": "x", "location": {"file": "i.yaml", "line": 3}}]
    assert report["summary"] == {
        "total": 3,
        "passed": 1,
        "failed": 1,
        "invalid": 1,
        "certificates": 2,
        "kept": 1,
        "folder": "out",
    }


def test_an_interrupted_certify_report_is_whole_and_says_so() -> None:
    report = certified(interrupted=True)
    assert report["results"] == []
    assert report["summary"] == {
        "total": 0,
        "passed": 0,
        "failed": 0,
        "invalid": 0,
        "certificates": 0,
        "kept": 0,
        "folder": "out",
        "interrupted": True,
    }


def test_certify_reporter_for_picks_by_name() -> None:
    assert isinstance(certify_reporter_for(Format.JSON, Path("out")), CertifyJsonReporter)
    assert type(certify_reporter_for(Format.TEXT, Path("out"))).__name__ == "CertifyReporter"


def test_verify_report_lists_every_file_and_counts_each_status() -> None:
    reporter = VerifyJsonReporter()
    text = reporter.start()
    text += reporter.verified(Verification(Status.VALID, "a.pdf", "QC-1", "A-1", "PASS"))
    text += reporter.verified(Verification(Status.TAMPERED, "b.pdf", reasons=("edited",)))
    text += reporter.unchecked("c.txt", [Problem(Location("c.txt"), "not a PDF file")])
    report = json.loads(text + reporter.finish())
    assert report["format"] == VERIFY_FORMAT_ID
    assert report["results"] == [
        {
            "file": "a.pdf",
            "status": "VALID",
            "certificate_id": "QC-1",
            "sku": "A-1",
            "verdict": "PASS",
            "signer": None,
            "fingerprint": None,
            "reasons": [],
            "notes": [],
            "problems": [],
        },
        {
            "file": "b.pdf",
            "status": "TAMPERED",
            "certificate_id": None,
            "sku": None,
            "verdict": None,
            "signer": None,
            "fingerprint": None,
            "reasons": ["edited"],
            "notes": [],
            "problems": [],
        },
        {
            "file": "c.txt",
            "status": "NOT A CERTIFICATE",
            "certificate_id": None,
            "sku": None,
            "verdict": None,
            "signer": None,
            "fingerprint": None,
            "reasons": [],
            "notes": [],
            "problems": [{"message": "not a PDF file", "location": {"file": "c.txt"}}],
        },
    ]
    assert report["summary"] == {
        "total": 3,
        "valid": 1,
        "unsigned": 0,
        "tampered": 1,
        "untrusted": 0,
        "revoked": 0,
        "expired": 0,
        "stale": 0,
        "not_a_certificate": 1,
    }


def test_verify_reporter_for_picks_by_name() -> None:
    assert isinstance(verify_reporter_for(Format.JSON), VerifyJsonReporter)
    assert type(verify_reporter_for(Format.TEXT)).__name__ == "VerifyReporter"


def test_lint_report_lists_problems_and_the_versions_added() -> None:
    problem = Problem(Location("drop.yaml", 26, field="items[1]"), "refers to unknown setting")
    assert json.loads(lint_report(Format.JSON, [problem], ["drop-test@2"])) == {
        "format": LINT_FORMAT_ID,
        "problems": [
            {
                "message": "refers to unknown setting",
                "location": {"file": "drop.yaml", "line": 26, "field": "items[1]"},
            }
        ],
        "added": ["drop-test@2"],
    }
    assert json.loads(lint_report(Format.JSON, [], [])) == {
        "format": LINT_FORMAT_ID,
        "problems": [],
        "added": [],
    }
    assert lint_report(Format.TEXT, [problem], ["drop-test@2"]) == (
        "drop.yaml:26 [items[1]]: refers to unknown setting\n"
    )


def test_what_the_batch_end_could_not_write_is_in_the_summary() -> None:
    reporter = CertifyJsonReporter(Path("out"))
    text = reporter.start() + reporter.issued(PASSED, Path("out/P-1_PASS.pdf"))
    unwritten = [Problem(Location("out/summary.json"), "cannot write: No space left on device")]
    report = json.loads(text + reporter.finish(Summary(passed=1), unwritten=unwritten))
    assert report["summary"]["certificates"] == 1
    assert report["summary"]["errors"] == [
        {
            "message": "cannot write: No space left on device",
            "location": {"file": "out/summary.json"},
        }
    ]
