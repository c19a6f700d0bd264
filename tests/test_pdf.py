"""Certificates read back with real tools: poppler's pdftotext, pdffonts, pdfinfo, pdfimages,
pdftoppm, and zbarimg decoding the QR code and the barcode from the rendered page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from pypdf import PdfReader

from conftest import CHECKLISTS, ROOT, with_sku
from qa_check.certificate import ATTACHMENT_NAME, Payload, build_payload, load_photos
from qa_check.checklists import Registry, load_registry
from qa_check.errors import CertificateError, Location, dotted
from qa_check.pdf import render
from qa_check.records import read_records, record_files
from qa_check.validate import RawRecord, SkuResult, Verdict, judge

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
EXAMPLES = ROOT / "examples"


class Issued(NamedTuple):
    """One certificate written to disk, the payload it came from and its pdftotext text."""

    path: Path
    payload: Payload
    result: SkuResult
    text: str


def tool(*args: str | Path) -> str:
    """Run a real command-line tool and return what it printed."""
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True)
    return done.stdout


def certify(raw: RawRecord, registry: Registry, path: Path, lang: str = "en") -> Issued:
    """Judge, build the payload and render, as ``certify`` does; write the PDF to ``path``."""
    result = judge(raw, registry, explain=True)
    payload = build_payload(result, load_photos(result), ISSUED, lang)
    rendered = render(payload, result.location)
    assert rendered.result.verdict is result.verdict
    path.write_bytes(rendered.pdf)
    return Issued(path, payload, result, tool("pdftotext", "-layout", path, "-"))


def column(text: str, start: str, end: str, header: str) -> str:
    """The words of one table column between two headings, joined across wrapped lines."""
    block = text[text.index(start) : text.index(end)].splitlines()
    heading = next(line for line in block if header in line)
    left = heading.index(header)
    rows = block[block.index(heading) + 1 :]
    return " ".join(" ".join(line[left:].split()) for line in rows if line[left:].strip())


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return load_registry([CHECKLISTS])


@pytest.fixture(scope="module")
def judged(shipped: Registry) -> list[RawRecord]:
    """Every example record (YAML files and batch.csv rows) that judges PASS or FAIL."""
    files = record_files([EXAMPLES])
    found = [raw for raw in read_records(files, shipped, "utf-8") if isinstance(raw, RawRecord)]
    return [raw for raw in found if judge(raw, shipped).verdict is not Verdict.INVALID]


@pytest.fixture(scope="module")
def certificates(
    judged: list[RawRecord], shipped: Registry, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Issued]:
    """Every judged example certified once in English, by SKU."""
    folder = tmp_path_factory.mktemp("certificates")
    issued = [certify(raw, shipped, folder / f"{number}.pdf") for number, raw in enumerate(judged)]
    return {found.payload.record["sku"]: found for found in issued}


@pytest.fixture(scope="module")
def chinese(shipped: Registry, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Issued]:
    """Certify one example file in Chinese, once per module."""
    folder = tmp_path_factory.mktemp("zh")
    done: dict[str, Issued] = {}

    def run(example: str) -> Issued:
        if example not in done:
            raw = next(read_records([EXAMPLES / example], shipped, "utf-8"))
            assert isinstance(raw, RawRecord)
            done[example] = certify(raw, shipped, folder / f"{example}.pdf", "zh")
        return done[example]

    return run


# --- what the page says ----------------------------------------------------------------------


def test_the_page_says_who_what_when_and_the_verdict(certificates: dict[str, Issued]) -> None:
    found = certificates["TWS-EB-001"]
    text = found.text
    for expected in (
        "PASS",
        "TWS-EB-001",
        "无线蓝牙耳机 Wireless Earbuds",
        "李娜",
        "Shenzhen WH-2",
        "2026-11-20 10:15 +08:00",
        "gross weight 0.45 kg; package 18 x 12 x 6 cm",
        found.payload.certificate_id,
        found.payload.digest,
        "2026-11-23 01:00 UTC",
        "Void as soon as the product, its packaging materials, dimensions or weight change",
        "(DT-5)",
    ):
        assert expected in text, expected
    assert "FAIL" not in text
    assert "Failed items" not in text


def test_applicant_brand_and_model_are_printed_when_given(
    certificates: dict[str, Issued], chinese: Callable[[str], Issued]
) -> None:
    applicant = "Shenzhen Brightway Trading Co., Ltd. 深圳明途贸易有限公司"
    for found, labels in (
        (certificates["LAMP-220"], ("Applicant", "Brand", "Model")),
        (chinese("lamp-220-pass.yaml"), ("申请人", "品牌", "型号")),
    ):
        for label, value in zip(labels, (applicant, "Brightway", "DL-220"), strict=True):
            assert re.search(rf"^ *{label} +{re.escape(value)}$", found.text, re.MULTILINE), label
        assert found.text.index(labels[0]) < found.text.index(labels[1])
    for label in ("Applicant", "Brand", "Model"):
        assert label not in certificates["TWS-EB-001"].text


def test_every_checklist_and_every_rule_it_cites_is_printed(
    certificates: dict[str, Issued], shipped: Registry
) -> None:
    found = certificates["TWS-EB-001"]
    keys = [f"{name}@{version}" for name, version in found.payload.record["checklists"].items()]
    assert keys == [
        "packaging-stack@2",
        "label-placement@3",
        "drop-test@2",
        "compression-test@2",
    ]
    assert ", ".join(keys) in found.text
    for key in keys:
        assert f"· {key}" in found.text, key  # each checklist has its own section
    cited = set()
    for key in keys:
        checklist = shipped.get(*key.split("@"))
        assert checklist is not None
        cited |= {item.item.rule for item in checklist.items}
    assert len(cited) == 20
    assert cited == {item.item.item.rule for item in found.result.items}
    # PK-1 must be found on its own, not inside PK-10
    assert [rule for rule in sorted(cited) if not re.search(rf"\b{rule}\b", found.text)] == []


def test_a_fail_lists_failed_items_with_actions_before_the_checklists(
    certificates: dict[str, Issued],
) -> None:
    found = certificates["KETTLE-1.7"]
    text = found.text
    assert found.result.verdict is Verdict.FAIL
    assert "FAIL" in text
    failed = text.index("Failed items: fix these first")
    first_section = text.index("· packaging-stack@2")
    assert text.index("Record digest") < failed < first_section
    summary = text[failed:first_section]
    assert re.findall(r"^ *([A-Z]{2}-\d+) ", summary, re.MULTILINE) == ["CP-2", "CP-2"]
    actions = column(text, "Failed items", "· packaging-stack@2", "Corrective action")
    assert actions.startswith("Repeat the test with at least the required load.")
    assert "Repeat the test and hold the load for the full time." in actions
    required = column(text, "Failed items", "· packaging-stack@2", "Requirement")
    assert required.startswith("at least 43.2 kg")
    recorded = column(text, "Failed items", "· packaging-stack@2", "Recorded")
    assert recorded.startswith("12 kg")
    assert re.search(r"CP-2 +Applied load .* fail", text[text.index("· compression-test@2") :])


def test_a_pass_has_no_failed_items_section(certificates: dict[str, Issued]) -> None:
    for found in certificates.values():
        if found.result.verdict is Verdict.PASS:
            assert "Failed items" not in found.text, found.payload.record["sku"]
            assert not re.search(r"\bfail\b", found.text), found.payload.record["sku"]


# --- fonts, pages, codes ---------------------------------------------------------------------


def fonts_of(path: Path) -> list[str]:
    return tool("pdffonts", path).splitlines()[2:]


def test_fonts_are_embedded_and_nothing_else_is_used(certificates: dict[str, Issued]) -> None:
    for found in certificates.values():
        rows = fonts_of(found.path)
        assert rows, found.path
        names = {row.split()[0].split("+")[-1] for row in rows}
        assert names == {"NotoSansSC-Bold", "NotoSansSC-Regular"}, rows
        assert all(row.split()[0].count("+") == 1 for row in rows), rows  # subsets
        assert all(row.split()[-5] == "yes" for row in rows), rows  # the emb column
        assert not any("Helvetica" in row for row in rows), rows


def test_every_example_fits_on_one_page(
    certificates: dict[str, Issued], judged: list[RawRecord]
) -> None:
    sources = {Path(raw.origin.file).name for raw in judged}
    assert "batch.csv" in sources
    assert "fan-usb-invalid.yaml" not in sources
    assert len(certificates) == len(judged) == 14
    for found in certificates.values():
        assert re.search(r"^Pages: +1$", tool("pdfinfo", found.path), re.MULTILINE), found.path


def test_the_qr_code_and_barcode_decode_to_the_record(
    certificates: dict[str, Issued], tmp_path: Path
) -> None:
    for sku in ("TWS-EB-001", "KETTLE-1.7", "LAMP-220"):
        found = certificates[sku]
        image = tmp_path / sku
        tool("pdftoppm", "-r", "200", "-png", "-singlefile", found.path, image)
        decoded = tool("zbarimg", "-q", f"{image}.png").splitlines()
        assert sorted(decoded) == [
            f"CODE-128:{sku}",
            f"QR-Code:{found.payload.certificate_id} sha256:{found.payload.digest}",
        ]


def test_the_longest_content_still_fits_and_still_scans(
    shipped: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    """The page shrinks to fit: at its fullest the codes must still decode."""
    record["product_name"] = ("超长的产品名称 Very long product name " * 9)[:300]
    record["applicant"] = ("超长的申请人名称 Very long applicant name " * 9)[:300]
    record.update(brand="B" * 100, model="M" * 100)
    record["sku"] = "LONG-SKU-" + "X" * 40
    record["answers"]["drop-test"]["drops"] = ["damaged"] * 9
    for checklist in ("label-placement", "compression-test"):
        for item, value in record["answers"][checklist].items():
            if value == "yes":
                record["answers"][checklist][item] = "no"
    origin = Location(str(tmp_path / "long.yaml"))
    found = certify(RawRecord(record, origin, lambda path: origin), shipped, tmp_path / "l.pdf")
    assert found.result.verdict is Verdict.FAIL
    assert len([i for i in found.result.items if i.outcome.value == "fail"]) >= 8
    assert re.search(r"^Pages: +1$", tool("pdfinfo", found.path), re.MULTILINE)
    tool("pdftoppm", "-r", "200", "-png", "-singlefile", found.path, tmp_path / "l")
    decoded = tool("zbarimg", "-q", tmp_path / "l.png").splitlines()
    assert sorted(decoded) == [
        f"CODE-128:{record['sku']}",
        f"QR-Code:{found.payload.certificate_id} sha256:{found.payload.digest}",
    ]


# --- Chinese -----------------------------------------------------------------------------------


def test_a_chinese_fail_certificate(chinese: Callable[[str], Issued]) -> None:
    found = chinese("vase-30-fail.yaml")
    text = found.text
    for expected in (
        "包装与质检证书",
        "FAIL 不合格",
        "不合格项：请先整改",
        "包装结构",
        "跌落测试",
        "抗压测试",
        "检验员",
        "位置",
        "玻璃花瓶 Glass Vase 30cm",
        "（DT-5）",
    ):
        assert expected in text, expected
    assert re.search(r"DT-1 +跌落表面 .*其他", text)
    assert re.search(r"位置 +第 ?1 ?次 +第 ?2 ?次 +第 ?3 ?次", text)  # the drop grid
    assert re.search(r"\s不合格\s*$", text, re.MULTILINE)  # an item's result
    assert "Packaging & QA certificate" not in text
    assert "Failed items" not in text
    names = {row.split()[0].split("+")[-1] for row in fonts_of(found.path)}
    assert names == {"NotoSansSC-Bold", "NotoSansSC-Regular"}
    assert all(row.split()[-5] == "yes" for row in fonts_of(found.path))


def test_a_chinese_pass_certificate(chinese: Callable[[str], Issued]) -> None:
    found = chinese("earbuds-pass.yaml")
    text = found.text
    assert "PASS 合格" in text
    assert "包装与质检证书" in text
    assert re.search(r"\s合格\s*$", text, re.MULTILINE)  # an item's result
    assert "不合格" not in text
    assert "李娜" in text and "无线蓝牙耳机 Wireless Earbuds" in text
    assert all(row.split()[-5] == "yes" for row in fonts_of(found.path))


def test_not_applicable_items_in_chinese(chinese: Callable[[str], Issued]) -> None:
    text = chinese("kettle-17-fail.yaml").text
    assert re.search(r"PK-5 .*—\s+不适用", text)


# --- determinism and dates ---------------------------------------------------------------------


def test_rendering_is_deterministic_and_dated_by_the_issue_time(
    certificates: dict[str, Issued],
) -> None:
    found = certificates["TWS-EB-001"]
    origin = Location("again")
    first = found.path.read_bytes()
    assert render(found.payload, origin).pdf == first
    same_moment = build_payload(
        found.result,
        (),
        datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=8))),
        "en",
    )
    assert render(same_moment, origin).pdf == first
    later = build_payload(found.result, (), datetime(2026, 11, 24, tzinfo=UTC), "en")
    assert later.digest != found.payload.digest
    assert render(later, origin).pdf != first
    info = tool("pdfinfo", "-isodates", found.path)
    assert re.search(r"^CreationDate: +2026-11-23T01:00:00Z$", info, re.MULTILINE), info
    assert re.search(r"^ModDate: +2026-11-23T01:00:00Z$", info, re.MULTILINE), info


# --- the drop grid, photos, attachment --------------------------------------------------------


def grid(text: str) -> dict[str, list[str]]:
    return {
        line.split()[0]: line.split()[1:4]
        for line in text.splitlines()
        if line.split()[:1] in (["Corner"], ["Edge"], ["Face"])
    }


def test_the_drops_are_a_grid_of_positions_by_drops(certificates: dict[str, Issued]) -> None:
    found = certificates["HUMID-2L"]
    drops = found.payload.record["answers"]["drop-test"]["drops"]
    assert drops[7] == "damaged"  # the second face drop
    assert re.search(r"Position +Drop 1 +Drop 2 +Drop 3", found.text)
    assert grid(found.text) == {
        "Corner": ["Intact", "Intact", "Intact"],
        "Edge": ["Intact", "Intact", "Intact"],
        "Face": ["Intact", "Damaged", "Intact"],
    }
    assert "Drop surface: Smooth concrete floor" in found.text
    passing = certificates["TWS-EB-001"].text
    assert re.search(r"Position +Drop 1 +Drop 2 +Drop 3", passing)
    assert grid(passing) == {name: ["Intact"] * 3 for name in ("Corner", "Edge", "Face")}
    assert "Damaged" not in passing


def test_photos_are_shown_with_their_names(certificates: dict[str, Issued]) -> None:
    found = certificates["LAMP-220"]
    assert [p.name for p in found.payload.photos] == [
        "photos/LAMP-220-stack.jpg",
        "photos/LAMP-220-drop-corner.jpg",
    ]
    images = tool("pdfimages", "-list", found.path).splitlines()[2:]
    assert len(images) == 2
    assert all(row.split()[2] == "image" for row in images), images
    assert "Photos" in found.text
    assert "photos/LAMP-220-stack.jpg" in found.text
    assert "photos/LAMP-220-drop-corner.jpg" in found.text
    no_photos = certificates["TWS-EB-001"]
    assert tool("pdfimages", "-list", no_photos.path).splitlines()[2:] == []


def test_the_record_is_attached(certificates: dict[str, Issued]) -> None:
    for sku in ("KETTLE-1.7", "LAMP-220"):
        found = certificates[sku]
        document = json.loads(PdfReader(found.path).attachments[ATTACHMENT_NAME][0])
        assert document["format"] == "qa-check/certificate@2"
        assert document["record"]["sku"] == sku
        assert document["record"] == found.payload.record
        assert document["digest"] == f"sha256:{found.payload.digest}"
        assert len(document["photos"]) == len(found.payload.photos)


# --- what cannot be drawn ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sku", "杯子-01", r"Code 128 cannot encode '杯' \(U\+676F\), '子' \(U\+5B50\)"),
        ("product_name", "Mug \U0001f600", r"font cannot show '\U0001f600' \(U\+1F600\)"),
        ("product_name", "杯\U00020000", r"font cannot show '\U00020000' \(U\+20000\)"),
        ("applicant", "Shop \U0001f600", r"font cannot show '\U0001f600' \(U\+1F600\)"),
        ("model", "DL\U00020000", r"font cannot show '\U00020000' \(U\+20000\)"),
        ("inspector", "\U00020000", r"font cannot show .*U\+20000"),
    ],
)
def test_what_cannot_be_drawn_is_found_by_judging_already(
    shipped: Registry, record: dict[str, Any], field: str, value: str, message: str
) -> None:
    record[field] = value
    origin = Location("r.yaml", 1)
    result = judge(RawRecord(record, origin, lambda path: origin.at(field=dotted(path))), shipped)
    assert result.verdict is Verdict.INVALID  # validate says what certify would refuse
    assert [problem.location.field for problem in result.problems] == [field]
    assert re.search(message, result.problems[0].message)


def test_a_sku_too_long_to_scan_is_an_error_naming_it(
    shipped: Registry, record: dict[str, Any]
) -> None:
    record = with_sku(record, "SKU-" + "9Z" * 40)
    origin = Location("r.yaml", 1)
    result = judge(RawRecord(record, origin, lambda path: origin), shipped, explain=True)
    assert result.verdict is Verdict.PASS  # the record itself is fine
    too_long = "84 characters is too long for a Code 128"
    with pytest.raises(CertificateError, match=too_long) as caught:
        render(build_payload(result, (), ISSUED, "en"), origin)
    assert [problem.location.field for problem in caught.value.problems] == ["sku"]


def test_certify_writes_no_pdf_for_what_cannot_be_drawn(tmp_path: Path) -> None:
    for name, field, value, message in (
        ("sku.yaml", "sku", "杯子-01", "Code 128 cannot encode '杯'"),
        ("name.yaml", "product_name", "Mug \U0001f600", "U+1F600"),
    ):
        data = yaml.safe_load((EXAMPLES / "earbuds-pass.yaml").read_text("utf-8"))
        data[field] = value
        source = tmp_path / name
        source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        out = tmp_path / f"out-{name}"
        done = subprocess.run(
            [sys.executable, "-m", "qa_check", "certify", source, "--out", out],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        assert done.returncode == 2, done.stdout + done.stderr
        assert message in done.stdout + done.stderr
        assert f"[{field}]" in done.stdout + done.stderr
        assert list(out.rglob("*.pdf")) == []
