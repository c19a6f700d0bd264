"""The summary PDF read back with real tools: its text, its fonts, its chart, its type size."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from conftest import ROOT
from qa_check.engine.judge import SkuResult
from qa_check.reporters.summary import Row, row_for
from qa_check.reporters.summary_pdf import render


def tool(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def test_the_summary_pdf_shows_counts_chart_failing_and_invalid_records(
    judge_files: Callable[..., list[SkuResult]], tmp_path: Path
) -> None:
    rows = [row_for(result) for result in judge_files(ROOT / "examples")]
    path = tmp_path / "summary.pdf"
    path.write_bytes(render(rows, "qa-check test"))
    assert render(rows, "qa-check test") == path.read_bytes()  # deterministic
    text = " ".join(tool("pdftotext", "-layout", path, "-").split())
    for expected in (
        "Certification summary",
        "Records Passed Failed Invalid Pass rate (of judged)",
        "15 7 7 1 50.0%",
        "Failures by rule",
        "Failures by checklist",
        "compression-test@2",
        "KETTLE-1.7",
        "CP-2 compression-test@2.",
        "Invalid records and where",
        "fan-usb-invalid.yaml:41",
    ):
        assert expected in text, expected
    chart = text.split("Failures by rule")[1].split("Failures by checklist")[0]
    assert "0.5" not in chart and "1.5" not in chart  # failures are counted in whole numbers
    fonts = tool("pdffonts", path).splitlines()[2:]
    assert fonts and all(row.split()[-5] == "yes" for row in fonts)  # embedded
    assert not any("Helvetica" in row for row in fonts)
    sizes: list[float] = []
    for page in PdfReader(path).pages:
        page.extract_text(
            visitor_text=lambda t, cm, tm, f, size: sizes.append(size) if t.strip() else None
        )
    assert min(sizes) >= 8.0
    stopped = tmp_path / "stopped.pdf"
    stopped.write_bytes(render(rows[:3], "qa-check test", interrupted=True))
    assert "Interrupted: the records so far only." in tool("pdftotext", stopped, "-")
    assert "Interrupted" not in text
    chinese = tmp_path / "zh.pdf"
    chinese.write_bytes(render(rows, "qa-check test", "zh"))
    assert "认证汇总" in tool("pdftotext", chinese, "-")


def test_a_record_with_any_number_of_problems_fits_the_page(tmp_path: Path) -> None:
    """150 problems, a 6,000-character name, 500 failed rules: one page's row each, counted."""
    problems = tuple(f"a.yaml:{line}: 问题 problem at line {line} " * 5 for line in range(150))
    rows = [
        Row("INVALID", "S" * 5000, "产品" * 3000, (), (), "", "", "", problems, "a.yaml:1"),
        Row(
            "FAIL",
            "F-1",
            "Kettle",
            tuple(f"R-{n}" for n in range(500)),
            ("c@1",),
            "",
            "",
            "",
            (),
            "b.yaml:1",
        ),
    ]
    for lang, more in (("en", "… and 140 more"), ("zh", "……另有 140 条")):
        path = tmp_path / f"{lang}.pdf"
        path.write_bytes(render(rows, "qa-check test", lang))
        text = tool("pdftotext", path, "-")
        assert more in text
        assert "line 9 " in text
        assert "line 10 " not in text
