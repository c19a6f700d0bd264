"""The shipped examples judge as their names say, positive/negative-folder style."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from qa_check.engine.judge import SkuResult, Verdict

EXAMPLES = ROOT / "examples"
YAML_EXAMPLES = sorted(EXAMPLES.glob("*.yaml"))


def test_there_are_about_a_dozen_examples_of_every_verdict() -> None:
    suffixes = [path.stem.rsplit("-", 1)[1] for path in YAML_EXAMPLES]
    assert len(YAML_EXAMPLES) >= 10
    assert {suffix: suffixes.count(suffix) for suffix in set(suffixes)} == {
        "pass": 5,
        "fail": 5,
        "invalid": 1,
    }


@pytest.mark.parametrize("path", YAML_EXAMPLES, ids=lambda p: p.name)
def test_yaml_example_verdict_matches_its_name(
    path: Path, judge_files: Callable[..., list[SkuResult]]
) -> None:
    [result] = judge_files(path)
    assert result.verdict is Verdict(path.stem.rsplit("-", 1)[1].upper())
    if result.verdict is Verdict.FAIL:
        # Each failing example says in its second line which rules it breaks.
        comment = path.read_text("utf-8").splitlines()[1]
        assert {failure.rule for failure in result.failures} == {
            word.strip(",:") for word in comment.split() if word[:3] in ("PK-", "LB-", "DT-", "CP-")
        }


def test_the_csv_batch(judge_files: Callable[..., list[SkuResult]]) -> None:
    results = judge_files(EXAMPLES / "batch.csv")
    assert [(r.sku, r.verdict) for r in results] == [
        ("CUP-BAMBOO-4", Verdict.PASS),
        ("CHARGER-65W", Verdict.PASS),
        ("PLANTER-CER", Verdict.FAIL),
        ("LAMP-CLIP", Verdict.FAIL),
    ]
    assert [f.rule for f in results[2].failures] == ["PK-7", "DT-3"]
    assert [f.rule for f in results[3].failures] == ["CP-2"]
