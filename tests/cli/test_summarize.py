"""``qa-check summarize``, and the summary files certify writes beside its certificates."""

from __future__ import annotations

import json
import re
import subprocess
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


LATIN_WORD = re.compile(r"[A-Z]?[a-z]+[,;:.]?")
"""A word of Latin letters: ``CP-2``, ``SKU``, ``drop_height_m`` or a file name is a code."""


def _latin_sentences(text: str, names: list[str]) -> list[str]:
    """Runs of two or more Latin words (a sentence, a phrase, a heading left in English) in
    ``text``, once the names (products, sites, the issuer) are out."""
    flat = " ".join(text.split())
    for name in sorted(names, key=len, reverse=True):
        flat = flat.replace(" ".join(name.split()), " | ")
    runs: list[list[str]] = [[]]
    for token in flat.split():
        if LATIN_WORD.fullmatch(token):
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [" ".join(run) for run in runs if len(run) >= 2]


def test_certify_lang_zh_writes_a_summary_pdf_with_no_latin_sentence(
    judge_files: Callable[..., list[SkuResult]], tmp_path: Path
) -> None:
    """Done when: names, codes and units aside, every word of the Chinese summary is Chinese."""
    config = ROOT / "examples" / "qa-check.toml"
    results = judge_files(ROOT / "examples")
    names = [r.product_name or "" for r in results] + [r.record.site for r in results if r.record]
    names.append("东莞示例包装测试实验室 Dongguan Example Packaging Test Lab")
    texts = {}
    for lang in ("zh", "en"):
        out = tmp_path / lang
        done = certify(ROOT / "examples", "--lang", lang, "-o", out, "--config", config, "-q")
        assert done.exit_code == 2  # the invalid example
        texts[lang] = subprocess.run(
            ["pdftotext", "-layout", str(out / "summary.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    assert _latin_sentences(texts["zh"], names) == []
    assert "未作答" in texts["zh"] and "第 1 页，共" in texts["zh"]
    english = _latin_sentences(texts["en"], names)  # the detector finds what it should
    assert "Certification summary" in english and "Failures by rule" in english


def test_summarize_refuses_a_summary_given_twice(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = certify(ROOT / "examples", "-o", out, "-q")
    assert done.exit_code == 2
    twice = [str(out / "summary.json")] * 2
    refused = runner.invoke(app, ["summarize", *twice, "-o", str(tmp_path / "m")])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr.startswith(
        f"error: {out / 'summary.json'} [records[0]]: 15 record(s) also in {out / 'summary.json'},"
    )
    assert refused.stderr.count("\n") == 1
    assert not (tmp_path / "m").exists()


def test_summarize_speaks_the_shards_language_and_refuses_another(tmp_path: Path) -> None:
    out = tmp_path / "zh"
    assert certify(ROOT / "examples", "-o", out, "--lang", "zh", "-q").exit_code == 2
    merged = tmp_path / "m"
    done = runner.invoke(app, ["summarize", str(out / "summary.json"), "-o", str(merged)])
    assert (done.exit_code, done.stderr) == (0, "")
    assert json.loads((merged / "summary.json").read_text("utf-8"))["lang"] == "zh"
    assert "认证汇总" in _pdf_text(merged / "summary.pdf")
    asked = ["summarize", str(out / "summary.json"), "-o", str(tmp_path / "en"), "--lang", "en"]
    refused = runner.invoke(app, asked)
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"error: {out / 'summary.json'}: its words are in 'zh', not 'en': summarize with"
        " --lang zh, or certify that shard again with --lang en\n"
    )
