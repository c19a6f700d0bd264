"""``qa-check summarize``, and the summary files certify writes beside its certificates."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT, write_record
from qa_check.cli.app import app
from qa_check.engine.judge import SkuResult
from qa_check.reporters.summary import row_for, to_json

runner = CliRunner()


def certify(*args: str | Path) -> Any:
    return runner.invoke(app, ["certify", *map(str, args), "-c", str(CHECKLISTS)])


def test_summarize_merges_shards_into_json_csv_and_pdf(
    judge_files: Callable[..., list[SkuResult]], tmp_path: Path
) -> None:
    rows = [row_for(result) for result in judge_files(ROOT / "examples")]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "summary.json").write_text(to_json(rows[:6]), "utf-8")
    (tmp_path / "b" / "summary.json").write_text(to_json(rows[6:]), "utf-8")
    out = tmp_path / "month"
    parts = [str(tmp_path / shard / "summary.json") for shard in "ab"]
    done = runner.invoke(app, ["summarize", *parts, "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert done.stdout.split() == [
        str(out / name) for name in ("summary.json", "summary.csv", "summary.pdf")
    ]
    assert (out / "summary.json").read_text("utf-8") == to_json(rows)
    assert (out / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbfverdict,sku,")
    assert (out / "summary.pdf").read_bytes().startswith(b"%PDF-")
    (tmp_path / "bad.json").write_text('{"format": "qa-check/summary@1", "records": [1]}', "utf-8")
    refused = runner.invoke(app, ["summarize", str(tmp_path / "bad.json"), "-o", str(out)])
    assert refused.exit_code == 2
    assert (
        refused.stderr
        == f"error: {tmp_path / 'bad.json'} [records[0]]: not a summary row as certify writes it\n"
    )
    shard = json.loads((tmp_path / "a" / "summary.json").read_text("utf-8"))
    shard["records"][1]["verdict"] = "WARN"  # counted under no verdict, the totals would not add up
    (tmp_path / "a" / "summary.json").write_text(json.dumps(shard), "utf-8")
    refused = runner.invoke(app, ["summarize", *parts, "-o", str(tmp_path / "other")])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"error: {parts[0]} [records[1].verdict]: unknown verdict 'WARN':"
        " a summary row is PASS, FAIL or INVALID\n"
    )
    assert not (tmp_path / "other").exists()


def test_a_record_of_150_problems_is_in_the_summary_pdf_of_certify_and_summarize(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """150 unknown answers: reportlab's LayoutError ended both commands with no summary."""
    record["answers"]["drop-test"] |= {f"x{n}": "1" for n in range(150)}
    source = write_record(tmp_path / "a.yaml", record)
    out = tmp_path / "out"
    done = certify(source, "-q", "--out", out)
    assert (done.exit_code, done.stderr) == (2, "")
    assert done.stdout.count("\n    ! ") == 150
    assert "… and 140 more" in " ".join(_pdf_text(out / "summary.pdf").split())
    merged = runner.invoke(app, ["summarize", str(out / "summary.json"), "-o", str(tmp_path / "m")])
    assert (merged.exit_code, merged.stderr) == (0, "")
    assert "… and 140 more" in " ".join(_pdf_text(tmp_path / "m" / "summary.pdf").split())


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)
