"""The summary PDF read back with real tools: its text, its fonts, its chart, its type size."""

from __future__ import annotations

import dataclasses
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
        "CP-2 Stacking load applied",  # the rule named beside its id
        "Failures by checklist",
        "Compression test, version 2",  # a checklist by its title, not compression-test@2
        "KETTLE-1.7",
        "CP-2 Applied load",  # the first failed item by its label, not its path
        "Passing SKUs",
        "LAMP-220 LED台灯 LED Desk Lamp 2026-11-18",
        "Invalid records and where",
        "fan-usb-invalid.yaml:41",
    ):
        assert expected in text, expected
    for path_or_id in ("compression-test@2", "packaging-stack@2.product_held_still"):
        assert path_or_id not in text
    chart = text.split("Failures by rule")[1].split("Failures by checklist")[0]
    assert "0.5" not in chart and "1.5" not in chart  # failures are counted in whole numbers
    assert tool("pdfimages", "-list", path).count("\n") == 2  # charts are drawn: no image
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


def test_every_page_has_the_header_with_the_issuer_and_page_n_of_m(
    judge_files: Callable[..., list[SkuResult]], tmp_path: Path
) -> None:
    rows = [row_for(result, lang="zh") for result in judge_files(ROOT / "examples")] * 8
    path = tmp_path / "summary.pdf"
    path.write_bytes(render(rows, "qa-check test", "zh", issuer="东莞示例实验室 Dongguan Lab"))
    pages = PdfReader(path).pages
    assert len(pages) >= 3
    for number in range(1, len(pages) + 1):
        page = tool("pdftotext", "-layout", "-f", str(number), "-l", str(number), path, "-")
        first = " ".join(page.splitlines()[0].split())
        assert first == f"认证汇总 · 东莞示例实验室 Dongguan Lab 第 {number} 页，共 {len(pages)} 页"


def test_the_chinese_summary_names_rules_checklists_items_and_problems_in_chinese(
    judge_files: Callable[..., list[SkuResult]], tmp_path: Path
) -> None:
    rows = [row_for(result, lang="zh") for result in judge_files(ROOT / "examples")]
    path = tmp_path / "summary.pdf"
    path.write_bytes(render(rows, "qa-check test", "zh"))
    text = " ".join(tool("pdftotext", "-layout", path, "-").split())
    for expected in (
        "签发机构 未配置",
        "检验地点 Ningbo WH-1、Shenzhen WH-2",
        "检验日期 2026-11-17 至 2026-11-22",
        "CP-2 堆码载荷达标",
        "抗压测试（第 2 版）",
        "PK-7 产品固定不晃动",
        "合格 SKU",
        "未作答",  # an INVALID record's problem, in Chinese too
    ):
        assert expected in text, expected
    assert "no answer" not in text
    png = tmp_path / "page"
    tool("pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", path, png)
    assert (tmp_path / "page-1.png").stat().st_size > 10_000  # it renders: charts and tables


def test_a_long_list_repeats_its_heading_on_each_page_and_no_heading_ends_a_page(
    judge_files: Callable[..., list[SkuResult]], tmp_path: Path
) -> None:
    results = judge_files(ROOT / "examples")
    rows = [
        dataclasses.replace(
            row_for(result, Path(f"{result.sku}-{n}_PASS_.pdf"), lang="zh"), sku=f"{result.sku}-{n}"
        )
        for n in range(40)
        for result in results
    ]
    path = tmp_path / "summary.pdf"
    path.write_bytes(render(rows, "qa-check test", "zh"))
    headings = ("不合格 SKU 及首个不合格项", "合格 SKU", "无效记录及位置", "按检查表统计的不合格")
    listed = 0
    for number in range(1, len(PdfReader(path).pages) + 1):
        page = tool("pdftotext", "-layout", "-f", str(number), "-l", str(number), path, "-")
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        assert lines[-1] not in headings, number
        passing = [line for line in lines if "_PASS_" in line]
        if passing:
            assert "SKU 产品 检验日期 证书" in lines, number
            listed += len(passing)
    assert listed == sum(row.verdict == "PASS" for row in rows) == 280
