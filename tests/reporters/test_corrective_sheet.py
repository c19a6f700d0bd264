"""The corrective-action sheet: every failure and its fix, readable in either language."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from qa_check.certificates.preflight import CHECKS
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord, SkuResult, judge
from qa_check.records.read import read_records
from qa_check.reporters.corrective_sheet import render

RETEST = "qa-check run --retest results/HUMID-2L_20261123-101500.yaml"


def _failed(registry: Registry, name: str = "humidifier-2l-fail.yaml") -> SkuResult:
    [raw] = list(read_records([ROOT / "examples" / name], registry))
    assert isinstance(raw, RawRecord)
    return judge(raw, registry, checks=CHECKS, explain=True)


def _text(pdf: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Corrective actions: HUMID-2L",
                "Verdict FAIL: 2 items to fix",
                "1 DT-3 Drops: corner, edge, face Intact: 3 at corner, 3 at edge, 3 at face",
                "Reinforce the packaging and repeat all drops.",
                "2 DT-4 No fracture, deformation, scratch, dent Yes No",
                "Fixed by:",
                f"When every action is done, re-test: {RETEST}",
            ],
        ),
        (
            "zh",
            [
                "整改单：HUMID-2L",
                "结论 不合格：2 项需要整改",
                "加固包装后重新进行全部跌落。",
                "整改人：",
                f"全部整改完成后复测：{RETEST}",
            ],
        ),
    ],
)
def test_the_sheet_lists_every_failure_with_its_fix(
    registry: Registry, tmp_path: Path, lang: str, expected: list[str]
) -> None:
    result = _failed(registry)
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(render(result, "results/HUMID-2L.yaml", RETEST, lang, "qa-check test"))
    text = _text(pdf)
    squeezed = "".join(text.split())  # a cell wraps its words onto several lines
    for line in expected:
        assert "".join(line.split()) in squeezed, f"{line!r} not in:\n{text}"
    assert ("Reinforce" in text) is (lang == "en"), "one language, the run's"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    [page] = sorted(tmp_path.glob("page*.png"))
    assert page.stat().st_size > 5_000, "the page draws (a blank page is a few hundred bytes)"


def test_the_same_result_gives_the_same_bytes_and_embeds_its_font(registry: Registry) -> None:
    result = _failed(registry, "kettle-17-fail.yaml")
    first = render(result, "r.yaml", RETEST, "zh", "qa-check test")
    assert first == render(result, "r.yaml", RETEST, "zh", "qa-check test")
    assert b"Helvetica" not in first, "only the embedded font: Chinese prints anywhere"
