"""A test report's rows read back from the page with pdftotext, in English, Chinese and both."""

from __future__ import annotations

import copy
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import CHECKLISTS, ROOT
from qa_check.certificates.formats import FORMATS
from qa_check.certificates.payload import Payload, build_payload
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.certificates.report import report_for
from qa_check.certificates.site import Conditioning, Equipment, Lab, Site, read_site
from qa_check.engine import models as m
from qa_check.engine.checklists import Registry, load_registry, registry_from_data
from qa_check.engine.judge import judge
from qa_check.records.read import read_records

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
LAB = read_site(ROOT / "examples" / "lab" / "qa-check.toml")
POSITIONS = {
    "corner": ["2-3-5", "3-4-5", "2-3-6"],
    "edge": ["2-3", "3-5", "2-5"],
    "face": ["3", "5", "2"],
}


def text_of(path: Path) -> str:
    """The page's text as pdftotext lays it out, each run of spaces one space."""
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def issued(
    registry: Registry, record: str, lang: str, site: Site, tmp_path: Path, number: str | None
) -> tuple[Payload, str]:
    """The example record certified as ``certify`` does, and its page's text."""
    raw = next(read_records([ROOT / "examples" / record], registry, "utf-8"))
    result = judge(raw, registry, explain=True, checks=CHECKS)  # type: ignore[arg-type]
    payload = build_payload(result, (), ISSUED, lang, site, report=report_for(site.lab, number))
    path = tmp_path / f"{lang}.pdf"
    path.write_bytes(render(payload, result.location).pdf)
    return payload, text_of(path)


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return load_registry([CHECKLISTS])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Report no. DGL-2026-000007",
                "Sample 3 units tested, received 2026-11-18",
                "Conditioning ISO 2233 · 23 °C / 50 % RH · 24 h",
                "Equipment Drop tester DT-01 (calibration CAL-2026-0412, due 2027-04-30);"
                " Compression tester CT-02",
                "Tested by: Li Wei",
                "Approved by: 王芳",
                "This test report relates only to the sample tested and shall not be",
            ],
        ),
        (
            "zh",
            [
                "报告编号 DGL-2026-000007",
                "样品 检测 3 件，2026-11-18 收样",
                "预处理 ISO 2233 · 23 °C / 50 % RH · 24 小时",
                "检测设备 Drop tester DT-01（校准证书 CAL-2026-0412，校准有效期至 2027-04-30）；",
                "检测人：Li Wei",
                "批准人：王芳",
                "本检测报告仅对所检样品有效；",
            ],
        ),
    ],
)
def test_the_reports_fields_are_printed_in_the_pages_language(
    shipped: Registry, tmp_path: Path, lang: str, expected: list[str]
) -> None:
    payload, text = issued(shipped, "frother-01-pass.yaml", lang, LAB, tmp_path, "DGL-2026-000007")
    assert FORMATS[payload.format].report
    for shown in expected:
        assert shown in text, shown
    assert f"SHA-256 {payload.record_digest}" in text
    assert payload.digest not in text  # the QR code's, not the page's


def test_nothing_of_a_report_is_printed_when_neither_site_nor_record_gives_it(
    shipped: Registry, tmp_path: Path
) -> None:
    _, text = issued(shipped, "kettle-17-fail.yaml", "en", Site(), tmp_path, None)
    for absent in ("Report no.", "Sample", "Conditioning", "Equipment", "Approved by"):
        assert absent not in text, absent
    assert "Tested by: 王芳" in text
    assert "This test report relates only to the sample tested" in text


def test_the_en_and_zh_pages_print_the_same_record_digest(
    shipped: Registry, tmp_path: Path
) -> None:
    digests = set()
    for lang in ("en", "zh", "en+zh"):
        payload, text = issued(shipped, "lamp-220-pass.yaml", lang, Site(), tmp_path, None)
        assert f"SHA-256 {payload.record_digest}" in text
        digests.add(payload.record_digest)
    assert len(digests) == 1


def with_positions(registry: Registry) -> Registry:
    """The shipped checklists, drop-test@2 naming its drops' ISTA positions (as version 2-ista)."""
    checklists = []
    for compiled in registry:
        data: dict[str, Any] = copy.deepcopy(compiled.data)
        if compiled.checklist.key == "drop-test@2":
            data["version"] = "2-ista"
            [drops] = [item for item in data["items"] if item["id"] == "drops"]
            for group in drops["answer"]["groups"]:
                group["positions"] = POSITIONS[group["label"]]
        checklists.append(data)
    return registry_from_data(checklists, "test")


def test_drops_are_named_by_the_ista_positions_the_checklist_names(
    shipped: Registry, tmp_path: Path
) -> None:
    registry = with_positions(load_registry([CHECKLISTS]))
    source = (ROOT / "examples" / "lamp-220-pass.yaml").read_text("utf-8")
    record = tmp_path / "lamp.yaml"
    record.write_text(source.replace("  drop-test: 2\n", "  drop-test: 2-ista\n"), "utf-8")
    shutil.copytree(ROOT / "examples" / "photos", tmp_path / "photos")
    raw = next(read_records([record], registry, "utf-8"))
    result = judge(raw, registry, explain=True, checks=CHECKS)  # type: ignore[arg-type]
    payload = build_payload(result, (), ISSUED, "en+zh")
    pdf = tmp_path / "ista.pdf"
    pdf.write_bytes(render(payload, result.location).pdf)
    text = text_of(pdf)
    unspaced = text.replace(" ", "")  # pdftotext may drop the space between 面 and 3
    for name, zh in (("Corner", "角"), ("Edge", "棱"), ("Face", "面")):
        for position in POSITIONS[name.lower()]:
            assert f"{zh}{position}" in unspaced, position
            assert name == "Corner" or f"{name} {position}" in text, position
    assert "Corner 1" not in text  # the ordinal gives way to the position
    _, plain = issued(shipped, "lamp-220-pass.yaml", "en", Site(), tmp_path, None)
    assert "Corner 1 Corner 2 Corner 3 Edge 1" in plain  # a checklist naming none: as before


@pytest.mark.parametrize(
    ("positions", "wrong"),
    [
        (["2-3-5", "3-4-5"], "one position per entry"),
        (["2-3-5", "3-4-5", "7"], "String should match pattern"),
        (["2-3-5", "3-4-5", "2-3-5-6"], "String should match pattern"),
    ],
)
def test_a_group_names_a_valid_position_per_entry_or_none(positions: list[str], wrong: str) -> None:
    data = {"label": "corner", "count": 3, "name": {"en": "Corner", "zh": "角"}}
    assert m.SeriesGroup.model_validate(data).positions is None
    with pytest.raises(ValidationError, match=wrong):
        m.SeriesGroup.model_validate({**data, "positions": positions})


def test_the_lab_example_configures_every_report_field() -> None:
    assert LAB.lab == Lab(
        "DGL-{year}-{seq:06d}",
        Conditioning("ISO 2233", 23.0, 50.0, 24.0),
        (
            Equipment("Drop tester", "DT-01", "CAL-2026-0412", date(2027, 4, 30)),
            Equipment("Compression tester", "CT-02", "CAL-2026-0388", date(2027, 3, 31)),
        ),
    )
