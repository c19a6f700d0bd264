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
from reportlab.lib import rl_accel

from conftest import CHECKLISTS, ROOT, certificates_in, with_sku
from qa_check.certificates.formats import FORMAT_ID
from qa_check.certificates.payload import (
    ATTACHMENT_NAME,
    Payload,
    SignedBy,
    build_payload,
    load_photos,
    qr_content,
)
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.certificates.site import NO_SITE, Site, read_site
from qa_check.core.errors import CertificateError, Location, dotted
from qa_check.engine.checklists import Registry, load_registry
from qa_check.engine.judge import RawRecord, SkuResult, Verdict, judge
from qa_check.records.read import read_records, record_files

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
KEY = "3F5A9C0D1E2B4A6877C1D0E9F8A7B6C5D4E3F2A1B0C9D8E7F6A5B4C3D2E1F0A9"
GROUPED_KEY = "3F5A 9C0D 1E2B 4A68 77C1 D0E9 F8A7 B6C5 D4E3 F2A1 B0C9 D8E7 F6A5 B4C3 D2E1 F0A9"
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


def certify(
    raw: RawRecord,
    registry: Registry,
    path: Path,
    lang: str = "en",
    site: Site = NO_SITE,
    signer: SignedBy | None = None,
) -> Issued:
    """Judge, build the payload and render, as ``certify`` does; write the PDF to ``path``."""
    result = judge(raw, registry, explain=True, checks=CHECKS)
    payload = build_payload(result, load_photos(result), ISSUED, lang, site, signer=signer)
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
    return [
        raw for raw in found if judge(raw, shipped, checks=CHECKS).verdict is not Verdict.INVALID
    ]


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
        "The sample meets all 30 applicable requirements.",
        "SKU TWS-EB-001",
        "无线蓝牙耳机 Wireless Earbuds",
        "李娜",
        "Shenzhen WH-2",
        "2026-11-20 10:15 +08:00",
        "gross weight 0.45 kg; package 18 x 12 x 6 cm",
        f"Certificate {found.payload.certificate_id}",
        "Issued by: not configured",
        "Void as soon as the product, its packaging materials",
        "(DT-5)",
        "Tested by: 李娜",
    ):
        assert expected in text, expected
    # the issue time in the inspection's time zone, beside the inspection time
    assert re.search(r"Issued +2026-11-23 09:00 \+08:00", text)
    assert "UTC" not in text
    # the record's digest once, the same in every language; the payload's is the QR code's
    assert text.count(found.payload.record_digest) == 1
    assert found.payload.digest not in text
    flat = " ".join(tool("pdftotext", found.path, "-").split())  # cells in reading order
    assert (
        "This test report relates only to the sample tested and shall not be reproduced except"
        " in full." in flat
    )
    assert "FAIL" not in text
    assert "Requirements not met" not in text


def test_applicant_brand_and_model_are_printed_when_given(
    certificates: dict[str, Issued], chinese: Callable[[str], Issued]
) -> None:
    applicant = "Shenzhen Brightway Trading Co., Ltd."
    for found, labels in (
        (certificates["LAMP-220"], ("Applicant", "Brand / model")),
        (chinese("lamp-220-pass.yaml"), ("申请人", "品牌 / 型号")),
    ):
        for label, value in zip(labels, (applicant, "Brightway / DL-220"), strict=True):
            assert re.search(rf"^ *{label} +{re.escape(value)}", found.text, re.MULTILINE), label
        assert found.text.index(labels[0]) < found.text.index(labels[1])
    for label in ("Applicant", "Brand", "Model"):
        assert label not in certificates["TWS-EB-001"].text


def test_every_checklist_and_every_rule_it_cites_is_printed(
    certificates: dict[str, Issued], shipped: Registry
) -> None:
    found = certificates["TWS-EB-001"]
    keys = [f"{name}@{version}" for name, version in found.payload.record["checklists"].items()]
    names = []
    cited = set()
    for key in keys:
        checklist = shipped.get(*key.split("@"))
        assert checklist is not None
        names.append(f"{checklist.checklist.title.en}, version {checklist.checklist.version}")
        cited |= {item.item.rule for item in checklist.items}
    assert " · ".join(names) in found.text  # tested against, in words
    body = found.text[found.text.index("Rule ") :]
    assert [name for name in names if re.search(rf"^{name}", body, re.MULTILINE)] == names
    assert not [key for key in keys if key in found.text]  # no internal ids
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
    failed = text.index("Requirements not met, with the corrective action")
    first_section = text.index("\nPackaging stack, version", failed)
    assert text.index("Record digest") < failed < first_section
    summary = text[failed:first_section]
    assert re.findall(r"^ *([A-Z]{2}-\d+) ", summary, re.MULTILINE) == ["CP-2", "CP-2"]
    actions = column(text, "Rule ", "\nRule ", "Corrective action")
    assert actions.startswith("Repeat the test with at least the required load.")
    assert "Repeat the test and hold the load for the full time." in actions
    required = column(text, "Rule ", "\nRule ", "Requirement")
    assert required.startswith("at least 43.2 kg")
    recorded = column(text, "Rule ", "\nRule ", "Recorded")
    assert recorded.startswith("12 kg")
    assert re.search(r"CP-2 +Applied load .* fail", text[text.index("\nCompression test") :])
    assert "The sample fails 2 of 28 applicable requirements; see the first table." in text


def test_a_pass_has_no_failed_items_section(certificates: dict[str, Issued]) -> None:
    for found in certificates.values():
        if found.result.verdict is Verdict.PASS:
            assert "Requirements not met" not in found.text, found.payload.record["sku"]
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


def test_reportlab_runs_with_its_c_accelerator() -> None:
    """``rl-accel`` (a dependency) gives the same bytes as reportlab's Python fallbacks, faster."""
    assert rl_accel._py_funcs == {}  # type: ignore[attr-defined]


def pages(path: Path) -> int:
    found = re.search(r"^Pages: +(\d+)$", tool("pdfinfo", path), re.MULTILINE)
    assert found, path
    return int(found.group(1))


def test_every_passing_example_fits_on_one_page(
    certificates: dict[str, Issued], judged: list[RawRecord]
) -> None:
    sources = {Path(raw.origin.file).name for raw in judged}
    assert "batch.csv" in sources
    assert "fan-usb-invalid.yaml" not in sources
    assert len(certificates) == len(judged) == 14
    passed = [found for found in certificates.values() if found.result.verdict is Verdict.PASS]
    assert len(passed) == 7
    assert [found.path for found in passed if pages(found.path) != 1] == []
    assert all(pages(found.path) <= 2 for found in certificates.values())


def decoded_pages(path: Path, folder: Path, dpi: int = 150) -> list[list[str]]:
    """What zbarimg reads on each page of a PDF rendered at ``dpi``, sorted per page."""
    tool("pdftoppm", "-r", str(dpi), "-png", path, folder / "page")
    images = sorted(folder.glob("page-*.png"))
    return [sorted(tool("zbarimg", "-q", image).splitlines()) for image in images]


def test_the_qr_code_and_barcode_decode_to_the_record_at_150_dpi(
    certificates: dict[str, Issued], tmp_path: Path
) -> None:
    for sku in ("TWS-EB-001", "KETTLE-1.7", "LAMP-220"):
        found = certificates[sku]
        (tmp_path / sku).mkdir()
        codes = [
            f"CODE-128:{sku}",
            f"QR-Code:{found.payload.certificate_id} SHA256:{found.payload.digest.upper()}",
        ]
        assert decoded_pages(found.path, tmp_path / sku) == [codes] * pages(found.path)


SIGNED = SignedBy("东莞示例包装测试实验室 Dongguan Example Packaging Test Lab", KEY)
VERIFY_URL = "https://qa.example.com/verify/"


@pytest.mark.parametrize(
    ("signer", "verify_url", "lang", "qr"),
    [
        pytest.param(None, None, "en", "{id} SHA256:{digest}", id="unsigned"),
        pytest.param(SIGNED, None, "zh", "{id} SHA256:{digest} KEY:3F5A9C0D1E2B4A68", id="signed"),
        pytest.param(
            SIGNED, VERIFY_URL, "en+zh", "https://qa.example.com/verify/c/{id}/", id="verify_url"
        ),
        pytest.param(
            None,
            "http://10.0.0.7:8080/" + "q" * 59,  # the longest address the configuration takes
            "en",
            "http://10.0.0.7:8080/" + "q" * 59 + "/c/{id}/",
            id="the longest verify_url",
        ),
    ],
)
def test_the_qr_code_holds_the_id_and_digest_the_key_or_the_verification_address(
    shipped: Registry,
    tmp_path: Path,
    signer: SignedBy | None,
    verify_url: str | None,
    lang: str,
    qr: str,
) -> None:
    """Each decodes from every page rendered at 150 dpi, the QR code at its fixed size."""
    raw = next(read_records([EXAMPLES / "kettle-17-fail.yaml"], shipped, "utf-8"))
    assert isinstance(raw, RawRecord)
    site = Site(verify_url=verify_url)
    found = certify(raw, shipped, tmp_path / "qr.pdf", lang, site, signer)
    payload = found.payload
    expected = qr.format(id=payload.certificate_id, digest=payload.digest.upper())
    assert qr_content(payload) == expected
    codes = ["CODE-128:KETTLE-1.7", f"QR-Code:{expected}"]
    assert decoded_pages(found.path, tmp_path) == [codes] * pages(found.path) == [codes] * 2


def test_the_footer_says_how_to_check_the_certificate(shipped: Registry, tmp_path: Path) -> None:
    raw = next(read_records([EXAMPLES / "lamp-220-pass.yaml"], shipped, "utf-8"))
    assert isinstance(raw, RawRecord)
    flat: dict[str, str] = {}
    for name, site, signer, lang in (
        ("plain", NO_SITE, None, "en"),
        ("signed", NO_SITE, SIGNED, "en"),
        ("online", Site(verify_url=VERIFY_URL), None, "en+zh"),
    ):
        found = certify(raw, shipped, tmp_path / f"{name}.pdf", lang, site, signer)
        flat[name] = " ".join(found.text.split())
    assert (
        "Check it with: qa-check verify <this file>. The QR code holds the certificate id and"
        " the SHA-256 digest of all this PDF embeds." in flat["plain"]
    )
    assert (
        "the SHA-256 digest of all this PDF embeds and the signing key's first digits."
        in flat["signed"]
    )
    online = found.payload.certificate_id
    assert (
        "Check it at the address below, which the QR code holds, or with: qa-check verify"
        " <this file>. 核验方法：访问下方网址（即二维码内容），或运行 qa-check verify <本文件>。"
        f" https://qa.example.com/verify/c/{online}/"
    ) in flat["online"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_signed_page_names_the_signer_and_the_key_under_the_issuer(
    certificates: dict[str, Issued], shipped: Registry, tmp_path: Path, lang: str
) -> None:
    raw = next(read_records([EXAMPLES / "lamp-220-pass.yaml"], shipped, "utf-8"))
    assert isinstance(raw, RawRecord)
    site = read_site(EXAMPLES / "qa-check.toml")
    found = certify(raw, shipped, tmp_path / "signed.pdf", lang, site, SIGNED)
    assert pages(found.path) == 1  # the fullest example, signed, still fits one page
    flat = " ".join(tool("pdftotext", found.path, "-").split())  # cells in reading order
    name = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"
    line = {
        "en": f"Digitally signed by {name} · key {GROUPED_KEY}",
        "zh": f"由 {name} 数字签名 · 密钥 {GROUPED_KEY}",
    }[lang]
    assert line in flat
    details = "Lab registration no. DG-QA-0001 (example)"
    assert flat.index(details) < flat.index(line) < flat.index("SHA-256 ")  # under the issuer
    assert min(min(page) for page in font_sizes(found.path)) >= 8.0
    unsigned = certificates["LAMP-220"].text
    assert "signed by" not in unsigned and "key 3F5A" not in unsigned


def test_a_bilingual_signed_page_names_the_signer_in_both_languages(
    shipped: Registry, tmp_path: Path
) -> None:
    raw = next(read_records([EXAMPLES / "kettle-17-fail.yaml"], shipped, "utf-8"))
    assert isinstance(raw, RawRecord)
    signer = SignedBy("Lab 1", KEY)
    found = certify(raw, shipped, tmp_path / "both.pdf", "en+zh", signer=signer)
    flat = " ".join(tool("pdftotext", found.path, "-").split())
    assert f"not configured 未配置 Digitally signed by Lab 1 · key {GROUPED_KEY}" in flat
    assert f"由 Lab 1 数字签名 · 密钥 {GROUPED_KEY}" in flat


def font_sizes(path: Path) -> list[list[float]]:
    """The size of every piece of text drawn, page by page, in points as printed."""
    sizes: list[list[float]] = []
    for page in PdfReader(path).pages:
        found: list[float] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: Any,
            size: float,
            found: list[float] = found,
        ) -> None:
            if text.strip():
                a, b, c, d = (
                    tm[0] * cm[0] + tm[1] * cm[2],
                    tm[0] * cm[1] + tm[1] * cm[3],
                    tm[2] * cm[0] + tm[3] * cm[2],
                    tm[2] * cm[1] + tm[3] * cm[3],
                )
                found.append(size * abs(a * d - b * c) ** 0.5)

        page.extract_text(visitor_text=visit)
        sizes.append(found)
    return sizes


def test_the_fullest_record_flows_onto_more_pages_in_type_that_never_shrinks(
    shipped: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    """Long names, every item failed, drops damaged: more pages, never smaller type."""
    record["product_name"] = ("超长的产品名称 Very long product name " * 9)[:300]
    record["applicant"] = ("超长的申请人名称 Very long applicant name " * 9)[:300]
    record.update(brand="B" * 100, model="M" * 100)
    record["sku"] = "LONG-SKU-" + "X" * 21  # 30 characters: bars of 0.43 mm, 2.5 px at 150 dpi
    record["answers"]["label-placement"]["barcode_scan"] = record["sku"]
    record["answers"]["drop-test"]["drops"] = ["damaged"] * 9
    (tmp_path / "photos").mkdir()
    for name in ("LAMP-220-stack.jpg", "LAMP-220-drop-corner.jpg"):
        (tmp_path / "photos" / name).write_bytes((EXAMPLES / "photos" / name).read_bytes())
    record["photos"] = [f"photos/LAMP-220-{name}.jpg" for name in ("stack", "drop-corner")] * 3
    for checklist in ("packaging-stack", "label-placement", "compression-test", "drop-test"):
        for item, value in record["answers"][checklist].items():
            if value == "yes":
                record["answers"][checklist][item] = "no"
    origin = Location(str(tmp_path / "long.yaml"))
    found = certify(RawRecord(record, origin, lambda path: origin), shipped, tmp_path / "l.pdf")
    assert found.result.verdict is Verdict.FAIL
    failed = len([i for i in found.result.items if i.outcome.value == "fail"])
    assert failed >= 18
    assert len(found.payload.photos) == 6
    count = pages(found.path)
    assert count >= 3
    sizes = font_sizes(found.path)
    assert len(sizes) == count
    assert min(min(page) for page in sizes) >= 8.0  # the fullest page included
    for number in range(1, count + 1):
        page = tool("pdftotext", "-layout", "-f", str(number), "-l", str(number), found.path, "-")
        for header in ("FAIL", f"SKU {record['sku']}", found.payload.certificate_id):
            assert header in page, (number, header)
        assert f"Page {number} of {count}" in page
    codes = [
        f"CODE-128:{record['sku']}",
        f"QR-Code:{found.payload.certificate_id} SHA256:{found.payload.digest.upper()}",
    ]
    assert decoded_pages(found.path, tmp_path) == [codes] * count


# --- Chinese -----------------------------------------------------------------------------------


def test_a_chinese_fail_certificate(chinese: Callable[[str], Issued]) -> None:
    found = chinese("vase-30-fail.yaml")
    text = found.text
    for expected in (
        "包装与质检证书",
        "FAIL 不合格",
        "不符合项及整改措施",
        "包装结构",
        "跌落测试",
        "抗压测试",
        "检验员",
        "位置",
        "玻璃花瓶 Glass Vase 30cm",
        "不可用于上架：本报告记录的是不合格结果",
    ):
        assert expected in text, expected
    assert re.search(r"DT-1 +跌落表面 .*其他", text)
    assert re.search(r"位置 +角 ?第 ?1 ?次 +角 ?第 ?2 ?次 +角 ?第 ?3 ?次", text)  # the drop grid
    assert re.search(r"\s不合格\s*$", text, re.MULTILINE)  # an item's result
    assert "Packaging & QA certificate" not in text
    assert "Requirements not met" not in text
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
    assert re.search(r"^ *不适用.*：.*PK-5 入泡沫前套OPP袋", text, re.MULTILINE)


def test_the_site_configuration_names_the_issuer_and_the_approver(
    certificates: dict[str, Issued], shipped: Registry, tmp_path: Path
) -> None:
    raw = next(read_records([EXAMPLES / "lamp-220-pass.yaml"], shipped, "utf-8"))
    assert isinstance(raw, RawRecord)
    site = read_site(EXAMPLES / "qa-check.toml")
    assert site.issuer is not None and site.issuer.logo is not None
    found = certify(raw, shipped, tmp_path / "site.pdf", site=site)
    assert pages(found.path) == 1  # still one page with everything configured
    flat = " ".join(tool("pdftotext", found.path, "-").split())  # cells in reading order
    assert "Issued by: 东莞示例包装测试实验室 Dongguan Example" in flat
    assert "Building 3, 18 Industrial Road" in flat
    assert "Lab registration no. DG-QA-0001 (example)" in flat
    assert "Tested by: 王芳" in flat
    assert "Approved by: 王芳 Wang Fang, QA manager" in flat
    assert "signature or stamp" not in flat
    assert "not configured" not in flat
    images = tool("pdfimages", "-list", found.path).splitlines()[2:]
    assert len(images) == 3  # the logo and the two photos
    assert found.payload.certificate_id != certificates["LAMP-220"].payload.certificate_id
    unconfigured = " ".join(certificates["LAMP-220"].text.split())
    assert "Issued by: not configured" in unconfigured
    assert "Approved by" not in unconfigured
    assert min(min(page) for page in font_sizes(found.path)) >= 8.0


def test_a_bilingual_certificate_says_everything_in_both_languages(
    certificates: dict[str, Issued], shipped: Registry, tmp_path: Path
) -> None:
    english = certificates["KETTLE-1.7"]
    raw = next(read_records([EXAMPLES / "kettle-17-fail.yaml"], shipped, "utf-8"))
    assert isinstance(raw, RawRecord)
    found = certify(raw, shipped, tmp_path / "both.pdf", "en+zh")
    assert found.payload.certificate_id == english.payload.certificate_id
    text = " ".join(tool("pdftotext", found.path, "-").split())  # cells in reading order
    for en, zh in (
        ("Packaging & QA certificate", "包装与质检证书"),
        ("The sample fails 2 of 28 applicable", "样品有 2 项不符合"),
        ("Requirements not met, with the corrective action", "不符合项及整改措施"),
        ("Applied load", "施加载荷"),
        ("Repeat the test with at least the required load.", "以不低于规定的载荷重新测试。"),
        ("Corner 1", "角 第 1 次"),
        ("Not for listing: this report records a failure", "该产品不得凭本报告上架销售。"),
        ("Tested by: 王芳", "检测人：王芳"),
    ):
        assert en in text, en
        assert zh.replace(" ", "") in text.replace(" ", ""), zh
    assert "FAIL 不合格" in text
    assert min(min(page) for page in font_sizes(found.path)) >= 8.0
    codes = [
        "CODE-128:KETTLE-1.7",
        f"QR-Code:{found.payload.certificate_id} SHA256:{found.payload.digest.upper()}",
    ]
    assert decoded_pages(found.path, tmp_path) == [codes] * pages(found.path)


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


def grid(text: str) -> list[tuple[str, str]]:
    """The drop grid as (position and drop, recorded value) pairs, in page order."""
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if line.split()[:1] == ["Position"])
    names = re.findall(r"\S+ \d+", lines[head].split(maxsplit=1)[1])
    values = lines[head + 1].split()[1:]
    assert lines[head + 1].split()[0] == "Recorded"
    return list(zip(names, values, strict=True))


def test_the_drops_are_a_grid_of_positions_by_drops(certificates: dict[str, Issued]) -> None:
    found = certificates["HUMID-2L"]
    drops = found.payload.record["answers"]["drop-test"]["drops"]
    assert drops[7] == "damaged"  # the second face drop
    positions = [f"{name} {n}" for name in ("Corner", "Edge", "Face") for n in (1, 2, 3)]
    assert grid(found.text) == [
        (name, "Damaged" if name == "Face 2" else "Intact") for name in positions
    ]
    passing = certificates["TWS-EB-001"].text
    assert grid(passing) == [(name, "Intact") for name in positions]
    assert "Damaged" not in passing


def test_photos_are_shown_with_their_captions_else_their_number(
    certificates: dict[str, Issued], chinese: Callable[[str], Issued]
) -> None:
    found = certificates["LAMP-220"]
    assert [p.name for p in found.payload.photos] == [
        "photos/LAMP-220-stack.jpg",
        "photos/LAMP-220-drop-corner.jpg",
    ]
    images = tool("pdfimages", "-list", found.path).splitlines()[2:]
    assert len(images) == 2
    assert all(row.split()[2] == "image" for row in images), images
    flat = " ".join(tool("pdftotext", found.path, "-").split())
    assert "Photos" in flat
    assert re.search(r"Photo 1 .*Corner drop from 1.2 m onto concrete: intact", flat)
    assert "photos/" not in flat  # no file paths
    assert "照片 1" in " ".join(chinese("lamp-220-pass.yaml").text.split())
    no_photos = certificates["TWS-EB-001"]
    assert tool("pdfimages", "-list", no_photos.path).splitlines()[2:] == []
    assert "Photo" not in no_photos.text


def test_the_record_is_attached(certificates: dict[str, Issued]) -> None:
    for sku in ("KETTLE-1.7", "LAMP-220"):
        found = certificates[sku]
        document = json.loads(PdfReader(found.path).attachments[ATTACHMENT_NAME][0])
        assert document["format"] == FORMAT_ID == "qa-check/certificate@5"
        assert document["signer"] is None
        assert document["site"]["verify_url"] is None
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
    result = judge(
        RawRecord(record, origin, lambda path: origin.at(field=dotted(path))),
        shipped,
        checks=CHECKS,
    )
    assert result.verdict is Verdict.INVALID  # validate says what certify would refuse
    assert [problem.location.field for problem in result.problems] == [field]
    assert re.search(message, result.problems[0].message)


def test_a_sku_too_long_to_scan_is_an_error_naming_it(
    shipped: Registry, record: dict[str, Any]
) -> None:
    record = with_sku(record, "SKU-" + "9Z" * 40)
    origin = Location("r.yaml", 1)
    result = judge(
        RawRecord(record, origin, lambda path: origin), shipped, explain=True, checks=CHECKS
    )
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
        assert (done.returncode, done.stderr) == (2, ""), done.stdout + done.stderr
        assert message in done.stdout
        assert f"[{field}]" in done.stdout
        assert not out.exists() or certificates_in(out) == []
