"""``run --drafts`` and ``run --discard SKU`` with no terminal (issue 21, item 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import draft_held_elsewhere
from qa_check.guided import drafts

STARTED = "2026-11-23T09:41:07+08:00"


def _saved(
    results: Path, sku: str, lang: str = "en", answers: dict[str, Any] | None = None
) -> Path:
    record = {"sku": sku, "inspected_at": STARTED, "answers": answers or {}}
    path = drafts.draft_path(results, sku)
    path.parent.mkdir(parents=True, exist_ok=True)
    drafts.save(path, drafts.Draft(record, lang))
    return path


def test_drafts_lists_each_open_draft(tmp_path: Path, run_cli: Any) -> None:
    results = tmp_path / "results"
    _saved(
        results,
        "KETTLE-1.7",
        "zh",
        {"drop-test": {"surface": "concrete", "drops": ["intact", None]}},
    )
    _saved(results, "LAMP-220")
    result = run_cli("--drafts")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["SKU", "Started", "Answered", "Language"]
    assert lines[1].split() == ["KETTLE-1.7", STARTED, "2", "zh"]
    assert lines[2].split() == ["LAMP-220", STARTED, "0", "en"]
    assert lines[3] == (
        f"2 saved runs in {results}/.drafts: qa-check run --resume SKU continues one,"
        " --discard SKU removes one."
    )


def test_drafts_in_chinese_names_a_damaged_one_and_lists_the_rest(
    tmp_path: Path, run_cli: Any
) -> None:
    results = tmp_path / "results"
    _saved(results, "LAMP-220")
    (results / ".drafts" / "CUT.draft").write_text('{"format": "qa-check/draft@1"', "utf-8")
    result = run_cli("--drafts", "--lang", "zh")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["SKU", "开始时间", "已答", "语言"]
    assert "CUT" not in result.stdout.splitlines()[1]
    assert f"已损坏，未列出：{results}/.drafts/CUT.draft: " in result.stdout


def test_drafts_with_none_says_so(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli("--drafts")
    assert (result.exit_code, result.stdout) == (
        0,
        f"No saved runs in {tmp_path}/results/.drafts.\n",
    )


@pytest.mark.parametrize(
    ("args", "code", "kept", "said"),
    [
        ((), 2, True, "no terminal to confirm on: add --yes to discard the saved run of LAMP-220"),
        (("--yes",), 0, False, "Discarded the saved run of LAMP-220."),
        (("-y", "--lang", "zh"), 0, False, "已删除 LAMP-220 的已保存检验。"),
    ],
    ids=["no terminal, no --yes", "--yes", "-y in Chinese"],
)
def test_discard_removes_a_draft_only_when_confirmed(
    tmp_path: Path, run_cli: Any, args: tuple[str, ...], code: int, kept: bool, said: str
) -> None:
    path = _saved(tmp_path / "results", "LAMP-220")
    result = run_cli("--discard", "LAMP-220", *args)
    assert result.exit_code == code, result.output
    assert path.exists() is kept
    assert said in (result.stderr if code else result.stdout)
    assert "Traceback" not in result.output


def test_discard_of_no_draft_or_of_a_draft_in_use_changes_nothing(
    tmp_path: Path, run_cli: Any
) -> None:
    result = run_cli("--discard", "NOPE", "--yes")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --discard: no saved run of NOPE here")
    path = _saved(tmp_path / "results", "LAMP-220")
    with draft_held_elsewhere(tmp_path / "results", "LAMP-220"):
        result = run_cli("--discard", "LAMP-220", "--yes")
    assert result.exit_code == 2
    assert "LAMP-220 is being inspected by another run" in result.stderr
    assert path.exists()
