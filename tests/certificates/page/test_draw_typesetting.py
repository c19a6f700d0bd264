"""Certificates typeset as a reader of each language expects, checked on what poppler extracts.

Every example in English, Chinese and both, and the fullest record: Chinese lines break by the
usual rules, every page's header is whole, headings keep with their rows and come again on a
continued page, no page is nearly empty, a requirement never runs into the recorded value, a
FAIL has no validity and says that the product may not be listed on it.
"""

from __future__ import annotations

import copy
import re
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from reportlab.lib.pagesizes import A4
from typer.testing import CliRunner

from conftest import CHECKLISTS, PASSING_RECORD, ROOT
from qa_check.certificates.page.results import CELL_PADDING, RESULT_COLUMNS
from qa_check.certificates.page.style import FOOTER, HEADER, MARGIN, SIDE
from qa_check.certificates.payload import build_payload, load_photos
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.certificates.site import read_site
from qa_check.cli.app import app
from qa_check.core.errors import Location
from qa_check.engine.checklists import Registry, load_registry
from qa_check.engine.judge import RawRecord, Verdict, judge

EXAMPLES = ROOT / "examples"
LANGS = ("en", "zh", "en+zh")
ISSUER = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"
CLOSING_AT_LINE_START = re.compile(r"^\s*[，。；：、）」』》！？]", re.MULTILINE)
OPENING_AT_LINE_END = re.compile(r"[（「『《]\s*$", re.MULTILINE)
CHECKLIST_HEADING = re.compile(r"^\s*\S.*(?:, version \d+|（第 \d+ 版）)", re.MULTILINE)
FIRST_ROW = re.compile(r"^\s*(?:[A-Z]{2}-\d+\s|Position|位置|✓)")
"""The first line of a results row under a heading: an item's rule, a drop grid, confirmed items."""
BODY_TOP = MARGIN + HEADER
"""Where the body starts below the top of the page, at the least (a header may be taller)."""
BODY_BOTTOM = A4[1] - MARGIN - FOOTER
"""Where the footer starts, from the top of the page."""


def tool(*args: str | Path) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True)
    return done.stdout


def page_count(path: Path) -> int:
    found = re.search(r"^Pages: +(\d+)$", tool("pdfinfo", path), re.MULTILINE)
    assert found, path
    return int(found.group(1))


def page_text(path: Path, number: int, *mode: str) -> str:
    return tool("pdftotext", *mode, "-f", str(number), "-l", str(number), path, "-")


class Word(NamedTuple):
    """A word as poppler lays it out: its box in points from the page's top left, its text."""

    left: float
    top: float
    right: float
    bottom: float
    text: str


def words_by_page(path: Path) -> list[list[Word]]:
    """Every word of every page, with its box (``pdftotext -bbox``)."""
    layout = tool("pdftotext", "-bbox", path, "-")
    pages = []
    for page in layout.split("<page ")[1:]:
        found = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page,
        )
        pages.append([Word(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in found])
    return pages


def fill(words: list[Word]) -> float:
    """How far down the body the page's text reaches: 0 empty, 1 full to the footer."""
    body = [word.bottom for word in words if BODY_TOP < word.top < BODY_BOTTOM]
    return (max(body, default=BODY_TOP) - BODY_TOP) / (BODY_BOTTOM - BODY_TOP)


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Every example certified in each language, under the example site configuration."""
    issued: dict[str, list[Path]] = {}
    for lang in LANGS:
        out = tmp_path_factory.mktemp(lang.replace("+", "-"))
        done = CliRunner().invoke(
            app,
            [
                "certify",
                str(EXAMPLES),
                "--config",
                str(EXAMPLES / "qa-check.toml"),
                "--out",
                str(out),
                "--lang",
                lang,
                "--issued-at",
                "2026-11-23T09:00:00+08:00",
            ],
        )
        assert done.exit_code == 2, done.output  # one example is invalid on purpose
        issued[lang] = sorted(out.glob("*_20*.pdf"))
        assert len(issued[lang]) == 14
    return issued


@pytest.fixture(scope="module")
def fullest(shipped: Registry, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The fullest record (long names, every yes answered no, drops damaged, six photos),
    certified in a language under the example site configuration."""
    folder = tmp_path_factory.mktemp("fullest")
    (folder / "photos").mkdir()
    for name in ("LAMP-220-stack.jpg", "LAMP-220-drop-corner.jpg"):
        (folder / "photos" / name).write_bytes((EXAMPLES / "photos" / name).read_bytes())
    data = _fullest_record()
    origin = Location(str(folder / "long.yaml"))
    result = judge(RawRecord(data, origin, lambda _: origin), shipped, explain=True, checks=CHECKS)
    assert result.verdict is Verdict.FAIL
    site = read_site(EXAMPLES / "qa-check.toml")
    issued = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)

    def issue(lang: str) -> Path:
        path = folder / f"fullest-{lang}.pdf"
        if not path.exists():
            payload = build_payload(result, load_photos(result), issued, lang, site)
            path.write_bytes(render(payload, origin).pdf)
        return path

    return issue


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return load_registry([CHECKLISTS])


def _fullest_record() -> dict[str, Any]:
    record = copy.deepcopy(PASSING_RECORD)
    record["product_name"] = ("超长的产品名称 Very long product name " * 9)[:300]
    record["applicant"] = ("超长的申请人名称 Very long applicant name " * 9)[:300]
    record.update(brand="B" * 100, model="M" * 100, sku="LONG-SKU-" + "X" * 21)
    record["answers"]["label-placement"]["barcode_scan"] = record["sku"]
    record["answers"]["drop-test"]["drops"] = ["damaged"] * 9
    record["photos"] = [f"photos/LAMP-220-{name}.jpg" for name in ("stack", "drop-corner")] * 3
    for answers in record["answers"].values():
        for item, value in answers.items():
            if value == "yes":
                answers[item] = "no"
    return record


# --- Chinese line breaking and punctuation ---------------------------------------------------


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(
    examples: dict[str, list[Path]], fullest: Callable[[str], Path]
) -> None:
    paths = [*examples["zh"], *examples["en+zh"], fullest("zh"), fullest("en+zh")]
    for path in paths:
        for mode in ("-layout", "-raw"):
            text = tool("pdftotext", mode, path, "-")
            assert not CLOSING_AT_LINE_START.findall(text), (path.name, mode)
            assert not OPENING_AT_LINE_END.findall(text), (path.name, mode)


def test_chinese_text_has_chinese_punctuation(examples: dict[str, list[Path]]) -> None:
    """The page's own joins (attributes, items that do not apply) use full-width marks."""
    text = " ".join(tool("pdftotext", "-raw", path, "-") for path in examples["zh"])
    assert not re.findall(r"[\u4e00-\u9fff）] ?[,;:]|[,;:] ?[\u4e00-\u9fff]", text)
    assert "带电产品；毛重 1.6 kg；包装尺寸 24 x 18 x 26 cm" in text
    assert "不适用（缓冲材料为珍珠棉）：PK-5 入泡沫前套OPP袋；PK-6 泡沫不掉渣" in text


def test_a_requirement_never_runs_into_the_recorded_value(
    examples: dict[str, list[Path]],
) -> None:
    """Where a row has a recorded value, the requirement beside it ends 2 mm before it."""
    recorded_at = SIDE + sum(RESULT_COLUMNS[:3]) + CELL_PADDING
    result_at = SIDE + sum(RESULT_COLUMNS[:4]) + CELL_PADDING
    requirement_at = SIDE + sum(RESULT_COLUMNS[:2])
    checked = 0
    for path in [*examples["zh"], *examples["en"]]:
        for words in words_by_page(path):
            rows: dict[float, list[Word]] = {}
            for word in words:
                rows.setdefault(round(word.top), []).append(word)
            for row in rows.values():
                starts = [word.left for word in row]
                if not all(any(abs(x - at) < 1 for x in starts) for at in (recorded_at, result_at)):
                    continue  # not the first line of a results row with a value
                beside = [w for w in row if requirement_at <= w.left < recorded_at - 1]
                assert all(w.right <= recorded_at - 2 * 72 / 25.4 for w in beside), beside
                checked += len(beside)
    assert checked > 100


# --- headers, headings, pages ------------------------------------------------------------------

HEADERS = {
    "en": ("Packaging & QA certificate", f"Issued by: {ISSUER}", "Certificate QC-"),
    "zh": ("包装与质检证书", f"签发机构：{ISSUER}", "证书编号 QC-"),
    "en+zh": (
        "Packaging & QA certificate 包装与质检证书",
        f"Issued by / 签发机构：{ISSUER}",
        "Certificate / 证书编号 QC-",
    ),
}
PAGE_NUMBER = {
    "en": "Page {n} of {m}",
    "zh": "第 {n} 页，共 {m} 页",
    "en+zh": "Page {n} of {m} 第 {n} 页，共 {m} 页",
}
VERDICT = {"en": "FAIL", "zh": "FAIL 不合格", "en+zh": "FAIL 不合格"}


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_of_the_fullest_record_has_the_whole_header(
    fullest: Callable[[str], Path], lang: str
) -> None:
    path = fullest(lang)
    count = page_count(path)
    assert count >= 3
    for number in range(1, count + 1):
        flat = " ".join(page_text(path, number, "-raw").split())
        for part in (
            *HEADERS[lang],
            "SKU LONG-SKU-XXXXXXXXXXXXXXXXXXXXX",
            VERDICT[lang],
            PAGE_NUMBER[lang].format(n=number, m=count),
        ):
            assert part in flat, (lang, number, part)


def test_a_bilingual_title_breaks_between_its_languages(examples: dict[str, list[Path]]) -> None:
    for path in examples["en+zh"]:
        for number in range(1, page_count(path) + 1):
            lines = [line.strip() for line in page_text(path, number, "-raw").splitlines()]
            title = lines.index("Packaging & QA certificate")
            assert lines[title + 1] == "包装与质检证书", (path.name, number)


@pytest.mark.parametrize("lang", LANGS)
def test_headings_keep_with_their_rows_and_come_again_on_a_continued_page(
    examples: dict[str, list[Path]], fullest: Callable[[str], Path], lang: str
) -> None:
    """No page ends with a checklist's heading; a page the results go on to starts with the
    column heading and a checklist's heading, the one it continues or the next."""
    continued = 0
    for path in [*examples[lang], fullest(lang)]:
        count = page_count(path)
        for number in range(1, count + 1):
            body = _body_lines(page_text(path, number, "-layout"))
            assert not CHECKLIST_HEADING.match(body[-1]), (path.name, number, body[-1])
            if number == 1 or not re.match(
                r"\s*(Rule|规则)\s+(Item|检查项).*(Result|结果)", body[0]
            ):
                continue
            first_row = next(i for i, line in enumerate(body) if FIRST_ROW.match(line))
            assert any(CHECKLIST_HEADING.match(line) for line in body[1:first_row]), body[:5]
            continued += 1
    assert continued >= 6


def _body_lines(text: str) -> list[str]:
    """The lines between the header and the footer of a page (``pdftotext -layout``)."""
    lines = [line for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if re.search(r"^(SKU |\s+SKU )", line)) + 1
    while not lines[start].strip().startswith(("Rule", "规则", "The sample", "样品")):
        if re.search(r"Page \d+ of|第 \d+ 页", lines[start]) or "QC-" in lines[start]:
            start += 1
            continue
        break
    end = max(
        i for i, line in enumerate(lines) if line.lstrip().startswith(("Check it", "核验方法"))
    )
    return lines[start:end]


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_is_more_than_two_thirds_empty(
    examples: dict[str, list[Path]], fullest: Callable[[str], Path], lang: str
) -> None:
    """Except the last page of a long record (three pages or more)."""
    for path in [*examples[lang], fullest(lang)]:
        pages = words_by_page(path)
        long = len(pages) >= 3
        for number, words in enumerate(pages, 1):
            if long and number == len(pages):
                continue
            assert fill(words) >= 1 / 3, (path.name, number, fill(words))


# --- a FAIL is a report of a failure ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "validity", "refusal"),
    [
        ("en", "Valid until", "Not for listing: this report records a failure"),
        ("zh", "有效期至", "不可用于上架：本报告记录的是不合格结果"),
        ("en+zh", "Valid until", "不得凭本报告上架销售"),
    ],
)
def test_a_fail_has_no_validity_and_may_not_be_listed_on(
    examples: dict[str, list[Path]], lang: str, validity: str, refusal: str
) -> None:
    for path in examples[lang]:
        flat = " ".join(tool("pdftotext", "-raw", path, "-").split())
        if "_FAIL_" in path.name:
            assert validity not in flat and refusal in flat, path.name
            assert "DT-5" not in flat.split("Not applicable")[-1][-400:]  # no "void" terms
        else:
            assert validity in flat and refusal not in flat, path.name
