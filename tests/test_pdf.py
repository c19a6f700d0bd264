"""Certificates read back with real tools: poppler's pdftotext, pdffonts, pdfinfo, pdfimages,
pdftoppm, and zbarimg decoding the QR code and the barcode from the rendered page."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from pypdf import PdfReader

from conftest import CHECKLISTS, ROOT
from qa_check.certificate import ATTACHMENT_NAME, Payload, build_payload, load_photos
from qa_check.checklists import Registry, load_registry
from qa_check.errors import CertificateError, Location
from qa_check.pdf import render
from qa_check.records import read_records, record_files
from qa_check.validate import RawRecord, Verdict, judge

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


class Issued(NamedTuple):
    path: Path
    payload: Payload
    text: str


def tool(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return load_registry([CHECKLISTS])


@pytest.fixture(scope="module")
def issue(shipped: Registry, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Certify one example (judged as ``certify`` does), once per module, and read it back."""
    folder = tmp_path_factory.mktemp("certificates")
    done: dict[tuple[str, str], Issued] = {}

    def run(example: str, lang: str = "en") -> Issued:
        if (example, lang) not in done:
            raw = next(read_records([ROOT / "examples" / example], shipped, "utf-8"))
            assert isinstance(raw, RawRecord)
            result = judge(raw, shipped, explain=True)
            payload = build_payload(result, load_photos(result), ISSUED, lang)
            path = folder / f"{example}.{lang}.pdf"
            path.write_bytes(render(payload, result.location).pdf)
            done[example, lang] = Issued(path, payload, tool("pdftotext", "-layout", path, "-"))
        return done[example, lang]

    return run


def test_the_page_says_who_what_when_and_the_verdict(issue: Any) -> None:
    found = issue("earbuds-pass.yaml")
    text = found.text
    for expected in (
        "PASS",
        "TWS-EB-001",
        "无线蓝牙耳机 Wireless Earbuds",
        "李娜",
        "Shenzhen WH-2",
        "2026-11-20 10:15 +08:00",
        "gross weight 0.45 kg; package 18 x 12 x 6 cm",
        "packaging-stack@1, label-placement@1, drop-test@1, compression-test@1",
        found.payload.certificate_id,
        found.payload.digest,
        "2026-11-23 01:00 UTC",
        "Void as soon as the product, its packaging materials, dimensions or weight change",
        "(DT-5)",
    ):
        assert expected in text, expected
    assert "FAIL" not in text


def test_every_rule_id_of_the_checklists_is_printed(issue: Any, shipped: Registry) -> None:
    text = issue("earbuds-pass.yaml").text
    rules = {item.item.rule for checklist in shipped for item in checklist.items}
    assert len(rules) == 20
    assert [rule for rule in sorted(rules) if rule not in text] == []


def test_a_fail_lists_failed_items_with_actions_first(issue: Any) -> None:
    text = issue("kettle-17-fail.yaml").text
    failed = text.index("Failed items: fix these first")
    assert failed < text.index("Packaging stack")
    first_rows = text[failed : text.index("Packaging stack")]
    assert re.search(
        r"CP-2 +Applied load +>= 43\.2 kg.*12 kg +Repeat the test with at least", first_rows
    )
    assert re.search(
        r"CP-2 +Load hold time +>= 60 min +30 min +Repeat the test and hold", first_rows
    )
    assert re.search(r"CP-2 +Applied load .* fail", text[text.index("Compression test") :])


def test_fonts_are_embedded_and_nothing_else_is_used(issue: Any) -> None:
    for example, lang in (("earbuds-pass.yaml", "en"), ("vase-30-fail.yaml", "zh")):
        rows = tool("pdffonts", issue(example, lang).path).splitlines()[2:]
        names = {row.split()[0].split("+")[1] for row in rows}  # a subset per 256 glyphs
        assert names == {"NotoSansSC-Bold", "NotoSansSC-Regular"}
        assert all(row.split()[-5] == "yes" for row in rows), rows  # the emb column


def every_judged_example(shipped: Registry) -> list[RawRecord]:
    files = record_files([ROOT / "examples"])
    found = [raw for raw in read_records(files, shipped, "utf-8") if isinstance(raw, RawRecord)]
    return [raw for raw in found if judge(raw, shipped).verdict is not Verdict.INVALID]


def test_every_example_fits_on_one_page(shipped: Registry, tmp_path: Path) -> None:
    examples = every_judged_example(shipped)
    assert len(examples) == 14
    for number, raw in enumerate(examples):
        result = judge(raw, shipped, explain=True)
        payload = build_payload(result, load_photos(result), ISSUED, "en")
        path = tmp_path / f"{number}.pdf"
        path.write_bytes(render(payload, result.location).pdf)
        assert "Pages:           1\n" in tool("pdfinfo", path), raw.origin


def test_a_long_name_still_fits_on_one_page(
    shipped: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    record["product_name"] = ("超长的产品名称 Very long product name " * 9)[:300]
    origin = Location(str(tmp_path / "long.yaml"))
    result = judge(RawRecord(record, origin, lambda path: origin), shipped, explain=True)
    path = tmp_path / "long.pdf"
    path.write_bytes(render(build_payload(result, (), ISSUED, "en"), origin).pdf)
    assert "Pages:           1\n" in tool("pdfinfo", path)


def test_the_qr_code_and_barcode_decode_to_the_record(issue: Any, tmp_path: Path) -> None:
    for example in ("earbuds-pass.yaml", "kettle-17-fail.yaml"):
        found = issue(example)
        image = tmp_path / example
        tool("pdftoppm", "-r", "200", "-png", "-singlefile", found.path, image)
        decoded = tool("zbarimg", "-q", f"{image}.png").splitlines()
        sku = found.payload.record["sku"]
        assert sorted(decoded) == sorted(
            [
                f"QR-Code:{found.payload.certificate_id} sha256:{found.payload.digest}",
                f"CODE-128:{sku}",
            ]
        )


def test_a_chinese_certificate(issue: Any) -> None:
    text = issue("vase-30-fail.yaml", "zh").text
    for expected in ("包装与质检证书", "FAIL 不合格", "不合格项：请先整改", "跌落测试", "抗压测试"):
        assert expected in text, expected
    assert re.search(r"DT-1 +跌落表面 .*其他", text)
    assert "玻璃花瓶 Glass Vase 30cm" in text


def test_rendering_is_deterministic_and_dated_by_the_issue_time(issue: Any) -> None:
    found = issue("earbuds-pass.yaml")
    origin = Location("again")
    assert render(found.payload, origin).pdf == found.path.read_bytes()
    later = Payload(
        found.payload.record,
        found.payload.checklists,
        found.payload.photos,
        datetime(2026, 11, 24, tzinfo=UTC),
        "en",
    )
    assert render(later, origin).pdf != found.path.read_bytes()
    info = PdfReader(found.path).metadata
    assert info is not None
    assert str(info["/CreationDate"]).startswith("D:20261123010000+00'00'")


def test_the_drops_are_a_grid_of_positions_by_drops(issue: Any) -> None:
    text = issue("humidifier-2l-fail.yaml").text
    assert re.search(r"Position +Drop 1 +Drop 2 +Drop 3", text)
    rows = {
        line.split()[0]: line.split()[1:4]
        for line in text.splitlines()
        if line.split()[:1] in (["Corner"], ["Edge"], ["Face"])
    }
    assert sorted(rows) == ["Corner", "Edge", "Face"]
    assert any("Damaged" in cells for cells in rows.values())
    assert "Drop surface: Smooth concrete floor" in text


def test_photos_are_shown_with_their_names(issue: Any) -> None:
    found = issue("lamp-220-pass.yaml")
    images = tool("pdfimages", "-list", found.path).splitlines()[2:]
    assert len(images) == 2
    assert "photos/LAMP-220-stack.jpg" in found.text
    assert "photos/LAMP-220-drop-corner.jpg" in found.text


def test_the_record_is_attached(issue: Any) -> None:
    found = issue("kettle-17-fail.yaml")
    document = json.loads(PdfReader(found.path).attachments[ATTACHMENT_NAME][0])
    assert document["format"] == "qa-check/certificate@1"
    assert document["record"]["sku"] == "KETTLE-1.7"
    assert document["digest"] == f"sha256:{found.payload.digest}"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sku", "杯子-01", r"Code 128 cannot encode '杯' \(U\+676F\), '子' \(U\+5B50\)"),
        ("product_name", "Mug \U0001f600", r"font cannot show '\U0001f600' \(U\+1F600\)"),
        ("inspector", "\U00020000", r"font cannot show .*U\+20000"),
    ],
)
def test_what_cannot_be_drawn_is_an_error_naming_it(
    shipped: Registry, record: dict[str, Any], field: str, value: str, message: str
) -> None:
    record[field] = value
    origin = Location("r.yaml", 1)
    result = judge(RawRecord(record, origin, lambda path: origin), shipped, explain=True)
    with pytest.raises(CertificateError, match=message) as caught:
        render(build_payload(result, (), ISSUED, "en"), origin)
    assert caught.value.problems[0].location.field == field
