"""A lot certificate's page, read back with poppler: its plan, defects, tests and badge."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import DATA
from qa_check.certificates.lot_payload import build_lot_payload
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.core.errors import Location
from qa_check.engine.checklists import Registry
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import SkuResult
from qa_check.records.read import read_records, record_files

PAPER = DATA / "lots" / "earbuds-lot-paper.yaml"
ISSUED = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)


def tool(*args: str | Path) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True)
    return done.stdout


def judged(registry: Registry, path: Path) -> SkuResult:
    [result] = judge_all(read_records(record_files([path]), registry), registry, checks=CHECKS)
    return result


def drawn(registry: Registry, path: Path, lang: str, folder: Path) -> tuple[Path, str]:
    payload = build_lot_payload(judged(registry, path), ISSUED, lang)
    pdf = folder / f"lot-{lang}.pdf"
    pdf.write_bytes(render(payload, Location(str(path))).pdf)
    return pdf, tool("pdftotext", "-layout", pdf, "-")


def accepted_copy(tmp_path: Path) -> Path:
    data = yaml.safe_load(PAPER.read_text("utf-8"))
    data["defects"] = data["defects"][:1]
    path = tmp_path / "accepted.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def badge_colour(pdf: Path, folder: Path) -> tuple[int, int, int]:
    """The colour in the middle of the badge, top right of page 1 rendered at 50 dpi."""
    tool("pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", pdf, folder / "page")
    [png] = folder.glob("page*.png")
    with Image.open(png) as image:
        width, _ = image.size
        pixel = image.convert("RGB").getpixel((width - 40, 22))
    assert isinstance(pixel, tuple)
    return pixel[0], pixel[1], pixel[2]


def test_a_rejected_lot_shows_its_plan_the_defects_behind_it_and_its_tests(
    registry: Registry, tmp_path: Path
) -> None:
    pdf, text = drawn(registry, PAPER, "en", tmp_path)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Lot inspection certificate" in text
    assert "SKU TWS-EB-001 · Lot PO-4471-A" in lines
    assert any(line.startswith("REJECT") or line.endswith("REJECT") for line in lines[:3])
    assert "Lot PO-4471-A of 1,200 units is rejected: 6 major defects reach the rejection" in text
    assert "critical 0 J 80 0 1 0 ACCEPT" in lines
    assert "major 2.5 J 80 5 6 6 REJECT" in lines
    assert "minor 4.0 J 80 7 8 3 ACCEPT" in lines
    for unit in ("3", "17", "52", "61"):
        assert f"major {unit} label-placement On a flat face, off seams LB-3" in lines
    assert "minor not noted (x3) packaging-stack Mailer box plain, no product info PK-9" in lines
    assert "destructive tests on 3 units: PASS" in lines
    assert "Drop test, version 2" in text
    assert "ISO 2859-1:1999 Table 1" in text
    red, green, _ = badge_colour(pdf, tmp_path)
    assert red > 150 > green  # the badge is red


def test_an_accepted_lot_in_chinese_has_a_green_badge_and_says_so(
    registry: Registry, tmp_path: Path
) -> None:
    pdf, text = drawn(registry, accepted_copy(tmp_path), "zh", tmp_path)
    assert "批次检验证书" in text
    assert "接收" in text.splitlines()[0] or "接收" in text
    assert "批次 PO-4471-A（1,200 件）接收：检验 80 件，各类缺陷均未超过接收数 Ac。" in text
    assert "Lot inspection certificate" not in text
    red, green, _ = badge_colour(pdf, tmp_path)
    assert green > 100 > red  # the badge is green


@pytest.mark.parametrize("lang", ["en", "zh", "en+zh"])
def test_the_same_lot_draws_the_same_bytes(registry: Registry, tmp_path: Path, lang: str) -> None:
    payload = build_lot_payload(judged(registry, PAPER), ISSUED, lang)
    first = render(payload, Location("a.yaml")).pdf
    assert render(payload, Location("a.yaml")).pdf == first
