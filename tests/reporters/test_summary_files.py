"""The summary files of a batch: the rows so far, as JSON, CSV (with Excel's mark) and PDF."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT
from qa_check.certificates.pipeline import Issued
from qa_check.core.languages import Lang
from qa_check.engine.judge import SkuResult
from qa_check.reporters.summary_files import SummaryFiles


def test_a_batch_summary_holds_a_row_per_record_added_and_says_when_stopped(
    judge_files: Callable[..., list[SkuResult]], tmp_path: Path
) -> None:
    results = judge_files(ROOT / "examples")
    summary = SummaryFiles(tmp_path, Lang.EN)
    for result in results[:3]:
        summary.add(Issued(result))

    files = summary.files(interrupted=True)

    assert sorted(path.name for path in files) == ["summary.csv", "summary.json", "summary.pdf"]
    assert all(path.parent == tmp_path for path in files)
    document = json.loads(files[tmp_path / "summary.json"])
    assert document["interrupted"] is True
    assert [row["sku"] for row in document["records"]] == [result.sku for result in results[:3]]
    csv_text = files[tmp_path / "summary.csv"]
    assert csv_text.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 by its byte-order mark
    assert csv_text.decode("utf-8-sig").count("\n") == 1 + 3
    assert files[tmp_path / "summary.pdf"].startswith(b"%PDF-")
